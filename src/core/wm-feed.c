/* wm-feed.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-feed"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "wm-csv-private.h"
#include "wm-feed.h"

/* Feed definitions and extraction: a fetched body in, samples out. Every
 * failure names what was wrong in words a user can act on. */

G_DEFINE_QUARK (wm-feed-error-quark, wm_feed_error)

/* Helpers */

static const char *const state_names[] = { "new", "ok", "stale", "error", "paused" };
static const char *const type_names[] = { "json", "prometheus", "csv", "responses" };

static char *
describe_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  if (g_utf8_strlen (text, -1) > 40)
    {
      char *cut = g_utf8_offset_to_pointer (text, 40);

      *cut = '\0';
      return g_strconcat (text, "…", NULL);
    }

  return g_steal_pointer (&text);
}

/* A finite number from a JSON number or a numeric string. */
static gboolean
node_to_number (JsonNode  *node,
                double    *value,
                GError   **error)
{
  g_autofree char *shown = NULL;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        {
          *value = (double) json_node_get_int (node);
          return TRUE;
        }
      if (type == G_TYPE_DOUBLE)
        {
          *value = json_node_get_double (node);
          if (isfinite (*value))
            return TRUE;
        }
      if (type == G_TYPE_STRING
          && wm_kpi_score_from_string (NULL, json_node_get_string (node), value, NULL))
        return TRUE;
    }

  shown = describe_node (node);
  g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER,
               _("The value found, %s, is not a finite number."), shown);
  return FALSE;
}

/* Seconds since the epoch from a number (seconds, or milliseconds when it
 * is too large to be seconds), an ISO 8601 string or a day.month.year date
 * (in UTC, as ISO dates without a zone are). */
static gboolean
parse_time_text (const char *text,
                 gint64     *time)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date_time = NULL;
  double seconds;

  if (wm_kpi_score_from_string (NULL, text, &seconds, NULL))
    {
      if (fabs (seconds) > 1e11)
        seconds /= 1000.0;
      *time = (gint64) floor (seconds);
      return TRUE;
    }

  if ((date_time = wm_csv_parse_dotted_date (text, utc)) != NULL)
    ;
  else if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);

      date_time = g_date_time_new_from_iso8601 (midnight, utc);
    }
  else
    date_time = g_date_time_new_from_iso8601 (text, utc);

  if (date_time == NULL)
    return FALSE;

  *time = g_date_time_to_unix (date_time);
  return TRUE;
}

static gboolean
node_to_time (JsonNode  *node,
              gint64    *time,
              GError   **error)
{
  g_autofree char *shown = NULL;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      double seconds;

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          seconds = json_node_get_double (node);
          if (isfinite (seconds))
            {
              if (fabs (seconds) > 1e11)
                seconds /= 1000.0;
              *time = (gint64) floor (seconds);
              return TRUE;
            }
        }
      if (type == G_TYPE_STRING && parse_time_text (json_node_get_string (node), time))
        return TRUE;
    }

  shown = describe_node (node);
  g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
               _("The time found, %s, is not a date and time."), shown);
  return FALSE;
}

/* What a thread that extracts keeps from one answer to the next: a refresh
 * of hundreds of feeds extracts as many small answers on its fetch thread,
 * and making a parser and compiling a path there cost as much as parsing
 * the answer itself. */
typedef struct
{
  JsonParser *parser;
  GHashTable *paths;    /* JSONPath text → compiled JsonPath */
} Extractor;

/* Answers up to this size are parsed by the thread's own parser. */
#define KEPT_PARSER_MAX_BYTES (64 * 1024)
/* Compiled paths a thread keeps; past this it starts over. */
#define KEPT_PATHS_MAX 256

static void
extractor_free (gpointer data)
{
  Extractor *extractor = data;

  g_object_unref (extractor->parser);
  g_hash_table_unref (extractor->paths);
  g_free (extractor);
}

static GPrivate extractor_key = G_PRIVATE_INIT (extractor_free);

