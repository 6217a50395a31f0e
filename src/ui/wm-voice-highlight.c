/* wm-voice-highlight.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-voice-highlight.h"
#include "wm-voice-project.h"

#define DATA_KEY "wm-voice-highlight"
#define CHECK_DELAY_MS 150

#define RULE_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE) | \
                      WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE_CHANNEL))

typedef struct
{
  WmVoiceChecker *checker;   /* borrowed: not touched by the main thread meanwhile */
  char           *text;
  gint64          channel_id;
  guint64         generation;
} CheckJob;

struct _WmVoiceHighlight
{
  GObject          parent_instance;

  GtkTextView     *view;          /* NULL once detached */
  GtkTextBuffer   *buffer;
  WmStore         *store;
  gint64           touchpoint_id;
  gint64           channel_id;

  WmVoiceChecker  *checker;
  gboolean         rules_dirty;
  guint64          generation;     /* of the buffer's text, bumped on every change */
  guint64          shown_generation;
  guint            timeout_id;
  gboolean         running;
  GPtrArray       *findings;       /* WmVoiceFinding, for shown_generation */

  GtkTextTag      *tags[WM_VOICE_N_SEVERITIES];
  GtkEventController *click;
  GtkEventController *shortcuts;
  GtkWidget       *popover;
  gulong           changed_id;
  gulong           tooltip_id;
  gulong           destroy_id;
  gulong           unrealize_id;
  gulong           store_changed_id;
};

enum {
  PROP_0,
  PROP_N_FINDINGS,
  N_PROPS
};

enum {
  FINDINGS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmVoiceHighlight, wm_voice_highlight, G_TYPE_OBJECT)

static void schedule_check (WmVoiceHighlight *self);

/* Helpers */

static void
check_job_free (CheckJob *job)
{
  g_free (job->text);
  g_free (job);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkTextTag *
ensure_tag (GtkTextBuffer *buffer,
            const char    *name,
            const char    *color)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
  GdkRGBA rgba;

  if (tag != NULL)
    return tag;

  gdk_rgba_parse (&rgba, color);

  return gtk_text_buffer_create_tag (buffer, name,
                                     "underline", PANGO_UNDERLINE_ERROR,
                                     "underline-rgba", &rgba,
                                     NULL);
}

static void
refresh_channel (WmVoiceHighlight *self)
{
  g_autoptr(WmRecord) touchpoint = NULL;

  self->channel_id = 0;
  if (self->touchpoint_id <= 0)
    return;

  touchpoint = wm_store_get (self->store, WM_ENTITY_TOUCHPOINT, self->touchpoint_id, NULL);
  if (touchpoint != NULL)
    self->channel_id = wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID);
}

/* The range a finding marks: a missing element marks the last character. */
static void
finding_range (WmVoiceHighlight     *self,
               const WmVoiceFinding *finding,
               GtkTextIter          *start,
               GtkTextIter          *end)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, start, (int) finding->start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, end, (int) finding->end);
  if (finding->start == finding->end)
    gtk_text_iter_backward_cursor_position (start);
}

static void
show_findings (WmVoiceHighlight *self,
               GPtrArray        *findings,
               guint64           generation)
{
  GtkTextIter start, end;

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = g_ptr_array_ref (findings);
  self->shown_generation = generation;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  for (guint i = 0; i < WM_VOICE_N_SEVERITIES; i++)
    gtk_text_buffer_remove_tag (self->buffer, self->tags[i], &start, &end);

  for (guint i = 0; i < findings->len; i++)
    {
      WmVoiceFinding *finding = g_ptr_array_index (findings, i);

      finding_range (self, finding, &start, &end);
      gtk_text_buffer_apply_tag (self->buffer, self->tags[finding->severity], &start, &end);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINDINGS]);
  g_signal_emit (self, signals[FINDINGS_CHANGED], 0);
}

