/* wm-kpis-view.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_KPIS_VIEW (wm_kpis_view_get_type ())

G_DECLARE_FINAL_TYPE (WmKpisView, wm_kpis_view, WM, KPIS_VIEW, GtkWidget)

GtkWidget *wm_kpis_view_new       (void);
/* Shows @store's content (NULL shows nothing); the view only reads it. */
void       wm_kpis_view_set_store (WmKpisView *self,
                                   WmStore    *store);

G_END_DECLS
