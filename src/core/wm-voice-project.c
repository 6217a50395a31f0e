/* wm-voice-project.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-voice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wm-voice-project.h"

/* All reading and writing of voice rules in the store is in this file, so
 * that a change of the schema changes one place. */

/* Helpers */

static void
result_free (WmVoiceResult *result)
{
  g_free (result->touchpoint_uuid);
  g_free (result->title);
  g_free (result->journey_name);
  g_free (result->journey_state);
  g_free (result->channel_name);
  g_free (result->text);
  g_clear_pointer (&result->findings, g_ptr_array_unref);
  g_free (result);
}

static GHashTable *
channel_names (WmStore  *store,
               GError  **error)
{
  g_autoptr(GPtrArray) channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, error);
  GHashTable *names;

  if (channels == NULL)
    return NULL;

  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);

      g_hash_table_insert (names, g_memdup2 (&(gint64) { wm_record_get_id (channel) },
                                             sizeof (gint64)),
                           g_strdup (wm_record_get_string (channel, WM_CHANNEL_NAME)));
    }

  return names;
}

static gboolean
result_matches (const WmVoiceResult *result,
                gint64               journey_id,
                gint64               channel_id)
{
  if (journey_id != 0 && result->journey_id != journey_id)
    return FALSE;
  if (channel_id == WM_VOICE_NO_CHANNEL)
    return result->channel_id == 0;
  if (channel_id != 0 && result->channel_id != channel_id)
    return FALSE;

  return TRUE;
}

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  /* RFC 4180: quote every field, double the quotes inside. */
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  g_string_append (out, last ? "\r\n" : ",");
}

/* Markdown table cells: one line, no column breaks. */
static void
md_cell (GString    *out,
         const char *text)
{
  g_string_append_c (out, ' ');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '|' || *p == '\\' || *p == '*' || *p == '_' || *p == '`')
        g_string_append_c (out, '\\');
      if (*p == '\n' || *p == '\r' || *p == '\t')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
  g_string_append (out, " |");
}

static char *
format_score (const WmVoiceScore *score)
{
  return g_strdup_printf ("%.0f %%", score->score * 100.0);
}

static char *
excerpt (const char *text,
         glong       start,
         glong       end)
{
  const char *from = g_utf8_offset_to_pointer (text, start);
  const char *to = g_utf8_offset_to_pointer (text, end);

  if (start == end)
    return g_strdup ("");

  return g_strndup (from, to - from);
}

