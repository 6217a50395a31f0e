/* wm-test-vfs.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "wm-test-vfs.h"

/* See wm-test-vfs.h. The real files are written at once (SQLite reads
 * them back); what the disk would hold after a power cut is kept beside:
 * the content as of the last sync and the writes since. */

typedef struct
{
  gboolean   truncate;
  gint64     offset;    /* or the new size */
  GBytes    *data;
} Op;

typedef struct
{
  GBytes    *durable;         /* content as of the last sync; NULL: not on disk */
  gboolean   fresh;           /* created since, never synced */
  gboolean   deleted;         /* deleted since, without syncing its folder */
  GArray    *ops;             /* Op, since the last sync, on the current file */
} Tracked;

typedef struct
{
  sqlite3_file  base;
  char         *path;         /* NULL for temporary files */
  sqlite3_file *real;         /* follows this struct */
} TestFile;

static sqlite3_vfs test_vfs;
static sqlite3_vfs *root;
static GHashTable *tracked;   /* path → Tracked */
static guint n_events;
static guint crash_at;
static gboolean crashed;
static GRand *rand_source;
static GPtrArray *op_log;
static char *fail_pattern;
static GMutex gate_lock;
static GCond gate_cond;
static gboolean gate_closed;
static gboolean gate_fails;
static guint n_at_gate;

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_pointer (&op->data, g_bytes_unref);
}

static void
tracked_free (gpointer data)
{
  Tracked *t = data;

  g_clear_pointer (&t->durable, g_bytes_unref);
  g_array_unref (t->ops);
  g_free (t);
}

static Tracked *
track (const char *path)
{
  Tracked *t = g_hash_table_lookup (tracked, path);

  if (t == NULL)
    {
      char *content = NULL;
      gsize size = 0;

      t = g_new0 (Tracked, 1);
      t->ops = g_array_new (FALSE, TRUE, sizeof (Op));
      g_array_set_clear_func (t->ops, op_clear);
      if (g_file_get_contents (path, &content, &size, NULL))
        t->durable = g_bytes_new_take (content, size);
      g_hash_table_insert (tracked, g_strdup (path), t);
    }

  return t;
}

static void
log_op (const char *what,
        const char *path)
{
  g_autofree char *base = NULL;

  if (op_log == NULL || path == NULL)
    return;
  base = g_path_get_basename (path);
  g_ptr_array_add (op_log, g_strdup_printf ("%s %s", what, base));
}

static void
write_image (const char *path,
             GByteArray *image)
{
  int fd;

  if (image == NULL)
    {
      g_unlink (path);
      return;
    }
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, image->data, image->len), ==, (gssize) image->len);
  close (fd);
}

static void
apply_some (GByteArray *image,
            GArray     *ops)
{
  for (guint i = 0; i < ops->len; i++)
    {
      Op *op = &g_array_index (ops, Op, i);

      if (g_rand_boolean (rand_source))
        continue;
      if (op->truncate)
        g_byte_array_set_size (image, (guint) MIN ((gint64) image->len, op->offset));
      else
        {
          gsize size = 0;
          const guint8 *data = g_bytes_get_data (op->data, &size);
          guint end = (guint) (op->offset + (gint64) size);

          if (image->len < end)
            {
              guint old = image->len;

              g_byte_array_set_size (image, end);
              memset (image->data + old, 0, end - old);
            }
          memcpy (image->data + op->offset, data, size);
        }
    }
}

/* The power goes: every file becomes what the disk may hold. */
static void
power_cut (void)
{
  GHashTableIter iter;
  gpointer key, value;

  crashed = TRUE;
  g_hash_table_iter_init (&iter, tracked);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Tracked *t = value;
      g_autoptr(GByteArray) image = NULL;

      if (t->deleted && t->durable != NULL && g_rand_boolean (rand_source))
        {
          /* The unsynced deletion did not reach the disk. */
          image = g_byte_array_new ();
          g_byte_array_append (image, g_bytes_get_data (t->durable, NULL),
                               (guint) g_bytes_get_size (t->durable));
        }
      else if (t->fresh || t->deleted || t->durable == NULL)
        {
          /* Its directory entry was never synced: maybe there, maybe not. */
          if (!g_file_test (key, G_FILE_TEST_EXISTS) || g_rand_boolean (rand_source))
            image = NULL;
          else
            {
              image = g_byte_array_new ();
              apply_some (image, t->ops);
            }
        }
      else
        {
          image = g_byte_array_new ();
          g_byte_array_append (image, g_bytes_get_data (t->durable, NULL),
                               (guint) g_bytes_get_size (t->durable));
          apply_some (image, t->ops);
        }
      write_image (key, image);
    }
}

/* Counts an event; FALSE when the power is (or just went) out. */
static gboolean
event (void)
{
  if (crashed)
    return FALSE;
  n_events++;
  if (crash_at != 0 && n_events >= crash_at)
    {
      power_cut ();
      return FALSE;
    }

  return TRUE;
}

