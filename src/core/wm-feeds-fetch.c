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

/* The fetch threads: each has its own main context and libsoup sessions,
 * so that hundreds of answers arriving together are read and parsed away
 * from the window's loop. Jobs come in from the main loop
 * (wm_feeds_fetch_run()), many per wake-up, and go back with their result
 * (wm_feeds_job_done()).
 *
 * A fetch costs libsoup a few hundred thousand instructions; everything
 * here is kept to a small part of that: no task, timer or signal
 * connection of its own per fetch. One timer per thread watches every
 * fetch's deadline, and stopping the engine sweeps the fetches instead of
 * each listening for it. */

/* Bodies above this are extracted in a thread of the pool, so parsing a
 * large answer does not hold up the other fetches. */
#define EXTRACT_IN_THREAD_BYTES (256 * 1024)
#define READ_CHUNK_BYTES (64 * 1024)
/* Read in one turn of the fetch thread's loop before the others get theirs. */
#define READS_PER_TURN 16
/* A Prometheus feed's first fetch backfills this much history. */
#define BACKFILL_SECONDS (30 * 24 * 3600)
#define PROMETHEUS_MAX_POINTS 10000

/* The fetches of one server, in one fetch thread. */
typedef struct
{
  guint          n_sent;
  guint          n_sent_by[SESSIONS_PER_THREAD];
  GQueue         waiting;        /* Fetch, not yet sent */
} Host;

struct _WmFeedsFetcher
{
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  SoupSession   *sessions[SESSIONS_PER_THREAD];
  GHashTable    *hosts;          /* "host:port" → Host */
  GQueue         sent;           /* Fetch: sent, or extracting, and not yet ended */
  GSource       *deadline;       /* ready at the earliest deadline in sent, or never */
  GHashTable    *by_cancellable; /* cancellable → Fetch, for a caller's cancellation */
  guint8        *buffer;         /* READ_CHUNK_BYTES: reads land here first */
  WmFeedsMailbox incoming;       /* WmFeedsJob, from the main loop */
};

/* One fetch of one job, in a fetch thread. */
typedef struct
{
  WmFeedsFetcher *fetcher;
  WmFeedsJob     *job;           /* its feed, KPI and secret are borrowed */
  GUri           *uri;
  SoupMessage    *message;       /* made when sent */
  GInputStream   *stream;
  GCancellable   *cancellable;   /* this fetch: the caller's, the engine's, the deadline's */
  GCancellable   *caller_cancellable;
  gulong          caller_cancel_id;
  GSource        *readable;      /* waiting for more of the body */
  GList           sent_link;     /* in fetcher->sent while sent */
  gboolean        is_sent;
  gboolean        timed_out;
  Host           *host;          /* while sent, or waiting, and not yet ended */
  guint           session;       /* of fetcher->sessions, while sent */
  GByteArray     *body;
  gsize           max_bytes;
  gint64          deadline_us;   /* monotonic, once sent */
  gint64          timeout;       /* seconds, the whole fetch's deadline */
} Fetch;

/* A caller's cancellation, carried to the fetch thread. */
typedef struct
{
  WmFeedsFetcher *fetcher;
  GCancellable   *cancellable;   /* the fetch's own */
} Cancel;

static void fetch_begin (Fetch *fetch);
static void read_body (Fetch *fetch);

/* Helpers */

static void
clear_readable (Fetch *fetch)
{
  if (fetch->readable == NULL)
    return;
  g_source_destroy (fetch->readable);
  g_clear_pointer (&fetch->readable, g_source_unref);
}

