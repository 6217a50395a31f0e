/* wm-voice.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-voice"
#define _GNU_SOURCE /* memmem () */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pango.h>
#include <string.h>

#include "wm-voice.h"

/* How the checker works: the text is folded once per check (case-folded and
 * canonically decomposed, one original character at a time, remembering for
 * every folded byte which character it came from); every term rule is then a
 * memmem() over the folded text, and a hit is kept only when it starts and
 * ends on original characters and passes the word-boundary test on the
 * original characters. Regexes run on the original text. */

/* Each regex match call may backtrack this often before PCRE2 gives up:
 * about a millisecond of work, far above what an honest rule needs. */
#define REGEX_LIMITS "(*LIMIT_MATCH=100000)(*LIMIT_DEPTH=2000)"

typedef struct
{
  WmVoiceRuleSpec  spec;          /* strings point into the fields below */
  char            *uuid;
  char            *pattern;
  char            *replacement;
  char            *message;
  gint64          *channel_ids;

  char            *folded;        /* the term, folded */
  gsize            folded_len;
  gboolean         compounds;     /* may match the head/tail of a longer word */
  GRegex          *regex;
  gint64           spent_usec;    /* regex time so far */
  gboolean         stopped;
} Rule;

struct _WmVoiceChecker
{
  GArray    *rules;      /* Rule */
  guint      n_invalid;
  GPtrArray *stopped;    /* char *, translated */
  gint64     regex_budget_usec;

  /* Reused between checks: the text being checked. */
  GString   *folded;
  GArray    *fold_map;   /* guint32 per folded byte: index of its original character */
  GArray    *chars;      /* gunichar per original character */
  GArray    *offsets;    /* gsize byte offset per original character, plus the end */
  GArray    *graphemes;  /* glong: the character index where each grapheme starts */
  GHashTable *fold_cache; /* gunichar → its folded UTF-8, for characters beyond ASCII */
  /* Which byte pairs the folded text has: a term whose first or last two
   * bytes are not among them cannot be there, and needs no search. */
  guint64    pairs[65536 / 64];
};

typedef enum
{
  MATCH_WHOLE,
  MATCH_HEAD,
  MATCH_TAIL,
} MatchPlace;

static const char *const kind_names[] = {
  "banned", "preferred", "max-length", "required", "capitalization", "regex",
};
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == WM_VOICE_N_KINDS);

static const char *const severity_names[] = { "error", "warning", "suggestion" };
G_STATIC_ASSERT (G_N_ELEMENTS (severity_names) == WM_VOICE_N_SEVERITIES);

G_DEFINE_QUARK (wm-voice-error-quark, wm_voice_error)

/* Helpers */

static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);

  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static void
fold_char (gunichar    c,
           GString    *out,
           GHashTable *cache)
{
  char utf8[8];
  g_autofree char *casefolded = NULL;
  const char *cached;
  gsize before = out->len;
  int n;

  if (c < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char) c));
      return;
    }

  if (cache != NULL && (cached = g_hash_table_lookup (cache, GUINT_TO_POINTER (c))) != NULL)
    {
      g_string_append (out, cached);
      return;
    }

  /* Full case folding turns "ß" into "ss"; decomposition makes "ä" and
   * "a" + U+0308 the same bytes. */
  n = g_unichar_to_utf8 (c, utf8);
  casefolded = g_utf8_casefold (utf8, n);
  for (const char *p = casefolded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n_decomposed = g_unichar_fully_decompose (g_utf8_get_char (p), FALSE,
                                                      decomposed,
                                                      G_N_ELEMENTS (decomposed));

      for (gsize i = 0; i < n_decomposed; i++)
        g_string_append_unichar (out, decomposed[i]);
    }

  if (cache != NULL)
    g_hash_table_insert (cache, GUINT_TO_POINTER (c),
                         g_strndup (out->str + before, out->len - before));
}

/* Folds @text into @out; with @map, also records per folded byte the
 * original character index, and the characters and their byte offsets. */
