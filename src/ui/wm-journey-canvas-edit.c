/* wm-journey-canvas-edit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wm-journey-canvas-private.h"

/* Every edit made on the map is one store transaction and one undo step. */

/* Editing */

gboolean
wm_journey_canvas_can_edit (WmJourneyCanvas *self)
{
  return self->store != NULL && self->model != NULL && !wm_store_is_read_only (self->store);
}

static gint64
insert_touchpoint (WmJourneyCanvas *self,
                   gint64           stage_id,
                   gint64           lane_id,
                   const char      *title,
                   GError         **error)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);

  wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, self->journey_id);
  wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID, stage_id);
  wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, lane_id);
  wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, title);

  return wm_store_insert (self->store, draft, error);
}

/* The first lane that holds cards, for a card added from a stage header. */
static WmMapLane *
first_card_lane (WmJourneyCanvas *self)
{
  for (guint i = 0; self->model && i < self->model->lanes->len; i++)
    if (wm_journey_canvas_lane_holds_cards (g_ptr_array_index (self->model->lanes, i)))
      return g_ptr_array_index (self->model->lanes, i);

  return NULL;
}

void
wm_journey_canvas_add_touchpoint_in (WmJourneyCanvas *self,
                   gint64           stage_id,
                   gint64           lane_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!wm_journey_canvas_can_edit (self))
    return;

  id = insert_touchpoint (self, stage_id, lane_id, _("New touchpoint"), &error);
  if (id <= 0)
    {
      wm_journey_canvas_report_error (self, error);
      return;
    }

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, id);
  wm_journey_canvas_scroll_to_focus (self);
  wm_journey_canvas_emit_edit_touchpoint (self, id);
}

void
wm_journey_canvas_add_touchpoint_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  WmMapLane *lane;
  WmMapStage *stage;

  if (self->model == NULL)
    return;

  lane = wm_map_model_get_lane (self->model, self->focus_lane);
  stage = wm_map_model_get_stage (self->model, self->focus_stage);
  if (!wm_journey_canvas_lane_holds_cards (lane))
    lane = first_card_lane (self);
  if (stage == NULL)
    stage = wm_journey_canvas_stage_at (self, 0);
  if (lane == NULL || stage == NULL)
    {
      wm_journey_canvas_add_toast (self, _("Add a stage and a touchpoint lane first"), FALSE);
      return;
    }

  wm_journey_canvas_add_touchpoint_in (self, stage->id, lane->id);
}

static void
start_edit (WmJourneyCanvas *self,
            EditTarget       target,
            gint64           stage_id,
            gint64           lane_id);

void
wm_journey_canvas_add_stage_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  g_autoptr(WmRecord) draft = NULL;
  g_autoptr(GError) error = NULL;
  int after = -1;
  gint64 id;

  if (!wm_journey_canvas_can_edit (self))
    return;

  if (self->focus != WM_MAP_ITEM_NONE && self->focus != WM_MAP_ITEM_LANE)
    after = wm_map_model_get_stage_index (self->model, self->focus_stage);

  if (!wm_store_begin_edit (self->store, _("Add stage"), &error))
    {
      wm_journey_canvas_report_error (self, error);
      return;
    }
  draft = wm_record_new (WM_ENTITY_STAGE);
  wm_record_set_ref (draft, WM_STAGE_JOURNEY_ID, self->journey_id);
  wm_record_set_string (draft, WM_STAGE_NAME, _("New stage"));
  id = wm_store_insert (self->store, draft, &error);
  if (id > 0 && after >= 0 && (guint) after + 1 < self->model->stages->len)
    wm_store_move (self->store, WM_ENTITY_STAGE, id, (guint) after + 1, &error);
  if (error != NULL || !wm_store_commit_edit (self->store, &error))
    {
      wm_store_rollback_edit (self->store);
      wm_journey_canvas_report_error (self, error);
      return;
    }

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE, id, 0, 0);
  wm_journey_canvas_scroll_to_focus (self);
  start_edit (self, EDIT_STAGE, id, 0);
}

