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
#include <string.h>

#include "wm-kpi-private.h"

G_DEFINE_QUARK (wm-kpi-error-quark, wm_kpi_error)

/* Helpers */

static gboolean
score_rule_for (const char *kind,
                const char *variant,
                ScoreRule  *rule,
                GError    **error)
{
  const ScoreRule nps = { SCORE_NPS, 0, 10, TRUE, 0, 0 };
  const ScoreRule csat_top2 = { SCORE_PROPORTION, 1, 5, TRUE, 4, 5 };
  const ScoreRule csat_mean = { SCORE_MEAN, 1, 5, FALSE, 0, 0 };
  const ScoreRule ces_mean = { SCORE_MEAN, 1, 7, FALSE, 0, 0 };
  const ScoreRule ces_top3 = { SCORE_PROPORTION, 1, 7, TRUE, 5, 7 };
  const ScoreRule binary = { SCORE_PROPORTION, 0, 1, TRUE, 1, 1 };
  const ScoreRule custom = { SCORE_MEAN, -G_MAXDOUBLE, G_MAXDOUBLE, FALSE, 0, 0 };

  if (variant == NULL)
    variant = "";

  if (g_strcmp0 (kind, "nps") == 0)
    *rule = nps;
  else if (g_strcmp0 (kind, "csat") == 0 && (*variant == '\0' || g_str_equal (variant, "top2box")))
    *rule = csat_top2;
  else if (g_strcmp0 (kind, "csat") == 0 && g_str_equal (variant, "mean"))
    *rule = csat_mean;
  else if (g_strcmp0 (kind, "ces") == 0 && (*variant == '\0' || g_str_equal (variant, "mean")))
    *rule = ces_mean;
  else if (g_strcmp0 (kind, "ces") == 0 && g_str_equal (variant, "top3box"))
    *rule = ces_top3;
  else if (g_strcmp0 (kind, "fcr") == 0 || g_strcmp0 (kind, "retention") == 0)
    *rule = binary;
  else if (kind == NULL || g_str_equal (kind, "custom"))
    *rule = custom;
  else
    {
      g_set_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                   _("Cannot compute a KPI of kind “%s” with variant “%s” from answers."),
                   kind, variant);
      return FALSE;
    }

  return TRUE;
}

/* @index is the answer's position for the message, or G_MAXSIZE for none. */
static gboolean
check_score (const ScoreRule *rule,
             double           score,
             gsize            index,
             GError         **error)
{
  g_autofree char *text = NULL;
  g_autofree char *what = NULL;

  if (isfinite (score) && score >= rule->min && score <= rule->max
      && (!rule->whole || score == floor (score)))
    return TRUE;

  text = wm_kpi_format_number (score, 6);
  if (index == G_MAXSIZE)
    what = g_strdup_printf (_("The score %s"), text);
  else
    {
      g_autofree char *number = g_strdup_printf ("%" G_GSIZE_FORMAT, index + 1);

      /* TRANSLATORS: the first %s is the answer's position, the second its score */
      what = g_strdup_printf (_("Answer %s (%s)"), number, text);
    }

  /* TRANSLATORS: %s is "The score 11" or "Answer 3 (11)" */
  if (rule->min == -G_MAXDOUBLE)
    g_set_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                 _("%s is not a finite number."), what);
  else if (rule->whole)
    g_set_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                 _("%s is not a whole number from %.0f to %.0f."), what, rule->min, rule->max);
  else
    g_set_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                 _("%s is not a number from %.0f to %.0f."), what, rule->min, rule->max);
  return FALSE;
}

/* Public API */

gboolean
wm_kpi_accumulator_init (WmKpiAccumulator  *acc,
                         const char        *kind,
                         const char        *variant,
                         GError           **error)
{
  memset (acc, 0, sizeof *acc);

  return score_rule_for (kind, variant, &acc->rule, error);
}

gboolean
wm_kpi_accumulator_add (WmKpiAccumulator  *acc,
                        double             score,
                        GError           **error)
{
  double delta;

  if (!check_score (&acc->rule, score, acc->n, error))
    return FALSE;

  acc->n++;
  switch (acc->rule.method)
    {
    case SCORE_NPS:
      acc->promoters += score >= 9.0;
      acc->detractors += score <= 6.0;
      break;
    case SCORE_PROPORTION:
      acc->good += score >= acc->rule.good_min && score <= acc->rule.good_max;
      break;
    case SCORE_MEAN:
    default:
      /* Welford's update keeps the variance exact over millions of answers. */
      acc->sum += score;
      delta = score - acc->mean;
      acc->mean += delta / (double) acc->n;
      acc->m2 += delta * (score - acc->mean);
      break;
    }

  return TRUE;
}

