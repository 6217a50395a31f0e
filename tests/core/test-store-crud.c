/* test-store-crud.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "wm-test-util.h"

/* Rows of every entity: adding, reading, changing, ordering, deleting with
 * what belongs to them, and the rules the schema enforces. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "crud.waymark", &fixture->path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static WmRecord *
get (WmStore  *store,
     WmEntity  entity,
     gint64    id)
{
  g_autoptr(GError) error = NULL;
  WmRecord *record = wm_store_get (store, entity, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);

  return record;
}

/* SQLite keeps a count of the memory it uses, process-wide, behind a
 * mutex it takes on every allocation; nothing in Waymark reads it, and a
 * writer thread storing hundreds of feeds' results paid for it. The store
 * turns it off before SQLite starts, which its first call does: this test
 * runs first, on a store made as the application makes one. */
static void
test_sqlite_memstatus_off (Fixture       *fixture,
                           gconstpointer  data)
{
  sqlite3_int64 used = -1, highest = -1;
  g_autoptr(WmRecord) project = get (fixture->store, WM_ENTITY_PROJECT, 1);

  g_assert_cmpint (sqlite3_status64 (SQLITE_STATUS_MEMORY_USED, &used, &highest, FALSE), ==,
                   SQLITE_OK);
  g_assert_cmpint (used, ==, 0);
  g_assert_cmpint (highest, ==, 0);
}

/* The entity metadata is what the store builds its SQL from: it must match
 * the schema a new project really has. */
static void
test_entities_match_schema (Fixture       *fixture,
                            gconstpointer  data)
{
  sqlite3 *db = wm_test_open_raw (fixture->path, FALSE);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(\"%s\")", info->table);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (info->entity, ==, e);
      g_assert_true (wm_entity_lookup_table (info->table) == info);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          const char *type = (const char *) sqlite3_column_text (stmt, 2);
          gboolean not_null = sqlite3_column_int (stmt, 3) != 0;
          gboolean has_default = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
          WmColumnId id = wm_entity_find_column (e, name);
          const WmColumn *column = id != WM_COLUMN_NONE ? wm_column_get_info (id) : NULL;
          const char *expected_type = NULL;

          g_ptr_array_add (names, g_strdup (name));
          if (g_strv_contains ((const char *[]) { "id", "uuid", "created_at", "modified_at", NULL },
                               name))
            {
              g_assert_null (column);
              continue;
            }
          if (column == NULL)
            g_error ("%s.%s is in the schema but not in the entity metadata", info->table, name);

          switch (column->type)
            {
            case WM_COLUMN_TEXT:
              expected_type = "TEXT";
              break;
            case WM_COLUMN_INT:
            case WM_COLUMN_BOOL:
            case WM_COLUMN_REF:
              expected_type = "INTEGER";
              break;
            case WM_COLUMN_REAL:
              expected_type = "REAL";
              break;
            case WM_COLUMN_BLOB:
              expected_type = "BLOB";
              break;
            default:
              g_assert_not_reached ();
            }
          if (g_strcmp0 (type, expected_type) != 0)
            g_error ("%s.%s is %s in the schema, the metadata says %s", info->table, name, type,
                     expected_type);

          /* Nullable in the metadata ⇔ NULL allowed in the schema; a column
           * that need not be given must have a default. */
          if (((column->flags & WM_COLUMN_NULLABLE) != 0) == not_null)
            g_error ("%s.%s: NOT NULL is %d but the metadata's nullable flag is %d", info->table,
                     name, not_null, (column->flags & WM_COLUMN_NULLABLE) != 0);
          if (!(column->flags & (WM_COLUMN_REQUIRED | WM_COLUMN_NULLABLE)) && !has_default)
            g_error ("%s.%s is optional in the metadata but has no default", info->table, name);
          if (column->type == WM_COLUMN_REF)
            g_assert_cmpint (column->ref, <, WM_N_ENTITIES);
        }
      sqlite3_finalize (stmt);

      g_assert_cmpuint (names->len, ==, info->n_columns + 4);
      for (guint i = 0; i < info->n_columns; i++)
        g_assert_true (g_ptr_array_find_with_equal_func (names, info->columns[i].name,
                                                         g_str_equal, NULL));
      g_assert_true (g_ptr_array_find_with_equal_func (names, "uuid", g_str_equal, NULL));
      g_assert_true (g_ptr_array_find_with_equal_func (names, "created_at", g_str_equal, NULL));
      g_assert_true (g_ptr_array_find_with_equal_func (names, "modified_at", g_str_equal, NULL));

      g_assert_cmpuint (info->position_column, ==, wm_entity_find_column (e, "position"));
      if (info->parent_column != WM_COLUMN_NONE)
        {
          g_assert_cmpint (wm_column_get_entity (info->parent_column), ==, e);
          g_assert_cmpint (wm_column_get_info (info->parent_column)->type, ==, WM_COLUMN_REF);
        }
      if (info->label_column != WM_COLUMN_NONE)
        {
          g_assert_cmpint (wm_column_get_entity (info->label_column), ==, e);
          g_assert_cmpint (wm_column_get_info (info->label_column)->type, ==, WM_COLUMN_TEXT);
        }
      /* Each column's id names it, and nothing else does. */
      for (guint i = 0; i < info->n_columns; i++)
        {
          WmColumnId id = WM_COLUMN_ID (e, i);

          g_assert_true (wm_column_is_valid (id));
          g_assert_cmpint (wm_column_get_entity (id), ==, e);
          g_assert_true (wm_column_get_info (id) == &info->columns[i]);
          g_assert_cmpuint (wm_entity_find_column (e, info->columns[i].name), ==, id);
          g_assert_cmpint (info->columns[i].choices != NULL, ==, info->columns[i].context != NULL);
        }
      g_assert_false (wm_column_is_valid (WM_COLUMN_ID (e, info->n_columns)));
    }
  sqlite3_close (db);
}