void
wm_journey_canvas_add_lane_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  g_autoptr(WmRecord) draft = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind = wm_journey_canvas_lane_kind_value (parameter ? g_variant_get_string (parameter, NULL) : NULL);
  gint64 id;

  if (!wm_journey_canvas_can_edit (self) || kind == NULL)
    return;

  draft = wm_record_new (WM_ENTITY_LANE);
  wm_record_set_ref (draft, WM_LANE_JOURNEY_ID, self->journey_id);
  wm_record_set_string (draft, WM_LANE_NAME, wm_journey_canvas_lane_kind_name (wm_journey_canvas_lane_kind_from_value (kind)));
  wm_record_set_string (draft, WM_LANE_KIND, kind);
  id = wm_store_insert (self->store, draft, &error);
  if (id <= 0)
    {
      wm_journey_canvas_report_error (self, error);
      return;
    }

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_LANE, 0, id, 0);
  wm_journey_canvas_scroll_to_focus (self);
  start_edit (self, EDIT_LANE, 0, id);
}

static void
delete_focused (WmJourneyCanvas *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!wm_journey_canvas_can_edit (self))
    return;

  switch (self->focus)
    {
    case WM_MAP_ITEM_TOUCHPOINT:
      {
        WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self->model, self->focus_touchpoint);

        if (tp == NULL)
          return;
        /* Translators: a toast; %s is the touchpoint's title */
        title = g_strdup_printf (_("Touchpoint “%s” deleted"), tp->title);
        if (!wm_store_delete (self->store, WM_ENTITY_TOUCHPOINT, tp->id, &error))
          break;
        wm_journey_canvas_add_toast (self, title, TRUE);
        return;
      }

    case WM_MAP_ITEM_STAGE:
      {
        WmMapStage *stage = wm_map_model_get_stage (self->model, self->focus_stage);
        int index = wm_map_model_get_stage_index (self->model, self->focus_stage);
        WmMapStage *next;

        if (stage == NULL)
          return;
        /* Translators: a toast; %s is the stage's name */
        title = g_strdup_printf (_("Stage “%s” deleted"), stage->name);
        next = wm_journey_canvas_stage_at (self, index + 1) ? wm_journey_canvas_stage_at (self, index + 1) : wm_journey_canvas_stage_at (self, index - 1);
        if (!wm_store_delete (self->store, WM_ENTITY_STAGE, stage->id, &error))
          break;
        if (next)
          wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE, next->id, 0, 0);
        wm_journey_canvas_add_toast (self, title, TRUE);
        return;
      }

    case WM_MAP_ITEM_LANE:
      {
        WmMapLane *lane = wm_map_model_get_lane (self->model, self->focus_lane);
        int index = wm_map_model_get_lane_index (self->model, self->focus_lane);
        WmMapLane *next;

        if (lane == NULL)
          return;
        /* Translators: a toast; %s is the lane's name */
        title = g_strdup_printf (_("Lane “%s” deleted"), lane->name);
        next = wm_journey_canvas_lane_at (self, index + 1) ? wm_journey_canvas_lane_at (self, index + 1) : wm_journey_canvas_lane_at (self, index - 1);
        if (!wm_store_delete (self->store, WM_ENTITY_LANE, lane->id, &error))
          break;
        if (next)
          wm_journey_canvas_set_focus (self, WM_MAP_ITEM_LANE, 0, next->id, 0);
        wm_journey_canvas_add_toast (self, title, TRUE);
        return;
      }

    case WM_MAP_ITEM_CELL:
      {
        WmMapCell *cell = wm_map_model_get_cell (self->model, self->focus_stage,
                                                 self->focus_lane);

        if (cell == NULL || cell->id <= 0)
          return;
        if (!wm_store_delete (self->store, WM_ENTITY_CELL, cell->id, &error))
          break;
        wm_journey_canvas_add_toast (self, _("Cell text deleted"), TRUE);
        return;
      }

    case WM_MAP_ITEM_NONE:
    default:
      return;
    }

  wm_journey_canvas_report_error (self, error);
}

void
wm_journey_canvas_delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  delete_focused (WM_JOURNEY_CANVAS (widget));
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const WmMapTouchpoint *ta = *(WmMapTouchpoint **) a;
  const WmMapTouchpoint *tb = *(WmMapTouchpoint **) b;

  return (ta->position > tb->position) - (ta->position < tb->position);
}

