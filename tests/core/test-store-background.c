/* test-store-background.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "wm-store.h"
#include "wm-test-util.h"
#include "wm-test-vfs.h"

/* A window's store commits on a worker thread (wm_store_set_commit_in_background()).
 * The test VFS holds the COMMIT's syncs at a gate, so the tests see the
 * edit while it is still on its way to the disk. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
  gint64   journey;
  guint    n_changed;
  guint    n_failed;
  guint    n_named;   /* announcements that named the journey's row */
  GError  *failure;
} Fixture;

static void
changed_cb (WmStore  *store,
            guint64   mask,
            Fixture  *fixture)
{
  fixture->n_changed++;
}

static void
save_failed_cb (WmStore      *store,
                const GError *error,
                Fixture      *fixture)
{
  fixture->n_failed++;
  g_clear_error (&fixture->failure);
  fixture->failure = g_error_copy (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "Background.waymark", &fixture->path);
  fixture->journey = wm_test_insert_named (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                           "Before");
  wm_store_set_commit_in_background (fixture->store, data == NULL);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), fixture);
  g_signal_connect (fixture->store, "save-failed", G_CALLBACK (save_failed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  wm_test_vfs_open_gate (FALSE);
  g_clear_object (&fixture->store);
  g_clear_error (&fixture->failure);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The journey's name as another program reads it from the file. */
static char *
name_on_disk (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM journey WHERE id = %" G_GINT64_FORMAT,
                                          fixture->journey);
  sqlite3 *db = wm_test_open_raw (fixture->path, FALSE);
  char *name = wm_test_query_text (db, sql);

  sqlite3_close (db);
  return name;
}

static void
assert_name_on_disk (Fixture    *fixture,
                     const char *expected)
{
  g_autofree char *name = name_on_disk (fixture);

  g_assert_cmpstr (name, ==, expected);
}

static char *
name_in_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) journey = wm_store_get (fixture->store, WM_ENTITY_JOURNEY,
                                              fixture->journey, &error);

  g_assert_no_error (error);
  return g_strdup (wm_record_get_string (journey, WM_JOURNEY_NAME));
}

/* The setter returns, and "changed" has told the views, while the COMMIT
 * still waits for the disk; then it lands, and undo works as always. */
static void
test_commit_after_return (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  wm_test_vfs_close_gate ();
  g_assert_true (wm_store_set_string (fixture->store, fixture->journey, WM_JOURNEY_NAME,
                                      "After", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_true (wm_store_can_undo (fixture->store));

  /* The COMMIT's first sync is held: the setter did not wait for it. */
  wm_test_vfs_wait_at_gate ();
  wm_test_vfs_open_gate (FALSE);

  /* The thread's end is announced on the main loop. */
  while (wm_store_is_saving (fixture->store))
    g_main_context_iteration (NULL, TRUE);
  assert_name_on_disk (fixture, "After");
  g_assert_cmpuint (fixture->n_failed, ==, 0);

  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  assert_name_on_disk (fixture, "Before");
}

/* A disk that refuses the COMMIT: the edit is taken back everywhere and
 * the window is told why. Nothing half-written stays in the file. */
static void
test_commit_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *check = NULL;
  g_autofree char *undo_label = g_strdup (wm_store_get_undo_label (fixture->store));

  wm_test_vfs_close_gate ();
  g_assert_true (wm_store_set_string (fixture->store, fixture->journey, WM_JOURNEY_NAME,
                                      "Lost", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), !=, undo_label);
  wm_test_vfs_wait_at_gate ();
  wm_test_vfs_open_gate (TRUE);
  wm_store_wait_saved (fixture->store);
  wm_test_vfs_open_gate (FALSE);

  g_assert_cmpuint (fixture->n_failed, ==, 1);
  g_assert_error (fixture->failure, WM_STORE_ERROR, WM_STORE_ERROR_IO);
  g_assert_nonnull (strstr (fixture->failure->message, "could not be saved"));
  /* Announced twice: the edit, then the rows as they are again. */
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  name = name_in_store (fixture);
  g_assert_cmpstr (name, ==, "Before");
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, undo_label);

  assert_name_on_disk (fixture, "Before");
  check = wm_test_integrity_check (fixture->path);
  g_assert_cmpstr (check, ==, "ok");

  /* The next edit goes through. */
  g_assert_true (wm_store_set_string (fixture->store, fixture->journey, WM_JOURNEY_NAME,
                                      "Again", &error));
  g_assert_no_error (error);
  wm_store_wait_saved (fixture->store);
  assert_name_on_disk (fixture, "Again");
}

static void
edit_in_handler_cb (WmStore *store,
                    guint64  mask,
                    Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->n_changed != 1)
    return;
  g_assert_true (wm_store_set_string (store, fixture->journey, WM_JOURNEY_DESCRIPTION,
                                      "Written by a view", &error));
  g_assert_no_error (error);
}

static void
named_cb (WmStore *store,
          guint64  mask,
          Fixture *fixture)
{
  const GArray *ids = wm_store_get_changed_ids (store, WM_ENTITY_JOURNEY);

  if (ids != NULL && ids->len == 1 && g_array_index (ids, gint64, 0) == fixture->journey)
    fixture->n_named++;
}

/* A view that edits while it hears of an edit: the first edit is committed
 * before the second begins, and both are undo steps. Also without the
 * thread: the handlers after the editing one still see the first edit's rows. */
static void
test_edit_while_announced (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  sqlite3 *db;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (edit_in_handler_cb), fixture);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (named_cb), fixture);
  g_assert_true (wm_store_set_string (fixture->store, fixture->journey, WM_JOURNEY_NAME,
                                      "Renamed", &error));
  g_assert_no_error (error);
  wm_store_wait_saved (fixture->store);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  g_assert_cmpuint (fixture->n_named, ==, 2);

  db = wm_test_open_raw (fixture->path, FALSE);
  description = wm_test_query_text (db, "SELECT description FROM journey");
  sqlite3_close (db);
  g_assert_cmpstr (description, ==, "Written by a view");
  assert_name_on_disk (fixture, "Renamed");

  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  assert_name_on_disk (fixture, "Before");
}

/* Closing waits for the disk: nothing is lost by closing right after an edit. */
static void
test_close_waits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *value = g_strdup_printf ("Name %u", i);

      g_assert_true (wm_store_set_string (fixture->store, fixture->journey, WM_JOURNEY_NAME,
                                          value, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&fixture->store);
  assert_name_on_disk (fixture, "Name 19");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  wm_test_vfs_install ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/store/background/commit-after-return", test_commit_after_return);
  ADD ("/waymark/store/background/commit-fails", test_commit_fails);
  ADD ("/waymark/store/background/edit-while-announced", test_edit_while_announced);
  ADD ("/waymark/store/background/close-waits", test_close_waits);
  g_test_add ("/waymark/store/edit-while-announced", Fixture, "in the foreground",
              fixture_setup, test_edit_while_announced, fixture_teardown);

  return g_test_run ();
}
