/* wm-entity.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every kind of row a project holds, except KPI samples and raw answers
 * (bulk data keyed by KPI and time, without uuids). */
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
  WM_ENTITY_VOICE_RULE_CHANNEL,
  WM_ENTITY_VOICE_EXAMPLE,
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

/* One allowed value of a choice column and how a person reads it. */
typedef struct
{
  const char *value;   /* as stored, e.g. "as-is" */
  const char *label;   /* untranslated; see wm_column_choice_label() */
} WmChoice;

typedef struct
{
  const char     *name;
  WmColumnType    type;
  WmColumnFlags   flags;
  int             ref;         /* the WmEntity a WM_COLUMN_REF points to */
  const WmChoice *choices;     /* for choice columns, ended by { NULL } */
  const char     *context;     /* msgctxt of the choices' labels */
} WmColumn;

/* A column of one entity, named by the constants below: a misspelt name does
 * not compile, and the constant carries its entity, so an API taking one
 * cannot be handed a column of another table by mistake. Never 0. */
typedef guint WmColumnId;

#define WM_COLUMN_NONE ((WmColumnId) 0)
#define WM_COLUMN_ID(entity, index) ((((guint) (entity) + 1) << 8) | (guint) (index))
#define WM_COLUMN_INDEX(column) ((guint) (column) & 0xff)
#define WM_COLUMN_ENTITY(column) ((WmEntity) (((guint) (column) >> 8) - 1))

/* project */
enum
{
  WM_PROJECT_NAME = WM_COLUMN_ID (WM_ENTITY_PROJECT, 0),
  WM_PROJECT_DESCRIPTION,
};

/* channel */
enum
{
  WM_CHANNEL_KEY = WM_COLUMN_ID (WM_ENTITY_CHANNEL, 0),
  WM_CHANNEL_NAME,
  WM_CHANNEL_KIND,
  WM_CHANNEL_ICON,
  WM_CHANNEL_POSITION,
};

/* persona */
enum
{
  WM_PERSONA_NAME = WM_COLUMN_ID (WM_ENTITY_PERSONA, 0),
  WM_PERSONA_ROLE,
  WM_PERSONA_DESCRIPTION,
  WM_PERSONA_QUOTE,
  WM_PERSONA_AVATAR,
  WM_PERSONA_COLOR,
  WM_PERSONA_POSITION,
  WM_PERSONA_SEGMENT,
  WM_PERSONA_AGE_RANGE,
  WM_PERSONA_LOCATION,
  WM_PERSONA_EVIDENCE,
};

/* persona_item */
enum
{
  WM_PERSONA_ITEM_PERSONA_ID = WM_COLUMN_ID (WM_ENTITY_PERSONA_ITEM, 0),
  WM_PERSONA_ITEM_KIND,
  WM_PERSONA_ITEM_TEXT,
  WM_PERSONA_ITEM_POSITION,
};

/* persona_channel */
enum
{
  WM_PERSONA_CHANNEL_PERSONA_ID = WM_COLUMN_ID (WM_ENTITY_PERSONA_CHANNEL, 0),
  WM_PERSONA_CHANNEL_CHANNEL_ID,
  WM_PERSONA_CHANNEL_POSITION,
};

/* journey */
enum
{
  WM_JOURNEY_NAME = WM_COLUMN_ID (WM_ENTITY_JOURNEY, 0),
  WM_JOURNEY_DESCRIPTION,
  WM_JOURNEY_STATE,
  WM_JOURNEY_AS_IS_JOURNEY_ID,
  WM_JOURNEY_POSITION,
};

/* journey_persona */
enum
{
  WM_JOURNEY_PERSONA_JOURNEY_ID = WM_COLUMN_ID (WM_ENTITY_JOURNEY_PERSONA, 0),
  WM_JOURNEY_PERSONA_PERSONA_ID,
};

