/* wm-test-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <glib/gstdio.h>

#include "wm-test-util.h"

/* Files and directories */

char *
wm_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("waymark-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

void
wm_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        wm_test_remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
wm_test_list_dir (const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

char *
wm_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

void
wm_test_write_file (const char *path,
                    const void *data,
                    gsize       size)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) size, &error);
  g_assert_no_error (error);
}

GBytes *
wm_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* SQLite, directly */

sqlite3 *
wm_test_open_raw (const char *path,
                  gboolean    writable)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    g_error ("Cannot open %s directly: %s", path, sqlite3_errstr (rc));

  return db;
}

void
wm_test_exec (sqlite3    *db,
              const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, message);
}

gint64
wm_test_query_int (sqlite3    *db,
                   const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("“%s” returned no row: %s", sql, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

char *
wm_test_query_text (sqlite3    *db,
                    const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("“%s” returned no row: %s", sql, sqlite3_errmsg (db));
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

void
wm_test_age_rows (const char *path,
                  gint64      time)
{
  sqlite3 *db = wm_test_open_raw (path, TRUE);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET created_at = %" G_GINT64_FORMAT
                                              ", modified_at = %" G_GINT64_FORMAT,
                                              wm_entity_get_info (e)->table, time, time);

      wm_test_exec (db, sql);
    }
  sqlite3_close (db);
}

char *
wm_test_integrity_check (const char *path)
{
  sqlite3 *db = wm_test_open_raw (path, FALSE);
  char *result = wm_test_query_text (db, "PRAGMA integrity_check");

  sqlite3_close (db);

  return result;
}

static void
dump_value (GString      *out,
            sqlite3_stmt *stmt,
            int           col)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      g_string_append (out, "NULL");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      g_string_append_printf (out, "%.17g", sqlite3_column_double (stmt, col));
      break;
    case SQLITE_TEXT:
      g_string_append_printf (out, "'%s'", (const char *) sqlite3_column_text (stmt, col));
      break;
    case SQLITE_BLOB:
      {
        g_autofree char *hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                            sqlite3_column_blob (stmt, col),
                                                            (gsize) sqlite3_column_bytes (stmt, col));

        g_string_append_printf (out, "x%d:%s", sqlite3_column_bytes (stmt, col), hex);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
wm_test_dump_project (const char *path)
{
  sqlite3 *db = wm_test_open_raw (path, FALSE);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_string_append_printf (out, "application_id %" G_GINT64_FORMAT "\nuser_version %" G_GINT64_FORMAT "\n",
                          wm_test_query_int (db, "PRAGMA application_id"),
                          wm_test_query_int (db, "PRAGMA user_version"));

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (out, "schema %s %s\n", name, sql ? sql : "");
      if (sql != NULL && g_str_has_prefix (sql, "CREATE TABLE"))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2", table);
      int rc;

      g_string_append_printf (out, "table %s\n", table);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (int col = 0; col < sqlite3_column_count (stmt); col++)
            {
              if (col > 0)
                g_string_append_c (out, '|');
              dump_value (out, stmt, col);
            }
          g_string_append_c (out, '\n');
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* Projects and rows */

gint64
wm_test_count (WmStore  *store,
               WmEntity  entity)
{
  g_autoptr(GError) error = NULL;
  gint64 n = wm_store_count (store, entity, &error);

  g_assert_no_error (error);

  return n;
}

WmStore *
wm_test_create_store (const char  *dir,
                      const char  *name,
                      char       **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  WmStore *store = wm_store_create (path, &error);

  g_assert_no_error (error);
  g_assert_true (WM_IS_STORE (store));
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);

  return store;
}

static gint64
insert_or_die (WmStore  *store,
               WmRecord *draft)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wm_store_insert (store, draft, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

WmRecord *
wm_test_make_draft (WmStore  *store,
                    WmEntity  entity)
{
  g_autoptr(WmRecord) draft = NULL;
  const WmEntityInfo *info = wm_entity_get_info (entity);
  static guint serial;
  g_autofree char *name = g_strdup_printf ("Test %u", ++serial);

  if (entity == WM_ENTITY_PROJECT)
    return NULL;

  draft = wm_record_new (entity);
  switch (entity)
    {
    case WM_ENTITY_CHANNEL:
    case WM_ENTITY_PERSONA:
    case WM_ENTITY_JOURNEY:
    case WM_ENTITY_KPI:
    case WM_ENTITY_VOICE_GUIDELINE:
      wm_record_set_string (draft, info->label_column, name);
      break;

    case WM_ENTITY_PERSONA_ITEM:
      wm_record_set_ref (draft, WM_PERSONA_ITEM_PERSONA_ID, wm_test_insert (store, WM_ENTITY_PERSONA));
      wm_record_set_string (draft, WM_PERSONA_ITEM_KIND, "goal");
      wm_record_set_string (draft, WM_PERSONA_ITEM_TEXT, name);
      break;

    case WM_ENTITY_PERSONA_CHANNEL:
      wm_record_set_ref (draft, WM_PERSONA_CHANNEL_PERSONA_ID, wm_test_insert (store, WM_ENTITY_PERSONA));
      wm_record_set_ref (draft, WM_PERSONA_CHANNEL_CHANNEL_ID, wm_test_insert (store, WM_ENTITY_CHANNEL));
      break;

    case WM_ENTITY_JOURNEY_PERSONA:
      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_JOURNEY_ID, wm_test_insert (store, WM_ENTITY_JOURNEY));
      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_PERSONA_ID, wm_test_insert (store, WM_ENTITY_PERSONA));
      break;

    case WM_ENTITY_STAGE:
    case WM_ENTITY_LANE:
      wm_record_set_ref (draft, info->parent_column, wm_test_insert (store, WM_ENTITY_JOURNEY));
      wm_record_set_string (draft, info->label_column, name);
      break;

    case WM_ENTITY_TOUCHPOINT:
    case WM_ENTITY_CELL:
      {
        gint64 journey = wm_test_insert (store, WM_ENTITY_JOURNEY);

        gboolean cell = entity == WM_ENTITY_CELL;

        wm_record_set_ref (draft, info->parent_column, journey);
        wm_record_set_ref (draft, cell ? WM_CELL_STAGE_ID : WM_TOUCHPOINT_STAGE_ID,
                           wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey,
                                                 "Stage"));
        wm_record_set_ref (draft, cell ? WM_CELL_LANE_ID : WM_TOUCHPOINT_LANE_ID,
                           wm_test_insert_named (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey,
                                                 "Lane"));
        wm_record_set_string (draft, info->label_column, name);
      }
      break;

    case WM_ENTITY_TOUCHPOINT_EMOTION:
      wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, wm_test_insert (store, WM_ENTITY_TOUCHPOINT));
      wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_PERSONA_ID, wm_test_insert (store, WM_ENTITY_PERSONA));
      wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION_EMOTION, -2);
      break;

    case WM_ENTITY_KPI_LINK:
      wm_record_set_ref (draft, WM_KPI_LINK_KPI_ID, wm_test_insert (store, WM_ENTITY_KPI));
      wm_record_set_ref (draft, WM_KPI_LINK_JOURNEY_ID, wm_test_insert (store, WM_ENTITY_JOURNEY));
      break;

    case WM_ENTITY_FEED:
      wm_record_set_ref (draft, WM_FEED_KPI_ID, wm_test_insert (store, WM_ENTITY_KPI));
      wm_record_set_string (draft, WM_FEED_TYPE, "json");
      wm_record_set_string (draft, WM_FEED_URL, "https://cx.example.com/nps.json");
      break;

    case WM_ENTITY_VOICE_RULE:
      wm_record_set_ref (draft, WM_VOICE_RULE_GUIDELINE_ID, wm_test_insert (store, WM_ENTITY_VOICE_GUIDELINE));
      wm_record_set_string (draft, WM_VOICE_RULE_KIND, "banned");
      wm_record_set_string (draft, WM_VOICE_RULE_PATTERN, "synergy");
      break;

    case WM_ENTITY_VOICE_RULE_CHANNEL:
      wm_record_set_ref (draft, WM_VOICE_RULE_CHANNEL_RULE_ID,
                         wm_test_insert (store, WM_ENTITY_VOICE_RULE));
      wm_record_set_ref (draft, WM_VOICE_RULE_CHANNEL_CHANNEL_ID,
                         wm_test_insert (store, WM_ENTITY_CHANNEL));
      break;

    case WM_ENTITY_VOICE_EXAMPLE:
      wm_record_set_ref (draft, WM_VOICE_EXAMPLE_GUIDELINE_ID,
                         wm_test_insert (store, WM_ENTITY_VOICE_GUIDELINE));
      wm_record_set_string (draft, WM_VOICE_EXAMPLE_TEXT, name);
      break;

    case WM_ENTITY_PROJECT:
    case WM_N_ENTITIES:
    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&draft);
}

