/* wm-journey-canvas-input.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <math.h>

#include "wm-journey-canvas-private.h"

/* Zoom */

void
wm_journey_canvas_zoom_around (WmJourneyCanvas *self,
                               double           zoom,
                               double           x,
                               double           y)
{
  double old = self->zoom;
  double h = wm_journey_canvas_hvalue (self), v = wm_journey_canvas_vvalue (self);

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (fabs (zoom - old) < 1e-6)
    return;

  self->zoom = zoom;
  wm_journey_canvas_update_adjustments (self);
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, (h + x) * zoom / old - x);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, (v + y) * zoom / old - y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify (G_OBJECT (self), "zoom");
}

void
wm_journey_canvas_zoom_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);

  if (g_str_equal (action_name, "map.zoom-in"))
    wm_journey_canvas_zoom_around (self, self->zoom * ZOOM_STEP, 0, 0);
  else if (g_str_equal (action_name, "map.zoom-out"))
    wm_journey_canvas_zoom_around (self, self->zoom / ZOOM_STEP, 0, 0);
  else if (g_str_equal (action_name, "map.zoom-reset"))
    wm_journey_canvas_zoom_around (self, 1.0, 0, 0);
  else
    {
      double width = 0, height = 0;
      int w = gtk_widget_get_width (widget);
      int h = gtk_widget_get_height (widget);

      wm_journey_canvas_get_canvas_size (self, &width, &height);
      if (width > 0 && height > 0 && w > 0 && h > 0)
        wm_journey_canvas_zoom_around (self, MIN (w / width, h / height), 0, 0);
    }
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           WmJourneyCanvas          *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;

  /* Zoom around the pointer, where the motion controller last saw it. */
  wm_journey_canvas_zoom_around (self, self->zoom * pow (ZOOM_STEP, -dy), self->pointer_x,
                                 self->pointer_y);

  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               WmJourneyCanvas  *self)
{
  self->zoom_start = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom  *gesture,
                       double           scale,
                       WmJourneyCanvas *self)
{
  double x = 0, y = 0;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  wm_journey_canvas_zoom_around (self, self->zoom_start * scale, x, y);
}

/* Pointer */

gboolean
wm_journey_canvas_cell_is_empty_card_cell (WmJourneyCanvas *self,
                                           int              stage_index,
                                           int              lane_index)
{
  WmMapStage *stage = wm_journey_canvas_stage_at (self, stage_index);
  WmMapLane *lane = wm_journey_canvas_lane_at (self, lane_index);
  g_autoptr(GPtrArray) cards = NULL;

  if (stage == NULL || !wm_journey_canvas_lane_holds_cards (lane))
    return FALSE;
  cards = wm_journey_canvas_cell_cards (self, stage->id, lane->id);

  return cards->len == 0;
}

