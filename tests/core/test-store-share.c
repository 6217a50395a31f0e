/* test-store-share.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wm-kpi.h"
#include "wm-store-private.h"
#include "wm-test-util.h"
#include "wm-test-vfs.h"

/* A project file on a shared folder: journals left by programs that
 * stopped (or copied there by a sync tool), colleagues and other programs
 * writing to it, locks, permissions, and what Waymark tells the user. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
  GArray  *masks;
} Fixture;

static void
changed_cb (WmStore *store,
            guint64  mask,
            Fixture *fixture)
{
  g_array_append_val (fixture->masks, mask);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "share.waymark", &fixture->path);
  fixture->masks = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_array_unref (fixture->masks);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
add_journey_with_stages (WmStore    *store,
                         const char *name,
                         guint       n_stages)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (wm_store_begin_edit (store, "Add", &error));
  wm_record_set_string (draft, WM_JOURNEY_NAME, name);
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_stages; i++)
    {
      g_autoptr(WmRecord) stage = wm_record_new (WM_ENTITY_STAGE);

      wm_record_set_ref (stage, WM_STAGE_JOURNEY_ID, id);
      wm_record_set_string (stage, WM_STAGE_NAME, "Stage");
      g_assert_cmpint (wm_store_insert (store, stage, &error), >, 0);
    }
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);

  return id;
}

static gboolean
try_add (WmStore    *store,
         const char *name)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);
  gint64 id;

  if (!wm_store_begin_edit (store, "Add", NULL))
    return FALSE;
  wm_record_set_string (draft, WM_JOURNEY_NAME, name);
  id = wm_store_insert (store, draft, NULL);
  for (guint i = 0; id > 0 && i < 2; i++)
    {
      g_autoptr(WmRecord) stage = wm_record_new (WM_ENTITY_STAGE);

      wm_record_set_ref (stage, WM_STAGE_JOURNEY_ID, id);
      wm_record_set_string (stage, WM_STAGE_NAME, "Stage");
      if (wm_store_insert (store, stage, NULL) <= 0)
        id = 0;
    }
  if (id <= 0)
    {
      wm_store_rollback_edit (store);
      return FALSE;
    }

  return wm_store_commit_edit (store, NULL);
}

/* Leaves @path with a hot journal of an edit that added a journey: the
 * power goes right after the journal was synced, before the file itself
 * is written. */
static void
make_hot_journal (const char *path,
                  const char *name)
{
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *db_write = g_strdup_printf ("write %s", base);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  guint first_db_write = 0;

  /* Count the events up to the first write of the file, on a copy. */
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *probe = g_build_filename (dir, "probe.waymark", NULL);
    g_autoptr(GBytes) bytes = wm_test_read_file (path);
    g_autoptr(WmStore) store = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *probe_write = NULL;

    wm_test_write_file (probe, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    store = wm_store_open (probe, WM_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    wm_test_vfs_arm (0, 0);
    wm_test_vfs_set_log (log);
    g_assert_true (try_add (store, name));
    wm_test_vfs_set_log (NULL);
    probe_write = g_strdup ("write probe.waymark");
    for (guint i = 0; i < log->len && first_db_write == 0; i++)
      {
        if (g_str_equal (g_ptr_array_index (log, i), probe_write))
          first_db_write = i + 1;
      }
    g_assert_cmpuint (first_db_write, >, 0);
    g_clear_object (&store);
    g_unlink (probe);
  }

  {
    g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, NULL);

    g_assert_nonnull (store);
    wm_test_vfs_arm (first_db_write, 1);
    g_assert_false (try_add (store, name));
    g_assert_true (wm_test_vfs_crashed ());
    g_clear_object (&store);
    wm_test_vfs_arm (0, 0);
  }
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static GStrv
recovery_copies (const char *dir)
{
  g_auto(GStrv) names = wm_test_list_dir (dir);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; names[i]; i++)
    {
      if (strstr (names[i], "before recovery") != NULL)
        g_strv_builder_add (builder, names[i]);
    }

  return g_strv_builder_end (builder);
}

