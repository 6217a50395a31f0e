/* wm-journey-share.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-share"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-journey-share-private.h"
#include "wm-journey-share.h"
#include "wm-store-private.h"

/* Which rows belong to a journey is read from the entity table:
 * - its subtree: rows whose parent column leads to the journey (stages,
 *   lanes, touchpoints, cells, per-persona emotions, its personas list);
 * - link rows (no label of their own) that point into the subtree, such
 *   as a KPI's link to one of its stages;
 * - the shared rows (top-level entities other than journeys: channels,
 *   personas, KPIs, voice guidelines) these refer to, with their own
 *   children (persona details, feeds, rules …);
 * - the project's whole brand voice, since its rules check every journey.
 * References that lead outside are cleared where they may be empty, and a
 * row that cannot do without them is left out. */

/* Helpers */

static gboolean
is_shared (WmEntity entity)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  return entity != WM_ENTITY_PROJECT && entity != WM_ENTITY_JOURNEY &&
         info->parent_column == WM_COLUMN_NONE;
}

static gboolean
is_link (WmEntity entity)
{
  return wm_entity_get_info (entity)->label_column == WM_COLUMN_NONE;
}

/* TRUE when rows of @entity hang, through parent columns, from a journey. */
static gboolean
in_journey_tree (WmEntity entity)
{
  for (guint depth = 0; depth < WM_N_ENTITIES; depth++)
    {
      const WmEntityInfo *info = wm_entity_get_info (entity);

      if (entity == WM_ENTITY_JOURNEY)
        return TRUE;
      if (info->parent_column == WM_COLUMN_NONE)
        return FALSE;
      entity = wm_column_get_info (info->parent_column)->ref;
    }

  return FALSE;
}

static int
parent_index (WmEntity entity)
{
  WmColumnId parent = wm_entity_get_info (entity)->parent_column;

  return parent != WM_COLUMN_NONE ? (int) WM_COLUMN_INDEX (parent) : -1;
}

static const char *
row_label (WmEntity     entity,
           const WmRow *row)
{
  WmColumnId label = wm_entity_get_info (entity)->label_column;

  return label != WM_COLUMN_NONE && row->values[WM_COLUMN_INDEX (label)] != NULL
         ? row->values[WM_COLUMN_INDEX (label)] : "";
}

static const char *
row_uuid_of (WmStore  *store,
             WmEntity  entity,
             gint64    id,
             GError  **error)
{
  g_autoptr(WmRecord) record = wm_store_get (store, entity, id, error);

  /* The uuid outlives the record: it is interned. */
  return record != NULL ? g_intern_string (wm_record_get_uuid (record)) : NULL;
}

/* Selecting a journey's rows */

typedef struct
{
  WmProjectData *data;
  GHashTable    *selected[WM_N_ENTITIES];  /* uuid set */
} Selection;

static void
selection_clear (Selection *selection)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    g_clear_pointer (&selection->selected[e], g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Selection, selection_clear)

static gboolean
select_row (Selection   *selection,
            WmEntity     entity,
            const char  *uuid)
{
  if (uuid == NULL || g_hash_table_contains (selection->selected[entity], uuid) ||
      wm_project_data_lookup (selection->data, entity, uuid) == NULL)
    return FALSE;
  g_hash_table_add (selection->selected[entity], (gpointer) uuid);

  return TRUE;
}

static gboolean
is_selected (Selection  *selection,
             WmEntity    entity,
             const char *uuid)
{
  return uuid != NULL && g_hash_table_contains (selection->selected[entity], uuid);
}

/* One pass of the rules above; TRUE when it selected anything. */
static gboolean
select_pass (Selection *selection)
{
  gboolean changed = FALSE;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      GPtrArray *rows = selection->data->rows[e];
      int parent = parent_index (e);

      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          if (!is_selected (selection, e, row->uuid))
            {
              gboolean take = parent >= 0 &&
                              is_selected (selection, info->columns[parent].ref,
                                           row->values[parent]);

              for (guint i = 0; !take && is_link (e) && i < info->n_columns; i++)
                take = info->columns[i].type == WM_COLUMN_REF && (int) i != parent &&
                       in_journey_tree (info->columns[i].ref) &&
                       is_selected (selection, info->columns[i].ref, row->values[i]);
              if (!take)
                continue;
              changed |= select_row (selection, e, row->uuid);
            }

          /* What a selected row uses comes along. */
          for (guint i = 0; i < info->n_columns; i++)
            {
              if (info->columns[i].type == WM_COLUMN_REF && is_shared (info->columns[i].ref))
                changed |= select_row (selection, info->columns[i].ref, row->values[i]);
            }
        }
    }

  return changed;
}

