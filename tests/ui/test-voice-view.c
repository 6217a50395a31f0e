/* test-voice-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm-demo.h"
#include "wm-test-util.h"
#include "wm-voice-project.h"
#include "wm-voice-report-view.h"
#include "wm-voice-rule-editor.h"
#include "wm-wrap-row.h"
#include "wm-voice-view.h"
#include "wm-ui-test-util.h"

/* The Brand voice page on the demo: the rule editor refuses rules that do
 * not parse, guideline edits are single undo steps, and the report scores
 * the copy, jumps to a touchpoint and exports. */

typedef struct
{
  char      *dir;
  WmStore   *store;
  GtkWidget *window;
  gint64     shown_touchpoint;
} Fixture;

static void
show_touchpoint_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->shown_touchpoint = g_variant_get_int64 (parameter);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show = g_simple_action_new ("show-touchpoint", G_VARIANT_TYPE_INT64);

  fixture->dir = wm_test_make_temp_dir ();
  path = g_build_filename (fixture->dir, "demo.waymark", NULL);
  fixture->store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  wm_store_clear_history (fixture->store);

  /* The window's side of "win.show-touchpoint", as the map will install it. */
  g_signal_connect (show, "activate", G_CALLBACK (show_touchpoint_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show));
  fixture->window = gtk_window_new ();
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wm_ui_test_iterate ();
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static gint64
first_guideline (Fixture *fixture)
{
  g_autoptr(GPtrArray) guidelines = wm_store_list (fixture->store, WM_ENTITY_VOICE_GUIDELINE,
                                                   WM_COLUMN_NONE, 0, NULL);

  g_assert_cmpuint (guidelines->len, >, 0);

  return wm_record_get_id (g_ptr_array_index (guidelines, 0));
}

static gpointer
child (GtkWidget  *widget,
       const char *name)
{
  gpointer found = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name);

  g_assert_nonnull (found);

  return found;
}

static void
type_text (GtkWidget  *editor,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, name)), text);
}

static void
test_rule_editor (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *editor;
  GtkWidget *check;
  g_autoptr(GError) error = NULL;
  gint64 n_rules = wm_test_count (fixture->store, WM_ENTITY_VOICE_RULE);

  editor = wm_voice_rule_editor_new (fixture->store, first_guideline (fixture), NULL);
  g_object_ref_sink (editor);
  gtk_window_set_child (GTK_WINDOW (fixture->window), editor);

  /* Empty: not valid, and not yet scolding. */
  g_assert_false (wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));
  g_assert_false (gtk_widget_get_visible (child (editor, "reason_label")));

  /* A regex that does not parse says why and cannot be saved. */
  gtk_drop_down_set_selected (child (editor, "kind_dropdown"), WM_VOICE_KIND_REGEX);
  type_text (editor, "pattern_entry", "(unclosed");
  g_assert_false (wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));
  g_assert_nonnull (strstr (wm_voice_rule_editor_get_reason (WM_VOICE_RULE_EDITOR (editor)),
                            "does not parse"));
  g_assert_true (gtk_widget_get_visible (child (editor, "reason_label")));
  g_assert_false (wm_voice_rule_editor_save (WM_VOICE_RULE_EDITOR (editor), &error));
  g_assert_error (error, WM_VOICE_ERROR, WM_VOICE_ERROR_INVALID_RULE);
  g_clear_error (&error);
  type_text (editor, "pattern_entry", "x*");
  g_assert_nonnull (strstr (wm_voice_rule_editor_get_reason (WM_VOICE_RULE_EDITOR (editor)),
                            "empty text"));
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_VOICE_RULE), ==, n_rules);

  /* Kind-specific fields: a length has no term, a term no length. */
  g_assert_false (gtk_widget_get_visible (child (editor, "length_box")));
  gtk_drop_down_set_selected (child (editor, "kind_dropdown"), WM_VOICE_KIND_MAX_LENGTH);
  g_assert_true (gtk_widget_get_visible (child (editor, "length_box")));
  g_assert_false (gtk_widget_get_visible (child (editor, "pattern_entry")));
  gtk_spin_button_set_value (child (editor, "length_spin"), 0);
  g_assert_false (wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));
  gtk_spin_button_set_value (child (editor, "length_spin"), 90);
  g_assert_true (wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));

  /* Push notifications: scoped to the app channel. */
  check = gtk_widget_get_first_child (child (editor, "channels_box"));
  while (check != NULL && !GTK_IS_CHECK_BUTTON (check))
    check = gtk_widget_get_first_child (check);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (wm_voice_rule_editor_save (WM_VOICE_RULE_EDITOR (editor), &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_VOICE_RULE), ==, n_rules + 1);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Add voice rule");
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_VOICE_RULE_CHANNEL), ==, 4);

  gtk_window_set_child (GTK_WINDOW (fixture->window), NULL);
  g_object_unref (editor);
}

