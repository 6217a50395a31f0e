/* wm-store-file.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wm-record-private.h"
#include "wm-schema-dumps.h"
#include "wm-schema.h"
#include "wm-store-private.h"

/* The file itself: a project file may come from anyone, so it is opened
 * defensively, created and copied so that no half-written file is ever
 * left at its name. */

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
  /* A colleague's edit holds the lock for milliseconds; a longer wait means
   * another program is busy with the file, which the user is told. */
  sqlite3_busy_timeout (db, WM_STORE_BUSY_TIMEOUT_MS);
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
      wm_store_set_db_error (db, rc, error, _("Could not read the project’s structure"));
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
      wm_store_set_db_error (db, rc, error, _("Could not read the project’s structure"));
      g_string_free (dump, TRUE);
      return NULL;
    }

  return g_string_free (dump, FALSE);
}

/* Takes @db from schema version @from to @to, one transaction per version, so
 * a failing step leaves the file at the last version that completed.
 * @migrations[v - 1] is the SQL of version v; tests pass their own. */
gboolean
wm_store_run_migrations (sqlite3            *db,
                         const char *const  *migrations,
                         int                 from,
                         int                 to,
                         GError            **error)
{
  for (int version = from + 1; version <= to; version++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE;%s;PRAGMA user_version = %d;COMMIT;",
                                              migrations[version - 1], version);

      if (!wm_store_exec (db, sql, error, _("Could not upgrade the project")))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
run_migrations (sqlite3     *db,
                int          from,
                int          to,
                GError     **error)
{
  return wm_store_run_migrations (db, wm_schema_get_migrations (), from, to, error);
}

static const char *
expected_schema (int version)
{
  g_return_val_if_fail (version >= 1 && version <= WM_SCHEMA_VERSION, NULL);

  return wm_schema_dumps[version];
}

char *
wm_store_dump_schema (sqlite3  *db,
                      GError  **error)
{
  return dump_schema (db, error);
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

/* A plain stat(), not g_file_query_info(): GIO's first GFile loads the GVfs
 * modules, which costs a headless program such as waymark-cli more than the
 * whole open. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  guint8 header[100];
  gsize n_read = 0;
  guint32 app_id;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is not a file."), display);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is empty: it is not a Waymark project."), display);
      return FALSE;
    }

  /* Not with a second descriptor of our own: closing it would drop the
   * locks another connection of this process holds on the file. */
  if (wm_store_guard_read_start (path, header, sizeof header))
    n_read = sizeof header;
  else if (st.st_size >= (goffset) sizeof header)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot read “%s”: %s"), display, g_strerror (EACCES));
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

  if (!wm_store_query_int64 (self->db, "PRAGMA page_count", &page_count, error) ||
      !wm_store_query_int64 (self->db, "PRAGMA page_size", &page_size, error))
    return FALSE;

  if (g_stat (self->path, &st) == 0 && (gint64) st.st_size < page_count * page_size)
    {
      g_autofree char *display = g_filename_display_basename (self->path);
      g_autofree char *have = g_format_size_full (st.st_size, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *need = g_format_size_full (page_count * page_size,
                                                  G_FORMAT_SIZE_LONG_FORMAT);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   /* Translators: the sizes read like “4.1 kB (4,096 bytes)” */
                   _("“%s” is damaged: the file is cut off (%s of %s)."),
                   display, have, need);
      return FALSE;
    }

  return TRUE;
}

/* SQLite gives all problems of a check in one text, a line each after a
 * "*** in database main ***" heading: the first problem says what a refusal
 * needs to, on one line (waymark-cli would show the others as "\x0A"). */
static char *
first_problem (const char *result)
{
  g_auto(GStrv) lines = g_strsplit (result, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "*** "))
        return g_strdup (lines[i]);
    }

  return g_strdup (result);
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
          g_autofree char *problem = first_problem (result);

          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                       _("“%s” is damaged: %s"), display, problem);
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

/* Every table but the KPI samples and raw answers is checked on open. They
 * are most of a big project's bytes and would make opening several times
 * slower; they are only ever read by KPI and time range, where damage
 * surfaces as an error of that read, and wm_store_check() checks them in full. */
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
                           " AND name NOT IN ('kpi_sample', 'kpi_response') ORDER BY name",
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

