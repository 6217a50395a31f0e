/* wm-secrets.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Feed credentials in the user's keyring (libsecret), schema
 * "org.waymark.Waymark.Feed" with the attributes "project" and "feed"
 * (the uuids). They never enter the project file. */

#define WM_SECRETS_SCHEMA_NAME "org.waymark.Waymark.Feed"

gboolean  wm_secrets_store_sync   (const char    *project_uuid,
                                   const char    *feed_uuid,
                                   const char    *label,
                                   const char    *secret,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* NULL with no error when there is none. Free with wm_secrets_free(). */
char     *wm_secrets_lookup_sync  (const char    *project_uuid,
                                   const char    *feed_uuid,
                                   GCancellable  *cancellable,
                                   GError       **error);
void      wm_secrets_lookup       (const char          *project_uuid,
                                   const char          *feed_uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char     *wm_secrets_lookup_finish (GAsyncResult       *result,
                                   GError             **error);
gboolean  wm_secrets_clear_sync   (const char    *project_uuid,
                                   const char    *feed_uuid,
                                   GCancellable  *cancellable,
                                   GError       **error);
/* The same, without blocking: a locked keyring's unlock prompt waits while
 * the caller's main loop runs. Clearing a secret that is not there succeeds. */
void      wm_secrets_store        (const char          *project_uuid,
                                   const char          *feed_uuid,
                                   const char          *label,
                                   const char          *secret,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  wm_secrets_store_finish (GAsyncResult        *result,
                                   GError             **error);
void      wm_secrets_clear        (const char          *project_uuid,
                                   const char          *feed_uuid,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  wm_secrets_clear_finish (GAsyncResult        *result,
                                   GError             **error);
/* Overwrites, then frees (secret_password_free). */
void      wm_secrets_free         (char          *secret);

G_END_DECLS
