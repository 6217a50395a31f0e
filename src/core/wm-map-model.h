/* wm-map-model.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wm-kpi.h"
#include "wm-store.h"
#include "wm-voice.h"

G_BEGIN_DECLS

/* A journey as plain structs: what the map layout, the renderer, the
 * analysis and the exporters read. Loaded from the store in one go
 * (wm_map_model_load()), then kept current one row at a time
 * (wm_map_model_reload_touchpoint() …), so that a view never re-reads the
 * whole journey after one edit. Only this file's loader talks to the store.
 *
 * Arrays hold pointers to the structs below, owned by the model. Stages and
 * lanes are in display order; touchpoints in journey order (stage order,
 * then their position). Ids are the store's row ids; 0 means none. */

typedef enum
{
  WM_LANE_TOUCHPOINTS,
  WM_LANE_TEXT,
  WM_LANE_EMOTION,
  WM_LANE_KPI,
  WM_LANE_BACKSTAGE,
  WM_LANE_OPPORTUNITIES,
  WM_LANE_PAIN_POINTS,
} WmLaneKind;

typedef enum
{
  WM_CHANNEL_DIGITAL,
  WM_CHANNEL_ANALOG,
  WM_CHANNEL_HYBRID,
} WmChannelKind;

typedef enum
{
  WM_RISK_NONE,
  WM_RISK_LOW,
  WM_RISK_MEDIUM,
  WM_RISK_HIGH,
} WmDropoutRisk;

typedef enum
{
  WM_EVIDENCE_OBSERVED,
  WM_EVIDENCE_ASSUMED,
  WM_EVIDENCE_PROPOSED,
} WmEvidence;

typedef struct
{
  gint64         id;
  char          *key;     /* built-in channel key ("website", "phone" …), "" for a team's own */
  char          *name;
  WmChannelKind  kind;
  char          *icon;
} WmMapChannel;

typedef struct
{
  gint64   id;
  char    *uuid;
  char    *name;
  char    *color;         /* "#rrggbb" as stored, may be "" */
} WmMapPersona;

typedef struct
{
  gint64   id;
  char    *uuid;
  char    *name;
  char    *description;
} WmMapStage;

typedef struct
{
  gint64      id;
  char       *uuid;
  char       *name;
  WmLaneKind  kind;
} WmMapLane;

typedef struct
{
  gint64 persona_id;
  int    emotion;             /* -3 … +3 */
} WmMapPersonaEmotion;

typedef struct
{
  gint64         id;
  char          *uuid;
  char          *origin_uuid;     /* the as-is touchpoint this one was copied from, or NULL */
  gint64         stage_id;
  gint64         lane_id;
  gint64         channel_id;      /* 0: no channel */
  char          *title;
  char          *customer_action;
  char          *message;
  int            emotion;         /* -3 … +3 */
  gboolean       moment_that_matters;
  char          *mtm_reason;
  WmDropoutRisk  dropout_risk;
  WmEvidence     evidence;
  gboolean       context_carried; /* from the previous touchpoint */
  char          *owner;
  gint64         position;
  GArray        *persona_emotions; /* WmMapPersonaEmotion, where a persona differs */
  int            findings;        /* brand-voice findings the caller supplied, -1: not checked */
  WmVoiceSeverity findings_severity; /* the worst of them, when there are any */
} WmMapTouchpoint;

typedef struct
{
  gint64  id;
  gint64  stage_id;
  gint64  lane_id;
  char   *text;
} WmMapCell;

typedef struct
{
  gint64       kpi_id;
  gint64       link_id;
  gint64       stage_id;       /* the link's scope: one of these three is set */
  gint64       touchpoint_id;
  gint64       journey_id;
  char        *name;
  char        *value_text;     /* latest value in the KPI's unit, "—" when none */
  gboolean     has_value;
  double       value;
  WmKpiStatus  status;
  WmKpiTrend   trend;
  GArray      *history;        /* double, oldest first, the latest samples for a sparkline */
} WmMapKpi;

typedef struct _WmMapModel WmMapModel;

struct _WmMapModel
{
  gint64      journey_id;
  char       *uuid;
  char       *name;
  char       *description;
  gboolean    to_be;
  gint64      as_is_journey_id;  /* 0 when not linked */

  GPtrArray  *stages;       /* WmMapStage */
  GPtrArray  *lanes;        /* WmMapLane */
  GPtrArray  *touchpoints;  /* WmMapTouchpoint, journey order */
  GPtrArray  *cells;        /* WmMapCell */
  GPtrArray  *channels;     /* WmMapChannel, every channel of the project */
  GPtrArray  *personas;     /* WmMapPersona linked to the journey */
  GPtrArray  *kpis;         /* WmMapKpi, one per KPI link of the journey */
};

/* How many samples a WmMapKpi keeps for its sparkline. */
#define WM_MAP_KPI_HISTORY 12

WmMapModel      *wm_map_model_new               (void);
WmMapModel      *wm_map_model_ref               (WmMapModel     *self);
void             wm_map_model_unref             (WmMapModel     *self);

