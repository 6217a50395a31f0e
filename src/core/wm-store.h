/* wm-store.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wm-entity.h"
#include "wm-record.h"

G_BEGIN_DECLS

#define WM_STORE_ERROR (wm_store_error_quark ())

typedef enum
{
  WM_STORE_ERROR_NOT_PROJECT, /* not SQLite, or SQLite but not a Waymark project */
  WM_STORE_ERROR_DAMAGED,     /* truncated or corrupt */
  WM_STORE_ERROR_TAMPERED,    /* its schema is not the one Waymark wrote */
  WM_STORE_ERROR_TOO_NEW,     /* a newer schema this version cannot even read */
  WM_STORE_ERROR_READ_ONLY,   /* an edit on a project opened read-only */
  WM_STORE_ERROR_INVALID,     /* an edit broke a rule: bad value, missing parent … */
  WM_STORE_ERROR_NOT_FOUND,   /* no such row */
  WM_STORE_ERROR_CONFLICT,    /* undo/redo no longer fits the project */
  WM_STORE_ERROR_IO,          /* cannot read or write the file */
  WM_STORE_ERROR_BUSY,        /* another program holds the file's lock too long */
  WM_STORE_ERROR_CHANGED_ELSEWHERE, /* someone else changed what the edit was based on */
} WmStoreError;

/* 'WYMK' */
#define WM_APPLICATION_ID 0x57594D4B
#define WM_SCHEMA_VERSION 3

/* Bit of the "changed" mask for KPI samples (entities use 1 << WmEntity). */
#define WM_CHANGE_SAMPLES (G_GUINT64_CONSTANT (1) << WM_N_ENTITIES)
#define WM_CHANGE_ENTITY(e) (G_GUINT64_CONSTANT (1) << (e))
/* Bit of the "changed" mask for raw survey answers (kpi_response). */
#define WM_CHANGE_RESPONSES (G_GUINT64_CONSTANT (1) << (WM_N_ENTITIES + 1))
/* Everything: what another program changed is not known row by row. */
#define WM_CHANGE_ALL ((WM_CHANGE_RESPONSES << 1) - 1)

typedef enum
{
  WM_STORE_OPEN_DEFAULT   = 0,
  WM_STORE_OPEN_READ_ONLY = 1 << 0,
  /* Used by one thread at a time and never committed in the background
   * (wm_store_set_commit_in_background()): SQLite takes no locks of its own
   * for it. The feeds writer's. */
  WM_STORE_OPEN_ONE_THREAD = 1 << 1,
  /* Commits that a power cut just after them may undo (synchronous=FULL:
   * the folder is not synced after the journal is deleted), for data that
   * is fetched again anyway: a power cut still never damages the file, nor
   * undoes any commit but the last. The feeds writer's: a third fewer
   * syncs per batch. */
  WM_STORE_OPEN_RELAXED_SYNC = 1 << 2,
} WmStoreOpenFlags;

typedef struct
{
  gint64 time;   /* seconds since the epoch, UTC */
  double value;
  gint64 n;      /* responses behind the value, 0 when unknown */
  double margin; /* 95 % margin of error in the value's unit, 0 when unknown */
} WmSample;

/* What one commit of a connection did to the file, for another store of the
 * same file to tell it from other programs' commits (wm_store_announce_commit()). */
typedef struct
{
  guint32  before;  /* the file's change counter when the edit began */
  gboolean wrote;   /* whether the commit changed the file */
  gboolean known;   /* FALSE when the counter could not be read */
} WmCommitStamp;

#define WM_TYPE_STORE (wm_store_get_type ())

G_DECLARE_FINAL_TYPE (WmStore, wm_store, WM, STORE, GObject)

/* Signal "changed" (WmStore *store, guint64 mask, gpointer user_data): emitted
 * after every committed edit, undo and redo; @mask has WM_CHANGE_ENTITY (e)
 * set for every entity whose rows changed and WM_CHANGE_SAMPLES for samples.
 * Properties (all notify): "can-undo", "can-redo", "undo-label", "redo-label",
 * "read-only", "path". */

GQuark      wm_store_error_quark        (void);