/* The cards of a stage in journey order (borrowed), without @except_id. */
GPtrArray *
wm_journey_canvas_stage_cards (WmJourneyCanvas *self,
             gint64           stage_id,
             gint64           except_id)
{
  GPtrArray *cards = g_ptr_array_new ();

  for (guint i = 0; i < self->model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (self->model->touchpoints, i);

      if (tp->stage_id == stage_id && tp->id != except_id)
        g_ptr_array_add (cards, tp);
    }

  return cards;
}

/* wm_store_move() counts among all the journey's touchpoints ordered by
 * position; a card placed at @index among its new stage's cards goes before
 * the card there, or after the stage's last one. G_MAXUINT: the stage has no
 * other card, so its position does not matter. */
static guint
store_index_for (WmJourneyCanvas *self,
                 gint64           moving_id,
                 gint64           stage_id,
                 int              index)
{
  g_autoptr(GPtrArray) cards = wm_journey_canvas_stage_cards (self, stage_id, moving_id);
  g_autoptr(GPtrArray) by_position = g_ptr_array_new ();
  WmMapTouchpoint *anchor;
  gboolean after = FALSE;

  if (cards->len == 0)
    return G_MAXUINT;
  if (index >= 0 && (guint) index < cards->len)
    anchor = g_ptr_array_index (cards, index);
  else
    {
      anchor = g_ptr_array_index (cards, cards->len - 1);
      after = TRUE;
    }

  for (guint i = 0; i < self->model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (self->model->touchpoints, i);

      if (tp->id != moving_id)
        g_ptr_array_add (by_position, tp);
    }
  g_ptr_array_sort (by_position, compare_position);

  for (guint i = 0; i < by_position->len; i++)
    if (g_ptr_array_index (by_position, i) == anchor)
      return after ? i + 1 : i;

  return G_MAXUINT;
}

gboolean
wm_journey_canvas_move_touchpoint (WmJourneyCanvas *self,
                                   gint64           touchpoint_id,
                                   gint64           stage_id,
                                   gint64           lane_id,
                                   int              index,
                                   GError         **error)
{
  WmMapTouchpoint *tp;
  guint position;

  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), FALSE);

  if (!wm_journey_canvas_can_edit (self))
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                           _("This project is open read-only."));
      return FALSE;
    }

  tp = wm_map_model_get_touchpoint (self->model, touchpoint_id);
  if (tp == NULL || !wm_map_model_get_stage (self->model, stage_id) ||
      !wm_journey_canvas_lane_holds_cards (wm_map_model_get_lane (self->model, lane_id)))
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("A touchpoint can only go into a cell of a touchpoint lane."));
      return FALSE;
    }

  position = store_index_for (self, touchpoint_id, stage_id, index);

  if (!wm_store_begin_edit (self->store, _("Move touchpoint"), error))
    return FALSE;
  if ((tp->stage_id != stage_id &&
       !wm_store_set_ref (self->store, touchpoint_id,
                        WM_TOUCHPOINT_STAGE_ID, stage_id, error)) ||
      (tp->lane_id != lane_id &&
       !wm_store_set_ref (self->store, touchpoint_id,
                        WM_TOUCHPOINT_LANE_ID, lane_id, error)) ||
      (position != G_MAXUINT &&
       !wm_store_move (self->store, WM_ENTITY_TOUCHPOINT, touchpoint_id, position, error)))
    {
      wm_store_rollback_edit (self->store);
      return FALSE;
    }

  return wm_store_commit_edit (self->store, error);
}

/* Ctrl+arrows: left and right pass the neighbouring card of the stage, then
 * into the next stage; up and down change to the next lane holding cards. */
