/* test-store-open.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wm-schema-dumps.h"
#include "wm-schema.h"
#include "wm-store-private.h"
#include "wm-test-util.h"

/* Creating and opening project files: what a healthy project looks like on
 * disk, and that every kind of bad file is refused with the right reason,
 * without being changed and without running anything it carries. */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Helpers */

static char *
make_project (Fixture    *fixture,
              const char *name,
              guint       n_journeys)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *path = NULL;

  store = wm_test_create_store (fixture->dir, name, &path);
  if (n_journeys > 0)
    {
      g_assert_true (wm_store_begin_edit (store, "Fill", &error));
      g_assert_no_error (error);
      for (guint i = 0; i < n_journeys; i++)
        {
          g_autofree char *journey = g_strdup_printf ("Journey %u", i);
          gint64 id = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, journey);
          g_autofree char *description = g_strnfill (200, (char) ('a' + i % 26));

          g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_DESCRIPTION, description, &error));
          g_assert_no_error (error);
        }
      g_assert_true (wm_store_commit_edit (store, &error));
      g_assert_no_error (error);
    }
  g_assert_finalize_object (g_steal_pointer (&store));

  return path;
}

static gboolean
code_in (int        code,
         const int *codes,
         guint      n_codes)
{
  for (guint i = 0; i < n_codes; i++)
    if (codes[i] == code)
      return TRUE;

  return FALSE;
}

/* Opens @path with @flags, expects a refusal with one of @codes, and checks
 * that neither the file nor its directory changed. */
static void
assert_refused_full (const char       *path,
                     WmStoreOpenFlags  flags,
                     const int        *codes,
                     guint             n_codes)
{
  g_autofree char *before = wm_test_file_checksum (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto(GStrv) names_before = wm_test_list_dir (dir);
  g_autofree char *after = NULL;
  g_auto(GStrv) names_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;

  store = wm_store_open (path, flags, &error);
  if (store != NULL)
    g_error ("%s opened although it should be refused", path);
  g_assert_nonnull (error);
  g_assert_true (error->domain == WM_STORE_ERROR);
  if (!code_in (error->code, codes, n_codes))
    g_error ("%s was refused with code %d (%s), expected another code", path, error->code,
             error->message);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  /* One line, as a person or a log reads it. */
  if (strchr (error->message, '\n') != NULL)
    g_error ("%s was refused with a message of several lines: %s", path, error->message);

  after = wm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  names_after = wm_test_list_dir (dir);
  g_assert_cmpstrv (names_before, names_after);
}

static void
assert_refused (const char *path,
                int         code)
{
  assert_refused_full (path, WM_STORE_OPEN_DEFAULT, &code, 1);
  assert_refused_full (path, WM_STORE_OPEN_READ_ONLY, &code, 1);
}

static void
assert_refused2 (const char *path,
                 int         code1,
                 int         code2)
{
  const int codes[] = { code1, code2 };

  assert_refused_full (path, WM_STORE_OPEN_DEFAULT, codes, 2);
  assert_refused_full (path, WM_STORE_OPEN_READ_ONLY, codes, 2);
}

static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = wm_test_open_raw (path, TRUE);

  wm_test_exec (db, sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = wm_test_open_raw (path, FALSE);
  gint64 n = wm_test_query_int (db, sql);

  sqlite3_close (db);

  return n;
}

/* Tests */

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  static const struct {
    const char *key;
    const char *kind;
  } expected[] = {
    { "website", "digital" }, { "app", "digital" }, { "email", "digital" },
    { "phone", "analog" }, { "live-chat", "digital" }, { "chatbot", "digital" },
    { "sms", "digital" }, { "social", "digital" }, { "video-call", "hybrid" },
    { "store", "analog" }, { "print-tv", "analog" },
  };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) names = NULL;
  const guint8 *header;
  sqlite3 *db;

  store = wm_test_create_store (fixture->dir, "new.waymark", &path);
  g_assert_false (wm_store_is_read_only (store));
  g_assert_null (wm_store_get_read_only_reason (store));
  g_assert_cmpint (wm_store_get_schema_version (store), ==, WM_SCHEMA_VERSION);
  g_assert_nonnull (wm_store_get_project (store));
  g_assert_cmpint (wm_record_get_id (wm_store_get_project (store)), ==, 1);
  g_assert_true (g_uuid_string_is_valid (wm_record_get_uuid (wm_store_get_project (store))));
  g_assert_cmpstr (wm_store_get_name (store), !=, "");
  g_assert_false (wm_store_can_undo (store));

  channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (channels->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);

      g_assert_cmpstr (wm_record_get_string (channel, WM_CHANNEL_KEY), ==, expected[i].key);
      g_assert_cmpstr (wm_record_get_string (channel, WM_CHANNEL_KIND), ==, expected[i].kind);
      g_assert_cmpstr (wm_record_get_string (channel, WM_CHANNEL_NAME), !=, "");
      g_assert_true (g_uuid_string_is_valid (wm_record_get_uuid (channel)));
    }

  /* An edit, so that any journal or WAL file would show up. */
  wm_test_insert (store, WM_ENTITY_JOURNEY);

  db = wm_test_open_raw (path, FALSE);
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA application_id"), ==, 0x57594D4B);
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA user_version"), ==, WM_SCHEMA_VERSION);
  mode = wm_test_query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  name = wm_test_query_text (db, "SELECT group_concat(key, ',') FROM"
                                 " (SELECT key FROM channel ORDER BY position)");
  g_assert_cmpstr (name, ==,
                   "website,app,email,phone,live-chat,chatbot,sms,social,video-call,store,print-tv");
  sqlite3_close (db);

  /* Header bytes 18 and 19 are 1 for a rollback journal, 2 for WAL. */
  bytes = wm_test_read_file (path);
  header = g_bytes_get_data (bytes, NULL);
  g_assert_cmpmem (header, 16, "SQLite format 3", 16);
  g_assert_cmpint (header[18], ==, 1);
  g_assert_cmpint (header[19], ==, 1);

  names = wm_test_list_dir (fixture->dir);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "new.waymark");
}

