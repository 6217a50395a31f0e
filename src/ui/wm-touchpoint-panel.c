/* wm-touchpoint-panel.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "wm-analysis.h"
#include "wm-channel-row.h"
#include "wm-kpi.h"
#include "wm-wrap-row.h"
#include "wm-touchpoint-panel.h"
#include "wm-voice-highlight.h"
#include "wm-ui-util.h"

/* Text commits after this pause in typing, so a word is one undo step, not
 * one per letter. */
#define TEXT_DELAY_MS 600
#define SCALE_DELAY_MS 250

typedef enum
{
  FIELD_TITLE,
  FIELD_ACTION,
  FIELD_MESSAGE,
  FIELD_REASON,
  FIELD_OWNER,
  N_TEXT_FIELDS
} TextFieldId;

typedef struct
{
  WmTouchpointPanel *panel;
  WmColumnId         column;
  GtkWidget         *widget;     /* an AdwEntryRow, or the message GtkTextView */
  guint              timeout_id;
} TextField;

struct _WmTouchpointPanel
{
  GtkWidget          parent_instance;

  GtkWidget         *page;
  GtkWidget         *heading;
  GtkWidget         *channel_row;
  GtkWidget         *message_view;
  GtkWidget         *message_status;
  GtkWidget         *emotion_scale;
  GtkWidget         *persona_group;
  GtkWidget         *mtm_row;
  GtkWidget         *risk_row;
  GtkWidget         *evidence_row;
  GtkWidget         *context_switch;
  GPtrArray         *persona_rows;
  GtkWidget         *conflict_bar;
  GtkWidget         *conflict_label;
  GtkWidget         *kpi_group;
  GtkWidget         *kpi_button;    /* "Show a KPI here" menu */
  GPtrArray         *kpi_rows;
  GArray            *kpi_ids;       /* the KPIs the rows show */

  TextField          fields[N_TEXT_FIELDS];
  guint              emotion_timeout_id;

  WmStore           *store;
  gulong             changed_id;
  gint64             touchpoint_id;
  WmRecord          *record;
  GArray            *channel_ids;   /* the channel row's items; 0 = none */
  gboolean           updating;      /* filling fields from the store: no commits */
  WmColumnId         committing;      /* the column being written */
  WmColumnId         conflict_column; /* an edit refused over someone else's value */
  GValue             conflict_mine;   /* the value that edit would have written */

  WmMessageCheckFunc check_func;
  gpointer           check_data;
  GDestroyNotify     check_destroy;
};

G_DEFINE_FINAL_TYPE (WmTouchpointPanel, wm_touchpoint_panel, GTK_TYPE_WIDGET)

enum {
  CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define KPI_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_KPI) | \
                     WM_CHANGE_ENTITY (WM_ENTITY_KPI_LINK) | \
                     WM_CHANGE_SAMPLES)

#define PANEL_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT) | \
                       WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT_EMOTION) | \
                       WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL) | \
                       WM_CHANGE_ENTITY (WM_ENTITY_PERSONA) | \
                       WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY_PERSONA))

/* Helpers */

static void
report_error (WmTouchpointPanel *self,
              GError            *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (error == NULL)
    return;
  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

static gboolean
editable (WmTouchpointPanel *self)
{
  return self->store && self->record && !wm_store_is_read_only (self->store);
}

/* Values as the panel's rows show them */

static const char *
column_title (WmColumnId column)
{
  switch (column)
    {
    case WM_TOUCHPOINT_TITLE:
      return _("Title");
    case WM_TOUCHPOINT_CHANNEL_ID:
      return _("Channel");
    case WM_TOUCHPOINT_CUSTOMER_ACTION:
      return _("Customer action");
    case WM_TOUCHPOINT_MESSAGE:
      return _("Message copy");
    case WM_TOUCHPOINT_EMOTION:
      return _("Emotion");
    case WM_TOUCHPOINT_MOMENT_THAT_MATTERS:
      return _("Moment that matters");
    case WM_TOUCHPOINT_MTM_REASON:
      return _("Why it matters");
    case WM_TOUCHPOINT_DROPOUT_RISK:
      return _("Drop-out risk");
    case WM_TOUCHPOINT_EVIDENCE:
      return _("Evidence");
    case WM_TOUCHPOINT_OWNER:
      return _("Owner");
    case WM_TOUCHPOINT_CONTEXT_CARRIED:
      return _("Context carried");
    default:
      return wm_column_get_name (column);
    }
}

static char *
describe_value (WmTouchpointPanel *self,
                WmColumnId         column,
                const GValue      *value)
{
  const WmColumn *info = wm_column_get_info (column);
  g_autofree char *text = NULL;

  if (!G_IS_VALUE (value))
    return g_strdup (_("(empty)"));

  switch (info->type)
    {
    case WM_COLUMN_TEXT:
      if (info->choices != NULL)
        return g_strdup (wm_column_choice_label (column, g_value_get_string (value)));
      text = g_strdup (g_value_get_string (value));
      if (text == NULL || *text == '\0')
        return g_strdup (_("(empty)"));
      if (g_utf8_strlen (text, -1) > 120)
        {
          g_autofree char *start = g_utf8_substring (text, 0, 119);

          return g_strconcat (start, "…", NULL);
        }
      return g_steal_pointer (&text);
    case WM_COLUMN_BOOL:
      return g_strdup (g_value_get_boolean (value) ? _("On") : _("Off"));
    case WM_COLUMN_REF:
      {
        g_autoptr(WmRecord) target = NULL;

        if (g_value_get_int64 (value) > 0)
          target = wm_store_get (self->store, info->ref, g_value_get_int64 (value), NULL);
        return g_strdup (target != NULL ? wm_record_get_label (target) : _("(none)"));
      }
    case WM_COLUMN_INT:
      /* The panel's one number: the emotion. */
      return wm_analysis_format_emotion ((double) g_value_get_int64 (value), 0);
    default:
      return g_strdup ("…");
    }
}

static GValue *
record_value (WmRecord   *record,
              WmColumnId  column,
              GValue     *value)
{
  g_value_init (value, wm_column_get_info (column)->type == WM_COLUMN_TEXT ? G_TYPE_STRING
                       : wm_column_get_info (column)->type == WM_COLUMN_BOOL ? G_TYPE_BOOLEAN
                       : G_TYPE_INT64);
  if (G_VALUE_HOLDS_STRING (value))
    g_value_set_string (value, wm_record_get_string (record, column));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    g_value_set_boolean (value, wm_record_get_boolean (record, column));
  else if (wm_column_get_info (column)->type == WM_COLUMN_REF)
    g_value_set_int64 (value, wm_record_get_ref (record, column));
  else
    g_value_set_int64 (value, wm_record_get_int (record, column));

  return value;
}

static gboolean
busy (WmTouchpointPanel *self)
{
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    if (self->fields[i].timeout_id != 0)
      return TRUE;

  return self->emotion_timeout_id != 0 || self->committing != WM_COLUMN_NONE ||
         self->conflict_column != WM_COLUMN_NONE;
}

static void
voice_findings_changed_cb (WmTouchpointPanel *self,
                           WmVoiceHighlight  *highlight)
{
  guint n = wm_voice_highlight_get_n_findings (highlight);
  g_autofree char *summary = NULL;

  if (n > 0)
    /* Translators: under a touchpoint's message copy, e.g. “2 brand-voice findings” */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u brand-voice finding",
                                            "%u brand-voice findings", n), n);
  gtk_label_set_label (GTK_LABEL (self->message_status), summary ? summary : "");
  gtk_widget_set_visible (self->message_status, summary != NULL);
}

