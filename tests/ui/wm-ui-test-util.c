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
wm_ui_test_add (const char  *path,
                void       (*func) (WmUiTestFixture *fixture,
                                    gconstpointer    data))
{
  g_test_add (path, WmUiTestFixture, NULL, wm_ui_test_fixture_set_up, func,
              wm_ui_test_fixture_tear_down);
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

void
wm_ui_test_wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  wm_ui_test_iterate ();
}

/* Searching the widget tree: one walk, with what to look for as a test. */

typedef gboolean (*Match) (GtkWidget    *widget,
                           gconstpointer a,
                           gconstpointer b);

static GtkWidget *
find_first (GtkWidget     *widget,
            Match          match,
            gconstpointer  a,
            gconstpointer  b)
{
  if (match (widget, a, b))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, match, a, b);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text,
          gconstpointer  mapped_only)
{
  return GTK_IS_LABEL (widget) && (!mapped_only || gtk_widget_get_mapped (widget)) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text,
                     gconstpointer  unused)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  type,
          gconstpointer  name)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type) &&
         (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0);
}

static gboolean
is_styled (GtkWidget     *widget,
           gconstpointer  type,
           gconstpointer  css_class)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type) &&
         gtk_widget_has_css_class (widget, css_class);
}

static gboolean
is_row (GtkWidget     *widget,
        gconstpointer  type,
        gconstpointer  title)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_tooltipped (GtkWidget     *widget,
               gconstpointer  type,
               gconstpointer  tooltip)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) type) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_button (GtkWidget     *widget,
           gconstpointer  label,
           gconstpointer  unused)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

gboolean
wm_ui_test_find_label (GtkWidget  *widget,
                       const char *text)
{
  return find_first (widget, is_label, text, GINT_TO_POINTER (TRUE)) != NULL;
}

gboolean
wm_ui_test_has_label (GtkWidget  *widget,
                      const char *text)
{
  return find_first (widget, is_label, text, NULL) != NULL;
}

GtkWidget *
wm_ui_test_find_label_containing (GtkWidget  *widget,
                                  const char *text)
{
  return find_first (widget, is_label_containing, text, NULL);
}

GtkWidget *
wm_ui_test_find_type (GtkWidget *widget,
                      GType      type)
{
  return find_first (widget, is_named, &type, NULL);
}

GtkWidget *
wm_ui_test_find_named (GtkWidget  *widget,
                       GType       type,
                       const char *name)
{
  return find_first (widget, is_named, &type, name);
}

GtkWidget *
wm_ui_test_find_styled (GtkWidget  *widget,
                        GType       type,
                        const char *css_class)
{
  return find_first (widget, is_styled, &type, css_class);
}

GtkWidget *
wm_ui_test_find_row (GtkWidget  *widget,
                     GType       type,
                     const char *title)
{
  g_assert_true (g_type_is_a (type, ADW_TYPE_PREFERENCES_ROW));

  return find_first (widget, is_row, &type, title);
}

GtkWidget *
wm_ui_test_find_tooltip (GtkWidget  *widget,
                         GType       type,
                         const char *tooltip)
{
  return find_first (widget, is_tooltipped, &type, tooltip);
}

GtkWidget *
wm_ui_test_find_button (GtkWidget  *widget,
                        const char *label)
{
  return find_first (widget, is_button, label, NULL);
}

static void
collect (GtkWidget *widget,
         GType      type,
         gboolean   mapped_only,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (!mapped_only || gtk_widget_get_mapped (widget)))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, mapped_only, found);
}

GPtrArray *
wm_ui_test_find_all (GtkWidget *widget,
                     GType      type,
                     gboolean   mapped_only)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (widget, type, mapped_only, found);

  return found;
}

GtkWindow *
wm_ui_test_find_toplevel (GType    type,
                          gboolean visible_only)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          (!visible_only || gtk_widget_get_visible (GTK_WIDGET (toplevel))))
        return GTK_WINDOW (toplevel);
    }

  return NULL;
}

void
wm_ui_test_activate (GtkWidget  *widget,
                     const char *action,
                     const char *string_parameter)
{
  gboolean done;

  if (string_parameter != NULL)
    done = gtk_widget_activate_action (widget, action, "s", string_parameter);
  else
    done = gtk_widget_activate_action (widget, action, NULL);
  g_assert_true (done);
  wm_ui_test_iterate ();
}

/* Runs the first of @widget's shortcuts in @phase that @trigger matches. */
static gboolean
run_shortcut_of (GtkWidget          *widget,
                 GtkPropagationPhase  phase,
                 GtkShortcutTrigger  *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }

  return FALSE;
}

gboolean
wm_ui_test_press_shortcut (GtkWidget       *focus,
                           guint            keyval,
                           GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, modifiers);
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  gboolean done = FALSE;

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (chain, w);
  for (guint i = chain->len; i > 0 && !done; i--)
    done = run_shortcut_of (g_ptr_array_index (chain, i - 1), GTK_PHASE_CAPTURE, trigger);
  if (!done && GTK_IS_TEXT_VIEW (focus) &&
      (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter))
    return FALSE;
  for (guint i = 0; i < chain->len && !done; i++)
    done = run_shortcut_of (g_ptr_array_index (chain, i), GTK_PHASE_BUBBLE, trigger);
  wm_ui_test_iterate ();

  return done;
}

guint32 *
wm_ui_test_render_pixels (GtkWidget *widget,
                          int       *width,
                          int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint32 *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  g_assert_cmpint (*width, >, 0);
  g_assert_cmpint (*height, >, 0);
  pixels = g_new0 (guint32, (gsize) *width * *height);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return pixels;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  /* Downloaded as Cairo keeps it: one native-endian 0xAARRGGBB per pixel. */
  gdk_texture_download (texture, (guchar *) pixels, (gsize) *width * 4);

  return pixels;
}

gint64
wm_ui_test_insert (WmStore  *store,
                   WmRecord *draft)
{
  g_autoptr(WmRecord) owned = draft;
  g_autoptr(GError) error = NULL;
  gint64 id = wm_store_insert (store, owned, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

WmRecord *
wm_ui_test_named (WmEntity    entity,
                  WmColumnId  parent_column,
                  gint64      parent_id,
                  WmColumnId  name_column,
                  const char *name)
{
  WmRecord *record = wm_record_new (entity);

  if (parent_column != WM_COLUMN_NONE)
    wm_record_set_ref (record, parent_column, parent_id);
  wm_record_set_string (record, name_column, name);

  return record;
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

gboolean
wm_ui_test_press_key_capture (GtkWidget       *widget,
                              guint            keyval,
                              GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller)
          || gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, modifiers, &handled);
      if (handled)
        return TRUE;
    }

  return FALSE;
}
