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
 * checked against the KPI's scale and written in one edit, counted by
 * SQLite into the KPI's formula. */

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

  g_autoptr(WmRecord) kpi = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *variant = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (responses != NULL || n_responses == 0, FALSE);

  kpi = wm_store_get (store, WM_ENTITY_KPI, kpi_id, error);
  if (kpi == NULL)
    return FALSE;
  kind = g_strdup (wm_record_get_string (kpi, WM_KPI_KIND));
  variant = g_strdup (wm_record_get_string (kpi, WM_KPI_VARIANT));

  if (!wm_store_begin_edit (store, _("Add answers"), error))
    return FALSE;

  stmt = wm_store_get_statement (store,
                                 "INSERT INTO kpi_response (kpi_id, time, score, source)"
                                 " VALUES (?, ?, ?, ?)", error);
  ok = stmt != NULL;
  for (gsize i = 0; ok && i < n_responses; i++)
    {
      if (!wm_kpi_check_score (kind, variant, responses[i].score, error))
        {
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

/* The first stored answer outside the KPI's scale, as an error naming it. */
static gboolean
find_invalid (WmStore           *store,
              WmKpiAccumulator  *acc,
              sqlite3_stmt      *stmt,
              GError           **error)
{
  gboolean ok = TRUE;
  int rc;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ok = wm_kpi_accumulator_add (acc, sqlite3_column_double (stmt, 0), error);
  sqlite3_reset (stmt);

  if (ok && rc != SQLITE_DONE)
    {
      wm_store_set_db_error (store->db, rc, error, _("Could not read the answers"));
      ok = FALSE;
    }

  return ok;
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
  const char *sql;
  gboolean invalid;
  gint64 n;
  double a, b;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (kpi), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!wm_kpi_accumulator_init (&acc, wm_record_get_string (kpi, WM_KPI_KIND),
                                wm_record_get_string (kpi, WM_KPI_VARIANT), error))
    return FALSE;

  /* SQLite counts in its own loop: a million answers never cross into C
   * one by one. Whole numbers are checked when answers are added (see
   * wm_kpi_add_responses()); the range is checked here too, because a KPI's
   * kind can change after its answers were stored. Counts with FILTER,
   * not sum() of a comparison nor min() and max(): for a million answers
   * these cost half as much again as the computation itself. */
  switch (acc.rule.method)
    {
    case SCORE_NPS:
      sql = "SELECT count(*), count(*) FILTER (WHERE score >= 9),"
            " count(*) FILTER (WHERE score <= 6),"
            " count(*) FILTER (WHERE score NOT BETWEEN ?4 AND ?5)"
            " FROM kpi_response WHERE kpi_id = ?1 AND time BETWEEN ?2 AND ?3";
      break;
    case SCORE_PROPORTION:
      sql = "SELECT count(*), count(*) FILTER (WHERE score BETWEEN ?6 AND ?7), 0,"
            " count(*) FILTER (WHERE score NOT BETWEEN ?4 AND ?5)"
            " FROM kpi_response WHERE kpi_id = ?1 AND time BETWEEN ?2 AND ?3";
      break;
    case SCORE_MEAN:
    default:
      sql = "SELECT count(*), total(score), total(score * score),"
            " count(*) FILTER (WHERE score NOT BETWEEN ?4 AND ?5)"
            " FROM kpi_response WHERE kpi_id = ?1 AND time BETWEEN ?2 AND ?3";
      break;
    }
  stmt = wm_store_get_statement (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, wm_record_get_id (kpi));
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_double (stmt, 4, acc.rule.min);
  sqlite3_bind_double (stmt, 5, acc.rule.max);
  if (acc.rule.method == SCORE_PROPORTION)
    {
      sqlite3_bind_double (stmt, 6, acc.rule.good_min);
      sqlite3_bind_double (stmt, 7, acc.rule.good_max);
    }
  rc = sqlite3_step (stmt);
  n = sqlite3_column_int64 (stmt, 0);
  a = sqlite3_column_double (stmt, 1);
  b = sqlite3_column_double (stmt, 2);
  invalid = sqlite3_column_int64 (stmt, 3) > 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      wm_store_set_db_error (store->db, rc, error, _("Could not read the answers"));
      return FALSE;
    }

  if (invalid)
    {
      stmt = wm_store_get_statement (store,
                                     "SELECT score FROM kpi_response"
                                     " WHERE kpi_id = ? AND time BETWEEN ? AND ?"
                                     " ORDER BY time, id", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, wm_record_get_id (kpi));
      sqlite3_bind_int64 (stmt, 2, from);
      sqlite3_bind_int64 (stmt, 3, to);
      if (!find_invalid (store, &acc, stmt, error))
        return FALSE;
    }

  acc.n = (gsize) n;
  switch (acc.rule.method)
    {
    case SCORE_NPS:
      acc.promoters = (gsize) a;
      acc.detractors = (gsize) b;
      break;
    case SCORE_PROPORTION:
      acc.good = (gsize) a;
      break;
    case SCORE_MEAN:
    default:
      acc.sum = a;
      acc.mean = n > 0 ? a / (double) n : 0.0;
      /* Sum of squared deviations from the sums; scores are small numbers. */
      acc.m2 = n > 0 ? MAX (b - a * a / (double) n, 0.0) : 0.0;
      break;
    }

  if (!wm_kpi_accumulator_finish (&acc, &computed, error))
    return FALSE;

  *result = computed;
  return TRUE;
}