static void
attach_voice_check (WmTouchpointPanel *self)
{
  WmVoiceHighlight *highlight;

  highlight = wm_voice_text_view_attach (GTK_TEXT_VIEW (self->message_view), self->store,
                                         self->touchpoint_id);
  g_signal_connect_object (highlight, "findings-changed",
                           G_CALLBACK (voice_findings_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
run_message_check (WmTouchpointPanel *self)
{
  g_autofree char *summary = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message_view));

  if (self->check_func && self->record)
    summary = self->check_func (buffer, wm_record_get_ref (self->record, WM_TOUCHPOINT_CHANNEL_ID),
                                self->check_data);

  /* Without a checker of its own, the brand-voice attachment owns the row. */
  if (self->check_func == NULL)
    return;

  gtk_label_set_label (GTK_LABEL (self->message_status), summary ? summary : "");
  gtk_widget_set_visible (self->message_status, summary != NULL && *summary);
}

/* Someone else's value */

/* An edit refused because someone else changed the same thing since the
 * panel showed it: both values are shown, the person chooses. Until then
 * the field keeps what they typed. */
static void
show_conflict (WmTouchpointPanel *self,
               WmColumnId         column,
               const GValue      *mine)
{
  g_autoptr(WmRecord) now = wm_store_get (self->store, WM_ENTITY_TOUCHPOINT,
                                          self->touchpoint_id, NULL);
  GValue theirs_value = G_VALUE_INIT;
  g_autofree char *theirs = NULL;
  g_autofree char *yours = NULL;
  g_autofree char *text = NULL;

  if (now == NULL)
    return;
  theirs = describe_value (self, column, record_value (now, column, &theirs_value));
  yours = describe_value (self, column, mine);
  g_value_unset (&theirs_value);

  if (G_IS_VALUE (&self->conflict_mine))
    g_value_unset (&self->conflict_mine);
  g_value_init (&self->conflict_mine, G_VALUE_TYPE (mine));
  g_value_copy (mine, &self->conflict_mine);
  self->conflict_column = column;

  /* Translators: a field of a touchpoint someone else changed while it was
   * edited here; the first %s is the field (“Title”), then both values */
  text = g_strdup_printf (_("Someone else changed “%s” while you were editing it.\n"
                            "Theirs: %s\nYours: %s"),
                          column_title (column), theirs, yours);
  gtk_label_set_text (GTK_LABEL (self->conflict_label), text);
  gtk_widget_set_visible (self->conflict_bar, TRUE);
}

static void
edit_failed (WmTouchpointPanel *self,
             WmColumnId         column,
             const GValue      *mine,
             GError            *error)
{
  if (g_error_matches (error, WM_STORE_ERROR, WM_STORE_ERROR_CHANGED_ELSEWHERE))
    show_conflict (self, column, mine);
  else
    report_error (self, error);
}

static void
close_conflict (WmTouchpointPanel *self)
{
  self->conflict_column = WM_COLUMN_NONE;
  if (G_IS_VALUE (&self->conflict_mine))
    g_value_unset (&self->conflict_mine);
  gtk_widget_set_visible (self->conflict_bar, FALSE);
}

/* Commits */

static gboolean
write_value (WmTouchpointPanel *self,
             WmColumnId         column,
             const GValue      *value,
             GError           **error)
{
  switch (wm_column_get_info (column)->type)
    {
    case WM_COLUMN_TEXT:
      return wm_store_set_string (self->store, self->touchpoint_id, column,
                                  g_value_get_string (value), error);
    case WM_COLUMN_BOOL:
      return wm_store_set_boolean (self->store, self->touchpoint_id, column,
                                   g_value_get_boolean (value), error);
    case WM_COLUMN_REF:
      return wm_store_set_ref (self->store, self->touchpoint_id, column,
                               g_value_get_int64 (value), error);
    default:
      return wm_store_set_int (self->store, self->touchpoint_id, column,
                               g_value_get_int64 (value), error);
    }
}

/* Writes @mine to @column; an edit refused over someone else's value is
 * shown with both. While it is written, a reload (another program's change
 * noticed on the way) leaves the field and the shown values alone. */
static void
commit_value (WmTouchpointPanel *self,
              WmColumnId         column,
              const GValue      *mine)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->committing = column;
  ok = write_value (self, column, mine, &error);
  self->committing = WM_COLUMN_NONE;
  if (!ok)
    edit_failed (self, column, mine, error);
}


