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

void
wm_store_announce_commit (WmStore  *self,
                          guint64   mask,
                          GArray  **ids)
{
  GArray **outer;

  g_return_if_fail (WM_IS_STORE (self));

  /* That commit moved data_version as another program's would: take it in.
   * (During an edit, the edit looked already and announces everything.) A
   * commit of another program in the same few milliseconds goes unseen
   * until the next one: data_version counts no commits, it only differs. */
  if (self->edit_depth == 0)
    wm_store_poll_data_version (self);

  outer = self->changed_ids;
  self->changed_ids = ids;
  wm_store_emit_changed (self, mask);
  self->changed_ids = outer;
}
