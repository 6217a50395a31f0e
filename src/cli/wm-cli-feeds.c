/* wm-cli-feeds.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>
#include <math.h>
#include <unistd.h>

#include "wm-cli-private.h"
#include "wm-feeds.h"
#include "wm-trust.h"

/* feeds FILE add KPI --type … --url … [options] and
 * feeds FILE refresh [--all|FEED] [--trust]: a KPI's live feed, and
 * fetching now. Secrets come on stdin, never as arguments (which other
 * users see in the process list), and go to the keyring. */

#define MAX_SECRET_BYTES 16384

typedef struct
{
  char    *type;
  char    *url;
  char    *path;
  char    *time_path;
  char    *query;
  char    *column;
  char    *row;
  int      interval;
  int      timeout;
  double   scale;
  char    *auth;
  char    *user;
  char    *header;
  gboolean secret_stdin;
  gboolean all;
  gboolean trust;
} Options;

/* Helpers */

static void
options_clear (Options *options)
{
  g_free (options->type);
  g_free (options->url);
  g_free (options->path);
  g_free (options->time_path);
  g_free (options->query);
  g_free (options->column);
  g_free (options->row);
  g_free (options->auth);
  g_free (options->user);
  g_free (options->header);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* The whole of stdin, without its final line break. */
static char *
read_secret (GError **error)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autofree char *buffer = g_malloc0 (MAX_SECRET_BYTES + 1);
  gsize length = 0;

  if (!g_input_stream_read_all (input, buffer, MAX_SECRET_BYTES, &length, NULL, error))
    return NULL;
  buffer[length] = '\0';
  while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
    buffer[--length] = '\0';

  if (length == 0 || !g_utf8_validate (buffer, length, NULL) || strlen (buffer) != length)
    {
      memset (buffer, 0, MAX_SECRET_BYTES);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("--secret-stdin read no secret (empty, or not text)."));
      return NULL;
    }

  return g_steal_pointer (&buffer);
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static int
run_add (GOptionContext *context,
         const char     *file,
         const char     *kpi_name,
         Options        *options,
         gboolean        json)
{
  static const char *const types[] = { "json", "prometheus", "csv", "responses", NULL };
  static const char *const auths[] = { "bearer", "basic", "header", NULL };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmRecord) draft = NULL;
  g_autoptr(GError) error = NULL;
  char *secret = NULL;
  WmFeedType type;
  gboolean insecure;
  gint64 id;

  if (options->type == NULL || !g_strv_contains (types, options->type))
    return wm_cli_usage_error (context, _("--type must be json, prometheus, csv or responses."));
  if (options->url == NULL)
    return wm_cli_usage_error (context, _("Missing --url."));
  type = wm_feed_type_from_string (options->type);
  if (type == WM_FEED_TYPE_JSON && options->path == NULL)
    return wm_cli_usage_error (context, _("A json feed needs --path, the JSONPath to its value."));
  if (type == WM_FEED_TYPE_PROMETHEUS && options->query == NULL)
    return wm_cli_usage_error (context, _("A prometheus feed needs --query."));
  if (type == WM_FEED_TYPE_CSV && options->column == NULL)
    return wm_cli_usage_error (context, _("A csv feed needs --column."));
  if (type == WM_FEED_TYPE_RESPONSES && options->path == NULL && options->column == NULL)
    return wm_cli_usage_error (context, _("A responses feed needs --path (JSON) or "
                                          "--column (CSV) to the scores."));
  if (options->auth != NULL && !g_strv_contains (auths, options->auth))
    return wm_cli_usage_error (context, _("--auth must be bearer, basic or header."));
  if (options->auth != NULL && !options->secret_stdin)
    return wm_cli_usage_error (context, _("--auth needs --secret-stdin: the secret is read "
                                          "from standard input."));
  if (options->auth == NULL && options->secret_stdin)
    return wm_cli_usage_error (context, _("--secret-stdin needs --auth."));
  if (g_strcmp0 (options->auth, "basic") == 0 && options->user == NULL)
    return wm_cli_usage_error (context, _("--auth basic needs --user."));
  if (g_strcmp0 (options->auth, "header") == 0 && options->header == NULL)
    return wm_cli_usage_error (context, _("--auth header needs --header, the header’s name."));
  if (options->interval < 0 || options->timeout < 0)
    return wm_cli_usage_error (context, _("--interval and --timeout are seconds above zero."));
  if (options->scale != 0 && type == WM_FEED_TYPE_RESPONSES)
    return wm_cli_usage_error (context, _("Raw answers are scores, never scaled: --scale "
                                          "belongs to json, prometheus and csv feeds."));

  store = wm_store_open (file, WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return wm_cli_file_error (error);
  kpi = wm_cli_find_record (store, WM_ENTITY_KPI, kpi_name, &error);
  if (kpi == NULL)
    return wm_cli_usage_error (context, "%s", error->message);

  draft = wm_feed_new_draft (wm_record_get_id (kpi), type, options->url);
  if (options->path != NULL)
    wm_record_set_string (draft, WM_FEED_PATH, options->path);
  if (options->time_path != NULL)
    wm_record_set_string (draft, WM_FEED_TIME_PATH, options->time_path);
  if (options->query != NULL)
    wm_record_set_string (draft, WM_FEED_QUERY, options->query);
  if (options->column != NULL)
    wm_record_set_string (draft, WM_FEED_COLUMN_NAME, options->column);
  if (options->row != NULL)
    wm_record_set_string (draft, WM_FEED_ROW_RULE, options->row);
  if (options->interval > 0)
    wm_record_set_int (draft, WM_FEED_INTERVAL_SECONDS, options->interval);
  if (options->timeout > 0)
    wm_record_set_int (draft, WM_FEED_TIMEOUT_SECONDS, options->timeout);
  if (options->scale != 0)
    wm_record_set_double (draft, WM_FEED_SCALE, options->scale);
  if (options->auth != NULL)
    wm_record_set_string (draft, WM_FEED_AUTH, options->auth);
  if (options->user != NULL)
    wm_record_set_string (draft, WM_FEED_AUTH_USER, options->user);
  if (options->header != NULL)
    wm_record_set_string (draft, WM_FEED_AUTH_HEADER, options->header);

  if (!wm_feed_check_definition (draft, NULL, &error))
    return wm_cli_usage_error (context, "%s", error->message);

  if (options->secret_stdin && (secret = read_secret (&error)) == NULL)
    return wm_cli_usage_error (context, "%s", error->message);

  id = wm_feeds_add (store, draft, secret, &error);
  free_secret (secret);
  if (id <= 0)
    return wm_cli_error (WM_CLI_EXIT_FILE, error->message);

  insecure = wm_feed_url_is_insecure (options->url);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, wm_record_get_uuid (draft));
      json_builder_set_member_name (builder, "kpi");
      json_builder_add_string_value (builder, wm_record_get_uuid (kpi));
      json_builder_set_member_name (builder, "insecure");
      json_builder_add_boolean_value (builder, insecure);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_print (_("Added feed %s.\n"), wm_record_get_uuid (draft));
      if (insecure)
        g_printerr ("waymark-cli: %s\n",
                    _("Warning: the feed uses plain http:// to another computer; what it "
                      "fetches (and any secret) travels unencrypted."));
    }

  return WM_CLI_EXIT_OK;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