/* Creates a new, empty project (default channels, project row); fails if @path exists. */
WmStore    *wm_store_create             (const char        *path,
                                         GError           **error);
/* Opens a project defensively; a file that is not a healthy Waymark project
 * is refused with a WM_STORE_ERROR explaining why. A file from a newer Waymark
 * opens read-only (see wm_store_get_read_only_reason()). */
WmStore    *wm_store_open               (const char        *path,
                                         WmStoreOpenFlags   flags,
                                         GError           **error);

const char *wm_store_get_path           (WmStore           *self);
gboolean    wm_store_is_read_only       (WmStore           *self);
/* Why the project is read-only, translated; NULL when it is writable. */
const char *wm_store_get_read_only_reason (WmStore         *self);
/* The schema version of the file (may be newer than WM_SCHEMA_VERSION). */
int         wm_store_get_schema_version (WmStore           *self);
/* The single WM_ENTITY_PROJECT row (name, description). */
WmRecord   *wm_store_get_project        (WmStore           *self);
const char *wm_store_get_name           (WmStore           *self);

/* Edits. Each call outside begin/commit is one committed transaction and one
 * undo step. Between wm_store_begin_edit() and wm_store_commit_edit() all
 * calls form one transaction and one undo step labelled @label. */
gboolean    wm_store_begin_edit         (WmStore           *self,
                                         const char        *label,
                                         GError           **error);
/* Like wm_store_begin_edit(), for what the program writes on its own (feed
 * results and states): committed at once and announced by "changed", but not
 * an undo step, so Undo keeps meaning the person's last edit. */
gboolean    wm_store_begin_background_edit (WmStore        *self,
                                         GError           **error);
/* For a second connection whose background edits are announced on another
 * store (wm_store_announce_commit()): with @announce FALSE they emit no
 * "changed" here and keep no record of the rows they write, which costs
 * SQLite work on every row and at every commit. Edits that are undo steps
 * are not affected. On by default. */
void        wm_store_set_announce_background (WmStore      *self,
                                         gboolean           announce);
gboolean    wm_store_commit_edit        (WmStore           *self,
                                         GError           **error);
void        wm_store_rollback_edit      (WmStore           *self);

/* A window's store writes to the disk on a worker thread, so a slow disk
 * never holds up a frame: an edit is applied, announced by "changed" and
 * made an undo step at once, and its COMMIT (with its fsyncs) runs while
 * the window goes on. The next edit, undo or close waits for it. Should the
 * disk refuse it, the edit is rolled back, leaves the undo history,
 * "changed" announces the rows as they are again and "save-failed" says why.
 * Off by default: a command line program wants each call on disk when it returns. */
void        wm_store_set_commit_in_background (WmStore     *self,
                                         gboolean           in_background);
/* Whether an edit is still on its way to the disk. */
gboolean    wm_store_is_saving          (WmStore           *self);
/* Waits until every edit is on disk (or has failed and been announced). */
void        wm_store_wait_saved         (WmStore           *self);

/* Inserts @draft; on success fills in its id, uuid and timestamps and returns the id (> 0). */
gint64      wm_store_insert             (WmStore           *self,
                                         WmRecord          *draft,
                                         GError           **error);
/* Like wm_store_insert(), with the uuid chosen beforehand (for a row whose
 * uuid keys something stored first elsewhere: a feed's secret). */
gint64      wm_store_insert_with_uuid   (WmStore           *self,
                                         WmRecord          *draft,
                                         const char        *uuid,
                                         GError           **error);
/* Writes every column of @record to the row with its id. */
gboolean    wm_store_update             (WmStore           *self,
                                         WmRecord          *record,
                                         GError           **error);
/* Writes the columns set on @values (a record of the row's entity; its own
 * id is not looked at) to the row @id, in one statement and one edit.
 * Values equal to the stored ones are no edit at all, as for the setters
 * below; a row that is gone fails with WM_STORE_ERROR_NOT_FOUND. */
gboolean    wm_store_set_columns        (WmStore           *self,
                                         gint64             id,
                                         WmRecord          *values,
                                         GError           **error);
