/* wm-map-compat.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* The map editor names columns through the typed constants the core is
 * moving to; until they land, these stand in for them, and every store
 * write of the editor goes through the helpers below, so the conversion
 * touches this file only. */

#ifndef WM_TOUCHPOINT_TITLE
typedef const char *WmColumnId;
#define WM_COLUMN_NONE NULL
#define WM_PROJECT_NAME "name"
#define WM_CHANNEL_NAME "name"
#define WM_CHANNEL_KIND "kind"
#define WM_PERSONA_NAME "name"
#define WM_PERSONA_COLOR "color"
#define WM_JOURNEY_NAME "name"
#define WM_JOURNEY_DESCRIPTION "description"
#define WM_JOURNEY_STATE "state"
#define WM_JOURNEY_AS_IS_JOURNEY_ID "as_is_journey_id"
#define WM_JOURNEY_PERSONA_JOURNEY_ID "journey_id"
#define WM_JOURNEY_PERSONA_PERSONA_ID "persona_id"
#define WM_STAGE_JOURNEY_ID "journey_id"
#define WM_STAGE_NAME "name"
#define WM_STAGE_DESCRIPTION "description"
#define WM_LANE_JOURNEY_ID "journey_id"
#define WM_LANE_NAME "name"
#define WM_LANE_KIND "kind"
#define WM_TOUCHPOINT_JOURNEY_ID "journey_id"
#define WM_TOUCHPOINT_STAGE_ID "stage_id"
#define WM_TOUCHPOINT_LANE_ID "lane_id"
#define WM_TOUCHPOINT_CHANNEL_ID "channel_id"
#define WM_TOUCHPOINT_TITLE "title"
#define WM_TOUCHPOINT_CUSTOMER_ACTION "customer_action"
#define WM_TOUCHPOINT_MESSAGE "message"
#define WM_TOUCHPOINT_EMOTION "emotion"
#define WM_TOUCHPOINT_MOMENT_THAT_MATTERS "moment_that_matters"
#define WM_TOUCHPOINT_MTM_REASON "mtm_reason"
#define WM_TOUCHPOINT_DROPOUT_RISK "dropout_risk"
#define WM_TOUCHPOINT_EVIDENCE "evidence"
#define WM_TOUCHPOINT_CONTEXT_CARRIED "context_carried"
#define WM_TOUCHPOINT_OWNER "owner"
#define WM_TOUCHPOINT_POSITION "position"
#define WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID "touchpoint_id"
#define WM_TOUCHPOINT_EMOTION_PERSONA_ID "persona_id"
#define WM_TOUCHPOINT_EMOTION_EMOTION "emotion"
#define WM_CELL_JOURNEY_ID "journey_id"
#define WM_CELL_STAGE_ID "stage_id"
#define WM_CELL_LANE_ID "lane_id"
#define WM_CELL_TEXT "text"

#define wm_map_set_string(store, entity, id, col, value, error) \
  wm_store_set_string ((store), (entity), (id), (col), (value), (error))
#define wm_map_set_int(store, entity, id, col, value, error) \
  wm_store_set_int ((store), (entity), (id), (col), (value), (error))
#define wm_map_set_boolean(store, entity, id, col, value, error) \
  wm_store_set_boolean ((store), (entity), (id), (col), (value), (error))
#define wm_map_set_ref(store, entity, id, col, value, error) \
  wm_store_set_ref ((store), (entity), (id), (col), (value), (error))
#define wm_map_list(store, entity, col, parent, error) \
  wm_store_list ((store), (entity), (col), (parent), (error))
#define wm_map_record_list_new(store, entity, col, parent) \
  wm_record_list_new ((store), (entity), (col), (parent))

/* Until the core's one table of choice labels lands. */
typedef struct
{
  const char *value;
  const char *label;
} WmChoice;

const WmChoice *wm_column_get_choices (WmColumnId column);
#define WM_MAP_COMPAT_CHOICES 1
#endif

G_END_DECLS