/* A file checked since it last changed is not checked again: after a check
 * passes, the file's identity and times are kept in the user's cache, and an
 * open that finds the file exactly so skips the check. Any write changes the
 * times (and ctime cannot be set back), so a changed file is always checked. */

#define CHECKED_MAX 100

static char *
checked_cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "waymark", "checked-files.ini", NULL);
}

/* The file as it is now, or NULL. */
static char *
file_stamp (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT
                          ":%" G_GINT64_FORMAT ".%09ld:%" G_GINT64_FORMAT ".%09ld",
                          (guint64) st.st_dev, (guint64) st.st_ino, (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                          (gint64) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static gboolean
was_checked (const char *path,
             const char *stamp)
{
  g_autoptr(GKeyFile) cache = g_key_file_new ();
  g_autofree char *cache_path = checked_cache_path ();
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  g_autofree char *kept = NULL;

  if (stamp == NULL || !g_key_file_load_from_file (cache, cache_path, G_KEY_FILE_NONE, NULL))
    return FALSE;
  kept = g_key_file_get_string (cache, "checked", key, NULL);

  return g_strcmp0 (kept, stamp) == 0;
}

static void
remember_checked (const char *path,
                  const char *stamp)
{
  g_autoptr(GKeyFile) cache = g_key_file_new ();
  g_autofree char *cache_path = checked_cache_path ();
  g_autofree char *dir = g_path_get_dirname (cache_path);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  g_auto(GStrv) keys = NULL;
  g_autofree char *data = NULL;
  gsize length, n_keys = 0;

  g_key_file_load_from_file (cache, cache_path, G_KEY_FILE_NONE, NULL);
  g_key_file_remove_key (cache, "checked", key, NULL);
  /* The oldest go first: a cache, not a record. */
  keys = g_key_file_get_keys (cache, "checked", &n_keys, NULL);
  for (gsize i = 0; keys != NULL && n_keys - i >= CHECKED_MAX; i++)
    g_key_file_remove_key (cache, "checked", keys[i], NULL);
  g_key_file_set_string (cache, "checked", key, stamp);

  data = g_key_file_to_data (cache, &length, NULL);
  /* Losing it costs one check: no fsync, and any failure is ignored. */
  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents_full (cache_path, data, length, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
}

/* quick_check(), unless this very file passed it before. */
static gboolean
quick_check_once (WmStore  *self,
                  GError  **error)
{
  g_autofree char *before = file_stamp (self->path);
  g_autofree char *after = NULL;

  if (was_checked (self->path, before))
    return TRUE;
  if (!quick_check (self, error))
    return FALSE;

  /* Only what was checked is remembered: not a file that changed meanwhile. */
  after = file_stamp (self->path);
  if (before != NULL && g_strcmp0 (before, after) == 0)
    remember_checked (self->path, before);

  return TRUE;
}

static WmRecord *load_project (WmStore *self, GError **error);

/* Can this user change the file? SQLite also needs to create a journal
 * beside it for every change, so the folder must be writable too. */
static char *
why_not_writable (const char *path)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_access (path, W_OK) != 0)
    return g_strdup_printf (_("You do not have permission to change “%s”, so it is open "
                              "read-only."), display);
  if (g_access (dir, W_OK | X_OK) != 0)
    return g_strdup_printf (_("The folder of “%s” cannot be written to, so the project is open "
                              "read-only: Waymark needs to write beside the file to save a "
                              "change safely."), display);

  return NULL;
}

static int
read_header_values (WmStore *self,
                    gint64  *app_id,
                    gint64  *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT * FROM pragma_application_id, pragma_user_version",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *app_id = sqlite3_column_int64 (stmt, 0);
      *version = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_OK)
    rc = sqlite3_errcode (self->db);
  sqlite3_finalize (stmt);

  return rc;
}

static void
close_database (WmStore *self)
{
  if (self->db != NULL)
    wm_store_settle_commit (self);
  wm_store_clear_statements (self);
  g_clear_pointer (&self->session, sqlite3session_delete);
  sqlite3_close (self->db);
  self->db = NULL;
}

static gboolean
restore_file (const char  *from,
              const char  *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);

  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                      NULL, NULL, NULL, NULL);
}

/* After a hot journal was rolled back: is the result a healthy project?
 * If not, the file and its journal are put back as they were. */