static void
test_insert_get (Fixture       *fixture,
                 gconstpointer  data)
{
  WmStore *store = fixture->store;

  for (guint e = WM_ENTITY_PROJECT + 1; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      g_autoptr(WmRecord) draft = wm_test_make_draft (store, e);
      g_autoptr(WmRecord) stored = NULL;
      g_autoptr(WmRecord) by_uuid = NULL;
      g_autoptr(GError) error = NULL;
      gint64 before = wm_test_count (store, e);
      gint64 t0 = g_get_real_time () / G_USEC_PER_SEC;
      gint64 id, t1;

      g_test_message ("entity %s", info->table);
      id = wm_store_insert (store, draft, &error);
      t1 = g_get_real_time () / G_USEC_PER_SEC;
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      g_assert_cmpint (wm_test_count (store, e), ==, before + 1);
      g_assert_cmpint (wm_record_get_id (draft), ==, id);
      g_assert_true (g_uuid_string_is_valid (wm_record_get_uuid (draft)));

      stored = get (store, e, id);
      g_assert_cmpint (wm_record_get_entity (stored), ==, e);
      g_assert_cmpint (wm_record_get_id (stored), ==, id);
      g_assert_true (g_uuid_string_is_valid (wm_record_get_uuid (stored)));
      g_assert_cmpstr (wm_record_get_uuid (stored), ==, wm_record_get_uuid (draft));
      g_assert_cmpint (wm_record_get_created_at (stored), >=, t0);
      g_assert_cmpint (wm_record_get_created_at (stored), <=, t1);
      g_assert_cmpint (wm_record_get_modified_at (stored), ==, wm_record_get_created_at (stored));

      /* What was given comes back; every column not nullable is set. */
      for (guint i = 0; i < info->n_columns; i++)
        {
          const WmColumn *column = &info->columns[i];
          WmColumnId col = WM_COLUMN_ID (e, i);

          if (!(column->flags & WM_COLUMN_NULLABLE))
            g_assert_true (wm_record_is_set (stored, col));
          if (!(column->flags & WM_COLUMN_REQUIRED))
            continue;
          switch (column->type)
            {
            case WM_COLUMN_TEXT:
              g_assert_cmpstr (wm_record_get_string (stored, col), ==,
                               wm_record_get_string (draft, col));
              break;
            case WM_COLUMN_REF:
              g_assert_cmpint (wm_record_get_ref (stored, col), ==,
                               wm_record_get_ref (draft, col));
              break;
            case WM_COLUMN_INT:
              g_assert_cmpint (wm_record_get_int (stored, col), ==,
                               wm_record_get_int (draft, col));
              break;
            default:
              break;
            }
        }

      by_uuid = wm_store_find_by_uuid (store, e, wm_record_get_uuid (stored), &error);
      g_assert_no_error (error);
      g_assert_cmpint (wm_record_get_id (by_uuid), ==, id);
      g_assert_cmpstr (wm_record_get_label (by_uuid), ==, wm_record_get_label (stored));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WmRecord) missing = wm_store_get (store, WM_ENTITY_JOURNEY, 987654, &error);

    g_assert_null (missing);
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (wm_store_find_by_uuid (store, WM_ENTITY_JOURNEY,
                                          "00000000-0000-4000-8000-000000000000", &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_project_row (Fixture       *fixture,
                  gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_PROJECT);
  g_autoptr(GError) error = NULL;

  wm_record_set_string (draft, WM_PROJECT_NAME, "Second project");
  g_assert_cmpint (wm_store_insert (store, draft, &error), ==, 0);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_store_delete (store, WM_ENTITY_PROJECT, 1, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_PROJECT), ==, 1);

  g_assert_true (wm_store_set_string (store, 1, WM_PROJECT_NAME, "Retail banking",
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_name (store), ==, "Retail banking");
  g_assert_cmpstr (wm_record_get_string (wm_store_get_project (store), WM_PROJECT_NAME), ==,
                   "Retail banking");
}

/* A value of @column's type, different from @old and valid under the schema. */
static void
set_other_value (WmStore        *store,
                 WmEntity        entity,
                 gint64          id,
                 const WmColumn *column,
                 WmRecord       *old)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) now = NULL;
  WmColumnId col = WM_COLUMN_ID (entity, column - wm_entity_get_info (entity)->columns);
  gboolean ok = FALSE;

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      {
        const char *value = "Ünïcode “quoted” 'single' \"double\" ✓";

        if (column->choices != NULL)
          for (guint i = 0; column->choices[i].value != NULL; i++)
            if (g_strcmp0 (column->choices[i].value, wm_record_get_string (old, col)) != 0)
              value = column->choices[i].value;
        ok = wm_store_set_string (store, id, col, value, &error);
        g_assert_no_error (error);
        now = get (store, entity, id);
        g_assert_cmpstr (wm_record_get_string (now, col), ==, value);
      }
      break;
    case WM_COLUMN_INT:
      {
        gint64 value = wm_record_get_int (old, col) == 3 ? 2 : 3;

        ok = wm_store_set_int (store, id, col, value, &error);
        g_assert_no_error (error);
        now = get (store, entity, id);
        g_assert_true (wm_record_is_set (now, col));
        g_assert_cmpint (wm_record_get_int (now, col), ==, value);
      }
      break;
    case WM_COLUMN_REAL:
      /* Above 0: a feed's scale must be. */
      ok = wm_store_set_double (store, id, col, 42.125, &error);
      g_assert_no_error (error);
      now = get (store, entity, id);
      g_assert_true (wm_record_is_set (now, col));
      g_assert_cmpfloat (wm_record_get_double (now, col), ==, 42.125);
      break;
    case WM_COLUMN_BOOL:
      {
        gboolean value = !wm_record_get_boolean (old, col);

        ok = wm_store_set_boolean (store, id, col, value, &error);
        g_assert_no_error (error);
        now = get (store, entity, id);
        g_assert_cmpint (wm_record_get_boolean (now, col), ==, value);
      }
      break;
    case WM_COLUMN_REF:
      {
        /* Only free references here: required ones tie a row to its place. */
        gint64 target;

        if (!(column->flags & WM_COLUMN_NULLABLE) || entity == WM_ENTITY_KPI_LINK)
          return;
        target = wm_test_insert (store, column->ref);
        ok = wm_store_set_ref (store, id, col, target, &error);
        g_assert_no_error (error);
        now = get (store, entity, id);
        g_assert_cmpint (wm_record_get_ref (now, col), ==, target);
      }
      break;
    case WM_COLUMN_BLOB:
      {
        static const guint8 avatar[] = { 0x89, 'P', 'N', 'G', 0, 0, 0xff, 0x00, 0x42 };
        g_autoptr(GBytes) bytes = g_bytes_new_static (avatar, sizeof avatar);
        g_autoptr(WmRecord) record = get (store, entity, id);

        wm_record_set_bytes (record, col, bytes);
        ok = wm_store_update (store, record, &error);
        g_assert_no_error (error);
        now = get (store, entity, id);
        g_assert_true (wm_record_is_set (now, col));
        g_assert_true (g_bytes_equal (wm_record_get_bytes (now, col), bytes));
      }
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_true (ok);
  g_assert_cmpint (wm_record_get_modified_at (now), >=, wm_record_get_created_at (now));

  /* Every other column kept its value. */
  for (guint i = 0; i < wm_record_get_info (now)->n_columns; i++)
    {
      const WmColumn *other = &wm_record_get_info (now)->columns[i];
      WmColumnId other_col = WM_COLUMN_ID (entity, i);

      if (other == column)
        continue;
      g_assert_cmpint (wm_record_is_set (now, other_col), ==, wm_record_is_set (old, other_col));
      if (other->type == WM_COLUMN_TEXT)
        g_assert_cmpstr (wm_record_get_string (now, other_col), ==,
                         wm_record_get_string (old, other_col));
    }

  /* Nullable columns go back to NULL, through a whole-record update. */
  if (column->flags & WM_COLUMN_NULLABLE)
    {
      g_autoptr(WmRecord) unset = NULL;

      wm_record_unset (now, col);
      g_assert_true (wm_store_update (store, now, &error));
      g_assert_no_error (error);
      unset = get (store, entity, id);
      g_assert_false (wm_record_is_set (unset, col));
      if (column->type == WM_COLUMN_REF)
        g_assert_cmpint (wm_record_get_ref (unset, col), ==, 0);
    }
}

