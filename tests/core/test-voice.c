/* test-voice.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "wm-test-util.h"
#include "wm-voice.h"
#include "wm-voice-project.h"

/* The brand-voice checker on plain text: each rule kind on English and
 * German copy, positions in characters, invalid rules, the regex bounds. */

#define SMS 7
#define EMAIL 8

static WmVoiceRuleSpec
rule (WmVoiceRuleKind kind,
      const char     *pattern,
      const char     *replacement)
{
  return (WmVoiceRuleSpec) {
    .id = 1, .uuid = "rule-uuid", .kind = kind, .pattern = pattern,
    .replacement = replacement, .severity = WM_VOICE_SEVERITY_WARNING,
  };
}

static GPtrArray *
check_one (WmVoiceRuleSpec spec,
           const char     *text,
           gint64          channel)
{
  g_autoptr(WmVoiceChecker) checker = wm_voice_checker_new (&spec, 1);

  g_assert_cmpuint (wm_voice_checker_get_n_rules (checker), ==, 1);

  return wm_voice_checker_check (checker, text, channel);
}

/* The findings as "start-end:fix;…", compact to compare. */
static char *
describe (GPtrArray *findings)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      WmVoiceFinding *finding = g_ptr_array_index (findings, i);

      g_string_append_printf (out, "%s%ld-%ld:%s", i > 0 ? ";" : "", finding->start,
                              finding->end, finding->fix != NULL ? finding->fix : "-");
    }

  return g_string_free (out, FALSE);
}

