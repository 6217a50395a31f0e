/* wm-window.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-journey-transfer.h"
#include "wm-journeys-view.h"
#include "wm-kpis-view.h"
#include "wm-list-detail.h"
#include "wm-merge-dialog.h"
#include "wm-personas-view.h"
#include "wm-presence.h"
#include "wm-start-page.h"
#include "wm-ui-util.h"
#include "wm-voice-view.h"
#include "wm-window.h"

#define MAX_RECENT 10

struct _WmWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GMenuModel           *primary_menu;
  GtkMenuButton        *start_menu_button;
  GtkMenuButton        *project_menu_button;
  GtkStack             *main_stack;
  AdwBin               *start_bin;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  GtkLabel             *file_label;
  GtkWidget            *undo_button;
  GtkWidget            *redo_button;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  WmJourneysView       *journeys_view;
  AdwBin               *personas_bin;
  AdwBin               *kpis_bin;
  AdwBin               *voice_bin;
  /* Built when first needed (see ensure_page ()); NULL until then. */
  WmPersonasView       *personas_view;
  WmKpisView           *kpis_view;
  WmVoiceView          *voice_view;
  guint                 pages_with_store; /* bit per page: has self->store */
  gulong                after_paint_id;   /* waits for the first frame (see after_first_frame ()) */
  guint                 kpis_idle_id;
  guint                 title_visible_id;
  gboolean              watch_pending;    /* the store is watched after the first frame */

  GSettings            *settings;
  WmStore              *store;
  GFile                *file;
  GSignalGroup         *store_signals;
  WmPresence           *presence;
  GBinding             *title_binding;
};

G_DEFINE_FINAL_TYPE (WmWindow, wm_window, ADW_TYPE_APPLICATION_WINDOW)