static void
commit_field (TextField *field)
{
  WmTouchpointPanel *self = field->panel;
  GValue mine = G_VALUE_INIT;
  g_autofree char *text = NULL;

  g_clear_handle_id (&field->timeout_id, g_source_remove);
  if (!editable (self))
    return;

  text = wm_ui_field_dup_text (field->widget);
  if (field == &self->fields[FIELD_TITLE])
    {
      g_strstrip (text);
      /* A touchpoint keeps a title: an emptied one waits for a new one. */
      if (*text == '\0')
        return;
    }
  if (g_strcmp0 (text, wm_record_get_string (self->record, field->column)) == 0)
    return;

  g_value_init (&mine, G_TYPE_STRING);
  g_value_take_string (&mine, g_steal_pointer (&text));
  commit_value (self, field->column, &mine);
  g_value_unset (&mine);
  if (field->widget == self->message_view)
    run_message_check (self);
}

static gboolean
field_timeout_cb (gpointer user_data)
{
  TextField *field = user_data;

  field->timeout_id = 0;
  commit_field (field);

  return G_SOURCE_REMOVE;
}

static void
field_changed_cb (TextField *field)
{
  if (field->panel->updating || !editable (field->panel))
    return;

  g_clear_handle_id (&field->timeout_id, g_source_remove);
  field->timeout_id = g_timeout_add (TEXT_DELAY_MS, field_timeout_cb, field);
}

static void
commit_emotion (WmTouchpointPanel *self)
{
  GValue mine = G_VALUE_INIT;
  gint64 emotion = (gint64) lround (gtk_range_get_value (GTK_RANGE (self->emotion_scale)));

  g_clear_handle_id (&self->emotion_timeout_id, g_source_remove);
  if (!editable (self) || emotion == wm_record_get_int (self->record, WM_TOUCHPOINT_EMOTION))
    return;

  g_value_init (&mine, G_TYPE_INT64);
  g_value_set_int64 (&mine, emotion);
  commit_value (self, WM_TOUCHPOINT_EMOTION, &mine);
}

static gboolean
emotion_timeout_cb (gpointer user_data)
{
  WmTouchpointPanel *self = user_data;

  self->emotion_timeout_id = 0;
  commit_emotion (self);

  return G_SOURCE_REMOVE;
}

static void
emotion_changed_cb (WmTouchpointPanel *self)
{
  if (self->updating || !editable (self))
    return;

  g_clear_handle_id (&self->emotion_timeout_id, g_source_remove);
  self->emotion_timeout_id = g_timeout_add (SCALE_DELAY_MS, emotion_timeout_cb, self);
}

static void
channel_selected_cb (WmTouchpointPanel *self)
{
  GValue mine = G_VALUE_INIT;
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->channel_row));
  gint64 channel_id;

  if (self->updating || !editable (self) || selected >= self->channel_ids->len)
    return;

  channel_id = g_array_index (self->channel_ids, gint64, selected);
  if (channel_id == wm_record_get_ref (self->record, WM_TOUCHPOINT_CHANNEL_ID))
    return;

  g_value_init (&mine, G_TYPE_INT64);
  g_value_set_int64 (&mine, channel_id);
  commit_value (self, WM_TOUCHPOINT_CHANNEL_ID, &mine);
}

static void
choice_selected_cb (WmTouchpointPanel *self,
                    GParamSpec        *pspec,
                    AdwComboRow       *row)
{
  GValue mine = G_VALUE_INIT;
  WmColumnId column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "wm-column"));
  const WmChoice *choices = wm_column_get_choices (column);
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || !editable (self) || choices == NULL)
    return;

  for (guint i = 0; choices[i].value; i++)
    {
      if (i != selected)
        continue;
      if (g_strcmp0 (choices[i].value, wm_record_get_string (self->record, column)) == 0)
        return;
      g_value_init (&mine, G_TYPE_STRING);
      g_value_set_static_string (&mine, choices[i].value);
      commit_value (self, column, &mine);
      g_value_unset (&mine);
      return;
    }
}

static void
boolean_changed_cb (WmTouchpointPanel *self,
                    GParamSpec        *pspec,
                    GObject           *widget)
{
  GValue mine = G_VALUE_INIT;
  WmColumnId column = GPOINTER_TO_UINT (g_object_get_data (widget, "wm-column"));
  gboolean value;

  if (self->updating || !editable (self))
    return;

  g_object_get (widget, pspec->name, &value, NULL);
  if (value == wm_record_get_boolean (self->record, column))
    return;

  g_value_init (&mine, G_TYPE_BOOLEAN);
  g_value_set_boolean (&mine, value);
  commit_value (self, column, &mine);
}

/* Per-persona emotion: "Same as the touchpoint" or −3 … +3. */

static WmRecord *
find_persona_emotion (WmTouchpointPanel *self,
                      gint64             persona_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = wm_store_list (self->store, WM_ENTITY_TOUCHPOINT_EMOTION,
                        WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, self->touchpoint_id, NULL);
  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);

      if (wm_record_get_ref (row, WM_TOUCHPOINT_EMOTION_PERSONA_ID) == persona_id)
        return g_object_ref (row);
    }

  return NULL;
}

