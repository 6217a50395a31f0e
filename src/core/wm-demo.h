/* wm-demo.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Fills an empty project with the demo content in the user's language (from
 * the resource /org/waymark/Waymark/demo/demo.<lang>.json, else demo.json)
 * as one edit, then clears the undo
 * history, so the demo starts clean. KPI history ends at @now (UTC seconds;
 * pass 0 for the current time). */
gboolean  wm_demo_populate (WmStore     *store,
                            gint64       now,
                            GError     **error);
/* Creates @path and fills it with the demo. */
WmStore  *wm_demo_create   (const char  *path,
                            GError     **error);

G_END_DECLS
