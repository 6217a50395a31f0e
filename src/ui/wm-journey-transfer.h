/* wm-journey-transfer.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-window.h"

G_BEGIN_DECLS

/* Export a Journey…: asks which journey (when there are several) and where,
 * and writes it with what it uses as a project of its own. */
void wm_journey_transfer_export (WmWindow *window);
/* The same for journey @journey_id: asks only where. */
void wm_journey_transfer_export_journey (WmWindow *window,
                                         gint64    journey_id);
/* Import a Journey…: asks for another project and (when it has several)
 * which journey, asks where a persona, channel or KPI name fits more than
 * one of this project's, and adds the journey as one undoable edit. A
 * journey the project has already (exported, edited elsewhere) has its
 * changes merged into it instead, after asking. */
void wm_journey_transfer_import (WmWindow *window);
/* The same, from @source, without asking for a file. */
void wm_journey_transfer_import_from (WmWindow *window,
                                      WmStore  *source);

G_END_DECLS