/* stage */
enum
{
  WM_STAGE_JOURNEY_ID = WM_COLUMN_ID (WM_ENTITY_STAGE, 0),
  WM_STAGE_NAME,
  WM_STAGE_DESCRIPTION,
  WM_STAGE_POSITION,
};

/* lane */
enum
{
  WM_LANE_JOURNEY_ID = WM_COLUMN_ID (WM_ENTITY_LANE, 0),
  WM_LANE_NAME,
  WM_LANE_KIND,
  WM_LANE_POSITION,
};

/* touchpoint */
enum
{
  WM_TOUCHPOINT_JOURNEY_ID = WM_COLUMN_ID (WM_ENTITY_TOUCHPOINT, 0),
  WM_TOUCHPOINT_STAGE_ID,
  WM_TOUCHPOINT_LANE_ID,
  WM_TOUCHPOINT_CHANNEL_ID,
  WM_TOUCHPOINT_TITLE,
  WM_TOUCHPOINT_CUSTOMER_ACTION,
  WM_TOUCHPOINT_MESSAGE,
  WM_TOUCHPOINT_EMOTION,
  WM_TOUCHPOINT_MOMENT_THAT_MATTERS,
  WM_TOUCHPOINT_MTM_REASON,
  WM_TOUCHPOINT_DROPOUT_RISK,
  WM_TOUCHPOINT_EVIDENCE,
  WM_TOUCHPOINT_CONTEXT_CARRIED,
  WM_TOUCHPOINT_OWNER,
  WM_TOUCHPOINT_POSITION,
  WM_TOUCHPOINT_ORIGIN_UUID,
};

/* touchpoint_emotion */
enum
{
  WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID = WM_COLUMN_ID (WM_ENTITY_TOUCHPOINT_EMOTION, 0),
  WM_TOUCHPOINT_EMOTION_PERSONA_ID,
  WM_TOUCHPOINT_EMOTION_EMOTION,
};

/* cell */
enum
{
  WM_CELL_JOURNEY_ID = WM_COLUMN_ID (WM_ENTITY_CELL, 0),
  WM_CELL_STAGE_ID,
  WM_CELL_LANE_ID,
  WM_CELL_TEXT,
};

/* kpi */
enum
{
  WM_KPI_NAME = WM_COLUMN_ID (WM_ENTITY_KPI, 0),
  WM_KPI_KIND,
  WM_KPI_VARIANT,
  WM_KPI_UNIT,
  WM_KPI_DESCRIPTION,
  WM_KPI_TARGET,
  WM_KPI_WARNING,
  WM_KPI_DIRECTION,
  WM_KPI_POSITION,
};

/* kpi_link */
enum
{
  WM_KPI_LINK_KPI_ID = WM_COLUMN_ID (WM_ENTITY_KPI_LINK, 0),
  WM_KPI_LINK_JOURNEY_ID,
  WM_KPI_LINK_STAGE_ID,
  WM_KPI_LINK_TOUCHPOINT_ID,
};

/* feed */
enum
{
  WM_FEED_KPI_ID = WM_COLUMN_ID (WM_ENTITY_FEED, 0),
  WM_FEED_TYPE,
  WM_FEED_URL,
  WM_FEED_PATH,
  WM_FEED_TIME_PATH,
  WM_FEED_QUERY,
  WM_FEED_COLUMN_NAME,
  WM_FEED_ROW_RULE,
  WM_FEED_AUTH,
  WM_FEED_AUTH_HEADER,
  WM_FEED_AUTH_USER,
  WM_FEED_INTERVAL_SECONDS,
  WM_FEED_TIMEOUT_SECONDS,
  WM_FEED_MAX_BYTES,
  WM_FEED_ENABLED,
  WM_FEED_STATE,
  WM_FEED_STATE_MESSAGE,
  WM_FEED_FAILURES,
  WM_FEED_ETAG,
  WM_FEED_LAST_MODIFIED,
  WM_FEED_LAST_ATTEMPT_AT,
  WM_FEED_LAST_SUCCESS_AT,
  WM_FEED_POSITION,
  WM_FEED_SCALE,
};

