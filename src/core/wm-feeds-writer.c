/* wm-feeds-writer.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-feeds"

#include "config.h"

#include "wm-feeds-private.h"

/* The writer thread: results are stored on a connection of its own to the
 * file, in one background edit per batch, so a commit's fsync never holds
 * up the window; the window's store then announces them as its own change
 * (wm_store_announce_commit()), and the main loop completes their tasks
 * (wm_feeds_finish_soon()). */

/* Outcomes to store together. */
typedef struct
{
  WmFeeds   *self;      /* no reference: the tasks hold one */
  GPtrArray *writes;    /* WmFeedsWrite */
  char      *path;      /* the file's path when they were handed over */
  WmCommitStamp stamp;  /* of the commit that stored them */
} Batch;

/* Results written together while a refresh still fetches, at the latest
 * FLUSH_DELAY_MS after the first of them arrived. */
#define FLUSH_BATCH 64
#define FLUSH_DELAY_MS 20

static gboolean flush_cb (gpointer user_data);

/* Helpers */

void
wm_feeds_write_free (gpointer data)
{
  WmFeedsWrite *write = data;

  g_clear_pointer (&write->outcome, wm_feed_outcome_free);
  g_clear_pointer (&write->samples, g_array_unref);
  g_clear_object (&write->values);
  g_clear_object (&write->known);
  g_free (write->etag);
  g_free (write->last_modified);
  g_clear_object (&write->task);
  g_free (write);
}

/* Puts @value for @column into @values unless @feed (as read in this
 * transaction) holds it already. */
static void
put_string (WmRecord    *values,
            WmRecord    *feed,
            WmColumnId   column,
            const char  *value)
{
  if (!wm_record_is_set (feed, column) || g_strcmp0 (wm_record_get_string (feed, column), value) != 0)
    wm_record_set_string (values, column, value);
}

static void
put_int (WmRecord    *values,
         WmRecord    *feed,
         WmColumnId   column,
         gint64       value)
{
  if (!wm_record_is_set (feed, column) || wm_record_get_int (feed, column) != value)
    wm_record_set_int (values, column, value);
}

/* What write_one() reads of a feed: what it writes, to compare, and where
 * its samples go. */
static const WmColumnId read_columns[] = {
  WM_FEED_STATE, WM_FEED_STATE_MESSAGE, WM_FEED_FAILURES, WM_FEED_LAST_ATTEMPT_AT,
  WM_FEED_LAST_SUCCESS_AT, WM_FEED_ETAG, WM_FEED_LAST_MODIFIED, WM_FEED_KPI_ID, WM_FEED_TYPE,
};

/* Of those, what outcome_values() and the samples rely on: the times are
 * written whatever they were. */
static const WmColumnId relied_columns[] = {
  WM_FEED_STATE, WM_FEED_STATE_MESSAGE, WM_FEED_FAILURES, WM_FEED_ETAG, WM_FEED_LAST_MODIFIED,
  WM_FEED_KPI_ID, WM_FEED_TYPE,
};

/* One statement's worth for the feed's row, holding @feed's values: only
 * what changed. Most refreshes of a working feed change its times and
 * nothing else, and a column written costs its checks (the state's is a
 * list of five). */
static WmRecord *
outcome_values (WmFeedsWrite *write,
                WmRecord     *feed)
{
  WmFeedOutcome *outcome = write->outcome;
  gboolean failed = outcome->state == WM_FEED_STATE_ERROR;
  WmRecord *values = wm_record_new (WM_ENTITY_FEED);

  put_string (values, feed, WM_FEED_STATE, wm_feed_state_to_string (outcome->state));
  put_string (values, feed, WM_FEED_STATE_MESSAGE, failed ? outcome->error->message : "");
  put_int (values, feed, WM_FEED_FAILURES,
           failed ? wm_record_get_int (feed, WM_FEED_FAILURES) + 1 : 0);
  put_int (values, feed, WM_FEED_LAST_ATTEMPT_AT, write->attempt_at);
  if (!failed)
    {
      put_int (values, feed, WM_FEED_LAST_SUCCESS_AT, write->attempt_at);
      if (write->etag != NULL)
        put_string (values, feed, WM_FEED_ETAG, write->etag);
      if (write->last_modified != NULL)
        put_string (values, feed, WM_FEED_LAST_MODIFIED, write->last_modified);
    }

  return values;
}

