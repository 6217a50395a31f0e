/* wm-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "wm-cli-private.h"

/* waymark-cli: the core, headless, for scripts and CI. The first argument
 * names the command; each command parses its own options, so that
 * "waymark-cli info --help" explains info alone. */

static const WmCliCommand commands[] = {
  { "new", N_("FILE [--demo] [--name NAME]"), N_("Create an empty project, or the demo project"), wm_cli_new },
  { "info", N_("FILE"), N_("Show name, format version and counts of everything"), wm_cli_info },
  { "check", N_("FILE"), N_("Check integrity and links; exit status 1 on problems"), wm_cli_check },
  { "list", N_("FILE journeys|personas|kpis|feeds"), N_("List the items of one kind"),
    wm_cli_list },
  { "export", N_("FILE [--format json|waymark|png|svg|pdf|csv|mermaid|md] [--journey J | "
                  "--persona P] -o OUT"),
    N_("Write the project, one journey or persona sheets in another format"), wm_cli_export },
  { "import", N_("IN.json NEW.waymark"), N_("Create a project from its JSON form"),
    wm_cli_import },
  { "import-journey", N_("FILE IN.mmd|OTHER.waymark [--journey J]"),
    N_("Add a journey from a Mermaid diagram or from another project"),
    wm_cli_import_journey },
  { "analyze", N_("FILE --journey ID|NAME"),
    N_("Channel switches, moments that matter, emotion per stage"), wm_cli_analyze },
  { "merge", N_("[BASE] OURS THEIRS -o OUT [--ours|--theirs] [--journey J|--whole]"),
    N_("Merge two edited copies of a project; exit status 1 on conflicts"), wm_cli_merge },
  { "kpi", N_("FILE show|compute KPI, import KPI CSVFILE [--raw], or link|unlink KPI --journey J"),
    N_("Show a KPI, compute it from its answers, import values, or show it on a map"),
    wm_cli_kpi },
  { "feeds", N_("FILE add KPI --type TYPE --url URL …, or refresh [--all|FEED] [--trust]"),
    N_("Add a live feed to a KPI, or fetch feeds now; exit status 4 when a fetch failed"),
    wm_cli_feeds },
  { "voice", N_("FILE check [--channel C] [--journey J]"),
    N_("Check all message copy against the brand voice; exit status 1 on findings"),
    wm_cli_voice },
};

/* What each WmCliExit means, in order from 0. */
static const char *const exit_statuses[] = {
  N_("ok"),
  N_("problems found"),
  N_("usage error"),
  N_("the file cannot be used"),
  N_("a fetch failed"),
  N_("the project’s feeds are not trusted here"),
  N_("another program is writing the file"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (exit_statuses) == WM_CLI_EXIT_BUSY + 1);

/* Whether the command was asked for --json: errors are then a JSON document
 * on stdout too, so a script that reads stdout always gets JSON. */
static gboolean json_mode;

/* Helpers */

static const char *
exit_kind (int status)
{
  switch (status)
    {
    case WM_CLI_EXIT_FINDINGS:
      return "findings";
    case WM_CLI_EXIT_USAGE:
      return "usage";
    case WM_CLI_EXIT_FILE:
      return "file";
    case WM_CLI_EXIT_NETWORK:
      return "network";
    case WM_CLI_EXIT_UNTRUSTED:
      return "untrusted";
    case WM_CLI_EXIT_BUSY:
      return "busy";
    default:
      return "error";
    }
}

/* Prints the message on stderr and, with --json, as
 * {"error": {"status": N, "kind": "…", "message": "…"}} on stdout. */
static int
report_error (int         status,
              const char *message,
              const char *details)
{
  /* Text for a terminal shows control characters escaped; JSON escapes them itself. */
  g_autofree char *escaped = wm_cli_escape (message);

  g_printerr ("waymark-cli: %s\n%s", escaped, details ? details : "");

  if (json_mode)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, status);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, exit_kind (status));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }

  return status;
}

/* Each command's synopsis on a line, its summary indented under it, as in
 * git's or apt's lists: one column of summaries after the longest synopsis
 * would make lines of 200 columns. */
