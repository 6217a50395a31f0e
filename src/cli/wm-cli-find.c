/* wm-cli-find.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wm-cli-private.h"

/* Naming rows on the command line, commands with a variable number of
 * arguments, and text from outside (servers, files) made safe to print. */

gboolean
wm_cli_parse_variable (GOptionContext  *context,
                       GStrv           *args,
                       guint            min_positional,
                       guint            max_positional)
{
  g_autoptr(GError) error = NULL;
  guint n_args;

  if (!g_option_context_parse_strv (context, args, &error))
    {
      wm_cli_usage_error (context, "%s", error->message);
      return FALSE;
    }

  /* A lone "--" only ends the options. */
  n_args = g_strv_length (*args);
  for (guint i = 1; i < n_args; i++)
    {
      if (g_strcmp0 ((*args)[i], "--") == 0)
        {
          g_free ((*args)[i]);
          memmove (&(*args)[i], &(*args)[i + 1], (n_args - i) * sizeof (char *));
          n_args--;
          break;
        }
    }

  if (n_args - 1 < min_positional)
    {
      wm_cli_usage_error (context, "%s", n_args < 2 ? _("Missing FILE.")
                                                    : _("Missing arguments."));
      return FALSE;
    }
  if (n_args - 1 > max_positional)
    {
      wm_cli_usage_error (context, _("Unexpected argument “%s”."), (*args)[max_positional + 1]);
      return FALSE;
    }

  return TRUE;
}

WmRecord *
wm_cli_find_record (WmStore     *store,
                    WmEntity     entity,
                    const char  *name,
                    GError     **error)
{
  return wm_cli_find_record_in (store, entity, WM_COLUMN_NONE, 0, name, error);
}

WmRecord *
wm_cli_find_record_in (WmStore     *store,
                       WmEntity     entity,
                       WmColumnId   parent_column,
                       gint64       parent_id,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *folded = g_utf8_casefold (name, -1);
  WmRecord *found = NULL;
  guint64 id;

  rows = wm_store_list (store, entity, parent_column, parent_id, error);
  if (rows == NULL)
    return NULL;

  /* A uuid or an id names one row; a label may name several. */
  for (guint i = 0; i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (wm_record_get_uuid (row), name) == 0
          || (g_ascii_string_to_unsigned (name, 10, 1, G_MAXINT64, &id, NULL)
              && (gint64) id == wm_record_get_id (row)))
        return g_object_ref (row);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      g_autofree char *label = g_utf8_casefold (wm_record_get_label (row), -1);

      if (g_strcmp0 (label, folded) != 0)
        continue;
      if (found != NULL)
        {
          g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                       _("Several items are called “%s”: name one by its uuid."), name);
          return NULL;
        }
      found = row;
    }

  if (found == NULL)
    {
      if (entity == WM_ENTITY_KPI)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     _("The project has no KPI “%s”."), name);
      else if (entity == WM_ENTITY_FEED)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     _("The project has no feed “%s”."), name);
      else if (entity == WM_ENTITY_JOURNEY)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     _("The project has no journey “%s”."), name);
      else if (entity == WM_ENTITY_STAGE)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     _("The journey has no stage “%s”."), name);
      else if (entity == WM_ENTITY_TOUCHPOINT)
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     _("The journey has no touchpoint “%s”."), name);
      else
        g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                     _("The project has nothing called “%s”."), name);
      return NULL;
    }

  return g_object_ref (found);
}
