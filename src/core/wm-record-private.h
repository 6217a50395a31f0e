/* wm-record-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "wm-record.h"

G_BEGIN_DECLS

/* The store's side of a record: reading rows and keeping snapshots current. */

/* The SELECT list matching wm_record_new_from_stmt(): "id, uuid, created_at, modified_at, …". */
char          *wm_record_build_select_list (const WmEntityInfo *info);
WmRecord      *wm_record_new_from_stmt     (WmEntity            entity,
                                            sqlite3_stmt       *stmt);
/* Likewise from a SELECT of only @columns (bit i: the entity's column i),
 * in the entity's order; the other columns stay unset. */
WmRecord      *wm_record_new_from_stmt_columns (WmEntity        entity,
                                            sqlite3_stmt       *stmt,
                                            guint64             columns);
/* Copies @source's identity and values into @self; emits notifications and
 * "changed" only when something differs. */
void           wm_record_refresh_from      (WmRecord           *self,
                                            WmRecord           *source);
/* Copies the values @changes holds into @self and leaves its other
 * columns, quietly: for records of the store's own users that nothing
 * shows (the feeds engine's, see wm-feeds.c). */
void           wm_record_update_from       (WmRecord           *self,
                                            WmRecord           *changes);
const GValue  *wm_record_peek_value        (WmRecord           *self,
                                            guint               column);
/* The columns that hold a value: bit i for the entity's column i (an
 * entity has at most 64). */
guint64        wm_record_get_set_mask      (WmRecord           *self);
void           wm_record_set_identity      (WmRecord           *self,
                                            gint64              id,
                                            const char         *uuid,
                                            gint64              created_at,
                                            gint64              modified_at);

G_END_DECLS
