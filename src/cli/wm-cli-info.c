/* wm-cli-info.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wm-cli-private.h"

/* info and check: what a project holds and whether it is healthy. Both only
 * read, so they open the file read-only and work on files of a newer
 * Waymark too. */

#define COUNT_SAMPLES (-1)

/* The JSON keys are an interface for scripts: never rename them. */
/* The JSON key is the English label in lower case with '_' for spaces, so
 * text and JSON name each count alike (a test checks it). */
static const struct {
  const char *key;
  const char *label;
  int         entity;   /* WmEntity, or COUNT_SAMPLES */
} counted[] = {
  { "journeys", N_("Journeys"), WM_ENTITY_JOURNEY },
  { "stages", N_("Stages"), WM_ENTITY_STAGE },
  { "lanes", N_("Lanes"), WM_ENTITY_LANE },
  { "touchpoints", N_("Touchpoints"), WM_ENTITY_TOUCHPOINT },
  { "lane_notes", N_("Lane notes"), WM_ENTITY_CELL },
  { "personas", N_("Personas"), WM_ENTITY_PERSONA },
  { "persona_details", N_("Persona details"), WM_ENTITY_PERSONA_ITEM },
  { "channels", N_("Channels"), WM_ENTITY_CHANNEL },
  { "kpis", N_("KPIs"), WM_ENTITY_KPI },
  { "kpi_values", N_("KPI values"), COUNT_SAMPLES },
  { "kpi_links", N_("KPI links"), WM_ENTITY_KPI_LINK },
  { "feeds", N_("Feeds"), WM_ENTITY_FEED },
  { "voice_guidelines", N_("Voice guidelines"), WM_ENTITY_VOICE_GUIDELINE },
  { "voice_rules", N_("Voice rules"), WM_ENTITY_VOICE_RULE },
};

/* Why this version of Waymark could not edit the file, or NULL. The store
 * itself always says "read-only" here, since info asked for that. */
static const char *
get_read_only_reason (WmStore *store)
{
  if (wm_store_get_schema_version (store) > WM_SCHEMA_VERSION)
    return wm_store_get_read_only_reason (store);

  if (g_access (wm_store_get_path (store), W_OK) != 0)
    return _("The file is not writable for you.");

  return NULL;
}

static void
print_info_json (WmStore      *store,
                 const gint64 *counts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *reason = get_read_only_reason (store);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, wm_store_get_name (store));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, wm_store_get_path (store));
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, wm_store_get_schema_version (store));
  json_builder_set_member_name (builder, "read_only");
  json_builder_add_boolean_value (builder, reason != NULL);
  json_builder_set_member_name (builder, "read_only_reason");
  if (reason != NULL)
    json_builder_add_string_value (builder, reason);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    {
      json_builder_set_member_name (builder, counted[i].key);
      json_builder_add_int_value (builder, counts[i]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  wm_cli_print_json (root);
}

static void
print_info_text (WmStore      *store,
                 const gint64 *counts)
{
  g_autoptr(WmCliTable) table = wm_cli_table_new (2);
  g_autofree char *path = g_filename_display_name (wm_store_get_path (store));
  g_autofree char *version = g_strdup_printf ("%d", wm_store_get_schema_version (store));
  const char *reason = get_read_only_reason (store);

  wm_cli_table_add_row (table, _("Project:"), wm_store_get_name (store), NULL);
  wm_cli_table_add_row (table, _("File:"), path, NULL);
  wm_cli_table_add_row (table, _("Format version:"), version, NULL);
  if (reason != NULL)
    wm_cli_table_add_row (table, _("Read-only:"), reason, NULL);
  wm_cli_table_add_row (table, "", "", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    {
      /* TRANSLATORS: a label before its value, e.g. "Journeys:" */
      g_autofree char *label = g_strdup_printf (_("%s:"), _(counted[i].label));
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, counts[i]);

      wm_cli_table_add_row (table, label, count, NULL);
    }

  wm_cli_table_print (table);
}

int
wm_cli_info (const WmCliCommand *command,
             GStrv               args)
{
  static const char *const positional[] = { N_("FILE") };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  gint64 counts[G_N_ELEMENTS (counted)];
  gboolean json = FALSE;
  int status;

  context = wm_cli_context_new (command, &json, NULL);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  store = wm_cli_open_read_only (owned_args[1], &status);
  if (store == NULL)
    return status;
  if (!json)
    wm_store_set_text_limit (store, WM_CLI_TEXT_LIMIT);

  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    {
      g_autoptr(GError) error = NULL;

      if (counted[i].entity == COUNT_SAMPLES)
        counts[i] = wm_store_count_samples (store, &error);
      else
        counts[i] = wm_store_count (store, counted[i].entity, &error);

      /* Damage the open-time checks left alone (in the samples) shows here. */
      if (counts[i] < 0)
        return wm_cli_file_error (error);
    }

  if (json)
    print_info_json (store, counts);
  else
    print_info_text (store, counts);

  return WM_CLI_EXIT_OK;
}

int
wm_cli_check (const WmCliCommand *command,
              GStrv               args)
{
  static const char *const positional[] = { N_("FILE") };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;

  context = wm_cli_context_new (command, &json, NULL);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  store = wm_cli_open_read_only (owned_args[1], &status);
  if (store == NULL)
    return status;

  findings = wm_store_check (store, &error);
  if (findings == NULL)
    return wm_cli_file_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, wm_store_get_path (store));
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, findings->len == 0);
      json_builder_set_member_name (builder, "findings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < findings->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (findings, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *basename = g_filename_display_basename (wm_store_get_path (store));
      g_autofree char *display = wm_cli_escape (basename);

      if (findings->len == 0)
        g_print (_("“%s”: no problems found.\n"), display);
      else
        g_print (ngettext ("“%s”: %u problem found:\n", "“%s”: %u problems found:\n",
                           findings->len),
                 display, findings->len);
      for (guint i = 0; i < findings->len; i++)
        {
          g_autofree char *finding = wm_cli_escape (g_ptr_array_index (findings, i));

          g_print ("  • %s\n", finding);
        }
    }

  return findings->len == 0 ? WM_CLI_EXIT_OK : WM_CLI_EXIT_FINDINGS;
}