static void
test_edit_rule (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) rules = wm_store_list (fixture->store, WM_ENTITY_VOICE_RULE,
                                              WM_COLUMN_NONE, 0, NULL);
  g_autoptr(WmRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  WmRecord *preferred = NULL;
  GtkWidget *editor;

  for (guint i = 0; i < rules->len; i++)
    {
      if (preferred == NULL
          && g_strcmp0 (wm_record_get_string (g_ptr_array_index (rules, i), WM_VOICE_RULE_KIND),
                        "preferred") == 0)
        preferred = g_ptr_array_index (rules, i);
    }
  g_assert_nonnull (preferred);

  editor = g_object_ref_sink (wm_voice_rule_editor_new (fixture->store, 0, preferred));
  g_assert_true (wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));
  g_assert_cmpstr (gtk_editable_get_text (child (editor, "pattern_entry")), ==, "utilize");

  /* Emptying the replacement is refused; nothing changes in the store. */
  type_text (editor, "replacement_entry", " ");
  g_assert_false (wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));
  g_assert_false (wm_voice_rule_editor_save (WM_VOICE_RULE_EDITOR (editor), &error));
  g_clear_error (&error);
  g_assert_false (wm_store_can_undo (fixture->store));

  type_text (editor, "replacement_entry", "apply");
  g_assert_true (wm_voice_rule_editor_save (WM_VOICE_RULE_EDITOR (editor), &error));
  g_assert_no_error (error);
  stored = wm_store_get (fixture->store, WM_ENTITY_VOICE_RULE, wm_record_get_id (preferred), NULL);
  g_assert_cmpstr (wm_record_get_string (stored, WM_VOICE_RULE_REPLACEMENT), ==, "apply");
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Change voice rule");
  g_object_unref (editor);
}

