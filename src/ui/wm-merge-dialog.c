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

#include "wm-merge-dialog.h"

/* The merge writes a new project beside the open one instead of changing it:
 * the open project stays as it was, and the result is opened to be looked
 * at (and kept, or thrown away). */

struct _WmMergeDialog
{
  AdwMessageDialog  parent_instance;

  WmWindow         *window;     /* weak: the dialog is its transient child */
  WmMerge          *merge;
  GFile            *result;
  GPtrArray        *choices;    /* GtkDropDown, one per conflict, in order */
  GPtrArray        *keys;       /* the conflicts' keys, in order */
};

typedef struct
{
  WmWindow *window;
  GFile    *ours;
  GFile    *theirs;
} Start;

G_DEFINE_FINAL_TYPE (WmMergeDialog, wm_merge_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Helpers */

static void
toast (WmWindow   *window,
       const char *title)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), title, NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
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

/* Writes the result and opens it, or says why it cannot. */
static void
finish (WmWindow *window,
        WmMerge  *merge,
        GFile    *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (result);
  g_autofree char *name = g_file_get_basename (result);

  if (!wm_merge_write (merge, path, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not merge: %s"), error->message);

      toast (window, title);
      return;
    }
  wm_window_open_file_or_report (window, result);
}

/* Runs the merge; with conflicts, asks about them. Takes @merge. */
static void
run (WmWindow *window,
     WmMerge  *merge,
     GFile    *result)
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
      finish (window, merge, result);
      wm_merge_free (merge);
      return;
    }

  gtk_window_present (GTK_WINDOW (wm_merge_dialog_new (window, merge, result)));
}

/* "<name> (merged).waymark" beside @ours, not over anything. */
static GFile *
result_file_for (GFile *ours)
{
  g_autoptr(GFile) dir = g_file_get_parent (ours);
  g_autofree char *base = g_file_get_basename (ours);
  g_autofree char *stem = g_str_has_suffix (base, ".waymark")
                          ? g_strndup (base, strlen (base) - strlen (".waymark"))
                          : g_strdup (base);

  for (guint i = 1; ; i++)
    {
      g_autofree char *name = i == 1
        /* Translators: the file name of a merged project; %s is the project's file name */
        ? g_strdup_printf (_("%s (merged).waymark"), stem)
        /* Translators: as above, when that name is taken; %u counts from 2 */
        : g_strdup_printf (_("%s (merged %u).waymark"), stem, i);
      GFile *file = g_file_get_child (dir, name);

      if (!g_file_query_exists (file, NULL))
        return file;
      g_object_unref (file);
    }
}

static void
start_free (Start *start)
{
  g_clear_object (&start->window);
  g_clear_object (&start->ours);
  g_clear_object (&start->theirs);
  g_free (start);
}

/* Callbacks */

static void
base_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  Start           *start)
{
  g_autoptr(GFile) base = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) base_store = NULL;
  g_autoptr(WmStore) theirs_store = NULL;
  g_autofree char *base_path = NULL;
  g_autofree char *theirs_path = NULL;
  WmStore *ours_store = wm_window_get_store (start->window);
  WmMerge *merge;

  if (response == GTK_RESPONSE_ACCEPT && base != NULL && ours_store != NULL)
    {
      base_path = g_file_get_path (base);
      theirs_path = g_file_get_path (start->theirs);
      if (base_path == NULL || theirs_path == NULL ||
          (base_store = wm_store_open (base_path, WM_STORE_OPEN_READ_ONLY, &error)) == NULL ||
          (theirs_store = wm_store_open (theirs_path, WM_STORE_OPEN_READ_ONLY, &error)) == NULL ||
          (merge = wm_merge_new (base_store, ours_store, theirs_store, &error)) == NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Could not merge: %s"),
                                                    error != NULL ? error->message
                                                                  : _("not a local file"));

          toast (start->window, title);
        }
      else
        {
          g_autoptr(GFile) result = result_file_for (start->ours);

          run (start->window, merge, result);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  start_free (start);
}

static void
theirs_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Start           *start)
{
  GtkFileChooserNative *next;

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

  /* Without the copy both started from, a change cannot be told from a
   * difference: which side changed a value is what decides a merge. */
  next = gtk_file_chooser_native_new (_("Choose the Copy You Both Started From"),
                                      GTK_WINDOW (start->window), GTK_FILE_CHOOSER_ACTION_OPEN,
                                      _("_Merge"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (next), TRUE);
  g_signal_connect (next, "response", G_CALLBACK (base_response_cb), start);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (next));
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
      run (self->window, g_steal_pointer (&self->merge), self->result);
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
  g_clear_object (&self->result);
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
                     WmMerge  *merge,
                     GFile    *result)
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
  self->result = g_object_ref (result);

  conflicts = wm_merge_run (merge, NULL);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Choose which version to keep for %u change. The "
                                       "result is a new project; yours stays as it is.",
                                       "Choose which version to keep for each of %u changes. "
                                       "The result is a new project; yours stays as it is.",
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
wm_merge_dialog_start (WmWindow *window)
{
  GtkFileChooserNative *chooser;
  Start *start;
  GFile *ours;

  g_return_if_fail (WM_IS_WINDOW (window));

  if (wm_window_get_store (window) == NULL)
    return;
  ours = g_file_new_for_path (wm_store_get_path (wm_window_get_store (window)));

  start = g_new0 (Start, 1);
  start->window = g_object_ref (window);
  start->ours = ours;

  chooser = gtk_file_chooser_native_new (_("Choose Your Colleague’s Copy"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Next"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (theirs_response_cb), start);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
