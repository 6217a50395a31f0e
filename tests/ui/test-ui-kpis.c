/* test-ui-kpis.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <math.h>

#include "wm-demo.h"
#include "wm-feed-editor.h"
#include "wm-kpi-card.h"
#include "wm-kpi-chart.h"
#include "wm-kpi-editor.h"
#include "wm-kpi-ui.h"
#include "wm-kpis-view.h"
#include "wm-list-detail.h"
#include "wm-secrets.h"
#include "wm-test-util.h"
#include "wm-touchpoint-panel.h"
#include "wm-trust.h"
#include "wm-journey-canvas.h"
#include "wm-journeys-view.h"
#include "wm-ui-util.h"
#include "wm-window.h"
#include "wm-ui-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  WmStore    *store;
  GtkWindow  *window;
  WmKpisView *view;
} Fixture;

/* The dashboard lays out its cards in idle time: let it before the picture. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  if (g_getenv ("WAYMARK_TEST_SCREENSHOTS") == NULL)
    return;
  wm_ui_test_iterate ();
  wm_ui_test_save_screenshot (widget, name);
}

/* With WAYMARK_TEST_SCREENSHOTS=DIR, what the tests show is saved as DIR/NAME.png. */
static gint64
add_kpi (WmStore    *store,
         const char *name,
         const char *kind,
         double      target,
         double      warning)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;
  gint64 id;

  wm_record_set_string (draft, WM_KPI_NAME, name);
  wm_record_set_string (draft, WM_KPI_KIND, kind);
  wm_record_set_double (draft, WM_KPI_TARGET, target);
  wm_record_set_double (draft, WM_KPI_WARNING, warning);
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);

  return id;
}

static void
add_sample (WmStore *store,
            gint64   kpi_id,
            gint64   time,
            double   value,
            gint64   n)
{
  g_autoptr(GError) error = NULL;
  WmSample sample = { time, value, n };

  g_assert_true (wm_store_add_samples (store, kpi_id, &sample, 1, "test", &error));
  g_assert_no_error (error);
}

static gint64
count_samples (Fixture *fixture,
               gint64   kpi_id)
{
  g_autoptr(GArray) samples = wm_store_get_samples (fixture->store, kpi_id, G_MININT64,
                                                    G_MAXINT64, NULL);

  return samples->len;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "Project.waymark", &fixture->path);
  g_assert_true (wm_trust_set_trusted (fixture->store, TRUE, &error));
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 760);
  overlay = adw_toast_overlay_new ();
  fixture->view = WM_KPIS_VIEW (wm_kpis_view_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
}

static void
fixture_attach (Fixture *fixture)
{
  wm_kpis_view_set_store (fixture->view, fixture->store);
  wm_ui_test_iterate ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  WmFeeds *feeds = wm_kpis_view_get_feeds (fixture->view);

  /* Fetches still being stored finish before the file goes. */
  if (feeds != NULL)
    {
      wm_feeds_stop (feeds);
      for (guint i = 0; i < 2500 && wm_feeds_get_n_active (feeds) > 0; i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2000);
        }
    }

  /* Dialogs the test left open go first. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (toplevel != fixture->window)
        gtk_window_destroy (toplevel);
    }
  gtk_window_destroy (fixture->window);
  wm_ui_test_iterate ();
  g_clear_object (&fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  g_assert_nonnull (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* A dialog opens ready for typing where the person starts: @field has
 * the focus, not the first button of the header bar. */
static void
assert_focus_in (GtkWidget *dialog,
                 GtkWidget *field)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  g_assert_nonnull (field);
  g_assert_nonnull (focus);
  g_assert_true (focus == field || gtk_widget_is_ancestor (focus, field));
}

static void
test_kpi_crud (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) kpi = NULL;
  WmKpiEditor *editor;
  GtkWidget *card;
  GtkWidget *undo;
  g_autofree char *uuid = NULL;
  gint64 id;

  fixture_attach (fixture);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 0);

  /* New: the editor refuses a KPI without a name and a target that is no number. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.new", NULL));
  wm_ui_test_iterate ();
  editor = WM_KPI_EDITOR (wm_ui_test_find_toplevel (WM_TYPE_KPI_EDITOR, TRUE));
  g_assert_nonnull (editor);
  assert_focus_in (GTK_WIDGET (editor), wm_kpi_editor_get_field (editor, WM_KPI_NAME));
  /* The empty name is not an error before the person has written in it:
   * Add waits, nothing is red. */
  g_assert_false (gtk_widget_get_sensitive (wm_ui_test_find_button (GTK_WIDGET (editor), "_Add")));
  g_assert_false (gtk_widget_has_css_class (wm_kpi_editor_get_field (editor, WM_KPI_NAME), "error"));
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_TARGET), "eighty");
  g_assert_true (gtk_widget_has_css_class (wm_kpi_editor_get_field (editor, WM_KPI_TARGET),
                                           "error"));
  g_assert_false (gtk_widget_has_css_class (wm_kpi_editor_get_field (editor, WM_KPI_NAME), "error"));
  g_assert_false (gtk_widget_get_sensitive (wm_ui_test_find_button (GTK_WIDGET (editor), "_Add")));
  g_assert_cmpint (wm_kpi_editor_save (editor, &error), ==, 0);
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* Asked to save, it shows what is missing. */
  g_assert_true (gtk_widget_has_css_class (wm_kpi_editor_get_field (editor, WM_KPI_NAME), "error"));
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 0);

  /* The unit follows the kind until the person types one. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_kpi_editor_get_field (editor, WM_KPI_KIND)), 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wm_kpi_editor_get_field (editor,
                                                                                  WM_KPI_UNIT))),
                   ==, "%");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_kpi_editor_get_field (editor, WM_KPI_KIND)), 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wm_kpi_editor_get_field (editor,
                                                                                  WM_KPI_UNIT))),
                   ==, "");
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_UNIT), "pts");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_kpi_editor_get_field (editor, WM_KPI_KIND)), 4);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wm_kpi_editor_get_field (editor,
                                                                                  WM_KPI_UNIT))),
                   ==, "pts");

  set_text (wm_kpi_editor_get_field (editor, WM_KPI_NAME), "Support CSAT");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_kpi_editor_get_field (editor, WM_KPI_KIND)), 1);
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_UNIT), "%");
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_TARGET), "85,5");
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_WARNING), "80");
  /* Add stores it and closes the editor. */
  g_assert_true (gtk_widget_get_sensitive (wm_ui_test_find_button (GTK_WIDGET (editor), "_Add")));
  g_signal_emit_by_name (wm_ui_test_find_button (GTK_WIDGET (editor), "_Add"), "clicked");
  wm_ui_test_iterate ();
  g_assert_null (wm_ui_test_find_toplevel (WM_TYPE_KPI_EDITOR, TRUE));
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 1);
  {
    g_autoptr(GPtrArray) kpis = wm_store_list (fixture->store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0,
                                               &error);

    g_assert_no_error (error);
    id = wm_record_get_id (g_ptr_array_index (kpis, 0));
  }

  kpi = wm_store_get (fixture->store, WM_ENTITY_KPI, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_string (kpi, WM_KPI_NAME), ==, "Support CSAT");
  g_assert_cmpstr (wm_record_get_string (kpi, WM_KPI_KIND), ==, "csat");
  g_assert_cmpstr (wm_record_get_string (kpi, WM_KPI_VARIANT), ==, "top2box");
  g_assert_cmpfloat (wm_record_get_double (kpi, WM_KPI_TARGET), ==, 85.5);
  g_assert_cmpfloat (wm_record_get_double (kpi, WM_KPI_WARNING), ==, 80);
  card = wm_kpis_view_get_card (fixture->view, id);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_get_mapped (card));

  /* Edit through the detail page: one undo step. */
  wm_kpis_view_show_kpi (fixture->view, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.edit", NULL));
  wm_ui_test_iterate ();
  editor = WM_KPI_EDITOR (wm_ui_test_find_toplevel (WM_TYPE_KPI_EDITOR, TRUE));
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wm_kpi_editor_get_field (editor,
                                                                                  WM_KPI_TARGET))),
                   ==, "85.5");
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_TARGET), "90");
  set_text (wm_kpi_editor_get_field (editor, WM_KPI_WARNING), "");
  g_assert_cmpint (wm_kpi_editor_save (editor, &error), ==, id);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  wm_ui_test_iterate ();
  g_clear_object (&kpi);
  kpi = wm_store_get (fixture->store, WM_ENTITY_KPI, id, &error);
  g_assert_cmpfloat (wm_record_get_double (kpi, WM_KPI_TARGET), ==, 90);
  g_assert_false (wm_record_is_set (kpi, WM_KPI_WARNING));
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), !=, NULL);

  /* Delete: back to the dashboard, the card gone; undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.delete", NULL));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 0);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, 0);
  g_assert_null (wm_kpis_view_get_card (fixture->view, id));
  undo = wm_ui_test_find_button (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 1);
  g_assert_nonnull (wm_kpis_view_get_card (fixture->view, id));

  /* The toast's Undo never takes back an edit made after it appeared. */
  uuid = g_strdup (wm_record_get_uuid (wm_kpi_card_get_kpi (WM_KPI_CARD (
                     wm_kpis_view_get_card (fixture->view, id)))));
  wm_kpis_view_show_kpi (fixture->view, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.delete", NULL));
  wm_ui_test_iterate ();
  add_kpi (fixture->store, "Retention", "retention", 90, 85);
  undo = wm_ui_test_find_button (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wm_ui_test_iterate ();
  /* Only the KPI added since: the deleted one stays deleted. */
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 1);
  g_assert_null (wm_store_find_by_uuid (fixture->store, WM_ENTITY_KPI, uuid, NULL));
}