static void
test_update_columns (Fixture       *fixture,
                     gconstpointer  data)
{
  WmStore *store = fixture->store;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      gint64 id = e == WM_ENTITY_PROJECT ? 1 : wm_test_insert (store, e);

      for (guint i = 0; i < info->n_columns; i++)
        {
          g_autoptr(WmRecord) old = get (store, e, id);

          g_test_message ("%s.%s", info->table, info->columns[i].name);
          set_other_value (store, e, id, &info->columns[i], old);
        }
    }
}

static void
test_update_record (Fixture       *fixture,
                    gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  kpi = get (store, WM_ENTITY_KPI, wm_test_insert (store, WM_ENTITY_KPI));
  wm_record_set_string (kpi, WM_KPI_NAME, "Net Promoter Score");
  wm_record_set_string (kpi, WM_KPI_KIND, "nps");
  wm_record_set_string (kpi, WM_KPI_UNIT, "points");
  wm_record_set_double (kpi, WM_KPI_TARGET, 40.0);
  wm_record_set_double (kpi, WM_KPI_WARNING, 20.5);
  wm_record_set_string (kpi, WM_KPI_DIRECTION, "lower");
  g_assert_true (wm_store_update (store, kpi, &error));
  g_assert_no_error (error);

  stored = get (store, WM_ENTITY_KPI, wm_record_get_id (kpi));
  g_assert_cmpstr (wm_record_get_string (stored, WM_KPI_NAME), ==, "Net Promoter Score");
  g_assert_cmpstr (wm_record_get_string (stored, WM_KPI_KIND), ==, "nps");
  g_assert_cmpstr (wm_record_get_string (stored, WM_KPI_UNIT), ==, "points");
  g_assert_cmpfloat (wm_record_get_double (stored, WM_KPI_TARGET), ==, 40.0);
  g_assert_cmpfloat (wm_record_get_double (stored, WM_KPI_WARNING), ==, 20.5);
  g_assert_cmpstr (wm_record_get_string (stored, WM_KPI_DIRECTION), ==, "lower");
  g_assert_cmpstr (wm_record_get_uuid (stored), ==, wm_record_get_uuid (kpi));

  /* A row that is gone cannot be changed. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_KPI, wm_record_get_id (kpi), &error));
  g_assert_no_error (error);
  g_assert_false (wm_store_update (store, stored, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wm_store_set_string (store, wm_record_get_id (kpi), WM_KPI_NAME, "x",
                                       &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

static void
assert_order (WmStore    *store,
              WmEntity    entity,
              WmColumnId  parent_column,
              gint64      parent_id,
              gint64     *ids,
              guint       n_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, parent_column, parent_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (wm_record_get_id (row), ==, ids[i]);
      if (parent_column != WM_COLUMN_NONE)
        g_assert_cmpint (wm_record_get_ref (row, parent_column), ==, parent_id);
      /* Positions stay dense: 0, 1, 2 … */
      g_assert_cmpint (wm_record_get_int (row, wm_entity_get_info (entity)->position_column), ==, i);
    }
}

