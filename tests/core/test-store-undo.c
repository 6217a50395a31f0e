/* test-store-undo.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include "wm-record-list.h"
#include "wm-test-util.h"

/* Undo and redo, the notifications that go with every change, and record
 * lists following the store. Projects are compared through a dump of every
 * table, so "undone" means byte-for-byte the data it was. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
  /* "changed" signals seen */
  GArray  *masks;
} Fixture;

static void
changed_cb (WmStore *store,
            guint64  mask,
            Fixture *fixture)
{
  g_array_append_val (fixture->masks, mask);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "undo.waymark", &fixture->path);
  fixture->masks = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_array_unref (fixture->masks);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
dump (Fixture *fixture)
{
  return wm_test_dump_project (fixture->path);
}

static void
undo (WmStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
}

static void
redo (WmStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_redo (store, &error));
  g_assert_no_error (error);
}

static guint64
last_mask (Fixture *fixture)
{
  g_assert_cmpuint (fixture->masks->len, >, 0);

  return g_array_index (fixture->masks, guint64, fixture->masks->len - 1);
}

static void
test_insert (Fixture       *fixture,
             gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autofree char *initial = dump (fixture);
  g_autofree char *inserted = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);
  g_autoptr(WmRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  wm_record_set_string (draft, WM_JOURNEY_NAME, "Open an account");
  wm_record_set_string (draft, WM_JOURNEY_DESCRIPTION, "From first visit to first payment");
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);
  inserted = dump (fixture);
  g_assert_true (wm_store_can_undo (store));
  g_assert_false (wm_store_can_redo (store));
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY));

  undo (store);
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY));
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_JOURNEY, NULL), ==, 0);
  g_assert_null (wm_store_get (store, WM_ENTITY_JOURNEY, id, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  undone = dump (fixture);
  g_assert_cmpstr (undone, ==, initial);
  g_assert_false (wm_store_can_undo (store));
  g_assert_true (wm_store_can_redo (store));

  redo (store);
  back = wm_store_find_by_uuid (store, WM_ENTITY_JOURNEY, wm_record_get_uuid (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_record_get_id (back), ==, id);
  g_assert_cmpstr (wm_record_get_string (back, WM_JOURNEY_NAME), ==, "Open an account");
  g_assert_cmpstr (wm_record_get_string (back, WM_JOURNEY_DESCRIPTION), ==,
                   "From first visit to first payment");
  g_assert_cmpint (wm_record_get_created_at (back), ==, wm_record_get_created_at (draft));
  redone = dump (fixture);
  g_assert_cmpstr (redone, ==, inserted);

  /* Nothing left to redo. */
  g_assert_false (wm_store_redo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 id = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "NPS");
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) kpi = NULL;
  g_autofree char *before = NULL;

  g_assert_true (wm_store_set_double (store, id, WM_KPI_TARGET, 30.0, &error));
  g_assert_no_error (error);
  before = dump (fixture);

  g_assert_true (wm_store_set_double (store, id, WM_KPI_TARGET, 45.5, &error));
  g_assert_no_error (error);
  g_assert_true (wm_store_set_string (store, id, WM_KPI_NAME, "Net Promoter Score",
                                      &error));
  g_assert_no_error (error);

  undo (store);
  undo (store);
  kpi = wm_store_get (store, WM_ENTITY_KPI, id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (wm_record_get_double (kpi, WM_KPI_TARGET), ==, 30.0);
  g_assert_cmpstr (wm_record_get_string (kpi, WM_KPI_NAME), ==, "NPS");
  {
    g_autofree char *after = dump (fixture);

    g_assert_cmpstr (after, ==, before);
  }

  /* Unsetting is undone back to the value too. */
  undo (store);
  g_clear_object (&kpi);
  kpi = wm_store_get (store, WM_ENTITY_KPI, id, &error);
  g_assert_false (wm_record_is_set (kpi, WM_KPI_TARGET));
  redo (store);
  g_clear_object (&kpi);
  kpi = wm_store_get (store, WM_ENTITY_KPI, id, &error);
  g_assert_cmpfloat (wm_record_get_double (kpi, WM_KPI_TARGET), ==, 30.0);
}

static void
test_delete_cascade (Fixture       *fixture,
                     gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *deleted = NULL;
  gint64 journey, stages, touchpoints, links;

  wm_test_build_journey (store, "Other", 1, 1);
  journey = wm_test_build_journey (store, "Claims", 3, 2);
  g_assert_true (wm_store_add_samples (store, wm_test_insert (store, WM_ENTITY_KPI),
                                       (WmSample[]) { { 1, 2.0, 3 } }, 1, NULL, &error));
  before = dump (fixture);
  stages = wm_store_count (store, WM_ENTITY_STAGE, NULL);
  touchpoints = wm_store_count (store, WM_ENTITY_TOUCHPOINT, NULL);
  links = wm_store_count (store, WM_ENTITY_KPI_LINK, NULL);

  g_array_set_size (fixture->masks, 0);
  g_assert_true (wm_store_delete (store, WM_ENTITY_JOURNEY, journey, &error));
  g_assert_no_error (error);
  deleted = dump (fixture);
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_STAGE, NULL), ==, stages - 3);
  g_assert_cmpuint (fixture->masks->len, ==, 1);
  /* The cascade is part of the change, and of its mask. */
  g_assert_cmpint (last_mask (fixture) & WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY), !=, 0);
  g_assert_cmpint (last_mask (fixture) & WM_CHANGE_ENTITY (WM_ENTITY_STAGE), !=, 0);
  g_assert_cmpint (last_mask (fixture) & WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT), !=, 0);
  g_assert_cmpint (last_mask (fixture) & WM_CHANGE_ENTITY (WM_ENTITY_KPI_LINK), !=, 0);
  g_assert_cmpint (last_mask (fixture) & WM_CHANGE_ENTITY (WM_ENTITY_KPI), ==, 0);
  g_assert_cmpint (last_mask (fixture) & WM_CHANGE_SAMPLES, ==, 0);
  g_assert_cmpstr (wm_store_get_undo_label (store), !=, NULL);

  undo (store);
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_STAGE, NULL), ==, stages);
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_TOUCHPOINT, NULL), ==, touchpoints);
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_KPI_LINK, NULL), ==, links);
  {
    g_autofree char *undone = dump (fixture);

    g_assert_cmpstr (undone, ==, before);
  }

  redo (store);
  {
    g_autofree char *redone = dump (fixture);

    g_assert_cmpstr (redone, ==, deleted);
  }
  undo (store);
  {
    g_autofree char *undone = dump (fixture);

    g_assert_cmpstr (undone, ==, before);
  }
}

