/* wm-secrets.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-secrets"

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "wm-secrets.h"

/* Helpers */

static const SecretSchema *
feed_schema (void)
{
  static const SecretSchema schema = {
    WM_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "project", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "feed", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

/* Public API */

gboolean
wm_secrets_store_sync (const char    *project_uuid,
                       const char    *feed_uuid,
                       const char    *label,
                       const char    *secret,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (project_uuid != NULL && feed_uuid != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  return secret_password_store_sync (feed_schema (), SECRET_COLLECTION_DEFAULT,
                                     label ? label : "Waymark feed", secret,
                                     cancellable, error,
                                     "project", project_uuid, "feed", feed_uuid, NULL);
}

char *
wm_secrets_lookup_sync (const char    *project_uuid,
                        const char    *feed_uuid,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (project_uuid != NULL && feed_uuid != NULL, NULL);

  return secret_password_lookup_sync (feed_schema (), cancellable, error,
                                      "project", project_uuid, "feed", feed_uuid, NULL);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) wm_secrets_free);
}

void
wm_secrets_lookup (const char          *project_uuid,
                   const char          *feed_uuid,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, wm_secrets_lookup);
  secret_password_lookup (feed_schema (), cancellable, lookup_cb, task,
                          "project", project_uuid, "feed", feed_uuid, NULL);
}

char *
wm_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
wm_secrets_clear_sync (const char    *project_uuid,
                       const char    *feed_uuid,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GError *local_error = NULL;

  secret_password_clear_sync (feed_schema (), cancellable, &local_error,
                              "project", project_uuid, "feed", feed_uuid, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
wm_secrets_store (const char          *project_uuid,
                  const char          *feed_uuid,
                  const char          *label,
                  const char          *secret,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (project_uuid != NULL && feed_uuid != NULL && secret != NULL);

  g_task_set_source_tag (task, wm_secrets_store);
  /* A locked keyring asks for its password here: the caller's main loop
   * keeps running meanwhile. */
  secret_password_store (feed_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         stored_cb, task, "project", project_uuid, "feed", feed_uuid, NULL);
}

gboolean
wm_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was none to remove, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
wm_secrets_clear (const char          *project_uuid,
                  const char          *feed_uuid,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (project_uuid != NULL && feed_uuid != NULL);

  g_task_set_source_tag (task, wm_secrets_clear);
  secret_password_clear (feed_schema (), cancellable, cleared_cb, task,
                         "project", project_uuid, "feed", feed_uuid, NULL);
}

gboolean
wm_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wm_secrets_free (char *secret)
{
  secret_password_free (secret);
}
