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

/* The user columns of every table of wm-schema.c, in table order, each at the
 * index its WM_<ENTITY>_<COLUMN> constant names. A test compares this with
 * PRAGMA table_info of a new project, so the two cannot drift apart silently. */

#define T WM_COLUMN_TEXT
#define I WM_COLUMN_INT
#define R WM_COLUMN_REAL
#define B WM_COLUMN_BOOL
#define F WM_COLUMN_REF
#define BLOB WM_COLUMN_BLOB
#define REQ WM_COLUMN_REQUIRED
#define NUL WM_COLUMN_NULLABLE
#define COL(c) WM_COLUMN_INDEX (c)

/* Choice values and their labels: the one place UI, CLI and demo read them from.
 * Labels are translated with the column's context (wm_column_choice_label()). */

static const WmChoice channel_kinds[] = {
  { "digital", NC_("channel kind", "Digital") },
  { "analog", NC_("channel kind", "Analog") },
  { "hybrid", NC_("channel kind", "Hybrid") },
  { NULL }
};

static const WmChoice persona_evidences[] = {
  { "research", NC_("persona evidence", "Based on research") },
  { "assumed", NC_("persona evidence", "Assumed") },
  { NULL }
};

static const WmChoice item_kinds[] = {
  { "goal", NC_("persona detail", "Goal") },
  { "pain", NC_("persona detail", "Pain point") },
  { "need", NC_("persona detail", "Need") },
  { "behaviour", NC_("persona detail", "Behaviour") },
  { "motivation", NC_("persona detail", "Motivation") },
  { NULL }
};

static const WmChoice journey_states[] = {
  { "as-is", NC_("journey state", "As-is") },
  { "to-be", NC_("journey state", "To-be") },
  { NULL }
};

static const WmChoice lane_kinds[] = {
  { "touchpoints", NC_("lane kind", "Touchpoints") },
  { "text", NC_("lane kind", "Notes") },
  { "emotion", NC_("lane kind", "Emotion curve") },
  { "kpi", NC_("lane kind", "KPIs") },
  { "backstage", NC_("lane kind", "Backstage") },
  { "opportunities", NC_("lane kind", "Opportunities") },
  { "pain-points", NC_("lane kind", "Pain points") },
  { NULL }
};

static const WmChoice risks[] = {
  { "none", NC_("drop-out risk", "None") },
  { "low", NC_("drop-out risk", "Low") },
  { "medium", NC_("drop-out risk", "Medium") },
  { "high", NC_("drop-out risk", "High") },
  { NULL }
};

static const WmChoice evidences[] = {
  { "observed", NC_("evidence", "Observed") },
  { "assumed", NC_("evidence", "Assumed") },
  { "proposed", NC_("evidence", "Proposed") },
  { NULL }
};

static const WmChoice kpi_kinds[] = {
  { "nps", NC_("KPI kind", "Net Promoter Score") },
  { "csat", NC_("KPI kind", "Customer satisfaction (CSAT)") },
  { "ces", NC_("KPI kind", "Customer Effort Score") },
  { "fcr", NC_("KPI kind", "First contact resolution") },
  { "retention", NC_("KPI kind", "Retention rate") },
  { "custom", NC_("KPI kind", "Custom") },
  { NULL }
};

/* How a score KPI is summarised: "" is the kind's standard (NPS: promoters −
 * detractors; CSAT: top-two box; CES: mean). */
static const WmChoice kpi_variants[] = {
  { "", NC_("KPI variant", "Standard") },
  { "top2box", NC_("KPI variant", "Share of top scores") },
  { "mean", NC_("KPI variant", "Mean score") },
  { NULL }
};

static const WmChoice directions[] = {
  { "higher", NC_("KPI direction", "Higher is better") },
  { "lower", NC_("KPI direction", "Lower is better") },
  { NULL }
};

static const WmChoice feed_types[] = {
  { "json", NC_("feed type", "JSON") },
  { "prometheus", NC_("feed type", "Prometheus") },
  { "csv", NC_("feed type", "CSV") },
  { "responses", NC_("feed type", "Raw answers") },
  { NULL }
};