static void
test_grouped (Fixture       *fixture,
              gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump (fixture);
  g_autofree char *label = NULL;
  g_autofree char *after = NULL;
  gint64 journey;
  guint signals;

  wm_test_insert (store, WM_ENTITY_PERSONA);
  g_free (before);
  before = dump (fixture);
  signals = fixture->masks->len;

  g_assert_true (wm_store_begin_edit (store, "Add a journey map", &error));
  g_assert_no_error (error);
  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Map");
  for (guint i = 0; i < 3; i++)
    wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "Stage");
  /* Nested edits join the outer one. */
  g_assert_true (wm_store_begin_edit (store, "Inner", &error));
  wm_test_insert_named (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey, "Lane");
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);
  /* Nothing is announced before the edit is whole. */
  g_assert_cmpuint (fixture->masks->len, ==, signals);
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->masks->len, ==, signals + 1);
  g_assert_cmpint (last_mask (fixture), ==,
                   WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY) | WM_CHANGE_ENTITY (WM_ENTITY_STAGE) |
                   WM_CHANGE_ENTITY (WM_ENTITY_LANE));
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Add a journey map");
  g_object_get (store, "undo-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Add a journey map");
  after = dump (fixture);

  undo (store);
  {
    g_autofree char *undone = dump (fixture);

    g_assert_cmpstr (undone, ==, before);
  }
  g_assert_cmpstr (wm_store_get_redo_label (store), ==, "Add a journey map");
  g_assert_true (wm_store_can_undo (store));
  redo (store);
  {
    g_autofree char *redone = dump (fixture);

    g_assert_cmpstr (redone, ==, after);
  }
}

