/* wm-schema.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-schema"

#include "config.h"

#include "wm-schema.h"
#include "wm-store.h"

/* Version 1: the whole data model. Conventions:
 * - every row has an integer id (local), a uuid (stable across copies, for
 *   merging and linking) and created_at/modified_at (UTC seconds);
 * - enumerations are readable TEXT checked by CHECK constraints;
 * - children cascade with their parent; composite foreign keys keep a
 *   touchpoint's or cell's stage and lane inside its own journey;
 * - KPI samples are keyed by (kpi_id, time) WITHOUT ROWID: a project holds
 *   millions, and they are only ever read by KPI and time range.
 *
 * The text here is compared with the file's sqlite_schema on open: never
 * edit a released step, add a new one. */
static const char migration_1[] =
  "CREATE TABLE project ("
  " id INTEGER PRIMARY KEY CHECK (id = 1),"
  " uuid TEXT NOT NULL UNIQUE,"
  " name TEXT NOT NULL DEFAULT '',"
  " description TEXT NOT NULL DEFAULT '',"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"

  /* key names a built-in channel ('website', 'phone' …) whatever the
   * name it shows in this language or was renamed to; '' for a team's own. */
  "CREATE TABLE channel ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " key TEXT NOT NULL DEFAULT '',"
  " name TEXT NOT NULL,"
  " kind TEXT NOT NULL DEFAULT 'digital' CHECK (kind IN ('digital', 'analog', 'hybrid')),"
  " icon TEXT NOT NULL DEFAULT '',"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE persona ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " name TEXT NOT NULL,"
  " role TEXT NOT NULL DEFAULT '',"
  " description TEXT NOT NULL DEFAULT '',"
  " quote TEXT NOT NULL DEFAULT '',"
  " avatar BLOB,"
  " color TEXT NOT NULL DEFAULT '',"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE persona_item ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " persona_id INTEGER NOT NULL REFERENCES persona (id) ON DELETE CASCADE,"
  " kind TEXT NOT NULL CHECK (kind IN ('goal', 'pain', 'need', 'behaviour', 'motivation')),"
  " text TEXT NOT NULL,"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX persona_item_persona ON persona_item (persona_id, position);"

  "CREATE TABLE persona_channel ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " persona_id INTEGER NOT NULL REFERENCES persona (id) ON DELETE CASCADE,"
  " channel_id INTEGER NOT NULL REFERENCES channel (id) ON DELETE CASCADE,"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (persona_id, channel_id)"
  ");"
  "CREATE INDEX persona_channel_channel ON persona_channel (channel_id);"

  "CREATE TABLE journey ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " name TEXT NOT NULL,"
  " description TEXT NOT NULL DEFAULT '',"
  " state TEXT NOT NULL DEFAULT 'as-is' CHECK (state IN ('as-is', 'to-be')),"
  " as_is_journey_id INTEGER REFERENCES journey (id) ON DELETE SET NULL,"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX journey_as_is ON journey (as_is_journey_id);"

  "CREATE TABLE journey_persona ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " journey_id INTEGER NOT NULL REFERENCES journey (id) ON DELETE CASCADE,"
  " persona_id INTEGER NOT NULL REFERENCES persona (id) ON DELETE CASCADE,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (journey_id, persona_id)"
  ");"
  "CREATE INDEX journey_persona_persona ON journey_persona (persona_id);"

  "CREATE TABLE stage ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " journey_id INTEGER NOT NULL REFERENCES journey (id) ON DELETE CASCADE,"
  " name TEXT NOT NULL,"
  " description TEXT NOT NULL DEFAULT '',"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (journey_id, id)"
  ");"

  "CREATE TABLE lane ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " journey_id INTEGER NOT NULL REFERENCES journey (id) ON DELETE CASCADE,"
  " name TEXT NOT NULL,"
  " kind TEXT NOT NULL DEFAULT 'touchpoints' CHECK (kind IN ('touchpoints', 'text',"
  " 'emotion', 'kpi', 'backstage', 'opportunities', 'pain-points')),"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (journey_id, id)"
  ");"

  "CREATE TABLE touchpoint ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " journey_id INTEGER NOT NULL REFERENCES journey (id) ON DELETE CASCADE,"
  " stage_id INTEGER NOT NULL,"
  " lane_id INTEGER NOT NULL,"
  " channel_id INTEGER REFERENCES channel (id) ON DELETE SET NULL,"
  " title TEXT NOT NULL,"
  " customer_action TEXT NOT NULL DEFAULT '',"
  " message TEXT NOT NULL DEFAULT '',"
  " emotion INTEGER NOT NULL DEFAULT 0 CHECK (emotion BETWEEN -3 AND 3),"
  " moment_that_matters INTEGER NOT NULL DEFAULT 0 CHECK (moment_that_matters IN (0, 1)),"
  " mtm_reason TEXT NOT NULL DEFAULT '',"
  " dropout_risk TEXT NOT NULL DEFAULT 'none'"
  " CHECK (dropout_risk IN ('none', 'low', 'medium', 'high')),"
  " evidence TEXT NOT NULL DEFAULT 'assumed'"
  " CHECK (evidence IN ('observed', 'assumed', 'proposed')),"
  " context_carried INTEGER NOT NULL DEFAULT 1 CHECK (context_carried IN (0, 1)),"
  " owner TEXT NOT NULL DEFAULT '',"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " FOREIGN KEY (journey_id, stage_id) REFERENCES stage (journey_id, id) ON DELETE CASCADE,"
  " FOREIGN KEY (journey_id, lane_id) REFERENCES lane (journey_id, id) ON DELETE CASCADE"
  ");"
  "CREATE INDEX touchpoint_journey ON touchpoint (journey_id, position);"
  "CREATE INDEX touchpoint_stage ON touchpoint (journey_id, stage_id);"
  "CREATE INDEX touchpoint_lane ON touchpoint (journey_id, lane_id);"
  "CREATE INDEX touchpoint_channel ON touchpoint (channel_id);"

  "CREATE TABLE touchpoint_emotion ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " touchpoint_id INTEGER NOT NULL REFERENCES touchpoint (id) ON DELETE CASCADE,"
  " persona_id INTEGER NOT NULL REFERENCES persona (id) ON DELETE CASCADE,"
  " emotion INTEGER NOT NULL CHECK (emotion BETWEEN -3 AND 3),"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (touchpoint_id, persona_id)"
  ");"
  "CREATE INDEX touchpoint_emotion_persona ON touchpoint_emotion (persona_id);"

  "CREATE TABLE cell ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " journey_id INTEGER NOT NULL REFERENCES journey (id) ON DELETE CASCADE,"
  " stage_id INTEGER NOT NULL,"
  " lane_id INTEGER NOT NULL,"
  " text TEXT NOT NULL DEFAULT '',"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (stage_id, lane_id),"
  " FOREIGN KEY (journey_id, stage_id) REFERENCES stage (journey_id, id) ON DELETE CASCADE,"
  " FOREIGN KEY (journey_id, lane_id) REFERENCES lane (journey_id, id) ON DELETE CASCADE"
  ");"
  "CREATE INDEX cell_journey ON cell (journey_id);"
  "CREATE INDEX cell_lane ON cell (journey_id, lane_id);"

  "CREATE TABLE kpi ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " name TEXT NOT NULL,"
  " kind TEXT NOT NULL DEFAULT 'custom'"
  " CHECK (kind IN ('nps', 'csat', 'ces', 'fcr', 'retention', 'custom')),"
  " variant TEXT NOT NULL DEFAULT '',"
  " unit TEXT NOT NULL DEFAULT '',"
  " description TEXT NOT NULL DEFAULT '',"
  " target REAL,"
  " warning REAL,"
  " direction TEXT NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE kpi_sample ("
  " kpi_id INTEGER NOT NULL REFERENCES kpi (id) ON DELETE CASCADE,"
  " time INTEGER NOT NULL,"
  " value REAL NOT NULL,"
  " n INTEGER NOT NULL DEFAULT 0,"
  " source TEXT NOT NULL DEFAULT '',"
  " PRIMARY KEY (kpi_id, time)"
  ") WITHOUT ROWID;"

  "CREATE TABLE kpi_link ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " kpi_id INTEGER NOT NULL REFERENCES kpi (id) ON DELETE CASCADE,"
  " journey_id INTEGER REFERENCES journey (id) ON DELETE CASCADE,"
  " stage_id INTEGER REFERENCES stage (id) ON DELETE CASCADE,"
  " touchpoint_id INTEGER REFERENCES touchpoint (id) ON DELETE CASCADE,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " CHECK ((journey_id IS NOT NULL) + (stage_id IS NOT NULL)"
  " + (touchpoint_id IS NOT NULL) = 1)"
  ");"
  "CREATE INDEX kpi_link_kpi ON kpi_link (kpi_id);"
  "CREATE INDEX kpi_link_journey ON kpi_link (journey_id);"
  "CREATE INDEX kpi_link_stage ON kpi_link (stage_id);"
  "CREATE INDEX kpi_link_touchpoint ON kpi_link (touchpoint_id);"

  /* Credentials never live here: they are in the keyring, keyed by the
   * project's and the feed's uuid. auth_user is a user name, not a secret. */
  "CREATE TABLE feed ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " kpi_id INTEGER NOT NULL REFERENCES kpi (id) ON DELETE CASCADE,"
  " type TEXT NOT NULL CHECK (type IN ('json', 'prometheus', 'csv', 'responses')),"
  " url TEXT NOT NULL,"
  " path TEXT NOT NULL DEFAULT '',"
  " time_path TEXT NOT NULL DEFAULT '',"
  " query TEXT NOT NULL DEFAULT '',"
  " column_name TEXT NOT NULL DEFAULT '',"
  " row_rule TEXT NOT NULL DEFAULT '',"
  " auth TEXT NOT NULL DEFAULT 'none' CHECK (auth IN ('none', 'bearer', 'basic', 'header')),"
  " auth_header TEXT NOT NULL DEFAULT '',"
  " auth_user TEXT NOT NULL DEFAULT '',"
  " interval_seconds INTEGER NOT NULL DEFAULT 3600 CHECK (interval_seconds > 0),"
  " timeout_seconds INTEGER NOT NULL DEFAULT 30 CHECK (timeout_seconds > 0),"
  " max_bytes INTEGER NOT NULL DEFAULT 10485760 CHECK (max_bytes > 0),"
  " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  " state TEXT NOT NULL DEFAULT 'new'"
  " CHECK (state IN ('new', 'ok', 'stale', 'error', 'paused')),"
  " state_message TEXT NOT NULL DEFAULT '',"
  " failures INTEGER NOT NULL DEFAULT 0,"
  " etag TEXT NOT NULL DEFAULT '',"
  " last_modified TEXT NOT NULL DEFAULT '',"
  " last_attempt_at INTEGER,"
  " last_success_at INTEGER,"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX feed_kpi ON feed (kpi_id);"

  "CREATE TABLE voice_guideline ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " name TEXT NOT NULL,"
  " tone TEXT NOT NULL DEFAULT '',"
  " principles TEXT NOT NULL DEFAULT '',"
  " dos TEXT NOT NULL DEFAULT '',"
  " donts TEXT NOT NULL DEFAULT '',"
  " examples TEXT NOT NULL DEFAULT '',"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE voice_rule ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " guideline_id INTEGER NOT NULL REFERENCES voice_guideline (id) ON DELETE CASCADE,"
  " kind TEXT NOT NULL CHECK (kind IN ('banned', 'preferred', 'max-length', 'required',"
  " 'capitalization')),"
  " pattern TEXT NOT NULL DEFAULT '',"
  " replacement TEXT NOT NULL DEFAULT '',"
  " max_length INTEGER NOT NULL DEFAULT 0 CHECK (max_length >= 0),"
  " channel_id INTEGER REFERENCES channel (id) ON DELETE CASCADE,"
  " severity TEXT NOT NULL DEFAULT 'warning'"
  " CHECK (severity IN ('error', 'warning', 'suggestion')),"
  " message TEXT NOT NULL DEFAULT '',"
  " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX voice_rule_guideline ON voice_rule (guideline_id, position);"
  "CREATE INDEX voice_rule_channel ON voice_rule (channel_id);"
  "CREATE INDEX stage_journey ON stage (journey_id, position);"
  "CREATE INDEX lane_journey ON lane (journey_id, position);";

/* Version 2: what personas, brand voice, KPIs and to-be journeys need.
 * - persona: segment, age range, location and the evidence behind it;
 * - voice_rule: a 'regex' kind, and scoping to any set of channels through
 *   voice_rule_channel (no rows: every channel) instead of one channel_id —
 *   SQLite cannot change a CHECK constraint, so the table is rebuilt;
 * - voice_example: on- and off-brand examples, per channel or for any;
 * - kpi_response: raw survey answers, from which KPIs are computed; like
 *   samples, bulk data without uuids;
 * - kpi_sample.margin: the 95 % margin of error of a value, when known;
 * - touchpoint.origin_uuid: the as-is touchpoint a to-be one was made from. */
static const char migration_2[] =
  "ALTER TABLE persona ADD COLUMN segment TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE persona ADD COLUMN age_range TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE persona ADD COLUMN location TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE persona ADD COLUMN evidence TEXT NOT NULL DEFAULT 'assumed'"
  " CHECK (evidence IN ('research', 'assumed'));"

  /* v1's index of that name would clash with the new table's. */
  "DROP INDEX voice_rule_channel;"
  "CREATE TABLE voice_rule_new ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " guideline_id INTEGER NOT NULL REFERENCES voice_guideline (id) ON DELETE CASCADE,"
  " kind TEXT NOT NULL CHECK (kind IN ('banned', 'preferred', 'max-length', 'required',"
  " 'capitalization', 'regex')),"
  " pattern TEXT NOT NULL DEFAULT '',"
  " replacement TEXT NOT NULL DEFAULT '',"
  " max_length INTEGER NOT NULL DEFAULT 0 CHECK (max_length >= 0),"
  " severity TEXT NOT NULL DEFAULT 'warning'"
  " CHECK (severity IN ('error', 'warning', 'suggestion')),"
  " message TEXT NOT NULL DEFAULT '',"
  " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE voice_rule_channel ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " rule_id INTEGER NOT NULL REFERENCES voice_rule (id) ON DELETE CASCADE,"
  " channel_id INTEGER NOT NULL REFERENCES channel (id) ON DELETE CASCADE,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL,"
  " UNIQUE (rule_id, channel_id)"
  ");"
  "INSERT INTO voice_rule_new (id, uuid, guideline_id, kind, pattern, replacement, max_length,"
  " severity, message, enabled, position, created_at, modified_at)"
  " SELECT id, uuid, guideline_id, kind, pattern, replacement, max_length, severity, message,"
  " enabled, position, created_at, modified_at FROM voice_rule;"
  /* The rule's one channel becomes its one scope row; the uuid is derived
   * from the rule's, so that every copy of a project migrates alike. */
  "INSERT INTO voice_rule_channel (uuid, rule_id, channel_id, created_at, modified_at)"
  " SELECT CASE WHEN substr(uuid, 1, 1) = 'c' THEN 'd' ELSE 'c' END || substr(uuid, 2),"
  " id, channel_id, created_at, modified_at FROM voice_rule"
  " WHERE channel_id IS NOT NULL;"
  "DROP TABLE voice_rule;"
  "ALTER TABLE voice_rule_new RENAME TO voice_rule;"
  "CREATE INDEX voice_rule_guideline ON voice_rule (guideline_id, position);"
  "CREATE INDEX voice_rule_channel_channel ON voice_rule_channel (channel_id);"

  "CREATE TABLE voice_example ("
  " id INTEGER PRIMARY KEY,"
  " uuid TEXT NOT NULL UNIQUE,"
  " guideline_id INTEGER NOT NULL REFERENCES voice_guideline (id) ON DELETE CASCADE,"
  " channel_id INTEGER REFERENCES channel (id) ON DELETE SET NULL,"
  " on_brand INTEGER NOT NULL DEFAULT 1 CHECK (on_brand IN (0, 1)),"
  " text TEXT NOT NULL DEFAULT '',"
  " note TEXT NOT NULL DEFAULT '',"
  " position INTEGER NOT NULL DEFAULT 0,"
  " created_at INTEGER NOT NULL,"
  " modified_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX voice_example_guideline ON voice_example (guideline_id, position);"
  "CREATE INDEX voice_example_channel ON voice_example (channel_id);"

  "CREATE TABLE kpi_response ("
  " id INTEGER PRIMARY KEY,"
  " kpi_id INTEGER NOT NULL REFERENCES kpi (id) ON DELETE CASCADE,"
  " time INTEGER NOT NULL,"
  " score REAL NOT NULL,"
  " source TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX kpi_response_kpi ON kpi_response (kpi_id, time);"

  "ALTER TABLE kpi_sample ADD COLUMN margin REAL CHECK (margin IS NULL OR margin >= 0);"
  "ALTER TABLE touchpoint ADD COLUMN origin_uuid TEXT NOT NULL DEFAULT '';";

/* Version 3:
 * - feed.scale: what each value a JSON, Prometheus or CSV feed extracts is
 *   multiplied by, 100 for a backend that gives a share as a fraction
 *   (0.92 for a KPI kept in per cent). */
static const char migration_3[] =
  "ALTER TABLE feed ADD COLUMN scale REAL NOT NULL DEFAULT 1 CHECK (scale > 0);";

static const char *const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == WM_SCHEMA_VERSION);

const char *const *
wm_schema_get_migrations (void)
{
  return migrations;
}
