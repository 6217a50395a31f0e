/* test-map-export.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "wm-demo.h"
#include "wm-map-export.h"
#include "wm-map-fixture.h"
#include "wm-map-render.h"
#include "wm-test-util.h"

static const char *cli_path;

/* Helpers */

/* waymark-cli draws with fontconfig, which leaks its parsed configuration at
 * exit (fontconfig 2.14): under the sanitizers, that alone is not ours. */
static GStrv
child_environment (void)
{
  g_autofree char *supp = g_test_build_filename (G_TEST_DIST, "lsan.supp", NULL);
  g_autofree char *options = g_strdup_printf ("suppressions=%s:print_suppressions=0", supp);
  GStrv env = g_get_environ ();

  return g_environ_setenv (env, "LSAN_OPTIONS", options, TRUE);
}

static char *
run (const char *const *argv,
     int               *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int wait_status;

  g_auto(GStrv) env = child_environment ();

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status)
            : WIFSIGNALED (wait_status) ? 1000 + WTERMSIG (wait_status) : -1;
  if (err != NULL && err[0] != '\0')
    g_test_message ("%s: %s", argv[0], err);

  return out;
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *all[] = { "pdftotext", "-layout", path, "-", NULL };
  const char *one[] = { "pdftotext", "-f", number, "-l", number, path, "-", NULL };
  int status;
  char *text = run (page > 0 ? one : all, &status);

  g_assert_cmpint (status, ==, 0);

  return text;
}

/* RFC 4180 records: quoted fields may hold commas, quotes and line breaks. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          p++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);

  return rows;
}

static void
markup_error_cb (GMarkupParseContext *context,
                 GError              *error,
                 gpointer             user_data)
{
}

static WmMapModel *
long_model (guint n_stages,
            guint per_stage)
{
  WmMapModel *model = wm_map_model_new ();

  g_free (model->name);
  model->name = g_strdup ("Long journey");
  wm_map_model_add_lane (model, 1, "Touchpoints", WM_LANE_TOUCHPOINTS);
  wm_map_model_add_lane (model, 2, "Emotion", WM_LANE_EMOTION);
  wm_map_model_add_channel (model, 1, "website", "Website", WM_CHANNEL_DIGITAL);
  for (guint s = 0; s < n_stages; s++)
    {
      g_autofree char *name = g_strdup_printf ("Stage %u", s + 1);

      wm_map_model_add_stage (model, 100 + s, name);
      for (guint t = 0; t < per_stage; t++)
        {
          g_autofree char *title = g_strdup_printf ("Step %u.%u", s + 1, t + 1);

          wm_map_model_add_touchpoint (model, 1000 + s * per_stage + t, 100 + s, 1, 1, title,
                                       (int) ((s + t) % 7) - 3);
        }
    }
  wm_map_model_sort (model);

  return model;
}

/* Tests */

