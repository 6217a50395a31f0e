/* wm-merge.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-merge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wm-interchange-private.h"
#include "wm-merge.h"

/* The merge works on the interchange model (wm-interchange-private.h): every
 * value is canonical text, references are uuids, so "changed" means "its
 * text differs from the base's" for any column of any entity, and the
 * result is written by the importer's writer. Nothing here knows an entity
 * by name.
 *
 * Positions are not merged as values: siblings are ordered from both
 * sides' orders (the side that reordered the common rows gives the order,
 * the other side's new rows follow the row they followed there), then
 * numbered again only where the merged numbers would not be increasing. */

struct _WmMerge
{
  WmProjectData *base;
  WmProjectData *ours;
  WmProjectData *theirs;
  WmProjectData *result;
  GHashTable    *choices;       /* conflict key → WmMergeSide */
  WmMergeSide    fallback;
  GPtrArray     *conflicts;     /* WmConflict, open after the last run */
  guint          n_from_ours;
  guint          n_from_theirs;
  guint          n_merged;
};

/* Helpers */

static void
conflict_free (gpointer data)
{
  WmConflict *conflict = data;

  g_free (conflict->uuid);
  g_free (conflict->label);
  g_free (conflict->column);
  g_free (conflict->ours);
  g_free (conflict->theirs);
  g_free (conflict->key);
  g_free (conflict);
}

static int
position_column (WmEntity entity)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  return info->position_column != WM_COLUMN_NONE ? (int) WM_COLUMN_INDEX (info->position_column)
                                                  : -1;
}

static const char *
row_label (WmEntity     entity,
           const WmRow *row)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int i = info->label_column != WM_COLUMN_NONE ? (int) WM_COLUMN_INDEX (info->label_column) : -1;

  if (row == NULL || i < 0 || row->values[i] == NULL || row->values[i][0] == '\0')
    return row != NULL ? row->uuid : "";

  return row->values[i];
}