/* Finding 1: another project's journal beside a file is not applied. */
static void
test_foreign_journal (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.waymark", NULL);
  g_autofree char *other_journal = g_strconcat (other, "-journal", NULL);
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) copies = NULL;

  add_journey_with_stages (fixture->store, "Ours", 3);
  g_clear_object (&fixture->store);
  {
    g_autoptr(WmStore) theirs = wm_test_create_store (fixture->dir, "other.waymark", NULL);

    for (guint i = 0; i < 5; i++)
      add_journey_with_stages (theirs, "Theirs", 1);
  }
  make_hot_journal (other, "Theirs, unfinished");

  /* A sync tool brings their journal to our file. */
  bytes = wm_test_read_file (other_journal);
  wm_test_write_file (journal, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  before = wm_test_file_checksum (fixture->path);

  store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "share.waymark-journal"));
  g_clear_error (&error);
  after = wm_test_file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));

  /* Read-only (the CLI) refuses it the same way. */
  store = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED);
  g_clear_error (&error);
  g_free (after);
  after = wm_test_file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* Moved away as the message says, the project is whole. */
  g_assert_cmpint (g_unlink (journal), ==, 0);
  store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, 1);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_STAGE), ==, 3);
  copies = recovery_copies (fixture->dir);
  g_assert_cmpuint (g_strv_length (copies), ==, 0);
}

/* The file's own journal is rolled back, checked, and no copy stays. */
static void
test_own_journal (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_auto(GStrv) copies = NULL;
  g_autofree char *integrity = NULL;

  add_journey_with_stages (fixture->store, "Kept", 2);
  g_clear_object (&fixture->store);
  make_hot_journal (fixture->path, "Unfinished");

  store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, 1);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  copies = recovery_copies (fixture->dir);
  g_assert_cmpuint (g_strv_length (copies), ==, 0);
  g_clear_object (&store);
  integrity = wm_test_integrity_check (fixture->path);
  g_assert_cmpstr (integrity, ==, "ok");
}

/* Finding 4: a read-only open (the CLI) recovers too, never "readonly database". */
static void
test_read_only_recovers (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;

  add_journey_with_stages (fixture->store, "Kept", 2);
  g_clear_object (&fixture->store);
  make_hot_journal (fixture->path, "Unfinished");

  store = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_is_read_only (store));
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, 1);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

/* A rollback that does not give a healthy project is undone, the copy named. */
static void
test_unhealthy_recovery (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) copies = NULL;
  gint64 page_size, n_pages;
  guint8 *data_copy;
  gsize size;

  for (guint i = 0; i < 20; i++)
    add_journey_with_stages (fixture->store, "Some journey with a long enough name", 4);
  g_clear_object (&fixture->store);
  {
    sqlite3 *db = wm_test_open_raw (fixture->path, FALSE);

    page_size = wm_test_query_int (db, "PRAGMA page_size");
    n_pages = wm_test_query_int (db, "PRAGMA page_count");
    sqlite3_close (db);
  }
  make_hot_journal (fixture->path, "Unfinished");

  /* Damage the stages' table, which the unfinished edit did not touch. */
  {
    sqlite3 *db = wm_test_open_raw (fixture->path, FALSE);
    gint64 root;

    g_assert_cmpint (sqlite3_exec (db, "PRAGMA query_only=1", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    /* Read the root page of "stage" from the journal-less image: page 1's
     * schema is not changed by the edit. */
    db = NULL;
    {
      g_autofree char *image = g_build_filename (fixture->dir, "image.waymark", NULL);
      g_autoptr(GBytes) whole = wm_test_read_file (fixture->path);

      wm_test_write_file (image, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole));
      db = wm_test_open_raw (image, FALSE);
      root = wm_test_query_int (db, "SELECT rootpage FROM sqlite_schema WHERE name = 'stage'");
      sqlite3_close (db);
      g_unlink (image);
    }
    g_assert_cmpint (root, >, 1);
    g_assert_cmpint (root, <=, n_pages);
    bytes = wm_test_read_file (fixture->path);
    data_copy = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
    memset (data_copy + (root - 1) * page_size + 8, 0x5a, (gsize) page_size - 16);
    wm_test_write_file (fixture->path, data_copy, size);
    g_free (data_copy);
  }
  before = wm_test_file_checksum (fixture->path);

  store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "share (before recovery).waymark"));
  after = wm_test_file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  copies = recovery_copies (fixture->dir);
  g_assert_cmpuint (g_strv_length (copies), ==, 2);
}

/* Finding 2: undo never applies over a colleague's work. */
static WmStore *
open_colleague (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  WmStore *colleague = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return colleague;
}

