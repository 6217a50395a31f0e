/* wm-map-layout.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <math.h>

#include "wm-map-private.h"

/* What costs time is text: every text is shaped once and cached by content
 * and width (wm_map_layout_get_text()), and the height of each text-lane
 * cell is kept, so an edit re-measures only the cells whose text or width
 * changed. Placing boxes is arithmetic over arrays indexed by slot, stage
 * and lane; hit-testing is a binary search on stages and lanes, then a look
 * at one slot. */

struct _WmMapLayout
{
  WmMapModel            *model;
  WmAnalysis            *analysis;
  WmMapModel            *as_is;
  WmComparison          *comparison;

  PangoContext          *pango;
  PangoFontDescription  *fonts[WM_MAP_N_FONTS];
  GHashTable            *texts;        /* key → PangoLayout */

  GArray                *stages;       /* WmMapStageBox */
  GArray                *lanes;        /* WmMapLaneBox */
  GArray                *cards;        /* WmMapCardBox, index = slot */
  GArray                *curves;       /* WmMapCurve */
  GArray                *switches;     /* WmMapSwitchMark */
  GHashTable            *card_index;   /* touchpoint id → slot + 1 */
  GArray                *slot_switch;  /* per slot: index of the mark into its card + 1, or 0 */
  GPtrArray             *stage_kpis;   /* per stage, then journey-wide: GPtrArray of WmMapKpi */

  /* Measured text-lane cell heights, stage-major, with the width they were measured at. */
  GArray                *cell_heights;
  GArray                *cell_widths;

  double                 width;
  double                 height;
};

#define MAX_CACHED_TEXTS 20000

/* Helpers */

static PangoFontDescription *
font_new (double   size,
          gboolean bold)
{
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell, DejaVu Sans, Sans");

  /* Absolute sizes in map units: the same on screen, PNG, SVG and PDF. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);

  return font;
}

static void
curve_clear (gpointer data)
{
  WmMapCurve *curve = data;

  g_clear_pointer (&curve->points, g_array_unref);
}

static gboolean
lane_is_text (WmLaneKind kind)
{
  return kind == WM_LANE_TEXT || kind == WM_LANE_BACKSTAGE || kind == WM_LANE_OPPORTUNITIES
         || kind == WM_LANE_PAIN_POINTS;
}

static double
stage_width (guint n_slots)
{
  return MAX (n_slots, 1) * WM_MAP_SLOT_WIDTH;
}

/* Text in a wide stage wraps at a readable measure, not across the stage. */
double
wm_map_cell_text_width (guint n_slots)
{
  return MIN (stage_width (n_slots), 2 * WM_MAP_SLOT_WIDTH) - 2 * WM_MAP_TEXT_PAD - 8;
}

/* Slots: each touchpoint its own, in journey order; a stage's are contiguous. */
static void
count_slots (WmMapLayout *self,
             guint       *n_slots)
{
  WmMapModel *model = self->model;

  for (guint i = 0; i < model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i);
      int stage = wm_map_model_get_stage_index (model, tp->stage_id);

      if (stage >= 0)
        n_slots[stage]++;
    }
}

static void
measure_cell (WmMapLayout *self,
              guint        stage_index,
              guint        lane_index,
              double       width)
{
  WmMapModel *model = self->model;
  WmMapStage *stage = g_ptr_array_index (model->stages, stage_index);
  WmMapLane *lane = g_ptr_array_index (model->lanes, lane_index);
  guint i = stage_index * model->lanes->len + lane_index;
  double height = 0;

  if (lane_is_text (lane->kind))
    {
      WmMapCell *cell = wm_map_model_get_cell (model, stage->id, lane->id);

      if (cell != NULL && cell->text[0] != '\0')
        height = wm_map_layout_measure (self, WM_MAP_FONT_BODY, cell->text, width, 12)
                 + 2 * WM_MAP_TEXT_PAD + 8;
    }

  g_array_index (self->cell_heights, double, i) = height;
  g_array_index (self->cell_widths, double, i) = width;
}

static void
group_kpis (WmMapLayout *self)
{
  WmMapModel *model = self->model;
  guint n = model->stages->len;

  g_ptr_array_set_size (self->stage_kpis, 0);
  for (guint i = 0; i <= n; i++)
    g_ptr_array_add (self->stage_kpis, g_ptr_array_new ());

  for (guint i = 0; i < model->kpis->len; i++)
    {
      WmMapKpi *kpi = g_ptr_array_index (model->kpis, i);
      int stage = -1;

      if (kpi->stage_id != 0)
        stage = wm_map_model_get_stage_index (model, kpi->stage_id);
      else if (kpi->touchpoint_id != 0)
        {
          WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, kpi->touchpoint_id);

          if (tp != NULL)
            stage = wm_map_model_get_stage_index (model, tp->stage_id);
        }
      g_ptr_array_add (g_ptr_array_index (self->stage_kpis, stage < 0 ? n : (guint) stage), kpi);
    }
}

