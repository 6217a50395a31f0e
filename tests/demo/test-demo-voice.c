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
 * opening it must see the over-long SMS, the lower-case greeting, the
 * shouting and jargon, and a to-be banner too long for the app, in English
 * and in German. */

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

/* GSM 03.38's basic characters: an SMS of only these is 160 characters a
 * part (153 when split); any other character makes it UCS-2. */
static gboolean
is_gsm7 (const char *text)
{
  static const char basic[] =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      char character[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), character);
      if (strstr (basic, character) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
assert_finding_text (const WmVoiceResult  *result,
                     const WmVoiceFinding *finding,
                     const char           *expected)
{
  g_autofree char *text = g_utf8_substring (result->text, finding->start, finding->end);

  g_assert_cmpstr (text, ==, expected);
}

static void
check_demo (const char *language,
            const char *greeting,
            const char *sms_part,
            const char *banned,
            const char *social_part,
            const char *ticket,
            const char *jargon_part,
            const char *jargon,
            const char *app_part,
            const char *video_greeting)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.waymark", NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmVoiceReport) report = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  const WmVoiceResult *sms, *phone, *social, *website, *app, *video;
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

  /* It is two SMS parts, as the pain point under it says: only GSM-7
   * characters (an en dash would make it UCS-2, 67 characters a part: four
   * parts), more than 160 of them and at most two parts of 153. */
  g_assert_true (is_gsm7 (sms->text));
  g_assert_cmpint (n_chars, <=, 2 * 153);

  /* The social media reply shouts, and calls the case a ticket. */
  social = find_result (report, "Social media", social_part);
  finding = only_finding (social, WM_VOICE_KIND_REGEX);
  g_assert_cmpstr (finding->fix, ==, "!");
  assert_finding_text (social, finding, "!!");
  finding = only_finding (social, WM_VOICE_KIND_PREFERRED);
  assert_finding_text (social, finding, ticket);
  g_assert_cmpuint (social->findings->len, ==, 2);

  /* The release notes speak jargon. */
  website = find_result (report, "Website", jargon_part);
  finding = only_finding (website, WM_VOICE_KIND_BANNED);
  assert_finding_text (website, finding, jargon);

  /* The to-be readiness check does not fit in a banner: the push limit,
   * scoped to the app, catches proposed copy before it ships. */
  app = find_result (report, "Mobile app", app_part);
  finding = only_finding (app, WM_VOICE_KIND_MAX_LENGTH);
  g_assert_cmpint (finding->severity, ==, WM_VOICE_SEVERITY_WARNING);
  g_assert_cmpint (finding->start, ==, 90);

  /* The engineer greets her by name, and nothing is wrong with it. */
  video = find_result (report, "Video call", video_greeting);
  g_assert_cmpuint (video->findings->len, ==, 0);

  score = wm_voice_report_get_score (report, 0, 0);
  g_assert_cmpuint (score.n_checked, ==, 17);
  g_assert_cmpuint (score.n_passing, ==, 9);
  g_assert_cmpuint (score.n_errors, ==, 1);

  counts = wm_voice_count_findings_by_touchpoint (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 8);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &social->touchpoint_id)), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &sms->touchpoint_id)), ==, 1);

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

static void
test_english (void)
{
  check_demo ("C", "calling northwind support", "Good news from Northwind!", "Unfortunately",
              "We're sorry to hear that", "ticket", "bank-feed assistant", "Leverage",
              "One thing to fix", "Hi Sabine, I've read your case");
}

static void
test_german (void)
{
  check_demo ("de_DE.UTF-8", "beim northwind Support", "Gute Nachrichten von Northwind!",
              "Leider", "Das tut uns leid", "Ticket", "Bankanbindung", "zeitnah",
              "Eine Sache sollten Sie", "Guten Tag, Frau Keller, ich habe Ihren Fall");
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
