/* test-cli-export-persona.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "wm-cli-test-util.h"
#include "wm-test-util.h"

/* waymark-cli export --persona / --format md, as scripts call it: the
 * built executable in a child process, on the demo project. */

static const char *cli_path;

/* Runs "waymark-cli export" with @args. */
static void
run_cli (WmCliRun          *run,
         const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) "export");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  wm_cli_run (run, cli_path, (const char *const *) argv->pdata, NULL, NULL);
}

static char *
pdfinfo (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdfinfo", path, NULL };
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);

  return out;
}

/* Tests */

static void
test_pdf_by_name (WmCliDemo     *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "marco.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *have_pdfinfo = g_find_program_in_path ("pdfinfo");
  g_auto(WmCliRun) run = { 0 };

  run_cli (&run, (const char *[]) { fixture->demo, "--persona", "Marco Rossi",
                                    "--format", "pdf", "--paper", "letter", "-o", out, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Marco Rossi"));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  if (have_pdfinfo == NULL)
    {
      g_test_skip ("pdfinfo (poppler-utils) is needed to count the pages");
      return;
    }
  info = pdfinfo (out);
  g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Page size: +612 x 792 pts", info, G_REGEX_MULTILINE, 0));
}

static void
test_png_by_id_json (WmCliDemo     *fixture,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "one.png", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(WmCliRun) run = { 0 };
  JsonObject *root;

  run_cli (&run, (const char *[]) { fixture->demo, "--persona", "1", "--format", "png",
                                    "--paper", "A4", "-o", out, "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "png");
  g_assert_cmpstr (json_object_get_string_member (root, "paper"), ==, "a4");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "persona"),
                                                  "name"), ==, "Sabine Keller");

  png = wm_test_read_file (out);
  g_assert_cmpuint (g_bytes_get_size (png), >, 8);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
}

static void
test_markdown (WmCliDemo     *fixture,
               gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "personas.md", NULL);
  g_autofree char *text = NULL;
  g_auto(WmCliRun) run = { 0 };
  g_auto(WmCliRun) to_file = { 0 };

  run_cli (&run, (const char *[]) { fixture->demo, "--format", "md", "-o", "-", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "# Personas of "));
  g_assert_nonnull (strstr (run.out, "\n## Sabine Keller\n"));
  g_assert_nonnull (strstr (run.out, "\n## Lena Hoffmann\n"));
  g_assert_nonnull (strstr (run.out, "\n### Goals\n"));

  run_cli (&to_file, (const char *[]) { fixture->demo, "--format", "md", "-o", out, NULL });
  g_assert_cmpint (to_file.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, run.out);
}

static void
test_errors (WmCliDemo     *fixture,
             gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "x.pdf", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "notes.waymark", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "missing", "x.pdf", NULL);
  const char *const cases[][12] = {
    /* no such persona */
    { fixture->demo, "--persona", "Nobody", "--format", "pdf", "-o", out, NULL },
    /* unknown format and paper */
    { fixture->demo, "--persona", "1", "--format", "docx", "-o", out, NULL },
    { fixture->demo, "--persona", "1", "--format", "pdf", "--paper", "a5", "-o", out, NULL },
    /* a sheet needs a persona; Markdown takes them all */
    { fixture->demo, "--format", "pdf", "-o", out, NULL },
    { fixture->demo, "--persona", "1", "--format", "md", "-o", out, NULL },
    /* no output, no format */
    { fixture->demo, "--persona", "1", "--format", "pdf", NULL },
    { fixture->demo, "--persona", "1", "-o", out, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(WmCliRun) run = { 0 };

      run_cli (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "waymark-cli: "));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }

  /* A journey with Markdown or a persona: the error says where --journey
   * goes, rather than calling it an unknown option. */
  {
    const char *const mixed[][12] = {
      { fixture->demo, "--journey", "1", "--format", "md", "-o", out, NULL },
      { fixture->demo, "--persona", "1", "--journey", "1", "--format", "pdf", "-o", out, NULL },
      { fixture->demo, "-j", "1", "--format=md", "-o", out, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (mixed); i++)
      {
        g_auto(WmCliRun) run = { 0 };

        run_cli (&run, mixed[i]);
        g_assert_cmpint (run.status, ==, 2);
        g_assert_null (strstr (run.err, "Unknown option"));
        g_assert_nonnull (strstr (run.err, "--journey"));
        g_assert_nonnull (strstr (run.err, "mermaid"));
        g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      }
  }

  /* Not a project; an output folder that does not exist. */
  wm_test_write_file (text, "hello\n", 6);
  {
    g_auto(WmCliRun) run = { 0 };

    run_cli (&run, (const char *[]) { text, "--persona", "1", "--format", "pdf", "-o", out,
                                      NULL });
    g_assert_cmpint (run.status, ==, 3);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(WmCliRun) run = { 0 };

    run_cli (&run, (const char *[]) { fixture->demo, "--persona", "1", "--format", "pdf",
                                      "-o", nowhere, NULL });
    g_assert_cmpint (run.status, ==, 3);
    g_assert_true (g_str_has_prefix (run.err, "waymark-cli: "));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("WAYMARK_CLI");
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Pass the path of waymark-cli as the first argument or in WAYMARK_CLI");

#define ADD(path, func) \
  g_test_add ("/waymark/cli/export-persona/" path, WmCliDemo, NULL, wm_cli_demo_set_up, func, \
              wm_cli_demo_tear_down)

  ADD ("pdf-by-name", test_pdf_by_name);
  ADD ("png-by-id-json", test_png_by_id_json);
  ADD ("markdown", test_markdown);
  ADD ("errors", test_errors);

#undef ADD

  return g_test_run ();
}
