/* wm-analysis.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-analysis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wm-analysis.h"

/* Helpers */

static gboolean
is_digital_analog (WmMapChannel *a,
                   WmMapChannel *b)
{
  /* Hybrid channels (a video call, a kiosk) bridge both worlds: only a
   * plain digital ↔ analog step is the hand-off that loses customers. */
  return (a->kind == WM_CHANNEL_DIGITAL && b->kind == WM_CHANNEL_ANALOG)
         || (a->kind == WM_CHANNEL_ANALOG && b->kind == WM_CHANNEL_DIGITAL);
}

typedef struct
{
  gint64 id;
  int    risk;
  int    emotion;
  guint  order;
} Moment;

static int
compare_moments (gconstpointer a,
                 gconstpointer b)
{
  const Moment *ma = a;
  const Moment *mb = b;

  if (ma->risk != mb->risk)
    return ma->risk > mb->risk ? -1 : 1;
  /* Equal risk: the worse feeling first, then journey order. */
  if (ma->emotion != mb->emotion)
    return ma->emotion < mb->emotion ? -1 : 1;

  return ma->order < mb->order ? -1 : ma->order > mb->order;
}

static char *
match_key (WmMapModel      *model,
           WmMapTouchpoint *tp)
{
  WmMapStage *stage = wm_map_model_get_stage (model, tp->stage_id);
  g_autofree char *title = g_utf8_casefold (tp->title, -1);
  g_autofree char *stage_name = g_utf8_casefold (stage != NULL ? stage->name : "", -1);

  return g_strdup_printf ("%s\x1f%s", g_strstrip (title), g_strstrip (stage_name));
}

static gboolean
touchpoints_differ (WmMapTouchpoint *a,
                    WmMapTouchpoint *b)
{
  return g_strcmp0 (a->title, b->title) != 0
         || a->channel_id != b->channel_id
         || a->emotion != b->emotion
         || g_strcmp0 (a->customer_action, b->customer_action) != 0
         || g_strcmp0 (a->message, b->message) != 0
         || a->moment_that_matters != b->moment_that_matters
         || a->dropout_risk != b->dropout_risk
         || a->context_carried != b->context_carried;
}

static double
average_emotion (WmMapModel *model)
{
  double sum = 0;

  if (model->touchpoints->len == 0)
    return NAN;
  for (guint i = 0; i < model->touchpoints->len; i++)
    sum += ((WmMapTouchpoint *) g_ptr_array_index (model->touchpoints, i))->emotion;

  return sum / model->touchpoints->len;
}

/* Public API */

/**
 * wm_analysis_new:
 *
 * Channel switches are between touchpoints next to each other in journey
 * order that both have a channel; a touchpoint without a channel neither
 * starts nor ends one.
 */
WmAnalysis *
wm_analysis_new (WmMapModel *model)
{
  WmAnalysis *self = g_new0 (WmAnalysis, 1);
  WmMapTouchpoint *previous = NULL;
  g_autofree double *sums = g_new0 (double, model->stages->len + 1);
  g_autofree guint *counts = g_new0 (guint, model->stages->len + 1);
  g_autoptr(GArray) moments = g_array_new (FALSE, FALSE, sizeof (Moment));

  self->switches = g_array_new (FALSE, FALSE, sizeof (WmChannelSwitch));
  self->moments = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->stage_emotions = g_array_new (FALSE, FALSE, sizeof (WmStageEmotion));

  for (guint i = 0; i < model->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i);
      int stage = wm_map_model_get_stage_index (model, tp->stage_id);

      if (stage >= 0)
        {
          sums[stage] += tp->emotion;
          counts[stage]++;
        }

      if (tp->moment_that_matters)
        {
          Moment moment = { tp->id, tp->dropout_risk, tp->emotion, i };

          g_array_append_val (moments, moment);
        }

      if (self->lowest_touchpoint_id == 0 || tp->emotion < self->lowest_emotion)
        {
          self->lowest_touchpoint_id = tp->id;
          self->lowest_emotion = tp->emotion;
        }

      if (tp->channel_id == 0)
        continue;

      if (previous != NULL && previous->channel_id != tp->channel_id)
        {
          WmMapChannel *from = wm_map_model_get_channel (model, previous->channel_id);
          WmMapChannel *to = wm_map_model_get_channel (model, tp->channel_id);
          WmChannelSwitch item = { previous->id, tp->id, previous->channel_id, tp->channel_id };

          if (from != NULL && to != NULL && is_digital_analog (from, to))
            item.risks |= WM_SWITCH_RISK_DIGITAL_ANALOG;
          if (!tp->context_carried)
            item.risks |= WM_SWITCH_RISK_CONTEXT_LOST;
          g_array_append_val (self->switches, item);
        }
      previous = tp;
    }

  g_array_sort (moments, compare_moments);
  for (guint i = 0; i < moments->len; i++)
    g_array_append_val (self->moments, g_array_index (moments, Moment, i).id);

  for (guint i = 0; i < model->stages->len; i++)
    {
      WmStageEmotion item = {
        ((WmMapStage *) g_ptr_array_index (model->stages, i))->id,
        counts[i],
        counts[i] > 0 ? sums[i] / counts[i] : NAN,
      };

      g_array_append_val (self->stage_emotions, item);
    }

  return self;
}

