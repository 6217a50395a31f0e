/* wm-ui-test-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"
#include "wm-window.h"

G_BEGIN_DECLS

/* GTest, GTK and libadwaita set up; without a display the program exits
 * 77, which meson counts as a skipped test. */
void       wm_ui_test_init       (int    *argc,
                                  char ***argv);

/* A temporary folder and a project path in it (not created). */
typedef struct
{
  char *dir;
  char *path;
} WmUiTestFixture;

void       wm_ui_test_fixture_set_up    (WmUiTestFixture *fixture,
                                         gconstpointer    data);
void       wm_ui_test_fixture_tear_down (WmUiTestFixture *fixture,
                                         gconstpointer    data);

/* Runs the main loop for a few frames, so idle work and layout happen. */
void       wm_ui_test_iterate    (void);
/* Whether a mapped label under @widget shows exactly @text. */
gboolean   wm_ui_test_find_label (GtkWidget  *widget,
                                  const char *text);
/* The first descendant of @widget of @type, or NULL. */
GtkWidget *wm_ui_test_find_type  (GtkWidget  *widget,
                                  GType       type);
/* The first label under @widget (mapped or not) whose text contains @text. */
GtkWidget *wm_ui_test_find_label_containing (GtkWidget  *widget,
                                             const char *text);
/* The first preferences row (entry row, action row …) under @widget titled @title. */
GtkWidget *wm_ui_test_find_row   (GtkWidget  *widget,
                                  const char *title);

/* A new window, shown at @width × @height (0: its default size), with
 * @path open in it. */
WmWindow  *wm_ui_test_open_window (const char *path,
                                   int         width,
                                   int         height);
/* Shows the window's page @name ("journeys", "personas", "kpis", "voice"). */
void       wm_ui_test_show_page  (WmWindow   *window,
                                  const char *name);

/* Another program (sqlite3) runs @sql on the project at @path; then the open
 * @store looks, as its file monitor would, and the window follows. */
void       wm_ui_test_write_elsewhere (WmStore    *store,
                                       const char *path,
                                       const char *sql);

/* With WAYMARK_TEST_SCREENSHOTS=DIR, saves @widget as DIR/NAME.png, to look
 * at what a person would see; nothing otherwise. */
void       wm_ui_test_save_screenshot (GtkWidget  *widget,
                                       const char *name);

G_END_DECLS
