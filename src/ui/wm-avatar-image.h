/* wm-avatar-image.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WM_TYPE_AVATAR_IMAGE (wm_avatar_image_get_type ())

G_DECLARE_FINAL_TYPE (WmAvatarImage, wm_avatar_image, WM, AVATAR_IMAGE, GtkWidget)

/* A round picture of a persona: the avatar image when there is one, else
 * the initials of the name on the persona's colour. Without a name it is
 * a plain disc of the colour (the colour swatches use that). */
GtkWidget  *wm_avatar_image_new        (int              size);
void        wm_avatar_image_set_size   (WmAvatarImage *self,
                                          int              size);
void        wm_avatar_image_set_name   (WmAvatarImage *self,
                                          const char      *name);
/* "#rrggbb" or any CSS colour. */
void        wm_avatar_image_set_color  (WmAvatarImage *self,
                                          const char      *color);
/* The stored avatar bytes (PNG or JPEG); NULL or unreadable shows the initials. */
void        wm_avatar_image_set_image  (WmAvatarImage *self,
                                          GBytes          *image);
gboolean    wm_avatar_image_has_image  (WmAvatarImage *self);

G_END_DECLS