/* File methods */

static int
file_close (sqlite3_file *file)
{
  TestFile *self = (TestFile *) file;
  int rc = self->real->pMethods ? self->real->pMethods->xClose (self->real) : SQLITE_OK;

  g_free (self->path);
  return rc;
}

static int
file_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  TestFile *self = (TestFile *) file;

  if (crashed)
    return SQLITE_IOERR_READ;
  return self->real->pMethods->xRead (self->real, buffer, amount, offset);
}

static int
file_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  TestFile *self = (TestFile *) file;
  int rc;

  if (fail_pattern != NULL && self->path != NULL && strstr (self->path, fail_pattern) != NULL)
    return SQLITE_IOERR_WRITE;
  if (self->path != NULL && !event ())
    return SQLITE_IOERR_WRITE;

  rc = self->real->pMethods->xWrite (self->real, buffer, amount, offset);
  if (rc == SQLITE_OK && self->path != NULL)
    {
      Op op = { FALSE, offset, g_bytes_new (buffer, (gsize) amount) };

      g_array_append_val (track (self->path)->ops, op);
      log_op ("write", self->path);
    }

  return rc;
}

static int
file_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  TestFile *self = (TestFile *) file;
  int rc;

  if (self->path != NULL && !event ())
    return SQLITE_IOERR_TRUNCATE;

  rc = self->real->pMethods->xTruncate (self->real, size);
  if (rc == SQLITE_OK && self->path != NULL)
    {
      Op op = { TRUE, size, NULL };

      g_array_append_val (track (self->path)->ops, op);
      log_op ("truncate", self->path);
    }

  return rc;
}

/* Waits while the gate is closed; FALSE if the sync is to fail. */
static gboolean
pass_gate (void)
{
  gboolean fails;

  g_mutex_lock (&gate_lock);
  while (gate_closed)
    {
      n_at_gate++;
      g_cond_broadcast (&gate_cond);
      g_cond_wait (&gate_cond, &gate_lock);
      n_at_gate--;
    }
  fails = gate_fails;
  g_mutex_unlock (&gate_lock);

  return !fails;
}

static int
file_sync (sqlite3_file *file, int flags)
{
  TestFile *self = (TestFile *) file;
  Tracked *t;
  char *content = NULL;
  gsize size = 0;

  if (self->path == NULL)
    return SQLITE_OK;
  if (!pass_gate ())
    return SQLITE_IOERR_FSYNC;
  if (!event ())
    return SQLITE_IOERR_FSYNC;

  /* What is in the file now is on the disk now; SQLite also syncs the
   * folder on the first sync of a journal it created. */
  t = track (self->path);
  g_clear_pointer (&t->durable, g_bytes_unref);
  if (g_file_get_contents (self->path, &content, &size, NULL))
    t->durable = g_bytes_new_take (content, size);
  t->fresh = FALSE;
  t->deleted = FALSE;
  g_array_set_size (t->ops, 0);
  log_op ("sync", self->path);

  return SQLITE_OK;
}

static int
file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  TestFile *self = (TestFile *) file;

  if (crashed)
    return SQLITE_IOERR_FSTAT;
  return self->real->pMethods->xFileSize (self->real, size);
}

static int
file_lock (sqlite3_file *file, int lock)
{
  TestFile *self = (TestFile *) file;

  return self->real->pMethods->xLock (self->real, lock);
}

static int
file_unlock (sqlite3_file *file, int lock)
{
  TestFile *self = (TestFile *) file;

  return self->real->pMethods->xUnlock (self->real, lock);
}

static int
file_check_reserved_lock (sqlite3_file *file, int *out)
{
  TestFile *self = (TestFile *) file;

  return self->real->pMethods->xCheckReservedLock (self->real, out);
}

static int
file_control (sqlite3_file *file, int op, void *arg)
{
  TestFile *self = (TestFile *) file;

  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
file_sector_size (sqlite3_file *file)
{
  TestFile *self = (TestFile *) file;

  return self->real->pMethods->xSectorSize (self->real);
}

static int
file_device_characteristics (sqlite3_file *file)
{
  TestFile *self = (TestFile *) file;

  /* Nothing the real file system promises is taken for granted here. */
  return self->real->pMethods->xDeviceCharacteristics (self->real) &
         ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL |
           SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_BATCH_ATOMIC);
}

static const sqlite3_io_methods test_io_methods = {
  1,
  file_close,
  file_read,
  file_write,
  file_truncate,
  file_sync,
  file_size,
  file_lock,
  file_unlock,
  file_check_reserved_lock,
  file_control,
  file_sector_size,
  file_device_characteristics,
  NULL, NULL, NULL, NULL, NULL, NULL,
};

/* VFS methods */

