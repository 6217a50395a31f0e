/* test-ui-smoke.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "wm-demo.h"
#include "wm-journeys-view.h"
#include "wm-start-page.h"
#include "wm-test-util.h"
#include "wm-window.h"
#include "wm-ui-test-util.h"

typedef WmUiTestFixture Fixture;


static WmRecord *
draft (WmColumnId  column,
       const char *value)
{
  WmRecord *record = wm_record_new (wm_column_get_entity (column));

  wm_record_set_string (record, column, value);

  return record;
}

static WmRecord *
child (WmColumnId  parent_column,
       gint64      parent_id,
       WmColumnId  column,
       const char *value)
{
  WmRecord *record = draft (column, value);

  wm_record_set_ref (record, parent_column, parent_id);

  return record;
}

/* A small project made with the store alone, so the UI is tested whatever
 * the state of the demo content. */
static void
create_small_project (const char *path)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *journeys[] = { "Buying a bike online", "Getting a repair" };
  WmSample samples[] = { { 1700000000, 31, 0 }, { 1702600000, 42, 0 } };
  gint64 persona_id;
  gint64 kpi_id;

  store = wm_store_create (path, &error);
  g_assert_no_error (error);

  persona_id = wm_ui_test_insert (store, draft (WM_PERSONA_NAME, "Casey the Commuter"));
  {
    WmRecord *item = child (WM_PERSONA_ITEM_PERSONA_ID, persona_id, WM_PERSONA_ITEM_TEXT,
                            "Get to work without a car");

    wm_record_set_string (item, WM_PERSONA_ITEM_KIND, "goal");
    wm_ui_test_insert (store, item);
  }

  for (guint j = 0; j < G_N_ELEMENTS (journeys); j++)
    {
      gint64 journey_id = wm_ui_test_insert (store, draft (WM_JOURNEY_NAME, journeys[j]));
      gint64 stage_ids[2];
      gint64 lane_id;
      gint64 text_lane_id;
      WmRecord *record;

      stage_ids[0] = wm_ui_test_insert (store, child (WM_STAGE_JOURNEY_ID, journey_id,
                                                      WM_STAGE_NAME, "Discover"));
      stage_ids[1] = wm_ui_test_insert (store, child (WM_STAGE_JOURNEY_ID, journey_id,
                                                      WM_STAGE_NAME, "Decide"));
      lane_id = wm_ui_test_insert (store, child (WM_LANE_JOURNEY_ID, journey_id,
                                                 WM_LANE_NAME, "Touchpoints"));
      record = child (WM_LANE_JOURNEY_ID, journey_id, WM_LANE_NAME, "Thinking");
      wm_record_set_string (record, WM_LANE_KIND, "text");
      text_lane_id = wm_ui_test_insert (store, record);

      record = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);
      wm_record_set_ref (record, WM_JOURNEY_PERSONA_JOURNEY_ID, journey_id);
      wm_record_set_ref (record, WM_JOURNEY_PERSONA_PERSONA_ID, persona_id);
      wm_ui_test_insert (store, record);
      for (guint s = 0; s < G_N_ELEMENTS (stage_ids); s++)
        {
          record = child (WM_TOUCHPOINT_JOURNEY_ID, journey_id, WM_TOUCHPOINT_TITLE,
                          s == 0 ? "Sees an advert" : "Compares prices");
          wm_record_set_ref (record, WM_TOUCHPOINT_STAGE_ID, stage_ids[s]);
          wm_record_set_ref (record, WM_TOUCHPOINT_LANE_ID, lane_id);
          wm_record_set_int (record, WM_TOUCHPOINT_EMOTION, s == 0 ? 2 : -1);
          wm_record_set_boolean (record, WM_TOUCHPOINT_MOMENT_THAT_MATTERS, s == 1);
          wm_ui_test_insert (store, record);

          record = child (WM_CELL_JOURNEY_ID, journey_id, WM_CELL_TEXT, "Is this for me?");
          wm_record_set_ref (record, WM_CELL_STAGE_ID, stage_ids[s]);
          wm_record_set_ref (record, WM_CELL_LANE_ID, text_lane_id);
          wm_ui_test_insert (store, record);
        }
    }

  kpi_id = wm_ui_test_insert (store, draft (WM_KPI_NAME, "Net Promoter Score"));
  wm_store_add_samples (store, kpi_id, samples, G_N_ELEMENTS (samples), "test", &error);
  g_assert_no_error (error);
  wm_ui_test_insert (store, draft (WM_VOICE_GUIDELINE_NAME, "Friendly and plain"));
}

