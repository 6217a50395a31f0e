/* wm-persona-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-avatar.h"
#include "wm-persona.h"
#include "wm-avatar-image.h"
#include "wm-persona-editor.h"
#include "wm-ui-util.h"
#include "wm-wrap-row.h"
#include "wm-record-list.h"

/* Text is committed after this pause in typing, so that one edit of a
 * field is one undo step, not one per key. Leaving the field or pressing
 * Enter commits at once. */
#define EDIT_PAUSE_MS 800
#define N_ITEM_KINDS 5
/* The colour discs of the palette, and of the colour button that follows
 * it (style.css gives its icon a disc of this size too). */
#define SWATCH_SIZE 22

typedef struct
{
  WmPersonaEditor         *editor;
  const WmPersonaItemKind *kind;
  AdwPreferencesGroup     *group;
  GtkListBox              *list;
} ItemGroup;

struct _WmPersonaEditor
{
  GtkWidget            parent_instance;

  AdwPreferencesPage  *page;
  WmAvatarImage     *avatar;
  GtkWidget           *choose_picture_button;
  GtkWidget           *picture_spinner;
  GtkFlowBox          *palette_box;
  GtkWidget           *color_button;
  GtkStack            *color_stack;
  WmAvatarImage       *color_disc;
  AdwEntryRow         *name_row;
  AdwEntryRow         *role_row;
  AdwEntryRow         *segment_row;
  AdwEntryRow         *age_range_row;
  AdwEntryRow         *location_row;
  AdwEntryRow         *quote_row;
  AdwComboRow         *evidence_row;
  GtkTextView         *bio_view;

  GPtrArray           *swatches;
  ItemGroup            item_groups[N_ITEM_KINDS];
  GtkListBox          *channels_list;
  GtkListBox          *journeys_list;

  WmStore             *store;
  WmRecord            *persona;
  WmRecordList        *items;
  gulong               persona_changed_id;
  gulong               store_changed_id;
  guint                rebuild_links_id;
  gboolean             links_stale;  /* rebuilt when next shown */
  gboolean             updating;
  GCancellable        *import_cancellable;

  /* The text edit waiting for its pause. */
  GtkWidget           *pending_widget;
  WmColumnId           pending_column;
  gint64               pending_id;
  guint                pending_timeout_id;
};

G_DEFINE_FINAL_TYPE (WmPersonaEditor, wm_persona_editor, GTK_TYPE_WIDGET)

#define LINK_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL) | \
                      WM_CHANGE_ENTITY (WM_ENTITY_PERSONA_CHANNEL) | \
                      WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY) | \
                      WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY_PERSONA))

static void schedule_edit (WmPersonaEditor *self,
                           GtkWidget       *widget,
                           WmColumnId       column,
                           gint64           id);

/* Helpers */

static void
show_toast (GtkWidget  *widget,
            const char *title,
            gboolean    with_undo)
{
  wm_ui_toast (widget, title, with_undo);
}

static void
report_error (WmPersonaEditor *self,
              const GError    *error)
{
  show_toast (GTK_WIDGET (self), error->message, FALSE);
}

static gint64
persona_id (WmPersonaEditor *self)
{
  return self->persona ? wm_record_get_id (self->persona) : 0;
}

static void
clear_pending (WmPersonaEditor *self)
{
  g_clear_handle_id (&self->pending_timeout_id, g_source_remove);
  g_clear_object (&self->pending_widget);
  self->pending_column = WM_COLUMN_NONE;
  self->pending_id = 0;
}

static GtkWidget *
text_field (WmPersonaEditor *self,
            WmColumnId       column)
{
  switch (column)
    {
    case WM_PERSONA_NAME: return GTK_WIDGET (self->name_row);
    case WM_PERSONA_ROLE: return GTK_WIDGET (self->role_row);
    case WM_PERSONA_SEGMENT: return GTK_WIDGET (self->segment_row);
    case WM_PERSONA_AGE_RANGE: return GTK_WIDGET (self->age_range_row);
    case WM_PERSONA_LOCATION: return GTK_WIDGET (self->location_row);
    case WM_PERSONA_QUOTE: return GTK_WIDGET (self->quote_row);
    case WM_PERSONA_DESCRIPTION: return GTK_WIDGET (self->bio_view);
    default: return NULL;
    }
}

static const WmColumnId text_columns[] = {
  WM_PERSONA_NAME, WM_PERSONA_ROLE, WM_PERSONA_SEGMENT, WM_PERSONA_AGE_RANGE,
  WM_PERSONA_LOCATION, WM_PERSONA_QUOTE, WM_PERSONA_DESCRIPTION,
};

/* Rings the swatch that has @color: a palette swatch, or else the colour
 * button, which then shows the colour instead of its icon, so that a
 * colour of one's own is seen as the current one too. */
