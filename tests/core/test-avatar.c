/* test-avatar.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wm-avatar.h"
#include "wm-test-util.h"

/* Avatar import: what a person may pick in the file chooser, from a good
 * photo to a decompression bomb, and what ends up in the project. */

static GdkPixbuf *
make_image (int      width,
            int      height,
            gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  GRand *rand = g_rand_new_with_seed (42);

  /* A gradient with noise: hard to compress, like a photo's grain. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + x * channels;

        p[0] = (x * 255 / width + g_rand_int_range (rand, 0, 60)) & 0xff;
        p[1] = (y * 255 / height + g_rand_int_range (rand, 0, 60)) & 0xff;
        p[2] = g_rand_int_range (rand, 0, 256);
        if (alpha)
          p[3] = x < width / 2 ? 0x80 : 0xff;
      }
  g_rand_free (rand);

  return pixbuf;
}

static GBytes *
save_image (GdkPixbuf  *pixbuf,
            const char *type)
{
  char *buffer = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL));
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

static void
assert_stored_avatar (GBytes     *avatar,
                      const char *mime_type)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbufFormat *format;
  g_auto(GStrv) mime_types = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  g_assert_nonnull (avatar);
  g_assert_cmpuint (g_bytes_get_size (avatar), <=, WM_AVATAR_MAX_BYTES);

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, avatar, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)), <=,
                   WM_AVATAR_MAX_SIDE);

  format = gdk_pixbuf_loader_get_format (loader);
  mime_types = gdk_pixbuf_format_get_mime_types (format);
  g_assert_true (g_strv_contains ((const char *const *) mime_types, mime_type));
}

static void
test_good_png_scaled (void)
{
  g_autoptr(GdkPixbuf) image = make_image (2000, 1500, FALSE);
  g_autoptr(GBytes) png = save_image (image, "png");
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GError) error = NULL;

  /* The source is several megabytes; the avatar is capped. */
  g_assert_cmpuint (g_bytes_get_size (png), >, 1024 * 1024);

  avatar = wm_avatar_import_bytes (png, &error);
  g_assert_no_error (error);
  /* Opaque: stored as JPEG, the smaller of the two for photos. */
  assert_stored_avatar (avatar, "image/jpeg");

  decoded = wm_avatar_decode (avatar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, 512);
  g_assert_cmpint (gdk_pixbuf_get_height (decoded), ==, 384);
}

static void
test_transparent_png_stays_png (void)
{
  g_autoptr(GdkPixbuf) image = make_image (800, 800, TRUE);
  g_autoptr(GBytes) png = save_image (image, "png");
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  avatar = wm_avatar_import_bytes (png, &error);
  g_assert_no_error (error);
  /* Pure noise with alpha does not fit 200 kB at 512 px: it is made smaller. */
  assert_stored_avatar (avatar, "image/png");
}

static void
test_small_jpeg_kept_small (void)
{
  g_autoptr(GdkPixbuf) image = make_image (120, 90, FALSE);
  g_autoptr(GBytes) jpeg = save_image (image, "jpeg");
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GError) error = NULL;

  avatar = wm_avatar_import_bytes (jpeg, &error);
  g_assert_no_error (error);
  assert_stored_avatar (avatar, "image/jpeg");

  /* Never scaled up. */
  decoded = wm_avatar_decode (avatar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, 120);
  g_assert_cmpint (gdk_pixbuf_get_height (decoded), ==, 90);
}

static void
test_bomb_refused (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures",
                                                 "bomb-20000x20000.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  /* Decoding it would take 1.6 GB; the header alone is enough to refuse it. */
  avatar = wm_avatar_import_file (file, NULL, &error);
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_TOO_LARGE);
  g_assert_null (avatar);
  g_assert_nonnull (strstr (error->message, "20000 × 20000"));
}

static void
test_truncated_jpeg_refused (void)
{
  g_autoptr(GdkPixbuf) image = make_image (640, 480, FALSE);
  g_autoptr(GBytes) jpeg = save_image (image, "jpeg");
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  avatar = wm_avatar_import_bytes (half, &error);
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_BROKEN);
  g_assert_null (avatar);
}

static void
test_truncated_png_refused (void)
{
  g_autoptr(GdkPixbuf) image = make_image (640, 480, FALSE);
  g_autoptr(GBytes) png = save_image (image, "png");
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2);
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  avatar = wm_avatar_import_bytes (half, &error);
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_BROKEN);
  g_assert_null (avatar);
}

