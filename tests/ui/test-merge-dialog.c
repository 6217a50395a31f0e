/* test-merge-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wm-demo-private.h"
#include "wm-journey-share.h"
#include "wm-journey-transfer.h"
#include "wm-journeys-view.h"
#include "wm-merge-dialog.h"
#include "wm-presence.h"
#include "wm-test-util.h"
#include "wm-trust.h"
#include "wm-ui-test-util.h"

/* Merge a colleague's copy in the window: the conflicts are listed, one
 * choice each, and the result goes into the open project as one undo step. */

static void
iterate (void)
{
  for (guint i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static void
rename_stage (WmStore    *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (store, 1, WM_STAGE_NAME, name, &error));
  g_assert_no_error (error);
}

static WmRecord *
first_stage (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  WmRecord *stage = wm_store_get (store, WM_ENTITY_STAGE, 1, &error);

  g_assert_no_error (error);

  return stage;
}

/* The result goes into the open project, as one undo step: Ctrl+Z takes
 * the whole merge back. */
static void
test_merge_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *base_path = g_build_filename (dir, "base.waymark", NULL);
  g_autofree char *ours_path = g_build_filename (dir, "ours.waymark", NULL);
  g_autofree char *theirs_path = g_build_filename (dir, "theirs.waymark", NULL);
  g_autoptr(WmStore) base = wm_demo_create_for_language (base_path, "C", &error);
  g_autoptr(WmStore) theirs = NULL;
  g_autoptr(GFile) ours_file = g_file_new_for_path (ours_path);
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(WmRecord) stage = NULL;
  g_autoptr(WmRecord) their_stage = NULL;
  g_autofree char *their_stage_uuid = NULL;
  g_autofree char *mine_description = NULL;
  gint64 n_stages;
  WmStore *store;
  WmWindow *window;
  WmMergeDialog *dialog;
  WmMerge *merge;

  g_assert_no_error (error);
  g_assert_true (wm_store_save_copy (base, ours_path, &error));
  g_assert_true (wm_store_save_copy (base, theirs_path, &error));
  theirs = wm_store_open (theirs_path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  rename_stage (theirs, "Theirs");
  g_assert_true (wm_store_set_string (theirs, 1, WM_STAGE_DESCRIPTION, "Their words", &error));
  their_stage_uuid = g_strdup (wm_record_get_uuid (first_stage (theirs)));
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_STAGE);
    g_autoptr(WmRecord) first = first_stage (theirs);

    wm_record_set_ref (draft, WM_STAGE_JOURNEY_ID, wm_record_get_ref (first, WM_STAGE_JOURNEY_ID));
    wm_record_set_string (draft, WM_STAGE_NAME, "Their new stage");
    g_assert_cmpint (wm_store_insert (theirs, draft, &error), >, 0);
    g_clear_pointer (&their_stage_uuid, g_free);
    their_stage_uuid = g_strdup (wm_record_get_uuid (draft));
  }

  window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, ours_file, &error));
  g_assert_no_error (error);
  store = wm_window_get_store (window);
  rename_stage (store, "Mine");
  n_stages = wm_test_count (store, WM_ENTITY_STAGE);
  stage = first_stage (store);
  mine_description = g_strdup (wm_record_get_string (stage, WM_STAGE_DESCRIPTION));
  g_clear_object (&stage);

  merge = wm_merge_new (base, store, theirs, &error);
  g_assert_no_error (error);
  dialog = wm_merge_dialog_new (window, merge);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  wm_ui_test_save_screenshot (GTK_WIDGET (dialog), "merge-dialog");

  choices = wm_ui_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, FALSE);
  g_assert_cmpuint (choices->len, ==, 1);
  gtk_drop_down_set_selected (g_ptr_array_index (choices, 0), 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  iterate ();
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "merge-applied");

  /* Into the open project: the colleague's name won, both descriptions
   * came, their new stage is there; no other file was made. */
  g_assert_true (wm_window_get_store (window) == store);
  g_assert_cmpstr (wm_store_get_path (store), ==, ours_path);
  stage = first_stage (store);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Theirs");
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_DESCRIPTION), ==, "Their words");
  g_clear_object (&stage);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_STAGE), ==, n_stages + 1);
  their_stage = wm_store_find_by_uuid (store, WM_ENTITY_STAGE, their_stage_uuid, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) files = wm_test_list_dir (dir);

    for (guint i = 0; files[i] != NULL; i++)
      g_assert_null (strstr (files[i], "merged"));
  }

  /* One undo step takes it all back. */
  g_assert_true (wm_store_can_undo (store));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate ();
  stage = first_stage (store);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Mine");
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_DESCRIPTION), ==, mine_description);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_STAGE), ==, n_stages);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_object (&stage);
  g_clear_object (&their_stage);
  g_clear_object (&theirs);
  g_clear_object (&base);
  wm_test_remove_dir (dir);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* Import a Journey…: a persona name that fits two of the project's is asked
 * about; "Add as new" adds the journey's own. */