static void
move_card (WmJourneyCanvas *self,
           int              dx,
           int              dy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  int stage = wm_map_model_get_stage_index (self->model, self->focus_stage);
  int lane = wm_map_model_get_lane_index (self->model, self->focus_lane);
  gint64 id = self->focus_touchpoint;
  int index = -1;
  WmMapStage *to_stage;
  WmMapLane *to_lane;

  cards = wm_journey_canvas_stage_cards (self, self->focus_stage, 0);
  for (guint i = 0; i < cards->len; i++)
    if (((WmMapTouchpoint *) g_ptr_array_index (cards, i))->id == id)
      index = (int) i;

  if (dx != 0)
    {
      if (index + dx >= 0 && index + dx < (int) cards->len)
        {
          /* Among the stage's other cards, index + dx is the place past the neighbour. */
          if (!wm_journey_canvas_move_touchpoint (self, id, self->focus_stage, self->focus_lane,
                                                  index + dx, &error))
            wm_journey_canvas_report_error (self, error);
        }
      else
        {
          to_stage = wm_journey_canvas_stage_at (self, stage + dx);
          if (to_stage == NULL)
            return;
          if (!wm_journey_canvas_move_touchpoint (self, id, to_stage->id, self->focus_lane,
                                                  dx < 0 ? -1 : 0, &error))
            wm_journey_canvas_report_error (self, error);
        }
    }
  else
    {
      do
        {
          lane += dy;
          to_lane = wm_journey_canvas_lane_at (self, lane);
        }
      while (to_lane && !wm_journey_canvas_lane_holds_cards (to_lane));
      if (to_lane == NULL)
        return;
      if (!wm_journey_canvas_move_touchpoint (self, id, self->focus_stage, to_lane->id,
                                              index, &error))
        wm_journey_canvas_report_error (self, error);
    }

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, id);
  wm_journey_canvas_scroll_to_focus (self);
}

void
wm_journey_canvas_move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  g_autoptr(GError) error = NULL;
  int dx, dy;

  if (!wm_journey_canvas_can_edit (self) || !wm_journey_canvas_parse_direction (parameter, &dx, &dy))
    return;

  switch (self->focus)
    {
    case WM_MAP_ITEM_TOUCHPOINT:
      move_card (self, dx, dy);
      return;

    case WM_MAP_ITEM_STAGE:
      {
        int index = wm_map_model_get_stage_index (self->model, self->focus_stage) + dx;

        if (dx == 0 || index < 0 || (guint) index >= self->model->stages->len)
          return;
        if (!wm_store_move (self->store, WM_ENTITY_STAGE, self->focus_stage, (guint) index, &error))
          wm_journey_canvas_report_error (self, error);
        wm_journey_canvas_scroll_to_focus (self);
        return;
      }

    case WM_MAP_ITEM_LANE:
      {
        int index = wm_map_model_get_lane_index (self->model, self->focus_lane) + dy;

        if (dy == 0 || index < 0 || (guint) index >= self->model->lanes->len)
          return;
        if (!wm_store_move (self->store, WM_ENTITY_LANE, self->focus_lane, (guint) index, &error))
          wm_journey_canvas_report_error (self, error);
        wm_journey_canvas_scroll_to_focus (self);
        return;
      }

    case WM_MAP_ITEM_CELL:
    case WM_MAP_ITEM_NONE:
    default:
      return;
    }
}

/* In-place editing of names and cell text, in a popover over the item. */

