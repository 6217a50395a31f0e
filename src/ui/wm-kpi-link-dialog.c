/* wm-kpi-link-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-kpi.h"
#include "wm-kpi-link-dialog.h"
#include "wm-kpi-ui.h"
#include "wm-ui-util.h"

/* One choice of the "place" drop-down. */
typedef struct
{
  WmColumnId column;
  gint64     id;
} Place;

typedef struct
{
  WmStore       *store;
  gint64         kpi_id;
  GPtrArray     *journeys;   /* WmRecord */
  GArray        *places;     /* Place, in the order of the drop-down */
  GtkDropDown   *journey;
  GtkDropDown   *place;
  GtkStringList *place_names;
} LinkDialog;

static void
link_dialog_free (gpointer data)
{
  LinkDialog *dialog = data;

  g_clear_object (&dialog->store);
  g_clear_pointer (&dialog->journeys, g_ptr_array_unref);
  g_clear_pointer (&dialog->places, g_array_unref);
  g_free (dialog);
}

static void
add_place (LinkDialog *dialog,
           WmColumnId  column,
           gint64      id,
           const char *name)
{
  Place place = { column, id };

  g_array_append_val (dialog->places, place);
  gtk_string_list_append (dialog->place_names, name);
}

/* The whole journey, its stages, then each stage's touchpoints. */
static void
journey_selected_cb (LinkDialog *dialog)
{
  guint selected = gtk_drop_down_get_selected (dialog->journey);
  g_autoptr(GPtrArray) stages = NULL;
  WmRecord *journey;
  gint64 journey_id;
  guint n_names;

  n_names = g_list_model_get_n_items (G_LIST_MODEL (dialog->place_names));
  gtk_string_list_splice (dialog->place_names, 0, n_names, NULL);
  g_array_set_size (dialog->places, 0);
  if (selected >= dialog->journeys->len)
    return;

  journey = g_ptr_array_index (dialog->journeys, selected);
  journey_id = wm_record_get_id (journey);
  /* Translators: where a KPI shows on a map */
  add_place (dialog, WM_KPI_LINK_JOURNEY_ID, journey_id, _("The whole journey"));

  stages = wm_store_list (dialog->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey_id, NULL);
  for (guint i = 0; stages && i < stages->len; i++)
    {
      WmRecord *stage = g_ptr_array_index (stages, i);
      /* Translators: where a KPI shows on a map; %s is a stage's name */
      g_autofree char *name = g_strdup_printf (_("Stage “%s”"),
                                               wm_record_get_string (stage, WM_STAGE_NAME));

      add_place (dialog, WM_KPI_LINK_STAGE_ID, wm_record_get_id (stage), name);
    }
  for (guint i = 0; stages && i < stages->len; i++)
    {
      WmRecord *stage = g_ptr_array_index (stages, i);
      g_autoptr(GPtrArray) touchpoints = wm_store_list (dialog->store, WM_ENTITY_TOUCHPOINT,
                                                        WM_TOUCHPOINT_STAGE_ID,
                                                        wm_record_get_id (stage), NULL);

      for (guint j = 0; touchpoints && j < touchpoints->len; j++)
        {
          WmRecord *touchpoint = g_ptr_array_index (touchpoints, j);
          /* Translators: where a KPI shows on a map: a touchpoint's title, then its stage's name */
          g_autofree char *name = g_strdup_printf (_("Touchpoint “%s” in stage “%s”"),
                                                   wm_record_get_string (touchpoint,
                                                                         WM_TOUCHPOINT_TITLE),
                                                   wm_record_get_string (stage, WM_STAGE_NAME));

          add_place (dialog, WM_KPI_LINK_TOUCHPOINT_ID, wm_record_get_id (touchpoint), name);
        }
    }
  gtk_drop_down_set_selected (dialog->place, 0);
}

static void
response_cb (AdwMessageDialog *message,
             const char       *response)
{
  LinkDialog *dialog = g_object_get_data (G_OBJECT (message), "wm-link-dialog");
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (dialog->place);
  const Place *place;

  if (g_strcmp0 (response, "add") != 0 || selected >= dialog->places->len)
    return;

  place = &g_array_index (dialog->places, Place, selected);
  if (wm_kpi_link_add (dialog->store, dialog->kpi_id, place->column, place->id, &error) <= 0)
    {
      wm_ui_alert (gtk_window_get_transient_for (GTK_WINDOW (message)),
                   _("Cannot show the KPI on the map"), error->message);
    }
}

static GtkDropDown *
add_field (GtkGrid    *grid,
           int         row,
           const char *label_text,
           const char *name,
           GListModel *model)
{
  GtkWidget *drop_down = gtk_drop_down_new (model, NULL);

  wm_kpi_ui_grid_field (grid, row, label_text, name, drop_down);

  return GTK_DROP_DOWN (drop_down);
}

AdwMessageDialog *
wm_kpi_link_dialog_new (GtkWindow *parent,
                        WmStore   *store,
                        WmRecord  *kpi)
{
  LinkDialog *dialog = g_new0 (LinkDialog, 1);
  AdwMessageDialog *message;
  GtkStringList *journey_names = gtk_string_list_new (NULL);
  GtkWidget *grid;

  dialog->store = g_object_ref (store);
  dialog->kpi_id = wm_record_get_id (kpi);
  dialog->journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
  if (dialog->journeys == NULL)
    dialog->journeys = g_ptr_array_new_with_free_func (g_object_unref);
  dialog->places = g_array_new (FALSE, FALSE, sizeof (Place));
  dialog->place_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < dialog->journeys->len; i++)
    gtk_string_list_append (journey_names,
                            wm_record_get_label (g_ptr_array_index (dialog->journeys, i)));

  message = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Show on Map"),
                                                        wm_record_get_label (kpi)));
  g_object_set_data_full (G_OBJECT (message), "wm-link-dialog", dialog, link_dialog_free);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  dialog->journey = add_field (GTK_GRID (grid), 0, _("_Journey"), "journey",
                               G_LIST_MODEL (journey_names));
  /* Translators: the place on a journey's map where a KPI shows */
  dialog->place = add_field (GTK_GRID (grid), 1, _("_Where"), "place",
                             G_LIST_MODEL (dialog->place_names));
  /* A long journey has hundreds of places: typing finds one. */
  gtk_drop_down_set_expression (dialog->place,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (dialog->place, TRUE);
  adw_message_dialog_set_extra_child (message, grid);

  adw_message_dialog_add_responses (message, "cancel", _("_Cancel"), "add", _("_Show"), NULL);
  adw_message_dialog_set_response_appearance (message, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (message, "add");
  adw_message_dialog_set_close_response (message, "cancel");
  adw_message_dialog_set_response_enabled (message, "add", dialog->journeys->len > 0);
  if (dialog->journeys->len == 0)
    adw_message_dialog_set_body (message, _("The project has no journeys yet."));
  g_signal_connect (message, "response", G_CALLBACK (response_cb), NULL);
  g_signal_connect_swapped (dialog->journey, "notify::selected",
                            G_CALLBACK (journey_selected_cb), dialog);
  journey_selected_cb (dialog);

  return message;
}
