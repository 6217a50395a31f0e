/* wm-cli-list.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-cli-private.h"
#include "wm-kpi.h"

/* One row per item. The human table shows translated names; the JSON keeps
 * the file's own values ("as-is", "on-target" …), which scripts can match. */

typedef gboolean (*ListFunc) (WmStore      *store,
                              gboolean      json,
                              GError      **error);

/* Helpers */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_record_members (JsonBuilder *builder,
                    WmRecord    *record,
                    const WmColumnId *columns)
{
  add_string_member (builder, "uuid", wm_record_get_uuid (record));
  for (guint i = 0; columns[i] != WM_COLUMN_NONE; i++)
    add_string_member (builder, wm_column_get_name (columns[i]),
                       wm_record_get_string (record, columns[i]));
}

static void
print_array (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  wm_cli_print_json (root);
}

static void
print_table (WmCliTable *table,
             const char *empty_message)
{
  /* Only the header row: say so instead of printing an empty table. */
  if (wm_cli_table_get_n_rows (table) <= 1)
    g_print ("%s\n", empty_message);
  else
    wm_cli_table_print (table);
}

/* Counts rows of @entity per journey, in one pass over all of them. */
static GHashTable *
count_by_journey (WmStore   *store,
                  WmEntity   entity,
                  GError   **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, WM_COLUMN_NONE, 0, error);
  GHashTable *counts;

  if (rows == NULL)
    return NULL;

  counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 journey_id = wm_record_get_ref (g_ptr_array_index (rows, i),
                                             wm_entity_get_info (entity)->parent_column);
      gint64 *key = g_memdup2 (&journey_id, sizeof journey_id);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_hash_table_replace (counts, key, GUINT_TO_POINTER (count + 1));
    }

  return counts;
}

static guint
lookup_count (GHashTable *counts,
              gint64      id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, &id));
}

static const char *
journey_state_to_string (const char *state)
{
  if (g_strcmp0 (state, "to-be") == 0)
    return C_("journey state", "To-be");

  return C_("journey state", "As-is");
}

static const char *
feed_type_to_string (const char *type)
{
  if (g_strcmp0 (type, "json") == 0)
    return "JSON";
  if (g_strcmp0 (type, "prometheus") == 0)
    return "Prometheus";
  if (g_strcmp0 (type, "csv") == 0)
    return "CSV";

  return C_("feed type", "Survey responses");
}

static const char *
feed_state_to_string (const char *state)
{
  static const struct {
    const char *state;
    const char *label;
  } states[] = {
    { "new", NC_("feed state", "Not fetched yet") },
    { "ok", NC_("feed state", "OK") },
    { "stale", NC_("feed state", "Stale") },
    { "error", NC_("feed state", "Error") },
    { "paused", NC_("feed state", "Paused") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (g_strcmp0 (states[i].state, state) == 0)
        return g_dpgettext2 (NULL, "feed state", states[i].label);
    }

  return state;
}

static const char *
kpi_status_to_key (WmKpiStatus status)
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

/* Kinds */

static gboolean
list_journeys (WmStore  *store,
               gboolean  json,
               GError  **error)
{
  static const WmColumnId columns[] = {
    WM_JOURNEY_NAME, WM_JOURNEY_DESCRIPTION, WM_JOURNEY_STATE, WM_COLUMN_NONE
  };
  g_autoptr(GPtrArray) journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, error);
  g_autoptr(GHashTable) stages = NULL;
  g_autoptr(GHashTable) lanes = NULL;
  g_autoptr(GHashTable) touchpoints = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(WmCliTable) table = wm_cli_table_new (4);

  if (journeys == NULL ||
      (stages = count_by_journey (store, WM_ENTITY_STAGE, error)) == NULL ||
      (lanes = count_by_journey (store, WM_ENTITY_LANE, error)) == NULL ||
      (touchpoints = count_by_journey (store, WM_ENTITY_TOUCHPOINT, error)) == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  wm_cli_table_add_row (table, _("Name"), _("State"), _("Stages"), _("Touchpoints"), NULL);
  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *journey = g_ptr_array_index (journeys, i);
      gint64 id = wm_record_get_id (journey);
      guint n_stages = lookup_count (stages, id);
      guint n_touchpoints = lookup_count (touchpoints, id);
      g_autofree char *stages_text = g_strdup_printf ("%u", n_stages);
      g_autofree char *touchpoints_text = g_strdup_printf ("%u", n_touchpoints);

      json_builder_begin_object (builder);
      add_record_members (builder, journey, columns);
      add_int_member (builder, "stages", n_stages);
      add_int_member (builder, "lanes", lookup_count (lanes, id));
      add_int_member (builder, "touchpoints", n_touchpoints);
      json_builder_end_object (builder);

      wm_cli_table_add_row (table, wm_record_get_string (journey, WM_JOURNEY_NAME),
                            journey_state_to_string (wm_record_get_string (journey, WM_JOURNEY_STATE)),
                            stages_text, touchpoints_text, NULL);
    }
  json_builder_end_array (builder);

  if (json)
    print_array (builder);
  else
    print_table (table, _("The project has no journeys."));

  return TRUE;
}

