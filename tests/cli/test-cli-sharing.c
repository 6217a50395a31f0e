/* test-cli-sharing.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "wm-demo-private.h"
#include "wm-test-util.h"

/* waymark-cli's sharing commands as scripts and git see them: export and
 * import of the JSON form, merge, and git's merge and diff drivers. */

static const char *cli_path;

typedef struct
{
  char *dir;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

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
  fixture->dir = wm_test_make_temp_dir ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  /* The git tests leave a repository, with directories. */
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
}

/* Runs @argv (NULL-terminated) in @cwd; a crash fails the test. */
static void
run_argv (Run               *run,
          const char        *cwd,
          const char *const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("%s did not exit normally; stderr: %s", argv[0], run->err);
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  run_clear (run);
  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_argv (run, NULL, (const char * const *) argv->pdata);
}

static char *
make_demo (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(WmStore) store = wm_demo_create_for_language (path, "C", &error);

  g_assert_no_error (error);

  return path;
}

/* export, import */

static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autofree char *demo = make_demo (fixture, "demo.waymark");
  g_autofree char *json = g_build_filename (fixture->dir, "demo.json", NULL);
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autofree char *json2 = g_build_filename (fixture->dir, "copy.json", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  run_cli (&run, "export", demo, "--format", "json", "-o", json, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Says what it wrote, as every command that writes a file does; with
   * --json, in one document. */
  g_assert_nonnull (strstr (run.out, "Wrote the project to “"));
  run_cli (&run, "export", demo, "--format", "json", "-o", json, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "json");
    g_assert_cmpstr (json_object_get_string_member (object, "output"), ==, json);
  }
  run_cli (&run, "import", json, copy, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "export", copy, "--format", "json", "-o", json2, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (json, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (json2, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);

  /* Standard output, as git's textconv reads it. */
  run_cli (&run, "export", "--format", "json", "-o", "-", copy, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, a);

  /* Never over an existing project. */
  run_cli (&run, "import", json, copy, NULL);
  g_assert_cmpint (run.status, ==, 3);
  run_cli (&run, "export", demo, "--format", "frob", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_import_hostile (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "{\"format\": 1, \"project\": {\"uuid\": \"00000000-0000-4000-8000-000000000001\"",
      "not valid JSON" },
    { "{\"format\": 1, \"project\": {\"uuid\": \"00000000-0000-4000-8000-000000000001\", "
      "\"name\": 7}}", "project.name: expected a string" },
    { "{\"format\": 1, \"project\": {\"uuid\": \"00000000-0000-4000-8000-000000000001\"}, "
      "\"persona\": [{\"uuid\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"a\"}, "
      "{\"uuid\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"b\"}]}",
      "persona[1].uuid: a second persona with the same uuid" },
    { "{\"format\": 1, \"project\": {\"uuid\": \"00000000-0000-4000-8000-000000000001\"}, "
      "\"stage\": [{\"uuid\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"a\", "
      "\"journey\": \"00000000-0000-4000-8000-000000000003\"}]}",
      "stage[0].journey: no journey has the uuid" },
    { "{\"format\": 1, \"name\": \"\xc3\x28\"}", "not UTF-8" },
  };
  g_autofree char *in = g_build_filename (fixture->dir, "in.json", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out.waymark", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0, };
      g_auto(GStrv) left = NULL;

      wm_test_write_file (in, cases[i].text, strlen (cases[i].text));
      run_cli (&run, "import", in, out, NULL);
      g_assert_cmpint (run.status, ==, 3);
      g_assert_nonnull (strstr (run.err, cases[i].message));
      left = wm_test_list_dir (fixture->dir);
      g_assert_cmpuint (g_strv_length (left), ==, 1);
    }

  {
    g_auto(Run) run = { 0, };
    GString *deep = g_string_new ("{\"format\": 1, \"x\": ");

    for (guint i = 0; i < 10000; i++)
      g_string_append_c (deep, '{');
    wm_test_write_file (in, deep->str, deep->len);
    g_string_free (deep, TRUE);
    run_cli (&run, "import", in, out, NULL);
    g_assert_cmpint (run.status, ==, 3);
    g_assert_nonnull (strstr (run.err, "nests deeper"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

/* git */

static void
git (Fixture    *fixture,
     const char *repo,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0, };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "git");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) "user.name=Test");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) "user.email=test@example.org");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_argv (&run, repo, (const char * const *) argv->pdata);
  if (run.status != 0)
    g_error ("git %s failed: %s%s", first, run.out, run.err);
}

static void
edit (const char *path,
      const char *sql)
{
  sqlite3 *db = wm_test_open_raw (path, TRUE);

  wm_test_exec (db, sql);
  sqlite3_close (db);
}

/* Two branches edit the same project; git merges them with the driver as
 * README.md configures it, and diffs through the JSON form. */
