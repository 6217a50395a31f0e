/* wm-feed-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-feeds.h"

G_BEGIN_DECLS

#define WM_TYPE_FEED_EDITOR (wm_feed_editor_get_type ())

G_DECLARE_FINAL_TYPE (WmFeedEditor, wm_feed_editor, WM, FEED_EDITOR, AdwWindow)

/* Where a KPI's values come from: type, URL, what to extract, interval and
 * credentials. The secret goes to the keyring, never into the project file.
 * "Test feed" fetches once without storing and shows the value or the
 * exact error. */

/* @feed NULL adds a feed to @kpi. */
WmFeedEditor *wm_feed_editor_new          (WmFeeds       *feeds,
                                           WmRecord      *kpi,
                                           WmRecord      *feed);
/* The row editing @field ("type", "url", "path", "time_path", "query",
 * "column_name", "row_rule", "interval", "auth", "auth_user",
 * "auth_header", "secret", "insecure", "test_result"; "save", "error" the
 * Save button and the form's error), for tests. */
GtkWidget    *wm_feed_editor_get_field    (WmFeedEditor  *self,
                                           const char    *field);
/* Runs "Test feed"; the result shows in the "test_result" row. */
void          wm_feed_editor_test         (WmFeedEditor  *self);
gboolean      wm_feed_editor_is_testing   (WmFeedEditor  *self);
/* Validates and writes the feed, its secret first (the window stays
 * responsive while a locked keyring asks for its password); the result is
 * the feed's id, 0 with @error. */
void          wm_feed_editor_save_async   (WmFeedEditor        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gint64        wm_feed_editor_save_finish  (WmFeedEditor        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