/* The field named @name in the value dialog. */
static GtkWidget *
dialog_entry (AdwMessageDialog *dialog,
              const char       *name)
{
  return wm_ui_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, name);
}

static AdwMessageDialog *
open_value_dialog (Fixture    *fixture,
                   const char *action,
                   GVariant   *parameter)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->view), action,
                                                     parameter));
  wm_ui_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_nonnull (dialog);

  return dialog;
}

/* Answers and makes sure the dialog is gone before the next one opens. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, response);
  wm_ui_test_iterate ();
  if (dialog)
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      gtk_window_destroy (GTK_WINDOW (dialog));
      wm_ui_test_iterate ();
    }
}

static void
test_samples (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "NPS", "nps", 40, 20);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = g_date_time_new (local, 2026, 3, 1, 9, 30, 0);
  g_autoptr(GDateTime) corrected = g_date_time_new (local, 2026, 3, 2, 0, 0, 0);
  g_autoptr(GArray) samples = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *card;

  fixture_attach (fixture);
  card = wm_kpis_view_get_card (fixture->view, id);
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (card)), ==, "—");
  wm_kpis_view_show_kpi (fixture->view, id);

  /* Add a value; a value that is no number cannot be saved. */
  dialog = open_value_dialog (fixture, "kpis.add-value", NULL);
  /* The time is filled in (now): the value is what is written first. */
  assert_focus_in (GTK_WIDGET (dialog), dialog_entry (dialog, "value"));
  /* The value still to be written is not shown as an error; Save waits. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_false (gtk_widget_has_css_class (dialog_entry (dialog, "value"), "error"));
  set_text (dialog_entry (dialog, "time"), "2026-03-01 09:30");
  set_text (dialog_entry (dialog, "value"), "inf");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (gtk_widget_has_css_class (dialog_entry (dialog, "value"), "error"));
  /* An NPS runs from −100 to 100. */
  set_text (dialog_entry (dialog, "value"), "140");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  set_text (dialog_entry (dialog, "value"), "41");
  set_text (dialog_entry (dialog, "n"), "212");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  respond (dialog, "save");
  samples = wm_store_get_samples (fixture->store, id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpint (g_array_index (samples, WmSample, 0).time, ==, g_date_time_to_unix (time));
  g_assert_cmpfloat (g_array_index (samples, WmSample, 0).value, ==, 41);
  g_assert_cmpint (g_array_index (samples, WmSample, 0).n, ==, 212);
  /* A value written by hand has no margin of error to show (none stored:
   * it was once whatever the dialog's stack held, shown as "± 0.0"). */
  g_assert_cmpfloat (g_array_index (samples, WmSample, 0).margin, ==, 0);
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (card)), ==, "41");
  g_assert_cmpstr (wm_kpi_card_get_status_text (WM_KPI_CARD (card)), ==, "On target");
  g_clear_pointer (&samples, g_array_unref);

  /* Correct it: another value and another time, one edit. */
  dialog = open_value_dialog (fixture, "kpis.edit-value",
                              g_variant_new_int64 (g_date_time_to_unix (time)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_entry (dialog, "value"))), ==, "41");
  set_text (dialog_entry (dialog, "time"), "2026-03-02");
  set_text (dialog_entry (dialog, "value"), "12.5");
  respond (dialog, "save");
  samples = wm_store_get_samples (fixture->store, id, G_MININT64, G_MAXINT64, NULL);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpint (g_array_index (samples, WmSample, 0).time, ==, g_date_time_to_unix (corrected));
  g_assert_cmpfloat (g_array_index (samples, WmSample, 0).value, ==, 12.5);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Correct KPI value");
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (card)), ==, "12.5");
  g_assert_cmpstr (wm_kpi_card_get_status_text (WM_KPI_CARD (card)), ==, "Off target");

  /* Delete it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.delete-value",
                                             "x", g_date_time_to_unix (corrected)));
  wm_ui_test_iterate ();
  g_assert_cmpint (count_samples (fixture, id), ==, 0);
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (card)), ==, "—");
}

static void
test_import_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "CSAT", "csat", 85, 80);
  const char *bad = "time,value\n2026-01-01,80\n2026-01-02,eighty\n";
  const char *good = "time,value,n\n2026-01-01,80,100\n2026-01-02,83.5,120\n";
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *undo;

  fixture_attach (fixture);
  wm_kpis_view_show_kpi (fixture->view, id);

  /* A bad line refuses the whole file, naming the line. */
  g_assert_false (wm_kpis_view_import_text (fixture->view, bad, -1, FALSE, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_CSV);
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_cmpint (count_samples (fixture, id), ==, 0);
  wm_ui_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), error->message));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_error (&error);

  g_assert_true (wm_kpis_view_import_text (fixture->view, good, -1, FALSE, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpint (count_samples (fixture, id), ==, 2);
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (wm_kpis_view_get_card (fixture->view,
                                                                                    id))),
                   ==, "83.5");

  /* The toast takes the whole file back. */
  undo = wm_ui_test_find_button (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wm_ui_test_iterate ();
  g_assert_cmpint (count_samples (fixture, id), ==, 0);
}

static void
test_card_in_place (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 nps = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  gint64 fcr = add_kpi (fixture->store, "First contact resolution", "fcr", 75, 65);
  GtkWidget *nps_card, *fcr_card;
  guint nps_updates, fcr_updates;

  add_sample (fixture->store, nps, 1767225600, 31, 250);
  add_sample (fixture->store, fcr, 1767225600, 70, 0);
  fixture_attach (fixture);

  nps_card = wm_kpis_view_get_card (fixture->view, nps);
  fcr_card = wm_kpis_view_get_card (fixture->view, fcr);
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (nps_card)), ==, "31");
  g_assert_cmpstr (wm_kpi_card_get_status_text (WM_KPI_CARD (nps_card)), ==, "Warning");
  nps_updates = wm_kpi_card_get_n_updates (WM_KPI_CARD (nps_card));
  fcr_updates = wm_kpi_card_get_n_updates (WM_KPI_CARD (fcr_card));

  /* A sample arrives, as a feed would write it, with its margin of error. */
  {
    g_autoptr(GError) error = NULL;
    WmSample sample = { 1767312000, 44, 260, 4.2 };

    g_assert_true (wm_store_add_samples (fixture->store, nps, &sample, 1, "feed", &error));
    g_assert_no_error (error);
  }
  wm_ui_test_iterate ();

  /* The same card, updated; the other card untouched. */
  g_assert_true (wm_kpis_view_get_card (fixture->view, nps) == nps_card);
  g_assert_true (wm_kpis_view_get_card (fixture->view, fcr) == fcr_card);
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (nps_card)), ==, "44");
  g_assert_nonnull (strstr (wm_kpi_card_get_detail_text (WM_KPI_CARD (nps_card)), "n = 260"));
  g_assert_nonnull (strstr (wm_kpi_card_get_detail_text (WM_KPI_CARD (nps_card)), "± 4.2"));
  g_assert_cmpstr (wm_kpi_card_get_status_text (WM_KPI_CARD (nps_card)), ==, "On target");
  g_assert_cmpuint (wm_kpi_card_get_n_updates (WM_KPI_CARD (nps_card)), ==, nps_updates + 1);
  g_assert_cmpuint (wm_kpi_card_get_n_updates (WM_KPI_CARD (fcr_card)), ==, fcr_updates);

  /* An edit of the KPI's target re-colours it in place too. */
  g_assert_true (wm_store_set_double (fixture->store, nps, WM_KPI_TARGET, 50, NULL));
  wm_ui_test_iterate ();
  g_assert_true (wm_kpis_view_get_card (fixture->view, nps) == nps_card);
  g_assert_cmpstr (wm_kpi_card_get_status_text (WM_KPI_CARD (nps_card)), ==, "Warning");
  g_assert_cmpuint (wm_kpi_card_get_n_updates (WM_KPI_CARD (fcr_card)), ==, fcr_updates);
}

/* Feeds against a loopback server */

#define SECRET "s3cr3t-t0ken-4711"

static void
respond_json (SoupServerMessage *message,
              const char        *body)
{
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  if (g_str_equal (path, "/secure"))
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
      const char *auth = soup_message_headers_get_one (headers, "Authorization");

      if (g_strcmp0 (auth, "Bearer " SECRET) != 0)
        soup_server_message_set_status (message, 401, NULL);
      else
        respond_json (message, "{\"nps\": 63}");
    }
  else if (g_str_equal (path, "/rate"))
    respond_json (message, "{\"rate\": 0.915}");
  else if (g_str_equal (path, "/nps"))
    respond_json (message, "{\"nps\": \"51\", \"responses\": 412}");
  else
    soup_server_message_set_status (message, 503, NULL);
}

