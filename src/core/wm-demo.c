/* wm-demo.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wm-core-resources.h"
#include "wm-demo.h"
#include "wm-demo-private.h"
#include "wm-interchange-private.h"
#include "wm-store-private.h"

/* The demo project is a document in the JSON interchange format
 * (data/demo/demo.json), loaded by the generic importer. What is left here
 * is what only the demo needs:
 * - its text in the user's language, from a translation layer over the one
 *   document (data/demo/demo.<language>.json: table → uuid → column →
 *   text), so the German demo cannot drift from the English one in
 *   structure, and translators see only text;
 * - channels keep the names the new project gave them in the user's
 *   language (matched by their key);
 * - KPI history moved by whole months so that it ends in the current month.
 * Rows get the time of creation as their timestamps. */

#define DEMO_RESOURCE_DIR "/org/waymark/Waymark/demo"
#define DEMO_RESOURCE DEMO_RESOURCE_DIR "/demo.json"
#define DEMO_TRANSLATION_FORMAT 1

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

/* The translatable column of @entity whose key is @key, or -1: text that is
 * not a choice (a choice is a value, not words). */
static int
text_column (WmEntity    entity,
             const char *key)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);

  for (guint i = 0; i < info->n_columns; i++)
    {
      if (info->columns[i].type == WM_COLUMN_TEXT && info->columns[i].choices == NULL &&
          g_strcmp0 (wm_interchange_column_key (entity, i), key) == 0)
        return (int) i;
    }

  return -1;
}

static gboolean
translate_row (WmProjectData  *data,
               WmEntity        entity,
               const char     *uuid,
               JsonNode       *node,
               GError        **error)
{
  const char *table = wm_entity_get_info (entity)->table;
  WmRow *row = wm_project_data_lookup (data, entity, uuid);
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (row == NULL)
    return fail (error, _("Demo translation: %s “%s”: no such row in the demo"), table, uuid);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, _("Demo translation: %s “%s”: expected an object"), table, uuid);

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);
      int column = text_column (entity, key);

      if (column < 0)
        return fail (error, _("Demo translation: %s “%s”.%s: not a text to translate"), table,
                     uuid, key);
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (value), -1, NULL))
        return fail (error, _("Demo translation: %s “%s”.%s: expected a string"), table, uuid,
                     key);
      wm_row_take_value (row, (guint) column, g_strdup (json_node_get_string (value)));
    }

  return TRUE;
}