static void
persona_emotion_selected_cb (WmTouchpointPanel *self,
                             GParamSpec        *pspec,
                             AdwComboRow       *combo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) row = NULL;
  gint64 persona_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (combo), "wm-persona"));
  guint selected = adw_combo_row_get_selected (combo);
  gboolean ok = TRUE;

  if (self->updating || !editable (self))
    return;

  row = find_persona_emotion (self, persona_id);
  if (selected == 0)
    {
      if (row)
        ok = wm_store_delete (self->store, WM_ENTITY_TOUCHPOINT_EMOTION, wm_record_get_id (row),
                              &error);
    }
  else if (row)
    {
      if (wm_record_get_int (row, WM_TOUCHPOINT_EMOTION_EMOTION) != (gint64) selected - 4)
        ok = wm_store_set_int (self->store, wm_record_get_id (row),
                               WM_TOUCHPOINT_EMOTION_EMOTION, (gint64) selected - 4, &error);
    }
  else
    {
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT_EMOTION);

      wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, self->touchpoint_id);
      wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_PERSONA_ID, persona_id);
      wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION_EMOTION, (gint64) selected - 4);
      ok = wm_store_insert (self->store, draft, &error) > 0;
    }

  if (!ok)
    report_error (self, error);
}

/* A persona's emotion here, chosen in a combo row as the evidence is. */
static GtkWidget *
persona_emotion_row (const char *name)
{
  const char *items[] = { _("Same as the touchpoint"), "\u22123", "\u22122", "\u22121", "0",
                          "+1", "+2", "+3", NULL };
  g_autoptr(GtkStringList) labels = gtk_string_list_new (items);
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));

  return row;
}

static guint
persona_selection (GPtrArray *emotions,
                   gint64     persona_id)
{
  for (guint j = 0; emotions && j < emotions->len; j++)
    {
      WmRecord *emotion = g_ptr_array_index (emotions, j);

      if (wm_record_get_ref (emotion, WM_TOUCHPOINT_EMOTION_PERSONA_ID) == persona_id)
        return (guint) (wm_record_get_int (emotion, WM_TOUCHPOINT_EMOTION_EMOTION) + 4);
    }

  return 0;
}

static gint64
row_persona (GtkWidget *row)
{
  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "wm-persona"));
}

/* The persona rows: one per persona linked to the touchpoint's journey. When
 * the same personas are linked, the rows stay (a dropdown in use keeps the
 * focus) and only their values follow the store. */
static void
update_personas (WmTouchpointPanel *self)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) emotions = NULL;
  gint64 journey_id = wm_record_get_ref (self->record, WM_TOUCHPOINT_JOURNEY_ID);
  gboolean same = TRUE;

  links = wm_store_list (self->store, WM_ENTITY_JOURNEY_PERSONA, WM_JOURNEY_PERSONA_JOURNEY_ID,
                         journey_id, NULL);
  emotions = wm_store_list (self->store, WM_ENTITY_TOUCHPOINT_EMOTION,
                            WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, self->touchpoint_id, NULL);
  gtk_widget_set_visible (self->persona_group, links && links->len > 0);

  if (links == NULL || links->len != self->persona_rows->len)
    same = FALSE;
  for (guint i = 0; same && i < links->len; i++)
    same = row_persona (g_ptr_array_index (self->persona_rows, i)) ==
           wm_record_get_ref (g_ptr_array_index (links, i), WM_JOURNEY_PERSONA_PERSONA_ID);

  if (same)
    {
      for (guint i = 0; i < self->persona_rows->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (self->persona_rows, i);

          adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                      persona_selection (emotions, row_persona (row)));
        }
      return;
    }

  for (guint i = 0; i < self->persona_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->persona_group),
                                  g_ptr_array_index (self->persona_rows, i));
  g_ptr_array_set_size (self->persona_rows, 0);

  for (guint i = 0; links && i < links->len; i++)
    {
      gint64 persona_id = wm_record_get_ref (g_ptr_array_index (links, i),
                                             WM_JOURNEY_PERSONA_PERSONA_ID);
      g_autofree char *name = wm_ui_lookup_label (self->store, WM_ENTITY_PERSONA, persona_id);
      GtkWidget *row = persona_emotion_row (name ? name : "");

      adw_combo_row_set_selected (ADW_COMBO_ROW (row), persona_selection (emotions, persona_id));
      g_object_set_data (G_OBJECT (row), "wm-persona", GSIZE_TO_POINTER ((gsize) persona_id));
      g_signal_connect_swapped (row, "notify::selected",
                                G_CALLBACK (persona_emotion_selected_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->persona_group), row);
      g_ptr_array_add (self->persona_rows, row);
    }
}

static void
update_channels (WmTouchpointPanel *self)
{
  g_autoptr(GPtrArray) channels = wm_store_list (self->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0,
                                                 NULL);

  wm_channel_row_set_channels (ADW_COMBO_ROW (self->channel_row), channels, self->channel_ids);
}

static void
select_choice (GtkWidget  *row,
               const char *value)
{
  WmColumnId column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "wm-column"));
  const WmChoice *choices = wm_column_get_choices (column);

  for (guint i = 0; choices && choices[i].value; i++)
    if (g_strcmp0 (choices[i].value, value) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
}

/* Fills the fields from the store; a field with an edit still waiting to be
 * written keeps what the person typed. */
