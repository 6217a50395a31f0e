/* wm-cli-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "wm-map-layout.h"
#include "wm-store.h"

G_BEGIN_DECLS

/* The exit statuses scripts rely on; they never change meaning. */
typedef enum
{
  WM_CLI_EXIT_OK       = 0,
  WM_CLI_EXIT_FINDINGS = 1, /* a check found problems */
  WM_CLI_EXIT_USAGE    = 2, /* unknown command or option, missing argument */
  WM_CLI_EXIT_FILE     = 3, /* the file cannot be used */
  WM_CLI_EXIT_NETWORK  = 4, /* a fetch failed */
  WM_CLI_EXIT_UNTRUSTED = 5, /* the project's feeds are not trusted on this machine */
  WM_CLI_EXIT_BUSY     = 6, /* another program is writing the file: try again later */
} WmCliExit;

/* Text output reads names cut at this many characters (wm_store_set_text_limit()). */
#define WM_CLI_TEXT_LIMIT 1000

typedef struct _WmCliCommand WmCliCommand;

/* Runs a command on @args: the program name, then everything after the
 * command's name. Takes ownership of @args. Returns a WmCliExit. */
typedef int (*WmCliRunFunc) (const WmCliCommand *command,
                             GStrv               args);

struct _WmCliCommand
{
  const char   *name;
  const char   *parameters;  /* shown after the name in usage, e.g. "FILE [--demo]" */
  const char   *summary;     /* N_() */
  WmCliRunFunc  run;
};

/* Commands */
int             wm_cli_new                (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_info               (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_check              (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_list               (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_export             (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_analyze            (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_import_journey     (const WmCliCommand *command,
                                           GStrv               args);

/* Journey maps (wm-cli-export-journey.c, wm-cli-import-journey.c) */
gboolean        wm_cli_export_journey_handles (const char     *format);
int             wm_cli_export_journey     (const char         *path,
                                           const char         *journey,
                                           const char         *format,
                                           const char         *output,
                                           double              scale,
                                           gboolean            json);
/* The journey's layout, compared with its as-is journey when it is a to-be one. */
WmMapLayout    *wm_cli_load_journey_layout (WmStore           *store,
                                           const char         *id_or_name,
                                           GError            **error);
gboolean        wm_cli_import_journey_is_mermaid (const char  *path);
int             wm_cli_import_journey_mermaid (const char     *project,
                                           const char         *input,
                                           gboolean            json);

int             wm_cli_import             (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_merge              (const WmCliCommand *command,
                                           GStrv               args);
/* import-journey of a .waymark project (wm-cli-interchange.c); wm_cli_import_journey()
 * hands over to it for every input that is not a Mermaid file. */
int             wm_cli_import_journey_project (const WmCliCommand *command,
                                           GStrv               args);

/* export: the options every format shares (wm-cli-export.c), and the formats */
typedef struct
{
  const char *path;     /* the project */
  const char *output;   /* NULL or "-" for standard output */
  const char *journey;  /* NULL for the whole project */
  gboolean    json;     /* --json: report as JSON */
} WmCliExportOptions;

int             wm_cli_export_interchange (const WmCliExportOptions *options);
/* --format waymark: one journey as its own project. */
int             wm_cli_export_journey_project (const WmCliExportOptions *options);
gboolean        wm_cli_write_output       (const char         *output,
                                           GBytes             *bytes,
                                           GError            **error);
int             wm_cli_kpi                (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_feeds              (const WmCliCommand *command,
                                           GStrv               args);
int             wm_cli_voice              (const WmCliCommand *command,
                                           GStrv               args);
/* export --persona, or --format md (wm-cli-export-persona.c); wm_cli_export()
 * hands over to it. */
int             wm_cli_export_persona     (const WmCliCommand *command,
                                           GStrv               args);

/* Arguments and errors (wm-cli.c) */

/* A context for @command with --json (stored in @json) and @entries (may be NULL). */
GOptionContext *wm_cli_context_new        (const WmCliCommand *command,
                                           gboolean           *json,
                                           const GOptionEntry *entries);
/* Parses @args in place, then requires exactly @n_positional arguments after
 * the program name. On failure prints the reason and usage to stderr and
 * returns FALSE; the caller exits with WM_CLI_EXIT_USAGE. */
gboolean        wm_cli_parse              (GOptionContext     *context,
                                           GStrv              *args,
                                           guint               n_positional,
                                           const char *const  *positional_names);
/* Prints "waymark-cli: message", the command's usage line and where its help
 * is to stderr; returns WM_CLI_EXIT_USAGE. */
int             wm_cli_usage_error        (GOptionContext     *context,
                                           const char         *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* Prints "waymark-cli: " and the error's message to stderr (and, with --json,
 * an error document on stdout); returns WM_CLI_EXIT_FILE, WM_CLI_EXIT_BUSY
 * for a file another program is writing, or WM_CLI_EXIT_USAGE for a name
 * that matches nothing in the project (WM_STORE_ERROR_NOT_FOUND). */
int             wm_cli_file_error         (const GError       *error);
/* The same for any exit status; returns @status. */
int             wm_cli_error              (int                 status,
                                           const char         *message);
/* Opens @path read-only; on failure prints why, sets @status to the exit
 * status (WM_CLI_EXIT_FILE, or WM_CLI_EXIT_BUSY) and returns NULL. */
WmStore        *wm_cli_open_read_only     (const char         *path,
                                           int                *status);

/* Naming rows and variable arguments (wm-cli-find.c) */

/* Like wm_cli_parse() for commands whose actions take different numbers of
 * arguments: between @min_positional and @max_positional after the program. */
gboolean        wm_cli_parse_variable     (GOptionContext     *context,
                                           GStrv              *args,
                                           guint               min_positional,
                                           guint               max_positional);
/* The row of @entity that @name names: its uuid, its id, or its label
 * (case-insensitive, when only one row has it). */
WmRecord       *wm_cli_find_record        (WmStore            *store,
                                           WmEntity            entity,
                                           const char         *name,
                                           GError            **error);
/* Like wm_cli_find_record(), among the rows whose @parent_column is @parent_id
 * (a stage of one journey). */
WmRecord       *wm_cli_find_record_in     (WmStore            *store,
                                           WmEntity            entity,
                                           WmColumnId          parent_column,
                                           gint64              parent_id,
                                           const char         *name,
                                           GError            **error);

/* Output (wm-cli-output.c) */

/* @text with control characters shown as escapes (\x1B, \u009B), valid
 * UTF-8, so that printing a name never drives the terminal. */
char           *wm_cli_escape             (const char         *text);

typedef struct _WmCliTable WmCliTable;

/* Columns padded to their widest cell, in characters, not bytes. */
WmCliTable     *wm_cli_table_new          (guint               n_columns);
void            wm_cli_table_free         (WmCliTable         *table);
/* Adds a row of exactly n_columns strings (copied). */
void            wm_cli_table_add_row      (WmCliTable         *table,
                                           ...) G_GNUC_NULL_TERMINATED;
void            wm_cli_table_print        (WmCliTable         *table);
guint           wm_cli_table_get_n_rows   (WmCliTable         *table);

/* @root as pretty-printed JSON, numbers in the fewest digits that read back
 * exactly (84.6, not 84.599999999999994). */
char           *wm_cli_json_to_string     (JsonNode           *root);
/* Prints @root as one pretty-printed JSON document on stdout. */
void            wm_cli_print_json         (JsonNode           *root);
/* ISO 8601 UTC text of @time, for JSON. */
char           *wm_cli_format_time        (gint64              time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmCliTable, wm_cli_table_free)

G_END_DECLS