static Extractor *
get_extractor (void)
{
  Extractor *extractor = g_private_get (&extractor_key);

  if (extractor == NULL)
    {
      extractor = g_new0 (Extractor, 1);
      extractor->parser = json_parser_new_immutable ();
      extractor->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&extractor_key, extractor);
    }

  return extractor;
}

/* @path compiled, owned by the thread's cache; NULL with @error set if it
 * does not compile. */
static JsonPath *
compiled_path (const char  *path,
               GError     **error)
{
  Extractor *extractor = get_extractor ();
  JsonPath *json_path = g_hash_table_lookup (extractor->paths, path);

  if (json_path != NULL)
    return json_path;

  json_path = json_path_new ();
  if (!json_path_compile (json_path, path, error))
    {
      g_object_unref (json_path);
      return NULL;
    }

  if (g_hash_table_size (extractor->paths) >= KEPT_PATHS_MAX)
    g_hash_table_remove_all (extractor->paths);
  g_hash_table_insert (extractor->paths, g_strdup (path), json_path);

  return json_path;
}

/* The matches of @path in @root as a list of nodes; a single match that is
 * an array stands for its elements (a path to an array of points). */
static GPtrArray *
query_path (JsonNode    *root,
            const char  *path,
            gboolean     is_time,
            GError     **error)
{
  JsonPath *json_path;
  g_autoptr(JsonNode) matches = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonArray *array;

  json_path = compiled_path (path, &local_error);
  if (json_path == NULL)
    {
      if (is_time)
        g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                     _("The time path “%s” is not a valid JSONPath: %s"), path,
                     local_error->message);
      else
        g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                     _("The path “%s” is not a valid JSONPath: %s"), path, local_error->message);
      g_ptr_array_unref (nodes);
      return NULL;
    }

  matches = json_path_match (json_path, root);
  array = json_node_get_array (matches);
  if (json_array_get_length (array) == 1
      && JSON_NODE_HOLDS_ARRAY (json_array_get_element (array, 0)))
    array = json_node_get_array (json_array_get_element (array, 0));

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (nodes, json_node_ref (json_array_get_element (array, i)));

  if (nodes->len == 0)
    {
      if (is_time)
        g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                     _("The time path “%s” finds nothing in the answer."), path);
      else
        g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                     _("The path “%s” finds nothing in the answer."), path);
      g_ptr_array_unref (nodes);
      return NULL;
    }

  return nodes;
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const WmSample *sa = a, *sb = b;

  return (sa->time > sb->time) - (sa->time < sb->time);
}

static JsonNode *
parse_json (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!wm_feed_check_json_depth (data, length, WM_FEED_MAX_JSON_DEPTH, error))
    return NULL;

  /* The parser keeps the last tree it read until it reads the next: only
   * a small one may stay behind in the thread's own parser. */
  if (length <= KEPT_PARSER_MAX_BYTES)
    parser = g_object_ref (get_extractor ()->parser);
  else
    parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_PARSE,
                   _("The answer is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_EMPTY,
                           _("The answer holds no JSON value."));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Points [time, "value"] as Prometheus gives them. */
static gboolean
append_prometheus_point (GArray    *samples,
                         JsonNode  *point,
                         GError   **error)
{
  JsonArray *pair;
  WmSample sample = { 0, 0.0, 0 };

  if (!JSON_NODE_HOLDS_ARRAY (point)
      || json_array_get_length (pair = json_node_get_array (point)) != 2)
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                           _("Prometheus sent a point that is not [time, value]."));
      return FALSE;
    }

  if (!node_to_time (json_array_get_element (pair, 0), &sample.time, error)
      || !node_to_number (json_array_get_element (pair, 1), &sample.value, error))
    return FALSE;

  g_array_append_val (samples, sample);
  return TRUE;
}

