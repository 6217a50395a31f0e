/* wm-interchange.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-interchange"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "wm-interchange-private.h"
#include "wm-store-private.h"

/* The interchange format is driven by the entity table: every entity is a
 * member of the document named after its table, holding an array of rows,
 * one object per line; the project is one object. Rows carry "uuid",
 * "created_at", "modified_at" and then their columns in table order;
 * references name the uuid of their target. KPI samples come last, under
 * "kpi_sample". Nothing here knows an entity by name except the project
 * (a single object) and the samples (which have no uuid). */

#define SAMPLE_SECTION "kpi_sample"
#define RESPONSE_SECTION "kpi_response"

typedef struct
{
  WmProjectData *data;
  GError       **error;
} Parse;

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

static const char *
column_key (const WmColumn *column)
{
  static GHashTable *keys;
  const char *key;

  if (column->type != WM_COLUMN_REF || !g_str_has_suffix (column->name, "_id"))
    return column->name;

  if (g_once_init_enter (&keys))
    g_once_init_leave (&keys, g_hash_table_new (g_str_hash, g_str_equal));

  G_LOCK_DEFINE_STATIC (keys);
  G_LOCK (keys);
  key = g_hash_table_lookup (keys, column->name);
  if (key == NULL)
    {
      g_autofree char *stem = g_strndup (column->name, strlen (column->name) - 3);

      key = g_intern_string (stem);
      g_hash_table_insert (keys, (gpointer) column->name, (gpointer) key);
    }
  G_UNLOCK (keys);

  return key;
}

const char *
wm_interchange_column_key (WmEntity entity,
                           guint    i)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  g_return_val_if_fail (i < info->n_columns, NULL);

  return column_key (&info->columns[i]);
}

char *
wm_interchange_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The first of 15, 16, 17 significant digits that reads back as the same
   * double: "84.2" (%g drops the zeros), not "84.200000000000003". */
  for (int precision = 15; precision < 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return g_strdup (buffer);
    }

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
}

/* Rows and project data */

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

WmRow *
wm_row_copy (WmEntity     entity,
             const WmRow *row)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  WmRow *copy = wm_row_new (entity);

  copy->uuid = g_strdup (row->uuid);
  copy->created_at = row->created_at;
  copy->modified_at = row->modified_at;
  copy->present = row->present;
  for (guint i = 0; i < info->n_columns; i++)
    copy->values[i] = g_strdup (row->values[i]);

  return copy;
}

