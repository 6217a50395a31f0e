/* wm-kpi-value-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-kpi.h"
#include "wm-kpi-samples.h"
#include "wm-kpi-ui.h"
#include "wm-kpi-value-dialog.h"
#include "wm-ui-util.h"

typedef struct
{
  WmStore   *store;
  gint64     kpi_id;
  gboolean   editing;
  WmSample   original;
  GtkEntry  *time;
  GtkEntry  *value;
  GtkEntry  *n;
  GtkLabel  *hint;
  gboolean   has_range;
  double     min;
  double     max;
} ValueDialog;

static void
value_dialog_free (gpointer data)
{
  ValueDialog *dialog = data;

  g_clear_object (&dialog->store);
  g_free (dialog);
}

static gboolean
read_sample (ValueDialog *dialog,
             WmSample    *sample)
{
  const char *n_text = gtk_editable_get_text (GTK_EDITABLE (dialog->n));
  gboolean ok = TRUE;
  double n = 0;

  /* Whole: a value written by hand has no answers (unless given) and no
   * margin of error. */
  *sample = (WmSample) { 0 };
  gtk_widget_remove_css_class (GTK_WIDGET (dialog->time), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (dialog->value), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (dialog->n), "error");

  if (!wm_kpi_ui_parse_time (gtk_editable_get_text (GTK_EDITABLE (dialog->time)), &sample->time))
    {
      gtk_widget_add_css_class (GTK_WIDGET (dialog->time), "error");
      ok = FALSE;
    }
  if (!wm_kpi_ui_parse_number (gtk_editable_get_text (GTK_EDITABLE (dialog->value)),
                               &sample->value)
      || (dialog->has_range && (sample->value < dialog->min || sample->value > dialog->max)))
    {
      /* A value not written yet is no mistake: Save only waits for it. */
      if (*gtk_editable_get_text (GTK_EDITABLE (dialog->value)) != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (dialog->value), "error");
      ok = FALSE;
    }
  if (*n_text != '\0')
    {
      if (!wm_kpi_ui_parse_number (n_text, &n) || n < 0 || n != (gint64) n)
        {
          gtk_widget_add_css_class (GTK_WIDGET (dialog->n), "error");
          ok = FALSE;
        }
      else
        sample->n = (gint64) n;
    }

  return ok;
}

static void
entry_changed_cb (AdwMessageDialog *message)
{
  ValueDialog *dialog = g_object_get_data (G_OBJECT (message), "wm-value-dialog");
  WmSample sample;

  adw_message_dialog_set_response_enabled (message, "save", read_sample (dialog, &sample));
}

static void
response_cb (AdwMessageDialog *message,
             const char       *response)
{
  ValueDialog *dialog = g_object_get_data (G_OBJECT (message), "wm-value-dialog");
  g_autoptr(GError) error = NULL;
  WmSample sample;
  gboolean ok;

  if (g_strcmp0 (response, "save") != 0 || !read_sample (dialog, &sample))
    return;

  if (!dialog->editing)
    ok = wm_store_add_samples (dialog->store, dialog->kpi_id, &sample, 1, "manual", &error);
  else if (sample.time == dialog->original.time)
    ok = wm_store_add_samples (dialog->store, dialog->kpi_id, &sample, 1, "manual", &error);
  else
    ok = wm_kpi_samples_replace (dialog->store, dialog->kpi_id, dialog->original.time,
                                 &sample, &error);

  if (!ok)
    {
      wm_ui_alert (gtk_window_get_transient_for (GTK_WINDOW (message)),
                   _("Cannot save the value"), error->message);
    }
}

static GtkEntry *
add_field (GtkGrid    *grid,
           int         row,
           const char *label_text,
           const char *name,
           const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (placeholder)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  wm_kpi_ui_grid_field (grid, row, label_text, name, entry);

  return GTK_ENTRY (entry);
}

AdwMessageDialog *
wm_kpi_value_dialog_new (GtkWindow      *parent,
                         WmStore        *store,
                         WmRecord       *kpi,
                         const WmSample *sample)
{
  ValueDialog *dialog = g_new0 (ValueDialog, 1);
  AdwMessageDialog *message;
  g_autofree char *time = NULL;
  const char *unit = wm_record_get_string (kpi, WM_KPI_UNIT);
  GtkWidget *grid;

  dialog->store = g_object_ref (store);
  dialog->kpi_id = wm_record_get_id (kpi);
  dialog->editing = sample != NULL;
  if (sample)
    dialog->original = *sample;

  message = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent,
                                                        sample ? _("Correct Value")
                                                               : _("Add Value"),
                                                        wm_record_get_label (kpi)));
  g_object_set_data_full (G_OBJECT (message), "wm-value-dialog", dialog, value_dialog_free);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  dialog->time = add_field (GTK_GRID (grid), 0, _("_Time"), "time", "2026-11-27 14:00");
  dialog->value = add_field (GTK_GRID (grid), 1, _("_Value"), "value", *unit ? unit : NULL);
  /* Translators: how many survey answers a value is based on */
  dialog->n = add_field (GTK_GRID (grid), 2, _("_Answers"), "n", _("Optional"));
  if (wm_kpi_ui_value_range (kpi, &dialog->min, &dialog->max))
    {
      g_autofree char *min = wm_kpi_format_number (dialog->min, 2);
      g_autofree char *max = wm_kpi_format_number (dialog->max, 2);
      /* Translators: the values a KPI of this kind can take, e.g. "From −100 to 100" */
      g_autofree char *hint = g_strdup_printf (_("From %s to %s"), min, max);

      dialog->has_range = TRUE;
      dialog->hint = GTK_LABEL (gtk_label_new (hint));
      gtk_label_set_xalign (dialog->hint, 0);
      gtk_widget_add_css_class (GTK_WIDGET (dialog->hint), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (dialog->hint), "dim-label");
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (dialog->hint), 1, 3, 1, 1);
    }
  adw_message_dialog_set_extra_child (message, grid);

  time = wm_kpi_ui_format_time_entry (sample ? sample->time : g_get_real_time () / G_USEC_PER_SEC);
  gtk_editable_set_text (GTK_EDITABLE (dialog->time), time);
  if (sample)
    {
      g_autofree char *value = wm_kpi_format_number (sample->value, 6);

      gtk_editable_set_text (GTK_EDITABLE (dialog->value), value);
      if (sample->n > 0)
        {
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, sample->n);

          gtk_editable_set_text (GTK_EDITABLE (dialog->n), n);
        }
    }

  adw_message_dialog_add_responses (message, "cancel", _("_Cancel"), "save",
                                    sample ? _("_Save") : _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (message, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (message, "save");
  adw_message_dialog_set_close_response (message, "cancel");
  g_signal_connect (message, "response", G_CALLBACK (response_cb), NULL);
  g_signal_connect_swapped (dialog->time, "changed", G_CALLBACK (entry_changed_cb), message);
  g_signal_connect_swapped (dialog->value, "changed", G_CALLBACK (entry_changed_cb), message);
  g_signal_connect_swapped (dialog->n, "changed", G_CALLBACK (entry_changed_cb), message);
  entry_changed_cb (message);
  /* The time is filled in: the value is what a person writes first. */
  gtk_widget_grab_focus (GTK_WIDGET (dialog->value));

  return message;
}