/* Same content, positions aside (renumbering siblings is not an edit). */
static gboolean
rows_equal (WmEntity     entity,
            const WmRow *a,
            const WmRow *b)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int position = position_column (entity);

  for (guint i = 0; i < info->n_columns; i++)
    {
      if ((int) i != position && g_strcmp0 (a->values[i], b->values[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

static WmMergeSide
decide (WmMerge    *self,
        const char *key)
{
  gpointer side = g_hash_table_lookup (self->choices, key);

  return side != NULL ? (WmMergeSide) GPOINTER_TO_INT (side) : self->fallback;
}

static WmConflict *
add_conflict (WmMerge        *self,
              WmConflictKind  kind,
              WmEntity        entity,
              const WmRow    *ours,
              const WmRow    *theirs,
              const char     *column,
              const char     *ours_value,
              const char     *theirs_value)
{
  WmConflict *conflict = g_new0 (WmConflict, 1);
  const WmRow *any = ours != NULL ? ours : theirs;

  conflict->kind = kind;
  conflict->entity = entity;
  conflict->uuid = g_strdup (any->uuid);
  conflict->label = g_strdup (row_label (entity, any));
  conflict->column = g_strdup (column);
  conflict->ours = g_strdup (ours_value);
  conflict->theirs = g_strdup (theirs_value);
  conflict->ours_deleted = ours == NULL;
  conflict->theirs_deleted = theirs == NULL;
  conflict->key = g_strdup_printf ("%s/%s/%s", wm_entity_get_info (entity)->table,
                                   conflict->uuid, column != NULL ? column : "*");
  g_ptr_array_add (self->conflicts, conflict);

  return conflict;
}

/* Rows */

/* Both sides kept the row: column by column. An open conflict leaves our
 * value in the row, for now. */
static WmRow *
merge_columns (WmMerge     *self,
               WmEntity     entity,
               const WmRow *base,
               const WmRow *ours,
               const WmRow *theirs)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int position = position_column (entity);
  WmRow *row = wm_row_copy (entity, ours);
  gboolean took_theirs = FALSE;

  for (guint i = 0; i < info->n_columns; i++)
    {
      const char *b = base != NULL ? base->values[i] : NULL;
      const char *o = ours->values[i];
      const char *t = theirs->values[i];

      if ((int) i == position || g_strcmp0 (o, t) == 0)
        continue;
      if (base != NULL && g_strcmp0 (b, o) == 0)
        {
          wm_row_take_value (row, i, g_strdup (t));
          took_theirs = TRUE;
          continue;
        }
      if (base != NULL && g_strcmp0 (b, t) == 0)
        continue;

      {
        const char *key = wm_interchange_column_key (entity, i);
        g_autofree char *conflict_key = g_strdup_printf ("%s/%s/%s", info->table, ours->uuid, key);
        WmMergeSide side = decide (self, conflict_key);

        if (side == WM_MERGE_UNDECIDED)
          add_conflict (self, WM_CONFLICT_VALUE, entity, ours, theirs, key, o, t);
        else if (side == WM_MERGE_THEIRS)
          {
            wm_row_take_value (row, i, g_strdup (t));
            took_theirs = TRUE;
          }
      }
    }

  row->modified_at = MAX (ours->modified_at, theirs->modified_at);
  if (took_theirs)
    self->n_merged++;

  return row;
}

static void
add_result (WmMerge  *self,
            WmEntity  entity,
            WmRow    *row)
{
  if (!wm_project_data_add_row (self->result, entity, row))
    g_warn_if_reached ();
}

static void
merge_entity (WmMerge  *self,
              WmEntity  entity)
{
  const char *table = wm_entity_get_info (entity)->table;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new ();

  /* Our rows in our order, then the rows only they have, in theirs. */
  for (guint i = 0; i < self->ours->rows[entity]->len; i++)
    g_ptr_array_add (uuids, ((WmRow *) g_ptr_array_index (self->ours->rows[entity], i))->uuid);
  for (guint i = 0; i < self->theirs->rows[entity]->len; i++)
    {
      WmRow *row = g_ptr_array_index (self->theirs->rows[entity], i);

      if (wm_project_data_lookup (self->ours, entity, row->uuid) == NULL)
        g_ptr_array_add (uuids, row->uuid);
    }

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      WmRow *b = wm_project_data_lookup (self->base, entity, uuid);
      WmRow *o = wm_project_data_lookup (self->ours, entity, uuid);
      WmRow *t = wm_project_data_lookup (self->theirs, entity, uuid);
      g_autofree char *key = g_strdup_printf ("%s/%s/*", table, uuid);
      WmMergeSide side;

      if (o != NULL && t != NULL)
        {
          add_result (self, entity, merge_columns (self, entity, b, o, t));
          continue;
        }

      if (b == NULL)
        {
          /* Added on one side. */
          add_result (self, entity, wm_row_copy (entity, o != NULL ? o : t));
          if (o != NULL)
            self->n_from_ours++;
          else
            self->n_from_theirs++;
          continue;
        }

      /* Deleted on one side: gone, unless the other side edited it. */
      if (rows_equal (entity, b, o != NULL ? o : t))
        {
          if (o != NULL)
            self->n_from_theirs++;
          else
            self->n_from_ours++;
          continue;
        }
      side = decide (self, key);
      if (side == WM_MERGE_UNDECIDED)
        {
          WmConflict *conflict = add_conflict (self, WM_CONFLICT_EDIT_DELETE, entity, o, t,
                                               NULL, NULL, NULL);

          g_free (conflict->label);
          conflict->label = g_strdup (row_label (entity, o != NULL ? o : t));
        }
      else if ((side == WM_MERGE_OURS && o != NULL) || (side == WM_MERGE_THEIRS && t != NULL))
        add_result (self, entity, wm_row_copy (entity, o != NULL ? o : t));
    }
}

/* References to rows that are not in the result */

static gboolean
remove_result_row (WmMerge  *self,
                   WmEntity  entity,
                   guint     index)
{
  WmRow *row = g_ptr_array_index (self->result->rows[entity], index);

  g_hash_table_remove (self->result->index[entity], row->uuid);
  g_ptr_array_remove_index (self->result->rows[entity], index);
  wm_row_free (row);

  return TRUE;
}

/* One pass; TRUE when it changed the result (another pass is due). */
static gboolean
resolve_dangling_pass (WmMerge    *self,
                       GHashTable *dropped)
{
  gboolean changed = FALSE;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      GPtrArray *rows = self->result->rows[e];

      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          for (guint i = 0; i < info->n_columns; i++)
            {
              const WmColumn *column = &info->columns[i];
              const char *target = row->values[i];
              WmRow *in_ours, *in_theirs;
              g_autofree char *key = NULL;
              WmMergeSide side;

              if (column->type != WM_COLUMN_REF || target == NULL ||
                  wm_project_data_lookup (self->result, column->ref, target) != NULL)
                continue;

              in_ours = wm_project_data_lookup (self->ours, column->ref, target);
              in_theirs = wm_project_data_lookup (self->theirs, column->ref, target);
              key = g_strdup_printf ("%s/%s/%s@", info->table, row->uuid,
                                     wm_interchange_column_key (e, i));
              /* What a chosen side dropped takes its rows along quietly. */
              side = g_hash_table_contains (dropped, target) ? WM_MERGE_UNDECIDED
                                                             : decide (self, key);
              if (!g_hash_table_contains (dropped, target) && side == WM_MERGE_UNDECIDED)
                {
                  add_conflict (self, WM_CONFLICT_DANGLING, e, row, row,
                                wm_interchange_column_key (e, i),
                                in_ours != NULL ? row_label (column->ref, in_ours) : NULL,
                                in_theirs != NULL ? row_label (column->ref, in_theirs) : NULL);
                  {
                    WmConflict *conflict = g_ptr_array_index (self->conflicts,
                                                              self->conflicts->len - 1);

                    g_free (conflict->key);
                    conflict->key = g_strdup (key);
                    conflict->ours_deleted = in_ours == NULL;
                    conflict->theirs_deleted = in_theirs == NULL;
                  }
                  continue;
                }

              if (side == WM_MERGE_OURS && in_ours != NULL)
                add_result (self, column->ref, wm_row_copy (column->ref, in_ours));
              else if (side == WM_MERGE_THEIRS && in_theirs != NULL)
                add_result (self, column->ref, wm_row_copy (column->ref, in_theirs));
              else if (column->flags & WM_COLUMN_NULLABLE)
                wm_row_take_value (row, i, NULL);
              else
                {
                  g_hash_table_add (dropped, g_strdup (row->uuid));
                  remove_result_row (self, e, r);
                  r--;
                  changed = TRUE;
                  break;
                }
              changed = TRUE;
            }
        }
    }

  return changed;
}

