/* wm-store.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "wm-record-private.h"
#include "wm-store-private.h"

/* The store object and its edits. Reads are in wm-store-read.c; opening,
 * creating and copying files in wm-store-file.c; undo and redo in
 * wm-store-history.c. */

G_DEFINE_FINAL_TYPE (WmStore, wm_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

enum {
  CHANGED,
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (wm-store-error-quark, wm_store_error)

gint64
wm_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Errors */

int
wm_store_error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return WM_STORE_ERROR_INVALID;
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      return WM_STORE_ERROR_DAMAGED;
    case SQLITE_NOTADB:
      return WM_STORE_ERROR_NOT_PROJECT;
    case SQLITE_READONLY:
      return WM_STORE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return WM_STORE_ERROR_BUSY;
    default:
      return WM_STORE_ERROR_IO;
    }
}

/* SQLite's own messages ("database is locked", "attempt to write a readonly
 * database") are English and name SQLite's view of things; say what it
 * means for the person and what they can do. */
char *
wm_store_describe_db_error (sqlite3 *db,
                            int      rc)
{
  int system_errno = db ? sqlite3_system_errno (db) : 0;
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return g_strdup (_("another program is writing to the file; try again when it is done"));
    case SQLITE_READONLY:
      return g_strdup (_("the file or its folder cannot be written to"));
    case SQLITE_FULL:
      return g_strdup (_("the disk is full"));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return g_strdup (_("the file is damaged"));
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return g_strdup (_("permission denied"));
    case SQLITE_NOMEM:
      return g_strdup (_("not enough memory"));
    case SQLITE_TOOBIG:
      return g_strdup (_("a value is too large"));
    case SQLITE_CANTOPEN:
      if (system_errno != 0)
        /* Translators: %s is the system's reason, e.g. “Permission denied” */
        return g_strdup_printf (_("the file cannot be opened (%s)"), g_strerror (system_errno));
      return g_strdup (_("the file cannot be opened"));
    case SQLITE_IOERR:
      if (system_errno != 0)
        /* Translators: %s is the system's reason, e.g. “Input/output error” */
        return g_strdup_printf (_("the disk could not be read or written (%s)"),
                                g_strerror (system_errno));
      return g_strdup (_("the disk could not be read or written"));
    case SQLITE_CONSTRAINT:
      /* Translators: %s is SQLite's description of the rule, e.g.
       * “CHECK constraint failed: emotion BETWEEN -3 AND 3” */
      return g_strdup_printf (_("a value breaks a rule of the project (%s)"), detail);
    default:
      return g_strdup (detail);
    }
}

void
wm_store_set_db_error (sqlite3     *db,
                       int          rc,
                       GError     **error,
                       const char  *context)
{
  g_autofree char *detail = wm_store_describe_db_error (db, rc);

  g_set_error (error, WM_STORE_ERROR, wm_store_error_code_for (rc), "%s: %s", context, detail);
}

int
wm_store_file_mode (void)
{
  /* umask() can only be read by setting it, and put back at once. */
  mode_t mask = umask (022);

  umask (mask);

  return 0666 & ~mask;
}

/* Statements */

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

sqlite3_stmt *
wm_store_get_statement (WmStore     *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt **recent = &self->recent_statements[((guintptr) sql >> 3)
                                                   % G_N_ELEMENTS (self->recent_statements)];
  sqlite3_stmt *stmt = *recent;
  int rc;

  /* Callers on hot paths ask with the same text again and again. */
  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      *recent = stmt;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (self->db, rc, error, _("Could not read the project"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  *recent = stmt;

  return stmt;
}

void
wm_store_clear_statements (WmStore *self)
{
  memset (self->recent_statements, 0, sizeof self->recent_statements);
  g_hash_table_remove_all (self->statements);
}

gboolean
wm_store_exec (sqlite3     *db,
          const char  *sql,
          GError     **error,
          const char  *context)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (db, rc, error, context);
      return FALSE;
    }

  return TRUE;
}

/* A single-value query with no parameters; FALSE (and @error) on failure. */
gboolean
wm_store_query_int64 (sqlite3     *db,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *value = 0;
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    wm_store_set_db_error (db, rc, error, _("Could not read the project"));
  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

gboolean
wm_store_ensure_writable (WmStore  *self,
                 GError  **error)
{
  if (self->read_only)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                           self->read_only_reason ? self->read_only_reason
                                                  : _("This project is open read-only."));
      return FALSE;
    }

  return TRUE;
}

/* Object */

static void
wm_store_dispose (GObject *object)
{
  WmStore *self = (WmStore *)object;

  if (self->edit_depth > 0)
    {
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
    }
  if (self->db != NULL)
    wm_store_settle_commit (self);

  wm_store_unwatch (self);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (wm_store_parent_class)->dispose (object);
}