static void
test_new_edit_clears_redo (Fixture       *fixture,
                           gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;

  wm_test_insert (store, WM_ENTITY_JOURNEY);
  wm_test_insert (store, WM_ENTITY_JOURNEY);
  undo (store);
  g_assert_true (wm_store_can_redo (store));
  wm_test_insert (store, WM_ENTITY_PERSONA);
  g_assert_false (wm_store_can_redo (store));
  g_assert_null (wm_store_get_redo_label (store));
  g_assert_false (wm_store_redo (store, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_JOURNEY, NULL), ==, 1);
}

static void
test_rollback (Fixture       *fixture,
               gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint signals;

  wm_test_insert (store, WM_ENTITY_JOURNEY);
  before = dump (fixture);
  signals = fixture->masks->len;

  g_assert_true (wm_store_begin_edit (store, "Abandoned", &error));
  wm_test_insert (store, WM_ENTITY_JOURNEY);
  wm_test_insert (store, WM_ENTITY_STAGE);
  wm_store_rollback_edit (store);

  after = dump (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (fixture->masks->len, ==, signals);
  g_assert_cmpstr (wm_store_get_undo_label (store), !=, "Abandoned");
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_JOURNEY, NULL), ==, 1);

  /* The one step left is the first insert. */
  undo (store);
  g_assert_false (wm_store_can_undo (store));
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_JOURNEY, NULL), ==, 0);

  /* A commit without a begin is refused, and so is undo during an edit. */
  g_assert_false (wm_store_commit_edit (store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (wm_store_begin_edit (store, "Busy", &error));
  g_assert_false (wm_store_redo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  wm_store_rollback_edit (store);
  redo (store);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *counter)
{
  (*counter)++;
}

static void
test_properties (Fixture       *fixture,
                 gconstpointer  data)
{
  WmStore *store = fixture->store;
  guint can_undo_notified = 0, can_redo_notified = 0;
  gboolean can_undo = TRUE, can_redo = TRUE;

  g_signal_connect (store, "notify::can-undo", G_CALLBACK (notify_cb), &can_undo_notified);
  g_signal_connect (store, "notify::can-redo", G_CALLBACK (notify_cb), &can_redo_notified);

  g_object_get (store, "can-undo", &can_undo, "can-redo", &can_redo, NULL);
  g_assert_false (can_undo);
  g_assert_false (can_redo);

  wm_test_insert (store, WM_ENTITY_JOURNEY);
  g_assert_cmpuint (can_undo_notified, ==, 1);
  g_assert_cmpuint (can_redo_notified, ==, 0);
  g_object_get (store, "can-undo", &can_undo, NULL);
  g_assert_true (can_undo);

  /* A second edit changes the label, not whether there is something to undo:
   * the header bar's buttons are not told again. */
  can_undo_notified = can_redo_notified = 0;
  wm_test_insert (store, WM_ENTITY_JOURNEY);
  g_assert_cmpuint (can_undo_notified, ==, 0);
  g_assert_cmpuint (can_redo_notified, ==, 0);

  can_undo_notified = can_redo_notified = 0;
  undo (store);
  g_assert_cmpuint (can_undo_notified, ==, 0);
  g_assert_cmpuint (can_redo_notified, ==, 1);
  undo (store);
  g_assert_cmpuint (can_undo_notified, ==, 1);
  g_assert_cmpuint (can_redo_notified, ==, 1);
  g_object_get (store, "can-undo", &can_undo, "can-redo", &can_redo, NULL);
  g_assert_false (can_undo);
  g_assert_true (can_redo);

  can_undo_notified = can_redo_notified = 0;
  redo (store);
  g_assert_cmpuint (can_undo_notified, ==, 1);
  g_assert_cmpuint (can_redo_notified, ==, 0);
  redo (store);
  g_assert_cmpuint (can_redo_notified, ==, 1);
  g_object_get (store, "can-undo", &can_undo, "can-redo", &can_redo, NULL);
  g_assert_true (can_undo);
  g_assert_false (can_redo);

  can_undo_notified = can_redo_notified = 0;
  wm_store_clear_history (store);
  g_assert_cmpuint (can_undo_notified, ==, 1);
  g_assert_cmpuint (can_redo_notified, ==, 0);
  g_assert_false (wm_store_can_undo (store));
}

/* The header bar says what Undo would undo: the kind of edit and of item. */
static void
test_labels (Fixture       *fixture,
             gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  gint64 journey, first, second;

  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "J");
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Add journey");

  first = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "First");
  second = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "Second");
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Add stage");

  g_assert_true (wm_store_set_string (store, first, WM_STAGE_NAME, "Start", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Change stage");

  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, second, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Move stage");

  g_assert_true (wm_store_delete (store, WM_ENTITY_STAGE, first, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Delete stage");

  undo (store);
  g_assert_cmpstr (wm_store_get_redo_label (store), ==, "Delete stage");
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Move stage");
}

static void
test_changed_masks (Fixture       *fixture,
                    gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  gint64 kpi, journey, stage;

  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "J");
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY));
  stage = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "S");
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_STAGE));
  g_assert_true (wm_store_set_string (store, stage, WM_STAGE_NAME, "T", &error));
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_STAGE));
  kpi = wm_test_insert (store, WM_ENTITY_KPI);
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_KPI));
  g_assert_true (wm_store_add_samples (store, kpi, (WmSample[]) { { 10, 1.0, 0 } }, 1, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_SAMPLES);
  undo (store);
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_SAMPLES);
  g_assert_true (wm_store_set_string (store, 1, WM_PROJECT_NAME, "Renamed", &error));
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_PROJECT));
  g_assert_cmpstr (wm_store_get_name (store), ==, "Renamed");
  undo (store);
  g_assert_cmpint (last_mask (fixture), ==, WM_CHANGE_ENTITY (WM_ENTITY_PROJECT));
  /* The project record follows undo too. */
  g_assert_cmpstr (wm_store_get_name (store), !=, "Renamed");
}

