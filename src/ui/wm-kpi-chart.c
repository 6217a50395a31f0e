/* wm-kpi-chart.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wm-kpi.h"
#include "wm-kpi-chart.h"
#include "wm-kpi-ui.h"

struct _WmKpiChart
{
  GtkWidget     parent_instance;

  WmRecord     *kpi;
  GArray       *samples;
  gint64        from;
  gint64        to;
  gboolean      compact;

  WmChartScale  scale;
  int           hover;
  double        hover_x;
  double        hover_y;
};

G_DEFINE_FINAL_TYPE (WmKpiChart, wm_kpi_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define HIT_RADIUS 24.0
#define MAX_VALUE_TICKS 6

typedef struct
{
  GdkRGBA fg;
  GdkRGBA accent;
  GdkRGBA success;
  GdkRGBA warning;
  GdkRGBA error;
  GdkRGBA bg;
} Colors;

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
get_colors (GtkWidget *widget,
            Colors    *colors)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &colors->fg);
  lookup_color (widget, "accent_color", &colors->accent, "#1c71d8");
  lookup_color (widget, "success_color", &colors->success, "#26a269");
  lookup_color (widget, "warning_color", &colors->warning, "#cd9309");
  lookup_color (widget, "error_color", &colors->error, "#c01c28");
  lookup_color (widget, "popover_bg_color", &colors->bg, "#ffffff");
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static const WmSample *
samples_data (WmKpiChart *self)
{
  return self->samples ? (const WmSample *) (gpointer) self->samples->data : NULL;
}

static gsize
samples_len (WmKpiChart *self)
{
  return self->samples ? self->samples->len : 0;
}

static gboolean
get_mark (WmKpiChart *self,
          WmColumnId  column,
          double     *value)
{
  if (self->kpi == NULL || !wm_record_is_set (self->kpi, column))
    return FALSE;
  *value = wm_record_get_double (self->kpi, column);
  return isfinite (*value);
}

static PangoLayout *
make_layout (WmKpiChart *self,
             const char *text,
             gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static char *
format_tick_value (WmKpiChart *self,
                   double      value)
{
  return wm_kpi_format_number (value, 2);
}

char *
wm_kpi_chart_format_time_tick (gint64          time,
                               WmChartTickUnit unit)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  const char *format;

  if (local == NULL)
    return g_strdup ("");

  switch (unit)
    {
    case WM_CHART_TICK_HOURS:
      /* A day's first tick names the day, as January's names the year. */
      if (g_date_time_get_hour (local) != 0 || g_date_time_get_minute (local) != 0)
        {
          /* Translators: a time on the chart's axis, see g_date_time_format() */
          /* xgettext:no-c-format */
          format = C_("chart axis", "%H:%M");
          break;
        }
      G_GNUC_FALLTHROUGH;
    case WM_CHART_TICK_DAYS:
      /* Translators: a day on the chart's axis, see g_date_time_format() */
      /* xgettext:no-c-format */
      format = C_("chart axis", "%b %-d");
      break;
    case WM_CHART_TICK_MONTHS:
      /* Translators: a month on the chart's axis, see g_date_time_format() */
      /* xgettext:no-c-format */
      format = g_date_time_get_month (local) == 1 ? C_("chart axis", "%b %Y")
                                                  : C_("chart axis", "%b");
      break;
    case WM_CHART_TICK_YEARS:
    default:
      format = "%Y";
      break;
    }

  return g_date_time_format (local, format);
}

static void
layout_scale (WmKpiChart *self,
              int         width,
              int         height)
{
  double marks[2];
  gsize n_marks = 0;
  double left = 4, right = 4, top = 4, bottom = 4;

  if (get_mark (self, WM_KPI_TARGET, &marks[n_marks]))
    n_marks++;
  if (!self->compact && get_mark (self, WM_KPI_WARNING, &marks[n_marks]))
    n_marks++;

  if (!self->compact)
    {
      left = 52;
      right = 16;
      top = 12;
      bottom = 28;
    }

  wm_chart_scale_init (&self->scale, samples_data (self), samples_len (self),
                       self->from, self->to, marks, n_marks,
                       left, top, width - left - right, height - top - bottom);

  if (!self->compact)
    {
      /* Room for the widest value label. */
      g_autoptr(GArray) ticks = wm_chart_value_ticks (self->scale.v_min, self->scale.v_max,
                                                      MAX_VALUE_TICKS);
      int widest = 0;

      for (guint i = 0; i < ticks->len; i++)
        {
          g_autofree char *text = format_tick_value (self, g_array_index (ticks, double, i));
          g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
          int w;

          pango_layout_get_pixel_size (layout, &w, NULL);
          widest = MAX (widest, w);
        }
      left = widest + 12;
      self->scale.width = MAX (1, width - left - right);
      self->scale.x = left;
    }
}