static void
fold_text (const char *text,
           GString    *out,
           GHashTable *cache,
           GArray     *map,
           GArray     *chars,
           GArray     *offsets)
{
  guint32 index = 0;

  g_string_truncate (out, 0);
  if (map != NULL)
    {
      g_array_set_size (map, 0);
      g_array_set_size (chars, 0);
      g_array_set_size (offsets, 0);
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);
      gsize before = out->len;

      fold_char (c, out, cache);
      if (map != NULL)
        {
          gsize offset = (gsize) (p - text);

          for (gsize i = before; i < out->len; i++)
            g_array_append_val (map, index);
          g_array_append_val (chars, c);
          g_array_append_val (offsets, offset);
        }
    }

  if (map != NULL)
    {
      gsize end = strlen (text);

      g_array_append_val (offsets, end);
    }
}

static char *
fold_string (const char *text)
{
  GString *out = g_string_new (NULL);

  fold_text (text, out, NULL, NULL, NULL, NULL);

  return g_string_free (out, FALSE);
}

static inline guint
pair_of (const char *bytes)
{
  return ((guint) (guchar) bytes[0] << 8) | (guchar) bytes[1];
}

/* Sets (or clears) the bits of the folded text's byte pairs. */
static void
mark_pairs (WmVoiceChecker *self,
            gboolean        set)
{
  const char *folded = self->folded->str;

  for (gsize i = 0; i + 1 < self->folded->len; i++)
    {
      guint pair = pair_of (folded + i);

      if (set)
        self->pairs[pair / 64] |= G_GUINT64_CONSTANT (1) << (pair % 64);
      else
        self->pairs[pair / 64] = 0;
    }
}

static gboolean
may_contain (WmVoiceChecker *self,
             const Rule     *rule)
{
  guint first, last;

  if (rule->folded_len < 2)
    return TRUE;

  first = pair_of (rule->folded);
  last = pair_of (rule->folded + rule->folded_len - 2);

  return (self->pairs[first / 64] & (G_GUINT64_CONSTANT (1) << (first % 64))) != 0
         && (self->pairs[last / 64] & (G_GUINT64_CONSTANT (1) << (last % 64))) != 0;
}

static gboolean
is_single_word (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!is_word_char (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_cased_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c) || g_unichar_islower (c) || g_unichar_istitle (c))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static GRegex *
compile_regex (const char  *pattern,
               GError     **error)
{
  g_autofree char *limited = g_strconcat (REGEX_LIMITS, pattern, NULL);

  return g_regex_new (limited, G_REGEX_OPTIMIZE, 0, error);
}

/* Whether @regex can match zero characters anywhere in a few probes: such a
 * pattern ("x*", "\b", "(?=a)") would find "something" in every text. */
static gboolean
regex_matches_empty (GRegex *regex)
{
  static const char *const probes[] = { "", "a", "A a 1 . ä 👍", NULL };

  for (guint i = 0; probes[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) info = NULL;

      g_regex_match (regex, probes[i], 0, &info);
      while (g_match_info_matches (info))
        {
          int start, end;

          if (g_match_info_fetch_pos (info, 0, &start, &end) && start == end)
            return TRUE;
          if (!g_match_info_next (info, NULL))
            break;
        }
    }

  return FALSE;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE, message);

  return FALSE;
}

static void
rule_clear (Rule *rule)
{
  g_free (rule->uuid);
  g_free (rule->pattern);
  g_free (rule->replacement);
  g_free (rule->message);
  g_free (rule->channel_ids);
  g_free (rule->folded);
  g_clear_pointer (&rule->regex, g_regex_unref);
}

static gboolean
rule_applies (const Rule *rule,
              gint64      channel_id)
{
  if (rule->spec.n_channel_ids == 0)
    return TRUE;

  for (guint i = 0; i < rule->spec.n_channel_ids; i++)
    {
      if (rule->spec.channel_ids[i] == channel_id)
        return TRUE;
    }

  return FALSE;
}

static char *
original_text (WmVoiceChecker *self,
               const char     *text,
               glong           start,
               glong           end)
{
  gsize from = g_array_index (self->offsets, gsize, start);
  gsize to = g_array_index (self->offsets, gsize, end);

  return g_strndup (text + from, to - from);
}

/* The replacement written the way the matched word is: "Use" for "Utilize",
 * "USE" for "UTILIZE", "fall" as the tail of "Supportticket". */
