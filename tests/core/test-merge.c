/* test-merge.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include "wm-interchange.h"
#include "wm-merge.h"
#include "wm-test-util.h"

/* Three-way merge: two copies of one project edited apart merge into what a
 * person would have made by hand; real conflicts are listed and resolved by
 * the side chosen. */

typedef struct
{
  char    *dir;
  char    *base_path;
  char    *ours_path;
  char    *theirs_path;
  char    *out_path;
  WmStore *base;
  WmStore *ours;
  WmStore *theirs;
  gint64   journey;
} Fixture;

static WmStore *
copy_of (WmStore    *store,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  WmStore *copy;

  g_assert_true (wm_store_save_copy (store, path, &error));
  g_assert_no_error (error);
  copy = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  return copy;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->base = wm_test_create_store (fixture->dir, "base.waymark", &fixture->base_path);
  fixture->journey = wm_test_build_journey (fixture->base, "Journey", 3, 2);
  wm_test_insert_named (fixture->base, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "P1");
  wm_test_insert_named (fixture->base, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "P2");
  fixture->ours_path = g_build_filename (fixture->dir, "ours.waymark", NULL);
  fixture->theirs_path = g_build_filename (fixture->dir, "theirs.waymark", NULL);
  fixture->out_path = g_build_filename (fixture->dir, "out.waymark", NULL);
  fixture->ours = copy_of (fixture->base, fixture->ours_path);
  fixture->theirs = copy_of (fixture->base, fixture->theirs_path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->base);
  g_clear_object (&fixture->ours);
  g_clear_object (&fixture->theirs);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->base_path);
  g_free (fixture->ours_path);
  g_free (fixture->theirs_path);
  g_free (fixture->out_path);
}

static WmRecord *
nth (WmStore    *store,
     WmEntity    entity,
     guint       index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, WM_COLUMN_NONE, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (index, <, rows->len);

  return g_object_ref (g_ptr_array_index (rows, index));
}

static gint64
nth_id (WmStore  *store,
        WmEntity  entity,
        guint     index)
{
  g_autoptr(WmRecord) record = nth (store, entity, index);

  return wm_record_get_id (record);
}

static void
set_string (WmStore    *store,
            gint64      id,
            WmColumnId  column,
            const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (store, id, column, value, &error));
  g_assert_no_error (error);
}

static void
delete (WmStore  *store,
        WmEntity  entity,
        gint64    id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_delete (store, entity, id, &error));
  g_assert_no_error (error);
}

/* The project's JSON form without modification times, which say when the
 * edits were made rather than what they made. */
static char *
normalized_export (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\"modified_at\": -?[0-9]+", 0, 0, NULL);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  json = wm_interchange_export (store, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));

  return g_regex_replace_literal (regex, text, -1, 0, "", 0, NULL);
}

static GPtrArray *
run_merge (Fixture     *fixture,
           WmMergeSide  side,
           WmMerge    **out)
{
  g_autoptr(GError) error = NULL;
  WmMerge *merge = wm_merge_new (fixture->base, fixture->ours, fixture->theirs, &error);
  GPtrArray *conflicts;

  g_assert_no_error (error);
  wm_merge_set_default (merge, side);
  conflicts = wm_merge_run (merge, &error);
  g_assert_no_error (error);
  *out = merge;

  return conflicts;
}

static void
assert_healthy (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) findings = NULL;

  g_assert_no_error (error);
  findings = wm_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
}

/* Different columns and different rows: no conflict, both kept, and the
 * result equals the project made by hand with both people's edits. */
