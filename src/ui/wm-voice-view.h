/* wm-voice-view.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_VOICE_VIEW (wm_voice_view_get_type ())

G_DECLARE_FINAL_TYPE (WmVoiceView, wm_voice_view, WM, VOICE_VIEW, GtkWidget)

GtkWidget *wm_voice_view_new       (void);
/* Shows and edits @store's guidelines and report (NULL shows nothing). */
void       wm_voice_view_set_store (WmVoiceView *self,
                                   WmStore    *store);
/* Switches to the project-wide report. */
void       wm_voice_view_show_report (WmVoiceView *self);

G_END_DECLS
