/* wm-store-guard.c
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
#include <unistd.h>

#include "wm-store-private.h"

/* A thin SQLite VFS over the default one that stands between SQLite and a
 * hot journal. SQLite rolls back any "-journal" it finds beside a file it
 * opens, even one a sync tool copied there from another project. Playback
 * always starts by opening the journal without SQLITE_OPEN_CREATE while the
 * file is locked exclusively, so that is where this guard looks at the
 * journal: one that does not belong to the file is refused, and for one that
 * does, a recovery copy of the file and its journal is kept before SQLite
 * changes anything. The store verifies the result afterwards
 * (wm_store_guard_take_event()). Only files a WmStore opened are guarded. */

#define JOURNAL_MAGIC "\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"

typedef struct
{
  int           refs;
  WmGuardEvent  event;
  char         *recovery_path;
} GuardEntry;

static sqlite3_vfs guard_vfs;
static sqlite3_vfs *root_vfs;
static GMutex guard_lock;
static GHashTable *guarded;  /* db path → GuardEntry */

static void
guard_entry_free (gpointer data)
{
  GuardEntry *entry = data;

  g_free (entry->recovery_path);
  g_free (entry);
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Reading the database file goes through SQLite's own VFS: opening and
 * closing a second descriptor of a locked file with plain POSIX calls would
 * drop SQLite's locks on it. */
static sqlite3_file *
open_db_file (const char *path)
{
  sqlite3_file *file = g_malloc0 (root_vfs->szOsFile);
  int out = 0;

  if (root_vfs->xOpen (root_vfs, path, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB,
                       &out) != SQLITE_OK)
    {
      if (file->pMethods != NULL)
        file->pMethods->xClose (file);
      g_free (file);
      return NULL;
    }

  return file;
}

static void
close_db_file (sqlite3_file *file)
{
  if (file->pMethods != NULL)
    file->pMethods->xClose (file);
  g_free (file);
}

/* The first @size bytes of the file at @path, read through SQLite's VFS so
 * that another connection of this process keeps its locks on the file. */
gboolean
wm_store_guard_read_start (const char *path,
                           guint8     *buffer,
                           int         size)
{
  sqlite3_file *file;
  gboolean ok;

  wm_store_guard_vfs ();
  file = open_db_file (path);
  if (file == NULL)
    return FALSE;
  ok = file->pMethods->xRead (file, buffer, size, 0) == SQLITE_OK;
  close_db_file (file);

  return ok;
}

static gboolean
read_fd (int     fd,
         void   *buffer,
         gsize   size,
         goffset offset)
{
  return pread (fd, buffer, size, offset) == (gssize) size;
}

/* Does the journal at @journal_path belong to the database at @db_path?
 *
 * Every write transaction changes the file change counter in page 1, so
 * page 1's original is in the journal (SQLite writes dirty pages in page
 * order after the journal is synced). The file then holds either that same
 * page 1, untouched (nothing was written yet: the whole page must be equal),
 * or the new one, whose change counter is exactly one more. A journal from
 * another file fails this unless both files happen to be twins; the store's
 * check after the rollback is the second line. */
gboolean
wm_store_guard_journal_belongs (const char *db_path,
                                const char *journal_path)
{
  g_autofree guint8 *journal_page = NULL;
  g_autofree guint8 *db_page = NULL;
  sqlite3_file *db = NULL;
  guint8 header[28];
  guint8 db_header[100];
  guint32 n_records, page_size, sector_size, db_page_size;
  gboolean found = FALSE;
  gboolean belongs = FALSE;
  sqlite3_int64 journal_size;
  GStatBuf st;
  int fd;

  fd = g_open (journal_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return TRUE;  /* gone meanwhile: nothing will be applied */

  if (fstat (fd, &st) != 0 || !read_fd (fd, header, sizeof header, 0) ||
      memcmp (header, JOURNAL_MAGIC, 8) != 0)
    {
      /* SQLite plays back nothing from a journal without its header. */
      close (fd);
      return TRUE;
    }
  journal_size = st.st_size;

  n_records = get_be32 (header + 8);
  sector_size = get_be32 (header + 20);
  page_size = get_be32 (header + 24);

  db = open_db_file (db_path);
  if (db == NULL || db->pMethods->xRead (db, db_header, sizeof db_header, 0) != SQLITE_OK)
    goto out;
  db_page_size = ((guint32) db_header[16] << 8) | db_header[17];
  if (db_page_size == 1)
    db_page_size = 65536;
  if (page_size != db_page_size || page_size < 512 || page_size > 65536 ||
      sector_size < 32 || sector_size > 65536)
    goto out;

  /* A journal whose header was never completed plays back nothing. */
  if (n_records == 0)
    {
      belongs = TRUE;
      goto out;
    }
  if (n_records == 0xffffffff)
    n_records = (guint32) MAX (0, (journal_size - sector_size) / (page_size + 8));

  journal_page = g_malloc (page_size);
  for (guint32 i = 0; i < n_records && !found; i++)
    {
      goffset offset = sector_size + (goffset) i * (page_size + 8);
      guint8 pgno[4];

      if (!read_fd (fd, pgno, sizeof pgno, offset))
        break;
      if (get_be32 (pgno) == 1)
        found = read_fd (fd, journal_page, page_size, offset + 4);
    }
  if (!found)
    {
      /* Page 1 is always journaled before any page is written back, so
       * without it the file itself was not touched yet. */
      belongs = TRUE;
      goto out;
    }

  db_page = g_malloc (page_size);
  if (db->pMethods->xRead (db, db_page, page_size, 0) != SQLITE_OK)
    goto out;

  if (get_be32 (db_page + 24) == get_be32 (journal_page + 24))
    belongs = memcmp (db_page, journal_page, page_size) == 0;
  else if (get_be32 (db_page + 24) == get_be32 (journal_page + 24) + 1)
    belongs = memcmp (db_page + 68, journal_page + 68, 4) == 0;  /* same application */

out:
  if (db != NULL)
    close_db_file (db);
  close (fd);

  return belongs;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      gssize n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      size -= (gsize) n;
    }

  return TRUE;
}

static int
create_copy_file (const char *path)
{
  /* The copy follows the umask, like the project itself. */
  return g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
}

static gboolean
copy_db (const char *from,
         const char *to)
{
  sqlite3_file *db = open_db_file (from);
  sqlite3_int64 size = 0;
  g_autofree guint8 *buffer = g_malloc (65536);
  gboolean ok;
  int fd;

  if (db == NULL)
    return FALSE;
  fd = create_copy_file (to);
  ok = fd >= 0 && db->pMethods->xFileSize (db, &size) == SQLITE_OK;
  for (sqlite3_int64 offset = 0; ok && offset < size; offset += 65536)
    {
      int n = (int) MIN (65536, size - offset);

      ok = db->pMethods->xRead (db, buffer, n, offset) == SQLITE_OK &&
           write_all (fd, buffer, (gsize) n);
    }
  ok = ok && fsync (fd) == 0;
  if (fd >= 0)
    close (fd);
  close_db_file (db);

  return ok;
}

static gboolean
copy_plain (const char *from,
            const char *to)
{
  g_autofree char *data = NULL;
  gsize size = 0;
  gboolean ok;
  int fd;

  if (!g_file_get_contents (from, &data, &size, NULL))
    return FALSE;
  fd = create_copy_file (to);
  ok = fd >= 0 && write_all (fd, (const guint8 *) data, size) && fsync (fd) == 0;
  if (fd >= 0)
    close (fd);

  return ok;
}

/* "Plan (before recovery).waymark", or with a number when that is taken. */
static char *
recovery_name (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = g_strndup (base, dot && dot != base ? (gsize) (dot - base) : strlen (base));
  const char *ext = dot && dot != base ? dot : "";

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autofree char *journal = NULL;

      if (i == 1)
        /* Translators: the name of a file kept before a project is recovered */
        name = g_strdup_printf (_("%s (before recovery)%s"), stem, ext);
      else
        /* Translators: the name of a file kept before a project is recovered */
        name = g_strdup_printf (_("%s (before recovery %u)%s"), stem, i, ext);
      path = g_build_filename (dir, name, NULL);
      journal = g_strconcat (path, "-journal", NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (journal, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }

  return NULL;
}

static char *
make_recovery_copy (const char *db_path,
                    const char *journal_path)
{
  g_autofree char *copy = recovery_name (db_path);
  g_autofree char *copy_journal = NULL;
  g_autofree char *dir = NULL;
  int fd;

  if (copy == NULL)
    return NULL;
  copy_journal = g_strconcat (copy, "-journal", NULL);
  if (!copy_db (db_path, copy) || !copy_plain (journal_path, copy_journal))
    {
      g_unlink (copy);
      g_unlink (copy_journal);
      return NULL;
    }

  dir = g_path_get_dirname (copy);
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }

  return g_steal_pointer (&copy);
}

static int
guard_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  /* Hot-journal playback opens the journal for writing without CREATE (the
   * look at its first byte before opens it read-only). */
  if (name != NULL && (flags & SQLITE_OPEN_MAIN_JOURNAL) && (flags & SQLITE_OPEN_READWRITE) &&
      !(flags & SQLITE_OPEN_CREATE) && g_str_has_suffix (name, "-journal"))
    {
      g_autofree char *db_path = g_strndup (name, strlen (name) - strlen ("-journal"));
      GuardEntry *entry;

      g_mutex_lock (&guard_lock);
      entry = guarded ? g_hash_table_lookup (guarded, db_path) : NULL;
      if (entry != NULL)
        {
          if (!wm_store_guard_journal_belongs (db_path, name))
            {
              entry->event = WM_GUARD_FOREIGN;
              g_mutex_unlock (&guard_lock);
              return SQLITE_CANTOPEN;
            }
          if (entry->recovery_path != NULL)
            g_warning ("A recovery copy of “%s” was not looked at: %s", db_path,
                       entry->recovery_path);
          g_free (entry->recovery_path);
          entry->recovery_path = make_recovery_copy (db_path, name);
          if (entry->recovery_path == NULL)
            {
              entry->event = WM_GUARD_COPY_FAILED;
              g_mutex_unlock (&guard_lock);
              return SQLITE_CANTOPEN;
            }
          entry->event = WM_GUARD_RECOVERED;
        }
      g_mutex_unlock (&guard_lock);
    }

  return root_vfs->xOpen (root_vfs, name, file, flags, out_flags);
}

