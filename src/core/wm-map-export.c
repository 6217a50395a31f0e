/* wm-map-export.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "wm-map-export.h"
#include "wm-map-private.h"
#include "wm-mermaid.h"

/* PDF pages: landscape A3 in points, margins, and the scale that keeps card
 * text at about 8 pt, readable on paper. */
#define PAGE_WIDTH   1190.55
#define PAGE_HEIGHT   841.89
#define PAGE_MARGIN    28.0
#define PAGE_FOOTER    18.0
#define PDF_SCALE       0.62
/* Cairo cannot make images wider or taller than this. */
#define MAX_IMAGE_SIZE 32767

typedef struct
{
  double x0;
  double x1;
} PageSpan;

/* Helpers */

static char *
temp_path_for (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", base);
  char *temp = g_build_filename (dir, template, NULL);
  int fd = g_mkstemp (temp);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      g_free (temp);
      return NULL;
    }
  close (fd);

  return temp;
}

static gboolean
finish_file (cairo_surface_t *surface,
             const char      *temp,
             const char      *path,
             GError         **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (status));
      g_unlink (temp);
      return FALSE;
    }
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      g_unlink (temp);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_png (WmMapLayout              *layout,
           const char               *path,
           double                    scale,
           const WmMapRenderOptions *options,
           GError                  **error)
{
  double w, h;
  int pw, ph;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *temp = NULL;

  wm_map_layout_get_size (layout, &w, &h);
  pw = (int) ceil (w * scale);
  ph = (int) ceil (h * scale);
  if (w * scale > MAX_IMAGE_SIZE || h * scale > MAX_IMAGE_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The map is too large for a PNG image at scale %g (%d × %d pixels, at most "
                     "%d): choose a smaller scale, or PDF."),
                   scale, pw, ph, MAX_IMAGE_SIZE);
      return FALSE;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  wm_map_render_draw (layout, cr, options, NULL);
  cairo_destroy (cr);

  temp = temp_path_for (path, error);
  if (temp == NULL)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  status = cairo_surface_write_to_png (surface, temp);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (status));
      g_unlink (temp);
      return FALSE;
    }
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      g_unlink (temp);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_svg (WmMapLayout              *layout,
           const char               *path,
           double                    scale,
           const WmMapRenderOptions *options,
           GError                  **error)
{
  g_autofree char *temp = temp_path_for (path, error);
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  gboolean ok;

  if (temp == NULL)
    return FALSE;

  wm_map_layout_get_size (layout, &w, &h);
  surface = cairo_svg_surface_create (temp, w * scale, h * scale);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  wm_map_render_draw (layout, cr, options, NULL);
  cairo_destroy (cr);
  ok = finish_file (surface, temp, path, error);
  cairo_surface_destroy (surface);

  return ok;
}

/* Splits the body into page-wide spans at stage edges, or slot edges for a
 * stage wider than a page. */
static GArray *
page_spans (WmMapLayout *layout,
            double       avail)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (PageSpan));
  PageSpan span = { WM_MAP_LABEL_WIDTH, WM_MAP_LABEL_WIDTH };
  double w;

  wm_map_layout_get_size (layout, &w, NULL);

  for (guint s = 0; s < wm_map_layout_get_n_stages (layout); s++)
    {
      const WmMapStageBox *stage = wm_map_layout_get_stage (layout, s);
      double end = stage->header.x + stage->header.width;

      if (end - span.x0 <= avail)
        {
          span.x1 = end;
          continue;
        }
      if (span.x1 > span.x0)
        {
          g_array_append_val (spans, span);
          span.x0 = span.x1;
        }
      while (end - span.x0 > avail)
        {
          double cut = span.x0 + floor (avail / WM_MAP_SLOT_WIDTH) * WM_MAP_SLOT_WIDTH;

          span.x1 = MAX (cut, span.x0 + WM_MAP_SLOT_WIDTH);
          g_array_append_val (spans, span);
          span.x0 = span.x1;
        }
      span.x1 = end;
    }
  if (span.x1 > span.x0 || spans->len == 0)
    {
      span.x1 = MAX (span.x1, MIN (w, span.x0 + avail));
      g_array_append_val (spans, span);
    }

  return spans;
}

