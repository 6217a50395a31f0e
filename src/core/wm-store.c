/* wm-store.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "wm-record-private.h"
#include "wm-schema.h"
#include "wm-store.h"

/* A project file is one SQLite database, opened defensively: it may come from
 * anyone. Every edit is a transaction recorded by an SQLite session, so undo
 * and redo apply the changeset's inverse or the changeset itself. */

typedef struct
{
  char   *label;
  GBytes *changeset;
} WmChange;

struct _WmStore
{
  GObject           parent_instance;

  sqlite3          *db;
  char             *path;
  char             *read_only_reason;
  int               schema_version;
  gboolean          read_only;
  WmRecord         *project;
  GHashTable       *statements;    /* SQL → sqlite3_stmt, prepared once */

  /* The edit under way */
  guint             edit_depth;
  sqlite3_session  *session;
  char             *edit_label;

  GPtrArray        *undo_stack;    /* WmChange, newest last */
  GPtrArray        *redo_stack;
  gint64            data_version;  /* to notice other writers of the file */
};

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
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Built-in channels, seeded into every new project. */
static const struct {
  const char *key;
  const char *name;
  const char *kind;
  const char *icon;
} default_channels[] = {
  { "website", N_("Website"), "digital", "web-browser-symbolic" },
  { "app", N_("Mobile app"), "digital", "phone-symbolic" },
  { "email", N_("Email"), "digital", "mail-unread-symbolic" },
  { "phone", N_("Phone"), "analog", "call-start-symbolic" },
  { "live-chat", N_("Live chat"), "digital", "user-available-symbolic" },
  { "chatbot", N_("Chatbot"), "digital", "system-run-symbolic" },
  { "sms", N_("SMS"), "digital", "mail-send-symbolic" },
  { "social", N_("Social media"), "digital", "system-users-symbolic" },
  { "video-call", N_("Video call"), "hybrid", "camera-web-symbolic" },
  { "store", N_("Store"), "analog", "emblem-shared-symbolic" },
  { "print-tv", N_("Print and TV"), "analog", "video-display-symbolic" },
};

G_DEFINE_QUARK (wm-store-error-quark, wm_store_error)

static void
wm_change_free (gpointer data)
{
  WmChange *change = data;

  g_free (change->label);
  g_bytes_unref (change->changeset);
  g_free (change);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Errors */

static int
store_error_code_for (int rc)
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
    default:
      return WM_STORE_ERROR_IO;
    }
}

static void
set_db_error (sqlite3     *db,
              int          rc,
              GError     **error,
              const char  *context)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, WM_STORE_ERROR, store_error_code_for (rc), "%s: %s", context, detail);
}

/* Statements */

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static sqlite3_stmt *
get_statement (WmStore     *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, error, _("Could not read the project"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error,
          const char  *context)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, error, context);
      return FALSE;
    }

  return TRUE;
}

/* A single-value query with no parameters; FALSE (and @error) on failure. */
static gboolean
query_int64 (sqlite3     *db,
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
    set_db_error (db, rc, error, _("Could not read the project"));
  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

/* Opening */

static void
configure_defensively (sqlite3 *db)
{
  /* Nothing the file holds may run code: no extensions, no untrusted
   * functions in the schema, no triggers or views at all (Waymark's schema
   * has none, so any found is refused below anyway), and no writes that
   * could corrupt the file through the schema tables. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
  sqlite3_enable_load_extension (db, 0);
  sqlite3_busy_timeout (db, 3000);
}

/* The schema a file of @version must have, as "type name tbl_name sql" lines. */
static char *
dump_schema (sqlite3  *db,
             GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  GString *dump;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
                           " ORDER BY type, name",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, error, _("Could not read the project’s structure"));
      return NULL;
    }

  dump = g_string_new (NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < 4; i++)
        {
          g_string_append (dump, (const char *) sqlite3_column_text (stmt, i));
          g_string_append_c (dump, i < 3 ? '\t' : '\n');
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, error, _("Could not read the project’s structure"));
      g_string_free (dump, TRUE);
      return NULL;
    }

  return g_string_free (dump, FALSE);
}

