/* bench-map.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "wm-map-export.h"

/* The journey map's figures on a generated journey of 1,000 touchpoints
 * over 20 stages and 12 lanes: the visible viewport drawn, one edited card
 * back on screen, the full-map PDF, a hit test. A benchmark, not a test: it
 * prints the figures and their goals and exits 0 either way. */

#define N_STAGES      20
#define N_LANES       12
#define N_TOUCHPOINTS 1000
#define VIEW_WIDTH    1400
#define VIEW_HEIGHT   900
#define RUNS          60
#define FRAMES        300

static WmMapModel *
generate (void)
{
  static const WmLaneKind kinds[N_LANES] = {
    WM_LANE_TOUCHPOINTS, WM_LANE_EMOTION, WM_LANE_TOUCHPOINTS, WM_LANE_TEXT, WM_LANE_BACKSTAGE,
    WM_LANE_TOUCHPOINTS, WM_LANE_PAIN_POINTS, WM_LANE_OPPORTUNITIES, WM_LANE_KPI,
    WM_LANE_TOUCHPOINTS, WM_LANE_TEXT, WM_LANE_BACKSTAGE,
  };
  static const char *const keys[] = { "website", "app", "email", "phone", "live-chat", "store",
                                      "video-call", "sms" };
  static const WmChannelKind channel_kinds[] = { WM_CHANNEL_DIGITAL, WM_CHANNEL_DIGITAL,
                                                 WM_CHANNEL_DIGITAL, WM_CHANNEL_ANALOG,
                                                 WM_CHANNEL_DIGITAL, WM_CHANNEL_ANALOG,
                                                 WM_CHANNEL_HYBRID, WM_CHANNEL_DIGITAL };
  static const gint64 touchpoint_lanes[] = { 1, 3, 6, 10 };
  WmMapModel *model = wm_map_model_new ();
  GRand *rand = g_rand_new_with_seed (8);

  g_free (model->name);
  model->name = g_strdup ("Benchmark journey");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    wm_map_model_add_channel (model, i + 1, keys[i], keys[i], channel_kinds[i]);
  wm_map_model_add_persona (model, 1, "Persona A", "#3584e4");
  wm_map_model_add_persona (model, 2, "Persona B", "#e66100");
  for (guint l = 0; l < N_LANES; l++)
    {
      g_autofree char *name = g_strdup_printf ("Lane %u", l + 1);

      wm_map_model_add_lane (model, l + 1, name, kinds[l]);
    }
  for (guint s = 0; s < N_STAGES; s++)
    {
      g_autofree char *name = g_strdup_printf ("Stage %u of the journey", s + 1);
      WmMapStage *stage = wm_map_model_add_stage (model, 100 + s, name);

      g_free (stage->description);
      stage->description = g_strdup ("What the customer does here, in a sentence or two.");
      for (guint l = 0; l < N_LANES; l++)
        if (kinds[l] == WM_LANE_TEXT || kinds[l] == WM_LANE_BACKSTAGE
            || kinds[l] == WM_LANE_PAIN_POINTS || kinds[l] == WM_LANE_OPPORTUNITIES)
          wm_map_model_set_cell_text (model, 100 + s, l + 1,
                                      "A note that runs over a few lines, as notes in a "
                                      "workshop do, with a second sentence.");
    }
  for (guint t = 0; t < N_TOUCHPOINTS; t++)
    {
      g_autofree char *title = g_strdup_printf ("Touchpoint %u: the customer does this", t + 1);
      WmMapTouchpoint *tp;

      tp = wm_map_model_add_touchpoint (model, 1000 + t, 100 + t * N_STAGES / N_TOUCHPOINTS,
                                        touchpoint_lanes[g_rand_int_range (rand, 0, 4)],
                                        g_rand_int_range (rand, 1, 9), title,
                                        g_rand_int_range (rand, -3, 4));
      tp->moment_that_matters = t % 17 == 0;
      tp->dropout_risk = t % 3 + 1;
      tp->context_carried = t % 5 != 0;
      if (t % 4 == 0)
        wm_map_model_set_persona_emotion (model, tp, 2, g_rand_int_range (rand, -3, 4));
    }
  for (guint s = 0; s < N_STAGES; s += 3)
    {
      const double history[] = { 31, 33, 30, 35, 36, 34 };

      wm_map_model_add_kpi (model, s + 1, 100 + s, "Customer satisfaction", "84 %",
                            WM_KPI_STATUS_WARNING, history, G_N_ELEMENTS (history));
    }
  wm_map_model_sort (model);
  g_rand_free (rand);

  return model;
}

/* The canvas's cache of pieces, kept from frame to frame (NULL without
 * one: WM_BENCH_MAP_NO_CACHE). */
static WmMapRenderCache *cache;

