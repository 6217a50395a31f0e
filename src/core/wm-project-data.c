/* wm-project-data.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-interchange"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "wm-interchange-private.h"
#include "wm-store-private.h"

/* A whole project in memory (see wm-interchange-private.h): rows read from
 * a project file, and a new project file written from rows, for the JSON
 * interchange, the merge and journey sharing alike. Nothing here knows an
 * entity by name except the project (one row, seeded by a new file) and
 * the bulk data without uuids (samples and raw answers). */

#define SAMPLE_SECTION "kpi_sample"
#define RESPONSE_SECTION "kpi_response"

/* Helpers */

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (WM_STORE_ERROR, WM_STORE_ERROR_INVALID, format, args);
  va_end (args);

  return FALSE;
}

/* Rows and project data */

/* The hash of a uuid (any string), eight bytes at a time: the tables keyed
 * by uuid are looked up hundreds of thousands of times in a merge, and
 * g_str_hash () takes a byte at a time. Nothing iterates them, so their
 * order does not matter. */
static guint
uuid_hash (gconstpointer key)
{
  const char *p = key;
  gsize length = strlen (p);
  guint64 hash = 0xcbf29ce484222325 ^ length;

  for (; length >= 8; p += 8, length -= 8)
    {
      guint64 word;

      memcpy (&word, p, sizeof word);
      hash = (hash ^ word) * 0x100000001b3;
      hash ^= hash >> 29;
    }
  for (; length > 0; p++, length--)
    hash = (hash ^ (guchar) *p) * 0x100000001b3;
  hash ^= hash >> 32;

  return (guint) hash;
}

WmRow *
wm_row_new (WmEntity entity)
{
  WmRow *row = g_new0 (WmRow, 1);

  /* Until a document or the file gives them: the time of writing. */
  row->created_at = row->modified_at = WM_ROW_NO_TIME;
  row->n_values = wm_entity_get_info (entity)->n_columns;
  row->values = g_new0 (char *, row->n_values);

  return row;
}

/* A copy of @row whose values are copied, or borrowed from @row (which
 * must then outlive the copy). */
static WmRow *
row_copy (WmEntity     entity,
          const WmRow *row,
          gboolean     borrow)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  WmRow *copy = wm_row_new (entity);

  copy->uuid = g_strdup (row->uuid);
  copy->id = row->id;
  copy->created_at = row->created_at;
  copy->modified_at = row->modified_at;
  copy->present = row->present;
  for (guint i = 0; i < info->n_columns; i++)
    copy->values[i] = borrow ? row->values[i] : g_strdup (row->values[i]);
  if (borrow)
    copy->borrowed = ~G_GUINT64_CONSTANT (0);

  return copy;
}

WmRow *
wm_row_copy (WmEntity     entity,
             const WmRow *row)
{
  return row_copy (entity, row, FALSE);
}

WmRow *
wm_row_copy_borrowing (WmEntity     entity,
                       const WmRow *row)
{
  return row_copy (entity, row, TRUE);
}

void
wm_row_free (gpointer data)
{
  WmRow *row = data;

  if (row == NULL)
    return;

  for (guint i = 0; i < row->n_values; i++)
    {
      if (!(row->borrowed & (G_GUINT64_CONSTANT (1) << i)))
        g_free (row->values[i]);
    }
  g_free (row->values);
  g_free (row->uuid);
  g_free (row);
}

void
wm_row_take_value (WmRow *row,
                   guint  i,
                   char  *value)
{
  if (!(row->borrowed & (G_GUINT64_CONSTANT (1) << i)))
    g_free (row->values[i]);
  row->values[i] = value;
  row->present |= G_GUINT64_CONSTANT (1) << i;
  row->borrowed &= ~(G_GUINT64_CONSTANT (1) << i);
}

WmProjectData *
wm_project_data_new (void)
{
  WmProjectData *data = g_new0 (WmProjectData, 1);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      data->rows[e] = g_ptr_array_new ();
      data->index[e] = g_hash_table_new (uuid_hash, g_str_equal);
    }
  data->samples = g_array_new (FALSE, FALSE, sizeof (WmSampleRow));
  data->responses = g_array_new (FALSE, FALSE, sizeof (WmResponseRow));
  data->strings = g_string_chunk_new (4096);

  return data;
}

