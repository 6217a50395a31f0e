/* wm-map-model.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "wm-map-model.h"

/* The public struct comes first so a WmMapModel * is a ModelPrivate *. */
typedef struct
{
  WmMapModel   model;
  GHashTable  *stage_index;      /* id → index + 1 */
  GHashTable  *lane_index;       /* id → index + 1 */
  GHashTable  *touchpoints;      /* id → WmMapTouchpoint * */
  GHashTable  *channels;         /* id → WmMapChannel * */
} ModelPrivate;

#define PRIV(m) ((ModelPrivate *) (m))

/* Helpers */

/* The enums of wm-map-model.h follow the order of the columns' choices. */
static int
choice_index (WmRecord   *record,
              WmColumnId  column,
              int         fallback)
{
  int index = wm_column_choice_index (column, wm_record_get_string (record, column));

  return index < 0 ? fallback : index;
}

static void
stage_free (gpointer data)
{
  WmMapStage *stage = data;

  g_free (stage->uuid);
  g_free (stage->name);
  g_free (stage->description);
  g_free (stage);
}

static void
lane_free (gpointer data)
{
  WmMapLane *lane = data;

  g_free (lane->uuid);
  g_free (lane->name);
  g_free (lane);
}

static void
touchpoint_free (gpointer data)
{
  WmMapTouchpoint *tp = data;

  g_free (tp->uuid);
  g_free (tp->origin_uuid);
  g_free (tp->title);
  g_free (tp->customer_action);
  g_free (tp->message);
  g_free (tp->mtm_reason);
  g_free (tp->owner);
  g_array_unref (tp->persona_emotions);
  g_free (tp);
}

static void
cell_free (gpointer data)
{
  WmMapCell *cell = data;

  g_free (cell->text);
  g_free (cell);
}

static void
channel_free (gpointer data)
{
  WmMapChannel *channel = data;

  g_free (channel->key);
  g_free (channel->name);
  g_free (channel->icon);
  g_free (channel);
}

static void
persona_free (gpointer data)
{
  WmMapPersona *persona = data;

  g_free (persona->uuid);
  g_free (persona->name);
  g_free (persona->color);
  g_free (persona);
}

static void
kpi_free (gpointer data)
{
  WmMapKpi *kpi = data;

  g_free (kpi->name);
  g_free (kpi->value_text);
  g_array_unref (kpi->history);
  g_free (kpi);
}

static void
model_clear (gpointer data)
{
  ModelPrivate *priv = data;
  WmMapModel *self = &priv->model;

  g_free (self->uuid);
  g_free (self->name);
  g_free (self->description);
  g_ptr_array_unref (self->stages);
  g_ptr_array_unref (self->lanes);
  g_ptr_array_unref (self->touchpoints);
  g_ptr_array_unref (self->cells);
  g_ptr_array_unref (self->channels);
  g_ptr_array_unref (self->personas);
  g_ptr_array_unref (self->kpis);
  g_hash_table_unref (priv->stage_index);
  g_hash_table_unref (priv->lane_index);
  g_hash_table_unref (priv->touchpoints);
  g_hash_table_unref (priv->channels);
}

static void
reindex (GHashTable *index,
         GPtrArray  *rows)
{
  g_hash_table_remove_all (index);
  for (guint i = 0; i < rows->len; i++)
    {
      /* Every row struct starts with its gint64 id. */
      gint64 *id = g_ptr_array_index (rows, i);

      g_hash_table_insert (index, id, GUINT_TO_POINTER (i + 1));
    }
}

static int
compare_touchpoints (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  WmMapModel *self = user_data;
  const WmMapTouchpoint *ta = *(WmMapTouchpoint **) a;
  const WmMapTouchpoint *tb = *(WmMapTouchpoint **) b;
  int sa = wm_map_model_get_stage_index (self, ta->stage_id);
  int sb = wm_map_model_get_stage_index (self, tb->stage_id);

  if (sa != sb)
    return sa < sb ? -1 : 1;
  if (ta->position != tb->position)
    return ta->position < tb->position ? -1 : 1;
  if (ta->id != tb->id)
    return ta->id < tb->id ? -1 : 1;

  return 0;
}

