/* wm-journey-canvas.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "wm-journey-canvas-private.h"
#include "wm-map-layout.h"
#include "wm-map-model.h"
#include "wm-map-render.h"
#include "wm-ui-util.h"
#include "wm-voice-project.h"

#define ADD_SIZE 56.0     /* room for the "+" after the last stage and lane */
#define ADD_RADIUS 16.0

static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WmJourneyCanvas, wm_journey_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum {
  PROP_0,
  PROP_SELECTED_TOUCHPOINT,
  PROP_ZOOM,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  EDIT_TOUCHPOINT,
  MAP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define MAP_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY_PERSONA) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_PERSONA) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_STAGE) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_LANE) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT_EMOTION) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_CELL) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_KPI) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_KPI_LINK))

#define VOICE_RULE_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE) | \
                            WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE_CHANNEL))

/* A regular expression that runs away stops after this on the map (the
 * report says which rule stopped): a reload is not held up longer. */
#define MAP_VOICE_BUDGET_USEC (30 * G_TIME_SPAN_MILLISECOND)

/* Helpers */

void
wm_journey_canvas_add_toast (WmJourneyCanvas *self,
                             const char      *title,
                             gboolean         undo)
{
  wm_ui_toast (GTK_WIDGET (self), title, undo);
}

void
wm_journey_canvas_report_error (WmJourneyCanvas *self,
                                GError          *error)
{
  if (error != NULL)
    wm_journey_canvas_add_toast (self, error->message, FALSE);
}

double
wm_journey_canvas_hvalue (WmJourneyCanvas *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

double
wm_journey_canvas_vvalue (WmJourneyCanvas *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static const WmMapPalette *
current_palette (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (adw_style_manager_get_high_contrast (manager))
    return wm_map_palette_get (WM_MAP_THEME_HIGH_CONTRAST);
  if (adw_style_manager_get_dark (manager))
    return wm_map_palette_get (WM_MAP_THEME_DARK);

  return wm_map_palette_get (WM_MAP_THEME_LIGHT);
}

WmMapLayout *
wm_journey_canvas_ensure_layout (WmJourneyCanvas *self)
{
  if (self->model == NULL)
    return NULL;

  if (self->layout == NULL)
    self->layout = wm_map_layout_new (self->model);
  else if (self->layout_dirty)
    wm_map_layout_relayout (self->layout);
  self->layout_dirty = FALSE;

  return self->layout;
}

/* The map and, when it can be edited, room for the "+" after the last stage
 * and under the last lane. */
void
wm_journey_canvas_get_canvas_size (WmJourneyCanvas *self,
                                   double          *width,
                                   double          *height)
{
  *width = *height = 0;
  if (wm_journey_canvas_ensure_layout (self) == NULL)
    return;

  wm_map_layout_get_size (self->layout, width, height);
  *width += ADD_SIZE;
  *height += ADD_SIZE;
}

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double         upper,
                      double         page,
                      double         value)
{
  if (adjustment == NULL)
    return;

  upper = MAX (upper, page);
  value = CLAMP (value, 0, upper - page);
  gtk_adjustment_configure (adjustment, value, 0, upper, page * 0.1, page * 0.9, page);
}

void
wm_journey_canvas_update_adjustments (WmJourneyCanvas *self)
{
  double width = 0, height = 0;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  wm_journey_canvas_get_canvas_size (self, &width, &height);
  configure_adjustment (self->hadjustment, width * self->zoom, w,
                        self->scroll_to_origin ? 0 : wm_journey_canvas_hvalue (self));
  configure_adjustment (self->vadjustment, height * self->zoom, h,
                        self->scroll_to_origin ? 0 : wm_journey_canvas_vvalue (self));
  if (w > 0)
    self->scroll_to_origin = FALSE;
}

/* Widget coordinates → what is there, minding the pinned headers. */
CanvasHit
wm_journey_canvas_hit_test (WmJourneyCanvas *self,
                            double           x,
                            double           y)
{
  CanvasHit hit = { { WM_MAP_HIT_NONE, -1, -1 }, AFFORDANCE_NONE };
  double sx = wm_journey_canvas_hvalue (self) / self->zoom;
  double sy = wm_journey_canvas_vvalue (self) / self->zoom;
  double mx, my, width, height;
  WmMapRect cell;

  if (wm_journey_canvas_ensure_layout (self) == NULL)
    return hit;

  wm_map_layout_hit_test_view (self->layout, x, y, sx, sy, self->zoom, &hit.map);
  wm_map_layout_get_size (self->layout, &width, &height);
  mx = x / self->zoom + sx;
  my = y / self->zoom + sy;

  if (hit.map.kind == WM_MAP_HIT_NONE)
    {
      double label_width = wm_map_layout_get_label_width (self->layout);
      double header_height = wm_map_layout_get_header_height (self->layout);

      if (mx >= width && mx < width + ADD_SIZE && y / self->zoom < header_height)
        hit.affordance = AFFORDANCE_ADD_STAGE;
      else if (my >= height && my < height + ADD_SIZE && x / self->zoom < label_width)
        hit.affordance = AFFORDANCE_ADD_LANE;
    }
  else if (hit.map.kind == WM_MAP_HIT_CELL &&
           wm_journey_canvas_cell_is_empty_card_cell (self, hit.map.stage_index,
                                                      hit.map.lane_index) &&
           wm_map_layout_get_cell_rect (self->layout, (guint) hit.map.stage_index,
                                        (guint) hit.map.lane_index, &cell) &&
           hypot (mx - (cell.x + cell.width / 2), my - (cell.y + cell.height / 2)) <= ADD_RADIUS)
    hit.affordance = AFFORDANCE_CELL_ADD;

  return hit;
}

WmMapStage *
wm_journey_canvas_stage_at (WmJourneyCanvas *self,
                            int              index)
{
  if (self->model == NULL || index < 0 || (guint) index >= self->model->stages->len)
    return NULL;

  return g_ptr_array_index (self->model->stages, index);
}

WmMapLane *
wm_journey_canvas_lane_at (WmJourneyCanvas *self,
                           int              index)
{
  if (self->model == NULL || index < 0 || (guint) index >= self->model->lanes->len)
    return NULL;

  return g_ptr_array_index (self->model->lanes, index);
}

gboolean
wm_journey_canvas_lane_holds_cards (WmMapLane *lane)
{
  return lane && (lane->kind == WM_LANE_TOUCHPOINTS || lane->kind == WM_LANE_BACKSTAGE);
}

gboolean
wm_journey_canvas_lane_holds_text (WmMapLane *lane)
{
  return lane && (lane->kind == WM_LANE_TEXT || lane->kind == WM_LANE_OPPORTUNITIES ||
                  lane->kind == WM_LANE_PAIN_POINTS);
}

/* The cards of one cell, in order (borrowed pointers). */
GPtrArray *
wm_journey_canvas_cell_cards (WmJourneyCanvas *self,
                              gint64           stage_id,
                              gint64           lane_id)
{
  GPtrArray *cards = g_ptr_array_new ();

  if (self->model == NULL)
    return cards;

  for (guint i = 0; i < self->model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (self->model->touchpoints, i);

      if (tp->stage_id == stage_id && tp->lane_id == lane_id)
        g_ptr_array_add (cards, tp);
    }

  return cards;
}

/* The stored value of each WmLaneKind, in the enum's order. */
static const char *const lane_kinds[] = {
  "touchpoints", "text", "emotion", "kpi", "backstage", "opportunities", "pain-points",
};

/* How a person reads a lane's kind: the core's label for it. */
const char *
wm_journey_canvas_lane_kind_name (WmLaneKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (lane_kinds))
    return "";

  return wm_column_choice_label (WM_LANE_KIND, lane_kinds[kind]);
}

