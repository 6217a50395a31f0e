/* wm-test-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* A fresh directory under the system temporary directory, and its removal. */
char     *wm_test_make_temp_dir     (void);
void      wm_test_remove_dir        (const char   *path);
/* Names in @dir, sorted, as a NULL-terminated vector. */
GStrv     wm_test_list_dir          (const char   *dir);

/* SHA-256 of a file's bytes, or NULL when it cannot be read (missing). */
char     *wm_test_file_checksum     (const char   *path);
void      wm_test_write_file        (const char   *path,
                                     const void   *data,
                                     gsize         size);
GBytes   *wm_test_read_file         (const char   *path);

/* Direct access to a file, past the store's guards: for tampering with it
 * and for looking at it as SQLite sees it. */
sqlite3  *wm_test_open_raw          (const char   *path,
                                     gboolean      writable);
void      wm_test_exec              (sqlite3      *db,
                                     const char   *sql);
gint64    wm_test_query_int         (sqlite3      *db,
                                     const char   *sql);
char     *wm_test_query_text        (sqlite3      *db,
                                     const char   *sql);
/* Every row of @path created and last changed at @time, as rows are in
 * copies that went apart a while after their last common edit. */
void      wm_test_age_rows          (const char   *path,
                                     gint64        time);
/* PRAGMA integrity_check of the file, "ok" when healthy. */
char     *wm_test_integrity_check   (const char   *path);

/* Every table's rows in id (or key) order, plus the header values, as text:
 * two projects with the same dump hold the same data. */
char     *wm_test_dump_project      (const char   *path);

/* wm_store_count(), asserting it succeeds. */
gint64    wm_test_count             (WmStore      *store,
                                     WmEntity      entity);

/* A new project in @dir named @name; the path is returned in @out_path. */
WmStore  *wm_test_create_store      (const char   *dir,
                                     const char   *name,
                                     char        **out_path);

/* A draft of @entity with every required column set to valid values; the
 * parents it needs are inserted into @store first. NULL for the project. */
WmRecord *wm_test_make_draft        (WmStore      *store,
                                     WmEntity      entity);
/* Inserts a minimal valid row of @entity (and its parents); returns its id. */
gint64    wm_test_insert            (WmStore      *store,
                                     WmEntity      entity);
gint64    wm_test_insert_named      (WmStore      *store,
                                     WmEntity      entity,
                                     WmColumnId    column,
                                     gint64        parent_id,
                                     const char   *name);

/* A journey with @n_stages stages and @n_lanes lanes, a touchpoint and a cell
 * in every stage × lane, and a KPI linked to the journey, its first stage and
 * its first touchpoint. Returns the journey's id. */
gint64    wm_test_build_journey     (WmStore      *store,
                                     const char   *name,
                                     guint         n_stages,
                                     guint         n_lanes);

G_END_DECLS
