/* wm-recent.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-recent"

#include "config.h"

#include "wm-recent.h"

typedef struct
{
  GStrv     uris;
  gboolean *exists;
  guint     pending;
} Check;

static void
check_free (gpointer data)
{
  Check *check = data;

  g_strfreev (check->uris);
  g_free (check->exists);
  g_free (check);
}

static void
complete (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; check->uris[i] != NULL; i++)
    {
      if (check->exists[i])
        g_strv_builder_add (builder, check->uris[i]);
    }
  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
}

static void
query_info_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);
  guint index = GPOINTER_TO_UINT (g_object_get_data (source, "wm-recent-index"));

  check->exists[index] = info != NULL &&
                         g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR;
  if (--check->pending == 0)
    complete (task);
}

void
wm_recent_check_async (const char *const   *uris,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_recent_check_async);

  check = g_new0 (Check, 1);
  check->uris = g_strdupv ((GStrv) uris);
  check->exists = g_new0 (gboolean, check->uris ? g_strv_length (check->uris) : 0);
  if (check->uris == NULL)
    check->uris = g_new0 (char *, 1);
  g_task_set_task_data (task, check, check_free);

  check->pending = g_strv_length (check->uris);
  if (check->pending == 0)
    {
      complete (task);
      return;
    }

  for (guint i = 0; check->uris[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (check->uris[i]);

      g_object_set_data (G_OBJECT (file), "wm-recent-index", GUINT_TO_POINTER (i));
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, cancellable, query_info_cb,
                               g_object_ref (task));
    }
}

GStrv
wm_recent_check_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wm_recent_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