static void
update_swatches (WmPersonaEditor *self,
                 const char      *color)
{
  const char *const *palette = wm_persona_palette ();
  gboolean own = TRUE;

  for (guint i = 0; i < self->swatches->len; i++)
    {
      GtkWidget *swatch = g_ptr_array_index (self->swatches, i);

      if (g_ascii_strcasecmp (palette[i], color) == 0)
        {
          gtk_widget_add_css_class (swatch, "wm-swatch-selected");
          own = FALSE;
        }
      else
        gtk_widget_remove_css_class (swatch, "wm-swatch-selected");
    }

  if (own)
    {
      wm_avatar_image_set_color (self->color_disc, color);
      gtk_stack_set_visible_child_name (self->color_stack, "color");
      gtk_widget_add_css_class (self->color_button, "wm-swatch-selected");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->color_stack, "icon");
      gtk_widget_remove_css_class (self->color_button, "wm-swatch-selected");
    }
}

/* Shows the record's values, except in the field being typed in. */
static void
update_from_record (WmPersonaEditor *self)
{
  const char *color, *evidence;
  GBytes *image;

  if (self->persona == NULL)
    return;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    {
      GtkWidget *field = text_field (self, text_columns[i]);

      if (field != self->pending_widget)
        wm_ui_field_set_text (field, wm_record_get_string (self->persona, text_columns[i]));
    }

  evidence = wm_record_get_string (self->persona, WM_PERSONA_EVIDENCE);
  adw_combo_row_set_selected (self->evidence_row,
                              MAX (0, wm_column_choice_index (WM_PERSONA_EVIDENCE, evidence)));

  color = wm_persona_get_color (self->persona);
  image = wm_record_get_bytes (self->persona, WM_PERSONA_AVATAR);
  wm_avatar_image_set_name (self->avatar, wm_record_get_string (self->persona, WM_PERSONA_NAME));
  wm_avatar_image_set_color (self->avatar, color);
  wm_avatar_image_set_image (self->avatar, image);
  update_swatches (self, color);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-picture",
                                 image != NULL && g_bytes_get_size (image) > 0);
  self->updating = FALSE;
}

/* An edit refused over someone else's newer value: theirs is shown, and
 * the toast keeps mine a click away. */
static void
offer_mine (WmPersonaEditor *self,
            WmColumnId       column,
            gint64           id,
            const char      *text,
            const GError    *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    return;
  toast = adw_toast_new (error->message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Apply Mine"));
  adw_toast_set_action_name (toast, "editor.apply-mine");
  adw_toast_set_action_target_value (toast, g_variant_new ("(uxs)", column, id, text));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* Writes @widget's text to @column of row @id, unless it is unchanged. */
static void
commit_edit (WmPersonaEditor *self,
             GtkWidget       *widget,
             WmColumnId       column,
             gint64           id)
{
  g_autoptr(WmRecord) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;

  /* The row may have gone meanwhile (undo, another window): nothing to do. */
  row = wm_store_get (self->store, wm_column_get_entity (column), id, NULL);
  text = wm_ui_field_dup_text (widget);
  if (row == NULL || g_strcmp0 (wm_record_get_string (row, column), text) == 0)
    return;

  if (!wm_store_set_string (self->store, id, column, text, &error))
    {
      if (g_error_matches (error, WM_STORE_ERROR, WM_STORE_ERROR_CHANGED_ELSEWHERE))
        offer_mine (self, column, id, text, error);
      else
        report_error (self, error);
      update_from_record (self);
    }
}

/* Someone else changed the persona since the field was shown: the base of
 * the next edit is what it shows when typing starts (wm_store_mark_shown()). */
static void
mark_shown (WmPersonaEditor *self,
            WmColumnId       column)
{
  if (self->store != NULL && self->persona != NULL &&
      wm_column_get_entity (column) == WM_ENTITY_PERSONA)
    wm_store_mark_shown (self->store, self->persona);
}

static void
commit_pending (WmPersonaEditor *self)
{
  g_autoptr(GtkWidget) widget = NULL;
  WmColumnId column = self->pending_column;
  gint64 id = self->pending_id;

  if (self->pending_widget == NULL)
    return;

  widget = g_object_ref (self->pending_widget);
  clear_pending (self);
  commit_edit (self, widget, column, id);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  WmPersonaEditor *self = user_data;

  self->pending_timeout_id = 0;
  commit_pending (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_edit (WmPersonaEditor *self,
               GtkWidget       *widget,
               WmColumnId       column,
               gint64           id)
{
  if (self->updating || id == 0)
    return;

  if (self->pending_widget != NULL
      && (self->pending_widget != widget || self->pending_id != id))
    {
      g_autoptr(GtkWidget) previous = g_object_ref (self->pending_widget);
      WmColumnId previous_column = self->pending_column;
      gint64 previous_id = self->pending_id;

      /* The new field is pending first, so that the store's refresh after
       * the previous commit does not overwrite what was just typed. */
      clear_pending (self);
      self->pending_widget = g_object_ref (widget);
      self->pending_column = column;
      self->pending_id = id;
      commit_edit (self, previous, previous_column, previous_id);
      mark_shown (self, column);
    }
  else if (self->pending_widget == NULL)
    {
      self->pending_widget = g_object_ref (widget);
      self->pending_column = column;
      self->pending_id = id;
      mark_shown (self, column);
    }

  g_clear_handle_id (&self->pending_timeout_id, g_source_remove);
  self->pending_timeout_id = g_timeout_add (EDIT_PAUSE_MS, pending_timeout_cb, self);
}

/* Helpers: items */

static gint64
row_item_id (GtkWidget *row)
{
  WmRecord *item = g_object_get_data (G_OBJECT (row), "wm-record");

  return item ? wm_record_get_id (item) : 0;
}

static GtkWidget *
find_item_row (ItemGroup *group,
               gint64     item_id)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (group->list, i);

      if (row == NULL)
        return NULL;
      if (row_item_id (GTK_WIDGET (row)) == item_id)
        return GTK_WIDGET (row);
    }
}

static void
move_item (ItemGroup *group,
           gint64     item_id,
           gint64     target_id)
{
  WmPersonaEditor *self = group->editor;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  int index;

  if (item_id == target_id || self->store == NULL)
    return;

  commit_pending (self);
  /* Positions count across all of the persona's items, whatever their kind. */
  index = wm_record_list_find (self->items, target_id);
  if (index < 0)
    return;
  if (!wm_store_move (self->store, WM_ENTITY_PERSONA_ITEM, item_id, index, &error))
    {
      report_error (self, error);
      return;
    }

  row = find_item_row (group, item_id);
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
move_item_by (ItemGroup *group,
              gint64     item_id,
              int        delta)
{
  GtkWidget *row = find_item_row (group, item_id);
  GtkListBoxRow *target;

  if (row == NULL)
    return;

  target = gtk_list_box_get_row_at_index (group->list,
                                          gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row))
                                          + delta);
  if (target != NULL)
    move_item (group, item_id, row_item_id (GTK_WIDGET (target)));
}

static void
move_up_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkWidget *row = user_data;

  move_item_by (g_object_get_data (G_OBJECT (row), "wm-group"), row_item_id (row), -1);
}

