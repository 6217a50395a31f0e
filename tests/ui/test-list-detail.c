/* test-list-detail.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "wm-list-detail.h"
#include "wm-record-list.h"
#include "wm-test-util.h"
#include "wm-ui-test-util.h"
#include "wm-ui-util.h"

/* The list/detail skeleton the four pages share: live rows, search, a
 * selection that survives reloads, the detail opening at its top, and the
 * narrow layout. */

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      /* The detail's scroller holds the clamp; the list's holds the list view. */
      if (GTK_IS_SCROLLED_WINDOW (child))
        {
          GtkWidget *inner = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child));

          if (GTK_IS_VIEWPORT (inner))
            inner = gtk_viewport_get_child (GTK_VIEWPORT (inner));
          if (ADW_IS_CLAMP (inner))
            return GTK_SCROLLED_WINDOW (child);
        }
      if ((found = find_scroller (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_list_detail (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autoptr(WmStore) store = wm_test_create_store (dir, "list.waymark", NULL);
  g_autoptr(WmRecordList) journeys = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  WmListDetail *list_detail;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  gint64 first, second;

  wm_ui_ensure_resources ();
  first = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Buying online");
  second = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Getting help");
  journeys = wm_record_list_new (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);

  list_detail = WM_LIST_DETAIL (wm_list_detail_new ());
  g_object_set (list_detail, "unselected-title", "No Journey Selected", NULL);
  gtk_widget_set_size_request (detail, -1, 3000);
  wm_list_detail_set_detail (list_detail, detail);
  wm_list_detail_set_model (list_detail, G_LIST_MODEL (journeys));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list_detail));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_iterate ();

  /* The first record is selected; rows show labels and follow renames. */
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, first);
  g_assert_false (wm_list_detail_get_folded (list_detail));
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Getting help"));
  g_assert_true (wm_store_set_string (store, second, WM_JOURNEY_NAME, "Getting a repair",
                                      &error));
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Getting a repair"));
  g_assert_false (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Getting help"));

  /* Another record opens at its top. */
  scroller = find_scroller (GTK_WIDGET (list_detail));
  g_assert_nonnull (scroller);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adjustment, 800);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  g_assert_true (wm_list_detail_select_id (list_detail, second));
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, second);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* An edit of the selected record keeps it selected and the place kept. */
  gtk_adjustment_set_value (adjustment, 500);
  g_assert_true (wm_store_set_string (store, second, WM_JOURNEY_DESCRIPTION, "Bikes", &error));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, second);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 500);

  /* A new record elsewhere in the list does not move the selection. */
  wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Returning a bike");
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, second);

  /* Search filters by label, case-insensitively, and says when nothing matches. */
  {
    GtkWidget *search = wm_ui_test_find_type (GTK_WIDGET (list_detail), GTK_TYPE_SEARCH_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (search), "REPAIR");
    for (guint i = 0; i < 50 && wm_ui_test_find_label (GTK_WIDGET (list_detail), "Buying online"); i++)
      wm_ui_test_iterate ();
    g_assert_false (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Buying online"));
    g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Getting a repair"));
    g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, second);
    g_assert_true (gtk_widget_get_mapped (detail));

    /* Nothing matches: no record is selected, so the detail is not left
     * showing (and taking edits for) the one the search hid; it says so.
     * Typing on, still matching nothing, keeps what was typed. */
    gtk_editable_set_text (GTK_EDITABLE (search), "no such");
    for (guint i = 0; i < 50 && !wm_ui_test_find_label (GTK_WIDGET (list_detail), "No matches"); i++)
      wm_ui_test_iterate ();
    {
      /* Typed on, as a person types: no moment of an empty search between. */
      int end = -1;

      gtk_editable_insert_text (GTK_EDITABLE (search), " journey", -1, &end);
    }
    wm_ui_test_wait_ms (300);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "no such journey");
    g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "No matches"));
    g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, 0);
    g_assert_false (gtk_widget_get_mapped (detail));
    g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "No Journey Selected"));

    /* Clearing the search brings back the record that was open, not the
     * first row. */
    gtk_editable_set_text (GTK_EDITABLE (search), "");
    for (guint i = 0; i < 50 && !wm_ui_test_find_label (GTK_WIDGET (list_detail), "Buying online"); i++)
      wm_ui_test_iterate ();
    g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Buying online"));
    g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, second);
    g_assert_true (gtk_widget_get_mapped (detail));
    g_assert_false (wm_ui_test_find_label (GTK_WIDGET (list_detail), "No Journey Selected"));

    /* Selecting a record the search hides (one just added, say) clears the
     * search rather than failing or opening it out of sight. */
    gtk_editable_set_text (GTK_EDITABLE (search), "no such journey");
    for (guint i = 0; i < 50 && !wm_ui_test_find_label (GTK_WIDGET (list_detail), "No matches"); i++)
      wm_ui_test_iterate ();
    g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, 0);
    g_assert_true (wm_list_detail_select_id (list_detail, first));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
    g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, first);
    wm_ui_test_iterate ();
    g_assert_true (gtk_widget_get_mapped (detail));
    g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Buying online"));
    g_assert_false (wm_list_detail_select_id (list_detail, 999999));
  }

  /* Narrow: one column, the detail comes with a way back. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_widget_set_size_request (detail, 200, 3000);
  wm_ui_test_iterate ();
  wm_ui_test_iterate ();
  g_assert_true (wm_list_detail_get_folded (list_detail));
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (
      GTK_WIDGET (list_detail), WM_TYPE_LIST_DETAIL, "leaflet"));
    GtkWidget *content = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (list_detail), WM_TYPE_LIST_DETAIL, "content"));
    GtkWidget *back_bar = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (list_detail), WM_TYPE_LIST_DETAIL, "back_bar"));
    GtkWidget *search = wm_ui_test_find_type (GTK_WIDGET (list_detail), GTK_TYPE_SEARCH_ENTRY);

    wm_list_detail_show_detail (list_detail, TRUE);
    wm_ui_test_iterate ();
    g_assert_true (adw_leaflet_get_visible_child (leaflet) == content);
    g_assert_true (gtk_widget_get_visible (back_bar));
    g_signal_emit_by_name (gtk_widget_get_first_child (back_bar), "clicked");
    wm_ui_test_iterate ();
    g_assert_true (adw_leaflet_get_visible_child (leaflet) != content);

    /* Ctrl+F from the detail: the list, with the focus in its search. */
    wm_list_detail_show_detail (list_detail, TRUE);
    wm_ui_test_iterate ();
    wm_list_detail_focus_search (list_detail);
    wm_ui_test_iterate ();
    g_assert_true (adw_leaflet_get_visible_child (leaflet) != content);
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), search)
                   || gtk_root_get_focus (GTK_ROOT (window)) == search);

    /* Escape in the search empties it. */
    gtk_editable_set_text (GTK_EDITABLE (search), "repair");
    g_signal_emit_by_name (search, "stop-search");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&journeys);
  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