static char *
start_server (SoupServer **out_server)
{
  g_autoptr(GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  GSList *uris;
  char *base;

  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  *out_server = server;

  /* "http://127.0.0.1:PORT/" without the slash */
  base[strlen (base) - 1] = '\0';
  return base;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Saves as the Save button does: the main loop runs while it waits. */
static gint64
save_editor (WmFeedEditor  *editor,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  wm_feed_editor_save_async (editor, NULL, saved_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return wm_feed_editor_save_finish (editor, result, error);
}

/* Whether @row is wholly in the visible part of the page that scrolls it. */
static gboolean
shown_whole (GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (row, view, &bounds));

  return bounds.origin.y >= 0 && bounds.size.height > 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (view);
}

static void
wait_for_test (WmFeedEditor *editor)
{
  for (guint i = 0; i < 500 && wm_feed_editor_is_testing (editor); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_false (wm_feed_editor_is_testing (editor));
}

/* The dashboard shown, KPI @kpi_id's detail opened and its Add Feed
 * pressed: the new feed's editor. */
static WmFeedEditor *
open_new_feed (Fixture *fixture,
               gint64   kpi_id)
{
  WmFeedEditor *editor;

  fixture_attach (fixture);
  wm_kpis_view_show_kpi (fixture->view, kpi_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.add-feed", NULL));
  wm_ui_test_iterate ();
  editor = WM_FEED_EDITOR (wm_ui_test_find_toplevel (WM_TYPE_FEED_EDITOR, TRUE));
  g_assert_nonnull (editor);
  assert_focus_in (GTK_WIDGET (editor), wm_feed_editor_get_field (editor, "url"));

  return editor;
}

/* A backend that gives a share as a fraction: the editor multiplies it
 * into the KPI's per cent, in its test and in the feed it stores; raw
 * answers, whose KPI is computed, offer no factor. */
static void
test_feed_editor_scale (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Customer retention", "retention", 90, 85);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strconcat (base, "/rate", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) feed = NULL;
  WmFeedEditor *editor;
  GtkWidget *scale, *result;
  gint64 feed_id;

  editor = open_new_feed (fixture, id);
  scale = wm_feed_editor_get_field (editor, "scale");
  result = wm_feed_editor_get_field (editor, "test_result");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (scale)), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scale)), ==, "1");
  set_text (wm_feed_editor_get_field (editor, "url"), url);
  set_text (wm_feed_editor_get_field (editor, "path"), "$.rate");
  wm_feed_editor_test (editor);
  wait_for_test (editor);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)), ==,
                   "Value: 0.9");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (scale), 100);
  wm_ui_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (scale)), ==, "100");
  wm_feed_editor_test (editor);
  wait_for_test (editor);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)), ==,
                   "Value: 91.5");
  save_screenshot (GTK_WIDGET (editor), "feed-editor-scale");

  /* Raw answers: no factor to set. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "type")),
                              WM_FEED_TYPE_RESPONSES);
  g_assert_false (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "scale_row")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "type")),
                              WM_FEED_TYPE_JSON);
  g_assert_true (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "scale_row")));

  feed_id = save_editor (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (feed_id, >, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
  wm_ui_test_iterate ();
  feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (wm_record_get_double (feed, WM_FEED_SCALE), ==, 100);

  /* Opened again, it shows its factor. Its server had said what it last
   * sent; a new factor forgets that, or "not modified" would keep the
   * value the old factor made. Saving with nothing changed keeps it. */
  g_assert_true (wm_store_set_string (fixture->store, feed_id, WM_FEED_ETAG, "\"v1\"", &error));
  g_assert_true (wm_store_set_string (fixture->store, feed_id, WM_FEED_LAST_MODIFIED,
                                      "Sat, 28 Nov 2026 14:41:49 GMT", &error));
  for (guint round = 0; round < 2; round++)
    {
      g_clear_object (&feed);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.edit-feed",
                                                 "x", feed_id));
      wm_ui_test_iterate ();
      editor = WM_FEED_EDITOR (wm_ui_test_find_toplevel (WM_TYPE_FEED_EDITOR, TRUE));
      scale = wm_feed_editor_get_field (editor, "scale");
      g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (scale)), ==, 100);
      if (round == 1)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (scale), 1000);
      g_assert_cmpint (save_editor (editor, &error), ==, feed_id);
      g_assert_no_error (error);
      gtk_window_destroy (GTK_WINDOW (editor));
      wm_ui_test_iterate ();
      feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);
      g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_ETAG), ==, round == 0 ? "\"v1\"" : "");
      g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_LAST_MODIFIED), ==,
                       round == 0 ? "Sat, 28 Nov 2026 14:41:49 GMT" : "");
      if (round == 1)
        g_assert_cmpfloat (wm_record_get_double (feed, WM_FEED_SCALE), ==, 1000);
    }
}

static void
test_feed_editor (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *good = g_strconcat (base, "/nps", NULL);
  g_autofree char *bad = g_strconcat (base, "/down", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  WmFeedEditor *editor;
  GtkWidget *result;
  WmKpiCard *card;
  gint64 feed_id;
  gint64 n_samples;

  editor = open_new_feed (fixture, id);

  /* Plain http to a remote host is flagged; loopback is not. */
  set_text (wm_feed_editor_get_field (editor, "url"), "http://surveys.example.com/nps");
  g_assert_true (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "insecure")));
  /* A bearer token asks for the secret in a password entry. */
  g_assert_false (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "secret")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "auth")), 1);
  g_assert_true (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "secret")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (wm_feed_editor_get_field (editor, "secret")));
  save_screenshot (GTK_WIDGET (editor), "feed-editor-auth");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "auth")), 0);
  set_text (wm_feed_editor_get_field (editor, "url"), "https://surveys.example.com/nps");
  g_assert_false (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "insecure")));

  /* Test feed: the value, without storing anything. Before the first test
   * the group shows nothing under its heading, not even an empty list. */
  result = wm_feed_editor_get_field (editor, "test_result");
  g_assert_false (gtk_widget_is_drawable (gtk_widget_get_parent (result)));
  set_text (wm_feed_editor_get_field (editor, "url"), good);
  set_text (wm_feed_editor_get_field (editor, "path"), "$.nps");
  wm_feed_editor_test (editor);
  g_assert_true (wm_feed_editor_is_testing (editor));
  wait_for_test (editor);
  g_assert_true (gtk_widget_get_visible (result));
  g_assert_true (gtk_widget_is_drawable (gtk_widget_get_parent (result)));
  if (gtk_widget_has_css_class (result, "error"))
    g_printerr ("# test feed: %s\n", adw_action_row_get_subtitle (ADW_ACTION_ROW (result)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)), ==, "Value: 51");
  g_assert_true (gtk_widget_has_css_class (result, "success"));
  g_assert_cmpint (count_samples (fixture, id), ==, 0);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_FEED), ==, 0);
  save_screenshot (GTK_WIDGET (editor), "feed-editor");

  /* … and the exact error. */
  set_text (wm_feed_editor_get_field (editor, "url"), bad);
  wm_feed_editor_test (editor);
  wait_for_test (editor);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)), ==,
                   "The feed failed");
  g_assert_true (gtk_widget_has_css_class (result, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (result)), "503"));

  /* A feed that could never find its value is refused, nothing stored. */
  set_text (wm_feed_editor_get_field (editor, "url"), good);
  set_text (wm_feed_editor_get_field (editor, "path"), "");
  g_assert_cmpint (save_editor (editor, &error), ==, 0);
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
  g_clear_error (&error);
  g_assert_true (gtk_widget_has_css_class (wm_feed_editor_get_field (editor, "path"), "error"));
  /* … said as it is typed, with Save waiting until it is fixed. */
  g_assert_false (gtk_widget_get_sensitive (wm_feed_editor_get_field (editor, "save")));
  g_assert_true (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "error")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (wm_feed_editor_get_field (editor,
                                                                                      "error"))),
                            "JSONPath"));
  g_assert_true (gtk_widget_get_ancestor (wm_feed_editor_get_field (editor, "error"),
                                          ADW_TYPE_PREFERENCES_GROUP) ==
                 gtk_widget_get_ancestor (wm_feed_editor_get_field (editor, "path"),
                                          ADW_TYPE_PREFERENCES_GROUP));
  save_screenshot (GTK_WIDGET (editor), "feed-editor-invalid");
  set_text (wm_feed_editor_get_field (editor, "path"), "$.nps");
  g_assert_true (gtk_widget_get_sensitive (wm_feed_editor_get_field (editor, "save")));
  g_assert_false (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "error")));
  set_text (wm_feed_editor_get_field (editor, "path"), "");
  set_text (wm_feed_editor_get_field (editor, "url"), "ftp://surveys.example.com/nps");
  set_text (wm_feed_editor_get_field (editor, "path"), "$.nps");
  g_assert_cmpint (save_editor (editor, &error), ==, 0);
  g_assert_error (error, WM_FEED_ERROR, WM_FEED_ERROR_DEFINITION);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_FEED), ==, 0);

  /* Save: one feed row, and the card shows its state. */
  set_text (wm_feed_editor_get_field (editor, "url"), good);
  g_assert_cmpint (save_editor (editor, &error), >, 0);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  wm_ui_test_iterate ();
  feeds = wm_store_list (fixture->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (feeds->len, ==, 1);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (feeds, 0), WM_FEED_PATH), ==, "$.nps");
  g_assert_nonnull (wm_kpi_card_get_feed_text (WM_KPI_CARD (wm_kpis_view_get_card (fixture->view,
                                                                                   id))));

  /* Refresh now: the value arrives on the card. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.refresh-feed", "x",
                                             wm_record_get_id (g_ptr_array_index (feeds, 0))));
  for (guint i = 0; i < 500 && count_samples (fixture, id) == 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  /* The scheduler may be fetching the new feed on its own as well: wait
   * for both to be stored. */
  for (guint i = 0; i < 1000 && wm_feeds_get_n_active (wm_kpis_view_get_feeds (fixture->view)) > 0;
       i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  wm_ui_test_iterate ();
  g_assert_cmpint (count_samples (fixture, id), >=, 1);
  card = WM_KPI_CARD (wm_kpis_view_get_card (fixture->view, id));
  g_assert_cmpstr (wm_kpi_card_get_value_text (card), ==, "51");
  g_assert_cmpstr (wm_kpi_card_get_feed_text (card), ==, "Up to date");

  /* The server goes down: the card says so, and the last value stays. */
  feed_id = wm_record_get_id (g_ptr_array_index (feeds, 0));
  g_assert_true (wm_store_set_string (fixture->store, feed_id, WM_FEED_URL, bad, &error));
  g_assert_no_error (error);
  n_samples = count_samples (fixture, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.refresh-feed", "x",
                                             feed_id));
  for (guint i = 0; i < 1000 && !g_str_has_prefix (wm_kpi_card_get_feed_text (card), "Error"); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (g_str_has_prefix (wm_kpi_card_get_feed_text (card), "Error"));
  g_assert_nonnull (strstr (wm_kpi_card_get_feed_text (card), "503"));
  g_assert_true (wm_kpis_view_get_card (fixture->view, id) == GTK_WIDGET (card));
  g_assert_cmpstr (wm_kpi_card_get_value_text (card), ==, "51");
  g_assert_cmpint (count_samples (fixture, id), ==, n_samples);
}

