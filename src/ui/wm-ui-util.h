/* wm-ui-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-kpi.h"
#include "wm-record-list.h"

G_BEGIN_DECLS

/* Small builders shared by the views, so that every view lays out text the same way. */

/* Makes sure the UI resources are linked in and registered: the linker drops
 * the resource object of a static library that nothing references. */
void        wm_ui_ensure_resources (void);

void        wm_ui_box_clear        (GtkBox       *box);
/* A left-aligned, wrapping label; @css_class may be NULL. */
GtkWidget  *wm_ui_label            (const char   *text,
                                    const char   *css_class);
/* A caption above a wrapping value. */
GtkWidget  *wm_ui_field            (const char   *caption,
                                    const char   *value);
/* A list box styled as a boxed list, without selection. */
GtkWidget  *wm_ui_boxed_list       (void);
/* A list row showing @title (bound to @record's label when @record is not NULL)
 * and a dimmed @subtitle. The returned row's title label is named "title". */
GtkWidget  *wm_ui_text_row         (WmRecord     *record,
                                    const char   *title,
                                    const char   *subtitle);
/* Sets the subtitle of a row made by wm_ui_text_row(). */
void        wm_ui_text_row_set_subtitle (GtkWidget *row,
                                         const char *subtitle);
/* The text a field shows: an editable's (an entry row's), a text view's or
 * a wrap row's. */
char       *wm_ui_field_dup_text   (GtkWidget    *field);
/* Shows @text in @field as if typed (a wrap row still offers to apply it);
 * nothing when it shows it already, so that the cursor stays where it is. */
void        wm_ui_field_set_text   (GtkWidget    *field,
                                    const char   *text);
/* gtk_widget_set_sensitive(), with the focus first leaving @widget when it
 * is inside: GTK warns when a text it focuses turns insensitive. */
void        wm_ui_set_sensitive    (GtkWidget    *widget,
                                    gboolean      sensitive);
/* The style class that colours a KPI status: success, warning, error. */
const char *wm_ui_kpi_status_css_class (WmKpiStatus status);
/* Selects the row for @id, else the first row; returns the id selected (0 when empty). */
gint64      wm_ui_list_select      (GtkListBox   *list,
                                    WmRecordList *records,
                                    gint64        id);
/* The label of a referenced row, or NULL. */
char       *wm_ui_lookup_label     (WmStore      *store,
                                    WmEntity      entity,
                                    gint64        id);
/* @list with @uri moved or added to the front, at most @max entries. */
char      **wm_ui_recent_prepend   (const char *const *list,
                                    const char   *uri,
                                    guint         max);

/* Gives @button the menu of @model when it first opens. GTK builds every row
 * of a popover menu as soon as a button has its model, so a window with a
 * few menus would pay for all their rows before its first frame. */
void        wm_ui_menu_button_set_menu_lazily (GtkMenuButton *button,
                                               GMenuModel    *model);

/* A toast in the nearest AdwToastOverlay above @widget, with an Undo button
 * (win.undo) when @with_undo; nothing when there is no overlay (tests). */
void        wm_ui_toast            (GtkWidget    *widget,
                                    const char   *title,
                                    gboolean      with_undo);

/* Scrolls the page that holds @widget just far enough to show it whole,
 * once it has been laid out (it may only just have been shown, or grown):
 * an answer below the fold of a tall form would go unseen. */
void        wm_ui_scroll_into_view (GtkWidget    *widget);

/* Tells of something the person must take note of (mostly a failure) in
 * a dialog over @parent with one Close button; returns it, shown. */
GtkWidget  *wm_ui_alert            (GtkWindow    *parent,
                                    const char   *heading,
                                    const char   *body);

G_END_DECLS
