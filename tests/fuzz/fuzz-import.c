/* fuzz-import.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wm-interchange.h"

/* Any bytes handed to "waymark-cli import" must be refused with an error and
 * create nothing, or make a project that passes check; never a crash, a
 * hang or a leak. Seeds: tests/fuzz/corpus-import. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = g_bytes_new (data, size);
  g_autofree char *dir = g_dir_make_tmp ("fuzz-import-XXXXXX", NULL);
  g_autofree char *path = NULL;

  if (dir == NULL)
    return 0;
  path = g_build_filename (dir, "out.waymark", NULL);

  if (wm_interchange_import (json, path, &error))
    {
      g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
      g_autoptr(GPtrArray) findings = NULL;

      g_assert (store != NULL);
      findings = wm_store_check (store, NULL);
      g_assert (findings != NULL && findings->len == 0);
      g_clear_object (&store);
      g_unlink (path);
    }
  else
    g_assert (error != NULL && error->message[0] != '\0' &&
              !g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert (g_rmdir (dir) == 0);

  return 0;
}