static void
test_clean (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autofree char *expected_path = g_build_filename (fixture->dir, "expected.waymark", NULL);
  g_autoptr(WmStore) expected = NULL;
  g_autofree char *theirs_touchpoint = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *wanted = NULL;
  gint64 stage0 = nth_id (fixture->base, WM_ENTITY_STAGE, 0);
  gint64 p1 = nth_id (fixture->base, WM_ENTITY_PERSONA, 0);
  gint64 p2 = nth_id (fixture->base, WM_ENTITY_PERSONA, 1);
  gint64 stage2 = nth_id (fixture->base, WM_ENTITY_STAGE, 2);
  gint64 lane0 = nth_id (fixture->base, WM_ENTITY_LANE, 0);
  GPtrArray *conflicts;

  /* Ours renames a stage, adds one and edits a persona's role. */
  set_string (fixture->ours, stage0, WM_STAGE_NAME, "Discover");
  wm_test_insert_named (fixture->ours, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey,
                        "Ours new stage");
  set_string (fixture->ours, p1, WM_PERSONA_ROLE, "Buyer");

  /* Theirs describes the same stage, deletes a persona, adds a touchpoint
   * and gives the first persona a quote. */
  set_string (fixture->theirs, stage0, WM_STAGE_DESCRIPTION, "Where it starts");
  delete (fixture->theirs, WM_ENTITY_PERSONA, p2);
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);
    gint64 id;

    wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, fixture->journey);
    wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID, stage2);
    wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, lane0);
    wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, "Theirs touchpoint");
    id = wm_store_insert (fixture->theirs, draft, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
    theirs_touchpoint = g_strdup (wm_record_get_uuid (draft));
  }
  set_string (fixture->theirs, p1, WM_PERSONA_QUOTE, "Just works");

  conflicts = run_merge (fixture, WM_MERGE_UNDECIDED, &merge);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  assert_healthy (fixture->out_path);

  /* By hand: ours, then their edits typed in again (their new touchpoint
   * copied with its uuid, as a colleague's row would be). */
  expected = copy_of (fixture->ours, expected_path);
  set_string (expected, stage0, WM_STAGE_DESCRIPTION, "Where it starts");
  delete (expected, WM_ENTITY_PERSONA, p2);
  set_string (expected, p1, WM_PERSONA_QUOTE, "Just works");
  g_clear_object (&expected);
  {
    sqlite3 *db = wm_test_open_raw (expected_path, TRUE);
    g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS t", fixture->theirs_path);
    g_autofree char *copy = g_strdup_printf ("INSERT INTO main.touchpoint SELECT * FROM "
                                             "t.touchpoint WHERE uuid = '%s'",
                                             theirs_touchpoint);

    wm_test_exec (db, attach);
    wm_test_exec (db, copy);
    sqlite3_close (db);
  }

  merged = normalized_export (fixture->out_path);
  wanted = normalized_export (expected_path);
  g_assert_cmpstr (merged, ==, wanted);
}

