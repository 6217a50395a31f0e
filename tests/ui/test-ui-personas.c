/* test-ui-personas.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include "wm-avatar-image.h"
#include "wm-demo.h"
#include "wm-journeys-view.h"
#include "wm-list-detail.h"
#include "wm-persona.h"
#include "wm-persona-card.h"
#include "wm-persona-editor.h"
#include "wm-personas-view.h"
#include "wm-test-util.h"
#include "wm-wrap-row.h"
#include "wm-window.h"
#include "wm-ui-test-util.h"

/* The Personas page as a person uses it: the gallery, creating a persona,
 * editing a field, reordering an item, deleting and undoing, and the
 * narrow layout. With WAYMARK_TEST_SCREENSHOTS=DIR the pages are saved
 * there as PNG files to look at. */

typedef struct
{
  char           *dir;
  char           *path;
  WmWindow       *window;
  WmStore        *store;
  WmPersonasView *view;
  WmPersonaEditor *editor;
} Fixture;

/* Helpers */

/* What a person sees: mapped widgets only. */
static GPtrArray *
find_all (GtkWidget *widget,
          GType      type)
{
  return wm_ui_test_find_all (widget, type, TRUE);
}

static guint
count_cards (Fixture *fixture)
{
  g_autoptr(GPtrArray) cards = find_all (GTK_WIDGET (fixture->view), WM_TYPE_PERSONA_CARD);

  return cards->len;
}

static AdwEntryRow *
entry_row (Fixture    *fixture,
           const char *title)
{
  g_autoptr(GPtrArray) rows = find_all (GTK_WIDGET (fixture->editor), ADW_TYPE_ENTRY_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *row_title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));

      if (g_strcmp0 (row_title, title) == 0)
        return g_ptr_array_index (rows, i);
    }
  g_error ("No field “%s” in the editor", title);
}

/* The item rows of the editor whose record is of @kind, in order. */
static GPtrArray *
item_rows (Fixture    *fixture,
           const char *kind)
{
  g_autoptr(GPtrArray) rows = find_all (GTK_WIDGET (fixture->editor), WM_TYPE_WRAP_ROW);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      WmRecord *item = g_object_get_data (g_ptr_array_index (rows, i), "wm-record");

      if (item && g_strcmp0 (wm_record_get_string (item, WM_PERSONA_ITEM_KIND), kind) == 0)
        g_ptr_array_add (items, g_ptr_array_index (rows, i));
    }

  return items;
}

static char *
goal_texts (Fixture *fixture,
            gint64   persona_id)
{
  g_autoptr(GPtrArray) items = wm_store_list (fixture->store, WM_ENTITY_PERSONA_ITEM,
                                              WM_PERSONA_ITEM_PERSONA_ID, persona_id, NULL);
  g_autoptr(GString) texts = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      WmRecord *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (wm_record_get_string (item, WM_PERSONA_ITEM_KIND), "goal") == 0)
        g_string_append_printf (texts, "%s|", wm_record_get_string (item, WM_PERSONA_ITEM_TEXT));
    }

  return g_string_free (g_steal_pointer (&texts), FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(WmStore) demo = NULL;
  AdwViewStack *stack;
  g_autoptr(GPtrArray) stacks = NULL;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "Demo.waymark", NULL);
  demo = wm_demo_create (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&demo);

  fixture->window = wm_window_new (NULL);
  {
    /* AdwApplication loads the style sheet; these tests run without one. */
    static GtkCssProvider *css;

    if (css == NULL)
      {
        css = gtk_css_provider_new ();
        gtk_css_provider_load_from_resource (css, "/org/waymark/Waymark/style.css");
        gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                    GTK_STYLE_PROVIDER (css),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      }
  }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  file = g_file_new_for_path (fixture->path);
  g_assert_true (wm_window_open_file (fixture->window, file, &error));
  g_assert_no_error (error);
  fixture->store = wm_window_get_store (fixture->window);
  wm_ui_test_iterate ();

  stacks = find_all (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK);
  g_assert_cmpuint (stacks->len, >, 0);
  stack = g_ptr_array_index (stacks, 0);
  adw_view_stack_set_visible_child_name (stack, "personas");
  wm_ui_test_iterate ();

  /* The window builds the page when it is first shown, inside a bin. */
  fixture->view = WM_PERSONAS_VIEW (wm_ui_test_find_type (adw_view_stack_get_visible_child (stack),
                                                          WM_TYPE_PERSONAS_VIEW));
  g_assert_true (WM_IS_PERSONAS_VIEW (fixture->view));
  {
    g_autoptr(GPtrArray) editors = find_all (GTK_WIDGET (fixture->view), WM_TYPE_PERSONA_EDITOR);

    g_assert_cmpuint (editors->len, ==, 1);
    fixture->editor = g_ptr_array_index (editors, 0);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wm_ui_test_iterate ();
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Tests */

static void
test_gallery (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) personas = wm_store_list (fixture->store, WM_ENTITY_PERSONA,
                                                 WM_COLUMN_NONE, 0, NULL);
  GtkWidget *search;
  g_autoptr(GPtrArray) entries = NULL;

  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "personas-gallery");

  /* A card per persona, with name, role and quote. */
  g_assert_cmpuint (count_cards (fixture), ==, personas->len);
  for (guint i = 0; i < personas->len; i++)
    {
      WmRecord *persona = g_ptr_array_index (personas, i);
      g_autofree char *quote = g_strdup_printf ("“%s”",
                                                wm_record_get_string (persona, WM_PERSONA_QUOTE));

      g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view),
                                            wm_record_get_string (persona, WM_PERSONA_ROLE)));
      g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), quote));
    }
  /* The channels of the first persona, in order. */
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view),
                                        "Website, Email, Phone, Video call"));

  /* Searching narrows the gallery. */
  entries = find_all (GTK_WIDGET (fixture->view), GTK_TYPE_SEARCH_ENTRY);
  search = g_ptr_array_index (entries, 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "ROSSI");
  wm_ui_test_wait_ms (400);
  g_assert_cmpuint (count_cards (fixture), ==, 1);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Marco Rossi"));
  gtk_editable_set_text (GTK_EDITABLE (search), "nobody at all");
  wm_ui_test_wait_ms (400);
  g_assert_cmpuint (count_cards (fixture), ==, 0);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "No matches"));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wm_ui_test_wait_ms (400);
  g_assert_cmpuint (count_cards (fixture), ==, personas->len);
}

