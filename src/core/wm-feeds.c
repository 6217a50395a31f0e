/* wm-feeds.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-feeds"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-feeds-private.h"
#include "wm-record-private.h"
#include "wm-secrets.h"
#include "wm-trust.h"

/* The engine's work is in three places: this file (the scheduler, the
 * public API, the secrets' lifecycle, and the main loop's side of every
 * fetch: starting it and completing its task), wm-feeds-fetch.c (the
 * fetch thread) and wm-feeds-writer.c (the writer thread). */

/* Work done in one turn of the main loop before it draws again. */
#define FINISH_BUDGET_US 3000
#define START_BUDGET_US 3000
/* While fetches run, their results reach the main loop at most this long
 * after the first of them: a fraction of a frame, and dozens per wake-up
 * of the main thread instead of one or two. */
#define DONE_DELAY_US 3000

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
static void job_dispatch (WmFeedsJob *job);
static gboolean done_cb (gpointer user_data);
static gboolean finish_cb (gpointer user_data);

/* Helpers */

void
wm_feeds_fetch_result_free (gpointer data)
{
  WmFetchResult *result = data;

  g_clear_pointer (&result->samples, g_array_unref);
  g_free (result->etag);
  g_free (result->last_modified);
  g_free (result);
}

static void
job_free (WmFeedsJob *job)
{
  g_clear_object (&job->task);
  g_clear_object (&job->feed);
  g_clear_object (&job->kpi);
  g_clear_pointer (&job->secret, wm_secrets_free);
  g_clear_object (&job->engine_cancellable);
  g_clear_pointer (&job->result, wm_feeds_fetch_result_free);
  g_clear_error (&job->error);
  g_free (job);
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

/* A draft's unset auth reads "", a stored one's "none". */
gboolean
wm_feeds_feed_has_auth (WmRecord *feed)
{
  const char *auth = wm_record_get_string (feed, WM_FEED_AUTH);

  return *auth != '\0' && !g_str_equal (auth, "none");
}

static gboolean
mailbox_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  /* The source stays for the mailbox's life; a post sets it ready again. */
  callback (user_data);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs mailbox_funcs = {
  .dispatch = mailbox_dispatch,
};

void
wm_feeds_mailbox_init (WmFeedsMailbox *mailbox,
                       GMainContext   *context,
                       gint64          delay_us,
                       GSourceFunc     func,
                       gpointer        data)
{
  g_mutex_init (&mailbox->lock);
  mailbox->items = g_ptr_array_new ();
  mailbox->delay_us = delay_us;
  mailbox->source = g_source_new (&mailbox_funcs, sizeof (GSource));
  g_source_set_static_name (mailbox->source, "[waymark] feeds mailbox");
  /* No reference: whoever posts keeps the data alive until taken. */
  g_source_set_callback (mailbox->source, func, data, NULL);
  g_source_attach (mailbox->source, context);
}

/* Any thread. */
void
wm_feeds_mailbox_post (WmFeedsMailbox *mailbox,
                       gpointer        item,
                       gboolean        urgent)
{
  g_mutex_lock (&mailbox->lock);
  g_ptr_array_add (mailbox->items, item);
  if (!mailbox->scheduled || (urgent && !mailbox->urgent))
    {
      mailbox->scheduled = TRUE;
      mailbox->urgent = urgent || mailbox->delay_us == 0;
      g_source_set_ready_time (mailbox->source,
                               mailbox->urgent ? 0 : g_get_monotonic_time () + mailbox->delay_us);
    }
  g_mutex_unlock (&mailbox->lock);
}

/* In the mailbox's context, from its func: everything posted so far. */
GPtrArray *
wm_feeds_mailbox_take (WmFeedsMailbox *mailbox)
{
  GPtrArray *items;

  g_mutex_lock (&mailbox->lock);
  items = g_steal_pointer (&mailbox->items);
  mailbox->items = g_ptr_array_new ();
  mailbox->scheduled = FALSE;
  mailbox->urgent = FALSE;
  g_source_set_ready_time (mailbox->source, -1);
  g_mutex_unlock (&mailbox->lock);

  return items;
}

void
wm_feeds_mailbox_clear (WmFeedsMailbox *mailbox)
{
  if (mailbox->items == NULL)
    return;
  g_warn_if_fail (mailbox->items->len == 0);
  g_source_destroy (mailbox->source);
  g_clear_pointer (&mailbox->source, g_source_unref);
  g_clear_pointer (&mailbox->items, g_ptr_array_unref);
  g_mutex_clear (&mailbox->lock);
}

/* Any thread: hands a finished job back to the main loop, many at a time;
 * @last when its thread has no other fetch under way, so that the last
 * result of a refresh waits for nothing. The job's task holds the engine
 * until done_cb(). */
void
wm_feeds_job_done (WmFeedsJob *job,
                   gboolean    last)
{
  wm_feeds_mailbox_post (&job->self->done, job, last);
}

static void
job_secret_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WmFeedsJob *job = user_data;
  g_autoptr(GError) error = NULL;

  job->secret = wm_secrets_lookup_finish (result, &error);
  if (error != NULL)
    job->error = g_error_new (WM_FEED_ERROR, WM_FEED_ERROR_AUTH,
                              _("Cannot read the feed’s secret from the keyring: %s"),
                              error->message);
  job_dispatch (job);
}

