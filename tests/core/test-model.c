/* test-model.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "wm-feed.h"
#include "wm-recent.h"
#include "wm-record-list.h"
#include "wm-schema.h"
#include "wm-store-private.h"
#include "wm-test-util.h"

/* The core model's second pass: checked column names, records as GObject
 * properties, change notification by row, the latest samples, and the
 * upgrade of a version 1 file to version 2. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "model.waymark", &fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
test_column_ids (void)
{
  /* The constant is the column: its entity, its name, its place. */
  g_assert_cmpint (wm_column_get_entity (WM_TOUCHPOINT_TITLE), ==, WM_ENTITY_TOUCHPOINT);
  g_assert_cmpstr (wm_column_get_name (WM_TOUCHPOINT_TITLE), ==, "title");
  g_assert_cmpstr (wm_column_get_name (WM_TOUCHPOINT_CUSTOMER_ACTION), ==, "customer_action");
  g_assert_cmpstr (wm_column_get_name (WM_STAGE_JOURNEY_ID), ==, "journey_id");
  g_assert_cmpint (wm_column_get_info (WM_STAGE_JOURNEY_ID)->ref, ==, WM_ENTITY_JOURNEY);
  g_assert_cmpuint (wm_entity_find_column (WM_ENTITY_KPI, "target"), ==, WM_KPI_TARGET);
  g_assert_cmpuint (wm_entity_find_column (WM_ENTITY_KPI, "no_such"), ==, WM_COLUMN_NONE);
  g_assert_false (wm_column_is_valid (WM_COLUMN_NONE));
  g_assert_cmpuint (wm_entity_get_info (WM_ENTITY_STAGE)->parent_column, ==,
                    WM_STAGE_JOURNEY_ID);
  g_assert_cmpuint (wm_entity_get_info (WM_ENTITY_TOUCHPOINT)->label_column, ==,
                    WM_TOUCHPOINT_TITLE);

  /* Choice labels are words, one table for UI, CLI and demo. */
  g_assert_cmpstr (wm_column_choice_label (WM_JOURNEY_STATE, "as-is"), ==, "As-is");
  g_assert_cmpstr (wm_column_choice_label (WM_JOURNEY_STATE, "to-be"), ==, "To-be");
  g_assert_cmpstr (wm_column_choice_label (WM_KPI_VARIANT, "top2box"), ==,
                   "Share of top scores");
  g_assert_cmpstr (wm_column_choice_label (WM_LANE_KIND, "text"), ==, "Notes");
  g_assert_cmpstr (wm_column_choice_label (WM_VOICE_RULE_SEVERITY, "warning"), ==, "Warning");
  g_assert_null (wm_column_choice_label (WM_JOURNEY_STATE, "maybe"));
  g_assert_null (wm_column_choice_label (WM_JOURNEY_NAME, "as-is"));
  g_assert_cmpint (wm_column_choice_index (WM_TOUCHPOINT_DROPOUT_RISK, "high"), ==, 3);
}

static guint notified;

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  notified++;
}

/* A live record notifies the property of the column that changed, and only
 * that one, so a bound widget follows the file without being rebuilt. */
