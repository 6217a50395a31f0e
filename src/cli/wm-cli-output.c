/* wm-cli-output.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "wm-cli-private.h"

struct _WmCliTable
{
  guint      n_columns;
  GPtrArray *rows;       /* GStrv of n_columns cells */
};

/* Escaping */

char *
wm_cli_escape (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *escaped = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (escaped, "\\x%02X", c);
      else if (c >= 0x80 && c <= 0x9f)
        g_string_append_printf (escaped, "\\u%04X", c);
      else
        g_string_append_unichar (escaped, c);
    }

  return g_string_free (escaped, FALSE);
}

/* Table */

WmCliTable *
wm_cli_table_new (guint n_columns)
{
  WmCliTable *table = g_new0 (WmCliTable, 1);

  table->n_columns = n_columns;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return table;
}

void
wm_cli_table_free (WmCliTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
wm_cli_table_add_row (WmCliTable *table,
                      ...)
{
  GStrv row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      /* One row per line, whatever a name holds, and nothing the terminal
       * would take as a command. */
      g_autofree char *flat = g_strdelimit (g_strdup (cell ? cell : ""), "\t\n\r", ' ');

      row[i] = wm_cli_escape (flat);
    }
  va_end (args);

  g_ptr_array_add (table->rows, row);
}

guint
wm_cli_table_get_n_rows (WmCliTable *table)
{
  return table->rows->len;
}

void
wm_cli_table_print (WmCliTable *table)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (table->rows, r);

      guint last = 0;

      /* No trailing blanks: padding stops at the last cell with text. */
      for (guint c = 0; c < table->n_columns; c++)
        {
          if (*row[c] != '\0')
            last = c;
        }

      g_string_truncate (line, 0);
      for (guint c = 0; c <= last; c++)
        {
          g_string_append (line, row[c]);
          if (c < last)
            {
              for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
                g_string_append_c (line, ' ');
            }
        }
      g_print ("%s\n", line->str);
    }
}

/* JSON */

void
wm_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, &length);

  /* JSON is UTF-8 whatever the locale: written as is, not through g_print(). */
  fwrite (data, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

char *
wm_cli_format_time (gint64 time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (time);

  if (date == NULL)
    return NULL;

  return g_date_time_format_iso8601 (date);
}