/* The feeds as read last (see WmFeeds.listed) */

static void
forget_listed (WmFeeds *self)
{
  g_clear_pointer (&self->listed_checked, g_hash_table_unref);
  g_clear_pointer (&self->listed_by_id, g_hash_table_unref);
  g_clear_pointer (&self->listed, g_ptr_array_unref);
}

/* Every feed, in the store's order; the array must not be changed. A
 * refresh (@to_fetch) takes the kept records only while none is being
 * fetched: the writer's results are applied to them in place, which is
 * safe only for a record no other fetch reads. */
static GPtrArray *
list_feeds (WmFeeds   *self,
            gboolean   to_fetch,
            GError   **error)
{
  GPtrArray *feeds;

  if (to_fetch && self->n_active > 0)
    return wm_store_list (self->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, error);
  if (self->listed != NULL)
    return g_ptr_array_ref (self->listed);

  feeds = wm_store_list (self->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, error);
  if (feeds == NULL)
    return NULL;
  self->listed = g_ptr_array_ref (feeds);
  self->listed_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->listed_checked = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      gint64 id = wm_record_get_id (feed);

      g_hash_table_insert (self->listed_by_id, g_memdup2 (&id, sizeof id), feed);
    }

  return feeds;
}

/* In the main loop, before the store announces @write: the kept record of
 * its feed takes what was written, so the next refresh need not read it. */
void
wm_feeds_remember_written (WmFeeds      *self,
                           WmFeedsWrite *write)
{
  WmRecord *fetched = write->known;
  WmRecord *listed;

  if (self->listed == NULL)
    return;

  listed = g_hash_table_lookup (self->listed_by_id, &write->outcome->feed_id);
  if (listed == NULL)
    return;
  /* Fetched from a record of its own (a single refresh, one started while
   * others ran): the kept one may be read by a fetch, so it is read anew
   * next time instead. */
  if (listed != fetched)
    {
      forget_listed (self);
      return;
    }
  wm_record_update_from (listed, write->values);
}

/* Whether @feed can work as defined; a kept record is checked once. */
static gboolean
check_definition (WmFeeds   *self,
                  WmRecord  *feed,
                  GError   **error)
{
  gint64 id = wm_record_get_id (feed);
  gboolean kept = self->listed_by_id != NULL
                  && g_hash_table_lookup (self->listed_by_id, &id) == feed;

  if (kept && g_hash_table_contains (self->listed_checked, feed))
    return TRUE;
  if (!wm_feed_check_definition (feed, NULL, error))
    return FALSE;
  if (kept)
    g_hash_table_add (self->listed_checked, feed);

  return TRUE;
}

/* Takes @task's reference. */
static WmFeedsJob *
job_new (WmFeeds    *self,
         GTask      *task,
         guint       index,
         WmRecord   *feed,
         const char *secret,
         gboolean    is_test)
{
  WmFeedsJob *job = g_new0 (WmFeedsJob, 1);

  job->self = self;
  job->task = task;
  job->index = index;
  job->is_test = is_test;
  /* The engine's own record, read for this refresh (or the test's copy):
   * nothing changes it once handed over, so the fetch thread reads it. */
  job->feed = g_object_ref (feed);
  job->secret = g_strdup (secret);

  return job;
}

