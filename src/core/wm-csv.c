/* wm-csv.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "wm-csv-private.h"
#include "wm-kpi.h"

/* Helpers */

static char
guess_separator (const char *text,
                 const char *end)
{
  gboolean quoted = FALSE;
  gboolean comma = FALSE, semicolon = FALSE;

  for (const char *p = text; p < end && (quoted || *p != '\n'); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        comma = TRUE;
      else if (!quoted && *p == ';')
        semicolon = TRUE;
    }

  return semicolon && !comma ? ';' : ',';
}


/* Public API */

void
wm_csv_set_error (GError    **error,
                  guint       line,
                  const char *message)
{
  g_set_error (error, WM_KPI_ERROR, WM_KPI_ERROR_CSV, _("Line %u: %s"), line, message);
}

/* Reads one record into @fields; FALSE at the end of the text or on error
 * (@error set). Blank lines are skipped. */
gboolean
wm_csv_reader_next (WmCsvReader  *reader,
                    GPtrArray    *fields,
                    GError      **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;

  g_ptr_array_set_size (fields, 0);

  /* Skip blank lines. */
  while (reader->p < reader->end && (*reader->p == '\n' || *reader->p == '\r'))
    {
      if (*reader->p == '\n')
        reader->next_line++;
      reader->p++;
    }
  if (reader->p >= reader->end)
    return FALSE;

  reader->line = reader->next_line;

  while (reader->p < reader->end)
    {
      char c = *reader->p++;

      if (c == '\0')
        {
          wm_csv_set_error (error, reader->next_line, _("The file contains a NUL byte; it is not text."));
          return FALSE;
        }

      if (quoted)
        {
          if (c == '"' && reader->p < reader->end && *reader->p == '"')
            {
              g_string_append_c (field, '"');
              reader->p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                reader->next_line++;
              g_string_append_c (field, c);
            }
          continue;
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
        }
      else if (c == '"')
        {
          wm_csv_set_error (error, reader->next_line, _("A quote inside an unquoted value."));
          return FALSE;
        }
      else if (c == reader->separator)
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && reader->p < reader->end && *reader->p == '\n')
            reader->p++;
          reader->next_line++;
          break;
        }
      else if (was_quoted && c != ' ' && c != '\t')
        {
          wm_csv_set_error (error, reader->next_line, _("Text after a closing quote."));
          return FALSE;
        }
      else if (!was_quoted)
        g_string_append_c (field, c);
    }

  if (quoted)
    {
      wm_csv_set_error (error, reader->line, _("A quoted value is never closed."));
      return FALSE;
    }

  g_ptr_array_add (fields, g_strdup (field->str));
  return TRUE;
}

gboolean
wm_csv_reader_init (WmCsvReader  *reader,
                    const char   *text,
                    gsize         length,
                    GError      **error)
{
  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, WM_KPI_ERROR, WM_KPI_ERROR_CSV,
                           _("The file is not UTF-8 text."));
      return FALSE;
    }

  reader->p = text;
  reader->end = text + length;
  /* A byte-order mark from spreadsheet exports. */
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    reader->p += 3;
  reader->separator = guess_separator (reader->p, reader->end);
  reader->line = reader->next_line = 1;

  return TRUE;
}

/* "15.11.2026", "15.11.2026 08:30", "15.11.2026 08:30:15": unambiguous, as
 * slashes are not (11/12 is November or December). */
GDateTime *
wm_csv_parse_dotted_date (const char *text,
                          GTimeZone  *utc)
{
  static gsize made;
  static GRegex *dotted;
  g_autoptr(GMatchInfo) match = NULL;
  int part[6] = { 0, };

  /* Not G_REGEX_OPTIMIZE: a match per row needs no JIT, whose machine code
   * valgrind cannot follow. */
  if (g_once_init_enter (&made))
    {
      dotted = g_regex_new ("^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})"
                            "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$",
                            0, 0, NULL);
      g_once_init_leave (&made, 1);
    }
  if (!g_regex_match (dotted, text, 0, &match))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (part); i++)
    {
      g_autofree char *digits = g_match_info_fetch (match, (int) i + 1);

      part[i] = digits != NULL && *digits != '\0' ? atoi (digits) : 0;
    }

  /* GDateTime refuses what is no day (31 February) or no time (25:00). */
  return g_date_time_new (utc, part[2], part[1], part[0], part[3], part[4], part[5]);
}

/* Spreadsheets that separate columns with semicolons write numbers as their
 * locale does: "1.234,5" is 1234.5, "74,1 %" is 74.1 %. A lone decimal
 * point ("1.5") stays one. Rewrites @field in place; what does not look
 * like such a number is left for the number's own check to refuse. */
void
wm_csv_read_decimal_comma (char **field)
{
  static gsize made;
  static GRegex *number;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *decimals = NULL;
  g_autofree char *percent = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *digits = NULL;

  if (g_once_init_enter (&made))
    {
      number = g_regex_new ("^\\s*([+-]?)(\\d{1,3}(?:\\.\\d{3})+|\\d+)"
                            "(?:,(\\d+))?(\\s*%?)\\s*$",
                            0, 0, NULL);
      g_once_init_leave (&made, 1);
    }
  if (!g_regex_match (number, *field, 0, &match))
    return;
  sign = g_match_info_fetch (match, 1);
  whole = g_match_info_fetch (match, 2);
  decimals = g_match_info_fetch (match, 3);
  percent = g_match_info_fetch (match, 4);
  groups = g_strsplit (whole, ".", -1);
  digits = g_strjoinv ("", groups);

  g_free (*field);
  *field = g_strconcat (sign, digits, decimals != NULL && *decimals != '\0' ? "." : "",
                        decimals != NULL ? decimals : "", percent, NULL);
}
