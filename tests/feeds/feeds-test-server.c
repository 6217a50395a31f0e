/* feeds-test-server.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include "feeds-test-server.h"

/* The routes:
 *   /delighted        {"nps":51,…} as Delighted's metrics API answers
 *   /string-number    {"score":"42.5"}
 *   /fraction         {"rate":"0.915"}, a share as a fraction of one
 *   /history          points with ISO times, for a path and a time path
 *   /pairs            [[time, "value"], …]
 *   /prom/api/v1/query, /prom/api/v1/query_range
 *                     Prometheus vector / scalar / matrix with string values;
 *                     the query picks a fault: "multi", "nan", "bad", "empty"
 *   /csv              date,region,score
 *   /csv-de           the same as a German spreadsheet exports it: semicolons,
 *                     decimal commas, thousands points, day.month.year
 *   /zendesk          satisfaction ratings good / bad / offered
 *   /etag             answers 304 to its own ETag
 *   /auth             wants "Authorization: Bearer s3cr3t-w4ymark-t0ken"
 *   /auth-basic       wants Basic feeds:pa55-w0rd-b4sic
 *   /auth-header      wants "X-Api-Key: k3y-h3ad3r-v4lue"
 * Faults:
 *   /never (never answers), /drip (a byte every 200 ms), /503, /huge
 *   (200 MB, chunked), /huge-length (200 MB with Content-Length), /bomb
 *   (64 MB of zeros gzipped), /deep (200,000 nested arrays), /invalid,
 *   /non-numeric, /infinite, /overflow, /loop (redirects to itself),
 *   /login (an HTML login page), /empty, /shape. */

#define HUGE_BYTES (200 * 1024 * 1024)
#define BOMB_BYTES (64 * 1024 * 1024)
#define CHUNK_BYTES (256 * 1024)

struct _FeedsTestServer
{
  SoupServer *server;
  char       *base;
  GHashTable *hits;          /* path → count */
  SoupMessageHeaders *last_headers;
  GBytes     *bomb;
  GBytes     *chunk;         /* CHUNK_BYTES of JSON-ish filler */
};

typedef struct
{
  SoupServerMessage *message;
  gsize              sent;
  gsize              total;
  GBytes            *chunk;
  guint              timeout_id;
  gboolean           finished;
} Stream;

/* Helpers */

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body,
                                      strlen (body));
}

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_bytes_unref (stream->chunk);
  g_free (stream);
}

static void
stream_finished_cb (SoupServerMessage *message,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  stream->finished = TRUE;
  g_clear_handle_id (&stream->timeout_id, g_source_remove);
}

static void
stream_wrote_chunk_cb (SoupServerMessage *message,
                       gpointer           user_data)
{
  Stream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (message);

  if (stream->finished)
    return;
  if (stream->sent >= stream->total)
    {
      soup_message_body_complete (body);
      return;
    }
  soup_message_body_append_bytes (body, stream->chunk);
  stream->sent += g_bytes_get_size (stream->chunk);
}

static gboolean
drip_cb (gpointer user_data)
{
  Stream *stream = user_data;

  stream->timeout_id = 0;
  if (stream->finished)
    return G_SOURCE_REMOVE;
  soup_message_body_append (soup_server_message_get_response_body (stream->message),
                            SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (stream->message);

  return G_SOURCE_REMOVE;
}

static void
drip_wrote_chunk_cb (SoupServerMessage *message,
                     gpointer           user_data)
{
  Stream *stream = user_data;

  if (stream->finished)
    return;
  soup_server_message_pause (message);
  stream->timeout_id = g_timeout_add (200, drip_cb, stream);
}

static void
start_stream (SoupServerMessage *message,
              GBytes            *chunk,
              gsize              total,
              gboolean           drip,
              gboolean           with_length)
{
  Stream *stream = g_new0 (Stream, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  stream->message = message;
  stream->chunk = g_bytes_ref (chunk);
  stream->total = total;
  g_object_set_data_full (G_OBJECT (message), "feeds-test-stream", stream, stream_free);
  g_signal_connect (message, "finished", G_CALLBACK (stream_finished_cb), stream);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* Written chunks are dropped, so the server never holds the whole body. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);
  if (with_length)
    soup_message_headers_set_content_length (headers, total);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);

  if (drip)
    {
      g_signal_connect (message, "wrote-chunk", G_CALLBACK (drip_wrote_chunk_cb), stream);
      soup_message_body_append (soup_server_message_get_response_body (message),
                                SOUP_MEMORY_STATIC, "{", 1);
    }
  else
    {
      g_signal_connect (message, "wrote-chunk", G_CALLBACK (stream_wrote_chunk_cb), stream);
      stream_wrote_chunk_cb (message, stream);
    }
}

