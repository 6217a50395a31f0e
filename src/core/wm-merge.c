/* wm-merge.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-merge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wm-journey-share-private.h"
#include "wm-merge.h"
#include "wm-store-private.h"

/* The merge works on the interchange model (wm-interchange-private.h): every
 * value is canonical text, references are uuids, so "changed" means "its
 * text differs from the base's" for any column of any entity, and the
 * result is written by the importer's writer. Nothing here knows an entity
 * by name.
 *
 * Positions are not merged as values: siblings are ordered from both
 * sides' orders (the side that reordered the common rows gives the order,
 * the other side's new rows follow the row they followed there), then
 * numbered again only where the merged numbers would not be increasing.
 *
 * Without the base (two copies whose common ancestor is not at hand), a
 * base is reconstructed from what the copies themselves tell, and the same
 * merge runs on it. Rows equal in both copies, timestamps included, are
 * the common state; the newest modified_at among them (T) is the newest
 * moment both copies are known to share: every edit made apart came after
 * it. Then, row by row:
 *   - in both copies, equal: that row is the base;
 *   - in both, differing, one side last changed at or before T: that side
 *     still has the common version, which is the base, so the other side's
 *     edit wins cleanly, column by column;
 *   - in both, differing, both changed after T (or neither): who changed
 *     what cannot be told, so every differing column is a conflict;
 *   - in one copy only, created after T: added there, kept;
 *   - in one copy only, created and last changed at or before T: it was
 *     common, the other side deleted it: gone;
 *   - in one copy only, created before T but changed after: edited here,
 *     deleted there: a conflict.
 * Two copies that share no row at all give no T: the merge says it needs
 * the base. KPI samples are unioned by (KPI, time), ours first where both
 * hold a time (nothing can be told deleted). The reconstruction assumes
 * the two computers' clocks roughly agree; where they do not, an edit can
 * become a conflict, never a silent loss. Times are whole seconds: a
 * version last changed in T's own second counts as common, which is only
 * wrong for an edit made within the second the copies went apart. */

/* The base's and the result's rows borrow their values from the rows they
 * were copied from (wm_row_copy_borrowing ()): the three sides are read
 * once and never changed after, and live as long as the merge. */
struct _WmMerge
{
  WmProjectData *base;
  WmProjectData *ours;
  WmProjectData *theirs;
  WmProjectData *result;
  char          *paths[3];      /* base, ours, theirs: their samples are merged in SQL */
  GHashTable    *choices;       /* conflict key → WmMergeSide */
  WmMergeSide    fallback;
  GPtrArray     *conflicts;     /* WmConflict, open after the last run */
  guint          n_from_ours;
  guint          n_from_theirs;
  guint          n_merged;
  gboolean       without_base;  /* self->base was reconstructed */
  GHashTable    *kept;          /* uuids: rows of ours a journey's merge left as they are */
  char          *journey_name;  /* a journey's merge: its name in ours */
};

