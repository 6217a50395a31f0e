/* wm-kpi-samples.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-kpi-samples.h"
#include "wm-store-private.h"

static gboolean
delete_sample (WmStore  *store,
               gint64    kpi_id,
               gint64    time,
               GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = wm_store_get_statement (store, "DELETE FROM kpi_sample WHERE kpi_id = ? AND time = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, kpi_id);
  sqlite3_bind_int64 (stmt, 2, time);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      wm_store_set_db_error (store->db, rc, error, _("Cannot delete the KPI value"));
      return FALSE;
    }
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                           _("The KPI value no longer exists."));
      return FALSE;
    }

  return TRUE;
}

gboolean
wm_kpi_samples_delete (WmStore  *store,
                       gint64    kpi_id,
                       gint64    time,
                       GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  if (!wm_store_begin_edit (store, _("Delete KPI value"), error))
    return FALSE;

  if (!delete_sample (store, kpi_id, time, error))
    {
      wm_store_rollback_edit (store);
      return FALSE;
    }

  return wm_store_commit_edit (store, error);
}

gboolean
wm_kpi_samples_replace (WmStore         *store,
                        gint64           kpi_id,
                        gint64           old_time,
                        const WmSample  *sample,
                        GError         **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  if (!wm_store_begin_edit (store, _("Correct KPI value"), error))
    return FALSE;

  if (!delete_sample (store, kpi_id, old_time, error)
      || !wm_store_add_samples (store, kpi_id, sample, 1, "manual", error))
    {
      wm_store_rollback_edit (store);
      return FALSE;
    }

  return wm_store_commit_edit (store, error);
}