static char *
dup_string (WmRecord   *record,
            WmColumnId  column)
{
  return g_strdup (wm_record_get_string (record, column));
}

/* Store reading: every column access of the map lives below. */

static void
fill_touchpoint (WmMapTouchpoint *tp,
                 WmRecord        *record)
{
  g_free (tp->uuid);
  g_free (tp->title);
  g_free (tp->customer_action);
  g_free (tp->message);
  g_free (tp->mtm_reason);
  g_free (tp->owner);

  tp->id = wm_record_get_id (record);
  tp->uuid = g_strdup (wm_record_get_uuid (record));
  tp->stage_id = wm_record_get_ref (record, WM_TOUCHPOINT_STAGE_ID);
  tp->lane_id = wm_record_get_ref (record, WM_TOUCHPOINT_LANE_ID);
  tp->channel_id = wm_record_get_ref (record, WM_TOUCHPOINT_CHANNEL_ID);
  tp->title = dup_string (record, WM_TOUCHPOINT_TITLE);
  tp->customer_action = dup_string (record, WM_TOUCHPOINT_CUSTOMER_ACTION);
  tp->message = dup_string (record, WM_TOUCHPOINT_MESSAGE);
  tp->emotion = CLAMP (wm_record_get_int (record, WM_TOUCHPOINT_EMOTION), -3, 3);
  tp->moment_that_matters = wm_record_get_boolean (record, WM_TOUCHPOINT_MOMENT_THAT_MATTERS);
  tp->mtm_reason = dup_string (record, WM_TOUCHPOINT_MTM_REASON);
  tp->dropout_risk = choice_index (record, WM_TOUCHPOINT_DROPOUT_RISK, WM_RISK_NONE);
  tp->evidence = choice_index (record, WM_TOUCHPOINT_EVIDENCE, WM_EVIDENCE_ASSUMED);
  g_free (tp->origin_uuid);
  tp->origin_uuid = dup_string (record, WM_TOUCHPOINT_ORIGIN_UUID);
  tp->context_carried = wm_record_get_boolean (record, WM_TOUCHPOINT_CONTEXT_CARRIED);
  tp->owner = dup_string (record, WM_TOUCHPOINT_OWNER);
  tp->position = wm_record_get_int (record, WM_TOUCHPOINT_POSITION);
}

static WmMapTouchpoint *
touchpoint_new (void)
{
  WmMapTouchpoint *tp = g_new0 (WmMapTouchpoint, 1);

  tp->persona_emotions = g_array_new (FALSE, FALSE, sizeof (WmMapPersonaEmotion));
  tp->findings = -1;
  tp->context_carried = TRUE;
  tp->evidence = WM_EVIDENCE_ASSUMED;

  return tp;
}

static gboolean
load_persona_emotions (WmMapModel      *self,
                       WmStore         *store,
                       WmMapTouchpoint *tp,
                       GError         **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_TOUCHPOINT_EMOTION,
                                             WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, tp->id, error);

  if (rows == NULL)
    return FALSE;

  g_array_set_size (tp->persona_emotions, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);

      wm_map_model_set_persona_emotion (self, tp,
                                        wm_record_get_ref (row, WM_TOUCHPOINT_EMOTION_PERSONA_ID),
                                        wm_record_get_int (row, WM_TOUCHPOINT_EMOTION_EMOTION));
    }

  return TRUE;
}

static void
fill_stage (WmMapStage *stage,
            WmRecord   *record)
{
  g_free (stage->uuid);
  g_free (stage->name);
  g_free (stage->description);
  stage->id = wm_record_get_id (record);
  stage->uuid = g_strdup (wm_record_get_uuid (record));
  stage->name = dup_string (record, WM_STAGE_NAME);
  stage->description = dup_string (record, WM_STAGE_DESCRIPTION);
}