static GArray *
extract_prometheus (JsonNode  *root,
                    GError   **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  JsonObject *object, *data;
  const char *status, *result_type;
  JsonNode *result;

  if (!JSON_NODE_HOLDS_OBJECT (root)
      || (status = json_object_get_string_member_with_default (
                     object = json_node_get_object (root), "status", NULL)) == NULL)
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                           _("The answer is not from the Prometheus query API."));
      return NULL;
    }

  if (!g_str_equal (status, "success"))
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                   _("Prometheus refused the query: %s"),
                   json_object_get_string_member_with_default (object, "error", status));
      return NULL;
    }

  if (!json_object_has_member (object, "data")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data"))
      || (result_type = json_object_get_string_member_with_default (
            data = json_object_get_object_member (object, "data"), "resultType", NULL)) == NULL
      || (result = json_object_get_member (data, "result")) == NULL)
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                           _("The answer is not from the Prometheus query API."));
      return NULL;
    }

  if (g_str_equal (result_type, "scalar"))
    {
      if (!append_prometheus_point (samples, result, error))
        return NULL;
    }
  else if (g_str_equal (result_type, "vector") || g_str_equal (result_type, "matrix"))
    {
      gboolean matrix = g_str_equal (result_type, "matrix");
      JsonArray *series;
      JsonObject *one;

      if (!JSON_NODE_HOLDS_ARRAY (result))
        {
          g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                               _("The answer is not from the Prometheus query API."));
          return NULL;
        }
      series = json_node_get_array (result);
      if (json_array_get_length (series) == 0)
        {
          g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                               _("The query returned no data."));
          return NULL;
        }
      if (json_array_get_length (series) > 1)
        {
          g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                       _("The query returned %u series; a KPI needs one "
                         "(aggregate it, e.g. with sum() or avg())."),
                       json_array_get_length (series));
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (series, 0)))
        {
          g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                               _("The answer is not from the Prometheus query API."));
          return NULL;
        }
      one = json_array_get_object_element (series, 0);

      if (!matrix)
        {
          JsonNode *value = json_object_get_member (one, "value");

          if (value == NULL || !append_prometheus_point (samples, value, error))
            {
              if (value == NULL)
                g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                                     _("Prometheus sent a series without a value."));
              return NULL;
            }
        }
      else
        {
          JsonNode *values = json_object_get_member (one, "values");

          if (values == NULL || !JSON_NODE_HOLDS_ARRAY (values))
            {
              g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                                   _("Prometheus sent a series without values."));
              return NULL;
            }
          for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
            {
              if (!append_prometheus_point (samples,
                                            json_array_get_element (json_node_get_array (values), i),
                                            error))
                return NULL;
            }
        }
    }
  else
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                   _("Prometheus returned a %s; a KPI needs a number (vector, matrix or scalar)."),
                   result_type);
      return NULL;
    }

  return g_steal_pointer (&samples);
}

/* Values (numbers, numeric strings, or [time, value] pairs) at the feed's
 * path, with times from its time path when it has one. */
static GArray *
extract_json (WmRecord  *feed,
              JsonNode  *root,
              gint64     now,
              GError   **error)
{
  const char *path = wm_record_get_string (feed, WM_FEED_PATH);
  const char *time_path = wm_record_get_string (feed, WM_FEED_TIME_PATH);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) times = NULL;

  if (*path == '\0')
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                           _("The feed has no JSONPath to its value."));
      return NULL;
    }

  values = query_path (root, path, FALSE, error);
  if (values == NULL)
    return NULL;

  if (*time_path != '\0')
    {
      times = query_path (root, time_path, TRUE, error);
      if (times == NULL)
        return NULL;
      if (times->len != values->len)
        {
          g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                       _("The path finds %u values but the time path %u times."),
                       values->len, times->len);
          return NULL;
        }
    }

  for (guint i = 0; i < values->len; i++)
    {
      JsonNode *node = g_ptr_array_index (values, i);
      WmSample sample = { now, 0.0, 0 };

      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
        {
          JsonArray *pair = json_node_get_array (node);

          if (!node_to_time (json_array_get_element (pair, 0), &sample.time, error)
              || !node_to_number (json_array_get_element (pair, 1), &sample.value, error))
            return NULL;
        }
      else
        {
          if (!node_to_number (node, &sample.value, error))
            return NULL;
          if (times != NULL && !node_to_time (g_ptr_array_index (times, i), &sample.time, error))
            return NULL;
          if (times == NULL && values->len > 1)
            {
              g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                           _("The path finds %u values; give a time path to keep them as "
                             "history, or narrow the path to one value."),
                           values->len);
              return NULL;
            }
        }
      g_array_append_val (samples, sample);
    }

  return g_steal_pointer (&samples);
}