/* As the canvas's snapshot does (wm-journey-canvas.c): the background
 * painted, then the body scrolled, headers and labels pinned, each clipped to
 * its part of the widget. */

static void
draw_viewport (WmMapLayout *layout,
               cairo_t     *cr,
               double       scroll_x,
               double       scroll_y)
{
  const WmMapPalette *palette = wm_map_palette_get (WM_MAP_THEME_LIGHT);
  WmMapRenderOptions options = { .palette = palette, .cache = cache };
  double lw = wm_map_layout_get_label_width (layout);
  double hh = wm_map_layout_get_header_height (layout);
  WmMapRect body = { scroll_x + lw, scroll_y + hh, VIEW_WIDTH - lw, VIEW_HEIGHT - hh };

  cairo_save (cr);
  cairo_set_source_rgb (cr, palette->background.red, palette->background.green,
                        palette->background.blue);
  cairo_paint (cr);

  cairo_save (cr);
  cairo_rectangle (cr, lw, hh, VIEW_WIDTH - lw, VIEW_HEIGHT - hh);
  cairo_clip (cr);
  cairo_translate (cr, -scroll_x, -scroll_y);
  wm_map_render_draw_body (layout, cr, &options, &body);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_rectangle (cr, lw, 0, VIEW_WIDTH - lw, hh);
  cairo_clip (cr);
  cairo_translate (cr, -scroll_x, 0);
  wm_map_render_draw_stage_headers (layout, cr, &options, body.x, body.width);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_rectangle (cr, 0, hh, lw, VIEW_HEIGHT - hh);
  cairo_clip (cr);
  cairo_translate (cr, 0, -scroll_y);
  wm_map_render_draw_lane_labels (layout, cr, &options, body.y, body.height);
  cairo_restore (cr);

  wm_map_render_draw_corner (layout, cr, &options);
  cairo_restore (cr);
}

typedef struct
{
  gint64 wall;
  double cpu;
} Clock;

static void
clock_start (Clock *clock)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  clock->cpu = now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
  clock->wall = g_get_monotonic_time ();
}

/* Milliseconds since clock_start(): wall clock, and CPU time of this process
 * (the machine may be shared: CPU time is what the code itself costs). */
static void
clock_read (const Clock *clock,
            double      *wall,
            double      *cpu)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  *cpu = now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - clock->cpu;
  *wall = (g_get_monotonic_time () - clock->wall) / 1000.0;
}

static void
report_plain (const char *what,
              double      wall,
              double      cpu,
              const char *unit)
{
  g_print ("%-40s %9.4f %s wall %9.4f %s CPU\n", what, wall, unit, cpu, unit);
}

static void
report (const char *what,
        double      wall,
        double      cpu,
        const char *unit,
        double      goal)
{
  g_print ("%-40s %9.4f %s wall %9.4f %s CPU   (goal ≤ %g %s: %s)\n", what, wall, unit, cpu, unit,
           goal, unit, MIN (wall, cpu) <= goal ? "met" : "NOT met");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);

  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* One frame as the canvas makes it: drawn straight onto the window-sized
 * image it hands to GTK as a texture, at the device scale (the canvas
 * reuses its images once GTK let go of them). */
static void
draw_frame (WmMapLayout     *layout,
            cairo_surface_t *target,
            double           scroll_x,
            double           scroll_y)
{
  cairo_t *cr = cairo_create (target);

  draw_viewport (layout, cr, scroll_x, scroll_y);
  cairo_destroy (cr);
  cairo_surface_flush (target);
}

/* The viewport scrolled frame by frame from the middle of the map, as a
 * drag or a kinetic scroll does, onto a window of @scale × the pixels (2: a
 * HiDPI screen). Each frame timed on its own; the medians, so that a frame
 * during which the shared machine did something else does not count. The
 * first frame, which shapes the text it shows, is left out. */