void
wm_journey_canvas_popover_closed_cb (WmJourneyCanvas *self)
{
  self->edit_target = EDIT_NONE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
commit_cell_text (WmJourneyCanvas *self,
                  gint64           stage_id,
                  gint64           lane_id,
                  const char      *text,
                  GError         **error)
{
  WmMapCell *cell = wm_map_model_get_cell (self->model, stage_id, lane_id);
  g_autoptr(WmRecord) draft = NULL;

  if (cell && cell->id > 0)
    {
      if (g_strcmp0 (cell->text, text) == 0)
        return TRUE;
      if (*text == '\0')
        return wm_store_delete (self->store, WM_ENTITY_CELL, cell->id, error);
      return wm_store_set_string (self->store, cell->id, WM_CELL_TEXT, text, error);
    }
  if (*text == '\0')
    return TRUE;

  draft = wm_record_new (WM_ENTITY_CELL);
  wm_record_set_ref (draft, WM_CELL_JOURNEY_ID, self->journey_id);
  wm_record_set_ref (draft, WM_CELL_STAGE_ID, stage_id);
  wm_record_set_ref (draft, WM_CELL_LANE_ID, lane_id);
  wm_record_set_string (draft, WM_CELL_TEXT, text);

  return wm_store_insert (self->store, draft, error) > 0;
}

void
wm_journey_canvas_entry_activate_cb (WmJourneyCanvas *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  EditTarget target = self->edit_target;
  gboolean ok = TRUE;

  self->edit_target = EDIT_NONE;
  gtk_popover_popdown (GTK_POPOVER (self->popover));

  if (!wm_journey_canvas_can_edit (self))
    return;

  switch (target)
    {
    case EDIT_STAGE:
      {
        WmMapStage *stage = wm_map_model_get_stage (self->model, self->edit_stage);

        if (stage && *text && g_strcmp0 (stage->name, text) != 0)
          ok = wm_store_set_string (self->store, stage->id, WM_STAGE_NAME, text,
                                  &error);
        break;
      }
    case EDIT_LANE:
      {
        WmMapLane *lane = wm_map_model_get_lane (self->model, self->edit_lane);

        if (lane && *text && g_strcmp0 (lane->name, text) != 0)
          ok = wm_store_set_string (self->store, lane->id, WM_LANE_NAME, text,
                                  &error);
        break;
      }
    case EDIT_CELL:
      ok = commit_cell_text (self, self->edit_stage, self->edit_lane, text, &error);
      break;
    case EDIT_NONE:
    default:
      break;
    }

  if (!ok)
    wm_journey_canvas_report_error (self, error);
}

static void
start_edit (WmJourneyCanvas *self,
            EditTarget       target,
            gint64           stage_id,
            gint64           lane_id)
{
  WmMapRect area;
  GdkRectangle rect;
  const char *text = "";
  const char *placeholder = "";
  int stage, lane;

  if (!wm_journey_canvas_can_edit (self))
    return;

  if (wm_journey_canvas_ensure_layout (self) == NULL)
    return;
  stage = wm_map_model_get_stage_index (self->model, stage_id);
  lane = wm_map_model_get_lane_index (self->model, lane_id);

  switch (target)
    {
    case EDIT_STAGE:
      if (stage < 0)
        return;
      text = wm_journey_canvas_stage_at (self, stage)->name;
      placeholder = _("Stage name");
      area = wm_map_layout_get_stage (self->layout, (guint) stage)->header;
      area.x -= wm_journey_canvas_hvalue (self) / self->zoom;
      break;
    case EDIT_LANE:
      if (lane < 0)
        return;
      text = wm_journey_canvas_lane_at (self, lane)->name;
      placeholder = _("Lane name");
      area = wm_map_layout_get_lane (self->layout, (guint) lane)->label;
      area.y -= wm_journey_canvas_vvalue (self) / self->zoom;
      break;
    case EDIT_CELL:
      {
        WmMapCell *cell = wm_map_model_get_cell (self->model, stage_id, lane_id);

        if (stage < 0 || lane < 0)
          return;
        text = cell ? cell->text : "";
        placeholder = _("Text for this stage");
        wm_map_layout_get_cell_rect (self->layout, (guint) stage, (guint) lane, &area);
        area.x -= wm_journey_canvas_hvalue (self) / self->zoom;
        area.y -= wm_journey_canvas_vvalue (self) / self->zoom;
        break;
      }
    case EDIT_NONE:
    default:
      return;
    }

  self->edit_target = target;
  self->edit_stage = stage_id;
  self->edit_lane = lane_id;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), placeholder);

  rect.x = (int) (area.x * self->zoom);
  rect.y = (int) (area.y * self->zoom);
  rect.width = MAX (1, (int) (area.width * self->zoom));
  rect.height = MAX (1, (int) (area.height * self->zoom));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_grab_focus (self->entry);
}

void
wm_journey_canvas_edit_focused (WmJourneyCanvas *self)
{
  WmMapLane *lane;

  if (self->model == NULL)
    return;

  lane = wm_map_model_get_lane (self->model, self->focus_lane);
  switch (self->focus)
    {
    case WM_MAP_ITEM_TOUCHPOINT:
      wm_journey_canvas_emit_edit_touchpoint (self, self->focus_touchpoint);
      break;
    case WM_MAP_ITEM_STAGE:
      start_edit (self, EDIT_STAGE, self->focus_stage, 0);
      break;
    case WM_MAP_ITEM_LANE:
      start_edit (self, EDIT_LANE, 0, self->focus_lane);
      break;
    case WM_MAP_ITEM_CELL:
      if (wm_journey_canvas_lane_holds_cards (lane))
        wm_journey_canvas_add_touchpoint_in (self, self->focus_stage, self->focus_lane);
      else if (wm_journey_canvas_lane_holds_text (lane))
        start_edit (self, EDIT_CELL, self->focus_stage, self->focus_lane);
      break;
    case WM_MAP_ITEM_NONE:
    default:
      wm_journey_canvas_focus_first (self);
      break;
    }
}

