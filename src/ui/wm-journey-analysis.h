/* wm-journey-analysis.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-map-layout.h"

G_BEGIN_DECLS

/* The analysis beside a journey's map: its channel switches (with the
 * risks of each), moments that matter, emotion by stage, lowest point and,
 * for a to-be journey, what changed against its as-is. */

/* Empties @box, then fills it with the analysis of @layout's journey (none
 * for NULL), a heading and a boxed list per part. A row that points at a
 * touchpoint calls @activated (@user_data, the GtkListBoxRow) when
 * activated. */
void    wm_journey_analysis_fill               (GtkBox        *box,
                                                WmMapLayout   *layout,
                                                GCallback      activated,
                                                gpointer       user_data);
/* The touchpoint a row of the analysis points at, or 0. */
gint64  wm_journey_analysis_row_get_touchpoint (GtkListBoxRow *row);

G_END_DECLS
