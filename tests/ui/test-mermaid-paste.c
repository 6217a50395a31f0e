/* test-mermaid-paste.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>

#include "wm-journeys-view.h"
#include "wm-test-util.h"
#include "wm-ui-test-util.h"
#include "wm-window.h"

/* A CX manager copies a journey diagram out of a README and pastes it into
 * an empty project: a new journey with the diagram's stages and touchpoints.
 * Text that is not a journey diagram adds nothing. */

static const char readme[] =
  "# Onboarding\n"
  "\n"
  "How new customers get going today:\n"
  "\n"
  "```mermaid\n"
  "journey\n"
  "  title Open an account\n"
  "  section Discover\n"
  "    See an ad: 4: Ana\n"
  "    Read reviews: 3: Ana, Ben\n"
  "  section Sign up\n"
  "    Fill in the form: 2: Ana\n"
  "```\n"
  "\n"
  "Questions to the CX team.\n";

static guint
count (WmStore  *store,
       WmEntity  entity)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, WM_COLUMN_NONE, 0, NULL);

  return rows->len;
}

static void
paste (WmJourneysView *view,
       const char     *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), text);
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.paste-mermaid", NULL));
  wm_ui_test_iterate ();
}

static void
test_paste_mermaid (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WmStore) created = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GError) error = NULL;
  WmJourneysView *view;
  WmWindow *window;
  WmStore *store;

  created = wm_test_create_store (dir, "Empty.waymark", &path);
  g_clear_object (&created);

  window = wm_ui_test_open_window (path, 0, 0);
  store = wm_window_get_store (window);
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  g_assert_nonnull (view);
  g_assert_cmpuint (count (store, WM_ENTITY_JOURNEY), ==, 0);

  /* Not a journey diagram: an error on screen, nothing added. */
  paste (view, "graph TD\n  A --> B\n");
  g_assert_cmpuint (count (store, WM_ENTITY_JOURNEY), ==, 0);
  g_assert_nonnull (wm_ui_test_find_label_containing (GTK_WIDGET (window),
                                                      "Could not import the journey"));

  paste (view, readme);
  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journeys->len, ==, 1);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (journeys, 0), WM_JOURNEY_NAME), ==,
                   "Open an account");
  g_assert_cmpuint (count (store, WM_ENTITY_STAGE), ==, 2);
  g_assert_cmpuint (count (store, WM_ENTITY_TOUCHPOINT), ==, 3);
  g_assert_cmpuint (count (store, WM_ENTITY_PERSONA), ==, 2);

  /* One undo step takes the whole journey back. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (store, WM_ENTITY_JOURNEY), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  g_test_add_func ("/waymark/ui/paste-mermaid", test_paste_mermaid);

  return g_test_run ();
}
