/* wm-schema.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SQL that takes a file from schema version @version - 1 to @version
 * (1 … WM_SCHEMA_VERSION). Each runs in one transaction with its user_version. */
const char        *wm_schema_get_migration  (int version);
const char *const *wm_schema_get_migrations (void);

G_END_DECLS