void
wm_analysis_free (WmAnalysis *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->switches);
  g_array_unref (self->moments);
  g_array_unref (self->stage_emotions);
  g_free (self);
}

const WmChannelSwitch *
wm_analysis_get_switch_into (WmAnalysis *self,
                             gint64      touchpoint_id)
{
  for (guint i = 0; i < self->switches->len; i++)
    {
      const WmChannelSwitch *item = &g_array_index (self->switches, WmChannelSwitch, i);

      if (item->to_touchpoint_id == touchpoint_id)
        return item;
    }

  return NULL;
}

WmComparison *
wm_comparison_new (WmMapModel *as_is,
                   WmMapModel *to_be)
{
  WmComparison *self = g_new0 (WmComparison, 1);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);

  self->items = g_array_new (FALSE, FALSE, sizeof (WmComparisonItem));
  self->as_is_average = average_emotion (as_is);
  self->to_be_average = average_emotion (to_be);

  for (guint i = 0; i < as_is->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (as_is->touchpoints, i);
      g_autofree char *key = NULL;

      if (tp->uuid != NULL && tp->uuid[0] != '\0')
        g_hash_table_insert (by_uuid, tp->uuid, tp);
      /* The first of equal titles in a stage wins; later ones count as removed. */
      key = match_key (as_is, tp);
      if (!g_hash_table_contains (by_key, key))
        g_hash_table_insert (by_key, g_steal_pointer (&key), tp);
    }

  for (guint i = 0; i < to_be->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (to_be->touchpoints, i);
      WmMapTouchpoint *origin = NULL;
      WmComparisonItem item = { WM_COMPARISON_ADDED, 0, tp->id, 0 };

      if (tp->origin_uuid != NULL && tp->origin_uuid[0] != '\0')
        origin = g_hash_table_lookup (by_uuid, tp->origin_uuid);
      if (origin == NULL)
        {
          g_autofree char *key = match_key (to_be, tp);

          origin = g_hash_table_lookup (by_key, key);
        }
      if (origin != NULL && g_hash_table_contains (matched, origin))
        origin = NULL;

      if (origin != NULL)
        {
          g_hash_table_add (matched, origin);
          item.as_is_touchpoint_id = origin->id;
          item.emotion_delta = tp->emotion - origin->emotion;
          item.kind = touchpoints_differ (origin, tp) ? WM_COMPARISON_CHANGED
                                                      : WM_COMPARISON_UNCHANGED;
        }

      if (item.kind == WM_COMPARISON_CHANGED)
        self->n_changed++;
      else if (item.kind == WM_COMPARISON_ADDED)
        self->n_added++;
      g_array_append_val (self->items, item);
    }

  for (guint i = 0; i < as_is->touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (as_is->touchpoints, i);
      WmComparisonItem item = { WM_COMPARISON_REMOVED, tp->id, 0, 0 };

      if (g_hash_table_contains (matched, tp))
        continue;
      g_array_append_val (self->items, item);
      self->n_removed++;
    }

  return self;
}

void
wm_comparison_free (WmComparison *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->items);
  g_free (self);
}

const WmComparisonItem *
wm_comparison_lookup_to_be (WmComparison *self,
                            gint64        to_be_touchpoint_id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      const WmComparisonItem *item = &g_array_index (self->items, WmComparisonItem, i);

      if (item->to_be_touchpoint_id == to_be_touchpoint_id)
        return item;
    }

  return NULL;
}

gboolean
wm_comparison_matched_any (WmComparison *self)
{
  /* Items are the to-be touchpoints, then the removed as-is ones. */
  return self->n_added < self->items->len - self->n_removed;
}

const char *
wm_dropout_risk_to_string (WmDropoutRisk risk)
{
  const WmChoice *choices = wm_column_get_choices (WM_TOUCHPOINT_DROPOUT_RISK);

  return wm_column_choice_label (WM_TOUCHPOINT_DROPOUT_RISK, choices[CLAMP (risk, WM_RISK_NONE,
                                                                           WM_RISK_HIGH)].value);
}

const char *
wm_comparison_kind_to_string (WmComparisonKind kind)
{
  switch (kind)
    {
    case WM_COMPARISON_CHANGED:
      return C_("comparison", "Changed");
    case WM_COMPARISON_ADDED:
      return C_("comparison", "Added");
    case WM_COMPARISON_REMOVED:
      return C_("comparison", "Removed");
    case WM_COMPARISON_UNCHANGED:
    default:
      return C_("comparison", "Unchanged");
    }
}

char *
wm_analysis_format_emotion (double emotion,
                            guint  decimals)
{
  double scale = pow (10, decimals);
  /* Signed by what shows: −0.04 at one decimal is 0.0, not −0.0. */
  double shown = round (emotion * scale) / scale;
  const char *sign = shown > 0 ? "+" : shown < 0 ? "\u2212" : "";

  return g_strdup_printf ("%s%.*f", sign, (int) decimals, fabs (shown));
}