/* 50 random edits, all undone, all redone. */
static void
random_edit (WmStore *store,
             GArray  *journeys,
             gint64   kpi,
             guint    step)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("Edit %u", step);
  gint64 journey = journeys->len > 0
                 ? g_array_index (journeys, gint64, g_test_rand_int_range (0, (int) journeys->len))
                 : 0;
  int op = journey == 0 ? 0 : g_test_rand_int_range (0, 7);

  switch (op)
    {
    case 0:
      journey = wm_test_build_journey (store, name, (guint) g_test_rand_int_range (1, 3), 1);
      g_array_append_val (journeys, journey);
      return;
    case 1:
      g_assert_true (wm_store_set_string (store, journey, WM_JOURNEY_DESCRIPTION, name,
                                          &error));
      break;
    case 2:
      wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, name);
      break;
    case 3:
      {
        g_autoptr(GPtrArray) stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey,
                                                     &error);

        if (stages->len > 1)
          g_assert_true (wm_store_move (store, WM_ENTITY_STAGE,
                                        wm_record_get_id (g_ptr_array_index (stages, 0)),
                                        stages->len - 1, &error));
        else
          {
            /* A real change: an edit that changes nothing is no undo step. */
            g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_JOURNEY, journey, &error);
            gboolean as_is = g_str_equal (wm_record_get_string (record, WM_JOURNEY_STATE), "as-is");

            g_assert_true (wm_store_set_string (store, journey, WM_JOURNEY_STATE, as_is ? "to-be" : "as-is", &error));
          }
      }
      break;
    case 4:
      g_assert_true (wm_store_delete (store, WM_ENTITY_JOURNEY, journey, &error));
      for (guint i = 0; i < journeys->len; i++)
        if (g_array_index (journeys, gint64, i) == journey)
          g_array_remove_index (journeys, i);
      break;
    case 5:
      {
        WmSample samples[] = {
          { g_test_rand_int_range (0, 20), g_test_rand_double_range (-100, 100), step },
          { g_test_rand_int_range (0, 20), g_test_rand_double_range (-100, 100), 0 },
        };

        g_assert_true (wm_store_add_samples (store, kpi, samples, 2, name, &error));
      }
      break;
    case 6:
      g_assert_true (wm_store_set_double (store, kpi, WM_KPI_TARGET, g_test_rand_double (), &error));
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
}

