/* test-mermaid.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "wm-mermaid.h"
#include "wm-map-fixture.h"
#include "wm-test-util.h"

static const char *cli_path;

/* Mermaid's own documentation example, with every statement kind added. */
static const char full_diagram[] =
  "---\n"
  "title: From the front matter\n"
  "---\n"
  "%%{init: {\"theme\": \"forest\"}}%%\n"
  "JOURNEY\n"
  "  title My working day\n"
  "  accTitle: Working day\n"
  "  accDescr {\n"
  "    How a day\n"
  "    at work feels\n"
  "  }\n"
  "  %% the morning\n"
  "  section Go to work\n"
  "    Make tea: 5: Me\n"
  "    Go upstairs: 3: Me, Cat   # a comment\n"
  "    Do work: 1: Me, Cat\n"
  "  section Go home<br>and rest\n"
  "    Go downstairs: 5: Me\n"
  "    Sit down: 4\n"
  "  section Go to work\n"
  "    Nap:: Cat\n";

/* Helpers */

static WmMermaidTask *
task_at (WmMermaidJourney *journey,
         guint             section,
         guint             task)
{
  WmMermaidSection *s = g_ptr_array_index (journey->sections, section);

  return g_ptr_array_index (s->tasks, task);
}

static const char *
section_name (WmMermaidJourney *journey,
              guint             section)
{
  return ((WmMermaidSection *) g_ptr_array_index (journey->sections, section))->name;
}

/* Two parsed diagrams say the same: title, sections, tasks, scores, actors. */
static void
assert_same (WmMermaidJourney *a,
             WmMermaidJourney *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpuint (a->sections->len, ==, b->sections->len);
  for (guint s = 0; s < a->sections->len; s++)
    {
      WmMermaidSection *sa = g_ptr_array_index (a->sections, s);
      WmMermaidSection *sb = g_ptr_array_index (b->sections, s);

      g_assert_cmpstr (sa->name, ==, sb->name);
      g_assert_cmpuint (sa->tasks->len, ==, sb->tasks->len);
      for (guint t = 0; t < sa->tasks->len; t++)
        {
          WmMermaidTask *ta = g_ptr_array_index (sa->tasks, t);
          WmMermaidTask *tb = g_ptr_array_index (sb->tasks, t);

          g_assert_cmpstr (ta->name, ==, tb->name);
          g_assert_cmpint (ta->score, ==, tb->score);
          g_assert_cmpstrv (ta->actors, tb->actors);
        }
    }
}

static WmStore *
new_store (char **dir,
           char **path)
{
  g_autoptr(GError) error = NULL;
  WmStore *store;

  *dir = wm_test_make_temp_dir ();
  store = wm_test_create_store (*dir, "mermaid.waymark", path);
  g_assert_nonnull (store);

  return store;
}

/* Tests */

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMermaidJourney) journey = wm_mermaid_parse (full_diagram, &error);
  WmMermaidTask *task;

  g_assert_no_error (error);
  /* The title statement comes after the front matter, so it wins. */
  g_assert_cmpstr (journey->title, ==, "My working day");
  g_assert_cmpstr (journey->acc_title, ==, "Working day");
  g_assert_cmpstr (journey->acc_descr, ==, "How a day\nat work feels");

  /* Sections repeat as they come, <br> kept as written. */
  g_assert_cmpuint (journey->sections->len, ==, 3);
  g_assert_cmpstr (section_name (journey, 0), ==, "Go to work");
  g_assert_cmpstr (section_name (journey, 1), ==, "Go home<br>and rest");
  g_assert_cmpstr (section_name (journey, 2), ==, "Go to work");

  task = task_at (journey, 0, 1);
  g_assert_cmpstr (task->name, ==, "Go upstairs");
  g_assert_cmpint (task->score, ==, 3);
  g_assert_cmpstrv (task->actors, ((const char *[]) { "Me", "Cat", NULL }));

  /* Actors left out; score left out. */
  task = task_at (journey, 1, 1);
  g_assert_cmpstr (task->name, ==, "Sit down");
  g_assert_cmpint (task->score, ==, 4);
  g_assert_cmpuint (g_strv_length (task->actors), ==, 0);
  task = task_at (journey, 2, 0);
  g_assert_cmpint (task->score, ==, 0);
  g_assert_cmpstrv (task->actors, ((const char *[]) { "Cat", NULL }));
}

