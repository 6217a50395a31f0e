/* wm-kpi-link-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* Asks where on which journey's map @kpi shows (the whole journey, one of
 * its stages or one of its touchpoints) and links it there on "add", as one
 * edit (wm_kpi_link_add()). The drop-downs are named "journey" and "place". */
AdwMessageDialog *wm_kpi_link_dialog_new (GtkWindow *parent,
                                          WmStore   *store,
                                          WmRecord  *kpi);

G_END_DECLS
