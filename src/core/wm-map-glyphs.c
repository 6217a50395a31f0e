/* wm-map-glyphs.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <math.h>

#include "wm-map-private.h"
#include "wm-map-render.h"

/* The map's small pictures, drawn as paths so they stay sharp at any zoom
 * and vector in SVG and PDF: channel glyphs, emotion faces, stars. */

static void
set_color (cairo_t          *cr,
           const WmMapColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void
wm_map_rounded_rect (cairo_t *cr,
                     double   x,
                     double   y,
                     double   w,
                     double   h,
                     double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A rectangle with round corners on its left side if @round_left, on its
 * right side if @round_right: the part of a rounded rectangle that a clip
 * across it leaves. */
void
wm_map_rounded_rect_sides (cairo_t  *cr,
                           double    x,
                           double    y,
                           double    w,
                           double    h,
                           double    r,
                           gboolean  round_left,
                           gboolean  round_right)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  if (round_right)
    {
      cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
      cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
    }
  else
    {
      cairo_line_to (cr, x + w, y);
      cairo_line_to (cr, x + w, y + h);
    }
  if (round_left)
    {
      cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
      cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
    }
  else
    {
      cairo_line_to (cr, x, y + h);
      cairo_line_to (cr, x, y);
    }
  cairo_close_path (cr);
}

/* What stroking wm_map_rounded_rect()'s path with @line_width would paint,
 * as a path to fill with the even-odd rule. Files write and check a fill
 * for far less than a stroke, whose outline a PDF writer works out first. */
void
wm_map_rounded_rect_ring (cairo_t *cr,
                          double   x,
                          double   y,
                          double   w,
                          double   h,
                          double   r,
                          double   line_width)
{
  double half = line_width / 2;

  r = MIN (r, MIN (w, h) / 2);
  wm_map_rounded_rect (cr, x - half, y - half, w + line_width, h + line_width, r + half);
  if (w > line_width && h > line_width)
    wm_map_rounded_rect (cr, x + half, y + half, w - line_width, h - line_width, MAX (r - half, 0));
}

/* The same for a circle. */
void
wm_map_circle_ring (cairo_t *cr,
                    double   cx,
                    double   cy,
                    double   r,
                    double   line_width)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, cy, r + line_width / 2, 0, 2 * G_PI);
  if (r > line_width / 2)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, r - line_width / 2, 0, 2 * G_PI);
    }
}

/* Fills a ring path from the two functions above. */
void
wm_map_fill_ring (cairo_t *cr)
{
  cairo_fill_rule_t rule = cairo_get_fill_rule (cr);

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (cr);
  cairo_set_fill_rule (cr, rule);
}

/* Glyphs: simple strokes in a unit box (-0.5 … 0.5), drawn at any size. */

static void
glyph_screen (cairo_t *cr,
              double   w,
              double   h,
              double   dy)
{
  wm_map_rounded_rect (cr, -w / 2, -h / 2 + dy, w, h, 0.06);
  cairo_stroke (cr);
}

static void
glyph_bubble (cairo_t *cr,
              gboolean dots)
{
  wm_map_rounded_rect (cr, -0.45, -0.38, 0.9, 0.6, 0.14);
  cairo_move_to (cr, -0.2, 0.22);
  cairo_line_to (cr, -0.3, 0.42);
  cairo_line_to (cr, 0.0, 0.22);
  cairo_stroke (cr);
  if (dots)
    for (int i = -1; i <= 1; i++)
      {
        cairo_arc (cr, i * 0.2, -0.08, 0.05, 0, 2 * G_PI);
        cairo_fill (cr);
      }
}

