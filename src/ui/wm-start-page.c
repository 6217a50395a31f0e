/* wm-start-page.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wm-recent.h"
#include "wm-start-page.h"
#include "wm-ui-util.h"

struct _WmStartPage
{
  GtkWidget   parent_instance;

  GtkWidget  *recent_group;
  GtkListBox *recent_list;

  GSettings    *settings;
  GCancellable *checking;
};

enum {
  OPEN_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WmStartPage, wm_start_page, GTK_TYPE_WIDGET)

static GtkWidget *
create_recent_row (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", name,
                        "xalign", 0.0f,
                        "ellipsize", PANGO_ELLIPSIZE_MIDDLE,
                        NULL);
  gtk_box_append (GTK_BOX (box), label);
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", folder ? folder : "",
                        "xalign", 0.0f,
                        "ellipsize", PANGO_ELLIPSIZE_START,
                        NULL);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, path);
  g_object_set_data_full (G_OBJECT (row), "wm-file", g_object_ref (file), g_object_unref);

  return row;
}

static void
recent_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WmStartPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uris = wm_recent_check_finish (result, &error);
  GtkWidget *child;

  if (uris == NULL)
    return;  /* cancelled: a newer check is under way */

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; uris[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uris[i]);

      gtk_list_box_append (self->recent_list, create_recent_row (file));
    }

  gtk_widget_set_visible (self->recent_group, uris[0] != NULL);
}

/* Projects moved or deleted since are left out rather than offered to fail;
 * whether they exist is asked in the background, so a share that does not
 * answer never stalls the window. */
static void
reload_recent (WmStartPage *self)
{
  g_auto(GStrv) uris = g_settings_get_strv (self->settings, "recent-files");

  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  self->checking = g_cancellable_new ();
  wm_recent_check_async ((const char *const *) uris, self->checking, recent_checked_cb,
                         g_object_ref (self));
}

static void
recent_activated_cb (WmStartPage   *self,
                     GtkListBoxRow *row)
{
  GFile *file = g_object_get_data (G_OBJECT (row), "wm-file");

  if (file)
    g_signal_emit (self, signals[OPEN_FILE], 0, file);
}

static void
wm_start_page_map (GtkWidget *widget)
{
  /* Files come and go while the app runs; check them when the page shows. */
  reload_recent (WM_START_PAGE (widget));

  GTK_WIDGET_CLASS (wm_start_page_parent_class)->map (widget);
}

static void
wm_start_page_dispose (GObject *object)
{
  WmStartPage *self = WM_START_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_START_PAGE);
  /* GTK 4.8 only unparents the template children bound to the class. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wm_start_page_parent_class)->dispose (object);
}

static void
wm_start_page_class_init (WmStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_start_page_dispose;
  widget_class->map = wm_start_page_map;

  signals[OPEN_FILE] =
    g_signal_new ("open-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WmStartPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, WmStartPage, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_start_page_init (WmStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::recent-files",
                           G_CALLBACK (reload_recent), self, G_CONNECT_SWAPPED);
  reload_recent (self);
}

GtkWidget *
wm_start_page_new (void)
{
  return g_object_new (WM_TYPE_START_PAGE, NULL);
}
