/* wm-preferences-window.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WM_TYPE_PREFERENCES_WINDOW (wm_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (WmPreferencesWindow, wm_preferences_window, WM, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *wm_preferences_window_new (GtkWindow *parent);

/* Applies the "color-scheme" setting to the application's style, now and
 * whenever it changes; called once at start-up. */
void       wm_preferences_follow_color_scheme (GSettings *settings);

G_END_DECLS
