/* test-kpi.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <locale.h>

#include <math.h>
#include <string.h>

#include "wm-kpi.h"
#include "wm-test-util.h"

/* KPI maths against cases computed by hand, statuses in both directions,
 * formatting, and the CSV import that imports all or nothing. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "kpi.waymark", &fixture->path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static WmRecord *
insert_kpi (WmStore    *store,
            const char *kind,
            const char *variant)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_KPI);
  g_autoptr(GError) error = NULL;
  WmRecord *kpi;
  gint64 id;

  wm_record_set_string (draft, WM_KPI_NAME, kind);
  wm_record_set_string (draft, WM_KPI_KIND, kind);
  wm_record_set_string (draft, WM_KPI_VARIANT, variant);
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);
  kpi = wm_store_get (store, WM_ENTITY_KPI, id, &error);
  g_assert_no_error (error);

  return kpi;
}

static gint64
count_samples (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = wm_store_count_samples (store, &error);

  g_assert_no_error (error);
  return n;
}

/* NPS: 4 promoters (10, 9, 9, 10), 2 passives (8, 7), 4 detractors
 * (6, 5, 0, 3) of 10 → 40 % − 40 % = 0; var = 0.4 + 0.4 − 0² = 0.8,
 * MoE = 1.96 · √(0.8 / 10) · 100 = 55.437. */