static void
test_record_properties (Fixture       *fixture,
                        gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 journey = wm_test_build_journey (store, "Props", 2, 1);
  g_autoptr(WmRecordList) list = wm_record_list_new (store, WM_ENTITY_TOUCHPOINT,
                                                     WM_TOUCHPOINT_JOURNEY_ID, journey);
  g_autoptr(WmRecord) touchpoint = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 emotion = 99;
  gulong id;

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (touchpoint), ==, "WmTouchpointRecord");
  g_assert_true (WM_IS_RECORD (touchpoint));
  g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (touchpoint),
                                                  "customer-action"));
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (touchpoint), "role"));

  g_object_get (touchpoint, "title", &title, "emotion", &emotion, NULL);
  g_assert_cmpstr (title, ==, wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE));
  g_assert_cmpint (emotion, ==, wm_record_get_int (touchpoint, WM_TOUCHPOINT_EMOTION));

  notified = 0;
  id = g_signal_connect (touchpoint, "notify::title", G_CALLBACK (count_notify_cb), NULL);
  g_assert_true (wm_store_set_string (store, wm_record_get_id (touchpoint), WM_TOUCHPOINT_TITLE,
                                      "Calls the hotline", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_clear_pointer (&title, g_free);
  g_object_get (touchpoint, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Calls the hotline");

  /* Writing the same value again, even a second later, changes nothing: no
   * new modified_at, no undo step, no notification. */
  {
    gint64 modified = wm_record_get_modified_at (touchpoint);
    g_autofree char *label = g_strdup (wm_store_get_undo_label (store));

    g_usleep (1100 * 1000);
    g_assert_true (wm_store_set_string (store, wm_record_get_id (touchpoint),
                                        WM_TOUCHPOINT_TITLE, "Calls the hotline", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpint (wm_record_get_modified_at (touchpoint), ==, modified);
    g_assert_cmpstr (wm_store_get_undo_label (store), ==, label);
  }

  wm_store_undo (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 2);
  g_signal_handler_disconnect (touchpoint, id);
}

typedef struct
{
  guint64  mask;
  GArray  *stage_ids;
  GArray  *sample_kpis;
  gboolean stages_known;
} Seen;

static void
store_changed_cb (WmStore *store,
                  guint64  mask,
                  Seen    *seen)
{
  const GArray *ids = wm_store_get_changed_ids (store, WM_ENTITY_STAGE);
  const GArray *kpis = wm_store_get_changed_sample_kpis (store);

  seen->mask = mask;
  seen->stages_known = ids != NULL;
  g_array_set_size (seen->stage_ids, 0);
  g_array_set_size (seen->sample_kpis, 0);
  if (ids != NULL)
    g_array_append_vals (seen->stage_ids, ids->data, ids->len);
  if (kpis != NULL)
    g_array_append_vals (seen->sample_kpis, kpis->data, kpis->len);
}

/* "changed" says which rows changed, so a view can update just those. */
static void
test_changed_ids (Fixture       *fixture,
                  gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "J");
  gint64 a = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "A");
  gint64 b = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "B");
  gint64 kpi = wm_test_insert (store, WM_ENTITY_KPI);
  WmSample sample = { .time = 1700000000, .value = 42, .n = 10 };
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  seen.stage_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  seen.sample_kpis = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), &seen);

  g_assert_true (wm_store_set_string (store, b, WM_STAGE_NAME, "Bee", &error));
  g_assert_cmpuint (seen.mask, ==, WM_CHANGE_ENTITY (WM_ENTITY_STAGE));
  g_assert_true (seen.stages_known);
  g_assert_cmpuint (seen.stage_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (seen.stage_ids, gint64, 0), ==, b);

  /* Undo names the same row; a delete names the rows it removed. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_cmpint (g_array_index (seen.stage_ids, gint64, 0), ==, b);
  g_assert_true (wm_store_delete (store, WM_ENTITY_STAGE, a, &error));
  g_assert_cmpuint (seen.stage_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (seen.stage_ids, gint64, 0), ==, a);

  /* A sample names its KPI and no entity. */
  g_assert_true (wm_store_add_samples (store, kpi, &sample, 1, "test", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.mask, ==, WM_CHANGE_SAMPLES);
  g_assert_false (seen.stages_known);
  g_assert_cmpuint (seen.sample_kpis->len, ==, 1);
  g_assert_cmpint (g_array_index (seen.sample_kpis, gint64, 0), ==, kpi);

  /* Outside the signal nothing is claimed. */
  g_assert_null (wm_store_get_changed_ids (store, WM_ENTITY_STAGE));

  g_signal_handlers_disconnect_by_data (store, &seen);
  g_array_unref (seen.stage_ids);
  g_array_unref (seen.sample_kpis);
}

static guint items_changed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  items_changed++;
}

