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

  if ((store = wm_cli_open_read_only (options->path)) == NULL)
    return WM_CLI_EXIT_FILE;
  if ((bytes = wm_interchange_export (store, &error)) == NULL ||
      !wm_cli_write_output (options->output, bytes, &error))
    return wm_cli_file_error (error);

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
wm_cli_export_journey (const WmCliExportOptions *options)
{
  g_printerr ("waymark-cli: %s\n", _("Exporting one journey is not available yet."));

  return WM_CLI_EXIT_FILE;
}
