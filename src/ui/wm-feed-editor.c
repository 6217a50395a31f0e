/* wm-feed-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-feed-editor.h"
#include "wm-kpi.h"
#include "wm-kpi-ui.h"
#include "wm-secrets.h"
#include "wm-ui-util.h"

struct _WmFeedEditor
{
  AdwWindow        parent_instance;

  WmFeeds         *feeds;
  WmRecord        *kpi;
  WmRecord        *feed;      /* NULL for a new feed */
  GCancellable    *test_cancellable;

  GtkWidget       *save_button;
  GtkLabel        *error_label;
  AdwPreferencesGroup *source_group;
  AdwComboRow     *type_row;
  AdwEntryRow     *url_row;
  AdwActionRow    *insecure_row;
  AdwEntryRow     *path_row;
  AdwEntryRow     *time_path_row;
  AdwEntryRow     *query_row;
  AdwEntryRow     *column_row;
  AdwEntryRow     *row_rule_row;
  GtkSpinButton   *scale_spin;
  AdwActionRow    *scale_row;
  GtkSpinButton   *interval_spin;
  AdwActionRow    *interval_row;
  AdwComboRow     *auth_row;
  AdwEntryRow     *user_row;
  AdwEntryRow     *header_row;
  AdwPasswordEntryRow *secret_row;
  GtkWidget       *test_button;
  GtkSpinner      *test_spinner;
  AdwActionRow    *test_result_row;
  GtkWidget       *test_result_list; /* its boxed list, hidden until a test */
  gboolean         secret_edited;
  gboolean         saving;     /* waiting for the keyring */
  GCancellable    *save_cancellable;
  GtkSpinner      *save_spinner;
  GtkWidget       *focus_before_saving;   /* weak */
  GtkWidget       *page;
};

G_DEFINE_FINAL_TYPE (WmFeedEditor, wm_feed_editor, ADW_TYPE_WINDOW)

static WmFeedType
selected_type (WmFeedEditor *self)
{
  return wm_feed_type_from_string (wm_kpi_ui_selected_choice (self->type_row, WM_FEED_TYPE));
}

static const char *
selected_auth (WmFeedEditor *self)
{
  return wm_kpi_ui_selected_choice (self->auth_row, WM_FEED_AUTH);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_visibility (WmFeedEditor *self)
{
  WmFeedType type = selected_type (self);
  const char *auth = selected_auth (self);
  const char *url = text_of (self->url_row);

  gtk_widget_set_visible (GTK_WIDGET (self->path_row),
                          type == WM_FEED_TYPE_JSON || type == WM_FEED_TYPE_RESPONSES);
  gtk_widget_set_visible (GTK_WIDGET (self->time_path_row),
                          type == WM_FEED_TYPE_JSON || type == WM_FEED_TYPE_RESPONSES);
  gtk_widget_set_visible (GTK_WIDGET (self->query_row), type == WM_FEED_TYPE_PROMETHEUS);
  gtk_widget_set_visible (GTK_WIDGET (self->column_row),
                          type == WM_FEED_TYPE_CSV || type == WM_FEED_TYPE_RESPONSES);
  gtk_widget_set_visible (GTK_WIDGET (self->row_rule_row), type == WM_FEED_TYPE_CSV);
  /* Raw answers are scores: their KPI is computed, never scaled. */
  gtk_widget_set_visible (GTK_WIDGET (self->scale_row), type != WM_FEED_TYPE_RESPONSES);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 type == WM_FEED_TYPE_PROMETHEUS ? _("Prometheus server URL")
                                                                 : _("URL"));

  gtk_widget_set_visible (GTK_WIDGET (self->user_row), g_str_equal (auth, "basic"));
  gtk_widget_set_visible (GTK_WIDGET (self->header_row), g_str_equal (auth, "header"));
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row), !g_str_equal (auth, "none"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 g_str_equal (auth, "bearer") ? _("Token")
                                 : g_str_equal (auth, "basic") ? _("Password")
                                 : _("Header value"));

  gtk_widget_set_visible (GTK_WIDGET (self->insecure_row), wm_feed_url_is_insecure (url));
}

