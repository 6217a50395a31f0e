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

#include "wm-list-detail.h"
#include "wm-record-list.h"
#include "wm-wrap-row.h"
#include "wm-ui-util.h"
#include "wm-voice-project.h"
#include "wm-voice-report-view.h"
#include "wm-voice-rule-editor.h"
#include "wm-voice-view.h"

/* The Brand voice page: the team's guidelines, editable as the reference
 * everyone writes by (tone, principles, do and don't, on- and off-brand
 * examples per channel, the checkable rules), and the project-wide report.
 * Every change is one store edit, so one undo step. */

struct _WmVoiceView
{
  GtkWidget          parent_instance;

  GtkStack          *pages;
  GtkStack          *stack;
  WmListDetail      *list_detail;
  GtkBox            *detail;
  WmVoiceReportView *report;

  WmStore           *store;
  WmRecordList      *guidelines;
  gulong             store_changed_id;
  gint64             selected_id;
  guint              rebuild_id;
  /* The guideline the detail shows, and what it was built from: a change
   * that leaves that alone (another program wrote a touchpoint) rebuilds
   * nothing, so the person's place and typing stay. */
  gint64             built_id;
  char              *built_signature;
  /* Set while the view writes a change its widgets already show (a renamed
   * guideline, an edited line): that change needs no rebuild, which would
   * take the focus from the row being edited. */
  gboolean           in_place;
};

G_DEFINE_FINAL_TYPE (WmVoiceView, wm_voice_view, GTK_TYPE_WIDGET)

#define DETAIL_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_VOICE_GUIDELINE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_VOICE_RULE_CHANNEL) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_VOICE_EXAMPLE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL))

static void rebuild_detail (WmVoiceView *self);

/* Helpers */

static void
show_error (WmVoiceView  *self,
            const GError *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* After a deletion: a toast whose button undoes it. */
static void
show_undo_toast (WmVoiceView *self,
                 const char  *title)
{
  wm_ui_toast (GTK_WIDGET (self), title, TRUE);
}

static WmRecord *
get_guideline (WmVoiceView *self)
{
  if (self->store == NULL || self->selected_id == 0)
    return NULL;

  return wm_store_get (self->store, WM_ENTITY_VOICE_GUIDELINE, self->selected_id, NULL);
}

static gboolean
set_guideline_text (WmVoiceView *self,
                    WmColumnId   column,
                    const char  *text,
                    gboolean     in_place)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->in_place = in_place;
  ok = wm_store_set_string (self->store, self->selected_id, column, text, &error);
  self->in_place = FALSE;
  if (!ok)
    show_error (self, error);

  return ok;
}

static GPtrArray *
split_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_ptr_array_add (kept, g_strdup (lines[i]));
    }

  return kept;
}

static char *
join_lines (GPtrArray *lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (lines, i));

  return g_string_free (text, FALSE);
}

/* Replaces line @index of @column (appends when @index is the number of
 * lines; removes it when @line is empty) as one edit. */
static void
edit_line (WmVoiceView *self,
           WmColumnId   column,
           guint        index,
           const char  *line)
{
  g_autoptr(WmRecord) guideline = get_guideline (self);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (line));
  g_autofree char *text = NULL;
  gboolean structural;

  if (guideline == NULL)
    return;

  lines = split_lines (wm_record_get_string (guideline, column));
  if (index > lines->len)
    return;

  structural = index == lines->len || *stripped == '\0';
  if (index == lines->len)
    {
      if (*stripped == '\0')
        return;
      g_ptr_array_add (lines, g_steal_pointer (&stripped));
    }
  else if (*stripped == '\0')
    {
      g_ptr_array_remove_index (lines, index);
    }
  else
    {
      g_free (lines->pdata[index]);
      lines->pdata[index] = g_steal_pointer (&stripped);
    }

  text = join_lines (lines);
  set_guideline_text (self, column, text, !structural);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  return group;
}

/* @key names the field across rebuilds (see wm_list_detail_save_state ()). */
/* A wrap row, wrapped over as many lines as its text takes: a tone or a
 * principle is often a long sentence. */