static void
test_create_and_edit (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 before = wm_test_count (fixture->store, WM_ENTITY_PERSONA);
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(GError) error = NULL;
  AdwEntryRow *name;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "personas.new", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, before + 1);
  g_assert_cmpuint (count_cards (fixture), ==, before + 1);
  id = wm_persona_editor_get_persona_id (fixture->editor);
  g_assert_cmpint (id, >, 0);

  /* The editor shows the new persona, its name ready to type over. */
  name = entry_row (fixture, "Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "New persona");

  /* Typing in two bursts, committed once: one undo step for the field. */
  gtk_editable_set_text (GTK_EDITABLE (name), "Nora");
  gtk_editable_set_text (GTK_EDITABLE (name), "Nora Nightingale");
  wm_persona_editor_flush (fixture->editor);
  wm_ui_test_iterate ();
  persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, &error);
  g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_NAME), ==, "Nora Nightingale");
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Nora Nightingale"));

  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "Role")), "Night-shift nurse");
  gtk_editable_set_text (GTK_EDITABLE (entry_row (fixture, "Quote")),
                         "I do my admin at 3 a.m.; so should your service.");
  wm_persona_editor_flush (fixture->editor);
  wm_ui_test_iterate ();
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "personas-editor-new");

  /* Undo takes back the quote, then the role: the editor follows. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (fixture, "Role"))), ==, "");
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "New persona");
}

static void
test_reorder_item (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  GtkWidget *first;
  WmRecord *first_item;

  g_assert_cmpint (id, >, 0);
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "personas-editor");
  if (g_getenv ("WAYMARK_TEST_SCREENSHOTS") != NULL)
    {
      /* The rest of the editor, page by page, to look at. */
      g_autoptr(GPtrArray) scrolled = find_all (GTK_WIDGET (fixture->editor),
                                                GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment;

      adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrolled, 0));
      for (guint page = 1; page <= 4; page++)
        {
          g_autofree char *name = g_strdup_printf ("personas-editor-%u", page);

          gtk_adjustment_set_value (adjustment, page * 650);
          wm_ui_test_iterate ();
          wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), name);
        }
      gtk_adjustment_set_value (adjustment, 0);
      wm_ui_test_iterate ();
    }
  before = goal_texts (fixture, id);
  rows = item_rows (fixture, "goal");
  g_assert_cmpuint (rows->len, ==, 3);
  first = g_ptr_array_index (rows, 0);
  first_item = g_object_get_data (G_OBJECT (first), "wm-record");

  /* Alt+↓ on the first goal. */
  g_assert_true (gtk_widget_activate_action (first, "item.move-down", NULL));
  wm_ui_test_iterate ();
  after = goal_texts (fixture, id);
  g_assert_cmpstr (after, !=, before);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = item_rows (fixture, "goal");
  g_assert_cmpint (wm_record_get_id (g_object_get_data (g_ptr_array_index (rows, 1), "wm-record")),
                   ==, wm_record_get_id (first_item));

  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  undone = goal_texts (fixture, id);
  g_assert_cmpstr (undone, ==, before);

  /* Editing an item in place. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = item_rows (fixture, "goal");
  wm_wrap_row_set_text (g_ptr_array_index (rows, 2), "A changed goal");
  wm_persona_editor_flush (fixture->editor);
  g_clear_pointer (&after, g_free);
  after = goal_texts (fixture, id);
  g_assert_true (g_str_has_suffix (after, "|A changed goal|"));
}

/* The button under @widget whose tooltip is @tooltip. */
static GtkWidget *
button_with_tooltip (GtkWidget  *widget,
                     const char *tooltip)
{
  GtkWidget *button = wm_ui_test_find_tooltip (widget, GTK_TYPE_BUTTON, tooltip);

  g_assert_nonnull (button);
  return button;
}