static void
test_list_move (Fixture       *fixture,
                gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  gint64 a = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "A");
  gint64 b = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "B");
  gint64 c = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "C");
  gint64 sa[4], sb[2];

  for (guint i = 0; i < G_N_ELEMENTS (sa); i++)
    {
      sa[i] = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a, "stage of A");
      if (i < G_N_ELEMENTS (sb))
        sb[i] = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, b, "stage of B");
    }

  assert_order (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, (gint64[]) { a, b, c }, 3);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a, sa, 4);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, b, sb, 2);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, c, NULL, 0);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_STAGE), ==, 6);

  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, sa[3], 0, &error));
  g_assert_no_error (error);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a,
                (gint64[]) { sa[3], sa[0], sa[1], sa[2] }, 4);
  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, sa[3], 2, &error));
  g_assert_no_error (error);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a,
                (gint64[]) { sa[0], sa[1], sa[3], sa[2] }, 4);
  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, sa[0], 99, &error));
  g_assert_no_error (error);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a,
                (gint64[]) { sa[1], sa[3], sa[2], sa[0] }, 4);
  assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, b, sb, 2);

  g_assert_true (wm_store_move (store, WM_ENTITY_JOURNEY, c, 0, &error));
  g_assert_no_error (error);
  assert_order (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, (gint64[]) { c, a, b }, 3);

  /* A new sibling goes last, after the moved ones. */
  {
    gint64 d = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a, "late");

    assert_order (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, a,
                  (gint64[]) { sa[1], sa[3], sa[2], sa[0], d }, 5);
  }

  g_assert_false (wm_store_move (store, WM_ENTITY_STAGE, 99999, 0, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

static gint64
count_where (WmStore    *store,
             WmEntity    entity,
             WmColumnId  column,
             gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, column, id, &error);

  g_assert_no_error (error);

  return rows->len;
}

static void
test_delete_cascade (Fixture       *fixture,
                     gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  static const WmEntity owned[] = {
    WM_ENTITY_STAGE, WM_ENTITY_LANE, WM_ENTITY_TOUCHPOINT, WM_ENTITY_CELL, WM_ENTITY_KPI_LINK,
    WM_ENTITY_JOURNEY_PERSONA, WM_ENTITY_TOUCHPOINT_EMOTION,
  };
  gint64 before[G_N_ELEMENTS (owned)];
  gint64 kept, doomed, kpis, personas;
  gint64 channel, touchpoint;

  kept = wm_test_build_journey (store, "Kept", 2, 2);
  for (guint i = 0; i < G_N_ELEMENTS (owned); i++)
    before[i] = wm_test_count (store, owned[i]);
  doomed = wm_test_build_journey (store, "Doomed", 3, 2);
  kpis = wm_test_count (store, WM_ENTITY_KPI);
  personas = wm_test_count (store, WM_ENTITY_PERSONA);
  for (guint i = 0; i < G_N_ELEMENTS (owned); i++)
    g_assert_cmpint (wm_test_count (store, owned[i]), >, before[i]);

  g_assert_true (wm_store_delete (store, WM_ENTITY_JOURNEY, doomed, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (owned); i++)
    g_assert_cmpint (wm_test_count (store, owned[i]), ==, before[i]);
  g_assert_cmpint (count_where (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, kept), ==, 2);
  g_assert_cmpint (count_where (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, kept), ==, 4);
  g_assert_cmpint (count_where (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, doomed), ==, 0);
  /* What the journey only pointed at stays. */
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI), ==, kpis);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_PERSONA), ==, personas);

  /* Deleting a channel leaves its touchpoints without one. */
  touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, kept, &error);
  touchpoint = wm_record_get_id (g_ptr_array_index (touchpoints, 0));
  channel = wm_test_insert (store, WM_ENTITY_CHANNEL);
  g_assert_true (wm_store_set_ref (store, touchpoint, WM_TOUCHPOINT_CHANNEL_ID, channel,
                                   &error));
  g_assert_no_error (error);
  {
    g_autoptr(WmRecord) before_delete = get (store, WM_ENTITY_TOUCHPOINT, touchpoint);
    g_autoptr(WmRecord) after_delete = NULL;

    g_assert_cmpint (wm_record_get_ref (before_delete, WM_TOUCHPOINT_CHANNEL_ID), ==, channel);
    g_assert_true (wm_store_delete (store, WM_ENTITY_CHANNEL, channel, &error));
    g_assert_no_error (error);
    after_delete = get (store, WM_ENTITY_TOUCHPOINT, touchpoint);
    g_assert_cmpint (wm_record_get_ref (after_delete, WM_TOUCHPOINT_CHANNEL_ID), ==, 0);
    g_assert_false (wm_record_is_set (after_delete, WM_TOUCHPOINT_CHANNEL_ID));
    g_assert_cmpstr (wm_record_get_string (after_delete, WM_TOUCHPOINT_TITLE), ==,
                     wm_record_get_string (before_delete, WM_TOUCHPOINT_TITLE));
  }

  /* Deleting a stage takes its touchpoints, cells and links, not its lanes. */
  {
    g_autoptr(GPtrArray) stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, kept, &error);
    gint64 stage = wm_record_get_id (g_ptr_array_index (stages, 0));
    gint64 links = wm_test_count (store, WM_ENTITY_KPI_LINK);

    g_assert_true (wm_store_delete (store, WM_ENTITY_STAGE, stage, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_where (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, kept), ==, 2);
    g_assert_cmpint (count_where (store, WM_ENTITY_CELL, WM_CELL_JOURNEY_ID, kept), ==, 2);
    g_assert_cmpint (count_where (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, kept), ==, 2);
    /* The stage's own link and the first touchpoint's (in that stage). */
    g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), ==, links - 2);
  }

  g_assert_false (wm_store_delete (store, WM_ENTITY_JOURNEY, doomed, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

/* Runs @edit, which must fail with WM_STORE_ERROR_INVALID and change nothing. */
static void
assert_invalid (Fixture    *fixture,
                const char *what,
                gboolean  (*edit) (WmStore *store, gpointer data, GError **error),
                gpointer    data)
{
  g_autofree char *before = wm_test_dump_project (fixture->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *undo_label = wm_store_get_undo_label (fixture->store);
  g_autofree char *undo_label_before = g_strdup (undo_label);

  g_test_message ("invalid: %s", what);
  if (edit (fixture->store, data, &error))
    g_error ("%s was accepted", what);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");

  after = wm_test_dump_project (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, undo_label_before);
}

static gboolean
insert_draft (WmStore   *store,
              gpointer   data,
              GError   **error)
{
  return wm_store_insert (store, data, error) > 0;
}

typedef struct
{
  gint64      id;
  WmColumnId  column;
  const char *string;
  gint64      number;
} SetArgs;

static gboolean
set_string (WmStore   *store,
            gpointer   data,
            GError   **error)
{
  SetArgs *args = data;

  return wm_store_set_string (store, args->id, args->column, args->string, error);
}

static gboolean
set_int (WmStore   *store,
         gpointer   data,
         GError   **error)
{
  SetArgs *args = data;

  return wm_store_set_int (store, args->id, args->column, args->number, error);
}

static gboolean
set_ref (WmStore   *store,
         gpointer   data,
         GError   **error)
{
  SetArgs *args = data;

  return wm_store_set_ref (store, args->id, args->column, args->number, error);
}

static gboolean
grouped_with_bad_part (WmStore   *store,
                       gpointer   data,
                       GError   **error)
{
  g_autoptr(WmRecord) good = wm_record_new (WM_ENTITY_JOURNEY);
  g_autoptr(WmRecord) bad = wm_record_new (WM_ENTITY_JOURNEY);
  g_autoptr(GError) local_error = NULL;

  if (!wm_store_begin_edit (store, "Two journeys", error))
    return FALSE;
  wm_record_set_string (good, WM_JOURNEY_NAME, "Good");
  g_assert_cmpint (wm_store_insert (store, good, &local_error), >, 0);
  g_assert_no_error (local_error);
  wm_record_set_string (bad, WM_JOURNEY_NAME, "Bad");
  wm_record_set_string (bad, WM_JOURNEY_STATE, "foo");
  if (wm_store_insert (store, bad, error) > 0)
    return TRUE;
  /* The whole edit is abandoned: committing it reports that. */
  g_assert_false (wm_store_commit_edit (store, &local_error));
  g_assert_nonnull (local_error);

  return FALSE;
}

static void
test_constraints (Fixture       *fixture,
                  gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 journey = wm_test_build_journey (store, "Rules", 2, 1);
  gint64 other = wm_test_build_journey (store, "Other", 1, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                                    journey, &error);
  g_autoptr(GPtrArray) other_stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, other,
                                                     &error);
  g_autoptr(GPtrArray) cells = wm_store_list (store, WM_ENTITY_CELL, WM_CELL_JOURNEY_ID, journey,
                                              &error);
  WmRecord *touchpoint = g_ptr_array_index (touchpoints, 0);
  gint64 tp = wm_record_get_id (touchpoint);
  gint64 kpi = wm_test_insert (store, WM_ENTITY_KPI);

  {
    g_autoptr(WmRecord) draft = wm_record_copy (touchpoint);

    wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION, 4);
    assert_invalid (fixture, "insert a touchpoint with emotion 4", insert_draft, draft);
    wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION, -4);
    assert_invalid (fixture, "insert a touchpoint with emotion -4", insert_draft, draft);
  }
  assert_invalid (fixture, "set emotion 4", set_int,
                  &(SetArgs) { tp, WM_TOUCHPOINT_EMOTION, NULL, 4 });
  assert_invalid (fixture, "set dropout_risk foo", set_string,
                  &(SetArgs) { tp, WM_TOUCHPOINT_DROPOUT_RISK, "foo", 0 });
  assert_invalid (fixture, "set journey state foo", set_string,
                  &(SetArgs) { journey, WM_JOURNEY_STATE, "foo", 0 });
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_LANE);

    wm_record_set_ref (draft, WM_LANE_JOURNEY_ID, journey);
    wm_record_set_string (draft, WM_LANE_NAME, "Lane");
    wm_record_set_string (draft, WM_LANE_KIND, "foo");
    assert_invalid (fixture, "insert a lane of kind foo", insert_draft, draft);
  }
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_STAGE);

    wm_record_set_ref (draft, WM_STAGE_JOURNEY_ID, journey);
    assert_invalid (fixture, "insert a stage without a name", insert_draft, draft);
  }
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_STAGE);

    wm_record_set_string (draft, WM_STAGE_NAME, "Nowhere");
    assert_invalid (fixture, "insert a stage without a journey", insert_draft, draft);
    wm_record_set_ref (draft, WM_STAGE_JOURNEY_ID, 424242);
    assert_invalid (fixture, "insert a stage of a missing journey", insert_draft, draft);
  }
  {
    g_autoptr(WmRecord) draft = wm_record_copy (touchpoint);

    wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID,
                       wm_record_get_id (g_ptr_array_index (other_stages, 0)));
    assert_invalid (fixture, "insert a touchpoint in another journey's stage", insert_draft,
                    draft);
  }
  assert_invalid (fixture, "move a touchpoint to another journey's stage", set_ref,
                  &(SetArgs) { tp, WM_TOUCHPOINT_STAGE_ID, NULL,
                               wm_record_get_id (g_ptr_array_index (other_stages, 0)) });
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_KPI_LINK);

    wm_record_set_ref (draft, WM_KPI_LINK_KPI_ID, kpi);
    assert_invalid (fixture, "insert a KPI link to nothing", insert_draft, draft);
    wm_record_set_ref (draft, WM_KPI_LINK_JOURNEY_ID, journey);
    wm_record_set_ref (draft, WM_KPI_LINK_TOUCHPOINT_ID, tp);
    assert_invalid (fixture, "insert a KPI link with two targets", insert_draft, draft);
  }
  {
    g_autoptr(WmRecord) draft = wm_record_copy (g_ptr_array_index (cells, 0));

    assert_invalid (fixture, "insert a second cell at the same stage and lane", insert_draft,
                    draft);
  }
  {
    g_autoptr(WmRecord) draft = wm_test_make_draft (store, WM_ENTITY_FEED);

    wm_record_set_int (draft, WM_FEED_INTERVAL_SECONDS, 0);
    assert_invalid (fixture, "insert a feed polled every 0 seconds", insert_draft, draft);
  }
  assert_invalid (fixture, "a grouped edit with one bad part", grouped_with_bad_part, NULL);

  /* The store still works after all that. */
  wm_test_insert (store, WM_ENTITY_JOURNEY);
}

