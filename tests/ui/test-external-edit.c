/* test-external-edit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>

#include "wm-demo.h"
#include "wm-journey-canvas.h"
#include "wm-journeys-view.h"
#include "wm-kpis-view.h"
#include "wm-list-detail.h"
#include "wm-personas-view.h"
#include "wm-test-util.h"
#include "wm-wrap-row.h"
#include "wm-touchpoint-panel.h"
#include "wm-ui-test-util.h"
#include "wm-voice-report-view.h"
#include "wm-voice-view.h"
#include "wm-window.h"

/* Another program (sqlite3, a colleague's Waymark) changes the open project
 * while a person works in the window. The store sees it as a change to
 * everything (WM_CHANGE_ALL); every page follows it without throwing the
 * person out of what they are doing: the selection, the open panel, the
 * scroll place and zoom, and text being typed stay. */

#define DELETED_TOAST "was deleted in another program"
/* Small enough that the details scroll, wide enough that pages do not fold. */
#define SMALL_WIDTH 1000
#define SMALL_HEIGHT 600

/* Helpers */

static WmWindow *
open_demo (const char *path,
           int         width,
           int         height)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  return wm_ui_test_open_window (path, width, height);
}

static GPtrArray *
list (WmStore    *store,
      WmEntity    entity,
      WmColumnId  parent_column,
      gint64      parent_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = wm_store_list (store, entity, parent_column, parent_id, &error);

  g_assert_no_error (error);

  return records;
}

static gint64
nth_id (GPtrArray *records,
        guint      n)
{
  g_assert_cmpuint (records->len, >, n);

  return wm_record_get_id (g_ptr_array_index (records, n));
}

/* The focused GtkText, for typing into whatever field has the keyboard. */
static GtkEditable *
focused_text (WmWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_true (GTK_IS_TEXT (focus));

  return GTK_EDITABLE (focus);
}

/* Types @text at the end of the focused field and puts the cursor at @position. */
static GtkEditable *
type_into_focus (WmWindow   *window,
                 const char *text,
                 int         position)
{
  GtkEditable *editable = focused_text (window);
  int end = -1;

  gtk_editable_insert_text (editable, text, -1, &end);
  gtk_editable_set_position (editable, position);

  return editable;
}

static void
assert_typing_kept (WmWindow    *window,
                    GtkEditable *editable,
                    const char  *text,
                    int          position)
{
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (editable));
  g_assert_cmpstr (gtk_editable_get_text (editable), ==, text);
  g_assert_cmpint (gtk_editable_get_position (editable), ==, position);
}

/* Types @text at the end of @row's text, which has the focus, and puts the
 * cursor at @position. */
static void
type_into_wrap_row (WmWindow   *window,
                    WmWrapRow  *row,
                    const char *text,
                    int         position)
{
  GtkWidget *view = wm_wrap_row_get_text_view (row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter end;

  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  wm_wrap_row_set_position (row, position);
}

/* @row's text has the focus, shows @text and has the cursor at @position. */
static void
assert_row_typing_kept (WmWindow   *window,
                        WmWrapRow  *row,
                        const char *text,
                        int         position)
{
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == wm_wrap_row_get_text_view (row));
  g_assert_cmpstr (wm_wrap_row_get_text (row), ==, text);
  g_assert_cmpint (wm_wrap_row_get_position (row), ==, position);
}

static gboolean
toast_shown (WmWindow *window)
{
  return wm_ui_test_find_label_containing (GTK_WIDGET (window), DELETED_TOAST) != NULL;
}

/* The vertical scrolling of the mapped scrolled window under @widget with
 * the most to scroll: the page's own, not a chart's or a list's inside it. */
static GtkAdjustment *
page_vadjustment (GtkWidget *widget)
{
  g_autoptr(GPtrArray) scrollers = wm_ui_test_find_all (widget, GTK_TYPE_SCROLLED_WINDOW, TRUE);
  GtkAdjustment *best = NULL;
  double best_range = 0;

  for (guint i = 0; i < scrollers->len; i++)
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrollers, i));
      double range = gtk_adjustment_get_upper (adjustment) -
                     gtk_adjustment_get_page_size (adjustment);

      if (range > best_range)
        {
          best = adjustment;
          best_range = range;
        }
    }
  g_assert_nonnull (best);

  return best;
}

