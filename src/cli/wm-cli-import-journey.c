/* wm-cli-import-journey.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-cli-private.h"
#include "wm-mermaid.h"

/* import-journey: a Mermaid `journey` diagram (.mmd, .mermaid, .md) becomes
 * a new journey. Waymark project files (.waymark) are the sharing code's. */

gboolean
wm_cli_import_journey_is_mermaid (const char *path)
{
  return g_str_has_suffix (path, ".mmd") || g_str_has_suffix (path, ".mermaid");
}

int
wm_cli_import_journey_mermaid (const char *project,
                               const char *input,
                               gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(WmMermaidJourney) journey = NULL;
  g_autoptr(WmStore) store = NULL;
  gint64 id;

  if (!g_file_get_contents (input, &text, NULL, &error))
    return wm_cli_file_error (error);

  /* Parse before opening the project: a bad diagram touches nothing. */
  journey = wm_mermaid_parse (text, &error);
  if (journey == NULL)
    {
      g_printerr ("waymark-cli: %s: %s\n", input, error->message);
      return WM_CLI_EXIT_FILE;
    }

  store = wm_store_open (project, WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return wm_cli_file_error (error);

  id = wm_mermaid_import (store, journey, &error);
  if (id == 0)
    return wm_cli_file_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_JOURNEY, id, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, record != NULL ? wm_record_get_label (record) : "");
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_JOURNEY, id, NULL);

      /* TRANSLATORS: %s is the name of the new journey */
      g_print (_("Added the journey “%s”."), record != NULL ? wm_record_get_label (record) : "");
      g_print ("\n");
    }

  return WM_CLI_EXIT_OK;
}

/* import-journey FILE IN: IN is a Mermaid journey diagram (.mmd, .mermaid) or
 * another Waymark project, told apart by its extension before the options are
 * read, since each kind has its own. */
int
wm_cli_import_journey (const WmCliCommand *command,
                       GStrv               args)
{
  g_auto(GStrv) owned = NULL;
  gboolean json = FALSE;
  static const char *const positional[] = { N_("FILE"), N_("IN") };
  g_autoptr(GOptionContext) context = NULL;
  guint n_positional = 0;
  gboolean mermaid = FALSE;

  for (guint i = 1; args[i] != NULL; i++)
    {
      if (args[i][0] == '-' && args[i][1] != '\0')
        continue;
      if (++n_positional == 2)
        mermaid = wm_cli_import_journey_is_mermaid (args[i]);
    }
  if (!mermaid)
    return wm_cli_import_journey_project (command, args);

  owned = args;
  context = wm_cli_context_new (command, &json, NULL);
  if (!wm_cli_parse (context, &owned, 2, positional))
    return WM_CLI_EXIT_USAGE;

  return wm_cli_import_journey_mermaid (owned[1], owned[2], json);
}
