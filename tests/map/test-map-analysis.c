/* test-map-analysis.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "wm-analysis.h"
#include "wm-demo.h"
#include "wm-map-fixture.h"
#include "wm-test-util.h"

static void
test_switches (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmAnalysis) analysis = wm_analysis_new (model);
  const WmChannelSwitch *item;

  /* Web → email, email → store, store → video; touchpoint 4 has no channel. */
  g_assert_cmpuint (analysis->switches->len, ==, 3);

  item = &g_array_index (analysis->switches, WmChannelSwitch, 0);
  g_assert_cmpint (item->from_touchpoint_id, ==, FIX_TP_1);
  g_assert_cmpint (item->to_touchpoint_id, ==, FIX_TP_2);
  g_assert_cmpint (item->risks, ==, WM_SWITCH_RISK_NONE);

  item = &g_array_index (analysis->switches, WmChannelSwitch, 1);
  g_assert_cmpint (item->from_channel_id, ==, FIX_CHANNEL_EMAIL);
  g_assert_cmpint (item->to_channel_id, ==, FIX_CHANNEL_STORE);
  g_assert_cmpint (item->risks, ==, WM_SWITCH_RISK_DIGITAL_ANALOG | WM_SWITCH_RISK_CONTEXT_LOST);

  /* Analog → hybrid is not a digital ↔ analog hand-off. */
  item = &g_array_index (analysis->switches, WmChannelSwitch, 2);
  g_assert_cmpint (item->from_touchpoint_id, ==, FIX_TP_3);
  g_assert_cmpint (item->to_touchpoint_id, ==, FIX_TP_5);
  g_assert_cmpint (item->risks, ==, WM_SWITCH_RISK_NONE);

  g_assert_true (wm_analysis_get_switch_into (analysis, FIX_TP_3) ==
                 &g_array_index (analysis->switches, WmChannelSwitch, 1));
  g_assert_null (wm_analysis_get_switch_into (analysis, FIX_TP_1));
}

static void
test_moments_and_emotion (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmAnalysis) analysis = wm_analysis_new (model);
  const WmStageEmotion *stage;

  /* High before low; of the two high ones the worse feeling first. */
  g_assert_cmpuint (analysis->moments->len, ==, 3);
  g_assert_cmpint (g_array_index (analysis->moments, gint64, 0), ==, FIX_TP_3);
  g_assert_cmpint (g_array_index (analysis->moments, gint64, 1), ==, FIX_TP_5);
  g_assert_cmpint (g_array_index (analysis->moments, gint64, 2), ==, FIX_TP_4);

  g_assert_cmpuint (analysis->stage_emotions->len, ==, 3);
  stage = &g_array_index (analysis->stage_emotions, WmStageEmotion, 0);
  g_assert_cmpint (stage->stage_id, ==, FIX_STAGE_1);
  g_assert_cmpuint (stage->n_touchpoints, ==, 2);
  g_assert_cmpfloat_with_epsilon (stage->average, 1.5, 1e-9);
  stage = &g_array_index (analysis->stage_emotions, WmStageEmotion, 1);
  g_assert_cmpfloat_with_epsilon (stage->average, -4.0 / 3, 1e-9);
  stage = &g_array_index (analysis->stage_emotions, WmStageEmotion, 2);
  g_assert_cmpuint (stage->n_touchpoints, ==, 0);
  g_assert_true (isnan (stage->average));

  g_assert_cmpint (analysis->lowest_touchpoint_id, ==, FIX_TP_3);
  g_assert_cmpint (analysis->lowest_emotion, ==, -3);
}

static void
test_empty (void)
{
  g_autoptr(WmMapModel) model = wm_map_model_new ();
  g_autoptr(WmAnalysis) analysis = wm_analysis_new (model);

  g_assert_cmpuint (analysis->switches->len, ==, 0);
  g_assert_cmpuint (analysis->moments->len, ==, 0);
  g_assert_cmpint (analysis->lowest_touchpoint_id, ==, 0);
}