static char *
build_usage (void)
{
  GString *usage = g_string_new (NULL);

  g_string_append_printf (usage, "%s\n  waymark-cli %s\n\n", _("Usage:"),
                          _("COMMAND FILE [OPTION…]"));
  g_string_append_printf (usage, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (usage, "  %s %s\n      %s\n", commands[i].name,
                            _(commands[i].parameters), _(commands[i].summary));
  g_string_append_c (usage, '\n');
  g_string_append_printf (usage, "%s\n",
                          _("Every command takes --json to print one JSON document, and --help."));
  g_string_append_printf (usage, "\n%s\n", _("Exit status:"));
  for (guint i = 0; i < G_N_ELEMENTS (exit_statuses); i++)
    g_string_append_printf (usage, "  %u  %s\n", i, _(exit_statuses[i]));

  return g_string_free (usage, FALSE);
}

static const WmCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

/* A usage error is followed by the usage line and where to read more, as
 * coreutils do; the whole help would bury the one line that matters. */
static int
top_level_usage_error (const char *message)
{
  g_autoptr(GString) details = g_string_new (NULL);

  g_string_append_printf (details, "%s waymark-cli %s\n", _("Usage:"),
                          _("COMMAND FILE [OPTION…]"));
  g_string_append (details, _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (details, "%s %s", i == 0 ? "" : ",", commands[i].name);
  g_string_append_c (details, '\n');
  g_string_append_printf (details, _("Try “%s” for more."), "waymark-cli --help");
  g_string_append_c (details, '\n');

  return report_error (WM_CLI_EXIT_USAGE, message, details->str);
}

/* Shared by the commands */

/* The command this process runs, for its usage errors. */
static const WmCliCommand *usage_command;

GOptionContext *
wm_cli_context_new (const WmCliCommand *command,
                    gboolean           *json,
                    const GOptionEntry *entries)
{
  g_autofree char *parameters = g_strdup_printf ("%s %s", command->name, _(command->parameters));
  const GOptionEntry json_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameters);

  usage_command = command;
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

int
wm_cli_usage_error (GOptionContext *context,
                    const char     *format,
                    ...)
{
  g_autofree char *message = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *help_command = NULL;
  va_list args;

  g_return_val_if_fail (usage_command != NULL, WM_CLI_EXIT_USAGE);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  help_command = g_strdup_printf ("waymark-cli %s --help", usage_command->name);
  g_string_append_printf (details, "%s waymark-cli %s %s\n", _("Usage:"), usage_command->name,
                          _(usage_command->parameters));
  g_string_append_printf (details, _("Try “%s” for more."), help_command);
  g_string_append_c (details, '\n');

  return report_error (WM_CLI_EXIT_USAGE, message, details->str);
}

gboolean
wm_cli_parse (GOptionContext    *context,
              GStrv             *args,
              guint              n_positional,
              const char *const *positional_names)
{
  g_autoptr(GError) error = NULL;
  guint n_args;

  if (!g_option_context_parse_strv (context, args, &error))
    {
      wm_cli_usage_error (context, "%s", error->message);
      return FALSE;
    }

  /* A lone "--" is left in place by GOption; it only ends the options. */
  n_args = g_strv_length (*args);
  for (guint i = 1; i < n_args; i++)
    {
      if (g_strcmp0 ((*args)[i], "--") == 0)
        {
          g_free ((*args)[i]);
          memmove (&(*args)[i], &(*args)[i + 1], (n_args - i) * sizeof (char *));
          n_args--;
          break;
        }
    }

  if (n_args - 1 < n_positional)
    {
      /* TRANSLATORS: %s is the name of a missing argument, such as FILE */
      wm_cli_usage_error (context, _("Missing %s."), _(positional_names[n_args - 1]));
      return FALSE;
    }
  if (n_args - 1 > n_positional)
    {
      wm_cli_usage_error (context, _("Unexpected argument “%s”."), (*args)[n_positional + 1]);
      return FALSE;
    }

  return TRUE;
}

int
wm_cli_file_error (const GError *error)
{
  int status = WM_CLI_EXIT_FILE;

  /* Busy is not broken: a script may try again later. A journey, KPI or
   * feed named on the command line that the project does not have is a
   * wrong argument: the file is fine. */
  if (g_error_matches (error, WM_STORE_ERROR, WM_STORE_ERROR_BUSY))
    status = WM_CLI_EXIT_BUSY;
  else if (g_error_matches (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
    status = WM_CLI_EXIT_USAGE;

  return report_error (status, error->message, NULL);
}

int
wm_cli_error (int         status,
              const char *message)
{
  return report_error (status, message, NULL);
}

/* Opens @path read-only, or reports why not and sets @status to the exit
 * status that says so: a busy file has its own, so a script may try again. */
WmStore *
wm_cli_open_read_only (const char *path,
                       int        *status)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);

  if (store == NULL)
    *status = wm_cli_file_error (error);

  return store;
}

int
main (int   argc,
      char *argv[])
{
  const WmCliCommand *command;
  GStrv args;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("waymark-cli");

  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json_mode = TRUE;
    }

  if (argc < 2)
    return top_level_usage_error (_("Missing command."));

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      g_autofree char *usage = build_usage ();

      g_print ("%s", usage);
      return WM_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("waymark-cli %s\n", PACKAGE_VERSION);
      return WM_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_autofree char *message = NULL;

      if (argv[1][0] == '-')
        message = g_strdup_printf (_("Unknown option “%s”."), argv[1]);
      else
        message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);

      return top_level_usage_error (message);
    }

  /* The command sees the program name, then its own arguments. */
  args = g_new0 (char *, argc);
  args[0] = g_strdup ("waymark-cli");
  for (int i = 2; i < argc; i++)
    args[i - 1] = g_strdup (argv[i]);

  return command->run (command, args);
}
