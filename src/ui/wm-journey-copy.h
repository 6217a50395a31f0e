/* wm-journey-copy.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Whole journeys made in one edit each (one undo step). No GTK here: the
 * same calls could serve the CLI. */

/* A new journey: empty (a touchpoint lane and the emotion curve, so the
 * first stage gives cells to fill) or from the template of typical stages
 * (Aware, Consider, Buy, Use, Support, Leave) and lanes. Returns its id. */
gint64  wm_journey_create (WmStore   *store,
                           gboolean   from_template,
                           GError   **error);
/* A deep copy of @source (personas, stages, lanes, notes, touchpoints and
 * their per-persona emotions) placed right after it. A to-be copy is linked
 * to @source as its as-is journey and each touchpoint remembers the one it
 * came from (origin_uuid), for the comparison. Returns its id. */
gint64  wm_journey_copy   (WmStore   *store,
                           WmRecord  *source,
                           gboolean   to_be,
                           GError   **error);

G_END_DECLS
