/* wm-persona-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_PERSONA_EDITOR (wm_persona_editor_get_type ())

G_DECLARE_FINAL_TYPE (WmPersonaEditor, wm_persona_editor, WM, PERSONA_EDITOR, GtkWidget)

/* Edits one persona in place: every change is committed to the store at
 * once (text after a short pause, or when the field is left) as one undo
 * step, and the editor follows the store when something else changes the
 * persona, e.g. undo.
 *
 * Journeys are opened with the "win.show-journey" action and the journey's
 * row id (int64 parameter). */
GtkWidget *wm_persona_editor_new         (void);
/* Edits @persona, a live record of @store (NULL edits nothing). */
void       wm_persona_editor_set_persona (WmPersonaEditor *self,
                                          WmStore         *store,
                                          WmRecord        *persona);
gint64     wm_persona_editor_get_persona_id (WmPersonaEditor *self);
/* Commits a text edit still waiting for its pause. */
void       wm_persona_editor_flush       (WmPersonaEditor *self);
/* Imports @file as the persona's picture in a worker thread (what the
 * Choose Picture button does with the file the chooser gives); a file that
 * cannot be used is reported in a toast and changes nothing. */
void       wm_persona_editor_import_picture (WmPersonaEditor *self,
                                             GFile           *file);
gboolean   wm_persona_editor_is_importing   (WmPersonaEditor *self);
/* Moves the keyboard focus to the name, its text selected. */
void       wm_persona_editor_focus_name  (WmPersonaEditor *self);

G_END_DECLS