/* The feed as the editor shows it, as a record to test or store. */
static WmRecord *
make_draft (WmFeedEditor *self)
{
  WmRecord *draft;
  g_autofree char *url = g_strstrip (g_strdup (text_of (self->url_row)));

  if (self->feed)
    {
      draft = wm_record_copy (self->feed);
      wm_record_set_string (draft, WM_FEED_URL, url);
    }
  else
    draft = wm_feed_new_draft (wm_record_get_id (self->kpi), selected_type (self), url);

  wm_record_set_string (draft, WM_FEED_TYPE,
                        wm_kpi_ui_selected_choice (self->type_row, WM_FEED_TYPE));
  wm_record_set_string (draft, WM_FEED_PATH, text_of (self->path_row));
  wm_record_set_string (draft, WM_FEED_TIME_PATH, text_of (self->time_path_row));
  wm_record_set_string (draft, WM_FEED_QUERY, text_of (self->query_row));
  wm_record_set_string (draft, WM_FEED_COLUMN_NAME, text_of (self->column_row));
  wm_record_set_string (draft, WM_FEED_ROW_RULE, text_of (self->row_rule_row));
  wm_record_set_double (draft, WM_FEED_SCALE, gtk_spin_button_get_value (self->scale_spin));
  wm_record_set_int (draft, WM_FEED_INTERVAL_SECONDS,
                     (gint64) gtk_spin_button_get_value_as_int (self->interval_spin) * 60);
  wm_record_set_string (draft, WM_FEED_AUTH, selected_auth (self));
  wm_record_set_string (draft, WM_FEED_AUTH_USER, text_of (self->user_row));
  wm_record_set_string (draft, WM_FEED_AUTH_HEADER, text_of (self->header_row));
  if (self->feed)
    wm_feed_drop_stale_validators (self->feed, draft);

  return draft;
}

/* The row that edits @column. */
static GtkWidget *
row_for_column (WmFeedEditor *self,
                WmColumnId    column)
{
  switch (column)
    {
    case WM_FEED_TYPE:
      return GTK_WIDGET (self->type_row);
    case WM_FEED_URL:
      return GTK_WIDGET (self->url_row);
    case WM_FEED_PATH:
      return GTK_WIDGET (self->path_row);
    case WM_FEED_TIME_PATH:
      return GTK_WIDGET (self->time_path_row);
    case WM_FEED_QUERY:
      return GTK_WIDGET (self->query_row);
    case WM_FEED_COLUMN_NAME:
      return GTK_WIDGET (self->column_row);
    case WM_FEED_ROW_RULE:
      return GTK_WIDGET (self->row_rule_row);
    case WM_FEED_SCALE:
      return GTK_WIDGET (self->scale_row);
    case WM_FEED_INTERVAL_SECONDS:
      return GTK_WIDGET (self->interval_row);
    case WM_FEED_AUTH:
      return GTK_WIDGET (self->auth_row);
    case WM_FEED_AUTH_USER:
      return GTK_WIDGET (self->user_row);
    case WM_FEED_AUTH_HEADER:
      return GTK_WIDGET (self->header_row);
    default:
      return NULL;
    }
}

/* Says @message (hides the message when NULL) under the group of the row
 * it is about, or the first group: the rows above, the one being typed in
 * among them, stay where they are. */
static void
show_message (WmFeedEditor *self,
              GtkWidget    *row,
              const char   *message)
{
  GtkWidget *label = GTK_WIDGET (self->error_label);
  GtkWidget *group = row ? gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) : NULL;
  GtkWidget *current = gtk_widget_get_ancestor (label, ADW_TYPE_PREFERENCES_GROUP);

  if (group == NULL)
    group = GTK_WIDGET (self->source_group);
  if (message != NULL && current != group)
    {
      g_object_ref (label);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (current), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
      g_object_unref (label);
    }
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

/* Whether the secret must be typed: a new feed that signs in, or a feed
 * that signs in another way than before (the old secret does not fit). */
static gboolean
needs_new_secret (WmFeedEditor *self)
{
  const char *auth = selected_auth (self);

  if (g_str_equal (auth, "none"))
    return FALSE;

  return self->feed == NULL || !g_str_equal (auth, wm_record_get_string (self->feed, WM_FEED_AUTH));
}

/* Checks the form as it is typed: the first thing to fix is said under
 * its group and marked on its row, and Save waits until it is fixed. A new,
 * still empty form says nothing yet. */