static WmWrapRow *
find_wrap_row (GtkWidget  *widget,
               const char *text)
{
  if (WM_IS_WRAP_ROW (widget) && g_strcmp0 (wm_wrap_row_get_text (WM_WRAP_ROW (widget)), text) == 0)
    return WM_WRAP_ROW (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      WmWrapRow *found = find_wrap_row (c, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Replaces what @row shows, as typing does: not applied yet. */
static void
type_into_row (WmWrapRow  *row,
               const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (wm_wrap_row_get_text_view (row));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* @row's apply button, found by its tooltip. */
static GtkWidget *
apply_button (WmWrapRow *row)
{
  GtkWidget *button = wm_ui_test_find_tooltip (GTK_WIDGET (row), GTK_TYPE_BUTTON, "Apply");

  g_assert_nonnull (button);
  return button;
}

static char *
principles (Fixture *fixture)
{
  g_autoptr(WmRecord) guideline = wm_store_get (fixture->store, WM_ENTITY_VOICE_GUIDELINE,
                                                first_guideline (fixture), NULL);

  return g_strdup (wm_record_get_string (guideline, WM_VOICE_GUIDELINE_PRINCIPLES));
}

static void
assert_principles (Fixture    *fixture,
                   const char *prefix,
                   const char *suffix)
{
  g_autofree char *text = principles (fixture);

  if (prefix != NULL && !g_str_has_prefix (text, prefix))
    g_error ("principles “%s” do not start with “%s”", text, prefix);
  if (suffix != NULL && !g_str_has_suffix (text, suffix))
    g_error ("principles “%s” do not end with “%s”", text, suffix);
}

/* The Brand voice page on the fixture's project, shown in its window. */
static GtkWidget *
show_view (Fixture *fixture)
{
  GtkWidget *view = wm_voice_view_new ();

  gtk_window_set_child (GTK_WINDOW (fixture->window), view);
  wm_voice_view_set_store (WM_VOICE_VIEW (view), fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wm_ui_test_iterate ();

  return view;
}

static void
test_guidelines (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *view = show_view (fixture);
  WmWrapRow *row;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  before = principles (fixture);

  /* Editing one principle: one undo step, the other lines kept. */
  row = find_wrap_row (view, "Lead with what the customer can do next.");
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (apply_button (row)));
  type_into_row (row, "Lead with the next step.");
  /* Offered, not yet stored. */
  g_assert_true (gtk_widget_get_visible (apply_button (row)));
  assert_principles (fixture, "Lead with what the customer", NULL);
  g_signal_emit_by_name (apply_button (row), "clicked");
  wm_ui_test_iterate ();
  assert_principles (fixture, "Lead with the next step.\nSay it once", NULL);
  g_assert_true (wm_store_can_undo (fixture->store));

  /* A new principle at the end. */
  row = find_wrap_row (view, "");
  g_assert_nonnull (row);
  type_into_row (row, "  Never blame the customer.  ");
  g_signal_emit_by_name (row, "apply");
  wm_ui_test_iterate ();
  assert_principles (fixture, NULL, "\nNever blame the customer.");
  g_assert_nonnull (find_wrap_row (view, "Never blame the customer."));

  /* Undo twice: the view shows the stored text again. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  assert_principles (fixture, before, before);
  g_assert_nonnull (find_wrap_row (view, "Lead with what the customer can do next."));
  g_assert_null (find_wrap_row (view, "Never blame the customer."));

  /* The tone, one long sentence, is read whole: wrapped over lines. Enter
   * applies what was typed. */
  {
    WmWrapRow *tone = WM_WRAP_ROW (wm_ui_test_find_row (view, WM_TYPE_WRAP_ROW,
                                                        "Tone attributes"));
    GtkWidget *text = wm_wrap_row_get_text_view (tone);
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (text, "Clear");
    g_autoptr(WmRecord) guideline = NULL;
    int line = 0;

    wm_ui_test_wait_ms (200);
    pango_layout_get_pixel_size (layout, NULL, &line);
    g_assert_cmpint (strlen (wm_wrap_row_get_text (tone)), >, 100);
    g_assert_cmpint (gtk_widget_get_height (text), >=, 2 * line);
    g_assert_cmpint (gtk_widget_get_width (text), <, gtk_widget_get_width (GTK_WIDGET (tone)));

    type_into_row (tone, "Clear, not clinical; warm, not chummy.");
    g_assert_true (gtk_widget_get_visible (apply_button (tone)));
    g_assert_true (wm_ui_test_press_key_capture (wm_wrap_row_get_text_view (tone), GDK_KEY_Return,
                                                 0));
    wm_ui_test_iterate ();
    guideline = wm_store_get (fixture->store, WM_ENTITY_VOICE_GUIDELINE,
                              first_guideline (fixture), NULL);
    g_assert_cmpstr (wm_record_get_string (guideline, WM_VOICE_GUIDELINE_TONE), ==,
                     "Clear, not clinical; warm, not chummy.");
  }

  /* An emptied line goes away. */
  row = find_wrap_row (view, "Lead with what the customer can do next.");
  type_into_row (row, "");
  g_signal_emit_by_name (row, "apply");
  wm_ui_test_iterate ();
  assert_principles (fixture, "Say it once", NULL);
}

/* The widget of @type under @view whose tooltip is @tooltip. */
static GtkWidget *
with_tooltip (GtkWidget  *view,
              GType       type,
              const char *tooltip)
{
  GtkWidget *found = wm_ui_test_find_tooltip (view, type, tooltip);

  g_assert_nonnull (found);
  return found;
}

static gint64
row_id (GtkWidget *widget)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (widget), "id");
}

static guint
count_rows (Fixture    *fixture,
            WmEntity    entity,
            WmColumnId  parent_column,
            gint64      parent_id)
{
  g_autoptr(GPtrArray) rows = wm_store_list (fixture->store, entity, parent_column, parent_id,
                                             NULL);

  return rows->len;
}

/* A rule is switched off and removed from its row, with undo. */
static void
test_rules (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *view = show_view (fixture);
  g_autoptr(GError) error = NULL;
  gint64 guideline = first_guideline (fixture);
  guint n_rules = count_rows (fixture, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID, guideline);
  GtkWidget *toggle;
  gint64 rule;

  g_assert_cmpuint (n_rules, >, 0);

  /* A new rule's dialog opens ready for its term, not on Cancel. */
  {
    AdwMessageDialog *dialog;
    GtkWidget *editor;

    g_assert_true (gtk_widget_activate_action (view, "voice.add-rule", NULL));
    wm_ui_test_iterate ();
    dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
    g_assert_nonnull (dialog);
    editor = wm_ui_test_find_type (GTK_WIDGET (dialog), WM_TYPE_VOICE_RULE_EDITOR);
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                           child (editor, "pattern_entry")));
    adw_message_dialog_response (dialog, "cancel");
    wm_ui_test_iterate ();
    g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID,
                                  guideline), ==, n_rules);
  }

  toggle = with_tooltip (view, GTK_TYPE_SWITCH, "Check this rule");
  rule = row_id (toggle);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  wm_ui_test_iterate ();
  {
    g_autoptr(WmRecord) stored = wm_store_get (fixture->store, WM_ENTITY_VOICE_RULE, rule, &error);

    g_assert_no_error (error);
    g_assert_false (wm_record_get_boolean (stored, WM_VOICE_RULE_ENABLED));
  }

  g_signal_emit_by_name (with_tooltip (view, GTK_TYPE_BUTTON, "Remove Rule"), "clicked");
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID,
                                guideline), ==, n_rules - 1);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID,
                                guideline), ==, n_rules);
}