static void
test_create_existing (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "notes.waymark", NULL);
  g_autofree char *project = make_project (fixture, "project.waymark", 2);
  g_autofree char *missing_dir = g_build_filename (fixture->dir, "no", "such", "p.waymark", NULL);
  const char *paths[] = { text, project };

  wm_test_write_file (text, "my notes\n", 9);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *before = wm_test_file_checksum (paths[i]);
      g_auto(GStrv) names_before = wm_test_list_dir (fixture->dir);
      g_auto(GStrv) names_after = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(WmStore) store = wm_store_create (paths[i], &error);

      g_assert_null (store);
      g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO);
      g_assert_cmpstr (error->message, !=, "");
      after = wm_test_file_checksum (paths[i]);
      g_assert_cmpstr (before, ==, after);
      names_after = wm_test_list_dir (fixture->dir);
      g_assert_cmpstrv (names_before, names_after);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WmStore) store = wm_store_create (missing_dir, &error);

    g_assert_null (store);
    g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO);
    g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  }
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "missing.waymark", NULL);

  /* A file that is not there cannot be read: an I/O error, and opening must
   * not create it (SQLite would happily make an empty database). */
  assert_refused (path, WM_STORE_ERROR_IO);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_not_sqlite (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.waymark", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "text.waymark", NULL);
  g_autofree char *dir = g_build_filename (fixture->dir, "folder.waymark", NULL);
  const char *content = "Journey: onboarding\nStage 1: sign up\n";

  wm_test_write_file (empty, "", 0);
  assert_refused (empty, WM_STORE_ERROR_NOT_PROJECT);

  wm_test_write_file (text, content, strlen (content));
  assert_refused (text, WM_STORE_ERROR_NOT_PROJECT);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  assert_refused (dir, WM_STORE_ERROR_NOT_PROJECT);
}