/* Every choice the metadata offers is one the schema accepts. */
static void
test_choices (Fixture       *fixture,
              gconstpointer  data)
{
  WmStore *store = fixture->store;

  for (guint e = WM_ENTITY_PROJECT + 1; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      gint64 id = wm_test_insert (store, e);

      for (guint i = 0; i < info->n_columns; i++)
        {
          const WmColumn *column = &info->columns[i];
          WmColumnId col = WM_COLUMN_ID (e, i);

          if (column->choices == NULL)
            continue;
          for (guint c = 0; column->choices[c].value != NULL; c++)
            {
              g_autoptr(GError) error = NULL;
              g_autoptr(WmRecord) now = NULL;
              const char *label = wm_column_choice_label (col, column->choices[c].value);

              g_assert_true (wm_store_set_string (store, id, col, column->choices[c].value,
                                                  &error));
              g_assert_no_error (error);
              now = get (store, e, id);
              g_assert_cmpstr (wm_record_get_string (now, col), ==, column->choices[c].value);
              /* Every choice reads as words, never as its stored value. */
              g_assert_nonnull (label);
              g_assert_cmpstr (label, !=, "");
            }
          g_assert_null (wm_column_choice_label (col, "foo"));
          assert_invalid (fixture, column->name, set_string,
                          &(SetArgs) { id, col, "foo", 0 });
        }
    }
}

