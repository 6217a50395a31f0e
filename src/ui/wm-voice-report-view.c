/* wm-voice-report-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-ui-util.h"
#include "wm-voice-report-view.h"

/* Rows beyond this are summed up in one line: a report of a big project
 * stays quick to show and to scroll. */
#define MAX_ROWS 300
#define REFRESH_DELAY_MS 300
/* Between the totals and the channels in the table. */
#define TOTAL_GAP 12
/* The widest the journeys' column gets, in characters. */
#define JOURNEY_CHARS 30

#define REPORT_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE_CHANNEL) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL))

struct _WmVoiceReportView
{
  GtkWidget      parent_instance;

  GtkLabel      *score_label;
  GtkLabel      *summary_label;
  GtkLabel      *stopped_label;
  GtkGrid       *fixed_grid;    /* journeys and their totals */
  GtkGrid       *grid;          /* their channels, beside them, which scroll */
  GtkListBox    *findings_list;
  GtkSizeGroup  *severity_group;   /* the findings' severities, so titles align */

  WmStore       *store;
  gulong         store_changed_id;
  WmVoiceReport *report;
  gboolean       dirty;
  guint          refresh_id;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (WmVoiceReportView, wm_voice_report_view, GTK_TYPE_WIDGET)

/* Helpers */

static const char *
score_css_class (const WmVoiceScore *score)
{
  if (score->score >= 0.9)
    return "success";
  if (score->score >= 0.6)
    return "warning";

  return "error";
}

static char *
format_percent (double share)
{
  /* TRANSLATORS: a percentage, e.g. "71 %" */
  return g_strdup_printf (_("%.0f %%"), share * 100.0);
}

static GtkWidget *
score_cell (const WmVoiceScore *score)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *label;

  if (score->n_checked == 0)
    {
      label = gtk_label_new ("–");
      gtk_widget_add_css_class (label, "dim-label");
      return label;
    }

  text = format_percent (score->score);
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, score_css_class (score));
  gtk_widget_add_css_class (label, "numeric");
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u text passes",
                                          "%u of %u texts pass", score->n_checked),
                             score->n_passing, score->n_checked);
  gtk_widget_set_tooltip_text (label, tooltip);

  return label;
}

static void
grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static gboolean
id_seen (GArray *ids,
         gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return TRUE;
    }

  return FALSE;
}

static void
fill_grid (WmVoiceReportView *self)
{
  g_autoptr(GArray) journeys = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) channels = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) journey_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) channel_names = g_ptr_array_new ();
  GtkWidget *label;

  grid_clear (self->fixed_grid);
  grid_clear (self->grid);

  for (guint i = 0; i < self->report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (self->report->results, i);
      gint64 channel = result->channel_id != 0 ? result->channel_id : WM_VOICE_NO_CHANNEL;

      if (!id_seen (journeys, result->journey_id))
        {
          g_array_append_val (journeys, result->journey_id);
          g_ptr_array_add (journey_names, g_strdup (result->journey_name));
        }
      if (!id_seen (channels, channel))
        {
          g_array_append_val (channels, channel);
          g_ptr_array_add (channel_names,
                           result->channel_id != 0 ? result->channel_name : _("No channel"));
        }
    }

  /* Journeys down; across, each one's total, then the channels. The
   * journeys and totals stay in view when there are more channels than the
   * report is wide: only the channels scroll, each row kept level with its
   * journey by a size group. */
  for (guint j = 0; j <= journeys->len + 1; j++)
    {
      g_autoptr(GtkSizeGroup) row = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);
      gint64 journey = 0;
      WmVoiceScore score;

      if (j == 0)
        {
          label = gtk_label_new (_("All channels"));
          gtk_widget_add_css_class (label, "caption-heading");
        }
      else
        {
          journey = j <= journeys->len ? g_array_index (journeys, gint64, j - 1) : 0;
          label = gtk_label_new (j <= journeys->len ? g_ptr_array_index (journey_names, j - 1)
                                                    : _("All journeys"));
          gtk_label_set_xalign (GTK_LABEL (label), 0.0);
          /* On one line, as its row is measured (a size group measures a
           * wrapping label as if it wrapped); a long name shows whole in
           * its tooltip. */
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (label), JOURNEY_CHARS);
          gtk_widget_set_tooltip_text (label, gtk_label_get_label (GTK_LABEL (label)));
          if (j > journeys->len)
            gtk_widget_add_css_class (label, "heading");
          gtk_grid_attach (self->fixed_grid, label, 0, (int) j, 1, 1);
          gtk_size_group_add_widget (row, label);

          score = wm_voice_report_get_score (self->report, journey, 0);
          label = score_cell (&score);
        }
      gtk_widget_set_margin_end (label, TOTAL_GAP);
      gtk_grid_attach (self->fixed_grid, label, 1, (int) j, 1, 1);
      gtk_size_group_add_widget (row, label);

      for (guint c = 0; c < channels->len; c++)
        {
          if (j == 0)
            {
              label = gtk_label_new (g_ptr_array_index (channel_names, c));
              gtk_widget_add_css_class (label, "caption-heading");
            }
          else
            {
              score = wm_voice_report_get_score (self->report, journey,
                                                 g_array_index (channels, gint64, c));
              label = score_cell (&score);
            }
          gtk_grid_attach (self->grid, label, (int) c, (int) j, 1, 1);
          gtk_size_group_add_widget (row, label);
        }
    }
}