static gboolean
find_label_prefix (GtkWidget  *widget,
                   const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (find_label_prefix (child, prefix))
        return TRUE;
    }

  return FALSE;
}

/* Refresh all: every feed at once, progress while they run, values on the cards. */
static void
test_refresh_all (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 nps = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  gint64 other = add_kpi (fixture->store, "Relationship NPS", "nps", 40, 25);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strconcat (base, "/nps", NULL);
  gint64 kpis[] = { nps, other };
  gboolean saw_progress = FALSE;
  WmFeeds *feeds;

  for (guint i = 0; i < G_N_ELEMENTS (kpis); i++)
    {
      g_autoptr(WmRecord) draft = wm_feed_new_draft (kpis[i], WM_FEED_TYPE_JSON, url);
      g_autoptr(GError) error = NULL;

      wm_record_set_string (draft, WM_FEED_PATH, "$.nps");
      g_assert_cmpint (wm_feeds_add (fixture->store, draft, NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  fixture_attach (fixture);
  feeds = wm_kpis_view_get_feeds (fixture->view);
  /* Only the refresh asked for, not the scheduler. */
  wm_feeds_stop (feeds);
  for (guint i = 0; i < 200 && wm_feeds_get_n_active (feeds) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.refresh-all",
                                             NULL));
  for (guint i = 0; i < 1000; i++)
    {
      saw_progress |= find_label_prefix (GTK_WIDGET (fixture->view), "Refreshing 2 feeds");
      if (saw_progress && wm_feeds_get_n_active (feeds) == 0
          && count_samples (fixture, nps) > 0 && count_samples (fixture, other) > 0)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  wm_ui_test_iterate ();
  g_assert_true (saw_progress);
  g_assert_false (find_label_prefix (GTK_WIDGET (fixture->view), "Refreshing"));
  for (guint i = 0; i < G_N_ELEMENTS (kpis); i++)
    g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (wm_kpis_view_get_card (fixture->view,
                                                                                      kpis[i]))),
                     ==, "51");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  for (gsize i = 0; i + strlen (needle) <= length; i++)
    {
      if (memcmp (contents + i, needle, strlen (needle)) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A keyring that is there but locked would prompt, and the test would wait
 * for a person: only an unlocked default collection counts. */
static gboolean
keyring_usable (GError **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, error);
  if (service == NULL)
    return FALSE;
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, error);
  if (collection == NULL || secret_collection_get_locked (collection))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "the default collection is missing or locked");
      return FALSE;
    }

  return TRUE;
}

/* A bearer token typed into the editor: tested as typed, kept in the keyring
 * after saving, used by the engine, and nowhere in the project file. */
static void
test_feed_secret (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strconcat (base, "/secure", NULL);
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) feed = NULL;
  WmFeedEditor *editor;
  GtkWidget *result;
  gint64 feed_id;

  editor = open_new_feed (fixture, id);
  set_text (wm_feed_editor_get_field (editor, "url"), url);
  set_text (wm_feed_editor_get_field (editor, "path"), "$.nps");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "auth")), 1);

  /* Without the token the server refuses; with it, the value. The answer
   * comes into view, though the form with a secret is taller than the
   * window: the exact error is what the person waits for. */
  wm_feed_editor_test (editor);
  wait_for_test (editor);
  result = wm_feed_editor_get_field (editor, "test_result");
  g_assert_true (gtk_widget_has_css_class (result, "error"));
  wm_ui_test_wait_ms (200);
  g_assert_true (shown_whole (result));
  set_text (wm_feed_editor_get_field (editor, "secret"), SECRET);
  wm_feed_editor_test (editor);
  wait_for_test (editor);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (result)), ==, "Value: 63");

  /* Saving needs an unlocked keyring. */
  if (!keyring_usable (&error))
    {
      g_test_skip_printf ("no unlocked Secret Service keyring (run through .ci/test): %s",
                          error ? error->message : "");
      return;
    }
  feed_id = save_editor (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (feed_id, >, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
  wm_ui_test_iterate ();

  feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wm_record_get_uuid (feed));
  stored = wm_secrets_lookup_sync (wm_record_get_uuid (wm_store_get_project (fixture->store)),
                                   wm_record_get_uuid (feed), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, SECRET);
  g_assert_false (file_contains (fixture->path, SECRET));
  g_assert_false (file_contains (journal, SECRET));

  /* The engine signs in with the keyring's token. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.refresh-feed", "x",
                                             feed_id));
  for (guint i = 0; i < 1000 && count_samples (fixture, id) == 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  wm_ui_test_iterate ();
  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (wm_kpis_view_get_card (fixture->view,
                                                                                    id))),
                   ==, "63");

  /* Editing the feed leaves the secret field empty and tests with the keyring's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.edit-feed", "x",
                                             feed_id));
  wm_ui_test_iterate ();
  editor = WM_FEED_EDITOR (wm_ui_test_find_toplevel (WM_TYPE_FEED_EDITOR, TRUE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wm_feed_editor_get_field (editor,
                                                                                  "secret"))),
                   ==, "");
  wm_feed_editor_test (editor);
  wait_for_test (editor);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     wm_feed_editor_get_field (editor, "test_result"))), ==, "Value: 63");

  /* Another way of signing in needs its own secret: Save waits for it. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "auth")), 2);
  set_text (wm_feed_editor_get_field (editor, "auth_user"), "feeds");
  g_assert_false (gtk_widget_get_sensitive (wm_feed_editor_get_field (editor, "save")));
  g_assert_true (gtk_widget_has_css_class (wm_feed_editor_get_field (editor, "secret"), "error"));
  /* The message stands under the secret's own group, not above the fields
   * being typed in, which it would push down at every keystroke. */
  g_assert_true (gtk_widget_get_visible (wm_feed_editor_get_field (editor, "error")));
  g_assert_true (gtk_widget_get_ancestor (wm_feed_editor_get_field (editor, "error"),
                                          ADW_TYPE_PREFERENCES_GROUP) ==
                 gtk_widget_get_ancestor (wm_feed_editor_get_field (editor, "secret"),
                                          ADW_TYPE_PREFERENCES_GROUP));

  /* No signing in any more: the secret leaves the keyring. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "auth")), 0);
  g_assert_true (gtk_widget_get_sensitive (wm_feed_editor_get_field (editor, "save")));
  g_assert_cmpint (save_editor (editor, &error), ==, feed_id);
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  for (guint i = 0; i < 500; i++)
    {
      g_free (stored);
      stored = wm_secrets_lookup_sync (wm_record_get_uuid (wm_store_get_project (fixture->store)),
                                       wm_record_get_uuid (feed), NULL, &error);
      g_assert_no_error (error);
      if (stored == NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_null (stored);
}

/* A card on the dashboard opens its KPI's detail when clicked. */
static void
test_card_opens_detail (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 first = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  gint64 second = add_kpi (fixture->store, "Customer effort", "ces", 5, 4);
  GtkWidget *card, *child, *flow_box;

  fixture_attach (fixture);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, 0);
  card = wm_kpis_view_get_card (fixture->view, second);
  g_assert_nonnull (card);
  child = gtk_widget_get_parent (card);
  flow_box = gtk_widget_get_parent (child);
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (child));
  g_signal_emit_by_name (flow_box, "child-activated", child);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, second);
  /* The detail in place of the dashboard. */
  g_assert_false (gtk_widget_is_drawable (wm_kpis_view_get_card (fixture->view, first)));
}