static void
move_down_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWidget *row = user_data;

  move_item_by (g_object_get_data (G_OBJECT (row), "wm-group"), row_item_id (row), +1);
}

static void
delete_item_clicked_cb (GtkWidget *button,
                        ItemGroup *group)
{
  WmPersonaEditor *self = group->editor;
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);
  g_autoptr(GError) error = NULL;
  gint64 id = row_item_id (row);

  if (self->pending_widget == row)
    clear_pending (self);
  if (!wm_store_delete (self->store, WM_ENTITY_PERSONA_ITEM, id, &error))
    report_error (self, error);
  else
    show_toast (GTK_WIDGET (self), _("Removed from the persona"), TRUE);
}

static void
item_text_changed_cb (WmWrapRow *row,
                      ItemGroup *group)
{
  schedule_edit (group->editor, GTK_WIDGET (row), WM_PERSONA_ITEM_TEXT,
                 row_item_id (GTK_WIDGET (row)));
}

static void
item_record_changed_cb (WmRecord  *item,
                        GtkWidget *row)
{
  WmPersonaEditor *self = WM_PERSONA_EDITOR (gtk_widget_get_ancestor (row,
                                                                      WM_TYPE_PERSONA_EDITOR));

  if (self == NULL || self->pending_widget == row)
    return;

  self->updating = TRUE;
  wm_ui_field_set_text (row, wm_record_get_string (item, WM_PERSONA_ITEM_TEXT));
  self->updating = FALSE;
}

static void
commit_now_cb (WmPersonaEditor *self)
{
  commit_pending (self);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_TYPE_INT64, row_item_id (row));
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 20, 20);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         ItemGroup     *group)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  gint64 dragged = g_value_get_int64 (value);

  /* Only items of this list: a goal dropped on pain points stays a goal. */
  if (find_item_row (group, dragged) == NULL)
    return FALSE;

  move_item (group, dragged, row_item_id (row));

  return TRUE;
}

