/* wm-kpi-card.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-feed.h"
#include "wm-record.h"

G_BEGIN_DECLS

#define WM_TYPE_KPI_CARD (wm_kpi_card_get_type ())

G_DECLARE_FINAL_TYPE (WmKpiCard, wm_kpi_card, WM, KPI_CARD, GtkWidget)

/* One KPI on the dashboard: name, current value with n (and ± margin),
 * status against target, sparkline, last update and feed state. It follows
 * its live record by itself; the dashboard hands it new samples, and a card
 * whose samples did not change does nothing at all. */

GtkWidget  *wm_kpi_card_new             (WmRecord    *kpi);
WmRecord   *wm_kpi_card_get_kpi         (WmKpiCard   *self);
/* The latest samples, oldest first (the last is the current value). Returns
 * TRUE when they differ from the card's and it was updated. */
gboolean    wm_kpi_card_set_samples     (WmKpiCard   *self,
                                         GArray      *samples);
/* The combined state of the KPI's feeds; @n_feeds 0 hides it. */
void        wm_kpi_card_set_feed_state  (WmKpiCard   *self,
                                         guint        n_feeds,
                                         WmFeedState  state,
                                         const char  *reason);
/* What the card shows, for tests. */
const char *wm_kpi_card_get_value_text  (WmKpiCard   *self);
const char *wm_kpi_card_get_status_text (WmKpiCard   *self);
const char *wm_kpi_card_get_feed_text   (WmKpiCard   *self);
const char *wm_kpi_card_get_detail_text (WmKpiCard   *self);
guint       wm_kpi_card_get_n_updates   (WmKpiCard   *self);

G_END_DECLS