static GtkWidget *
wrap_row (const char *title,
          const char *text,
          const char *key)
{
  GtkWidget *row = wm_wrap_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  wm_wrap_row_set_show_apply_button (WM_WRAP_ROW (row), TRUE);
  wm_wrap_row_set_text (WM_WRAP_ROW (row), text);
  wm_list_detail_set_field_key (row, key);

  return row;
}

static void
mark_saved (WmWrapRow *row)
{
  wm_list_detail_field_saved (GTK_WIDGET (row));
}

static void
append_record (GString  *signature,
               WmRecord *record)
{
  const WmEntityInfo *info;

  if (record == NULL)
    return;

  info = wm_record_get_info (record);
  g_string_append_printf (signature, "%" G_GINT64_FORMAT, wm_record_get_id (record));
  for (guint i = 0; i < info->n_columns; i++)
    {
      WmColumnId column = WM_COLUMN_ID (info->entity, i);
      g_autoptr(GBytes) bytes = NULL;

      switch (info->columns[i].type)
        {
        case WM_COLUMN_TEXT:
          g_string_append_printf (signature, "\x1f%s", wm_record_get_string (record, column));
          break;
        case WM_COLUMN_INT:
          g_string_append_printf (signature, "\x1f%" G_GINT64_FORMAT,
                                  wm_record_get_int (record, column));
          break;
        case WM_COLUMN_REF:
          g_string_append_printf (signature, "\x1f%" G_GINT64_FORMAT,
                                  wm_record_get_ref (record, column));
          break;
        case WM_COLUMN_BOOL:
          g_string_append_printf (signature, "\x1f%d", wm_record_get_boolean (record, column));
          break;
        case WM_COLUMN_REAL:
          g_string_append_printf (signature, "\x1f%d:%.17g", wm_record_is_set (record, column),
                                  wm_record_get_double (record, column));
          break;
        case WM_COLUMN_BLOB:
        default:
          bytes = wm_record_get_bytes (record, column);
          g_string_append_printf (signature, "\x1f%u", bytes ? g_bytes_hash (bytes) : 0);
          break;
        }
    }
  g_string_append_c (signature, '\x1e');
}

static void
append_list (GString    *signature,
             WmStore    *store,
             WmEntity    entity,
             WmColumnId  parent_column,
             gint64      parent_id)
{
  g_autoptr(GPtrArray) records = wm_store_list (store, entity, parent_column, parent_id, NULL);

  g_string_append_c (signature, '\x1d');
  for (guint i = 0; records != NULL && i < records->len; i++)
    append_record (signature, g_ptr_array_index (records, i));
}

/* Everything the detail shows of the selected guideline, as one string. */
static char *
detail_signature (WmVoiceView *self)
{
  g_autoptr(WmRecord) guideline = get_guideline (self);
  GString *signature = g_string_new (NULL);

  if (guideline == NULL)
    return g_string_free (signature, FALSE);

  append_record (signature, guideline);
  append_list (signature, self->store, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID,
               self->selected_id);
  append_list (signature, self->store, WM_ENTITY_VOICE_RULE_CHANNEL, WM_COLUMN_NONE, 0);
  append_list (signature, self->store, WM_ENTITY_VOICE_EXAMPLE, WM_VOICE_EXAMPLE_GUIDELINE_ID,
               self->selected_id);
  append_list (signature, self->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0);

  return g_string_free (signature, FALSE);
}

/* Callbacks: guideline text */

static void
name_apply_cb (WmWrapRow   *row,
               WmVoiceView *self)
{
  const char *name = wm_wrap_row_get_text (row);
  g_autoptr(WmRecord) guideline = NULL;

  if (*name != '\0')
    {
      if (set_guideline_text (self, WM_VOICE_GUIDELINE_NAME, name, TRUE))
        mark_saved (row);
      return;
    }

  /* A guideline keeps a name: an emptied name comes back. */
  guideline = get_guideline (self);
  if (guideline != NULL)
    wm_wrap_row_set_text (row, wm_record_get_string (guideline, WM_VOICE_GUIDELINE_NAME));
}

