/* wm-voice-highlight.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"
#include "wm-voice.h"

G_BEGIN_DECLS

/* Live brand-voice findings in any GtkTextView, for the touchpoint panel's
 * message copy (and anything else that edits copy):
 *
 *   wm_voice_text_view_attach (view, store, touchpoint_id);
 *
 * - Typing never waits on the checker: 150 ms after the last change the text
 *   is checked in a worker thread; results for text that has changed since
 *   are dropped and the newest text is checked instead.
 * - Findings are underlined (error red, warning orange, suggestion blue); a
 *   missing element underlines the last character. Hovering shows the
 *   message; a click on an underline (or Ctrl+. at the cursor) opens a
 *   popover whose button applies the suggested fix.
 * - A fix is one undo step: with a touchpoint (@touchpoint_id > 0) the new
 *   text is committed to the store's message column as one edit labelled
 *   “Fix brand voice” *before* the buffer changes, as one user action, to the
 *   same text. A panel that saves the buffer to the store must therefore skip
 *   saving when the buffer equals the stored message (it then adds no second
 *   step), and should save on a debounce or on end-user-action, not on every
 *   "changed" (a fix is a delete and an insert).
 * - The rules come from @store and follow its edits (a new rule shows at
 *   once); the touchpoint's channel scopes them. With @touchpoint_id 0 only
 *   rules for every channel apply, and fixes change the buffer alone.
 *
 * Attach after the view has its buffer; attaching again replaces the previous
 * attachment; the attachment ends with the view or wm_voice_text_view_detach().
 */

#define WM_TYPE_VOICE_HIGHLIGHT (wm_voice_highlight_get_type ())

G_DECLARE_FINAL_TYPE (WmVoiceHighlight, wm_voice_highlight, WM, VOICE_HIGHLIGHT, GObject)

/* Signal "findings-changed" (WmVoiceHighlight *, gpointer): new findings are
 * shown (also when there are none any more). Property "n-findings" (uint). */

WmVoiceHighlight *wm_voice_text_view_attach        (GtkTextView      *view,
                                                    WmStore          *store,
                                                    gint64            touchpoint_id);
void              wm_voice_text_view_detach        (GtkTextView      *view);
/* The attachment of @view, or NULL. */
WmVoiceHighlight *wm_voice_text_view_get_highlight (GtkTextView      *view);

/* The findings shown for the buffer's current text (WmVoiceFinding), in
 * order; empty while a check is pending. */
GPtrArray        *wm_voice_highlight_get_findings  (WmVoiceHighlight *self);
guint             wm_voice_highlight_get_n_findings (WmVoiceHighlight *self);
/* Whether a check is scheduled or running. */
gboolean          wm_voice_highlight_is_pending    (WmVoiceHighlight *self);
/* Opens the popover of finding @index (what a click on its underline does):
 * its message and, when it has one, the button that applies its fix. Returns
 * the popover, or NULL when the findings are stale or the view not realized. */
GtkWidget        *wm_voice_highlight_show_finding  (WmVoiceHighlight *self,
                                                    guint             index);
/* The same for the finding at (or just before) the cursor; Ctrl+. in the
 * view. NULL when there is none. */
GtkWidget        *wm_voice_highlight_show_finding_at_cursor (WmVoiceHighlight *self);
/* Applies the fix of finding @index (one undo step, see above). FALSE with
 * @error when the finding has no fix, the text changed since, or the store
 * refused the edit; the buffer is then unchanged. */
gboolean          wm_voice_highlight_apply_fix     (WmVoiceHighlight *self,
                                                    guint             index,
                                                    GError          **error);

G_END_DECLS