/* A new set of guidelines from the view's action: it is named, renamed
 * (an emptied name comes back), given an example through the example
 * dialog, which adds nothing until there is text, loses the example with
 * its Remove button, and goes itself, each with undo. */
static void
test_guideline_lifecycle (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *view = show_view (fixture);
  g_autoptr(GError) error = NULL;
  guint n_guidelines = count_rows (fixture, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0);
  g_autoptr(GPtrArray) guidelines = NULL;
  g_autoptr(WmRecord) added = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  AdwMessageDialog *dialog;
  WmWrapRow *name;
  gint64 id;


  g_assert_true (gtk_widget_activate_action (view, "voice.add-guideline", NULL));
  wm_ui_test_iterate ();
  guidelines = wm_store_list (fixture->store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0, NULL);
  g_assert_cmpuint (guidelines->len, ==, n_guidelines + 1);
  id = wm_record_get_id (g_ptr_array_index (guidelines, n_guidelines));

  /* It is the one shown: its name row holds the name it was given. */
  name = find_wrap_row (view, "Brand voice");
  g_assert_nonnull (name);
  type_into_row (name, "Support voice");
  g_signal_emit_by_name (name, "apply");
  wm_ui_test_iterate ();
  name = find_wrap_row (view, "Support voice");
  g_assert_nonnull (name);
  type_into_row (name, "");
  g_signal_emit_by_name (name, "apply");
  wm_ui_test_iterate ();
  added = wm_store_get (fixture->store, WM_ENTITY_VOICE_GUIDELINE, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_string (added, WM_VOICE_GUIDELINE_NAME), ==, "Support voice");
  g_assert_nonnull (find_wrap_row (view, "Support voice"));

  /* An example, through its dialog. */
  g_assert_true (gtk_widget_activate_action (view, "voice.add-example", NULL));
  wm_ui_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_nonnull (dialog);
  /* Ready for typing the example, not on Cancel. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog))
                 == wm_ui_test_find_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              wm_ui_test_find_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW))),
                            "  We have fixed it; your data is safe.  ", -1);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  /* As its Add button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "save");
  gtk_window_close (GTK_WINDOW (dialog));
  wm_ui_test_iterate ();
  examples = wm_store_list (fixture->store, WM_ENTITY_VOICE_EXAMPLE, WM_VOICE_EXAMPLE_GUIDELINE_ID,
                            id, NULL);
  g_assert_cmpuint (examples->len, ==, 1);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (examples, 0), WM_VOICE_EXAMPLE_TEXT),
                   ==, "We have fixed it; your data is safe.");
  g_assert_true (wm_record_get_boolean (g_ptr_array_index (examples, 0),
                                        WM_VOICE_EXAMPLE_ON_BRAND));

  /* Removed from its row, and back. */
  g_signal_emit_by_name (with_tooltip (view, GTK_TYPE_BUTTON, "Remove Example"), "clicked");
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_EXAMPLE, WM_VOICE_EXAMPLE_GUIDELINE_ID,
                                id), ==, 0);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_EXAMPLE, WM_VOICE_EXAMPLE_GUIDELINE_ID,
                                id), ==, 1);

  /* The guidelines themselves. */
  g_assert_true (gtk_widget_activate_action (view, "voice.remove-guideline", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0), ==,
                    n_guidelines);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpuint (count_rows (fixture, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0), ==,
                    n_guidelines + 1);
}

