/* test-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wm-kpi.h"
#include "wm-test-util.h"

/* waymark-cli as scripts see it: the built executable run in a child
 * process, its exit status, stdout and stderr. Counts are checked against
 * the store opened independently on the same file. */

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
  gboolean json;   /* run with --json */
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
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Helpers */

/* Runs waymark-cli with the NULL-terminated arguments; a crash fails the test. */
static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first);
  run->json = FALSE;
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      g_ptr_array_add (argv, (char *) arg);
      if (g_str_equal (arg, "--json"))
        run->json = TRUE;
    }
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

static JsonNode *parse_json (const char *text);

/* A usage error or an unusable file: one reason on stderr; on stdout nothing,
 * or with --json one error document with the same status and reason. */
static void
assert_failure (Run *run,
                int  status)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "waymark-cli: "));
  g_assert_cmpuint (strlen (run->err), >, strlen ("waymark-cli: \n"));
  if (run->json)
    {
      g_autoptr(JsonNode) root = parse_json (run->out);
      JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");
      const char *message = json_object_get_string_member (error, "message");

      g_assert_cmpint (json_object_get_int_member (error, "status"), ==, status);
      g_assert_nonnull (json_object_get_string_member (error, "kind"));
      g_assert_cmpstr (message, !=, "");
      g_assert_nonnull (strstr (run->err, message));
    }
  else
    g_assert_cmpstr (run->out, ==, "");
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

static char *
make_path (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* A project with a journey, a persona, a KPI with samples and a feed. */
static char *
make_filled_project (Fixture    *fixture,
                     const char *name)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) feed = wm_record_new (WM_ENTITY_FEED);
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;
  WmSample samples[] = { { 1000, 20.0, 10 }, { 2000, 42.5, 12 }, { 3000, 31.25, 9 } };
  char *path = NULL;
  gint64 kpi_id;

  store = wm_test_create_store (fixture->dir, name, &path);
  g_assert_true (wm_store_begin_edit (store, "Fill", &error));
  g_assert_no_error (error);
  wm_test_build_journey (store, "Onboarding", 3, 2);

  wm_record_set_string (kpi, WM_KPI_NAME, "Net Promoter Score");
  wm_record_set_string (kpi, WM_KPI_KIND, "nps");
  wm_record_set_double (kpi, WM_KPI_TARGET, 30.0);
  wm_record_set_double (kpi, WM_KPI_WARNING, 10.0);
  kpi_id = wm_store_insert (store, kpi, &error);
  g_assert_no_error (error);

  wm_record_set_ref (feed, WM_FEED_KPI_ID, kpi_id);
  wm_record_set_string (feed, WM_FEED_TYPE, "json");
  wm_record_set_string (feed, WM_FEED_URL, "https://survey.example.com/nps.json");
  wm_store_insert (store, feed, &error);
  g_assert_no_error (error);
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_no_error (error);

  g_assert_true (wm_store_add_samples (store, kpi_id, samples, G_N_ELEMENTS (samples), "test",
                                       &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  return path;
}

/* The counts of `info --json` are those the store gives on the same file. */
static void
assert_info_counts (const char *path,
                    JsonObject *counts)
{
  static const struct {
    const char *key;
    int         entity;
  } expected[] = {
    { "journeys", WM_ENTITY_JOURNEY }, { "stages", WM_ENTITY_STAGE },
    { "lanes", WM_ENTITY_LANE }, { "touchpoints", WM_ENTITY_TOUCHPOINT },
    { "lane_notes", WM_ENTITY_CELL }, { "personas", WM_ENTITY_PERSONA },
    { "persona_details", WM_ENTITY_PERSONA_ITEM }, { "channels", WM_ENTITY_CHANNEL },
    { "kpis", WM_ENTITY_KPI }, { "kpi_values", -1 }, { "kpi_links", WM_ENTITY_KPI_LINK },
    { "feeds", WM_ENTITY_FEED }, { "voice_guidelines", WM_ENTITY_VOICE_GUIDELINE },
    { "voice_rules", WM_ENTITY_VOICE_RULE },
  };
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (json_object_get_size (counts), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gint64 count;

      if (expected[i].entity < 0)
        count = wm_store_count_samples (store, &error);
      else
        count = wm_store_count (store, expected[i].entity, &error);
      g_assert_no_error (error);

      g_test_message ("%s: %" G_GINT64_FORMAT, expected[i].key, count);
      g_assert_true (json_object_has_member (counts, expected[i].key));
      g_assert_cmpint (json_object_get_int_member (counts, expected[i].key), ==, count);
    }
}

static JsonNode *
run_info_json (const char *path)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "info", path, "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  return parse_json (run.out);
}