static void
test_undo_keeps_their_rename (Fixture       *fixture,
                              gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmStore) colleague = open_colleague (fixture);
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(GError) error = NULL;
  gint64 other, id = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Ours");

  other = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Other");
  g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_NAME, "Ours 2", &error));
  g_assert_true (wm_store_set_string (store, other, WM_JOURNEY_NAME, "Other 2",
                                      &error));
  g_assert_true (wm_store_set_string (colleague, other, WM_JOURNEY_NAME, "Theirs",
                                      &error));
  g_assert_no_error (error);

  g_assert_false (wm_store_undo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Change journey"));  /* the step */
  g_assert_nonnull (strstr (error->message, "Theirs"));    /* what changed */
  g_assert_null (strstr (error->message, "not an error"));
  g_clear_error (&error);
  journey = wm_store_get (store, WM_ENTITY_JOURNEY, other, &error);
  g_assert_cmpstr (wm_record_get_string (journey, WM_JOURNEY_NAME), ==, "Theirs");

  /* The rest of the history still works. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_object (&journey);
  journey = wm_store_get (store, WM_ENTITY_JOURNEY, id, &error);
  g_assert_cmpstr (wm_record_get_string (journey, WM_JOURNEY_NAME), ==, "Ours");
}

static void
test_undo_keeps_their_stage (Fixture       *fixture,
                             gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmStore) colleague = open_colleague (fixture);
  g_autoptr(GError) error = NULL;
  gint64 journey = add_journey_with_stages (store, "Ours", 2);

  wm_test_insert_named (colleague, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "Their stage");
  g_assert_false (wm_store_undo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "stage"));
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_STAGE), ==, 3);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, 1);
  g_assert_false (wm_store_can_undo (store));
}

static void
test_redo_keeps_their_description (Fixture       *fixture,
                                   gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmStore) colleague = open_colleague (fixture);
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Ours");

  g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_DESCRIPTION, "Mine",
                                      &error));
  g_assert_true (wm_store_undo (store, &error));
  g_assert_true (wm_store_set_string (colleague, id, WM_JOURNEY_DESCRIPTION,
                                      "Their words", &error));
  g_assert_no_error (error);
  g_assert_false (wm_store_redo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  journey = wm_store_get (store, WM_ENTITY_JOURNEY, id, NULL);
  g_assert_cmpstr (wm_record_get_string (journey, WM_JOURNEY_DESCRIPTION), ==, "Their words");
  g_assert_false (wm_store_can_redo (store));
  g_assert_true (wm_store_can_undo (store));
}

/* Undoing an insert whose id a colleague's row took meanwhile (redo). */
static void
test_redo_keeps_their_row (Fixture       *fixture,
                           gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmStore) colleague = open_colleague (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id = wm_test_insert_named (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "Ours");
  gint64 theirs;

  g_assert_true (wm_store_undo (store, &error));
  theirs = wm_test_insert_named (colleague, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "Theirs");
  g_assert_cmpint (theirs, ==, id);
  g_assert_false (wm_store_redo (store, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Theirs"));
  {
    g_autoptr(WmRecord) persona = wm_store_get (store, WM_ENTITY_PERSONA, id, NULL);

    g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_NAME), ==, "Theirs");
  }
}

/* Finding 2/3: an edit notices what others committed (not swallowed by our
 * own commits), and so does the explicit check the window polls. */
static gboolean
has_all (Fixture *fixture)
{
  for (guint i = 0; i < fixture->masks->len; i++)
    {
      if (g_array_index (fixture->masks, guint64, i) == WM_CHANGE_ALL)
        return TRUE;
    }

  return FALSE;
}

static void
test_edit_notices_others (Fixture       *fixture,
                          gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  gint64 id = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Ours");
  sqlite3 *db;

  g_array_set_size (fixture->masks, 0);
  db = wm_test_open_raw (fixture->path, TRUE);
  wm_test_exec (db, "UPDATE journey SET name = 'Renamed by sqlite3'");
  sqlite3_close (db);

  wm_test_insert_named (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "Unrelated");
  g_assert_true (has_all (fixture));

  /* Once announced, not again. */
  g_array_set_size (fixture->masks, 0);
  wm_test_insert_named (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "Another");
  g_assert_false (has_all (fixture));
  g_assert_false (wm_store_check_external_changes (store));

  db = wm_test_open_raw (fixture->path, TRUE);
  wm_test_exec (db, "UPDATE journey SET description = 'x'");
  sqlite3_close (db);
  g_assert_true (wm_store_check_external_changes (store));
  g_assert_true (has_all (fixture));
  g_assert_false (wm_store_check_external_changes (store));
  (void) id;
}

/* Another program renames the journey, over its own connection. */
static void
rename_by_sqlite3 (Fixture    *fixture,
                   const char *name)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE journey SET name = '%s'", name);
  sqlite3 *db = wm_test_open_raw (fixture->path, TRUE);

  wm_test_exec (db, sql);
  sqlite3_close (db);
}

/* The file monitor looks before the writer's commit is announced. */
static void
look_early (Fixture    *fixture,
            const char *unused)
{
  g_assert_true (wm_store_check_external_changes (fixture->store));
}

