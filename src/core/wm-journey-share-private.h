/* wm-journey-share-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-interchange-private.h"

G_BEGIN_DECLS

/* What of @data goes with its journey @journey (a uuid): as exported, with
 * the shared rows it uses and the brand voice; no project row. A copy, with
 * the samples of its KPIs. */
WmProjectData *wm_journey_share_select   (WmProjectData *data,
                                          const char    *journey);
/* Whether @row, of @subset (from wm_journey_share_select()), is the
 * journey's own: in its tree, or a link into it. The shared rows it uses
 * (personas, channels, KPIs, the brand voice, with their own rows) are
 * not. */
gboolean       wm_journey_share_is_own   (WmProjectData *subset,
                                          WmEntity       entity,
                                          const WmRow   *row);

/* The shared rows of @subset that @target lacks by uuid but holds once by
 * key or name, as an import matches them (a journey imported into another
 * project): @target's stand for them. They leave @subset with what hangs
 * from them, and references to them name @target's rows. */
void           wm_journey_share_adopt_matches (WmProjectData *subset,
                                               WmProjectData *target);

G_END_DECLS