static double
pdf_scale (WmMapLayout *layout)
{
  double w, h, fit_w, fit_h;

  wm_map_layout_get_size (layout, &w, &h);
  fit_w = (PAGE_WIDTH - 2 * PAGE_MARGIN) / w;
  fit_h = (PAGE_HEIGHT - 2 * PAGE_MARGIN - PAGE_FOOTER) / h;

  /* A map that fits one page at a readable size fills it (up to 1:1); a
   * longer one keeps the readable size and goes on over more pages, unless
   * its lanes would not fit a page's height: then smaller. */
  if (MIN (fit_w, fit_h) >= PDF_SCALE)
    return MIN (1.0, MIN (fit_w, fit_h));

  return MIN (PDF_SCALE, fit_h);
}

static GArray *
pdf_pages (WmMapLayout *layout,
           double      *scale)
{
  *scale = pdf_scale (layout);

  return page_spans (layout, (PAGE_WIDTH - 2 * PAGE_MARGIN) / *scale - WM_MAP_LABEL_WIDTH);
}

static gboolean
write_pdf (WmMapLayout              *layout,
           const char               *path,
           const WmMapRenderOptions *options,
           GError                  **error)
{
  g_autofree char *temp = temp_path_for (path, error);
  g_autoptr(GArray) spans = NULL;
  WmMapModel *model = wm_map_layout_get_model (layout);
  cairo_surface_t *surface;
  cairo_surface_t *labels;
  cairo_t *cr;
  double scale, h, origin_x, origin_y;
  gboolean ok;

  if (temp == NULL)
    return FALSE;

  wm_map_layout_get_size (layout, NULL, &h);
  spans = pdf_pages (layout, &scale);
  surface = cairo_pdf_surface_create (temp, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, model->name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");

  /* The lane labels and the corner are the same on every page: recorded
   * once, they are written to the file once and placed on each page. */
  {
    cairo_rectangle_t extents = { 0, 0, WM_MAP_LABEL_WIDTH, h };

    labels = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
    cr = cairo_create (labels);
    wm_map_render_draw_lane_labels (layout, cr, options, WM_MAP_HEADER_HEIGHT,
                                    h - WM_MAP_HEADER_HEIGHT);
    wm_map_render_draw_corner (layout, cr, options);
    cairo_destroy (cr);
  }

  cr = cairo_create (surface);

  /* The body's top left corner on whole points, and its clip grown to whole
   * points (by less than one): the writer then clips only what crosses
   * the page's edge, not every row that merely touches it. */
  origin_x = ceil (PAGE_MARGIN + WM_MAP_LABEL_WIDTH * scale) - WM_MAP_LABEL_WIDTH * scale;
  origin_y = ceil (PAGE_MARGIN + WM_MAP_HEADER_HEIGHT * scale) - WM_MAP_HEADER_HEIGHT * scale;

  for (guint p = 0; p < spans->len; p++)
    {
      const PageSpan *span = &g_array_index (spans, PageSpan, p);
      WmMapRect body = { span->x0, WM_MAP_HEADER_HEIGHT, span->x1 - span->x0,
                         h - WM_MAP_HEADER_HEIGHT };
      double right = origin_x + (WM_MAP_LABEL_WIDTH + body.width) * scale;
      double bottom = origin_y + h * scale;
      g_autofree char *footer = NULL;
      PangoLayout *text;

      body.width += (ceil (right) - right) / scale;
      body.height += (ceil (bottom) - bottom) / scale;

      cairo_save (cr);
      cairo_translate (cr, origin_x, origin_y);
      cairo_scale (cr, scale, scale);

      /* Lane labels and the corner on every page, then this page's stages. */
      cairo_set_source_surface (cr, labels, 0, 0);
      cairo_paint (cr);
      cairo_translate (cr, WM_MAP_LABEL_WIDTH - span->x0, 0);
      wm_map_render_draw_body (layout, cr, options, &body);
      wm_map_render_draw_stage_headers (layout, cr, options, body.x, body.width);
      cairo_restore (cr);

      /* TRANSLATORS: PDF page footer: journey name, page number, page count */
      footer = g_strdup_printf (_("%s — page %u of %u"), model->name, p + 1, spans->len);
      text = wm_map_layout_get_text (layout, WM_MAP_FONT_SMALL, footer, -1, 0);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_move_to (cr, PAGE_MARGIN, PAGE_HEIGHT - PAGE_MARGIN);
      pango_cairo_show_layout (cr, text);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  ok = finish_file (surface, temp, path, error);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (labels);

  return ok;
}

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  gboolean quote = strpbrk (value, ",\"\r\n") != NULL;

  /* A cell a spreadsheet would run as a formula is kept as text. */
  if (value[0] == '=' || value[0] == '+' || value[0] == '@')
    {
      g_string_append (out, "\"'");
      quote = FALSE;
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (quote)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    {
      g_string_append (out, value);
    }
  g_string_append (out, last ? "\r\n" : ",");
}

static gboolean
write_text (const char  *path,
            const char  *text,
            GError     **error)
{
  /* g_file_set_contents() writes beside @path and renames: never half-written. */
  return g_file_set_contents (path, text, -1, error);
}

/* Public API */

gboolean
wm_map_export_format_from_string (const char        *name,
                                  WmMapExportFormat *format)
{
  static const struct {
    const char        *name;
    WmMapExportFormat  format;
  } formats[] = {
    { "png", WM_MAP_EXPORT_PNG }, { "svg", WM_MAP_EXPORT_SVG }, { "pdf", WM_MAP_EXPORT_PDF },
    { "csv", WM_MAP_EXPORT_CSV }, { "mermaid", WM_MAP_EXPORT_MERMAID },
    { "mmd", WM_MAP_EXPORT_MERMAID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (name, formats[i].name) == 0)
        {
          *format = formats[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
wm_map_export (WmMapLayout              *layout,
               WmMapExportFormat         format,
               const char               *path,
               double                    scale,
               const WmMapRenderOptions *options,
               GError                  **error)
{
  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(scale > 0 && scale <= 16))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The scale must be more than 0 and at most 16, not %g."), scale);
      return FALSE;
    }

  switch (format)
    {
    case WM_MAP_EXPORT_PNG:
      return write_png (layout, path, scale, options, error);
    case WM_MAP_EXPORT_SVG:
      return write_svg (layout, path, scale, options, error);
    case WM_MAP_EXPORT_PDF:
      return write_pdf (layout, path, options, error);
    case WM_MAP_EXPORT_CSV:
      {
        g_autofree char *csv = wm_map_export_csv (wm_map_layout_get_model (layout));

        return write_text (path, csv, error);
      }
    case WM_MAP_EXPORT_MERMAID:
      {
        g_autofree char *text = wm_mermaid_write (wm_map_layout_get_model (layout));

        return write_text (path, text, error);
      }
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * wm_map_export_csv:
 *
 * The header names and choice values are the file's own ("observed",
 * "high"), so scripts can match them whatever the user's language.
 */
char *
wm_map_export_csv (WmMapModel *model)
{
  static const char *const risks[] = { "none", "low", "medium", "high" };
  static const char *const evidences[] = { "observed", "assumed", "proposed" };
  static const char *const kinds[] = { "digital", "analog", "hybrid" };
  GString *out = g_string_new ("order,stage,lane,title,channel,channel_kind,emotion,"
                               "moment_that_matters,mtm_reason,dropout_risk,evidence,"
                               "context_carried,owner,customer_action,message,uuid\r\n");

  for (guint i = 0; i < model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i);
      WmMapStage *stage = wm_map_model_get_stage (model, tp->stage_id);
      WmMapLane *lane = wm_map_model_get_lane (model, tp->lane_id);
      WmMapChannel *channel = wm_map_model_get_channel (model, tp->channel_id);
      g_autofree char *order = g_strdup_printf ("%u", i + 1);
      g_autofree char *emotion = g_strdup_printf ("%d", tp->emotion);

      csv_field (out, order, FALSE);
      csv_field (out, stage != NULL ? stage->name : "", FALSE);
      csv_field (out, lane != NULL ? lane->name : "", FALSE);
      csv_field (out, tp->title, FALSE);
      csv_field (out, channel != NULL ? channel->name : "", FALSE);
      csv_field (out, channel != NULL ? kinds[channel->kind] : "", FALSE);
      csv_field (out, emotion, FALSE);
      csv_field (out, tp->moment_that_matters ? "yes" : "no", FALSE);
      csv_field (out, tp->mtm_reason, FALSE);
      csv_field (out, risks[tp->dropout_risk], FALSE);
      csv_field (out, evidences[tp->evidence], FALSE);
      csv_field (out, tp->context_carried ? "yes" : "no", FALSE);
      csv_field (out, tp->owner, FALSE);
      csv_field (out, tp->customer_action, FALSE);
      csv_field (out, tp->message, FALSE);
      csv_field (out, tp->uuid != NULL ? tp->uuid : "", TRUE);
    }

  return g_string_free (out, FALSE);
}

guint
wm_map_export_count_pdf_pages (WmMapLayout *layout)
{
  double scale;
  g_autoptr(GArray) spans = pdf_pages (layout, &scale);

  return spans->len;
}
