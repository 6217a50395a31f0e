/* wm-trust.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-trust"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wm-feed.h"
#include "wm-trust.h"

#define TRUST_GROUP "trusted"

/* Helpers */

static char *
trust_file_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "waymark", "trusted-projects", NULL);
}

static GKeyFile *
load_trust_file (void)
{
  g_autofree char *path = trust_file_path ();
  GKeyFile *key_file = g_key_file_new ();

  /* A missing or unreadable file trusts nothing: that is the safe side. */
  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, NULL);

  return key_file;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GStrv
list_hosts (WmStore  *store,
            gboolean  insecure_only,
            GError  **error)
{
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();

  feeds = wm_store_list (store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, error);
  if (feeds == NULL)
    return NULL;

  for (guint i = 0; i < feeds->len; i++)
    {
      const char *url = wm_record_get_string (g_ptr_array_index (feeds, i), WM_FEED_URL);
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      char *host;

      if (insecure_only && !wm_feed_url_is_insecure (url))
        continue;

      if (uri == NULL || g_uri_get_host (uri) == NULL)
        host = g_strdup (url);
      else if (g_uri_get_port (uri) > 0)
        host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
      else
        host = g_strdup (g_uri_get_host (uri));

      /* g_hash_table_add () would free the equal key already listed. */
      if (g_hash_table_contains (seen, host))
        g_free (host);
      else
        {
          g_hash_table_add (seen, host);
          g_ptr_array_add (hosts, host);
        }
    }

  g_ptr_array_sort (hosts, compare_strings);
  g_ptr_array_add (hosts, NULL);

  return g_strdupv ((GStrv) hosts->pdata);
}

/* Public API */

gboolean
wm_trust_is_uuid_trusted (const char *project_uuid)
{
  g_autoptr(GKeyFile) key_file = NULL;

  g_return_val_if_fail (project_uuid != NULL, FALSE);

  key_file = load_trust_file ();

  return g_key_file_has_key (key_file, TRUST_GROUP, project_uuid, NULL);
}

gboolean
wm_trust_is_trusted (WmStore *store)
{
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  return wm_trust_is_uuid_trusted (wm_record_get_uuid (wm_store_get_project (store)));
}

gboolean
wm_trust_set_uuid_trusted (const char  *project_uuid,
                           gboolean     trusted,
                           GError     **error)
{
  g_autofree char *path = trust_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  gsize length;

  g_return_val_if_fail (project_uuid != NULL, FALSE);

  key_file = load_trust_file ();
  if (trusted)
    g_key_file_set_string (key_file, TRUST_GROUP, project_uuid, when);
  else
    g_key_file_remove_key (key_file, TRUST_GROUP, project_uuid, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (key_file, &length, NULL);
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

gboolean
wm_trust_set_trusted (WmStore   *store,
                      gboolean   trusted,
                      GError   **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), FALSE);

  return wm_trust_set_uuid_trusted (wm_record_get_uuid (wm_store_get_project (store)),
                                    trusted, error);
}

GStrv
wm_trust_list_hosts (WmStore  *store,
                     GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  return list_hosts (store, FALSE, error);
}

GStrv
wm_trust_list_insecure_hosts (WmStore  *store,
                              GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  return list_hosts (store, TRUE, error);
}