static GtkWidget *
finding_row (WmVoiceReportView *self,
             WmVoiceResult     *result,
             WmVoiceFinding    *finding)
{
  static const char *const severity_classes[] = { "error", "warning", "accent" };
  g_autofree char *title = g_markup_escape_text (result->title, -1);
  g_autofree char *excerpt = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *place = NULL;
  g_autofree char *journey = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *severity;

  if (finding->kind == WM_VOICE_KIND_MAX_LENGTH)
    {
      glong n = wm_voice_count_graphemes (result->text);

      /* TRANSLATORS: a finding's message, then the length of the text */
      excerpt = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%ld character)",
                                              "%s (%ld characters)", (gulong) n),
                                 finding->message, n);
    }
  else if (finding->end > finding->start)
    {
      g_autofree char *found = g_utf8_substring (result->text, finding->start, finding->end);

      /* TRANSLATORS: the text a finding is about, then its message */
      excerpt = g_strdup_printf (_("“%s”: %s"), found, finding->message);
    }
  else
    {
      excerpt = g_strdup (finding->message);
    }
  journey = g_strdup (result->journey_name);
  if (result->channel_id != 0)
    /* TRANSLATORS: journey · channel */
    place = g_strdup_printf (_("%s · %s"), journey, result->channel_name);
  else
    place = g_steal_pointer (&journey);
  subtitle = g_markup_printf_escaped ("%s\n%s", place, excerpt);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show the touchpoint"));

  severity = gtk_label_new (wm_voice_severity_get_label (finding->severity));
  gtk_widget_add_css_class (severity, "wm-status");
  gtk_widget_add_css_class (severity, severity_classes[finding->severity]);
  gtk_widget_set_valign (severity, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (severity), 0.0);
  gtk_size_group_add_widget (self->severity_group, severity);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), severity);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data_full (G_OBJECT (row), "touchpoint-id",
                          g_memdup2 (&result->touchpoint_id, sizeof (gint64)), g_free);

  return row;
}

static void
fill_findings (WmVoiceReportView *self)
{
  guint n_rows = 0, n_findings = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);

  for (guint i = 0; i < self->report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (self->report->results, i);

      for (guint j = 0; j < result->findings->len; j++, n_findings++)
        {
          WmVoiceFinding *finding = g_ptr_array_index (result->findings, j);

          if (n_rows++ < MAX_ROWS)
            gtk_list_box_append (self->findings_list, finding_row (self, result, finding));
        }
    }

  if (n_findings == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("All copy follows the brand voice."));
      gtk_list_box_append (self->findings_list, row);
    }
  else if (n_findings > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more finding: export the "
                                                            "report to see all.",
                                                            "%u more findings: export the "
                                                            "report to see all.",
                                                            n_findings - MAX_ROWS),
                                               n_findings - MAX_ROWS);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->findings_list, row);
    }
}

static void
refresh (WmVoiceReportView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *summary = NULL;
  WmVoiceScore score;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->dirty = FALSE;
  g_clear_pointer (&self->report, wm_voice_report_free);
  if (self->store == NULL)
    return;

  self->report = wm_voice_check_project (self->store, NULL, 0, 0, &error);
  if (self->report == NULL)
    {
      gtk_label_set_text (self->score_label, "");
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }

  score = wm_voice_report_get_score (self->report, 0, 0);
  score_text = format_percent (score.score);
  gtk_label_set_text (self->score_label, score_text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->score_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->score_label), score_css_class (&score));
  if (score.n_checked == 0)
    summary = g_strdup (_("No touchpoint has message copy to check yet."));
  else
    /* TRANSLATORS: "12 of 17 texts pass the brand-voice rules; 5 findings" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u of %u texts pass the brand-voice rules; "
                                            "%u findings.",
                                            "%u of %u texts pass the brand-voice rules; "
                                            "%u findings.", score.n_checked),
                               score.n_passing, score.n_checked, score.n_findings);
  gtk_label_set_text (self->summary_label, summary);

  {
    g_autoptr(GString) text = g_string_new (NULL);

    /* Rules the report could not apply: it is only as good as they are. */
    if (self->report->n_invalid_rules > 0)
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u rule does not parse and is not checked; "
                                                 "edit it on the Guidelines page.",
                                                 "%u rules do not parse and are not checked; "
                                                 "edit them on the Guidelines page.",
                                                 self->report->n_invalid_rules),
                              self->report->n_invalid_rules);
    for (guint i = 0; i < self->report->stopped->len; i++)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                              (const char *) g_ptr_array_index (self->report->stopped, i));
    gtk_label_set_text (self->stopped_label, text->str);
    gtk_widget_set_visible (GTK_WIDGET (self->stopped_label), text->len > 0);
  }

  fill_grid (self);
  fill_findings (self);
}