static void
assert_findings (WmVoiceRuleSpec spec,
                 const char     *text,
                 const char     *expected)
{
  g_autoptr(GPtrArray) findings = check_one (spec, text, 0);
  g_autofree char *got = describe (findings);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_banned (void)
{
  WmVoiceRuleSpec en = rule (WM_VOICE_KIND_BANNED, "unfortunately", NULL);
  WmVoiceRuleSpec de = rule (WM_VOICE_KIND_BANNED, "leider", NULL);
  WmVoiceRuleSpec ticket = rule (WM_VOICE_KIND_BANNED, "Ticket", NULL);
  WmVoiceRuleSpec strasse = rule (WM_VOICE_KIND_BANNED, "Straße", NULL);
  WmVoiceRuleSpec short_term = rule (WM_VOICE_KIND_BANNED, "app", NULL);

  assert_findings (en, "Unfortunately I didn't understand that.", "0-13:-");
  assert_findings (en, "We UNFORTUNATELY can't.", "3-16:-");
  assert_findings (en, "Fortunately, it works.", "");
  /* German: case folding across umlauts, and ß ↔ ss both ways. */
  assert_findings (de, "Das geht LEIDER nicht.", "9-15:-");
  assert_findings (de, "Leidenschaft", "");
  assert_findings (strasse, "Sie wohnen in der STRASSE am Hafen.", "18-25:-");
  assert_findings (strasse, "Die Strasse, die Straße.", "4-11:-;17-23:-");
  /* Compounds: the term as head or tail of a word, never in the middle. */
  assert_findings (ticket, "Ihr Ticketsystem", "4-10:-");
  assert_findings (ticket, "Ihr Supportticket", "11-17:-");
  assert_findings (ticket, "Open tickets: 3", "5-11:-");
  assert_findings (ticket, "Weticketing", "");
  /* Short terms match whole words only: "app" is not in "apply". */
  assert_findings (short_term, "Apply in the app.", "13-16:-");
}

static void
test_preferred (void)
{
  WmVoiceRuleSpec en = rule (WM_VOICE_KIND_PREFERRED, "utilize", "use");
  WmVoiceRuleSpec de = rule (WM_VOICE_KIND_PREFERRED, "Ticket", "Anfrage");
  WmVoiceRuleSpec umlaut = rule (WM_VOICE_KIND_PREFERRED, "Rückruf", "Anruf");
  g_autoptr(GPtrArray) findings = NULL;
  WmVoiceFinding *finding;
  g_autofree char *fixed = NULL;

  /* The fix keeps the case of the word it replaces. */
  assert_findings (en, "Please utilize the tool.", "7-14:use");
  assert_findings (en, "Utilize the tool.", "0-7:Use");
  assert_findings (en, "UTILIZE IT", "0-7:USE");
  assert_findings (en, "It was utilized.", "7-14:use");
  assert_findings (de, "Ihr Ticket ist da.", "4-10:Anfrage");
  assert_findings (de, "Ihr Supportticket ist da.", "11-17:anfrage");
  /* Decomposed "u" + U+0308 is the same word as precomposed "ü". */
  assert_findings (umlaut, "Wir bitten um R\xc3\xbc" "ckruf.", "14-21:Anruf");
  assert_findings (umlaut, "Wir bitten um Ru\xcc\x88" "ckruf.", "14-22:Anruf");

  findings = check_one (en, "Please utilize the tool.", 0);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpint (finding->kind, ==, WM_VOICE_KIND_PREFERRED);
  g_assert_cmpint (finding->severity, ==, WM_VOICE_SEVERITY_WARNING);
  g_assert_cmpstr (finding->rule_uuid, ==, "rule-uuid");
  g_assert_cmpstr (finding->message, ==, "Write “use” instead of “utilize”.");
  fixed = wm_voice_apply_fix ("Please utilize the tool.", finding->start, finding->end,
                              finding->fix);
  g_assert_cmpstr (fixed, ==, "Please use the tool.");
}

static void
test_max_length (void)
{
  WmVoiceRuleSpec sms = rule (WM_VOICE_KIND_MAX_LENGTH, NULL, NULL);
  gint64 channels[] = { SMS };
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  WmVoiceFinding *finding;

  sms.max_length = 5;
  sms.channel_ids = channels;
  sms.n_channel_ids = 1;
  sms.message = "Too long for an SMS.";

  /* Emoji with skin tone, a flag, a family (ZWJ), e + combining acute: one
   * character each for a phone, though 2, 2, 7 and 2 code points. */
  g_string_append (text, "👍🏽🇩🇪👨‍👩‍👧‍👦e\xcc\x81" "ab");
  g_assert_cmpint (wm_voice_count_graphemes (text->str), ==, 6);
  g_assert_cmpint (wm_voice_count_graphemes ("Grüße"), ==, 5);
  g_assert_cmpint (wm_voice_count_graphemes (""), ==, 0);

  findings = check_one (sms, text->str, SMS);
  g_assert_cmpuint (findings->len, ==, 1);
  finding = g_ptr_array_index (findings, 0);
  /* The excess starts at "b": after 2 + 2 + 7 + 2 + 1 code points. */
  g_assert_cmpint (finding->start, ==, 14);
  g_assert_cmpint (finding->end, ==, 15);
  g_assert_null (finding->fix);
  g_assert_cmpstr (finding->message, ==, "Too long for an SMS.");

  /* Scoped: another channel, or none, is not checked. */
  other = check_one (sms, text->str, EMAIL);
  g_assert_cmpuint (other->len, ==, 0);
  g_clear_pointer (&other, g_ptr_array_unref);
  other = check_one (sms, text->str, 0);
  g_assert_cmpuint (other->len, ==, 0);
  g_clear_pointer (&other, g_ptr_array_unref);
  /* Five emoji pass a limit of five, though they are ten code points. */
  other = check_one (sms, "👍🏽👍🏽👍🏽👍🏽👍🏽", SMS);
  g_assert_cmpuint (other->len, ==, 0);
  g_clear_pointer (&other, g_ptr_array_unref);
  sms.message = NULL;
  other = check_one (sms, "Grüße aus Köln", SMS);
  g_assert_cmpuint (other->len, ==, 1);
  finding = g_ptr_array_index (other, 0);
  g_assert_cmpint (finding->start, ==, 5);
  g_assert_cmpstr (finding->message, ==, "14 characters, at most 5 allowed.");
}

static void
test_required (void)
{
  WmVoiceRuleSpec en = rule (WM_VOICE_KIND_REQUIRED, "The Northwind team", NULL);
  WmVoiceRuleSpec de = rule (WM_VOICE_KIND_REQUIRED, "Ihr Northwind-Team", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *fixed = NULL;
  WmVoiceFinding *finding;

  assert_findings (en, "Thanks!\n\nThe Northwind team", "");
  assert_findings (en, "Thanks!\n\nthe northwind TEAM", "");
  assert_findings (de, "Danke!\n\nIHR NORTHWIND-TEAM", "");
  assert_findings (en, "Thanks!", "7-7:\n\nThe Northwind team");
  assert_findings (de, "Schöne Grüße", "12-12:\n\nIhr Northwind-Team");

  findings = check_one (en, "Thanks!", 0);
  finding = g_ptr_array_index (findings, 0);
  fixed = wm_voice_apply_fix ("Thanks!", finding->start, finding->end, finding->fix);
  g_assert_cmpstr (fixed, ==, "Thanks!\n\nThe Northwind team");
  g_assert_cmpstr (finding->message, ==, "Missing “The Northwind team”.");
}

static void
test_capitalization (void)
{
  WmVoiceRuleSpec en = rule (WM_VOICE_KIND_CAPITALIZATION, "Northwind", NULL);
  WmVoiceRuleSpec de = rule (WM_VOICE_KIND_CAPITALIZATION, "Überweisung", NULL);
  WmVoiceRuleSpec camel = rule (WM_VOICE_KIND_CAPITALIZATION, "iPhone", NULL);

  assert_findings (en, "Thank you for calling northwind support.", "22-31:Northwind");
  assert_findings (en, "Thank you for calling Northwind support.", "");
  assert_findings (en, "NORTHWIND and northWind", "0-9:Northwind;14-23:Northwind");
  /* The head of a compound, but a tail is another word's business. */
  assert_findings (en, "northwinds", "0-9:Northwind");
  assert_findings (de, "Ihre überweisung ist da.", "5-16:Überweisung");
  assert_findings (de, "Ihre ÜBERWEISUNG ist da.", "5-16:Überweisung");
  assert_findings (camel, "Your IPHONE and iphone and iPhone", "5-11:iPhone;16-22:iPhone");
}

static void
test_regex (void)
{
  WmVoiceRuleSpec exclaim = rule (WM_VOICE_KIND_REGEX, "!{2,}", "!");
  WmVoiceRuleSpec date = rule (WM_VOICE_KIND_REGEX, "(\\d{1,2})/(\\d{1,2})", "\\2.\\1.");
  WmVoiceRuleSpec word = rule (WM_VOICE_KIND_REGEX, "(?i)\\bkunde\\b", "Sie");

  assert_findings (exclaim, "Super!!! Danke!!", "5-8:!;14-16:!");
  /* Offsets are characters even after multi-byte text and emoji. */
  assert_findings (exclaim, "Grüße 👨‍👩‍👧‍👦!!", "13-15:!");
  assert_findings (date, "Am 24/12 geschlossen", "3-8:12.24.");
  assert_findings (word, "Der KUNDE zahlt, der Kundenservice hilft.", "4-9:Sie");
}

static void
test_regex_bound (void)
{
  WmVoiceRuleSpec evil = rule (WM_VOICE_KIND_REGEX, "(a+)+$", NULL);
  WmVoiceRuleSpec many = rule (WM_VOICE_KIND_REGEX, "a", NULL);
  g_autoptr(WmVoiceChecker) checker = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) more = NULL;

  g_assert_true (wm_voice_rule_validate (&evil, NULL));

  /* Catastrophic backtracking: without a bound, 2^40 steps. */
  for (int i = 0; i < 40; i++)
    g_string_append_c (text, 'a');
  g_string_append_c (text, '!');

  /* No clock here (valgrind and a busy machine make any time a lie): the
   * proof is that the check returns at all, with the rule stopped for its
   * backtracking; unbounded, it would run until the test's timeout. */
  checker = wm_voice_checker_new (&evil, 1);
  findings = wm_voice_checker_check (checker, text->str, 0);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_cmpuint (wm_voice_checker_get_stopped (checker)->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (wm_voice_checker_get_stopped (checker), 0),
                            "(a+)+$"));
  g_assert_nonnull (strstr (g_ptr_array_index (wm_voice_checker_get_stopped (checker), 0),
                            "backtracking"));
  /* A stopped rule stays stopped for the rest of the run. */
  more = wm_voice_checker_check (checker, "aaa", 0);
  g_assert_cmpuint (more->len, ==, 0);
  g_assert_cmpuint (wm_voice_checker_get_stopped (checker)->len, ==, 1);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* A pattern cannot raise the limits for itself: PCRE2 takes the lower one. */
  {
    WmVoiceRuleSpec sneaky = rule (WM_VOICE_KIND_REGEX, "(*LIMIT_MATCH=2000000000)(a+)+$", NULL);
    g_autoptr(WmVoiceChecker) sneaky_checker = wm_voice_checker_new (&sneaky, 1);
    g_autoptr(GPtrArray) none = NULL;

    g_string_truncate (text, 0);
    for (int i = 0; i < 40; i++)
      g_string_append_c (text, 'a');
    g_string_append_c (text, '!');
    none = wm_voice_checker_check (sneaky_checker, text->str, 0);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (wm_voice_checker_get_stopped (sneaky_checker)->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (wm_voice_checker_get_stopped (sneaky_checker),
                                                 0), "backtracking"));
  }

  /* A rule over its time budget stops for the rest of the run, and says so;
   * the findings of the text it was on are kept. */
  g_clear_pointer (&checker, wm_voice_checker_free);
  g_clear_pointer (&more, g_ptr_array_unref);
  checker = wm_voice_checker_new (&many, 1);
  wm_voice_checker_set_regex_budget (checker, 0);
  findings = wm_voice_checker_check (checker, "a b a", 0);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_cmpuint (wm_voice_checker_get_stopped (checker)->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (wm_voice_checker_get_stopped (checker), 0),
                            "too long"));
  more = wm_voice_checker_check (checker, "a a a", 0);
  g_assert_cmpuint (more->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* At most WM_VOICE_MAX_MATCHES findings per rule and text. */
  g_string_truncate (text, 0);
  for (int i = 0; i < 1000; i++)
    g_string_append (text, "a ");
  findings = check_one (many, text->str, 0);
  g_assert_cmpuint (findings->len, ==, WM_VOICE_MAX_MATCHES);
}