/* A goal of two sentences is read whole: its row wraps it over as many
 * lines as it takes, within the list's width (an entry row showed the
 * first sixty characters or so and hid the rest). Enter stores it at once
 * and adds no line break. */
static void
test_long_item_wraps (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "Upgrade to the new release in one maintenance window, without downtime "
                     "for the warehouses, and know before the weekend which of the customised "
                     "reports will need a fix afterwards.";
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  g_autoptr(GPtrArray) rows = item_rows (fixture, "goal");
  g_autofree char *texts = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  WmWrapRow *long_row, *short_row;
  GtkWidget *long_text, *short_text;
  int line = 0;

  g_assert_cmpuint (rows->len, >=, 2);
  long_row = g_ptr_array_index (rows, 0);
  short_row = g_ptr_array_index (rows, 1);
  wm_wrap_row_set_text (short_row, "Fewer calls");
  wm_wrap_row_set_text (long_row, text);
  gtk_widget_grab_focus (GTK_WIDGET (long_row));
  /* Laid out on the next frames. */
  wm_ui_test_wait_ms (200);

  long_text = wm_wrap_row_get_text_view (long_row);
  short_text = wm_wrap_row_get_text_view (short_row);
  g_assert_true (gtk_widget_is_focus (long_text));
  /* A line of the text view's font. */
  layout = gtk_widget_create_pango_layout (short_text, "Fewer calls");
  pango_layout_get_pixel_size (layout, NULL, &line);
  g_assert_cmpint (line, >, 0);
  g_assert_cmpint (gtk_widget_get_height (short_text), >=, line);
  g_assert_cmpint (gtk_widget_get_height (short_text), <, 2 * line);
  g_assert_cmpint (gtk_widget_get_height (long_text), >=, 2 * line);
  g_assert_cmpint (gtk_widget_get_width (long_text), <=,
                   gtk_widget_get_width (GTK_WIDGET (long_row)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (long_row)), ==,
                   gtk_widget_get_width (GTK_WIDGET (short_row)));
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "personas-long-goal");

  /* The row being edited shows a focus ring, as an entry row does: its
   * edge is drawn otherwise than the row's beside it. */
  {
    g_autofree guint32 *focused = NULL;
    g_autofree guint32 *unfocused = NULL;
    int width = 0, height = 0, width2 = 0, height2 = 0;
    gboolean differs = FALSE;

    focused = wm_ui_test_render_pixels (GTK_WIDGET (long_row), &width, &height);
    gtk_widget_grab_focus (GTK_WIDGET (short_row));
    wm_ui_test_wait_ms (100);
    unfocused = wm_ui_test_render_pixels (GTK_WIDGET (long_row), &width2, &height2);
    g_assert_cmpint (width, ==, width2);
    g_assert_cmpint (height, ==, height2);
    for (int y = 4; y < height - 4 && !differs; y++)
      differs = focused[y * width + 1] != unfocused[y * width + 1];
    g_assert_true (differs);
    gtk_widget_grab_focus (GTK_WIDGET (long_row));
    wm_ui_test_iterate ();
  }

  g_assert_true (wm_ui_test_press_key_capture (long_text, GDK_KEY_Return, 0));
  g_assert_cmpstr (wm_wrap_row_get_text (long_row), ==, text);
  /* Stored without waiting for the pause after typing. */
  texts = goal_texts (fixture, id);
  expected = g_strconcat (text, "|", NULL);
  g_assert_true (g_str_has_prefix (texts, expected));

  /* Moved down (Alt+↓), the rows are made anew: each is still as tall as
   * its own text, none a column of single words. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (long_row), "item.move-down", NULL));
  wm_ui_test_wait_ms (200);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = item_rows (fixture, "goal");
  long_row = g_ptr_array_index (rows, 1);
  short_row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (wm_wrap_row_get_text (long_row), ==, text);
  g_assert_cmpint (gtk_widget_get_height (wm_wrap_row_get_text_view (short_row)), <, 2 * line);
  g_assert_cmpint (gtk_widget_get_height (wm_wrap_row_get_text_view (long_row)), >=, 2 * line);
  g_assert_cmpint (gtk_widget_get_height (wm_wrap_row_get_text_view (long_row)), <=, 4 * line);
}

/* The shortcuts window's Persona group lists keys that do what it says
 * from where a person types: Alt+↓ then Alt+↑ from a goal's text move it
 * down and back. */