static gboolean
load_kpi (WmMapModel  *self,
          WmStore     *store,
          WmRecord    *link,
          GError     **error)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(GArray) samples = NULL;
  WmSample latest;
  WmMapKpi *item;

  kpi = wm_store_get (store, WM_ENTITY_KPI, wm_record_get_ref (link, WM_KPI_LINK_KPI_ID), error);
  if (kpi == NULL)
    return FALSE;

  item = g_new0 (WmMapKpi, 1);
  item->kpi_id = wm_record_get_id (kpi);
  item->link_id = wm_record_get_id (link);
  item->journey_id = wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID);
  item->stage_id = wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID);
  item->touchpoint_id = wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID);
  item->name = dup_string (kpi, WM_KPI_NAME);
  item->history = g_array_new (FALSE, FALSE, sizeof (double));
  item->status = WM_KPI_STATUS_UNKNOWN;

  if (wm_store_get_latest_sample (store, item->kpi_id, &latest))
    {
      item->has_value = TRUE;
      item->value = latest.value;
      item->value_text = wm_kpi_format_value (kpi, latest.value);
      item->status = wm_kpi_status_for_value (kpi, latest.value);

      samples = wm_store_get_latest_samples (store, item->kpi_id, WM_MAP_KPI_HISTORY, NULL);
      if (samples != NULL)
        {
          for (guint i = 0; i < samples->len; i++)
            g_array_append_val (item->history, g_array_index (samples, WmSample, i).value);
          item->trend = wm_kpi_trend ((const WmSample *) samples->data, samples->len);
        }
    }
  else
    {
      item->value_text = g_strdup ("—");
    }

  g_ptr_array_add (self->kpis, item);

  return TRUE;
}

