/* wm-merge-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wm-journey-share.h"
#include "wm-merge-dialog.h"
#include "wm-ui-util.h"

/* The merge goes into the open project as one edit: the person looks at
 * the result where they work, and Undo takes the whole merge back. The
 * conflicts are chosen one by one first. Without the copy both started
 * from, the merge reconstructs it from the two copies (wm-merge.c). */

struct _WmMergeDialog
{
  AdwMessageDialog  parent_instance;

  WmWindow         *window;     /* weak: the dialog is its transient child */
  WmMerge          *merge;
  GPtrArray        *choices;    /* GtkDropDown, one per conflict, in order */
  GPtrArray        *keys;       /* the conflicts' keys, in order */
};

typedef struct
{
  WmWindow *window;
  GFile    *theirs;
  WmStore  *theirs_store;   /* while asking whether it is one exported journey */
  char     *journey;        /* that journey's uuid */
} Start;

G_DEFINE_FINAL_TYPE (WmMergeDialog, wm_merge_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Helpers */

static void
toast (WmWindow   *window,
       const char *title)
{
  wm_ui_alert (GTK_WINDOW (window), title, NULL);
}

static char *
describe_value (WmConflict *conflict,
                gboolean    ours)
{
  gboolean deleted = ours ? conflict->ours_deleted : conflict->theirs_deleted;
  const char *value = ours ? conflict->ours : conflict->theirs;

  if (deleted)
    return g_strdup (_("deleted"));
  if (value == NULL || *value == '\0')
    return g_strdup (_("empty"));

  return g_markup_escape_text (value, -1);
}

static GtkWidget *
conflict_row (WmConflict  *conflict,
              GtkWidget  **choice)
{
  static const char *const sides[] = { N_("Keep mine"), N_("Take theirs"), NULL };
  const char *translated[] = { _(sides[0]), _(sides[1]), NULL };
  g_autofree char *title = NULL;
  g_autofree char *mine = describe_value (conflict, TRUE);
  g_autofree char *theirs = describe_value (conflict, FALSE);
  g_autofree char *subtitle = NULL;
  g_autofree char *label = g_markup_escape_text (conflict->label, -1);
  GtkWidget *row = adw_action_row_new ();

  /* Translators: a conflict's row: "touchpoint “Support hotline”, title" */
  if (conflict->column != NULL)
    title = g_strdup_printf (_("%s “%s”, %s"), wm_entity_get_noun (conflict->entity), label,
                             conflict->column);
  else
    title = g_strdup_printf (_("%s “%s”"), wm_entity_get_noun (conflict->entity), label);
  /* Translators: what each side has, e.g. "Mine: Discover · Theirs: Explore" */
  subtitle = g_strdup_printf (_("%s — mine: %s · theirs: %s"),
                              wm_conflict_kind_describe (conflict->kind), mine, theirs);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  *choice = gtk_drop_down_new_from_strings (translated);
  gtk_widget_set_valign (*choice, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), *choice);

  return row;
}

static GtkWidget *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Puts the result into the open project, one undo step, or says why not. */
static void
finish (WmWindow *window,
        WmMerge  *merge)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = wm_window_get_store (window);
  const char *journey = wm_merge_get_journey_name (merge);
  g_autofree char *done_title = NULL;
  GtkWidget *overlay;
  AdwToast *done;

  if (store == NULL || !wm_merge_apply (merge, store, NULL, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not merge: %s"),
                                                error != NULL ? error->message
                                                              : _("no project is open"));

      toast (window, title);
      return;
    }

  if ((overlay = find_toast_overlay (GTK_WIDGET (window))) == NULL)
    return;
  if (journey != NULL)
    /* TRANSLATORS: the name of a journey brought back */
    done_title = g_strdup_printf (_("Merged the changes to “%s”"), journey);
  done = adw_toast_new (done_title != NULL ? done_title : _("Merged your colleague’s copy"));
  adw_toast_set_button_label (done, _("_Undo"));
  adw_toast_set_action_name (done, "win.undo");
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), done);
}

/* Runs the merge; with conflicts, asks about them. Takes @merge. */
void
wm_merge_dialog_run (WmWindow *window,
                     WmMerge  *merge)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = wm_merge_run (merge, &error);

  if (conflicts == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not merge: %s"), error->message);

      wm_merge_free (merge);
      toast (window, title);
      return;
    }
  if (conflicts->len == 0)
    {
      finish (window, merge);
      wm_merge_free (merge);
      return;
    }

  gtk_window_present (GTK_WINDOW (wm_merge_dialog_new (window, merge)));
}

static void
start_free (Start *start)
{
  g_clear_object (&start->window);
  g_clear_object (&start->theirs);
  g_clear_object (&start->theirs_store);
  g_free (start->journey);
  g_free (start);
}

/* Callbacks */

/* Merges their copy into the window's project, with @base (NULL: without
 * one). */