void
wm_project_data_free (WmProjectData *data)
{
  if (data == NULL)
    return;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      for (guint i = 0; i < data->rows[e]->len; i++)
        {
          wm_row_free (g_ptr_array_index (data->rows[e], i));
        }
      g_ptr_array_unref (data->rows[e]);
      g_hash_table_unref (data->index[e]);
    }
  g_array_unref (data->samples);
  g_array_unref (data->responses);
  g_string_chunk_free (data->strings);
  g_free (data);
}

gboolean
wm_project_data_add_row (WmProjectData *data,
                         WmEntity       entity,
                         WmRow         *row)
{
  if (row->uuid == NULL || g_hash_table_contains (data->index[entity], row->uuid))
    {
      wm_row_free (row);
      return FALSE;
    }

  g_ptr_array_add (data->rows[entity], row);
  g_hash_table_insert (data->index[entity], row->uuid, row);

  return TRUE;
}

WmRow *
wm_project_data_lookup (WmProjectData *data,
                        WmEntity       entity,
                        const char    *uuid)
{
  return uuid != NULL ? g_hash_table_lookup (data->index[entity], uuid) : NULL;
}

static const char *
intern (WmProjectData  *data,
        const char    **last,
        const char     *text)
{
  if (text == NULL)
    text = "";
  if (*last == NULL || strcmp (*last, text) != 0)
    *last = g_string_chunk_insert_const (data->strings, text);

  return *last;
}

void
wm_project_data_add_sample (WmProjectData *data,
                            const char    *kpi,
                            gint64         time,
                            double         value,
                            gint64         n,
                            const double  *margin,
                            const char    *source)
{
  WmSampleRow sample = {
    intern (data, &data->last_kpi, kpi), time, value, n,
    margin != NULL ? *margin : 0, margin != NULL,
    intern (data, &data->last_source, source),
  };

  g_array_append_val (data->samples, sample);
}

void
wm_project_data_add_response (WmProjectData *data,
                              const char    *kpi,
                              gint64         time,
                              double         score,
                              const char    *source)
{
  WmResponseRow response = {
    g_string_chunk_insert_const (data->strings, kpi), time, score,
    g_string_chunk_insert_const (data->strings, source != NULL ? source : ""),
  };

  g_array_append_val (data->responses, response);
}

/* Reading a project */

/* The decimal text of @value, as "%" G_GINT64_FORMAT writes it, into
 * @buffer (at least 21 bytes); returns its start. */
static char *
format_int64 (gint64  value,
              char   *buffer,
              gsize   size)
{
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  char *p = buffer + size;

  *--p = '\0';
  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';

  return p;
}

/* @value (a column of the current row) in its canonical text. Text is
 * kept in @data's strings (the row borrows it, *borrowed set), as are the
 * uuids references resolve to; what is made here (a REAL's shortest form,
 * a BLOB's base64) is the row's own. The caller holds the connection's
 * mutex, which makes the statement's result values protected ones. */
static char *
read_value (WmProjectData  *data,
            sqlite3_value  *value,
            const WmColumn *column,
            GHashTable     *ref_uuids,
            gboolean       *borrowed)
{
  *borrowed = FALSE;
  if (sqlite3_value_type (value) == SQLITE_NULL)
    return NULL;

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      {
        const char *text = (const char *) sqlite3_value_text (value);

        if (text == NULL)
          return NULL;
        *borrowed = TRUE;
        return g_string_chunk_insert (data->strings, text);
      }
    case WM_COLUMN_INT:
    case WM_COLUMN_BOOL:
      {
        char buffer[24];

        *borrowed = TRUE;
        return g_string_chunk_insert (data->strings,
                                      format_int64 (sqlite3_value_int64 (value), buffer,
                                                    sizeof buffer));
      }
    case WM_COLUMN_REAL:
      return wm_interchange_format_double (sqlite3_value_double (value));
    case WM_COLUMN_REF:
      {
        gint64 id = sqlite3_value_int64 (value);
        char *uuid = g_hash_table_lookup (ref_uuids, &id);

        *borrowed = uuid != NULL;
        return uuid;
      }
    case WM_COLUMN_BLOB:
      return g_base64_encode (sqlite3_value_blob (value), (gsize) sqlite3_value_bytes (value));
    default:
      g_assert_not_reached ();
    }
}

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  int rc = sqlite3_prepare_v2 (db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (db, rc, error, _("Cannot read the project"));
      return FALSE;
    }

  return TRUE;
}