static void
add_toast (WmWindow   *self,
           const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

enum {
  PAGE_JOURNEYS = 1 << 0,
  PAGE_PERSONAS = 1 << 1,
  PAGE_KPIS     = 1 << 2,
  PAGE_VOICE    = 1 << 3,
};

static gboolean
ask_trust_cb (gpointer user_data)
{
  WmWindow *self = user_data;

  if (self->store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    wm_kpis_view_ask_trust (self->kpis_view);

  return G_SOURCE_REMOVE;
}

/* Only the journeys page is built with the window: the personas and
 * brand-voice pages are built, and get the project, when first shown, so on
 * any project their editors and the voice report cost a launch nothing while
 * nobody looks at them. The KPI dashboard is built right after the window's
 * first frame (see after_first_frame ()): it runs the feeds, whose values
 * the map shows. Whatever needs a page (its shortcut, an action, search)
 * builds it through here first. */
static void
ensure_page (WmWindow *self,
             guint     page)
{
  switch (page)
    {
    case PAGE_JOURNEYS:
      break;
    case PAGE_PERSONAS:
      if (self->personas_view == NULL)
        {
          self->personas_view = WM_PERSONAS_VIEW (wm_personas_view_new ());
          adw_bin_set_child (self->personas_bin, GTK_WIDGET (self->personas_view));
        }
      break;
    case PAGE_KPIS:
      g_clear_handle_id (&self->kpis_idle_id, g_source_remove);
      if (self->kpis_view == NULL)
        {
          self->kpis_view = WM_KPIS_VIEW (wm_kpis_view_new ());
          adw_bin_set_child (self->kpis_bin, GTK_WIDGET (self->kpis_view));
        }
      break;
    case PAGE_VOICE:
      if (self->voice_view == NULL)
        {
          self->voice_view = WM_VOICE_VIEW (wm_voice_view_new ());
          adw_bin_set_child (self->voice_bin, GTK_WIDGET (self->voice_view));
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (self->store == NULL || (self->pages_with_store & page))
    return;
  self->pages_with_store |= page;

  switch (page)
    {
    case PAGE_JOURNEYS:
      wm_journeys_view_set_store (self->journeys_view, self->store);
      break;
    case PAGE_PERSONAS:
      wm_personas_view_set_store (self->personas_view, self->store);
      break;
    case PAGE_KPIS:
      wm_kpis_view_set_store (self->kpis_view, self->store);
      /* A file from another computer asks before its feeds contact anyone,
       * once the window shows the project behind the question. */
      g_idle_add_full (G_PRIORITY_LOW, ask_trust_cb, g_object_ref (self), g_object_unref);
      break;
    case PAGE_VOICE:
      wm_voice_view_set_store (self->voice_view, self->store);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
give_store_to_visible_page (WmWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  guint page;

  if (self->store == NULL || name == NULL)
    return;

  page = g_str_equal (name, "journeys") ? PAGE_JOURNEYS
         : g_str_equal (name, "personas") ? PAGE_PERSONAS
         : g_str_equal (name, "kpis") ? PAGE_KPIS
         : g_str_equal (name, "voice") ? PAGE_VOICE : 0;
  if (page != 0)
    ensure_page (self, page);
}

static gboolean
build_kpis_page_cb (gpointer user_data)
{
  WmWindow *self = user_data;

  self->kpis_idle_id = 0;
  if (self->store != NULL)
    ensure_page (self, PAGE_KPIS);

  return G_SOURCE_REMOVE;
}

static void
after_first_paint_cb (GdkFrameClock *clock,
                      WmWindow      *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->watch_pending)
    {
      self->watch_pending = FALSE;
      /* Colleagues and sync tools change the file too: show it within a second. */
      wm_store_watch (self->store, 1000);
    }
  if (self->kpis_idle_id == 0 && self->kpis_view == NULL)
    self->kpis_idle_id = g_idle_add (build_kpis_page_cb, self);
}

/* What the window's first frame with a project does not wait for: the
 * dashboard (and with it the feeds), and watching the file for other
 * programs' changes, whose file monitor costs the kernel time for every
 * name in the file's folder (30–60 ms in a /tmp of a thousand files). A
 * change made meanwhile shows at the watch's first poll, a second later at
 * most: the store compares with what the file was when it was opened. */
static void
after_first_frame (WmWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gboolean kpis_wait = self->kpis_view == NULL && self->kpis_idle_id == 0;

  if (self->store == NULL || self->after_paint_id != 0 || !(kpis_wait || self->watch_pending))
    return;

  /* Not realized yet: wm_window_realize () comes back here. */
  if (clock == NULL)
    return;

  self->after_paint_id = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (after_first_paint_cb), self);
}

/* The disk refused an edit the window had already shown: the store took it
 * back; say so until the person has seen it. */
static void
save_failed_cb (WmWindow     *self,
                const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_history (WmWindow *self)
{
  gboolean can_undo = self->store && wm_store_can_undo (self->store);
  gboolean can_redo = self->store && wm_store_can_redo (self->store);
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);

  /* Translators: tooltip of the undo button; %s is what the edit did */
  undo_tip = can_undo ? g_strdup_printf (_("Undo “%s”"), wm_store_get_undo_label (self->store))
                      : g_strdup (_("Undo"));
  /* Translators: tooltip of the redo button; %s is what the edit did */
  redo_tip = can_redo ? g_strdup_printf (_("Redo “%s”"), wm_store_get_redo_label (self->store))
                      : g_strdup (_("Redo"));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

static void
update_read_only (WmWindow *self)
{
  const char *reason = NULL;

  if (self->store && wm_store_is_read_only (self->store))
    {
      reason = wm_store_get_read_only_reason (self->store);
      if (reason == NULL)
        reason = _("This project is open read-only.");
    }

  gtk_label_set_label (self->read_only_label, reason ? reason : "");
  gtk_revealer_set_reveal_child (self->read_only_revealer, reason != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_revealer), reason != NULL);
}

static void
add_recent (WmWindow *self,
            GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_auto(GStrv) recent = wm_ui_recent_prepend ((const char *const *) old, uri, MAX_RECENT);

  g_settings_set_strv (self->settings, "recent-files", (const char *const *) recent);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  gboolean undo = g_str_equal (action_name, "win.undo");

  if (self->store == NULL)
    return;

  label = g_strdup (undo ? wm_store_get_undo_label (self->store)
                         : wm_store_get_redo_label (self->store));
  if (!(undo ? wm_store_undo (self->store, &error) : wm_store_redo (self->store, &error)))
    {
      add_toast (self, error->message);
      return;
    }

  /* Translators: %s is what the edit did, e.g. “Change journey” */
  title = g_strdup_printf (undo ? _("Undone: %s") : _("Redone: %s"), label ? label : "");
  add_toast (self, title);
}

static void
save_copy_response_cb (WmWindow             *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL || self->store == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      add_toast (self, _("Copies can only be saved to local folders"));
      return;
    }

  if (!wm_store_save_copy (self->store, path, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not save a copy: %s"), error->message);

      add_toast (self, title);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      g_autofree char *title = g_strdup_printf (_("Saved a copy as “%s”"), name);

      add_toast (self, title);
    }
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the suggested file name of a copy; %s is the project name */
  name = g_strdup_printf (_("%s (copy).waymark"),
                          *wm_store_get_name (self->store) ? wm_store_get_name (self->store)
                                                           : _("Project"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_copy_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Who else has the file open, beside its name. */
static void
update_presence (WmWindow *self)
{
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file) : NULL;
  g_autofree char *others = self->presence != NULL ? wm_presence_describe (self->presence)
                                                   : NULL;
  g_autofree char *subtitle = NULL;

  if (name == NULL)
    return;
  if (others == NULL)
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, name);
      gtk_label_set_text (self->file_label, name);
      return;
    }

  /* Translators: the file's name, then who else has it open */
  subtitle = g_strdup_printf (_("%s — also open by %s"), name, others);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  /* Beside the undo buttons, a line of its own: on one line with the
   * name, a long name left nothing of who it is. */
  {
    /* Translators: below the project file's name, who else has it open */
    g_autofree char *also = g_strdup_printf (_("Also open by %s"), others);
    g_autofree char *markup = g_markup_printf_escaped ("%s\n<small>%s</small>", name, also);

    gtk_label_set_markup (self->file_label, markup);
  }
}

static void
journey_transfer_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  if (g_str_equal (action_name, "win.export-journey"))
    wm_journey_transfer_export (WM_WINDOW (widget));
  else
    wm_journey_transfer_import (WM_WINDOW (widget));
}

/* win.show-journey (int64 journey id): the Journeys page with that journey's map. */
static void
show_journey_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  if (self->store == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "journeys");
  wm_journeys_view_select (self->journeys_view, g_variant_get_int64 (parameter));
}

/* win.show-touchpoint (int64 touchpoint id), e.g. from the brand-voice report:
 * the Journeys page with that touchpoint's journey, the card selected and its
 * panel open. */
static void
show_touchpoint_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autoptr(WmRecord) touchpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  touchpoint = wm_store_get (self->store, WM_ENTITY_TOUCHPOINT, g_variant_get_int64 (parameter),
                             &error);
  if (touchpoint == NULL)
    {
      add_toast (self, error->message);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, "journeys");
  wm_journeys_view_select (self->journeys_view,
                           wm_record_get_ref (touchpoint, WM_TOUCHPOINT_JOURNEY_ID));
  wm_journey_canvas_select_touchpoint (wm_journeys_view_get_canvas (self->journeys_view),
                                       wm_record_get_id (touchpoint));
}

/* win.show-kpi-link (int64 KPI link id), from a KPI's "On the Map" list: the
 * map at the KPI's place, focused there, so that it is in view: its
 * touchpoint's card, its stage's cell in the KPI lane, or that lane for the
 * whole journey. */
static void
show_kpi_link_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  g_autoptr(WmRecord) link = NULL;
  g_autoptr(WmRecord) stage = NULL;
  g_autoptr(GError) error = NULL;
  WmJourneyCanvas *canvas;
  gint64 stage_id, journey_id, lane_id;

  if (self->store == NULL)
    return;

  link = wm_store_get (self->store, WM_ENTITY_KPI_LINK, g_variant_get_int64 (parameter), &error);
  if (link == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  if (wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID) > 0)
    {
      gtk_widget_activate_action (widget, "win.show-touchpoint", "x",
                                  wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID));
      return;
    }

  stage_id = wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID);
  journey_id = wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID);
  if (stage_id > 0)
    {
      stage = wm_store_get (self->store, WM_ENTITY_STAGE, stage_id, &error);
      if (stage == NULL)
        {
          add_toast (self, error->message);
          return;
        }
      journey_id = wm_record_get_ref (stage, WM_STAGE_JOURNEY_ID);
    }

  adw_view_stack_set_visible_child_name (self->view_stack, "journeys");
  wm_journeys_view_select (self->journeys_view, journey_id);
  canvas = wm_journeys_view_get_canvas (self->journeys_view);
  lane_id = wm_kpi_link_find_lane (self->store, journey_id, NULL);
  if (lane_id <= 0)
    return;
  if (stage_id > 0)
    wm_journey_canvas_focus_cell (canvas, stage_id, lane_id);
  else
    wm_journey_canvas_focus_lane (canvas, lane_id);
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
}