/* Waits for the feed editor to close itself; whether it did. */
static gboolean
wait_editor_closed (void)
{
  for (guint i = 0; i < 500 && wm_ui_test_find_toplevel (WM_TYPE_FEED_EDITOR, TRUE) != NULL; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }

  return wm_ui_test_find_toplevel (WM_TYPE_FEED_EDITOR, TRUE) == NULL;
}

static WmFeedEditor *
edit_feed (Fixture *fixture,
           gint64   feed_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.edit-feed", "x",
                                             feed_id));
  wm_ui_test_iterate ();

  return WM_FEED_EDITOR (wm_ui_test_find_toplevel (WM_TYPE_FEED_EDITOR, TRUE));
}

/* The editor's own buttons: Add and Save close it once the feed is stored,
 * a new secret for a feed that had none is kept in the keyring, and
 * Remove Feed removes it, which undo takes back. */
static void
test_feed_editor_buttons (Fixture       *fixture,
                          gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strconcat (base, "/nps", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(WmRecord) feed = NULL;
  WmFeedEditor *editor;
  GtkWidget *remove;
  gint64 feed_id;

  editor = open_new_feed (fixture, id);
  set_text (wm_feed_editor_get_field (editor, "url"), url);
  set_text (wm_feed_editor_get_field (editor, "path"), "$.nps");
  g_signal_emit_by_name (wm_feed_editor_get_field (editor, "save"), "clicked");
  g_assert_true (wait_editor_closed ());
  feeds = wm_store_list (fixture->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  feed_id = wm_record_get_id (g_ptr_array_index (feeds, 0));

  /* Saved as changed. */
  editor = edit_feed (fixture, feed_id);
  set_text (wm_feed_editor_get_field (editor, "path"), "$.score");
  g_signal_emit_by_name (wm_feed_editor_get_field (editor, "save"), "clicked");
  g_assert_true (wait_editor_closed ());
  feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_PATH), ==, "$.score");

  /* A token for a feed that had none: the keyring first, then the file. */
  if (keyring_usable (NULL))
    {
      g_autofree char *stored = NULL;

      editor = edit_feed (fixture, feed_id);
      adw_combo_row_set_selected (ADW_COMBO_ROW (wm_feed_editor_get_field (editor, "auth")), 1);
      set_text (wm_feed_editor_get_field (editor, "secret"), "a-new-token");
      g_signal_emit_by_name (wm_feed_editor_get_field (editor, "save"), "clicked");
      g_assert_true (wait_editor_closed ());
      g_clear_object (&feed);
      feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);
      g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_AUTH), ==, "bearer");
      stored = wm_secrets_lookup_sync (wm_record_get_uuid (wm_store_get_project (fixture->store)),
                                       wm_record_get_uuid (feed), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (stored, ==, "a-new-token");
    }
  else
    g_test_message ("No unlocked keyring (run through .ci/test): the token is not tried");

  /* Removed from its editor, and back. */
  editor = edit_feed (fixture, feed_id);
  remove = wm_ui_test_find_button (GTK_WIDGET (editor), "_Remove Feed");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_true (wait_editor_closed ());
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = wm_store_list (fixture->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (feeds->len, ==, 0);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = wm_store_list (fixture->store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (feeds->len, ==, 1);
}

static void
test_trust (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  /* A port nothing listens on: the fetch fails at once. */
  g_autoptr(WmRecord) draft = wm_feed_new_draft (id, WM_FEED_TYPE_PROMETHEUS,
                                                 "http://127.0.0.1:9");
  g_autoptr(WmRecord) feed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 colleague_attempt = g_get_real_time () / G_USEC_PER_SEC - 30;
  gint64 feed_id;
  WmFeeds *feeds;
  GtkWidget *card;

  wm_record_set_string (draft, WM_FEED_QUERY, "nps_score");
  feed_id = wm_feeds_add (fixture->store, draft, NULL, &error);
  g_assert_cmpint (feed_id, >, 0);
  g_assert_no_error (error);
  /* As if the file came from a colleague whose last fetch failed a moment
   * ago: on its own the feed would wait out its back-off. */
  g_assert_true (wm_store_set_int (fixture->store, feed_id, WM_FEED_LAST_ATTEMPT_AT,
                                   colleague_attempt, &error));
  g_assert_true (wm_store_set_int (fixture->store, feed_id, WM_FEED_FAILURES, 3, &error));
  g_assert_true (wm_trust_set_trusted (fixture->store, FALSE, &error));
  g_assert_no_error (error);

  fixture_attach (fixture);
  feeds = wm_kpis_view_get_feeds (fixture->view);
  g_assert_true (wm_kpis_view_is_trust_banner_shown (fixture->view));
  g_assert_false (wm_feeds_get_trusted (feeds));
  g_assert_false (wm_feeds_is_running (feeds));
  card = wm_kpis_view_get_card (fixture->view, id);
  g_assert_true (g_str_has_prefix (wm_kpi_card_get_feed_text (WM_KPI_CARD (card)), "Paused"));
  save_screenshot (GTK_WIDGET (fixture->window), "trust-banner");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.trust", NULL));
  wm_ui_test_iterate ();
  g_assert_false (wm_kpis_view_is_trust_banner_shown (fixture->view));
  g_assert_true (wm_feeds_get_trusted (feeds));
  g_assert_true (wm_feeds_is_running (feeds));
  g_assert_true (wm_trust_is_trusted (fixture->store));

  /* Trusting fetches now: the states in the file are the colleague's. */
  for (guint i = 0; i < 500 && wm_feeds_get_n_active (feeds) > 0; i++)
    wm_ui_test_wait_ms (10);
  g_assert_cmpuint (wm_feeds_get_n_active (feeds), ==, 0);
  feed = wm_store_get (fixture->store, WM_ENTITY_FEED, feed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_record_get_int (feed, WM_FEED_LAST_ATTEMPT_AT), >, colleague_attempt);
  wm_feeds_stop (feeds);
}

/* "Show on Map…" links the KPI to a stage of a journey (giving the journey
 * its KPI lane), the section lists it with its journey, and taking it off
 * the map is one edit Undo brings back. */
static void
test_map_links (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *place;
  gint64 journey, stage, link_id;

  journey = wm_test_insert_named (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                  "Software upgrade");
  wm_test_insert_named (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "Learn");
  stage = wm_test_insert_named (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey,
                                "Try self-help");
  fixture_attach (fixture);
  wm_kpis_view_show_kpi (fixture->view, id);
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Not on any map"));

  dialog = open_value_dialog (fixture, "kpis.add-link", NULL);
  place = GTK_DROP_DOWN (wm_ui_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, "place"));
  g_assert_nonnull (place);
  /* The whole journey, then its two stages. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (place)), ==, 3);
  gtk_drop_down_set_selected (place, 2);
  respond (dialog, "add");

  links = wm_store_list (fixture->store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_KPI_ID, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpint (wm_record_get_ref (g_ptr_array_index (links, 0), WM_KPI_LINK_STAGE_ID), ==, stage);
  link_id = wm_record_get_id (g_ptr_array_index (links, 0));
  lanes = wm_store_list (fixture->store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey, &error);
  g_assert_cmpuint (lanes->len, ==, 1);
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (lanes, 0), WM_LANE_KIND), ==, "kpi");
  wm_ui_test_iterate ();
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Software upgrade"));
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Stage “Try self-help”"));
  g_assert_false (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Not on any map"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.remove-link", "x",
                                             link_id));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI_LINK), ==, 0);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Not on any map"));
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI_LINK), ==, 1);
  g_assert_true (wm_ui_test_find_label (GTK_WIDGET (fixture->view), "Stage “Try self-help”"));
}

/* The touchpoint panel lists the KPIs shown on its touchpoint with their
 * latest value, updated as values arrive, and shows or removes one. */
static void
test_touchpoint_panel (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "Chat CSAT", "csat", 80, 70);
  gint64 touchpoint = wm_test_insert (fixture->store, WM_ENTITY_TOUCHPOINT);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *panel = wm_touchpoint_panel_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  add_sample (fixture->store, id, now - 60, 85, 0);
  gtk_window_set_child (window, panel);
  gtk_window_set_default_size (window, 400, 900);
  gtk_window_present (window);
  wm_touchpoint_panel_set_touchpoint (WM_TOUCHPOINT_PANEL (panel), fixture->store, touchpoint);
  wm_ui_test_iterate ();
  g_assert_null (wm_ui_test_find_row (panel, ADW_TYPE_ACTION_ROW, "Chat CSAT"));

  g_assert_true (gtk_widget_activate_action (panel, "panel.link-kpi", "x", id));
  wm_ui_test_iterate ();
  links = wm_store_list (fixture->store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_TOUCHPOINT_ID,
                         touchpoint, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_nonnull (wm_ui_test_find_row (panel, ADW_TYPE_ACTION_ROW, "Chat CSAT"));
  g_assert_nonnull (wm_ui_test_find_label_containing (panel, "On target"));

  /* A value of another KPI costs the panel nothing: its row stays. */
  {
    gint64 other = add_kpi (fixture->store, "Other", "csat", 80, 70);
    GtkWidget *row = wm_ui_test_find_row (panel, ADW_TYPE_ACTION_ROW, "Chat CSAT");

    g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
    add_sample (fixture->store, other, now, 50, 0);
    wm_ui_test_iterate ();
    g_assert_nonnull (row);
    g_object_remove_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  }

  /* A new value reaches the panel without touching anything. */
  add_sample (fixture->store, id, now, 60, 0);
  wm_ui_test_iterate ();
  g_assert_nonnull (wm_ui_test_find_label_containing (panel, "Off target"));

  /* The wheel over the emotion scale scrolls the panel: a person scrolling
   * down to the KPIs must not change the emotion on the way. */
  {
    GtkWidget *scale = wm_ui_test_find_type (panel, GTK_TYPE_SCALE);
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (scale);
    GtkEventController *wheel = NULL;
    double before = gtk_range_get_value (GTK_RANGE (scale));
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller) &&
            gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
          wheel = controller;
      }
    g_assert_nonnull (wheel);
    g_assert_false (gtk_widget_has_focus (scale));
    g_signal_emit_by_name (wheel, "scroll", 0.0, 1.0, &handled);
    g_assert_true (handled);
    g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (scale)), ==, before);
  }

  g_assert_true (gtk_widget_activate_action (panel, "panel.unlink-kpi", "x",
                                             wm_record_get_id (g_ptr_array_index (links, 0))));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI_LINK), ==, 0);
  g_assert_null (wm_ui_test_find_row (panel, ADW_TYPE_ACTION_ROW, "Chat CSAT"));

  gtk_window_destroy (window);
}