/* Tests */

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = make_path (fixture, "usage.waymark");
  g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, "usage.waymark", NULL);
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "Usage:"));
  run_clear (&run);

  run_cli (&run, "frobnicate", path, NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  g_assert_nonnull (strstr (run.err, "Usage:"));
  run_clear (&run);

  run_cli (&run, "--frobnicate", NULL);
  assert_failure (&run, 2);
  run_clear (&run);

  /* Missing FILE, for every command. */
  for (guint i = 0; i < 4; i++)
    {
      const char *commands[] = { "new", "info", "check", "list" };

      run_cli (&run, commands[i], NULL);
      assert_failure (&run, 2);
      g_assert_nonnull (strstr (run.err, "FILE"));
      g_assert_nonnull (strstr (run.err, "Usage:"));
      run_clear (&run);
    }

  run_cli (&run, "info", path, "extra", NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "extra"));
  /* A usage error says what went wrong, the command's usage line and where
   * the rest is: not the whole --help under the one line that matters. */
  g_assert_nonnull (strstr (run.err, "Usage: waymark-cli info FILE\n"));
  g_assert_nonnull (strstr (run.err, "waymark-cli info --help"));
  g_assert_null (strstr (run.err, "Help Options"));
  g_assert_null (strstr (run.err, "--json"));
  run_clear (&run);

  run_cli (&run, "info", path, "--bogus", NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "--bogus"));
  run_clear (&run);

  run_cli (&run, "list", path, NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "KIND"));
  run_clear (&run);

  run_cli (&run, "list", path, "bogus", NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "bogus"));
  run_clear (&run);

  /* The kind is a usage error before the file is even looked at. */
  run_cli (&run, "list", "/nonexistent/file.waymark", "bogus", "--json", NULL);
  assert_failure (&run, 2);
  run_clear (&run);

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  for (guint i = 0; i < 4; i++)
    {
      const char *commands[] = { "new ", "info ", "check ", "list " };

      g_assert_nonnull (strstr (run.out, commands[i]));
    }
  /* Each command's summary under its synopsis, so the list reads in a
   * terminal of ordinary width rather than in lines of 200 columns. */
  g_assert_nonnull (strstr (run.out, "  info FILE\n      Show name, format version"));
  {
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 100);
  }
  run_clear (&run);

  run_cli (&run, "info", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--json"));
  run_clear (&run);

  run_cli (&run, "-h", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Usage:"));
  run_clear (&run);

  run_cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "waymark-cli " PACKAGE_VERSION "\n");
}