/* Raw answers from JSON (path to the scores) or CSV (column of scores),
 * computed into one sample by the KPI's kind. */
static GArray *
extract_responses_json (WmRecord  *feed,
                        WmRecord  *kpi,
                        JsonNode  *root,
                        GArray    *scores,
                        gint64    *time,
                        GError   **error)
{
  const char *path = wm_record_get_string (feed, WM_FEED_PATH);
  const char *time_path = wm_record_get_string (feed, WM_FEED_TIME_PATH);
  const char *kind = wm_record_get_string (kpi, WM_KPI_KIND);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) times = NULL;

  if (*path == '\0')
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                           _("The feed has no JSONPath to the answers’ scores."));
      return NULL;
    }

  values = query_path (root, path, FALSE, error);
  if (values == NULL)
    return NULL;
  if (*time_path != '\0' && (times = query_path (root, time_path, TRUE, error)) == NULL)
    return NULL;

  for (guint i = 0; i < values->len; i++)
    {
      JsonNode *node = g_ptr_array_index (values, i);
      const char *text = NULL;
      double score;
      g_autoptr(GError) local_error = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          text = json_node_get_string (node);
          /* Zendesk lists ratings it asked for but got no answer to. */
          if (g_str_equal (text, "offered") || g_str_equal (text, "unoffered"))
            continue;
        }

      if (text != NULL ? !wm_kpi_score_from_string (kind, text, &score, &local_error)
                       : !node_to_number (node, &score, &local_error))
        {
          g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER,
                       _("Answer %u: %s"), i + 1, local_error->message);
          return NULL;
        }
      g_array_append_val (scores, score);
    }

  if (times != NULL)
    {
      for (guint i = 0; i < times->len; i++)
        {
          gint64 t;

          if (!node_to_time (g_ptr_array_index (times, i), &t, error))
            return NULL;
          *time = i == 0 ? t : MAX (*time, t);
        }
    }

  return scores;
}

static gboolean
find_column (WmRecord   *feed,
             GPtrArray  *header,
             const char *name,
             guint      *column,
             GError    **error)
{
  guint64 index;

  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *cell = g_strstrip (g_strdup (g_ptr_array_index (header, i)));

      if (g_str_equal (cell, name))
        {
          *column = i;
          return TRUE;
        }
    }

  /* A 1-based column number for files without a header. */
  if (g_ascii_string_to_unsigned (name, 10, 1, header->len, &index, NULL))
    {
      *column = (guint) index - 1;
      return TRUE;
    }

  g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
               _("The CSV file has no column “%s”."), name);
  return FALSE;
}

/* The rows of a CSV body, header first; @separator: ',' or ';'. */
static GPtrArray *
read_csv (GBytes  *body,
          char    *separator,
          GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GError) local_error = NULL;
  WmCsvReader reader;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!wm_csv_reader_init (&reader, data, length, &local_error))
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_PARSE, "%s", local_error->message);
      return NULL;
    }

  for (;;)
    {
      GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);

      if (!wm_csv_reader_next (&reader, fields, &local_error))
        {
          g_ptr_array_unref (fields);
          break;
        }
      g_ptr_array_add (rows, fields);
    }

  if (local_error != NULL)
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_PARSE,
                   _("The answer is not valid CSV: %s"), local_error->message);
      return NULL;
    }
  if (rows->len < 2)
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                           _("The CSV file has a header but no rows."));
      return NULL;
    }

  *separator = reader.separator;
  return g_steal_pointer (&rows);
}

/* The row the feed's row rule picks: "last" (default), "first", or
 * "match:COLUMN=VALUE" (the last row whose COLUMN is VALUE). */
