/* wm-interchange-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wm-interchange.h"

G_BEGIN_DECLS

/* A whole project in memory, the way the interchange format and the merge
 * see it: rows keyed by uuid, references as the uuid of the row they point
 * to, every value in one canonical text form, so that two values are equal
 * exactly when their texts are:
 *   TEXT as is; INT and BOOL in decimal ("0"/"1"); REAL in the shortest
 *   form that reads back as the same double; REF as the target's uuid;
 *   BLOB in base64; SQL NULL as NULL. */

#define WM_ROW_NO_TIME G_MININT64

typedef struct
{
  char    *uuid;
  gint64   id;         /* in the file it was read from; 0 when unknown */
  gint64   created_at;
  gint64   modified_at;
  guint64  present;    /* bit i set: column i has a value (else the schema default) */
  guint64  borrowed;   /* bit i set: values[i] is not the row's own (it lives in the
                        * strings of the WmProjectData it was read into, or of the row
                        * it was copied from) and is not freed with the row */
  guint    n_values;
  char   **values;     /* one per column of the entity */
  /* Writing over a copy (WmProjectDataWriteHooks.start_from): the copy
   * holds this very row, under id, with these values and times, so it is
   * left as it is there instead of written again. */
  gboolean in_copy;
} WmRow;

typedef struct
{
  const char *kpi;     /* the KPI's uuid, in the data's strings */
  gint64      time;
  double      value;
  gint64      n;
  double      margin;
  gboolean    has_margin;
  const char *source;  /* in the data's strings */
} WmSampleRow;

/* A raw survey answer (kpi_response): no uuid, several may share a time. */
typedef struct
{
  const char *kpi;
  gint64      time;
  double      score;
  const char *source;
} WmResponseRow;

typedef struct
{
  GPtrArray    *rows[WM_N_ENTITIES];   /* WmRow, in the order of the file */
  GHashTable   *index[WM_N_ENTITIES];  /* uuid → WmRow */
  GArray       *samples;               /* WmSampleRow, by KPI then time */
  GArray       *responses;             /* WmResponseRow, by KPI then time */
  GStringChunk *strings;
  const char   *last_kpi;              /* the samples come by KPI: skip the lookup */
  const char   *last_source;
} WmProjectData;

WmProjectData *wm_project_data_new       (void);
void           wm_project_data_free      (WmProjectData       *data);
WmProjectData *wm_project_data_read      (WmStore             *store,
                                          GError             **error);
/* Rows only, without KPI samples and answers (which a merge copies in SQL). */
WmProjectData *wm_project_data_read_rows (WmStore             *store,
                                          GError             **error);
WmProjectData *wm_project_data_parse     (GBytes              *json,
                                          GError             **error);
GBytes        *wm_project_data_to_json   (WmProjectData       *data,
                                          GError             **error);
/* Creates @path (which must not exist) holding @data, or nothing. */
gboolean       wm_project_data_write     (WmProjectData       *data,
                                          const char          *path,
                                          GError             **error);
typedef enum
{
  WM_PROJECT_DATA_WRITE_DEFAULT         = 0,
  /* a row that would repeat a unique pair of another (the same persona
   * twice on a journey) is left out instead of refused */
  WM_PROJECT_DATA_WRITE_SKIP_DUPLICATES = 1 << 0,
  /* replace @path if it exists (atomically) instead of refusing */
  WM_PROJECT_DATA_WRITE_REPLACE         = 1 << 1,
} WmProjectDataWriteFlags;

/* Bulk data written in SQL after the rows, in the same transaction: @ids
 * maps uuids to the new row ids, per entity. The files in @attach
 * (alias, path pairs, NULL-terminated) are attached to @db meanwhile. */
typedef struct
{
  /* A project file (of the current schema) the result starts as a copy
   * of: its bulk data (samples, answers) stays, its rows give way to the
   * data's, which keep the ids they have there (WmRow.id), rows marked
   * WmRow.in_copy staying as they are; NULL for a new file. The copy is
   * written without a journal (it is not the destination until it is
   * whole) and synced before it takes the destination's place. */
  const char        *start_from;
  const char *const *attach;
  gboolean         (*after_rows) (sqlite3     *db,
                                  GHashTable **ids,
                                  gpointer     user_data,
                                  GError     **error);
  gpointer           user_data;
} WmProjectDataWriteHooks;

gboolean       wm_project_data_write_full (WmProjectData      *data,
                                           const char         *path,
                                           WmProjectDataWriteFlags flags,
                                           const WmProjectDataWriteHooks *hooks,
                                           GError            **error);
/* Replaces the content of the empty, new project open in @db by @data,
 * inside a transaction the caller holds (such as a store's edit). */
gboolean       wm_project_data_write_into (WmProjectData      *data,
                                           sqlite3            *db,
                                           GError            **error);
/* Adds the rows of @data (without a project row) to the project open in
 * @db, inside the caller's transaction; references name rows of @data or
 * rows the project already has. */
gboolean       wm_project_data_append_into (WmProjectData     *data,
                                            sqlite3           *db,
                                            GError           **error);
/* Adds @row (taken) to @entity; FALSE (and @row freed) if its uuid is taken. */
gboolean       wm_project_data_add_row   (WmProjectData       *data,
                                          WmEntity             entity,
                                          WmRow               *row);
WmRow         *wm_project_data_lookup    (WmProjectData       *data,
                                          WmEntity             entity,
                                          const char          *uuid);
void           wm_project_data_add_sample (WmProjectData      *data,
                                           const char         *kpi,
                                           gint64              time,
                                           double              value,
                                           gint64              n,
                                           const double       *margin,
                                           const char         *source);
void           wm_project_data_add_response (WmProjectData    *data,
                                             const char       *kpi,
                                             gint64            time,
                                             double            score,
                                             const char       *source);

WmRow         *wm_row_new                (WmEntity             entity);
WmRow         *wm_row_copy               (WmEntity             entity,
                                          const WmRow         *row);
/* A copy whose values are @row's own strings, borrowed (WmRow.borrowed):
 * it must not outlive @row, nor @row's values be replaced meanwhile. */
WmRow         *wm_row_copy_borrowing     (WmEntity             entity,
                                          const WmRow         *row);
void           wm_row_free               (gpointer             row);
/* Sets column @i (takes @value; NULL for SQL NULL) and marks it present. */
void           wm_row_take_value         (WmRow               *row,
                                          guint                i,
                                          char                *value);
/* The key of column @i of @entity in the document: its name, with "_id"
 * dropped from references ("stage_id" → "stage"). */
const char    *wm_interchange_column_key (WmEntity             entity,
                                          guint                i);
/* The canonical text of @value for a REAL column. */
char          *wm_interchange_format_double (double            value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmProjectData, wm_project_data_free)

G_END_DECLS
