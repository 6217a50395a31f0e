/* wm-map-render.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm-map-draw-private.h"
#include "wm-map-render.h"

/* Draws what the layout placed. Every call draws only what meets its clip,
 * found by slot, stage and lane index, so a viewport of a huge map costs
 * what the viewport shows. The emotion curves are drawn by wm-map-curve.c,
 * and a screen's pieces kept by wm-map-pieces.c. */

/* Short, as everywhere in the renderer. */
typedef WmMapDraw Ctx;

/* A file keeps curves as curves, so cairo's tolerance (how finely it
 * flattens them) only decides how closely a PDF writer works out each
 * stroke's outline for its own bookkeeping, which is most of what a stroke
 * costs it; the file is the same at any tolerance. Screens keep cairo's. */
#define VECTOR_TOLERANCE 1.0

/* Palettes */

#define RGB(hex, a) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                      ((hex) & 0xff) / 255.0, (a) }

static const WmMapPalette palettes[] = {
  [WM_MAP_THEME_LIGHT] = {
    .background = RGB (0xf6f6f8, 1), .grid = RGB (0x000000, 0.09),
    .header = RGB (0xffffff, 1), .header_text = RGB (0x1f2328, 1),
    .label = RGB (0xeeeff2, 1), .label_text = RGB (0x2e3436, 1),
    .band = RGB (0x000000, 0.018),
    .card = RGB (0xffffff, 1), .card_text = RGB (0x1f2328, 1),
    .card_dim_text = RGB (0x5e6570, 1), .card_border = RGB (0x000000, 0.12),
    .shadow = RGB (0x1f2328, 0.10),
    .accent = RGB (0x3584e4, 1), .positive = RGB (0x26a269, 1), .neutral = RGB (0x9a9996, 1),
    .negative = RGB (0xe01b24, 1), .warning = RGB (0xe66100, 1), .danger = RGB (0xc01c28, 1),
    .moment = RGB (0x9141ac, 1), .note = RGB (0xffffff, 0.85),
  },
  [WM_MAP_THEME_DARK] = {
    .background = RGB (0x1e1e20, 1), .grid = RGB (0xffffff, 0.09),
    .header = RGB (0x2a2a2e, 1), .header_text = RGB (0xf6f5f4, 1),
    .label = RGB (0x26262a, 1), .label_text = RGB (0xdeddda, 1),
    .band = RGB (0xffffff, 0.025),
    .card = RGB (0x36363a, 1), .card_text = RGB (0xffffff, 1),
    .card_dim_text = RGB (0xb0b0b8, 1), .card_border = RGB (0xffffff, 0.10),
    .shadow = RGB (0x000000, 0.35),
    .accent = RGB (0x78aeed, 1), .positive = RGB (0x57e389, 1), .neutral = RGB (0x9a9996, 1),
    .negative = RGB (0xff7b63, 1), .warning = RGB (0xffa348, 1), .danger = RGB (0xff6464, 1),
    .moment = RGB (0xdc8add, 1), .note = RGB (0x303034, 0.9),
  },
  [WM_MAP_THEME_HIGH_CONTRAST] = {
    .background = RGB (0xffffff, 1), .grid = RGB (0x000000, 0.6),
    .header = RGB (0xffffff, 1), .header_text = RGB (0x000000, 1),
    .label = RGB (0xffffff, 1), .label_text = RGB (0x000000, 1),
    .band = RGB (0x000000, 0),
    .card = RGB (0xffffff, 1), .card_text = RGB (0x000000, 1),
    .card_dim_text = RGB (0x000000, 1), .card_border = RGB (0x000000, 1),
    .shadow = RGB (0x000000, 0),
    .accent = RGB (0x0b4faa, 1), .positive = RGB (0x0b6e3c, 1), .neutral = RGB (0x404040, 1),
    .negative = RGB (0xa50d12, 1), .warning = RGB (0x8a3a00, 1), .danger = RGB (0xa50d12, 1),
    .moment = RGB (0x5c1f73, 1), .note = RGB (0xffffff, 1),
    .high_contrast = TRUE,
  },
};

/* Persona colours when a persona has none: GNOME palette, picked by id. */
static const guint32 persona_colors[] = {
  0x3584e4, 0xe66100, 0x2ec27e, 0x9141ac, 0xc64600, 0x1c71d8, 0xa51d2d, 0x865e3c,
};

/* Helpers */

static void
set_color_alpha (cairo_t          *cr,
                 const WmMapColor *color,
                 double            alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* @over at @alpha laid on the opaque @under, as one opaque colour: large
 * areas are then filled once and without blending, which is what makes a
 * viewport cheap to draw. */
static WmMapColor
blend (const WmMapColor *over,
       double            alpha,
       const WmMapColor *under)
{
  double a = over->alpha * alpha;

  return (WmMapColor) { over->red * a + under->red * (1 - a),
                        over->green * a + under->green * (1 - a),
                        over->blue * a + under->blue * (1 - a), 1 };
}

static gboolean
is_vector (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG
         || type == CAIRO_SURFACE_TYPE_PS;
}

/* Stamps. A PDF writes every number of every path as text, and 1,000 cards
 * repeat the same frames, channel glyphs, faces and marks: on a PDF target
 * each such piece is recorded once (a form XObject in the file) and every
 * card places it, so the file holds each piece once and each card costs a
 * few bytes. The pieces are the same vector paths, and text in them stays
 * text. The stamps live as long as the target surface. */

static const cairo_user_data_key_t stamps_key;

static GHashTable *
target_stamps (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  GHashTable *stamps;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_PDF)
    return NULL;

  stamps = cairo_surface_get_user_data (target, &stamps_key);
  if (stamps == NULL)
    {
      stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) cairo_surface_destroy);
      if (cairo_surface_set_user_data (target, &stamps_key, stamps,
                                       (cairo_destroy_func_t) g_hash_table_unref)
          != CAIRO_STATUS_SUCCESS)
        {
          g_hash_table_unref (stamps);
          return NULL;
        }
    }

  return stamps;
}

/* Draws @func at (@x, @y) from the cache, rasterising it first if the cache
 * lacks it. FALSE when it cannot (a rotated or huge piece): the caller
 * draws in place. */
static gboolean
raster_stamp (Ctx             *ctx,
              const char      *key,
              const WmMapRect *extents,
              double           x,
              double           y,
              WmMapStampFunc   func,
              gconstpointer    data)
{
  cairo_matrix_t m;
  double ds_x, ds_y, sx, sy, pixels;
  int px, py, steps;
  guint8 phase_x, phase_y;
  WmMapPiece *piece;

  if (!wm_map_pieces_begin (ctx->cache, ctx->cr, &m, &ds_x, &ds_y, &sx, &sy))
    return FALSE;
  pixels = extents->width * sx * extents->height * sy;
  if (pixels > WM_MAP_PIECE_MAX_PIXELS)
    return FALSE;
  steps = WM_MAP_PHASE_STEPS (pixels);

  phase_x = wm_map_pixel_phase ((m.xx * x + m.x0) * ds_x, steps, &px);
  phase_y = wm_map_pixel_phase ((m.yy * y + m.y0) * ds_y, steps, &py);
  piece = wm_map_pieces_lookup (ctx->cache, key, phase_x, phase_y);
  if (piece == NULL)
    {
      double ox = (double) phase_x / steps;
      double oy = (double) phase_y / steps;
      int left = (int) floor (extents->x * sx + ox);
      int top = (int) floor (extents->y * sy + oy);
      int right = (int) ceil ((extents->x + extents->width) * sx + ox);
      int bottom = (int) ceil ((extents->y + extents->height) * sy + oy);
      Ctx sub = *ctx;

      /* The piece in device pixels, its anchor where it falls in its pixel. */
      sub.cr = wm_map_pieces_add (ctx->cache, ctx->cr, key, phase_x, phase_y, left, top,
                                  right - left, bottom - top, &piece);
      cairo_translate (sub.cr, ox - left, oy - top);
      cairo_scale (sub.cr, sx, sy);
      sub.clip = *extents;
      sub.cache = NULL;
      func (&sub, data);
      cairo_destroy (sub.cr);
      cairo_surface_flush (piece->surface);
    }
  wm_map_piece_paint (ctx->cr, piece, px, py, ds_x, ds_y);

  return TRUE;
}