print_outcomes (WmStore   *store,
                GPtrArray *outcomes,
                gboolean   json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(WmCliTable) table = wm_cli_table_new (4);
  gboolean all_ok = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "feeds");
  json_builder_begin_array (builder);

  for (guint i = 0; i < outcomes->len; i++)
    {
      WmFeedOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(WmRecord) feed = wm_store_get (store, WM_ENTITY_FEED, outcome->feed_id, NULL);
      g_autoptr(WmRecord) kpi = NULL;
      g_autofree char *value = NULL;
      g_autofree char *time = NULL;
      const char *state = wm_feed_state_to_string (outcome->state);

      if (feed == NULL)
        continue;
      kpi = wm_store_get (store, WM_ENTITY_KPI, wm_record_get_ref (feed, WM_FEED_KPI_ID), NULL);
      all_ok = all_ok && outcome->error == NULL;
      if (outcome->has_value)
        {
          value = wm_kpi_format_value (kpi, outcome->latest.value);
          time = wm_cli_format_time (outcome->latest.time);
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, wm_record_get_uuid (feed));
      json_builder_set_member_name (builder, "kpi");
      json_builder_add_string_value (builder, kpi ? wm_record_get_uuid (kpi) : "");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, wm_record_get_string (feed, WM_FEED_URL));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state);
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, outcome->n_samples);
      json_builder_set_member_name (builder, "value");
      if (outcome->has_value)
        json_builder_add_double_value (builder, outcome->latest.value);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "time");
      if (time != NULL)
        json_builder_add_string_value (builder, time);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "error");
      if (outcome->error != NULL)
        json_builder_add_string_value (builder, outcome->error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);

      {
        g_autofree char *name = wm_cli_escape (kpi ? wm_record_get_string (kpi, WM_KPI_NAME) : "");
        g_autofree char *url = wm_cli_escape (wm_record_get_string (feed, WM_FEED_URL));
        g_autofree char *detail = NULL;

        if (outcome->error != NULL)
          detail = wm_cli_escape (outcome->error->message);
        else if (value != NULL)
          detail = g_strdup (value);
        else
          detail = g_strdup (_("unchanged"));
        wm_cli_table_add_row (table, wm_feed_state_get_label (outcome->state), name, detail,
                              url, NULL);
      }
    }

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, all_ok);
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      wm_cli_print_json (root);
    }
  else if (wm_cli_table_get_n_rows (table) == 0)
    g_print ("%s\n", _("The project has no enabled feeds."));
  else
    wm_cli_table_print (table);
}