static void
fetch_free (Fetch *fetch)
{
  clear_readable (fetch);
  if (fetch->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (fetch->caller_cancellable, fetch->caller_cancel_id);
      g_hash_table_remove (fetch->fetcher->by_cancellable, fetch->cancellable);
    }
  g_clear_object (&fetch->caller_cancellable);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
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
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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

/* A fetch is over, with @result or @error: its place goes to the next one
 * waiting for the same server, and its job back to the main loop. */
static void
fetch_complete (Fetch         *fetch,
                WmFetchResult *result,
                GError        *error)
{
  WmFeedsFetcher *fetcher = fetch->fetcher;
  WmFeedsJob *job = fetch->job;
  Host *host = g_steal_pointer (&fetch->host);

  job->result = result;
  job->error = error;

  if (fetch->is_sent)
    {
      g_queue_unlink (&fetcher->sent, &fetch->sent_link);
      fetch->is_sent = FALSE;
      host->n_sent--;
      host->n_sent_by[fetch->session]--;
      if (!g_queue_is_empty (&host->waiting))
        fetch_begin (g_queue_pop_head (&host->waiting));
    }
  else if (host != NULL)
    g_queue_remove (&host->waiting, fetch);

  fetch_free (fetch);
  wm_feeds_job_done (job, g_queue_is_empty (&fetcher->sent));
}

static void
fetch_fail (Fetch  *fetch,
            GError *error)
{
  fetch_complete (fetch, NULL, error);
}

/* The deadlines */

static gboolean
deadline_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = {
  .dispatch = deadline_dispatch,
};

/* The earliest deadline is due: every fetch past its own is cancelled,
 * and the timer waits for the next one. */
static gboolean
deadline_cb (gpointer user_data)
{
  WmFeedsFetcher *fetcher = user_data;
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  gint64 now = g_get_monotonic_time ();
  gint64 next = G_MAXINT64;

  for (GList *l = fetcher->sent.head; l != NULL; l = l->next)
    {
      Fetch *fetch = l->data;

      if (fetch->timed_out)
        continue;
      if (fetch->deadline_us <= now)
        g_ptr_array_add (due, fetch);
      else
        next = MIN (next, fetch->deadline_us);
    }
  g_source_set_ready_time (fetcher->deadline, next == G_MAXINT64 ? -1 : next);

  /* Cancelling may end a fetch at once: not while walking the list. */
  for (guint i = 0; i < due->len; i++)
    {
      Fetch *fetch = g_ptr_array_index (due, i);

      fetch->timed_out = TRUE;
      g_cancellable_cancel (fetch->cancellable);
    }

  return G_SOURCE_CONTINUE;
}

/* Cancellation */

static void
cancel_free (gpointer data)
{
  Cancel *cancel = data;

  g_object_unref (cancel->cancellable);
  g_free (cancel);
}

/* A fetch ends as cancelled: at once if it waits for its turn, else
 * through libsoup. */
static void
fetch_cancel (Fetch *fetch)
{
  if (fetch->is_sent)
    g_cancellable_cancel (fetch->cancellable);
  else
    fetch_fail (fetch, describe_transport_error (fetch, NULL));
}

static gboolean
cancel_in_thread_cb (gpointer user_data)
{
  Cancel *cancel = user_data;
  Fetch *fetch = g_hash_table_lookup (cancel->fetcher->by_cancellable, cancel->cancellable);

  /* Gone already, when it ended meanwhile. */
  if (fetch != NULL)
    fetch_cancel (fetch);

  return G_SOURCE_REMOVE;
}

/* Runs in the thread that cancelled (the main loop's, mostly): the fetch
 * is cancelled in the fetch thread, where libsoup works, and never from
 * inside this call, which may come while the fetch is being set up. */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Fetch *fetch = user_data;
  Cancel *cancel = g_new0 (Cancel, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  cancel->fetcher = fetch->fetcher;
  cancel->cancellable = g_object_ref (fetch->cancellable);
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, cancel_in_thread_cb, cancel, cancel_free);
  g_source_attach (source, fetch->fetcher->context);
}

/* The engine stopped: every fetch of a cancelled engine cancellable ends. */
static gboolean
sweep_cb (gpointer user_data)
{
  WmFeedsFetcher *fetcher = user_data;
  g_autoptr(GPtrArray) ending = g_ptr_array_new ();
  GHashTableIter iter;
  Host *host;

  for (GList *l = fetcher->sent.head; l != NULL; l = l->next)
    {
      Fetch *fetch = l->data;

      if (g_cancellable_is_cancelled (fetch->job->engine_cancellable))
        g_ptr_array_add (ending, fetch);
    }
  g_hash_table_iter_init (&iter, fetcher->hosts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &host))
    {
      for (GList *l = host->waiting.head; l != NULL; l = l->next)
        {
          Fetch *fetch = l->data;

          if (g_cancellable_is_cancelled (fetch->job->engine_cancellable))
            g_ptr_array_add (ending, fetch);
        }
    }
  /* Waiting ones first: ending a sent one would start them. */
  for (guint i = ending->len; i > 0; i--)
    fetch_cancel (g_ptr_array_index (ending, i - 1));

  return G_SOURCE_REMOVE;
}

