/* wm-kpi-ui.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wm-kpi-ui.h"

const char *
wm_kpi_ui_trend_arrow (WmKpiTrend trend)
{
  switch (trend)
    {
    case WM_KPI_TREND_UP:
      return "↗";
    case WM_KPI_TREND_DOWN:
      return "↘";
    case WM_KPI_TREND_FLAT:
    default:
      return "→";
    }
}

const char *
wm_kpi_ui_status_pill_class (WmKpiStatus status)
{
  switch (status)
    {
    case WM_KPI_STATUS_ON_TARGET:
      return "wm-status-on-target";
    case WM_KPI_STATUS_WARNING:
      return "wm-status-warning";
    case WM_KPI_STATUS_OFF_TARGET:
      return "wm-status-off-target";
    case WM_KPI_STATUS_UNKNOWN:
    default:
      return "wm-status-unknown";
    }
}

static const char *
variant_label (const char *variant)
{
  if (g_strcmp0 (variant, "mean") == 0)
    return C_("KPI variant", "Mean");
  if (g_strcmp0 (variant, "top2box") == 0)
    return C_("KPI variant", "Top-two box");
  if (g_strcmp0 (variant, "top3box") == 0)
    return C_("KPI variant", "Top-three box");

  return variant;
}

char *
wm_kpi_ui_kind_caption (WmRecord *kpi)
{
  const char *kind = wm_column_choice_label (WM_KPI_KIND, wm_record_get_string (kpi, WM_KPI_KIND));
  const char *variant = wm_record_get_string (kpi, WM_KPI_VARIANT);

  if (kind == NULL || g_strcmp0 (kind, wm_record_get_label (kpi)) == 0)
    kind = "";
  if (variant == NULL || *variant == '\0')
    return g_strdup (kind);
  if (*kind == '\0')
    return g_strdup (variant_label (variant));

  return g_strdup_printf ("%s · %s", kind, variant_label (variant));
}

double
wm_kpi_ui_sample_margin (const WmSample *sample)
{
  /* 0 means unknown: no answers behind the value, or a figure taken as given. */
  return sample->margin > 0 && isfinite (sample->margin) ? sample->margin : NAN;
}

char *
wm_kpi_ui_format_n_margin (WmRecord       *kpi,
                           const WmSample *sample)
{
  GString *text = g_string_new (NULL);
  double margin = wm_kpi_ui_sample_margin (sample);

  if (sample->n > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, sample->n);

      /* Translators: the number of answers behind a KPI value */
      g_string_append_printf (text, _("n = %s"), count);
    }
  /* The margin is written in the KPI's unit: none without a KPI. */
  if (isfinite (margin) && kpi != NULL)
    {
      g_autofree char *formatted = wm_kpi_format_margin (kpi, margin);

      if (formatted)
        g_string_append_printf (text, "%s%s", text->len ? " · " : "", formatted);
    }

  return g_string_free (text, FALSE);
}

/* @time in local time, as the dashboard shows times; NULL if out of range. */
static char *
format_local_time (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return NULL;

  /* Translators: when a KPI value was measured, see g_date_time_format() */
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("%b %-d, %Y %H:%M"));
}

/* When a feed last fetched. */
char *
wm_kpi_ui_format_updated (gint64 time)
{
  g_autofree char *formatted = format_local_time (time);

  if (formatted == NULL)
    return g_strdup ("");

  /* Translators: %s is a date and time */
  return g_strdup_printf (_("Updated %s"), formatted);
}

/* The time a KPI value is for: a monthly survey's value fetched today is
 * still the month's, which "Updated" would misstate. */
char *
wm_kpi_ui_format_as_of (gint64 time)
{
  g_autofree char *formatted = format_local_time (time);

  if (formatted == NULL)
    return g_strdup ("");

  /* Translators: %s is the date and time a KPI value is for (as a survey
   * period's value), not when it was fetched */
  return g_strdup_printf (_("As of %s"), formatted);
}

char *
wm_kpi_ui_format_time (gint64 time)
{
  char *formatted = format_local_time (time);

  return formatted != NULL ? formatted : g_strdup ("");
}