static gboolean
verify_recovery (WmStore     *self,
                 const char  *copy,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  g_autofree char *copy_display = g_filename_display_basename (copy);
  g_autofree char *copy_journal = g_strconcat (copy, "-journal", NULL);
  g_autofree char *journal = g_strconcat (self->path, "-journal", NULL);
  g_autofree char *integrity = NULL;
  g_autofree char *dump = NULL;
  gint64 version = 0, fk_problems = 0;
  sqlite3_stmt *stmt = NULL;
  gboolean healthy;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  healthy = g_strcmp0 (integrity, "ok") == 0 &&
            wm_store_query_int64 (self->db, "PRAGMA user_version", &version, NULL) &&
            wm_store_query_int64 (self->db, "SELECT count(*) FROM pragma_foreign_key_check",
                                  &fk_problems, NULL) &&
            fk_problems == 0;
  if (healthy && version >= 1 && version <= WM_SCHEMA_VERSION)
    {
      dump = dump_schema (self->db, NULL);
      healthy = g_strcmp0 (dump, expected_schema ((int) version)) == 0;
    }

  if (healthy)
    {
      g_info ("Recovered “%s” after an interrupted change", self->path);
      g_unlink (copy);
      g_unlink (copy_journal);
      return TRUE;
    }

  close_database (self);
  if (!restore_file (copy, self->path) || !restore_file (copy_journal, journal))
    g_warning ("Could not put “%s” back from “%s”", self->path, copy);
  g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
               _("“%s” was left half-changed by a program that stopped, and undoing that "
                 "change did not give a healthy project, so the file was left as it was. "
                 "A copy of it and its journal is kept as “%s”."),
               display, copy_display);
  return FALSE;
}

/* The first read of the file failed: say why in words a person can act on,
 * or recover a file that a stopped program left half-changed. */
static gboolean
handle_open_failure (WmStore           *self,
                     WmStoreOpenFlags   flags,
                     int                rc,
                     GError           **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  g_autofree char *journal = g_strconcat (self->path, "-journal", NULL);
  g_autofree char *journal_display = g_filename_display_basename (journal);
  g_autofree char *reason = wm_store_describe_db_error (self->db, rc);
  g_autofree char *copy = NULL;
  g_autofree char *not_writable = NULL;

  switch (wm_store_guard_take_event (self->path, &copy))
    {
    case WM_GUARD_FOREIGN:
      close_database (self);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_DAMAGED,
                   _("“%s” is not opened: the journal “%s” beside it does not belong to it "
                     "(it may have been copied there by a sync tool or from another project). "
                     "Applying it would damage the project. Move “%s” to another folder, "
                     "then open the project again."),
                   display, journal_display, journal_display);
      return FALSE;
    case WM_GUARD_COPY_FAILED:
      close_database (self);
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("“%s” was left half-changed by a program that stopped, and no recovery "
                     "copy could be made beside it, so it was not repaired. Make room or "
                     "allow writing in its folder, then open it again."),
                   display);
      return FALSE;
    case WM_GUARD_NONE:
    case WM_GUARD_RECOVERED:
    default:
      break;
    }

  if (rc == SQLITE_READONLY_ROLLBACK)
    {
      close_database (self);
      not_writable = why_not_writable (self->path);
      if (not_writable == NULL)
        {
          /* Recover it the way an edit would, then read it as asked. */
          g_autoptr(WmStore) writer = wm_store_open (self->path, WM_STORE_OPEN_DEFAULT, error);

          if (writer == NULL)
            return FALSE;
          g_clear_object (&writer);
          return wm_store_open_database (self, flags, error);
        }
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                   _("“%s” was left half-changed by a program that stopped (its journal “%s” "
                     "is beside it), and it cannot be repaired without permission to write to "
                     "the file and its folder. Open it once where you may write to it, in "
                     "Waymark or with “waymark-cli check”."),
                   display, journal_display);
      return FALSE;
    }

  close_database (self);
  g_set_error (error, WM_STORE_ERROR,
               wm_store_error_code_for (rc) == WM_STORE_ERROR_IO ? WM_STORE_ERROR_DAMAGED
                                                                 : wm_store_error_code_for (rc),
               _("“%s” cannot be opened: %s"), display, reason);
  return FALSE;
}