/* Reading the answer */

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

  samples = wm_feed_extract (fetch->job->feed, fetch->job->kpi, body, content_type,
                             fetch->job->now, &error);
  if (samples == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, samples, (GDestroyNotify) g_array_unref);
}

static void
extracted (Fetch  *fetch,
           GArray *samples,
           GError *error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  WmFetchResult *fetch_result;

  if (samples == NULL)
    {
      fetch_fail (fetch, error);
      return;
    }
  /* The deadline passed while a large answer was being parsed. */
  if (fetch->timed_out)
    {
      g_array_unref (samples);
      fetch_fail (fetch, describe_transport_error (fetch, NULL));
      return;
    }

  fetch_result = g_new0 (WmFetchResult, 1);
  fetch_result->samples = samples;
  fetch_result->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  fetch_result->last_modified = g_strdup (soup_message_headers_get_one (headers,
                                                                        "Last-Modified"));
  fetch_complete (fetch, fetch_result, NULL);
}

static void
extracted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError *error = NULL;
  GArray *samples = g_task_propagate_pointer (G_TASK (result), &error);

  extracted (user_data, samples, error);
}

static void
body_complete (Fetch *fetch)
{
  /* The deadline still holds while extracting; the thread cannot be
   * interrupted, but its result is dropped if the deadline passed. */
  if (fetch->body->len > EXTRACT_IN_THREAD_BYTES)
    {
      g_autoptr(GTask) extract = g_task_new (NULL, NULL, extracted_cb, fetch);

      g_task_set_source_tag (extract, body_complete);
      g_task_set_task_data (extract, fetch, NULL);
      g_task_run_in_thread (extract, extract_in_thread);
    }
  else
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body));
      const char *content_type = soup_message_headers_get_content_type (
        soup_message_get_response_headers (fetch->message), NULL);
      GError *error = NULL;
      GArray *samples = wm_feed_extract (fetch->job->feed, fetch->job->kpi, body,
                                         content_type, fetch->job->now, &error);

      extracted (fetch, samples, error);
    }
}

static gboolean
readable_cb (GObject  *stream,
             gpointer  user_data)
{
  Fetch *fetch = user_data;

  g_clear_pointer (&fetch->readable, g_source_unref);
  read_body (fetch);

  return G_SOURCE_REMOVE;
}

/* Reads what has arrived of the body without waiting, and waits for the
 * rest with one source: a small answer is read in the turn its headers
 * arrived, with no operation of its own per read. */
static void
read_body (Fetch *fetch)
{
  GPollableInputStream *stream = G_POLLABLE_INPUT_STREAM (fetch->stream);
  guint8 *buffer = fetch->fetcher->buffer;

  for (guint i = 0; i < READS_PER_TURN; i++)
    {
      GError *error = NULL;
      gssize size;

      size = g_pollable_input_stream_read_nonblocking (stream, buffer, READ_CHUNK_BYTES,
                                                       fetch->cancellable, &error);
      if (size == 0)
        {
          body_complete (fetch);
          return;
        }
      if (size < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          break;
        }
      if (size < 0)
        {
          fetch_fail (fetch, describe_transport_error (fetch, error));
          g_error_free (error);
          return;
        }

      /* Counted over decoded bytes: a gzip bomb stops here at max_bytes. */
      if (fetch->body->len + (gsize) size > fetch->max_bytes)
        {
          g_cancellable_cancel (fetch->cancellable);
          fetch_fail (fetch, too_large_error (fetch));
          return;
        }
      g_byte_array_append (fetch->body, buffer, (guint) size);
    }

  /* The stream's source also fires when the fetch is cancelled. */
  fetch->readable = g_pollable_input_stream_create_source (stream, fetch->cancellable);
  g_source_set_callback (fetch->readable, G_SOURCE_FUNC (readable_cb), fetch, NULL);
  g_source_attach (fetch->readable, fetch->fetcher->context);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  SoupMessageHeaders *headers;
  GError *error = NULL;
  guint status;
  goffset length;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (fetch->stream == NULL)
    {
      fetch_fail (fetch, describe_transport_error (fetch, error));
      g_error_free (error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  headers = soup_message_get_response_headers (fetch->message);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      fetch_complete (fetch, g_new0 (WmFetchResult, 1), NULL);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      fetch_fail (fetch, g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                                      _("The server refused the credentials (%u %s)."),
                                      status, soup_message_get_reason_phrase (fetch->message)));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fetch_fail (fetch, g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_HTTP,
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
      fetch_fail (fetch, too_large_error (fetch));
      return;
    }

  if (!G_IS_POLLABLE_INPUT_STREAM (fetch->stream)
      || !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (fetch->stream)))
    {
      fetch_fail (fetch, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_NETWORK,
                                              _("The server’s answer could not be read.")));
      return;
    }
  fetch->body = g_byte_array_sized_new (length > 0 && length <= READ_CHUNK_BYTES
                                        ? (guint) length : 256);
  read_body (fetch);
}