static void
test_random_bytes (Fixture       *fixture,
                   gconstpointer  data)
{
  static const guint32 seeds[] = { 1, 2, 3, 42, 1234, 0xdeadbeef };
  g_autofree char *project = make_project (fixture, "model.waymark", 5);
  g_autoptr(GBytes) model = wm_test_read_file (project);

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[i]);
      g_autofree char *path = g_strdup_printf ("%s/random-%u.waymark", fixture->dir, i);
      g_autofree char *headed = g_strdup_printf ("%s/headed-%u.waymark", fixture->dir, i);
      gsize size = g_bytes_get_size (model);
      g_autofree guint8 *buffer = g_malloc (size);

      for (gsize j = 0; j < size; j++)
        buffer[j] = (guint8) g_rand_int_range (rand, 0, 256);

      /* Pure noise, of several sizes. */
      wm_test_write_file (path, buffer, 100 + g_rand_int_range (rand, 0, (int) size - 100));
      assert_refused (path, WM_STORE_ERROR_NOT_PROJECT);

      /* A real project's header in front of noise: SQLite gets to read it. */
      memcpy (buffer, g_bytes_get_data (model, NULL), 100);
      wm_test_write_file (headed, buffer, size);
      assert_refused2 (headed, WM_STORE_ERROR_DAMAGED, WM_STORE_ERROR_NOT_PROJECT);
    }
}

static void
test_other_application (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *other_id = g_build_filename (fixture->dir, "other-id.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  wm_test_exec (db, "CREATE TABLE journey (id INTEGER PRIMARY KEY, name TEXT);"
                    "INSERT INTO journey (name) VALUES ('not ours');");
  sqlite3_close (db);
  assert_refused (path, WM_STORE_ERROR_NOT_PROJECT);

  g_assert_cmpint (sqlite3_open (other_id, &db), ==, SQLITE_OK);
  wm_test_exec (db, "PRAGMA application_id = 1234; PRAGMA user_version = 1;"
                    "CREATE TABLE t (x);");
  sqlite3_close (db);
  assert_refused (other_id, WM_STORE_ERROR_NOT_PROJECT);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *project = make_project (fixture, "full.waymark", 100);
  g_autoptr(GBytes) bytes = wm_test_read_file (project);
  g_autofree char *half = g_build_filename (fixture->dir, "half.waymark", NULL);
  g_autofree char *tiny = g_build_filename (fixture->dir, "tiny.waymark", NULL);
  g_autofree char *one_page = g_build_filename (fixture->dir, "one-page.waymark", NULL);
  gsize size = g_bytes_get_size (bytes);

  g_assert_cmpuint (size, >, 8 * 4096);

  wm_test_write_file (half, g_bytes_get_data (bytes, NULL), size / 2);
  assert_refused2 (half, WM_STORE_ERROR_DAMAGED, WM_STORE_ERROR_NOT_PROJECT);

  wm_test_write_file (tiny, g_bytes_get_data (bytes, NULL), 100);
  assert_refused2 (tiny, WM_STORE_ERROR_DAMAGED, WM_STORE_ERROR_NOT_PROJECT);

  wm_test_write_file (one_page, g_bytes_get_data (bytes, NULL), 4096);
  assert_refused2 (one_page, WM_STORE_ERROR_DAMAGED, WM_STORE_ERROR_NOT_PROJECT);
}

/* A page in the middle of the journey table, from dbstat when SQLite has it. */
static gint64
middle_page (const char *path)
{
  sqlite3 *db = wm_test_open_raw (path, FALSE);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 page;

  if (sqlite3_prepare_v2 (db, "SELECT pageno FROM dbstat WHERE name = 'journey'"
                              " AND pagetype = 'leaf' ORDER BY pageno", -1, &stmt, NULL) == SQLITE_OK)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 n = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (pages, n);
        }
    }
  sqlite3_finalize (stmt);

  if (pages->len > 0)
    page = g_array_index (pages, gint64, pages->len / 2);
  else
    page = wm_test_query_int (db, "PRAGMA page_count") / 2;
  sqlite3_close (db);

  return page;
}