static char *
adapt_case (const char *replacement,
            const char *matched,
            MatchPlace  place)
{
  gunichar first = g_utf8_get_char (matched);
  gunichar replacement_first = g_utf8_get_char (replacement);
  const char *rest = g_utf8_next_char (replacement);
  gboolean all_upper = g_utf8_strlen (matched, -1) > 1;
  char head[8];
  int n;

  if (*replacement == '\0')
    return g_strdup ("");

  for (const char *p = matched; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        all_upper = FALSE;
    }
  if (all_upper && has_cased_letter (matched))
    return g_utf8_strup (replacement, -1);

  if (g_unichar_isupper (first) && g_unichar_islower (replacement_first))
    replacement_first = g_unichar_totitle (replacement_first);
  else if (place == MATCH_TAIL && g_unichar_islower (first))
    replacement_first = g_unichar_tolower (replacement_first);
  else
    return g_strdup (replacement);

  n = g_unichar_to_utf8 (replacement_first, head);
  head[n] = '\0';

  return g_strconcat (head, rest, NULL);
}

static WmVoiceFinding *
finding_new (const Rule *rule,
             glong       start,
             glong       end,
             char       *default_message,
             char       *fix)
{
  WmVoiceFinding *finding = g_new0 (WmVoiceFinding, 1);

  finding->rule_id = rule->spec.id;
  finding->rule_uuid = g_strdup (rule->uuid);
  finding->kind = rule->spec.kind;
  finding->severity = rule->spec.severity;
  if (rule->message != NULL && *rule->message != '\0')
    {
      finding->message = g_strdup (rule->message);
      g_free (default_message);
    }
  else
    {
      finding->message = default_message;
    }
  finding->start = start;
  finding->end = end;
  finding->fix = fix;

  return finding;
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const WmVoiceFinding *fa = *(WmVoiceFinding * const *) a;
  const WmVoiceFinding *fb = *(WmVoiceFinding * const *) b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->end != fb->end)
    return fa->end < fb->end ? -1 : 1;
  if (fa->severity != fb->severity)
    return fa->severity < fb->severity ? -1 : 1;

  return 0;
}

/* Checks */

static void
check_term (WmVoiceChecker *self,
            Rule           *rule,
            const char     *text,
            GPtrArray      *findings)
{
  const char *folded = self->folded->str;
  gsize folded_len = self->folded->len;
  const guint32 *map = (const guint32 *) (gpointer) self->fold_map->data;
  const gunichar *chars = (const gunichar *) (gpointer) self->chars->data;
  glong n_chars = (glong) self->chars->len;
  gsize from = 0;
  guint n_found = 0;

  if (!may_contain (self, rule))
    return;

  while (from + rule->folded_len <= folded_len && n_found < WM_VOICE_MAX_MATCHES)
    {
      const char *hit = memmem (folded + from, folded_len - from,
                                rule->folded, rule->folded_len);
      gsize b, e;
      glong start, end;
      gboolean before_ok, after_ok;
      MatchPlace place;
      g_autofree char *matched = NULL;
      char *message = NULL;
      char *fix = NULL;

      if (hit == NULL)
        break;

      b = (gsize) (hit - folded);
      e = b + rule->folded_len;
      from = b + 1;

      /* Only whole original characters: not the second "s" of a folded "ß". */
      if ((b > 0 && map[b - 1] == map[b]) || (e < folded_len && map[e] == map[e - 1]))
        continue;

      start = map[b];
      end = map[e - 1] + 1;
      before_ok = start == 0 || !is_word_char (chars[start - 1]) || !is_word_char (chars[start]);
      after_ok = end == n_chars || !is_word_char (chars[end]) || !is_word_char (chars[end - 1]);

      if (before_ok && after_ok)
        place = MATCH_WHOLE;
      else if (before_ok && rule->compounds)
        place = MATCH_HEAD;
      else if (after_ok && rule->compounds && rule->spec.kind != WM_VOICE_KIND_CAPITALIZATION)
        place = MATCH_TAIL;
      else
        continue;

      matched = original_text (self, text, start, end);
      switch (rule->spec.kind)
        {
        case WM_VOICE_KIND_BANNED:
          /* TRANSLATORS: %s is a word in the checked text */
          message = g_strdup_printf (_("Avoid “%s”."), matched);
          if (rule->replacement != NULL && *rule->replacement != '\0')
            fix = adapt_case (rule->replacement, matched, place);
          break;

        case WM_VOICE_KIND_PREFERRED:
          fix = adapt_case (rule->replacement, matched, place);
          /* TRANSLATORS: “use” instead of “utilize” */
          message = g_strdup_printf (_("Write “%s” instead of “%s”."), fix, matched);
          break;

        case WM_VOICE_KIND_CAPITALIZATION:
          {
            g_autofree char *nfc_matched = NULL;
            g_autofree char *nfc_pattern = NULL;

            if (strcmp (matched, rule->pattern) == 0)
              continue;
            /* Written right, only composed differently. */
            nfc_matched = g_utf8_normalize (matched, -1, G_NORMALIZE_NFC);
            nfc_pattern = g_utf8_normalize (rule->pattern, -1, G_NORMALIZE_NFC);
            if (g_strcmp0 (nfc_matched, nfc_pattern) == 0)
              continue;
            fix = g_strdup (rule->pattern);
            /* TRANSLATORS: %s is a product name as it must be written */
            message = g_strdup_printf (_("Write “%s”."), rule->pattern);
          }
          break;

        case WM_VOICE_KIND_MAX_LENGTH:
        case WM_VOICE_KIND_REQUIRED:
        case WM_VOICE_KIND_REGEX:
        case WM_VOICE_N_KINDS:
        default:
          g_assert_not_reached ();
        }

      g_ptr_array_add (findings, finding_new (rule, start, end, message, fix));
      n_found++;
      from = e;
    }
}