static void
scroll_to (GtkAdjustment *adjustment,
           double         value)
{
  double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  g_assert_cmpfloat (upper, >, 50);
  gtk_adjustment_set_value (adjustment, MIN (value, upper));
  wm_ui_test_iterate ();
}

static void
run_sql (WmWindow   *window,
         const char *path,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
run_sql (WmWindow   *window,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  wm_ui_test_write_elsewhere (wm_window_get_store (window), path, sql);
}

/* sqlite3 as a careful person runs it: deleting a row deletes what is in it. */
static void
delete_elsewhere (WmWindow   *window,
                  const char *path,
                  const char *table,
                  gint64      id)
{
  run_sql (window, path, "PRAGMA foreign_keys = ON; DELETE FROM %s WHERE id = %" G_GINT64_FORMAT,
           table, id);
}

/* Tests */

/* The map: the selected journey and card, the open side panel, the zoom and
 * the scroll place stay; typing in the panel stays under the cursor. A card
 * deleted elsewhere closes the panel with a toast that says why. */
static void
test_journeys (WmUiTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *quoted_title = NULL;
  WmWindow *window = open_demo (fixture->path, 1400, 800);
  WmStore *store = wm_window_get_store (window);
  WmJourneysView *view;
  WmJourneyCanvas *canvas;
  WmTouchpointPanel *panel;
  GtkRevealer *revealer;
  GtkAdjustment *hadjustment, *vadjustment;
  GtkEditable *editable;
  WmMapTouchpoint *other;
  gint64 journey_id, card_id, other_id;
  double h, v;

  wm_ui_test_show_page (window, "journeys");
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  canvas = wm_journeys_view_get_canvas (view);
  panel = wm_journeys_view_get_panel (view);
  revealer = GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (panel), GTK_TYPE_REVEALER));

  /* Not the first journey: a reload that fell back to the first shows. */
  journeys = list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
  journey_id = nth_id (journeys, 1);
  wm_journeys_view_select (view, journey_id);
  wm_ui_test_iterate ();
  touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, journey_id);
  card_id = nth_id (touchpoints, 2);
  other_id = nth_id (touchpoints, 0);
  wm_journey_canvas_set_zoom (canvas, 1.5);
  wm_journey_canvas_select_touchpoint (canvas, card_id);
  wm_ui_test_iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  /* Scrolled once the panel is open, as a person would: while it opens,
   * each narrower width brings the card it edits back into view. On a busy
   * machine the opening outlasts wm_ui_test_iterate(). */
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!gtk_revealer_get_child_revealed (revealer) && g_get_monotonic_time () < end)
      wm_ui_test_wait_ms (10);
    g_assert_true (gtk_revealer_get_child_revealed (revealer));
    wm_ui_test_iterate ();
  }
  hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (canvas));
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (canvas));
  scroll_to (hadjustment, 180);
  scroll_to (vadjustment, 120);
  h = gtk_adjustment_get_value (hadjustment);
  v = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (h, >, 0);
  g_assert_cmpfloat (v, >, 0);

  /* sqlite3 renames another card and changes this one's owner. */
  run_sql (window, fixture->path,
           "UPDATE touchpoint SET title = 'Renamed elsewhere' WHERE id = %" G_GINT64_FORMAT ";"
           "UPDATE touchpoint SET owner = 'Support lead' WHERE id = %" G_GINT64_FORMAT,
           other_id, card_id);
  other = wm_map_model_get_touchpoint (wm_journey_canvas_get_model (canvas), other_id);
  g_assert_nonnull (other);
  g_assert_cmpstr (other->title, ==, "Renamed elsewhere");
  g_assert_cmpint (wm_journeys_view_get_selected_id (view), ==, journey_id);
  g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (canvas), ==, card_id);
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, card_id);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpfloat_with_epsilon (wm_journey_canvas_get_zoom (canvas), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (hadjustment), h, 0.5);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (vadjustment), v, 0.5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_ENTRY_ROW, "Owner"))),
                   ==, "Support lead");
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-journeys");

  /* Typing the card's title: another program's change to the card, even
   * to its title, leaves the typed text and the cursor where they are.
   * (Whether the typing may then be saved over the other change is the
   * stale-edit check's to say.) */
  wm_touchpoint_panel_focus_title (panel);
  wm_ui_test_iterate ();
  editable = type_into_focus (window, " (draft)", 3);
  typed = g_strdup (gtk_editable_get_text (editable));
  run_sql (window, fixture->path,
           "UPDATE touchpoint SET customer_action = 'Reads it twice', title = 'Retitled' "
           "WHERE id = %" G_GINT64_FORMAT, card_id);
  assert_typing_kept (window, editable, typed, 3);
  g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (canvas), ==, card_id);
  wm_touchpoint_panel_flush (panel);
  wm_ui_test_iterate ();

  /* Moved to another stage elsewhere: still selected, and the keyboard
   * focus moves on from where the card is now. */
  {
    g_autoptr(GPtrArray) stages = list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey_id);
    gint64 stage_id = nth_id (stages, stages->len - 1);
    gint64 focus_stage = 0;

    run_sql (window, fixture->path,
             "UPDATE touchpoint SET stage_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
             stage_id, card_id);
    g_assert_cmpint (wm_journey_canvas_get_focus (canvas, &focus_stage, NULL, NULL), ==,
                     WM_MAP_ITEM_TOUCHPOINT);
    g_assert_cmpint (focus_stage, ==, stage_id);
    g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (canvas), ==, card_id);
    g_assert_true (gtk_revealer_get_reveal_child (revealer));
  }

  /* Deleted elsewhere: the panel closes, the focus stays on the card's
   * cell, and a toast says what happened. */
  {
    g_autoptr(WmRecord) card = wm_store_get (store, WM_ENTITY_TOUCHPOINT, card_id, NULL);

    quoted_title = g_strdup_printf ("“%s”", wm_record_get_string (card, WM_TOUCHPOINT_TITLE));
  }
  g_assert_false (toast_shown (window));
  delete_elsewhere (window, fixture->path, "touchpoint", card_id);
  g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (canvas), ==, 0);
  g_assert_cmpint (wm_journey_canvas_get_focus (canvas, NULL, NULL, NULL), ==, WM_MAP_ITEM_CELL);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpint (wm_journeys_view_get_selected_id (view), ==, journey_id);
  g_assert_cmpfloat_with_epsilon (wm_journey_canvas_get_zoom (canvas), 1.5, 1e-9);
  g_assert_true (toast_shown (window));
  /* The card by the title it had last. */
  g_assert_nonnull (wm_ui_test_find_label_containing (GTK_WIDGET (window), quoted_title));
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-journeys-deleted");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* Another journey deleted elsewhere changes nothing here; the selected one
 * deleted hands the map to its neighbour, with a toast. */