static int
guard_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return root_vfs->xDelete (root_vfs, name, sync_dir);
}

static int
guard_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return root_vfs->xAccess (root_vfs, name, flags, out);
}

static int
guard_full_pathname (sqlite3_vfs *vfs, const char *name, int n_out, char *out)
{
  return root_vfs->xFullPathname (root_vfs, name, n_out, out);
}

static void *
guard_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return NULL;  /* no extensions, ever */
}

static void
guard_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  g_strlcpy (out, "extensions are disabled", n);
}

static void (*guard_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return NULL;
}

static void
guard_dl_close (sqlite3_vfs *vfs, void *handle)
{
}

static int
guard_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return root_vfs->xRandomness (root_vfs, n, out);
}

static int
guard_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return root_vfs->xSleep (root_vfs, microseconds);
}

static int
guard_current_time (sqlite3_vfs *vfs, double *out)
{
  return root_vfs->xCurrentTime (root_vfs, out);
}

static int
guard_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return root_vfs->xGetLastError ? root_vfs->xGetLastError (root_vfs, n, out) : 0;
}

static int
guard_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return root_vfs->xCurrentTimeInt64 (root_vfs, out);
}

/* SQLite's settings for the whole process, before its first use (any call
 * starts it): every path of Waymark into SQLite calls this first. */
