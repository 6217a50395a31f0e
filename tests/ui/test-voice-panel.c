/* test-voice-panel.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "wm-demo.h"
#include "wm-journeys-view.h"
#include "wm-test-util.h"
#include "wm-ui-test-util.h"
#include "wm-touchpoint-panel.h"
#include "wm-voice-highlight.h"
#include "wm-window.h"

/* A touchpoint's message copy in the side panel is checked against the brand
 * voice: the demo's 211-character SMS shows its finding, under the text and
 * as an underline, when the card is opened from the brand-voice report. */

static gint64
sms_touchpoint (WmStore *store)
{
  g_autoptr(GPtrArray) channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0,
                                                 NULL);
  g_autoptr(GPtrArray) touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE,
                                                    0, NULL);
  gint64 sms = 0;

  for (guint i = 0; i < channels->len; i++)
    if (g_str_equal (wm_record_get_string (g_ptr_array_index (channels, i), WM_CHANNEL_KEY),
                     "sms"))
      sms = wm_record_get_id (g_ptr_array_index (channels, i));
  for (guint i = 0; i < touchpoints->len; i++)
    {
      WmRecord *touchpoint = g_ptr_array_index (touchpoints, i);

      if (wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID) == sms &&
          g_utf8_strlen (wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE), -1) > 160)
        return wm_record_get_id (touchpoint);
    }

  return 0;
}

static void
test_voice_panel (void)
{
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "Demo.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  WmWindow *window = wm_window_new (NULL);
  WmTouchpointPanel *panel;
  WmVoiceHighlight *highlight;
  GtkTextView *view;
  gint64 touchpoint;

  store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  touchpoint = sms_touchpoint (store);
  g_assert_cmpint (touchpoint, >, 0);

  wm_window_set_store (window, store, file);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  wm_ui_test_iterate ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-touchpoint", "x",
                                             touchpoint));
  wm_ui_test_iterate ();

  panel = wm_journeys_view_get_panel (WM_JOURNEYS_VIEW (
            gtk_widget_get_template_child (GTK_WIDGET (window), WM_TYPE_WINDOW,
                                           "journeys_view")));
  g_assert_cmpint (wm_touchpoint_panel_get_touchpoint_id (panel), ==, touchpoint);
  view = wm_touchpoint_panel_get_message_view (panel);
  highlight = wm_voice_text_view_get_highlight (view);
  g_assert_nonnull (highlight);
  for (guint i = 0; i < 300 && (wm_voice_highlight_is_pending (highlight) ||
                                wm_voice_highlight_get_n_findings (highlight) == 0); i++)
    wm_ui_test_iterate ();
  g_assert_cmpuint (wm_voice_highlight_get_n_findings (highlight), >=, 1);

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

  g_test_add_func ("/waymark/ui/voice-panel", test_voice_panel);

  return g_test_run ();
}