void
wm_row_free (gpointer data)
{
  WmRow *row = data;

  if (row == NULL)
    return;

  for (guint i = 0; i < row->n_values; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_free (row->uuid);
  g_free (row);
}

void
wm_row_take_value (WmRow *row,
                   guint  i,
                   char  *value)
{
  g_free (row->values[i]);
  row->values[i] = value;
  row->present |= G_GUINT64_CONSTANT (1) << i;
}

WmProjectData *
wm_project_data_new (void)
{
  WmProjectData *data = g_new0 (WmProjectData, 1);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      data->rows[e] = g_ptr_array_new ();
      data->index[e] = g_hash_table_new (g_str_hash, g_str_equal);
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

static char *
read_value (sqlite3_stmt   *stmt,
            int             i,
            const WmColumn *column,
            GHashTable     *ref_uuids)
{
  int type = sqlite3_column_type (stmt, i);

  if (type == SQLITE_NULL)
    return NULL;

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      return g_strdup ((const char *) sqlite3_column_text (stmt, i));
    case WM_COLUMN_INT:
    case WM_COLUMN_BOOL:
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
    case WM_COLUMN_REAL:
      return wm_interchange_format_double (sqlite3_column_double (stmt, i));
    case WM_COLUMN_REF:
      {
        gint64 id = sqlite3_column_int64 (stmt, i);

        return g_strdup (g_hash_table_lookup (ref_uuids, &id));
      }
    case WM_COLUMN_BLOB:
      return g_base64_encode (sqlite3_column_blob (stmt, i),
                              (gsize) sqlite3_column_bytes (stmt, i));
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

/* id → uuid of every row of every entity, for references. */
static gboolean
read_uuids (sqlite3     *db,
            GHashTable **uuids,
            GError     **error)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id, uuid FROM \"%s\"",
                                              wm_entity_get_info (e)->table);
      sqlite3_stmt *stmt = NULL;
      int rc;

      uuids[e] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      if (!prepare (db, sql, &stmt, error))
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_hash_table_insert (uuids[e], g_memdup2 (&id, sizeof id),
                               g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
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
  g_autoptr(GString) sql = g_string_new ("SELECT uuid, created_at, modified_at");
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
      for (guint i = 0; i < info->n_columns; i++)
        {
          const WmColumn *column = &info->columns[i];

          wm_row_take_value (row, i, read_value (stmt, (int) i + 3, column,
                                                 column->type == WM_COLUMN_REF
                                                 ? uuids[column->ref] : NULL));
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

  if (!wm_store_exec (store->db, "BEGIN", error, _("Cannot read the project")))
    return NULL;

  ok = read_uuids (store->db, uuids, error);
  for (guint e = 0; ok && e < WM_N_ENTITIES; e++)
    ok = read_entity (data, store->db, e, uuids, error);
  ok = ok && (!with_samples || read_samples (data, store->db, error));

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

/* Writing the document */

static void
append_string (GString       *out,
               JsonGenerator *generator,
               JsonNode      *node,
               const char    *value)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  json_node_set_string (node, value);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  g_string_append_len (out, text, (gssize) length);
}

static void
append_value (GString        *out,
              JsonGenerator  *generator,
              JsonNode       *node,
              const WmColumn *column,
              const char     *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
    case WM_COLUMN_REF:
    case WM_COLUMN_BLOB:
      append_string (out, generator, node, value);
      break;
    case WM_COLUMN_BOOL:
      g_string_append (out, g_strcmp0 (value, "0") == 0 ? "false" : "true");
      break;
    case WM_COLUMN_INT:
    case WM_COLUMN_REAL:
      g_string_append (out, value);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
append_row (GString       *out,
            JsonGenerator *generator,
            JsonNode      *node,
            WmEntity       entity,
            const WmRow   *row)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  g_string_append (out, "{\"uuid\": ");
  append_string (out, generator, node, row->uuid);
  /* A row that has not been stored yet (a document's row without times)
   * gets them when it is written. */
  if (row->created_at != WM_ROW_NO_TIME)
    g_string_append_printf (out, ", \"created_at\": %" G_GINT64_FORMAT, row->created_at);
  if (row->modified_at != WM_ROW_NO_TIME)
    g_string_append_printf (out, ", \"modified_at\": %" G_GINT64_FORMAT, row->modified_at);
  for (guint i = 0; i < info->n_columns; i++)
    {
      if (!(row->present & (G_GUINT64_CONSTANT (1) << i)))
        continue;
      g_string_append_printf (out, ", \"%s\": ", column_key (&info->columns[i]));
      append_value (out, generator, node, &info->columns[i], row->values[i]);
    }
  g_string_append_c (out, '}');
}

static gboolean
append_samples (GString        *out,
                JsonGenerator  *generator,
                JsonNode       *node,
                WmProjectData  *data,
                GError        **error)
{
  const char *escaped_source = NULL;
  const char *escaped_kpi = NULL;
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GString) kpi = g_string_new (NULL);

  g_string_append (out, "\"" SAMPLE_SECTION "\": [");
  for (guint i = 0; i < data->samples->len; i++)
    {
      const WmSampleRow *sample = &g_array_index (data->samples, WmSampleRow, i);
      g_autofree char *value = NULL;
      g_autofree char *margin = NULL;

      if (!isfinite (sample->value) || (sample->has_margin && !isfinite (sample->margin)))
        return fail (error, _("A sample of a KPI has a value JSON cannot hold."));

      /* The sources repeat; escape each once. */
      if (sample->source != escaped_source)
        {
          g_string_truncate (source, 0);
          append_string (source, generator, node, sample->source);
          escaped_source = sample->source;
        }
      value = wm_interchange_format_double (sample->value);
      margin = sample->has_margin ? wm_interchange_format_double (sample->margin)
                                  : g_strdup ("null");
      g_string_append (out, i == 0 ? "\n" : ",\n");
      if (sample->kpi != escaped_kpi)
        {
          g_string_truncate (kpi, 0);
          append_string (kpi, generator, node, sample->kpi);
          escaped_kpi = sample->kpi;
        }
      g_string_append (out, "{\"kpi\": ");
      g_string_append_len (out, kpi->str, (gssize) kpi->len);
      g_string_append_printf (out, ", \"time\": %" G_GINT64_FORMAT ", \"value\": %s"
                              ", \"n\": %" G_GINT64_FORMAT ", \"margin\": %s, \"source\": %s}",
                              sample->time, value, sample->n, margin, source->str);
    }
  g_string_append (out, data->samples->len > 0 ? "\n],\n" : "],\n");

  g_string_append (out, "\"" RESPONSE_SECTION "\": [");
  for (guint i = 0; i < data->responses->len; i++)
    {
      const WmResponseRow *response = &g_array_index (data->responses, WmResponseRow, i);
      g_autofree char *score = NULL;

      if (!isfinite (response->score))
        return fail (error, _("A survey answer has a score JSON cannot hold."));
      score = wm_interchange_format_double (response->score);
      g_string_append (out, i == 0 ? "\n" : ",\n");
      g_string_append (out, "{\"kpi\": ");
      append_string (out, generator, node, response->kpi);
      g_string_append_printf (out, ", \"time\": %" G_GINT64_FORMAT ", \"score\": %s"
                              ", \"source\": ", response->time, score);
      append_string (out, generator, node, response->source);
      g_string_append_c (out, '}');
    }
  g_string_append (out, data->responses->len > 0 ? "\n]\n" : "]\n");

  return TRUE;
}

GBytes *
wm_project_data_to_json (WmProjectData  *data,
                         GError        **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  g_string_append_printf (out, "{\n\"format\": %d,\n\"schema\": %d,\n",
                          WM_INTERCHANGE_FORMAT, WM_SCHEMA_VERSION);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      GPtrArray *rows = data->rows[e];

      g_string_append_printf (out, "\"%s\": ", info->table);
      if (e == WM_ENTITY_PROJECT)
        {
          if (rows->len != 1)
            return fail (error, _("A project has exactly one project record.")), NULL;
          append_row (out, generator, node, e, g_ptr_array_index (rows, 0));
          g_string_append (out, ",\n");
          continue;
        }
      g_string_append_c (out, '[');
      for (guint i = 0; i < rows->len; i++)
        {
          g_string_append (out, i == 0 ? "\n" : ",\n");
          append_row (out, generator, node, e, g_ptr_array_index (rows, i));
        }
      g_string_append (out, rows->len > 0 ? "\n],\n" : "],\n");
    }

  if (!append_samples (out, generator, node, data, error))
    return NULL;
  g_string_append (out, "}\n");

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
wm_interchange_export (WmStore  *store,
                       GError  **error)
{
  g_autoptr(WmProjectData) data = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((data = wm_project_data_read (store, error)) == NULL)
    return NULL;

  return wm_project_data_to_json (data, error);
}

/* Checking a document before it is parsed: json-glib's parser recurses once
 * per level and keeps whole strings, so a hostile document could exhaust the
 * stack or memory before any value is seen. This scan only counts: nesting
 * depth and string lengths, outside and inside strings. */

static gboolean
check_shape (const char  *text,
             gsize        size,
             GError     **error)
{
  guint depth = 0;
  guint line = 1;
  gboolean in_string = FALSE;
  gsize string_start = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = text[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          else if (i - string_start > WM_INTERCHANGE_MAX_STRING)
            return fail (error, _("Line %u: a string is longer than %d MiB."), line,
                         (int) (WM_INTERCHANGE_MAX_STRING >> 20));
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_start = i;
          break;
        case '[':
        case '{':
          if (++depth > WM_INTERCHANGE_MAX_DEPTH)
            return fail (error, _("Line %u: the document nests deeper than %d levels."), line,
                         WM_INTERCHANGE_MAX_DEPTH);
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* Reading the document */

static gboolean
node_is_value (JsonNode *node,
               GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
type_error (GError     **error,
            const char  *where,
            const char  *expected)
{
  return fail (error, _("%s: expected %s"), where, expected);
}

static const char *
column_expectation (const WmColumn *column)
{
  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      return _("a string");
    case WM_COLUMN_INT:
      return _("a whole number");
    case WM_COLUMN_REAL:
      return (column->flags & WM_COLUMN_NULLABLE) ? _("a number or null") : _("a number");
    case WM_COLUMN_BOOL:
      return _("true or false");
    case WM_COLUMN_REF:
      return (column->flags & WM_COLUMN_NULLABLE) ? _("a uuid or null") : _("a uuid");
    case WM_COLUMN_BLOB:
      return _("base64 text or null");
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text);

  if (length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (!(g_ascii_isalnum (c) || c == '+' || c == '/' || (c == '=' && i + 2 >= length)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
get_string (JsonNode    *node,
            const char  *where,
            const char **out,
            GError     **error)
{
  const char *text;

  if (!node_is_value (node, G_TYPE_STRING))
    return type_error (error, where, _("a string"));
  text = json_node_get_string (node);
  /* Escapes such as a lone "\ud800" can decode to text that is not UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, _("%s: the text is not valid UTF-8"), where);
  *out = text;

  return TRUE;
}

static gboolean
get_int (JsonNode    *node,
         const char  *where,
         gint64      *out,
         GError     **error)
{
  if (!node_is_value (node, G_TYPE_INT64))
    return type_error (error, where, _("a whole number"));
  *out = json_node_get_int (node);

  return TRUE;
}

static gboolean
get_number (JsonNode    *node,
            const char  *where,
            double      *out,
            GError     **error)
{
  if (node_is_value (node, G_TYPE_INT64))
    *out = (double) json_node_get_int (node);
  else if (node_is_value (node, G_TYPE_DOUBLE) && isfinite (json_node_get_double (node)))
    *out = json_node_get_double (node);
  else
    return type_error (error, where, _("a number"));

  return TRUE;
}

static gboolean
is_choice (const WmChoice *choices,
           const char     *value)
{
  for (const WmChoice *choice = choices; choice->value != NULL; choice++)
    {
      if (g_strcmp0 (choice->value, value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The canonical text of the value @node for @column, or an error. */
static gboolean
parse_value (const WmColumn  *column,
             JsonNode        *node,
             const char      *where,
             char           **out,
             GError         **error)
{
  const char *text;
  double number;

  *out = NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (column->type == WM_COLUMN_REF || column->type == WM_COLUMN_BLOB ||
          column->type == WM_COLUMN_REAL)
        {
          if (column->flags & WM_COLUMN_NULLABLE)
            return TRUE;
        }
      else if ((column->flags & WM_COLUMN_NULLABLE) && column->type == WM_COLUMN_INT)
        return TRUE;

      return type_error (error, where, column_expectation (column));
    }

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      if (!get_string (node, where, &text, error))
        return FALSE;
      if (column->choices != NULL && !is_choice (column->choices, text))
        {
          g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
          g_auto(GStrv) list = NULL;
          g_autofree char *choices = NULL;

          for (const WmChoice *choice = column->choices; choice->value != NULL; choice++)
            g_strv_builder_add (values, choice->value);
          list = g_strv_builder_end (values);
          choices = g_strjoinv (", ", list);

          return fail (error, _("%s: “%s” is not one of %s"), where, text, choices);
        }
      *out = g_strdup (text);
      return TRUE;

    case WM_COLUMN_INT:
      if (!node_is_value (node, G_TYPE_INT64))
        return type_error (error, where, column_expectation (column));
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;

    case WM_COLUMN_REAL:
      if (!get_number (node, where, &number, NULL))
        return type_error (error, where, column_expectation (column));
      *out = wm_interchange_format_double (number);
      return TRUE;

    case WM_COLUMN_BOOL:
      if (!node_is_value (node, G_TYPE_BOOLEAN))
        return type_error (error, where, column_expectation (column));
      *out = g_strdup (json_node_get_boolean (node) ? "1" : "0");
      return TRUE;

    case WM_COLUMN_REF:
      if (!node_is_value (node, G_TYPE_STRING))
        return type_error (error, where, column_expectation (column));
      text = json_node_get_string (node);
      if (!g_uuid_string_is_valid (text))
        return fail (error, _("%s: expected a uuid"), where);
      *out = g_strdup (text);
      return TRUE;

    case WM_COLUMN_BLOB:
      if (!node_is_value (node, G_TYPE_STRING) || !is_base64 (json_node_get_string (node)))
        return type_error (error, where, column_expectation (column));
      *out = g_strdup (json_node_get_string (node));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse_row (Parse       *parse,
           WmEntity     entity,
           JsonNode    *node,
           const char  *where)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  WmRow *row;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (parse->error, where, _("an object"));
  object = json_node_get_object (node);

  row = wm_row_new (entity);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);
      g_autofree char *at = g_strdup_printf ("%s.%s", where, key);
      gboolean ok = TRUE;
      int column = -1;

      if (g_strcmp0 (key, "uuid") == 0)
        {
          const char *uuid = NULL;

          ok = get_string (value, at, &uuid, parse->error);
          if (ok && !g_uuid_string_is_valid (uuid))
            ok = fail (parse->error, _("%s: expected a uuid"), at);
          if (ok)
            {
              g_free (row->uuid);
              row->uuid = g_strdup (uuid);
            }
        }
      else if (g_strcmp0 (key, "created_at") == 0)
        ok = get_int (value, at, &row->created_at, parse->error);
      else if (g_strcmp0 (key, "modified_at") == 0)
        ok = get_int (value, at, &row->modified_at, parse->error);
      else
        {
          for (guint i = 0; i < info->n_columns && column < 0; i++)
            {
              if (g_strcmp0 (column_key (&info->columns[i]), key) == 0)
                column = (int) i;
            }
          if (column < 0)
            ok = fail (parse->error, _("%s: unknown member"), at);
          else
            {
              char *text = NULL;

              ok = parse_value (&info->columns[column], value, at, &text, parse->error);
              if (ok)
                wm_row_take_value (row, (guint) column, text);
            }
        }
      if (!ok)
        {
          wm_row_free (row);
          return FALSE;
        }
    }

  if (row->uuid == NULL)
    {
      wm_row_free (row);
      return fail (parse->error, _("%s: missing member “%s”"), where, "uuid");
    }
  for (guint i = 0; i < info->n_columns; i++)
    {
      if ((info->columns[i].flags & WM_COLUMN_REQUIRED) &&
          !(row->present & (G_GUINT64_CONSTANT (1) << i)))
        {
          const char *key = column_key (&info->columns[i]);

          wm_row_free (row);
          return fail (parse->error, _("%s: missing member “%s”"), where, key);
        }
    }
  if (!wm_project_data_add_row (parse->data, entity, row))
    return fail (parse->error, _("%s.uuid: a second %s with the same uuid"), where,
                 wm_entity_get_noun (entity));

  return TRUE;
}

static gboolean
parse_section (Parse       *parse,
               WmEntity     entity,
               JsonNode    *node)
{
  const char *name = wm_entity_get_info (entity)->table;
  JsonArray *array;

  if (entity == WM_ENTITY_PROJECT)
    return parse_row (parse, entity, node, name);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (parse->error, name, _("an array"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", name, i);

      if (!parse_row (parse, entity, json_array_get_element (array, i), where))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_sample (Parse      *parse,
              JsonNode   *node,
              const char *where)
{
  g_autoptr(GList) members = NULL;
  const char *kpi = NULL;
  const char *source = "";
  gint64 time = 0, n = 0;
  double value = 0, margin = 0;
  gboolean have_time = FALSE, have_value = FALSE, have_margin = FALSE;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (parse->error, where, _("an object"));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *member = json_object_get_member (object, key);
      g_autofree char *at = g_strdup_printf ("%s.%s", where, key);
      gboolean ok;

      if (g_strcmp0 (key, "kpi") == 0)
        ok = get_string (member, at, &kpi, parse->error);
      else if (g_strcmp0 (key, "time") == 0)
        ok = have_time = get_int (member, at, &time, parse->error);
      else if (g_strcmp0 (key, "value") == 0)
        ok = have_value = get_number (member, at, &value, parse->error);
      else if (g_strcmp0 (key, "n") == 0)
        {
          ok = get_int (member, at, &n, parse->error);
          if (ok && n < 0)
            ok = fail (parse->error, _("%s: must not be negative"), at);
        }
      else if (g_strcmp0 (key, "margin") == 0)
        {
          ok = JSON_NODE_HOLDS_NULL (member) ||
               (have_margin = get_number (member, at, &margin, parse->error));
          if (ok && have_margin && margin < 0)
            ok = fail (parse->error, _("%s: must not be negative"), at);
        }
      else if (g_strcmp0 (key, "source") == 0)
        ok = get_string (member, at, &source, parse->error);
      else
        ok = fail (parse->error, _("%s: unknown member"), at);
      if (!ok)
        return FALSE;
    }
  if (kpi == NULL || !have_time || !have_value)
    return fail (parse->error, _("%s: missing member “%s”"), where,
                 kpi == NULL ? "kpi" : !have_time ? "time" : "value");

  wm_project_data_add_sample (parse->data, kpi, time, value, n, have_margin ? &margin : NULL,
                              source);

  return TRUE;
}

static gboolean
parse_response (Parse      *parse,
                JsonNode   *node,
                const char *where)
{
  g_autoptr(GList) members = NULL;
  const char *kpi = NULL;
  const char *source = "";
  gint64 time = 0;
  double score = 0;
  gboolean have_time = FALSE, have_score = FALSE;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (parse->error, where, _("an object"));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *member = json_object_get_member (object, key);
      g_autofree char *at = g_strdup_printf ("%s.%s", where, key);
      gboolean ok;

      if (g_strcmp0 (key, "kpi") == 0)
        ok = get_string (member, at, &kpi, parse->error);
      else if (g_strcmp0 (key, "time") == 0)
        ok = have_time = get_int (member, at, &time, parse->error);
      else if (g_strcmp0 (key, "score") == 0)
        ok = have_score = get_number (member, at, &score, parse->error);
      else if (g_strcmp0 (key, "source") == 0)
        ok = get_string (member, at, &source, parse->error);
      else
        ok = fail (parse->error, _("%s: unknown member"), at);
      if (!ok)
        return FALSE;
    }
  if (kpi == NULL || !have_time || !have_score)
    return fail (parse->error, _("%s: missing member “%s”"), where,
                 kpi == NULL ? "kpi" : !have_time ? "time" : "score");

  wm_project_data_add_response (parse->data, kpi, time, score, source);

  return TRUE;
}

static gboolean
parse_responses (Parse    *parse,
                 JsonNode *node)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (parse->error, RESPONSE_SECTION, _("an array"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (RESPONSE_SECTION "[%u]", i);

      if (!parse_response (parse, json_array_get_element (array, i), where))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_samples (Parse    *parse,
               JsonNode *node)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (parse->error, SAMPLE_SECTION, _("an array"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (SAMPLE_SECTION "[%u]", i);

      if (!parse_sample (parse, json_array_get_element (array, i), where))
        return FALSE;
    }

  return TRUE;
}

/* Every reference names a row of its entity that the document holds. */
static gboolean
check_references (WmProjectData  *data,
                  GError        **error)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);

      for (guint r = 0; r < data->rows[e]->len; r++)
        {
          WmRow *row = g_ptr_array_index (data->rows[e], r);

          for (guint i = 0; i < info->n_columns; i++)
            {
              const WmColumn *column = &info->columns[i];

              if (column->type != WM_COLUMN_REF || row->values[i] == NULL ||
                  wm_project_data_lookup (data, column->ref, row->values[i]) != NULL)
                continue;
              if (e == WM_ENTITY_PROJECT)
                return fail (error, _("%s.%s: no %s has the uuid “%s”"), info->table,
                             column_key (column), wm_entity_get_noun (column->ref),
                             row->values[i]);
              return fail (error, _("%s[%u].%s: no %s has the uuid “%s”"), info->table, r,
                           column_key (column), wm_entity_get_noun (column->ref),
                           row->values[i]);
            }
        }
    }

  for (guint i = 0; i < data->samples->len; i++)
    {
      const WmSampleRow *sample = &g_array_index (data->samples, WmSampleRow, i);

      if (wm_project_data_lookup (data, WM_ENTITY_KPI, sample->kpi) == NULL)
        return fail (error, _("%s[%u].kpi: no %s has the uuid “%s”"), SAMPLE_SECTION, i,
                     wm_entity_get_noun (WM_ENTITY_KPI), sample->kpi);
    }

  for (guint i = 0; i < data->responses->len; i++)
    {
      const WmResponseRow *response = &g_array_index (data->responses, WmResponseRow, i);

      if (wm_project_data_lookup (data, WM_ENTITY_KPI, response->kpi) == NULL)
        return fail (error, _("%s[%u].kpi: no %s has the uuid “%s”"), RESPONSE_SECTION, i,
                     wm_entity_get_noun (WM_ENTITY_KPI), response->kpi);
    }

  return TRUE;
}

static gboolean
parse_root (Parse      *parse,
            JsonObject *root)
{
  g_autoptr(GList) members = json_object_get_members (root);
  JsonNode *format = json_object_get_member (root, "format");
  JsonNode *schema = json_object_get_member (root, "schema");
  gint64 version;

  if (format == NULL)
    return fail (parse->error, _("format: missing; this is not a Waymark interchange "
                                 "document"));
  if (!get_int (format, "format", &version, parse->error))
    return FALSE;
  if (version != WM_INTERCHANGE_FORMAT)
    return fail (parse->error, _("format: version %d is not one this Waymark reads (%d)"),
                 (int) CLAMP (version, G_MININT, G_MAXINT), WM_INTERCHANGE_FORMAT);
  if (schema != NULL)
    {
      if (!get_int (schema, "schema", &version, parse->error))
        return FALSE;
      if (version > WM_SCHEMA_VERSION || version < 1)
        return fail (parse->error, _("schema: the document was written by a newer Waymark "
                                     "(project version %d)"),
                     (int) CLAMP (version, G_MININT, G_MAXINT));
    }

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (root, key);
      const WmEntityInfo *info;

      if (g_strcmp0 (key, "format") == 0 || g_strcmp0 (key, "schema") == 0)
        continue;
      if (g_strcmp0 (key, SAMPLE_SECTION) == 0)
        {
          if (!parse_samples (parse, node))
            return FALSE;
          continue;
        }
      if (g_strcmp0 (key, RESPONSE_SECTION) == 0)
        {
          if (!parse_responses (parse, node))
            return FALSE;
          continue;
        }
      info = wm_entity_lookup_table (key);
      if (info == NULL)
        return fail (parse->error, _("%s: unknown member"), key);
      if (!parse_section (parse, info->entity, node))
        return FALSE;
    }

  if (parse->data->rows[WM_ENTITY_PROJECT]->len != 1)
    return fail (parse->error, _("project: missing"));

  return check_references (parse->data, parse->error);
}

WmProjectData *
wm_project_data_parse (GBytes  *json,
                       GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(WmProjectData) data = NULL;
  const char *text;
  gsize size = 0;
  JsonNode *root;
  Parse parse;

  g_return_val_if_fail (json != NULL, NULL);

  text = g_bytes_get_data (json, &size);
  if (text == NULL || size == 0)
    return fail (error, _("The document is empty.")), NULL;
  if (size > WM_INTERCHANGE_MAX_SIZE)
    return fail (error, _("The document is larger than %d MiB."),
                 (int) (WM_INTERCHANGE_MAX_SIZE / (1024 * 1024))), NULL;
  if (!g_utf8_validate_len (text, size, NULL))
    return fail (error, _("The document is not UTF-8 text.")), NULL;
  if (!check_shape (text, size, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) size, &parse_error))
    return fail (error, _("The document is not valid JSON: %s"), parse_error->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, _("The document must be a JSON object.")), NULL;

  data = wm_project_data_new ();
  parse.data = data;
  parse.error = error;
  if (!parse_root (&parse, json_node_get_object (root)))
    return NULL;

  return g_steal_pointer (&data);
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
} Writer;

static void
writer_clear (Writer *writer)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    g_clear_pointer (&writer->ids[e], g_hash_table_unref);
  g_clear_pointer (&writer->statements, g_hash_table_unref);
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
        sqlite3_bind_int64 (stmt, 1, (gint64) r + 1);
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

/* Inside the caller's transaction: the project's seeded rows give way to
 * the data's, then every row, the samples, and the composite keys' check. */
static gboolean
write_rows (Writer    *writer,
            gboolean   skip_duplicates,
            GError   **error)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      GPtrArray *rows = writer->data->rows[e];

      writer->ids[e] = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint r = 0; !writer->append && r < rows->len; r++)
        {
          WmRow *row = g_ptr_array_index (rows, r);

          g_hash_table_insert (writer->ids[e], row->uuid, GSIZE_TO_POINTER ((gsize) r + 1));
        }
    }

  if (!wm_store_exec (writer->db, writer->append ? "PRAGMA defer_foreign_keys = ON;"
                                                 : "PRAGMA defer_foreign_keys = ON;"
                                                   " DELETE FROM channel; DELETE FROM project;",
                      error, _("Cannot write the project")))
    return FALSE;
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      if (!write_entity (writer, e, skip_duplicates, error))
        return FALSE;
    }

  return write_samples (writer, error) && check_foreign_keys (writer, error);
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
  if ((store = wm_store_create (tmp_path, error)) == NULL)
    return FALSE;

  writer.data = data;
  writer.db = store->db;
  writer.now = wm_store_now ();
  writer.statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             finalize_statement);
  ok = write_all (&writer, (flags & WM_PROJECT_DATA_WRITE_SKIP_DUPLICATES) != 0, hooks, error);
  writer_clear (&writer);
  g_clear_object (&store);

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

gboolean
wm_interchange_import (GBytes      *json,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(WmProjectData) data = NULL;

  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((data = wm_project_data_parse (json, error)) == NULL)
    return FALSE;

  return wm_project_data_write (data, path, error);
}

gboolean
wm_interchange_import_file (const char  *json_path,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (json_path != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (json_path);
  display = g_filename_display_name (json_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, error);
  if (info == NULL)
    return FALSE;
  if ((guint64) g_file_info_get_size (info) > WM_INTERCHANGE_MAX_SIZE)
    return fail (error, _("“%s” is larger than %d MiB."), display,
                 (int) (WM_INTERCHANGE_MAX_SIZE / (1024 * 1024)));
  if ((json = g_file_load_bytes (file, NULL, NULL, error)) == NULL)
    return FALSE;

  return wm_interchange_import (json, path, error);
}