static int
run_refresh (GOptionContext *context,
             const char     *file,
             const char     *feed_name,
             Options        *options,
             gboolean        json)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmFeeds) feeds = NULL;
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;

  if (feed_name != NULL && options->all)
    return wm_cli_usage_error (context, _("Give --all or a FEED, not both."));

  store = wm_store_open (file, WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return wm_cli_file_error (error);

  if (feed_name != NULL)
    {
      feed = wm_cli_find_record (store, WM_ENTITY_FEED, feed_name, &error);
      if (feed == NULL)
        return wm_cli_usage_error (context, "%s", error->message);
    }

  if (!wm_trust_is_trusted (store))
    {
      if (!options->trust)
        {
          g_auto(GStrv) hosts = wm_trust_list_hosts (store, NULL);
          g_autofree char *list = hosts ? g_strjoinv (", ", hosts) : g_strdup ("");
          g_autofree char *shown = wm_cli_escape (list);
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("This project’s feeds are not trusted on this computer; "
                                       "it came from elsewhere. Run again with --trust to trust "
                                       "it and fetch from: %s"), shown);
          return wm_cli_error (WM_CLI_EXIT_UNTRUSTED, message);
        }
      if (!wm_trust_set_trusted (store, TRUE, &error))
        return wm_cli_file_error (error);
    }

  feeds = wm_feeds_new (store);
  if (feed != NULL)
    {
      WmFeedOutcome *outcome;

      wm_feeds_refresh_async (feeds, wm_record_get_id (feed), NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      outcome = wm_feeds_refresh_finish (feeds, result, &error);
      if (outcome == NULL)
        return wm_cli_file_error (error);
      outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_feed_outcome_free);
      g_ptr_array_add (outcomes, outcome);
    }
  else
    {
      wm_feeds_refresh_all_async (feeds, NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      outcomes = wm_feeds_refresh_all_finish (feeds, result, &error);
      if (outcomes == NULL)
        return wm_cli_file_error (error);
    }

  print_outcomes (store, outcomes, json);

  for (guint i = 0; i < outcomes->len; i++)
    {
      if (((WmFeedOutcome *) g_ptr_array_index (outcomes, i))->error != NULL)
        return WM_CLI_EXIT_NETWORK;
    }

  return WM_CLI_EXIT_OK;
}

