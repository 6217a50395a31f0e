/* wm-avatar.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-avatar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "wm-avatar.h"

/* Persona avatars: pictures people pick from anywhere on their disk, kept
 * small inside a project file that is shared. Only PNG and JPEG are
 * accepted, recognised by their signature rather than the file name, and
 * decoded with the loader of exactly that format, so no other gdk-pixbuf
 * module ever sees the bytes. The dimensions are read from the header in the
 * loader's "size-prepared" signal and refused there, before the pixel
 * buffer is allocated. */

typedef enum
{
  FORMAT_NONE,
  FORMAT_PNG,
  FORMAT_JPEG,
} Format;

typedef struct
{
  int      max_side;     /* the longest side to decode to */
  gboolean too_large;
  int      width;        /* as the header says */
  int      height;
} Decode;

#define MAX_ENCODE_ATTEMPTS 12
#define WRITE_SLICE 4096

G_DEFINE_QUARK (wm-avatar-error-quark, wm_avatar_error)

/* Helpers */

static Format
sniff_format (const guint8 *data,
              gsize         size)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    return FORMAT_PNG;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return FORMAT_JPEG;

  return FORMAT_NONE;
}

/* A JPEG's data ends with the EOI marker and a PNG's with the IEND chunk.
 * The gdk-pixbuf loaders fill a truncated image with grey and only warn, if
 * that, so the check is ours. Trailing padding is common and allowed. */
static gboolean
is_complete (Format        format,
             const guint8 *data,
             gsize         size)
{
  const char *end = format == FORMAT_PNG ? "IEND" : "\xff\xd9";
  gsize end_len = strlen (end);

  for (gsize i = size; i >= end_len && size - i < 4096; i--)
    {
      if (memcmp (data + i - end_len, end, end_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Decode          *decode)
{
  double scale;

  decode->width = width;
  decode->height = height;

  if (width <= 0 || height <= 0
      || width > WM_AVATAR_MAX_SOURCE_SIDE || height > WM_AVATAR_MAX_SOURCE_SIDE
      || (gint64) width * height > WM_AVATAR_MAX_SOURCE_PIXELS)
    {
      /* A size of 0 × 0 makes every gdk-pixbuf loader stop with an error
       * before it allocates anything. */
      decode->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  scale = (double) decode->max_side / MAX (width, height);
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader,
                                MAX (1, (int) (width * scale + 0.5)),
                                MAX (1, (int) (height * scale + 0.5)));
}

static GdkPixbuf *
decode_bytes (GBytes  *data,
              int      max_side,
              GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  Decode decode = { max_side, FALSE, 0, 0 };
  const guint8 *bytes;
  gsize size;
  Format format;
  GdkPixbuf *pixbuf;
  gboolean ok;

  bytes = g_bytes_get_data (data, &size);
  if (size > WM_AVATAR_MAX_SOURCE_BYTES)
    {
      g_set_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_TOO_LARGE,
                   _("The image is too large: at most %d MB are accepted."),
                   WM_AVATAR_MAX_SOURCE_BYTES / (1024 * 1024));
      return NULL;
    }

  format = sniff_format (bytes, size);
  if (format == FORMAT_NONE)
    {
      g_set_error_literal (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED,
                           _("The file is not a PNG or JPEG image."));
      return NULL;
    }
  if (!is_complete (format, bytes, size))
    {
      g_set_error_literal (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_BROKEN,
                           _("The image is damaged or incomplete."));
      return NULL;
    }

  loader = gdk_pixbuf_loader_new_with_type (format == FORMAT_PNG ? "png" : "jpeg", &local_error);
  if (loader == NULL)
    {
      g_set_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED,
                   _("Images of this kind cannot be read here: %s"), local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &decode);

  /* In slices, so that a refused header stops the work at once: fed whole,
   * the loader would still inflate every byte of a bomb's pixel data. */
  ok = TRUE;
  for (gsize offset = 0; ok && !decode.too_large && offset < size; offset += WRITE_SLICE)
    ok = gdk_pixbuf_loader_write (loader, bytes + offset, MIN (WRITE_SLICE, size - offset),
                                  &local_error);
  /* Closing is needed even after a failed write, and its own error only
   * matters when the write went well. */
  if (!gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL))
    ok = FALSE;

  if (decode.too_large)
    {
      g_set_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_TOO_LARGE,
                   _("The image is too large (%d × %d pixels): at most %d × %d pixels "
                     "are accepted."),
                   decode.width, decode.height,
                   WM_AVATAR_MAX_SOURCE_SIDE, WM_AVATAR_MAX_SOURCE_SIDE);
      return NULL;
    }

  pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      g_debug ("Avatar decoding failed: %s",
               local_error ? local_error->message : "no image");
      g_set_error_literal (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_BROKEN,
                           _("The image is damaged or incomplete."));
      return NULL;
    }

  /* Photos from cameras are often stored sideways with an EXIF note. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  const guint8 *pixels;
  int width, height, stride;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++)
        {
          if (row[x * 4 + 3] != 0xff)
            return TRUE;
        }
    }

  return FALSE;
}

static GBytes *
encode (GdkPixbuf *pixbuf,
        gboolean   png,
        int        quality,
        GError   **error)
{
  g_autofree char *quality_text = g_strdup_printf ("%d", quality);
  char *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  if (png)
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", error,
                                    "compression", "9", NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error,
                                    "quality", quality_text, NULL);
  if (!ok)
    return NULL;

  return g_bytes_new_take (buffer, size);
}

/* Public API */

