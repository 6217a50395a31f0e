/* test-journey-share.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include "wm-demo-private.h"
#include "wm-journey-share.h"
#include "wm-merge.h"
#include "wm-test-util.h"

/* One journey mailed as its own project lands in another project with its
 * personas, channels and KPIs matched. */

#define JOURNEY "Order online, pick up in store"

typedef struct
{
  char    *dir;
  WmStore *demo;
  char    *journey_path;
  WmStore *journey;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_path = NULL;
  gint64 id;

  fixture->dir = wm_test_make_temp_dir ();
  demo_path = g_build_filename (fixture->dir, "demo.waymark", NULL);
  fixture->demo = wm_demo_create_for_language (demo_path, "C", &error);
  g_assert_no_error (error);

  id = wm_journey_share_find (fixture->demo, JOURNEY, &error);
  g_assert_no_error (error);
  fixture->journey_path = g_build_filename (fixture->dir, "journey.waymark", NULL);
  g_assert_true (wm_journey_share_export (fixture->demo, id, fixture->journey_path, &error));
  g_assert_no_error (error);
  fixture->journey = wm_store_open (fixture->journey_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->demo);
  g_clear_object (&fixture->journey);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->journey_path);
}

static GPtrArray *
list (WmStore  *store,
      WmEntity  entity)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = wm_store_list (store, entity, WM_COLUMN_NONE, 0, &error);

  g_assert_no_error (error);

  return rows;
}

static void
assert_healthy (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = wm_store_check (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) journeys = list (fixture->journey, WM_ENTITY_JOURNEY);
  g_autoptr(GPtrArray) links = list (fixture->journey, WM_ENTITY_KPI_LINK);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) original = NULL;

  g_assert_cmpuint (journeys->len, ==, 1);
  original = wm_store_find_by_uuid (fixture->demo, WM_ENTITY_JOURNEY,
                                    wm_record_get_uuid (g_ptr_array_index (journeys, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_label (original), ==, JOURNEY);

  /* Only the journey's own personas and KPIs, the whole brand voice. */
  g_assert_cmpint (wm_test_count (fixture->journey, WM_ENTITY_PERSONA), >=, 1);
  g_assert_cmpint (wm_test_count (fixture->journey, WM_ENTITY_PERSONA), <,
                   wm_test_count (fixture->demo, WM_ENTITY_PERSONA));
  g_assert_cmpint (wm_test_count (fixture->journey, WM_ENTITY_KPI), <,
                   wm_test_count (fixture->demo, WM_ENTITY_KPI));
  g_assert_cmpint (wm_test_count (fixture->journey, WM_ENTITY_VOICE_RULE), ==,
                   wm_test_count (fixture->demo, WM_ENTITY_VOICE_RULE));
  {
    g_autoptr(GPtrArray) stages = wm_store_list (fixture->demo, WM_ENTITY_STAGE,
                                                 WM_STAGE_JOURNEY_ID,
                                                 wm_record_get_id (original), &error);

    g_assert_cmpint (wm_test_count (fixture->journey, WM_ENTITY_STAGE), ==, stages->len);
  }
  /* Every link leads into the journey. */
  for (guint i = 0; i < links->len; i++)
    {
      WmRecord *link = g_ptr_array_index (links, i);

      g_assert_true (wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID) != 0 ||
                     wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID) != 0 ||
                     wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID) != 0);
    }
  assert_healthy (fixture->journey);
}

/* Into a project that has a persona of the same name: it is matched, not
 * copied; the import is one undo step. */