static gboolean
load_kpis (WmMapModel  *self,
           WmStore     *store,
           GError     **error)
{
  g_autoptr(GPtrArray) links = wm_store_list (store, WM_ENTITY_KPI_LINK, WM_COLUMN_NONE, 0, error);

  if (links == NULL)
    return FALSE;

  for (guint i = 0; i < links->len; i++)
    {
      WmRecord *link = g_ptr_array_index (links, i);
      gint64 journey_id = wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID);
      gint64 stage_id = wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID);
      gint64 touchpoint_id = wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID);

      if (journey_id != self->journey_id
          && (stage_id == 0 || wm_map_model_get_stage_index (self, stage_id) < 0)
          && (touchpoint_id == 0 || wm_map_model_get_touchpoint (self, touchpoint_id) == NULL))
        continue;

      if (!load_kpi (self, store, link, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_personas (WmMapModel  *self,
               WmStore     *store,
               GError     **error)
{
  g_autoptr(GPtrArray) links = wm_store_list (store, WM_ENTITY_JOURNEY_PERSONA,
                                              WM_JOURNEY_PERSONA_JOURNEY_ID,
                                              self->journey_id, error);

  if (links == NULL)
    return FALSE;

  for (guint i = 0; i < links->len; i++)
    {
      gint64 persona_id = wm_record_get_ref (g_ptr_array_index (links, i),
                                             WM_JOURNEY_PERSONA_PERSONA_ID);
      g_autoptr(WmRecord) persona = wm_store_get (store, WM_ENTITY_PERSONA, persona_id, error);
      WmMapPersona *item;

      if (persona == NULL)
        return FALSE;

      item = wm_map_model_add_persona (self, persona_id,
                                       wm_record_get_string (persona, WM_PERSONA_NAME),
                                       wm_record_get_string (persona, WM_PERSONA_COLOR));
      item->uuid = g_strdup (wm_record_get_uuid (persona));
    }

  return TRUE;
}

static gboolean
load_rows (WmMapModel  *self,
           WmStore     *store,
           GError     **error)
{
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) emotions = NULL;

  if ((channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, error)) == NULL
      || (stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, self->journey_id,
                                  error)) == NULL
      || (lanes = wm_store_list (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, self->journey_id,
                                 error)) == NULL
      || (touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                       self->journey_id, error)) == NULL
      || (cells = wm_store_list (store, WM_ENTITY_CELL, WM_CELL_JOURNEY_ID, self->journey_id,
                                 error)) == NULL
      || (emotions = wm_store_list (store, WM_ENTITY_TOUCHPOINT_EMOTION, WM_COLUMN_NONE, 0,
                                    error)) == NULL)
    return FALSE;

  for (guint i = 0; i < channels->len; i++)
    {
      WmRecord *row = g_ptr_array_index (channels, i);
      WmMapChannel *channel;

      channel = wm_map_model_add_channel (self, wm_record_get_id (row),
                                          wm_record_get_string (row, WM_CHANNEL_KEY),
                                          wm_record_get_string (row, WM_CHANNEL_NAME),
                                          choice_index (row, WM_CHANNEL_KIND,
                                                        WM_CHANNEL_DIGITAL));
      g_free (channel->icon);
      channel->icon = dup_string (row, WM_CHANNEL_ICON);
    }

  for (guint i = 0; i < stages->len; i++)
    {
      WmRecord *row = g_ptr_array_index (stages, i);
      WmMapStage *stage = wm_map_model_add_stage (self, wm_record_get_id (row), "");

      fill_stage (stage, row);
    }

  for (guint i = 0; i < lanes->len; i++)
    {
      WmRecord *row = g_ptr_array_index (lanes, i);
      WmMapLane *lane;

      lane = wm_map_model_add_lane (self, wm_record_get_id (row),
                                    wm_record_get_string (row, WM_LANE_NAME),
                                    choice_index (row, WM_LANE_KIND, WM_LANE_TEXT));
      lane->uuid = g_strdup (wm_record_get_uuid (row));
    }

  for (guint i = 0; i < touchpoints->len; i++)
    {
      WmMapTouchpoint *tp = touchpoint_new ();

      fill_touchpoint (tp, g_ptr_array_index (touchpoints, i));
      g_ptr_array_add (self->touchpoints, tp);
      g_hash_table_insert (PRIV (self)->touchpoints, &tp->id, tp);
    }
  wm_map_model_sort (self);

  for (guint i = 0; i < emotions->len; i++)
    {
      WmRecord *row = g_ptr_array_index (emotions, i);
      WmMapTouchpoint *tp;

      tp = wm_map_model_get_touchpoint (self,
                                        wm_record_get_ref (row,
                                                           WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID));
      if (tp != NULL)
        wm_map_model_set_persona_emotion (self, tp,
                                        wm_record_get_ref (row, WM_TOUCHPOINT_EMOTION_PERSONA_ID),
                                          wm_record_get_int (row, WM_TOUCHPOINT_EMOTION_EMOTION));
    }

  for (guint i = 0; i < cells->len; i++)
    {
      WmRecord *row = g_ptr_array_index (cells, i);
      WmMapCell *cell;

      cell = wm_map_model_set_cell_text (self, wm_record_get_ref (row, WM_CELL_STAGE_ID),
                                         wm_record_get_ref (row, WM_CELL_LANE_ID),
                                         wm_record_get_string (row, WM_CELL_TEXT));
      cell->id = wm_record_get_id (row);
    }

  return TRUE;
}

/* Public API */

