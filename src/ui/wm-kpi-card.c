/* wm-kpi-card.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "wm-kpi.h"
#include "wm-kpi-card.h"
#include "wm-kpi-chart.h"
#include "wm-kpi-ui.h"
#include "wm-ui-util.h"

struct _WmKpiCard
{
  GtkWidget    parent_instance;

  GtkWidget    *content;

  GtkLabel    *name_label;
  GtkLabel    *kind_label;
  GtkLabel    *status_label;
  GtkLabel    *value_label;
  GtkLabel    *trend_label;
  GtkLabel    *detail_label;
  WmKpiChart  *sparkline;
  GtkLabel    *time_label;
  GtkWidget   *feed_box;
  GtkImage    *feed_icon;
  GtkLabel    *feed_label;

  WmRecord    *kpi;
  GArray      *samples;
  guint        n_feeds;
  WmFeedState  feed_state;
  char        *feed_reason;
  const char  *status_class;
  guint        n_updates;
};

G_DEFINE_FINAL_TYPE (WmKpiCard, wm_kpi_card, GTK_TYPE_WIDGET)

static const char *feed_classes[] = { "success", "warning", "error", "dim-label" };

static gboolean
same_samples (GArray *a,
              GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->len == b->len
         && memcmp (a->data, b->data, (gsize) a->len * sizeof (WmSample)) == 0;
}

static void
set_status_class (WmKpiCard  *self,
                  const char *css_class)
{
  if (self->status_class)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  self->status_class = css_class;
  if (css_class)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class);
}

/* Everything the samples and the KPI's settings decide. */
static void
update_values (WmKpiCard *self)
{
  gsize n = self->samples ? self->samples->len : 0;
  const WmSample *last;
  g_autofree char *value = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *as_of = NULL;
  WmKpiStatus status;

  self->n_updates++;
  wm_kpi_chart_set_samples (self->sparkline, self->samples);

  if (n == 0)
    {
      gtk_label_set_label (self->value_label, "—");
      gtk_label_set_label (self->trend_label, "");
      gtk_label_set_label (self->detail_label, "");
      gtk_label_set_label (self->time_label, _("No values yet"));
      gtk_label_set_label (self->status_label, wm_kpi_status_to_string (WM_KPI_STATUS_UNKNOWN));
      set_status_class (self, "wm-status-unknown");
      return;
    }

  last = &g_array_index (self->samples, WmSample, n - 1);
  value = wm_kpi_format_value (self->kpi, last->value);
  gtk_label_set_label (self->value_label, value);
  gtk_label_set_label (self->trend_label,
                       wm_kpi_ui_trend_arrow (wm_kpi_trend ((const WmSample *) (gpointer)
                                                            self->samples->data, n)));
  detail = wm_kpi_ui_format_n_margin (self->kpi, last);
  gtk_label_set_label (self->detail_label, detail);

  status = wm_kpi_status_for_value (self->kpi, last->value);
  gtk_label_set_label (self->status_label, wm_kpi_status_to_string (status));
  set_status_class (self, wm_kpi_ui_status_pill_class (status));

  as_of = wm_kpi_ui_format_as_of (last->time);
  gtk_label_set_label (self->time_label, as_of);
}

static void
kpi_changed_cb (WmKpiCard *self)
{
  g_autofree char *caption = wm_kpi_ui_kind_caption (self->kpi);

  gtk_label_set_label (self->name_label, wm_record_get_label (self->kpi));
  gtk_label_set_label (self->kind_label, caption);
  gtk_widget_set_visible (GTK_WIDGET (self->kind_label), *caption != '\0');
  /* Target, unit or direction may have changed what the value means. */
  wm_kpi_chart_set_kpi (self->sparkline, self->kpi);
  update_values (self);
}

static void
wm_kpi_card_dispose (GObject *object)
{
  WmKpiCard *self = WM_KPI_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_KPI_CARD);
  g_clear_object (&self->kpi);
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_pointer (&self->feed_reason, g_free);

  G_OBJECT_CLASS (wm_kpi_card_parent_class)->dispose (object);
}