static GPtrArray *
pick_csv_row (WmRecord   *feed,
              GPtrArray  *rows,
              GError    **error)
{
  const char *rule = wm_record_get_string (feed, WM_FEED_ROW_RULE);
  GPtrArray *header = g_ptr_array_index (rows, 0);

  if (*rule == '\0' || g_str_equal (rule, "last"))
    return g_ptr_array_index (rows, rows->len - 1);
  if (g_str_equal (rule, "first"))
    return g_ptr_array_index (rows, 1);

  if (g_str_has_prefix (rule, "match:") && strchr (rule, '=') != NULL)
    {
      g_autofree char *name = g_strndup (rule + 6, strchr (rule, '=') - (rule + 6));
      const char *wanted = strchr (rule, '=') + 1;
      guint column;

      if (!find_column (feed, header, name, &column, error))
        return NULL;
      for (guint i = rows->len - 1; i >= 1; i--)
        {
          GPtrArray *row = g_ptr_array_index (rows, i);

          if (column < row->len && g_str_equal (g_ptr_array_index (row, column), wanted))
            return row;
        }
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                   _("No row of the CSV file has “%s” in column “%s”."), wanted, name);
      return NULL;
    }

  g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
               _("The row rule “%s” is not “last”, “first” or “match:COLUMN=VALUE”."), rule);
  return NULL;
}

/* The number in @row's @column, as a file separated by @separator writes
 * it: with semicolons, in the decimal commas of the locales that use them,
 * as the KPI import reads it. A value (@kind NULL) may end in a percent
 * sign, as the KPI's unit says already; an answer's score may not. */
static gboolean
csv_number (GPtrArray  *row,
            guint       column,
            char        separator,
            const char *kind,
            double     *value,
            GError    **error)
{
  g_autofree char *text = NULL;

  if (column >= row->len)
    return FALSE;
  text = g_strstrip (g_strdup (g_ptr_array_index (row, column)));
  if (separator == ';')
    wm_csv_read_decimal_comma (&text);
  if (kind == NULL && g_str_has_suffix (text, "%") && text[1] != '\0')
    {
      text[strlen (text) - 1] = '\0';
      g_strchomp (text);
    }

  return wm_kpi_score_from_string (kind, text, value, error);
}

static GArray *
extract_csv (WmRecord  *feed,
             WmRecord  *kpi,
             GBytes    *body,
             gboolean   responses,
             GArray    *scores,
             gint64     now,
             GError   **error)
{
  const char *column_name = wm_record_get_string (feed, WM_FEED_COLUMN_NAME);
  const char *time_column = wm_record_get_string (feed, WM_FEED_TIME_PATH);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *header, *row;
  WmSample sample = { now, 0.0, 0 };
  guint column, time_col = G_MAXUINT;
  char separator = ',';

  if (*column_name == '\0')
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                           _("The feed names no CSV column."));
      return NULL;
    }

  rows = read_csv (body, &separator, error);
  if (rows == NULL)
    return NULL;
  header = g_ptr_array_index (rows, 0);
  if (!find_column (feed, header, column_name, &column, error))
    return NULL;
  if (*time_column != '\0' && !find_column (feed, header, time_column, &time_col, error))
    return NULL;

  if (responses)
    {
      const char *kind = wm_record_get_string (kpi, WM_KPI_KIND);

      for (guint i = 1; i < rows->len; i++)
        {
          g_autoptr(GError) local_error = NULL;
          double score;

          row = g_ptr_array_index (rows, i);
          if (!csv_number (row, column, separator, kind, &score, &local_error))
            {
              g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER, _("Row %u: %s"), i,
                           local_error ? local_error->message : _("the column is missing."));
              return NULL;
            }
          g_array_append_val (scores, score);
        }
      return g_steal_pointer (&samples);
    }

  row = pick_csv_row (feed, rows, error);
  if (row == NULL)
    return NULL;
  if (!csv_number (row, column, separator, NULL, &sample.value, NULL))
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER,
                   _("The value in column “%s”, “%s”, is not a finite number."), column_name,
                   column < row->len ? (const char *) g_ptr_array_index (row, column) : "");
      return NULL;
    }
  if (time_col != G_MAXUINT
      && (time_col >= row->len || !parse_time_text (g_ptr_array_index (row, time_col),
                                                    &sample.time)))
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE,
                   _("The time in column “%s” is not a date and time."), time_column);
      return NULL;
    }

  g_array_append_val (samples, sample);
  return g_steal_pointer (&samples);
}