/* The screenshots a person looks at: a dashboard with history, and a chart. */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  struct {
    const char *name, *kind, *unit;
    double target, warning, base, swing;
    gint64 n;
  } kpis[] = {
    { "Net Promoter Score", "nps", "", 40, 25, 34, 9, 240 },
    { "Support CSAT", "csat", "%", 85, 80, 84, 4, 180 },
    { "First contact resolution", "fcr", "%", 75, 65, 66, 6, 0 },
    { "Customer effort", "ces", "", 5.5, 5, 5.4, 0.4, 90 },
    { "12-month retention", "retention", "%", 90, 85, 88, 2, 0 },
  };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strconcat (base, "/nps", NULL);
  gint64 first_id = 0;
  WmKpiChart *chart;

  for (guint k = 0; k < G_N_ELEMENTS (kpis); k++)
    {
      gint64 id = add_kpi (fixture->store, kpis[k].name, kpis[k].kind, kpis[k].target,
                           kpis[k].warning);
      g_autofree WmSample *samples = g_new0 (WmSample, 60);

      wm_store_set_string (fixture->store, id, WM_KPI_UNIT, kpis[k].unit, NULL);
      for (guint i = 0; i < 60; i++)
        {
          samples[i].time = now - (59 - i) * 3 * 24 * 3600;
          samples[i].value = kpis[k].base + kpis[k].swing * sin (i / 6.0 + k)
                             + kpis[k].swing * 0.3 * ((int) ((i * 7 + k) % 5) - 2) / 2.0;
          samples[i].n = kpis[k].n;
        }
      g_assert_true (wm_store_add_samples (fixture->store, id, samples, 60, "test", NULL));
      if (first_id == 0)
        first_id = id;
    }
  {
    g_autoptr(WmRecord) draft = wm_feed_new_draft (first_id, WM_FEED_TYPE_JSON, url);

    wm_record_set_string (draft, WM_FEED_PATH, "$.nps");
    wm_feeds_add (fixture->store, draft, NULL, NULL);
  }

  fixture_attach (fixture);
  /* The feed's first fetch comes back from the loopback server. */
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  save_screenshot (GTK_WIDGET (fixture->window), "dashboard");

  gtk_window_set_default_size (fixture->window, 360, 760);
  wm_ui_test_iterate ();
  save_screenshot (GTK_WIDGET (fixture->window), "dashboard-narrow");
  gtk_window_set_default_size (fixture->window, 1100, 760);
  wm_ui_test_iterate ();

  wm_kpis_view_show_kpi (fixture->view, first_id);
  wm_ui_test_iterate ();
  chart = WM_KPI_CHART (wm_ui_test_find_named (GTK_WIDGET (fixture->view), WM_TYPE_KPI_CHART,
                                               "chart"));
  g_assert_nonnull (chart);
  {
    const WmChartScale *scale = wm_kpi_chart_get_scale (chart);

    wm_kpi_chart_hover_at (chart, scale->x + scale->width * 0.6, scale->y + scale->height / 2);
    g_assert_cmpint (wm_kpi_chart_get_hover (chart), >=, 0);
  }
  save_screenshot (GTK_WIDGET (fixture->window), "kpi-detail");

  /* Another KPI picked in the sidebar: the detail follows; back goes to the cards. */
  {
    WmListDetail *list = WM_LIST_DETAIL (wm_ui_test_find_type (GTK_WIDGET (fixture->view),
                                                      WM_TYPE_LIST_DETAIL));
    g_autoptr(WmRecord) item = NULL;
    gint64 second;

    g_assert_nonnull (list);
    item = g_list_model_get_item (wm_list_detail_get_model (list), 1);
    second = wm_record_get_id (item);
    g_assert_true (wm_list_detail_select_id (list, second));
    wm_ui_test_iterate ();
    g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, second);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.back", NULL));
    wm_ui_test_iterate ();
    g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, 0);
    g_assert_true (gtk_widget_get_mapped (wm_kpis_view_get_card (fixture->view, first_id)));

    /* A search in the sidebar that matches nothing takes the detail's
     * header, and its way back to the cards, with it: the empty detail
     * offers the way back itself. */
    wm_kpis_view_show_kpi (fixture->view, second);
    wm_ui_test_iterate ();
    {
      GtkWidget *search = wm_ui_test_find_type (GTK_WIDGET (list), GTK_TYPE_SEARCH_ENTRY);
      GtkWidget *back;

      gtk_editable_set_text (GTK_EDITABLE (search), "no such KPI");
      wm_ui_test_wait_ms (300);
      g_assert_true (wm_ui_test_find_label (GTK_WIDGET (list), "No KPI Selected"));
      back = wm_ui_test_find_button (GTK_WIDGET (list), "Back to the _Dashboard");
      g_assert_nonnull (back);
      g_assert_true (gtk_widget_get_mapped (back));
      g_signal_emit_by_name (back, "clicked");
      wm_ui_test_iterate ();
      g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, 0);
      g_assert_true (gtk_widget_get_mapped (wm_kpis_view_get_card (fixture->view, first_id)));
      gtk_editable_set_text (GTK_EDITABLE (search), "");
      wm_ui_test_wait_ms (300);
    }
  }

  /* A phone-sized window: the detail alone, the chart still readable. */
  gtk_window_set_default_size (fixture->window, 360, 760);
  wm_ui_test_iterate ();
  wm_kpis_view_show_kpi (fixture->view, first_id);
  save_screenshot (GTK_WIDGET (fixture->window), "kpi-detail-narrow");
}

/* The detail chart follows the chosen period. */
/* Ticks by the hour name the day where one begins: a chart over two days
 * would otherwise say "00:00" twice and leave the reader to guess which. */
static void
test_chart_time_labels (void)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_local (2026, 11, 27, 0, 0, 0);
  g_autoptr(GDateTime) noon = g_date_time_new_local (2026, 11, 27, 12, 0, 0);
  g_autofree char *day = wm_kpi_chart_format_time_tick (g_date_time_to_unix (midnight),
                                                        WM_CHART_TICK_HOURS);
  g_autofree char *hour = wm_kpi_chart_format_time_tick (g_date_time_to_unix (noon),
                                                         WM_CHART_TICK_HOURS);
  g_autofree char *by_day = wm_kpi_chart_format_time_tick (g_date_time_to_unix (noon),
                                                           WM_CHART_TICK_DAYS);

  g_assert_cmpstr (day, ==, "Nov 27");
  g_assert_cmpstr (hour, ==, "12:00");
  g_assert_cmpstr (by_day, ==, "Nov 27");
}

