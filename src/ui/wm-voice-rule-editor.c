/* wm-voice-rule-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-ui-util.h"
#include "wm-voice-project.h"
#include "wm-voice-rule-editor.h"

struct _WmVoiceRuleEditor
{
  GtkWidget       parent_instance;

  GtkWidget      *grid;
  GtkDropDown    *kind_dropdown;
  GtkLabel       *pattern_label;
  GtkEntry       *pattern_entry;
  GtkWidget      *replacement_label;
  GtkEntry       *replacement_entry;
  GtkWidget      *length_label;
  GtkWidget      *length_box;
  GtkSpinButton  *length_spin;
  GtkDropDown    *severity_dropdown;
  GtkEntry       *message_entry;
  GtkFlowBox     *channels_box;
  GtkLabel       *reason_label;

  WmStore        *store;
  gint64          guideline_id;
  WmRecord       *rule;          /* the copy being edited, or NULL for a new rule */
  GArray         *channel_ids;   /* gint64, parallel to the check buttons */
  GPtrArray      *channel_checks;
  char           *reason;
  gboolean        valid;
};

enum {
  PROP_0,
  PROP_VALID,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (WmVoiceRuleEditor, wm_voice_rule_editor, GTK_TYPE_WIDGET)

/* Helpers */

static WmVoiceRuleKind
get_kind (WmVoiceRuleEditor *self)
{
  return (WmVoiceRuleKind) gtk_drop_down_get_selected (self->kind_dropdown);
}

static GArray *
get_channels (WmVoiceRuleEditor *self)
{
  GArray *channels = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < self->channel_checks->len; i++)
    {
      if (gtk_check_button_get_active (g_ptr_array_index (self->channel_checks, i)))
        g_array_append_val (channels, g_array_index (self->channel_ids, gint64, i));
    }

  return channels;
}

/* The form as a plain rule; strings borrowed from the entries. */
static void
get_spec (WmVoiceRuleEditor *self,
          GArray            *channels,
          WmVoiceRuleSpec   *spec)
{
  *spec = (WmVoiceRuleSpec) {
    .kind = get_kind (self),
    .pattern = gtk_editable_get_text (GTK_EDITABLE (self->pattern_entry)),
    .replacement = gtk_editable_get_text (GTK_EDITABLE (self->replacement_entry)),
    .max_length = (gint64) gtk_spin_button_get_value (self->length_spin),
    .severity = (WmVoiceSeverity) gtk_drop_down_get_selected (self->severity_dropdown),
    .message = gtk_editable_get_text (GTK_EDITABLE (self->message_entry)),
    .channel_ids = (const gint64 *) (gpointer) channels->data,
    .n_channel_ids = channels->len,
  };
}

static void
update_fields (WmVoiceRuleEditor *self)
{
  WmVoiceRuleKind kind = get_kind (self);
  gboolean has_pattern = kind != WM_VOICE_KIND_MAX_LENGTH;
  gboolean has_replacement = kind == WM_VOICE_KIND_BANNED || kind == WM_VOICE_KIND_PREFERRED
                             || kind == WM_VOICE_KIND_REGEX;
  const char *pattern_label = _("_Term");

  switch (kind)
    {
    case WM_VOICE_KIND_REQUIRED:
      pattern_label = _("_Required text");
      break;
    case WM_VOICE_KIND_CAPITALIZATION:
      pattern_label = _("_Written as");
      break;
    case WM_VOICE_KIND_REGEX:
      pattern_label = _("_Pattern");
      break;
    case WM_VOICE_KIND_BANNED:
    case WM_VOICE_KIND_PREFERRED:
    case WM_VOICE_KIND_MAX_LENGTH:
    case WM_VOICE_N_KINDS:
    default:
      break;
    }

  gtk_label_set_text_with_mnemonic (self->pattern_label, pattern_label);
  gtk_widget_set_visible (GTK_WIDGET (self->pattern_label), has_pattern);
  gtk_widget_set_visible (GTK_WIDGET (self->pattern_entry), has_pattern);
  gtk_widget_set_visible (self->replacement_label, has_replacement);
  gtk_widget_set_visible (GTK_WIDGET (self->replacement_entry), has_replacement);
  gtk_widget_set_visible (self->length_label, !has_pattern);
  gtk_widget_set_visible (self->length_box, !has_pattern);
  gtk_entry_set_placeholder_text (self->replacement_entry,
                                  kind == WM_VOICE_KIND_PREFERRED ? NULL : _("Optional"));
}