static void
test_new_info (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = make_path (fixture, "new.waymark");
  g_autofree char *filled = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;

  run_cli (&run, "new", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "new.waymark"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  run_clear (&run);

  root = run_info_json (path);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, path);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==, WM_SCHEMA_VERSION);
  g_assert_false (json_object_get_boolean_member (object, "read_only"));
  g_assert_true (json_object_get_null_member (object, "read_only_reason"));
  g_assert_cmpstr (json_object_get_string_member (object, "name"), !=, "");
  assert_info_counts (path, json_object_get_object_member (object, "counts"));
  /* The seeded channels are there, nothing else. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"),
                                               "channels"), ==, 11);
  g_clear_pointer (&root, json_node_unref);

  filled = make_filled_project (fixture, "filled.waymark");
  root = run_info_json (filled);
  object = json_node_get_object (root);
  assert_info_counts (filled, json_object_get_object_member (object, "counts"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "counts"),
                                               "kpi_values"), ==, 3);

  /* The human form says the same. */
  run_cli (&run, "info", filled, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, filled));
  g_assert_true (g_regex_match_simple ("^Touchpoints: +6$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^KPI values: +3$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_null (strstr (run.out, "Read-only"));

  /* Every count has the same name in text and JSON: "Lane notes" is "lane_notes". */
  {
    JsonObject *counts = json_object_get_object_member (object, "counts");
    g_autoptr(GList) keys = json_object_get_members (counts);

    for (GList *l = keys; l != NULL; l = l->next)
      {
        g_autofree char *label = g_strdelimit (g_strdup (l->data), "_", ' ');
        g_autofree char *pattern = NULL;

        pattern = g_strdup_printf ("^%s: +%" G_GINT64_FORMAT "$", label,
                                   json_object_get_int_member (counts, l->data));
        if (!g_regex_match_simple (pattern, run.out, G_REGEX_MULTILINE | G_REGEX_CASELESS, 0))
          g_error ("The JSON count “%s” has no text line /%s/ in:\n%s", (char *) l->data,
                   pattern, run.out);
      }
  }
}

static void
test_new_existing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "existing.waymark");
  g_autofree char *other = make_path (fixture, "other.txt");
  g_autofree char *before = wm_test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autoptr(GBytes) other_bytes = NULL;
  g_auto(Run) run = { 0 };

  /* An existing file is a usage error (2), not an unusable file (3). */
  run_cli (&run, "new", path, NULL);
  assert_failure (&run, 2);
  g_assert_nonnull (strstr (run.err, "already exists"));
  run_clear (&run);

  run_cli (&run, "new", path, "--demo", "--json", NULL);
  assert_failure (&run, 2);
  run_clear (&run);

  after = wm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  /* A file of another kind is never written: the project gets its extension. */
  wm_test_write_file (other, "notes\n", 6);
  run_cli (&run, "new", other, NULL);
  g_assert_cmpint (run.status, ==, 0);
  other_bytes = wm_test_read_file (other);
  g_assert_cmpmem (g_bytes_get_data (other_bytes, NULL), g_bytes_get_size (other_bytes),
                   "notes\n", 6);
  {
    g_autofree char *with_extension = g_strconcat (other, ".waymark", NULL);

    g_assert_true (g_file_test (with_extension, G_FILE_TEST_IS_REGULAR));
  }
}

/* Like the window, `new` adds the extension, and --name names the project. */
static void
test_new_name (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *bare = make_path (fixture, "Retail");
  g_autofree char *path = make_path (fixture, "Retail.waymark");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, "new", bare, "--name", "Retail banking", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (g_file_test (bare, G_FILE_TEST_EXISTS));
  root = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "path"), ==,
                   path);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==,
                   "Retail banking");

  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_name (store), ==, "Retail banking");
}

/* Numbers in JSON read as the window shows them: 84.6, not 84.599999999999994. */
static void
test_json_numbers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_path (fixture, "numbers.waymark");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;
  WmSample sample = { .time = 1700000000, .value = 84.6, .n = 12 };
  g_auto(Run) run = { 0 };
  gint64 id;

  store = wm_store_create (path, &error);
  g_assert_no_error (error);
  wm_record_set_string (kpi, WM_KPI_NAME, "CSAT");
  wm_record_set_double (kpi, WM_KPI_TARGET, 85);
  wm_record_set_double (kpi, WM_KPI_WARNING, 0.1);
  id = wm_store_insert (store, kpi, &error);
  g_assert_true (wm_store_add_samples (store, id, &sample, 1, "test", &error));
  g_clear_object (&store);

  run_cli (&run, "list", path, "kpis", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"value\": 84.6,"));
  g_assert_nonnull (strstr (run.out, "\"target\": 85,"));
  g_assert_nonnull (strstr (run.out, "\"warning\": 0.1,"));
  g_assert_null (strstr (run.out, "84.59999"));
  g_assert_null (strstr (run.out, "e+"));
}

static void
assert_unusable (const char *path,
                 const char *expected_words)
{
  const char *commands[][4] = {
    { "info", path, NULL },
    { "info", path, "--json", NULL },
    { "check", path, NULL },
    { "list", path, "journeys", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, commands[i][0], commands[i][1], commands[i][2], NULL);
      g_test_message ("%s: %s", commands[i][0], run.err);
      assert_failure (&run, 3);
      if (expected_words != NULL)
        g_assert_nonnull (strstr (run.err, expected_words));
    }
}

