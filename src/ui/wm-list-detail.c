/* wm-list-detail.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-list-detail.h"
#include "wm-record-list.h"
#include "wm-wrap-row.h"
#include "wm-ui-util.h"

struct _WmListDetail
{
  GtkWidget           parent_instance;

  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkWidget          *content;
  GtkSearchEntry     *search;
  GtkButton          *add_button;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkWidget          *back_bar;
  GtkStack           *detail_stack;
  GtkScrolledWindow  *scroller;
  AdwClamp           *clamp;
  AdwBin             *plain;
  AdwStatusPage      *unselected_page;

  GListModel         *model;
  GtkFilterListModel *filtered;
  GtkSliceListModel  *head;          /* see FIRST_FRAME_ROWS */
  GtkStringFilter    *filter;
  GtkSingleSelection *selection;
  gulong              after_paint_id;
  guint               show_all_id;
  WmRecord           *selected;
  /* The record a search hid, leaving nothing selected: selected again when
   * the search shows it again. */
  WmRecord           *hidden;
  gboolean            filtering;
  GtkWidget          *detail;
  char               *placeholder_text;
  gboolean            scroll_detail;

  /* Another program's change: the store whose "changed" says so, and the
   * selected record if that change took it away. */
  WmStore            *store;
  WmRecord           *removed;
};

/* What the person was doing in a detail whose widgets are built again. */
struct _WmListDetailState
{
  GHashTable *typed;       /* field key → text typed but not saved */
  char       *focus_key;
  int         focus_position;
  double      scroll;
};

G_DEFINE_FINAL_TYPE (WmListDetail, wm_list_detail, GTK_TYPE_WIDGET)

/* GTK 4.8's GtkListView builds, binds, styles and measures a row for up to
 * 200 items whatever its height (GTK_LIST_VIEW_MAX_LIST_ITEMS): 200
 * journeys cost a launch ≈ 15 % more. A list given before it is on screen
 * holds its first FIRST_FRAME_ROWS items (more rows than a screen shows)
 * until its first frame is drawn, then all of them. */
#define FIRST_FRAME_ROWS 50

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_FOLDED,
  PROP_SHOW_SEARCH,
  PROP_PLACEHOLDER_TEXT,
  PROP_DETAIL,
  PROP_SCROLL_DETAIL,
  PROP_UNSELECTED_TITLE,
  PROP_UNSELECTED_ICON_NAME,
  PROP_UNSELECTED_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char row_template[] =
  "<?xml version='1.0' encoding='UTF-8'?>"
  "<interface>"
  "  <template class='GtkListItem'>"
  "    <property name='child'>"
  "      <object class='GtkLabel'>"
  "        <property name='xalign'>0</property>"
  "        <property name='ellipsize'>end</property>"
  "        <property name='margin-top'>3</property>"
  "        <property name='margin-bottom'>3</property>"
  "        <binding name='label'>"
  "          <lookup name='label' type='WmRecord'>"
  "            <lookup name='item'>GtkListItem</lookup>"
  "          </lookup>"
  "        </binding>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>";

#define FIELD_KEY "wm-list-detail-key"
#define FIELD_SAVED "wm-list-detail-saved"

/* Helpers */

/* Whether the record with @id is a row of the list, searched for or not. */
static gboolean
model_holds_id (WmListDetail *self,
                gint64        id)
{
  if (self->model == NULL)
    return FALSE;
  if (WM_IS_RECORD_LIST (self->model))
    return wm_record_list_find (WM_RECORD_LIST (self->model), id) >= 0;

  for (guint i = 0; i < g_list_model_get_n_items (self->model); i++)
    {
      g_autoptr(WmRecord) item = g_list_model_get_item (self->model, i);

      if (wm_record_get_id (item) == id)
        return TRUE;
    }

  return FALSE;
}

static gboolean
model_holds (WmListDetail *self,
             WmRecord     *record)
{
  return model_holds_id (self, wm_record_get_id (record));
}

static const char *
field_key (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), FIELD_KEY);
}

/* A field is an editable (an entry row) or a wrap row. */
static gboolean
is_field (GtkWidget *widget)
{
  return GTK_IS_EDITABLE (widget) || WM_IS_WRAP_ROW (widget);
}

static int
field_position (GtkWidget *field)
{
  if (WM_IS_WRAP_ROW (field))
    return wm_wrap_row_get_position (WM_WRAP_ROW (field));

  return gtk_editable_get_position (GTK_EDITABLE (field));
}

