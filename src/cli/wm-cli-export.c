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

/* export: parses the options, then hands over to the code of the format
 * asked for. Journey maps (png, svg, pdf, csv, mermaid) are in
 * wm-cli-export-journey.c. */

int
wm_cli_export (const WmCliCommand *command,
               GStrv               args)
{
  g_auto(GStrv) owned = args;
  g_autofree char *journey = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  double scale = 1;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "journey", 0, 0, G_OPTION_ARG_STRING, &journey, N_("The journey to export"), N_("ID|NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("png, svg, pdf, csv or mermaid"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("OUT") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("PNG and SVG size factor (default 1)"),
      N_("N") },
    { NULL }
  };
  static const char *const positional[] = { N_("FILE") };
  g_autoptr(GOptionContext) context = wm_cli_context_new (command, &json, entries);

  if (!wm_cli_parse (context, &owned, 1, positional))
    return WM_CLI_EXIT_USAGE;
  if (format == NULL)
    return wm_cli_usage_error (context, _("Missing --format."));
  if (output == NULL)
    return wm_cli_usage_error (context, _("Missing -o OUT."));

  if (wm_cli_export_journey_handles (format))
    {
      if (journey == NULL)
        return wm_cli_usage_error (context, _("Missing --journey: which journey to export."));
      return wm_cli_export_journey (owned[1], journey, format, output, scale, json);
    }

  return wm_cli_usage_error (context, _("Unknown format “%s”."), format);
}
