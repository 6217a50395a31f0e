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
#include "wm-secrets.h"

struct _WmFeedEditor
{
  AdwWindow        parent_instance;

  WmFeeds         *feeds;
  WmRecord        *kpi;
  WmRecord        *feed;      /* NULL for a new feed */
  GCancellable    *test_cancellable;

  GtkWidget       *save_button;
  GtkLabel        *error_label;
  AdwComboRow     *type_row;
  AdwEntryRow     *url_row;
  AdwActionRow    *insecure_row;
  AdwEntryRow     *path_row;
  AdwEntryRow     *time_path_row;
  AdwEntryRow     *query_row;
  AdwEntryRow     *column_row;
  AdwEntryRow     *row_rule_row;
  GtkSpinButton   *interval_spin;
  AdwActionRow    *interval_row;
  AdwComboRow     *auth_row;
  AdwEntryRow     *user_row;
  AdwEntryRow     *header_row;
  AdwPasswordEntryRow *secret_row;
  GtkWidget       *test_button;
  GtkSpinner      *test_spinner;
  AdwActionRow    *test_result_row;
  gboolean         secret_edited;
};

G_DEFINE_FINAL_TYPE (WmFeedEditor, wm_feed_editor, ADW_TYPE_WINDOW)

/* The choice a combo row shows, as stored in the file. */
static const char *
selected_choice (AdwComboRow *row,
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

static WmFeedType
selected_type (WmFeedEditor *self)
{
  return wm_feed_type_from_string (selected_choice (self->type_row, WM_FEED_TYPE));
}

static const char *
selected_auth (WmFeedEditor *self)
{
  return selected_choice (self->auth_row, WM_FEED_AUTH);
}

static void
select_choice (AdwComboRow *row,
               WmColumnId   column,
               const char  *value)
{
  adw_combo_row_set_selected (row, MAX (0, wm_column_choice_index (column, value)));
}

static GtkStringList *
choice_labels (WmColumnId column)
{
  const WmChoice *choices = wm_column_get_choices (column);
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; choices[i].value; i++)
    gtk_string_list_append (labels, wm_column_choice_label (column, choices[i].value));

  return labels;
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

  /* A draft that never was stored has no schema defaults yet; a test
   * fetch needs them. */
  if (wm_record_get_int (draft, WM_FEED_TIMEOUT_SECONDS) <= 0)
    wm_record_set_int (draft, WM_FEED_TIMEOUT_SECONDS, 30);
  if (wm_record_get_int (draft, WM_FEED_MAX_BYTES) <= 0)
    wm_record_set_int (draft, WM_FEED_MAX_BYTES, 10 * 1024 * 1024);

  wm_record_set_string (draft, WM_FEED_TYPE, selected_choice (self->type_row, WM_FEED_TYPE));
  wm_record_set_string (draft, WM_FEED_PATH, text_of (self->path_row));
  wm_record_set_string (draft, WM_FEED_TIME_PATH, text_of (self->time_path_row));
  wm_record_set_string (draft, WM_FEED_QUERY, text_of (self->query_row));
  wm_record_set_string (draft, WM_FEED_COLUMN_NAME, text_of (self->column_row));
  wm_record_set_string (draft, WM_FEED_ROW_RULE, text_of (self->row_rule_row));
  wm_record_set_int (draft, WM_FEED_INTERVAL_SECONDS,
                     (gint64) gtk_spin_button_get_value_as_int (self->interval_spin) * 60);
  wm_record_set_string (draft, WM_FEED_AUTH, selected_auth (self));
  wm_record_set_string (draft, WM_FEED_AUTH_USER, text_of (self->user_row));
  wm_record_set_string (draft, WM_FEED_AUTH_HEADER, text_of (self->header_row));

  return draft;
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
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_row), TRUE);
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
}

static void
save_clicked_cb (WmFeedEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (wm_feed_editor_save (self, &error) == 0)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
delete_clicked_cb (WmFeedEditor *self)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_feeds_get_store (self->feeds);

  /* The secret stays in the keyring, so that undoing the deletion gives a
   * working feed back. */
  if (!wm_store_delete (store, WM_ENTITY_FEED, wm_record_get_id (self->feed), &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
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
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (self->feed ? _("_Save") : _("_Add"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (box, header);
}

static void
build_source_group (WmFeedEditor       *self,
                    AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) type_labels = choice_labels (WM_FEED_TYPE);
  GtkWidget *icon;

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->error_label));

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
  g_autoptr(GtkStringList) labels = choice_labels (WM_FEED_AUTH);

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

  self->test_result_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_row), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->test_result_row));
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

  select_choice (self->type_row, WM_FEED_TYPE, wm_record_get_string (feed, WM_FEED_TYPE));
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
  select_choice (self->auth_row, WM_FEED_AUTH, wm_record_get_string (feed, WM_FEED_AUTH));
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
  update_visibility (self);
}