static GtkWidget *
create_item_row_cb (gpointer item,
                    gpointer user_data)
{
  ItemGroup *group = user_data;
  WmPersonaEditor *self = group->editor;
  GtkWidget *row = wm_wrap_row_new ();
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  g_object_set_data_full (G_OBJECT (row), "wm-record", g_object_ref (item), g_object_unref);
  /* A caption like the profile's fields ("Goal"), which also names the
   * field for screen readers. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 wm_column_choice_label (WM_PERSONA_ITEM_KIND,
                                                         group->kind->kind));
  gtk_widget_add_css_class (row, "wm-item-row");
  self->updating = TRUE;
  wm_wrap_row_set_text (WM_WRAP_ROW (row), wm_record_get_string (item, WM_PERSONA_ITEM_TEXT));
  self->updating = FALSE;
  g_signal_connect (row, "changed", G_CALLBACK (item_text_changed_cb), group);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (commit_now_cb), self);
  g_signal_connect_object (item, "changed", G_CALLBACK (item_record_changed_cb), row, 0);

  gtk_widget_set_tooltip_text (handle, _("Drag to reorder, or press Alt+↑ and Alt+↓"));
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_set_cursor_from_name (handle, "grab");
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (drag));
  wm_wrap_row_add_prefix (WM_WRAP_ROW (row), handle);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), group);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (delete_item_clicked_cb), group);
  wm_wrap_row_add_suffix (WM_WRAP_ROW (row), remove);

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (commit_now_cb), self);
  gtk_widget_add_controller (row, focus);

  /* Alt+↑ and Alt+↓ move the item; the row's own actions, so the
   * keyboard, tests and assistive tools reach the same code. */
  g_object_set_data (G_OBJECT (row), "wm-group", group);
  {
    const GActionEntry entries[] = {
      { "move-up", move_up_activated_cb },
      { "move-down", move_down_activated_cb },
    };
    g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();

    g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), row);
    gtk_widget_insert_action_group (row, "item", G_ACTION_GROUP (actions));
  }
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_LOCAL);
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                      gtk_named_action_new ("item.move-up")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                      gtk_named_action_new ("item.move-down")));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts),
                                              GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (shortcuts));

  return row;
}

static void
add_item_clicked_cb (GtkButton *button,
                     ItemGroup *group)
{
  WmPersonaEditor *self = group->editor;
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_PERSONA_ITEM);
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  gint64 id;

  if (self->persona == NULL)
    return;

  commit_pending (self);
  wm_record_set_ref (draft, WM_PERSONA_ITEM_PERSONA_ID, persona_id (self));
  wm_record_set_string (draft, WM_PERSONA_ITEM_KIND, group->kind->kind);
  wm_record_set_string (draft, WM_PERSONA_ITEM_TEXT, "");
  id = wm_store_insert (self->store, draft, &error);
  if (id <= 0)
    {
      report_error (self, error);
      return;
    }

  row = find_item_row (group, id);
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static gboolean
item_kind_filter_cb (gpointer item,
                     gpointer user_data)
{
  const WmPersonaItemKind *kind = user_data;

  return g_strcmp0 (wm_record_get_string (item, WM_PERSONA_ITEM_KIND), kind->kind) == 0;
}

static void
bind_items (WmPersonaEditor *self)
{
  for (guint k = 0; k < N_ITEM_KINDS; k++)
    {
      ItemGroup *group = &self->item_groups[k];
      GtkCustomFilter *filter;
      g_autoptr(GtkFilterListModel) model = NULL;

      if (self->items == NULL)
        {
          gtk_list_box_bind_model (group->list, NULL, NULL, NULL, NULL);
          continue;
        }

      filter = gtk_custom_filter_new (item_kind_filter_cb, (gpointer) group->kind, NULL);
      model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                         GTK_FILTER (filter));
      gtk_list_box_bind_model (group->list, G_LIST_MODEL (model), create_item_row_cb, group, NULL);
    }
}

static void
build_item_groups (WmPersonaEditor *self)
{
  const WmPersonaItemKind *kinds;
  guint n_kinds;

  kinds = wm_persona_item_kinds (&n_kinds);
  g_assert (n_kinds == N_ITEM_KINDS);

  for (guint k = 0; k < n_kinds; k++)
    {
      ItemGroup *group = &self->item_groups[k];
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      GtkWidget *placeholder = gtk_label_new (_("None yet"));

      group->editor = self;
      group->kind = &kinds[k];
      group->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group->group, _(kinds[k].heading));

      gtk_widget_set_tooltip_text (add, _(kinds[k].add_label));
      gtk_widget_add_css_class (add, "flat");
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      g_signal_connect (add, "clicked", G_CALLBACK (add_item_clicked_cb), group);
      adw_preferences_group_set_header_suffix (group->group, add);

      group->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (group->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (group->list), "boxed-list");
      gtk_widget_add_css_class (placeholder, "dim-label");
      gtk_widget_add_css_class (placeholder, "wm-placeholder");
      gtk_list_box_set_placeholder (group->list, placeholder);
      adw_preferences_group_add (group->group, GTK_WIDGET (group->list));
      adw_preferences_page_add (self->page, group->group);
    }
}

/* Helpers: channels and journeys */