/* In the main loop: looks up what the fetch thread must not (the KPI, the
 * secret), then hands the job over. */
static void
job_start (WmFeedsJob *job)
{
  WmFeeds *self = job->self;
  WmRecord *feed = job->feed;

  job->engine_cancellable = g_object_ref (self->cancellable);
  /* Only raw answers need their KPI's kind to be computed. */
  if (wm_feed_type_from_string (wm_record_get_string (feed, WM_FEED_TYPE))
      == WM_FEED_TYPE_RESPONSES)
    job->kpi = wm_store_get (self->store, WM_ENTITY_KPI,
                             wm_record_get_ref (feed, WM_FEED_KPI_ID), NULL);

  /* A feed that cannot work as defined is not fetched: its outcome says
   * what to fix. */
  if (!check_definition (self, feed, &job->error))
    {
      job_dispatch (job);
      return;
    }
  if (job->secret == NULL && wm_feeds_feed_has_auth (feed) && wm_record_get_uuid (feed) != NULL)
    {
      wm_secrets_lookup (wm_record_get_uuid (wm_store_get_project (self->store)),
                         wm_record_get_uuid (feed), job->engine_cancellable, job_secret_cb,
                         job);
      return;
    }
  job_dispatch (job);
}

static void
job_dispatch (WmFeedsJob *job)
{
  /* A secret that could not be read: the outcome is that error. */
  if (job->error != NULL)
    {
      job->started_us = g_get_monotonic_time ();
      job->now = g_get_real_time () / G_USEC_PER_SEC;
      wm_feeds_job_done (job, TRUE);
      return;
    }

  wm_feeds_fetch_run (job);
}

/* Completing refreshes, once their results are stored (wm-feeds-writer.c) */

/* A refresh of all is one task: its feeds are not a task each, which would
 * cost the main thread more than the rest of their handling. */
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

