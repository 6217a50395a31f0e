/* wm-bench-feeds.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "wm-feeds.h"
#include "wm-kpi.h"
#include "wm-trust.h"

/* Figures for issue #10, side by side with what they are measured against:
 *   1. 500 feeds refreshed vs `curl --parallel` fetching the same URLs (≤ 1.2×),
 *      with libsoup alone fetching them as a third column (see Floor), the
 *      libraries alone doing the same work as a fourth (see Lean), and the
 *      longest main-loop stall meanwhile (≤ 16 ms);
 *   2. NPS over 1,000,000 raw answers, `waymark-cli kpi FILE compute` vs
 *      `sqlite3` computing it on the same table (≤ 1.5×);
 *   3. peak memory of a refresh against a 200 MB body and a gzip bomb (< 50 MB).
 * Usage: wm-bench-feeds SERVER-EXE WAYMARK-CLI
 *        wm-bench-feeds --memory URL     (one refresh; prints the peak RSS in KiB)
 *        wm-bench-feeds --refresh BASE ROUNDS
 *          (500 feeds against a server already running at BASE, ROUNDS times; for
 *          profiling: prints each round's wall and CPU time; each round starts
 *          from idle, or awake with WAYMARK_BENCH_AWAKE set, see Start)
 *        wm-bench-feeds --lean BASE ROUNDS   (the same for the fourth column) */

#define N_FEEDS 500
#define N_ANSWERS 1000000
/* The best of NPS_ROUNDS each, taken in turn after one to warm the cache:
 * a computation takes a third of a second, and this machine's speed drifts
 * by as much within a few seconds. */
#define NPS_ROUNDS 7
#define FEEDS_ROUNDS 9
#define STALL_ROUNDS 3

static gint64 last_tick;
static gint64 longest_stall;
static gint64 last_cpu;
static gint64 longest_busy;

/* Helpers */

/* Microseconds of CPU (user and system) this process, or its reaped
 * children, used. */
