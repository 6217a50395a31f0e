/* wm-personas-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "wm-list-detail.h"
#include "wm-persona.h"
#include "wm-persona-card.h"
#include "wm-persona-editor.h"
#include "wm-persona-sheet.h"
#include "wm-personas-view.h"
#include "wm-record-list.h"
#include "wm-ui-util.h"

/* The Personas page: a searchable gallery of persona cards beside the
 * editor of the selected one, on the shared list/detail skeleton; in a
 * narrow window the two fold into one column. */

struct _WmPersonasView
{
  GtkWidget        parent_instance;

  GtkStack        *stack;
  WmListDetail    *list_detail;
  GtkLabel        *title_label;
  WmPersonaEditor *editor;

  WmStore         *store;
  WmRecordList    *personas;
  char            *paper;
  WmRecord        *shown;
  gulong           shown_changed_id;
};

G_DEFINE_FINAL_TYPE (WmPersonasView, wm_personas_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAPER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
show_toast (WmPersonasView *self,
            const char     *title,
            gboolean        with_undo)
{
  wm_ui_toast (GTK_WIDGET (self), title, with_undo);
}

static WmRecord *
selected_persona (WmPersonasView *self)
{
  return wm_list_detail_get_selected (self->list_detail);
}

static void
update_title (WmPersonasView *self)
{
  const char *name = self->shown ? wm_record_get_string (self->shown, WM_PERSONA_NAME) : "";

  gtk_label_set_label (self->title_label, *name ? name : _("Unnamed persona"));
}

static void
update_actions (WmPersonasView *self)
{
  gboolean writable = self->store && !wm_store_is_read_only (self->store);
  gboolean selected = selected_persona (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personas.new", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personas.duplicate", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personas.delete", writable && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personas.export", selected);
}

static void
show_selected (WmPersonasView *self)
{
  WmRecord *persona = selected_persona (self);

  if (persona == self->shown)
    return;

  g_clear_signal_handler (&self->shown_changed_id, self->shown);
  g_set_object (&self->shown, persona);
  if (persona != NULL)
    self->shown_changed_id = g_signal_connect_object (persona, "changed",
                                                      G_CALLBACK (update_title), self,
                                                      G_CONNECT_SWAPPED);
  wm_persona_editor_set_persona (self->editor, self->store, persona);
  update_title (self);
  update_actions (self);
}

static gboolean
select_id (WmPersonasView *self,
           gint64          id)
{
  if (!wm_list_detail_select_id (self->list_detail, id))
    return FALSE;

  show_selected (self);

  return TRUE;
}

static void
show_editor (WmPersonasView *self)
{
  wm_list_detail_show_detail (self->list_detail, TRUE);
}

/* Callbacks */

static void
selected_changed_cb (WmPersonasView *self)
{
  show_selected (self);
}

static void
items_changed_cb (WmPersonasView *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->personas)) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "content" : "empty");
  show_selected (self);
}

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               WmPersonasView           *self)
{
  GtkWidget *card = wm_persona_card_new ();

  gtk_widget_set_margin_top (card, 6);
  gtk_widget_set_margin_bottom (card, 6);
  gtk_widget_set_margin_start (card, 4);
  gtk_widget_set_margin_end (card, 4);
  gtk_list_item_set_child (item, card);
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WmPersonasView           *self)
{
  wm_persona_card_set_persona (WM_PERSONA_CARD (gtk_list_item_get_child (item)), self->store,
                               gtk_list_item_get_item (item));
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                WmPersonasView           *self)
{
  wm_persona_card_set_persona (WM_PERSONA_CARD (gtk_list_item_get_child (item)), NULL, NULL);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (self->store == NULL)
    return;

  wm_persona_editor_flush (self->editor);
  id = wm_persona_create (self->store, _("New persona"), &error);
  if (id <= 0)
    {
      show_toast (self, error->message, FALSE);
      return;
    }

  select_id (self, id);
  show_editor (self);
  wm_persona_editor_focus_name (self->editor);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (widget);
  WmRecord *persona = selected_persona (self);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (persona == NULL)
    return;

  wm_persona_editor_flush (self->editor);
  id = wm_persona_duplicate (self->store, wm_record_get_id (persona), &error);
  if (id <= 0)
    {
      show_toast (self, error->message, FALSE);
      return;
    }

  select_id (self, id);
  show_editor (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (widget);
  WmRecord *persona = selected_persona (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (persona == NULL)
    return;

  wm_persona_editor_flush (self->editor);
  name = g_strdup (wm_record_get_string (persona, WM_PERSONA_NAME));
  if (!wm_store_delete (self->store, WM_ENTITY_PERSONA, wm_record_get_id (persona), &error))
    {
      show_toast (self, error->message, FALSE);
      return;
    }

  /* Translators: %s is a persona's name */
  title = g_strdup_printf (_("“%s” deleted"), name);
  show_toast (self, title, TRUE);
  wm_list_detail_show_detail (self->list_detail, FALSE);
}

typedef struct
{
  WmPersonasView *view;
  gint64          persona_id;
  WmSheetFormat   format;
  WmPaper         paper;
  gboolean        markdown;
} Export;

static void
export_report (WmPersonasView *self,
               GFile          *file,
               const GError   *error)
{
  g_autofree char *title = NULL;

  if (error == NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);

      /* Translators: %s is a file name */
      title = g_strdup_printf (_("Exported “%s”"), basename);
    }
  else
    /* Translators: %s says why */
    title = g_strdup_printf (_("Could not export: %s"), error->message);

  show_toast (self, title, FALSE);
}

typedef struct
{
  WmPersonasView *view;
  GFile          *file;
} Exporting;

static void
sheet_exported_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Exporting *exporting = user_data;
  g_autoptr(GError) error = NULL;

  wm_persona_sheet_export_finish (result, &error);
  export_report (exporting->view, exporting->file, error);
  g_object_unref (exporting->view);
  g_object_unref (exporting->file);
  g_free (exporting);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    Export          *export)
{
  WmPersonasView *self = export->view;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL && self->store != NULL)
    {
      if (export->markdown)
        {
          g_autofree char *markdown = wm_persona_markdown (self->store, &error);

          if (markdown != NULL)
            g_file_replace_contents (file, markdown, strlen (markdown), NULL, FALSE,
                                     G_FILE_CREATE_NONE, NULL, NULL, &error);
          export_report (self, file, error);
        }
      else
        {
          /* Drawing and encoding (a PNG takes a moment) happen off the main thread. */
          Exporting *exporting = g_new0 (Exporting, 1);

          exporting->view = g_object_ref (self);
          exporting->file = g_object_ref (file);
          wm_persona_sheet_export_async (self->store, export->persona_id, export->format,
                                         export->paper, file, NULL, sheet_exported_cb,
                                         exporting);
        }
    }

  g_object_unref (export->view);
  g_free (export);
}

