/* wm-kpi-csv.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wm-csv-private.h"
#include "wm-kpi.h"

/* CSV import of KPI values and raw answers; dates are GDateTime's ISO 8601,
 * or day.month.year as spreadsheets in German locales write them. */

/* ISO 8601 ("2026-03-01T12:00:00+01:00", "2026-03-01 12:00", "2026-03-01"),
 * day.month.year ("01.03.2026 12:00", in UTC as ISO dates without a zone
 * are) or seconds since the epoch. */
static gboolean
parse_time (const char *text,
            gint64     *time)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date_time = NULL;
  gboolean digits = *stripped != '\0';

  for (const char *p = stripped; *p; p++)
    digits = digits && (g_ascii_isdigit (*p) || (p == stripped && *p == '-' && p[1]));
  if (digits && strlen (stripped) != 8)  /* 20260301 is a date, not seconds */
    {
      char *end = NULL;
      gint64 value = g_ascii_strtoll (stripped, &end, 10);

      if (end != NULL && *end == '\0')
        {
          *time = value;
          return TRUE;
        }
      return FALSE;
    }

  if ((date_time = wm_csv_parse_dotted_date (stripped, utc)) != NULL)
    ;
  else if (strlen (stripped) == 10 && stripped[4] == '-' && stripped[7] == '-')
    {
      g_autofree char *midnight = g_strconcat (stripped, "T00:00:00", NULL);

      date_time = g_date_time_new_from_iso8601 (midnight, utc);
    }
  else
    {
      /* A space between date and time is common in exports. */
      if (strlen (stripped) > 10 && stripped[10] == ' ')
        stripped[10] = 'T';
      date_time = g_date_time_new_from_iso8601 (stripped, utc);
    }

  if (date_time == NULL)
    return FALSE;

  *time = g_date_time_to_unix (date_time);
  return TRUE;
}

typedef gboolean (*RowFunc) (GPtrArray  *fields,
                             gint64      time,
                             guint       line,
                             gpointer    user_data,
                             GError    **error);