/* A file from a newer Waymark is only read, but reading must not run what
 * the file holds: generated columns, views, triggers, virtual tables and
 * expression indexes are computed by SQLite while reading or checking, so a
 * file with any of them is refused. Waymark itself never writes them. */
static gboolean
screen_newer_schema (WmStore  *self,
                     GError  **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  gint64 unsafe = 0;
  gboolean ok;

  ok = wm_store_query_int64 (self->db,
                             "SELECT (SELECT count(*) FROM sqlite_schema"
                             "        WHERE type NOT IN ('table', 'index')"
                             "           OR (type = 'table' AND sql NOT LIKE 'CREATE TABLE%'"
                             "               AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'))"
                             " + (SELECT count(*) FROM sqlite_schema s,"
                             "        pragma_table_xinfo(s.name) c"
                             "      WHERE s.type = 'table' AND c.hidden <> 0)"
                             " + (SELECT count(*) FROM sqlite_schema s,"
                             "        pragma_index_xinfo(s.name) c"
                             "      WHERE s.type = 'index' AND c.cid = -2)"
                             " + (SELECT count(*) FROM sqlite_schema"
                             "      WHERE type = 'index' AND sql LIKE '% WHERE %')",
                             &unsafe, error);
  if (!ok)
    return FALSE;
  if (unsafe > 0)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_TAMPERED,
                   _("“%s” says it was made by a newer version of Waymark, but it holds "
                     "computed parts (views, triggers, generated columns or the like) that "
                     "this version cannot read safely, so it is not opened."),
                   display);
      return FALSE;
    }

  return TRUE;
}

static void
remember_identity (WmStore *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) == 0)
    {
      self->file_dev = st.st_dev;
      self->file_ino = st.st_ino;
    }
}