/* Model following the store */

static void update_accessible (WmJourneyCanvas *self);

static gboolean
focus_is_valid (WmJourneyCanvas *self)
{
  if (self->model == NULL)
    return FALSE;

  switch (self->focus)
    {
    case WM_MAP_ITEM_STAGE:
      return wm_map_model_get_stage (self->model, self->focus_stage) != NULL;
    case WM_MAP_ITEM_LANE:
      return wm_map_model_get_lane (self->model, self->focus_lane) != NULL;
    case WM_MAP_ITEM_CELL:
      return wm_map_model_get_stage (self->model, self->focus_stage) != NULL &&
             wm_map_model_get_lane (self->model, self->focus_lane) != NULL;
    case WM_MAP_ITEM_TOUCHPOINT:
      return wm_map_model_get_touchpoint (self->model, self->focus_touchpoint) != NULL;
    case WM_MAP_ITEM_NONE:
    default:
      return TRUE;
    }
}

void
wm_journey_canvas_set_focus (WmJourneyCanvas *self,
                             WmMapItem        item,
                             gint64           stage_id,
                             gint64           lane_id,
                             gint64           touchpoint_id)
{
  gboolean selection_changed = touchpoint_id != self->focus_touchpoint;

  if (item == WM_MAP_ITEM_TOUCHPOINT && self->model)
    {
      WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self->model, touchpoint_id);

      if (tp)
        {
          stage_id = tp->stage_id;
          lane_id = tp->lane_id;
        }
    }

  self->focus = item;
  self->focus_stage = stage_id;
  self->focus_lane = lane_id;
  self->focus_touchpoint = item == WM_MAP_ITEM_TOUCHPOINT ? touchpoint_id : 0;
  selection_changed = selection_changed || (item != WM_MAP_ITEM_TOUCHPOINT && touchpoint_id);

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (selection_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOUCHPOINT]);
}

/* After an edit, a focused row that went away hands the focus to its cell. */
static void
repair_focus (WmJourneyCanvas *self)
{
  gint64 old_touchpoint = self->focus_touchpoint;

  if (focus_is_valid (self))
    {
      /* A card moved (by another program, say) keeps the focus where it went. */
      if (self->focus == WM_MAP_ITEM_TOUCHPOINT)
        {
          WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self->model, self->focus_touchpoint);

          self->focus_stage = tp->stage_id;
          self->focus_lane = tp->lane_id;
        }
      return;
    }

  if (self->focus == WM_MAP_ITEM_TOUCHPOINT &&
      wm_map_model_get_stage (self->model, self->focus_stage) &&
      wm_map_model_get_lane (self->model, self->focus_lane))
    self->focus = WM_MAP_ITEM_CELL;
  else
    self->focus = WM_MAP_ITEM_NONE;
  self->focus_touchpoint = 0;
  update_accessible (self);
  if (old_touchpoint != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOUCHPOINT]);
}

/* Brand voice on the cards: each card counts its copy's findings with the
 * project's rules (@touchpoint_id's card alone after an edit of it, 0 for
 * all). A few dozen rules over a card's copy take microseconds; the
 * checker is kept until a rule changes. */
static void
check_voice (WmJourneyCanvas *self,
             gint64           touchpoint_id)
{
  if (self->model == NULL)
    return;

  if (self->voice_checker == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->voice_checker = wm_voice_checker_new_for_store (self->store, &error);
      if (self->voice_checker == NULL)
        {
          g_warning ("Cannot read the brand-voice rules: %s", error->message);
          return;
        }
      wm_voice_checker_set_regex_budget (self->voice_checker, MAP_VOICE_BUDGET_USEC);
    }

  if (self->voice_findings == NULL)
    self->voice_findings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                  (GDestroyNotify) g_ptr_array_unref);
  else if (touchpoint_id == 0)
    g_hash_table_remove_all (self->voice_findings);

  for (guint i = 0; i < self->model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (self->model->touchpoints, i);
      g_autoptr(GPtrArray) findings = NULL;
      WmVoiceSeverity worst = WM_VOICE_SEVERITY_SUGGESTION;

      if (touchpoint_id != 0 && tp->id != touchpoint_id)
        continue;
      findings = wm_voice_checker_check (self->voice_checker, tp->message ? tp->message : "",
                                         tp->channel_id);
      for (guint f = 0; f < findings->len; f++)
        worst = MIN (worst, ((WmVoiceFinding *) g_ptr_array_index (findings, f))->severity);
      wm_map_model_set_findings (self->model, tp->id, (int) findings->len, worst);
      if (findings->len > 0)
        g_hash_table_replace (self->voice_findings, g_memdup2 (&tp->id, sizeof tp->id),
                              g_steal_pointer (&findings));
      else
        g_hash_table_remove (self->voice_findings, &tp->id);
    }
}