static void
check_required (WmVoiceChecker *self,
                Rule           *rule,
                GPtrArray      *findings)
{
  glong n_chars = (glong) self->chars->len;

  if (may_contain (self, rule)
      && memmem (self->folded->str, self->folded->len, rule->folded, rule->folded_len) != NULL)
    return;

  g_ptr_array_add (findings,
                   finding_new (rule, n_chars, n_chars,
                                /* TRANSLATORS: %s is text the copy must contain */
                                g_strdup_printf (_("Missing “%s”."), rule->pattern),
                                g_strconcat ("\n\n", rule->pattern, NULL)));
}

static void
check_length (WmVoiceChecker *self,
              Rule           *rule,
              const char     *text,
              GPtrArray      *findings)
{
  glong n_chars = (glong) self->chars->len;
  gint64 max = rule->spec.max_length;
  glong n_graphemes;
  glong excess_start;

  /* A grapheme is at least one character: short texts need no segmenting. */
  if (n_chars <= max)
    return;

  /* Segmented once per text, whatever the number of length rules. */
  if (self->graphemes->len == 0)
    {
      g_autofree PangoLogAttr *attrs = g_new (PangoLogAttr, n_chars + 1);

      pango_get_log_attrs (text, (int) strlen (text), -1, pango_language_from_string ("en"),
                           attrs, (int) n_chars + 1);
      for (glong i = 0; i < n_chars; i++)
        {
          if (attrs[i].is_cursor_position)
            g_array_append_val (self->graphemes, i);
        }
    }

  n_graphemes = (glong) self->graphemes->len;
  if (n_graphemes <= max)
    return;
  excess_start = g_array_index (self->graphemes, glong, max);

  g_ptr_array_add (findings,
                   finding_new (rule, excess_start, n_chars,
                                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%ld characters, at most %ld "
                                                              "allowed.",
                                                              "%ld characters, at most %ld "
                                                              "allowed.",
                                                              (gulong) max),
                                                 n_graphemes, (glong) max),
                                NULL));
}

static void
stop_rule (WmVoiceChecker *self,
           Rule           *rule,
           const char     *reason)
{
  rule->stopped = TRUE;
  g_ptr_array_add (self->stopped,
                   /* TRANSLATORS: the first %s is a regular expression, the second why
                    * it was no longer applied */
                   g_strdup_printf (_("The rule “%s” was stopped: %s"), rule->pattern, reason));
}

