/* test-store-shown.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include "wm-store.h"
#include "wm-test-util.h"

/* Two people on one shared file, as two connections: an edit of a row the
 * other changed since it was shown is refused (nothing written, both values
 * kept), a column only the other changed is kept, and one's own edits never
 * count as the other's. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *mine;
  WmStore *theirs;
  gint64   touchpoint;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  gint64 journey;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->mine = wm_test_create_store (fixture->dir, "shared.waymark", &fixture->path);
  journey = wm_test_build_journey (fixture->mine, "Onboarding", 2, 1);
  touchpoints = wm_store_list (fixture->mine, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                               journey, &error);
  g_assert_no_error (error);
  fixture->touchpoint = wm_record_get_id (g_ptr_array_index (touchpoints, 0));
  fixture->theirs = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->mine);
  g_clear_object (&fixture->theirs);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static WmRecord *
get (WmStore *store,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  WmRecord *record = wm_store_get (store, WM_ENTITY_TOUCHPOINT, id, &error);

  g_assert_no_error (error);

  return record;
}

static WmRecord *
show (Fixture *fixture)
{
  WmRecord *record = get (fixture->mine, fixture->touchpoint);

  wm_store_mark_shown (fixture->mine, record);

  return record;
}

static void
set_title (WmStore    *store,
           gint64      id,
           const char *title)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (store, id, WM_TOUCHPOINT_TITLE, title, &error));
  g_assert_no_error (error);
}

static void
assert_title (WmStore    *store,
              gint64      id,
              const char *title)
{
  g_autoptr(WmRecord) record = get (store, id);

  g_assert_cmpstr (wm_record_get_string (record, WM_TOUCHPOINT_TITLE), ==, title);
}

/* The same column: refused, theirs stays, and the message names it. */
static void
test_same_column (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) shown = show (fixture);
  gboolean could_undo = wm_store_can_undo (fixture->mine);

  set_title (fixture->theirs, fixture->touchpoint, "Their title");

  g_assert_false (wm_store_set_string (fixture->mine, fixture->touchpoint, WM_TOUCHPOINT_TITLE,
                                       "My title", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CHANGED_ELSEWHERE);
  g_assert_nonnull (strstr (error->message, "Their title"));
  assert_title (fixture->mine, fixture->touchpoint, "Their title");
  assert_title (fixture->theirs, fixture->touchpoint, "Their title");
  g_assert_cmpint (wm_store_can_undo (fixture->mine), ==, could_undo);

  /* "Apply mine": shown again with their value, then it goes through. */
  g_clear_error (&error);
  g_clear_object (&shown);
  shown = show (fixture);
  set_title (fixture->mine, fixture->touchpoint, "My title");
  assert_title (fixture->theirs, fixture->touchpoint, "My title");

  /* The same value on both sides is no conflict. */
  set_title (fixture->theirs, fixture->touchpoint, "Agreed");
  set_title (fixture->mine, fixture->touchpoint, "Agreed");
}

/* Another column: both kept. */
static void
test_other_column (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) shown = show (fixture);
  g_autoptr(WmRecord) now = NULL;

  g_assert_true (wm_store_set_string (fixture->theirs, fixture->touchpoint, WM_TOUCHPOINT_OWNER,
                                      "Dana", &error));
  set_title (fixture->mine, fixture->touchpoint, "My title");

  now = get (fixture->theirs, fixture->touchpoint);
  g_assert_cmpstr (wm_record_get_string (now, WM_TOUCHPOINT_TITLE), ==, "My title");
  g_assert_cmpstr (wm_record_get_string (now, WM_TOUCHPOINT_OWNER), ==, "Dana");
}

/* wm_store_update() writes the whole row as shown: a column only they
 * changed keeps their value; one both changed refuses the edit. */
static void
test_whole_row (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) shown = show (fixture);
  g_autoptr(WmRecord) edited = wm_record_copy (shown);
  g_autoptr(WmRecord) now = NULL;

  g_assert_true (wm_store_set_string (fixture->theirs, fixture->touchpoint, WM_TOUCHPOINT_OWNER,
                                      "Dana", &error));
  wm_record_set_string (edited, WM_TOUCHPOINT_TITLE, "My title");
  g_assert_true (wm_store_update (fixture->mine, edited, &error));
  g_assert_no_error (error);
  now = get (fixture->theirs, fixture->touchpoint);
  g_assert_cmpstr (wm_record_get_string (now, WM_TOUCHPOINT_TITLE), ==, "My title");
  g_assert_cmpstr (wm_record_get_string (now, WM_TOUCHPOINT_OWNER), ==, "Dana");

  /* Both change the owner. */
  g_assert_true (wm_store_set_string (fixture->theirs, fixture->touchpoint, WM_TOUCHPOINT_OWNER,
                                      "Robin", &error));
  wm_record_set_string (edited, WM_TOUCHPOINT_OWNER, "Sam");
  wm_record_set_string (edited, WM_TOUCHPOINT_TITLE, "Another title");
  g_assert_false (wm_store_update (fixture->mine, edited, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CHANGED_ELSEWHERE);
  g_clear_object (&now);
  now = get (fixture->theirs, fixture->touchpoint);
  g_assert_cmpstr (wm_record_get_string (now, WM_TOUCHPOINT_OWNER), ==, "Robin");
  g_assert_cmpstr (wm_record_get_string (now, WM_TOUCHPOINT_TITLE), ==, "My title");
}

/* One's own edits, undo included, are never someone else's. */
static void
test_own_edits (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) shown = show (fixture);

  set_title (fixture->mine, fixture->touchpoint, "First");
  set_title (fixture->mine, fixture->touchpoint, "Second");
  g_assert_true (wm_store_set_int (fixture->mine, fixture->touchpoint, WM_TOUCHPOINT_EMOTION, 2,
                                   &error));
  set_title (fixture->mine, fixture->touchpoint, "Third");
  assert_title (fixture->theirs, fixture->touchpoint, "Third");
}

/* Without a row marked as shown, edits are as before: the last one wins. */
static void
test_not_shown (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(WmRecord) shown = show (fixture);

  wm_store_forget_shown (fixture->mine, WM_ENTITY_TOUCHPOINT, fixture->touchpoint);
  set_title (fixture->theirs, fixture->touchpoint, "Their title");
  set_title (fixture->mine, fixture->touchpoint, "My title");
  assert_title (fixture->theirs, fixture->touchpoint, "My title");
}

/* A row they deleted is reported as gone, not as changed. */
static void
test_deleted (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) shown = show (fixture);

  g_assert_true (wm_store_delete (fixture->theirs, WM_ENTITY_TOUCHPOINT, fixture->touchpoint,
                                  &error));
  g_assert_false (wm_store_set_string (fixture->mine, fixture->touchpoint, WM_TOUCHPOINT_TITLE,
                                       "My title", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/waymark/store/shown/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("same-column", test_same_column);
  ADD ("other-column", test_other_column);
  ADD ("whole-row", test_whole_row);
  ADD ("own-edits", test_own_edits);
  ADD ("not-shown", test_not_shown);
  ADD ("deleted", test_deleted);
#undef ADD

  return g_test_run ();
}