static void
test_parse_variants (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMermaidJourney) front = NULL;
  g_autoptr(WmMermaidJourney) plain = NULL;
  g_autoptr(WmMermaidJourney) markdown = NULL;

  front = wm_mermaid_parse ("---\ntitle: \"Quoted title\"\n---\njourney\n  Wake up: 2\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (front->title, ==, "Quoted title");
  /* A task before any section belongs to an unnamed one. */
  g_assert_cmpstr (section_name (front, 0), ==, "");
  g_assert_cmpint (task_at (front, 0, 0)->score, ==, 2);

  plain = wm_mermaid_parse ("journey\naccDescr: One line\nsection A\n", &error);
  g_assert_no_error (error);
  g_assert_null (plain->title);
  g_assert_cmpstr (plain->acc_descr, ==, "One line");
  g_assert_cmpuint (((WmMermaidSection *) g_ptr_array_index (plain->sections, 0))->tasks->len,
                    ==, 0);

  /* From a README: the first mermaid fence. */
  markdown = wm_mermaid_parse ("# Our journey\n\nSome text.\n\n```mermaid\njourney\n"
                               "  section Buy\n    Pay: 1: Ann\n```\n\nMore text: 5\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (section_name (markdown, 0), ==, "Buy");
  g_assert_cmpstr (task_at (markdown, 0, 0)->name, ==, "Pay");
}

static void
test_refuse (void)
{
  static const struct {
    const char *text;
    int         code;
    const char *where;
  } bad[] = {
    { "graph TD\n  A --> B\n", WM_MERMAID_ERROR_NOT_JOURNEY, "Line 1:" },
    { "%% only a comment\n\nsequenceDiagram\n", WM_MERMAID_ERROR_NOT_JOURNEY, "Line 3:" },
    { "", WM_MERMAID_ERROR_NOT_JOURNEY, NULL },
    { "journeys\n", WM_MERMAID_ERROR_NOT_JOURNEY, "Line 1:" },
    { "journey\n  section A\n    Make tea\n", WM_MERMAID_ERROR_SYNTAX, "Line 3:" },
    { "journey\n  section A\n    Make tea: lots: Me\n", WM_MERMAID_ERROR_SYNTAX, "Line 3:" },
    { "journey\n  section A\n    Make tea:\n", WM_MERMAID_ERROR_SYNTAX, "Line 3:" },
    { "journey\n  title A; B\n", WM_MERMAID_ERROR_SYNTAX, "Line 2:" },
    { "journey\n  accDescr {\n  never closed\n", WM_MERMAID_ERROR_SYNTAX, NULL },
    { "journey\n\xff\n", WM_MERMAID_ERROR_NOT_JOURNEY, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WmMermaidJourney) journey = wm_mermaid_parse (bad[i].text, &error);

      g_assert_null (journey);
      g_assert_error (error, WM_MERMAID_ERROR, bad[i].code);
      if (bad[i].where != NULL)
        g_assert_true (g_str_has_prefix (error->message, bad[i].where));
    }
}

static void
test_scores (void)
{
  /* Every score 1–5 survives score → emotion → score; emotions stay in range. */
  for (int score = 1; score <= 5; score++)
    {
      int emotion = wm_mermaid_score_to_emotion (score);

      g_assert_cmpint (emotion, >=, -3);
      g_assert_cmpint (emotion, <=, 3);
      g_assert_cmpint (wm_mermaid_emotion_to_score (emotion), ==, score);
    }
  g_assert_cmpint (wm_mermaid_score_to_emotion (1), ==, -3);
  g_assert_cmpint (wm_mermaid_score_to_emotion (3), ==, 0);
  g_assert_cmpint (wm_mermaid_score_to_emotion (5), ==, 3);
  for (int emotion = -3; emotion <= 3; emotion++)
    {
      int score = wm_mermaid_emotion_to_score (emotion);

      g_assert_cmpint (score, >=, 1);
      g_assert_cmpint (score, <=, 5);
    }
  g_assert_cmpint (wm_mermaid_score_to_emotion (0), ==, 0);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = new_store (&dir, &path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMermaidJourney) original = NULL;
  g_autoptr(WmMermaidJourney) again = NULL;
  g_autoptr(WmMapModel) model = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GString) all_scores = g_string_new ("journey\n  title Scores\n  section All\n");
  gint64 personas_before = wm_test_count (store, WM_ENTITY_PERSONA);
  gint64 id;

  /* Every score, with and without actors, and the full example. */
  for (int score = 1; score <= 5; score++)
    g_string_append_printf (all_scores, "    Task %d: %d%s\n", score, score,
                            score % 2 ? ": Me" : "");
  for (guint round = 0; round < 2; round++)
    {
      const char *text = round == 0 ? all_scores->str : full_diagram;

      g_clear_pointer (&original, wm_mermaid_journey_free);
      g_clear_pointer (&again, wm_mermaid_journey_free);
      g_clear_pointer (&model, wm_map_model_unref);
      g_clear_pointer (&written, g_free);

      original = wm_mermaid_parse (text, &error);
      g_assert_no_error (error);
      id = wm_mermaid_import (store, original, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);

      model = wm_map_model_load (store, id, &error);
      g_assert_no_error (error);
      written = wm_mermaid_write (model);
      again = wm_mermaid_parse (written, &error);
      g_assert_no_error (error);

      /* A task without a score comes back neutral (3). */
      if (round == 1)
        task_at (original, 2, 0)->score = 3;
      assert_same (original, again);
    }

  /* Sections became stages (<br> a line break), actors personas made once. */
  g_assert_cmpuint (model->stages->len, ==, 3);
  g_assert_cmpstr (((WmMapStage *) g_ptr_array_index (model->stages, 1))->name, ==,
                   "Go home\nand rest");
  g_assert_cmpuint (model->personas->len, ==, 2);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_PERSONA), ==, personas_before + 2);
  g_assert_cmpstr (model->description, ==, "How a day\nat work feels");

  /* An actor named twice on a task takes part once. */
  g_clear_pointer (&original, wm_mermaid_journey_free);
  original = wm_mermaid_parse ("journey\n section A\n  Twice: 4: Me, Me\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (wm_mermaid_import (store, original, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (wm_store_undo (store, &error));

  /* One undo step takes the whole import back. */
  g_assert_true (wm_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), ==, 1);

  g_clear_object (&store);
  wm_test_remove_dir (dir);
}