static double
lane_height (WmMapLayout *self,
             guint        lane_index,
             const guint *lane_cards)
{
  WmMapModel *model = self->model;
  WmMapLane *lane = g_ptr_array_index (model->lanes, lane_index);
  guint n_stages = model->stages->len;
  double height = WM_MAP_TEXT_MIN_HEIGHT;

  switch (lane->kind)
    {
    case WM_LANE_TOUCHPOINTS:
      height = WM_MAP_CARD_HEIGHT + 2 * WM_MAP_ROW_PAD;
      break;

    case WM_LANE_EMOTION:
      height = WM_MAP_EMOTION_HEIGHT;
      break;

    case WM_LANE_KPI:
      {
        guint most = 1;
        GPtrArray *journey_kpis = g_ptr_array_index (self->stage_kpis, n_stages);

        for (guint s = 0; s < n_stages; s++)
          most = MAX (most, ((GPtrArray *) g_ptr_array_index (self->stage_kpis, s))->len);
        height = most * (WM_MAP_KPI_TILE_HEIGHT + 8) + 2 * WM_MAP_TEXT_PAD - 8;
        /* The label column lists the journey-wide KPIs under the lane name. */
        height = MAX (height, 40 + journey_kpis->len * 40.0);
      }
      break;

    case WM_LANE_TEXT:
    case WM_LANE_BACKSTAGE:
    case WM_LANE_OPPORTUNITIES:
    case WM_LANE_PAIN_POINTS:
    default:
      for (guint s = 0; s < n_stages; s++)
        height = MAX (height, g_array_index (self->cell_heights, double,
                                             s * model->lanes->len + lane_index));
      height = MIN (height, WM_MAP_TEXT_MAX_HEIGHT);
      break;
    }

  /* Cards can sit in any lane: leave them room. */
  if (lane_cards[lane_index] > 0)
    height = MAX (height, WM_MAP_CARD_HEIGHT + 2 * WM_MAP_ROW_PAD);

  return height;
}

static WmMapCurvePoint
curve_point (gint64 touchpoint_id,
             int    emotion,
             double x,
             double top,
             double span)
{
  return (WmMapCurvePoint) { touchpoint_id, x, top + (3 - emotion) / 6.0 * span, emotion };
}

/* The as-is journey's feelings on this to-be map: at the slot of the to-be
 * touchpoint each was carried into. When fewer than two match (the to-be
 * journey was drawn anew), the as-is curve is spread over the map by its own
 * progress instead, so the two curves can still be compared. */
static GArray *
comparison_points (WmMapLayout *self,
                   double       top,
                   double       span)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (WmMapCurvePoint));
  GPtrArray *old = self->as_is->touchpoints;
  guint n_matched = 0;

  for (guint i = 0; i < self->comparison->items->len; i++)
    {
      const WmComparisonItem *item = &g_array_index (self->comparison->items, WmComparisonItem, i);
      WmMapTouchpoint *tp;
      gpointer slot;
      WmMapCurvePoint point;

      if (item->as_is_touchpoint_id == 0 || item->to_be_touchpoint_id == 0)
        continue;
      tp = wm_map_model_get_touchpoint (self->as_is, item->as_is_touchpoint_id);
      slot = g_hash_table_lookup (self->card_index, &item->to_be_touchpoint_id);
      if (tp == NULL || slot == NULL)
        continue;
      point = curve_point (item->to_be_touchpoint_id, tp->emotion,
                           wm_map_layout_get_slot_x (self, GPOINTER_TO_UINT (slot) - 1), top, span);
      g_array_append_val (points, point);
      n_matched++;
    }

  if (n_matched < 2 && old->len > 0 && self->cards->len > 0)
    {
      double x0 = wm_map_layout_get_slot_x (self, 0);
      double x1 = wm_map_layout_get_slot_x (self, self->cards->len - 1);

      g_array_set_size (points, 0);
      for (guint i = 0; i < old->len; i++)
        {
          WmMapTouchpoint *tp = g_ptr_array_index (old, i);
          double t = old->len > 1 ? (double) i / (old->len - 1) : 0.5;
          WmMapCurvePoint point = curve_point (0, tp->emotion, x0 + t * (x1 - x0), top, span);

          g_array_append_val (points, point);
        }
    }

  return points;
}

static void
place_curves (WmMapLayout *self)
{
  WmMapModel *model = self->model;

  g_array_set_size (self->curves, 0);

  for (guint l = 0; l < self->lanes->len; l++)
    {
      const WmMapLaneBox *lane = &g_array_index (self->lanes, WmMapLaneBox, l);
      double top = lane->row.y + 28;
      double span = lane->row.height - 28 - 20;
      guint n_personas = MAX (model->personas->len, 1);

      if (lane->kind != WM_LANE_EMOTION)
        continue;

      /* The as-is curve first, so the to-be curves are drawn over it. */
      if (self->as_is != NULL)
        g_array_append_val (self->curves, ((WmMapCurve) { 0, l, TRUE,
                                                          comparison_points (self, top, span) }));

      for (guint p = 0; p < n_personas; p++)
        {
          gint64 persona_id = model->personas->len > 0
                              ? ((WmMapPersona *) g_ptr_array_index (model->personas, p))->id
                              : 0;
          WmMapCurve curve = { persona_id, l, FALSE,
                               g_array_sized_new (FALSE, FALSE, sizeof (WmMapCurvePoint),
                                                  self->cards->len) };

          for (guint c = 0; c < self->cards->len; c++)
            {
              const WmMapCardBox *card = &g_array_index (self->cards, WmMapCardBox, c);
              WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, card->touchpoint_id);
              WmMapCurvePoint point;

              point.touchpoint_id = card->touchpoint_id;
              point.emotion = wm_map_touchpoint_get_emotion (tp, persona_id);
              point.x = card->rect.x + card->rect.width / 2;
              point.y = top + (3 - point.emotion) / 6.0 * span;
              g_array_append_val (curve.points, point);
            }
          g_array_append_val (self->curves, curve);
        }
    }
}

