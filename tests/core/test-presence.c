/* test-presence.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wm-presence.h"
#include "wm-test-util.h"

/* Who else has the file open: two sessions on one project see each other;
 * one that leaves, or whose heartbeat went stale, is not shown; nothing of
 * it is in the project file. */

#define INTERVAL_MS 100

static gboolean
wait_for (WmPresence *presence,
          guint       n_others)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      if (wm_presence_get_others (presence)->len == n_others)
        return TRUE;
      g_usleep (1000);
    }

  return FALSE;
}

static void
test_presence (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "shared.waymark", NULL);
  g_autofree char *stale = g_build_filename (dir, ".shared.waymark.presence-stale", NULL);
  g_autofree char *garbage = g_build_filename (dir, ".shared.waymark.presence-garbage", NULL);
  g_autofree char *other = g_build_filename (dir, ".other.waymark.presence-x", NULL);
  g_autofree char *stale_json = g_strdup_printf ("{\"name\": \"Old\", \"host\": \"h\", "
                                                 "\"since\": 1, \"seen\": 1}");
  g_autofree char *other_json = g_strdup_printf ("{\"name\": \"Elsewhere\", \"host\": \"h\", "
                                                 "\"since\": 1, \"seen\": %" G_GINT64_FORMAT "}",
                                                 g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(WmPresence) a = wm_presence_new (path);
  g_autoptr(WmPresence) b = wm_presence_new (path);
  g_autofree char *described = NULL;
  g_auto(GStrv) left = NULL;

  /* Others' leftovers: stale, broken, another project's. */
  wm_test_write_file (stale, stale_json, strlen (stale_json));
  wm_test_write_file (garbage, "\xff{[", 3);
  wm_test_write_file (other, other_json, strlen (other_json));

  wm_presence_start (a, INTERVAL_MS);
  g_assert_true (wait_for (a, 0));
  wm_presence_start (b, INTERVAL_MS);
  g_assert_true (wait_for (a, 1));
  g_assert_true (wait_for (b, 1));
  described = wm_presence_describe (a);
  g_assert_nonnull (described);
  g_assert_nonnull (strstr (described, g_get_host_name ()));

  /* B leaves: its file goes, and A stops showing it. */
  wm_presence_stop (b);
  g_assert_true (wait_for (a, 0));
  g_assert_null (wm_presence_describe (a));

  wm_presence_stop (a);
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       g_get_monotonic_time () < end; g_usleep (1000))
    {
      g_main_context_iteration (NULL, FALSE);
      g_clear_pointer (&left, g_strfreev);
      left = wm_test_list_dir (dir);
      if (g_strv_length (left) == 3)
        break;
    }
  /* Only the three planted files are left. */
  g_assert_cmpuint (g_strv_length (left), ==, 3);
  wm_test_remove_dir (dir);
}

/* A session of this user on this computer whose process is gone (Waymark
 * crashed, or was killed) is not shown as someone else, and its file goes:
 * a person starting Waymark again must not see themselves for a minute. */
static void
test_crashed_session (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "shared.waymark", NULL);
  g_autofree char *crashed = g_build_filename (dir, ".shared.waymark.presence-crashed", NULL);
  g_autofree char *elsewhere = g_build_filename (dir, ".shared.waymark.presence-elsewhere", NULL);
  g_autofree char *reused = g_build_filename (dir, ".shared.waymark.presence-reused", NULL);
  g_autofree char *reused_json = NULL;
  const char *argv[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *crashed_json = NULL;
  g_autofree char *elsewhere_json = NULL;
  g_autoptr(WmPresence) presence = wm_presence_new (path);
  gint64 seen = g_get_real_time () / G_USEC_PER_SEC;
  GPid dead = 0;
  int status;

  /* A process that has exited: its pid is free. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &dead, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (dead, &status, 0), ==, dead);

  crashed_json = g_strdup_printf ("{\"name\": \"Me\", \"user\": \"%s\", \"host\": \"%s\", "
                                  "\"since\": 1, \"seen\": %" G_GINT64_FORMAT ", \"pid\": %d}",
                                  g_get_user_name (), g_get_host_name (), seen, (int) dead);
  /* The same pid on another computer says nothing about that session. */
  elsewhere_json = g_strdup_printf ("{\"name\": \"Colleague\", \"user\": \"%s\", "
                                    "\"host\": \"not-%s\", \"since\": 1, "
                                    "\"seen\": %" G_GINT64_FORMAT ", \"pid\": %d}",
                                    g_get_user_name (), g_get_host_name (), seen, (int) dead);
  /* An earlier process that had this process's pid, as every launch in a
   * sandbox may. */
  reused_json = g_strdup_printf ("{\"name\": \"Me\", \"user\": \"%s\", \"host\": \"%s\", "
                                 "\"since\": 1, \"seen\": %" G_GINT64_FORMAT ", \"pid\": %d, "
                                 "\"instance\": \"earlier\"}",
                                 g_get_user_name (), g_get_host_name (), seen, (int) getpid ());
  wm_test_write_file (reused, reused_json, strlen (reused_json));
  wm_test_write_file (crashed, crashed_json, strlen (crashed_json));
  wm_test_write_file (elsewhere, elsewhere_json, strlen (elsewhere_json));

  wm_presence_start (presence, INTERVAL_MS);
  g_assert_true (wait_for (presence, 1));
  g_assert_cmpstr (((WmPresenceEntry *) g_ptr_array_index (wm_presence_get_others (presence),
                                                           0))->name, ==, "Colleague");
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       g_get_monotonic_time () < end && (g_file_test (crashed, G_FILE_TEST_EXISTS)
                                         || g_file_test (reused, G_FILE_TEST_EXISTS));
       g_usleep (1000))
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (g_file_test (crashed, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (reused, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (elsewhere, G_FILE_TEST_EXISTS));

  wm_presence_stop (presence);
  g_remove (elsewhere);
  wm_test_remove_dir (dir);
}

/* Closed while a heartbeat is still being written (the window closed at any
 * moment): the write ends before the file is removed, so nothing is left
 * behind for others to show. Stopped at every point of the beat. */
static void
test_stop_while_writing (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "shared.waymark", NULL);

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(WmPresence) presence = wm_presence_new (path);
      g_auto(GStrv) left = NULL;
      gint64 stop_at;

      /* Beats every 5 ms, written while the main loop runs on. */
      wm_presence_start (presence, 5);
      stop_at = g_get_monotonic_time () + 20000 + (i % 10) * 500;
      while (g_get_monotonic_time () < stop_at)
        g_main_context_iteration (NULL, FALSE);
      wm_presence_stop (presence);
      g_clear_object (&presence);
      for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
           g_get_monotonic_time () < end; g_usleep (1000))
        {
          g_main_context_iteration (NULL, FALSE);
          g_clear_pointer (&left, g_strfreev);
          left = wm_test_list_dir (dir);
          if (g_strv_length (left) == 0)
            break;
        }
      if (g_strv_length (left) > 0)
        g_test_message ("left after round %u: %s", i, left[0]);
      g_assert_cmpuint (g_strv_length (left), ==, 0);
    }
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/presence/others", test_presence);
  g_test_add_func ("/waymark/presence/crashed-session", test_crashed_session);
  g_test_add_func ("/waymark/presence/stop-while-writing", test_stop_while_writing);

  return g_test_run ();
}
