/* wm-journeys-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "wm-journey-analysis.h"
#include "wm-journey-canvas.h"
#include "wm-journey-copy.h"
#include "wm-journey-transfer.h"
#include "wm-journeys-view.h"
#include "wm-list-detail.h"
#include "wm-map-export.h"
#include "wm-map-toolbar.h"
#include "wm-map-render.h"
#include "wm-mermaid.h"
#include "wm-record-list.h"
#include "wm-touchpoint-panel.h"
#include "wm-ui-util.h"

struct _WmJourneysView
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  WmListDetail      *list_detail;
  GtkButton         *name_button;
  GtkLabel          *name_label;
  GtkPopover        *rename_popover;
  GtkEntry          *name_entry;
  GtkLabel          *state_label;
  GtkMenuButton     *personas_button;
  GtkWidget         *compare_button;
  GMenuModel        *lane_menu;
  GMenuModel        *add_menu;
  GMenuModel        *journey_menu;
  GtkMenuButton     *lane_menu_button;
  GtkMenuButton     *add_menu_button;
  WmMapToolbar      *toolbar;
  GtkWidget         *add_buttons;
  GtkMenuButton     *toolbar_add_menu_button;
  GtkMenuButton     *journey_menu_button;
  GtkMenuButton     *compact_journey_menu_button;
  GtkRevealer       *zoom_revealer;
  GtkEventController *zoom_focus;
  GtkButton         *zoom_button;
  WmJourneyCanvas   *canvas;
  GtkRevealer       *analysis_revealer;
  GtkBox            *analysis_box;
  GtkRevealer       *panel_revealer;
  GtkBox            *panel_box;
  WmTouchpointPanel *panel;             /* NULL until first opened */

  WmStore           *store;
  WmRecordList      *journeys;
  gulong             store_changed_id;
  gint64             selected_id;
  /* The card the side panel shows, and its title once another program
   * deleted it, for the toast that says so. */
  gint64             card_id;
  char              *card_title;
  char              *removed_card;
  gboolean           compare;
  gboolean           show_analysis;
  GSettings         *settings;
  /* The analysis gave its place to the touchpoint panel (see
   * make_room_for_panel()), and comes back when the panel closes. */
  gboolean           analysis_yielded;
  /* A row of the analysis is taking the map to its touchpoint. */
  gboolean           navigating;
  /* A journey just made is being named: what follows when the name is
   * given (or the popover dismissed). */
  enum { NAMING_NONE, NAMING_EMPTY, NAMING_TEMPLATE } naming;
  /* The zoom controls: when they fade, whether the pointer is on them, and
   * where it last moved over the map. */
  guint              zoom_hide_id;
  gboolean           zoom_hovered;
  double             pointer_x;
  double             pointer_y;
};

G_DEFINE_FINAL_TYPE (WmJourneysView, wm_journeys_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPARE,
  PROP_SHOW_ANALYSIS,
  PROP_SHOW_VOICE_FINDINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void select_journey (WmJourneysView *self,
                            gint64          id);
static void update_actions (WmJourneysView *self);

/* Helpers */

static void
add_toast (WmJourneysView *self,
           const char     *title,
           gboolean        undo)
{
  wm_ui_toast (GTK_WIDGET (self), title, undo);
}

static void
report_error (WmJourneysView *self,
              const char     *what,
              GError         *error)
{
  g_autofree char *title = NULL;

  if (error == NULL)
    return;
  /* Translators: a toast: what failed, then why */
  title = what ? g_strdup_printf (_("%s: %s"), what, error->message) : g_strdup (error->message);
  add_toast (self, title, FALSE);
}

static const char *
choice_label (WmColumnId  column,
              const char *value)
{
  const char *label = wm_column_choice_label (column, value);

  return label ? label : value;
}

static WmRecord *
get_journey (WmJourneysView *self,
             gint64          id)
{
  int position;

  if (self->journeys == NULL || id <= 0)
    return NULL;
  position = wm_record_list_find (self->journeys, id);
  if (position < 0)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->journeys), (guint) position);
}

static gboolean
writable (WmJourneysView *self)
{
  return self->store && !wm_store_is_read_only (self->store);
}

/* The header above the map */

/* The journey that comparing shows for @journey: @journey itself when it
 * is a to-be journey, else the first to-be journey made from it; 0 when
 * there is none. */
static gint64
journey_to_compare (WmJourneysView *self,
                    WmRecord       *journey)
{
  gint64 id = wm_record_get_id (journey);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->journeys));

  if (wm_record_get_ref (journey, WM_JOURNEY_AS_IS_JOURNEY_ID) > 0)
    return id;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WmRecord) other = g_list_model_get_item (G_LIST_MODEL (self->journeys), i);

      if (wm_record_get_ref (other, WM_JOURNEY_AS_IS_JOURNEY_ID) == id)
        return wm_record_get_id (other);
    }

  return 0;
}

