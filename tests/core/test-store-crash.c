/* test-store-crash.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include "wm-test-util.h"

/* Every edit is committed at once: killing Waymark at any moment loses
 * nothing it reported as done, and leaves a project that opens and is
 * healthy. wm-crash-writer edits one project file and is killed with
 * SIGKILL, 20 times over. */

#define N_ROUNDS 20

typedef struct
{
  char     *name;         /* NULL when unknown */
  char     *description;  /* NULL when unknown */
  int       n_stages;     /* -1 when unknown */
  gboolean  deleted;
} Expected;

static void
expected_free (gpointer data)
{
  Expected *expected = data;

  g_free (expected->name);
  g_free (expected->description);
  g_free (expected);
}

static Expected *
lookup (GHashTable *journeys,
        const char *uuid)
{
  Expected *expected = g_hash_table_lookup (journeys, uuid);

  if (expected == NULL)
    {
      expected = g_new0 (Expected, 1);
      expected->n_stages = -1;
      g_hash_table_insert (journeys, g_strdup (uuid), expected);
    }

  return expected;
}

typedef struct
{
  GHashTable *journeys;  /* uuid → Expected */
  GHashTable *samples;   /* time → value, as text */
  /* The edit announced but not confirmed when the writer died: it may or
   * may not have been committed. */
  char       *pending_kind;
  char       *pending_uuid;
  char       *pending_value;
} Model;

static void
clear_pending (Model *model)
{
  g_clear_pointer (&model->pending_kind, g_free);
  g_clear_pointer (&model->pending_uuid, g_free);
  g_clear_pointer (&model->pending_value, g_free);
}

/* Takes one line of the writer's report; TRUE when it reports a commit. */
static gboolean
model_feed (Model      *model,
            const char *line)
{
  g_auto(GStrv) fields = g_strsplit (line, " ", 5);
  guint n = g_strv_length (fields);

  if (n == 4 && g_str_equal (fields[0], "J"))
    {
      Expected *expected = lookup (model->journeys, fields[1]);

      g_free (expected->name);
      expected->name = g_strdup (fields[2]);
      expected->n_stages = atoi (fields[3]);
      return FALSE;  /* its C follows */
    }
  if (n == 3 && g_str_equal (fields[0], "S"))
    {
      g_hash_table_insert (model->samples, g_strdup (fields[1]), g_strdup (fields[2]));
      return TRUE;
    }
  if (n >= 3 && g_str_equal (fields[0], "P"))
    {
      g_assert_null (model->pending_kind);
      model->pending_kind = g_strdup (fields[1]);
      model->pending_uuid = g_strdup (fields[2]);
      model->pending_value = g_strdup (fields[3]);
      return FALSE;
    }
  if (n == 1 && g_str_equal (fields[0], "C"))
    {
      Expected *expected;

      g_assert_nonnull (model->pending_kind);
      if (g_str_equal (model->pending_kind, "A"))
        {
          clear_pending (model);
          return TRUE;
        }
      expected = lookup (model->journeys, model->pending_uuid);
      if (g_str_equal (model->pending_kind, "D"))
        {
          g_free (expected->description);
          expected->description = g_strdup (model->pending_value);
        }
      else
        expected->deleted = TRUE;
      clear_pending (model);
      return TRUE;
    }

  g_error ("The writer said something odd: “%s”", line);
}

static void
verify_journey (WmStore    *store,
                const char *uuid,
                Expected   *expected,
                Model      *model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) journey = wm_store_find_by_uuid (store, WM_ENTITY_JOURNEY, uuid, &error);
  gboolean pending = model->pending_uuid != NULL && g_str_equal (model->pending_uuid, uuid);

  if (expected->deleted)
    {
      if (journey != NULL)
        g_error ("journey %s was reported deleted but is still there", uuid);
      g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
      return;
    }

  /* Perhaps deleted just before the kill, perhaps not. */
  if (journey == NULL && pending && g_str_equal (model->pending_kind, "X"))
    return;
  if (journey == NULL)
    g_error ("journey %s (%s) was reported committed but is gone: %s", uuid,
             expected->name ? expected->name : "?", error->message);

  if (expected->name != NULL)
    g_assert_cmpstr (wm_record_get_string (journey, WM_JOURNEY_NAME), ==, expected->name);
  if (expected->description != NULL || (pending && g_str_equal (model->pending_kind, "D")))
    {
      const char *description = wm_record_get_string (journey, WM_JOURNEY_DESCRIPTION);

      if (!(pending && g_strcmp0 (description, model->pending_value) == 0))
        g_assert_cmpstr (description, ==, expected->description ? expected->description : "");
    }
  if (expected->n_stages >= 0)
    {
      g_autoptr(GPtrArray) stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID,
                                                   wm_record_get_id (journey), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (stages->len, ==, (guint) expected->n_stages);
    }
}

