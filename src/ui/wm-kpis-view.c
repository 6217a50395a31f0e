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

#include "wm-chart-geometry.h"
#include "wm-feed-editor.h"
#include "wm-kpi.h"
#include "wm-kpi-card.h"
#include "wm-kpi-chart.h"
#include "wm-kpi-editor.h"
#include "wm-kpi-link-dialog.h"
#include "wm-kpi-samples.h"
#include "wm-kpi-ui.h"
#include "wm-kpi-value-dialog.h"
#include "wm-kpis-view.h"
#include "wm-list-detail.h"
#include "wm-record-list.h"
#include "wm-trust.h"
#include "wm-ui-util.h"

struct _WmKpisView
{
  GtkWidget     parent_instance;

  GtkWidget    *content;
  GtkRevealer  *trust_revealer;
  GtkLabel     *trust_label;
  GtkStack     *stack;
  GtkFlowBox   *cards;
  gboolean      cards_bound;  /* see bind_cards () */
  GtkLabel     *progress_label;
  GtkSpinner   *progress_spinner;
  GtkWidget    *refresh_all_button;
  GtkLabel     *detail_title;
  GtkLabel     *detail_subtitle;
  GtkLabel     *detail_value;
  GtkLabel     *detail_status;
  GtkLabel     *detail_facts;
  GtkBox       *range_box;
  WmListDetail *list_detail;
  WmKpiChart   *chart;
  AdwPreferencesGroup *feeds_group;
  AdwPreferencesGroup *values_group;
  AdwPreferencesGroup *map_group;

  WmStore      *store;
  WmFeeds      *feeds;
  WmRecordList *kpis;
  WmRecordList *feed_records;
  gulong        store_changed_id;
  gint64        shown_id;
  WmChartRange  range;
  GPtrArray    *feed_rows;
  GPtrArray    *value_rows;
  GPtrArray    *map_rows;
  GHashTable   *fetching;      /* feed ids whose fetch is under way */
  const char   *status_class;
};

G_DEFINE_FINAL_TYPE (WmKpisView, wm_kpis_view, GTK_TYPE_WIDGET)

/* Enough for a sparkline to show a trend; a card reads no more. */
#define SPARK_SAMPLES 30
/* The values list shows the newest; the chart shows them all. */
#define LISTED_SAMPLES 50

static const struct {
  WmChartRange  range;
  const char   *label;
} ranges[] = {
  { WM_CHART_RANGE_WEEK, N_("7 Days") },
  { WM_CHART_RANGE_MONTH, N_("30 Days") },
  { WM_CHART_RANGE_QUARTER, N_("90 Days") },
  { WM_CHART_RANGE_YEAR, N_("Year") },
  { WM_CHART_RANGE_ALL, N_("All") },
};

static void update_detail (WmKpisView *self);

/* Helpers */

static void
add_toast (WmKpisView *self,
           AdwToast   *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
toast (WmKpisView *self,
       const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 4);
  add_toast (self, toast);
}

static GtkWindow *
parent_window (WmKpisView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_dialog (WmKpisView *self,
                GtkWindow  *dialog)
{
  gtk_window_set_transient_for (dialog, parent_window (self));
  gtk_window_present (dialog);
}

static void
show_error (WmKpisView *self,
            const char *heading,
            const char *message)
{
  wm_ui_alert (parent_window (self), heading, message);
}

static WmRecord *
get_shown_kpi (WmKpisView *self)
{
  int position;

  if (self->kpis == NULL || self->shown_id == 0)
    return NULL;
  position = wm_record_list_find (self->kpis, self->shown_id);
  if (position < 0)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->kpis), position);
}

static WmRecord *
find_feed (WmKpisView *self,
           gint64      feed_id)
{
  int position = self->feed_records ? wm_record_list_find (self->feed_records, feed_id) : -1;

  if (position < 0)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->feed_records), position);
}

static char *
feed_host (WmRecord *feed)
{
  const char *url = wm_record_get_string (feed, WM_FEED_URL);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));

  return g_strdup (g_uri_get_host (uri));
}

static gboolean
feeds_paused (WmKpisView *self)
{
  return self->feeds != NULL && !wm_feeds_get_trusted (self->feeds);
}

/* Cards */

static void
update_card_feed_state (WmKpisView *self,
                        WmKpiCard  *card)
{
  WmFeedState state;
  const char *reason;
  guint n;

  n = wm_kpi_ui_feeds_state (G_LIST_MODEL (self->feed_records),
                             wm_record_get_id (wm_kpi_card_get_kpi (card)), &state, &reason);
  if (n > 0 && feeds_paused (self))
    {
      state = WM_FEED_STATE_PAUSED;
      reason = _("Not trusted yet");
    }
  wm_kpi_card_set_feed_state (card, n, state, reason);
}

static void
update_card_samples (WmKpisView *self,
                     WmKpiCard  *card)
{
  g_autoptr(GArray) samples = NULL;

  samples = wm_kpi_ui_recent_samples (self->store, wm_record_get_id (wm_kpi_card_get_kpi (card)),
                                      SPARK_SAMPLES);
  wm_kpi_card_set_samples (card, samples);
}

