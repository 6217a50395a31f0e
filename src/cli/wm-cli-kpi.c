/* wm-cli-kpi.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wm-cli-private.h"
#include "wm-feed.h"
#include "wm-kpi.h"

/* kpi FILE show KPI | import KPI CSVFILE [--raw] | compute KPI | link KPI
 * --journey J [--stage S | --touchpoint T] | unlink …: one KPI's
 * figure with what stands behind it, values from CSV files, the KPI
 * computed from its raw answers, and the places on the maps that show it. */

/* Helpers */

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *name,
                    gboolean     set,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (set && isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static const char *
status_key (WmKpiStatus status)
{
  switch (status)
    {
    case WM_KPI_STATUS_ON_TARGET:
      return "on-target";
    case WM_KPI_STATUS_WARNING:
      return "warning";
    case WM_KPI_STATUS_OFF_TARGET:
      return "off-target";
    case WM_KPI_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

/* "51 ± 4.2 % (n = 130)" */
static char *
describe_figure (WmRecord *kpi,
                 double    value,
                 gint64    n,
                 double    margin)
{
  g_autofree char *shown = wm_kpi_format_value (kpi, value);
  g_autofree char *plus_minus = margin > 0 ? wm_kpi_format_margin (kpi, margin) : NULL;
  GString *text = g_string_new (shown);

  if (plus_minus != NULL)
    g_string_append_printf (text, " %s", plus_minus);
  if (n > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n);

      /* TRANSLATORS: %s is the number of answers behind a KPI value */
      g_string_append_printf (text, " %s", "");
      g_string_append_printf (text, _("(n = %s)"), count);
    }

  return g_string_free (text, FALSE);
}

static int
run_show (WmStore  *store,
          WmRecord *kpi,
          gboolean  json)
{
  WmSample latest = { 0, NAN, 0, 0 };
  gboolean has_latest;
  WmKpiStatus status;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;

  has_latest = wm_store_get_latest_sample (store, wm_record_get_id (kpi), &latest);
  status = has_latest ? wm_kpi_status_for_value (kpi, latest.value) : WM_KPI_STATUS_UNKNOWN;
  feeds = wm_store_list (store, WM_ENTITY_FEED, WM_FEED_KPI_ID, wm_record_get_id (kpi), &error);
  if (feeds == NULL)
    return wm_cli_file_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *time = has_latest ? wm_cli_format_time (latest.time) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, wm_record_get_uuid (kpi));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_NAME));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_KIND));
      json_builder_set_member_name (builder, "variant");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_VARIANT));
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_UNIT));
      add_double_or_null (builder, "value", has_latest, latest.value);
      json_builder_set_member_name (builder, "time");
      if (time != NULL)
        json_builder_add_string_value (builder, time);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, has_latest ? latest.n : 0);
      add_double_or_null (builder, "margin", has_latest && latest.margin > 0, latest.margin);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_key (status));
      add_double_or_null (builder, "target", wm_record_is_set (kpi, WM_KPI_TARGET),
                          wm_record_get_double (kpi, WM_KPI_TARGET));
      add_double_or_null (builder, "warning", wm_record_is_set (kpi, WM_KPI_WARNING),
                          wm_record_get_double (kpi, WM_KPI_WARNING));
      json_builder_set_member_name (builder, "direction");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_DIRECTION));
      json_builder_set_member_name (builder, "feeds");
      json_builder_begin_array (builder);
      for (guint i = 0; i < feeds->len; i++)
        {
          WmRecord *feed = g_ptr_array_index (feeds, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "uuid");
          json_builder_add_string_value (builder, wm_record_get_uuid (feed));
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, wm_record_get_string (feed, WM_FEED_TYPE));
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, wm_record_get_string (feed, WM_FEED_URL));
          json_builder_set_member_name (builder, "state");
          json_builder_add_string_value (builder,
                                         wm_feed_state_to_string (wm_feed_get_state (feed)));
          json_builder_set_member_name (builder, "state_message");
          json_builder_add_string_value (builder,
                                         wm_record_get_string (feed, WM_FEED_STATE_MESSAGE));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autoptr(WmCliTable) table = wm_cli_table_new (2);
      g_autofree char *figure = has_latest
        ? describe_figure (kpi, latest.value, latest.n, latest.margin)
        : g_strdup (_("No value yet"));
      g_autofree char *time = has_latest ? wm_cli_format_time (latest.time) : NULL;
      g_autofree char *name = wm_cli_escape (wm_record_get_string (kpi, WM_KPI_NAME));

      wm_cli_table_add_row (table, _("KPI:"), name, NULL);
      wm_cli_table_add_row (table, _("Kind:"),
                            wm_kpi_kind_to_string (wm_record_get_string (kpi, WM_KPI_KIND)),
                            NULL);
      wm_cli_table_add_row (table, _("Value:"), figure, NULL);
      wm_cli_table_add_row (table, _("Status:"), wm_kpi_status_to_string (status), NULL);
      if (time != NULL)
        wm_cli_table_add_row (table, _("Updated:"), time, NULL);
      for (guint i = 0; i < feeds->len; i++)
        {
          WmRecord *feed = g_ptr_array_index (feeds, i);
          WmFeedState state = wm_feed_get_state (feed);
          g_autofree char *url = wm_cli_escape (wm_record_get_string (feed, WM_FEED_URL));
          g_autofree char *reason = wm_cli_escape (wm_record_get_string (feed,
                                                                         WM_FEED_STATE_MESSAGE));
          g_autofree char *text = NULL;

          text = state == WM_FEED_STATE_ERROR
            ? g_strdup_printf ("%s — %s: %s", url, wm_feed_state_get_label (state), reason)
            : g_strdup_printf ("%s — %s", url, wm_feed_state_get_label (state));
          wm_cli_table_add_row (table, i == 0 ? _("Feeds:") : "", text, NULL);
        }
      wm_cli_table_print (table);
    }

  return WM_CLI_EXIT_OK;
}

