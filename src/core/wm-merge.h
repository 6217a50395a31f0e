/* wm-merge.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-store.h"

G_BEGIN_DECLS

/* Three-way merge of two edited copies of a project (ours, theirs) with the
 * copy they both started from (base). Rows are matched by uuid and merged
 * column by column; what both sides changed differently is a conflict. */

typedef enum
{
  WM_MERGE_UNDECIDED,
  WM_MERGE_OURS,
  WM_MERGE_THEIRS,
} WmMergeSide;

typedef enum
{
  WM_CONFLICT_VALUE,        /* both changed the same column, differently */
  WM_CONFLICT_EDIT_DELETE,  /* one side deleted the row, the other edited it */
  WM_CONFLICT_DANGLING,     /* the row refers to one the other side deleted */
} WmConflictKind;

typedef struct
{
  WmConflictKind  kind;
  WmEntity        entity;
  char           *uuid;
  char           *label;    /* what a person reads as the row's name */
  char           *column;   /* the column's key, NULL for the whole row */
  char           *ours;     /* our value; NULL where our side deleted it or it is NULL */
  char           *theirs;
  gboolean        ours_deleted;
  gboolean        theirs_deleted;
  char           *key;      /* identifies the conflict across runs */
} WmConflict;

typedef struct _WmMerge WmMerge;

/* Reads the three projects. Without @base (NULL), one is reconstructed
 * from the two copies' uuids and modified_at (see wm-merge.c); when they
 * share nothing to tell it from, fails saying the base is needed. */
WmMerge    *wm_merge_new              (WmStore      *base,
                                       WmStore      *ours,
                                       WmStore      *theirs,
                                       GError      **error);
/* Brings back journey @journey (a uuid) from @theirs, into @ours: a copy of
 * it exported to its own project (wm_journey_share_export()) and edited
 * elsewhere, or another copy of the project. Only the journey and the
 * personas, channels, KPIs and brand voice it uses are merged, without a
 * base; whatever else @theirs holds or lacks is not theirs to change here,
 * and stays as @ours has it. */
WmMerge    *wm_merge_new_journey      (WmStore      *ours,
                                       WmStore      *theirs,
                                       const char   *journey,
                                       GError      **error);
void        wm_merge_free             (WmMerge      *self);
/* The side taken for every conflict not chosen one by one
 * (WM_MERGE_UNDECIDED: conflicts stay open). */
void        wm_merge_set_default      (WmMerge      *self,
                                       WmMergeSide   side);
void        wm_merge_choose           (WmMerge      *self,
                                       const char   *conflict_key,
                                       WmMergeSide   side);
/* Merges with the choices made so far; returns the conflicts still open
 * (WmConflict, owned by @self, valid until the next call). A choice can
 * bring a new conflict (keeping a touchpoint whose stage the other side
 * deleted), so run again until none is left. */
GPtrArray  *wm_merge_run              (WmMerge      *self,
                                       GError      **error);
/* How many rows and samples the last run took from each side. */
void        wm_merge_get_stats        (WmMerge      *self,
                                       guint        *n_from_ours,
                                       guint        *n_from_theirs,
                                       guint        *n_merged);
/* Writes the result of the last run to @path (replacing it if it exists,
 * atomically); fails while conflicts are open. */
gboolean    wm_merge_write            (WmMerge      *self,
                                       const char   *path,
                                       GError      **error);
/* The name, in ours, of the journey a merge made by wm_merge_new_journey()
 * brings back; NULL for a merge of whole copies. */
const char *wm_merge_get_journey_name (WmMerge      *self);
/* Applies the result of the last run to @store, the project open as ours,
 * as one edit and one undo step labelled @label (NULL: "Merge a
 * colleague's copy", or for a journey's merge "Merge the changes to
 * “NAME”"); fails while conflicts are open, writing nothing. */
gboolean    wm_merge_apply            (WmMerge      *self,
                                       WmStore      *store,
                                       const char   *label,
                                       GError      **error);
const char *wm_conflict_kind_describe (WmConflictKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmMerge, wm_merge_free)

G_END_DECLS