static void
serve_prometheus (SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query)
{
  const char *promql = query ? g_hash_table_lookup (query, "query") : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *body = NULL;

  if (promql == NULL)
    {
      respond (message, 400, "application/json",
               "{\"status\":\"error\",\"errorType\":\"bad_data\","
               "\"error\":\"invalid parameter \\\"query\\\"\"}");
      return;
    }

  if (g_str_has_suffix (path, "/query_range"))
    body = g_strdup_printf (
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
      "{\"metric\":{\"__name__\":\"nps\"},\"values\":[[%" G_GINT64_FORMAT ",\"40\"],"
      "[%" G_GINT64_FORMAT ".5,\"45.5\"],[%" G_GINT64_FORMAT ",\"47\"]]}]}}",
      now - 7200, now - 3600, now - 60);
  else if (g_str_has_prefix (promql, "scalar("))
    body = g_strdup_printf ("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                            "\"result\":[%" G_GINT64_FORMAT ".123,\"0.97\"]}}", now);
  else if (g_str_equal (promql, "multi"))
    body = g_strdup_printf (
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
      "{\"metric\":{\"a\":\"1\"},\"value\":[%" G_GINT64_FORMAT ",\"1\"]},"
      "{\"metric\":{\"a\":\"2\"},\"value\":[%" G_GINT64_FORMAT ",\"2\"]}]}}", now, now);
  else if (g_str_equal (promql, "nan"))
    body = g_strdup_printf ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                            "\"result\":[{\"metric\":{},\"value\":[%" G_GINT64_FORMAT
                            ",\"NaN\"]}]}}", now);
  else if (g_str_equal (promql, "empty"))
    body = g_strdup ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                     "\"result\":[]}}");
  else if (g_str_equal (promql, "bad"))
    {
      respond (message, 400, "application/json",
               "{\"status\":\"error\",\"errorType\":\"bad_data\","
               "\"error\":\"1:4: parse error: unexpected end of input\"}");
      return;
    }
  else
    body = g_strdup_printf ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                            "\"result\":[{\"metric\":{},\"value\":[%" G_GINT64_FORMAT
                            ".781,\"51.25\"]}]}}", now);

  respond (message, SOUP_STATUS_OK, "application/json", body);
}

static gboolean
check_header (SoupServerMessage *message,
              const char        *name,
              const char        *wanted)
{
  const char *value = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), name);

  if (g_strcmp0 (value, wanted) == 0)
    return TRUE;

  respond (message, SOUP_STATUS_UNAUTHORIZED, "application/json",
           "{\"error\":\"unauthorized\"}");
  return FALSE;
}

