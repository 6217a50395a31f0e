/* wm-record.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "wm-entity.h"

G_BEGIN_DECLS

#define WM_TYPE_RECORD (wm_record_get_type ())

#define WM_RECORD(obj) (G_TYPE_CHECK_INSTANCE_CAST ((obj), WM_TYPE_RECORD, WmRecord))
#define WM_IS_RECORD(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), WM_TYPE_RECORD))

/* The instance and class structures are private to wm-record.c. */
typedef struct _WmRecord WmRecord;
typedef struct _WmRecordClass WmRecordClass;

GType               wm_record_get_type       (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmRecord, g_object_unref)

/* A WmRecord is one row of one entity: either a snapshot owned by a
 * WmRecordList (kept current by the store), or a draft a caller fills
 * and hands to wm_store_insert() / wm_store_update().
 *
 * Column values are read and written by column id (WM_TOUCHPOINT_TITLE …);
 * a column of another entity is a programmer error (g_critical).
 *
 * Each entity has its own subclass ("WmTouchpointRecord" …) with one read-only
 * GObject property per column, named as the column with '-' for '_'
 * ("customer-action"), so that widgets can bind to live records. Properties
 * notify only when their value changed; "changed" is emitted once after the
 * store refreshed the record's values.
 */

/* The record subclass of @entity. */
GType               wm_record_type_for_entity (WmEntity entity);

WmRecord           *wm_record_new            (WmEntity    entity);
WmRecord           *wm_record_copy           (WmRecord   *self);

WmEntity            wm_record_get_entity     (WmRecord   *self);
const WmEntityInfo *wm_record_get_info       (WmRecord   *self);
gint64              wm_record_get_id         (WmRecord   *self);
const char         *wm_record_get_uuid       (WmRecord   *self);
gint64              wm_record_get_created_at (WmRecord   *self);
gint64              wm_record_get_modified_at (WmRecord  *self);
/* The value of the entity's label column ("name", "title", "text" …). */
const char         *wm_record_get_label      (WmRecord   *self);

const char         *wm_record_get_string     (WmRecord   *self,
                                              WmColumnId  column);
gint64              wm_record_get_int        (WmRecord   *self,
                                              WmColumnId  column);
double              wm_record_get_double     (WmRecord   *self,
                                              WmColumnId  column);
gboolean            wm_record_get_boolean    (WmRecord   *self,
                                              WmColumnId  column);
/* Row id of the referenced row, 0 when NULL. */
gint64              wm_record_get_ref        (WmRecord   *self,
                                              WmColumnId  column);
GBytes             *wm_record_get_bytes      (WmRecord   *self,
                                              WmColumnId  column);
/* FALSE when the column is SQL NULL (never for TEXT/INT/BOOL columns once stored). */
gboolean            wm_record_is_set         (WmRecord   *self,
                                              WmColumnId  column);

void                wm_record_set_string     (WmRecord   *self,
                                              WmColumnId  column,
                                              const char *value);
void                wm_record_set_int        (WmRecord   *self,
                                              WmColumnId  column,
                                              gint64      value);
void                wm_record_set_double     (WmRecord   *self,
                                              WmColumnId  column,
                                              double      value);
void                wm_record_set_boolean    (WmRecord   *self,
                                              WmColumnId  column,
                                              gboolean    value);
void                wm_record_set_ref        (WmRecord   *self,
                                              WmColumnId  column,
                                              gint64      id);
void                wm_record_set_bytes      (WmRecord   *self,
                                              WmColumnId  column,
                                              GBytes     *value);
/* Back to SQL NULL / the column default. */
void                wm_record_unset          (WmRecord   *self,
                                              WmColumnId  column);

G_END_DECLS