static void
test_garbage_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "garbage.waymark", 200);
  g_autoptr(GBytes) bytes = wm_test_read_file (path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize size = g_bytes_get_size (bytes);
  g_autofree guint8 *buffer = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
  gint64 page = middle_page (path);
  gsize offset = (gsize) (page - 1) * 4096;

  g_assert_cmpint (page, >, 1);
  g_assert_cmpuint (offset + 4096, <=, size);
  for (gsize i = 0; i < 4096; i++)
    buffer[offset + i] = (guint8) g_rand_int_range (rand, 0, 256);
  /* No valid b-tree page type, whatever the seed gives. */
  buffer[offset] = 0x37;
  wm_test_write_file (path, buffer, size);

  assert_refused (path, WM_STORE_ERROR_DAMAGED);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "newer.waymark", 3);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", WM_SCHEMA_VERSION + 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(WmRecord) draft = NULL;
  g_autoptr(GError) error = NULL;
  gboolean read_only = FALSE;
  gint64 id;

  tamper (path, sql);
  before = wm_test_file_checksum (path);

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (wm_store_is_read_only (store));
  g_object_get (store, "read-only", &read_only, NULL);
  g_assert_true (read_only);
  g_assert_nonnull (wm_store_get_read_only_reason (store));
  g_assert_cmpstr (wm_store_get_read_only_reason (store), !=, "");
  g_assert_cmpint (wm_store_get_schema_version (store), ==, WM_SCHEMA_VERSION + 1);

  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journeys->len, ==, 3);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (journeys, 1), WM_JOURNEY_NAME), ==,
                   "Journey 1");
  g_assert_cmpint (wm_store_count (store, WM_ENTITY_CHANNEL, &error), ==, 11);
  g_assert_no_error (error);

  id = wm_record_get_id (g_ptr_array_index (journeys, 0));
  draft = wm_record_new (WM_ENTITY_JOURNEY);
  wm_record_set_string (draft, WM_JOURNEY_NAME, "Not allowed");
  g_assert_cmpint (wm_store_insert (store, draft, &error), ==, 0);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_store_set_string (store, id, WM_JOURNEY_NAME, "x", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_store_delete (store, WM_ENTITY_JOURNEY, id, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_store_begin_edit (store, "Nope", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_store_can_undo (store));
  /* The reason a person can act on comes first, not “nothing to undo”. */
  g_assert_false (wm_store_undo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (wm_store_redo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_finalize_object (g_steal_pointer (&store));
  after = wm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_newer_unreadable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "newer.waymark", 1);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d; DROP TABLE cell;",
                                          WM_SCHEMA_VERSION + 1);
  g_autofree char *renamed = g_strdup_printf ("PRAGMA user_version = %d;"
                                              "ALTER TABLE journey RENAME COLUMN name TO title;",
                                              WM_SCHEMA_VERSION + 7);
  g_autofree char *copy = g_build_filename (fixture->dir, "renamed.waymark", NULL);
  g_autoptr(GBytes) bytes = wm_test_read_file (path);

  wm_test_write_file (copy, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  tamper (path, sql);
  assert_refused (path, WM_STORE_ERROR_TOO_NEW);

  tamper (copy, renamed);
  assert_refused (copy, WM_STORE_ERROR_TOO_NEW);
}

static void
test_no_version (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "unversioned.waymark", 1);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty-db.waymark", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;", WM_APPLICATION_ID);
  sqlite3 *db = NULL;

  /* Neither a migration from nothing nor an upgrade: the file claims to be
   * ours but has no version, so it is not trusted. */
  tamper (path, "PRAGMA user_version = 0");
  assert_refused2 (path, WM_STORE_ERROR_DAMAGED, WM_STORE_ERROR_NOT_PROJECT);

  /* The same with no tables at all: opening must not build a project in it. */
  g_assert_cmpint (sqlite3_open (empty, &db), ==, SQLITE_OK);
  wm_test_exec (db, sql);
  wm_test_exec (db, "CREATE TABLE padding (x); DROP TABLE padding;");
  sqlite3_close (db);
  assert_refused2 (empty, WM_STORE_ERROR_DAMAGED, WM_STORE_ERROR_NOT_PROJECT);
}

/* Each schema version is one transaction: a step that fails leaves the file
 * exactly at the last version that completed, healthy and openable. */
