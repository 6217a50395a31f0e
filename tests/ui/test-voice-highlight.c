/* test-voice-highlight.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "wm-test-util.h"
#include "wm-voice-highlight.h"
#include "wm-voice-project.h"
#include "wm-ui-test-util.h"

/* The live brand-voice helper on a plain GtkTextView, as the touchpoint
 * panel will use it: underlines after typing, fixes as one undo step, rules
 * that follow the store, and never findings for text that has changed. */

typedef struct
{
  char        *dir;
  WmStore     *store;
  gint64       touchpoint_id;
  gint64       sms_id;
  gint64       guideline_id;
  GtkWidget   *window;
  GtkTextView *view;
} Fixture;

static void
save_rule (Fixture    *fixture,
           const char *kind,
           const char *pattern,
           const char *replacement,
           gint64      max_length,
           const char *severity,
           gint64      channel_id)
{
  g_autoptr(WmRecord) rule = wm_record_new (WM_ENTITY_VOICE_RULE);
  g_autoptr(GError) error = NULL;

  wm_record_set_ref (rule, WM_VOICE_RULE_GUIDELINE_ID, fixture->guideline_id);
  wm_record_set_string (rule, WM_VOICE_RULE_KIND, kind);
  wm_record_set_string (rule, WM_VOICE_RULE_PATTERN, pattern);
  wm_record_set_string (rule, WM_VOICE_RULE_REPLACEMENT, replacement);
  wm_record_set_int (rule, WM_VOICE_RULE_MAX_LENGTH, max_length);
  wm_record_set_string (rule, WM_VOICE_RULE_SEVERITY, severity);
  g_assert_true (wm_voice_save_rule (fixture->store, rule, &channel_id, channel_id != 0 ? 1 : 0,
                                     &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  g_autoptr(GError) error = NULL;
  gint64 journey;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "highlight.waymark", NULL);
  fixture->guideline_id = wm_test_insert_named (fixture->store, WM_ENTITY_VOICE_GUIDELINE,
                                                WM_COLUMN_NONE, 0, "Voice");
  channels = wm_store_list (fixture->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);

      if (g_strcmp0 (wm_record_get_string (channel, WM_CHANNEL_KEY), "sms") == 0)
        fixture->sms_id = wm_record_get_id (channel);
    }
  g_assert_cmpint (fixture->sms_id, >, 0);

  journey = wm_test_build_journey (fixture->store, "Pickup", 1, 1);
  touchpoints = wm_store_list (fixture->store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                               journey, &error);
  fixture->touchpoint_id = wm_record_get_id (g_ptr_array_index (touchpoints, 0));
  g_assert_true (wm_store_set_ref (fixture->store, fixture->touchpoint_id,
                                   WM_TOUCHPOINT_CHANNEL_ID, fixture->sms_id, &error));

  save_rule (fixture, "banned", "unfortunately", "", 0, "error", 0);
  save_rule (fixture, "preferred", "utilize", "use", 0, "suggestion", 0);
  save_rule (fixture, "max-length", "", "", 40, "warning", fixture->sms_id);
  wm_store_clear_history (fixture->store);

  fixture->window = gtk_window_new ();
  fixture->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (fixture->view, GTK_WRAP_WORD_CHAR);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 200);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
destroy_window (Fixture *fixture)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_window (fixture);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static void
set_text (Fixture    *fixture,
          const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (fixture->view), text, -1);
}

/* Runs the main loop until the shown findings are for the current text. */
static GPtrArray *
wait_for_findings (WmVoiceHighlight *highlight)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (wm_voice_highlight_is_pending (highlight))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  return wm_voice_highlight_get_findings (highlight);
}

static gboolean
has_tag (Fixture    *fixture,
         int         offset,
         const char *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);

  return gtk_text_iter_has_tag (&iter, tag);
}

