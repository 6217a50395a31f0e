/* wm-feeds.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-feeds"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "wm-feeds.h"
#include "wm-secrets.h"
#include "wm-trust.h"

/* Bodies above this are extracted in a thread of the pool, so parsing a
 * large answer does not hold up the other fetches. */
#define EXTRACT_IN_THREAD_BYTES (256 * 1024)
#define READ_CHUNK_BYTES (64 * 1024)
/* Read in one turn of the fetch thread's loop before the others get theirs. */
#define READS_PER_TURN 16
/* A Prometheus feed's first fetch backfills this much history. */
#define BACKFILL_SECONDS (30 * 24 * 3600)
#define PROMETHEUS_MAX_POINTS 10000
/* Fetches sent to one server at a time (curl --parallel's default is 50);
 * the others wait in the fetch thread. libsoup looks through every message
 * a session holds, and probes every idle connection of the session with a
 * read, each time it looks for a connection: handed all of a project's
 * feeds at once, it spent more time on that than on fetching. So the
 * fetches are spread over a few sessions with a few connections each. */
#define N_SESSIONS 4
#define FETCHES_PER_SESSION 16
#define FETCHES_PER_HOST (N_SESSIONS * FETCHES_PER_SESSION)
/* What a finished fetch gives. */
typedef struct
{
  GArray   *samples;        /* NULL when not modified (304) */
  char     *etag;
  char     *last_modified;
} FetchResult;

/* Work done in one turn of the main loop before it draws again. */
#define FINISH_BUDGET_US 3000
#define START_BUDGET_US 3000

/* The main loop (the window's) only starts fetches, hands their results to
 * be stored and announces them. The fetches themselves run in a thread of
 * their own on its own main context: hundreds of answers arriving together
 * would otherwise be read and parsed in one turn of the window's loop. The
 * results are stored by another thread on a connection of its own to the
 * file, since a commit's fsync alone takes tens of milliseconds; the
 * window's store then announces them (wm_store_announce_commit()). */
struct _WmFeeds
{
  GObject       parent_instance;

  WmStore      *store;
  GCancellable *cancellable;     /* every fetch under way; cancelled by stop */
  gboolean      trusted;
  gboolean      running;
  guint         n_active;        /* refreshes started and not yet stored */
  guint         n_fetching;      /* of those, the ones still fetching */
  guint         timer_id;
  gulong        changed_id;
  GHashTable   *in_flight;       /* feed ids fetched or waiting to be written */
  GPtrArray    *pending;         /* Write: outcomes waiting to be stored */
  guint         flush_id;
  gboolean      writing;         /* a Batch is with the writer */
  GQueue       *to_start;        /* GTask of a refresh (task data: the feed) not yet started */
  guint         start_id;
  GQueue       *finishing;       /* Write: stored, their tasks still to complete */
  guint         finish_id;

  GMainContext *main_context;    /* where tasks complete and signals are emitted */
  GThread      *thread;          /* the fetch thread */
  GMainContext *thread_context;
  GMainLoop    *thread_loop;
  SoupSession  *sessions[N_SESSIONS]; /* made, used and freed in the fetch thread */
  GHashTable   *hosts;           /* fetch thread: "host:port" → Host */
  GHashTable   *waiting;         /* fetch thread: cancellable → GTask of a waiting Fetch */
  GMutex        done_lock;
  GPtrArray    *done;            /* Job: fetched, under done_lock */
  gboolean      done_scheduled;  /* under done_lock */

  GThreadPool  *writer;          /* one thread; a job is a Batch */
  WmStore      *writer_store;    /* opened and used in the writer thread only */
  gboolean      announcing;      /* our own results come back as "changed" */

  GHashTable   *secret_feeds;    /* id → uuid of the feeds that sign in */
};

/* A fetch handed from the main loop to the fetch thread and back. */
typedef struct
{
  WmFeeds      *self;            /* no reference: the task holds one */
  GTask        *task;            /* the caller's refresh or test */
  gboolean      is_test;
  WmRecord     *feed;
  WmRecord     *kpi;             /* for raw answers only */
  char         *secret;
  GCancellable *engine_cancellable;
  /* Set in the fetch thread */
  FetchResult  *result;
  GError       *error;
  gint64        started_us;
  gint64        now;
} Job;

/* The fetches of one server, in the fetch thread. */
typedef struct
{
  guint          n_sent;
  guint          n_sent_by[N_SESSIONS];
  GQueue         waiting;        /* GTask of a Fetch, not yet sent */
} Host;

/* One fetch of one feed, in the fetch thread. */
typedef struct
{
  WmFeeds       *self;
  GMainContext  *context;        /* the fetch thread's */
  WmRecord      *feed;
  WmRecord      *kpi;
  char          *secret;
  SoupMessage   *message;
  GInputStream  *stream;
  GCancellable  *cancellable;    /* this fetch: the caller's and the deadline's */
  gulong         caller_cancel_id;
  GCancellable  *caller_cancellable;
  gulong         engine_cancel_id;
  GCancellable  *engine_cancellable;
  GSource       *deadline;
  GSource       *readable;       /* waiting for more of the body */
  gboolean       timed_out;
  char          *host_key;
  Host          *host;           /* while sent and not yet ended */
  guint          session;        /* of self->sessions, while sent */
  GByteArray    *body;
  gsize          max_bytes;
  gint64         started_us;
  gint64         now;
  gint64         timeout;        /* seconds, the whole fetch's deadline */
} Fetch;

/* A queued write of one outcome. */
typedef struct
{
  WmFeedOutcome *outcome;
  GArray        *samples;
  char          *etag;
  char          *last_modified;
  gint64         attempt_at;
  GTask         *task;      /* completed once written */
  gint64         kpi_id;    /* whose samples were written, or 0 */
  gboolean       written;
} Write;

enum {
  PROP_0,
  PROP_STORE,
  PROP_TRUSTED,
  PROP_RUNNING,
  PROP_N_ACTIVE,
  N_PROPS
};

enum {
  FEED_STARTED,
  FEED_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmFeeds, wm_feeds, G_TYPE_OBJECT)

static void schedule (WmFeeds *self);
static void queue_flush (WmFeeds *self);
static gboolean flush_cb (gpointer user_data);
static void job_dispatch (Job *job);

/* Helpers */

static void
fetch_result_free (gpointer data)
{
  FetchResult *result = data;

  g_clear_pointer (&result->samples, g_array_unref);
  g_free (result->etag);
  g_free (result->last_modified);
  g_free (result);
}

static void
clear_deadline (Fetch *fetch)
{
  if (fetch->deadline == NULL)
    return;
  g_source_destroy (fetch->deadline);
  g_clear_pointer (&fetch->deadline, g_source_unref);
}

static void
clear_readable (Fetch *fetch)
{
  if (fetch->readable == NULL)
    return;
  g_source_destroy (fetch->readable);
  g_clear_pointer (&fetch->readable, g_source_unref);
}

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  clear_deadline (fetch);
  clear_readable (fetch);
  if (fetch->caller_cancellable != NULL)
    g_cancellable_disconnect (fetch->caller_cancellable, fetch->caller_cancel_id);
  g_clear_object (&fetch->caller_cancellable);
  g_cancellable_disconnect (fetch->engine_cancellable, fetch->engine_cancel_id);
  g_clear_object (&fetch->engine_cancellable);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_clear_pointer (&fetch->secret, wm_secrets_free);
  g_clear_object (&fetch->kpi);
  g_clear_object (&fetch->feed);
  g_free (fetch->host_key);
  g_main_context_unref (fetch->context);
  g_free (fetch);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_clear_object (&job->feed);
  g_clear_object (&job->kpi);
  g_clear_pointer (&job->secret, wm_secrets_free);
  g_clear_object (&job->engine_cancellable);
  g_clear_pointer (&job->result, fetch_result_free);
  g_clear_error (&job->error);
  g_free (job);
}

