/* wm-demo-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* wm_demo_populate() from a given demo source instead of the built-in one,
 * so tests can feed it broken sources. On failure the project is left as it
 * was, with no undo step. */
gboolean  wm_demo_populate_from_data (WmStore  *store,
                                      GBytes   *json,
                                      gint64    now,
                                      GError  **error);

G_END_DECLS