static void
test_text_named_png_refused (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "portrait.png", NULL);
  const char text[] = "This is not a picture, whatever its name says.\n";
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  wm_test_write_file (path, text, sizeof text - 1);
  file = g_file_new_for_path (path);
  avatar = wm_avatar_import_file (file, NULL, &error);
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED);
  g_assert_null (avatar);

  wm_test_remove_dir (dir);
}

static void
test_other_formats_refused (void)
{
  /* A GIF and an SVG are images, but not ones avatars come from: no other
   * gdk-pixbuf loader (nor librsvg) ever sees the bytes. */
  static const char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
  static const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>";
  g_autoptr(GBytes) gif_bytes = g_bytes_new_static (gif, sizeof gif - 1);
  g_autoptr(GBytes) svg_bytes = g_bytes_new_static (svg, sizeof svg - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  g_assert_null (wm_avatar_import_bytes (gif_bytes, &error));
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (wm_avatar_import_bytes (svg_bytes, &error));
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (wm_avatar_import_bytes (empty, &error));
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_UNSUPPORTED);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_import_async (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr(GdkPixbuf) image = make_image (900, 1200, FALSE);
  g_autoptr(GBytes) jpeg = save_image (image, "jpeg");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GError) error = NULL;

  wm_test_write_file (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  file = g_file_new_for_path (path);
  wm_avatar_import_file_async (file, NULL, import_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  avatar = wm_avatar_import_file_finish (result, &error);
  g_assert_no_error (error);
  assert_stored_avatar (avatar, "image/jpeg");

  wm_test_remove_dir (dir);
}

static void
test_decode_refuses_bad_blob (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures",
                                                 "bomb-20000x20000.png", NULL);
  g_autoptr(GBytes) bomb = wm_test_read_file (path);
  g_autoptr(GError) error = NULL;

  /* A tampered project may carry a bomb in its avatar column. */
  g_assert_null (wm_avatar_decode (bomb, &error));
  g_assert_error (error, WM_AVATAR_ERROR, WM_AVATAR_ERROR_TOO_LARGE);
}

static void
test_pixbuf_to_surface (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 2, 1);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  cairo_surface_t *surface;
  guint32 *data;

  /* Opaque red, then half-transparent white. */
  memcpy (pixels, "\xff\x00\x00\xff\xff\xff\xff\x80", 8);
  surface = wm_avatar_pixbuf_to_surface (pixbuf);
  data = (guint32 *) (gpointer) cairo_image_surface_get_data (surface);
  g_assert_cmphex (data[0], ==, 0xffff0000);
  g_assert_cmphex (data[1], ==, 0x80808080);
  cairo_surface_destroy (surface);
}

static void
test_initials (void)
{
  static const struct { const char *name, *initials; } cases[] = {
    { "Maria Schmidt", "MS" },
    { "  anna  ", "A" },
    { "Jean-Luc de la Cruz", "JC" },
    { "Élodie Ørsted", "ÉØ" },
    { "", "" },
    { "“Quoted” Name", "N" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *initials = wm_avatar_initials (cases[i].name);

      g_assert_cmpstr (initials, ==, cases[i].initials);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/avatar/good-png-scaled", test_good_png_scaled);
  g_test_add_func ("/waymark/avatar/transparent-png", test_transparent_png_stays_png);
  g_test_add_func ("/waymark/avatar/small-jpeg", test_small_jpeg_kept_small);
  g_test_add_func ("/waymark/avatar/bomb", test_bomb_refused);
  g_test_add_func ("/waymark/avatar/truncated-jpeg", test_truncated_jpeg_refused);
  g_test_add_func ("/waymark/avatar/truncated-png", test_truncated_png_refused);
  g_test_add_func ("/waymark/avatar/text-named-png", test_text_named_png_refused);
  g_test_add_func ("/waymark/avatar/other-formats", test_other_formats_refused);
  g_test_add_func ("/waymark/avatar/async", test_import_async);
  g_test_add_func ("/waymark/avatar/decode-bad-blob", test_decode_refuses_bad_blob);
  g_test_add_func ("/waymark/avatar/to-surface", test_pixbuf_to_surface);
  g_test_add_func ("/waymark/avatar/initials", test_initials);

  return g_test_run ();
}
