/* bench-launch.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "wm-test-util.h"

/* Launch figures (DESIGN.md, "Figures"), measured side by side:
 *
 *   - Waymark on the demo project to its first painted frame: ≤ 1.15× a bare
 *     libadwaita window, ≤ 0.8× gnome-text-editor (when it is installed);
 *   - Waymark on the benchmark project (200 journeys, 20,000 touchpoints,
 *     1,000,000 samples) to its first frame, which shows the first journey's
 *     map: ≤ 1.3× the bare window, with ≤ 100 MB resident.
 *
 * "First painted frame" is seen from outside, the same way for every
 * program: X's DAMAGE extension reports the first drawing into a mapped
 * top-level window of the launched process; the CPU time its main thread
 * had until then is printed beside, as it varies less on a busy machine.
 * Each program runs once to warm
 * the caches, then RUNS times; the median counts.
 *
 * Usage: bench-launch WAYMARK WAYMARK_CLI GENERATOR BARE_WINDOW
 * (WAYMARK_BENCH_PROJECT=FILE uses a benchmark project made before.)
 * A benchmark: it prints its figures and exits 0 whether or not they are met. */

#define RUNS 5
#define TIMEOUT_MS 30000
#define SETTLE_MS 1500

typedef struct
{
  double first_frame_ms;
  double cpu_ms;          /* the main thread's CPU time until then */
  double resident_mb;     /* RSS */
  double proportional_mb; /* PSS: shared library pages split among their users */
} Launch;

static Display *display;
static int damage_event;

static double
since_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Windows are watched as they are made, and some cannot be: an input-only
 * one (desktop portals make them when D-Bus starts them during a launch)
 * has no contents to damage, and a short-lived one may be gone already.
 * Those errors are expected; any other ends the benchmark as Xlib would. */
static int
x_error (Display     *x_display,
         XErrorEvent *error)
{
  char text[256];

  if (error->error_code == BadMatch || error->error_code == BadWindow
      || error->error_code == BadDrawable)
    return 0;
  XGetErrorText (x_display, error->error_code, text, sizeof text);
  g_printerr ("bench-launch: X error: %s\n", text);
  exit (1);
}

/* Runs the X event loop until @until (monotonic µs); returns the first
 * damaged window bigger than a tooltip, or None. */
static Window
wait_for_damage (gint64 until)
{
  struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };

  for (;;)
    {
      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == CreateNotify)
            {
              /* Watched from birth, so no drawing is missed. */
              XDamageCreate (display, event.xcreatewindow.window, XDamageReportNonEmpty);
            }
          else if (event.type == damage_event + XDamageNotify)
            {
              XDamageNotifyEvent *damage = (XDamageNotifyEvent *) &event;
              XWindowAttributes attributes;

              XDamageSubtract (display, damage->damage, None, None);
              if (XGetWindowAttributes (display, damage->drawable, &attributes) &&
                  attributes.map_state == IsViewable && attributes.width > 300 &&
                  attributes.height > 200)
                return damage->drawable;
            }
        }

      if (g_get_monotonic_time () >= until)
        return None;
      poll (&fd, 1, 10);
    }
}

/* A "Name:   123 kB" line of a file in /proc/PID, in kB; -1 if unknown. */
static long
proc_kb (GPid        pid,
         const char *file,
         const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, file);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, name)) == NULL)
    return -1;

  return strtol (line + strlen (name), NULL, 10);
}

/* The CPU time the process's main thread has had, in ms (schedstat: ns). */
static double
main_thread_cpu_ms (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/schedstat", pid);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;

  return g_ascii_strtod (text, NULL) / 1e6;
}

/* Launches @argv with @envp, times its first frame, lets it settle, reads
 * its resident memory and ends it. */
static gboolean
launch (const char *const *argv,
        char             **envp,
        Launch            *out)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  GPid pid;
  Window window;

  XSync (display, True);
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("bench-launch: %s: %s\n", argv[0], error->message);
      return FALSE;
    }

  window = wait_for_damage (start + TIMEOUT_MS * 1000);
  out->first_frame_ms = since_ms (start);
  out->cpu_ms = main_thread_cpu_ms (pid);
  if (window != None)
    {
      g_usleep (SETTLE_MS * 1000);
      out->resident_mb = proc_kb (pid, "status", "VmRSS:") / 1024.0;
      out->proportional_mb = proc_kb (pid, "smaps_rollup", "Pss:") / 1024.0;
    }

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  /* Forget the windows of this run. */
  XSync (display, True);

  if (window == None)
    {
      g_printerr ("bench-launch: %s showed no window within %d s\n", argv[0], TIMEOUT_MS / 1000);
      return FALSE;
    }

  return TRUE;
}

static int
compare_launch (gconstpointer a,
                gconstpointer b)
{
  double x = ((const Launch *) a)->first_frame_ms, y = ((const Launch *) b)->first_frame_ms;

  return (x > y) - (x < y);
}

/* The median first frame of RUNS launches (after a warm-up), and the
 * resident memory of that run; FALSE if a launch failed. */