static gboolean
run_migrations (sqlite3     *db,
                int          from,
                int          to,
                GError     **error)
{
  for (int version = from + 1; version <= to; version++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE;%s;PRAGMA user_version = %d;COMMIT;",
                                              wm_schema_get_migration (version), version);

      if (!exec_sql (db, sql, error, _("Could not upgrade the project")))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
expected_schema (int version)
{
  static char *dumps[WM_SCHEMA_VERSION + 1];

  g_return_val_if_fail (version >= 1 && version <= WM_SCHEMA_VERSION, NULL);

  if (g_once_init_enter (&dumps[version]))
    {
      sqlite3 *db = NULL;
      char *dump = NULL;

      if (sqlite3_open (":memory:", &db) == SQLITE_OK &&
          run_migrations (db, 0, version, NULL))
        dump = dump_schema (db, NULL);
      sqlite3_close (db);
      if (dump == NULL)
        g_error ("Waymark’s own schema %d does not build", version);

      g_once_init_leave (&dumps[version], dump);
    }

  return dumps[version];
}

/* For a file of a newer schema: can this version read it at all? Every table
 * and column it reads must still be there. */
static gboolean
has_readable_tables (WmStore  *self,
                     GError  **error)
{
  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      g_autofree char *sql = NULL;
      g_autofree char *select = wm_record_build_select_list (info);
      sqlite3_stmt *stmt = NULL;

      sql = g_strdup_printf ("SELECT %s FROM \"%s\" LIMIT 0", select, info->table);
      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TOO_NEW,
                       _("The project was made by a newer version of Waymark (format %d) "
                         "and this version cannot read it. Update Waymark to open it."),
                       self->schema_version);
          return FALSE;
        }
      sqlite3_finalize (stmt);
    }

  return TRUE;
}

static gboolean
check_header (const char  *path,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GError) local_error = NULL;
  guint8 header[100];
  gsize n_read = 0;
  guint32 app_id;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is not a file."), display);
      return FALSE;
    }
  if (g_file_info_get_size (info) == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is empty: it is not a Waymark project."), display);
      return FALSE;
    }

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read,
                                NULL, &local_error))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  if (n_read < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is not a Waymark project."), display);
      return FALSE;
    }

  app_id = ((guint32) header[68] << 24) | ((guint32) header[69] << 16) |
           ((guint32) header[70] << 8) | (guint32) header[71];
  if (app_id != WM_APPLICATION_ID)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is a database of another program, not a Waymark project."), display);
      return FALSE;
    }

  return TRUE;
}

/* A file shorter than its header says was cut off (a copy that did not finish). */
static gboolean
check_size (WmStore  *self,
            GError  **error)
{
  gint64 page_count = 0, page_size = 0;
  GStatBuf st;

  if (!query_int64 (self->db, "PRAGMA page_count", &page_count, error) ||
      !query_int64 (self->db, "PRAGMA page_size", &page_size, error))
    return FALSE;

  if (g_stat (self->path, &st) == 0 && (gint64) st.st_size < page_count * page_size)
    {
      g_autofree char *display = g_filename_display_basename (self->path);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   _("“%s” is damaged: the file is cut off (%" G_GINT64_FORMAT " of %"
                     G_GINT64_FORMAT " bytes)."),
                   display, (gint64) st.st_size, page_count * page_size);
      return FALSE;
    }

  return TRUE;
}

static gboolean
quick_check_table (WmStore     *self,
                   const char  *table,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  g_autofree char *sql = g_strdup_printf ("PRAGMA quick_check(\"%s\")", table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (result, "ok") != 0)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                       _("“%s” is damaged: %s"), display, result);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   _("“%s” is damaged: %s"), display, sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}

/* Every table but the KPI samples is checked on open. The samples are most
 * of a big project's bytes and would make opening several times slower;
 * they are only ever read by KPI and time range, where damage surfaces as
 * an error of that read, and wm_store_check() checks them in full. */
