/* test-chart-geometry.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <math.h>

#include "wm-chart-geometry.h"

#define DAY (G_GINT64_CONSTANT (24) * 3600)
/* 2026-01-01 00:00:00 UTC */
#define JAN_2026 G_GINT64_CONSTANT (1767225600)

static void
test_scale (void)
{
  WmSample samples[] = { { JAN_2026, 31, 100 }, { JAN_2026 + 10 * DAY, 47, 120 } };
  double marks[] = { 50, 40 };
  WmChartScale scale;

  /* Values span the samples and the target: 31…50 becomes a round 30…50. */
  wm_chart_scale_init (&scale, samples, 2, 0, 0, marks, 2, 40, 10, 500, 200);
  g_assert_cmpint (scale.t_min, ==, JAN_2026);
  g_assert_cmpint (scale.t_max, ==, JAN_2026 + 10 * DAY);
  g_assert_cmpfloat (scale.v_min, ==, 30);
  g_assert_cmpfloat (scale.v_max, ==, 50);

  /* Points to pixels: the plot area's corners, y grows downwards. */
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_x (&scale, JAN_2026), 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_x (&scale, JAN_2026 + 10 * DAY), 540, 1e-9);
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_x (&scale, JAN_2026 + 5 * DAY), 290, 1e-9);
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_y (&scale, 50), 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_y (&scale, 30), 210, 1e-9);
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_y (&scale, 40), 110, 1e-9);
  /* … and back. */
  g_assert_cmpint (wm_chart_scale_time_at (&scale, 290), ==, JAN_2026 + 5 * DAY);

  /* A fixed range wins over the samples' span. */
  wm_chart_scale_init (&scale, samples, 2, JAN_2026 - 20 * DAY, JAN_2026 + 10 * DAY,
                       NULL, 0, 0, 0, 300, 100);
  g_assert_cmpfloat_with_epsilon (wm_chart_scale_x (&scale, JAN_2026), 200, 1e-9);
}

static void
test_scale_degenerate (void)
{
  WmSample one = { JAN_2026, 42, 0 };
  WmSample flat[] = { { JAN_2026, 0, 0 }, { JAN_2026 + DAY, 0, 0 } };
  WmSample nan_only = { JAN_2026, NAN, 0 };
  WmChartScale scale;

  /* One sample: a day around it, and a value range around its value. */
  wm_chart_scale_init (&scale, &one, 1, 0, 0, NULL, 0, 0, 0, 100, 100);
  g_assert_cmpint (scale.t_max - scale.t_min, ==, DAY);
  g_assert_cmpint (scale.t_min, <, JAN_2026);
  g_assert_cmpint (scale.t_max, >, JAN_2026);
  g_assert_cmpfloat (scale.v_min, <, 42);
  g_assert_cmpfloat (scale.v_max, >, 42);
  g_assert_true (isfinite (wm_chart_scale_y (&scale, 42)));

  /* All zero: still a span, never a division by zero. */
  wm_chart_scale_init (&scale, flat, 2, 0, 0, NULL, 0, 0, 0, 100, 100);
  g_assert_cmpfloat (scale.v_min, <, 0);
  g_assert_cmpfloat (scale.v_max, >, 0);

  /* Nothing finite, nothing at all, or no size. */
  wm_chart_scale_init (&scale, &nan_only, 1, 0, 0, NULL, 0, 0, 0, 0, 0);
  g_assert_cmpfloat (scale.v_min, <, scale.v_max);
  g_assert_cmpfloat (scale.width, >, 0);
  wm_chart_scale_init (&scale, NULL, 0, 0, 0, NULL, 0, 0, 0, 100, 100);
  g_assert_cmpint (scale.t_min, <, scale.t_max);
  g_assert_true (isfinite (wm_chart_scale_x (&scale, 0)));
}

static void
assert_ticks (GArray       *ticks,
              const double *expected,
              guint         n_expected)
{
  g_assert_cmpuint (ticks->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, i), expected[i], 1e-9);
}

static void
test_value_ticks (void)
{
  const double nps[] = { -100, -50, 0, 50, 100 };
  const double percent[] = { 80, 82.5, 85, 87.5, 90 };
  const double small[] = { 0.2, 0.4, 0.6 };
  GArray *ticks;

  ticks = wm_chart_value_ticks (-100, 100, 5);
  assert_ticks (ticks, nps, G_N_ELEMENTS (nps));
  g_array_unref (ticks);

  ticks = wm_chart_value_ticks (80, 90, 5);
  assert_ticks (ticks, percent, G_N_ELEMENTS (percent));
  g_array_unref (ticks);

  /* Ticks start at the first round number inside the range. */
  ticks = wm_chart_value_ticks (0.13, 0.69, 4);
  assert_ticks (ticks, small, G_N_ELEMENTS (small));
  g_array_unref (ticks);

  /* Bad input gives no ticks, not a hang. */
  ticks = wm_chart_value_ticks (NAN, 1, 5);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_array_unref (ticks);
  ticks = wm_chart_value_ticks (1, 0, 5);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_array_unref (ticks);
}

