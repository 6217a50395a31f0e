/* test-feeds.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "feeds-test-server.h"
#include "wm-feeds.h"
#include "wm-secrets.h"
#include "wm-test-util.h"
#include "wm-trust.h"

/* The feeds engine against a real SoupServer on loopback: the shapes real
 * backends answer with, and every fault, each of which must leave the last
 * good value in place and the feed in "error" with a reason. */

typedef struct
{
  char            *dir;
  char            *path;
  WmStore         *store;
  WmFeeds         *feeds;
  FeedsTestServer *server;
  gint64           kpi_id;
} Fixture;

static FeedsTestServer *shared_server;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;
  const char *kind = data ? data : "nps";

  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "feeds.waymark", &fixture->path);
  fixture->server = shared_server;

  wm_record_set_string (kpi, WM_KPI_NAME, "Net Promoter Score");
  wm_record_set_string (kpi, WM_KPI_KIND, kind);
  wm_record_set_string (kpi, WM_KPI_VARIANT, g_str_equal (kind, "csat") ? "top2box" : "");
  fixture->kpi_id = wm_store_insert (fixture->store, kpi, &error);
  g_assert_no_error (error);

  /* Created here: trusted, as the CLI and the window do after creating. */
  g_assert_true (wm_trust_set_trusted (fixture->store, TRUE, &error));
  g_assert_no_error (error);
  fixture->feeds = wm_feeds_new (fixture->store);
  g_assert_true (wm_feeds_get_trusted (fixture->feeds));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  wm_feeds_stop (fixture->feeds);
  /* Let cancelled fetches wind down before the engine goes. */
  while (wm_feeds_get_n_active (fixture->feeds) > 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->feeds);
  g_assert_finalize_object (fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

typedef void (*DraftFunc) (WmRecord *draft);

static gint64
add_feed_full (Fixture    *fixture,
               const char *type,
               const char *url,
               const char *path,
               const char *secret,
               const char *first_column,
               ...)
{
  g_autoptr(WmRecord) draft = wm_feed_new_draft (fixture->kpi_id,
                                                 wm_feed_type_from_string (type), url);
  g_autoptr(GError) error = NULL;
  const char *column = first_column;
  va_list args;
  gint64 id;

  if (path != NULL)
    wm_record_set_string (draft, WM_FEED_PATH, path);

  va_start (args, first_column);
  while (column != NULL)
    {
      const char *value = va_arg (args, const char *);

      /* Named as text for a compact table of feeds below. */
      WmColumnId column_id = wm_entity_find_column (WM_ENTITY_FEED, column);

      g_assert_cmpint (column_id, !=, WM_COLUMN_NONE);
      if (wm_column_get_info (column_id)->type == WM_COLUMN_INT)
        wm_record_set_int (draft, column_id, g_ascii_strtoll (value, NULL, 10));
      else
        wm_record_set_string (draft, column_id, value);
      column = va_arg (args, const char *);
    }
  va_end (args);

  id = wm_feeds_add (fixture->store, draft, secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
add_feed (Fixture    *fixture,
          const char *type,
          const char *server_path,
          const char *json_path)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, server_path);

  return add_feed_full (fixture, type, url, json_path, NULL, NULL);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static WmFeedOutcome *
refresh (Fixture *fixture,
         gint64   feed_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  WmFeedOutcome *outcome;

  wm_feeds_refresh_async (fixture->feeds, feed_id, NULL, store_result_cb, &result);
  outcome = wm_feeds_refresh_finish (fixture->feeds, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcome);
  g_assert_cmpint (outcome->feed_id, ==, feed_id);

  return outcome;
}

static WmRecord *
get_feed (Fixture *fixture,
          gint64   feed_id)
{
  g_autoptr(GError) error = NULL;
  WmRecord *feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);

  g_assert_no_error (error);
  return feed;
}

static GArray *
samples (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GArray *array = wm_store_get_samples (fixture->store, fixture->kpi_id, G_MININT64, G_MAXINT64,
                                        &error);

  g_assert_no_error (error);
  return array;
}

static void
assert_ok (Fixture       *fixture,
           WmFeedOutcome *outcome,
           double         value)
{
  g_autoptr(WmRecord) feed = get_feed (fixture, outcome->feed_id);
  WmSample latest;

  if (outcome->error != NULL)
    g_error ("expected a value, got: %s", outcome->error->message);
  g_assert_cmpint (outcome->state, ==, WM_FEED_STATE_OK);
  g_assert_true (outcome->has_value);
  g_assert_cmpfloat_with_epsilon (outcome->latest.value, value, 1e-9);
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "ok");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE_MESSAGE), ==, "");
  g_assert_cmpint (wm_record_get_int (feed, WM_FEED_FAILURES), ==, 0);
  g_assert_true (wm_record_is_set (feed, WM_FEED_LAST_SUCCESS_AT));
  g_assert_true (wm_store_get_latest_sample (fixture->store, fixture->kpi_id, &latest));
  g_assert_cmpfloat_with_epsilon (latest.value, value, 1e-9);
}

/* Shapes */

static void
test_json_delighted (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 id = add_feed (fixture, "json", "/delighted", "$.nps");
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);
  g_autoptr(GArray) stored = samples (fixture);
  gint64 after = g_get_real_time () / G_USEC_PER_SEC;

  assert_ok (fixture, outcome, 51);
  g_assert_cmpuint (outcome->n_samples, ==, 1);
  g_assert_cmpuint (stored->len, ==, 1);
  /* A value without a time is the time of the fetch. */
  g_assert_cmpint (g_array_index (stored, WmSample, 0).time, >=, before);
  g_assert_cmpint (g_array_index (stored, WmSample, 0).time, <=, after);
  g_assert_cmpfloat (g_array_index (stored, WmSample, 0).value, ==, 51);
  g_assert_cmpint (wm_feeds_get_n_active (fixture->feeds), ==, 0);
}

static void
test_json_string_number (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 id = add_feed (fixture, "json", "/string-number", "$.data.score");
  g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

  assert_ok (fixture, outcome, 42.5);
}

static void
test_json_history (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/history");
  gint64 id = add_feed_full (fixture, "json", url, "$.points[*].v", NULL,
                             "time_path", "$.points[*].t", NULL);
  g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);
  g_autoptr(GArray) stored = samples (fixture);
  gint64 pairs_id;

  assert_ok (fixture, outcome, 15);
  g_assert_cmpuint (outcome->n_samples, ==, 3);
  g_assert_cmpuint (stored->len, ==, 3);
  g_assert_cmpint (g_array_index (stored, WmSample, 0).time, ==, 1767225600);
  g_assert_cmpint (g_array_index (stored, WmSample, 1).time, ==, 1767312000);
  g_assert_cmpfloat (g_array_index (stored, WmSample, 1).value, ==, 12.5);
  g_assert_cmpint (g_array_index (stored, WmSample, 2).time, ==, 1767398400);

  /* A path to an array of [time, value] points, times in ms or s. */
  pairs_id = add_feed (fixture, "json", "/pairs", "$.series");
  {
    g_autoptr(WmFeedOutcome) pairs = refresh (fixture, pairs_id);
    g_autoptr(GArray) all = samples (fixture);

    g_assert_no_error (pairs->error);
    g_assert_cmpuint (pairs->n_samples, ==, 2);
    /* 1767225600 replaced, 1767312000000 ms = 1767312000 s replaced. */
    g_assert_cmpuint (all->len, ==, 3);
    g_assert_cmpfloat (g_array_index (all, WmSample, 1).value, ==, 2);
  }
}

static void
test_prometheus_fake (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *base = feeds_test_server_url (fixture->server, "/prom/");
  gint64 id = add_feed_full (fixture, "prometheus", base, NULL, NULL,
                             "query", "avg(nps_score)", NULL);
  gint64 scalar_id;

  /* The first fetch backfills with query_range: a matrix of three points. */
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);
    g_autoptr(GArray) stored = samples (fixture);

    assert_ok (fixture, outcome, 47);
    g_assert_cmpuint (outcome->n_samples, ==, 3);
    g_assert_cmpuint (stored->len, ==, 3);
    g_assert_cmpfloat (g_array_index (stored, WmSample, 1).value, ==, 45.5);
    g_assert_cmpuint (feeds_test_server_get_hits (fixture->server,
                                                  "/prom/api/v1/query_range"), ==, 1);
  }

  /* Then instant queries: a vector with a string value. */
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

    assert_ok (fixture, outcome, 51.25);
    g_assert_cmpuint (feeds_test_server_get_hits (fixture->server, "/prom/api/v1/query"), ==,
                      1);
  }

  scalar_id = add_feed_full (fixture, "prometheus", base, NULL, NULL,
                             "query", "scalar(avg(up))", NULL);
  g_assert_true (wm_store_set_int (fixture->store, scalar_id, WM_FEED_LAST_SUCCESS_AT, 1, NULL));
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, scalar_id);

    assert_ok (fixture, outcome, 0.97);
  }
}

