/* wm-kpis-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-kpi.h"
#include "wm-kpis-view.h"
#include "wm-record-list.h"
#include "wm-ui-util.h"

struct _WmKpisView
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkBox       *detail;

  WmStore      *store;
  WmRecordList *kpis;
  gulong        store_changed_id;
  gint64        selected_id;
  guint         rebuild_id;
};

G_DEFINE_FINAL_TYPE (WmKpisView, wm_kpis_view, GTK_TYPE_WIDGET)

#define DETAIL_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_KPI) | WM_CHANGE_SAMPLES)
#define N_RECENT 12

static const char *
trend_to_string (WmKpiTrend trend)
{
  switch (trend)
    {
    case WM_KPI_TREND_UP:
      return _("↑ Rising");
    case WM_KPI_TREND_DOWN:
      return _("↓ Falling");
    case WM_KPI_TREND_FLAT:
    default:
      return _("→ Steady");
    }
}

/* The last @n samples at most, oldest first. A feed may have written millions
 * of samples, so the window grows from a month instead of reading them all. */
static GArray *
get_recent_samples (WmStore *store,
                    gint64   kpi_id,
                    guint    n)
{
  WmSample latest;
  gint64 window = 31 * 24 * 3600;
  GArray *samples = NULL;

  if (!wm_store_get_latest_sample (store, kpi_id, &latest))
    return g_array_new (FALSE, FALSE, sizeof (WmSample));

  for (guint round = 0; round < 8; round++, window *= 4)
    {
      g_clear_pointer (&samples, g_array_unref);
      samples = wm_store_get_samples (store, kpi_id, latest.time - window, latest.time, NULL);
      if (samples == NULL)
        return g_array_new (FALSE, FALSE, sizeof (WmSample));
      if (samples->len >= n)
        break;
    }
  if (samples->len < n)
    {
      g_array_unref (samples);
      samples = wm_store_get_samples (store, kpi_id, G_MININT64, latest.time, NULL);
      if (samples == NULL)
        return g_array_new (FALSE, FALSE, sizeof (WmSample));
    }
  if (samples->len > n)
    g_array_remove_range (samples, 0, samples->len - n);

  return samples;
}

static char *
format_optional (WmRecord   *kpi,
                 WmColumnId  column)
{
  if (!wm_record_is_set (kpi, column))
    /* Translators: a KPI without a target or threshold */
    return g_strdup (_("None"));

  return wm_kpi_format_value (kpi, wm_record_get_double (kpi, column));
}

typedef struct
{
  char        *value;
  WmKpiStatus  status;
  WmKpiTrend   trend;
} KpiSummary;

static void
summarize (WmStore    *store,
           WmRecord   *kpi,
           KpiSummary *summary)
{
  g_autoptr(GArray) samples = get_recent_samples (store, wm_record_get_id (kpi), 2);

  if (samples->len == 0)
    {
      summary->value = g_strdup (_("No data"));
      summary->status = WM_KPI_STATUS_UNKNOWN;
      summary->trend = WM_KPI_TREND_FLAT;
      return;
    }

  {
    const WmSample *last = &g_array_index (samples, WmSample, samples->len - 1);

    summary->value = wm_kpi_format_value (kpi, last->value);
    summary->status = wm_kpi_status_for_value (kpi, last->value);
    summary->trend = wm_kpi_trend ((const WmSample *) (gpointer) samples->data, samples->len);
  }
}

static void
append_value_line (GtkBox     *box,
                   KpiSummary *summary,
                   const char *value_class)
{
  GtkWidget *label;

  label = wm_ui_label (summary->value, value_class);
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_box_append (box, label);

  /* Short words side by side: never broken across lines. */
  label = wm_ui_label (wm_kpi_status_to_string (summary->status), "wm-status");
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, wm_ui_kpi_status_css_class (summary->status));
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_box_append (box, label);

  label = wm_ui_label (trend_to_string (summary->trend), "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_box_append (box, label);
}