static gboolean
quick_check (WmStore  *self,
             GError  **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *display = g_filename_display_basename (self->path);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table'"
                           " AND name <> 'kpi_sample' ORDER BY name",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW && (rc = SQLITE_OK) == SQLITE_OK)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   _("“%s” is damaged: %s"), display, sqlite3_errstr (rc));
      return FALSE;
    }

  for (guint i = 0; i < tables->len; i++)
    {
      if (!quick_check_table (self, g_ptr_array_index (tables, i), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
verify_schema (WmStore  *self,
               GError  **error)
{
  g_autofree char *dump = dump_schema (self->db, error);

  if (dump == NULL)
    return FALSE;

  if (g_strcmp0 (dump, expected_schema (self->schema_version)) != 0)
    {
      g_autofree char *display = g_filename_display_basename (self->path);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TAMPERED,
                   _("“%s” was changed outside Waymark: its structure is not the one Waymark "
                     "writes, so it is not opened."),
                   display);
      return FALSE;
    }

  return TRUE;
}

static WmRecord *load_project (WmStore *self, GError **error);

static gboolean
open_database (WmStore           *self,
               WmStoreOpenFlags   flags,
               GError           **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  g_autoptr(GError) local_error = NULL;
  gint64 app_id = 0, version = 0;
  int open_flags;
  int rc;

  if (!check_header (self->path, error))
    return FALSE;

  self->read_only = (flags & WM_STORE_OPEN_READ_ONLY) != 0;
  open_flags = (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
               SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;

  rc = sqlite3_open_v2 (self->path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WM_STORE_ERROR, store_error_code_for (rc),
                   _("Cannot open “%s”: %s"), display,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  configure_defensively (self->db);

  if (!query_int64 (self->db, "PRAGMA application_id", &app_id, &local_error) ||
      !query_int64 (self->db, "PRAGMA user_version", &version, &local_error))
    {
      /* The header looked right, so what SQLite cannot read is damage. */
      if (local_error->code == WM_STORE_ERROR_IO)
        local_error->code = WM_STORE_ERROR_DAMAGED;
      g_set_error (error, WM_STORE_ERROR, local_error->code,
                   _("“%s” cannot be opened: %s"), display, local_error->message);
      return FALSE;
    }

  if (app_id != WM_APPLICATION_ID)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is not a Waymark project."), display);
      return FALSE;
    }
  if (version <= 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   _("“%s” is damaged: it has no format version."), display);
      return FALSE;
    }
  self->schema_version = (int) MIN (version, G_MAXINT);

  if (!check_size (self, error) || !quick_check (self, error))
    return FALSE;

  if (self->schema_version > WM_SCHEMA_VERSION)
    {
      if (!has_readable_tables (self, error))
        return FALSE;

      /* Never write to a newer format: reopen read-only, so nothing can. */
      if (!self->read_only)
        {
          sqlite3_close (self->db);
          self->db = NULL;
          g_hash_table_remove_all (self->statements);
          return open_database (self, flags | WM_STORE_OPEN_READ_ONLY, error);
        }
      self->read_only_reason =
        g_strdup_printf (_("This project was made by a newer version of Waymark (format %d). "
                           "It is open read-only so that nothing in it is lost."),
                         self->schema_version);
    }
  else
    {
      if (!verify_schema (self, error))
        return FALSE;

      if (self->schema_version < WM_SCHEMA_VERSION)
        {
          if (self->read_only)
            {
              g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                           _("“%s” is in an older format and must be opened for editing once "
                             "to be upgraded."), display);
              return FALSE;
            }
          if (!run_migrations (self->db, self->schema_version, WM_SCHEMA_VERSION, error))
            return FALSE;
          self->schema_version = WM_SCHEMA_VERSION;
        }
      if (self->read_only)
        self->read_only_reason = g_strdup (_("This project is open read-only."));
    }

  if (!self->read_only &&
      !exec_sql (self->db,
                 "PRAGMA journal_mode = DELETE;"
                 "PRAGMA synchronous = FULL;",
                 error, _("Cannot prepare the project for editing")))
    return FALSE;
  if (!exec_sql (self->db, "PRAGMA foreign_keys = ON;", error, _("Cannot open the project")))
    return FALSE;

  self->project = load_project (self, error);
  if (self->project == NULL)
    return FALSE;

  query_int64 (self->db, "PRAGMA data_version", &self->data_version, NULL);

  return TRUE;
}

static WmRecord *
load_project (WmStore  *self,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  WmRecord *project = wm_store_get (self, WM_ENTITY_PROJECT, 1, &local_error);

  if (project == NULL)
    {
      g_autofree char *display = g_filename_display_basename (self->path);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   _("“%s” is damaged: %s"), display, local_error->message);
    }

  return project;
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

  g_clear_object (&self->project);

  G_OBJECT_CLASS (wm_store_parent_class)->dispose (object);
}

static void
wm_store_finalize (GObject *object)
{
  WmStore *self = (WmStore *)object;

  g_hash_table_unref (self->statements);
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (self->db != NULL)
    sqlite3_close (self->db);
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
}

