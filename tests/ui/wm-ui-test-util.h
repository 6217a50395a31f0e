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
/* Adds the test @path that runs @func in a WmUiTestFixture. */
void       wm_ui_test_add               (const char      *path,
                                         void           (*func) (WmUiTestFixture *fixture,
                                                                 gconstpointer    data));

/* Runs the main loop for a few frames, so idle work and layout happen. */
void       wm_ui_test_iterate    (void);
/* Runs the main loop for @ms, so that debounced work (edits written after a
 * pause, a search entry's delay) happens. */
void       wm_ui_test_wait_ms    (guint       ms);

/* Searches run depth first from @widget itself. */
/* Whether a mapped label under @widget shows exactly @text. */
gboolean   wm_ui_test_find_label (GtkWidget  *widget,
                                  const char *text);
/* Whether a label under @widget, mapped or not, has exactly @text. */
gboolean   wm_ui_test_has_label  (GtkWidget  *widget,
                                  const char *text);
/* The first label under @widget (mapped or not) whose text contains @text. */
GtkWidget *wm_ui_test_find_label_containing (GtkWidget  *widget,
                                             const char *text);
/* The first widget of @type, or NULL. */
GtkWidget *wm_ui_test_find_type  (GtkWidget  *widget,
                                  GType       type);
/* The first widget of @type named @name (gtk_widget_set_name), or NULL. */
GtkWidget *wm_ui_test_find_named (GtkWidget  *widget,
                                  GType       type,
                                  const char *name);
/* The first widget of @type with the style class @css_class, or NULL. */
GtkWidget *wm_ui_test_find_styled (GtkWidget  *widget,
                                   GType       type,
                                   const char *css_class);
/* The first preferences row of @type (AdwEntryRow, AdwActionRow …) titled @title. */
GtkWidget *wm_ui_test_find_row   (GtkWidget  *widget,
                                  GType       type,
                                  const char *title);
/* The first widget of @type whose tooltip is @tooltip, or NULL: icon
 * buttons are known by it, as a person hovering them knows them. */
GtkWidget *wm_ui_test_find_tooltip (GtkWidget  *widget,
                                    GType       type,
                                    const char *tooltip);
/* The first button labelled @label. */
GtkWidget *wm_ui_test_find_button (GtkWidget  *widget,
                                   const char *label);
/* Every widget of @type (only the mapped ones if @mapped_only), in order. */
GPtrArray *wm_ui_test_find_all   (GtkWidget  *widget,
                                  GType       type,
                                  gboolean    mapped_only);
/* The first toplevel window of @type (a dialog), or NULL; only a visible
 * one if @visible_only. */
GtkWindow *wm_ui_test_find_toplevel (GType    type,
                                     gboolean visible_only);

/* Activates @action on @widget, with a string parameter unless it is NULL,
 * and lets the window follow. */
void       wm_ui_test_activate   (GtkWidget  *widget,
                                  const char *action,
                                  const char *string_parameter);
/* Runs the shortcut that @keyval with @modifiers would reach with @focus
 * focused, as GTK routes a key press: shortcut controllers in the capture
 * phase from the window down, then in the bubble phase from @focus up; the
 * first whose action runs takes it. FALSE if none did. Of the widgets' own
 * key handlers, only the one that matters here is modelled: a focused
 * GtkTextView takes Enter with any modifier (a new line) before the bubble
 * phase. */
gboolean   wm_ui_test_press_shortcut (GtkWidget       *focus,
                                      guint            keyval,
                                      GdkModifierType  modifiers);

/* Offers @keyval with @modifiers to the key controllers @widget has in the
 * capture phase, as GTK does before the widget's own handlers (a text
 * view's, say); TRUE if one took it. */
gboolean   wm_ui_test_press_key_capture (GtkWidget       *widget,
                                         guint            keyval,
                                         GdkModifierType  modifiers);

/* What @widget draws, as its renderer draws it: one native-endian
 * 0xAARRGGBB per pixel, @width × @height of them (g_free() them). */
guint32   *wm_ui_test_render_pixels (GtkWidget *widget,
                                     int       *width,
                                     int       *height);

/* Inserts @draft (taken) into @store; returns the new row's id. */
gint64     wm_ui_test_insert     (WmStore    *store,
                                  WmRecord   *draft);
/* A draft of @entity with @name_column set to @name and, unless
 * @parent_column is WM_COLUMN_NONE, @parent_column to @parent_id. */
WmRecord  *wm_ui_test_named      (WmEntity    entity,
                                  WmColumnId  parent_column,
                                  gint64      parent_id,
                                  WmColumnId  name_column,
                                  const char *name);

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