static void
wm_store_finalize (GObject *object)
{
  WmStore *self = (WmStore *)object;

  g_hash_table_unref (self->statements);
  for (guint i = 0; i < WM_N_ENTITIES; i++)
    {
      g_clear_pointer (&self->update_sql[i], g_hash_table_unref);
      g_clear_pointer (&self->get_sql[i], g_hash_table_unref);
      g_free (self->exists_sql[i]);
    }
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->guarded)
    wm_store_guard_remove (self->path);
  g_ptr_array_unref (self->undo_stack);
  g_ptr_array_unref (self->redo_stack);
  g_free (self->edit_label);
  g_free (self->path);
  g_free (self->read_only_reason);

  G_OBJECT_CLASS (wm_store_parent_class)->finalize (object);
}

static void
wm_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WmStore *self = WM_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, wm_store_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, wm_store_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, wm_store_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, wm_store_get_redo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_store_class_init (WmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wm_store_dispose;
  object_class->finalize = wm_store_finalize;
  object_class->get_property = wm_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  /* An edit committed in the background was refused by the disk and taken
   * back (see wm_store_set_commit_in_background()); the GError says why. */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
wm_store_init (WmStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->undo_stack = g_ptr_array_new_with_free_func (wm_change_free);
  self->redo_stack = g_ptr_array_new_with_free_func (wm_change_free);
}

const char *
wm_store_get_path (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return self->path;
}

gboolean
wm_store_is_read_only (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), TRUE);

  return self->read_only;
}

const char *
wm_store_get_read_only_reason (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return self->read_only_reason;
}

int
wm_store_get_schema_version (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), 0);

  return self->schema_version;
}

WmRecord *
wm_store_get_project (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return self->project;
}

const char *
wm_store_get_name (WmStore *self)
{
  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  return wm_record_get_string (self->project, WM_PROJECT_NAME);
}

/* Edits */

/* Starts the outermost edit or joins the one under way. */
static gboolean
begin_edit (WmStore     *self,
            const char  *label,
            gboolean     in_background,
            GError     **error)
{
  int rc = SQLITE_OK;

  if (!wm_store_ensure_writable (self, error))
    return FALSE;

  if (self->edit_depth++ > 0)
    return TRUE;

  wm_store_settle_commit (self);
  if (!wm_store_exec (self->db, "BEGIN IMMEDIATE", error, _("Cannot change the project")))
    {
      self->edit_depth = 0;
      return FALSE;
    }

  /* Holding the write lock now, so nobody can write between this look and
   * the commit: what others committed before is announced after the edit. */
  if (wm_store_take_in_data_version (self))
    self->external_pending = TRUE;
  wm_store_note_write_begun (self);

  /* The session is what makes an undo step and names the rows "changed"
   * announces; a background edit announced elsewhere needs neither, and
   * would pay for it on every row it writes and again at the commit. */
  if (!in_background || !self->background_unannounced)
    {
      rc = sqlite3session_create (self->db, "main", &self->session);
      if (rc == SQLITE_OK)
        rc = sqlite3session_attach (self->session, NULL);
    }
  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (self->db, rc, error, _("Cannot change the project"));
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
      return FALSE;
    }

  g_free (self->edit_label);
  self->edit_label = in_background ? NULL : g_strdup (label ? label : _("Edit"));
  self->edit_in_background = in_background;

  return TRUE;
}

gboolean
wm_store_begin_edit (WmStore     *self,
                     const char  *label,
                     GError     **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  return begin_edit (self, label, FALSE, error);
}

gboolean
wm_store_begin_background_edit (WmStore  *self,
                                GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  /* Inside a person's edit it is simply part of that edit. */
  return begin_edit (self, NULL, self->edit_depth == 0, error);
}

void
wm_store_set_announce_background (WmStore  *self,
                                  gboolean  announce)
{
  g_return_if_fail (WM_IS_STORE (self));
  g_return_if_fail (self->edit_depth == 0);

  self->background_unannounced = !announce;
}

void
wm_store_rollback_edit (WmStore *self)
{
  g_return_if_fail (WM_IS_STORE (self));

  /* Any failure inside nested edits abandons the whole edit. */
  if (self->edit_depth == 0)
    return;

  self->edit_depth = 0;
  self->edit_in_background = FALSE;
  g_clear_pointer (&self->session, sqlite3session_delete);
  g_clear_pointer (&self->edit_label, g_free);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  wm_store_flush_external (self);
}