static void
set_field_position (GtkWidget *field,
                    int        position)
{
  if (WM_IS_WRAP_ROW (field))
    wm_wrap_row_set_position (WM_WRAP_ROW (field), position);
  else
    gtk_editable_set_position (GTK_EDITABLE (field), position);
}

/* The keyed field that holds @widget (the GtkText inside an entry row). */
static GtkWidget *
keyed_ancestor (GtkWidget *widget,
                GtkWidget *top)
{
  for (; widget != NULL && widget != top; widget = gtk_widget_get_parent (widget))
    if (field_key (widget) != NULL)
      return widget;

  return NULL;
}

static void
collect_typed (GtkWidget  *widget,
               GHashTable *typed)
{
  const char *key = field_key (widget);

  if (key != NULL && is_field (widget))
    {
      g_autofree char *text = wm_ui_field_dup_text (widget);

      if (g_strcmp0 (text, g_object_get_data (G_OBJECT (widget), FIELD_SAVED)) != 0)
        g_hash_table_insert (typed, g_strdup (key), g_steal_pointer (&text));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_typed (child, typed);
}

static GtkWidget *
find_field (GtkWidget  *widget,
            const char *key)
{
  if (g_strcmp0 (field_key (widget), key) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_field (child, key);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
scroll_detail_to_top (WmListDetail *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
update_list_page (WmListDetail *self)
{
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search)) != '\0';
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, searching && empty ? "no-match" : "list");
}

/* With nothing selected (a search that matches nothing) the detail is not
 * left showing the record it showed last, where an edit would go nowhere. */
static void
update_detail_page (WmListDetail *self)
{
  const char *page = self->scroll_detail ? "scrolled" : "plain";

  gtk_stack_set_visible_child_name (self->detail_stack,
                                    self->selected != NULL ? page : "unselected");
}

static void
place_detail (WmListDetail *self)
{
  adw_clamp_set_child (self->clamp, self->scroll_detail ? self->detail : NULL);
  adw_bin_set_child (self->plain, self->scroll_detail ? NULL : self->detail);
  update_detail_page (self);
}

static void
show_all_rows (WmListDetail *self)
{
  g_clear_handle_id (&self->show_all_id, g_source_remove);
  if (gtk_slice_list_model_get_size (self->head) != G_MAXUINT)
    gtk_slice_list_model_set_size (self->head, G_MAXUINT);
}

/* Selects the record with @id if the search shows it. */
static gboolean
select_listed (WmListDetail *self,
               gint64        id)
{
  GListModel *model = G_LIST_MODEL (self->filtered);

  show_all_rows (self);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WmRecord) record = g_list_model_get_item (model, i);

      if (wm_record_get_id (record) == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

/* Callbacks */

static gboolean
show_all_rows_cb (gpointer user_data)
{
  WmListDetail *self = user_data;

  self->show_all_id = 0;
  show_all_rows (self);

  return G_SOURCE_REMOVE;
}

static void
after_first_paint_cb (GdkFrameClock *clock,
                      WmListDetail  *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->show_all_id == 0)
    self->show_all_id = g_idle_add (show_all_rows_cb, self);
}

static void
selection_changed_cb (WmListDetail *self)
{
  WmRecord *item = gtk_single_selection_get_selected_item (self->selection);

  update_list_page (self);
  if (item == self->selected)
    return;

  /* The same row after a reload is the same object: only another record
   * counts as a new selection, which opens at its top. A selected row that
   * left the list hands the selection to its neighbour (autoselect); if
   * another program took it, store_changed_cb says so. */
  if (self->selected != NULL && !model_holds (self, self->selected))
    g_set_object (&self->removed, self->selected);
  else if (self->filtering && item == NULL)
    g_set_object (&self->hidden, self->selected);
  g_set_object (&self->selected, item);
  update_detail_page (self);
  scroll_detail_to_top (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* Runs after the lists followed the store: the selection has moved on. */
static void
store_changed_cb (WmListDetail *self,
                  guint64       mask)
{
  g_autoptr(WmRecord) removed = g_steal_pointer (&self->removed);
  g_autoptr(WmRecord) still = NULL;
  g_autofree char *message = NULL;
  const char *label;

  /* Only another program's change comes as WM_CHANGE_ALL; the page that
   * deletes a row itself says so with its own toast. */
  if (removed == NULL || mask != WM_CHANGE_ALL)
    return;
  still = wm_store_get (self->store, wm_record_get_entity (removed), wm_record_get_id (removed),
                        NULL);
  if (still != NULL)
    return;

  label = wm_record_get_label (removed);
  if (*label != '\0')
    /* Translators: a row that was selected, e.g. a persona's name */
    message = g_strdup_printf (_("“%s” was deleted in another program"), label);
  else
    message = g_strdup (_("What you were looking at was deleted in another program"));
  wm_ui_toast (GTK_WIDGET (self), message, FALSE);
}

static void
watch_store (WmListDetail *self,
             WmStore      *store)
{
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
activate_cb (WmListDetail *self,
             guint         position)
{
  gtk_single_selection_set_selected (self->selection, position);
  wm_list_detail_show_detail (self, TRUE);
}

static void
search_changed_cb (WmListDetail *self)
{
  g_autoptr(WmRecord) hidden = g_steal_pointer (&self->hidden);

  self->filtering = TRUE;
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search)));
  self->filtering = FALSE;

  /* Rows back after a search that hid them all: the one that was open is
   * open again, rather than the first row the selection fell on. */
  if (self->hidden == NULL && hidden != NULL
      && !select_listed (self, wm_record_get_id (hidden)) && self->selected == NULL)
    self->hidden = g_steal_pointer (&hidden);
  update_list_page (self);
}

static void
stop_search_cb (WmListDetail *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
}

static void
back_clicked_cb (WmListDetail *self)
{
  wm_list_detail_show_detail (self, FALSE);
}

static void
folded_changed_cb (WmListDetail *self)
{
  gtk_widget_set_visible (self->back_bar, adw_leaflet_get_folded (self->leaflet));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

/* Overrides */

static void
wm_list_detail_map (GtkWidget *widget)
{
  WmListDetail *self = WM_LIST_DETAIL (widget);

  GTK_WIDGET_CLASS (wm_list_detail_parent_class)->map (widget);

  if (gtk_slice_list_model_get_size (self->head) != G_MAXUINT && self->after_paint_id == 0 &&
      self->show_all_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (after_first_paint_cb), self);
}

static void
wm_list_detail_unmap (GtkWidget *widget)
{
  WmListDetail *self = WM_LIST_DETAIL (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (wm_list_detail_parent_class)->unmap (widget);
}

static void
wm_list_detail_dispose (GObject *object)
{
  WmListDetail *self = (WmListDetail *)object;

  g_clear_handle_id (&self->show_all_id, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_LIST_DETAIL);
  g_clear_object (&self->selection);
  g_clear_object (&self->head);
  g_clear_object (&self->filtered);
  watch_store (self, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->selected);
  g_clear_object (&self->removed);
  g_clear_object (&self->hidden);
  g_clear_object (&self->detail);
  g_clear_pointer (&self->placeholder_text, g_free);

  G_OBJECT_CLASS (wm_list_detail_parent_class)->dispose (object);
}

static void
wm_list_detail_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WmListDetail *self = WM_LIST_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, wm_list_detail_get_folded (self));
      break;
    case PROP_SHOW_SEARCH:
      g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->search)));
      break;
    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, self->placeholder_text);
      break;
    case PROP_DETAIL:
      g_value_set_object (value, self->detail);
      break;
    case PROP_SCROLL_DETAIL:
      g_value_set_boolean (value, self->scroll_detail);
      break;
    case PROP_UNSELECTED_TITLE:
      g_value_set_string (value, adw_status_page_get_title (self->unselected_page));
      break;
    case PROP_UNSELECTED_ICON_NAME:
      g_value_set_string (value, adw_status_page_get_icon_name (self->unselected_page));
      break;
    case PROP_UNSELECTED_CHILD:
      g_value_set_object (value, adw_status_page_get_child (self->unselected_page));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_list_detail_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WmListDetail *self = WM_LIST_DETAIL (object);

  switch (prop_id)
    {
    case PROP_SHOW_SEARCH:
      wm_list_detail_set_show_search (self, g_value_get_boolean (value));
      break;
    case PROP_PLACEHOLDER_TEXT:
      wm_list_detail_set_placeholder_text (self, g_value_get_string (value));
      break;
    case PROP_DETAIL:
      wm_list_detail_set_detail (self, g_value_get_object (value));
      break;
    case PROP_SCROLL_DETAIL:
      wm_list_detail_set_scroll_detail (self, g_value_get_boolean (value));
      break;
    case PROP_UNSELECTED_TITLE:
      adw_status_page_set_title (self->unselected_page, g_value_get_string (value));
      break;
    case PROP_UNSELECTED_ICON_NAME:
      adw_status_page_set_icon_name (self->unselected_page, g_value_get_string (value));
      break;
    case PROP_UNSELECTED_CHILD:
      adw_status_page_set_child (self->unselected_page, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_list_detail_class_init (WmListDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_list_detail_dispose;
  widget_class->map = wm_list_detail_map;
  widget_class->unmap = wm_list_detail_unmap;
  object_class->get_property = wm_list_detail_get_property;
  object_class->set_property = wm_list_detail_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, WM_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_SEARCH] =
    g_param_spec_boolean ("show-search", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_object ("detail", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCROLL_DETAIL] =
    g_param_spec_boolean ("scroll-detail", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the detail says when nothing is selected. */
  properties[PROP_UNSELECTED_TITLE] =
    g_param_spec_string ("unselected-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNSELECTED_ICON_NAME] =
    g_param_spec_string ("unselected-icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* A way on from there, such as back to an overview. */
  properties[PROP_UNSELECTED_CHILD] =
    g_param_spec_object ("unselected-child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-list-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, sidebar);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, content);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, search);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, add_button);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, list_stack);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, list_view);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, back_bar);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, unselected_page);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, clamp);
  gtk_widget_class_bind_template_child (widget_class, WmListDetail, plain);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_list_detail_init (WmListDetail *self)
{
  g_autoptr(GBytes) template = g_bytes_new_static (row_template, sizeof row_template - 1);
  g_autoptr(GtkListItemFactory) factory = gtk_builder_list_item_factory_new_from_bytes (NULL,
                                                                                        template);
  GtkExpression *label;

  g_type_ensure (WM_TYPE_RECORD);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scroll_detail = TRUE;
  label = gtk_property_expression_new (WM_TYPE_RECORD, NULL, "label");
  self->filter = gtk_string_filter_new (label);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->head = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0,
                                         G_MAXUINT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->head)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed",
                            G_CALLBACK (update_list_page), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_search_entry_set_key_capture_widget (self->search, self->sidebar);
  wm_list_detail_set_placeholder_text (self, _("Search"));
}

/* Public API */

GtkWidget *
wm_list_detail_new (void)
{
  return g_object_new (WM_TYPE_LIST_DETAIL, NULL);
}

void
wm_list_detail_set_model (WmListDetail *self,
                          GListModel   *model)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  watch_store (self, WM_IS_RECORD_LIST (model) ? wm_record_list_get_store (WM_RECORD_LIST (model))
                                               : NULL);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_slice_list_model_set_size (self->head, FIRST_FRAME_ROWS);
  gtk_filter_list_model_set_model (self->filtered, model);
  selection_changed_cb (self);
  /* Another list, not a deletion. */
  g_clear_object (&self->removed);
}

GListModel *
wm_list_detail_get_model (WmListDetail *self)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), NULL);

  return self->model;
}

void
wm_list_detail_set_factory (WmListDetail       *self,
                            GtkListItemFactory *factory)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  gtk_list_view_set_factory (self->list_view, factory);
}

void
wm_list_detail_set_detail (WmListDetail *self,
                           GtkWidget    *detail)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));
  g_return_if_fail (detail == NULL || GTK_IS_WIDGET (detail));

  if (self->detail == detail)
    return;

  adw_clamp_set_child (self->clamp, NULL);
  adw_bin_set_child (self->plain, NULL);
  g_set_object (&self->detail, detail);
  place_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

