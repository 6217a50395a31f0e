/* wm-journey-canvas-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-journey-canvas.h"
#include "wm-map-layout.h"
#include "wm-map-model.h"

G_BEGIN_DECLS

/* The canvas spans two files: wm-journey-canvas.c shows the map (layout,
 * painting, scrolling, zoom, pointer and keyboard navigation) and
 * wm-journey-canvas-edit.c writes what a person changes on it to the store
 * (adding, renaming, moving, deleting, the clipboard). */

typedef enum
{
  DRAG_NONE,
  DRAG_PENDING,   /* pressed, not moved far enough yet */
  DRAG_CARD,
  DRAG_STAGE,
  DRAG_LANE,
  DRAG_PAN,
} DragMode;

typedef enum
{
  EDIT_NONE,
  EDIT_STAGE,
  EDIT_LANE,
  EDIT_CELL,
} EditTarget;

/* What is under the pointer: an item of the map, or one of the canvas's
 * own editing affordances drawn over it. */
typedef enum
{
  AFFORDANCE_NONE,
  AFFORDANCE_CELL_ADD,   /* the "+" in an empty cell of a touchpoint lane */
  AFFORDANCE_ADD_STAGE,  /* the "+" after the last stage header */
  AFFORDANCE_ADD_LANE,   /* the "+" under the last lane label */
} Affordance;

typedef struct
{
  WmMapHit   map;
  Affordance affordance;
} CanvasHit;

struct _WmJourneyCanvas
{
  GtkWidget       parent_instance;

  GtkAdjustment  *hadjustment;
  GtkAdjustment  *vadjustment;
  guint           hscroll_policy : 1;
  guint           vscroll_policy : 1;

  WmStore        *store;
  gint64          journey_id;
  gulong          changed_id;
  WmMapModel     *model;
  WmMapLayout    *layout;
  gboolean        layout_dirty;
  gboolean        compare;
  WmMapModel     *as_is;
  double          zoom;
  gboolean        scroll_to_origin;

  /* Focus. */
  WmMapItem       focus;
  gint64          focus_stage;
  gint64          focus_lane;
  gint64          focus_touchpoint;

  /* Pointer. */
  CanvasHit       hover;
  DragMode        drag;
  CanvasHit       drag_hit;
  double          drag_start_x;
  double          drag_start_y;
  double          drag_x;
  double          drag_y;
  double          drag_hadj;
  double          drag_vadj;
  double          zoom_start;
  double          pointer_x;
  double          pointer_y;

  /* In-place text editing. */
  GtkWidget      *popover;
  GtkWidget      *entry;
  EditTarget      edit_target;
  gint64          edit_stage;
  gint64          edit_lane;

  gint64          last_reload_us;
};

/* wm-journey-canvas.c */
void wm_journey_canvas_add_toast (WmJourneyCanvas *self,
                                  const char      *title,
                                  gboolean         undo);
WmMapLayout *wm_journey_canvas_ensure_layout (WmJourneyCanvas *self);
void wm_journey_canvas_focus_first (WmJourneyCanvas *self);
double wm_journey_canvas_hvalue (WmJourneyCanvas *self);
WmMapLane *wm_journey_canvas_lane_at (WmJourneyCanvas *self,
                                      int              index);
gboolean wm_journey_canvas_lane_holds_cards (WmMapLane *lane);
gboolean wm_journey_canvas_lane_holds_text (WmMapLane *lane);
WmLaneKind wm_journey_canvas_lane_kind_from_value (const char *value);
const char *wm_journey_canvas_lane_kind_name (WmLaneKind kind);
const char *wm_journey_canvas_lane_kind_value (const char *kind_or_null);
void wm_journey_canvas_move_focus (WmJourneyCanvas *self,
                                   int              dx,
                                   int              dy);
gboolean wm_journey_canvas_parse_direction (GVariant *parameter,
                                            int      *dx,
                                            int      *dy);
void wm_journey_canvas_report_error (WmJourneyCanvas *self,
                                     GError          *error);
void wm_journey_canvas_scroll_to_focus (WmJourneyCanvas *self);
void wm_journey_canvas_set_focus (WmJourneyCanvas *self,
                                  WmMapItem        item,
                                  gint64           stage_id,
                                  gint64           lane_id,
                                  gint64           touchpoint_id);
WmMapStage *wm_journey_canvas_stage_at (WmJourneyCanvas *self,
                                        int              index);
double wm_journey_canvas_vvalue (WmJourneyCanvas *self);
GPtrArray *wm_journey_canvas_cell_cards (WmJourneyCanvas *self,
                                         gint64           stage_id,
                                         gint64           lane_id);
void wm_journey_canvas_emit_edit_touchpoint (WmJourneyCanvas *self,
                                             gint64           touchpoint_id);

/* wm-journey-canvas-edit.c */
void wm_journey_canvas_add_lane_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);
void wm_journey_canvas_add_stage_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
void wm_journey_canvas_add_touchpoint_action (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void wm_journey_canvas_add_touchpoint_in (WmJourneyCanvas *self,
                                          gint64           stage_id,
                                          gint64           lane_id);
gboolean wm_journey_canvas_can_edit (WmJourneyCanvas *self);
void wm_journey_canvas_copy_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void wm_journey_canvas_delete_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter);
void wm_journey_canvas_duplicate_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
void wm_journey_canvas_edit_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void wm_journey_canvas_edit_focused (WmJourneyCanvas *self);
void wm_journey_canvas_entry_activate_cb (WmJourneyCanvas *self);
void wm_journey_canvas_move_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void wm_journey_canvas_paste_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);
void wm_journey_canvas_popover_closed_cb (WmJourneyCanvas *self);
GPtrArray *wm_journey_canvas_stage_cards (WmJourneyCanvas *self,
                                          gint64           stage_id,
                                          gint64           except_id);

G_END_DECLS
