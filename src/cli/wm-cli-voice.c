/* wm-cli-voice.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "wm-cli-private.h"
#include "wm-voice-project.h"

/* voice FILE check: every touchpoint's message copy against the project's
 * brand-voice rules, as a gate for a team's CI: exit status 1 when anything
 * is found. The JSON keys are an interface for scripts: never rename them. */

/* Helpers */

/* Control characters of the copy as visible escapes: a message's newline
 * must not start a line of its own in the report. */
static char *
escape_text (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;

  *id = value;

  return TRUE;
}

/* A journey or channel named by id, uuid, key (channels) or name (case-insensitive). */
static gint64
find_row (WmStore     *store,
          WmEntity     entity,
          const char  *name,
          GError     **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, WM_COLUMN_NONE, 0, error);
  g_autofree char *folded = NULL;
  gint64 id = 0;

  if (rows == NULL)
    return -1;

  folded = g_utf8_casefold (name, -1);
  parse_id (name, &id);
  for (guint i = 0; i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      g_autofree char *label = g_utf8_casefold (wm_record_get_label (row), -1);

      if (wm_record_get_id (row) == id
          || g_strcmp0 (wm_record_get_uuid (row), name) == 0
          || g_strcmp0 (label, folded) == 0
          || (entity == WM_ENTITY_CHANNEL
              && g_strcmp0 (wm_record_get_string (row, WM_CHANNEL_KEY), name) == 0))
        return wm_record_get_id (row);
    }

  return 0;
}

static void
print_json (WmVoiceReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  WmVoiceScore score = wm_voice_report_get_score (report, 0, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "checked");
  json_builder_add_int_value (builder, score.n_checked);
  json_builder_set_member_name (builder, "passing");
  json_builder_add_int_value (builder, score.n_passing);
  json_builder_set_member_name (builder, "consistency");
  json_builder_add_double_value (builder, score.score);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);

      for (guint j = 0; j < result->findings->len; j++)
        {
          WmVoiceFinding *finding = g_ptr_array_index (result->findings, j);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "touchpoint");
          json_builder_add_string_value (builder, result->touchpoint_uuid);
          json_builder_set_member_name (builder, "touchpoint_title");
          json_builder_add_string_value (builder, result->title);
          json_builder_set_member_name (builder, "journey");
          json_builder_add_string_value (builder, result->journey_name);
          json_builder_set_member_name (builder, "journey_state");
          json_builder_add_string_value (builder, result->journey_state);
          json_builder_set_member_name (builder, "channel");
          if (result->channel_id != 0)
            json_builder_add_string_value (builder, result->channel_name);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "rule");
          if (finding->rule_uuid != NULL)
            json_builder_add_string_value (builder, finding->rule_uuid);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, wm_voice_rule_kind_to_string (finding->kind));
          json_builder_set_member_name (builder, "severity");
          json_builder_add_string_value (builder,
                                         wm_voice_severity_to_string (finding->severity));
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, finding->message);
          json_builder_set_member_name (builder, "start");
          json_builder_add_int_value (builder, finding->start);
          json_builder_set_member_name (builder, "end");
          json_builder_add_int_value (builder, finding->end);
          json_builder_set_member_name (builder, "fix");
          if (finding->fix != NULL)
            json_builder_add_string_value (builder, finding->fix);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stopped_rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->stopped->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->stopped, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  wm_cli_print_json (root);
}

static void
print_text (WmVoiceReport *report)
{
  WmVoiceScore score = wm_voice_report_get_score (report, 0, 0);

  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);
      g_autofree char *journey = NULL;
      g_autofree char *title = NULL;

      if (result->findings->len == 0)
        continue;

      journey = escape_text (result->journey_name);
      title = escape_text (result->title);
      if (result->channel_id != 0)
        {
          g_autofree char *channel = escape_text (result->channel_name);

          /* TRANSLATORS: journey › touchpoint (channel) */
          g_print (_("%s › %s (%s)"), journey, title, channel);
        }
      else
        {
          g_print (_("%s › %s"), journey, title);
        }
      g_print ("\n");

      for (guint j = 0; j < result->findings->len; j++)
        {
          WmVoiceFinding *finding = g_ptr_array_index (result->findings, j);
          g_autofree char *message = escape_text (finding->message);

          /* Characters count from 1 for people, like an editor's columns;
           * a missing element is a point, not a range. */
          if (finding->end > finding->start + 1)
            g_print ("  %ld–%ld", finding->start + 1, finding->end);
          else
            g_print ("  %ld", finding->start + 1);
          g_print ("  %s: %s", wm_voice_severity_get_label (finding->severity), message);
          if (finding->fix != NULL)
            {
              g_autofree char *fix = escape_text (finding->fix);

              /* TRANSLATORS: the suggested fix after a finding */
              g_print (_(" Fix: “%s”"), fix);
            }
          g_print ("\n");
        }
    }

  for (guint i = 0; i < report->stopped->len; i++)
    g_printerr ("waymark-cli: %s\n", (const char *) g_ptr_array_index (report->stopped, i));

  if (score.n_findings > 0)
    g_print ("\n");
  /* TRANSLATORS: a summary, e.g. "3 findings; 12 of 15 texts pass (80 %)." */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u finding; %u of %u texts pass (%.0f %%).",
                        "%u findings; %u of %u texts pass (%.0f %%).", score.n_findings),
           score.n_findings, score.n_passing, score.n_checked, score.score * 100.0);
  g_print ("\n");
}

/* Public API */

int
wm_cli_voice (const WmCliCommand *command,
              GStrv               args)
{
  static const char *const positional[] = { N_("FILE"), N_("ACTION") };
  g_auto(GStrv) owned_args = args;
  g_autofree char *channel = NULL;
  g_autofree char *journey = NULL;
  const GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel,
      N_("Check only the copy of this channel (key, name or id)"), N_("C") },
    { "journey", 0, 0, G_OPTION_ARG_STRING, &journey,
      N_("Check only the copy of this journey (name or id)"), N_("J") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmVoiceReport) report = NULL;
  gint64 channel_id = 0, journey_id = 0;
  gboolean json = FALSE;
  int status;

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse (context, &owned_args, G_N_ELEMENTS (positional), positional))
    return WM_CLI_EXIT_USAGE;

  if (g_strcmp0 (owned_args[2], "check") != 0)
    return wm_cli_usage_error (context, _("Unknown action “%s”: the action is check."),
                               owned_args[2]);

  store = wm_cli_open_read_only (owned_args[1], &status);
  if (store == NULL)
    return status;

  if (channel != NULL)
    {
      channel_id = find_row (store, WM_ENTITY_CHANNEL, channel, &error);
      if (channel_id < 0)
        return wm_cli_file_error (error);
      if (channel_id == 0)
        return wm_cli_usage_error (context, _("No channel “%s” in this project."), channel);
    }
  if (journey != NULL)
    {
      journey_id = find_row (store, WM_ENTITY_JOURNEY, journey, &error);
      if (journey_id < 0)
        return wm_cli_file_error (error);
      if (journey_id == 0)
        return wm_cli_usage_error (context, _("No journey “%s” in this project."), journey);
    }

  report = wm_voice_check_project (store, NULL, journey_id, channel_id, &error);
  if (report == NULL)
    return wm_cli_file_error (error);

  if (json)
    print_json (report);
  else
    print_text (report);

  return wm_voice_report_get_score (report, 0, 0).n_findings > 0 ? WM_CLI_EXIT_FINDINGS
                                                                  : WM_CLI_EXIT_OK;
}
