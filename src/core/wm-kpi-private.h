/* wm-kpi-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-kpi.h"

G_BEGIN_DECLS

typedef enum
{
  SCORE_PROPORTION,  /* % of answers within [good_min, good_max] */
  SCORE_MEAN,
  SCORE_NPS,
} ScoreMethod;

typedef struct
{
  ScoreMethod method;
  double      min;       /* valid answers */
  double      max;
  gboolean    whole;     /* answers must be whole numbers */
  double      good_min;  /* for SCORE_PROPORTION */
  double      good_max;
} ScoreRule;

/* Computes a KPI one answer at a time, so millions of stored answers are
 * never held in memory at once. */
typedef struct
{
  ScoreRule rule;
  gsize     n;
  gsize     good;
  gsize     promoters;
  gsize     detractors;
  double    sum;
  double    mean;
  double    m2;
} WmKpiAccumulator;

gboolean  wm_kpi_accumulator_init    (WmKpiAccumulator  *acc,
                                      const char        *kind,
                                      const char        *variant,
                                      GError           **error);
/* FALSE when @score does not fit the KPI's scale ("Answer N (…) …"). */
gboolean  wm_kpi_accumulator_add     (WmKpiAccumulator  *acc,
                                      double             score,
                                      GError           **error);
gboolean  wm_kpi_accumulator_finish  (WmKpiAccumulator  *acc,
                                      WmKpiResult       *result,
                                      GError           **error);

G_END_DECLS