/* win.show-persona (int64 persona id): the Personas page with that persona's editor. */
static void
show_persona_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);

  if (self->store == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "personas");
  ensure_page (self, PAGE_PERSONAS);
  wm_personas_view_show_persona (self->personas_view, g_variant_get_int64 (parameter));
}

static void
rename_project_response_cb (WmWindow       *self,
                            const char     *response,
                            AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename") || self->store == NULL ||
      g_strcmp0 (name, wm_store_get_name (self->store)) == 0)
    return;

  if (!wm_store_set_string (self->store, wm_record_get_id (wm_store_get_project (self->store)),
                            WM_PROJECT_NAME, name, &error))
    add_toast (self, error->message);
}

static void
rename_project_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->store == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Project"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), wm_store_get_name (self->store));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Project name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_project_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  wm_merge_dialog_start (WM_WINDOW (widget));
}

static void
start_page_open_file_cb (WmWindow *self,
                         GFile    *file)
{
  wm_window_open_file_or_report (self, file);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (self->store != NULL && adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static WmListDetail *
find_list_detail (GtkWidget *widget)
{
  if (WM_IS_LIST_DETAIL (widget))
    return WM_LIST_DETAIL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      WmListDetail *found = find_list_detail (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Ctrl+F: the search of the page on show, whichever page that is. */
static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmWindow *self = WM_WINDOW (widget);
  GtkWidget *page;
  WmListDetail *list_detail;

  if (self->store == NULL)
    return;

  page = adw_view_stack_get_visible_child (self->view_stack);
  if (page != NULL && (list_detail = find_list_detail (page)) != NULL)
    wm_list_detail_focus_search (list_detail);
}

/* The shortcuts window, built when first asked for. GtkApplication would
 * build it with every window from <resource-base-path>/gtk/help-overlay.ui,
 * a few hundred widgets (≈5 % of a launch) that are seldom looked at. Once
 * built it is the window's help overlay, as GTK would have made it. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/org/waymark/Waymark/wm-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

/* Narrow, the page switcher moves from the header to a bar at the bottom
 * (which gets the pages, and makes their buttons, the first time), and the
 * file's name shows beside the undo buttons. */
static void
apply_title_visible (WmWindow *self)
{
  gboolean narrow = adw_view_switcher_title_get_title_visible (self->switcher_title);

  gtk_widget_set_visible (GTK_WIDGET (self->file_label), !narrow);
  if (narrow && adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, narrow);
}

static gboolean
title_visible_idle_cb (gpointer user_data)
{
  WmWindow *self = user_data;

  self->title_visible_id = 0;
  apply_title_visible (self);

  return G_SOURCE_REMOVE;
}

/* The header's switcher title tells while the header is being laid out:
 * changing the header then (the file's name) leaves a part of it without
 * an allocation in that frame, so the change waits for the layout to end. */
static void
title_visible_cb (WmWindow *self)
{
  if (self->title_visible_id == 0)
    self->title_visible_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, title_visible_idle_cb,
                                              self, NULL);
}

/* A project file dropped on the window opens, in its own window when this
 * one already shows a project. */
static gboolean
drop_cb (WmWindow     *self,
         const GValue *value,
         double        x,
         double        y)
{
  GSList *files;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || !WM_IS_APPLICATION (app))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      if (self->store == NULL)
        {
          wm_window_open_file_or_report (self, l->data);
          continue;
        }
      wm_application_open_file (WM_APPLICATION (app), l->data);
    }
  g_slist_free (files);

  return files != NULL;
}

