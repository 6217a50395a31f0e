/* test-journey-map.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "wm-analysis.h"
#include "wm-demo.h"
#include "wm-journey-canvas.h"
#include "wm-journeys-view.h"
#include "wm-map-render.h"
#include "wm-test-util.h"
#include "wm-wrap-row.h"
#include "wm-touchpoint-panel.h"
#include "wm-voice-project.h"
#include "wm-window.h"
#include "wm-ui-test-util.h"

/* The journey map editor driven the way a person drives it: through the
 * canvas's and the view's actions (what keys, clicks and menus activate),
 * asserting on the store. */

typedef struct
{
  char      *dir;
  char      *path;
  WmStore   *store;
  WmWindow  *window;
  WmJourneysView *view;
  WmJourneyCanvas *canvas;
  gint64     journey_id;
  gint64     stages[3];
  gint64     lane;
  gint64     text_lane;
  gint64     touchpoints[3];
} Fixture;

static WmRecord *
get (WmStore  *store,
     WmEntity  entity,
     gint64    id)
{
  return wm_store_get (store, entity, id, NULL);
}

static guint
count_children (WmStore    *store,
                WmEntity    entity,
                WmColumnId  parent_column,
                gint64      parent_id)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, parent_column, parent_id, NULL);

  g_assert_nonnull (rows);

  return rows->len;
}

/* A project with one journey: stages Discover, Decide, Buy; a touchpoint
 * lane and a text lane; cards in Discover (two) and Decide (one). */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *stages[] = { "Discover", "Decide", "Buy" };
  const char *titles[] = { "Sees an advert", "Reads reviews", "Compares prices" };
  WmRecord *record;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "Map.waymark", &fixture->path);
  fixture->journey_id = wm_ui_test_insert (fixture->store,
                                           wm_ui_test_named (WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                                             WM_JOURNEY_NAME, "Buying a bike"));
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    fixture->stages[i] = wm_ui_test_insert (fixture->store,
                                            wm_ui_test_named (WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                                              fixture->journey_id, WM_STAGE_NAME,
                                                              stages[i]));
  fixture->lane = wm_ui_test_insert (fixture->store,
                                     wm_ui_test_named (WM_ENTITY_LANE, WM_LANE_JOURNEY_ID,
                                                       fixture->journey_id, WM_LANE_NAME,
                                                       "Touchpoints"));
  record = wm_ui_test_named (WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, fixture->journey_id, WM_LANE_NAME,
                             "Thinking");
  wm_record_set_string (record, WM_LANE_KIND, "text");
  fixture->text_lane = wm_ui_test_insert (fixture->store, record);
  record = wm_ui_test_named (WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, fixture->journey_id, WM_LANE_NAME,
                             "Feeling");
  wm_record_set_string (record, WM_LANE_KIND, "emotion");
  wm_ui_test_insert (fixture->store, record);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      record = wm_ui_test_named (WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                 fixture->journey_id, WM_TOUCHPOINT_TITLE, titles[i]);
      wm_record_set_ref (record, WM_TOUCHPOINT_STAGE_ID, fixture->stages[i < 2 ? 0 : 1]);
      wm_record_set_ref (record, WM_TOUCHPOINT_LANE_ID, fixture->lane);
      wm_record_set_int (record, WM_TOUCHPOINT_EMOTION, i == 2 ? -2 : 1);
      wm_record_set_boolean (record, WM_TOUCHPOINT_MOMENT_THAT_MATTERS, i == 2);
      fixture->touchpoints[i] = wm_ui_test_insert (fixture->store, record);
    }
  wm_store_clear_history (fixture->store);
  g_clear_object (&fixture->store);

  fixture->window = wm_ui_test_open_window (fixture->path, 1400, 900);

  fixture->store = g_object_ref (wm_window_get_store (fixture->window));
  fixture->view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (fixture->window),
                                                          WM_TYPE_JOURNEYS_VIEW));
  g_assert_nonnull (fixture->view);
  fixture->canvas = wm_journeys_view_get_canvas (fixture->view);
  g_assert_cmpint (wm_journey_canvas_get_journey_id (fixture->canvas), ==, fixture->journey_id);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wm_ui_test_iterate ();
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
assert_focus (Fixture   *fixture,
              WmMapItem  item,
              gint64     stage_id,
              gint64     lane_id,
              gint64     touchpoint_id)
{
  gint64 stage, lane, touchpoint;

  g_assert_cmpint (wm_journey_canvas_get_focus (fixture->canvas, &stage, &lane, &touchpoint), ==,
                   item);
  if (stage_id >= 0)
    g_assert_cmpint (stage, ==, stage_id);
  if (lane_id >= 0)
    g_assert_cmpint (lane, ==, lane_id);
  g_assert_cmpint (touchpoint, ==, touchpoint_id);
}

/* The whole text of @entry is selected: typing replaces it. */
static void
assert_all_selected (GtkWidget *entry)
{
  int start = -1, end = -1;

  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)),
                                                 -1));
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);
    }

  return NULL;
}

static GtkGesture *
find_gesture (GtkWidget *widget,
              GType      type)
{
  return GTK_GESTURE (find_controller (widget, type));
}

/* Drags with the canvas's own drag gesture, from the middle of one area to
 * the middle of another (widget coordinates). */
static void
drag (Fixture               *fixture,
      const graphene_rect_t *from,
      const graphene_rect_t *to)
{
  GtkGesture *gesture = find_gesture (GTK_WIDGET (fixture->canvas), GTK_TYPE_GESTURE_DRAG);
  double x = from->origin.x + from->size.width / 2, y = from->origin.y + from->size.height / 2;
  double dx = to->origin.x + to->size.width / 2 - x, dy = to->origin.y + to->size.height / 2 - y;

  g_assert_nonnull (gesture);
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
  wm_ui_test_iterate ();
}

/* Tab reaches the map; arrows walk the cards, cells and headers; the focused
 * item is what the canvas tells a screen reader. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  g_autofree char *description = NULL;
  gboolean reached = FALSE;

  for (guint i = 0; i < 60 && !reached; i++)
    {
      if (!gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD);
      reached = gtk_widget_has_focus (canvas);
    }
  g_assert_true (reached);
  /* Entering the map focuses its first card. */
  assert_focus (fixture, WM_MAP_ITEM_TOUCHPOINT, fixture->stages[0], fixture->lane,
                fixture->touchpoints[0]);
  description = wm_journey_canvas_describe_focus (fixture->canvas);
  g_assert_cmpstr (description, ==, "Touchpoint Sees an advert, stage Discover, emotion +1, "
                                    "evidence: assumed");
  g_clear_pointer (&description, g_free);

  /* The second card of the cell sits right of the first; then the next stage. */
  wm_ui_test_activate (canvas, "map.focus", "right");
  assert_focus (fixture, WM_MAP_ITEM_TOUCHPOINT, fixture->stages[0], fixture->lane,
                fixture->touchpoints[1]);
  wm_ui_test_activate (canvas, "map.focus", "right");
  assert_focus (fixture, WM_MAP_ITEM_TOUCHPOINT, fixture->stages[1], fixture->lane,
                fixture->touchpoints[2]);
  description = wm_journey_canvas_describe_focus (fixture->canvas);
  g_assert_cmpstr (description, ==, "Touchpoint Compares prices, stage Decide, emotion −2, "
                                    "evidence: assumed, moment that matters");
  g_clear_pointer (&description, g_free);

  /* An empty cell, then up to the stage header and back down. */
  wm_ui_test_activate (canvas, "map.focus", "right");
  assert_focus (fixture, WM_MAP_ITEM_CELL, fixture->stages[2], fixture->lane, 0);
  wm_ui_test_activate (canvas, "map.focus", "up");
  assert_focus (fixture, WM_MAP_ITEM_STAGE, fixture->stages[2], 0, 0);
  description = wm_journey_canvas_describe_focus (fixture->canvas);
  g_assert_cmpstr (description, ==, "Stage Buy, 3 of 3");
  g_clear_pointer (&description, g_free);
  wm_ui_test_activate (canvas, "map.focus", "down");
  wm_ui_test_activate (canvas, "map.focus", "down");
  assert_focus (fixture, WM_MAP_ITEM_CELL, fixture->stages[2], fixture->text_lane, 0);

  /* Left from the first stage reaches the lane label. */
  wm_ui_test_activate (canvas, "map.focus", "left");
  wm_ui_test_activate (canvas, "map.focus", "left");
  wm_ui_test_activate (canvas, "map.focus", "left");
  assert_focus (fixture, WM_MAP_ITEM_LANE, 0, fixture->text_lane, 0);

  /* Home and End: the first and last stage of the row. */
  wm_ui_test_activate (canvas, "map.focus", "right");
  wm_ui_test_activate (canvas, "map.focus", "end");
  assert_focus (fixture, WM_MAP_ITEM_CELL, fixture->stages[2], fixture->text_lane, 0);
  wm_ui_test_activate (canvas, "map.focus", "home");
  assert_focus (fixture, WM_MAP_ITEM_CELL, fixture->stages[0], fixture->text_lane, 0);

  /* The map follows the dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  wm_ui_test_iterate ();
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  wm_ui_test_iterate ();
}

/* Enter on an empty touchpoint cell makes a card; Delete deletes it with an
 * undo step; undo and redo bring it back and take it away. */
static void
test_touchpoint_create_delete (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  g_autoptr(WmRecord) created = NULL;
  WmTouchpointPanel *panel;
  gint64 id;

  wm_journey_canvas_focus_cell (fixture->canvas, fixture->stages[2], fixture->lane);
  wm_ui_test_activate (canvas, "map.edit", NULL);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, fixture->journey_id), ==, 4);
  id = wm_journey_canvas_get_selected_touchpoint (fixture->canvas);
  created = get (fixture->store, WM_ENTITY_TOUCHPOINT, id);
  g_assert_nonnull (created);
  g_assert_cmpint (wm_record_get_ref (created, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[2]);
  g_assert_cmpstr (wm_record_get_string (created, WM_TOUCHPOINT_TITLE), ==, "New touchpoint");
  /* The panel opened on it, its title ready for typing. */
  panel = wm_journeys_view_get_panel (fixture->view);
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, id);
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-new-touchpoint");

  gtk_widget_grab_focus (canvas);
  wm_ui_test_activate (canvas, "map.delete", NULL);
  g_assert_null (get (fixture->store, WM_ENTITY_TOUCHPOINT, id));
  assert_focus (fixture, WM_MAP_ITEM_CELL, fixture->stages[2], fixture->lane, 0);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), !=, NULL);

  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_clear_object (&created);
  created = get (fixture->store, WM_ENTITY_TOUCHPOINT, id);
  g_assert_nonnull (created);
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.redo", NULL);
  g_assert_null (get (fixture->store, WM_ENTITY_TOUCHPOINT, id));
}

