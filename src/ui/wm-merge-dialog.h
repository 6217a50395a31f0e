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

/* Lists the open conflicts of @merge (taken), one choice each; "Merge"
 * writes the result to @result and opens it in @window. */
WmMergeDialog *wm_merge_dialog_new   (WmWindow *window,
                                      WmMerge  *merge,
                                      GFile    *result);

/* Open → Merge a colleague's copy…: asks for their copy and the copy both
 * started from, merges them with the project of @window into a new file
 * beside it, asking about conflicts, and opens the result. */
void           wm_merge_dialog_start (WmWindow *window);

G_END_DECLS