static void
test_random_edits (Fixture       *fixture,
                   gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GArray) journeys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *initial = NULL;
  g_autofree char *final = NULL;
  gint64 kpi = wm_test_insert (store, WM_ENTITY_KPI);
  guint steps = 0;

  wm_test_build_journey (store, "Start", 2, 2);
  wm_store_clear_history (store);
  initial = dump (fixture);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *label = g_strdup_printf ("Step %u", i);

      g_assert_true (wm_store_begin_edit (store, label, &error));
      random_edit (store, journeys, kpi, i);
      g_assert_true (wm_store_commit_edit (store, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (wm_store_get_undo_label (store), ==, label);
    }
  final = dump (fixture);
  g_assert_cmpstr (final, !=, initial);

  while (wm_store_can_undo (store))
    {
      undo (store);
      steps++;
    }
  g_assert_cmpuint (steps, ==, 50);
  {
    g_autofree char *undone = dump (fixture);

    g_assert_cmpstr (undone, ==, initial);
  }

  while (wm_store_can_redo (store))
    {
      redo (store);
      steps--;
    }
  g_assert_cmpuint (steps, ==, 0);
  {
    g_autofree char *redone = dump (fixture);

    g_assert_cmpstr (redone, ==, final);
  }
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(WmStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  wm_test_insert (fixture->store, WM_ENTITY_JOURNEY);
  before = wm_test_file_checksum (fixture->path);

  reader = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_is_read_only (reader));
  g_assert_nonnull (wm_store_get_read_only_reason (reader));
  g_assert_false (wm_store_can_undo (reader));
  /* Nothing to undo, and no right to: either reason is a clean refusal. */
  g_assert_false (wm_store_undo (reader, &error));
  g_assert_true (error->domain == WM_STORE_ERROR);
  g_assert_true (error->code == WM_STORE_ERROR_READ_ONLY || error->code == WM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (wm_store_redo (reader, &error));
  g_assert_true (error->domain == WM_STORE_ERROR);
  g_assert_true (error->code == WM_STORE_ERROR_READ_ONLY || error->code == WM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (wm_store_count (reader, WM_ENTITY_JOURNEY, &error), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&reader));

  after = wm_test_file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

/* Record lists */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *log)
{
  ItemsChanged change = { position, removed, added };

  g_assert_cmpuint (g_list_model_get_n_items (model) + removed - added, <=, G_MAXUINT);
  g_array_append_val (log, change);
}

static void
assert_changes (GArray             *log,
                const ItemsChanged *expected,
                guint               n_expected)
{
  g_assert_cmpuint (log->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      ItemsChanged *change = &g_array_index (log, ItemsChanged, i);

      g_assert_cmpuint (change->position, ==, expected[i].position);
      g_assert_cmpuint (change->removed, ==, expected[i].removed);
      g_assert_cmpuint (change->added, ==, expected[i].added);
    }
  g_array_set_size (log, 0);
}

static void
assert_list_ids (GListModel *model,
                 gint64     *ids,
                 guint       n_ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(WmRecord) record = g_list_model_get_item (model, i);

      g_assert_cmpint (wm_record_get_id (record), ==, ids[i]);
    }
}

static void
record_changed_cb (WmRecord *record,
                   guint    *counter)
{
  (*counter)++;
}

