/* wm-cli-handover.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "wm-cli-private.h"

/* waymark-cli loads GLib, SQLite and json-glib only, so that a command such as
 * info costs little more than the reads it makes. The commands that draw
 * (Cairo, Pango, gdk-pixbuf) or go on the network (libsoup, libsecret) live in
 * waymark-cli-full, a build of the same program with everything linked in:
 * loading its ~60 libraries alone takes longer than info on a big project.
 * Those commands hand over to it here, before they have read or printed
 * anything, by exec: the same process, the same streams and the same exit
 * status, as if the command ran here. */

#define FULL_NAME "waymark-cli-full"

/* What a shell answers for a program it cannot find. */
#define EXIT_NOT_INSTALLED 127

/* Helpers */

static char *
find_full (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  /* In the build tree both programs are built side by side; installed,
   * waymark-cli-full is in libexecdir, out of the user's PATH. */
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, FULL_NAME, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, FULL_NAME, NULL);
}

/* Runs the command line the user typed in waymark-cli-full; returns only
 * when that program cannot be started. */
static int
hand_over (const WmCliCommand *command,
           GStrv               args)
{
  g_auto(GStrv) owned_args = args;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *full = find_full ();
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) argv = NULL;
  int saved;

  /* The program name, the command's name, then its arguments untouched. */
  g_strv_builder_add (builder, owned_args[0]);
  g_strv_builder_add (builder, command->name);
  g_strv_builder_addv (builder, (const char **) owned_args + 1);
  argv = g_strv_builder_end (builder);

  execv (full, argv);
  saved = errno;

  display = g_filename_display_name (full);
  /* TRANSLATORS: the command, the program it needs, then the reason */
  message = g_strdup_printf (_("The command “%s” needs “%s”, which cannot be run: %s. Waymark "
                               "is not installed completely."),
                             command->name, display, g_strerror (saved));

  return wm_cli_error (EXIT_NOT_INSTALLED, message);
}

/* Commands of waymark-cli-full */

int
wm_cli_export (const WmCliCommand *command,
               GStrv               args)
{
  return hand_over (command, args);
}

int
wm_cli_feeds (const WmCliCommand *command,
              GStrv               args)
{
  return hand_over (command, args);
}

int
wm_cli_voice (const WmCliCommand *command,
              GStrv               args)
{
  return hand_over (command, args);
}