static void
assert_names_shown (WmWindow   *window,
                    WmEntity    entity,
                    const char *page)
{
  WmStore *store = wm_window_get_store (window);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;

  stack = ADW_VIEW_STACK (wm_ui_test_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (stack, page);
  wm_ui_test_iterate ();
  wm_ui_test_save_screenshot (GTK_WIDGET (window), page);

  records = wm_store_list (store, entity, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >, 0);
  for (guint i = 0; i < records->len; i++)
    {
      const char *name = wm_record_get_label (g_ptr_array_index (records, i));

      if (!wm_ui_test_has_label (GTK_WIDGET (window), name))
        g_error ("“%s” is not shown on the %s page", name, page);
    }
}

static void
assert_project_shown (const char *path)
{
  WmWindow *window = wm_ui_test_open_window (path, 0, 0);

  assert_names_shown (window, WM_ENTITY_JOURNEY, "journeys");
  assert_names_shown (window, WM_ENTITY_PERSONA, "personas");
  assert_names_shown (window, WM_ENTITY_KPI, "kpis");
  assert_names_shown (window, WM_ENTITY_VOICE_GUIDELINE, "voice");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = wm_demo_create (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  assert_project_shown (fixture->path);
}

static void
test_small_project (Fixture       *fixture,
                    gconstpointer  data)
{
  create_small_project (fixture->path);
  assert_project_shown (fixture->path);
}

static void
assert_open_refused (WmWindow   *window,
                     const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) expected = NULL;
  g_autoptr(WmStore) store = NULL;
  AdwMessageDialog *dialog;

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &expected);
  g_assert_null (store);
  g_assert_nonnull (expected);

  g_assert_null (ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, FALSE)));
  g_assert_false (wm_window_open_file_or_report (window, file));
  wm_ui_test_iterate ();

  dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, FALSE));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected->message));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  wm_ui_test_iterate ();
}

static void
test_open_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *random_path = g_build_filename (fixture->dir, "random.waymark", NULL);
  g_autofree char *sqlite_path = g_build_filename (fixture->dir, "plain.waymark", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  g_autoptr(GError) error = NULL;
  guint8 bytes[4096];
  sqlite3 *db = NULL;
  WmWindow *window;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (random_path, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (sqlite_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                                 "INSERT INTO notes (body) VALUES ('hello');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  window = wm_window_new (NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_iterate ();

  assert_open_refused (window, random_path);
  assert_open_refused (window, sqlite_path);

  /* The window survived and still shows the start page, with no project. */
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (wm_window_get_store (window));

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  g_assert_null (window);
}

static void
test_undo_redo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  WmWindow *window;
  WmStore *store;
  gint64 id;

  create_small_project (fixture->path);
  window = wm_ui_test_open_window (fixture->path, 0, 0);
  store = wm_window_get_store (window);

  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  id = wm_record_get_id (g_ptr_array_index (journeys, 0));
  name = g_strdup (wm_record_get_label (g_ptr_array_index (journeys, 0)));
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (window), name));
  g_assert_false (wm_store_can_undo (store));

  g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_NAME, "Renamed journey",
                                      &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (window), "Renamed journey"));
  g_assert_false (wm_ui_test_has_label (GTK_WIDGET (window), name));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (window), name));
  g_assert_false (wm_ui_test_has_label (GTK_WIDGET (window), "Renamed journey"));
  g_assert_false (wm_store_can_undo (store));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (window), "Renamed journey"));
  g_assert_false (wm_ui_test_has_label (GTK_WIDGET (window), name));

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* The map's KPI value for @name, as the canvas shows it; NULL when none. */
static const char *
map_kpi_value (GtkWidget  *view,
               const char *name)
{
  WmMapModel *model = wm_journey_canvas_get_model (wm_journeys_view_get_canvas (WM_JOURNEYS_VIEW (view)));

  for (guint i = 0; model && i < model->kpis->len; i++)
    {
      WmMapKpi *kpi = g_ptr_array_index (model->kpis, i);

      if (g_strcmp0 (kpi->name, name) == 0)
        return kpi->value_text;
    }

  return NULL;
}

