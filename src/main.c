/* main.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "wm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WmApplication) app = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;
  const char *localedir = g_getenv ("WAYMARK_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* meson devenv points this at the build tree's translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without its settings schema GSettings would abort with a bare message:
   * say what is wrong and how to run Waymark from a build tree instead. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("Waymark’s settings schema %s is not installed.\n"
                    "Install Waymark (meson install), or run it from the build directory "
                    "with: meson devenv -C _build waymark\n"), APP_ID);
      return 1;
    }

  app = wm_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