/* Sending */

static void
add_auth (Fetch              *fetch,
          SoupMessageHeaders *headers)
{
  WmRecord *feed = fetch->job->feed;
  const char *secret = fetch->job->secret;
  const char *auth = wm_record_get_string (feed, WM_FEED_AUTH);

  if (secret == NULL)
    return;

  if (g_str_equal (auth, "bearer"))
    {
      g_autofree char *value = g_strconcat ("Bearer ", secret, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  else if (g_str_equal (auth, "basic"))
    {
      g_autofree char *pair = g_strconcat (wm_record_get_string (feed, WM_FEED_AUTH_USER), ":",
                                           secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  else if (g_str_equal (auth, "header"))
    soup_message_headers_replace (headers, wm_record_get_string (feed, WM_FEED_AUTH_HEADER),
                                  secret);
}

/* Sends the fetch's message; the deadline counts from here. The message is
 * made only now: hundreds of fetches may wait for their turn. */
static void
fetch_begin (Fetch *fetch)
{
  WmFeedsFetcher *fetcher = fetch->fetcher;
  WmRecord *feed = fetch->job->feed;
  Host *host = fetch->host;
  SoupMessageHeaders *headers;
  gint64 armed;

  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, fetch->uri);
  headers = soup_message_get_request_headers (fetch->message);
  soup_message_headers_replace (headers, "Accept",
                                "application/json, text/csv;q=0.9, */*;q=0.1");
  add_auth (fetch, headers);
  if (*wm_record_get_string (feed, WM_FEED_ETAG) != '\0')
    soup_message_headers_replace (headers, "If-None-Match",
                                  wm_record_get_string (feed, WM_FEED_ETAG));
  if (*wm_record_get_string (feed, WM_FEED_LAST_MODIFIED) != '\0')
    soup_message_headers_replace (headers, "If-Modified-Since",
                                  wm_record_get_string (feed, WM_FEED_LAST_MODIFIED));

  host->n_sent++;
  /* The session with the fewest fetches to this server. */
  fetch->session = 0;
  for (guint i = 1; i < SESSIONS_PER_THREAD; i++)
    {
      if (host->n_sent_by[i] < host->n_sent_by[fetch->session])
        fetch->session = i;
    }
  host->n_sent_by[fetch->session]++;

  fetch->is_sent = TRUE;
  fetch->sent_link.data = fetch;
  g_queue_push_tail_link (&fetcher->sent, &fetch->sent_link);
  fetch->deadline_us = g_get_monotonic_time () + fetch->timeout * G_USEC_PER_SEC;
  armed = g_source_get_ready_time (fetcher->deadline);
  if (armed < 0 || armed > fetch->deadline_us)
    g_source_set_ready_time (fetcher->deadline, fetch->deadline_us);

  soup_session_send_async (fetcher->sessions[fetch->session], fetch->message,
                           G_PRIORITY_DEFAULT, fetch->cancellable, send_cb, fetch);
}

static void
fetch_send (Fetch *fetch)
{
  WmFeedsFetcher *fetcher = fetch->fetcher;
  WmRecord *feed = fetch->job->feed;
  g_autofree char *host_key = NULL;
  Host *host;
  GError *error = NULL;
  gint64 start = 0, end = 0, step = 0;
  const char *auth = wm_record_get_string (feed, WM_FEED_AUTH);
  char port[16];

  if (wm_feeds_feed_has_auth (feed) && fetch->job->secret == NULL)
    {
      fetch_fail (fetch, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                                              _("The feed’s secret is not in the keyring on "
                                                "this computer; enter it again.")));
      return;
    }
  if (g_str_equal (auth, "header") && *wm_record_get_string (feed, WM_FEED_AUTH_HEADER) == '\0')
    {
      fetch_fail (fetch, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                                              _("The feed names no header for its secret.")));
      return;
    }

  /* A Prometheus feed's first fetch brings its history along. */
  if (wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE))
        == WM_FEED_TYPE_PROMETHEUS
      && !wm_record_is_set (feed, WM_FEED_LAST_SUCCESS_AT))
    {
      end = fetch->job->now;
      start = end - BACKFILL_SECONDS;
      step = MAX (wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS),
                  BACKFILL_SECONDS / PROMETHEUS_MAX_POINTS + 1);
    }

  fetch->uri = wm_feed_build_uri (feed, start, end, step, &error);
  if (fetch->uri == NULL)
    {
      fetch_fail (fetch, error);
      return;
    }

  g_snprintf (port, sizeof port, ":%d", g_uri_get_port (fetch->uri));
  host_key = g_strconcat (g_uri_get_host (fetch->uri), port, NULL);
  host = g_hash_table_lookup (fetcher->hosts, host_key);
  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      g_hash_table_insert (fetcher->hosts, g_steal_pointer (&host_key), host);
    }
  fetch->host = host;
  if (host->n_sent >= FETCHES_PER_THREAD)
    {
      g_queue_push_tail (&host->waiting, fetch);
      return;
    }

  fetch_begin (fetch);
}