/* The finding under buffer offset @offset (the most severe), or -1. */
static int
finding_at (WmVoiceHighlight *self,
            int               offset)
{
  int best = -1;

  if (self->findings == NULL || self->shown_generation != self->generation)
    return -1;

  for (guint i = 0; i < self->findings->len; i++)
    {
      WmVoiceFinding *finding = g_ptr_array_index (self->findings, i);
      glong start = finding->start;
      glong end = finding->end;

      if (start == end)
        start = MAX (0, start - 1);
      if (offset < start || offset >= end)
        continue;
      if (best < 0
          || finding->severity < ((WmVoiceFinding *) g_ptr_array_index (self->findings,
                                                                        best))->severity)
        best = (int) i;
    }

  return best;
}

static int
finding_at_point (WmVoiceHighlight *self,
                  double            x,
                  double            y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y,
                                         &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->view, &iter, bx, by))
    return -1;

  return finding_at (self, gtk_text_iter_get_offset (&iter));
}

static char *
describe_finding (const WmVoiceFinding *finding)
{
  /* TRANSLATORS: “Warning: Avoid “leverage”.” */
  return g_strdup_printf (_("%s: %s"), wm_voice_severity_get_label (finding->severity),
                          finding->message);
}

static char *
fix_label (const WmVoiceFinding *finding)
{
  g_autofree char *fix = g_strstrip (g_strdup (finding->fix));

  if (finding->start == finding->end)
    /* TRANSLATORS: a button that adds missing text, e.g. a sign-off */
    return g_strdup_printf (_("Add “%s”"), fix);
  if (*fix == '\0')
    return g_strdup (_("Remove"));

  /* TRANSLATORS: a button that replaces the underlined text */
  return g_strdup_printf (_("Replace with “%s”"), fix);
}

/* Callbacks */

static void
check_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CheckJob *job = task_data;

  g_task_return_pointer (task,
                         wm_voice_checker_check (job->checker, job->text, job->channel_id),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WmVoiceHighlight *self = WM_VOICE_HIGHLIGHT (object);
  CheckJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) findings = g_task_propagate_pointer (G_TASK (result), NULL);

  self->running = FALSE;
  if (self->view == NULL)
    return;

  /* Stale: the text changed while it was checked; check the new text. */
  if (job->generation != self->generation)
    {
      schedule_check (self);
      return;
    }

  show_findings (self, findings, job->generation);
}

static void
start_check (WmVoiceHighlight *self)
{
  g_autoptr(GTask) task = NULL;
  CheckJob *job;

  if (self->running || self->view == NULL)
    return;

  /* Rules are rebuilt only between checks: a running check owns the checker. */
  if (self->checker == NULL || self->rules_dirty)
    {
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&self->checker, wm_voice_checker_free);
      self->checker = wm_voice_checker_new_for_store (self->store, &error);
      self->rules_dirty = FALSE;
      if (self->checker == NULL)
        {
          g_warning ("Cannot read the brand-voice rules: %s", error->message);
          return;
        }
    }

  job = g_new0 (CheckJob, 1);
  job->checker = self->checker;
  job->text = buffer_text (self->buffer);
  job->channel_id = self->channel_id;
  job->generation = self->generation;

  self->running = TRUE;
  task = g_task_new (self, NULL, check_done_cb, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, job, (GDestroyNotify) check_job_free);
  g_task_run_in_thread (task, check_thread_cb);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  WmVoiceHighlight *self = user_data;

  self->timeout_id = 0;
  start_check (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_check (WmVoiceHighlight *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
buffer_changed_cb (WmVoiceHighlight *self)
{
  self->generation++;
  schedule_check (self);
}

/* Whether the change touched our touchpoint (its channel may have changed). */
static gboolean
touchpoint_changed (WmVoiceHighlight *self,
                    guint64           mask)
{
  const GArray *ids;

  if ((mask & WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT)) == 0 || self->touchpoint_id <= 0)
    return FALSE;

  ids = wm_store_get_changed_ids (self->store, WM_ENTITY_TOUCHPOINT);
  if (ids == NULL)
    return TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == self->touchpoint_id)
        return TRUE;
    }

  return FALSE;
}

static void
store_changed_cb (WmVoiceHighlight *self,
                  guint64           mask)
{
  gboolean ours = touchpoint_changed (self, mask);

  if (mask & RULE_CHANGES)
    self->rules_dirty = TRUE;
  if (ours)
    refresh_channel (self);
  if ((mask & RULE_CHANGES) || ours)
    {
      /* Same text, other rules: what is shown is out of date. */
      self->generation++;
      schedule_check (self);
    }
}