/* The feeds writer's part: a background edit on a connection of its own,
 * announced on the window's store, as wm-feeds-writer.c does; @between
 * runs after the commit, before the announcement. */
static void
write_and_announce (Fixture *fixture,
                    WmStore *writer,
                    gint64   kpi,
                    double   value,
                    void   (*between) (Fixture *, const char *))
{
  WmSample sample = { .time = 1700000000 + (gint64) value, .value = value, .n = 100 };
  g_autoptr(GError) error = NULL;
  WmCommitStamp stamp;

  g_assert_true (wm_store_begin_background_edit (writer, &error));
  g_assert_true (wm_store_add_samples (writer, kpi, &sample, 1, "json", &error));
  g_assert_true (wm_store_commit_edit (writer, &error));
  g_assert_no_error (error);
  wm_store_get_commit_stamp (writer, &stamp);
  g_assert_true (stamp.known);
  g_assert_true (stamp.wrote);

  if (between != NULL)
    between (fixture, "Renamed between");
  g_array_set_size (fixture->masks, 0);
  wm_store_announce_commit (fixture->store, WM_CHANGE_SAMPLES, NULL, &stamp);
}

/* The feeds writer's commits are announced as this program's own; another
 * program's commit in the same moment, just before the writer's or just
 * after it, is still announced as another program's change, not swallowed
 * with the writer's (the next look then finds nothing new, so without this
 * the rename would never reach the window). */
static void
test_announce_notices_others (Fixture       *fixture,
                              gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 kpi = wm_test_insert_named (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, "NPS");
  g_autoptr(WmStore) writer = NULL;
  g_autoptr(GError) error = NULL;

  wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Ours");
  writer = wm_store_open (fixture->path, WM_STORE_OPEN_ONE_THREAD, &error);
  g_assert_no_error (error);
  wm_store_set_announce_background (writer, FALSE);

  /* Alone: the samples, and no reload of everything. */
  write_and_announce (fixture, writer, kpi, 1, NULL);
  g_assert_cmpuint (fixture->masks->len, ==, 1);
  g_assert_false (has_all (fixture));
  g_assert_false (wm_store_check_external_changes (store));

  /* After the window's own edits, still alone, also when their COMMIT
   * runs on a thread as in the window. */
  wm_store_set_commit_in_background (store, TRUE);
  wm_test_insert_named (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, "Ours too");
  g_assert_true (wm_store_undo (store, &error));
  g_assert_true (wm_store_redo (store, &error));
  g_assert_no_error (error);
  write_and_announce (fixture, writer, kpi, 2, NULL);
  g_assert_false (has_all (fixture));

  /* Another program just before the writer. */
  rename_by_sqlite3 (fixture, "Renamed before");
  write_and_announce (fixture, writer, kpi, 3, NULL);
  g_assert_true (has_all (fixture));
  g_assert_false (wm_store_check_external_changes (store));

  /* And just after it. */
  write_and_announce (fixture, writer, kpi, 4, rename_by_sqlite3);
  g_assert_true (has_all (fixture));
  g_assert_false (wm_store_check_external_changes (store));

  /* A look that took the writer's commit in early (the file monitor was
   * quicker than the announcement): announced once, not again. */
  write_and_announce (fixture, writer, kpi, 5, look_early);
  g_assert_false (has_all (fixture));
  write_and_announce (fixture, writer, kpi, 6, NULL);
  g_assert_false (has_all (fixture));
}

static void
test_file_replaced (Fixture       *fixture,
                    gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autofree char *other = g_build_filename (fixture->dir, "synced.waymark", NULL);
  g_autoptr(GError) error = NULL;

  wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Ours");
  {
    g_autoptr(WmStore) theirs = wm_test_create_store (fixture->dir, "synced.waymark", NULL);

    wm_test_insert_named (theirs, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "A");
    wm_test_insert_named (theirs, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "B");
  }
  g_assert_cmpint (g_rename (other, fixture->path), ==, 0);
  g_array_set_size (fixture->masks, 0);
  g_assert_true (wm_store_check_external_changes (store));
  g_assert_true (has_all (fixture));
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, 2);
  g_assert_false (wm_store_can_undo (store));
  g_assert_false (wm_store_is_read_only (store));

  /* Moved away: edits would be lost, so it turns read-only with the reason. */
  g_assert_cmpint (g_rename (fixture->path, other), ==, 0);
  g_assert_true (wm_store_check_external_changes (store));
  g_assert_true (wm_store_is_read_only (store));
  g_assert_nonnull (strstr (wm_store_get_read_only_reason (store), "moved or deleted"));
}

