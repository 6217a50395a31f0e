/* wm-ui-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-ui-resources.h"
#include "wm-ui-util.h"
#include "wm-wrap-row.h"

void
wm_ui_ensure_resources (void)
{
  static gsize registered;

  /* The constructor of the resource file registers it once it is linked in;
   * without constructors, do it here. */
  if (g_once_init_enter (&registered))
    {
      g_autoptr(GBytes) bytes = NULL;

      bytes = g_resources_lookup_data ("/org/waymark/Waymark/wm-window.ui",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes == NULL)
        g_resources_register (wm_ui_get_resource ());
      g_once_init_leave (&registered, 1);
    }
}

static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  GMenuModel *model = user_data;

  /* Called on each opening: the popover is made only the first time. */
  if (gtk_menu_button_get_menu_model (button) != model)
    gtk_menu_button_set_menu_model (button, model);
}

void
wm_ui_menu_button_set_menu_lazily (GtkMenuButton *button,
                                   GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  gtk_menu_button_set_create_popup_func (button, create_menu_cb, g_object_ref (model),
                                         g_object_unref);
}

void
wm_ui_box_clear (GtkBox *box)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

GtkWidget *
wm_ui_label (const char *text,
             const char *css_class)
{
  GtkWidget *label;

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", text ? text : "",
                        "xalign", 0.0f,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        NULL);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

GtkWidget *
wm_ui_field (const char *caption,
             const char *value)
{
  GtkWidget *box;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_box_append (GTK_BOX (box), wm_ui_label (caption, "caption-heading"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");
  gtk_box_append (GTK_BOX (box), wm_ui_label (value, NULL));

  return box;
}

GtkWidget *
wm_ui_boxed_list (void)
{
  GtkWidget *list;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  return list;
}

GtkWidget *
wm_ui_text_row (WmRecord   *record,
                const char *title,
                const char *subtitle)
{
  GtkWidget *box;
  GtkWidget *title_label;
  GtkWidget *subtitle_label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  title_label = g_object_new (GTK_TYPE_LABEL,
                              "label", title ? title : "",
                              "xalign", 0.0f,
                              "ellipsize", PANGO_ELLIPSIZE_END,
                              "name", "title",
                              NULL);
  if (record)
    g_object_bind_property (record, "label", title_label, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), title_label);

  subtitle_label = g_object_new (GTK_TYPE_LABEL,
                                 "xalign", 0.0f,
                                 "ellipsize", PANGO_ELLIPSIZE_END,
                                 NULL);
  gtk_widget_add_css_class (subtitle_label, "caption");
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_box_append (GTK_BOX (box), subtitle_label);
  wm_ui_text_row_set_subtitle (box, subtitle);

  return box;
}

void
wm_ui_text_row_set_subtitle (GtkWidget  *row,
                             const char *subtitle)
{
  GtkWidget *label = gtk_widget_get_last_child (row);

  gtk_label_set_label (GTK_LABEL (label), subtitle ? subtitle : "");
  gtk_widget_set_visible (label, subtitle && *subtitle);
}

char *
wm_ui_field_dup_text (GtkWidget *field)
{
  if (WM_IS_WRAP_ROW (field))
    field = wm_wrap_row_get_text_view (WM_WRAP_ROW (field));
  if (GTK_IS_TEXT_VIEW (field))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

void
wm_ui_field_set_text (GtkWidget  *field,
                      const char *text)
{
  g_autofree char *current = wm_ui_field_dup_text (field);

  if (g_strcmp0 (current, text) == 0)
    return;

  if (WM_IS_WRAP_ROW (field))
    field = wm_wrap_row_get_text_view (WM_WRAP_ROW (field));
  if (GTK_IS_TEXT_VIEW (field))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (field), text);
}

void
wm_ui_set_sensitive (GtkWidget *widget,
                     gboolean   sensitive)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!sensitive && focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    gtk_root_set_focus (root, NULL);
  gtk_widget_set_sensitive (widget, sensitive);
}

gint64
wm_ui_list_select (GtkListBox   *list,
                   WmRecordList *records,
                   gint64        id)
{
  GtkListBoxRow *row;
  g_autoptr(WmRecord) record = NULL;
  int position = -1;

  if (id > 0)
    position = wm_record_list_find (records, id);
  if (position < 0)
    position = 0;

  row = gtk_list_box_get_row_at_index (list, position);
  if (row == NULL)
    return 0;

  if (gtk_list_box_get_selected_row (list) != row)
    gtk_list_box_select_row (list, row);

  record = g_list_model_get_item (G_LIST_MODEL (records), position);

  return record ? wm_record_get_id (record) : 0;
}

char *
wm_ui_lookup_label (WmStore  *store,
                    WmEntity  entity,
                    gint64    id)
{
  g_autoptr(WmRecord) record = NULL;

  if (id <= 0)
    return NULL;

  /* A dangling reference is shown as nothing rather than as an error:
   * the check command reports those. */
  record = wm_store_get (store, entity, id, NULL);

  return record ? g_strdup (wm_record_get_label (record)) : NULL;
}

char **
wm_ui_recent_prepend (const char *const *list,
                      const char        *uri,
                      guint              max)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 1;

  g_strv_builder_add (builder, uri);
  for (guint i = 0; list && list[i] && n < max; i++)
    {
      if (g_strcmp0 (list[i], uri) == 0)
        continue;
      g_strv_builder_add (builder, list[i]);
      n++;
    }

  return g_strv_builder_end (builder);
}

const char *
wm_ui_kpi_status_css_class (WmKpiStatus status)
{
  switch (status)
    {
    case WM_KPI_STATUS_ON_TARGET:
      return "success";
    case WM_KPI_STATUS_WARNING:
      return "warning";
    case WM_KPI_STATUS_OFF_TARGET:
      return "error";
    case WM_KPI_STATUS_UNKNOWN:
    default:
      return "dim-label";
    }
}

/* Frames a widget that was just shown or changed may take to be laid out. */
#define SCROLL_INTO_VIEW_FRAMES 10

static gboolean
scroll_into_view_tick_cb (GtkWidget     *widget,
                          GdkFrameClock *clock,
                          gpointer       user_data)
{
  guint *frames = user_data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *view = scrolled ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))
                             : NULL;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double below;

  if (view == NULL || ++*frames > SCROLL_INTO_VIEW_FRAMES)
    return G_SOURCE_REMOVE;
  /* Not laid out yet: the next frame. (The view's own coordinates are
   * those of what it shows, its child being moved by the scrolling.) */
  if (!gtk_widget_compute_bounds (widget, view, &bounds) || bounds.size.height <= 0)
    return G_SOURCE_CONTINUE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  below = bounds.origin.y + bounds.size.height - gtk_widget_get_height (view);
  /* Its end into view, but never its start out of it. */
  if (below > 0)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_value (adjustment)
                              + MIN (below, bounds.origin.y));
  else if (bounds.origin.y < 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y);

  /* A few frames more: its height may still change (a subtitle wrapping). */
  return G_SOURCE_CONTINUE;
}

void
wm_ui_scroll_into_view (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_add_tick_callback (widget, scroll_into_view_tick_cb, g_new0 (guint, 1), g_free);
}

void
wm_ui_toast (GtkWidget  *widget,
             const char *title,
             gboolean    with_undo)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (title);
  if (with_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

GtkWidget *
wm_ui_alert (GtkWindow  *parent,
             const char *heading,
             const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}
