/* wm-voice-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-voice-view.h"
#include "wm-record-list.h"
#include "wm-ui-util.h"

struct _WmVoiceView
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkBox       *detail;

  WmStore      *store;
  WmRecordList *guidelines;
  gulong        store_changed_id;
  gint64        selected_id;
  guint         rebuild_id;
};

G_DEFINE_FINAL_TYPE (WmVoiceView, wm_voice_view, GTK_TYPE_WIDGET)

#define DETAIL_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_VOICE_GUIDELINE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL))

static const char *
rule_kind_to_string (const char *kind)
{
  if (g_strcmp0 (kind, "banned") == 0)
    return _("Banned term");
  if (g_strcmp0 (kind, "preferred") == 0)
    return _("Preferred term");
  if (g_strcmp0 (kind, "max-length") == 0)
    return _("Maximum length");
  if (g_strcmp0 (kind, "required") == 0)
    return _("Required element");
  if (g_strcmp0 (kind, "capitalization") == 0)
    return _("Capitalization");

  return kind;
}

static void
severity_describe (const char  *severity,
                   const char **text,
                   const char **css_class)
{
  if (g_strcmp0 (severity, "error") == 0)
    {
      *text = C_("rule severity", "Error");
      *css_class = "error";
    }
  else if (g_strcmp0 (severity, "suggestion") == 0)
    {
      *text = C_("rule severity", "Suggestion");
      *css_class = "accent";
    }
  else
    {
      *text = C_("rule severity", "Warning");
      *css_class = "warning";
    }
}

static GtkWidget *
create_rule_row (WmVoiceView *self,
                 WmRecord    *rule)
{
  const char *kind = wm_record_get_string (rule, WM_VOICE_RULE_KIND);
  const char *pattern = wm_record_get_string (rule, WM_VOICE_RULE_PATTERN);
  const char *replacement = wm_record_get_string (rule, WM_VOICE_RULE_REPLACEMENT);
  const char *message = wm_record_get_string (rule, WM_VOICE_RULE_MESSAGE);
  const char *severity_text;
  const char *severity_class;
  g_autoptr(GPtrArray) scopes = NULL;
  g_autoptr(GString) channels = g_string_new (NULL);
  g_autofree char *scope = NULL;
  GtkWidget *box;
  GtkWidget *top;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = wm_ui_label (rule_kind_to_string (kind), "heading");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (top), label);
  severity_describe (wm_record_get_string (rule, WM_VOICE_RULE_SEVERITY), &severity_text, &severity_class);
  label = wm_ui_label (severity_text, "wm-status");
  gtk_widget_add_css_class (label, severity_class);
  gtk_box_append (GTK_BOX (top), label);
  if (!wm_record_get_boolean (rule, WM_VOICE_RULE_ENABLED))
    gtk_box_append (GTK_BOX (top), wm_ui_label (_("Disabled"), "dim-label"));
  gtk_box_append (GTK_BOX (box), top);

  if (g_strcmp0 (kind, "max-length") == 0)
    {
      g_autofree char *text = NULL;
      gint64 max = wm_record_get_int (rule, WM_VOICE_RULE_MAX_LENGTH);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At most %d character",
                                           "At most %d characters", (gulong) max),
                              (int) max);
      gtk_box_append (GTK_BOX (box), wm_ui_label (text, NULL));
    }
  else if (*pattern && *replacement)
    {
      /* Translators: a brand-voice rule: the pattern found → what to write instead */
      g_autofree char *text = g_strdup_printf (_("“%s” → “%s”"), pattern, replacement);

      gtk_box_append (GTK_BOX (box), wm_ui_label (text, "monospace"));
    }
  else if (*pattern)
    {
      g_autofree char *text = g_strdup_printf (_("“%s”"), pattern);

      gtk_box_append (GTK_BOX (box), wm_ui_label (text, "monospace"));
    }

  if (*message)
    gtk_box_append (GTK_BOX (box), wm_ui_label (message, NULL));

  scopes = wm_store_list (self->store, WM_ENTITY_VOICE_RULE_CHANNEL,
                          WM_VOICE_RULE_CHANNEL_RULE_ID, wm_record_get_id (rule), NULL);
  for (guint i = 0; scopes != NULL && i < scopes->len; i++)
    {
      g_autofree char *name = NULL;

      name = wm_ui_lookup_label (self->store, WM_ENTITY_CHANNEL,
                                 wm_record_get_ref (g_ptr_array_index (scopes, i),
                                                    WM_VOICE_RULE_CHANNEL_CHANNEL_ID));
      if (name == NULL)
        continue;
      if (channels->len > 0)
        g_string_append (channels, _(", "));
      g_string_append (channels, name);
    }
  if (channels->len > 0)
    /* Translators: the channels a brand-voice rule applies to */
    scope = g_strdup_printf (_("Only on %s"), channels->str);
  else
    scope = g_strdup (_("All channels"));
  label = wm_ui_label (scope, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static void
append_text (WmVoiceView *self,
             WmRecord    *guideline,
             WmColumnId   column,
             const char  *caption)
{
  const char *text = wm_record_get_string (guideline, column);

  if (*text)
    gtk_box_append (self->detail, wm_ui_field (caption, text));
}

static void
rebuild_detail (WmVoiceView *self)
{
  g_autoptr(WmRecord) guideline = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  GtkWidget *title;

  wm_ui_box_clear (self->detail);

  if (self->store == NULL || self->selected_id == 0)
    return;

  guideline = wm_store_get (self->store, WM_ENTITY_VOICE_GUIDELINE, self->selected_id, NULL);
  if (guideline == NULL)
    return;

  title = wm_ui_label (NULL, "title-1");
  g_object_bind_property (guideline, "label", title, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (self->detail, title);

  append_text (self, guideline, WM_VOICE_GUIDELINE_TONE, _("Tone"));
  append_text (self, guideline, WM_VOICE_GUIDELINE_PRINCIPLES, _("Principles"));
  append_text (self, guideline, WM_VOICE_GUIDELINE_DOS, _("Do"));
  append_text (self, guideline, WM_VOICE_GUIDELINE_DONTS, _("Don’t"));
  append_text (self, guideline, WM_VOICE_GUIDELINE_EXAMPLES, _("Examples"));

  rules = wm_store_list (self->store, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID, self->selected_id,
                         NULL);
  if (rules && rules->len > 0)
    {
      GtkWidget *heading = wm_ui_label (_("Rules"), "heading");
      GtkWidget *list = wm_ui_boxed_list ();

      gtk_widget_add_css_class (heading, "wm-section");
      gtk_box_append (self->detail, heading);
      gtk_box_append (self->detail, list);
      for (guint i = 0; i < rules->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list),
                             create_rule_row (self, g_ptr_array_index (rules, i)));
    }
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  WmVoiceView *self = user_data;

  self->rebuild_id = 0;
  rebuild_detail (self);

  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (WmVoiceView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
guideline_changed_cb (WmRecord  *guideline,
                      GtkWidget *row)
{
  wm_ui_text_row_set_subtitle (row, wm_record_get_string (guideline, WM_VOICE_GUIDELINE_TONE));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  WmRecord *guideline = item;
  GtkWidget *row;

  row = wm_ui_text_row (guideline, NULL, wm_record_get_string (guideline, WM_VOICE_GUIDELINE_TONE));
  g_signal_connect_object (guideline, "changed", G_CALLBACK (guideline_changed_cb), row, 0);

  return row;
}

static void
row_selected_cb (WmVoiceView *self,
                 GtkListBoxRow  *row)
{
  g_autoptr(WmRecord) guideline = NULL;
  gint64 id = 0;

  if (row)
    guideline = g_list_model_get_item (G_LIST_MODEL (self->guidelines),
                                     gtk_list_box_row_get_index (row));
  if (guideline)
    id = wm_record_get_id (guideline);

  if (id != self->selected_id)
    {
      self->selected_id = id;
      rebuild_detail (self);
    }
}

static void
items_changed_cb (WmVoiceView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->guidelines)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "content");
  self->selected_id = wm_ui_list_select (self->list, self->guidelines, self->selected_id);
  queue_rebuild (self);
}

static void
store_changed_cb (WmVoiceView *self,
                  guint64         mask)
{
  if (mask & DETAIL_CHANGES)
    queue_rebuild (self);
}

static void
wm_voice_view_dispose (GObject *object)
{
  WmVoiceView *self = WM_VOICE_VIEW (object);

  wm_voice_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_VOICE_VIEW);

  G_OBJECT_CLASS (wm_voice_view_parent_class)->dispose (object);
}

static void
wm_voice_view_class_init (WmVoiceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_voice_view_dispose;

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-voice-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, list);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, detail);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_voice_view_init (WmVoiceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wm_voice_view_new (void)
{
  return g_object_new (WM_TYPE_VOICE_VIEW, NULL);
}

void
wm_voice_view_set_store (WmVoiceView *self,
                            WmStore        *store)
{
  g_return_if_fail (WM_IS_VOICE_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->guidelines)
    g_signal_handlers_disconnect_by_data (self->guidelines, self);
  if (self->list)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->guidelines);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  self->selected_id = 0;

  if (store == NULL)
    return;

  self->guidelines = wm_record_list_new (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->guidelines), create_row_cb, self, NULL);
  g_signal_connect_object (self->guidelines, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  items_changed_cb (self);
}