/* A base value neither side has: a column whose base is unknown. */
static const char unknown_value[] = "\001unknown";

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
  WmRow *row = wm_row_copy_borrowing (entity, ours);
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
      g_autofree char *key = NULL;
      WmMergeSide side;

      if (o != NULL && t != NULL)
        {
          add_result (self, entity, merge_columns (self, entity, b, o, t));
          continue;
        }

      if (b == NULL)
        {
          /* Added on one side. */
          add_result (self, entity, wm_row_copy_borrowing (entity, o != NULL ? o : t));
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
      key = g_strdup_printf ("%s/%s/*", table, uuid);
      side = decide (self, key);
      if (side == WM_MERGE_UNDECIDED)
        {
          WmConflict *conflict = add_conflict (self, WM_CONFLICT_EDIT_DELETE, entity, o, t,
                                               NULL, NULL, NULL);

          g_free (conflict->label);
          conflict->label = g_strdup (row_label (entity, o != NULL ? o : t));
        }
      else if ((side == WM_MERGE_OURS && o != NULL) || (side == WM_MERGE_THEIRS && t != NULL))
        add_result (self, entity, wm_row_copy_borrowing (entity, o != NULL ? o : t));
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
                add_result (self, column->ref, wm_row_copy_borrowing (column->ref, in_ours));
              else if (side == WM_MERGE_THEIRS && in_theirs != NULL)
                add_result (self, column->ref, wm_row_copy_borrowing (column->ref, in_theirs));
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

/* Samples and raw answers, in SQL, never through memory: the result starts
 * as a copy of ours' file, so ours' samples are there already, under the
 * same KPI ids. The three sides are attached to it as b(ase), o(urs) and
 * t(heirs). For each KPI of the result whose samples theirs changed (told
 * by reading theirs' and the base's side by side, one sequential read
 * each): theirs' new or changed samples, which replace ours' only where
 * ours left the base's value (or with --theirs); then what they deleted,
 * where ours left it as it was. A KPI ours lacks takes theirs' history
 * whole. */

static const char sample_copy_sql[] =
  "INSERT INTO main.kpi_sample (kpi_id, time, value, n, margin, source)"
  " SELECT ?1, time, value, n, margin, source FROM t.kpi_sample WHERE kpi_id = ?2";

/* Theirs' new or changed samples of one KPI, into temp.theirs_changes. */
static const char sample_changes_sql[] =
  "INSERT INTO temp.theirs_changes (time, value, n, margin, source)"
  " SELECT t.time, t.value, t.n, t.margin, t.source FROM t.kpi_sample t"
  " LEFT JOIN b.kpi_sample bs ON bs.kpi_id = ?3 AND bs.time = t.time"
  " WHERE t.kpi_id = ?2 AND ?1 = ?1 AND (bs.time IS NULL OR bs.value IS NOT t.value"
  "  OR bs.n IS NOT t.n OR bs.margin IS NOT t.margin OR bs.source IS NOT t.source)";

static const char sample_theirs_sql[] =
  "INSERT INTO main.kpi_sample AS m (kpi_id, time, value, n, margin, source)"
  " SELECT ?1, time, value, n, margin, source FROM temp.theirs_changes WHERE ?2 = ?2"
  " ON CONFLICT (kpi_id, time) DO UPDATE SET value = excluded.value, n = excluded.n,"
  "  margin = excluded.margin, source = excluded.source"
  " WHERE ?4 OR EXISTS (SELECT 1 FROM b.kpi_sample x WHERE x.kpi_id = ?3 AND x.time = m.time"
  "  AND x.value IS m.value AND x.n IS m.n AND x.margin IS m.margin AND x.source IS m.source)";

static const char sample_deleted_sql[] =
  "DELETE FROM main.kpi_sample AS m WHERE m.kpi_id = ?1"
  " AND NOT EXISTS (SELECT 1 FROM t.kpi_sample t WHERE t.kpi_id = ?2 AND t.time = m.time)"
  " AND EXISTS (SELECT 1 FROM b.kpi_sample x WHERE x.kpi_id = ?3 AND x.time = m.time"
  "  AND x.value IS m.value AND x.n IS m.n AND x.margin IS m.margin AND x.source IS m.source)";

static const char response_copy_sql[] =
  "INSERT INTO main.kpi_response (kpi_id, time, score, source)"
  " SELECT ?1, time, score, source FROM t.kpi_response WHERE kpi_id = ?2 ORDER BY time, id";

static const char response_theirs_sql[] =
  "INSERT INTO main.kpi_response (kpi_id, time, score, source)"
  " SELECT ?1, t.time, t.score, t.source FROM t.kpi_response t WHERE t.kpi_id = ?2"
  " AND NOT EXISTS (SELECT 1 FROM b.kpi_response x WHERE x.kpi_id = ?3 AND x.time = t.time"
  "  AND x.score = t.score AND x.source = t.source)"
  " AND NOT EXISTS (SELECT 1 FROM main.kpi_response x WHERE x.kpi_id = ?1 AND x.time = t.time"
  "  AND x.score = t.score AND x.source = t.source)"
  " ORDER BY t.time, t.id";

static const char response_deleted_sql[] =
  "DELETE FROM main.kpi_response AS m WHERE m.kpi_id = ?1"
  " AND EXISTS (SELECT 1 FROM b.kpi_response x WHERE x.kpi_id = ?3 AND x.time = m.time"
  "  AND x.score = m.score AND x.source = m.source)"
  " AND NOT EXISTS (SELECT 1 FROM t.kpi_response x WHERE x.kpi_id = ?2 AND x.time = m.time"
  "  AND x.score = m.score AND x.source = m.source)";

/* The statements that read the sides, prepared once for every KPI (SQL →
 * sqlite3_stmt); each is reset after use, so none holds a read open while
 * the samples are written. */
typedef GHashTable Statements;

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static Statements *
statements_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/* @sql, ready to bind. */
static sqlite3_stmt *
statement (Statements *statements,
           sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (statements, g_strdup (sql), stmt);

  return stmt;
}

/* One KPI's samples (or answers) on one side, in key order. */
static sqlite3_stmt *
side_rows (Statements *statements,
           sqlite3    *db,
           const char *side,
           const char *table,
           gint64      kpi_id)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (g_str_equal (table, "kpi_sample"))
    /* The primary key (kpi_id, time) is the scan's order: no sorting. */
    sql = g_strdup_printf ("SELECT time, value, n, margin, source"
                           " FROM %s.kpi_sample WHERE kpi_id = ?", side);
  else
    sql = g_strdup_printf ("SELECT time, score, source FROM %s.kpi_response WHERE kpi_id = ?"
                           " ORDER BY time, score, source", side);
  stmt = statement (statements, db, sql);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, kpi_id);

  return stmt;
}

