/* wm-persona-sheet.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "wm-store.h"

G_BEGIN_DECLS

typedef enum
{
  WM_PAPER_A4,
  WM_PAPER_LETTER,
} WmPaper;

typedef enum
{
  WM_SHEET_FORMAT_PDF,
  WM_SHEET_FORMAT_PNG,
} WmSheetFormat;

/* The resolution of PNG sheets: print quality, still a reasonable file. */
#define WM_PERSONA_SHEET_PNG_DPI 150

/* The page in PostScript points (1/72 inch). */
void      wm_paper_get_size            (WmPaper         paper,
                                        double         *width,
                                        double         *height);
/* "a4" or "letter" (any case); FALSE for anything else. */
gboolean  wm_paper_from_string         (const char     *text,
                                        WmPaper        *paper);
/* The paper people around @locale_name print on: Letter in the US and
 * Canada, A4 elsewhere. NULL for the current LC_PAPER/LC_ALL/LANG. */
WmPaper   wm_paper_for_locale          (const char     *locale_name);

/* Draws the persona's sheet: one page of @paper, in points, with its top
 * left corner at the origin of @cr. Everything fits on the page: long
 * content is set smaller, and what still does not fit is cut off. */
gboolean  wm_persona_sheet_draw        (WmStore        *store,
                                        gint64          persona_id,
                                        WmPaper         paper,
                                        cairo_t        *cr,
                                        GError        **error);
/* The sheet as a one-page PDF or a PNG at WM_PERSONA_SHEET_PNG_DPI. */
GBytes   *wm_persona_sheet_render      (WmStore        *store,
                                        gint64          persona_id,
                                        WmSheetFormat   format,
                                        WmPaper         paper,
                                        GError        **error);
/* Writes the rendered sheet to @file; @file is replaced whole or not at all. */
gboolean  wm_persona_sheet_export      (WmStore        *store,
                                        gint64          persona_id,
                                        WmSheetFormat   format,
                                        WmPaper         paper,
                                        GFile          *file,
                                        GError        **error);

/* wm_persona_sheet_export() with the drawing, encoding and writing in a
 * worker thread: the persona is read from @store before this returns. */
void      wm_persona_sheet_export_async  (WmStore             *store,
                                          gint64               persona_id,
                                          WmSheetFormat        format,
                                          WmPaper              paper,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  wm_persona_sheet_export_finish (GAsyncResult        *result,
                                          GError             **error);

/* Every persona of the project as Markdown, for wikis; user text escaped. */
char     *wm_persona_markdown          (WmStore        *store,
                                        GError        **error);

G_END_DECLS