static void
assert_invalid (WmVoiceRuleSpec spec,
                const char     *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmVoiceChecker) checker = NULL;

  g_assert_false (wm_voice_rule_validate (&spec, &error));
  g_assert_error (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE);
  if (strstr (error->message, reason) == NULL)
    g_error ("“%s” does not say “%s”", error->message, reason);

  /* A checker leaves it out rather than failing every check. */
  checker = wm_voice_checker_new (&spec, 1);
  g_assert_cmpuint (wm_voice_checker_get_n_rules (checker), ==, 0);
  g_assert_cmpuint (wm_voice_checker_get_n_invalid (checker), ==, 1);
}

static void
test_invalid (void)
{
  WmVoiceRuleSpec length = rule (WM_VOICE_KIND_MAX_LENGTH, NULL, NULL);
  WmVoiceRuleSpec bad_kind = rule (WM_VOICE_KIND_BANNED, "x", NULL);

  assert_invalid (rule (WM_VOICE_KIND_BANNED, "", NULL), "empty");
  assert_invalid (rule (WM_VOICE_KIND_BANNED, NULL, NULL), "empty");
  assert_invalid (rule (WM_VOICE_KIND_BANNED, "  \t", NULL), "empty");
  assert_invalid (rule (WM_VOICE_KIND_REQUIRED, "", NULL), "empty");
  assert_invalid (rule (WM_VOICE_KIND_PREFERRED, "utilize", ""), "instead");
  assert_invalid (rule (WM_VOICE_KIND_PREFERRED, "Straße", "STRASSE"), "itself");
  assert_invalid (rule (WM_VOICE_KIND_CAPITALIZATION, "1234", NULL), "case");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "", NULL), "empty");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "(unclosed", NULL), "does not parse");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "[z-a]", NULL), "does not parse");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "x*", NULL), "empty text");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "\\b", NULL), "empty text");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "(?=a)", NULL), "empty text");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "a|", NULL), "empty text");
  assert_invalid (rule (WM_VOICE_KIND_REGEX, "(a)", "\\"), "replacement");
  assert_invalid (length, "at least 1");
  length.max_length = -3;
  assert_invalid (length, "at least 1");
  bad_kind.kind = WM_VOICE_N_KINDS;
  assert_invalid (bad_kind, "kind");
  assert_invalid (rule (WM_VOICE_KIND_BANNED, "\xff\xfe", NULL), "UTF-8");
}