static void
test_import_matches_by_name (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) target = wm_test_create_store (fixture->dir, "team.waymark", NULL);
  g_autoptr(GPtrArray) personas = list (fixture->journey, WM_ENTITY_PERSONA);
  const char *name = wm_record_get_label (g_ptr_array_index (personas, 0));
  gint64 persona = wm_test_insert_named (target, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, name);
  gint64 journey = wm_journey_share_find (fixture->journey, NULL, &error);
  gint64 imported;

  wm_store_clear_history (target);
  imported = wm_journey_share_import (target, fixture->journey, journey, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (imported, >, 0);
  assert_healthy (target);

  /* The journey's persona is the project's. */
  g_assert_cmpint (wm_test_count (target, WM_ENTITY_PERSONA), ==, personas->len);
  {
    g_autoptr(GPtrArray) members = wm_store_list (target, WM_ENTITY_JOURNEY_PERSONA,
                                                  WM_JOURNEY_PERSONA_JOURNEY_ID, imported,
                                                  &error);
    gboolean found = FALSE;

    for (guint i = 0; i < members->len; i++)
      found |= wm_record_get_ref (g_ptr_array_index (members, i),
                                  WM_JOURNEY_PERSONA_PERSONA_ID) == persona;
    g_assert_true (found);
  }
  /* Channels by their key: none added to the seeded ones. */
  g_assert_cmpint (wm_test_count (target, WM_ENTITY_CHANNEL), ==, 11);
  g_assert_cmpint (wm_test_count (target, WM_ENTITY_STAGE), ==,
                   wm_test_count (fixture->journey, WM_ENTITY_STAGE));

  g_assert_true (wm_store_can_undo (target));
  g_assert_true (wm_store_undo (target, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (target, WM_ENTITY_JOURNEY), ==, 0);
  g_assert_false (wm_store_can_undo (target));

  /* And again: the same journey cannot come in twice. */
  g_assert_true (wm_store_redo (target, &error));
  g_assert_cmpint (wm_journey_share_import (target, fixture->journey, journey, NULL, &error),
                   ==, 0);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
}

/* Two personas of the name: refused and unchanged until chosen. */
static void
test_import_ambiguous (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) target = wm_test_create_store (fixture->dir, "team.waymark", NULL);
  g_autoptr(GPtrArray) personas = list (fixture->journey, WM_ENTITY_PERSONA);
  WmRecord *persona = g_ptr_array_index (personas, 0);
  gint64 journey = wm_journey_share_find (fixture->journey, NULL, &error);
  g_autoptr(GPtrArray) ambiguities = NULL;
  g_autoptr(GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WmRecord) second = NULL;
  WmJourneyAmbiguity *ambiguity;
  gint64 second_id;

  wm_test_insert_named (target, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0,
                        wm_record_get_label (persona));
  second_id = wm_test_insert_named (target, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0,
                                    wm_record_get_label (persona));
  wm_store_clear_history (target);

  g_assert_cmpint (wm_journey_share_import (target, fixture->journey, journey, NULL, &error),
                   ==, 0);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_count (target, WM_ENTITY_JOURNEY), ==, 0);
  g_assert_false (wm_store_can_undo (target));

  ambiguities = wm_journey_share_ambiguities (target, fixture->journey, journey, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ambiguities->len, ==, 1);
  ambiguity = g_ptr_array_index (ambiguities, 0);
  g_assert_cmpint (ambiguity->entity, ==, WM_ENTITY_PERSONA);
  g_assert_cmpuint (ambiguity->candidates->len, ==, 2);

  second = wm_store_get (target, WM_ENTITY_PERSONA, second_id, &error);
  g_hash_table_insert (choices, ambiguity->uuid, (gpointer) wm_record_get_uuid (second));
  g_assert_cmpint (wm_journey_share_import (target, fixture->journey, journey, choices, &error),
                   >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (target, WM_ENTITY_PERSONA), ==, 2 + personas->len - 1);
  assert_healthy (target);
}

static WmRecord *
touchpoint_of (WmStore *store,
               gint64   journey,
               guint    index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT,
                                                    WM_TOUCHPOINT_JOURNEY_ID, journey, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (index, <, touchpoints->len);

  return g_object_ref (g_ptr_array_index (touchpoints, index));
}

static WmRecord *
by_uuid (WmStore    *store,
         WmEntity    entity,
         const char *uuid)
{
  g_autoptr(GError) error = NULL;
  WmRecord *record = wm_store_find_by_uuid (store, entity, uuid, &error);

  g_assert_no_error (error);

  return record;
}

/* Merges journey @journey of @theirs into @ours, written to @out_path as a
 * healthy project, with no conflict. */