/* @write's outcome completes its refresh, or its part of a refresh of all. */
static void
complete (WmFeedsWrite *write)
{
  RefreshAll *all;

  if (g_task_get_source_tag (write->task) != wm_feeds_refresh_all_async)
    {
      g_task_return_pointer (write->task, g_steal_pointer (&write->outcome),
                             (GDestroyNotify) wm_feed_outcome_free);
      return;
    }

  all = g_task_get_task_data (write->task);
  g_ptr_array_index (all->outcomes, write->index) = g_steal_pointer (&write->outcome);
  if (--all->n_pending == 0)
    g_task_return_pointer (write->task, g_ptr_array_ref (all->outcomes),
                           (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
finish_cb (gpointer user_data)
{
  g_autoptr(WmFeeds) self = g_object_ref (user_data);
  guint n_active = self->n_active;
  gint64 start = g_get_monotonic_time ();

  self->finish_id = 0;

  /* Completing a task runs the caller's code, a signal the views' code: a
   * few milliseconds' worth per turn of the main loop. */
  while (!g_queue_is_empty (self->finishing)
         && g_get_monotonic_time () - start < FINISH_BUDGET_US)
    {
      WmFeedsWrite *write = g_queue_pop_head (self->finishing);

      /* Written: the scheduler may count from its new last attempt now. */
      g_hash_table_remove (self->in_flight, &write->outcome->feed_id);
      self->n_active--;
      g_signal_emit (self, signals[FEED_FINISHED], 0, write->outcome->feed_id, write->outcome);
      complete (write);
      wm_feeds_write_free (write);
    }
  /* Told once a turn: the count is read by views, which draw once a turn. */
  if (self->n_active != n_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);

  if (!g_queue_is_empty (self->finishing))
    self->finish_id = g_idle_add_full (G_PRIORITY_DEFAULT, finish_cb, self, NULL);
  else if (self->running && self->n_active == 0 && self->pending->len == 0)
    schedule (self);

  return G_SOURCE_REMOVE;
}

/* In the main loop: the tasks of stored results complete a few at a time. */
void
wm_feeds_finish_soon (WmFeeds *self)
{
  if (self->finish_id == 0)
    self->finish_id = g_idle_add_full (G_PRIORITY_DEFAULT, finish_cb, self, NULL);
}

static void
job_fetched (WmFeeds *self,
             WmFeedsJob     *job)
{
  WmFeedsWrite *write = g_new0 (WmFeedsWrite, 1);
  WmFeedOutcome *outcome = g_new0 (WmFeedOutcome, 1);
  WmFetchResult *fetch_result = job->result;

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
  write->known = g_object_ref (job->feed);
  write->outcome = outcome;
  write->task = g_steal_pointer (&job->task);
  write->index = job->index;
  g_ptr_array_add (self->pending, write);
}

static void
job_tested (WmFeedsJob *job)
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

  done = wm_feeds_mailbox_take (&self->done);

  for (guint i = 0; i < done->len; i++)
    {
      WmFeedsJob *job = g_ptr_array_index (done, i);

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
    return G_SOURCE_CONTINUE;

  wm_feeds_queue_flush (self);

  return G_SOURCE_CONTINUE;
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
      WmFeedsJob *job = g_queue_pop_head (self->to_start);

      g_signal_emit (self, signals[FEED_STARTED], 0, wm_record_get_id (job->feed));
      job_start (job);
    }

  if (!g_queue_is_empty (self->to_start))
    self->start_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

/* Queues @feed's refresh, to complete @task (whose reference it takes) or
 * its part @index of a refresh of all; the caller counts it active. */
static void
refresh_record (WmFeeds      *self,
                WmRecord     *feed,
                GTask        *task,
                guint         index)
{
  gint64 *key = g_new (gint64, 1);

  *key = wm_record_get_id (feed);
  g_hash_table_add (self->in_flight, key);
  self->n_fetching++;

  g_queue_push_tail (self->to_start, job_new (self, task, index, feed, NULL, FALSE));
  if (self->start_id == 0)
    self->start_id = g_idle_add_full (G_PRIORITY_DEFAULT, start_cb, self, NULL);
}

/* Fetches under way and waiting to start end as cancelled; later ones get
 * a fresh cancellable. */
static void
cancel_all (WmFeeds *self)
{
  g_cancellable_cancel (self->cancellable);
  wm_feeds_fetch_cancel_all (self);
  g_clear_handle_id (&self->start_id, g_source_remove);
  while (!g_queue_is_empty (self->to_start))
    {
      job_start (g_queue_pop_head (self->to_start));
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
  feeds = list_feeds (self, FALSE, NULL);
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

  feeds = list_feeds (self, FALSE, NULL);
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

/* The secret of a feed that went, kept while that can be undone. */
typedef struct
{
  char     *secret;     /* NULL while it is read */
  gboolean  reading;
  gboolean  back;       /* the feed came back while it was read */
} TakenSecret;

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wm_secrets_clear_finish (result, &error))
    g_warning ("Cannot remove a feed’s secret from the keyring: %s", error->message);
}

static void
taken_secret_free (gpointer data)
{
  TakenSecret *taken = data;

  g_clear_pointer (&taken->secret, wm_secrets_free);
  g_free (taken);
}

typedef struct
{
  WmFeeds *self;
  char    *uuid;
} TakeSecret;

static void
secret_restored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!wm_secrets_store_finish (result, &error))
    g_warning ("Cannot put a feed’s secret back into the keyring: %s", error->message);
}

/* The secret of a feed that is gone has been read: now it leaves the
 * keyring, unless the feed came back meanwhile. */
static void
secret_taken_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TakeSecret *take = user_data;
  g_autoptr(WmFeeds) self = take->self;
  g_autoptr(GError) error = NULL;
  TakenSecret *taken = g_hash_table_lookup (self->taken_secrets, take->uuid);
  char *secret = wm_secrets_lookup_finish (result, &error);

  if (error != NULL)
    g_warning ("Cannot read a feed’s secret from the keyring: %s", error->message);

  taken->reading = FALSE;
  taken->secret = secret;
  if (taken->back || secret == NULL)
    g_hash_table_remove (self->taken_secrets, take->uuid);
  else
    wm_secrets_clear (wm_record_get_uuid (wm_store_get_project (self->store)), take->uuid, NULL,
                      secret_cleared_cb, NULL);

  g_free (take->uuid);
  g_free (take);
}

/* A feed deleted (also by undo, or by another program), or one that no
 * longer signs in, leaves no secret behind in the keyring. While this
 * engine lives (the project is open), the change can be undone, so the
 * secret is kept in memory and goes back into the keyring if the feed
 * comes back signing in. */
