/* wm-voice-report-view.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "wm-store.h"
#include "wm-voice-project.h"

G_BEGIN_DECLS

/* The project-wide brand-voice report: the consistency score (the share of
 * copy that passes every rule) overall and per journey × channel, and every
 * finding. Activating a finding activates the action "win.show-touchpoint"
 * with the touchpoint's row id (an int64, "x") as its parameter; the window
 * shows that touchpoint. The report follows the store's edits while it is
 * shown, and exports as Markdown or CSV ("report.export" with "markdown" or
 * "csv"). */

#define WM_TYPE_VOICE_REPORT_VIEW (wm_voice_report_view_get_type ())

G_DECLARE_FINAL_TYPE (WmVoiceReportView, wm_voice_report_view, WM, VOICE_REPORT_VIEW, GtkWidget)

GtkWidget     *wm_voice_report_view_new            (void);
void           wm_voice_report_view_set_store      (WmVoiceReportView  *self,
                                                    WmStore            *store);
/* The report shown (checked again first if the project changed since); NULL without a store. */
WmVoiceReport *wm_voice_report_view_get_report     (WmVoiceReportView  *self);
/* Writes the report to @file, atomically (all or nothing). */
gboolean       wm_voice_report_view_export_to_file (WmVoiceReportView  *self,
                                                    GFile              *file,
                                                    WmVoiceExportFormat format,
                                                    GError            **error);

G_END_DECLS