gint64
wm_test_insert (WmStore  *store,
                WmEntity  entity)
{
  g_autoptr(WmRecord) draft = wm_test_make_draft (store, entity);

  return insert_or_die (store, draft);
}

gint64
wm_test_insert_named (WmStore    *store,
                      WmEntity    entity,
                      WmColumnId  column,
                      gint64      parent_id,
                      const char *name)
{
  g_autoptr(WmRecord) draft = wm_record_new (entity);
  const WmEntityInfo *info = wm_entity_get_info (entity);

  if (column != WM_COLUMN_NONE)
    wm_record_set_ref (draft, column, parent_id);
  wm_record_set_string (draft, info->label_column, name);

  return insert_or_die (store, draft);
}

gint64
wm_test_build_journey (WmStore    *store,
                       const char *name,
                       guint       n_stages,
                       guint       n_lanes)
{
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) lanes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(WmRecord) link = NULL;
  gint64 journey, kpi, persona, first_touchpoint = 0;

  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, name);
  for (guint i = 0; i < n_stages; i++)
    {
      g_autofree char *stage_name = g_strdup_printf ("%s stage %u", name, i);
      gint64 id = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, stage_name);

      g_array_append_val (stages, id);
    }
  for (guint i = 0; i < n_lanes; i++)
    {
      g_autofree char *lane_name = g_strdup_printf ("%s lane %u", name, i);
      gint64 id = wm_test_insert_named (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey, lane_name);

      g_array_append_val (lanes, id);
    }

  persona = wm_test_insert (store, WM_ENTITY_PERSONA);
  for (guint s = 0; s < n_stages; s++)
    for (guint l = 0; l < n_lanes; l++)
      {
        g_autoptr(WmRecord) touchpoint = wm_record_new (WM_ENTITY_TOUCHPOINT);
        g_autoptr(WmRecord) cell = wm_record_new (WM_ENTITY_CELL);
        g_autoptr(WmRecord) emotion = wm_record_new (WM_ENTITY_TOUCHPOINT_EMOTION);
        g_autofree char *title = g_strdup_printf ("%s touchpoint %u×%u", name, s, l);
        gint64 id;

        wm_record_set_ref (touchpoint, WM_TOUCHPOINT_JOURNEY_ID, journey);
        wm_record_set_ref (touchpoint, WM_TOUCHPOINT_STAGE_ID, g_array_index (stages, gint64, s));
        wm_record_set_ref (touchpoint, WM_TOUCHPOINT_LANE_ID, g_array_index (lanes, gint64, l));
        wm_record_set_string (touchpoint, WM_TOUCHPOINT_TITLE, title);
        wm_record_set_int (touchpoint, WM_TOUCHPOINT_EMOTION, (gint64) (s % 7) - 3);
        id = insert_or_die (store, touchpoint);
        if (first_touchpoint == 0)
          first_touchpoint = id;

        wm_record_set_ref (emotion, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, id);
        wm_record_set_ref (emotion, WM_TOUCHPOINT_EMOTION_PERSONA_ID, persona);
        wm_record_set_int (emotion, WM_TOUCHPOINT_EMOTION_EMOTION, 1);
        insert_or_die (store, emotion);

        wm_record_set_ref (cell, WM_CELL_JOURNEY_ID, journey);
        wm_record_set_ref (cell, WM_CELL_STAGE_ID, g_array_index (stages, gint64, s));
        wm_record_set_ref (cell, WM_CELL_LANE_ID, g_array_index (lanes, gint64, l));
        wm_record_set_string (cell, WM_CELL_TEXT, title);
        insert_or_die (store, cell);
      }

  kpi = wm_test_insert (store, WM_ENTITY_KPI);
  link = wm_record_new (WM_ENTITY_KPI_LINK);
  wm_record_set_ref (link, WM_KPI_LINK_KPI_ID, kpi);
  wm_record_set_ref (link, WM_KPI_LINK_JOURNEY_ID, journey);
  insert_or_die (store, link);
  if (n_stages > 0)
    {
      g_clear_object (&link);
      link = wm_record_new (WM_ENTITY_KPI_LINK);
      wm_record_set_ref (link, WM_KPI_LINK_KPI_ID, kpi);
      wm_record_set_ref (link, WM_KPI_LINK_STAGE_ID, g_array_index (stages, gint64, 0));
      insert_or_die (store, link);
    }
  if (first_touchpoint > 0)
    {
      g_clear_object (&link);
      link = wm_record_new (WM_ENTITY_KPI_LINK);
      wm_record_set_ref (link, WM_KPI_LINK_KPI_ID, kpi);
      wm_record_set_ref (link, WM_KPI_LINK_TOUCHPOINT_ID, first_touchpoint);
      insert_or_die (store, link);
    }
  {
    g_autoptr(WmRecord) jp = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);

    wm_record_set_ref (jp, WM_JOURNEY_PERSONA_JOURNEY_ID, journey);
    wm_record_set_ref (jp, WM_JOURNEY_PERSONA_PERSONA_ID, persona);
    insert_or_die (store, jp);
  }

  return journey;
}