static void
test_value_conflict (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(WmRecord) stage = NULL;
  gint64 stage0 = nth_id (fixture->base, WM_ENTITY_STAGE, 0);
  GPtrArray *conflicts;
  WmConflict *conflict;

  set_string (fixture->ours, stage0, WM_STAGE_NAME, "Ours");
  set_string (fixture->theirs, stage0, WM_STAGE_NAME, "Theirs");

  conflicts = run_merge (fixture, WM_MERGE_UNDECIDED, &merge);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->kind, ==, WM_CONFLICT_VALUE);
  g_assert_cmpstr (conflict->column, ==, "name");
  g_assert_cmpstr (conflict->ours, ==, "Ours");
  g_assert_cmpstr (conflict->theirs, ==, "Theirs");

  /* Nothing is written while it is open. */
  g_assert_false (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  g_assert_false (g_file_test (fixture->out_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  wm_merge_choose (merge, conflict->key, WM_MERGE_THEIRS);
  conflicts = wm_merge_run (merge, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
  stage = nth (out, WM_ENTITY_STAGE, 0);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Theirs");
}

/* Ours edits a persona they deleted; ours deletes a stage they added a
 * touchpoint to. */
static void
test_delete_conflicts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 p2 = nth_id (fixture->base, WM_ENTITY_PERSONA, 1);
  gint64 stage2 = nth_id (fixture->base, WM_ENTITY_STAGE, 2);
  gint64 lane0 = nth_id (fixture->base, WM_ENTITY_LANE, 0);
  gint64 n_touchpoints = wm_test_count (fixture->base, WM_ENTITY_TOUCHPOINT);
  gint64 n_personas = wm_test_count (fixture->base, WM_ENTITY_PERSONA);
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);
  GPtrArray *conflicts;
  gboolean seen_edit_delete = FALSE, seen_dangling = FALSE;
  g_autoptr(WmRecord) p2_record = nth (fixture->base, WM_ENTITY_PERSONA, 1);
  const char *p2_name = wm_record_get_label (p2_record);

  set_string (fixture->ours, p2, WM_PERSONA_ROLE, "Still here");
  delete (fixture->theirs, WM_ENTITY_PERSONA, p2);
  delete (fixture->ours, WM_ENTITY_STAGE, stage2);
  wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, fixture->journey);
  wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID, stage2);
  wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, lane0);
  wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, "Late arrival");
  g_assert_cmpint (wm_store_insert (fixture->theirs, draft, &error), >, 0);

  {
    g_autoptr(WmMerge) merge = NULL;

    conflicts = run_merge (fixture, WM_MERGE_UNDECIDED, &merge);
    for (guint i = 0; i < conflicts->len; i++)
      {
        WmConflict *conflict = g_ptr_array_index (conflicts, i);

        if (conflict->kind == WM_CONFLICT_EDIT_DELETE)
          {
            seen_edit_delete = TRUE;
            g_assert_true (conflict->theirs_deleted);
            g_assert_cmpstr (conflict->label, ==, p2_name);
          }
        if (conflict->kind == WM_CONFLICT_DANGLING)
          {
            seen_dangling = TRUE;
            g_assert_cmpstr (conflict->label, ==, "Late arrival");
            g_assert_true (conflict->ours_deleted);
          }
      }
    g_assert_true (seen_edit_delete && seen_dangling);
  }

  /* Ours: the persona stays, the stage and their touchpoint on it go. */
  {
    g_autoptr(WmMerge) merge = NULL;
    g_autoptr(WmStore) out = NULL;

    g_assert_cmpuint (run_merge (fixture, WM_MERGE_OURS, &merge)->len, ==, 0);
    g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
    g_assert_no_error (error);
    assert_healthy (fixture->out_path);
    out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
    g_assert_cmpint (wm_test_count (out, WM_ENTITY_PERSONA), ==, n_personas);
    g_assert_cmpint (wm_test_count (out, WM_ENTITY_STAGE), ==, 2);
    g_assert_cmpint (wm_test_count (out, WM_ENTITY_TOUCHPOINT), ==, n_touchpoints - 2);
  }

  /* Theirs: the persona goes, the stage comes back for their touchpoint. */
  {
    g_autoptr(WmMerge) merge = NULL;
    g_autoptr(WmStore) out = NULL;

    g_assert_cmpuint (run_merge (fixture, WM_MERGE_THEIRS, &merge)->len, ==, 0);
    g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
    g_assert_no_error (error);
    assert_healthy (fixture->out_path);
    out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
    g_assert_cmpint (wm_test_count (out, WM_ENTITY_PERSONA), ==, n_personas - 1);
    g_assert_cmpint (wm_test_count (out, WM_ENTITY_STAGE), ==, 3);
  }
}

/* Both add stages at the end: all kept, each side's in its own order. */
static void
test_positions (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  static const char *const want[] = { "Stage 1", "Stage 2", "Stage 3", "O1", "O2", "T1", "T2" };

  wm_test_insert_named (fixture->ours, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey, "O1");
  wm_test_insert_named (fixture->ours, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey, "O2");
  wm_test_insert_named (fixture->theirs, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey,
                        "T1");
  wm_test_insert_named (fixture->theirs, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey,
                        "T2");

  g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
  stages = wm_store_list (out, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey, &error);
  g_assert_cmpuint (stages->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < stages->len; i++)
    {
      const char *name = wm_record_get_string (g_ptr_array_index (stages, i), WM_STAGE_NAME);

      if (i >= 3)
        g_assert_cmpstr (name, ==, want[i]);
    }
  assert_healthy (fixture->out_path);
}