static void
resolve_dangling (WmMerge *self)
{
  g_autoptr(GHashTable) dropped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint open = self->conflicts->len;

  /* Each pass restores or drops at least one row, so this ends. */
  while (resolve_dangling_pass (self, dropped))
    {
      /* Conflicts found in a pass that changed things may be stale. */
      while (self->conflicts->len > open)
        g_ptr_array_remove_index (self->conflicts, self->conflicts->len - 1);
    }
}

/* Positions */

typedef struct
{
  WmRow  *row;
  gint64  position;
  guint   index;
} Placed;

static int
placed_compare (gconstpointer a,
                gconstpointer b)
{
  const Placed *pa = a, *pb = b;

  if (pa->position != pb->position)
    return pa->position < pb->position ? -1 : 1;

  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

/* The result rows of @group in the order @side gives them. */
static GPtrArray *
side_order (WmProjectData *side,
            WmEntity       entity,
            GPtrArray     *group,
            int            position)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  GPtrArray *order = g_ptr_array_new ();

  for (guint i = 0; i < group->len; i++)
    {
      WmRow *row = g_ptr_array_index (group, i);
      WmRow *there = wm_project_data_lookup (side, entity, row->uuid);
      Placed p = { row, 0, i };

      if (there == NULL)
        continue;
      p.position = there->values[position] != NULL
                   ? g_ascii_strtoll (there->values[position], NULL, 10) : 0;
      g_array_append_val (placed, p);
    }
  g_array_sort (placed, placed_compare);
  for (guint i = 0; i < placed->len; i++)
    g_ptr_array_add (order, g_array_index (placed, Placed, i).row);

  return order;
}

static GPtrArray *
common_rows (GPtrArray     *order,
             WmMerge       *self,
             WmEntity       entity)
{
  GPtrArray *common = g_ptr_array_new ();

  for (guint i = 0; i < order->len; i++)
    {
      WmRow *row = g_ptr_array_index (order, i);

      if (wm_project_data_lookup (self->base, entity, row->uuid) != NULL &&
          wm_project_data_lookup (self->ours, entity, row->uuid) != NULL &&
          wm_project_data_lookup (self->theirs, entity, row->uuid) != NULL)
        g_ptr_array_add (common, row);
    }

  return common;
}

static gboolean
same_order (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      if (a->pdata[i] != b->pdata[i])
        return FALSE;
    }

  return TRUE;
}