static gboolean
looks_like_html (GBytes     *body,
                 const char *content_type)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  gsize i = 0;

  if (content_type != NULL
      && (g_str_has_prefix (content_type, "text/html")
          || g_str_has_prefix (content_type, "application/xhtml")))
    return TRUE;

  while (i < length && g_ascii_isspace (data[i]))
    i++;

  return i < length && data[i] == '<';
}

/* Public API */

WmFeedState
wm_feed_state_from_string (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (state_names[i], state) == 0)
        return (WmFeedState) i;
    }

  return WM_FEED_STATE_NEW;
}

const char *
wm_feed_state_to_string (WmFeedState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), "new");

  return state_names[state];
}

const char *
wm_feed_state_get_label (WmFeedState state)
{
  switch (state)
    {
    case WM_FEED_STATE_OK:
      return C_("feed state", "Up to date");
    case WM_FEED_STATE_STALE:
      return C_("feed state", "Stale");
    case WM_FEED_STATE_ERROR:
      return C_("feed state", "Error");
    case WM_FEED_STATE_PAUSED:
      return C_("feed state", "Paused");
    case WM_FEED_STATE_NEW:
    default:
      return C_("feed state", "Not fetched yet");
    }
}

WmFeedType
wm_feed_type_from_string (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_strcmp0 (type_names[i], type) == 0)
        return (WmFeedType) i;
    }

  return WM_FEED_TYPE_JSON;
}

const char *
wm_feed_type_get_label (WmFeedType type)
{
  switch (type)
    {
    case WM_FEED_TYPE_PROMETHEUS:
      return C_("feed type", "Prometheus");
    case WM_FEED_TYPE_CSV:
      return C_("feed type", "CSV");
    case WM_FEED_TYPE_RESPONSES:
      return C_("feed type", "Raw answers");
    case WM_FEED_TYPE_JSON:
    default:
      return C_("feed type", "JSON");
    }
}

double
wm_feed_get_scale (WmRecord *feed)
{
  double scale;

  g_return_val_if_fail (WM_IS_RECORD (feed), 1.0);

  if (!wm_record_is_set (feed, WM_FEED_SCALE))
    return 1.0;
  scale = wm_record_get_double (feed, WM_FEED_SCALE);

  return isfinite (scale) && scale > 0 ? scale : 1.0;
}

void
wm_feed_drop_stale_validators (WmRecord *before,
                               WmRecord *draft)
{
  static const WmColumnId definition[] = {
    WM_FEED_TYPE, WM_FEED_URL, WM_FEED_PATH, WM_FEED_TIME_PATH, WM_FEED_QUERY,
    WM_FEED_COLUMN_NAME, WM_FEED_ROW_RULE, WM_FEED_AUTH, WM_FEED_AUTH_HEADER, WM_FEED_AUTH_USER,
  };
  gboolean changed;

  g_return_if_fail (WM_IS_RECORD (before));
  g_return_if_fail (WM_IS_RECORD (draft));

  changed = wm_feed_get_scale (before) != wm_feed_get_scale (draft);
  for (guint i = 0; i < G_N_ELEMENTS (definition) && !changed; i++)
    changed = g_strcmp0 (wm_record_get_string (before, definition[i]),
                         wm_record_get_string (draft, definition[i])) != 0;
  if (!changed)
    return;

  wm_record_set_string (draft, WM_FEED_ETAG, "");
  wm_record_set_string (draft, WM_FEED_LAST_MODIFIED, "");
}

WmFeedState
wm_feed_get_state (WmRecord *feed)
{
  g_return_val_if_fail (WM_IS_RECORD (feed), WM_FEED_STATE_NEW);

  WmFeedState state;
  gint64 interval, now;

  if (!wm_record_get_boolean (feed, WM_FEED_ENABLED))
    return WM_FEED_STATE_PAUSED;

  state = wm_feed_state_from_string (wm_record_get_string (feed, WM_FEED_STATE));

  /* A value older than two intervals is stale, whatever was stored. */
  interval = MAX (wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS), 1);
  now = g_get_real_time () / G_USEC_PER_SEC;
  if (state == WM_FEED_STATE_OK && wm_record_is_set (feed, WM_FEED_LAST_SUCCESS_AT)
      && now - wm_record_get_int (feed, WM_FEED_LAST_SUCCESS_AT) > 2 * interval)
    return WM_FEED_STATE_STALE;

  return state;
}