static void
write_one (WmStore      *store,
           WmFeedsWrite *write)
{
  WmFeedOutcome *outcome = write->outcome;
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(WmRecord) values = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = outcome->feed_id;
  gboolean matched = FALSE;
  gboolean ok = TRUE;

  /* Stopped (the window closed, the project was distrusted): no failure of
   * the feed's, nothing to record. */
  if (g_error_matches (outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED))
    return;

  /* The row most likely holds what the feed held when it was fetched: then
   * one statement compares and writes, with nothing read first. */
  if (write->known != NULL)
    {
      values = outcome_values (write, write->known);
      ok = wm_store_set_columns_if (store, id, values, write->known, relied_columns,
                                    G_N_ELEMENTS (relied_columns), &matched, &error);
      if (matched)
        feed = g_object_ref (write->known);
      else
        g_clear_object (&values);
    }

  /* Changed since, or deleted while it was fetched: read it as it is. (A
   * write to a row that is gone would fail, and a failure abandons the
   * whole batch.) */
  if (ok && !matched)
    {
      feed = wm_store_get_columns (store, id, read_columns, G_N_ELEMENTS (read_columns), NULL);
      if (feed == NULL)
        return;
      values = outcome_values (write, feed);
      ok = wm_store_set_columns (store, id, values, &error);
    }

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
  if (ok)
    write->values = g_steal_pointer (&values);
}

static void
add_id (GArray **ids,
        gint64   id,
        guint    n_expected)
{
  if (*ids == NULL)
    *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_expected);
  g_array_append_val (*ids, id);
}

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
      WmFeedsWrite *write = g_ptr_array_index (batch, i);

      if (!write->written)
        continue;
      wm_feeds_remember_written (self, write);
      mask |= WM_CHANGE_ENTITY (WM_ENTITY_FEED);
      add_id (&ids[WM_ENTITY_FEED], write->outcome->feed_id, batch->len);
      if (write->kpi_id > 0)
        {
          mask |= WM_CHANGE_SAMPLES;
          add_id (&ids[WM_N_ENTITIES], write->kpi_id, batch->len);
        }
    }
  if (mask != 0)
    {
      self->announcing = TRUE;
      wm_store_announce_commit (self->store, mask, ids, &batch_data->stamp);
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
  wm_feeds_queue_flush (self);
  wm_feeds_finish_soon (self);

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
    {
      /* Feed results can be fetched again: a power cut may undo the last
       * batch, never damage the file (see WM_STORE_OPEN_RELAXED_SYNC). */
      self->writer_store = wm_store_open (batch_data->path,
                                          WM_STORE_OPEN_ONE_THREAD | WM_STORE_OPEN_RELAXED_SYNC,
                                          &error);
      /* written_cb() announces what it wrote on the window's store. */
      if (self->writer_store != NULL)
        wm_store_set_announce_background (self->writer_store, FALSE);
    }
  if (self->writer_store != NULL && wm_store_begin_background_edit (self->writer_store, &error))
    {
      for (guint i = 0; i < batch->len; i++)
        write_one (self->writer_store, g_ptr_array_index (batch, i));
      if (wm_store_commit_edit (self->writer_store, &error))
        wm_store_get_commit_stamp (self->writer_store, &batch_data->stamp);
      else
        {
          for (guint i = 0; i < batch->len; i++)
            ((WmFeedsWrite *) g_ptr_array_index (batch, i))->written = FALSE;
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
      WmFeedsWrite *write = g_ptr_array_index (writes, i);

      if (!g_error_matches (write->outcome->error, WM_FEED_ERROR, WM_FEED_ERROR_CANCELLED))
        return TRUE;
    }

  return FALSE;
}

/* Results go to the writer as soon as it is free, together with whatever
 * else arrived while it wrote: while a refresh runs, its results are being
 * stored, and the last batch is small. */
void
wm_feeds_queue_flush (WmFeeds *self)
{
  if (self->writing || self->pending->len == 0)
    return;

  /* A commit costs the same for one row as for a hundred (its fsyncs):
   * while fetches still arrive, a few more are worth a few milliseconds'
   * wait. */
  if (self->pending->len < FLUSH_BATCH && self->n_fetching > 0)
    {
      if (self->flush_id == 0)
        self->flush_id = g_timeout_add_full (G_PRIORITY_DEFAULT, FLUSH_DELAY_MS, flush_cb, self,
                                             NULL);
      return;
    }
  if (self->flush_soon)
    return;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb, self, NULL);
  self->flush_soon = TRUE;
}

static gboolean
flush_cb (gpointer user_data)
{
  WmFeeds *self = user_data;
  Batch *batch;

  self->flush_id = 0;
  self->flush_soon = FALSE;
  if (self->pending->len == 0)
    return G_SOURCE_REMOVE;

  batch = g_new0 (Batch, 1);
  batch->self = self;
  batch->writes = g_steal_pointer (&self->pending);
  batch->path = g_strdup (wm_store_get_path (self->store));
  self->pending = g_ptr_array_new_with_free_func (wm_feeds_write_free);

  if (wm_store_is_read_only (self->store) || !batch_has_news (batch->writes))
    written_cb (batch);
  else
    {
      self->writing = TRUE;
      g_thread_pool_push (self->writer, batch, NULL);
    }

  return G_SOURCE_REMOVE;
}

/* Public (to the engine) API */

void
wm_feeds_writer_start (WmFeeds *self)
{
  self->writer = g_thread_pool_new (writer_cb, self, 1, FALSE, NULL);
}

/* Waits for the batch being written, if any. */
void
wm_feeds_writer_stop (WmFeeds *self)
{
  if (self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
  g_clear_object (&self->writer_store);
}
