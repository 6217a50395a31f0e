/* wm-ui-test-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop for a few frames, so idle work and layout happen. */
void       wm_ui_test_iterate    (void);
/* Whether a mapped label under @widget shows exactly @text. */
gboolean   wm_ui_test_find_label (GtkWidget  *widget,
                                  const char *text);
/* The first descendant of @widget of @type, or NULL. */
/* Whether a mapped label's text contains @text. */
gboolean   wm_ui_test_find_label_containing (GtkWidget  *widget,
                                             const char *text);
GtkWidget *wm_ui_test_find_type  (GtkWidget  *widget,
                                  GType       type);

/* With WAYMARK_TEST_SCREENSHOTS=DIR, saves @widget as DIR/NAME.png, to look
 * at what a person would see; nothing otherwise. */
void       wm_ui_test_save_screenshot (GtkWidget  *widget,
                                       const char *name);

G_END_DECLS
