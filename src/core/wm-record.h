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

G_DECLARE_FINAL_TYPE (WmRecord, wm_record, WM, RECORD, GObject)

/* A WmRecord is one row of one entity: either a snapshot owned by a
 * WmRecordList (kept current by the store), or a draft a caller fills
 * and hands to wm_store_insert() / wm_store_update().
 *
 * Column values are read and written by column name; asking for a column
 * the entity does not have is a programmer error (g_critical).
 * Every property notifies; "changed" is emitted once after the store
 * refreshed the record's values.
 */

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
                                              const char *column);
gint64              wm_record_get_int        (WmRecord   *self,
                                              const char *column);
double              wm_record_get_double     (WmRecord   *self,
                                              const char *column);
gboolean            wm_record_get_boolean    (WmRecord   *self,
                                              const char *column);
/* Row id of the referenced row, 0 when NULL. */
gint64              wm_record_get_ref        (WmRecord   *self,
                                              const char *column);
GBytes             *wm_record_get_bytes      (WmRecord   *self,
                                              const char *column);
/* FALSE when the column is SQL NULL (never for TEXT/INT/BOOL columns once stored). */
gboolean            wm_record_is_set         (WmRecord   *self,
                                              const char *column);

void                wm_record_set_string     (WmRecord   *self,
                                              const char *column,
                                              const char *value);
void                wm_record_set_int        (WmRecord   *self,
                                              const char *column,
                                              gint64      value);
void                wm_record_set_double     (WmRecord   *self,
                                              const char *column,
                                              double      value);
void                wm_record_set_boolean    (WmRecord   *self,
                                              const char *column,
                                              gboolean    value);
void                wm_record_set_ref        (WmRecord   *self,
                                              const char *column,
                                              gint64      id);
void                wm_record_set_bytes      (WmRecord   *self,
                                              const char *column,
                                              GBytes     *value);
/* Back to SQL NULL / the column default. */
void                wm_record_unset          (WmRecord   *self,
                                              const char *column);

G_END_DECLS
