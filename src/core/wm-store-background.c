/* wm-store-background.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include "wm-store-private.h"

/* Program-written data stored by a second connection on another thread
 * (the feeds engine's writer), announced on the store the window shows as
 * its own change rather than another program's. */

/* Whether the commits since this store last looked at data_version are
 * @stamp's alone: the file's change counter must be where that commit left
 * it, and this store must have seen it just before that commit began (or
 * already after it, when a look took it in early). */
static gboolean
only_stamped_commit (WmStore             *self,
                     const WmCommitStamp *stamp,
                     guint32              counter)
{
  guint32 after;

  if (stamp == NULL || !stamp->known || !self->change_counter_known)
    return FALSE;

  after = stamp->before + (stamp->wrote ? 1 : 0);

  return (self->change_counter == stamp->before || self->change_counter == after)
         && counter == after;
}

void
wm_store_announce_commit (WmStore             *self,
                          guint64              mask,
                          GArray             **ids,
                          const WmCommitStamp *stamp)
{
  GArray **outer;

  g_return_if_fail (WM_IS_STORE (self));

  /* That commit moved data_version as another program's would: take it in,
   * as this program's, when the change counter says nobody else committed
   * since this store last looked; otherwise what the others did is
   * announced too, as another program's change. The counter is read on
   * both sides of data_version, so a commit landing between them counts as
   * another program's. (During an edit, the edit looked already and
   * announces everything.) */
  if (self->edit_depth == 0)
    {
      guint32 before_look = 0, after_look = 0;
      gboolean read = wm_store_read_change_counter (self, &before_look);
      gboolean alone = read && only_stamped_commit (self, stamp, before_look);

      self->change_counter = before_look;
      self->change_counter_known = read;
      if (wm_store_poll_data_version (self)
          && !(alone && wm_store_read_change_counter (self, &after_look)
               && after_look == before_look))
        self->external_pending = TRUE;
    }

  outer = self->changed_ids;
  self->changed_ids = ids;
  wm_store_emit_changed (self, mask);
  self->changed_ids = outer;
  wm_store_flush_external (self);
}
