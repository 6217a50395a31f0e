/* wm-kpi-samples.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Corrections of KPI samples by hand, beside wm_store_add_samples(). Each
 * call outside wm_store_begin_edit()/commit is one edit and one undo step. */

/* Deletes the sample of @kpi_id at @time; WM_STORE_ERROR_NOT_FOUND when there is none. */
gboolean  wm_kpi_samples_delete   (WmStore         *store,
                                   gint64           kpi_id,
                                   gint64           time,
                                   GError         **error);
/* Replaces the sample at @old_time by @sample (which may have another time),
 * as one edit labelled "Correct KPI value". */
gboolean  wm_kpi_samples_replace  (WmStore         *store,
                                   gint64           kpi_id,
                                   gint64           old_time,
                                   const WmSample  *sample,
                                   GError         **error);

G_END_DECLS
