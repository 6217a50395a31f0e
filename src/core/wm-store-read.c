/* wm-store-read.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-record-private.h"
#include "wm-store-private.h"

/* The store's reads: records, rows and lists of them, and KPI samples,
 * with texts cut to the store's text limit. */

/* The longest text a read gives with a text limit set: label columns are
 * cut at the limit, other text columns at a hundred times it. */
guint
wm_store_text_cap (WmStore            *self,
                   const WmEntityInfo *info,
                   guint               index)
{
  if (self->text_limit == 0 || info->columns[index].type != WM_COLUMN_TEXT)
    return 0;
  if (wm_entity_column_at (info->entity, index) == info->label_column)
    return self->text_limit;
  return self->text_limit * 100;
}

void
wm_store_set_text_limit (WmStore *self,
                         guint    max_chars)
{
  g_return_if_fail (WM_IS_STORE (self));

  self->text_limit = max_chars;
  for (guint i = 0; i < WM_N_ENTITIES; i++)
    g_clear_pointer (&self->get_sql[i], g_hash_table_unref);

  /* The project record was read when the file was opened. */
  if (self->project != NULL)
    {
      g_autoptr(WmRecord) project = wm_store_get (self, WM_ENTITY_PROJECT, 1, NULL);

      if (project != NULL)
        wm_record_refresh_from (self->project, project);
    }
}

/* Records */

/* SELECT of @columns (WM_STORE_WHOLE_ROW: all) of @entity's rows, those
 * matching @where when not NULL. */
static char *
select_sql (WmStore     *self,
            WmEntity     entity,
            guint64      columns,
            const char  *where)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  g_autoptr(GString) select = g_string_new ("id, uuid, created_at, modified_at");

  /* With a text limit, long texts are read cut: a view never pays for more
   * than it can show (a 100 MB name costs as much as a short one). */
  for (guint i = 0; i < info->n_columns; i++)
    {
      guint cap = wm_store_text_cap (self, info, i);

      if (columns != WM_STORE_WHOLE_ROW && !(columns & (G_GUINT64_CONSTANT (1) << i)))
        continue;

      if (cap > 0)
        g_string_append_printf (select, ", substr(\"%s\", 1, %u)", info->columns[i].name, cap);
      else
        g_string_append_printf (select, ", \"%s\"", info->columns[i].name);
    }

  return g_strdup_printf ("SELECT %s FROM \"%s\"%s%s ORDER BY %sid", select->str, info->table,
                          where ? " WHERE " : "", where ? where : "",
                          info->position_column != WM_COLUMN_NONE ? "position, " : "");
}

