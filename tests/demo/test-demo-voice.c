/* test-demo-voice.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "wm-demo-private.h"
#include "wm-test-util.h"
#include "wm-voice-project.h"

/* The demo's own copy breaks its brand-voice rules on purpose: a new user
 * opening it must see the over-long SMS and the lower-case greeting, in
 * English and in German. */

static const WmVoiceResult *
find_result (WmVoiceReport *report,
             const char    *channel,
             const char    *text_part)
{
  for (guint i = 0; i < report->results->len; i++)
    {
      const WmVoiceResult *result = g_ptr_array_index (report->results, i);

      if (g_strcmp0 (result->channel_name, channel) == 0
          && strstr (result->text, text_part) != NULL)
        return result;
    }

  g_error ("no %s copy with “%s”", channel, text_part);
}

static const WmVoiceFinding *
only_finding (const WmVoiceResult *result,
              WmVoiceRuleKind      kind)
{
  const WmVoiceFinding *found = NULL;

  for (guint i = 0; i < result->findings->len; i++)
    {
      const WmVoiceFinding *finding = g_ptr_array_index (result->findings, i);

      if (finding->kind == kind)
        {
          g_assert_null (found);
          found = finding;
        }
    }
  g_assert_nonnull (found);

  return found;
}

static void
check_demo (const char *language,
            const char *greeting,
            const char *sms_part,
            const char *banned)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.waymark", NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmVoiceReport) report = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  const WmVoiceResult *sms, *phone;
  const WmVoiceFinding *finding;
  WmVoiceScore score;
  glong n_chars;

  store = wm_demo_create_for_language (path, language, &error);
  g_assert_no_error (error);
  report = wm_voice_check_project (store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_invalid_rules, ==, 0);
  g_assert_cmpuint (report->stopped->len, ==, 0);

  /* The SMS is over 160 characters: the finding covers the excess. */
  sms = find_result (report, "SMS", sms_part);
  n_chars = g_utf8_strlen (sms->text, -1);
  g_assert_cmpint (n_chars, >, 160);
  finding = only_finding (sms, WM_VOICE_KIND_MAX_LENGTH);
  g_assert_cmpint (finding->severity, ==, WM_VOICE_SEVERITY_ERROR);
  g_assert_cmpint (finding->start, ==, 160);
  g_assert_cmpint (finding->end, ==, n_chars);

  /* The hotline greets with a lower-case "northwind". */
  phone = find_result (report, "Phone", greeting);
  finding = only_finding (phone, WM_VOICE_KIND_CAPITALIZATION);
  g_assert_cmpstr (finding->fix, ==, "Northwind");
  {
    g_autofree char *word = g_utf8_substring (phone->text, finding->start, finding->end);

    g_assert_cmpstr (word, ==, "northwind");
  }

  /* The chatbot opens with the banned apology. */
  {
    const WmVoiceResult *chatbot = find_result (report, "Chatbot", banned);

    finding = only_finding (chatbot, WM_VOICE_KIND_BANNED);
    g_assert_cmpint (finding->start, ==, 0);
  }

  score = wm_voice_report_get_score (report, 0, 0);
  g_assert_cmpuint (score.n_checked, ==, 17);
  g_assert_cmpuint (score.n_passing, ==, 12);
  g_assert_cmpuint (score.n_errors, ==, 1);

  counts = wm_voice_count_findings_by_touchpoint (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 5);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &sms->touchpoint_id)), ==, 1);

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

static void
test_english (void)
{
  check_demo ("C", "calling northwind support", "Good news from Northwind!", "Unfortunately");
}

static void
test_german (void)
{
  check_demo ("de_DE.UTF-8", "beim northwind Support", "Gute Nachrichten von Northwind!",
              "Leider");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/demo/voice/english", test_english);
  g_test_add_func ("/waymark/demo/voice/german", test_german);

  return g_test_run ();
}
