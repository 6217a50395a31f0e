/* wm-wrap-row.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WM_TYPE_WRAP_ROW (wm_wrap_row_get_type ())

G_DECLARE_FINAL_TYPE (WmWrapRow, wm_wrap_row, WM, WRAP_ROW, AdwPreferencesRow)

/* A row of a boxed list that edits a sentence in place, as an AdwEntryRow
 * does, but wraps it over as many lines as it needs: a persona's goals and
 * pain points are read far more often than they are written, and an entry
 * row shows only what fits on one line. Its title (AdwPreferencesRow's) is
 * the caption above the text and the text's accessible name. Enter emits
 * "entry-activated" instead of breaking the line; "changed" follows every
 * edit of the text. With the apply button shown, as an entry row's it
 * appears while the text differs from what was last set or applied, and
 * it and Enter emit "apply" instead. */
GtkWidget  *wm_wrap_row_new           (void);
const char *wm_wrap_row_get_text      (WmWrapRow  *self);
void        wm_wrap_row_set_text      (WmWrapRow  *self,
                                       const char *text);
GtkWidget  *wm_wrap_row_get_text_view (WmWrapRow  *self);
void        wm_wrap_row_set_show_apply_button (WmWrapRow *self,
                                               gboolean   show);
/* The cursor's place, in characters; -1 sets it at the end. */
int         wm_wrap_row_get_position  (WmWrapRow  *self);
void        wm_wrap_row_set_position  (WmWrapRow  *self,
                                       int         position);
void        wm_wrap_row_add_prefix    (WmWrapRow  *self,
                                       GtkWidget  *widget);
void        wm_wrap_row_add_suffix    (WmWrapRow  *self,
                                       GtkWidget  *widget);

G_END_DECLS