/* Steps @stmt, a select_sql() of @columns of @entity, to the end; resets it. */
static GPtrArray *
read_records (WmStore       *self,
              WmEntity       entity,
              guint64        columns,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, wm_record_new_from_stmt_columns (entity, stmt, columns));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (self->db, rc, error, _("Could not read the project"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

static GPtrArray *
select_records (WmStore     *self,
                WmEntity     entity,
                const char  *where,
                gint64       param,
                gboolean     bind_param,
                GError     **error)
{
  g_autofree char *sql = select_sql (self, entity, WM_STORE_WHOLE_ROW, where);
  sqlite3_stmt *stmt;

  if ((stmt = wm_store_get_statement (self, sql, error)) == NULL)
    return NULL;
  if (bind_param)
    sqlite3_bind_int64 (stmt, 1, param);

  return read_records (self, entity, WM_STORE_WHOLE_ROW, stmt, error);
}

/* Row @id of @entity, with @columns (WM_STORE_WHOLE_ROW: all) read. */
static WmRecord *
get_row (WmStore   *self,
         WmEntity   entity,
         gint64     id,
         guint64    columns,
         GError   **error)
{
  GHashTable **cache = &self->get_sql[entity];
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  char *sql;

  /* Built once: reading one row is what edits and views do most. */
  if (*cache == NULL)
    *cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if ((sql = g_hash_table_lookup (*cache, &columns)) == NULL)
    {
      sql = select_sql (self, entity, columns, "id = ?");
      g_hash_table_insert (*cache, g_memdup2 (&columns, sizeof columns), sql);
    }
  if ((stmt = wm_store_get_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  records = read_records (self, entity, columns, stmt, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   /* Translators: the first %s is a table name, the second a row number */
                   _("Table “%s” has no row %s."),
                   wm_entity_get_info (entity)->table, number);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (records, 0));
}

WmRecord *
wm_store_get (WmStore     *self,
              WmEntity     entity,
              gint64       id,
              GError     **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  return get_row (self, entity, id, WM_STORE_WHOLE_ROW, error);
}

WmRecord *
wm_store_get_columns (WmStore           *self,
                      gint64             id,
                      const WmColumnId  *columns,
                      guint              n_columns,
                      GError           **error)
{
  WmEntity entity;
  guint64 mask = 0;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (columns != NULL && n_columns > 0, NULL);

  entity = wm_column_get_entity (columns[0]);
  for (guint i = 0; i < n_columns; i++)
    {
      g_return_val_if_fail (wm_column_is_valid (columns[i]), NULL);
      g_return_val_if_fail (wm_column_get_entity (columns[i]) == entity, NULL);
      g_return_val_if_fail (WM_COLUMN_INDEX (columns[i]) < 64, NULL);
      mask |= G_GUINT64_CONSTANT (1) << WM_COLUMN_INDEX (columns[i]);
    }

  return get_row (self, entity, id, mask, error);
}

WmRecord *
wm_store_find_by_uuid (WmStore     *self,
                       WmEntity     entity,
                       const char  *uuid,
                       GError     **error)
{
  const WmEntityInfo *info;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  info = wm_entity_get_info (entity);
  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE uuid = ?", info->table);
  if ((stmt = wm_store_get_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   _("Table “%s” has no row with the identifier %s."), info->table, uuid);
      return NULL;
    }

  return wm_store_get (self, entity, id, error);
}

GPtrArray *
wm_store_list (WmStore     *self,
               WmEntity     entity,
               WmColumnId   parent_column,
               gint64       parent_id,
               GError     **error)
{
  g_autofree char *where = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  if (parent_column != WM_COLUMN_NONE)
    {
      g_return_val_if_fail (wm_column_is_valid (parent_column), NULL);
      g_return_val_if_fail (wm_column_get_entity (parent_column) == entity, NULL);
      g_return_val_if_fail (wm_column_get_info (parent_column)->type == WM_COLUMN_REF, NULL);
      where = g_strdup_printf ("\"%s\" = ?", wm_column_get_name (parent_column));
    }

  return select_records (self, entity, where, parent_id, parent_column != WM_COLUMN_NONE, error);
}

gint64
wm_store_count (WmStore     *self,
                WmEntity     entity,
                GError     **error)
{
  g_autofree char *sql = NULL;
  gint64 count = -1;

  g_return_val_if_fail (WM_IS_STORE (self), -1);
  g_return_val_if_fail (entity < WM_N_ENTITIES, -1);

  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", wm_entity_get_info (entity)->table);
  if (!wm_store_query_int64 (self->db, sql, &count, error))
    return -1;

  return count;
}

/* Samples */

/* Steps @stmt (time, value, n, margin rows) to the end and resets it. */
static GArray *
read_samples (WmStore       *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmSample sample = {
        .time = sqlite3_column_int64 (stmt, 0),
        .value = sqlite3_column_double (stmt, 1),
        .n = sqlite3_column_int64 (stmt, 2),
        .margin = sqlite3_column_double (stmt, 3),
      };

      g_array_append_val (samples, sample);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (self->db, rc, error, _("Could not read KPI values"));
      return NULL;
    }

  return g_steal_pointer (&samples);
}

GArray *
wm_store_get_samples (WmStore     *self,
                      gint64       kpi_id,
                      gint64       from,
                      gint64       to,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  stmt = wm_store_get_statement (self,
                        "SELECT time, value, n, coalesce(margin, 0) FROM kpi_sample"
                        " WHERE kpi_id = ? AND time BETWEEN ? AND ? ORDER BY time",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);

  return read_samples (self, stmt, error);
}

GArray *
wm_store_get_latest_samples (WmStore  *self,
                             gint64    kpi_id,
                             guint     n,
                             GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  /* Newest first through the primary key, then turned round. */
  stmt = wm_store_get_statement (self,
                                 "SELECT * FROM (SELECT time, value, n, coalesce(margin, 0)"
                                 " FROM kpi_sample WHERE kpi_id = ? ORDER BY time DESC LIMIT ?)"
                                 " ORDER BY time",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  sqlite3_bind_int64 (stmt, 2, n);

  return read_samples (self, stmt, error);
}

gboolean
wm_store_get_latest_sample (WmStore  *self,
                            gint64    kpi_id,
                            WmSample *sample)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  stmt = wm_store_get_statement (self,
                        "SELECT time, value, n, coalesce(margin, 0) FROM kpi_sample"
                        " WHERE kpi_id = ? ORDER BY time DESC LIMIT 1",
                        NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sample->time = sqlite3_column_int64 (stmt, 0);
      sample->value = sqlite3_column_double (stmt, 1);
      sample->n = sqlite3_column_int64 (stmt, 2);
      sample->margin = sqlite3_column_double (stmt, 3);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

gint64
wm_store_count_samples (WmStore  *self,
                        GError  **error)
{
  gint64 count = -1;

  g_return_val_if_fail (WM_IS_STORE (self), -1);

  if (!wm_store_query_int64 (self->db, "SELECT count(*) FROM kpi_sample", &count, error))
    return -1;

  return count;
}
