/* wm-journey-share.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* One journey as its own project, and one journey from another project. */

/* The journey of @source named @journey (its uuid or its name); with
 * @journey NULL, the only journey @source has. 0 and an error otherwise. */
gint64     wm_journey_share_find        (WmStore      *source,
                                         const char   *journey,
                                         GError      **error);

/* Writes journey @journey_id of @store, with the personas, channels and KPIs
 * (with their samples) it uses and the project's brand voice, as the new
 * project @path (which must not exist). Uuids are kept, so the journey can
 * come back and merge. */
gboolean   wm_journey_share_export      (WmStore      *store,
                                         gint64        journey_id,
                                         const char   *path,
                                         GError      **error);

/* A persona, channel, KPI or voice guideline of the imported journey whose
 * name more than one row of the project has. */
typedef struct
{
  WmEntity   entity;
  char      *uuid;         /* in the source */
  char      *label;
  GPtrArray *candidates;   /* uuids in the project */
} WmJourneyAmbiguity;

void       wm_journey_ambiguity_free    (gpointer      ambiguity);

/* What the import would match by name but cannot decide; empty when
 * nothing is ambiguous. @choices as for wm_journey_share_import(). */
GPtrArray *wm_journey_share_ambiguities (WmStore      *store,
                                         WmStore      *source,
                                         gint64        journey_id,
                                         GHashTable   *choices,
                                         GError      **error);

/* Adds journey @journey_id of @source to @store as one edit (one undo
 * step). Personas, channels, KPIs and voice guidelines the journey uses are
 * matched with the project's by uuid, then by name (channels by their key
 * first); what matches nothing is added. @choices (may be NULL) maps the
 * source uuid of an ambiguous row to the project's uuid to use, or to "" to
 * add it as a new row; an ambiguity left open fails with
 * WM_STORE_ERROR_CONFLICT and changes nothing. Returns the new journey's id. */
gint64     wm_journey_share_import      (WmStore      *store,
                                         WmStore      *source,
                                         gint64        journey_id,
                                         GHashTable   *choices,
                                         GError      **error);

/* Whether @theirs, a copy of @ours' project, looks like one journey of
 * @ours exported on its own: it holds exactly one journey, @ours has that
 * one and others too. A merge of the whole copy would take those others for
 * deleted there; wm_merge_new_journey() merges only the one. Sets @journey
 * to its uuid (free it) and @n_others to how many journeys of @ours it
 * lacks. */
gboolean   wm_journey_share_is_excerpt  (WmStore      *ours,
                                         WmStore      *theirs,
                                         char        **journey,
                                         guint        *n_others);

G_END_DECLS