static gint64
cpu_us (int who)
{
  struct rusage usage;

  getrusage (who, &usage);

  return ((gint64) usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
         + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Microseconds of CPU this thread used. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  /* The tick is due every millisecond: anything beyond is a stall. The
   * main thread's own CPU time in the gap tells its work from the time
   * the kernel gave other processes on a busy machine. */
  if (last_tick != 0)
    {
      longest_stall = MAX (longest_stall, now - last_tick - 1000);
      longest_busy = MAX (longest_busy, cpu - last_cpu);
    }
  last_tick = now;
  last_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static WmStore *
make_project (const char *dir,
              const char *name,
              guint       n_feeds,
              const char *base,
              const char *path)
{
  g_autofree char *file = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_store_create (file, &error);

  g_assert_no_error (error);
  g_assert_true (wm_store_begin_edit (store, "bench", &error));
  for (guint i = 0; i < n_feeds; i++)
    {
      g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
      g_autofree char *kpi_name = g_strdup_printf ("KPI %u", i);
      g_autofree char *url = g_strdup_printf ("%s%s?feed=%u", base, path, i);
      g_autoptr(WmRecord) feed = NULL;
      gint64 kpi_id;

      wm_record_set_string (kpi, WM_KPI_NAME, kpi_name);
      wm_record_set_string (kpi, WM_KPI_KIND, "nps");
      kpi_id = wm_store_insert (store, kpi, &error);
      g_assert_no_error (error);
      feed = wm_feed_new_draft (kpi_id, WM_FEED_TYPE_JSON, url);
      wm_record_set_string (feed, WM_FEED_PATH, "$.nps");
      wm_store_insert (store, feed, &error);
      g_assert_no_error (error);
    }
  g_assert_true (wm_store_commit_edit (store, &error));
  g_assert_true (wm_trust_set_trusted (store, TRUE, &error));

  return store;
}

static GPtrArray *
refresh_all (WmFeeds *feeds)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  wm_feeds_refresh_all_async (feeds, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  outcomes = wm_feeds_refresh_all_finish (feeds, result, &error);
  g_assert_no_error (error);

  return outcomes;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);

  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* How every round of every column starts, at the beginning of a second (the
 * engine's must, see time_refresh(); the others do alike). A round on a
 * machine idle for most of a second takes longer than one that follows
 * other work at once (libsoup alone here: 38 against 26 ms): so each column
 * is measured both ways, from idle as a refresh on a timer starts, and
 * awake, after both cores were kept busy for a tenth of a second. */
typedef enum
{
  START_IDLE,
  START_AWAKE,
  N_STARTS
} Start;

static Start start_mode;

static gpointer
spin (gpointer data)
{
  gint64 until = *(const gint64 *) data;
  volatile guint64 turns = 0;

  while (g_get_real_time () < until)
    turns++;

  return NULL;
}

static void
wait_for_next_second (void)
{
  gint64 now = g_get_real_time ();
  gint64 next = now - now % G_USEC_PER_SEC + G_USEC_PER_SEC;
  GThread *other;

  if (start_mode == START_IDLE)
    {
      g_usleep (next - now);
      return;
    }
  if (next - now < G_USEC_PER_SEC / 5)
    next += G_USEC_PER_SEC;
  g_usleep (next - G_USEC_PER_SEC / 10 - now);
  other = g_thread_new ("spin", spin, &next);
  spin (&next);
  g_thread_join (other);
}

/* The wall time of running @argv, in ms; its CPU time in @cpu_ms if not NULL. */
static double
run_timed_cpu (const char *const *argv,
               const char        *stdin_text,
               double            *cpu_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 cpu = cpu_us (RUSAGE_CHILDREN);

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                     | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  /* Reaped, so its CPU time is counted. */
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed", argv[0]);
  if (cpu_ms != NULL)
    *cpu_ms = (cpu_us (RUSAGE_CHILDREN) - cpu) / 1000.0;

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
run_timed (const char *const *argv,
           const char        *stdin_text)
{
  return run_timed_cpu (argv, stdin_text, NULL);
}

/* libsoup's own floor, the third column: the same URLs fetched by libsoup
 * alone on this thread, over as many connections as the engine uses (64:
 * 16 sessions of 4, no authentication manager), each body read whole and
 * dropped. Nothing extracted, stored or announced: what the engine adds to
 * it is its own cost, what it takes beyond curl is libsoup's. (Reading with
 * soup_session_send_and_read_async() instead costs a quarter more here.) */
#define FLOOR_SESSIONS 16
#define FLOOR_CONNECTIONS 4

typedef struct _Lean Lean;

typedef struct
{
  SoupSession *sessions[FLOOR_SESSIONS];
  const char  *base;
  guint        next;
  guint        done;
  Lean        *lean;   /* the fourth column: does the same work as the engine */
} Floor;

typedef struct
{
  Floor        *floor;
  guint         index;
  GInputStream *stream;
  gsize         length;
  GByteArray   *body;  /* kept only for the fourth column */
} FloorFetch;

static void lean_take (Lean       *lean,
                       guint       index,
                       GByteArray *body);

static void floor_send_next (Floor *floor);

/* Reads what has arrived without waiting, then waits with one source: the
 * cheapest way libsoup offers to read a body (the engine reads the same way). */
static gboolean
floor_read (GObject  *source,
            gpointer  user_data)
{
  FloorFetch *fetch = user_data;
  guint8 buffer[16 * 1024];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize size = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (fetch->stream),
                                                              buffer, sizeof buffer, NULL, &error);

      if (size > 0)
        {
          fetch->length += size;
          if (fetch->body != NULL)
            g_byte_array_append (fetch->body, buffer, (guint) size);
          continue;
        }
      if (size < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_autoptr(GSource) readable = g_pollable_input_stream_create_source (
            G_POLLABLE_INPUT_STREAM (fetch->stream), NULL);

          g_source_set_callback (readable, G_SOURCE_FUNC (floor_read), fetch, NULL);
          g_source_attach (readable, NULL);
          return G_SOURCE_REMOVE;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (fetch->length, >, 0);
      g_object_unref (fetch->stream);
      if (fetch->body != NULL)
        lean_take (fetch->floor->lean, fetch->index, fetch->body);
      fetch->floor->done++;
      floor_send_next (fetch->floor);
      g_free (fetch);
      return G_SOURCE_REMOVE;
    }
}

static void
floor_sent_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FloorFetch *fetch = user_data;
  g_autoptr(GError) error = NULL;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  floor_read (NULL, fetch);
}

static void
floor_send_next (Floor *floor)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  FloorFetch *fetch;
  guint i;

  if (floor->next == N_FEEDS)
    return;
  i = floor->next++;
  url = g_strdup_printf ("%s/bench?feed=%u", floor->base, i);
  message = soup_message_new (SOUP_METHOD_GET, url);
  fetch = g_new0 (FloorFetch, 1);
  fetch->floor = floor;
  fetch->index = i;
  if (floor->lean != NULL)
    fetch->body = g_byte_array_sized_new (64);
  soup_session_send_async (floor->sessions[i % FLOOR_SESSIONS], message, G_PRIORITY_DEFAULT,
                           NULL, floor_sent_cb, fetch);
}

static void
floor_init (Floor      *floor,
            const char *base)
{
  floor->base = base;
  for (guint i = 0; i < FLOOR_SESSIONS; i++)
    {
      floor->sessions[i] = soup_session_new_with_options ("max-conns-per-host",
                                                          FLOOR_CONNECTIONS, NULL);
      soup_session_remove_feature_by_type (floor->sessions[i], SOUP_TYPE_AUTH_MANAGER);
    }
}

static void
floor_clear (Floor *floor)
{
  for (guint i = 0; i < FLOOR_SESSIONS; i++)
    g_clear_object (&floor->sessions[i]);
}

/* One fetch of the 500 URLs by libsoup alone: its wall time in ms, its CPU
 * time in @cpu_ms. */
static double
time_floor (Floor  *floor,
            double *cpu_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 cpu = cpu_us (RUSAGE_SELF);

  floor->next = 0;
  floor->done = 0;
  for (guint i = 0; i < FLOOR_SESSIONS * FLOOR_CONNECTIONS; i++)
    floor_send_next (floor);
  while (floor->done < N_FEEDS)
    g_main_context_iteration (NULL, TRUE);
  *cpu_ms = (cpu_us (RUSAGE_SELF) - cpu) / 1000.0;

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The fourth column: libsoup, json-glib and SQLite doing the engine's work
 * without the engine. The floor's fetches; each body parsed by json-glib and
 * its value found by the feeds' JSONPath (one parser and one compiled path
 * for all); the feed's row and one sample written to a copy of the same
 * project file on a second thread, 64 results to a transaction as the
 * engine writes them (the last one takes the rest), with the file's SQLite
 * settings (rollback journal, full sync, foreign keys). No checks, no reading
 * what it overwrites, no announcing, no state per feed, no deadline: what
 * the engine takes beyond this is its own cost, what this takes beyond curl
 * is the libraries' for the work the figure asks for. */
#define LEAN_BATCH 64

typedef struct
{
  guint  index;
  double value;
} LeanResult;

struct _Lean
{
  JsonParser  *parser;
  JsonPath    *path;
  sqlite3     *db;
  gint64       feed_ids[N_FEEDS];  /* by the number in the feed's URL */
  gint64       kpi_ids[N_FEEDS];
  GAsyncQueue *queue;              /* of LeanResult, then &stop */
  GThread     *thread;
  gint64       now;
  GMutex       lock;
  GCond        cond;
  guint        written;            /* this round's, under lock */
  int          stop;               /* its address, queued, ends the writer */
};

static void
lean_take (Lean       *lean,
           guint       index,
           GByteArray *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) matches = NULL;
  LeanResult *result = g_new (LeanResult, 1);

  json_parser_load_from_data (lean->parser, (const char *) body->data, body->len, &error);
  g_assert_no_error (error);
  matches = json_path_match (lean->path, json_parser_get_root (lean->parser));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (matches)), ==, 1);
  result->index = index;
  result->value = json_array_get_double_element (json_node_get_array (matches), 0);
  g_byte_array_unref (body);
  g_async_queue_push (lean->queue, result);
}