static void
channel_toggled_cb (GtkCheckButton  *check,
                    WmPersonaEditor *self)
{
  gint64 channel_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "wm-id"));
  gint64 link_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "wm-link-id"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->updating || self->persona == NULL)
    return;

  if (gtk_check_button_get_active (check))
    {
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_PERSONA_CHANNEL);

      wm_record_set_ref (draft, WM_PERSONA_CHANNEL_PERSONA_ID, persona_id (self));
      wm_record_set_ref (draft, WM_PERSONA_CHANNEL_CHANNEL_ID, channel_id);
      ok = wm_store_insert (self->store, draft, &error) > 0;
    }
  else
    ok = wm_store_delete (self->store, WM_ENTITY_PERSONA_CHANNEL, link_id, &error);

  if (!ok)
    report_error (self, error);
}

static void
journey_toggled_cb (GtkCheckButton  *check,
                    WmPersonaEditor *self)
{
  gint64 journey_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "wm-id"));
  gint64 link_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "wm-link-id"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->updating || self->persona == NULL)
    return;

  if (gtk_check_button_get_active (check))
    {
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);

      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_JOURNEY_ID, journey_id);
      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_PERSONA_ID, persona_id (self));
      ok = wm_store_insert (self->store, draft, &error) > 0;
    }
  else
    ok = wm_store_delete (self->store, WM_ENTITY_JOURNEY_PERSONA, link_id, &error);

  if (!ok)
    report_error (self, error);
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* link rows of @link_column → their id, keyed by what @other_column points to */
static GHashTable *
links_by_target (WmStore    *store,
                 WmColumnId  link_column,
                 gint64      id,
                 WmColumnId  other_column)
{
  GHashTable *links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = wm_store_list (store, wm_column_get_entity (link_column),
                                             link_column, id, NULL);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      gint64 *key = g_new (gint64, 1);

      *key = wm_record_get_ref (row, other_column);
      g_hash_table_insert (links, key, GSIZE_TO_POINTER (wm_record_get_id (row)));
    }

  return links;
}

static GtkWidget *
check_row (WmPersonaEditor *self,
           gint64           id,
           GCallback        toggled,
           gboolean         open_journey)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "wm-id", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (row), "wm-check", check);
  g_object_set_data (G_OBJECT (check), "wm-id", GSIZE_TO_POINTER (id));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_signal_connect (check, "toggled", toggled, self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  if (open_journey)
    {
      GtkWidget *open = gtk_button_new_from_icon_name ("go-next-symbolic");

      gtk_widget_set_tooltip_text (open, _("Open Journey"));
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.show-journey");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (open), g_variant_new_int64 (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }

  return row;
}

/* Shows @records as rows with a tick where @links has a link row for them.
 * While the same records are listed the rows stay and only their text and
 * ticks change, so ticking one keeps the keyboard focus where it is. */
static void
fill_check_rows (WmPersonaEditor *self,
                 GtkListBox      *list,
                 GPtrArray       *records,
                 GHashTable      *links,
                 WmColumnId       subtitle_column,
                 GCallback        toggled,
                 gboolean         open_journey)
{
  gboolean same = TRUE;

  for (guint i = 0; same && i <= records->len; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) i);

      if (i == records->len)
        same = row == NULL;
      else
        same = row != NULL
               && GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "wm-id"))
                  == (gsize) wm_record_get_id (g_ptr_array_index (records, i));
    }

  self->updating = TRUE;
  if (!same)
    remove_all_rows (list);
  for (guint i = 0; i < records->len; i++)
    {
      WmRecord *record = g_ptr_array_index (records, i);
      gint64 id = wm_record_get_id (record);
      gint64 link_id = GPOINTER_TO_SIZE (g_hash_table_lookup (links, &id));
      const char *value = wm_record_get_string (record, subtitle_column);
      GtkWidget *row, *check;

      if (same)
        row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, (int) i));
      else
        {
          row = check_row (self, id, toggled, open_journey);
          gtk_list_box_append (list, row);
        }

      check = g_object_get_data (G_OBJECT (row), "wm-check");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wm_record_get_label (record));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   wm_column_choice_label (subtitle_column, value));
      g_object_set_data (G_OBJECT (check), "wm-link-id", GSIZE_TO_POINTER (link_id));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), link_id != 0);
    }
  self->updating = FALSE;
}

