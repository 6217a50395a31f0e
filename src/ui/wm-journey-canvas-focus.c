/* wm-journey-canvas-focus.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include "wm-journey-canvas-private.h"

/* The keyboard moves the focus around the map: the arrow keys go from a
 * stage header, a lane label, a cell or a card to its neighbour, Home and
 * End to the first or last stage of the focused row, and Page Up and Page
 * Down scroll the map a page while the focus stays. */

/* Keyboard navigation */

void
wm_journey_canvas_focus_first (WmJourneyCanvas *self)
{
  WmMapStage *stage = wm_journey_canvas_stage_at (self, 0);

  if (self->model && self->model->touchpoints->len > 0)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (self->model->touchpoints, 0);

      wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, tp->id);
    }
  else if (stage)
    wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE, stage->id, 0, 0);
}

/* Focus the cell at (stage, lane), or one of its cards: the first, or the
 * last when coming from below. */
static void
focus_cell_or_card (WmJourneyCanvas *self,
                    int              stage_index,
                    int              lane_index,
                    gboolean         last)
{
  WmMapStage *stage = wm_journey_canvas_stage_at (self, stage_index);
  WmMapLane *lane = wm_journey_canvas_lane_at (self, lane_index);
  g_autoptr(GPtrArray) cards = NULL;

  if (stage == NULL || lane == NULL)
    return;

  cards = wm_journey_canvas_cell_cards (self, stage->id, lane->id);
  if (cards->len > 0)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (cards, last ? cards->len - 1 : 0);

      wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, tp->id);
    }
  else
    wm_journey_canvas_set_focus (self, WM_MAP_ITEM_CELL, stage->id, lane->id, 0);
}

void
wm_journey_canvas_move_focus (WmJourneyCanvas *self,
                              int              dx,
                              int              dy)
{
  int stage, lane;
  int n_stages, n_lanes;

  if (self->model == NULL)
    return;

  n_stages = (int) self->model->stages->len;
  n_lanes = (int) self->model->lanes->len;
  if (self->focus == WM_MAP_ITEM_NONE)
    {
      wm_journey_canvas_focus_first (self);
      return;
    }

  stage = wm_map_model_get_stage_index (self->model, self->focus_stage);
  lane = wm_map_model_get_lane_index (self->model, self->focus_lane);

  switch (self->focus)
    {
    case WM_MAP_ITEM_STAGE:
      if (dx != 0 && stage + dx >= 0 && stage + dx < n_stages)
        wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE,
                                     wm_journey_canvas_stage_at (self, stage + dx)->id, 0, 0);
      else if (dy > 0 && n_lanes > 0)
        focus_cell_or_card (self, stage, 0, FALSE);
      break;

    case WM_MAP_ITEM_LANE:
      if (dy != 0 && lane + dy >= 0 && lane + dy < n_lanes)
        wm_journey_canvas_set_focus (self, WM_MAP_ITEM_LANE, 0,
                                     wm_journey_canvas_lane_at (self, lane + dy)->id, 0);
      else if (dx > 0 && n_stages > 0)
        focus_cell_or_card (self, 0, lane, FALSE);
      break;

    case WM_MAP_ITEM_TOUCHPOINT:
      /* The cards of a cell sit side by side. */
      if (dx != 0)
        {
          g_autoptr(GPtrArray) cards = wm_journey_canvas_cell_cards (self, self->focus_stage,
                                                                     self->focus_lane);
          guint index = 0;

          for (guint i = 0; i < cards->len; i++)
            if (((WmMapTouchpoint *) g_ptr_array_index (cards, i))->id == self->focus_touchpoint)
              index = i;
          if ((int) index + dx >= 0 && (int) index + dx < (int) cards->len)
            {
              WmMapTouchpoint *tp = g_ptr_array_index (cards, index + dx);

              wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, tp->id);
              break;
            }
        }
      G_GNUC_FALLTHROUGH;

    case WM_MAP_ITEM_CELL:
      if (dx != 0)
        {
          if (stage + dx >= 0 && stage + dx < n_stages)
            focus_cell_or_card (self, stage + dx, lane, dx < 0);
          else if (stage + dx < 0)
            wm_journey_canvas_set_focus (self, WM_MAP_ITEM_LANE, 0, self->focus_lane, 0);
        }
      else if (dy != 0)
        {
          if (lane + dy >= 0 && lane + dy < n_lanes)
            focus_cell_or_card (self, stage, lane + dy, FALSE);
          else if (lane + dy < 0)
            wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE, self->focus_stage, 0, 0);
        }
      break;

    case WM_MAP_ITEM_NONE:
    default:
      break;
    }

  wm_journey_canvas_scroll_to_focus (self);
}

gboolean
wm_journey_canvas_parse_direction (GVariant *parameter,
                                   int      *dx,
                                   int      *dy)
{
  const char *direction = g_variant_get_string (parameter, NULL);

  *dx = *dy = 0;
  if (g_str_equal (direction, "left"))
    *dx = -1;
  else if (g_str_equal (direction, "right"))
    *dx = 1;
  else if (g_str_equal (direction, "up"))
    *dy = -1;
  else if (g_str_equal (direction, "down"))
    *dy = 1;
  else
    return FALSE;

  return TRUE;
}

/* Home and End: the first or last stage of the focused row. */
static void
focus_row_end (WmJourneyCanvas *self,
               gboolean         last)
{
  int stage = last ? (int) self->model->stages->len - 1 : 0;
  int lane = wm_map_model_get_lane_index (self->model, self->focus_lane);

  if (stage < 0)
    return;
  if (self->focus == WM_MAP_ITEM_STAGE || lane < 0)
    wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE,
                                 wm_journey_canvas_stage_at (self, stage)->id, 0, 0);
  else
    focus_cell_or_card (self, stage, lane, last);
  wm_journey_canvas_scroll_to_focus (self);
}

void
wm_journey_canvas_focus_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  const char *where = g_variant_get_string (parameter, NULL);
  int dx, dy;

  if (self->model == NULL)
    return;

  if (g_str_equal (where, "home") || g_str_equal (where, "end"))
    focus_row_end (self, g_str_equal (where, "end"));
  else if (g_str_equal (where, "page-up") || g_str_equal (where, "page-down"))
    {
      /* A page of the map up or down; the focus stays. */
      double page = gtk_adjustment_get_page_increment (self->vadjustment);

      gtk_adjustment_set_value (self->vadjustment,
                                wm_journey_canvas_vvalue (self) +
                                (g_str_equal (where, "page-up") ? -page : page));
    }
  else if (wm_journey_canvas_parse_direction (parameter, &dx, &dy))
    wm_journey_canvas_move_focus (self, dx, dy);
}