static gboolean
validate (WmFeedEditor  *self,
          GError       **error)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->type_row), GTK_WIDGET (self->url_row), GTK_WIDGET (self->path_row),
    GTK_WIDGET (self->time_path_row), GTK_WIDGET (self->query_row),
    GTK_WIDGET (self->column_row), GTK_WIDGET (self->row_rule_row), GTK_WIDGET (self->scale_row),
    GTK_WIDGET (self->interval_row), GTK_WIDGET (self->auth_row), GTK_WIDGET (self->user_row),
    GTK_WIDGET (self->header_row), GTK_WIDGET (self->secret_row),
  };
  g_autoptr(WmRecord) draft = make_draft (self);
  g_autoptr(GError) local_error = NULL;
  WmColumnId field = WM_COLUMN_NONE;
  GtkWidget *bad = NULL;
  gboolean pristine;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");

  if (!wm_feed_check_definition (draft, &field, &local_error))
    bad = row_for_column (self, field);
  else if (needs_new_secret (self)
           && *gtk_editable_get_text (GTK_EDITABLE (self->secret_row)) == '\0')
    {
      g_set_error_literal (&local_error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                           _("Enter the secret this feed signs in with."));
      bad = GTK_WIDGET (self->secret_row);
    }

  pristine = self->feed == NULL && *text_of (self->url_row) == '\0';
  if (bad != NULL && !pristine)
    gtk_widget_add_css_class (bad, "error");
  show_message (self, bad, local_error != NULL && !pristine ? local_error->message : NULL);
  gtk_widget_set_sensitive (self->save_button, local_error == NULL && !self->saving);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
form_changed_cb (WmFeedEditor *self)
{
  validate (self, NULL);
}

static void
show_test_result (WmFeedEditor *self,
                  const char   *title,
                  const char   *subtitle,
                  const char   *css_class)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_row), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_row), "error");
  if (css_class)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_result_row), css_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->test_result_row), title);
  adw_action_row_set_subtitle (self->test_result_row, subtitle ? subtitle : "");
  gtk_widget_set_visible (self->test_result_list, TRUE);
  /* The last row of the form: with a secret or a Prometheus query it is
   * below the fold, and the value or the exact error is the answer. */
  wm_ui_scroll_into_view (GTK_WIDGET (self->test_result_row));
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WmFeedEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = wm_feeds_test_finish (WM_FEEDS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (self->test_button, TRUE);
  g_clear_object (&self->test_cancellable);

  if (samples == NULL)
    {
      show_test_result (self, _("The feed failed"), error->message, "error");
      return;
    }
  if (samples->len == 0)
    {
      show_test_result (self, _("The feed gave no values"), NULL, "error");
      return;
    }

  {
    const WmSample *last = &g_array_index (samples, WmSample, samples->len - 1);
    g_autofree char *value = wm_kpi_format_value (self->kpi, last->value);
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (last->time);
    g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
    /* Translators: when a tested feed's value was measured, see g_date_time_format() */
    /* xgettext:no-c-format */
    g_autofree char *time = local ? g_date_time_format (local, _("%b %-d, %Y %H:%M")) : NULL;
    g_autofree char *subtitle = NULL;
    g_autofree char *title = NULL;

    /* Translators: the value a tested feed gave, e.g. "Value: 51" */
    title = g_strdup_printf (_("Value: %s"), value);
    if (samples->len > 1)
      /* Translators: %s is a date and time, %u a count of values */
      subtitle = g_strdup_printf (ngettext ("At %s, the newest of %u value",
                                            "At %s, the newest of %u values", samples->len),
                                  time ? time : "", samples->len);
    else
      /* Translators: %s is a date and time */
      subtitle = g_strdup_printf (_("At %s"), time ? time : "");
    show_test_result (self, title, subtitle, "success");
  }
}

static void
secret_changed_cb (WmFeedEditor *self)
{
  self->secret_edited = TRUE;
  validate (self, NULL);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WmFeedEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (wm_feed_editor_save_finish (self, result, &error) > 0)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_message (self, NULL, error->message);
}

/* Closing while the keyring asks for its password gives up the save. */
static gboolean
close_request_cb (WmFeedEditor *self)
{
  g_cancellable_cancel (self->save_cancellable);

  return FALSE;
}

