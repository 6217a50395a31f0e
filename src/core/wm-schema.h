/* wm-schema.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of every schema version: element v - 1 takes a file from version
 * v - 1 to v (1 … WM_SCHEMA_VERSION). Each runs in one transaction with its
 * user_version. */
const char *const *wm_schema_get_migrations (void);

G_END_DECLS