static GtkWidget *
create_card_cb (gpointer item,
                gpointer user_data)
{
  WmKpisView *self = user_data;
  GtkWidget *card = wm_kpi_card_new (WM_RECORD (item));

  update_card_samples (self, WM_KPI_CARD (card));
  update_card_feed_state (self, WM_KPI_CARD (card));

  return card;
}

/* The cards are made when the dashboard is first on screen (or asked for):
 * a window that shows the map does not build one card per KPI behind it. */
static void
bind_cards (WmKpisView *self)
{
  if (self->cards_bound || self->kpis == NULL)
    return;

  self->cards_bound = TRUE;
  gtk_flow_box_bind_model (self->cards, G_LIST_MODEL (self->kpis), create_card_cb, self, NULL);
}

static void
foreach_card (WmKpisView *self,
              void      (*func) (WmKpisView *, WmKpiCard *))
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (WM_IS_KPI_CARD (card))
        func (self, WM_KPI_CARD (card));
    }
}

/* Trust */

/* Adds to @text, after @separator, the hosts the feeds reach over plain
 * http://, if any. */
static void
append_insecure_hosts (WmKpisView *self,
                       GString    *text,
                       const char *separator)
{
  g_auto(GStrv) insecure = wm_trust_list_insecure_hosts (self->store, NULL);
  g_autofree char *list = NULL;

  if (insecure == NULL || insecure[0] == NULL)
    return;
  list = g_strjoinv (", ", insecure);
  g_string_append (text, separator);
  /* Translators: %s is a list of host names reached over plain http:// */
  g_string_append_printf (text, _("Without encryption: %s."), list);
}

static void
update_trust (WmKpisView *self)
{
  g_auto(GStrv) hosts = NULL;
  g_autofree char *list = NULL;
  gboolean show;

  show = self->store != NULL && feeds_paused (self)
         && self->feed_records != NULL
         && g_list_model_get_n_items (G_LIST_MODEL (self->feed_records)) > 0;
  if (show)
    {
      GString *text = g_string_new (NULL);

      hosts = wm_trust_list_hosts (self->store, NULL);
      list = hosts ? g_strjoinv (", ", hosts) : g_strdup ("");
      /* Translators: %s is a list of host names */
      g_string_append_printf (text, _("Feeds are paused: this project was not created on this "
                                      "computer. Trusting it lets Waymark contact %s."), list);
      append_insecure_hosts (self, text, " ");
      gtk_label_set_label (self->trust_label, text->str);
      g_string_free (text, TRUE);
    }
  gtk_revealer_set_reveal_child (self->trust_revealer, show);

  /* The KPIs tab asks for attention while the banner waits. The window
   * holds the view in a bin (it builds it after its first frame). */
  {
    GtkWidget *child = GTK_WIDGET (self);
    GtkWidget *parent;

    while ((parent = gtk_widget_get_parent (child)) != NULL && !ADW_IS_VIEW_STACK (parent))
      child = parent;

    if (parent != NULL)
      {
        AdwViewStackPage *page = adw_view_stack_get_page (ADW_VIEW_STACK (parent), child);

        if (page)
          adw_view_stack_page_set_needs_attention (page, show);
      }
  }
}

/* Detail page */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  /* An icon alone says nothing to a screen reader. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);

  return button;
}

static char *
describe_feed_state (WmKpisView *self,
                     WmRecord   *feed)
{
  WmFeedState state = feeds_paused (self) ? WM_FEED_STATE_PAUSED : wm_feed_get_state (feed);
  const char *message = wm_record_get_string (feed, WM_FEED_STATE_MESSAGE);
  GString *text = g_string_new (wm_feed_state_get_label (state));

  if (feeds_paused (self))
    g_string_append_printf (text, " · %s", _("Waiting until you trust this project"));
  else if (*message && state != WM_FEED_STATE_OK)
    g_string_append_printf (text, " · %s", message);
  if (wm_record_is_set (feed, WM_FEED_LAST_SUCCESS_AT))
    {
      gint64 time = wm_record_get_int (feed, WM_FEED_LAST_SUCCESS_AT);
      g_autofree char *updated = wm_kpi_ui_format_updated (time);

      g_string_append_printf (text, " · %s", updated);
    }

  return g_string_free (text, FALSE);
}

static void
update_feed_rows (WmKpisView *self)
{
  guint n = self->feed_records ? g_list_model_get_n_items (G_LIST_MODEL (self->feed_records)) : 0;

  clear_rows (self->feeds_group, self->feed_rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WmRecord) feed = g_list_model_get_item (G_LIST_MODEL (self->feed_records), i);
      g_autofree char *host = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      gint64 id = wm_record_get_id (feed);

      if (wm_record_get_ref (feed, WM_FEED_KPI_ID) != self->shown_id)
        continue;

      host = feed_host (feed);
      /* Translators: a feed's type and the host it fetches from, e.g. "JSON · api.example.com" */
      title = g_strdup_printf (_("%s · %s"),
                               wm_feed_type_get_label (wm_feed_type_from_string (
                                 wm_record_get_string (feed, WM_FEED_TYPE))), host);
      subtitle = describe_feed_state (self, feed);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (wm_feed_url_is_insecure (wm_record_get_string (feed, WM_FEED_URL)))
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_widget_set_tooltip_text (icon, _("Unencrypted connection"));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      if (g_hash_table_contains (self->fetching, &id))
        {
          GtkWidget *spinner = gtk_spinner_new ();

          gtk_spinner_start (GTK_SPINNER (spinner));
          gtk_widget_set_tooltip_text (spinner, _("Refreshing…"));
          gtk_widget_set_margin_start (spinner, 9);
          gtk_widget_set_margin_end (spinner, 9);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);
        }
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   icon_button ("view-refresh-symbolic", _("Refresh Now"),
                                                "kpis.refresh-feed", g_variant_new_int64 (id)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", _("Edit Feed"),
                                              "kpis.edit-feed", g_variant_new_int64 (id)));
      adw_preferences_group_add (self->feeds_group, row);
      g_ptr_array_add (self->feed_rows, row);
    }
}