static gboolean
read_rows (const char  *text,
           gssize       length,
           guint        min_fields,
           guint        max_fields,
           RowFunc      func,
           gpointer     user_data,
           GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  WmCsvReader reader;
  gboolean first = TRUE;
  guint n_rows = 0;
  GError *local_error = NULL;

  if (length < 0)
    length = strlen (text);

  if (!wm_csv_reader_init (&reader, text, length, error))
    return FALSE;

  while (wm_csv_reader_next (&reader, fields, &local_error))
    {
      const char *first_cell = g_ptr_array_index (fields, 0);
      gint64 time;

      if (!parse_time (first_cell, &time))
        {
          /* The first row may be a header. */
          if (first)
            {
              first = FALSE;
              continue;
            }
          wm_csv_set_error (error, reader.line, _("The first column is not a date and time."));
          return FALSE;
        }
      first = FALSE;

      if (fields->len < min_fields || fields->len > max_fields)
        {
          g_autofree char *message = NULL;

          message = min_fields == max_fields
            ? g_strdup_printf (_("Expected %u columns, found %u."), min_fields, fields->len)
            : g_strdup_printf (_("Expected %u or %u columns, found %u."),
                               min_fields, max_fields, fields->len);
          wm_csv_set_error (error, reader.line, message);
          return FALSE;
        }

      for (guint i = 1; reader.separator == ';' && i < fields->len; i++)
        wm_csv_read_decimal_comma ((char **) &g_ptr_array_index (fields, i));

      if (!func (fields, time, reader.line, user_data, error))
        return FALSE;
      n_rows++;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (n_rows == 0)
    {
      g_set_error_literal (error, WM_KPI_ERROR, WM_KPI_ERROR_NO_DATA,
                           _("The file holds no values."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
sample_row (GPtrArray  *fields,
            gint64      time,
            guint       line,
            gpointer    user_data,
            GError    **error)
{
  GArray *samples = user_data;
  WmSample sample = { time, 0.0, 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_strstrip (g_strdup (g_ptr_array_index (fields, 1)));
  gsize length = strlen (value);

  /* "84.6 %": the KPI's unit says percent already. */
  if (length > 1 && value[length - 1] == '%')
    value[length - 1] = '\0';

  if (!wm_kpi_score_from_string (NULL, value, &sample.value, &local_error))
    {
      wm_csv_set_error (error, line, local_error->message);
      return FALSE;
    }

  if (fields->len > 2)
    {
      g_autofree char *n_text = g_strstrip (g_strdup (g_ptr_array_index (fields, 2)));
      guint64 n;

      if (*n_text != '\0'
          && !g_ascii_string_to_unsigned (n_text, 10, 0, G_MAXINT64, &n, NULL))
        {
          g_autofree char *message = g_strdup_printf (
            _("The number of answers “%s” is not a whole number."), n_text);

          wm_csv_set_error (error, line, message);
          return FALSE;
        }
      sample.n = *n_text != '\0' ? (gint64) n : 0;
    }

  g_array_append_val (samples, sample);
  return TRUE;
}

typedef struct
{
  GArray     *responses;
  const char *kind;
  const char *variant;
} ResponseRows;

static gboolean
response_row (GPtrArray  *fields,
              gint64      time,
              guint       line,
              gpointer    user_data,
              GError    **error)
{
  ResponseRows *rows = user_data;
  WmKpiResponse response = { time, 0.0 };
  g_autoptr(GError) local_error = NULL;

  if (!wm_kpi_score_from_string (rows->kind, g_ptr_array_index (fields, 1), &response.score,
                                 &local_error)
      || !wm_kpi_check_score (rows->kind, rows->variant, response.score, &local_error))
    {
      wm_csv_set_error (error, line, local_error->message);
      return FALSE;
    }

  g_array_append_val (rows->responses, response);
  return TRUE;
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const WmSample *sa = a, *sb = b;

  return (sa->time > sb->time) - (sa->time < sb->time);
}

/* Public API */

GArray *
wm_kpi_parse_samples_csv (const char  *text,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));

  g_return_val_if_fail (text != NULL, NULL);

  if (!read_rows (text, length, 2, 3, sample_row, samples, error))
    return NULL;

  g_array_sort (samples, compare_samples);
  return g_steal_pointer (&samples);
}

GArray *
wm_kpi_parse_responses_csv (WmRecord    *kpi,
                            const char  *text,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(GArray) responses = g_array_new (FALSE, FALSE, sizeof (WmKpiResponse));
  ResponseRows rows;

  g_return_val_if_fail (WM_IS_RECORD (kpi), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  rows.responses = responses;
  rows.kind = wm_record_get_string (kpi, WM_KPI_KIND);
  rows.variant = wm_record_get_string (kpi, WM_KPI_VARIANT);

  if (!read_rows (text, length, 2, 2, response_row, &rows, error))
    return NULL;

  return g_steal_pointer (&responses);
}

gboolean
wm_kpi_import_csv (WmStore      *store,
                   WmRecord     *kpi,
                   const char   *text,
                   gssize        length,
                   gboolean      raw,
                   guint        *n_rows,
                   WmKpiResult  *computed,
                   GError      **error)
{
  g_autoptr(GArray) rows = NULL;
  WmKpiResult result = { NAN, 0, NAN };

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (kpi), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!raw)
    {
      rows = wm_kpi_parse_samples_csv (text, length, error);
      if (rows == NULL)
        return FALSE;
      if (!wm_store_add_samples (store, wm_record_get_id (kpi),
                                 (const WmSample *) rows->data, rows->len, "csv", error))
        return FALSE;
    }
  else
    {
      WmSample sample = { G_MININT64, 0.0, 0, 0.0 };
      const WmKpiResponse *responses;

      rows = wm_kpi_parse_responses_csv (kpi, text, length, error);
      if (rows == NULL)
        return FALSE;
      responses = (const WmKpiResponse *) rows->data;
      for (guint i = 0; i < rows->len; i++)
        sample.time = MAX (sample.time, responses[i].time);

      if (!wm_store_begin_edit (store, _("Import answers"), error))
        return FALSE;
      if (!wm_kpi_add_responses (store, wm_record_get_id (kpi), responses, rows->len, "csv",
                                 error)
          || !wm_kpi_compute_stored (store, kpi, G_MININT64, G_MAXINT64, &result, error))
        {
          wm_store_rollback_edit (store);
          return FALSE;
        }
      sample.value = result.value;
      sample.n = result.n;
      sample.margin = isfinite (result.margin) ? result.margin : 0.0;
      if (!wm_store_add_samples (store, wm_record_get_id (kpi), &sample, 1, "csv", error)
          || !wm_store_commit_edit (store, error))
        {
          wm_store_rollback_edit (store);
          return FALSE;
        }
    }

  if (n_rows != NULL)
    *n_rows = rows->len;
  if (computed != NULL)
    *computed = result;

  return TRUE;
}
