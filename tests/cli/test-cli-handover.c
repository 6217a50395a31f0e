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

#include "wm-demo.h"
#include "wm-test-util.h"

/* waymark-cli is two programs: a light one that starts fast, and
 * waymark-cli-full, to which the commands that draw or go on the network hand
 * over. A script must not be able to tell: same output, same exit status. */

static const char *cli_path;
static const char *full_path;

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

/* Runs @program with @args in @cwd, with @variable set to "1" unless NULL. */
static void
run_program (Run               *run,
             const char        *program,
             const char *const *args,
             const char        *cwd,
             const char        *variable)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  if (variable != NULL)
    g_subprocess_launcher_setenv (launcher, variable, "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
assert_same (const Fixture     *fixture,
             const char *const *args)
{
  g_auto(Run) light = { 0, };
  g_auto(Run) full = { 0, };

  run_program (&light, cli_path, args, fixture->dir, NULL);
  run_program (&full, full_path, args, fixture->dir, NULL);

  g_assert_cmpint (light.status, ==, full.status);
  g_assert_cmpstr (light.out, ==, full.out);
  g_assert_cmpstr (light.err, ==, full.err);
}

/* Tests */

static void
test_light (Fixture       *fixture,
            gconstpointer  data)
{
  static const char *const libraries[] = {
    "libcairo", "libpango", "libgdk_pixbuf", "libsoup", "libsecret", "libfontconfig",
  };
  static const char *const none[] = { NULL };
  g_auto(Run) light = { 0, };
  g_auto(Run) full = { 0, };

  /* What the dynamic loader would load, without running the program. */
  run_program (&light, cli_path, none, fixture->dir, "LD_TRACE_LOADED_OBJECTS");
  run_program (&full, full_path, none, fixture->dir, "LD_TRACE_LOADED_OBJECTS");
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
test_same (Fixture       *fixture,
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
test_missing (Fixture       *fixture,
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
  g_auto(Run) text = { 0, };
  g_auto(Run) json = { 0, };
  g_auto(Run) still = { 0, };
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

  run_program (&text, lone, export_json, fixture->dir, NULL);
  g_assert_cmpint (text.status, ==, 127);
  g_assert_cmpstr (text.out, ==, "");
  g_assert_nonnull (strstr (text.err, "waymark-cli-full"));
  g_assert_nonnull (strstr (text.err, "not installed completely"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  run_program (&json, lone, export_json_json, fixture->dir, NULL);
  g_assert_cmpint (json.status, ==, 127);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  object = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "error");
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 127);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"),
                            "waymark-cli-full"));

  run_program (&still, lone, info, fixture->dir, NULL);
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

  g_test_add ("/waymark/cli/handover/light", Fixture, NULL, fixture_setup, test_light,
              fixture_teardown);
  g_test_add ("/waymark/cli/handover/same", Fixture, NULL, fixture_setup, test_same,
              fixture_teardown);
  g_test_add ("/waymark/cli/handover/missing", Fixture, NULL, fixture_setup, test_missing,
              fixture_teardown);

  return g_test_run ();
}
