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
  gboolean json = FALSE;
  gboolean demo = FALSE;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Fill the project with the demo content"),
      NULL },
    { NULL }
  };
  const char *path;

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;
  path = owned_args[1];

  /* wm_store_create() refuses an existing path itself; it never overwrites. */
  if (demo)
    store = wm_demo_create (path, &error);
  else
    store = wm_store_create (path, &error);
  if (store == NULL)
    return wm_cli_file_error (error);

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
