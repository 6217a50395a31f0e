/* wm-voice-rule-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* The form that adds or edits one brand-voice rule: kind, term or pattern,
 * replacement, maximum length, channels, severity and message. It checks
 * the rule as it is typed with wm_voice_rule_validate() and says why a rule
 * does not parse; such a rule is never saved. Property "valid" (boolean,
 * notifies) and "reason" (string: why it is not valid, or NULL). */

#define WM_TYPE_VOICE_RULE_EDITOR (wm_voice_rule_editor_get_type ())

G_DECLARE_FINAL_TYPE (WmVoiceRuleEditor, wm_voice_rule_editor, WM, VOICE_RULE_EDITOR, GtkWidget)

/* A form for a new rule of guideline @guideline_id, or for @rule (a copy is
 * edited) when it is not NULL. */
GtkWidget  *wm_voice_rule_editor_new        (WmStore           *store,
                                             gint64             guideline_id,
                                             WmRecord          *rule);
gboolean    wm_voice_rule_editor_is_valid   (WmVoiceRuleEditor *self);
const char *wm_voice_rule_editor_get_reason (WmVoiceRuleEditor *self);
/* Stores the rule (wm_voice_save_rule(): validated, one undo step). */
gboolean    wm_voice_rule_editor_save       (WmVoiceRuleEditor *self,
                                             GError           **error);

/* Opens the editor in a dialog over @parent; saving shows errors there. */
void        wm_voice_rule_editor_present    (GtkWidget         *parent,
                                             WmStore           *store,
                                             gint64             guideline_id,
                                             WmRecord          *rule);

G_END_DECLS