static void
test_chart_range (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = add_kpi (fixture->store, "CSAT", "csat", 85, 80);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 day = 24 * 3600;
  g_autofree WmSample *samples = g_new0 (WmSample, 100);
  const WmChartScale *scale;
  WmKpiChart *chart;
  GtkWidget *range;

  /* One value every 7 days for 700 days, the newest 2 days old. */
  for (guint i = 0; i < 100; i++)
    {
      samples[i].time = now - 2 * day - (99 - i) * 7 * day;
      samples[i].value = 80 + i % 10;
    }
  g_assert_true (wm_store_add_samples (fixture->store, id, samples, 100, "test", NULL));
  fixture_attach (fixture);
  wm_kpis_view_show_kpi (fixture->view, id);
  wm_ui_test_iterate ();
  chart = WM_KPI_CHART (wm_ui_test_find_named (GTK_WIDGET (fixture->view), WM_TYPE_KPI_CHART,
                                               "chart"));
  scale = wm_kpi_chart_get_scale (chart);

  /* All: the samples' own span. */
  g_assert_cmpint (scale->t_min, ==, samples[0].time);
  g_assert_cmpint (scale->t_max, ==, samples[99].time);

  /* 30 days up to now. */
  range = wm_ui_test_find_button (GTK_WIDGET (fixture->view), "30 Days");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (range), TRUE);
  wm_ui_test_iterate ();
  g_assert_cmpint (scale->t_max, >=, now);
  g_assert_cmpint (scale->t_max - scale->t_min, >=, 30 * day);
  g_assert_cmpint (scale->t_max - scale->t_min, <, 31 * day);

  /* 7 days: one sample (5 days ago is none, 2 days ago is one). */
  range = wm_ui_test_find_button (GTK_WIDGET (fixture->view), "7 Days");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (range), TRUE);
  wm_ui_test_iterate ();
  g_assert_cmpint (scale->t_max - scale->t_min, <, 8 * day);
  wm_kpi_chart_hover_at (chart, wm_chart_scale_x (scale, samples[99].time),
                         scale->y + scale->height / 2);
  g_assert_cmpint (wm_kpi_chart_get_hover (chart), ==, 0);

  /* A KPI with no values yet, under All: the last 30 days up to now, as
   * its values will come, not a day around 1 January 1970. */
  {
    gint64 empty = add_kpi (fixture->store, "Pickup wait", "custom", 5, 10);

    range = wm_ui_test_find_button (GTK_WIDGET (fixture->view), "All");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (range), TRUE);
    wm_kpis_view_show_kpi (fixture->view, empty);
    wm_ui_test_iterate ();
    scale = wm_kpi_chart_get_scale (chart);
    g_assert_cmpint (scale->t_max, >=, now);
    g_assert_cmpint (scale->t_max - scale->t_min, >=, 30 * day);
    g_assert_cmpint (scale->t_max - scale->t_min, <, 31 * day);
  }
}

/* "Open Map" beside a KPI's place goes to that place on the map: its
 * stage's cell in the KPI lane, or the lane for the whole journey, focused,
 * rather than the top of the journey with the KPI somewhere below. */
static void
test_map_link_open (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 kpi = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 journey, stage, kpi_lane = 0, stage_link, journey_link;
  gint64 focus_stage, focus_lane, focus_touchpoint;
  WmJourneyCanvas *canvas;
  WmJourneysView *journeys;
  AdwViewStack *stack;
  WmWindow *window;

  /* Enough lanes above the KPI lane that it starts below the window. */
  journey = wm_test_insert_named (fixture->store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                  "Software upgrade");
  wm_test_insert_named (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "Learn");
  stage = wm_test_insert_named (fixture->store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey,
                                "Try self-help");
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("Notes %u", i);

      wm_test_insert_named (fixture->store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey, name);
    }
  stage_link = wm_kpi_link_add (fixture->store, kpi, WM_KPI_LINK_STAGE_ID, stage, &error);
  g_assert_no_error (error);
  journey_link = wm_kpi_link_add (fixture->store, kpi, WM_KPI_LINK_JOURNEY_ID, journey, &error);
  g_assert_no_error (error);
  lanes = wm_store_list (fixture->store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey, &error);
  for (guint i = 0; i < lanes->len; i++)
    {
      WmRecord *lane = g_ptr_array_index (lanes, i);

      if (g_str_equal (wm_record_get_string (lane, WM_LANE_KIND), "kpi"))
        kpi_lane = wm_record_get_id (lane);
    }
  g_assert_cmpint (kpi_lane, >, 0);
  g_clear_object (&fixture->store);

  window = wm_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, file, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), WM_TYPE_WINDOW,
                                                         "view_stack"));
  journeys = WM_JOURNEYS_VIEW (adw_view_stack_get_child_by_name (stack, "journeys"));
  canvas = wm_journeys_view_get_canvas (journeys);

  adw_view_stack_set_visible_child_name (stack, "kpis");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-kpi-link", "x",
                                             stage_link));
  wm_ui_test_iterate ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "journeys");
  g_assert_cmpint (wm_journeys_view_get_selected_id (journeys), ==, journey);
  g_assert_cmpint (wm_journey_canvas_get_focus (canvas, &focus_stage, &focus_lane,
                                                &focus_touchpoint), ==, WM_MAP_ITEM_CELL);
  g_assert_cmpint (focus_stage, ==, stage);
  g_assert_cmpint (focus_lane, ==, kpi_lane);
  /* In view: the map scrolled down to it. */
  g_assert_cmpfloat (gtk_adjustment_get_value (
                       gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (canvas))), >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-kpi-link", "x",
                                             journey_link));
  wm_ui_test_iterate ();
  g_assert_cmpint (wm_journey_canvas_get_focus (canvas, &focus_stage, &focus_lane,
                                                &focus_touchpoint), ==, WM_MAP_ITEM_LANE);
  g_assert_cmpint (focus_lane, ==, kpi_lane);

  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* The fixture's project with one feed at @url, as a colleague's file not
 * trusted here, opened in a new window. */
static WmWindow *
open_untrusted (Fixture    *fixture,
                const char *url)
{
  gint64 id = add_kpi (fixture->store, "Net Promoter Score", "nps", 40, 25);
  g_autoptr(WmRecord) draft = wm_feed_new_draft (id, WM_FEED_TYPE_JSON, url);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(GError) error = NULL;
  WmWindow *window;

  wm_record_set_string (draft, WM_FEED_PATH, "$.nps");
  g_assert_cmpint (wm_feeds_add (fixture->store, draft, NULL, &error), >, 0);
  g_assert_true (wm_trust_set_trusted (fixture->store, FALSE, &error));
  g_clear_object (&fixture->store);

  window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, file, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();

  return window;
}

/* Stops the window's feeds, waits for the fetches under way, closes it. */
static void
close_window (WmWindow *window)
{
  WmFeeds *feeds = wm_kpis_view_get_feeds (WM_KPIS_VIEW (
                     wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_KPIS_VIEW)));

  wm_feeds_stop (feeds);
  for (guint i = 0; i < 2500 && wm_feeds_get_n_active (feeds) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  wm_ui_test_iterate ();
}

/* In the project window, an untrusted project's KPIs tab asks for attention
 * while its feeds wait on the banner. */
static void
test_trust_window (Fixture       *fixture,
                   gconstpointer  data)
{
  WmWindow *window = open_untrusted (fixture, "https://surveys.example.com/nps");
  AdwMessageDialog *dialog;
  AdwViewStackPage *page;
  WmKpisView *view;

  /* Opening it asks, naming the server its feeds would contact; keeping
   * the feeds paused leaves the question on the KPIs page. */
  dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "surveys.example.com"));
  respond (dialog, "later");
  g_assert_null (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));

  view = WM_KPIS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_KPIS_VIEW));
  g_assert_nonnull (view);
  g_assert_false (wm_trust_is_trusted (wm_window_get_store (window)));
  g_assert_true (wm_kpis_view_is_trust_banner_shown (view));
  g_assert_false (wm_feeds_is_running (wm_kpis_view_get_feeds (view)));
  page = adw_view_stack_get_page (
    ADW_VIEW_STACK (wm_ui_test_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK)),
    gtk_widget_get_parent (GTK_WIDGET (view)));
  g_assert_nonnull (page);
  g_assert_true (adw_view_stack_page_get_needs_attention (page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "kpis.trust", NULL));
  wm_ui_test_iterate ();
  g_assert_false (adw_view_stack_page_get_needs_attention (page));
  g_assert_true (wm_feeds_is_running (wm_kpis_view_get_feeds (view)));
  close_window (window);
}