/* The same, only if the row's @expected_columns still hold what @expected
 * holds (NULL where unset there): compare and set in one statement, for a
 * writer that knows what the row held and need not read it first.
 * *@matched says whether it wrote; a row that is gone, differs, or already
 * holds @values is no error, and unchanged. */
gboolean    wm_store_set_columns_if     (WmStore           *self,
                                         gint64             id,
                                         WmRecord          *values,
                                         WmRecord          *expected,
                                         const WmColumnId  *expected_columns,
                                         guint              n_expected,
                                         gboolean          *matched,
                                         GError           **error);
gboolean    wm_store_set_string         (WmStore           *self,
                                         gint64             id,
                                         WmColumnId         column,
                                         const char        *value,
                                         GError           **error);
gboolean    wm_store_set_int            (WmStore           *self,
                                         gint64             id,
                                         WmColumnId         column,
                                         gint64             value,
                                         GError           **error);
gboolean    wm_store_set_double         (WmStore           *self,
                                         gint64             id,
                                         WmColumnId         column,
                                         double             value,
                                         GError           **error);
gboolean    wm_store_set_boolean        (WmStore           *self,
                                         gint64             id,
                                         WmColumnId         column,
                                         gboolean           value,
                                         GError           **error);
gboolean    wm_store_set_ref            (WmStore           *self,
                                         gint64             id,
                                         WmColumnId         column,
                                         gint64             ref_id,
                                         GError           **error);
/* Deletes the row and, through the schema's cascades, what belongs to it. */
gboolean    wm_store_delete             (WmStore           *self,
                                         WmEntity           entity,
                                         gint64             id,
                                         GError           **error);
/* Moves a positioned row to @index among its siblings. */
gboolean    wm_store_move               (WmStore           *self,
                                         WmEntity           entity,
                                         gint64             id,
                                         guint              index,
                                         GError           **error);

/* Reading. */
WmRecord   *wm_store_get                (WmStore           *self,
                                         WmEntity           entity,
                                         gint64             id,
                                         GError           **error);
/* Row @id with only @columns (all of one entity) read, the others unset:
 * for a hot path that needs a few columns of a wide row. */
WmRecord   *wm_store_get_columns        (WmStore           *self,
                                         gint64             id,
                                         const WmColumnId  *columns,
                                         guint              n_columns,
                                         GError           **error);
WmRecord   *wm_store_find_by_uuid       (WmStore           *self,
                                         WmEntity           entity,
                                         const char        *uuid,
                                         GError           **error);
/* Rows of @entity in display order; with @parent_column (a column of @entity,
 * or WM_COLUMN_NONE for all rows) only those whose @parent_column is @parent_id.
 * Returns a GPtrArray of WmRecord. */
GPtrArray  *wm_store_list               (WmStore           *self,
                                         WmEntity           entity,
                                         WmColumnId         parent_column,
                                         gint64             parent_id,
                                         GError           **error);
gint64      wm_store_count              (WmStore           *self,
                                         WmEntity           entity,
                                         GError           **error);

/* KPI samples: one edit; a sample at an existing time replaces it. */
gboolean    wm_store_add_samples        (WmStore           *self,
                                         gint64             kpi_id,
                                         const WmSample    *samples,
                                         gsize              n_samples,
                                         const char        *source,
                                         GError           **error);
/* Samples with @from <= time <= @to, oldest first, as a GArray of WmSample. */
GArray     *wm_store_get_samples        (WmStore           *self,
                                         gint64             kpi_id,
                                         gint64             from,
                                         gint64             to,
                                         GError           **error);
/* The @n newest samples, oldest first, as a GArray of WmSample. */
GArray     *wm_store_get_latest_samples (WmStore           *self,
                                         gint64             kpi_id,
                                         guint              n,
                                         GError           **error);
gboolean    wm_store_get_latest_sample  (WmStore           *self,
                                         gint64             kpi_id,
                                         WmSample          *sample);
gint64      wm_store_count_samples      (WmStore           *self,
                                         GError           **error);

