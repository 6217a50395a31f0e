/* wm-application.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "wm-application.h"
#include "wm-demo.h"
#include "wm-preferences-window.h"
#include "wm-trust.h"
#include "wm-window.h"

struct _WmApplication
{
  AdwApplication parent_instance;

  GSettings     *settings;
  gboolean       open_demo;
};

G_DEFINE_FINAL_TYPE (WmApplication, wm_application, ADW_TYPE_APPLICATION)

/* The window that shows @file, if one does. */
static WmWindow *
find_window_for_file (WmApplication *self,
                      GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (WM_IS_WINDOW (l->data) && wm_window_shows_file (l->data, file))
        return l->data;
    }

  return NULL;
}

/* A window still showing the start page, else a new one. */
static WmWindow *
get_empty_window (WmApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (WM_IS_WINDOW (l->data) && wm_window_get_store (l->data) == NULL)
        return l->data;
    }

  return wm_window_new (self);
}

static WmWindow *
get_active_window (WmApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (WM_IS_WINDOW (window))
    return WM_WINDOW (window);

  return get_empty_window (self);
}

static GtkFileFilter *
create_project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Waymark Projects"));
  gtk_file_filter_add_pattern (filter, "*.waymark");
  gtk_file_filter_add_mime_type (filter, "application/x-waymark-project");

  return filter;
}

static void
open_response_cb (GtkFileChooserNative *chooser,
                  int                   response,
                  WmApplication        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file)
        wm_application_open_file (self, file);
    }

  g_object_unref (chooser);
}

static void
new_response_cb (GtkFileChooserNative *chooser,
                 int                   response,
                 WmApplication        *self)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  WmWindow *window;

  if (response == GTK_RESPONSE_ACCEPT)
    chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (chosen == NULL)
    return;

  path = g_file_get_path (chosen);
  if (path && !g_str_has_suffix (path, ".waymark"))
    {
      char *with_extension = g_strconcat (path, ".waymark", NULL);

      g_free (path);
      path = with_extension;
    }

  window = get_empty_window (self);
  file = path ? g_file_new_for_path (path) : g_object_ref (chosen);
  if (path == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Projects can only be created in local folders."));
  else
    store = wm_store_create (path, &error);

  gtk_window_present (GTK_WINDOW (window));
  if (store == NULL)
    {
      wm_window_show_open_error (window, file, error);
      return;
    }

  /* Made here by this user: its feeds may run (see wm-trust.h). */
  wm_trust_set_trusted (store, TRUE, NULL);
  wm_window_set_store (window, store, file);
}

/* A modal chooser of project files over the active window; @response_cb gets @self. */
static GtkFileChooserNative *
create_project_chooser (WmApplication        *self,
                        const char           *title,
                        GtkFileChooserAction  action,
                        const char           *accept_label,
                        GCallback             response_cb)
{
  g_autoptr(GtkFileFilter) filter = create_project_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title,
                                         gtk_application_get_active_window (GTK_APPLICATION (self)),
                                         action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", response_cb, self, 0);

  return chooser;
}

static void
new_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  GtkFileChooserNative *chooser;

  chooser = create_project_chooser (user_data, _("New Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                    _("_Create"), G_CALLBACK (new_response_cb));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled.waymark"));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkFileChooserNative *chooser;

  chooser = create_project_chooser (user_data, _("Open Project"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                    _("_Open"), G_CALLBACK (open_response_cb));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  wm_application_open_demo (WM_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  WmApplication *self = user_data;
  static const char *developers[] = { "The Waymark authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Waymark"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Waymark authors"),
                        "developers", developers,
                        "comments", _("Customer journey maps, personas, live KPIs and brand "
                                      "voice in one project file."),
                        "website", "https://waymark.org",
                        "issue-url", "https://waymark.org/issues",
                        "support-url", "https://waymark.org/help",
                        "copyright", "© 2026 The Waymark authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WmApplication *self = user_data;
  GtkWidget *window;

  window = wm_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  WmApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing (not destroying) lets each window remember its size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "new", new_action },
  { "open", open_action },
  { "open-demo", open_demo_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static int
wm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  WmApplication *self = WM_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "demo"))
    return -1;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* A running Waymark opens the demo itself; this process is then done. */
  if (g_application_get_is_remote (app))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-demo", NULL);
      return 0;
    }

  self->open_demo = TRUE;

  return -1;
}

static void
wm_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];  /* NULL-terminated */
  } accels[] = {
    { "app.new", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y" } },
    { "win.save-copy", { "<Control><Shift>s", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.show-page::journeys", { "<Alt>1", NULL } },
    { "win.show-page::personas", { "<Alt>2", NULL } },
    { "win.show-page::kpis", { "<Alt>3", NULL } },
    { "win.show-page::voice", { "<Alt>4", NULL } },
  };

  G_APPLICATION_CLASS (wm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  WM_APPLICATION (app)->settings = g_settings_new (APP_ID);
  wm_preferences_follow_color_scheme (WM_APPLICATION (app)->settings);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
wm_application_activate (GApplication *app)
{
  WmApplication *self = WM_APPLICATION (app);

  if (self->open_demo)
    {
      self->open_demo = FALSE;
      wm_application_open_demo (self);
      return;
    }

  gtk_window_present (GTK_WINDOW (get_active_window (self)));
}

static void
wm_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    wm_application_open_file (WM_APPLICATION (app), files[i]);
}

static void
wm_application_finalize (GObject *object)
{
  WmApplication *self = WM_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wm_application_parent_class)->finalize (object);
}

static void
wm_application_class_init (WmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = wm_application_finalize;
  app_class->handle_local_options = wm_application_handle_local_options;
  app_class->startup = wm_application_startup;
  app_class->activate = wm_application_activate;
  app_class->open = wm_application_open;
}

static void
wm_application_init (WmApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo project"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

WmApplication *
wm_application_new (void)
{
  return g_object_new (WM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/waymark/Waymark",
                       NULL);
}

void
wm_application_open_file (WmApplication *self,
                          GFile         *file)
{
  g_autoptr(GError) error = NULL;
  WmWindow *window;

  g_return_if_fail (WM_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  /* One window per file: opening it again shows the window it is in. */
  if ((window = find_window_for_file (self, file)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  /* Opened before it is shown, the window's first frame is the project. */
  window = get_empty_window (self);
  if (wm_window_open_file (window, file, &error))
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  gtk_window_present (GTK_WINDOW (window));
  wm_window_show_open_error (window, file, error);
}

void
wm_application_open_demo (WmApplication *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "waymark", NULL);
  g_autofree char *path = g_build_filename (dir, "Demo.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  WmWindow *window;

  g_return_if_fail (WM_IS_APPLICATION (self));

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      wm_application_open_file (self, file);
      return;
    }

  window = get_empty_window (self);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s", g_strerror (saved_errno));
    }
  else
    store = wm_demo_create (path, &error);

  if (store == NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      wm_window_show_open_error (window, file, error);
      return;
    }

  wm_trust_set_trusted (store, TRUE, NULL);
  wm_window_set_store (window, store, file);
  gtk_window_present (GTK_WINDOW (window));
}