static void
test_journey_deleted (WmUiTestFixture *fixture,
                      gconstpointer    data)
{
  g_autoptr(GPtrArray) journeys = NULL;
  WmWindow *window = open_demo (fixture->path, SMALL_WIDTH, SMALL_HEIGHT);
  WmStore *store = wm_window_get_store (window);
  WmJourneysView *view;
  gint64 selected;

  wm_ui_test_show_page (window, "journeys");
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  journeys = list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
  selected = nth_id (journeys, 1);
  wm_journeys_view_select (view, selected);
  wm_ui_test_iterate ();

  delete_elsewhere (window, fixture->path, "journey", nth_id (journeys, 2));
  g_assert_cmpint (wm_journeys_view_get_selected_id (view), ==, selected);
  g_assert_false (toast_shown (window));

  delete_elsewhere (window, fixture->path, "journey", selected);
  g_assert_cmpint (wm_journeys_view_get_selected_id (view), ==, nth_id (journeys, 0));
  g_assert_cmpint (wm_journey_canvas_get_journey_id (wm_journeys_view_get_canvas (view)), ==,
                   nth_id (journeys, 0));
  g_assert_true (toast_shown (window));

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* Personas: the selected persona, the editor's scroll place and a field
 * being typed in stay; the selected persona deleted elsewhere hands over to
 * its neighbour, with a toast. */
static void
test_personas (WmUiTestFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(GPtrArray) personas = NULL;
  g_autofree char *typed = NULL;
  WmWindow *window = open_demo (fixture->path, SMALL_WIDTH, SMALL_HEIGHT);
  WmStore *store = wm_window_get_store (window);
  WmPersonasView *view;
  WmListDetail *list_detail;
  GtkWidget *editor, *role;
  GtkAdjustment *adjustment;
  GtkEditable *editable;
  gint64 selected;
  double scrolled;

  wm_ui_test_show_page (window, "personas");
  view = WM_PERSONAS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_PERSONAS_VIEW));
  list_detail = WM_LIST_DETAIL (wm_ui_test_find_type (GTK_WIDGET (view), WM_TYPE_LIST_DETAIL));
  personas = list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0);
  selected = nth_id (personas, 1);
  g_assert_true (wm_personas_view_show_persona (view, selected));
  wm_ui_test_iterate ();
  editor = wm_list_detail_get_detail (list_detail);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    wm_ui_test_find_type (wm_ui_test_find_type (editor, ADW_TYPE_PREFERENCES_PAGE),
                          GTK_TYPE_SCROLLED_WINDOW)));

  role = wm_ui_test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Role");
  g_assert_nonnull (role);
  g_assert_true (gtk_widget_grab_focus (role));
  wm_ui_test_iterate ();
  scroll_to (adjustment, 150);
  scrolled = gtk_adjustment_get_value (adjustment);
  /* Typing, not yet saved (the editor writes after a pause) when the
   * change comes. */
  editable = type_into_focus (window, " and weekend cyclist", 2);
  typed = g_strdup (gtk_editable_get_text (editable));

  /* Another persona renamed; this one's quote changed, and the role being
   * typed in: the typing stays. */
  run_sql (window, fixture->path,
           "UPDATE persona SET name = 'Renamed elsewhere' WHERE id = %" G_GINT64_FORMAT ";"
           "UPDATE persona SET quote = 'Changed elsewhere', role = 'Retitled' WHERE id = %"
           G_GINT64_FORMAT,
           nth_id (personas, 0), selected);
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, selected);
  g_assert_true (wm_list_detail_get_detail (list_detail) == editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     wm_ui_test_find_row (editor, ADW_TYPE_ENTRY_ROW, "Quote"))),
                   ==, "Changed elsewhere");
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (window), "Renamed elsewhere"));
  assert_typing_kept (window, editable, typed, 2);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 0.5);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-personas");

  g_assert_false (toast_shown (window));
  delete_elsewhere (window, fixture->path, "persona", selected);
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), !=, 0);
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), !=, selected);
  g_assert_true (toast_shown (window));
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-personas-deleted");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* Brand voice: a change elsewhere that the detail does not show rebuilds
 * nothing; one it shows keeps the scroll place, the focused field with its
 * cursor and text typed but not applied. */