gboolean
wm_store_open_database (WmStore           *self,
                        WmStoreOpenFlags   flags,
                        GError           **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);
  g_autofree char *recovery_copy = NULL;
  gint64 app_id = 0, version = 0;
  int open_flags;
  int rc;

  if (!check_header (self->path, error))
    return FALSE;

  if (!self->guarded)
    {
      wm_store_guard_add (self->path);
      self->guarded = TRUE;
    }
  wm_store_guard_take_event (self->path, NULL);

  g_clear_pointer (&self->read_only_reason, g_free);
  self->read_only = (flags & WM_STORE_OPEN_READ_ONLY) != 0;
  if (!self->read_only && (self->read_only_reason = why_not_writable (self->path)) != NULL)
    self->read_only = TRUE;
  open_flags = (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
               SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE |
               /* serialized: a COMMIT may run on a thread, see wm-store-commit.c */
               ((flags & WM_STORE_OPEN_ONE_THREAD) ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX);
  remember_identity (self);
  rc = sqlite3_open_v2 (self->path, &self->db, open_flags, wm_store_guard_vfs ());
  if (rc != SQLITE_OK)
    {
      g_autofree char *reason = wm_store_describe_db_error (self->db, rc);

      close_database (self);
      g_set_error (error, WM_STORE_ERROR, wm_store_error_code_for (rc),
                   _("Cannot open “%s”: %s"), display, reason);
      return FALSE;
    }
  configure_defensively (self->db);

  /* The first read is where SQLite finds a hot journal and rolls it back. */
  rc = read_header_values (self, &app_id, &version);
  if (rc != SQLITE_OK)
    return handle_open_failure (self, flags, rc, error);
  if (wm_store_guard_take_event (self->path, &recovery_copy) == WM_GUARD_RECOVERED &&
      !verify_recovery (self, recovery_copy, error))
    return FALSE;

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

  if (!check_size (self, error) || !quick_check_once (self, error))
    return FALSE;

  if (self->schema_version > WM_SCHEMA_VERSION)
    {
      if (!screen_newer_schema (self, error) || !has_readable_tables (self, error))
        return FALSE;

      /* Never write to a newer format: reopen read-only, so nothing can. */
      if (!(flags & WM_STORE_OPEN_READ_ONLY))
        {
          close_database (self);
          return wm_store_open_database (self, flags | WM_STORE_OPEN_READ_ONLY, error);
        }
      g_free (self->read_only_reason);
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
      if (self->read_only && self->read_only_reason == NULL)
        self->read_only_reason = g_strdup (_("This project is open read-only."));
    }

  /* EXTRA, not FULL: in rollback-journal mode the commit is the deletion of
   * the journal, and only EXTRA syncs the folder after it. With FULL, a
   * power cut just after a commit can bring the journal back and undo an
   * edit Waymark already reported as saved (the power-loss test shows it).
   * The next commit's journal, synced with its folder, makes the one before
   * it last, which is why FULL may do for data fetched again. */
  if (!self->read_only &&
      !wm_store_exec (self->db,
                      (flags & WM_STORE_OPEN_RELAXED_SYNC)
                        ? "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
                        : "PRAGMA journal_mode = DELETE; PRAGMA synchronous = EXTRA;",
                      error, _("Cannot prepare the project for editing")))
    return FALSE;
  if (!wm_store_exec (self->db, "PRAGMA foreign_keys = ON;", error, _("Cannot open the project")))
    return FALSE;

  self->project = load_project (self, error);
  if (self->project == NULL)
    return FALSE;

  self->change_counter_known = wm_store_read_change_counter (self, &self->change_counter);
  wm_store_query_int64 (self->db, "PRAGMA data_version", &self->data_version, NULL);

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

/* Creating */

static gboolean
seed_project (sqlite3     *db,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  gint64 now = wm_store_now ();
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
      wm_store_set_db_error (db, rc, error, _("Could not create the project"));
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
      wm_store_set_db_error (db, rc, error, _("Could not create the project"));
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
  /* mkstemp() makes 0600 files; a project follows the umask like any file
   * a user makes, so teammates on a shared folder can open it. */
  fchmod (fd, wm_store_file_mode ());
  close (fd);

  wm_store_sqlite_init ();
  rc = sqlite3_open_v2 (tmp_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc == SQLITE_OK)
    configure_defensively (db);
  sql = g_strdup_printf ("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
                         "PRAGMA application_id = %d;", WM_APPLICATION_ID);
  ok = rc == SQLITE_OK &&
       wm_store_exec (db, sql, error, _("Could not create the project")) &&
       run_migrations (db, 0, WM_SCHEMA_VERSION, error) &&
       wm_store_exec (db, "BEGIN IMMEDIATE", error, _("Could not create the project")) &&
       seed_project (db, error) &&
       wm_store_exec (db, "COMMIT", error, _("Could not create the project"));
  if (rc != SQLITE_OK)
    wm_store_set_db_error (db, rc, error, _("Could not create the project"));
  if (sqlite3_close (db) != SQLITE_OK && ok)
    {
      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Could not create the project: %s"), _("closing the file failed"));
      ok = FALSE;
    }

  /* link() refuses to replace a file that appeared meanwhile; some shared
   * folders have no hard links, where a checked rename has to do. */
  if (ok && link (tmp_path, path) != 0 &&
      (errno == EEXIST || g_file_test (path, G_FILE_TEST_EXISTS) ||
       g_rename (tmp_path, path) != 0))
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
  self->open_flags = flags;

  if (!wm_store_open_database (self, flags, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
wm_store_reopen (WmStore  *self,
                 GError  **error)
{
  g_autoptr(WmStore) other = NULL;

  g_return_val_if_fail (self->edit_depth == 0, FALSE);

  other = wm_store_open (self->path, self->open_flags, error);
  if (other == NULL)
    return FALSE;

  /* Take over the other store's connection: the object stays the one the
   * views know, its history is of the old file and goes. */
  close_database (self);
  self->db = g_steal_pointer (&other->db);
  self->schema_version = other->schema_version;
  self->data_version = other->data_version;
  self->change_counter = other->change_counter;
  self->change_counter_known = other->change_counter_known;
  self->file_dev = other->file_dev;
  self->file_ino = other->file_ino;
  g_free (self->read_only_reason);
  self->read_only_reason = g_steal_pointer (&other->read_only_reason);
  if (self->read_only != other->read_only)
    {
      self->read_only = other->read_only;
      g_object_notify (G_OBJECT (self), "read-only");
    }
  wm_record_refresh_from (self->project, other->project);
  wm_store_clear_history (self);

  return TRUE;
}

/* Save a copy */

static int
real_rename (const char *from,
             const char *to)
{
  return g_rename (from, to);
}

WmStoreFileOps wm_store_file_ops = { fsync, real_rename };

static gboolean
sync_path (const char  *path,
           int          flags,
           GError     **error)
{
  int fd = g_open (path, flags, 0);

  if (fd < 0 || wm_store_file_ops.fsync (fd) != 0)
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
  fchmod (fd, wm_store_file_mode ());
  close (fd);

  /* VACUUM INTO writes a consistent snapshot (and a compact one) into the
   * empty temporary file; it is synced and renamed over @path only when
   * whole, so @path holds either its old content or the full copy. */
  wm_store_settle_commit (self);
  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, tmp_path, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *reason = wm_store_describe_db_error (self->db, rc);

      g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_IO,
                   _("Cannot save a copy as “%s”: %s"), display, reason);
      g_unlink (tmp_path);
      return FALSE;
    }

  if (!sync_path (tmp_path, O_RDWR, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (wm_store_file_ops.rename (tmp_path, path) != 0)
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

/* Runs a query whose every row is a finding; damage met while reading is a
 * finding too, not a failure to check. */
static gboolean
collect_findings (sqlite3     *db,
                  const char  *sql,
                  GPtrArray   *findings,
                  char      *(*describe) (sqlite3_stmt *stmt),
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *finding = describe (stmt);

      if (finding != NULL)
        g_ptr_array_add (findings, finding);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_OK)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      g_autofree char *reason = wm_store_describe_db_error (db, rc);

      g_ptr_array_add (findings, g_strdup_printf (_("Damaged: %s"), reason));
      return TRUE;
    }

  wm_store_set_db_error (db, rc, error, _("Could not check the project"));
  return FALSE;
}

static char *
describe_integrity (sqlite3_stmt *stmt)
{
  const char *line = (const char *) sqlite3_column_text (stmt, 0);

  if (g_strcmp0 (line, "ok") == 0)
    return NULL;
  return g_strdup_printf (_("Damaged: %s"), line);
}

/* Rows left behind by one missing row: "persona 5" with its details, its
 * preferred channels and its journey links is one finding, not one a row. */
typedef struct
{
  char       *parent;     /* table */
  gint64      parent_id;
  GHashTable *counts;     /* child table → count */
  GPtrArray  *children;   /* child tables, in the order met */
  guint       total;
} Dangling;

static void
dangling_free (gpointer data)
{
  Dangling *dangling = data;

  g_free (dangling->parent);
  g_hash_table_unref (dangling->counts);
  g_ptr_array_unref (dangling->children);
  g_free (dangling);
}

static const char *
table_noun (const char *table)
{
  const WmEntityInfo *info = wm_entity_lookup_table (table);

  return info ? wm_entity_get_noun (info->entity) : table;
}

/* The value of the column of @table's foreign key @fk_id in row @rowid. */
static gboolean
dangling_reference (sqlite3    *db,
                    const char *table,
                    gint64      rowid,
                    int         fk_id,
                    gint64     *value)
{
  g_autofree char *list_sql = g_strdup_printf ("PRAGMA foreign_key_list(\"%s\")", table);
  g_autofree char *column = NULL;
  g_autofree char *value_sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, list_sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      while (column == NULL && sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (sqlite3_column_int (stmt, 0) == fk_id)
            column = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
        }
    }
  sqlite3_finalize (stmt);
  if (column == NULL)
    return FALSE;

  value_sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE rowid = ?", column, table);
  if (sqlite3_prepare_v2 (db, value_sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          found = TRUE;
        }
    }
  sqlite3_finalize (stmt);

  return found;
}

static char *
describe_dangling (Dangling *dangling)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autofree char *id = NULL;

  for (guint i = 0; i < dangling->children->len; i++)
    {
      const char *child = g_ptr_array_index (dangling->children, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (dangling->counts, child));

      if (rows->len > 0)
        /* Translators: separates the items of a list */
        g_string_append (rows, _(", "));
      /* Translators: a kind of row and how many, e.g. “persona detail × 14” */
      g_string_append_printf (rows, _("%s × %u"), table_noun (child), count);
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, dangling->parent_id);

  /* Translators: the first %s is a kind of item (“persona”), then its id, how
   * many rows still name it, and which (“persona detail × 14, …”) */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "A %s that no longer exists (id %s) is still named by %u "
                                       "row: %s. It was deleted by a program that left what "
                                       "belonged to it behind.",
                                       "A %s that no longer exists (id %s) is still named by %u "
                                       "rows: %s. It was deleted by a program that left what "
                                       "belonged to it behind.",
                                       dangling->total),
                          table_noun (dangling->parent), id, dangling->total, rows->str);
}