static void
test_git_merge (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *repo = g_build_filename (fixture->dir, "repo", NULL);
  g_autofree char *project = NULL;
  g_autofree char *driver = g_strdup_printf ("'%s' merge %%O %%A %%B -o %%A", cli_path);
  g_autofree char *textconv = g_strdup_printf ("'%s' export --format json -o -", cli_path);
  g_autofree char *attributes = g_build_filename (repo, ".gitattributes", NULL);
  g_auto(Run) run = { 0, };
  g_autofree char *git_path = g_find_program_in_path ("git");

  if (git_path == NULL)
    {
      g_test_skip ("git is not installed");
      return;
    }

  g_assert_cmpint (g_mkdir (repo, 0700), ==, 0);
  g_free (make_demo (fixture, "repo/journeys.waymark"));
  project = g_build_filename (repo, "journeys.waymark", NULL);
  git (fixture, repo, "init", "-q", "-b", "main", NULL);
  git (fixture, repo, "config", "merge.waymark.name", "Waymark project", NULL);
  git (fixture, repo, "config", "merge.waymark.driver", driver, NULL);
  git (fixture, repo, "config", "diff.waymark.textconv", textconv, NULL);
  wm_test_write_file (attributes, "*.waymark merge=waymark diff=waymark\n",
                      strlen ("*.waymark merge=waymark diff=waymark\n"));
  git (fixture, repo, "add", ".", NULL);
  git (fixture, repo, "commit", "-q", "-m", "demo", NULL);

  git (fixture, repo, "checkout", "-q", "-b", "stages", NULL);
  edit (project, "UPDATE stage SET name = 'Renamed by Ana' WHERE id = 1");
  git (fixture, repo, "commit", "-q", "-a", "-m", "rename", NULL);

  git (fixture, repo, "checkout", "-q", "main", NULL);
  edit (project, "PRAGMA foreign_keys = ON; DELETE FROM persona WHERE id = 3;"
                 "UPDATE stage SET description = 'Described by Ben' WHERE id = 1");
  git (fixture, repo, "commit", "-q", "-a", "-m", "persona", NULL);

  /* The diff is the JSON form: the change reads as text. */
  {
    const char *const argv[] = { "git", "diff", "HEAD~1", "--", "journeys.waymark", NULL };

    run_argv (&run, repo, argv);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "+{\"uuid\""));
    g_assert_nonnull (strstr (run.out, "Described by Ben"));
  }

  git (fixture, repo, "merge", "-q", "--no-edit", "stages", NULL);
  run_cli (&run, "export", project, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Renamed by Ana"));
  g_assert_nonnull (strstr (run.out, "Described by Ben"));
  run_cli (&run, "check", project, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* Conflicts: exit 1, listed (as data with --json), nothing written. */
static void
test_merge_conflicts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autofree char *base = make_demo (fixture, "base.waymark");
  g_autofree char *ours = g_build_filename (fixture->dir, "ours.waymark", NULL);
  g_autofree char *theirs = g_build_filename (fixture->dir, "theirs.waymark", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out.waymark", NULL);
  g_autofree char *command = g_strdup_printf ("cp '%s' '%s' && cp '%s' '%s'", base, ours,
                                              base, theirs);

  g_assert_cmpint (system (command), ==, 0);
  edit (ours, "UPDATE stage SET name = 'Ours' WHERE id = 1");
  edit (theirs, "UPDATE stage SET name = 'Theirs' WHERE id = 1");

  run_cli (&run, "merge", base, ours, theirs, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Ours"));
  g_assert_nonnull (strstr (run.err, "Theirs"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_cli (&run, "merge", base, ours, theirs, "-o", out, "--json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *conflicts;

    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    conflicts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "conflicts");
    g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conflicts, 0),
                                                    "kind"), ==, "value");
  }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_cli (&run, "merge", base, ours, theirs, "-o", out, "--theirs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "export", out, NULL);
  g_assert_nonnull (strstr (run.out, "\"name\": \"Theirs\""));

  run_cli (&run, "merge", base, ours, theirs, "-o", out, "--ours", "--theirs", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* Two files: the base is reconstructed from the copies; edits of different
 * rows merge, the same value changed on both sides is a conflict. */
static void
test_merge_without_base (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autofree char *base = make_demo (fixture, "base.waymark");
  g_autofree char *ours = g_build_filename (fixture->dir, "ours.waymark", NULL);
  g_autofree char *theirs = g_build_filename (fixture->dir, "theirs.waymark", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out.waymark", NULL);
  g_autofree char *command = g_strdup_printf ("cp '%s' '%s' && cp '%s' '%s'", base, ours,
                                              base, theirs);

  g_assert_cmpint (system (command), ==, 0);
  edit (ours, "UPDATE stage SET name = 'Ours', modified_at = modified_at + 1000 WHERE id = 1");
  edit (theirs, "UPDATE stage SET description = 'Their words',"
                " modified_at = modified_at + 1000 WHERE id = 2");

  run_cli (&run, "merge", ours, theirs, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "export", out, NULL);
  g_assert_nonnull (strstr (run.out, "\"name\": \"Ours\""));
  g_assert_nonnull (strstr (run.out, "\"description\": \"Their words\""));
  run_cli (&run, "check", out, NULL);
  g_assert_cmpint (run.status, ==, 0);

  g_assert_cmpint (g_unlink (out), ==, 0);
  edit (theirs, "UPDATE stage SET name = 'Theirs', modified_at = modified_at + 2000 WHERE id = 1");
  run_cli (&run, "merge", ours, theirs, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Theirs"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run_cli (&run, "merge", ours, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* One journey out as its own project, and into another one. */
static void
test_journey (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autofree char *demo = make_demo (fixture, "demo.waymark");
  g_autofree char *journey = g_build_filename (fixture->dir, "journey.waymark", NULL);
  g_autofree char *team = g_build_filename (fixture->dir, "team.waymark", NULL);

  /* A journey the project does not have is a wrong argument (2), not a
   * file that cannot be used (3): kpi, feeds and voice say the same. */
  run_cli (&run, "export", demo, "--format", "waymark", "--journey", "Nope", "-o", journey,
           NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "analyze", demo, "--journey", "Nope", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Nope"));
  g_assert_false (g_file_test (journey, G_FILE_TEST_EXISTS));
  run_cli (&run, "export", demo, "--format", "waymark", "-o", journey, NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "export", demo, "--format", "waymark", "--journey",
           "Order online, pick up in store", "-o", journey, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "check", journey, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* A project with the journey's persona twice: refused until chosen. */
  run_cli (&run, "new", team, NULL);
  g_assert_cmpint (run.status, ==, 0);
  edit (team, "INSERT INTO persona (uuid, name, created_at, modified_at) VALUES"
              " ('00000000-0000-4000-8000-0000000000a1', 'Marco Rossi', 0, 0),"
              " ('00000000-0000-4000-8000-0000000000a2', 'Marco Rossi', 0, 0)");
  run_cli (&run, "import-journey", team, journey, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Marco Rossi"));
  g_assert_nonnull (strstr (run.err, "00000000-0000-4000-8000-0000000000a1"));
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *counts;

    /* Nothing changed. */
    run_cli (&run, "info", team, "--json", NULL);
    g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
    counts = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                            "counts");
    g_assert_cmpint (json_object_get_int_member (counts, "journeys"), ==, 0);
  }

  run_cli (&run, "import-journey", team, journey, "--add-ambiguous", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "check", team, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "list", team, "journeys", NULL);
  g_assert_nonnull (strstr (run.out, "Order online, pick up in store"));

  /* Not a project: told, not guessed. */
  run_cli (&run, "import-journey", team, "notes.txt", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* A journey exported, edited elsewhere, sent back: import-journey says how
 * to bring it back, and merge --journey does so without taking the
 * project's other journeys for deleted, which a merge of the whole copy
 * would. */
static void
test_journey_back (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0, };
  g_autofree char *demo = make_demo (fixture, "demo.waymark");
  g_autofree char *journey = g_build_filename (fixture->dir, "journey.waymark", NULL);
  g_autofree char *whole = g_build_filename (fixture->dir, "whole.waymark", NULL);
  const char *name = "Order online, pick up in store";

  wm_test_age_rows (demo, 1700000000);
  run_cli (&run, "export", demo, "--format", "waymark", "--journey", name, "-o", journey, NULL);
  g_assert_cmpint (run.status, ==, 0);
  edit (journey, "UPDATE touchpoint SET title = 'Renamed elsewhere', modified_at = 1800000000"
                 " WHERE id = (SELECT min(id) FROM touchpoint)");

  run_cli (&run, "import-journey", demo, journey, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "--journey"));

  /* The whole copy would take the other journeys for deleted there: not
   * without --whole. */
  run_cli (&run, "merge", demo, journey, "-o", whole, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--journey"));
  g_assert_false (g_file_test (whole, G_FILE_TEST_EXISTS));
  run_cli (&run, "merge", demo, journey, "-o", whole, "--whole", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "list", whole, "journeys", NULL);
  g_assert_null (strstr (run.out, "(to-be)"));

  run_cli (&run, "merge", "base.waymark", demo, journey, "--journey", name, "-o", demo, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "merge", demo, journey, "--journey", name, "-o", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "check", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "list", demo, "journeys", NULL);
  g_assert_nonnull (strstr (run.out, "Software upgrade support (to-be)"));
  g_assert_nonnull (strstr (run.out, name));
  {
    sqlite3 *db = wm_test_open_raw (demo, FALSE);

    g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM journey"), ==, 3);
    g_assert_cmpint (wm_test_query_int (db, "SELECT count(*) FROM touchpoint"
                                            " WHERE title = 'Renamed elsewhere'"), ==, 1);
    sqlite3_close (db);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("WAYMARK_CLI");
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Pass the path of waymark-cli as the first argument or in WAYMARK_CLI");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/cli/interchange/export-import", test_export_import);
  ADD ("/waymark/cli/interchange/import-hostile", test_import_hostile);
  ADD ("/waymark/cli/merge/conflicts", test_merge_conflicts);
  ADD ("/waymark/cli/merge/without-base", test_merge_without_base);
  ADD ("/waymark/cli/merge/git", test_git_merge);
  ADD ("/waymark/cli/journey", test_journey);
  ADD ("/waymark/cli/journey/back", test_journey_back);

#undef ADD

  return g_test_run ();
}
