/* wm-journey-canvas.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-map-layout.h"
#include "wm-store.h"

G_BEGIN_DECLS

#define WM_TYPE_JOURNEY_CANVAS (wm_journey_canvas_get_type ())

G_DECLARE_FINAL_TYPE (WmJourneyCanvas, wm_journey_canvas, WM, JOURNEY_CANVAS, GtkWidget)

/* What has the keyboard focus on the map. */
typedef enum
{
  WM_MAP_ITEM_NONE,
  WM_MAP_ITEM_STAGE,      /* a stage header */
  WM_MAP_ITEM_LANE,       /* a lane label */
  WM_MAP_ITEM_CELL,       /* a lane × stage cell (its text, or an empty place for cards) */
  WM_MAP_ITEM_TOUCHPOINT, /* a touchpoint card */
} WmMapItem;

/* The journey map editor: one widget paints the whole map, scrolls it
 * (GtkScrollable, with the stage headers and lane labels kept in view) and
 * zooms it. Actions, in the "map" group:
 *   map.add-stage, map.add-lane ("s" kind), map.add-touchpoint, map.edit,
 *   map.delete, map.move ("s" left|right|up|down), map.focus ("s" the same,
 *   or home|end|page-up|page-down),
 *   map.copy, map.paste, map.duplicate, map.zoom-in, map.zoom-out,
 *   map.zoom-reset, map.zoom-fit.
 * Signal "edit-touchpoint" (gint64 id): a person asked to edit a card
 * (Enter, a double-click, a new card). Signal "map-changed": the journey
 * was read again after a change (analysis lists follow it).
 * Properties: "selected-touchpoint" (gint64), "zoom" (double).
 *
 * Accessibility: GTK 4.8 has no accessible objects for drawn content, so the
 * canvas is one focusable group whose label is the journey's name and whose
 * description is always the focused item, read as a sentence ("Touchpoint
 * Support hotline, Phone, stage Call the hotline, emotion −2, moment that
 * matters"); arrows move that focus, so a screen reader hears each item. */

GtkWidget  *wm_journey_canvas_new                (void);
void        wm_journey_canvas_set_journey        (WmJourneyCanvas *self,
                                                  WmStore         *store,
                                                  gint64           journey_id);
gint64      wm_journey_canvas_get_journey_id     (WmJourneyCanvas *self);
gint64      wm_journey_canvas_get_selected_touchpoint (WmJourneyCanvas *self);
void        wm_journey_canvas_select_touchpoint  (WmJourneyCanvas *self,
                                                  gint64           touchpoint_id);
/* The focused item; the ids are 0 where they do not apply. */
WmMapItem   wm_journey_canvas_get_focus          (WmJourneyCanvas *self,
                                                  gint64          *stage_id,
                                                  gint64          *lane_id,
                                                  gint64          *touchpoint_id);
void        wm_journey_canvas_focus_cell         (WmJourneyCanvas *self,
                                                  gint64           stage_id,
                                                  gint64           lane_id);
void        wm_journey_canvas_focus_stage        (WmJourneyCanvas *self,
                                                  gint64           stage_id);
void        wm_journey_canvas_focus_lane         (WmJourneyCanvas *self,
                                                  gint64           lane_id);
/* Scrolls the focused item into view (after the map got narrower, say). */
void        wm_journey_canvas_show_focus         (WmJourneyCanvas *self);
/* What a screen reader says for the focused item (also the widget's
 * accessible description), translated; NULL when nothing is focused. */
char       *wm_journey_canvas_describe_focus     (WmJourneyCanvas *self);
/* What the tooltip says at (@x, @y), widget coordinates: a card, a channel
 * switch, a point of the emotion curve, a "+"; NULL elsewhere. */
char       *wm_journey_canvas_describe_at        (WmJourneyCanvas *self,
                                                  double           x,
                                                  double           y);
double      wm_journey_canvas_get_zoom           (WmJourneyCanvas *self);
void        wm_journey_canvas_set_zoom           (WmJourneyCanvas *self,
                                                  double           zoom);
/* The map's size at zoom 1, in pixels. */
void        wm_journey_canvas_get_map_size       (WmJourneyCanvas *self,
                                                  double          *width,
                                                  double          *height);
/* Where a card, or a cell when @touchpoint_id is 0, is drawn, in widget
 * coordinates; FALSE when there is no such card or cell. */
gboolean    wm_journey_canvas_get_item_area      (WmJourneyCanvas *self,
                                                  gint64           stage_id,
                                                  gint64           lane_id,
                                                  gint64           touchpoint_id,
                                                  graphene_rect_t *area);
/* Moves a card to a cell, before the card at @index there (-1: at its end),
 * as one undo step: what a drop does. */
gboolean    wm_journey_canvas_move_touchpoint    (WmJourneyCanvas *self,
                                                  gint64           touchpoint_id,
                                                  gint64           stage_id,
                                                  gint64           lane_id,
                                                  int              index,
                                                  GError         **error);

/* The journey as shown, and its layout; NULL when none. */
WmMapModel *wm_journey_canvas_get_model          (WmJourneyCanvas *self);
WmMapLayout *wm_journey_canvas_get_layout        (WmJourneyCanvas *self);
/* On a to-be journey, shows its as-is journey's curves and marks what changed. */
void        wm_journey_canvas_set_compare        (WmJourneyCanvas *self,
                                                  gboolean         compare);
gboolean    wm_journey_canvas_get_compare        (WmJourneyCanvas *self);
/* Whether cards show their brand-voice findings (badge and tooltip). */
void        wm_journey_canvas_set_show_findings  (WmJourneyCanvas *self,
                                                  gboolean         show);
gboolean    wm_journey_canvas_get_show_findings  (WmJourneyCanvas *self);
/* How long the last read of the journey after a change took, for benchmarks. */
gint64      wm_journey_canvas_get_last_reload_us (WmJourneyCanvas *self);

G_END_DECLS