/* What the checker found in @touchpoint_id's copy; NULL when nothing. */
GPtrArray *
wm_journey_canvas_get_voice_findings (WmJourneyCanvas *self,
                                      gint64           touchpoint_id)
{
  return self->voice_findings != NULL ? g_hash_table_lookup (self->voice_findings, &touchpoint_id)
                                      : NULL;
}

static void
reload (WmJourneyCanvas *self)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_clear_pointer (&self->layout, wm_map_layout_free);
  g_clear_pointer (&self->model, wm_map_model_unref);
  self->layout_dirty = FALSE;
  /* Pieces of what the map showed before (names, channels) go with it. */
  if (self->render_cache != NULL)
    wm_map_render_cache_clear (self->render_cache);

  if (self->store && self->journey_id > 0)
    {
      self->model = wm_map_model_load (self->store, self->journey_id, &error);
      if (self->model == NULL && !g_error_matches (error, WM_STORE_ERROR,
                                                   WM_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read the journey: %s", error->message);
      check_voice (self, 0);
    }

  g_clear_pointer (&self->as_is, wm_map_model_unref);
  if (self->model && self->compare && self->model->as_is_journey_id > 0)
    {
      self->as_is = wm_map_model_load (self->store, self->model->as_is_journey_id, NULL);
      if (self->as_is && wm_journey_canvas_ensure_layout (self))
        wm_map_layout_set_comparison (self->layout, self->as_is);
    }

  repair_focus (self);
  wm_journey_canvas_update_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  self->last_reload_us = g_get_monotonic_time () - start;
  g_signal_emit (self, signals[MAP_CHANGED], 0);
}

static void
after_update (WmJourneyCanvas *self,
              gboolean         resized,
              gint64           start)
{
  repair_focus (self);
  if (resized)
    wm_journey_canvas_update_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  self->last_reload_us = g_get_monotonic_time () - start;
  g_signal_emit (self, signals[MAP_CHANGED], 0);
}

/* The stage and lane of text cell @cell_id, from the map or the store. */
static gboolean
find_cell (WmJourneyCanvas *self,
           gint64           cell_id,
           gint64          *stage_id,
           gint64          *lane_id)
{
  g_autoptr(WmRecord) record = NULL;

  for (guint i = 0; i < self->model->cells->len; i++)
    {
      WmMapCell *cell = g_ptr_array_index (self->model->cells, i);

      if (cell->id == cell_id)
        {
          *stage_id = cell->stage_id;
          *lane_id = cell->lane_id;
          return TRUE;
        }
    }

  record = wm_store_get (self->store, WM_ENTITY_CELL, cell_id, NULL);
  if (record == NULL || wm_record_get_ref (record, WM_CELL_JOURNEY_ID) != self->journey_id)
    return FALSE;
  *stage_id = wm_record_get_ref (record, WM_CELL_STAGE_ID);
  *lane_id = wm_record_get_ref (record, WM_CELL_LANE_ID);

  return TRUE;
}

/* The common edits (a card typed into or moved, a stage renamed, a note
 * written, a new sample for a KPI on the map) re-read only those rows and
 * lay out only what they touch. FALSE when the change needs the whole
 * journey read again. */
static gboolean
update_in_place (WmJourneyCanvas *self,
                 guint64          mask)
{
  guint64 map_mask = mask & MAP_CHANGES;
  gboolean resized = FALSE;
  gint64 start = g_get_monotonic_time ();
  WmEntity entity;
  const GArray *ids;
  WmMapRect damage;

  if (self->model == NULL || self->layout == NULL || self->layout_dirty || self->compare)
    return FALSE;

  if (map_mask == 0 && (mask & WM_CHANGE_SAMPLES))
    {
      if (!wm_map_model_reload_kpis (self->model, self->store, NULL))
        return FALSE;
      resized = wm_map_layout_update_kpis (self->layout, &damage);
      after_update (self, resized, start);
      return TRUE;
    }

  if (map_mask == WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT))
    entity = WM_ENTITY_TOUCHPOINT;
  else if (map_mask == WM_CHANGE_ENTITY (WM_ENTITY_STAGE))
    entity = WM_ENTITY_STAGE;
  else if (map_mask == WM_CHANGE_ENTITY (WM_ENTITY_CELL))
    entity = WM_ENTITY_CELL;
  else
    return FALSE;

  ids = wm_store_get_changed_ids (self->store, entity);
  if (ids == NULL)
    return FALSE;

  /* A stage renamed in place; added, removed or reordered stages move
   * columns: those read the journey again. */
  if (entity == WM_ENTITY_STAGE &&
      (ids->len != 1 ||
       wm_map_model_get_stage (self->model, g_array_index (ids, gint64, 0)) == NULL))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gint64 stage_id, lane_id;

      switch (entity)
        {
        case WM_ENTITY_TOUCHPOINT:
          if (!wm_map_model_reload_touchpoint (self->model, self->store, id, NULL))
            return FALSE;
          check_voice (self, id);
          resized |= wm_map_layout_update_touchpoint (self->layout, id, &damage);
          break;
        case WM_ENTITY_STAGE:
          if (!wm_map_model_reload_stage (self->model, self->store, id, NULL))
            return FALSE;
          resized |= wm_map_layout_update_stage (self->layout, id, &damage);
          break;
        case WM_ENTITY_CELL:
          /* A note of another journey, or one gone without a trace here. */
          if (!find_cell (self, id, &stage_id, &lane_id))
            continue;
          if (!wm_map_model_reload_cell (self->model, self->store, stage_id, lane_id, NULL))
            return FALSE;
          resized |= wm_map_layout_update_cell (self->layout, stage_id, lane_id, &damage);
          break;
        default:
          return FALSE;
        }
    }

  after_update (self, resized, start);

  return TRUE;
}

static gboolean
samples_concern_map (WmJourneyCanvas *self)
{
  const GArray *kpis;

  if (self->model == NULL || self->model->kpis->len == 0)
    return FALSE;

  kpis = wm_store_get_changed_sample_kpis (self->store);
  if (kpis == NULL)
    return TRUE;

  for (guint i = 0; i < kpis->len; i++)
    for (guint j = 0; j < self->model->kpis->len; j++)
      if (((WmMapKpi *) g_ptr_array_index (self->model->kpis, j))->kpi_id ==
          g_array_index (kpis, gint64, i))
        return TRUE;

  return FALSE;
}