static void
write_free (gpointer data)
{
  Write *write = data;

  g_clear_pointer (&write->outcome, wm_feed_outcome_free);
  g_clear_pointer (&write->samples, g_array_unref);
  g_free (write->etag);
  g_free (write->last_modified);
  g_clear_object (&write->task);
  g_free (write);
}

static void
set_n_active (WmFeeds *self,
              guint    n_active)
{
  if (self->n_active == n_active)
    return;
  self->n_active = n_active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);
}

/* Turns a transport error into a WmFeedError a user can act on. */
static GError *
describe_transport_error (Fetch  *fetch,
                          GError *error)
{
  if (fetch->timed_out)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, fetch->timeout);

      return g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_TIMEOUT,
                          _("No complete answer within %s seconds."), seconds);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED,
                                _("The fetch was cancelled."));
  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS))
    return g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_REDIRECT,
                                _("The server redirects in a loop."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_NETWORK,
                                _("The server refused the connection (is it running?)."));
  if (error->domain == SOUP_SESSION_ERROR || error->domain == SOUP_TLD_ERROR)
    return g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_NETWORK,
                        _("The server’s answer could not be read: %s"), error->message);

  return g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_NETWORK,
                      _("Cannot reach the server: %s"), error->message);
}

/* A draft's unset auth reads "", a stored one's "none". */
static gboolean
feed_has_auth (WmRecord *feed)
{
  const char *auth = wm_record_get_string (feed, WM_FEED_AUTH);

  return *auth != '\0' && !g_str_equal (auth, "none");
}

static GError *
too_large_error (Fetch *fetch)
{
  g_autofree char *size = g_format_size (fetch->max_bytes);

  return g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_TOO_LARGE,
                      _("The answer is larger than %s."), size);
}

static void fetch_begin (GTask *task);

/* A fetch is over: its deadline goes, and its place goes to the next one
 * waiting for the same server. */
static void
fetch_end (Fetch *fetch)
{
  Host *host = g_steal_pointer (&fetch->host);
  GTask *next;

  clear_deadline (fetch);
  if (host == NULL)
    return;

  host->n_sent--;
  host->n_sent_by[fetch->session]--;
  next = g_queue_pop_head (&host->waiting);
  if (next != NULL)
    {
      Fetch *next_fetch = g_task_get_task_data (next);

      g_hash_table_remove (fetch->self->waiting, next_fetch->cancellable);
      fetch_begin (next);
      g_object_unref (next);
    }
}

static void
fetch_fail (GTask  *task,
            GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  fetch_end (fetch);
  g_task_return_error (task, error);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Fetch *fetch = user_data;

  g_clear_pointer (&fetch->deadline, g_source_unref);
  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  WmFeeds      *self;
  GCancellable *cancellable;
} Cancel;

static void
cancel_free (gpointer data)
{
  Cancel *cancel = data;

  g_object_unref (cancel->cancellable);
  g_free (cancel);
}

static gboolean
cancel_in_thread_cb (gpointer user_data)
{
  Cancel *cancel = user_data;
  GTask *task = NULL;

  g_cancellable_cancel (cancel->cancellable);

  /* One that was waiting for its turn ends now, not once its turn comes. */
  if (g_hash_table_steal_extended (cancel->self->waiting, cancel->cancellable, NULL,
                                   (gpointer *) &task))
    {
      Fetch *fetch = g_task_get_task_data (task);
      Host *host = g_hash_table_lookup (cancel->self->hosts, fetch->host_key);

      g_queue_remove (&host->waiting, task);
      fetch_fail (task, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED,
                                             _("The fetch was cancelled.")));
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

/* Runs in the thread that cancelled (the main loop's, mostly): the fetch's
 * own cancellable is cancelled in the fetch thread, where libsoup works. */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Fetch *fetch = user_data;
  Cancel *cancel = g_new0 (Cancel, 1);

  cancel->self = fetch->self;
  cancel->cancellable = g_object_ref (fetch->cancellable);
  g_main_context_invoke_full (fetch->context, G_PRIORITY_HIGH, cancel_in_thread_cb, cancel,
                              cancel_free);
}

static void
extract_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body));
  const char *content_type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (fetch->message), NULL);
  GError *error = NULL;
  GArray *samples;

  samples = wm_feed_extract (fetch->feed, fetch->kpi, body, content_type, fetch->now, &error);
  if (samples == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, samples, (GDestroyNotify) g_array_unref);
}

static void
extracted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  FetchResult *fetch_result;
  GError *error = NULL;
  GArray *samples;

  samples = g_task_propagate_pointer (G_TASK (result), &error);
  if (samples == NULL)
    {
      fetch_fail (task, error);
      return;
    }
  /* The deadline passed while a large answer was being parsed. */
  if (fetch->timed_out)
    {
      g_array_unref (samples);
      fetch_fail (task, describe_transport_error (fetch, NULL));
      return;
    }

  fetch_result = g_new0 (FetchResult, 1);
  fetch_result->samples = samples;
  fetch_result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  fetch_result->last_modified = g_strdup (soup_message_headers_get_one (headers,
                                                                        "Last-Modified"));
  fetch_end (fetch);
  g_task_return_pointer (task, fetch_result, fetch_result_free);
}

static void
body_complete (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GTask) extract = g_task_new (NULL, NULL, extracted_cb, g_object_ref (task));

  g_task_set_source_tag (extract, body_complete);
  g_task_set_task_data (extract, fetch, NULL);

  /* The deadline still holds while extracting; the thread cannot be
   * interrupted, but its result is dropped if the deadline passed. */
  if (fetch->body->len > EXTRACT_IN_THREAD_BYTES)
    g_task_run_in_thread (extract, extract_in_thread);
  else
    extract_in_thread (extract, NULL, fetch, NULL);
}

static void read_body (GTask *task);

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
  GTask *task = user_data;
  Fetch *fetch = g_task_get_task_data (task);

  g_clear_pointer (&fetch->readable, g_source_unref);
  read_body (task);

  return G_SOURCE_REMOVE;
}

/* Reads what has arrived of the body without waiting, straight into it,
 * and waits for the rest with one source: a small answer is read in the
 * turn its headers arrived, with no operation of its own per read. */
