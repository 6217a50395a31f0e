/* test-feeds-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "feeds-test-server.h"
#include "wm-kpi.h"
#include "wm-secrets.h"
#include "wm-test-util.h"
#include "wm-trust.h"

/* waymark-cli kpi and feeds as scripts see them: the built executable in a
 * child process, against the loopback server running in this process (so
 * the main loop runs while the child waits on it). */

static const char *cli_path;
static FeedsTestServer *server;

typedef struct
{
  char *dir;
  char *path;
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

/* A project as a colleague's would be: not created through the CLI, so not
 * trusted here; with one NPS KPI (target 40, warning 20). */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;

  fixture->dir = wm_test_make_temp_dir ();
  store = wm_test_create_store (fixture->dir, "cli.waymark", &fixture->path);
  wm_record_set_string (kpi, WM_KPI_NAME, "Net Promoter Score");
  wm_record_set_string (kpi, WM_KPI_KIND, "nps");
  wm_record_set_double (kpi, WM_KPI_TARGET, 40);
  wm_record_set_double (kpi, WM_KPI_WARNING, 20);
  wm_store_insert (store, kpi, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs waymark-cli with @input on stdin (may be NULL) and the arguments. */
static void
run_cli (Run        *run,
         const char *input,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input ? input : "", NULL, communicated_cb,
                                       &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("waymark-cli did not exit normally; stderr: %s", run->err);
  run->status = g_subprocess_get_exit_status (process);
}

/* The exit status, with what the command said when it is not the one expected. */
static void
assert_status (Run *run,
               int  status)
{
  if (run->status != status)
    g_error ("waymark-cli exited with %d, not %d; stdout: %s; stderr: %s", run->status, status,
             run->out, run->err);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
write_csv (Fixture    *fixture,
           const char *name,
           const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  wm_test_write_file (path, contents, strlen (contents));
  return path;
}

static gint64
count_samples (Fixture *fixture)
{
  g_autoptr(WmStore) store = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, NULL);

  return wm_store_count_samples (store, NULL);
}

static void
test_kpi_commands (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *values = write_csv (fixture, "values.csv",
                                       "time,value,n\n2026-01-01,35,100\n2026-02-01,45,120\n");
  g_autofree char *bad = write_csv (fixture, "bad.csv", "time,value\n2026-03-01,50\n"
                                                        "2026-04-01,inf\n");
  g_autofree char *answers = write_csv (fixture, "answers.csv",
                                        "time,score\n2026-03-01,10\n2026-03-02,9\n"
                                        "2026-03-03,9\n2026-03-04,5\n");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) shown = NULL;

  /* Nothing to compute from yet: exit 1 with the reason. */
  run_cli (&run, NULL, "kpi", fixture->path, "compute", "Net Promoter Score", NULL);
  assert_status (&run, 1);
  g_assert_nonnull (strstr (run.err, "no answers"));
  run_clear (&run);

  run_cli (&run, NULL, "kpi", fixture->path, "import", "net promoter score", values, NULL);
  assert_status (&run, 0);
  g_assert_cmpstr (run.out, ==, "Imported 2 values.\n");
  run_clear (&run);

  /* A bad line: exit 3, the line named, nothing imported. */
  run_cli (&run, NULL, "kpi", fixture->path, "import", "1", bad, NULL);
  assert_status (&run, 3);
  g_assert_nonnull (strstr (run.err, "Line 3: "));
  g_assert_cmpint (count_samples (fixture), ==, 2);
  run_clear (&run);

  run_cli (&run, NULL, "kpi", fixture->path, "show", "Net Promoter Score", "--json", NULL);
  assert_status (&run, 0);
  shown = parse_object (run.out);
  g_assert_cmpfloat (json_object_get_double_member (shown, "value"), ==, 45);
  g_assert_cmpint (json_object_get_int_member (shown, "n"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (shown, "status"), ==, "on-target");
  g_assert_cmpstr (json_object_get_string_member (shown, "time"), ==, "2026-02-01T00:00:00Z");
  run_clear (&run);

  /* Raw answers: 3 promoters, 1 detractor of 4 → 50, with its margin. */
  run_cli (&run, NULL, "kpi", fixture->path, "import", "Net Promoter Score", answers, "--raw",
           NULL);
  assert_status (&run, 0);
  g_assert_nonnull (strstr (run.out, "Imported 4 answers; the KPI is now 50 ± "));
  g_assert_nonnull (strstr (run.out, "(n = 4)"));
  run_clear (&run);
  run_cli (&run, NULL, "kpi", fixture->path, "compute", "Net Promoter Score", "--json", NULL);
  assert_status (&run, 0);
  {
    g_autoptr(JsonObject) computed = parse_object (run.out);

    g_assert_cmpfloat (json_object_get_double_member (computed, "value"), ==, 50);
    g_assert_cmpint (json_object_get_int_member (computed, "n"), ==, 4);
    /* var = 0.75 + 0.25 − 0.5² = 0.75; 1.96 · √(0.75 / 4) · 100 = 84.87 */
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (computed, "margin"), 84.87,
                                    0.01);
  }
  run_clear (&run);

  /* Usage errors. */
  run_cli (&run, NULL, "kpi", fixture->path, "show", "Churn", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "no KPI “Churn”"));
  run_clear (&run);
  run_cli (&run, NULL, "kpi", fixture->path, "explode", "1", NULL);
  assert_status (&run, 2);
  run_clear (&run);
  run_cli (&run, NULL, "kpi", fixture->path, "show", "1", "--raw", NULL);
  assert_status (&run, 2);
}

