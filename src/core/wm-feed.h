/* wm-feed.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wm-kpi.h"
#include "wm-record.h"

G_BEGIN_DECLS

/* What one feed row means, and how a fetched body becomes KPI values.
 * Everything here is synchronous and network-free; wm-feeds.h fetches. */

#define WM_FEED_ERROR (wm_feed_error_quark ())

typedef enum
{
  WM_FEED_ERROR_DEFINITION,  /* the feed itself is incomplete or wrong (no path, bad URL …) */
  WM_FEED_ERROR_NETWORK,     /* cannot connect, DNS, TLS, connection refused */
  WM_FEED_ERROR_TIMEOUT,     /* no complete answer within the feed's timeout */
  WM_FEED_ERROR_HTTP,        /* an HTTP status other than 2xx/304 */
  WM_FEED_ERROR_AUTH,        /* 401/403, or the secret is missing from the keyring */
  WM_FEED_ERROR_REDIRECT,    /* too many redirects (a loop) */
  WM_FEED_ERROR_TOO_LARGE,   /* the body (decoded) exceeds max_bytes */
  WM_FEED_ERROR_TOO_DEEP,    /* JSON nested deeper than WM_FEED_MAX_JSON_DEPTH */
  WM_FEED_ERROR_EMPTY,       /* an empty body */
  WM_FEED_ERROR_HTML,        /* an HTML page (a login page, a proxy's error page) */
  WM_FEED_ERROR_PARSE,       /* not valid JSON / CSV */
  WM_FEED_ERROR_SHAPE,       /* valid, but the path or column finds nothing usable */
  WM_FEED_ERROR_NOT_NUMBER,  /* the value found is not a finite number */
  WM_FEED_ERROR_UNTRUSTED,   /* the project's feeds are not trusted on this machine */
  WM_FEED_ERROR_CANCELLED,
} WmFeedError;

typedef enum
{
  WM_FEED_STATE_NEW,     /* never fetched */
  WM_FEED_STATE_OK,      /* the last fetch gave a value */
  WM_FEED_STATE_STALE,   /* the last value is older than the interval, or 304 pending */
  WM_FEED_STATE_ERROR,   /* the last fetch failed; state_message says why */
  WM_FEED_STATE_PAUSED,  /* disabled, or the project is not trusted */
} WmFeedState;

typedef enum
{
  WM_FEED_TYPE_JSON,
  WM_FEED_TYPE_PROMETHEUS,
  WM_FEED_TYPE_CSV,
  WM_FEED_TYPE_RESPONSES,
} WmFeedType;

/* Nesting bound checked over the bytes before json-glib parses them. */
#define WM_FEED_MAX_JSON_DEPTH 64
/* The schema's defaults for a feed row. */
#define WM_FEED_DEFAULT_INTERVAL  3600
#define WM_FEED_DEFAULT_TIMEOUT   30
#define WM_FEED_DEFAULT_MAX_BYTES (10 * 1024 * 1024)
/* What wm_feed_check_definition() accepts. */
#define WM_FEED_MAX_INTERVAL  (30 * 24 * 3600)
#define WM_FEED_MAX_TIMEOUT   3600
#define WM_FEED_MAX_MAX_BYTES (G_GINT64_CONSTANT (1) << 30)
#define WM_FEED_MIN_SCALE     0.001
#define WM_FEED_MAX_SCALE     1e6
/* The longest a failing feed waits before its next attempt. */
#define WM_FEED_MAX_BACKOFF_SECONDS (24 * 3600)

GQuark       wm_feed_error_quark       (void);

/* The file's values ("ok", "paused" …) ↔ enum; unknown text → NEW / JSON. */
WmFeedState  wm_feed_state_from_string (const char   *state);
const char  *wm_feed_state_to_string   (WmFeedState   state);   /* file value */
/* What the feed's extracted values are multiplied by: its scale, 1 when
 * unset (raw answers are never scaled; their KPI is computed). */
double       wm_feed_get_scale         (WmRecord     *feed);
/* Clears @draft's ETag and Last-Modified when what it fetches or extracts
 * differs from @before's: they belong to the answer the old definition
 * read, and the server's "not modified" would keep a value the new
 * definition never extracted. */
void         wm_feed_drop_stale_validators (WmRecord *before,
                                            WmRecord *draft);
const char  *wm_feed_state_get_label   (WmFeedState   state);   /* translated */
WmFeedType   wm_feed_type_from_string  (const char   *type);
const char  *wm_feed_type_get_label    (WmFeedType    type);    /* translated */

/* The state of a feed record to show: its "state" column, PAUSED when not
 * enabled, STALE when "ok" but the last success is older than two intervals.
 * (Whether the project is trusted is wm_feeds_get_trusted()'s business.) */
WmFeedState  wm_feed_get_state         (WmRecord     *feed);

/* Seconds until the next attempt after @failures consecutive failures:
 * the interval when 0, else 30 s doubled per failure, never above the
 * interval × 2^failures nor WM_FEED_MAX_BACKOFF_SECONDS. */
gint64       wm_feed_next_delay        (gint64        interval_seconds,
                                        gint64        failures);

/* The URI a feed requests: the JSON/CSV/responses URL as given; for
 * Prometheus the base URL + "/api/v1/query?query=…" (or query_range when
 * @range_start < @range_end, with @step seconds). Fails with
 * WM_FEED_ERROR_DEFINITION on a URL that is not http(s) or a missing query. */
GUri        *wm_feed_build_uri         (WmRecord     *feed,
                                        gint64        range_start,
                                        gint64        range_end,
                                        gint64        step,
                                        GError      **error);

/* Plain http:// to a host that is not loopback (the editor flags it). */
gboolean     wm_feed_url_is_insecure   (const char   *url);

/* FALSE (WM_FEED_ERROR_TOO_DEEP) when JSON in @data nests deeper than
 * @max_depth: counts brackets outside strings, so it runs in one pass and
 * never recurses. */
gboolean     wm_feed_check_json_depth  (const char   *data,
                                        gsize         length,
                                        guint         max_depth,
                                        GError      **error);

/* Turns a fetched body into samples (a GArray of WmSample, oldest first)
 * following the feed's type and extraction settings; @kpi gives kind and
 * variant for "responses" feeds. @now is the time of samples that carry
 * none. Bodies that are empty, HTML, too deep, malformed, of the wrong
 * shape or not numbers fail with the matching WmFeedError and a readable,
 * translated message. */
GArray      *wm_feed_extract           (WmRecord     *feed,
                                        WmRecord     *kpi,
                                        GBytes       *body,
                                        const char   *content_type,
                                        gint64        now,
                                        GError      **error);

/* Whether @feed can be fetched as defined, without any network I/O: a
 * known type; an http(s) URL with a host; per type its JSONPath (and time
 * path) that compiles, its PromQL query, its CSV column and row rule; the
 * fields its kind of authentication needs; interval, timeout and size limit
 * within range. FALSE with WM_FEED_ERROR_DEFINITION and a translated
 * sentence naming what to fix; @field (nullable) gets the column to fix. */
gboolean     wm_feed_check_definition  (WmRecord     *feed,
                                        WmColumnId   *field,
                                        GError      **error);

/* A draft feed record for @kpi_id with the given type and URL; defaults
 * for everything else (interval 3600 s, timeout 30 s, 10 MiB). */
WmRecord    *wm_feed_new_draft         (gint64        kpi_id,
                                        WmFeedType    type,
                                        const char   *url);

G_END_DECLS
