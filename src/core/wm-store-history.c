/* wm-store-history.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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
  GArray **outer_ids = self->changed_ids;
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
  g_free (self->changed_ids);
  /* A handler's own edit announces itself inside this one: give the
   * handlers after it this edit's rows back. */
  self->changed_ids = outer_ids;
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

/* Applying a step of history over a file others write to: a row of the
 * step that someone else changed since is never overwritten. Two
 * differences are not someone else's and are let through: a row the step
 * deletes that is gone already (the step's own cascade removed it, or
 * someone deleted it too), and a row that already holds the step's values
 * (a cascade within the step set them). */
typedef struct
{
  WmStore *self;
  char    *what;     /* the first row someone else changed, described */
} ApplyContext;

static gboolean
values_equal (sqlite3_value *a,
              sqlite3_value *b)
{
  int type = sqlite3_value_type (a);

  if (type != sqlite3_value_type (b))
    return FALSE;

  switch (type)
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
      return sqlite3_value_int64 (a) == sqlite3_value_int64 (b);
    case SQLITE_FLOAT:
      return sqlite3_value_double (a) == sqlite3_value_double (b);
    default:
      return sqlite3_value_bytes (a) == sqlite3_value_bytes (b) &&
             memcmp (sqlite3_value_blob (a), sqlite3_value_blob (b),
                     (size_t) sqlite3_value_bytes (a)) == 0;
    }
}

static gboolean
already_applied (sqlite3_changeset_iter *iter,
                 int                     n_columns)
{
  for (int i = 0; i < n_columns; i++)
    {
      sqlite3_value *new_value = NULL;
      sqlite3_value *current = NULL;

      if (sqlite3changeset_new (iter, i, &new_value) != SQLITE_OK || new_value == NULL)
        continue;
      if (sqlite3changeset_conflict (iter, i, &current) != SQLITE_OK || current == NULL ||
          !values_equal (new_value, current))
        return FALSE;
    }

  return TRUE;
}

/* "the journey “Onboarding”", from the row's label column. */
static char *
describe_row (WmStore     *self,
              const char  *table,
              gint64       id,
              const char  *label)
{
  const WmEntityInfo *info = wm_entity_lookup_table (table);
  g_autoptr(WmRecord) record = NULL;

  if (info == NULL)
    /* Translators: %s is a table name */
    return g_strdup_printf (_("a row of “%s”"), table);

  if (label == NULL && info->label_column != WM_COLUMN_NONE && id > 0 &&
      (record = wm_store_get (self, info->entity, id, NULL)) != NULL)
    label = wm_record_get_string (record, info->label_column);

  if (label != NULL && *label != '\0')
    /* Translators: the first %s is a kind of item, e.g. “journey”, the second its name */
    return g_strdup_printf (_("the %s “%s”"), wm_entity_get_noun (info->entity), label);

  /* Translators: %s is a kind of item, e.g. “journey” */
  return g_strdup_printf (_("a %s"), wm_entity_get_noun (info->entity));
}

static int
apply_conflict_cb (void                   *user_data,
                   int                     conflict,
                   sqlite3_changeset_iter *iter)
{
  ApplyContext *context = user_data;
  int op = 0, n_columns = 0, indirect = 0;
  const char *table = NULL;
  sqlite3_value *key = NULL;

  sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);

  if (conflict == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE)
    return SQLITE_CHANGESET_OMIT;
  if (conflict == SQLITE_CHANGESET_DATA && op == SQLITE_UPDATE &&
      already_applied (iter, n_columns))
    return SQLITE_CHANGESET_OMIT;

  if (context->what == NULL)
    {
      gint64 id = 0;

      if ((op == SQLITE_INSERT ? sqlite3changeset_new (iter, 0, &key)
                               : sqlite3changeset_old (iter, 0, &key)) == SQLITE_OK &&
          key != NULL)
        id = sqlite3_value_int64 (key);
      context->what = describe_row (context->self, table, id, NULL);
    }

  return SQLITE_CHANGESET_ABORT;
}

/* "table\tid" of every row @changeset touches. */
static GHashTable *
changeset_rows (const void *data,
                gsize       size)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_changeset_iter *iter = NULL;

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return rows;
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table = NULL;
      int n_columns, op, indirect;
      sqlite3_value *key = NULL;

      sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);
      if ((op == SQLITE_INSERT ? sqlite3changeset_new (iter, 0, &key)
                               : sqlite3changeset_old (iter, 0, &key)) == SQLITE_OK && key)
        g_hash_table_add (rows, g_strdup_printf ("%s\t%s", table, sqlite3_value_text (key)));
    }
  sqlite3changeset_finalize (iter);

  return rows;
}

/* The rows the step's application changed beyond the step itself (through
 * the schema's cascades): someone else's rows, e.g. a stage a colleague
 * added to a journey whose adding is being undone. NULL when none. */
