/* wm-chart-geometry.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-chart"

#include "config.h"

#include <math.h>

#include "wm-chart-geometry.h"

#define DAY (G_GINT64_CONSTANT (24) * 3600)

typedef struct
{
  WmChartTickUnit unit;
  int             step;
  double          seconds;   /* about, to pick a step */
} TimeStep;

static const TimeStep time_steps[] = {
  { WM_CHART_TICK_HOURS, 1, 3600 },
  { WM_CHART_TICK_HOURS, 3, 3 * 3600 },
  { WM_CHART_TICK_HOURS, 6, 6 * 3600 },
  { WM_CHART_TICK_HOURS, 12, 12 * 3600 },
  { WM_CHART_TICK_DAYS, 1, DAY },
  { WM_CHART_TICK_DAYS, 2, 2 * DAY },
  { WM_CHART_TICK_DAYS, 7, 7 * DAY },
  { WM_CHART_TICK_DAYS, 14, 14 * DAY },
  { WM_CHART_TICK_MONTHS, 1, 30.44 * DAY },
  { WM_CHART_TICK_MONTHS, 3, 91.31 * DAY },
  { WM_CHART_TICK_MONTHS, 6, 182.62 * DAY },
  { WM_CHART_TICK_YEARS, 1, 365.25 * DAY },
  { WM_CHART_TICK_YEARS, 2, 2 * 365.25 * DAY },
  { WM_CHART_TICK_YEARS, 5, 5 * 365.25 * DAY },
  { WM_CHART_TICK_YEARS, 10, 10 * 365.25 * DAY },
  { WM_CHART_TICK_YEARS, 25, 25 * 365.25 * DAY },
  { WM_CHART_TICK_YEARS, 100, 100 * 365.25 * DAY },
};

/* 1, 2, 2.5 or 5 × 10ⁿ: the smallest such step not below @raw. */
static double
nice_step (double raw)
{
  static const double multiples[] = { 1, 2, 2.5, 5, 10 };
  double magnitude;

  if (!(raw > 0) || !isfinite (raw))
    return 1;

  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    {
      if (multiples[i] * magnitude >= raw * (1 - 1e-9))
        return multiples[i] * magnitude;
    }

  return 10 * magnitude;
}

static GDateTime *
truncate_to_step (GDateTime      *time,
                  const TimeStep *step)
{
  int year = g_date_time_get_year (time);
  int month = g_date_time_get_month (time);
  int day = g_date_time_get_day_of_month (time);
  int hour = g_date_time_get_hour (time);
  GTimeZone *tz = g_date_time_get_timezone (time);

  switch (step->unit)
    {
    case WM_CHART_TICK_HOURS:
      return g_date_time_new (tz, year, month, day, hour - hour % step->step, 0, 0);
    case WM_CHART_TICK_DAYS:
      return g_date_time_new (tz, year, month, day, 0, 0, 0);
    case WM_CHART_TICK_MONTHS:
      return g_date_time_new (tz, year, month - (month - 1) % step->step, 1, 0, 0, 0);
    case WM_CHART_TICK_YEARS:
    default:
      return g_date_time_new (tz, year - year % step->step, 1, 1, 0, 0, 0);
    }
}

static GDateTime *
advance (GDateTime      *time,
         const TimeStep *step)
{
  switch (step->unit)
    {
    case WM_CHART_TICK_HOURS:
      return g_date_time_add_hours (time, step->step);
    case WM_CHART_TICK_DAYS:
      return g_date_time_add_days (time, step->step);
    case WM_CHART_TICK_MONTHS:
      return g_date_time_add_months (time, step->step);
    case WM_CHART_TICK_YEARS:
    default:
      return g_date_time_add_years (time, step->step);
    }
}