static GtkWidget *
edit_entry (Fixture *fixture)
{
  GtkWidget *popover = wm_ui_test_find_type (GTK_WIDGET (fixture->canvas), GTK_TYPE_POPOVER);

  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));

  return wm_ui_test_find_type (popover, GTK_TYPE_ENTRY);
}

/* A stage added, named in place, moved and deleted, each one undo step. */
static void
test_stage_edits (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(WmRecord) stage = NULL;
  GtkWidget *entry;
  gint64 id;

  wm_journey_canvas_focus_stage (fixture->canvas, fixture->stages[0]);
  wm_ui_test_activate (canvas, "map.add-stage", NULL);
  stages = wm_store_list (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                          fixture->journey_id, NULL);
  g_assert_cmpuint (stages->len, ==, 4);
  /* After the focused stage, and named in place. */
  id = wm_record_get_id (g_ptr_array_index (stages, 1));
  assert_focus (fixture, WM_MAP_ITEM_STAGE, id, 0, 0);
  entry = edit_entry (fixture);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Test ride");
  g_signal_emit_by_name (entry, "activate");
  wm_ui_test_iterate ();
  stage = get (fixture->store, WM_ENTITY_STAGE, id);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Test ride");

  /* Rename with Enter (F2 does the same). */
  gtk_widget_grab_focus (canvas);
  wm_ui_test_activate (canvas, "map.edit", NULL);
  entry = edit_entry (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Test ride");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ride it");
  g_signal_emit_by_name (entry, "activate");
  wm_ui_test_iterate ();
  g_clear_object (&stage);
  stage = get (fixture->store, WM_ENTITY_STAGE, id);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Ride it");
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_clear_object (&stage);
  stage = get (fixture->store, WM_ENTITY_STAGE, id);
  g_assert_cmpstr (wm_record_get_string (stage, WM_STAGE_NAME), ==, "Test ride");

  /* Ctrl+Right moves it one place on. */
  gtk_widget_grab_focus (canvas);
  wm_ui_test_activate (canvas, "map.move", "right");
  g_clear_pointer (&stages, g_ptr_array_unref);
  stages = wm_store_list (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                          fixture->journey_id, NULL);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (stages, 2)), ==, id);

  /* Dragging a stage header by its header reorders it too. */
  {
    graphene_rect_t first, last;
    g_autoptr(GPtrArray) now = NULL;

    g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, fixture->stages[0],
                                                    fixture->lane, 0, &first));
    g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, fixture->stages[2],
                                                    fixture->lane, 0, &last));
    /* The header row: above the cells. */
    first.origin.y = last.origin.y = 10;
    first.size.height = last.size.height = 20;
    drag (fixture, &first, &last);
    now = wm_store_list (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                         fixture->journey_id, NULL);
    g_assert_cmpint (wm_record_get_id (g_ptr_array_index (now, 3)), ==, fixture->stages[0]);
    wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
    wm_journey_canvas_focus_stage (fixture->canvas, id);
  }

  /* Delete takes the stage away; undo brings it back. */
  wm_ui_test_activate (canvas, "map.delete", NULL);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                    fixture->journey_id), ==, 3);
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                    fixture->journey_id), ==, 4);
}

/* Lanes are added by kind, renamed in place and reordered; text cells are
 * written in place. */
static void
test_lane_and_cell_edits (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(WmRecord) lane = NULL;
  GtkWidget *entry;
  gint64 id;

  wm_ui_test_activate (canvas, "map.add-lane", "pain-points");
  lanes = wm_store_list (fixture->store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, fixture->journey_id,
                         NULL);
  g_assert_cmpuint (lanes->len, ==, 4);
  id = wm_record_get_id (g_ptr_array_index (lanes, 3));
  entry = edit_entry (fixture);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Frustrations");
  g_signal_emit_by_name (entry, "activate");
  wm_ui_test_iterate ();
  lane = get (fixture->store, WM_ENTITY_LANE, id);
  g_assert_cmpstr (wm_record_get_string (lane, WM_LANE_NAME), ==, "Frustrations");
  g_assert_cmpstr (wm_record_get_string (lane, WM_LANE_KIND), ==, "pain-points");

  gtk_widget_grab_focus (canvas);
  wm_ui_test_activate (canvas, "map.move", "up");
  g_clear_pointer (&lanes, g_ptr_array_unref);
  lanes = wm_store_list (fixture->store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, fixture->journey_id,
                         NULL);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (lanes, 2)), ==, id);

  /* Enter on a text cell edits its text in place. */
  wm_journey_canvas_focus_cell (fixture->canvas, fixture->stages[1], fixture->text_lane);
  wm_ui_test_activate (canvas, "map.edit", NULL);
  entry = edit_entry (fixture);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Is it worth the money?");
  g_signal_emit_by_name (entry, "activate");
  wm_ui_test_iterate ();
  cells = wm_store_list (fixture->store, WM_ENTITY_CELL, WM_CELL_JOURNEY_ID, fixture->journey_id,
                         NULL);
  g_assert_cmpuint (cells->len, ==, 1);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (cells, 0), WM_CELL_TEXT), ==,
                   "Is it worth the money?");
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-lanes");
}

/* A card moves to another cell by dragging, through the move a drop does,
 * and with Ctrl+arrows. */