/* Samples: the union by (KPI, time). */
static void
test_samples (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(GArray) merged = NULL;
  gint64 kpi = nth_id (fixture->base, WM_ENTITY_KPI, 0);
  WmSample ours[] = { { 100, 1 }, { 200, 2 } };
  WmSample theirs[] = { { 200, 2 }, { 300, 3 } };

  g_assert_true (wm_store_add_samples (fixture->ours, kpi, ours, 2, "o", &error));
  g_assert_true (wm_store_add_samples (fixture->theirs, kpi, theirs, 2, "o", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
  merged = wm_store_get_samples (out, kpi, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 3);
  g_assert_cmpint (g_array_index (merged, WmSample, 2).time, ==, 300);
}

/* A shared history: each side's edits and theirs' deletion are kept; a
 * KPI only they added comes with its samples. */
static void
test_sample_edits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(GArray) merged = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(WmRecord) their_kpi = NULL;
  g_autoptr(WmRecord) merged_kpi = NULL;
  gint64 kpi = nth_id (fixture->base, WM_ENTITY_KPI, 0);
  WmSample history[] = { { 10, 1 }, { 20, 2 }, { 30, 3 } };
  WmSample mine[] = { { 10, 11 } };
  WmSample theirs[] = { { 30, 33 } };
  WmStore *sides[] = { fixture->base, fixture->ours, fixture->theirs };
  gint64 new_kpi;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    g_assert_true (wm_store_add_samples (sides[i], kpi, history, 3, "h", &error));
  g_assert_true (wm_store_add_samples (fixture->ours, kpi, mine, 1, "h", &error));
  g_assert_true (wm_store_add_samples (fixture->theirs, kpi, theirs, 1, "h", &error));
  g_assert_no_error (error);
  {
    sqlite3 *db = wm_test_open_raw (fixture->theirs_path, TRUE);

    wm_test_exec (db, "DELETE FROM kpi_sample WHERE time = 20");
    sqlite3_close (db);
  }
  new_kpi = wm_test_insert_named (fixture->theirs, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "Theirs");
  g_assert_true (wm_store_add_samples (fixture->theirs, new_kpi, history, 3, "t", &error));
  their_kpi = wm_store_get (fixture->theirs, WM_ENTITY_KPI, new_kpi, &error);

  g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
  merged = wm_store_get_samples (out, kpi, 0, 1000, &error);
  g_assert_cmpuint (merged->len, ==, 2);
  g_assert_cmpfloat (g_array_index (merged, WmSample, 0).value, ==, 11);
  g_assert_cmpint (g_array_index (merged, WmSample, 1).time, ==, 30);
  g_assert_cmpfloat (g_array_index (merged, WmSample, 1).value, ==, 33);

  merged_kpi = wm_store_find_by_uuid (out, WM_ENTITY_KPI, wm_record_get_uuid (their_kpi), &error);
  g_assert_no_error (error);
  added = wm_store_get_samples (out, wm_record_get_id (merged_kpi), 0, 1000, &error);
  g_assert_cmpuint (added->len, ==, 3);
  assert_healthy (fixture->out_path);
}


/* Into the open project: the result, as one undo step; undone, the
 * project is as it was. */
static void
test_apply (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;
  g_autofree char *undone = NULL;
  gint64 stage0 = nth_id (fixture->base, WM_ENTITY_STAGE, 0);
  gint64 stage1 = nth_id (fixture->base, WM_ENTITY_STAGE, 1);
  gint64 p2 = nth_id (fixture->base, WM_ENTITY_PERSONA, 2);
  gint64 kpi = nth_id (fixture->base, WM_ENTITY_KPI, 0);
  WmSample samples[] = { { 100, 1 }, { 200, 2 } };

  set_string (fixture->ours, stage0, WM_STAGE_NAME, "Discover");
  wm_test_insert_named (fixture->ours, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey,
                        "Ours new stage");
  set_string (fixture->theirs, stage1, WM_STAGE_NAME, "Their stage");
  wm_test_insert_named (fixture->theirs, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey,
                        "Their new stage");
  delete (fixture->theirs, WM_ENTITY_PERSONA, p2);
  g_assert_true (wm_store_add_samples (fixture->theirs, kpi, samples, 2, "t", &error));
  g_assert_no_error (error);
  wm_store_clear_history (fixture->ours);
  before = normalized_export (fixture->ours_path);

  g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  /* A merge of the whole copy is about no one journey. */
  g_assert_null (wm_merge_get_journey_name (merge));
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_true (wm_merge_apply (merge, fixture->ours, "Merge", &error));
  g_assert_no_error (error);

  after = normalized_export (fixture->ours_path);
  written = normalized_export (fixture->out_path);
  g_assert_cmpstr (after, ==, written);
  assert_healthy (fixture->ours_path);
  g_assert_true (wm_store_can_undo (fixture->ours));
  g_assert_cmpstr (wm_store_get_undo_label (fixture->ours), ==, "Merge");

  g_assert_true (wm_store_undo (fixture->ours, &error));
  g_assert_no_error (error);
  g_assert_false (wm_store_can_undo (fixture->ours));
  undone = normalized_export (fixture->ours_path);
  g_assert_cmpstr (undone, ==, before);

  /* Into another project than the one it was made with: refused. */
  g_assert_false (wm_merge_apply (merge, fixture->theirs, NULL, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
}

/* Without a base */

static void
fixture_setup_apart (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->base = wm_test_create_store (fixture->dir, "base.waymark", &fixture->base_path);
  fixture->journey = wm_test_build_journey (fixture->base, "Journey", 3, 2);
  wm_test_insert_named (fixture->base, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "P1");
  wm_test_insert_named (fixture->base, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "P2");
  wm_test_age_rows (fixture->base_path, 1700000000);
  fixture->ours_path = g_build_filename (fixture->dir, "ours.waymark", NULL);
  fixture->theirs_path = g_build_filename (fixture->dir, "theirs.waymark", NULL);
  fixture->out_path = g_build_filename (fixture->dir, "out.waymark", NULL);
  fixture->ours = copy_of (fixture->base, fixture->ours_path);
  fixture->theirs = copy_of (fixture->base, fixture->theirs_path);
}

static GPtrArray *
run_merge_without_base (Fixture     *fixture,
                        WmMergeSide  side,
                        WmMerge    **out)
{
  g_autoptr(GError) error = NULL;
  WmMerge *merge = wm_merge_new (NULL, fixture->ours, fixture->theirs, &error);
  GPtrArray *conflicts;

  g_assert_no_error (error);
  wm_merge_set_default (merge, side);
  conflicts = wm_merge_run (merge, &error);
  g_assert_no_error (error);
  *out = merge;

  return conflicts;
}

/* Edits of different rows, a deletion of a row the other side left alone,
 * rows added on both sides: found without the base, and the result is the
 * project made by hand. */
static void
test_no_base_clean (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autofree char *expected_path = g_build_filename (fixture->dir, "expected.waymark", NULL);
  g_autoptr(WmStore) expected = NULL;
  g_autofree char *theirs_touchpoint = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *wanted = NULL;
  gint64 stage0 = nth_id (fixture->base, WM_ENTITY_STAGE, 0);
  gint64 stage1 = nth_id (fixture->base, WM_ENTITY_STAGE, 1);
  gint64 stage2 = nth_id (fixture->base, WM_ENTITY_STAGE, 2);
  gint64 p1 = nth_id (fixture->base, WM_ENTITY_PERSONA, 0);
  gint64 p2 = nth_id (fixture->base, WM_ENTITY_PERSONA, 1);
  gint64 lane0 = nth_id (fixture->base, WM_ENTITY_LANE, 0);
  GPtrArray *conflicts;

  /* Ours renames a stage, adds one and deletes a persona. */
  set_string (fixture->ours, stage0, WM_STAGE_NAME, "Discover");
  wm_test_insert_named (fixture->ours, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, fixture->journey,
                        "Ours new stage");
  delete (fixture->ours, WM_ENTITY_PERSONA, p2);

  /* Theirs describes another stage, quotes a persona, adds a touchpoint. */
  set_string (fixture->theirs, stage1, WM_STAGE_DESCRIPTION, "Where it goes on");
  set_string (fixture->theirs, p1, WM_PERSONA_QUOTE, "Just works");
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);

    wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, fixture->journey);
    wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID, stage2);
    wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, lane0);
    wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, "Theirs touchpoint");
    g_assert_cmpint (wm_store_insert (fixture->theirs, draft, &error), >, 0);
    g_assert_no_error (error);
    theirs_touchpoint = g_strdup (wm_record_get_uuid (draft));
  }

  conflicts = run_merge_without_base (fixture, WM_MERGE_UNDECIDED, &merge);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  assert_healthy (fixture->out_path);

  expected = copy_of (fixture->ours, expected_path);
  set_string (expected, stage1, WM_STAGE_DESCRIPTION, "Where it goes on");
  set_string (expected, p1, WM_PERSONA_QUOTE, "Just works");
  g_clear_object (&expected);
  {
    sqlite3 *db = wm_test_open_raw (expected_path, TRUE);
    g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS t", fixture->theirs_path);
    g_autofree char *copy = g_strdup_printf ("INSERT INTO main.touchpoint SELECT * FROM "
                                             "t.touchpoint WHERE uuid = '%s'",
                                             theirs_touchpoint);

    wm_test_exec (db, attach);
    wm_test_exec (db, copy);
    sqlite3_close (db);
  }

  merged = normalized_export (fixture->out_path);
  wanted = normalized_export (expected_path);
  g_assert_cmpstr (merged, ==, wanted);
}