static gboolean
query_tooltip_cb (WmVoiceHighlight *self,
                  int               x,
                  int               y,
                  gboolean          keyboard_mode,
                  GtkTooltip       *tooltip)
{
  g_autofree char *text = NULL;
  WmVoiceFinding *finding;
  int index;

  if (keyboard_mode)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter,
                                        gtk_text_buffer_get_insert (self->buffer));
      index = finding_at (self, gtk_text_iter_get_offset (&iter));
    }
  else
    {
      index = finding_at_point (self, x, y);
    }
  if (index < 0)
    return FALSE;

  finding = g_ptr_array_index (self->findings, index);
  text = describe_finding (finding);
  if (finding->fix != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", text, _("Click to fix."));

      gtk_tooltip_set_text (tooltip, both);
    }
  else
    {
      gtk_tooltip_set_text (tooltip, text);
    }

  return TRUE;
}

static void
fix_clicked_cb (GtkButton        *button,
                WmVoiceHighlight *self)
{
  g_autoptr(GError) error = NULL;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "finding"));

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (!wm_voice_highlight_apply_fix (self, index, &error))
    gtk_widget_error_bell (GTK_WIDGET (self->view));
}

static void
drop_popover (WmVoiceHighlight *self)
{
  g_clear_pointer (&self->popover, gtk_widget_unparent);
}

static void
show_popover (WmVoiceHighlight *self,
              guint             index)
{
  WmVoiceFinding *finding = g_ptr_array_index (self->findings, index);
  g_autofree char *text = describe_finding (finding);
  GtkTextIter start, end;
  GdkRectangle rect, end_rect;
  GtkWidget *box, *label;
  int wx, wy;

  finding_range (self, finding, &start, &end);
  gtk_text_view_get_iter_location (self->view, &start, &rect);
  gtk_text_view_get_iter_location (self->view, &end, &end_rect);
  if (end_rect.y == rect.y)
    rect.width = MAX (1, end_rect.x - rect.x);
  gtk_text_view_buffer_to_window_coords (self->view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y,
                                         &wx, &wy);
  rect.x = wx;
  rect.y = wy;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_box_append (GTK_BOX (box), label);
  if (finding->fix != NULL)
    {
      g_autofree char *button_label = fix_label (finding);
      GtkWidget *button = gtk_button_new_with_label (button_label);

      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data (G_OBJECT (button), "finding", GUINT_TO_POINTER (index));
      g_signal_connect (button, "clicked", G_CALLBACK (fix_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  if (self->popover == NULL)
    {
      self->popover = gtk_popover_new ();
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self->view));
    }
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
click_released_cb (GtkGestureClick  *gesture,
                   int               n_press,
                   double            x,
                   double            y,
                   WmVoiceHighlight *self)
{
  GtkTextIter selection_start, selection_end;
  int index;

  if (n_press != 1
      || gtk_text_buffer_get_selection_bounds (self->buffer, &selection_start, &selection_end))
    return;

  index = finding_at_point (self, x, y);
  if (index >= 0)
    wm_voice_highlight_show_finding (self, index);
}

static gboolean
show_at_cursor_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  return wm_voice_highlight_show_finding_at_cursor (WM_VOICE_HIGHLIGHT (user_data)) != NULL;
}

static void
detach (WmVoiceHighlight *self)
{
  if (self->view == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->buffer);
  g_clear_signal_handler (&self->tooltip_id, self->view);
  g_clear_signal_handler (&self->destroy_id, self->view);
  g_clear_signal_handler (&self->unrealize_id, self->view);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  if (self->click != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (self->view), self->click);
  self->click = NULL;
  if (self->shortcuts != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (self->view), self->shortcuts);
  self->shortcuts = NULL;
  drop_popover (self);

  if (self->buffer != NULL)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      for (guint i = 0; i < WM_VOICE_N_SEVERITIES; i++)
        gtk_text_buffer_remove_tag (self->buffer, self->tags[i], &start, &end);
    }

  self->view = NULL;
}

