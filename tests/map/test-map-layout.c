/* test-map-layout.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "wm-map-fixture.h"
#include "wm-map-render.h"

/* Helpers */

static gboolean
rect_inside (const WmMapRect *inner,
             const WmMapRect *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y
         && inner->x + inner->width <= outer->x + outer->width + 1e-9
         && inner->y + inner->height <= outer->y + outer->height + 1e-9;
}

static void
centre (const WmMapRect *r,
        double          *x,
        double          *y)
{
  *x = r->x + r->width / 2;
  *y = r->y + r->height / 2;
}

/* Tests */

static void
test_geometry (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  double w, h, label_w = wm_map_layout_get_label_width (layout);
  double header_h = wm_map_layout_get_header_height (layout);
  double x, y;

  wm_map_layout_get_size (layout, &w, &h);
  g_assert_cmpuint (wm_map_layout_get_n_stages (layout), ==, 3);
  g_assert_cmpuint (wm_map_layout_get_n_lanes (layout), ==, 4);
  g_assert_cmpuint (wm_map_layout_get_n_cards (layout), ==, 5);

  /* Stages tile the width left to right, each as wide as its slots (one at least). */
  x = label_w;
  for (guint s = 0; s < 3; s++)
    {
      const WmMapStageBox *stage = wm_map_layout_get_stage (layout, s);

      g_assert_cmpfloat_with_epsilon (stage->header.x, x, 1e-9);
      g_assert_cmpfloat (stage->header.height, ==, header_h);
      g_assert_cmpfloat (stage->column.y, ==, header_h);
      g_assert_cmpfloat_with_epsilon (stage->column.y + stage->column.height, h, 1e-9);
      x += stage->header.width;
    }
  g_assert_cmpfloat_with_epsilon (x, w, 1e-9);
  g_assert_cmpuint (wm_map_layout_get_stage (layout, 0)->n_slots, ==, 2);
  g_assert_cmpuint (wm_map_layout_get_stage (layout, 1)->n_slots, ==, 3);
  g_assert_cmpuint (wm_map_layout_get_stage (layout, 2)->n_slots, ==, 0);
  g_assert_cmpfloat (wm_map_layout_get_stage (layout, 1)->header.width, ==,
                     1.5 * wm_map_layout_get_stage (layout, 0)->header.width);
  g_assert_cmpfloat (wm_map_layout_get_stage (layout, 2)->header.width, ==,
                     wm_map_layout_get_stage (layout, 0)->header.width / 2);

  /* Lanes tile the height. */
  y = header_h;
  for (guint l = 0; l < 4; l++)
    {
      const WmMapLaneBox *lane = wm_map_layout_get_lane (layout, l);

      g_assert_cmpfloat_with_epsilon (lane->label.y, y, 1e-9);
      g_assert_cmpfloat (lane->label.width, ==, label_w);
      g_assert_cmpfloat (lane->row.x, ==, label_w);
      g_assert_cmpfloat (lane->row.height, >, 40);
      y += lane->label.height;
    }
  g_assert_cmpfloat_with_epsilon (y, h, 1e-9);

  /* Cards sit in their cell, in journey order, without overlapping. */
  for (guint c = 0; c < 5; c++)
    {
      const WmMapCardBox *card = wm_map_layout_get_card (layout, c);
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, c);
      WmMapRect cell;

      g_assert_cmpint (card->touchpoint_id, ==, tp->id);
      g_assert_cmpuint (card->slot, ==, c);
      g_assert_true (wm_map_layout_get_cell_rect (layout, card->stage_index, card->lane_index,
                                                  &cell));
      g_assert_true (rect_inside (&card->rect, &cell));
      g_assert_true (wm_map_layout_lookup_card (layout, tp->id) == card);
      if (c > 0)
        {
          const WmMapCardBox *before = wm_map_layout_get_card (layout, c - 1);

          g_assert_cmpfloat (before->rect.x + before->rect.width, <, card->rect.x);
          g_assert_false (wm_map_rect_intersects (&before->rect, &card->rect));
        }
    }
  g_assert_null (wm_map_layout_lookup_card (layout, 9999));
  g_assert_false (wm_map_layout_get_cell_rect (layout, 3, 0, &(WmMapRect) { 0 }));
}

