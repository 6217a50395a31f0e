/* wm-chart-geometry.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* The geometry of a KPI line chart, without any drawing: scales, ticks,
 * samples to pixels and back, hover hit-testing. The chart widget and the
 * sparklines paint what this computes, and tests check it without a display. */

typedef enum
{
  WM_CHART_RANGE_WEEK,
  WM_CHART_RANGE_MONTH,
  WM_CHART_RANGE_QUARTER,
  WM_CHART_RANGE_YEAR,
  WM_CHART_RANGE_ALL,
} WmChartRange;

typedef enum
{
  WM_CHART_TICK_HOURS,
  WM_CHART_TICK_DAYS,
  WM_CHART_TICK_MONTHS,
  WM_CHART_TICK_YEARS,
} WmChartTickUnit;

typedef struct
{
  /* The plot area in widget coordinates (y grows downwards). */
  double x, y, width, height;
  /* The data shown: time on x, value on y (the value range is "nice"). */
  gint64 t_min, t_max;
  double v_min, v_max;
} WmChartScale;

/* The first time a range shows, with @now its end; G_MININT64 for ALL. */
gint64   wm_chart_range_start        (WmChartRange        range,
                                      gint64              now);

/* Sets the scale for @samples (oldest first) in the plot area: time from
 * @t_min to @t_max (the samples' own span when @t_min >= @t_max); values
 * spanning the samples and the @n_marks marks (target, warning …), widened
 * to nice round numbers. Never a zero-width span. */
void     wm_chart_scale_init         (WmChartScale       *scale,
                                      const WmSample     *samples,
                                      gsize               n_samples,
                                      gint64              t_min,
                                      gint64              t_max,
                                      const double       *marks,
                                      gsize               n_marks,
                                      double              x,
                                      double              y,
                                      double              width,
                                      double              height);
double   wm_chart_scale_x            (const WmChartScale *scale,
                                      gint64              time);
double   wm_chart_scale_y            (const WmChartScale *scale,
                                      double              value);
gint64   wm_chart_scale_time_at      (const WmChartScale *scale,
                                      double              x);

/* Round tick values (1, 2, 2.5 or 5 × 10ⁿ apart) from @min to @max, at
 * most @max_ticks of them, as a GArray of double. */
GArray  *wm_chart_value_ticks        (double              min,
                                      double              max,
                                      guint               max_ticks);
/* Times on calendar boundaries in @tz (whole hours, days, weeks, months,
 * years) within [@t_min, @t_max], at most @max_ticks, as a GArray of gint64;
 * @unit says how to label them. */
GArray  *wm_chart_time_ticks         (gint64              t_min,
                                      gint64              t_max,
                                      guint               max_ticks,
                                      GTimeZone          *tz,
                                      WmChartTickUnit    *unit);

/* The index of the sample whose point is nearest to (@x, @y) in x, when the
 * pointer is inside the plot area and within @radius pixels of it in x;
 * -1 otherwise. @samples are oldest first (binary search). */
int      wm_chart_hit_test           (const WmChartScale *scale,
                                      const WmSample     *samples,
                                      gsize               n_samples,
                                      double              x,
                                      double              y,
                                      double              radius);

/* Indices of the samples worth drawing: at most the first, lowest, highest
 * and last sample of each pixel column, so a line over a million samples
 * costs what the width costs and still shows every peak. */
GArray  *wm_chart_decimate           (const WmChartScale *scale,
                                      const WmSample     *samples,
                                      gsize               n_samples);

G_END_DECLS