static void
read_body (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  GPollableInputStream *stream = G_POLLABLE_INPUT_STREAM (fetch->stream);

  for (guint i = 0; i < READS_PER_TURN; i++)
    {
      guint len = fetch->body->len;
      GError *error = NULL;
      gssize size;

      g_byte_array_set_size (fetch->body, len + READ_CHUNK_BYTES);
      size = g_pollable_input_stream_read_nonblocking (stream, fetch->body->data + len,
                                                       READ_CHUNK_BYTES, fetch->cancellable,
                                                       &error);
      g_byte_array_set_size (fetch->body, len + MAX (size, 0));

      if (size == 0)
        {
          body_complete (task);
          return;
        }
      if (size < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          break;
        }
      if (size < 0)
        {
          fetch_fail (task, describe_transport_error (fetch, error));
          g_error_free (error);
          return;
        }

      /* Counted over decoded bytes: a gzip bomb stops here at max_bytes. */
      if (fetch->body->len > fetch->max_bytes)
        {
          g_cancellable_cancel (fetch->cancellable);
          fetch_fail (task, too_large_error (fetch));
          return;
        }
    }

  /* The stream's source also fires when the fetch is cancelled. */
  fetch->readable = g_pollable_input_stream_create_source (stream, fetch->cancellable);
  g_source_set_callback (fetch->readable, G_SOURCE_FUNC (readable_cb), g_object_ref (task),
                         g_object_unref);
  g_source_attach (fetch->readable, fetch->context);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  guint status;
  goffset length;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (fetch->stream == NULL)
    {
      fetch_fail (task, describe_transport_error (fetch, error));
      g_error_free (error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  headers = soup_message_get_response_headers (fetch->message);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      FetchResult *fetch_result = g_new0 (FetchResult, 1);

      fetch_end (fetch);
      g_task_return_pointer (task, fetch_result, fetch_result_free);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      fetch_fail (task, g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                                     _("The server refused the credentials (%u %s)."),
                                     status, soup_message_get_reason_phrase (fetch->message)));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fetch_fail (task, g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_HTTP,
                                     _("The server answered %u %s."),
                                     status, soup_message_get_reason_phrase (fetch->message)));
      return;
    }

  /* Refuse early what says it is too large; what lies is caught while reading. */
  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_one (headers, "Content-Encoding") == NULL
      && length > (goffset) fetch->max_bytes)
    {
      g_cancellable_cancel (fetch->cancellable);
      fetch_fail (task, too_large_error (fetch));
      return;
    }

  if (!G_IS_POLLABLE_INPUT_STREAM (fetch->stream)
      || !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (fetch->stream)))
    {
      fetch_fail (task, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_NETWORK,
                                             _("The server’s answer could not be read.")));
      return;
    }
  fetch->body = g_byte_array_new ();
  read_body (task);
}

static void
add_auth (Fetch              *fetch,
          SoupMessageHeaders *headers)
{
  const char *auth = wm_record_get_string (fetch->feed, WM_FEED_AUTH);

  if (fetch->secret == NULL)
    return;

  if (g_str_equal (auth, "bearer"))
    {
      g_autofree char *value = g_strconcat ("Bearer ", fetch->secret, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  else if (g_str_equal (auth, "basic"))
    {
      g_autofree char *pair = g_strconcat (wm_record_get_string (fetch->feed, WM_FEED_AUTH_USER), ":",
                                           fetch->secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  else if (g_str_equal (auth, "header"))
    soup_message_headers_replace (headers, wm_record_get_string (fetch->feed, WM_FEED_AUTH_HEADER),
                                  fetch->secret);
}

static void
fetch_send (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  Host *host;
  GError *error = NULL;
  gint64 start = 0, end = 0, step = 0;
  const char *auth = wm_record_get_string (fetch->feed, WM_FEED_AUTH);

  if (feed_has_auth (fetch->feed) && fetch->secret == NULL)
    {
      fetch_fail (task, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                                             _("The feed’s secret is not in the keyring on "
                                               "this computer; enter it again.")));
      return;
    }
  if (g_str_equal (auth, "header") && *wm_record_get_string (fetch->feed, WM_FEED_AUTH_HEADER) == '\0')
    {
      fetch_fail (task, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                                             _("The feed names no header for its secret.")));
      return;
    }

  /* A Prometheus feed's first fetch brings its history along. */
  if (wm_feed_type_from_string (wm_record_get_string (fetch->feed, WM_FEED_TYPE))
        == WM_FEED_TYPE_PROMETHEUS
      && !wm_record_is_set (fetch->feed, WM_FEED_LAST_SUCCESS_AT))
    {
      end = fetch->now;
      start = end - BACKFILL_SECONDS;
      step = MAX (wm_record_get_int (fetch->feed, WM_FEED_INTERVAL_SECONDS),
                  BACKFILL_SECONDS / PROMETHEUS_MAX_POINTS + 1);
    }

  uri = wm_feed_build_uri (fetch->feed, start, end, step, &error);
  if (uri == NULL)
    {
      fetch_fail (task, error);
      return;
    }

  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (fetch->message);
  soup_message_headers_replace (headers, "Accept",
                                "application/json, text/csv;q=0.9, */*;q=0.1");
  add_auth (fetch, headers);
  if (*wm_record_get_string (fetch->feed, WM_FEED_ETAG) != '\0')
    soup_message_headers_replace (headers, "If-None-Match",
                                  wm_record_get_string (fetch->feed, WM_FEED_ETAG));
  if (*wm_record_get_string (fetch->feed, WM_FEED_LAST_MODIFIED) != '\0')
    soup_message_headers_replace (headers, "If-Modified-Since",
                                  wm_record_get_string (fetch->feed, WM_FEED_LAST_MODIFIED));

  fetch->host_key = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  host = g_hash_table_lookup (fetch->self->hosts, fetch->host_key);
  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      g_hash_table_insert (fetch->self->hosts, g_strdup (fetch->host_key), host);
    }
  if (host->n_sent >= FETCHES_PER_HOST)
    {
      g_queue_push_tail (&host->waiting, g_object_ref (task));
      g_hash_table_insert (fetch->self->waiting, fetch->cancellable, g_object_ref (task));
      return;
    }

  fetch_begin (task);
}

/* Sends the fetch's message; the deadline counts from here. */
static void
fetch_begin (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  fetch->host = g_hash_table_lookup (fetch->self->hosts, fetch->host_key);
  fetch->host->n_sent++;
  /* The session with the fewest fetches to this server. */
  fetch->session = 0;
  for (guint i = 1; i < N_SESSIONS; i++)
    {
      if (fetch->host->n_sent_by[i] < fetch->host->n_sent_by[fetch->session])
        fetch->session = i;
    }
  fetch->host->n_sent_by[fetch->session]++;
  fetch->deadline = g_timeout_source_new ((guint) (fetch->timeout * 1000));
  g_source_set_callback (fetch->deadline, deadline_cb, fetch, NULL);
  g_source_attach (fetch->deadline, fetch->context);

  soup_session_send_async (fetch->self->sessions[fetch->session], fetch->message,
                           G_PRIORITY_DEFAULT,
                           fetch->cancellable, send_cb, g_object_ref (task));
}

/* Fetches @feed in the fetch thread; the task returns a FetchResult. */
static void
fetch_async (WmFeeds             *self,
             WmRecord            *feed,
             WmRecord            *kpi,
             const char          *secret,
             GCancellable        *engine_cancellable,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  /* No source object: its last reference must never drop in this thread. */
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);
  gint64 timeout;

  g_task_set_source_tag (task, fetch_async);
  g_task_set_task_data (task, fetch, fetch_free);

  fetch->self = self;
  fetch->context = g_main_context_ref_thread_default ();
  fetch->feed = wm_record_copy (feed);
  fetch->kpi = kpi ? g_object_ref (kpi) : NULL;
  fetch->secret = g_strdup (secret);
  fetch->started_us = g_get_monotonic_time ();
  fetch->now = g_get_real_time () / G_USEC_PER_SEC;
  fetch->max_bytes = wm_record_get_int (feed, WM_FEED_MAX_BYTES) > 0
                     ? (gsize) wm_record_get_int (feed, WM_FEED_MAX_BYTES) : WM_FEED_DEFAULT_MAX_BYTES;
  fetch->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      fetch->caller_cancellable = g_object_ref (cancellable);
      fetch->caller_cancel_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       fetch, NULL);
    }
  fetch->engine_cancellable = g_object_ref (engine_cancellable);
  fetch->engine_cancel_id = g_cancellable_connect (engine_cancellable,
                                                   G_CALLBACK (caller_cancelled_cb),
                                                   fetch, NULL);

  if (fetch->kpi == NULL && wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE))
                              == WM_FEED_TYPE_RESPONSES)
    {
      fetch_fail (task, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                                             _("The feed belongs to no KPI.")));
      return;
    }

  /* One deadline for everything once sent: connecting, waiting, reading. */
  timeout = wm_record_get_int (feed, WM_FEED_TIMEOUT_SECONDS);
  timeout = timeout > 0 ? MIN (timeout, WM_FEED_MAX_TIMEOUT) : WM_FEED_DEFAULT_TIMEOUT;
  fetch->timeout = timeout;

  fetch_send (task);
}