static void
test_png (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  double w, h;

  wm_map_layout_get_size (layout, &w, &h);
  g_assert_true (wm_map_export (layout, WM_MAP_EXPORT_PNG, path, 1.5, NULL, &error));
  g_assert_no_error (error);

  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (w * 1.5));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (h * 1.5));
  cairo_surface_destroy (image);

  /* Too big for an image: a clear error, nothing written. */
  {
    g_autoptr(WmMapModel) big = long_model (40, 10);
    g_autoptr(WmMapLayout) big_layout = wm_map_layout_new (big);
    g_autofree char *big_path = g_build_filename (dir, "big.png", NULL);

    g_assert_false (wm_map_export (big_layout, WM_MAP_EXPORT_PNG, big_path, 1, NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
    g_assert_false (g_file_test (big_path, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }

  /* A bad scale, and a folder that does not exist. */
  g_assert_false (wm_map_export (layout, WM_MAP_EXPORT_PNG, path, 0, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "map.png", NULL);

    g_assert_false (wm_map_export (layout, WM_MAP_EXPORT_PNG, nowhere, 1, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Only the PNG is left in the folder: no temporary files. */
  {
    g_auto(GStrv) names = wm_test_list_dir (dir);

    g_assert_cmpuint (g_strv_length (names), ==, 1);
    g_assert_cmpstr (names[0], ==, "map.png");
  }
  wm_test_remove_dir (dir);
}

static void
test_svg (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "map.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const GMarkupParser parser = { NULL, NULL, NULL, NULL, markup_error_cb };
  GMarkupParseContext *context;

  g_assert_true (wm_map_export (layout, WM_MAP_EXPORT_SVG, path, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));

  /* Well-formed XML, an <svg> document. */
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_nonnull (strstr (text, "<svg"));

  wm_test_remove_dir (dir);
}

/* The text of @model's map exported as a PDF, which must be one page. */
static char *
export_pdf_text (WmMapModel *model)
{
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "map.pdf", NULL);
  g_autoptr(GError) error = NULL;
  char *text;

  g_assert_true (wm_map_export (layout, WM_MAP_EXPORT_PDF, path, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wm_map_export_count_pdf_pages (layout), ==, 1);
  text = pdf_text (path, 0);
  wm_test_remove_dir (dir);

  return text;
}

static void
test_pdf (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autofree char *text = export_pdf_text (model);

  /* Text stays text. */
  g_assert_nonnull (strstr (text, "Queue at the counter"));
  g_assert_nonnull (strstr (text, "Discover"));
  g_assert_nonnull (strstr (text, "Why so slow?"));
  g_assert_nonnull (strstr (text, "Fixture journey"));
  /* The curve's lowest point (touchpoint 3, −3) is marked. */
  g_assert_nonnull (strstr (text, "Lowest point"));
}

/* A curve of one point has no lowest point to speak of: a new journey's
 * first touchpoint, felt −3, is not marked as one. */
static void
test_pdf_single_point (void)
{
  g_autoptr(WmMapModel) model = long_model (1, 1);
  g_autofree char *text = NULL;

  g_assert_cmpuint (model->touchpoints->len, ==, 1);
  text = export_pdf_text (model);
  g_assert_nonnull (strstr (text, "Step 1.1"));
  g_assert_null (strstr (text, "Lowest point"));
}

static void
test_pdf_pages (void)
{
  g_autoptr(WmMapModel) model = long_model (12, 3);
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GError) error = NULL;
  guint pages = wm_map_export_count_pdf_pages (layout);
  GString *all = g_string_new (NULL);

  g_assert_true (wm_map_export (layout, WM_MAP_EXPORT_PDF, path, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pages, >, 1);

  /* Every page repeats the lane labels and has its own stage headers; no
   * stage is lost or cut, every step is on some page. */
  for (guint p = 1; p <= pages; p++)
    {
      g_autofree char *text = pdf_text (path, p);

      g_assert_nonnull (strstr (text, "Touchpoints"));
      g_assert_nonnull (strstr (text, "Emotion"));
      g_assert_nonnull (strstr (text, "Stage "));
      g_string_append (all, text);
    }
  for (guint s = 1; s <= 12; s++)
    {
      g_autofree char *step = g_strdup_printf ("Step %u.3", s);

      g_assert_nonnull (strstr (all->str, step));
    }
  /* Text in the pieces every card repeats (written once, placed by each
   * card) stays text too. */
  g_assert_nonnull (strstr (all->str, "Website"));
  {
    /* Nothing was rasterised: every piece is vector. */
    const char *argv[] = { "pdfimages", "-list", path, NULL };
    int status;
    g_autofree char *list = run (argv, &status);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (status, ==, 0);
    lines = g_strsplit (g_strstrip (list), "\n", -1);
    /* Only the two heading lines. */
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
  }
  {
    g_autofree char *past = pdf_text (path, 0);

    g_assert_null (strstr (past, "page 0 "));
  }
  g_string_free (all, TRUE);
  wm_test_remove_dir (dir);
}

static void
test_pdf_wide_stage (void)
{
  /* Two stages of 30 steps, each wider than a page. */
  g_autoptr(WmMapModel) model = long_model (2, 30);
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "wide.pdf", NULL);
  g_autoptr(GError) error = NULL;
  guint pages = wm_map_export_count_pdf_pages (layout);

  g_assert_true (wm_map_export (layout, WM_MAP_EXPORT_PDF, path, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pages, >, 4);

  /* Every page names the stage it shows, not only the page it starts on. */
  for (guint p = 1; p <= pages; p++)
    {
      g_autofree char *text = pdf_text (path, p);

      g_assert_true (strstr (text, "Stage 1") != NULL || strstr (text, "Stage 2") != NULL);
    }
  wm_test_remove_dir (dir);
}

static void
test_csv (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "map.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, FIX_TP_2);
  GPtrArray *row;

  g_free (tp->title);
  tp->title = g_strdup ("Say \"hi\", then\nleave");
  g_free (tp->message);
  tp->message = g_strdup ("=HYPERLINK(\"x\")");

  g_assert_true (wm_map_export (layout, WM_MAP_EXPORT_CSV, path, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  rows = parse_csv (text);

  /* A header, then one row per touchpoint, all as wide as the header. */
  g_assert_cmpuint (rows->len, ==, model->touchpoints->len + 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (g_ptr_array_index (row, 3), ==, "title");
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==, row->len);

  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (g_ptr_array_index (row, 1), ==, "Discover");
  g_assert_cmpstr (g_ptr_array_index (row, 3), ==, "Say \"hi\", then\nleave");
  g_assert_cmpstr (g_ptr_array_index (row, 4), ==, "Email");
  /* A formula is kept as text. */
  g_assert_cmpstr (g_ptr_array_index (row, 14), ==, "'=HYPERLINK(\"x\")");
  row = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (g_ptr_array_index (row, 5), ==, "analog");
  g_assert_cmpstr (g_ptr_array_index (row, 6), ==, "-3");
  g_assert_cmpstr (g_ptr_array_index (row, 7), ==, "yes");
  g_assert_cmpstr (g_ptr_array_index (row, 9), ==, "high");
  g_assert_cmpstr (g_ptr_array_index (row, 11), ==, "no");

  wm_test_remove_dir (dir);
}

static void
test_formats (void)
{
  WmMapExportFormat format;

  g_assert_true (wm_map_export_format_from_string ("PDF", &format));
  g_assert_cmpint (format, ==, WM_MAP_EXPORT_PDF);
  g_assert_true (wm_map_export_format_from_string ("mermaid", &format));
  g_assert_cmpint (format, ==, WM_MAP_EXPORT_MERMAID);
  g_assert_false (wm_map_export_format_from_string ("docx", &format));
}

/* The command line on the demo project: every format, and analyze. */
static void
test_cli (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *project = g_build_filename (dir, "demo.waymark", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_demo_create (project, &error);
  const char *formats[] = { "png", "svg", "pdf", "csv", "mermaid" };
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  int status;

  g_assert_no_error (error);
  g_clear_object (&store);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = g_build_filename (dir, formats[i], NULL);
      const char *argv[] = { cli_path, "export", project, "--journey",
                             "Order online, pick up in store", "--format", formats[i], "-o", out,
                             "--scale", "2", NULL };
      g_autofree char *stdout_text = run (argv, &status);

      g_assert_cmpint (status, ==, 0);
      g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
      /* It says what it wrote, and a PDF's pages. */
      g_assert_nonnull (strstr (stdout_text, "Wrote “Order online, pick up in store” to “"));
      g_assert_true (g_str_equal (formats[i], "pdf") == (strstr (stdout_text, "(1 page)") != NULL));
    }

  {
    const char *argv[] = { cli_path, "export", project, "--journey", "No such journey",
                           "--format", "pdf", "-o", "/dev/null/x", NULL };
    g_autofree char *out = run (argv, &status);

    /* A wrong argument, before the output is looked at. */
    g_assert_cmpint (status, ==, 2);
  }
  {
    const char *argv[] = { cli_path, "export", project, "--journey", "1", "--format", "docx",
                           "-o", "x", NULL };
    g_autofree char *out = run (argv, &status);

    g_assert_cmpint (status, ==, 2);
  }

  {
    const char *argv[] = { cli_path, "analyze", project, "--journey",
                           "Order online, pick up in store", "--json", NULL };

    json = run (argv, &status);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  {
    JsonArray *switches = json_object_get_array_member (root, "switches");
    gboolean store_flagged = FALSE;

    g_assert_cmpuint (json_array_get_length (switches), >, 0);
    for (guint i = 0; i < json_array_get_length (switches); i++)
      {
        JsonObject *item = json_array_get_object_element (switches, i);
        JsonObject *to = json_object_get_object_member (item, "to");

        if (g_strcmp0 (json_object_get_string_member (to, "channel"), "Store") == 0)
          store_flagged = json_object_get_boolean_member (item, "digital_analog");
      }
    g_assert_true (store_flagged);
    g_assert_true (json_object_has_member (root, "moments"));
    g_assert_true (json_object_has_member (root, "stages"));
    g_assert_false (json_object_get_null_member (root, "lowest"));
  }

  /* The to-be journey is compared with its as-is one. */
  {
    const char *argv[] = { cli_path, "analyze", project, "--journey",
                           "Software upgrade support (to-be)", "--json", NULL };
    g_autofree char *to_be = run (argv, &status);
    JsonObject *comparison;

    g_assert_cmpint (status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, to_be, -1, &error));
    root = json_node_get_object (json_parser_get_root (parser));
    comparison = json_object_get_object_member (root, "comparison");
    g_assert_nonnull (comparison);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (comparison,
                                                                                   "as_is"),
                                                    "name"), ==, "Software upgrade support");
  }

  /* As text, emotions read as in the window: a true minus sign, and 0 for
   * no change rather than "+0". */
  {
    const char *argv[] = { cli_path, "analyze", project, "--journey",
                           "Software upgrade support (to-be)", NULL };
    g_autofree char *text = run (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (text, "Average emotion \u22120.6 \u2192 +1.4"));
    g_assert_null (strstr (text, "+0"));
    g_assert_null (strstr (text, " -"));
  }

  wm_test_remove_dir (dir);
}

/* The raster cache of pieces and curve tiles: a map drawn with it looks
 * as drawn without (at scale 1 and 2, at a zoom that puts pieces between
 * pixels, scrolled by a fraction), keeps its pieces from one frame to the
 * next, starts again at another zoom, and is never used for files or
 * recordings. */
static cairo_surface_t *
draw_scaled (WmMapLayout      *layout,
             WmMapRenderCache *cache,
             double            scale,
             double            zoom,
             double            scroll_x)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900 * scale,
                                                         600 * scale);
  WmMapRenderOptions options = { .palette = wm_map_palette_get (WM_MAP_THEME_LIGHT),
                                 .selected_touchpoint_id = FIX_TP_3, .cache = cache };
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_scale (cr, zoom, zoom);
  cairo_translate (cr, -scroll_x, 0);
  wm_map_render_draw (layout, cr, &options,
                      &(WmMapRect) { scroll_x, 0, 900 / zoom, 600 / zoom });
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b,
                    gboolean         on_pixels)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint differing = 0, worst = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a)
                          + x * 4;
        const guint8 *q = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b)
                          + x * 4;
        guint diff = 0;

        for (int c = 0; c < 4; c++)
          diff = MAX (diff, (guint) abs (p[c] - q[c]));
        worst = MAX (worst, diff);
        differing += diff > 2;
      }
  g_test_message ("%d × %d: %u pixels differ by more than 2, at most by %u", width, height,
                  differing, worst);
  /* Blends rounded apart, a curve point a sixteenth of a pixel off: never
   * a piece misplaced or blurred, which would differ in far more pixels.
   * Between pixels a card is placed within a quarter of one, and a glyph
   * in it (cairo puts glyphs on whole pixels) may land a pixel over. */
  g_assert_cmpuint (differing, <, (guint) (width * height) / (on_pixels ? 500 : 100));
  if (on_pixels)
    g_assert_cmpuint (worst, <=, 48);
}