/* Where the shown KPI is on the maps: a row per link, with the journey's
 * name over the place on it, a button to open that map and one to take
 * the KPI off it. */
static void
update_map_rows (WmKpisView *self)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;

  clear_rows (self->map_group, self->map_rows);

  links = wm_store_list (self->store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_KPI_ID, self->shown_id,
                         &error);
  if (links == NULL)
    {
      g_warning ("Cannot list the KPI’s places on the map: %s", error->message);
      return;
    }

  if (links->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not on any map"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Show it on a journey, a stage or a touchpoint to see it "
                                     "beside the experience it measures."));
      adw_preferences_group_add (self->map_group, row);
      g_ptr_array_add (self->map_rows, row);
      return;
    }

  for (guint i = 0; i < links->len; i++)
    {
      WmRecord *link = g_ptr_array_index (links, i);
      g_autofree char *journey_name = NULL;
      g_autofree char *where = NULL;
      g_autoptr(GError) describe_error = NULL;
      gint64 journey_id = 0;
      GtkWidget *row;

      where = wm_kpi_link_describe (self->store, link, &journey_id, &journey_name,
                                    &describe_error);
      if (where == NULL)
        {
          g_warning ("Cannot describe a KPI’s place on the map: %s", describe_error->message);
          continue;
        }
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), journey_name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-next-symbolic", _("Open Map"),
                                              "win.show-kpi-link",
                                              g_variant_new_int64 (wm_record_get_id (link))));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("list-remove-symbolic", _("Remove From Map"),
                                              "kpis.remove-link",
                                              g_variant_new_int64 (wm_record_get_id (link))));
      adw_preferences_group_add (self->map_group, row);
      g_ptr_array_add (self->map_rows, row);
    }
}

static void
update_value_rows (WmKpisView *self,
                   WmRecord   *kpi,
                   GArray     *samples)
{
  clear_rows (self->values_group, self->value_rows);

  if (samples->len > LISTED_SAMPLES)
    {
      /* Translators: above the list of a KPI's values, when the chart's period holds more */
      g_autofree char *caption = g_strdup_printf (_("The newest %u of %u values in this period"),
                                                  LISTED_SAMPLES, samples->len);

      adw_preferences_group_set_description (self->values_group, caption);
    }
  else
    adw_preferences_group_set_description (self->values_group, NULL);

  if (samples->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No values yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add values by hand, import a CSV file or add a feed."));
      adw_preferences_group_add (self->values_group, row);
      g_ptr_array_add (self->value_rows, row);
      return;
    }

  for (guint i = samples->len; i > 0 && samples->len - i < LISTED_SAMPLES; i--)
    {
      const WmSample *sample = &g_array_index (samples, WmSample, i - 1);
      g_autofree char *value = wm_kpi_format_value (kpi, sample->value);
      g_autofree char *time = wm_kpi_ui_format_time (sample->time);
      g_autofree char *detail = wm_kpi_ui_format_n_margin (kpi, sample);
      g_autofree char *subtitle = *detail ? g_strdup_printf ("%s · %s", time, detail)
                                          : g_strdup (time);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", _("Correct Value"),
                                              "kpis.edit-value",
                                              g_variant_new_int64 (sample->time)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", _("Delete Value"),
                                              "kpis.delete-value",
                                              g_variant_new_int64 (sample->time)));
      adw_preferences_group_add (self->values_group, row);
      g_ptr_array_add (self->value_rows, row);
    }
}

static char *
describe_targets (WmRecord *kpi)
{
  GString *text = g_string_new (NULL);
  gboolean lower = g_strcmp0 (wm_record_get_string (kpi, WM_KPI_DIRECTION), "lower") == 0;

  if (wm_record_is_set (kpi, WM_KPI_TARGET))
    {
      double value = wm_record_get_double (kpi, WM_KPI_TARGET);
      g_autofree char *target = wm_kpi_format_value (kpi, value);

      /* Translators: %s is a KPI's target value */
      g_string_append_printf (text, _("Target %s"), target);
    }
  if (wm_record_is_set (kpi, WM_KPI_WARNING))
    {
      double value = wm_record_get_double (kpi, WM_KPI_WARNING);
      g_autofree char *warning = wm_kpi_format_value (kpi, value);

      if (text->len)
        g_string_append (text, " · ");
      /* Translators: %s is a KPI's warning threshold */
      g_string_append_printf (text, _("Warning %s"), warning);
    }
  g_string_append_printf (text, "%s%s", text->len ? " · " : "",
                          lower ? _("Lower is better") : _("Higher is better"));

  return g_string_free (text, FALSE);
}