gboolean
wm_store_commit_edit (WmStore  *self,
                      GError  **error)
{
  g_autoptr(GBytes) changeset = NULL;
  void *data = NULL;
  int size = 0;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  if (self->edit_depth == 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("The change was abandoned because a part of it failed."));
      return FALSE;
    }

  if (--self->edit_depth > 0)
    return TRUE;

  rc = self->session != NULL ? sqlite3session_changeset (self->session, &size, &data) : SQLITE_OK;
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (self->db, rc, error, _("Cannot change the project"));
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
      return FALSE;
    }
  changeset = g_bytes_new_with_free_func (data, (gsize) size, sqlite3_free, data);
  wm_store_note_write_committed (self);

  /* Only an edit with a changeset commits on the commit thread; one that
   * wrote nothing commits here without touching the disk, and so does an
   * unannounced background edit, which has no changeset. */
  if (self->commit_in_background && size > 0)
    return wm_store_commit_in_background (self, changeset);

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      wm_store_set_db_error (self->db, rc, error, _("Cannot save the change"));
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
      return FALSE;
    }

  /* No read of data_version here: our own commits do not change it, and
   * reading it now would hide what others committed since we looked. */
  if (size > 0 && self->edit_in_background)
    {
      /* Fetched data is shown, never offered to Undo in place of the
       * person's own last edit. */
      self->edit_in_background = FALSE;
      wm_store_emit_changeset (self, changeset);
    }
  else if (size > 0)
    {
      WmChange *change = g_new0 (WmChange, 1);

      change->label = g_steal_pointer (&self->edit_label);
      change->changeset = g_bytes_ref (changeset);
      g_ptr_array_add (self->undo_stack, change);
      g_ptr_array_set_size (self->redo_stack, 0);
      wm_store_notify_history (self);
      wm_store_emit_changeset (self, changeset);
    }
  g_clear_pointer (&self->edit_label, g_free);
  self->edit_in_background = FALSE;
  wm_store_flush_external (self);

  return TRUE;
}

static gboolean
check_column_value (const WmEntityInfo *info,
                    const WmColumn     *column,
                    const GValue       *value,
                    GError            **error)
{
  if (column->choices != NULL && G_IS_VALUE (value))
    {
      const char *s = g_value_get_string (value);

      if (wm_column_choice_index (WM_COLUMN_ID (info->entity, column - info->columns),
                                  s ? s : "") < 0)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       _("“%s” is not a valid value for “%s” in table “%s”."), s ? s : "",
                       column->name, info->table);
          return FALSE;
        }
    }

  return TRUE;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const GValue *value)
{
  if (!G_IS_VALUE (value))
    sqlite3_bind_null (stmt, index);
  else if (G_VALUE_HOLDS_STRING (value))
    sqlite3_bind_text (stmt, index, g_value_get_string (value) ? g_value_get_string (value) : "",
                       -1, SQLITE_TRANSIENT);
  else if (G_VALUE_HOLDS_INT64 (value))
    sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
  else if (G_VALUE_HOLDS_DOUBLE (value))
    sqlite3_bind_double (stmt, index, g_value_get_double (value));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    sqlite3_bind_int (stmt, index, g_value_get_boolean (value) ? 1 : 0);
  else if (G_VALUE_HOLDS (value, G_TYPE_BYTES))
    {
      GBytes *bytes = g_value_get_boxed (value);
      gsize size = 0;
      const void *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

      sqlite3_bind_blob64 (stmt, index, data ? data : "", size, SQLITE_TRANSIENT);
    }
  else
    g_assert_not_reached ();
}

/* @context: what failed, untranslated (N_()): translating it on every
 * statement would cost more than many a statement. */
static gboolean
step_done (WmStore      *self,
           sqlite3_stmt *stmt,
           GError      **error,
           const char   *context)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      wm_store_set_db_error (self->db, rc, error, _(context));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  return TRUE;
}

typedef enum
{
  EDIT_ADD,
  EDIT_CHANGE,
  EDIT_DELETE,
  EDIT_MOVE,
} EditKind;

/* What the header bar's Undo and Redo buttons say about an edit; NULL
 * inside an edit, whose own label is the one they show. */
static char *
edit_label (WmStore  *self,
            EditKind  kind,
            WmEntity  entity)
{
  const char *noun;

  if (self->edit_depth > 0)
    return NULL;

  noun = wm_entity_get_noun (entity);

  switch (kind)
    {
    case EDIT_ADD:
      /* Translators: an edit that can be undone; %s names a kind of item, e.g. “journey” */
      return g_strdup_printf (C_("edit", "Add %s"), noun);
    case EDIT_CHANGE:
      /* Translators: an edit that can be undone; %s names a kind of item, e.g. “journey” */
      return g_strdup_printf (C_("edit", "Change %s"), noun);
    case EDIT_DELETE:
      /* Translators: an edit that can be undone; %s names a kind of item, e.g. “journey” */
      return g_strdup_printf (C_("edit", "Delete %s"), noun);
    case EDIT_MOVE:
      /* Translators: an edit that can be undone; %s names a kind of item, e.g. “journey” */
      return g_strdup_printf (C_("edit", "Move %s"), noun);
    default:
      g_assert_not_reached ();
    }
}

/* Commits the edit when @ok, else rolls it back; returns whether it was committed. */
static gboolean
end_edit (WmStore  *self,
          gboolean  ok,
          GError  **error)
{
  if (!ok)
    {
      wm_store_rollback_edit (self);
      return FALSE;
    }

  return wm_store_commit_edit (self, error);
}