static void
validate (WmVoiceRuleEditor *self)
{
  g_autoptr(GArray) channels = get_channels (self);
  g_autoptr(GError) error = NULL;
  WmVoiceRuleSpec spec;
  gboolean valid;

  get_spec (self, channels, &spec);
  valid = wm_voice_rule_validate (&spec, &error);

  g_clear_pointer (&self->reason, g_free);
  if (!valid)
    self->reason = g_strdup (error->message);
  gtk_label_set_text (self->reason_label, self->reason != NULL ? self->reason : "");
  /* An empty new form is not an error yet: it says nothing until typed in. */
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label),
                          !valid && (self->rule != NULL
                                     || *spec.pattern != '\0'
                                     || spec.kind == WM_VOICE_KIND_MAX_LENGTH));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static GtkStringList *
labels_model (guint          n,
              const char *(*get_label) (guint))
{
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (model, get_label (i));

  return model;
}

static const char *
kind_label (guint kind)
{
  return wm_voice_rule_kind_get_label ((WmVoiceRuleKind) kind);
}

static const char *
severity_label (guint severity)
{
  return wm_voice_severity_get_label ((WmVoiceSeverity) severity);
}

static void
fill_channels (WmVoiceRuleEditor *self,
               GArray            *checked)
{
  g_autoptr(GPtrArray) channels = wm_store_list (self->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE,
                                                 0, NULL);

  for (guint i = 0; channels != NULL && i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);
      gint64 id = wm_record_get_id (channel);
      GtkWidget *check = gtk_check_button_new_with_label (wm_record_get_label (channel));

      for (guint j = 0; checked != NULL && j < checked->len; j++)
        {
          if (g_array_index (checked, gint64, j) == id)
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
        }
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (validate), self);
      g_array_append_val (self->channel_ids, id);
      g_ptr_array_add (self->channel_checks, check);
      gtk_flow_box_append (self->channels_box, check);
    }
}

/* Callbacks */

static void
changed_cb (WmVoiceRuleEditor *self)
{
  update_fields (self);
  validate (self);
}

static void
dialog_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    WmVoiceRuleEditor *editor)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  if (!wm_voice_rule_editor_save (editor, &error))
    {
      wm_ui_alert (gtk_window_get_transient_for (GTK_WINDOW (dialog)), _("Cannot Save the Rule"),
                   error->message);
    }
}

static void
editor_valid_cb (WmVoiceRuleEditor *editor,
                 GParamSpec        *pspec,
                 AdwMessageDialog  *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "save", editor->valid);
}

/* Overrides */

static void
wm_voice_rule_editor_dispose (GObject *object)
{
  WmVoiceRuleEditor *self = WM_VOICE_RULE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_VOICE_RULE_EDITOR);
  g_clear_object (&self->store);
  g_clear_object (&self->rule);

  G_OBJECT_CLASS (wm_voice_rule_editor_parent_class)->dispose (object);
}

static void
wm_voice_rule_editor_finalize (GObject *object)
{
  WmVoiceRuleEditor *self = WM_VOICE_RULE_EDITOR (object);

  g_array_unref (self->channel_ids);
  g_ptr_array_unref (self->channel_checks);
  g_free (self->reason);

  G_OBJECT_CLASS (wm_voice_rule_editor_parent_class)->finalize (object);
}