static void
test_unusable_files (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *random = make_path (fixture, "random.waymark");
  g_autofree char *empty = make_path (fixture, "empty.waymark");
  g_autofree char *plain = make_path (fixture, "plain.sqlite");
  g_autofree char *missing = make_path (fixture, "missing.waymark");
  g_autofree char *truncated = NULL;
  g_autoptr(GBytes) whole = NULL;
  guint8 bytes[8192];
  sqlite3 *db;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  wm_test_write_file (random, bytes, sizeof bytes);
  assert_unusable (random, "not a Waymark project");

  wm_test_write_file (empty, "", 0);
  assert_unusable (empty, "empty");

  /* A healthy SQLite database of some other program. */
  g_assert_cmpint (sqlite3_open (plain, &db), ==, SQLITE_OK);
  wm_test_exec (db, "CREATE TABLE journey (id INTEGER PRIMARY KEY, name TEXT);"
                    "INSERT INTO journey (name) VALUES ('not ours');");
  sqlite3_close (db);
  assert_unusable (plain, "not a Waymark project");

  assert_unusable (missing, "missing.waymark");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Cut off half-way, as by a copy that did not finish. */
  truncated = make_filled_project (fixture, "truncated.waymark");
  whole = wm_test_read_file (truncated);
  wm_test_write_file (truncated, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole) / 2);
  assert_unusable (truncated, "truncated.waymark");

  /* A directory is not a project either. */
  assert_unusable (fixture->dir, NULL);
}

/* A file of a newer Waymark that this one can still read: info and list
 * work and say it is read-only; nothing is written to it. */
static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "newer.waymark");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;
  sqlite3 *db;

  db = wm_test_open_raw (path, TRUE);
  wm_test_exec (db, "PRAGMA user_version = 99");
  sqlite3_close (db);
  before = wm_test_file_checksum (path);

  root = run_info_json (path);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==, 99);
  g_assert_true (json_object_get_boolean_member (object, "read_only"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "read_only_reason"),
                            "newer version"));
  assert_info_counts (path, json_object_get_object_member (object, "counts"));

  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Read-only:"));
  g_assert_true (g_regex_match_simple ("^Format version: +99$", run.out, G_REGEX_MULTILINE, 0));
  run_clear (&run);

  run_cli (&run, "list", path, "journeys", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Onboarding"));
  run_clear (&run);

  /* It is intact, but what this version does not know it cannot vouch for. */
  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "cannot be checked fully"));

  after = wm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_check (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "check.waymark");
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;
  JsonArray *findings;
  sqlite3 *db;

  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "no problems"));
  run_clear (&run);

  run_cli (&run, "check", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "findings")),
                    ==, 0);
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  /* A KPI link left pointing at a touchpoint deleted behind the store's back:
   * the structure is intact, so the file opens, and check reports it. */
  db = wm_test_open_raw (path, TRUE);
  wm_test_exec (db, "PRAGMA foreign_keys = OFF;"
                    "DELETE FROM touchpoint WHERE id IN"
                    " (SELECT touchpoint_id FROM kpi_link WHERE touchpoint_id IS NOT NULL);");
  sqlite3_close (db);

  run_cli (&run, "check", path, NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  /* Worded for people: the missing touchpoint and what still names it. */
  g_assert_nonnull (strstr (run.out, "A touchpoint that no longer exists"));
  g_assert_nonnull (strstr (run.out, "KPI link × "));
  g_assert_null (strstr (run.out, "kpi_link"));
  run_clear (&run);

  run_cli (&run, "check", "--json", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (object, "ok"));
  findings = json_object_get_array_member (object, "findings");
  g_assert_cmpuint (json_array_get_length (findings), >=, 1);
  g_assert_nonnull (strstr (json_array_get_string_element (findings, 0), "KPI link × "));
  run_clear (&run);

  /* info still works on it: check is where problems are reported. */
  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static JsonArray *
run_list_json (const char *path,
               const char *kind,
               JsonNode  **out_root)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "list", path, kind, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  *out_root = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*out_root));

  return json_node_get_array (*out_root);
}

