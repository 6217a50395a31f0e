/* bench-persona.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "wm-avatar.h"
#include "wm-demo.h"
#include "wm-persona-sheet.h"

/* Figures for personas: importing a camera-sized photo as an avatar (in
 * the worker thread, so not on the UI's clock, but a person waits for it),
 * refusing a decompression bomb, and drawing a persona sheet. Each figure
 * is the median of several runs. */

#define RUNS 7

typedef GBytes *(*Work) (gpointer data);

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (Work     work,
           gpointer data,
           gsize   *size)
{
  double times[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) result = work (data);

      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (size)
        *size = result ? g_bytes_get_size (result) : 0;
    }
  qsort (times, RUNS, sizeof (double), compare_double);

  return times[RUNS / 2];
}

static GBytes *
import_work (gpointer data)
{
  return wm_avatar_import_bytes (data, NULL);
}

typedef struct
{
  WmStore      *store;
  WmSheetFormat format;
} SheetWork;

static GBytes *
sheet_work (gpointer data)
{
  SheetWork *work = data;

  return wm_persona_sheet_render (work->store, 1, work->format, WM_PAPER_A4, NULL);
}

static GBytes *
markdown_work (gpointer data)
{
  char *markdown = wm_persona_markdown (data, NULL);

  return g_bytes_new_take (markdown, strlen (markdown));
}

static GBytes *
photo (int width,
       int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *buffer;
  gsize size;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + x * 3;

        p[0] = (x * 7 + y) & 0xff;
        p[1] = (y * 5 + x / 3) & 0xff;
        p[2] = ((x ^ y) * 3) & 0xff;
      }
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", NULL, "quality", "92", NULL);

  return g_bytes_new_take (buffer, size);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) jpeg = photo (4000, 3000);
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("waymark-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.waymark", NULL);
  g_autofree char *bomb_path = NULL;
  SheetWork work;
  gsize size = 0;
  double ms;

  setlocale (LC_ALL, "");
  if (argc > 1)
    bomb_path = g_strdup (argv[1]);

  ms = median_ms (import_work, jpeg, &size);
  g_print ("avatar import, 4000×3000 JPEG (%zu kB): %.1f ms → %zu kB stored\n",
           g_bytes_get_size (jpeg) / 1024, ms, size / 1024);

  if (bomb_path != NULL)
    {
      gchar *contents;
      gsize length;

      if (g_file_get_contents (bomb_path, &contents, &length, NULL))
        {
          bomb = g_bytes_new_take (contents, length);
          ms = median_ms (import_work, bomb, NULL);
          g_print ("avatar import, 20000×20000 PNG refused: %.2f ms\n", ms);
        }
    }

  store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  work.store = store;
  work.format = WM_SHEET_FORMAT_PDF;
  ms = median_ms (sheet_work, &work, &size);
  g_print ("persona sheet, A4 PDF: %.1f ms (%zu kB)\n", ms, size / 1024);
  work.format = WM_SHEET_FORMAT_PNG;
  ms = median_ms (sheet_work, &work, &size);
  g_print ("persona sheet, A4 PNG at %d dpi: %.1f ms (%zu kB)\n", WM_PERSONA_SHEET_PNG_DPI, ms,
           size / 1024);
  ms = median_ms (markdown_work, store, &size);
  g_print ("Markdown of all personas: %.2f ms (%zu bytes)\n", ms, size);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);

  return 0;
}