static void
update_header (WmJourneysView *self)
{
  g_autoptr(WmRecord) journey = get_journey (self, self->selected_id);
  gboolean to_be;
  gint64 compared;

  if (journey == NULL)
    return;

  gtk_label_set_label (self->name_label, wm_record_get_string (journey, WM_JOURNEY_NAME));
  gtk_label_set_label (self->state_label,
                       choice_label (WM_JOURNEY_STATE,
                                     wm_record_get_string (journey, WM_JOURNEY_STATE)));
  to_be = g_strcmp0 (wm_record_get_string (journey, WM_JOURNEY_STATE), "to-be") == 0;
  if (to_be)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "wm-to-be");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "wm-to-be");

  /* Comparing works from either side of an as-is and to-be pair. */
  compared = journey_to_compare (self, journey);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.compare", compared > 0);
  gtk_widget_set_tooltip_text (self->compare_button,
                               compared == self->selected_id
                               ? _("Compare With the As-is Journey")
                               : compared > 0 ? _("Compare With the To-be Journey")
                                              : _("No To-be Journey to Compare With"));
  /* A mode of a to-be journey's map: off on any other. */
  if (self->compare && compared != self->selected_id)
    g_object_set (self, "compare", FALSE, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_button), writable (self));
}

static void rename_popover_map_cb (WmJourneysView *self);
static void rename_popover_closed_cb (WmJourneysView *self);
static void name_entry_activate_cb (WmJourneysView *self);

/* The journey's name above the map renames it in a popover. */
static void
build_rename_popover (WmJourneysView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("Journey Name"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  self->name_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->name_entry), 28);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_swapped (self->name_entry, "activate", G_CALLBACK (name_entry_activate_cb),
                            self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->name_entry));

  self->rename_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->rename_popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->rename_popover), GTK_WIDGET (self->name_button));
  g_signal_connect_object (self->rename_popover, "map", G_CALLBACK (rename_popover_map_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_swapped (self->rename_popover, "closed",
                            G_CALLBACK (rename_popover_closed_cb), self);
}

/* A new journey named (or its name left as it is): an empty one goes on to
 * naming its first stage, one from the template to its first stage. */
static void
rename_popover_closed_cb (WmJourneysView *self)
{
  WmMapModel *model = wm_journey_canvas_get_model (self->canvas);
  int naming = self->naming;

  self->naming = NAMING_NONE;
  if (naming == NAMING_EMPTY)
    gtk_widget_activate_action (GTK_WIDGET (self->canvas), "map.add-stage", NULL);
  else if (naming == NAMING_TEMPLATE && model != NULL && model->stages->len > 0)
    wm_journey_canvas_focus_stage (self->canvas,
                                   ((WmMapStage *) g_ptr_array_index (model->stages, 0))->id);
}

/* The name, selected for typing to replace it. On "map", which GTK emits
 * from within "show" before a handler of "show" runs. */
static void
rename_popover_map_cb (WmJourneysView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), gtk_label_get_label (self->name_label));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->name_entry), 0, -1);
}

static void
name_entry_activate_cb (WmJourneysView *self)
{
  g_autoptr(WmRecord) journey = get_journey (self, self->selected_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  gtk_popover_popdown (self->rename_popover);
  if (journey == NULL || !writable (self))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  if (*name == '\0' || g_strcmp0 (name, wm_record_get_string (journey, WM_JOURNEY_NAME)) == 0)
    return;

  if (!wm_store_set_string (self->store, self->selected_id, WM_JOURNEY_NAME, name, &error))
    report_error (self, _("Could not rename the journey"), error);
}

/* Personas linked to the journey: a popover of check buttons. */

static void
persona_toggled_cb (WmJourneysView *self,
                    GtkCheckButton *check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  gint64 persona_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check),
                                                                    "wm-persona"));
  gboolean active = gtk_check_button_get_active (check);
  gint64 link_id = 0;

  if (!writable (self) || self->selected_id <= 0)
    return;

  links = wm_store_list (self->store, WM_ENTITY_JOURNEY_PERSONA, WM_JOURNEY_PERSONA_JOURNEY_ID,
                         self->selected_id, NULL);
  for (guint i = 0; links && i < links->len; i++)
    if (wm_record_get_ref (g_ptr_array_index (links, i), WM_JOURNEY_PERSONA_PERSONA_ID) ==
        persona_id)
      link_id = wm_record_get_id (g_ptr_array_index (links, i));

  if (active && link_id == 0)
    {
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);

      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_JOURNEY_ID, self->selected_id);
      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_PERSONA_ID, persona_id);
      if (wm_store_insert (self->store, draft, &error) <= 0)
        report_error (self, NULL, error);
    }
  else if (!active && link_id > 0 &&
           !wm_store_delete (self->store, WM_ENTITY_JOURNEY_PERSONA, link_id, &error))
    report_error (self, NULL, error);
}

static void
fill_personas_popover (WmJourneysView *self)
{
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GPtrArray) links = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;

  label = gtk_label_new (_("Personas on this journey"));
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  personas = wm_store_list (self->store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, NULL);
  links = wm_store_list (self->store, WM_ENTITY_JOURNEY_PERSONA, WM_JOURNEY_PERSONA_JOURNEY_ID,
                         self->selected_id, NULL);
  for (guint i = 0; personas && i < personas->len; i++)
    {
      WmRecord *persona = g_ptr_array_index (personas, i);
      GtkWidget *check = gtk_check_button_new_with_label (wm_record_get_label (persona));
      gboolean linked = FALSE;

      for (guint j = 0; links && j < links->len; j++)
        if (wm_record_get_ref (g_ptr_array_index (links, j), WM_JOURNEY_PERSONA_PERSONA_ID) ==
            wm_record_get_id (persona))
          linked = TRUE;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), linked);
      gtk_widget_set_sensitive (check, writable (self));
      g_object_set_data (G_OBJECT (check), "wm-persona",
                         GSIZE_TO_POINTER ((gsize) wm_record_get_id (persona)));
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (persona_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), check);
    }

  if (personas == NULL || personas->len == 0)
    {
      label = gtk_label_new (_("The project has no personas yet. Add them in the Personas view."));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_popover_set_child (gtk_menu_button_get_popover (self->personas_button), box);
}

