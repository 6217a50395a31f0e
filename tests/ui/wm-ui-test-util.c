/* wm-ui-test-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "wm-test-util.h"
#include "wm-ui-test-util.h"

void
wm_ui_test_init (int    *argc,
                 char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the UI tests\n");
      exit (77);
    }

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
}

void
wm_ui_test_fixture_set_up (WmUiTestFixture *fixture,
                           gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("waymark-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "Project.waymark", NULL);
}

void
wm_ui_test_fixture_tear_down (WmUiTestFixture *fixture,
                              gconstpointer    data)
{
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

void
wm_ui_test_iterate (void)
{
  for (guint i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

gboolean
wm_ui_test_find_label (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (wm_ui_test_find_label (child, text))
        return TRUE;
    }

  return FALSE;
}

GtkWidget *
wm_ui_test_find_type (GtkWidget *widget,
                      GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        return child;
      if ((found = wm_ui_test_find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
wm_ui_test_find_label_containing (GtkWidget  *widget,
                                  const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = wm_ui_test_find_label_containing (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
wm_ui_test_find_row (GtkWidget  *widget,
                     const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = wm_ui_test_find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

WmWindow *
wm_ui_test_open_window (const char *path,
                        int         width,
                        int         height)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WmWindow *window = wm_window_new (NULL);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, file, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();

  return window;
}

void
wm_ui_test_show_page (WmWindow   *window,
                      const char *name)
{
  GtkWidget *stack = wm_ui_test_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
  wm_ui_test_iterate ();
}

void
wm_ui_test_write_elsewhere (WmStore    *store,
                            const char *path,
                            const char *sql)
{
  sqlite3 *db = wm_test_open_raw (path, TRUE);

  wm_test_exec (db, sql);
  sqlite3_close (db);
  g_assert_true (wm_store_check_external_changes (store));
  wm_ui_test_iterate ();
}

void
wm_ui_test_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  const char *dir = g_getenv ("WAYMARK_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  paintable = gtk_widget_paintable_new (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