static void
test_names (void)
{
  WmVoiceRuleKind kind;
  WmVoiceSeverity severity;

  for (guint i = 0; i < WM_VOICE_N_KINDS; i++)
    {
      g_assert_true (wm_voice_rule_kind_from_string (wm_voice_rule_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (wm_voice_rule_kind_get_label (i));
    }
  for (guint i = 0; i < WM_VOICE_N_SEVERITIES; i++)
    {
      g_assert_true (wm_voice_severity_from_string (wm_voice_severity_to_string (i),
                                                    &severity));
      g_assert_cmpint (severity, ==, i);
    }
  g_assert_false (wm_voice_rule_kind_from_string ("spelling", &kind));
  g_assert_false (wm_voice_severity_from_string (NULL, &severity));
}

static void
test_order_and_empty (void)
{
  WmVoiceRuleSpec specs[] = {
    rule (WM_VOICE_KIND_BANNED, "leider", NULL),
    rule (WM_VOICE_KIND_CAPITALIZATION, "Northwind", NULL),
    rule (WM_VOICE_KIND_REQUIRED, "Ihr Team", NULL),
  };
  g_autoptr(WmVoiceChecker) checker = wm_voice_checker_new (specs, G_N_ELEMENTS (specs));
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *got = NULL;

  specs[0].severity = WM_VOICE_SEVERITY_ERROR;
  findings = wm_voice_checker_check (checker, "northwind kann leider nicht", 0);
  got = describe (findings);
  g_assert_cmpstr (got, ==, "0-9:Northwind;15-21:-;27-27:\n\nIhr Team");

  /* Empty copy has nothing to check. */
  none = wm_voice_checker_check (checker, "", 0);
  g_assert_cmpuint (none->len, ==, 0);
}

/* The store side: rules saved only when valid, one undo step each, and the
 * project report with its score and exports. */
static void
test_project (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autoptr(WmStore) store = wm_test_create_store (dir, "voice.waymark", NULL);
  g_autoptr(WmRecord) bad = wm_record_new (WM_ENTITY_VOICE_RULE);
  g_autoptr(WmRecord) good = wm_record_new (WM_ENTITY_VOICE_RULE);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmVoiceReport) report = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *csv = NULL;
  gint64 guideline, journey;
  WmVoiceScore score;

  guideline = wm_test_insert_named (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0,
                                    "Voice");
  journey = wm_test_build_journey (store, "Onboarding", 2, 1);
  touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, journey,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (touchpoints->len, ==, 2);
  g_assert_true (wm_store_set_string (store,
                                      wm_record_get_id (g_ptr_array_index (touchpoints, 0)),
                                      WM_TOUCHPOINT_MESSAGE, "Please utilize the app | now, \"ok\"", &error));
  g_assert_true (wm_store_set_string (store,
                                      wm_record_get_id (g_ptr_array_index (touchpoints, 1)),
                                      WM_TOUCHPOINT_MESSAGE, "Use the app.", &error));
  g_assert_no_error (error);
  wm_store_clear_history (store);

  /* A rule that does not parse is refused and nothing is stored. */
  wm_record_set_ref (bad, WM_VOICE_RULE_GUIDELINE_ID, guideline);
  wm_record_set_string (bad, WM_VOICE_RULE_KIND, "banned");
  wm_record_set_string (bad, WM_VOICE_RULE_PATTERN, " ");
  g_assert_false (wm_voice_save_rule (store, bad, NULL, 0, &error));
  g_assert_error (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_VOICE_RULE), ==, 0);
  g_assert_false (wm_store_can_undo (store));

  wm_record_set_ref (good, WM_VOICE_RULE_GUIDELINE_ID, guideline);
  wm_record_set_string (good, WM_VOICE_RULE_KIND, "preferred");
  wm_record_set_string (good, WM_VOICE_RULE_PATTERN, "utilize");
  wm_record_set_string (good, WM_VOICE_RULE_REPLACEMENT, "use");
  g_assert_true (wm_voice_save_rule (store, good, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_record_get_id (good), >, 0);
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Add voice rule");

  /* Editing it into something invalid changes nothing. */
  wm_record_set_string (good, WM_VOICE_RULE_REPLACEMENT, "");
  g_assert_false (wm_voice_save_rule (store, good, NULL, 0, &error));
  g_clear_error (&error);
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Add voice rule");

  report = wm_voice_check_project (store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->results->len, ==, 2);
  score = wm_voice_report_get_score (report, 0, 0);
  g_assert_cmpuint (score.n_checked, ==, 2);
  g_assert_cmpuint (score.n_passing, ==, 1);
  g_assert_cmpuint (score.n_findings, ==, 1);
  g_assert_cmpfloat (score.score, ==, 0.5);
  score = wm_voice_report_get_score (report, journey + 1000, 0);
  g_assert_cmpuint (score.n_checked, ==, 0);
  g_assert_cmpfloat (score.score, ==, 1.0);

  markdown = wm_voice_report_export (report, WM_VOICE_EXPORT_MARKDOWN);
  g_assert_nonnull (strstr (markdown, "# Brand voice report\n"));
  g_assert_nonnull (strstr (markdown, "Consistency: 50 % of 2 texts pass."));
  g_assert_nonnull (strstr (markdown, "| Onboarding | 2 | 1 | 50 % |"));
  /* A table cell's pipe is escaped, so the table keeps its columns. */
  g_assert_nonnull (strstr (markdown, "| utilize | Write “use” instead of “utilize”. | use |"));
  csv = wm_voice_report_export (report, WM_VOICE_EXPORT_CSV);
  g_assert_true (g_str_has_prefix (csv, "\"journey\",\"touchpoint\",\"touchpoint_uuid\""));
  g_assert_nonnull (strstr (csv, "\"preferred\",\"warning\",\"7\",\"14\",\"utilize\""));

  counts = wm_voice_count_findings_by_touchpoint (store, journey, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &(gint64) {
    wm_record_get_id (g_ptr_array_index (touchpoints, 0)) })), ==, 1);

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

