/* wm-persona-card.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-persona.h"
#include "wm-avatar-image.h"
#include "wm-persona-card.h"

struct _WmPersonaCard
{
  GtkWidget  parent_instance;

  GtkWidget *avatar;
  GtkLabel  *name;
  GtkLabel  *role;
  GtkLabel  *quote;
  GtkLabel  *channels;

  WmStore   *store;
  WmRecord  *persona;
  gulong     changed_id;
  gulong     store_changed_id;
};

G_DEFINE_FINAL_TYPE (WmPersonaCard, wm_persona_card, GTK_TYPE_WIDGET)

/* Helpers */

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);

  return GTK_LABEL (label);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_channels (WmPersonaCard *self)
{
  g_autoptr(GPtrArray) channels = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  if (self->persona != NULL)
    channels = wm_persona_list_channels (self->store, wm_record_get_id (self->persona), NULL);
  for (guint i = 0; channels && i < channels->len; i++)
    {
      if (names->len > 0)
        /* Translators: separates the items of a list, e.g. channel names */
        g_string_append (names, _(", "));
      g_string_append (names, wm_record_get_label (g_ptr_array_index (channels, i)));
    }
  set_label (self->channels, names->str);
}

static void
update (WmPersonaCard *self)
{
  WmAvatarImage *avatar = WM_AVATAR_IMAGE (self->avatar);
  const char *name, *quote;
  g_autofree char *quoted = NULL;

  if (self->persona == NULL)
    return;

  name = wm_record_get_string (self->persona, WM_PERSONA_NAME);
  quote = wm_record_get_string (self->persona, WM_PERSONA_QUOTE);
  wm_avatar_image_set_name (avatar, name);
  wm_avatar_image_set_color (avatar, wm_persona_get_color (self->persona));
  wm_avatar_image_set_image (avatar, wm_record_get_bytes (self->persona, WM_PERSONA_AVATAR));
  set_label (self->name, *name ? name : _("Unnamed persona"));
  set_label (self->role, wm_record_get_string (self->persona, WM_PERSONA_ROLE));
  /* Translators: a persona's quote; %s is the quote */
  quoted = *quote ? g_strdup_printf (_("“%s”"), quote) : NULL;
  set_label (self->quote, quoted);
}

static void
store_changed_cb (WmPersonaCard *self,
                  guint64        mask)
{
  if (mask & (WM_CHANGE_ENTITY (WM_ENTITY_PERSONA_CHANNEL) | WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL)))
    update_channels (self);
}

/* Overrides */

static void
wm_persona_card_dispose (GObject *object)
{
  WmPersonaCard *self = WM_PERSONA_CARD (object);

  wm_persona_card_set_persona (self, NULL, NULL);
  g_clear_pointer (&self->avatar, gtk_widget_unparent);
  while (gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));

  G_OBJECT_CLASS (wm_persona_card_parent_class)->dispose (object);
}

static void
wm_persona_card_class_init (WmPersonaCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_persona_card_dispose;
  gtk_widget_class_set_css_name (widget_class, "wm-persona-card");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
wm_persona_card_init (WmPersonaCard *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_layout_set_spacing (layout, 12);
  self->avatar = wm_avatar_image_new (48);
  gtk_widget_set_valign (self->avatar, GTK_ALIGN_START);
  gtk_widget_set_parent (self->avatar, GTK_WIDGET (self));

  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  self->name = add_label (text, "heading");
  self->role = add_label (text, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->role), "dim-label");
  self->quote = add_label (text, "wm-quote");
  gtk_widget_add_css_class (GTK_WIDGET (self->quote), "caption");
  gtk_label_set_wrap (self->quote, TRUE);
  gtk_label_set_lines (self->quote, 2);
  gtk_widget_set_margin_top (GTK_WIDGET (self->quote), 4);
  self->channels = add_label (text, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->channels), "wm-persona-channels");
  gtk_widget_set_margin_top (GTK_WIDGET (self->channels), 4);
  gtk_widget_set_parent (text, GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
wm_persona_card_new (void)
{
  return g_object_new (WM_TYPE_PERSONA_CARD, NULL);
}

void
wm_persona_card_set_persona (WmPersonaCard *self,
                             WmStore       *store,
                             WmRecord      *persona)
{
  g_return_if_fail (WM_IS_PERSONA_CARD (self));
  g_return_if_fail (!persona || WM_IS_STORE (store));

  if (self->persona == persona)
    return;

  g_clear_signal_handler (&self->changed_id, self->persona);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->persona, persona);
  if (persona != NULL)
    g_set_object (&self->store, store);
  else
    g_clear_object (&self->store);

  if (persona == NULL)
    return;

  self->changed_id = g_signal_connect_object (persona, "changed", G_CALLBACK (update), self,
                                              G_CONNECT_SWAPPED);
  /* The channels' names live outside the record. */
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  update (self);
  update_channels (self);
}

WmRecord *
wm_persona_card_get_persona (WmPersonaCard *self)
{
  g_return_val_if_fail (WM_IS_PERSONA_CARD (self), NULL);

  return self->persona;
}
