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
/* A day.month.year date as a German-locale spreadsheet writes it,
 * "15.11.2026" or "15.11.2026 08:30[:15]", in @utc; NULL if @text is not
 * one or no such day exists. */
GDateTime *wm_csv_parse_dotted_date  (const char  *text,
                                      GTimeZone   *utc);
/* Rewrites a number as a semicolon-separated file writes it ("1.234,5",
 * "74,1 %") in place as C reads it ("1234.5", "74.1 %"); leaves anything
 * else as it is. */
void       wm_csv_read_decimal_comma (char       **field);

G_END_DECLS
