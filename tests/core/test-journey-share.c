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

  return g_test_run ();
}