static gint64
next_position (WmStore            *self,
               const WmEntityInfo *info,
               WmRecord           *draft,
               GError            **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 position = 0;

  if (info->parent_column != WM_COLUMN_NONE)
    sql = g_strdup_printf ("SELECT coalesce(max(position) + 1, 0) FROM \"%s\" WHERE \"%s\" IS ?",
                           info->table, wm_column_get_name (info->parent_column));
  else
    sql = g_strdup_printf ("SELECT coalesce(max(position) + 1, 0) FROM \"%s\"", info->table);

  if ((stmt = wm_store_get_statement (self, sql, error)) == NULL)
    return -1;
  if (info->parent_column != WM_COLUMN_NONE)
    {
      gint64 parent = wm_record_get_ref (draft, info->parent_column);

      if (parent > 0)
        sqlite3_bind_int64 (stmt, 1, parent);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return position;
}

static gint64
insert_row (WmStore     *self,
            WmRecord    *draft,
            const char  *given_uuid,
            GError     **error)
{
  const WmEntityInfo *info = wm_record_get_info (draft);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new ("?, ?, ?");
  g_autoptr(WmRecord) stored = NULL;
  g_autofree char *uuid = given_uuid ? g_strdup (given_uuid) : g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gint64 now = wm_store_now ();
  gint64 id;
  int bind = 4;

  if (info->entity == WM_ENTITY_PROJECT)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("A project has exactly one project record."));
      return 0;
    }

  if (info->position_column != WM_COLUMN_NONE && !wm_record_is_set (draft, info->position_column))
    {
      gint64 position = next_position (self, info, draft, error);

      if (position < 0)
        return 0;
      wm_record_set_int (draft, info->position_column, position);
    }

  g_string_printf (sql, "INSERT INTO \"%s\" (uuid, created_at, modified_at", info->table);
  for (guint i = 0; i < info->n_columns; i++)
    {
      const WmColumn *column = &info->columns[i];
      const GValue *value = wm_record_peek_value (draft, i);

      if (!G_IS_VALUE (value))
        {
          if (column->flags & WM_COLUMN_REQUIRED)
            {
              g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("Table “%s” needs a value for “%s”."), info->table, column->name);
              return 0;
            }
          continue;
        }
      if (!check_column_value (info, column, value, error))
        return 0;
      g_string_append_printf (sql, ", \"%s\"", column->name);
      g_string_append (params, ", ?");
    }
  g_string_append_printf (sql, ") VALUES (%s)", params->str);

  if ((stmt = wm_store_get_statement (self, sql->str, error)) == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  for (guint i = 0; i < info->n_columns; i++)
    {
      const GValue *value = wm_record_peek_value (draft, i);

      if (G_IS_VALUE (value))
        bind_value (stmt, bind++, value);
    }

  if (!step_done (self, stmt, error, N_("Cannot add this")))
    return 0;

  id = sqlite3_last_insert_rowid (self->db);

  /* Read back what the schema filled in (defaults), so the draft is whole. */
  stored = wm_store_get (self, info->entity, id, error);
  if (stored == NULL)
    return 0;
  wm_record_set_identity (draft, id, wm_record_get_uuid (stored),
                          wm_record_get_created_at (stored), wm_record_get_modified_at (stored));
  wm_record_refresh_from (draft, stored);

  return id;
}

gint64
wm_store_insert (WmStore   *self,
                 WmRecord  *draft,
                 GError   **error)
{
  return wm_store_insert_with_uuid (self, draft, NULL, error);
}

gint64
wm_store_insert_with_uuid (WmStore     *self,
                           WmRecord    *draft,
                           const char  *uuid,
                           GError     **error)
{
  g_autofree char *label = NULL;
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (self), 0);
  g_return_val_if_fail (WM_IS_RECORD (draft), 0);
  g_return_val_if_fail (uuid == NULL || g_uuid_string_is_valid (uuid), 0);

  label = edit_label (self, EDIT_ADD, wm_record_get_entity (draft));
  if (!wm_store_begin_edit (self, label, error))
    return 0;
  id = insert_row (self, draft, uuid, error);
  if (id == 0)
    {
      wm_store_rollback_edit (self);
      return 0;
    }
  if (!wm_store_commit_edit (self, error))
    return 0;

  return id;
}

/* The columns of @record an update of @columns writes: those set, and the
 * nullable ones left unset (written as NULL). */
static guint64
columns_written (WmRecord *record,
                 guint64   columns)
{
  const WmEntityInfo *info = wm_record_get_info (record);
  guint64 written = wm_record_get_set_mask (record);

  for (guint i = 0; i < info->n_columns; i++)
    {
      if (info->columns[i].flags & WM_COLUMN_NULLABLE)
        written |= G_GUINT64_CONSTANT (1) << i;
    }

  return written & columns;
}

/* Which UPDATE update_sql() gives: the columns it writes, and those it
 * expects to hold given values (0 for none). */
typedef struct
{
  guint64 written;
  guint64 expected;
} UpdateKey;

