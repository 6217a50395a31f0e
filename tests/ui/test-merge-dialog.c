/* test-merge-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <stdlib.h>

#include "wm-demo-private.h"
#include "wm-merge-dialog.h"
#include "wm-test-util.h"

/* Merge a colleague's copy in the window: the conflicts are listed, one
 * choice each, and the result opens in the window. */

static void
iterate (void)
{
  for (guint i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("WAYMARK_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0,
                                                                    gtk_widget_get_width (widget),
                                                                    gtk_widget_get_height (widget)));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
rename_stage (WmStore    *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (store, 1, WM_STAGE_NAME, name, &error));
  g_assert_no_error (error);
}

static void
test_merge_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *base_path = g_build_filename (dir, "base.waymark", NULL);
  g_autofree char *ours_path = g_build_filename (dir, "ours.waymark", NULL);
  g_autofree char *theirs_path = g_build_filename (dir, "theirs.waymark", NULL);
  g_autofree char *result_path = g_build_filename (dir, "ours (merged).waymark", NULL);
  g_autoptr(WmStore) base = wm_demo_create_for_language (base_path, "C", &error);
  g_autoptr(WmStore) theirs = NULL;
  g_autoptr(WmStore) ours = NULL;
  g_autoptr(GFile) ours_file = g_file_new_for_path (ours_path);
  g_autoptr(GFile) result = g_file_new_for_path (result_path);
  g_autoptr(GPtrArray) choices = g_ptr_array_new ();
  g_autoptr(WmRecord) stage = NULL;
  WmWindow *window;
  WmMergeDialog *dialog;
  WmMerge *merge;

  g_assert_no_error (error);
  g_assert_true (wm_store_save_copy (base, ours_path, &error));
  g_assert_true (wm_store_save_copy (base, theirs_path, &error));
  theirs = wm_store_open (theirs_path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  rename_stage (theirs, "Theirs");
  g_assert_true (wm_store_set_string (theirs, 1, WM_STAGE_DESCRIPTION, "Their words", &error));

  window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, ours_file, &error));
  g_assert_no_error (error);
  rename_stage (wm_window_get_store (window), "Mine");

  merge = wm_merge_new (base, wm_window_get_store (window), theirs, &error);
  g_assert_no_error (error);
  dialog = wm_merge_dialog_new (window, merge, result);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  save_screenshot (GTK_WIDGET (dialog), "merge-dialog");

  collect (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, choices);
  g_assert_cmpuint (choices->len, ==, 1);
  gtk_drop_down_set_selected (g_ptr_array_index (choices, 0), 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  iterate ();

  /* The result is open; the colleague's name won, both descriptions came. */
  g_assert_cmpstr (wm_store_get_path (wm_window_get_store (window)), ==, result_path);
  stage = wm_store_get (wm_window_get_store (window), WM_ENTITY_STAGE, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Theirs");
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_DESCRIPTION), ==, "Their words");
  /* Ours is as it was. */
  ours = wm_store_open (ours_path, WM_STORE_OPEN_READ_ONLY, &error);
  g_clear_object (&stage);
  stage = wm_store_get (ours, WM_ENTITY_STAGE, 1, &error);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Mine");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_object (&stage);
  g_clear_object (&ours);
  g_clear_object (&theirs);
  g_clear_object (&base);
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the UI tests\n");
      exit (77);
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/waymark/ui/merge-dialog", test_merge_dialog);

  return g_test_run ();
}
