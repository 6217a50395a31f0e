/* wm-kpi-responses.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wm-kpi-private.h"
#include "wm-store-private.h"

/* Raw survey answers (the kpi_response table): bulk data like samples,
 * written in one edit and read a row at a time into the KPI's formula. */

gboolean
wm_kpi_add_responses (WmStore              *store,
                      gint64                kpi_id,
                      const WmKpiResponse  *responses,
                      gsize                 n_responses,
                      const char           *source,
                      GError              **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (responses != NULL || n_responses == 0, FALSE);

  if (!wm_store_begin_edit (store, _("Add answers"), error))
    return FALSE;

  stmt = wm_store_get_statement (store,
                                 "INSERT INTO kpi_response (kpi_id, time, score, source)"
                                 " VALUES (?, ?, ?, ?)", error);
  ok = stmt != NULL;
  for (gsize i = 0; ok && i < n_responses; i++)
    {
      if (!isfinite (responses[i].score))
        {
          g_set_error_literal (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                               _("An answer’s score must be a finite number."));
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, kpi_id);
      sqlite3_bind_int64 (stmt, 2, responses[i].time);
      sqlite3_bind_double (stmt, 3, responses[i].score);
      sqlite3_bind_text (stmt, 4, source ? source : "", -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          wm_store_set_db_error (store->db, rc, error, _("Cannot add answers"));
          ok = FALSE;
        }
    }
  if (stmt != NULL)
    sqlite3_clear_bindings (stmt);

  if (!ok)
    {
      wm_store_rollback_edit (store);
      return FALSE;
    }

  return wm_store_commit_edit (store, error);
}

gint64
wm_kpi_count_responses (WmStore  *store,
                        gint64    kpi_id,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), -1);

  stmt = wm_store_get_statement (store, "SELECT count(*) FROM kpi_response WHERE kpi_id = ?",
                                 error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    wm_store_set_db_error (store->db, rc, error, _("Could not read the answers"));
  sqlite3_reset (stmt);

  return count;
}

gboolean
wm_kpi_compute_stored (WmStore      *store,
                       WmRecord     *kpi,
                       gint64        from,
                       gint64        to,
                       WmKpiResult  *result,
                       GError      **error)
{
  WmKpiAccumulator acc;
  WmKpiResult computed;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (kpi), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!wm_kpi_accumulator_init (&acc, wm_record_get_string (kpi, WM_KPI_KIND),
                                wm_record_get_string (kpi, WM_KPI_VARIANT), error))
    return FALSE;

  stmt = wm_store_get_statement (store,
                                 "SELECT score FROM kpi_response"
                                 " WHERE kpi_id = ? AND time BETWEEN ? AND ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, wm_record_get_id (kpi));
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ok = wm_kpi_accumulator_add (&acc, sqlite3_column_double (stmt, 0), error);
  sqlite3_reset (stmt);

  if (!ok)
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (store->db, rc, error, _("Could not read the answers"));
      return FALSE;
    }

  if (!wm_kpi_accumulator_finish (&acc, &computed, error))
    return FALSE;

  *result = computed;
  return TRUE;
}