static WmMerge *
bring_back (WmStore    *ours,
            WmStore    *theirs,
            const char *journey,
            const char *out_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) out = NULL;
  WmMerge *merge = wm_merge_new_journey (ours, theirs, journey, &error);
  GPtrArray *conflicts;

  g_assert_no_error (error);
  conflicts = wm_merge_run (merge, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_true (wm_merge_write (merge, out_path, &error));
  g_assert_no_error (error);
  out = wm_store_open (out_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  assert_healthy (out);

  return merge;
}

/* A journey exported, edited elsewhere and brought back: its changes come
 * in, what was changed here since stays, and nothing outside the journey
 * counts as deleted because the export did not hold it. A plain merge of
 * the two files would take the project's other journeys for deleted. */
static void
test_bring_back (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_path = g_strdup (wm_store_get_path (fixture->demo));
  g_autofree char *copy_path = g_build_filename (fixture->dir, "to-be.waymark", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "out.waymark", NULL);
  g_autoptr(WmStore) copy = NULL;
  g_autoptr(WmStore) out = NULL;
  g_autoptr(WmRecord) to_be = NULL;
  g_autoptr(WmRecord) renamed = NULL;
  g_autoptr(WmRecord) removed = NULL;
  g_autoptr(WmRecord) edited_here = NULL;
  g_autoptr(WmRecord) result = NULL;
  g_autoptr(WmRecord) other = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autofree char *added = NULL;
  gint64 as_is = wm_journey_share_find (fixture->demo, "Software upgrade support", &error);
  gint64 to_be_id = wm_journey_share_find (fixture->demo, "Software upgrade support (to-be)",
                                           &error);
  gint64 order = wm_journey_share_find (fixture->demo, JOURNEY, &error);
  gint64 n_journeys = wm_test_count (fixture->demo, WM_ENTITY_JOURNEY);
  gint64 n_touchpoints = wm_test_count (fixture->demo, WM_ENTITY_TOUCHPOINT);
  gint64 n_samples;

  g_assert_no_error (error);
  /* The demo was made long before it was shared. */
  wm_test_age_rows (demo_path, 1700000000);
  to_be = wm_store_get (fixture->demo, WM_ENTITY_JOURNEY, to_be_id, &error);
  g_assert_cmpint (wm_record_get_ref (to_be, WM_JOURNEY_AS_IS_JOURNEY_ID), ==, as_is);
  {
    sqlite3 *db = wm_test_open_raw (demo_path, FALSE);

    n_samples = wm_test_query_int (db, "SELECT count(*) FROM kpi_sample");
    sqlite3_close (db);
  }

  /* The to-be journey goes to a colleague, without its as-is. */
  g_assert_true (wm_journey_share_export (fixture->demo, to_be_id, copy_path, &error));
  g_assert_no_error (error);
  copy = wm_store_open (copy_path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (copy, WM_ENTITY_JOURNEY), ==, 1);

  /* They rename one touchpoint, delete another and add a third. */
  renamed = touchpoint_of (fixture->demo, to_be_id, 0);
  removed = touchpoint_of (fixture->demo, to_be_id, 1);
  edited_here = touchpoint_of (fixture->demo, to_be_id, 2);
  {
    g_autoptr(WmRecord) theirs = by_uuid (copy, WM_ENTITY_TOUCHPOINT,
                                          wm_record_get_uuid (renamed));
    g_autoptr(WmRecord) gone = by_uuid (copy, WM_ENTITY_TOUCHPOINT,
                                        wm_record_get_uuid (removed));
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);

    g_assert_true (wm_store_set_string (copy, wm_record_get_id (theirs), WM_TOUCHPOINT_TITLE,
                                        "Renamed by a colleague", &error));
    g_assert_true (wm_store_delete (copy, WM_ENTITY_TOUCHPOINT, wm_record_get_id (gone),
                                    &error));
    wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID,
                       wm_record_get_ref (theirs, WM_TOUCHPOINT_JOURNEY_ID));
    wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID,
                       wm_record_get_ref (theirs, WM_TOUCHPOINT_STAGE_ID));
    wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID,
                       wm_record_get_ref (theirs, WM_TOUCHPOINT_LANE_ID));
    wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, "Added by a colleague");
    g_assert_cmpint (wm_store_insert (copy, draft, &error), >, 0);
    g_assert_no_error (error);
    added = g_strdup (wm_record_get_uuid (draft));
  }

  /* Meanwhile, here: another journey renamed, a touchpoint of this one
   * edited. */
  g_assert_true (wm_store_set_string (fixture->demo, order, WM_JOURNEY_NAME, "Click and collect",
                                      &error));
  g_assert_true (wm_store_set_string (fixture->demo, wm_record_get_id (edited_here),
                                      WM_TOUCHPOINT_TITLE, "Edited here", &error));
  g_assert_no_error (error);

  merge = bring_back (fixture->demo, copy, wm_record_get_uuid (to_be), out_path);
  out = wm_store_open (out_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  /* Nothing of the project lost; the other journey as renamed here. */
  g_assert_cmpint (wm_test_count (out, WM_ENTITY_JOURNEY), ==, n_journeys);
  g_assert_cmpint (wm_test_count (out, WM_ENTITY_TOUCHPOINT), ==, n_touchpoints);
  other = wm_store_get (out, WM_ENTITY_JOURNEY, order, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_label (other), ==, "Click and collect");
  {
    sqlite3 *db = wm_test_open_raw (out_path, FALSE);

    g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM kpi_sample"), ==, n_samples);
    sqlite3_close (db);
  }

  /* The to-be keeps its as-is, which the export left out. */
  result = by_uuid (out, WM_ENTITY_JOURNEY, wm_record_get_uuid (to_be));
  g_assert_cmpint (wm_record_get_ref (result, WM_JOURNEY_AS_IS_JOURNEY_ID), ==, as_is);

  /* Their three changes came in, the edit made here stayed. */
  g_clear_object (&result);
  result = by_uuid (out, WM_ENTITY_TOUCHPOINT, wm_record_get_uuid (renamed));
  g_assert_cmpstr (wm_record_get_string (result, WM_TOUCHPOINT_TITLE), ==,
                   "Renamed by a colleague");
  g_clear_object (&result);
  g_assert_null (wm_store_find_by_uuid (out, WM_ENTITY_TOUCHPOINT, wm_record_get_uuid (removed),
                                        NULL));
  result = by_uuid (out, WM_ENTITY_TOUCHPOINT, added);
  g_assert_cmpstr (wm_record_get_string (result, WM_TOUCHPOINT_TITLE), ==,
                   "Added by a colleague");
  g_clear_object (&result);
  result = by_uuid (out, WM_ENTITY_TOUCHPOINT, wm_record_get_uuid (edited_here));
  g_assert_cmpstr (wm_record_get_string (result, WM_TOUCHPOINT_TITLE), ==, "Edited here");

  /* Into the open project, as one step Undo takes back, named for the
   * journey as the project knows it. */
  g_assert_cmpstr (wm_merge_get_journey_name (merge), ==, "Software upgrade support (to-be)");
  wm_store_clear_history (fixture->demo);
  g_assert_true (wm_merge_apply (merge, fixture->demo, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->demo), ==,
                   "Merge the changes to “Software upgrade support (to-be)”");
  g_assert_cmpint (wm_test_count (fixture->demo, WM_ENTITY_JOURNEY), ==, n_journeys);
  g_clear_object (&result);
  result = by_uuid (fixture->demo, WM_ENTITY_TOUCHPOINT, added);
  g_assert_nonnull (result);
  g_assert_true (wm_store_undo (fixture->demo, &error));
  g_assert_no_error (error);
  g_assert_null (wm_store_find_by_uuid (fixture->demo, WM_ENTITY_TOUCHPOINT, added, NULL));
}

