/* test-cli-voice.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "wm-cli-test-util.h"
#include "wm-test-util.h"

/* waymark-cli voice FILE check as a CI gate sees it: its exit status, its
 * text and its JSON, on the demo project whose copy breaks its own rules. */

static const char *cli_path;

static void
run_cli (WmCliRun   *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  wm_cli_run (run, cli_path, (const char *const *) args->pdata, NULL, NULL);
}

static JsonArray *
parse_findings (const char *text,
                JsonNode  **root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  *root = json_node_copy (json_parser_get_root (parser));

  return json_object_get_array_member (json_node_get_object (*root), "findings");
}

/* The first finding of @kind, on @channel unless that is NULL. */
static JsonObject *
find_kind_on (JsonArray  *findings,
              const char *kind,
              const char *channel)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (finding, "kind"), kind) == 0
          && (channel == NULL
              || g_strcmp0 (json_object_get_string_member (finding, "channel"), channel) == 0))
        return finding;
    }

  return NULL;
}

static JsonObject *
find_kind (JsonArray  *findings,
           const char *kind)
{
  return find_kind_on (findings, kind, NULL);
}

static void
test_text (WmCliDemo     *fixture,
           gconstpointer  data)
{
  g_auto(WmCliRun) run = { 0 };

  run_cli (&run, "voice", fixture->demo, "check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  /* The 211-character SMS, from its 161st character to its end. */
  g_assert_nonnull (strstr (run.out, "Order online, pick up in store › “Ready for pickup” SMS "
                                     "(SMS)\n  161–211  Error: An SMS over 160 characters"));
  /* The lower-case greeting, with its fix. */
  g_assert_nonnull (strstr (run.out, "  23–31  Warning: Our name is always written “Northwind”, "
                                     "with a capital N. Fix: “Northwind”\n"));
  /* A missing sign-off is a point; the fix's newlines are escaped. */
  g_assert_nonnull (strstr (run.out, "Fix: “\\n\\nThe Northwind team”\n"));
  g_assert_true (g_str_has_suffix (run.out, "\n9 findings; 9 of 17 texts pass (53 %).\n"));
}

static void
test_json (WmCliDemo     *fixture,
           gconstpointer  data)
{
  g_auto(WmCliRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) touchpoint = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *findings;
  JsonObject *sms, *name;

  run_cli (&run, "voice", fixture->demo, "check", "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  findings = parse_findings (run.out, &root);
  g_assert_cmpuint (json_array_get_length (findings), ==, 9);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "checked"), ==, 17);

  sms = find_kind_on (findings, "max-length", "SMS");
  g_assert_nonnull (sms);
  g_assert_cmpstr (json_object_get_string_member (sms, "severity"), ==, "error");
  g_assert_cmpint (json_object_get_int_member (sms, "start"), ==, 160);
  g_assert_cmpint (json_object_get_int_member (sms, "end"), ==, 211);
  g_assert_true (json_object_get_null_member (sms, "fix"));
  g_assert_cmpstr (json_object_get_string_member (sms, "channel"), ==, "SMS");

  /* The touchpoint uuid is the store's. */
  store = wm_store_open (fixture->demo, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  touchpoint = wm_store_find_by_uuid (store, WM_ENTITY_TOUCHPOINT,
                                      json_object_get_string_member (sms, "touchpoint"),
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE), -1), ==, 211);
  g_assert_nonnull (json_object_get_string_member (sms, "rule"));

  name = find_kind (findings, "capitalization");
  g_assert_nonnull (name);
  g_assert_cmpint (json_object_get_int_member (name, "start"), ==, 22);
  g_assert_cmpint (json_object_get_int_member (name, "end"), ==, 31);
  g_assert_cmpstr (json_object_get_string_member (name, "fix"), ==, "Northwind");
  g_assert_cmpstr (json_object_get_string_member (name, "severity"), ==, "warning");
}

static void
test_scope (WmCliDemo     *fixture,
            gconstpointer  data)
{
  g_auto(WmCliRun) sms = { 0 };
  g_auto(WmCliRun) journey = { 0 };
  g_auto(WmCliRun) chat = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *findings;

  run_cli (&sms, "voice", fixture->demo, "check", "--channel", "sms", "--json", NULL);
  g_assert_cmpint (sms.status, ==, 1);
  findings = parse_findings (sms.out, &root);
  g_assert_cmpuint (json_array_get_length (findings), ==, 1);
  g_assert_nonnull (find_kind (findings, "max-length"));

  run_cli (&journey, "voice", fixture->demo, "check", "--journey",
           "order online, PICK UP in store", NULL);
  g_assert_cmpint (journey.status, ==, 1);
  g_assert_true (g_str_has_suffix (journey.out, "\n2 findings; 3 of 5 texts pass (60 %).\n"));

  /* The video calls' copy passes: exit 0. */
  run_cli (&chat, "voice", fixture->demo, "check", "--channel", "Video call", NULL);
  g_assert_cmpint (chat.status, ==, 0);
  g_assert_cmpstr (chat.out, ==, "0 findings; 2 of 2 texts pass (100 %).\n");
}

static void
test_errors (WmCliDemo     *fixture,
             gconstpointer  data)
{
  g_auto(WmCliRun) action = { 0 };
  g_auto(WmCliRun) channel = { 0 };
  g_auto(WmCliRun) missing = { 0 };
  g_auto(WmCliRun) no_action = { 0 };
  g_autofree char *nowhere = g_build_filename (fixture->dir, "nowhere.waymark", NULL);

  run_cli (&action, "voice", fixture->demo, "lint", NULL);
  g_assert_cmpint (action.status, ==, 2);
  g_assert_nonnull (strstr (action.err, "Unknown action “lint”"));
  g_assert_cmpstr (action.out, ==, "");

  run_cli (&channel, "voice", fixture->demo, "check", "--channel", "pigeon", NULL);
  g_assert_cmpint (channel.status, ==, 2);
  g_assert_nonnull (strstr (channel.err, "No channel “pigeon”"));

  run_cli (&no_action, "voice", fixture->demo, NULL);
  g_assert_cmpint (no_action.status, ==, 2);

  run_cli (&missing, "voice", nowhere, "check", NULL);
  g_assert_cmpint (missing.status, ==, 3);
  g_assert_cmpstr (missing.out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: test-cli-voice PATH-TO-WAYMARK-CLI");
  cli_path = argv[1];

  g_test_add ("/waymark/cli/voice/text", WmCliDemo, NULL, wm_cli_demo_set_up, test_text,
              wm_cli_demo_tear_down);
  g_test_add ("/waymark/cli/voice/json", WmCliDemo, NULL, wm_cli_demo_set_up, test_json,
              wm_cli_demo_tear_down);
  g_test_add ("/waymark/cli/voice/scope", WmCliDemo, NULL, wm_cli_demo_set_up, test_scope,
              wm_cli_demo_tear_down);
  g_test_add ("/waymark/cli/voice/errors", WmCliDemo, NULL, wm_cli_demo_set_up, test_errors,
              wm_cli_demo_tear_down);

  return g_test_run ();
}