static void
wm_voice_rule_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WmVoiceRuleEditor *self = WM_VOICE_RULE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_voice_rule_editor_class_init (WmVoiceRuleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_voice_rule_editor_dispose;
  object_class->finalize = wm_voice_rule_editor_finalize;
  object_class->get_property = wm_voice_rule_editor_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-voice-rule-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, grid);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, pattern_label);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, pattern_entry);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, replacement_label);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, replacement_entry);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, length_label);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, length_box);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, length_spin);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, message_entry);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, channels_box);
  gtk_widget_class_bind_template_child (widget_class, WmVoiceRuleEditor, reason_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_voice_rule_editor_init (WmVoiceRuleEditor *self)
{
  g_autoptr(GtkStringList) kinds = labels_model (WM_VOICE_N_KINDS, kind_label);
  g_autoptr(GtkStringList) severities = labels_model (WM_VOICE_N_SEVERITIES, severity_label);

  self->channel_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->channel_checks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_drop_down_set_model (self->severity_dropdown, G_LIST_MODEL (severities));
  gtk_drop_down_set_selected (self->severity_dropdown, WM_VOICE_SEVERITY_WARNING);
}

/* Public API */

GtkWidget *
wm_voice_rule_editor_new (WmStore  *store,
                          gint64    guideline_id,
                          WmRecord *rule)
{
  WmVoiceRuleEditor *self;
  g_autoptr(GArray) channels = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (rule == NULL || WM_IS_RECORD (rule), NULL);

  self = g_object_new (WM_TYPE_VOICE_RULE_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->guideline_id = guideline_id;

  if (rule != NULL)
    {
      WmVoiceRuleSpec spec;

      self->rule = wm_record_copy (rule);
      self->guideline_id = wm_record_get_ref (rule, WM_VOICE_RULE_GUIDELINE_ID);
      channels = wm_voice_rule_get_channels (store, rule, NULL);
      if (wm_voice_rule_spec_from_record (rule, NULL, &spec))
        {
          gtk_drop_down_set_selected (self->kind_dropdown, spec.kind);
          gtk_drop_down_set_selected (self->severity_dropdown, spec.severity);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->pattern_entry),
                             wm_record_get_string (rule, WM_VOICE_RULE_PATTERN));
      gtk_editable_set_text (GTK_EDITABLE (self->replacement_entry),
                             wm_record_get_string (rule, WM_VOICE_RULE_REPLACEMENT));
      gtk_editable_set_text (GTK_EDITABLE (self->message_entry),
                             wm_record_get_string (rule, WM_VOICE_RULE_MESSAGE));
      if (spec.kind == WM_VOICE_KIND_MAX_LENGTH)
        gtk_spin_button_set_value (self->length_spin,
                                   (double) wm_record_get_int (rule, WM_VOICE_RULE_MAX_LENGTH));
    }

  fill_channels (self, channels);
  changed_cb (self);

  return GTK_WIDGET (self);
}

gboolean
wm_voice_rule_editor_is_valid (WmVoiceRuleEditor *self)
{
  g_return_val_if_fail (WM_IS_VOICE_RULE_EDITOR (self), FALSE);

  return self->valid;
}

const char *
wm_voice_rule_editor_get_reason (WmVoiceRuleEditor *self)
{
  g_return_val_if_fail (WM_IS_VOICE_RULE_EDITOR (self), NULL);

  return self->reason;
}

gboolean
wm_voice_rule_editor_save (WmVoiceRuleEditor  *self,
                           GError            **error)
{
  g_autoptr(GArray) channels = get_channels (self);
  g_autoptr(WmRecord) rule = NULL;
  WmVoiceRuleSpec spec;

  g_return_val_if_fail (WM_IS_VOICE_RULE_EDITOR (self), FALSE);

  get_spec (self, channels, &spec);
  rule = self->rule != NULL ? g_object_ref (self->rule) : wm_record_new (WM_ENTITY_VOICE_RULE);
  if (self->rule == NULL)
    wm_record_set_ref (rule, WM_VOICE_RULE_GUIDELINE_ID, self->guideline_id);

  /* Only what the kind uses is kept: no stale term behind a length rule. */
  wm_record_set_string (rule, WM_VOICE_RULE_KIND, wm_voice_rule_kind_to_string (spec.kind));
  wm_record_set_string (rule, WM_VOICE_RULE_PATTERN,
                        spec.kind != WM_VOICE_KIND_MAX_LENGTH ? spec.pattern : "");
  wm_record_set_string (rule, WM_VOICE_RULE_REPLACEMENT,
                        gtk_widget_get_visible (GTK_WIDGET (self->replacement_entry))
                        ? spec.replacement : "");
  wm_record_set_int (rule, WM_VOICE_RULE_MAX_LENGTH,
                     spec.kind == WM_VOICE_KIND_MAX_LENGTH ? spec.max_length : 0);
  wm_record_set_string (rule, WM_VOICE_RULE_SEVERITY,
                        wm_voice_severity_to_string (spec.severity));
  wm_record_set_string (rule, WM_VOICE_RULE_MESSAGE, spec.message);
  if (self->rule == NULL)
    wm_record_set_boolean (rule, WM_VOICE_RULE_ENABLED, TRUE);

  if (!wm_voice_save_rule (self->store, rule, spec.channel_ids, spec.n_channel_ids, error))
    return FALSE;

  /* A second save of the same form updates the rule just added. */
  g_set_object (&self->rule, rule);

  return TRUE;
}

void
wm_voice_rule_editor_present (GtkWidget *parent,
                              WmStore   *store,
                              gint64     guideline_id,
                              WmRecord  *rule)
{
  GtkWidget *editor = wm_voice_rule_editor_new (store, guideline_id, rule);
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   rule != NULL ? _("Edit Rule") : _("New Rule"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), editor);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", rule != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save",
                                           wm_voice_rule_editor_is_valid (WM_VOICE_RULE_EDITOR (editor)));
  g_signal_connect_object (editor, "notify::valid", G_CALLBACK (editor_valid_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), editor, 0);
  /* Ready for typing what the rule looks for (or its length), not on
   * Cancel. */
  {
    WmVoiceRuleEditor *self = WM_VOICE_RULE_EDITOR (editor);

    gtk_widget_grab_focus (gtk_widget_get_visible (GTK_WIDGET (self->pattern_entry))
                           ? GTK_WIDGET (self->pattern_entry) : GTK_WIDGET (self->length_spin));
  }
  gtk_window_present (GTK_WINDOW (dialog));
}