void
wm_store_sqlite_init (void)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      /* Its count of memory in use takes a process-wide mutex on every
       * allocation, and nothing here reads it. */
      if (sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        g_debug ("SQLite was started before Waymark set it up: its memory count stays on");
      g_once_init_leave (&configured, 1);
    }
}

/* The name of the guard VFS, registered on first use over the VFS that is
 * the default then (a test may install its own below it first). */
const char *
wm_store_guard_vfs (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      wm_store_sqlite_init ();
      root_vfs = sqlite3_vfs_find (NULL);
      guard_vfs.iVersion = 2;
      guard_vfs.szOsFile = root_vfs->szOsFile;
      guard_vfs.mxPathname = root_vfs->mxPathname;
      guard_vfs.zName = "waymark-guard";
      guard_vfs.xOpen = guard_open;
      guard_vfs.xDelete = guard_delete;
      guard_vfs.xAccess = guard_access;
      guard_vfs.xFullPathname = guard_full_pathname;
      guard_vfs.xDlOpen = guard_dl_open;
      guard_vfs.xDlError = guard_dl_error;
      guard_vfs.xDlSym = guard_dl_sym;
      guard_vfs.xDlClose = guard_dl_close;
      guard_vfs.xRandomness = guard_randomness;
      guard_vfs.xSleep = guard_sleep;
      guard_vfs.xCurrentTime = guard_current_time;
      guard_vfs.xGetLastError = guard_get_last_error;
      guard_vfs.xCurrentTimeInt64 = guard_current_time_int64;
      sqlite3_vfs_register (&guard_vfs, 0);
      g_once_init_leave (&registered, 1);
    }

  return guard_vfs.zName;
}

void
wm_store_guard_add (const char *db_path)
{
  GuardEntry *entry;

  g_mutex_lock (&guard_lock);
  if (guarded == NULL)
    guarded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, guard_entry_free);
  entry = g_hash_table_lookup (guarded, db_path);
  if (entry == NULL)
    {
      entry = g_new0 (GuardEntry, 1);
      g_hash_table_insert (guarded, g_strdup (db_path), entry);
    }
  entry->refs++;
  g_mutex_unlock (&guard_lock);
}

void
wm_store_guard_remove (const char *db_path)
{
  GuardEntry *entry;

  g_mutex_lock (&guard_lock);
  entry = guarded ? g_hash_table_lookup (guarded, db_path) : NULL;
  if (entry != NULL && --entry->refs == 0)
    g_hash_table_remove (guarded, db_path);
  g_mutex_unlock (&guard_lock);
}

/* What the guard did to @db_path since last asked; @recovery_path gets the
 * recovery copy's path for WM_GUARD_RECOVERED. */
WmGuardEvent
wm_store_guard_take_event (const char  *db_path,
                           char       **recovery_path)
{
  WmGuardEvent event = WM_GUARD_NONE;
  GuardEntry *entry;

  g_mutex_lock (&guard_lock);
  entry = guarded ? g_hash_table_lookup (guarded, db_path) : NULL;
  if (entry != NULL)
    {
      event = entry->event;
      entry->event = WM_GUARD_NONE;
      if (recovery_path != NULL)
        *recovery_path = g_steal_pointer (&entry->recovery_path);
      g_clear_pointer (&entry->recovery_path, g_free);
    }
  g_mutex_unlock (&guard_lock);

  return event;
}