static void
test_prometheus_faults (Fixture       *fixture,
                        gconstpointer  data)
{
  struct {
    const char *query;
    WmFeedError code;
    const char *message;
  } cases[] = {
    { "multi", WM_FEED_ERROR_SHAPE, "2 series" },
    { "nan", WM_FEED_ERROR_NOT_NUMBER, "NaN" },
    { "empty", WM_FEED_ERROR_SHAPE, "no data" },
    { "bad", WM_FEED_ERROR_HTTP, "400" },
  };
  g_autofree char *base = feeds_test_server_url (fixture->server, "/prom");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = add_feed_full (fixture, "prometheus", base, NULL, NULL,
                                 "query", cases[i].query, NULL);
      g_autoptr(WmFeedOutcome) outcome = NULL;

      g_assert_true (wm_store_set_int (fixture->store, id, WM_FEED_LAST_SUCCESS_AT, 1, NULL));
      outcome = refresh (fixture, id);
      g_assert_error (outcome->error, WM_FEED_ERROR, (int) cases[i].code);
      if (strstr (outcome->error->message, cases[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].query, outcome->error->message,
                 cases[i].message);
    }
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/csv");
  struct {
    const char *column;
    const char *rule;
    double value;
  } cases[] = {
    { "score", "", 38.5 },
    { "score", "last", 38.5 },
    { "score", "first", 40 },
    { "score", "match:region=EU", 45 },
    { "3", "match:region=US", 50 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = add_feed_full (fixture, "csv", url, NULL, NULL, "column_name", cases[i].column,
                                 "row_rule", cases[i].rule, NULL);
      g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

      g_assert_no_error (outcome->error);
      g_assert_cmpfloat (outcome->latest.value, ==, cases[i].value);
    }

  /* With the time taken from a column. */
  {
    gint64 id = add_feed_full (fixture, "csv", url, NULL, NULL, "column_name", "score",
                               "time_path", "date", "row_rule", "first", NULL);
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

    g_assert_no_error (outcome->error);
    g_assert_cmpint (outcome->latest.time, ==, 1767225600);
  }

  /* Exported by a German spreadsheet, as the KPI import reads it too. */
  {
    g_autofree char *de_url = feeds_test_server_url (fixture->server, "/csv-de");
    struct {
      const char *column;
      const char *rule;
      double value;
      gint64 time;
    } de_cases[] = {
      { "FCR", "first", 74.1, 1794700800 },
      { "Anzahl", "first", 1320, 1794700800 },
      { "FCR", "last", 76.5, 1794817800 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (de_cases); i++)
      {
        gint64 id = add_feed_full (fixture, "csv", de_url, NULL, NULL,
                                   "column_name", de_cases[i].column, "time_path", "Datum",
                                   "row_rule", de_cases[i].rule, NULL);
        g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

        g_assert_no_error (outcome->error);
        g_assert_cmpfloat_with_epsilon (outcome->latest.value, de_cases[i].value, 1e-9);
        g_assert_cmpint (outcome->latest.time, ==, de_cases[i].time);
      }
  }

  /* Faults: a column that is not there, a row that does not match, a bad rule. */
  {
    gint64 a = add_feed_full (fixture, "csv", url, NULL, NULL, "column_name", "nps", NULL);
    gint64 b = add_feed_full (fixture, "csv", url, NULL, NULL, "column_name", "score",
                              "row_rule", "match:region=LATAM", NULL);
    gint64 c = add_feed_full (fixture, "csv", url, NULL, NULL, "column_name", "region", NULL);
    g_autoptr(WmFeedOutcome) oa = refresh (fixture, a);
    g_autoptr(WmFeedOutcome) ob = refresh (fixture, b);
    g_autoptr(WmFeedOutcome) oc = refresh (fixture, c);

    g_assert_error (oa->error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE);
    g_assert_nonnull (strstr (oa->error->message, "no column “nps”"));
    g_assert_error (ob->error, WM_FEED_ERROR, WM_FEED_ERROR_SHAPE);
    g_assert_error (oc->error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER);
    g_assert_nonnull (strstr (oc->error->message, "APAC"));
  }
}

static void
test_responses_zendesk (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/zendesk");
  gint64 id = add_feed_full (fixture, "responses", url, "$.satisfaction_ratings[*].score", NULL,
                             "time_path", "$.satisfaction_ratings[*].created_at", NULL);
  g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

  /* good, good, bad, good (the "offered" one was never answered): 75 %. */
  assert_ok (fixture, outcome, 75.0);
  g_assert_cmpint (outcome->latest.n, ==, 4);
  g_assert_cmpint (outcome->latest.time, ==, 1767348000);  /* the newest answer */
}

static void
test_etag (Fixture       *fixture,
           gconstpointer  data)
{
  gint64 id = add_feed (fixture, "json", "/etag", "$.nps");
  g_autoptr(WmFeedOutcome) first = refresh (fixture, id);
  g_autoptr(WmFeedOutcome) second = NULL;
  g_autoptr(WmRecord) feed = get_feed (fixture, id);
  g_autoptr(GArray) stored = NULL;

  assert_ok (fixture, first, 33);
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_ETAG), ==, "\"v1\"");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_LAST_MODIFIED), ==,
                   "Wed, 25 Nov 2026 10:00:00 GMT");

  /* Stale until the server confirms nothing changed: then ok, no sample. */
  g_assert_true (wm_store_set_string (fixture->store, id, WM_FEED_STATE, "stale",
                                      NULL));
  second = refresh (fixture, id);
  g_assert_no_error (second->error);
  g_assert_cmpint (second->state, ==, WM_FEED_STATE_OK);
  g_assert_cmpuint (second->n_samples, ==, 0);
  g_assert_false (second->has_value);
  g_assert_cmpstr (feeds_test_server_get_last_header (fixture->server, "If-None-Match"), ==,
                   "\"v1\"");
  g_assert_cmpstr (feeds_test_server_get_last_header (fixture->server, "If-Modified-Since"),
                   ==, "Wed, 25 Nov 2026 10:00:00 GMT");
  g_clear_object (&feed);
  feed = get_feed (fixture, id);
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "ok");
  stored = samples (fixture);
  g_assert_cmpuint (stored->len, ==, 1);
}

/* Faults */

typedef struct
{
  const char  *path;
  const char  *json_path;
  gint64       timeout;
  gint64       max_bytes;
  WmFeedError  code;
  const char  *message;
} Fault;

static void
check_fault (Fixture     *fixture,
             const Fault *fault,
             const char  *url)
{
  g_autofree char *timeout = g_strdup_printf ("%" G_GINT64_FORMAT, fault->timeout);
  g_autofree char *max_bytes = g_strdup_printf ("%" G_GINT64_FORMAT, fault->max_bytes);
  gint64 id = add_feed_full (fixture, "json", url, fault->json_path, NULL,
                             "timeout_seconds", timeout, "max_bytes", max_bytes, NULL);
  g_autoptr(WmFeedOutcome) outcome = NULL;
  g_autoptr(WmRecord) feed = NULL;
  gint64 before = wm_store_count_samples (fixture->store, NULL);
  gint64 started = g_get_monotonic_time ();
  WmSample latest;

  outcome = refresh (fixture, id);
  if (outcome->error == NULL || !g_error_matches (outcome->error, WM_FEED_ERROR, fault->code))
    g_error ("%s: expected error %d, got %s", url, fault->code,
             outcome->error ? outcome->error->message : "a value");
  if (strstr (outcome->error->message, fault->message) == NULL)
    g_error ("%s: “%s” lacks “%s”", url, outcome->error->message, fault->message);

  /* Within the timeout, whatever the server does. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, (fault->timeout + 1) * G_USEC_PER_SEC);

  /* No sample; the last good value stays; the row says why. */
  g_assert_cmpint (outcome->state, ==, WM_FEED_STATE_ERROR);
  g_assert_cmpint (wm_store_count_samples (fixture->store, NULL), ==, before);
  g_assert_true (wm_store_get_latest_sample (fixture->store, fixture->kpi_id, &latest));
  g_assert_cmpfloat (latest.value, ==, 51);
  feed = get_feed (fixture, id);
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "error");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE_MESSAGE), ==, outcome->error->message);
  g_assert_cmpint (wm_record_get_int (feed, WM_FEED_FAILURES), ==, 1);
  g_assert_true (wm_record_is_set (feed, WM_FEED_LAST_ATTEMPT_AT));
  g_assert_false (wm_record_is_set (feed, WM_FEED_LAST_SUCCESS_AT));
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  const Fault faults[] = {
    { "/never", "$.nps", 1, 10485760, WM_FEED_ERROR_TIMEOUT, "within 1 seconds" },
    { "/drip", "$.nps", 1, 10485760, WM_FEED_ERROR_TIMEOUT, "within 1 seconds" },
    { "/503", "$.nps", 5, 10485760, WM_FEED_ERROR_HTTP, "503" },
    { "/huge", "$.nps", 20, 10485760, WM_FEED_ERROR_TOO_LARGE, "larger than 10.5" },
    { "/huge-length", "$.nps", 20, 10485760, WM_FEED_ERROR_TOO_LARGE, "larger than" },
    { "/bomb", "$.nps", 20, 1048576, WM_FEED_ERROR_TOO_LARGE, "larger than 1.0" },
    { "/deep", "$.nps", 5, 10485760, WM_FEED_ERROR_TOO_DEEP, "deeper than 64" },
    { "/invalid", "$.nps", 5, 10485760, WM_FEED_ERROR_PARSE, "not valid JSON" },
    { "/non-numeric", "$.nps", 5, 10485760, WM_FEED_ERROR_NOT_NUMBER, "\"high\"" },
    { "/infinite", "$.nps", 5, 10485760, WM_FEED_ERROR_NOT_NUMBER, "Infinity" },
    { "/overflow", "$.nps", 5, 10485760, WM_FEED_ERROR_NOT_NUMBER, "not a finite number" },
    { "/null", "$.nps", 5, 10485760, WM_FEED_ERROR_NOT_NUMBER, "null" },
    { "/loop", "$.nps", 5, 10485760, WM_FEED_ERROR_REDIRECT, "loop" },
    { "/login", "$.nps", 5, 10485760, WM_FEED_ERROR_HTML, "login page" },
    { "/login-as-json", "$.nps", 5, 10485760, WM_FEED_ERROR_HTML, "web page" },
    { "/empty", "$.nps", 5, 10485760, WM_FEED_ERROR_EMPTY, "empty" },
    { "/shape", "$.nps", 5, 10485760, WM_FEED_ERROR_SHAPE, "finds nothing" },
    { "/auth", "$.nps", 5, 10485760, WM_FEED_ERROR_AUTH, "401" },
    { "/missing", "$.nps", 5, 10485760, WM_FEED_ERROR_HTTP, "404" },
    { "/delighted", "$..", 5, 10485760, WM_FEED_ERROR_DEFINITION, "not a valid JSONPath" },
  };
  const WmSample good = { 1000, 51, 0 };
  g_autofree char *refused = feeds_test_refused_url ();
  const Fault refused_fault = { NULL, "$.nps", 5, 10485760, WM_FEED_ERROR_NETWORK, "refused" };

  g_assert_true (wm_store_add_samples (fixture->store, fixture->kpi_id, &good, 1, "", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *url = feeds_test_server_url (fixture->server, faults[i].path);

      g_test_message ("fault %s", faults[i].path);
      check_fault (fixture, &faults[i], url);
    }
  check_fault (fixture, &refused_fault, refused);

  /* Not an http(s) address at all. */
  {
    const Fault bad_url = { NULL, "$.nps", 5, 10485760, WM_FEED_ERROR_DEFINITION, "not an" };

    check_fault (fixture, &bad_url, "file:///etc/passwd");
  }
}