static void
take_secret (WmFeeds    *self,
             const char *uuid)
{
  TakenSecret *taken;
  TakeSecret *take;

  if (g_hash_table_contains (self->taken_secrets, uuid))
    return;

  taken = g_new0 (TakenSecret, 1);
  taken->reading = TRUE;
  g_hash_table_insert (self->taken_secrets, g_strdup (uuid), taken);

  take = g_new0 (TakeSecret, 1);
  take->self = g_object_ref (self);
  take->uuid = g_strdup (uuid);
  wm_secrets_lookup (wm_record_get_uuid (wm_store_get_project (self->store)), uuid, NULL,
                     secret_taken_cb, take);
}

/* @feed is back (an undo, a redo), signing in: so is its secret. */
static void
give_back_secret (WmFeeds  *self,
                  WmRecord *feed)
{
  const char *uuid = wm_record_get_uuid (feed);
  TakenSecret *taken = g_hash_table_lookup (self->taken_secrets, uuid);
  g_autofree char *label = NULL;

  if (taken == NULL)
    return;

  /* Still in the keyring: it stays there. */
  if (taken->reading)
    {
      taken->back = TRUE;
      return;
    }

  label = g_strdup_printf (_("Waymark feed “%s” of “%s”"), wm_record_get_string (feed, WM_FEED_URL),
                           wm_store_get_name (self->store));
  wm_secrets_store (wm_record_get_uuid (wm_store_get_project (self->store)), uuid, label,
                    taken->secret, NULL, secret_restored_cb, NULL);
  g_hash_table_remove (self->taken_secrets, uuid);
}

static void
track_secret (WmFeeds  *self,
              gint64    id,
              WmRecord *feed)
{
  const char *uuid = g_hash_table_lookup (self->secret_feeds, &id);

  if (feed != NULL && wm_feeds_feed_has_auth (feed))
    {
      if (uuid == NULL)
        {
          g_hash_table_insert (self->secret_feeds, g_memdup2 (&id, sizeof id),
                               g_strdup (wm_record_get_uuid (feed)));
          give_back_secret (self, feed);
        }
      return;
    }
  if (uuid == NULL)
    return;

  take_secret (self, uuid);
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
          take_secret (self, g_hash_table_lookup (self->secret_feeds, key));
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
    {
      forget_listed (self);
      track_secrets (self, wm_store_get_changed_ids (store, WM_ENTITY_FEED));
    }

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
  wm_feeds_fetch_thread_stop (self);
  wm_feeds_writer_stop (self);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  forget_listed (self);

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
  g_clear_pointer (&self->taken_secrets, g_hash_table_unref);
  wm_feeds_mailbox_clear (&self->done);
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
  wm_feeds_mailbox_init (&self->done, self->main_context, DONE_DELAY_US, done_cb, self);
  wm_feeds_fetch_thread_start (self);
  wm_feeds_writer_start (self);
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
  self->pending = g_ptr_array_new_with_free_func (wm_feeds_write_free);
  self->to_start = g_queue_new ();
  self->finishing = g_queue_new ();
  self->secret_feeds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->taken_secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               taken_secret_free);
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

  refresh_record (self, feed, g_steal_pointer (&task), 0);
  set_n_active (self, self->n_active + 1);
}

WmFeedOutcome *
wm_feeds_refresh_finish (WmFeeds       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
wm_feeds_refresh_all_async (WmFeeds             *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  RefreshAll *all;
  g_autoptr(GPtrArray) listed = NULL;
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

  listed = list_feeds (self, TRUE, &error);
  if (listed == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  all = g_new0 (RefreshAll, 1);
  all->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_feed_outcome_free);
  g_task_set_task_data (task, all, refresh_all_free);

  /* The enabled ones. */
  feeds = g_ptr_array_sized_new (listed->len);
  for (guint i = 0; i < listed->len; i++)
    {
      if (wm_record_get_boolean (g_ptr_array_index (listed, i), WM_FEED_ENABLED))
        g_ptr_array_add (feeds, g_ptr_array_index (listed, i));
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
    refresh_record (self, g_ptr_array_index (feeds, i), g_object_ref (task), i);
  set_n_active (self, self->n_active + feeds->len);
  g_object_unref (task);
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
  job_start (job_new (self, task, 0, copy, secret, TRUE));
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
