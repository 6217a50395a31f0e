/* wm-kpi-chart.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-chart-geometry.h"
#include "wm-record.h"

G_BEGIN_DECLS

#define WM_TYPE_KPI_CHART (wm_kpi_chart_get_type ())

G_DECLARE_FINAL_TYPE (WmKpiChart, wm_kpi_chart, WM, KPI_CHART, GtkWidget)

/* A KPI's values over time, drawn with Cairo: a line chart with axes, the
 * target and warning bands and a hover label (value, time, n and margin of
 * error); or, with "compact", a sparkline for cards. The geometry is
 * wm-chart-geometry's. */

GtkWidget *wm_kpi_chart_new           (gboolean        compact);
/* The KPI whose unit, target, warning and direction the chart shows. */
void       wm_kpi_chart_set_kpi       (WmKpiChart     *self,
                                       WmRecord       *kpi);
/* @samples oldest first (a GArray of WmSample; the chart keeps a reference). */
void       wm_kpi_chart_set_samples   (WmKpiChart     *self,
                                       GArray         *samples);
/* The time span shown; @from >= @to shows the samples' own span. */
void       wm_kpi_chart_set_span      (WmKpiChart     *self,
                                       gint64          from,
                                       gint64          to);
/* Index of the sample under the pointer, -1 when none. */
int        wm_kpi_chart_get_hover     (WmKpiChart     *self);
/* What the hover label says (Pango markup), NULL when nothing is hovered. */
char      *wm_kpi_chart_dup_hover_text (WmKpiChart    *self);
/* Hovers the point nearest (@x, @y), as the pointer would. */
void       wm_kpi_chart_hover_at      (WmKpiChart     *self,
                                       double          x,
                                       double          y);
/* The label of a tick at @time on the time axis, ticks being @unit apart. */
char      *wm_kpi_chart_format_time_tick (gint64          time,
                                          WmChartTickUnit unit);
/* The scale of the last layout, for tests. */
const WmChartScale *wm_kpi_chart_get_scale (WmKpiChart *self);

G_END_DECLS