/* First index with time >= @time. */
static gsize
lower_bound (const WmSample *samples,
             gsize           n_samples,
             gint64          time)
{
  gsize lo = 0, hi = n_samples;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (samples[mid].time < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

gint64
wm_chart_range_start (WmChartRange range,
                      gint64       now)
{
  switch (range)
    {
    case WM_CHART_RANGE_WEEK:
      return now - 7 * DAY;
    case WM_CHART_RANGE_MONTH:
      return now - 30 * DAY;
    case WM_CHART_RANGE_QUARTER:
      return now - 90 * DAY;
    case WM_CHART_RANGE_YEAR:
      return now - 365 * DAY;
    case WM_CHART_RANGE_ALL:
    default:
      return G_MININT64;
    }
}

void
wm_chart_scale_init (WmChartScale   *scale,
                     const WmSample *samples,
                     gsize           n_samples,
                     gint64          t_min,
                     gint64          t_max,
                     const double   *marks,
                     gsize           n_marks,
                     double          x,
                     double          y,
                     double          width,
                     double          height)
{
  double v_min = INFINITY, v_max = -INFINITY;
  double step;

  g_return_if_fail (scale != NULL);
  g_return_if_fail (samples != NULL || n_samples == 0);
  g_return_if_fail (marks != NULL || n_marks == 0);

  scale->x = x;
  scale->y = y;
  scale->width = MAX (width, 1);
  scale->height = MAX (height, 1);

  if (t_min >= t_max)
    {
      t_min = n_samples > 0 ? samples[0].time : 0;
      t_max = n_samples > 0 ? samples[n_samples - 1].time : 0;
    }
  if (t_min >= t_max)
    {
      /* One point, or none: a day around it. */
      t_min -= DAY / 2;
      t_max = t_min + DAY;
    }
  scale->t_min = t_min;
  scale->t_max = t_max;

  for (gsize i = 0; i < n_samples; i++)
    {
      if (isfinite (samples[i].value))
        {
          v_min = MIN (v_min, samples[i].value);
          v_max = MAX (v_max, samples[i].value);
        }
    }
  for (gsize i = 0; i < n_marks; i++)
    {
      if (isfinite (marks[i]))
        {
          v_min = MIN (v_min, marks[i]);
          v_max = MAX (v_max, marks[i]);
        }
    }
  if (v_min > v_max)
    {
      v_min = 0;
      v_max = 100;
    }
  if (v_min == v_max)
    {
      double pad = v_min == 0 ? 1 : fabs (v_min) * 0.1;

      v_min -= pad;
      v_max += pad;
    }

  step = nice_step ((v_max - v_min) / 4);
  scale->v_min = floor (v_min / step) * step;
  scale->v_max = ceil (v_max / step) * step;
}

double
wm_chart_scale_x (const WmChartScale *scale,
                  gint64              time)
{
  return scale->x + scale->width * ((double) (time - scale->t_min)
                                    / (double) (scale->t_max - scale->t_min));
}

double
wm_chart_scale_y (const WmChartScale *scale,
                  double              value)
{
  return scale->y + scale->height * (1 - (value - scale->v_min) / (scale->v_max - scale->v_min));
}

gint64
wm_chart_scale_time_at (const WmChartScale *scale,
                        double              x)
{
  double fraction = (x - scale->x) / scale->width;

  return scale->t_min + (gint64) llround (fraction * (double) (scale->t_max - scale->t_min));
}

GArray *
wm_chart_value_ticks (double min,
                      double max,
                      guint  max_ticks)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double step;
  double first;

  if (!isfinite (min) || !isfinite (max) || max < min || max_ticks == 0)
    return ticks;

  step = max_ticks > 1 ? nice_step ((max - min) / (max_ticks - 1)) : nice_step (max - min);
  first = ceil (min / step - 1e-9) * step;
  for (guint i = 0; i < max_ticks; i++)
    {
      double value = first + i * step;

      if (value > max + step * 1e-9)
        break;
      /* No "-0" label. */
      if (fabs (value) < step * 1e-9)
        value = 0;
      g_array_append_val (ticks, value);
    }

  return ticks;
}

GArray *
wm_chart_time_ticks (gint64           t_min,
                     gint64           t_max,
                     guint            max_ticks,
                     GTimeZone       *tz,
                     WmChartTickUnit *unit)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (gint64));
  const TimeStep *step = &time_steps[G_N_ELEMENTS (time_steps) - 1];
  g_autoptr(GDateTime) start = NULL;
  GDateTime *time;

  g_return_val_if_fail (tz != NULL, ticks);

  if (t_max <= t_min || max_ticks == 0)
    return ticks;

  for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
    {
      if ((double) (t_max - t_min) / time_steps[i].seconds <= max_ticks)
        {
          step = &time_steps[i];
          break;
        }
    }
  if (unit)
    *unit = step->unit;

  start = g_date_time_new_from_unix_utc (t_min);
  if (start == NULL)
    return ticks;
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (start, tz);

    time = local ? truncate_to_step (local, step) : NULL;
  }

  /* A step of a whole day and more is one tick per calendar unit, which a
   * month's varying length or a DST change never shifts off its boundary. */
  for (guint guard = 0; time != NULL && guard < max_ticks + 2; guard++)
    {
      gint64 t = g_date_time_to_unix (time);
      GDateTime *next;

      if (t > t_max)
        break;
      if (t >= t_min)
        g_array_append_val (ticks, t);
      next = advance (time, step);
      g_date_time_unref (time);
      time = next;
    }
  g_clear_pointer (&time, g_date_time_unref);

  return ticks;
}

int
wm_chart_hit_test (const WmChartScale *scale,
                   const WmSample     *samples,
                   gsize               n_samples,
                   double              x,
                   double              y,
                   double              radius)
{
  gsize i;
  int best = -1;
  double best_distance = radius;

  if (n_samples == 0
      || x < scale->x - radius || x > scale->x + scale->width + radius
      || y < scale->y || y > scale->y + scale->height)
    return -1;

  i = lower_bound (samples, n_samples, wm_chart_scale_time_at (scale, x));
  for (gsize j = i > 0 ? i - 1 : 0; j <= i && j < n_samples; j++)
    {
      double distance = fabs (wm_chart_scale_x (scale, samples[j].time) - x);

      if (samples[j].time < scale->t_min || samples[j].time > scale->t_max)
        continue;
      if (distance <= best_distance)
        {
          best_distance = distance;
          best = (int) j;
        }
    }

  return best;
}

GArray *
wm_chart_decimate (const WmChartScale *scale,
                   const WmSample     *samples,
                   gsize               n_samples)
{
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize start, end;
  gsize i;

  /* One sample either side of the range, so the line runs to the edges. */
  start = lower_bound (samples, n_samples, scale->t_min);
  if (start > 0)
    start--;
  end = lower_bound (samples, n_samples, scale->t_max + 1);
  if (end < n_samples)
    end++;

  for (i = start; i < end;)
    {
      gint64 column = (gint64) floor (wm_chart_scale_x (scale, samples[i].time));
      guint first = i, low = i, high = i, last = i;
      guint group[4];
      guint n_group = 0;

      for (i++; i < end && (gint64) floor (wm_chart_scale_x (scale, samples[i].time)) == column;
           i++)
        {
          if (samples[i].value < samples[low].value)
            low = i;
          if (samples[i].value > samples[high].value)
            high = i;
          last = i;
        }

      /* In time order, each index once. */
      group[n_group++] = first;
      if (MIN (low, high) != first)
        group[n_group++] = MIN (low, high);
      if (MAX (low, high) != group[n_group - 1])
        group[n_group++] = MAX (low, high);
      if (last != group[n_group - 1])
        group[n_group++] = last;
      g_array_append_vals (indices, group, n_group);
    }

  return indices;
}
