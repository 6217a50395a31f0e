/* fuzz-open.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "wm-store.h"

/* Any bytes handed to Waymark as a project must be refused with an error or
 * opened; never a crash, a hang or a leak. Seeds: tests/fuzz/corpus. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("fuzz-XXXXXX.waymark", &path, NULL);
  if (fd < 0)
    return 0;
  if (write (fd, data, size) != (ssize_t) size)
    {
      close (fd);
      g_unlink (path);
      return 0;
    }
  close (fd);

  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    {
      g_autoptr(GPtrArray) journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
      g_autoptr(GPtrArray) findings = wm_store_check (store, NULL);
    }
  else
    g_assert (error != NULL && error->message[0] != '\0');

  g_clear_object (&store);
  g_unlink (path);

  return 0;
}