static FetchResult *
fetch_finish (WmFeeds       *self,
              GAsyncResult  *result,
              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The fetch thread */

static gpointer
thread_main (gpointer data)
{
  WmFeeds *self = data;
  g_autofree char *user_agent = g_strdup_printf ("Waymark/%s", PACKAGE_VERSION);

  g_main_context_push_thread_default (self->thread_context);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->waiting = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  /* Many feeds of a project often share one host (a Prometheus server):
   * allow them to run side by side. Deadlines are per feed (see Fetch). */
  for (guint i = 0; i < N_SESSIONS; i++)
    self->sessions[i] = soup_session_new_with_options ("max-conns", 256 / N_SESSIONS,
                                                       "max-conns-per-host",
                                                       FETCHES_PER_SESSION,
                                                       "timeout", 0,
                                                       "idle-timeout", 60,
                                                       "user-agent", user_agent,
                                                       NULL);
  g_main_loop_run (self->thread_loop);
  for (guint i = 0; i < N_SESSIONS; i++)
    {
      soup_session_abort (self->sessions[i]);
      g_clear_object (&self->sessions[i]);
    }
  while (g_main_context_iteration (self->thread_context, FALSE))
    ;
  /* Nothing waits by now: every fetch belongs to a task that holds the
   * engine, and the engine is going. */
  g_warn_if_fail (g_hash_table_size (self->waiting) == 0);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_main_context_pop_thread_default (self->thread_context);

  return NULL;
}

static gboolean
quit_thread_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

static gboolean done_cb (gpointer user_data);

/* Any thread: hands a finished job back to the main loop, many at a time. */
static void
job_done (Job *job)
{
  WmFeeds *self = job->self;

  g_mutex_lock (&self->done_lock);
  g_ptr_array_add (self->done, job);
  if (!self->done_scheduled)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      self->done_scheduled = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      /* No reference: the jobs' tasks hold one until done_cb(). */
      g_source_set_callback (source, done_cb, self, NULL);
      g_source_attach (source, self->main_context);
    }
  g_mutex_unlock (&self->done_lock);
}

static void
job_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  Fetch *fetch = g_task_get_task_data (G_TASK (result));

  job->started_us = fetch->started_us;
  job->now = fetch->now;
  job->result = fetch_finish (job->self, result, &job->error);
  job_done (job);
}

static gboolean
job_run_cb (gpointer user_data)
{
  Job *job = user_data;

  fetch_async (job->self, job->feed, job->kpi, job->secret, job->engine_cancellable,
               g_task_get_cancellable (job->task), job_fetched_cb, job);

  return G_SOURCE_REMOVE;
}

static void
job_secret_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  job->secret = wm_secrets_lookup_finish (result, &error);
  if (error != NULL)
    job->error = g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                              _("Cannot read the feed’s secret from the keyring: %s"),
                              error->message);
  job_dispatch (job);
}

/* In the main loop: looks up what the fetch thread must not (the KPI, the
 * secret), then hands the job over. */
static void
job_start (WmFeeds      *self,
           GTask        *task,
           WmRecord     *feed,
           const char   *secret,
           gboolean      is_test)
{
  Job *job = g_new0 (Job, 1);

  job->self = self;
  job->task = task;
  job->is_test = is_test;
  job->feed = wm_record_copy (feed);
  job->secret = g_strdup (secret);
  job->engine_cancellable = g_object_ref (self->cancellable);
  /* Only raw answers need their KPI's kind to be computed. */
  if (wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE))
      == WM_FEED_TYPE_RESPONSES)
    job->kpi = wm_store_get (self->store, WM_ENTITY_KPI,
                             wm_record_get_ref (feed, WM_FEED_KPI_ID), NULL);

  /* A feed that cannot work as defined is not fetched: its outcome says
   * what to fix. */
  if (!wm_feed_check_definition (feed, NULL, &job->error))
    {
      job_dispatch (job);
      return;
    }
  if (secret == NULL && feed_has_auth (feed) && wm_record_get_uuid (feed) != NULL)
    {
      wm_secrets_lookup (wm_record_get_uuid (wm_store_get_project (self->store)),
                         wm_record_get_uuid (feed), job->engine_cancellable, job_secret_cb,
                         job);
      return;
    }
  job_dispatch (job);
}

static void
job_dispatch (Job *job)
{
  WmFeeds *self = job->self;

  /* A secret that could not be read: the outcome is that error. */
  if (job->error != NULL)
    {
      job->started_us = g_get_monotonic_time ();
      job->now = g_get_real_time () / G_USEC_PER_SEC;
      job_done (job);
      return;
    }

  g_main_context_invoke_full (self->thread_context, G_PRIORITY_DEFAULT, job_run_cb, job, NULL);
}

/* Writing outcomes: stored in the writer thread, see flush_cb(). */

/* Writes @value to @column of @feed (as read in this transaction) unless
 * it is there already. */
static gboolean
set_string (WmStore     *store,
            WmRecord    *feed,
            WmColumnId   column,
            const char  *value,
            GError     **error)
{
  if (wm_record_is_set (feed, column) && g_strcmp0 (wm_record_get_string (feed, column), value) == 0)
    return TRUE;

  return wm_store_set_string (store, wm_record_get_id (feed), column, value, error);
}

static gboolean
set_int (WmStore     *store,
         WmRecord    *feed,
         WmColumnId   column,
         gint64       value,
         GError     **error)
{
  if (wm_record_is_set (feed, column) && wm_record_get_int (feed, column) == value)
    return TRUE;

  return wm_store_set_int (store, wm_record_get_id (feed), column, value, error);
}