static void
update_fields (WmTouchpointPanel *self,
               gboolean           channels,
               gboolean           personas)
{
  gint64 channel_id;

  self->updating = TRUE;

  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      if (self->fields[i].timeout_id == 0 && self->fields[i].column != self->conflict_column &&
          self->fields[i].column != self->committing)
        wm_ui_field_set_text (self->fields[i].widget,
                              wm_record_get_string (self->record, self->fields[i].column));
    }

  if (channels)
    update_channels (self);
  channel_id = wm_record_get_ref (self->record, WM_TOUCHPOINT_CHANNEL_ID);
  for (guint i = 0; i < self->channel_ids->len; i++)
    if (g_array_index (self->channel_ids, gint64, i) == channel_id)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->channel_row), i);

  if (self->emotion_timeout_id == 0)
    gtk_range_set_value (GTK_RANGE (self->emotion_scale),
                         (double) wm_record_get_int (self->record, WM_TOUCHPOINT_EMOTION));
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self->mtm_row),
                                         wm_record_get_boolean (self->record,
                                                                WM_TOUCHPOINT_MOMENT_THAT_MATTERS));
  select_choice (self->risk_row, wm_record_get_string (self->record, WM_TOUCHPOINT_DROPOUT_RISK));
  select_choice (self->evidence_row, wm_record_get_string (self->record, WM_TOUCHPOINT_EVIDENCE));
  gtk_switch_set_active (GTK_SWITCH (self->context_switch),
                         wm_record_get_boolean (self->record, WM_TOUCHPOINT_CONTEXT_CARRIED));
  if (personas)
    update_personas (self);
  wm_ui_set_sensitive (self->page, editable (self));

  self->updating = FALSE;
}

static void
flush (WmTouchpointPanel *self)
{
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    if (self->fields[i].timeout_id != 0)
      commit_field (&self->fields[i]);
  if (self->emotion_timeout_id != 0)
    commit_emotion (self);
}

static gboolean
reload_record (WmTouchpointPanel *self)
{
  g_autoptr(WmRecord) record = NULL;

  if (self->store && self->touchpoint_id > 0)
    record = wm_store_get (self->store, WM_ENTITY_TOUCHPOINT, self->touchpoint_id, NULL);
  g_set_object (&self->record, record);

  /* What the fields show is what edits are based on; while something typed
   * waits to be written, or a conflict waits for a choice, the values it
   * started from stay the base. */
  if (record != NULL && !busy (self))
    wm_store_mark_shown (self->store, record);

  return record != NULL;
}

/* The KPIs shown on this touchpoint, each with its latest value and a
 * button to take it off, and a menu of the others to show here. */
static void
update_kpis (WmTouchpointPanel *self)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GHashTable) linked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < self->kpi_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->kpi_group),
                                  g_ptr_array_index (self->kpi_rows, i));
  g_ptr_array_set_size (self->kpi_rows, 0);
  g_array_set_size (self->kpi_ids, 0);
  if (self->store == NULL || self->touchpoint_id <= 0)
    return;

  links = wm_store_list (self->store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_TOUCHPOINT_ID,
                         self->touchpoint_id, NULL);
  kpis = wm_store_list (self->store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, NULL);
  if (links == NULL || kpis == NULL)
    return;

  for (guint i = 0; i < links->len; i++)
    {
      WmRecord *link = g_ptr_array_index (links, i);
      g_autoptr(WmRecord) kpi = wm_store_get (self->store, WM_ENTITY_KPI,
                                              wm_record_get_ref (link, WM_KPI_LINK_KPI_ID), NULL);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *remove;
      WmSample latest;
      gint64 kpi_id;

      if (kpi == NULL)
        continue;
      kpi_id = wm_record_get_id (kpi);
      g_hash_table_add (linked, g_memdup2 (&kpi_id, sizeof kpi_id));
      g_array_append_val (self->kpi_ids, kpi_id);
      if (wm_store_get_latest_sample (self->store, wm_record_get_id (kpi), &latest))
        {
          g_autofree char *value = wm_kpi_format_value (kpi, latest.value);

          /* Translators: a KPI's latest value and its status, e.g. "51 · On target" */
          subtitle = g_strdup_printf (_("%s · %s"), value,
                                      wm_kpi_status_to_string (wm_kpi_status_for_value (kpi,
                                                                                        latest.value)));
        }
      else
        subtitle = g_strdup (_("No values yet"));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wm_record_get_label (kpi));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_tooltip_text (remove, _("Remove From Touchpoint"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove From Touchpoint"), -1);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "panel.unlink-kpi");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove),
                                              g_variant_new_int64 (wm_record_get_id (link)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->kpi_group), row);
      g_ptr_array_add (self->kpi_rows, row);
    }

  for (guint i = 0; i < kpis->len; i++)
    {
      WmRecord *kpi = g_ptr_array_index (kpis, i);
      gint64 id = wm_record_get_id (kpi);
      g_autoptr(GMenuItem) item = NULL;

      if (g_hash_table_contains (linked, &id))
        continue;
      item = g_menu_item_new (wm_record_get_label (kpi), NULL);
      g_menu_item_set_action_and_target_value (item, "panel.link-kpi", g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->kpi_button), G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (self->kpi_button, g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->kpi_group),
                                         kpis->len == 0
                                         ? _("KPIs added on the KPIs page can show here.")
                                         : NULL);
}

/* Whether a change touches the KPIs the panel shows: values of other KPIs
 * cost it nothing. */
static gboolean
kpis_changed (WmTouchpointPanel *self,
              guint64            mask)
{
  const GArray *kpis;

  if (!(mask & KPI_CHANGES) || self->touchpoint_id <= 0 || self->record == NULL)
    return FALSE;
  if ((mask & KPI_CHANGES) != WM_CHANGE_SAMPLES)
    return TRUE;
  kpis = wm_store_get_changed_sample_kpis (self->store);
  if (kpis == NULL)
    return TRUE;
  for (guint i = 0; i < kpis->len; i++)
    for (guint j = 0; j < self->kpi_ids->len; j++)
      if (g_array_index (kpis, gint64, i) == g_array_index (self->kpi_ids, gint64, j))
        return TRUE;

  return FALSE;
}

