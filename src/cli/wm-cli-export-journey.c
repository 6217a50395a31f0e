/* wm-cli-export-journey.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-cli-private.h"
#include "wm-map-export.h"

/* One journey as a picture, a document, a table or a Mermaid diagram,
 * drawn by the same renderer as the window. */

gboolean
wm_cli_export_journey_handles (const char *format)
{
  WmMapExportFormat unused;

  return wm_map_export_format_from_string (format, &unused);
}

/* Loads @id_or_name with its as-is journey for comparison, if it has one. */
WmMapLayout *
wm_cli_load_journey_layout (WmStore     *store,
                            const char  *id_or_name,
                            GError     **error)
{
  g_autoptr(WmMapModel) model = NULL;
  WmMapLayout *layout;
  gint64 id = wm_map_model_find_journey (store, id_or_name, error);

  if (id == 0)
    return NULL;
  model = wm_map_model_load (store, id, error);
  if (model == NULL)
    return NULL;

  layout = wm_map_layout_new (model);
  if (model->to_be && model->as_is_journey_id != 0)
    {
      g_autoptr(WmMapModel) as_is = wm_map_model_load (store, model->as_is_journey_id, NULL);

      if (as_is != NULL)
        wm_map_layout_set_comparison (layout, as_is);
    }

  return layout;
}

int
wm_cli_export_journey (const char *path,
                       const char *journey,
                       const char *format_name,
                       const char *output,
                       double      scale,
                       gboolean    json)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmMapLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  WmMapExportFormat format;
  int status;

  if (!wm_map_export_format_from_string (format_name, &format))
    g_return_val_if_reached (WM_CLI_EXIT_USAGE);

  store = wm_cli_open_read_only (path, &status);
  if (store == NULL)
    return status;

  layout = wm_cli_load_journey_layout (store, journey, &error);
  if (layout == NULL)
    return wm_cli_file_error (error);

  if (!wm_map_export (layout, format, output, scale, NULL, &error))
    return wm_cli_file_error (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "journey");
      json_builder_add_string_value (builder, wm_map_layout_get_model (layout)->name);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, format_name);
      json_builder_set_member_name (builder, "output");
      json_builder_add_string_value (builder, output);
      if (format == WM_MAP_EXPORT_PDF)
        {
          json_builder_set_member_name (builder, "pages");
          json_builder_add_int_value (builder, wm_map_export_count_pdf_pages (layout));
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (output);
      const char *name = wm_map_layout_get_model (layout)->name;

      if (format == WM_MAP_EXPORT_PDF)
        {
          int pages = wm_map_export_count_pdf_pages (layout);

          g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote “%s” to “%s” (%d page).\n",
                                "Wrote “%s” to “%s” (%d pages).\n", (gulong) pages),
                   name, display, pages);
        }
      else
        g_print (_("Wrote “%s” to “%s”.\n"), name, display);
    }

  return WM_CLI_EXIT_OK;
}