static char *
find_collateral (WmStore    *self,
                 GHashTable *expected,
                 const void *data,
                 gsize       size)
{
  sqlite3_changeset_iter *iter = NULL;
  char *what = NULL;

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return NULL;
  while (what == NULL && sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table = NULL;
      int n_columns, op, indirect;
      sqlite3_value *key = NULL;
      g_autofree char *row = NULL;

      sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);
      if ((op == SQLITE_INSERT ? sqlite3changeset_new (iter, 0, &key)
                               : sqlite3changeset_old (iter, 0, &key)) != SQLITE_OK || !key)
        continue;
      row = g_strdup_printf ("%s\t%s", table, sqlite3_value_text (key));
      if (g_hash_table_contains (expected, row))
        continue;

      /* A row deleted by a cascade is gone: it can only be named by its kind. */
      what = describe_row (self, table, op == SQLITE_DELETE ? 0 : sqlite3_value_int64 (key),
                           NULL);
    }
  sqlite3changeset_finalize (iter);

  return what;
}

static gboolean
apply_change (WmStore     *self,
              WmChange    *change,
              gboolean     invert,
              GError     **error)
{
  g_autoptr(GBytes) to_apply = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autofree char *collateral = NULL;
  ApplyContext context = { self, NULL };
  sqlite3_session *probe = NULL;
  void *applied = NULL;
  int n_applied = 0;
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

  data = g_bytes_get_data (change->changeset, &size);
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
    to_apply = g_bytes_ref (change->changeset);

  data = g_bytes_get_data (to_apply, &size);
  expected = changeset_rows (data, size);
  if (!wm_store_exec (self->db, "BEGIN IMMEDIATE", error,
                      invert ? _("Cannot undo") : _("Cannot redo")))
    return FALSE;

  /* Another program wrote to the file since we last looked: what it
   * changed is shown once this is done; the rows it changed are guarded by
   * the conflict handler. */
  if (wm_store_take_in_data_version (self))
    self->external_pending = TRUE;
  wm_store_note_write_begun (self);

  rc = sqlite3session_create (self->db, "main", &probe);
  if (rc == SQLITE_OK)
    rc = sqlite3session_attach (probe, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3changeset_apply (self->db, (int) size, (void *) data, NULL,
                                 apply_conflict_cb, &context);
  if (rc == SQLITE_OK && context.what == NULL)
    {
      rc = sqlite3session_changeset (probe, &n_applied, &applied);
      if (rc == SQLITE_OK)
        collateral = find_collateral (self, expected, applied, (gsize) n_applied);
      sqlite3_free (applied);
    }
  g_clear_pointer (&probe, sqlite3session_delete);

  /* The conflict handler aborted (rc), or the cascades reached further. */
  if (rc != SQLITE_OK || collateral != NULL)
    {
      g_autofree char *reason = NULL;

      if (context.what != NULL)
        /* Translators: %s describes a row, e.g. “the journey “Onboarding”” */
        reason = g_strdup_printf (_("%s was changed by someone else since"), context.what);
      else if (collateral != NULL)
        /* Translators: %s describes a row, e.g. “the stage “Signup”” */
        reason = g_strdup_printf (_("%s, added or changed by someone else since, would be "
                                    "lost"), collateral);
      else
        reason = wm_store_describe_db_error (self->db, rc);

      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_free (context.what);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                   invert ? _("Cannot undo “%s”: %s. It was taken off the list of changes to "
                              "undo; earlier changes can still be undone.")
                          : _("Cannot redo “%s”: %s. It was taken off the list of changes to "
                              "redo."),
                   change->label, reason);
      return FALSE;
    }

  g_free (context.what);
  wm_store_note_write_committed (self);
  if (!wm_store_exec (self->db, "COMMIT", error, _("Cannot save the change")))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
move_change (WmStore    *self,
             GPtrArray  *from,
             GPtrArray  *to,
             gboolean    invert,
             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  WmChange *change;

  if (!wm_store_ensure_writable (self, error))
    return FALSE;
  /* The last edit may still be on its way to the disk, or refused by it. */
  if (self->edit_depth == 0)
    wm_store_settle_commit (self);
  if (from->len == 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                           invert ? _("There is nothing to undo.") : _("There is nothing to redo."));
      return FALSE;
    }

  change = g_ptr_array_index (from, from->len - 1);
  if (!apply_change (self, change, invert, &local_error))
    {
      /* A step that would overwrite someone's work can never be applied
       * again; dropping it keeps the rest of the history usable. */
      if (g_error_matches (local_error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT) &&
          self->edit_depth == 0)
        {
          g_ptr_array_remove_index (from, from->len - 1);
          wm_store_notify_history (self);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      wm_store_flush_external (self);
      return FALSE;
    }

  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  wm_store_notify_history (self);
  wm_store_emit_changeset (self, change->changeset);
  wm_store_flush_external (self);

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