WmMapModel *
wm_map_model_new (void)
{
  ModelPrivate *priv = g_atomic_rc_box_new0 (ModelPrivate);
  WmMapModel *self = &priv->model;

  self->stages = g_ptr_array_new_with_free_func (stage_free);
  self->lanes = g_ptr_array_new_with_free_func (lane_free);
  self->touchpoints = g_ptr_array_new_with_free_func (touchpoint_free);
  self->cells = g_ptr_array_new_with_free_func (cell_free);
  self->channels = g_ptr_array_new_with_free_func (channel_free);
  self->personas = g_ptr_array_new_with_free_func (persona_free);
  self->kpis = g_ptr_array_new_with_free_func (kpi_free);
  self->name = g_strdup ("");
  self->description = g_strdup ("");
  priv->stage_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  priv->lane_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  priv->touchpoints = g_hash_table_new (g_int64_hash, g_int64_equal);
  priv->channels = g_hash_table_new (g_int64_hash, g_int64_equal);

  return self;
}

WmMapModel *
wm_map_model_ref (WmMapModel *self)
{
  return (WmMapModel *) g_atomic_rc_box_acquire ((ModelPrivate *) self);
}

void
wm_map_model_unref (WmMapModel *self)
{
  g_atomic_rc_box_release_full ((ModelPrivate *) self, model_clear);
}

WmMapModel *
wm_map_model_load (WmStore     *store,
                   gint64       journey_id,
                   GError     **error)
{
  g_autoptr(WmMapModel) self = NULL;
  g_autoptr(WmRecord) journey = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  journey = wm_store_get (store, WM_ENTITY_JOURNEY, journey_id, error);
  if (journey == NULL)
    return NULL;

  self = wm_map_model_new ();
  self->journey_id = journey_id;
  self->uuid = g_strdup (wm_record_get_uuid (journey));
  g_free (self->name);
  self->name = dup_string (journey, WM_JOURNEY_NAME);
  g_free (self->description);
  self->description = dup_string (journey, WM_JOURNEY_DESCRIPTION);
  self->to_be = g_strcmp0 (wm_record_get_string (journey, WM_JOURNEY_STATE), "to-be") == 0;
  self->as_is_journey_id = wm_record_get_ref (journey, WM_JOURNEY_AS_IS_JOURNEY_ID);

  if (!load_rows (self, store, error)
      || !load_personas (self, store, error)
      || !load_kpis (self, store, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
wm_map_model_find_journey (WmStore     *store,
                           const char  *id_or_name,
                           GError     **error)
{
  g_autoptr(GPtrArray) journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, error);
  gint64 found = 0;
  guint n_found = 0;

  if (journeys == NULL)
    return 0;

  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *row = g_ptr_array_index (journeys, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, wm_record_get_id (row));

      if (g_strcmp0 (id, id_or_name) == 0)
        return wm_record_get_id (row);
      if (g_strcmp0 (wm_record_get_string (row, WM_JOURNEY_NAME), id_or_name) == 0)
        {
          found = wm_record_get_id (row);
          n_found++;
        }
    }

  if (n_found == 1)
    return found;

  if (n_found == 0)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 _("No journey has the id or name “%s”."), id_or_name);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 _("More than one journey is named “%s”: give its id."), id_or_name);

  return 0;
}

gboolean
wm_map_model_reload_touchpoint (WmMapModel  *self,
                                WmStore     *store,
                                gint64       touchpoint_id,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(WmRecord) record = NULL;
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self, touchpoint_id);

  record = wm_store_get (store, WM_ENTITY_TOUCHPOINT, touchpoint_id, &local_error);
  if (record == NULL && !g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (record == NULL || wm_record_get_ref (record, WM_TOUCHPOINT_JOURNEY_ID) != self->journey_id)
    {
      wm_map_model_remove_touchpoint (self, touchpoint_id);
      return TRUE;
    }

  if (tp == NULL)
    {
      tp = touchpoint_new ();
      fill_touchpoint (tp, record);
      g_ptr_array_add (self->touchpoints, tp);
      g_hash_table_insert (PRIV (self)->touchpoints, &tp->id, tp);
    }
  else
    {
      fill_touchpoint (tp, record);
    }
  wm_map_model_sort (self);

  return load_persona_emotions (self, store, tp, error);
}