static void
test_record_list (Fixture       *fixture,
                  gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  g_autoptr(WmRecordList) list = NULL;
  g_autoptr(WmRecordList) other_list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) held = NULL;
  gint64 a, b, b_stage, s[4];
  guint record_changed = 0;

  a = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "A");
  b = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "B");
  for (guint i = 0; i < 3; i++)
    s[i] = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a, "A stage");
  b_stage = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, b, "B stage");

  list = wm_record_list_new (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a);
  other_list = wm_record_list_new (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, b);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == WM_TYPE_RECORD);
  g_assert_true (wm_record_list_get_store (list) == store);
  g_assert_cmpint (wm_record_list_get_entity (list), ==, WM_ENTITY_STAGE);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), log);
  assert_list_ids (G_LIST_MODEL (list), s, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other_list)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 3));
  g_assert_cmpint (wm_record_list_find (list, s[1]), ==, 1);
  g_assert_cmpint (wm_record_list_find (list, b_stage), ==, -1);
  g_assert_cmpint (wm_record_list_find (other_list, b_stage), ==, 0);

  /* Insert at the end. */
  s[3] = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a, "Fourth");
  assert_changes (log, (ItemsChanged[]) { { 3, 0, 1 } }, 1);
  assert_list_ids (G_LIST_MODEL (list), s, 4);

  /* An unrelated change (a stage of another journey, a journey) keeps
   * every record and announces nothing. */
  held = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_signal_connect (held, "changed", G_CALLBACK (record_changed_cb), &record_changed);
  wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, b, "Another B stage");
  g_assert_true (wm_store_set_string (store, a, WM_JOURNEY_NAME, "A2", &error));
  assert_changes (log, NULL, 0);
  g_assert_cmpuint (record_changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other_list)), ==, 2);
  {
    g_autoptr(WmRecord) again = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_true (again == held);
  }

  /* Changed in place: the same object, new value, "changed", no items-changed. */
  g_assert_true (wm_store_set_string (store, s[1], WM_STAGE_NAME, "Renamed", &error));
  g_assert_no_error (error);
  assert_changes (log, NULL, 0);
  g_assert_cmpuint (record_changed, ==, 1);
  g_assert_cmpstr (wm_record_get_string (held, WM_STAGE_NAME), ==, "Renamed");
  g_assert_cmpstr (wm_record_get_label (held), ==, "Renamed");
  {
    g_autoptr(WmRecord) again = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_true (again == held);
  }

  /* Delete in the middle, and undo it. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_STAGE, s[1], &error));
  g_assert_no_error (error);
  assert_changes (log, (ItemsChanged[]) { { 1, 1, 0 } }, 1);
  assert_list_ids (G_LIST_MODEL (list), (gint64[]) { s[0], s[2], s[3] }, 3);
  undo (store);
  assert_changes (log, (ItemsChanged[]) { { 1, 0, 1 } }, 1);
  assert_list_ids (G_LIST_MODEL (list), s, 4);
  {
    g_autoptr(WmRecord) restored = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_cmpstr (wm_record_get_string (restored, WM_STAGE_NAME), ==, "Renamed");
  }

  /* Undo the rename: the record at 1 shows the old name again. */
  undo (store);
  {
    g_autoptr(WmRecord) restored = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_cmpstr (wm_record_get_string (restored, WM_STAGE_NAME), ==, "A stage");
  }
  assert_changes (log, NULL, 0);

  /* Moving reorders. */
  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, s[3], 0, &error));
  g_assert_no_error (error);
  assert_list_ids (G_LIST_MODEL (list), (gint64[]) { s[3], s[0], s[1], s[2] }, 4);
  g_assert_cmpuint (log->len, >=, 1);
  g_array_set_size (log, 0);

  /* Deleting the journey empties the list; the other list keeps its rows. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_JOURNEY, a, &error));
  g_assert_no_error (error);
  assert_changes (log, (ItemsChanged[]) { { 0, 4, 0 } }, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other_list)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(WmRecord) record = g_list_model_get_item (G_LIST_MODEL (other_list), i);

      g_assert_cmpint (wm_record_get_ref (record, WM_STAGE_JOURNEY_ID), ==, b);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/store/undo/insert", test_insert);
  ADD ("/waymark/store/undo/update", test_update);
  ADD ("/waymark/store/undo/delete-cascade", test_delete_cascade);
  ADD ("/waymark/store/undo/grouped", test_grouped);
  ADD ("/waymark/store/undo/new-edit-clears-redo", test_new_edit_clears_redo);
  ADD ("/waymark/store/undo/rollback", test_rollback);
  ADD ("/waymark/store/undo/properties", test_properties);
  ADD ("/waymark/store/undo/labels", test_labels);
  ADD ("/waymark/store/undo/changed-masks", test_changed_masks);
  ADD ("/waymark/store/undo/random-edits", test_random_edits);
  ADD ("/waymark/store/undo/read-only", test_read_only);
  ADD ("/waymark/store/record-list/follows-store", test_record_list);

#undef ADD

  return g_test_run ();
}
