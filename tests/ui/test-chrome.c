/* test-chrome.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "wm-application.h"
#include "wm-journey-canvas.h"
#include "wm-journeys-view.h"
#include "wm-test-util.h"
#include "wm-test-vfs.h"
#include "wm-ui-test-util.h"
#include "wm-window.h"

/* The application's chrome, as a GNOME user meets it: shortcuts that are
 * listed with their real keys and work, one window per file, the file's
 * name in the header, pages reachable from the keyboard. */

/* The map's own keys are the canvas's, tested with it (test-journey-map.c):
 * their titles are gathered in @skip, from their group and from the search
 * page's copies alike. */
static void
collect_shortcuts (GtkWidget  *widget,
                   GPtrArray  *shortcuts,
                   GHashTable *skip,
                   gboolean    in_map_group)
{
  if (GTK_IS_SHORTCUTS_GROUP (widget))
    {
      g_autofree char *title = NULL;

      g_object_get (widget, "title", &title, NULL);
      /* Keys of a map or persona item, not the application's. */
      in_map_group = g_strcmp0 (title, "Journey map") == 0 || g_strcmp0 (title, "Persona") == 0;
    }
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      char *title = NULL;

      g_object_get (widget, "title", &title, NULL);
      if (in_map_group)
        g_hash_table_add (skip, title);
      else
        g_free (title);
      g_ptr_array_add (shortcuts, widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, shortcuts, skip, in_map_group);
}

static guint
count_project_windows (GtkApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    {
      if (WM_IS_WINDOW (l->data) && wm_window_get_store (l->data) != NULL)
        n++;
    }

  return n;
}

