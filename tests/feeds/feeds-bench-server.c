/* feeds-bench-server.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-bench"

#include "config.h"

#include <stdio.h>

#include "feeds-test-server.h"

/* The test server in a process of its own, for the benchmarks: prints its
 * base URL on a line, serves until its stdin closes. */

static gboolean
stdin_cb (GIOChannel   *channel,
          GIOCondition  condition,
          gpointer      user_data)
{
  GMainLoop *loop = user_data;
  char buffer[64];
  gsize read = 0;

  if (g_io_channel_read_chars (channel, buffer, sizeof buffer, &read, NULL) != G_IO_STATUS_NORMAL
      || read == 0)
    {
      g_main_loop_quit (loop);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FeedsTestServer) server = feeds_test_server_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (0);

  printf ("%s\n", feeds_test_server_get_base (server));
  fflush (stdout);

  g_io_add_watch (channel, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
