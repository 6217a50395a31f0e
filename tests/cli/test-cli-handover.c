/* test-cli-handover.c
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

/* waymark-cli is two programs: a light one that starts fast, and
 * waymark-cli-full, to which the commands that draw or go on the network hand
 * over. A script must not be able to tell: same output, same exit status. */

static const char *cli_path;
static const char *full_path;

static void
assert_same (const WmCliDemo   *fixture,
             const char *const *args)
{
  g_auto(WmCliRun) light = { 0, };
  g_auto(WmCliRun) full = { 0, };

  wm_cli_run (&light, cli_path, args, fixture->dir, NULL);
  wm_cli_run (&full, full_path, args, fixture->dir, NULL);

  g_assert_cmpint (light.status, ==, full.status);
  g_assert_cmpstr (light.out, ==, full.out);
  g_assert_cmpstr (light.err, ==, full.err);
}

/* Tests */

static void
test_light (WmCliDemo     *fixture,
            gconstpointer  data)
{
  static const char *const libraries[] = {
    "libcairo", "libpango", "libgdk_pixbuf", "libsoup", "libsecret", "libfontconfig",
  };
  static const char *const none[] = { NULL };
  g_auto(WmCliRun) light = { 0, };
  g_auto(WmCliRun) full = { 0, };

  /* What the dynamic loader would load, without running the program. */
  wm_cli_run (&light, cli_path, none, fixture->dir, "LD_TRACE_LOADED_OBJECTS");
  wm_cli_run (&full, full_path, none, fixture->dir, "LD_TRACE_LOADED_OBJECTS");
  g_assert_cmpint (light.status, ==, 0);
  g_assert_nonnull (strstr (light.out, "libsqlite3"));

  for (guint i = 0; i < G_N_ELEMENTS (libraries); i++)
    {
      if (strstr (light.out, libraries[i]) != NULL)
        g_error ("waymark-cli loads %s; the commands that need it belong in waymark-cli-full:\n%s",
                 libraries[i], light.out);
      g_assert_nonnull (strstr (full.out, libraries[i]));
    }
}

/* The command line reaches waymark-cli-full as typed, whatever its output,
 * errors and exit status. */
static void
test_same (WmCliDemo     *fixture,
           gconstpointer  data)
{
  g_autofree char *odd = g_build_filename (fixture->dir, "-odd name “x”.waymark", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  const char *const export_json[] = { "export", "demo.waymark", "-o", "-", NULL };
  const char *const export_odd[] = { "export", "--format=json", "--", "-odd name “x”.waymark",
                                     "--output", "-", NULL };
  const char *const bad_format[] = { "export", "demo.waymark", "--format", "gif", "-o", "x",
                                     "--json", NULL };
  const char *const voice[] = { "voice", "demo.waymark", "check", "--json", NULL };
  const char *const feeds_missing[] = { "feeds", "missing.waymark", "refresh", "--json", NULL };
  const char *const help[] = { "export", "--help", NULL };

  g_file_get_contents (fixture->demo, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (odd, contents, length, &error);
  g_assert_no_error (error);

  assert_same (fixture, export_json);
  assert_same (fixture, export_odd);
  assert_same (fixture, bad_format);
  assert_same (fixture, voice);
  assert_same (fixture, feeds_missing);
  assert_same (fixture, help);
}

/* An installation without waymark-cli-full says so, and info still works. */
static void
test_missing (WmCliDemo     *fixture,
              gconstpointer  data)
{
  g_autofree char *installed = g_build_filename (LIBEXECDIR, "waymark-cli-full", NULL);
  g_autofree char *lone = g_build_filename (fixture->dir, "waymark-cli", NULL);
  g_autofree char *output = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *const export_json[] = { "export", "demo.waymark", "-o", "out.json", NULL };
  const char *const export_json_json[] = { "export", "demo.waymark", "-o", "out.json", "--json",
                                           NULL };
  const char *const info[] = { "info", "demo.waymark", NULL };
  g_auto(WmCliRun) text = { 0, };
  g_auto(WmCliRun) json = { 0, };
  g_auto(WmCliRun) still = { 0, };
  JsonObject *object;

  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("waymark-cli-full is installed, and a lone waymark-cli would find it");
      return;
    }

  /* waymark-cli alone, without waymark-cli-full beside it. */
  g_file_get_contents (cli_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (lone, contents, length, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);

  wm_cli_run (&text, lone, export_json, fixture->dir, NULL);
  g_assert_cmpint (text.status, ==, 127);
  g_assert_cmpstr (text.out, ==, "");
  g_assert_nonnull (strstr (text.err, "waymark-cli-full"));
  g_assert_nonnull (strstr (text.err, "not installed completely"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  wm_cli_run (&json, lone, export_json_json, fixture->dir, NULL);
  g_assert_cmpint (json.status, ==, 127);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  object = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "error");
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 127);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"),
                            "waymark-cli-full"));

  wm_cli_run (&still, lone, info, fixture->dir, NULL);
  g_assert_cmpint (still.status, ==, 0);
  g_assert_nonnull (strstr (still.out, "Journeys:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 3)
    g_error ("usage: test-cli-handover PATH-TO-WAYMARK-CLI PATH-TO-WAYMARK-CLI-FULL");
  cli_path = argv[1];
  full_path = argv[2];

  g_test_add ("/waymark/cli/handover/light", WmCliDemo, NULL, wm_cli_demo_set_up, test_light,
              wm_cli_demo_tear_down);
  g_test_add ("/waymark/cli/handover/same", WmCliDemo, NULL, wm_cli_demo_set_up, test_same,
              wm_cli_demo_tear_down);
  g_test_add ("/waymark/cli/handover/missing", WmCliDemo, NULL, wm_cli_demo_set_up, test_missing,
              wm_cli_demo_tear_down);

  return g_test_run ();
}
