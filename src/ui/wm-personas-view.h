/* wm-personas-view.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_PERSONAS_VIEW (wm_personas_view_get_type ())

G_DECLARE_FINAL_TYPE (WmPersonasView, wm_personas_view, WM, PERSONAS_VIEW, GtkWidget)

GtkWidget *wm_personas_view_new       (void);
/* Shows @store's content (NULL shows nothing); the view only reads it. */
void       wm_personas_view_set_store (WmPersonasView *self,
                                       WmStore        *store);
/* Selects the persona and shows its editor; FALSE when there is no such persona. */
gboolean   wm_personas_view_show_persona (WmPersonasView *self,
                                          gint64          persona_id);

G_END_DECLS
