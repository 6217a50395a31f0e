/* bench-map-edit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-bench"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "wm-journey-canvas.h"
#include "wm-journeys-view.h"
#include "wm-test-util.h"
#include "wm-window.h"
#include "wm-ui-test-util.h"

/* How fast one edited card is back on screen in the window, on a generated
 * journey of 1,000 touchpoints over 20 stages and 12 lanes; and that a KPI
 * sample the journey does not show costs the map nothing. Prints figures;
 * passes whatever they are. */

#define N_STAGES 20
#define N_LANES 12
#define N_CARD_LANES 8
#define N_TOUCHPOINTS 1000
#define N_EDITS 40

static void
iterate (void)
{
  for (guint i = 0; i < 3; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static gint64
generate (const char *path)
{
  static const char *const extra_lanes[] = { "emotion", "text", "backstage", "pain-points" };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stages[N_STAGES], lanes[N_LANES];
  gint64 journey;

  store = wm_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_begin_edit (store, "Generate", &error));

  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Big journey");
  for (guint s = 0; s < N_STAGES; s++)
    {
      g_autofree char *name = g_strdup_printf ("Stage %u", s + 1);

      stages[s] = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, name);
    }
  for (guint l = 0; l < N_LANES; l++)
    {
      g_autoptr(WmRecord) lane = wm_record_new (WM_ENTITY_LANE);
      g_autofree char *name = g_strdup_printf ("Lane %u", l + 1);

      wm_record_set_ref (lane, WM_LANE_JOURNEY_ID, journey);
      wm_record_set_string (lane, WM_LANE_NAME, name);
      wm_record_set_string (lane, WM_LANE_KIND,
                            l < N_CARD_LANES ? "touchpoints" : extra_lanes[l - N_CARD_LANES]);
      lanes[l] = wm_store_insert (store, lane, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < N_TOUCHPOINTS; i++)
    {
      g_autoptr(WmRecord) tp = wm_record_new (WM_ENTITY_TOUCHPOINT);
      g_autofree char *title = g_strdup_printf ("Touchpoint %u", i + 1);

      wm_record_set_ref (tp, WM_TOUCHPOINT_JOURNEY_ID, journey);
      wm_record_set_ref (tp, WM_TOUCHPOINT_STAGE_ID, stages[(i * N_STAGES) / N_TOUCHPOINTS]);
      wm_record_set_ref (tp, WM_TOUCHPOINT_LANE_ID, lanes[i % N_CARD_LANES]);
      wm_record_set_string (tp, WM_TOUCHPOINT_TITLE, title);
      wm_record_set_int (tp, WM_TOUCHPOINT_EMOTION, (gint64) (i % 7) - 3);
      wm_record_set_boolean (tp, WM_TOUCHPOINT_MOMENT_THAT_MATTERS, i % 37 == 0);
      wm_store_insert (store, tp, &error);
      g_assert_no_error (error);
    }
  wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "Unrelated KPI");
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);

  return journey;
}