static void
test_comparison (void)
{
  g_autoptr(WmMapModel) as_is = wm_map_fixture_new ();
  g_autoptr(WmMapModel) to_be = wm_map_fixture_new ();
  g_autoptr(WmComparison) comparison = NULL;
  WmMapTouchpoint *tp;
  const WmComparisonItem *item;

  /* To-be: touchpoint 3 feels better, 4 is gone, a new one is added, and 5
   * was renamed but keeps its origin. */
  to_be->to_be = TRUE;
  wm_map_model_get_touchpoint (to_be, FIX_TP_3)->emotion = 1;
  wm_map_model_remove_touchpoint (to_be, FIX_TP_4);
  wm_map_model_add_touchpoint (to_be, 200, FIX_STAGE_3, FIX_LANE_TOUCHPOINTS, FIX_CHANNEL_WEB,
                               "Onboarding tour", 2);
  g_free (wm_map_model_get_touchpoint (as_is, FIX_TP_5)->uuid);
  wm_map_model_get_touchpoint (as_is, FIX_TP_5)->uuid = g_strdup ("uuid-5");
  tp = wm_map_model_get_touchpoint (to_be, FIX_TP_5);
  g_free (tp->title);
  tp->title = g_strdup ("Video advice, booked online");
  tp->origin_uuid = g_strdup ("uuid-5");
  wm_map_model_sort (to_be);

  comparison = wm_comparison_new (as_is, to_be);
  g_assert_cmpuint (comparison->n_changed, ==, 2);
  g_assert_cmpuint (comparison->n_added, ==, 1);
  g_assert_cmpuint (comparison->n_removed, ==, 1);
  g_assert_cmpuint (comparison->items->len, ==, 6);

  item = wm_comparison_lookup_to_be (comparison, FIX_TP_1);
  g_assert_cmpint (item->kind, ==, WM_COMPARISON_UNCHANGED);
  g_assert_cmpint (item->as_is_touchpoint_id, ==, FIX_TP_1);
  item = wm_comparison_lookup_to_be (comparison, FIX_TP_3);
  g_assert_cmpint (item->kind, ==, WM_COMPARISON_CHANGED);
  g_assert_cmpint (item->emotion_delta, ==, 4);
  item = wm_comparison_lookup_to_be (comparison, FIX_TP_5);
  g_assert_cmpint (item->kind, ==, WM_COMPARISON_CHANGED);
  g_assert_cmpint (item->as_is_touchpoint_id, ==, FIX_TP_5);
  item = wm_comparison_lookup_to_be (comparison, 200);
  g_assert_cmpint (item->kind, ==, WM_COMPARISON_ADDED);
  g_assert_cmpint (item->as_is_touchpoint_id, ==, 0);
  item = &g_array_index (comparison->items, WmComparisonItem, 5);
  g_assert_cmpint (item->kind, ==, WM_COMPARISON_REMOVED);
  g_assert_cmpint (item->as_is_touchpoint_id, ==, FIX_TP_4);
  g_assert_cmpfloat (comparison->to_be_average, >, comparison->as_is_average);
  g_assert_true (wm_comparison_matched_any (comparison));

  /* A to-be journey that shares nothing with the as-is one (made by hand,
   * every title new): nothing matched, which the map does not mark. */
  {
    g_autoptr(WmMapModel) other = wm_map_model_new ();
    g_autoptr(WmComparison) unrelated = NULL;

    wm_map_model_add_lane (other, 1, "Touchpoints", WM_LANE_TOUCHPOINTS);
    wm_map_model_add_stage (other, 1, "Elsewhere");
    wm_map_model_add_touchpoint (other, 1, 1, 1, 0, "Something else", 0);
    wm_map_model_sort (other);
    unrelated = wm_comparison_new (as_is, other);
    g_assert_cmpuint (unrelated->n_added, ==, 1);
    g_assert_false (wm_comparison_matched_any (unrelated));
  }
}

/* The demo's click-and-collect journey: its switch into the store is flagged. */
static void
test_demo (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.waymark", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_demo_create (path, &error);
  g_autoptr(WmMapModel) model = NULL;
  g_autoptr(WmAnalysis) analysis = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  gboolean flagged = FALSE;
  gint64 id = 0;

  g_assert_no_error (error);
  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *journey = g_ptr_array_index (journeys, i);

      if (g_str_has_suffix (wm_record_get_string (journey, WM_JOURNEY_NAME), "pick up in store"))
        id = wm_record_get_id (journey);
    }
  g_assert_cmpint (id, !=, 0);

  model = wm_map_model_load (store, id, &error);
  g_assert_no_error (error);
  analysis = wm_analysis_new (model);
  for (guint i = 0; i < analysis->switches->len; i++)
    {
      const WmChannelSwitch *item = &g_array_index (analysis->switches, WmChannelSwitch, i);
      WmMapChannel *to = wm_map_model_get_channel (model, item->to_channel_id);

      if (g_strcmp0 (to->key, "store") == 0)
        flagged = (item->risks & WM_SWITCH_RISK_DIGITAL_ANALOG) != 0;
    }
  g_assert_true (flagged);

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