static void
test_import_journey (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *demo_path = g_build_filename (dir, "demo.waymark", NULL);
  g_autofree char *journey_path = g_build_filename (dir, "journey.waymark", NULL);
  g_autofree char *team_path = NULL;
  g_autoptr(WmStore) demo = wm_demo_create_for_language (demo_path, "C", &error);
  g_autoptr(WmStore) journey = NULL;
  g_autoptr(WmStore) team = NULL;
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GFile) team_file = NULL;
  g_autofree char *persona = NULL;
  gint64 n_personas;
  AdwMessageDialog *dialog;
  WmWindow *window;

  g_assert_no_error (error);
  g_assert_true (wm_journey_share_export (demo, wm_journey_share_find (demo, "Order online, "
                                                                       "pick up in store", NULL),
                                          journey_path, &error));
  journey = wm_store_open (journey_path, WM_STORE_OPEN_READ_ONLY, &error);
  personas = wm_store_list (journey, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, &error);
  persona = g_strdup (wm_record_get_label (g_ptr_array_index (personas, 0)));
  team = wm_test_create_store (dir, "team.waymark", &team_path);
  wm_test_insert_named (team, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, persona);
  wm_test_insert_named (team, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, persona);
  n_personas = wm_test_count (team, WM_ENTITY_PERSONA);
  g_clear_object (&team);

  window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  team_file = g_file_new_for_path (team_path);
  g_assert_true (wm_window_open_file (window, team_file, &error));
  wm_journey_transfer_import_from (window, journey);
  iterate ();

  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  wm_ui_test_save_screenshot (GTK_WIDGET (dialog), "import-journey-ambiguous");
  choices = wm_ui_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, FALSE);
  g_assert_cmpuint (choices->len, ==, 1);
  /* Two candidates, then "Add as new". */
  gtk_drop_down_set_selected (g_ptr_array_index (choices, 0), 2);
  adw_message_dialog_response (dialog, "import");
  iterate ();

  g_assert_cmpint (wm_test_count (wm_window_get_store (window), WM_ENTITY_JOURNEY), ==, 1);
  g_assert_cmpint (wm_test_count (wm_window_get_store (window), WM_ENTITY_PERSONA), ==,
                   n_personas + (gint64) personas->len);
  g_assert_true (wm_store_can_undo (wm_window_get_store (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_pointer (&personas, g_ptr_array_unref);
  g_clear_object (&journey);
  g_clear_object (&demo);
  wm_test_remove_dir (dir);
}

/* As a click on the response's button: the dialog answers, then closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

/* A journey of the demo, exported and edited elsewhere, to come back: the
 * window holds the demo (made long ago), @copy_path the edited export. */
typedef struct
{
  char     *dir;
  char     *copy_path;
  WmWindow *window;
  char     *touchpoint;    /* uuid of the one renamed in the copy */
  gint64    n_journeys;
} Exported;

static void
exported_setup (Exported *exported)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_path = NULL;
  g_autoptr(WmStore) demo = NULL;
  g_autoptr(WmStore) copy = NULL;
  g_autoptr(GFile) demo_file = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  WmRecord *touchpoint;

  exported->dir = wm_test_make_temp_dir ();
  demo_path = g_build_filename (exported->dir, "demo.waymark", NULL);
  exported->copy_path = g_build_filename (exported->dir, "journey.waymark", NULL);
  demo = wm_demo_create_for_language (demo_path, "C", &error);
  g_assert_no_error (error);
  exported->n_journeys = wm_test_count (demo, WM_ENTITY_JOURNEY);
  /* Its feeds would ask first, in a dialog of their own. */
  g_assert_true (wm_trust_set_trusted (demo, TRUE, &error));
  g_clear_object (&demo);
  wm_test_age_rows (demo_path, 1700000000);

  exported->window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (exported->window));
  demo_file = g_file_new_for_path (demo_path);
  g_assert_true (wm_window_open_file (exported->window, demo_file, &error));
  g_assert_no_error (error);
  demo = g_object_ref (wm_window_get_store (exported->window));
  g_assert_true (wm_journey_share_export (demo, wm_journey_share_find (demo, "Order online, "
                                                                       "pick up in store", NULL),
                                          exported->copy_path, &error));
  g_assert_no_error (error);

  /* The colleague renames a touchpoint. */
  copy = wm_store_open (exported->copy_path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  touchpoints = wm_store_list (copy, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0, &error);
  touchpoint = g_ptr_array_index (touchpoints, 0);
  exported->touchpoint = g_strdup (wm_record_get_uuid (touchpoint));
  g_assert_true (wm_store_set_string (copy, wm_record_get_id (touchpoint), WM_TOUCHPOINT_TITLE,
                                      "Renamed by a colleague", &error));
  g_assert_no_error (error);
}

static void
exported_teardown (Exported *exported)
{
  gtk_window_destroy (GTK_WINDOW (exported->window));
  iterate ();
  wm_test_remove_dir (exported->dir);
  g_free (exported->dir);
  g_free (exported->copy_path);
  g_free (exported->touchpoint);
}

/* The window's project holds every journey, and the colleague's rename. */
static void
assert_brought_back (Exported *exported)
{
  WmStore *store = wm_window_get_store (exported->window);
  g_autoptr(WmRecord) touchpoint = wm_store_find_by_uuid (store, WM_ENTITY_TOUCHPOINT,
                                                          exported->touchpoint, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, exported->n_journeys);
  g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE), ==,
                   "Renamed by a colleague");
  /* The toast names the journey, not a whole copy. */
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (exported->window),
                                        "Merged the changes to “Order online, pick up in "
                                        "store”"));

  /* One step back. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_object (&touchpoint);
  touchpoint = wm_store_find_by_uuid (store, WM_ENTITY_TOUCHPOINT, exported->touchpoint, NULL);
  g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE), !=,
                   "Renamed by a colleague");
}

/* Import a Journey… of a journey the project has (it was exported from
 * here): its changes are merged in, after asking, rather than refused. */