static void
test_backoff (void)
{
  g_assert_cmpint (wm_feed_next_delay (3600, 0), ==, 3600);
  g_assert_cmpint (wm_feed_next_delay (3600, 1), ==, 30);
  g_assert_cmpint (wm_feed_next_delay (3600, 2), ==, 60);
  g_assert_cmpint (wm_feed_next_delay (3600, 5), ==, 480);
  g_assert_cmpint (wm_feed_next_delay (3600, 30), ==, WM_FEED_MAX_BACKOFF_SECONDS);
  g_assert_cmpint (wm_feed_next_delay (5, 1), ==, 5);
  g_assert_cmpint (wm_feed_next_delay (5, 3), ==, 20);
  g_assert_cmpint (wm_feed_next_delay (0, 0), ==, 1);
}

static double
extract_scaled (WmFeedType   type,
                const char  *body,
                const char  *path,
                double       scale,
                GError     **error)
{
  g_autoptr(WmRecord) feed = wm_feed_new_draft (1, type, "http://127.0.0.1/");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GArray) found = NULL;

  wm_record_set_string (feed, type == WM_FEED_TYPE_CSV ? WM_FEED_COLUMN_NAME : WM_FEED_PATH,
                        path);
  wm_record_set_double (feed, WM_FEED_SCALE, scale);
  found = wm_feed_extract (feed, NULL, bytes, NULL, 1000, error);
  if (found == NULL)
    return NAN;
  g_assert_cmpuint (found->len, >=, 1);

  return g_array_index (found, WmSample, found->len - 1).value;
}

/* A backend that gives a share as a fraction (0.915) fills a KPI kept in
 * per cent with a scale of 100, whatever the feed's type; raw answers are
 * scores, never scaled. */
static void
test_scale (void)
{
  const char *prometheus = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                           "\"result\":[{\"metric\":{},\"value\":[1700000000,\"0.846\"]}]}}";
  g_autoptr(GError) error = NULL;

  g_assert_cmpfloat_with_epsilon (extract_scaled (WM_FEED_TYPE_JSON, "{\"rate\": \"0.915\"}",
                                                  "$.rate", 100, &error), 91.5, 1e-9);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (extract_scaled (WM_FEED_TYPE_JSON, "{\"rate\": 0.915}",
                                                  "$.rate", 1, &error), 0.915, 1e-12);
  g_assert_cmpfloat_with_epsilon (extract_scaled (WM_FEED_TYPE_PROMETHEUS, prometheus, "",
                                                  100, &error), 84.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (extract_scaled (WM_FEED_TYPE_CSV, "time,fcr\n2026-11-01,0.73\n",
                                                  "fcr", 100, &error), 73.0, 1e-9);
  /* Every point of a history. */
  {
    g_autoptr(WmRecord) feed = wm_feed_new_draft (1, WM_FEED_TYPE_JSON, "http://127.0.0.1/");
    const char *body = "{\"points\": [[1700000000, 0.5], [1700003600, 0.25]]}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
    g_autoptr(GArray) found = NULL;

    wm_record_set_string (feed, WM_FEED_PATH, "$.points");
    wm_record_set_double (feed, WM_FEED_SCALE, 100);
    found = wm_feed_extract (feed, NULL, bytes, NULL, 1000, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 2);
    g_assert_cmpfloat (g_array_index (found, WmSample, 0).value, ==, 50);
    g_assert_cmpfloat (g_array_index (found, WmSample, 1).value, ==, 25);
  }
  /* A value the factor makes infinite is an error, not a value. */
  g_assert_true (isnan (extract_scaled (WM_FEED_TYPE_JSON, "{\"rate\": 1e305}", "$.rate", 1e6,
                                        &error)));
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_NOT_NUMBER);
}

/* A feed's validators go when what it fetches or extracts changes, and
 * stay when only how often it does changes. */
static void
test_stale_validators (void)
{
  struct { WmColumnId column; const char *value; double scale; gboolean dropped; } cases[] = {
    { WM_FEED_PATH, "$.other", 1, TRUE },
    { WM_FEED_URL, "http://127.0.0.1/other", 1, TRUE },
    { WM_FEED_AUTH, "bearer", 1, TRUE },
    { WM_COLUMN_NONE, NULL, 100, TRUE },
    { WM_FEED_STATE, "error", 1, FALSE },
    { WM_COLUMN_NONE, NULL, 1, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WmRecord) before = wm_feed_new_draft (1, WM_FEED_TYPE_JSON, "http://127.0.0.1/");
      g_autoptr(WmRecord) draft = NULL;

      wm_record_set_string (before, WM_FEED_PATH, "$.nps");
      wm_record_set_string (before, WM_FEED_ETAG, "\"v1\"");
      wm_record_set_string (before, WM_FEED_LAST_MODIFIED, "Sat, 28 Nov 2026 14:41:49 GMT");
      draft = wm_record_copy (before);
      if (cases[i].column != WM_COLUMN_NONE)
        wm_record_set_string (draft, cases[i].column, cases[i].value);
      wm_record_set_double (draft, WM_FEED_SCALE, cases[i].scale);
      wm_record_set_int (draft, WM_FEED_INTERVAL_SECONDS, 60);

      wm_feed_drop_stale_validators (before, draft);
      g_assert_cmpstr (wm_record_get_string (draft, WM_FEED_ETAG), ==,
                       cases[i].dropped ? "" : "\"v1\"");
      g_assert_cmpstr (wm_record_get_string (draft, WM_FEED_LAST_MODIFIED), ==,
                       cases[i].dropped ? "" : "Sat, 28 Nov 2026 14:41:49 GMT");
    }
}

static double
extract_one (const char  *body,
             const char  *path,
             GError     **error)
{
  g_autoptr(WmRecord) feed = wm_feed_new_draft (1, WM_FEED_TYPE_JSON, "http://127.0.0.1/");
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GArray) found = NULL;

  wm_record_set_string (feed, WM_FEED_PATH, path);
  found = wm_feed_extract (feed, NULL, bytes, "application/json", 1000, error);
  if (found == NULL)
    return NAN;
  g_assert_cmpuint (found->len, ==, 1);

  return g_array_index (found, WmSample, 0).value;
}

static gpointer
extract_in_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  double value = extract_one ("{\"a\": {\"v\": 7}}", "$.a.v", &error);

  g_assert_no_error (error);
  return GINT_TO_POINTER ((int) value);
}

/* A thread keeps its parser and the paths it compiled from one answer to
 * the next: what it gives must not depend on what it read before. */
static void
test_extract_reuse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) large = g_string_new ("{\"pad\": \"");
  GThread *thread;

  g_assert_cmpfloat (extract_one ("{\"a\": {\"v\": 1}, \"b\": 2}", "$.a.v", &error), ==, 1);
  g_assert_cmpfloat (extract_one ("{\"a\": {\"v\": 3}, \"b\": 4}", "$.b", &error), ==, 4);
  g_assert_cmpfloat (extract_one ("{\"a\": {\"v\": 5}}", "$.a.v", &error), ==, 5);
  g_assert_no_error (error);

  /* An answer that does not parse leaves the parser fit for the next. */
  g_assert_true (isnan (extract_one ("{\"a\": {\"v\": ", "$.a.v", &error)));
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_cmpfloat (extract_one ("{\"a\": {\"v\": 6}}", "$.a.v", &error), ==, 6);
  g_assert_no_error (error);

  /* A path that does not compile fails every time, not only the first. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (isnan (extract_one ("{\"a\": 1}", "$[", &error)));
      g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
      g_clear_error (&error);
    }

  /* More paths than a thread keeps: each still finds its own member. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"k%u\": %u, \"k%u\": 0}", i, i, i + 1);
      g_autofree char *path = g_strdup_printf ("$.k%u", i);

      g_assert_cmpfloat (extract_one (body, path, &error), ==, i);
      g_assert_no_error (error);
    }

  /* A large answer, parsed apart from the thread's parser, then a small one. */
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (large, 'x');
  g_string_append (large, "\", \"v\": 9}");
  g_assert_cmpfloat (extract_one (large->str, "$.v", &error), ==, 9);
  g_assert_cmpfloat (extract_one ("{\"v\": 10}", "$.v", &error), ==, 10);
  g_assert_no_error (error);

  thread = g_thread_new ("extract", extract_in_thread, NULL);
  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (thread)), ==, 7);
}