static void
save_clicked_cb (WmFeedEditor *self)
{
  wm_feed_editor_save_async (self, self->save_cancellable, save_done_cb, g_object_ref (self));
}

static void
delete_clicked_cb (WmFeedEditor *self)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_feeds_get_store (self->feeds);

  /* Its secret leaves the keyring with it (see wm-feeds.h): undoing the
   * deletion brings the feed back, asking for its secret again. */
  if (!wm_store_delete (store, WM_ENTITY_FEED, wm_record_get_id (self->feed), &error))
    {
      show_message (self, NULL, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = g_object_new (ADW_TYPE_ENTRY_ROW, "title", title, NULL);

  adw_preferences_group_add (group, row);

  return row;
}

static GtkWidget *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           GtkStringList       *labels)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_preferences_group_add (group, row);

  return row;
}

static void
build_header (WmFeedEditor *self,
              GtkBox       *box)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (self->feed ? _("_Save") : _("_Add"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  self->save_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->save_spinner));
  gtk_box_append (box, header);
}

/* "100" and "0.5", not "100.000" and "0.500": as few digits as the factor
 * needs. */
static gboolean
scale_output_cb (GtkSpinButton *spin,
                 gpointer       user_data)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%g", gtk_spin_button_get_value (spin));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
build_source_group (WmFeedEditor       *self,
                    AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) type_labels = wm_kpi_ui_choice_labels (WM_FEED_TYPE);
  GtkWidget *icon;

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->error_label));
  self->source_group = group;

  self->type_row = ADW_COMBO_ROW (combo_row (group, _("Type"), type_labels));
  self->url_row = ADW_ENTRY_ROW (entry_row (group, _("URL")));
  self->insecure_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->insecure_row),
                                 _("Unencrypted connection"));
  adw_action_row_set_subtitle (self->insecure_row,
                               _("Values and credentials would cross the network in plain "
                                 "text. Use https:// if the server offers it."));
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (self->insecure_row, icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->insecure_row), "wm-warning-row");
  adw_preferences_group_add (group, GTK_WIDGET (self->insecure_row));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Extraction"));
  self->path_row = ADW_ENTRY_ROW (entry_row (group, _("JSONPath of the value")));
  self->time_path_row = ADW_ENTRY_ROW (entry_row (group, _("JSONPath of the time (optional)")));
  self->query_row = ADW_ENTRY_ROW (entry_row (group, _("PromQL query")));
  self->column_row = ADW_ENTRY_ROW (entry_row (group, _("Column")));
  self->row_rule_row = ADW_ENTRY_ROW (entry_row (group, _("Row (first, last or match:COLUMN=VALUE)")));

  self->scale_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scale_row), _("Multiply values by"));
  adw_action_row_set_subtitle (self->scale_row,
                               _("100 when the source gives a share as a fraction, such as "
                                 "0.92 for 92 %"));
  self->scale_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (WM_FEED_MIN_SCALE,
                                                                      WM_FEED_MAX_SCALE, 1));
  gtk_spin_button_set_digits (self->scale_spin, 3);
  gtk_spin_button_set_value (self->scale_spin, 1);
  g_signal_connect (self->scale_spin, "output", G_CALLBACK (scale_output_cb), NULL);
  gtk_widget_set_valign (GTK_WIDGET (self->scale_spin), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->scale_row, GTK_WIDGET (self->scale_spin));
  adw_action_row_set_activatable_widget (self->scale_row, GTK_WIDGET (self->scale_spin));
  adw_preferences_group_add (group, GTK_WIDGET (self->scale_row));

  self->interval_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->interval_row),
                                 _("Refresh every (minutes)"));
  self->interval_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 7 * 24 * 60, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->interval_spin), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->interval_row, GTK_WIDGET (self->interval_spin));
  adw_preferences_group_add (group, GTK_WIDGET (self->interval_row));
  adw_preferences_page_add (page, group);
}

