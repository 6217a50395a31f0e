/* wm-map-layout.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-analysis.h"
#include "wm-map-model.h"

G_BEGIN_DECLS

/* The geometry of a journey map, as plain data: no drawing, no display.
 *
 * Coordinates are map units (pixels at zoom 1) with (0, 0) the top-left
 * corner of the whole map. The stage-header row spans y 0 … header_height,
 * the lane-label column x 0 … label_width; the grid of cells starts at
 * (label_width, header_height). A canvas that pins headers draws the body
 * scrolled and the header row / label column with only one axis scrolled
 * (see wm-map-render.h and wm_map_layout_hit_test_view()).
 *
 * Every touchpoint has its own slot (a sub-column) inside its stage, in
 * journey order, so the cards read left to right and the emotion curve passes
 * through each of them. A stage is as wide as its slots (at least one).
 *
 * The layout keeps a reference to its model. After changing the model call
 * one of the wm_map_layout_update_*() functions: they lay out again only what
 * the change touches and say which part of the map must be drawn again. */

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} WmMapRect;

typedef struct
{
  gint64     stage_id;
  WmMapRect  header;      /* the stage header in the header row */
  WmMapRect  column;      /* the stage's column through the body */
  guint      first_slot;  /* index of its first slot, journey-wide */
  guint      n_slots;
} WmMapStageBox;

typedef struct
{
  gint64     lane_id;
  WmLaneKind kind;
  WmMapRect  label;       /* the lane label in the label column */
  WmMapRect  row;         /* the lane's row through the body */
} WmMapLaneBox;

typedef struct
{
  gint64     touchpoint_id;
  guint      stage_index;
  guint      lane_index;
  guint      slot;        /* journey-wide slot index = journey order */
  WmMapRect  rect;        /* the card */
} WmMapCardBox;

typedef struct
{
  gint64  touchpoint_id;
  double  x;
  double  y;
  int     emotion;
} WmMapCurvePoint;

typedef struct
{
  gint64    persona_id;    /* 0: the touchpoints' own emotion (no persona linked) */
  guint     lane_index;    /* the emotion lane it is drawn in */
  gboolean  comparison;    /* the as-is journey's curve drawn on its to-be journey */
  GArray   *points;        /* WmMapCurvePoint, left to right */
} WmMapCurve;

typedef struct
{
  guint      switch_index; /* into wm_map_layout_get_analysis()->switches */
  WmMapRect  rect;         /* the marker between the two cards */
} WmMapSwitchMark;

typedef enum
{
  WM_MAP_HIT_NONE,
  WM_MAP_HIT_CORNER,        /* the top-left corner above the lane labels */
  WM_MAP_HIT_STAGE_HEADER,
  WM_MAP_HIT_LANE_LABEL,
  WM_MAP_HIT_CELL,          /* a cell without a card at that point */
  WM_MAP_HIT_CARD,
  WM_MAP_HIT_CURVE_POINT,
  WM_MAP_HIT_SWITCH,
} WmMapHitKind;

typedef struct
{
  WmMapHitKind kind;
  int          stage_index;   /* -1 when none */
  int          lane_index;    /* -1 when none */
  gint64       stage_id;
  gint64       lane_id;
  gint64       touchpoint_id; /* card, curve point, or the later card of a switch */
  gint64       persona_id;    /* curve point */
  guint        slot;          /* cells: the slot under the point */
  WmMapRect    rect;          /* what was hit */
} WmMapHit;

typedef struct _WmMapLayout WmMapLayout;

WmMapLayout            *wm_map_layout_new               (WmMapModel        *model);
void                    wm_map_layout_free              (WmMapLayout       *self);
WmMapModel             *wm_map_layout_get_model         (WmMapLayout       *self);
/* The analysis the layout marks switches and moments from (kept current). */
WmAnalysis             *wm_map_layout_get_analysis      (WmMapLayout       *self);

/* Lays out everything again (after reordering stages or lanes, say). */
void                    wm_map_layout_relayout          (WmMapLayout       *self);
/* After wm_map_model_reload_touchpoint() (or any change of one touchpoint,
 * including a move or delete): lays out what that touches and sets @damage
 * to the map area to draw again. Returns TRUE when the map's size changed. */