static void
test_chrome (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WmApplication) app = wm_application_new ();
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr(GHashTable) map_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GtkShortcutsWindow *overlay;
  gint64 journey, touchpoint;
  WmWindow *window;
  AdwViewStack *stack;

  /* Unique applications would talk to a running Waymark. */
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  store = wm_test_create_store (dir, "Chrome.waymark", &path);
  wm_test_build_journey (store, "Other", 2, 1);
  journey = wm_test_build_journey (store, "Support", 3, 1);
  {
    g_autoptr(GPtrArray) touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT,
                                                      WM_TOUCHPOINT_JOURNEY_ID, journey, &error);

    g_assert_no_error (error);
    touchpoint = wm_record_get_id (g_ptr_array_index (touchpoints, 2));
  }
  g_clear_object (&store);
  file = g_file_new_for_path (path);

  /* Opening the same file twice shows its one window. */
  wm_application_open_file (app, file);
  wm_ui_test_iterate ();
  wm_application_open_file (app, file);
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_project_windows (GTK_APPLICATION (app)), ==, 1);
  window = WM_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (wm_window_shows_file (window, file));

  /* The file's name is in the header. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (window), "Chrome.waymark"));
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (window)), "Chrome.waymark"));

  /* Wide, the pages are switched in the header: the bar at the bottom that
   * a narrow window shows them in is not made. */
  g_assert_null (adw_view_switcher_bar_get_stack (
                   ADW_VIEW_SWITCHER_BAR (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                         WM_TYPE_WINDOW,
                                                                         "switcher_bar"))));

  /* The main menu's rows are made when it first opens, not for the first
   * frame; opened again, it is the same menu. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                           WM_TYPE_WINDOW,
                                                                           "project_menu_button"));
    GObject *model = gtk_widget_get_template_child (GTK_WIDGET (window), WM_TYPE_WINDOW,
                                                    "primary_menu");
    GtkWidget *popover;
    GtkWidget *row;

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
    g_assert_null (gtk_menu_button_get_popover (button));
    gtk_menu_button_popup (button);
    wm_ui_test_iterate ();
    popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
    g_assert_true (GTK_IS_POPOVER_MENU (popover));
    g_assert_true (G_OBJECT (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover))) ==
                   model);
    g_assert_true (gtk_widget_get_visible (popover));
    row = wm_ui_test_find_label_containing (popover, "Preferences");
    g_assert_nonnull (row);
    g_assert_true (gtk_widget_get_mapped (row));
    gtk_menu_button_popdown (button);
    wm_ui_test_iterate ();
    g_assert_false (gtk_widget_get_visible (popover));
    gtk_menu_button_popup (button);
    wm_ui_test_iterate ();
    g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (button)) == popover);
    g_assert_true (gtk_widget_get_visible (popover));
    gtk_menu_button_popdown (button);
    wm_ui_test_iterate ();
  }

  /* The shortcuts window is built when first asked for (Ctrl+?'s action),
   * not with every window; it is then the window's help overlay, on show. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  /* Shown with warnings fatal: libadwaita 1.2's margins measured the page
   * numbers of a shortcuts window of several pages ("_1", "_2") a few pixels
   * below zero, and GTK 4.8 warned each time (see style.css). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  wm_ui_test_iterate ();
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  /* Closed, it is kept for the next time. */
  gtk_window_close (GTK_WINDOW (overlay));
  wm_ui_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  wm_ui_test_iterate ();
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) ==
                 overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
  wm_ui_test_iterate ();

  /* Every shortcut listed has keys bound, and its action exists. */
  collect_shortcuts (GTK_WIDGET (overlay), shortcuts, map_keys, FALSE);
  g_assert_cmpuint (g_hash_table_size (map_keys), >=, 10);
  g_assert_cmpuint (shortcuts->len, >=, 10);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      g_autofree char *title = NULL;

      g_object_get (shortcuts->pdata[i], "action-name", &action, "accelerator", &accelerator,
                    "title", &title, NULL);
      if (g_hash_table_contains (map_keys, title))
        continue;
      if (action == NULL)
        {
          /* Keys written out must be bound to an action (F10 is GTK's own). */
          g_auto(GStrv) actions = NULL;

          g_assert_nonnull (accelerator);
          if (g_str_equal (accelerator, "F10"))
            continue;
          actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accelerator);
          if (actions == NULL || actions[0] == NULL)
            g_error ("The shortcuts window lists %s, which does nothing", accelerator);
          continue;
        }
      accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);
      if (accels == NULL || accels[0] == NULL)
        g_error ("The shortcuts window lists %s without keys", action);
    }
  {
    g_auto(GStrv) close = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "window.close");
    g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "app.quit");

    g_assert_cmpstr (close[0], ==, "<Control>w");
    g_assert_cmpstr (quit[0], ==, "<Control>q");
  }

  /* Pages by the keyboard's action. */
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), WM_TYPE_WINDOW,
                                                         "view_stack"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "personas"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "personas");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "voice"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "voice");

  /* A finding in the brand-voice report jumps to its touchpoint on its map. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-touchpoint", "x",
                                             touchpoint));
  wm_ui_test_iterate ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "journeys");
  {
    WmJourneysView *journeys = WM_JOURNEYS_VIEW (adw_view_stack_get_child_by_name (stack,
                                                                                 "journeys"));

    g_assert_cmpint (wm_journeys_view_get_selected_id (journeys), ==, journey);
    g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (
                       wm_journeys_view_get_canvas (journeys)), ==, touchpoint);
  }

  /* Preferences: the appearance follows the setting at once. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    AdwStyleManager *style = adw_style_manager_get_default ();
    GtkWindow *preferences = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    wm_ui_test_iterate ();
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_PREFERENCES_WINDOW (toplevel))
          preferences = toplevel;
      }
    g_assert_nonnull (preferences);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.color-scheme",
                                               "s", "dark"));
    g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "dark");
    g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
    g_assert_true (adw_style_manager_get_dark (style));
    g_settings_reset (settings, "color-scheme");
    g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
    gtk_window_destroy (preferences);
    wm_ui_test_iterate ();
  }

  /* Ctrl+W's action closes the window. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  wm_ui_test_iterate ();
  g_assert_null (window);
  g_assert_cmpuint (count_project_windows (GTK_APPLICATION (app)), ==, 0);

  g_application_quit (G_APPLICATION (app));
  wm_test_remove_dir (dir);
}

/* The window writes edits to the disk on a thread; when the disk refuses
 * one, the edit is taken back and the window says so until it is seen. */
static void
test_save_failed (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(GError) error = NULL;
  WmWindow *window;
  gint64 id;

  store = wm_test_create_store (dir, "Disk.waymark", &path);
  id = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Before");
  g_clear_object (&store);

  window = wm_ui_test_open_window (path, 0, 0);
  g_assert_null (wm_ui_test_find_label_containing (GTK_WIDGET (window), "could not be saved"));

  store = g_object_ref (wm_window_get_store (window));
  wm_test_vfs_open_gate (TRUE);
  g_assert_true (wm_store_set_string (store, id, WM_JOURNEY_NAME, "Lost", &error));
  g_assert_no_error (error);
  wm_store_wait_saved (store);
  wm_test_vfs_open_gate (FALSE);
  wm_ui_test_iterate ();

  g_assert_nonnull (wm_ui_test_find_label_containing (GTK_WIDGET (window), "could not be saved"));
  journey = wm_store_get (store, WM_ENTITY_JOURNEY, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_string (journey, WM_JOURNEY_NAME), ==, "Before");

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
  /* Below the store's own VFS, before any file is opened. */
  wm_test_vfs_install ();

  g_test_add_func ("/waymark/ui/chrome", test_chrome);
  g_test_add_func ("/waymark/ui/save-failed", test_save_failed);

  return g_test_run ();
}
