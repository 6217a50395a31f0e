/* wm-kpi-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_KPI_EDITOR (wm_kpi_editor_get_type ())

G_DECLARE_FINAL_TYPE (WmKpiEditor, wm_kpi_editor, WM, KPI_EDITOR, AdwWindow)

/* The definition of a KPI: name, kind and variant, unit, target, warning
 * threshold, direction, description. Saving is one edit (one undo step). */

/* @kpi NULL makes a new KPI. */
WmKpiEditor *wm_kpi_editor_new        (WmStore      *store,
                                       WmRecord     *kpi);
/* The row editing @column (WM_KPI_NAME, WM_KPI_TARGET …), for tests. */
GtkWidget   *wm_kpi_editor_get_field  (WmKpiEditor  *self,
                                       WmColumnId    column);
/* Validates and writes; the new or edited KPI's id, 0 with @error set. */
gint64       wm_kpi_editor_save       (WmKpiEditor  *self,
                                       GError      **error);

G_END_DECLS
