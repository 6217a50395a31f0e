/* wm-merge-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-merge.h"
#include "wm-window.h"

G_BEGIN_DECLS

#define WM_TYPE_MERGE_DIALOG (wm_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WmMergeDialog, wm_merge_dialog, WM, MERGE_DIALOG, AdwMessageDialog)

/* Lists the open conflicts of @merge (taken; made with @window's project
 * as ours), one choice each; "Merge" applies the result to that project as
 * one undo step. */
WmMergeDialog *wm_merge_dialog_new   (WmWindow *window,
                                      WmMerge  *merge);

/* Open → Merge a colleague's copy…: asks for their copy and, if there is
 * one, the copy both started from; merges theirs into the project of
 * @window, asking about conflicts, as one edit Undo takes back. */
void           wm_merge_dialog_start (WmWindow *window);
/* The same with their copy chosen: @theirs. */
void           wm_merge_dialog_start_with (WmWindow *window,
                                           GFile    *theirs);
/* Runs @merge (taken) into the project of @window: at once when nothing
 * conflicts, else through the dialog's choices; a toast offers Undo. */
void           wm_merge_dialog_run   (WmWindow *window,
                                      WmMerge  *merge);

G_END_DECLS