static void
test_shortcuts_listed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/org/waymark/Waymark/wm-shortcuts-window.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) groups = wm_ui_test_find_all (overlay, GTK_TYPE_SHORTCUTS_GROUP, FALSE);
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  g_autofree char *before = goal_texts (fixture, id);
  g_autofree char *accelerator = NULL;
  g_auto(GStrv) accels = NULL;
  GtkWidget *group = NULL;

  for (guint i = 0; i < groups->len && group == NULL; i++)
    {
      g_autofree char *title = NULL;

      g_object_get (g_ptr_array_index (groups, i), "title", &title, NULL);
      if (g_strcmp0 (title, "Persona") == 0)
        group = g_ptr_array_index (groups, i);
    }
  g_assert_nonnull (group);
  g_object_get (wm_ui_test_find_type (group, GTK_TYPE_SHORTCUTS_SHORTCUT),
                "accelerator", &accelerator, NULL);
  accels = g_strsplit (accelerator, " ", -1);
  g_assert_cmpuint (g_strv_length (accels), ==, 2);

  /* The second of the first goal's, then back with the first. */
  for (int k = 1; k >= 0; k--)
    {
      g_autoptr(GPtrArray) rows = item_rows (fixture, "goal");
      WmWrapRow *row = g_ptr_array_index (rows, 1 - k);
      g_autofree char *after = NULL;
      guint keyval = 0;
      GdkModifierType modifiers = 0;

      g_assert_true (gtk_accelerator_parse (accels[k], &keyval, &modifiers));
      g_assert_true (wm_ui_test_press_shortcut (wm_wrap_row_get_text_view (row), keyval,
                                                modifiers));
      wm_ui_test_iterate ();
      after = goal_texts (fixture, id);
      if (k == 1)
        g_assert_cmpstr (after, !=, before);
      else
        g_assert_cmpstr (after, ==, before);
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* A goal added with the group's + button starts empty with the focus in
 * it, takes what is typed, and goes with its own Remove button, which
 * offers undo. */
static void
test_add_remove_item (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  g_autoptr(GPtrArray) rows = item_rows (fixture, "goal");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = goal_texts (fixture, id);
  g_autofree char *typed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *undone = NULL;
  guint n = rows->len;
  GtkWidget *added;
  GtkRoot *root;

  g_signal_emit_by_name (button_with_tooltip (GTK_WIDGET (fixture->editor), "Add goal"),
                         "clicked");
  wm_ui_test_iterate ();
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = item_rows (fixture, "goal");
  g_assert_cmpuint (rows->len, ==, n + 1);
  added = g_ptr_array_index (rows, n);
  g_assert_cmpstr (wm_wrap_row_get_text (WM_WRAP_ROW (added)), ==, "");
  root = gtk_widget_get_root (added);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), added)
                 || gtk_root_get_focus (root) == added);

  wm_wrap_row_set_text (WM_WRAP_ROW (added), "Fewer calls to support");
  wm_persona_editor_flush (fixture->editor);
  typed = goal_texts (fixture, id);
  expected = g_strconcat (before, "Fewer calls to support|", NULL);
  g_assert_cmpstr (typed, ==, expected);

  g_signal_emit_by_name (button_with_tooltip (added, "Remove"), "clicked");
  wm_ui_test_iterate ();
  removed = goal_texts (fixture, id);
  g_assert_cmpstr (removed, ==, before);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = item_rows (fixture, "goal");
  g_assert_cmpuint (rows->len, ==, n);

  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  undone = goal_texts (fixture, id);
  g_assert_cmpstr (undone, ==, typed);
}