gint64
wm_feed_next_delay (gint64 interval_seconds,
                    gint64 failures)
{
  gint64 delay = 30;

  interval_seconds = MAX (interval_seconds, 1);
  if (failures <= 0)
    return interval_seconds;

  for (gint64 i = 1; i < failures && delay < WM_FEED_MAX_BACKOFF_SECONDS; i++)
    delay *= 2;

  /* A short interval backs off from itself, not from 30 s. */
  if (interval_seconds < 30)
    {
      delay = interval_seconds;
      for (gint64 i = 1; i < failures && delay < WM_FEED_MAX_BACKOFF_SECONDS; i++)
        delay *= 2;
    }

  return MIN (delay, WM_FEED_MAX_BACKOFF_SECONDS);
}

gboolean
wm_feed_url_is_insecure (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;

  host = g_uri_get_host (uri);
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0
      || g_str_has_suffix (host, ".localhost"))
    return FALSE;

  address = g_inet_address_new_from_string (host);

  return address == NULL || !g_inet_address_get_is_loopback (address);
}

gboolean
wm_feed_check_json_depth (const char  *data,
                          gsize        length,
                          guint        max_depth,
                          GError     **error)
{
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;

  /* Not a parser: brackets outside strings are all that nests in JSON, and
   * json-glib itself will reject whatever else is wrong. */
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_TOO_DEEP,
                           _("The JSON answer nests deeper than %u levels."), max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

GUri *
wm_feed_build_uri (WmRecord  *feed,
                   gint64     range_start,
                   gint64     range_end,
                   gint64     step,
                   GError   **error)
{
  const char *url = wm_record_get_string (feed, WM_FEED_URL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GString) params = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, &local_error);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                   _("“%s” is not an http:// or https:// address."), url);
      return NULL;
    }

  if (wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE)) != WM_FEED_TYPE_PROMETHEUS)
    {
      /* "http://host" asks for "/" (an empty request path is a bad request). */
      if (*g_uri_get_path (uri) == '\0')
        return g_uri_build (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (uri),
                            g_uri_get_userinfo (uri), g_uri_get_host (uri), g_uri_get_port (uri),
                            "/", g_uri_get_query (uri), g_uri_get_fragment (uri));
      return g_steal_pointer (&uri);
    }

  if (*wm_record_get_string (feed, WM_FEED_QUERY) == '\0')
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                           _("The Prometheus feed has no query."));
      return NULL;
    }

  /* The base URL as users know it, perhaps behind a path prefix. */
  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  if (!g_str_has_suffix (path, "/api/v1/query") && !g_str_has_suffix (path, "/api/v1/query_range"))
    {
      char *full = g_strconcat (path, range_start < range_end ? "/api/v1/query_range"
                                                               : "/api/v1/query", NULL);
      g_free (path);
      path = full;
    }

  params = g_string_new ("query=");
  g_string_append_uri_escaped (params, wm_record_get_string (feed, WM_FEED_QUERY), NULL, FALSE);
  if (range_start < range_end)
    g_string_append_printf (params, "&start=%" G_GINT64_FORMAT "&end=%" G_GINT64_FORMAT
                            "&step=%" G_GINT64_FORMAT, range_start, range_end, MAX (step, 1));

  return g_uri_build (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                      g_uri_get_host (uri), g_uri_get_port (uri), path, params->str, NULL);
}