static void
order_group (WmMerge   *self,
             WmEntity   entity,
             GPtrArray *group,
             int        position)
{
  g_autoptr(GPtrArray) ours = side_order (self->ours, entity, group, position);
  g_autoptr(GPtrArray) theirs = side_order (self->theirs, entity, group, position);
  g_autoptr(GPtrArray) base = side_order (self->base, entity, group, position);
  g_autoptr(GPtrArray) common_ours = common_rows (ours, self, entity);
  g_autoptr(GPtrArray) common_base = common_rows (base, self, entity);
  GPtrArray *skeleton, *other;
  g_autoptr(GPtrArray) final = NULL;
  gint64 last = G_MININT64;
  gboolean increasing = TRUE;

  /* The side that reordered what both kept gives the order. */
  if (!same_order (common_ours, common_base))
    skeleton = ours, other = theirs;
  else
    skeleton = theirs, other = ours;

  final = g_ptr_array_copy (skeleton, NULL, NULL);
  for (guint i = 0, at = 0; i < other->len; i++)
    {
      WmRow *row = g_ptr_array_index (other, i);
      guint found;

      if (g_ptr_array_find (final, row, &found))
        {
          at = found + 1;
          continue;
        }
      /* After the row it followed on its own side, keeping their order. */
      g_ptr_array_insert (final, (gint) at, row);
      at++;
    }
  for (guint i = 0; i < group->len; i++)
    {
      if (!g_ptr_array_find (final, group->pdata[i], NULL))
        g_ptr_array_add (final, group->pdata[i]);
    }

  for (guint i = 0; i < final->len && increasing; i++)
    {
      WmRow *row = g_ptr_array_index (final, i);
      gint64 value = row->values[position] != NULL
                     ? g_ascii_strtoll (row->values[position], NULL, 10) : 0;

      increasing = value > last;
      last = value;
    }
  if (increasing)
    return;

  for (guint i = 0; i < final->len; i++)
    wm_row_take_value (g_ptr_array_index (final, i), (guint) position,
                       g_strdup_printf ("%u", i));
}

static void
merge_positions (WmMerge  *self,
                 WmEntity  entity)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int position = position_column (entity);
  int parent = info->parent_column != WM_COLUMN_NONE
               ? (int) WM_COLUMN_INDEX (info->parent_column) : -1;
  g_autoptr(GHashTable) groups = NULL;
  GPtrArray *rows = self->result->rows[entity];
  GHashTableIter iter;
  gpointer group;

  if (position < 0)
    return;

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint r = 0; r < rows->len; r++)
    {
      WmRow *row = g_ptr_array_index (rows, r);
      const char *key = parent >= 0 && row->values[parent] != NULL ? row->values[parent] : "";
      GPtrArray *members = g_hash_table_lookup (groups, key);

      if (members == NULL)
        g_hash_table_insert (groups, (gpointer) key, members = g_ptr_array_new ());
      g_ptr_array_add (members, row);
    }

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, &group))
    order_group (self, entity, group, position);
}

/* Samples: the union by (KPI, time) */

typedef struct
{
  guint start;
  guint end;
} Range;

static GHashTable *
sample_ranges (WmProjectData *data)
{
  GHashTable *ranges = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < data->samples->len;)
    {
      const char *kpi = g_array_index (data->samples, WmSampleRow, i).kpi;
      Range *range = g_new (Range, 1);

      range->start = i;
      while (i < data->samples->len && g_array_index (data->samples, WmSampleRow, i).kpi == kpi)
        i++;
      range->end = i;
      g_hash_table_insert (ranges, (gpointer) kpi, range);
    }

  return ranges;
}

static gboolean
samples_equal (const WmSampleRow *a,
               const WmSampleRow *b)
{
  return a->value == b->value && a->n == b->n && a->has_margin == b->has_margin &&
         a->margin == b->margin && g_strcmp0 (a->source, b->source) == 0;
}

static const WmSampleRow *
next_sample (WmProjectData *data,
             Range         *range,
             guint         *i,
             gint64         time)
{
  if (range == NULL)
    return NULL;
  while (range->start + *i < range->end &&
         g_array_index (data->samples, WmSampleRow, range->start + *i).time < time)
    (*i)++;
  if (range->start + *i < range->end &&
      g_array_index (data->samples, WmSampleRow, range->start + *i).time == time)
    return &g_array_index (data->samples, WmSampleRow, range->start + *i);

  return NULL;
}

