/* wm-store-commit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-store-private.h"

/* Committing a window's edits on a worker thread.
 *
 * A rollback-journal COMMIT with synchronous=EXTRA makes five fsyncs; on a
 * busy disk they take tens of milliseconds, which is several frames. So the
 * edit runs on the main thread as always (its rows written inside the
 * transaction, its changeset taken, "changed" emitted while the transaction
 * is still open, so views read their own edit), and only the COMMIT moves to
 * a thread. The connection is opened in serialized mode: whatever touches it
 * meanwhile waits for the COMMIT rather than racing it, and everything that
 * starts a transaction of its own settles the commit first. */

typedef struct _WmPendingCommit
{
  GThread  *thread;
  sqlite3  *db;
  GSource  *done_source;   /* attached by the thread when it is done */
  int       done;          /* atomic */
  int       rc;
  char     *reason;        /* why the COMMIT failed, in words */
  WmChange *change;        /* the undo step it makes; NULL for background edits */
  GBytes   *changeset;
} WmPendingCommit;

static void
pending_commit_free (WmPendingCommit *pending)
{
  if (pending->done_source != NULL)
    {
      g_source_destroy (pending->done_source);
      g_source_unref (pending->done_source);
    }
  g_free (pending->reason);
  g_bytes_unref (pending->changeset);
  g_free (pending);
}

static gpointer
commit_thread (gpointer data)
{
  WmPendingCommit *pending = data;
  sqlite3_mutex *mutex = sqlite3_db_mutex (pending->db);

  /* Held across the COMMIT and the reading of its error, so the main
   * thread's next call cannot replace the error first. */
  sqlite3_mutex_enter (mutex);
  pending->rc = sqlite3_exec (pending->db, "COMMIT", NULL, NULL, NULL);
  if (pending->rc != SQLITE_OK)
    pending->reason = wm_store_describe_db_error (pending->db, pending->rc);
  sqlite3_mutex_leave (mutex);

  g_atomic_int_set (&pending->done, TRUE);
  g_source_attach (pending->done_source, NULL);

  return NULL;
}

/* The disk refused the edit: take it back everywhere it shows. */
static void
undo_failed_commit (WmStore    *self,
                    int         rc,
                    const char *reason,
                    WmChange   *change,
                    GBytes     *changeset)
{
  g_autoptr(GError) error = NULL;
  guint index;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  if (change != NULL && g_ptr_array_find (self->undo_stack, change, &index))
    {
      g_ptr_array_remove_index (self->undo_stack, index);
      wm_store_notify_history (self);
    }
  if (g_bytes_get_size (changeset) > 0)
    wm_store_emit_changeset (self, changeset);

  error = g_error_new (WM_STORE_ERROR, wm_store_error_code_for (rc),
                       /* Translators: %s says why, e.g. “the disk is full” */
                       _("Your last change could not be saved: %s"), reason);
  g_message ("%s", error->message);
  wm_store_emit_save_failed (self, error);
}

static void
finish_pending (WmStore *self)
{
  WmPendingCommit *pending = g_steal_pointer (&self->pending_commit);

  g_thread_join (pending->thread);
  if (pending->rc != SQLITE_OK)
    undo_failed_commit (self, pending->rc, pending->reason, pending->change, pending->changeset);
  pending_commit_free (pending);
}

static gboolean
commit_done_cb (gpointer data)
{
  WmStore *self = data;

  /* The source is destroyed with the pending commit it belongs to. */
  if (self->pending_commit != NULL)
    finish_pending (self);

  return G_SOURCE_REMOVE;
}

static void
start_commit_thread (WmStore *self)
{
  WmPendingCommit *pending = g_new0 (WmPendingCommit, 1);

  pending->db = self->db;
  pending->change = g_steal_pointer (&self->deferred_change);
  pending->changeset = g_steal_pointer (&self->deferred_changeset);
  pending->done_source = g_idle_source_new ();
  g_source_set_priority (pending->done_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (pending->done_source, commit_done_cb, self, NULL);
  g_source_set_static_name (pending->done_source, "[waymark] commit done");
  self->pending_commit = pending;
  pending->thread = g_thread_new ("waymark-commit", commit_thread, pending);
}

gboolean
wm_store_commit_in_background (WmStore *self,
                               GBytes  *changeset)
{
  WmChange *change = NULL;

  if (!self->edit_in_background)
    {
      change = g_new0 (WmChange, 1);
      change->label = g_steal_pointer (&self->edit_label);
      change->changeset = g_bytes_ref (changeset);
      g_ptr_array_add (self->undo_stack, change);
      g_ptr_array_set_size (self->redo_stack, 0);
      wm_store_notify_history (self);
    }

  self->commit_deferred = TRUE;
  self->deferred_change = change;
  self->deferred_changeset = g_bytes_ref (changeset);
  self->edit_in_background = FALSE;
  g_clear_pointer (&self->edit_label, g_free);

  /* Views read the edit inside the still open transaction. */
  wm_store_emit_changeset (self, changeset);
  wm_store_flush_external (self);

  /* A handler may have started an edit of its own, which committed this one. */
  if (self->commit_deferred)
    {
      self->commit_deferred = FALSE;
      start_commit_thread (self);
    }

  return TRUE;
}

void
wm_store_settle_commit (WmStore *self)
{
  if (self->commit_deferred)
    {
      g_autoptr(GBytes) changeset = g_steal_pointer (&self->deferred_changeset);
      WmChange *change = g_steal_pointer (&self->deferred_change);
      int rc;

      self->commit_deferred = FALSE;
      rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          g_autofree char *reason = wm_store_describe_db_error (self->db, rc);

          undo_failed_commit (self, rc, reason, change, changeset);
        }
    }
  else if (self->pending_commit != NULL)
    finish_pending (self);
}

gboolean
wm_store_is_committing (WmStore *self)
{
  return self->pending_commit != NULL && !g_atomic_int_get (&self->pending_commit->done);
}

void
wm_store_set_commit_in_background (WmStore  *self,
                                   gboolean  in_background)
{
  g_return_if_fail (WM_IS_STORE (self));
  g_return_if_fail (!in_background || !(self->open_flags & WM_STORE_OPEN_ONE_THREAD));

  if (!in_background)
    wm_store_settle_commit (self);
  self->commit_in_background = in_background;
}

gboolean
wm_store_is_saving (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  return self->commit_deferred || self->pending_commit != NULL;
}

void
wm_store_wait_saved (WmStore *self)
{
  g_return_if_fail (WM_IS_STORE (self));

  wm_store_settle_commit (self);
}