static void
write_one (WmStore *store,
           Write   *write)
{
  WmFeedOutcome *outcome = write->outcome;
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = outcome->feed_id;
  gboolean failed = outcome->state == WM_FEED_STATE_ERROR;
  gboolean ok;

  /* Stopped (the window closed, the project was distrusted): no failure of
   * the feed's, nothing to record. */
  if (g_error_matches (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED))
    return;

  /* Deleted while it was fetched: nothing to write. */
  feed = wm_store_get (store, WM_ENTITY_FEED, id, NULL);
  if (feed == NULL)
    return;

  /* Only what changed: most refreshes of a working feed change its times
   * and nothing else, and each column written costs a statement. */
  ok = set_string (store, feed, WM_FEED_STATE, wm_feed_state_to_string (outcome->state), &error)
       && set_string (store, feed, WM_FEED_STATE_MESSAGE,
                      failed ? outcome->error->message : "", &error)
       && set_int (store, feed, WM_FEED_FAILURES,
                   failed ? wm_record_get_int (feed, WM_FEED_FAILURES) + 1 : 0, &error)
       && set_int (store, feed, WM_FEED_LAST_ATTEMPT_AT, write->attempt_at, &error);
  if (ok && !failed)
    ok = set_int (store, feed, WM_FEED_LAST_SUCCESS_AT, write->attempt_at, &error)
         && (write->etag == NULL
             || set_string (store, feed, WM_FEED_ETAG, write->etag, &error))
         && (write->last_modified == NULL
             || set_string (store, feed, WM_FEED_LAST_MODIFIED, write->last_modified, &error));
  if (ok && write->samples != NULL && write->samples->len > 0)
    {
      write->kpi_id = wm_record_get_ref (feed, WM_FEED_KPI_ID);
      ok = wm_store_add_samples (store, write->kpi_id,
                                 (const WmSample *) write->samples->data, write->samples->len,
                                 wm_record_get_string (feed, WM_FEED_TYPE), &error);
    }
  if (!ok)
    g_warning ("Cannot store the result of feed %" G_GINT64_FORMAT ": %s", id, error->message);
  write->written = ok;
}

static gboolean
finish_cb (gpointer user_data)
{
  g_autoptr(WmFeeds) self = g_object_ref (user_data);

  gint64 start = g_get_monotonic_time ();

  self->finish_id = 0;

  /* Completing a task runs the caller's code, a signal the views' code: a
   * few milliseconds' worth per turn of the main loop. */
  while (!g_queue_is_empty (self->finishing)
         && g_get_monotonic_time () - start < FINISH_BUDGET_US)
    {
      Write *write = g_queue_pop_head (self->finishing);

      /* Written: the scheduler may count from its new last attempt now. */
      g_hash_table_remove (self->in_flight, &write->outcome->feed_id);
      set_n_active (self, self->n_active - 1);
      g_signal_emit (self, signals[FEED_FINISHED], 0, write->outcome->feed_id, write->outcome);
      g_task_return_pointer (write->task, wm_feed_outcome_copy (write->outcome),
                             (GDestroyNotify) wm_feed_outcome_free);
      write_free (write);
    }

  if (!g_queue_is_empty (self->finishing))
    self->finish_id = g_idle_add_full (G_PRIORITY_DEFAULT, finish_cb, self, NULL);
  else if (self->running && self->n_active == 0 && self->pending->len == 0)
    schedule (self);

  return G_SOURCE_REMOVE;
}

static void
add_id (GArray **ids,
        gint64   id)
{
  if (*ids == NULL)
    *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (*ids, id);
}

/* Outcomes to store together. */
typedef struct
{
  WmFeeds   *self;      /* no reference: the tasks hold one */
  GPtrArray *writes;    /* Write */
  char      *path;      /* the file's path when they were handed over */
} Batch;

/* In the main loop: @batch is stored (or could not be); announce it, then
 * complete its tasks. */
static gboolean
written_cb (gpointer user_data)
{
  Batch *batch_data = user_data;
  WmFeeds *self = batch_data->self;
  GPtrArray *batch = batch_data->writes;
  g_autofree GArray **ids = g_new0 (GArray *, WM_N_ENTITIES + 1);
  guint64 mask = 0;

  for (guint i = 0; i < batch->len; i++)
    {
      Write *write = g_ptr_array_index (batch, i);

      if (!write->written)
        continue;
      mask |= WM_CHANGE_ENTITY (WM_ENTITY_FEED);
      add_id (&ids[WM_ENTITY_FEED], write->outcome->feed_id);
      if (write->kpi_id > 0)
        {
          mask |= WM_CHANGE_SAMPLES;
          add_id (&ids[WM_N_ENTITIES], write->kpi_id);
        }
    }
  if (mask != 0)
    {
      self->announcing = TRUE;
      wm_store_announce_commit (self->store, mask, ids);
      self->announcing = FALSE;
    }
  for (guint i = 0; i <= WM_N_ENTITIES; i++)
    g_clear_pointer (&ids[i], g_array_unref);

  for (guint i = 0; i < batch->len; i++)
    g_queue_push_tail (self->finishing, g_ptr_array_index (batch, i));
  g_ptr_array_set_free_func (batch, NULL);
  g_ptr_array_unref (batch);
  g_free (batch_data->path);
  g_free (batch_data);
  self->writing = FALSE;
  queue_flush (self);
  if (self->finish_id == 0)
    self->finish_id = g_idle_add_full (G_PRIORITY_DEFAULT, finish_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

/* In the writer thread: one background edit for the batch, on the writer's
 * own connection, so its fsync never holds up the main loop. */
static void
writer_cb (gpointer data,
           gpointer user_data)
{
  Batch *batch_data = data;
  GPtrArray *batch = batch_data->writes;
  WmFeeds *self = user_data;
  g_autoptr(GError) error = NULL;

  /* The project may have been saved elsewhere since. */
  if (self->writer_store != NULL
      && g_strcmp0 (wm_store_get_path (self->writer_store), batch_data->path) != 0)
    g_clear_object (&self->writer_store);
  if (self->writer_store == NULL)
    self->writer_store = wm_store_open (batch_data->path, WM_STORE_OPEN_DEFAULT, &error);
  if (self->writer_store != NULL && wm_store_begin_background_edit (self->writer_store, &error))
    {
      for (guint i = 0; i < batch->len; i++)
        write_one (self->writer_store, g_ptr_array_index (batch, i));
      if (!wm_store_commit_edit (self->writer_store, &error))
        {
          for (guint i = 0; i < batch->len; i++)
            ((Write *) g_ptr_array_index (batch, i))->written = FALSE;
        }
    }
  if (error != NULL)
    g_warning ("Cannot store feed results: %s", error->message);

  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, written_cb, batch_data,
                              NULL);
}

/* Whether anything of @writes would be stored. */
static gboolean
batch_has_news (GPtrArray *writes)
{
  for (guint i = 0; i < writes->len; i++)
    {
      Write *write = g_ptr_array_index (writes, i);

      if (!g_error_matches (write->outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED))
        return TRUE;
    }

  return FALSE;
}

/* Results go to the writer as soon as it is free, together with whatever
 * else arrived while it wrote: while a refresh runs, its results are being
 * stored, and the last batch is small. */
static void
queue_flush (WmFeeds *self)
{
  if (self->writing || self->flush_id != 0 || self->pending->len == 0)
    return;
  self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb, self, NULL);
}

static gboolean
flush_cb (gpointer user_data)
{
  WmFeeds *self = user_data;
  Batch *batch;

  self->flush_id = 0;
  if (self->pending->len == 0)
    return G_SOURCE_REMOVE;

  batch = g_new0 (Batch, 1);
  batch->self = self;
  batch->writes = g_steal_pointer (&self->pending);
  batch->path = g_strdup (wm_store_get_path (self->store));
  self->pending = g_ptr_array_new_with_free_func (write_free);

  if (wm_store_is_read_only (self->store) || !batch_has_news (batch->writes))
    written_cb (batch);
  else
    {
      self->writing = TRUE;
      g_thread_pool_push (self->writer, batch, NULL);
    }

  return G_SOURCE_REMOVE;
}