static void
test_move_cards (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) card = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  graphene_rect_t area;

  /* The second card of Discover dragged to the empty cell of Buy. */
  g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, 0, 0, fixture->touchpoints[1],
                                                  &area));
  {
    graphene_rect_t cell;

    g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, fixture->stages[2],
                                                    fixture->lane, 0, &cell));
    drag (fixture, &area, &cell);
  }
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[1]);
  g_assert_cmpint (wm_record_get_ref (card, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[2]);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Move touchpoint");
  assert_focus (fixture, WM_MAP_ITEM_TOUCHPOINT, fixture->stages[2], fixture->lane,
                fixture->touchpoints[1]);

  /* Dropped on a text lane it stays where it is. */
  {
    graphene_rect_t text_cell;

    g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, 0, 0,
                                                    fixture->touchpoints[1], &area));
    g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, fixture->stages[0],
                                                    fixture->text_lane, 0, &text_cell));
    drag (fixture, &area, &text_cell);
    g_clear_object (&card);
    card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[1]);
    g_assert_cmpint (wm_record_get_ref (card, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[2]);
    g_assert_cmpint (wm_record_get_ref (card, WM_TOUCHPOINT_LANE_ID), ==, fixture->lane);
  }

  /* The same move through the canvas's API, which a drop uses. */
  g_assert_true (wm_journey_canvas_move_touchpoint (fixture->canvas, fixture->touchpoints[1],
                                                    fixture->stages[2], fixture->lane, -1,
                                                    &error));
  g_assert_no_error (error);

  /* A card cannot go into a text lane. */
  g_assert_false (wm_journey_canvas_move_touchpoint (fixture->canvas, fixture->touchpoints[1],
                                                     fixture->stages[0], fixture->text_lane, -1,
                                                     &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Ctrl+Left on the first card of Discover: into nothing; Ctrl+Right: past Decide's card? no,
   * Discover has one card left, so it goes to Decide, at its start. */
  wm_journey_canvas_select_touchpoint (fixture->canvas, fixture->touchpoints[0]);
  wm_ui_test_activate (canvas, "map.move", "right");
  g_clear_object (&card);
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
  g_assert_cmpint (wm_record_get_ref (card, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[1]);
  assert_focus (fixture, WM_MAP_ITEM_TOUCHPOINT, fixture->stages[1], fixture->lane,
                fixture->touchpoints[0]);
  /* In Decide it came first, before Compares prices; Ctrl+Right passes it. */
  cards = wm_store_list (fixture->store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                         fixture->journey_id, NULL);
  wm_ui_test_activate (canvas, "map.move", "right");
  {
    WmMapModel *model = wm_journey_canvas_get_model (fixture->canvas);
    guint a = 0, b = 0;

    for (guint i = 0; i < model->touchpoints->len; i++)
      {
        WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, i);

        if (tp->id == fixture->touchpoints[0])
          a = i;
        if (tp->id == fixture->touchpoints[2])
          b = i;
      }
    g_assert_cmpuint (a, >, b);
  }

  /* Undo puts it back before Compares prices. */
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_clear_object (&card);
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
  g_assert_cmpint (wm_record_get_ref (card, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[0]);
}

/* Copy, paste and duplicate. */
static void
test_copy_paste (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  g_autoptr(WmRecord) pasted = NULL;
  gint64 id;

  wm_journey_canvas_select_touchpoint (fixture->canvas, fixture->touchpoints[2]);
  wm_ui_test_activate (canvas, "map.duplicate", NULL);
  id = wm_journey_canvas_get_selected_touchpoint (fixture->canvas);
  g_assert_cmpint (id, !=, fixture->touchpoints[2]);
  pasted = get (fixture->store, WM_ENTITY_TOUCHPOINT, id);
  g_assert_cmpstr (wm_record_get_string (pasted, WM_TOUCHPOINT_TITLE), ==, "Compares prices");
  g_assert_cmpint (wm_record_get_int (pasted, WM_TOUCHPOINT_EMOTION), ==, -2);
  g_assert_true (wm_record_get_boolean (pasted, WM_TOUCHPOINT_MOMENT_THAT_MATTERS));
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Duplicate touchpoint");

  wm_journey_canvas_select_touchpoint (fixture->canvas, fixture->touchpoints[0]);
  wm_ui_test_activate (canvas, "map.copy", NULL);
  wm_journey_canvas_focus_cell (fixture->canvas, fixture->stages[2], fixture->lane);
  wm_ui_test_activate (canvas, "map.paste", NULL);
  wm_ui_test_wait_ms (50);
  id = wm_journey_canvas_get_selected_touchpoint (fixture->canvas);
  g_clear_object (&pasted);
  pasted = get (fixture->store, WM_ENTITY_TOUCHPOINT, id);
  g_assert_nonnull (pasted);
  g_assert_cmpstr (wm_record_get_string (pasted, WM_TOUCHPOINT_TITLE), ==, "Sees an advert");
  g_assert_cmpint (wm_record_get_ref (pasted, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[2]);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, fixture->journey_id), ==, 5);
}

/* The side panel writes each field as one undo step and follows the store. */
/* How many pixels @widget draws (not fully transparent). */
static guint
count_drawn_pixels (GtkWidget *widget)
{
  int width, height;
  g_autofree guint32 *pixels = wm_ui_test_render_pixels (widget, &width, &height);
  guint n = 0;

  for (int i = 0; i < width * height; i++)
    n += (pixels[i] >> 24) != 0;

  return n;
}

static void
test_panel (Fixture       *fixture,
            gconstpointer  data)
{
  WmTouchpointPanel *panel = wm_journeys_view_get_panel (fixture->view);
  g_autoptr(WmRecord) card = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *title;
  GtkWidget *owner;
  GtkWidget *channel;
  GtkWidget *evidence;
  GtkWidget *scale;
  GtkWidget *mtm;
  GtkTextBuffer *buffer;

  g_signal_emit_by_name (fixture->canvas, "edit-touchpoint", fixture->touchpoints[0]);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, fixture->touchpoints[0]);
  title = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_ENTRY_ROW, "Title");
  owner = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_ENTRY_ROW, "Owner");
  channel = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_COMBO_ROW, "Channel");
  evidence = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_COMBO_ROW, "Evidence");
  mtm = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_EXPANDER_ROW, "Moment that matters");
  scale = wm_ui_test_find_type (GTK_WIDGET (panel), GTK_TYPE_SCALE);
  g_assert_nonnull (title);
  g_assert_nonnull (owner);
  g_assert_nonnull (channel);
  g_assert_nonnull (evidence);
  g_assert_nonnull (mtm);
  g_assert_nonnull (scale);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Sees an advert");
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-panel");

  /* Typing waits for a pause, then writes once. */
  gtk_editable_set_text (GTK_EDITABLE (title), "Sees a poster");
  gtk_editable_set_text (GTK_EDITABLE (title), "Sees a poster at the station");
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
  g_assert_cmpstr (wm_record_get_string (card, WM_TOUCHPOINT_TITLE), ==, "Sees an advert");
  wm_ui_test_wait_ms (800);
  g_clear_object (&card);
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
  g_assert_cmpstr (wm_record_get_string (card, WM_TOUCHPOINT_TITLE), ==,
                   "Sees a poster at the station");

  /* Undo: the field follows the store. */
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Sees an advert");

  /* The customer action, a sentence, wraps in the narrow panel; Enter
   * stores it without waiting for the pause. */
  {
    const char *action = "Sees the advert on the platform screen while waiting for the delayed "
                         "train and scans its code to read more";
    WmWrapRow *row = WM_WRAP_ROW (wm_ui_test_find_row (GTK_WIDGET (panel), WM_TYPE_WRAP_ROW,
                                                       "Customer action"));
    GtkWidget *text = wm_wrap_row_get_text_view (row);
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (text, "Sees");
    g_autoptr(WmRecord) stored = NULL;
    int line = 0;

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)), action, -1);
    wm_ui_test_wait_ms (100);
    pango_layout_get_pixel_size (layout, NULL, &line);
    g_assert_cmpint (gtk_widget_get_height (text), >=, 2 * line);
    g_assert_cmpint (gtk_widget_get_width (text), <, gtk_widget_get_width (GTK_WIDGET (panel)));
    g_assert_true (wm_ui_test_press_key_capture (text, GDK_KEY_Return, 0));
    stored = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
    g_assert_cmpstr (wm_record_get_string (stored, WM_TOUCHPOINT_CUSTOMER_ACTION), ==, action);
    g_assert_null (strchr (wm_wrap_row_get_text (row), '\n'));
  }

  /* Another program (here: the store directly) changes the owner. */
  g_assert_true (wm_store_set_string (fixture->store, fixture->touchpoints[0],
                                      WM_TOUCHPOINT_OWNER, "Marketing", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (owner)), ==, "Marketing");

  /* Choices, the emotion scale and the moment-that-matters switch write at once
   * (the scale after a short pause). */
  adw_combo_row_set_selected (ADW_COMBO_ROW (channel), 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (evidence), 0);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (mtm), TRUE);
  gtk_range_set_value (GTK_RANGE (scale), -3);
  wm_ui_test_wait_ms (400);
  g_clear_object (&card);
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
  g_assert_cmpint (wm_record_get_ref (card, WM_TOUCHPOINT_CHANNEL_ID), >, 0);
  /* The chosen channel shows with its glyph, as on the card. */
  {
    GtkWidget *glyph = wm_ui_test_find_type (channel, GTK_TYPE_DRAWING_AREA);
    g_autoptr(WmRecord) chosen = get (fixture->store, WM_ENTITY_CHANNEL,
                                      wm_record_get_ref (card, WM_TOUCHPOINT_CHANNEL_ID));
    const WmMapChannel *shown = g_object_get_data (G_OBJECT (glyph), "wm-channel");

    g_assert_nonnull (glyph);
    g_assert_true (gtk_widget_get_mapped (glyph));
    g_assert_nonnull (shown);
    g_assert_cmpint (shown->id, ==, wm_record_get_id (chosen));
    g_assert_cmpstr (shown->key, ==, wm_record_get_string (chosen, WM_CHANNEL_KEY));
    g_assert_cmpuint (count_drawn_pixels (glyph), >, 10);

    /* The list it is chosen from: every channel with its glyph, and one
     * check mark, at the chosen one. */
    {
      GtkWidget *popover;
      g_autoptr(GPtrArray) glyphs = NULL;
      g_autoptr(GPtrArray) checks = NULL;
      guint n_checked = 0;

      gtk_widget_activate (channel);
      wm_ui_test_iterate ();
      popover = wm_ui_test_find_type (channel, GTK_TYPE_POPOVER);
      g_assert_nonnull (popover);
      g_assert_true (gtk_widget_get_visible (popover));
      glyphs = wm_ui_test_find_all (popover, GTK_TYPE_DRAWING_AREA, TRUE);
      g_assert_cmpuint (glyphs->len, >, 2);
      checks = wm_ui_test_find_all (popover, GTK_TYPE_IMAGE, TRUE);
      for (guint i = 0; i < checks->len; i++)
        {
          GtkWidget *check = g_ptr_array_index (checks, i);
          const WmMapChannel *mine = g_object_get_data (
            G_OBJECT (gtk_widget_get_first_child (gtk_widget_get_parent (check))), "wm-channel");

          if (gtk_widget_get_opacity (check) > 0)
            {
              n_checked++;
              g_assert_nonnull (mine);
              g_assert_cmpint (mine->id, ==, wm_record_get_id (chosen));
            }
        }
      g_assert_cmpuint (n_checked, ==, 1);
      gtk_popover_popdown (GTK_POPOVER (popover));
      wm_ui_test_iterate ();
    }
  }
  g_assert_cmpstr (wm_record_get_string (card, WM_TOUCHPOINT_EVIDENCE), ==, "observed");
  g_assert_true (wm_record_get_boolean (card, WM_TOUCHPOINT_MOMENT_THAT_MATTERS));
  g_assert_cmpint (wm_record_get_int (card, WM_TOUCHPOINT_EMOTION), ==, -3);

  /* The message copy, and what it is checked against later. */
  buffer = gtk_text_view_get_buffer (wm_touchpoint_panel_get_message_view (panel));
  gtk_text_buffer_set_text (buffer, "Ride to work for less.", -1);
  wm_touchpoint_panel_flush (panel);
  g_clear_object (&card);
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0]);
  g_assert_cmpstr (wm_record_get_string (card, WM_TOUCHPOINT_MESSAGE), ==,
                   "Ride to work for less.");
  wm_ui_test_iterate ();
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-panel-edited");

  /* A persona linked to the journey gets its own emotion row. */
  {
    gint64 persona = wm_ui_test_insert (fixture->store,
                                        wm_ui_test_named (WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0,
                                                          WM_PERSONA_NAME, "Casey"));
    WmRecord *link = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);
    GtkWidget *row;
    g_autoptr(GPtrArray) emotions = NULL;

    wm_record_set_ref (link, WM_JOURNEY_PERSONA_JOURNEY_ID, fixture->journey_id);
    wm_record_set_ref (link, WM_JOURNEY_PERSONA_PERSONA_ID, persona);
    wm_ui_test_insert (fixture->store, link);
    wm_ui_test_iterate ();
    /* A combo row, as the evidence's: the whole row opens the choice, and
     * the name keeps the row's width. */
    row = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_COMBO_ROW, "Casey");
    g_assert_nonnull (row);
    g_assert_null (wm_ui_test_find_type (row, GTK_TYPE_DROP_DOWN));
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
    /* −3 … +3 follow "Same as the touchpoint": +2 is the seventh. */
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), 6);
    wm_ui_test_iterate ();
    emotions = wm_store_list (fixture->store, WM_ENTITY_TOUCHPOINT_EMOTION,
                              WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, fixture->touchpoints[0], NULL);
    g_assert_cmpuint (emotions->len, ==, 1);
    g_assert_cmpint (wm_record_get_int (g_ptr_array_index (emotions, 0),
                                        WM_TOUCHPOINT_EMOTION_EMOTION), ==, 2);
    /* The row stayed (its dropdown keeps the focus) and shows the store's value. */
    g_assert_true (wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_COMBO_ROW, "Casey") == row);
    wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  }

  /* Deleted elsewhere: the panel closes. */
  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[0],
                                  &error));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, 0);
}

/* Journeys are made from nothing or a template, duplicated deeply, made
 * into a to-be journey, deleted and undeleted. */