static gboolean
list_personas (WmStore  *store,
               gboolean  json,
               GError  **error)
{
  static const WmColumnId columns[] = {
    WM_PERSONA_NAME, WM_PERSONA_ROLE, WM_PERSONA_DESCRIPTION, WM_PERSONA_QUOTE, WM_COLUMN_NONE
  };
  g_autoptr(GPtrArray) personas = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(WmCliTable) table = wm_cli_table_new (2);

  if (personas == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  wm_cli_table_add_row (table, _("Name"), _("Role"), NULL);
  for (guint i = 0; i < personas->len; i++)
    {
      WmRecord *persona = g_ptr_array_index (personas, i);

      json_builder_begin_object (builder);
      add_record_members (builder, persona, columns);
      json_builder_end_object (builder);

      wm_cli_table_add_row (table, wm_record_get_string (persona, WM_PERSONA_NAME),
                            wm_record_get_string (persona, WM_PERSONA_ROLE), NULL);
    }
  json_builder_end_array (builder);

  if (json)
    print_array (builder);
  else
    print_table (table, _("The project has no personas."));

  return TRUE;
}

static void
add_kpi_json (JsonBuilder    *builder,
              WmRecord       *kpi,
              const WmSample *latest,
              WmKpiStatus     status)
{
  static const WmColumnId columns[] = {
    WM_KPI_NAME, WM_KPI_KIND, WM_KPI_VARIANT, WM_KPI_UNIT, WM_KPI_DIRECTION, WM_COLUMN_NONE
  };

  json_builder_begin_object (builder);
  add_record_members (builder, kpi, columns);

  json_builder_set_member_name (builder, "target");
  if (wm_record_is_set (kpi, WM_KPI_TARGET))
    json_builder_add_double_value (builder, wm_record_get_double (kpi, WM_KPI_TARGET));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "warning");
  if (wm_record_is_set (kpi, WM_KPI_WARNING))
    json_builder_add_double_value (builder, wm_record_get_double (kpi, WM_KPI_WARNING));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "latest");
  if (latest != NULL)
    {
      g_autofree char *time = wm_cli_format_time (latest->time);
      g_autofree char *formatted = wm_kpi_format_value (kpi, latest->value);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      if (time != NULL)
        json_builder_add_string_value (builder, time);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "value");
      json_builder_add_double_value (builder, latest->value);
      add_int_member (builder, "n", latest->n);
      add_string_member (builder, "formatted", formatted);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  add_string_member (builder, "status", kpi_status_to_key (status));
  json_builder_end_object (builder);
}