static void
personas_popover_show_cb (WmJourneysView *self)
{
  fill_personas_popover (self);
}

/* The analysis beside the map */

static void
analysis_row_activated_cb (WmJourneysView *self,
                           GtkListBoxRow  *row)
{
  gint64 id = wm_journey_analysis_row_get_touchpoint (row);

  if (id > 0)
    {
      self->navigating = TRUE;
      wm_journey_canvas_select_touchpoint (self->canvas, id);
      self->navigating = FALSE;
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
}

static void
rebuild_analysis (WmJourneysView *self)
{
  WmMapLayout *layout = wm_journey_canvas_get_layout (self->canvas);

  wm_journey_analysis_fill (self->analysis_box, self->show_analysis ? layout : NULL,
                            G_CALLBACK (analysis_row_activated_cb), self);
}

/* Following the canvas */

/* Remembers the selected card; one that left the map may have been deleted. */
static void
track_card (WmJourneysView *self,
            gint64          id)
{
  WmMapModel *model = wm_journey_canvas_get_model (self->canvas);
  WmMapTouchpoint *touchpoint = model != NULL && id > 0 ? wm_map_model_get_touchpoint (model, id)
                                                        : NULL;

  if (id == self->card_id)
    return;

  g_clear_pointer (&self->removed_card, g_free);
  if (self->card_id > 0 && self->store != NULL)
    {
      g_autoptr(WmRecord) gone = wm_store_get (self->store, WM_ENTITY_TOUCHPOINT, self->card_id,
                                               NULL);

      if (gone == NULL)
        self->removed_card = g_steal_pointer (&self->card_title);
    }
  self->card_id = id;
  g_free (self->card_title);
  self->card_title = g_strdup (touchpoint != NULL ? touchpoint->title : NULL);
}

static void panel_close_cb (WmJourneysView *self);

/* The side panel is built when a touchpoint is first opened: a window that
 * only shows the map does not build (or measure) its editor. */
static WmTouchpointPanel *
ensure_panel (WmJourneysView *self)
{
  if (self->panel == NULL)
    {
      GtkEventController *next = gtk_shortcut_controller_new ();

      self->panel = WM_TOUCHPOINT_PANEL (wm_touchpoint_panel_new ());
      gtk_widget_set_size_request (GTK_WIDGET (self->panel), 360, -1);
      /* Ctrl+Enter adds the next card wherever one is being written, in
       * the message copy too, which would take it for a new line: so
       * before the focused field sees it. */
      gtk_event_controller_set_propagation_phase (next, GTK_PHASE_CAPTURE);
      for (guint i = 0; i < 2; i++)
        gtk_shortcut_controller_add_shortcut (
          GTK_SHORTCUT_CONTROLLER (next),
          gtk_shortcut_new (gtk_keyval_trigger_new (i == 0 ? GDK_KEY_Return : GDK_KEY_KP_Enter,
                                                    GDK_CONTROL_MASK),
                            gtk_named_action_new ("journeys.add-touchpoint")));
      gtk_widget_add_controller (GTK_WIDGET (self->panel), next);
      g_signal_connect_object (self->panel, "close", G_CALLBACK (panel_close_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->panel_box, GTK_WIDGET (self->panel));
    }

  return self->panel;
}

/* The panel shows no touchpoint (when there is a panel). */
static void
clear_panel (WmJourneysView *self)
{
  if (self->panel != NULL)
    wm_touchpoint_panel_set_touchpoint (self->panel, NULL, 0);
}

/* The narrowest the map gets beside the analysis and the touchpoint
 * panel: a stage and the lane names. */
#define MAP_MIN_WIDTH 320

static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);

  return minimum;
}

/* Whether the map keeps MAP_MIN_WIDTH with both the analysis and the
 * touchpoint panel beside it. */
static gboolean
room_for_both (WmJourneysView *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (self->analysis_revealer));
  int analysis, panel;

  ensure_panel (self);
  analysis = min_width (gtk_revealer_get_child (self->analysis_revealer));
  panel = min_width (GTK_WIDGET (self->panel_box));

  return gtk_widget_get_width (row) >= MAP_MIN_WIDTH + analysis + panel;
}

/* In a window too narrow for both, the analysis gives its place to the
 * touchpoint panel being opened, rather than the map shrinking to nothing. */
static void
make_room_for_panel (WmJourneysView *self)
{
  if (!self->show_analysis || gtk_revealer_get_reveal_child (self->panel_revealer) ||
      room_for_both (self))
    return;

  g_object_set (self, "show-analysis", FALSE, NULL);
  self->analysis_yielded = TRUE;
}

static void
show_panel (WmJourneysView *self,
            gint64          id)
{
  wm_touchpoint_panel_set_touchpoint (ensure_panel (self), self->store, id);
  make_room_for_panel (self);
  gtk_revealer_set_reveal_child (self->panel_revealer, TRUE);
}