/* Both changed a row since the newest common state: who changed what cannot
 * be told, so each differing column is a conflict; an edit of a row the
 * other deleted is one too. The side chosen decides. */
static void
test_no_base_conflicts (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(WmRecord) stage = NULL;
  gint64 stage0 = nth_id (fixture->base, WM_ENTITY_STAGE, 0);
  gint64 p2 = nth_id (fixture->base, WM_ENTITY_PERSONA, 1);
  gboolean seen_value = FALSE, seen_delete = FALSE;
  GPtrArray *conflicts;

  set_string (fixture->ours, stage0, WM_STAGE_NAME, "Ours");
  set_string (fixture->theirs, stage0, WM_STAGE_NAME, "Theirs");
  set_string (fixture->ours, p2, WM_PERSONA_ROLE, "Edited");
  delete (fixture->theirs, WM_ENTITY_PERSONA, p2);

  conflicts = run_merge_without_base (fixture, WM_MERGE_UNDECIDED, &merge);
  g_assert_cmpuint (conflicts->len, ==, 2);
  for (guint i = 0; i < conflicts->len; i++)
    {
      WmConflict *conflict = g_ptr_array_index (conflicts, i);

      if (conflict->kind == WM_CONFLICT_VALUE)
        {
          g_assert_cmpstr (conflict->column, ==, "name");
          g_assert_cmpstr (conflict->ours, ==, "Ours");
          g_assert_cmpstr (conflict->theirs, ==, "Theirs");
          seen_value = TRUE;
        }
      else
        {
          g_assert_cmpint (conflict->kind, ==, WM_CONFLICT_EDIT_DELETE);
          g_assert_true (conflict->theirs_deleted);
          seen_delete = TRUE;
        }
    }
  g_assert_true (seen_value && seen_delete);
  g_assert_false (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_pointer (&merge, wm_merge_free);

  conflicts = run_merge_without_base (fixture, WM_MERGE_THEIRS, &merge);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  assert_healthy (fixture->out_path);
  out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
  stage = nth (out, WM_ENTITY_STAGE, 0);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Theirs");
  g_assert_cmpint (wm_test_count (out, WM_ENTITY_PERSONA), ==,
                   wm_test_count (fixture->base, WM_ENTITY_PERSONA) - 1);
}

/* Samples without a base: the union by (KPI, time), ours where both hold a
 * time, nothing taken as deleted. */
static void
test_no_base_samples (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(GArray) merged = NULL;
  gint64 kpi = nth_id (fixture->base, WM_ENTITY_KPI, 0);
  WmSample ours[] = { { 100, 1 }, { 200, 2 } };
  WmSample theirs[] = { { 200, 22 }, { 300, 3 } };

  g_assert_true (wm_store_add_samples (fixture->ours, kpi, ours, 2, "o", &error));
  g_assert_true (wm_store_add_samples (fixture->theirs, kpi, theirs, 2, "t", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (run_merge_without_base (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  out = wm_store_open (fixture->out_path, WM_STORE_OPEN_READ_ONLY, &error);
  merged = wm_store_get_samples (out, kpi, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 3);
  g_assert_cmpfloat (g_array_index (merged, WmSample, 1).value, ==, 2);
  g_assert_cmpint (g_array_index (merged, WmSample, 2).time, ==, 300);
}

/* Copies that share no row unchanged: the merge says it needs the base. */
static void
test_no_base_needed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WmMerge *merge;

  wm_test_age_rows (fixture->theirs_path, 1700000001);
  merge = wm_merge_new (NULL, fixture->ours, fixture->theirs, &error);
  g_assert_null (merge);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "base"));
}

/* Theirs changed one sample in place, keeping the count: a source text,
 * a value by the last bit of its double. Both are changes, found by
 * comparing each value whole; samples the same on both sides change
 * nothing. */
static void
test_sample_in_place (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) out = NULL;
  gint64 kpi = nth_id (fixture->base, WM_ENTITY_KPI, 0);
  WmSample history[] = { { 10, 1 }, { 20, 2 }, { 30, 3 } };
  WmStore *sides[] = { fixture->base, fixture->ours, fixture->theirs };
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    g_assert_true (wm_store_add_samples (sides[i], kpi, history, 3, "h", &error));
  g_assert_no_error (error);
  db = wm_test_open_raw (fixture->theirs_path, TRUE);
  wm_test_exec (db, "UPDATE kpi_sample SET source = 'survey' WHERE time = 10;"
                    " UPDATE kpi_sample SET value = 2.0000000000000004 WHERE time = 20");
  sqlite3_close (db);

  g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->base);
  db = wm_test_open_raw (fixture->out_path, FALSE);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM kpi_sample"), ==, 3);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM kpi_sample"
                                          " WHERE time = 10 AND source = 'survey'"), ==, 1);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM kpi_sample"
                                          " WHERE time = 20 AND value = 2.0000000000000004"
                                          " AND value <> 2"), ==, 1);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM kpi_sample"
                                          " WHERE time = 30 AND value = 3 AND source = 'h'"), ==, 1);
  sqlite3_close (db);
  assert_healthy (fixture->out_path);
}