/* An edit to another journey's row, or an unrelated entity, costs a list nothing. */
static void
test_list_follows_rows (Fixture       *fixture,
                        gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 mine = wm_test_build_journey (store, "Mine", 3, 1);
  gint64 other = wm_test_build_journey (store, "Other", 3, 1);
  g_autoptr(WmRecordList) list = wm_record_list_new (store, WM_ENTITY_STAGE,
                                                     WM_STAGE_JOURNEY_ID, mine);
  g_autoptr(GPtrArray) others = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                               other, NULL);
  g_autoptr(WmRecord) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr(GError) error = NULL;
  gint64 new_stage;

  items_changed = 0;
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), NULL);

  g_assert_true (wm_store_set_string (store, wm_record_get_id (g_ptr_array_index (others, 0)),
                                      WM_STAGE_NAME, "Elsewhere", &error));
  g_assert_cmpuint (items_changed, ==, 0);
  g_assert_true (wm_store_set_string (store, wm_record_get_id (first), WM_STAGE_NAME,
                                      "Renamed here", &error));
  g_assert_cmpuint (items_changed, ==, 0);
  g_assert_cmpstr (wm_record_get_string (first, WM_STAGE_NAME), ==, "Renamed here");

  /* A new stage of this journey, and a move, change the items. */
  new_stage = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, mine, "New");
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpint (wm_record_list_find (list, new_stage), ==, 3);
  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, new_stage, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_record_list_find (list, new_stage), ==, 0);
  g_assert_cmpuint (items_changed, ==, 2);
}

static void
test_latest_samples (Fixture       *fixture,
                     gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert (store, WM_ENTITY_KPI);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  g_autoptr(GArray) latest = NULL;
  g_autoptr(GError) error = NULL;
  WmSample one;

  for (guint i = 0; i < 20; i++)
    {
      WmSample s = { .time = 1700000000 + i * 86400, .value = i, .n = 100 + i,
                     .margin = i % 2 ? 4.5 : 0 };

      g_array_append_val (samples, s);
    }
  g_assert_true (wm_store_add_samples (store, kpi, (WmSample *) samples->data, samples->len,
                                       "test", &error));
  g_assert_no_error (error);

  latest = wm_store_get_latest_samples (store, kpi, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      WmSample *s = &g_array_index (latest, WmSample, i);

      g_assert_cmpfloat (s->value, ==, 15 + i);
      g_assert_cmpint (s->n, ==, 115 + i);
      g_assert_cmpfloat (s->margin, ==, (15 + i) % 2 ? 4.5 : 0);
    }
  g_clear_pointer (&latest, g_array_unref);
  latest = wm_store_get_latest_samples (store, kpi, 100, &error);
  g_assert_cmpuint (latest->len, ==, 20);
  g_assert_true (wm_store_get_latest_sample (store, kpi, &one));
  g_assert_cmpfloat (one.value, ==, 19);
  g_assert_cmpfloat (one.margin, ==, 4.5);

  /* A margin must be a finite, non-negative number. */
  {
    WmSample bad = { .time = 1, .value = 1, .margin = -1 };

    g_assert_false (wm_store_add_samples (store, kpi, &bad, 1, "test", &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  }
}

/* Writes a project of schema @version at @path: its project row, then
 * @rows. */
static void
write_old_project (const char *path,
                   int         version,
                   const char *rows)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", WM_APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (wm_store_run_migrations (db, wm_schema_get_migrations (), 0, version, &error));
  g_assert_no_error (error);
  wm_test_exec (db, sql);
  wm_test_exec (db, "INSERT INTO project (id, uuid, name, created_at, modified_at)"
                    " VALUES (1, '00000000-0000-4000-8000-000000000001', 'Old', 0, 0);");
  wm_test_exec (db, rows);
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA user_version"), ==, version);
  sqlite3_close (db);
}

/* The migrated @store checks clean, and its file opens again: opening
 * compares the schema exactly with a new project's. */
static void
assert_migrated_whole (WmStore    *store,
                       const char *path)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(WmStore) again = NULL;
  g_autoptr(GError) error = NULL;

  findings = wm_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  g_object_unref (store);

  again = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

/* A version 1 file opens as the current version: a rule's one channel
 * becomes its one scope row, and the result has exactly the schema of a
 * new project. */
static void
test_migrate_v1 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "v1.waymark", NULL);
  WmStore *store;
  g_autoptr(GPtrArray) scopes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) persona = NULL;

  write_old_project (path, 1,
                     "INSERT INTO channel (id, uuid, key, name, created_at, modified_at)"
                     " VALUES (7, '00000000-0000-4000-8000-000000000007', 'sms', 'SMS', 0, 0);"
                     "INSERT INTO persona (id, uuid, name, created_at, modified_at)"
                     " VALUES (1, '00000000-0000-4000-8000-000000000011', 'Ada', 0, 0);"
                     "INSERT INTO voice_guideline (id, uuid, name, created_at, modified_at)"
                     " VALUES (1, '00000000-0000-4000-8000-000000000021', 'Voice', 0, 0);"
                     "INSERT INTO voice_rule (id, uuid, guideline_id, kind, max_length, channel_id,"
                     " created_at, modified_at) VALUES"
                     " (1, 'a0000000-0000-4000-8000-000000000031', 1, 'max-length', 160, 7, 5, 6),"
                     " (2, 'c0000000-0000-4000-8000-000000000032', 1, 'banned', 0, NULL, 5, 6);");

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_get_schema_version (store), ==, WM_SCHEMA_VERSION);
  g_assert_false (wm_store_is_read_only (store));

  scopes = wm_store_list (store, WM_ENTITY_VOICE_RULE_CHANNEL, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (scopes->len, ==, 1);
  g_assert_cmpint (wm_record_get_ref (g_ptr_array_index (scopes, 0),
                                      WM_VOICE_RULE_CHANNEL_RULE_ID), ==, 1);
  g_assert_cmpint (wm_record_get_ref (g_ptr_array_index (scopes, 0),
                                      WM_VOICE_RULE_CHANNEL_CHANNEL_ID), ==, 7);
  /* Derived from the rule's uuid, so two copies migrate to the same row. */
  g_assert_cmpstr (wm_record_get_uuid (g_ptr_array_index (scopes, 0)), ==,
                   "c0000000-0000-4000-8000-000000000031");
  persona = wm_store_get (store, WM_ENTITY_PERSONA, 1, &error);
  g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_EVIDENCE), ==, "assumed");
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_VOICE_RULE), ==, 2);

  assert_migrated_whole (store, path);
}

