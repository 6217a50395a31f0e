/* wm-csv.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>
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