/* The result starts as a copy of ours and keeps the rows the merge left as
 * ours has them where they are, under ours' ids; a row whose values or
 * references changed is written again under its id; one the result drops
 * is gone, its bytes with it. */
static void
test_rows_in_place (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  gint64 stage0 = nth_id (fixture->base, WM_ENTITY_STAGE, 0);
  gint64 stage1 = nth_id (fixture->base, WM_ENTITY_STAGE, 1);
  gint64 p2 = nth_id (fixture->base, WM_ENTITY_PERSONA, 1);
  sqlite3 *db;
  g_autofree char *p2_uuid = NULL;

  {
    g_autoptr(WmRecord) record = wm_store_get (fixture->base, WM_ENTITY_PERSONA, p2, &error);

    p2_uuid = g_strdup (wm_record_get_uuid (record));
  }
  set_string (fixture->ours, stage0, WM_STAGE_NAME, "Ours");
  set_string (fixture->theirs, stage1, WM_STAGE_NAME, "Theirs");
  delete (fixture->theirs, WM_ENTITY_PERSONA, p2);

  g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
  g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
  g_assert_no_error (error);

  db = wm_test_open_raw (fixture->out_path, FALSE);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM stage WHERE name = 'Ours'"),
                   ==, 1);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM stage WHERE name = 'Theirs'"),
                   ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM stage WHERE id IN (%"
                                            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                                            stage0, stage1);

    g_assert_cmpint (wm_test_query_int (db, sql), ==, 2);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM persona WHERE uuid = '%s'",
                                            p2_uuid);

    g_assert_cmpint (wm_test_query_int (db, sql), ==, 0);
  }
  sqlite3_close (db);
  assert_healthy (fixture->out_path);

  /* Nothing of the deleted persona is left in the file's free pages. */
  {
    g_autofree char *bytes = NULL;
    gsize length;

    gsize n = strlen (p2_uuid);

    g_assert_true (g_file_get_contents (fixture->out_path, &bytes, &length, NULL));
    for (gsize i = 0; i + n <= length; i++)
      g_assert_false (bytes[i] == p2_uuid[0] && memcmp (bytes + i, p2_uuid, n) == 0);
  }
}

