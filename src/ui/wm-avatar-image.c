/* wm-avatar-image.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include "wm-avatar.h"
#include "wm-avatar-image.h"

struct _WmAvatarImage
{
  GtkWidget   parent_instance;

  int         size;
  char       *initials;
  GdkRGBA     color;
  GBytes     *image;
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (WmAvatarImage, wm_avatar_image, GTK_TYPE_WIDGET)

/* Stored avatars are at most 200 kB; anything much larger came from a
 * tampered file and is not worth decoding on the main thread. */
#define MAX_DISPLAY_BYTES (2 * WM_AVATAR_MAX_BYTES)

/* Overrides */

static void
wm_avatar_image_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  WmAvatarImage *self = WM_AVATAR_IMAGE (widget);

  *minimum = *natural = self->size;
}

static void
wm_avatar_image_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  WmAvatarImage *self = WM_AVATAR_IMAGE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float size = MIN (width, height);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT ((width - size) / 2, (height - size) / 2,
                                               size, size);
  GskRoundedRect clip;

  gsk_rounded_rect_init_from_rect (&clip, &bounds, size / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);

  if (self->texture != NULL)
    {
      int tw = gdk_texture_get_width (self->texture);
      int th = gdk_texture_get_height (self->texture);
      float scale = size / MIN (tw, th);
      graphene_rect_t cover = GRAPHENE_RECT_INIT (bounds.origin.x + (size - tw * scale) / 2,
                                                  bounds.origin.y + (size - th * scale) / 2,
                                                  tw * scale, th * scale);

      gtk_snapshot_append_texture (snapshot, self->texture, &cover);
    }
  else
    {
      gtk_snapshot_append_color (snapshot, &self->color, &bounds);
      if (self->initials != NULL && *self->initials)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, self->initials);
          PangoFontDescription *font = pango_font_description_new ();
          GdkRGBA white = { 1, 1, 1, 1 };
          int lw, lh;

          pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
          pango_font_description_set_absolute_size (font, size * 0.38 * PANGO_SCALE);
          pango_layout_set_font_description (layout, font);
          pango_font_description_free (font);
          pango_layout_get_pixel_size (layout, &lw, &lh);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (bounds.origin.x + (size - lw) / 2,
                                                        bounds.origin.y + (size - lh) / 2));
          gtk_snapshot_append_layout (snapshot, layout, &white);
          gtk_snapshot_restore (snapshot);
        }
    }

  gtk_snapshot_pop (snapshot);
}

static void
wm_avatar_image_finalize (GObject *object)
{
  WmAvatarImage *self = WM_AVATAR_IMAGE (object);

  g_clear_pointer (&self->initials, g_free);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (wm_avatar_image_parent_class)->finalize (object);
}

static void
wm_avatar_image_class_init (WmAvatarImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wm_avatar_image_finalize;
  widget_class->measure = wm_avatar_image_measure;
  widget_class->snapshot = wm_avatar_image_snapshot;

  gtk_widget_class_set_css_name (widget_class, "wm-avatar-image");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
wm_avatar_image_init (WmAvatarImage *self)
{
  self->size = 32;
  gdk_rgba_parse (&self->color, "#3584e4");
}

/* Public API */

GtkWidget *
wm_avatar_image_new (int size)
{
  WmAvatarImage *self = g_object_new (WM_TYPE_AVATAR_IMAGE, NULL);

  self->size = size;

  return GTK_WIDGET (self);
}

void
wm_avatar_image_set_size (WmAvatarImage *self,
                            int              size)
{
  g_return_if_fail (WM_IS_AVATAR_IMAGE (self));

  if (self->size == size)
    return;
  self->size = size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
wm_avatar_image_set_name (WmAvatarImage *self,
                            const char      *name)
{
  g_autofree char *initials = NULL;

  g_return_if_fail (WM_IS_AVATAR_IMAGE (self));

  initials = name ? wm_avatar_initials (name) : NULL;
  if (name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
  if (g_strcmp0 (initials, self->initials) == 0)
    return;
  g_free (self->initials);
  self->initials = g_steal_pointer (&initials);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_avatar_image_set_color (WmAvatarImage *self,
                             const char      *color)
{
  GdkRGBA rgba;

  g_return_if_fail (WM_IS_AVATAR_IMAGE (self));

  if (color == NULL || !gdk_rgba_parse (&rgba, color) || gdk_rgba_equal (&rgba, &self->color))
    return;
  self->color = rgba;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
wm_avatar_image_set_image (WmAvatarImage *self,
                             GBytes          *image)
{
  g_return_if_fail (WM_IS_AVATAR_IMAGE (self));

  if (image != NULL && g_bytes_get_size (image) == 0)
    image = NULL;
  if (self->image == image || (self->image && image && g_bytes_equal (self->image, image)))
    return;

  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_object (&self->texture);
  if (image != NULL)
    {
      self->image = g_bytes_ref (image);
      if (g_bytes_get_size (image) <= MAX_DISPLAY_BYTES)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GdkPixbuf) pixbuf = wm_avatar_decode (image, &error);

          if (pixbuf != NULL)
            self->texture = gdk_texture_new_for_pixbuf (pixbuf);
          else
            g_debug ("Avatar not shown: %s", error->message);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
wm_avatar_image_has_image (WmAvatarImage *self)
{
  g_return_val_if_fail (WM_IS_AVATAR_IMAGE (self), FALSE);

  return self->texture != NULL;
}