static void
wm_store_init (WmStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->undo_stack = g_ptr_array_new_with_free_func (wm_change_free);
  self->redo_stack = g_ptr_array_new_with_free_func (wm_change_free);
}

/* History */

static void
notify_history (WmStore *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  g_object_thaw_notify (G_OBJECT (self));
}

static guint64
changeset_mask (GBytes *changeset)
{
  sqlite3_changeset_iter *iter = NULL;
  guint64 mask = 0;
  gsize size;
  const void *data = g_bytes_get_data (changeset, &size);

  if (sqlite3changeset_start (&iter, (int) size, (void *) data) != SQLITE_OK)
    return G_MAXUINT64;

  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table = NULL;
      const WmEntityInfo *info;
      int n_columns, op, indirect;

      sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect);
      if (g_strcmp0 (table, "kpi_sample") == 0)
        mask |= WM_CHANGE_SAMPLES;
      else if ((info = wm_entity_lookup_table (table)) != NULL)
        mask |= WM_CHANGE_ENTITY (info->entity);
    }
  sqlite3changeset_finalize (iter);

  return mask;
}

static void
emit_changed (WmStore *self,
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

/* Creating */

static gboolean
seed_project (sqlite3     *db,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  gint64 now = now_seconds ();
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO project (id, uuid, name, created_at, modified_at)"
                           " VALUES (1, ?, ?, ?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, _("Untitled project"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, now);
      sqlite3_bind_int64 (stmt, 4, now);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (db, rc, error, _("Could not create the project"));
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO channel (uuid, key, name, kind, icon, position,"
                           " created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (default_channels); i++)
    {
      g_autofree char *channel_uuid = g_uuid_string_random ();

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, channel_uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, default_channels[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, _(default_channels[i].name), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, default_channels[i].kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, default_channels[i].icon, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, i);
      sqlite3_bind_int64 (stmt, 7, now);
      sqlite3_bind_int64 (stmt, 8, now);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, error, _("Could not create the project"));
      return FALSE;
    }

  return TRUE;
}

WmStore *
wm_store_create (const char  *path,
                 GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  gboolean ok;
  int fd;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("“%s” already exists."), display);
      return NULL;
    }

  /* Build the file beside its destination and link it into place only when
   * complete: a crash never leaves a half-made project at @path. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.new-XXXXXX", dir, base);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot create “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc == SQLITE_OK)
    configure_defensively (db);
  sql = g_strdup_printf ("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
                         "PRAGMA application_id = %d;", WM_APPLICATION_ID);
  ok = rc == SQLITE_OK &&
       exec_sql (db, sql, error, _("Could not create the project")) &&
       run_migrations (db, 0, WM_SCHEMA_VERSION, error) &&
       exec_sql (db, "BEGIN IMMEDIATE", error, _("Could not create the project")) &&
       seed_project (db, error) &&
       exec_sql (db, "COMMIT", error, _("Could not create the project"));
  if (rc != SQLITE_OK)
    set_db_error (db, rc, error, _("Could not create the project"));
  if (sqlite3_close (db) != SQLITE_OK && ok)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Could not create the project: %s"), _("closing the file failed"));
      ok = FALSE;
    }

  if (ok && link (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot create “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }
  g_unlink (tmp_path);

  if (!ok)
    return NULL;

  return wm_store_open (path, WM_STORE_OPEN_DEFAULT, error);
}

WmStore *
wm_store_open (const char        *path,
               WmStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(WmStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (WM_TYPE_STORE, NULL);
  self->path = g_canonicalize_filename (path, NULL);

  if (!open_database (self, flags, error))
    return NULL;

  return g_steal_pointer (&self);
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

  return wm_record_get_string (self->project, "name");
}

/* Edits */

static gboolean
ensure_writable (WmStore  *self,
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

gboolean
wm_store_begin_edit (WmStore     *self,
                     const char  *label,
                     GError     **error)
{
  int rc;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  if (!ensure_writable (self, error))
    return FALSE;

  if (self->edit_depth++ > 0)
    return TRUE;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error, _("Cannot change the project")))
    {
      self->edit_depth = 0;
      return FALSE;
    }

  rc = sqlite3session_create (self->db, "main", &self->session);
  if (rc == SQLITE_OK)
    rc = sqlite3session_attach (self->session, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, error, _("Cannot change the project"));
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
      return FALSE;
    }

  g_free (self->edit_label);
  self->edit_label = g_strdup (label ? label : _("Edit"));

  return TRUE;
}