static void
test_journeys (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(WmRecord) copy = NULL;
  gint64 id;

  wm_ui_test_activate (view, "journeys.new-from-template", NULL);
  id = wm_journeys_view_get_selected_id (fixture->view);
  g_assert_cmpint (id, !=, fixture->journey_id);
  /* Named first; dismissed, it keeps the template's name. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
                   wm_journeys_view_get_rename_popover (fixture->view))));
  gtk_popover_popdown (wm_journeys_view_get_rename_popover (fixture->view));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_journey_canvas_get_journey_id (fixture->canvas), ==, id);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, id), ==,
                    6);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, id), ==,
                    5);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Add journey");
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-template");
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_null (get (fixture->store, WM_ENTITY_JOURNEY, id));
  g_assert_cmpint (wm_journeys_view_get_selected_id (fixture->view), ==, fixture->journey_id);

  /* Duplicate: every stage, lane and card, right after the original. */
  wm_ui_test_activate (view, "journeys.duplicate", NULL);
  id = wm_journeys_view_get_selected_id (fixture->view);
  g_assert_cmpint (id, !=, fixture->journey_id);
  copy = get (fixture->store, WM_ENTITY_JOURNEY, id);
  g_assert_cmpstr (wm_record_get_string (copy, WM_JOURNEY_NAME), ==, "Buying a bike (copy)");
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, id), ==,
                    3);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, id), ==, 3);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Duplicate journey");

  /* Delete it: one step, with undo. */
  wm_ui_test_activate (view, "journeys.delete", NULL);
  g_assert_null (get (fixture->store, WM_ENTITY_JOURNEY, id));
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, id), ==, 0);
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, id), ==, 3);

  /* A to-be journey from the as-is one, compared with it. */
  wm_journeys_view_select (fixture->view, fixture->journey_id);
  wm_ui_test_iterate ();
  wm_ui_test_activate (view, "journeys.make-to-be", NULL);
  id = wm_journeys_view_get_selected_id (fixture->view);
  g_clear_object (&copy);
  copy = get (fixture->store, WM_ENTITY_JOURNEY, id);
  g_assert_cmpstr (wm_record_get_string (copy, WM_JOURNEY_STATE), ==, "to-be");
  g_assert_cmpint (wm_record_get_ref (copy, WM_JOURNEY_AS_IS_JOURNEY_ID), ==,
                   fixture->journey_id);
  wm_ui_test_activate (view, "journeys.compare", NULL);
  g_assert_true (wm_journey_canvas_get_compare (fixture->canvas));
  g_assert_nonnull (wm_map_layout_get_comparison (wm_journey_canvas_get_layout (fixture->canvas)));
  wm_ui_test_activate (view, "journeys.analysis", NULL);
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "map-compare");

  /* Rename from the title above the map. */
  wm_ui_test_activate (view, "journeys.rename", NULL);
  {
    /* The first popover of the view's detail, on the journey's name. */
    GtkWidget *popover = wm_ui_test_find_type (view, GTK_TYPE_POPOVER);
    GtkWidget *toolbar_entry;

    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    toolbar_entry = wm_ui_test_find_type (popover, GTK_TYPE_ENTRY);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (toolbar_entry)), ==,
                     "Buying a bike (to-be)");
    gtk_editable_set_text (GTK_EDITABLE (toolbar_entry), "Buying a bike, improved");
    g_signal_emit_by_name (toolbar_entry, "activate");
    wm_ui_test_iterate ();
    g_clear_object (&copy);
    copy = get (fixture->store, WM_ENTITY_JOURNEY, id);
    g_assert_cmpstr (wm_record_get_string (copy, WM_JOURNEY_NAME), ==, "Buying a bike, improved");
  }

  /* Reorder: the to-be journey moves up above its as-is one. */
  wm_ui_test_activate (view, "journeys.move-up", NULL);
  journeys = wm_store_list (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (journeys, 0)), ==, id);

  /* Dropping the last row on the first one puts it first. */
  {
    GtkWidget *list = wm_ui_test_find_styled (view, GTK_TYPE_LIST_VIEW, "navigation-sidebar");
    GtkWidget *first_row;

    g_assert_nonnull (list);
    first_row = wm_ui_test_find_type (list, GTK_TYPE_BOX);
    g_assert_nonnull (first_row);
    g_autoptr(GListModel) controllers = NULL;
    GtkDropTarget *target = NULL;
    GValue value = G_VALUE_INIT;
    gint64 last = wm_record_get_id (g_ptr_array_index (journeys, journeys->len - 1));
    gboolean dropped = FALSE;

    controllers = gtk_widget_observe_controllers (first_row);
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (controller))
          target = GTK_DROP_TARGET (controller);
      }
    g_assert_nonnull (target);
    g_value_init (&value, G_TYPE_INT64);
    g_value_set_int64 (&value, last);
    g_signal_emit_by_name (target, "drop", &value, 1.0, 1.0, &dropped);
    g_assert_true (dropped);
    wm_ui_test_iterate ();
    g_clear_pointer (&journeys, g_ptr_array_unref);
    journeys = wm_store_list (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
    g_assert_cmpint (wm_record_get_id (g_ptr_array_index (journeys, 0)), ==, last);
  }
}

/* A new project is no dead end: its empty Journeys page starts a journey,
 * and the first stage is named right away. */
/* A row of the analysis beside the map (a moment that matters, a channel
 * switch) takes the map to its touchpoint. */
static void
test_analysis_row (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkListBoxRow *row = NULL;
  gint64 id = 0;

  g_object_set (fixture->view, "show-analysis", TRUE, NULL);
  wm_ui_test_iterate ();
  rows = wm_ui_test_find_all (GTK_WIDGET (fixture->view), GTK_TYPE_LIST_BOX_ROW, TRUE);
  for (guint i = 0; i < rows->len && id == 0; i++)
    {
      row = g_ptr_array_index (rows, i);
      id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "wm-touchpoint"));
    }
  /* The fixture's one moment that matters, "Compares prices". */
  g_assert_cmpint (id, ==, fixture->touchpoints[2]);
  g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (fixture->canvas), !=, id);

  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (fixture->canvas), ==, id);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (fixture->canvas)));
}

/* The map keeps room beside the analysis and the touchpoint panel. In a
 * window too narrow for all three, the analysis gives way to the panel and
 * comes back when it closes; asked for again, it takes its place back. Its
 * rows show where a card is without opening the panel. */
static void
test_analysis_gives_way (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  GtkRevealer *panel = GTK_REVEALER (gtk_widget_get_template_child (view, WM_TYPE_JOURNEYS_VIEW,
                                                                    "panel_revealer"));
  GtkRevealer *analysis = GTK_REVEALER (gtk_widget_get_template_child (view,
                                                                       WM_TYPE_JOURNEYS_VIEW,
                                                                       "analysis_revealer"));
  GtkWidget *map = gtk_widget_get_ancestor (GTK_WIDGET (fixture->canvas),
                                            GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GPtrArray) rows = NULL;
  GtkListBoxRow *row = NULL;
  gint64 id = 0;
  gboolean shown = FALSE;

  /* The size of a laptop's window. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  g_object_set (view, "show-analysis", TRUE, NULL);
  wm_ui_test_wait_ms (400);

  /* A row of the analysis: the card is selected and focused, no panel. */
  rows = wm_ui_test_find_all (view, GTK_TYPE_LIST_BOX_ROW, TRUE);
  for (guint i = 0; i < rows->len && id == 0; i++)
    {
      row = g_ptr_array_index (rows, i);
      id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "wm-touchpoint"));
    }
  g_assert_cmpint (id, >, 0);
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_journey_canvas_get_selected_touchpoint (fixture->canvas), ==, id);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (fixture->canvas)));
  g_assert_false (gtk_revealer_get_reveal_child (panel));
  g_assert_true (gtk_revealer_get_reveal_child (analysis));

  /* Editing it (Enter): the panel opens, the analysis gives way, and the
   * map keeps its room. */
  g_signal_emit_by_name (fixture->canvas, "edit-touchpoint", id);
  wm_ui_test_wait_ms (600);
  g_assert_true (gtk_revealer_get_reveal_child (panel));
  g_assert_false (gtk_revealer_get_reveal_child (analysis));
  g_object_get (view, "show-analysis", &shown, NULL);
  g_assert_false (shown);
  g_assert_cmpint (gtk_widget_get_width (map), >=, 320);

  /* Asked for while the panel is open, the analysis takes its place. */
  g_assert_true (gtk_widget_activate_action (view, "journeys.analysis", NULL));
  wm_ui_test_iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (analysis));
  g_assert_false (gtk_revealer_get_reveal_child (panel));

  /* Given way to the panel, it comes back when the panel closes. */
  g_signal_emit_by_name (fixture->canvas, "edit-touchpoint", id);
  wm_ui_test_wait_ms (600);
  g_assert_false (gtk_revealer_get_reveal_child (analysis));
  g_signal_emit_by_name (wm_journeys_view_get_panel (fixture->view), "close");
  wm_ui_test_iterate ();
  g_assert_false (gtk_revealer_get_reveal_child (panel));
  g_assert_true (gtk_revealer_get_reveal_child (analysis));

  /* Wide: both beside the map. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1600, 900);
  wm_ui_test_wait_ms (400);
  g_signal_emit_by_name (fixture->canvas, "edit-touchpoint", id);
  wm_ui_test_wait_ms (600);
  g_assert_true (gtk_revealer_get_reveal_child (panel));
  g_assert_true (gtk_revealer_get_reveal_child (analysis));
  g_assert_cmpint (gtk_widget_get_width (map), >=, 320);
}

/* The panel's close button writes what is still being typed at once, not
 * after the pause, closes the panel and gives the map the focus. */
static void
test_panel_close (Fixture       *fixture,
                  gconstpointer  data)
{
  WmTouchpointPanel *panel = wm_journeys_view_get_panel (fixture->view);
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_template_child (
    GTK_WIDGET (fixture->view), WM_TYPE_JOURNEYS_VIEW, "panel_revealer"));
  g_autoptr(WmRecord) card = NULL;
  GtkWidget *title;
  GtkWidget *close;

  g_signal_emit_by_name (fixture->canvas, "edit-touchpoint", fixture->touchpoints[1]);
  wm_ui_test_iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  title = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_ENTRY_ROW, "Title");
  gtk_editable_set_text (GTK_EDITABLE (title), "Reads reviews on a forum");

  close = wm_ui_test_find_tooltip (GTK_WIDGET (panel), GTK_TYPE_BUTTON,
                                   "Close the Touchpoint Panel");
  g_assert_nonnull (close);
  g_signal_emit_by_name (close, "clicked");
  card = get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoints[1]);
  g_assert_cmpstr (wm_record_get_string (card, WM_TOUCHPOINT_TITLE), ==,
                   "Reads reviews on a forum");
  wm_ui_test_iterate ();
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (fixture->canvas)));
}

/* Ctrl+Enter with @field of the panel focused, the panel showing @id: a
 * card is added and opened; it is deleted again and @id shown. */
static void
add_next_from (Fixture   *fixture,
               GtkWidget *field,
               gint64     id)
{
  WmTouchpointPanel *panel = wm_journeys_view_get_panel (fixture->view);
  guint n = count_children (fixture->store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                            fixture->journey_id);
  gint64 next;

  gtk_widget_grab_focus (field);
  g_assert_true (gtk_widget_is_focus (field) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         field));
  g_assert_true (wm_ui_test_press_shortcut (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                            GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, fixture->journey_id), ==, n + 1);
  next = wm_journey_canvas_get_selected_touchpoint (fixture->canvas);
  g_assert_cmpint (next, !=, id);
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, next);

  wm_ui_test_activate (GTK_WIDGET (fixture->view), "journeys.delete-touchpoint", NULL);
  wm_journey_canvas_select_touchpoint (fixture->canvas, id);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, id);
}

/* The toolbar's Touchpoint button (Ctrl+Enter) adds a card in the focused
 * stage, in the first lane that holds cards when the focus is in one that
 * does not, and opens it; the panel's Delete removes it. A journey with no
 * stage says what it needs first. */
