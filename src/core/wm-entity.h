/* wm-entity.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every kind of row a project holds, except KPI samples (keyed by KPI and time). */
typedef enum
{
  WM_ENTITY_PROJECT,
  WM_ENTITY_CHANNEL,
  WM_ENTITY_PERSONA,
  WM_ENTITY_PERSONA_ITEM,
  WM_ENTITY_PERSONA_CHANNEL,
  WM_ENTITY_JOURNEY,
  WM_ENTITY_JOURNEY_PERSONA,
  WM_ENTITY_STAGE,
  WM_ENTITY_LANE,
  WM_ENTITY_TOUCHPOINT,
  WM_ENTITY_TOUCHPOINT_EMOTION,
  WM_ENTITY_CELL,
  WM_ENTITY_KPI,
  WM_ENTITY_KPI_LINK,
  WM_ENTITY_FEED,
  WM_ENTITY_VOICE_GUIDELINE,
  WM_ENTITY_VOICE_RULE,
  WM_N_ENTITIES
} WmEntity;

typedef enum
{
  WM_COLUMN_TEXT,   /* const char *, never NULL once stored ("" by default) */
  WM_COLUMN_INT,    /* gint64 */
  WM_COLUMN_REAL,   /* double; may be NULL (unset) where WM_COLUMN_NULLABLE */
  WM_COLUMN_BOOL,   /* gboolean, stored as 0/1 */
  WM_COLUMN_REF,    /* gint64 row id of another entity, 0 for NULL */
  WM_COLUMN_BLOB,   /* GBytes */
} WmColumnType;

typedef enum
{
  WM_COLUMN_REQUIRED = 1 << 0, /* must be given on insert */
  WM_COLUMN_NULLABLE = 1 << 1, /* may be unset (SQL NULL) */
} WmColumnFlags;

typedef struct
{
  const char    *name;
  WmColumnType   type;
  WmColumnFlags  flags;
  WmEntity       ref;          /* for WM_COLUMN_REF */
  const char    *const *choices; /* for enumerated WM_COLUMN_TEXT, NULL-terminated */
} WmColumn;

typedef struct
{
  WmEntity        entity;
  const char     *table;
  const char     *parent_column;   /* the column that scopes lists, e.g. "journey_id" */
  gboolean        has_position;    /* rows are ordered by a "position" column */
  const char     *label_column;    /* the column a person reads as the row's name */
  const WmColumn *columns;         /* user columns, without id/uuid/created_at/modified_at */
  guint           n_columns;
  const char     *noun;            /* untranslated; see wm_entity_get_noun() */
} WmEntityInfo;

const WmEntityInfo *wm_entity_get_info        (WmEntity            entity);
const WmEntityInfo *wm_entity_lookup_table    (const char         *table);
const char         *wm_entity_get_noun        (WmEntity            entity);
const WmColumn     *wm_entity_info_get_column (const WmEntityInfo *info,
                                               const char         *name);
int                 wm_entity_info_column_index (const WmEntityInfo *info,
                                                 const char         *name);

G_END_DECLS