static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "migrate.waymark", 2);
  g_autofree char *empty = g_build_filename (fixture->dir, "from-nothing.waymark", NULL);
  g_autofree char *integrity = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *const upgrades[] = {
    wm_schema_get_migrations ()[0],
    "ALTER TABLE journey ADD COLUMN theme TEXT NOT NULL DEFAULT 'none';"
    "UPDATE journey SET theme = 'blue'",
    "CREATE TABLE scratch (x);"
    "UPDATE journey SET theme = 'red';"
    "INSERT INTO no_such_table VALUES (1)",
  };
  const char *const broken_first[] = {
    "CREATE TABLE half (x); CREATE TABLE half (x)",
  };
  sqlite3 *db;

  db = wm_test_open_raw (path, TRUE);
  g_assert_false (wm_store_run_migrations (db, upgrades, 1, 3, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM journey WHERE theme = 'blue'"),
                   ==, 2);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM sqlite_schema"
                                          " WHERE name = 'scratch'"), ==, 0);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM journey WHERE theme = 'red'"),
                   ==, 0);
  sqlite3_close (db);
  integrity = wm_test_integrity_check (path);
  g_assert_cmpstr (integrity, ==, "ok");

  /* From nothing: a failing first step leaves no half-built schema. */
  g_assert_cmpint (sqlite3_open (empty, &db), ==, SQLITE_OK);
  g_assert_false (wm_store_run_migrations (db, broken_first, 0, 1, &error));
  g_clear_error (&error);
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 0);

  /* Waymark's own steps from nothing build the schema a new project has,
   * which opening verifies exactly. */
  g_assert_true (wm_store_run_migrations (db, wm_schema_get_migrations (), 0, WM_SCHEMA_VERSION,
                                          &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", WM_APPLICATION_ID);

    wm_test_exec (db, sql);
  }
  wm_test_exec (db, "INSERT INTO project (id, uuid, name, created_at, modified_at)"
                    " VALUES (1, '00000000-0000-4000-8000-000000000000', 'P', 0, 0)");
  sqlite3_close (db);
  store = wm_store_open (empty, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
}

static const char *const tamperings[] = {
  "CREATE TABLE extra (id INTEGER PRIMARY KEY, x TEXT)",
  "CREATE VIEW everything AS SELECT * FROM journey",
  "CREATE INDEX journey_name ON journey (name)",
  "DROP INDEX journey_as_is",
  "ALTER TABLE journey ADD COLUMN secret TEXT",
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace(sql, 'BETWEEN -3 AND 3', 'BETWEEN -30 AND 30')"
  " WHERE name = 'touchpoint';"
  "PRAGMA writable_schema = OFF;",
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace(sql, 'ON DELETE CASCADE', '')"
  " WHERE name = 'stage';"
  "PRAGMA writable_schema = OFF;",
};

static void
test_tampered (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *model = make_project (fixture, "model.waymark", 2);
  g_autoptr(GBytes) bytes = wm_test_read_file (model);

  for (guint i = 0; i < G_N_ELEMENTS (tamperings); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/tampered-%u.waymark", fixture->dir, i);
      g_autofree char *original = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      g_autofree char *before = NULL;

      wm_test_write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      tamper (path, tamperings[i]);
      before = wm_test_file_checksum (path);
      g_assert_cmpstr (before, !=, original);
      g_test_message ("tampering %u: %s", i, tamperings[i]);
      assert_refused (path, WM_STORE_ERROR_TAMPERED);
    }
}

typedef struct
{
  const char *name;
  const char *body;    /* %s is the fixture's directory, or the evil module */
  gboolean    module;
} EvilTrigger;

static const EvilTrigger evil_triggers[] = {
  { "load-extension", "SELECT load_extension('%s');", TRUE },
  { "writefile", "SELECT writefile('%s/pwned', 'x');" },
  { "insert", "INSERT INTO persona (uuid, name, created_at, modified_at)"
              " VALUES ('evil-' || new.id || '%s', 'evil', 0, 0);" },
};

static char *
evil_trigger_sql (guint       index,
                  const char *dir,
                  const char *event)
{
  g_autofree char *module = g_test_build_filename (G_TEST_BUILT, "core", "libwm-evil.so", NULL);
  g_auto(GStrv) parts = g_strsplit (evil_triggers[index].body, "%s", -1);
  g_autofree char *body = g_strjoinv (evil_triggers[index].module ? module : dir, parts);

  return g_strdup_printf ("CREATE TRIGGER evil_%u_%s AFTER %s ON journey BEGIN %s END;",
                          index, event, event, body);
}

/* Where the stand-in for an attacker's extension leaves its mark. */
static void
set_marker (const char *dir)
{
  g_autofree char *marker = g_build_filename (dir, "evil-marker", NULL);

  g_setenv ("WM_EVIL_MARKER", marker, TRUE);
}

static void
assert_nothing_fired (const char *dir,
                      const char *path)
{
  g_autofree char *pwned = g_build_filename (dir, "pwned", NULL);
  g_autofree char *evil = g_build_filename (dir, "evil-marker", NULL);

  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM persona WHERE name = 'evil'"), ==, 0);
}

static void
test_evil_triggers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *model = make_project (fixture, "model.waymark", 2);
  g_autoptr(GBytes) bytes = wm_test_read_file (model);

  set_marker (fixture->dir);
  for (guint i = 0; i < G_N_ELEMENTS (evil_triggers); i++)
    {
      const EvilTrigger *evil = &evil_triggers[i];
      g_autofree char *path = g_strdup_printf ("%s/evil-%s.waymark", fixture->dir, evil->name);
      g_autofree char *insert = evil_trigger_sql (i, fixture->dir, "INSERT");
      g_autofree char *update = evil_trigger_sql (i, fixture->dir, "UPDATE");
      g_autofree char *remove = evil_trigger_sql (i, fixture->dir, "DELETE");
      g_autofree char *all = g_strconcat (insert, update, remove, NULL);

      wm_test_write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      tamper (path, all);
      assert_refused (path, WM_STORE_ERROR_TAMPERED);
      assert_nothing_fired (fixture->dir, path);
    }

  /* The control: the trigger is armed, plain SQLite fires it on an insert,
   * so what is asserted above is the store's doing. (SQLite itself refuses
   * load_extension() in triggers; the marker guards against that changing.) */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "evil-insert.waymark", NULL);
    g_autofree char *control = g_build_filename (fixture->dir, "control.waymark", NULL);
    g_autoptr(GBytes) evil_bytes = wm_test_read_file (path);
    sqlite3 *db;

    wm_test_write_file (control, g_bytes_get_data (evil_bytes, NULL),
                        g_bytes_get_size (evil_bytes));
    db = wm_test_open_raw (control, TRUE);
    wm_test_exec (db, "INSERT INTO journey (uuid, name, created_at, modified_at)"
                      " VALUES ('x', 'x', 0, 0)");
    g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM persona WHERE name = 'evil'"),
                     ==, 1);
    sqlite3_close (db);
  }
}

