/* wm-map-export.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-map-render.h"

G_BEGIN_DECLS

/* Files from a journey map, drawn by the same renderer as the canvas. Each
 * is written beside @path and renamed over it, so @path is never
 * half-written; on error nothing is left behind. */

typedef enum
{
  WM_MAP_EXPORT_PNG,
  WM_MAP_EXPORT_SVG,
  WM_MAP_EXPORT_PDF,
  WM_MAP_EXPORT_CSV,
  WM_MAP_EXPORT_MERMAID,
} WmMapExportFormat;

/* "png", "svg", "pdf", "csv", "mermaid" (also "mmd"); FALSE when unknown. */
gboolean   wm_map_export_format_from_string (const char          *name,
                                             WmMapExportFormat   *format);

/* The whole map at @scale (1 = map units as pixels) for PNG; the map as
 * vectors with text as text for SVG; for PDF, landscape A3 pages at a
 * readable size, the map split across pages by stages when it is wider, the
 * stage headers and lane labels repeated on every page. @options may be NULL. */
gboolean   wm_map_export                    (WmMapLayout               *layout,
                                             WmMapExportFormat          format,
                                             const char                *path,
                                             double                     scale,
                                             const WmMapRenderOptions  *options,
                                             GError                   **error);

/* One row per touchpoint in journey order, RFC 4180 quoting, a header row. */
char      *wm_map_export_csv                (WmMapModel                *model);

/* Number of PDF pages wm_map_export() writes for @layout. */
guint      wm_map_export_count_pdf_pages    (WmMapLayout               *layout);

G_END_DECLS