/* Another journey renamed, say: nothing on this map changed. */
static gboolean
only_other_journeys (WmJourneyCanvas *self,
                     guint64          mask)
{
  const GArray *ids;

  if ((mask & MAP_CHANGES) != WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY) ||
      (mask & WM_CHANGE_SAMPLES))
    return FALSE;

  ids = wm_store_get_changed_ids (self->store, WM_ENTITY_JOURNEY);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (id == self->journey_id || (self->as_is && id == self->as_is->journey_id))
        return FALSE;
    }

  return TRUE;
}

static void
store_changed_cb (WmJourneyCanvas *self,
                  guint64          mask)
{
  /* A rule added, changed or gone: every card counted again, by itself
   * or as the journey is read again. */
  gboolean rules_changed = (mask & VOICE_RULE_CHANGES) != 0;

  if (rules_changed)
    g_clear_pointer (&self->voice_checker, wm_voice_checker_free);

  if ((mask & MAP_CHANGES) == 0 &&
      (!(mask & WM_CHANGE_SAMPLES) || !samples_concern_map (self)))
    {
      if (rules_changed)
        {
          check_voice (self, 0);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
      return;
    }

  if (!rules_changed && (update_in_place (self, mask) || only_other_journeys (self, mask)))
    return;

  reload (self);
}

static void
style_changed_cb (WmJourneyCanvas *self)
{
  wm_map_render_cache_clear (self->render_cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Accessibility: GTK 4.8 has no accessible children for drawn content, so
 * the canvas reads out the focused item through its own description
 * (wm_journey_canvas_describe_focus(), in wm-journey-canvas-describe.c). */

static void
update_accessible (WmJourneyCanvas *self)
{
  g_autofree char *description = wm_journey_canvas_describe_focus (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->model ? self->model->name : _("Journey map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description : "",
                                  -1);
}

/* Scrolling an item into view */

static void
scroll_to_rect (WmJourneyCanvas *self,
                const WmMapRect *rect,
                gboolean         horizontal,
                gboolean         vertical)
{
  /* Some air around the item, so it does not sit on the edge. */
  const double margin = 16;
  double header_w, header_h;
  double sx = (rect->x - margin) * self->zoom, sy = (rect->y - margin) * self->zoom;
  double sw = (rect->width + 2 * margin) * self->zoom, sh = (rect->height + 2 * margin) * self->zoom;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (wm_journey_canvas_ensure_layout (self) == NULL || w <= 0 || h <= 0)
    return;

  header_w = wm_map_layout_get_label_width (self->layout) * self->zoom;
  header_h = wm_map_layout_get_header_height (self->layout) * self->zoom;

  /* An item at map position p shows at p − scroll, right of or below the pinned headers. */
  if (horizontal && self->hadjustment)
    {
      double value = wm_journey_canvas_hvalue (self);

      if (sx + sw - value > w)
        value = sx + sw - w;
      if (sx - value < header_w)
        value = sx - header_w;
      gtk_adjustment_set_value (self->hadjustment, MAX (value, 0));
    }
  if (vertical && self->vadjustment)
    {
      double value = wm_journey_canvas_vvalue (self);

      if (sy + sh - value > h)
        value = sy + sh - h;
      if (sy - value < header_h)
        value = sy - header_h;
      gtk_adjustment_set_value (self->vadjustment, MAX (value, 0));
    }
}

void
wm_journey_canvas_scroll_to_focus (WmJourneyCanvas *self)
{
  int stage, lane;
  WmMapRect area;

  if (wm_journey_canvas_ensure_layout (self) == NULL)
    return;

  /* The adjustments must know a map that just grew. */
  wm_journey_canvas_update_adjustments (self);
  stage = wm_map_model_get_stage_index (self->model, self->focus_stage);
  lane = wm_map_model_get_lane_index (self->model, self->focus_lane);

  switch (self->focus)
    {
    case WM_MAP_ITEM_TOUCHPOINT:
      {
        const WmMapCardBox *card = wm_map_layout_lookup_card (self->layout,
                                                              self->focus_touchpoint);

        if (card)
          scroll_to_rect (self, &card->rect, TRUE, TRUE);
        break;
      }
    case WM_MAP_ITEM_CELL:
      if (stage >= 0 && lane >= 0 &&
          wm_map_layout_get_cell_rect (self->layout, (guint) stage, (guint) lane, &area))
        scroll_to_rect (self, &area, TRUE, TRUE);
      break;
    case WM_MAP_ITEM_STAGE:
      if (stage >= 0)
        scroll_to_rect (self, &wm_map_layout_get_stage (self->layout, (guint) stage)->header,
                        TRUE, FALSE);
      break;
    case WM_MAP_ITEM_LANE:
      if (lane >= 0)
        scroll_to_rect (self, &wm_map_layout_get_lane (self->layout, (guint) lane)->label,
                        FALSE, TRUE);
      break;
    case WM_MAP_ITEM_NONE:
    default:
      break;
    }
}

void
wm_journey_canvas_emit_edit_touchpoint (WmJourneyCanvas *self,
                                        gint64           touchpoint_id)
{
  g_signal_emit (self, signals[EDIT_TOUCHPOINT], 0, touchpoint_id);
}

static void
adjustment_value_changed_cb (WmJourneyCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GtkScrollable */

static void
set_adjustment (WmJourneyCanvas  *self,
                GtkAdjustment   **slot,
                GtkAdjustment    *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;

  if (*slot)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_object (slot, g_object_ref_sink (adjustment));
  g_object_unref (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (adjustment_value_changed_cb), self);
  wm_journey_canvas_update_adjustments (self);
}

static void
scrollable_iface_init (GtkScrollableInterface *iface)
{
}

/* GtkWidget overrides */

static void
set_source (cairo_t          *cr,
            const WmMapColor *color,
            double            alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* A round "+" button of the canvas's own, centred on (@cx, @cy). */
static void
draw_add_button (cairo_t            *cr,
                 const WmMapPalette *palette,
                 double              cx,
                 double              cy,
                 gboolean            hovered)
{
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, ADD_RADIUS, 0, 2 * G_PI);
  set_source (cr, &palette->accent, hovered ? 1.0 : 0.14);
  cairo_fill (cr);
  set_source (cr, hovered ? &palette->background : &palette->accent, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx - 6, cy);
  cairo_line_to (cr, cx + 6, cy);
  cairo_move_to (cr, cx, cy - 6);
  cairo_line_to (cr, cx, cy + 6);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static WmMapHit
focus_as_hit (WmJourneyCanvas *self)
{
  WmMapHit hit = { WM_MAP_HIT_NONE, -1, -1 };

  hit.stage_index = wm_map_model_get_stage_index (self->model, self->focus_stage);
  hit.lane_index = wm_map_model_get_lane_index (self->model, self->focus_lane);
  hit.stage_id = self->focus_stage;
  hit.lane_id = self->focus_lane;
  hit.touchpoint_id = self->focus_touchpoint;

  switch (self->focus)
    {
    case WM_MAP_ITEM_STAGE:
      hit.kind = WM_MAP_HIT_STAGE_HEADER;
      if (hit.stage_index >= 0)
        hit.rect = wm_map_layout_get_stage (self->layout, (guint) hit.stage_index)->header;
      hit.lane_index = -1;
      hit.lane_id = 0;
      break;
    case WM_MAP_ITEM_LANE:
      hit.kind = WM_MAP_HIT_LANE_LABEL;
      if (hit.lane_index >= 0)
        hit.rect = wm_map_layout_get_lane (self->layout, (guint) hit.lane_index)->label;
      hit.stage_index = -1;
      hit.stage_id = 0;
      break;
    case WM_MAP_ITEM_CELL:
      hit.kind = WM_MAP_HIT_CELL;
      if (hit.stage_index >= 0 && hit.lane_index >= 0)
        wm_map_layout_get_cell_rect (self->layout, (guint) hit.stage_index,
                                     (guint) hit.lane_index, &hit.rect);
      break;
    case WM_MAP_ITEM_TOUCHPOINT:
      {
        const WmMapCardBox *card = wm_map_layout_lookup_card (self->layout,
                                                              self->focus_touchpoint);

        hit.kind = WM_MAP_HIT_CARD;
        if (card)
          hit.rect = card->rect;
        break;
      }
    case WM_MAP_ITEM_NONE:
    default:
      break;
    }

  return hit;
}

/* Over the body (map coordinates): the "+" of an empty cell under the
 * pointer or focus, and while a card is dragged its drop cell. */
static void
draw_body_affordances (WmJourneyCanvas    *self,
                       cairo_t            *cr,
                       const WmMapPalette *palette)
{
  WmMapRect cell;

  if (!wm_journey_canvas_can_edit (self))
    return;

  if (self->drag == DRAG_CARD)
    {
      gint64 stage_id, lane_id;
      int index;

      if (wm_journey_canvas_drop_place (self, self->drag_hit.map.touchpoint_id,
                                        self->drag_x, self->drag_y,
                                        &stage_id, &lane_id, &index) &&
          wm_map_layout_get_cell_rect (self->layout,
                                       (guint) wm_map_model_get_stage_index (self->model, stage_id),
                                       (guint) wm_map_model_get_lane_index (self->model, lane_id),
                                       &cell))
        {
          cairo_rectangle (cr, cell.x + 2, cell.y + 2, cell.width - 4, cell.height - 4);
          set_source (cr, &palette->accent, 0.12);
          cairo_fill_preserve (cr);
          set_source (cr, &palette->accent, 0.8);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
      return;
    }

  for (int pass = 0; pass < 2; pass++)
    {
      int stage = -1, lane = -1;
      gboolean hovered = FALSE;

      if (pass == 0 && self->hover.map.kind == WM_MAP_HIT_CELL)
        {
          stage = self->hover.map.stage_index;
          lane = self->hover.map.lane_index;
          hovered = self->hover.affordance == AFFORDANCE_CELL_ADD;
        }
      else if (pass == 1 && self->focus == WM_MAP_ITEM_CELL &&
               gtk_widget_has_focus (GTK_WIDGET (self)))
        {
          stage = wm_map_model_get_stage_index (self->model, self->focus_stage);
          lane = wm_map_model_get_lane_index (self->model, self->focus_lane);
          if (stage == self->hover.map.stage_index && lane == self->hover.map.lane_index)
            continue;
        }

      if (wm_journey_canvas_cell_is_empty_card_cell (self, stage, lane) &&
          wm_map_layout_get_cell_rect (self->layout, (guint) stage, (guint) lane, &cell))
        draw_add_button (cr, palette, cell.x + cell.width / 2, cell.y + cell.height / 2, hovered);
    }
}

/* The dragged card, stage or lane follows the pointer (widget coordinates / zoom). */
static void
draw_drag_ghost (WmJourneyCanvas    *self,
                 cairo_t            *cr,
                 const WmMapPalette *palette)
{
  const WmMapRect *rect = NULL;
  const WmMapCardBox *card;
  double dx = (self->drag_x - self->drag_start_x) / self->zoom;
  double dy = (self->drag_y - self->drag_start_y) / self->zoom;
  double sx = wm_journey_canvas_hvalue (self) / self->zoom;
  double sy = wm_journey_canvas_vvalue (self) / self->zoom;
  double x, y;

  switch (self->drag)
    {
    case DRAG_CARD:
      card = wm_map_layout_lookup_card (self->layout, self->drag_hit.map.touchpoint_id);
      rect = card ? &card->rect : NULL;
      break;
    case DRAG_STAGE:
    case DRAG_LANE:
      rect = &self->drag_hit.map.rect;
      dx = self->drag == DRAG_LANE ? 0 : dx;
      dy = self->drag == DRAG_STAGE ? 0 : dy;
      break;
    case DRAG_NONE:
    case DRAG_PENDING:
    case DRAG_PAN:
    default:
      return;
    }
  if (rect == NULL)
    return;

  x = rect->x + dx - (self->drag == DRAG_LANE ? 0 : sx);
  y = rect->y + dy - (self->drag == DRAG_STAGE ? 0 : sy);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, rect->width, rect->height);
  set_source (cr, &palette->card, 0.85);
  cairo_fill_preserve (cr);
  set_source (cr, &palette->accent, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* An image of @width × @height device pixels to draw a frame into: one
 * that GTK no longer holds (its texture gone, only the canvas holds it),
 * else a new one. Drawing into an image the size of the screen, and not
 * into GTK's recording of cairo calls, lets the renderer copy cached pieces
 * at whole pixels, and spares GTK replaying the recording into a second
 * image. (Under the Cairo renderer GTK holds a Cairo snapshot of the image
 * instead, which Cairo copies before the image is drawn into again.) */
static cairo_surface_t *
frame_surface (WmJourneyCanvas *self,
               int              width,
               int              height)
{
  guint free_slot = 0;

  for (guint i = 0; i < G_N_ELEMENTS (self->frames); i++)
    {
      cairo_surface_t *frame = self->frames[i];

      if (frame != NULL && cairo_surface_get_reference_count (frame) > 1)
        continue;
      if (frame != NULL && cairo_image_surface_get_width (frame) == width
          && cairo_image_surface_get_height (frame) == height)
        return frame;
      free_slot = i;
    }

  /* None fits: a new one, in place of one of another size or of the oldest
   * (GTK keeps that one for as long as it needs it). */
  g_clear_pointer (&self->frames[free_slot], cairo_surface_destroy);
  self->frames[free_slot] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  return self->frames[free_slot];
}

static void
wm_journey_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  const WmMapPalette *palette = current_palette ();
  WmMapRenderOptions options = { 0 };
  double sx, sy, vw, vh, lw, hh, map_w, map_h;
  WmMapRect clip;
  graphene_point_t origin;
  double fx = 0, fy = 0;
  int frame_w, frame_h;
  cairo_surface_t *frame;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;
  GtkNative *native;
  cairo_t *cr;

  if (wm_journey_canvas_ensure_layout (self) == NULL || width <= 0 || height <= 0)
    return;

  options.palette = palette;
  options.selected_touchpoint_id = self->focus_touchpoint;
  options.focus = focus_as_hit (self);
  options.show_focus = gtk_widget_has_focus (widget);
  options.show_findings = self->show_findings;
  options.cache = self->render_cache;

  /* Scrolled by whole device pixels, as GTK scrolls its own views: cards
   * then sit on whole pixels, and their cached pixels are copied exactly. */
  sx = round (wm_journey_canvas_hvalue (self) * scale) / scale / self->zoom;
  sy = round (wm_journey_canvas_vvalue (self) * scale) / scale / self->zoom;
  vw = width / self->zoom;
  vh = height / self->zoom;
  lw = wm_map_layout_get_label_width (self->layout);
  hh = wm_map_layout_get_header_height (self->layout);
  wm_map_layout_get_size (self->layout, &map_w, &map_h);

  /* The image on the screen's pixel grid, even where GTK places the canvas
   * between pixels (a centred or sliding parent): drawn that fraction
   * further along and put back by it, GTK copies it without resampling,
   * so what shows is what a drawing in place would show. */
  if (gtk_widget_compute_point (widget, GTK_WIDGET (gtk_widget_get_native (widget)),
                                &GRAPHENE_POINT_INIT (0, 0), &origin))
    {
      fx = origin.x * scale - floor (origin.x * scale);
      fy = origin.y * scale - floor (origin.y * scale);
    }
  frame_w = (int) ceil (width * scale + fx);
  frame_h = (int) ceil (height * scale + fy);
  frame = frame_surface (self, frame_w, frame_h);
  cairo_surface_set_device_scale (frame, scale, scale);
  cr = cairo_create (frame);
  cairo_translate (cr, fx / scale, fy / scale);
  cairo_scale (cr, self->zoom, self->zoom);
  set_source (cr, &palette->background, 1.0);
  cairo_paint (cr);

  /* The body, scrolled both ways, only what shows. */
  cairo_save (cr);
  cairo_rectangle (cr, lw, hh, MAX (vw - lw, 0), MAX (vh - hh, 0));
  cairo_clip (cr);
  cairo_translate (cr, -sx, -sy);
  clip = (WmMapRect) { sx + lw, sy + hh, MAX (vw - lw, 0), MAX (vh - hh, 0) };
  wm_map_render_draw_body (self->layout, cr, &options, &clip);
  draw_body_affordances (self, cr, palette);
  cairo_restore (cr);

  /* The stage headers stay at the top, scrolled sideways only. */
  cairo_save (cr);
  cairo_rectangle (cr, lw, 0, MAX (vw - lw, 0), hh);
  cairo_clip (cr);
  cairo_translate (cr, -sx, 0);
  wm_map_render_draw_stage_headers (self->layout, cr, &options, sx + lw, MAX (vw - lw, 0));
  if (wm_journey_canvas_can_edit (self))
    draw_add_button (cr, palette, map_w + ADD_SIZE / 2, hh / 2,
                     self->hover.affordance == AFFORDANCE_ADD_STAGE);
  cairo_restore (cr);

  /* The lane labels stay at the left, scrolled up and down only. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, hh, lw, MAX (vh - hh, 0));
  cairo_clip (cr);
  cairo_translate (cr, 0, -sy);
  wm_map_render_draw_lane_labels (self->layout, cr, &options, sy + hh, MAX (vh - hh, 0));
  if (wm_journey_canvas_can_edit (self))
    draw_add_button (cr, palette, lw / 2, map_h + ADD_SIZE / 2,
                     self->hover.affordance == AFFORDANCE_ADD_LANE);
  cairo_restore (cr);

  wm_map_render_draw_corner (self->layout, cr, &options);
  draw_drag_ghost (self, cr, palette);

  cairo_destroy (cr);
  cairo_surface_flush (frame);
  bounds = GRAPHENE_RECT_INIT (-fx / scale, -fy / scale,
                               (double) frame_w / scale, (double) frame_h / scale);

  /* GTK 4.8's Cairo renderer reads a texture through floats, ≈70
   * instructions a pixel: a third of the first frame of a window with a
   * map. It paints an image surface as it is, so there the frame is one
   * Cairo paint (GTK keeps a reference to it, as it would to the texture).
   * The GL renderer uploads the texture as it is. */
  native = gtk_widget_get_native (widget);
  if (native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native)))
    {
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      cairo_set_source_surface (cr, frame, bounds.origin.x, bounds.origin.y);
      cairo_paint (cr);
      cairo_destroy (cr);
      return;
    }

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (frame),
                                      (gsize) cairo_image_surface_get_stride (frame) * frame_h,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (frame));
  texture = gdk_memory_texture_new (frame_w, frame_h, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (frame));
  gtk_snapshot_append_texture (snapshot, texture, &bounds);
}


static void
wm_journey_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  double width = 0, height = 0;

  wm_journey_canvas_get_canvas_size (self, &width, &height);
  *minimum = 120;
  *natural = MAX (120, (int) ceil ((orientation == GTK_ORIENTATION_HORIZONTAL ? width : height) *
                                   self->zoom));
}

static void
wm_journey_canvas_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  gboolean narrower = width < self->last_width;

  self->last_width = width;
  wm_journey_canvas_update_adjustments (self);
  /* A panel opening beside the map keeps the card it edits in view. */
  if (narrower && (self->focus == WM_MAP_ITEM_TOUCHPOINT || self->focus == WM_MAP_ITEM_CELL))
    wm_journey_canvas_scroll_to_focus (self);
  if (self->popover)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static gboolean
wm_journey_canvas_focus (GtkWidget        *widget,
                         GtkDirectionType  direction)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);

  /* Tab enters and leaves the map as one stop; arrows move inside it. */
  if (gtk_widget_has_focus (widget))
    return FALSE;

  gtk_widget_grab_focus (widget);
  if (self->focus == WM_MAP_ITEM_NONE)
    wm_journey_canvas_focus_first (self);

  return TRUE;
}

static void
focus_changed_cb (WmJourneyCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
wm_journey_canvas_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TOUCHPOINT:
      g_value_set_int64 (value, self->focus_touchpoint);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_journey_canvas_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SELECTED_TOUCHPOINT:
      wm_journey_canvas_select_touchpoint (self, g_value_get_int64 (value));
      break;
    case PROP_ZOOM:
      wm_journey_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_journey_canvas_dispose (GObject *object)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (object);

  wm_journey_canvas_set_journey (self, NULL, 0);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->render_cache, wm_map_render_cache_free);
  g_clear_pointer (&self->voice_findings, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->frames); i++)
    g_clear_pointer (&self->frames[i], cairo_surface_destroy);

  G_OBJECT_CLASS (wm_journey_canvas_parent_class)->dispose (object);
}