gboolean
wm_map_model_reload_stage (WmMapModel  *self,
                           WmStore     *store,
                           gint64       stage_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                               self->journey_id, error);
  g_autoptr(GPtrArray) old = NULL;

  if (stages == NULL)
    return FALSE;

  /* Stages are few: rebuild their list in the store's order, keeping the
   * structs of those that stay (the layout may point at them). */
  old = g_ptr_array_new_with_free_func (stage_free);
  while (self->stages->len > 0)
    g_ptr_array_add (old, g_ptr_array_steal_index (self->stages, 0));

  for (guint i = 0; i < stages->len; i++)
    {
      WmRecord *row = g_ptr_array_index (stages, i);
      WmMapStage *stage = NULL;

      for (guint j = 0; j < old->len; j++)
        {
          WmMapStage *candidate = g_ptr_array_index (old, j);

          if (candidate->id == wm_record_get_id (row))
            {
              stage = g_ptr_array_steal_index (old, j);
              break;
            }
        }
      if (stage == NULL)
        stage = g_new0 (WmMapStage, 1);
      fill_stage (stage, row);
      g_ptr_array_add (self->stages, stage);
    }
  reindex (PRIV (self)->stage_index, self->stages);

  /* Touchpoints of a deleted stage went with it (cascade). */
  for (guint i = self->touchpoints->len; i > 0; i--)
    {
      WmMapTouchpoint *tp = g_ptr_array_index (self->touchpoints, i - 1);

      if (wm_map_model_get_stage_index (self, tp->stage_id) < 0)
        {
          g_hash_table_remove (PRIV (self)->touchpoints, &tp->id);
          g_ptr_array_remove_index (self->touchpoints, i - 1);
        }
    }
  wm_map_model_sort (self);

  return TRUE;
}

gboolean
wm_map_model_reload_cell (WmMapModel  *self,
                          WmStore     *store,
                          gint64       stage_id,
                          gint64       lane_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) cells = wm_store_list (store, WM_ENTITY_CELL, WM_CELL_JOURNEY_ID,
                                              self->journey_id, error);
  const char *text = "";

  if (cells == NULL)
    return FALSE;

  for (guint i = 0; i < cells->len; i++)
    {
      WmRecord *row = g_ptr_array_index (cells, i);

      if (wm_record_get_ref (row, WM_CELL_STAGE_ID) == stage_id
          && wm_record_get_ref (row, WM_CELL_LANE_ID) == lane_id)
        text = wm_record_get_string (row, WM_CELL_TEXT);
    }
  wm_map_model_set_cell_text (self, stage_id, lane_id, text);

  return TRUE;
}

gboolean
wm_map_model_reload_kpis (WmMapModel  *self,
                          WmStore     *store,
                          GError     **error)
{
  g_ptr_array_set_size (self->kpis, 0);

  return load_kpis (self, store, error);
}

WmMapStage *
wm_map_model_add_stage (WmMapModel *self,
                        gint64      id,
                        const char *name)
{
  WmMapStage *stage = g_new0 (WmMapStage, 1);

  stage->id = id;
  stage->name = g_strdup (name);
  stage->description = g_strdup ("");
  g_ptr_array_add (self->stages, stage);
  g_hash_table_insert (PRIV (self)->stage_index, &stage->id,
                       GUINT_TO_POINTER (self->stages->len));

  return stage;
}

WmMapLane *
wm_map_model_add_lane (WmMapModel *self,
                       gint64      id,
                       const char *name,
                       WmLaneKind  kind)
{
  WmMapLane *lane = g_new0 (WmMapLane, 1);

  lane->id = id;
  lane->name = g_strdup (name);
  lane->kind = kind;
  g_ptr_array_add (self->lanes, lane);
  g_hash_table_insert (PRIV (self)->lane_index, &lane->id, GUINT_TO_POINTER (self->lanes->len));

  return lane;
}