/* Overrides */

static void
wm_voice_highlight_dispose (GObject *object)
{
  WmVoiceHighlight *self = WM_VOICE_HIGHLIGHT (object);

  detach (self);
  g_clear_object (&self->buffer);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (wm_voice_highlight_parent_class)->dispose (object);
}

static void
wm_voice_highlight_finalize (GObject *object)
{
  WmVoiceHighlight *self = WM_VOICE_HIGHLIGHT (object);

  g_clear_pointer (&self->checker, wm_voice_checker_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (wm_voice_highlight_parent_class)->finalize (object);
}

static void
wm_voice_highlight_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WmVoiceHighlight *self = WM_VOICE_HIGHLIGHT (object);

  switch (prop_id)
    {
    case PROP_N_FINDINGS:
      g_value_set_uint (value, wm_voice_highlight_get_n_findings (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_voice_highlight_class_init (WmVoiceHighlightClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wm_voice_highlight_dispose;
  object_class->finalize = wm_voice_highlight_finalize;
  object_class->get_property = wm_voice_highlight_get_property;

  properties[PROP_N_FINDINGS] =
    g_param_spec_uint ("n-findings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINDINGS_CHANGED] =
    g_signal_new ("findings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wm_voice_highlight_init (WmVoiceHighlight *self)
{
}

/* Public API */

static void
highlight_release (gpointer data)
{
  WmVoiceHighlight *self = data;

  /* A check still running holds its own reference; it finds no view. */
  detach (self);
  g_object_unref (self);
}

WmVoiceHighlight *
wm_voice_text_view_attach (GtkTextView *view,
                           WmStore     *store,
                           gint64       touchpoint_id)
{
  WmVoiceHighlight *self;
  GtkShortcut *shortcut;
  GtkGesture *click;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  self = g_object_new (WM_TYPE_VOICE_HIGHLIGHT, NULL);
  self->view = view;
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  self->store = g_object_ref (store);
  self->touchpoint_id = touchpoint_id;
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) wm_voice_finding_free);
  self->tags[WM_VOICE_SEVERITY_ERROR] = ensure_tag (self->buffer, "wm-voice-error", "#e01b24");
  self->tags[WM_VOICE_SEVERITY_WARNING] = ensure_tag (self->buffer, "wm-voice-warning",
                                                      "#e66100");
  self->tags[WM_VOICE_SEVERITY_SUGGESTION] = ensure_tag (self->buffer, "wm-voice-suggestion",
                                                         "#3584e4");
  refresh_channel (self);

  self->changed_id = g_signal_connect_swapped (self->buffer, "changed",
                                               G_CALLBACK (buffer_changed_cb), self);
  self->store_changed_id = g_signal_connect_swapped (store, "changed",
                                                     G_CALLBACK (store_changed_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (view), TRUE);
  self->tooltip_id = g_signal_connect_swapped (view, "query-tooltip",
                                               G_CALLBACK (query_tooltip_cb), self);

  /* GtkTextView's dispose refuses children it did not add: the popover is
   * made when needed and leaves when the view is unrealized, which comes
   * first; "destroy" ends the attachment. */
  self->unrealize_id = g_signal_connect_swapped (view, "unrealize",
                                                 G_CALLBACK (drop_popover), self);
  self->destroy_id = g_signal_connect (view, "destroy",
                                       G_CALLBACK (wm_voice_text_view_detach), NULL);

  /* Ctrl+. opens the finding at the cursor, as a quick fix does in an IDE:
   * the fix is reachable without a pointer. */
  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>period"),
                               gtk_callback_action_new (show_at_cursor_cb, self, NULL));
  self->shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (self->shortcuts), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (view), self->shortcuts);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  self->click = GTK_EVENT_CONTROLLER (click);
  gtk_widget_add_controller (GTK_WIDGET (view), self->click);

  /* Replaces (and releases) an earlier attachment. */
  g_object_set_data_full (G_OBJECT (view), DATA_KEY, self, highlight_release);

  buffer_changed_cb (self);

  return self;
}

void
wm_voice_text_view_detach (GtkTextView *view)
{
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  g_object_set_data (G_OBJECT (view), DATA_KEY, NULL);
}

WmVoiceHighlight *
wm_voice_text_view_get_highlight (GtkTextView *view)
{
  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  return g_object_get_data (G_OBJECT (view), DATA_KEY);
}

GPtrArray *
wm_voice_highlight_get_findings (WmVoiceHighlight *self)
{
  g_return_val_if_fail (WM_IS_VOICE_HIGHLIGHT (self), NULL);

  if (self->shown_generation != self->generation)
    return NULL;

  return self->findings;
}

guint
wm_voice_highlight_get_n_findings (WmVoiceHighlight *self)
{
  g_return_val_if_fail (WM_IS_VOICE_HIGHLIGHT (self), 0);

  return self->findings != NULL ? self->findings->len : 0;
}

gboolean
wm_voice_highlight_is_pending (WmVoiceHighlight *self)
{
  g_return_val_if_fail (WM_IS_VOICE_HIGHLIGHT (self), FALSE);

  return self->running || self->timeout_id != 0 || self->shown_generation != self->generation;
}

gboolean
wm_voice_highlight_apply_fix (WmVoiceHighlight  *self,
                              guint              index,
                              GError           **error)
{
  WmVoiceFinding *finding;
  g_autofree char *text = NULL;
  g_autofree char *fixed = NULL;
  g_autoptr(WmVoiceFinding) copy = NULL;
  GtkTextIter start, end;

  g_return_val_if_fail (WM_IS_VOICE_HIGHLIGHT (self), FALSE);

  if (self->view == NULL || self->findings == NULL || self->shown_generation != self->generation
      || index >= self->findings->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The text changed; check it again first."));
      return FALSE;
    }

  finding = g_ptr_array_index (self->findings, index);
  if (finding->fix == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This finding has no suggested fix."));
      return FALSE;
    }
  copy = wm_voice_finding_copy (finding);

  text = buffer_text (self->buffer);
  fixed = wm_voice_apply_fix (text, copy->start, copy->end, copy->fix);

  /* The store first: if it refuses (read-only file), the buffer stays. */
  if (self->touchpoint_id > 0)
    {
      if (!wm_store_begin_edit (self->store, _("Fix brand voice"), error))
        return FALSE;
      if (!wm_store_set_string (self->store, self->touchpoint_id, WM_TOUCHPOINT_MESSAGE, fixed,
                                error))
        {
          wm_store_rollback_edit (self->store);
          return FALSE;
        }
      if (!wm_store_commit_edit (self->store, error))
        return FALSE;
    }

  /* A panel that follows the store may have shown the fixed text already. */
  g_free (text);
  text = buffer_text (self->buffer);
  if (g_strcmp0 (text, fixed) == 0)
    return TRUE;

  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) copy->start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) copy->end);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, copy->fix, -1);
  gtk_text_buffer_end_user_action (self->buffer);

  return TRUE;
}

GtkWidget *
wm_voice_highlight_show_finding (WmVoiceHighlight *self,
                                 guint             index)
{
  g_return_val_if_fail (WM_IS_VOICE_HIGHLIGHT (self), NULL);

  if (self->view == NULL || !gtk_widget_get_realized (GTK_WIDGET (self->view))
      || self->findings == NULL || self->shown_generation != self->generation
      || index >= self->findings->len)
    return NULL;

  show_popover (self, index);

  return self->popover;
}

GtkWidget *
wm_voice_highlight_show_finding_at_cursor (WmVoiceHighlight *self)
{
  GtkTextIter iter;
  int index;

  g_return_val_if_fail (WM_IS_VOICE_HIGHLIGHT (self), NULL);

  if (self->view == NULL)
    return NULL;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  index = finding_at (self, gtk_text_iter_get_offset (&iter));
  /* Just after a word counts too: the cursor usually sits at its end. */
  if (index < 0 && gtk_text_iter_get_offset (&iter) > 0)
    index = finding_at (self, gtk_text_iter_get_offset (&iter) - 1);
  if (index < 0)
    return NULL;

  return wm_voice_highlight_show_finding (self, (guint) index);
}