static void
save_dialog (WmPersonasView *self,
             Export         *export,
             const char     *title,
             const char     *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (widget);
  WmRecord *persona = selected_persona (self);
  const char *format = g_variant_get_string (parameter, NULL);
  const char *persona_name;
  g_autofree char *name = NULL;
  Export *export;

  if (persona == NULL)
    return;

  wm_persona_editor_flush (self->editor);
  export = g_new0 (Export, 1);
  export->view = g_object_ref (self);
  export->persona_id = wm_record_get_id (persona);
  export->format = g_str_equal (format, "png") ? WM_SHEET_FORMAT_PNG : WM_SHEET_FORMAT_PDF;
  if (!wm_paper_from_string (self->paper, &export->paper))
    export->paper = WM_PAPER_A4;

  persona_name = wm_record_get_string (persona, WM_PERSONA_NAME);
  name = g_strdup_printf ("%s.%s", *persona_name ? persona_name : _("Persona"), format);
  /* File names cannot hold a slash. */
  g_strdelimit (name, "/", '-');
  save_dialog (self, export, _("Export Persona Sheet"), name);
}

static void
export_markdown_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (widget);
  Export *export;

  if (self->store == NULL)
    return;

  wm_persona_editor_flush (self->editor);
  export = g_new0 (Export, 1);
  export->view = g_object_ref (self);
  export->markdown = TRUE;
  /* Translators: the suggested file name of the Markdown export */
  save_dialog (self, export, _("Export All Personas"), _("Personas.md"));
}