/* A version 2 file's feeds take version 3's scale as 1: what they fetch
 * stays what it was. */
static void
test_migrate_v2 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "v2.waymark", NULL);
  WmStore *store;
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(GError) error = NULL;

  write_old_project (path, 2,
                     "INSERT INTO kpi (id, uuid, name, created_at, modified_at)"
                     " VALUES (3, '00000000-0000-4000-8000-000000000003', 'Retention', 0, 0);"
                     "INSERT INTO feed (id, uuid, kpi_id, type, url, path, created_at,"
                     " modified_at) VALUES (4, '00000000-0000-4000-8000-000000000004', 3, 'json',"
                     " 'http://127.0.0.1:1/r.json', '$.rate', 0, 0);");

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_get_schema_version (store), ==, 3);
  feed = wm_store_get (store, WM_ENTITY_FEED, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (wm_record_get_double (feed, WM_FEED_SCALE), ==, 1.0);
  g_assert_cmpfloat (wm_feed_get_scale (feed), ==, 1.0);

  assert_migrated_whole (store, path);
}

static void
recent_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GStrv *out = user_data;
  g_autoptr(GError) error = NULL;

  *out = wm_recent_check_finish (result, &error);
  g_assert_no_error (error);
}

/* Recent projects are checked without blocking, and only files that still
 * exist come back, in their order. */
static void
test_recent_check (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.waymark", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "gone.waymark", NULL);
  g_autofree char *uri_project = g_filename_to_uri (fixture->path, NULL, NULL);
  g_autofree char *uri_other = g_filename_to_uri (other, NULL, NULL);
  g_autofree char *uri_missing = g_filename_to_uri (missing, NULL, NULL);
  g_autofree char *uri_dir = g_filename_to_uri (fixture->dir, NULL, NULL);
  const char *uris[] = { uri_other, uri_missing, uri_dir, uri_project, NULL };
  const char *none[] = { NULL };
  g_auto(GStrv) found = NULL;

  wm_test_write_file (other, "x", 1);
  wm_recent_check_async (uris, NULL, recent_checked_cb, &found);
  while (found == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (found), ==, 2);
  g_assert_cmpstr (found[0], ==, uri_other);
  g_assert_cmpstr (found[1], ==, uri_project);

  g_clear_pointer (&found, g_strfreev);
  wm_recent_check_async (none, NULL, recent_checked_cb, &found);
  while (found == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (found), ==, 0);
}