static void
lean_exec (sqlite3    *db,
           const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static gpointer
lean_write (gpointer data)
{
  Lean *lean = data;
  sqlite3_stmt *update = NULL, *insert = NULL;
  guint taken = 0;  /* of this round's results */

  g_assert_cmpint (sqlite3_prepare_v2 (lean->db,
                                       "UPDATE feed SET last_attempt_at = ?1,"
                                       " last_success_at = ?1, modified_at = ?1 WHERE id = ?2",
                                       -1, &update, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (lean->db,
                                       "INSERT INTO kpi_sample (kpi_id, time, value, source)"
                                       " VALUES (?, ?, ?, 'json') ON CONFLICT (kpi_id, time)"
                                       " DO UPDATE SET value = excluded.value",
                                       -1, &insert, NULL), ==, SQLITE_OK);
  for (;;)
    {
      LeanResult *batch[LEAN_BATCH];
      guint n = 0;

      /* Full batches, and what is left at the end of a round; the end
       * comes between rounds. */
      while (n < LEAN_BATCH && taken + n < N_FEEDS)
        {
          gpointer item = g_async_queue_pop (lean->queue);

          if (item == &lean->stop)
            goto out;
          batch[n++] = item;
        }
      taken = (taken + n) % N_FEEDS;

      lean_exec (lean->db, "BEGIN IMMEDIATE");
      for (guint i = 0; i < n; i++)
        {
          sqlite3_bind_int64 (update, 1, lean->now);
          sqlite3_bind_int64 (update, 2, lean->feed_ids[batch[i]->index]);
          g_assert_cmpint (sqlite3_step (update), ==, SQLITE_DONE);
          sqlite3_reset (update);
          sqlite3_bind_int64 (insert, 1, lean->kpi_ids[batch[i]->index]);
          sqlite3_bind_int64 (insert, 2, lean->now);
          sqlite3_bind_double (insert, 3, batch[i]->value);
          g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
          sqlite3_reset (insert);
          g_free (batch[i]);
        }
      lean_exec (lean->db, "COMMIT");

      g_mutex_lock (&lean->lock);
      lean->written += n;
      g_cond_signal (&lean->cond);
      g_mutex_unlock (&lean->lock);
    }
out:
  sqlite3_finalize (update);
  sqlite3_finalize (insert);

  return NULL;
}

/* @path: a copy of the engine's project file. */
static void
lean_init (Lean       *lean,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  lean->parser = json_parser_new_immutable ();
  lean->path = json_path_new ();
  json_path_compile (lean->path, "$.nps", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &lean->db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  lean_exec (lean->db, "PRAGMA foreign_keys = ON");
  g_assert_cmpint (sqlite3_prepare_v2 (lean->db, "SELECT id, kpi_id, url FROM feed", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *number = strrchr ((const char *) sqlite3_column_text (stmt, 2), '=');
      guint index = (guint) strtoul (number + 1, NULL, 10);

      g_assert_cmpuint (index, <, N_FEEDS);
      lean->feed_ids[index] = sqlite3_column_int64 (stmt, 0);
      lean->kpi_ids[index] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  lean->queue = g_async_queue_new ();
  g_mutex_init (&lean->lock);
  g_cond_init (&lean->cond);
  lean->thread = g_thread_new ("lean-writer", lean_write, lean);
}

static void
lean_clear (Lean *lean)
{
  g_async_queue_push (lean->queue, &lean->stop);
  g_thread_join (lean->thread);
  g_async_queue_unref (lean->queue);
  sqlite3_close (lean->db);
  g_clear_object (&lean->parser);
  g_clear_object (&lean->path);
  g_mutex_clear (&lean->lock);
  g_cond_clear (&lean->cond);
}

/* One round of the fourth column, in a second of its own as the engine's
 * are, until the results are in the file: its wall time in ms, its CPU time
 * (all threads) in @cpu_ms. */
static double
time_lean (Floor  *floor,
           double *cpu_ms)
{
  Lean *lean = floor->lean;
  gint64 start, cpu;
  double unused;

  wait_for_next_second ();
  start = g_get_monotonic_time ();
  cpu = cpu_us (RUSAGE_SELF);
  lean->now = g_get_real_time () / G_USEC_PER_SEC;
  g_mutex_lock (&lean->lock);
  lean->written = 0;
  g_mutex_unlock (&lean->lock);
  time_floor (floor, &unused);
  g_mutex_lock (&lean->lock);
  while (lean->written < N_FEEDS)
    g_cond_wait (&lean->cond, &lean->lock);
  g_mutex_unlock (&lean->lock);
  *cpu_ms = (cpu_us (RUSAGE_SELF) - cpu) / 1000.0;

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* This process's CPU time so far by thread, in ms, from /proc: the fetch
 * threads, GLib's pool threads (the writer among them) and the main
 * thread; FALSE where the kernel does not say. A thread that ends while
 * it is read is skipped, as its time is gone with it. */
enum { THREAD_FETCH, THREAD_POOL, THREAD_MAIN, N_THREAD_KINDS };

static gboolean
thread_cpu_ms (double ms[N_THREAD_KINDS])
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  g_autofree char *main_tid = g_strdup_printf ("%d", (int) getpid ());
  const char *tid;
  gboolean found_main = FALSE;

  memset (ms, 0, N_THREAD_KINDS * sizeof (double));
  if (dir == NULL)
    return FALSE;
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *stat_path = g_strdup_printf ("/proc/self/task/%s/schedstat", tid);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      int kind;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL)
          || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      g_strstrip (comm);
      if (g_str_equal (tid, main_tid))
        {
          kind = THREAD_MAIN;
          found_main = TRUE;
        }
      else if (g_str_equal (comm, "waymark-feeds"))
        kind = THREAD_FETCH;
      else if (g_str_has_prefix (comm, "pool"))
        kind = THREAD_POOL;
      else
        continue;
      ms[kind] += g_ascii_strtod (stat, NULL) / 1e6;
    }

  return found_main;
}

/* One refresh of them all in a second of its own (every feed's times
 * change, so every result is written, as when a user refreshes), until the
 * results are in the file: its wall time in ms, its CPU time in @cpu_ms,
 * and by kind of thread in @by_thread unless NULL (FALSE there when the
 * kernel does not say). */
static double
time_refresh (WmFeeds  *feeds,
              double   *cpu_ms,
              double    by_thread[N_THREAD_KINDS],
              gboolean *have_threads)
{
  double before[N_THREAD_KINDS], after[N_THREAD_KINDS];
  g_autoptr(GPtrArray) outcomes = NULL;
  gint64 start, cpu;
  double ms;

  /* Let the pending write of the last round finish outside the timing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  wait_for_next_second ();
  last_tick = 0;
  if (by_thread != NULL)
    *have_threads &= thread_cpu_ms (before);
  start = g_get_monotonic_time ();
  cpu = cpu_us (RUSAGE_SELF);
  outcomes = refresh_all (feeds);
  /* One more turn writes them. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  *cpu_ms = (cpu_us (RUSAGE_SELF) - cpu) / 1000.0;
  if (by_thread != NULL)
    {
      *have_threads &= thread_cpu_ms (after);
      for (guint kind = 0; kind < N_THREAD_KINDS; kind++)
        by_thread[kind] = after[kind] - before[kind];
    }

  for (guint i = 0; i < outcomes->len; i++)
    g_assert_no_error (((WmFeedOutcome *) g_ptr_array_index (outcomes, i))->error);

  return ms;
}

static void
bench_feeds (const char *dir,
             const char *base)
{
  g_autoptr(WmStore) store = make_project (dir, "feeds.waymark", N_FEEDS, base, "/bench");
  g_autoptr(WmFeeds) feeds = wm_feeds_new (store);
  g_autofree char *config_path = g_build_filename (dir, "curl.conf", NULL);
  g_autoptr(GString) config = g_string_new (NULL);
  double ours[FEEDS_ROUNDS], ours_cpu[FEEDS_ROUNDS], curl[FEEDS_ROUNDS], curl_cpu[FEEDS_ROUNDS];
  double alone[FEEDS_ROUNDS], alone_cpu[FEEDS_ROUNDS], lean[FEEDS_ROUNDS], lean_cpu[FEEDS_ROUNDS];
  double wall_ours, wall_curl, wall_alone, wall_lean, cpu_ms;
  double by_thread[FEEDS_ROUNDS][N_THREAD_KINDS], of_kind[FEEDS_ROUNDS];
  gboolean have_threads = TRUE;
  g_autofree char *lean_path = g_build_filename (dir, "lean.waymark", NULL);
  g_autoptr(GFile) project_file = g_file_new_build_filename (dir, "feeds.waymark", NULL);
  g_autoptr(GFile) lean_file = g_file_new_for_path (lean_path);
  g_autoptr(GError) error = NULL;
  Floor floor = { 0 };
  Lean lean_work = { 0 };
  guint tick_id;
  /* curl keeps its own connection reuse; 64 at once, as many as we send to
   * one server (its default of 50 measures the same here). */
  const char *curl_argv[] = { "curl", "--parallel", "--parallel-max", "64", "-s", "-f",
                              "-K", config_path, NULL };

  for (guint i = 0; i < N_FEEDS; i++)
    g_string_append_printf (config, "url = \"%s/bench?feed=%u\"\noutput = \"/dev/null\"\n",
                            base, i);
  g_assert_true (g_file_set_contents (config_path, config->str, -1, NULL));

  /* A warm-up round each, so none pays for cold caches. */
  g_ptr_array_unref (refresh_all (feeds));
  run_timed (curl_argv, NULL);
  floor_init (&floor, base);
  time_floor (&floor, &cpu_ms);
  g_file_copy (project_file, lean_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lean_init (&lean_work, lean_path);
  floor.lean = &lean_work;
  time_lean (&floor, &cpu_ms);
  floor.lean = NULL;

  for (start_mode = 0; start_mode < N_STARTS; start_mode++)
    {
      const char *how = start_mode == START_IDLE ? "from idle" : "awake";

      /* Turn about, so that a machine that runs faster or slower for a
       * while (a shared virtual machine does) weighs on all alike. */
      for (guint round = 0; round < FEEDS_ROUNDS; round++)
        {
          ours[round] = time_refresh (feeds, &ours_cpu[round], by_thread[round],
                                      &have_threads);
          wait_for_next_second ();
          curl[round] = run_timed_cpu (curl_argv, NULL, &curl_cpu[round]);
          wait_for_next_second ();
          alone[round] = time_floor (&floor, &alone_cpu[round]);
          floor.lean = &lean_work;
          lean[round] = time_lean (&floor, &lean_cpu[round]);
          floor.lean = NULL;
        }

      wall_ours = median (ours, FEEDS_ROUNDS);
      wall_curl = median (curl, FEEDS_ROUNDS);
      wall_alone = median (alone, FEEDS_ROUNDS);
      wall_lean = median (lean, FEEDS_ROUNDS);
      printf ("feeds, %s: %d feeds refreshed (fetched, extracted, stored, announced) in %.1f ms "
              "(%.1f ms CPU); curl --parallel fetching the same URLs: %.1f ms (%.1f ms CPU); "
              "ratio %.2f (goal <= 1.2); medians of %d rounds, taken in turn\n",
              how, N_FEEDS, wall_ours, median (ours_cpu, FEEDS_ROUNDS), wall_curl,
              median (curl_cpu, FEEDS_ROUNDS), wall_ours / wall_curl, FEEDS_ROUNDS);
      if (have_threads)
        {
          printf ("feeds, %s: the engine's CPU per refresh by thread (medians):", how);
          for (guint kind = 0; kind < N_THREAD_KINDS; kind++)
            {
              for (guint round = 0; round < FEEDS_ROUNDS; round++)
                of_kind[round] = by_thread[round][kind];
              printf ("%s %.1f ms", kind == THREAD_FETCH ? " fetch threads"
                                    : kind == THREAD_POOL ? ", writer (in GLib's pool)"
                                    : ", main thread", median (of_kind, FEEDS_ROUNDS));
            }
          printf ("\n");
        }
      printf ("feeds, %s: libsoup alone fetching the same URLs (bodies read, nothing stored): "
              "%.1f ms (%.1f ms CPU), %.2f× curl; the engine takes %.2f× libsoup alone\n", how,
              wall_alone, median (alone_cpu, FEEDS_ROUNDS), wall_alone / wall_curl,
              wall_ours / wall_alone);
      printf ("feeds, %s: libsoup, json-glib and SQLite alone doing the same work (parsed, the "
              "value found by the same JSONPath, feed row and sample written in transactions of "
              "up to %d on a second thread): %.1f ms (%.1f ms CPU), %.2f× curl; the engine takes "
              "%.2f× that\n", how, LEAN_BATCH, wall_lean, median (lean_cpu, FEEDS_ROUNDS),
              wall_lean / wall_curl, wall_ours / wall_lean);
    }
  start_mode = START_IDLE;
  floor_clear (&floor);
  lean_clear (&lean_work);

  /* Stalls in rounds of their own: the probe wakes the main loop every
   * millisecond, which would weigh on the rounds it times. */
  longest_stall = 0;
  longest_busy = 0;
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, NULL, NULL);
  for (guint round = 0; round < STALL_ROUNDS; round++)
    time_refresh (feeds, &cpu_ms, NULL, NULL);
  g_source_remove (tick_id);

  printf ("feeds: longest main-loop stall during %d refreshes of %d feeds: %.1f ms "
          "(goal <= 16); the main thread's own work in any one gap: at most %.1f ms\n",
          STALL_ROUNDS, N_FEEDS, longest_stall / 1000.0, longest_busy / 1000.0);
}

static void
bench_nps (const char *dir,
           const char *cli)
{
  g_autoptr(WmStore) store = make_project (dir, "answers.waymark", 1, "http://127.0.0.1:1",
                                           "/x");
  g_autofree char *path = g_strdup (wm_store_get_path (store));
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  double best_ours = G_MAXDOUBLE, best_sqlite = G_MAXDOUBLE;
  const char *query = "SELECT round((100.0 * sum(score >= 9) - 100.0 * sum(score <= 6))"
                      " / count(*), 6), count(*) FROM kpi_response WHERE kpi_id = 1;";

  g_clear_object (&store);

  /* The answers go in directly: this measures reading them, not adding them. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
                         " WHERE i < %d) INSERT INTO kpi_response (kpi_id, time, score, source)"
                         " SELECT 1, 1700000000 + i, (i * 7919) %% 11, 'bench' FROM n;",
                         N_ANSWERS - 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  for (guint round = 0; round < NPS_ROUNDS + 1; round++)
    {
      const char *ours[] = { cli, "kpi", path, "compute", "1", NULL };
      const char *theirs[] = { "sqlite3", path, query, NULL };
      double a = run_timed (ours, NULL);
      double b = run_timed (theirs, NULL);

      if (round > 0)
        {
          best_ours = MIN (best_ours, a);
          best_sqlite = MIN (best_sqlite, b);
        }
    }

  printf ("nps: %d raw answers, `waymark-cli kpi FILE compute` %.1f ms; sqlite3 on the same "
          "table %.1f ms; ratio %.2f (goal <= 1.5); the best of %d runs each, taken in turn\n",
          N_ANSWERS, best_ours, best_sqlite, best_ours / best_sqlite, NPS_ROUNDS);
}

static long
peak_rss_of_refresh (const char *self_exe,
                     const char *url)
{
  const char *argv[] = { self_exe, "--memory", url, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  return strtol (out, NULL, 10);
}

/* In a process of its own: one refresh of one feed, then the peak RSS. */
static int
memory_child (const char *url)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-bench-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "memory.waymark", NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmFeeds) feeds = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  struct rusage usage;
  WmFeedOutcome *outcome;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  store = make_project (dir, "memory.waymark", 1, url, "");
  feeds = wm_feeds_new (store);
  outcomes = refresh_all (feeds);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_error (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_TOO_LARGE);

  getrusage (RUSAGE_SELF, &usage);
  printf ("%ld\n", usage.ru_maxrss);

  g_clear_pointer (&outcomes, g_ptr_array_unref);
  g_clear_object (&feeds);
  g_clear_object (&store);
  g_unlink (file);
  g_rmdir (dir);

  return 0;
}

static int
refresh_child (const char *base,
               guint       rounds)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-bench-XXXXXX", NULL);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmFeeds) feeds = NULL;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  store = make_project (dir, "feeds.waymark", N_FEEDS, base, "/bench");
  feeds = wm_feeds_new (store);
  if (g_getenv ("WAYMARK_BENCH_AWAKE") != NULL)
    start_mode = START_AWAKE;
  /* Under `valgrind --tool=callgrind --instr-atstart=no`, only the rounds
   * count (in every thread). */
  CALLGRIND_START_INSTRUMENTATION;
  for (guint round = 0; round < rounds; round++)
    {
      gint64 start;
      struct rusage before, after;

      /* A round in a second of its own: every feed's times change, so
       * every result is written, as when a user refreshes. */
      wait_for_next_second ();
      start = g_get_monotonic_time ();

      getrusage (RUSAGE_SELF, &before);
      g_ptr_array_unref (refresh_all (feeds));
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      getrusage (RUSAGE_SELF, &after);
      printf ("round %u: %.1f ms wall, %.1f ms user, %.1f ms system, %ld+%ld context "
              "switches\n", round, (g_get_monotonic_time () - start) / 1000.0,
              ((after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e6
               + after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1000.0,
              ((after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e6
               + after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1000.0,
              after.ru_nvcsw - before.ru_nvcsw, after.ru_nivcsw - before.ru_nivcsw);
    }
  CALLGRIND_STOP_INSTRUMENTATION;
  g_clear_object (&feeds);
  g_clear_object (&store);
  remove_tree (dir);

  return 0;
}

/* The fourth column alone, for profiling as refresh_child() profiles the
 * engine. */
static int
lean_child (const char *base,
            guint       rounds)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "feeds.waymark", NULL);
  Floor floor = { 0 };
  Lean lean = { 0 };

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_object_unref (make_project (dir, "feeds.waymark", N_FEEDS, base, "/bench"));
  floor_init (&floor, base);
  lean_init (&lean, path);
  floor.lean = &lean;
  CALLGRIND_START_INSTRUMENTATION;
  for (guint round = 0; round < rounds; round++)
    {
      double cpu_ms;
      double ms = time_lean (&floor, &cpu_ms);

      printf ("round %u: %.1f ms wall, %.1f ms CPU\n", round, ms, cpu_ms);
    }
  CALLGRIND_STOP_INSTRUMENTATION;
  floor_clear (&floor);
  lean_clear (&lean);
  remove_tree (dir);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *bomb = NULL;
  long huge_kib, bomb_kib;

  if (argc == 3 && g_str_equal (argv[1], "--memory"))
    return memory_child (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--refresh"))
    return refresh_child (argv[2], (guint) strtoul (argv[3], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "--lean"))
    return lean_child (argv[2], (guint) strtoul (argv[3], NULL, 10));
  if (argc != 3)
    {
      g_printerr ("usage: wm-bench-feeds SERVER-EXE WAYMARK-CLI\n");
      return 2;
    }

  dir = g_dir_make_tmp ("waymark-bench-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);

  /* The server in its own process, as a real backend is. */
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, argv[1], NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  base = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (base);

  /* Stalls of a few milliseconds are the scheduler's on a busy machine. */
  {
    g_autofree char *load = NULL;

    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      printf ("load average while measuring: %s", load);
  }

  bench_feeds (dir, base);
  bench_nps (dir, argv[2]);

  huge = g_strconcat (base, "/huge", NULL);
  bomb = g_strconcat (base, "/bomb", NULL);
  huge_kib = peak_rss_of_refresh (argv[0], huge);
  bomb_kib = peak_rss_of_refresh (argv[0], bomb);
  printf ("memory: peak RSS of a refresh against a 200 MB body: %.1f MB; against a gzip bomb "
          "(64 MB of zeros in 64 KB): %.1f MB (goal < 50 MB each)\n",
          huge_kib / 1024.0, bomb_kib / 1024.0);

  g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
  g_subprocess_wait (server, NULL, NULL);

  remove_tree (dir);

  return 0;
}