static void
measure_viewport (WmMapLayout *layout,
                  double       scale,
                  double      *wall,
                  double      *cpu)
{
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                        VIEW_WIDTH * scale,
                                                        VIEW_HEIGHT * scale);
  /* Fewer under valgrind: WM_BENCH_MAP_FRAMES. */
  const char *n_env = g_getenv ("WM_BENCH_MAP_FRAMES");
  guint n = n_env != NULL ? CLAMP (atoi (n_env), 1, 100000) : FRAMES;
  double *walls = g_new (double, n);
  double *cpus = g_new (double, n);
  double w, h;

  cairo_surface_set_device_scale (target, scale, scale);
  wm_map_layout_get_size (layout, &w, &h);
  draw_frame (layout, target, w / 2, 0);
  for (guint i = 0; i < n; i++)
    {
      Clock clock;

      clock_start (&clock);
      draw_frame (layout, target, w / 2 + i * 23, (i % 7) * 20);
      clock_read (&clock, &walls[i], &cpus[i]);
    }
  *wall = median (walls, n);
  *cpu = median (cpus, n);

  /* To compare what is drawn before and after a change: WM_BENCH_MAP_PNG=dir
   * gets the frame scrolled to a whole pixel and to a fraction of one. */
  if (g_getenv ("WM_BENCH_MAP_PNG") != NULL)
    for (int frac = 0; frac < 2; frac++)
      {
        g_autofree char *name = g_strdup_printf ("viewport-%g%s.png", scale, frac ? "-frac" : "");
        g_autofree char *path = g_build_filename (g_getenv ("WM_BENCH_MAP_PNG"), name, NULL);

        draw_frame (layout, target, w / 2 + frac * 0.3, frac * 0.6);
        cairo_surface_write_to_png (target, path);
      }
  g_free (walls);
  g_free (cpus);
  cairo_surface_destroy (target);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WmMapModel) model = generate ();
  g_autoptr(WmMapLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("waymark-bench-map-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_WIDTH,
                                                         VIEW_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  GRand *rand = g_rand_new_with_seed (42);
  double w, h, wall, cpu;
  Clock clock;
  guint n_hits = 200000;
  gint64 edited = 1000 + N_TOUCHPOINTS / 2;

  if (g_getenv ("WM_BENCH_MAP_NO_CACHE") == NULL)
    cache = wm_map_render_cache_new ();
  g_print ("Journey: %d touchpoints, %d stages, %d lanes\n", N_TOUCHPOINTS, N_STAGES, N_LANES);
  clock_start (&clock);
  layout = wm_map_layout_new (model);
  clock_read (&clock, &wall, &cpu);
  wm_map_layout_get_size (layout, &w, &h);
  g_print ("Map %.0f × %.0f\n", w, h);
  report_plain ("Full layout, all text measured", wall, cpu, "ms");

  /* The viewport, mid-map: the first draw shapes the text it shows, then
   * the steady state while scrolling. */
  clock_start (&clock);
  draw_viewport (layout, cr, w / 2, 0);
  clock_read (&clock, &wall, &cpu);
  report_plain ("First draw of a viewport (text shaped)", wall, cpu, "ms");
  measure_viewport (layout, 1, &wall, &cpu);
  report ("Visible viewport 1400 × 900 (median)", wall, cpu, "ms", 4);
  measure_viewport (layout, 2, &wall, &cpu);
  report_plain ("The same at scale 2 (HiDPI)", wall, cpu, "ms");
  if (g_getenv ("WM_BENCH_MAP_VIEWPORT_ONLY") != NULL)
    {
      g_rand_free (rand);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      wm_map_render_cache_free (cache);
      g_rmdir (dir);
      return 0;
    }

  /* One card edited: its new title and feeling laid out, the viewport drawn. */
  clock_start (&clock);
  for (int i = 0; i < RUNS; i++)
    {
      WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, edited);
      const WmMapCardBox *card;
      WmMapRect damage;

      g_free (tp->title);
      tp->title = g_strdup_printf ("Edited title number %d", i);
      tp->emotion = i % 7 - 3;
      wm_map_layout_update_touchpoint (layout, edited, &damage);
      card = wm_map_layout_lookup_card (layout, edited);
      draw_viewport (layout, cr, card->rect.x - VIEW_WIDTH / 2.0, 0);
    }
  clock_read (&clock, &wall, &cpu);
  report ("One edited card back on screen", wall / RUNS, cpu / RUNS, "ms", 16);

  clock_start (&clock);
  if (!wm_map_export (layout, WM_MAP_EXPORT_PDF, pdf, 1, NULL, &error))
    g_printerr ("PDF export failed: %s\n", error->message);
  clock_read (&clock, &wall, &cpu);
  report ("Full-map PDF export", wall / 1000, cpu / 1000, "s", 0.5);
  g_print ("PDF: %u pages\n", wm_map_export_count_pdf_pages (layout));
  if (g_getenv ("WM_BENCH_KEEP_PDF") == NULL)
    {
      g_unlink (pdf);
      g_rmdir (dir);
    }
  else
    g_print ("PDF kept: %s\n", pdf);

  clock_start (&clock);
  for (guint i = 0; i < n_hits; i++)
    {
      WmMapHit hit;

      wm_map_layout_hit_test (layout, g_rand_double_range (rand, 0, w),
                              g_rand_double_range (rand, 0, h), &hit);
    }
  clock_read (&clock, &wall, &cpu);
  report ("Hit test", wall / n_hits, cpu / n_hits, "ms", 0.05);

  g_rand_free (rand);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  wm_map_render_cache_free (cache);

  return 0;
}
