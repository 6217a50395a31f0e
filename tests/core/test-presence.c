/* test-presence.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/presence/others", test_presence);

  return g_test_run ();
}