/* Draws what the canvas shows now, to pixels, as a frame would. */
static double
paint_ms (GtkWidget *widget)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 start = g_get_monotonic_time ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figure (const char *what,
              GArray     *values,
              const char *goal)
{
  g_array_sort (values, compare_double);
  g_print ("%-44s median %7.2f ms   max %7.2f ms   %s\n", what,
           g_array_index (values, double, values->len / 2),
           g_array_index (values, double, values->len - 1), goal);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) update = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) commit = g_array_new (FALSE, FALSE, sizeof (double));
  WmJourneyCanvas *canvas;
  WmJourneysView *view;
  WmWindow *window;
  WmStore *store;
  WmMapModel *model;
  WmSample sample = { 1700000000, 1, 0 };
  guint changes = 0;
  gint64 kpi, start;
  gint64 open_us;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the map editing benchmark\n");
      return 77;
    }

  gtk_init ();
  adw_init ();

  dir = wm_test_make_temp_dir ();
  path = g_build_filename (dir, "Big.waymark", NULL);
  generate (path);

  file = g_file_new_for_path (path);
  window = wm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  start = g_get_monotonic_time ();
  if (!wm_window_open_file (window, file, &error))
    g_error ("%s", error->message);
  open_us = g_get_monotonic_time () - start;
  iterate ();

  store = wm_window_get_store (window);
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  g_assert_nonnull (view);
  canvas = wm_journeys_view_get_canvas (view);
  model = wm_journey_canvas_get_model (canvas);
  g_assert_nonnull (model);
  g_assert_cmpuint (model->touchpoints->len, ==, N_TOUCHPOINTS);

  g_print ("Journey: %u touchpoints, %u stages, %u lanes; window 1400×900\n",
           model->touchpoints->len, model->stages->len, model->lanes->len);
  g_print ("%-44s %7.2f ms\n", "open the project and show the map", open_us / 1000.0);

  for (guint i = 0; i < N_EDITS; i++)
    {
      /* A card on screen: the first ones. */
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i % 8);
      g_autofree char *title = g_strdup_printf ("Edited title %u", i);
      double ms, paint_time;

      start = g_get_monotonic_time ();
      if (!wm_store_set_string (store, tp->id, WM_TOUCHPOINT_TITLE, title, &error))
        g_error ("%s", error->message);
      paint_time = paint_ms (GTK_WIDGET (canvas));
      ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (total, ms);
      g_array_append_val (paint, paint_time);
      ms = wm_journey_canvas_get_last_reload_us (canvas) / 1000.0;
      g_array_append_val (update, ms);
      ms = g_array_index (total, double, total->len - 1) - paint_time - ms;
      g_array_append_val (commit, ms);
      g_assert_cmpstr (wm_map_model_get_touchpoint (model, tp->id)->title, ==, title);
      /* A person's edits come this far apart at the least, so each finds
       * the last on the disk (the window commits on a thread). */
      wm_ui_test_wait_ms (50);
    }

  print_figure ("edit: map model + layout updated", update, "");
  print_figure ("edit: visible viewport painted", paint, "");
  print_figure ("edit: store edit (COMMIT on its thread)", commit, "");
  print_figure ("one edited card back on screen (all)", total, "goal ≤ 16 ms");

  /* A stage renamed: that stage laid out again. */
  {
    g_autoptr(GArray) renamed = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < 5; i++)
      {
        WmMapStage *stage = g_ptr_array_index (model->stages, 0);
        g_autofree char *name = g_strdup_printf ("Stage renamed %u", i);
        double ms;

        if (!wm_store_set_string (store, stage->id, WM_STAGE_NAME, name, &error))
          g_error ("%s", error->message);
        ms = wm_journey_canvas_get_last_reload_us (canvas) / 1000.0;
        g_array_append_val (renamed, ms);
        iterate ();
      }
    print_figure ("stage renamed: map model + layout updated", renamed, "");
  }

  /* A lane added and removed: the whole journey read and laid out again. */
  {
    g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < 4; i++)
      {
        double ms;

        if (i % 2 == 0)
          wm_test_insert_named (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, model->journey_id,
                                "Extra lane");
        else if (!wm_store_undo (store, &error))
          g_error ("%s", error->message);
        ms = wm_journey_canvas_get_last_reload_us (canvas) / 1000.0;
        g_array_append_val (full, ms);
        model = wm_journey_canvas_get_model (canvas);
        iterate ();
      }
    print_figure ("lane added: whole journey read again", full, "");
  }

  /* Samples of a KPI the journey does not show. */
  kpi = 0;
  {
    g_autoptr(GPtrArray) kpis = wm_store_list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, NULL);

    kpi = wm_record_get_id (g_ptr_array_index (kpis, 0));
  }
  g_signal_connect (canvas, "map-changed", G_CALLBACK (count_cb), &changes);
  for (guint i = 0; i < 20; i++)
    {
      sample.time += 3600;
      if (!wm_store_add_samples (store, kpi, &sample, 1, "bench", &error))
        g_error ("%s", error->message);
      iterate ();
    }
  g_print ("%-44s %u map updates for 20 samples (goal 0)\n", "unrelated KPI sample", changes);
  g_signal_handlers_disconnect_by_func (canvas, count_cb, &changes);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  wm_test_remove_dir (dir);

  return EXIT_SUCCESS;
}
