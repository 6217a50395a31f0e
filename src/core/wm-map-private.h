/* wm-map-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "wm-map-render.h"

G_BEGIN_DECLS

/* Shared by the layout and the renderer: the measures of the map (map
 * units) and its text, laid out once and kept, so drawing a viewport only
 * draws glyphs it already has. */

#define WM_MAP_LABEL_WIDTH     184.0
#define WM_MAP_HEADER_HEIGHT    84.0
#define WM_MAP_SLOT_WIDTH      200.0
#define WM_MAP_CARD_WIDTH      168.0
#define WM_MAP_CARD_HEIGHT     116.0
#define WM_MAP_CARD_RADIUS       8.0
#define WM_MAP_ROW_PAD          16.0
#define WM_MAP_EMOTION_HEIGHT  176.0
#define WM_MAP_KPI_TILE_HEIGHT  64.0
#define WM_MAP_TEXT_PAD         12.0
#define WM_MAP_TEXT_MIN_HEIGHT  72.0
#define WM_MAP_TEXT_MAX_HEIGHT 232.0
#define WM_MAP_SWITCH_SIZE      24.0
#define WM_MAP_CURVE_HIT         9.0

typedef enum
{
  WM_MAP_FONT_BODY,       /* card and cell text */
  WM_MAP_FONT_TITLE,      /* card titles */
  WM_MAP_FONT_SMALL,      /* channel names, chips */
  WM_MAP_FONT_HEADER,     /* stage names, lane names */
  WM_MAP_FONT_HEADER_DIM, /* stage descriptions */
  WM_MAP_FONT_BIG,        /* KPI values, the journey name */
  WM_MAP_N_FONTS
} WmMapFont;

/* A laid-out text at @width (-1: one line, no wrap) ellipsized after
 * @max_lines; owned by the layout's cache, valid until the next call that
 * changes the layout. */
PangoLayout  *wm_map_layout_get_text   (WmMapLayout  *self,
                                        WmMapFont     font,
                                        const char   *text,
                                        double        width,
                                        int           max_lines);
/* The height of @text laid out so, in map units. */
double        wm_map_layout_measure    (WmMapLayout  *self,
                                        WmMapFont     font,
                                        const char   *text,
                                        double        width,
                                        int           max_lines);
/* The width text-lane cells wrap at in a stage of @n_slots. */
double        wm_map_cell_text_width   (guint        n_slots);
/* KPIs shown in a stage's cell of the KPI lane, and the journey-wide ones (stage -1). */
GPtrArray    *wm_map_layout_get_stage_kpis (WmMapLayout *self,
                                            int          stage_index);

/* Paths and glyphs (wm-map-glyphs.c) */
void          wm_map_rounded_rect      (cairo_t      *cr,
                                        double        x,
                                        double        y,
                                        double        w,
                                        double        h,
                                        double        r);
void          wm_map_rounded_rect_sides (cairo_t     *cr,
                                         double       x,
                                         double       y,
                                         double       w,
                                         double       h,
                                         double       r,
                                         gboolean     round_left,
                                         gboolean     round_right);
/* Rings: the area a stroke of @line_width along a rounded rectangle or a
 * circle paints, as a path for wm_map_fill_ring(). */
void          wm_map_rounded_rect_ring (cairo_t      *cr,
                                        double        x,
                                        double        y,
                                        double        w,
                                        double        h,
                                        double        r,
                                        double        line_width);
void          wm_map_circle_ring       (cairo_t      *cr,
                                        double        cx,
                                        double        cy,
                                        double        r,
                                        double        line_width);
void          wm_map_fill_ring         (cairo_t      *cr);
/* A face of @emotion −3 … +3: a disc of @color with @ink eyes and mouth. */
void          wm_map_emotion_face      (cairo_t      *cr,
                                        double        cx,
                                        double        cy,
                                        double        r,
                                        int           emotion,
                                        const WmMapColor *color,
                                        const WmMapColor *ink);
/* A five-pointed star's path (not filled). */
void          wm_map_star              (cairo_t      *cr,
                                        double        cx,
                                        double        cy,
                                        double        r);

G_END_DECLS
