/* wm-csv-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 4180 records (quotes, doubled quotes, CRLF, newlines inside quotes),
 * shared by the KPI import and the CSV feed. GLib has no CSV reader. */
typedef struct
{
  const char *p;
  const char *end;
  char        separator;  /* ',' or ';', guessed from the first line */
  guint       line;       /* line the current record starts on, from 1 */
  guint       next_line;
} WmCsvReader;

/* FALSE when @text is not UTF-8 (WM_KPI_ERROR_CSV). Skips a byte-order mark. */
gboolean  wm_csv_reader_init  (WmCsvReader  *reader,
                               const char   *text,
                               gsize         length,
                               GError      **error);
/* Reads the next record into @fields (g_free'd strings); FALSE at the end or
 * on error (@error set, WM_KPI_ERROR_CSV "Line N: …"). Blank lines are skipped. */
gboolean  wm_csv_reader_next  (WmCsvReader  *reader,
                               GPtrArray    *fields,
                               GError      **error);
/* "Line N: message" as WM_KPI_ERROR_CSV. */
void      wm_csv_set_error    (GError      **error,
                               guint         line,
                               const char   *message);

G_END_DECLS
