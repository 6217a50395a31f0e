/* wm-avatar.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define WM_AVATAR_ERROR (wm_avatar_error_quark ())

typedef enum
{
  WM_AVATAR_ERROR_UNSUPPORTED, /* not a PNG or JPEG image */
  WM_AVATAR_ERROR_TOO_LARGE,   /* more pixels or bytes than an avatar may come from */
  WM_AVATAR_ERROR_BROKEN,      /* a PNG or JPEG that cannot be decoded (truncated, corrupt) */
} WmAvatarError;

/* What a stored avatar is at most: its longer side and its encoded size. */
#define WM_AVATAR_MAX_SIDE   512
#define WM_AVATAR_MAX_BYTES  (200 * 1024)

/* What an imported image may be at most. Checked from the image's header
 * before any pixel is decoded, so a decompression bomb costs nothing. */
#define WM_AVATAR_MAX_SOURCE_SIDE    12000
#define WM_AVATAR_MAX_SOURCE_PIXELS  (48 * 1000 * 1000)
#define WM_AVATAR_MAX_SOURCE_BYTES   (40 * 1024 * 1024)

GQuark           wm_avatar_error_quark       (void);

/* Turns the bytes of a PNG or JPEG image into a stored avatar: decoded at
 * most WM_AVATAR_MAX_SIDE pixels wide and high, turned upright, re-encoded as
 * PNG (when it has transparency) or JPEG, at most WM_AVATAR_MAX_BYTES. Any
 * other input gives a translated WM_AVATAR_ERROR. */
GBytes          *wm_avatar_import_bytes      (GBytes              *data,
                                              GError             **error);
/* The same for a file (any GFile, e.g. one the file chooser portal gave). */
GBytes          *wm_avatar_import_file       (GFile               *file,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* wm_avatar_import_file() in a worker thread. */
void             wm_avatar_import_file_async (GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes          *wm_avatar_import_file_finish (GAsyncResult       *result,
                                               GError            **error);

/* Decodes a stored avatar for display, with the same limits as an import
 * (a project file may come from anyone). */
GdkPixbuf       *wm_avatar_decode            (GBytes              *avatar,
                                              GError             **error);
/* A Cairo image surface (premultiplied ARGB32) with @pixbuf's pixels. */
cairo_surface_t *wm_avatar_pixbuf_to_surface (GdkPixbuf           *pixbuf);

/* Up to two initials of @name, upper case ("Maria Schmidt" → "MS"); "" for an empty name. */
char            *wm_avatar_initials          (const char          *name);

G_END_DECLS
