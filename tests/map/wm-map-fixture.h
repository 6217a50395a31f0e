/* wm-map-fixture.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-map-model.h"

G_BEGIN_DECLS

/* Ids of the fixture journey's rows, for assertions. */
enum
{
  FIX_STAGE_1 = 11, FIX_STAGE_2, FIX_STAGE_3,
  FIX_LANE_TOUCHPOINTS = 21, FIX_LANE_EMOTION, FIX_LANE_NOTES, FIX_LANE_KPI,
  FIX_CHANNEL_WEB = 31, FIX_CHANNEL_EMAIL, FIX_CHANNEL_STORE, FIX_CHANNEL_VIDEO,
  FIX_PERSONA_A = 41, FIX_PERSONA_B,
  FIX_TP_1 = 101, FIX_TP_2, FIX_TP_3, FIX_TP_4, FIX_TP_5,
};

/* Three stages (the third empty), four lanes, four channels, two personas;
 * touchpoints in journey order:
 *   1 stage 1, website, +2
 *   2 stage 1, email, +1                 (digital → digital switch)
 *   3 stage 2, store, −3, moment (high), context not carried (digital → analog, lost)
 *   4 stage 2, no channel, 0, moment (low)
 *   5 stage 2, video call, −1, moment (high) (analog → hybrid: no digital/analog flag)
 * Persona B feels +1 at touchpoint 3. */
WmMapModel *wm_map_fixture_new (void);

/* g_test_run(), then the default Pango font map let go, so that valgrind
 * sees what Pango and fontconfig hold as freed, not lost. */
int         wm_map_fixture_run (void);

G_END_DECLS
