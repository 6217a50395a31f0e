/* wm-map-compat.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-map-compat.h"

#ifdef WM_MAP_COMPAT_CHOICES
/* Goes when the core's choice table lands; the labels are the core's. */
const WmChoice *
wm_column_get_choices (WmColumnId column)
{
  static WmChoice risks[] = {
    { "none", NULL }, { "low", NULL }, { "medium", NULL }, { "high", NULL }, { NULL, NULL } };
  static WmChoice states[] = { { "as-is", NULL }, { "to-be", NULL }, { NULL, NULL } };
  static WmChoice evidence[] = {
    { "observed", NULL }, { "assumed", NULL }, { "proposed", NULL }, { NULL, NULL } };

  if (risks[0].label == NULL)
    {
      risks[0].label = C_("drop-out risk", "None");
      risks[1].label = C_("drop-out risk", "Low");
      risks[2].label = C_("drop-out risk", "Medium");
      risks[3].label = C_("drop-out risk", "High");
      evidence[0].label = C_("evidence", "Observed");
      evidence[1].label = C_("evidence", "Assumed");
      evidence[2].label = C_("evidence", "Proposed");
      states[0].label = C_("journey state", "As-is");
      states[1].label = C_("journey state", "To-be");
    }

  if (g_strcmp0 (column, WM_TOUCHPOINT_DROPOUT_RISK) == 0)
    return risks;
  if (g_strcmp0 (column, WM_TOUCHPOINT_EVIDENCE) == 0)
    return evidence;
  if (g_strcmp0 (column, WM_JOURNEY_STATE) == 0)
    return states;

  return NULL;
}
#endif