gboolean                wm_map_layout_update_touchpoint (WmMapLayout       *self,
                                                         gint64             touchpoint_id,
                                                         WmMapRect         *damage);
gboolean                wm_map_layout_update_stage      (WmMapLayout       *self,
                                                         gint64             stage_id,
                                                         WmMapRect         *damage);
gboolean                wm_map_layout_update_cell       (WmMapLayout       *self,
                                                         gint64             stage_id,
                                                         gint64             lane_id,
                                                         WmMapRect         *damage);
/* After wm_map_model_reload_kpis(): @damage covers the KPI lanes (and what
 * moved below them when they grew). */
gboolean                wm_map_layout_update_kpis       (WmMapLayout       *self,
                                                         WmMapRect         *damage);

/* Shows @as_is (may be NULL to stop) on this to-be map: its emotion curves
 * as comparison curves, and changed/added touchpoints marked on the cards. */
void                    wm_map_layout_set_comparison    (WmMapLayout       *self,
                                                         WmMapModel        *as_is);
WmComparison           *wm_map_layout_get_comparison    (WmMapLayout       *self);

void                    wm_map_layout_get_size          (WmMapLayout       *self,
                                                         double            *width,
                                                         double            *height);
double                  wm_map_layout_get_header_height (WmMapLayout       *self);
double                  wm_map_layout_get_label_width   (WmMapLayout       *self);

guint                   wm_map_layout_get_n_stages      (WmMapLayout       *self);
const WmMapStageBox    *wm_map_layout_get_stage         (WmMapLayout       *self,
                                                         guint              index);
guint                   wm_map_layout_get_n_lanes       (WmMapLayout       *self);
const WmMapLaneBox     *wm_map_layout_get_lane          (WmMapLayout       *self,
                                                         guint              index);
/* Cards in journey order; NULL when @touchpoint_id has none. */
guint                   wm_map_layout_get_n_cards       (WmMapLayout       *self);
const WmMapCardBox     *wm_map_layout_get_card          (WmMapLayout       *self,
                                                         guint              index);
const WmMapCardBox     *wm_map_layout_lookup_card       (WmMapLayout       *self,
                                                         gint64             touchpoint_id);
guint                   wm_map_layout_get_n_curves      (WmMapLayout       *self);
const WmMapCurve       *wm_map_layout_get_curve         (WmMapLayout       *self,
                                                         guint              index);
guint                   wm_map_layout_get_n_switches    (WmMapLayout       *self);
const WmMapSwitchMark  *wm_map_layout_get_switch        (WmMapLayout       *self,
                                                         guint              index);
/* The cell of a stage and lane (by index); FALSE when out of range. */
gboolean                wm_map_layout_get_cell_rect     (WmMapLayout       *self,
                                                         guint              stage_index,
                                                         guint              lane_index,
                                                         WmMapRect         *rect);
/* The x of slot @slot's centre, for placing a new card or the curve. */
double                  wm_map_layout_get_slot_x        (WmMapLayout       *self,
                                                         guint              slot);

/* What is at map point (@x, @y). Always fills @hit; returns FALSE for NONE. */
gboolean                wm_map_layout_hit_test          (WmMapLayout       *self,
                                                         double             x,
                                                         double             y,
                                                         WmMapHit          *hit);
/* The same for a point in a canvas that shows the map at @zoom scrolled by
 * (@scroll_x, @scroll_y) (map units) with the header row and label column
 * pinned: headers win over the body beneath them. */
gboolean                wm_map_layout_hit_test_view     (WmMapLayout       *self,
                                                         double             view_x,
                                                         double             view_y,
                                                         double             scroll_x,
                                                         double             scroll_y,
                                                         double             zoom,
                                                         WmMapHit          *hit);

/* Rectangle helpers */
gboolean                wm_map_rect_intersects          (const WmMapRect   *a,
                                                         const WmMapRect   *b);
gboolean                wm_map_rect_contains            (const WmMapRect   *rect,
                                                         double             x,
                                                         double             y);
void                    wm_map_rect_union               (const WmMapRect   *a,
                                                         const WmMapRect   *b,
                                                         WmMapRect         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmMapLayout, wm_map_layout_free)

G_END_DECLS
