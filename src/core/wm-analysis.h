/* wm-analysis.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-map-model.h"

G_BEGIN_DECLS

/* What a CX manager looks for first in a journey: where the customer changes
 * channel (and whether that loses them), the moments that matter ranked by
 * how likely the customer drops out there, how each stage feels, and the
 * lowest point. Computed from a WmMapModel, no store access. */

typedef enum
{
  WM_SWITCH_RISK_NONE            = 0,
  WM_SWITCH_RISK_DIGITAL_ANALOG  = 1 << 0, /* between a digital and an analog channel */
  WM_SWITCH_RISK_CONTEXT_LOST    = 1 << 1, /* the later touchpoint does not carry context */
} WmSwitchRisk;

typedef struct
{
  gint64        from_touchpoint_id;
  gint64        to_touchpoint_id;
  gint64        from_channel_id;
  gint64        to_channel_id;
  WmSwitchRisk  risks;
} WmChannelSwitch;

typedef struct
{
  gint64  stage_id;
  guint   n_touchpoints;
  double  average;           /* NAN when the stage has no touchpoint */
} WmStageEmotion;

typedef struct
{
  GArray   *switches;        /* WmChannelSwitch, journey order */
  GArray   *moments;         /* gint64 touchpoint ids, highest drop-out risk first */
  GArray   *stage_emotions;  /* WmStageEmotion, stage order */
  gint64    lowest_touchpoint_id; /* 0 when the journey has no touchpoint */
  int       lowest_emotion;
} WmAnalysis;

typedef enum
{
  WM_COMPARISON_UNCHANGED,
  WM_COMPARISON_CHANGED,
  WM_COMPARISON_ADDED,      /* only in the to-be journey */
  WM_COMPARISON_REMOVED,    /* only in the as-is journey */
} WmComparisonKind;

typedef struct
{
  WmComparisonKind  kind;
  gint64            as_is_touchpoint_id;  /* 0 when added */
  gint64            to_be_touchpoint_id;  /* 0 when removed */
  int               emotion_delta;        /* to-be − as-is; 0 unless both exist */
} WmComparisonItem;

typedef struct
{
  GArray  *items;            /* WmComparisonItem: to-be journey order, removed ones after */
  double   as_is_average;    /* NAN when empty */
  double   to_be_average;
  guint    n_changed;
  guint    n_added;
  guint    n_removed;
} WmComparison;

WmAnalysis   *wm_analysis_new              (WmMapModel        *model);
void          wm_analysis_free             (WmAnalysis        *self);
/* The switch that leads into @touchpoint_id, or NULL. */
const WmChannelSwitch *wm_analysis_get_switch_into (WmAnalysis *self,
                                                    gint64      touchpoint_id);

/* Matches touchpoints by origin_uuid where set, else by title and stage name. */
WmComparison *wm_comparison_new            (WmMapModel        *as_is,
                                            WmMapModel        *to_be);
void          wm_comparison_free           (WmComparison      *self);
/* The item for a to-be touchpoint, or NULL. */
const WmComparisonItem *wm_comparison_lookup_to_be (WmComparison *self,
                                                    gint64        to_be_touchpoint_id);
/* Whether any to-be touchpoint matched an as-is one. When none did (a to-be
 * journey made by hand), calling every card "added" would only be noise. */
gboolean      wm_comparison_matched_any    (WmComparison      *self);

/* An emotion, or an average of them, to show: "+1.4", "\u22120.6", "0". */
char         *wm_analysis_format_emotion   (double             emotion,
                                            guint              decimals);

/* Translated names, for lists and the CLI. */
const char   *wm_dropout_risk_to_string    (WmDropoutRisk      risk);
const char   *wm_comparison_kind_to_string (WmComparisonKind   kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmAnalysis, wm_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmComparison, wm_comparison_free)

G_END_DECLS
