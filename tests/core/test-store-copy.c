/* test-store-copy.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include "wm-test-util.h"

/* "Save a copy": a whole, healthy project at the new name, or nothing. */

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
  g_autoptr(GError) error = NULL;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "original.waymark", &fixture->path);
  wm_test_build_journey (fixture->store, "Onboarding", 3, 2);
  wm_test_insert (fixture->store, WM_ENTITY_VOICE_RULE);
  g_assert_true (wm_store_add_samples (fixture->store, wm_test_insert (fixture->store, WM_ENTITY_KPI),
                                       (WmSample[]) { { 1000, 42.0, 7 }, { 2000, 43.5, 8 } }, 2,
                                       "test", &error));
  g_assert_no_error (error);
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

static void
assert_same_project (const char *a,
                     const char *b)
{
  g_autofree char *dump_a = wm_test_dump_project (a);
  g_autofree char *dump_b = wm_test_dump_project (b);

  g_assert_cmpstr (dump_a, ==, dump_b);
}

static void
test_new_path (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autofree char *check = NULL;
  g_autoptr(WmStore) opened = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_true (wm_store_save_copy (fixture->store, copy, &error));
  g_assert_no_error (error);
  assert_same_project (fixture->path, copy);
  check = wm_test_integrity_check (copy);
  g_assert_cmpstr (check, ==, "ok");

  opened = wm_store_open (copy, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (wm_store_is_read_only (opened));
  g_assert_cmpint (wm_store_count (opened, WM_ENTITY_STAGE, NULL), ==, 3);
  g_assert_cmpint (wm_store_count_samples (opened, NULL), ==, 2);
  findings = wm_store_check (opened, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  /* The copy does not carry this session's history. */
  g_assert_false (wm_store_can_undo (opened));

  /* The two are independent from now on. */
  wm_test_insert (fixture->store, WM_ENTITY_PERSONA);
  g_assert_cmpint (wm_store_count (opened, WM_ENTITY_PERSONA, NULL), ==,
                   wm_store_count (fixture->store, WM_ENTITY_PERSONA, NULL) - 1);

  names = wm_test_list_dir (fixture->dir);
  g_assert_cmpstrv (names, ((const char *[]) { "copy.waymark", "original.waymark", NULL }));
}

static void
test_replace (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->dir, "target.waymark", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "notes.waymark", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  /* Over another project … */
  {
    g_autoptr(WmStore) other = wm_test_create_store (fixture->dir, "target.waymark", NULL);

    wm_test_build_journey (other, "Someone else's", 1, 1);
    g_assert_true (wm_store_set_string (other, 1, WM_PROJECT_NAME, "Other", &error));
    g_assert_finalize_object (g_steal_pointer (&other));
  }
  g_assert_true (wm_store_save_copy (fixture->store, target, &error));
  g_assert_no_error (error);
  assert_same_project (fixture->path, target);
  {
    sqlite3 *db = wm_test_open_raw (target, FALSE);

    g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM journey"
                                            " WHERE name = 'Someone else''s'"), ==, 0);
    g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM project WHERE name = 'Other'"),
                     ==, 0);
    sqlite3_close (db);
  }

  /* … and over a file that is not one. */
  wm_test_write_file (text, "old notes", 9);
  g_assert_true (wm_store_save_copy (fixture->store, text, &error));
  g_assert_no_error (error);
  assert_same_project (fixture->path, text);

  /* Saving again over the copy just made. */
  wm_test_insert (fixture->store, WM_ENTITY_JOURNEY);
  g_assert_true (wm_store_save_copy (fixture->store, target, &error));
  g_assert_no_error (error);
  assert_same_project (fixture->path, target);

  /* No temporary or journal files left behind. */
  names = wm_test_list_dir (fixture->dir);
  g_assert_cmpstrv (names, ((const char *[]) { "notes.waymark", "original.waymark",
                                               "target.waymark", NULL }));
}

static void
test_missing_directory (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-dir", NULL);
  g_autofree char *copy = g_build_filename (missing, "copy.waymark", NULL);
  g_autofree char *before = wm_test_file_checksum (fixture->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_false (wm_store_save_copy (fixture->store, copy, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == WM_STORE_ERROR);
  g_assert_cmpint (error->code, ==, WM_STORE_ERROR_IO);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  names = wm_test_list_dir (fixture->dir);
  g_assert_cmpstrv (names, ((const char *[]) { "original.waymark", NULL }));
  after = wm_test_file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* The store goes on working. */
  wm_test_insert (fixture->store, WM_ENTITY_JOURNEY);
}

static void
test_during_edit (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autoptr(GError) error = NULL;

  /* A copy must never hold half an edit. */
  g_assert_true (wm_store_begin_edit (fixture->store, "Half", &error));
  wm_test_insert (fixture->store, WM_ENTITY_JOURNEY);
  g_assert_false (wm_store_save_copy (fixture->store, copy, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  wm_store_rollback_edit (fixture->store);
}

static void
test_from_read_only (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autoptr(WmStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_save_copy (reader, copy, &error));
  g_assert_no_error (error);
  assert_same_project (fixture->path, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/store/copy/new-path", test_new_path);
  ADD ("/waymark/store/copy/replace", test_replace);
  ADD ("/waymark/store/copy/missing-directory", test_missing_directory);
  ADD ("/waymark/store/copy/during-edit", test_during_edit);
  ADD ("/waymark/store/copy/from-read-only", test_from_read_only);

#undef ADD

  return g_test_run ();
}