static void
test_render_cache (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = wm_map_layout_new (model);
  g_autoptr(WmMapRenderCache) cache = wm_map_render_cache_new ();
  const double scales[] = { 1, 2 };
  const double zooms[] = { 1, 0.9, 1.37 };
  const double scrolls[] = { 10, 10.3 };
  cairo_surface_t *recording;
  cairo_t *cr;
  WmMapRenderOptions options = { .cache = cache };
  guint n;

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    for (guint z = 0; z < G_N_ELEMENTS (zooms) * G_N_ELEMENTS (scrolls); z++)
      {
        double zoom = zooms[z / 2], scroll = scrolls[z % 2];
        gboolean on_pixels = zoom == 1 && scroll == floor (scroll);
        cairo_surface_t *plain = draw_scaled (layout, NULL, scales[s], zoom, scroll);
        cairo_surface_t *cached = draw_scaled (layout, cache, scales[s], zoom, scroll);
        cairo_surface_t *again;

        n = wm_map_render_cache_get_n_pieces (cache);
        g_assert_cmpuint (n, >, 0);
        assert_same_pixels (plain, cached, on_pixels);
        /* The next frame copies what the first one drew. */
        again = draw_scaled (layout, cache, scales[s], zoom, scroll);
        g_assert_cmpuint (wm_map_render_cache_get_n_pieces (cache), ==, n);
        assert_same_pixels (plain, again, on_pixels);
        cairo_surface_destroy (plain);
        cairo_surface_destroy (cached);
        cairo_surface_destroy (again);
      }

  /* Another zoom starts again: the old pieces are gone, not kept beside. */
  cairo_surface_destroy (draw_scaled (layout, cache, 1, 1, 0));
  n = wm_map_render_cache_get_n_pieces (cache);
  cairo_surface_destroy (draw_scaled (layout, cache, 1, 2, 0));
  cairo_surface_destroy (draw_scaled (layout, cache, 1, 1, 0));
  g_assert_cmpuint (wm_map_render_cache_get_n_pieces (cache), ==, n);

  /* A recording (a file, or GTK's cairo node) draws every piece in place. */
  wm_map_render_cache_clear (cache);
  g_assert_cmpuint (wm_map_render_cache_get_n_pieces (cache), ==, 0);
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  wm_map_render_draw (layout, cr, &options, NULL);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);
  g_assert_cmpuint (wm_map_render_cache_get_n_pieces (cache), ==, 0);
}

