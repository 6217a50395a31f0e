/* wm-voice.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The brand-voice checker: rules in the spirit of the Vale prose linter,
 * checked over message copy. This part knows nothing of the store; see
 * wm-voice-project.h for rules read from a project and whole-project reports.
 *
 * Text model (what "a word", "the same term" and "a character" mean):
 *  - Offsets are in characters (Unicode code points) of the original text,
 *    as GtkTextBuffer counts them, never bytes.
 *  - Terms are compared case-folded (full folding: "Straße" = "STRASSE" =
 *    "strasse") and canonically decomposed (a precomposed "ä" = "a" + U+0308).
 *  - A word is a run of letters, marks and digits; everything else (spaces,
 *    punctuation, hyphens, apostrophes, emoji) separates words.
 *  - Banned and preferred terms match a whole word and, when the term has at
 *    least WM_VOICE_COMPOUND_MIN_CHARS characters, also the head or the tail
 *    of a longer word, never its middle: "Ticket" finds "Ticketsystem" and
 *    "Supportticket" (German compounds) and "tickets" (English inflections),
 *    but not "Weticketing". Capitalisation rules match whole words and heads.
 *  - Lengths are counted as a phone counts them: in grapheme clusters
 *    (Pango's cursor positions, UAX #29), so "👍🏽", "🇩🇪" and "e" + U+0301
 *    count one each.
 *  - Regular expressions are GRegex (PCRE2) over the original text; each match
 *    call has a backtracking and depth limit, each rule at most
 *    WM_VOICE_MAX_MATCHES findings per text and a time budget per check run,
 *    after which the rule is stopped and reported as such.
 */

#define WM_VOICE_ERROR (wm_voice_error_quark ())

typedef enum
{
  WM_VOICE_ERROR_INVALID_RULE,  /* the rule does not parse; the message says why */
} WmVoiceError;

#define WM_VOICE_COMPOUND_MIN_CHARS 4
#define WM_VOICE_MAX_MATCHES        100
/* Microseconds a regex rule may spend in one checker's lifetime. */
#define WM_VOICE_REGEX_BUDGET_USEC  (250 * G_TIME_SPAN_MILLISECOND)

typedef enum
{
  WM_VOICE_KIND_BANNED,
  WM_VOICE_KIND_PREFERRED,
  WM_VOICE_KIND_MAX_LENGTH,
  WM_VOICE_KIND_REQUIRED,
  WM_VOICE_KIND_CAPITALIZATION,
  WM_VOICE_KIND_REGEX,
  WM_VOICE_N_KINDS
} WmVoiceRuleKind;

typedef enum
{
  WM_VOICE_SEVERITY_ERROR,
  WM_VOICE_SEVERITY_WARNING,
  WM_VOICE_SEVERITY_SUGGESTION,
  WM_VOICE_N_SEVERITIES
} WmVoiceSeverity;

/* One rule as plain data; strings are borrowed. */
typedef struct
{
  gint64           id;            /* the store's row id, 0 when none */
  const char      *uuid;          /* may be NULL */
  WmVoiceRuleKind  kind;
  const char      *pattern;       /* term, element, product name or regex */
  const char      *replacement;   /* preferred term; optional for banned and regex */
  gint64           max_length;    /* for WM_VOICE_KIND_MAX_LENGTH, in grapheme clusters */
  WmVoiceSeverity  severity;
  const char      *message;       /* "" or NULL: a default message is used */
  const gint64    *channel_ids;   /* the channels the rule applies to … */
  guint            n_channel_ids; /* … 0 means every channel */
} WmVoiceRuleSpec;

typedef struct
{
  gint64           rule_id;
  char            *rule_uuid;     /* NULL when the rule had none */
  WmVoiceRuleKind  kind;
  WmVoiceSeverity  severity;
  char            *message;       /* translated if it is the default */
  glong            start;         /* character offsets, end exclusive; */
  glong            end;           /* start == end for a missing element */
  char            *fix;           /* replaces [start, end) to satisfy the rule; NULL if none */
} WmVoiceFinding;

typedef struct _WmVoiceChecker WmVoiceChecker;

GQuark           wm_voice_error_quark            (void);

/* "banned", "max-length" … as stored; FALSE/-1 for unknown values. */
const char      *wm_voice_rule_kind_to_string    (WmVoiceRuleKind  kind);
gboolean         wm_voice_rule_kind_from_string  (const char      *text,
                                                  WmVoiceRuleKind *kind);
const char      *wm_voice_rule_kind_get_label    (WmVoiceRuleKind  kind);   /* translated */
const char      *wm_voice_severity_to_string     (WmVoiceSeverity  severity);
gboolean         wm_voice_severity_from_string   (const char      *text,
                                                  WmVoiceSeverity *severity);
const char      *wm_voice_severity_get_label     (WmVoiceSeverity  severity); /* translated */

/* Whether @rule can be checked; if not, a WM_VOICE_ERROR_INVALID_RULE with
 * a translated reason (bad regex, empty term, a pattern that matches empty
 * text, a preferred term without replacement, a length of 0 …). */
gboolean         wm_voice_rule_validate          (const WmVoiceRuleSpec *rule,
                                                  GError         **error);

/* Precompiles @rules once (regexes compiled, terms folded). Invalid rules are
 * left out and counted in wm_voice_checker_get_n_invalid(). A checker is
 * used by one thread at a time (it reuses buffers between checks). */
WmVoiceChecker  *wm_voice_checker_new            (const WmVoiceRuleSpec *rules,
                                                  guint            n_rules);
void             wm_voice_checker_free           (WmVoiceChecker  *self);
guint            wm_voice_checker_get_n_rules    (WmVoiceChecker  *self);
guint            wm_voice_checker_get_n_invalid  (WmVoiceChecker  *self);
/* Checks @text as copy on channel @channel_id (0: no channel; only rules for
 * every channel apply). Returns the findings (WmVoiceFinding), ordered by
 * position; empty when the text passes. */
GPtrArray       *wm_voice_checker_check          (WmVoiceChecker  *self,
                                                  const char      *text,
                                                  gint64           channel_id);
/* The time each regex rule may take over this checker's life, in
 * microseconds (default WM_VOICE_REGEX_BUDGET_USEC). */
void             wm_voice_checker_set_regex_budget (WmVoiceChecker *self,
                                                    gint64          usec);
/* Rules that hit the regex limits during this checker's life, and why
 * (translated). Borrowed; NULL-terminated strings in rule order. */
GPtrArray       *wm_voice_checker_get_stopped    (WmVoiceChecker  *self);

WmVoiceFinding  *wm_voice_finding_copy           (const WmVoiceFinding *finding);
void             wm_voice_finding_free           (WmVoiceFinding  *finding);

/* Grapheme clusters in @text (a phone's character count). */
glong            wm_voice_count_graphemes        (const char      *text);
/* @text with [start, end) (character offsets) replaced by @replacement. */
char            *wm_voice_apply_fix              (const char      *text,
                                                  glong            start,
                                                  glong            end,
                                                  const char      *replacement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmVoiceChecker, wm_voice_checker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmVoiceFinding, wm_voice_finding_free)

G_END_DECLS