static void
wm_journey_canvas_class_init (WmJourneyCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct {
    guint key;
    const char *direction;
  } arrows[] = {
    { GDK_KEY_Left, "left" }, { GDK_KEY_Right, "right" },
    { GDK_KEY_Up, "up" }, { GDK_KEY_Down, "down" },
    { GDK_KEY_KP_Left, "left" }, { GDK_KEY_KP_Right, "right" },
    { GDK_KEY_KP_Up, "up" }, { GDK_KEY_KP_Down, "down" },
  };

  object_class->get_property = wm_journey_canvas_get_property;
  object_class->set_property = wm_journey_canvas_set_property;
  object_class->dispose = wm_journey_canvas_dispose;

  widget_class->snapshot = wm_journey_canvas_snapshot;
  widget_class->measure = wm_journey_canvas_measure;
  widget_class->size_allocate = wm_journey_canvas_size_allocate;
  widget_class->focus = wm_journey_canvas_focus;
  widget_class->query_tooltip = wm_journey_canvas_query_tooltip;

  properties[PROP_SELECTED_TOUCHPOINT] =
    g_param_spec_int64 ("selected-touchpoint", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[MAP_CHANGED] =
    g_signal_new ("map-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EDIT_TOUCHPOINT] =
    g_signal_new ("edit-touchpoint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "map.add-stage", NULL,
                                   wm_journey_canvas_add_stage_action);
  gtk_widget_class_install_action (widget_class, "map.add-lane", "s",
                                   wm_journey_canvas_add_lane_action);
  gtk_widget_class_install_action (widget_class, "map.add-touchpoint", NULL,
                                   wm_journey_canvas_add_touchpoint_action);
  gtk_widget_class_install_action (widget_class, "map.edit", NULL, wm_journey_canvas_edit_action);
  gtk_widget_class_install_action (widget_class, "map.delete", NULL,
                                   wm_journey_canvas_delete_action);
  gtk_widget_class_install_action (widget_class, "map.move", "s", wm_journey_canvas_move_action);
  gtk_widget_class_install_action (widget_class, "map.focus", "s",
                                   wm_journey_canvas_focus_action);
  gtk_widget_class_install_action (widget_class, "map.copy", NULL, wm_journey_canvas_copy_action);
  gtk_widget_class_install_action (widget_class, "map.paste", NULL, wm_journey_canvas_paste_action);
  gtk_widget_class_install_action (widget_class, "map.duplicate", NULL,
                                   wm_journey_canvas_duplicate_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL,
                                   wm_journey_canvas_zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL,
                                   wm_journey_canvas_zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-reset", NULL,
                                   wm_journey_canvas_zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-fit", NULL,
                                   wm_journey_canvas_zoom_action);

  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0,
                                           "map.focus", "s", arrows[i].direction);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_CONTROL_MASK,
                                           "map.move", "s", arrows[i].direction);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.focus", "s", "home");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "map.focus", "s", "end");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "map.focus", "s", "page-up");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "map.focus", "s", "page-down");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "map.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "map.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "map.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "map.add-touchpoint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "map.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "map.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "map.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "map.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "map.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "map.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_9, GDK_CONTROL_MASK,
                                       "map.zoom-fit", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "journeymap");
}