static gint64
range_time (WmProjectData *data,
            Range         *range,
            guint          i)
{
  if (range == NULL || range->start + i >= range->end)
    return G_MAXINT64;

  return g_array_index (data->samples, WmSampleRow, range->start + i).time;
}

static void
merge_samples (WmMerge *self)
{
  g_autoptr(GHashTable) base_ranges = sample_ranges (self->base);
  g_autoptr(GHashTable) our_ranges = sample_ranges (self->ours);
  g_autoptr(GHashTable) their_ranges = sample_ranges (self->theirs);
  GPtrArray *kpis = self->result->rows[WM_ENTITY_KPI];

  for (guint k = 0; k < kpis->len; k++)
    {
      const char *kpi = ((WmRow *) g_ptr_array_index (kpis, k))->uuid;
      Range *rb = g_hash_table_lookup (base_ranges, kpi);
      Range *ro = g_hash_table_lookup (our_ranges, kpi);
      Range *rt = g_hash_table_lookup (their_ranges, kpi);
      guint ib = 0, io = 0, it = 0;

      for (;;)
        {
          gint64 time = MIN (range_time (self->ours, ro, io), range_time (self->theirs, rt, it));
          const WmSampleRow *b, *o, *t, *take = NULL;

          if (time == G_MAXINT64)
            break;
          o = next_sample (self->ours, ro, &io, time);
          t = next_sample (self->theirs, rt, &it, time);
          b = next_sample (self->base, rb, &ib, time);

          if (o != NULL && t != NULL)
            take = samples_equal (o, t) || (b == NULL || !samples_equal (b, o)) ? o : t;
          else if (o != NULL)
            take = b == NULL || !samples_equal (b, o) ? o : NULL;  /* else they deleted it */
          else if (t != NULL)
            take = b == NULL || !samples_equal (b, t) ? t : NULL;

          if (o != NULL && t != NULL && b != NULL && !samples_equal (o, t) &&
              !samples_equal (b, o) && !samples_equal (b, t) && self->fallback == WM_MERGE_THEIRS)
            take = t;
          if (take != NULL)
            wm_project_data_add_sample (self->result, kpi, take->time, take->value, take->n,
                                        take->has_margin ? &take->margin : NULL, take->source);
          if (o != NULL)
            io++;
          if (t != NULL)
            it++;
        }
    }
}

/* Raw answers have no key: a side that left a KPI's answers as they were
 * takes the other's; when both changed them, ours plus what they added. */

static char *
response_key (const WmResponseRow *response)
{
  char score[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", response->time,
                          g_ascii_dtostr (score, sizeof score, response->score),
                          response->source);
}

static GPtrArray *
responses_of (WmProjectData *data,
              const char    *kpi)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < data->responses->len; i++)
    {
      const WmResponseRow *response = &g_array_index (data->responses, WmResponseRow, i);

      if (g_strcmp0 (response->kpi, kpi) == 0)
        g_ptr_array_add (list, response_key (response));
    }

  return list;
}

static gboolean
key_lists_equal (GPtrArray *a,
                 GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
add_responses (WmMerge       *self,
               WmProjectData *from,
               const char    *kpi,
               GHashTable    *skip)
{
  for (guint i = 0; i < from->responses->len; i++)
    {
      const WmResponseRow *response = &g_array_index (from->responses, WmResponseRow, i);
      g_autofree char *key = NULL;

      if (g_strcmp0 (response->kpi, kpi) != 0)
        continue;
      if (skip != NULL && g_hash_table_contains (skip, key = response_key (response)))
        continue;
      wm_project_data_add_response (self->result, kpi, response->time, response->score,
                                    response->source);
    }
}

static void
merge_responses (WmMerge *self)
{
  GPtrArray *kpis = self->result->rows[WM_ENTITY_KPI];

  if (self->ours->responses->len == 0 && self->theirs->responses->len == 0)
    return;

  for (guint k = 0; k < kpis->len; k++)
    {
      const char *kpi = ((WmRow *) g_ptr_array_index (kpis, k))->uuid;
      g_autoptr(GPtrArray) base = responses_of (self->base, kpi);
      g_autoptr(GPtrArray) ours = responses_of (self->ours, kpi);
      g_autoptr(GPtrArray) theirs = responses_of (self->theirs, kpi);
      g_autoptr(GHashTable) known = NULL;

      if (key_lists_equal (ours, base))
        {
          add_responses (self, self->theirs, kpi, NULL);
          continue;
        }
      add_responses (self, self->ours, kpi, NULL);
      if (key_lists_equal (theirs, base))
        continue;
      known = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < base->len; i++)
        g_hash_table_add (known, base->pdata[i]);
      for (guint i = 0; i < ours->len; i++)
        g_hash_table_add (known, ours->pdata[i]);
      add_responses (self, self->theirs, kpi, known);
    }
}