/* Another program (sqlite3, a colleague's Waymark) renames a journey and
 * deletes a persona: the open window shows it within 2 s. */
static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *persona = NULL;
  WmWindow *window;
  WmStore *store;
  AdwViewStack *stack;
  gint64 start;
  gboolean shown = FALSE;
  sqlite3 *db;

  create_small_project (fixture->path);
  window = wm_ui_test_open_window (fixture->path, 0, 0);
  store = wm_window_get_store (window);
  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);

  db = wm_test_open_raw (fixture->path, TRUE);
  sql = g_strdup_printf ("UPDATE journey SET name = 'Renamed by a colleague' WHERE id = %"
                         G_GINT64_FORMAT, wm_record_get_id (g_ptr_array_index (journeys, 0)));
  wm_test_exec (db, sql);
  sqlite3_close (db);

  start = g_get_monotonic_time ();
  while (!shown && g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
      shown = wm_ui_test_has_label (GTK_WIDGET (window), "Renamed by a colleague");
    }
  g_test_message ("shown after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_true (shown);

  personas = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (personas->len, >, 0);
  persona = g_strdup (wm_record_get_label (g_ptr_array_index (personas, 0)));
  stack = ADW_VIEW_STACK (wm_ui_test_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "personas");
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (window), persona));
  db = wm_test_open_raw (fixture->path, TRUE);
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM persona WHERE id = %" G_GINT64_FORMAT,
                         wm_record_get_id (g_ptr_array_index (personas, 0)));
  wm_test_exec (db, sql);
  sqlite3_close (db);
  shown = TRUE;
  start = g_get_monotonic_time ();
  while (shown && g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
      shown = wm_ui_test_has_label (GTK_WIDGET (window), persona);
    }
  g_assert_false (shown);

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

static gboolean
wait_for_label (GtkWidget  *widget,
                const char *text,
                gboolean    shown)
{
  gint64 start = g_get_monotonic_time ();

  while (g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      if (wm_ui_test_has_label (widget, text) == shown)
        return TRUE;
      g_usleep (5000);
    }

  return wm_ui_test_has_label (widget, text) == shown;
}

/* Two windows on one file, as two colleagues would have, and a sync tool
 * that puts another version of the file in its place: each window shows
 * the others' changes within 2 s. */