static gboolean
measure (const char         *what,
         const char *const  *argv,
         char              **envp,
         Launch             *median)
{
  Launch runs[RUNS], warm_up;

  if (!launch (argv, envp, &warm_up))
    return FALSE;
  for (guint i = 0; i < RUNS; i++)
    {
      if (!launch (argv, envp, &runs[i]))
        return FALSE;
    }
  qsort (runs, RUNS, sizeof (Launch), compare_launch);
  *median = runs[RUNS / 2];
  g_print ("%-46s %7.1f ms to the first frame (CPU %6.1f ms); %6.1f MB resident "
           "(PSS %5.1f MB)\n", what, median->first_frame_ms, median->cpu_ms,
           median->resident_mb, median->proportional_mb);

  return TRUE;
}

static void
print_ratio (const char *what,
             double      ratio,
             double      goal)
{
  g_print ("  %-44s %5.2f×   (goal ≤ %.2f×: %s)\n", what, ratio, goal,
           ratio <= goal ? "met" : "NOT met");
}

static gboolean
run_tool (const char *const *argv,
          char              **envp)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-launch: %s: %s\n", argv[0], error->message);
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *big = NULL;
  g_autofree char *editor = g_find_program_in_path ("gnome-text-editor");
  g_auto(GStrv) envp = g_get_environ ();
  int event_base, error_base;
  Launch bare, waymark, text_editor, big_map;

  if (argc != 5)
    {
      g_printerr ("usage: bench-launch WAYMARK WAYMARK_CLI GENERATOR BARE_WINDOW\n");
      return 2;
    }
  if ((display = XOpenDisplay (NULL)) == NULL)
    {
      g_printerr ("bench-launch: no X display; skipping the launch benchmark\n");
      return 77;
    }
  if (!XDamageQueryExtension (display, &event_base, &error_base))
    {
      g_printerr ("bench-launch: the X server has no DAMAGE extension; skipping\n");
      return 77;
    }
  damage_event = event_base;
  XSetErrorHandler (x_error);
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);

  /* As a person's session runs them: no test-suite malloc checks or fatal
   * warnings, each program with its own (warm after the first run) state. */
  envp = g_environ_unsetenv (envp, "MALLOC_CHECK_");
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  dir = g_dir_make_tmp ("waymark-bench-launch-XXXXXX", NULL);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_STATE_HOME", dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", dir, TRUE);

  demo = g_build_filename (dir, "Demo.waymark", NULL);
  big = g_build_filename (dir, "Benchmark.waymark", NULL);
  {
    const char *const new_demo[] = { argv[2], "new", demo, "--demo", NULL };
    const char *const generate[] = { argv[3], big, NULL };
    const char *given = g_getenv ("WAYMARK_BENCH_PROJECT");

    if (!run_tool (new_demo, envp))
      return 1;
    /* Generating takes half a minute: one made before may be passed in. */
    if (given != NULL)
      {
        g_free (big);
        big = g_strdup (given);
      }
    else
      {
        g_print ("Generating the benchmark project…\n");
        if (!run_tool (generate, envp))
          return 1;
      }
  }

  {
    const char *const bare_argv[] = { argv[4], NULL };
    const char *const demo_argv[] = { argv[1], demo, NULL };
    const char *const big_argv[] = { argv[1], big, NULL };

    if (!measure ("bare libadwaita window", bare_argv, envp, &bare) ||
        !measure ("Waymark on the demo project", demo_argv, envp, &waymark))
      return 1;
    print_ratio ("Waymark ÷ bare window", waymark.first_frame_ms / bare.first_frame_ms, 1.15);
    /* The CPU time varies less than the wall time on a busy machine. */
    print_ratio ("the same, main thread's CPU time", waymark.cpu_ms / bare.cpu_ms, 1.15);

    if (editor != NULL)
      {
        const char *const editor_argv[] = { editor, "--standalone", NULL };

        if (measure ("gnome-text-editor", editor_argv, envp, &text_editor))
          {
            print_ratio ("Waymark ÷ gnome-text-editor",
                         waymark.first_frame_ms / text_editor.first_frame_ms, 0.8);
            print_ratio ("the same, main thread's CPU time", waymark.cpu_ms / text_editor.cpu_ms,
                         0.8);
          }
      }
    else
      g_print ("gnome-text-editor is not installed: that comparison is left out\n");

    if (!measure ("Waymark on the benchmark project (its map)", big_argv, envp, &big_map))
      return 1;
    print_ratio ("benchmark project ÷ bare window", big_map.first_frame_ms / bare.first_frame_ms,
                 1.3);
    print_ratio ("the same, main thread's CPU time", big_map.cpu_ms / bare.cpu_ms, 1.3);
    g_print ("  %-44s %5.1f MB (goal ≤ 100 MB: %s)\n", "resident with the map shown",
             big_map.resident_mb, big_map.resident_mb <= 100 ? "met" : "NOT met");
  }

  wm_test_remove_dir (dir);
  XCloseDisplay (display);

  return 0;
}
