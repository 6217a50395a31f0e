/* wm-kpi.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wm-kpi.h"

WmKpiStatus
wm_kpi_status_for_value (WmRecord *kpi,
                         double    value)
{
  gboolean lower_is_better;
  double target, warning;

  g_return_val_if_fail (WM_IS_RECORD (kpi), WM_KPI_STATUS_UNKNOWN);
  g_return_val_if_fail (wm_record_get_entity (kpi) == WM_ENTITY_KPI, WM_KPI_STATUS_UNKNOWN);

  if (!isfinite (value) || !wm_record_is_set (kpi, WM_KPI_TARGET))
    return WM_KPI_STATUS_UNKNOWN;

  lower_is_better = g_strcmp0 (wm_record_get_string (kpi, WM_KPI_DIRECTION), "lower") == 0;
  target = wm_record_get_double (kpi, WM_KPI_TARGET);

  /* Compare as "higher is better" by flipping signs. */
  if (lower_is_better)
    {
      value = -value;
      target = -target;
    }

  if (value >= target)
    return WM_KPI_STATUS_ON_TARGET;

  if (wm_record_is_set (kpi, WM_KPI_WARNING))
    {
      warning = wm_record_get_double (kpi, WM_KPI_WARNING);
      if (lower_is_better)
        warning = -warning;
      if (value >= warning)
        return WM_KPI_STATUS_WARNING;
    }

  return WM_KPI_STATUS_OFF_TARGET;
}

WmKpiTrend
wm_kpi_trend (const WmSample *samples,
              gsize           n_samples)
{
  double last, previous;

  if (samples == NULL || n_samples < 2)
    return WM_KPI_TREND_FLAT;

  last = samples[n_samples - 1].value;
  previous = samples[n_samples - 2].value;

  if (last > previous)
    return WM_KPI_TREND_UP;
  if (last < previous)
    return WM_KPI_TREND_DOWN;

  return WM_KPI_TREND_FLAT;
}

const char *
wm_kpi_status_to_string (WmKpiStatus status)
{
  switch (status)
    {
    case WM_KPI_STATUS_ON_TARGET:
      return C_("KPI status", "On target");
    case WM_KPI_STATUS_WARNING:
      return C_("KPI status", "Warning");
    case WM_KPI_STATUS_OFF_TARGET:
      return C_("KPI status", "Off target");
    case WM_KPI_STATUS_UNKNOWN:
    default:
      return C_("KPI status", "No status");
    }
}

const char *
wm_kpi_kind_to_string (const char *kind)
{
  static const struct {
    const char *kind;
    const char *name;
  } names[] = {
    { "nps", N_("Net Promoter Score") },
    { "csat", N_("Customer satisfaction") },
    { "ces", N_("Customer effort score") },
    { "fcr", N_("First contact resolution") },
    { "retention", N_("Retention") },
    { "custom", N_("Custom") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (names[i].kind, kind) == 0)
        return _(names[i].name);
    }

  return _("Custom");
}

char *
wm_kpi_format_value (WmRecord *kpi,
                     double    value)
{
  const char *unit;
  double rounded;

  g_return_val_if_fail (WM_IS_RECORD (kpi), NULL);

  unit = wm_record_get_string (kpi, WM_KPI_UNIT);
  rounded = round (value * 10.0) / 10.0;

  /* Whole numbers without a decimal; one decimal otherwise. */
  if (rounded == floor (rounded))
    return g_strdup_printf ("%.0f%s%s", rounded, *unit ? " " : "", unit);

  return g_strdup_printf ("%.1f%s%s", rounded, *unit ? " " : "", unit);
}
