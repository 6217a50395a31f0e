/* wm-persona-card.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_PERSONA_CARD (wm_persona_card_get_type ())

G_DECLARE_FINAL_TYPE (WmPersonaCard, wm_persona_card, WM, PERSONA_CARD, GtkWidget)

/* One persona in the gallery: avatar or initials in its colour, name, role,
 * quote and preferred channels. It follows its (live) record, and the store
 * for the channels. */
GtkWidget *wm_persona_card_new         (void);
/* Shows @persona (NULL to show nothing). */
void       wm_persona_card_set_persona (WmPersonaCard *self,
                                        WmStore       *store,
                                        WmRecord      *persona);
WmRecord  *wm_persona_card_get_persona (WmPersonaCard *self);

G_END_DECLS