static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 before = wm_test_count (fixture->store, WM_ENTITY_PERSONA);
  gint64 items = wm_test_count (fixture->store, WM_ENTITY_PERSONA_ITEM);
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  g_autoptr(WmRecord) persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, NULL);
  g_autofree char *name = g_strdup (wm_record_get_string (persona, WM_PERSONA_NAME));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "personas.delete", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, before - 1);
  g_assert_cmpuint (count_cards (fixture), ==, before - 1);
  g_assert_false (wm_ui_test_find_label (GTK_WIDGET (fixture->view), name));
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "personas-deleted");

  /* The toast's Undo button runs win.undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "win.undo", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, before);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA_ITEM), ==, items);
  g_assert_cmpuint (count_cards (fixture), ==, before);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), name));
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 before = wm_test_count (fixture->store, WM_ENTITY_PERSONA);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "personas.duplicate",
                                             NULL));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, before + 1);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Sabine Keller (copy)"));
}

static void
test_show_persona_action (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) personas = wm_store_list (fixture->store, WM_ENTITY_PERSONA,
                                                 WM_COLUMN_NONE, 0, NULL);
  gint64 last = wm_record_get_id (g_ptr_array_index (personas, personas->len - 1));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-persona",
                                             "x", last));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_persona_editor_get_persona_id (fixture->editor), ==, last);
}

static void
test_open_journey (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  g_autoptr(GPtrArray) journeys = wm_persona_list_journeys (fixture->store, id, NULL);
  g_autoptr(GPtrArray) stacks = find_all (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK);
  gint64 journey = wm_record_get_id (g_ptr_array_index (journeys, journeys->len - 1));
  GtkWidget *journeys_view;

  /* The persona's journey row has a button that opens the journey's map. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "win.show-journey",
                                             "x", journey));
  wm_ui_test_iterate ();
  journeys_view = adw_view_stack_get_visible_child (g_ptr_array_index (stacks, 0));
  g_assert_true (WM_IS_JOURNEYS_VIEW (journeys_view));
  g_assert_cmpint (wm_journeys_view_get_selected_id (WM_JOURNEYS_VIEW (journeys_view)), ==,
                   journey);

  /* And back to the persona. */
  g_assert_true (gtk_widget_activate_action (journeys_view, "win.show-persona", "x", id));
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (fixture->view),
    adw_view_stack_get_visible_child (g_ptr_array_index (stacks, 0))));
  g_assert_cmpint (wm_persona_editor_get_persona_id (fixture->editor), ==, id);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  /* The page alone in a phone-sized window: the project window is as wide
   * as its widest page needs, and that is another page's business. */
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = wm_personas_view_new ();
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) editors = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) cards_after = NULL;
  WmListDetail *list_detail;

  wm_personas_view_set_store (WM_PERSONAS_VIEW (view), fixture->store);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_wait_ms (300);

  details = find_all (view, WM_TYPE_LIST_DETAIL);
  list_detail = g_ptr_array_index (details, 0);
  g_assert_cmpint (gtk_widget_get_width (window), <=, 380);
  g_assert_true (wm_list_detail_get_folded (list_detail));
  wm_list_detail_show_detail (list_detail, FALSE);
  wm_ui_test_wait_ms (400);
  cards = find_all (view, WM_TYPE_PERSONA_CARD);
  g_assert_cmpuint (cards->len, ==, 3);
  wm_ui_test_save_screenshot (window, "personas-narrow-gallery");

  /* Choosing a card shows its editor, with a way back. */
  lists = find_all (view, GTK_TYPE_LIST_VIEW);
  for (guint i = 0; i < lists->len; i++)
    {
      /* The gallery, not the editor's drop-down lists. */
      if (gtk_widget_has_css_class (g_ptr_array_index (lists, i), "navigation-sidebar"))
        g_signal_emit_by_name (g_ptr_array_index (lists, i), "activate", 1);
    }
  wm_ui_test_wait_ms (400);
  cards_after = find_all (view, WM_TYPE_PERSONA_CARD);
  g_assert_cmpuint (cards_after->len, ==, 0);
  editors = find_all (view, WM_TYPE_PERSONA_EDITOR);
  g_assert_cmpuint (editors->len, ==, 1);
  g_assert_cmpint (wm_persona_editor_get_persona_id (g_ptr_array_index (editors, 0)), ==, 2);
  wm_ui_test_save_screenshot (window, "personas-narrow-editor");

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

static void
test_avatar_shown (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(WmRecord) persona = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;
  gboolean any_image = FALSE;
  char *buffer;
  gsize size;

  gdk_pixbuf_fill (pixbuf, 0x26a269ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  png = g_bytes_new_take (buffer, size);
  persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA,
                          wm_persona_editor_get_persona_id (fixture->editor), &error);
  wm_record_set_bytes (persona, WM_PERSONA_AVATAR, png);
  g_assert_true (wm_store_update (fixture->store, persona, &error));
  wm_ui_test_iterate ();

  images = find_all (GTK_WIDGET (fixture->view), WM_TYPE_AVATAR_IMAGE);
  for (guint i = 0; i < images->len; i++)
    any_image |= wm_avatar_image_has_image (g_ptr_array_index (images, i));
  g_assert_true (any_image);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture->editor)));

  /* The picture's delete button: initials again, with undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor),
                                             "editor.remove-picture", NULL));
  wm_ui_test_iterate ();
  g_clear_object (&persona);
  persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA,
                          wm_persona_editor_get_persona_id (fixture->editor), &error);
  g_assert_no_error (error);
  g_assert_false (wm_record_is_set (persona, WM_PERSONA_AVATAR)
                  && g_bytes_get_size (wm_record_get_bytes (persona, WM_PERSONA_AVATAR)) > 0);
  g_assert_true (wm_ui_test_find_label_containing (GTK_WIDGET (fixture->window),
                                                   "Picture removed") != NULL);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_object (&persona);
  persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA,
                          wm_persona_editor_get_persona_id (fixture->editor), &error);
  g_assert_true (g_bytes_equal (wm_record_get_bytes (persona, WM_PERSONA_AVATAR), png));
}

/* The persona's colour as stored. */
static char *
stored_color (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA,
                                              wm_persona_editor_get_persona_id (fixture->editor),
                                              &error);

  g_assert_no_error (error);
  return g_strdup (wm_persona_get_color (persona));
}