static void
test_depth_and_uri (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) feed = wm_feed_new_draft (1, WM_FEED_TYPE_PROMETHEUS,
                                                "http://prometheus:9090/");
  g_autoptr(GUri) instant = NULL;
  g_autoptr(GUri) range = NULL;
  g_autofree char *instant_text = NULL;
  g_autofree char *range_text = NULL;

  /* 64 levels pass, 65 do not; brackets inside strings do not count. */
  {
    g_autoptr(GString) json = g_string_new (NULL);

    for (guint i = 0; i < 64; i++)
      g_string_append_c (json, '[');
    g_string_append (json, "\"[[[[\\\"[[\"");
    for (guint i = 0; i < 64; i++)
      g_string_append_c (json, ']');
    g_assert_true (wm_feed_check_json_depth (json->str, json->len, 64, &error));
    g_assert_no_error (error);
    g_string_prepend_c (json, '{');
    g_assert_false (wm_feed_check_json_depth (json->str, json->len, 64, &error));
    g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_TOO_DEEP);
    g_clear_error (&error);
  }

  wm_record_set_string (feed, WM_FEED_QUERY, "sum(rate(x{job=\"a b\"}[5m]))");
  instant = wm_feed_build_uri (feed, 0, 0, 0, &error);
  g_assert_no_error (error);
  instant_text = g_uri_to_string (instant);
  g_assert_cmpstr (instant_text, ==,
                   "http://prometheus:9090/api/v1/query?"
                   "query=sum%28rate%28x%7Bjob%3D%22a%20b%22%7D%5B5m%5D%29%29");
  range = wm_feed_build_uri (feed, 100, 200, 10, &error);
  range_text = g_uri_to_string (range);
  g_assert_true (g_str_has_suffix (range_text, "&start=100&end=200&step=10"));
  g_assert_nonnull (strstr (range_text, "/api/v1/query_range?query="));

  /* Behind a path prefix, as many are. */
  wm_record_set_string (feed, WM_FEED_URL, "https://ops.example.com/prometheus");
  {
    g_autoptr(GUri) prefixed = wm_feed_build_uri (feed, 0, 0, 0, &error);

    g_assert_cmpstr (g_uri_get_path (prefixed), ==, "/prometheus/api/v1/query");
  }

  wm_record_set_string (feed, WM_FEED_QUERY, "");
  g_assert_null (wm_feed_build_uri (feed, 0, 0, 0, &error));
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
}

/* Trust and credentials */

static void
test_untrusted (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/delighted");
  gint64 id = add_feed (fixture, "json", "/delighted", "$.nps");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmFeeds) colleague = NULL;
  g_autoptr(WmFeedOutcome) outcome = NULL;
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) insecure = NULL;
  guint hits = feeds_test_server_get_hits (fixture->server, "/delighted");

  add_feed_full (fixture, "json", "http://metrics.example.com/nps", "$.nps", NULL, NULL);
  /* A second feed on the same host: listed once (and the name stays whole). */
  add_feed_full (fixture, "json", "http://metrics.example.com/csat", "$.csat", NULL, NULL);
  add_feed_full (fixture, "json", "https://api.delighted.com/v1/metrics.json", "$.nps", NULL,
                 NULL);
  add_feed_full (fixture, "json", "http://localhost:8080/x", "$.nps", NULL, NULL);

  /* A project from someone else: forget it, as if it had just arrived. */
  g_assert_true (wm_trust_set_trusted (fixture->store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (wm_trust_is_trusted (fixture->store));
  colleague = wm_feeds_new (fixture->store);
  g_assert_false (wm_feeds_get_trusted (colleague));

  wm_feeds_refresh_async (colleague, id, NULL, store_result_cb, &result);
  outcome = wm_feeds_refresh_finish (colleague, wait_for (&result), &error);
  g_assert_null (outcome);
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_UNTRUSTED);
  g_clear_error (&error);
  g_clear_object (&result);
  wm_feeds_refresh_all_async (colleague, NULL, store_result_cb, &result);
  g_assert_null (wm_feeds_refresh_all_finish (colleague, wait_for (&result), &error));
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_UNTRUSTED);
  g_clear_error (&error);
  g_assert_cmpuint (feeds_test_server_get_hits (fixture->server, "/delighted"), ==, hits);

  /* The scheduler does not run either. */
  wm_feeds_start (colleague);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (wm_feeds_get_n_active (colleague), ==, 0);
  wm_feeds_stop (colleague);

  /* The dialog lists the hosts; plain http to a remote host is flagged. */
  hosts = wm_trust_list_hosts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (hosts), ==, 4);
  g_assert_true (g_str_has_prefix (hosts[0], "127.0.0.1:"));
  g_assert_true (g_strv_contains ((const char *const *) hosts, "api.delighted.com"));
  g_assert_true (g_strv_contains ((const char *const *) hosts, "localhost:8080"));
  g_assert_true (g_strv_contains ((const char *const *) hosts, "metrics.example.com"));
  insecure = wm_trust_list_insecure_hosts (fixture->store, &error);
  g_assert_cmpuint (g_strv_length (insecure), ==, 1);
  g_assert_cmpstr (insecure[0], ==, "metrics.example.com");
  g_assert_true (wm_feed_url_is_insecure ("http://metrics.example.com/nps"));
  g_assert_true (wm_feed_url_is_insecure ("http://10.0.0.5:9090"));
  g_assert_false (wm_feed_url_is_insecure ("http://127.0.0.1:9090"));
  g_assert_false (wm_feed_url_is_insecure ("http://[::1]:9090"));
  g_assert_false (wm_feed_url_is_insecure ("http://localhost:9090"));
  g_assert_false (wm_feed_url_is_insecure ("https://metrics.example.com"));

  /* Trusting it is remembered per project uuid in the user's data directory. */
  g_assert_true (wm_trust_set_trusted (fixture->store, TRUE, &error));
  g_assert_true (wm_trust_is_uuid_trusted (wm_record_get_uuid (
    wm_store_get_project (fixture->store))));
  {
    g_autofree char *file = g_build_filename (g_get_user_data_dir (), "waymark",
                                              "trusted-projects", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, wm_record_get_uuid (
      wm_store_get_project (fixture->store))));
  }
  wm_feeds_set_trusted (colleague, TRUE);
  g_clear_object (&result);
  wm_feeds_refresh_async (colleague, id, NULL, store_result_cb, &result);
  g_clear_pointer (&outcome, wm_feed_outcome_free);
  outcome = wm_feeds_refresh_finish (colleague, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_no_error (outcome->error);
  g_assert_cmpfloat (outcome->latest.value, ==, 51);
  (void) url;
}