static char *
get_text (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_underlines (Fixture       *fixture,
                 gconstpointer  data)
{
  WmVoiceHighlight *highlight;
  GPtrArray *findings;
  WmVoiceFinding *finding;

  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, fixture->touchpoint_id);
  g_assert_true (wm_voice_text_view_get_highlight (fixture->view) == highlight);

  /* Emoji before the findings: offsets are characters, as the buffer counts. */
  set_text (fixture, "🙂 Unfortunately, please utilize the app today.");
  g_assert_true (wm_voice_highlight_is_pending (highlight));
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 3);
  g_assert_cmpuint (wm_voice_highlight_get_n_findings (highlight), ==, 3);

  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpint (finding->kind, ==, WM_VOICE_KIND_BANNED);
  g_assert_cmpint (finding->start, ==, 2);
  g_assert_true (has_tag (fixture, 2, "wm-voice-error"));
  g_assert_true (has_tag (fixture, 14, "wm-voice-error"));
  g_assert_false (has_tag (fixture, 15, "wm-voice-error"));
  g_assert_true (has_tag (fixture, 24, "wm-voice-suggestion"));
  /* The SMS limit of 40: the excess is underlined as a warning. */
  g_assert_true (has_tag (fixture, 41, "wm-voice-warning"));
  g_assert_false (has_tag (fixture, 39, "wm-voice-warning"));

  /* Clean text: the underlines go. */
  set_text (fixture, "We can help.");
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_false (has_tag (fixture, 2, "wm-voice-error"));
}

static void
findings_changed_cb (WmVoiceHighlight *highlight,
                     Fixture          *fixture)
{
  g_autofree char *text = get_text (fixture);
  GPtrArray *findings = wm_voice_highlight_get_findings (highlight);
  guint *n_emissions = g_object_get_data (G_OBJECT (highlight), "n-emissions");
  g_autoptr(WmVoiceChecker) checker = wm_voice_checker_new_for_store (fixture->store, NULL);
  g_autoptr(GPtrArray) expected = wm_voice_checker_check (checker, text, fixture->sms_id);

  /* Whatever is shown belongs to the text in the buffer right now. */
  g_assert_nonnull (findings);
  g_assert_cmpuint (findings->len, ==, expected->len);
  for (guint i = 0; i < findings->len; i++)
    {
      WmVoiceFinding *shown = g_ptr_array_index (findings, i);
      WmVoiceFinding *want = g_ptr_array_index (expected, i);

      g_assert_cmpint (shown->start, ==, want->start);
      g_assert_cmpint (shown->end, ==, want->end);
    }
  (*n_emissions)++;
}

static void
test_stale (Fixture       *fixture,
            gconstpointer  data)
{
  WmVoiceHighlight *highlight;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const char *const texts[] = {
    "Unfortunately no.", "Please utilize it.", "ok", "A very long SMS text that goes on and on.",
    "utilize unfortunately utilize",
  };
  guint n_emissions = 0;

  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, fixture->touchpoint_id);
  g_object_set_data (G_OBJECT (highlight), "n-emissions", &n_emissions);
  g_signal_connect (highlight, "findings-changed", G_CALLBACK (findings_changed_cb), fixture);

  /* Typing at random speeds: some checks finish, others go stale. */
  for (guint i = 0; i < 25; i++)
    {
      gint64 until = g_get_monotonic_time () + g_rand_int_range (rand, 0, 250) * 1000;

      set_text (fixture, texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))]);
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  wait_for_findings (highlight);
  g_assert_cmpuint (n_emissions, >, 0);
  g_signal_handlers_disconnect_by_data (highlight, fixture);
}