static void
test_add_touchpoint_action (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(WmRecord) created = NULL;
  WmTouchpointPanel *panel;
  GtkWidget *title;
  gint64 id, empty;

  /* Nowhere to put it. (First: a toast waits for the one before it.) */
  empty = wm_ui_test_insert (fixture->store,
                             wm_ui_test_named (WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                               WM_JOURNEY_NAME, "Not started"));
  wm_journeys_view_select (fixture->view, empty);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_journey_canvas_get_journey_id (fixture->canvas), ==, empty);
  wm_ui_test_activate (GTK_WIDGET (fixture->view), "journeys.add-touchpoint", NULL);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, empty), ==, 0);
  g_assert_nonnull (wm_ui_test_find_label_containing (GTK_WIDGET (fixture->window),
                                                      "Add a stage and a touchpoint lane first"));

  /* In the focused stage, in the card lane though a text lane has the focus. */
  wm_journeys_view_select (fixture->view, fixture->journey_id);
  wm_ui_test_iterate ();
  wm_journey_canvas_focus_cell (fixture->canvas, fixture->stages[1], fixture->text_lane);
  wm_ui_test_activate (GTK_WIDGET (fixture->view), "journeys.add-touchpoint", NULL);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, fixture->journey_id), ==, 4);
  id = wm_journey_canvas_get_selected_touchpoint (fixture->canvas);
  created = get (fixture->store, WM_ENTITY_TOUCHPOINT, id);
  g_assert_nonnull (created);
  g_assert_cmpint (wm_record_get_ref (created, WM_TOUCHPOINT_STAGE_ID), ==, fixture->stages[1]);
  g_assert_cmpint (wm_record_get_ref (created, WM_TOUCHPOINT_LANE_ID), ==, fixture->lane);
  panel = wm_journeys_view_get_panel (fixture->view);
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, id);

  /* Ctrl+Enter adds the next one while the panel has the focus too: typing
   * a card's title, then on to the next card; and from the message copy,
   * where Enter alone starts a new line. */
  title = wm_ui_test_find_row (GTK_WIDGET (panel), ADW_TYPE_ENTRY_ROW, "Title");
  add_next_from (fixture, title, id);
  add_next_from (fixture, GTK_WIDGET (wm_touchpoint_panel_get_message_view (panel)), id);

  /* The panel's Delete. */
  wm_ui_test_activate (GTK_WIDGET (fixture->view), "journeys.delete-touchpoint", NULL);
  g_clear_object (&created);
  created = get (fixture->store, WM_ENTITY_TOUCHPOINT, id);
  g_assert_null (created);
}

/* The check buttons of the map's personas popover, opened as a click
 * opens it, by label. */
static GHashTable *
persona_checks (Fixture *fixture)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (
    gtk_widget_get_template_child (GTK_WIDGET (fixture->view), WM_TYPE_JOURNEYS_VIEW,
                                   "personas_button"));
  GtkPopover *popover = gtk_menu_button_get_popover (button);
  g_autoptr(GPtrArray) checks = NULL;
  GHashTable *by_label = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_menu_button_popdown (button);
  wm_ui_test_iterate ();
  gtk_menu_button_popup (button);
  wm_ui_test_iterate ();
  checks = wm_ui_test_find_all (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON, FALSE);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      g_hash_table_insert (by_label, (gpointer) gtk_check_button_get_label (check), check);
    }

  return by_label;
}

/* Which personas walk this journey is chosen on the map: the popover lists
 * every persona, ticks those linked, and a tick links or unlinks at once;
 * the map's emotion lane follows, and undo takes it back. */
static void
test_personas_popover (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 ana = wm_ui_test_insert (fixture->store,
                                  wm_ui_test_named (WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0,
                                                    WM_PERSONA_NAME, "Ana"));
  gint64 ben = wm_ui_test_insert (fixture->store,
                                  wm_ui_test_named (WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0,
                                                    WM_PERSONA_NAME, "Ben"));
  g_autoptr(WmRecord) link = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);
  g_autoptr(GHashTable) checks = NULL;
  g_autoptr(GError) error = NULL;

  wm_record_set_ref (link, WM_JOURNEY_PERSONA_JOURNEY_ID, fixture->journey_id);
  wm_record_set_ref (link, WM_JOURNEY_PERSONA_PERSONA_ID, ana);
  wm_ui_test_insert (fixture->store, g_steal_pointer (&link));
  wm_ui_test_iterate ();

  checks = persona_checks (fixture);
  g_assert_cmpuint (g_hash_table_size (checks), ==, 2);
  g_assert_true (gtk_check_button_get_active (g_hash_table_lookup (checks, "Ana")));
  g_assert_false (gtk_check_button_get_active (g_hash_table_lookup (checks, "Ben")));
  g_assert_cmpuint (wm_journey_canvas_get_model (fixture->canvas)->personas->len, ==, 1);

  /* Ben joins, Ana leaves. */
  gtk_check_button_set_active (g_hash_table_lookup (checks, "Ben"), TRUE);
  gtk_check_button_set_active (g_hash_table_lookup (checks, "Ana"), FALSE);
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_JOURNEY_PERSONA,
                                    WM_JOURNEY_PERSONA_JOURNEY_ID, fixture->journey_id), ==, 1);
  g_clear_pointer (&checks, g_hash_table_unref);
  checks = persona_checks (fixture);
  g_assert_false (gtk_check_button_get_active (g_hash_table_lookup (checks, "Ana")));
  g_assert_true (gtk_check_button_get_active (g_hash_table_lookup (checks, "Ben")));
  g_assert_cmpuint (wm_journey_canvas_get_model (fixture->canvas)->personas->len, ==, 1);
  g_assert_cmpint (((WmMapPersona *) g_ptr_array_index (
                      wm_journey_canvas_get_model (fixture->canvas)->personas, 0))->id, ==, ben);

  /* Undo brings Ana back. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (wm_journey_canvas_get_model (fixture->canvas)->personas->len, ==, 2);
  g_clear_pointer (&checks, g_hash_table_unref);
  checks = persona_checks (fixture);
  g_assert_true (gtk_check_button_get_active (g_hash_table_lookup (checks, "Ana")));
}

/* Waits up to @ms for @revealer to hide its child; whether it did. */
static gboolean
wait_hidden (GtkRevealer *revealer,
             guint        ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (gtk_revealer_get_reveal_child (revealer) && g_get_monotonic_time () < end)
    wm_ui_test_wait_ms (50);

  return !gtk_revealer_get_reveal_child (revealer);
}

/* The zoom controls float over the map's bottom corner: they show while
 * the pointer moves over the map or the zoom changes, then fade so that the
 * cells below them can be read; they stay while the pointer is on them. */
static void
test_zoom_controls (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *box = wm_ui_test_find_styled (GTK_WIDGET (fixture->view), GTK_TYPE_BOX,
                                           "wm-zoom-box");
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_parent (box));
  GtkWidget *overlay = gtk_widget_get_parent (GTK_WIDGET (revealer));
  GtkEventController *map_motion = find_controller (overlay, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GtkEventController *box_motion = find_controller (box, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_autofree char *label = NULL;

  g_assert_true (GTK_IS_OVERLAY (overlay));
  g_assert_nonnull (map_motion);
  g_assert_nonnull (box_motion);
  /* Unless the pointer moves: it may have come to rest over the window as
   * it opened, which showed them. */
  g_assert_true (wait_hidden (revealer, 4000));

  /* Zooming with the keyboard shows the new size, for a while. */
  wm_ui_test_activate (GTK_WIDGET (fixture->view), "journeys.zoom-in", NULL);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  label = g_strdup_printf ("%d %%",
                           (int) lround (wm_journey_canvas_get_zoom (fixture->canvas) * 100));
  g_assert_cmpstr (label, !=, "100 %");
  g_assert_true (wm_ui_test_find_label (box, label));
  g_assert_true (wait_hidden (revealer, 4000));

  /* The pointer moving brings them back; GTK's report of a pointer that
   * did not move (what lies under it changed) does not. */
  g_signal_emit_by_name (map_motion, "motion", 40.0, 50.0);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (wait_hidden (revealer, 4000));
  g_signal_emit_by_name (map_motion, "motion", 40.0, 50.0);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* A click on one leaves the focus where it was (on the map), or the
   * controls would stay for as long as they held it. */
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_assert_false (gtk_widget_get_focus_on_click (child));

  /* On them, they stay; once the pointer leaves, they go. */
  g_signal_emit_by_name (map_motion, "motion", 41.0, 50.0);
  g_signal_emit_by_name (box_motion, "enter", 5.0, 5.0);
  g_assert_false (wait_hidden (revealer, 2600));
  g_signal_emit_by_name (box_motion, "leave");
  g_assert_true (wait_hidden (revealer, 4000));
}

static void
test_empty_project (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(WmStore) created = wm_test_create_store (dir, "Empty.waymark", &path);
  g_autoptr(WmRecord) journey = NULL;
  WmJourneysView *view;
  WmJourneyCanvas *canvas;
  WmWindow *window;
  WmStore *store;
  GtkWidget *entry;
  gint64 id, stage, lane, touchpoint;

  g_clear_object (&created);
  window = wm_ui_test_open_window (path, 1400, 900);
  store = wm_window_get_store (window);
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  canvas = wm_journeys_view_get_canvas (view);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "map-empty-project");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.new", NULL));
  wm_ui_test_iterate ();
  id = wm_journeys_view_get_selected_id (view);
  g_assert_cmpint (id, >, 0);

  /* A new journey is named first, so the list does not fill with "New
   * journey"; then its first stage. */
  entry = wm_ui_test_find_type (GTK_WIDGET (wm_journeys_view_get_rename_popover (view)),
                                GTK_TYPE_ENTRY);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wm_journeys_view_get_rename_popover (view))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "New journey");
  assert_all_selected (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Report a fault");
  g_signal_emit_by_name (entry, "activate");
  wm_ui_test_iterate ();
  journey = get (store, WM_ENTITY_JOURNEY, id);
  g_assert_cmpstr (wm_record_get_string (journey, WM_JOURNEY_NAME), ==, "Report a fault");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wm_journeys_view_get_rename_popover (view))));
  g_assert_cmpuint (count_children (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, id), ==, 1);

  entry = wm_ui_test_find_type (wm_ui_test_find_type (GTK_WIDGET (canvas), GTK_TYPE_POPOVER),
                                GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Notice a problem");
  g_signal_emit_by_name (entry, "activate");
  wm_ui_test_iterate ();

  /* Down from the stage is its touchpoint cell; Enter makes the first card. */
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "map.focus", "s", "down"));
  g_assert_cmpint (wm_journey_canvas_get_focus (canvas, &stage, &lane, &touchpoint), ==,
                   WM_MAP_ITEM_CELL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "map.edit", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_children (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, id),
                    ==, 1);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "map-first-card");

  /* The next new journey's name is selected too, so that typing replaces
   * it rather than landing in front of "New journey". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.new", NULL));
  wm_ui_test_iterate ();
  entry = wm_ui_test_find_type (GTK_WIDGET (wm_journeys_view_get_rename_popover (view)),
                                GTK_TYPE_ENTRY);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  assert_all_selected (entry);
  gtk_popover_popdown (wm_journeys_view_get_rename_popover (view));
  wm_ui_test_iterate ();

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  wm_test_remove_dir (dir);
}

/* The project's name is edited from the main menu. */
static void
test_rename_project (Fixture       *fixture,
                     gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.rename-project", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "  Bike shop  ");
  adw_message_dialog_response (dialog, "rename");
  wm_ui_test_iterate ();
  g_assert_cmpstr (wm_store_get_name (fixture->store), ==, "Bike shop");
  wm_ui_test_activate (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_cmpstr (wm_store_get_name (fixture->store), !=, "Bike shop");
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

static char *
read_file_start (const char *path,
                 gsize       n)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, n);

  return g_strndup (contents, n);
}