static void
tone_apply_cb (WmWrapRow   *row,
               WmVoiceView *self)
{
  g_autofree char *tone = g_strstrip (g_strdup (wm_wrap_row_get_text (row)));

  if (set_guideline_text (self, WM_VOICE_GUIDELINE_TONE, tone, TRUE))
    mark_saved (row);
}

static void
line_apply_cb (WmWrapRow   *row,
               WmVoiceView *self)
{
  WmColumnId column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));

  edit_line (self, column, index, wm_wrap_row_get_text (row));
  mark_saved (row);
}

static void
line_remove_cb (GtkButton   *button,
                WmVoiceView *self)
{
  WmColumnId column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "column"));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  edit_line (self, column, index, "");
}

static GtkWidget *
lines_group (WmVoiceView *self,
             WmRecord    *guideline,
             WmColumnId   column,
             const char  *title,
             const char  *description,
             const char  *add_title)
{
  g_autoptr(GPtrArray) lines = split_lines (wm_record_get_string (guideline, column));
  GtkWidget *group = group_new (title, description);
  GtkWidget *row;

  for (guint i = 0; i <= lines->len; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *key = g_strdup_printf ("line-%u-%u", column,
                                              i < lines->len ? i : G_MAXUINT);

      /* Numbered: the team refers to "principle 2". */
      row = wrap_row (i < lines->len ? number : add_title,
                       i < lines->len ? g_ptr_array_index (lines, i) : "", key);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (column));
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      g_signal_connect (row, "apply", G_CALLBACK (line_apply_cb), self);
      if (i < lines->len)
        {
          GtkWidget *remove = icon_button ("user-trash-symbolic", _("Remove"));

          g_object_set_data (G_OBJECT (remove), "column", GUINT_TO_POINTER (column));
          g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (i));
          g_signal_connect (remove, "clicked", G_CALLBACK (line_remove_cb), self);
          wm_wrap_row_add_suffix (WM_WRAP_ROW (row), remove);
        }
      else
        {
          gtk_widget_add_css_class (row, "wm-add-row");
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return group;
}

/* Callbacks: examples */

typedef struct
{
  WmVoiceView   *view;
  gint64         example_id;   /* 0 for a new one */
  GtkDropDown   *brand;
  GtkDropDown   *channel;
  GtkTextBuffer *text;
  GtkEntry      *note;
  GArray        *channel_ids;  /* gint64, parallel to the channel choices after "Any" */
} ExampleForm;

static void
example_form_free (ExampleForm *form)
{
  g_array_unref (form->channel_ids);
  g_free (form);
}

static char *
buffer_get_all (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
example_text_changed_cb (GtkTextBuffer    *buffer,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (buffer_get_all (buffer));

  adw_message_dialog_set_response_enabled (dialog, "save", *text != '\0');
}

static void
example_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ExampleForm      *form)
{
  WmVoiceView *self = form->view;
  g_autoptr(WmRecord) example = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (buffer_get_all (form->text));
  guint channel = gtk_drop_down_get_selected (form->channel);
  gboolean ok;

  if (g_strcmp0 (response, "save") != 0 || *text == '\0' || self->store == NULL)
    return;

  if (form->example_id != 0)
    example = wm_store_get (self->store, WM_ENTITY_VOICE_EXAMPLE, form->example_id, &error);
  else
    example = wm_record_new (WM_ENTITY_VOICE_EXAMPLE);
  if (example == NULL)
    {
      show_error (self, error);
      return;
    }

  wm_record_set_ref (example, WM_VOICE_EXAMPLE_GUIDELINE_ID, self->selected_id);
  wm_record_set_boolean (example, WM_VOICE_EXAMPLE_ON_BRAND,
                         gtk_drop_down_get_selected (form->brand) == 0);
  if (channel > 0 && channel <= form->channel_ids->len)
    wm_record_set_ref (example, WM_VOICE_EXAMPLE_CHANNEL_ID,
                       g_array_index (form->channel_ids, gint64, channel - 1));
  else
    wm_record_unset (example, WM_VOICE_EXAMPLE_CHANNEL_ID);
  wm_record_set_string (example, WM_VOICE_EXAMPLE_TEXT, text);
  wm_record_set_string (example, WM_VOICE_EXAMPLE_NOTE,
                        gtk_editable_get_text (GTK_EDITABLE (form->note)));

  if (form->example_id != 0)
    ok = wm_store_update (self->store, example, &error);
  else
    ok = wm_store_insert (self->store, example, &error) > 0;
  if (!ok)
    show_error (self, error);
}