/* A project opened read-only is shown, never edited, and fetches nothing. */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_kpi (fixture->store, "NPS", "nps", 40, 20);

  add_sample (fixture->store, id, 1767225600, 42, 100);
  g_clear_object (&fixture->store);
  fixture->store = wm_store_open (fixture->path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  fixture_attach (fixture);

  g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (wm_kpis_view_get_card (fixture->view,
                                                                                    id))),
                   ==, "42");
  /* Disabled actions do nothing when activated. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.new", NULL);
  wm_kpis_view_show_kpi (fixture->view, id);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.delete", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.add-value", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "kpis.refresh-all", NULL);
  wm_ui_test_iterate ();
  g_assert_null (wm_ui_test_find_toplevel (WM_TYPE_KPI_EDITOR, TRUE));
  g_assert_null (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_KPI), ==, 1);
  g_assert_cmpint (wm_kpis_view_get_shown_kpi (fixture->view), ==, id);
  g_assert_false (wm_feeds_is_running (wm_kpis_view_get_feeds (fixture->view)));
  g_assert_cmpuint (wm_feeds_get_n_active (wm_kpis_view_get_feeds (fixture->view)), ==, 0);
}

/* The demo project's KPIs, as a new user meets them. */
static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "Demo.waymark", NULL);
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  fixture->store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  fixture_attach (fixture);

  kpis = wm_store_list (fixture->store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (kpis->len, >, 0);
  for (guint i = 0; i < kpis->len; i++)
    {
      WmRecord *kpi = g_ptr_array_index (kpis, i);
      GtkWidget *card = wm_kpis_view_get_card (fixture->view, wm_record_get_id (kpi));
      WmSample latest;

      g_assert_nonnull (card);
      if (wm_store_get_latest_sample (fixture->store, wm_record_get_id (kpi), &latest))
        {
          g_autofree char *value = wm_kpi_format_value (kpi, latest.value);

          g_assert_cmpstr (wm_kpi_card_get_value_text (WM_KPI_CARD (card)), ==, value);
        }
    }
  save_screenshot (GTK_WIDGET (fixture->window), "demo-dashboard");

  /* The demo's NPS is a monthly survey value, fetched minutes ago: its card
   * tells the month the value is for, and its feed when it last fetched;
   * neither reads as the other. */
  {
    WmRecord *nps = g_ptr_array_index (kpis, 0);
    GtkWidget *card = wm_kpis_view_get_card (fixture->view, wm_record_get_id (nps));
    g_autoptr(GPtrArray) feeds = wm_store_list (fixture->store, WM_ENTITY_FEED,
                                                WM_FEED_KPI_ID, wm_record_get_id (nps), &error);
    g_autofree char *as_of = NULL;
    g_autofree char *fetched = NULL;
    WmSample latest;

    g_assert_true (wm_store_get_latest_sample (fixture->store, wm_record_get_id (nps), &latest));
    g_assert_no_error (error);
    g_assert_cmpuint (feeds->len, ==, 1);
    g_assert_true (wm_record_is_set (g_ptr_array_index (feeds, 0), WM_FEED_LAST_SUCCESS_AT));
    g_assert_cmpint (wm_record_get_int (g_ptr_array_index (feeds, 0), WM_FEED_LAST_SUCCESS_AT),
                     >, latest.time);
    as_of = wm_kpi_ui_format_as_of (latest.time);
    fetched = wm_kpi_ui_format_updated (wm_record_get_int (g_ptr_array_index (feeds, 0),
                                                           WM_FEED_LAST_SUCCESS_AT));
    g_assert_true (g_str_has_prefix (as_of, "As of "));
    g_assert_true (wm_ui_test_find_label (card, as_of));
    g_assert_null (wm_ui_test_find_label_containing (card, "Updated"));

    wm_kpis_view_show_kpi (fixture->view, wm_record_get_id (nps));
    g_assert_nonnull (wm_ui_test_find_label_containing (GTK_WIDGET (fixture->view), fetched));

    /* Its list of values gives their times as the card does, not as a
     * database would. */
    {
      g_autoptr(GPtrArray) rows = wm_ui_test_find_all (GTK_WIDGET (fixture->view),
                                                       ADW_TYPE_ACTION_ROW, TRUE);
      const char *when = as_of + strlen ("As of ");
      const char *first = NULL;

      for (guint i = 0; i < rows->len && first == NULL; i++)
        {
          const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

          if (subtitle != NULL && strstr (subtitle, " · n = ") != NULL)
            first = subtitle;
        }
      g_assert_nonnull (first);
      g_assert_true (g_str_has_prefix (first, when));
    }

    /* Pointing at a value in the chart shows its n and, for NPS, its
     * margin of error, as the card does. */
    {
      WmKpiChart *chart = WM_KPI_CHART (wm_ui_test_find_named (GTK_WIDGET (fixture->view),
                                                                WM_TYPE_KPI_CHART, "chart"));
      const WmChartScale *scale = wm_kpi_chart_get_scale (chart);
      g_autofree char *margin = wm_kpi_format_margin (nps, latest.margin);
      g_autofree char *hover = NULL;

      g_assert_cmpfloat (latest.margin, >, 0);
      wm_ui_test_iterate ();
      wm_kpi_chart_hover_at (chart, wm_chart_scale_x (scale, latest.time),
                             wm_chart_scale_y (scale, latest.value));
      hover = wm_kpi_chart_dup_hover_text (chart);
      g_assert_nonnull (hover);
      g_assert_nonnull (strstr (hover, margin));
    }
  }
  save_screenshot (GTK_WIDGET (fixture->window), "demo-detail");
}

/* Answering the question on opening with trust starts the feeds; a
 * trusted project asks nothing. */
static void
test_trust_dialog (Fixture       *fixture,
                   gconstpointer  data)
{
  WmWindow *window = open_untrusted (fixture, "http://127.0.0.1:9/nps");
  g_autoptr(GFile) file = g_file_new_for_path (fixture->path);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  WmKpisView *view;

  dialog = ADW_MESSAGE_DIALOG (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  g_assert_nonnull (dialog);
  respond (dialog, "trust");
  view = WM_KPIS_VIEW (wm_ui_test_find_type (GTK_WIDGET (window), WM_TYPE_KPIS_VIEW));
  g_assert_true (wm_trust_is_trusted (wm_window_get_store (window)));
  g_assert_false (wm_kpis_view_is_trust_banner_shown (view));
  g_assert_true (wm_feeds_is_running (wm_kpis_view_get_feeds (view)));
  close_window (window);

  /* Now trusted: opened again, it asks nothing. */
  window = wm_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wm_window_open_file (window, file, &error));
  g_assert_no_error (error);
  wm_ui_test_iterate ();
  g_assert_null (wm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, TRUE));
  close_window (window);
}

/* A project without KPIs says so under the KPIs' own icon (the line chart
 * of the page's tab), and offers to make the first. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = NULL;
  AdwStatusPage *empty = NULL;

  fixture_attach (fixture);
  pages = wm_ui_test_find_all (GTK_WIDGET (fixture->view), ADW_TYPE_STATUS_PAGE, TRUE);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (g_ptr_array_index (pages, i)), "No KPIs") == 0)
      empty = g_ptr_array_index (pages, i);
  g_assert_nonnull (empty);
  g_assert_cmpstr (adw_status_page_get_icon_name (empty), ==, "waymark-kpis-symbolic");
  g_assert_nonnull (wm_ui_test_find_button (GTK_WIDGET (empty), "_New KPI"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("waymark-kpis-data-XXXXXX", NULL);
  int status;

  /* Trust is remembered in the user's data directory: a private one here. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* With WAYMARK_LOCALEDIR and LANGUAGE=de the screenshots show the German UI. */
  if (g_getenv ("WAYMARK_LOCALEDIR"))
    {
      /* gtk_test_init () keeps the C locale. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("WAYMARK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();

  /* Screenshots show pages at rest, not halfway through a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* AdwApplication loads the app's style sheet; without one, the test does. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    wm_ui_ensure_resources ();
    gtk_css_provider_load_from_resource (css, "/org/waymark/Waymark/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/waymark/ui/kpis/crud", Fixture, NULL,
              fixture_set_up, test_kpi_crud, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/samples", Fixture, NULL,
              fixture_set_up, test_samples, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/import-csv", Fixture, NULL,
              fixture_set_up, test_import_csv, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/card-in-place", Fixture, NULL,
              fixture_set_up, test_card_in_place, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/feed-editor", Fixture, NULL,
              fixture_set_up, test_feed_editor, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/feed-editor-scale", Fixture, NULL,
              fixture_set_up, test_feed_editor_scale, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/refresh-all", Fixture, NULL,
              fixture_set_up, test_refresh_all, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/feed-secret", Fixture, NULL,
              fixture_set_up, test_feed_secret, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/card-opens-detail", Fixture, NULL,
              fixture_set_up, test_card_opens_detail, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/feed-editor-buttons", Fixture, NULL,
              fixture_set_up, test_feed_editor_buttons, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/map-links", Fixture, NULL,
              fixture_set_up, test_map_links, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/touchpoint-panel", Fixture, NULL,
              fixture_set_up, test_touchpoint_panel, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/trust", Fixture, NULL,
              fixture_set_up, test_trust, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/trust-dialog", Fixture, NULL,
              fixture_set_up, test_trust_dialog, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/trust-window", Fixture, NULL,
              fixture_set_up, test_trust_window, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/read-only", Fixture, NULL,
              fixture_set_up, test_read_only, fixture_tear_down);
  g_test_add_func ("/waymark/ui/kpis/chart-time-labels", test_chart_time_labels);
  g_test_add ("/waymark/ui/kpis/map-link-open", Fixture, NULL,
              fixture_set_up, test_map_link_open, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/chart-range", Fixture, NULL,
              fixture_set_up, test_chart_range, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/demo", Fixture, NULL,
              fixture_set_up, test_demo, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);
  g_test_add ("/waymark/ui/kpis/empty", Fixture, NULL,
              fixture_set_up, test_empty, fixture_tear_down);

  status = g_test_run ();
  wm_test_remove_dir (data_home);

  return status;
}