static void
export_markdown (WmVoiceReport *report,
                 GString       *out)
{
  WmVoiceScore total = wm_voice_report_get_score (report, 0, 0);
  g_autofree char *total_text = format_score (&total);
  g_autoptr(GPtrArray) journeys = g_ptr_array_new ();
  g_autoptr(GPtrArray) channels = g_ptr_array_new ();

  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);
      gboolean seen_journey = FALSE, seen_channel = FALSE;

      for (guint j = 0; j < journeys->len; j++)
        seen_journey |= ((WmVoiceResult *) g_ptr_array_index (journeys, j))->journey_id
                        == result->journey_id;
      for (guint j = 0; j < channels->len; j++)
        seen_channel |= ((WmVoiceResult *) g_ptr_array_index (channels, j))->channel_id
                        == result->channel_id;
      if (!seen_journey)
        g_ptr_array_add (journeys, result);
      if (!seen_channel)
        g_ptr_array_add (channels, result);
    }

  g_string_append_printf (out, "# %s\n\n", _("Brand voice report"));
  /* TRANSLATORS: %s is a percentage, %u counts touchpoints */
  g_string_append_printf (out, _("Consistency: %s of %u texts pass."), total_text,
                          total.n_checked);
  g_string_append (out, "\n\n");

  g_string_append_printf (out, "## %s\n\n|", _("By journey"));
  md_cell (out, _("Journey"));
  md_cell (out, _("Texts"));
  md_cell (out, _("Findings"));
  md_cell (out, _("Consistency"));
  g_string_append (out, "\n|---|--:|--:|--:|\n");
  for (guint i = 0; i < journeys->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (journeys, i);
      WmVoiceScore score = wm_voice_report_get_score (report, result->journey_id, 0);
      g_autofree char *n_checked = g_strdup_printf ("%u", score.n_checked);
      g_autofree char *n_findings = g_strdup_printf ("%u", score.n_findings);
      g_autofree char *text = format_score (&score);

      g_string_append_c (out, '|');
      md_cell (out, result->journey_name);
      md_cell (out, n_checked);
      md_cell (out, n_findings);
      md_cell (out, text);
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\n## %s\n\n|", _("By channel"));
  md_cell (out, _("Channel"));
  md_cell (out, _("Texts"));
  md_cell (out, _("Findings"));
  md_cell (out, _("Consistency"));
  g_string_append (out, "\n|---|--:|--:|--:|\n");
  for (guint i = 0; i < channels->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (channels, i);
      gint64 channel = result->channel_id != 0 ? result->channel_id : WM_VOICE_NO_CHANNEL;
      WmVoiceScore score = wm_voice_report_get_score (report, 0, channel);
      g_autofree char *n_checked = g_strdup_printf ("%u", score.n_checked);
      g_autofree char *n_findings = g_strdup_printf ("%u", score.n_findings);
      g_autofree char *text = format_score (&score);

      g_string_append_c (out, '|');
      md_cell (out, result->channel_id != 0 ? result->channel_name : _("No channel"));
      md_cell (out, n_checked);
      md_cell (out, n_findings);
      md_cell (out, text);
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\n## %s\n\n", _("Findings"));
  if (total.n_findings == 0)
    g_string_append_printf (out, "%s\n", _("All copy follows the rules."));
  else
    {
      g_string_append_c (out, '|');
      md_cell (out, _("Journey"));
      md_cell (out, _("Touchpoint"));
      md_cell (out, _("Channel"));
      md_cell (out, _("Severity"));
      md_cell (out, _("Text"));
      md_cell (out, _("Message"));
      md_cell (out, _("Suggested fix"));
      g_string_append (out, "\n|---|---|---|---|---|---|---|\n");
    }
  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);

      for (guint j = 0; j < result->findings->len; j++)
        {
          WmVoiceFinding *finding = g_ptr_array_index (result->findings, j);
          g_autofree char *found = excerpt (result->text, finding->start, finding->end);

          g_string_append_c (out, '|');
          md_cell (out, result->journey_name);
          md_cell (out, result->title);
          md_cell (out, result->channel_name);
          md_cell (out, wm_voice_severity_get_label (finding->severity));
          md_cell (out, found);
          md_cell (out, finding->message);
          md_cell (out, finding->fix);
          g_string_append_c (out, '\n');
        }
    }
}

static void
export_csv (WmVoiceReport *report,
            GString       *out)
{
  /* Column names are for spreadsheets and scripts: not translated. */
  static const char *const header[] = {
    "journey", "touchpoint", "touchpoint_uuid", "channel", "rule_uuid", "kind", "severity",
    "start", "end", "text", "message", "fix",
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));

  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);

      for (guint j = 0; j < result->findings->len; j++)
        {
          WmVoiceFinding *finding = g_ptr_array_index (result->findings, j);
          g_autofree char *found = excerpt (result->text, finding->start, finding->end);
          g_autofree char *start = g_strdup_printf ("%ld", finding->start);
          g_autofree char *end = g_strdup_printf ("%ld", finding->end);

          csv_field (out, result->journey_name, FALSE);
          csv_field (out, result->title, FALSE);
          csv_field (out, result->touchpoint_uuid, FALSE);
          csv_field (out, result->channel_name, FALSE);
          csv_field (out, finding->rule_uuid, FALSE);
          csv_field (out, wm_voice_rule_kind_to_string (finding->kind), FALSE);
          csv_field (out, wm_voice_severity_to_string (finding->severity), FALSE);
          csv_field (out, start, FALSE);
          csv_field (out, end, FALSE);
          csv_field (out, found, FALSE);
          csv_field (out, finding->message, FALSE);
          csv_field (out, finding->fix, TRUE);
        }
    }
}