typedef struct
{
  GMainLoop *loop;
  gboolean   seen;
} WatchData;

static void
watch_changed_cb (WmStore   *store,
                  guint64    mask,
                  WatchData *data)
{
  data->seen = TRUE;
  g_main_loop_quit (data->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_watch (Fixture       *fixture,
            gconstpointer  data)
{
  WatchData watch = { g_main_loop_new (NULL, FALSE), FALSE };
  g_autoptr(GMainLoop) loop = watch.loop;
  sqlite3 *db;
  guint timeout;

  wm_store_watch (fixture->store, 1000);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (watch_changed_cb), &watch);
  db = wm_test_open_raw (fixture->path, TRUE);
  wm_test_exec (db, "UPDATE project SET name = 'Renamed elsewhere'");
  sqlite3_close (db);

  timeout = g_timeout_add (2000, timeout_cb, loop);
  g_main_loop_run (loop);
  g_assert_true (watch.seen);
  g_source_remove (timeout);
  g_assert_cmpstr (wm_store_get_name (fixture->store), ==, "Renamed elsewhere");
  wm_store_unwatch (fixture->store);
}

/* Looking for others' changes never waits for their lock. */
static void
test_check_does_not_wait (Fixture       *fixture,
                          gconstpointer  data)
{
  sqlite3 *db = wm_test_open_raw (fixture->path, TRUE);
  gint64 start;

  wm_test_exec (db, "BEGIN EXCLUSIVE; UPDATE project SET name = 'x'");
  start = g_get_monotonic_time ();
  g_assert_false (wm_store_check_external_changes (fixture->store));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  wm_test_exec (db, "COMMIT");
  sqlite3_close (db);
  g_assert_true (wm_store_check_external_changes (fixture->store));
}

/* Finding 10: a lock held by another program. */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = wm_test_open_raw (fixture->path, TRUE);
  gint64 start;

  wm_test_exec (db, "BEGIN IMMEDIATE");
  start = g_get_monotonic_time ();
  g_assert_false (wm_store_set_string (fixture->store, 1, WM_PROJECT_NAME, "x",
                                       &error));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (WM_STORE_BUSY_TIMEOUT_MS - 500) * 1000);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "another program"));
  g_assert_null (strstr (error->message, "database is locked"));
  wm_test_exec (db, "ROLLBACK");
  sqlite3_close (db);
  g_clear_error (&error);
  g_assert_true (wm_store_set_string (fixture->store, 1, WM_PROJECT_NAME, "x", &error));
}

/* Finding 11: the umask, not 0600. */
static void
test_umask (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *created = g_build_filename (fixture->dir, "team.waymark", NULL);
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  mode_t old = umask (002);
  GStatBuf st;

  store = wm_store_create (created, &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_save_copy (store, copy, &error));
  umask (old);
  g_assert_cmpint (g_stat (created, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0664);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0664);
}

/* Finding 8: a file or folder that cannot be written opens read-only. */
static gboolean
set_immutable (const char *path,
               gboolean    immutable)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int flags = 0;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = ioctl (fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok)
    {
      flags = immutable ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
      ok = ioctl (fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
  close (fd);

  return ok;
}

static gboolean
make_unwritable (const char *path)
{
  /* root may write anything but an immutable file */
  if (geteuid () == 0)
    return set_immutable (path, TRUE);
  return g_chmod (path, g_file_test (path, G_FILE_TEST_IS_DIR) ? 0555 : 0444) == 0;
}

static void
make_writable (const char *path)
{
  if (geteuid () == 0)
    set_immutable (path, FALSE);
  else
    g_chmod (path, g_file_test (path, G_FILE_TEST_IS_DIR) ? 0755 : 0644);
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;

  g_clear_object (&fixture->store);
  if (!make_unwritable (fixture->path))
    {
      g_test_skip ("cannot make a file unwritable here");
      return;
    }
  store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  make_writable (fixture->path);
  g_assert_no_error (error);
  g_assert_true (wm_store_is_read_only (store));
  g_assert_nonnull (strstr (wm_store_get_read_only_reason (store), "permission"));
  g_assert_false (wm_store_set_string (store, 1, WM_PROJECT_NAME, "x", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY);
  g_clear_object (&store);
  g_clear_error (&error);

  g_assert_true (make_unwritable (fixture->dir));
  store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  make_writable (fixture->dir);
  g_assert_no_error (error);
  g_assert_true (wm_store_is_read_only (store));
  g_assert_nonnull (strstr (wm_store_get_read_only_reason (store), "folder"));
}

/* Finding 6: a newer file is screened before anything is read. */
static void
test_newer_screened (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *const evil[] = {
    "ALTER TABLE journey ADD COLUMN big TEXT GENERATED ALWAYS AS (printf('%.*c', 4e8, 'x'))",
    "CREATE VIEW v AS SELECT 1",
    "CREATE INDEX ix ON journey (printf('%.*c', 4e8, 'x'))",
    "CREATE TRIGGER t AFTER INSERT ON journey BEGIN SELECT 1; END",
  };

  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (evil); i++)
    {
      g_autofree char *name = g_strdup_printf ("newer-%u.waymark", i);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, name, &path);
      sqlite3 *db;

      g_clear_object (&store);
      db = wm_test_open_raw (path, TRUE);
      wm_test_exec (db, evil[i]);
      wm_test_exec (db, "PRAGMA user_version = 99");
      sqlite3_close (db);

      store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
      g_assert_null (store);
      g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TAMPERED);
    }
}

