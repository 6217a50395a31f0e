/* test-kpi-samples.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <math.h>

#include "wm-kpi-samples.h"
#include "wm-test-util.h"

typedef struct
{
  char    *dir;
  WmStore *store;
  gint64   kpi_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  WmSample samples[] = { { 100, 10, 5, 0 }, { 200, 20, 6, 0 }, { 300, 30, 7, 0 } };
  g_autoptr(GError) error = NULL;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "Samples.waymark", NULL);
  fixture->kpi_id = wm_test_insert (fixture->store, WM_ENTITY_KPI);
  g_assert_true (wm_store_add_samples (fixture->store, fixture->kpi_id, samples, 3, "test",
                                       &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static GArray *
all_samples (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GArray *samples = wm_store_get_samples (fixture->store, fixture->kpi_id, G_MININT64,
                                          G_MAXINT64, &error);

  g_assert_no_error (error);
  return samples;
}

static void
changed_cb (WmStore *store,
            guint64  mask,
            guint64 *seen)
{
  *seen |= mask;
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  guint64 seen = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &seen);
  g_assert_true (wm_kpi_samples_delete (fixture->store, fixture->kpi_id, 200, &error));
  g_assert_no_error (error);
  g_assert_true (seen & WM_CHANGE_SAMPLES);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Delete KPI value");

  samples = all_samples (fixture);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpint (g_array_index (samples, WmSample, 0).time, ==, 100);
  g_assert_cmpint (g_array_index (samples, WmSample, 1).time, ==, 300);
  g_clear_pointer (&samples, g_array_unref);

  /* No such value: an error, nothing changed, no undo step. */
  g_assert_false (wm_kpi_samples_delete (fixture->store, fixture->kpi_id, 200, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Delete KPI value");

  /* Undo brings it back with its n. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  samples = all_samples (fixture);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpfloat (g_array_index (samples, WmSample, 1).value, ==, 20);
  g_assert_cmpint (g_array_index (samples, WmSample, 1).n, ==, 6);
}

static void
test_replace (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  WmSample corrected = { 250, 25, 9, 0 };
  WmSample bad = { 400, 0, 0, 0 };

  g_assert_true (wm_kpi_samples_replace (fixture->store, fixture->kpi_id, 200, &corrected,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Correct KPI value");
  samples = all_samples (fixture);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpint (g_array_index (samples, WmSample, 1).time, ==, 250);
  g_assert_cmpfloat (g_array_index (samples, WmSample, 1).value, ==, 25);
  g_clear_pointer (&samples, g_array_unref);

  /* A value that is no number: the whole correction is refused. */
  bad.value = INFINITY;
  g_assert_false (wm_kpi_samples_replace (fixture->store, fixture->kpi_id, 250, &bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  samples = all_samples (fixture);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpint (g_array_index (samples, WmSample, 1).time, ==, 250);
  g_clear_pointer (&samples, g_array_unref);

  /* One undo step puts the old value back at its old time. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  samples = all_samples (fixture);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpint (g_array_index (samples, WmSample, 1).time, ==, 200);
  g_assert_cmpfloat (g_array_index (samples, WmSample, 1).value, ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/waymark/kpi-samples/delete", Fixture, NULL,
              fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/waymark/kpi-samples/replace", Fixture, NULL,
              fixture_set_up, test_replace, fixture_tear_down);

  return g_test_run ();
}