static void
set_detail_status (WmKpisView *self,
                   const char *css_class)
{
  if (self->status_class)
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), self->status_class);
  self->status_class = css_class;
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_status), css_class);
}

static void
update_detail (WmKpisView *self)
{
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);
  g_autoptr(GArray) samples = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *facts = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 from;
  WmSample latest;
  const char *description;

  if (kpi == NULL)
    return;

  gtk_label_set_label (self->detail_title, wm_record_get_label (kpi));
  caption = wm_kpi_ui_kind_caption (kpi);
  description = wm_record_get_string (kpi, WM_KPI_DESCRIPTION);
  if (*description)
    {
      g_autofree char *both = *caption ? g_strdup_printf ("%s — %s", caption, description)
                                       : g_strdup (description);

      gtk_label_set_label (self->detail_subtitle, both);
    }
  else
    gtk_label_set_label (self->detail_subtitle, caption);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_subtitle),
                          *gtk_label_get_label (self->detail_subtitle) != '\0');

  facts = describe_targets (kpi);
  if (wm_store_get_latest_sample (self->store, wm_record_get_id (kpi), &latest))
    {
      g_autofree char *value = wm_kpi_format_value (kpi, latest.value);
      g_autofree char *n_margin = wm_kpi_ui_format_n_margin (kpi, &latest);
      WmKpiStatus status = wm_kpi_status_for_value (kpi, latest.value);

      gtk_label_set_label (self->detail_value, value);
      gtk_label_set_label (self->detail_status, wm_kpi_status_to_string (status));
      set_detail_status (self, wm_kpi_ui_status_pill_class (status));
      if (*n_margin)
        {
          g_autofree char *both = g_strdup_printf ("%s · %s", n_margin, facts);

          g_free (facts);
          facts = g_steal_pointer (&both);
        }
    }
  else
    {
      gtk_label_set_label (self->detail_value, "—");
      gtk_label_set_label (self->detail_status, wm_kpi_status_to_string (WM_KPI_STATUS_UNKNOWN));
      set_detail_status (self, "wm-status-unknown");
    }
  gtk_label_set_label (self->detail_facts, facts);

  from = wm_chart_range_start (self->range, now);
  samples = wm_store_get_samples (self->store, wm_record_get_id (kpi), from, G_MAXINT64, NULL);
  if (samples == NULL)
    samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  wm_kpi_chart_set_kpi (self->chart, kpi);
  wm_kpi_chart_set_samples (self->chart, samples);
  if (self->range == WM_CHART_RANGE_ALL && samples->len > 0)
    wm_kpi_chart_set_span (self->chart, 0, 0);
  /* No values at all yet: the last 30 days, where the first will come. */
  else if (self->range == WM_CHART_RANGE_ALL)
    wm_kpi_chart_set_span (self->chart, wm_chart_range_start (WM_CHART_RANGE_MONTH, now), now);
  else
    {
      /* Up to now, or to a value from the future (a clock ahead, a forecast). */
      gint64 newest = samples->len ? g_array_index (samples, WmSample, samples->len - 1).time : now;

      wm_kpi_chart_set_span (self->chart, from, MAX (now, newest));
    }

  update_value_rows (self, kpi, samples);
  update_feed_rows (self);
  update_map_rows (self);
}

/* Callbacks */

static void
card_activated_cb (WmKpisView      *self,
                   GtkFlowBoxChild *child)
{
  GtkWidget *card = gtk_flow_box_child_get_child (child);

  if (WM_IS_KPI_CARD (card))
    wm_kpis_view_show_kpi (self, wm_record_get_id (wm_kpi_card_get_kpi (WM_KPI_CARD (card))));
}

/* Another KPI picked in the sidebar beside the detail. */
static void
selected_cb (WmKpisView *self)
{
  gint64 id = wm_list_detail_get_selected_id (self->list_detail);

  if (self->shown_id == 0 || id == 0 || id == self->shown_id)
    return;

  self->shown_id = id;
  update_detail (self);
}

static void
range_toggled_cb (GtkToggleButton *button,
                  WmKpisView      *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  self->range = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "wm-range"));
  update_detail (self);
}

static void
update_page (WmKpisView *self)
{
  const char *const edits[] = { "kpis.new", "kpis.add-value", "kpis.edit-value",
                                "kpis.delete-value", "kpis.import", "kpis.import-raw",
                                "kpis.add-feed", "kpis.edit-feed", "kpis.refresh-feed",
                                "kpis.refresh-all" };
  gboolean empty = self->kpis == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->kpis)) == 0;
  gboolean writable = self->store != NULL && !wm_store_is_read_only (self->store);
  g_autoptr(WmRecord) shown = get_shown_kpi (self);

  if (shown == NULL)
    self->shown_id = 0;
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty"
                                                 : shown ? "detail" : "dashboard");

  /* A project opened read-only (newer file, no write access) is only shown. */
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), edits[i], writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kpis.edit", writable && shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kpis.delete", writable && shown != NULL);
}