static void
rebuild_links (WmPersonaEditor *self)
{
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GHashTable) channel_links = NULL;
  g_autoptr(GHashTable) journey_links = NULL;

  g_clear_handle_id (&self->rebuild_links_id, g_source_remove);
  /* A project's every journey is a row here: while the page is hidden (as
   * it is at launch) they wait until it is shown. */
  self->links_stale = !gtk_widget_get_mapped (GTK_WIDGET (self)) && self->persona != NULL;
  if (self->links_stale)
    return;
  if (self->persona == NULL)
    {
      self->updating = TRUE;
      remove_all_rows (self->channels_list);
      remove_all_rows (self->journeys_list);
      self->updating = FALSE;
      return;
    }

  channels = wm_store_list (self->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, NULL);
  channel_links = links_by_target (self->store, WM_PERSONA_CHANNEL_PERSONA_ID, persona_id (self),
                                   WM_PERSONA_CHANNEL_CHANNEL_ID);
  if (channels != NULL)
    fill_check_rows (self, self->channels_list, channels, channel_links, WM_CHANNEL_KIND,
                     G_CALLBACK (channel_toggled_cb), FALSE);

  journeys = wm_store_list (self->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
  journey_links = links_by_target (self->store, WM_JOURNEY_PERSONA_PERSONA_ID, persona_id (self),
                                   WM_JOURNEY_PERSONA_JOURNEY_ID);
  if (journeys != NULL)
    fill_check_rows (self, self->journeys_list, journeys, journey_links, WM_JOURNEY_STATE,
                     G_CALLBACK (journey_toggled_cb), TRUE);
}

static gboolean
rebuild_links_idle_cb (gpointer user_data)
{
  WmPersonaEditor *self = user_data;

  self->rebuild_links_id = 0;
  rebuild_links (self);

  return G_SOURCE_REMOVE;
}

static GtkListBox *
add_link_group (WmPersonaEditor *self,
                const char      *title,
                const char      *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (_("None yet"));

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, description);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "wm-placeholder");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
  adw_preferences_group_add (group, list);
  adw_preferences_page_add (self->page, group);

  return GTK_LIST_BOX (list);
}

/* Callbacks */

static void
field_changed_cb (WmPersonaEditor *self,
                  GtkEditable     *editable)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    {
      if (text_field (self, text_columns[i]) == GTK_WIDGET (editable))
        schedule_edit (self, GTK_WIDGET (editable), text_columns[i], persona_id (self));
    }
}

static void
bio_changed_cb (WmPersonaEditor *self)
{
  schedule_edit (self, GTK_WIDGET (self->bio_view), WM_PERSONA_DESCRIPTION, persona_id (self));
}

static void
evidence_selected_cb (WmPersonaEditor *self)
{
  const WmChoice *choices = wm_column_get_choices (WM_PERSONA_EVIDENCE);
  guint selected = adw_combo_row_get_selected (self->evidence_row);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->persona == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (g_strcmp0 (wm_record_get_string (self->persona, WM_PERSONA_EVIDENCE),
                 choices[selected].value) == 0)
    return;

  commit_pending (self);
  if (!wm_store_set_string (self->store, persona_id (self), WM_PERSONA_EVIDENCE,
                            choices[selected].value, &error))
    report_error (self, error);
}

static void
set_color (WmPersonaEditor *self,
           const char      *color)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->persona == NULL
      || g_ascii_strcasecmp (wm_persona_get_color (self->persona), color) == 0)
    return;

  commit_pending (self);
  if (!wm_store_set_string (self->store, persona_id (self), WM_PERSONA_COLOR, color, &error))
    report_error (self, error);
}

static void
swatch_clicked_cb (GtkButton       *button,
                   WmPersonaEditor *self)
{
  set_color (self, g_object_get_data (G_OBJECT (button), "wm-color"));
}

/* A colour chosen is stored at once, one undo step, as a swatch's click. */
static void
color_chosen_cb (WmPersonaEditor *self,
                 int              response,
                 GtkDialog       *dialog)
{
  if (response == GTK_RESPONSE_OK)
    {
      g_autofree char *color = NULL;
      GdkRGBA rgba;

      gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (dialog), &rgba);
      color = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5),
                               (int) (rgba.green * 255 + 0.5), (int) (rgba.blue * 255 + 0.5));
      set_color (self, color);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The chooser GtkColorButton would open. The button is our own because
 * GtkColorButton draws the colour as a rectangle, which beside the round
 * swatches reads as a second current colour. */