static void
test_report (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *report = wm_voice_report_view_new ();
  GtkListBox *list;
  GtkListBoxRow *sms_row = NULL;
  WmVoiceReport *result;
  WmVoiceScore score;
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown_path = g_build_filename (fixture->dir, "report.md", NULL);
  g_autofree char *csv_path = g_build_filename (fixture->dir, "report.csv", NULL);
  g_autofree char *bad_path = g_build_filename (fixture->dir, "missing", "report.md", NULL);
  g_autoptr(GFile) markdown_file = g_file_new_for_path (markdown_path);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autofree char *markdown = NULL;
  g_autofree char *csv = NULL;
  gint64 sms_id = 0;

  gtk_window_set_child (GTK_WINDOW (fixture->window), report);
  wm_voice_report_view_set_store (WM_VOICE_REPORT_VIEW (report), fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wm_ui_test_iterate ();

  result = wm_voice_report_view_get_report (WM_VOICE_REPORT_VIEW (report));
  score = wm_voice_report_get_score (result, 0, 0);
  g_assert_cmpuint (score.n_checked, ==, 17);
  g_assert_cmpuint (score.n_passing, ==, 9);
  g_assert_cmpstr (gtk_label_get_text (child (report, "score_label")), ==, "53 %");

  /* The demo checks nine channels, wider than the report: the channels
   * scroll, and each row's journey and total stay where they are, level
   * with the row's channels, however far it is scrolled. */
  {
    GtkWidget *grid = child (report, "grid");
    GtkWidget *scroller = gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *across = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
    const char *fixed[] = { "All channels", "All journeys", "Order online, pick up in store" };
    graphene_rect_t before[G_N_ELEMENTS (fixed)], after, cell, name;
    GtkWidget *last = NULL;
    int last_row = -1, last_column = -1;

    g_assert_cmpfloat (gtk_adjustment_get_upper (across), >, gtk_widget_get_width (scroller));
    for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
      g_assert_true (gtk_widget_compute_bounds (wm_ui_test_find_label_containing (report,
                                                                                  fixed[i]),
                                                report, &before[i]));

    gtk_adjustment_set_value (across, gtk_adjustment_get_upper (across)
                                      - gtk_adjustment_get_page_size (across));
    wm_ui_test_iterate ();
    g_assert_cmpfloat (gtk_adjustment_get_value (across), >, 0);
    for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
      {
        g_assert_true (gtk_widget_compute_bounds (wm_ui_test_find_label_containing (report,
                                                                                    fixed[i]),
                                                  report, &after));
        g_assert_cmpfloat (after.origin.x, ==, before[i].origin.x);
        g_assert_cmpfloat (after.origin.y, ==, before[i].origin.y);
      }

    /* The last channel's cell of the "All journeys" row, level with it. */
    for (GtkWidget *c = gtk_widget_get_first_child (grid); c != NULL;
         c = gtk_widget_get_next_sibling (c))
      {
        int column, row;

        gtk_grid_query_child (GTK_GRID (grid), c, &column, &row, NULL, NULL);
        if (row > last_row || (row == last_row && column > last_column))
          {
            last = c;
            last_row = row;
            last_column = column;
          }
      }
    g_assert_nonnull (last);
    g_assert_true (gtk_widget_compute_bounds (last, report, &cell));
    g_assert_true (gtk_widget_compute_bounds (wm_ui_test_find_label_containing (report,
                                                                                "All journeys"),
                                              report, &name));
    g_assert_cmpfloat (ABS ((cell.origin.y + cell.size.height / 2)
                            - (name.origin.y + name.size.height / 2)), <=, 1.0);
    g_assert_cmpfloat (cell.origin.x + cell.size.width, <=,
                       gtk_widget_get_width (report));
  }

  /* Findings of every severity start their titles at one line. */
  {
    g_autoptr(GPtrArray) severities = wm_ui_test_find_all (child (report, "findings_list"),
                                                           GTK_TYPE_LABEL, TRUE);
    int width = -1;
    guint n = 0;

    for (guint i = 0; i < severities->len; i++)
      {
        GtkWidget *label = g_ptr_array_index (severities, i);

        if (!gtk_widget_has_css_class (label, "wm-status"))
          continue;
        if (width < 0)
          width = gtk_widget_get_width (label);
        g_assert_cmpint (gtk_widget_get_width (label), ==, width);
        n++;
      }
    g_assert_cmpuint (n, >=, 2);
  }

  /* Activating the SMS finding asks the window to show that touchpoint. */
  for (guint i = 0; i < result->results->len; i++)
    {
      WmVoiceResult *r = g_ptr_array_index (result->results, i);

      if (g_strcmp0 (r->channel_name, "SMS") == 0)
        sms_id = r->touchpoint_id;
    }
  g_assert_cmpint (sms_id, >, 0);
  list = child (report, "findings_list");
  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      gint64 *id = g_object_get_data (G_OBJECT (row), "touchpoint-id");

      if (id != NULL && *id == sms_id)
        sms_row = row;
    }
  g_assert_nonnull (sms_row);
  g_signal_emit_by_name (list, "row-activated", sms_row);
  g_assert_cmpint (fixture->shown_touchpoint, ==, sms_id);

  /* Exports: whole files, and nothing where the folder is missing. */
  g_assert_true (wm_voice_report_view_export_to_file (WM_VOICE_REPORT_VIEW (report), markdown_file,
                                                      WM_VOICE_EXPORT_MARKDOWN, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (markdown_path, &markdown, NULL, NULL));
  g_assert_true (g_str_has_prefix (markdown, "# Brand voice report\n"));
  g_assert_nonnull (strstr (markdown, "Consistency: 53 % of 17 texts pass."));
  g_assert_true (wm_voice_report_view_export_to_file (WM_VOICE_REPORT_VIEW (report), csv_file,
                                                      WM_VOICE_EXPORT_CSV, &error));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\"max-length\",\"error\",\"160\",\"211\""));
  g_assert_false (wm_voice_report_view_export_to_file (WM_VOICE_REPORT_VIEW (report), bad_file,
                                                       WM_VOICE_EXPORT_MARKDOWN, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The report follows the project: shortening the SMS raises the score. */
  g_assert_true (wm_store_set_string (fixture->store, sms_id, WM_TOUCHPOINT_MESSAGE,
                                      "Your order is ready for pickup.", &error));
  result = wm_voice_report_view_get_report (WM_VOICE_REPORT_VIEW (report));
  score = wm_voice_report_get_score (result, 0, 0);
  g_assert_cmpuint (score.n_passing, ==, 10);
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_label_get_text (child (report, "score_label")), ==, "59 %");
}