/* The snapshot follows the store one row at a time. */
static void
test_reload (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.waymark", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_demo_create (path, &error);
  g_autoptr(WmMapModel) model = NULL;
  g_autoptr(WmRecord) draft = NULL;
  WmMapTouchpoint *first, *tp;
  WmSample sample = { 2000000000, 12.5, 100 };
  gint64 id, kpi_id;
  guint n;

  g_assert_no_error (error);
  model = wm_map_model_load (store, 1, &error);
  g_assert_no_error (error);
  n = model->touchpoints->len;
  g_assert_cmpuint (n, >, 2);
  g_assert_cmpuint (model->stages->len, >, 2);
  g_assert_cmpuint (model->personas->len, >, 0);
  first = g_ptr_array_index (model->touchpoints, 0);

  /* A title edited. */
  g_assert_true (wm_store_set_string (store, first->id, WM_TOUCHPOINT_TITLE, "Renamed", &error));
  g_assert_true (wm_map_model_reload_touchpoint (model, store, first->id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_map_model_get_touchpoint (model, first->id)->title, ==, "Renamed");

  /* A new touchpoint in the last stage comes last in journey order. */
  draft = wm_record_new (WM_ENTITY_TOUCHPOINT);
  wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, 1);
  wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID,
                     ((WmMapStage *) g_ptr_array_index (model->stages,
                                                        model->stages->len - 1))->id);
  wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, first->lane_id);
  wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, "Thank-you note");
  wm_record_set_int (draft, WM_TOUCHPOINT_POSITION, 999);
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);
  g_assert_true (wm_map_model_reload_touchpoint (model, store, id, &error));
  g_assert_cmpuint (model->touchpoints->len, ==, n + 1);
  tp = g_ptr_array_index (model->touchpoints, n);
  g_assert_cmpint (tp->id, ==, id);
  g_assert_cmpstr (tp->uuid, ==, wm_record_get_uuid (draft));

  /* Deleted. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_TOUCHPOINT, id, &error));
  g_assert_true (wm_map_model_reload_touchpoint (model, store, id, &error));
  g_assert_cmpuint (model->touchpoints->len, ==, n);
  g_assert_null (wm_map_model_get_touchpoint (model, id));

  /* A newer sample shows on the map after the KPIs are read again. */
  g_assert_cmpuint (model->kpis->len, >, 0);
  kpi_id = ((WmMapKpi *) g_ptr_array_index (model->kpis, 0))->kpi_id;
  g_assert_true (wm_store_add_samples (store, kpi_id, &sample, 1, "test", &error));
  g_assert_no_error (error);
  g_assert_true (wm_map_model_reload_kpis (model, store, &error));
  for (guint i = 0; i < model->kpis->len; i++)
    {
      WmMapKpi *kpi = g_ptr_array_index (model->kpis, i);

      if (kpi->kpi_id == kpi_id)
        {
          g_assert_true (kpi->has_value);
          g_assert_cmpfloat (kpi->value, ==, 12.5);
          g_assert_cmpfloat (g_array_index (kpi->history, double, kpi->history->len - 1), ==,
                             12.5);
          g_assert_cmpuint (kpi->history->len, <=, WM_MAP_KPI_HISTORY);
        }
    }

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

/* Emotions read as signed numbers with a true minus sign, as typeset text
 * has them, and a value that rounds to zero is plain 0. */
static void
test_format_emotion (void)
{
  const struct
  {
    double      value;
    guint       decimals;
    const char *expected;
  } cases[] = {
    { -2, 0, "\u22122" },
    { 3, 0, "+3" },
    { 0, 0, "0" },
    { -0.6, 1, "\u22120.6" },
    { 1.4, 1, "+1.4" },
    { 0, 1, "0.0" },
    { -0.04, 1, "0.0" },
    { 0.96, 1, "+1.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = wm_analysis_format_emotion (cases[i].value, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/map/analysis/switches", test_switches);
  g_test_add_func ("/waymark/map/analysis/moments-and-emotion", test_moments_and_emotion);
  g_test_add_func ("/waymark/map/analysis/empty", test_empty);
  g_test_add_func ("/waymark/map/analysis/comparison", test_comparison);
  g_test_add_func ("/waymark/map/analysis/demo", test_demo);
  g_test_add_func ("/waymark/map/analysis/format-emotion", test_format_emotion);
  g_test_add_func ("/waymark/map/model/reload", test_reload);

  return wm_map_fixture_run ();
}