/* What the program writes on its own (feed results) is shown but is no undo
 * step: Undo still takes back the person's last edit. */
static void
test_background_edit (Fixture       *fixture,
                      gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "NPS");
  WmSample sample = { .time = 1700000000, .value = 31, .n = 200 };
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  guint64 seen = 0;
  gulong id;

  g_assert_true (wm_store_set_string (store, kpi, WM_KPI_UNIT, "points", &error));
  label = g_strdup (wm_store_get_undo_label (store));

  id = g_signal_connect_swapped (store, "changed", G_CALLBACK (g_nullify_pointer), &seen);
  seen = 1;
  g_assert_true (wm_store_begin_background_edit (store, &error));
  g_assert_true (wm_store_add_samples (store, kpi, &sample, 1, "feed", &error));
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen, ==, 0);   /* "changed" ran */
  g_signal_handler_disconnect (store, id);

  g_assert_cmpstr (wm_store_get_undo_label (store), ==, label);
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_KPI, kpi, &error);
    WmSample latest;

    g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "");
    g_assert_true (wm_store_get_latest_sample (store, kpi, &latest));
    g_assert_cmpfloat (latest.value, ==, 31);
  }
}

typedef struct
{
  guint  n;    /* "changed" emissions */
  gint64 kpi;  /* the one KPI row the last one named, or 0 */
} Announced;

static void
announced_cb (WmStore   *store,
              guint64    mask,
              Announced *seen)
{
  const GArray *ids = wm_store_get_changed_ids (store, WM_ENTITY_KPI);

  seen->n++;
  seen->kpi = ids != NULL && ids->len == 1 ? g_array_index (ids, gint64, 0) : 0;
}

static WmRecord *
get_kpi (WmStore *store,
         gint64   id)
{
  g_autoptr(GError) error = NULL;
  WmRecord *record = wm_store_get (store, WM_ENTITY_KPI, id, &error);

  g_assert_no_error (error);

  return record;
}

/* Several columns of a row in one statement and one edit: the columns set
 * on the values and no others; equal values are no edit at all. */