static void
test_feeds_commands (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (server, "/delighted");
  g_autofree char *failing = feeds_test_server_url (server, "/503");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) added = NULL;
  g_autofree char *feed_uuid = NULL;

  run_cli (&run, NULL, "feeds", fixture->path, "add", "Net Promoter Score", "--type", "json",
           "--url", url, "--path", "$.nps", "--interval", "600", "--json", NULL);
  assert_status (&run, 0);
  added = parse_object (run.out);
  feed_uuid = g_strdup (json_object_get_string_member (added, "uuid"));
  g_assert_false (json_object_get_boolean_member (added, "insecure"));
  run_clear (&run);

  /* Someone else's project: exit 5 and the hosts it would contact; nothing fetched. */
  run_cli (&run, NULL, "feeds", fixture->path, "refresh", NULL);
  assert_status (&run, 5);
  g_assert_nonnull (strstr (run.err, "--trust"));
  g_assert_nonnull (strstr (run.err, "127.0.0.1:"));
  g_assert_cmpint (count_samples (fixture), ==, 0);
  run_clear (&run);

  run_cli (&run, NULL, "feeds", fixture->path, "refresh", "--trust", "--json", NULL);
  assert_status (&run, 0);
  {
    g_autoptr(JsonObject) result = parse_object (run.out);
    JsonArray *feeds = json_object_get_array_member (result, "feeds");
    JsonObject *first = json_array_get_object_element (feeds, 0);

    g_assert_true (json_object_get_boolean_member (result, "ok"));
    g_assert_cmpstr (json_object_get_string_member (first, "uuid"), ==, feed_uuid);
    g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "ok");
    g_assert_cmpfloat (json_object_get_double_member (first, "value"), ==, 51);
  }
  run_clear (&run);

  /* Trusted from now on: remembered. */
  {
    g_autoptr(WmStore) store = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, NULL);

    g_assert_true (wm_trust_is_trusted (store));
  }

  /* A failing feed: exit 4, its reason, the good value kept. */
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url", failing,
           "--path", "$.nps", NULL);
  assert_status (&run, 0);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "refresh", "--all", NULL);
  assert_status (&run, 4);
  g_assert_nonnull (strstr (run.out, "The server answered 503"));
  g_assert_nonnull (strstr (run.out, "51"));
  run_clear (&run);
  run_cli (&run, NULL, "kpi", fixture->path, "show", "1", NULL);
  g_assert_nonnull (strstr (run.out, "Value:    51"));
  g_assert_nonnull (strstr (run.out, "Error: The server answered 503"));
  run_clear (&run);

  /* One feed by its uuid. */
  run_cli (&run, NULL, "feeds", fixture->path, "refresh", feed_uuid, NULL);
  assert_status (&run, 0);
  run_clear (&run);

  /* A backend's fraction, scaled to the KPI's per cent. */
  {
    g_autofree char *fraction = feeds_test_server_url (server, "/fraction");
    g_autofree char *scaled_uuid = NULL;
    g_autoptr(JsonObject) result = NULL;
    JsonArray *feeds;
    gboolean found = FALSE;

    run_cli (&run, NULL, "feeds", fixture->path, "add", "Net Promoter Score", "--type", "json",
             "--url", fraction, "--path", "$.rate", "--scale", "100", "--json", NULL);
    assert_status (&run, 0);
    g_clear_pointer (&added, json_object_unref);
    added = parse_object (run.out);
    scaled_uuid = g_strdup (json_object_get_string_member (added, "uuid"));
    run_clear (&run);
    run_cli (&run, NULL, "feeds", fixture->path, "refresh", scaled_uuid, "--json", NULL);
    assert_status (&run, 0);
    result = parse_object (run.out);
    feeds = json_object_get_array_member (result, "feeds");
    for (guint i = 0; i < json_array_get_length (feeds); i++)
      {
        JsonObject *feed = json_array_get_object_element (feeds, i);

        if (g_strcmp0 (json_object_get_string_member (feed, "uuid"), scaled_uuid) != 0)
          continue;
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (feed, "value"), 91.5,
                                        1e-9);
        found = TRUE;
      }
    g_assert_true (found);
    run_clear (&run);
    /* Deleted again, so the counts below stay as they were. */
    {
      g_autoptr(WmStore) store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, NULL);
      g_autoptr(WmRecord) feed = wm_store_find_by_uuid (store, WM_ENTITY_FEED, scaled_uuid,
                                                        NULL);

      g_assert_true (wm_store_delete (store, WM_ENTITY_FEED, wm_record_get_id (feed), NULL));
    }
  }

  /* Usage errors change nothing. */
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "xml", "--url", url, NULL);
  assert_status (&run, 2);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url", url,
           "--path", "$.nps", "--auth", "bearer", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "--secret-stdin"));
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "prometheus", "--url",
           url, NULL);
  assert_status (&run, 2);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url",
           "ftp://example.com/x", "--path", "$.x", NULL);
  assert_status (&run, 2);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "refresh", "--all", "nope", NULL);
  assert_status (&run, 2);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "refresh", "--scale", "100", NULL);
  assert_status (&run, 2);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "responses", "--url", url,
           "--path", "$.scores", "--scale", "100", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "never scaled"));
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url", url,
           "--path", "$.nps", "--scale", "-100", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "multiplied"));
  run_clear (&run);
  /* The definition is checked before anything is added: a JSONPath that
   * does not parse, an interval out of range, a header name with a space. */
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url", url,
           "--path", "$[", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "not a valid JSONPath"));
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url", url,
           "--path", "$.nps", "--interval", "99999999", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "30 days"));
  run_clear (&run);
  run_cli (&run, "t0ken\n", "feeds", fixture->path, "add", "1", "--type", "json", "--url", url,
           "--path", "$.nps", "--auth", "header", "--header", "X Api", "--secret-stdin", NULL);
  assert_status (&run, 2);
  g_assert_nonnull (strstr (run.err, "header name"));
  run_clear (&run);
  {
    g_autoptr(WmStore) store = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, NULL);

    g_assert_cmpint (wm_test_count (store, WM_ENTITY_FEED), ==, 2);
  }

  /* Plain http to another computer is flagged. */
  run_cli (&run, NULL, "feeds", fixture->path, "add", "1", "--type", "json", "--url",
           "http://metrics.example.com/nps", "--path", "$.nps", NULL);
  assert_status (&run, 0);
  g_assert_nonnull (strstr (run.err, "unencrypted"));
}