void
wm_journey_canvas_edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wm_journey_canvas_edit_focused (WM_JOURNEY_CANVAS (widget));
}

/* Copy, paste and duplicate. A card travels as a key file, so that a paste
 * from another project window keeps every field; plain text pastes as a new
 * card's title. */

#define CLIPBOARD_GROUP "Waymark Touchpoint"

static char *
touchpoint_to_text (WmJourneyCanvas *self,
                    WmMapTouchpoint *tp)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  WmMapChannel *channel = wm_map_model_get_channel (self->model, tp->channel_id);

  g_key_file_set_string (file, CLIPBOARD_GROUP, "title", tp->title);
  g_key_file_set_string (file, CLIPBOARD_GROUP, "customer-action", tp->customer_action);
  g_key_file_set_string (file, CLIPBOARD_GROUP, "message", tp->message);
  g_key_file_set_integer (file, CLIPBOARD_GROUP, "emotion", tp->emotion);
  g_key_file_set_boolean (file, CLIPBOARD_GROUP, "moment-that-matters", tp->moment_that_matters);
  g_key_file_set_string (file, CLIPBOARD_GROUP, "mtm-reason", tp->mtm_reason);
  g_key_file_set_integer (file, CLIPBOARD_GROUP, "dropout-risk", tp->dropout_risk);
  g_key_file_set_integer (file, CLIPBOARD_GROUP, "evidence", tp->evidence);
  g_key_file_set_boolean (file, CLIPBOARD_GROUP, "context-carried", tp->context_carried);
  g_key_file_set_string (file, CLIPBOARD_GROUP, "owner", tp->owner);
  if (channel)
    g_key_file_set_string (file, CLIPBOARD_GROUP, "channel", channel->name);

  return g_key_file_to_data (file, NULL, NULL);
}

static gint64
channel_by_name (WmJourneyCanvas *self,
                 const char      *name)
{
  for (guint i = 0; name && i < self->model->channels->len; i++)
    {
      WmMapChannel *channel = g_ptr_array_index (self->model->channels, i);

      if (g_strcmp0 (channel->name, name) == 0)
        return channel->id;
    }

  return 0;
}

static const char *
risk_value (int risk)
{
  static const char *const risks[] = { "none", "low", "medium", "high" };

  return risks[CLAMP (risk, 0, 3)];
}

static const char *
evidence_value (int evidence)
{
  static const char *const values[] = { "observed", "assumed", "proposed" };

  return values[CLAMP (evidence, 0, 2)];
}

