/* wm-kpis-view.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-feeds.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_KPIS_VIEW (wm_kpis_view_get_type ())

G_DECLARE_FINAL_TYPE (WmKpisView, wm_kpis_view, WM, KPIS_VIEW, GtkWidget)

/* The KPI page: a dashboard of cards, a detail page per KPI with its chart,
 * feeds and values, and the editors behind the "kpis.*" actions. It owns
 * the project's feeds engine, which runs only once the project is trusted. */

GtkWidget  *wm_kpis_view_new          (void);
void        wm_kpis_view_set_store    (WmKpisView  *self,
                                       WmStore     *store);
/* The feeds engine of the current project (NULL without one). */
WmFeeds    *wm_kpis_view_get_feeds    (WmKpisView  *self);
/* Opens the detail page of a KPI (0: back to the dashboard). */
void        wm_kpis_view_show_kpi     (WmKpisView  *self,
                                       gint64       kpi_id);
gint64      wm_kpis_view_get_shown_kpi (WmKpisView *self);
/* The dashboard card of a KPI (a WmKpiCard), NULL when none. */
GtkWidget  *wm_kpis_view_get_card     (WmKpisView  *self,
                                       gint64       kpi_id);
/* Imports CSV text into the shown KPI, as the "Import CSV" action does
 * with a file; on failure shows and returns the error, importing nothing. */
gboolean    wm_kpis_view_import_text  (WmKpisView  *self,
                                       const char  *text,
                                       gssize       length,
                                       gboolean     raw,
                                       GError     **error);
/* For a project from another computer whose feeds wait to be trusted:
 * presents a dialog naming the servers they would contact, which trusts
 * the project and starts them on "trust". NULL when there is nothing to ask. */
GtkWindow  *wm_kpis_view_ask_trust    (WmKpisView  *self);
/* The trust banner is shown (feeds paused until the user trusts the file). */
gboolean    wm_kpis_view_is_trust_banner_shown (WmKpisView *self);

G_END_DECLS