static void
test_feeds_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *token = "s3cr3t-w4ymark-t0ken";
  g_autofree char *url = feeds_test_server_url (server, "/auth");
  g_autofree char *input = g_strconcat (token, "\n", NULL);
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  gsize length;

  {
    g_autofree char *probe = wm_secrets_lookup_sync ("probe", "probe", NULL, &error);

    if (error != NULL)
      {
        g_test_skip_printf ("no Secret Service keyring (run through .ci/test): %s",
                            error->message);
        return;
      }
  }

  run_cli (&run, input, "feeds", fixture->path, "add", "1", "--type", "json", "--url", url,
           "--path", "$.nps", "--auth", "bearer", "--secret-stdin", NULL);
  assert_status (&run, 0);
  run_clear (&run);
  run_cli (&run, NULL, "feeds", fixture->path, "refresh", "--trust", NULL);
  assert_status (&run, 0);
  g_assert_nonnull (strstr (run.out, "61"));
  run_clear (&run);

  /* The token is in the keyring, not in the file. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  for (gsize i = 0; i + strlen (token) <= length; i++)
    g_assert_true (memcmp (contents + i, token, strlen (token)) != 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("waymark-feeds-cli-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: test-feeds-cli PATH-TO-WAYMARK-CLI");
  cli_path = argv[1];
  server = feeds_test_server_new ();

  g_test_add ("/waymark/feeds-cli/kpi", Fixture, NULL, fixture_setup, test_kpi_commands,
              fixture_teardown);
  g_test_add ("/waymark/feeds-cli/feeds", Fixture, NULL, fixture_setup, test_feeds_commands,
              fixture_teardown);
  g_test_add ("/waymark/feeds-cli/secret", Fixture, NULL, fixture_setup, test_feeds_secret,
              fixture_teardown);

  status = g_test_run ();

  feeds_test_server_free (server);
  wm_test_remove_dir (data_home);

  return status;
}