static gboolean
have_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = wm_secrets_lookup_sync ("probe", "probe", NULL, &error);
  if (error != NULL)
    {
      g_test_skip_printf ("no Secret Service keyring on the session bus (run through "
                          ".ci/test, which starts one): %s", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* Binary: the file holds NUL bytes, so no string search. */
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    {
      if (memcmp (contents + i, needle, strlen (needle)) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_secrets (Fixture       *fixture,
              gconstpointer  data)
{
  const char *token = "s3cr3t-w4ymark-t0ken";
  g_autofree char *url = feeds_test_server_url (fixture->server, "/auth");
  g_autofree char *basic_url = feeds_test_server_url (fixture->server, "/auth-basic");
  g_autofree char *header_url = feeds_test_server_url (fixture->server, "/auth-header");
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) feed = NULL;
  gint64 id, basic_id, header_id;

  if (!have_keyring ())
    return;

  id = add_feed_full (fixture, "json", url, "$.nps", token, "auth", "bearer", NULL);
  basic_id = add_feed_full (fixture, "json", basic_url, "$.nps", "pa55-w0rd-b4sic",
                            "auth", "basic", "auth_user", "feeds", NULL);
  header_id = add_feed_full (fixture, "json", header_url, "$.nps", "k3y-h3ad3r-v4lue",
                             "auth", "header", "auth_header", "X-Api-Key", NULL);

  /* In the keyring, under the project's and the feed's uuid. */
  feed = get_feed (fixture, id);
  stored = wm_secrets_lookup_sync (wm_record_get_uuid (wm_store_get_project (fixture->store)),
                                   wm_record_get_uuid (feed), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, token);

  {
    g_autoptr(WmFeedOutcome) bearer = refresh (fixture, id);
    g_autoptr(WmFeedOutcome) basic = refresh (fixture, basic_id);
    g_autoptr(WmFeedOutcome) header = refresh (fixture, header_id);

    g_assert_no_error (bearer->error);
    g_assert_cmpfloat (bearer->latest.value, ==, 61);
    g_assert_no_error (basic->error);
    g_assert_cmpfloat (basic->latest.value, ==, 62);
    g_assert_no_error (header->error);
    g_assert_cmpfloat (header->latest.value, ==, 63);
  }

  /* Nowhere in the file, its journal (kept mid-edit) or a copy. */
  g_assert_true (wm_store_save_copy (fixture->store, copy, &error));
  g_assert_no_error (error);
  g_assert_true (wm_store_begin_edit (fixture->store, "keep a journal", &error));
  g_assert_true (wm_store_set_string (fixture->store, id, WM_FEED_AUTH_USER, "x",
                                      &error));
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (journal, token));
  g_assert_false (file_contains (journal, "pa55-w0rd-b4sic"));
  wm_store_rollback_edit (fixture->store);
  g_assert_false (file_contains (fixture->path, token));
  g_assert_false (file_contains (fixture->path, "pa55-w0rd-b4sic"));
  g_assert_false (file_contains (fixture->path, "k3y-h3ad3r-v4lue"));
  g_assert_false (file_contains (copy, token));
  g_assert_false (file_contains (copy, "k3y-h3ad3r-v4lue"));
  /* The check works: the uuid that keys the secret is in the file. */
  g_assert_true (file_contains (fixture->path, wm_record_get_uuid (feed)));

  /* Without its secret a feed says so, and fetches nothing. */
  g_assert_true (wm_secrets_clear_sync (wm_record_get_uuid (wm_store_get_project (
                                          fixture->store)),
                                        wm_record_get_uuid (feed), NULL, &error));
  {
    g_autoptr(WmFeedOutcome) missing = refresh (fixture, id);

    g_assert_error (missing->error, WM_FEED_ERROR, WM_FEED_ERROR_AUTH);
    g_assert_nonnull (strstr (missing->error->message, "keyring"));
  }
  {
    g_autoptr(WmRecord) basic = get_feed (fixture, basic_id);

    wm_secrets_clear_sync (wm_record_get_uuid (wm_store_get_project (fixture->store)),
                           wm_record_get_uuid (basic), NULL, NULL);
  }
}

/* The engine */

static void
test_test_feed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/history");
  g_autoptr(WmRecord) draft = wm_feed_new_draft (fixture->kpi_id, WM_FEED_TYPE_JSON, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;

  wm_record_set_string (draft, WM_FEED_PATH, "$.points[*].v");
  wm_record_set_string (draft, WM_FEED_TIME_PATH, "$.points[*].t");
  wm_feeds_test_async (fixture->feeds, draft, NULL, NULL, store_result_cb, &result);
  found = wm_feeds_test_finish (fixture->feeds, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpfloat (g_array_index (found, WmSample, 2).value, ==, 15);
  /* Nothing written. */
  g_assert_cmpint (wm_store_count_samples (fixture->store, NULL), ==, 0);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_FEED), ==, 0);

  /* The exact error for a bad one, with a secret given by the editor. */
  g_clear_object (&result);
  wm_record_set_string (draft, WM_FEED_URL, feeds_test_server_get_base (fixture->server));
  wm_record_set_string (draft, WM_FEED_AUTH, "bearer");
  wm_feeds_test_async (fixture->feeds, draft, "nope", NULL, store_result_cb, &result);
  g_assert_null (wm_feeds_test_finish (fixture->feeds, wait_for (&result), &error));
  if (!g_error_matches (error, WM_FEED_ERROR, WM_FEED_ERROR_HTTP)
      || strstr (error->message, "404") == NULL)
    g_error ("expected a 404, got: %s", error->message);
}

typedef struct
{
  gint64   last_tick;
  gint64   longest_gap;
  sqlite3 *holder;
  guint64  mask;
  guint    n_feed_ids;
  guint    n_sample_kpis;
  guint    n_changed;
  gboolean released;
} LockedRun;

static gboolean
tick_cb (gpointer user_data)
{
  LockedRun *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_tick != 0)
    run->longest_gap = MAX (run->longest_gap, now - run->last_tick);
  run->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
release_cb (gpointer user_data)
{
  LockedRun *run = user_data;

  g_assert_cmpint (sqlite3_exec (run->holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  run->released = TRUE;

  return G_SOURCE_REMOVE;
}

static void
locked_changed_cb (WmStore  *store,
                   guint64   mask,
                   gpointer  user_data)
{
  LockedRun *run = user_data;
  const GArray *feed_ids = wm_store_get_changed_ids (store, WM_ENTITY_FEED);
  const GArray *kpis = wm_store_get_changed_sample_kpis (store);

  run->n_changed++;
  run->mask |= mask;
  run->n_feed_ids += feed_ids ? feed_ids->len : 0;
  run->n_sample_kpis += kpis ? kpis->len : 0;
}

/* Storing results waits for the file's write lock (and then for fsync):
 * that must never hold up the main loop. Another program holds the lock
 * for half a second; the loop keeps turning, and the results arrive as our
 * own change with the rows named, not as another program's. */
static void
test_refresh_locked (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 a = add_feed (fixture, "json", "/delighted", "$.nps");
  gint64 b = add_feed (fixture, "json", "/string-number", "$.data.score");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  LockedRun run = { 0 };
  guint tick_id, release_id;
  gulong changed_id;

  g_assert_cmpint (sqlite3_open (fixture->path, &run.holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (run.holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  changed_id = g_signal_connect (fixture->store, "changed", G_CALLBACK (locked_changed_cb), &run);
  tick_id = g_timeout_add (5, tick_cb, &run);
  release_id = g_timeout_add (500, release_cb, &run);

  wm_feeds_refresh_all_async (fixture->feeds, NULL, store_result_cb, &result);
  outcomes = wm_feeds_refresh_all_finish (fixture->feeds, wait_for (&result), &error);
  g_assert_no_error (error);
  g_source_remove (tick_id);
  if (!run.released)
    g_source_remove (release_id);
  g_signal_handler_disconnect (fixture->store, changed_id);
  sqlite3_close (run.holder);

  /* Ticks every 5 ms; 200 ms leaves room for a busy machine, not for a
   * loop that waited for the lock. */
  g_assert_cmpint (run.longest_gap, <, 200 * 1000);
  g_assert_cmpuint (outcomes->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      WmFeedOutcome *outcome = g_ptr_array_index (outcomes, i);
      g_autoptr(WmRecord) feed = get_feed (fixture, outcome->feed_id);

      g_assert_no_error (outcome->error);
      g_assert_cmpint (outcome->feed_id, ==, i == 0 ? a : b);
      g_assert_cmpfloat (outcome->latest.value, ==, i == 0 ? 51 : 42.5);
      g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "ok");
    }
  g_assert_cmpint (wm_store_count_samples (fixture->store, NULL), >=, 1);

  /* Announced row by row, each row once (the second result may go in a
   * batch of its own once the first is written), and not again as a change
   * by another program. */
  g_assert_cmpuint (run.n_changed, >=, 1);
  g_assert_cmpuint (run.n_changed, <=, 2);
  g_assert_true (run.mask & WM_CHANGE_ENTITY (WM_ENTITY_FEED));
  g_assert_true (run.mask & WM_CHANGE_SAMPLES);
  g_assert_cmpuint (run.mask & WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY), ==, 0);
  g_assert_cmpuint (run.n_feed_ids, ==, 2);
  g_assert_cmpuint (run.n_sample_kpis, >=, 1);
  g_assert_false (wm_store_check_external_changes (fixture->store));
}

static void
test_draft_defaults (void)
{
  g_autoptr(WmRecord) draft = wm_feed_new_draft (7, WM_FEED_TYPE_CSV, "https://example.org/a.csv");

  /* The same as the schema gives a stored feed, so a draft can be tested. */
  g_assert_cmpint (wm_record_get_ref (draft, WM_FEED_KPI_ID), ==, 7);
  g_assert_cmpstr (wm_record_get_string (draft, WM_FEED_TYPE), ==, "csv");
  g_assert_cmpint (wm_record_get_int (draft, WM_FEED_INTERVAL_SECONDS), ==, 3600);
  g_assert_cmpint (wm_record_get_int (draft, WM_FEED_TIMEOUT_SECONDS), ==, 30);
  g_assert_cmpint (wm_record_get_int (draft, WM_FEED_MAX_BYTES), ==, 10 * 1024 * 1024);
  g_assert_cmpstr (wm_record_get_string (draft, WM_FEED_AUTH), ==, "none");
  g_assert_true (wm_record_get_boolean (draft, WM_FEED_ENABLED));
  g_assert_cmpfloat (wm_record_get_double (draft, WM_FEED_SCALE), ==, 1.0);
}

/* Definitions */

typedef struct
{
  const char *type;
  const char *url;
  const char *column;   /* one field set beside the draft's defaults … */
  const char *value;
  WmColumnId  field;    /* … and the field the check names, NONE when valid */
  const char *words;    /* in the message */
} DefinitionCase;

static void
test_check_definition (void)
{
  const DefinitionCase cases[] = {
    { "json", "https://x.example/nps", "path", "$.nps", WM_COLUMN_NONE, NULL },
    { "json", "https://x.example/nps", "path", "", WM_FEED_PATH, "JSONPath" },
    { "json", "https://x.example/nps", "path", "$[", WM_FEED_PATH, "not a valid JSONPath" },
    { "json", "ftp://x.example/nps", "path", "$.nps", WM_FEED_URL, "http://" },
    { "json", "not a url", "path", "$.nps", WM_FEED_URL, "http://" },
    { "json", "https:///nohost", "path", "$.nps", WM_FEED_URL, "http://" },
    { "json", "", "path", "$.nps", WM_FEED_URL, "no address" },
    { "prometheus", "http://prometheus:9090", "query", "up", WM_COLUMN_NONE, NULL },
    { "prometheus", "http://prometheus:9090", "query", "  ", WM_FEED_QUERY, "query" },
    { "csv", "https://x.example/a.csv", "column_name", "nps", WM_COLUMN_NONE, NULL },
    { "csv", "https://x.example/a.csv", "column_name", "", WM_FEED_COLUMN_NAME, "column" },
    { "responses", "https://x.example/r", "path", "$.ratings[*].score", WM_COLUMN_NONE, NULL },
    { "responses", "https://x.example/r", "column_name", "score", WM_COLUMN_NONE, NULL },
    { "responses", "https://x.example/r", "time_path", "$.t", WM_FEED_PATH, "scores" },
    { "telepathy", "https://x.example/r", "path", "$.nps", WM_FEED_TYPE, "telepathy" },
  };
  /* Rules on fields beside the type's: on a valid JSON feed. */
  const DefinitionCase more[] = {
    { "json", NULL, "time_path", "$.[", WM_FEED_TIME_PATH, "time path" },
    { "json", NULL, "interval_seconds", "0", WM_FEED_INTERVAL_SECONDS, "interval" },
    { "json", NULL, "interval_seconds", "2592001", WM_FEED_INTERVAL_SECONDS, "30 days" },
    { "json", NULL, "timeout_seconds", "0", WM_FEED_TIMEOUT_SECONDS, "timeout" },
    { "json", NULL, "timeout_seconds", "3601", WM_FEED_TIMEOUT_SECONDS, "1 hour" },
    { "json", NULL, "max_bytes", "0", WM_FEED_MAX_BYTES, "size limit" },
    { "json", NULL, "scale", "100", WM_COLUMN_NONE, NULL },
    { "json", NULL, "scale", "0.001", WM_COLUMN_NONE, NULL },
    { "json", NULL, "scale", "0", WM_FEED_SCALE, "multiplied" },
    { "json", NULL, "scale", "0.0001", WM_FEED_SCALE, "0.001" },
    { "json", NULL, "scale", "-100", WM_FEED_SCALE, "multiplied" },
    { "json", NULL, "scale", "1e7", WM_FEED_SCALE, "1,000,000" },
    { "json", NULL, "scale", "nan", WM_FEED_SCALE, "multiplied" },
    { "json", NULL, "auth", "basic", WM_FEED_AUTH_USER, "user name" },
    { "json", NULL, "auth", "header", WM_FEED_AUTH_HEADER, "header" },
    { "json", NULL, "auth", "kerberos", WM_FEED_AUTH, "kerberos" },
    { "json", NULL, "auth", "bearer", WM_COLUMN_NONE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases) + G_N_ELEMENTS (more); i++)
    {
      const DefinitionCase *c = i < G_N_ELEMENTS (cases) ? &cases[i]
                                                         : &more[i - G_N_ELEMENTS (cases)];
      g_autoptr(WmRecord) draft = wm_feed_new_draft (1, wm_feed_type_from_string (c->type),
                                                     c->url ? c->url : "https://x.example/nps");
      WmColumnId column = wm_entity_find_column (WM_ENTITY_FEED, c->column);
      g_autoptr(GError) error = NULL;
      WmColumnId field = WM_FEED_ETAG;
      gboolean ok;

      /* wm_feed_new_draft() knows only the four types; the text is what is checked. */
      wm_record_set_string (draft, WM_FEED_TYPE, c->type);
      if (c->url == NULL)
        wm_record_set_string (draft, WM_FEED_PATH, "$.nps");
      if (wm_column_get_info (column)->type == WM_COLUMN_INT)
        wm_record_set_int (draft, column, g_ascii_strtoll (c->value, NULL, 10));
      else if (wm_column_get_info (column)->type == WM_COLUMN_REAL)
        wm_record_set_double (draft, column, g_ascii_strtod (c->value, NULL));
      else
        wm_record_set_string (draft, column, c->value);

      ok = wm_feed_check_definition (draft, &field, &error);
      if (c->field == WM_COLUMN_NONE)
        {
          if (!ok)
            g_error ("case %u: expected valid, got: %s", i, error->message);
          g_assert_cmpint (field, ==, WM_COLUMN_NONE);
          continue;
        }
      if (ok)
        g_error ("case %u (%s = “%s”): expected a finding", i, c->column, c->value);
      g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
      g_assert_cmpint (field, ==, c->field);
      if (strstr (error->message, c->words) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, c->words);
    }

  /* A header name is a token; basic's user name cannot hold the separator. */
  {
    g_autoptr(WmRecord) draft = wm_feed_new_draft (1, WM_FEED_TYPE_JSON, "https://x.example/");
    g_autoptr(GError) error = NULL;

    wm_record_set_string (draft, WM_FEED_PATH, "$.nps");
    wm_record_set_string (draft, WM_FEED_AUTH, "header");
    wm_record_set_string (draft, WM_FEED_AUTH_HEADER, "X-Api Key:");
    g_assert_false (wm_feed_check_definition (draft, NULL, &error));
    g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
    g_clear_error (&error);
    wm_record_set_string (draft, WM_FEED_AUTH_HEADER, "X-Api-Key");
    g_assert_true (wm_feed_check_definition (draft, NULL, &error));
    g_assert_no_error (error);
    wm_record_set_string (draft, WM_FEED_AUTH, "basic");
    wm_record_set_string (draft, WM_FEED_AUTH_USER, "a:b");
    g_assert_false (wm_feed_check_definition (draft, NULL, &error));
    g_clear_error (&error);
    wm_record_set_string (draft, WM_FEED_TYPE, "csv");
    wm_record_set_string (draft, WM_FEED_COLUMN_NAME, "nps");
    wm_record_set_string (draft, WM_FEED_AUTH, "none");
    wm_record_set_string (draft, WM_FEED_ROW_RULE, "match:=x");
    g_assert_false (wm_feed_check_definition (draft, NULL, &error));
    g_assert_nonnull (strstr (error->message, "row rule"));
  }
}

/* A feed that cannot work as defined is not fetched: its outcome says
 * what to fix, and no sample is written. */
static void
test_refresh_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Nothing listens on port 1: a fetch would fail with a network error. */
  gint64 id = add_feed_full (fixture, "json", "http://127.0.0.1:1/nps", "$[", NULL, NULL);
  g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);
  g_autoptr(WmRecord) feed = get_feed (fixture, id);

  g_assert_error (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
  g_assert_nonnull (strstr (outcome->error->message, "JSONPath"));
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "error");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE_MESSAGE), ==,
                   outcome->error->message);
  g_assert_cmpint (wm_store_count_samples (fixture->store, NULL), ==, 0);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static char *
lookup_secret (Fixture  *fixture,
               WmRecord *feed)
{
  g_autoptr(GError) error = NULL;
  char *secret = wm_secrets_lookup_sync (wm_record_get_uuid (wm_store_get_project (fixture->store)),
                                         wm_record_get_uuid (feed), NULL, &error);

  g_assert_no_error (error);
  return secret;
}

/* The keyring's answer comes back on the main loop: wait for it there. */
static void
wait_secret_gone (Fixture  *fixture,
                  WmRecord *feed)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *secret = lookup_secret (fixture, feed);

      if (secret == NULL)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_error ("the secret of feed %s stayed in the keyring", wm_record_get_uuid (feed));
}