static void
place_switches (WmMapLayout *self)
{
  GArray *switches = self->analysis->switches;

  g_array_set_size (self->switches, 0);
  g_array_set_size (self->slot_switch, 0);
  g_array_set_size (self->slot_switch, self->cards->len);
  for (guint i = 0; i < switches->len; i++)
    {
      const WmChannelSwitch *item = &g_array_index (switches, WmChannelSwitch, i);
      const WmMapCardBox *to = wm_map_layout_lookup_card (self, item->to_touchpoint_id);
      const WmMapCardBox *from = wm_map_layout_lookup_card (self, item->from_touchpoint_id);
      WmMapSwitchMark mark = { i };
      double gap = WM_MAP_SLOT_WIDTH - WM_MAP_CARD_WIDTH;
      double cy;

      if (to == NULL || from == NULL)
        continue;

      /* In the gap left of the later card, level with it, or halfway
       * between the two cards when they are in different lanes. */
      cy = to->rect.y + to->rect.height / 2;
      if (from->lane_index != to->lane_index && from->slot + 1 == to->slot)
        cy = (cy + from->rect.y + from->rect.height / 2) / 2;
      mark.rect.x = to->rect.x - gap / 2 - WM_MAP_SWITCH_SIZE / 2;
      mark.rect.y = cy - WM_MAP_SWITCH_SIZE / 2;
      mark.rect.width = WM_MAP_SWITCH_SIZE;
      mark.rect.height = WM_MAP_SWITCH_SIZE;
      g_array_append_val (self->switches, mark);
      g_array_index (self->slot_switch, guint, to->slot) = self->switches->len;
    }
}

/* Places every box from the measured text heights: no text is shaped here
 * except cells whose width changed. */
static void
place (WmMapLayout *self)
{
  WmMapModel *model = self->model;
  guint n_stages = model->stages->len;
  guint n_lanes = model->lanes->len;
  g_autofree guint *n_slots = g_new0 (guint, n_stages + 1);
  g_autofree guint *lane_cards = g_new0 (guint, n_lanes + 1);
  double x = WM_MAP_LABEL_WIDTH;
  double y = WM_MAP_HEADER_HEIGHT;
  guint slot = 0;

  count_slots (self, n_slots);
  g_array_set_size (self->cell_heights, n_stages * n_lanes);
  g_array_set_size (self->cell_widths, n_stages * n_lanes);

  for (guint i = 0; i < model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i);
      int lane = wm_map_model_get_lane_index (model, tp->lane_id);

      if (lane >= 0)
        lane_cards[lane]++;
    }

  group_kpis (self);

  /* Stages, and the text cells whose width changed with them. */
  g_array_set_size (self->stages, n_stages);
  for (guint s = 0; s < n_stages; s++)
    {
      WmMapStageBox *box = &g_array_index (self->stages, WmMapStageBox, s);
      double w = stage_width (n_slots[s]);

      box->stage_id = ((WmMapStage *) g_ptr_array_index (model->stages, s))->id;
      box->first_slot = slot;
      box->n_slots = n_slots[s];
      box->header = (WmMapRect) { x, 0, w, WM_MAP_HEADER_HEIGHT };
      slot += n_slots[s];
      x += w;

      for (guint l = 0; l < n_lanes; l++)
        {
          double text_width = wm_map_cell_text_width (n_slots[s]);

          if (g_array_index (self->cell_widths, double, s * n_lanes + l) != text_width)
            measure_cell (self, s, l, text_width);
        }
    }
  self->width = MAX (x, WM_MAP_LABEL_WIDTH + WM_MAP_SLOT_WIDTH);

  g_array_set_size (self->lanes, n_lanes);
  for (guint l = 0; l < n_lanes; l++)
    {
      WmMapLaneBox *box = &g_array_index (self->lanes, WmMapLaneBox, l);
      WmMapLane *lane = g_ptr_array_index (model->lanes, l);
      double h = lane_height (self, l, lane_cards);

      box->lane_id = lane->id;
      box->kind = lane->kind;
      box->label = (WmMapRect) { 0, y, WM_MAP_LABEL_WIDTH, h };
      box->row = (WmMapRect) { WM_MAP_LABEL_WIDTH, y, self->width - WM_MAP_LABEL_WIDTH, h };
      y += h;
    }
  self->height = MAX (y, WM_MAP_HEADER_HEIGHT + WM_MAP_TEXT_MIN_HEIGHT);

  for (guint s = 0; s < n_stages; s++)
    {
      WmMapStageBox *box = &g_array_index (self->stages, WmMapStageBox, s);

      box->column = (WmMapRect) { box->header.x, WM_MAP_HEADER_HEIGHT, box->header.width,
                                  self->height - WM_MAP_HEADER_HEIGHT };
    }

  /* Cards: touchpoints whose stage or lane is unknown get none. */
  g_array_set_size (self->cards, 0);
  g_hash_table_remove_all (self->card_index);
  for (guint i = 0; i < model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i);
      int s = wm_map_model_get_stage_index (model, tp->stage_id);
      int l = wm_map_model_get_lane_index (model, tp->lane_id);
      WmMapCardBox card = { tp->id };
      const WmMapLaneBox *lane;

      if (s < 0 || l < 0)
        continue;
      lane = &g_array_index (self->lanes, WmMapLaneBox, l);
      card.stage_index = s;
      card.lane_index = l;
      card.slot = self->cards->len;
      card.rect.x = wm_map_layout_get_slot_x (self, card.slot) - WM_MAP_CARD_WIDTH / 2;
      card.rect.y = lane->row.y + WM_MAP_ROW_PAD;
      card.rect.width = WM_MAP_CARD_WIDTH;
      card.rect.height = WM_MAP_CARD_HEIGHT;
      g_array_append_val (self->cards, card);
    }
  /* Keys point into the finished array, never at model rows that may go. */
  for (guint c = 0; c < self->cards->len; c++)
    g_hash_table_insert (self->card_index,
                         &g_array_index (self->cards, WmMapCardBox, c).touchpoint_id,
                         GUINT_TO_POINTER (c + 1));

  place_curves (self);
  place_switches (self);
}

