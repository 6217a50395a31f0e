/* wm-entity.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-entity"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-entity.h"

/* The user columns of every table of wm-schema.c, in table order. A test
 * compares this with PRAGMA table_info of a new project, so the two cannot
 * drift apart silently. */

#define T WM_COLUMN_TEXT
#define I WM_COLUMN_INT
#define R WM_COLUMN_REAL
#define B WM_COLUMN_BOOL
#define F WM_COLUMN_REF
#define BLOB WM_COLUMN_BLOB
#define REQ WM_COLUMN_REQUIRED
#define NUL WM_COLUMN_NULLABLE

static const char *const channel_kinds[] = { "digital", "analog", "hybrid", NULL };
static const char *const item_kinds[] = { "goal", "pain", "need", "behaviour", "motivation", NULL };
static const char *const journey_states[] = { "as-is", "to-be", NULL };
static const char *const lane_kinds[] = { "touchpoints", "text", "emotion", "kpi", "backstage",
                                          "opportunities", "pain-points", NULL };
static const char *const risks[] = { "none", "low", "medium", "high", NULL };
static const char *const evidences[] = { "observed", "assumed", "proposed", NULL };
static const char *const kpi_kinds[] = { "nps", "csat", "ces", "fcr", "retention", "custom", NULL };
static const char *const directions[] = { "higher", "lower", NULL };
static const char *const feed_types[] = { "json", "prometheus", "csv", "responses", NULL };
static const char *const auths[] = { "none", "bearer", "basic", "header", NULL };
static const char *const feed_states[] = { "new", "ok", "stale", "error", "paused", NULL };
static const char *const rule_kinds[] = { "banned", "preferred", "max-length", "required",
                                          "capitalization", NULL };
static const char *const severities[] = { "error", "warning", "suggestion", NULL };

static const WmColumn project_columns[] = {
  { "name", T }, { "description", T },
};

static const WmColumn channel_columns[] = {
  { "key", T }, { "name", T, REQ }, { "kind", T, 0, 0, channel_kinds }, { "icon", T },
  { "position", I },
};

static const WmColumn persona_columns[] = {
  { "name", T, REQ }, { "role", T }, { "description", T }, { "quote", T },
  { "avatar", BLOB, NUL }, { "color", T }, { "position", I },
};

static const WmColumn persona_item_columns[] = {
  { "persona_id", F, REQ, WM_ENTITY_PERSONA },
  { "kind", T, REQ, 0, item_kinds }, { "text", T, REQ }, { "position", I },
};

static const WmColumn persona_channel_columns[] = {
  { "persona_id", F, REQ, WM_ENTITY_PERSONA },
  { "channel_id", F, REQ, WM_ENTITY_CHANNEL }, { "position", I },
};

static const WmColumn journey_columns[] = {
  { "name", T, REQ }, { "description", T }, { "state", T, 0, 0, journey_states },
  { "as_is_journey_id", F, NUL, WM_ENTITY_JOURNEY }, { "position", I },
};

static const WmColumn journey_persona_columns[] = {
  { "journey_id", F, REQ, WM_ENTITY_JOURNEY }, { "persona_id", F, REQ, WM_ENTITY_PERSONA },
};

static const WmColumn stage_columns[] = {
  { "journey_id", F, REQ, WM_ENTITY_JOURNEY }, { "name", T, REQ }, { "description", T },
  { "position", I },
};

static const WmColumn lane_columns[] = {
  { "journey_id", F, REQ, WM_ENTITY_JOURNEY }, { "name", T, REQ },
  { "kind", T, 0, 0, lane_kinds }, { "position", I },
};

static const WmColumn touchpoint_columns[] = {
  { "journey_id", F, REQ, WM_ENTITY_JOURNEY },
  { "stage_id", F, REQ, WM_ENTITY_STAGE },
  { "lane_id", F, REQ, WM_ENTITY_LANE },
  { "channel_id", F, NUL, WM_ENTITY_CHANNEL },
  { "title", T, REQ }, { "customer_action", T }, { "message", T }, { "emotion", I },
  { "moment_that_matters", B }, { "mtm_reason", T }, { "dropout_risk", T, 0, 0, risks },
  { "evidence", T, 0, 0, evidences }, { "context_carried", B }, { "owner", T },
  { "position", I },
};

static const WmColumn touchpoint_emotion_columns[] = {
  { "touchpoint_id", F, REQ, WM_ENTITY_TOUCHPOINT },
  { "persona_id", F, REQ, WM_ENTITY_PERSONA }, { "emotion", I, REQ },
};

static const WmColumn cell_columns[] = {
  { "journey_id", F, REQ, WM_ENTITY_JOURNEY }, { "stage_id", F, REQ, WM_ENTITY_STAGE },
  { "lane_id", F, REQ, WM_ENTITY_LANE }, { "text", T },
};

static const WmColumn kpi_columns[] = {
  { "name", T, REQ }, { "kind", T, 0, 0, kpi_kinds }, { "variant", T }, { "unit", T },
  { "description", T }, { "target", R, NUL }, { "warning", R, NUL },
  { "direction", T, 0, 0, directions }, { "position", I },
};

static const WmColumn kpi_link_columns[] = {
  { "kpi_id", F, REQ, WM_ENTITY_KPI }, { "journey_id", F, NUL, WM_ENTITY_JOURNEY },
  { "stage_id", F, NUL, WM_ENTITY_STAGE }, { "touchpoint_id", F, NUL, WM_ENTITY_TOUCHPOINT },
};