static void
kpis_changed_cb (WmKpisView *self)
{
  update_page (self);
}

/* The cards of the KPIs whose feeds changed (a fetch writes its feed's
 * state); all of them when a changed feed is gone or the ids are unknown. */
static void
update_feed_states (WmKpisView   *self,
                    const GArray *feed_ids)
{
  for (guint i = 0; feed_ids && i < feed_ids->len; i++)
    {
      g_autoptr(WmRecord) feed = find_feed (self, g_array_index (feed_ids, gint64, i));
      GtkWidget *card;

      if (feed == NULL)
        {
          feed_ids = NULL;
          break;
        }
      card = wm_kpis_view_get_card (self, wm_record_get_ref (feed, WM_FEED_KPI_ID));
      if (card)
        update_card_feed_state (self, WM_KPI_CARD (card));
    }

  if (feed_ids == NULL)
    foreach_card (self, update_card_feed_state);
}

static void
store_changed_cb (WmKpisView *self,
                  guint64     mask)
{
  const GArray *sample_kpis = (mask & WM_CHANGE_SAMPLES)
                              ? wm_store_get_changed_sample_kpis (self->store) : NULL;
  gboolean shown_samples_changed = FALSE;

  /* Only the cards of the KPIs whose samples changed read them again, and a
   * card redraws only when its newest samples differ: a sample for one KPI
   * costs the other cards nothing. Without the ids (another program wrote
   * the file) every card checks. */
  if ((mask & WM_CHANGE_SAMPLES) && sample_kpis == NULL)
    {
      foreach_card (self, update_card_samples);
      shown_samples_changed = TRUE;
    }
  for (guint i = 0; sample_kpis && i < sample_kpis->len; i++)
    {
      gint64 kpi_id = g_array_index (sample_kpis, gint64, i);
      GtkWidget *card = wm_kpis_view_get_card (self, kpi_id);

      if (card)
        update_card_samples (self, WM_KPI_CARD (card));
      shown_samples_changed |= kpi_id == self->shown_id;
    }
  if (mask & WM_CHANGE_ENTITY (WM_ENTITY_FEED))
    {
      update_feed_states (self, wm_store_get_changed_ids (self->store, WM_ENTITY_FEED));
      update_trust (self);
    }
  if (self->shown_id != 0
      && (shown_samples_changed
          || (mask & (WM_CHANGE_ENTITY (WM_ENTITY_FEED) | WM_CHANGE_ENTITY (WM_ENTITY_KPI)
                      | WM_CHANGE_ENTITY (WM_ENTITY_KPI_LINK) | WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY)
                      | WM_CHANGE_ENTITY (WM_ENTITY_STAGE)
                      | WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT)))))
    update_detail (self);
}

static void
n_active_cb (WmKpisView *self)
{
  guint n = self->feeds ? wm_feeds_get_n_active (self->feeds) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_spinner), n > 0);
  gtk_spinner_set_spinning (self->progress_spinner, n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), n > 0);
  if (n > 0)
    {
      /* Translators: shown while feeds fetch */
      g_autofree char *text = g_strdup_printf (ngettext ("Refreshing %u feed…",
                                                         "Refreshing %u feeds…", n), n);

      gtk_label_set_label (self->progress_label, text);
    }
}

static void
feed_started_cb (WmFeeds    *feeds,
                 gint64      feed_id,
                 WmKpisView *self)
{
  g_hash_table_add (self->fetching, g_memdup2 (&feed_id, sizeof feed_id));
  if (self->shown_id)
    update_feed_rows (self);
}

static void
feed_finished_cb (WmFeeds    *feeds,
                  gint64      feed_id,
                  gpointer    outcome,
                  WmKpisView *self)
{
  g_hash_table_remove (self->fetching, &feed_id);
  if (self->shown_id)
    update_feed_rows (self);
}

static void
refresh_all_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WmKpisView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = wm_feeds_refresh_all_finish (WM_FEEDS (source), result, &error);
  guint failed = 0;

  update_page (self);
  if (outcomes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  for (guint i = 0; i < outcomes->len; i++)
    {
      WmFeedOutcome *outcome = g_ptr_array_index (outcomes, i);

      failed += outcome->state == WM_FEED_STATE_ERROR;
    }
  if (failed > 0)
    {
      /* Translators: after "Refresh all" */
      g_autofree char *text = g_strdup_printf (ngettext ("%u of %u feeds failed",
                                                         "%u of %u feeds failed", outcomes->len),
                                               failed, outcomes->len);

      toast (self, text);
    }
  else if (outcomes->len > 0)
    toast (self, _("All feeds refreshed"));
}

static void
refresh_feed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WmKpisView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmFeedOutcome) outcome = wm_feeds_refresh_finish (WM_FEEDS (source), result, &error);

  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (outcome->error)
    toast (self, outcome->error->message);
}

/* Undo from a toast undoes the edit the toast announced, and only that: not
 * an edit made since (a feed's refresh is one), which it would take back
 * instead. */
