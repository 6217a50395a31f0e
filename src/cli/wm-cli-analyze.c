/* wm-cli-analyze.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wm-cli-private.h"
#include "wm-map-layout.h"

/* analyze: the journey analysis as text or JSON. It reports, it does not
 * judge: the exit status is 0 whatever it finds. The JSON keys and values
 * are an interface for scripts. */

static const char *const risk_values[] = { "none", "low", "medium", "high" };
static const char *const comparison_values[] = { "unchanged", "changed", "added", "removed" };

/* Helpers */

static const char *
touchpoint_title (WmMapModel *model,
                  gint64      id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, id);

  return tp != NULL ? tp->title : "";
}

static const char *
channel_name (WmMapModel *model,
              gint64      id)
{
  WmMapChannel *channel = wm_map_model_get_channel (model, id);

  return channel != NULL ? channel->name : "";
}

static const char *
stage_name (WmMapModel *model,
            gint64      touchpoint_id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, touchpoint_id);
  WmMapStage *stage = tp != NULL ? wm_map_model_get_stage (model, tp->stage_id) : NULL;

  return stage != NULL ? stage->name : "";
}

static char *
risks_to_string (WmSwitchRisk risks)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (risks & WM_SWITCH_RISK_DIGITAL_ANALOG)
    g_ptr_array_add (parts, (char *) _("digital ↔ analog"));
  if (risks & WM_SWITCH_RISK_CONTEXT_LOST)
    g_ptr_array_add (parts, (char *) _("context lost"));
  if (parts->len == 0)
    return g_strdup ("—");
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (", ", (char **) parts->pdata);
}