/* The bytes of @table's pages in the file at @path, in the order dbstat
 * walks them. */
static GBytes *
table_bytes (const char *path,
             const char *table)
{
  sqlite3 *db = wm_test_open_raw (path, FALSE);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *file = NULL;
  gsize length = 0;
  GByteArray *bytes = g_byte_array_new ();

  g_assert_true (g_file_get_contents (path, &file, &length, NULL));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pgoffset, pgsize FROM dbstat WHERE name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 offset = sqlite3_column_int64 (stmt, 0);
      gint64 size = sqlite3_column_int64 (stmt, 1);

      g_assert_cmpint (offset + size, <=, (gint64) length);
      g_byte_array_append (bytes, (const guint8 *) file + offset, (guint) size);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_byte_array_free_to_bytes (bytes);
}

static void
assert_samples (const char *path,
                const char *expected)
{
  sqlite3 *db = wm_test_open_raw (path, FALSE);
  g_autofree char *samples = wm_test_query_text (db, "SELECT group_concat (time || '=' || value"
                                                     " || '/' || source, ' ') FROM"
                                                     " (SELECT * FROM kpi_sample ORDER BY time)");

  sqlite3_close (db);
  g_assert_cmpstr (samples, ==, expected);
}

/* Samples theirs did not touch bring nothing, however their file holds
 * them: in the very pages of the base's (told without reading a row), in
 * other pages (read and compared row by row), or with theirs' edit in a
 * write-ahead log beside an unchanged file, which is never taken for the
 * base's pages. */