/* Starts @job's fetch in @fetcher's thread. */
static void
fetch_start (WmFeedsFetcher *fetcher,
             WmFeedsJob     *job)
{
  WmRecord *feed = job->feed;
  GCancellable *caller_cancellable = g_task_get_cancellable (job->task);
  Fetch *fetch = g_new0 (Fetch, 1);
  gint64 timeout;

  fetch->fetcher = fetcher;
  fetch->job = job;
  job->started_us = g_get_monotonic_time ();
  job->now = g_get_real_time () / G_USEC_PER_SEC;
  fetch->max_bytes = wm_record_get_int (feed, WM_FEED_MAX_BYTES) > 0
                     ? (gsize) wm_record_get_int (feed, WM_FEED_MAX_BYTES)
                     : WM_FEED_DEFAULT_MAX_BYTES;
  /* One deadline for everything once sent: connecting, waiting, reading. */
  timeout = wm_record_get_int (feed, WM_FEED_TIMEOUT_SECONDS);
  fetch->timeout = timeout > 0 ? MIN (timeout, WM_FEED_MAX_TIMEOUT) : WM_FEED_DEFAULT_TIMEOUT;
  fetch->cancellable = g_cancellable_new ();

  if (g_cancellable_is_cancelled (job->engine_cancellable)
      || g_cancellable_is_cancelled (caller_cancellable))
    {
      fetch_fail (fetch, describe_transport_error (fetch, NULL));
      return;
    }
  if (caller_cancellable != NULL)
    {
      g_hash_table_insert (fetcher->by_cancellable, fetch->cancellable, fetch);
      fetch->caller_cancellable = g_object_ref (caller_cancellable);
      fetch->caller_cancel_id = g_cancellable_connect (caller_cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       fetch, NULL);
    }

  if (job->kpi == NULL && wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE))
                            == WM_FEED_TYPE_RESPONSES)
    {
      fetch_fail (fetch, g_error_new_literal (WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION,
                                              _("The feed belongs to no KPI.")));
      return;
    }

  fetch_send (fetch);
}

/* The thread */

static void
host_free (gpointer data)
{
  Host *host = data;

  /* Nothing waits by now: every fetch belongs to a task that holds the
   * engine, and the engine is going. */
  g_warn_if_fail (g_queue_is_empty (&host->waiting));
  g_free (host);
}