static void
store_changed_cb (WmTouchpointPanel *self,
                  guint64            mask)
{
  const GArray *ids;

  if (kpis_changed (self, mask))
    update_kpis (self);
  if (!(mask & PANEL_CHANGES) || self->touchpoint_id <= 0)
    return;

  /* An edit of other cards leaves this one as it is. */
  ids = wm_store_get_changed_ids (self->store, WM_ENTITY_TOUCHPOINT);
  if ((mask & PANEL_CHANGES) == WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT) && ids != NULL)
    {
      gboolean mine = FALSE;

      for (guint i = 0; i < ids->len && !mine; i++)
        mine = g_array_index (ids, gint64, i) == self->touchpoint_id;
      if (!mine)
        return;
    }

  if (!reload_record (self))
    {
      /* Deleted, here or elsewhere: nothing left to edit. */
      for (guint i = 0; i < N_TEXT_FIELDS; i++)
        g_clear_handle_id (&self->fields[i].timeout_id, g_source_remove);
      g_clear_handle_id (&self->emotion_timeout_id, g_source_remove);
      g_signal_emit (self, signals[CLOSE], 0);
      return;
    }

  update_fields (self, (mask & WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL)) != 0,
                 (mask & (WM_CHANGE_ENTITY (WM_ENTITY_PERSONA) |
                          WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY_PERSONA) |
                          WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT_EMOTION))) != 0);
}

/* Their value stays; the fields show it. */
static void
keep_theirs_cb (WmTouchpointPanel *self)
{
  close_conflict (self);
  if (!reload_record (self))
    return;
  update_fields (self, FALSE, FALSE);
}

/* Mine goes over theirs, knowingly: shown now, so the edit goes through
 * (and Undo brings theirs back). */
static void
apply_mine_cb (WmTouchpointPanel *self)
{
  WmColumnId column = self->conflict_column;
  GValue mine = G_VALUE_INIT;

  if (column == WM_COLUMN_NONE)
    return;
  g_value_init (&mine, G_VALUE_TYPE (&self->conflict_mine));
  g_value_copy (&self->conflict_mine, &mine);
  close_conflict (self);
  if (reload_record (self))
    commit_value (self, column, &mine);
  g_value_unset (&mine);
}

static void
close_clicked_cb (WmTouchpointPanel *self)
{
  flush (self);
  g_signal_emit (self, signals[CLOSE], 0);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  close_clicked_cb (WM_TOUCHPOINT_PANEL (widget));

  return TRUE;
}

/* What is being typed in @field is stored now, not after the pause. */
static void
commit_typed (TextField *field)
{
  if (field->timeout_id != 0)
    commit_field (field);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                TextField               *field)
{
  commit_typed (field);
}

/* Enter in a wrap row stores it at once, as leaving it does. */
static void
field_activated_cb (WmWrapRow *row,
                    TextField *field)
{
  commit_typed (field);
}

/* panel.link-kpi shows a KPI (its id) on this touchpoint; panel.unlink-kpi
 * takes one off (the link's id). */
static void
kpi_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WmTouchpointPanel *self = WM_TOUCHPOINT_PANEL (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!editable (self))
    return;
  if (g_str_equal (action_name, "panel.link-kpi"))
    ok = wm_kpi_link_add (self->store, id, WM_KPI_LINK_TOUCHPOINT_ID, self->touchpoint_id,
                          &error) > 0;
  else
    ok = wm_store_delete (self->store, WM_ENTITY_KPI_LINK, id, &error);
  if (!ok)
    report_error (self, error);
}

/* Building */

static GtkWidget *
add_group (WmTouchpointPanel *self,
           const char        *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));

  return group;
}

static void
setup_field (WmTouchpointPanel *self,
             TextFieldId        id,
             WmColumnId         column,
             GtkWidget         *widget)
{
  TextField *field = &self->fields[id];
  GtkEventController *controller = gtk_event_controller_focus_new ();

  field->panel = self;
  field->column = column;
  field->widget = widget;

  if (GTK_IS_TEXT_VIEW (widget))
    g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed",
                              G_CALLBACK (field_changed_cb), field);
  else
    g_signal_connect_swapped (widget, "changed", G_CALLBACK (field_changed_cb), field);
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), field);
  gtk_widget_add_controller (widget, controller);
  if (WM_IS_WRAP_ROW (widget))
    g_signal_connect (widget, "entry-activated", G_CALLBACK (field_activated_cb), field);
}

/* A text field's row: a sentence (@wraps) is wrapped over as many lines as
 * it takes in the narrow panel, a name stays on one line. */
static GtkWidget *
field_row (WmTouchpointPanel *self,
           TextFieldId        id,
           WmColumnId         column,
           const char        *title,
           gboolean           wraps)
{
  GtkWidget *row = wraps ? wm_wrap_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  setup_field (self, id, column, row);

  return row;
}

static GtkWidget *
choice_row (WmTouchpointPanel *self,
            WmColumnId         column,
            const char        *title)
{
  const WmChoice *choices = wm_column_get_choices (column);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; choices && choices[i].value; i++)
    gtk_string_list_append (labels, wm_column_choice_label (column, choices[i].value));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_set_data (G_OBJECT (row), "wm-column", GUINT_TO_POINTER (column));
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (choice_selected_cb), self);

  return row;
}

static GtkWidget *
build_message (WmTouchpointPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame;
  GtkWidget *label;

  label = gtk_label_new_with_mnemonic (_("_Message copy"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  self->message_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->message_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->message_view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->message_view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->message_view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->message_view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->message_view), 10);
  gtk_widget_set_size_request (self->message_view, -1, 96);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->message_view);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->message_view),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  setup_field (self, FIELD_MESSAGE, WM_TOUCHPOINT_MESSAGE, self->message_view);

  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_add_css_class (frame, "wm-message-frame");
  gtk_frame_set_child (GTK_FRAME (frame), self->message_view);
  gtk_box_append (GTK_BOX (box), frame);

  label = gtk_label_new (_("What the company says to the customer here."));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  /* The brand-voice findings summary, filled by the message checker. */
  self->message_status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->message_status), 0);
  gtk_label_set_wrap (GTK_LABEL (self->message_status), TRUE);
  gtk_widget_add_css_class (self->message_status, "caption");
  gtk_widget_set_visible (self->message_status, FALSE);
  gtk_box_append (GTK_BOX (box), self->message_status);

  return box;
}