/* Adding without blocking: the secret first, then the feed as one edit.
 * The secret goes again with the feed (deleted, undone) or with its need
 * (authentication switched off). */
static void
test_secret_lifecycle (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/auth");
  g_autoptr(WmRecord) draft = wm_feed_new_draft (fixture->kpi_id, WM_FEED_TYPE_JSON, url);
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  gint64 id, other_id;

  if (!have_keyring ())
    return;

  wm_record_set_string (draft, WM_FEED_PATH, "$.nps");
  wm_record_set_string (draft, WM_FEED_AUTH, "bearer");
  wm_feeds_add_async (fixture->store, draft, "s3cr3t-w4ymark-t0ken", NULL, added_cb, &result);
  /* Nothing is added before the keyring has answered. */
  g_assert_cmpint (wm_store_count (fixture->store, WM_ENTITY_FEED, NULL), ==, 0);
  id = wm_feeds_add_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&result);
  feed = get_feed (fixture, id);
  g_assert_cmpstr (wm_record_get_uuid (draft), ==, wm_record_get_uuid (feed));
  stored = lookup_secret (fixture, feed);
  g_assert_cmpstr (stored, ==, "s3cr3t-w4ymark-t0ken");
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

    g_assert_no_error (outcome->error);
    g_assert_cmpfloat (outcome->latest.value, ==, 61);
  }

  /* Given up (the user closed the window at the keyring's prompt): nothing
   * added, nothing kept. */
  g_cancellable_cancel (cancelled);
  {
    g_autoptr(WmRecord) other = wm_feed_new_draft (fixture->kpi_id, WM_FEED_TYPE_JSON, url);

    wm_record_set_string (other, WM_FEED_PATH, "$.nps");
    wm_record_set_string (other, WM_FEED_AUTH, "bearer");
    wm_feeds_add_async (fixture->store, other, "never-kept", cancelled, added_cb, &result);
    g_assert_cmpint (wm_feeds_add_finish (wait_for (&result), &error), ==, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);
    g_assert_cmpint (wm_store_count (fixture->store, WM_ENTITY_FEED, NULL), ==, 1);
  }

  /* Authentication switched off: the secret goes. */
  g_assert_true (wm_store_set_string (fixture->store, id, WM_FEED_AUTH, "none", &error));
  wait_secret_gone (fixture, feed);

  /* Deleted: its secret goes with it. */
  other_id = add_feed_full (fixture, "json", url, "$.nps", "an0th3r-t0ken", "auth", "bearer",
                            NULL);
  {
    g_autoptr(WmRecord) other = get_feed (fixture, other_id);
    g_autofree char *kept = lookup_secret (fixture, other);

    g_assert_cmpstr (kept, ==, "an0th3r-t0ken");
    g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_FEED, other_id, &error));
    g_assert_no_error (error);
    wait_secret_gone (fixture, other);
  }

  /* Deleted with its KPI (a cascade the engine is not told about row by
   * row), or by undoing its addition. */
  other_id = add_feed_full (fixture, "json", url, "$.nps", "th1rd-t0ken", "auth", "bearer", NULL);
  {
    g_autoptr(WmRecord) other = get_feed (fixture, other_id);

    g_assert_true (wm_store_undo (fixture->store, &error));
    g_assert_no_error (error);
    g_assert_null (wm_store_get (fixture->store, WM_ENTITY_FEED, other_id, NULL));
    wait_secret_gone (fixture, other);
  }
  other_id = add_feed_full (fixture, "json", url, "$.nps", "f0urth-t0ken", "auth", "bearer",
                            NULL);
  {
    g_autoptr(WmRecord) other = get_feed (fixture, other_id);

    g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_KPI, fixture->kpi_id, &error));
    g_assert_no_error (error);
    wait_secret_gone (fixture, other);
  }
}

/* The keyring's answer comes back on the main loop: wait for it there. */
static void
wait_secret_back (Fixture    *fixture,
                  WmRecord   *feed,
                  const char *expected)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *secret = lookup_secret (fixture, feed);

      if (g_strcmp0 (secret, expected) == 0)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_error ("the secret of feed %s did not come back", wm_record_get_uuid (feed));
}

/* Undoing a feed's deletion (or switching its sign-in back on) brings it
 * back signing in as before: its secret, gone from the keyring with the
 * feed, is put back, and it never goes into the file. */
static void
test_secret_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/auth");
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 id;

  if (!have_keyring ())
    return;

  id = add_feed_full (fixture, "json", url, "$.nps", "s3cr3t-w4ymark-t0ken", "auth", "bearer",
                      NULL);
  feed = get_feed (fixture, id);

  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_FEED, id, &error));
  g_assert_no_error (error);
  wait_secret_gone (fixture, feed);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wait_secret_back (fixture, feed, "s3cr3t-w4ymark-t0ken");

  /* Redone, undone again. */
  g_assert_true (wm_store_redo (fixture->store, &error));
  g_assert_no_error (error);
  wait_secret_gone (fixture, feed);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wait_secret_back (fixture, feed, "s3cr3t-w4ymark-t0ken");

  /* Sign-in switched off, then on again by undo. */
  g_assert_true (wm_store_set_string (fixture->store, id, WM_FEED_AUTH, "none", &error));
  wait_secret_gone (fixture, feed);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wait_secret_back (fixture, feed, "s3cr3t-w4ymark-t0ken");

  /* Undone at once, before the keyring had answered the first time. */
  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_FEED, id, &error));
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  wait_secret_back (fixture, feed, "s3cr3t-w4ymark-t0ken");

  /* And it signs in with it. */
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);

    g_assert_no_error (outcome->error);
    g_assert_cmpfloat (outcome->latest.value, ==, 61);
  }

  /* Kept in memory, never in the file. */
  wm_store_wait_saved (fixture->store);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, "s3cr3t-w4ymark-t0ken"));
}

