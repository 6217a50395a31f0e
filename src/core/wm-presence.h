/* wm-presence.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Who else has a project open, for a file on a shared folder: each Waymark
 * that opens it keeps a small heartbeat file beside it
 * (".NAME.waymark.presence-SESSION", JSON: name, user, host, times) and
 * reads the others'. Nothing of it enters the project, and all file access
 * is asynchronous, so a slow share never stalls the window. */

#define WM_TYPE_PRESENCE (wm_presence_get_type ())

G_DECLARE_FINAL_TYPE (WmPresence, wm_presence, WM, PRESENCE, GObject)

typedef struct
{
  char   *name;      /* the person's real name, else their user name */
  char   *host;
  gint64  since;     /* when they opened it, UTC seconds */
} WmPresenceEntry;

/* Property "others" (GPtrArray of WmPresenceEntry, notify): the other
 * sessions whose heartbeat is fresh, oldest first. */

WmPresence *wm_presence_new          (const char  *project_path);
/* Writes this session's heartbeat and starts watching; then every
 * @interval_ms (0 for the default of 20 s) again. */
void        wm_presence_start        (WmPresence  *self,
                                      guint        interval_ms);
/* Stops and removes this session's heartbeat file. */
void        wm_presence_stop         (WmPresence  *self);
GPtrArray  *wm_presence_get_others   (WmPresence  *self);
/* "Ana Lima (laptop-ana), Ben" — for a subtitle; NULL when nobody. */
char       *wm_presence_describe     (WmPresence  *self);

G_END_DECLS