/* voice_guideline */
enum
{
  WM_VOICE_GUIDELINE_NAME = WM_COLUMN_ID (WM_ENTITY_VOICE_GUIDELINE, 0),
  WM_VOICE_GUIDELINE_TONE,
  WM_VOICE_GUIDELINE_PRINCIPLES,
  WM_VOICE_GUIDELINE_DOS,
  WM_VOICE_GUIDELINE_DONTS,
  WM_VOICE_GUIDELINE_EXAMPLES,
  WM_VOICE_GUIDELINE_POSITION,
};

/* voice_rule */
enum
{
  WM_VOICE_RULE_GUIDELINE_ID = WM_COLUMN_ID (WM_ENTITY_VOICE_RULE, 0),
  WM_VOICE_RULE_KIND,
  WM_VOICE_RULE_PATTERN,
  WM_VOICE_RULE_REPLACEMENT,
  WM_VOICE_RULE_MAX_LENGTH,
  WM_VOICE_RULE_SEVERITY,
  WM_VOICE_RULE_MESSAGE,
  WM_VOICE_RULE_ENABLED,
  WM_VOICE_RULE_POSITION,
};

/* voice_rule_channel */
enum
{
  WM_VOICE_RULE_CHANNEL_RULE_ID = WM_COLUMN_ID (WM_ENTITY_VOICE_RULE_CHANNEL, 0),
  WM_VOICE_RULE_CHANNEL_CHANNEL_ID,
};

/* voice_example */
enum
{
  WM_VOICE_EXAMPLE_GUIDELINE_ID = WM_COLUMN_ID (WM_ENTITY_VOICE_EXAMPLE, 0),
  WM_VOICE_EXAMPLE_CHANNEL_ID,
  WM_VOICE_EXAMPLE_ON_BRAND,
  WM_VOICE_EXAMPLE_TEXT,
  WM_VOICE_EXAMPLE_NOTE,
  WM_VOICE_EXAMPLE_POSITION,
};

typedef struct
{
  WmEntity        entity;
  const char     *table;
  WmColumnId      parent_column;   /* the column that scopes lists, e.g. WM_STAGE_JOURNEY_ID */
  WmColumnId      position_column; /* orders the rows; WM_COLUMN_NONE when unordered */
  WmColumnId      label_column;    /* the column a person reads as the row's name */
  const WmColumn *columns;         /* user columns, without id/uuid/created_at/modified_at */
  guint           n_columns;
  const char     *noun;            /* untranslated; see wm_entity_get_noun() */
} WmEntityInfo;

const WmEntityInfo *wm_entity_get_info        (WmEntity            entity);
const WmEntityInfo *wm_entity_lookup_table    (const char         *table);
const char         *wm_entity_get_noun        (WmEntity            entity);
/* Column id of the column called @name, WM_COLUMN_NONE if there is none: for
 * generic code that meets column names in data (files, SQL), never for code
 * that knows the column it means. */
WmColumnId          wm_entity_find_column     (WmEntity            entity,
                                               const char         *name);
WmColumnId          wm_entity_column_at       (WmEntity            entity,
                                               guint               index);

gboolean            wm_column_is_valid        (WmColumnId          column);
WmEntity            wm_column_get_entity      (WmColumnId          column);
const WmColumn     *wm_column_get_info        (WmColumnId          column);
const char         *wm_column_get_name        (WmColumnId          column);
/* The allowed values of a choice column, ended by { NULL }; NULL for other columns. */
const WmChoice     *wm_column_get_choices     (WmColumnId          column);
/* The translated label of @value, or NULL when @column has no such choice. */
const char         *wm_column_choice_label    (WmColumnId          column,
                                               const char         *value);
/* Index of @value among the choices, or -1. */
int                 wm_column_choice_index    (WmColumnId          column,
                                               const char         *value);

G_END_DECLS