static void
test_import_journey_back (void)
{
  Exported exported = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) copy = NULL;
  AdwMessageDialog *dialog;

  exported_setup (&exported);
  copy = wm_store_open (exported.copy_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  wm_journey_transfer_import_from (exported.window, copy);
  iterate ();

  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Merge the Journey’s Changes?");
  wm_ui_test_save_screenshot (GTK_WIDGET (dialog), "import-journey-back");
  respond (dialog, "merge");
  g_assert_null (find_dialog ());
  assert_brought_back (&exported);

  g_clear_object (&copy);
  exported_teardown (&exported);
}

/* Merge a Colleague's Copy… with an exported journey: merging the whole
 * copy would delete every other journey, so it asks first; "Merge Journey"
 * merges that journey only, "Merge Whole Copy" goes on to the base. */
static void
test_merge_exported_journey (void)
{
  Exported exported = { 0 };
  g_autoptr(GFile) copy = NULL;
  AdwMessageDialog *dialog;

  exported_setup (&exported);
  copy = g_file_new_for_path (exported.copy_path);

  wm_merge_dialog_start_with (exported.window, copy);
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Merge Only the Journey?");
  wm_ui_test_save_screenshot (GTK_WIDGET (dialog), "merge-exported-journey");
  respond (dialog, "whole");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Do You Have the Copy You Both Started From?");
  respond (dialog, "cancel");
  g_assert_cmpint (wm_test_count (wm_window_get_store (exported.window), WM_ENTITY_JOURNEY), ==,
                   exported.n_journeys);

  wm_merge_dialog_start_with (exported.window, copy);
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "journey");
  g_assert_null (find_dialog ());
  assert_brought_back (&exported);

  exported_teardown (&exported);
}

