/* wm-store-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* How long an edit waits for another program's lock before giving up. */
#define WM_STORE_BUSY_TIMEOUT_MS 5000

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
  /* The statements last asked for, by the address of their SQL text: a hit
   * (checked against the statement's own text) spares hashing that text,
   * a few hundred bytes for a row's SELECT. See wm_store_get_statement(). */
  sqlite3_stmt     *recent_statements[64];
  /* SQL texts built once per entity (and column set), so that a hot path
   * never formats one: see update_sql() and get_sql() in wm-store.c */
  GHashTable       *update_sql[WM_N_ENTITIES]; /* columns mask → UPDATE */
  GHashTable       *get_sql[WM_N_ENTITIES];    /* columns mask → a row by id, for text_limit */
  char             *exists_sql[WM_N_ENTITIES];

  /* The edit under way */
  guint             edit_depth;
  sqlite3_session  *session;
  char             *edit_label;
  gboolean          edit_in_background; /* not an undo step: see wm_store_begin_background_edit() */
  gboolean          background_unannounced; /* see wm_store_set_announce_background() */

  GPtrArray        *undo_stack;    /* WmChange, newest last */
  GPtrArray        *redo_stack;
  gboolean          could_undo;    /* as last notified */
  gboolean          could_redo;
  gint64            data_version;  /* to notice other writers of the file */
  /* The file's change counter as of the last look at data_version, plus
   * this connection's own commits since: see wm_store_announce_commit(). */
  guint32           change_counter;
  gboolean          change_counter_known;
  sqlite3_int64     edit_total_changes; /* sqlite3_total_changes64() when the edit began */
  WmCommitStamp     edit_stamp;    /* of the edit under way, then of the last commit */
  gboolean          external_pending; /* another writer seen during an edit */
  guint64           file_dev;      /* the file's identity, to notice a replaced file */
  guint64           file_ino;
  gboolean          guarded;       /* registered with the journal guard */
  WmStoreOpenFlags  open_flags;    /* as asked for */
  guint             text_limit;    /* see wm_store_set_text_limit(); 0: none */

  /* Watching the file while a window shows it */
  GFileMonitor     *monitor;
  guint             poll_id;
  guint             check_idle_id;

  /* Committing on a worker thread: see wm_store_set_commit_in_background() */
  gboolean          commit_in_background;
  gboolean          commit_deferred; /* COMMIT not issued yet: "changed" under way */
  WmChange         *deferred_change; /* the undo step the deferred COMMIT makes */
  GBytes           *deferred_changeset;
  struct _WmPendingCommit *pending_commit; /* the COMMIT running on a thread */

  /* While "changed" is emitted for a known changeset: the ids it touched per
   * entity, and at [WM_N_ENTITIES] the KPIs whose samples changed. */
  GArray          **changed_ids;

  /* Rows editors show, as shown: (entity << 48 | id) → WmRecord (wm-store-shown.c) */
  GHashTable       *shown;
};

typedef enum
{
  WM_GUARD_NONE,
  WM_GUARD_RECOVERED,    /* a hot journal was rolled back, a copy kept first */
  WM_GUARD_FOREIGN,      /* a journal that does not belong to the file, refused */
  WM_GUARD_COPY_FAILED,  /* no recovery copy could be made, so nothing was rolled back */
} WmGuardEvent;

/* The file operations of creating and copying, replaceable by tests to see
 * their order and to make them fail. */
typedef struct
{
  int (*fsync)  (int         fd);
  int (*rename) (const char *from,
                 const char *to);
} WmStoreFileOps;

extern WmStoreFileOps wm_store_file_ops;

void      wm_change_free            (gpointer           data);
gint64    wm_store_now              (void);
int       wm_store_error_code_for   (int                rc);
void      wm_store_set_db_error     (sqlite3           *db,
                                     int                rc,
                                     GError           **error,
                                     const char        *context);
gboolean  wm_store_exec             (sqlite3           *db,
                                     const char        *sql,
                                     GError           **error,
                                     const char        *context);
gboolean  wm_store_query_int64      (sqlite3           *db,
                                     const char        *sql,
                                     gint64            *value,
                                     GError           **error);