/* Finding 14: the connection settings themselves, seen from inside. */
static void
test_connection_settings (Fixture       *fixture,
                          gconstpointer  data)
{
  sqlite3 *db = fixture->store->db;
  int value = -1;

  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, -1, &value), ==, SQLITE_OK);
  g_assert_cmpint (value, ==, 1);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &value), ==,
                   SQLITE_OK);
  g_assert_cmpint (value, ==, 0);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, -1, &value), ==, SQLITE_OK);
  g_assert_cmpint (value, ==, 0);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &value), ==,
                   SQLITE_OK);
  g_assert_cmpint (value, ==, 0);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &value), ==,
                   SQLITE_OK);
  g_assert_cmpint (value, ==, 0);
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA synchronous"), ==, 3);  /* EXTRA */
  g_assert_cmpint (wm_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  {
    g_autofree char *mode = wm_test_query_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "delete");
  }
}

/* Finding 14: save-a-copy writes a temporary file beside the target, syncs
 * it, renames it over the target and syncs the folder, in that order. */
static GPtrArray *file_log;
static int fail_fsync;
static int fail_rename;

static char *
fd_name (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *target = g_file_read_link (link, NULL);

  return target ? g_path_get_basename (target) : g_strdup ("?");
}

static int
logging_fsync (int fd)
{
  g_autofree char *name = fd_name (fd);

  g_ptr_array_add (file_log, g_strdup_printf ("fsync %s", name));
  if (fail_fsync)
    {
      errno = EIO;
      return -1;
    }
  return fsync (fd);
}

static int
logging_rename (const char *from,
                const char *to)
{
  g_autofree char *from_base = g_path_get_basename (from);
  g_autofree char *to_base = g_path_get_basename (to);

  g_ptr_array_add (file_log, g_strdup_printf ("rename %s %s", from_base, to_base));
  if (fail_rename)
    {
      errno = EXDEV;
      return -1;
    }
  return g_rename (from, to);
}

static int
find_entry (GPtrArray  *log,
            const char *prefix,
            int         from)
{
  for (guint i = (guint) MAX (from, 0); i < log->len; i++)
    {
      if (g_str_has_prefix (g_ptr_array_index (log, i), prefix))
        return (int) i;
    }

  return -1;
}