static GtkWidget *
labelled (const char *label,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *caption = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (caption), 0.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), widget);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), widget);

  return box;
}

static void
present_example_dialog (WmVoiceView *self,
                        WmRecord    *example)
{
  static const char *brands[] = { N_("On-brand: write like this"),
                                  N_("Off-brand: not like this"), NULL };
  g_autoptr(GPtrArray) channels = wm_store_list (self->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE,
                                                 0, NULL);
  g_autoptr(GtkStringList) brand_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channel_model = gtk_string_list_new (NULL);
  ExampleForm *form = g_new0 (ExampleForm, 1);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box, *text_view, *frame;
  guint selected_channel = 0;

  form->view = self;
  form->example_id = example != NULL ? wm_record_get_id (example) : 0;
  form->channel_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; brands[i] != NULL; i++)
    gtk_string_list_append (brand_model, _(brands[i]));
  gtk_string_list_append (channel_model, _("Any channel"));
  for (guint i = 0; channels != NULL && i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);
      gint64 id = wm_record_get_id (channel);

      gtk_string_list_append (channel_model, wm_record_get_label (channel));
      g_array_append_val (form->channel_ids, id);
      if (example != NULL && wm_record_get_ref (example, WM_VOICE_EXAMPLE_CHANNEL_ID) == id)
        selected_channel = i + 1;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (box, 400, -1);
  form->brand = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (brand_model)), NULL));
  form->channel = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (channel_model)),
                                                    NULL));
  gtk_drop_down_set_selected (form->channel, selected_channel);
  if (example != NULL && !wm_record_get_boolean (example, WM_VOICE_EXAMPLE_ON_BRAND))
    gtk_drop_down_set_selected (form->brand, 1);
  text_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_widget_set_size_request (text_view, -1, 90);
  form->text = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  if (example != NULL)
    gtk_text_buffer_set_text (form->text, wm_record_get_string (example, WM_VOICE_EXAMPLE_TEXT),
                              -1);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), text_view);
  form->note = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (form->note, _("Why it is on or off brand"));
  if (example != NULL)
    gtk_editable_set_text (GTK_EDITABLE (form->note),
                           wm_record_get_string (example, WM_VOICE_EXAMPLE_NOTE));

  gtk_box_append (GTK_BOX (box), labelled (_("_Example"), GTK_WIDGET (form->brand)));
  gtk_box_append (GTK_BOX (box), labelled (_("C_hannel"), GTK_WIDGET (form->channel)));
  gtk_box_append (GTK_BOX (box), labelled (_("_Text"), frame));
  gtk_box_append (GTK_BOX (box), labelled (_("_Note"), GTK_WIDGET (form->note)));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   example != NULL ? _("Edit Example") : _("New Example"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", example != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", example != NULL);
  g_signal_connect (form->text, "changed", G_CALLBACK (example_text_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (example_response_cb), form,
                         (GClosureNotify) (void (*) (void)) example_form_free, 0);
  /* Ready for typing the example, not on Cancel. */
  gtk_widget_grab_focus (text_view);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
example_activated_cb (AdwActionRow *row,
                      WmVoiceView  *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "id");
  g_autoptr(WmRecord) example = wm_store_get (self->store, WM_ENTITY_VOICE_EXAMPLE, *id, NULL);

  if (example != NULL)
    present_example_dialog (self, example);
}

static void
example_remove_cb (GtkButton   *button,
                   WmVoiceView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "id");
  g_autoptr(GError) error = NULL;

  if (!wm_store_delete (self->store, WM_ENTITY_VOICE_EXAMPLE, *id, &error))
    show_error (self, error);
  else
    show_undo_toast (self, _("Example removed"));
}