/* Scopes rule @rule_id to exactly @channel_ids; rows that stay are kept. */
static gboolean
replace_channels (WmStore       *store,
                  gint64         rule_id,
                  const gint64  *channel_ids,
                  guint          n_channel_ids,
                  GError       **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_VOICE_RULE_CHANNEL,
                                             WM_VOICE_RULE_CHANNEL_RULE_ID, rule_id, error);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      gint64 channel_id = wm_record_get_ref (row, WM_VOICE_RULE_CHANNEL_CHANNEL_ID);
      gboolean wanted = FALSE;

      for (guint j = 0; j < n_channel_ids; j++)
        wanted |= channel_ids[j] == channel_id;
      if (wanted)
        g_array_append_val (kept, channel_id);
      else if (!wm_store_delete (store, WM_ENTITY_VOICE_RULE_CHANNEL, wm_record_get_id (row),
                                 error))
        return FALSE;
    }

  for (guint j = 0; j < n_channel_ids; j++)
    {
      g_autoptr(WmRecord) draft = NULL;
      gboolean present = FALSE;

      for (guint i = 0; i < kept->len; i++)
        present |= g_array_index (kept, gint64, i) == channel_ids[j];
      if (present)
        continue;

      draft = wm_record_new (WM_ENTITY_VOICE_RULE_CHANNEL);
      wm_record_set_ref (draft, WM_VOICE_RULE_CHANNEL_RULE_ID, rule_id);
      wm_record_set_ref (draft, WM_VOICE_RULE_CHANNEL_CHANNEL_ID, channel_ids[j]);
      if (wm_store_insert (store, draft, error) == 0)
        return FALSE;
      g_array_append_val (kept, channel_ids[j]);
    }

  return TRUE;
}

/* Public API */

GArray *
wm_voice_rule_get_channels (WmStore   *store,
                            WmRecord  *rule,
                            GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GArray *channels;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (WM_IS_RECORD (rule), NULL);

  rows = wm_store_list (store, WM_ENTITY_VOICE_RULE_CHANNEL, WM_VOICE_RULE_CHANNEL_RULE_ID,
                        wm_record_get_id (rule), error);
  if (rows == NULL)
    return NULL;

  channels = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 channel_id = wm_record_get_ref (g_ptr_array_index (rows, i),
                                             WM_VOICE_RULE_CHANNEL_CHANNEL_ID);

      g_array_append_val (channels, channel_id);
    }

  return channels;
}