GBytes *
wm_avatar_import_bytes (GBytes  *data,
                        GError **error)
{
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) image = NULL;
  gboolean png;
  int quality = 90;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  decoded = decode_bytes (data, WM_AVATAR_MAX_SIDE, error);
  if (decoded == NULL)
    return NULL;

  png = has_transparency (decoded);
  if (png || !gdk_pixbuf_get_has_alpha (decoded))
    image = g_object_ref (decoded);
  else
    {
      /* Opaque pixels in an RGBA buffer: JPEG has no alpha channel. */
      image = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                              gdk_pixbuf_get_width (decoded), gdk_pixbuf_get_height (decoded));
      gdk_pixbuf_composite_color (decoded, image, 0, 0,
                                  gdk_pixbuf_get_width (decoded), gdk_pixbuf_get_height (decoded),
                                  0, 0, 1, 1, GDK_INTERP_NEAREST, 255, 0, 0, 16,
                                  0xffffffff, 0xffffffff);
    }

  /* Lower the JPEG quality a little, then the size, until it fits. */
  for (int attempt = 0; attempt < MAX_ENCODE_ATTEMPTS; attempt++)
    {
      g_autoptr(GBytes) encoded = NULL;
      g_autoptr(GError) local_error = NULL;
      int width, height;

      encoded = encode (image, png, quality, &local_error);
      if (encoded == NULL)
        {
          g_set_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_BROKEN,
                       _("The image could not be converted: %s"), local_error->message);
          return NULL;
        }
      if (g_bytes_get_size (encoded) <= WM_AVATAR_MAX_BYTES)
        return g_steal_pointer (&encoded);

      if (!png && quality > 70)
        {
          quality -= 10;
          continue;
        }

      width = MAX (1, gdk_pixbuf_get_width (image) * 4 / 5);
      height = MAX (1, gdk_pixbuf_get_height (image) * 4 / 5);
      g_set_object (&image, NULL);
      image = gdk_pixbuf_scale_simple (decoded, width, height, GDK_INTERP_HYPER);
      if (!png && gdk_pixbuf_get_has_alpha (image))
        {
          g_autoptr(GdkPixbuf) opaque = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                        width, height);

          gdk_pixbuf_composite_color (image, opaque, 0, 0, width, height, 0, 0, 1, 1,
                                      GDK_INTERP_NEAREST, 255, 0, 0, 16,
                                      0xffffffff, 0xffffffff);
          g_set_object (&image, opaque);
        }
    }

  g_set_error_literal (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_TOO_LARGE,
                       _("The image cannot be made small enough for an avatar."));
  return NULL;
}

GBytes *
wm_avatar_import_file (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) data = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  /* Refuse a huge file before reading it into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("The image cannot be read: %s"), local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED,
                           _("The file is not a PNG or JPEG image."));
      return NULL;
    }
  if (g_file_info_get_size (info) > WM_AVATAR_MAX_SOURCE_BYTES)
    {
      g_set_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_TOO_LARGE,
                   _("The image is too large: at most %d MB are accepted."),
                   WM_AVATAR_MAX_SOURCE_BYTES / (1024 * 1024));
      return NULL;
    }

  data = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (data == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("The image cannot be read: %s"), local_error->message);
      return NULL;
    }

  return wm_avatar_import_bytes (data, error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *avatar = wm_avatar_import_file (task_data, cancellable, &error);

  if (avatar == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, avatar, (GDestroyNotify) g_bytes_unref);
}

void
wm_avatar_import_file_async (GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wm_avatar_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

GBytes *
wm_avatar_import_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wm_avatar_import_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GdkPixbuf *
wm_avatar_decode (GBytes  *avatar,
                  GError **error)
{
  g_return_val_if_fail (avatar != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  return decode_bytes (avatar, WM_AVATAR_MAX_SIDE, error);
}

cairo_surface_t *
wm_avatar_pixbuf_to_surface (GdkPixbuf *pixbuf)
{
  cairo_surface_t *surface;
  const guint8 *src;
  guint8 *dst;
  int width, height, src_stride, dst_stride, channels;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  src = gdk_pixbuf_read_pixels (pixbuf);
  src_stride = gdk_pixbuf_get_rowstride (pixbuf);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *in = src + (gsize) y * src_stride;
      guint32 *out = (guint32 *) (gpointer) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < width; x++, in += channels)
        {
          guint alpha = channels == 4 ? in[3] : 0xff;
          guint r = (in[0] * alpha + 127) / 255;
          guint g = (in[1] * alpha + 127) / 255;
          guint b = (in[2] * alpha + 127) / 255;

          out[x] = (alpha << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

char *
wm_avatar_initials (const char *name)
{
  g_autoptr(GString) initials = g_string_new (NULL);
  gunichar first = 0, last = 0;
  gboolean in_word = FALSE;

  g_return_val_if_fail (name != NULL, NULL);

  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup ("");

  /* The first letter of the first and of the last word. */
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '-')
        in_word = FALSE;
      else if (!in_word)
        {
          in_word = TRUE;
          if (!g_unichar_isalnum (c))
            continue;
          if (first == 0)
            first = c;
          else
            last = c;
        }
    }

  if (first != 0)
    g_string_append_unichar (initials, g_unichar_toupper (first));
  if (last != 0)
    g_string_append_unichar (initials, g_unichar_toupper (last));

  return g_string_free (g_steal_pointer (&initials), FALSE);
}