/* Callbacks */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  WmVoiceReportView *self = user_data;

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (WmVoiceReportView *self,
                  guint64            mask)
{
  if ((mask & REPORT_CHANGES) == 0)
    return;

  /* Checked again when shown, and not on every keystroke elsewhere. */
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
row_activated_cb (WmVoiceReportView *self,
                  GtkListBoxRow     *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "touchpoint-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-touchpoint", "x", *id);
}

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     WmVoiceReportView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  WmVoiceExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser),
                                                                   "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL && !wm_voice_report_view_export_to_file (self, file, format, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      wm_ui_alert (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                   _("Cannot Export the Report"), error->message);
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmVoiceReportView *self = WM_VOICE_REPORT_VIEW (widget);
  gboolean csv = g_strcmp0 (g_variant_get_string (parameter, NULL), "csv") == 0;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->store == NULL || self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Brand Voice Report"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_filter_set_name (filter, csv ? _("CSV") : _("Markdown"));
  gtk_file_filter_add_suffix (filter, csv ? "csv" : "md");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* TRANSLATORS: the suggested file name of an exported report, without extension */
  {
    g_autofree char *name = g_strdup_printf ("%s.%s", _("brand-voice-report"),
                                             csv ? "csv" : "md");

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  }
  g_object_set_data (G_OBJECT (chooser), "format",
                     GINT_TO_POINTER (csv ? WM_VOICE_EXPORT_CSV : WM_VOICE_EXPORT_MARKDOWN));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Overrides */

static void
wm_voice_report_view_map (GtkWidget *widget)
{
  WmVoiceReportView *self = WM_VOICE_REPORT_VIEW (widget);

  GTK_WIDGET_CLASS (wm_voice_report_view_parent_class)->map (widget);

  if (self->dirty)
    refresh (self);
}

static void
wm_voice_report_view_dispose (GObject *object)
{
  WmVoiceReportView *self = WM_VOICE_REPORT_VIEW (object);
  GtkWidget *child;

  wm_voice_report_view_set_store (self, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->severity_group);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_VOICE_REPORT_VIEW);
  /* The template's top box is not bound to a field: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wm_voice_report_view_parent_class)->dispose (object);
}

static void
wm_voice_report_view_class_init (WmVoiceReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_voice_report_view_dispose;
  widget_class->map = wm_voice_report_view_map;

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-voice-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmVoiceReportView, score_label);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceReportView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceReportView, stopped_label);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceReportView, fixed_grid);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceReportView, grid);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceReportView, findings_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_install_action (widget_class, "report.export", "s", export_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_voice_report_view_init (WmVoiceReportView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->severity_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

/* Public API */

GtkWidget *
wm_voice_report_view_new (void)
{
  return g_object_new (WM_TYPE_VOICE_REPORT_VIEW, NULL);
}

void
wm_voice_report_view_set_store (WmVoiceReportView *self,
                                WmStore           *store)
{
  g_return_if_fail (WM_IS_VOICE_REPORT_VIEW (self));
  g_return_if_fail (store == NULL || WM_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->report, wm_voice_report_free);

  if (store != NULL)
    {
      self->store_changed_id = g_signal_connect_swapped (store, "changed",
                                                         G_CALLBACK (store_changed_cb), self);
      self->dirty = TRUE;
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        refresh (self);
    }
}

WmVoiceReport *
wm_voice_report_view_get_report (WmVoiceReportView *self)
{
  g_return_val_if_fail (WM_IS_VOICE_REPORT_VIEW (self), NULL);

  if (self->store != NULL && (self->dirty || self->report == NULL))
    refresh (self);

  return self->report;
}

gboolean
wm_voice_report_view_export_to_file (WmVoiceReportView   *self,
                                     GFile               *file,
                                     WmVoiceExportFormat  format,
                                     GError             **error)
{
  WmVoiceReport *report;
  g_autofree char *text = NULL;

  g_return_val_if_fail (WM_IS_VOICE_REPORT_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  report = wm_voice_report_view_get_report (self);
  if (report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no report to export."));
      return FALSE;
    }

  text = wm_voice_report_export (report, format);

  /* g_file_replace_contents writes beside the file and renames: all or nothing. */
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
