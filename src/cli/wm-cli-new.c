/* wm-cli-new.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-cli-private.h"
#include "wm-demo.h"
#include "wm-trust.h"

int
wm_cli_new (const WmCliCommand *command,
            GStrv               args)
{
  static const char *const positional[] = { N_("FILE") };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gboolean json = FALSE;
  gboolean demo = FALSE;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Fill the project with the demo content"),
      NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The project’s name"), N_("NAME") },
    { NULL }
  };

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  /* Like the window, a project file gets its extension when it has none. */
  if (g_str_has_suffix (owned_args[1], ".waymark"))
    path = g_strdup (owned_args[1]);
  else
    path = g_strconcat (owned_args[1], ".waymark", NULL);

  /* An existing file is the caller's mistake, not a file that cannot be used:
   * it is refused before anything is written, and never overwritten. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("“%s” already exists; choose a new file "
                                                    "name. Nothing was changed."), display);

      return wm_cli_error (WM_CLI_EXIT_USAGE, message);
    }

  if (demo)
    store = wm_demo_create (path, &error);
  else
    store = wm_store_create (path, &error);
  if (store == NULL)
    return wm_cli_file_error (error);
  if (name != NULL)
    {
      if (!wm_store_set_string (store, 1, WM_PROJECT_NAME, name, &error))
        return wm_cli_file_error (error);
    }

  /* Made here by this user: its feeds may run without asking. */
  if (!wm_trust_set_trusted (store, TRUE, &error))
    {
      g_printerr ("waymark-cli: %s\n", error->message);
      g_clear_error (&error);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, wm_store_get_path (store));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, wm_store_get_name (store));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, wm_store_get_schema_version (store));
      json_builder_set_member_name (builder, "demo");
      json_builder_add_boolean_value (builder, demo);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (wm_store_get_path (store));

      if (demo)
        g_print (_("Created the demo project “%s”.\n"), display);
      else
        g_print (_("Created the empty project “%s”.\n"), display);
    }

  return WM_CLI_EXIT_OK;
}