/* A copy of the selected rows, references leading outside cleared or their
 * rows left out, until every reference stays inside. */
static WmProjectData *
selection_extract (Selection *selection)
{
  g_autoptr(WmProjectData) subset = wm_project_data_new ();
  gboolean dropped = TRUE;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      GPtrArray *rows = selection->data->rows[e];

      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          if (is_selected (selection, e, row->uuid))
            wm_project_data_add_row (subset, e, wm_row_copy (e, row));
        }
    }

  while (dropped)
    {
      dropped = FALSE;
      for (guint e = 0; e < WM_N_ENTITIES; e++)
        {
          const WmEntityInfo *info = wm_entity_get_info (e);
          GPtrArray *rows = subset->rows[e];

          for (guint r = 0; r < rows->len; r++)
            {
              WmRow *row = g_ptr_array_index (rows, r);
              gboolean drop = FALSE;

              for (guint i = 0; !drop && i < info->n_columns; i++)
                {
                  const WmColumn *column = &info->columns[i];

                  if (column->type != WM_COLUMN_REF || row->values[i] == NULL ||
                      wm_project_data_lookup (subset, column->ref, row->values[i]) != NULL)
                    continue;
                  if ((column->flags & WM_COLUMN_NULLABLE) && !is_link (e))
                    wm_row_take_value (row, i, NULL);
                  else
                    drop = TRUE;
                }
              if (drop)
                {
                  g_hash_table_remove (subset->index[e], row->uuid);
                  g_ptr_array_remove_index (rows, r);
                  wm_row_free (row);
                  r--;
                  dropped = TRUE;
                }
            }
        }
    }

  return g_steal_pointer (&subset);
}

WmProjectData *
wm_journey_share_select (WmProjectData *data,
                         const char    *journey)
{
  g_auto(Selection) selection = { data, { NULL, } };
  g_autoptr(WmProjectData) subset = NULL;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    selection.selected[e] = g_hash_table_new (g_str_hash, g_str_equal);

  select_row (&selection, WM_ENTITY_JOURNEY, journey);
  for (guint r = 0; r < data->rows[WM_ENTITY_VOICE_GUIDELINE]->len; r++)
    select_row (&selection, WM_ENTITY_VOICE_GUIDELINE,
                ((WmRow *) g_ptr_array_index (data->rows[WM_ENTITY_VOICE_GUIDELINE], r))->uuid);
  while (select_pass (&selection))
    ;
  subset = selection_extract (&selection);

  for (guint i = 0; i < data->samples->len; i++)
    {
      const WmSampleRow *sample = &g_array_index (data->samples, WmSampleRow, i);

      if (wm_project_data_lookup (subset, WM_ENTITY_KPI, sample->kpi) != NULL)
        wm_project_data_add_sample (subset, sample->kpi, sample->time, sample->value, sample->n,
                                    sample->has_margin ? &sample->margin : NULL,
                                    sample->source);
    }
  for (guint i = 0; i < data->responses->len; i++)
    {
      const WmResponseRow *response = &g_array_index (data->responses, WmResponseRow, i);

      if (wm_project_data_lookup (subset, WM_ENTITY_KPI, response->kpi) != NULL)
        wm_project_data_add_response (subset, response->kpi, response->time, response->score,
                                      response->source);
    }

  return g_steal_pointer (&subset);
}

gboolean
wm_journey_share_is_own (WmProjectData *subset,
                         WmEntity       entity,
                         const WmRow   *row)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int parent = parent_index (entity);

  if (in_journey_tree (entity))
    return TRUE;
  for (guint i = 0; is_link (entity) && i < info->n_columns; i++)
    {
      if (info->columns[i].type == WM_COLUMN_REF && (int) i != parent &&
          in_journey_tree (info->columns[i].ref) && row->values[i] != NULL &&
          wm_project_data_lookup (subset, info->columns[i].ref, row->values[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Public API: export */

gint64
wm_journey_share_find (WmStore     *source,
                       const char  *journey,
                       GError     **error)
{
  g_autoptr(GPtrArray) journeys = NULL;
  gint64 found = 0;
  guint n_found = 0;

  g_return_val_if_fail (WM_IS_STORE (source), 0);

  journeys = wm_store_list (source, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, error);
  if (journeys == NULL)
    return 0;

  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *record = g_ptr_array_index (journeys, i);

      if (journey == NULL || g_strcmp0 (wm_record_get_uuid (record), journey) == 0 ||
          g_strcmp0 (wm_record_get_label (record), journey) == 0)
        {
          found = wm_record_get_id (record);
          n_found++;
        }
    }

  if (n_found == 1)
    return found;
  if (journey == NULL)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 _("The project has %u journeys; name the one to take."), journeys->len);
  else if (n_found == 0)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 _("The project has no journey “%s”."), journey);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                 _("The project has %u journeys named “%s”; name it by its uuid."), n_found,
                 journey);

  return 0;
}