/* Whether @widget is drawn within @ancestor: shown (mapped), and neither
 * it nor anything between them transparent. */
static gboolean
is_drawn (GtkWidget *widget,
          GtkWidget *ancestor)
{
  for (GtkWidget *w = widget; w != NULL && w != ancestor; w = gtk_widget_get_parent (w))
    {
      if (gtk_widget_get_opacity (w) == 0.0)
        return FALSE;
    }

  return gtk_widget_get_mapped (widget);
}

/* The one label of @row drawn with @text, and its vertical middle in the
 * row's coordinates. */
static double
drawn_title_middle (WmWrapRow  *row,
                    const char *text)
{
  g_autoptr(GPtrArray) labels = wm_ui_test_find_all (GTK_WIDGET (row), GTK_TYPE_LABEL, TRUE);
  GtkWidget *found = NULL;
  graphene_rect_t bounds;

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) == 0
          && is_drawn (label, GTK_WIDGET (row)))
        {
          g_assert_null (found);
          found = label;
        }
    }
  g_assert_nonnull (found);
  g_assert_true (gtk_widget_compute_bounds (found, GTK_WIDGET (row), &bounds));

  return bounds.origin.y + bounds.size.height / 2;
}

/* An empty row, as "Add a principle" at the end of a list: its title
 * stands where the text goes, as an entry row's does, not as a caption
 * over an empty line; it becomes the caption once the row is edited, and
 * the row keeps its height. */