static gboolean
same_hit (const CanvasHit *a,
          const CanvasHit *b)
{
  return a->map.kind == b->map.kind && a->map.stage_index == b->map.stage_index &&
         a->map.lane_index == b->map.lane_index &&
         a->map.touchpoint_id == b->map.touchpoint_id && a->affordance == b->affordance;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           WmJourneyCanvas          *self)
{
  CanvasHit hit = wm_journey_canvas_hit_test (self, x, y);

  self->pointer_x = x;
  self->pointer_y = y;
  if (!same_hit (&hit, &self->hover))
    {
      self->hover = hit;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       hit.affordance != AFFORDANCE_NONE ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller,
          WmJourneyCanvas          *self)
{
  self->hover.map.kind = WM_MAP_HIT_NONE;
  self->hover.affordance = AFFORDANCE_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
focus_hit (WmJourneyCanvas *self,
           const WmMapHit  *hit)
{
  switch (hit->kind)
    {
    case WM_MAP_HIT_CARD:
    case WM_MAP_HIT_CURVE_POINT:
    case WM_MAP_HIT_SWITCH:
      if (hit->touchpoint_id > 0)
        wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, hit->touchpoint_id);
      break;
    case WM_MAP_HIT_STAGE_HEADER:
      wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE, hit->stage_id, 0, 0);
      break;
    case WM_MAP_HIT_LANE_LABEL:
      wm_journey_canvas_set_focus (self, WM_MAP_ITEM_LANE, 0, hit->lane_id, 0);
      break;
    case WM_MAP_HIT_CELL:
      wm_journey_canvas_set_focus (self, WM_MAP_ITEM_CELL, hit->stage_id, hit->lane_id, 0);
      break;
    case WM_MAP_HIT_CORNER:
    case WM_MAP_HIT_NONE:
    default:
      break;
    }
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            WmJourneyCanvas *self)
{
  CanvasHit hit = wm_journey_canvas_hit_test (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (hit.affordance != AFFORDANCE_NONE)
    return;
  focus_hit (self, &hit.map);

  if (n_press == 2)
    {
      switch (hit.map.kind)
        {
        case WM_MAP_HIT_CARD:
        case WM_MAP_HIT_STAGE_HEADER:
        case WM_MAP_HIT_LANE_LABEL:
        case WM_MAP_HIT_CELL:
          wm_journey_canvas_edit_focused (self);
          break;
        default:
          break;
        }
    }
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             WmJourneyCanvas *self)
{
  CanvasHit hit = wm_journey_canvas_hit_test (self, x, y);

  if (n_press != 1 || self->drag > DRAG_PENDING)
    return;

  switch (hit.affordance)
    {
    case AFFORDANCE_CELL_ADD:
      wm_journey_canvas_add_touchpoint_in (self, hit.map.stage_id, hit.map.lane_id);
      break;
    case AFFORDANCE_ADD_STAGE:
      self->focus = WM_MAP_ITEM_NONE;
      gtk_widget_activate_action (GTK_WIDGET (self), "map.add-stage", NULL);
      break;
    case AFFORDANCE_ADD_LANE:
      gtk_widget_activate_action (GTK_WIDGET (self), "map.add-lane", "s", "touchpoints");
      break;
    case AFFORDANCE_NONE:
    default:
      break;
    }
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               WmJourneyCanvas *self)
{
  self->drag = DRAG_PENDING;
  self->drag_hit = wm_journey_canvas_hit_test (self, x, y);
  self->drag_start_x = self->drag_x = x;
  self->drag_start_y = self->drag_y = y;
  self->drag_hadj = wm_journey_canvas_hvalue (self);
  self->drag_vadj = wm_journey_canvas_vvalue (self);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                WmJourneyCanvas *self)
{
  self->drag_x = self->drag_start_x + dx;
  self->drag_y = self->drag_start_y + dy;

  if (self->drag == DRAG_PENDING)
    {
      if (hypot (dx, dy) < DRAG_THRESHOLD)
        return;

      switch (self->drag_hit.map.kind)
        {
        case WM_MAP_HIT_CARD:
          self->drag = wm_journey_canvas_can_edit (self) ? DRAG_CARD : DRAG_PAN;
          break;
        case WM_MAP_HIT_STAGE_HEADER:
          self->drag = wm_journey_canvas_can_edit (self) ? DRAG_STAGE : DRAG_PAN;
          break;
        case WM_MAP_HIT_LANE_LABEL:
          self->drag = wm_journey_canvas_can_edit (self) ? DRAG_LANE : DRAG_PAN;
          break;
        default:
          self->drag = DRAG_PAN;
          break;
        }
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }

  if (self->drag == DRAG_PAN)
    {
      if (self->hadjustment)
        gtk_adjustment_set_value (self->hadjustment, self->drag_hadj - dx);
      if (self->vadjustment)
        gtk_adjustment_set_value (self->vadjustment, self->drag_vadj - dy);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where a card dropped at widget point (@x, @y) goes: a cell of a card lane
 * and its place among the stage's other cards (-1: after them). */
gboolean
wm_journey_canvas_drop_place (WmJourneyCanvas *self,
                              gint64           moving_id,
                              double           x,
                              double           y,
                              gint64          *stage_id,
                              gint64          *lane_id,
                              int             *index)
{
  CanvasHit target = wm_journey_canvas_hit_test (self, x, y);
  g_autoptr(GPtrArray) cards = NULL;
  double mx = x / self->zoom + wm_journey_canvas_hvalue (self) / self->zoom;

  if ((target.map.kind != WM_MAP_HIT_CARD && target.map.kind != WM_MAP_HIT_CELL) ||
      !wm_journey_canvas_lane_holds_cards (wm_journey_canvas_lane_at (self, target.map.lane_index)))
    return FALSE;

  *stage_id = target.map.stage_id;
  *lane_id = target.map.lane_id;
  *index = -1;
  cards = wm_journey_canvas_stage_cards (self, *stage_id, moving_id);
  for (guint i = 0; i < cards->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (cards, i);
      const WmMapCardBox *box = wm_map_layout_lookup_card (self->layout, tp->id);

      /* Before the first card whose middle is right of the drop point. */
      if (box && box->rect.x + box->rect.width / 2 > mx)
        {
          *index = (int) i;
          break;
        }
    }

  return TRUE;
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             WmJourneyCanvas *self)
{
  g_autoptr(GError) error = NULL;
  DragMode mode = self->drag;
  double x = self->drag_start_x + dx, y = self->drag_start_y + dy;
  CanvasHit target;

  self->drag = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (mode <= DRAG_PENDING || mode == DRAG_PAN || !wm_journey_canvas_can_edit (self))
    return;

  target = wm_journey_canvas_hit_test (self, x, y);
  switch (mode)
    {
    case DRAG_CARD:
      {
        gint64 id = self->drag_hit.map.touchpoint_id;
        gint64 stage_id, lane_id;
        int index;

        if (!wm_journey_canvas_drop_place (self, id, x, y, &stage_id, &lane_id, &index))
          return;
        if (!wm_journey_canvas_move_touchpoint (self, id, stage_id, lane_id, index, &error))
          wm_journey_canvas_report_error (self, error);
        wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, id);
        break;
      }

    case DRAG_STAGE:
      if (target.map.stage_index >= 0 && target.map.stage_index != self->drag_hit.map.stage_index &&
          !wm_store_move (self->store, WM_ENTITY_STAGE, self->drag_hit.map.stage_id,
                          (guint) target.map.stage_index, &error))
        wm_journey_canvas_report_error (self, error);
      break;

    case DRAG_LANE:
      if (target.map.lane_index >= 0 && target.map.lane_index != self->drag_hit.map.lane_index &&
          !wm_store_move (self->store, WM_ENTITY_LANE, self->drag_hit.map.lane_id,
                          (guint) target.map.lane_index, &error))
        wm_journey_canvas_report_error (self, error);
      break;

    case DRAG_NONE:
    case DRAG_PENDING:
    case DRAG_PAN:
    default:
      break;
    }
}

void
wm_journey_canvas_init_input (WmJourneyCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkWidget *widget = GTK_WIDGET (self);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (gesture, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);
}
