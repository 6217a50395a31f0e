/* wm-demo-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* wm_demo_populate() from a given demo source instead of the built-in one,
 * so tests can feed it broken sources. On failure the project is left as it
 * was, with no undo step. */
gboolean  wm_demo_populate_from_data (WmStore  *store,
                                      GBytes   *json,
                                      gint64    now,
                                      GError  **error);

/* wm_demo_populate_from_data() with the translation layer @translation
 * (data/demo/demo.<language>.json's format) over @json; NULL for none. */
gboolean  wm_demo_populate_translated (WmStore  *store,
                                       GBytes   *json,
                                       GBytes   *translation,
                                       gint64    now,
                                       GError  **error);

/* wm_demo_populate() and wm_demo_create() in @language (a locale name such
 * as "de_DE.UTF-8" or "de") instead of the user's languages; NULL for the
 * user's languages. Without a translation for @language the demo is in
 * English. */
gboolean  wm_demo_populate_for_language (WmStore     *store,
                                         const char  *language,
                                         gint64       now,
                                         GError     **error);
WmStore  *wm_demo_create_for_language   (const char  *path,
                                         const char  *language,
                                         GError     **error);

G_END_DECLS
