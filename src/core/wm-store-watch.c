/* wm-store-watch.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wm-store-private.h"

/* Noticing what other programs do to the file while it is open: a
 * colleague's Waymark on a shared folder, sqlite3, a sync tool that
 * replaces the file. SQLite's data_version says whether another connection
 * committed; the file's inode says whether the file at the path is still
 * the one open. A file monitor reacts at once where the file system tells;
 * a cheap poll covers network folders where it does not. */

static void
set_read_only (WmStore    *self,
               const char *reason)
{
  g_free (self->read_only_reason);
  self->read_only_reason = g_strdup (reason);
  if (!self->read_only)
    {
      self->read_only = TRUE;
      g_object_notify (G_OBJECT (self), "read-only");
    }
}

/* A hot journal of a program that stopped was rolled back while reading:
 * the guard kept a copy; if the result is not healthy, stop writing. */
static void
check_recovery (WmStore *self)
{
  g_autofree char *copy = NULL;
  g_autofree char *result = NULL;
  sqlite3_stmt *stmt = NULL;

  if (wm_store_guard_take_event (self->path, &copy) != WM_GUARD_RECOVERED || copy == NULL)
    return;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (g_strcmp0 (result, "ok") == 0)
    {
      g_autofree char *copy_journal = g_strconcat (copy, "-journal", NULL);

      g_unlink (copy);
      g_unlink (copy_journal);
    }
  else
    {
      g_autofree char *display = g_filename_display_basename (copy);
      g_autofree char *reason =
        g_strdup_printf (_("Another program stopped while changing this project and left it "
                           "damaged. It is open read-only; a copy from before the repair is "
                           "kept as “%s”."),
                         display);

      set_read_only (self, reason);
    }
}

gboolean
wm_store_check_external_changes (WmStore *self)
{
  gboolean changed;
  GStatBuf st;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  /* Our own COMMIT on its thread touches the file too: look after it. */
  if (self->db == NULL || self->edit_depth > 0 || self->commit_deferred ||
      wm_store_is_committing (self))
    return FALSE;
  wm_store_settle_commit (self);

  if (g_stat (self->path, &st) != 0)
    {
      g_autofree char *display = g_filename_display_basename (self->path);
      g_autofree char *reason = NULL;

      if (self->file_ino == 0)
        return FALSE;
      /* Edits would go to a file nobody can find any more. */
      reason = g_strdup_printf (_("“%s” was moved or deleted by another program, so changes "
                                  "can no longer be saved to it. Save a copy to keep this "
                                  "project."), display);
      self->file_ino = 0;
      set_read_only (self, reason);
      return TRUE;
    }

  if ((guint64) st.st_ino != self->file_ino || (guint64) st.st_dev != self->file_dev)
    {
      g_autoptr(GError) error = NULL;

      /* A sync tool put another version of the file in its place. */
      if (!wm_store_reopen (self, &error))
        {
          set_read_only (self, error->message);
          self->file_dev = st.st_dev;
          self->file_ino = st.st_ino;
        }
      wm_store_emit_changed (self, WM_CHANGE_ALL);
      return TRUE;
    }

  /* A look, not a wait: while another program holds the file, try again at
   * the next poll rather than block the window for the busy timeout. */
  sqlite3_busy_timeout (self->db, 0);
  changed = wm_store_take_in_data_version (self);
  sqlite3_busy_timeout (self->db, WM_STORE_BUSY_TIMEOUT_MS);
  if (!changed)
    return FALSE;

  check_recovery (self);
  wm_store_emit_changed (self, WM_CHANGE_ALL);

  return TRUE;
}

static gboolean
check_cb (gpointer user_data)
{
  WmStore *self = user_data;

  self->check_idle_id = 0;
  wm_store_check_external_changes (self);

  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer user_data)
{
  wm_store_check_external_changes (user_data);

  return G_SOURCE_CONTINUE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  WmStore *self = user_data;

  /* Several events come per write; look once they are in. */
  if (self->check_idle_id == 0)
    self->check_idle_id = g_timeout_add (100, check_cb, self);
}

void
wm_store_watch (WmStore *self,
                guint    interval_ms)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (WM_IS_STORE (self));

  wm_store_unwatch (self);

  file = g_file_new_for_path (self->path);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
  self->poll_id = g_timeout_add (interval_ms > 0 ? interval_ms : 1000, poll_cb, self);
}

void
wm_store_unwatch (WmStore *self)
{
  g_return_if_fail (WM_IS_STORE (self));

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->check_idle_id, g_source_remove);
}