/* While "changed" runs for an edit, undo or redo: the ids of @entity's rows it
 * added, changed or deleted (NULL when it touched none of them or when nothing
 * is known, e.g. another program changed the file: then the mask says which
 * entities to read again). */
const GArray *wm_store_get_changed_ids  (WmStore           *self,
                                         WmEntity           entity);
/* Likewise, the KPIs whose samples changed. */
const GArray *wm_store_get_changed_sample_kpis (WmStore    *self);

/* Another connection of this program (on a thread of its own) committed a
 * background edit of @mask, whose wm_store_get_commit_stamp() is @stamp:
 * emits "changed" with wm_store_get_changed_ids() naming @ids
 * (WM_N_ENTITIES + 1 arrays or NULL, the last for the KPIs of samples), not
 * as another program's change. Should another program have committed too
 * since this store last looked, that is announced as such (WM_CHANGE_ALL). */
void        wm_store_announce_commit    (WmStore           *self,
                                         guint64            mask,
                                         GArray           **ids,
                                         const WmCommitStamp *stamp);
/* What this store's last wm_store_commit_edit() did to the file. */
void        wm_store_get_commit_stamp   (WmStore           *self,
                                         WmCommitStamp     *stamp);

/* Undo and redo, from SQLite session changesets, for this session of work. */
gboolean    wm_store_can_undo           (WmStore           *self);
gboolean    wm_store_can_redo           (WmStore           *self);
const char *wm_store_get_undo_label     (WmStore           *self);
const char *wm_store_get_redo_label     (WmStore           *self);
gboolean    wm_store_undo               (WmStore           *self,
                                         GError           **error);
gboolean    wm_store_redo               (WmStore           *self,
                                         GError           **error);
void        wm_store_clear_history      (WmStore           *self);

/* Reads give label texts (names, titles) cut at @max_chars characters and
 * other texts at a hundred times that, so that views and lists never pay for
 * more than they can show; what is stored is not cut, and writing back a
 * record read this way keeps it. 0 (the default) reads everything whole, as
 * exports and merges must. */
void        wm_store_set_text_limit     (WmStore           *self,
                                         guint              max_chars);

/* Changes made by other programs (a colleague's Waymark on a shared folder,
 * sqlite3, a sync tool replacing the file). Checks now: when the file was
 * changed, emits "changed" with WM_CHANGE_ALL and returns TRUE. A file
 * replaced by another one is opened again (the history is cleared); a file
 * moved away or deleted makes the project read-only with the reason. Edits,
 * undo and redo check by themselves. */
gboolean    wm_store_check_external_changes (WmStore       *self);
/* Keeps checking while a window shows the project: a file monitor plus a
 * poll every @interval_ms (cheap: one read of a counter). */
void        wm_store_watch              (WmStore           *self,
                                         guint              interval_ms);
void        wm_store_unwatch            (WmStore           *self);

/* Editors that show a row say so, with the values they show: every later
 * edit of that row (any setter, wm_store_update()) then checks, inside its
 * transaction, that the columns it writes still hold those values. A column
 * someone else changed meanwhile is kept as they left it when the edit does
 * not change it (wm_store_update() writing the whole row) and otherwise
 * refuses the edit with WM_STORE_ERROR_CHANGED_ELSEWHERE, writing nothing:
 * the editor shows both values and lets the person choose. Mark the row
 * again whenever the editor shows newer values (after a reload, or to apply
 * the person's value over theirs). This store's own edits keep the marked
 * values current. */
void        wm_store_mark_shown         (WmStore           *self,
                                         WmRecord          *record);
void        wm_store_forget_shown       (WmStore           *self,
                                         WmEntity           entity,
                                         gint64             id);

/* Writes a consistent copy of the project to @path: written beside it,
 * fsynced, then renamed over it, so @path is never half-written. */
gboolean    wm_store_save_copy          (WmStore           *self,
                                         const char        *path,
                                         GError           **error);

/* Full check: integrity, foreign keys, links that point nowhere. Returns the
 * findings (translated sentences), empty when the project is healthy. */
GPtrArray  *wm_store_check              (WmStore           *self,
                                         GError           **error);

G_END_DECLS