/* Draws @func at (@x, @y): in place; or on a PDF as the stamp @key (which
 * must name everything @func draws) recorded once within @extents, relative
 * to (@x, @y); or on a screen with a cache, as that piece's pixels. @key
 * NULL: in place. */
void
wm_map_draw_stamp (Ctx             *ctx,
                   const char      *key,
                   const WmMapRect *extents,
                   double           x,
                   double           y,
                   WmMapStampFunc   func,
                   gconstpointer    data)
{
  cairo_surface_t *surface;

  if (key != NULL && ctx->cache != NULL
      && raster_stamp (ctx, key, extents, x, y, func, data))
    return;

  if (ctx->stamps == NULL || key == NULL)
    {
      cairo_save (ctx->cr);
      cairo_translate (ctx->cr, x, y);
      func (ctx, data);
      cairo_restore (ctx->cr);
      return;
    }

  surface = g_hash_table_lookup (ctx->stamps, key);
  if (surface == NULL)
    {
      cairo_rectangle_t rect = { extents->x, extents->y, extents->width, extents->height };
      Ctx sub = *ctx;

      surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &rect);
      sub.cr = cairo_create (surface);
      cairo_set_tolerance (sub.cr, VECTOR_TOLERANCE);
      sub.clip = *extents;
      sub.stamps = NULL;
      func (&sub, data);
      cairo_destroy (sub.cr);
      g_hash_table_insert (ctx->stamps, g_strdup (key), surface);
    }

  cairo_set_source_surface (ctx->cr, surface, x, y);
  cairo_paint (ctx->cr);
}

/* Whether stamps need their keys: on a PDF, or with a cache. */
gboolean
wm_map_draw_wants_keys (Ctx *ctx)
{
  return ctx->stamps != NULL || ctx->cache != NULL;
}

static void
show_text (Ctx              *ctx,
           WmMapFont         font,
           const char       *text,
           double            x,
           double            y,
           double            width,
           int               max_lines,
           const WmMapColor *color)
{
  PangoLayout *layout;

  if (text == NULL || text[0] == '\0')
    return;

  layout = wm_map_layout_get_text (ctx->layout, font, text, width, max_lines);
  wm_map_set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, layout);
  /* The move leaves a current point that the next arc would join with a line. */
  cairo_new_path (ctx->cr);
}

static double
text_width (Ctx        *ctx,
            WmMapFont   font,
            const char *text)
{
  PangoLayout *layout = wm_map_layout_get_text (ctx->layout, font, text, -1, 0);
  int width;

  pango_layout_get_size (layout, &width, NULL);

  return (double) width / PANGO_SCALE;
}

/* How wide @text's lines are, laid out so (0 for no text). */
static double
lines_width (Ctx        *ctx,
             WmMapFont   font,
             const char *text,
             double      width,
             int         max_lines)
{
  PangoRectangle logical;

  if (text == NULL || text[0] == '\0')
    return 0;
  pango_layout_get_extents (wm_map_layout_get_text (ctx->layout, font, text, width, max_lines),
                            NULL, &logical);

  return (double) (logical.x + logical.width) / PANGO_SCALE;
}

static void
chip (Ctx              *ctx,
      const char       *text,
      double            x,
      double            y,
      const WmMapColor *color,
      gboolean          right_aligned)
{
  double w = text_width (ctx, WM_MAP_FONT_SMALL, text) + 12;
  WmMapColor white = { 1, 1, 1, 1 };

  if (right_aligned)
    x -= w;
  wm_map_rounded_rect (ctx->cr, x, y, w, 18, 9);
  wm_map_set_color (ctx->cr, color);
  cairo_fill (ctx->cr);
  show_text (ctx, WM_MAP_FONT_SMALL, text, x + 6, y + 2, -1, 0,
             ctx->palette->high_contrast ? &ctx->palette->card : &white);
}

/* A horizontal or vertical line of @width with butt ends, as the rectangle
 * a stroke would paint: a fill is cheaper to write and to check. */
static void
grid_line (cairo_t *cr,
           double   x0,
           double   y0,
           double   x1,
           double   y1,
           double   width)
{
  if (y0 == y1)
    cairo_rectangle (cr, MIN (x0, x1), y0 - width / 2, fabs (x1 - x0), width);
  else
    cairo_rectangle (cr, x0 - width / 2, MIN (y0, y1), width, fabs (y1 - y0));
  cairo_fill (cr);
}

static gboolean
visible (Ctx             *ctx,
         const WmMapRect *rect)
{
  return wm_map_rect_intersects (&ctx->clip, rect);
}

