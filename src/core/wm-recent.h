/* wm-recent.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Which of @uris still name an existing file, asked without blocking: a
 * project on a network share that does not answer stalls nothing. The files
 * are asked at once, not one after another. */
void    wm_recent_check_async  (const char *const   *uris,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
/* The URIs that exist, in the order given. */
GStrv   wm_recent_check_finish (GAsyncResult        *result,
                                GError             **error);

G_END_DECLS
