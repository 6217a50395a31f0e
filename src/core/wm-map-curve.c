/* wm-map-curve.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <math.h>

#include "wm-map-draw-private.h"

/* The emotion curves of a map: one per persona, through the feeling of each
 * touchpoint, and the as-is curve under a to-be map's. On a screen with a
 * raster cache an as-is curve is drawn as tiles of pixels, each a piece of
 * the cache, so scrolling copies it rather than stroking it again. */

/* Short, as everywhere in the renderer. */
typedef WmMapDraw Ctx;

/* Curves: Catmull-Rom through the points, as Bézier segments. */
static void
curve_path (cairo_t      *cr,
            GArray       *points,
            guint         first,
            guint         last)
{
  for (guint i = first; i < last; i++)
    {
      const WmMapCurvePoint *p1 = &g_array_index (points, WmMapCurvePoint, i);
      const WmMapCurvePoint *p0 = i > 0 ? p1 - 1 : p1;
      const WmMapCurvePoint *p2 = i + 1 < points->len ? p1 + 1 : p1;
      const WmMapCurvePoint *p3 = i + 2 < points->len ? p1 + 2 : p2;

      if (i == first)
        cairo_move_to (cr, p1->x, p1->y);
      if (p2 == p1)
        break;
      /* Tension 1/6 keeps the curve inside −3 … +3 between even points. */
      cairo_curve_to (cr, p1->x + (p2->x - p0->x) / 6, p1->y + (p2->y - p0->y) / 6,
                      p2->x - (p3->x - p1->x) / 6, p2->y - (p3->y - p1->y) / 6,
                      p2->x, p2->y);
    }
}

static void
visible_points (Ctx    *ctx,
                GArray *points,
                guint  *first,
                guint  *last)
{
  guint lo = 0, hi = points->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (points, WmMapCurvePoint, mid).x < ctx->clip.x)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo > 0 ? lo - 1 : 0;
  for (hi = lo; hi < points->len
       && g_array_index (points, WmMapCurvePoint, hi).x <= ctx->clip.x + ctx->clip.width; hi++)
    ;
  *last = MIN (hi + 1, points->len);
}

typedef struct
{
  gboolean   star;    /* a moment that matters */
  double     radius;
  WmMapColor color;
} CurveMarker;

/* A point of a curve, centred on (0, 0). */
static void
draw_curve_marker (Ctx           *ctx,
                   gconstpointer  data)
{
  const CurveMarker *marker = data;
  cairo_t *cr = ctx->cr;

  if (marker->star)
    {
      wm_map_star (cr, 0, 0, 11);
      wm_map_set_color (cr, &ctx->palette->moment);
      cairo_fill_preserve (cr);
      wm_map_set_color (cr, &ctx->palette->card);
      cairo_set_line_width (cr, 1.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      return;
    }
  cairo_arc (cr, 0, 0, marker->radius, 0, 2 * G_PI);
  wm_map_set_color (cr, &ctx->palette->card);
  cairo_fill (cr);
  wm_map_circle_ring (cr, 0, 0, marker->radius, 2);
  wm_map_set_color (cr, &marker->color);
  wm_map_fill_ring (cr);
}

/* Curve strokes on a screen with a cache: the stroke cut into tiles of
 * CURVE_TILE device pixels along the map (fixed to map x, so scrolling
 * reuses them), each rasterised once and copied after. A tile's pixels are
 * the stroke's own there: it strokes every segment that reaches it, and a
 * tile ends on a pixel edge. Its key names the points it depends on, so an
 * edited point redraws only the tiles around it. */
#define CURVE_TILE 64

static guint64
hash_points (GArray *points,
             guint   from,
             guint   to)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (guint i = from; i < to; i++)
    {
      const WmMapCurvePoint *point = &g_array_index (points, WmMapCurvePoint, i);
      const double xy[2] = { point->x, point->y };
      const guchar *bytes = (const guchar *) xy;

      for (guint b = 0; b < sizeof xy; b++)
        hash = (hash ^ bytes[b]) * G_GUINT64_CONSTANT (1099511628211);
    }

  return hash;
}