/* A newer format cannot be compared with a schema this version knows, so it
 * may open read-only; then nothing in it may run, not even on reading. */
static void
test_evil_triggers_newer (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "newer-evil.waymark", 2);
  g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %d;", WM_SCHEMA_VERSION + 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  set_marker (fixture->dir);
  tamper (path, version);
  for (guint i = 0; i < G_N_ELEMENTS (evil_triggers); i++)
    {
      g_autofree char *insert = evil_trigger_sql (i, fixture->dir, "INSERT");

      tamper (path, insert);
    }
  /* A newer format may well have tables this version does not know. */
  tamper (path, "CREATE TABLE later (id INTEGER PRIMARY KEY, what TEXT);");
  before = wm_test_file_checksum (path);

  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_test_message ("a newer file with triggers: %s", store ? "opened read-only" : error->message);
  if (store == NULL)
    {
      g_assert_true (error->domain == WM_STORE_ERROR);
      g_assert_true (error->code == WM_STORE_ERROR_TAMPERED ||
                     error->code == WM_STORE_ERROR_TOO_NEW);
    }
  else
    {
      g_autoptr(GPtrArray) journeys = NULL;
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);

      g_assert_true (wm_store_is_read_only (store));
      journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (journeys->len, ==, 2);
      wm_record_set_string (draft, WM_JOURNEY_NAME, "Trigger me");
      g_assert_cmpint (wm_store_insert (store, draft, &error), ==, 0);
      g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
      g_assert_finalize_object (g_steal_pointer (&store));
    }

  after = wm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  assert_nothing_fired (fixture->dir, path);
}