static void
test_copy_order (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autofree char *dir_base = g_path_get_basename (fixture->dir);
  g_autofree char *temp = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  WmStoreFileOps saved = wm_store_file_ops;
  int first_write, last_write = -1, synced, renamed, dir_synced;

  add_journey_with_stages (fixture->store, "Copied", 3);
  wm_test_write_file (target, "old", 3);
  file_log = g_ptr_array_new_with_free_func (g_free);
  wm_store_file_ops.fsync = logging_fsync;
  wm_store_file_ops.rename = logging_rename;
  wm_test_vfs_arm (0, 0);
  wm_test_vfs_set_log (file_log);
  g_assert_true (wm_store_save_copy (fixture->store, target, &error));
  wm_test_vfs_set_log (NULL);
  wm_store_file_ops = saved;
  g_assert_no_error (error);

  for (guint i = 0; i < file_log->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (file_log, i));
  g_assert_cmpint (find_entry (file_log, "write copy.waymark", 0), ==, -1);
  /* VACUUM INTO keeps a journal of its own beside the temporary file. */
  for (first_write = 0; (first_write = find_entry (file_log, "write .copy.waymark.copy-",
                                                   first_write)) >= 0; first_write++)
    {
      if (!g_str_has_suffix (g_ptr_array_index (file_log, first_write), "-journal"))
        break;
    }
  g_assert_cmpint (first_write, >=, 0);
  temp = g_strdup ((const char *) g_ptr_array_index (file_log, first_write) + strlen ("write "));
  {
    g_autofree char *temp_write = g_strconcat ("write ", temp, NULL);

    for (guint i = 0; i < file_log->len; i++)
      {
        if (g_str_equal (g_ptr_array_index (file_log, i), temp_write))
          last_write = (int) i;
      }
  }
  g_free (expected);
  expected = g_strconcat ("fsync ", temp, NULL);
  synced = find_entry (file_log, expected, last_write);
  g_assert_cmpint (synced, >, last_write);
  g_free (expected);
  expected = g_strdup_printf ("rename %s copy.waymark", temp);
  renamed = find_entry (file_log, expected, synced);
  g_assert_cmpint (renamed, >, synced);
  g_free (expected);
  expected = g_strdup_printf ("fsync %s", dir_base);
  dir_synced = find_entry (file_log, expected, renamed);
  g_assert_cmpint (dir_synced, >, renamed);
  g_clear_pointer (&file_log, g_ptr_array_unref);

  {
    g_autoptr(WmStore) copy = wm_store_open (target, WM_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_cmpint (wm_test_count (copy, WM_ENTITY_STAGE), ==, 3);
  }
}

/* A copy that fails at any step leaves the target as it was and no
 * temporary file behind. */
static void
assert_copy_fails (Fixture    *fixture,
                   const char *target)
{
  g_autofree char *before = wm_test_file_checksum (target);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_false (wm_store_save_copy (fixture->store, target, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO);
  after = wm_test_file_checksum (target);
  g_assert_cmpstr (before, ==, after);
  names = wm_test_list_dir (fixture->dir);
  for (guint i = 0; names[i]; i++)
    g_assert_null (strstr (names[i], ".copy-"));
}

static void
test_copy_failures (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->dir, "copy.waymark", NULL);
  WmStoreFileOps saved = wm_store_file_ops;

  add_journey_with_stages (fixture->store, "Copied", 3);
  wm_test_write_file (target, "the old copy", 12);
  file_log = g_ptr_array_new_with_free_func (g_free);
  wm_store_file_ops.fsync = logging_fsync;
  wm_store_file_ops.rename = logging_rename;

  wm_test_vfs_fail_writes (".copy-");
  assert_copy_fails (fixture, target);
  wm_test_vfs_fail_writes (NULL);

  fail_fsync = 1;
  assert_copy_fails (fixture, target);
  fail_fsync = 0;

  fail_rename = 1;
  assert_copy_fails (fixture, target);
  fail_rename = 0;

  wm_store_file_ops = saved;
  g_clear_pointer (&file_log, g_ptr_array_unref);
}

/* Finding 7: long texts are stored whole but read cut, quickly. */
static void
test_long_texts (Fixture       *fixture,
                 gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(WmRecord) journey = NULL;
  g_autofree char *name = g_strnfill (10 * 1024 * 1024, 'x');
  g_autofree char *description = g_strnfill (200, 'd');
  gint64 id = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Short");
  gint64 start;
  sqlite3 *db;

  g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_NAME, name, &error));
  g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_DESCRIPTION, description, &error));
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);

  wm_store_set_text_limit (store, 1000);
  start = g_get_monotonic_time ();
  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_test_message ("listed a 10 MB name in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpuint (strlen (wm_record_get_string (g_ptr_array_index (journeys, 0),
                                                  WM_JOURNEY_NAME)), ==, 1000);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (journeys, 0),
                                         WM_JOURNEY_DESCRIPTION), ==, description);

  /* Writing back a record read cut keeps what is stored. */
  journey = wm_store_get (store, WM_ENTITY_JOURNEY, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (wm_record_get_string (journey, WM_JOURNEY_NAME)), ==, 1000);
  wm_record_set_string (journey, WM_JOURNEY_DESCRIPTION, "changed");
  g_assert_true (wm_store_update (store, journey, &error));
  g_assert_no_error (error);
  db = wm_test_open_raw (fixture->path, FALSE);
  g_assert_cmpint (wm_test_query_int (db, "SELECT length(name) FROM journey"), ==,
                   10 * 1024 * 1024);
  sqlite3_close (db);

  /* Without a limit (exports, merges) everything is read whole. */
  wm_store_set_text_limit (store, 0);
  g_clear_object (&journey);
  journey = wm_store_get (store, WM_ENTITY_JOURNEY, id, &error);
  g_assert_cmpuint (strlen (wm_record_get_string (journey, WM_JOURNEY_NAME)), ==,
                    10 * 1024 * 1024);
}