/* The first point at or after map x @x. */
static guint
point_at (GArray *points,
          double  x)
{
  guint lo = 0, hi = points->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (points, WmMapCurvePoint, mid).x < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Strokes @curve as set up on the context (colour, width, joins, the
 * persona's offset) from cached tiles; FALSE when it cannot. */
static gboolean
stroke_curve_tiles (Ctx              *ctx,
                    const WmMapCurve *curve,
                    const WmMapColor *color,
                    double            width)
{
  GArray *points = curve->points;
  cairo_matrix_t m;
  double ds_x, ds_y, sx, sy, fx, fy, u0, u1;
  int px, py;
  guint8 phase_x, phase_y;
  /* Segments this far past a tile's ends still reach into it (a round
   * join's half width, the curve's bulge within one segment is drawn whole). */
  double margin = width + 2;

  if (points->len < 2 || !wm_map_pieces_begin (ctx->cache, ctx->cr, &m, &ds_x, &ds_y, &sx, &sy))
    return FALSE;
  phase_x = wm_map_pixel_phase (m.x0 * ds_x, 16, &px);
  phase_y = wm_map_pixel_phase (m.y0 * ds_y, 16, &py);
  fx = phase_x / 16.0;
  fy = phase_y / 16.0;
  u0 = ctx->clip.x * sx + fx;
  u1 = (ctx->clip.x + ctx->clip.width) * sx + fx;

  for (int k = (int) floor (u0 / CURVE_TILE); k * (double) CURVE_TILE < u1; k++)
    {
      double xa = (k * (double) CURVE_TILE - fx) / sx;
      double xb = ((k + 1) * (double) CURVE_TILE - fx) / sx;
      guint i0 = point_at (points, xa - margin);
      guint i1 = point_at (points, xb + margin);
      double ymin = G_MAXDOUBLE, ymax = -G_MAXDOUBLE;
      char key[160];
      WmMapPiece *piece;

      /* From the last point before the tile to the first after it. */
      i0 = i0 > 0 ? i0 - 1 : 0;
      i1 = MIN (i1, points->len - 1);
      if (i1 <= i0)
        continue;
      /* The segments' control points hold them (a Bézier keeps to their hull). */
      for (guint i = (i0 > 0 ? i0 - 1 : 0); i <= MIN (i1 + 1, points->len - 1); i++)
        {
          double y = g_array_index (points, WmMapCurvePoint, i).y;

          ymin = MIN (ymin, y);
          ymax = MAX (ymax, y);
        }
      ymin -= (ymax - ymin) / 6 + width;
      ymax += (ymax - ymin) / 6 + width;

      g_snprintf (key, sizeof key, "curve %p %a %a %a %g %d %u %u %" G_GINT64_MODIFIER "x",
                  (gconstpointer) ctx->palette, color->red, color->green, color->blue, width, k,
                  i0, i1, hash_points (points, i0 > 0 ? i0 - 1 : 0,
                                       MIN (i1 + 2, points->len)));
      piece = wm_map_pieces_lookup (ctx->cache, key, phase_x, phase_y);
      if (piece == NULL)
        {
          int top = (int) floor (ymin * sy + fy);
          int bottom = (int) ceil (ymax * sy + fy);
          cairo_t *cr = wm_map_pieces_add (ctx->cache, ctx->cr, key, phase_x, phase_y, k * CURVE_TILE, top,
                                   CURVE_TILE, bottom - top, &piece);

          cairo_translate (cr, fx - k * CURVE_TILE, fy - top);
          cairo_scale (cr, sx, sy);
          curve_path (cr, points, i0, i1);
          wm_map_set_color (cr, color);
          cairo_set_line_width (cr, width);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_stroke (cr);
          cairo_destroy (cr);
          cairo_surface_flush (piece->surface);
          wm_map_piece_trim (piece);
        }
      wm_map_piece_paint (ctx->cr, piece, px, py, ds_x, ds_y);
    }

  return TRUE;
}

void
wm_map_draw_curve (Ctx              *ctx,
                   const WmMapCurve *curve,
                   guint             index,
                   guint             n_persona_curves)
{
  cairo_t *cr = ctx->cr;
  WmMapPersona *persona = wm_map_model_get_persona (ctx->model, curve->persona_id);
  WmMapColor color = ctx->palette->accent;
  guint first, last;
  const double to_be_dash[] = { 10, 5 };
  const double as_is_dash[] = { 2, 4 };
  /* Spread several personas' curves a little so equal values stay visible. */
  double offset = n_persona_curves > 1 ? (index - (n_persona_curves - 1) / 2.0) * 3 : 0;

  if (curve->points->len == 0)
    return;
  visible_points (ctx, curve->points, &first, &last);
  if (first >= last)
    return;

  if (persona != NULL)
    wm_map_persona_color (persona, &color);
  if (curve->comparison)
    color = ctx->palette->neutral;

  cairo_save (cr);
  cairo_translate (cr, 0, offset);
  /* As-is solid, to-be dashed (a plan), the as-is shown under a to-be
   * dotted. Dashes start where the path does: those are drawn in place. */
  if (ctx->cache == NULL || curve->comparison || ctx->model->to_be
      || !stroke_curve_tiles (ctx, curve, &color, 3))
    {
      curve_path (cr, curve->points, first, last - 1);
      wm_map_set_color (cr, &color);
      cairo_set_line_width (cr, curve->comparison ? 2 : 3);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      if (curve->comparison)
        cairo_set_dash (cr, as_is_dash, 2, 0);
      else if (ctx->model->to_be)
        cairo_set_dash (cr, to_be_dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  for (guint i = first; i < last; i++)
    {
      const WmMapCurvePoint *point = &g_array_index (curve->points, WmMapCurvePoint, i);
      WmMapTouchpoint *tp = wm_map_model_get_touchpoint (ctx->model, point->touchpoint_id);
      CurveMarker marker = { tp != NULL && tp->moment_that_matters && !curve->comparison,
                             curve->comparison ? 3 : 5, color };
      WmMapRect extents = { -14, -14, 28, 28 };
      g_autofree char *key = NULL;

      if (wm_map_draw_wants_keys (ctx))
        key = g_strdup_printf ("marker %p %d %g %a %a %a", (gconstpointer) ctx->palette,
                               marker.star, marker.radius, color.red, color.green, color.blue);
      wm_map_draw_stamp (ctx, key, &extents, point->x, point->y, draw_curve_marker, &marker);
    }
  cairo_restore (cr);
}