static void
assert_samples (WmStore       *store,
                gint64         kpi,
                gint64         from,
                gint64         to,
                const WmSample *expected,
                guint          n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = wm_store_get_samples (store, kpi, from, to, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      WmSample *sample = &g_array_index (samples, WmSample, i);

      g_assert_cmpint (sample->time, ==, expected[i].time);
      g_assert_cmpfloat (sample->value, ==, expected[i].value);
      g_assert_cmpint (sample->n, ==, expected[i].n);
    }
}

static void
test_samples (Fixture       *fixture,
              gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 nps = wm_test_insert (store, WM_ENTITY_KPI);
  gint64 csat = wm_test_insert (store, WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;
  WmSample latest = { 0 };
  static const WmSample first[] = { { 100, 31.5, 200 }, { 200, 33.0, 180 }, { 300, 35.25, 0 } };
  static const WmSample second[] = { { 200, 9.0, 12 }, { 400, -12.0, 50 } };
  static const WmSample other[] = { { 100, 4.2, 10 }, { 250, 4.4, 10 } };

  g_assert_false (wm_store_get_latest_sample (store, nps, &latest));
  g_assert_cmpint (wm_store_count_samples (store, &error), ==, 0);

  g_assert_true (wm_store_add_samples (store, nps, first, G_N_ELEMENTS (first), "test", &error));
  g_assert_no_error (error);
  g_assert_true (wm_store_add_samples (store, csat, other, G_N_ELEMENTS (other), "test", &error));
  g_assert_no_error (error);
  /* One call both replaces the sample at 200 and adds one at 400. */
  g_assert_true (wm_store_add_samples (store, nps, second, G_N_ELEMENTS (second), "feed",
                                       &error));
  g_assert_no_error (error);

  g_assert_cmpint (wm_store_count_samples (store, &error), ==, 6);
  assert_samples (store, nps, G_MININT64, G_MAXINT64,
                  (WmSample[]) { first[0], second[0], first[2], second[1] }, 4);
  assert_samples (store, nps, 150, 350, (WmSample[]) { second[0], first[2] }, 2);
  assert_samples (store, nps, 200, 300, (WmSample[]) { second[0], first[2] }, 2);
  assert_samples (store, nps, 301, 399, NULL, 0);
  assert_samples (store, csat, 0, 1000, other, 2);
  g_assert_true (wm_store_get_latest_sample (store, nps, &latest));
  g_assert_cmpint (latest.time, ==, 400);
  g_assert_cmpfloat (latest.value, ==, -12.0);
  g_assert_cmpint (latest.n, ==, 50);

  /* Not a number, or no such KPI: refused, nothing added. */
  {
    WmSample bad[] = { { 500, 1.0, 0 }, { 600, NAN, 0 } };
    WmSample orphan[] = { { 500, 1.0, 0 } };

    g_assert_false (wm_store_add_samples (store, nps, bad, G_N_ELEMENTS (bad), "x", &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
    bad[1].value = INFINITY;
    g_assert_false (wm_store_add_samples (store, nps, bad, G_N_ELEMENTS (bad), "x", &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (wm_store_add_samples (store, 777777, orphan, 1, "x", &error));
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (wm_store_count_samples (store, &error), ==, 6);
  }

  /* The samples go with their KPI. */
  g_assert_true (wm_store_delete (store, WM_ENTITY_KPI, nps, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_store_count_samples (store, &error), ==, 2);
  assert_samples (store, nps, G_MININT64, G_MAXINT64, NULL, 0);
  assert_samples (store, csat, 0, 1000, other, 2);
  g_assert_false (wm_store_get_latest_sample (store, nps, &latest));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/store/crud/sqlite-memstatus-off", test_sqlite_memstatus_off);
  ADD ("/waymark/store/crud/entities-match-schema", test_entities_match_schema);
  ADD ("/waymark/store/crud/insert-get", test_insert_get);
  ADD ("/waymark/store/crud/project-row", test_project_row);
  ADD ("/waymark/store/crud/update-columns", test_update_columns);
  ADD ("/waymark/store/crud/update-record", test_update_record);
  ADD ("/waymark/store/crud/list-move", test_list_move);
  ADD ("/waymark/store/crud/delete-cascade", test_delete_cascade);
  ADD ("/waymark/store/crud/constraints", test_constraints);
  ADD ("/waymark/store/crud/choices", test_choices);
  ADD ("/waymark/store/crud/samples", test_samples);

#undef ADD

  return g_test_run ();
}
