/* wm-kpi-ui.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-feed.h"
#include "wm-kpi.h"
#include "wm-store.h"

G_BEGIN_DECLS

/* Small pieces the KPI dashboard, its cards and editors share. */

const char *wm_kpi_ui_trend_arrow        (WmKpiTrend      trend);
/* The style class of a status pill: wm-status-on-target … */
const char *wm_kpi_ui_status_pill_class  (WmKpiStatus     status);
/* "Customer satisfaction · mean" …, "" when it only repeats the name. */
char       *wm_kpi_ui_kind_caption       (WmRecord       *kpi);
/* "n = 240 · ± 4.2" (parts left out when unknown, the margin without a
 * @kpi, whose unit it takes), "" when neither. */
char       *wm_kpi_ui_format_n_margin    (WmRecord       *kpi,
                                          const WmSample *sample);
/* The 95 % margin of error of a sample, NAN when unknown. */
double      wm_kpi_ui_sample_margin      (const WmSample *sample);
/* "Updated Nov 27, 2026 14:05" in local time: when a feed fetched. */
char       *wm_kpi_ui_format_updated     (gint64          time);
/* "As of Nov 1, 2026 00:00": the time a KPI value is for. */
char       *wm_kpi_ui_format_as_of       (gint64          time);
/* When a value is for, as the dashboard says it: "Nov 1, 2026 00:00". */
char       *wm_kpi_ui_format_time        (gint64          time);
/* A time as typed in an entry ("2026-11-27 14:05", local) and back:
 * also a bare date or ISO 8601 with a zone. */
char       *wm_kpi_ui_format_time_entry  (gint64          time);
gboolean    wm_kpi_ui_parse_time         (const char     *text,
                                          gint64         *time);
/* A finite number as typed, with a decimal point or comma. */
gboolean    wm_kpi_ui_parse_number       (const char     *text,
                                          double         *value);
/* The values a KPI of its kind can take (NPS −100…100, percentages 0…100,
 * means on their scale); FALSE for a custom KPI, which takes any number. */
gboolean    wm_kpi_ui_value_range        (WmRecord       *kpi,
                                          double         *min,
                                          double         *max);
/* The last @n samples of a KPI at most, oldest first; never NULL. */
GArray     *wm_kpi_ui_recent_samples     (WmStore        *store,
                                          gint64          kpi_id,
                                          guint           n);
/* The state the card shows for a KPI's feeds (a GListModel of feed
 * records): the worst of them, with its reason. Returns how many feeds. */
guint       wm_kpi_ui_feeds_state        (GListModel     *feeds,
                                          gint64          kpi_id,
                                          WmFeedState    *state,
                                          const char    **reason);

/* The editors' combo rows of a choice column (kind, feed type,
 * authentication): the labels in the file's order, the value selected,
 * and selecting a value (the first choice for an unknown one). */
GtkStringList *wm_kpi_ui_choice_labels   (WmColumnId      column);
const char *wm_kpi_ui_selected_choice    (AdwComboRow    *row,
                                          WmColumnId      column);
void        wm_kpi_ui_select_choice      (AdwComboRow    *row,
                                          WmColumnId      column,
                                          const char     *value);

/* Attaches @field at @row of a dialog's two-column grid, with a dim label
 * at its left whose mnemonic focuses it; @name names the field for tests. */
void        wm_kpi_ui_grid_field         (GtkGrid        *grid,
                                          int             row,
                                          const char     *label,
                                          const char     *name,
                                          GtkWidget      *field);

G_END_DECLS