/* Two values of the current rows: the same type and the same value, byte
 * for byte (a REAL by its bits). They are the statements' own result
 * values, read through sqlite3_value_*: one call per column for each
 * statement instead of two. SQLite calls that use (unprotected) values
 * "not threadsafe": the copy's connection belongs to this thread alone
 * (opened without a mutex, wm-project-data.c). */
static gboolean
same_value (sqlite3_value *a,
            sqlite3_value *b)
{
  int type = sqlite3_value_type (a);

  if (type != sqlite3_value_type (b))
    return FALSE;
  switch (type)
    {
    case SQLITE_INTEGER:
      return sqlite3_value_int64 (a) == sqlite3_value_int64 (b);
    case SQLITE_FLOAT:
      {
        double x = sqlite3_value_double (a);
        double y = sqlite3_value_double (b);

        return memcmp (&x, &y, sizeof x) == 0;
      }
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      {
        const void *x = type == SQLITE_TEXT ? (const void *) sqlite3_value_text (a)
                                            : sqlite3_value_blob (a);
        const void *y = type == SQLITE_TEXT ? (const void *) sqlite3_value_text (b)
                                            : sqlite3_value_blob (b);
        int length = sqlite3_value_bytes (a);

        return length == sqlite3_value_bytes (b) && (length == 0 || memcmp (x, y, length) == 0);
      }
    case SQLITE_NULL:
    default:
      return TRUE;
    }
}

/* SQLite's largest page size. */
#define MAX_PAGE_SIZE 65536

