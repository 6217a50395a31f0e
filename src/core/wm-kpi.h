/* wm-kpi.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_KPI_ERROR (wm_kpi_error_quark ())

typedef enum
{
  WM_KPI_ERROR_INVALID,  /* a score or value that is not a finite number in range */
  WM_KPI_ERROR_NO_DATA,  /* nothing to compute from */
  WM_KPI_ERROR_CSV,      /* a CSV file that cannot be imported (message names the line) */
} WmKpiError;

/* A figure with what stands behind it. */
typedef struct
{
  double value;
  gint64 n;       /* answers behind the value, 0 when unknown */
  double margin;  /* 95 % margin of error in the value's unit, NAN when not defined */
} WmKpiResult;

/* One raw survey answer (the v2 table kpi_response). */
typedef struct
{
  gint64 time;    /* seconds since the epoch, UTC */
  double score;
} WmKpiResponse;

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

GQuark       wm_kpi_error_quark        (void);

/* Computation from raw answers, per DESIGN.md ("KPIs"):
 * - "nps": 0–10 integer answers; % promoters (9–10) − % detractors (0–6), with
 *   the 95 % margin of error 1.96·√(var/n)·100, var = p⁺ + p⁻ − (p⁺ − p⁻)²;
 * - "csat": 1–5 answers; variant "" or "top2box": % of 4–5, "mean": the mean;
 * - "ces": 1–7 answers; variant "" or "mean": the mean, "top3box": % of 5–7;
 * - "fcr": 0/1 answers (1 = resolved on first contact); % of 1;
 * - "retention": 0/1 answers (1 = customer kept); % of 1;
 * - "custom": the mean of any finite numbers.
 * Good/bad ratings (Zendesk style) map to 5/1 for CSAT (see wm_kpi_score_from_string()).
 * A score out of range, not whole where it must be, infinite or NaN is an error
 * (WM_KPI_ERROR_INVALID naming the answer); no answers is WM_KPI_ERROR_NO_DATA.
 * margin is set for every kind that is a proportion (binomial 95 %) or a mean (1.96·s/√n). */
gboolean     wm_kpi_compute            (const char    *kind,
                                        const char    *variant,
                                        const double  *scores,
                                        gsize          n_scores,
                                        WmKpiResult   *result,
                                        GError       **error);
/* Whether one answer fits the scale of @kind and @variant. */
gboolean     wm_kpi_check_score        (const char    *kind,
                                        const char    *variant,
                                        double         score,
                                        GError       **error);
/* Same with the kind and variant of a KPI record. */
gboolean     wm_kpi_compute_for_record (WmRecord      *kpi,
                                        const double  *scores,
                                        gsize          n_scores,
                                        WmKpiResult   *result,
                                        GError       **error);
/* Same over raw answers; only those with @from <= time <= @to count. */
gboolean     wm_kpi_compute_responses  (WmRecord            *kpi,
                                        const WmKpiResponse *responses,
                                        gsize                n_responses,
                                        gint64               from,
                                        gint64               to,
                                        WmKpiResult         *result,
                                        GError             **error);
/* (customers at end − new customers) ÷ customers at start × 100. */
gboolean     wm_kpi_retention          (double         customers_at_start,
                                        double         customers_at_end,
                                        double         new_customers,
                                        WmKpiResult   *result,
                                        GError       **error);
/* Parses one score as text: a number ("9", " 4.0 ", "1e1"), or for a CSAT KPI
 * "good"/"bad" (Zendesk ratings, case-insensitive: 5 and 1). "inf", "nan",
 * "", "12abc" are errors. */
gboolean     wm_kpi_score_from_string  (const char    *kind,
                                        const char    *text,
                                        double        *score,
                                        GError       **error);

/* Status with explicit thresholds, for either direction: with
 * @lower_is_better a value at or below the target is on target. */
WmKpiStatus  wm_kpi_status_compute     (double         value,
                                        gboolean       has_target,
                                        double         target,
                                        gboolean       has_warning,
                                        double         warning,
                                        gboolean       lower_is_better);
