/* wm-journey-transfer.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "wm-journey-share.h"
#include "wm-journey-transfer.h"
#include "wm-merge-dialog.h"
#include "wm-ui-util.h"

/* The window's side of wm-journey-share: choosers and questions, as a chain
 * of callbacks carrying one Transfer. */

typedef void (*JourneyChosenFunc) (gpointer transfer,
                                   gint64   journey_id);

typedef struct
{
  WmWindow   *window;
  WmStore    *source;       /* export: the window's project; import: the other one */
  gint64      journey;
  GPtrArray  *ambiguities;  /* WmJourneyAmbiguity */
  GPtrArray  *choices;      /* GtkDropDown, one per ambiguity */
  GPtrArray  *journey_ids;  /* gint64 *, the drop-down's journeys */
  GtkWidget  *journey_choice;
  JourneyChosenFunc chosen;
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_clear_object (&transfer->window);
  g_clear_object (&transfer->source);
  g_clear_pointer (&transfer->ambiguities, g_ptr_array_unref);
  g_clear_pointer (&transfer->choices, g_ptr_array_unref);
  g_clear_pointer (&transfer->journey_ids, g_ptr_array_unref);
  g_free (transfer);
}

static void
tell (WmWindow   *window,
      const char *heading,
      const char *body)
{
  wm_ui_alert (GTK_WINDOW (window), heading, body);
}

/* Which journey */

static void
journey_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Transfer         *transfer)
{
  if (g_strcmp0 (response, "choose") == 0)
    {
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (transfer->journey_choice));
      gint64 *id = g_ptr_array_index (transfer->journey_ids, selected);

      transfer->chosen (transfer, *id);
      return;
    }
  transfer_free (transfer);
}

/* Calls @chosen with the only journey of the source, or the one picked. */
static void
choose_journey (Transfer          *transfer,
                const char        *heading,
                const char        *action,
                JourneyChosenFunc  chosen)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journeys = wm_store_list (transfer->source, WM_ENTITY_JOURNEY,
                                                 WM_COLUMN_NONE, 0, &error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  GtkWidget *dialog;

  transfer->chosen = chosen;
  if (journeys == NULL || journeys->len == 0)
    {
      tell (transfer->window, heading,
            error != NULL ? error->message : _("The project has no journeys."));
      transfer_free (transfer);
      return;
    }
  if (journeys->len == 1)
    {
      chosen (transfer, wm_record_get_id (g_ptr_array_index (journeys, 0)));
      return;
    }

  transfer->journey_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *journey = g_ptr_array_index (journeys, i);
      gint64 id = wm_record_get_id (journey);

      g_strv_builder_add (names, wm_record_get_label (journey));
      g_ptr_array_add (transfer->journey_ids, g_memdup2 (&id, sizeof id));
    }
  labels = g_strv_builder_end (names);
  transfer->journey_choice = gtk_drop_down_new_from_strings ((const char * const *) labels);
  gtk_accessible_update_property (GTK_ACCESSIBLE (transfer->journey_choice),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Journey"), -1);

  dialog = adw_message_dialog_new (GTK_WINDOW (transfer->window), heading, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), transfer->journey_choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "choose", action, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "choose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (journey_response_cb), transfer);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Export */

static void
export_file_cb (GtkNativeDialog *chooser,
                int              response,
                Transfer        *transfer)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && path != NULL)
    {
      /* The chooser asked before replacing: the file is written beside and
       * renamed over, so an existing one is never lost to a failed export. */
      g_autofree char *tmp = g_strdup_printf ("%s.export-%08x", path, g_random_int ());
      int saved = 0;

      if (!wm_journey_share_export (transfer->source, transfer->journey, tmp, &error))
        tell (transfer->window, _("Could not export the journey"), error->message);
      else if (g_rename (tmp, path) != 0)
        {
          saved = errno;
          g_unlink (tmp);
          tell (transfer->window, _("Could not export the journey"), g_strerror (saved));
        }
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: %s is a file name */
          g_autofree char *title = g_strdup_printf (_("Exported the journey as “%s”"), name);

          wm_window_add_toast (transfer->window, title);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  transfer_free (transfer);
}