static void
merge_with (Start *start,
            GFile *base)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) base_store = NULL;
  g_autoptr(WmStore) theirs_store = NULL;
  g_autofree char *base_path = base != NULL ? g_file_get_path (base) : NULL;
  g_autofree char *theirs_path = g_file_get_path (start->theirs);
  WmStore *ours_store = wm_window_get_store (start->window);
  WmMerge *merge;

  if (ours_store == NULL)
    return;
  if ((base != NULL && base_path == NULL) || theirs_path == NULL ||
      (base_path != NULL &&
       (base_store = wm_store_open (base_path, WM_STORE_OPEN_READ_ONLY, &error)) == NULL) ||
      (theirs_store = wm_store_open (theirs_path, WM_STORE_OPEN_READ_ONLY, &error)) == NULL ||
      (merge = wm_merge_new (base_store, ours_store, theirs_store, &error)) == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not merge: %s"),
                                                error != NULL ? error->message
                                                              : _("not a local file"));

      toast (start->window, title);
      return;
    }

  wm_merge_dialog_run (start->window, merge);
}

static void
base_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  Start           *start)
{
  g_autoptr(GFile) base = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && base != NULL)
    merge_with (start, base);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  start_free (start);
}

static void
ask_base_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Start            *start)
{
  GtkFileChooserNative *next;

  if (g_strcmp0 (response, "without") == 0)
    merge_with (start, NULL);
  if (g_strcmp0 (response, "choose") != 0)
    {
      start_free (start);
      return;
    }

  next = gtk_file_chooser_native_new (_("Choose the Copy You Both Started From"),
                                      GTK_WINDOW (start->window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                      _("_Merge"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (next), TRUE);
  g_signal_connect (next, "response", G_CALLBACK (base_response_cb), start);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (next));
}

/* Asks for the copy both started from, then merges. Takes @start. */
static void
ask_base (Start *start)
{
  GtkWidget *ask;

  /* The copy both started from tells a change from a difference: which
   * side changed a value is what decides a merge. Without it, the copies'
   * timestamps decide where they can, and the rest is asked. */
  ask = adw_message_dialog_new (GTK_WINDOW (start->window),
                                _("Do You Have the Copy You Both Started From?"),
                                _("With it, only what you both changed differently is asked "
                                  "about. Without it, Waymark tells changes apart by when "
                                  "rows were last changed, and asks about every row you both "
                                  "changed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask),
                                    "cancel", _("_Cancel"),
                                    "without", _("Merge _Without It"),
                                    "choose", _("C_hoose It…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "choose",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "choose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  g_signal_connect (ask, "response", G_CALLBACK (ask_base_response_cb), start);
  gtk_window_present (GTK_WINDOW (ask));
}

static void
ask_journey_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         Start            *start)
{
  g_autoptr(GError) error = NULL;
  WmStore *ours = wm_window_get_store (start->window);
  WmMerge *merge;

  if (g_strcmp0 (response, "whole") == 0)
    {
      g_clear_object (&start->theirs_store);
      ask_base (start);
      return;
    }
  if (g_strcmp0 (response, "journey") == 0 && ours != NULL)
    {
      merge = wm_merge_new_journey (ours, start->theirs_store, start->journey, &error);
      if (merge == NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Could not merge: %s"), error->message);

          toast (start->window, title);
        }
      else
        wm_merge_dialog_run (start->window, merge);
    }
  start_free (start);
}

/* Their copy holds one journey of this project and none of its others:
 * a journey exported and sent back, which a merge of the whole copy would
 * take for the others deleted. Asks, or goes on to the base. Takes @start. */
static void
ask_journey_or_base (Start *start)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (start->theirs);
  WmStore *ours = wm_window_get_store (start->window);
  g_autoptr(WmRecord) mine = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *ask;
  guint n_others = 0;

  if (path != NULL && ours != NULL)
    start->theirs_store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  if (start->theirs_store == NULL ||
      !wm_journey_share_is_excerpt (ours, start->theirs_store, &start->journey, &n_others))
    {
      /* merge_with() opens it again, with the base if there is one. */
      g_clear_object (&start->theirs_store);
      ask_base (start);
      return;
    }

  mine = wm_store_find_by_uuid (ours, WM_ENTITY_JOURNEY, start->journey, NULL);
  name = g_markup_escape_text (mine != NULL ? wm_record_get_label (mine) : "", -1);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Your colleague’s copy holds only “%s”, as an exported "
                                       "journey does, and not the project’s other journey. "
                                       "Merging the whole copy would remove it.",
                                       "Your colleague’s copy holds only “%s”, as an exported "
                                       "journey does, and not the project’s other %d journeys. "
                                       "Merging the whole copy would remove them.",
                                       n_others),
                          name, (int) n_others);
  ask = adw_message_dialog_new (GTK_WINDOW (start->window), _("Merge Only the Journey?"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (ask), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (ask), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask),
                                    "cancel", _("_Cancel"),
                                    "whole", _("Merge _Whole Copy"),
                                    "journey", _("Merge _Journey"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "whole",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "journey",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "journey");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  g_signal_connect (ask, "response", G_CALLBACK (ask_journey_response_cb), start);
  gtk_window_present (GTK_WINDOW (ask));
}

static void
theirs_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Start           *start)
{
  if (response != GTK_RESPONSE_ACCEPT)
    {
      gtk_native_dialog_destroy (chooser);
      g_object_unref (chooser);
      start_free (start);
      return;
    }
  start->theirs = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  ask_journey_or_base (start);
}