static void
test_shared_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *synced = g_build_filename (fixture->dir, "synced.waymark", NULL);
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GError) error = NULL;
  WmWindow *ours, *theirs;
  WmStore *their_store;
  gint64 id;

  create_small_project (fixture->path);
  ours = wm_ui_test_open_window (fixture->path, 0, 0);
  theirs = wm_ui_test_open_window (fixture->path, 0, 0);
  their_store = wm_window_get_store (theirs);
  g_assert_true (wm_window_get_store (ours) != their_store);

  journeys = wm_store_list (their_store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  id = wm_record_get_id (g_ptr_array_index (journeys, 0));
  g_assert_true (wm_store_set_string (their_store, id, WM_JOURNEY_NAME, "Their new name", &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_label (GTK_WIDGET (ours), "Their new name", TRUE));

  /* Undo in our window has nothing of theirs to undo. */
  g_assert_false (wm_store_can_undo (wm_window_get_store (ours)));

  /* A sync tool replaces the file with another version. */
  {
    g_autoptr(WmStore) other = wm_store_create (synced, &error);
    g_autoptr(WmRecord) journey = wm_record_new (WM_ENTITY_JOURNEY);

    g_assert_no_error (error);
    wm_record_set_string (journey, WM_JOURNEY_NAME, "From the sync tool");
    g_assert_cmpint (wm_store_insert (other, journey, &error), >, 0);
  }
  g_assert_cmpint (g_rename (synced, fixture->path), ==, 0);
  g_assert_true (wait_for_label (GTK_WIDGET (ours), "From the sync tool", TRUE));
  g_assert_true (wait_for_label (GTK_WIDGET (theirs), "From the sync tool", TRUE));
  g_assert_true (wait_for_label (GTK_WIDGET (ours), "Their new name", FALSE));

  gtk_window_destroy (GTK_WINDOW (theirs));
  gtk_window_destroy (GTK_WINDOW (ours));
  wm_ui_test_iterate ();
}

static gboolean
set_writable (const char *path,
              gboolean    writable)
{
  int fd, flags = 0;
  gboolean ok;

  /* root may write anything but an immutable file */
  if (geteuid () != 0)
    return g_chmod (path, writable ? 0644 : 0444) == 0;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  ok = ioctl (fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok)
    {
      flags = writable ? flags & ~FS_IMMUTABLE_FL : flags | FS_IMMUTABLE_FL;
      ok = ioctl (fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
  close (fd);

  return ok;
}

/* A file the user may not change opens read-only, with the banner and why. */
static void
test_read_only_file (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *label;
  WmWindow *window;

  create_small_project (fixture->path);
  if (!set_writable (fixture->path, FALSE))
    {
      g_test_skip ("cannot make a file unwritable here");
      return;
    }
  window = wm_ui_test_open_window (fixture->path, 0, 0);
  set_writable (fixture->path, TRUE);

  g_assert_true (wm_store_is_read_only (wm_window_get_store (window)));
  label = wm_ui_test_find_label_containing (GTK_WIDGET (window), "permission");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_drawable (label));
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "read-only");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* A journey named with a megabyte of text paints at once, cut. */
static void
test_long_name (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *name = g_strnfill (1024 * 1024, 'w');
  g_autofree char *shown = NULL;
  WmWindow *window;
  gint64 start;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WmStore) store = wm_store_create (fixture->path, &error);

    g_assert_no_error (error);
    wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, name);
  }

  start = g_get_monotonic_time ();
  window = wm_ui_test_open_window (fixture->path, 0, 0);
  g_test_message ("a 1 MB name painted in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  shown = g_strnfill (WM_WINDOW_TEXT_LIMIT, 'w');
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (window), shown));

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* A KPI linked to a stage shows in the map's KPI lane with its latest value;
 * new samples show at once. The map is drawn, so the test reads what the
 * canvas draws from. */
static void
test_journey_kpis (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GError) error = NULL;
  WmSample newer = { 1705200000, 57, 0 };
  GtkWidget *view;
  WmWindow *window;
  WmStore *store;
  WmRecord *record;
  gint64 journey_id;

  create_small_project (fixture->path);
  window = wm_ui_test_open_window (fixture->path, 0, 0);
  store = wm_window_get_store (window);
  view = wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW);
  g_assert_nonnull (view);

  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  journey_id = wm_record_get_id (g_ptr_array_index (journeys, 0));
  stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey_id, &error);
  g_assert_no_error (error);
  kpis = wm_store_list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);

  g_assert_null (map_kpi_value (view, "Net Promoter Score"));

  record = child (WM_LANE_JOURNEY_ID, journey_id, WM_LANE_NAME, "Measures");
  wm_record_set_string (record, WM_LANE_KIND, "kpi");
  wm_ui_test_insert (store, record);
  record = wm_record_new (WM_ENTITY_KPI_LINK);
  wm_record_set_ref (record, WM_KPI_LINK_KPI_ID, wm_record_get_id (g_ptr_array_index (kpis, 0)));
  wm_record_set_ref (record, WM_KPI_LINK_STAGE_ID, wm_record_get_id (g_ptr_array_index (stages, 1)));
  wm_ui_test_insert (store, record);
  wm_ui_test_iterate ();

  g_assert_cmpstr (map_kpi_value (view, "Net Promoter Score"), ==, "42");

  g_assert_true (wm_store_add_samples (store, wm_record_get_id (g_ptr_array_index (kpis, 0)),
                                       &newer, 1, "test", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpstr (map_kpi_value (view, "Net Promoter Score"), ==, "57");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* Closing a window keeps its size for the next one. */
static void
test_window_size (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  WmWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);
  window = wm_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  gtk_window_set_default_size (GTK_WINDOW (window), 1010, 702);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  gtk_window_close (GTK_WINDOW (window));
  wm_ui_test_iterate ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1010);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 702);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