/* Inserts a card from clipboard text into cell (stage, lane) as one edit. */
static gint64
paste_text (WmJourneyCanvas *self,
            const char      *text,
            gint64           stage_id,
            gint64           lane_id,
            const char      *label,
            GError         **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);
  g_autofree char *title = NULL;
  gint64 id;

  wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, self->journey_id);
  wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID, stage_id);
  wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, lane_id);

  if (g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, NULL) &&
      g_key_file_has_group (file, CLIPBOARD_GROUP))
    {
      g_autofree char *action = g_key_file_get_string (file, CLIPBOARD_GROUP, "customer-action", NULL);
      g_autofree char *message = g_key_file_get_string (file, CLIPBOARD_GROUP, "message", NULL);
      g_autofree char *reason = g_key_file_get_string (file, CLIPBOARD_GROUP, "mtm-reason", NULL);
      g_autofree char *owner = g_key_file_get_string (file, CLIPBOARD_GROUP, "owner", NULL);
      g_autofree char *channel = g_key_file_get_string (file, CLIPBOARD_GROUP, "channel", NULL);
      gint64 channel_id = channel_by_name (self, channel);

      title = g_key_file_get_string (file, CLIPBOARD_GROUP, "title", NULL);
      wm_record_set_string (draft, WM_TOUCHPOINT_CUSTOMER_ACTION, action ? action : "");
      wm_record_set_string (draft, WM_TOUCHPOINT_MESSAGE, message ? message : "");
      wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION,
                         CLAMP (g_key_file_get_integer (file, CLIPBOARD_GROUP, "emotion", NULL),
                                -3, 3));
      wm_record_set_boolean (draft, WM_TOUCHPOINT_MOMENT_THAT_MATTERS,
                             g_key_file_get_boolean (file, CLIPBOARD_GROUP,
                                                     "moment-that-matters", NULL));
      wm_record_set_string (draft, WM_TOUCHPOINT_MTM_REASON, reason ? reason : "");
      wm_record_set_string (draft, WM_TOUCHPOINT_DROPOUT_RISK,
                            risk_value (g_key_file_get_integer (file, CLIPBOARD_GROUP,
                                                                "dropout-risk", NULL)));
      wm_record_set_string (draft, WM_TOUCHPOINT_EVIDENCE,
                            evidence_value (g_key_file_get_integer (file, CLIPBOARD_GROUP,
                                                                    "evidence", NULL)));
      wm_record_set_boolean (draft, WM_TOUCHPOINT_CONTEXT_CARRIED,
                             g_key_file_get_boolean (file, CLIPBOARD_GROUP,
                                                     "context-carried", NULL));
      wm_record_set_string (draft, WM_TOUCHPOINT_OWNER, owner ? owner : "");
      if (channel_id > 0)
        wm_record_set_ref (draft, WM_TOUCHPOINT_CHANNEL_ID, channel_id);
    }
  else
    {
      /* Plain text: its first line is the title. */
      const char *end = strchr (text, '\n');

      title = g_strstrip (end ? g_strndup (text, (gsize) (end - text)) : g_strdup (text));
    }

  if (title == NULL || *title == '\0')
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("The clipboard holds nothing to paste as a touchpoint."));
      return 0;
    }
  wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, title);

  if (!wm_store_begin_edit (self->store, label, error))
    return 0;
  id = wm_store_insert (self->store, draft, error);
  if (id <= 0 || !wm_store_commit_edit (self->store, error))
    {
      wm_store_rollback_edit (self->store);
      return 0;
    }

  return id;
}

void
wm_journey_canvas_copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  WmMapTouchpoint *tp;
  g_autofree char *text = NULL;

  if (self->model == NULL || self->focus != WM_MAP_ITEM_TOUCHPOINT)
    return;
  tp = wm_map_model_get_touchpoint (self->model, self->focus_touchpoint);
  if (tp == NULL)
    return;

  text = touchpoint_to_text (self, tp);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static gboolean
paste_target (WmJourneyCanvas *self,
              gint64          *stage_id,
              gint64          *lane_id)
{
  WmMapLane *lane = wm_map_model_get_lane (self->model, self->focus_lane);
  WmMapStage *stage = wm_map_model_get_stage (self->model, self->focus_stage);

  if (!wm_journey_canvas_lane_holds_cards (lane))
    lane = first_card_lane (self);
  if (stage == NULL)
    stage = wm_journey_canvas_stage_at (self, 0);
  if (lane == NULL || stage == NULL)
    return FALSE;

  *stage_id = stage->id;
  *lane_id = lane->id;

  return TRUE;
}

static void
paste_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WmJourneyCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  gint64 stage_id, lane_id, id;

  if (text == NULL || !wm_journey_canvas_can_edit (self) || !paste_target (self, &stage_id, &lane_id))
    return;

  id = paste_text (self, text, stage_id, lane_id, _("Paste touchpoint"), &error);
  if (id <= 0)
    {
      wm_journey_canvas_report_error (self, error);
      return;
    }

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, id);
  wm_journey_canvas_scroll_to_focus (self);
}

void
wm_journey_canvas_paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);

  if (!wm_journey_canvas_can_edit (self))
    return;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_ready_cb,
                                 g_object_ref (self));
}

void
wm_journey_canvas_duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  WmMapTouchpoint *tp;
  gint64 id;

  if (!wm_journey_canvas_can_edit (self) || self->focus != WM_MAP_ITEM_TOUCHPOINT)
    return;
  tp = wm_map_model_get_touchpoint (self->model, self->focus_touchpoint);
  if (tp == NULL)
    return;

  text = touchpoint_to_text (self, tp);
  id = paste_text (self, text, tp->stage_id, tp->lane_id, _("Duplicate touchpoint"), &error);
  if (id <= 0)
    {
      wm_journey_canvas_report_error (self, error);
      return;
    }

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, id);
  wm_journey_canvas_scroll_to_focus (self);
}
