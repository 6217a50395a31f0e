/* wm-map-toolbar.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_MAP_TOOLBAR (wm_map_toolbar_get_type ())

G_DECLARE_FINAL_TYPE (WmMapToolbar, wm_map_toolbar, WM, MAP_TOOLBAR, GtkWidget)

/* The row over a journey's map: its children side by side (added in a
 * template as a box's are), each at its natural width, and the one set by
 * wm_map_toolbar_set_stretch() (the journey's name) taking the rest. Of two
 * alternatives, the full one (the labelled add buttons) shows only while
 * everything fits at its natural width, the name included; else the short
 * one (one "+" menu) does, and the name gets the room. The row asks for
 * the short one's natural width. */
GtkWidget *wm_map_toolbar_new              (void);
void       wm_map_toolbar_set_stretch      (WmMapToolbar *self,
                                            GtkWidget    *child);
void       wm_map_toolbar_set_alternatives (WmMapToolbar *self,
                                            GtkWidget    *full,
                                            GtkWidget    *compact);

G_END_DECLS