/* The panel closes; an analysis that gave way to it comes back. */
static void
hide_panel (WmJourneysView *self)
{
  gtk_revealer_set_reveal_child (self->panel_revealer, FALSE);
  if (self->analysis_yielded)
    g_object_set (self, "show-analysis", TRUE, NULL);
}

static void
selection_changed_cb (WmJourneysView *self)
{
  gint64 id = wm_journey_canvas_get_selected_touchpoint (self->canvas);

  track_card (self, id);
  if (id > 0)
    {
      /* The analysis is a way around the map: its rows show where a card
       * is, and open the panel only when it is open already. */
      if (self->navigating && !gtk_revealer_get_reveal_child (self->panel_revealer))
        return;
      show_panel (self, id);
    }
  else
    {
      if (self->panel != NULL)
        wm_touchpoint_panel_flush (self->panel);
      hide_panel (self);
    }
}

static void
edit_touchpoint_cb (WmJourneysView *self,
                    gint64          id)
{
  show_panel (self, id);
  wm_touchpoint_panel_focus_title (self->panel);
}

/* The panel narrows the map: the card it edits stays in view. */
static void
panel_revealed_cb (WmJourneysView *self)
{
  if (gtk_revealer_get_child_revealed (self->panel_revealer))
    wm_journey_canvas_show_focus (self->canvas);
}

static void
panel_close_cb (WmJourneysView *self)
{
  hide_panel (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* How long the zoom controls stay after the pointer stops moving. */
#define ZOOM_HIDE_DELAY_MS 2000

static gboolean
zoom_hide_cb (gpointer user_data)
{
  WmJourneysView *self = user_data;

  self->zoom_hide_id = 0;
  gtk_revealer_set_reveal_child (self->zoom_revealer, FALSE);

  return G_SOURCE_REMOVE;
}

/* The zoom controls float over the map's bottom corner, where they would
 * hide what is written there: as an image viewer's, they show while the
 * pointer moves over the map or the zoom changes, and fade a while after,
 * unless the pointer or the keyboard focus is on them. */
static void
zoom_show (WmJourneysView *self)
{
  g_clear_handle_id (&self->zoom_hide_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->zoom_revealer, TRUE);
  if (!self->zoom_hovered
      && !gtk_event_controller_focus_contains_focus (GTK_EVENT_CONTROLLER_FOCUS (self->zoom_focus)))
    self->zoom_hide_id = g_timeout_add (ZOOM_HIDE_DELAY_MS, zoom_hide_cb, self);
}

static void
map_motion_cb (WmJourneysView *self,
               double          x,
               double          y)
{
  /* GTK also reports the pointer when what lies under it changes, as when
   * the controls fade; only a pointer that moved brings them back. */
  if (x == self->pointer_x && y == self->pointer_y)
    return;
  self->pointer_x = x;
  self->pointer_y = y;
  zoom_show (self);
}

static void
map_pressed_cb (WmJourneysView *self)
{
  zoom_show (self);
}

static void
zoom_enter_cb (WmJourneysView *self)
{
  self->zoom_hovered = TRUE;
  zoom_show (self);
}

static void
zoom_leave_cb (WmJourneysView *self)
{
  self->zoom_hovered = FALSE;
  zoom_show (self);
}

static void
zoom_changed_cb (WmJourneysView *self)
{
  g_autofree char *label = NULL;

  /* Translators: the zoom level, e.g. “100 %” */
  label = g_strdup_printf (_("%d %%"),
                           (int) lround (wm_journey_canvas_get_zoom (self->canvas) * 100));
  gtk_button_set_label (self->zoom_button, label);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    zoom_show (self);
}

static void
map_changed_cb (WmJourneysView *self)
{
  WmMapModel *model = wm_journey_canvas_get_model (self->canvas);
  WmMapTouchpoint *card = model != NULL && self->card_id > 0
                          ? wm_map_model_get_touchpoint (model, self->card_id) : NULL;

  /* The card's title as it is now, for the toast if it goes. */
  if (card != NULL && g_strcmp0 (card->title, self->card_title) != 0)
    {
      g_free (self->card_title);
      self->card_title = g_strdup (card->title);
    }
  update_header (self);
  rebuild_analysis (self);
}

/* Journey list */

static void
select_journey (WmJourneysView *self,
                gint64          id)
{
  if (id == self->selected_id)
    return;

  self->selected_id = id;
  hide_panel (self);
  clear_panel (self);
  wm_journey_canvas_set_journey (self->canvas, self->store, id);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.compare", FALSE);
  update_header (self);
  update_actions (self);
  rebuild_analysis (self);
}

/* Rows: the journey's name and, dimmed, whether it is as-is or to-be. */
/* Journeys reorder by dragging one row onto another: it takes that row's place. */
static GdkContentProvider *
row_drag_prepare_cb (GtkDragSource *source,
                     double         x,
                     double         y,
                     GtkListItem   *item)
{
  WmRecord *journey = gtk_list_item_get_item (item);

  if (journey == NULL)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_INT64, wm_record_get_id (journey));
}

static gboolean
row_drop_cb (GtkDropTarget *target,
             const GValue  *value,
             double         x,
             double         y,
             GtkListItem   *item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  WmJourneysView *self = WM_JOURNEYS_VIEW (gtk_widget_get_ancestor (row, WM_TYPE_JOURNEYS_VIEW));
  WmRecord *journey = gtk_list_item_get_item (item);
  g_autoptr(GError) error = NULL;
  gint64 dragged = g_value_get_int64 (value);
  int position;

  if (self == NULL || journey == NULL || !writable (self) || dragged == wm_record_get_id (journey))
    return FALSE;

  position = wm_record_list_find (self->journeys, wm_record_get_id (journey));
  if (position < 0 || wm_record_list_find (self->journeys, dragged) < 0)
    return FALSE;
  if (!wm_store_move (self->store, WM_ENTITY_JOURNEY, dragged, (guint) position, &error))
    {
      report_error (self, _("Could not move the journey"), error);
      return FALSE;
    }
  wm_list_detail_select_id (self->list_detail, dragged);

  return TRUE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *row = wm_ui_text_row (NULL, NULL, NULL);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (row_drag_prepare_cb), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (row_drop_cb), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
  gtk_list_item_set_child (item, row);
}

static void
update_row (GtkListItem *item)
{
  WmRecord *journey = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  if (journey == NULL)
    return;
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (row)),
                       wm_record_get_string (journey, WM_JOURNEY_NAME));
  wm_ui_text_row_set_subtitle (row, choice_label (WM_JOURNEY_STATE,
                                                  wm_record_get_string (journey,
                                                                        WM_JOURNEY_STATE)));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  update_row (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "changed",
                           G_CALLBACK (update_row), item, G_CONNECT_SWAPPED);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_row, item);
}

