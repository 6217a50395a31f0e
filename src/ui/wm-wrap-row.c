/* wm-wrap-row.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-wrap-row.h"

/* A text view as tall as its text wrapped at the width it is given. GTK
 * 4.8's own measures its height at the width it last had: inside a list
 * row, one never shown measures no lines at all, and one first measured
 * narrow stays a column of single words tall once it is wide. */
#define WM_TYPE_WRAP_TEXT_VIEW (wm_wrap_text_view_get_type ())

G_DECLARE_FINAL_TYPE (WmWrapTextView, wm_wrap_text_view, WM, WRAP_TEXT_VIEW, GtkTextView)

struct _WmWrapTextView
{
  GtkTextView parent_instance;
};

G_DEFINE_FINAL_TYPE (WmWrapTextView, wm_wrap_text_view, GTK_TYPE_TEXT_VIEW)

static GtkSizeRequestMode
wm_wrap_text_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
wm_wrap_text_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  int height = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      GTK_WIDGET_CLASS (wm_wrap_text_view_parent_class)->measure (widget, orientation, for_size,
                                                                  minimum, natural,
                                                                  minimum_baseline,
                                                                  natural_baseline);
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* An empty text is as tall as a line of it. */
  layout = gtk_widget_create_pango_layout (widget, text[0] != '\0' ? text : " ");
  if (for_size > 0)
    {
      int width = for_size - gtk_text_view_get_left_margin (view)
                  - gtk_text_view_get_right_margin (view);

      pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_get_pixel_size (layout, NULL, &height);
  height += gtk_text_view_get_top_margin (view) + gtk_text_view_get_bottom_margin (view);
  *minimum = *natural = height;
  *minimum_baseline = *natural_baseline = -1;
}

static void
wm_wrap_text_view_class_init (WmWrapTextViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->get_request_mode = wm_wrap_text_view_get_request_mode;
  widget_class->measure = wm_wrap_text_view_measure;
}

static void
wm_wrap_text_view_init (WmWrapTextView *self)
{
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self), GTK_WRAP_WORD_CHAR);
}

struct _WmWrapRow
{
  AdwPreferencesRow parent_instance;

  GtkWidget *prefixes;
  GtkWidget *caption;
  GtkWidget *placeholder;   /* the title in the text's place, while empty */
  GtkWidget *text_view;
  GtkWidget *suffixes;
  GtkWidget *apply_button;
  gboolean   show_apply;
  char      *text;      /* the buffer's, kept for wm_wrap_row_get_text() */
  char      *applied;   /* the text last set or applied */
};

G_DEFINE_FINAL_TYPE (WmWrapRow, wm_wrap_row, ADW_TYPE_PREFERENCES_ROW)

enum
{
  APPLY,
  CHANGED,
  ENTRY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_apply_button (WmWrapRow *self)
{
  gtk_widget_set_visible (self->apply_button,
                          self->show_apply && g_strcmp0 (self->text, self->applied) != 0);
}

/* As an entry row's: while the row is empty and not being edited, its
 * title stands where the text would, and goes up to a caption as soon as
 * the text is edited. The row keeps its height either way. */
static void
update_title (WmWrapRow *self)
{
  gboolean empty = self->text[0] == '\0' && !gtk_widget_has_focus (self->text_view);

  gtk_widget_set_opacity (self->caption, empty ? 0.0 : 1.0);
  gtk_widget_set_visible (self->placeholder, empty);
}

static void
apply (WmWrapRow *self)
{
  g_free (self->applied);
  self->applied = g_strdup (self->text);
  update_apply_button (self);
  g_signal_emit (self, signals[APPLY], 0);
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   WmWrapRow     *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (self->text);
  self->text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* Its height follows its text. */
  gtk_widget_queue_resize (self->text_view);
  update_title (self);
  update_apply_button (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WmWrapRow             *self)
{
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
      || (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  if (self->show_apply)
    apply (self);
  else
    g_signal_emit (self, signals[ENTRY_ACTIVATED], 0);

  return TRUE;
}

/* A click on the caption or the row's margins edits the text, as a click
 * anywhere on an entry row does. */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            WmWrapRow       *self)
{
  if (!gtk_widget_has_focus (self->text_view))
    gtk_widget_grab_focus (self->text_view);
}

static void
title_changed_cb (WmWrapRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_label (GTK_LABEL (self->caption), title);
  gtk_label_set_label (GTK_LABEL (self->placeholder), title);
}

static gboolean
wm_wrap_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (WM_WRAP_ROW (widget)->text_view);
}

static void
wm_wrap_row_finalize (GObject *object)
{
  WmWrapRow *self = WM_WRAP_ROW (object);

  g_free (self->text);
  g_free (self->applied);

  G_OBJECT_CLASS (wm_wrap_row_parent_class)->finalize (object);
}

static void
wm_wrap_row_class_init (WmWrapRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wm_wrap_row_finalize;
  widget_class->grab_focus = wm_wrap_row_grab_focus;

  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ENTRY_ACTIVATED] = g_signal_new ("entry-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
}

static void
wm_wrap_row_init (WmWrapRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkTextBuffer *buffer;

  self->text = g_strdup ("");
  self->applied = g_strdup ("");
  /* The text takes the focus, not the row around it. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "wm-wrap-row");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  /* Hidden while empty, so that no spacing stands in for them. */
  self->prefixes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->prefixes, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->prefixes, FALSE);
  gtk_box_append (GTK_BOX (box), self->prefixes);