static void
test_write_escapes (void)
{
  g_autoptr(WmMapModel) model = wm_map_model_new ();
  g_autoptr(WmMermaidJourney) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_free (model->name);
  model->name = g_strdup ("Title # with; marks");
  wm_map_model_add_stage (model, 1, "Stage: one");
  wm_map_model_add_lane (model, 1, "Touchpoints", WM_LANE_TOUCHPOINTS);
  wm_map_model_add_touchpoint (model, 1, 1, 1, 0, "Pay: now # or later", -2);

  /* Whatever the names hold, the result parses, one task, same score. */
  text = wm_mermaid_write (model);
  parsed = wm_mermaid_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->sections->len, ==, 1);
  g_assert_cmpuint (((WmMermaidSection *) g_ptr_array_index (parsed->sections, 0))->tasks->len,
                    ==, 1);
  g_assert_cmpint (task_at (parsed, 0, 0)->score, ==, 2);
  g_assert_nonnull (strstr (task_at (parsed, 0, 0)->name, "now"));
}

static int
run_cli (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = new_store (&dir, &path);
  g_autofree char *good = g_build_filename (dir, "good.mmd", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.mmd", NULL);
  g_autofree char *out = g_build_filename (dir, "out.mmd", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;

  g_clear_object (&store);
  g_assert_true (g_file_set_contents (good, full_diagram, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "flowchart LR\n  A --> B\n", -1, NULL));

  /* Bad input: exit 3, the project unchanged. */
  before = wm_test_dump_project (path);
  g_assert_cmpint (run_cli ((const char *[]) { cli_path, "import-journey", path, bad, NULL }),
                   ==, 3);
  after = wm_test_dump_project (path);
  g_assert_cmpstr (before, ==, after);

  g_assert_cmpint (run_cli ((const char *[]) { cli_path, "import-journey", path, good, NULL }),
                   ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { cli_path, "export", path, "--journey",
                                               "My working day", "--format", "mermaid", "-o",
                                               out, NULL }), ==, 0);
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "journey\n  title My working day\n"));
  g_assert_nonnull (strstr (written, "  section Go home<br>and rest\n"));
  g_assert_nonnull (strstr (written, "    Go upstairs: 3: Me, Cat\n"));

  wm_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  cli_path = argc > 1 ? argv[1] : "waymark-cli";

  g_test_add_func ("/waymark/mermaid/parse", test_parse);
  g_test_add_func ("/waymark/mermaid/parse-variants", test_parse_variants);
  g_test_add_func ("/waymark/mermaid/refuse", test_refuse);
  g_test_add_func ("/waymark/mermaid/scores", test_scores);
  g_test_add_func ("/waymark/mermaid/round-trip", test_round_trip);
  g_test_add_func ("/waymark/mermaid/write-escapes", test_write_escapes);
  g_test_add_func ("/waymark/mermaid/cli", test_cli);

  return wm_map_fixture_run ();
}