/* The colour at (@x, @y) of an opaque ARGB32 image, 0–255 a channel. */
static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          int             *red,
          int             *green,
          int             *blue)
{
  const guint8 *p = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface)
                    + x * 4;
  guint32 value = *(const guint32 *) p;

  *red = (value >> 16) & 0xff;
  *green = (value >> 8) & 0xff;
  *blue = value & 0xff;
}

/* A card's brand-voice badge, in the colour of its worst finding, is drawn
 * when asked for (the window), not in files made for others to read. */
static void
test_render_findings (void)
{
  g_autoptr(WmMapModel) model = wm_map_fixture_new ();
  g_autoptr(WmMapLayout) layout = NULL;
  const WmMapPalette *palette = wm_map_palette_get (WM_MAP_THEME_LIGHT);
  const WmMapCardBox *card;
  int expected[3] = { (int) round (palette->danger.red * 255),
                      (int) round (palette->danger.green * 255),
                      (int) round (palette->danger.blue * 255) };

  wm_map_model_set_findings (model, FIX_TP_1, 2, WM_VOICE_SEVERITY_ERROR);
  layout = wm_map_layout_new (model);
  card = wm_map_layout_lookup_card (layout, FIX_TP_1);
  g_assert_nonnull (card);

  for (guint shown = 0; shown < 2; shown++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 900);
      WmMapRenderOptions options = { .palette = palette, .show_findings = shown };
      cairo_t *cr = cairo_create (surface);
      int rgb[3];
      /* Inside the badge's disc (radius 9 round the card's top right
       * corner), beside its number. */
      int x = (int) (card->rect.x + card->rect.width - 2 - 6);
      int y = (int) (card->rect.y + 2);

      wm_map_render_draw (layout, cr, &options, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      pixel_at (surface, x, y, &rgb[0], &rgb[1], &rgb[2]);
      if (shown)
        for (guint c = 0; c < 3; c++)
          g_assert_cmpint (abs (rgb[c] - expected[c]), <=, 2);
      else
        g_assert_true (abs (rgb[0] - expected[0]) > 20 || abs (rgb[1] - expected[1]) > 20
                       || abs (rgb[2] - expected[2]) > 20);
      cairo_surface_destroy (surface);
    }

  /* Selected, the card's ring goes round the corner under the badge: the
   * badge stays on top, where the ring crosses it. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 900);
    WmMapRenderOptions options = { .palette = palette, .show_findings = TRUE,
                                   .selected_touchpoint_id = FIX_TP_1 };
    cairo_t *cr = cairo_create (surface);
    int rgb[3];

    wm_map_render_draw (layout, cr, &options, NULL);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    pixel_at (surface, (int) floor (card->rect.x + card->rect.width - 7),
              (int) floor (card->rect.y - 4), &rgb[0], &rgb[1], &rgb[2]);
    for (guint c = 0; c < 3; c++)
      g_assert_cmpint (abs (rgb[c] - expected[c]), <=, 2);
    cairo_surface_destroy (surface);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cli_path = argc > 1 ? argv[1] : "waymark-cli";

  g_test_add_func ("/waymark/map/export/png", test_png);
  g_test_add_func ("/waymark/map/render/cache", test_render_cache);
  g_test_add_func ("/waymark/map/render/findings", test_render_findings);
  g_test_add_func ("/waymark/map/export/svg", test_svg);
  g_test_add_func ("/waymark/map/export/pdf", test_pdf);
  g_test_add_func ("/waymark/map/export/pdf/single-point", test_pdf_single_point);
  g_test_add_func ("/waymark/map/export/pdf-pages", test_pdf_pages);
  g_test_add_func ("/waymark/map/export/pdf-wide-stage", test_pdf_wide_stage);
  g_test_add_func ("/waymark/map/export/csv", test_csv);
  g_test_add_func ("/waymark/map/export/formats", test_formats);
  g_test_add_func ("/waymark/map/export/cli", test_cli);

  return wm_map_fixture_run ();
}