/* The journey's own Export menu writes it as a project of its own, asking
 * only where: the file holds that journey, ready to come back. */
static void
test_export_journey_project (void)
{
  Exported exported = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(WmStore) written = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  GtkWidget *view;
  GtkWindow *chooser;

  exported_setup (&exported);
  path = g_build_filename (exported.dir, "Software upgrade support.waymark", NULL);
  folder = g_file_new_for_path (exported.dir);
  view = wm_ui_test_find_type (GTK_WIDGET (exported.window), WM_TYPE_JOURNEYS_VIEW);
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_activate_action (view, "journeys.export", "s", "waymark"));
  iterate ();

  /* No "which journey?": the one shown. */
  g_assert_null (find_dialog ());
  chooser = wm_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, TRUE);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Export a Journey");
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                      &error));
  g_assert_no_error (error);
  /* The chooser looks at the name it is given before it answers. */
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  for (guint i = 0; i < 100 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    wm_ui_test_wait_ms (50);

  written = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  journeys = wm_store_list (written, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (journeys->len, ==, 1);
  g_assert_cmpstr (wm_record_get_label (g_ptr_array_index (journeys, 0)), ==,
                   "Software upgrade support");

  g_clear_pointer (&journeys, g_ptr_array_unref);
  g_clear_object (&written);
  exported_teardown (&exported);
}

/* Someone else has the file open: the window says so below its name, on a
 * line of its own that a long name cannot push out of sight. */
static void
test_presence (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = wm_test_create_store (dir, "shared.waymark", &path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WmPresence) colleague = wm_presence_new (path);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean shown = FALSE;
  WmWindow *window;

  g_clear_object (&store);
  wm_presence_start (colleague, 200);
  window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, file, &error));
  while (!shown && g_get_monotonic_time () < end)
    {
      iterate ();
      shown = wm_ui_test_find_label_containing (GTK_WIDGET (window), "also open by") != NULL;
    }
  g_assert_true (shown);
  {
    GtkLabel *file_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                     WM_TYPE_WINDOW,
                                                                     "file_label"));
    const char *text = gtk_label_get_text (file_label);

    g_assert_true (g_str_has_prefix (text, "shared.waymark\nAlso open by "));
    g_assert_cmpuint (strlen (text), >, strlen ("shared.waymark\nAlso open by "));
  }

  wm_presence_stop (colleague);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
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

  g_test_add_func ("/waymark/ui/merge-dialog", test_merge_dialog);
  g_test_add_func ("/waymark/ui/import-journey", test_import_journey);
  g_test_add_func ("/waymark/ui/import-journey-back", test_import_journey_back);
  g_test_add_func ("/waymark/ui/merge-exported-journey", test_merge_exported_journey);
  g_test_add_func ("/waymark/ui/export-journey-project", test_export_journey_project);
  g_test_add_func ("/waymark/ui/presence", test_presence);

  return g_test_run ();
}