/* Loads journey @journey_id with everything the map shows. */
WmMapModel      *wm_map_model_load              (WmStore        *store,
                                                 gint64          journey_id,
                                                 GError        **error);
/* Finds a journey by id (all digits) or by name; 0 and an error when none or
 * when the name is ambiguous. */
gint64           wm_map_model_find_journey      (WmStore        *store,
                                                 const char     *id_or_name,
                                                 GError        **error);

/* Re-reads one row after an edit: updates it, adds it when new, removes it
 * when it no longer exists (or no longer belongs to the journey). Touchpoints
 * stay in journey order. Returns FALSE with @error only when reading failed. */
gboolean         wm_map_model_reload_touchpoint (WmMapModel     *self,
                                                 WmStore        *store,
                                                 gint64          touchpoint_id,
                                                 GError        **error);
gboolean         wm_map_model_reload_stage      (WmMapModel     *self,
                                                 WmStore        *store,
                                                 gint64          stage_id,
                                                 GError        **error);
gboolean         wm_map_model_reload_cell       (WmMapModel     *self,
                                                 WmStore        *store,
                                                 gint64          stage_id,
                                                 gint64          lane_id,
                                                 GError        **error);
/* Re-reads the KPI links and their latest values (new samples, links edited). */
gboolean         wm_map_model_reload_kpis       (WmMapModel     *self,
                                                 WmStore        *store,
                                                 GError        **error);

/* Builders, for tests, importers and generated journeys: the model takes
 * copies of the strings; ids must be unique per kind. Touchpoints are
 * appended; call wm_map_model_sort() after adding out of order. */
WmMapStage      *wm_map_model_add_stage         (WmMapModel     *self,
                                                 gint64          id,
                                                 const char     *name);
WmMapLane       *wm_map_model_add_lane          (WmMapModel     *self,
                                                 gint64          id,
                                                 const char     *name,
                                                 WmLaneKind      kind);
WmMapChannel    *wm_map_model_add_channel       (WmMapModel     *self,
                                                 gint64          id,
                                                 const char     *key,
                                                 const char     *name,
                                                 WmChannelKind   kind);
WmMapPersona    *wm_map_model_add_persona       (WmMapModel     *self,
                                                 gint64          id,
                                                 const char     *name,
                                                 const char     *color);
WmMapTouchpoint *wm_map_model_add_touchpoint    (WmMapModel     *self,
                                                 gint64          id,
                                                 gint64          stage_id,
                                                 gint64          lane_id,
                                                 gint64          channel_id,
                                                 const char     *title,
                                                 int             emotion);
WmMapCell       *wm_map_model_set_cell_text     (WmMapModel     *self,
                                                 gint64          stage_id,
                                                 gint64          lane_id,
                                                 const char     *text);
void             wm_map_model_set_persona_emotion (WmMapModel   *self,
                                                 WmMapTouchpoint *touchpoint,
                                                 gint64          persona_id,
                                                 int             emotion);
WmMapKpi        *wm_map_model_add_kpi           (WmMapModel     *self,
                                                 gint64          kpi_id,
                                                 gint64          stage_id,
                                                 const char     *name,
                                                 const char     *value_text,
                                                 WmKpiStatus     status,
                                                 const double   *history,
                                                 guint           n_history);
/* Removes a touchpoint (a delete the caller already knows of); FALSE when absent. */
gboolean         wm_map_model_remove_touchpoint (WmMapModel     *self,
                                                 gint64          touchpoint_id);
/* Restores journey order after touchpoints were added or moved. */
void             wm_map_model_sort              (WmMapModel     *self);

/* Lookups (NULL / -1 when absent); index lookups are O(1). */
WmMapStage      *wm_map_model_get_stage         (WmMapModel     *self,
                                                 gint64          stage_id);
int              wm_map_model_get_stage_index   (WmMapModel     *self,
                                                 gint64          stage_id);
WmMapLane       *wm_map_model_get_lane          (WmMapModel     *self,
                                                 gint64          lane_id);
int              wm_map_model_get_lane_index    (WmMapModel     *self,
                                                 gint64          lane_id);
WmMapTouchpoint *wm_map_model_get_touchpoint    (WmMapModel     *self,
                                                 gint64          touchpoint_id);
WmMapChannel    *wm_map_model_get_channel       (WmMapModel     *self,
                                                 gint64          channel_id);
WmMapPersona    *wm_map_model_get_persona       (WmMapModel     *self,
                                                 gint64          persona_id);
WmMapCell       *wm_map_model_get_cell          (WmMapModel     *self,
                                                 gint64          stage_id,
                                                 gint64          lane_id);
/* The emotion @persona_id feels at @touchpoint: their own where given,
 * else the touchpoint's. */
int              wm_map_touchpoint_get_emotion  (const WmMapTouchpoint *touchpoint,
                                                 gint64          persona_id);
/* Sets the brand-voice findings shown on a card: how many (-1 hides the
 * badge: not checked) and the severity of the worst, which colours it. */
void             wm_map_model_set_findings      (WmMapModel     *self,
                                                 gint64          touchpoint_id,
                                                 int             findings,
                                                 WmVoiceSeverity worst);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmMapModel, wm_map_model_unref)

G_END_DECLS
