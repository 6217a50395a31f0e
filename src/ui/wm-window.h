/* wm-window.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-application.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_WINDOW (wm_window_get_type ())

/* The longest name the window reads (wm_store_set_text_limit()): more is
 * never shown, and wrapping labels measure long unbroken text slowly. */
#define WM_WINDOW_TEXT_LIMIT 256

G_DECLARE_FINAL_TYPE (WmWindow, wm_window, WM, WINDOW, AdwApplicationWindow)

/* @app may be NULL (tests). */
WmWindow *wm_window_new            (WmApplication *app);
/* Opens @file in this window; on failure the window keeps what it showed. */
gboolean  wm_window_open_file      (WmWindow      *self,
                                    GFile         *file,
                                    GError       **error);
/* What the user's Open does: opens @file or shows why it cannot be opened. */
gboolean  wm_window_open_file_or_report (WmWindow *self,
                                         GFile    *file);
/* Shows @store, opened or created from @file, in this window. */
void      wm_window_set_store      (WmWindow      *self,
                                    WmStore       *store,
                                    GFile         *file);
WmStore  *wm_window_get_store      (WmWindow      *self);
/* A short note at the bottom of the window. */
void      wm_window_add_toast      (WmWindow      *self,
                                    const char    *title);
/* An AdwMessageDialog saying that @file could not be opened and why. */
void      wm_window_show_open_error (WmWindow     *self,
                                     GFile        *file,
                                     const GError *error);

/* Whether this window shows the project in @file. */
gboolean  wm_window_shows_file     (WmWindow      *self,
                                    GFile         *file);

G_END_DECLS
