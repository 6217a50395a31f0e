/* test-shared-edit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "wm-test-util.h"
#include "wm-persona-editor.h"
#include "wm-touchpoint-panel.h"
#include "wm-ui-test-util.h"

/* Two people on one shared file: the touchpoint panel shows a title, the
 * colleague changes it, and an edit typed here over the old value is
 * flagged with both values instead of writing over theirs. */

typedef struct
{
  char      *dir;
  char      *path;
  WmStore   *store;     /* this window's */
  WmStore   *colleague; /* the other person's, on the same file */
  gint64     touchpoint;
  GtkWidget *window;
  GtkWidget *panel;
} Shared;

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static gboolean
shows (Shared     *shared,
       const char *text)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  collect_labels (shared->panel, labels);

  return strstr (labels->str, text) != NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
title_row (Shared *shared)
{
  return wm_ui_test_find_type (shared->panel, ADW_TYPE_ENTRY_ROW);
}

static char *
stored_title (WmStore *store,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_TOUCHPOINT, id, &error);

  g_assert_no_error (error);

  return g_strdup (wm_record_get_string (record, WM_TOUCHPOINT_TITLE));
}

static void
colleague_sets_title (Shared     *shared,
                      const char *title)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (shared->colleague, shared->touchpoint, WM_TOUCHPOINT_TITLE,
                                      title, &error));
  g_assert_no_error (error);
}

static void
shared_set_up (Shared *shared)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  gint64 journey;

  shared->dir = wm_test_make_temp_dir ();
  shared->store = wm_test_create_store (shared->dir, "shared.waymark", &shared->path);
  journey = wm_test_build_journey (shared->store, "Onboarding", 2, 1);
  touchpoints = wm_store_list (shared->store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                               journey, &error);
  shared->touchpoint = wm_record_get_id (g_ptr_array_index (touchpoints, 0));
  shared->colleague = wm_store_open (shared->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  shared->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (shared->window), 380, 760);
  shared->panel = wm_touchpoint_panel_new ();
  gtk_window_set_child (GTK_WINDOW (shared->window), shared->panel);
  gtk_window_present (GTK_WINDOW (shared->window));
  wm_touchpoint_panel_set_touchpoint (WM_TOUCHPOINT_PANEL (shared->panel), shared->store,
                                      shared->touchpoint);
  wm_ui_test_iterate ();
}

static void
shared_tear_down (Shared *shared)
{
  gtk_window_destroy (GTK_WINDOW (shared->window));
  wm_ui_test_iterate ();
  g_clear_object (&shared->colleague);
  g_clear_object (&shared->store);
  wm_test_remove_dir (shared->dir);
  g_free (shared->dir);
  g_free (shared->path);
}

/* Typed over their title before this window noticed their change: flagged;
 * "Apply Mine" writes it knowingly, and Undo brings theirs back. */
static void
test_apply_mine (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Shared shared = { 0 };

  shared_set_up (&shared);
  colleague_sets_title (&shared, "Their title");

  gtk_editable_set_text (GTK_EDITABLE (title_row (&shared)), "My title");
  wm_touchpoint_panel_flush (WM_TOUCHPOINT_PANEL (shared.panel));
  wm_ui_test_iterate ();

  title = stored_title (shared.colleague, shared.touchpoint);
  g_assert_cmpstr (title, ==, "Their title");
  g_assert_true (shows (&shared, "Theirs: Their title"));
  g_assert_true (shows (&shared, "Yours: My title"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row (&shared))), ==, "My title");
  wm_ui_test_save_screenshot (shared.window, "shared-edit-conflict");

  g_signal_emit_by_name (find_button (shared.panel, "_Apply Mine"), "clicked");
  wm_ui_test_iterate ();
  g_clear_pointer (&title, g_free);
  title = stored_title (shared.colleague, shared.touchpoint);
  g_assert_cmpstr (title, ==, "My title");
  g_assert_false (shows (&shared, "Theirs:"));

  g_assert_true (wm_store_undo (shared.store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&title, g_free);
  title = stored_title (shared.colleague, shared.touchpoint);
  g_assert_cmpstr (title, ==, "Their title");

  shared_tear_down (&shared);
}