static void
test_voice (WmUiTestFixture *fixture,
            gconstpointer    data)
{
  g_autoptr(GPtrArray) guidelines = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GError) error = NULL;
  WmWindow *window = open_demo (fixture->path, SMALL_WIDTH, SMALL_HEIGHT);
  WmStore *store = wm_window_get_store (window);
  WmListDetail *list_detail;
  GtkWidget *detail, *tone, *first_row;
  GtkAdjustment *adjustment;
  gint64 selected, second;
  double scrolled;

  /* A second guideline, so that there is a neighbour. */
  guidelines = list (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0);
  selected = nth_id (guidelines, 0);
  {
    g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_VOICE_GUIDELINE);

    wm_record_set_string (draft, WM_VOICE_GUIDELINE_NAME, "Support voice");
    second = wm_store_insert (store, draft, &error);
    g_assert_no_error (error);
  }

  wm_ui_test_show_page (window, "voice");
  list_detail = WM_LIST_DETAIL (wm_ui_test_find_type (
    wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_VOICE_VIEW), WM_TYPE_LIST_DETAIL));
  g_assert_true (wm_list_detail_select_id (list_detail, selected));
  wm_ui_test_iterate ();
  detail = wm_list_detail_get_detail (list_detail);
  adjustment = wm_list_detail_get_detail_vadjustment (list_detail);
  tone = wm_ui_test_find_row (detail, WM_TYPE_WRAP_ROW, "Tone attributes");
  g_assert_nonnull (tone);
  g_assert_true (gtk_widget_grab_focus (tone));
  wm_ui_test_iterate ();
  type_into_wrap_row (window, WM_WRAP_ROW (tone), ", never smug", 4);
  scroll_to (adjustment, 200);
  scrolled = gtk_adjustment_get_value (adjustment);
  first_row = wm_ui_test_find_row (detail, ADW_TYPE_PREFERENCES_ROW, "Name");

  /* A touchpoint changed elsewhere: the same widgets, nothing rebuilt. */
  run_sql (window, fixture->path, "UPDATE touchpoint SET title = 'Renamed elsewhere' WHERE id = "
           "(SELECT min(id) FROM touchpoint)");
  g_assert_true (wm_ui_test_find_row (detail, ADW_TYPE_PREFERENCES_ROW, "Name") == first_row);
  assert_row_typing_kept (window, WM_WRAP_ROW (tone), wm_wrap_row_get_text (WM_WRAP_ROW (tone)),
                          4);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 0.5);

  /* A rule of this guideline changed elsewhere: the detail shows it, and the
   * typing carries over into the rebuilt field. */
  {
    g_autofree char *typed = g_strdup (wm_wrap_row_get_text (WM_WRAP_ROW (tone)));
    g_autofree char *sql = NULL;

    rules = list (store, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID, selected);
    run_sql (window, fixture->path,
             "UPDATE voice_rule SET message = 'Changed elsewhere' WHERE id = %" G_GINT64_FORMAT,
             nth_id (rules, 0));
    g_assert_true (wm_ui_test_find_row (detail, ADW_TYPE_PREFERENCES_ROW, "Name") != first_row);
    g_assert_nonnull (wm_ui_test_find_label_containing (detail, "Changed elsewhere"));
    tone = wm_ui_test_find_row (detail, WM_TYPE_WRAP_ROW, "Tone attributes");
    assert_row_typing_kept (window, WM_WRAP_ROW (tone), typed, 4);
    g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 0.5);
  }
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, selected);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-voice");

  /* Applying the typed text saves it; it is no longer typing. */
  g_signal_emit_by_name (tone, "apply");
  wm_ui_test_iterate ();
  {
    g_autoptr(WmRecord) guideline = wm_store_get (store, WM_ENTITY_VOICE_GUIDELINE, selected,
                                                  &error);

    g_assert_no_error (error);
    g_assert_cmpstr (wm_record_get_string (guideline, WM_VOICE_GUIDELINE_TONE), ==,
                     wm_wrap_row_get_text (WM_WRAP_ROW (tone)));
  }

  /* The report keeps its scroll place when the copy it checks changes. */
  {
    GtkWidget *voice = wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_VOICE_VIEW);
    g_autofree char *summary = NULL;
    GtkAdjustment *report;

    wm_voice_view_show_report (WM_VOICE_VIEW (voice));
    wm_ui_test_iterate ();
    report = page_vadjustment (wm_ui_test_find_type (voice, WM_TYPE_VOICE_REPORT_VIEW));
    scroll_to (report, 300);
    scrolled = gtk_adjustment_get_value (report);
    summary = g_strdup (gtk_label_get_label (GTK_LABEL (
                          wm_ui_test_find_label_containing (voice, "texts pass"))));
    /* Copy that breaks rules: more findings. */
    run_sql (window, fixture->path,
             "UPDATE touchpoint SET message = 'PLEASE UTILIZE THE PORTAL!!! Dear valued "
             "customer, kindly leverage our synergy.' WHERE id IN "
             "(SELECT id FROM touchpoint WHERE message != '' LIMIT 3)");
    /* The report checks again a moment after a change. */
    wm_ui_test_wait_ms (500);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (wm_ui_test_find_label_containing (
                       voice, "texts pass"))), !=, summary);
    g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (report), scrolled, 0.5);
    wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-voice-report");
  }

  g_assert_false (toast_shown (window));
  delete_elsewhere (window, fixture->path, "voice_guideline", selected);
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, second);
  g_assert_nonnull (wm_ui_test_find_row (detail, ADW_TYPE_PREFERENCES_ROW, "Name"));
  g_assert_cmpstr (wm_wrap_row_get_text (WM_WRAP_ROW (
                     wm_ui_test_find_row (detail, WM_TYPE_WRAP_ROW, "Name"))),
                   ==, "Support voice");
  g_assert_true (toast_shown (window));

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* KPIs: the KPI shown in the detail and the detail's scroll place stay when
 * values come in from elsewhere; the shown KPI deleted hands over to its
 * neighbour, with a toast. */