/* Public API */

int
wm_cli_feeds (const WmCliCommand *command,
              GStrv               args)
{
  g_auto(GStrv) owned_args = args;
  g_auto(Options) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &options.type,
      N_("add: json, prometheus, csv or responses"), N_("TYPE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url,
      N_("add: the address (for Prometheus its base URL)"), N_("URL") },
    { "path", 0, 0, G_OPTION_ARG_STRING, &options.path,
      N_("add: JSONPath to the value, or to an array of points"), N_("JSONPATH") },
    { "time-path", 0, 0, G_OPTION_ARG_STRING, &options.time_path,
      N_("add: JSONPath to the times (CSV: the time column)"), N_("JSONPATH") },
    { "query", 0, 0, G_OPTION_ARG_STRING, &options.query, N_("add: the PromQL query"),
      N_("PROMQL") },
    { "column", 0, 0, G_OPTION_ARG_STRING, &options.column, N_("add: the CSV column"),
      N_("NAME") },
    { "row", 0, 0, G_OPTION_ARG_STRING, &options.row,
      N_("add: the CSV row: last, first or match:COLUMN=VALUE"), N_("RULE") },
    { "interval", 0, 0, G_OPTION_ARG_INT, &options.interval,
      N_("add: seconds between fetches"), N_("SECONDS") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout,
      N_("add: seconds a fetch may take in all"), N_("SECONDS") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options.scale,
      N_("add: multiply each value by this, e.g. 100 for fractions of a KPI in per cent"),
      N_("FACTOR") },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &options.auth, N_("add: bearer, basic or header"),
      N_("KIND") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user, N_("add: the user name for basic"),
      N_("NAME") },
    { "header", 0, 0, G_OPTION_ARG_STRING, &options.header,
      N_("add: the header that carries the secret"), N_("NAME") },
    { "secret-stdin", 0, 0, G_OPTION_ARG_NONE, &options.secret_stdin,
      N_("add: read the secret from standard input (it goes to the keyring)"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, N_("refresh: every enabled feed (default)"),
      NULL },
    { "trust", 0, 0, G_OPTION_ARG_NONE, &options.trust,
      N_("refresh: trust this project on this computer first"), NULL },
    { NULL }
  };
  const char *action;
  guint n_args;

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse_variable (context, &owned_args, 2, 3))
    return WM_CLI_EXIT_USAGE;
  n_args = g_strv_length (owned_args) - 1;
  action = owned_args[2];

  if (g_str_equal (action, "add"))
    {
      if (n_args < 3)
        return wm_cli_usage_error (context, _("Missing %s."), _("KPI"));
      if (options.all || options.trust)
        return wm_cli_usage_error (context, _("--all and --trust belong to refresh."));
      return run_add (context, owned_args[1], owned_args[3], &options, json);
    }
  if (g_str_equal (action, "refresh"))
    {
      if (options.type || options.url || options.path || options.time_path || options.query
          || options.column || options.row || options.interval || options.timeout
          || options.scale != 0 || options.auth || options.user || options.header
          || options.secret_stdin)
        return wm_cli_usage_error (context, _("Only --all, --trust and --json belong to "
                                              "refresh."));
      return run_refresh (context, owned_args[1], n_args == 3 ? owned_args[3] : NULL, &options,
                          json);
    }

  return wm_cli_usage_error (context, _("Unknown action “%s”: use add or refresh."), action);
}
