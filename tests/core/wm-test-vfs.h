/* wm-test-vfs.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An SQLite VFS for tests, installed as the default below Waymark's own:
 *
 * - power loss, the way SQLite's crash tests model it: what was written but
 *   not followed by a sync is not on the disk yet. At a chosen event (a
 *   write, truncate, sync or delete) the "power goes": every file is put
 *   back to its last synced content plus a random subset of the writes
 *   since, a journal deleted without syncing its folder may come back, and
 *   every later operation fails as if the program died;
 * - a log of the operations ("write NAME", "sync NAME", "delete NAME"),
 *   names relative to their folder;
 * - failures injected into writes to files whose name contains a pattern;
 * - a gate that holds every sync until the test opens it, to see what
 *   happens while a COMMIT is on its way to the disk. */

void      wm_test_vfs_install        (void);
/* Arms a power cut before event @event (1 = the next one); 0 disarms. Also
 * forgets what was synced: files are taken as they are on disk now. */
void      wm_test_vfs_arm            (guint         event,
                                      guint32       seed);
gboolean  wm_test_vfs_crashed        (void);
guint     wm_test_vfs_count_events   (void);
/* Operations are appended to @log (GPtrArray of char *) while it is set. */
void      wm_test_vfs_set_log        (GPtrArray    *log);
/* Writes to files whose name contains @pattern fail (NULL: none do). */
void      wm_test_vfs_fail_writes    (const char   *pattern);
/* From now on, syncs wait at the gate (on whichever thread makes them). */
void      wm_test_vfs_close_gate     (void);
/* Blocks until a sync waits at the closed gate. */
void      wm_test_vfs_wait_at_gate   (void);
/* Lets the syncs through; with @fail they fail as a full or broken disk
 * would, until the gate is opened again without. */
void      wm_test_vfs_open_gate      (gboolean      fail);

G_END_DECLS
