/* wm-kpi-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-kpi.h"
#include "wm-kpi-editor.h"
#include "wm-kpi-ui.h"

struct _WmKpiEditor
{
  AdwWindow      parent_instance;

  WmStore       *store;
  WmRecord      *kpi;         /* NULL for a new KPI */

  GtkWidget     *save_button;
  GtkLabel      *error_label;
  AdwEntryRow   *name_row;
  AdwComboRow   *kind_row;
  AdwComboRow   *variant_row;
  AdwEntryRow   *unit_row;
  AdwEntryRow   *target_row;
  AdwEntryRow   *warning_row;
  AdwComboRow   *direction_row;
  AdwEntryRow   *description_row;

  char          *last_suggestion;  /* the unit the kind suggested last */
  gboolean       name_touched;     /* written in, or a save was asked for */
};

G_DEFINE_FINAL_TYPE (WmKpiEditor, wm_kpi_editor, ADW_TYPE_WINDOW)

typedef struct
{
  const char *kind;
  const char *value;
  const char *label;
} Variant;

/* The variants wm_kpi_compute() knows; "" is each kind's default. */
static const Variant variants[] = {
  /* xgettext:no-c-format */
  { "csat", "top2box", NC_("KPI variant", "Top-two box (% of 4–5)") },
  { "csat", "mean", NC_("KPI variant", "Mean of 1–5") },
  { "ces", "mean", NC_("KPI variant", "Mean of 1–7") },
  /* xgettext:no-c-format */
  { "ces", "top3box", NC_("KPI variant", "Top-three box (% of 5–7)") },
};

static const char *
selected_kind (WmKpiEditor *self)
{
  return wm_kpi_ui_selected_choice (self->kind_row, WM_KPI_KIND);
}

static const char *
selected_variant (WmKpiEditor *self)
{
  const char *kind = selected_kind (self);
  guint selected = adw_combo_row_get_selected (self->variant_row);
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      if (g_strcmp0 (variants[i].kind, kind) != 0)
        continue;
      if (n++ == selected)
        return variants[i].value;
    }

  return "";
}

static void
fill_variants (WmKpiEditor *self,
               const char  *current)
{
  const char *kind = selected_kind (self);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0, n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      if (g_strcmp0 (variants[i].kind, kind) != 0)
        continue;
      gtk_string_list_append (list, g_dpgettext2 (GETTEXT_PACKAGE, "KPI variant",
                                                  variants[i].label));
      if (g_strcmp0 (variants[i].value, current) == 0)
        selected = n;
      n++;
    }
  adw_combo_row_set_model (self->variant_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->variant_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->variant_row), n > 0);
}

static gboolean
optional_number (AdwEntryRow *row,
                 gboolean    *is_set,
                 double      *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  *is_set = *stripped != '\0';
  if (!*is_set)
    return TRUE;

  return wm_kpi_ui_parse_number (stripped, value);
}

static gboolean
validate (WmKpiEditor *self,
          GError     **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name = g_strstrip (g_strdup (text));
  gboolean ok = TRUE;
  gboolean is_set;
  double value;

  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->target_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->warning_row), "error");

  if (!optional_number (self->warning_row, &is_set, &value))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->warning_row), "error");
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("The warning threshold must be a number, or empty for none."));
      ok = FALSE;
    }
  if (!optional_number (self->target_row, &is_set, &value))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->target_row), "error");
      g_clear_error (error);
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("The target must be a number, or empty for none."));
      ok = FALSE;
    }
  if (*name == '\0')
    {
      /* Required, but not wrong before the person has written in it: until
       * then Add only waits. */
      if (self->name_touched)
        gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      g_clear_error (error);
      g_set_error_literal (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID,
                           _("A KPI needs a name."));
      ok = FALSE;
    }

  return ok;
}

static void
name_changed_cb (WmKpiEditor *self)
{
  self->name_touched = TRUE;
}

static void
changed_cb (WmKpiEditor *self)
{
  g_autoptr(GError) error = NULL;
  gboolean valid = validate (self, &error);

  gtk_widget_set_sensitive (self->save_button, valid);
}