WmMapChannel *
wm_map_model_add_channel (WmMapModel    *self,
                          gint64         id,
                          const char    *key,
                          const char    *name,
                          WmChannelKind  kind)
{
  WmMapChannel *channel = g_new0 (WmMapChannel, 1);

  channel->id = id;
  channel->key = g_strdup (key != NULL ? key : "");
  channel->name = g_strdup (name);
  channel->kind = kind;
  channel->icon = g_strdup ("");
  g_ptr_array_add (self->channels, channel);
  g_hash_table_insert (PRIV (self)->channels, &channel->id, channel);

  return channel;
}

WmMapPersona *
wm_map_model_add_persona (WmMapModel *self,
                          gint64      id,
                          const char *name,
                          const char *color)
{
  WmMapPersona *persona = g_new0 (WmMapPersona, 1);

  persona->id = id;
  persona->name = g_strdup (name);
  persona->color = g_strdup (color != NULL ? color : "");
  g_ptr_array_add (self->personas, persona);

  return persona;
}

WmMapTouchpoint *
wm_map_model_add_touchpoint (WmMapModel *self,
                             gint64      id,
                             gint64      stage_id,
                             gint64      lane_id,
                             gint64      channel_id,
                             const char *title,
                             int         emotion)
{
  WmMapTouchpoint *tp = touchpoint_new ();

  tp->id = id;
  tp->stage_id = stage_id;
  tp->lane_id = lane_id;
  tp->channel_id = channel_id;
  tp->title = g_strdup (title);
  tp->customer_action = g_strdup ("");
  tp->message = g_strdup ("");
  tp->mtm_reason = g_strdup ("");
  tp->owner = g_strdup ("");
  tp->uuid = g_strdup ("");
  tp->emotion = CLAMP (emotion, -3, 3);
  tp->position = self->touchpoints->len;
  g_ptr_array_add (self->touchpoints, tp);
  g_hash_table_insert (PRIV (self)->touchpoints, &tp->id, tp);

  return tp;
}

WmMapCell *
wm_map_model_set_cell_text (WmMapModel *self,
                            gint64      stage_id,
                            gint64      lane_id,
                            const char *text)
{
  WmMapCell *cell = wm_map_model_get_cell (self, stage_id, lane_id);

  if (cell == NULL)
    {
      cell = g_new0 (WmMapCell, 1);
      cell->stage_id = stage_id;
      cell->lane_id = lane_id;
      g_ptr_array_add (self->cells, cell);
    }
  g_free (cell->text);
  cell->text = g_strdup (text != NULL ? text : "");

  return cell;
}

void
wm_map_model_set_persona_emotion (WmMapModel      *self,
                                  WmMapTouchpoint *touchpoint,
                                  gint64           persona_id,
                                  int              emotion)
{
  WmMapPersonaEmotion item = { persona_id, CLAMP (emotion, -3, 3) };

  for (guint i = 0; i < touchpoint->persona_emotions->len; i++)
    {
      WmMapPersonaEmotion *existing = &g_array_index (touchpoint->persona_emotions,
                                                      WmMapPersonaEmotion, i);

      if (existing->persona_id == persona_id)
        {
          existing->emotion = item.emotion;
          return;
        }
    }
  g_array_append_val (touchpoint->persona_emotions, item);
}