/* Export writes every format through the renderer; Mermaid comes back in,
 * bad Mermaid changes nothing; a journey copies as Mermaid text. */
static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "map.pdf", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename (fixture->dir, "map.svg", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "map.csv", NULL);
  g_autofree char *head = NULL;
  g_autofree char *copied = NULL;
  const char *mermaid =
    "journey\n"
    "  title Repair a bike\n"
    "  section Notice\n"
    "    Hears a noise: 2: Casey\n"
    "  section Fix\n"
    "    Books a repair: 4: Casey\n"
    "    Picks it up: 5: Casey\n";
  guint n_journeys;
  gint64 id;

  g_assert_true (wm_journeys_view_export (fixture->view, "pdf", pdf, &error));
  g_assert_no_error (error);
  head = read_file_start (pdf, 5);
  g_assert_cmpstr (head, ==, "%PDF-");
  g_clear_pointer (&head, g_free);
  g_assert_true (wm_journeys_view_export (fixture->view, "png", png, &error));
  head = read_file_start (png, 4);
  g_assert_cmpstr (head + 1, ==, "PNG");
  g_clear_pointer (&head, g_free);
  g_assert_true (wm_journeys_view_export (fixture->view, "svg", svg, &error));
  head = read_file_start (svg, 5);
  g_assert_true (g_str_has_prefix (head, "<?xml") || g_str_has_prefix (head, "<svg"));
  g_assert_true (wm_journeys_view_export (fixture->view, "csv", csv, &error));
  g_assert_no_error (error);
  g_assert_false (wm_journeys_view_export (fixture->view, "docx", csv, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Copy as Mermaid: the journey's title and cards. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "journeys.copy-mermaid",
                                             NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->view)), NULL,
                                 clipboard_text_cb, &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (strstr (copied, "journey") != NULL);
  g_assert_true (strstr (copied, "Compares prices") != NULL);

  /* Import: a new journey, shown. */
  n_journeys = count_children (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
  id = wm_journeys_view_import_mermaid (fixture->view, mermaid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_journeys_view_get_selected_id (fixture->view), ==, id);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, id), ==,
                    2);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_TOUCHPOINT,
                                    WM_TOUCHPOINT_JOURNEY_ID, id), ==, 3);

  /* Not a journey: refused, nothing added. */
  g_assert_cmpint (wm_journeys_view_import_mermaid (fixture->view, "graph TD\n  A --> B\n",
                                                    &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_children (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0), ==,
                    n_journeys + 1);

  /* Another journey opens at its top-left, wherever the last one was scrolled. */
  wm_journeys_view_select (fixture->view, fixture->journey_id);
  wm_ui_test_iterate ();
  {
    GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (fixture->canvas));

    /* Zoomed in, so that the map is wider than the window whatever its size. */
    wm_journey_canvas_set_zoom (fixture->canvas, 3.0);
    wm_ui_test_iterate ();
    gtk_adjustment_set_value (h, 150);
    g_assert_cmpfloat (gtk_adjustment_get_value (h), >, 0);
    wm_journeys_view_select (fixture->view, id);
    wm_ui_test_iterate ();
    g_assert_cmpfloat (gtk_adjustment_get_value (h), ==, 0);
  }
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* A KPI sample for a KPI this journey does not show costs the map nothing;
 * an edit of one of its cards reads it again. */
static void
test_unrelated_change (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WmSample sample = { 1700000000, 12, 0 };
  guint changes = 0;
  gint64 kpi, other;

  kpi = wm_ui_test_insert (fixture->store, wm_ui_test_named (WM_ENTITY_KPI, WM_COLUMN_NONE, 0,
                                                             WM_KPI_NAME, "Churn"));
  wm_ui_test_iterate ();
  g_signal_connect (fixture->canvas, "map-changed", G_CALLBACK (count_cb), &changes);

  g_assert_true (wm_store_add_samples (fixture->store, kpi, &sample, 1, "test", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (changes, ==, 0);

  /* Nor does renaming another journey. */
  other = wm_ui_test_insert (fixture->store, wm_ui_test_named (WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                                               WM_JOURNEY_NAME, "Another"));
  wm_ui_test_iterate ();
  changes = 0;
  g_assert_true (wm_store_set_string (fixture->store, other, WM_JOURNEY_NAME, "Renamed", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (changes, ==, 0);

  g_assert_true (wm_store_set_string (fixture->store, fixture->touchpoints[1],
                                      WM_TOUCHPOINT_TITLE, "Reads two reviews", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (wm_map_model_get_touchpoint (wm_journey_canvas_get_model (fixture->canvas),
                                                fixture->touchpoints[1])->title, ==,
                   "Reads two reviews");
  g_signal_handlers_disconnect_by_func (fixture->canvas, count_cb, &changes);
}

/* What the canvas shows, rendered by GTK from its snapshot, against the
 * map's renderer drawing the same viewport in place without a cache: the
 * canvas draws into its own image and copies cached pieces, and neither
 * may change what is seen (beyond rounding of a blend, or a piece placed
 * within a sixteenth of a pixel). At zoom 1 and at a zoom that puts pieces
 * between pixels. */
static void
compare_canvas_with_renderer (Fixture *fixture)
{
  GtkWidget *widget = GTK_WIDGET (fixture->canvas);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  WmMapLayout *layout = wm_journey_canvas_get_layout (fixture->canvas);
  WmMapRenderOptions options = { .palette = wm_map_palette_get (WM_MAP_THEME_LIGHT) };
  const WmMapColor *bg = &options.palette->background;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  /* In device pixels: on a HiDPI screen the canvas draws at twice the
   * size, and so does the comparison. */
  int scale = gtk_widget_get_scale_factor (widget);
  int pixel_width = width * scale, pixel_height = height * scale;
  double zoom = wm_journey_canvas_get_zoom (fixture->canvas);
  double lw = wm_map_layout_get_label_width (layout);
  double hh = wm_map_layout_get_header_height (layout);
  double map_w, map_h, vw = width / zoom, vh = height / zoom;
  cairo_surface_t *shown, *drawn;
  cairo_t *cr;
  guint differing = 0, compared = 0, worst = 0;

  options.selected_touchpoint_id = wm_journey_canvas_get_selected_touchpoint (fixture->canvas);
  wm_map_layout_get_size (layout, &map_w, &map_h);

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  if (scale != 1)
    {
      GskTransform *transform = gsk_transform_scale (NULL, scale, scale);
      GskRenderNode *scaled = gsk_transform_node_new (node, transform);

      gsk_transform_unref (transform);
      gsk_render_node_unref (node);
      node = scaled;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, pixel_width,
                                                                    pixel_height));
  shown = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  gdk_texture_download (texture, cairo_image_surface_get_data (shown),
                        cairo_image_surface_get_stride (shown));
  cairo_surface_mark_dirty (shown);

  drawn = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixel_width, pixel_height);
  cr = cairo_create (drawn);
  cairo_scale (cr, zoom * scale, zoom * scale);
  cairo_set_source_rgb (cr, bg->red, bg->green, bg->blue);
  cairo_paint (cr);
  cairo_save (cr);
  cairo_rectangle (cr, lw, hh, vw - lw, vh - hh);
  cairo_clip (cr);
  wm_map_render_draw_body (layout, cr, &options, &(WmMapRect) { lw, hh, vw - lw, vh - hh });
  cairo_restore (cr);
  cairo_save (cr);
  cairo_rectangle (cr, lw, 0, vw - lw, hh);
  cairo_clip (cr);
  wm_map_render_draw_stage_headers (layout, cr, &options, lw, vw - lw);
  cairo_restore (cr);
  cairo_save (cr);
  cairo_rectangle (cr, 0, hh, lw, vh - hh);
  cairo_clip (cr);
  wm_map_render_draw_lane_labels (layout, cr, &options, hh, vh - hh);
  cairo_restore (cr);
  wm_map_render_draw_corner (layout, cr, &options);
  cairo_destroy (cr);
  cairo_surface_flush (drawn);

  /* The map itself: the canvas's own "+" buttons lie beyond it. */
  for (int y = 0; y < MIN (pixel_height, (int) (map_h * zoom * scale)); y++)
    for (int x = 0; x < MIN (pixel_width, (int) (map_w * zoom * scale)); x++)
      {
        const guint8 *a = cairo_image_surface_get_data (shown)
                          + y * cairo_image_surface_get_stride (shown) + x * 4;
        const guint8 *b = cairo_image_surface_get_data (drawn)
                          + y * cairo_image_surface_get_stride (drawn) + x * 4;
        guint diff = 0;

        for (int c = 0; c < 4; c++)
          diff = MAX (diff, (guint) abs (a[c] - b[c]));
        worst = MAX (worst, diff);
        differing += diff > 2;
        compared++;
      }
  if (g_getenv ("WAYMARK_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *a = g_strdup_printf ("%s/canvas-%g-shown.png",
                                            g_getenv ("WAYMARK_TEST_SCREENSHOTS"), zoom);
      g_autofree char *b = g_strdup_printf ("%s/canvas-%g-drawn.png",
                                            g_getenv ("WAYMARK_TEST_SCREENSHOTS"), zoom);

      cairo_surface_write_to_png (shown, a);
      cairo_surface_write_to_png (drawn, b);
    }
  g_test_message ("zoom %g: %u of %u pixels differ by more than 2, at most by %u", zoom,
                  differing, compared, worst);
  g_assert_cmpuint (compared, >, 100000);
  g_assert_cmpuint (differing, <, compared / 500);
  g_assert_cmpuint (worst, <=, 48);
  cairo_surface_destroy (shown);
  cairo_surface_destroy (drawn);
}

static void
test_paint (Fixture       *fixture,
            gconstpointer  data)
{
  compare_canvas_with_renderer (fixture);
  /* Again from the cache, then between pixels. */
  compare_canvas_with_renderer (fixture);
  wm_journey_canvas_set_zoom (fixture->canvas, 0.9);
  wm_ui_test_iterate ();
  compare_canvas_with_renderer (fixture);
}

/* On the demo: the pick-up journey's switch into the store is flagged, and
 * the to-be support journey compares against its as-is one. */
static void
test_demo (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "Demo.waymark", NULL);
  g_autoptr(WmStore) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  WmJourneysView *view;
  WmJourneyCanvas *canvas;
  WmWindow *window;
  WmStore *store;
  gboolean flagged = FALSE;
  gint64 to_be = 0, pick_up = 0;

  created = wm_demo_create (path, &error);
  g_assert_no_error (error);
  g_clear_object (&created);
  window = wm_ui_test_open_window (path, 1400, 900);
  store = wm_window_get_store (window);
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  canvas = wm_journeys_view_get_canvas (view);

  journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);
  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *journey = g_ptr_array_index (journeys, i);

      if (wm_record_get_ref (journey, WM_JOURNEY_AS_IS_JOURNEY_ID) > 0)
        to_be = wm_record_get_id (journey);
      else if (strstr (wm_record_get_string (journey, WM_JOURNEY_NAME), "store") ||
               strstr (wm_record_get_string (journey, WM_JOURNEY_NAME), "Store"))
        pick_up = wm_record_get_id (journey);
    }
  g_assert_cmpint (to_be, >, 0);
  g_assert_cmpint (pick_up, >, 0);

  wm_journeys_view_select (view, pick_up);
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.analysis", NULL));
  wm_ui_test_iterate ();
  {
    WmAnalysis *analysis = wm_map_layout_get_analysis (wm_journey_canvas_get_layout (canvas));

    for (guint i = 0; i < analysis->switches->len; i++)
      if (g_array_index (analysis->switches, WmChannelSwitch, i).risks &
          WM_SWITCH_RISK_DIGITAL_ANALOG)
        flagged = TRUE;
  }
  g_assert_true (flagged);
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "demo-pick-up");

  /* Compare works from either side: from the as-is journey it shows its
   * to-be one, compared; a journey with neither says why it cannot. */
  {
    g_autoptr(WmRecord) to_be_journey = get (store, WM_ENTITY_JOURNEY, to_be);
    gint64 as_is = wm_record_get_ref (to_be_journey, WM_JOURNEY_AS_IS_JOURNEY_ID);
    GtkWidget *button;

    button = wm_ui_test_find_tooltip (GTK_WIDGET (view), GTK_TYPE_TOGGLE_BUTTON,
                                      "No To-be Journey to Compare With");
    g_assert_nonnull (button);
    g_assert_false (gtk_widget_is_sensitive (button));

    wm_journeys_view_select (view, as_is);
    wm_ui_test_iterate ();
    g_assert_true (button == wm_ui_test_find_tooltip (GTK_WIDGET (view), GTK_TYPE_TOGGLE_BUTTON,
                                                      "Compare With the To-be Journey"));
    g_assert_true (gtk_widget_is_sensitive (button));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.compare", NULL));
    wm_ui_test_iterate ();
    g_assert_cmpint (wm_journeys_view_get_selected_id (view), ==, to_be);
    g_assert_true (wm_journey_canvas_get_compare (canvas));
    g_assert_nonnull (wm_map_layout_get_comparison (wm_journey_canvas_get_layout (canvas)));
    g_assert_true (button == wm_ui_test_find_tooltip (GTK_WIDGET (view), GTK_TYPE_TOGGLE_BUTTON,
                                                      "Compare With the As-is Journey"));
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.compare", NULL));
    wm_ui_test_iterate ();
    g_assert_false (wm_journey_canvas_get_compare (canvas));
  }

  wm_journeys_view_select (view, to_be);
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "journeys.compare", NULL));
  wm_ui_test_iterate ();
  g_assert_nonnull (wm_map_layout_get_comparison (wm_journey_canvas_get_layout (canvas)));
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "demo-to-be");

  /* Compared, a card's tooltip says what became of it. */
  {
    WmComparison *comparison = wm_map_layout_get_comparison (wm_journey_canvas_get_layout (canvas));
    guint n_changed = 0, n_added = 0;

    for (guint i = 0; i < comparison->items->len; i++)
      {
        const WmComparisonItem *item = &g_array_index (comparison->items, WmComparisonItem, i);
        g_autofree char *text = NULL;
        graphene_rect_t area;

        if (item->kind != WM_COMPARISON_CHANGED && item->kind != WM_COMPARISON_ADDED)
          continue;
        g_assert_true (wm_journey_canvas_get_item_area (canvas, 0, 0, item->to_be_touchpoint_id,
                                                        &area));
        text = wm_journey_canvas_describe_at (canvas, area.origin.x + area.size.width / 2,
                                              area.origin.y + area.size.height / 2);
        g_assert_nonnull (text);
        if (item->kind == WM_COMPARISON_ADDED)
          {
            g_assert_nonnull (strstr (text, "\nNew in the to-be journey"));
            n_added++;
          }
        else
          {
            g_autofree char *delta = wm_analysis_format_emotion (item->emotion_delta, 0);
            g_autofree char *line = item->emotion_delta != 0
              ? g_strdup_printf ("\nChanged since the as-is journey, emotion %s", delta)
              : g_strdup ("\nChanged since the as-is journey");

            g_assert_nonnull (strstr (text, line));
            n_changed++;
          }
      }
    g_assert_cmpuint (n_changed, ==, comparison->n_changed);
    g_assert_cmpuint (n_added, ==, comparison->n_added);
    g_assert_cmpuint (n_changed + n_added, >, 0);
  }

  /* The analysis (still shown from the pick-up journey) sets the as-is
   * journey's average, below zero, with a true minus sign, as the map's
   * axis does. */
  {
    GtkWidget *averages = wm_ui_test_find_label_containing (GTK_WIDGET (view), "Average emotion");
    const char *text;

    g_assert_nonnull (averages);
    text = gtk_label_get_label (GTK_LABEL (averages));
    g_assert_true (g_str_has_prefix (text, "Average emotion \u2212"));
    g_assert_null (strchr (text, '-'));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  wm_test_remove_dir (dir);
}