/* id → uuid (in @data's strings) of every row of every entity, for
 * references. */
static gboolean
read_uuids (WmProjectData  *data,
            sqlite3        *db,
            GHashTable    **uuids,
            GError        **error)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id, uuid FROM \"%s\"",
                                              wm_entity_get_info (e)->table);
      sqlite3_stmt *stmt = NULL;
      int rc;

      uuids[e] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      if (!prepare (db, sql, &stmt, error))
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          const char *uuid = (const char *) sqlite3_column_text (stmt, 1);

          g_hash_table_insert (uuids[e], g_memdup2 (&id, sizeof id),
                               uuid != NULL ? g_string_chunk_insert (data->strings, uuid) : NULL);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          wm_store_set_db_error (db, rc, error, _("Cannot read the project"));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_entity (WmProjectData  *data,
             sqlite3        *db,
             WmEntity        entity,
             GHashTable    **uuids,
             GError        **error)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  g_autoptr(GString) sql = g_string_new ("SELECT uuid, created_at, modified_at, id");
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < info->n_columns; i++)
    g_string_append_printf (sql, ", \"%s\"", info->columns[i].name);
  g_string_append_printf (sql, " FROM \"%s\" ORDER BY id", info->table);

  if (!prepare (db, sql->str, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmRow *row = wm_row_new (entity);

      row->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->created_at = sqlite3_column_int64 (stmt, 1);
      row->modified_at = sqlite3_column_int64 (stmt, 2);
      row->id = sqlite3_column_int64 (stmt, 3);
      for (guint i = 0; i < info->n_columns; i++)
        {
          const WmColumn *column = &info->columns[i];
          gboolean borrowed;

          /* Every column is present: wm_row_take_value () in effect. */
          row->values[i] = read_value (data, sqlite3_column_value (stmt, (int) i + 4), column,
                                       column->type == WM_COLUMN_REF ? uuids[column->ref] : NULL,
                                       &borrowed);
          row->present |= G_GUINT64_CONSTANT (1) << i;
          if (borrowed)
            row->borrowed |= G_GUINT64_CONSTANT (1) << i;
        }
      if (!wm_project_data_add_row (data, entity, row))
        {
          sqlite3_finalize (stmt);
          return fail (error, _("Table “%s” holds a uuid twice."), info->table);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (db, rc, error, _("Cannot read the project"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_samples (WmProjectData  *data,
              sqlite3        *db,
              GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (db,
                "SELECT k.uuid, s.time, s.value, s.n, s.margin, s.source"
                " FROM kpi_sample s JOIN kpi k ON k.id = s.kpi_id ORDER BY k.id, s.time",
                &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double margin = sqlite3_column_double (stmt, 4);

      wm_project_data_add_sample (data, (const char *) sqlite3_column_text (stmt, 0),
                                  sqlite3_column_int64 (stmt, 1),
                                  sqlite3_column_double (stmt, 2),
                                  sqlite3_column_int64 (stmt, 3),
                                  sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NULL : &margin,
                                  (const char *) sqlite3_column_text (stmt, 5));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (db, rc, error, _("Cannot read the project"));
      return FALSE;
    }

  if (!prepare (db,
                "SELECT k.uuid, r.time, r.score, r.source"
                " FROM kpi_response r JOIN kpi k ON k.id = r.kpi_id"
                " ORDER BY k.id, r.time, r.id",
                &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    wm_project_data_add_response (data, (const char *) sqlite3_column_text (stmt, 0),
                                  sqlite3_column_int64 (stmt, 1),
                                  sqlite3_column_double (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (db, rc, error, _("Cannot read the project"));
      return FALSE;
    }

  return TRUE;
}

/* Reads the whole project in one read transaction, so it is consistent. */
static WmProjectData *
read_project (WmStore   *store,
              gboolean   with_samples,
              GError   **error)
{
  g_autoptr(WmProjectData) data = wm_project_data_new ();
  GHashTable *uuids[WM_N_ENTITIES] = { NULL, };
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  wm_store_settle_commit (store);
  if (!wm_store_exec (store->db, "BEGIN", error, _("Cannot read the project")))
    return NULL;

  /* Held throughout (it is recursive): each call takes it again cheaply,
   * and the values read_value () is handed are protected. */
  sqlite3_mutex_enter (sqlite3_db_mutex (store->db));
  ok = read_uuids (data, store->db, uuids, error);
  for (guint e = 0; ok && e < WM_N_ENTITIES; e++)
    ok = read_entity (data, store->db, e, uuids, error);
  ok = ok && (!with_samples || read_samples (data, store->db, error));
  sqlite3_mutex_leave (sqlite3_db_mutex (store->db));

  wm_store_exec (store->db, "COMMIT", NULL, NULL);
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    g_clear_pointer (&uuids[e], g_hash_table_unref);

  return ok ? g_steal_pointer (&data) : NULL;
}

WmProjectData *
wm_project_data_read (WmStore  *store,
                      GError  **error)
{
  return read_project (store, TRUE, error);
}

WmProjectData *
wm_project_data_read_rows (WmStore  *store,
                           GError  **error)
{
  return read_project (store, FALSE, error);
}

/* Writing a project */

typedef struct
{
  WmProjectData *data;
  sqlite3       *db;
  GHashTable    *ids[WM_N_ENTITIES];  /* uuid → row id */
  GHashTable    *statements;          /* SQL → sqlite3_stmt */
  gint64         now;
  gboolean       append;              /* new ids from SQLite, beside the project's rows */
  gboolean       preset;              /* ids from WmRow.id, new ones above the file's */
  GArray        *max_ids;             /* preset: the file's highest id per entity */
  GArray        *old_kpis;            /* preset: the file's KPI ids before */
} Writer;

static void
writer_clear (Writer *writer)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    g_clear_pointer (&writer->ids[e], g_hash_table_unref);
  g_clear_pointer (&writer->statements, g_hash_table_unref);
  g_clear_pointer (&writer->old_kpis, g_array_unref);
  g_clear_pointer (&writer->max_ids, g_array_unref);
}

static sqlite3_stmt *
writer_statement (Writer      *writer,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (writer->statements, sql);

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (writer->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          wm_store_set_db_error (writer->db, rc, error, _("Cannot write the project"));
          return NULL;
        }
      g_hash_table_insert (writer->statements, g_strdup (sql), stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return stmt;
}

/* The id of the row @uuid of @entity: one just written, or (appending to a
 * project) one the project already had; 0 when there is none. */
static gint64
writer_lookup_id (Writer     *writer,
                  WmEntity    entity,
                  const char *uuid)
{
  gpointer id = g_hash_table_lookup (writer->ids[entity], uuid);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 found = 0;

  if (id != NULL || !writer->append)
    return (gint64) GPOINTER_TO_SIZE (id);

  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE uuid = ?", wm_entity_get_info (entity)->table);
  if ((stmt = writer_statement (writer, sql, NULL)) == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return found;
}

static void
bind_row_value (Writer         *writer,
                sqlite3_stmt   *stmt,
                int             param,
                const WmColumn *column,
                const char     *value)
{
  if (value == NULL)
    {
      sqlite3_bind_null (stmt, param);
      return;
    }

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      sqlite3_bind_text (stmt, param, value, -1, SQLITE_STATIC);
      break;
    case WM_COLUMN_INT:
    case WM_COLUMN_BOOL:
      sqlite3_bind_int64 (stmt, param, g_ascii_strtoll (value, NULL, 10));
      break;
    case WM_COLUMN_REAL:
      sqlite3_bind_double (stmt, param, g_ascii_strtod (value, NULL));
      break;
    case WM_COLUMN_REF:
      /* check_references() made sure the target is there. */
      sqlite3_bind_int64 (stmt, param, writer_lookup_id (writer, column->ref, value));
      break;
    case WM_COLUMN_BLOB:
      {
        gsize length = 0;
        guchar *bytes = g_base64_decode (value, &length);

        sqlite3_bind_blob64 (stmt, param, bytes, length, g_free);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
row_place (WmEntity entity,
           guint    index)
{
  const char *table = wm_entity_get_info (entity)->table;

  if (entity == WM_ENTITY_PROJECT)
    return g_strdup (table);

  return g_strdup_printf ("%s[%u]", table, index);
}

static gboolean
step_row (Writer        *writer,
          sqlite3_stmt  *stmt,
          const char    *place,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return fail (error, _("%s: the project does not accept this row (%s)"), place,
                 sqlite3_errmsg (writer->db));
  wm_store_set_db_error (writer->db, rc, error, _("Cannot write the project"));

  return FALSE;
}

static gboolean
write_entity (Writer    *writer,
              WmEntity   entity,
              gboolean   skip_duplicates,
              GError   **error)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  GPtrArray *rows = writer->data->rows[entity];
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      const WmRow *row = g_ptr_array_index (rows, r);
      sqlite3_stmt *stmt;
      int param;

      /* Left in the copy by clear_copy (). */
      if (writer->preset && row->in_copy && row->id > 0)
        continue;

      g_string_printf (sql, "INSERT %s INTO \"%s\" (id, uuid, created_at, modified_at",
                       skip_duplicates ? "OR IGNORE" : "", info->table);
      g_string_assign (params, writer->append ? "NULL, ?, ?, ?" : "?, ?, ?, ?");
      for (guint i = 0; i < info->n_columns; i++)
        {
          if (row->present & (G_GUINT64_CONSTANT (1) << i))
            {
              g_string_append_printf (sql, ", \"%s\"", info->columns[i].name);
              g_string_append (params, ", ?");
            }
        }
      g_string_append_printf (sql, ") VALUES (%s)", params->str);

      if ((stmt = writer_statement (writer, sql->str, error)) == NULL)
        return FALSE;
      param = writer->append ? 1 : 2;
      if (!writer->append)
        sqlite3_bind_int64 (stmt, 1, writer_lookup_id (writer, entity, row->uuid));
      sqlite3_bind_text (stmt, param++, row->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, param++, row->created_at != WM_ROW_NO_TIME ? row->created_at
                                                                            : writer->now);
      sqlite3_bind_int64 (stmt, param++, row->modified_at != WM_ROW_NO_TIME ? row->modified_at
                                                                             : writer->now);
      for (guint i = 0; i < info->n_columns; i++)
        {
          if (row->present & (G_GUINT64_CONSTANT (1) << i))
            bind_row_value (writer, stmt, param++, &info->columns[i], row->values[i]);
        }
      if (!step_row (writer, stmt, NULL, NULL))
        {
          g_autofree char *place = row_place (entity, r);

          sqlite3_reset (stmt);
          return step_row (writer, stmt, place, error);
        }
      if (writer->append)
        g_hash_table_insert (writer->ids[entity], row->uuid,
                             GSIZE_TO_POINTER ((gsize) sqlite3_last_insert_rowid (writer->db)));
    }

  return TRUE;
}

static gboolean
write_samples (Writer  *writer,
               GError **error)
{
  GArray *samples = writer->data->samples;
  sqlite3_stmt *stmt;
  const char *kpi = NULL;
  gint64 kpi_id = 0;

  stmt = writer_statement (writer,
                           "INSERT INTO kpi_sample (kpi_id, time, value, n, margin, source)"
                           " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < samples->len; i++)
    {
      const WmSampleRow *sample = &g_array_index (samples, WmSampleRow, i);

      if (sample->kpi != kpi)
        {
          kpi = sample->kpi;
          kpi_id = writer_lookup_id (writer, WM_ENTITY_KPI, kpi);
        }
      sqlite3_bind_int64 (stmt, 1, kpi_id);
      sqlite3_bind_int64 (stmt, 2, sample->time);
      sqlite3_bind_double (stmt, 3, sample->value);
      sqlite3_bind_int64 (stmt, 4, sample->n);
      if (sample->has_margin)
        sqlite3_bind_double (stmt, 5, sample->margin);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_text (stmt, 6, sample->source, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_autofree char *place = g_strdup_printf (SAMPLE_SECTION "[%u]", i);

          sqlite3_reset (stmt);
          return step_row (writer, stmt, place, error);
        }
      sqlite3_reset (stmt);
    }

  for (guint i = 0; i < writer->data->responses->len; i++)
    {
      const WmResponseRow *response = &g_array_index (writer->data->responses,
                                                      WmResponseRow, i);

      stmt = writer_statement (writer,
                               "INSERT INTO kpi_response (kpi_id, time, score, source)"
                               " VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, writer_lookup_id (writer, WM_ENTITY_KPI, response->kpi));
      sqlite3_bind_int64 (stmt, 2, response->time);
      sqlite3_bind_double (stmt, 3, response->score);
      sqlite3_bind_text (stmt, 4, response->source, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_autofree char *place = g_strdup_printf (RESPONSE_SECTION "[%u]", i);

          sqlite3_reset (stmt);
          return step_row (writer, stmt, place, error);
        }
    }

  return TRUE;
}

/* Composite references (a touchpoint's stage in its own journey) are only
 * checked at the end; name the first row that breaks one. */
static gboolean
check_foreign_keys (Writer  *writer,
                    GError **error)
{
  /* Entity tables only: the samples' and answers' KPIs were resolved here
   * from uuids, and checking a million of them again costs seconds. */
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_check (\"%s\")", info->table);
      sqlite3_stmt *stmt = writer_statement (writer, sql, error);
      const WmEntityInfo *parent;
      gint64 rowid;

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      rowid = sqlite3_column_int64 (stmt, 1);
      parent = wm_entity_lookup_table ((const char *) sqlite3_column_text (stmt, 2));

      return fail (error, _("%s[%u]: refers to a %s that does not fit it"), info->table,
                   (guint) (rowid - 1),
                   parent != NULL ? wm_entity_get_noun (parent->entity) : "?");
    }

  return TRUE;
}

static gboolean
attach (Writer             *writer,
        const char *const  *files,
        GError            **error)
{
  for (guint i = 0; files != NULL && files[i] != NULL; i += 2)
    {
      g_autofree char *sql = g_strdup_printf ("ATTACH ? AS \"%s\"", files[i]);
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (writer->db, sql, -1, &stmt, NULL);

      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, files[i + 1], -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE && rc != SQLITE_OK)
        {
          wm_store_set_db_error (writer->db, rc, error, _("Cannot read the project"));
          return FALSE;
        }
    }

  return TRUE;
}

static void
detach (Writer            *writer,
        const char *const *files)
{
  for (guint i = 0; files != NULL && files[i] != NULL; i += 2)
    {
      g_autofree char *sql = g_strdup_printf ("DETACH \"%s\"", files[i]);

      wm_store_exec (writer->db, sql, NULL, NULL);
    }
}

/* Starting from a copy of a project: its rows go (with foreign keys off,
 * so its samples stay), except those the data keeps as they are there
 * (WmRow.in_copy), noting the highest ids and the KPIs it had. A merge
 * keeps most rows: only those it changes are deleted and written again. */
static gboolean
clear_copy (Writer  *writer,
            GError **error)
{
  sqlite3_stmt *stmt;

  writer->max_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (writer->max_ids, WM_N_ENTITIES);
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const char *table = wm_entity_get_info (e)->table;
      GPtrArray *rows = writer->data->rows[e];
      g_autofree char *max = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM \"%s\"", table);
      g_autofree char *clear = g_strdup_printf ("DELETE FROM \"%s\"", table);
      g_autofree char *ids = g_strdup_printf ("SELECT id FROM \"%s\"", table);
      g_autofree char *delete_one = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", table);
      g_autoptr(GHashTable) kept = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));

      if ((stmt = writer_statement (writer, max, error)) == NULL)
        return FALSE;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_array_index (writer->max_ids, gint64, e) = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (e == WM_ENTITY_KPI)
        {
          writer->old_kpis = g_array_new (FALSE, FALSE, sizeof (gint64));
          if ((stmt = writer_statement (writer, "SELECT id FROM kpi", error)) == NULL)
            return FALSE;
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              gint64 id = sqlite3_column_int64 (stmt, 0);

              g_array_append_val (writer->old_kpis, id);
            }
          sqlite3_reset (stmt);
        }

      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          if (row->in_copy && row->id > 0)
            g_hash_table_add (kept, &row->id);
        }
      if (g_hash_table_size (kept) == 0)
        {
          if (!wm_store_exec (writer->db, clear, error, _("Cannot write the project")))
            return FALSE;
          continue;
        }

      /* The ids to delete first, then the deletes: not while reading. */
      if ((stmt = writer_statement (writer, ids, error)) == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (!g_hash_table_contains (kept, &id))
            g_array_append_val (gone, id);
        }
      sqlite3_reset (stmt);
      for (guint i = 0; i < gone->len; i++)
        {
          if ((stmt = writer_statement (writer, delete_one, error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, g_array_index (gone, gint64, i));
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              wm_store_set_db_error (writer->db, sqlite3_errcode (writer->db), error,
                                     _("Cannot write the project"));
              sqlite3_reset (stmt);
              return FALSE;
            }
          sqlite3_reset (stmt);
        }
    }

  return TRUE;
}

/* The samples and answers of the copy's KPIs that the data does not have. */
static gboolean
drop_stale_bulk (Writer  *writer,
                 GError **error)
{
  for (guint i = 0; i < writer->old_kpis->len; i++)
    {
      gint64 id = g_array_index (writer->old_kpis, gint64, i);
      static const char *const sql[] = {
        "DELETE FROM kpi_sample WHERE kpi_id = ?1",
        "DELETE FROM kpi_response WHERE kpi_id = ?1",
      };
      sqlite3_stmt *kept = writer_statement (writer, "SELECT 1 FROM kpi WHERE id = ?1", error);
      int rc;

      if (kept == NULL)
        return FALSE;
      /* One look at the KPI, not one per sample: a KPI that stays keeps
       * its bulk data. */
      sqlite3_bind_int64 (kept, 1, id);
      rc = sqlite3_step (kept);
      sqlite3_reset (kept);
      if (rc == SQLITE_ROW)
        continue;
      if (rc != SQLITE_DONE)
        {
          wm_store_set_db_error (writer->db, rc, error, _("Cannot write the project"));
          return FALSE;
        }

      for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
        {
          sqlite3_stmt *stmt = writer_statement (writer, sql[q], error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              wm_store_set_db_error (writer->db, sqlite3_errcode (writer->db), error,
                                     _("Cannot write the project"));
              sqlite3_reset (stmt);
              return FALSE;
            }
          sqlite3_reset (stmt);
        }
    }

  return TRUE;
}

/* Inside the caller's transaction: the project's seeded rows give way to
 * the data's, then every row, the samples, and the composite keys' check. */
static gboolean
write_rows (Writer    *writer,
            gboolean   skip_duplicates,
            GError   **error)
{
  if (writer->preset && !clear_copy (writer, error))
    return FALSE;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      GPtrArray *rows = writer->data->rows[e];
      gint64 next = 1;

      writer->ids[e] = g_hash_table_new (uuid_hash, g_str_equal);
      if (writer->append)
        continue;
      /* Preset ids first, then new rows above everything the file had. */
      for (guint r = 0; writer->preset && r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          if (row->id > 0)
            {
              g_hash_table_insert (writer->ids[e], row->uuid, GSIZE_TO_POINTER ((gsize) row->id));
              next = MAX (next, row->id + 1);
            }
        }
      if (writer->preset)
        next = MAX (next, g_array_index (writer->max_ids, gint64, e) + 1);
      for (guint r = 0; r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          if (!g_hash_table_contains (writer->ids[e], row->uuid))
            g_hash_table_insert (writer->ids[e], row->uuid, GSIZE_TO_POINTER ((gsize) next++));
        }
    }

  if (!writer->append && !writer->preset &&
      !wm_store_exec (writer->db, "PRAGMA defer_foreign_keys = ON;"
                      " DELETE FROM channel; DELETE FROM project;",
                      error, _("Cannot write the project")))
    return FALSE;
  if (writer->append &&
      !wm_store_exec (writer->db, "PRAGMA defer_foreign_keys = ON;", error,
                      _("Cannot write the project")))
    return FALSE;
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      if (!write_entity (writer, e, skip_duplicates, error))
        return FALSE;
    }

  return write_samples (writer, error) && (!writer->preset || drop_stale_bulk (writer, error)) &&
         check_foreign_keys (writer, error);
}

static gboolean
write_all (Writer                        *writer,
           gboolean                       skip_duplicates,
           const WmProjectDataWriteHooks *hooks,
           GError                       **error)
{
  if (hooks != NULL && !attach (writer, hooks->attach, error))
    goto detach;
  if (!wm_store_exec (writer->db, "BEGIN IMMEDIATE", error, _("Cannot write the project")))
    goto detach;
  if (!write_rows (writer, skip_duplicates, error))
    goto rollback;
  if (hooks != NULL && hooks->after_rows != NULL &&
      !hooks->after_rows (writer->db, writer->ids, hooks->user_data, error))
    goto rollback;

  if (!wm_store_exec (writer->db, "COMMIT", error, _("Cannot write the project")))
    goto rollback;
  if (hooks != NULL)
    detach (writer, hooks->attach);

  return TRUE;

rollback:
  wm_store_exec (writer->db, "ROLLBACK", NULL, NULL);
detach:
  if (hooks != NULL)
    detach (writer, hooks->attach);
  return FALSE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gboolean
sync_file (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  if (!ok)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return FALSE;
    }

  return close (fd) == 0;
}

/* A byte copy of the project @from at @to (which must not exist), opened
 * with the same guards as the store's. The source was opened and checked by
 * whoever hands it here, and is not being written (a read transaction or a
 * closed file), so the copy is consistent. */
static sqlite3 *
open_copy (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  sqlite3 *db = NULL;
  int rc;

  if (!g_file_copy (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error))
    return NULL;
  wm_store_sqlite_init ();
  /* Used by this thread only, for a million samples compared column by
   * column: without a mutex around each call. */
  rc = sqlite3_open_v2 (to, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
      sqlite3_enable_load_extension (db, 0);
      sqlite3_busy_timeout (db, 3000);
      /* No journal and no syncs while it is filled: a crash or a refusal
       * leaves only this temporary file, never the destination, and
       * wm_project_data_write_full () syncs it whole before the rename. */
      rc = sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                         " PRAGMA foreign_keys = OFF;", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (db, rc, error, _("Cannot write the project"));
      sqlite3_close (db);
      g_unlink (to);
      return NULL;
    }

  return db;
}

gboolean
wm_project_data_write_full (WmProjectData                 *data,
                            const char                    *path,
                            WmProjectDataWriteFlags        flags,
                            const WmProjectDataWriteHooks *hooks,
                            GError                       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *random = g_uuid_string_random ();
  g_autofree char *display = NULL;
  g_autoptr(WmStore) store = NULL;
  sqlite3 *copy = NULL;
  Writer writer = { 0, };
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_basename (path);
  if (!(flags & WM_PROJECT_DATA_WRITE_REPLACE) && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO, _("“%s” already exists."), display);
      return FALSE;
    }

  /* Filled beside its destination and linked into place only when whole:
   * a refused document or a crash never leaves a half-made project. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.import-%.8s", dir, base, random);
  if (hooks != NULL && hooks->start_from != NULL)
    {
      if ((copy = open_copy (hooks->start_from, tmp_path, error)) == NULL)
        return FALSE;
      writer.db = copy;
      writer.preset = TRUE;
    }
  else
    {
      if ((store = wm_store_create (tmp_path, error)) == NULL)
        return FALSE;
      writer.db = store->db;
    }

  writer.data = data;
  writer.now = wm_store_now ();
  writer.statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             finalize_statement);
  ok = write_all (&writer, (flags & WM_PROJECT_DATA_WRITE_SKIP_DUPLICATES) != 0, hooks, error);
  writer_clear (&writer);
  g_clear_object (&store);
  if (copy != NULL && sqlite3_close (copy) != SQLITE_OK && ok)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, _("closing the file failed"));
      ok = FALSE;
    }

  /* Written without syncs (open_copy ()): on the disk before it counts. */
  if (ok && copy != NULL && !sync_file (tmp_path))
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }

  if (ok && (flags & WM_PROJECT_DATA_WRITE_REPLACE) && g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot write “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }
  else if (ok && !(flags & WM_PROJECT_DATA_WRITE_REPLACE) && link (tmp_path, path) != 0 &&
      (errno == EEXIST || g_file_test (path, G_FILE_TEST_EXISTS) ||
       g_rename (tmp_path, path) != 0))
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot create “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }
  g_unlink (tmp_path);

  return ok;
}

gboolean
wm_project_data_write_into (WmProjectData  *data,
                            sqlite3        *db,
                            GError        **error)
{
  Writer writer = { 0, };
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  writer.data = data;
  writer.db = db;
  writer.now = wm_store_now ();
  writer.statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             finalize_statement);
  ok = write_rows (&writer, FALSE, error);
  writer_clear (&writer);

  return ok;
}

gboolean
wm_project_data_append_into (WmProjectData  *data,
                             sqlite3        *db,
                             GError        **error)
{
  Writer writer = { 0, };
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (data->rows[WM_ENTITY_PROJECT]->len == 0, FALSE);

  writer.data = data;
  writer.db = db;
  writer.now = wm_store_now ();
  writer.append = TRUE;
  writer.statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             finalize_statement);
  ok = write_rows (&writer, FALSE, error);
  writer_clear (&writer);

  return ok;
}

gboolean
wm_project_data_write (WmProjectData  *data,
                       const char     *path,
                       GError        **error)
{
  return wm_project_data_write_full (data, path, WM_PROJECT_DATA_WRITE_DEFAULT, NULL, error);
}