static void
test_fix (Fixture       *fixture,
          gconstpointer  data)
{
  WmVoiceHighlight *highlight;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) touchpoint = NULL;
  g_autofree char *text = NULL;
  GPtrArray *findings;

  g_assert_true (wm_store_set_string (fixture->store, fixture->touchpoint_id,
                                      WM_TOUCHPOINT_MESSAGE, "Please Utilize it.", &error));
  wm_store_clear_history (fixture->store);
  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, fixture->touchpoint_id);
  set_text (fixture, "Please Utilize it.");
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 1);

  g_assert_true (wm_voice_highlight_apply_fix (highlight, 0, &error));
  g_assert_no_error (error);
  text = get_text (fixture);
  g_assert_cmpstr (text, ==, "Please Use it.");

  /* One undo step in the store, labelled, with the same text. */
  touchpoint = wm_store_get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoint_id, NULL);
  g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE), ==,
                   "Please Use it.");
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Fix brand voice");
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_false (wm_store_can_undo (fixture->store));
  g_clear_object (&touchpoint);
  touchpoint = wm_store_get (fixture->store, WM_ENTITY_TOUCHPOINT, fixture->touchpoint_id, NULL);
  g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE), ==,
                   "Please Utilize it.");

  /* The buffer's own undo takes the fix back in one step too. */
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 0);
  gtk_text_buffer_undo (gtk_text_view_get_buffer (fixture->view));
  g_free (text);
  text = get_text (fixture);
  g_assert_cmpstr (text, ==, "Please Utilize it.");

  /* No fix for a length finding; none for stale findings. */
  set_text (fixture, "Unfortunately this SMS is much too long for a phone.");
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_false (wm_voice_highlight_apply_fix (highlight, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  set_text (fixture, "Changed.");
  g_assert_false (wm_voice_highlight_apply_fix (highlight, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_rules_follow_store (Fixture       *fixture,
                         gconstpointer  data)
{
  WmVoiceHighlight *highlight;
  GPtrArray *findings;
  g_autoptr(GError) error = NULL;

  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, fixture->touchpoint_id);
  set_text (fixture, "Open a ticket.");
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 0);

  save_rule (fixture, "banned", "ticket", "", 0, "warning", 0);
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_true (has_tag (fixture, 7, "wm-voice-warning"));

  g_assert_true (wm_store_undo (fixture->store, &error));
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 0);

  /* Off the SMS channel, the SMS length rule no longer applies. */
  set_text (fixture, "This text is longer than forty characters, clearly.");
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_true (wm_store_set_ref (fixture->store, fixture->touchpoint_id,
                                   WM_TOUCHPOINT_CHANNEL_ID, 0, &error));
  findings = wait_for_findings (highlight);
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_detach (Fixture       *fixture,
             gconstpointer  data)
{
  WmVoiceHighlight *highlight;

  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, 0);
  set_text (fixture, "Unfortunately.");
  wait_for_findings (highlight);
  g_assert_true (has_tag (fixture, 0, "wm-voice-error"));

  /* Attaching again replaces the first; detaching removes the underlines. */
  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, 0);
  wait_for_findings (highlight);
  wm_voice_text_view_detach (fixture->view);
  g_assert_null (wm_voice_text_view_get_highlight (fixture->view));
  g_assert_false (has_tag (fixture, 0, "wm-voice-error"));

  /* The popover of a finding: its button applies the fix; the popover goes
   * with the view. */
  highlight = wm_voice_text_view_attach (fixture->view, fixture->store, 0);
  set_text (fixture, "Please utilize it.");
  wait_for_findings (highlight);
  {
    GtkWidget *popover = wm_voice_highlight_show_finding (highlight, 0);
    GtkWidget *button;
    g_autofree char *text = NULL;

    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    button = gtk_widget_get_last_child (gtk_popover_get_child (GTK_POPOVER (popover)));
    g_assert_true (GTK_IS_BUTTON (button));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Replace with “use”");
    g_signal_emit_by_name (button, "clicked");
    text = get_text (fixture);
    g_assert_cmpstr (text, ==, "Please use it.");
    g_assert_false (gtk_widget_get_visible (popover));
    g_assert_null (wm_voice_highlight_show_finding (highlight, 0));
    wait_for_findings (highlight);
    set_text (fixture, "Please utilize it.");
    wait_for_findings (highlight);
    g_assert_nonnull (wm_voice_highlight_show_finding (highlight, 0));
  }

  /* Without a pointer: the finding at the cursor, which usually sits just
   * after the word. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->view);
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_offset (buffer, &iter, 14);
    gtk_text_buffer_place_cursor (buffer, &iter);
    g_assert_nonnull (wm_voice_highlight_show_finding_at_cursor (highlight));
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, 1);
    gtk_text_buffer_place_cursor (buffer, &iter);
    g_assert_null (wm_voice_highlight_show_finding_at_cursor (highlight));
  }

  /* The view goes away with a check scheduled: nothing runs on it later. */
  wm_voice_text_view_attach (fixture->view, fixture->store, fixture->touchpoint_id);
  set_text (fixture, "Unfortunately again.");
  destroy_window (fixture);
  for (guint i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

/* Where the character at @offset shows, in the view's widget coordinates. */
static void
point_at (GtkTextView *view,
          int          offset,
          double      *x,
          double      *y)
{
  GtkTextIter iter;
  GdkRectangle rect;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + rect.width / 2, rect.y + rect.height / 2,
                                         &wx, &wy);
  *x = wx;
  *y = wy;
}

/* Whether a popover of @view is shown. */
static gboolean
popover_shown (GtkTextView *view)
{
  g_autoptr(GPtrArray) popovers = wm_ui_test_find_all (GTK_WIDGET (view), GTK_TYPE_POPOVER,
                                                       FALSE);

  for (guint i = 0; i < popovers->len; i++)
    {
      if (gtk_widget_get_visible (g_ptr_array_index (popovers, i)))
        return TRUE;
    }

  return FALSE;
}

/* The view's click gesture that @highlight listens to. */
static GtkEventController *
highlight_gesture (GtkTextView      *view,
                   WmVoiceHighlight *highlight)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller)
          && g_signal_handler_find (controller, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                    highlight) != 0)
        return GTK_EVENT_CONTROLLER (controller);
    }

  return NULL;
}

