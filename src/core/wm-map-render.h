/* wm-map-render.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "wm-map-layout.h"

G_BEGIN_DECLS

/* The one drawing code of the journey map: the canvas, PNG, SVG, PDF and
 * printing all draw through these calls, in map units on any cairo_t (scale
 * the context for zoom or export resolution).
 *
 * For a canvas with sticky headers:
 *   body:    translate (label_width − scroll_x, …) is NOT needed: translate by
 *            (−scroll_x, −scroll_y) and call wm_map_render_draw_body() with the
 *            visible map rectangle as @clip;
 *   headers: translate by (−scroll_x, 0), clip to the header row, and call
 *            wm_map_render_draw_stage_headers() for the visible x range;
 *   labels:  translate by (0, −scroll_y), clip to the label column, and call
 *            wm_map_render_draw_lane_labels() for the visible y range;
 *   corner:  wm_map_render_draw_corner() last, unscrolled.
 * (All multiplied by the zoom.) */

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} WmMapColor;

typedef struct
{
  WmMapColor background;
  WmMapColor grid;            /* lines between rows and columns */
  WmMapColor header;          /* stage header fill */
  WmMapColor header_text;
  WmMapColor label;           /* lane label column fill */
  WmMapColor label_text;
  WmMapColor band;            /* alternate row tint */
  WmMapColor card;
  WmMapColor card_text;
  WmMapColor card_dim_text;   /* secondary text on cards */
  WmMapColor card_border;
  WmMapColor shadow;
  WmMapColor accent;          /* selection, focus, the default curve */
  WmMapColor positive;        /* emotion > 0, on target */
  WmMapColor neutral;         /* emotion 0, unknown status */
  WmMapColor negative;        /* emotion < 0, off target */
  WmMapColor warning;         /* digital ↔ analog switches, warning status */
  WmMapColor danger;          /* lost context, high drop-out risk */
  WmMapColor moment;          /* moments that matter */
  WmMapColor note;            /* text-lane sticky notes */
  gboolean   high_contrast;   /* thicker lines, no tints */
} WmMapPalette;

typedef enum
{
  WM_MAP_THEME_LIGHT,
  WM_MAP_THEME_DARK,
  WM_MAP_THEME_HIGH_CONTRAST,
} WmMapTheme;

/* Pixels of the pieces a screen draws over and over (card frames, switch
 * marks, curve points), kept between frames by whoever draws frames: a
 * piece is rasterised once per look, zoom and device scale (the target
 * image surface's, so HiDPI stays sharp), and then only copied at whole
 * device pixels. Copying one costs its pixels, where drawing it costs its
 * paths (shadows, rings, glyphs) every frame. Only for image surfaces;
 * files and recordings draw every piece in place. */
typedef struct _WmMapRenderCache WmMapRenderCache;

typedef struct
{
  const WmMapPalette *palette;          /* NULL: the light palette */
  gint64              selected_touchpoint_id; /* drawn with a selection ring, 0: none */
  WmMapHit            focus;            /* keyboard focus ring, kind NONE: none */
  gboolean            show_focus;
  gboolean            show_findings;    /* cards' brand-voice badges: an aid while
                                         * editing, left out of files */
  WmMapRenderCache   *cache;            /* NULL: draw every piece in place */
} WmMapRenderOptions;

const WmMapPalette *wm_map_palette_get              (WmMapTheme                 theme);

WmMapRenderCache   *wm_map_render_cache_new         (void);
void                wm_map_render_cache_free        (WmMapRenderCache          *cache);
/* Forgets every piece (a new journey, look or layout). Pieces of another
 * zoom or device scale are forgotten by themselves. */
void                wm_map_render_cache_clear       (WmMapRenderCache          *cache);
/* How many pieces it holds (for tests). */
guint               wm_map_render_cache_get_n_pieces (WmMapRenderCache         *cache);

/* Everything, as in an export: headers, labels, body, within @clip (map
 * units; NULL: the whole map). */
void                wm_map_render_draw              (WmMapLayout               *layout,
                                                     cairo_t                   *cr,
                                                     const WmMapRenderOptions  *options,
                                                     const WmMapRect           *clip);
/* The grid, cells, cards, curves and switch marks within @clip. */
void                wm_map_render_draw_body         (WmMapLayout               *layout,
                                                     cairo_t                   *cr,
                                                     const WmMapRenderOptions  *options,
                                                     const WmMapRect           *clip);
/* The stage-header row between map x @x and @x + @width (y 0 … header_height). */
void                wm_map_render_draw_stage_headers (WmMapLayout              *layout,
                                                     cairo_t                   *cr,
                                                     const WmMapRenderOptions  *options,
                                                     double                     x,
                                                     double                     width);
/* The lane-label column between map y @y and @y + @height (x 0 … label_width). */
void                wm_map_render_draw_lane_labels  (WmMapLayout               *layout,
                                                     cairo_t                   *cr,
                                                     const WmMapRenderOptions  *options,
                                                     double                     y,
                                                     double                     height);
/* The top-left corner: the journey's name and state. */
void                wm_map_render_draw_corner       (WmMapLayout               *layout,
                                                     cairo_t                   *cr,
                                                     const WmMapRenderOptions  *options);

/* A channel's glyph, @size wide, centred on (@cx, @cy); @channel NULL draws
 * the "no channel" glyph. For side panels and lists that show channels. */
void                wm_map_render_channel_icon      (cairo_t                   *cr,
                                                     const WmMapChannel        *channel,
                                                     double                     cx,
                                                     double                     cy,
                                                     double                     size,
                                                     const WmMapColor          *color);
/* The colour of an emotion −3 … +3 on @palette. */
void                wm_map_palette_emotion_color    (const WmMapPalette        *palette,
                                                     int                        emotion,
                                                     WmMapColor                *color);
/* A persona's colour (its "#rrggbb", else one picked from its id). */
void                wm_map_persona_color            (const WmMapPersona        *persona,
                                                     WmMapColor                *color);

/* Frees Pango's default font map and fontconfig's caches. Only for a test
 * program about to exit, so that valgrind sees fontconfig's caches freed: it
 * aborts if a font is still in use, so every layout and surface must be gone;
 * no map may be drawn after it. */
void                wm_map_render_release_fonts     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmMapRenderCache, wm_map_render_cache_free)

G_END_DECLS