static void
wm_merge_dialog_response (AdwMessageDialog *dialog,
                          const char       *response)
{
  WmMergeDialog *self = WM_MERGE_DIALOG (dialog);

  if (g_strcmp0 (response, "merge") == 0 && self->window != NULL)
    {
      for (guint i = 0; i < self->choices->len; i++)
        {
          guint selected = gtk_drop_down_get_selected (g_ptr_array_index (self->choices, i));

          wm_merge_choose (self->merge, g_ptr_array_index (self->keys, i),
                           selected == 1 ? WM_MERGE_THEIRS : WM_MERGE_OURS);
        }
      /* A choice may bring a conflict of its own: run asks again. */
      wm_merge_dialog_run (self->window, g_steal_pointer (&self->merge));
    }

  /* libadwaita 1.2 has no default handler to chain up to. */
  if (ADW_MESSAGE_DIALOG_CLASS (wm_merge_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (wm_merge_dialog_parent_class)->response (dialog, response);
}

/* Overrides */

static void
wm_merge_dialog_dispose (GObject *object)
{
  WmMergeDialog *self = WM_MERGE_DIALOG (object);

  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->merge, wm_merge_free);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_merge_dialog_parent_class)->dispose (object);
}

static void
wm_merge_dialog_class_init (WmMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = wm_merge_dialog_dispose;
  dialog_class->response = wm_merge_dialog_response;
}

static void
wm_merge_dialog_init (WmMergeDialog *self)
{
  self->choices = g_ptr_array_new ();
  self->keys = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

WmMergeDialog *
wm_merge_dialog_new (WmWindow *window,
                     WmMerge  *merge)
{
  WmMergeDialog *self;
  GPtrArray *conflicts = NULL;
  GtkWidget *scrolled;
  GtkWidget *list;
  g_autofree char *body = NULL;

  g_return_val_if_fail (WM_IS_WINDOW (window), NULL);
  g_return_val_if_fail (merge != NULL, NULL);

  self = g_object_new (WM_TYPE_MERGE_DIALOG,
                       "transient-for", window,
                       "modal", TRUE,
                       "heading", _("Both Changed the Same Things"),
                       "default-width", 560,
                       NULL);
  g_set_weak_pointer (&self->window, window);
  self->merge = merge;

  conflicts = wm_merge_run (merge, NULL);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Choose which version to keep for %u change. The "
                                       "merge goes into your project as one change that Undo "
                                       "takes back.",
                                       "Choose which version to keep for each of %u changes. "
                                       "The merge goes into your project as one change that "
                                       "Undo takes back.",
                                       conflicts != NULL ? conflicts->len : 0),
                          conflicts != NULL ? conflicts->len : 0);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      WmConflict *conflict = g_ptr_array_index (conflicts, i);
      GtkWidget *choice = NULL;

      gtk_list_box_append (GTK_LIST_BOX (list), conflict_row (conflict, &choice));
      g_ptr_array_add (self->choices, choice);
      g_ptr_array_add (self->keys, g_strdup (conflict->key));
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  /* Rows wrap their subtitles: room for them before the list scrolls. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              (int) MIN (self->choices->len * 84, 420));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "merge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "merge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  return self;
}

void
wm_merge_dialog_start_with (WmWindow *window,
                            GFile    *theirs)
{
  Start *start;

  g_return_if_fail (WM_IS_WINDOW (window));
  g_return_if_fail (G_IS_FILE (theirs));

  if (wm_window_get_store (window) == NULL)
    return;

  start = g_new0 (Start, 1);
  start->window = g_object_ref (window);
  start->theirs = g_object_ref (theirs);
  ask_journey_or_base (start);
}

void
wm_merge_dialog_start (WmWindow *window)
{
  GtkFileChooserNative *chooser;
  Start *start;

  g_return_if_fail (WM_IS_WINDOW (window));

  if (wm_window_get_store (window) == NULL)
    return;

  start = g_new0 (Start, 1);
  start->window = g_object_ref (window);

  chooser = gtk_file_chooser_native_new (_("Choose Your Colleague’s Copy"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Next"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (theirs_response_cb), start);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