  self->caption = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->caption), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_box_append (GTK_BOX (column), self->caption);

  self->text_view = g_object_new (WM_TYPE_WRAP_TEXT_VIEW, NULL);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->text_view), FALSE);
  gtk_widget_set_hexpand (self->text_view, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->caption, NULL,
                                  -1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view));
  g_signal_connect (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  /* Before the text view's own handler, which would break the line. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->text_view, keys);
  gtk_box_append (GTK_BOX (column), self->text_view);
  gtk_widget_set_hexpand (column, TRUE);
  gtk_widget_set_valign (column, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->text_view, "notify::has-focus", G_CALLBACK (update_title),
                            self);

  /* Only shown: screen readers hear the title once, from the caption that
   * labels the text view. */
  self->placeholder = g_object_new (GTK_TYPE_LABEL,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    "xalign", 0.0f,
                                    "ellipsize", PANGO_ELLIPSIZE_END,
                                    "valign", GTK_ALIGN_CENTER,
                                    "can-target", FALSE,
                                    NULL);
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), column);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->placeholder);
  gtk_widget_set_hexpand (overlay, TRUE);
  gtk_box_append (GTK_BOX (box), overlay);

  self->suffixes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->suffixes, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->suffixes, FALSE);
  gtk_box_append (GTK_BOX (box), self->suffixes);

  /* As an entry row's: shown while the text differs from what was applied. */
  self->apply_button = gtk_button_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_tooltip_text (self->apply_button, _("Apply"));
  gtk_widget_set_valign (self->apply_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->apply_button, "circular");
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  gtk_widget_set_visible (self->apply_button, FALSE);
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply), self);
  gtk_box_append (GTK_BOX (box), self->apply_button);

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
  update_title (self);
}

GtkWidget *
wm_wrap_row_new (void)
{
  return g_object_new (WM_TYPE_WRAP_ROW, NULL);
}

const char *
wm_wrap_row_get_text (WmWrapRow *self)
{
  g_return_val_if_fail (WM_IS_WRAP_ROW (self), NULL);

  return self->text;
}

void
wm_wrap_row_set_text (WmWrapRow  *self,
                      const char *text)
{
  g_return_if_fail (WM_IS_WRAP_ROW (self));

  g_free (self->applied);
  self->applied = g_strdup (text ? text : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view)),
                            text ? text : "", -1);
}

void
wm_wrap_row_set_show_apply_button (WmWrapRow *self,
                                   gboolean   show)
{
  g_return_if_fail (WM_IS_WRAP_ROW (self));

  self->show_apply = show;
  update_apply_button (self);
}

int
wm_wrap_row_get_position (WmWrapRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (WM_IS_WRAP_ROW (self), 0);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));

  return gtk_text_iter_get_offset (&iter);
}

void
wm_wrap_row_set_position (WmWrapRow *self,
                          int        position)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (WM_IS_WRAP_ROW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view));
  if (position < 0)
    gtk_text_buffer_get_end_iter (buffer, &iter);
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, position);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

GtkWidget *
wm_wrap_row_get_text_view (WmWrapRow *self)
{
  g_return_val_if_fail (WM_IS_WRAP_ROW (self), NULL);

  return self->text_view;
}

void
wm_wrap_row_add_prefix (WmWrapRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (WM_IS_WRAP_ROW (self));

  gtk_box_append (GTK_BOX (self->prefixes), widget);
  gtk_widget_set_visible (self->prefixes, TRUE);
}

void
wm_wrap_row_add_suffix (WmWrapRow *self,
                        GtkWidget *widget)
{
  g_return_if_fail (WM_IS_WRAP_ROW (self));

  gtk_box_append (GTK_BOX (self->suffixes), widget);
  gtk_widget_set_visible (self->suffixes, TRUE);
}