WmMapKpi *
wm_map_model_add_kpi (WmMapModel   *self,
                      gint64        kpi_id,
                      gint64        stage_id,
                      const char   *name,
                      const char   *value_text,
                      WmKpiStatus   status,
                      const double *history,
                      guint         n_history)
{
  WmMapKpi *kpi = g_new0 (WmMapKpi, 1);

  kpi->kpi_id = kpi_id;
  kpi->stage_id = stage_id;
  kpi->journey_id = stage_id == 0 ? self->journey_id : 0;
  kpi->name = g_strdup (name);
  kpi->value_text = g_strdup (value_text != NULL ? value_text : "—");
  kpi->has_value = value_text != NULL;
  kpi->status = status;
  kpi->history = g_array_new (FALSE, FALSE, sizeof (double));
  if (n_history > 0)
    {
      g_array_append_vals (kpi->history, history, n_history);
      kpi->value = history[n_history - 1];
      kpi->trend = n_history < 2 || history[n_history - 1] == history[n_history - 2]
                   ? WM_KPI_TREND_FLAT
                   : history[n_history - 1] > history[n_history - 2] ? WM_KPI_TREND_UP
                                                                     : WM_KPI_TREND_DOWN;
    }
  g_ptr_array_add (self->kpis, kpi);

  return kpi;
}

gboolean
wm_map_model_remove_touchpoint (WmMapModel *self,
                                gint64      touchpoint_id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self, touchpoint_id);

  if (tp == NULL)
    return FALSE;
  g_hash_table_remove (PRIV (self)->touchpoints, &touchpoint_id);
  g_ptr_array_remove (self->touchpoints, tp);

  return TRUE;
}

void
wm_map_model_sort (WmMapModel *self)
{
  g_ptr_array_sort_with_data (self->touchpoints, compare_touchpoints, self);
}

WmMapStage *
wm_map_model_get_stage (WmMapModel *self,
                        gint64      stage_id)
{
  int index = wm_map_model_get_stage_index (self, stage_id);

  return index < 0 ? NULL : g_ptr_array_index (self->stages, index);
}

int
wm_map_model_get_stage_index (WmMapModel *self,
                              gint64      stage_id)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (PRIV (self)->stage_index, &stage_id)) - 1;
}

WmMapLane *
wm_map_model_get_lane (WmMapModel *self,
                       gint64      lane_id)
{
  int index = wm_map_model_get_lane_index (self, lane_id);

  return index < 0 ? NULL : g_ptr_array_index (self->lanes, index);
}

int
wm_map_model_get_lane_index (WmMapModel *self,
                             gint64      lane_id)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (PRIV (self)->lane_index, &lane_id)) - 1;
}

WmMapTouchpoint *
wm_map_model_get_touchpoint (WmMapModel *self,
                             gint64      touchpoint_id)
{
  return g_hash_table_lookup (PRIV (self)->touchpoints, &touchpoint_id);
}

WmMapChannel *
wm_map_model_get_channel (WmMapModel *self,
                          gint64      channel_id)
{
  return g_hash_table_lookup (PRIV (self)->channels, &channel_id);
}

WmMapPersona *
wm_map_model_get_persona (WmMapModel *self,
                          gint64      persona_id)
{
  for (guint i = 0; i < self->personas->len; i++)
    {
      WmMapPersona *persona = g_ptr_array_index (self->personas, i);

      if (persona->id == persona_id)
        return persona;
    }

  return NULL;
}

WmMapCell *
wm_map_model_get_cell (WmMapModel *self,
                       gint64      stage_id,
                       gint64      lane_id)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      WmMapCell *cell = g_ptr_array_index (self->cells, i);

      if (cell->stage_id == stage_id && cell->lane_id == lane_id)
        return cell;
    }

  return NULL;
}

int
wm_map_touchpoint_get_emotion (const WmMapTouchpoint *touchpoint,
                               gint64                 persona_id)
{
  for (guint i = 0; i < touchpoint->persona_emotions->len; i++)
    {
      const WmMapPersonaEmotion *item = &g_array_index (touchpoint->persona_emotions,
                                                        WmMapPersonaEmotion, i);

      if (item->persona_id == persona_id)
        return item->emotion;
    }

  return touchpoint->emotion;
}

void
wm_map_model_set_findings (WmMapModel      *self,
                           gint64           touchpoint_id,
                           int              findings,
                           WmVoiceSeverity  worst)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self, touchpoint_id);

  if (tp != NULL)
    {
      tp->findings = findings;
      tp->findings_severity = worst;
    }
}