/* The map's header at the window's default width keeps the journey's name
 * whole: the three add buttons give way to one "+" menu first, and come
 * back when there is room for both. */
static void
test_header_name (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "Demo.waymark", NULL);
  g_autoptr(WmStore) created = NULL;
  g_autoptr(GError) error = NULL;
  WmJourneysView *view;
  GtkWidget *add_buttons, *add_menu;
  GtkLabel *name;
  WmWindow *window;

  created = wm_demo_create (path, &error);
  g_assert_no_error (error);
  g_clear_object (&created);
  window = wm_ui_test_open_window (path, 1100, 760);
  view = WM_JOURNEYS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_JOURNEYS_VIEW));
  name = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (view), WM_TYPE_JOURNEYS_VIEW,
                                                   "name_label"));
  add_buttons = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                           WM_TYPE_JOURNEYS_VIEW, "add_buttons"));
  add_menu = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), WM_TYPE_JOURNEYS_VIEW,
                                                        "toolbar_add_menu_button"));
  wm_ui_test_wait_ms (100);
  g_assert_cmpstr (gtk_label_get_label (name), ==, "Software upgrade support");
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (name)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (name)));
  g_assert_true (gtk_widget_is_drawable (add_menu));
  g_assert_false (gtk_widget_is_drawable (add_buttons));
  wm_ui_test_save_screenshot (GTK_WIDGET (window), "header-1100");

  /* Wide: the name and the labelled buttons. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 760);
  wm_ui_test_wait_ms (100);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (name)));
  g_assert_true (gtk_widget_is_drawable (add_buttons));
  g_assert_false (gtk_widget_is_drawable (add_menu));

  /* Right to left, as a box would: the name at the right end. */
  {
    GtkWidget *toolbar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                    WM_TYPE_JOURNEYS_VIEW,
                                                                    "toolbar"));
    GtkWidget *name_button = gtk_widget_get_parent (GTK_WIDGET (name));
    graphene_rect_t bounds, buttons;

    gtk_widget_set_direction (toolbar, GTK_TEXT_DIR_RTL);
    wm_ui_test_wait_ms (100);
    g_assert_true (gtk_widget_compute_bounds (name_button, toolbar, &bounds));
    g_assert_true (gtk_widget_compute_bounds (add_buttons, toolbar, &buttons));
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=,
                       gtk_widget_get_width (toolbar) - 24);
    g_assert_cmpfloat (buttons.origin.x + buttons.size.width, <=, bounds.origin.x);
    gtk_widget_set_direction (toolbar, GTK_TEXT_DIR_LTR);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  wm_test_remove_dir (dir);
}

static gint64
channel_with_key (WmStore    *store,
                  const char *key)
{
  g_autoptr(GPtrArray) channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0,
                                                 NULL);

  for (guint i = 0; channels != NULL && i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);

      if (g_str_equal (wm_record_get_string (channel, WM_CHANNEL_KEY), key))
        return wm_record_get_id (channel);
    }
  g_assert_not_reached ();
}

/* What the map draws as marks (the evidence ring, the star, the risk chip,
 * the switch between channels, a point of the curve, the "+" buttons) is
 * told in words under the pointer, and to a screen reader on the focused
 * card. */