static void
test_set_columns (Fixture       *fixture,
                  gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "NPS");
  g_autoptr(WmRecord) values = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw;
  Announced seen = { 0 };
  guint steps;
  gint64 modified;

  g_assert_true (wm_store_set_string (store, kpi, WM_KPI_DESCRIPTION, "kept", &error));
  /* An old time, to see it move. */
  raw = wm_test_open_raw (fixture->path, TRUE);
  wm_test_exec (raw, "UPDATE kpi SET modified_at = 1");
  sqlite3_close (raw);
  wm_store_check_external_changes (store);
  g_signal_connect (store, "changed", G_CALLBACK (announced_cb), &seen);
  steps = store->undo_stack->len;

  wm_record_set_string (values, WM_KPI_UNIT, "points");
  wm_record_set_double (values, WM_KPI_TARGET, 50);
  wm_record_set_string (values, WM_KPI_KIND, "csat");
  g_assert_true (wm_store_set_columns (store, kpi, values, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n, ==, 1);
  g_assert_cmpint (seen.kpi, ==, kpi);
  g_assert_cmpuint (store->undo_stack->len, ==, steps + 1);
  record = get_kpi (store, kpi);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "points");
  g_assert_cmpfloat (wm_record_get_double (record, WM_KPI_TARGET), ==, 50);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_KIND), ==, "csat");
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_NAME), ==, "NPS");
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_DESCRIPTION), ==, "kept");
  g_assert_false (wm_record_is_set (record, WM_KPI_WARNING));
  modified = wm_record_get_modified_at (record);
  g_assert_cmpint (modified, >, 1);
  /* The record given keeps its own identity. */
  g_assert_cmpint (wm_record_get_id (values), ==, 0);

  /* The same values again: no edit, no signal, no undo step, the same time. */
  g_assert_true (wm_store_set_columns (store, kpi, values, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n, ==, 1);
  g_assert_cmpuint (store->undo_stack->len, ==, steps + 1);
  g_clear_object (&record);
  record = get_kpi (store, kpi);
  g_assert_cmpint (wm_record_get_modified_at (record), ==, modified);

  /* Nothing to write is no edit either. */
  {
    g_autoptr(WmRecord) empty = wm_record_new (WM_ENTITY_KPI);

    g_assert_true (wm_store_set_columns (store, kpi, empty, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (seen.n, ==, 1);
    g_assert_cmpuint (store->undo_stack->len, ==, steps + 1);
  }

  /* One column differs: the row is written, the others keep their values. */
  wm_record_set_string (values, WM_KPI_UNIT, "pts");
  g_assert_true (wm_store_set_columns (store, kpi, values, &error));
  g_assert_cmpuint (seen.n, ==, 2);
  g_clear_object (&record);
  record = get_kpi (store, kpi);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "pts");
  g_assert_cmpfloat (wm_record_get_double (record, WM_KPI_TARGET), ==, 50);

  /* One step each: undo takes back the unit, then all three at once. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_object (&record);
  record = get_kpi (store, kpi);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "");
  g_assert_false (wm_record_is_set (record, WM_KPI_TARGET));
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_KIND), !=, "csat");
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_DESCRIPTION), ==, "kept");

  /* A bad value writes nothing, not even the good ones beside it. */
  {
    g_autoptr(WmRecord) bad = wm_record_new (WM_ENTITY_KPI);

    wm_record_set_string (bad, WM_KPI_UNIT, "x");
    wm_record_set_string (bad, WM_KPI_KIND, "bogus");
    g_assert_false (wm_store_set_columns (store, kpi, bad, &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_clear_object (&record);
    record = get_kpi (store, kpi);
    g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "");
  }

  /* Inside an edit it is part of that edit. */
  steps = store->undo_stack->len;
  g_assert_true (wm_store_begin_edit (store, "Both", &error));
  g_assert_true (wm_store_set_columns (store, kpi, values, &error));
  g_assert_true (wm_store_set_string (store, kpi, WM_KPI_NAME, "CSAT", &error));
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (store->undo_stack->len, ==, steps + 1);
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Both");

  /* A row that is gone: not found, and nothing happens. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_KPI, kpi, &error));
  seen.n = 0;
  steps = store->undo_stack->len;
  g_assert_false (wm_store_set_columns (store, kpi, values, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (seen.n, ==, 0);
  g_assert_cmpuint (store->undo_stack->len, ==, steps);

  g_signal_handlers_disconnect_by_data (store, &seen);
}

/* Compare and set: written only while the expected columns hold what the
 * caller last knew; anything else is no edit and no error. */
static void
test_set_columns_if (Fixture       *fixture,
                     gconstpointer  data)
{
  static const WmColumnId known_columns[] = { WM_KPI_UNIT, WM_KPI_TARGET };
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "NPS");
  g_autoptr(WmRecord) known = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(WmRecord) values = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  Announced seen = { 0 };
  gboolean matched = TRUE;
  guint steps;

  g_assert_true (wm_store_set_string (store, kpi, WM_KPI_UNIT, "points", &error));
  g_assert_no_error (error);
  g_signal_connect (store, "changed", G_CALLBACK (announced_cb), &seen);
  steps = store->undo_stack->len;

  /* Known wrong (the target is not 50 but unset): nothing written. */
  wm_record_set_string (known, WM_KPI_UNIT, "points");
  wm_record_set_double (known, WM_KPI_TARGET, 50);
  wm_record_set_string (values, WM_KPI_DESCRIPTION, "new");
  g_assert_true (wm_store_set_columns_if (store, kpi, values, known, known_columns,
                                          G_N_ELEMENTS (known_columns), &matched, &error));
  g_assert_no_error (error);
  g_assert_false (matched);
  g_assert_cmpuint (seen.n, ==, 0);
  g_assert_cmpuint (store->undo_stack->len, ==, steps);
  record = get_kpi (store, kpi);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_DESCRIPTION), ==, "");

  /* Known right, an unset (NULL) column included: written, as one edit. */
  wm_record_unset (known, WM_KPI_TARGET);
  g_assert_true (wm_store_set_columns_if (store, kpi, values, known, known_columns,
                                          G_N_ELEMENTS (known_columns), &matched, &error));
  g_assert_no_error (error);
  g_assert_true (matched);
  g_assert_cmpuint (seen.n, ==, 1);
  g_assert_cmpint (seen.kpi, ==, kpi);
  g_assert_cmpuint (store->undo_stack->len, ==, steps + 1);
  g_clear_object (&record);
  record = get_kpi (store, kpi);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_DESCRIPTION), ==, "new");
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "points");

  /* The same values again: nothing to change, so no match either. */
  g_assert_true (wm_store_set_columns_if (store, kpi, values, known, known_columns,
                                          G_N_ELEMENTS (known_columns), &matched, &error));
  g_assert_false (matched);
  g_assert_cmpuint (seen.n, ==, 1);

  /* A bad value is an error, as for wm_store_set_columns(). */
  {
    g_autoptr(WmRecord) bad = wm_record_new (WM_ENTITY_KPI);

    wm_record_set_string (bad, WM_KPI_KIND, "bogus");
    g_assert_false (wm_store_set_columns_if (store, kpi, bad, known, known_columns,
                                             G_N_ELEMENTS (known_columns), &matched, &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* A row that is gone does not match, and is no error. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_KPI, kpi, &error));
  seen.n = 0;
  wm_record_set_string (values, WM_KPI_DESCRIPTION, "newer");
  g_assert_true (wm_store_set_columns_if (store, kpi, values, known, known_columns,
                                          G_N_ELEMENTS (known_columns), &matched, &error));
  g_assert_no_error (error);
  g_assert_false (matched);
  g_assert_cmpuint (seen.n, ==, 0);

  g_signal_handlers_disconnect_by_data (store, &seen);
}