/* The unit a KPI of this kind is read in: percentages for shares. */
static const char *
suggested_unit (WmKpiEditor *self)
{
  const char *kind = selected_kind (self);
  const char *variant = selected_variant (self);

  if (g_str_equal (kind, "fcr") || g_str_equal (kind, "retention")
      || (g_str_equal (kind, "csat") && !g_str_equal (variant, "mean"))
      || (g_str_equal (kind, "ces") && g_str_equal (variant, "top3box")))
    return "%";

  return "";
}

/* A unit the person has not typed follows the kind. */
static void
follow_unit (WmKpiEditor *self,
             const char  *previous)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->unit_row)), previous) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->unit_row), suggested_unit (self));
}

static void
variant_changed_cb (WmKpiEditor *self)
{
  follow_unit (self, self->last_suggestion);
  g_free (self->last_suggestion);
  self->last_suggestion = g_strdup (suggested_unit (self));
}

static void
kind_changed_cb (WmKpiEditor *self)
{
  g_autofree char *previous = NULL;

  /* The suggestion for the kind and variant before the change. */
  previous = g_strdup (self->last_suggestion);
  fill_variants (self, "");
  follow_unit (self, previous);
  g_free (self->last_suggestion);
  self->last_suggestion = g_strdup (suggested_unit (self));
}

static void
set_optional_entry (AdwEntryRow *row,
                    WmRecord    *kpi,
                    WmColumnId   column)
{
  g_autofree char *text = NULL;

  if (kpi && wm_record_is_set (kpi, column))
    text = wm_kpi_format_number (wm_record_get_double (kpi, column), 6);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static GtkWidget *
entry_row (const char *title)
{
  return g_object_new (ADW_TYPE_ENTRY_ROW, "title", title, NULL);
}

static void
save_clicked_cb (WmKpiEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (wm_kpi_editor_save (self, &error) == 0)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
build (WmKpiEditor *self)
{
  g_autoptr(GtkStringList) kinds = wm_kpi_ui_choice_labels (WM_KPI_KIND);
  g_autoptr(GtkStringList) directions = wm_kpi_ui_choice_labels (WM_KPI_DIRECTION);
  GtkWidget *header, *cancel, *page, *group, *box;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (self->kpi ? _("_Save") : _("_Add"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->error_label));

  self->name_row = ADW_ENTRY_ROW (entry_row (_("Name")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));
  self->variant_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->variant_row), _("Computed as"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->variant_row));
  self->description_row = ADW_ENTRY_ROW (entry_row (_("Description")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->description_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Target"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Values on the good side of the target are on "
                                           "target; between target and warning threshold "
                                           "they are a warning. Leave empty for none."));
  self->unit_row = ADW_ENTRY_ROW (entry_row (_("Unit")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->unit_row));
  self->target_row = ADW_ENTRY_ROW (entry_row (_("Target")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->target_row));
  self->warning_row = ADW_ENTRY_ROW (entry_row (_("Warning threshold")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->warning_row));
  self->direction_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->direction_row), _("Direction"));
  adw_combo_row_set_model (self->direction_row, G_LIST_MODEL (directions));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->direction_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);

  /* Values of the KPI being edited. */
  if (self->kpi)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), wm_record_get_label (self->kpi));
      wm_kpi_ui_select_choice (self->kind_row, WM_KPI_KIND,
                               wm_record_get_string (self->kpi, WM_KPI_KIND));
      gtk_editable_set_text (GTK_EDITABLE (self->unit_row),
                             wm_record_get_string (self->kpi, WM_KPI_UNIT));
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             wm_record_get_string (self->kpi, WM_KPI_DESCRIPTION));
      wm_kpi_ui_select_choice (self->direction_row, WM_KPI_DIRECTION,
                     wm_record_get_string (self->kpi, WM_KPI_DIRECTION));
    }
  else
    wm_kpi_ui_select_choice (self->kind_row, WM_KPI_KIND, "custom");
  set_optional_entry (self->target_row, self->kpi, WM_KPI_TARGET);
  set_optional_entry (self->warning_row, self->kpi, WM_KPI_WARNING);
  fill_variants (self, self->kpi ? wm_record_get_string (self->kpi, WM_KPI_VARIANT) : "");

  self->last_suggestion = g_strdup (suggested_unit (self));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (self->variant_row, "notify::selected",
                            G_CALLBACK (variant_changed_cb), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->target_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->warning_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (save_clicked_cb), self);
  changed_cb (self);
}