static void
append_samples (WmKpisView *self,
                WmRecord   *kpi)
{
  g_autoptr(GArray) samples = get_recent_samples (self->store, wm_record_get_id (kpi), N_RECENT);
  GtkWidget *heading;
  GtkWidget *list;

  if (samples->len == 0)
    return;

  heading = wm_ui_label (_("Latest Values"), "heading");
  gtk_widget_add_css_class (heading, "wm-section");
  gtk_box_append (self->detail, heading);
  list = wm_ui_boxed_list ();
  gtk_box_append (self->detail, list);

  for (guint i = samples->len; i > 0; i--)
    {
      const WmSample *sample = &g_array_index (samples, WmSample, i - 1);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (sample->time);
      g_autofree char *date = time ? g_date_time_format (time, "%b %Y") : g_strdup ("");
      g_autofree char *value = wm_kpi_format_value (kpi, sample->value);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label;

      gtk_widget_set_margin_top (row, 9);
      gtk_widget_set_margin_bottom (row, 9);
      gtk_widget_set_margin_start (row, 12);
      gtk_widget_set_margin_end (row, 12);
      label = wm_ui_label (date, NULL);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      label = wm_ui_label (value, "numeric");
      gtk_box_append (GTK_BOX (row), label);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

static void
rebuild_detail (WmKpisView *self)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autofree char *target = NULL;
  g_autofree char *warning = NULL;
  KpiSummary summary = { 0 };
  GtkWidget *title;
  GtkWidget *line;
  GtkWidget *grid;
  const char *text;
  const char *kind;

  wm_ui_box_clear (self->detail);

  if (self->store == NULL || self->selected_id == 0)
    return;

  kpi = wm_store_get (self->store, WM_ENTITY_KPI, self->selected_id, NULL);
  if (kpi == NULL)
    return;

  title = wm_ui_label (NULL, "title-1");
  g_object_bind_property (kpi, "label", title, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (self->detail, title);
  kind = wm_kpi_kind_to_string (wm_record_get_string (kpi, WM_KPI_KIND));
  if (g_strcmp0 (kind, wm_record_get_label (kpi)) != 0)
    gtk_box_append (self->detail, wm_ui_label (kind, "dim-label"));

  summarize (self->store, kpi, &summary);
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  append_value_line (GTK_BOX (line), &summary, "title-1");
  gtk_widget_set_valign (line, GTK_ALIGN_BASELINE);
  gtk_box_append (self->detail, line);
  g_free (summary.value);

  text = wm_record_get_string (kpi, WM_KPI_DESCRIPTION);
  if (*text)
    gtk_box_append (self->detail, wm_ui_label (text, NULL));

  target = format_optional (kpi, WM_KPI_TARGET);
  warning = format_optional (kpi, WM_KPI_WARNING);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_widget_add_css_class (grid, "wm-section");
  gtk_grid_attach (GTK_GRID (grid), wm_ui_field (_("Target"), target), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), wm_ui_field (_("Warning threshold"), warning), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid),
                   wm_ui_field (_("Direction"),
                                g_strcmp0 (wm_record_get_string (kpi, WM_KPI_DIRECTION), "lower") == 0
                                ? _("Lower is better") : _("Higher is better")),
                   2, 0, 1, 1);
  text = wm_record_get_string (kpi, WM_KPI_VARIANT);
  if (*text)
    gtk_grid_attach (GTK_GRID (grid), wm_ui_field (_("Variant"), text), 0, 1, 3, 1);
  gtk_box_append (self->detail, grid);

  append_samples (self, kpi);
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  WmKpisView *self = user_data;

  self->rebuild_id = 0;
  rebuild_detail (self);

  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (WmKpisView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
update_row (WmKpisView *self,
            GtkWidget  *row)
{
  WmRecord *kpi = g_object_get_data (G_OBJECT (row), "wm-record");
  GtkWidget *values = gtk_widget_get_last_child (row);
  g_autofree char *target = format_optional (kpi, WM_KPI_TARGET);
  g_autofree char *caption = NULL;
  KpiSummary summary = { 0 };

  summarize (self->store, kpi, &summary);
  wm_ui_box_clear (GTK_BOX (values));
  append_value_line (GTK_BOX (values), &summary, "heading");
  g_free (summary.value);

  /* Translators: %s is a KPI's target value */
  caption = g_strdup_printf (_("Target: %s"), target);
  wm_ui_text_row_set_subtitle (gtk_widget_get_first_child (row), caption);
}

static void
kpi_changed_cb (WmRecord  *kpi,
                GtkWidget *row)
{
  WmKpisView *self = WM_KPIS_VIEW (gtk_widget_get_ancestor (row, WM_TYPE_KPIS_VIEW));

  if (self)
    update_row (self, row);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  WmKpisView *self = user_data;
  WmRecord *kpi = item;
  GtkWidget *row;
  GtkWidget *values;

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_object_set_data_full (G_OBJECT (row), "wm-record", g_object_ref (kpi), g_object_unref);
  gtk_box_append (GTK_BOX (row), wm_ui_text_row (kpi, NULL, NULL));
  values = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_start (values, 6);
  gtk_widget_set_margin_end (values, 6);
  gtk_widget_set_margin_bottom (values, 6);
  gtk_box_append (GTK_BOX (row), values);
  update_row (self, row);
  g_signal_connect_object (kpi, "changed", G_CALLBACK (kpi_changed_cb), row, 0);

  return row;
}

static void
update_rows (WmKpisView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child));

      if (row)
        update_row (self, row);
    }
}

static void
row_selected_cb (WmKpisView *self,
                 GtkListBoxRow  *row)
{
  g_autoptr(WmRecord) kpi = NULL;
  gint64 id = 0;

  if (row)
    kpi = g_list_model_get_item (G_LIST_MODEL (self->kpis),
                                     gtk_list_box_row_get_index (row));
  if (kpi)
    id = wm_record_get_id (kpi);

  if (id != self->selected_id)
    {
      self->selected_id = id;
      rebuild_detail (self);
    }
}

static void
items_changed_cb (WmKpisView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->kpis)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "content");
  self->selected_id = wm_ui_list_select (self->list, self->kpis, self->selected_id);
  queue_rebuild (self);
}

static void
store_changed_cb (WmKpisView *self,
                  guint64         mask)
{
  if (mask & WM_CHANGE_SAMPLES)
    update_rows (self);
  if (mask & DETAIL_CHANGES)
    queue_rebuild (self);
}

static void
wm_kpis_view_dispose (GObject *object)
{
  WmKpisView *self = WM_KPIS_VIEW (object);

  wm_kpis_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_KPIS_VIEW);

  G_OBJECT_CLASS (wm_kpis_view_parent_class)->dispose (object);
}

static void
wm_kpis_view_class_init (WmKpisViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_kpis_view_dispose;

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-kpis-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, list);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, detail);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_kpis_view_init (WmKpisView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wm_kpis_view_new (void)
{
  return g_object_new (WM_TYPE_KPIS_VIEW, NULL);
}

void
wm_kpis_view_set_store (WmKpisView *self,
                            WmStore        *store)
{
  g_return_if_fail (WM_IS_KPIS_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->kpis)
    g_signal_handlers_disconnect_by_data (self->kpis, self);
  if (self->list)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->kpis);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  self->selected_id = 0;

  if (store == NULL)
    return;

  self->kpis = wm_record_list_new (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->kpis), create_row_cb, self, NULL);
  g_signal_connect_object (self->kpis, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  items_changed_cb (self);
}