/* Their change arrives while a title is being typed: the reload leaves the
 * typing alone, the write is flagged, "Keep Theirs" shows their title. */
static void
test_keep_theirs (void)
{
  g_autofree char *title = NULL;
  Shared shared = { 0 };

  shared_set_up (&shared);

  gtk_editable_set_text (GTK_EDITABLE (title_row (&shared)), "Typed here");
  colleague_sets_title (&shared, "Written there");
  g_assert_true (wm_store_check_external_changes (shared.store));
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row (&shared))), ==, "Typed here");

  wm_touchpoint_panel_flush (WM_TOUCHPOINT_PANEL (shared.panel));
  wm_ui_test_iterate ();
  title = stored_title (shared.store, shared.touchpoint);
  g_assert_cmpstr (title, ==, "Written there");
  g_assert_true (shows (&shared, "Yours: Typed here"));

  g_signal_emit_by_name (find_button (shared.panel, "_Keep Theirs"), "clicked");
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row (&shared))), ==,
                   "Written there");
  g_assert_false (shows (&shared, "Theirs:"));
  g_clear_pointer (&title, g_free);
  title = stored_title (shared.colleague, shared.touchpoint);
  g_assert_cmpstr (title, ==, "Written there");

  /* And the next edit, on what is now shown, just goes through. */
  gtk_editable_set_text (GTK_EDITABLE (title_row (&shared)), "Agreed title");
  wm_touchpoint_panel_flush (WM_TOUCHPOINT_PANEL (shared.panel));
  wm_ui_test_iterate ();
  g_clear_pointer (&title, g_free);
  title = stored_title (shared.colleague, shared.touchpoint);
  g_assert_cmpstr (title, ==, "Agreed title");

  shared_tear_down (&shared);
}

/* The persona editor: a name typed over the colleague's newer one is not
 * written; theirs is shown, and "Apply Mine" (the toast's button) writes
 * mine knowingly. */
static void
test_persona_editor (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = wm_test_create_store (dir, "shared.waymark", &path);
  g_autoptr(WmStore) colleague = NULL;
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(WmRecord) now = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = wm_persona_editor_new ();
  GtkWidget *name_row;
  gint64 id = wm_test_insert_named (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "Ana");

  colleague = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  persona = wm_store_get (store, WM_ENTITY_PERSONA, id, &error);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  wm_persona_editor_set_persona (WM_PERSONA_EDITOR (editor), store, persona);
  wm_ui_test_iterate ();
  name_row = wm_ui_test_find_type (editor, ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name_row)), ==, "Name");

  gtk_editable_set_text (GTK_EDITABLE (name_row), "Ana Mine");
  g_assert_true (wm_store_set_string (colleague, id, WM_PERSONA_NAME, "Ana Theirs", &error));
  wm_persona_editor_flush (WM_PERSONA_EDITOR (editor));
  wm_ui_test_iterate ();
  now = wm_store_get (store, WM_ENTITY_PERSONA, id, &error);
  g_assert_cmpstr (wm_record_get_string (now, WM_PERSONA_NAME), ==, "Ana Theirs");

  g_assert_true (gtk_widget_activate_action (editor, "editor.apply-mine", "(uxs)",
                                             WM_PERSONA_NAME, id, "Ana Mine"));
  wm_ui_test_iterate ();
  g_clear_object (&now);
  now = wm_store_get (colleague, WM_ENTITY_PERSONA, id, &error);
  g_assert_cmpstr (wm_record_get_string (now, WM_PERSONA_NAME), ==, "Ana Mine");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  g_clear_object (&persona);
  g_clear_object (&now);
  g_clear_object (&colleague);
  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the UI tests\n");
      exit (77);
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/waymark/ui/shared-edit/apply-mine", test_apply_mine);
  g_test_add_func ("/waymark/ui/shared-edit/keep-theirs", test_keep_theirs);
  g_test_add_func ("/waymark/ui/shared-edit/persona-editor", test_persona_editor);

  return g_test_run ();
}
