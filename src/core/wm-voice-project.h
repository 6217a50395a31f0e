/* wm-voice-project.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"
#include "wm-voice.h"

G_BEGIN_DECLS

/* The brand voice of a project: its rules read into a checker, every
 * touchpoint's message copy checked, the consistency report, and the one
 * path by which rules are stored (validated first). */

/* One touchpoint's copy and what the checker found in it. */
typedef struct
{
  gint64     touchpoint_id;
  char      *touchpoint_uuid;
  char      *title;
  gint64     journey_id;
  char      *journey_name;
  char      *journey_state;    /* "as-is" or "to-be" */
  gint64     channel_id;       /* 0: the touchpoint has no channel */
  char      *channel_name;     /* "" without a channel */
  char      *text;
  GPtrArray *findings;         /* WmVoiceFinding, ordered by position */
} WmVoiceResult;

typedef struct
{
  GPtrArray *results;          /* WmVoiceResult, only touchpoints with copy, map order */
  GPtrArray *stopped;          /* char *: rules stopped by the regex limits (translated) */
  guint      n_invalid_rules;  /* stored rules that do not parse (older files) */
} WmVoiceReport;

/* Consistency of a set of results: the share of copy that passes. */
typedef struct
{
  guint  n_checked;
  guint  n_passing;
  guint  n_findings;
  guint  n_errors;
  double score;               /* n_passing / n_checked, 1.0 when nothing was checked */
} WmVoiceScore;

typedef enum
{
  WM_VOICE_EXPORT_MARKDOWN,
  WM_VOICE_EXPORT_CSV,
} WmVoiceExportFormat;

/* A checker for the project's enabled rules, each scoped to its channels. */
WmVoiceChecker *wm_voice_checker_new_for_store  (WmStore            *store,
                                                 GError            **error);
/* The channels a stored rule applies to, as row ids (empty: every channel). */
GArray         *wm_voice_rule_get_channels      (WmStore            *store,
                                                 WmRecord           *rule,
                                                 GError            **error);
/* Validates @rule (a WM_ENTITY_VOICE_RULE draft or copy) with
 * wm_voice_rule_validate() and, only if it parses, inserts it (id 0) or
 * updates it, scoped to @channel_ids (@n_channel_ids 0: every channel), as
 * one undoable edit. Fills in the draft's id on insert. */
gboolean        wm_voice_save_rule              (WmStore            *store,
                                                 WmRecord           *rule,
                                                 const gint64       *channel_ids,
                                                 guint               n_channel_ids,
                                                 GError            **error);
/* The plain rule a record describes; borrows the record's strings and
 * @channel_ids. FALSE if the record's kind or severity is unknown. */
gboolean        wm_voice_rule_spec_from_record  (WmRecord           *rule,
                                                 GArray             *channel_ids,
                                                 WmVoiceRuleSpec    *spec);

/* Checks every touchpoint's message copy (of journey @journey_id and channel
 * @channel_id; 0 for all) with @checker, or with the project's rules when
 * @checker is NULL. */
WmVoiceReport  *wm_voice_check_project          (WmStore            *store,
                                                 WmVoiceChecker     *checker,
                                                 gint64              journey_id,
                                                 gint64              channel_id,
                                                 GError            **error);
void            wm_voice_report_free            (WmVoiceReport      *report);
/* The score of the results of journey @journey_id and channel @channel_id
 * (0 for all; WM_VOICE_NO_CHANNEL for copy without a channel). */
#define WM_VOICE_NO_CHANNEL (-1)
WmVoiceScore    wm_voice_report_get_score       (WmVoiceReport      *report,
                                                 gint64              journey_id,
                                                 gint64              channel_id);
/* The report as a document: Markdown (score per journey and channel, then
 * every finding) or CSV (one row per finding, RFC 4180 quoting). */
char           *wm_voice_report_export          (WmVoiceReport      *report,
                                                 WmVoiceExportFormat format);

/* Findings per touchpoint of journey @journey_id (0: all journeys): a table
 * of touchpoint id (gint64 *) → count (GUINT_TO_POINTER); touchpoints whose
 * copy passes are absent. Read from the store; the map's cards count their
 * findings from the map's own snapshot instead, one card at a time as copy
 * changes (wm-journey-canvas.c). */
GHashTable     *wm_voice_count_findings_by_touchpoint (WmStore      *store,
                                                       gint64        journey_id,
                                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmVoiceReport, wm_voice_report_free)

G_END_DECLS