static void
test_kpis (WmUiTestFixture *fixture,
           gconstpointer    data)
{
  g_autoptr(GPtrArray) kpis = NULL;
  /* Low enough that the dashboard's five cards scroll. */
  WmWindow *window = open_demo (fixture->path, SMALL_WIDTH, 450);
  WmStore *store = wm_window_get_store (window);
  WmKpisView *view;
  WmListDetail *list_detail;
  GtkAdjustment *adjustment;
  gint64 shown;
  double scrolled;

  wm_ui_test_show_page (window, "kpis");
  view = WM_KPIS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_KPIS_VIEW));
  list_detail = WM_LIST_DETAIL (wm_ui_test_find_type (GTK_WIDGET (view), WM_TYPE_LIST_DETAIL));
  kpis = list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);
  shown = nth_id (kpis, 1);

  /* The dashboard keeps its scroll place when a value comes in. */
  adjustment = page_vadjustment (GTK_WIDGET (view));
  scroll_to (adjustment, 150);
  scrolled = gtk_adjustment_get_value (adjustment);
  run_sql (window, fixture->path,
           "INSERT INTO kpi_sample (kpi_id, time, value) VALUES (%" G_GINT64_FORMAT
           ", strftime('%%s', 'now') - 120, 41)", shown);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (view), ==, 0);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 0.5);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-kpis-dashboard");

  wm_kpis_view_show_kpi (view, shown);
  wm_ui_test_iterate ();
  adjustment = wm_list_detail_get_detail_vadjustment (list_detail);
  scroll_to (adjustment, 250);
  scrolled = gtk_adjustment_get_value (adjustment);

  run_sql (window, fixture->path,
           "UPDATE kpi SET name = 'Renamed elsewhere' WHERE id = %" G_GINT64_FORMAT ";"
           "INSERT INTO kpi_sample (kpi_id, time, value) VALUES (%" G_GINT64_FORMAT
           ", strftime('%%s', 'now') - 60, 42)",
           nth_id (kpis, 0), shown);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (view), ==, shown);
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==, shown);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list_detail), "Renamed elsewhere"));
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 0.5);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "external-kpis");

  g_assert_false (toast_shown (window));
  delete_elsewhere (window, fixture->path, "kpi", shown);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (view), !=, 0);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (view), !=, shown);
  g_assert_cmpint (wm_list_detail_get_selected_id (list_detail), ==,
                   wm_kpis_view_get_shown_kpi (view));
  g_assert_true (toast_shown (window));

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* Issue #7: a change from sqlite3 shows in about 0.2 s, through the file
 * monitor, without anyone asking the store to look. */