static void
undo_clicked_cb (AdwToast   *undo_toast,
                 WmKpisView *self)
{
  const char *label = g_object_get_data (G_OBJECT (undo_toast), "wm-undo-label");
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || !wm_store_can_undo (self->store)
      || g_strcmp0 (wm_store_get_undo_label (self->store), label) != 0)
    {
      /* A feed's refresh or another edit came since. */
      toast (self, _("Newer changes came since: use Undo in the header bar, step by step"));
      return;
    }

  if (!wm_store_undo (self->store, &error))
    toast (self, error->message);
}

static AdwToast *
undo_toast_new (WmKpisView *self,
                const char *title)
{
  AdwToast *undo_toast = adw_toast_new (title);

  adw_toast_set_button_label (undo_toast, _("_Undo"));
  adw_toast_set_priority (undo_toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (undo_toast), "wm-undo-label",
                          g_strdup (wm_store_get_undo_label (self->store)), g_free);
  g_signal_connect_object (undo_toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);

  return undo_toast;
}

static void
import_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WmKpisView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean raw = GPOINTER_TO_INT (g_object_get_data (source, "wm-raw"));

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      show_error (self, _("Cannot import the file"), error->message);
      return;
    }

  wm_kpis_view_import_text (self, contents, (gssize) length, raw, NULL);
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    WmKpisView      *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file)
    {
      g_object_set_data (G_OBJECT (file), "wm-raw",
                         g_object_get_data (G_OBJECT (chooser), "wm-raw"));
      g_file_load_contents_async (file, NULL, import_loaded_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* Actions */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);

  if (self->store)
    present_dialog (self, GTK_WINDOW (wm_kpi_editor_new (self->store, NULL)));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);

  if (kpi)
    present_dialog (self, GTK_WINDOW (wm_kpi_editor_new (self->store, kpi)));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (kpi == NULL)
    return;

  name = g_strdup (wm_record_get_label (kpi));
  if (!wm_store_delete (self->store, WM_ENTITY_KPI, wm_record_get_id (kpi), &error))
    {
      show_error (self, _("Cannot delete the KPI"), error->message);
      return;
    }

  /* Translators: %s is a KPI's name */
  title = g_strdup_printf (_("“%s” deleted"), name);
  add_toast (self, undo_toast_new (self, title));
  wm_kpis_view_show_kpi (self, 0);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wm_kpis_view_show_kpi (WM_KPIS_VIEW (widget), 0);
}

static void
add_value_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);

  if (kpi)
    gtk_window_present (GTK_WINDOW (wm_kpi_value_dialog_new (parent_window (self), self->store,
                                                             kpi, NULL)));
}

static void
edit_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);
  gint64 time = g_variant_get_int64 (parameter);
  g_autoptr(GArray) samples = NULL;

  if (kpi == NULL)
    return;
  samples = wm_store_get_samples (self->store, wm_record_get_id (kpi), time, time, NULL);
  if (samples == NULL || samples->len == 0)
    return;

  gtk_window_present (GTK_WINDOW (wm_kpi_value_dialog_new (parent_window (self), self->store,
                                                           kpi, &g_array_index (samples,
                                                                                WmSample, 0))));
}

static void
delete_value_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->shown_id == 0)
    return;
  if (!wm_kpi_samples_delete (self->store, self->shown_id, g_variant_get_int64 (parameter),
                              &error))
    {
      show_error (self, _("Cannot delete the value"), error->message);
      return;
    }

  add_toast (self, undo_toast_new (self, _("Value deleted")));
}

static void
add_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);

  if (kpi)
    gtk_window_present (GTK_WINDOW (wm_kpi_link_dialog_new (parent_window (self), self->store,
                                                            kpi)));
}

static void
remove_link_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!wm_store_delete (self->store, WM_ENTITY_KPI_LINK, g_variant_get_int64 (parameter), &error))
    {
      show_error (self, _("Cannot remove the KPI from the map"), error->message);
      return;
    }

  add_toast (self, undo_toast_new (self, _("KPI removed from the map")));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  gboolean raw = g_str_equal (action_name, "kpis.import-raw");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->shown_id == 0)
    return;

  chooser = gtk_file_chooser_native_new (raw ? _("Import Raw Answers") : _("Import Values"),
                                         parent_window (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "wm-raw", GINT_TO_POINTER (raw));
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_feed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);

  if (kpi && self->feeds)
    present_dialog (self, GTK_WINDOW (wm_feed_editor_new (self->feeds, kpi, NULL)));
}

static void
edit_feed_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(WmRecord) feed = find_feed (self, g_variant_get_int64 (parameter));
  g_autoptr(WmRecord) kpi = get_shown_kpi (self);

  if (feed && kpi && self->feeds)
    present_dialog (self, GTK_WINDOW (wm_feed_editor_new (self->feeds, kpi, feed)));
}

static void
refresh_feed_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);

  if (self->feeds)
    wm_feeds_refresh_async (self->feeds, g_variant_get_int64 (parameter), NULL,
                            refresh_feed_cb, g_object_ref (self));
}

static void
refresh_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);

  if (self->feeds == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "kpis.refresh-all", FALSE);
  wm_feeds_refresh_all_async (self->feeds, NULL, refresh_all_cb, g_object_ref (self));
}