static void
job_fetched (WmFeeds *self,
             Job     *job)
{
  Write *write = g_new0 (Write, 1);
  WmFeedOutcome *outcome = g_new0 (WmFeedOutcome, 1);
  FetchResult *fetch_result = job->result;

  outcome->feed_id = wm_record_get_id (job->feed);
  outcome->duration_us = g_get_monotonic_time () - job->started_us;
  write->attempt_at = job->now;
  if (fetch_result == NULL)
    {
      outcome->state = WM_FEED_STATE_ERROR;
      outcome->error = g_steal_pointer (&job->error);
    }
  else
    {
      outcome->state = WM_FEED_STATE_OK;
      if (fetch_result->samples != NULL && fetch_result->samples->len > 0)
        {
          outcome->n_samples = fetch_result->samples->len;
          outcome->has_value = TRUE;
          outcome->latest = g_array_index (fetch_result->samples, WmSample,
                                           fetch_result->samples->len - 1);
        }
      write->samples = g_steal_pointer (&fetch_result->samples);
      write->etag = g_steal_pointer (&fetch_result->etag);
      write->last_modified = g_steal_pointer (&fetch_result->last_modified);
    }

  self->n_fetching--;
  write->outcome = outcome;
  write->task = g_steal_pointer (&job->task);
  g_ptr_array_add (self->pending, write);
}

static void
job_tested (Job *job)
{
  if (job->result == NULL)
    {
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      return;
    }

  if (job->result->samples == NULL)
    job->result->samples = g_array_new (FALSE, FALSE, sizeof (WmSample));
  g_task_return_pointer (job->task, g_steal_pointer (&job->result->samples),
                         (GDestroyNotify) g_array_unref);
}

/* In the main loop: what the fetch thread finished since the last turn. */
static gboolean
done_cb (gpointer user_data)
{
  /* Completing a task may drop the caller's last reference. */
  g_autoptr(WmFeeds) self = g_object_ref (user_data);
  g_autoptr(GPtrArray) done = NULL;
  gboolean fetched = FALSE;

  g_mutex_lock (&self->done_lock);
  done = g_steal_pointer (&self->done);
  self->done = g_ptr_array_new ();
  self->done_scheduled = FALSE;
  g_mutex_unlock (&self->done_lock);

  for (guint i = 0; i < done->len; i++)
    {
      Job *job = g_ptr_array_index (done, i);

      if (job->is_test)
        job_tested (job);
      else
        {
          job_fetched (self, job);
          fetched = TRUE;
        }
      job_free (job);
    }
  if (!fetched)
    return G_SOURCE_REMOVE;

  queue_flush (self);

  return G_SOURCE_REMOVE;
}

static gboolean
start_cb (gpointer user_data)
{
  WmFeeds *self = user_data;
  gint64 start = g_get_monotonic_time ();

  self->start_id = 0;

  /* Hundreds of feeds start a few milliseconds' worth at a time. */
  while (!g_queue_is_empty (self->to_start)
         && g_get_monotonic_time () - start < START_BUDGET_US)
    {
      GTask *task = g_queue_pop_head (self->to_start);
      WmRecord *feed = g_task_get_task_data (task);

      g_signal_emit (self, signals[FEED_STARTED], 0, wm_record_get_id (feed));
      job_start (self, task, feed, NULL, FALSE);
    }

  if (!g_queue_is_empty (self->to_start))
    self->start_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

static void
refresh_record (WmFeeds      *self,
                WmRecord     *feed,
                GTask        *task)
{
  gint64 *key = g_new (gint64, 1);

  *key = wm_record_get_id (feed);
  g_hash_table_add (self->in_flight, key);
  self->n_fetching++;
  set_n_active (self, self->n_active + 1);

  g_task_set_task_data (task, g_object_ref (feed), g_object_unref);
  g_queue_push_tail (self->to_start, task);
  if (self->start_id == 0)
    self->start_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_cb, self, NULL);
}

/* Fetches under way and waiting to start end as cancelled; later ones get
 * a fresh cancellable. */
static void
cancel_all (WmFeeds *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->start_id, g_source_remove);
  while (!g_queue_is_empty (self->to_start))
    {
      GTask *task = g_queue_pop_head (self->to_start);

      job_start (self, task, g_task_get_task_data (task), NULL, FALSE);
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* The scheduler */

static gint64
due_time (WmRecord *feed)
{
  gint64 last = wm_record_is_set (feed, WM_FEED_LAST_ATTEMPT_AT)
                ? wm_record_get_int (feed, WM_FEED_LAST_ATTEMPT_AT) : 0;

  return last + wm_feed_next_delay (wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS),
                                    wm_record_get_int (feed, WM_FEED_FAILURES));
}

static void
scheduled_refresh_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  WmFeeds *self = WM_FEEDS (source);
  g_autoptr(WmFeedOutcome) outcome = wm_feeds_refresh_finish (self, result, NULL);

  if (self->n_active == 0)
    schedule (self);
}

static gboolean
timer_cb (gpointer user_data)
{
  WmFeeds *self = user_data;
  g_autoptr(GPtrArray) feeds = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->timer_id = 0;
  feeds = wm_store_list (self->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      gint64 id = wm_record_get_id (feed);

      if (wm_record_get_boolean (feed, WM_FEED_ENABLED) && due_time (feed) <= now
          && !g_hash_table_contains (self->in_flight, &id))
        wm_feeds_refresh_async (self, id, NULL, scheduled_refresh_cb, NULL);
    }

  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (WmFeeds *self)
{
  g_autoptr(GPtrArray) feeds = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next = G_MAXINT64;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->running || !self->trusted)
    return;

  feeds = wm_store_list (self->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, NULL);
  for (guint i = 0; feeds != NULL && i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      gint64 id = wm_record_get_id (feed);

      if (wm_record_get_boolean (feed, WM_FEED_ENABLED)
          && !g_hash_table_contains (self->in_flight, &id))
        next = MIN (next, due_time (feed));
    }

  if (next == G_MAXINT64)
    return;

  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE,
                                       (guint) CLAMP (next - now, 0, 24 * 3600) * 1000,
                                       timer_cb, self, NULL);
}

/* Secrets of feeds that are gone */

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wm_secrets_clear_finish (result, &error))
    g_warning ("Cannot remove a feed’s secret from the keyring: %s", error->message);
}

/* A feed deleted (also by undo, or by another program), or one that no
 * longer signs in, leaves no secret behind in the keyring. */
static void
track_secret (WmFeeds  *self,
              gint64    id,
              WmRecord *feed)
{
  const char *uuid = g_hash_table_lookup (self->secret_feeds, &id);

  if (feed != NULL && feed_has_auth (feed))
    {
      if (uuid == NULL)
        g_hash_table_insert (self->secret_feeds, g_memdup2 (&id, sizeof id),
                             g_strdup (wm_record_get_uuid (feed)));
      return;
    }
  if (uuid == NULL)
    return;

  wm_secrets_clear (wm_record_get_uuid (wm_store_get_project (self->store)), uuid, NULL,
                    secret_cleared_cb, NULL);
  g_hash_table_remove (self->secret_feeds, &id);
}