static void
build_auth_group (WmFeedEditor       *self,
                  AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) labels = wm_kpi_ui_choice_labels (WM_FEED_AUTH);

  adw_preferences_group_set_title (group, _("Authentication"));
  adw_preferences_group_set_description (group,
                                         _("The secret is kept in your keyring, never in "
                                           "the project file."));
  self->auth_row = ADW_COMBO_ROW (combo_row (group, _("Method"), labels));
  self->user_row = ADW_ENTRY_ROW (entry_row (group, _("User name")));
  self->header_row = ADW_ENTRY_ROW (entry_row (group, _("Header name")));
  self->secret_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_group_add (group, GTK_WIDGET (self->secret_row));
  adw_preferences_page_add (page, group);
}

static void
build_test_group (WmFeedEditor       *self,
                  AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_group_set_title (group, _("Test"));
  adw_preferences_group_set_description (group,
                                         _("Fetches once and shows what the feed would store, "
                                           "without storing it."));
  self->test_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->test_spinner));
  self->test_button = gtk_button_new_with_mnemonic (_("_Test Feed"));
  gtk_widget_set_valign (self->test_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->test_button, "clicked", G_CALLBACK (wm_feed_editor_test), self);
  gtk_box_append (GTK_BOX (box), self->test_button);
  adw_preferences_group_set_header_suffix (group, box);

  /* In a list of its own, hidden until there is a result: the group's own
   * list would show its empty frame under the heading. */
  self->test_result_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->test_result_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->test_result_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->test_result_list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (self->test_result_list), GTK_WIDGET (self->test_result_row));
  gtk_widget_set_visible (self->test_result_list, FALSE);
  adw_preferences_group_add (group, self->test_result_list);
  adw_preferences_page_add (page, group);

  if (self->feed)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Remove Feed"));

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (delete_clicked_cb), self);
      adw_preferences_group_add (group, button);
      adw_preferences_page_add (page, group);
    }
}

static void
load (WmFeedEditor *self)
{
  WmRecord *feed = self->feed;
  gint64 interval = feed ? wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS) : 3600;

  gtk_spin_button_set_value (self->interval_spin, MAX (1, interval / 60));
  if (feed == NULL)
    return;

  gtk_spin_button_set_value (self->scale_spin, wm_feed_get_scale (feed));
  wm_kpi_ui_select_choice (self->type_row, WM_FEED_TYPE, wm_record_get_string (feed, WM_FEED_TYPE));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), wm_record_get_string (feed, WM_FEED_URL));
  gtk_editable_set_text (GTK_EDITABLE (self->path_row), wm_record_get_string (feed, WM_FEED_PATH));
  gtk_editable_set_text (GTK_EDITABLE (self->time_path_row),
                         wm_record_get_string (feed, WM_FEED_TIME_PATH));
  gtk_editable_set_text (GTK_EDITABLE (self->query_row),
                         wm_record_get_string (feed, WM_FEED_QUERY));
  gtk_editable_set_text (GTK_EDITABLE (self->column_row),
                         wm_record_get_string (feed, WM_FEED_COLUMN_NAME));
  gtk_editable_set_text (GTK_EDITABLE (self->row_rule_row),
                         wm_record_get_string (feed, WM_FEED_ROW_RULE));
  wm_kpi_ui_select_choice (self->auth_row, WM_FEED_AUTH, wm_record_get_string (feed, WM_FEED_AUTH));
  gtk_editable_set_text (GTK_EDITABLE (self->user_row),
                         wm_record_get_string (feed, WM_FEED_AUTH_USER));
  gtk_editable_set_text (GTK_EDITABLE (self->header_row),
                         wm_record_get_string (feed, WM_FEED_AUTH_HEADER));
}

static void
build (WmFeedEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  self->page = GTK_WIDGET (page);
  build_header (self, GTK_BOX (box));
  build_source_group (self, page);
  build_auth_group (self, page);
  build_test_group (self, page);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));
  adw_window_set_content (ADW_WINDOW (self), box);

  load (self);
  if (self->feed)
    gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  g_signal_connect_swapped (self->type_row, "notify::selected",
                            G_CALLBACK (update_visibility), self);
  g_signal_connect_swapped (self->auth_row, "notify::selected",
                            G_CALLBACK (update_visibility), self);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (update_visibility), self);
  g_signal_connect_swapped (self->secret_row, "changed", G_CALLBACK (secret_changed_cb), self);
  {
    GObject *entries[] = {
      G_OBJECT (self->url_row), G_OBJECT (self->path_row), G_OBJECT (self->time_path_row),
      G_OBJECT (self->query_row), G_OBJECT (self->column_row), G_OBJECT (self->row_rule_row),
      G_OBJECT (self->user_row), G_OBJECT (self->header_row),
    };

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      g_signal_connect_swapped (entries[i], "changed", G_CALLBACK (form_changed_cb), self);
    g_signal_connect_swapped (self->type_row, "notify::selected",
                              G_CALLBACK (form_changed_cb), self);
    g_signal_connect_swapped (self->auth_row, "notify::selected",
                              G_CALLBACK (form_changed_cb), self);
    g_signal_connect_swapped (self->interval_spin, "value-changed",
                              G_CALLBACK (form_changed_cb), self);
    g_signal_connect_swapped (self->scale_spin, "value-changed",
                              G_CALLBACK (form_changed_cb), self);
  }
  update_visibility (self);
  validate (self, NULL);
}