gboolean
wm_journey_share_export (WmStore     *store,
                         gint64       journey_id,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(WmProjectData) data = NULL;
  g_autoptr(WmProjectData) subset = NULL;
  const char *uuid;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((uuid = row_uuid_of (store, WM_ENTITY_JOURNEY, journey_id, error)) == NULL ||
      (data = wm_project_data_read (store, error)) == NULL)
    return FALSE;

  subset = wm_journey_share_select (data, uuid);
  /* The project row goes along: the file is a copy of part of this project. */
  wm_project_data_add_row (subset, WM_ENTITY_PROJECT,
                           wm_row_copy (WM_ENTITY_PROJECT,
                                        g_ptr_array_index (data->rows[WM_ENTITY_PROJECT], 0)));

  return wm_project_data_write (subset, path, error);
}

gboolean
wm_journey_share_is_excerpt (WmStore  *ours,
                             WmStore  *theirs,
                             char    **journey,
                             guint    *n_others)
{
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(WmRecord) mine = NULL;
  gint64 n_ours;

  g_return_val_if_fail (WM_IS_STORE (ours) && WM_IS_STORE (theirs), FALSE);

  held = wm_store_list (theirs, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
  if (held == NULL || held->len != 1)
    return FALSE;
  mine = wm_store_find_by_uuid (ours, WM_ENTITY_JOURNEY,
                                wm_record_get_uuid (g_ptr_array_index (held, 0)), NULL);
  n_ours = wm_store_count (ours, WM_ENTITY_JOURNEY, NULL);
  if (mine == NULL || n_ours < 2)
    return FALSE;

  if (journey != NULL)
    *journey = g_strdup (wm_record_get_uuid (mine));
  if (n_others != NULL)
    *n_others = (guint) n_ours - 1;

  return TRUE;
}

/* Public API: import */

void
wm_journey_ambiguity_free (gpointer data)
{
  WmJourneyAmbiguity *ambiguity = data;

  g_free (ambiguity->uuid);
  g_free (ambiguity->label);
  g_ptr_array_unref (ambiguity->candidates);
  g_free (ambiguity);
}

/* The project's rows a shared row of the source matches: the same uuid,
 * else (channels) the same key, else the same name. */
static GPtrArray *
find_matches (WmProjectData *target,
              WmEntity       entity,
              const WmRow   *row)
{
  GPtrArray *matches = g_ptr_array_new ();
  GPtrArray *rows = target->rows[entity];
  const char *label = row_label (entity, row);

  if (wm_project_data_lookup (target, entity, row->uuid) != NULL)
    {
      g_ptr_array_add (matches, row->uuid);
      return matches;
    }

  if (entity == WM_ENTITY_CHANNEL)
    {
      const char *key = row->values[WM_COLUMN_INDEX (WM_CHANNEL_KEY)];

      for (guint r = 0; key != NULL && key[0] != '\0' && r < rows->len; r++)
        {
          WmRow *there = g_ptr_array_index (rows, r);

          if (g_strcmp0 (there->values[WM_COLUMN_INDEX (WM_CHANNEL_KEY)], key) == 0)
            g_ptr_array_add (matches, there->uuid);
        }
      if (matches->len > 0)
        return matches;
    }

  for (guint r = 0; label[0] != '\0' && r < rows->len; r++)
    {
      WmRow *there = g_ptr_array_index (rows, r);

      if (g_utf8_collate (row_label (entity, there), label) == 0)
        g_ptr_array_add (matches, there->uuid);
    }

  return matches;
}

typedef struct
{
  WmProjectData *subset;
  WmProjectData *target;
  GHashTable    *map;          /* source uuid → project uuid, for matched rows */
  GPtrArray     *ambiguities;
} Import;

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->subset, wm_project_data_free);
  g_clear_pointer (&import->target, wm_project_data_free);
  g_clear_pointer (&import->map, g_hash_table_unref);
  g_clear_pointer (&import->ambiguities, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

static gboolean
import_prepare (Import      *import,
                WmStore     *store,
                WmStore     *source,
                gint64       journey_id,
                GHashTable  *choices,
                GError     **error)
{
  g_autoptr(WmProjectData) data = NULL;
  const char *uuid;

  if ((uuid = row_uuid_of (source, WM_ENTITY_JOURNEY, journey_id, error)) == NULL ||
      (data = wm_project_data_read (source, error)) == NULL ||
      (import->target = wm_project_data_read_rows (store, error)) == NULL)
    return FALSE;

  if (wm_project_data_lookup (import->target, WM_ENTITY_JOURNEY, uuid) != NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                   _("This journey is already in the project; merge the copy’s changes "
                     "into it instead."));
      return FALSE;
    }

  import->subset = wm_journey_share_select (data, uuid);
  import->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import->ambiguities = g_ptr_array_new_with_free_func (wm_journey_ambiguity_free);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      GPtrArray *rows = import->subset->rows[e];

      if (!is_shared (e))
        continue;
      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);
          g_autoptr(GPtrArray) matches = find_matches (import->target, e, row);
          const char *chosen = choices != NULL ? g_hash_table_lookup (choices, row->uuid) : NULL;

          if (chosen != NULL)
            {
              if (chosen[0] != '\0' &&
                  wm_project_data_lookup (import->target, e, chosen) == NULL)
                {
                  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                               _("The project has no %s with the uuid “%s”."),
                               wm_entity_get_noun (e), chosen);
                  return FALSE;
                }
              if (chosen[0] != '\0')
                g_hash_table_insert (import->map, g_strdup (row->uuid), g_strdup (chosen));
            }
          else if (matches->len == 1)
            g_hash_table_insert (import->map, g_strdup (row->uuid),
                                 g_strdup (g_ptr_array_index (matches, 0)));
          else if (matches->len > 1)
            {
              WmJourneyAmbiguity *ambiguity = g_new0 (WmJourneyAmbiguity, 1);

              ambiguity->entity = e;
              ambiguity->uuid = g_strdup (row->uuid);
              ambiguity->label = g_strdup (row_label (e, row));
              ambiguity->candidates = g_ptr_array_new_with_free_func (g_free);
              for (guint m = 0; m < matches->len; m++)
                g_ptr_array_add (ambiguity->candidates, g_strdup (matches->pdata[m]));
              g_ptr_array_add (import->ambiguities, ambiguity);
            }
        }
    }

  return TRUE;
}