static void
wm_kpi_card_class_init (WmKpiCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_kpi_card_dispose;

  g_type_ensure (WM_TYPE_KPI_CHART);
  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-kpi-card.ui");
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, content);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, kind_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, trend_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, detail_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, sparkline);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, time_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, feed_box);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, feed_icon);
  gtk_widget_class_bind_template_child (widget_class, WmKpiCard, feed_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wm-kpi-card");
}

static void
wm_kpi_card_init (WmKpiCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wm_kpi_card_new (WmRecord *kpi)
{
  WmKpiCard *self;

  g_return_val_if_fail (WM_IS_RECORD (kpi), NULL);

  self = g_object_new (WM_TYPE_KPI_CARD, NULL);
  self->kpi = g_object_ref (kpi);
  g_signal_connect_object (kpi, "changed", G_CALLBACK (kpi_changed_cb), self,
                           G_CONNECT_SWAPPED);
  kpi_changed_cb (self);

  return GTK_WIDGET (self);
}

WmRecord *
wm_kpi_card_get_kpi (WmKpiCard *self)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), NULL);

  return self->kpi;
}

gboolean
wm_kpi_card_set_samples (WmKpiCard *self,
                         GArray    *samples)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), FALSE);

  if (same_samples (self->samples, samples))
    return FALSE;

  if (samples)
    g_array_ref (samples);
  g_clear_pointer (&self->samples, g_array_unref);
  self->samples = samples;
  update_values (self);

  return TRUE;
}

void
wm_kpi_card_set_feed_state (WmKpiCard   *self,
                            guint        n_feeds,
                            WmFeedState  state,
                            const char  *reason)
{
  const char *icon;
  const char *css_class;

  g_return_if_fail (WM_IS_KPI_CARD (self));

  /* A fetch that changed nothing the card shows costs nothing. */
  if (n_feeds == self->n_feeds && state == self->feed_state
      && g_strcmp0 (reason, self->feed_reason) == 0)
    return;
  self->n_feeds = n_feeds;
  self->feed_state = state;
  g_free (self->feed_reason);
  self->feed_reason = g_strdup (reason);

  gtk_widget_set_visible (self->feed_box, n_feeds > 0);
  if (n_feeds == 0)
    return;

  switch (state)
    {
    case WM_FEED_STATE_OK:
      icon = "emblem-ok-symbolic";
      css_class = "success";
      break;
    case WM_FEED_STATE_STALE:
      icon = "document-open-recent-symbolic";
      css_class = "warning";
      break;
    case WM_FEED_STATE_ERROR:
      icon = "dialog-error-symbolic";
      css_class = "error";
      break;
    case WM_FEED_STATE_PAUSED:
      icon = "media-playback-pause-symbolic";
      css_class = "dim-label";
      break;
    case WM_FEED_STATE_NEW:
    default:
      icon = "content-loading-symbolic";
      css_class = "dim-label";
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (feed_classes); i++)
    gtk_widget_remove_css_class (self->feed_box, feed_classes[i]);
  gtk_widget_add_css_class (self->feed_box, css_class);
  gtk_image_set_from_icon_name (self->feed_icon, icon);
  if (reason && *reason && state != WM_FEED_STATE_OK)
    {
      /* Translators: a feed's state and why, e.g. "Error: Connection refused" */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), wm_feed_state_get_label (state),
                                               reason);

      gtk_label_set_label (self->feed_label, text);
    }
  else
    gtk_label_set_label (self->feed_label, wm_feed_state_get_label (state));
  gtk_widget_set_tooltip_text (self->feed_box, reason && *reason ? reason : NULL);
}

const char *
wm_kpi_card_get_value_text (WmKpiCard *self)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), NULL);

  return gtk_label_get_label (self->value_label);
}

const char *
wm_kpi_card_get_status_text (WmKpiCard *self)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), NULL);

  return gtk_label_get_label (self->status_label);
}

const char *
wm_kpi_card_get_feed_text (WmKpiCard *self)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), NULL);

  return gtk_widget_get_visible (self->feed_box) ? gtk_label_get_label (self->feed_label) : NULL;
}

const char *
wm_kpi_card_get_detail_text (WmKpiCard *self)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), NULL);

  return gtk_label_get_label (self->detail_label);
}

guint
wm_kpi_card_get_n_updates (WmKpiCard *self)
{
  g_return_val_if_fail (WM_IS_KPI_CARD (self), 0);

  return self->n_updates;
}