void
wm_store_rollback_edit (WmStore *self)
{
  g_return_if_fail (WM_IS_STORE (self));

  /* Any failure inside nested edits abandons the whole edit. */
  if (self->edit_depth == 0)
    return;

  self->edit_depth = 0;
  g_clear_pointer (&self->session, sqlite3session_delete);
  g_clear_pointer (&self->edit_label, g_free);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
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

  rc = sqlite3session_changeset (self->session, &size, &data);
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, error, _("Cannot change the project"));
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
      return FALSE;
    }
  changeset = g_bytes_new_with_free_func (data, (gsize) size, sqlite3_free, data);

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, error, _("Cannot save the change"));
      self->edit_depth = 1;
      wm_store_rollback_edit (self);
      return FALSE;
    }

  query_int64 (self->db, "PRAGMA data_version", &self->data_version, NULL);

  if (size > 0)
    {
      WmChange *change = g_new0 (WmChange, 1);

      change->label = g_steal_pointer (&self->edit_label);
      change->changeset = g_bytes_ref (changeset);
      g_ptr_array_add (self->undo_stack, change);
      g_ptr_array_set_size (self->redo_stack, 0);
      notify_history (self);
      emit_changed (self, changeset_mask (changeset));
    }
  g_clear_pointer (&self->edit_label, g_free);

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

      if (!g_strv_contains ((const char * const *) column->choices, s ? s : ""))
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                       _("“%s” is not a valid %s of a %s."), s ? s : "", column->name, info->table);
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

static gboolean
step_done (WmStore      *self,
           sqlite3_stmt *stmt,
           GError      **error,
           const char   *context)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (self->db, rc, error, context);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  return TRUE;
}

/* Runs @func between begin and commit unless an edit is already under way. */
#define EDIT_BEGIN(self, label, error)                      \
  if (!wm_store_begin_edit ((self), (label), (error)))      \
    return FALSE;
#define EDIT_END(self, ok, error)                           \
  (ok) ? wm_store_commit_edit ((self), (error))             \
       : (wm_store_rollback_edit (self), FALSE)

static gint64
next_position (WmStore            *self,
               const WmEntityInfo *info,
               WmRecord           *draft,
               GError            **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 position = 0;

  if (info->parent_column != NULL)
    sql = g_strdup_printf ("SELECT coalesce(max(position) + 1, 0) FROM \"%s\" WHERE \"%s\" IS ?",
                           info->table, info->parent_column);
  else
    sql = g_strdup_printf ("SELECT coalesce(max(position) + 1, 0) FROM \"%s\"", info->table);

  if ((stmt = get_statement (self, sql, error)) == NULL)
    return -1;
  if (info->parent_column != NULL)
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
insert_row (WmStore   *self,
            WmRecord  *draft,
            GError   **error)
{
  const WmEntityInfo *info = wm_record_get_info (draft);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new ("?, ?, ?");
  g_autoptr(WmRecord) stored = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();
  gint64 id;
  int bind = 4;

  if (info->entity == WM_ENTITY_PROJECT)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("A project has exactly one project record."));
      return 0;
    }

  if (info->has_position && !wm_record_is_set (draft, "position"))
    {
      gint64 position = next_position (self, info, draft, error);

      if (position < 0)
        return 0;
      wm_record_set_int (draft, "position", position);
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
                           _("A %s needs a %s."), info->table, column->name);
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

  if ((stmt = get_statement (self, sql->str, error)) == NULL)
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

  if (!step_done (self, stmt, error, _("Cannot add this")))
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
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (self), 0);
  g_return_val_if_fail (WM_IS_RECORD (draft), 0);

  if (!wm_store_begin_edit (self, _("Add"), error))
    return 0;
  id = insert_row (self, draft, error);
  if (id == 0)
    {
      wm_store_rollback_edit (self);
      return 0;
    }
  if (!wm_store_commit_edit (self, error))
    return 0;

  return id;
}

