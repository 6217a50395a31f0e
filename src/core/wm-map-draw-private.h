/* wm-map-draw-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-map-layout.h"
#include "wm-map-model.h"
#include "wm-map-private.h"

G_BEGIN_DECLS

/* Shared by the renderer's files: wm-map-render.c draws the map,
 * wm-map-curve.c its emotion curves, wm-map-pieces.c keeps the pieces a
 * screen reuses as pixels. */

/* What one drawing call draws with. */
typedef struct
{
  WmMapLayout        *layout;
  WmMapModel         *model;
  cairo_t            *cr;
  const WmMapPalette *palette;
  const WmMapRenderOptions *options;
  WmMapRect           clip;
  gboolean            vector;
  GHashTable         *stamps;  /* the target's stamps, NULL: draw everything in place */
  WmMapRenderCache   *cache;   /* raster pieces, NULL: draw everything in place */
} WmMapDraw;

/* Draws a stamp's piece at (0, 0). */
typedef void (*WmMapStampFunc) (WmMapDraw     *draw,
                                gconstpointer  data);

/* wm-map-render.c */

static inline void
wm_map_set_color (cairo_t          *cr,
                  const WmMapColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

void      wm_map_draw_stamp      (WmMapDraw        *draw,
                                  const char       *key,
                                  const WmMapRect  *extents,
                                  double            x,
                                  double            y,
                                  WmMapStampFunc    func,
                                  gconstpointer     data);
gboolean  wm_map_draw_wants_keys (WmMapDraw        *draw);

/* wm-map-curve.c */

void      wm_map_draw_curve      (WmMapDraw        *draw,
                                  const WmMapCurve *curve,
                                  guint             index,
                                  guint             n_persona_curves);

/* wm-map-pieces.c: the raster cache of a screen */

/* A piece in the cache: its name (as a stamp's key) and where within a
 * device pixel its anchor falls, in steps of WM_MAP_PHASE_STEPS(): a piece
 * drawn a fraction of a pixel further along is a different picture. */
typedef struct
{
  char  *key;
  guint8 phase_x;
  guint8 phase_y;
} WmMapPieceKey;

typedef struct
{
  WmMapPieceKey    key;
  cairo_surface_t *surface;
  int              left;    /* the surface's origin from the anchor's pixel */
  int              top;
  int              rows_from; /* the rows that hold anything (a curve tile's) */
  int              rows_to;
  gsize            bytes;
} WmMapPiece;

/* A piece larger than this (a huge zoom) is drawn in place. */
#define WM_MAP_PIECE_MAX_PIXELS (512 * 512)
/* Small pieces (curve points, switch marks) are placed within a sixteenth
 * of a pixel, large ones (cards) within a quarter: cards sit on whole
 * pixels at any zoom that shows them at their size, and a quarter keeps
 * how many copies a fractional zoom makes of a card to sixteen. */
#define WM_MAP_PHASE_STEPS(pixels) ((pixels) <= 48 * 48 ? 16 : 4)

guint8      wm_map_pixel_phase    (double             d,
                                   int                steps,
                                   int               *pixel);
gboolean    wm_map_pieces_begin   (WmMapRenderCache  *cache,
                                   cairo_t           *cr,
                                   cairo_matrix_t    *m,
                                   double            *ds_x,
                                   double            *ds_y,
                                   double            *sx,
                                   double            *sy);
WmMapPiece *wm_map_pieces_lookup  (WmMapRenderCache  *cache,
                                   const char        *key,
                                   guint8             phase_x,
                                   guint8             phase_y);
cairo_t    *wm_map_pieces_add     (WmMapRenderCache  *cache,
                                   cairo_t           *like,
                                   const char        *key,
                                   guint8             phase_x,
                                   guint8             phase_y,
                                   int                left,
                                   int                top,
                                   int                width,
                                   int                height,
                                   WmMapPiece       **out);
void        wm_map_piece_paint    (cairo_t           *cr,
                                   const WmMapPiece  *piece,
                                   int                px,
                                   int                py,
                                   double             ds_x,
                                   double             ds_y);
void        wm_map_piece_trim     (WmMapPiece        *piece);

G_END_DECLS