/* A rule scoped to some channels through voice_rule_channel, and a regex
 * rule (schema v2), each saved as one undo step. */
static void
test_project_channels (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autoptr(WmStore) store = wm_test_create_store (dir, "scoped.waymark", NULL);
  g_autoptr(WmRecord) length = wm_record_new (WM_ENTITY_VOICE_RULE);
  g_autoptr(WmRecord) regex = wm_record_new (WM_ENTITY_VOICE_RULE);
  g_autoptr(GPtrArray) channel_rows = NULL;
  g_autoptr(GArray) channels = NULL;
  g_autoptr(GError) error = NULL;
  gint64 guideline, two[2], one[1];

  guideline = wm_test_insert_named (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0,
                                    "Voice");
  channel_rows = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (channel_rows->len, >=, 2);
  two[0] = wm_record_get_id (g_ptr_array_index (channel_rows, 0));
  two[1] = wm_record_get_id (g_ptr_array_index (channel_rows, 1));
  one[0] = two[1];

  wm_record_set_ref (length, WM_VOICE_RULE_GUIDELINE_ID, guideline);
  wm_record_set_string (length, WM_VOICE_RULE_KIND, "max-length");
  wm_record_set_int (length, WM_VOICE_RULE_MAX_LENGTH, 160);
  wm_record_set_string (length, WM_VOICE_RULE_SEVERITY, "error");
  g_assert_true (wm_voice_save_rule (store, length, two, 2, &error));
  g_assert_no_error (error);
  channels = wm_voice_rule_get_channels (store, length, &error);
  g_assert_cmpuint (channels->len, ==, 2);
  g_clear_pointer (&channels, g_array_unref);

  /* Narrowed to one channel; undo widens it again in one step. */
  g_assert_true (wm_voice_save_rule (store, length, one, 1, &error));
  g_assert_cmpstr (wm_store_get_undo_label (store), ==, "Change voice rule");
  channels = wm_voice_rule_get_channels (store, length, &error);
  g_assert_cmpuint (channels->len, ==, 1);
  g_assert_cmpint (g_array_index (channels, gint64, 0), ==, one[0]);
  g_clear_pointer (&channels, g_array_unref);
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  channels = wm_voice_rule_get_channels (store, length, &error);
  g_assert_cmpuint (channels->len, ==, 2);

  wm_record_set_ref (regex, WM_VOICE_RULE_GUIDELINE_ID, guideline);
  wm_record_set_string (regex, WM_VOICE_RULE_KIND, "regex");
  wm_record_set_string (regex, WM_VOICE_RULE_PATTERN, "(unclosed");
  g_assert_false (wm_voice_save_rule (store, regex, NULL, 0, &error));
  g_assert_error (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_VOICE_RULE), ==, 1);
  wm_record_set_string (regex, WM_VOICE_RULE_PATTERN, "!{2,}");
  g_assert_true (wm_voice_save_rule (store, regex, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_VOICE_RULE), ==, 2);

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/voice/banned", test_banned);
  g_test_add_func ("/waymark/voice/preferred", test_preferred);
  g_test_add_func ("/waymark/voice/max-length", test_max_length);
  g_test_add_func ("/waymark/voice/required", test_required);
  g_test_add_func ("/waymark/voice/capitalization", test_capitalization);
  g_test_add_func ("/waymark/voice/regex", test_regex);
  g_test_add_func ("/waymark/voice/regex-bound", test_regex_bound);
  g_test_add_func ("/waymark/voice/invalid", test_invalid);
  g_test_add_func ("/waymark/voice/names", test_names);
  g_test_add_func ("/waymark/voice/order", test_order_and_empty);
  g_test_add_func ("/waymark/voice/project", test_project);
  g_test_add_func ("/waymark/voice/project-channels", test_project_channels);

  return g_test_run ();
}