static void
refresh_analysis (WmMapLayout *self)
{
  g_clear_pointer (&self->analysis, wm_analysis_free);
  self->analysis = wm_analysis_new (self->model);
  g_clear_pointer (&self->comparison, wm_comparison_free);
  if (self->as_is != NULL)
    self->comparison = wm_comparison_new (self->as_is, self->model);
}

static int
find_interval (GArray *boxes,
               gsize   offset,
               double  v)
{
  guint lo = 0;
  guint hi = boxes->len;

  /* Boxes are sorted and touching: binary search on their start. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const WmMapRect *r = (const WmMapRect *) (boxes->data + mid * g_array_get_element_size (boxes)
                                               + offset);

      if (v < (offset == G_STRUCT_OFFSET (WmMapLaneBox, row) ? r->y : r->x))
        hi = mid;
      else if (v >= (offset == G_STRUCT_OFFSET (WmMapLaneBox, row) ? r->y + r->height
                                                                  : r->x + r->width))
        lo = mid + 1;
      else
        return (int) mid;
    }

  return -1;
}

static int
find_stage (WmMapLayout *self,
            double       x)
{
  return find_interval (self->stages, G_STRUCT_OFFSET (WmMapStageBox, column), x);
}

static int
find_lane (WmMapLayout *self,
           double       y)
{
  return find_interval (self->lanes, G_STRUCT_OFFSET (WmMapLaneBox, row), y);
}

static void
hit_init (WmMapHit *hit)
{
  *hit = (WmMapHit) { WM_MAP_HIT_NONE, -1, -1 };
}

static gboolean
hit_curve (WmMapLayout *self,
           guint        lane_index,
           guint        slot,
           double       x,
           double       y,
           WmMapHit    *hit)
{
  for (guint c = self->curves->len; c > 0; c--)
    {
      const WmMapCurve *curve = &g_array_index (self->curves, WmMapCurve, c - 1);

      if (curve->lane_index != lane_index || curve->comparison || slot >= curve->points->len)
        continue;
      {
        const WmMapCurvePoint *point = &g_array_index (curve->points, WmMapCurvePoint, slot);

        if (hypot (point->x - x, point->y - y) <= WM_MAP_CURVE_HIT)
          {
            hit->kind = WM_MAP_HIT_CURVE_POINT;
            hit->touchpoint_id = point->touchpoint_id;
            hit->persona_id = curve->persona_id;
            hit->rect = (WmMapRect) { point->x - WM_MAP_CURVE_HIT, point->y - WM_MAP_CURVE_HIT,
                                      2 * WM_MAP_CURVE_HIT, 2 * WM_MAP_CURVE_HIT };
            return TRUE;
          }
      }
    }

  return FALSE;
}

static gboolean
hit_switch (WmMapLayout *self,
            guint        slot,
            double       x,
            double       y,
            WmMapHit    *hit)
{
  /* A mark sits left of its later card: look at the two slots around x. */
  for (guint candidate = slot; candidate <= slot + 1 && candidate < self->cards->len; candidate++)
    {
      guint index = g_array_index (self->slot_switch, guint, candidate);
      const WmMapSwitchMark *mark;

      if (index == 0)
        continue;
      mark = &g_array_index (self->switches, WmMapSwitchMark, index - 1);
      if (!wm_map_rect_contains (&mark->rect, x, y))
        continue;
      hit->kind = WM_MAP_HIT_SWITCH;
      hit->touchpoint_id = g_array_index (self->cards, WmMapCardBox, candidate).touchpoint_id;
      hit->rect = mark->rect;
      return TRUE;
    }

  return FALSE;
}

