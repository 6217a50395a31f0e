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
#include "wm-map-render.h"
#include "wm-voice.h"

G_BEGIN_DECLS

/* The canvas spans five files: wm-journey-canvas.c shows the map (layout,
 * painting, scrolling), wm-journey-canvas-describe.c puts it in words
 * (tooltips, the screen reader's description), wm-journey-canvas-focus.c
 * moves the focus around it with the keyboard, wm-journey-canvas-input.c handles the
 * pointer and zoom (clicks, drags, drops, Ctrl+scroll, pinch), and
 * wm-journey-canvas-edit.c writes what a person changes on the map to the
 * store (adding, renaming, moving, deleting, the clipboard). */

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
  WmVoiceChecker *voice_checker; /* the project's rules, until one changes */
  GHashTable     *voice_findings; /* touchpoint id → GPtrArray of WmVoiceFinding, if any */
  gboolean        show_findings;
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
  int             last_width;

  /* In-place text editing. */
  GtkWidget      *popover;
  GtkWidget      *entry;
  EditTarget      edit_target;
  gint64          edit_stage;
  gint64          edit_lane;

  gint64          last_reload_us;

  /* Painting: the pieces drawn over and over, and the images frames are
   * drawn into (handed to GTK as textures, reused once GTK let go). */
  WmMapRenderCache *render_cache;
  cairo_surface_t  *frames[3];
};

#define MIN_ZOOM 0.25
#define MAX_ZOOM 3.0
#define ZOOM_STEP 1.2
#define DRAG_THRESHOLD 6.0

/* wm-journey-canvas.c */
void wm_journey_canvas_get_canvas_size (WmJourneyCanvas *self,
                                        double          *width,
                                        double          *height);
CanvasHit wm_journey_canvas_hit_test (WmJourneyCanvas *self,
                                      double           x,
                                      double           y);
void wm_journey_canvas_update_adjustments (WmJourneyCanvas *self);
void wm_journey_canvas_add_toast (WmJourneyCanvas *self,
                                  const char      *title,
                                  gboolean         undo);
WmMapLayout *wm_journey_canvas_ensure_layout (WmJourneyCanvas *self);
double wm_journey_canvas_hvalue (WmJourneyCanvas *self);
WmMapLane *wm_journey_canvas_lane_at (WmJourneyCanvas *self,
                                      int              index);
gboolean wm_journey_canvas_lane_holds_cards (WmMapLane *lane);
gboolean wm_journey_canvas_lane_holds_text (WmMapLane *lane);
const char *wm_journey_canvas_lane_kind_name (WmLaneKind kind);
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
GPtrArray *wm_journey_canvas_get_voice_findings (WmJourneyCanvas *self,
                                                gint64           touchpoint_id);

/* wm-journey-canvas-describe.c */
gboolean wm_journey_canvas_query_tooltip (GtkWidget  *widget,
                                          int         x,
                                          int         y,
                                          gboolean    keyboard_mode,
                                          GtkTooltip *tooltip);

/* wm-journey-canvas-focus.c */
void wm_journey_canvas_focus_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);
void wm_journey_canvas_focus_first (WmJourneyCanvas *self);
void wm_journey_canvas_move_focus (WmJourneyCanvas *self,
                                   int              dx,
                                   int              dy);
gboolean wm_journey_canvas_parse_direction (GVariant *parameter,
                                            int      *dx,
                                            int      *dy);

/* wm-journey-canvas-input.c */
gboolean wm_journey_canvas_cell_is_empty_card_cell (WmJourneyCanvas *self,
                                                    int              stage_index,
                                                    int              lane_index);
gboolean wm_journey_canvas_drop_place (WmJourneyCanvas *self,
                                       gint64           moving_id,
                                       double           x,
                                       double           y,
                                       gint64          *stage_id,
                                       gint64          *lane_id,
                                       int             *index);
void wm_journey_canvas_zoom_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void wm_journey_canvas_zoom_around (WmJourneyCanvas *self,
                                    double           zoom,
                                    double           x,
                                    double           y);
void wm_journey_canvas_init_input (WmJourneyCanvas *self);

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