static guint
update_key_hash (gconstpointer data)
{
  const UpdateKey *key = data;

  return g_int64_hash (&key->written) * 31 + g_int64_hash (&key->expected);
}

static gboolean
update_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const UpdateKey *key_a = a, *key_b = b;

  return key_a->written == key_b->written && key_a->expected == key_b->expected;
}

/* "UPDATE … SET modified_at = ?1, <written> = ?3… WHERE id = ?2 [AND
 * <expected> IS ?…] AND NOT (<written> all as they are)", built once per
 * entity and column sets: a refresh of 500 feeds would otherwise format it
 * a thousand times. The expected columns' values follow the written ones. */
static const char *
update_sql (WmStore            *self,
            const WmEntityInfo *info,
            guint64             written,
            guint64             expected)
{
  GHashTable **cache = &self->update_sql[info->entity];
  UpdateKey key = { written, expected };
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) same = NULL;
  char *text;
  int n_values = 0;

  if (*cache == NULL)
    *cache = g_hash_table_new_full (update_key_hash, update_key_equal, g_free, g_free);
  if ((text = g_hash_table_lookup (*cache, &key)) != NULL)
    return text;

  sql = g_string_new (NULL);
  same = g_string_new (NULL);
  g_string_printf (sql, "UPDATE \"%s\" SET modified_at = ?1", info->table);
  for (guint i = 0; i < info->n_columns; i++)
    {
      if (!(written & (G_GUINT64_CONSTANT (1) << i)))
        continue;
      n_values++;
      g_string_append_printf (sql, ", \"%s\" = ?%d", info->columns[i].name, n_values + 2);
      g_string_append_printf (same, "%s\"%s\" IS ?%d", same->len ? " AND " : "",
                              info->columns[i].name, n_values + 2);
    }
  g_string_append (sql, " WHERE id = ?2");
  for (guint i = 0; i < info->n_columns; i++)
    {
      if (expected & (G_GUINT64_CONSTANT (1) << i))
        g_string_append_printf (sql, " AND \"%s\" IS ?%d", info->columns[i].name,
                                ++n_values + 2);
    }
  if (same->len > 0)
    g_string_append_printf (sql, " AND NOT (%s)", same->str);

  text = g_string_free (g_steal_pointer (&sql), FALSE);
  g_hash_table_insert (*cache, g_memdup2 (&key, sizeof key), text);

  return text;
}