static void
set_row_id (gpointer object,
            gint64   id)
{
  g_object_set_data_full (G_OBJECT (object), "id", g_memdup2 (&id, sizeof id), g_free);
}

static GtkWidget *
example_row (WmVoiceView *self,
             WmRecord    *example)
{
  gboolean on_brand = wm_record_get_boolean (example, WM_VOICE_EXAMPLE_ON_BRAND);
  gint64 channel_id = wm_record_get_ref (example, WM_VOICE_EXAMPLE_CHANNEL_ID);
  g_autofree char *channel = channel_id != 0 ? wm_ui_lookup_label (self->store,
                                                                   WM_ENTITY_CHANNEL,
                                                                   channel_id) : NULL;
  const char *note = wm_record_get_string (example, WM_VOICE_EXAMPLE_NOTE);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon, *remove;

  if (*note != '\0')
    /* TRANSLATORS: an example's channel, then the note on it */
    subtitle = g_strdup_printf (_("%s — %s"), channel != NULL ? channel : _("Any channel"), note);
  else
    subtitle = g_strdup (channel != NULL ? channel : _("Any channel"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 wm_record_get_string (example, WM_VOICE_EXAMPLE_TEXT));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  icon = gtk_image_new_from_icon_name (on_brand ? "object-select-symbolic"
                                                : "window-close-symbolic");
  gtk_widget_add_css_class (icon, on_brand ? "success" : "error");
  gtk_widget_set_tooltip_text (icon, on_brand ? _("On-brand") : _("Off-brand"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  remove = icon_button ("user-trash-symbolic", _("Remove Example"));
  set_row_id (remove, wm_record_get_id (example));
  g_signal_connect (remove, "clicked", G_CALLBACK (example_remove_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  set_row_id (row, wm_record_get_id (example));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (example_activated_cb), self);

  return row;
}

static GtkWidget *
header_button (const char *label,
               const char *action_name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);

  return button;
}

static GtkWidget *
examples_group (WmVoiceView *self)
{
  g_autoptr(GPtrArray) examples = wm_store_list (self->store, WM_ENTITY_VOICE_EXAMPLE,
                                                 WM_VOICE_EXAMPLE_GUIDELINE_ID, self->selected_id,
                                                 NULL);
  GtkWidget *group = group_new (_("Examples"),
                                _("Copy that shows the voice, and copy that misses it, per "
                                  "channel."));

  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           header_button (_("Add _Example"),
                                                          "voice.add-example"));
  if (examples == NULL || examples->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No examples yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  /* On-brand first: what to do reads before what not to do. */
  for (int on_brand = 1; on_brand >= 0; on_brand--)
    {
      for (guint i = 0; examples != NULL && i < examples->len; i++)
        {
          WmRecord *example = g_ptr_array_index (examples, i);

          if (wm_record_get_boolean (example, WM_VOICE_EXAMPLE_ON_BRAND) == (gboolean) on_brand)
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                       example_row (self, example));
        }
    }

  return group;
}

/* Callbacks: rules */

static void
rule_enabled_cb (GtkSwitch   *toggle,
                 GParamSpec  *pspec,
                 WmVoiceView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (toggle), "id");
  g_autoptr(GError) error = NULL;

  if (!wm_store_set_boolean (self->store, *id, WM_VOICE_RULE_ENABLED,
                             gtk_switch_get_active (toggle), &error))
    show_error (self, error);
}

static void
rule_activated_cb (AdwActionRow *row,
                   WmVoiceView  *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "id");
  g_autoptr(WmRecord) rule = wm_store_get (self->store, WM_ENTITY_VOICE_RULE, *id, NULL);

  if (rule != NULL)
    wm_voice_rule_editor_present (GTK_WIDGET (self), self->store, self->selected_id, rule);
}

static void
rule_remove_cb (GtkButton   *button,
                WmVoiceView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "id");
  g_autoptr(GError) error = NULL;

  if (!wm_store_delete (self->store, WM_ENTITY_VOICE_RULE, *id, &error))
    show_error (self, error);
  else
    show_undo_toast (self, _("Rule removed"));
}