/* @ids: the feeds an edit touched, or NULL when that is not known. */
static void
track_secrets (WmFeeds      *self,
               const GArray *ids)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GHashTable) present = NULL;
  GHashTableIter iter;
  gpointer key;

  if (ids != NULL)
    {
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          g_autoptr(WmRecord) feed = wm_store_get (self->store, WM_ENTITY_FEED, id, NULL);

          track_secret (self, id, feed);
        }
      return;
    }

  /* Compared with the whole list; a list that cannot be read says nothing. */
  feeds = wm_store_list (self->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, NULL);
  if (feeds == NULL)
    return;
  present = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      gint64 id = wm_record_get_id (feed);

      track_secret (self, id, feed);
      g_hash_table_add (present, g_memdup2 (&id, sizeof id));
    }
  g_hash_table_iter_init (&iter, self->secret_feeds);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (present, key))
        {
          wm_secrets_clear (wm_record_get_uuid (wm_store_get_project (self->store)),
                            g_hash_table_lookup (self->secret_feeds, key), NULL,
                            secret_cleared_cb, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }
}

static void
store_changed_cb (WmStore *store,
                  guint64  mask,
                  gpointer user_data)
{
  WmFeeds *self = user_data;

  if ((mask & WM_CHANGE_ENTITY (WM_ENTITY_FEED)) && !self->announcing)
    track_secrets (self, wm_store_get_changed_ids (store, WM_ENTITY_FEED));

  /* Our own writes come back here too; rescheduling is cheap. */
  if ((mask & WM_CHANGE_ENTITY (WM_ENTITY_FEED)) && self->running && self->n_active == 0)
    schedule (self);
}

/* Overrides */

static void
wm_feeds_dispose (GObject *object)
{
  WmFeeds *self = WM_FEEDS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->start_id, g_source_remove);
  g_clear_handle_id (&self->finish_id, g_source_remove);
  if (self->thread != NULL)
    {
      /* From inside the loop: a quit before the thread runs it would be lost. */
      g_main_context_invoke (self->thread_context, quit_thread_cb, self->thread_loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
  g_clear_object (&self->writer_store);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wm_feeds_parent_class)->dispose (object);
}

static void
wm_feeds_finalize (GObject *object)
{
  WmFeeds *self = WM_FEEDS (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->to_start, g_queue_free);
  g_clear_pointer (&self->finishing, g_queue_free);
  g_clear_pointer (&self->secret_feeds, g_hash_table_unref);
  g_clear_pointer (&self->done, g_ptr_array_unref);
  g_mutex_clear (&self->done_lock);
  g_clear_pointer (&self->thread_loop, g_main_loop_unref);
  g_clear_pointer (&self->thread_context, g_main_context_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);

  G_OBJECT_CLASS (wm_feeds_parent_class)->finalize (object);
}