static int
vfs_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  TestFile *self = (TestFile *) file;
  gboolean existed;
  int rc;

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) (self + 1);
  if (crashed)
    return SQLITE_CANTOPEN;

  existed = name != NULL && g_file_test (name, G_FILE_TEST_EXISTS);
  rc = root->xOpen (root, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      if (self->real->pMethods != NULL)
        self->real->pMethods->xClose (self->real);
      self->real->pMethods = NULL;
      return rc;
    }

  self->base.pMethods = &test_io_methods;
  if (name != NULL && !(flags & SQLITE_OPEN_DELETEONCLOSE))
    {
      Tracked *t = track (name);

      self->path = g_strdup (name);
      if (!existed)
        {
          t->fresh = t->durable == NULL;
          g_array_set_size (t->ops, 0);
        }
    }

  return SQLITE_OK;
}

static int
vfs_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  Tracked *t;
  int rc;

  if (!event ())
    return SQLITE_IOERR_DELETE;

  t = track (name);
  rc = root->xDelete (root, name, sync_dir);
  if (rc != SQLITE_OK)
    return rc;
  g_array_set_size (t->ops, 0);
  if (sync_dir)
    {
      g_clear_pointer (&t->durable, g_bytes_unref);
      t->deleted = FALSE;
      t->fresh = FALSE;
    }
  else
    t->deleted = TRUE;
  log_op (sync_dir ? "delete+syncdir" : "delete", name);

  return SQLITE_OK;
}

static int
vfs_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  if (crashed)
    return SQLITE_IOERR_ACCESS;
  return root->xAccess (root, name, flags, out);
}

static int
vfs_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return root->xFullPathname (root, name, n, out);
}

static void *
vfs_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return NULL;
}

static void
vfs_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  g_strlcpy (out, "no extensions in tests", n);
}

static void (*vfs_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return NULL;
}

static void
vfs_dl_close (sqlite3_vfs *vfs, void *handle)
{
}

static int
vfs_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return root->xRandomness (root, n, out);
}

static int
vfs_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return root->xSleep (root, microseconds);
}

static int
vfs_current_time (sqlite3_vfs *vfs, double *out)
{
  return root->xCurrentTime (root, out);
}

static int
vfs_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return root->xGetLastError (root, n, out);
}

static int
vfs_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return root->xCurrentTimeInt64 (root, out);
}

/* Public */

void
wm_test_vfs_install (void)
{
  if (root != NULL)
    return;

  root = sqlite3_vfs_find (NULL);
  test_vfs.iVersion = 2;
  test_vfs.szOsFile = (int) sizeof (TestFile) + root->szOsFile;
  test_vfs.mxPathname = root->mxPathname;
  test_vfs.zName = "wm-test";
  test_vfs.xOpen = vfs_open;
  test_vfs.xDelete = vfs_delete;
  test_vfs.xAccess = vfs_access;
  test_vfs.xFullPathname = vfs_full_pathname;
  test_vfs.xDlOpen = vfs_dl_open;
  test_vfs.xDlError = vfs_dl_error;
  test_vfs.xDlSym = vfs_dl_sym;
  test_vfs.xDlClose = vfs_dl_close;
  test_vfs.xRandomness = vfs_randomness;
  test_vfs.xSleep = vfs_sleep;
  test_vfs.xCurrentTime = vfs_current_time;
  test_vfs.xGetLastError = vfs_get_last_error;
  test_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
  sqlite3_vfs_register (&test_vfs, 1);

  tracked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tracked_free);
  rand_source = g_rand_new_with_seed (1);
}

void
wm_test_vfs_arm (guint   event_number,
                 guint32 seed)
{
  g_hash_table_remove_all (tracked);
  crashed = FALSE;
  n_events = 0;
  crash_at = event_number;
  g_rand_set_seed (rand_source, seed);
}

gboolean
wm_test_vfs_crashed (void)
{
  return crashed;
}

guint
wm_test_vfs_count_events (void)
{
  return n_events;
}

void
wm_test_vfs_set_log (GPtrArray *log)
{
  op_log = log;
}

void
wm_test_vfs_fail_writes (const char *pattern)
{
  g_free (fail_pattern);
  fail_pattern = g_strdup (pattern);
}

void
wm_test_vfs_close_gate (void)
{
  g_mutex_lock (&gate_lock);
  gate_closed = TRUE;
  g_mutex_unlock (&gate_lock);
}

void
wm_test_vfs_wait_at_gate (void)
{
  g_mutex_lock (&gate_lock);
  while (n_at_gate == 0)
    g_cond_wait (&gate_cond, &gate_lock);
  g_mutex_unlock (&gate_lock);
}

void
wm_test_vfs_open_gate (gboolean fail)
{
  g_mutex_lock (&gate_lock);
  gate_closed = FALSE;
  gate_fails = fail;
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_lock);
}