static void
test_refresh_all (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 a = add_feed (fixture, "json", "/delighted", "$.nps");
  gint64 b = add_feed (fixture, "json", "/503", "$.nps");
  gint64 c = add_feed (fixture, "json", "/string-number", "$.data.score");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  guint max_active = 0;

  g_assert_true (wm_store_set_boolean (fixture->store, c, WM_FEED_ENABLED, FALSE,
                                       NULL));
  wm_feeds_refresh_all_async (fixture->feeds, NULL, store_result_cb, &result);
  while (result == NULL)
    {
      max_active = MAX (max_active, wm_feeds_get_n_active (fixture->feeds));
      g_main_context_iteration (NULL, TRUE);
    }
  outcomes = wm_feeds_refresh_all_finish (fixture->feeds, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 2);  /* the disabled one is left out */
  g_assert_cmpuint (max_active, ==, 2);     /* side by side */
  g_assert_cmpint (((WmFeedOutcome *) g_ptr_array_index (outcomes, 0))->feed_id, ==, a);
  g_assert_no_error (((WmFeedOutcome *) g_ptr_array_index (outcomes, 0))->error);
  g_assert_cmpint (((WmFeedOutcome *) g_ptr_array_index (outcomes, 1))->feed_id, ==, b);
  g_assert_error (((WmFeedOutcome *) g_ptr_array_index (outcomes, 1))->error, WM_FEED_ERROR,
                  WM_FEED_ERROR_HTTP);
  g_assert_cmpint (wm_feeds_get_n_active (fixture->feeds), ==, 0);

  /* Paused shows as paused. */
  {
    g_autoptr(WmRecord) feed = get_feed (fixture, c);

    g_assert_cmpint (wm_feed_get_state (feed), ==, WM_FEED_STATE_PAUSED);
  }

  /* Fetched values are kept, but are no undo step: Undo still means the
   * person's own last edit. */
  g_assert_cmpint (wm_store_count_samples (fixture->store, NULL), >, 0);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), !=, "Refresh feeds");

}

static WmFeedOutcome *
refresh_all_one (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  wm_feeds_refresh_all_async (fixture->feeds, NULL, store_result_cb, &result);
  wait_for (&result);
  outcomes = wm_feeds_refresh_all_finish (fixture->feeds, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);

  return wm_feed_outcome_copy (g_ptr_array_index (outcomes, 0));
}

/* Refreshing them all reuses the feeds it read last time (hundreds would
 * otherwise be read again each time): what it wrote itself, and every
 * change of anyone else's, must still reach the next refresh. */
static void
test_refresh_all_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = add_feed (fixture, "json", "/etag", "$.nps");
  g_autofree char *delighted = feeds_test_server_url (fixture->server, "/delighted");
  g_autofree char *string_number = feeds_test_server_url (fixture->server, "/string-number");
  g_autofree char *sql = NULL;
  g_autoptr(WmFeedOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  outcome = refresh_all_one (fixture);
  g_assert_no_error (outcome->error);
  g_assert_cmpuint (outcome->n_samples, ==, 1);

  /* The ETag it stored goes with the next request. */
  g_clear_pointer (&outcome, wm_feed_outcome_free);
  outcome = refresh_all_one (fixture);
  g_assert_no_error (outcome->error);
  g_assert_cmpuint (outcome->n_samples, ==, 0);
  g_assert_cmpstr (feeds_test_server_get_last_header (fixture->server, "If-None-Match"), ==,
                   "\"v1\"");

  /* An edit in the window. */
  g_assert_true (wm_store_set_string (fixture->store, id, WM_FEED_URL, delighted, &error));
  g_assert_no_error (error);
  g_clear_pointer (&outcome, wm_feed_outcome_free);
  outcome = refresh_all_one (fixture);
  g_assert_no_error (outcome->error);
  g_assert_true (outcome->has_value);
  g_assert_cmpfloat (outcome->latest.value, ==, 51);

  /* Its undo. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&outcome, wm_feed_outcome_free);
  outcome = refresh_all_one (fixture);
  g_assert_no_error (outcome->error);
  g_assert_cmpuint (outcome->n_samples, ==, 0);   /* /etag again, not modified */

  /* Another program's. */
  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("UPDATE feed SET url = %Q, path = '$.data.score' WHERE id = %lld",
                         string_number, (long long) id);
  g_assert_cmpint (sqlite3_exec (other, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sql = NULL;
  sqlite3_close (other);
  g_assert_true (wm_store_check_external_changes (fixture->store));
  g_clear_pointer (&outcome, wm_feed_outcome_free);
  outcome = refresh_all_one (fixture);
  g_assert_no_error (outcome->error);
  g_assert_true (outcome->has_value);
  g_assert_cmpfloat (outcome->latest.value, ==, 42.5);
}

typedef struct
{
  const char *path;
  gint64      feed_id;
  gint64      kpi_id;
} Meddle;

/* Another program changes the feed while it is fetched: it now belongs to
 * another KPI and reads as failing. */
static void
meddle_cb (WmFeeds  *feeds,
           gint64    feed_id,
           gpointer  user_data)
{
  Meddle *meddle = user_data;
  char *sql;
  sqlite3 *other = NULL;

  g_assert_cmpint (feed_id, ==, meddle->feed_id);
  g_assert_cmpint (sqlite3_open (meddle->path, &other), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("UPDATE feed SET kpi_id = %lld, state = 'error', failures = 3,"
                         " state_message = 'Server error 503' WHERE id = %lld",
                         (long long) meddle->kpi_id, (long long) feed_id);
  g_assert_cmpint (sqlite3_exec (other, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (other);
}

/* What is stored follows the row as it is when the result arrives, not as
 * it was when the fetch began: the value goes to the KPI the feed belongs
 * to now, and the state it reads is replaced. */
static void
test_changed_while_fetched (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 id = add_feed (fixture, "json", "/delighted", "$.nps");
  gint64 other_kpi = wm_test_insert_named (fixture->store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0,
                                           "Other");
  Meddle meddle = { fixture->path, id, other_kpi };
  g_autoptr(WmFeedOutcome) outcome = NULL;
  g_autoptr(WmRecord) feed = NULL;
  WmSample latest;

  /* Once as it is: the feed's row is kept between refreshes. */
  outcome = refresh_all_one (fixture);
  g_assert_no_error (outcome->error);
  g_assert_false (wm_store_get_latest_sample (fixture->store, other_kpi, &latest));

  g_signal_connect (fixture->feeds, "feed-started", G_CALLBACK (meddle_cb), &meddle);
  g_clear_pointer (&outcome, wm_feed_outcome_free);
  outcome = refresh_all_one (fixture);
  g_signal_handlers_disconnect_by_func (fixture->feeds, meddle_cb, &meddle);
  g_assert_no_error (outcome->error);
  g_assert_cmpfloat (outcome->latest.value, ==, 51);

  feed = get_feed (fixture, id);
  g_assert_cmpint (wm_record_get_ref (feed, WM_FEED_KPI_ID), ==, other_kpi);
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "ok");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE_MESSAGE), ==, "");
  g_assert_cmpint (wm_record_get_int (feed, WM_FEED_FAILURES), ==, 0);
  g_assert_true (wm_store_get_latest_sample (fixture->store, other_kpi, &latest));
  g_assert_cmpfloat (latest.value, ==, 51);
}

static void
finished_cb (WmFeeds       *feeds,
             gint64         feed_id,
             WmFeedOutcome *outcome,
             gpointer       user_data)
{
  guint *count = user_data;

  (*count)++;
}

static gboolean
flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_scheduler (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *url = feeds_test_server_url (fixture->server, "/delighted");
  g_autofree char *failing = feeds_test_server_url (fixture->server, "/503");
  guint finished = 0;
  gboolean timed_out = FALSE;
  guint timeout_id, ok_hits, failing_hits;
  gint64 ok_id, failing_id;
  g_autoptr(WmRecord) failing_feed = NULL;

  ok_id = add_feed_full (fixture, "json", url, "$.nps", NULL, "interval_seconds", "1", NULL);
  failing_id = add_feed_full (fixture, "json", failing, "$.nps", NULL,
                              "interval_seconds", "1", NULL);
  g_signal_connect (fixture->feeds, "feed-finished", G_CALLBACK (finished_cb), &finished);

  ok_hits = feeds_test_server_get_hits (fixture->server, "/delighted");
  failing_hits = feeds_test_server_get_hits (fixture->server, "/503");
  wm_feeds_start (fixture->feeds);
  g_assert_true (wm_feeds_is_running (fixture->feeds));
  timeout_id = g_timeout_add_seconds (10, flag_cb, &timed_out);
  /* Both fetch at once; then the good one every second, while the failing
   * one backs off: 1 s, then 2 s. */
  while (!timed_out && feeds_test_server_get_hits (fixture->server, "/delighted") < ok_hits + 4)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  wm_feeds_stop (fixture->feeds);
  g_assert_false (wm_feeds_is_running (fixture->feeds));
  g_signal_handlers_disconnect_by_func (fixture->feeds, finished_cb, &finished);

  failing_feed = get_feed (fixture, failing_id);
  g_assert_cmpint (wm_record_get_int (failing_feed, WM_FEED_FAILURES), >=, 1);
  g_assert_cmpint (feeds_test_server_get_hits (fixture->server, "/503") - failing_hits, <, 4);
  g_assert_cmpint (feeds_test_server_get_hits (fixture->server, "/503") - failing_hits, >=, 1);
  g_assert_cmpuint (finished, >=, 4);
  (void) ok_id;
}

/* A real Prometheus server, started by .ci/test (or tests/feeds/with-prometheus.sh)
 * with history backfilled by promtool. */
static void
test_prometheus_real (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *base = g_getenv ("WAYMARK_TEST_PROMETHEUS_URL");
  g_autofree char *binary = g_find_program_in_path ("prometheus");
  gint64 id, instant_id;

  if (base == NULL || *base == '\0')
    {
      if (binary == NULL)
        {
          g_test_skip ("prometheus is not installed (Debian package “prometheus”); "
                       "CI installs it and runs this test");
          return;
        }
      g_test_fail_printf ("prometheus is installed but WAYMARK_TEST_PROMETHEUS_URL is not set: "
                          "run the suite through meson test (tests/feeds/with-prometheus.sh) "
                          "or .ci/test");
      return;
    }

  /* First fetch: query_range over the backfilled history. */
  id = add_feed_full (fixture, "prometheus", base, NULL, NULL,
                      "query", "avg(last_over_time(waymark_nps[15m]))",
                      "interval_seconds", "900", NULL);
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, id);
    g_autoptr(GArray) stored = samples (fixture);

    if (outcome->error != NULL)
      g_error ("Prometheus at %s: %s", base, outcome->error->message);
    /* Two days of 15-minute points, from 2 days ago to a minute ago. */
    g_assert_cmpuint (outcome->n_samples, >=, 150);
    g_assert_cmpuint (stored->len, ==, outcome->n_samples);
    g_assert_cmpfloat (g_array_index (stored, WmSample, 0).value, >=, 20);
    g_assert_cmpfloat (outcome->latest.value, ==, 50);
  }

  /* Then the instant query: the newest point, a string "50" in a vector. */
  instant_id = add_feed_full (fixture, "prometheus", base, NULL, NULL,
                              "query", "max(last_over_time(waymark_nps[3d]))", NULL);
  g_assert_true (wm_store_set_int (fixture->store, instant_id, WM_FEED_LAST_SUCCESS_AT, 1, NULL));
  {
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, instant_id);

    g_assert_no_error (outcome->error);
    g_assert_cmpfloat (outcome->latest.value, ==, 50);
  }

  /* A query Prometheus refuses, in its own words. */
  {
    gint64 bad_id = add_feed_full (fixture, "prometheus", base, NULL, NULL,
                                   "query", "avg(", NULL);
    g_autoptr(WmFeedOutcome) outcome = refresh (fixture, bad_id);

    g_assert_error (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_HTTP);
  }
}