static void
test_time_ticks (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  WmChartTickUnit unit;
  GArray *ticks;

  /* A week: one tick a day at midnight. */
  ticks = wm_chart_time_ticks (JAN_2026 + 3600, JAN_2026 + 7 * DAY + 3600, 8, utc, &unit);
  g_assert_cmpint (unit, ==, WM_CHART_TICK_DAYS);
  g_assert_cmpuint (ticks->len, ==, 7);
  g_assert_cmpint (g_array_index (ticks, gint64, 0), ==, JAN_2026 + DAY);
  for (guint i = 1; i < ticks->len; i++)
    g_assert_cmpint (g_array_index (ticks, gint64, i) - g_array_index (ticks, gint64, i - 1),
                     ==, DAY);
  g_array_unref (ticks);

  /* A year: the first of each month, whatever the month's length. */
  ticks = wm_chart_time_ticks (JAN_2026, JAN_2026 + 365 * DAY - 1, 12, utc, &unit);
  g_assert_cmpint (unit, ==, WM_CHART_TICK_MONTHS);
  g_assert_cmpuint (ticks->len, ==, 12);
  for (guint i = 0; i < ticks->len; i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (g_array_index (ticks, gint64, i));

      g_assert_cmpint (g_date_time_get_day_of_month (time), ==, 1);
      g_assert_cmpint (g_date_time_get_month (time), ==, (int) i + 1);
      g_assert_cmpint (g_date_time_get_hour (time), ==, 0);
    }
  g_array_unref (ticks);

  /* Local midnight, also across the change to summer time (29 March 2026). */
  if (berlin != NULL)
    {
      gint64 from = JAN_2026 + 85 * DAY;

      ticks = wm_chart_time_ticks (from, from + 6 * DAY, 8, berlin, &unit);
      g_assert_cmpuint (ticks->len, >=, 6);
      for (guint i = 0; i < ticks->len; i++)
        {
          g_autoptr(GDateTime) utc_time =
            g_date_time_new_from_unix_utc (g_array_index (ticks, gint64, i));
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc_time, berlin);

          g_assert_cmpint (g_date_time_get_hour (local), ==, 0);
          g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
        }
      g_array_unref (ticks);
    }

  /* Decades: years, never more ticks than asked for. */
  ticks = wm_chart_time_ticks (0, JAN_2026, 6, utc, &unit);
  g_assert_cmpint (unit, ==, WM_CHART_TICK_YEARS);
  g_assert_cmpuint (ticks->len, <=, 6);
  g_assert_cmpuint (ticks->len, >=, 3);
  g_array_unref (ticks);

  ticks = wm_chart_time_ticks (JAN_2026, JAN_2026, 6, utc, &unit);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_array_unref (ticks);
}

static void
test_hit_test (void)
{
  WmSample samples[] = {
    { JAN_2026, 10, 5 }, { JAN_2026 + DAY, 20, 6 }, { JAN_2026 + 4 * DAY, 15, 7 },
  };
  WmChartScale scale;

  /* 4 days over 400 px: 100 px a day, plot from (0, 0). */
  wm_chart_scale_init (&scale, samples, 3, 0, 0, NULL, 0, 0, 0, 400, 100);

  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 0, 50, 8), ==, 0);
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 96, 50, 8), ==, 1);
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 104, 50, 8), ==, 1);
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 395, 10, 8), ==, 2);
  /* Between points, farther than the radius from both. */
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 250, 50, 8), ==, -1);
  /* The nearest of two within reach. */
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 260, 50, 200), ==, 2);
  /* Outside the plot area. */
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 100, -5, 8), ==, -1);
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, 100, 105, 8), ==, -1);
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 3, -20, 50, 8), ==, -1);
  g_assert_cmpint (wm_chart_hit_test (&scale, samples, 0, 100, 50, 8), ==, -1);
}

static void
test_decimate (void)
{
  g_autofree WmSample *samples = g_new0 (WmSample, 100000);
  g_autoptr(GArray) indices = NULL;
  WmChartScale scale;
  gboolean saw_peak = FALSE;

  for (guint i = 0; i < 100000; i++)
    {
      samples[i].time = JAN_2026 + i * 60;
      samples[i].value = sin (i / 500.0) * 10;
      samples[i].n = 0;
    }
  samples[54321].value = 1000;

  wm_chart_scale_init (&scale, samples, 100000, 0, 0, NULL, 0, 0, 0, 200, 100);
  indices = wm_chart_decimate (&scale, samples, 100000);

  /* At most four a pixel column, in time order, every peak kept. */
  g_assert_cmpuint (indices->len, <=, 4 * 201);
  g_assert_cmpuint (indices->len, >=, 200);
  g_assert_cmpuint (g_array_index (indices, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (indices, guint, indices->len - 1), ==, 99999);
  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);

      if (i > 0)
        g_assert_cmpuint (index, >, g_array_index (indices, guint, i - 1));
      saw_peak |= index == 54321;
    }
  g_assert_true (saw_peak);
}

static void
test_range_start (void)
{
  g_assert_cmpint (wm_chart_range_start (WM_CHART_RANGE_WEEK, JAN_2026), ==, JAN_2026 - 7 * DAY);
  g_assert_cmpint (wm_chart_range_start (WM_CHART_RANGE_MONTH, JAN_2026), ==,
                   JAN_2026 - 30 * DAY);
  g_assert_cmpint (wm_chart_range_start (WM_CHART_RANGE_QUARTER, JAN_2026), ==,
                   JAN_2026 - 90 * DAY);
  g_assert_cmpint (wm_chart_range_start (WM_CHART_RANGE_YEAR, JAN_2026), ==,
                   JAN_2026 - 365 * DAY);
  g_assert_cmpint (wm_chart_range_start (WM_CHART_RANGE_ALL, JAN_2026), ==, G_MININT64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/chart/scale", test_scale);
  g_test_add_func ("/waymark/chart/scale-degenerate", test_scale_degenerate);
  g_test_add_func ("/waymark/chart/value-ticks", test_value_ticks);
  g_test_add_func ("/waymark/chart/time-ticks", test_time_ticks);
  g_test_add_func ("/waymark/chart/hit-test", test_hit_test);
  g_test_add_func ("/waymark/chart/decimate", test_decimate);
  g_test_add_func ("/waymark/chart/range-start", test_range_start);

  return g_test_run ();
}