static void
test_nps_balanced (void)
{
  const double scores[] = { 10, 9, 9, 8, 7, 6, 5, 0, 10, 3 };
  g_autoptr(GError) error = NULL;
  WmKpiResult result;

  g_assert_true (wm_kpi_compute ("nps", "", scores, G_N_ELEMENTS (scores), &result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result.value, 0.0, 1e-9);
  g_assert_cmpint (result.n, ==, 10);
  g_assert_cmpfloat_with_epsilon (result.margin, 55.4372, 1e-3);
}

/* 12 promoters, 5 passives, 3 detractors of 20 → 60 − 15 = 45;
 * var = 0.75 − 0.45² = 0.5475, MoE = 1.96 · √(0.5475 / 20) · 100 = 32.429. */
static void
test_nps_positive (void)
{
  g_autoptr(GArray) scores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  WmKpiResult result;

  for (guint i = 0; i < 12; i++)
    g_array_append_val (scores, ((double[]) { 9.0 + i % 2 })[0]);
  for (guint i = 0; i < 5; i++)
    g_array_append_val (scores, ((double[]) { 7.0 + i % 2 })[0]);
  for (guint i = 0; i < 3; i++)
    g_array_append_val (scores, ((double[]) { (double) i * 3 })[0]);

  g_assert_true (wm_kpi_compute ("nps", NULL, (double *) scores->data, scores->len, &result,
                                 &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result.value, 45.0, 1e-9);
  g_assert_cmpint (result.n, ==, 20);
  g_assert_cmpfloat_with_epsilon (result.margin, 32.4290, 1e-3);

  /* All promoters: +100 and no spread at all. */
  {
    const double all[] = { 9, 10, 10 };

    g_assert_true (wm_kpi_compute ("nps", NULL, all, 3, &result, &error));
    g_assert_cmpfloat (result.value, ==, 100.0);
    g_assert_cmpfloat (result.margin, ==, 0.0);
  }
  /* All detractors: −100. */
  {
    const double all[] = { 0, 6, 3, 1 };

    g_assert_true (wm_kpi_compute ("nps", NULL, all, 4, &result, &error));
    g_assert_cmpfloat (result.value, ==, -100.0);
  }
}

static void
test_nps_invalid (void)
{
  const double out_of_range[] = { 9, 11 };
  const double fraction[] = { 8.5 };
  const double negative[] = { -1 };
  const double not_a_number[] = { 9, NAN };
  const double infinite[] = { INFINITY };
  WmKpiResult result = { 42.0, 7, 1.0 };
  GError *error = NULL;

  g_assert_false (wm_kpi_compute ("nps", NULL, out_of_range, 2, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Answer 2 (11)"));
  g_clear_error (&error);

  g_assert_false (wm_kpi_compute ("nps", NULL, fraction, 1, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_kpi_compute ("nps", NULL, negative, 1, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_kpi_compute ("nps", NULL, not_a_number, 2, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "NaN"));
  g_clear_error (&error);
  g_assert_false (wm_kpi_compute ("custom", NULL, infinite, 1, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_kpi_compute ("nps", NULL, NULL, 0, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_NO_DATA);
  g_clear_error (&error);

  /* A failure leaves the result alone. */
  g_assert_cmpfloat (result.value, ==, 42.0);
  g_assert_cmpint (result.n, ==, 7);
}

/* CSAT 5, 4, 3, 2, 1, 5, 4, 4: top-two box 5 of 8 = 62.5 %; mean 28 / 8 = 3.5.
 * Top-two margin: 1.96 · √(0.625 · 0.375 / 8) · 100 = 33.548. */
static void
test_csat (void)
{
  const double scores[] = { 5, 4, 3, 2, 1, 5, 4, 4 };
  const double bad[] = { 0 };
  g_autoptr(GError) error = NULL;
  WmKpiResult result;

  g_assert_true (wm_kpi_compute ("csat", "top2box", scores, 8, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 62.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (result.margin, 33.5480, 1e-3);
  g_assert_true (wm_kpi_compute ("csat", "", scores, 8, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 62.5, 1e-9);

  /* Mean 3.5, sample standard deviation √(14 / 7) = √2;
   * margin 1.96 · √2 / √8 = 0.98. */
  g_assert_true (wm_kpi_compute ("csat", "mean", scores, 8, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (result.margin, 0.98, 1e-3);

  g_assert_false (wm_kpi_compute ("csat", "mean", bad, 1, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_kpi_compute ("csat", "median", scores, 8, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
}

/* CES 1 … 7: mean 4; share of 5–7: 3 of 7 = 42.857 %. */
static void
test_ces_fcr_retention (void)
{
  const double ces[] = { 1, 2, 3, 4, 5, 6, 7 };
  const double fcr[] = { 1, 1, 0, 1 };
  const double not_binary[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  WmKpiResult result;

  g_assert_true (wm_kpi_compute ("ces", "mean", ces, 7, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 4.0, 1e-9);
  g_assert_true (wm_kpi_compute ("ces", "", ces, 7, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 4.0, 1e-9);
  g_assert_true (wm_kpi_compute ("ces", "top3box", ces, 7, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 300.0 / 7.0, 1e-9);

  /* FCR: 3 of 4 contacts resolved first time = 75 %. */
  g_assert_true (wm_kpi_compute ("fcr", NULL, fcr, 4, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 75.0, 1e-9);
  g_assert_cmpint (result.n, ==, 4);
  g_assert_false (wm_kpi_compute ("fcr", NULL, not_binary, 2, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);

  /* Retention: (210 at end − 30 new) ÷ 200 at start = 90 %. */
  g_assert_true (wm_kpi_retention (200, 210, 30, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result.value, 90.0, 1e-9);
  g_assert_true (isnan (result.margin));
  g_assert_false (wm_kpi_retention (0, 10, 0, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_kpi_retention (100, 10, 20, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wm_kpi_retention (NAN, 10, 0, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
}

static void
test_responses_window (void)
{
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
  const WmKpiResponse responses[] = {
    { 100, 10 }, { 200, 0 }, { 300, 9 }, { 400, 2 },
  };
  g_autoptr(GError) error = NULL;
  WmKpiResult result;

  wm_record_set_string (kpi, WM_KPI_KIND, "nps");
  /* 200–300: one detractor, one promoter → 0. */
  g_assert_true (wm_kpi_compute_responses (kpi, responses, 4, 200, 300, &result, &error));
  g_assert_cmpfloat (result.value, ==, 0.0);
  g_assert_cmpint (result.n, ==, 2);
  /* 100–300: two promoters, one detractor → 33.3. */
  g_assert_true (wm_kpi_compute_responses (kpi, responses, 4, 0, 300, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.value, 100.0 / 3.0, 1e-9);
  g_assert_false (wm_kpi_compute_responses (kpi, responses, 4, 500, 600, &result, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_NO_DATA);
}

static void
test_score_from_string (void)
{
  const char *const bad[] = { "", " ", "inf", "-Infinity", "NaN", "nan", "12abc", "0x10",
                              "1e999", "good", NULL };
  double score;

  g_assert_true (wm_kpi_score_from_string ("nps", " 9 ", &score, NULL));
  g_assert_cmpfloat (score, ==, 9.0);
  g_assert_true (wm_kpi_score_from_string ("custom", "-3.25", &score, NULL));
  g_assert_cmpfloat (score, ==, -3.25);
  g_assert_true (wm_kpi_score_from_string ("csat", "Good", &score, NULL));
  g_assert_cmpfloat (score, ==, 5.0);
  g_assert_true (wm_kpi_score_from_string ("csat", "bad", &score, NULL));
  g_assert_cmpfloat (score, ==, 1.0);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (wm_kpi_score_from_string ("nps", bad[i], &score, &error));
      g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
    }
}

static void
test_status (void)
{
  /* Higher is better: target 50, warning 30. */
  g_assert_cmpint (wm_kpi_status_compute (55, TRUE, 50, TRUE, 30, FALSE), ==,
                   WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_compute (50, TRUE, 50, TRUE, 30, FALSE), ==,
                   WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_compute (40, TRUE, 50, TRUE, 30, FALSE), ==,
                   WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_compute (30, TRUE, 50, TRUE, 30, FALSE), ==,
                   WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_compute (29.9, TRUE, 50, TRUE, 30, FALSE), ==,
                   WM_KPI_STATUS_OFF_TARGET);
  g_assert_cmpint (wm_kpi_status_compute (40, TRUE, 50, FALSE, NAN, FALSE), ==,
                   WM_KPI_STATUS_OFF_TARGET);

  /* Lower is better (effort, handling time): target 2, warning 3. */
  g_assert_cmpint (wm_kpi_status_compute (1.5, TRUE, 2, TRUE, 3, TRUE), ==,
                   WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_compute (2, TRUE, 2, TRUE, 3, TRUE), ==,
                   WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_compute (2.5, TRUE, 2, TRUE, 3, TRUE), ==,
                   WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_compute (3.5, TRUE, 2, TRUE, 3, TRUE), ==,
                   WM_KPI_STATUS_OFF_TARGET);

  /* No target, or no value: no status. */
  g_assert_cmpint (wm_kpi_status_compute (10, FALSE, 0, TRUE, 3, FALSE), ==,
                   WM_KPI_STATUS_UNKNOWN);
  g_assert_cmpint (wm_kpi_status_compute (NAN, TRUE, 2, TRUE, 3, FALSE), ==,
                   WM_KPI_STATUS_UNKNOWN);
  g_assert_cmpint (wm_kpi_status_compute (INFINITY, TRUE, 2, TRUE, 3, FALSE), ==,
                   WM_KPI_STATUS_UNKNOWN);
}

static void
test_status_record (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WmRecord) kpi = insert_kpi (fixture->store, "ces", "mean");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (wm_kpi_status_for_value (kpi, 2.0), ==, WM_KPI_STATUS_UNKNOWN);
  g_assert_true (wm_store_set_double (fixture->store, wm_record_get_id (kpi), WM_KPI_TARGET, 2.0, &error));
  g_assert_true (wm_store_set_double (fixture->store, wm_record_get_id (kpi), WM_KPI_WARNING, 3.0, &error));
  g_assert_true (wm_store_set_string (fixture->store, wm_record_get_id (kpi), WM_KPI_DIRECTION, "lower", &error));
  g_clear_object (&kpi);
  kpi = wm_store_get (fixture->store, WM_ENTITY_KPI, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 1.8), ==, WM_KPI_STATUS_ON_TARGET);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 2.9), ==, WM_KPI_STATUS_WARNING);
  g_assert_cmpint (wm_kpi_status_for_value (kpi, 3.1), ==, WM_KPI_STATUS_OFF_TARGET);
}

static void
test_format (void)
{
  g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
  struct {
    double value;
    int decimals;
    const char *text;
  } cases[] = {
    { 51, 1, "51" }, { 87.5, 1, "87.5" }, { 87.50, 2, "87.5" }, { -3.2, 1, "-3.2" },
    { -0.04, 1, "0" }, { -0.0, 0, "0" }, { -0.4, 0, "0" }, { 0.05, 1, "0.1" },
    { 1234567.891, 2, "1234567.89" }, { 100, 0, "100" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = wm_kpi_format_number (cases[i].value, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  wm_record_set_string (kpi, WM_KPI_UNIT, "%");
  {
    g_autofree char *a = wm_kpi_format_value (kpi, -0.04);
    g_autofree char *b = wm_kpi_format_value (kpi, 62.5);
    g_autofree char *c = wm_kpi_format_margin (kpi, 4.21);
    g_autofree char *d = wm_kpi_format_margin (kpi, NAN);

    g_assert_cmpstr (a, ==, "0 %");
    g_assert_cmpstr (b, ==, "62.5 %");
    g_assert_cmpstr (c, ==, "± 4.2 %");
    g_assert_null (d);
  }

  /* In German the value and its margin both read with a decimal comma. */
  {
    g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

    if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
      {
        g_autofree char *value = wm_kpi_format_value (kpi, 62.5);
        g_autofree char *margin = wm_kpi_format_margin (kpi, 4.21);

        setlocale (LC_NUMERIC, saved);
        g_assert_cmpstr (value, ==, "62,5 %");
        g_assert_cmpstr (margin, ==, "± 4,2 %");
      }
    else
      g_test_message ("no de_DE.UTF-8 locale here: the decimal comma is not checked");
  }
}

static void
test_csv_samples (void)
{
  const char *text =
    "\xEF\xBB\xBF" "time,value,n\r\n"
    "2026-01-01,42,100\r\n"
    "\"2026-02-01T12:00:00+01:00\",\"43.5\",\r\n"
    "\r\n"
    "1767225600,-1.5,7\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = wm_kpi_parse_samples_csv (text, -1, &error);
  const WmSample *s;

  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 3);
  s = (const WmSample *) samples->data;
  /* Sorted by time: 1767225600 is 2026-01-01T00:00:00Z itself. */
  g_assert_cmpint (s[0].time, ==, 1767225600);
  g_assert_cmpint (s[2].time, ==, 1769943600);  /* 2026-02-01T11:00:00Z */
  g_assert_cmpfloat (s[2].value, ==, 43.5);
  g_assert_cmpint (s[2].n, ==, 0);

  /* Semicolons (spreadsheets in German locales), a quoted field with a
   * doubled quote in the header, a date and time with a space. */
  {
    g_autoptr(GArray) more = wm_kpi_parse_samples_csv (
      "\"Zeit \"\"UTC\"\"\";Wert\n2026-03-01 08:30:00;7\n", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (more->len, ==, 1);
    g_assert_cmpint (g_array_index (more, WmSample, 0).time, ==, 1772353800);
  }

  /* As a spreadsheet in a German locale saves it: semicolons, and with them
   * decimal commas, thousands points, day.month.year dates; a percent sign
   * after a value. A decimal point stays one. */
  {
    g_autoptr(GArray) german = wm_kpi_parse_samples_csv (
      "Datum;Wert;Anzahl\n"
      "15.11.2026;74,1;1.320\n"
      "22.11.2026 08:30;75,3 %;298\n"
      "29.11.2026;-1,25;\n"
      "2026-12-06;1.5;2\n", -1, &error);
    const WmSample *g;

    g_assert_no_error (error);
    g_assert_cmpuint (german->len, ==, 4);
    g = (const WmSample *) german->data;
    g_assert_cmpint (g[0].time, ==, 1794700800);
    g_assert_cmpfloat (g[0].value, ==, 74.1);
    g_assert_cmpint (g[0].n, ==, 1320);
    g_assert_cmpint (g[1].time, ==, 1795336200);
    g_assert_cmpfloat (g[1].value, ==, 75.3);
    g_assert_cmpint (g[1].n, ==, 298);
    g_assert_cmpint (g[2].time, ==, 1795910400);
    g_assert_cmpfloat (g[2].value, ==, -1.25);
    g_assert_cmpfloat (g[3].value, ==, 1.5);
  }

  /* With commas between the columns, a percent sign still goes. */
  {
    g_autoptr(GArray) percent = wm_kpi_parse_samples_csv ("2026-01-01,84.6%\n", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (g_array_index (percent, WmSample, 0).value, ==, 84.6);
  }
}

static void
test_csv_errors (void)
{
  struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "time,value\n2026-01-01,1\n2026-01-02,inf\n", "Line 3: " },
    { "time,value\n2026-01-01,NaN\n", "Line 2: " },
    { "2026-01-01,1\n2026-01-02,12abc\n", "Line 2: " },
    { "time,value\n2026-01-01,1\nyesterday,2\n", "Line 3: " },
    { "time,value\n2026-01-01,1,2,3\n", "Line 2: Expected 2 or 3 columns, found 4." },
    { "time,value\n2026-01-01,\"1\n", "Line 2: A quoted value is never closed." },
    { "time,value\n2026-01-01,1\"2\n", "Line 2: A quote inside an unquoted value." },
    { "time,value\n2026-01-01,1,-5\n", "Line 2: " },
    { "time,value\n\n", "no values" },
    { "time,value\n2026-13-01,1\n", "Line 2: " },
    /* Not a number however the commas are read; no 31 February. */
    { "Datum;Wert\n15.11.2026;7,4,1\n", "Line 2: " },
    { "Datum;Wert\n15.11.2026;74,1%%\n", "Line 2: " },
    { "Datum;Wert\n31.02.2026;1\n", "Line 2: " },
    { "Datum;Wert\n15.11.26;1\n", "Line 2: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) samples = wm_kpi_parse_samples_csv (cases[i].text, -1, &error);

      g_assert_null (samples);
      g_assert_nonnull (error);
      g_assert_true (error->domain == WM_KPI_ERROR);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].message);
    }

  /* Not UTF-8. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) samples = wm_kpi_parse_samples_csv ("2026-01-01,\xff\n", -1, &error);

    g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_CSV);
  }
}

static void
test_import_aggregate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(WmRecord) kpi = insert_kpi (fixture->store, "nps", "");
  g_autoptr(GError) error = NULL;
  WmSample latest;
  guint n_rows = 0;

  g_assert_true (wm_kpi_import_csv (fixture->store, kpi,
                                    "time,value,n\n2026-01-01,40,10\n2026-02-01,51,20\n", -1,
                                    FALSE, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpint (count_samples (fixture->store), ==, 2);
  g_assert_true (wm_store_get_latest_sample (fixture->store, wm_record_get_id (kpi), &latest));
  g_assert_cmpfloat (latest.value, ==, 51);
  g_assert_cmpint (latest.n, ==, 20);

  /* One bad line at the end: nothing of the file is imported. */
  g_assert_false (wm_kpi_import_csv (fixture->store, kpi,
                                     "time,value\n2026-03-01,60\n2026-04-01,70\n2026-05-01,x\n",
                                     -1, FALSE, &n_rows, NULL, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_CSV);
  g_assert_nonnull (strstr (error->message, "Line 4"));
  g_assert_cmpint (count_samples (fixture->store), ==, 2);

  /* One undo takes the whole import back. */
  g_clear_error (&error);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_cmpint (count_samples (fixture->store), ==, 0);
}

static void
test_import_raw (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(WmRecord) nps = insert_kpi (fixture->store, "nps", "");
  g_autoptr(WmRecord) csat = insert_kpi (fixture->store, "csat", "top2box");
  g_autoptr(GError) error = NULL;
  WmKpiResult computed;
  WmSample latest;
  guint n_rows = 0;

  /* 2 promoters, 1 passive, 1 detractor of 4 → 25. */
  g_assert_true (wm_kpi_import_csv (fixture->store, nps,
                                    "time,score\n2026-01-01T10:00:00Z,10\n"
                                    "2026-01-01T11:00:00Z,9\n2026-01-02T09:00:00Z,7\n"
                                    "2026-01-01T12:00:00Z,3\n",
                                    -1, TRUE, &n_rows, &computed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 4);
  g_assert_cmpfloat_with_epsilon (computed.value, 25.0, 1e-9);
  g_assert_true (wm_store_get_latest_sample (fixture->store, wm_record_get_id (nps), &latest));
  g_assert_cmpfloat_with_epsilon (latest.value, 25.0, 1e-9);
  g_assert_cmpint (latest.n, ==, 4);
  g_assert_cmpint (latest.time, ==, 1767344400);  /* the newest answer */
  /* var = 0.5 + 0.25 − 0.25² = 0.6875; MoE = 1.96 · √(0.6875 / 4) · 100 = 81.26. */
  g_assert_cmpfloat_with_epsilon (latest.margin, 81.2573, 1e-3);
  g_assert_cmpint (wm_kpi_count_responses (fixture->store, wm_record_get_id (nps), NULL), ==, 4);

  /* More answers later: the KPI is computed over all stored answers,
   * 2 + 1 promoters, 1 detractor, 2 passives of 6 → 33.3. */
  g_assert_true (wm_kpi_import_csv (fixture->store, nps,
                                    "time,score\n2026-01-05,10\n2026-01-06,8\n",
                                    -1, TRUE, &n_rows, &computed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (computed.n, ==, 6);
  g_assert_cmpfloat_with_epsilon (computed.value, 100.0 / 3.0, 1e-9);
  g_assert_true (wm_kpi_compute_stored (fixture->store, nps, G_MININT64, 1767312000, &computed,
                                        &error));
  g_assert_cmpint (computed.n, ==, 3);  /* those of 1 January */

  /* A score outside 0–10 on line 3: nothing imported. */
  g_assert_false (wm_kpi_import_csv (fixture->store, nps,
                                     "time,score\n2026-02-01,10\n2026-02-02,11\n",
                                     -1, TRUE, &n_rows, &computed, &error));
  g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_CSV);
  g_assert_nonnull (strstr (error->message, "Line 3: The score 11"));
  g_assert_cmpint (count_samples (fixture->store), ==, 2);
  g_assert_cmpint (wm_kpi_count_responses (fixture->store, wm_record_get_id (nps), NULL), ==, 6);
  g_clear_error (&error);

  /* A stored answer that no longer fits after the KPI's kind changed. */
  {
    g_autoptr(WmRecord) ces = insert_kpi (fixture->store, "ces", "mean");
    g_autoptr(WmRecord) changed = NULL;
    const WmKpiResponse answers[] = { { 100, 7 }, { 200, 2 } };
    const WmKpiResponse out_of_scale[] = { { 300, 8 } };

    g_assert_true (wm_kpi_add_responses (fixture->store, wm_record_get_id (ces), answers, 2, "",
                                         &error));
    g_assert_false (wm_kpi_add_responses (fixture->store, wm_record_get_id (ces), out_of_scale,
                                          1, "", &error));
    g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (wm_kpi_compute_stored (fixture->store, ces, G_MININT64, G_MAXINT64,
                                          &computed, &error));
    g_assert_cmpfloat (computed.value, ==, 4.5);
    g_assert_true (wm_store_set_string (fixture->store, wm_record_get_id (ces), WM_KPI_KIND,
                                        "csat", &error));
    changed = wm_store_get (fixture->store, WM_ENTITY_KPI, wm_record_get_id (ces), &error);
    g_assert_false (wm_kpi_compute_stored (fixture->store, changed, G_MININT64, G_MAXINT64,
                                           &computed, &error));
    g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "(7)"));
    g_clear_error (&error);
  }

  /* One that falls below the new scale: 0 is no score on CES's 1–7. */
  {
    g_autoptr(WmRecord) low = insert_kpi (fixture->store, "nps", NULL);
    g_autoptr(WmRecord) changed = NULL;
    const WmKpiResponse answers[] = { { 100, 5 }, { 200, 0 }, { 300, 6 } };

    g_assert_true (wm_kpi_add_responses (fixture->store, wm_record_get_id (low), answers, 3, "",
                                         &error));
    g_assert_true (wm_kpi_compute_stored (fixture->store, low, G_MININT64, G_MAXINT64,
                                          &computed, &error));
    g_assert_cmpfloat (computed.value, ==, -100);
    g_assert_true (wm_store_set_string (fixture->store, wm_record_get_id (low), WM_KPI_KIND,
                                        "ces", &error));
    changed = wm_store_get (fixture->store, WM_ENTITY_KPI, wm_record_get_id (low), &error);
    g_assert_false (wm_kpi_compute_stored (fixture->store, changed, G_MININT64, G_MAXINT64,
                                           &computed, &error));
    g_assert_error (error, WM_KPI_ERROR, WM_KPI_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "(0)"));
    g_clear_error (&error);
    /* Only the answers of the time asked for count. */
    g_assert_true (wm_kpi_compute_stored (fixture->store, changed, 250, G_MAXINT64,
                                          &computed, &error));
    g_assert_cmpfloat (computed.value, ==, 6);
  }

  /* Zendesk-style good/bad ratings → CSAT top-two box: 3 of 4 good = 75 %. */
  g_assert_true (wm_kpi_import_csv (fixture->store, csat,
                                    "created_at,score\n2026-01-01,good\n2026-01-01,good\n"
                                    "2026-01-02,bad\n2026-01-03,Good\n",
                                    -1, TRUE, &n_rows, &computed, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (computed.value, 75.0, 1e-9);
}

static gint64
count_kpi_lanes (WmStore *store,
                 gint64   journey_id)
{
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  lanes = wm_store_list (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < lanes->len; i++)
    n += g_strcmp0 (wm_record_get_string (g_ptr_array_index (lanes, i), WM_LANE_KIND), "kpi") == 0;

  return n;
}

/* Showing a KPI on a map adds the KPI lane the map draws it in, both as
 * one undo step; showing it twice at one place keeps one link. */
static void
test_link (Fixture       *fixture,
           gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmRecord) kpi = insert_kpi (store, "nps", "");
  g_autoptr(WmRecord) link = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journey_name = NULL;
  g_autofree char *where = NULL;
  gint64 journey, stage, touchpoint, id, again, links_before, described_journey = 0;

  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Onboarding");
  stage = wm_test_insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey, "Sign up");
  g_assert_cmpint (count_kpi_lanes (store, journey), ==, 0);
  links_before = wm_test_count (store, WM_ENTITY_KPI_LINK);

  id = wm_kpi_link_add (store, wm_record_get_id (kpi), WM_KPI_LINK_STAGE_ID, stage, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_kpi_lanes (store, journey), ==, 1);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), ==, links_before + 1);

  link = wm_store_get (store, WM_ENTITY_KPI_LINK, id, &error);
  g_assert_no_error (error);
  where = wm_kpi_link_describe (store, link, &described_journey, &journey_name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (where, ==, "Stage “Sign up”");
  g_assert_cmpstr (journey_name, ==, "Onboarding");
  g_assert_cmpint (described_journey, ==, journey);

  /* The same place again: the same link, no new undo step, no second lane. */
  again = wm_kpi_link_add (store, wm_record_get_id (kpi), WM_KPI_LINK_STAGE_ID, stage, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), ==, links_before + 1);

  /* The whole journey now: the lane is there already. */
  id = wm_kpi_link_add (store, wm_record_get_id (kpi), WM_KPI_LINK_JOURNEY_ID, journey, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_kpi_lanes (store, journey), ==, 1);
  g_clear_object (&link);
  link = wm_store_get (store, WM_ENTITY_KPI_LINK, id, &error);
  g_clear_pointer (&where, g_free);
  where = wm_kpi_link_describe (store, link, NULL, NULL, &error);
  g_assert_cmpstr (where, ==, "The whole journey");

  /* Undo takes back the journey link, then the stage link with its lane. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), ==, links_before + 1);
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), ==, links_before);
  g_assert_cmpint (count_kpi_lanes (store, journey), ==, 0);

  /* A touchpoint resolves to its journey and is described with its stage. */
  touchpoint = wm_test_insert (store, WM_ENTITY_TOUCHPOINT);
  touchpoints = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0, &error);
  g_assert_no_error (error);
  id = wm_kpi_link_add (store, wm_record_get_id (kpi), WM_KPI_LINK_TOUCHPOINT_ID, touchpoint, &error);
  g_assert_no_error (error);
  g_clear_object (&link);
  link = wm_store_get (store, WM_ENTITY_KPI_LINK, id, &error);
  g_clear_pointer (&where, g_free);
  g_clear_pointer (&journey_name, g_free);
  where = wm_kpi_link_describe (store, link, &described_journey, &journey_name, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (where, "Touchpoint “"));
  g_assert_nonnull (strstr (where, "” in stage “"));
  {
    g_autoptr(WmRecord) tp = wm_store_get (store, WM_ENTITY_TOUCHPOINT, touchpoint, &error);

    g_assert_cmpint (count_kpi_lanes (store, wm_record_get_ref (tp, WM_TOUCHPOINT_JOURNEY_ID)), ==, 1);
  }

  /* A place that is not there is an error and writes nothing. */
  links_before = wm_test_count (store, WM_ENTITY_KPI_LINK);
  id = wm_kpi_link_add (store, wm_record_get_id (kpi), WM_KPI_LINK_STAGE_ID, 999999, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), ==, links_before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/kpi/nps-balanced", test_nps_balanced);
  g_test_add_func ("/waymark/kpi/nps-positive", test_nps_positive);
  g_test_add_func ("/waymark/kpi/nps-invalid", test_nps_invalid);
  g_test_add_func ("/waymark/kpi/csat", test_csat);
  g_test_add_func ("/waymark/kpi/ces-fcr-retention", test_ces_fcr_retention);
  g_test_add_func ("/waymark/kpi/responses-window", test_responses_window);
  g_test_add_func ("/waymark/kpi/score-from-string", test_score_from_string);
  g_test_add_func ("/waymark/kpi/status", test_status);
  g_test_add ("/waymark/kpi/status-record", Fixture, NULL,
              fixture_setup, test_status_record, fixture_teardown);
  g_test_add_func ("/waymark/kpi/format", test_format);
  g_test_add ("/waymark/kpi/link", Fixture, NULL,
              fixture_setup, test_link, fixture_teardown);
  g_test_add_func ("/waymark/kpi/csv-samples", test_csv_samples);
  g_test_add_func ("/waymark/kpi/csv-errors", test_csv_errors);
  g_test_add ("/waymark/kpi/import-aggregate", Fixture, NULL,
              fixture_setup, test_import_aggregate, fixture_teardown);
  g_test_add ("/waymark/kpi/import-raw", Fixture, NULL,
              fixture_setup, test_import_raw, fixture_teardown);

  return g_test_run ();
}