/* Every row of a list carries the uuid of a row of that entity. */
static void
assert_uuids (WmStore   *store,
              WmEntity   entity,
              JsonArray *array)
{
  g_assert_cmpint (json_array_get_length (array), ==, wm_store_count (store, entity, NULL));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      g_autoptr(WmRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = wm_store_find_by_uuid (store, entity,
                                      json_object_get_string_member (item, "uuid"), &error);
      g_assert_no_error (error);
      g_assert_nonnull (record);
    }
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "list.waymark");
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *item;
  JsonObject *latest;
  JsonArray *array;

  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  array = run_list_json (path, "journeys", &root);
  assert_uuids (store, WM_ENTITY_JOURNEY, array);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "Onboarding");
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "as-is");
  g_assert_cmpint (json_object_get_int_member (item, "stages"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (item, "lanes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item, "touchpoints"), ==, 6);
  g_clear_pointer (&root, json_node_unref);

  array = run_list_json (path, "personas", &root);
  assert_uuids (store, WM_ENTITY_PERSONA, array);
  g_clear_pointer (&root, json_node_unref);

  array = run_list_json (path, "kpis", &root);
  assert_uuids (store, WM_ENTITY_KPI, array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      item = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member (item, "name"), "Net Promoter Score") == 0)
        break;
      item = NULL;
    }
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "nps");
  g_assert_cmpfloat (json_object_get_double_member (item, "target"), ==, 30.0);
  /* The latest sample by time, not the last added or the highest. */
  latest = json_object_get_object_member (item, "latest");
  g_assert_nonnull (latest);
  g_assert_cmpfloat (json_object_get_double_member (latest, "value"), ==, 31.25);
  g_assert_cmpstr (json_object_get_string_member (latest, "time"), ==, "1970-01-01T00:50:00Z");
  g_assert_cmpstr (json_object_get_string_member (latest, "formatted"), ==, "31.3");
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "on-target");
  g_clear_pointer (&root, json_node_unref);

  array = run_list_json (path, "feeds", &root);
  assert_uuids (store, WM_ENTITY_FEED, array);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "url"), ==,
                   "https://survey.example.com/nps.json");
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "json");
  g_assert_true (json_object_get_boolean_member (item, "enabled"));
  g_clear_pointer (&root, json_node_unref);

  /* Human tables: a header and one line per row. */
  run_cli (&run, "list", path, "kpis", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Net Promoter Score +Net Promoter Score +31\\.3 +30 +"
                                       "On target$", run.out, G_REGEX_MULTILINE, 0));
  run_clear (&run);

  run_cli (&run, "list", path, "journeys", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Onboarding +As-is +3 +6$", run.out, G_REGEX_MULTILINE,
                                       0));
  run_clear (&run);

  run_cli (&run, "list", path, "feeds", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "https://survey.example.com/nps.json"));
  run_clear (&run);

  /* An empty project lists nothing, and says so; its JSON is an empty array. */
  g_clear_object (&store);
  store = wm_test_create_store (fixture->dir, "empty-list.waymark", NULL);
  run_cli (&run, "list", wm_store_get_path (store), "feeds", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "no feeds"));
  run_clear (&run);
  array = run_list_json (wm_store_get_path (store), "journeys", &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 0);
}

static void
test_new_demo (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = make_path (fixture, "demo.waymark");
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *counts;

  run_cli (&run, "new", path, "--demo", "--json", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "demo"));
  g_clear_pointer (&root, json_node_unref);

  root = run_info_json (path);
  counts = json_object_get_object_member (json_node_get_object (root), "counts");
  assert_info_counts (path, counts);
  g_assert_cmpint (json_object_get_int_member (counts, "journeys"), >, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "personas"), >, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "kpis"), >, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "kpi_values"), >, 0);
  run_clear (&run);

  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* Finding 5: check gives the verdict opening gives, CHECK constraints too. */