/* The palette's swatch ringed as the persona's colour, or -1 for none. */
static int
ringed_swatch (GPtrArray *swatches)
{
  int ringed = -1;

  for (guint i = 0; i < swatches->len; i++)
    {
      if (gtk_widget_has_css_class (g_ptr_array_index (swatches, i), "wm-swatch-selected"))
        {
          g_assert_cmpint (ringed, ==, -1);
          ringed = (int) i;
        }
    }

  return ringed;
}

/* The colour drawn at the middle of @widget, as 0xRRGGBB. */
static guint32
drawn_color (GtkWidget *widget)
{
  int width, height;
  g_autofree guint32 *pixels = wm_ui_test_render_pixels (widget, &width, &height);

  return pixels[(height / 2) * width + width / 2] & 0xffffff;
}

/* The colour button as it is while the persona's colour is the palette's:
 * its icon, not ringed. */
static void
assert_shows_icon (GtkWidget *button)
{
  g_autoptr(GPtrArray) icons = find_all (button, GTK_TYPE_IMAGE);
  g_autoptr(GPtrArray) discs = find_all (button, WM_TYPE_AVATAR_IMAGE);

  g_assert_false (gtk_widget_has_css_class (button, "wm-swatch-selected"));
  g_assert_cmpuint (icons->len, ==, 1);
  g_assert_cmpstr (gtk_image_get_icon_name (g_ptr_array_index (icons, 0)), ==,
                   "color-select-symbolic");
  g_assert_cmpuint (discs->len, ==, 0);
}

/* The colour button as it is while the persona's colour is one of its own:
 * that colour, @rgb, in place of the icon, ringed like a chosen swatch. */
static void
assert_shows_color (GtkWidget *button,
                    guint32    rgb)
{
  g_autoptr(GPtrArray) icons = find_all (button, GTK_TYPE_IMAGE);

  g_assert_true (gtk_widget_has_css_class (button, "wm-swatch-selected"));
  g_assert_cmpuint (icons->len, ==, 0);
  g_assert_cmphex (drawn_color (button), ==, rgb);
}

/* Clicks the colour button and returns the colour chooser it opens. */
static GtkColorChooser *
open_color_chooser (Fixture   *fixture,
                    GtkWidget *button)
{
  GtkWindow *dialog;

  g_assert_null (wm_ui_test_find_toplevel (GTK_TYPE_COLOR_CHOOSER_DIALOG, FALSE));
  g_signal_emit_by_name (button, "clicked");
  wm_ui_test_iterate ();
  dialog = wm_ui_test_find_toplevel (GTK_TYPE_COLOR_CHOOSER_DIALOG, TRUE);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (dialog));

  return GTK_COLOR_CHOOSER (dialog);
}

/* Answers the colour chooser with @response, and lets the editor follow. */
static void
close_color_chooser (GtkColorChooser *chooser,
                     int              response)
{
  gtk_dialog_response (GTK_DIALOG (chooser), response);
  wm_ui_test_iterate ();
  g_assert_null (wm_ui_test_find_toplevel (GTK_TYPE_COLOR_CHOOSER_DIALOG, FALSE));
}

/* The colour comes from the palette or, through the colour button, from
 * anywhere: it is stored at once and the swatch that has it is ringed. The
 * colour button, a swatch of the same size, shows its icon while the colour
 * is the palette's, and a colour of one's own, ringed, while it is not.
 * Undo takes each step back. */