/* Opening a project puts it first among the recent projects, and a new
 * window's start page offers it. */
static void
test_recent (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) recent = NULL;
  WmWindow *window;
  WmWindow *empty;

  g_settings_set_strv (settings, "recent-files", NULL);
  create_small_project (fixture->path);
  window = wm_ui_test_open_window (fixture->path, 0, 0);

  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_nonnull (recent[0]);
  g_assert_cmpstr (recent[0], ==, uri);
  /* Opened on a project before it is shown, as Waymark opens a file it is
   * given, a window never makes its start page. */
  {
    WmWindow *opened = wm_window_new (NULL);

    g_assert_true (wm_window_open_file (opened, file, NULL));
    gtk_window_present (GTK_WINDOW (opened));
    wm_ui_test_iterate ();
    g_assert_nonnull (wm_window_get_store (opened));
    g_assert_null (wm_ui_test_find_type (GTK_WIDGET (opened), WM_TYPE_START_PAGE));
    gtk_window_destroy (GTK_WINDOW (opened));
    wm_ui_test_iterate ();
  }

  empty = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (empty));
  wm_ui_test_iterate ();
  g_assert_null (wm_window_get_store (empty));
  g_assert_nonnull (wm_ui_test_find_type (GTK_WIDGET (empty), WM_TYPE_START_PAGE));
  g_assert_true (wm_ui_test_has_label (GTK_WIDGET (empty), "Project.waymark"));
  wm_ui_test_save_screenshot (GTK_WIDGET (empty), "start");

  /* A click on the recent project opens it in this window. */
  {
    g_autoptr(GPtrArray) rows = wm_ui_test_find_all (GTK_WIDGET (empty), GTK_TYPE_LIST_BOX_ROW,
                                                     TRUE);
    GtkListBoxRow *row = NULL;

    for (guint i = 0; i < rows->len && row == NULL; i++)
      if (g_object_get_data (g_ptr_array_index (rows, i), "wm-file") != NULL)
        row = g_ptr_array_index (rows, i);
    g_assert_nonnull (row);
    g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
    wm_ui_test_iterate ();
    /* The window shown crossfades to the project: wait for the fade (a
     * fast machine is done with the rest before it ends). */
    {
      GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (empty),
                                                                  WM_TYPE_WINDOW, "main_stack"));
      gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      while (gtk_stack_get_transition_running (stack) && g_get_monotonic_time () < end)
        wm_ui_test_iterate ();
    }
    g_assert_nonnull (wm_window_get_store (empty));
    g_assert_cmpstr (wm_store_get_path (wm_window_get_store (empty)), ==, fixture->path);
    g_assert_false (gtk_widget_is_drawable (wm_ui_test_find_type (GTK_WIDGET (empty),
                                                                  WM_TYPE_START_PAGE)));
  }

  gtk_window_destroy (GTK_WINDOW (empty));
  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  wm_ui_test_add ("/waymark/ui/demo", test_demo);
  wm_ui_test_add ("/waymark/ui/small-project", test_small_project);
  wm_ui_test_add ("/waymark/ui/open-errors", test_open_errors);
  wm_ui_test_add ("/waymark/ui/journey-kpis", test_journey_kpis);
  wm_ui_test_add ("/waymark/ui/window-size", test_window_size);
  wm_ui_test_add ("/waymark/ui/recent", test_recent);
  wm_ui_test_add ("/waymark/ui/undo-redo", test_undo_redo);
  wm_ui_test_add ("/waymark/ui/external-change", test_external_change);
  wm_ui_test_add ("/waymark/ui/long-name", test_long_name);
  wm_ui_test_add ("/waymark/ui/shared-file", test_shared_file);
  wm_ui_test_add ("/waymark/ui/read-only-file", test_read_only_file);

  return g_test_run ();
}