static void
draw_glyph (cairo_t    *cr,
            const char *key,
            WmChannelKind kind)
{
  if (g_strcmp0 (key, "website") == 0)
    {
      cairo_arc (cr, 0, 0, 0.42, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_save (cr);
      cairo_scale (cr, 0.45, 1);
      cairo_arc (cr, 0, 0, 0.42, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_move_to (cr, -0.42, 0);
      cairo_line_to (cr, 0.42, 0);
      cairo_stroke (cr);
    }
  else if (g_strcmp0 (key, "app") == 0)
    {
      wm_map_rounded_rect (cr, -0.25, -0.45, 0.5, 0.9, 0.1);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0.3, 0.05, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else if (g_strcmp0 (key, "email") == 0)
    {
      wm_map_rounded_rect (cr, -0.45, -0.3, 0.9, 0.6, 0.06);
      cairo_move_to (cr, -0.42, -0.26);
      cairo_line_to (cr, 0, 0.06);
      cairo_line_to (cr, 0.42, -0.26);
      cairo_stroke (cr);
    }
  else if (g_strcmp0 (key, "phone") == 0)
    {
      /* A handset: two ear pieces joined by an arc. */
      cairo_arc (cr, 0, 0.05, 0.38, G_PI * 1.05, G_PI * 1.95);
      cairo_stroke (cr);
      wm_map_rounded_rect (cr, -0.46, -0.05, 0.22, 0.3, 0.06);
      wm_map_rounded_rect (cr, 0.24, -0.05, 0.22, 0.3, 0.06);
      cairo_fill (cr);
    }
  else if (g_strcmp0 (key, "live-chat") == 0)
    glyph_bubble (cr, FALSE);
  else if (g_strcmp0 (key, "chatbot") == 0)
    {
      wm_map_rounded_rect (cr, -0.38, -0.25, 0.76, 0.6, 0.14);
      cairo_move_to (cr, 0, -0.25);
      cairo_line_to (cr, 0, -0.42);
      cairo_stroke (cr);
      cairo_arc (cr, 0, -0.44, 0.05, 0, 2 * G_PI);
      cairo_arc (cr, -0.14, 0.03, 0.06, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, 0.14, 0.03, 0.06, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else if (g_strcmp0 (key, "sms") == 0)
    glyph_bubble (cr, TRUE);
  else if (g_strcmp0 (key, "social") == 0)
    {
      cairo_move_to (cr, 0.28, -0.3);
      cairo_line_to (cr, -0.28, 0);
      cairo_line_to (cr, 0.28, 0.3);
      cairo_stroke (cr);
      cairo_arc (cr, 0.28, -0.3, 0.12, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, -0.28, 0, 0.12, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_arc (cr, 0.28, 0.3, 0.12, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else if (g_strcmp0 (key, "video-call") == 0)
    {
      wm_map_rounded_rect (cr, -0.45, -0.25, 0.6, 0.5, 0.08);
      cairo_stroke (cr);
      cairo_move_to (cr, 0.2, 0);
      cairo_line_to (cr, 0.45, -0.2);
      cairo_line_to (cr, 0.45, 0.2);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else if (g_strcmp0 (key, "store") == 0)
    {
      cairo_move_to (cr, -0.45, -0.1);
      cairo_line_to (cr, -0.35, -0.4);
      cairo_line_to (cr, 0.35, -0.4);
      cairo_line_to (cr, 0.45, -0.1);
      cairo_close_path (cr);
      cairo_move_to (cr, -0.36, -0.1);
      cairo_line_to (cr, -0.36, 0.42);
      cairo_line_to (cr, 0.36, 0.42);
      cairo_line_to (cr, 0.36, -0.1);
      cairo_move_to (cr, -0.1, 0.42);
      cairo_line_to (cr, -0.1, 0.12);
      cairo_line_to (cr, 0.1, 0.12);
      cairo_line_to (cr, 0.1, 0.42);
      cairo_stroke (cr);
    }
  else if (g_strcmp0 (key, "print-tv") == 0)
    {
      glyph_screen (cr, 0.9, 0.6, -0.08);
      cairo_move_to (cr, -0.2, 0.4);
      cairo_line_to (cr, 0.2, 0.4);
      cairo_stroke (cr);
    }
  else if (kind == WM_CHANNEL_ANALOG)
    {
      /* A person: someone in front of the customer. */
      cairo_arc (cr, 0, -0.2, 0.18, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_arc (cr, 0, 0.45, 0.38, G_PI * 1.15, G_PI * 1.85);
      cairo_stroke (cr);
    }
  else if (kind == WM_CHANNEL_HYBRID)
    {
      cairo_arc (cr, -0.14, 0, 0.28, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_arc (cr, 0.14, 0, 0.28, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  else
    {
      glyph_screen (cr, 0.9, 0.6, -0.1);
      cairo_move_to (cr, 0, 0.2);
      cairo_line_to (cr, 0, 0.4);
      cairo_move_to (cr, -0.2, 0.4);
      cairo_line_to (cr, 0.2, 0.4);
      cairo_stroke (cr);
    }
}

void
wm_map_emotion_face (cairo_t          *cr,
                     double            cx,
                     double            cy,
                     double            r,
                     int               emotion,
                     const WmMapColor *color,
                     const WmMapColor *ink)
{
  double curve = emotion / 3.0 * r * 0.45;

  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  set_color (cr, color);
  cairo_fill (cr);
  set_color (cr, ink);
  cairo_arc (cr, cx - r * 0.35, cy - r * 0.25, r * 0.12, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_arc (cr, cx + r * 0.35, cy - r * 0.25, r * 0.12, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_line_width (cr, r * 0.16);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx - r * 0.45, cy + r * 0.3 - curve / 2);
  cairo_curve_to (cr, cx - r * 0.2, cy + r * 0.3 + curve, cx + r * 0.2, cy + r * 0.3 + curve,
                  cx + r * 0.45, cy + r * 0.3 - curve / 2);
  cairo_stroke (cr);
}

void
wm_map_star (cairo_t *cr,
             double   cx,
             double   cy,
             double   r)
{
  for (int i = 0; i < 10; i++)
    {
      double a = -G_PI / 2 + i * G_PI / 5;
      double rr = i % 2 == 0 ? r : r * 0.45;

      if (i == 0)
        cairo_move_to (cr, cx + rr * cos (a), cy + rr * sin (a));
      else
        cairo_line_to (cr, cx + rr * cos (a), cy + rr * sin (a));
    }
  cairo_close_path (cr);
}

void
wm_map_render_channel_icon (cairo_t            *cr,
                            const WmMapChannel *channel,
                            double              cx,
                            double              cy,
                            double              size,
                            const WmMapColor   *color)
{
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, size, size);
  set_color (cr, color);
  cairo_set_line_width (cr, 1.5 / size);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (channel == NULL)
    {
      const double dash[] = { 0.15, 0.12 };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_arc (cr, 0, 0, 0.4, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  else
    {
      draw_glyph (cr, channel->key, channel->kind);
    }
  cairo_restore (cr);
}

