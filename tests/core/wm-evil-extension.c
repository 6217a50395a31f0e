/* wm-evil-extension.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An SQLite extension standing in for an attacker's: loading it leaves a
 * marker file (named by WM_EVIL_MARKER), so a test can tell whether a
 * project file managed to load code. */

#include <stdio.h>
#include <stdlib.h>
#include <sqlite3ext.h>

SQLITE_EXTENSION_INIT1

int sqlite3_wmevil_init (sqlite3                    *db,
                         char                      **error_message,
                         const sqlite3_api_routines *api);

int
sqlite3_wmevil_init (sqlite3                    *db,
                     char                      **error_message,
                     const sqlite3_api_routines *api)
{
  const char *marker = getenv ("WM_EVIL_MARKER");

  SQLITE_EXTENSION_INIT2 (api);

  if (marker != NULL)
    {
      FILE *file = fopen (marker, "w");

      if (file != NULL)
        {
          fputs ("loaded\n", file);
          fclose (file);
        }
    }

  return SQLITE_OK;
}