static void
wm_kpi_editor_dispose (GObject *object)
{
  WmKpiEditor *self = WM_KPI_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->kpi);
  g_clear_pointer (&self->last_suggestion, g_free);

  G_OBJECT_CLASS (wm_kpi_editor_parent_class)->dispose (object);
}

static void
wm_kpi_editor_class_init (WmKpiEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_kpi_editor_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wm_kpi_editor_init (WmKpiEditor *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 620);
}

WmKpiEditor *
wm_kpi_editor_new (WmStore  *store,
                   WmRecord *kpi)
{
  WmKpiEditor *self;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (kpi == NULL || WM_IS_RECORD (kpi), NULL);

  self = g_object_new (WM_TYPE_KPI_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->kpi = kpi ? g_object_ref (kpi) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), kpi ? _("Edit KPI") : _("New KPI"));
  build (self);
  /* Ready for typing where a person starts, not on Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return self;
}

GtkWidget *
wm_kpi_editor_get_field (WmKpiEditor *self,
                         WmColumnId   column)
{
  g_return_val_if_fail (WM_IS_KPI_EDITOR (self), NULL);

  switch (column)
    {
    case WM_KPI_NAME:
      return GTK_WIDGET (self->name_row);
    case WM_KPI_KIND:
      return GTK_WIDGET (self->kind_row);
    case WM_KPI_VARIANT:
      return GTK_WIDGET (self->variant_row);
    case WM_KPI_UNIT:
      return GTK_WIDGET (self->unit_row);
    case WM_KPI_TARGET:
      return GTK_WIDGET (self->target_row);
    case WM_KPI_WARNING:
      return GTK_WIDGET (self->warning_row);
    case WM_KPI_DIRECTION:
      return GTK_WIDGET (self->direction_row);
    case WM_KPI_DESCRIPTION:
      return GTK_WIDGET (self->description_row);
    default:
      return NULL;
    }
}

static void
set_optional (WmRecord    *draft,
              WmColumnId   column,
              AdwEntryRow *row)
{
  gboolean is_set;
  double value = 0;

  optional_number (row, &is_set, &value);
  if (is_set)
    wm_record_set_double (draft, column, value);
  else
    wm_record_unset (draft, column);
}

gint64
wm_kpi_editor_save (WmKpiEditor  *self,
                    GError      **error)
{
  g_autoptr(WmRecord) draft = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (WM_IS_KPI_EDITOR (self), 0);

  self->name_touched = TRUE;
  if (!validate (self, error))
    return 0;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  draft = self->kpi ? wm_record_copy (self->kpi) : wm_record_new (WM_ENTITY_KPI);
  wm_record_set_string (draft, WM_KPI_NAME, name);
  wm_record_set_string (draft, WM_KPI_KIND, selected_kind (self));
  wm_record_set_string (draft, WM_KPI_VARIANT, selected_variant (self));
  wm_record_set_string (draft, WM_KPI_UNIT, gtk_editable_get_text (GTK_EDITABLE (self->unit_row)));
  wm_record_set_string (draft, WM_KPI_DESCRIPTION,
                        gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  set_optional (draft, WM_KPI_TARGET, self->target_row);
  set_optional (draft, WM_KPI_WARNING, self->warning_row);
  wm_record_set_string (draft, WM_KPI_DIRECTION,
                        wm_kpi_ui_selected_choice (self->direction_row, WM_KPI_DIRECTION));

  if (self->kpi)
    return wm_store_update (self->store, draft, error) ? wm_record_get_id (draft) : 0;

  return wm_store_insert (self->store, draft, error);
}
