/* wm-journeys-view.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-journey-canvas.h"
#include "wm-store.h"
#include "wm-touchpoint-panel.h"

G_BEGIN_DECLS

#define WM_TYPE_JOURNEYS_VIEW (wm_journeys_view_get_type ())

G_DECLARE_FINAL_TYPE (WmJourneysView, wm_journeys_view, WM, JOURNEYS_VIEW, GtkWidget)

/* The Journeys view: the project's journeys in a sidebar list and the
 * selected one's map, its analysis and the touchpoint panel beside it.
 * Actions in the "journeys" group: new, new-from-template, rename, duplicate,
 * make-to-be, delete, move-up, move-down, import-mermaid, copy-mermaid,
 * export ("s" png|svg|pdf|csv|mermaid), print, compare, analysis,
 * delete-touchpoint. */
GtkWidget         *wm_journeys_view_new             (void);
/* Shows @store's journeys (NULL shows nothing). */
void               wm_journeys_view_set_store       (WmJourneysView *self,
                                                     WmStore        *store);
gint64             wm_journeys_view_get_selected_id (WmJourneysView *self);
void               wm_journeys_view_select          (WmJourneysView *self,
                                                     gint64          journey_id);
WmJourneyCanvas   *wm_journeys_view_get_canvas      (WmJourneysView *self);
/* What the Export menu writes once a file is chosen: the selected journey as
 * png, svg, pdf, csv or mermaid at @path. */
gboolean           wm_journeys_view_export          (WmJourneysView *self,
                                                     const char     *format,
                                                     const char     *path,
                                                     GError        **error);
/* What importing a .mmd file does with its text: a new journey, shown. */
gint64             wm_journeys_view_import_mermaid  (WmJourneysView *self,
                                                     const char     *text,
                                                     GError        **error);
WmTouchpointPanel *wm_journeys_view_get_panel       (WmJourneysView *self);
/* The popover that renames the journey shown (for tests). */
GtkPopover        *wm_journeys_view_get_rename_popover (WmJourneysView *self);

G_END_DECLS
