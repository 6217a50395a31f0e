/* wm-list-detail.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-record.h"

G_BEGIN_DECLS

#define WM_TYPE_LIST_DETAIL (wm_list_detail_get_type ())

G_DECLARE_FINAL_TYPE (WmListDetail, wm_list_detail, WM, LIST_DETAIL, GtkWidget)

/* The skeleton the Journeys, Personas, KPIs and Brand voice pages share: a
 * searchable sidebar list of records beside the selected record's detail.
 * It folds into one column in a narrow window (AdwLeaflet), with a back
 * button on the detail. Showing another record scrolls the detail to its top;
 * a change to the list that keeps the selected record keeps it selected.
 * When the selected record is deleted, its neighbour is selected; if another
 * program deleted it (the list is a WmRecordList, and its store reports a
 * change from outside), a toast says so.
 *
 * Properties: "selected" (WmRecord, may be NULL), "folded", "show-search",
 * "add-action-name", "add-tooltip", "placeholder-text", "detail" (GtkWidget),
 * "scroll-detail" (the detail scrolls inside the page; FALSE for a detail that
 * scrolls itself, such as the journey map), "unselected-title",
 * "unselected-icon-name" and "unselected-child" (what takes the detail's
 * place while nothing is selected: a search that matches nothing; clearing
 * it selects again the record it hid). */

GtkWidget     *wm_list_detail_new               (void);

/* @model holds WmRecord items, typically a WmRecordList. Rows show each
 * record's "label" unless a factory is set. The search filters on "label". */
void           wm_list_detail_set_model         (WmListDetail       *self,
                                                 GListModel         *model);
GListModel    *wm_list_detail_get_model         (WmListDetail       *self);
void           wm_list_detail_set_factory       (WmListDetail       *self,
                                                 GtkListItemFactory *factory);

void           wm_list_detail_set_detail        (WmListDetail       *self,
                                                 GtkWidget          *detail);
GtkWidget     *wm_list_detail_get_detail        (WmListDetail       *self);
void           wm_list_detail_set_scroll_detail (WmListDetail       *self,
                                                 gboolean            scroll_detail);

WmRecord      *wm_list_detail_get_selected      (WmListDetail       *self);
gint64         wm_list_detail_get_selected_id   (WmListDetail       *self);
/* Selects the record with @id, clearing the search if it hides it; returns
 * whether the list has it. */
gboolean       wm_list_detail_select_id         (WmListDetail       *self,
                                                 gint64              id);
/* In a folded layout, shows the detail (TRUE) or the list (FALSE). */
void           wm_list_detail_show_detail       (WmListDetail       *self,
                                                 gboolean            show);
gboolean       wm_list_detail_get_folded        (WmListDetail       *self);

void           wm_list_detail_set_add_action    (WmListDetail       *self,
                                                 const char         *action_name,
                                                 const char         *tooltip);
void           wm_list_detail_set_show_search   (WmListDetail       *self,
                                                 gboolean            show_search);
void           wm_list_detail_set_placeholder_text (WmListDetail    *self,
                                                    const char      *text);
/* Moves keyboard focus to the search entry (Ctrl+F). */
void           wm_list_detail_focus_search      (WmListDetail       *self);
/* The scroll position of a detail that scrolls inside the page. */
GtkAdjustment *wm_list_detail_get_detail_vadjustment (WmListDetail  *self);

/* A detail that builds its widgets again after a change (another program
 * wrote the file) keeps what the person was doing: save the state before
 * and restore it after. Fields named with wm_list_detail_set_field_key ()
 * (call it once the field shows the stored value) keep their keyboard focus
 * and cursor, and text typed but not yet saved; the detail keeps its scroll
 * position. Restoring frees @state. */
typedef struct _WmListDetailState WmListDetailState;

void               wm_list_detail_set_field_key  (GtkWidget         *field,
                                                  const char        *key);
/* @field's text was saved: it no longer counts as typed. */
void               wm_list_detail_field_saved    (GtkWidget         *field);
WmListDetailState *wm_list_detail_save_state     (WmListDetail      *self);
void               wm_list_detail_restore_state  (WmListDetail      *self,
                                                  WmListDetailState *state);
void               wm_list_detail_state_free     (WmListDetailState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmListDetailState, wm_list_detail_state_free)

G_END_DECLS