/* Public API */

WmMapLayout *
wm_map_layout_new (WmMapModel *model)
{
  WmMapLayout *self = g_new0 (WmMapLayout, 1);
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();

  self->model = wm_map_model_ref (model);
  self->pango = pango_font_map_create_context (font_map);
  /* Unhinted metrics: text takes the same room at every zoom and in every file. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
  /* Glyphs where the font puts them, not moved to whole map units: even
   * spacing at every zoom, and a file writes a word as one string instead
   * of a correction between every two letters. */
  pango_context_set_round_glyph_positions (self->pango, FALSE);

  self->fonts[WM_MAP_FONT_BODY] = font_new (12, FALSE);
  self->fonts[WM_MAP_FONT_TITLE] = font_new (13, TRUE);
  self->fonts[WM_MAP_FONT_SMALL] = font_new (10.5, FALSE);
  self->fonts[WM_MAP_FONT_HEADER] = font_new (14, TRUE);
  self->fonts[WM_MAP_FONT_HEADER_DIM] = font_new (11.5, FALSE);
  self->fonts[WM_MAP_FONT_BIG] = font_new (17, TRUE);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->stages = g_array_new (FALSE, TRUE, sizeof (WmMapStageBox));
  self->lanes = g_array_new (FALSE, TRUE, sizeof (WmMapLaneBox));
  self->cards = g_array_new (FALSE, TRUE, sizeof (WmMapCardBox));
  self->curves = g_array_new (FALSE, TRUE, sizeof (WmMapCurve));
  g_array_set_clear_func (self->curves, curve_clear);
  self->switches = g_array_new (FALSE, TRUE, sizeof (WmMapSwitchMark));
  self->card_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->slot_switch = g_array_new (FALSE, TRUE, sizeof (guint));
  self->stage_kpis = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->cell_heights = g_array_new (FALSE, TRUE, sizeof (double));
  self->cell_widths = g_array_new (FALSE, TRUE, sizeof (double));

  wm_map_layout_relayout (self);

  return self;
}

void
wm_map_layout_free (WmMapLayout *self)
{
  if (self == NULL)
    return;

  wm_map_model_unref (self->model);
  g_clear_pointer (&self->as_is, wm_map_model_unref);
  g_clear_pointer (&self->analysis, wm_analysis_free);
  g_clear_pointer (&self->comparison, wm_comparison_free);
  g_object_unref (self->pango);
  for (guint i = 0; i < WM_MAP_N_FONTS; i++)
    pango_font_description_free (self->fonts[i]);
  g_hash_table_unref (self->texts);
  g_array_unref (self->stages);
  g_array_unref (self->lanes);
  g_array_unref (self->cards);
  g_array_unref (self->curves);
  g_array_unref (self->switches);
  g_hash_table_unref (self->card_index);
  g_array_unref (self->slot_switch);
  g_ptr_array_unref (self->stage_kpis);
  g_array_unref (self->cell_heights);
  g_array_unref (self->cell_widths);
  g_free (self);
}

WmMapModel *
wm_map_layout_get_model (WmMapLayout *self)
{
  return self->model;
}

WmAnalysis *
wm_map_layout_get_analysis (WmMapLayout *self)
{
  return self->analysis;
}

void
wm_map_layout_relayout (WmMapLayout *self)
{
  /* Forget every measured cell: widths of -1 never match. */
  g_array_set_size (self->cell_widths, 0);
  g_array_set_size (self->cell_heights, 0);
  refresh_analysis (self);
  place (self);
}

gboolean
wm_map_layout_update_touchpoint (WmMapLayout *self,
                                 gint64       touchpoint_id,
                                 WmMapRect   *damage)
{
  g_autoptr(GArray) old_stages = g_array_copy (self->stages);
  const WmMapCardBox *card = wm_map_layout_lookup_card (self, touchpoint_id);
  WmMapRect old_rect = { 0 };
  gboolean had_card = card != NULL;
  double old_width = self->width;
  double old_height = self->height;
  double first_x = self->width;

  if (card != NULL)
    old_rect = card->rect;

  refresh_analysis (self);
  place (self);

  /* What moved: from the first stage whose box changed to the end of the
   * map; else the card's neighbourhood over the whole height (its curve
   * points and switch marks are in other rows). */
  for (guint s = 0; s < self->stages->len; s++)
    {
      const WmMapStageBox *now = &g_array_index (self->stages, WmMapStageBox, s);

      if (s >= old_stages->len
          || now->n_slots != g_array_index (old_stages, WmMapStageBox, s).n_slots
          || now->header.x != g_array_index (old_stages, WmMapStageBox, s).header.x)
        {
          first_x = now->header.x;
          break;
        }
    }

  card = wm_map_layout_lookup_card (self, touchpoint_id);
  if (damage != NULL)
    {
      if (self->height != old_height || self->stages->len != old_stages->len)
        *damage = (WmMapRect) { 0, 0, MAX (self->width, old_width), MAX (self->height, old_height) };
      else if (first_x < self->width)
        *damage = (WmMapRect) { first_x - WM_MAP_SLOT_WIDTH, 0,
                                MAX (self->width, old_width) - first_x + WM_MAP_SLOT_WIDTH,
                                self->height };
      else
        {
          WmMapRect r = card != NULL ? card->rect : old_rect;

          if (had_card && card != NULL)
            wm_map_rect_union (&old_rect, &card->rect, &r);
          *damage = (WmMapRect) { r.x - WM_MAP_SLOT_WIDTH, 0, r.width + 2 * WM_MAP_SLOT_WIDTH,
                                  self->height };
        }
    }

  return self->width != old_width || self->height != old_height;
}