/* Matched rows and what hangs from them stay the project's own; links into
 * the journey are kept, pointed at the project's rows. */
static void
import_apply_matches (Import *import)
{
  WmProjectData *subset = import->subset;
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (wm_row_free);
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSampleRow));
  g_autoptr(GArray) responses = g_array_new (FALSE, FALSE, sizeof (WmResponseRow));

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      GPtrArray *rows = subset->rows[e];
      int parent = parent_index (e);

      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);
          gboolean drop = g_hash_table_contains (import->map, row->uuid);
          gboolean links_in = FALSE;

          for (guint i = 0; is_link (e) && i < info->n_columns; i++)
            links_in |= info->columns[i].type == WM_COLUMN_REF && (int) i != parent &&
                        in_journey_tree (info->columns[i].ref) && row->values[i] != NULL;
          if (!drop && parent >= 0 && !links_in && row->values[parent] != NULL)
            drop = g_hash_table_contains (import->map, row->values[parent]) ||
                   g_hash_table_contains (gone, row->values[parent]);
          if (!drop)
            continue;

          g_hash_table_add (gone, row->uuid);
          g_hash_table_remove (subset->index[e], row->uuid);
          g_ptr_array_add (dropped, g_ptr_array_steal_index (rows, r));
          r--;
        }
    }

  /* References to matched rows name the project's. */
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);

      for (guint r = 0; r < subset->rows[e]->len; r++)
        {
          WmRow *row = g_ptr_array_index (subset->rows[e], r);

          for (guint i = 0; i < info->n_columns; i++)
            {
              const char *to = row->values[i] != NULL && info->columns[i].type == WM_COLUMN_REF
                               ? g_hash_table_lookup (import->map, row->values[i]) : NULL;

              if (to != NULL)
                wm_row_take_value (row, i, g_strdup (to));
            }
        }
    }

  /* A matched KPI keeps the project's history. */
  for (guint i = 0; i < subset->samples->len; i++)
    {
      WmSampleRow *sample = &g_array_index (subset->samples, WmSampleRow, i);

      if (!g_hash_table_contains (import->map, sample->kpi))
        g_array_append_val (samples, *sample);
    }
  for (guint i = 0; i < subset->responses->len; i++)
    {
      WmResponseRow *response = &g_array_index (subset->responses, WmResponseRow, i);

      if (!g_hash_table_contains (import->map, response->kpi))
        g_array_append_val (responses, *response);
    }
  g_array_set_size (subset->samples, 0);
  g_array_append_vals (subset->samples, samples->data, samples->len);
  g_array_set_size (subset->responses, 0);
  g_array_append_vals (subset->responses, responses->data, responses->len);
}