gboolean
wm_voice_rule_spec_from_record (WmRecord        *rule,
                                GArray          *channel_ids,
                                WmVoiceRuleSpec *spec)
{
  const char *severity;

  g_return_val_if_fail (WM_IS_RECORD (rule), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  memset (spec, 0, sizeof *spec);
  severity = wm_record_get_string (rule, WM_VOICE_RULE_SEVERITY);
  /* An unset severity is the schema's default. */
  if (severity == NULL || *severity == '\0')
    severity = "warning";
  if (!wm_voice_rule_kind_from_string (wm_record_get_string (rule, WM_VOICE_RULE_KIND), &spec->kind)
      || !wm_voice_severity_from_string (severity, &spec->severity))
    return FALSE;

  spec->id = wm_record_get_id (rule);
  spec->uuid = wm_record_get_uuid (rule);
  spec->pattern = wm_record_get_string (rule, WM_VOICE_RULE_PATTERN);
  spec->replacement = wm_record_get_string (rule, WM_VOICE_RULE_REPLACEMENT);
  spec->max_length = wm_record_get_int (rule, WM_VOICE_RULE_MAX_LENGTH);
  spec->message = wm_record_get_string (rule, WM_VOICE_RULE_MESSAGE);
  if (channel_ids != NULL)
    {
      spec->channel_ids = (const gint64 *) (gpointer) channel_ids->data;
      spec->n_channel_ids = channel_ids->len;
    }

  return TRUE;
}

WmVoiceChecker *
wm_voice_checker_new_for_store (WmStore  *store,
                                GError  **error)
{
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) channels = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (WmVoiceRuleSpec));
  WmVoiceChecker *checker;
  guint n_unknown = 0;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  rules = wm_store_list (store, WM_ENTITY_VOICE_RULE, WM_COLUMN_NONE, 0, error);
  if (rules == NULL)
    return NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      WmRecord *rule = g_ptr_array_index (rules, i);
      GArray *rule_channels;
      WmVoiceRuleSpec spec;

      if (!wm_record_get_boolean (rule, WM_VOICE_RULE_ENABLED))
        continue;

      rule_channels = wm_voice_rule_get_channels (store, rule, error);
      if (rule_channels == NULL)
        return NULL;
      g_ptr_array_add (channels, rule_channels);
      if (!wm_voice_rule_spec_from_record (rule, rule_channels, &spec))
        {
          n_unknown++;
          continue;
        }
      g_array_append_val (specs, spec);
    }

  /* The specs borrow from @rules and @channels, which live until here. */
  checker = wm_voice_checker_new ((const WmVoiceRuleSpec *) (gpointer) specs->data, specs->len);
  if (n_unknown > 0)
    g_debug ("%u voice rules of unknown kind or severity left out", n_unknown);

  return checker;
}

gboolean
wm_voice_save_rule (WmStore       *store,
                    WmRecord      *rule,
                    const gint64  *channel_ids,
                    guint          n_channel_ids,
                    GError       **error)
{
  WmVoiceRuleSpec spec;
  gboolean inserting;
  g_autofree char *label = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (rule), FALSE);
  g_return_val_if_fail (wm_record_get_entity (rule) == WM_ENTITY_VOICE_RULE, FALSE);
  g_return_val_if_fail (channel_ids != NULL || n_channel_ids == 0, FALSE);

  if (!wm_voice_rule_spec_from_record (rule, NULL, &spec))
    {
      g_set_error_literal (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE,
                           _("The rule has an unknown kind or severity."));
      return FALSE;
    }
  spec.channel_ids = channel_ids;
  spec.n_channel_ids = n_channel_ids;
  if (!wm_voice_rule_validate (&spec, error))
    return FALSE;

  inserting = wm_record_get_id (rule) == 0;
  label = g_strdup (inserting ? _("Add voice rule") : _("Change voice rule"));
  if (!wm_store_begin_edit (store, label, error))
    return FALSE;

  if (!(inserting ? wm_store_insert (store, rule, error) > 0 : wm_store_update (store, rule, error))
      || !replace_channels (store, wm_record_get_id (rule), channel_ids, n_channel_ids, error))
    {
      wm_store_rollback_edit (store);
      return FALSE;
    }

  return wm_store_commit_edit (store, error);
}