static void
wm_journey_canvas_init (WmJourneyCanvas *self)
{
  GtkEventController *controller;
  GtkWidget *widget = GTK_WIDGET (self);

  self->zoom = 1.0;
  self->scroll_to_origin = TRUE;
  self->show_findings = TRUE;
  self->render_cache = wm_map_render_cache_new ();
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  wm_journey_canvas_init_input (self);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (widget, controller);

  self->entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (self->entry), FALSE);
  gtk_widget_set_size_request (self->entry, 240, -1);
  g_signal_connect_swapped (self->entry, "activate",
                            G_CALLBACK (wm_journey_canvas_entry_activate_cb), self);
  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), self->entry);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->popover, widget);
  g_signal_connect_swapped (self->popover, "closed",
                            G_CALLBACK (wm_journey_canvas_popover_closed_cb), self);

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (style_changed_cb), self);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::high-contrast",
                            G_CALLBACK (style_changed_cb), self);

  update_accessible (self);
}

/* Public API */

GtkWidget *
wm_journey_canvas_new (void)
{
  return g_object_new (WM_TYPE_JOURNEY_CANVAS, NULL);
}

void
wm_journey_canvas_set_journey (WmJourneyCanvas *self,
                               WmStore         *store,
                               gint64           journey_id)
{
  gint64 old_touchpoint;

  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store && self->journey_id == journey_id)
    return;

  old_touchpoint = self->focus_touchpoint;
  g_clear_signal_handler (&self->changed_id, self->store);
  if (self->store != store)
    g_clear_pointer (&self->voice_checker, wm_voice_checker_free);
  g_set_object (&self->store, store);
  self->journey_id = store ? journey_id : 0;
  self->focus = WM_MAP_ITEM_NONE;
  self->focus_stage = self->focus_lane = self->focus_touchpoint = 0;
  self->hover.map.kind = WM_MAP_HIT_NONE;
  self->hover.affordance = AFFORDANCE_NONE;
  self->drag = DRAG_NONE;
  /* Another journey opens at its top-left. */
  self->scroll_to_origin = TRUE;
  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, 0);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, 0);
  if (self->popover)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  if (store)
    self->changed_id = g_signal_connect_object (store, "changed",
                                                G_CALLBACK (store_changed_cb), self,
                                                G_CONNECT_SWAPPED);
  reload (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  if (old_touchpoint != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOUCHPOINT]);
}