/* Target and warning as bands: the good side of the target tinted green,
 * the band between warning and target amber, beyond the warning red. */
static void
draw_bands (WmKpiChart   *self,
            cairo_t      *cr,
            const Colors *colors)
{
  const WmChartScale *s = &self->scale;
  gboolean lower = g_strcmp0 (wm_record_get_string (self->kpi, WM_KPI_DIRECTION), "lower") == 0;
  double target, warning;
  gboolean has_warning;
  double ty, wy, top = s->y, bottom = s->y + s->height;

  if (!get_mark (self, WM_KPI_TARGET, &target))
    return;
  has_warning = get_mark (self, WM_KPI_WARNING, &warning);
  ty = CLAMP (wm_chart_scale_y (s, target), top, bottom);

  cairo_save (cr);
  set_source (cr, &colors->success, 0.08);
  if (lower)
    cairo_rectangle (cr, s->x, ty, s->width, bottom - ty);
  else
    cairo_rectangle (cr, s->x, top, s->width, ty - top);
  cairo_fill (cr);

  if (has_warning)
    {
      wy = CLAMP (wm_chart_scale_y (s, warning), top, bottom);
      set_source (cr, &colors->warning, 0.10);
      cairo_rectangle (cr, s->x, MIN (ty, wy), s->width, fabs (ty - wy));
      cairo_fill (cr);
      set_source (cr, &colors->error, 0.06);
      if (lower)
        cairo_rectangle (cr, s->x, top, s->width, MIN (ty, wy) - top);
      else
        cairo_rectangle (cr, s->x, MAX (ty, wy), s->width, bottom - MAX (ty, wy));
      cairo_fill (cr);

      set_source (cr, &colors->warning, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_move_to (cr, s->x, round (wy) + 0.5);
      cairo_line_to (cr, s->x + s->width, round (wy) + 0.5);
      cairo_stroke (cr);
    }

  set_source (cr, &colors->success, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 3 }, 2, 0);
  cairo_move_to (cr, s->x, round (ty) + 0.5);
  cairo_line_to (cr, s->x + s->width, round (ty) + 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_axes (WmKpiChart   *self,
           cairo_t      *cr,
           const Colors *colors)
{
  const WmChartScale *s = &self->scale;
  g_autoptr(GArray) values = wm_chart_value_ticks (s->v_min, s->v_max, MAX_VALUE_TICKS);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  WmChartTickUnit unit = WM_CHART_TICK_DAYS;
  g_autoptr(GArray) times = NULL;
  guint max_time_ticks = MAX (2, (guint) (s->width / 90));
  double last_label_end = -G_MAXDOUBLE;

  times = wm_chart_time_ticks (s->t_min, s->t_max, max_time_ticks, tz, &unit);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < values->len; i++)
    {
      double value = g_array_index (values, double, i);
      double y = round (wm_chart_scale_y (s, value)) + 0.5;
      g_autofree char *text = format_tick_value (self, value);
      g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
      int w, h;

      set_source (cr, &colors->fg, 0.10);
      cairo_move_to (cr, s->x, y);
      cairo_line_to (cr, s->x + s->width, y);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &w, &h);
      set_source (cr, &colors->fg, 0.55);
      cairo_move_to (cr, s->x - 8 - w, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint i = 0; i < times->len; i++)
    {
      gint64 time = g_array_index (times, gint64, i);
      double x = round (wm_chart_scale_x (s, time)) + 0.5;
      g_autofree char *text = wm_kpi_chart_format_time_tick (time, unit);
      g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
      int w, h;

      set_source (cr, &colors->fg, 0.18);
      cairo_move_to (cr, x, s->y + s->height);
      cairo_line_to (cr, x, s->y + s->height + 4);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &w, &h);
      if (x - w / 2.0 < last_label_end + 8 || x + w / 2.0 > s->x + s->width + 16)
        continue;
      set_source (cr, &colors->fg, 0.55);
      cairo_move_to (cr, x - w / 2.0, s->y + s->height + 7);
      pango_cairo_show_layout (cr, layout);
      last_label_end = x + w / 2.0;
    }
}