GArray *
wm_feed_extract (WmRecord    *feed,
                 WmRecord    *kpi,
                 GBytes      *body,
                 const char  *content_type,
                 gint64       now,
                 GError     **error)
{
  WmFeedType type;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean csv_body;
  double scale;

  g_return_val_if_fail (WM_IS_RECORD (feed), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  type = wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE));

  if (g_bytes_get_size (body) == 0)
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_EMPTY,
                           _("The server sent an empty answer."));
      return NULL;
    }
  if (looks_like_html (body, content_type))
    {
      g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_HTML,
                           _("The server sent a web page (a login page?) instead of data."));
      return NULL;
    }

  csv_body = type == WM_FEED_TYPE_CSV
             || (type == WM_FEED_TYPE_RESPONSES
                 && *wm_record_get_string (feed, WM_FEED_COLUMN_NAME) != '\0');

  if (type == WM_FEED_TYPE_RESPONSES)
    {
      g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
      WmSample sample = { now, 0.0, 0 };
      WmKpiResult result;
      g_autoptr(GError) local_error = NULL;

      g_return_val_if_fail (WM_IS_RECORD (kpi), NULL);

      if (csv_body)
        {
          g_autoptr(GArray) unused = extract_csv (feed, kpi, body, TRUE, scores, now, error);

          if (unused == NULL)
            return NULL;
        }
      else if ((root = parse_json (body, error)) == NULL
               || extract_responses_json (feed, kpi, root, scores, &sample.time, error) == NULL)
        return NULL;

      if (!wm_kpi_compute_for_record (kpi, (const double *) scores->data, scores->len,
                                      &result, &local_error))
        {
          g_set_error_literal (error, WM_FEED_ERROR,
                               local_error->code == WM_KPI_ERROR_NO_DATA
                                 ? WM_FEED_ERROR_SHAPE : WM_FEED_ERROR_NOT_NUMBER,
                               local_error->message);
          return NULL;
        }
      sample.value = result.value;
      sample.n = result.n;
      sample.margin = isfinite (result.margin) ? result.margin : 0.0;
      samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
      g_array_append_val (samples, sample);
      return g_steal_pointer (&samples);
    }

  if (csv_body)
    samples = extract_csv (feed, kpi, body, FALSE, NULL, now, error);
  else if ((root = parse_json (body, error)) == NULL)
    return NULL;
  else if (type == WM_FEED_TYPE_PROMETHEUS)
    samples = extract_prometheus (root, error);
  else
    samples = extract_json (feed, root, now, error);

  if (samples == NULL)
    return NULL;

  /* 0.92 of a backend that gives shares as fractions → 92 % */
  scale = wm_feed_get_scale (feed);
  if (scale != 1.0)
    {
      for (guint i = 0; i < samples->len; i++)
        {
          WmSample *sample = &g_array_index (samples, WmSample, i);

          sample->value *= scale;
          if (!isfinite (sample->value))
            {
              g_set_error_literal (error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER,
                                   _("The feed’s value is too large once multiplied."));
              return NULL;
            }
        }
    }

  g_array_sort (samples, compare_samples);
  return g_steal_pointer (&samples);
}

WmRecord *
wm_feed_new_draft (gint64      kpi_id,
                   WmFeedType  type,
                   const char *url)
{
  WmRecord *draft = wm_record_new (WM_ENTITY_FEED);

  wm_record_set_ref (draft, WM_FEED_KPI_ID, kpi_id);
  wm_record_set_string (draft, WM_FEED_TYPE, type_names[type]);
  wm_record_set_string (draft, WM_FEED_URL, url ? url : "");
  /* The schema's defaults, so a draft can be tested before it is stored. */
  wm_record_set_string (draft, WM_FEED_AUTH, "none");
  wm_record_set_int (draft, WM_FEED_INTERVAL_SECONDS, WM_FEED_DEFAULT_INTERVAL);
  wm_record_set_int (draft, WM_FEED_TIMEOUT_SECONDS, WM_FEED_DEFAULT_TIMEOUT);
  wm_record_set_int (draft, WM_FEED_MAX_BYTES, WM_FEED_DEFAULT_MAX_BYTES);
  wm_record_set_double (draft, WM_FEED_SCALE, 1.0);
  wm_record_set_boolean (draft, WM_FEED_ENABLED, TRUE);
  wm_record_set_string (draft, WM_FEED_STATE, "new");

  return draft;
}
