/* wm-personas-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-personas-view.h"
#include "wm-record-list.h"
#include "wm-ui-util.h"

struct _WmPersonasView
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkBox       *detail;

  WmStore      *store;
  WmRecordList *personas;
  gulong        store_changed_id;
  gint64        selected_id;
  guint         rebuild_id;
};

G_DEFINE_FINAL_TYPE (WmPersonasView, wm_personas_view, GTK_TYPE_WIDGET)

#define DETAIL_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_PERSONA) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_PERSONA_ITEM) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_PERSONA_CHANNEL) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL))

static const struct {
  const char *kind;
  const char *heading;
} item_kinds[] = {
  { "goal", N_("Goals") },
  { "pain", N_("Pain points") },
  { "need", N_("Needs") },
  { "behaviour", N_("Behaviours") },
  { "motivation", N_("Motivations") },
};

static void
append_items (WmPersonasView *self,
              GPtrArray      *items,
              const char     *kind,
              const char     *heading)
{
  GtkWidget *list = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      WmRecord *item = g_ptr_array_index (items, i);
      GtkWidget *label;

      if (g_strcmp0 (wm_record_get_string (item, WM_PERSONA_ITEM_KIND), kind) != 0)
        continue;

      if (list == NULL)
        {
          GtkWidget *title = wm_ui_label (heading, "heading");

          gtk_widget_add_css_class (title, "wm-section");
          gtk_box_append (self->detail, title);
          list = wm_ui_boxed_list ();
          gtk_box_append (self->detail, list);
        }

      label = wm_ui_label (wm_record_get_string (item, WM_PERSONA_ITEM_TEXT), NULL);
      gtk_widget_set_margin_top (label, 9);
      gtk_widget_set_margin_bottom (label, 9);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_list_box_append (GTK_LIST_BOX (list), label);
    }
}

static void
append_channels (WmPersonasView *self,
                 gint64          persona_id)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  links = wm_store_list (self->store, WM_ENTITY_PERSONA_CHANNEL, WM_PERSONA_CHANNEL_PERSONA_ID, persona_id, NULL);
  for (guint i = 0; links && i < links->len; i++)
    {
      g_autofree char *name = NULL;

      name = wm_ui_lookup_label (self->store, WM_ENTITY_CHANNEL,
                                 wm_record_get_ref (g_ptr_array_index (links, i), WM_PERSONA_CHANNEL_CHANNEL_ID));
      if (name == NULL)
        continue;
      if (names->len > 0)
        /* Translators: separates the items of a list, e.g. channel names */
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }

  if (names->len > 0)
    {
      GtkWidget *field = wm_ui_field (_("Preferred channels"), names->str);

      gtk_widget_add_css_class (field, "wm-section");
      gtk_box_append (self->detail, field);
    }
}

static void
rebuild_detail (WmPersonasView *self)
{
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GtkWidget *title;
  const char *text;

  wm_ui_box_clear (self->detail);

  if (self->store == NULL || self->selected_id == 0)
    return;

  persona = wm_store_get (self->store, WM_ENTITY_PERSONA, self->selected_id, NULL);
  if (persona == NULL)
    return;

  title = wm_ui_label (NULL, "title-1");
  g_object_bind_property (persona, "label", title, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (self->detail, title);

  text = wm_record_get_string (persona, WM_PERSONA_ROLE);
  if (*text)
    {
      gtk_box_append (self->detail, wm_ui_label (text, "title-4"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (GTK_WIDGET (self->detail)), "dim-label");
    }

  text = wm_record_get_string (persona, WM_PERSONA_QUOTE);
  if (*text)
    {
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), text);

      gtk_box_append (self->detail, wm_ui_label (quoted, "wm-quote"));
    }

  text = wm_record_get_string (persona, WM_PERSONA_DESCRIPTION);
  if (*text)
    gtk_box_append (self->detail, wm_ui_label (text, NULL));

  items = wm_store_list (self->store, WM_ENTITY_PERSONA_ITEM, WM_PERSONA_ITEM_PERSONA_ID, self->selected_id, NULL);
  for (guint i = 0; items && i < G_N_ELEMENTS (item_kinds); i++)
    append_items (self, items, item_kinds[i].kind, _(item_kinds[i].heading));

  append_channels (self, self->selected_id);
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  WmPersonasView *self = user_data;

  self->rebuild_id = 0;
  rebuild_detail (self);

  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (WmPersonasView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
persona_changed_cb (WmRecord  *persona,
                    GtkWidget *row)
{
  wm_ui_text_row_set_subtitle (row, wm_record_get_string (persona, WM_PERSONA_ROLE));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  WmRecord *persona = item;
  GtkWidget *row;

  row = wm_ui_text_row (persona, NULL, wm_record_get_string (persona, WM_PERSONA_ROLE));
  g_signal_connect_object (persona, "changed", G_CALLBACK (persona_changed_cb), row, 0);

  return row;
}

static void
row_selected_cb (WmPersonasView *self,
                 GtkListBoxRow  *row)
{
  g_autoptr(WmRecord) persona = NULL;
  gint64 id = 0;

  if (row)
    persona = g_list_model_get_item (G_LIST_MODEL (self->personas),
                                     gtk_list_box_row_get_index (row));
  if (persona)
    id = wm_record_get_id (persona);

  if (id != self->selected_id)
    {
      self->selected_id = id;
      rebuild_detail (self);
    }
}

static void
items_changed_cb (WmPersonasView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->personas)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "content");
  self->selected_id = wm_ui_list_select (self->list, self->personas, self->selected_id);
  queue_rebuild (self);
}

static void
store_changed_cb (WmPersonasView *self,
                  guint64         mask)
{
  if (mask & DETAIL_CHANGES)
    queue_rebuild (self);
}

static void
wm_personas_view_dispose (GObject *object)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (object);

  wm_personas_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_PERSONAS_VIEW);

  G_OBJECT_CLASS (wm_personas_view_parent_class)->dispose (object);
}

static void
wm_personas_view_class_init (WmPersonasViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_personas_view_dispose;

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-personas-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, list);
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, detail);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_personas_view_init (WmPersonasView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wm_personas_view_new (void)
{
  return g_object_new (WM_TYPE_PERSONAS_VIEW, NULL);
}

void
wm_personas_view_set_store (WmPersonasView *self,
                            WmStore        *store)
{
  g_return_if_fail (WM_IS_PERSONAS_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->personas)
    g_signal_handlers_disconnect_by_data (self->personas, self);
  if (self->list)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->personas);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  self->selected_id = 0;

  if (store == NULL)
    return;

  self->personas = wm_record_list_new (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->personas), create_row_cb, self, NULL);
  g_signal_connect_object (self->personas, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  items_changed_cb (self);
}
