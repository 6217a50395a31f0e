/* wm-crash-writer.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "wm-store.h"

/* Edits a project until it is killed, telling on stdout what it did:
 *
 *   J <uuid> <name> <n-stages>    a journey and its stages were committed
 *   S <time> <value>              a sample of the first KPI was committed
 *   P A <name> <n-stages>         about to add a journey with its stages (then J, C)
 *   P D <uuid> <description>      about to change a journey's description
 *   P X <uuid>                    about to delete a journey
 *   C                             the edit announced by the last P was committed
 *
 * Each line is written and flushed in one piece, so a reader never sees
 * half of one. test-store-crash kills it at random and checks that every
 * committed edit survived. */

static void
report (const char *format,
        ...) G_GNUC_PRINTF (1, 2);

static void
report (const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fflush (stdout);
}

static void
check (gboolean    ok,
       GError     *error,
       const char *what)
{
  if (!ok)
    {
      fprintf (stderr, "wm-crash-writer: %s: %s\n", what, error ? error->message : "failed");
      exit (4);
    }
}

static WmRecord *
pick_journey (WmStore *store,
              GRand   *rand)
{
  g_autoptr(GPtrArray) journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, NULL);

  if (journeys == NULL || journeys->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (journeys, g_rand_int_range (rand, 0, (int) journeys->len)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  gint64 kpi;

  if (argc != 3)
    {
      fprintf (stderr, "usage: wm-crash-writer PROJECT SEED\n");
      return 2;
    }

  rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[2], NULL, 10));
  store = wm_store_open (argv[1], WM_STORE_OPEN_DEFAULT, &error);
  check (store != NULL, error, "open");
  kpis = wm_store_list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0, &error);
  check (kpis != NULL && kpis->len > 0, error, "find the KPI");
  kpi = wm_record_get_id (g_ptr_array_index (kpis, 0));

  for (guint64 i = 0;; i++)
    {
      int op = g_rand_int_range (rand, 0, 10);
      g_autoptr(WmRecord) journey = op >= 4 && op <= 6 ? pick_journey (store, rand) : NULL;

      if (op <= 3 || ((op == 4 || op == 5 || op == 6) && journey == NULL))
        {
          g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);
          g_autofree char *name = g_strdup_printf ("J%s-%" G_GUINT64_FORMAT, argv[2], i);
          int n_stages = g_rand_int_range (rand, 1, 5);
          gint64 id;

          report ("P A %s %d\n", name, n_stages);
          check (wm_store_begin_edit (store, "Add a journey", &error), error, "begin");
          wm_record_set_string (draft, WM_JOURNEY_NAME, name);
          id = wm_store_insert (store, draft, &error);
          check (id > 0, error, "insert a journey");
          for (int s = 0; s < n_stages; s++)
            {
              g_autoptr(WmRecord) stage = wm_record_new (WM_ENTITY_STAGE);

              wm_record_set_ref (stage, WM_STAGE_JOURNEY_ID, id);
              wm_record_set_string (stage, WM_STAGE_NAME, "Stage");
              check (wm_store_insert (store, stage, &error) > 0, error, "insert a stage");
            }
          check (wm_store_commit_edit (store, &error), error, "commit");
          report ("J %s %s %d\n", wm_record_get_uuid (draft), name, n_stages);
          report ("C\n");
        }
      else if (op == 4 || op == 5)
        {
          g_autofree char *description = g_strdup_printf ("D%s-%" G_GUINT64_FORMAT, argv[2], i);

          report ("P D %s %s\n", wm_record_get_uuid (journey), description);
          check (wm_store_set_string (store, wm_record_get_id (journey), WM_JOURNEY_DESCRIPTION, description, &error),
                 error, "change a journey");
          report ("C\n");
        }
      else if (op == 6)
        {
          report ("P X %s\n", wm_record_get_uuid (journey));
          check (wm_store_delete (store, WM_ENTITY_JOURNEY, wm_record_get_id (journey), &error),
                 error, "delete a journey");
          report ("C\n");
        }
      else
        {
          WmSample sample = { g_get_real_time (), g_rand_double_range (rand, -100, 100), 1 };

          check (wm_store_add_samples (store, kpi, &sample, 1, "crash", &error), error,
                 "add a sample");
          report ("S %" G_GINT64_FORMAT " %.17g\n", sample.time, sample.value);
        }

      /* The history is of no use here and would only grow. */
      if (i % 64 == 63)
        wm_store_clear_history (store);
    }

  return 0;
}