/* "51", "87.5", "-3.2": at most @decimals decimals, trailing zeros dropped,
 * never "-0". Not localised (CLI, JSON); UI goes through wm_kpi_format_value(). */
char        *wm_kpi_format_number      (double         value,
                                        int            decimals);
/* "± 4.2" in the KPI's unit; NULL when @margin is NAN. */
char        *wm_kpi_format_margin      (WmRecord      *kpi,
                                        double         margin);

/* Raw answers stored in the project (the kpi_response table). Adding is
 * one edit (or part of the caller's); an answer outside the KPI's scale
 * (wm_kpi_check_score()) adds nothing. */
gboolean     wm_kpi_add_responses      (WmStore             *store,
                                        gint64               kpi_id,
                                        const WmKpiResponse *responses,
                                        gsize                n_responses,
                                        const char          *source,
                                        GError             **error);
gint64       wm_kpi_count_responses    (WmStore             *store,
                                        gint64               kpi_id,
                                        GError             **error);
/* The KPI computed from its stored answers with @from <= time <= @to,
 * counted by SQLite (a million answers need no memory). A stored answer
 * outside the KPI's range is an error naming it. */
gboolean     wm_kpi_compute_stored     (WmStore             *store,
                                        WmRecord            *kpi,
                                        gint64               from,
                                        gint64               to,
                                        WmKpiResult         *result,
                                        GError             **error);

/* CSV import. Aggregate values: rows "time,value[,n]"; raw answers: rows
 * "time,score". Times are ISO 8601 (with a zone, or UTC when none; a bare
 * date is midnight UTC) or seconds since the epoch. RFC 4180 quoting; an
 * optional header row (first cell not a time); comma or semicolon separated.
 * Any bad row fails the whole file with WM_KPI_ERROR_CSV "Line N: …". */
GArray      *wm_kpi_parse_samples_csv  (const char    *text,
                                        gssize         length,
                                        GError       **error);  /* of WmSample */
GArray      *wm_kpi_parse_responses_csv (WmRecord     *kpi,
                                        const char    *text,
                                        gssize         length,
                                        GError       **error);  /* of WmKpiResponse */
/* Imports a CSV file into @kpi as one edit: aggregate values become samples;
 * raw answers (@raw) are checked against the KPI's scale and stored, and the
 * KPI computed from all its stored answers is stored as one sample at the
 * newest answer's time, with n and margin (@computed). Nothing is imported
 * on any error. @n_rows receives the rows read. */
gboolean     wm_kpi_import_csv         (WmStore       *store,
                                        WmRecord      *kpi,
                                        const char    *text,
                                        gssize         length,
                                        gboolean       raw,
                                        guint         *n_rows,
                                        WmKpiResult   *computed,
                                        GError       **error);

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

/* Where a KPI shows on the maps (wm-kpi-link.c). @place is
 * WM_KPI_LINK_JOURNEY_ID, _STAGE_ID or _TOUCHPOINT_ID: one undo step,
 * which gives the journey a KPI lane when it has none; a KPI already shown
 * at @place_id keeps its link. Returns the link's id, 0 on error. */
gint64       wm_kpi_link_add           (WmStore    *store,
                                        gint64      kpi_id,
                                        WmColumnId  place,
                                        gint64      place_id,
                                        GError    **error);
/* The journey's KPI lane, where its and its stages' KPIs show: its id, 0
 * when the journey has none, -1 on error. */
gint64       wm_kpi_link_find_lane     (WmStore    *store,
                                        gint64      journey_id,
                                        GError    **error);
/* "The whole journey", "Stage “Buy”", "Touchpoint “Checkout” in stage “Buy”". */
char        *wm_kpi_link_describe      (WmStore    *store,
                                        WmRecord   *link,
                                        gint64     *journey_id,
                                        char      **journey_name,
                                        GError    **error);

G_END_DECLS
