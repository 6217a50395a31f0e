/* wm-kpi-value-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

/* Asks for one value of @kpi (time, value, number of answers) and stores it
 * on "save" as one edit: a new sample when @sample is NULL, else a
 * correction of @sample. The entries are named "time", "value" and "n". */
AdwMessageDialog *wm_kpi_value_dialog_new (GtkWindow      *parent,
                                           WmStore        *store,
                                           WmRecord       *kpi,
                                           const WmSample *sample);

G_END_DECLS
