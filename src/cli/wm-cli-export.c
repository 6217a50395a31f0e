/* wm-cli-export.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-cli-private.h"

/* "export" is one command with many formats; each format lives in the file
 * of the feature it belongs to (the whole project as JSON and one journey as
 * its own project in wm-cli-interchange.c, journey maps in
 * wm-cli-export-journey.c). This parses the shared options and picks one. */

/* Persona sheets (--persona, or --format md for all personas) have options of
 * their own (--paper): wm-cli-export-persona.c reads the whole command line. */
static gboolean
is_persona_export (GStrv args)
{
  for (guint i = 1; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], "--"))
        break;
      if (g_str_equal (args[i], "--persona") || g_str_has_prefix (args[i], "--persona=") ||
          g_str_equal (args[i], "--paper") || g_str_has_prefix (args[i], "--paper="))
        return TRUE;
      if ((g_str_equal (args[i], "--format") || g_str_equal (args[i], "-f")) &&
          args[i + 1] != NULL && g_str_equal (args[i + 1], "md"))
        return TRUE;
      if (g_str_equal (args[i], "--format=md"))
        return TRUE;
    }

  return FALSE;
}

/* Whether @args hold --journey (or -j), which persona exports do not take. */
static gboolean
has_journey_option (GStrv args)
{
  for (guint i = 1; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], "--"))
        break;
      if (g_str_equal (args[i], "--journey") || g_str_has_prefix (args[i], "--journey=")
          || g_str_equal (args[i], "-j"))
        return TRUE;
    }

  return FALSE;
}

int
wm_cli_export (const WmCliCommand *command,
               GStrv               args)
{
  static const char *const positional[] = { N_("FILE") };
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *journey = NULL;
  double scale = 1;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("json (the whole project, the default), waymark (one journey as its own project), "
         "or a journey map as png, svg, pdf, csv or mermaid"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to OUT (“-” for standard output where the format allows)"), N_("OUT") },
    { "journey", 'j', 0, G_OPTION_ARG_STRING, &journey,
      N_("The journey to export (id, name or uuid)"), N_("JOURNEY") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("PNG and SVG size factor (default 1)"),
      N_("N") },
    { NULL }
  };
  WmCliExportOptions options = { 0, };

  context = wm_cli_context_new (command, &json, entries);
  if (is_persona_export (owned_args))
    {
      if (has_journey_option (owned_args))
        return wm_cli_usage_error (context, _("--journey does not go with --persona or --format "
                                              "md: a journey exports as png, svg, pdf, csv, "
                                              "mermaid or waymark."));
      return wm_cli_export_persona (command, g_steal_pointer (&owned_args));
    }

  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  options.path = owned_args[1];
  options.output = output;
  options.journey = journey;
  options.json = json;

  if (format == NULL || g_strcmp0 (format, "json") == 0)
    {
      if (journey != NULL)
        return wm_cli_usage_error (context, _("--journey does not go with --format json."));
      return wm_cli_export_interchange (&options);
    }
  if (g_strcmp0 (format, "waymark") == 0)
    {
      if (journey == NULL || output == NULL)
        return wm_cli_usage_error (context, _("--format waymark needs --journey and -o."));
      return wm_cli_export_journey_project (&options);
    }
  if (wm_cli_export_journey_handles (format))
    {
      if (journey == NULL)
        return wm_cli_usage_error (context, _("Missing --journey: which journey to export."));
      if (output == NULL)
        return wm_cli_usage_error (context, _("Missing -o OUT."));
      if (!(scale > 0 && scale <= 16))
        return wm_cli_usage_error (context, _("--scale must be more than 0 and at most 16."));
      return wm_cli_export_journey (owned_args[1], journey, format, output, scale, json);
    }

  return wm_cli_usage_error (context, _("Unknown format “%s”."), format);
}