static int
run_compute (WmStore  *store,
             WmRecord *kpi,
             gboolean  json)
{
  g_autoptr(GError) error = NULL;
  WmKpiResult result;

  if (!wm_kpi_compute_stored (store, kpi, G_MININT64, G_MAXINT64, &result, &error))
    {
      return wm_cli_error (g_error_matches (error, WM_KPI_ERROR, WM_KPI_ERROR_NO_DATA)
                           ? WM_CLI_EXIT_FINDINGS : WM_CLI_EXIT_FILE,
                           error->message);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, wm_record_get_uuid (kpi));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_KIND));
      json_builder_set_member_name (builder, "variant");
      json_builder_add_string_value (builder, wm_record_get_string (kpi, WM_KPI_VARIANT));
      add_double_or_null (builder, "value", TRUE, result.value);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, result.n);
      add_double_or_null (builder, "margin", TRUE, result.margin);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder,
                                     status_key (wm_kpi_status_for_value (kpi, result.value)));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *figure = describe_figure (kpi, result.value, result.n,
                                                 isfinite (result.margin) ? result.margin : 0);

      g_print ("%s\n", figure);
    }

  return WM_CLI_EXIT_OK;
}

static int
run_import (WmStore    *store,
            WmRecord   *kpi,
            const char *csv_path,
            gboolean    raw,
            gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  guint n_rows = 0;
  WmKpiResult computed = { NAN, 0, NAN };

  if (!g_file_get_contents (csv_path, &contents, &length, &error)
      || !wm_kpi_import_csv (store, kpi, contents, (gssize) length, raw, &n_rows, &computed,
                             &error))
    {
      g_autofree char *name = g_filename_display_name (csv_path);
      /* TRANSLATORS: the first %s is a file name, the second why it failed */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), name, error->message);

      return wm_cli_error (WM_CLI_EXIT_FILE, message);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, wm_record_get_uuid (kpi));
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, n_rows);
      add_double_or_null (builder, "value", raw, computed.value);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, raw ? computed.n : 0);
      add_double_or_null (builder, "margin", raw, computed.margin);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else if (raw)
    {
      g_autofree char *figure = describe_figure (kpi, computed.value, computed.n,
                                                 isfinite (computed.margin) ? computed.margin : 0);

      g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u answer; the KPI is now %s.\n",
                            "Imported %u answers; the KPI is now %s.\n", n_rows),
               n_rows, figure);
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u value.\n", "Imported %u values.\n",
                          n_rows),
             n_rows);

  return WM_CLI_EXIT_OK;
}