/* Public API */

static gboolean
read_side (WmStore        *store,
           WmProjectData **out,
           GError        **error)
{
  *out = wm_project_data_read (store, error);

  return *out != NULL;
}

WmMerge *
wm_merge_new (WmStore  *base,
              WmStore  *ours,
              WmStore  *theirs,
              GError  **error)
{
  g_autoptr(WmMerge) self = g_new0 (WmMerge, 1);
  const char *project_uuid;

  g_return_val_if_fail (WM_IS_STORE (base) && WM_IS_STORE (ours) && WM_IS_STORE (theirs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->conflicts = g_ptr_array_new_with_free_func (conflict_free);
  if (!read_side (base, &self->base, error) || !read_side (ours, &self->ours, error) ||
      !read_side (theirs, &self->theirs, error))
    return NULL;

  /* Copies of one project share its project row's uuid. */
  project_uuid = ((WmRow *) g_ptr_array_index (self->base->rows[WM_ENTITY_PROJECT], 0))->uuid;
  if (wm_project_data_lookup (self->ours, WM_ENTITY_PROJECT, project_uuid) == NULL ||
      wm_project_data_lookup (self->theirs, WM_ENTITY_PROJECT, project_uuid) == NULL)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("These files are not copies of the same project."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
wm_merge_free (WmMerge *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->base, wm_project_data_free);
  g_clear_pointer (&self->ours, wm_project_data_free);
  g_clear_pointer (&self->theirs, wm_project_data_free);
  g_clear_pointer (&self->result, wm_project_data_free);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_free (self);
}

void
wm_merge_set_default (WmMerge     *self,
                      WmMergeSide  side)
{
  self->fallback = side;
}

void
wm_merge_choose (WmMerge     *self,
                 const char  *conflict_key,
                 WmMergeSide  side)
{
  g_return_if_fail (conflict_key != NULL);

  g_hash_table_insert (self->choices, g_strdup (conflict_key), GINT_TO_POINTER (side));
}

GPtrArray *
wm_merge_run (WmMerge  *self,
              GError  **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_clear_pointer (&self->result, wm_project_data_free);
  g_ptr_array_set_size (self->conflicts, 0);
  self->result = wm_project_data_new ();
  self->n_from_ours = self->n_from_theirs = self->n_merged = 0;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    merge_entity (self, e);
  resolve_dangling (self);
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    merge_positions (self, e);
  merge_samples (self);
  merge_responses (self);

  return self->conflicts;
}

void
wm_merge_get_stats (WmMerge *self,
                    guint   *n_from_ours,
                    guint   *n_from_theirs,
                    guint   *n_merged)
{
  *n_from_ours = self->n_from_ours;
  *n_from_theirs = self->n_from_theirs;
  *n_merged = self->n_merged;
}

gboolean
wm_merge_write (WmMerge     *self,
                const char  *path,
                GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->result == NULL && wm_merge_run (self, error) == NULL)
    return FALSE;
  if (self->conflicts->len > 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE, "%u conflict is not resolved.",
                                "%u conflicts are not resolved.", self->conflicts->len),
                   self->conflicts->len);
      return FALSE;
    }

  return wm_project_data_write_full (self->result, path,
                                     WM_PROJECT_DATA_WRITE_SKIP_DUPLICATES |
                                     WM_PROJECT_DATA_WRITE_REPLACE, error);
}

const char *
wm_conflict_kind_describe (WmConflictKind kind)
{
  switch (kind)
    {
    case WM_CONFLICT_VALUE:
      return _("changed differently on both sides");
    case WM_CONFLICT_EDIT_DELETE:
      return _("deleted on one side, edited on the other");
    case WM_CONFLICT_DANGLING:
      return _("refers to a row the other side deleted");
    default:
      g_return_val_if_reached (NULL);
    }
}
