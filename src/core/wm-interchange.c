/* wm-interchange.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-interchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "wm-interchange-private.h"

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

typedef gboolean (*ParseRow) (Parse      *parse,
                              JsonNode   *node,
                              const char *where);

/* A section of bulk rows (samples, raw answers): an array, each row read by
 * @read_row and named "section[i]" in errors. */
static gboolean
parse_bulk_section (Parse      *parse,
                    JsonNode   *node,
                    const char *section,
                    ParseRow    read_row)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (parse->error, section, _("an array"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", section, i);

      if (!read_row (parse, json_array_get_element (array, i), where))
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
          if (!parse_bulk_section (parse, node, SAMPLE_SECTION, parse_sample))
            return FALSE;
          continue;
        }
      if (g_strcmp0 (key, RESPONSE_SECTION) == 0)
        {
          if (!parse_bulk_section (parse, node, RESPONSE_SECTION, parse_response))
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