static void
test_samples_untouched (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 kpi = nth_id (fixture->base, WM_ENTITY_KPI, 0);
  WmSample history[] = { { 10, 1 }, { 20, 2 }, { 30, 3 } };
  WmSample mine[] = { { 20, 22 }, { 40, 4 } };
  WmStore *sides[] = { fixture->base, fixture->ours, fixture->theirs };
  g_autoptr(GBytes) base_pages = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    g_assert_true (wm_store_add_samples (sides[i], kpi, history, 3, "h", &error));
  g_assert_true (wm_store_add_samples (fixture->ours, kpi, mine, 2, "o", &error));
  g_assert_no_error (error);
  base_pages = table_bytes (fixture->base_path, "kpi_sample");

  for (guint variant = 0; variant < 3; variant++)
    {
      g_autoptr(WmMerge) merge = NULL;
      g_autoptr(GBytes) their_pages = NULL;

      if (variant == 1)
        {
          /* Many samples added and taken away again: the same rows, in
           * pages of other bytes. */
          sqlite3 *db = wm_test_open_raw (fixture->theirs_path, TRUE);

          wm_test_exec (db, "WITH RECURSIVE i (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i"
                            "  WHERE n < 2000)"
                            " INSERT INTO kpi_sample (kpi_id, time, value, source)"
                            " SELECT (SELECT min (id) FROM kpi), 1000 + n, n,"
                            "  printf ('%.200c', 'x') FROM i;"
                            " DELETE FROM kpi_sample WHERE time > 1000");
          sqlite3_close (db);
        }
      else if (variant == 2)
        {
          /* Their edit in the log only: the file keeps the base's pages. */
          sqlite3 *db;

          g_clear_object (&fixture->theirs);
          g_assert_true (wm_store_save_copy (fixture->base, fixture->theirs_path, &error));
          g_assert_no_error (error);
          db = wm_test_open_raw (fixture->theirs_path, TRUE);
          sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
          wm_test_exec (db, "PRAGMA journal_mode = WAL;"
                            " UPDATE kpi_sample SET value = 33 WHERE time = 30");
          sqlite3_close (db);
          g_assert_true (g_file_test (fixture->theirs_path, G_FILE_TEST_EXISTS));
          fixture->theirs = wm_store_open (fixture->theirs_path, WM_STORE_OPEN_READ_ONLY,
                                           &error);
          g_assert_no_error (error);
        }

      their_pages = table_bytes (fixture->theirs_path, "kpi_sample");
      if (variant == 1)
        g_assert_false (g_bytes_equal (their_pages, base_pages));
      else
        g_assert_true (g_bytes_equal (their_pages, base_pages));

      g_assert_cmpuint (run_merge (fixture, WM_MERGE_UNDECIDED, &merge)->len, ==, 0);
      g_assert_true (wm_merge_write (merge, fixture->out_path, &error));
      g_assert_no_error (error);
      assert_samples (fixture->out_path, variant < 2 ? "10=1.0/h 20=22.0/o 30=3.0/h 40=4.0/o"
                                                     : "10=1.0/h 20=22.0/o 30=33.0/h 40=4.0/o");
      assert_healthy (fixture->out_path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/merge/clean", test_clean);
  ADD ("/waymark/merge/value-conflict", test_value_conflict);
  ADD ("/waymark/merge/delete-conflicts", test_delete_conflicts);
  ADD ("/waymark/merge/positions", test_positions);
  ADD ("/waymark/merge/samples", test_samples);
  ADD ("/waymark/merge/sample-edits", test_sample_edits);
  ADD ("/waymark/merge/sample-in-place", test_sample_in_place);
  ADD ("/waymark/merge/samples-untouched", test_samples_untouched);
  ADD ("/waymark/merge/rows-in-place", test_rows_in_place);
  ADD ("/waymark/merge/apply", test_apply);

#define ADD_APART(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup_apart, func, fixture_teardown)
  ADD_APART ("/waymark/merge/no-base/clean", test_no_base_clean);
  ADD_APART ("/waymark/merge/no-base/conflicts", test_no_base_conflicts);
  ADD_APART ("/waymark/merge/no-base/samples", test_no_base_samples);
  ADD_APART ("/waymark/merge/no-base/needs-base", test_no_base_needed);

  return g_test_run ();
}