/* With the pointer: a click on a finding opens its popover, a click on
 * other text nothing. */
static void
test_pointer (Fixture       *fixture,
              gconstpointer  data)
{
  WmVoiceHighlight *highlight = wm_voice_text_view_attach (fixture->view, fixture->store, 0);
  GtkEventController *gesture;
  double x, y;

  set_text (fixture, "Please utilize it.");
  wait_for_findings (highlight);
  wm_ui_test_iterate ();
  gesture = highlight_gesture (fixture->view, highlight);
  g_assert_nonnull (gesture);

  point_at (fixture->view, 1, &x, &y);
  g_signal_emit_by_name (gesture, "released", 1, x, y);
  wm_ui_test_iterate ();
  g_assert_false (popover_shown (fixture->view));

  /* "utilize" runs from 7 to 14. */
  point_at (fixture->view, 9, &x, &y);
  g_signal_emit_by_name (gesture, "released", 1, x, y);
  wm_ui_test_iterate ();
  g_assert_true (popover_shown (fixture->view));

  /* Escape, as a person would before moving on. */
  {
    g_autoptr(GPtrArray) popovers = wm_ui_test_find_all (GTK_WIDGET (fixture->view),
                                                         GTK_TYPE_POPOVER, FALSE);

    for (guint i = 0; i < popovers->len; i++)
      gtk_popover_popdown (g_ptr_array_index (popovers, i));
    wm_ui_test_iterate ();
    g_assert_false (popover_shown (fixture->view));
  }
}

int
main (int   argc,
      char *argv[])
{
  wm_ui_test_init (&argc, &argv);

  g_test_add ("/waymark/ui/voice-highlight/underlines", Fixture, NULL,
              fixture_set_up, test_underlines, fixture_tear_down);
  g_test_add ("/waymark/ui/voice-highlight/stale", Fixture, NULL,
              fixture_set_up, test_stale, fixture_tear_down);
  g_test_add ("/waymark/ui/voice-highlight/fix", Fixture, NULL,
              fixture_set_up, test_fix, fixture_tear_down);
  g_test_add ("/waymark/ui/voice-highlight/rules", Fixture, NULL,
              fixture_set_up, test_rules_follow_store, fixture_tear_down);
  g_test_add ("/waymark/ui/voice-highlight/pointer", Fixture, NULL,
              fixture_set_up, test_pointer, fixture_tear_down);
  g_test_add ("/waymark/ui/voice-highlight/detach", Fixture, NULL,
              fixture_set_up, test_detach, fixture_tear_down);

  return g_test_run ();
}