static void
handler (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  FeedsTestServer *server = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path));

  g_hash_table_replace (server->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));
  g_clear_pointer (&server->last_headers, soup_message_headers_unref);
  server->last_headers = soup_message_headers_ref (request);

  if (g_str_equal (path, "/delighted"))
    respond (message, 200, "application/json",
             "{\"nps\":51,\"promoter_count\":82,\"promoter_percent\":63.1,"
             "\"passive_count\":30,\"passive_percent\":23.1,\"detractor_count\":18,"
             "\"detractor_percent\":13.8,\"response_count\":130}");
  else if (g_str_equal (path, "/fraction"))
    respond (message, 200, "application/json", "{\"rate\":\"0.915\"}");
  else if (g_str_equal (path, "/string-number"))
    respond (message, 200, "application/json", "{\"data\":{\"score\":\"42.5\"}}");
  else if (g_str_equal (path, "/history"))
    respond (message, 200, "application/json",
             "{\"points\":[{\"t\":\"2026-01-01T00:00:00Z\",\"v\":10},"
             "{\"t\":\"2026-01-02T00:00:00Z\",\"v\":\"12.5\"},"
             "{\"t\":1767398400,\"v\":15}]}");
  else if (g_str_equal (path, "/pairs"))
    respond (message, 200, "application/json",
             "{\"series\":[[1767225600,\"1\"],[1767312000000,\"2\"]]}");
  else if (g_str_has_prefix (path, "/prom/api/v1/query"))
    serve_prometheus (message, path, query);
  else if (g_str_equal (path, "/csv"))
    respond (message, 200, "text/csv",
             "date,region,score\r\n2026-01-01,EU,40\r\n2026-01-02,US,50\r\n"
             "2026-01-03,EU,45\r\n2026-01-04,APAC,\"38.5\"\r\n");
  else if (g_str_equal (path, "/csv-de"))
    respond (message, 200, "text/csv",
             "Datum;Region;FCR;Anzahl\r\n15.11.2026;DACH;74,1 %;1.320\r\n"
             "16.11.2026 08:30;DACH;\"76,5\";12\r\n");
  else if (g_str_equal (path, "/zendesk"))
    respond (message, 200, "application/json",
             "{\"satisfaction_ratings\":["
             "{\"id\":1,\"score\":\"good\",\"created_at\":\"2026-01-01T10:00:00Z\"},"
             "{\"id\":2,\"score\":\"good\",\"created_at\":\"2026-01-01T11:00:00Z\"},"
             "{\"id\":3,\"score\":\"offered\",\"created_at\":\"2026-01-01T12:00:00Z\"},"
             "{\"id\":4,\"score\":\"bad\",\"created_at\":\"2026-01-02T09:00:00Z\"},"
             "{\"id\":5,\"score\":\"good\",\"created_at\":\"2026-01-02T10:00:00Z\"}],"
             "\"next_page\":null,\"count\":5}");
  else if (g_str_equal (path, "/etag"))
    {
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), "\"v1\"") == 0)
        {
          soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
          soup_message_headers_replace (response, "ETag", "\"v1\"");
        }
      else
        {
          soup_message_headers_replace (response, "ETag", "\"v1\"");
          soup_message_headers_replace (response, "Last-Modified",
                                        "Wed, 25 Nov 2026 10:00:00 GMT");
          respond (message, 200, "application/json", "{\"nps\":33}");
        }
    }
  else if (g_str_equal (path, "/auth"))
    {
      if (check_header (message, "Authorization", "Bearer s3cr3t-w4ymark-t0ken"))
        respond (message, 200, "application/json", "{\"nps\":61}");
    }
  else if (g_str_equal (path, "/auth-basic"))
    {
      /* feeds:pa55-w0rd-b4sic */
      if (check_header (message, "Authorization", "Basic ZmVlZHM6cGE1NS13MHJkLWI0c2lj"))
        respond (message, 200, "application/json", "{\"nps\":62}");
    }
  else if (g_str_equal (path, "/auth-header"))
    {
      if (check_header (message, "X-Api-Key", "k3y-h3ad3r-v4lue"))
        respond (message, 200, "application/json", "{\"nps\":63}");
    }
  else if (g_str_equal (path, "/never"))
    soup_server_message_pause (message);
  else if (g_str_equal (path, "/drip"))
    start_stream (message, server->chunk, G_MAXSIZE, TRUE, FALSE);
  else if (g_str_equal (path, "/503"))
    respond (message, 503, "text/plain", "Service Unavailable");
  else if (g_str_equal (path, "/huge"))
    start_stream (message, server->chunk, HUGE_BYTES, FALSE, FALSE);
  else if (g_str_equal (path, "/huge-length"))
    start_stream (message, server->chunk, HUGE_BYTES, FALSE, TRUE);
  else if (g_str_equal (path, "/bomb"))
    {
      soup_message_headers_replace (response, "Content-Encoding", "gzip");
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (server->bomb, NULL),
                                        g_bytes_get_size (server->bomb));
    }
  else if (g_str_equal (path, "/deep"))
    {
      GString *deep = g_string_sized_new (400002);

      for (guint i = 0; i < 200000; i++)
        g_string_append_c (deep, '[');
      for (guint i = 0; i < 200000; i++)
        g_string_append_c (deep, ']');
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                        deep->str, deep->len);
      g_string_free (deep, FALSE);
    }
  else if (g_str_equal (path, "/invalid"))
    respond (message, 200, "application/json", "{\"nps\": 51,");
  else if (g_str_equal (path, "/non-numeric"))
    respond (message, 200, "application/json", "{\"nps\":\"high\"}");
  else if (g_str_equal (path, "/infinite"))
    respond (message, 200, "application/json", "{\"nps\":\"Infinity\"}");
  else if (g_str_equal (path, "/overflow"))
    respond (message, 200, "application/json", "{\"nps\":1e999}");
  else if (g_str_equal (path, "/null"))
    respond (message, 200, "application/json", "{\"nps\":null}");
  else if (g_str_equal (path, "/loop"))
    {
      soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, "/loop");
    }
  else if (g_str_equal (path, "/login"))
    respond (message, 200, "text/html; charset=utf-8",
             "<!DOCTYPE html><html><body><form action=\"/login\">"
             "<input name=\"user\"><input type=\"password\"></form></body></html>");
  else if (g_str_equal (path, "/login-as-json"))
    respond (message, 200, "application/json", "\n  <html><body>Sign in</body></html>");
  else if (g_str_equal (path, "/empty"))
    respond (message, 200, "application/json", "");
  else if (g_str_equal (path, "/shape"))
    respond (message, 200, "application/json", "{\"data\":{\"count\":3}}");
  else if (g_str_equal (path, "/bench"))
    respond (message, 200, "application/json", "{\"nps\":42}");
  else
    respond (message, 404, "text/plain", "Not Found");
}