sqlite3_stmt *wm_store_get_statement (WmStore          *self,
                                     const char        *sql,
                                     GError           **error);
/* Finalizes every prepared statement (before the connection closes). */
void      wm_store_clear_statements (WmStore           *self);
/* Its schema as "type name tbl_name sql" lines, as opening compares it. */
char     *wm_store_dump_schema      (sqlite3           *db,
                                     GError           **error);
gboolean  wm_store_run_migrations   (sqlite3           *db,
                                     const char *const *migrations,
                                     int                from,
                                     int                to,
                                     GError           **error);
gboolean  wm_store_ensure_writable  (WmStore           *self,
                                     GError           **error);
gboolean  wm_store_open_database    (WmStore           *self,
                                     WmStoreOpenFlags   flags,
                                     GError           **error);
/* The file at the store's path is another one now: opens that instead. */
gboolean  wm_store_reopen           (WmStore           *self,
                                     GError           **error);
void      wm_store_notify_history   (WmStore           *self);
void      wm_store_emit_changeset   (WmStore           *self,
                                     GBytes            *changeset);
void      wm_store_emit_changed     (WmStore           *self,
                                     guint64            mask);
/* A sentence saying what went wrong with SQLite's result @rc, translated. */
char     *wm_store_describe_db_error (sqlite3          *db,
                                     int                rc);
/* Emits "changed" for everything when another writer was seen during an edit. */
void      wm_store_flush_external   (WmStore           *self);
/* Reads data_version: TRUE when another connection committed since last read. */
gboolean  wm_store_poll_data_version (WmStore          *self);
/* The same, noting the file's change counter first, as every look at
 * data_version that takes it in must (see wm_store_announce_commit()). */
gboolean  wm_store_take_in_data_version (WmStore       *self);
gboolean  wm_store_read_change_counter (WmStore        *self,
                                     guint32           *counter);
/* At the start of a write transaction (the write lock held, after
 * wm_store_take_in_data_version()) and at its commit: keeps the change
 * counter and the edit's stamp. */
void      wm_store_note_write_begun (WmStore           *self);
void      wm_store_note_write_committed (WmStore       *self);
void      wm_store_emit_save_failed (WmStore           *self,
                                     const GError      *error);

/* Committing in the background (wm-store-commit.c) */
gboolean  wm_store_commit_in_background (WmStore       *self,
                                     GBytes            *changeset);
/* Issues or waits for the COMMIT under way, before anything else uses the
 * connection for a transaction of its own. */
void      wm_store_settle_commit    (WmStore           *self);
/* Whether a COMMIT still runs on its thread. */
gboolean  wm_store_is_committing    (WmStore           *self);
/* The current file mode for new files: 0666 less the umask. */
int       wm_store_file_mode        (void);

/* The columns of an update as a mask (bit i: the entity's column i), or
 * the whole row: every column, a column only someone else changed keeping
 * their value. */
#define WM_STORE_WHOLE_ROW G_MAXUINT64

/* Edits of shown rows (wm-store-shown.c): checks the columns @record writes
 * to row @id (those of @columns) against what was shown and what is stored;
 * then notes what this store wrote. */
gboolean  wm_store_check_shown      (WmStore           *self,
                                     WmRecord          *record,
                                     gint64             id,
                                     guint64            columns,
                                     GError           **error);
void      wm_store_note_written     (WmStore           *self,
                                     WmRecord          *record,
                                     gint64             id,
                                     guint64            columns);

/* The journal guard (wm-store-guard.c) */
void         wm_store_sqlite_init        (void);
guint        wm_store_text_cap           (WmStore            *self,
                                         const WmEntityInfo *info,
                                         guint               index);
const char  *wm_store_guard_vfs          (void);
void         wm_store_guard_add          (const char   *db_path);
void         wm_store_guard_remove       (const char   *db_path);
WmGuardEvent wm_store_guard_take_event   (const char   *db_path,
                                          char        **recovery_path);
gboolean     wm_store_guard_read_start   (const char   *path,
                                          guint8       *buffer,
                                          int           size);
gboolean     wm_store_guard_journal_belongs (const char *db_path,
                                             const char *journal_path);

G_END_DECLS
