/* wm-map-pieces.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <math.h>

#include "wm-map-draw-private.h"

/* The raster cache of a screen: the pieces of a map (cards, marks, tiles of
 * a curve) drawn once as device pixels and copied wherever they recur, at
 * whole pixels, so a scrolled or repainted viewport mostly copies. A piece
 * of another zoom or device scale is a different picture; the cache starts
 * again when the zoom changes or it grows past its bound. */

struct _WmMapRenderCache
{
  GHashTable *pieces;       /* WmMapPieceKey → WmMapPiece */
  gsize       bytes;
  double      scale_x;      /* device pixels per map unit of what it holds */
  double      scale_y;
};

/* Enough for every piece of a few zooms' worth of viewports at scale 2;
 * beyond it the cache starts again. */
#define CACHE_MAX_BYTES (48 * 1024 * 1024)

/* Helpers */

static guint
piece_key_hash (gconstpointer data)
{
  const WmMapPieceKey *key = data;

  return g_str_hash (key->key) ^ ((guint) key->phase_x << 24) ^ ((guint) key->phase_y << 16);
}

static gboolean
piece_key_equal (gconstpointer a,
                 gconstpointer b)
{
  const WmMapPieceKey *x = a;
  const WmMapPieceKey *y = b;

  return x->phase_x == y->phase_x && x->phase_y == y->phase_y && g_str_equal (x->key, y->key);
}

static void
piece_free (gpointer data)
{
  WmMapPiece *piece = data;

  g_free (piece->key.key);
  cairo_surface_destroy (piece->surface);
  g_free (piece);
}

/* Where device pixel coordinate @d falls: the pixel *@pixel and the step
 * of @steps within it. */
guint8
wm_map_pixel_phase (double  d,
                    int     steps,
                    int    *pixel)
{
  double fractions = floor (d * steps + 0.5);
  double whole = floor (fractions / steps);

  *pixel = (int) whole;

  return (guint8) (fractions - whole * steps);
}

/* The device pixels per map unit the current matrix of @cr draws at, and
 * the device scale of its target; FALSE for a rotated or skewed matrix.
 * Pieces of another zoom or device scale leave the cache: they will not be
 * shown again soon. */
gboolean
wm_map_pieces_begin (WmMapRenderCache *cache,
                     cairo_t          *cr,
                     cairo_matrix_t   *m,
                     double           *ds_x,
                     double           *ds_y,
                     double           *sx,
                     double           *sy)
{
  cairo_get_matrix (cr, m);
  if (m->xy != 0 || m->yx != 0 || m->xx <= 0 || m->yy <= 0)
    return FALSE;
  cairo_surface_get_device_scale (cairo_get_target (cr), ds_x, ds_y);
  *sx = m->xx * *ds_x;
  *sy = m->yy * *ds_y;
  if (*sx != cache->scale_x || *sy != cache->scale_y)
    {
      wm_map_render_cache_clear (cache);
      cache->scale_x = *sx;
      cache->scale_y = *sy;
    }

  return TRUE;
}

/* A new piece of @width × @height device pixels, in the cache, for the
 * caller to draw into, through the returned context, which draws as @like
 * does (its tolerance and antialiasing). */
cairo_t *
wm_map_pieces_add (WmMapRenderCache  *cache,
                   cairo_t           *like,
                   const char        *key,
                   guint8             phase_x,
                   guint8             phase_y,
                   int                left,
                   int                top,
                   int                width,
                   int                height,
                   WmMapPiece       **out)
{
  WmMapPiece *piece = g_new0 (WmMapPiece, 1);
  cairo_t *cr;

  piece->key = (WmMapPieceKey) { g_strdup (key), phase_x, phase_y };
  piece->left = left;
  piece->top = top;
  piece->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1),
                                               MAX (height, 1));
  piece->bytes = (gsize) cairo_image_surface_get_stride (piece->surface)
                 * cairo_image_surface_get_height (piece->surface);
  piece->rows_to = cairo_image_surface_get_height (piece->surface);
  if (cache->bytes + piece->bytes > CACHE_MAX_BYTES)
    {
      double keep_x = cache->scale_x, keep_y = cache->scale_y;

      wm_map_render_cache_clear (cache);
      cache->scale_x = keep_x;
      cache->scale_y = keep_y;
    }
  cache->bytes += piece->bytes;
  g_hash_table_add (cache->pieces, piece);

  cr = cairo_create (piece->surface);
  cairo_set_tolerance (cr, cairo_get_tolerance (like));
  cairo_set_antialias (cr, cairo_get_antialias (like));
  *out = piece;

  return cr;
}

/* Copies @piece with its anchor on device pixel (@px, @py): at whole
 * device pixels, so no resampling, as sharp as drawn. */
void
wm_map_piece_paint (cairo_t          *cr,
                    const WmMapPiece *piece,
                    int               px,
                    int               py,
                    double            ds_x,
                    double            ds_y)
{
  if (piece->rows_to <= piece->rows_from)
    return;
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_scale (cr, 1 / ds_x, 1 / ds_y);
  cairo_set_source_surface (cr, piece->surface, px + piece->left, py + piece->top);
  cairo_rectangle (cr, px + piece->left, py + piece->top + piece->rows_from,
                   cairo_image_surface_get_width (piece->surface),
                   piece->rows_to - piece->rows_from);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Narrows @piece to the rows that hold anything: a tile of a curve is
 * mostly empty, and copying nothing still costs. */
void
wm_map_piece_trim (WmMapPiece *piece)
{
  cairo_surface_t *surface = piece->surface;
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int from = height, to = 0;

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if (row[x] != 0)
          {
            from = MIN (from, y);
            to = y + 1;
            break;
          }
    }
  piece->rows_from = from;
  piece->rows_to = to;
}

WmMapPiece *
wm_map_pieces_lookup (WmMapRenderCache *cache,
                      const char       *key,
                      guint8            phase_x,
                      guint8            phase_y)
{
  WmMapPieceKey lookup = { (char *) key, phase_x, phase_y };

  return g_hash_table_lookup (cache->pieces, &lookup);
}

/* Public API */

WmMapRenderCache *
wm_map_render_cache_new (void)
{
  WmMapRenderCache *cache = g_new0 (WmMapRenderCache, 1);

  cache->pieces = g_hash_table_new_full (piece_key_hash, piece_key_equal, piece_free, NULL);

  return cache;
}

void
wm_map_render_cache_free (WmMapRenderCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->pieces);
  g_free (cache);
}

void
wm_map_render_cache_clear (WmMapRenderCache *cache)
{
  g_return_if_fail (cache != NULL);

  g_hash_table_remove_all (cache->pieces);
  cache->bytes = 0;
  cache->scale_x = cache->scale_y = 0;
}

guint
wm_map_render_cache_get_n_pieces (WmMapRenderCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);

  return g_hash_table_size (cache->pieces);
}