static const WmColumn feed_columns[] = {
  { "kpi_id", F, REQ, WM_ENTITY_KPI }, { "type", T, REQ, 0, feed_types }, { "url", T, REQ },
  { "path", T }, { "time_path", T }, { "query", T }, { "column_name", T }, { "row_rule", T },
  { "auth", T, 0, 0, auths }, { "auth_header", T }, { "auth_user", T },
  { "interval_seconds", I }, { "timeout_seconds", I }, { "max_bytes", I }, { "enabled", B },
  { "state", T, 0, 0, feed_states }, { "state_message", T }, { "failures", I }, { "etag", T },
  { "last_modified", T }, { "last_attempt_at", I, NUL }, { "last_success_at", I, NUL },
  { "position", I },
};

static const WmColumn voice_guideline_columns[] = {
  { "name", T, REQ }, { "tone", T }, { "principles", T }, { "dos", T }, { "donts", T },
  { "examples", T }, { "position", I },
};

static const WmColumn voice_rule_columns[] = {
  { "guideline_id", F, REQ, WM_ENTITY_VOICE_GUIDELINE }, { "kind", T, REQ, 0, rule_kinds },
  { "pattern", T }, { "replacement", T }, { "max_length", I },
  { "channel_id", F, NUL, WM_ENTITY_CHANNEL }, { "severity", T, 0, 0, severities },
  { "message", T }, { "enabled", B }, { "position", I },
};

#define COLUMNS(c) c, G_N_ELEMENTS (c)

/* The nouns name a kind of item in edit labels such as “Add journey”. */
static const WmEntityInfo entities[WM_N_ENTITIES] = {
  { WM_ENTITY_PROJECT, "project", NULL, FALSE, "name", COLUMNS (project_columns),
    N_("project") },
  { WM_ENTITY_CHANNEL, "channel", NULL, TRUE, "name", COLUMNS (channel_columns),
    N_("channel") },
  { WM_ENTITY_PERSONA, "persona", NULL, TRUE, "name", COLUMNS (persona_columns),
    N_("persona") },
  { WM_ENTITY_PERSONA_ITEM, "persona_item", "persona_id", TRUE, "text",
    COLUMNS (persona_item_columns),
    N_("persona detail") },
  { WM_ENTITY_PERSONA_CHANNEL, "persona_channel", "persona_id", TRUE, NULL,
    COLUMNS (persona_channel_columns),
    N_("preferred channel") },
  { WM_ENTITY_JOURNEY, "journey", NULL, TRUE, "name", COLUMNS (journey_columns),
    N_("journey") },
  { WM_ENTITY_JOURNEY_PERSONA, "journey_persona", "journey_id", FALSE, NULL,
    COLUMNS (journey_persona_columns),
    N_("journey persona") },
  { WM_ENTITY_STAGE, "stage", "journey_id", TRUE, "name", COLUMNS (stage_columns),
    N_("stage") },
  { WM_ENTITY_LANE, "lane", "journey_id", TRUE, "name", COLUMNS (lane_columns),
    N_("lane") },
  { WM_ENTITY_TOUCHPOINT, "touchpoint", "journey_id", TRUE, "title",
    COLUMNS (touchpoint_columns),
    N_("touchpoint") },
  { WM_ENTITY_TOUCHPOINT_EMOTION, "touchpoint_emotion", "touchpoint_id", FALSE, NULL,
    COLUMNS (touchpoint_emotion_columns),
    N_("persona emotion") },
  { WM_ENTITY_CELL, "cell", "journey_id", FALSE, "text", COLUMNS (cell_columns),
    N_("lane text") },
  { WM_ENTITY_KPI, "kpi", NULL, TRUE, "name", COLUMNS (kpi_columns),
    N_("KPI") },
  { WM_ENTITY_KPI_LINK, "kpi_link", "kpi_id", FALSE, NULL, COLUMNS (kpi_link_columns),
    N_("KPI link") },
  { WM_ENTITY_FEED, "feed", "kpi_id", TRUE, "url", COLUMNS (feed_columns),
    N_("feed") },
  { WM_ENTITY_VOICE_GUIDELINE, "voice_guideline", NULL, TRUE, "name",
    COLUMNS (voice_guideline_columns),
    N_("voice guideline") },
  { WM_ENTITY_VOICE_RULE, "voice_rule", "guideline_id", TRUE, "pattern",
    COLUMNS (voice_rule_columns),
    N_("voice rule") },
};

const WmEntityInfo *
wm_entity_get_info (WmEntity entity)
{
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  return &entities[entity];
}

/**
 * wm_entity_get_noun:
 *
 * Returns: the translated name of one item of @entity, for labels such as
 *   “Add journey”, in the case it takes inside a sentence.
 */
const char *
wm_entity_get_noun (WmEntity entity)
{
  g_return_val_if_fail (entity < WM_N_ENTITIES, NULL);

  return _(entities[entity].noun);
}

const WmEntityInfo *
wm_entity_lookup_table (const char *table)
{
  for (guint i = 0; i < WM_N_ENTITIES; i++)
    {
      if (g_strcmp0 (entities[i].table, table) == 0)
        return &entities[i];
    }

  return NULL;
}

int
wm_entity_info_column_index (const WmEntityInfo *info,
                             const char         *name)
{
  for (guint i = 0; i < info->n_columns; i++)
    {
      if (g_strcmp0 (info->columns[i].name, name) == 0)
        return (int) i;
    }

  return -1;
}

const WmColumn *
wm_entity_info_get_column (const WmEntityInfo *info,
                           const char         *name)
{
  int i = wm_entity_info_column_index (info, name);

  return i < 0 ? NULL : &info->columns[i];
}