/* PRAGMA foreign_key_check, grouped by the missing row. */
static gboolean
collect_dangling (sqlite3    *db,
                  GPtrArray  *findings,
                  GError    **error)
{
  g_autoptr(GHashTable) by_parent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (dangling_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      gint64 rowid = sqlite3_column_int64 (stmt, 1);
      const char *parent = (const char *) sqlite3_column_text (stmt, 2);
      int fk_id = sqlite3_column_int (stmt, 3);
      g_autofree char *key = NULL;
      Dangling *dangling;
      gint64 parent_id = 0;

      rc = SQLITE_OK;
      dangling_reference (db, table, rowid, fk_id, &parent_id);
      key = g_strdup_printf ("%s\t%" G_GINT64_FORMAT, parent, parent_id);
      dangling = g_hash_table_lookup (by_parent, key);
      if (dangling == NULL)
        {
          dangling = g_new0 (Dangling, 1);
          dangling->parent = g_strdup (parent);
          dangling->parent_id = parent_id;
          dangling->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          dangling->children = g_ptr_array_new ();
          g_hash_table_insert (by_parent, g_steal_pointer (&key), dangling);
          g_ptr_array_add (order, dangling);
        }
      if (!g_hash_table_contains (dangling->counts, table))
        {
          char *child = g_strdup (table);

          g_hash_table_insert (dangling->counts, child, GUINT_TO_POINTER (0));
          g_ptr_array_add (dangling->children, child);
        }
      g_hash_table_insert (dangling->counts, g_strdup (table),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (dangling->counts,
                                                                                    table)) + 1));
      dangling->total++;
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (findings, describe_dangling (g_ptr_array_index (order, i)));

  if (rc == SQLITE_DONE || rc == SQLITE_OK)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      g_autofree char *reason = wm_store_describe_db_error (db, rc);

      g_ptr_array_add (findings, g_strdup_printf (_("Damaged: %s"), reason));
      return TRUE;
    }

  wm_store_set_db_error (db, rc, error, _("Could not check the project"));
  return FALSE;
}