static void
export_journey_chosen (gpointer data,
                       gint64   journey_id)
{
  Transfer *transfer = data;
  g_autoptr(WmRecord) journey = wm_store_get (transfer->source, WM_ENTITY_JOURNEY, journey_id,
                                              NULL);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  transfer->journey = journey_id;
  chooser = gtk_file_chooser_native_new (_("Export a Journey"), GTK_WINDOW (transfer->window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.waymark", journey != NULL ? wm_record_get_label (journey) : "");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_file_cb), transfer);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A transfer out of @window's project; NULL when none is open. */
static Transfer *
export_transfer_new (WmWindow *window)
{
  Transfer *transfer;

  if (wm_window_get_store (window) == NULL)
    return NULL;
  transfer = g_new0 (Transfer, 1);
  transfer->window = g_object_ref (window);
  transfer->source = g_object_ref (wm_window_get_store (window));

  return transfer;
}

void
wm_journey_transfer_export (WmWindow *window)
{
  Transfer *transfer;

  g_return_if_fail (WM_IS_WINDOW (window));

  if ((transfer = export_transfer_new (window)) != NULL)
    choose_journey (transfer, _("Export Which Journey?"), _("_Export"), export_journey_chosen);
}

void
wm_journey_transfer_export_journey (WmWindow *window,
                                    gint64    journey_id)
{
  Transfer *transfer;

  g_return_if_fail (WM_IS_WINDOW (window));

  if ((transfer = export_transfer_new (window)) != NULL)
    export_journey_chosen (transfer, journey_id);
}

/* Import */

static void
import_now (Transfer *transfer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  WmStore *store = wm_window_get_store (transfer->window);

  for (guint i = 0; transfer->choices != NULL && i < transfer->choices->len; i++)
    {
      WmJourneyAmbiguity *ambiguity = g_ptr_array_index (transfer->ambiguities, i);
      guint selected = gtk_drop_down_get_selected (g_ptr_array_index (transfer->choices, i));

      /* The last entry is "add as new". */
      g_hash_table_insert (choices, ambiguity->uuid,
                           selected < ambiguity->candidates->len
                           ? g_ptr_array_index (ambiguity->candidates, selected) : (gpointer) "");
    }

  if (store == NULL ||
      wm_journey_share_import (store, transfer->source, transfer->journey, choices, &error) == 0)
    tell (transfer->window, _("Could not import the journey"),
          error != NULL ? error->message : "");
  else
    wm_window_add_toast (transfer->window, _("Imported the journey"));
}

static void
ambiguity_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       Transfer         *transfer)
{
  if (g_strcmp0 (response, "import") == 0)
    import_now (transfer);
  transfer_free (transfer);
}

static GtkWidget *
ambiguity_row (Transfer           *transfer,
               WmJourneyAmbiguity *ambiguity,
               GtkWidget         **choice)
{
  WmStore *store = wm_window_get_store (transfer->window);
  g_autoptr(GStrvBuilder) options = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = g_markup_escape_text (ambiguity->label, -1);
  GtkWidget *row = adw_action_row_new ();

  for (guint c = 0; c < ambiguity->candidates->len; c++)
    {
      const char *uuid = g_ptr_array_index (ambiguity->candidates, c);
      g_autoptr(WmRecord) candidate = wm_store_find_by_uuid (store, ambiguity->entity, uuid,
                                                             NULL);
      /* Translators: a row of this project to match, told apart by its uuid's start */
      g_autofree char *option = g_strdup_printf (_("%s (%.8s)"),
                                                 candidate != NULL
                                                 ? wm_record_get_label (candidate) : "",
                                                 uuid);

      g_strv_builder_add (options, option);
    }
  g_strv_builder_add (options, _("Add as new"));
  labels = g_strv_builder_end (options);

  title = g_strdup_printf (_("%s “%s”"), wm_entity_get_noun (ambiguity->entity), label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  *choice = gtk_drop_down_new_from_strings ((const char * const *) labels);
  gtk_widget_set_valign (*choice, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *choice);

  return row;
}

/* Bringing back a journey the project has */

static void
bring_back_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Transfer         *transfer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) journey = NULL;
  WmStore *store = wm_window_get_store (transfer->window);
  WmMerge *merge = NULL;

  if (g_strcmp0 (response, "merge") == 0 && store != NULL)
    {
      journey = wm_store_get (transfer->source, WM_ENTITY_JOURNEY, transfer->journey, &error);
      if (journey != NULL)
        merge = wm_merge_new_journey (store, transfer->source, wm_record_get_uuid (journey),
                                      &error);
      if (merge == NULL)
        tell (transfer->window, _("Could not merge the journey"), error->message);
      else
        wm_merge_dialog_run (transfer->window, merge);
    }
  transfer_free (transfer);
}

/* The journey came from this project (exported, edited elsewhere): adding
 * it again would make a twin, so its changes are merged into it instead. */
static void
ask_bring_back (Transfer *transfer,
                WmRecord *ours)
{
  g_autofree char *name = g_markup_escape_text (wm_record_get_label (ours), -1);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("“%s” is already in this project. The changes made to it in this "
                            "copy go into it as one change that Undo takes back; what was "
                            "changed here since stays, and the rest of the project is left as "
                            "it is."), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (transfer->window),
                                   _("Merge the Journey’s Changes?"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "merge", _("_Merge Changes"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (bring_back_response_cb), transfer);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_journey_chosen (gpointer data,
                       gint64   journey_id)
{
  Transfer *transfer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) theirs = NULL;
  g_autoptr(WmRecord) ours = NULL;
  GtkWidget *dialog;
  GtkWidget *list;

  transfer->journey = journey_id;
  theirs = wm_store_get (transfer->source, WM_ENTITY_JOURNEY, journey_id, NULL);
  if (theirs != NULL && wm_window_get_store (transfer->window) != NULL)
    ours = wm_store_find_by_uuid (wm_window_get_store (transfer->window), WM_ENTITY_JOURNEY,
                                  wm_record_get_uuid (theirs), NULL);
  if (ours != NULL)
    {
      ask_bring_back (transfer, ours);
      return;
    }
  transfer->ambiguities = wm_journey_share_ambiguities (wm_window_get_store (transfer->window),
                                                        transfer->source, journey_id, NULL,
                                                        &error);
  if (transfer->ambiguities == NULL)
    {
      tell (transfer->window, _("Could not import the journey"), error->message);
      transfer_free (transfer);
      return;
    }
  if (transfer->ambiguities->len == 0)
    {
      import_now (transfer);
      transfer_free (transfer);
      return;
    }

  transfer->choices = g_ptr_array_new ();
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < transfer->ambiguities->len; i++)
    {
      GtkWidget *choice = NULL;

      gtk_list_box_append (GTK_LIST_BOX (list),
                           ambiguity_row (transfer, g_ptr_array_index (transfer->ambiguities, i),
                                          &choice));
      g_ptr_array_add (transfer->choices, choice);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (transfer->window), _("Which One Is Meant?"),
                                   _("This project has more than one of these names. Choose "
                                     "the one the journey means, or add the journey’s own."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (ambiguity_response_cb), transfer);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_file_cb (GtkNativeDialog *chooser,
                int              response,
                Transfer        *transfer)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autoptr(GError) error = NULL;

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (response != GTK_RESPONSE_ACCEPT || path == NULL)
    {
      transfer_free (transfer);
      return;
    }
  transfer->source = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  if (transfer->source == NULL)
    {
      tell (transfer->window, _("Could not import the journey"), error->message);
      transfer_free (transfer);
      return;
    }
  choose_journey (transfer, _("Import Which Journey?"), _("_Import"), import_journey_chosen);
}

void
wm_journey_transfer_import_from (WmWindow *window,
                                 WmStore  *source)
{
  Transfer *transfer;

  g_return_if_fail (WM_IS_WINDOW (window));
  g_return_if_fail (WM_IS_STORE (source));

  transfer = g_new0 (Transfer, 1);
  transfer->window = g_object_ref (window);
  transfer->source = g_object_ref (source);
  choose_journey (transfer, _("Import Which Journey?"), _("_Import"), import_journey_chosen);
}

void
wm_journey_transfer_import (WmWindow *window)
{
  GtkFileChooserNative *chooser;
  Transfer *transfer;

  g_return_if_fail (WM_IS_WINDOW (window));

  if (wm_window_get_store (window) == NULL)
    return;
  transfer = g_new0 (Transfer, 1);
  transfer->window = g_object_ref (window);
  chooser = gtk_file_chooser_native_new (_("Import a Journey"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_file_cb), transfer);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