/* Whether the row with @id of @info's entity exists. */
static gboolean
row_exists (WmStore            *self,
            const WmEntityInfo *info,
            gint64              id,
            gboolean           *exists,
            GError            **error)
{
  char **sql = &self->exists_sql[info->entity];
  sqlite3_stmt *stmt;
  int rc;

  if (*sql == NULL)
    *sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE id = ?", info->table);
  if ((stmt = wm_store_get_statement (self, *sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      wm_store_set_db_error (self->db, rc, error, _("Could not read the project"));
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;

  return TRUE;
}

/* Writes @columns of @record (WM_STORE_WHOLE_ROW: all of them) to the row
 * @id, in one statement. Values equal to the stored ones are no edit at all:
 * the row, its modified_at and the undo history stay as they are.
 *
 * With @matched, only if the row's @expected_columns hold what @expected
 * holds: *@matched says whether it wrote, and a row that is gone, differs
 * or holds @record's values already is no error. */
static gboolean
update_columns (WmStore    *self,
                WmRecord   *record,
                gint64      id,
                guint64     columns,
                WmRecord   *expected,
                guint64     expected_columns,
                gboolean   *matched,
                GError    **error)
{
  const WmEntityInfo *info = wm_record_get_info (record);
  sqlite3_stmt *stmt;
  guint64 written;
  gboolean exists = FALSE;
  int n_values = 0;

  if (matched != NULL)
    *matched = FALSE;
  if (!wm_store_check_shown (self, record, id, columns, error))
    return FALSE;

  written = columns_written (record, columns);
  for (guint i = 0; i < info->n_columns; i++)
    {
      if ((written & (G_GUINT64_CONSTANT (1) << i)) &&
          !check_column_value (info, &info->columns[i], wm_record_peek_value (record, i), error))
        return FALSE;
    }

  /* No column at all is no change either (not even of modified_at). */
  if (written != 0)
    {
      stmt = wm_store_get_statement (self, update_sql (self, info, written, expected_columns),
                                     error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, wm_store_now ());
      sqlite3_bind_int64 (stmt, 2, id);
      for (guint i = 0; i < info->n_columns; i++)
        {
          if (written & (G_GUINT64_CONSTANT (1) << i))
            bind_value (stmt, 3 + n_values++, wm_record_peek_value (record, i));
        }
      for (guint i = 0; i < info->n_columns; i++)
        {
          if (expected_columns & (G_GUINT64_CONSTANT (1) << i))
            bind_value (stmt, 3 + n_values++, wm_record_peek_value (expected, i));
        }

      if (!step_done (self, stmt, error, N_("Cannot change this")))
        return FALSE;
    }

  if (matched != NULL)
    {
      *matched = written != 0 && sqlite3_changes (self->db) > 0;
      if (!*matched)
        return TRUE;
    }
  /* Nothing written: the values were the same, or the row is gone. */
  else if (written == 0 || sqlite3_changes (self->db) == 0)
    {
      if (!row_exists (self, info, id, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                               _("The item to change no longer exists."));
          return FALSE;
        }
    }
  wm_store_note_written (self, record, id, columns);

  return TRUE;
}

/* A record read with a text limit may hold texts cut short; writing it back
 * must not cut what is stored. A text exactly as long as the cap, that the
 * stored one continues, is put back to the stored one before writing. */
static gboolean
keep_cut_texts (WmStore   *self,
                WmRecord  *record,
                GError   **error)
{
  const WmEntityInfo *info = wm_record_get_info (record);

  for (guint i = 0; i < info->n_columns; i++)
    {
      WmColumnId column = wm_entity_column_at (info->entity, i);
      guint cap = wm_store_text_cap (self, info, i);
      const char *value;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (cap == 0 || !wm_record_is_set (record, column))
        continue;
      value = wm_record_get_string (record, column);
      if (value == NULL || g_utf8_strlen (value, -1) != (glong) cap)
        continue;

      sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE id = ? AND length(\"%s\") > ?"
                             " AND substr(\"%s\", 1, ?) = ?",
                             info->columns[i].name, info->table, info->columns[i].name,
                             info->columns[i].name);
      rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, wm_record_get_id (record));
          sqlite3_bind_int64 (stmt, 2, cap);
          sqlite3_bind_int64 (stmt, 3, cap);
          sqlite3_bind_text (stmt, 4, value, -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            wm_record_set_string (record, column, (const char *) sqlite3_column_text (stmt, 0));
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          wm_store_set_db_error (self->db, rc, error, _("Cannot change this"));
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
wm_store_update (WmStore   *self,
                 WmRecord  *record,
                 GError   **error)
{
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (record), FALSE);

  label = edit_label (self, EDIT_CHANGE, wm_record_get_entity (record));
  if (!wm_store_begin_edit (self, label, error))
    return FALSE;
  ok = keep_cut_texts (self, record, error) &&
       update_columns (self, record, wm_record_get_id (record), WM_STORE_WHOLE_ROW,
                       NULL, 0, NULL, error);
  return end_edit (self, ok, error);
}

/* One column of one row; the value is taken from a draft of that column only. */
static gboolean
set_column (WmStore     *self,
            WmRecord    *draft,
            gint64       id,
            WmColumnId   column,
            GError     **error)
{
  const WmEntityInfo *info = wm_record_get_info (draft);
  guint index = WM_COLUMN_INDEX (column);
  g_autofree char *label = NULL;
  gboolean ok;

  label = edit_label (self, EDIT_CHANGE, info->entity);
  if (!wm_store_begin_edit (self, label, error))
    return FALSE;
  ok = update_columns (self, draft, id, G_GUINT64_CONSTANT (1) << index, NULL, 0, NULL, error);
  return end_edit (self, ok, error);
}

gboolean
wm_store_set_columns (WmStore   *self,
                      gint64     id,
                      WmRecord  *values,
                      GError   **error)
{
  const WmEntityInfo *info;
  g_autofree char *label = NULL;
  guint64 columns;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (values), FALSE);

  info = wm_record_get_info (values);
  columns = wm_record_get_set_mask (values);

  label = edit_label (self, EDIT_CHANGE, info->entity);
  if (!wm_store_begin_edit (self, label, error))
    return FALSE;
  ok = update_columns (self, values, id, columns, NULL, 0, NULL, error);
  return end_edit (self, ok, error);
}

gboolean
wm_store_set_columns_if (WmStore           *self,
                         gint64             id,
                         WmRecord          *values,
                         WmRecord          *expected,
                         const WmColumnId  *expected_columns,
                         guint              n_expected,
                         gboolean          *matched,
                         GError           **error)
{
  const WmEntityInfo *info;
  guint64 expected_mask = 0;
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (values), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (expected), FALSE);
  g_return_val_if_fail (wm_record_get_entity (expected) == wm_record_get_entity (values), FALSE);
  g_return_val_if_fail (matched != NULL, FALSE);

  info = wm_record_get_info (values);
  for (guint i = 0; i < n_expected; i++)
    {
      g_return_val_if_fail (wm_column_get_entity (expected_columns[i]) == info->entity, FALSE);
      expected_mask |= G_GUINT64_CONSTANT (1) << WM_COLUMN_INDEX (expected_columns[i]);
    }

  label = edit_label (self, EDIT_CHANGE, info->entity);
  if (!wm_store_begin_edit (self, label, error))
    return FALSE;
  ok = update_columns (self, values, id, wm_record_get_set_mask (values), expected,
                       expected_mask, matched, error);
  return end_edit (self, ok, error);
}

gboolean
wm_store_set_string (WmStore     *self,
                     gint64       id,
                     WmColumnId   column,
                     const char  *value,
                     GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (wm_column_is_valid (column), FALSE);

  draft = wm_record_new (wm_column_get_entity (column));
  wm_record_set_string (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_int (WmStore     *self,
                  gint64       id,
                     WmColumnId   column,
                  gint64       value,
                  GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (wm_column_is_valid (column), FALSE);

  draft = wm_record_new (wm_column_get_entity (column));
  wm_record_set_int (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_double (WmStore     *self,
                     gint64       id,
                     WmColumnId   column,
                     double       value,
                     GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (wm_column_is_valid (column), FALSE);

  draft = wm_record_new (wm_column_get_entity (column));
  wm_record_set_double (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_boolean (WmStore     *self,
                      gint64       id,
                     WmColumnId   column,
                      gboolean     value,
                      GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (wm_column_is_valid (column), FALSE);

  draft = wm_record_new (wm_column_get_entity (column));
  wm_record_set_boolean (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_ref (WmStore     *self,
                  gint64       id,
                     WmColumnId   column,
                  gint64       ref_id,
                  GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (wm_column_is_valid (column), FALSE);

  draft = wm_record_new (wm_column_get_entity (column));
  wm_record_set_ref (draft, column, ref_id);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_delete (WmStore     *self,
                 WmEntity     entity,
                 gint64       id,
                 GError     **error)
{
  const WmEntityInfo *info;
  g_autofree char *label = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity < WM_N_ENTITIES, FALSE);

  info = wm_entity_get_info (entity);
  if (entity == WM_ENTITY_PROJECT)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("The project record cannot be deleted."));
      return FALSE;
    }

  label = edit_label (self, EDIT_DELETE, entity);
  if (!wm_store_begin_edit (self, label, error))
    return FALSE;
  sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", info->table);
  ok = (stmt = wm_store_get_statement (self, sql, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = step_done (self, stmt, error, N_("Cannot delete this"));
    }
  if (ok && sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                           _("The item to delete no longer exists."));
      ok = FALSE;
    }
  return end_edit (self, ok, error);
}

gboolean
wm_store_move (WmStore     *self,
               WmEntity     entity,
               gint64       id,
               guint        index,
               GError     **error)
{
  const WmEntityInfo *info;
  g_autoptr(WmRecord) record = NULL;
  g_autoptr(GPtrArray) siblings = NULL;
  g_autofree char *label = NULL;
  g_autofree char *sql = NULL;
  WmRecord *moved = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity < WM_N_ENTITIES, FALSE);

  info = wm_entity_get_info (entity);
  g_return_val_if_fail (info->position_column != WM_COLUMN_NONE, FALSE);

  if (!wm_store_ensure_writable (self, error))
    return FALSE;
  if ((record = wm_store_get (self, entity, id, error)) == NULL)
    return FALSE;
  siblings = wm_store_list (self, entity, info->parent_column,
                            info->parent_column != WM_COLUMN_NONE
                            ? wm_record_get_ref (record, info->parent_column) : 0,
                            error);
  if (siblings == NULL)
    return FALSE;

  for (guint i = 0; i < siblings->len; i++)
    {
      if (wm_record_get_id (g_ptr_array_index (siblings, i)) == id)
        {
          moved = g_ptr_array_steal_index (siblings, i);
          break;
        }
    }
  g_assert (moved != NULL);
  g_ptr_array_insert (siblings, MIN (index, siblings->len), moved);

  label = edit_label (self, EDIT_MOVE, entity);
  if (!wm_store_begin_edit (self, label, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE \"%s\" SET position = ?, modified_at = ? WHERE id = ?",
                         info->table);
  for (guint i = 0; ok && i < siblings->len; i++)
    {
      WmRecord *sibling = g_ptr_array_index (siblings, i);

      if (wm_record_get_int (sibling, info->position_column) == (gint64) i)
        continue;
      if ((stmt = wm_store_get_statement (self, sql, error)) == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, wm_store_now ());
      sqlite3_bind_int64 (stmt, 3, wm_record_get_id (sibling));
      ok = step_done (self, stmt, error, N_("Cannot move this"));
    }
  return end_edit (self, ok, error);
}

/* Samples */

gboolean
wm_store_add_samples (WmStore         *self,
                      gint64           kpi_id,
                      const WmSample  *samples,
                      gsize            n_samples,
                      const char      *source,
                      GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (samples != NULL || n_samples == 0, FALSE);

  if (!wm_store_begin_edit (self, self->edit_depth > 0 ? NULL : _("Add KPI values"), error))
    return FALSE;
  stmt = wm_store_get_statement (self,
                        "INSERT INTO kpi_sample (kpi_id, time, value, n, source, margin)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kpi_id, time) DO UPDATE SET"
                        " value = excluded.value, n = excluded.n, source = excluded.source,"
                        " margin = excluded.margin",
                        error);
  ok = stmt != NULL;
  for (gsize i = 0; ok && i < n_samples; i++)
    {
      if (!isfinite (samples[i].value) || !isfinite (samples[i].margin) || samples[i].margin < 0)
        {
          g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                               _("A KPI value must be a finite number."));
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, kpi_id);
      sqlite3_bind_int64 (stmt, 2, samples[i].time);
      sqlite3_bind_double (stmt, 3, samples[i].value);
      sqlite3_bind_int64 (stmt, 4, samples[i].n);
      sqlite3_bind_text (stmt, 5, source ? source : "", -1, SQLITE_TRANSIENT);
      if (samples[i].margin > 0)
        sqlite3_bind_double (stmt, 6, samples[i].margin);
      else
        sqlite3_bind_null (stmt, 6);
      ok = step_done (self, stmt, error, N_("Cannot add KPI values"));
    }
  return end_edit (self, ok, error);
}

/* Change notification */

gboolean
wm_store_poll_data_version (WmStore *self)
{
  gint64 data_version = self->data_version;
  sqlite3_stmt *stmt;

  /* Prepared once: this runs at every edit and every announcement, and
   * preparing a PRAGMA costs ten times as much as running it. */
  if (self->db == NULL ||
      (stmt = wm_store_get_statement (self, "PRAGMA data_version", NULL)) == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (data_version == self->data_version)
    return FALSE;

  self->data_version = data_version;
  return TRUE;
}

/* The file change counter, bytes 24 to 27 of the database header: every
 * commit that changes the file adds one to it in rollback-journal mode,
 * whichever connection or program makes it. data_version only tells that
 * others committed since the last look; this tells how often, which is what
 * wm_store_announce_commit() needs. Read through SQLite's own descriptor:
 * closing any other descriptor of the file would drop SQLite's locks. */
gboolean
wm_store_read_change_counter (WmStore *self,
                              guint32 *counter)
{
  sqlite3_file *file = NULL;
  guint32 big_endian;

  if (self->db == NULL
      || sqlite3_file_control (self->db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK
      || file == NULL || file->pMethods == NULL
      || file->pMethods->xRead (file, &big_endian, sizeof big_endian, 24) != SQLITE_OK)
    return FALSE;

  *counter = GUINT32_FROM_BE (big_endian);
  return TRUE;
}

/* The counter is noted before data_version is read, never after: a commit
 * in between is then one data_version has taken in and the counter has
 * not, which can only make a later announcement look once too often. */
gboolean
wm_store_take_in_data_version (WmStore *self)
{
  self->change_counter_known = wm_store_read_change_counter (self, &self->change_counter);

  return wm_store_poll_data_version (self);
}

/* After the look that wm_store_take_in_data_version() takes under the write
 * lock: the counter it noted is where this edit begins. */
void
wm_store_note_write_begun (WmStore *self)
{
  self->edit_stamp.known = self->change_counter_known;
  self->edit_stamp.before = self->change_counter;
  self->edit_stamp.wrote = FALSE;
  self->edit_total_changes = sqlite3_total_changes64 (self->db);
}

/* Just before the COMMIT is issued, or handed to the commit thread: nobody
 * else can commit before it, since this connection holds the write lock.
 * A commit that then fails leaves the counter one behind what is noted
 * here, which again can only make an announcement look once too often. */
void
wm_store_note_write_committed (WmStore *self)
{
  self->edit_stamp.wrote = sqlite3_total_changes64 (self->db) > self->edit_total_changes;
  if (self->edit_stamp.wrote)
    self->change_counter++;
}

void
wm_store_get_commit_stamp (WmStore       *self,
                           WmCommitStamp *stamp)
{
  g_return_if_fail (WM_IS_STORE (self));
  g_return_if_fail (stamp != NULL);

  *stamp = self->edit_stamp;
}

void
wm_store_flush_external (WmStore *self)
{
  if (!self->external_pending || self->edit_depth > 0)
    return;

  self->external_pending = FALSE;
  wm_store_emit_changed (self, WM_CHANGE_ALL);
}

void
wm_store_notify_history (WmStore *self)
{
  gboolean can_undo = self->undo_stack->len > 0;
  gboolean can_redo = self->redo_stack->len > 0;

  /* The labels change with every step; the flags only when a stack fills or empties. */
  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->could_undo)
    {
      self->could_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->could_redo)
    {
      self->could_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
wm_store_emit_save_failed (WmStore      *self,
                           const GError *error)
{
  g_signal_emit (self, signals[SAVE_FAILED], 0, error);
}

void
wm_store_emit_changed (WmStore *self,
              guint64  mask)
{
  if (mask & WM_CHANGE_ENTITY (WM_ENTITY_PROJECT))
    {
      g_autoptr(WmRecord) project = wm_store_get (self, WM_ENTITY_PROJECT, 1, NULL);

      if (project != NULL)
        wm_record_refresh_from (self->project, project);
    }

  g_signal_emit (self, signals[CHANGED], 0, mask);
}