static void
list_selected_cb (WmJourneysView *self)
{
  select_journey (self, wm_list_detail_get_selected_id (self->list_detail));
}

static void
update_actions (WmJourneysView *self)
{
  gboolean has_journey = self->selected_id > 0;
  gboolean can_write = writable (self);
  int position = has_journey ? wm_record_list_find (self->journeys, self->selected_id) : -1;
  guint n = self->journeys ? g_list_model_get_n_items (G_LIST_MODEL (self->journeys)) : 0;
  const char *edit_actions[] = { "journeys.rename", "journeys.duplicate", "journeys.make-to-be",
                                 "journeys.delete" };

  for (guint i = 0; i < G_N_ELEMENTS (edit_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), edit_actions[i], has_journey && can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.move-up",
                                 can_write && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.move-down",
                                 can_write && position >= 0 && (guint) position + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.new", can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.new-from-template", can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.import-mermaid", can_write);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.paste-mermaid", can_write);
}

static void
items_changed_cb (WmJourneysView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->journeys)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "content");
  if (empty)
    select_journey (self, 0);
  update_actions (self);
}

/* After the map followed the store: a card another program deleted while
 * it was selected is gone from the map and the panel; say so. */
static void
store_changed_after_cb (WmJourneysView *self,
                        guint64         mask)
{
  g_autofree char *removed = g_steal_pointer (&self->removed_card);
  g_autofree char *message = NULL;

  if (removed == NULL || mask != WM_CHANGE_ALL)
    return;

  if (*removed != '\0')
    /* Translators: a touchpoint card's title */
    message = g_strdup_printf (_("The card “%s” was deleted in another program"), removed);
  else
    message = g_strdup (_("The selected card was deleted in another program"));
  add_toast (self, message, FALSE);
}

static void
store_changed_cb (WmJourneysView *self,
                  guint64         mask)
{
  if (mask & WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY))
    {
      update_header (self);
      update_actions (self);
    }
}

/* Actions */

static void
show_journey (WmJourneysView *self,
              gint64          id)
{
  /* The list follows the store first; then the new row can be selected. */
  if (wm_record_list_find (self->journeys, id) >= 0 &&
      wm_list_detail_select_id (self->list_detail, id))
    select_journey (self, id);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  gboolean from_template = g_str_equal (action_name, "journeys.new-from-template");
  gint64 id;

  if (!writable (self))
    return;

  id = wm_journey_create (self->store, from_template, &error);
  if (id <= 0)
    {
      report_error (self, _("Could not add a journey"), error);
      return;
    }

  show_journey (self, id);
  /* Named first, so the list does not fill with "New journey"; then an
   * empty journey names its first stage (rename_popover_closed_cb()). */
  self->naming = from_template ? NAMING_TEMPLATE : NAMING_EMPTY;
  gtk_popover_popup (self->rename_popover);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->name_button)))
    gtk_popover_popup (self->rename_popover);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  g_autoptr(WmRecord) journey = get_journey (self, self->selected_id);
  g_autoptr(GError) error = NULL;
  gboolean to_be = g_str_equal (action_name, "journeys.make-to-be");
  gint64 id;

  if (journey == NULL || !writable (self))
    return;

  id = wm_journey_copy (self->store, journey, to_be, &error);
  if (id <= 0)
    {
      report_error (self, to_be ? _("Could not make a to-be journey")
                                : _("Could not duplicate the journey"), error);
      return;
    }

  show_journey (self, id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  g_autoptr(WmRecord) journey = get_journey (self, self->selected_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (journey == NULL || !writable (self))
    return;

  /* Translators: a toast; %s is the journey's name */
  title = g_strdup_printf (_("Journey “%s” deleted"), wm_record_get_string (journey,
                                                                            WM_JOURNEY_NAME));
  if (!wm_store_delete (self->store, WM_ENTITY_JOURNEY, self->selected_id, &error))
    {
      report_error (self, _("Could not delete the journey"), error);
      return;
    }

  add_toast (self, title, TRUE);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  int position = wm_record_list_find (self->journeys, self->selected_id);
  int to = position + (g_str_equal (action_name, "journeys.move-up") ? -1 : 1);

  if (position < 0 || to < 0 || !writable (self))
    return;

  if (!wm_store_move (self->store, WM_ENTITY_JOURNEY, self->selected_id, (guint) to, &error))
    report_error (self, _("Could not move the journey"), error);
  wm_list_detail_select_id (self->list_detail, self->selected_id);
  update_actions (self);
}

/* The toolbar and the zoom buttons sit beside the canvas, not inside it:
 * journeys.X hands over to the canvas's map.X. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  g_autofree char *name = g_strconcat ("map.", strchr (action_name, '.') + 1, NULL);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->canvas), name, parameter);
}

static void
delete_touchpoint_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  gint64 id = self->panel != NULL ? wm_touchpoint_panel_get_touchpoint_id (self->panel) : 0;

  if (id <= 0)
    return;

  wm_journey_canvas_select_touchpoint (self->canvas, id);
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), "map.delete", NULL);
}

/* Mermaid */

static void
mermaid_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WmJourneysView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 id;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      report_error (self, _("Could not read the file"), error);
      return;
    }
  if (self->store == NULL || !writable (self))
    return;
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      add_toast (self, _("The file is not a text file"), FALSE);
      return;
    }

  id = wm_journeys_view_import_mermaid (self, contents, &error);
  if (id <= 0)
    report_error (self, _("Could not import the journey"), error);
}