static void
test_check_constraints (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "checks.waymark");
  g_auto(Run) run = { 0 };
  sqlite3 *db = wm_test_open_raw (path, TRUE);

  wm_test_exec (db, "PRAGMA ignore_check_constraints = ON;"
                    "UPDATE touchpoint SET emotion = 9 WHERE id = (SELECT min(id) FROM touchpoint)");
  sqlite3_close (db);

  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "CHECK constraint failed"));
}

static void
test_check_newer (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "newer.waymark");
  g_auto(Run) run = { 0 };
  sqlite3 *db = wm_test_open_raw (path, TRUE);

  wm_test_exec (db, "PRAGMA user_version = 42");
  sqlite3_close (db);

  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "cannot be checked fully"));
  g_assert_null (strstr (run.out, "no problems found"));
}

/* Finding 14: damaged samples are a finding of check, and info and list
 * kpis fail on them instead of showing made-up counts or statuses. */
static void
test_damaged_samples (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "samples.waymark");
  g_auto(Run) run = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  gint64 root, page_size;
  guint8 *content;
  gsize size;
  sqlite3 *db = wm_test_open_raw (path, FALSE);

  root = wm_test_query_int (db, "SELECT rootpage FROM sqlite_schema WHERE name = 'kpi_sample'");
  page_size = wm_test_query_int (db, "PRAGMA page_size");
  sqlite3_close (db);
  bytes = wm_test_read_file (path);
  content = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
  memset (content + (root - 1) * page_size, 0xff, 12);
  wm_test_write_file (path, content, size);
  g_free (content);

  run_cli (&run, "check", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "Damaged"));
  run_clear (&run);

  run_cli (&run, "info", path, NULL);
  assert_failure (&run, 3);
  run_clear (&run);

  run_cli (&run, "list", path, "kpis", NULL);
  assert_failure (&run, 3);
}

/* Finding 12: names cannot drive the terminal. */
static void
test_escapes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, "esc.waymark", &path);

  wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Evil\033[2J\033]0;title\007\302\233x");
  g_assert_true (wm_store_set_string (store, 1, WM_PROJECT_NAME, "P\033[31m", NULL));
  g_clear_object (&store);

  run_cli (&run, "list", path, "journeys", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strchr (run.out, '\033'));
  g_assert_null (strchr (run.out, '\007'));
  g_assert_null (strstr (run.out, "\302\233"));
  g_assert_nonnull (strstr (run.out, "Evil\\x1B[2J\\x1B]0;title\\x07\\u009Bx"));
  run_clear (&run);

  run_cli (&run, "info", path, NULL);
  g_assert_null (strchr (run.out, '\033'));
  g_assert_nonnull (strstr (run.out, "P\\x1B[31m"));
  run_clear (&run);

  run_cli (&run, "list", path, "journeys", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strchr (run.out, '\033'));
  g_assert_nonnull (strstr (run.out, "\\u001b[2J"));
}

/* Finding 7: a 10 MB name is listed cut, at once. */
static void
test_long_name (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *name = g_strnfill (10 * 1024 * 1024, 'n');
  g_auto(Run) run = { 0 };
  g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, "long.waymark", &path);

  wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, name);
  g_clear_object (&store);

  run_cli (&run, "list", path, "journeys", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (strlen (run.out), <, 4000);
  run_clear (&run);

  run_cli (&run, "list", path, "journeys", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (strlen (run.out), >, 10 * 1024 * 1024);
}

/* Finding 10: a file another program keeps locked is busy, not damaged,
 * for every command that reads it; with --json the reason is data. */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = make_filled_project (fixture, "busy.waymark");
  g_autofree char *copy = make_filled_project (fixture, "copy.waymark");
  g_autofree char *out = g_build_filename (fixture->dir, "out.json", NULL);
  g_auto(Run) json_run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  sqlite3 *db = wm_test_open_raw (path, TRUE);
  const char *const commands[][8] = {
    { "info", path, NULL },
    { "check", path, NULL },
    { "list", path, "journeys", NULL },
    { "export", path, "--format", "json", "-o", out, NULL },
    { "merge", copy, path, copy, "-o", out, NULL },
  };

  wm_test_exec (db, "BEGIN EXCLUSIVE");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, commands[i][0], commands[i][1], commands[i][2], commands[i][3],
               commands[i][4], commands[i][5], commands[i][6], NULL);
      assert_failure (&run, 6);
      g_assert_nonnull (strstr (run.err, "another program"));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  run_cli (&json_run, "info", path, "--json", NULL);
  assert_failure (&json_run, 6);
  node = json_from_string (json_run.out, NULL);
  g_assert_nonnull (node);
  g_assert_nonnull (strstr (json_run.out, "another program"));
  wm_test_exec (db, "ROLLBACK");
  sqlite3_close (db);
}