gboolean
wm_map_layout_update_stage (WmMapLayout *self,
                            gint64       stage_id,
                            WmMapRect   *damage)
{
  double old_width = self->width;
  double old_height = self->height;
  int s = wm_map_model_get_stage_index (self->model, stage_id);

  /* Stage text sits in the header only, but a new, moved or deleted stage
   * shifts columns: lay the cells out again where their stage changed. */
  if (self->stages->len != self->model->stages->len
      || s < 0
      || g_array_index (self->stages, WmMapStageBox, s).stage_id != stage_id)
    {
      wm_map_layout_relayout (self);
      if (damage != NULL)
        *damage = (WmMapRect) { 0, 0, MAX (self->width, old_width),
                                MAX (self->height, old_height) };
    }
  else
    {
      /* A renamed stage can change which as-is touchpoints match. */
      if (self->as_is != NULL)
        {
          refresh_analysis (self);
          place (self);
        }
      if (damage != NULL)
        *damage = self->as_is != NULL
                  ? (WmMapRect) { 0, 0, self->width, self->height }
                  : g_array_index (self->stages, WmMapStageBox, s).header;
    }

  return self->width != old_width || self->height != old_height;
}

gboolean
wm_map_layout_update_cell (WmMapLayout *self,
                           gint64       stage_id,
                           gint64       lane_id,
                           WmMapRect   *damage)
{
  int s = wm_map_model_get_stage_index (self->model, stage_id);
  int l = wm_map_model_get_lane_index (self->model, lane_id);
  double old_height = self->height;
  double old_row;
  WmMapRect cell;

  if (s < 0 || l < 0 || (guint) s >= self->stages->len || (guint) l >= self->lanes->len)
    {
      wm_map_layout_relayout (self);
      if (damage != NULL)
        *damage = (WmMapRect) { 0, 0, self->width, MAX (self->height, old_height) };
      return TRUE;
    }

  old_row = g_array_index (self->lanes, WmMapLaneBox, l).row.height;
  measure_cell (self, s, l,
                wm_map_cell_text_width (g_array_index (self->stages, WmMapStageBox, s).n_slots));
  place (self);

  if (damage != NULL)
    {
      if (g_array_index (self->lanes, WmMapLaneBox, l).row.height != old_row)
        {
          double top = g_array_index (self->lanes, WmMapLaneBox, l).row.y;

          *damage = (WmMapRect) { 0, top, self->width, MAX (self->height, old_height) - top };
        }
      else
        {
          wm_map_layout_get_cell_rect (self, s, l, &cell);
          *damage = cell;
        }
    }

  return self->height != old_height;
}

gboolean
wm_map_layout_update_kpis (WmMapLayout *self,
                           WmMapRect   *damage)
{
  double old_width = self->width;
  double old_height = self->height;
  WmMapRect area = { 0 };
  gboolean first = TRUE;

  place (self);

  for (guint l = 0; l < self->lanes->len; l++)
    {
      const WmMapLaneBox *lane = &g_array_index (self->lanes, WmMapLaneBox, l);
      WmMapRect row = { 0, lane->row.y, self->width, lane->row.height };

      if (lane->kind != WM_LANE_KPI)
        continue;
      if (self->height != old_height)
        row.height = MAX (self->height, old_height) - row.y;
      if (first)
        area = row;
      else
        wm_map_rect_union (&area, &row, &area);
      first = FALSE;
    }
  /* A KPI of a touchpoint also shows on its card, in a chip on its bottom edge. */
  for (guint i = 0; i < self->model->kpis->len; i++)
    {
      const WmMapKpi *kpi = g_ptr_array_index (self->model->kpis, i);
      const WmMapCardBox *card = kpi->touchpoint_id != 0
                                 ? wm_map_layout_lookup_card (self, kpi->touchpoint_id) : NULL;
      WmMapRect rect;

      if (card == NULL)
        continue;
      rect = (WmMapRect) { card->rect.x - 4, card->rect.y - 4, card->rect.width + 8,
                           card->rect.height + 16 };
      if (first)
        area = rect;
      else
        wm_map_rect_union (&area, &rect, &area);
      first = FALSE;
    }
  if (damage != NULL)
    *damage = area;

  return self->width != old_width || self->height != old_height;
}

void
wm_map_layout_set_comparison (WmMapLayout *self,
                              WmMapModel  *as_is)
{
  g_clear_pointer (&self->as_is, wm_map_model_unref);
  if (as_is != NULL)
    self->as_is = wm_map_model_ref (as_is);
  refresh_analysis (self);
  place (self);
}