/* What the rule looks for, in a line: "“utilize” → “use”", "At most 160 characters". */
static char *
describe_rule (const WmVoiceRuleSpec *spec)
{
  switch (spec->kind)
    {
    case WM_VOICE_KIND_MAX_LENGTH:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At most %d character",
                                           "At most %d characters", (gulong) spec->max_length),
                              (int) spec->max_length);
    case WM_VOICE_KIND_PREFERRED:
    case WM_VOICE_KIND_BANNED:
    case WM_VOICE_KIND_REGEX:
      if (*spec->replacement != '\0')
        /* TRANSLATORS: a brand-voice rule: the text found → what to write instead */
        return g_strdup_printf (_("“%s” → “%s”"), spec->pattern, spec->replacement);
      return g_strdup_printf (_("“%s”"), spec->pattern);
    case WM_VOICE_KIND_REQUIRED:
      /* TRANSLATORS: a brand-voice rule: the copy must contain this text */
      return g_strdup_printf (_("Must contain “%s”"), spec->pattern);
    case WM_VOICE_KIND_CAPITALIZATION:
      /* TRANSLATORS: a brand-voice rule: a name is always written like this */
      return g_strdup_printf (_("Always written “%s”"), spec->pattern);
    case WM_VOICE_N_KINDS:
    default:
      return g_strdup ("");
    }
}

static char *
describe_scope (WmVoiceView *self,
                GArray      *channels)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (channels == NULL || channels->len == 0)
    return g_strdup (_("All channels"));

  for (guint i = 0; i < channels->len; i++)
    {
      g_autofree char *name = wm_ui_lookup_label (self->store, WM_ENTITY_CHANNEL,
                                                  g_array_index (channels, gint64, i));

      if (name == NULL)
        continue;
      if (names->len > 0)
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }

  /* TRANSLATORS: the channels a brand-voice rule applies to */
  return g_strdup_printf (_("Only on %s"), names->str);
}