static void
test_tooltips (Fixture       *fixture,
               gconstpointer  data)
{
  WmStore *store = fixture->store;
  gint64 website = channel_with_key (store, "website");
  gint64 shop = channel_with_key (store, "store");
  GtkWidget *canvas = GTK_WIDGET (fixture->canvas);
  WmMapLayout *layout;
  const WmMapSwitchMark *mark;
  const WmMapCurve *curve = NULL;
  graphene_rect_t area;
  double width, height;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_ref (store, fixture->touchpoints[0], WM_TOUCHPOINT_CHANNEL_ID,
                                   website, &error));
  g_assert_true (wm_store_set_string (store, fixture->touchpoints[0], WM_TOUCHPOINT_EVIDENCE,
                                      "observed", &error));
  g_assert_true (wm_store_set_ref (store, fixture->touchpoints[1], WM_TOUCHPOINT_CHANNEL_ID,
                                   website, &error));
  g_assert_true (wm_store_set_ref (store, fixture->touchpoints[2], WM_TOUCHPOINT_CHANNEL_ID,
                                   shop, &error));
  g_assert_true (wm_store_set_boolean (store, fixture->touchpoints[2],
                                       WM_TOUCHPOINT_CONTEXT_CARRIED, FALSE, &error));
  g_assert_true (wm_store_set_string (store, fixture->touchpoints[2], WM_TOUCHPOINT_DROPOUT_RISK,
                                      "high", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_get_has_tooltip (canvas));

  /* A card: what its marks say. */
  g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, 0, 0, fixture->touchpoints[0],
                                                  &area));
  text = wm_journey_canvas_describe_at (fixture->canvas, area.origin.x + area.size.width / 2,
                                        area.origin.y + area.size.height / 2);
  g_assert_cmpstr (text, ==, "Sees an advert\nWebsite\nEmotion +1\nEvidence: observed");
  g_clear_pointer (&text, g_free);
  g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, 0, 0, fixture->touchpoints[2],
                                                  &area));
  text = wm_journey_canvas_describe_at (fixture->canvas, area.origin.x + 20,
                                        area.origin.y + area.size.height - 10);
  g_assert_cmpstr (text, ==, "Compares prices\nStore, from Website: context lost\n"
                             "Emotion −2\nEvidence: assumed\n"
                             "Moment that matters, high drop-out risk");
  g_clear_pointer (&text, g_free);

  /* A KPI shown on a card: its name, value and status. */
  {
    WmSample sample = { 1700000000, 12, 0 };
    gint64 kpi = wm_ui_test_insert (store, wm_ui_test_named (WM_ENTITY_KPI, WM_COLUMN_NONE, 0,
                                                             WM_KPI_NAME, "Churn"));
    const WmMapKpi *shown = NULL;
    g_autofree char *line = NULL;
    WmMapModel *model;

    g_assert_true (wm_store_add_samples (store, kpi, &sample, 1, "test", &error));
    g_assert_cmpint (wm_kpi_link_add (store, kpi, WM_KPI_LINK_TOUCHPOINT_ID,
                                      fixture->touchpoints[1], &error), >, 0);
    g_assert_no_error (error);
    wm_ui_test_iterate ();
    model = wm_journey_canvas_get_model (fixture->canvas);
    for (guint i = 0; i < model->kpis->len; i++)
      if (((WmMapKpi *) g_ptr_array_index (model->kpis, i))->touchpoint_id == fixture->touchpoints[1])
        shown = g_ptr_array_index (model->kpis, i);
    g_assert_nonnull (shown);
    g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, 0, 0,
                                                    fixture->touchpoints[1], &area));
    text = wm_journey_canvas_describe_at (fixture->canvas, area.origin.x + area.size.width / 2,
                                          area.origin.y + area.size.height / 2);
    line = g_strdup_printf ("\nKPI Churn: %s (%s)", shown->value_text,
                            wm_kpi_status_to_string (shown->status));
    g_assert_nonnull (strstr (text, line));
    g_clear_pointer (&text, g_free);
  }

  /* The switch between the two: which channels, which cards, the risk. */
  layout = wm_journey_canvas_get_layout (fixture->canvas);
  g_assert_cmpuint (wm_map_layout_get_n_switches (layout), ==, 1);
  mark = wm_map_layout_get_switch (layout, 0);
  text = wm_journey_canvas_describe_at (fixture->canvas, mark->rect.x + mark->rect.width / 2,
                                        mark->rect.y + mark->rect.height / 2);
  g_assert_cmpstr (text, ==, "Website → Store\nReads reviews → Compares prices\nContext lost");
  g_clear_pointer (&text, g_free);

  /* A point of the emotion curve. */
  for (guint i = 0; i < wm_map_layout_get_n_curves (layout); i++)
    curve = wm_map_layout_get_curve (layout, i);
  g_assert_nonnull (curve);
  g_assert_cmpuint (curve->points->len, ==, 3);
  {
    const WmMapCurvePoint *point = &g_array_index (curve->points, WmMapCurvePoint, 2);

    text = wm_journey_canvas_describe_at (fixture->canvas, point->x, point->y);
    g_assert_cmpstr (text, ==, "The customer feels −2 at “Compares prices”");
    g_clear_pointer (&text, g_free);
  }

  /* A stage header: its whole description (the header may cut it short)
   * and how the stage feels on average. */
  g_assert_true (wm_store_set_string (store, fixture->stages[1], WM_STAGE_DESCRIPTION,
                                      "The customer weighs three shops against each other.",
                                      &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  layout = wm_journey_canvas_get_layout (fixture->canvas);
  {
    const WmMapStageBox *stage = wm_map_layout_get_stage (layout, 1);

    text = wm_journey_canvas_describe_at (fixture->canvas,
                                          stage->header.x + stage->header.width / 2,
                                          stage->header.y + stage->header.height / 2);
    g_assert_cmpstr (text, ==, "Decide\nThe customer weighs three shops against each other.\n"
                               "Average emotion −2.0");
    g_clear_pointer (&text, g_free);
  }

  /* The "+" after the last stage; nothing where nothing is. */
  wm_map_layout_get_size (layout, &width, &height);
  text = wm_journey_canvas_describe_at (fixture->canvas, width + 8, 20);
  g_assert_cmpstr (text, ==, "Add Stage");
  g_clear_pointer (&text, g_free);
  text = wm_journey_canvas_describe_at (fixture->canvas, width + 200, height + 200);
  g_assert_null (text);

  /* A screen reader hears the same of the focused card. */
  wm_journey_canvas_select_touchpoint (fixture->canvas, fixture->touchpoints[2]);
  text = wm_journey_canvas_describe_focus (fixture->canvas);
  g_assert_cmpstr (text, ==, "Touchpoint Compares prices, Store, from Website: context lost, "
                             "stage Decide, emotion −2, evidence: assumed, "
                             "moment that matters, high drop-out risk");
}

static int
card_findings (Fixture *fixture,
               gint64   touchpoint_id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (wm_journey_canvas_get_model (fixture->canvas),
                                                     touchpoint_id);

  g_assert_nonnull (tp);

  return tp->findings;
}

/* The cards count their copy's brand-voice findings, and follow the copy
 * and the rules as they change: a CX manager sees on the map which
 * messages break the voice. */
static void
test_voice_findings (Fixture       *fixture,
                     gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmRecord) rule = wm_record_new (WM_ENTITY_VOICE_RULE);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  graphene_rect_t area;
  gint64 guideline;

  g_assert_true (wm_store_set_string (store, fixture->touchpoints[0], WM_TOUCHPOINT_MESSAGE,
                                      "Open a ticket, and a second ticket.", &error));
  g_assert_true (wm_store_set_string (store, fixture->touchpoints[1], WM_TOUCHPOINT_MESSAGE,
                                      "Open a case.", &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  /* No rules yet: every card checked, none with a finding. */
  g_assert_cmpint (card_findings (fixture, fixture->touchpoints[0]), ==, 0);

  /* A rule: the card whose copy breaks it says how often, at once. */
  guideline = wm_ui_test_insert (store, wm_ui_test_named (WM_ENTITY_VOICE_GUIDELINE,
                                                          WM_COLUMN_NONE, 0,
                                                          WM_VOICE_GUIDELINE_NAME, "Voice"));
  wm_record_set_ref (rule, WM_VOICE_RULE_GUIDELINE_ID, guideline);
  wm_record_set_string (rule, WM_VOICE_RULE_KIND, "preferred");
  wm_record_set_string (rule, WM_VOICE_RULE_PATTERN, "ticket");
  wm_record_set_string (rule, WM_VOICE_RULE_REPLACEMENT, "case");
  wm_record_set_string (rule, WM_VOICE_RULE_SEVERITY, "error");
  g_assert_true (wm_voice_save_rule (store, rule, NULL, 0, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpint (card_findings (fixture, fixture->touchpoints[0]), ==, 2);
  /* The badge takes the colour of the worst finding. */
  g_assert_cmpint (wm_map_model_get_touchpoint (wm_journey_canvas_get_model (fixture->canvas),
                                                fixture->touchpoints[0])->findings_severity,
                   ==, WM_VOICE_SEVERITY_ERROR);
  g_assert_cmpint (card_findings (fixture, fixture->touchpoints[1]), ==, 0);
  g_assert_true (wm_journey_canvas_get_item_area (fixture->canvas, 0, 0, fixture->touchpoints[0],
                                                  &area));
  text = wm_journey_canvas_describe_at (fixture->canvas, area.origin.x + area.size.width / 2,
                                        area.origin.y + area.size.height / 2);
  /* The tooltip says what they are, as the panel would. */
  g_assert_nonnull (strstr (text, "\n2 brand-voice findings:\n"
                                  "• Write “case” instead of “ticket”.\n"
                                  "• Write “case” instead of “ticket”."));
  g_clear_pointer (&text, g_free);
  /* A screen reader hears how many, on the focused card. */
  wm_journey_canvas_select_touchpoint (fixture->canvas, fixture->touchpoints[0]);
  text = wm_journey_canvas_describe_focus (fixture->canvas);
  g_assert_true (g_str_has_suffix (text, ", 2 brand-voice findings"));
  g_clear_pointer (&text, g_free);

  /* Shown on a projector, the map can leave them out, remembered for the
   * next start; the tooltip then leaves them out too. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.waymark.Waymark");

    g_assert_true (wm_journey_canvas_get_show_findings (fixture->canvas));
    wm_ui_test_activate (GTK_WIDGET (fixture->view), "journeys.show-voice-findings", NULL);
    g_assert_false (wm_journey_canvas_get_show_findings (fixture->canvas));
    g_assert_false (g_settings_get_boolean (settings, "show-voice-findings"));
    text = wm_journey_canvas_describe_at (fixture->canvas, area.origin.x + area.size.width / 2,
                                          area.origin.y + area.size.height / 2);
    g_assert_null (strstr (text, "brand-voice"));
    g_clear_pointer (&text, g_free);
    g_settings_set_boolean (settings, "show-voice-findings", TRUE);
    g_assert_true (wm_journey_canvas_get_show_findings (fixture->canvas));
  }

  /* The copy mended: the count follows the edit. */
  g_assert_true (wm_store_set_string (store, fixture->touchpoints[0], WM_TOUCHPOINT_MESSAGE,
                                      "Open a case, and a second ticket.", &error));
  wm_ui_test_iterate ();
  g_assert_cmpint (card_findings (fixture, fixture->touchpoints[0]), ==, 1);

  /* Undo: the copy as it was (two findings), then no rule (none). */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpint (card_findings (fixture, fixture->touchpoints[0]), ==, 2);
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpint (card_findings (fixture, fixture->touchpoints[0]), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/waymark/ui/map/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("keyboard", test_keyboard);
  ADD ("touchpoint-create-delete", test_touchpoint_create_delete);
  ADD ("stage-edits", test_stage_edits);
  ADD ("lane-and-cell-edits", test_lane_and_cell_edits);
  ADD ("move-cards", test_move_cards);
  ADD ("copy-paste", test_copy_paste);
  ADD ("panel", test_panel);
  ADD ("journeys", test_journeys);
  ADD ("unrelated-change", test_unrelated_change);
  ADD ("rename-project", test_rename_project);
  ADD ("export-import", test_export_import);
  ADD ("paint", test_paint);
  ADD ("zoom-controls", test_zoom_controls);
  ADD ("personas-popover", test_personas_popover);
  ADD ("add-touchpoint-action", test_add_touchpoint_action);
  ADD ("panel-close", test_panel_close);
  ADD ("analysis-row", test_analysis_row);
  ADD ("analysis-gives-way", test_analysis_gives_way);
  ADD ("tooltips", test_tooltips);
  ADD ("voice-findings", test_voice_findings);
#undef ADD
  g_test_add_func ("/waymark/ui/map/empty-project", test_empty_project);
  g_test_add_func ("/waymark/ui/map/demo", test_demo);
  g_test_add_func ("/waymark/ui/map/header-name", test_header_name);

  return g_test_run ();
}