static void
import_response_cb (WmJourneysView       *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file)
    g_file_load_contents_async (file, NULL, mermaid_loaded_cb, g_object_ref (self));
}

static void
import_mermaid_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Mermaid Journey"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Mermaid diagrams"));
  gtk_file_filter_add_pattern (filter, "*.mmd");
  gtk_file_filter_add_pattern (filter, "*.mermaid");
  gtk_file_filter_add_pattern (filter, "*.md");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
mermaid_pasted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WmJourneysView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    {
      add_toast (self, _("The clipboard holds no text to make a journey of"), FALSE);
      return;
    }
  if (self->store == NULL || !writable (self))
    return;

  if (wm_journeys_view_import_mermaid (self, text, &error) <= 0)
    report_error (self, _("Could not import the journey"), error);
}

/* A journey diagram copied from a README or a wiki: the text itself, or the
 * Markdown around its ```mermaid fence. */
static void
paste_mermaid_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, mermaid_pasted_cb,
                                 g_object_ref (widget));
}

static void
copy_mermaid_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  WmMapModel *model = wm_journey_canvas_get_model (self->canvas);
  g_autofree char *text = NULL;

  if (model == NULL)
    return;

  text = wm_mermaid_write (model);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  add_toast (self, _("Journey copied as Mermaid diagram"), FALSE);
}

/* Export and print */

static WmMapRenderOptions
export_options (void)
{
  /* Files and paper are read on white, whatever the window's style. */
  WmMapRenderOptions options = { 0 };

  options.palette = wm_map_palette_get (WM_MAP_THEME_LIGHT);

  return options;
}

