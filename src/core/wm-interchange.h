/* wm-interchange.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* The JSON interchange format: a whole project as one JSON document with one
 * row per line (see README.md, "JSON interchange"). Its version: */
#define WM_INTERCHANGE_FORMAT 1

/* Limits a document must keep to, or it is refused before it is parsed. */
#define WM_INTERCHANGE_MAX_SIZE   ((gsize) 1 << 30) /* 1 GiB */
#define WM_INTERCHANGE_MAX_STRING ((gsize) 16 << 20)          /* bytes of one string */
#define WM_INTERCHANGE_MAX_DEPTH  16

/* The whole project as the interchange document: the same project always
 * gives the same bytes. */
GBytes   *wm_interchange_export      (WmStore      *store,
                                      GError      **error);
/* Creates the project @path (which must not exist) from the interchange
 * document @json. Every value is checked first; on any error @path is not
 * created and the error (WM_STORE_ERROR_INVALID) names the place in the
 * document, such as “touchpoint[2].title: expected a string”. */
gboolean  wm_interchange_import      (GBytes       *json,
                                      const char   *path,
                                      GError      **error);
/* wm_interchange_import() of the file @json_path (read up to the size limit). */
gboolean  wm_interchange_import_file (const char   *json_path,
                                      const char   *path,
                                      GError      **error);

G_END_DECLS