GtkWidget *
wm_list_detail_get_detail (WmListDetail *self)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), NULL);

  return self->detail;
}

void
wm_list_detail_set_scroll_detail (WmListDetail *self,
                                  gboolean      scroll_detail)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  scroll_detail = !!scroll_detail;
  if (self->scroll_detail == scroll_detail)
    return;

  adw_clamp_set_child (self->clamp, NULL);
  adw_bin_set_child (self->plain, NULL);
  self->scroll_detail = scroll_detail;
  place_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCROLL_DETAIL]);
}

WmRecord *
wm_list_detail_get_selected (WmListDetail *self)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), NULL);

  return self->selected;
}

gint64
wm_list_detail_get_selected_id (WmListDetail *self)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), 0);

  return self->selected ? wm_record_get_id (self->selected) : 0;
}

gboolean
wm_list_detail_select_id (WmListDetail *self,
                          gint64        id)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), FALSE);

  if (select_listed (self, id))
    return TRUE;

  /* A record the search hides (one just added, or opened from another
   * page): the search goes, rather than the record opening out of sight. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search)) != '\0' && model_holds_id (self, id))
    {
      g_clear_object (&self->hidden);
      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      search_changed_cb (self);
      return select_listed (self, id);
    }

  return FALSE;
}

void
wm_list_detail_show_detail (WmListDetail *self,
                            gboolean      show)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  adw_leaflet_set_visible_child (self->leaflet, show ? self->content : self->sidebar);
}

gboolean
wm_list_detail_get_folded (WmListDetail *self)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet);
}

void
wm_list_detail_set_add_action (WmListDetail *self,
                               const char   *action_name,
                               const char   *tooltip)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), action_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), action_name != NULL);
}

void
wm_list_detail_set_show_search (WmListDetail *self,
                                gboolean      show_search)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  show_search = !!show_search;
  if (gtk_widget_get_visible (GTK_WIDGET (self->search)) == show_search)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->search), show_search);
  if (!show_search)
    gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SEARCH]);
}

void
wm_list_detail_set_placeholder_text (WmListDetail *self,
                                     const char   *text)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  if (g_strcmp0 (self->placeholder_text, text) == 0)
    return;

  g_free (self->placeholder_text);
  self->placeholder_text = g_strdup (text);
  /* gtk_search_entry_set_placeholder_text () is newer than GTK 4.8. */
  g_object_set (self->search, "placeholder-text", text, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACEHOLDER_TEXT]);
}