static void
test_prompt (WmUiTestFixture *fixture,
             gconstpointer    data)
{
  g_autoptr(GPtrArray) personas = NULL;
  WmWindow *window = open_demo (fixture->path, SMALL_WIDTH, SMALL_HEIGHT);
  sqlite3 *db;
  gint64 start, elapsed = -1;

  wm_ui_test_show_page (window, "personas");
  personas = list (wm_window_get_store (window), WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0);
  db = wm_test_open_raw (fixture->path, TRUE);
  wm_test_exec (db, "UPDATE persona SET name = 'Renamed by sqlite3' WHERE id = "
                    "(SELECT min(id) FROM persona)");
  sqlite3_close (db);

  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (wm_ui_test_find_label (GTK_WIDGET (window), "Renamed by sqlite3"))
        {
          elapsed = g_get_monotonic_time () - start;
          break;
        }
      g_usleep (5000);
    }
  g_test_message ("shown after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 0);
  /* 0.2 s on a quiet machine; a loaded test machine gets slack, while the
   * 1 s poll alone would take longer. */
  g_assert_cmpint (elapsed, <, 900 * 1000);

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  wm_ui_test_add ("/waymark/ui/external-edit/journeys", test_journeys);
  wm_ui_test_add ("/waymark/ui/external-edit/journey-deleted", test_journey_deleted);
  wm_ui_test_add ("/waymark/ui/external-edit/personas", test_personas);
  wm_ui_test_add ("/waymark/ui/external-edit/voice", test_voice);
  wm_ui_test_add ("/waymark/ui/external-edit/kpis", test_kpis);
  wm_ui_test_add ("/waymark/ui/external-edit/prompt", test_prompt);

  return g_test_run ();
}
