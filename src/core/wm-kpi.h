/* wm-kpi.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_KPI_STATUS_UNKNOWN,    /* no value or no target */
  WM_KPI_STATUS_ON_TARGET,
  WM_KPI_STATUS_WARNING,
  WM_KPI_STATUS_OFF_TARGET,
} WmKpiStatus;

typedef enum
{
  WM_KPI_TREND_FLAT,
  WM_KPI_TREND_UP,
  WM_KPI_TREND_DOWN,
} WmKpiTrend;

/* Status of @value against a KPI record's target, warning threshold and direction. */
WmKpiStatus  wm_kpi_status_for_value   (WmRecord   *kpi,
                                        double      value);
/* Direction of the last two samples (FLAT when fewer than two or equal). */
WmKpiTrend   wm_kpi_trend              (const WmSample *samples,
                                        gsize       n_samples);
const char  *wm_kpi_status_to_string   (WmKpiStatus status);  /* translated */
const char  *wm_kpi_kind_to_string     (const char *kind);    /* translated display name */
/* "42", "87.5 %" … in the KPI's unit, for display. */
char        *wm_kpi_format_value       (WmRecord   *kpi,
                                        double      value);

G_END_DECLS