static gint64
kpi_links (const char *path)
{
  g_autoptr(JsonNode) root = run_info_json (path);

  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (root),
                                                                    "counts"), "kpi_links");
}

/* kpi link and unlink show a KPI on a stage of a journey's map and take it
 * off; the stage is looked for in that journey only. */
static void
test_kpi_link (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = make_path (fixture, "demo.waymark");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *link = NULL;
  g_auto(Run) run = { 0 };
  gint64 before;

  run_cli (&run, "new", path, "--demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  before = kpi_links (path);

  run_cli (&run, "kpi", path, "link", "Net Promoter Score", "--journey",
           "Software upgrade support", "--stage", "call the hotline", "--json", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "shown"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "where"), ==,
                   "Stage “Call the hotline”");
  link = g_strdup (json_object_get_string_member (json_node_get_object (root), "link"));
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);
  g_assert_cmpint (kpi_links (path), ==, before + 1);

  /* Shown there already: the same link, none added. */
  run_cli (&run, "kpi", path, "link", "Net Promoter Score", "--journey",
           "Software upgrade support", "--stage", "Call the hotline", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "link"), ==, link);
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);
  g_assert_cmpint (kpi_links (path), ==, before + 1);

  /* A stage of another journey, or none at all, is not found here. */
  run_cli (&run, "kpi", path, "link", "Net Promoter Score", "--journey",
           "Software upgrade support", "--stage", "No such stage", NULL);
  assert_failure (&run, 2);
  run_clear (&run);
  run_cli (&run, "kpi", path, "show", "Net Promoter Score", "--stage", "Call the hotline", NULL);
  assert_failure (&run, 2);
  run_clear (&run);

  run_cli (&run, "kpi", path, "unlink", "Net Promoter Score", "--journey",
           "Software upgrade support", "--stage", "Call the hotline", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "no longer shown"));
  run_clear (&run);
  g_assert_cmpint (kpi_links (path), ==, before);
  run_cli (&run, "kpi", path, "unlink", "Net Promoter Score", "--journey",
           "Software upgrade support", "--stage", "Call the hotline", "--json", NULL);
  assert_failure (&run, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* From meson as the first argument, or from the environment when run by hand. */
  cli_path = argc > 1 ? argv[1] : g_getenv ("WAYMARK_CLI");
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Pass the path of waymark-cli as the first argument or in WAYMARK_CLI");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/cli/usage", test_usage);
  ADD ("/waymark/cli/new-info", test_new_info);
  ADD ("/waymark/cli/new-existing", test_new_existing);
  ADD ("/waymark/cli/new-name", test_new_name);
  ADD ("/waymark/cli/json-numbers", test_json_numbers);
  ADD ("/waymark/cli/unusable-files", test_unusable_files);
  ADD ("/waymark/cli/newer-schema", test_newer_schema);
  ADD ("/waymark/cli/check", test_check);
  ADD ("/waymark/cli/list", test_list);
  ADD ("/waymark/cli/new-demo", test_new_demo);
  ADD ("/waymark/cli/check-constraints", test_check_constraints);
  ADD ("/waymark/cli/check-newer", test_check_newer);
  ADD ("/waymark/cli/damaged-samples", test_damaged_samples);
  ADD ("/waymark/cli/escapes", test_escapes);
  ADD ("/waymark/cli/busy", test_busy);
  ADD ("/waymark/cli/long-name", test_long_name);
  ADD ("/waymark/cli/kpi-link", test_kpi_link);

#undef ADD

  return g_test_run ();
}