static void
export_response_cb (WmJourneysView       *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autofree char *format = g_strdup (g_object_get_data (G_OBJECT (chooser), "wm-format"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      add_toast (self, _("Journeys can only be exported to local folders"), FALSE);
      return;
    }

  if (!wm_journeys_view_export (self, format, path, &error))
    {
      report_error (self, _("Could not export the journey"), error);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: a toast; %s is a file name */
  title = g_strdup_printf (_("Exported “%s”"), name);
  add_toast (self, title, FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  const char *format_name = g_variant_get_string (parameter, NULL);
  WmMapModel *model = wm_journey_canvas_get_model (self->canvas);
  GtkFileChooserNative *chooser;
  WmMapExportFormat format;
  g_autofree char *name = NULL;

  if (model == NULL)
    return;
  /* As a project of its own, for a colleague to edit and send back. */
  if (g_str_equal (format_name, "waymark"))
    {
      if (WM_IS_WINDOW (gtk_widget_get_root (widget)))
        wm_journey_transfer_export_journey (WM_WINDOW (gtk_widget_get_root (widget)),
                                            model->journey_id);
      return;
    }
  if (!wm_map_export_format_from_string (format_name, &format))
    return;

  chooser = gtk_file_chooser_native_new (_("Export Journey"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.%s", *model->name ? model->name : _("Journey"),
                          format == WM_MAP_EXPORT_MERMAID ? "mmd" : format_name);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "wm-format", g_strdup (format_name), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              WmJourneysView    *self)
{
  WmMapLayout *layout = wm_journey_canvas_get_layout (self->canvas);
  WmMapRenderOptions options = export_options ();
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  if (layout == NULL)
    return;

  /* The whole map on one page, as large as the page allows. */
  wm_map_layout_get_size (layout, &width, &height);
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_scale (cr, scale, scale);
  wm_map_render_draw (layout, cr, &options, NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GError) error = NULL;
  WmMapModel *model = wm_journey_canvas_get_model (self->canvas);

  if (model == NULL)
    return;

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, model->name);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    report_error (self, _("Could not print the journey"), error);
}

/* GObject */

static void
wm_journeys_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPARE:
      g_value_set_boolean (value, self->compare);
      break;
    case PROP_SHOW_ANALYSIS:
      g_value_set_boolean (value, self->show_analysis);
      break;
    case PROP_SHOW_VOICE_FINDINGS:
      g_value_set_boolean (value, wm_journey_canvas_get_show_findings (self->canvas));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_journeys_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (object);
  gboolean flag = g_value_get_boolean (value);

  switch (prop_id)
    {
    case PROP_COMPARE:
      if (self->compare == flag)
        return;
      /* Asked for on an as-is journey: its to-be journey, compared. */
      if (flag)
        {
          g_autoptr(WmRecord) journey = get_journey (self, self->selected_id);
          gint64 compared = journey != NULL ? journey_to_compare (self, journey) : 0;

          if (compared > 0 && compared != self->selected_id)
            show_journey (self, compared);
        }
      self->compare = flag;
      wm_journey_canvas_set_compare (self->canvas, flag);
      break;
    case PROP_SHOW_ANALYSIS:
      self->analysis_yielded = FALSE;
      if (self->show_analysis == flag)
        return;
      self->show_analysis = flag;
      /* Asked for while the panel is open in a window too narrow for
       * both: the panel gives way, its typing stored. */
      if (flag && gtk_revealer_get_reveal_child (self->panel_revealer) && !room_for_both (self))
        {
          wm_touchpoint_panel_flush (self->panel);
          gtk_revealer_set_reveal_child (self->panel_revealer, FALSE);
        }
      gtk_revealer_set_reveal_child (self->analysis_revealer, flag);
      rebuild_analysis (self);
      break;
    case PROP_SHOW_VOICE_FINDINGS:
      if (wm_journey_canvas_get_show_findings (self->canvas) == flag)
        return;
      wm_journey_canvas_set_show_findings (self->canvas, flag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static void
wm_journeys_view_dispose (GObject *object)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (object);

  wm_journeys_view_set_store (self, NULL);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->zoom_hide_id, g_source_remove);
  if (self->rename_popover)
    gtk_widget_unparent (GTK_WIDGET (self->rename_popover));
  self->rename_popover = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_JOURNEYS_VIEW);
  self->panel = NULL;

  G_OBJECT_CLASS (wm_journeys_view_parent_class)->dispose (object);
}

static void
wm_journeys_view_class_init (WmJourneysViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wm_journeys_view_get_property;
  object_class->set_property = wm_journeys_view_set_property;
  object_class->dispose = wm_journeys_view_dispose;

  properties[PROP_COMPARE] =
    g_param_spec_boolean ("compare", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ANALYSIS] =
    g_param_spec_boolean ("show-analysis", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The cards' brand-voice badges, kept in the settings. */
  properties[PROP_SHOW_VOICE_FINDINGS] =
    g_param_spec_boolean ("show-voice-findings", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WM_TYPE_LIST_DETAIL);
  g_type_ensure (WM_TYPE_JOURNEY_CANVAS);
  g_type_ensure (WM_TYPE_MAP_TOOLBAR);

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-journeys-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, list_detail);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, name_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, name_label);

  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, state_label);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, personas_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, compare_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, lane_menu);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, add_menu);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, journey_menu);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, lane_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, add_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, add_buttons);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, toolbar_add_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, journey_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView,
                                        compact_journey_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, zoom_revealer);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, zoom_focus);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, canvas);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, analysis_revealer);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, analysis_box);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, panel_revealer);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, panel_box);
  gtk_widget_class_bind_template_callback (widget_class, list_selected_cb);

  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_show);
  gtk_widget_class_bind_template_callback (widget_class, map_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_touchpoint_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_revealed_cb);

  gtk_widget_class_install_action (widget_class, "journeys.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "journeys.new-from-template", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "journeys.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "journeys.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "journeys.make-to-be", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "journeys.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "journeys.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "journeys.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "journeys.delete-touchpoint", NULL,
                                   delete_touchpoint_action);
  gtk_widget_class_install_action (widget_class, "journeys.import-mermaid", NULL,
                                   import_mermaid_action);
  gtk_widget_class_install_action (widget_class, "journeys.paste-mermaid", NULL,
                                   paste_mermaid_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "journeys.paste-mermaid", NULL);
  gtk_widget_class_install_action (widget_class, "journeys.copy-mermaid", NULL,
                                   copy_mermaid_action);
  gtk_widget_class_install_action (widget_class, "journeys.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "journeys.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "journeys.add-stage", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "journeys.add-lane", "s", forward_action);
  gtk_widget_class_install_action (widget_class, "journeys.add-touchpoint", NULL, forward_action);
  /* The map binds Ctrl+Enter itself; here it also reaches the rest of the
   * view (the touchpoint panel has its own: see ensure_panel()). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "journeys.add-touchpoint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "journeys.add-touchpoint", NULL);
  gtk_widget_class_install_action (widget_class, "journeys.zoom-in", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "journeys.zoom-out", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "journeys.zoom-reset", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "journeys.zoom-fit", NULL, forward_action);
  gtk_widget_class_install_property_action (widget_class, "journeys.compare", "compare");
  gtk_widget_class_install_property_action (widget_class, "journeys.analysis", "show-analysis");
  gtk_widget_class_install_property_action (widget_class, "journeys.show-voice-findings",
                                            "show-voice-findings");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_journeys_view_init (WmJourneysView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *popover;

  gtk_widget_init_template (GTK_WIDGET (self));
  build_rename_popover (self);
  wm_ui_menu_button_set_menu_lazily (self->lane_menu_button, self->lane_menu);
  wm_ui_menu_button_set_menu_lazily (self->add_menu_button, self->add_menu);
  wm_ui_menu_button_set_menu_lazily (self->toolbar_add_menu_button, self->add_menu);
  /* The journey's name before the labels of the add buttons. */
  wm_map_toolbar_set_stretch (self->toolbar, GTK_WIDGET (self->name_button));
  wm_map_toolbar_set_alternatives (self->toolbar, self->add_buttons,
                                   GTK_WIDGET (self->toolbar_add_menu_button));
  wm_ui_menu_button_set_menu_lazily (self->journey_menu_button, self->journey_menu);
  wm_ui_menu_button_set_menu_lazily (self->compact_journey_menu_button, self->journey_menu);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  wm_list_detail_set_factory (self->list_detail, factory);
  wm_list_detail_set_add_action (self->list_detail, "journeys.new", _("New Journey"));
  wm_list_detail_set_placeholder_text (self->list_detail, _("Search journeys"));

  popover = gtk_popover_new ();
  gtk_menu_button_set_popover (self->personas_button, popover);
  g_signal_connect_object (popover, "show", G_CALLBACK (personas_popover_show_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journeys.compare", FALSE);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "show-voice-findings", self, "show-voice-findings",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
wm_journeys_view_new (void)
{
  return g_object_new (WM_TYPE_JOURNEYS_VIEW, NULL);
}

void
wm_journeys_view_set_store (WmJourneysView *self,
                            WmStore        *store)
{
  g_return_if_fail (WM_IS_JOURNEYS_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->journeys)
    g_signal_handlers_disconnect_by_data (self->journeys, self);
  if (self->list_detail)
    wm_list_detail_set_model (self->list_detail, NULL);
  g_clear_object (&self->journeys);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  if (self->canvas)
    {
      clear_panel (self);
      wm_journey_canvas_set_journey (self->canvas, NULL, 0);
    }
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_after_cb, self);
  g_set_object (&self->store, store);
  self->selected_id = 0;
  self->card_id = 0;
  g_clear_pointer (&self->card_title, g_free);
  g_clear_pointer (&self->removed_card, g_free);

  if (store == NULL)
    return;

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->journeys = wm_record_list_new (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
  g_signal_connect_object (self->journeys, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  wm_list_detail_set_model (self->list_detail, G_LIST_MODEL (self->journeys));
  select_journey (self, wm_list_detail_get_selected_id (self->list_detail));
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  items_changed_cb (self);
}

WmJourneyCanvas *
wm_journeys_view_get_canvas (WmJourneysView *self)
{
  g_return_val_if_fail (WM_IS_JOURNEYS_VIEW (self), NULL);

  return self->canvas;
}

GtkPopover *
wm_journeys_view_get_rename_popover (WmJourneysView *self)
{
  g_return_val_if_fail (WM_IS_JOURNEYS_VIEW (self), NULL);

  return self->rename_popover;
}

WmTouchpointPanel *
wm_journeys_view_get_panel (WmJourneysView *self)
{
  g_return_val_if_fail (WM_IS_JOURNEYS_VIEW (self), NULL);

  return ensure_panel (self);
}

gint64
wm_journeys_view_get_selected_id (WmJourneysView *self)
{
  g_return_val_if_fail (WM_IS_JOURNEYS_VIEW (self), 0);

  return self->selected_id;
}

void
wm_journeys_view_select (WmJourneysView *self,
                         gint64          journey_id)
{
  g_return_if_fail (WM_IS_JOURNEYS_VIEW (self));

  show_journey (self, journey_id);
}

gboolean
wm_journeys_view_export (WmJourneysView  *self,
                         const char      *format_name,
                         const char      *path,
                         GError         **error)
{
  WmMapRenderOptions options = export_options ();
  WmMapExportFormat format;
  WmMapLayout *layout;

  g_return_val_if_fail (WM_IS_JOURNEYS_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  layout = wm_journey_canvas_get_layout (self->canvas);
  if (layout == NULL || !wm_map_export_format_from_string (format_name, &format))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There is no journey to export in that format."));
      return FALSE;
    }

  /* PNG at twice the screen size, sharp on a slide or a HiDPI screen. */
  return wm_map_export (layout, format, path, 2.0, &options, error);
}

gint64
wm_journeys_view_import_mermaid (WmJourneysView  *self,
                                 const char      *text,
                                 GError         **error)
{
  g_autoptr(WmMermaidJourney) journey = NULL;
  gint64 id;

  g_return_val_if_fail (WM_IS_JOURNEYS_VIEW (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!writable (self))
    {
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_READ_ONLY,
                           _("This project is open read-only."));
      return 0;
    }

  journey = wm_mermaid_parse (text, error);
  if (journey == NULL)
    return 0;
  id = wm_mermaid_import (self->store, journey, error);
  if (id > 0)
    show_journey (self, id);

  return id;
}
