/* wm-record-list.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_RECORD_LIST (wm_record_list_get_type ())

G_DECLARE_FINAL_TYPE (WmRecordList, wm_record_list, WM, RECORD_LIST, GObject)

/* A GListModel of WmRecord: the rows of @entity (those whose @parent_column
 * is @parent_id unless it is WM_COLUMN_NONE), in display order. It follows
 * the store: edits, undo and redo update it with minimal items-changed, and
 * records that stay keep their identity (their values refresh in place). */
WmRecordList *wm_record_list_new          (WmStore      *store,
                                           WmEntity      entity,
                                           WmColumnId    parent_column,
                                           gint64        parent_id);
WmStore      *wm_record_list_get_store    (WmRecordList *self);
WmEntity      wm_record_list_get_entity   (WmRecordList *self);
/* Position of the record with @id, or -1. */
int           wm_record_list_find         (WmRecordList *self,
                                           gint64        id);

G_END_DECLS