/* A table's pages, as dbstat lists them: where each is in the file. */
static GArray *
table_pages (sqlite3    *db,
             const char *schema,
             const char *table)
{
  g_autofree char *mode_sql = g_strdup_printf ("PRAGMA \"%s\".journal_mode", schema);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  gboolean wal = TRUE;
  int rc;

  /* In WAL mode the newest pages may be in the log, not in the file. */
  if (sqlite3_prepare_v2 (db, mode_sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (wal)
    return NULL;

  /* dbstat is an option of SQLite's build: without it, no shortcut. */
  if (sqlite3_prepare_v2 (db, "SELECT pgoffset, pgsize FROM dbstat (?1) WHERE name = ?2", -1,
                          &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, schema, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 page[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_vals (pages, page, 2);
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE ? g_steal_pointer (&pages) : NULL;
}

/* Whether @table in the file attached as @a is, page for page, the bytes
 * of @table in @b: then both hold the same rows under the same keys, and
 * no row needs reading. It is the common case of a merge (theirs did not
 * touch a KPI's samples, a million rows to compare value by value
 * otherwise). dbstat lists each side's pages in the order of a walk from
 * the table's root, and each page is read through the connection's own
 * open file (SQLite's VFS), under the lock that the merge's transaction
 * holds on it: equal bytes all along the walk are an equal tree. FALSE
 * when it cannot tell (no dbstat in this SQLite, a file in WAL mode) or a
 * page differs; the caller then compares the rows themselves. */
static gboolean
same_pages (sqlite3    *db,
            const char *a,
            const char *b,
            const char *table)
{
  g_autoptr(GArray) pages_a = table_pages (db, a, table);
  g_autoptr(GArray) pages_b = NULL;
  g_autofree guint8 *buffer_a = NULL;
  g_autofree guint8 *buffer_b = NULL;
  sqlite3_file *file_a = NULL;
  sqlite3_file *file_b = NULL;

  if (pages_a == NULL || (pages_b = table_pages (db, b, table)) == NULL ||
      pages_a->len != pages_b->len ||
      sqlite3_file_control (db, a, SQLITE_FCNTL_FILE_POINTER, &file_a) != SQLITE_OK ||
      sqlite3_file_control (db, b, SQLITE_FCNTL_FILE_POINTER, &file_b) != SQLITE_OK ||
      file_a == NULL || file_a->pMethods == NULL || file_b == NULL || file_b->pMethods == NULL)
    return FALSE;

  buffer_a = g_malloc (MAX_PAGE_SIZE);
  buffer_b = g_malloc (MAX_PAGE_SIZE);
  for (guint i = 0; i < pages_a->len; i += 2)
    {
      gint64 offset_a = g_array_index (pages_a, gint64, i);
      gint64 offset_b = g_array_index (pages_b, gint64, i);
      gint64 size = g_array_index (pages_a, gint64, i + 1);

      if (size != g_array_index (pages_b, gint64, i + 1) || size <= 0 ||
          size > MAX_PAGE_SIZE ||
          file_a->pMethods->xRead (file_a, buffer_a, (int) size, offset_a) != SQLITE_OK ||
          file_b->pMethods->xRead (file_b, buffer_b, (int) size, offset_b) != SQLITE_OK ||
          memcmp (buffer_a, buffer_b, (gsize) size) != 0)
        return FALSE;
    }

  return TRUE;
}

/* TRUE when theirs left this KPI's @table rows as @other (the base, or
 * without one ours) had them: then theirs brings nothing. Both sides are
 * read side by side in key order, one sequential read each (not one index
 * seek per sample), and compared value by value up to the first
 * difference. */
static gboolean
theirs_unchanged (Statements *statements,
                  sqlite3    *db,
                  const char *table,
                  gboolean    same_table,
                  gint64      in_theirs,
                  const char *other,
                  gint64      in_other)
{
  sqlite3_stmt *theirs;
  sqlite3_stmt *base;
  gboolean same = FALSE;
  int columns;

  if (in_other == 0)
    return FALSE;
  /* The same table in both files (same_pages ()): the same rows. */
  if (same_table && in_theirs == in_other)
    return TRUE;
  theirs = side_rows (statements, db, "t", table, in_theirs);
  base = side_rows (statements, db, other, table, in_other);
  if (theirs == NULL || base == NULL)
    return FALSE;
  columns = sqlite3_column_count (theirs);
  for (;;)
    {
      int rc = sqlite3_step (theirs);

      if (rc != sqlite3_step (base) || (rc != SQLITE_ROW && rc != SQLITE_DONE))
        break;
      if (rc == SQLITE_DONE)
        {
          same = TRUE;
          break;
        }
      for (int i = 0; i < columns; i++)
        if (!same_value (sqlite3_column_value (theirs, i), sqlite3_column_value (base, i)))
          goto done;
    }

done:
  sqlite3_reset (theirs);
  sqlite3_reset (base);

  return same;
}

/* How many samples a side holds for a KPI. */
static gint64
count_samples (Statements *statements,
               sqlite3    *db,
               const char *side,
               gint64      kpi_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s.kpi_sample WHERE kpi_id = ?",
                                          side);
  sqlite3_stmt *stmt = statement (statements, db, sql);
  gint64 count = -1;

  if (stmt == NULL)
    return count;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

static gint64
side_kpi_id (Statements *statements,
             sqlite3    *db,
             const char *side,
             const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s.kpi WHERE uuid = ?", side);
  sqlite3_stmt *stmt = statement (statements, db, sql);
  gint64 id = 0;

  if (stmt == NULL)
    return id;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gboolean
run_bulk (sqlite3     *db,
          const char  *sql,
          gint64       result_id,
          gint64       side_id,
          gint64       base_id,
          gboolean     prefer_theirs,
          int         *n_changes,
          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, result_id);
      sqlite3_bind_int64 (stmt, 2, side_id);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_int64 (stmt, 3, base_id);
      if (sqlite3_bind_parameter_count (stmt) >= 4)
        sqlite3_bind_int (stmt, 4, prefer_theirs);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (n_changes != NULL)
    *n_changes = sqlite3_changes (db);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO, _("Cannot merge the samples: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

static gboolean
merge_samples_cb (sqlite3     *db,
                  GHashTable **ids,
                  gpointer     user_data,
                  GError     **error)
{
  WmMerge *self = user_data;
  GPtrArray *kpis = self->result->rows[WM_ENTITY_KPI];
  gboolean prefer_theirs = self->fallback == WM_MERGE_THEIRS;
  g_autoptr(GHashTable) statements = NULL;
  const char *other_side;
  gboolean same_samples, same_responses;

  /* Without a base, nothing is known deleted: theirs' samples are added
   * where ours has none at that time. */
  if (self->without_base &&
      !wm_store_exec (db, "CREATE TABLE IF NOT EXISTS b.kpi (id INTEGER PRIMARY KEY, uuid TEXT);"
                      " CREATE TABLE IF NOT EXISTS b.kpi_sample (kpi_id INTEGER, time INTEGER,"
                      "  value REAL, n INTEGER, margin REAL, source TEXT);"
                      " CREATE TABLE IF NOT EXISTS b.kpi_response (kpi_id INTEGER, time INTEGER,"
                      "  score REAL, source TEXT)",
                      error, _("Cannot merge the samples")))
    return FALSE;
  if (!wm_store_exec (db, "CREATE TEMP TABLE IF NOT EXISTS theirs_changes (time INTEGER,"
                      " value REAL, n INTEGER, margin REAL, source TEXT)",
                      error, _("Cannot merge the samples")))
    return FALSE;

  statements = statements_new ();
  /* Most merges: theirs' file holds the other side's samples as they
   * were, to the byte. */
  other_side = self->without_base ? "o" : "b";
  same_samples = same_pages (db, "t", other_side, "kpi_sample");
  same_responses = same_pages (db, "t", other_side, "kpi_response");
  for (guint k = 0; k < kpis->len; k++)
    {
      const char *uuid = ((WmRow *) g_ptr_array_index (kpis, k))->uuid;
      gint64 id = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (ids[WM_ENTITY_KPI], uuid));
      gint64 in_base = side_kpi_id (statements, db, "b", uuid);
      gint64 in_ours = side_kpi_id (statements, db, "o", uuid);
      gint64 in_theirs = side_kpi_id (statements, db, "t", uuid);
      /* Without a base, what theirs holds as ours does adds nothing. */
      const char *other = self->without_base ? "o" : "b";
      gint64 in_other = self->without_base ? in_ours : in_base;
      int changed = 0;

      /* A KPI outside the merged journey keeps ours' history. */
      if (self->kept != NULL && g_hash_table_contains (self->kept, uuid))
        continue;

      /* Ours' samples are in the copy already; a KPI ours lacks takes
       * theirs' history whole. */
      if (in_ours == 0)
        {
          if (in_theirs != 0 &&
              (!run_bulk (db, sample_copy_sql, id, in_theirs, 0, FALSE, NULL, error) ||
               !run_bulk (db, response_copy_sql, id, in_theirs, 0, FALSE, NULL, error)))
            return FALSE;
          continue;
        }
      if (in_theirs == 0)
        continue;

      /* Raw answers: what they added, less what they deleted. */
      if (!theirs_unchanged (statements, db, "kpi_response", same_responses, in_theirs, other,
                             in_other) &&
          (!run_bulk (db, response_theirs_sql, id, in_theirs, in_base, FALSE, NULL, error) ||
           (in_ours != 0 && in_base != 0 &&
            !run_bulk (db, response_deleted_sql, id, in_theirs, in_base, FALSE, NULL, error))))
        return FALSE;

      /* Samples: most KPIs are the base's on their side; nothing to do. */
      if (theirs_unchanged (statements, db, "kpi_sample", same_samples, in_theirs, other, in_other))
        continue;
      if (!wm_store_exec (db, "DELETE FROM temp.theirs_changes", error,
                          _("Cannot merge the samples")) ||
          !run_bulk (db, sample_changes_sql, id, in_theirs, in_base, FALSE, &changed, error) ||
          (changed > 0 &&
           !run_bulk (db, sample_theirs_sql, id, in_theirs, in_base, prefer_theirs, NULL,
                      error)))
        return FALSE;
      if (in_ours == 0 || in_base == 0)
        continue;
      /* Keys are unique: when every sample of theirs is one of the base's
       * (none new or changed) and they hold as many, they deleted none. */
      if (changed == 0 && count_samples (statements, db, "t", in_theirs) ==
                          count_samples (statements, db, "b", in_base))
        continue;
      if (!run_bulk (db, sample_deleted_sql, id, in_theirs, in_base, FALSE, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Without a base (see the top of the file) */

static gboolean
same_row (WmEntity     entity,
          const WmRow *a,
          const WmRow *b)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  if (a->modified_at != b->modified_at)
    return FALSE;
  for (guint i = 0; i < info->n_columns; i++)
    {
      if (g_strcmp0 (a->values[i], b->values[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

/* A base row whose columns (positions aside) are unknown: whatever either
 * side holds there counts as their change. */
static WmRow *
unknown_row (WmEntity     entity,
             const WmRow *like)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int position = position_column (entity);
  WmRow *row = wm_row_copy_borrowing (entity, like);

  for (guint i = 0; i < info->n_columns; i++)
    {
      if ((int) i != position)
        wm_row_take_value (row, i, g_strdup (unknown_value));
    }

  return row;
}

/* The base for a row both copies have. */
static WmRow *
reconstruct_common (WmEntity     entity,
                    const WmRow *ours,
                    const WmRow *theirs,
                    gint64       common_time)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  int position = position_column (entity);
  gboolean ours_old = ours->modified_at <= common_time;
  gboolean theirs_old = theirs->modified_at <= common_time;
  WmRow *row;

  if (rows_equal (entity, ours, theirs))
    return wm_row_copy_borrowing (entity, ours->modified_at <= theirs->modified_at ? ours : theirs);
  if (ours_old != theirs_old)
    return wm_row_copy_borrowing (entity, ours_old ? ours : theirs);

  /* Both changed it (or neither, by the clocks): the columns they agree on
   * are common, the others unknown. */
  row = wm_row_copy_borrowing (entity, ours);
  for (guint i = 0; i < info->n_columns; i++)
    {
      if ((int) i != position && g_strcmp0 (ours->values[i], theirs->values[i]) != 0)
        wm_row_take_value (row, i, g_strdup (unknown_value));
    }

  return row;
}

/* T: the newest change both copies hold alike; G_MININT64 when none. */
static gint64
find_common_time (WmProjectData *ours,
                  WmProjectData *theirs)
{
  gint64 common_time = G_MININT64;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      for (guint r = 0; r < ours->rows[e]->len; r++)
        {
          WmRow *o = g_ptr_array_index (ours->rows[e], r);
          WmRow *t = wm_project_data_lookup (theirs, e, o->uuid);

          if (t != NULL && same_row (e, o, t))
            common_time = MAX (common_time, o->modified_at);
        }
    }

  return common_time;
}

static gboolean
check_common_time (gint64   common_time,
                   GError **error)
{
  if (common_time != G_MININT64)
    return TRUE;
  g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       _("These copies have nothing left in common, so what each side "
                         "changed cannot be told. Give the copy both started from as "
                         "the base."));
  return FALSE;
}

static WmProjectData *
build_base (WmProjectData *ours,
            WmProjectData *theirs,
            gint64         common_time)
{
  g_autoptr(WmProjectData) base = wm_project_data_new ();

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      for (guint side = 0; side < 2; side++)
        {
          WmProjectData *here = side == 0 ? ours : theirs;
          WmProjectData *there = side == 0 ? theirs : ours;

          for (guint r = 0; r < here->rows[e]->len; r++)
            {
              WmRow *row = g_ptr_array_index (here->rows[e], r);
              WmRow *other = wm_project_data_lookup (there, e, row->uuid);
              WmRow *b;

              if (other != NULL)
                {
                  if (side == 1)
                    continue;
                  b = reconstruct_common (e, row, other, common_time);
                }
              else if (row->created_at > common_time)
                continue;   /* added on this side */
              else if (row->modified_at <= common_time)
                b = wm_row_copy_borrowing (e, row);   /* deleted on the other */
              else
                b = unknown_row (e, row);   /* edited here, deleted there */
              wm_project_data_add_row (base, e, b);
            }
        }
    }

  return g_steal_pointer (&base);
}

static WmProjectData *
reconstruct_base (WmProjectData  *ours,
                  WmProjectData  *theirs,
                  GError        **error)
{
  gint64 t = find_common_time (ours, theirs);

  return check_common_time (t, error) ? build_base (ours, theirs, t) : NULL;
}

/* Public API */

static gboolean
read_side (WmStore        *store,
           WmProjectData **out,
           GError        **error)
{
  *out = wm_project_data_read_rows (store, error);

  return *out != NULL;
}

/* The setup every merge shares; reads base and ours, not theirs. */
static WmMerge *
merge_new (WmStore  *base,
           WmStore  *ours,
           WmStore  *theirs,
           GError  **error)
{
  g_autoptr(WmMerge) self = g_new0 (WmMerge, 1);

  for (guint i = 0; i < 3; i++)
    {
      WmStore *side = i == 0 ? base : i == 1 ? ours : theirs;

      if (side != NULL && wm_store_get_schema_version (side) != WM_SCHEMA_VERSION)
        {
          g_autofree char *name = g_path_get_basename (wm_store_get_path (side));

          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       _("“%s” is from another version of Waymark; open it with this one "
                         "first."), name);
          return NULL;
        }
    }

  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->conflicts = g_ptr_array_new_with_free_func (conflict_free);
  /* Without a base, its samples are an empty database: see merge_samples_cb(). */
  self->paths[0] = g_strdup (base != NULL ? wm_store_get_path (base) : ":memory:");
  self->paths[1] = g_strdup (wm_store_get_path (ours));
  self->paths[2] = g_strdup (wm_store_get_path (theirs));
  self->without_base = base == NULL;
  if ((base != NULL && !read_side (base, &self->base, error)) ||
      !read_side (ours, &self->ours, error))
    return NULL;

  return g_steal_pointer (&self);
}

WmMerge *
wm_merge_new (WmStore  *base,
              WmStore  *ours,
              WmStore  *theirs,
              GError  **error)
{
  g_autoptr(WmMerge) self = NULL;
  const char *project_uuid;

  g_return_val_if_fail (base == NULL || WM_IS_STORE (base), NULL);
  g_return_val_if_fail (WM_IS_STORE (ours) && WM_IS_STORE (theirs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((self = merge_new (base, ours, theirs, error)) == NULL ||
      !read_side (theirs, &self->theirs, error))
    return NULL;

  /* Copies of one project share its project row's uuid. */
  project_uuid = ((WmRow *) g_ptr_array_index ((base != NULL ? self->base : self->ours)
                                               ->rows[WM_ENTITY_PROJECT], 0))->uuid;
  if (wm_project_data_lookup (self->ours, WM_ENTITY_PROJECT, project_uuid) == NULL ||
      wm_project_data_lookup (self->theirs, WM_ENTITY_PROJECT, project_uuid) == NULL)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("These files are not copies of the same project."));
      return NULL;
    }
  if (base == NULL && (self->base = reconstruct_base (self->ours, self->theirs, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

WmMerge *
wm_merge_new_journey (WmStore     *ours,
                      WmStore     *theirs,
                      const char  *journey,
                      GError     **error)
{
  g_autoptr(WmMerge) self = NULL;
  g_autoptr(WmProjectData) whole = NULL;
  g_autoptr(WmProjectData) own = NULL;
  WmRow *named;  /* the journey, in ours */
  gint64 t;

  g_return_val_if_fail (WM_IS_STORE (ours) && WM_IS_STORE (theirs), NULL);
  g_return_val_if_fail (journey != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((self = merge_new (NULL, ours, theirs, error)) == NULL ||
      !read_side (theirs, &whole, error))
    return NULL;
  named = wm_project_data_lookup (self->ours, WM_ENTITY_JOURNEY, journey);
  if (named == NULL || wm_project_data_lookup (whole, WM_ENTITY_JOURNEY, journey) == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   _("The journey “%s” is not in both files."), journey);
      return NULL;
    }

  self->journey_name = g_strdup (named->values[WM_COLUMN_INDEX (WM_JOURNEY_NAME)]);

  /* Theirs is the journey and what it uses, as an export holds it: the
   * rest of their file (if any) is not merged. */
  self->theirs = wm_journey_share_select (whole, journey);
  /* A journey imported into another project uses that project's personas,
   * channels and KPIs where their names matched: so does its copy here. */
  wm_journey_share_adopt_matches (self->theirs, self->ours);
  if (!check_common_time ((t = find_common_time (self->ours, self->theirs)), error))
    return NULL;

  /* What of ours lies outside the journey is not in theirs because it was
   * never exported, not because they deleted it: theirs holds it as ours
   * does. Only the journey's own rows can be told deleted there. */
  own = wm_journey_share_select (self->ours, journey);
  self->kept = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      for (guint r = 0; r < self->ours->rows[e]->len; r++)
        {
          WmRow *row = g_ptr_array_index (self->ours->rows[e], r);
          WmRow *mine = wm_project_data_lookup (own, e, row->uuid);

          if (wm_project_data_lookup (self->theirs, e, row->uuid) != NULL ||
              (mine != NULL && wm_journey_share_is_own (own, e, mine)))
            continue;
          wm_project_data_add_row (self->theirs, e, wm_row_copy_borrowing (e, row));
          g_hash_table_add (self->kept, row->uuid);
        }
    }

  /* An export clears its references to what it leaves out (a to-be
   * journey's as-is): theirs never held them, so ours' stay. */
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);

      for (guint r = 0; r < self->theirs->rows[e]->len; r++)
        {
          WmRow *row = g_ptr_array_index (self->theirs->rows[e], r);
          WmRow *mine = wm_project_data_lookup (self->ours, e, row->uuid);

          for (guint i = 0; mine != NULL && i < info->n_columns; i++)
            {
              if (info->columns[i].type == WM_COLUMN_REF && row->values[i] == NULL &&
                  mine->values[i] != NULL && g_hash_table_contains (self->kept, mine->values[i]))
                wm_row_take_value (row, i, g_strdup (mine->values[i]));
            }
        }
    }
  self->base = build_base (self->ours, self->theirs, t);

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
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_free (self->journey_name);
  for (guint i = 0; i < G_N_ELEMENTS (self->paths); i++)
    g_free (self->paths[i]);
  g_free (self);
}

const char *
wm_merge_get_journey_name (WmMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->journey_name;
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

/* Whether @row of the result is @mine, ours' row, exactly as ours' file
 * holds it: the same values (position too), the same times, and every
 * reference to a row the result has (which keeps ours' id for it). */
static gboolean
as_in_copy (WmMerge     *self,
            WmEntity     entity,
            const WmRow *row,
            const WmRow *mine)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  if (row->created_at != mine->created_at || row->modified_at != mine->modified_at
      || row->present != mine->present)
    return FALSE;
  for (guint i = 0; i < info->n_columns; i++)
    {
      const WmColumn *column = &info->columns[i];

      if (g_strcmp0 (row->values[i], mine->values[i]) != 0)
        return FALSE;
      if (column->type == WM_COLUMN_REF && row->values[i] != NULL
          && wm_project_data_lookup (self->result, column->ref, row->values[i]) == NULL)
        return FALSE;
    }

  return TRUE;
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

  {
    const char *const attach[] = {
      "b", self->paths[0], "o", self->paths[1], "t", self->paths[2], NULL
    };
    WmProjectDataWriteHooks hooks = { self->paths[1], attach, merge_samples_cb, self };

    /* The result starts as a copy of ours, keeping its ids (and with them
     * its million samples where they are); rows ours lacks get new ones.
     * Rows the merge left as ours has them stay in the copy untouched. */
    for (guint e = 0; e < WM_N_ENTITIES; e++)
      {
        for (guint r = 0; r < self->result->rows[e]->len; r++)
          {
            WmRow *row = g_ptr_array_index (self->result->rows[e], r);
            WmRow *mine = wm_project_data_lookup (self->ours, e, row->uuid);

            row->id = mine != NULL ? mine->id : 0;
            row->in_copy = mine != NULL && mine->id > 0 && as_in_copy (self, e, row, mine);
          }
      }

    return wm_project_data_write_full (self->result, path,
                                       WM_PROJECT_DATA_WRITE_SKIP_DUPLICATES |
                                       WM_PROJECT_DATA_WRITE_REPLACE, &hooks, error);
  }
}

/* Applying the result to the open project */

/* The changes that turn the project at @project_path into the one at
 * @result_path, from SQLite's session diff, table by table. */
static GBytes *
diff_changeset (const char  *result_path,
                const char  *project_path,
                GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_session *session = NULL;
  sqlite3_stmt *stmt = NULL;
  void *data = NULL;
  int size = 0;
  int rc;

  wm_store_sqlite_init ();
  rc = sqlite3_open_v2 (result_path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "ATTACH ? AS cur", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, project_path, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3session_create (db, "main", &session);
  /* Attached first: a diff alone records nothing. */
  if (rc == SQLITE_OK)
    rc = sqlite3session_attach (session, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT name FROM main.sqlite_schema WHERE type = 'table'"
                             " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rootpage",
                             -1, &stmt, NULL);
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      char *message = NULL;

      rc = sqlite3session_diff (session, "cur", table, &message);
      sqlite3_free (message);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3session_changeset (session, &size, &data);
  if (rc != SQLITE_OK)
    wm_store_set_db_error (db, rc, error, _("Cannot merge into the project"));
  g_clear_pointer (&session, sqlite3session_delete);
  sqlite3_close (db);

  if (rc != SQLITE_OK)
    return NULL;

  return g_bytes_new_with_free_func (data, (gsize) size, sqlite3_free, data);
}

/* The changes were computed against the project as it is; a conflict is a
 * cascade of the schema's (a row already deleted with its parent, a
 * reference set to NULL with its target), settled by the merged values. */
static int
apply_conflict_cb (void                   *user_data,
                   int                     conflict,
                   sqlite3_changeset_iter *iter)
{
  int op = 0, n_columns = 0, indirect = 0;
  const char *table = NULL;

  sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);
  if (conflict == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE)
    return SQLITE_CHANGESET_OMIT;
  if (conflict == SQLITE_CHANGESET_DATA || conflict == SQLITE_CHANGESET_CONFLICT)
    return SQLITE_CHANGESET_REPLACE;

  return SQLITE_CHANGESET_ABORT;
}

gboolean
wm_merge_apply (WmMerge     *self,
                WmStore     *store,
                const char  *label,
                GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *result_path = NULL;
  g_autoptr(GBytes) changes = NULL;
  g_autofree char *default_label = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (label == NULL && self->journey_name != NULL)
    /* TRANSLATORS: an undo step; the name of a journey brought back */
    label = default_label = g_strdup_printf (_("Merge the changes to “%s”"), self->journey_name);
  else if (label == NULL)
    label = _("Merge a colleague’s copy");

  if (g_strcmp0 (wm_store_get_path (store), self->paths[1]) != 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("A merge goes into the project it was made with."));
      return FALSE;
    }
  if (!wm_store_ensure_writable (store, error))
    return FALSE;

  /* The result is written as a file first, then compared with the
   * project: what differs is applied as one edit. */
  if ((dir = g_dir_make_tmp ("waymark-merge-XXXXXX", error)) == NULL)
    return FALSE;
  result_path = g_build_filename (dir, "merged.waymark", NULL);
  if (wm_merge_write (self, result_path, error) &&
      (changes = diff_changeset (result_path, self->paths[1], error)) != NULL &&
      wm_store_begin_edit (store, label, error))
    {
      gsize size;
      const void *data = g_bytes_get_data (changes, &size);
      int rc = sqlite3changeset_apply (store->db, (int) size, (void *) data, NULL,
                                       apply_conflict_cb, NULL);

      if (rc != SQLITE_OK)
        {
          wm_store_set_db_error (store->db, rc, error, _("Cannot merge into the project"));
          wm_store_rollback_edit (store);
        }
      else
        ok = wm_store_commit_edit (store, error);
    }

  {
    g_autofree char *journal = g_strconcat (result_path, "-journal", NULL);

    g_unlink (result_path);
    g_unlink (journal);
    g_rmdir (dir);
  }

  return ok;
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