/* Finding 14: one step per edit, none for an empty one. */
static void
test_steps (Fixture       *fixture,
            gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  gint64 journey = add_journey_with_stages (store, "J", 4);
  g_autoptr(GPtrArray) stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey,
                                               &error);
  gint64 last = wm_record_get_id (g_ptr_array_index (stages, 3));
  gint64 first = wm_record_get_id (g_ptr_array_index (stages, 0));

  wm_store_clear_history (store);
  g_assert_true (wm_store_begin_edit (store, "Nothing", &error));
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_false (wm_store_can_undo (store));

  g_assert_true (wm_store_move (store, WM_ENTITY_STAGE, last, 0, &error));
  g_assert_no_error (error);
  g_assert_true (wm_store_can_undo (store));
  g_assert_true (wm_store_undo (store, &error));
  g_assert_false (wm_store_can_undo (store));
  g_clear_pointer (&stages, g_ptr_array_unref);
  stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, &error);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (stages, 0)), ==, first);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (stages, 3)), ==, last);
}

/* Finding 14: status at the target and warning thresholds, both directions. */
static void
test_kpi_boundaries (void)
{
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);

  wm_record_set_double (kpi, WM_KPI_TARGET, 50);
  wm_record_set_double (kpi, WM_KPI_WARNING, 30);
  wm_record_set_string (kpi, WM_KPI_DIRECTION, "higher");
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 50), ==, WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 49.999), ==, WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 30), ==, WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 29.999), ==, WM_KPI_STATUS_OFF_TARGET);

  wm_record_set_double (kpi, WM_KPI_TARGET, 30);
  wm_record_set_double (kpi, WM_KPI_WARNING, 50);
  wm_record_set_string (kpi, WM_KPI_DIRECTION, "lower");
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 30), ==, WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 30.001), ==, WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 50), ==, WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 50.001), ==, WM_KPI_STATUS_OFF_TARGET);
}

static void
test_kpi_trend (void)
{
  WmSample up[] = { { 1, 10, 0 }, { 2, 10.5, 0 } };
  WmSample down[] = { { 1, 10, 0 }, { 2, 9.5, 0 } };
  WmSample flat[] = { { 1, 10, 0 }, { 2, 12, 0 }, { 3, 12, 0 } };

  g_assert_cmpint (wm_kpi_trend (up, 2), ==, WM_KPI_TREND_UP);
  g_assert_cmpint (wm_kpi_trend (down, 2), ==, WM_KPI_TREND_DOWN);
  g_assert_cmpint (wm_kpi_trend (flat, 3), ==, WM_KPI_TREND_FLAT);
  g_assert_cmpint (wm_kpi_trend (up, 1), ==, WM_KPI_TREND_FLAT);
}

int
main (int   argc,
      char *argv[])
{
  wm_test_vfs_install ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/store/share/foreign-journal", test_foreign_journal);
  ADD ("/waymark/store/share/own-journal", test_own_journal);
  ADD ("/waymark/store/share/read-only-recovers", test_read_only_recovers);
  ADD ("/waymark/store/share/unhealthy-recovery", test_unhealthy_recovery);
  ADD ("/waymark/store/share/undo-keeps-their-rename", test_undo_keeps_their_rename);
  ADD ("/waymark/store/share/undo-keeps-their-stage", test_undo_keeps_their_stage);
  ADD ("/waymark/store/share/redo-keeps-their-description", test_redo_keeps_their_description);
  ADD ("/waymark/store/share/redo-keeps-their-row", test_redo_keeps_their_row);
  ADD ("/waymark/store/share/edit-notices-others", test_edit_notices_others);
  ADD ("/waymark/store/share/announce-notices-others", test_announce_notices_others);
  ADD ("/waymark/store/share/file-replaced", test_file_replaced);
  ADD ("/waymark/store/share/watch", test_watch);
  ADD ("/waymark/store/share/busy", test_busy);
  ADD ("/waymark/store/share/check-does-not-wait", test_check_does_not_wait);
  ADD ("/waymark/store/share/umask", test_umask);
  ADD ("/waymark/store/share/unwritable", test_unwritable);
  ADD ("/waymark/store/share/newer-screened", test_newer_screened);
  ADD ("/waymark/store/share/connection-settings", test_connection_settings);
  ADD ("/waymark/store/share/steps", test_steps);
  ADD ("/waymark/store/share/copy-order", test_copy_order);
  ADD ("/waymark/store/share/long-texts", test_long_texts);
  ADD ("/waymark/store/share/copy-failures", test_copy_failures);
  g_test_add_func ("/waymark/kpi/status-boundaries", test_kpi_boundaries);
  g_test_add_func ("/waymark/kpi/trend", test_kpi_trend);

  return g_test_run ();
}
