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
  gboolean          could_undo;    /* as last notified */
  gboolean          could_redo;
  gint64            data_version;  /* to notice other writers of the file */

  /* While "changed" is emitted for a known changeset: the ids it touched per
   * entity, and at [WM_N_ENTITIES] the KPIs whose samples changed. */
  GArray          **changed_ids;
};

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
void      wm_store_notify_history   (WmStore           *self);
void      wm_store_emit_changeset   (WmStore           *self,
                                     GBytes            *changeset);
void      wm_store_emit_changed     (WmStore           *self,
                                     guint64            mask);

G_END_DECLS