static gboolean
wm_window_close_request (GtkWindow *window)
{
  WmWindow *self = WM_WINDOW (window);
  int width;
  int height;

  /* The size is only worth keeping when the window was not maximized. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (wm_window_parent_class)->close_request (window);
}

static void
wm_window_realize (GtkWidget *widget)
{
  WmWindow *self = WM_WINDOW (widget);

  GTK_WIDGET_CLASS (wm_window_parent_class)->realize (widget);

  /* A window shown on a project never shows its start page: only one shown
   * without makes it (the project replaces it, never the other way). */
  if (self->store == NULL && adw_bin_get_child (self->start_bin) == NULL)
    {
      GtkWidget *start_page = wm_start_page_new ();

      g_signal_connect_swapped (start_page, "open-file", G_CALLBACK (start_page_open_file_cb),
                                self);
      adw_bin_set_child (self->start_bin, start_page);
    }

  after_first_frame (self);
}

static void
wm_window_unrealize (GtkWidget *widget)
{
  WmWindow *self = WM_WINDOW (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (wm_window_parent_class)->unrealize (widget);
}

static void
wm_window_dispose (GObject *object)
{
  WmWindow *self = WM_WINDOW (object);

  g_clear_handle_id (&self->kpis_idle_id, g_source_remove);
  g_clear_handle_id (&self->title_visible_id, g_source_remove);

  if (self->store_signals)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_pointer (&self->title_binding, g_binding_unbind);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->presence);
  if (self->store != NULL)
    wm_store_unwatch (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_WINDOW);
  self->personas_view = NULL;
  self->kpis_view = NULL;
  self->voice_view = NULL;

  G_OBJECT_CLASS (wm_window_parent_class)->dispose (object);
}