static gboolean
stop_cb (gpointer user_data)
{
  wm_feeds_stop (user_data);

  return G_SOURCE_REMOVE;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

/* Each fetch keeps its own deadline, although one timer watches them all;
 * a caller's cancellation ends its fetch at once; stopping ends every
 * fetch, also those still waiting for their turn at a busy server, and
 * none of it is recorded as a failure of the feed. */
static void
test_deadlines_and_cancel (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *never = feeds_test_server_url (fixture->server, "/never");
  /* More than are sent to one server at once: some wait for their turn. */
  const guint n_waiting = 80;
  gint64 short_id = add_feed_full (fixture, "json", never, "$.nps", NULL,
                                   "timeout_seconds", "1", NULL);
  gint64 long_id = add_feed_full (fixture, "json", never, "$.nps", NULL,
                                  "timeout_seconds", "3", NULL);
  g_autoptr(GAsyncResult) short_result = NULL;
  g_autoptr(GAsyncResult) long_result = NULL;
  g_autoptr(GError) error = NULL;

  /* Sent together, they time out one after the other. */
  {
    g_autoptr(WmFeedOutcome) short_outcome = NULL;
    g_autoptr(WmFeedOutcome) long_outcome = NULL;

    wm_feeds_refresh_async (fixture->feeds, long_id, NULL, store_result_cb, &long_result);
    wm_feeds_refresh_async (fixture->feeds, short_id, NULL, store_result_cb, &short_result);
    short_outcome = wm_feeds_refresh_finish (fixture->feeds, wait_for (&short_result), &error);
    g_assert_no_error (error);
    g_assert_error (short_outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_TIMEOUT);
    g_assert_nonnull (strstr (short_outcome->error->message, "within 1 seconds"));
    g_assert_cmpint (short_outcome->duration_us, >=, 900000);
    g_assert_cmpint (short_outcome->duration_us, <, 2500000);
    g_assert_null (long_result);

    long_outcome = wm_feeds_refresh_finish (fixture->feeds, wait_for (&long_result), &error);
    g_assert_no_error (error);
    g_assert_error (long_outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_TIMEOUT);
    g_assert_nonnull (strstr (long_outcome->error->message, "within 3 seconds"));
    g_assert_cmpint (long_outcome->duration_us, >=, 2900000);
    g_assert_cmpint (long_outcome->duration_us, <, 4500000);
  }

  /* The caller's cancellation ends the fetch long before its deadline. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(WmFeedOutcome) outcome = NULL;
    g_autoptr(WmRecord) feed = NULL;
    gint64 id = add_feed_full (fixture, "json", never, "$.nps", NULL,
                               "timeout_seconds", "60", NULL);
    gint64 started = g_get_monotonic_time ();

    wm_feeds_refresh_async (fixture->feeds, id, cancellable, store_result_cb, &result);
    g_timeout_add (200, cancel_cb, cancellable);
    outcome = wm_feeds_refresh_finish (fixture->feeds, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_error (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
    feed = get_feed (fixture, id);
    g_assert_cmpint (wm_record_get_int (feed, WM_FEED_FAILURES), ==, 0);
  }

  for (guint i = 0; i < n_waiting; i++)
    add_feed_full (fixture, "json", never, "$.nps", NULL, "timeout_seconds", "60", NULL);

  /* So does it end a refresh of all: each feed's outcome, in the list's
   * order, the ones waiting for their turn included. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) outcomes = NULL;
    g_autoptr(GPtrArray) feeds = wm_store_list (fixture->store, WM_ENTITY_FEED, WM_COLUMN_NONE,
                                                0, &error);
    gint64 started = g_get_monotonic_time ();

    g_assert_no_error (error);
    wm_feeds_refresh_all_async (fixture->feeds, cancellable, store_result_cb, &result);
    g_timeout_add (300, cancel_cb, cancellable);
    outcomes = wm_feeds_refresh_all_finish (fixture->feeds, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (outcomes->len, ==, feeds->len);
    for (guint i = 0; i < outcomes->len; i++)
      {
        WmFeedOutcome *outcome = g_ptr_array_index (outcomes, i);

        g_assert_cmpint (outcome->feed_id, ==, wm_record_get_id (g_ptr_array_index (feeds, i)));
        g_assert_error (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED);
      }
    g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpint (wm_feeds_get_n_active (fixture->feeds), ==, 0);
  }

  /* Stopping ends them all, the ones waiting for their turn included. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) outcomes = NULL;
    g_autoptr(GPtrArray) feeds = NULL;
    gint64 started;

    started = g_get_monotonic_time ();
    wm_feeds_refresh_all_async (fixture->feeds, NULL, store_result_cb, &result);
    g_timeout_add (500, stop_cb, fixture->feeds);
    outcomes = wm_feeds_refresh_all_finish (fixture->feeds, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (outcomes->len, ==, n_waiting + 3);
    for (guint i = 0; i < outcomes->len; i++)
      g_assert_error (((WmFeedOutcome *) g_ptr_array_index (outcomes, i))->error,
                      WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpint (wm_feeds_get_n_active (fixture->feeds), ==, 0);

    feeds = wm_store_list (fixture->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < feeds->len; i++)
      {
        WmRecord *feed = g_ptr_array_index (feeds, i);

        if (wm_record_get_id (feed) != short_id && wm_record_get_id (feed) != long_id)
          g_assert_cmpint (wm_record_get_int (feed, WM_FEED_FAILURES), ==, 0);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* Trust decisions of the run stay in a temporary directory. */
  data_home = g_dir_make_tmp ("waymark-feeds-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  shared_server = feeds_test_server_new ();

#define ADD(name, func) \
  g_test_add ("/waymark/feeds/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("json-delighted", test_json_delighted);
  ADD ("json-string-number", test_json_string_number);
  ADD ("json-history", test_json_history);
  ADD ("prometheus-fake", test_prometheus_fake);
  ADD ("prometheus-faults", test_prometheus_faults);
  ADD ("csv", test_csv);
  g_test_add ("/waymark/feeds/responses-zendesk", Fixture, "csat", fixture_setup,
              test_responses_zendesk, fixture_teardown);
  ADD ("etag", test_etag);
  ADD ("faults", test_faults);
  g_test_add_func ("/waymark/feeds/backoff", test_backoff);
  g_test_add_func ("/waymark/feeds/extract-reuse", test_extract_reuse);
  g_test_add_func ("/waymark/feeds/scale", test_scale);
  g_test_add_func ("/waymark/feeds/stale-validators", test_stale_validators);
  g_test_add_func ("/waymark/feeds/depth-and-uri", test_depth_and_uri);
  ADD ("untrusted", test_untrusted);
  ADD ("secrets", test_secrets);
  ADD ("test-feed", test_test_feed);
  ADD ("refresh-all", test_refresh_all);
  ADD ("refresh-all-kept", test_refresh_all_kept);
  ADD ("changed-while-fetched", test_changed_while_fetched);
  ADD ("deadlines-and-cancel", test_deadlines_and_cancel);
  ADD ("refresh-locked", test_refresh_locked);
  g_test_add_func ("/waymark/feeds/draft-defaults", test_draft_defaults);
  g_test_add_func ("/waymark/feeds/check-definition", test_check_definition);
  ADD ("refresh-invalid", test_refresh_invalid);
  ADD ("secret-lifecycle", test_secret_lifecycle);
  ADD ("secret-undo", test_secret_undo);
  ADD ("scheduler", test_scheduler);
  ADD ("prometheus-real", test_prometheus_real);

#undef ADD

  status = g_test_run ();

  feeds_test_server_free (shared_server);
  wm_test_remove_dir (data_home);

  return status;
}
