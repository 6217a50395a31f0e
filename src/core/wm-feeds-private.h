/* wm-feeds-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "wm-feeds.h"

G_BEGIN_DECLS

/* Fetches sent to one server at a time (curl --parallel's default is 50);
 * the others wait in their fetch thread. libsoup looks through every
 * message a session holds, and probes every idle connection of the
 * session with a read, each time it looks for a connection: with all of a
 * server's connections in one session, a fetch cost some twenty reads that
 * found nothing. So the fetches are spread over many sessions of a few
 * connections each (about five such reads a fetch).
 *
 * Two fetch threads, jobs handed to them in turn, each with 8 sessions of
 * 4 connections: 64 to one server in all. Reading answers is most of a
 * refresh's work, and on a machine of two cores one thread doing all of it
 * was the refresh's critical path: 500 feeds took 36 ms with one thread
 * against 33 ms with two (medians of 42 rounds each, in turn). */
#define N_FETCH_THREADS 2
#define SESSIONS_PER_THREAD 8
#define FETCHES_PER_SESSION 4
#define FETCHES_PER_THREAD (SESSIONS_PER_THREAD * FETCHES_PER_SESSION)

/* A fetch thread (wm-feeds-fetch.c). */
typedef struct _WmFeedsFetcher WmFeedsFetcher;

/* Items handed from any thread to a main context, many per wake-up: the
 * first post makes the mailbox's source ready @delay_us later, and its
 * function there takes all posted since. A delay lets a busy producer
 * gather dozens of items per wake-up of the consumer's thread instead of
 * one or two; a post marked urgent (the producer's last for now) makes
 * the source ready at once. */
typedef struct
{
  GMutex        lock;
  GPtrArray    *items;           /* under lock */
  gboolean      scheduled;       /* under lock: the source's ready time is set */
  gboolean      urgent;          /* under lock: ... to now */
  GSource      *source;          /* in the consumer's context, from init to clear */
  gint64        delay_us;
} WmFeedsMailbox;

/* What a finished fetch gives. */
typedef struct
{
  GArray   *samples;        /* NULL when not modified (304) */
  char     *etag;
  char     *last_modified;
} WmFetchResult;

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
  GPtrArray    *pending;         /* WmFeedsWrite: outcomes waiting to be stored */
  guint         flush_id;
  gboolean      flush_soon;      /* flush_id is an idle, not a delay */
  gboolean      writing;         /* a Batch is with the writer */
  GQueue       *to_start;        /* WmFeedsJob of a refresh not yet started */
  guint         start_id;
  GQueue       *finishing;       /* WmFeedsWrite: stored, their tasks still to complete */
  guint         finish_id;

  GMainContext *main_context;    /* where tasks complete and signals are emitted */
  WmFeedsFetcher *fetchers[N_FETCH_THREADS];
  guint         next_fetcher;    /* the one the next job goes to */
  WmFeedsMailbox done;           /* WmFeedsJob: fetched, for the main loop */

  GThreadPool  *writer;          /* one thread; a job is a Batch */
  WmStore      *writer_store;    /* opened and used in the writer thread only */
  gboolean      announcing;      /* our own results come back as "changed" */

  /* The feeds as last read, for refreshing them all and scheduling: kept
   * while nothing but this engine's own results changed them, and those it
   * applies itself (wm_feeds_remember_written()). */
  GPtrArray    *listed;          /* WmRecord, or NULL when not read or stale */
  GHashTable   *listed_by_id;    /* id → WmRecord of listed */
  GHashTable   *listed_checked;  /* WmRecord of listed whose definition checked out */

  GHashTable   *secret_feeds;    /* id → uuid of the feeds that sign in */
  GHashTable   *taken_secrets;   /* uuid → TakenSecret of feeds gone, see take_secret() */
};

/* A fetch handed from the main loop to the fetch thread and back. */
typedef struct
{
  WmFeeds      *self;            /* no reference: the task holds one */
  GTask        *task;            /* the caller's refresh, refresh of all, or test */
  guint         index;           /* in a refresh of all: the feed's place in its outcomes */
  gboolean      is_test;
  WmRecord     *feed;
  WmRecord     *kpi;             /* for raw answers only */
  char         *secret;
  GCancellable *engine_cancellable;
  /* Set in the fetch thread */
  WmFetchResult *result;
  GError       *error;
  gint64        started_us;
  gint64        now;
} WmFeedsJob;

/* A queued write of one outcome. */
typedef struct
{
  WmFeedOutcome *outcome;
  GArray        *samples;
  char          *etag;
  char          *last_modified;
  gint64         attempt_at;
  GTask         *task;      /* completed once written (see WmFeedsJob) */
  guint          index;
  WmRecord      *known;     /* the feed as fetched: what its row should hold */
  gint64         kpi_id;    /* whose samples were written, or 0 */
  WmRecord      *values;    /* what was written to the feed's row */
  gboolean       written;
} WmFeedsWrite;

/* wm-feeds.c */
void      wm_feeds_mailbox_init       (WmFeedsMailbox *mailbox,
                                       GMainContext   *context,
                                       gint64          delay_us,
                                       GSourceFunc     func,
                                       gpointer        data);
void      wm_feeds_mailbox_post       (WmFeedsMailbox *mailbox,
                                       gpointer        item,
                                       gboolean        urgent);
GPtrArray *wm_feeds_mailbox_take      (WmFeedsMailbox *mailbox);
void      wm_feeds_mailbox_clear      (WmFeedsMailbox *mailbox);
void      wm_feeds_fetch_result_free  (gpointer      data);
gboolean  wm_feeds_feed_has_auth      (WmRecord     *feed);
void      wm_feeds_job_done           (WmFeedsJob   *job,
                                       gboolean      last);
void      wm_feeds_finish_soon        (WmFeeds      *self);
void      wm_feeds_remember_written   (WmFeeds      *self,
                                       WmFeedsWrite *write);

/* wm-feeds-fetch.c: the fetch thread */
void      wm_feeds_fetch_thread_start (WmFeeds      *self);
void      wm_feeds_fetch_thread_stop  (WmFeeds      *self);
void      wm_feeds_fetch_run          (WmFeedsJob   *job);
void      wm_feeds_fetch_cancel_all   (WmFeeds      *self);

/* wm-feeds-writer.c: the writer thread */
void      wm_feeds_writer_start       (WmFeeds      *self);
void      wm_feeds_writer_stop        (WmFeeds      *self);
void      wm_feeds_write_free         (gpointer      data);
void      wm_feeds_queue_flush        (WmFeeds      *self);

G_END_DECLS
