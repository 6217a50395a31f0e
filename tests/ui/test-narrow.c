/* test-narrow.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "wm-demo.h"
#include "wm-trust.h"
#include "wm-test-util.h"
#include "wm-ui-test-util.h"
#include "wm-window.h"

/* Waymark on a phone-sized screen: with the demo open, the window can be
 * made 360 px wide on every page, since a window is as wide as its widest
 * page needs. */

static void
test_narrow (void)
{
  static const char *const pages[] = { "journeys", "personas", "kpis", "voice" };
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "Demo.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  WmWindow *window = wm_window_new (NULL);
  AdwViewStack *stack;

  store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  /* As a colleague's copy opens: the KPI page asks to trust its servers,
   * in a banner that must fit too. */
  g_assert_true (wm_trust_set_trusted (store, FALSE, &error));
  g_assert_no_error (error);
  wm_window_set_store (window, store, file);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_iterate ();

  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), WM_TYPE_WINDOW,
                                                         "view_stack"));
  /* The header has no room for the page switcher: the bar at the bottom
   * shows the pages instead (it gets them only when first needed). */
  {
    AdwViewSwitcherBar *bar =
      ADW_VIEW_SWITCHER_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), WM_TYPE_WINDOW,
                                                            "switcher_bar"));

    g_assert_true (adw_view_switcher_bar_get_reveal (bar));
    g_assert_true (adw_view_switcher_bar_get_stack (bar) == stack);
    g_assert_true (wm_ui_test_find_label (GTK_WIDGET (bar), "_Personas"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum = 0;

      adw_view_stack_set_visible_child_name (stack, pages[i]);
      wm_ui_test_iterate ();
      if (g_str_equal (pages[i], "kpis"))
        g_assert_true (wm_ui_test_find_label_containing (GTK_WIDGET (window), "Feeds are paused"));
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                          NULL, NULL);
      g_test_message ("%s: the window needs at least %d px", pages[i], minimum);
      g_assert_cmpint (minimum, <=, 360);
    }

  /* Ctrl+F on a page with a list: its search, shown and focused. */
  adw_view_stack_set_visible_child_name (stack, "personas");
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  wm_ui_test_iterate ();
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    GtkWidget *page = adw_view_stack_get_visible_child (stack);

    g_assert_nonnull (focus);
    g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
    g_assert_true (gtk_widget_is_ancestor (focus, page));
    g_assert_true (gtk_widget_is_drawable (focus));
  }

  /* Narrowed and widened again while shown: what the header's width
   * decides changes after the layout, not inside it (GTK warns about a
   * header part snapshotted without an allocation otherwise, which fails
   * this test). */
  adw_view_stack_set_visible_child_name (stack, "journeys");
  for (guint i = 0; i < 3; i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 640);
      wm_ui_test_wait_ms (100);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                            WM_TYPE_WINDOW,
                                                                            "file_label"))));
      gtk_window_set_default_size (GTK_WINDOW (window), 600, 640);
      wm_ui_test_wait_ms (100);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                             WM_TYPE_WINDOW,
                                                                             "file_label"))));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  g_test_add_func ("/waymark/ui/narrow", test_narrow);

  return g_test_run ();
}
