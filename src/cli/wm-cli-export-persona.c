/* wm-cli-export-persona.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "wm-cli-private.h"
#include "wm-persona.h"
#include "wm-persona-sheet.h"

/* waymark-cli export FILE --persona ID|NAME --format pdf|png [--paper a4|letter] -o OUT
 * waymark-cli export FILE --format md -o OUT        (every persona; OUT may be "-")
 *
 * The persona part of the shared export command: a printable sheet of one
 * persona, or all personas as Markdown for a wiki. */

/* Helpers */

static void
print_result_json (const char *format,
                   const char *output,
                   WmRecord   *persona,
                   const char *paper)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format);
  json_builder_set_member_name (builder, "output");
  json_builder_add_string_value (builder, output);
  if (persona != NULL)
    {
      json_builder_set_member_name (builder, "persona");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, wm_record_get_id (persona));
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, wm_record_get_uuid (persona));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, wm_record_get_string (persona, WM_PERSONA_NAME));
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "paper");
      json_builder_add_string_value (builder, paper);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  wm_cli_print_json (root);
}

static int
export_markdown (WmStore    *store,
                 const char *output,
                 gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = wm_persona_markdown (store, &error);

  if (markdown == NULL)
    return wm_cli_file_error (error);

  if (g_strcmp0 (output, "-") == 0)
    {
      /* The document itself is the output; --json would only get in its way. */
      g_print ("%s", markdown);
      return WM_CLI_EXIT_OK;
    }

  if (!g_file_set_contents (output, markdown, -1, &error))
    return wm_cli_file_error (error);

  if (json)
    print_result_json ("md", output, NULL, NULL);
  else
    /* Translators: %s is a file name */
    g_print (_("Wrote all personas to “%s”.\n"), output);

  return WM_CLI_EXIT_OK;
}

/* Pango keeps its caches for the life of the process. The command ends the
 * process, so they are released here: leak checkers (the CLI tests run
 * under AddressSanitizer) then see only real leaks. Not fontconfig's with
 * FcFini (): Pango sorts fonts on a thread of its own that may still use
 * them, and FcFini () then aborts the process after the sheet is written. */
static void
release_fonts (void)
{
  pango_cairo_font_map_set_default (NULL);
}

static int
export_persona (const WmCliCommand *command,
                GStrv               args);

/* Commands */

int
wm_cli_export_persona (const WmCliCommand *command,
                       GStrv               args)
{
  int status = export_persona (command, args);

  release_fonts ();

  return status;
}

static int
export_persona (const WmCliCommand *command,
                GStrv               args)
{
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *persona_arg = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *paper_arg = NULL;
  g_autofree char *output = NULL;
  static const char *const positional[] = { N_("FILE") };
  gboolean json = FALSE;
  WmSheetFormat format;
  WmPaper paper;
  int status;
  const GOptionEntry entries[] = {
    { "persona", 0, 0, G_OPTION_ARG_STRING, &persona_arg,
      N_("The persona to export, by id or name"), N_("ID|NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_arg,
      N_("pdf or png for a persona sheet, md for all personas"), N_("FORMAT") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_arg,
      N_("Paper size of a sheet: a4 or letter (default: from the locale)"), N_("PAPER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write"), N_("OUT") },
    { NULL }
  };

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse (context, &owned_args, 1, positional))
    return WM_CLI_EXIT_USAGE;

  if (format_arg == NULL)
    return wm_cli_usage_error (context, _("Missing --format."));
  if (output == NULL)
    return wm_cli_usage_error (context, _("Missing --output."));

  if (g_strcmp0 (format_arg, "md") == 0)
    {
      if (persona_arg != NULL)
        return wm_cli_usage_error (context,
                                   _("--format md exports every persona; leave out --persona."));
      if ((store = wm_cli_open_read_only (owned_args[1], &status)) == NULL)
        return status;
      return export_markdown (store, output, json);
    }

  if (g_strcmp0 (format_arg, "pdf") == 0)
    format = WM_SHEET_FORMAT_PDF;
  else if (g_strcmp0 (format_arg, "png") == 0)
    format = WM_SHEET_FORMAT_PNG;
  else
    return wm_cli_usage_error (context, _("Unknown format “%s”: use pdf, png or md."),
                               format_arg);

  if (persona_arg == NULL)
    return wm_cli_usage_error (context, _("Missing --persona."));
  if (paper_arg == NULL)
    paper = wm_paper_for_locale (NULL);
  else if (!wm_paper_from_string (paper_arg, &paper))
    return wm_cli_usage_error (context, _("Unknown paper “%s”: use a4 or letter."), paper_arg);

  if ((store = wm_cli_open_read_only (owned_args[1], &status)) == NULL)
    return status;

  persona = wm_persona_find (store, persona_arg, &error);
  if (persona == NULL)
    return wm_cli_usage_error (context, "%s", error->message);

  file = g_file_new_for_commandline_arg (output);
  if (!wm_persona_sheet_export (store, wm_record_get_id (persona), format, paper, file, &error))
    return wm_cli_file_error (error);

  if (json)
    print_result_json (format_arg, output, persona, paper == WM_PAPER_LETTER ? "letter" : "a4");
  else
    /* Translators: the first %s is a persona's name, the second a file name */
    g_print (_("Wrote the sheet of “%s” to “%s”.\n"),
             wm_record_get_string (persona, WM_PERSONA_NAME), output);

  return WM_CLI_EXIT_OK;
}
