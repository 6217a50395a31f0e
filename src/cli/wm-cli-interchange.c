/* wm-cli-interchange.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <unistd.h>

#include "wm-cli-private.h"
#include "wm-interchange.h"
#include "wm-journey-share.h"

/* The JSON interchange form of a whole project: export and import. */

/* Writes @bytes to @output, or standard output for NULL or "-"; a file is
 * written beside and renamed into place, never left half-written. */
gboolean
wm_cli_write_output (const char  *output,
                     GBytes      *bytes,
                     GError     **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (output == NULL || g_strcmp0 (output, "-") == 0)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      return g_output_stream_write_all (out, data, size, NULL, NULL, error);
    }

  return g_file_set_contents_full (output, data, (gssize) size,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}

int
wm_cli_export_interchange (const WmCliExportOptions *options)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((store = wm_cli_open_read_only (options->path, &status)) == NULL)
    return status;
  if ((bytes = wm_interchange_export (store, &error)) == NULL ||
      !wm_cli_write_output (options->output, bytes, &error))
    return wm_cli_file_error (error);

  /* On standard output the project is all there is to say. */
  if (options->output == NULL || g_str_equal (options->output, "-"))
    return WM_CLI_EXIT_OK;
  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "json");
      json_builder_set_member_name (builder, "output");
      json_builder_add_string_value (builder, options->output);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (options->output);

      g_print (_("Wrote the project to “%s”.\n"), display);
    }

  return WM_CLI_EXIT_OK;
}

int
wm_cli_import (const WmCliCommand *command,
               GStrv               args)
{
  static const char *const positional[] = { N_("IN.json"), N_("NEW.waymark") };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  gboolean json = FALSE;

  context = wm_cli_context_new (command, &json, NULL);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  if (!wm_interchange_import_file (owned_args[1], owned_args[2], &error))
    {
      g_autofree char *in = g_filename_display_name (owned_args[1]);

      g_prefix_error (&error, "%s: ", in);
      return wm_cli_file_error (error);
    }

  display = g_filename_display_name (owned_args[2]);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, owned_args[2]);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    g_print (_("Created the project “%s”.\n"), display);

  return WM_CLI_EXIT_OK;
}

int
wm_cli_export_journey_project (const WmCliExportOptions *options)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 journey;
  int status;

  if ((store = wm_cli_open_read_only (options->path, &status)) == NULL)
    return status;
  if ((journey = wm_journey_share_find (store, options->journey, &error)) == 0 ||
      !wm_journey_share_export (store, journey, options->output, &error))
    return wm_cli_file_error (error);

  if (!options->json)
    {
      g_autofree char *display = g_filename_display_name (options->output);

      g_print (_("Wrote the journey to “%s”.\n"), display);
    }

  return WM_CLI_EXIT_OK;
}

/* import-journey FILE OTHER.waymark: one journey of another project. Other
 * kinds of source (a Mermaid journey, .mmd) belong to their own files;
 * the dispatch is on OTHER's extension. */
int
wm_cli_import_journey_project (const WmCliCommand *command,
                               GStrv               args)
{
  static const char *const positional[] = { N_("FILE"), N_("OTHER.waymark") };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmStore) source = NULL;
  g_autoptr(GHashTable) choices = NULL;
  g_autoptr(GPtrArray) ambiguities = NULL;
  g_autofree char *journey_name = NULL;
  g_auto(GStrv) use = NULL;
  gboolean json = FALSE, add_ambiguous = FALSE;
  gint64 journey, imported;
  const GOptionEntry entries[] = {
    { "journey", 'j', 0, G_OPTION_ARG_STRING, &journey_name,
      N_("The journey to import (name or uuid); needed when OTHER has several"), N_("JOURNEY") },
    { "use", 0, 0, G_OPTION_ARG_STRING_ARRAY, &use,
      N_("Where a name is ambiguous, use the project’s row UUID for the row SOURCE-UUID"),
      N_("SOURCE-UUID=UUID") },
    { "add-ambiguous", 0, 0, G_OPTION_ARG_NONE, &add_ambiguous,
      N_("Where a name is ambiguous, add the journey’s own row instead of refusing"), NULL },
    { NULL }
  };
  int status;

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;
  if (!g_str_has_suffix (owned_args[2], ".waymark"))
    return wm_cli_usage_error (context, _("“%s” is not a Waymark project (.waymark)."),
                               owned_args[2]);

  choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; use != NULL && use[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (use[i], "=", 2);

      if (g_strv_length (pair) != 2)
        return wm_cli_usage_error (context, _("--use takes SOURCE-UUID=UUID, not “%s”."), use[i]);
      g_hash_table_insert (choices, g_strdup (pair[0]), g_strdup (pair[1]));
    }

  if ((source = wm_cli_open_read_only (owned_args[2], &status)) == NULL)
    return status;
  store = wm_store_open (owned_args[1], WM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return wm_cli_file_error (error);
  if ((journey = wm_journey_share_find (source, journey_name, &error)) == 0)
    return wm_cli_file_error (error);

  if (add_ambiguous)
    {
      ambiguities = wm_journey_share_ambiguities (store, source, journey, choices, &error);
      if (ambiguities == NULL)
        return wm_cli_file_error (error);
      for (guint i = 0; i < ambiguities->len; i++)
        {
          WmJourneyAmbiguity *ambiguity = g_ptr_array_index (ambiguities, i);

          g_hash_table_insert (choices, g_strdup (ambiguity->uuid), g_strdup (""));
        }
    }

  imported = wm_journey_share_import (store, source, journey, choices, &error);
  if (imported == 0)
    {
      if (g_error_matches (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT))
        {
          g_autoptr(GError) list_error = NULL;

          g_printerr ("waymark-cli: %s\n", error->message);
          ambiguities = wm_journey_share_ambiguities (store, source, journey, choices,
                                                      &list_error);
          for (guint i = 0; ambiguities != NULL && i < ambiguities->len; i++)
            {
              WmJourneyAmbiguity *ambiguity = g_ptr_array_index (ambiguities, i);
              g_autoptr(GString) candidates = g_string_new (NULL);

              for (guint c = 0; c < ambiguity->candidates->len; c++)
                g_string_append_printf (candidates, "%s%s", c > 0 ? ", " : "",
                                        (const char *) ambiguity->candidates->pdata[c]);
              g_printerr (_("  %s “%s” (%s) could be: %s\n"),
                          wm_entity_get_noun (ambiguity->entity), ambiguity->label,
                          ambiguity->uuid, candidates->str);
            }
          g_printerr ("%s\n", _("Choose with --use SOURCE-UUID=UUID, or --add-ambiguous."));
          return WM_CLI_EXIT_FINDINGS;
        }
      status = wm_cli_file_error (error);
      {
        g_autoptr(WmRecord) theirs = wm_store_get (source, WM_ENTITY_JOURNEY, journey, NULL);
        g_autoptr(WmRecord) ours = theirs != NULL
                                   ? wm_store_find_by_uuid (store, WM_ENTITY_JOURNEY,
                                                            wm_record_get_uuid (theirs), NULL)
                                   : NULL;

        /* An exported journey coming back: say how. */
        if (ours != NULL)
          g_printerr (_("To bring back its changes: waymark-cli merge %s %s --journey %s -o %s\n"),
                      owned_args[1], owned_args[2], wm_record_get_uuid (theirs), owned_args[1]);
      }
      return status;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_JOURNEY, imported, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "journey");
      json_builder_add_string_value (builder, record != NULL ? wm_record_get_uuid (record) : "");
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    g_print ("%s\n", _("Imported the journey."));

  return WM_CLI_EXIT_OK;
}