void
wm_list_detail_focus_search (WmListDetail *self)
{
  g_return_if_fail (WM_IS_LIST_DETAIL (self));

  wm_list_detail_show_detail (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

GtkAdjustment *
wm_list_detail_get_detail_vadjustment (WmListDetail *self)
{
  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), NULL);

  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

void
wm_list_detail_set_field_key (GtkWidget  *field,
                              const char *key)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  g_object_set_data_full (G_OBJECT (field), FIELD_KEY, g_strdup (key), g_free);
  if (is_field (field))
    g_object_set_data_full (G_OBJECT (field), FIELD_SAVED, wm_ui_field_dup_text (field), g_free);
}

void
wm_list_detail_field_saved (GtkWidget *field)
{
  g_return_if_fail (is_field (field));

  g_object_set_data_full (G_OBJECT (field), FIELD_SAVED, wm_ui_field_dup_text (field), g_free);
}

WmListDetailState *
wm_list_detail_save_state (WmListDetail *self)
{
  WmListDetailState *state;
  GtkRoot *root;
  GtkWidget *focus, *field;

  g_return_val_if_fail (WM_IS_LIST_DETAIL (self), NULL);

  state = g_new0 (WmListDetailState, 1);
  state->typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state->scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  if (self->detail == NULL)
    return state;

  collect_typed (self->detail, state->typed);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, self->detail) &&
      (field = keyed_ancestor (focus, self->detail)) != NULL)
    {
      state->focus_key = g_strdup (field_key (field));
      state->focus_position = is_field (field) ? field_position (field) : -1;
    }

  return state;
}

void
wm_list_detail_restore_state (WmListDetail      *self,
                              WmListDetailState *state)
{
  GHashTableIter iter;
  gpointer key, text;

  g_return_if_fail (WM_IS_LIST_DETAIL (self));
  g_return_if_fail (state != NULL);

  if (self->detail != NULL)
    {
      g_hash_table_iter_init (&iter, state->typed);
      while (g_hash_table_iter_next (&iter, &key, &text))
        {
          GtkWidget *field = find_field (self->detail, key);

          /* Still what the field shows unsaved: the saved value it was built
           * with stays, so the text keeps counting as typed. */
          if (field != NULL && is_field (field))
            wm_ui_field_set_text (field, text);
        }

      if (state->focus_key != NULL)
        {
          GtkWidget *field = find_field (self->detail, state->focus_key);

          if (field != NULL && gtk_widget_grab_focus (field) && is_field (field) &&
              state->focus_position >= 0)
            set_field_position (field, state->focus_position);
        }
    }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), state->scroll);
  wm_list_detail_state_free (state);
}

void
wm_list_detail_state_free (WmListDetailState *state)
{
  if (state == NULL)
    return;

  g_hash_table_unref (state->typed);
  g_free (state->focus_key);
  g_free (state);
}