void
wm_journey_share_adopt_matches (WmProjectData *subset,
                                WmProjectData *target)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Import import = { subset, target, map, NULL };

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      GPtrArray *rows = subset->rows[e];

      if (!is_shared (e))
        continue;
      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);
          g_autoptr(GPtrArray) matches = NULL;

          if (wm_project_data_lookup (target, e, row->uuid) != NULL)
            continue;
          matches = find_matches (target, e, row);
          if (matches->len == 1)
            g_hash_table_insert (map, g_strdup (row->uuid),
                                 g_strdup (g_ptr_array_index (matches, 0)));
        }
    }
  import_apply_matches (&import);
}

/* New top-level rows (the journey, new personas …) go after the project's. */
static void
import_place (Import *import)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      guint position;
      gint64 last = -1;

      if (info->parent_column != WM_COLUMN_NONE || info->position_column == WM_COLUMN_NONE)
        continue;
      position = WM_COLUMN_INDEX (info->position_column);
      for (guint r = 0; r < import->target->rows[e]->len; r++)
        {
          WmRow *row = g_ptr_array_index (import->target->rows[e], r);

          if (row->values[position] != NULL)
            last = MAX (last, g_ascii_strtoll (row->values[position], NULL, 10));
        }
      for (guint r = 0; r < import->subset->rows[e]->len; r++)
        wm_row_take_value (g_ptr_array_index (import->subset->rows[e], r), position,
                           g_strdup_printf ("%" G_GINT64_FORMAT, ++last));
    }
}

GPtrArray *
wm_journey_share_ambiguities (WmStore     *store,
                              WmStore     *source,
                              gint64       journey_id,
                              GHashTable  *choices,
                              GError     **error)
{
  g_auto(Import) import = { NULL, };

  g_return_val_if_fail (WM_IS_STORE (store) && WM_IS_STORE (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!import_prepare (&import, store, source, journey_id, choices, error))
    return NULL;

  return g_steal_pointer (&import.ambiguities);
}

gint64
wm_journey_share_import (WmStore     *store,
                         WmStore     *source,
                         gint64       journey_id,
                         GHashTable  *choices,
                         GError     **error)
{
  g_auto(Import) import = { NULL, };
  g_autofree char *label = NULL;
  const char *uuid;
  WmRow *journey;

  g_return_val_if_fail (WM_IS_STORE (store) && WM_IS_STORE (source), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!wm_store_ensure_writable (store, error) ||
      !import_prepare (&import, store, source, journey_id, choices, error))
    return 0;
  if (import.ambiguities->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < import.ambiguities->len; i++)
        {
          WmJourneyAmbiguity *ambiguity = g_ptr_array_index (import.ambiguities, i);

          g_string_append_printf (names, "%s%s “%s”", i > 0 ? ", " : "",
                                  wm_entity_get_noun (ambiguity->entity), ambiguity->label);
        }
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                   _("More than one row of the project has the name of %s; choose which "
                     "to use."), names->str);
      return 0;
    }

  import_apply_matches (&import);
  import_place (&import);
  journey = g_ptr_array_index (import.subset->rows[WM_ENTITY_JOURNEY], 0);
  uuid = g_intern_string (journey->uuid);
  label = g_strdup_printf (_("Import journey “%s”"), row_label (WM_ENTITY_JOURNEY, journey));

  if (!wm_store_begin_edit (store, label, error))
    return 0;
  if (!wm_project_data_append_into (import.subset, store->db, error))
    {
      wm_store_rollback_edit (store);
      return 0;
    }
  if (!wm_store_commit_edit (store, error))
    return 0;

  {
    g_autoptr(WmRecord) record = wm_store_find_by_uuid (store, WM_ENTITY_JOURNEY, uuid, error);

    return record != NULL ? wm_record_get_id (record) : 0;
  }
}