gint64
wm_journey_canvas_get_journey_id (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), 0);

  return self->journey_id;
}

gint64
wm_journey_canvas_get_selected_touchpoint (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), 0);

  return self->focus_touchpoint;
}

void
wm_journey_canvas_select_touchpoint (WmJourneyCanvas *self,
                                     gint64           touchpoint_id)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  if (self->model == NULL || wm_map_model_get_touchpoint (self->model, touchpoint_id) == NULL)
    return;

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_TOUCHPOINT, 0, 0, touchpoint_id);
  wm_journey_canvas_scroll_to_focus (self);
}

WmMapItem
wm_journey_canvas_get_focus (WmJourneyCanvas *self,
                             gint64          *stage_id,
                             gint64          *lane_id,
                             gint64          *touchpoint_id)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), WM_MAP_ITEM_NONE);

  if (stage_id)
    *stage_id = self->focus == WM_MAP_ITEM_LANE ? 0 : self->focus_stage;
  if (lane_id)
    *lane_id = self->focus == WM_MAP_ITEM_STAGE ? 0 : self->focus_lane;
  if (touchpoint_id)
    *touchpoint_id = self->focus_touchpoint;

  return self->focus;
}

void
wm_journey_canvas_focus_cell (WmJourneyCanvas *self,
                              gint64           stage_id,
                              gint64           lane_id)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_CELL, stage_id, lane_id, 0);
  wm_journey_canvas_scroll_to_focus (self);
}