static const WmChoice auths[] = {
  { "none", NC_("feed authentication", "None") },
  { "bearer", NC_("feed authentication", "Bearer token") },
  { "basic", NC_("feed authentication", "User name and password") },
  { "header", NC_("feed authentication", "Custom header") },
  { NULL }
};

static const WmChoice feed_states[] = {
  { "new", NC_("feed state", "Not fetched yet") },
  { "ok", NC_("feed state", "Up to date") },
  { "stale", NC_("feed state", "Stale") },
  { "error", NC_("feed state", "Failed") },
  { "paused", NC_("feed state", "Paused") },
  { NULL }
};

static const WmChoice rule_kinds[] = {
  { "banned", NC_("voice rule kind", "Banned term") },
  { "preferred", NC_("voice rule kind", "Preferred term") },
  { "max-length", NC_("voice rule kind", "Maximum length") },
  { "required", NC_("voice rule kind", "Required element") },
  { "capitalization", NC_("voice rule kind", "Spelling of a name") },
  { "regex", NC_("voice rule kind", "Pattern") },
  { NULL }
};

static const WmChoice severities[] = {
  { "error", NC_("voice rule severity", "Error") },
  { "warning", NC_("voice rule severity", "Warning") },
  { "suggestion", NC_("voice rule severity", "Suggestion") },
  { NULL }
};

static const WmColumn project_columns[] = {
  [COL (WM_PROJECT_NAME)] = { "name", T },
  [COL (WM_PROJECT_DESCRIPTION)] = { "description", T },
};
G_STATIC_ASSERT (G_N_ELEMENTS (project_columns) == COL (WM_PROJECT_DESCRIPTION) + 1);