static void
color_button_clicked_cb (WmPersonaEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GdkRGBA rgba;

  if (self->persona == NULL)
    return;

  dialog = gtk_color_chooser_dialog_new (_("Choose a Colour"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (dialog), FALSE);
  if (gdk_rgba_parse (&rgba, wm_persona_get_color (self->persona)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (dialog), &rgba);
  g_signal_connect_object (dialog, "response", G_CALLBACK (color_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
persona_changed_cb (WmPersonaEditor *self)
{
  update_from_record (self);
}

static void
store_changed_cb (WmPersonaEditor *self,
                  guint64          mask)
{
  if ((mask & LINK_CHANGES) && self->rebuild_links_id == 0)
    self->rebuild_links_id = g_idle_add (rebuild_links_idle_cb, self);
}

static void
set_avatar (WmPersonaEditor *self,
            GBytes          *avatar)
{
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(GError) error = NULL;

  persona = wm_store_get (self->store, WM_ENTITY_PERSONA, persona_id (self), &error);
  if (persona == NULL)
    {
      report_error (self, error);
      return;
    }

  if (avatar != NULL)
    wm_record_set_bytes (persona, WM_PERSONA_AVATAR, avatar);
  else
    wm_record_unset (persona, WM_PERSONA_AVATAR);
  if (!wm_store_update (self->store, persona, &error))
    report_error (self, error);
}

typedef struct
{
  WmPersonaEditor *editor;
  gint64           persona_id;
  char            *name;
} Import;

static void
import_free (Import *import)
{
  g_object_unref (import->editor);
  g_free (import->name);
  g_free (import);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Import *import = user_data;
  WmPersonaEditor *self = import->editor;
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  avatar = wm_avatar_import_file_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      import_free (import);
      return;
    }

  gtk_widget_set_visible (self->picture_spinner, FALSE);
  gtk_spinner_stop (GTK_SPINNER (self->picture_spinner));
  gtk_widget_set_sensitive (self->choose_picture_button, TRUE);

  if (avatar == NULL)
    {
      /* Translators: %s is a file name, then why it cannot be used */
      g_autofree char *title = g_strdup_printf (_("“%s” cannot be used: %s"),
                                                import->name, error->message);

      show_toast (GTK_WIDGET (self), title, FALSE);
    }
  else if (self->persona != NULL && persona_id (self) == import->persona_id)
    set_avatar (self, avatar);

  import_free (import);
}

static void
choose_picture_response_cb (WmPersonaEditor      *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    wm_persona_editor_import_picture (self, file);
}

static void
choose_picture_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WmPersonaEditor *self = WM_PERSONA_EDITOR (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  chooser = gtk_file_chooser_native_new (_("Choose a Picture"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG and JPEG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (choose_picture_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* "Apply Mine" on the toast of a refused edit: written knowingly over
 * theirs (Undo brings theirs back). */
static void
apply_mine_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WmPersonaEditor *self = WM_PERSONA_EDITOR (widget);
  g_autoptr(WmRecord) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  WmColumnId column;
  gint64 id;

  g_variant_get (parameter, "(uxs)", &column, &id, &text);
  if (self->store == NULL || !wm_column_is_valid (column) ||
      wm_column_get_info (column)->type != WM_COLUMN_TEXT)
    return;
  if ((now = wm_store_get (self->store, wm_column_get_entity (column), id, &error)) == NULL)
    {
      report_error (self, error);
      return;
    }
  wm_store_mark_shown (self->store, now);
  if (!wm_store_set_string (self->store, id, column, text, &error))
    report_error (self, error);
}

static void
remove_picture_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WmPersonaEditor *self = WM_PERSONA_EDITOR (widget);

  if (self->persona == NULL)
    return;

  set_avatar (self, NULL);
  show_toast (widget, _("Picture removed"), TRUE);
}

static void
connect_text_field (WmPersonaEditor *self,
                    GtkWidget       *field)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (focus, "leave", G_CALLBACK (commit_now_cb), self);
  gtk_widget_add_controller (field, focus);

  if (GTK_IS_TEXT_VIEW (field))
    g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), "changed",
                             G_CALLBACK (bio_changed_cb), self, G_CONNECT_SWAPPED);
  else
    {
      g_signal_connect_swapped (field, "changed", G_CALLBACK (field_changed_cb), self);
      g_signal_connect_swapped (field, "entry-activated", G_CALLBACK (commit_now_cb), self);
    }
}

/* Overrides */

static void
wm_persona_editor_map (GtkWidget *widget)
{
  WmPersonaEditor *self = WM_PERSONA_EDITOR (widget);

  GTK_WIDGET_CLASS (wm_persona_editor_parent_class)->map (widget);

  if (self->links_stale)
    rebuild_links (self);
}

static void
wm_persona_editor_dispose (GObject *object)
{
  WmPersonaEditor *self = WM_PERSONA_EDITOR (object);

  wm_persona_editor_set_persona (self, NULL, NULL);
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->swatches, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_PERSONA_EDITOR);

  G_OBJECT_CLASS (wm_persona_editor_parent_class)->dispose (object);
}

static void
wm_persona_editor_class_init (WmPersonaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_persona_editor_dispose;
  widget_class->map = wm_persona_editor_map;

  g_type_ensure (WM_TYPE_AVATAR_IMAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-persona-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, page);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, avatar);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, choose_picture_button);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, picture_spinner);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, palette_box);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, color_button);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, color_stack);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, color_disc);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, role_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, segment_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, age_range_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, quote_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, evidence_row);
  gtk_widget_class_bind_template_child (widget_class, WmPersonaEditor, bio_view);
  gtk_widget_class_bind_template_callback (widget_class, color_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, evidence_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.choose-picture", NULL,
                                   choose_picture_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-picture", NULL,
                                   remove_picture_action);
  gtk_widget_class_install_action (widget_class, "editor.apply-mine", "(uxs)",
                                   apply_mine_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_persona_editor_init (WmPersonaEditor *self)
{
  const char *const *palette = wm_persona_palette ();
  const WmChoice *choices = wm_column_get_choices (WM_PERSONA_EVIDENCE);
  g_autoptr(GtkStringList) evidence = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  wm_avatar_image_set_size (self->avatar, 96);
  wm_avatar_image_set_size (self->color_disc, SWATCH_SIZE);

  for (guint i = 0; choices[i].value != NULL; i++)
    gtk_string_list_append (evidence, wm_column_choice_label (WM_PERSONA_EVIDENCE,
                                                              choices[i].value));
  self->updating = TRUE;
  adw_combo_row_set_model (self->evidence_row, G_LIST_MODEL (evidence));
  self->updating = FALSE;

  /* The palette's swatches, before the custom colour button. */
  self->swatches = g_ptr_array_new ();
  for (guint i = 0; palette[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *disc = wm_avatar_image_new (SWATCH_SIZE);

      wm_avatar_image_set_color (WM_AVATAR_IMAGE (disc), palette[i]);
      gtk_button_set_child (GTK_BUTTON (button), disc);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_add_css_class (button, "wm-swatch");
      gtk_widget_set_tooltip_text (button, palette[i]);
      g_object_set_data (G_OBJECT (button), "wm-color", (gpointer) palette[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (swatch_clicked_cb), self);
      gtk_flow_box_insert (self->palette_box, button, (int) i);
      g_ptr_array_add (self->swatches, button);
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    connect_text_field (self, text_field (self, text_columns[i]));

  build_item_groups (self);
  self->channels_list = add_link_group (self, _("Preferred channels"),
                                        _("Where this persona likes to reach you"));
  self->journeys_list = add_link_group (self, _("Journeys"),
                                        _("The journeys this persona appears in"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-picture", FALSE);
}

/* Public API */

GtkWidget *
wm_persona_editor_new (void)
{
  return g_object_new (WM_TYPE_PERSONA_EDITOR, NULL);
}

void
wm_persona_editor_set_persona (WmPersonaEditor *self,
                               WmStore         *store,
                               WmRecord        *persona)
{
  g_return_if_fail (WM_IS_PERSONA_EDITOR (self));
  g_return_if_fail (!persona || WM_IS_STORE (store));

  if (self->persona == persona && self->store == store)
    return;

  commit_pending (self);
  g_clear_signal_handler (&self->persona_changed_id, self->persona);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_handle_id (&self->rebuild_links_id, g_source_remove);
  g_clear_object (&self->items);
  g_set_object (&self->persona, persona);
  if (persona != NULL)
    g_set_object (&self->store, store);
  else
    g_clear_object (&self->store);

  if (persona != NULL)
    {
      self->items = wm_record_list_new (store, WM_ENTITY_PERSONA_ITEM,
                                        WM_PERSONA_ITEM_PERSONA_ID, wm_record_get_id (persona));
      self->persona_changed_id = g_signal_connect_object (persona, "changed",
                                                          G_CALLBACK (persona_changed_cb), self,
                                                          G_CONNECT_SWAPPED);
      self->store_changed_id = g_signal_connect_object (store, "changed",
                                                        G_CALLBACK (store_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
      wm_ui_set_sensitive (GTK_WIDGET (self->page), !wm_store_is_read_only (store));
    }

  bind_items (self);
  rebuild_links (self);
  update_from_record (self);
}

gint64
wm_persona_editor_get_persona_id (WmPersonaEditor *self)
{
  g_return_val_if_fail (WM_IS_PERSONA_EDITOR (self), 0);

  return persona_id (self);
}

void
wm_persona_editor_flush (WmPersonaEditor *self)
{
  g_return_if_fail (WM_IS_PERSONA_EDITOR (self));

  commit_pending (self);
}

void
wm_persona_editor_focus_name (WmPersonaEditor *self)
{
  g_return_if_fail (WM_IS_PERSONA_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}

void
wm_persona_editor_import_picture (WmPersonaEditor *self,
                                  GFile           *file)
{
  Import *import;

  g_return_if_fail (WM_IS_PERSONA_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->persona == NULL)
    return;

  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();

  import = g_new0 (Import, 1);
  import->editor = g_object_ref (self);
  import->persona_id = persona_id (self);
  import->name = g_file_get_basename (file);

  gtk_widget_set_sensitive (self->choose_picture_button, FALSE);
  gtk_widget_set_visible (self->picture_spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->picture_spinner));
  /* Decoding and scaling happen in a worker thread; the window stays responsive. */
  wm_avatar_import_file_async (file, self->import_cancellable, import_done_cb, import);
}

gboolean
wm_persona_editor_is_importing (WmPersonaEditor *self)
{
  g_return_val_if_fail (WM_IS_PERSONA_EDITOR (self), FALSE);

  return gtk_widget_get_visible (self->picture_spinner);
}