WmComparison *
wm_map_layout_get_comparison (WmMapLayout *self)
{
  return self->comparison;
}

void
wm_map_layout_get_size (WmMapLayout *self,
                        double      *width,
                        double      *height)
{
  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

double
wm_map_layout_get_header_height (WmMapLayout *self)
{
  return WM_MAP_HEADER_HEIGHT;
}

double
wm_map_layout_get_label_width (WmMapLayout *self)
{
  return WM_MAP_LABEL_WIDTH;
}

guint
wm_map_layout_get_n_stages (WmMapLayout *self)
{
  return self->stages->len;
}

const WmMapStageBox *
wm_map_layout_get_stage (WmMapLayout *self,
                         guint        index)
{
  g_return_val_if_fail (index < self->stages->len, NULL);

  return &g_array_index (self->stages, WmMapStageBox, index);
}

guint
wm_map_layout_get_n_lanes (WmMapLayout *self)
{
  return self->lanes->len;
}

const WmMapLaneBox *
wm_map_layout_get_lane (WmMapLayout *self,
                        guint        index)
{
  g_return_val_if_fail (index < self->lanes->len, NULL);

  return &g_array_index (self->lanes, WmMapLaneBox, index);
}

guint
wm_map_layout_get_n_cards (WmMapLayout *self)
{
  return self->cards->len;
}

const WmMapCardBox *
wm_map_layout_get_card (WmMapLayout *self,
                        guint        index)
{
  g_return_val_if_fail (index < self->cards->len, NULL);

  return &g_array_index (self->cards, WmMapCardBox, index);
}

const WmMapCardBox *
wm_map_layout_lookup_card (WmMapLayout *self,
                           gint64       touchpoint_id)
{
  guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (self->card_index, &touchpoint_id));

  return slot == 0 ? NULL : &g_array_index (self->cards, WmMapCardBox, slot - 1);
}

guint
wm_map_layout_get_n_curves (WmMapLayout *self)
{
  return self->curves->len;
}

const WmMapCurve *
wm_map_layout_get_curve (WmMapLayout *self,
                         guint        index)
{
  g_return_val_if_fail (index < self->curves->len, NULL);

  return &g_array_index (self->curves, WmMapCurve, index);
}

guint
wm_map_layout_get_n_switches (WmMapLayout *self)
{
  return self->switches->len;
}

const WmMapSwitchMark *
wm_map_layout_get_switch (WmMapLayout *self,
                          guint        index)
{
  g_return_val_if_fail (index < self->switches->len, NULL);

  return &g_array_index (self->switches, WmMapSwitchMark, index);
}

gboolean
wm_map_layout_get_cell_rect (WmMapLayout *self,
                             guint        stage_index,
                             guint        lane_index,
                             WmMapRect   *rect)
{
  const WmMapStageBox *stage;
  const WmMapLaneBox *lane;

  if (stage_index >= self->stages->len || lane_index >= self->lanes->len)
    return FALSE;

  stage = &g_array_index (self->stages, WmMapStageBox, stage_index);
  lane = &g_array_index (self->lanes, WmMapLaneBox, lane_index);
  *rect = (WmMapRect) { stage->column.x, lane->row.y, stage->column.width, lane->row.height };

  return TRUE;
}

