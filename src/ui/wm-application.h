/* wm-application.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WM_TYPE_APPLICATION (wm_application_get_type ())

G_DECLARE_FINAL_TYPE (WmApplication, wm_application, WM, APPLICATION, AdwApplication)

WmApplication *wm_application_new        (void);
/* Opens @file in a window showing no project yet, else in a new window. */
void           wm_application_open_file  (WmApplication *self,
                                          GFile         *file);
/* Opens the demo project in @window, creating it on first use. */
void           wm_application_open_demo  (WmApplication *self);

G_END_DECLS