static void
test_empty_row_title (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *view = show_view (fixture);
  WmWrapRow *row = find_wrap_row (view, "");
  GtkWidget *text;
  graphene_rect_t text_bounds;
  int height;

  g_assert_nonnull (row);
  text = wm_wrap_row_get_text_view (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Add a principle");
  height = gtk_widget_get_height (GTK_WIDGET (row));
  g_assert_cmpfloat (ABS (drawn_title_middle (row, "Add a principle") - height / 2.0), <=, 2.0);

  /* Edited: a caption above the text. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  wm_ui_test_iterate ();
  g_assert_true (gtk_widget_has_focus (text));
  g_assert_true (gtk_widget_compute_bounds (text, GTK_WIDGET (row), &text_bounds));
  g_assert_cmpfloat (drawn_title_middle (row, "Add a principle"), <, text_bounds.origin.y);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), ==, height);

  /* Left with text in it: still a caption. */
  type_into_row (row, "Never blame the customer.");
  gtk_widget_grab_focus (GTK_WIDGET (find_wrap_row (view, "Say it once, in plain words; one "
                                                          "idea per sentence.")));
  wm_ui_test_iterate ();
  g_assert_false (gtk_widget_has_focus (text));
  g_assert_cmpfloat (drawn_title_middle (row, "Add a principle"), <, text_bounds.origin.y);

  /* Emptied and left: back in the text's place. */
  type_into_row (row, "");
  wm_ui_test_iterate ();
  g_assert_cmpfloat (ABS (drawn_title_middle (row, "Add a principle") - height / 2.0), <=, 2.0);
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  g_test_add ("/waymark/ui/voice/rule-editor", Fixture, NULL,
              fixture_set_up, test_rule_editor, fixture_tear_down);
  g_test_add ("/waymark/ui/voice/edit-rule", Fixture, NULL,
              fixture_set_up, test_edit_rule, fixture_tear_down);
  g_test_add ("/waymark/ui/voice/guidelines", Fixture, NULL,
              fixture_set_up, test_guidelines, fixture_tear_down);
  g_test_add ("/waymark/ui/voice/empty-row-title", Fixture, NULL,
              fixture_set_up, test_empty_row_title, fixture_tear_down);
  g_test_add ("/waymark/ui/voice/rules", Fixture, NULL,
              fixture_set_up, test_rules, fixture_tear_down);
  g_test_add ("/waymark/ui/voice/guideline-lifecycle", Fixture, NULL,
              fixture_set_up, test_guideline_lifecycle, fixture_tear_down);
  g_test_add ("/waymark/ui/voice/report", Fixture, NULL,
              fixture_set_up, test_report, fixture_tear_down);

  return g_test_run ();
}