static void
trust_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WmKpisView *self = WM_KPIS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->feeds == NULL)
    return;

  if (!wm_trust_set_trusted (self->store, TRUE, &error))
    {
      show_error (self, _("Cannot trust the project"), error->message);
      return;
    }
  wm_feeds_set_trusted (self->feeds, TRUE);
  update_trust (self);
  /* The feed states in the file are from the computer it came from: fetch
   * now rather than wait out someone else's back-off. */
  if (!wm_store_is_read_only (self->store))
    {
      wm_feeds_start (self->feeds);
      gtk_widget_activate_action (widget, "kpis.refresh-all", NULL);
    }
  foreach_card (self, update_card_feed_state);
  if (self->shown_id)
    update_feed_rows (self);
}

/* Overrides */

static void
wm_kpis_view_map (GtkWidget *widget)
{
  bind_cards (WM_KPIS_VIEW (widget));

  GTK_WIDGET_CLASS (wm_kpis_view_parent_class)->map (widget);
}

static void
wm_kpis_view_dispose (GObject *object)
{
  WmKpisView *self = WM_KPIS_VIEW (object);

  wm_kpis_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_KPIS_VIEW);
  g_clear_pointer (&self->feed_rows, g_ptr_array_unref);
  g_clear_pointer (&self->map_rows, g_ptr_array_unref);
  g_clear_pointer (&self->value_rows, g_ptr_array_unref);
  g_clear_pointer (&self->fetching, g_hash_table_unref);

  G_OBJECT_CLASS (wm_kpis_view_parent_class)->dispose (object);
}

static void
wm_kpis_view_class_init (WmKpisViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_kpis_view_dispose;
  widget_class->map = wm_kpis_view_map;

  g_type_ensure (WM_TYPE_KPI_CHART);
  g_type_ensure (WM_TYPE_LIST_DETAIL);
  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-kpis-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, content);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, trust_revealer);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, trust_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, cards);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, refresh_all_button);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, detail_value);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, detail_status);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, detail_facts);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, range_box);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, list_detail);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, chart);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, feeds_group);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, values_group);
  gtk_widget_class_bind_template_child (widget_class, WmKpisView, map_group);
  gtk_widget_class_bind_template_callback (widget_class, card_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "kpis.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "kpis.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "kpis.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "kpis.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kpis.add-value", NULL, add_value_action);
  gtk_widget_class_install_action (widget_class, "kpis.edit-value", "x", edit_value_action);
  gtk_widget_class_install_action (widget_class, "kpis.delete-value", "x", delete_value_action);
  gtk_widget_class_install_action (widget_class, "kpis.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "kpis.import-raw", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "kpis.add-feed", NULL, add_feed_action);
  gtk_widget_class_install_action (widget_class, "kpis.edit-feed", "x", edit_feed_action);
  gtk_widget_class_install_action (widget_class, "kpis.refresh-feed", "x", refresh_feed_action);
  gtk_widget_class_install_action (widget_class, "kpis.refresh-all", NULL, refresh_all_action);
  gtk_widget_class_install_action (widget_class, "kpis.add-link", NULL, add_link_action);
  gtk_widget_class_install_action (widget_class, "kpis.remove-link", "x", remove_link_action);
  gtk_widget_class_install_action (widget_class, "kpis.trust", NULL, trust_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "kpis.back", NULL);
}

static void
wm_kpis_view_init (WmKpisView *self)
{
  GtkToggleButton *group = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->feed_rows = g_ptr_array_new ();
  self->value_rows = g_ptr_array_new ();
  self->map_rows = g_ptr_array_new ();
  self->fetching = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->range = WM_CHART_RANGE_ALL;
  wm_list_detail_set_add_action (self->list_detail, "kpis.new", _("New KPI"));
  g_signal_connect_object (self->list_detail, "notify::selected",
                           G_CALLBACK (selected_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(ranges[i].label));

      g_object_set_data (G_OBJECT (button), "wm-range", GINT_TO_POINTER (ranges[i].range));
      if (group)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), ranges[i].range == self->range);
      g_signal_connect (button, "toggled", G_CALLBACK (range_toggled_cb), self);
      gtk_box_append (self->range_box, button);
    }
  update_page (self);
}

/* Public API */

GtkWidget *
wm_kpis_view_new (void)
{
  return g_object_new (WM_TYPE_KPIS_VIEW, NULL);
}

