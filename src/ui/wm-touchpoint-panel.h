/* wm-touchpoint-panel.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_TOUCHPOINT_PANEL (wm_touchpoint_panel_get_type ())

G_DECLARE_FINAL_TYPE (WmTouchpointPanel, wm_touchpoint_panel, WM, TOUCHPOINT_PANEL, GtkWidget)

/* Called when the message copy settles (after an edit, or when another
 * touchpoint is shown): a brand-voice checker marks findings in @buffer
 * (text tags, e.g. underlines) and may return a short summary for the row
 * under the text ("2 findings"), or NULL. */
typedef char *(*WmMessageCheckFunc) (GtkTextBuffer *buffer,
                                     gint64         channel_id,
                                     gpointer       user_data);

/* The side panel that edits one touchpoint. Every field commits on change
 * (text after a pause in typing) as one undo step, and follows the store:
 * undo, redo or another program's edit update the fields without taking the
 * focus. Signal "close" when the person closes the panel. */
GtkWidget  *wm_touchpoint_panel_new                (void);
void        wm_touchpoint_panel_set_touchpoint     (WmTouchpointPanel  *self,
                                                    WmStore            *store,
                                                    gint64              touchpoint_id);
gint64      wm_touchpoint_panel_get_touchpoint_id  (WmTouchpointPanel  *self);
/* Moves the keyboard focus to the title. */
void        wm_touchpoint_panel_focus_title        (WmTouchpointPanel  *self);
/* Writes pending text edits now. */
void        wm_touchpoint_panel_flush              (WmTouchpointPanel  *self);
/* The hook for the brand-voice checker. */
void        wm_touchpoint_panel_set_message_checker (WmTouchpointPanel *self,
                                                    WmMessageCheckFunc  func,
                                                    gpointer            user_data,
                                                    GDestroyNotify      destroy);
GtkTextView *wm_touchpoint_panel_get_message_view  (WmTouchpointPanel  *self);

G_END_DECLS