static GtkWidget *
rule_row (WmVoiceView *self,
          WmRecord    *rule)
{
  static const char *const severity_classes[] = { "error", "warning", "accent" };
  g_autoptr(GArray) channels = wm_voice_rule_get_channels (self->store, rule, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *what = NULL;
  g_autofree char *scope = describe_scope (self, channels);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *severity, *toggle, *remove;
  WmVoiceRuleSpec spec;
  gboolean known;

  known = wm_voice_rule_spec_from_record (rule, channels, &spec);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (known)
    {
      what = describe_rule (&spec);
      /* TRANSLATORS: a rule's kind, then what it looks for: "Preferred term: “a” → “b”" */
      {
        g_autofree char *title = g_strdup_printf (_("%s: %s"),
                                                  wm_voice_rule_kind_get_label (spec.kind), what);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      }
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     wm_record_get_string (rule, WM_VOICE_RULE_PATTERN));
    }

  if (*wm_record_get_string (rule, WM_VOICE_RULE_MESSAGE) != '\0')
    g_string_append_printf (subtitle, "%s\n", wm_record_get_string (rule, WM_VOICE_RULE_MESSAGE));
  g_string_append (subtitle, scope);
  if (!known || !wm_voice_rule_validate (&spec, &error))
    /* TRANSLATORS: a stored rule that cannot be checked, and why */
    g_string_append_printf (subtitle, "\n%s %s", _("Not checked:"),
                            error != NULL ? error->message : _("unknown kind or severity."));
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  if (known)
    {
      severity = gtk_label_new (wm_voice_severity_get_label (spec.severity));
      gtk_widget_add_css_class (severity, "wm-status");
      gtk_widget_add_css_class (severity, severity_classes[spec.severity]);
      gtk_widget_set_valign (severity, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), severity);
    }

  toggle = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (toggle), wm_record_get_boolean (rule, WM_VOICE_RULE_ENABLED));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (toggle, _("Check this rule"));
  set_row_id (toggle, wm_record_get_id (rule));
  g_signal_connect (toggle, "notify::active", G_CALLBACK (rule_enabled_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  remove = icon_button ("user-trash-symbolic", _("Remove Rule"));
  set_row_id (remove, wm_record_get_id (rule));
  g_signal_connect (remove, "clicked", G_CALLBACK (rule_remove_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  set_row_id (row, wm_record_get_id (rule));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Edit the rule"));
  g_signal_connect (row, "activated", G_CALLBACK (rule_activated_cb), self);

  return row;
}

static GtkWidget *
rules_group (WmVoiceView *self)
{
  g_autoptr(GPtrArray) rules = wm_store_list (self->store, WM_ENTITY_VOICE_RULE,
                                              WM_VOICE_RULE_GUIDELINE_ID, self->selected_id, NULL);
  GtkWidget *group = group_new (_("Rules"),
                                _("Checked in every touchpoint's message copy, as it is typed "
                                  "and in the report."));

  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           header_button (_("Add _Rule"), "voice.add-rule"));
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               rule_row (self, g_ptr_array_index (rules, i)));

  return group;
}

static void
rebuild_detail (WmVoiceView *self)
{
  g_autoptr(WmRecord) guideline = NULL;
  g_autoptr(WmListDetailState) state = NULL;
  g_autofree char *signature = NULL;
  GtkWidget *group, *row, *remove;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  signature = detail_signature (self);
  if (self->built_id != 0 && self->built_id == self->selected_id)
    {
      if (g_strcmp0 (signature, self->built_signature) == 0)
        return;
      /* The same guideline changed: what the person was doing carries over. */
      state = wm_list_detail_save_state (self->list_detail);
    }
  wm_ui_box_clear (self->detail);
  self->built_id = 0;
  g_clear_pointer (&self->built_signature, g_free);

  guideline = get_guideline (self);
  if (guideline == NULL)
    return;

  group = group_new (_("Voice"), NULL);
  row = wrap_row (_("Name"), wm_record_get_string (guideline, WM_VOICE_GUIDELINE_NAME), "name");
  g_signal_connect (row, "apply", G_CALLBACK (name_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = wrap_row (_("Tone attributes"), wm_record_get_string (guideline, WM_VOICE_GUIDELINE_TONE),
                   "tone");
  gtk_widget_set_tooltip_text (row, _("How the brand sounds, e.g. “clear, not clinical; warm, "
                                      "not chummy”"));
  g_signal_connect (row, "apply", G_CALLBACK (tone_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_box_append (self->detail, group);

  gtk_box_append (self->detail,
                  lines_group (self, guideline, WM_VOICE_GUIDELINE_PRINCIPLES, _("Principles"),
                               _("What every text does, whatever the channel."),
                               _("Add a principle")));
  gtk_box_append (self->detail,
                  lines_group (self, guideline, WM_VOICE_GUIDELINE_DOS, _("Do"), NULL,
                               _("Add a do")));
  gtk_box_append (self->detail,
                  lines_group (self, guideline, WM_VOICE_GUIDELINE_DONTS, _("Don’t"), NULL,
                               _("Add a don’t")));
  gtk_box_append (self->detail, examples_group (self));
  /* Examples written as plain text before examples had channels. */
  if (*wm_record_get_string (guideline, WM_VOICE_GUIDELINE_EXAMPLES) != '\0')
    gtk_box_append (self->detail,
                    lines_group (self, guideline, WM_VOICE_GUIDELINE_EXAMPLES,
                                 _("Example notes"), NULL, _("Add a note")));
  gtk_box_append (self->detail, rules_group (self));

  remove = gtk_button_new_with_mnemonic (_("_Remove Guidelines"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "voice.remove-guideline");
  gtk_widget_set_halign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "destructive-action");
  gtk_box_append (self->detail, remove);

  self->built_id = self->selected_id;
  self->built_signature = g_steal_pointer (&signature);
  if (state != NULL)
    wm_list_detail_restore_state (self->list_detail, g_steal_pointer (&state));
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
selected_cb (WmVoiceView *self)
{
  gint64 id = wm_list_detail_get_selected_id (self->list_detail);

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
  selected_cb (self);
  queue_rebuild (self);
}

static void
store_changed_cb (WmVoiceView *self,
                  guint64      mask)
{
  /* The widgets show this change already (see in_place). */
  if (self->in_place && mask == WM_CHANGE_ENTITY (WM_ENTITY_VOICE_GUIDELINE))
    return;

  if (mask & DETAIL_CHANGES)
    queue_rebuild (self);
}

/* Actions */

static void
add_guideline_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WmVoiceView *self = WM_VOICE_VIEW (widget);
  g_autoptr(WmRecord) guideline = wm_record_new (WM_ENTITY_VOICE_GUIDELINE);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->store == NULL)
    return;

  wm_record_set_string (guideline, WM_VOICE_GUIDELINE_NAME, _("Brand voice"));
  id = wm_store_insert (self->store, guideline, &error);
  if (id == 0)
    {
      show_error (self, error);
      return;
    }
  wm_list_detail_select_id (self->list_detail, id);
  selected_cb (self);
}

static void
remove_guideline_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  WmVoiceView *self = WM_VOICE_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->selected_id == 0)
    return;

  if (!wm_store_delete (self->store, WM_ENTITY_VOICE_GUIDELINE, self->selected_id, &error))
    show_error (self, error);
  else
    show_undo_toast (self, _("Guidelines removed"));
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmVoiceView *self = WM_VOICE_VIEW (widget);

  if (self->store != NULL && self->selected_id != 0)
    wm_voice_rule_editor_present (widget, self->store, self->selected_id, NULL);
}

static void
add_example_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WmVoiceView *self = WM_VOICE_VIEW (widget);

  if (self->store != NULL && self->selected_id != 0)
    present_example_dialog (self, NULL);
}

/* Overrides */

static void
wm_voice_view_dispose (GObject *object)
{
  WmVoiceView *self = WM_VOICE_VIEW (object);
  GtkWidget *child;

  wm_voice_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_VOICE_VIEW);
  /* The template's top box is not bound to a field: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wm_voice_view_parent_class)->dispose (object);
}

static void
wm_voice_view_class_init (WmVoiceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_voice_view_dispose;

  g_type_ensure (WM_TYPE_LIST_DETAIL);
  g_type_ensure (WM_TYPE_VOICE_REPORT_VIEW);
  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-voice-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, pages);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, list_detail);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, detail);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceView, report);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_install_action (widget_class, "voice.add-guideline", NULL,
                                   add_guideline_action);
  gtk_widget_class_install_action (widget_class, "voice.remove-guideline", NULL,
                                   remove_guideline_action);
  gtk_widget_class_install_action (widget_class, "voice.add-rule", NULL, add_rule_action);
  gtk_widget_class_install_action (widget_class, "voice.add-example", NULL, add_example_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_voice_view_init (WmVoiceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wm_list_detail_set_add_action (self->list_detail, "voice.add-guideline", _("Add Guidelines"));
}

/* Public API */

GtkWidget *
wm_voice_view_new (void)
{
  return g_object_new (WM_TYPE_VOICE_VIEW, NULL);
}

void
wm_voice_view_set_store (WmVoiceView *self,
                         WmStore     *store)
{
  g_return_if_fail (WM_IS_VOICE_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->guidelines)
    g_signal_handlers_disconnect_by_data (self->guidelines, self);
  if (self->list_detail)
    wm_list_detail_set_model (self->list_detail, NULL);
  g_clear_object (&self->guidelines);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  if (self->report != NULL)
    wm_voice_report_view_set_store (self->report, store);
  self->selected_id = 0;
  self->built_id = 0;
  g_clear_pointer (&self->built_signature, g_free);

  if (store == NULL)
    return;

  self->guidelines = wm_record_list_new (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0);
  wm_list_detail_set_model (self->list_detail, G_LIST_MODEL (self->guidelines));
  g_signal_connect_object (self->guidelines, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  items_changed_cb (self);
}

void
wm_voice_view_show_report (WmVoiceView *self)
{
  g_return_if_fail (WM_IS_VOICE_VIEW (self));

  gtk_stack_set_visible_child_name (self->pages, "report");
}