static void
verify (const char *path,
        Model      *model,
        gint64      kpi)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *integrity = NULL;
  GHashTableIter iter;
  gpointer key, value;

  store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_false (wm_store_is_read_only (store));

  findings = wm_store_check (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    g_test_message ("finding: %s", (const char *) g_ptr_array_index (findings, i));
  g_assert_cmpuint (findings->len, ==, 0);

  g_hash_table_iter_init (&iter, model->journeys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    verify_journey (store, key, value, model);

  /* The edit in flight is all or nothing: a journey is never there without
   * every stage it was added with. */
  {
    g_autoptr(GPtrArray) journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < journeys->len; i++)
      {
        WmRecord *journey = g_ptr_array_index (journeys, i);
        g_autoptr(GPtrArray) stages = NULL;
        Expected *expected = g_hash_table_lookup (model->journeys, wm_record_get_uuid (journey));

        stages = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, wm_record_get_id (journey),
                                &error);
        g_assert_no_error (error);
        if (expected == NULL)
          {
            if (g_strcmp0 (model->pending_kind, "A") != 0 ||
                g_strcmp0 (wm_record_get_string (journey, WM_JOURNEY_NAME), model->pending_uuid) != 0)
              g_error ("journey “%s” was never reported", wm_record_get_string (journey, WM_JOURNEY_NAME));
            if (stages->len != (guint) atoi (model->pending_value))
              g_error ("journey “%s” is there with %u of its %s stages",
                       wm_record_get_string (journey, WM_JOURNEY_NAME), stages->len, model->pending_value);
            expected = lookup (model->journeys, wm_record_get_uuid (journey));
            expected->name = g_strdup (wm_record_get_string (journey, WM_JOURNEY_NAME));
            expected->n_stages = (int) stages->len;
          }
      }
  }

  g_hash_table_iter_init (&iter, model->samples);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 time = g_ascii_strtoll (key, NULL, 10);
      g_autoptr(GArray) samples = wm_store_get_samples (store, kpi, time, time, &error);

      g_assert_no_error (error);
      if (samples->len != 1)
        g_error ("the sample at %s was reported committed but is gone", (const char *) key);
      g_assert_cmpfloat (g_array_index (samples, WmSample, 0).value, ==,
                         g_ascii_strtod (value, NULL));
    }

  /* The store opened it, so a hot journal has been rolled back by now. */
  g_assert_finalize_object (g_steal_pointer (&store));
  integrity = wm_test_integrity_check (path);
  g_assert_cmpstr (integrity, ==, "ok");
}

static void
run_round (const char *writer,
           const char *path,
           Model      *model,
           guint       round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int_range (1, G_MAXINT));
  guint kill_after = (guint) g_test_rand_int_range (1, 40);
  guint committed = 0;
  gboolean killed = FALSE;
  char *line;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer, path, seed, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  /* Lines that arrive after the kill were written after their commit,
   * so they count too: read until the pipe closes. */
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      if (model_feed (model, line))
        committed++;
      g_free (line);
      /* Kill while a journey is being added with its stages, a moment
       * after the writer said it starts: the edit in flight must land
       * whole or not at all. */
      if (!killed && committed >= kill_after && model->pending_kind != NULL &&
          g_str_equal (model->pending_kind, "A"))
        {
          g_usleep (g_test_rand_int_range (0, 4000));
          g_subprocess_send_signal (process, SIGKILL);
          killed = TRUE;
        }
    }
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);

  /* It must have died of the kill, not of a failure of its own. */
  g_assert_true (killed);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  {
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);

    /* A journal left behind means the kill landed inside a transaction. */
    g_test_message ("round %u: killed after %u reported edits (asked for %u)%s", round,
                    committed, kill_after,
                    g_file_test (journal, G_FILE_TEST_EXISTS) ? ", mid-transaction" : "");
  }
}

static void
test_kill (void)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "core", "wm-crash-writer", NULL);
  g_autofree char *dir = wm_test_make_temp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  Model model = { 0 };
  gint64 kpi;

  g_assert_true (g_file_test (writer, G_FILE_TEST_IS_EXECUTABLE));
  {
    g_autoptr(WmStore) store = wm_test_create_store (dir, "crash.waymark", &path);

    kpi = wm_test_insert (store, WM_ENTITY_KPI);
    g_assert_finalize_object (g_steal_pointer (&store));
  }

  model.journeys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, expected_free);
  model.samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      run_round (writer, path, &model, round);
      verify (path, &model, kpi);

      /* What was pending has settled one way or the other; learn which. */
      if (g_strcmp0 (model.pending_kind, "A") == 0)
        clear_pending (&model);
      else if (model.pending_kind != NULL)
        {
          g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_DEFAULT, &error);
          g_autoptr(WmRecord) journey = NULL;
          Expected *expected = lookup (model.journeys, model.pending_uuid);

          g_assert_no_error (error);
          journey = wm_store_find_by_uuid (store, WM_ENTITY_JOURNEY, model.pending_uuid, NULL);
          if (journey == NULL)
            expected->deleted = TRUE;
          else
            {
              g_free (expected->description);
              expected->description = g_strdup (wm_record_get_string (journey, WM_JOURNEY_DESCRIPTION));
            }
          clear_pending (&model);
        }
    }

  g_assert_cmpuint (g_hash_table_size (model.journeys), >, 0);
  g_hash_table_unref (model.journeys);
  g_hash_table_unref (model.samples);
  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/store/crash/kill", test_kill);

  return g_test_run ();
}