static gpointer
thread_main (gpointer data)
{
  WmFeedsFetcher *fetcher = data;
  g_autofree char *user_agent = g_strdup_printf ("Waymark/%s", PACKAGE_VERSION);

  g_main_context_push_thread_default (fetcher->context);
  fetcher->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, host_free);
  fetcher->by_cancellable = g_hash_table_new (NULL, NULL);
  fetcher->buffer = g_malloc (READ_CHUNK_BYTES);
  fetcher->deadline = g_source_new (&deadline_funcs, sizeof (GSource));
  g_source_set_callback (fetcher->deadline, deadline_cb, fetcher, NULL);
  g_source_attach (fetcher->deadline, fetcher->context);
  /* Many feeds of a project often share one host (a Prometheus server):
   * allow them to run side by side. Deadlines are per feed (see Fetch).
   * Credentials are the feed's own headers: libsoup's authentication
   * manager would only add work to every message. */
  for (guint i = 0; i < SESSIONS_PER_THREAD; i++)
    {
      fetcher->sessions[i] = soup_session_new_with_options ("max-conns", 256,
                                                            "max-conns-per-host",
                                                            FETCHES_PER_SESSION,
                                                            "timeout", 0,
                                                            "idle-timeout", 60,
                                                            "user-agent", user_agent,
                                                            NULL);
      soup_session_remove_feature_by_type (fetcher->sessions[i], SOUP_TYPE_AUTH_MANAGER);
    }
  g_main_loop_run (fetcher->loop);
  for (guint i = 0; i < SESSIONS_PER_THREAD; i++)
    {
      soup_session_abort (fetcher->sessions[i]);
      g_clear_object (&fetcher->sessions[i]);
    }
  while (g_main_context_iteration (fetcher->context, FALSE))
    ;
  g_source_destroy (fetcher->deadline);
  g_clear_pointer (&fetcher->deadline, g_source_unref);
  g_clear_pointer (&fetcher->buffer, g_free);
  g_clear_pointer (&fetcher->by_cancellable, g_hash_table_unref);
  g_clear_pointer (&fetcher->hosts, g_hash_table_unref);
  g_main_context_pop_thread_default (fetcher->context);

  return NULL;
}

static gboolean
quit_thread_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

/* In a fetch thread: the jobs handed over since its last turn. */
static gboolean
incoming_cb (gpointer user_data)
{
  WmFeedsFetcher *fetcher = user_data;
  g_autoptr(GPtrArray) jobs = NULL;

  jobs = wm_feeds_mailbox_take (&fetcher->incoming);

  for (guint i = 0; i < jobs->len; i++)
    fetch_start (fetcher, g_ptr_array_index (jobs, i));

  return G_SOURCE_CONTINUE;
}

/* Public (to the engine) API */

void
wm_feeds_fetch_thread_start (WmFeeds *self)
{
  for (guint i = 0; i < N_FETCH_THREADS; i++)
    {
      WmFeedsFetcher *fetcher = g_new0 (WmFeedsFetcher, 1);

      fetcher->context = g_main_context_new ();
      fetcher->loop = g_main_loop_new (fetcher->context, FALSE);
      wm_feeds_mailbox_init (&fetcher->incoming, fetcher->context, 0, incoming_cb, fetcher);
      fetcher->thread = g_thread_new ("waymark-feeds", thread_main, fetcher);
      self->fetchers[i] = fetcher;
    }
}

void
wm_feeds_fetch_thread_stop (WmFeeds *self)
{
  for (guint i = 0; i < N_FETCH_THREADS; i++)
    {
      WmFeedsFetcher *fetcher = g_steal_pointer (&self->fetchers[i]);

      if (fetcher == NULL)
        continue;
      /* From inside the loop: a quit before the thread runs it would be lost. */
      g_main_context_invoke (fetcher->context, quit_thread_cb, fetcher->loop);
      g_thread_join (fetcher->thread);
      wm_feeds_mailbox_clear (&fetcher->incoming);
      g_main_loop_unref (fetcher->loop);
      g_main_context_unref (fetcher->context);
      g_free (fetcher);
    }
}

/* In the main loop: hands @job to a fetch thread; the jobs handed over
 * together start in one turn of its loop. */
void
wm_feeds_fetch_run (WmFeedsJob *job)
{
  WmFeeds *self = job->self;
  WmFeedsFetcher *fetcher = self->fetchers[self->next_fetcher];

  self->next_fetcher = (self->next_fetcher + 1) % N_FETCH_THREADS;
  wm_feeds_mailbox_post (&fetcher->incoming, job, TRUE);
}

/* In the main loop: the engine's cancellable was cancelled; its fetches
 * end in their threads. */
void
wm_feeds_fetch_cancel_all (WmFeeds *self)
{
  for (guint i = 0; i < N_FETCH_THREADS; i++)
    {
      if (self->fetchers[i] != NULL)
        g_main_context_invoke_full (self->fetchers[i]->context, G_PRIORITY_HIGH, sweep_cb,
                                    self->fetchers[i], NULL);
    }
}