static void
test_colors (Fixture       *fixture,
             gconstpointer  data)
{
  const char *const *palette = wm_persona_palette ();
  g_autoptr(GPtrArray) buttons = find_all (GTK_WIDGET (fixture->editor), GTK_TYPE_BUTTON);
  g_autoptr(GPtrArray) swatches = g_ptr_array_new ();
  GtkWidget *custom = wm_ui_test_find_tooltip (GTK_WIDGET (fixture->editor), GTK_TYPE_BUTTON,
                                               "Other Colour…");
  GtkWidget *first;
  GtkColorChooser *chooser;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = stored_color (fixture);
  g_autofree char *color = NULL;
  GdkRGBA rgba = { 0x12 / 255.0, 0x34 / 255.0, 0x56 / 255.0, 1.0 };
  GdkRGBA shown, expected;
  guint pick, other;

  g_assert_nonnull (custom);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (button != custom && gtk_widget_has_css_class (button, "wm-swatch"))
        g_ptr_array_add (swatches, button);
    }
  g_assert_cmpuint (swatches->len, ==, g_strv_length ((char **) palette));
  first = g_ptr_array_index (swatches, 0);

  /* The demo persona's colour is the palette's. */
  g_assert_cmpint (ringed_swatch (swatches), !=, -1);
  assert_shows_icon (custom);
  g_assert_cmpint (gtk_widget_get_width (custom), ==, gtk_widget_get_width (first));
  g_assert_cmpint (gtk_widget_get_height (custom), ==, gtk_widget_get_height (first));

  /* A swatch other than the persona's. */
  pick = g_ascii_strcasecmp (palette[3], before) == 0 ? 4 : 3;
  g_signal_emit_by_name (g_ptr_array_index (swatches, pick), "clicked");
  wm_ui_test_iterate ();
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, palette[pick]);
  g_assert_cmpint (ringed_swatch (swatches), ==, (int) pick);
  assert_shows_icon (custom);

  /* The chooser starts at the persona's colour; cancelled, it changes nothing. */
  chooser = open_color_chooser (fixture, custom);
  gtk_color_chooser_get_rgba (chooser, &shown);
  g_assert_true (gdk_rgba_parse (&expected, palette[pick]));
  g_assert_true (gdk_rgba_equal (&shown, &expected));
  gtk_color_chooser_set_rgba (chooser, &rgba);
  close_color_chooser (chooser, GTK_RESPONSE_CANCEL);
  g_free (color);
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, palette[pick]);
  assert_shows_icon (custom);

  /* One's own colour: no swatch has it; the colour button shows it, ringed,
   * and is still the size of a swatch. */
  chooser = open_color_chooser (fixture, custom);
  gtk_color_chooser_set_rgba (chooser, &rgba);
  close_color_chooser (chooser, GTK_RESPONSE_OK);
  g_free (color);
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, "#123456");
  g_assert_cmpint (ringed_swatch (swatches), ==, -1);
  assert_shows_color (custom, 0x123456);
  g_assert_cmpint (gtk_widget_get_width (custom), ==, gtk_widget_get_width (first));
  g_assert_cmpint (gtk_widget_get_height (custom), ==, gtk_widget_get_height (first));

  /* Back to the palette: the button shows its icon again. */
  other = pick + 1;
  g_signal_emit_by_name (g_ptr_array_index (swatches, other), "clicked");
  wm_ui_test_iterate ();
  g_free (color);
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, palette[other]);
  g_assert_cmpint (ringed_swatch (swatches), ==, (int) other);
  assert_shows_icon (custom);
  g_assert_cmphex (drawn_color (custom), !=, 0x123456);

  /* Undo, step by step. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_free (color);
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, "#123456");
  g_assert_cmpint (ringed_swatch (swatches), ==, -1);
  assert_shows_color (custom, 0x123456);
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_free (color);
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, palette[pick]);
  g_assert_cmpint (ringed_swatch (swatches), ==, (int) pick);
  assert_shows_icon (custom);
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_free (color);
  color = stored_color (fixture);
  g_assert_cmpstr (color, ==, before);
  assert_shows_icon (custom);
  g_assert_no_error (error);
}

/* The check row titled @title in the editor. */
static GtkWidget *
check_row (Fixture    *fixture,
           const char *title)
{
  g_autoptr(GPtrArray) rows = find_all (GTK_WIDGET (fixture->editor), ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (g_object_get_data (G_OBJECT (row), "wm-check") != NULL
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return row;
    }
  g_error ("No check row “%s” in the editor", title);
}

static void
test_channels_and_journeys (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  GtkWidget *row = check_row (fixture, "Mobile app");
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "wm-check");
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) journeys_before = NULL;
  g_autoptr(GPtrArray) journeys_after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *journey_row;

  /* Ticking a channel links it at once; the gallery's card shows it. */
  g_assert_false (gtk_check_button_get_active (check));
  gtk_check_button_set_active (check, TRUE);
  wm_ui_test_iterate ();
  channels = wm_persona_list_channels (fixture->store, id, &error);
  g_assert_cmpstr (wm_record_get_label (g_ptr_array_index (channels, channels->len - 1)), ==,
                   "Mobile app");
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view),
                                        "Website, Email, Phone, Video call, Mobile app"));
  /* The same row is still there, so the keyboard focus stays on it. */
  g_assert_true (check_row (fixture, "Mobile app") == row);

  /* Taking the persona out of a journey, and undoing that. */
  journeys_before = wm_persona_list_journeys (fixture->store, id, &error);
  g_assert_cmpuint (journeys_before->len, >, 0);
  journey_row = check_row (fixture, wm_record_get_label (g_ptr_array_index (journeys_before, 0)));
  gtk_check_button_set_active (g_object_get_data (G_OBJECT (journey_row), "wm-check"), FALSE);
  wm_ui_test_iterate ();
  journeys_after = wm_persona_list_journeys (fixture->store, id, &error);
  g_assert_cmpuint (journeys_after->len, ==, journeys_before->len - 1);
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_assert_true (gtk_check_button_get_active (g_object_get_data (G_OBJECT (journey_row),
                                                                 "wm-check")));
}