static void
wm_window_class_init (WmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wm_window_dispose;
  widget_class->realize = wm_window_realize;
  widget_class->unrealize = wm_window_unrealize;
  window_class->close_request = wm_window_close_request;

  /* The journeys are created by the template, the other pages by
   * ensure_page (), the start page by wm_window_realize (). */
  g_type_ensure (WM_TYPE_JOURNEYS_VIEW);

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/waymark/Waymark/wm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, start_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, project_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, start_bin);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, file_label);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, journeys_view);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, personas_bin);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, kpis_bin);
  gtk_widget_class_bind_template_child (widget_class, WmWindow, voice_bin);

  /* Accelerators live with the other ones in WmApplication. */
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.show-persona", "x", show_persona_action);
  gtk_widget_class_install_action (widget_class, "win.show-journey", "x", show_journey_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.rename-project", NULL,
                                   rename_project_action);
  gtk_widget_class_install_action (widget_class, "win.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "win.show-touchpoint", "x",
                                   show_touchpoint_action);
  gtk_widget_class_install_action (widget_class, "win.show-kpi-link", "x",
                                   show_kpi_link_action);
  gtk_widget_class_install_action (widget_class, "win.export-journey", NULL,
                                   journey_transfer_action);
  gtk_widget_class_install_action (widget_class, "win.import-journey", NULL,
                                   journey_transfer_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
}

static void
wm_window_init (WmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wm_ui_menu_button_set_menu_lazily (self->start_menu_button, self->primary_menu);
  wm_ui_menu_button_set_menu_lazily (self->project_menu_button, self->primary_menu);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (give_store_to_visible_page), self);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->store_signals = g_signal_group_new (WM_TYPE_STORE);
  g_signal_group_connect_swapped (self->store_signals, "notify::can-undo",
                                  G_CALLBACK (update_history), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::can-redo",
                                  G_CALLBACK (update_history), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::undo-label",
                                  G_CALLBACK (update_history), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::redo-label",
                                  G_CALLBACK (update_history), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::read-only",
                                  G_CALLBACK (update_read_only), self);
  g_signal_group_connect_swapped (self->store_signals, "save-failed",
                                  G_CALLBACK (save_failed_cb), self);

  {
    GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_swapped (target, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }

  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (title_visible_cb), self);
  apply_title_visible (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-project", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-journey", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-journey", FALSE);
  update_history (self);
  update_read_only (self);
}

WmWindow *
wm_window_new (WmApplication *app)
{
  g_return_val_if_fail (!app || WM_IS_APPLICATION (app), NULL);

  return g_object_new (WM_TYPE_WINDOW, "application", app, NULL);
}