static const WmColumn channel_columns[] = {
  [COL (WM_CHANNEL_KEY)] = { "key", T },
  [COL (WM_CHANNEL_NAME)] = { "name", T, REQ },
  [COL (WM_CHANNEL_KIND)] = { "kind", T, 0, 0, channel_kinds, "channel kind" },
  [COL (WM_CHANNEL_ICON)] = { "icon", T },
  [COL (WM_CHANNEL_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (channel_columns) == COL (WM_CHANNEL_POSITION) + 1);

static const WmColumn persona_columns[] = {
  [COL (WM_PERSONA_NAME)] = { "name", T, REQ },
  [COL (WM_PERSONA_ROLE)] = { "role", T },
  [COL (WM_PERSONA_DESCRIPTION)] = { "description", T },
  [COL (WM_PERSONA_QUOTE)] = { "quote", T },
  [COL (WM_PERSONA_AVATAR)] = { "avatar", BLOB, NUL },
  [COL (WM_PERSONA_COLOR)] = { "color", T },
  [COL (WM_PERSONA_POSITION)] = { "position", I },
  [COL (WM_PERSONA_SEGMENT)] = { "segment", T },
  [COL (WM_PERSONA_AGE_RANGE)] = { "age_range", T },
  [COL (WM_PERSONA_LOCATION)] = { "location", T },
  [COL (WM_PERSONA_EVIDENCE)] = { "evidence", T, 0, 0, persona_evidences, "persona evidence" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (persona_columns) == COL (WM_PERSONA_EVIDENCE) + 1);

static const WmColumn persona_item_columns[] = {
  [COL (WM_PERSONA_ITEM_PERSONA_ID)] = { "persona_id", F, REQ, WM_ENTITY_PERSONA },
  [COL (WM_PERSONA_ITEM_KIND)] = { "kind", T, REQ, 0, item_kinds, "persona detail" },
  [COL (WM_PERSONA_ITEM_TEXT)] = { "text", T, REQ },
  [COL (WM_PERSONA_ITEM_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (persona_item_columns) == COL (WM_PERSONA_ITEM_POSITION) + 1);

static const WmColumn persona_channel_columns[] = {
  [COL (WM_PERSONA_CHANNEL_PERSONA_ID)] = { "persona_id", F, REQ, WM_ENTITY_PERSONA },
  [COL (WM_PERSONA_CHANNEL_CHANNEL_ID)] = { "channel_id", F, REQ, WM_ENTITY_CHANNEL },
  [COL (WM_PERSONA_CHANNEL_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (persona_channel_columns) == COL (WM_PERSONA_CHANNEL_POSITION) + 1);

static const WmColumn journey_columns[] = {
  [COL (WM_JOURNEY_NAME)] = { "name", T, REQ },
  [COL (WM_JOURNEY_DESCRIPTION)] = { "description", T },
  [COL (WM_JOURNEY_STATE)] = { "state", T, 0, 0, journey_states, "journey state" },
  [COL (WM_JOURNEY_AS_IS_JOURNEY_ID)] = { "as_is_journey_id", F, NUL, WM_ENTITY_JOURNEY },
  [COL (WM_JOURNEY_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (journey_columns) == COL (WM_JOURNEY_POSITION) + 1);

static const WmColumn journey_persona_columns[] = {
  [COL (WM_JOURNEY_PERSONA_JOURNEY_ID)] = { "journey_id", F, REQ, WM_ENTITY_JOURNEY },
  [COL (WM_JOURNEY_PERSONA_PERSONA_ID)] = { "persona_id", F, REQ, WM_ENTITY_PERSONA },
};
G_STATIC_ASSERT (G_N_ELEMENTS (journey_persona_columns) == COL (WM_JOURNEY_PERSONA_PERSONA_ID) + 1);

static const WmColumn stage_columns[] = {
  [COL (WM_STAGE_JOURNEY_ID)] = { "journey_id", F, REQ, WM_ENTITY_JOURNEY },
  [COL (WM_STAGE_NAME)] = { "name", T, REQ },
  [COL (WM_STAGE_DESCRIPTION)] = { "description", T },
  [COL (WM_STAGE_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (stage_columns) == COL (WM_STAGE_POSITION) + 1);

static const WmColumn lane_columns[] = {
  [COL (WM_LANE_JOURNEY_ID)] = { "journey_id", F, REQ, WM_ENTITY_JOURNEY },
  [COL (WM_LANE_NAME)] = { "name", T, REQ },
  [COL (WM_LANE_KIND)] = { "kind", T, 0, 0, lane_kinds, "lane kind" },
  [COL (WM_LANE_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (lane_columns) == COL (WM_LANE_POSITION) + 1);

static const WmColumn touchpoint_columns[] = {
  [COL (WM_TOUCHPOINT_JOURNEY_ID)] = { "journey_id", F, REQ, WM_ENTITY_JOURNEY },
  [COL (WM_TOUCHPOINT_STAGE_ID)] = { "stage_id", F, REQ, WM_ENTITY_STAGE },
  [COL (WM_TOUCHPOINT_LANE_ID)] = { "lane_id", F, REQ, WM_ENTITY_LANE },
  [COL (WM_TOUCHPOINT_CHANNEL_ID)] = { "channel_id", F, NUL, WM_ENTITY_CHANNEL },
  [COL (WM_TOUCHPOINT_TITLE)] = { "title", T, REQ },
  [COL (WM_TOUCHPOINT_CUSTOMER_ACTION)] = { "customer_action", T },
  [COL (WM_TOUCHPOINT_MESSAGE)] = { "message", T },
  [COL (WM_TOUCHPOINT_EMOTION)] = { "emotion", I },
  [COL (WM_TOUCHPOINT_MOMENT_THAT_MATTERS)] = { "moment_that_matters", B },
  [COL (WM_TOUCHPOINT_MTM_REASON)] = { "mtm_reason", T },
  [COL (WM_TOUCHPOINT_DROPOUT_RISK)] = { "dropout_risk", T, 0, 0, risks, "drop-out risk" },
  [COL (WM_TOUCHPOINT_EVIDENCE)] = { "evidence", T, 0, 0, evidences, "evidence" },
  [COL (WM_TOUCHPOINT_CONTEXT_CARRIED)] = { "context_carried", B },
  [COL (WM_TOUCHPOINT_OWNER)] = { "owner", T },
  [COL (WM_TOUCHPOINT_POSITION)] = { "position", I },
  [COL (WM_TOUCHPOINT_ORIGIN_UUID)] = { "origin_uuid", T },
};
G_STATIC_ASSERT (G_N_ELEMENTS (touchpoint_columns) == COL (WM_TOUCHPOINT_ORIGIN_UUID) + 1);

static const WmColumn touchpoint_emotion_columns[] = {
  [COL (WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID)] = { "touchpoint_id", F, REQ, WM_ENTITY_TOUCHPOINT },
  [COL (WM_TOUCHPOINT_EMOTION_PERSONA_ID)] = { "persona_id", F, REQ, WM_ENTITY_PERSONA },
  [COL (WM_TOUCHPOINT_EMOTION_EMOTION)] = { "emotion", I, REQ },
};
G_STATIC_ASSERT (G_N_ELEMENTS (touchpoint_emotion_columns) == COL (WM_TOUCHPOINT_EMOTION_EMOTION) + 1);

static const WmColumn cell_columns[] = {
  [COL (WM_CELL_JOURNEY_ID)] = { "journey_id", F, REQ, WM_ENTITY_JOURNEY },
  [COL (WM_CELL_STAGE_ID)] = { "stage_id", F, REQ, WM_ENTITY_STAGE },
  [COL (WM_CELL_LANE_ID)] = { "lane_id", F, REQ, WM_ENTITY_LANE },
  [COL (WM_CELL_TEXT)] = { "text", T },
};
G_STATIC_ASSERT (G_N_ELEMENTS (cell_columns) == COL (WM_CELL_TEXT) + 1);

static const WmColumn kpi_columns[] = {
  [COL (WM_KPI_NAME)] = { "name", T, REQ },
  [COL (WM_KPI_KIND)] = { "kind", T, 0, 0, kpi_kinds, "KPI kind" },
  [COL (WM_KPI_VARIANT)] = { "variant", T, 0, 0, kpi_variants, "KPI variant" },
  [COL (WM_KPI_UNIT)] = { "unit", T },
  [COL (WM_KPI_DESCRIPTION)] = { "description", T },
  [COL (WM_KPI_TARGET)] = { "target", R, NUL },
  [COL (WM_KPI_WARNING)] = { "warning", R, NUL },
  [COL (WM_KPI_DIRECTION)] = { "direction", T, 0, 0, directions, "KPI direction" },
  [COL (WM_KPI_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (kpi_columns) == COL (WM_KPI_POSITION) + 1);

static const WmColumn kpi_link_columns[] = {
  [COL (WM_KPI_LINK_KPI_ID)] = { "kpi_id", F, REQ, WM_ENTITY_KPI },
  [COL (WM_KPI_LINK_JOURNEY_ID)] = { "journey_id", F, NUL, WM_ENTITY_JOURNEY },
  [COL (WM_KPI_LINK_STAGE_ID)] = { "stage_id", F, NUL, WM_ENTITY_STAGE },
  [COL (WM_KPI_LINK_TOUCHPOINT_ID)] = { "touchpoint_id", F, NUL, WM_ENTITY_TOUCHPOINT },
};
G_STATIC_ASSERT (G_N_ELEMENTS (kpi_link_columns) == COL (WM_KPI_LINK_TOUCHPOINT_ID) + 1);

static const WmColumn feed_columns[] = {
  [COL (WM_FEED_KPI_ID)] = { "kpi_id", F, REQ, WM_ENTITY_KPI },
  [COL (WM_FEED_TYPE)] = { "type", T, REQ, 0, feed_types, "feed type" },
  [COL (WM_FEED_URL)] = { "url", T, REQ },
  [COL (WM_FEED_PATH)] = { "path", T },
  [COL (WM_FEED_TIME_PATH)] = { "time_path", T },
  [COL (WM_FEED_QUERY)] = { "query", T },
  [COL (WM_FEED_COLUMN_NAME)] = { "column_name", T },
  [COL (WM_FEED_ROW_RULE)] = { "row_rule", T },
  [COL (WM_FEED_AUTH)] = { "auth", T, 0, 0, auths, "feed authentication" },
  [COL (WM_FEED_AUTH_HEADER)] = { "auth_header", T },
  [COL (WM_FEED_AUTH_USER)] = { "auth_user", T },
  [COL (WM_FEED_INTERVAL_SECONDS)] = { "interval_seconds", I },
  [COL (WM_FEED_TIMEOUT_SECONDS)] = { "timeout_seconds", I },
  [COL (WM_FEED_MAX_BYTES)] = { "max_bytes", I },
  [COL (WM_FEED_ENABLED)] = { "enabled", B },
  [COL (WM_FEED_STATE)] = { "state", T, 0, 0, feed_states, "feed state" },
  [COL (WM_FEED_STATE_MESSAGE)] = { "state_message", T },
  [COL (WM_FEED_FAILURES)] = { "failures", I },
  [COL (WM_FEED_ETAG)] = { "etag", T },
  [COL (WM_FEED_LAST_MODIFIED)] = { "last_modified", T },
  [COL (WM_FEED_LAST_ATTEMPT_AT)] = { "last_attempt_at", I, NUL },
  [COL (WM_FEED_LAST_SUCCESS_AT)] = { "last_success_at", I, NUL },
  [COL (WM_FEED_POSITION)] = { "position", I },
  [COL (WM_FEED_SCALE)] = { "scale", R },
};
G_STATIC_ASSERT (G_N_ELEMENTS (feed_columns) == COL (WM_FEED_SCALE) + 1);

static const WmColumn voice_guideline_columns[] = {
  [COL (WM_VOICE_GUIDELINE_NAME)] = { "name", T, REQ },
  [COL (WM_VOICE_GUIDELINE_TONE)] = { "tone", T },
  [COL (WM_VOICE_GUIDELINE_PRINCIPLES)] = { "principles", T },
  [COL (WM_VOICE_GUIDELINE_DOS)] = { "dos", T },
  [COL (WM_VOICE_GUIDELINE_DONTS)] = { "donts", T },
  [COL (WM_VOICE_GUIDELINE_EXAMPLES)] = { "examples", T },
  [COL (WM_VOICE_GUIDELINE_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (voice_guideline_columns) == COL (WM_VOICE_GUIDELINE_POSITION) + 1);

static const WmColumn voice_rule_columns[] = {
  [COL (WM_VOICE_RULE_GUIDELINE_ID)] = { "guideline_id", F, REQ, WM_ENTITY_VOICE_GUIDELINE },
  [COL (WM_VOICE_RULE_KIND)] = { "kind", T, REQ, 0, rule_kinds, "voice rule kind" },
  [COL (WM_VOICE_RULE_PATTERN)] = { "pattern", T },
  [COL (WM_VOICE_RULE_REPLACEMENT)] = { "replacement", T },
  [COL (WM_VOICE_RULE_MAX_LENGTH)] = { "max_length", I },
  [COL (WM_VOICE_RULE_SEVERITY)] = { "severity", T, 0, 0, severities, "voice rule severity" },
  [COL (WM_VOICE_RULE_MESSAGE)] = { "message", T },
  [COL (WM_VOICE_RULE_ENABLED)] = { "enabled", B },
  [COL (WM_VOICE_RULE_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (voice_rule_columns) == COL (WM_VOICE_RULE_POSITION) + 1);

static const WmColumn voice_rule_channel_columns[] = {
  [COL (WM_VOICE_RULE_CHANNEL_RULE_ID)] = { "rule_id", F, REQ, WM_ENTITY_VOICE_RULE },
  [COL (WM_VOICE_RULE_CHANNEL_CHANNEL_ID)] = { "channel_id", F, REQ, WM_ENTITY_CHANNEL },
};
G_STATIC_ASSERT (G_N_ELEMENTS (voice_rule_channel_columns) == COL (WM_VOICE_RULE_CHANNEL_CHANNEL_ID) + 1);

static const WmColumn voice_example_columns[] = {
  [COL (WM_VOICE_EXAMPLE_GUIDELINE_ID)] = { "guideline_id", F, REQ, WM_ENTITY_VOICE_GUIDELINE },
  [COL (WM_VOICE_EXAMPLE_CHANNEL_ID)] = { "channel_id", F, NUL, WM_ENTITY_CHANNEL },
  [COL (WM_VOICE_EXAMPLE_ON_BRAND)] = { "on_brand", B },
  [COL (WM_VOICE_EXAMPLE_TEXT)] = { "text", T },
  [COL (WM_VOICE_EXAMPLE_NOTE)] = { "note", T },
  [COL (WM_VOICE_EXAMPLE_POSITION)] = { "position", I },
};
G_STATIC_ASSERT (G_N_ELEMENTS (voice_example_columns) == COL (WM_VOICE_EXAMPLE_POSITION) + 1);


#define COLUMNS(c) c, G_N_ELEMENTS (c)

/* The nouns name a kind of item in edit labels such as “Add journey”. */
static const WmEntityInfo entities[WM_N_ENTITIES] = {
  { WM_ENTITY_PROJECT, "project", WM_COLUMN_NONE, WM_COLUMN_NONE, WM_PROJECT_NAME,
    COLUMNS (project_columns), N_("project") },
  { WM_ENTITY_CHANNEL, "channel", WM_COLUMN_NONE, WM_CHANNEL_POSITION, WM_CHANNEL_NAME,
    COLUMNS (channel_columns), N_("channel") },
  { WM_ENTITY_PERSONA, "persona", WM_COLUMN_NONE, WM_PERSONA_POSITION, WM_PERSONA_NAME,
    COLUMNS (persona_columns), N_("persona") },
  { WM_ENTITY_PERSONA_ITEM, "persona_item", WM_PERSONA_ITEM_PERSONA_ID, WM_PERSONA_ITEM_POSITION,
    WM_PERSONA_ITEM_TEXT, COLUMNS (persona_item_columns), N_("persona detail") },
  { WM_ENTITY_PERSONA_CHANNEL, "persona_channel", WM_PERSONA_CHANNEL_PERSONA_ID, WM_PERSONA_CHANNEL_POSITION,
    WM_COLUMN_NONE, COLUMNS (persona_channel_columns), N_("preferred channel") },
  { WM_ENTITY_JOURNEY, "journey", WM_COLUMN_NONE, WM_JOURNEY_POSITION, WM_JOURNEY_NAME,
    COLUMNS (journey_columns), N_("journey") },
  { WM_ENTITY_JOURNEY_PERSONA, "journey_persona", WM_JOURNEY_PERSONA_JOURNEY_ID, WM_COLUMN_NONE,
    WM_COLUMN_NONE, COLUMNS (journey_persona_columns), N_("journey persona") },
  { WM_ENTITY_STAGE, "stage", WM_STAGE_JOURNEY_ID, WM_STAGE_POSITION, WM_STAGE_NAME,
    COLUMNS (stage_columns), N_("stage") },
  { WM_ENTITY_LANE, "lane", WM_LANE_JOURNEY_ID, WM_LANE_POSITION, WM_LANE_NAME,
    COLUMNS (lane_columns), N_("lane") },
  { WM_ENTITY_TOUCHPOINT, "touchpoint", WM_TOUCHPOINT_JOURNEY_ID, WM_TOUCHPOINT_POSITION, WM_TOUCHPOINT_TITLE,
    COLUMNS (touchpoint_columns), N_("touchpoint") },
  { WM_ENTITY_TOUCHPOINT_EMOTION, "touchpoint_emotion", WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID,
    WM_COLUMN_NONE, WM_COLUMN_NONE, COLUMNS (touchpoint_emotion_columns), N_("persona emotion") },
  { WM_ENTITY_CELL, "cell", WM_CELL_JOURNEY_ID, WM_COLUMN_NONE, WM_CELL_TEXT,
    COLUMNS (cell_columns), N_("lane text") },
  { WM_ENTITY_KPI, "kpi", WM_COLUMN_NONE, WM_KPI_POSITION, WM_KPI_NAME,
    COLUMNS (kpi_columns), N_("KPI") },
  { WM_ENTITY_KPI_LINK, "kpi_link", WM_KPI_LINK_KPI_ID, WM_COLUMN_NONE, WM_COLUMN_NONE,
    COLUMNS (kpi_link_columns), N_("KPI link") },
  { WM_ENTITY_FEED, "feed", WM_FEED_KPI_ID, WM_FEED_POSITION, WM_FEED_URL,
    COLUMNS (feed_columns), N_("feed") },
  { WM_ENTITY_VOICE_GUIDELINE, "voice_guideline", WM_COLUMN_NONE, WM_VOICE_GUIDELINE_POSITION, WM_VOICE_GUIDELINE_NAME,
    COLUMNS (voice_guideline_columns), N_("voice guideline") },
  { WM_ENTITY_VOICE_RULE, "voice_rule", WM_VOICE_RULE_GUIDELINE_ID, WM_VOICE_RULE_POSITION,
    WM_VOICE_RULE_PATTERN, COLUMNS (voice_rule_columns), N_("voice rule") },
  { WM_ENTITY_VOICE_RULE_CHANNEL, "voice_rule_channel", WM_VOICE_RULE_CHANNEL_RULE_ID, WM_COLUMN_NONE,
    WM_COLUMN_NONE, COLUMNS (voice_rule_channel_columns), N_("rule channel") },
  { WM_ENTITY_VOICE_EXAMPLE, "voice_example", WM_VOICE_EXAMPLE_GUIDELINE_ID, WM_VOICE_EXAMPLE_POSITION,
    WM_VOICE_EXAMPLE_TEXT, COLUMNS (voice_example_columns), N_("voice example") },
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

WmColumnId
wm_entity_find_column (WmEntity    entity,
                       const char *name)
{
  const WmEntityInfo *info;

  g_return_val_if_fail (entity < WM_N_ENTITIES, WM_COLUMN_NONE);

  info = &entities[entity];
  for (guint i = 0; i < info->n_columns; i++)
    {
      if (g_strcmp0 (info->columns[i].name, name) == 0)
        return WM_COLUMN_ID (entity, i);
    }

  return WM_COLUMN_NONE;
}

WmColumnId
wm_entity_column_at (WmEntity entity,
                     guint    index)
{
  g_return_val_if_fail (entity < WM_N_ENTITIES, WM_COLUMN_NONE);
  g_return_val_if_fail (index < entities[entity].n_columns, WM_COLUMN_NONE);

  return WM_COLUMN_ID (entity, index);
}

gboolean
wm_column_is_valid (WmColumnId column)
{
  guint entity = column >> 8;

  return entity >= 1 && entity <= WM_N_ENTITIES &&
         WM_COLUMN_INDEX (column) < entities[entity - 1].n_columns;
}

WmEntity
wm_column_get_entity (WmColumnId column)
{
  g_return_val_if_fail (wm_column_is_valid (column), WM_ENTITY_PROJECT);

  return WM_COLUMN_ENTITY (column);
}

const WmColumn *
wm_column_get_info (WmColumnId column)
{
  g_return_val_if_fail (wm_column_is_valid (column), NULL);

  return &entities[WM_COLUMN_ENTITY (column)].columns[WM_COLUMN_INDEX (column)];
}

const char *
wm_column_get_name (WmColumnId column)
{
  const WmColumn *info = wm_column_get_info (column);

  return info ? info->name : NULL;
}

const WmChoice *
wm_column_get_choices (WmColumnId column)
{
  const WmColumn *info = wm_column_get_info (column);

  return info ? info->choices : NULL;
}

int
wm_column_choice_index (WmColumnId  column,
                        const char *value)
{
  const WmChoice *choices = wm_column_get_choices (column);

  for (int i = 0; choices != NULL && choices[i].value != NULL; i++)
    {
      if (g_strcmp0 (choices[i].value, value) == 0)
        return i;
    }

  return -1;
}

const char *
wm_column_choice_label (WmColumnId  column,
                        const char *value)
{
  const WmColumn *info = wm_column_get_info (column);
  int i = wm_column_choice_index (column, value);

  if (i < 0)
    return NULL;

  return g_dpgettext2 (GETTEXT_PACKAGE, info->context, info->choices[i].label);
}