char *
wm_kpi_ui_format_time_entry (gint64 time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

gboolean
wm_kpi_ui_parse_time (const char *text,
                      gint64     *time)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (time != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  stripped = g_strstrip (g_strdup (text));

  /* "2026-11-27" is midnight; "2026-11-27 14:05" is ISO 8601 with a space. */
  if (strlen (stripped) == 10)
    iso = g_strconcat (stripped, "T00:00:00", NULL);
  else
    {
      iso = g_strdelimit (g_strdup (stripped), " ", 'T');
      if (strlen (iso) == 16)
        {
          char *with_seconds = g_strconcat (iso, ":00", NULL);

          g_free (iso);
          iso = with_seconds;
        }
    }

  parsed = g_date_time_new_from_iso8601 (iso, local);
  if (parsed == NULL)
    return FALSE;

  *time = g_date_time_to_unix (parsed);
  return TRUE;
}

gboolean
wm_kpi_ui_parse_number (const char *text,
                        double     *value)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  if (*copy == '\0')
    return FALSE;

  parsed = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || !isfinite (parsed))
    return FALSE;

  *value = parsed;
  return TRUE;
}

gboolean
wm_kpi_ui_value_range (WmRecord *kpi,
                       double   *min,
                       double   *max)
{
  const char *kind = wm_record_get_string (kpi, WM_KPI_KIND);
  const char *variant = wm_record_get_string (kpi, WM_KPI_VARIANT);

  *min = 0;
  *max = 100;
  if (g_strcmp0 (kind, "nps") == 0)
    *min = -100;
  else if (g_strcmp0 (kind, "csat") == 0 && g_strcmp0 (variant, "mean") == 0)
    {
      *min = 1;
      *max = 5;
    }
  else if (g_strcmp0 (kind, "ces") == 0 && g_strcmp0 (variant, "top3box") != 0)
    {
      *min = 1;
      *max = 7;
    }
  else if (g_strcmp0 (kind, "csat") != 0 && g_strcmp0 (kind, "ces") != 0
           && g_strcmp0 (kind, "fcr") != 0)
    /* Retention may go below 0 or above 100 in a month of many new
     * customers; custom KPIs are anything. */
    return FALSE;

  return TRUE;
}

GArray *
wm_kpi_ui_recent_samples (WmStore *store,
                          gint64   kpi_id,
                          guint    n)
{
  GArray *samples = wm_store_get_latest_samples (store, kpi_id, n, NULL);

  return samples ? samples : g_array_new (FALSE, FALSE, sizeof (WmSample));
}

static int
severity (WmFeedState state)
{
  switch (state)
    {
    case WM_FEED_STATE_ERROR:
      return 4;
    case WM_FEED_STATE_STALE:
      return 3;
    case WM_FEED_STATE_PAUSED:
      return 2;
    case WM_FEED_STATE_NEW:
      return 1;
    case WM_FEED_STATE_OK:
    default:
      return 0;
    }
}

guint
wm_kpi_ui_feeds_state (GListModel   *feeds,
                       gint64        kpi_id,
                       WmFeedState  *state,
                       const char  **reason)
{
  guint n_feeds = 0;

  *state = WM_FEED_STATE_OK;
  *reason = NULL;

  for (guint i = 0; feeds && i < g_list_model_get_n_items (feeds); i++)
    {
      g_autoptr(WmRecord) feed = g_list_model_get_item (feeds, i);
      WmFeedState feed_state;

      if (wm_record_get_ref (feed, WM_FEED_KPI_ID) != kpi_id)
        continue;
      feed_state = wm_feed_get_state (feed);
      if (n_feeds == 0 || severity (feed_state) > severity (*state))
        {
          *state = feed_state;
          /* The record stays alive in the list model that owns it. */
          *reason = wm_record_get_string (feed, WM_FEED_STATE_MESSAGE);
        }
      n_feeds++;
    }

  return n_feeds;
}

GtkStringList *
wm_kpi_ui_choice_labels (WmColumnId column)
{
  const WmChoice *choices = wm_column_get_choices (column);
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; choices[i].value; i++)
    gtk_string_list_append (labels, wm_column_choice_label (column, choices[i].value));

  return labels;
}

const char *
wm_kpi_ui_selected_choice (AdwComboRow *row,
                           WmColumnId   column)
{
  const WmChoice *choices = wm_column_get_choices (column);
  guint selected = adw_combo_row_get_selected (row);

  for (guint i = 0; choices[i].value; i++)
    {
      if (i == selected)
        return choices[i].value;
    }

  return choices[0].value;
}

void
wm_kpi_ui_select_choice (AdwComboRow *row,
                         WmColumnId   column,
                         const char  *value)
{
  adw_combo_row_set_selected (row, MAX (0, wm_column_choice_index (column, value)));
}

void
wm_kpi_ui_grid_field (GtkGrid    *grid,
                      int         row,
                      const char *label_text,
                      const char *name,
                      GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_widget_set_name (field, name);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, field, 1, row, 1, 1);
}