static gboolean
list_kpis (WmStore  *store,
           gboolean  json,
           GError  **error)
{
  g_autoptr(GPtrArray) kpis = wm_store_list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(WmCliTable) table = wm_cli_table_new (5);

  if (kpis == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  wm_cli_table_add_row (table, _("Name"), _("Kind"), _("Latest"), _("Target"), _("Status"),
                        NULL);
  for (guint i = 0; i < kpis->len; i++)
    {
      WmRecord *kpi = g_ptr_array_index (kpis, i);
      WmKpiStatus status = WM_KPI_STATUS_UNKNOWN;
      g_autofree char *latest_text = NULL;
      g_autofree char *target_text = NULL;
      WmSample latest;
      gboolean has_latest;

      has_latest = wm_store_get_latest_sample (store, wm_record_get_id (kpi), &latest);
      if (!has_latest)
        {
          /* No value, or a value that cannot be read: only the full read tells. */
          g_autoptr(GArray) samples = wm_store_get_samples (store, wm_record_get_id (kpi),
                                                            G_MININT64, G_MAXINT64, error);

          if (samples == NULL)
            return FALSE;
        }
      if (has_latest)
        {
          status = wm_kpi_status_for_value (kpi, latest.value);
          latest_text = wm_kpi_format_value (kpi, latest.value);
        }
      if (wm_record_is_set (kpi, WM_KPI_TARGET))
        target_text = wm_kpi_format_value (kpi, wm_record_get_double (kpi, WM_KPI_TARGET));

      add_kpi_json (builder, kpi, has_latest ? &latest : NULL, status);

      wm_cli_table_add_row (table, wm_record_get_string (kpi, WM_KPI_NAME),
                            wm_kpi_kind_to_string (wm_record_get_string (kpi, WM_KPI_KIND)),
                            /* TRANSLATORS: shown for a KPI without a value or a target */
                            latest_text ? latest_text : C_("KPI value", "—"),
                            target_text ? target_text : C_("KPI value", "—"),
                            wm_kpi_status_to_string (status), NULL);
    }
  json_builder_end_array (builder);

  if (json)
    print_array (builder);
  else
    print_table (table, _("The project has no KPIs."));

  return TRUE;
}

static gboolean
list_feeds (WmStore  *store,
            gboolean  json,
            GError  **error)
{
  static const WmColumnId columns[] = {
    WM_FEED_TYPE, WM_FEED_URL, WM_FEED_STATE, WM_FEED_STATE_MESSAGE, WM_COLUMN_NONE
  };
  g_autoptr(GPtrArray) feeds = wm_store_list (store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(WmCliTable) table = wm_cli_table_new (5);

  if (feeds == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  wm_cli_table_add_row (table, _("KPI"), _("Type"), _("URL"), _("State"), _("Enabled"), NULL);
  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      gboolean enabled = wm_record_get_boolean (feed, WM_FEED_ENABLED);
      g_autoptr(WmRecord) kpi = NULL;

      kpi = wm_store_get (store, WM_ENTITY_KPI, wm_record_get_ref (feed, WM_FEED_KPI_ID), error);
      if (kpi == NULL)
        return FALSE;

      json_builder_begin_object (builder);
      add_record_members (builder, feed, columns);
      add_string_member (builder, "kpi", wm_record_get_uuid (kpi));
      add_string_member (builder, "kpi_name", wm_record_get_string (kpi, WM_KPI_NAME));
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, enabled);
      add_int_member (builder, "interval_seconds",
                      wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS));
      json_builder_end_object (builder);

      wm_cli_table_add_row (table, wm_record_get_string (kpi, WM_KPI_NAME),
                            feed_type_to_string (wm_record_get_string (feed, WM_FEED_TYPE)),
                            wm_record_get_string (feed, WM_FEED_URL),
                            feed_state_to_string (wm_record_get_string (feed, WM_FEED_STATE)),
                            enabled ? _("Yes") : _("No"), NULL);
    }
  json_builder_end_array (builder);

  if (json)
    print_array (builder);
  else
    print_table (table, _("The project has no feeds."));

  return TRUE;
}

/* Command */

int
wm_cli_list (const WmCliCommand *command,
             GStrv               args)
{
  static const char *const positional[] = { N_("FILE"), N_("KIND") };
  static const struct {
    const char *kind;
    ListFunc    list;
  } kinds[] = {
    { "journeys", list_journeys },
    { "personas", list_personas },
    { "kpis", list_kpis },
    { "feeds", list_feeds },
  };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  ListFunc list = NULL;
  gboolean json = FALSE;
  int status;

  context = wm_cli_context_new (command, &json, NULL);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  /* A wrong kind is a usage error whatever the file: decide before opening it. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].kind, owned_args[2]) == 0)
        list = kinds[i].list;
    }
  if (list == NULL)
    return wm_cli_usage_error (context,
                               _("Unknown kind “%s”: choose journeys, personas, kpis or "
                                 "feeds."), owned_args[2]);

  store = wm_cli_open_read_only (owned_args[1], &status);
  if (store == NULL)
    return status;
  /* A terminal shows no more of a name than this; scripts get it whole. */
  if (!json)
    wm_store_set_text_limit (store, WM_CLI_TEXT_LIMIT);

  if (!list (store, json, &error))
    return wm_cli_file_error (error);

  return WM_CLI_EXIT_OK;
}