/* The place on a journey's map that --journey with --stage or --touchpoint
 * names: its column in kpi_link and its id. */
static gboolean
find_place (WmStore     *store,
            const char  *journey_name,
            const char  *stage_name,
            const char  *touchpoint_name,
            WmColumnId  *column,
            gint64      *id,
            GError     **error)
{
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(WmRecord) place = NULL;

  journey = wm_cli_find_record (store, WM_ENTITY_JOURNEY, journey_name, error);
  if (journey == NULL)
    return FALSE;

  if (stage_name != NULL)
    {
      place = wm_cli_find_record_in (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                     wm_record_get_id (journey), stage_name, error);
      *column = WM_KPI_LINK_STAGE_ID;
    }
  else if (touchpoint_name != NULL)
    {
      place = wm_cli_find_record_in (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                     wm_record_get_id (journey), touchpoint_name, error);
      *column = WM_KPI_LINK_TOUCHPOINT_ID;
    }
  else
    {
      place = g_object_ref (journey);
      *column = WM_KPI_LINK_JOURNEY_ID;
    }
  if (place == NULL)
    return FALSE;
  *id = wm_record_get_id (place);

  return TRUE;
}

/* kpi FILE link|unlink KPI --journey J [--stage S | --touchpoint T]: shows
 * the KPI on that place of the journey's map, or takes it off. */
static int
run_link (WmStore    *store,
          WmRecord   *kpi,
          gboolean    unlink,
          WmColumnId  column,
          gint64      place_id,
          gboolean    json)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(WmRecord) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journey_name = NULL;
  g_autofree char *where = NULL;
  gint64 link_id = 0;

  links = wm_store_list (store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_KPI_ID, wm_record_get_id (kpi),
                         &error);
  if (links == NULL)
    return wm_cli_file_error (error);
  for (guint i = 0; i < links->len; i++)
    if (wm_record_get_ref (g_ptr_array_index (links, i), column) == place_id)
      link = g_object_ref (g_ptr_array_index (links, i));

  if (!unlink)
    {
      link_id = wm_kpi_link_add (store, wm_record_get_id (kpi), column, place_id, &error);
      if (link_id <= 0)
        return wm_cli_file_error (error);
      g_clear_object (&link);
      link = wm_store_get (store, WM_ENTITY_KPI_LINK, link_id, &error);
      if (link == NULL)
        return wm_cli_file_error (error);
    }
  else if (link == NULL)
    {
      g_autofree char *name = wm_cli_escape (wm_record_get_label (kpi));
      /* Translators: %s is a KPI's name */
      g_autofree char *message = g_strdup_printf (_("“%s” is not shown there."), name);

      return wm_cli_error (WM_CLI_EXIT_USAGE, message);
    }

  where = wm_kpi_link_describe (store, link, NULL, &journey_name, &error);
  if (where == NULL)
    return wm_cli_file_error (error);
  if (unlink && !wm_store_delete (store, WM_ENTITY_KPI_LINK, wm_record_get_id (link), &error))
    return wm_cli_file_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kpi");
      json_builder_add_string_value (builder, wm_record_get_uuid (kpi));
      json_builder_set_member_name (builder, "link");
      json_builder_add_string_value (builder, wm_record_get_uuid (link));
      json_builder_set_member_name (builder, "shown");
      json_builder_add_boolean_value (builder, !unlink);
      json_builder_set_member_name (builder, "journey");
      json_builder_add_string_value (builder, journey_name);
      json_builder_set_member_name (builder, "where");
      json_builder_add_string_value (builder, where);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *name = wm_cli_escape (wm_record_get_label (kpi));
      g_autofree char *journey = wm_cli_escape (journey_name);
      g_autofree char *place = wm_cli_escape (where);

      /* Translators: a KPI's name, a journey's name, then where on its map,
       * e.g. "Stage “Buy”" */
      g_print (unlink ? _("“%s” is no longer shown on the map of “%s”: %s.\n")
                      : _("“%s” is shown on the map of “%s”: %s.\n"), name, journey, place);
    }

  return WM_CLI_EXIT_OK;
}