static guint
n_rows (WmListDetail *list_detail)
{
  GtkWidget *list_view = wm_ui_test_find_type (GTK_WIDGET (list_detail), GTK_TYPE_LIST_VIEW);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (
    list_view))));
}

/* GtkListView (4.8) builds a row for up to 200 items whatever its height: a
 * list given before it is on screen holds only its head until its first
 * frame, then every record; selecting one further down needs no frame. */
static void
test_list_detail_first_frame (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autoptr(WmStore) store = wm_test_create_store (dir, "list.waymark", NULL);
  g_autoptr(WmRecordList) journeys = NULL;
  GtkWidget *window = gtk_window_new ();
  WmListDetail *list_detail, *unseen;
  gint64 last = 0;

  wm_ui_ensure_resources ();
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("Journey %02u", i);

      last = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, name);
    }
  journeys = wm_record_list_new (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);

  list_detail = WM_LIST_DETAIL (wm_list_detail_new ());
  wm_list_detail_set_model (list_detail, G_LIST_MODEL (journeys));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list_detail));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  g_assert_cmpuint (n_rows (list_detail), <, 60);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  g_assert_cmpuint (n_rows (list_detail), ==, 60);

  unseen = g_object_ref_sink (WM_LIST_DETAIL (wm_list_detail_new ()));
  wm_list_detail_set_model (unseen, G_LIST_MODEL (journeys));
  g_assert_true (wm_list_detail_select_id (unseen, last));
  g_assert_cmpint (wm_list_detail_get_selected_id (unseen), ==, last);
  g_assert_cmpuint (n_rows (unseen), ==, 60);
  wm_list_detail_set_model (unseen, NULL);
  g_object_unref (unseen);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&journeys);
  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  g_test_add_func ("/waymark/ui/list-detail", test_list_detail);
  g_test_add_func ("/waymark/ui/list-detail/first-frame", test_list_detail_first_frame);

  return g_test_run ();
}
