/* wm-feeds.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "wm-feed.h"
#include "wm-store.h"

G_BEGIN_DECLS

/* The feeds engine of one open project: fetches with libsoup in two
 * threads of its own (the thread-default main context of its creator only
 * starts fetches, receives their results and announces them, a few
 * milliseconds per turn), writes samples and each feed's state to the file
 * from another thread on a connection of its own (announced on @store by
 * wm_store_announce_commit()), and schedules every enabled feed by its
 * interval with exponential back-off after failures. Signals, properties
 * and callbacks all come in the creator's main context.
 *
 * A fetch is bounded by the feed's timeout as an overall deadline (a server
 * that drips a byte a second is cut off), and by max_bytes counted over the
 * decoded body while it is read (gzip bombs included). ETag and
 * Last-Modified are sent back; a 304 moves the feed to "ok" without a sample.
 * A failed or malformed fetch writes no sample: the last good value stays,
 * the feed goes to "error" with the reason in state_message.
 *
 * A feed whose definition fails wm_feed_check_definition() is not fetched:
 * its outcome is that error. Cancelled fetches (stop, untrust) write nothing.
 *
 * A feed that is deleted (by any edit, undo or another program) or stops
 * signing in has its secret removed from the keyring.
 *
 * Nothing is fetched while the project is not trusted on this machine
 * (wm-trust.h): refreshes fail with WM_FEED_ERROR_UNTRUSTED and the
 * scheduler does not run until wm_feeds_set_trusted (self, TRUE).
 *
 * Signals:
 *   "feed-started"  (WmFeeds *, gint64 feed_id)
 *   "feed-finished" (WmFeeds *, gint64 feed_id, WmFeedOutcome *outcome)
 * Properties (notify): "store", "trusted", "running" (the scheduler is on),
 *   "n-active" (fetches under way — show progress while > 0).
 */

#define WM_TYPE_FEEDS (wm_feeds_get_type ())

G_DECLARE_FINAL_TYPE (WmFeeds, wm_feeds, WM, FEEDS, GObject)

/* The result of one fetch. */
typedef struct
{
  gint64       feed_id;
  WmFeedState  state;       /* as written to the feed row */
  GError      *error;       /* NULL unless state is ERROR (or the fetch was refused) */
  guint        n_samples;   /* samples written (0 on 304 or error) */
  gboolean     has_value;
  WmSample     latest;      /* the newest sample written, when has_value */
  gint64       duration_us; /* wall time of the fetch */
} WmFeedOutcome;

WmFeedOutcome *wm_feed_outcome_copy (const WmFeedOutcome *outcome);
void           wm_feed_outcome_free (WmFeedOutcome       *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmFeedOutcome, wm_feed_outcome_free)

/* @store must stay writable for fetches to be stored. Trust is read from
 * wm_trust_is_trusted() at creation. */
WmFeeds       *wm_feeds_new                (WmStore             *store);
WmStore       *wm_feeds_get_store          (WmFeeds             *self);

gboolean       wm_feeds_get_trusted        (WmFeeds             *self);
/* Marks the project trusted for this engine only; callers that want it
 * remembered call wm_trust_set_trusted() as well. */
void           wm_feeds_set_trusted        (WmFeeds             *self,
                                            gboolean             trusted);

/* Starts/stops the interval scheduler (does nothing while untrusted). */
void           wm_feeds_start              (WmFeeds             *self);
void           wm_feeds_stop               (WmFeeds             *self);
gboolean       wm_feeds_is_running         (WmFeeds             *self);
guint          wm_feeds_get_n_active       (WmFeeds             *self);

/* Fetches one feed now (also a disabled one) and stores its result. The
 * task fails only when the fetch could not be attempted (untrusted, no such
 * feed, read-only store); a failed fetch is a successful task whose outcome
 * has state ERROR. */
void           wm_feeds_refresh_async      (WmFeeds             *self,
                                            gint64               feed_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
WmFeedOutcome *wm_feeds_refresh_finish     (WmFeeds             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Fetches every enabled feed concurrently; the result is a GPtrArray of
 * WmFeedOutcome in feed order. */
void           wm_feeds_refresh_all_async  (WmFeeds             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray     *wm_feeds_refresh_all_finish (WmFeeds             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* "Test feed" in the editor: fetches @draft (not necessarily stored) with
 * @secret (NULL: none, or the keyring's for a stored feed) and returns the
 * samples it would store, or the exact error. Writes nothing. Ignores trust:
 * the user asked for this one fetch. */
void           wm_feeds_test_async         (WmFeeds             *self,
                                            WmRecord            *draft,
                                            const char          *secret,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GArray        *wm_feeds_test_finish        (WmFeeds             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Adds a feed as one edit and, when @secret is given, stores it in the
 * keyring under the project's and the new feed's uuid; if the keyring
 * refuses it, nothing is added. Returns the feed id, 0 on error. Blocks
 * on the keyring: for the CLI; windows use wm_feeds_add_async(). */
gint64         wm_feeds_add                (WmStore             *store,
                                            WmRecord            *draft,
                                            const char          *secret,
                                            GError             **error);

/* The same without blocking: the secret is stored first, under the uuid the
 * feed will get (a locked keyring's unlock prompt waits while the main loop
 * runs), then the feed is added as one edit. Nothing is added when the
 * keyring refuses; nothing stays in the keyring when the edit fails. The
 * result is the new feed's id (@draft gets its identity). */
void           wm_feeds_add_async          (WmStore             *store,
                                            WmRecord            *draft,
                                            const char          *secret,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64         wm_feeds_add_finish         (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