/* Overrides */

static void
wm_personas_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAPER:
      g_value_set_string (value, self->paper);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_personas_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAPER:
      if (g_strcmp0 (self->paper, g_value_get_string (value)) != 0)
        {
          g_free (self->paper);
          self->paper = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wm_personas_view_dispose (GObject *object)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (object);

  wm_personas_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_PERSONAS_VIEW);

  G_OBJECT_CLASS (wm_personas_view_parent_class)->dispose (object);
}

static void
wm_personas_view_finalize (GObject *object)
{
  WmPersonasView *self = WM_PERSONAS_VIEW (object);

  g_free (self->paper);

  G_OBJECT_CLASS (wm_personas_view_parent_class)->finalize (object);
}

static void
wm_personas_view_class_init (WmPersonasViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = wm_personas_view_get_property;
  object_class->set_property = wm_personas_view_set_property;
  object_class->dispose = wm_personas_view_dispose;
  object_class->finalize = wm_personas_view_finalize;

  /* The paper of exported sheets: "a4" or "letter". */
  properties[PROP_PAPER] = g_param_spec_string ("paper", NULL, NULL, "a4",
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WM_TYPE_LIST_DETAIL);
  g_type_ensure (WM_TYPE_PERSONA_EDITOR);
  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-personas-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, list_detail);
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, title_label);
  gtk_widget_class_bind_template_child (widget_class, WmPersonasView, editor);
  gtk_widget_class_bind_template_callback (widget_class, selected_changed_cb);

  gtk_widget_class_install_action (widget_class, "personas.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "personas.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "personas.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "personas.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "personas.export-markdown", NULL,
                                   export_markdown_action);
  gtk_widget_class_install_property_action (widget_class, "personas.paper", "paper");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_personas_view_init (WmPersonasView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->paper = g_strdup (wm_paper_for_locale (NULL) == WM_PAPER_LETTER ? "letter" : "a4");
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), self);
  wm_list_detail_set_factory (self->list_detail, factory);
  g_object_unref (factory);
  wm_list_detail_set_add_action (self->list_detail, "personas.new", _("New Persona"));

  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

/* Public API */

GtkWidget *
wm_personas_view_new (void)
{
  return g_object_new (WM_TYPE_PERSONAS_VIEW, NULL);
}

void
wm_personas_view_set_store (WmPersonasView *self,
                            WmStore        *store)
{
  g_return_if_fail (WM_IS_PERSONAS_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->editor)
    wm_persona_editor_set_persona (self->editor, NULL, NULL);
  g_clear_signal_handler (&self->shown_changed_id, self->shown);
  g_clear_object (&self->shown);
  if (self->list_detail)
    wm_list_detail_set_model (self->list_detail, NULL);
  if (self->personas)
    g_signal_handlers_disconnect_by_data (self->personas, self);
  g_clear_object (&self->personas);
  g_set_object (&self->store, store);

  if (store == NULL)
    {
      update_actions (self);
      return;
    }

  self->personas = wm_record_list_new (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0);
  g_signal_connect_object (self->personas, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  wm_list_detail_set_model (self->list_detail, G_LIST_MODEL (self->personas));
  items_changed_cb (self);
  /* With no persona to select nothing else says the project is writable. */
  update_actions (self);
}

gboolean
wm_personas_view_show_persona (WmPersonasView *self,
                               gint64          persona_id)
{
  g_return_val_if_fail (WM_IS_PERSONAS_VIEW (self), FALSE);

  if (!select_id (self, persona_id))
    return FALSE;
  show_editor (self);

  return TRUE;
}