static void
member_string (JsonBuilder *builder,
               const char  *name,
               const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
member_int (JsonBuilder *builder,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
member_double (JsonBuilder *builder,
               const char  *name,
               double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (value * 100) / 100);
}

static void
touchpoint_ref (JsonBuilder *builder,
                const char  *name,
                WmMapModel  *model,
                gint64       id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, id);

  json_builder_set_member_name (builder, name);
  if (tp == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  member_int (builder, "id", tp->id);
  member_string (builder, "title", tp->title);
  member_string (builder, "stage", stage_name (model, id));
  member_string (builder, "channel", channel_name (model, tp->channel_id));
  member_int (builder, "emotion", tp->emotion);
  json_builder_end_object (builder);
}

static void
print_json (WmMapModel   *model,
            WmAnalysis   *analysis,
            WmMapModel   *as_is,
            WmComparison *comparison)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "journey");
  json_builder_begin_object (builder);
  member_int (builder, "id", model->journey_id);
  member_string (builder, "name", model->name);
  member_string (builder, "state", model->to_be ? "to-be" : "as-is");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "switches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < analysis->switches->len; i++)
    {
      const WmChannelSwitch *item = &g_array_index (analysis->switches, WmChannelSwitch, i);

      json_builder_begin_object (builder);
      touchpoint_ref (builder, "from", model, item->from_touchpoint_id);
      touchpoint_ref (builder, "to", model, item->to_touchpoint_id);
      json_builder_set_member_name (builder, "digital_analog");
      json_builder_add_boolean_value (builder, item->risks & WM_SWITCH_RISK_DIGITAL_ANALOG);
      json_builder_set_member_name (builder, "context_lost");
      json_builder_add_boolean_value (builder, item->risks & WM_SWITCH_RISK_CONTEXT_LOST);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "moments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < analysis->moments->len; i++)
    {
      WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, g_array_index (analysis->moments,
                                                                               gint64, i));

      json_builder_begin_object (builder);
      member_int (builder, "id", tp->id);
      member_string (builder, "title", tp->title);
      member_string (builder, "stage", stage_name (model, tp->id));
      member_string (builder, "dropout_risk", risk_values[tp->dropout_risk]);
      member_int (builder, "emotion", tp->emotion);
      member_string (builder, "reason", tp->mtm_reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < analysis->stage_emotions->len; i++)
    {
      const WmStageEmotion *item = &g_array_index (analysis->stage_emotions, WmStageEmotion, i);

      json_builder_begin_object (builder);
      member_int (builder, "id", item->stage_id);
      member_string (builder, "name", wm_map_model_get_stage (model, item->stage_id)->name);
      member_int (builder, "touchpoints", item->n_touchpoints);
      member_double (builder, "average_emotion", item->average);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  touchpoint_ref (builder, "lowest", model, analysis->lowest_touchpoint_id);

  json_builder_set_member_name (builder, "comparison");
  if (comparison == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "as_is");
      json_builder_begin_object (builder);
      member_int (builder, "id", as_is->journey_id);
      member_string (builder, "name", as_is->name);
      json_builder_end_object (builder);
      member_int (builder, "changed", comparison->n_changed);
      member_int (builder, "added", comparison->n_added);
      member_int (builder, "removed", comparison->n_removed);
      member_double (builder, "as_is_average_emotion", comparison->as_is_average);
      member_double (builder, "to_be_average_emotion", comparison->to_be_average);
      json_builder_set_member_name (builder, "touchpoints");
      json_builder_begin_array (builder);
      for (guint i = 0; i < comparison->items->len; i++)
        {
          const WmComparisonItem *item = &g_array_index (comparison->items, WmComparisonItem, i);

          json_builder_begin_object (builder);
          member_string (builder, "kind", comparison_values[item->kind]);
          touchpoint_ref (builder, "as_is", as_is, item->as_is_touchpoint_id);
          touchpoint_ref (builder, "to_be", model, item->to_be_touchpoint_id);
          member_int (builder, "emotion_delta", item->emotion_delta);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  wm_cli_print_json (root);
}

static void
print_text (WmMapModel   *model,
            WmAnalysis   *analysis,
            WmMapModel   *as_is,
            WmComparison *comparison)
{
  g_print ("%s\n\n", model->name);

  g_print ("%s\n", _("Channel switches"));
  if (analysis->switches->len == 0)
    g_print ("  %s\n", _("None: the journey stays on one channel."));
  else
    {
      g_autoptr(WmCliTable) table = wm_cli_table_new (4);

      wm_cli_table_add_row (table, _("From"), _("To"), _("Into touchpoint"), _("Risk"), NULL);
      for (guint i = 0; i < analysis->switches->len; i++)
        {
          const WmChannelSwitch *item = &g_array_index (analysis->switches, WmChannelSwitch, i);
          g_autofree char *risks = risks_to_string (item->risks);

          wm_cli_table_add_row (table, channel_name (model, item->from_channel_id),
                                channel_name (model, item->to_channel_id),
                                touchpoint_title (model, item->to_touchpoint_id), risks, NULL);
        }
      wm_cli_table_print (table);
    }

  g_print ("\n%s\n", _("Moments that matter, by drop-out risk"));
  if (analysis->moments->len == 0)
    g_print ("  %s\n", _("None marked."));
  else
    {
      g_autoptr(WmCliTable) table = wm_cli_table_new (4);

      wm_cli_table_add_row (table, _("Risk"), _("Touchpoint"), _("Stage"), _("Emotion"), NULL);
      for (guint i = 0; i < analysis->moments->len; i++)
        {
          WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model,
                                                             g_array_index (analysis->moments,
                                                                            gint64, i));
          g_autofree char *emotion = wm_analysis_format_emotion (tp->emotion, 0);

          wm_cli_table_add_row (table, wm_dropout_risk_to_string (tp->dropout_risk), tp->title,
                                stage_name (model, tp->id), emotion, NULL);
        }
      wm_cli_table_print (table);
    }

  g_print ("\n%s\n", _("Emotion per stage"));
  {
    g_autoptr(WmCliTable) table = wm_cli_table_new (3);

    wm_cli_table_add_row (table, _("Stage"), _("Touchpoints"), _("Average"), NULL);
    for (guint i = 0; i < analysis->stage_emotions->len; i++)
      {
        const WmStageEmotion *item = &g_array_index (analysis->stage_emotions, WmStageEmotion, i);
        g_autofree char *count = g_strdup_printf ("%u", item->n_touchpoints);
        g_autofree char *average = isnan (item->average) ? g_strdup ("—")
                                                         : wm_analysis_format_emotion (item->average,
                                                                                       1);

        wm_cli_table_add_row (table, wm_map_model_get_stage (model, item->stage_id)->name, count,
                              average, NULL);
      }
    wm_cli_table_print (table);
  }

  if (analysis->lowest_touchpoint_id != 0)
    /* TRANSLATORS: the lowest point of the emotion curve: touchpoint, stage, emotion */
    g_print ("\n%s\n", _("Lowest point:"));
  if (analysis->lowest_touchpoint_id != 0)
    {
      g_autofree char *lowest = wm_analysis_format_emotion (analysis->lowest_emotion, 0);

      g_print ("  %s (%s), %s\n", touchpoint_title (model, analysis->lowest_touchpoint_id),
               stage_name (model, analysis->lowest_touchpoint_id), lowest);
    }

  if (comparison != NULL)
    {
      g_autoptr(WmCliTable) table = wm_cli_table_new (4);

      /* TRANSLATORS: %s is the name of the as-is journey */
      g_print ("\n");
      g_print (_("Compared with “%s”"), as_is->name);
      g_print ("\n");
      /* TRANSLATORS: counts of changed, added and removed touchpoints */
      g_print ("  ");
      g_print (_("%u changed, %u added, %u removed"), comparison->n_changed, comparison->n_added,
               comparison->n_removed);
      g_print ("\n  ");
      {
        g_autofree char *before = wm_analysis_format_emotion (isnan (comparison->as_is_average)
                                                              ? 0 : comparison->as_is_average, 1);
        g_autofree char *after = wm_analysis_format_emotion (isnan (comparison->to_be_average)
                                                             ? 0 : comparison->to_be_average, 1);

        /* TRANSLATORS: average emotion of the as-is and the to-be journey */
        g_print (_("Average emotion %s → %s"), before, after);
        g_print ("\n");
      }

      wm_cli_table_add_row (table, _("Change"), wm_column_choice_label (WM_JOURNEY_STATE, "as-is"),
                            wm_column_choice_label (WM_JOURNEY_STATE, "to-be"), _("Emotion"), NULL);
      for (guint i = 0; i < comparison->items->len; i++)
        {
          const WmComparisonItem *item = &g_array_index (comparison->items, WmComparisonItem, i);
          g_autofree char *delta = item->kind == WM_COMPARISON_CHANGED
                                   || item->kind == WM_COMPARISON_UNCHANGED
                                   ? wm_analysis_format_emotion (item->emotion_delta, 0)
                                   : g_strdup ("—");

          wm_cli_table_add_row (table, wm_comparison_kind_to_string (item->kind),
                                item->as_is_touchpoint_id != 0
                                ? touchpoint_title (as_is, item->as_is_touchpoint_id) : "—",
                                item->to_be_touchpoint_id != 0
                                ? touchpoint_title (model, item->to_be_touchpoint_id) : "—",
                                delta, NULL);
        }
      wm_cli_table_print (table);
    }
}

/* Command */

int
wm_cli_analyze (const WmCliCommand *command,
                GStrv               args)
{
  g_auto(GStrv) owned = args;
  g_autofree char *journey = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "journey", 0, 0, G_OPTION_ARG_STRING, &journey, N_("The journey to analyse"), N_("ID|NAME") },
    { NULL }
  };
  static const char *const positional[] = { N_("FILE") };
  g_autoptr(GOptionContext) context = wm_cli_context_new (command, &json, entries);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmMapModel) model = NULL;
  g_autoptr(WmMapModel) as_is = NULL;
  g_autoptr(WmAnalysis) analysis = NULL;
  g_autoptr(WmComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status;

  if (!wm_cli_parse (context, &owned, 1, positional))
    return WM_CLI_EXIT_USAGE;
  if (journey == NULL)
    return wm_cli_usage_error (context, _("Missing --journey: which journey to analyse."));

  store = wm_cli_open_read_only (owned[1], &status);
  if (store == NULL)
    return status;
  id = wm_map_model_find_journey (store, journey, &error);
  if (id == 0)
    return wm_cli_file_error (error);
  model = wm_map_model_load (store, id, &error);
  if (model == NULL)
    return wm_cli_file_error (error);

  analysis = wm_analysis_new (model);
  if (model->to_be && model->as_is_journey_id != 0)
    {
      as_is = wm_map_model_load (store, model->as_is_journey_id, &error);
      if (as_is == NULL)
        return wm_cli_file_error (error);
      comparison = wm_comparison_new (as_is, model);
    }

  if (json)
    print_json (model, analysis, as_is, comparison);
  else
    print_text (model, analysis, as_is, comparison);

  return WM_CLI_EXIT_OK;
}
