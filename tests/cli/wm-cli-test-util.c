/* wm-cli-test-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include "wm-cli-test-util.h"
#include "wm-demo.h"
#include "wm-test-util.h"

void
wm_cli_run_clear (WmCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
wm_cli_run (WmCliRun          *run,
            const char        *program,
            const char *const *args,
            const char        *cwd,
            const char        *variable)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (variable != NULL)
    g_subprocess_launcher_setenv (launcher, variable, "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("%s did not exit normally; stderr: %s", program, run->err);
  run->status = g_subprocess_get_exit_status (process);
}

void
wm_cli_demo_set_up (WmCliDemo     *fixture,
                    gconstpointer  data)
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = wm_test_make_temp_dir ();
  fixture->demo = g_build_filename (fixture->dir, "demo.waymark", NULL);
  store = wm_demo_create (fixture->demo, &error);
  g_assert_no_error (error);
}

void
wm_cli_demo_tear_down (WmCliDemo     *fixture,
                       gconstpointer  data)
{
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->demo);
}
