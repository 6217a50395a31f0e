/* wm-cli-test-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a run of a command line program gave. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} WmCliRun;

void wm_cli_run_clear     (WmCliRun          *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WmCliRun, wm_cli_run_clear)

/* Runs @program with @args (NULL-terminated, the program not among them) in
 * @cwd (NULL: here), with the environment variable @variable set to "1"
 * unless NULL; its output and exit status go into @run. A crash fails the test. */
void wm_cli_run           (WmCliRun          *run,
                           const char        *program,
                           const char *const *args,
                           const char        *cwd,
                           const char        *variable);

/* A fixture: a new folder holding the demo project. */
typedef struct
{
  char *dir;
  char *demo;
} WmCliDemo;

void wm_cli_demo_set_up   (WmCliDemo         *fixture,
                           gconstpointer      data);
void wm_cli_demo_tear_down (WmCliDemo        *fixture,
                            gconstpointer     data);

G_END_DECLS