void
wm_kpis_view_set_store (WmKpisView *self,
                        WmStore    *store)
{
  g_return_if_fail (WM_IS_KPIS_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->feeds)
    {
      wm_feeds_stop (self->feeds);
      g_signal_handlers_disconnect_by_data (self->feeds, self);
    }
  g_clear_object (&self->feeds);
  g_hash_table_remove_all (self->fetching);
  n_active_cb (self);
  if (self->kpis)
    g_signal_handlers_disconnect_by_data (self->kpis, self);
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, update_page, self);
  if (self->cards && self->cards_bound)
    gtk_flow_box_bind_model (self->cards, NULL, NULL, NULL, NULL);
  self->cards_bound = FALSE;
  if (self->list_detail)
    wm_list_detail_set_model (self->list_detail, NULL);
  g_clear_object (&self->kpis);
  g_clear_object (&self->feed_records);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  self->shown_id = 0;

  if (store == NULL)
    return;

  self->feeds = wm_feeds_new (store);
  g_signal_connect_object (self->feeds, "notify::n-active", G_CALLBACK (n_active_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feeds, "feed-started", G_CALLBACK (feed_started_cb), self, 0);
  g_signal_connect_object (self->feeds, "feed-finished", G_CALLBACK (feed_finished_cb), self, 0);
  self->feed_records = wm_record_list_new (store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0);
  self->kpis = wm_record_list_new (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bind_cards (self);
  wm_list_detail_set_model (self->list_detail, G_LIST_MODEL (self->kpis));
  g_signal_connect_object (self->kpis, "items-changed", G_CALLBACK (kpis_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::read-only", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  update_page (self);
  update_trust (self);

  /* An untrusted project's feeds wait for the banner's button. */
  if (wm_feeds_get_trusted (self->feeds) && !wm_store_is_read_only (store))
    wm_feeds_start (self->feeds);
}

WmFeeds *
wm_kpis_view_get_feeds (WmKpisView *self)
{
  g_return_val_if_fail (WM_IS_KPIS_VIEW (self), NULL);

  return self->feeds;
}

void
wm_kpis_view_show_kpi (WmKpisView *self,
                       gint64      kpi_id)
{
  g_return_if_fail (WM_IS_KPIS_VIEW (self));

  self->shown_id = kpi_id;
  if (kpi_id != 0)
    {
      wm_list_detail_select_id (self->list_detail, kpi_id);
      wm_list_detail_show_detail (self->list_detail, TRUE);
    }
  update_page (self);
  if (self->shown_id)
    update_detail (self);
}

gint64
wm_kpis_view_get_shown_kpi (WmKpisView *self)
{
  g_return_val_if_fail (WM_IS_KPIS_VIEW (self), 0);

  return self->shown_id;
}

GtkWidget *
wm_kpis_view_get_card (WmKpisView *self,
                       gint64      kpi_id)
{
  int position;
  GtkFlowBoxChild *child;

  g_return_val_if_fail (WM_IS_KPIS_VIEW (self), NULL);

  position = self->kpis ? wm_record_list_find (self->kpis, kpi_id) : -1;
  if (position < 0)
    return NULL;
  bind_cards (self);
  child = gtk_flow_box_get_child_at_index (self->cards, position);

  return child ? gtk_flow_box_child_get_child (child) : NULL;
}

gboolean
wm_kpis_view_import_text (WmKpisView  *self,
                          const char  *text,
                          gssize       length,
                          gboolean     raw,
                          GError     **error)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  WmKpiResult computed;
  guint n_rows = 0;

  g_return_val_if_fail (WM_IS_KPIS_VIEW (self), FALSE);

  kpi = get_shown_kpi (self);
  if (kpi == NULL)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                           _("Open a KPI to import values into."));
      return FALSE;
    }

  if (!wm_kpi_import_csv (self->store, kpi, text, length, raw, &n_rows, &computed, &local_error))
    {
      show_error (self, _("Nothing was imported"), local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (raw)
    {
      g_autofree char *value = wm_kpi_format_value (kpi, computed.value);

      /* Translators: after importing raw survey answers; %s is the computed KPI value */
      message = g_strdup_printf (ngettext ("%u answer imported: %s",
                                           "%u answers imported: %s", n_rows), n_rows, value);
    }
  else
    /* Translators: after importing KPI values from a CSV file */
    message = g_strdup_printf (ngettext ("%u value imported", "%u values imported", n_rows),
                               n_rows);
  /* A file of the wrong KPI is a click away from being taken back. */
  add_toast (self, undo_toast_new (self, message));

  return TRUE;
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   WmKpisView       *self)
{
  if (g_str_equal (response, "trust"))
    gtk_widget_activate_action (GTK_WIDGET (self), "kpis.trust", NULL);
}

GtkWindow *
wm_kpis_view_ask_trust (WmKpisView *self)
{
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GString) body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (WM_IS_KPIS_VIEW (self), NULL);

  if (!wm_kpis_view_is_trust_banner_shown (self) || wm_store_is_read_only (self->store))
    return NULL;

  hosts = wm_trust_list_hosts (self->store, NULL);
  if (hosts == NULL || hosts[0] == NULL)
    return NULL;
  body = g_string_new (_("This project was made on another computer. Its KPI feeds would "
                         "fetch values from:"));
  g_string_append_c (body, '\n');
  for (guint i = 0; hosts[i]; i++)
    g_string_append_printf (body, "\n• %s", hosts[i]);
  append_insecure_hosts (self, body, "\n\n");
  g_string_append (body, "\n\n");
  g_string_append (body, _("Trust it only if you know where it comes from. Until then its "
                           "values stay as they were saved."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                       _("Fetch Live Values?"), body->str));
  adw_message_dialog_add_responses (dialog, "later", _("_Keep Paused"),
                                    "trust", _("_Trust and Start Feeds"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "later");
  adw_message_dialog_set_close_response (dialog, "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

gboolean
wm_kpis_view_is_trust_banner_shown (WmKpisView *self)
{
  g_return_val_if_fail (WM_IS_KPIS_VIEW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->trust_revealer);
}