static void
wait_for_import (Fixture *fixture)
{
  for (guint i = 0; i < 500 && wm_persona_editor_is_importing (fixture->editor); i++)
    wm_ui_test_iterate ();
  g_assert_false (wm_persona_editor_is_importing (fixture->editor));
  wm_ui_test_iterate ();
}

static void
test_picture_import (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GdkPixbuf) photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1600, 1200);
  g_autofree char *good = g_build_filename (fixture->dir, "portrait.png", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "notes.png", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(WmRecord) before = NULL;
  g_autoptr(WmRecord) after = NULL;
  g_autoptr(WmRecord) unchanged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = NULL;
  gint64 id = wm_persona_editor_get_persona_id (fixture->editor);
  GBytes *avatar;

  gdk_pixbuf_fill (photo, 0xc64600ff);
  g_assert_true (gdk_pixbuf_save (photo, good, "png", &error, NULL));
  g_assert_true (g_file_set_contents (text, "Not a picture at all.\n", -1, &error));

  before = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, &error);
  g_assert_null (wm_record_get_bytes (before, WM_PERSONA_AVATAR));

  /* A good picture: decoded in the background, stored small, shown. */
  wm_persona_editor_import_picture (fixture->editor, good_file);
  wait_for_import (fixture);
  after = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, &error);
  avatar = wm_record_get_bytes (after, WM_PERSONA_AVATAR);
  g_assert_nonnull (avatar);
  g_assert_cmpuint (g_bytes_get_size (avatar), <=, 200 * 1024);
  images = find_all (GTK_WIDGET (fixture->editor), WM_TYPE_AVATAR_IMAGE);
  g_assert_true (wm_avatar_image_has_image (g_ptr_array_index (images, 0)));
  wm_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "personas-editor-picture");

  /* A text file named .png: a clear message, and the picture stays. */
  wm_persona_editor_import_picture (fixture->editor, text_file);
  wait_for_import (fixture);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->window),
                                        "“notes.png” cannot be used: "
                                        "The file is not a PNG or JPEG image."));
  unchanged = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, &error);
  g_assert_true (g_bytes_equal (wm_record_get_bytes (unchanged, WM_PERSONA_AVATAR), avatar));

  /* Undo takes the picture away again. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  wm_ui_test_iterate ();
  g_assert_false (wm_avatar_image_has_image (g_ptr_array_index (images, 0)));
}

/* A new project has no personas: the first one can still be made, from the
 * empty page's button. */
static void
test_first_persona (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autoptr(WmStore) empty = wm_test_create_store (dir, "New.waymark", NULL);
  g_autofree char *path = g_build_filename (dir, "New.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WmWindow *window = wm_window_new (NULL);
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *new_button = NULL;
  GtkWidget *view;

  g_clear_object (&empty);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, file, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  wm_ui_test_show_page (window, "personas");
  view = wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_PERSONAS_VIEW);

  buttons = wm_ui_test_find_all (view, GTK_TYPE_BUTTON, TRUE);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                   "personas.new") == 0)
      new_button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (new_button);
  g_assert_true (gtk_widget_is_sensitive (new_button));
  g_assert_true (gtk_widget_activate_action (view, "personas.new", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (wm_window_get_store (window), WM_ENTITY_PERSONA), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: skipping the UI tests\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/waymark/ui/personas/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("gallery", test_gallery);
  ADD ("create-edit", test_create_and_edit);
  ADD ("reorder-item", test_reorder_item);
  ADD ("add-remove-item", test_add_remove_item);
  ADD ("long-item-wraps", test_long_item_wraps);
  ADD ("shortcuts-listed", test_shortcuts_listed);
  ADD ("delete-undo", test_delete_undo);
  ADD ("duplicate", test_duplicate);
  ADD ("show-persona", test_show_persona_action);
  ADD ("open-journey", test_open_journey);
  ADD ("narrow", test_narrow);
  ADD ("avatar", test_avatar_shown);
  ADD ("colors", test_colors);
  ADD ("picture-import", test_picture_import);
  ADD ("channels-journeys", test_channels_and_journeys);
  g_test_add_func ("/waymark/ui/personas/first-persona", test_first_persona);

#undef ADD

  return g_test_run ();
}