double
wm_map_layout_get_slot_x (WmMapLayout *self,
                          guint        slot)
{
  guint lo = 0;
  guint hi = self->stages->len;

  /* The stage that holds @slot; a slot past the end goes after the last card. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const WmMapStageBox *stage = &g_array_index (self->stages, WmMapStageBox, mid);

      if (slot < stage->first_slot)
        hi = mid;
      else if (slot >= stage->first_slot + MAX (stage->n_slots, 1))
        lo = mid + 1;
      else
        return stage->header.x + (slot - stage->first_slot + 0.5) * WM_MAP_SLOT_WIDTH;
    }

  return self->width - WM_MAP_SLOT_WIDTH / 2;
}

gboolean
wm_map_layout_hit_test (WmMapLayout *self,
                        double       x,
                        double       y,
                        WmMapHit    *hit)
{
  int s, l;
  const WmMapStageBox *stage;
  const WmMapLaneBox *lane;
  guint slot;

  hit_init (hit);
  if (x < 0 || y < 0 || x >= self->width || y >= self->height)
    return FALSE;

  if (x < WM_MAP_LABEL_WIDTH && y < WM_MAP_HEADER_HEIGHT)
    {
      hit->kind = WM_MAP_HIT_CORNER;
      hit->rect = (WmMapRect) { 0, 0, WM_MAP_LABEL_WIDTH, WM_MAP_HEADER_HEIGHT };
      return TRUE;
    }

  s = find_stage (self, x);
  l = find_lane (self, y);

  if (y < WM_MAP_HEADER_HEIGHT)
    {
      if (s < 0)
        return FALSE;
      stage = &g_array_index (self->stages, WmMapStageBox, s);
      hit->kind = WM_MAP_HIT_STAGE_HEADER;
      hit->stage_index = s;
      hit->stage_id = stage->stage_id;
      hit->rect = stage->header;
      return TRUE;
    }

  if (x < WM_MAP_LABEL_WIDTH)
    {
      if (l < 0)
        return FALSE;
      lane = &g_array_index (self->lanes, WmMapLaneBox, l);
      hit->kind = WM_MAP_HIT_LANE_LABEL;
      hit->lane_index = l;
      hit->lane_id = lane->lane_id;
      hit->rect = lane->label;
      return TRUE;
    }

  if (s < 0 || l < 0)
    return FALSE;

  stage = &g_array_index (self->stages, WmMapStageBox, s);
  lane = &g_array_index (self->lanes, WmMapLaneBox, l);
  hit->stage_index = s;
  hit->lane_index = l;
  hit->stage_id = stage->stage_id;
  hit->lane_id = lane->lane_id;
  slot = stage->first_slot + MIN ((guint) ((x - stage->header.x) / WM_MAP_SLOT_WIDTH),
                                  MAX (stage->n_slots, 1) - 1);
  hit->slot = slot;

  if (hit_switch (self, slot, x, y, hit))
    return TRUE;

  if (slot < self->cards->len && stage->n_slots > 0)
    {
      const WmMapCardBox *card = &g_array_index (self->cards, WmMapCardBox, slot);

      if (card->lane_index == (guint) l && wm_map_rect_contains (&card->rect, x, y))
        {
          hit->kind = WM_MAP_HIT_CARD;
          hit->touchpoint_id = card->touchpoint_id;
          hit->rect = card->rect;
          return TRUE;
        }
    }

  if (lane->kind == WM_LANE_EMOTION && stage->n_slots > 0 && hit_curve (self, l, slot, x, y, hit))
    return TRUE;

  hit->kind = WM_MAP_HIT_CELL;
  wm_map_layout_get_cell_rect (self, s, l, &hit->rect);

  return TRUE;
}

gboolean
wm_map_layout_hit_test_view (WmMapLayout *self,
                             double       view_x,
                             double       view_y,
                             double       scroll_x,
                             double       scroll_y,
                             double       zoom,
                             WmMapHit    *hit)
{
  double x = view_x / zoom;
  double y = view_y / zoom;

  /* The pinned header row and label column lie over the scrolled body. */
  if (x < WM_MAP_LABEL_WIDTH && y < WM_MAP_HEADER_HEIGHT)
    return wm_map_layout_hit_test (self, x, y, hit);
  if (y < WM_MAP_HEADER_HEIGHT)
    return wm_map_layout_hit_test (self, x + scroll_x, y, hit);
  if (x < WM_MAP_LABEL_WIDTH)
    return wm_map_layout_hit_test (self, x, y + scroll_y, hit);

  return wm_map_layout_hit_test (self, x + scroll_x, y + scroll_y, hit);
}

PangoLayout *
wm_map_layout_get_text (WmMapLayout *self,
                        WmMapFont    font,
                        const char  *text,
                        double       width,
                        int          max_lines)
{
  /* Integer keys: formatting a double costs more than the lookup saves. */
  g_autofree char *key = g_strdup_printf ("%d\x1f%d\x1f%d\x1f%s", font,
                                          (int) lround (width * 64), max_lines, text);
  PangoLayout *layout = g_hash_table_lookup (self->texts, key);

  if (layout != NULL)
    return layout;

  if (g_hash_table_size (self->texts) > MAX_CACHED_TEXTS)
    g_hash_table_remove_all (self->texts);

  layout = pango_layout_new (self->pango);
  pango_layout_set_font_description (layout, self->fonts[font]);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  g_hash_table_insert (self->texts, g_steal_pointer (&key), layout);

  return layout;
}

double
wm_map_layout_measure (WmMapLayout *self,
                       WmMapFont    font,
                       const char  *text,
                       double       width,
                       int          max_lines)
{
  PangoLayout *layout = wm_map_layout_get_text (self, font, text, width, max_lines);
  int height;

  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

GPtrArray *
wm_map_layout_get_stage_kpis (WmMapLayout *self,
                              int          stage_index)
{
  guint n = self->stage_kpis->len;

  if (n == 0)
    return NULL;
  if (stage_index < 0 || (guint) stage_index >= n - 1)
    return g_ptr_array_index (self->stage_kpis, n - 1);

  return g_ptr_array_index (self->stage_kpis, stage_index);
}

gboolean
wm_map_rect_intersects (const WmMapRect *a,
                        const WmMapRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
wm_map_rect_contains (const WmMapRect *rect,
                      double           x,
                      double           y)
{
  return x >= rect->x && x < rect->x + rect->width && y >= rect->y && y < rect->y + rect->height;
}

void
wm_map_rect_union (const WmMapRect *a,
                   const WmMapRect *b,
                   WmMapRect       *result)
{
  double x0 = MIN (a->x, b->x);
  double y0 = MIN (a->y, b->y);
  double x1 = MAX (a->x + a->width, b->x + b->width);
  double y1 = MAX (a->y + a->height, b->y + b->height);

  *result = (WmMapRect) { x0, y0, x1 - x0, y1 - y0 };
}