static void
check_regex (WmVoiceChecker *self,
             Rule           *rule,
             const char     *text,
             GPtrArray      *findings)
{
  g_autoptr(GMatchInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();
  guint n_found = 0;

  g_regex_match_full (rule->regex, text, -1, 0, G_REGEX_MATCH_NOTEMPTY, &info, &error);
  while (error == NULL && g_match_info_matches (info) && n_found < WM_VOICE_MAX_MATCHES)
    {
      int start, end;
      char *fix = NULL;

      if (g_match_info_fetch_pos (info, 0, &start, &end) && start < end)
        {
          glong start_char = g_utf8_pointer_to_offset (text, text + start);
          glong end_char = start_char + g_utf8_pointer_to_offset (text + start, text + end);

          if (rule->replacement != NULL && *rule->replacement != '\0')
            fix = g_match_info_expand_references (info, rule->replacement, NULL);
          g_ptr_array_add (findings,
                           finding_new (rule, start_char, end_char,
                                        /* TRANSLATORS: %s is a regular expression */
                                        g_strdup_printf (_("Matches “%s”."), rule->pattern),
                                        fix));
          n_found++;
        }
      g_match_info_next (info, &error);
    }

  rule->spent_usec += g_get_monotonic_time () - begin;
  if (error != NULL)
    stop_rule (self, rule, _("it needs too much backtracking; simplify the pattern."));
  else if (rule->spent_usec >= self->regex_budget_usec)
    stop_rule (self, rule, _("it took too long over all texts."));
}

/* Public API */

const char *
wm_voice_rule_kind_to_string (WmVoiceRuleKind kind)
{
  g_return_val_if_fail (kind < WM_VOICE_N_KINDS, NULL);

  return kind_names[kind];
}

gboolean
wm_voice_rule_kind_from_string (const char      *text,
                                WmVoiceRuleKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = (WmVoiceRuleKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
wm_voice_rule_kind_get_label (WmVoiceRuleKind kind)
{
  switch (kind)
    {
    case WM_VOICE_KIND_BANNED:
      return _("Banned term");
    case WM_VOICE_KIND_PREFERRED:
      return _("Preferred term");
    case WM_VOICE_KIND_MAX_LENGTH:
      return _("Maximum length");
    case WM_VOICE_KIND_REQUIRED:
      return _("Required element");
    case WM_VOICE_KIND_CAPITALIZATION:
      return _("Capitalization");
    case WM_VOICE_KIND_REGEX:
      return _("Regular expression");
    case WM_VOICE_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
wm_voice_severity_to_string (WmVoiceSeverity severity)
{
  g_return_val_if_fail (severity < WM_VOICE_N_SEVERITIES, NULL);

  return severity_names[severity];
}

gboolean
wm_voice_severity_from_string (const char      *text,
                               WmVoiceSeverity *severity)
{
  for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++)
    {
      if (g_strcmp0 (text, severity_names[i]) == 0)
        {
          *severity = (WmVoiceSeverity) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
wm_voice_severity_get_label (WmVoiceSeverity severity)
{
  switch (severity)
    {
    case WM_VOICE_SEVERITY_ERROR:
      return C_("rule severity", "Error");
    case WM_VOICE_SEVERITY_WARNING:
      return C_("rule severity", "Warning");
    case WM_VOICE_SEVERITY_SUGGESTION:
      return C_("rule severity", "Suggestion");
    case WM_VOICE_N_SEVERITIES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
wm_voice_rule_validate (const WmVoiceRuleSpec  *rule,
                        GError                **error)
{
  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (rule->kind >= WM_VOICE_N_KINDS)
    return invalid (error, _("The rule has an unknown kind."));
  if (rule->severity >= WM_VOICE_N_SEVERITIES)
    return invalid (error, _("The rule has an unknown severity."));
  if ((rule->pattern != NULL && !g_utf8_validate (rule->pattern, -1, NULL))
      || (rule->replacement != NULL && !g_utf8_validate (rule->replacement, -1, NULL))
      || (rule->message != NULL && !g_utf8_validate (rule->message, -1, NULL)))
    return invalid (error, _("The rule's text is not valid UTF-8."));

  switch (rule->kind)
    {
    case WM_VOICE_KIND_MAX_LENGTH:
      if (rule->max_length <= 0)
        return invalid (error, _("A maximum length must be at least 1 character."));
      return TRUE;

    case WM_VOICE_KIND_REGEX:
      {
        g_autoptr(GRegex) regex = NULL;
        g_autoptr(GError) local_error = NULL;

        if (rule->pattern == NULL || *rule->pattern == '\0')
          return invalid (error, _("The regular expression is empty."));
        regex = compile_regex (rule->pattern, &local_error);
        if (regex == NULL)
          {
            g_set_error (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE,
                         /* TRANSLATORS: %s is GLib's explanation */
                         _("The regular expression does not parse: %s"), local_error->message);
            return FALSE;
          }
        if (regex_matches_empty (regex))
          return invalid (error, _("The regular expression matches empty text, so it "
                                   "would find something everywhere."));
        if (rule->replacement != NULL && *rule->replacement != '\0'
            && !g_regex_check_replacement (rule->replacement, NULL, &local_error))
          {
            g_set_error (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE,
                         _("The replacement does not parse: %s"), local_error->message);
            return FALSE;
          }
        return TRUE;
      }

    case WM_VOICE_KIND_BANNED:
    case WM_VOICE_KIND_PREFERRED:
    case WM_VOICE_KIND_REQUIRED:
    case WM_VOICE_KIND_CAPITALIZATION:
      {
        g_autofree char *folded = NULL;

        if (is_blank (rule->pattern))
          return invalid (error, _("The term is empty."));
        folded = fold_string (rule->pattern);
        if (*folded == '\0')
          return invalid (error, _("The term is empty."));
        if (rule->kind == WM_VOICE_KIND_PREFERRED)
          {
            g_autofree char *folded_replacement = NULL;

            if (is_blank (rule->replacement))
              return invalid (error, _("A preferred term needs the term to write instead."));
            folded_replacement = fold_string (rule->replacement);
            if (g_strcmp0 (folded, folded_replacement) == 0)
              return invalid (error, _("The replacement is the term itself."));
          }
        if (rule->kind == WM_VOICE_KIND_CAPITALIZATION && !has_cased_letter (rule->pattern))
          return invalid (error, _("The name has no letters whose case could be wrong."));
        return TRUE;
      }

    case WM_VOICE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

WmVoiceChecker *
wm_voice_checker_new (const WmVoiceRuleSpec *rules,
                      guint                  n_rules)
{
  WmVoiceChecker *self = g_new0 (WmVoiceChecker, 1);

  g_return_val_if_fail (rules != NULL || n_rules == 0, self);

  self->rules = g_array_sized_new (FALSE, TRUE, sizeof (Rule), n_rules);
  g_array_set_clear_func (self->rules, (GDestroyNotify) rule_clear);
  self->stopped = g_ptr_array_new_with_free_func (g_free);
  self->regex_budget_usec = WM_VOICE_REGEX_BUDGET_USEC;
  self->folded = g_string_sized_new (256);
  self->fold_map = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 256);
  self->chars = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), 256);
  self->offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 256);
  self->fold_cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->graphemes = g_array_sized_new (FALSE, FALSE, sizeof (glong), 256);

  for (guint i = 0; i < n_rules; i++)
    {
      const WmVoiceRuleSpec *spec = &rules[i];
      Rule rule = { 0 };

      if (!wm_voice_rule_validate (spec, NULL))
        {
          self->n_invalid++;
          continue;
        }

      rule.spec = *spec;
      rule.uuid = g_strdup (spec->uuid);
      rule.pattern = g_strdup (spec->pattern != NULL ? spec->pattern : "");
      rule.replacement = g_strdup (spec->replacement != NULL ? spec->replacement : "");
      rule.message = g_strdup (spec->message != NULL ? spec->message : "");
      rule.channel_ids = g_memdup2 (spec->channel_ids, sizeof (gint64) * spec->n_channel_ids);
      rule.spec.uuid = rule.uuid;
      rule.spec.pattern = rule.pattern;
      rule.spec.replacement = rule.replacement;
      rule.spec.message = rule.message;
      rule.spec.channel_ids = rule.channel_ids;

      if (spec->kind == WM_VOICE_KIND_REGEX)
        {
          rule.regex = compile_regex (rule.pattern, NULL);
        }
      else if (spec->kind != WM_VOICE_KIND_MAX_LENGTH)
        {
          rule.folded = fold_string (rule.pattern);
          rule.folded_len = strlen (rule.folded);
          rule.compounds = spec->kind != WM_VOICE_KIND_REQUIRED
                           && is_single_word (rule.pattern)
                           && g_utf8_strlen (rule.pattern, -1) >= WM_VOICE_COMPOUND_MIN_CHARS;
        }

      g_array_append_val (self->rules, rule);
    }

  return self;
}

void
wm_voice_checker_free (WmVoiceChecker *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->rules);
  g_ptr_array_unref (self->stopped);
  g_string_free (self->folded, TRUE);
  g_array_unref (self->fold_map);
  g_array_unref (self->chars);
  g_array_unref (self->offsets);
  g_hash_table_unref (self->fold_cache);
  g_array_unref (self->graphemes);
  g_free (self);
}

guint
wm_voice_checker_get_n_rules (WmVoiceChecker *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rules->len;
}

guint
wm_voice_checker_get_n_invalid (WmVoiceChecker *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_invalid;
}

void
wm_voice_checker_set_regex_budget (WmVoiceChecker *self,
                                   gint64          usec)
{
  g_return_if_fail (self != NULL);

  self->regex_budget_usec = usec;
}

GPtrArray *
wm_voice_checker_get_stopped (WmVoiceChecker *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->stopped;
}

GPtrArray *
wm_voice_checker_check (WmVoiceChecker *self,
                        const char     *text,
                        gint64          channel_id)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_voice_finding_free);
  g_autofree char *valid = NULL;

  g_return_val_if_fail (self != NULL, findings);

  if (text == NULL || *text == '\0')
    return findings;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  fold_text (text, self->folded, self->fold_cache, self->fold_map, self->chars, self->offsets);
  mark_pairs (self, TRUE);
  g_array_set_size (self->graphemes, 0);

  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = &g_array_index (self->rules, Rule, i);

      if (!rule_applies (rule, channel_id))
        continue;

      switch (rule->spec.kind)
        {
        case WM_VOICE_KIND_BANNED:
        case WM_VOICE_KIND_PREFERRED:
        case WM_VOICE_KIND_CAPITALIZATION:
          check_term (self, rule, text, findings);
          break;
        case WM_VOICE_KIND_REQUIRED:
          check_required (self, rule, findings);
          break;
        case WM_VOICE_KIND_MAX_LENGTH:
          check_length (self, rule, text, findings);
          break;
        case WM_VOICE_KIND_REGEX:
          if (!rule->stopped)
            check_regex (self, rule, text, findings);
          break;
        case WM_VOICE_N_KINDS:
        default:
          g_assert_not_reached ();
        }
    }

  mark_pairs (self, FALSE);
  g_ptr_array_sort (findings, compare_findings);

  return findings;
}

WmVoiceFinding *
wm_voice_finding_copy (const WmVoiceFinding *finding)
{
  WmVoiceFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_memdup2 (finding, sizeof *finding);
  copy->rule_uuid = g_strdup (finding->rule_uuid);
  copy->message = g_strdup (finding->message);
  copy->fix = g_strdup (finding->fix);

  return copy;
}

void
wm_voice_finding_free (WmVoiceFinding *finding)
{
  if (finding == NULL)
    return;

  g_free (finding->rule_uuid);
  g_free (finding->message);
  g_free (finding->fix);
  g_free (finding);
}

glong
wm_voice_count_graphemes (const char *text)
{
  glong n_chars, n = 0;
  g_autofree PangoLogAttr *attrs = NULL;

  g_return_val_if_fail (text != NULL, 0);

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars == 0)
    return 0;

  attrs = g_new (PangoLogAttr, n_chars + 1);
  pango_get_log_attrs (text, (int) strlen (text), -1, pango_language_from_string ("en"),
                       attrs, (int) n_chars + 1);
  for (glong i = 0; i < n_chars; i++)
    {
      if (attrs[i].is_cursor_position)
        n++;
    }

  return n;
}

char *
wm_voice_apply_fix (const char *text,
                    glong       start,
                    glong       end,
                    const char *replacement)
{
  glong n_chars;
  const char *from, *to;
  GString *result;

  g_return_val_if_fail (text != NULL, NULL);

  n_chars = g_utf8_strlen (text, -1);
  g_return_val_if_fail (0 <= start && start <= end && end <= n_chars, NULL);

  from = g_utf8_offset_to_pointer (text, start);
  to = g_utf8_offset_to_pointer (text, end);

  result = g_string_new_len (text, from - text);
  g_string_append (result, replacement != NULL ? replacement : "");
  g_string_append (result, to);

  return g_string_free (result, FALSE);
}