void
wm_journey_canvas_focus_stage (WmJourneyCanvas *self,
                               gint64           stage_id)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_STAGE, stage_id, 0, 0);
  wm_journey_canvas_scroll_to_focus (self);
}

void
wm_journey_canvas_focus_lane (WmJourneyCanvas *self,
                              gint64           lane_id)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  wm_journey_canvas_set_focus (self, WM_MAP_ITEM_LANE, 0, lane_id, 0);
  wm_journey_canvas_scroll_to_focus (self);
}

double
wm_journey_canvas_get_zoom (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), 1.0);

  return self->zoom;
}

void
wm_journey_canvas_set_zoom (WmJourneyCanvas *self,
                            double           zoom)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  wm_journey_canvas_zoom_around (self, zoom, 0, 0);
}

void
wm_journey_canvas_get_map_size (WmJourneyCanvas *self,
                                double          *width,
                                double          *height)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  *width = *height = 0;
  if (wm_journey_canvas_ensure_layout (self))
    wm_map_layout_get_size (self->layout, width, height);
}

gboolean
wm_journey_canvas_get_item_area (WmJourneyCanvas *self,
                                 gint64           stage_id,
                                 gint64           lane_id,
                                 gint64           touchpoint_id,
                                 graphene_rect_t *area)
{
  WmMapRect rect;

  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), FALSE);

  if (wm_journey_canvas_ensure_layout (self) == NULL)
    return FALSE;

  if (touchpoint_id > 0)
    {
      const WmMapCardBox *card = wm_map_layout_lookup_card (self->layout, touchpoint_id);

      if (card == NULL)
        return FALSE;
      rect = card->rect;
    }
  else
    {
      int stage = wm_map_model_get_stage_index (self->model, stage_id);
      int lane = wm_map_model_get_lane_index (self->model, lane_id);

      if (stage < 0 || lane < 0 ||
          !wm_map_layout_get_cell_rect (self->layout, (guint) stage, (guint) lane, &rect))
        return FALSE;
    }

  graphene_rect_init (area, rect.x * self->zoom - wm_journey_canvas_hvalue (self),
                      rect.y * self->zoom - wm_journey_canvas_vvalue (self),
                      rect.width * self->zoom, rect.height * self->zoom);

  return TRUE;
}

WmMapModel *
wm_journey_canvas_get_model (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), NULL);

  return self->model;
}

WmMapLayout *
wm_journey_canvas_get_layout (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), NULL);

  return wm_journey_canvas_ensure_layout (self);
}

void
wm_journey_canvas_set_compare (WmJourneyCanvas *self,
                               gboolean         compare)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  compare = !!compare;
  if (self->compare == compare)
    return;

  self->compare = compare;
  reload (self);
}

gboolean
wm_journey_canvas_get_compare (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), FALSE);

  return self->compare;
}

gint64
wm_journey_canvas_get_last_reload_us (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), 0);

  return self->last_reload_us;
}

void
wm_journey_canvas_show_focus (WmJourneyCanvas *self)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  wm_journey_canvas_scroll_to_focus (self);
}

void
wm_journey_canvas_set_show_findings (WmJourneyCanvas *self,
                                     gboolean         show)
{
  g_return_if_fail (WM_IS_JOURNEY_CANVAS (self));

  show = !!show;
  if (self->show_findings == show)
    return;
  self->show_findings = show;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
wm_journey_canvas_get_show_findings (WmJourneyCanvas *self)
{
  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), FALSE);

  return self->show_findings;
}