gboolean
wm_kpi_accumulator_finish (WmKpiAccumulator  *acc,
                           WmKpiResult       *result,
                           GError           **error)
{
  double n = (double) acc->n;

  if (acc->n == 0)
    {
      g_set_error_literal (error, WM_KPI_ERROR, WM_KPI_ERROR_NO_DATA,
                           _("There are no answers to compute the KPI from."));
      return FALSE;
    }

  switch (acc->rule.method)
    {
    case SCORE_NPS:
      {
        double p_plus = (double) acc->promoters / n;
        double p_minus = (double) acc->detractors / n;
        double variance = p_plus + p_minus - (p_plus - p_minus) * (p_plus - p_minus);

        result->value = (p_plus - p_minus) * 100.0;
        result->margin = 1.96 * sqrt (MAX (variance, 0.0) / n) * 100.0;
      }
      break;
    case SCORE_PROPORTION:
      {
        double p = (double) acc->good / n;

        result->value = p * 100.0;
        result->margin = 1.96 * sqrt (p * (1.0 - p) / n) * 100.0;
      }
      break;
    case SCORE_MEAN:
    default:
      result->value = acc->sum / n;
      result->margin = acc->n > 1 ? 1.96 * sqrt (acc->m2 / (n - 1.0)) / sqrt (n) : NAN;
      break;
    }
  result->n = (gint64) acc->n;

  if (!isfinite (result->value))
    {
      g_set_error_literal (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                           _("The answers add up to a value too large to represent."));
      return FALSE;
    }

  return TRUE;
}

gboolean
wm_kpi_compute (const char    *kind,
                const char    *variant,
                const double  *scores,
                gsize          n_scores,
                WmKpiResult   *result,
                GError       **error)
{
  WmKpiAccumulator acc;
  WmKpiResult computed;

  g_return_val_if_fail (scores != NULL || n_scores == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!wm_kpi_accumulator_init (&acc, kind, variant, error))
    return FALSE;
  for (gsize i = 0; i < n_scores; i++)
    {
      if (!wm_kpi_accumulator_add (&acc, scores[i], error))
        return FALSE;
    }
  if (!wm_kpi_accumulator_finish (&acc, &computed, error))
    return FALSE;

  *result = computed;
  return TRUE;
}

gboolean
wm_kpi_check_score (const char  *kind,
                    const char  *variant,
                    double       score,
                    GError     **error)
{
  ScoreRule rule;

  return score_rule_for (kind, variant, &rule, error)
         && check_score (&rule, score, G_MAXSIZE, error);
}

gboolean
wm_kpi_compute_for_record (WmRecord      *kpi,
                           const double  *scores,
                           gsize          n_scores,
                           WmKpiResult   *result,
                           GError       **error)
{
  g_return_val_if_fail (WM_IS_RECORD (kpi), FALSE);

  return wm_kpi_compute (wm_record_get_string (kpi, WM_KPI_KIND),
                         wm_record_get_string (kpi, WM_KPI_VARIANT),
                         scores, n_scores, result, error);
}

gboolean
wm_kpi_compute_responses (WmRecord            *kpi,
                          const WmKpiResponse *responses,
                          gsize                n_responses,
                          gint64               from,
                          gint64               to,
                          WmKpiResult         *result,
                          GError             **error)
{
  g_autoptr(GArray) scores = g_array_sized_new (FALSE, FALSE, sizeof (double), n_responses);

  g_return_val_if_fail (responses != NULL || n_responses == 0, FALSE);

  for (gsize i = 0; i < n_responses; i++)
    {
      if (responses[i].time >= from && responses[i].time <= to)
        g_array_append_val (scores, responses[i].score);
    }

  return wm_kpi_compute_for_record (kpi, (const double *) scores->data, scores->len,
                                    result, error);
}

gboolean
wm_kpi_retention (double        customers_at_start,
                  double        customers_at_end,
                  double        new_customers,
                  WmKpiResult  *result,
                  GError      **error)
{
  g_return_val_if_fail (result != NULL, FALSE);

  if (!isfinite (customers_at_start) || !isfinite (customers_at_end)
      || !isfinite (new_customers) || customers_at_start <= 0.0
      || customers_at_end < 0.0 || new_customers < 0.0 || new_customers > customers_at_end)
    {
      g_set_error_literal (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                           _("Retention needs more than zero customers at the start, and no "
                             "more new customers than customers at the end."));
      return FALSE;
    }

  result->value = (customers_at_end - new_customers) / customers_at_start * 100.0;
  result->n = (gint64) customers_at_start;
  result->margin = NAN;

  return TRUE;
}