static void
wm_feeds_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WmFeeds *self = WM_FEEDS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TRUSTED:
      g_value_set_boolean (value, self->trusted);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_N_ACTIVE:
      g_value_set_uint (value, self->n_active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_feeds_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  WmFeeds *self = WM_FEEDS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_TRUSTED:
      wm_feeds_set_trusted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_feeds_constructed (GObject *object)
{
  WmFeeds *self = WM_FEEDS (object);

  G_OBJECT_CLASS (wm_feeds_parent_class)->constructed (object);

  g_return_if_fail (WM_IS_STORE (self->store));

  self->trusted = wm_trust_is_trusted (self->store);
  self->main_context = g_main_context_ref_thread_default ();
  self->thread_context = g_main_context_new ();
  self->thread_loop = g_main_loop_new (self->thread_context, FALSE);
  self->thread = g_thread_new ("waymark-feeds", thread_main, self);
  self->writer = g_thread_pool_new (writer_cb, self, 1, FALSE, NULL);
  track_secrets (self, NULL);
  self->changed_id = g_signal_connect (self->store, "changed",
                                       G_CALLBACK (store_changed_cb), self);
}

static void
wm_feeds_class_init (WmFeedsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = wm_feeds_constructed;
  object_class->dispose = wm_feeds_dispose;
  object_class->finalize = wm_feeds_finalize;
  object_class->get_property = wm_feeds_get_property;
  object_class->set_property = wm_feeds_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, WM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUSTED] =
    g_param_spec_boolean ("trusted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ACTIVE] =
    g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FEED_STARTED] =
    g_signal_new ("feed-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[FEED_FINISHED] =
    g_signal_new ("feed-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_POINTER);
}

static void
wm_feeds_init (WmFeeds *self)
{
  self->cancellable = g_cancellable_new ();
  self->in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func (write_free);
  self->to_start = g_queue_new ();
  self->finishing = g_queue_new ();
  self->secret_feeds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->done = g_ptr_array_new ();
  g_mutex_init (&self->done_lock);
}

/* Public API */

WmFeedOutcome *
wm_feed_outcome_copy (const WmFeedOutcome *outcome)
{
  WmFeedOutcome *copy;

  g_return_val_if_fail (outcome != NULL, NULL);

  copy = g_memdup2 (outcome, sizeof *outcome);
  copy->error = outcome->error ? g_error_copy (outcome->error) : NULL;

  return copy;
}

void
wm_feed_outcome_free (WmFeedOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_error (&outcome->error);
  g_free (outcome);
}

WmFeeds *
wm_feeds_new (WmStore *store)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  return g_object_new (WM_TYPE_FEEDS, "store", store, NULL);
}

WmStore *
wm_feeds_get_store (WmFeeds *self)
{
  g_return_val_if_fail (WM_IS_FEEDS (self), NULL);

  return self->store;
}

gboolean
wm_feeds_get_trusted (WmFeeds *self)
{
  g_return_val_if_fail (WM_IS_FEEDS (self), FALSE);

  return self->trusted;
}

void
wm_feeds_set_trusted (WmFeeds  *self,
                      gboolean  trusted)
{
  g_return_if_fail (WM_IS_FEEDS (self));

  trusted = !!trusted;
  if (self->trusted == trusted)
    return;

  self->trusted = trusted;
  if (!trusted)
    cancel_all (self);
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
}

void
wm_feeds_start (WmFeeds *self)
{
  g_return_if_fail (WM_IS_FEEDS (self));

  if (self->running)
    return;

  self->running = TRUE;
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
wm_feeds_stop (WmFeeds *self)
{
  g_return_if_fail (WM_IS_FEEDS (self));

  cancel_all (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (!self->running)
    return;
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
wm_feeds_is_running (WmFeeds *self)
{
  g_return_val_if_fail (WM_IS_FEEDS (self), FALSE);

  return self->running;
}

guint
wm_feeds_get_n_active (WmFeeds *self)
{
  g_return_val_if_fail (WM_IS_FEEDS (self), 0);

  return self->n_active;
}

void
wm_feeds_refresh_async (WmFeeds             *self,
                        gint64               feed_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(WmRecord) feed = NULL;
  GError *error = NULL;

  g_return_if_fail (WM_IS_FEEDS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_feeds_refresh_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!self->trusted)
    {
      g_task_return_new_error (task, WM_FEED_ERROR, WM_FEED_ERROR_UNTRUSTED,
                               _("The project’s feeds are paused until you trust it on this "
                                 "computer."));
      return;
    }
  if (wm_store_is_read_only (self->store))
    {
      g_task_return_new_error (task, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY, "%s",
                               wm_store_get_read_only_reason (self->store));
      return;
    }

  feed = wm_store_get (self->store, WM_ENTITY_FEED, feed_id, &error);
  if (feed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  refresh_record (self, feed, g_steal_pointer (&task));
}

WmFeedOutcome *
wm_feeds_refresh_finish (WmFeeds       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *outcomes;   /* by position in the feed list */
  guint      n_pending;
} RefreshAll;

static void
refresh_all_free (gpointer data)
{
  RefreshAll *all = data;

  g_ptr_array_unref (all->outcomes);
  g_free (all);
}

static void
refresh_all_one_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  RefreshAll *all = g_task_get_task_data (task);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "wm-index"));
  GError *error = NULL;
  WmFeedOutcome *outcome = wm_feeds_refresh_finish (WM_FEEDS (source), result, &error);

  if (outcome == NULL)
    {
      outcome = g_new0 (WmFeedOutcome, 1);
      outcome->state = WM_FEED_STATE_ERROR;
      outcome->error = error;
    }
  g_ptr_array_index (all->outcomes, index) = outcome;

  if (--all->n_pending == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (all->outcomes),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
    }
}

void
wm_feeds_refresh_all_async (WmFeeds             *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  RefreshAll *all;
  g_autoptr(GPtrArray) feeds = NULL;
  GError *error = NULL;

  g_return_if_fail (WM_IS_FEEDS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_feeds_refresh_all_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!self->trusted)
    {
      g_task_return_new_error (task, WM_FEED_ERROR, WM_FEED_ERROR_UNTRUSTED,
                               _("The project’s feeds are paused until you trust it on this "
                                 "computer."));
      g_object_unref (task);
      return;
    }

  feeds = wm_store_list (self->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, &error);
  if (feeds == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  all = g_new0 (RefreshAll, 1);
  all->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_feed_outcome_free);
  g_task_set_task_data (task, all, refresh_all_free);

  /* Keep the enabled ones. */
  for (guint i = feeds->len; i > 0; i--)
    {
      if (!wm_record_get_boolean (g_ptr_array_index (feeds, i - 1), WM_FEED_ENABLED))
        g_ptr_array_remove_index (feeds, i - 1);
    }

  if (feeds->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (all->outcomes),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  g_ptr_array_set_size (all->outcomes, feeds->len);
  all->n_pending = feeds->len;
  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      GTask *one = g_task_new (self, cancellable, refresh_all_one_cb, task);

      g_task_set_source_tag (one, wm_feeds_refresh_async);
      g_task_set_check_cancellable (one, FALSE);
      g_object_set_data (G_OBJECT (one), "wm-index", GUINT_TO_POINTER (i));
      refresh_record (self, feed, one);
    }
}

GPtrArray *
wm_feeds_refresh_all_finish (WmFeeds       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
wm_feeds_test_async (WmFeeds             *self,
                     WmRecord            *draft,
                     const char          *secret,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(WmRecord) copy = NULL;
  GTask *task;

  g_return_if_fail (WM_IS_FEEDS (self));
  g_return_if_fail (WM_IS_RECORD (draft));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_feeds_test_async);

  /* A test asks for everything again: no ETag, full history. */
  copy = wm_record_copy (draft);
  wm_record_set_string (copy, WM_FEED_ETAG, "");
  wm_record_set_string (copy, WM_FEED_LAST_MODIFIED, "");
  wm_record_unset (copy, WM_FEED_LAST_SUCCESS_AT);
  job_start (self, task, copy, secret, TRUE);
}

GArray *
wm_feeds_test_finish (WmFeeds       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
wm_feeds_add (WmStore      *store,
              WmRecord     *draft,
              const char   *secret,
              GError      **error)
{
  g_autofree char *label = NULL;
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (store), 0);
  g_return_val_if_fail (WM_IS_RECORD (draft), 0);

  if (!wm_store_begin_edit (store, _("Add feed"), error))
    return 0;

  id = wm_store_insert (store, draft, error);
  if (id <= 0)
    {
      wm_store_rollback_edit (store);
      return 0;
    }

  label = g_strdup_printf (_("Waymark feed “%s” of “%s”"), wm_record_get_string (draft, WM_FEED_URL),
                           wm_store_get_name (store));
  if (secret != NULL
      && !wm_secrets_store_sync (wm_record_get_uuid (wm_store_get_project (store)),
                                 wm_record_get_uuid (draft), label, secret, NULL, error))
    {
      wm_store_rollback_edit (store);
      return 0;
    }

  if (!wm_store_commit_edit (store, error))
    {
      if (secret != NULL)
        wm_secrets_clear_sync (wm_record_get_uuid (wm_store_get_project (store)),
                               wm_record_get_uuid (draft), NULL, NULL);
      return 0;
    }

  return id;
}

typedef struct
{
  WmRecord *draft;
  char     *uuid;           /* the new feed's, chosen before it exists */
  char     *project_uuid;
  gboolean  has_secret;
} Add;

static void
add_free (gpointer data)
{
  Add *add = data;

  g_clear_object (&add->draft);
  g_free (add->uuid);
  g_free (add->project_uuid);
  g_free (add);
}

static void
add_insert (GTask *task)
{
  WmStore *store = g_task_get_source_object (task);
  Add *add = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id;

  id = wm_store_insert_with_uuid (store, add->draft, add->uuid, &error);
  if (id <= 0)
    {
      /* Nothing added: nothing kept in the keyring either. */
      if (add->has_secret)
        wm_secrets_clear (add->project_uuid, add->uuid, NULL, secret_cleared_cb, NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, id);
}

static void
add_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!wm_secrets_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                                 _("The keyring did not keep the feed’s secret, so the feed "
                                   "was not added: %s"), error->message);
      return;
    }

  add_insert (task);
}

void
wm_feeds_add_async (WmStore             *store,
                    WmRecord            *draft,
                    const char          *secret,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  Add *add;

  g_return_if_fail (WM_IS_STORE (store));
  g_return_if_fail (WM_IS_RECORD (draft));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_feeds_add_async);
  add = g_new0 (Add, 1);
  add->draft = g_object_ref (draft);
  add->uuid = g_uuid_string_random ();
  add->project_uuid = g_strdup (wm_record_get_uuid (wm_store_get_project (store)));
  add->has_secret = secret != NULL;
  g_task_set_task_data (task, add, add_free);

  if (secret == NULL)
    {
      add_insert (task);
      return;
    }

  /* The keyring first, under the uuid the feed will have: a locked
   * keyring's prompt waits without holding an edit (or the window) open. */
  label = g_strdup_printf (_("Waymark feed “%s” of “%s”"),
                           wm_record_get_string (draft, WM_FEED_URL), wm_store_get_name (store));
  wm_secrets_store (add->project_uuid, add->uuid, label, secret, cancellable, add_stored_cb,
                    g_steal_pointer (&task));
}

gint64
wm_feeds_add_finish (GAsyncResult  *result,
                     GError       **error)
{
  gint64 id;

  g_return_val_if_fail (G_IS_TASK (result), 0);

  id = g_task_propagate_int (G_TASK (result), error);

  /* -1 on error, as GTask gives it. */
  return MAX (id, 0);
}