static void
test_curves (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  const WmMapLaneBox *emotion = wm_map_layout_get_lane (layout, 1);

  /* One curve per persona, each through every card's centre, inside the lane. */
  g_assert_cmpuint (wm_map_layout_get_n_curves (layout), ==, 2);
  for (guint c = 0; c < 2; c++)
    {
      const WmMapCurve *curve = wm_map_layout_get_curve (layout, c);

      g_assert_false (curve->comparison);
      g_assert_cmpuint (curve->lane_index, ==, 1);
      g_assert_cmpuint (curve->points->len, ==, 5);
      for (guint i = 0; i < curve->points->len; i++)
        {
          const WmMapCurvePoint *point = &g_array_index (curve->points, WmMapCurvePoint, i);
          const WmMapCardBox *card = wm_map_layout_get_card (layout, i);

          g_assert_cmpfloat_with_epsilon (point->x, card->rect.x + card->rect.width / 2, 1e-9);
          g_assert_true (wm_map_rect_contains (&emotion->row, point->x, point->y));
        }
    }
  g_assert_cmpint (wm_map_layout_get_curve (layout, 0)->persona_id, ==, FIX_PERSONA_A);

  /* Higher feelings are drawn higher; persona B's own +1 at touchpoint 3. */
  {
    GArray *a = wm_map_layout_get_curve (layout, 0)->points;
    GArray *b = wm_map_layout_get_curve (layout, 1)->points;

    g_assert_cmpfloat (g_array_index (a, WmMapCurvePoint, 0).y, <,
                       g_array_index (a, WmMapCurvePoint, 1).y);
    g_assert_cmpint (g_array_index (a, WmMapCurvePoint, 2).emotion, ==, -3);
    g_assert_cmpint (g_array_index (b, WmMapCurvePoint, 2).emotion, ==, 1);
    g_assert_cmpfloat (g_array_index (b, WmMapCurvePoint, 2).y, <,
                       g_array_index (a, WmMapCurvePoint, 2).y);
  }
}