static void
wm_feed_editor_dispose (GObject *object)
{
  WmFeedEditor *self = WM_FEED_EDITOR (object);

  if (self->test_cancellable)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_object (&self->feeds);
  g_clear_object (&self->kpi);
  g_clear_object (&self->feed);
  g_clear_weak_pointer (&self->focus_before_saving);

  G_OBJECT_CLASS (wm_feed_editor_parent_class)->dispose (object);
}

static void
wm_feed_editor_class_init (WmFeedEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_feed_editor_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wm_feed_editor_init (WmFeedEditor *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  self->save_cancellable = g_cancellable_new ();
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 720);
}

WmFeedEditor *
wm_feed_editor_new (WmFeeds  *feeds,
                    WmRecord *kpi,
                    WmRecord *feed)
{
  WmFeedEditor *self;

  g_return_val_if_fail (WM_IS_FEEDS (feeds), NULL);
  g_return_val_if_fail (WM_IS_RECORD (kpi), NULL);

  self = g_object_new (WM_TYPE_FEED_EDITOR, NULL);
  self->feeds = g_object_ref (feeds);
  self->kpi = g_object_ref (kpi);
  self->feed = feed ? g_object_ref (feed) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), feed ? _("Edit Feed") : _("New Feed"));
  build (self);
  /* Ready for typing where a person starts, not on Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));

  return self;
}

GtkWidget *
wm_feed_editor_get_field (WmFeedEditor *self,
                          const char   *field)
{
  const struct {
    const char *field;
    gsize       offset;
  } fields[] = {
    { "type", G_STRUCT_OFFSET (WmFeedEditor, type_row) },
    { "url", G_STRUCT_OFFSET (WmFeedEditor, url_row) },
    { "insecure", G_STRUCT_OFFSET (WmFeedEditor, insecure_row) },
    { "path", G_STRUCT_OFFSET (WmFeedEditor, path_row) },
    { "time_path", G_STRUCT_OFFSET (WmFeedEditor, time_path_row) },
    { "query", G_STRUCT_OFFSET (WmFeedEditor, query_row) },
    { "column_name", G_STRUCT_OFFSET (WmFeedEditor, column_row) },
    { "row_rule", G_STRUCT_OFFSET (WmFeedEditor, row_rule_row) },
    { "scale", G_STRUCT_OFFSET (WmFeedEditor, scale_spin) },
    { "scale_row", G_STRUCT_OFFSET (WmFeedEditor, scale_row) },
    { "interval", G_STRUCT_OFFSET (WmFeedEditor, interval_spin) },
    { "auth", G_STRUCT_OFFSET (WmFeedEditor, auth_row) },
    { "auth_user", G_STRUCT_OFFSET (WmFeedEditor, user_row) },
    { "auth_header", G_STRUCT_OFFSET (WmFeedEditor, header_row) },
    { "secret", G_STRUCT_OFFSET (WmFeedEditor, secret_row) },
    { "test_result", G_STRUCT_OFFSET (WmFeedEditor, test_result_row) },
    { "save", G_STRUCT_OFFSET (WmFeedEditor, save_button) },
    { "error", G_STRUCT_OFFSET (WmFeedEditor, error_label) },
  };

  g_return_val_if_fail (WM_IS_FEED_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_strcmp0 (fields[i].field, field) == 0)
        return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset);
    }

  return NULL;
}

void
wm_feed_editor_test (WmFeedEditor *self)
{
  g_autoptr(WmRecord) draft = NULL;
  const char *secret = NULL;

  g_return_if_fail (WM_IS_FEED_EDITOR (self));

  if (self->test_cancellable)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();

  draft = make_draft (self);
  /* A secret typed here is tested as typed; else the keyring's, if any. */
  if (!g_str_equal (selected_auth (self), "none") && (self->secret_edited || self->feed == NULL))
    secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));

  gtk_widget_set_sensitive (self->test_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->test_result_row), _("Testing…"));
  adw_action_row_set_subtitle (self->test_result_row, "");
  wm_feeds_test_async (self->feeds, draft, secret, self->test_cancellable, test_done_cb,
                       g_object_ref (self));
}