static GBytes *
make_bomb (void)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  guint8 buffer[64 * 1024];
  gsize remaining = BOMB_BYTES;

  for (;;)
    {
      gsize in_size = MIN (remaining, 1024 * 1024);
      gsize read = 0, written = 0;
      GConverterResult result;
      g_autoptr(GError) error = NULL;

      result = g_converter_convert (G_CONVERTER (compressor), zeros, in_size, buffer,
                                    sizeof buffer,
                                    remaining == in_size ? G_CONVERTER_INPUT_AT_END : 0,
                                    &read, &written, &error);
      g_assert_no_error (error);
      g_byte_array_append (out, buffer, written);
      remaining -= read;
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Public API */

FeedsTestServer *
feeds_test_server_new (void)
{
  FeedsTestServer *server = g_new0 (FeedsTestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *filler = g_malloc (CHUNK_BYTES);

  memset (filler, ' ', CHUNK_BYTES);
  server->chunk = g_bytes_new_take (g_steal_pointer (&filler), CHUNK_BYTES);
  server->bomb = make_bomb ();
  server->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->server = soup_server_new ("server-header", "feeds-test", NULL);
  soup_server_add_handler (server->server, NULL, handler, server, NULL);
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);

    /* GSocket's default backlog is 10: the benchmark's 64 clients at once
     * (ours and curl's) would see dropped connects, retried a second later,
     * and time the kernel rather than the fetching. */
    g_assert_no_error (error);
    g_socket_set_listen_backlog (socket, 512);
    g_assert_true (g_socket_bind (socket, address, TRUE, &error));
    g_assert_true (g_socket_listen (socket, &error));
    g_assert_true (soup_server_listen_socket (server->server, socket, 0, &error));
    g_assert_no_error (error);
  }

  uris = soup_server_get_uris (server->server);
  server->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  return server;
}

void
feeds_test_server_free (FeedsTestServer *server)
{
  soup_server_disconnect (server->server);
  g_object_unref (server->server);
  g_clear_pointer (&server->last_headers, soup_message_headers_unref);
  g_hash_table_unref (server->hits);
  g_bytes_unref (server->bomb);
  g_bytes_unref (server->chunk);
  g_free (server->base);
  g_free (server);
}

const char *
feeds_test_server_get_base (FeedsTestServer *server)
{
  return server->base;
}

char *
feeds_test_server_url (FeedsTestServer *server,
                       const char      *path)
{
  return g_strconcat (server->base, path, NULL);
}

guint
feeds_test_server_get_hits (FeedsTestServer *server,
                            const char      *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path));
}

const char *
feeds_test_server_get_last_header (FeedsTestServer *server,
                                   const char      *name)
{
  return server->last_headers ? soup_message_headers_get_one (server->last_headers, name)
                              : NULL;
}

char *
feeds_test_refused_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* Bind a port and close it again: nothing listens there afterwards. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/nps", port);
}