static char *
describe_as_is (sqlite3_stmt *stmt)
{
  return g_strdup_printf (_("The journey “%s” names a journey as its as-is state "
                            "that is not an as-is journey."),
                          (const char *) sqlite3_column_text (stmt, 0));
}

/* SQLite checks CHECK constraints in integrity_check only on a connection
 * that may write. A read-only store (the CLI) gets a second, writable one
 * that is set to write nothing. NULL when the file cannot be opened so. */
static sqlite3 *
open_checker (WmStore *self)
{
  sqlite3 *db = NULL;

  if (!self->read_only)
    return NULL;
  if (g_access (self->path, W_OK) != 0 ||
      sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
                       wm_store_guard_vfs ()) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  configure_defensively (db);
  sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);

  return db;
}

GPtrArray *
wm_store_check (WmStore  *self,
                GError  **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *checker = NULL;
  gboolean ok;

  g_return_val_if_fail (WM_IS_STORE (self), NULL);

  /* A newer file's schema is not one Waymark knows; what its CHECK
   * constraints and links mean is not known either. */
  if (self->schema_version > WM_SCHEMA_VERSION)
    g_ptr_array_add (findings,
                     g_strdup_printf (_("This project was made by a newer version of Waymark "
                                        "(format %d), so it cannot be checked fully: only "
                                        "whether the file is intact was checked."),
                                      self->schema_version));
  else
    checker = open_checker (self);

  ok = collect_findings (checker ? checker : self->db, "PRAGMA integrity_check(100)", findings,
                         describe_integrity, error);
  sqlite3_close (checker);
  if (!ok)
    return NULL;

  if (self->schema_version <= WM_SCHEMA_VERSION &&
      (!collect_dangling (self->db, findings, error) ||
       /* What the constraints cannot say: a to-be journey's as-is must be as-is. */
       !collect_findings (self->db,
                          "SELECT j.name FROM journey j JOIN journey a ON a.id = j.as_is_journey_id"
                          " WHERE a.state <> 'as-is' OR a.id = j.id",
                          findings, describe_as_is, error)))
    return NULL;

  return g_steal_pointer (&findings);
}
