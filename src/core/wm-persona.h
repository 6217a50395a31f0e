/* wm-persona.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Persona operations above single rows, shared by the window, the CLI and
 * the sheet: each is one edit and one undo step. */

typedef struct
{
  const char *kind;     /* the persona_item kind value */
  const char *heading;  /* N_(), plural: "Goals" */
  const char *add_label; /* N_(): "Add goal" */
} WmPersonaItemKind;

/* The item kinds in the order a persona reads: goals, pain points, needs,
 * behaviours, motivations. */
const WmPersonaItemKind *wm_persona_item_kinds   (guint       *n_kinds);
const WmPersonaItemKind *wm_persona_item_kind    (const char  *kind);

/* Colours that read well as a persona's mark and emotion curve, on light
 * and dark backgrounds ("#rrggbb"), NULL-terminated. */
const char *const *wm_persona_palette            (void);
/* The persona's colour, or a palette colour picked by its id when unset.
 * Wherever a persona is drawn (its avatar, its sheet, its emotion curve on
 * the journey map) it is drawn in this colour. */
const char        *wm_persona_get_color          (WmRecord    *persona);
/* The palette colour the fewest personas of @store use. */
const char        *wm_persona_next_color         (WmStore     *store);

/* A new persona named @name with a fresh palette colour; returns its id. */
gint64             wm_persona_create             (WmStore     *store,
                                                  const char  *name,
                                                  GError     **error);
/* A deep copy of the persona: its columns, items and preferred channels,
 * named “… (copy)” and placed after it. Journeys stay with the original.
 * Returns the copy's id. */
gint64             wm_persona_duplicate          (WmStore     *store,
                                                  gint64       persona_id,
                                                  GError     **error);
/* The journeys the persona appears in, in journey order (GPtrArray of WmRecord). */
GPtrArray         *wm_persona_list_journeys      (WmStore     *store,
                                                  gint64       persona_id,
                                                  GError     **error);
/* The personas of a journey, in persona order (GPtrArray of WmRecord). */
GPtrArray         *wm_persona_list_for_journey   (WmStore     *store,
                                                  gint64       journey_id,
                                                  GError     **error);
/* The persona's preferred channels, in their order (GPtrArray of channel WmRecord). */
GPtrArray         *wm_persona_list_channels      (WmStore     *store,
                                                  gint64       persona_id,
                                                  GError     **error);
/* A persona by row id ("12"), uuid or exact name, as people give it on a
 * command line; NULL with WM_STORE_ERROR_NOT_FOUND when none or several match. */
WmRecord          *wm_persona_find               (WmStore     *store,
                                                  const char  *id_or_name,
                                                  GError     **error);

G_END_DECLS