static gboolean
translate (WmProjectData  *data,
           GBytes         *translation,
           GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GList) tables = NULL;
  JsonObject *root;
  JsonNode *format;
  gsize size = 0;
  const char *text = g_bytes_get_data (translation, &size);

  if (text == NULL || !g_utf8_validate_len (text, size, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize) size, &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return fail (error, _("Demo translation: not a JSON object: %s"),
                 parse_error != NULL ? parse_error->message : "");

  root = json_node_get_object (json_parser_get_root (parser));
  format = json_object_get_member (root, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64 ||
      json_node_get_int (format) != DEMO_TRANSLATION_FORMAT)
    return fail (error, _("Demo translation: format: expected %d"), DEMO_TRANSLATION_FORMAT);

  tables = json_object_get_members (root);
  for (GList *l = tables; l != NULL; l = l->next)
    {
      const char *table = l->data;
      const WmEntityInfo *info = wm_entity_lookup_table (table);
      JsonNode *node = json_object_get_member (root, table);
      g_autoptr(GList) uuids = NULL;

      if (g_strcmp0 (table, "format") == 0)
        continue;
      if (info == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, _("Demo translation: %s: unknown member"), table);
      uuids = json_object_get_members (json_node_get_object (node));
      for (GList *u = uuids; u != NULL; u = u->next)
        {
          JsonNode *row = json_object_get_member (json_node_get_object (node), u->data);

          if (!translate_row (data, info->entity, u->data, row, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Channels are named as the new project named them, in the user's language. */
static gboolean
name_channels (WmProjectData  *data,
               WmStore        *store,
               GError        **error)
{
  g_autoptr(GPtrArray) channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0,
                                                 error);
  GPtrArray *rows = data->rows[WM_ENTITY_CHANNEL];
  guint key = WM_COLUMN_INDEX (WM_CHANNEL_KEY);
  guint name = WM_COLUMN_INDEX (WM_CHANNEL_NAME);

  if (channels == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      WmRow *row = g_ptr_array_index (rows, i);

      for (guint c = 0; row->values[key] != NULL && row->values[key][0] != '\0' &&
                        c < channels->len; c++)
        {
          WmRecord *channel = g_ptr_array_index (channels, c);

          if (g_strcmp0 (wm_record_get_string (channel, WM_CHANNEL_KEY), row->values[key]) == 0)
            wm_row_take_value (row, name,
                               g_strdup (wm_record_get_string (channel, WM_CHANNEL_NAME)));
        }
    }

  return TRUE;
}

static int
month_number (gint64 time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (time);

  return date != NULL ? g_date_time_get_year (date) * 12 + g_date_time_get_month (date) - 1 : 0;
}

/* The history ends in the month of @now: every sample moves by as many
 * whole months as lie between the last one and @now. */
static gboolean
move_history (WmProjectData  *data,
              gint64          now,
              GError        **error)
{
  gint64 last = G_MININT64;
  int months;

  for (guint i = 0; i < data->samples->len; i++)
    last = MAX (last, g_array_index (data->samples, WmSampleRow, i).time);
  if (last == G_MININT64)
    return TRUE;

  months = month_number (now) - month_number (last);
  for (guint i = 0; i < data->samples->len; i++)
    {
      WmSampleRow *sample = &g_array_index (data->samples, WmSampleRow, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (sample->time);
      g_autoptr(GDateTime) moved = time != NULL ? g_date_time_add_months (time, months) : NULL;

      if (moved == NULL)
        return fail (error, _("Demo: the KPI history falls outside the calendar when it ends "
                              "now."));
      sample->time = g_date_time_to_unix (moved);
    }

  return TRUE;
}

static gboolean
check_empty (WmStore  *store,
             GError  **error)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      gint64 count;

      if (e == WM_ENTITY_PROJECT || e == WM_ENTITY_CHANNEL)
        continue;
      if ((count = wm_store_count (store, e, error)) < 0)
        return FALSE;
      if (count > 0)
        return fail (error, _("Demo: the project is not empty; the demo only fills a new "
                              "project."));
    }

  return TRUE;
}

/* Private API */

gboolean
wm_demo_populate_translated (WmStore  *store,
                             GBytes   *json,
                             GBytes   *translation,
                             gint64    now,
                             GError  **error)
{
  g_autoptr(WmProjectData) data = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  if (!check_empty (store, error))
    return FALSE;
  if ((data = wm_project_data_parse (json, error)) == NULL)
    {
      g_prefix_error (error, _("Demo: "));
      return FALSE;
    }
  if ((translation != NULL && !translate (data, translation, error)) ||
      !name_channels (data, store, error) || !move_history (data, now, error))
    return FALSE;

  if (!wm_store_ensure_writable (store, error) ||
      !wm_store_begin_edit (store, _("Create demo"), error))
    return FALSE;
  if (!wm_project_data_write_into (data, store->db, error))
    {
      g_prefix_error (error, _("Demo: "));
      wm_store_rollback_edit (store);
      return FALSE;
    }
  if (!wm_store_commit_edit (store, error))
    return FALSE;

  /* The demo is where a project starts, not a change anyone would undo. */
  wm_store_clear_history (store);

  return TRUE;
}

gboolean
wm_demo_populate_from_data (WmStore  *store,
                            GBytes   *json,
                            gint64    now,
                            GError  **error)
{
  return wm_demo_populate_translated (store, json, NULL, now, error);
}

/* The translation for the first of @languages that has one, or NULL. */
static GBytes *
lookup_translation (const char * const *languages)
{
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf (DEMO_RESOURCE_DIR "/demo.%s.json", languages[i]);
      GBytes *json;

      /* "C" and English are the document itself. */
      if (g_str_equal (languages[i], "C") || g_str_has_prefix (languages[i], "en"))
        return NULL;
      json = g_resource_lookup_data (wm_core_get_resource (), path,
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (json != NULL)
        return json;
    }

  return NULL;
}

gboolean
wm_demo_populate_for_language (WmStore     *store,
                               const char  *language,
                               gint64       now,
                               GError     **error)
{
  g_auto(GStrv) variants = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) translation = NULL;
  const char * const *languages;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* "de_DE.UTF-8" is tried as de_DE.UTF-8, de_DE, de.UTF-8 and de, as the
   * user's languages already are. */
  if (language != NULL)
    languages = (const char * const *) (variants = g_get_locale_variants (language));
  else
    languages = g_get_language_names ();

  json = g_resource_lookup_data (wm_core_get_resource (), DEMO_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (json == NULL)
    return FALSE;
  translation = lookup_translation (languages);

  return wm_demo_populate_translated (store, json, translation, now, error);
}

WmStore *
wm_demo_create_for_language (const char  *path,
                             const char  *language,
                             GError     **error)
{
  g_autoptr(WmStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((store = wm_store_create (path, error)) == NULL)
    return NULL;

  if (!wm_demo_populate_for_language (store, language, 0, error))
    {
      /* Closed first: the file must not be in use when it goes. */
      g_clear_object (&store);
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&store);
}

/* Public API */

gboolean
wm_demo_populate (WmStore  *store,
                  gint64    now,
                  GError  **error)
{
  return wm_demo_populate_for_language (store, NULL, now, error);
}

WmStore *
wm_demo_create (const char  *path,
                GError     **error)
{
  return wm_demo_create_for_language (path, NULL, error);
}