static void
test_dangling_reference (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "dangling.waymark", 1);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  findings = wm_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Plain SQLite does not enforce foreign keys unless asked. */
  tamper (path, "INSERT INTO stage (uuid, journey_id, name, created_at, modified_at)"
                " VALUES ('dangling', 4242, 'Orphan', 0, 0),"
                " ('dangling-2', 4242, 'Orphan 2', 0, 0), ('dangling-3', 4242, 'Orphan 3', 0, 0);"
                "INSERT INTO lane (uuid, journey_id, name, created_at, modified_at)"
                " VALUES ('dangling-lane', 4242, 'Orphan lane', 0, 0)");

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  findings = wm_store_check (store, &error);
  g_assert_no_error (error);
  /* One finding for the one missing journey, worded for a person, not one
   * "Row N of table …" a row. */
  g_assert_cmpuint (findings->len, ==, 1);
  g_test_message ("finding: %s", (const char *) g_ptr_array_index (findings, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (findings, 0), "A journey that no longer exists"));
  g_assert_nonnull (strstr (g_ptr_array_index (findings, 0), "4242"));
  g_assert_nonnull (strstr (g_ptr_array_index (findings, 0), "4 rows"));
  g_assert_nonnull (strstr (g_ptr_array_index (findings, 0), "stage × 3"));
  g_assert_nonnull (strstr (g_ptr_array_index (findings, 0), "lane × 1"));
}

/* A file is checked once per change: the check is remembered, but damage
 * written into the file in place, even with its modification time set
 * back, is still found (its ctime moved). */
static void
test_check_once (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = make_project (fixture, "once.waymark", 200);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "waymark",
                                             "checked-files.ini", NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint8 garbage[4096];
  gint64 page = middle_page (path);
  struct timespec times[2];
  struct stat st;
  int fd;

  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (stat (path, &st), ==, 0);
  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (guint8) g_rand_int_range (rand, 0, 256);
  garbage[0] = 0x37;
  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, garbage, sizeof garbage, (page - 1) * 4096), ==, sizeof garbage);
  close (fd);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);

  assert_refused (path, WM_STORE_ERROR_DAMAGED);
}

/* Opening compares a file's schema with one built at compile time
 * (wm-schema-dump.c); it must be what the migrations make, version by version. */
static void
test_schema_dumps (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  for (int version = 1; version <= WM_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dump = NULL;

      g_assert_true (wm_store_run_migrations (db, wm_schema_get_migrations (), version - 1,
                                              version, &error));
      g_assert_no_error (error);
      dump = wm_store_dump_schema (db, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (dump, ==, wm_schema_dumps[version]);
    }
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/store/open/create", test_create);
  ADD ("/waymark/store/open/create-existing", test_create_existing);
  ADD ("/waymark/store/open/missing", test_missing);
  ADD ("/waymark/store/open/not-sqlite", test_not_sqlite);
  ADD ("/waymark/store/open/random-bytes", test_random_bytes);
  ADD ("/waymark/store/open/other-application", test_other_application);
  ADD ("/waymark/store/open/truncated", test_truncated);
  ADD ("/waymark/store/open/garbage-page", test_garbage_page);
  ADD ("/waymark/store/open/newer-version", test_newer_version);
  ADD ("/waymark/store/open/newer-unreadable", test_newer_unreadable);
  ADD ("/waymark/store/open/no-version", test_no_version);
  ADD ("/waymark/store/open/migrate", test_migrate);
  ADD ("/waymark/store/open/tampered", test_tampered);
  ADD ("/waymark/store/open/evil-triggers", test_evil_triggers);
  ADD ("/waymark/store/open/evil-triggers-newer", test_evil_triggers_newer);
  ADD ("/waymark/store/open/dangling-reference", test_dangling_reference);

#undef ADD

  g_test_add_func ("/waymark/store/open/schema-dumps", test_schema_dumps);
  g_test_add ("/waymark/store/open/check-once", Fixture, NULL, fixture_setup, test_check_once,
              fixture_teardown);

  return g_test_run ();
}