/* The wheel over an unfocused scale scrolls the panel, as it does over
 * the other rows: scrolling down to the KPIs must not change the emotion
 * on the way. A scale focused by a click or Tab takes the wheel. */
static gboolean
scale_scroll_cb (GtkEventControllerScroll *controller,
                 double                    dx,
                 double                    dy)
{
  GtkWidget *scale = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *scrolled = gtk_widget_get_ancestor (scale, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  double step;

  if (gtk_widget_has_focus (scale))
    return FALSE;
  if (scrolled == NULL)
    return TRUE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* A wheel click moves as far as GtkScrolledWindow's own would. */
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
         ? pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0) : 1;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);

  return TRUE;
}

static GtkWidget *
build_emotion_scale (WmTouchpointPanel *self)
{
  GtkEventController *wheel = gtk_event_controller_scroll_new (
    GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, -3, 3, 1);

  gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
  gtk_range_set_round_digits (GTK_RANGE (scale), 0);
  gtk_scale_add_mark (GTK_SCALE (scale), -3, GTK_POS_BOTTOM, "\u22123");
  gtk_scale_add_mark (GTK_SCALE (scale), -2, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (GTK_SCALE (scale), -1, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (GTK_SCALE (scale), 0, GTK_POS_BOTTOM, "0");
  gtk_scale_add_mark (GTK_SCALE (scale), 1, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (GTK_SCALE (scale), 2, GTK_POS_BOTTOM, NULL);
  gtk_scale_add_mark (GTK_SCALE (scale), 3, GTK_POS_BOTTOM, "+3");
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_size_request (scale, 180, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Emotion"), -1);
  g_signal_connect_swapped (scale, "value-changed", G_CALLBACK (emotion_changed_cb), self);
  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  g_signal_connect (wheel, "scroll", G_CALLBACK (scale_scroll_cb), NULL);
  gtk_widget_add_controller (scale, wheel);

  return scale;
}

static GtkWidget *
build_conflict_bar (WmTouchpointPanel *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading;
  GtkWidget *button;

  self->conflict_bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->conflict_bar, "card");
  gtk_widget_add_css_class (self->conflict_bar, "wm-conflict-bar");
  gtk_widget_set_margin_start (self->conflict_bar, 12);
  gtk_widget_set_margin_end (self->conflict_bar, 12);
  gtk_widget_set_margin_bottom (self->conflict_bar, 6);
  gtk_widget_set_visible (self->conflict_bar, FALSE);

  heading = gtk_label_new (_("Changed by someone else"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "warning");
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_end (heading, 12);
  gtk_box_append (GTK_BOX (self->conflict_bar), heading);

  self->conflict_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->conflict_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->conflict_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->conflict_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->conflict_label), TRUE);
  gtk_widget_set_margin_start (self->conflict_label, 12);
  gtk_widget_set_margin_end (self->conflict_label, 12);
  gtk_box_append (GTK_BOX (self->conflict_bar), self->conflict_label);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  button = gtk_button_new_with_mnemonic (_("_Keep Theirs"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (keep_theirs_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("_Apply Mine"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (apply_mine_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (self->conflict_bar), buttons);

  return self->conflict_bar;
}

static void
build (WmTouchpointPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *close;
  GtkWidget *group;
  GtkWidget *row;

  gtk_widget_set_parent (box, GTK_WIDGET (self));

  self->heading = adw_window_title_new (_("Touchpoint"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->heading);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_tooltip_text (close, _("Close the Touchpoint Panel"));
  gtk_widget_add_css_class (close, "flat");
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), close);
  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), build_conflict_bar (self));

  self->page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (self->page, TRUE);
  gtk_box_append (GTK_BOX (box), self->page);

  group = add_group (self, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             field_row (self, FIELD_TITLE, WM_TOUCHPOINT_TITLE, _("Title"), FALSE));
  self->channel_row = wm_channel_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->channel_row), _("Channel"));
  g_signal_connect_swapped (self->channel_row, "notify::selected",
                            G_CALLBACK (channel_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->channel_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             field_row (self, FIELD_ACTION, WM_TOUCHPOINT_CUSTOMER_ACTION,
                                        _("Customer action"), TRUE));

  group = add_group (self, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), build_message (self));

  group = add_group (self, _("Emotion"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("How the customer feels"));
  self->emotion_scale = build_emotion_scale (self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->emotion_scale);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  self->persona_group = add_group (self, _("Per Persona"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->persona_group),
                                         _("Where a persona feels differently here"));

  group = add_group (self, _("Moment That Matters"));
  self->mtm_row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->mtm_row), _("Moment that matters"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->mtm_row),
                                 _("A point that decides whether the customer stays"));
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (self->mtm_row), TRUE);
  g_object_set_data (G_OBJECT (self->mtm_row), "wm-column",
                     GUINT_TO_POINTER (WM_TOUCHPOINT_MOMENT_THAT_MATTERS));
  g_signal_connect_swapped (self->mtm_row, "notify::enable-expansion",
                            G_CALLBACK (boolean_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self->mtm_row),
                            field_row (self, FIELD_REASON, WM_TOUCHPOINT_MTM_REASON,
                                       _("Why it matters"), TRUE));
  self->risk_row = choice_row (self, WM_TOUCHPOINT_DROPOUT_RISK, _("Drop-out risk"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self->mtm_row), self->risk_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->mtm_row);

  group = add_group (self, _("Details"));
  self->evidence_row = choice_row (self, WM_TOUCHPOINT_EVIDENCE, _("Evidence"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->evidence_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             field_row (self, FIELD_OWNER, WM_TOUCHPOINT_OWNER, _("Owner"),
                                        FALSE));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Context carried"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The customer need not repeat what they said before"));
  self->context_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->context_switch, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (self->context_switch), "wm-column",
                     GUINT_TO_POINTER (WM_TOUCHPOINT_CONTEXT_CARRIED));
  g_signal_connect_swapped (self->context_switch, "notify::active",
                            G_CALLBACK (boolean_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->context_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->context_switch);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  self->kpi_group = add_group (self, _("KPIs"));
  self->kpi_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->kpi_button), "list-add-symbolic");
  gtk_widget_set_tooltip_text (self->kpi_button, _("Show a KPI on This Touchpoint"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kpi_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show a KPI on This Touchpoint"), -1);
  gtk_widget_add_css_class (self->kpi_button, "flat");
  gtk_widget_set_valign (self->kpi_button, GTK_ALIGN_START);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->kpi_group),
                                           self->kpi_button);

  group = add_group (self, NULL);
  row = gtk_button_new_with_mnemonic (_("_Delete Touchpoint"));
  gtk_widget_add_css_class (row, "destructive-action");
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "journeys.delete-touchpoint");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* GObject */

