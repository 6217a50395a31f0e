/* wm-store-history.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-store-private.h"

/* Undo and redo: every edit left an SQLite session changeset; undo applies
 * its inverse, redo the changeset itself. */

void
wm_change_free (gpointer data)
{
  WmChange *change = data;

  g_free (change->label);
  g_bytes_unref (change->changeset);
  g_free (change);
}

/* The id a changeset row names: column 0 of its primary key (the rowid of an
 * entity table, the KPI of a sample), whichever of old and new the op has. */
static gint64
changeset_row_key (sqlite3_changeset_iter *iter,
                   int                     op)
{
  sqlite3_value *value = NULL;

  if (op == SQLITE_INSERT)
    sqlite3changeset_new (iter, 0, &value);
  else
    sqlite3changeset_old (iter, 0, &value);

  return value ? sqlite3_value_int64 (value) : 0;
}

static void
add_id (GArray **ids,
        gint64   id)
{
  if (*ids == NULL)
    *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (*ids, id);
}

/* Emits "changed" for @changeset: its mask, and the row ids it touched for
 * wm_store_get_changed_ids() while the signal runs. */
void
wm_store_emit_changeset (WmStore *self,
                         GBytes  *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  guint64 mask = 0;
  gsize size;
  const void *data = g_bytes_get_data (changeset, &size);

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    {
      wm_store_emit_changed (self, G_MAXUINT64);
      return;
    }

  self->changed_ids = g_new0 (GArray *, WM_N_ENTITIES + 1);
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table = NULL;
      const WmEntityInfo *info;
      int n_columns, op, indirect;

      sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);
      if (g_strcmp0 (table, "kpi_sample") == 0)
        {
          mask |= WM_CHANGE_SAMPLES;
          add_id (&self->changed_ids[WM_N_ENTITIES], changeset_row_key (iter, op));
        }
      else if (g_strcmp0 (table, "kpi_response") == 0)
        mask |= WM_CHANGE_RESPONSES;
      else if ((info = wm_entity_lookup_table (table)) != NULL)
        {
          mask |= WM_CHANGE_ENTITY (info->entity);
          add_id (&self->changed_ids[info->entity], changeset_row_key (iter, op));
        }
    }
  sqlite3changeset_finalize (iter);

  wm_store_emit_changed (self, mask);

  for (guint i = 0; i <= WM_N_ENTITIES; i++)
    g_clear_pointer (&self->changed_ids[i], g_array_unref);
  g_clear_pointer (&self->changed_ids, g_free);
}

const GArray *
wm_store_get_changed_ids (WmStore  *self,
                          WmEntity  entity)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  return self->changed_ids ? self->changed_ids[entity] : NULL;
}

const GArray *
wm_store_get_changed_sample_kpis (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return self->changed_ids ? self->changed_ids[WM_N_ENTITIES] : NULL;
}

/* Undo and redo */

gboolean
wm_store_can_undo (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  return self->undo_stack->len > 0;
}

gboolean
wm_store_can_redo (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  return self->redo_stack->len > 0;
}

static const char *
top_label (GPtrArray *stack)
{
  if (stack->len == 0)
    return NULL;

  return ((WmChange *) g_ptr_array_index (stack, stack->len - 1))->label;
}

const char *
wm_store_get_undo_label (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return top_label (self->undo_stack);
}

const char *
wm_store_get_redo_label (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return top_label (self->redo_stack);
}

void
wm_store_clear_history (WmStore *self)
{
  g_return_if_fail (WM_IS_STORE (self));

  if (self->undo_stack->len == 0 && self->redo_stack->len == 0)
    return;

  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  wm_store_notify_history (self);
}

static int
apply_conflict_cb (void                   *user_data,
                   int                     conflict,
                   sqlite3_changeset_iter *iter)
{
  int op = 0, n_columns = 0, indirect = 0;
  const char *table = NULL;

  sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);

  /* Undoing an insert deletes the parent first; the schema's cascades then
   * remove its children before the changeset reaches them. */
  if (conflict == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE)
    return SQLITE_CHANGESET_OMIT;

  /* Nobody else wrote to the file since (checked before applying), so any
   * other difference comes from a cascade within this same changeset. */
  if (conflict == SQLITE_CHANGESET_DATA)
    return SQLITE_CHANGESET_REPLACE;

  return SQLITE_CHANGESET_ABORT;
}

static gboolean
apply_change (WmStore     *self,
              GBytes      *changeset,
              gboolean     invert,
              GError     **error)
{
  g_autoptr(GBytes) to_apply = NULL;
  gint64 data_version = 0;
  gsize size;
  const void *data;
  int rc;

  if (!wm_store_ensure_writable (self, error))
    return FALSE;

  if (self->edit_depth > 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                           _("Cannot undo or redo while a change is under way."));
      return FALSE;
    }

  /* Another program (a colleague on a shared folder) wrote to the file:
   * the history no longer describes it. */
  wm_store_query_int64 (self->db, "PRAGMA data_version", &data_version, NULL);
  if (data_version != self->data_version)
    {
      wm_store_clear_history (self);
      self->data_version = data_version;
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                           _("The project was changed by another program, so earlier changes "
                             "can no longer be undone."));
      return FALSE;
    }

  data = g_bytes_get_data (changeset, &size);
  if (invert)
    {
      void *inverted = NULL;
      int n_inverted = 0;

      rc = sqlite3changeset_invert ((int) size, data, &n_inverted, &inverted);
      if (rc != SQLITE_OK)
        {
          wm_store_set_db_error (self->db, rc, error, _("Cannot undo"));
          return FALSE;
        }
      to_apply = g_bytes_new_with_free_func (inverted, (gsize) n_inverted, sqlite3_free, inverted);
    }
  else
    to_apply = g_bytes_ref (changeset);

  data = g_bytes_get_data (to_apply, &size);
  if (!wm_store_exec (self->db, "BEGIN IMMEDIATE", error, _("Cannot change the project")))
    return FALSE;
  rc = sqlite3changeset_apply (self->db, (int) size, (void *) data, NULL,
                               apply_conflict_cb, self);
  if (rc != SQLITE_OK)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                   invert ? _("Cannot undo: %s") : _("Cannot redo: %s"),
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (!wm_store_exec (self->db, "COMMIT", error, _("Cannot save the change")))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  wm_store_query_int64 (self->db, "PRAGMA data_version", &self->data_version, NULL);

  return TRUE;
}

static gboolean
move_change (WmStore    *self,
             GPtrArray  *from,
             GPtrArray  *to,
             gboolean    invert,
             GError    **error)
{
  WmChange *change;

  if (!wm_store_ensure_writable (self, error))
    return FALSE;
  if (from->len == 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                           invert ? _("There is nothing to undo.") : _("There is nothing to redo."));
      return FALSE;
    }

  change = g_ptr_array_index (from, from->len - 1);
  if (!apply_change (self, change->changeset, invert, error))
    return FALSE;

  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  wm_store_notify_history (self);
  wm_store_emit_changeset (self, change->changeset);

  return TRUE;
}

gboolean
wm_store_undo (WmStore  *self,
               GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  return move_change (self, self->undo_stack, self->redo_stack, TRUE, error);
}

gboolean
wm_store_redo (WmStore  *self,
               GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  return move_change (self, self->redo_stack, self->undo_stack, FALSE, error);
}

