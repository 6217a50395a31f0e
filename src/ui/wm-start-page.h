/* wm-start-page.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_START_PAGE (wm_start_page_get_type ())

G_DECLARE_FINAL_TYPE (WmStartPage, wm_start_page, WM, START_PAGE, GtkWidget)

/* Signal "open-file" (WmStartPage *page, GFile *file): a recent project was chosen. */

GtkWidget *wm_start_page_new (void);

G_END_DECLS
