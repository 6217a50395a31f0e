/* wm-channel-row.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-channel-row.h"
#include "wm-map-model.h"
#include "wm-map-render.h"
#include "wm-record.h"

/* Each item of the row's model (a GtkStringList) carries its channel as
 * the map draws it ("wm-channel", none for "None") and the WmMapModel that
 * holds it ("wm-channel-model"); the glyph it is bound to holds them too. */

static void
draw_channel_glyph (GtkDrawingArea *area,
                    cairo_t        *cr,
                    int             width,
                    int             height,
                    gpointer        user_data)
{
  const WmMapChannel *channel = g_object_get_data (G_OBJECT (area), "wm-channel");
  GdkRGBA fg;
  WmMapColor color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  color = (WmMapColor) { fg.red, fg.green, fg.blue, fg.alpha };
  wm_map_render_channel_icon (cr, channel, width / 2.0, height / 2.0, MIN (width, height),
                              &color);
}

/* In the popup (@user_data the combo row, else NULL for the row itself), a
 * check mark after the name marks the channel chosen, as a combo row's own
 * items do. */
static void
channel_item_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *glyph = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (glyph), 16);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (glyph), 16);
  gtk_widget_set_valign (glyph, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (glyph), draw_channel_glyph, NULL, NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), glyph);
  gtk_box_append (GTK_BOX (box), label);
  if (user_data != NULL)
    {
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
    }
  gtk_list_item_set_child (item, box);
}

static void
channel_item_update_check (GtkListItem *item,
                           GParamSpec  *pspec,
                           AdwComboRow *row)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));

  gtk_widget_set_opacity (check, gtk_list_item_get_position (item)
                                   == adw_combo_row_get_selected (row) ? 1.0 : 0.0);
}

static void
channel_item_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *glyph = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *label = gtk_widget_get_next_sibling (glyph);
  GObject *string = gtk_list_item_get_item (item);
  WmMapModel *model = g_object_get_data (string, "wm-channel-model");
  WmMapChannel *channel = g_object_get_data (string, "wm-channel");

  gtk_label_set_label (GTK_LABEL (label),
                       gtk_string_object_get_string (GTK_STRING_OBJECT (string)));
  /* The model holds the channel; the glyph holds the model. */
  g_object_set_data_full (G_OBJECT (glyph), "wm-channel-model",
                          model != NULL ? wm_map_model_ref (model) : NULL,
                          (GDestroyNotify) wm_map_model_unref);
  g_object_set_data (G_OBJECT (glyph), "wm-channel", channel);
  gtk_widget_queue_draw (glyph);

  if (user_data != NULL)
    {
      gulong id = g_signal_connect_object (user_data, "notify::selected",
                                           G_CALLBACK (channel_item_update_check), item,
                                           G_CONNECT_SWAPPED);

      g_object_set_data (G_OBJECT (item), "wm-selected-handler", GSIZE_TO_POINTER (id));
      channel_item_update_check (item, NULL, user_data);
    }
}

static void
channel_item_unbind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "wm-selected-handler"));

  if (id != 0)
    g_signal_handler_disconnect (user_data, id);
  g_object_set_data (G_OBJECT (item), "wm-selected-handler", NULL);
}

/* @row: the combo row whose popup lists the channels, or NULL for the row's
 * own display of the channel chosen. */
static GtkListItemFactory *
channel_factory_new (GtkWidget *row)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (channel_item_setup_cb), row);
  g_signal_connect (factory, "bind", G_CALLBACK (channel_item_bind_cb), row);
  if (row != NULL)
    g_signal_connect (factory, "unbind", G_CALLBACK (channel_item_unbind_cb), row);

  return factory;
}

/* Public API */

GtkWidget *
wm_channel_row_new (void)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkListItemFactory) shown = channel_factory_new (NULL);
  g_autoptr(GtkListItemFactory) listed = channel_factory_new (row);

  adw_combo_row_set_factory (ADW_COMBO_ROW (row), shown);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), listed);

  return row;
}

void
wm_channel_row_set_channels (AdwComboRow *row,
                             GPtrArray   *channels,
                             GArray      *ids)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(WmMapModel) glyphs = wm_map_model_new ();
  gint64 none = 0;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  g_array_set_size (ids, 0);
  gtk_string_list_append (names, C_("channel", "None"));
  g_array_append_val (ids, none);
  for (guint i = 0; channels != NULL && i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);
      gint64 id = wm_record_get_id (channel);
      int kind = wm_column_choice_index (WM_CHANNEL_KIND,
                                         wm_record_get_string (channel, WM_CHANNEL_KIND));
      g_autoptr(GObject) item = NULL;

      gtk_string_list_append (names, wm_record_get_label (channel));
      g_array_append_val (ids, id);
      item = g_list_model_get_item (G_LIST_MODEL (names), ids->len - 1);
      g_object_set_data (item, "wm-channel",
                         wm_map_model_add_channel (glyphs, id,
                                                   wm_record_get_string (channel, WM_CHANNEL_KEY),
                                                   wm_record_get_label (channel),
                                                   kind < 0 ? WM_CHANNEL_DIGITAL
                                                            : (WmChannelKind) kind));
      g_object_set_data_full (item, "wm-channel-model", wm_map_model_ref (glyphs),
                              (GDestroyNotify) wm_map_model_unref);
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (names));
}