static void
wm_feed_editor_dispose (GObject *object)
{
  WmFeedEditor *self = WM_FEED_EDITOR (object);

  if (self->test_cancellable)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->feeds);
  g_clear_object (&self->kpi);
  g_clear_object (&self->feed);

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
    { "interval", G_STRUCT_OFFSET (WmFeedEditor, interval_spin) },
    { "auth", G_STRUCT_OFFSET (WmFeedEditor, auth_row) },
    { "auth_user", G_STRUCT_OFFSET (WmFeedEditor, user_row) },
    { "auth_header", G_STRUCT_OFFSET (WmFeedEditor, header_row) },
    { "secret", G_STRUCT_OFFSET (WmFeedEditor, secret_row) },
    { "test_result", G_STRUCT_OFFSET (WmFeedEditor, test_result_row) },
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
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->test_result_row), _("Testing …"));
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

static gboolean
row_rule_is_valid (const char *rule)
{
  const char *equals;

  if (*rule == '\0' || g_str_equal (rule, "first") || g_str_equal (rule, "last"))
    return TRUE;
  if (!g_str_has_prefix (rule, "match:"))
    return FALSE;
  equals = strchr (rule + strlen ("match:"), '=');

  return equals != NULL && equals > rule + strlen ("match:");
}

/* What a fetch needs to find its value, checked before the feed is stored:
 * a feed that can never work is refused with the field to fix. */
static gboolean
check_extraction (WmFeedEditor  *self,
                  GError       **error)
{
  WmFeedType type = selected_type (self);
  g_autofree char *path = g_strstrip (g_strdup (text_of (self->path_row)));
  const char *column = text_of (self->column_row);
  AdwEntryRow *bad = NULL;
  const char *message = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->path_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->column_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->row_rule_row), "error");

  if (type == WM_FEED_TYPE_JSON && *path == '\0')
    {
      bad = self->path_row;
      message = _("Enter the JSONPath of the value, e.g. $.nps.");
    }
  else if (type == WM_FEED_TYPE_CSV && *column == '\0')
    {
      bad = self->column_row;
      message = _("Enter the CSV column that holds the value.");
    }
  else if (type == WM_FEED_TYPE_CSV && !row_rule_is_valid (text_of (self->row_rule_row)))
    {
      bad = self->row_rule_row;
      message = _("The row is “first”, “last” or “match:COLUMN=VALUE”.");
    }
  else if (type == WM_FEED_TYPE_RESPONSES && *path == '\0' && *column == '\0')
    {
      bad = self->path_row;
      message = _("Enter the JSONPath of the answers’ scores, or the CSV column that holds them.");
    }

  if (bad == NULL)
    return TRUE;

  gtk_widget_add_css_class (GTK_WIDGET (bad), "error");
  g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION, message);
  return FALSE;
}

gint64
wm_feed_editor_save (WmFeedEditor  *self,
                     GError       **error)
{
  WmStore *store;
  g_autoptr(WmRecord) draft = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *secret = NULL;
  gboolean needs_secret;

  g_return_val_if_fail (WM_IS_FEED_EDITOR (self), 0);

  store = wm_feeds_get_store (self->feeds);
  draft = make_draft (self);
  uri = wm_feed_build_uri (draft, 0, 0, 0, error);
  if (uri == NULL || !check_extraction (self, error))
    return 0;

  needs_secret = !g_str_equal (selected_auth (self), "none");
  if (needs_secret && (self->secret_edited || self->feed == NULL))
    secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  if (needs_secret && self->feed == NULL && (secret == NULL || *secret == '\0'))
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                           _("Enter the secret this feed signs in with."));
      return 0;
    }

  if (self->feed == NULL)
    return wm_feeds_add (store, draft, secret, error);

  /* The keyring first: if it refuses, the feed stays as it was. */
  if (secret != NULL && *secret != '\0')
    {
      g_autofree char *label = g_strdup_printf (_("Waymark feed for “%s”"),
                                                wm_record_get_label (self->kpi));

      if (!wm_secrets_store_sync (wm_record_get_uuid (wm_store_get_project (store)),
                                  wm_record_get_uuid (self->feed), label, secret, NULL, error))
        return 0;
    }

  return wm_store_update (store, draft, error) ? wm_record_get_id (draft) : 0;
}