/* The stages meeting [x0, x1). */
static void
stage_range (Ctx    *ctx,
             double  x0,
             double  x1,
             guint  *first,
             guint  *last)
{
  guint n = wm_map_layout_get_n_stages (ctx->layout);
  guint lo = 0;
  guint hi = n;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const WmMapStageBox *stage = wm_map_layout_get_stage (ctx->layout, mid);

      if (stage->header.x + stage->header.width <= x0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  for (hi = lo; hi < n && wm_map_layout_get_stage (ctx->layout, hi)->header.x < x1; hi++)
    ;
  *last = hi;
}

static void
slot_range (Ctx   *ctx,
            guint *first,
            guint *last)
{
  guint s0, s1;
  const WmMapStageBox *a, *b;

  stage_range (ctx, ctx->clip.x - WM_MAP_SLOT_WIDTH, ctx->clip.x + ctx->clip.width
               + WM_MAP_SLOT_WIDTH, &s0, &s1);
  if (s0 >= s1)
    {
      *first = *last = 0;
      return;
    }
  a = wm_map_layout_get_stage (ctx->layout, s0);
  b = wm_map_layout_get_stage (ctx->layout, s1 - 1);
  *first = a->first_slot;
  *last = MIN (b->first_slot + b->n_slots, wm_map_layout_get_n_cards (ctx->layout));

  /* Within the stages, only the slots near the clip. */
  while (*first < *last
         && wm_map_layout_get_card (ctx->layout, *first)->rect.x + WM_MAP_SLOT_WIDTH < ctx->clip.x)
    (*first)++;
  while (*last > *first
         && wm_map_layout_get_card (ctx->layout, *last - 1)->rect.x - WM_MAP_SLOT_WIDTH
            > ctx->clip.x + ctx->clip.width)
    (*last)--;
}

static const WmMapColor *
risk_color (const WmMapPalette *palette,
            WmDropoutRisk       risk)
{
  switch (risk)
    {
    case WM_RISK_HIGH:
      return &palette->danger;
    case WM_RISK_MEDIUM:
      return &palette->warning;
    case WM_RISK_LOW:
    case WM_RISK_NONE:
    default:
      return &palette->neutral;
    }
}

static const WmMapColor *
status_color (const WmMapPalette *palette,
              WmKpiStatus         status)
{
  switch (status)
    {
    case WM_KPI_STATUS_ON_TARGET:
      return &palette->positive;
    case WM_KPI_STATUS_WARNING:
      return &palette->warning;
    case WM_KPI_STATUS_OFF_TARGET:
      return &palette->negative;
    case WM_KPI_STATUS_UNKNOWN:
    default:
      return &palette->neutral;
    }
}

static void
lane_tint (const WmMapPalette *palette,
           WmLaneKind          kind,
           WmMapColor         *color)
{
  switch (kind)
    {
    case WM_LANE_PAIN_POINTS:
      *color = palette->negative;
      break;
    case WM_LANE_OPPORTUNITIES:
      *color = palette->positive;
      break;
    case WM_LANE_BACKSTAGE:
      *color = palette->accent;
      break;
    case WM_LANE_KPI:
      *color = palette->moment;
      break;
    case WM_LANE_TOUCHPOINTS:
    case WM_LANE_TEXT:
    case WM_LANE_EMOTION:
    default:
      *color = palette->neutral;
      break;
    }
}

static const char *
lane_kind_to_string (WmLaneKind kind)
{
  const WmChoice *choices = wm_column_get_choices (WM_LANE_KIND);

  return wm_column_choice_label (WM_LANE_KIND, choices[kind].value);
}

/* Cards */

static void
draw_card_shadow (Ctx             *ctx,
                  const WmMapRect *r)
{
  /* A soft shadow from three widening layers: cheap, and vector in PDF. */
  if (ctx->palette->high_contrast)
    return;
  /* Files get one layer: the same look in print, a third of the paths. */
  for (int i = ctx->vector ? 1 : 3; i >= 1; i--)
    {
      wm_map_rounded_rect (ctx->cr, r->x - i + 0.5, r->y - i + 2.5, r->width + 2 * i - 1,
                    r->height + 2 * i - 1, WM_MAP_CARD_RADIUS + i);
      set_color_alpha (ctx->cr, &ctx->palette->shadow, 0.35);
      cairo_fill (ctx->cr);
    }
}

static void
draw_evidence (Ctx        *ctx,
               WmEvidence  evidence,
               double      cx,
               double      cy)
{
  cairo_t *cr = ctx->cr;

  wm_map_set_color (cr, &ctx->palette->card_dim_text);
  switch (evidence)
    {
    case WM_EVIDENCE_OBSERVED:
      cairo_arc (cr, cx, cy, 4.5, 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case WM_EVIDENCE_PROPOSED:
      {
        const double dash[] = { 2, 2 };

        cairo_arc (cr, cx, cy, 4.5, 0, 2 * G_PI);
        cairo_set_line_width (cr, 1.4);
        cairo_set_dash (cr, dash, 2, 0);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
      }
      break;
    case WM_EVIDENCE_ASSUMED:
    default:
      wm_map_circle_ring (cr, cx, cy, 4.5, 1.4);
      wm_map_fill_ring (cr);
      break;
    }
}

typedef struct
{
  WmMapTouchpoint    *tp;
  WmMapChannel       *channel;
  double              width;
  double              height;
} CardPiece;

/* The card's frame, channel and evidence mark, at (0, 0). */
static void
draw_card_top (Ctx           *ctx,
               gconstpointer  data)
{
  const CardPiece *piece = data;
  cairo_t *cr = ctx->cr;
  const WmMapPalette *palette = ctx->palette;
  WmMapTouchpoint *tp = piece->tp;
  WmMapChannel *channel = piece->channel;
  const WmMapRect rect = { 0, 0, piece->width, piece->height };
  const WmMapRect *r = &rect;
  double inner = r->width - 24;
  double x = r->x + 12;

  draw_card_shadow (ctx, r);
  if (tp->moment_that_matters && !palette->high_contrast)
    {
      wm_map_rounded_rect (cr, r->x - 4, r->y - 4, r->width + 8, r->height + 8,
                           WM_MAP_CARD_RADIUS + 4);
      set_color_alpha (cr, &palette->moment, 0.16);
      cairo_fill (cr);
    }
  wm_map_rounded_rect (cr, r->x, r->y, r->width, r->height, WM_MAP_CARD_RADIUS);
  wm_map_set_color (cr, &palette->card);
  cairo_fill (cr);
  wm_map_rounded_rect_ring (cr, r->x, r->y, r->width, r->height, WM_MAP_CARD_RADIUS,
                            tp->moment_that_matters ? 2 : palette->high_contrast ? 1.5 : 1);
  wm_map_set_color (cr, tp->moment_that_matters ? &palette->moment : &palette->card_border);
  wm_map_fill_ring (cr);

  /* Channel: glyph in a tinted disc, then its name. */
  {
    WmMapColor tint = channel != NULL && channel->kind == WM_CHANNEL_ANALOG ? palette->warning
                      : channel != NULL && channel->kind == WM_CHANNEL_HYBRID ? palette->moment
                      : palette->accent;

    WmMapColor disc = blend (&tint, 0.14, &palette->card);

    if (!palette->high_contrast)
      {
        cairo_arc (cr, x + 11, r->y + 22, 11, 0, 2 * G_PI);
        wm_map_set_color (cr, &disc);
        cairo_fill (cr);
      }
    wm_map_render_channel_icon (cr, channel, x + 11, r->y + 22, 14, &tint);
    show_text (ctx, WM_MAP_FONT_SMALL,
               channel != NULL ? channel->name : C_("channel", "No channel"),
               x + 28, r->y + 15, inner - 28 - 14, 1, &palette->card_dim_text);
  }

  draw_evidence (ctx, tp->evidence, r->x + r->width - 14, r->y + 22);
}

/* What the card says of the feeling, at (0, 0): a bar along the top edge,
 * and the bottom row (the feeling, then what stands out). Apart from the
 * frame, so that the file holds few different pieces. */
static void
draw_card_feeling (Ctx           *ctx,
                   gconstpointer  data)
{
  const CardPiece *piece = data;
  cairo_t *cr = ctx->cr;
  const WmMapPalette *palette = ctx->palette;
  WmMapTouchpoint *tp = piece->tp;
  const WmMapRect rect = { 0, 0, piece->width, piece->height };
  const WmMapRect *r = &rect;
  WmMapColor emotion_color;
  WmMapColor ink = palette->card;
  double x = 12;
  double by = piece->height - 20;
  g_autofree char *number = wm_analysis_format_emotion (tp->emotion, 0);

  wm_map_palette_emotion_color (palette, tp->emotion, &emotion_color);

  /* A bar along the top edge, its corners following the card's. */
  {
    double rr = WM_MAP_CARD_RADIUS;

    cairo_new_sub_path (cr);
    cairo_arc (cr, r->x + r->width - rr, r->y + rr, rr, -G_PI / 2, -G_PI / 2 + 0.52);
    cairo_line_to (cr, r->x + r->width - rr + rr * sin (0.52) , r->y + 4);
    cairo_line_to (cr, r->x + rr - rr * sin (0.52), r->y + 4);
    cairo_arc (cr, r->x + rr, r->y + rr, rr, -G_PI / 2 - 0.52, -G_PI / 2);
    cairo_close_path (cr);
    wm_map_set_color (cr, &emotion_color);
    cairo_fill (cr);
  }

  wm_map_emotion_face (cr, x + 8, by, 8, tp->emotion, &emotion_color, &ink);
  show_text (ctx, WM_MAP_FONT_SMALL, tp->emotion == 0 ? "0" : number, x + 20, by - 7, -1, 0,
             &palette->card_dim_text);

  if (tp->moment_that_matters)
    {
      wm_map_star (cr, x + 48, by, 8);
      wm_map_set_color (cr, &palette->moment);
      cairo_fill (cr);
      if (tp->dropout_risk != WM_RISK_NONE)
        {
          g_autofree char *risk = g_strdup_printf (C_("card", "%s risk"),
                                                   wm_dropout_risk_to_string (tp->dropout_risk));

          chip (ctx, risk, piece->width - 10, by - 9, risk_color (palette, tp->dropout_risk),
                TRUE);
        }
    }
}

/* A card's brand-voice findings on its top right corner, when the caller
 * checked them and shows them; coloured as the worst, so that an error
 * stands out from advice. */
static void
draw_findings_badge (Ctx                *ctx,
                     const WmMapCardBox *box)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (ctx->model, box->touchpoint_id);
  const WmMapPalette *palette = ctx->palette;
  const WmMapRect *r = &box->rect;
  g_autofree char *count = NULL;
  double w;

  if (tp == NULL || !ctx->options->show_findings || tp->findings <= 0)
    return;

  count = g_strdup_printf ("%d", tp->findings);
  w = MAX (18, text_width (ctx, WM_MAP_FONT_SMALL, count) + 10);
  wm_map_rounded_rect (ctx->cr, r->x + r->width - w / 2 - 2, r->y - 7, w, 18, 9);
  wm_map_set_color (ctx->cr, tp->findings_severity == WM_VOICE_SEVERITY_ERROR ? &palette->danger
                             : tp->findings_severity == WM_VOICE_SEVERITY_WARNING
                             ? &palette->warning : &palette->accent);
  cairo_fill (ctx->cr);
  show_text (ctx, WM_MAP_FONT_SMALL, count,
             r->x + r->width - w / 2 - 2 + (w - text_width (ctx, WM_MAP_FONT_SMALL, count)) / 2,
             r->y - 5, -1, 0, &palette->card);
}

static void
draw_card (Ctx                *ctx,
           const WmMapCardBox *box)
{
  const WmMapPalette *palette = ctx->palette;
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (ctx->model, box->touchpoint_id);
  const WmMapRect *r = &box->rect;
  CardPiece piece;
  WmMapRect extents = { -12, -12, r->width + 24, r->height + 24 };
  WmComparison *comparison = wm_map_layout_get_comparison (ctx->layout);
  g_autofree char *key = NULL;

  if (tp == NULL)
    return;
  piece = (CardPiece) { tp, wm_map_model_get_channel (ctx->model, tp->channel_id), r->width,
                        r->height };

  if (wm_map_draw_wants_keys (ctx))
    key = g_strdup_printf ("card-frame %p %g %g %d %d %d %s %s", (gconstpointer) palette,
                           r->width, r->height, tp->evidence, tp->moment_that_matters,
                           piece.channel != NULL ? (int) piece.channel->kind : -1,
                           piece.channel != NULL ? piece.channel->key : "",
                           piece.channel != NULL ? piece.channel->name : "");
  wm_map_draw_stamp (ctx, key, &extents, r->x, r->y, draw_card_top, &piece);

  show_text (ctx, WM_MAP_FONT_TITLE, tp->title, r->x + 12, r->y + 40, r->width - 24, 3,
             &palette->card_text);

  if (wm_map_draw_wants_keys (ctx))
    {
      g_free (key);
      key = g_strdup_printf ("card-feeling %p %g %g %d %d %d", (gconstpointer) palette,
                             r->width, r->height, tp->emotion, tp->moment_that_matters,
                             tp->moment_that_matters ? (int) tp->dropout_risk : 0);
    }
  wm_map_draw_stamp (ctx, key, &extents, r->x, r->y, draw_card_feeling, &piece);

  /* Comparison with the as-is journey. */
  if (comparison != NULL)
    {
      const WmComparisonItem *item = wm_comparison_lookup_to_be (comparison, tp->id);

      if (item != NULL && item->kind != WM_COMPARISON_UNCHANGED
          && wm_comparison_matched_any (comparison))
        chip (ctx, wm_comparison_kind_to_string (item->kind), r->x + r->width - 26, r->y - 9,
              item->kind == WM_COMPARISON_ADDED ? &palette->positive : &palette->accent, TRUE);
    }

  /* The KPIs shown on this touchpoint: their values in chips on the
   * bottom edge, coloured by status, the first at the right. */
  {
    double right = r->x + r->width - 10;

    for (guint i = 0; i < ctx->model->kpis->len; i++)
      {
        const WmMapKpi *kpi = g_ptr_array_index (ctx->model->kpis, i);

        if (kpi->touchpoint_id != tp->id)
          continue;
        chip (ctx, kpi->value_text, right, r->y + r->height - 9,
              status_color (palette, kpi->status), TRUE);
        right -= text_width (ctx, WM_MAP_FONT_SMALL, kpi->value_text) + 16;
        if (right < r->x + 40)
          break;
      }
  }

  draw_findings_badge (ctx, box);
}

typedef struct
{
  const WmChannelSwitch *item;
  double                 radius;
} SwitchPiece;

/* A switch mark centred on (0, 0). */
static void
draw_switch_mark (Ctx           *ctx,
                  gconstpointer  data)
{
  cairo_t *cr = ctx->cr;
  const SwitchPiece *piece = data;
  const WmChannelSwitch *item = piece->item;
  const WmMapColor *color = (item->risks & WM_SWITCH_RISK_CONTEXT_LOST) ? &ctx->palette->danger
                            : (item->risks & WM_SWITCH_RISK_DIGITAL_ANALOG) ? &ctx->palette->warning
                            : &ctx->palette->neutral;
  double r = piece->radius;

  cairo_arc (cr, 0, 0, r, 0, 2 * G_PI);
  wm_map_set_color (cr, &ctx->palette->card);
  cairo_fill (cr);
  wm_map_circle_ring (cr, 0, 0, r, item->risks != 0 ? 2.5 : 1.5);
  wm_map_set_color (cr, color);
  wm_map_fill_ring (cr);

  /* Two opposed arrows: a change of channel. */
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, -r * 0.5, -r * 0.22);
  cairo_line_to (cr, r * 0.5, -r * 0.22);
  cairo_line_to (cr, r * 0.25, -r * 0.45);
  cairo_move_to (cr, r * 0.5, r * 0.22);
  cairo_line_to (cr, -r * 0.5, r * 0.22);
  cairo_line_to (cr, -r * 0.25, r * 0.45);
  cairo_stroke (cr);

  if (item->risks & WM_SWITCH_RISK_CONTEXT_LOST)
    {
      /* A broken link: context does not come along. */
      cairo_arc (cr, r * 0.75, -r * 0.75, 6, 0, 2 * G_PI);
      wm_map_set_color (cr, &ctx->palette->danger);
      cairo_fill (cr);
      wm_map_set_color (cr, &ctx->palette->card);
      cairo_move_to (cr, r * 0.75, -r * 0.75 - 3.2);
      cairo_line_to (cr, r * 0.75, -r * 0.75 + 0.8);
      cairo_stroke (cr);
      cairo_arc (cr, r * 0.75, -r * 0.75 + 2.8, 0.9, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_switch (Ctx                   *ctx,
             const WmMapSwitchMark *mark)
{
  const WmChannelSwitch *item = &g_array_index (wm_map_layout_get_analysis (ctx->layout)->switches,
                                                WmChannelSwitch, mark->switch_index);
  SwitchPiece piece = { item, mark->rect.width / 2 };
  double margin = piece.radius + 8;
  WmMapRect extents = { -margin, -margin, 2 * margin, 2 * margin };
  g_autofree char *key = NULL;

  if (wm_map_draw_wants_keys (ctx))
    key = g_strdup_printf ("switch %p %u %g", (gconstpointer) ctx->palette, (guint) item->risks,
                           piece.radius);
  wm_map_draw_stamp (ctx, key, &extents, mark->rect.x + piece.radius, mark->rect.y + mark->rect.height / 2,
         draw_switch_mark, &piece);
}

/* Lanes */

static void
draw_text_cell (Ctx                 *ctx,
                const WmMapLaneBox  *lane,
                const WmMapStageBox *stage,
                const WmMapColor    *row_color)
{
  WmMapCell *cell = wm_map_model_get_cell (ctx->model, stage->stage_id, lane->lane_id);
  WmMapRect r = { stage->column.x + WM_MAP_TEXT_PAD / 2, lane->row.y + WM_MAP_TEXT_PAD / 2,
                  stage->column.width - WM_MAP_TEXT_PAD, lane->row.height - WM_MAP_TEXT_PAD };
  WmMapColor tint;
  double text_w = wm_map_cell_text_width (stage->n_slots);
  WmMapRect text_rect;
  int max_lines;

  if (cell == NULL || cell->text[0] == '\0')
    return;

  if (!visible (ctx, &r))
    return;

  lane_tint (ctx->palette, lane->kind, &tint);
  {
    WmMapColor note = blend (&ctx->palette->note, 1, row_color);
    WmMapColor fill = blend (&tint, ctx->palette->high_contrast ? 0 : 0.07, &note);
    /* Only the visible part of a wide note, cut square at the clip: nothing
     * crosses the clip then, which a PDF writer would clip again. */
    double x0 = MAX (r.x, ctx->clip.x);
    double x1 = MIN (r.x + r.width, ctx->clip.x + ctx->clip.width);

    wm_map_rounded_rect_sides (ctx->cr, x0, r.y, x1 - x0, r.height, 6, x0 == r.x,
                               x1 == r.x + r.width);
    wm_map_set_color (ctx->cr, &fill);
    cairo_fill (ctx->cr);
    if (x0 == r.x)
      {
        cairo_save (ctx->cr);
        wm_map_rounded_rect (ctx->cr, r.x, r.y, 12, r.height, 6);
        cairo_clip (ctx->cr);
        cairo_rectangle (ctx->cr, r.x, r.y, 3, r.height);
        wm_map_set_color (ctx->cr, &tint);
        cairo_fill (ctx->cr);
        cairo_restore (ctx->cr);
      }
  }

  /* As many lines as the row has room for: the same text laid out again at
   * fewer lines is cached too. */
  max_lines = MAX (1, (int) ((r.height - 2 * WM_MAP_TEXT_PAD + 8) / 15.0));
  text_rect = (WmMapRect) { r.x + WM_MAP_TEXT_PAD + 2, r.y, text_w, r.height };
  if (!visible (ctx, &text_rect))
    return;
  show_text (ctx, WM_MAP_FONT_BODY, cell->text, r.x + WM_MAP_TEXT_PAD + 2,
             r.y + WM_MAP_TEXT_PAD - 2, text_w, MIN (max_lines, 12), &ctx->palette->card_text);
}

static void
sparkline (Ctx        *ctx,
           GArray     *history,
           double      x,
           double      y,
           double      w,
           double      h,
           const WmMapColor *color)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  if (history->len < 2)
    return;
  for (guint i = 0; i < history->len; i++)
    {
      lo = MIN (lo, g_array_index (history, double, i));
      hi = MAX (hi, g_array_index (history, double, i));
    }
  if (hi - lo < 1e-9)
    {
      lo -= 1;
      hi += 1;
    }
  for (guint i = 0; i < history->len; i++)
    {
      double px = x + w * i / (history->len - 1);
      double py = y + h - (g_array_index (history, double, i) - lo) / (hi - lo) * h;

      if (i == 0)
        cairo_move_to (ctx->cr, px, py);
      else
        cairo_line_to (ctx->cr, px, py);
    }
  wm_map_set_color (ctx->cr, color);
  cairo_set_line_width (ctx->cr, 1.5);
  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (ctx->cr);
  cairo_arc (ctx->cr, x + w,
             y + h - (g_array_index (history, double, history->len - 1) - lo) / (hi - lo) * h,
             2.5, 0, 2 * G_PI);
  cairo_fill (ctx->cr);
}

static void
draw_kpi_tile (Ctx       *ctx,
               WmMapKpi  *kpi,
               double     x,
               double     y,
               double     w)
{
  cairo_t *cr = ctx->cr;
  const WmMapPalette *palette = ctx->palette;
  const WmMapColor *status = status_color (palette, kpi->status);
  double value_w;

  wm_map_rounded_rect (cr, x, y, w, WM_MAP_KPI_TILE_HEIGHT, 6);
  wm_map_set_color (cr, &palette->card);
  cairo_fill (cr);
  wm_map_rounded_rect_ring (cr, x, y, w, WM_MAP_KPI_TILE_HEIGHT, 6, 1);
  wm_map_set_color (cr, &palette->card_border);
  wm_map_fill_ring (cr);

  cairo_arc (cr, x + 14, y + 16, 4.5, 0, 2 * G_PI);
  wm_map_set_color (cr, status);
  cairo_fill (cr);
  show_text (ctx, WM_MAP_FONT_SMALL, kpi->name, x + 24, y + 8, w - 32, 1, &palette->card_dim_text);
  show_text (ctx, WM_MAP_FONT_BIG, kpi->value_text, x + 10, y + 28, w * 0.5, 1, &palette->card_text);
  value_w = MIN (text_width (ctx, WM_MAP_FONT_BIG, kpi->value_text), w * 0.5);
  show_text (ctx, WM_MAP_FONT_SMALL, wm_kpi_status_to_string (kpi->status), x + 10,
             y + 48, value_w + 30, 1, status);
  sparkline (ctx, kpi->history, x + MAX (value_w + 20, w * 0.5), y + 30,
             w - MAX (value_w + 20, w * 0.5) - 10, 24, &palette->accent);
}

static void
draw_kpi_cell (Ctx                 *ctx,
               const WmMapLaneBox  *lane,
               const WmMapStageBox *stage,
               int                  stage_index)
{
  GPtrArray *kpis = wm_map_layout_get_stage_kpis (ctx->layout, stage_index);
  double y = lane->row.y + WM_MAP_TEXT_PAD;

  for (guint i = 0; kpis != NULL && i < kpis->len; i++)
    {
      draw_kpi_tile (ctx, g_ptr_array_index (kpis, i), stage->column.x + 10, y,
                     MIN (stage->column.width - 20, 260));
      y += WM_MAP_KPI_TILE_HEIGHT + 8;
    }
}

static void
draw_emotion_lane (Ctx                *ctx,
                   const WmMapLaneBox *lane,
                   const WmMapColor   *row_color)
{
  cairo_t *cr = ctx->cr;
  double top = lane->row.y + 28;
  double span = lane->row.height - 48;
  double x0 = MAX (ctx->clip.x, lane->row.x);
  double x1 = MIN (ctx->clip.x + ctx->clip.width, lane->row.x + lane->row.width);
  const double dash[] = { 4, 4 };

  /* Zones: a faint green above neutral, a faint red below. */
  if (!ctx->palette->high_contrast)
    {
      WmMapColor up = blend (&ctx->palette->positive, 0.05, row_color);
      WmMapColor down = blend (&ctx->palette->negative, 0.05, row_color);

      cairo_rectangle (cr, x0, top - 12, x1 - x0, span / 2 + 12);
      wm_map_set_color (cr, &up);
      cairo_fill (cr);
      cairo_rectangle (cr, x0, top + span / 2, x1 - x0, span / 2 + 12);
      wm_map_set_color (cr, &down);
      cairo_fill (cr);
    }
  /* The neutral line, dashed 4 on 4 off from map x 0, so the dashes stay
   * put while scrolling. On a screen as the rectangles a dashed stroke of
   * width 1 paints: the same pixels, without stroking 150 dashes. */
  wm_map_set_color (cr, &ctx->palette->grid);
  if (ctx->vector)
    {
      cairo_set_dash (cr, dash, 2, x0);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x0, top + span / 2);
      cairo_line_to (cr, x1, top + span / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }
  for (double x = floor (x0 / (dash[0] + dash[1])) * (dash[0] + dash[1]); x < x1;
       x += dash[0] + dash[1])
    {
      double a = MAX (x, x0);
      double b = MIN (x + dash[0], x1);

      if (b > a)
        cairo_rectangle (cr, a, top + span / 2 - 0.5, b - a, 1);
    }
  cairo_fill (cr);
}


static void
draw_lowest_point (Ctx *ctx)
{
  WmAnalysis *analysis = wm_map_layout_get_analysis (ctx->layout);
  const WmMapCardBox *card = wm_map_layout_lookup_card (ctx->layout,
                                                        analysis->lowest_touchpoint_id);

  if (card == NULL || analysis->lowest_emotion >= 0)
    return;

  for (guint c = 0; c < wm_map_layout_get_n_curves (ctx->layout); c++)
    {
      const WmMapCurve *curve = wm_map_layout_get_curve (ctx->layout, c);
      const WmMapCurvePoint *point;

      /* One point is not a curve with a low: a new journey's first
       * touchpoint is not marked as its lowest point. */
      if (curve->comparison || curve->points->len < 2 || card->slot >= curve->points->len)
        continue;
      point = &g_array_index (curve->points, WmMapCurvePoint, card->slot);
      if (point->emotion != analysis->lowest_emotion)
        continue;
      {
        const char *label = C_("emotion curve", "Lowest point");
        double w = text_width (ctx, WM_MAP_FONT_SMALL, label) + 12;
        WmMapRect r = { point->x - w / 2, point->y + 10, w, 18 };

        if (!visible (ctx, &r))
          return;
        chip (ctx, label, r.x, r.y, &ctx->palette->negative, FALSE);
        return;
      }
    }
}

static void
draw_selection (Ctx             *ctx,
                const WmMapRect *r,
                const WmMapColor *color,
                gboolean         dashed)
{
  const double dash[] = { 4, 3 };

  wm_map_rounded_rect (ctx->cr, r->x - 4, r->y - 4, r->width + 8, r->height + 8,
                       WM_MAP_CARD_RADIUS + 4);
  wm_map_set_color (ctx->cr, color);
  cairo_set_line_width (ctx->cr, 2.5);
  if (dashed)
    {
      cairo_set_dash (ctx->cr, dash, 2, 0);
      cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
    }
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
}

static void
ctx_init (Ctx                      *ctx,
          WmMapLayout              *layout,
          cairo_t                  *cr,
          const WmMapRenderOptions *options,
          const WmMapRect          *clip)
{
  static const WmMapRenderOptions default_options = { NULL };
  double w, h;

  wm_map_layout_get_size (layout, &w, &h);
  ctx->layout = layout;
  ctx->model = wm_map_layout_get_model (layout);
  ctx->cr = cr;
  ctx->options = options != NULL ? options : &default_options;
  ctx->palette = ctx->options->palette != NULL ? ctx->options->palette
                                                : &palettes[WM_MAP_THEME_LIGHT];
  ctx->clip = clip != NULL ? *clip : (WmMapRect) { 0, 0, w, h };
  ctx->vector = is_vector (cr);
  ctx->stamps = target_stamps (cr);
  /* Pixels only pay on pixels: a recording would replay them resampled. */
  ctx->cache = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE
               ? ctx->options->cache : NULL;
}

/* Saves @ctx's cairo_t for a public drawing call, which restores it. */
static void
begin_drawing (Ctx *ctx)
{
  cairo_save (ctx->cr);
  if (ctx->vector)
    cairo_set_tolerance (ctx->cr, VECTOR_TOLERANCE);
}

/* Public API */

const WmMapPalette *
wm_map_palette_get (WmMapTheme theme)
{
  g_return_val_if_fail (theme <= WM_MAP_THEME_HIGH_CONTRAST, &palettes[0]);

  return &palettes[theme];
}

void
wm_map_palette_emotion_color (const WmMapPalette *palette,
                              int                 emotion,
                              WmMapColor         *color)
{
  const WmMapColor *end = emotion > 0 ? &palette->positive : &palette->negative;
  double t = abs (CLAMP (emotion, -3, 3)) / 3.0;

  /* From neutral grey at 0 to full colour at ±3. */
  color->red = palette->neutral.red + (end->red - palette->neutral.red) * (0.35 + 0.65 * t);
  color->green = palette->neutral.green + (end->green - palette->neutral.green) * (0.35 + 0.65 * t);
  color->blue = palette->neutral.blue + (end->blue - palette->neutral.blue) * (0.35 + 0.65 * t);
  color->alpha = 1;
  if (emotion == 0)
    *color = palette->neutral;
}

void
wm_map_persona_color (const WmMapPersona *persona,
                      WmMapColor         *color)
{
  guint32 rgb = persona_colors[(guint64) persona->id % G_N_ELEMENTS (persona_colors)];
  guint parsed;

  if (persona->color != NULL && persona->color[0] == '#' && strlen (persona->color) == 7
      && sscanf (persona->color + 1, "%6x", &parsed) == 1)
    rgb = parsed;

  *color = (WmMapColor) RGB (rgb, 1);
}

void
wm_map_render_draw_body (WmMapLayout              *layout,
                         cairo_t                  *cr,
                         const WmMapRenderOptions *options,
                         const WmMapRect          *clip)
{
  Ctx ctx;
  guint s0, s1, slot0, slot1;
  guint n_lanes = wm_map_layout_get_n_lanes (layout);
  guint n_persona_curves = 0;
  double w, h;

  ctx_init (&ctx, layout, cr, options, clip);
  wm_map_layout_get_size (layout, &w, &h);

  begin_drawing (&ctx);
  cairo_rectangle (cr, ctx.clip.x, ctx.clip.y, ctx.clip.width, ctx.clip.height);
  cairo_clip_preserve (cr);
  /* A fill, not a paint: what stays within the clip is not clipped again
   * in a PDF. */
  wm_map_set_color (cr, &ctx.palette->background);
  cairo_fill (cr);

  stage_range (&ctx, ctx.clip.x, ctx.clip.x + ctx.clip.width, &s0, &s1);

  /* Rows: a tint per kind, every other one banded, lines between. */
  for (guint l = 0; l < n_lanes; l++)
    {
      const WmMapLaneBox *lane = wm_map_layout_get_lane (layout, l);
      WmMapColor row = blend (&ctx.palette->band, l % 2, &ctx.palette->background);

      if (!visible (&ctx, &lane->row))
        continue;
      if (l % 2 == 1)
        {
          cairo_rectangle (cr, MAX (lane->row.x, ctx.clip.x), lane->row.y,
                           MIN (lane->row.width, ctx.clip.width), lane->row.height);
          wm_map_set_color (cr, &row);
          cairo_fill (cr);
        }
      if (lane->kind == WM_LANE_EMOTION)
        draw_emotion_lane (&ctx, lane, &row);

      for (guint s = s0; s < s1; s++)
        {
          const WmMapStageBox *stage = wm_map_layout_get_stage (layout, s);

          if (lane->kind == WM_LANE_KPI)
            draw_kpi_cell (&ctx, lane, stage, s);
          else if (lane->kind != WM_LANE_TOUCHPOINTS && lane->kind != WM_LANE_EMOTION)
            draw_text_cell (&ctx, lane, stage, &row);
        }

      wm_map_set_color (cr, &ctx.palette->grid);
      grid_line (cr, MAX (ctx.clip.x, lane->row.x), lane->row.y + lane->row.height - 0.5,
                 MIN (ctx.clip.x + ctx.clip.width, w), lane->row.y + lane->row.height - 0.5,
                 ctx.palette->high_contrast ? 1.5 : 1);
    }

  /* Columns: a line after every stage. */
  for (guint s = s0; s < s1; s++)
    {
      const WmMapStageBox *stage = wm_map_layout_get_stage (layout, s);

      wm_map_set_color (cr, &ctx.palette->grid);
      grid_line (cr, stage->column.x + stage->column.width - 0.5, MAX (ctx.clip.y, stage->column.y),
                 stage->column.x + stage->column.width - 0.5,
                 MIN (ctx.clip.y + ctx.clip.height, h), ctx.palette->high_contrast ? 1.5 : 1);
    }

  /* Cards, then the switch marks between them. */
  slot_range (&ctx, &slot0, &slot1);
  for (guint c = slot0; c < slot1; c++)
    {
      const WmMapCardBox *card = wm_map_layout_get_card (layout, c);
      WmMapRect halo = { card->rect.x - 12, card->rect.y - 12, card->rect.width + 24,
                         card->rect.height + 24 };

      if (visible (&ctx, &halo))
        draw_card (&ctx, card);
    }
  for (guint i = 0; i < wm_map_layout_get_n_switches (layout); i++)
    {
      const WmMapSwitchMark *mark = wm_map_layout_get_switch (layout, i);

      if (visible (&ctx, &mark->rect))
        draw_switch (&ctx, mark);
    }

  /* Curves over everything in their lane. */
  for (guint c = 0; c < wm_map_layout_get_n_curves (layout); c++)
    if (!wm_map_layout_get_curve (layout, c)->comparison)
      n_persona_curves++;
  for (guint c = 0, k = 0; c < wm_map_layout_get_n_curves (layout); c++)
    {
      const WmMapCurve *curve = wm_map_layout_get_curve (layout, c);
      const WmMapLaneBox *lane = wm_map_layout_get_lane (layout, curve->lane_index);

      if (!visible (&ctx, &lane->row))
        continue;
      wm_map_draw_curve (&ctx, curve, curve->comparison ? 0 : k, n_persona_curves);
      if (!curve->comparison)
        k++;
    }
  draw_lowest_point (&ctx);

  if (ctx.options->selected_touchpoint_id != 0)
    {
      const WmMapCardBox *card = wm_map_layout_lookup_card (layout,
                                                            ctx.options->selected_touchpoint_id);

      if (card != NULL)
        draw_selection (&ctx, &card->rect, &ctx.palette->accent, FALSE);
    }
  if (ctx.options->show_focus && ctx.options->focus.kind != WM_MAP_HIT_NONE
      && ctx.options->focus.kind != WM_MAP_HIT_STAGE_HEADER
      && ctx.options->focus.kind != WM_MAP_HIT_LANE_LABEL)
    draw_selection (&ctx, &ctx.options->focus.rect, &ctx.palette->accent, TRUE);
  /* The rings go round the card's corner, where its brand-voice badge
   * sits: the badge again, on top, so that its number stays readable. */
  if (ctx.options->selected_touchpoint_id != 0)
    {
      const WmMapCardBox *card = wm_map_layout_lookup_card (layout,
                                                            ctx.options->selected_touchpoint_id);

      if (card != NULL)
        draw_findings_badge (&ctx, card);
    }

  cairo_restore (cr);
}

void
wm_map_render_draw_stage_headers (WmMapLayout              *layout,
                                  cairo_t                  *cr,
                                  const WmMapRenderOptions *options,
                                  double                    x,
                                  double                    width)
{
  Ctx ctx;
  WmMapRect clip = { x, 0, width, WM_MAP_HEADER_HEIGHT };
  WmAnalysis *analysis = wm_map_layout_get_analysis (layout);
  guint s0, s1;

  ctx_init (&ctx, layout, cr, options, &clip);
  begin_drawing (&ctx);
  cairo_rectangle (cr, clip.x, clip.y, clip.width, clip.height);
  cairo_clip_preserve (cr);
  wm_map_set_color (cr, &ctx.palette->header);
  cairo_fill (cr);

  stage_range (&ctx, clip.x, clip.x + clip.width, &s0, &s1);
  for (guint s = s0; s < s1; s++)
    {
      const WmMapStageBox *box = wm_map_layout_get_stage (layout, s);
      WmMapStage *stage = wm_map_model_get_stage (ctx.model, box->stage_id);
      const WmStageEmotion *feeling = &g_array_index (analysis->stage_emotions, WmStageEmotion, s);
      double inner = box->header.width - 28;
      double name_h = wm_map_layout_measure (layout, WM_MAP_FONT_HEADER, stage->name,
                                             inner - 30 - 24, 2);
      int desc_lines = name_h > 24 ? 1 : 2;
      double left = box->header.x;
      WmMapColor color;
      g_autofree char *number = g_strdup_printf ("%d", s + 1);

      /* A stage that starts left of what is shown (on a PDF page after its
       * first, or scrolled) keeps its number and name in view, within the
       * stage and clear of the face at its right. */
      if (clip.x > box->header.x)
        {
          double name_w = lines_width (&ctx, WM_MAP_FONT_HEADER, stage->name, inner - 30 - 24, 2);
          double desc_w = lines_width (&ctx, WM_MAP_FONT_HEADER_DIM, stage->description, inner,
                                       desc_lines);
          double used = MAX (42 + name_w, 14 + desc_w);

          left += CLAMP (clip.x - box->header.x, 0, MAX (0, box->header.width - used - 40));
        }

      /* A step number in a disc, the name, the description below. */
      cairo_arc (cr, left + 24, 24, 11, 0, 2 * G_PI);
      wm_map_set_color (cr, &ctx.palette->accent);
      cairo_fill (cr);
      show_text (&ctx, WM_MAP_FONT_SMALL, number,
                 left + 24 - text_width (&ctx, WM_MAP_FONT_SMALL, number) / 2, 17, -1, 0,
                 &ctx.palette->card);
      /* The name takes two lines when it needs them, the description what is left. */
      show_text (&ctx, WM_MAP_FONT_HEADER, stage->name, left + 42, 14, inner - 30 - 24, 2,
                 &ctx.palette->header_text);
      show_text (&ctx, WM_MAP_FONT_HEADER_DIM, stage->description, left + 14, MAX (42, 18 + name_h),
                 inner, desc_lines, &ctx.palette->card_dim_text);

      /* The stage's average feeling, as a small face at the right. */
      if (!isnan (feeling->average))
        {
          WmMapColor ink = ctx.palette->card;

          wm_map_palette_emotion_color (ctx.palette, (int) lround (feeling->average), &color);
          wm_map_emotion_face (cr, box->header.x + box->header.width - 22, 24, 9,
                        (int) lround (feeling->average), &color, &ink);
        }

      wm_map_set_color (cr, &ctx.palette->grid);
      grid_line (cr, box->header.x + box->header.width - 0.5, 8,
                 box->header.x + box->header.width - 0.5, WM_MAP_HEADER_HEIGHT - 8, 1);
    }

  cairo_rectangle (cr, clip.x, WM_MAP_HEADER_HEIGHT - 2, clip.width, 2);
  set_color_alpha (cr, &ctx.palette->accent, 0.8);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
wm_map_render_draw_lane_labels (WmMapLayout              *layout,
                                cairo_t                  *cr,
                                const WmMapRenderOptions *options,
                                double                    y,
                                double                    height)
{
  Ctx ctx;
  WmMapRect clip = { 0, y, WM_MAP_LABEL_WIDTH, height };

  ctx_init (&ctx, layout, cr, options, &clip);
  begin_drawing (&ctx);
  cairo_rectangle (cr, clip.x, clip.y, clip.width, clip.height);
  cairo_clip (cr);
  wm_map_set_color (cr, &ctx.palette->label);
  cairo_paint (cr);

  for (guint l = 0; l < wm_map_layout_get_n_lanes (layout); l++)
    {
      const WmMapLaneBox *box = wm_map_layout_get_lane (layout, l);
      WmMapLane *lane = wm_map_model_get_lane (ctx.model, box->lane_id);
      WmMapColor tint;

      if (!visible (&ctx, &box->label))
        continue;

      lane_tint (ctx.palette, box->kind, &tint);
      cairo_rectangle (cr, 0, box->label.y + 10, 4, box->label.height - 20);
      wm_map_set_color (cr, &tint);
      cairo_fill (cr);
      show_text (&ctx, WM_MAP_FONT_HEADER, lane->name, 16, box->label.y + 12,
                 WM_MAP_LABEL_WIDTH - 28, 2, &ctx.palette->label_text);
      /* The kind under the name, unless the name says it already. */
      if (g_utf8_collate (lane->name, lane_kind_to_string (box->kind)) != 0)
        show_text (&ctx, WM_MAP_FONT_SMALL, lane_kind_to_string (box->kind), 16,
                   box->label.y + 12 + wm_map_layout_measure (layout, WM_MAP_FONT_HEADER,
                                                              lane->name,
                                                              WM_MAP_LABEL_WIDTH - 28, 2) + 2,
                   WM_MAP_LABEL_WIDTH - 28, 1, &ctx.palette->card_dim_text);

      if (box->kind == WM_LANE_EMOTION)
        {
          /* The scale, and whose curve is whose. */
          double top = box->row.y + 28;
          double span = box->row.height - 48;
          WmMapModel *model = ctx.model;

          show_text (&ctx, WM_MAP_FONT_SMALL, "+3", WM_MAP_LABEL_WIDTH - 26, top - 7, -1, 0,
                     &ctx.palette->card_dim_text);
          show_text (&ctx, WM_MAP_FONT_SMALL, "0", WM_MAP_LABEL_WIDTH - 20, top + span / 2 - 7,
                     -1, 0, &ctx.palette->card_dim_text);
          show_text (&ctx, WM_MAP_FONT_SMALL, "−3", WM_MAP_LABEL_WIDTH - 26, top + span - 7, -1,
                     0, &ctx.palette->card_dim_text);
          for (guint p = 0; p < model->personas->len && p < 5; p++)
            {
              WmMapPersona *persona = g_ptr_array_index (model->personas, p);
              WmMapColor color;
              double ly = box->label.y + 56 + p * 18;

              wm_map_persona_color (persona, &color);
              cairo_move_to (cr, 16, ly + 7);
              cairo_line_to (cr, 32, ly + 7);
              wm_map_set_color (cr, &color);
              cairo_set_line_width (cr, 3);
              cairo_stroke (cr);
              show_text (&ctx, WM_MAP_FONT_SMALL, persona->name, 38, ly, WM_MAP_LABEL_WIDTH - 70,
                         1, &ctx.palette->label_text);
            }
          if (wm_map_layout_get_comparison (layout) != NULL)
            {
              const double dash[] = { 2, 4 };
              double ly = box->label.y + 56 + MIN (model->personas->len, 5) * 18;

              cairo_move_to (cr, 16, ly + 7);
              cairo_line_to (cr, 32, ly + 7);
              wm_map_set_color (cr, &ctx.palette->neutral);
              cairo_set_line_width (cr, 2);
              cairo_set_dash (cr, dash, 2, 0);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
              show_text (&ctx, WM_MAP_FONT_SMALL,
                         wm_column_choice_label (WM_JOURNEY_STATE, "as-is"), 38, ly,
                         WM_MAP_LABEL_WIDTH - 70, 1, &ctx.palette->label_text);
            }
        }
      else if (box->kind == WM_LANE_KPI)
        {
          GPtrArray *kpis = wm_map_layout_get_stage_kpis (layout, -1);

          for (guint i = 0; kpis != NULL && i < kpis->len; i++)
            {
              WmMapKpi *kpi = g_ptr_array_index (kpis, i);
              double ky = box->label.y + 48 + i * 40;

              cairo_arc (cr, 20, ky + 8, 4, 0, 2 * G_PI);
              wm_map_set_color (cr, status_color (ctx.palette, kpi->status));
              cairo_fill (cr);
              show_text (&ctx, WM_MAP_FONT_SMALL, kpi->name, 30, ky, WM_MAP_LABEL_WIDTH - 44, 1,
                         &ctx.palette->card_dim_text);
              show_text (&ctx, WM_MAP_FONT_TITLE, kpi->value_text, 30, ky + 15,
                         WM_MAP_LABEL_WIDTH - 44, 1, &ctx.palette->label_text);
            }
        }

      wm_map_set_color (cr, &ctx.palette->grid);
      grid_line (cr, 0, box->label.y + box->label.height - 0.5, WM_MAP_LABEL_WIDTH,
                 box->label.y + box->label.height - 0.5, 1);
    }

  cairo_rectangle (cr, WM_MAP_LABEL_WIDTH - 1, clip.y, 1, clip.height);
  wm_map_set_color (cr, &ctx.palette->grid);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
wm_map_render_draw_corner (WmMapLayout              *layout,
                           cairo_t                  *cr,
                           const WmMapRenderOptions *options)
{
  Ctx ctx;
  WmMapRect clip = { 0, 0, WM_MAP_LABEL_WIDTH, WM_MAP_HEADER_HEIGHT };

  ctx_init (&ctx, layout, cr, options, &clip);
  begin_drawing (&ctx);
  cairo_rectangle (cr, 0, 0, clip.width, clip.height);
  cairo_clip (cr);
  wm_map_set_color (cr, &ctx.palette->label);
  cairo_paint (cr);
  show_text (&ctx, WM_MAP_FONT_HEADER, ctx.model->name, 16, 14, WM_MAP_LABEL_WIDTH - 28, 2,
             &ctx.palette->label_text);
  chip (&ctx, wm_column_choice_label (WM_JOURNEY_STATE, ctx.model->to_be ? "to-be" : "as-is"),
        16, WM_MAP_HEADER_HEIGHT - 28, ctx.model->to_be ? &ctx.palette->positive
                                                        : &ctx.palette->accent, FALSE);
  cairo_rectangle (cr, 0, WM_MAP_HEADER_HEIGHT - 2, clip.width, 2);
  set_color_alpha (cr, &ctx.palette->accent, 0.8);
  cairo_fill (cr);
  cairo_rectangle (cr, WM_MAP_LABEL_WIDTH - 1, 0, 1, WM_MAP_HEADER_HEIGHT);
  wm_map_set_color (cr, &ctx.palette->grid);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
wm_map_render_draw (WmMapLayout              *layout,
                    cairo_t                  *cr,
                    const WmMapRenderOptions *options,
                    const WmMapRect          *clip)
{
  double w, h;
  WmMapRect all;

  wm_map_layout_get_size (layout, &w, &h);
  all = clip != NULL ? *clip : (WmMapRect) { 0, 0, w, h };

  wm_map_render_draw_body (layout, cr, options, &all);
  if (all.y < WM_MAP_HEADER_HEIGHT)
    wm_map_render_draw_stage_headers (layout, cr, options, all.x, all.width);
  if (all.x < WM_MAP_LABEL_WIDTH)
    wm_map_render_draw_lane_labels (layout, cr, options, all.y, all.height);
  if (all.x < WM_MAP_LABEL_WIDTH && all.y < WM_MAP_HEADER_HEIGHT)
    wm_map_render_draw_corner (layout, cr, options);
}

void
wm_map_render_release_fonts (void)
{
  /* Not cairo_debug_reset_static_data (): it asserts when a font Pango
   * still holds is alive, and cairo's caches are reachable, not lost. Nor
   * FcFini (): Pango sorts fonts on a thread of its own, which may still
   * hold fontconfig's caches when the process ends, and FcFini () then
   * aborts (it asserts that no cache is in use). */
  pango_cairo_font_map_set_default (NULL);
}