void
wm_window_add_toast (WmWindow   *self,
                     const char *title)
{
  g_return_if_fail (WM_IS_WINDOW (self));

  add_toast (self, title);
}

WmStore *
wm_window_get_store (WmWindow *self)
{
  g_return_val_if_fail (WM_IS_WINDOW (self), NULL);

  return self->store;
}


void
wm_window_set_store (WmWindow *self,
                     WmStore  *store,
                     GFile    *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (WM_IS_WINDOW (self));
  g_return_if_fail (WM_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  if (self->store != NULL && self->store != store)
    wm_store_unwatch (self->store);
  g_set_object (&self->store, store);
  /* A slow disk must not hold up a frame: edits go to it on a thread. */
  wm_store_set_commit_in_background (store, TRUE);
  /* Watched at once when the window is on screen already, else after its
   * first frame (see after_first_frame ()). */
  self->watch_pending = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->watch_pending)
    wm_store_watch (store, 1000);
  /* Names longer than any window shows are read cut, so any project paints. */
  wm_store_set_text_limit (store, WM_WINDOW_TEXT_LIMIT);
  g_set_object (&self->file, file);
  g_signal_group_set_target (self->store_signals, store);

  /* A page built before gets this project when next shown. */
  self->pages_with_store = 0;
  ensure_page (self, PAGE_JOURNEYS);
  if (self->kpis_view != NULL)
    ensure_page (self, PAGE_KPIS);
  after_first_frame (self);
  give_store_to_visible_page (self);

  name = g_file_get_basename (file);
  gtk_label_set_text (self->file_label, name);
  {
    g_autofree char *parse_name = g_file_get_parse_name (file);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), parse_name);
  }
  self->title_binding = g_object_bind_property (wm_store_get_project (store), "label",
                                                self->switcher_title, "title",
                                                G_BINDING_SYNC_CREATE);
  adw_view_switcher_title_set_subtitle (self->switcher_title, name);
  /* The window list tells projects apart by name and file. */
  if (*wm_store_get_name (store))
    {
      /* Translators: the window title: a project's name, then its file name */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), wm_store_get_name (store), name);

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), name);
  if (*wm_store_get_name (store) == '\0')
    adw_view_switcher_title_set_title (self->switcher_title, name);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-copy", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-project",
                                 !wm_store_is_read_only (store));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-journey", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-journey", TRUE);
  /* A window opened on a project shows it in its first frame, not a
   * crossfade from the start page (which would also measure and draw both). */
  gtk_stack_set_visible_child_full (self->main_stack, "project",
                                    gtk_widget_get_mapped (GTK_WIDGET (self))
                                    ? gtk_stack_get_transition_type (self->main_stack)
                                    : GTK_STACK_TRANSITION_TYPE_NONE);
  update_history (self);
  update_read_only (self);
  add_recent (self, file);

  g_clear_object (&self->presence);
  self->presence = wm_presence_new (wm_store_get_path (store));
  g_signal_connect_object (self->presence, "notify::others", G_CALLBACK (update_presence), self,
                           G_CONNECT_SWAPPED);
  wm_presence_start (self->presence, 0);
}

gboolean
wm_window_open_file (WmWindow  *self,
                     GFile     *file,
                     GError   **error)
{
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = NULL;

  g_return_val_if_fail (WM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only projects in local folders can be opened."));
      return FALSE;
    }

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return FALSE;

  wm_window_set_store (self, store, file);

  return TRUE;
}

void
wm_window_show_open_error (WmWindow     *self,
                           GFile        *file,
                           const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_if_fail (WM_IS_WINDOW (self));

  /* Translators: %s is a file name */
  heading = g_strdup_printf (_("Could not open “%s”"), name);
  dialog = wm_ui_alert (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
}

gboolean
wm_window_open_file_or_report (WmWindow *self,
                               GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WM_IS_WINDOW (self), FALSE);

  if (wm_window_open_file (self, file, &error))
    return TRUE;

  wm_window_show_open_error (self, file, error);

  return FALSE;
}

/* Whether the window shows the project in @file. */
gboolean
wm_window_shows_file (WmWindow *self,
                      GFile    *file)
{
  g_return_val_if_fail (WM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return self->file != NULL && self->store != NULL && g_file_equal (self->file, file);
}