/* A second connection whose background edits another store announces (the
 * feeds writer): they are written and read back, but emit nothing there and
 * leave every undo history as it was. */
static void
test_unannounced_background (Fixture       *fixture,
                             gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "NPS");
  gint64 journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "J");
  WmSample sample = { .time = 1700000000, .value = 31, .n = 200 };
  g_autoptr(WmStore) writer = NULL;
  g_autoptr(WmRecord) values = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  Announced seen = { 0 };
  WmSample latest;
  guint steps;

  /* The person's last edit, on the window's store. */
  g_assert_true (wm_store_set_string (store, journey, WM_JOURNEY_NAME, "Onboarding", &error));
  steps = store->undo_stack->len;

  writer = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  wm_store_set_announce_background (writer, FALSE);
  g_signal_connect (writer, "changed", G_CALLBACK (announced_cb), &seen);

  wm_record_set_string (values, WM_KPI_DESCRIPTION, "fetched");
  g_assert_true (wm_store_begin_background_edit (writer, &error));
  g_assert_true (wm_store_set_columns (writer, kpi, values, &error));
  g_assert_true (wm_store_add_samples (writer, kpi, &sample, 1, "json", &error));
  g_assert_true (wm_store_commit_edit (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n, ==, 0);
  g_assert_false (wm_store_can_undo (writer));

  /* Abandoned, it leaves nothing either. */
  wm_record_set_string (values, WM_KPI_DESCRIPTION, "abandoned");
  g_assert_true (wm_store_begin_background_edit (writer, &error));
  g_assert_true (wm_store_set_columns (writer, kpi, values, &error));
  wm_store_rollback_edit (writer);
  g_assert_cmpuint (seen.n, ==, 0);

  /* On disk for the window's store, whose history is the person's still. */
  record = get_kpi (store, kpi);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_DESCRIPTION), ==, "fetched");
  g_assert_true (wm_store_get_latest_sample (store, kpi, &latest));
  g_assert_cmpfloat (latest.value, ==, 31);
  g_assert_cmpuint (store->undo_stack->len, ==, steps);
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_object (&record);
  record = wm_store_get (store, WM_ENTITY_JOURNEY, journey, &error);
  g_assert_cmpstr (wm_record_get_string (record, WM_JOURNEY_NAME), ==, "J");

  /* Its person's edits are undo steps and announced as ever (after the
   * undo above, which it sees as another program's change). */
  wm_store_check_external_changes (writer);
  seen.n = 0;
  g_assert_true (wm_store_set_string (writer, kpi, WM_KPI_UNIT, "points", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n, ==, 1);
  g_assert_cmpint (seen.kpi, ==, kpi);
  g_assert_true (wm_store_can_undo (writer));

  /* Announced again, background edits emit "changed" and stay no undo step. */
  wm_store_set_announce_background (writer, TRUE);
  g_assert_true (wm_store_begin_background_edit (writer, &error));
  g_assert_true (wm_store_set_string (writer, kpi, WM_KPI_UNIT, "pts", &error));
  g_assert_true (wm_store_commit_edit (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n, ==, 2);
  g_assert_cmpuint (writer->undo_stack->len, ==, 1);

  g_signal_handlers_disconnect_by_data (writer, &seen);
}

/* A few columns of a wide row: those asked for, the row's identity, and
 * nothing else. */
static void
test_get_columns (Fixture       *fixture,
                  gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "Net Promoter");
  const WmColumnId columns[] = { WM_KPI_TARGET, WM_KPI_NAME, WM_KPI_UNIT };
  g_autoptr(WmRecord) whole = NULL;
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (store, kpi, WM_KPI_UNIT, "points", &error));
  g_assert_true (wm_store_set_string (store, kpi, WM_KPI_DESCRIPTION, "long", &error));
  whole = get_kpi (store, kpi);

  record = wm_store_get_columns (store, kpi, columns, G_N_ELEMENTS (columns), &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_record_get_id (record), ==, kpi);
  g_assert_cmpstr (wm_record_get_uuid (record), ==, wm_record_get_uuid (whole));
  g_assert_cmpint (wm_record_get_modified_at (record), ==, wm_record_get_modified_at (whole));
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_NAME), ==, "Net Promoter");
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_UNIT), ==, "points");
  g_assert_false (wm_record_is_set (record, WM_KPI_TARGET));  /* NULL in the row */
  g_assert_false (wm_record_is_set (record, WM_KPI_DESCRIPTION));
  g_assert_false (wm_record_is_set (record, WM_KPI_KIND));
  g_assert_true (wm_record_is_set (whole, WM_KPI_KIND));

  /* Read as wm_store_get() reads, text limit included. */
  wm_store_set_text_limit (store, 3);
  g_clear_object (&record);
  record = wm_store_get_columns (store, kpi, columns, G_N_ELEMENTS (columns), &error);
  g_assert_cmpstr (wm_record_get_string (record, WM_KPI_NAME), ==, "Net");
  wm_store_set_text_limit (store, 0);

  g_assert_true (wm_store_delete (store, WM_ENTITY_KPI, kpi, &error));
  g_clear_object (&record);
  record = wm_store_get_columns (store, kpi, columns, G_N_ELEMENTS (columns), &error);
  g_assert_null (record);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/model/column-ids", test_column_ids);
#define ADD(path, func) \
  g_test_add ("/waymark/model/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("record-properties", test_record_properties);
  ADD ("changed-ids", test_changed_ids);
  ADD ("list-follows-rows", test_list_follows_rows);
  ADD ("latest-samples", test_latest_samples);
  ADD ("migrate-v1", test_migrate_v1);
  ADD ("migrate-v2", test_migrate_v2);
  ADD ("recent-check", test_recent_check);
  ADD ("background-edit", test_background_edit);
  ADD ("set-columns", test_set_columns);
  ADD ("set-columns-if", test_set_columns_if);
  ADD ("unannounced-background", test_unannounced_background);
  ADD ("get-columns", test_get_columns);
#undef ADD

  return g_test_run ();
}