/* Public API */

int
wm_cli_kpi (const WmCliCommand *command,
            GStrv               args)
{
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE, raw = FALSE;
  g_autofree char *journey = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *touchpoint = NULL;
  const GOptionEntry entries[] = {
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw, N_("import: the CSV file holds raw answers "
                                               "(time, score)"), NULL },
    { "journey", 0, 0, G_OPTION_ARG_STRING, &journey,
      N_("link, unlink: the journey whose map shows the KPI"), N_("JOURNEY") },
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage,
      N_("link, unlink: a stage of that journey"), N_("STAGE") },
    { "touchpoint", 0, 0, G_OPTION_ARG_STRING, &touchpoint,
      N_("link, unlink: a touchpoint of that journey"), N_("TOUCHPOINT") },
    { NULL }
  };
  WmColumnId place_column = WM_COLUMN_NONE;
  gint64 place_id = 0;
  gboolean linking;
  const char *action;
  guint n_args, wanted;
  int status;

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse_variable (context, &owned_args, 3, 4))
    return WM_CLI_EXIT_USAGE;
  n_args = g_strv_length (owned_args) - 1;

  action = owned_args[2];
  linking = g_str_equal (action, "link") || g_str_equal (action, "unlink");
  if (g_str_equal (action, "import"))
    wanted = 4;
  else if (g_str_equal (action, "show") || g_str_equal (action, "compute") || linking)
    wanted = 3;
  else
    return wm_cli_usage_error (context, _("Unknown action “%s”: use show, import, compute, "
                                          "link or unlink."), action);
  if (n_args < wanted)
    return wm_cli_usage_error (context, _("Missing %s."), wanted == 4 && n_args == 3
                                                          ? _("CSVFILE") : _("KPI"));
  if (n_args > wanted)
    return wm_cli_usage_error (context, _("Unexpected argument “%s”."), owned_args[wanted + 1]);
  if (raw && !g_str_equal (action, "import"))
    return wm_cli_usage_error (context, _("--raw belongs to import."));
  if (!linking && (journey || stage || touchpoint))
    return wm_cli_usage_error (context, _("--journey, --stage and --touchpoint belong to link "
                                          "and unlink."));
  if (linking && journey == NULL)
    return wm_cli_usage_error (context, _("Missing --journey."));
  if (stage && touchpoint)
    return wm_cli_usage_error (context, _("Name a stage or a touchpoint, not both."));

  if (g_str_equal (action, "import") || linking)
    {
      store = wm_store_open (owned_args[1], WM_STORE_OPEN_DEFAULT, &error);
      if (store == NULL)
        return wm_cli_file_error (error);
    }
  else
    {
      store = wm_cli_open_read_only (owned_args[1], &status);
      if (store == NULL)
        return status;
    }

  kpi = wm_cli_find_record (store, WM_ENTITY_KPI, owned_args[3], &error);
  if (kpi == NULL)
    return wm_cli_usage_error (context, "%s", error->message);
  if (linking)
    {
      if (!find_place (store, journey, stage, touchpoint, &place_column, &place_id, &error))
        return wm_cli_usage_error (context, "%s", error->message);
      return run_link (store, kpi, g_str_equal (action, "unlink"), place_column, place_id, json);
    }

  if (g_str_equal (action, "show"))
    return run_show (store, kpi, json);
  if (g_str_equal (action, "compute"))
    return run_compute (store, kpi, json);

  return run_import (store, kpi, owned_args[4], raw, json);
}