/* A journey imported into another project, whose personas, channels and
 * KPIs it matched by name, comes back from the project it was made in: it
 * merges as cleanly as at home, through the same matches. */
static void
test_bring_back_elsewhere (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *export_path = g_build_filename (fixture->dir, "order.waymark", NULL);
  g_autofree char *copy_path = g_build_filename (fixture->dir, "order-2.waymark", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "out.waymark", NULL);
  g_autoptr(WmStore) exported = NULL;
  g_autoptr(WmStore) copy = NULL;
  g_autoptr(WmStore) team = wm_test_create_store (fixture->dir, "team.waymark", NULL);
  g_autoptr(WmStore) out = NULL;
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(WmRecord) touchpoint = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  gint64 id;

  wm_test_age_rows (wm_store_get_path (fixture->demo), 1700000000);
  id = wm_journey_share_find (fixture->demo, JOURNEY, &error);
  g_assert_true (wm_journey_share_export (fixture->demo, id, export_path, &error));
  g_assert_no_error (error);
  exported = wm_store_open (export_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  id = wm_journey_share_find (exported, NULL, &error);
  journey = wm_store_get (exported, WM_ENTITY_JOURNEY, id, &error);
  g_assert_cmpint (wm_journey_share_import (team, exported, id, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* The journey's home sends it again, one touchpoint renamed. */
  g_assert_true (wm_store_save_copy (exported, copy_path, &error));
  copy = wm_store_open (copy_path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  touchpoints = wm_store_list (copy, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0, &error);
  touchpoint = g_object_ref (g_ptr_array_index (touchpoints, 0));
  g_assert_true (wm_store_set_string (copy, wm_record_get_id (touchpoint), WM_TOUCHPOINT_TITLE,
                                      "Renamed at home", &error));
  g_assert_no_error (error);

  merge = bring_back (team, copy, wm_record_get_uuid (journey), out_path);
  out = wm_store_open (out_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  /* The rename, and nothing of the other project's added twice. */
  g_clear_object (&touchpoint);
  touchpoint = by_uuid (out, WM_ENTITY_TOUCHPOINT,
                        wm_record_get_uuid (g_ptr_array_index (touchpoints, 0)));
  g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE), ==, "Renamed at home");
  for (WmEntity e = 0; e < WM_N_ENTITIES; e++)
    g_assert_cmpint (wm_test_count (out, e), ==, wm_test_count (team, e));
}

/* Only a journey both files hold can be brought back. */
static void
test_bring_back_unknown (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = wm_merge_new_journey (fixture->demo, fixture->journey,
                                                   "00000000-0000-4000-8000-000000000000",
                                                   &error);

  g_assert_null (merge);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/journey-share/export", test_export);
  ADD ("/waymark/journey-share/import-matches-by-name", test_import_matches_by_name);
  ADD ("/waymark/journey-share/import-ambiguous", test_import_ambiguous);
  ADD ("/waymark/journey-share/bring-back", test_bring_back);
  ADD ("/waymark/journey-share/bring-back-elsewhere", test_bring_back_elsewhere);
  ADD ("/waymark/journey-share/bring-back-unknown", test_bring_back_unknown);

  return g_test_run ();
}