static void
wm_touchpoint_panel_dispose (GObject *object)
{
  WmTouchpointPanel *self = WM_TOUCHPOINT_PANEL (object);
  GtkWidget *child;

  wm_touchpoint_panel_set_touchpoint (self, NULL, 0);
  wm_touchpoint_panel_set_message_checker (self, NULL, NULL, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wm_touchpoint_panel_parent_class)->dispose (object);
}

static void
wm_touchpoint_panel_finalize (GObject *object)
{
  WmTouchpointPanel *self = WM_TOUCHPOINT_PANEL (object);

  g_clear_pointer (&self->channel_ids, g_array_unref);
  g_clear_pointer (&self->persona_rows, g_ptr_array_unref);
  g_clear_pointer (&self->kpi_rows, g_ptr_array_unref);
  g_clear_pointer (&self->kpi_ids, g_array_unref);

  G_OBJECT_CLASS (wm_touchpoint_panel_parent_class)->finalize (object);
}

static void
wm_touchpoint_panel_class_init (WmTouchpointPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_touchpoint_panel_dispose;
  object_class->finalize = wm_touchpoint_panel_finalize;

  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Escape goes back to the map, with what was typed written. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_install_action (widget_class, "panel.link-kpi", "x", kpi_link_action);
  gtk_widget_class_install_action (widget_class, "panel.unlink-kpi", "x", kpi_link_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "touchpointpanel");
}

static void
wm_touchpoint_panel_init (WmTouchpointPanel *self)
{
  self->channel_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->persona_rows = g_ptr_array_new ();
  self->kpi_rows = g_ptr_array_new ();
  self->kpi_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  build (self);
}

/* Public API */

GtkWidget *
wm_touchpoint_panel_new (void)
{
  return g_object_new (WM_TYPE_TOUCHPOINT_PANEL, NULL);
}

void
wm_touchpoint_panel_set_touchpoint (WmTouchpointPanel *self,
                                    WmStore           *store,
                                    gint64             touchpoint_id)
{
  g_return_if_fail (WM_IS_TOUCHPOINT_PANEL (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store && self->touchpoint_id == touchpoint_id)
    return;

  /* What was typed for the last touchpoint goes to that touchpoint. */
  flush (self);
  close_conflict (self);
  if (self->store != NULL && self->touchpoint_id > 0)
    wm_store_forget_shown (self->store, WM_ENTITY_TOUCHPOINT, self->touchpoint_id);

  if (self->store != store)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      g_set_object (&self->store, store);
      if (store)
        self->changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
    }
  self->touchpoint_id = store ? touchpoint_id : 0;

  if (!reload_record (self))
    {
      wm_voice_text_view_detach (GTK_TEXT_VIEW (self->message_view));
      return;
    }

  /* The message copy is checked against the brand voice as it is typed:
   * findings underlined, a fix a click away (wm-voice-highlight.c). */
  attach_voice_check (self);
  update_fields (self, TRUE, TRUE);
  update_kpis (self);
  run_message_check (self);
}

gint64
wm_touchpoint_panel_get_touchpoint_id (WmTouchpointPanel *self)
{
  g_return_val_if_fail (WM_IS_TOUCHPOINT_PANEL (self), 0);

  return self->record ? self->touchpoint_id : 0;
}

void
wm_touchpoint_panel_focus_title (WmTouchpointPanel *self)
{
  g_return_if_fail (WM_IS_TOUCHPOINT_PANEL (self));

  gtk_widget_grab_focus (self->fields[FIELD_TITLE].widget);
}

void
wm_touchpoint_panel_flush (WmTouchpointPanel *self)
{
  g_return_if_fail (WM_IS_TOUCHPOINT_PANEL (self));

  flush (self);
}

void
wm_touchpoint_panel_set_message_checker (WmTouchpointPanel  *self,
                                         WmMessageCheckFunc  func,
                                         gpointer            user_data,
                                         GDestroyNotify      destroy)
{
  g_return_if_fail (WM_IS_TOUCHPOINT_PANEL (self));

  if (self->check_destroy)
    self->check_destroy (self->check_data);
  self->check_func = func;
  self->check_data = user_data;
  self->check_destroy = destroy;
  if (self->record)
    run_message_check (self);
}

GtkTextView *
wm_touchpoint_panel_get_message_view (WmTouchpointPanel *self)
{
  g_return_val_if_fail (WM_IS_TOUCHPOINT_PANEL (self), NULL);

  return GTK_TEXT_VIEW (self->message_view);
}
