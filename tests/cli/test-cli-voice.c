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

#include "wm-demo.h"
#include "wm-test-util.h"

/* waymark-cli voice FILE check as a CI gate sees it: its exit status, its
 * text and its JSON, on the demo project whose copy breaks its own rules. */

static const char *cli_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

typedef struct
{
  char *dir;
  char *demo;
} Fixture;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->demo = g_build_filename (fixture->dir, "demo.waymark", NULL);
  store = wm_demo_create (fixture->demo, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->demo);
}

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("waymark-cli did not exit normally; stderr: %s", run->err);
  run->status = g_subprocess_get_exit_status (process);
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

static JsonObject *
find_kind (JsonArray  *findings,
           const char *kind)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (finding, "kind"), kind) == 0)
        return finding;
    }

  return NULL;
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Run) run = { 0 };

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
  g_assert_true (g_str_has_suffix (run.out, "\n5 findings; 12 of 17 texts pass (71 %).\n"));
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) touchpoint = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *findings;
  JsonObject *sms, *name;

  run_cli (&run, "voice", fixture->demo, "check", "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  findings = parse_findings (run.out, &root);
  g_assert_cmpuint (json_array_get_length (findings), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "checked"), ==, 17);

  sms = find_kind (findings, "max-length");
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
test_scope (Fixture       *fixture,
            gconstpointer  data)
{
  g_auto(Run) sms = { 0 };
  g_auto(Run) journey = { 0 };
  g_auto(Run) chat = { 0 };
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

  /* The social-media copy passes: exit 0. */
  run_cli (&chat, "voice", fixture->demo, "check", "--channel", "Social media", NULL);
  g_assert_cmpint (chat.status, ==, 0);
  g_assert_cmpstr (chat.out, ==, "0 findings; 1 of 1 texts pass (100 %).\n");
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(Run) action = { 0 };
  g_auto(Run) channel = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) no_action = { 0 };
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

  g_test_add ("/waymark/cli/voice/text", Fixture, NULL, fixture_setup, test_text,
              fixture_teardown);
  g_test_add ("/waymark/cli/voice/json", Fixture, NULL, fixture_setup, test_json,
              fixture_teardown);
  g_test_add ("/waymark/cli/voice/scope", Fixture, NULL, fixture_setup, test_scope,
              fixture_teardown);
  g_test_add ("/waymark/cli/voice/errors", Fixture, NULL, fixture_setup, test_errors,
              fixture_teardown);

  return g_test_run ();
}