WmVoiceReport *
wm_voice_check_project (WmStore         *store,
                        WmVoiceChecker  *checker,
                        gint64           journey_id,
                        gint64           channel_id,
                        GError         **error)
{
  g_autoptr(WmVoiceChecker) own_checker = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(WmVoiceReport) report = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  if (checker == NULL)
    {
      checker = own_checker = wm_voice_checker_new_for_store (store, error);
      if (checker == NULL)
        return NULL;
    }

  names = channel_names (store, error);
  if (names == NULL)
    return NULL;
  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, error);
  if (journeys == NULL)
    return NULL;

  report = g_new0 (WmVoiceReport, 1);
  report->results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_free);
  report->stopped = g_ptr_array_new_with_free_func (g_free);
  report->n_invalid_rules = wm_voice_checker_get_n_invalid (checker);

  for (guint j = 0; j < journeys->len; j++)
    {
      WmRecord *journey = g_ptr_array_index (journeys, j);
      g_autoptr(GPtrArray) touchpoints = NULL;

      if (journey_id != 0 && wm_record_get_id (journey) != journey_id)
        continue;

      touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                   wm_record_get_id (journey), error);
      if (touchpoints == NULL)
        return NULL;

      for (guint i = 0; i < touchpoints->len; i++)
        {
          WmRecord *touchpoint = g_ptr_array_index (touchpoints, i);
          const char *text = wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE);
          gint64 channel = wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID);
          WmVoiceResult *result;
          const char *channel_name;

          /* No copy, nothing to check, and nothing to count in the score. */
          if (text == NULL || *text == '\0')
            continue;
          if (channel_id == WM_VOICE_NO_CHANNEL ? channel != 0
              : channel_id != 0 && channel != channel_id)
            continue;

          channel_name = channel != 0 ? g_hash_table_lookup (names, &channel) : NULL;
          result = g_new0 (WmVoiceResult, 1);
          result->touchpoint_id = wm_record_get_id (touchpoint);
          result->touchpoint_uuid = g_strdup (wm_record_get_uuid (touchpoint));
          result->title = g_strdup (wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE));
          result->journey_id = wm_record_get_id (journey);
          result->journey_name = g_strdup (wm_record_get_string (journey, WM_JOURNEY_NAME));
          result->journey_state = g_strdup (wm_record_get_string (journey, WM_JOURNEY_STATE));
          result->channel_id = channel;
          result->channel_name = g_strdup (channel_name != NULL ? channel_name : "");
          result->text = g_strdup (text);
          result->findings = wm_voice_checker_check (checker, text, channel);
          g_ptr_array_add (report->results, result);
        }
    }

  for (guint i = 0; i < wm_voice_checker_get_stopped (checker)->len; i++)
    g_ptr_array_add (report->stopped,
                     g_strdup (g_ptr_array_index (wm_voice_checker_get_stopped (checker), i)));

  return g_steal_pointer (&report);
}

void
wm_voice_report_free (WmVoiceReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->results, g_ptr_array_unref);
  g_clear_pointer (&report->stopped, g_ptr_array_unref);
  g_free (report);
}

WmVoiceScore
wm_voice_report_get_score (WmVoiceReport *report,
                           gint64         journey_id,
                           gint64         channel_id)
{
  WmVoiceScore score = { 0 };

  g_return_val_if_fail (report != NULL, score);

  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);

      if (!result_matches (result, journey_id, channel_id))
        continue;

      score.n_checked++;
      if (result->findings->len == 0)
        score.n_passing++;
      score.n_findings += result->findings->len;
      for (guint j = 0; j < result->findings->len; j++)
        {
          WmVoiceFinding *finding = g_ptr_array_index (result->findings, j);

          if (finding->severity == WM_VOICE_SEVERITY_ERROR)
            score.n_errors++;
        }
    }

  score.score = score.n_checked > 0 ? (double) score.n_passing / score.n_checked : 1.0;

  return score;
}

char *
wm_voice_report_export (WmVoiceReport       *report,
                        WmVoiceExportFormat  format)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, g_string_free (out, FALSE));

  if (format == WM_VOICE_EXPORT_CSV)
    export_csv (report, out);
  else
    export_markdown (report, out);

  return g_string_free (out, FALSE);
}

GHashTable *
wm_voice_count_findings_by_touchpoint (WmStore  *store,
                                       gint64    journey_id,
                                       GError  **error)
{
  g_autoptr(WmVoiceReport) report = wm_voice_check_project (store, NULL, journey_id, 0, error);
  GHashTable *counts;

  if (report == NULL)
    return NULL;

  counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < report->results->len; i++)
    {
      WmVoiceResult *result = g_ptr_array_index (report->results, i);

      if (result->findings->len > 0)
        g_hash_table_insert (counts, g_memdup2 (&result->touchpoint_id, sizeof (gint64)),
                             GUINT_TO_POINTER (result->findings->len));
    }

  return counts;
}