static gboolean
update_columns (WmStore    *self,
                WmRecord   *record,
                int         only_column,
                GError    **error)
{
  const WmEntityInfo *info = wm_record_get_info (record);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int bind = 2;

  g_string_printf (sql, "UPDATE \"%s\" SET modified_at = ?", info->table);
  for (guint i = 0; i < info->n_columns; i++)
    {
      const WmColumn *column = &info->columns[i];
      const GValue *value = wm_record_peek_value (record, i);

      if (only_column >= 0 && (int) i != only_column)
        continue;
      if (!G_IS_VALUE (value) && !(column->flags & WM_COLUMN_NULLABLE))
        continue;
      if (!check_column_value (info, column, value, error))
        return FALSE;
      g_string_append_printf (sql, ", \"%s\" = ?", column->name);
    }
  g_string_append (sql, " WHERE id = ?");

  if ((stmt = get_statement (self, sql->str, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  for (guint i = 0; i < info->n_columns; i++)
    {
      const WmColumn *column = &info->columns[i];
      const GValue *value = wm_record_peek_value (record, i);

      if (only_column >= 0 && (int) i != only_column)
        continue;
      if (!G_IS_VALUE (value) && !(column->flags & WM_COLUMN_NULLABLE))
        continue;
      bind_value (stmt, bind++, value);
    }
  sqlite3_bind_int64 (stmt, bind, wm_record_get_id (record));

  if (!step_done (self, stmt, error, _("Cannot change this")))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   _("The %s to change no longer exists."), info->table);
      return FALSE;
    }

  return TRUE;
}

gboolean
wm_store_update (WmStore   *self,
                 WmRecord  *record,
                 GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (WM_IS_RECORD (record), FALSE);

  EDIT_BEGIN (self, _("Change"), error);
  ok = update_columns (self, record, -1, error);
  return EDIT_END (self, ok, error);
}

/* One column of one row; the value is taken from a draft of that column only. */
static gboolean
set_column (WmStore     *self,
            WmRecord    *draft,
            gint64       id,
            const char  *column,
            GError     **error)
{
  const WmEntityInfo *info = wm_record_get_info (draft);
  int index = wm_entity_info_column_index (info, column);
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (index >= 0, FALSE);

  wm_record_set_identity (draft, id, NULL, 0, 0);
  label = g_strdup_printf (_("Change %s"), column);
  EDIT_BEGIN (self, label, error);
  ok = update_columns (self, draft, index, error);
  return EDIT_END (self, ok, error);
}

gboolean
wm_store_set_string (WmStore     *self,
                     WmEntity     entity,
                     gint64       id,
                     const char  *column,
                     const char  *value,
                     GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  draft = wm_record_new (entity);
  wm_record_set_string (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_int (WmStore     *self,
                  WmEntity     entity,
                  gint64       id,
                  const char  *column,
                  gint64       value,
                  GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  draft = wm_record_new (entity);
  wm_record_set_int (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_double (WmStore     *self,
                     WmEntity     entity,
                     gint64       id,
                     const char  *column,
                     double       value,
                     GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  draft = wm_record_new (entity);
  wm_record_set_double (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_boolean (WmStore     *self,
                      WmEntity     entity,
                      gint64       id,
                      const char  *column,
                      gboolean     value,
                      GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  draft = wm_record_new (entity);
  wm_record_set_boolean (draft, column, value);
  return set_column (self, draft, id, column, error);
}

gboolean
wm_store_set_ref (WmStore     *self,
                  WmEntity     entity,
                  gint64       id,
                  const char  *column,
                  gint64       ref_id,
                  GError     **error)
{
  g_autoptr(WmRecord) draft = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);

  draft = wm_record_new (entity);
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

  EDIT_BEGIN (self, _("Delete"), error);
  sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", info->table);
  ok = (stmt = get_statement (self, sql, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = step_done (self, stmt, error, _("Cannot delete this"));
    }
  if (ok && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   _("The %s to delete no longer exists."), info->table);
      ok = FALSE;
    }
  return EDIT_END (self, ok, error);
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
  g_autofree char *sql = NULL;
  WmRecord *moved = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity < WM_N_ENTITIES, FALSE);

  info = wm_entity_get_info (entity);
  g_return_val_if_fail (info->has_position, FALSE);

  if (!ensure_writable (self, error))
    return FALSE;
  if ((record = wm_store_get (self, entity, id, error)) == NULL)
    return FALSE;
  siblings = wm_store_list (self, entity, info->parent_column,
                            info->parent_column ? wm_record_get_ref (record, info->parent_column)
                                                : 0,
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

  EDIT_BEGIN (self, _("Move"), error);
  sql = g_strdup_printf ("UPDATE \"%s\" SET position = ?, modified_at = ? WHERE id = ?",
                         info->table);
  for (guint i = 0; ok && i < siblings->len; i++)
    {
      WmRecord *sibling = g_ptr_array_index (siblings, i);

      if (wm_record_get_int (sibling, "position") == (gint64) i)
        continue;
      if ((stmt = get_statement (self, sql, error)) == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, now_seconds ());
      sqlite3_bind_int64 (stmt, 3, wm_record_get_id (sibling));
      ok = step_done (self, stmt, error, _("Cannot move this"));
    }
  return EDIT_END (self, ok, error);
}

/* Reading */

static GPtrArray *
select_records (WmStore     *self,
                WmEntity     entity,
                const char  *where,
                gint64       param,
                gboolean     bind_param,
                GError     **error)
{
  const WmEntityInfo *info = wm_entity_get_info (entity);
  g_autofree char *select = wm_record_build_select_list (info);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT %s FROM \"%s\"%s%s ORDER BY %sid", select, info->table,
                         where ? " WHERE " : "", where ? where : "",
                         info->has_position ? "position, " : "");
  if ((stmt = get_statement (self, sql, error)) == NULL)
    return NULL;
  if (bind_param)
    sqlite3_bind_int64 (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, wm_record_new_from_stmt (entity, stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, error, _("Could not read the project"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

WmRecord *
wm_store_get (WmStore     *self,
              WmEntity     entity,
              gint64       id,
              GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  records = select_records (self, entity, "id = ?", id, TRUE, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   _("There is no %s with the number %" G_GINT64_FORMAT "."),
                   wm_entity_get_info (entity)->table, id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (records, 0));
}

WmRecord *
wm_store_find_by_uuid (WmStore     *self,
                       WmEntity     entity,
                       const char  *uuid,
                       GError     **error)
{
  const WmEntityInfo *info;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  info = wm_entity_get_info (entity);
  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE uuid = ?", info->table);
  if ((stmt = get_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                   _("There is no %s with the identifier %s."), info->table, uuid);
      return NULL;
    }

  return wm_store_get (self, entity, id, error);
}

GPtrArray *
wm_store_list (WmStore     *self,
               WmEntity     entity,
               const char  *parent_column,
               gint64       parent_id,
               GError     **error)
{
  g_autofree char *where = NULL;
  const WmEntityInfo *info;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  info = wm_entity_get_info (entity);
  if (parent_column != NULL)
    {
      const WmColumn *column = wm_entity_info_get_column (info, parent_column);

      g_return_val_if_fail (column != NULL && column->type == WM_COLUMN_REF, NULL);
      where = g_strdup_printf ("\"%s\" = ?", parent_column);
    }

  return select_records (self, entity, where, parent_id, parent_column != NULL, error);
}

gint64
wm_store_count (WmStore     *self,
                WmEntity     entity,
                GError     **error)
{
  g_autofree char *sql = NULL;
  gint64 count = -1;

  g_return_val_if_fail (WM_IS_STORE (self), -1);
  g_return_val_if_fail (entity < WM_N_ENTITIES, -1);

  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", wm_entity_get_info (entity)->table);
  if (!query_int64 (self->db, sql, &count, error))
    return -1;

  return count;
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

  EDIT_BEGIN (self, _("Add KPI values"), error);
  stmt = get_statement (self,
                        "INSERT INTO kpi_sample (kpi_id, time, value, n, source)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (kpi_id, time) DO UPDATE SET"
                        " value = excluded.value, n = excluded.n, source = excluded.source",
                        error);
  ok = stmt != NULL;
  for (gsize i = 0; ok && i < n_samples; i++)
    {
      if (!isfinite (samples[i].value))
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
      ok = step_done (self, stmt, error, _("Cannot add KPI values"));
    }
  return EDIT_END (self, ok, error);
}

GArray *
wm_store_get_samples (WmStore     *self,
                      gint64       kpi_id,
                      gint64       from,
                      gint64       to,
                      GError     **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  stmt = get_statement (self,
                        "SELECT time, value, n FROM kpi_sample"
                        " WHERE kpi_id = ? AND time BETWEEN ? AND ? ORDER BY time",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WmSample sample = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_double (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (samples, sample);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, error, _("Could not read KPI values"));
      return NULL;
    }

  return g_steal_pointer (&samples);
}

gboolean
wm_store_get_latest_sample (WmStore  *self,
                            gint64    kpi_id,
                            WmSample *sample)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  stmt = get_statement (self,
                        "SELECT time, value, n FROM kpi_sample WHERE kpi_id = ?"
                        " ORDER BY time DESC LIMIT 1",
                        NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kpi_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sample->time = sqlite3_column_int64 (stmt, 0);
      sample->value = sqlite3_column_double (stmt, 1);
      sample->n = sqlite3_column_int64 (stmt, 2);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

gint64
wm_store_count_samples (WmStore  *self,
                        GError  **error)
{
  gint64 count = -1;

  g_return_val_if_fail (WM_IS_STORE (self), -1);

  if (!query_int64 (self->db, "SELECT count(*) FROM kpi_sample", &count, error))
    return -1;

  return count;
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
  notify_history (self);
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

  if (!ensure_writable (self, error))
    return FALSE;

  if (self->edit_depth > 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                           _("Cannot undo or redo while a change is under way."));
      return FALSE;
    }

  /* Another program (a colleague on a shared folder) wrote to the file:
   * the history no longer describes it. */
  query_int64 (self->db, "PRAGMA data_version", &data_version, NULL);
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
          set_db_error (self->db, rc, error, _("Cannot undo"));
          return FALSE;
        }
      to_apply = g_bytes_new_with_free_func (inverted, (gsize) n_inverted, sqlite3_free, inverted);
    }
  else
    to_apply = g_bytes_ref (changeset);

  data = g_bytes_get_data (to_apply, &size);
  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error, _("Cannot change the project")))
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
  if (!exec_sql (self->db, "COMMIT", error, _("Cannot save the change")))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  query_int64 (self->db, "PRAGMA data_version", &self->data_version, NULL);

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
  notify_history (self);
  emit_changed (self, changeset_mask (change->changeset));

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

/* Save a copy */

static gboolean
sync_path (const char  *path,
           int          flags,
           GError     **error)
{
  int fd = g_open (path, flags, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

gboolean
wm_store_save_copy (WmStore     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  sqlite3_stmt *stmt = NULL;
  int fd;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_basename (path);
  if (self->edit_depth > 0)
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_CONFLICT,
                           _("Cannot save a copy while a change is under way."));
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.copy-XXXXXX", dir, base);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot save a copy as “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  /* VACUUM INTO writes a consistent snapshot (and a compact one) into the
   * empty temporary file; it is synced and renamed over @path only when
   * whole, so @path holds either its old content or the full copy. */
  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, tmp_path, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot save a copy as “%s”: %s"), display, sqlite3_errmsg (self->db));
      g_unlink (tmp_path);
      return FALSE;
    }

  if (!sync_path (tmp_path, O_RDWR, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot save a copy as “%s”: %s"), display, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  /* The rename itself must reach the disk too. */
  return sync_path (dir, O_RDONLY | O_DIRECTORY, error);
}

/* Check */

GPtrArray *
wm_store_check (WmStore  *self,
                GError  **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(100)", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW && (rc = SQLITE_OK) == SQLITE_OK)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (findings, g_strdup_printf (_("Damaged: %s"), line));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, error, _("Could not check the project"));
      return NULL;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW && (rc = SQLITE_OK) == SQLITE_OK)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      const char *parent = (const char *) sqlite3_column_text (stmt, 2);

      g_ptr_array_add (findings,
                       g_strdup_printf (_("A %s (row %" G_GINT64_FORMAT ") points at a %s "
                                          "that does not exist."),
                                        table, (gint64) sqlite3_column_int64 (stmt, 1), parent));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, error, _("Could not check the project"));
      return NULL;
    }

  /* What the constraints cannot say: a to-be journey's as-is must be as-is. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT j.name FROM journey j JOIN journey a ON a.id = j.as_is_journey_id"
                           " WHERE a.state <> 'as-is' OR a.id = j.id",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW && (rc = SQLITE_OK) == SQLITE_OK)
    g_ptr_array_add (findings,
                     g_strdup_printf (_("The journey “%s” names a journey as its as-is state "
                                        "that is not an as-is journey."),
                                      (const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, error, _("Could not check the project"));
      return NULL;
    }

  return g_steal_pointer (&findings);
}