static void
draw_line (WmKpiChart   *self,
           cairo_t      *cr,
           const Colors *colors)
{
  const WmChartScale *s = &self->scale;
  const WmSample *samples = samples_data (self);
  g_autoptr(GArray) indices = wm_chart_decimate (s, samples, samples_len (self));
  double first_x = 0, last_x = 0, last_y = 0;

  if (indices->len == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, s->x - 4, s->y - 4, s->width + 8, s->height + 8);
  cairo_clip (cr);

  cairo_new_path (cr);
  for (guint i = 0; i < indices->len; i++)
    {
      const WmSample *sample = &samples[g_array_index (indices, guint, i)];
      double x = wm_chart_scale_x (s, sample->time);
      double y = wm_chart_scale_y (s, sample->value);

      if (i == 0)
        {
          cairo_move_to (cr, x, y);
          first_x = x;
        }
      else
        cairo_line_to (cr, x, y);
      last_x = x;
      last_y = y;
    }

  /* The area under the line, faintly, then the line. */
  {
    cairo_path_t *line = cairo_copy_path (cr);
    cairo_pattern_t *fill;

    cairo_line_to (cr, last_x, s->y + s->height);
    cairo_line_to (cr, first_x, s->y + s->height);
    cairo_close_path (cr);
    fill = cairo_pattern_create_linear (0, s->y, 0, s->y + s->height);
    cairo_pattern_add_color_stop_rgba (fill, 0, colors->accent.red, colors->accent.green,
                                       colors->accent.blue, 0.22);
    cairo_pattern_add_color_stop_rgba (fill, 1, colors->accent.red, colors->accent.green,
                                       colors->accent.blue, 0.02);
    cairo_set_source (cr, fill);
    cairo_fill (cr);
    cairo_pattern_destroy (fill);

    cairo_append_path (cr, line);
    cairo_path_destroy (line);
  }
  set_source (cr, &colors->accent, 1);
  cairo_set_line_width (cr, self->compact ? 1.5 : 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* Points where they are far enough apart to be told apart. */
  if (!self->compact && indices->len <= s->width / 8)
    {
      for (guint i = 0; i < indices->len; i++)
        {
          const WmSample *sample = &samples[g_array_index (indices, guint, i)];

          cairo_arc (cr, wm_chart_scale_x (s, sample->time), wm_chart_scale_y (s, sample->value),
                     3, 0, 2 * G_PI);
          set_source (cr, &colors->bg, 1);
          cairo_fill_preserve (cr);
          set_source (cr, &colors->accent, 1);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
  else
    {
      cairo_arc (cr, last_x, last_y, self->compact ? 2.5 : 3, 0, 2 * G_PI);
      set_source (cr, &colors->accent, 1);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static char *
hover_text (WmKpiChart     *self,
            const WmSample *sample)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sample->time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  /* Translators: the time of a KPI value under the pointer, see g_date_time_format() */
  /* xgettext:no-c-format */
  g_autofree char *time = local ? g_date_time_format (local, _("%b %-d, %Y %H:%M")) : NULL;
  g_autofree char *value = self->kpi ? wm_kpi_format_value (self->kpi, sample->value)
                                     : wm_kpi_format_number (sample->value, 1);
  GString *text = g_string_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (text, "<b>%s</b>", escaped);
  g_string_append_printf (text, "\n<span size=\"small\">%s</span>", time ? time : "");
  /* n and the margin of error, as the card and the list of values say them. */
  {
    g_autofree char *n_margin = wm_kpi_ui_format_n_margin (self->kpi, sample);
    g_autofree char *escaped_n_margin = g_markup_escape_text (n_margin, -1);

    if (*n_margin != '\0')
      g_string_append_printf (text, "\n<span size=\"small\">%s</span>", escaped_n_margin);
  }

  return g_string_free (text, FALSE);
}

static void
draw_hover (WmKpiChart   *self,
            cairo_t      *cr,
            const Colors *colors,
            int           width)
{
  const WmChartScale *s = &self->scale;
  const WmSample *sample;
  g_autofree char *markup = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double x, y, bx, by;
  int w, h;

  if (self->hover < 0 || (gsize) self->hover >= samples_len (self))
    return;

  sample = &samples_data (self)[self->hover];
  x = wm_chart_scale_x (s, sample->time);
  y = wm_chart_scale_y (s, sample->value);

  set_source (cr, &colors->fg, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (x) + 0.5, s->y);
  cairo_line_to (cr, round (x) + 0.5, s->y + s->height);
  cairo_stroke (cr);

  cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
  set_source (cr, &colors->bg, 1);
  cairo_fill_preserve (cr);
  set_source (cr, &colors->accent, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);

  markup = hover_text (self, sample);
  layout = make_layout (self, NULL, FALSE);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);

  bx = x + 12;
  if (bx + w + 16 > width)
    bx = x - 12 - w - 16;
  by = CLAMP (y - h / 2.0 - 8, s->y, MAX (s->y, s->y + s->height - h - 16));

  {
    double r = 6, bw = w + 16, bh = h + 16;

    cairo_new_sub_path (cr);
    cairo_arc (cr, bx + bw - r, by + r, r, -G_PI / 2, 0);
    cairo_arc (cr, bx + bw - r, by + bh - r, r, 0, G_PI / 2);
    cairo_arc (cr, bx + r, by + bh - r, r, G_PI / 2, G_PI);
    cairo_arc (cr, bx + r, by + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
  }
  set_source (cr, &colors->bg, 0.97);
  cairo_fill_preserve (cr);
  set_source (cr, &colors->fg, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  set_source (cr, &colors->fg, 1);
  cairo_move_to (cr, bx + 8, by + 8);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_empty (WmKpiChart   *self,
            cairo_t      *cr,
            const Colors *colors)
{
  const WmChartScale *s = &self->scale;
  g_autoptr(PangoLayout) layout = make_layout (self, _("No values in this period"), FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  set_source (cr, &colors->fg, 0.55);
  cairo_move_to (cr, s->x + (s->width - w) / 2, s->y + (s->height - h) / 2);
  pango_cairo_show_layout (cr, layout);
}

static void
set_hover (WmKpiChart *self,
           int         hover)
{
  if (self->hover == hover)
    return;
  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_hover (WmKpiChart *self)
{
  if (self->compact || self->hover_x < 0)
    {
      set_hover (self, -1);
      return;
    }
  set_hover (self, wm_chart_hit_test (&self->scale, samples_data (self), samples_len (self),
                                      self->hover_x, self->hover_y, HIT_RADIUS));
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           WmKpiChart               *self)
{
  self->hover_x = x;
  self->hover_y = y;
  update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          WmKpiChart               *self)
{
  self->hover_x = -1;
  update_hover (self);
}

static void
wm_kpi_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  WmKpiChart *self = WM_KPI_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Colors colors;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  get_colors (widget, &colors);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!self->compact)
    {
      draw_bands (self, cr, &colors);
      draw_axes (self, cr, &colors);
    }
  else if (self->kpi != NULL && samples_len (self) > 0)
    {
      double target;

      if (get_mark (self, WM_KPI_TARGET, &target))
        {
          double y = round (wm_chart_scale_y (&self->scale, target)) + 0.5;

          set_source (cr, &colors.success, 0.7);
          cairo_set_line_width (cr, 1);
          cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
          cairo_move_to (cr, self->scale.x, y);
          cairo_line_to (cr, self->scale.x + self->scale.width, y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }
  draw_line (self, cr, &colors);
  if (!self->compact)
    draw_hover (self, cr, &colors, width);
  if (!self->compact && samples_len (self) == 0)
    draw_empty (self, cr, &colors);

  cairo_destroy (cr);
}

static void
wm_kpi_chart_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  WmKpiChart *self = WM_KPI_CHART (widget);

  layout_scale (self, width, height);
  update_hover (self);
}

static void
wm_kpi_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  WmKpiChart *self = WM_KPI_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->compact ? 60 : 200;
      *natural = self->compact ? 240 : 640;
    }
  else
    {
      *minimum = self->compact ? 36 : 180;
      *natural = self->compact ? 44 : 280;
    }
}

static void
relayout (WmKpiChart *self)
{
  layout_scale (self, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)));
  update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
wm_kpi_chart_constructed (GObject *object)
{
  WmKpiChart *self = WM_KPI_CHART (object);

  G_OBJECT_CLASS (wm_kpi_chart_parent_class)->constructed (object);

  if (!self->compact)
    {
      GtkEventController *motion = gtk_event_controller_motion_new ();

      g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
      g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), motion);
    }
}

static void
wm_kpi_chart_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WmKpiChart *self = WM_KPI_CHART (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_kpi_chart_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WmKpiChart *self = WM_KPI_CHART (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      self->compact = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_kpi_chart_dispose (GObject *object)
{
  WmKpiChart *self = WM_KPI_CHART (object);

  g_clear_object (&self->kpi);
  g_clear_pointer (&self->samples, g_array_unref);

  G_OBJECT_CLASS (wm_kpi_chart_parent_class)->dispose (object);
}

static void
wm_kpi_chart_class_init (WmKpiChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wm_kpi_chart_constructed;
  object_class->get_property = wm_kpi_chart_get_property;
  object_class->set_property = wm_kpi_chart_set_property;
  object_class->dispose = wm_kpi_chart_dispose;
  widget_class->snapshot = wm_kpi_chart_snapshot;
  widget_class->size_allocate = wm_kpi_chart_size_allocate;
  widget_class->measure = wm_kpi_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "wm-kpi-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  /* A sparkline: no axes, no bands, no hover. */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wm_kpi_chart_init (WmKpiChart *self)
{
  self->hover = -1;
  self->hover_x = -1;
}

GtkWidget *
wm_kpi_chart_new (gboolean compact)
{
  return g_object_new (WM_TYPE_KPI_CHART, "compact", compact, NULL);
}

void
wm_kpi_chart_set_kpi (WmKpiChart *self,
                      WmRecord   *kpi)
{
  g_return_if_fail (WM_IS_KPI_CHART (self));

  g_set_object (&self->kpi, kpi);
  if (kpi && !self->compact)
    {
      /* Translators: what a screen reader says for the chart; %s is the KPI's name */
      g_autofree char *label = g_strdup_printf (_("Values of %s over time"),
                                                wm_record_get_label (kpi));

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  relayout (self);
}

void
wm_kpi_chart_set_samples (WmKpiChart *self,
                          GArray     *samples)
{
  g_return_if_fail (WM_IS_KPI_CHART (self));

  if (samples)
    g_array_ref (samples);
  g_clear_pointer (&self->samples, g_array_unref);
  self->samples = samples;
  self->hover = -1;
  relayout (self);
}

void
wm_kpi_chart_set_span (WmKpiChart *self,
                       gint64      from,
                       gint64      to)
{
  g_return_if_fail (WM_IS_KPI_CHART (self));

  self->from = from;
  self->to = to;
  relayout (self);
}

int
wm_kpi_chart_get_hover (WmKpiChart *self)
{
  g_return_val_if_fail (WM_IS_KPI_CHART (self), -1);

  return self->hover;
}

char *
wm_kpi_chart_dup_hover_text (WmKpiChart *self)
{
  g_return_val_if_fail (WM_IS_KPI_CHART (self), NULL);

  if (self->hover < 0 || (gsize) self->hover >= samples_len (self))
    return NULL;

  return hover_text (self, &samples_data (self)[self->hover]);
}

void
wm_kpi_chart_hover_at (WmKpiChart *self,
                       double      x,
                       double      y)
{
  g_return_if_fail (WM_IS_KPI_CHART (self));

  self->hover_x = x;
  self->hover_y = y;
  update_hover (self);
}

const WmChartScale *
wm_kpi_chart_get_scale (WmKpiChart *self)
{
  g_return_val_if_fail (WM_IS_KPI_CHART (self), NULL);

  return &self->scale;
}