static void
test_hit_test (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  const WmMapCardBox *card = wm_map_layout_lookup_card (layout, FIX_TP_3);
  const WmMapStageBox *stage = wm_map_layout_get_stage (layout, 2);
  const WmMapLaneBox *notes = wm_map_layout_get_lane (layout, 2);
  const WmMapCurvePoint *point;
  WmMapHit hit;
  double x, y, w, h;

  wm_map_layout_get_size (layout, &w, &h);

  centre (&card->rect, &x, &y);
  g_assert_true (wm_map_layout_hit_test (layout, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_CARD);
  g_assert_cmpint (hit.touchpoint_id, ==, FIX_TP_3);
  g_assert_cmpint (hit.stage_id, ==, FIX_STAGE_2);
  g_assert_cmpint (hit.lane_id, ==, FIX_LANE_TOUCHPOINTS);

  /* A card's corner just outside it: the cell. */
  g_assert_true (wm_map_layout_hit_test (layout, card->rect.x + card->rect.width + 1,
                                         card->rect.y + card->rect.height + 2, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_CELL);

  centre (&stage->header, &x, &y);
  g_assert_true (wm_map_layout_hit_test (layout, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_STAGE_HEADER);
  g_assert_cmpint (hit.stage_id, ==, FIX_STAGE_3);
  g_assert_cmpint (hit.stage_index, ==, 2);

  centre (&notes->label, &x, &y);
  g_assert_true (wm_map_layout_hit_test (layout, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_LANE_LABEL);
  g_assert_cmpint (hit.lane_id, ==, FIX_LANE_NOTES);

  g_assert_true (wm_map_layout_hit_test (layout, 3, 3, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_CORNER);

  /* The empty stage's cell in the notes lane. */
  g_assert_true (wm_map_layout_hit_test (layout, stage->column.x + 5, notes->row.y + 5, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_CELL);
  g_assert_cmpint (hit.stage_id, ==, FIX_STAGE_3);
  g_assert_cmpint (hit.lane_id, ==, FIX_LANE_NOTES);

  g_assert_false (wm_map_layout_hit_test (layout, -1, 10, &hit));
  g_assert_false (wm_map_layout_hit_test (layout, w + 1, 10, &hit));
  g_assert_false (wm_map_layout_hit_test (layout, 300, h, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_NONE);

  /* A curve point (the last persona's curve is on top). */
  point = &g_array_index (wm_map_layout_get_curve (layout, 1)->points, WmMapCurvePoint, 2);
  g_assert_true (wm_map_layout_hit_test (layout, point->x + 2, point->y - 2, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_CURVE_POINT);
  g_assert_cmpint (hit.touchpoint_id, ==, FIX_TP_3);
  g_assert_cmpint (hit.persona_id, ==, FIX_PERSONA_B);

  /* The switch mark into touchpoint 3. */
  for (guint i = 0; i < wm_map_layout_get_n_switches (layout); i++)
    {
      const WmMapSwitchMark *mark = wm_map_layout_get_switch (layout, i);

      centre (&mark->rect, &x, &y);
      g_assert_true (wm_map_layout_hit_test (layout, x, y, &hit));
      g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_SWITCH);
      g_assert_cmpint (hit.touchpoint_id, ==,
                       g_array_index (wm_map_layout_get_analysis (layout)->switches,
                                      WmChannelSwitch, mark->switch_index).to_touchpoint_id);
    }
  g_assert_cmpuint (wm_map_layout_get_n_switches (layout), ==, 3);
}

static void
test_hit_test_view (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  const WmMapStageBox *stage = wm_map_layout_get_stage (layout, 1);
  const WmMapCardBox *card = wm_map_layout_lookup_card (layout, FIX_TP_4);
  double scroll_x = stage->header.x - wm_map_layout_get_label_width (layout);
  double scroll_y = 10;
  WmMapHit hit;

  /* Scrolled so stage 2 starts right of the pinned labels: the header row
   * still answers with stage 2 at the top of the view, at zoom 2. */
  g_assert_true (wm_map_layout_hit_test_view (layout,
                                              2 * (wm_map_layout_get_label_width (layout) + 5),
                                              2 * 10, scroll_x, scroll_y, 2, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_STAGE_HEADER);
  g_assert_cmpint (hit.stage_id, ==, FIX_STAGE_2);

  /* The pinned label column, over the scrolled body. */
  g_assert_true (wm_map_layout_hit_test_view (layout, 2 * 10,
                                              2 * (card->rect.y + 30 - scroll_y),
                                              scroll_x, scroll_y, 2, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_LANE_LABEL);
  g_assert_cmpint (hit.lane_id, ==, FIX_LANE_TOUCHPOINTS);

  /* The body scrolls. */
  g_assert_true (wm_map_layout_hit_test_view (layout, 2 * (card->rect.x + 10 - scroll_x),
                                              2 * (card->rect.y + 10 - scroll_y),
                                              scroll_x, scroll_y, 2, &hit));
  g_assert_cmpint (hit.kind, ==, WM_MAP_HIT_CARD);
  g_assert_cmpint (hit.touchpoint_id, ==, FIX_TP_4);
}

static void
test_incremental (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, FIX_TP_2);
  WmMapRect before = wm_map_layout_lookup_card (layout, FIX_TP_2)->rect;
  WmMapRect damage;
  double w, h, w2, h2;

  wm_map_layout_get_size (layout, &w, &h);

  /* A new title: same place, only its neighbourhood to draw again. */
  g_free (tp->title);
  tp->title = g_strdup ("Newsletter with a much longer title than before");
  tp->emotion = -2;
  g_assert_false (wm_map_layout_update_touchpoint (layout, FIX_TP_2, &damage));
  g_assert_cmpmem (&before, sizeof before, &wm_map_layout_lookup_card (layout, FIX_TP_2)->rect,
                   sizeof before);
  g_assert_true (rect_inside (&before, &damage));
  g_assert_cmpfloat (damage.width, <, w);
  g_assert_cmpint (g_array_index (wm_map_layout_get_curve (layout, 0)->points, WmMapCurvePoint,
                                  1).emotion, ==, -2);

  /* Moved into the empty stage: stage 1 narrows, stage 3 (one empty slot
   * wide already) keeps its width. */
  tp->stage_id = FIX_STAGE_3;
  wm_map_model_sort (model);
  wm_map_layout_update_touchpoint (layout, FIX_TP_2, &damage);
  wm_map_layout_get_size (layout, &w2, &h2);
  g_assert_cmpfloat (w2, ==, w - wm_map_layout_get_stage (layout, 2)->header.width);
  w = w2;
  g_assert_cmpuint (wm_map_layout_get_stage (layout, 0)->n_slots, ==, 1);
  g_assert_cmpuint (wm_map_layout_get_stage (layout, 2)->n_slots, ==, 1);
  g_assert_cmpuint (wm_map_layout_lookup_card (layout, FIX_TP_2)->slot, ==, 4);
  g_assert_cmpuint (wm_map_layout_lookup_card (layout, FIX_TP_2)->stage_index, ==, 2);
  g_assert_true (rect_inside (&wm_map_layout_lookup_card (layout, FIX_TP_2)->rect, &damage));
  g_assert_true (rect_inside (&before, &damage));

  /* Deleted: the map narrows, the card is gone. */
  g_assert_true (wm_map_model_remove_touchpoint (model, FIX_TP_3));
  g_assert_false (wm_map_model_remove_touchpoint (model, FIX_TP_3));
  g_assert_true (wm_map_layout_update_touchpoint (layout, FIX_TP_3, &damage));
  wm_map_layout_get_size (layout, &w2, &h2);
  g_assert_cmpfloat (w2, <, w);
  g_assert_null (wm_map_layout_lookup_card (layout, FIX_TP_3));
  g_assert_cmpuint (wm_map_layout_get_n_cards (layout), ==, 4);
}

static void
test_cell_grows (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  double old_row = wm_map_layout_get_lane (layout, 2)->row.height;
  double kpi_y = wm_map_layout_get_lane (layout, 3)->row.y;
  WmMapRect damage;
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 0; i < 30; i++)
    g_string_append (text, "Waiting and waiting. ");
  wm_map_model_set_cell_text (model, FIX_STAGE_1, FIX_LANE_NOTES, text->str);
  g_assert_true (wm_map_layout_update_cell (layout, FIX_STAGE_1, FIX_LANE_NOTES, &damage));
  g_assert_cmpfloat (wm_map_layout_get_lane (layout, 2)->row.height, >, old_row);
  g_assert_cmpfloat (wm_map_layout_get_lane (layout, 3)->row.y, >, kpi_y);
  g_assert_cmpfloat (damage.y, <=, wm_map_layout_get_lane (layout, 2)->row.y);

  /* A short text in the same row keeps its height: only the cell is damaged. */
  wm_map_model_set_cell_text (model, FIX_STAGE_2, FIX_LANE_NOTES, "Hm.");
  g_assert_false (wm_map_layout_update_cell (layout, FIX_STAGE_2, FIX_LANE_NOTES, &damage));
  g_assert_cmpfloat (damage.x, ==, wm_map_layout_get_stage (layout, 1)->column.x);
  g_assert_cmpfloat (damage.width, ==, wm_map_layout_get_stage (layout, 1)->column.width);
}

static void
test_kpis (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  const WmMapLaneBox *kpi = wm_map_layout_get_lane (layout, 3);
  double row = kpi->row.height;
  WmMapRect damage;

  /* A second KPI in the same stage: the KPI row grows, only it is damaged. */
  wm_map_model_add_kpi (model, 52, FIX_STAGE_2, "CSAT", "80 %", WM_KPI_STATUS_WARNING, NULL, 0);
  g_assert_true (wm_map_layout_update_kpis (layout, &damage));
  kpi = wm_map_layout_get_lane (layout, 3);
  g_assert_cmpfloat (kpi->row.height, >, row);
  g_assert_cmpfloat (damage.y, ==, kpi->row.y);
  g_assert_cmpfloat (damage.height, >=, kpi->row.height);
}

static void
test_empty (void)
{
  g_autoptr(WmMapModel) model = wm_map_model_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (surface);
  WmMapHit hit;
  double w, h;

  /* A new journey has nothing: it still has a size, draws, and answers clicks. */
  wm_map_layout_get_size (layout, &w, &h);
  g_assert_cmpfloat (w, >, 0);
  g_assert_cmpfloat (h, >, 0);
  wm_map_render_draw (layout, cr, NULL, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_true (wm_map_layout_hit_test (layout, 1, 1, &hit));
  g_assert_false (wm_map_layout_hit_test (layout, w - 1, h - 1, &hit));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  cairo_surface_flush (surface);

  return *(guint32 *) (cairo_image_surface_get_data (surface)
                       + y * cairo_image_surface_get_stride (surface) + x * 4);
}

static void
test_render_clip (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  const WmMapCardBox *card = wm_map_layout_lookup_card (layout, FIX_TP_3);
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  WmMapRect clip = card->rect;

  wm_map_layout_get_size (layout, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (w), (int) ceil (h));

  /* Every theme draws without a cairo error. */
  for (WmMapTheme theme = WM_MAP_THEME_LIGHT; theme <= WM_MAP_THEME_HIGH_CONTRAST; theme++)
    {
      WmMapRenderOptions options = { wm_map_palette_get (theme), FIX_TP_1 };

      cr = cairo_create (surface);
      wm_map_render_draw (layout, cr, &options, NULL);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
    }

  /* Drawing a clip touches only the clip. */
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cr = cairo_create (surface);
  wm_map_render_draw_body (layout, cr, NULL, &clip);
  cairo_destroy (cr);
  g_assert_cmpuint (pixel (surface, (int) (clip.x + clip.width / 2), (int) (clip.y + 50)), !=, 0);
  g_assert_cmpuint (pixel (surface, (int) clip.x - 3, (int) clip.y + 5), ==, 0);
  g_assert_cmpuint (pixel (surface, (int) (clip.x + clip.width + 3), (int) clip.y + 5), ==, 0);
  g_assert_cmpuint (pixel (surface, 5, 5), ==, 0);

  /* The sticky parts draw only their band. */
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cr = cairo_create (surface);
  wm_map_render_draw_stage_headers (layout, cr, NULL, 0, w);
  wm_map_render_draw_lane_labels (layout, cr, NULL, 0, h);
  wm_map_render_draw_corner (layout, cr, NULL);
  cairo_destroy (cr);
  g_assert_cmpuint (pixel (surface, (int) w - 5, 5), !=, 0);
  g_assert_cmpuint (pixel (surface, 5, (int) h - 5), !=, 0);
  g_assert_cmpuint (pixel (surface, (int) w - 5, (int) h - 5), ==, 0);

  cairo_surface_destroy (surface);
}

/* A KPI linked to a touchpoint shows on its card, in its status's colour,
 * and a new value damages that card as well as the KPI row. */
static void
test_card_kpi (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  const WmMapPalette *palette = wm_map_palette_get (WM_MAP_THEME_LIGHT);
  WmMapRenderOptions options = { palette, 0 };
  const WmMapCardBox *card;
  WmMapKpi *kpi;
  WmMapRect damage;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  guint32 found = 0;
  guint32 expected = 0xff000000u
                     | (guint32) lround (palette->negative.red * 255) << 16
                     | (guint32) lround (palette->negative.green * 255) << 8
                     | (guint32) lround (palette->negative.blue * 255);

  kpi = wm_map_model_add_kpi (model, 53, 0, "FCR", "61 %", WM_KPI_STATUS_OFF_TARGET, NULL, 0);
  kpi->touchpoint_id = FIX_TP_3;
  wm_map_layout_update_kpis (layout, &damage);
  card = wm_map_layout_lookup_card (layout, FIX_TP_3);
  g_assert_true (wm_map_rect_contains (&damage, card->rect.x + 1, card->rect.y + 1));
  g_assert_true (wm_map_rect_contains (&damage, card->rect.x + card->rect.width - 1,
                                       card->rect.y + card->rect.height + 4));

  wm_map_layout_get_size (layout, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (w), (int) ceil (h));
  cr = cairo_create (surface);
  wm_map_render_draw (layout, cr, &options, NULL);
  cairo_destroy (cr);
  /* The chip sits on the card's bottom edge, at its right. */
  for (int x = (int) (card->rect.x + card->rect.width / 2);
       x < (int) (card->rect.x + card->rect.width) && found != expected; x++)
    found = pixel (surface, x, (int) (card->rect.y + card->rect.height));
  g_assert_cmphex (found, ==, expected);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/map/layout/geometry", test_geometry);
  g_test_add_func ("/waymark/map/layout/curves", test_curves);
  g_test_add_func ("/waymark/map/layout/hit-test", test_hit_test);
  g_test_add_func ("/waymark/map/layout/hit-test-view", test_hit_test_view);
  g_test_add_func ("/waymark/map/layout/incremental", test_incremental);
  g_test_add_func ("/waymark/map/layout/cell-grows", test_cell_grows);
  g_test_add_func ("/waymark/map/layout/kpis", test_kpis);
  g_test_add_func ("/waymark/map/layout/empty", test_empty);
  g_test_add_func ("/waymark/map/render/card-kpi", test_card_kpi);
  g_test_add_func ("/waymark/map/render/clip", test_render_clip);

  return wm_map_fixture_run ();
}