gboolean
wm_feed_editor_is_testing (WmFeedEditor *self)
{
  g_return_val_if_fail (WM_IS_FEED_EDITOR (self), FALSE);

  return self->test_cancellable != NULL;
}

static void
editor_set_saving (WmFeedEditor *self,
                   gboolean      saving)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  self->saving = saving;
  /* The field being typed in (Enter saves) gets the focus back when the
   * form stays open. */
  if (saving && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->page)))
    g_set_weak_pointer (&self->focus_before_saving, focus);
  wm_ui_set_sensitive (GTK_WIDGET (self->page), !saving);
  if (!saving && self->focus_before_saving != NULL)
    {
      gtk_widget_grab_focus (self->focus_before_saving);
      g_clear_weak_pointer (&self->focus_before_saving);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), saving);
  if (saving)
    gtk_spinner_start (self->save_spinner);
  else
    gtk_spinner_stop (self->save_spinner);
  validate (self, NULL);
}

static void
save_finish_task (GTask  *task,
                  gint64  id,
                  GError *error)
{
  WmFeedEditor *self = g_task_get_source_object (task);

  editor_set_saving (self, FALSE);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, id);
}

static void
save_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gint64 id = wm_feeds_add_finish (result, &error);

  save_finish_task (task, id, error);
}

/* An existing feed: the store after the keyring, so that a refused secret
 * leaves the feed as it was. */
static void
save_update (GTask *task)
{
  WmFeedEditor *self = g_task_get_source_object (task);
  WmRecord *draft = g_task_get_task_data (task);
  GError *error = NULL;

  if (!wm_store_update (wm_feeds_get_store (self->feeds), draft, &error))
    save_finish_task (task, 0, error);
  else
    save_finish_task (task, wm_record_get_id (draft), NULL);
}

static void
save_stored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!wm_secrets_store_finish (result, &error))
    {
      save_finish_task (task, 0, error);
      return;
    }
  save_update (task);
}

void
wm_feed_editor_save_async (WmFeedEditor        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WmStore *store;
  WmRecord *draft;
  const char *secret = NULL;
  GError *error = NULL;

  g_return_if_fail (WM_IS_FEED_EDITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_feed_editor_save_async);
  if (self->saving || !validate (self, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PENDING,
                                     _("The feed is being saved."));
      g_task_return_error (task, error);
      return;
    }

  store = wm_feeds_get_store (self->feeds);
  draft = make_draft (self);
  g_task_set_task_data (task, draft, g_object_unref);
  if (!g_str_equal (selected_auth (self), "none") && (self->secret_edited || self->feed == NULL))
    secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  if (secret != NULL && *secret == '\0')
    secret = NULL;

  /* The keyring may ask for its password: the window waits, not frozen. */
  editor_set_saving (self, TRUE);
  if (self->feed == NULL)
    {
      wm_feeds_add_async (store, draft, secret, cancellable, save_added_cb,
                          g_steal_pointer (&task));
      return;
    }
  if (secret != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Waymark feed for “%s”"),
                                                wm_record_get_label (self->kpi));

      wm_secrets_store (wm_record_get_uuid (wm_store_get_project (store)),
                        wm_record_get_uuid (self->feed), label, secret, cancellable,
                        save_stored_cb, g_steal_pointer (&task));
      return;
    }
  save_update (task);
}

gint64
wm_feed_editor_save_finish (WmFeedEditor  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  gint64 id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  id = g_task_propagate_int (G_TASK (result), error);

  /* -1 on error, as GTask gives it. */
  return MAX (id, 0);
}