gboolean
wm_kpi_score_from_string (const char  *kind,
                          const char  *text,
                          double      *score,
                          GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  char *end = NULL;
  double value;

  g_return_val_if_fail (score != NULL, FALSE);

  if (g_strcmp0 (kind, "csat") == 0)
    {
      if (g_ascii_strcasecmp (stripped, "good") == 0)
        {
          *score = 5.0;
          return TRUE;
        }
      if (g_ascii_strcasecmp (stripped, "bad") == 0)
        {
          *score = 1.0;
          return TRUE;
        }
    }

  value = g_ascii_strtod (stripped, &end);
  if (*stripped == '\0' || end == NULL || *end != '\0' || !isfinite (value)
      || g_ascii_isalpha (stripped[0]) || g_ascii_strncasecmp (stripped, "0x", 2) == 0
      || g_ascii_strncasecmp (stripped, "-0x", 3) == 0 || g_ascii_strncasecmp (stripped, "+0x", 3) == 0)
    {
      g_set_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID,
                   _("“%s” is not a number."), stripped);
      return FALSE;
    }

  *score = value;
  return TRUE;
}

WmKpiStatus
wm_kpi_status_compute (double   value,
                       gboolean has_target,
                       double   target,
                       gboolean has_warning,
                       double   warning,
                       gboolean lower_is_better)
{
  if (!isfinite (value) || !has_target || !isfinite (target))
    return WM_KPI_STATUS_UNKNOWN;

  /* Compare as "higher is better" by flipping signs. */
  if (lower_is_better)
    {
      value = -value;
      target = -target;
      warning = -warning;
    }

  if (value >= target)
    return WM_KPI_STATUS_ON_TARGET;
  if (has_warning && isfinite (warning) && value >= warning)
    return WM_KPI_STATUS_WARNING;

  return WM_KPI_STATUS_OFF_TARGET;
}

char *
wm_kpi_format_number (double value,
                      int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  char *text, *dot;

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "NaN" : (value > 0 ? "inf" : "-inf"));

  decimals = CLAMP (decimals, 0, 12);
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  text = g_strdup (buffer);

  dot = strchr (text, '.');
  if (dot != NULL)
    {
      char *last = text + strlen (text) - 1;

      while (last > dot && *last == '0')
        *last-- = '\0';
      if (last == dot)
        *last = '\0';
    }

  /* Rounding a small negative value gives "-0": that is zero. */
  if (g_str_equal (text, "-0"))
    {
      g_free (text);
      text = g_strdup ("0");
    }

  return text;
}

char *
wm_kpi_format_margin (WmRecord *kpi,
                      double    margin)
{
  const char *unit;
  g_autofree char *number = NULL;

  g_return_val_if_fail (WM_IS_RECORD (kpi), NULL);

  if (!isfinite (margin))
    return NULL;

  unit = wm_record_get_string (kpi, WM_KPI_UNIT);
  /* Shown beside the value, so written the same way: the locale's decimal
   * separator (“± 7,1” in German), one decimal. */
  number = g_strdup_printf ("%.1f", round (margin * 10.0) / 10.0);

  return g_strdup_printf ("± %s%s%s", number, *unit ? " " : "", unit);
}

WmKpiStatus
wm_kpi_status_for_value (WmRecord *kpi,
                         double    value)
{
  gboolean has_target, has_warning;

  g_return_val_if_fail (WM_IS_RECORD (kpi), WM_KPI_STATUS_UNKNOWN);
  g_return_val_if_fail (wm_record_get_entity (kpi) == WM_ENTITY_KPI, WM_KPI_STATUS_UNKNOWN);

  has_target = wm_record_is_set (kpi, WM_KPI_TARGET);
  has_warning = wm_record_is_set (kpi, WM_KPI_WARNING);

  return wm_kpi_status_compute (value,
                                has_target,
                                has_target ? wm_record_get_double (kpi, WM_KPI_TARGET) : NAN,
                                has_warning,
                                has_warning ? wm_record_get_double (kpi, WM_KPI_WARNING) : NAN,
                                g_strcmp0 (wm_record_get_string (kpi, WM_KPI_DIRECTION),
                                           "lower") == 0);
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
  if (rounded == 0.0)
    rounded = 0.0;  /* -0.0 → 0.0: never show "-0" */

  /* Whole numbers without a decimal; one decimal otherwise. */
  if (rounded == floor (rounded))
    return g_strdup_printf ("%.0f%s%s", rounded, *unit ? " " : "", unit);

  return g_strdup_printf ("%.1f%s%s", rounded, *unit ? " " : "", unit);
}
