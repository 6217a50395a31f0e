/* wm-map-fixture.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wm-map-fixture.h"
#include "wm-map-render.h"

WmMapModel *
wm_map_fixture_new (void)
{
  WmMapModel *model = wm_map_model_new ();
  WmMapTouchpoint *tp;
  const double history[] = { 30, 32, 31, 35 };

  model->journey_id = 1;
  g_free (model->name);
  model->name = g_strdup ("Fixture journey");

  wm_map_model_add_stage (model, FIX_STAGE_1, "Discover");
  wm_map_model_add_stage (model, FIX_STAGE_2, "Buy");
  wm_map_model_add_stage (model, FIX_STAGE_3, "Use");
  wm_map_model_add_lane (model, FIX_LANE_TOUCHPOINTS, "Touchpoints", WM_LANE_TOUCHPOINTS);
  wm_map_model_add_lane (model, FIX_LANE_EMOTION, "Emotion", WM_LANE_EMOTION);
  wm_map_model_add_lane (model, FIX_LANE_NOTES, "Thinks", WM_LANE_TEXT);
  wm_map_model_add_lane (model, FIX_LANE_KPI, "KPIs", WM_LANE_KPI);
  wm_map_model_add_channel (model, FIX_CHANNEL_WEB, "website", "Website", WM_CHANNEL_DIGITAL);
  wm_map_model_add_channel (model, FIX_CHANNEL_EMAIL, "email", "Email", WM_CHANNEL_DIGITAL);
  wm_map_model_add_channel (model, FIX_CHANNEL_STORE, "store", "Store", WM_CHANNEL_ANALOG);
  wm_map_model_add_channel (model, FIX_CHANNEL_VIDEO, "video-call", "Video call",
                            WM_CHANNEL_HYBRID);
  wm_map_model_add_persona (model, FIX_PERSONA_A, "Ann", "#3584e4");
  wm_map_model_add_persona (model, FIX_PERSONA_B, "Bob", "");

  wm_map_model_add_touchpoint (model, FIX_TP_1, FIX_STAGE_1, FIX_LANE_TOUCHPOINTS,
                               FIX_CHANNEL_WEB, "Read the offer", 2);
  wm_map_model_add_touchpoint (model, FIX_TP_2, FIX_STAGE_1, FIX_LANE_TOUCHPOINTS,
                               FIX_CHANNEL_EMAIL, "Newsletter", 1);
  tp = wm_map_model_add_touchpoint (model, FIX_TP_3, FIX_STAGE_2, FIX_LANE_TOUCHPOINTS,
                                    FIX_CHANNEL_STORE, "Queue at the counter", -3);
  tp->moment_that_matters = TRUE;
  tp->dropout_risk = WM_RISK_HIGH;
  tp->context_carried = FALSE;
  wm_map_model_set_persona_emotion (model, tp, FIX_PERSONA_B, 1);
  tp = wm_map_model_add_touchpoint (model, FIX_TP_4, FIX_STAGE_2, FIX_LANE_TOUCHPOINTS, 0,
                                    "Think it over", 0);
  tp->moment_that_matters = TRUE;
  tp->dropout_risk = WM_RISK_LOW;
  tp = wm_map_model_add_touchpoint (model, FIX_TP_5, FIX_STAGE_2, FIX_LANE_TOUCHPOINTS,
                                    FIX_CHANNEL_VIDEO, "Video advice", -1);
  tp->moment_that_matters = TRUE;
  tp->dropout_risk = WM_RISK_HIGH;

  wm_map_model_set_cell_text (model, FIX_STAGE_1, FIX_LANE_NOTES, "Looks good");
  wm_map_model_set_cell_text (model, FIX_STAGE_2, FIX_LANE_NOTES, "Why so slow?");
  wm_map_model_add_kpi (model, 51, FIX_STAGE_2, "NPS", "35", WM_KPI_STATUS_ON_TARGET, history,
                        G_N_ELEMENTS (history));
  wm_map_model_sort (model);

  return model;
}

int
wm_map_fixture_run (void)
{
  int status = g_test_run ();

  wm_map_render_release_fonts ();

  return status;
}
