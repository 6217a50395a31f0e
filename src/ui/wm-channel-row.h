/* wm-channel-row.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A combo row that chooses one of a project's channels, or none: each shown
 * by its glyph, as the map's cards show it, then its name. */
GtkWidget *wm_channel_row_new          (void);
/* Lists "None", then @channels (WmRecord) in order; @ids gets each item's
 * channel id, 0 for none. */
void       wm_channel_row_set_channels (AdwComboRow *row,
                                        GPtrArray   *channels,
                                        GArray      *ids);

G_END_DECLS
