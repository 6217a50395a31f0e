/* wm-feeds-fetch.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-feeds"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-feeds-private.h"
#include "wm-secrets.h"

/* The fetch thread: its own main context and libsoup sessions, so that
 * hundreds of answers arriving together are read and parsed away from the
 * window's loop. A job comes in from the main loop (wm_feeds_fetch_run())
 * and goes back with its result (wm_feeds_job_done()). */

/* Bodies above this are extracted in a thread of the pool, so parsing a
 * large answer does not hold up the other fetches. */
#define EXTRACT_IN_THREAD_BYTES (256 * 1024)
#define READ_CHUNK_BYTES (64 * 1024)
/* Read in one turn of the fetch thread's loop before the others get theirs. */
#define READS_PER_TURN 16
/* A Prometheus feed's first fetch backfills this much history. */
#define BACKFILL_SECONDS (30 * 24 * 3600)
#define PROMETHEUS_MAX_POINTS 10000

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

/* A fetch's cancellation, carried to the fetch thread. */
typedef struct
{
  WmFeeds      *self;
  GCancellable *cancellable;
} Cancel;

static void fetch_begin (GTask *task);
static void read_body (GTask *task);

/* Helpers */

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

static GError *
too_large_error (Fetch *fetch)
{
  g_autofree char *size = g_format_size (fetch->max_bytes);

  return g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_TOO_LARGE,
                      _("The answer is larger than %s."), size);
}

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
  WmFetchResult *fetch_result;
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

  fetch_result = g_new0 (WmFetchResult, 1);
  fetch_result->samples = samples;
  fetch_result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  fetch_result->last_modified = g_strdup (soup_message_headers_get_one (headers,
                                                                        "Last-Modified"));
  fetch_end (fetch);
  g_task_return_pointer (task, fetch_result, wm_feeds_fetch_result_free);
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
      WmFetchResult *fetch_result = g_new0 (WmFetchResult, 1);

      fetch_end (fetch);
      g_task_return_pointer (task, fetch_result, wm_feeds_fetch_result_free);
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

  if (wm_feeds_feed_has_auth (fetch->feed) && fetch->secret == NULL)
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

/* Fetches @feed in the fetch thread; the task returns a WmFetchResult. */
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

static WmFetchResult *
fetch_finish (WmFeeds       *self,
              GAsyncResult  *result,
              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

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

static void
job_fetched_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  WmFeedsJob *job = user_data;
  Fetch *fetch = g_task_get_task_data (G_TASK (result));

  job->started_us = fetch->started_us;
  job->now = fetch->now;
  job->result = fetch_finish (job->self, result, &job->error);
  wm_feeds_job_done (job);
}

static gboolean
job_run_cb (gpointer user_data)
{
  WmFeedsJob *job = user_data;

  fetch_async (job->self, job->feed, job->kpi, job->secret, job->engine_cancellable,
               g_task_get_cancellable (job->task), job_fetched_cb, job);

  return G_SOURCE_REMOVE;
}

/* Public (to the engine) API */

void
wm_feeds_fetch_thread_start (WmFeeds *self)
{
  self->thread_context = g_main_context_new ();
  self->thread_loop = g_main_loop_new (self->thread_context, FALSE);
  self->thread = g_thread_new ("waymark-feeds", thread_main, self);
}

void
wm_feeds_fetch_thread_stop (WmFeeds *self)
{
  if (self->thread != NULL)
    {
      /* From inside the loop: a quit before the thread runs it would be lost. */
      g_main_context_invoke (self->thread_context, quit_thread_cb, self->thread_loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_clear_pointer (&self->thread_loop, g_main_loop_unref);
  g_clear_pointer (&self->thread_context, g_main_context_unref);
}

/* In the main loop: hands @job to the fetch thread. */
void
wm_feeds_fetch_run (WmFeedsJob *job)
{
  g_main_context_invoke_full (job->self->thread_context, G_PRIORITY_DEFAULT, job_run_cb, job,
                              NULL);
}
