/* wm-mermaid.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-mermaid"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "wm-mermaid.h"

G_DEFINE_QUARK (wm-mermaid-error-quark, wm_mermaid_error)

int
wm_mermaid_score_to_emotion (int score)
{
  /* Round half away from zero: 2 → −1.5 → −2, 4 → +1.5 → +2. */
  return (int) lround ((CLAMP (score, 1, 5) - 3) * 1.5);
}

int
wm_mermaid_emotion_to_score (int emotion)
{
  return (int) lround (CLAMP (emotion, -3, 3) / 1.5 + 3);
}

WmMermaidJourney *
wm_mermaid_parse (const char  *text,
                  GError     **error)
{
  g_set_error (error, WM_MERMAID_ERROR, WM_MERMAID_ERROR_NOT_JOURNEY, "not yet");
  return NULL;
}

void
wm_mermaid_journey_free (WmMermaidJourney *journey)
{
  g_free (journey);
}

gint64
wm_mermaid_import (WmStore                *store,
                   const WmMermaidJourney *journey,
                   GError                **error)
{
  return 0;
}

char *
wm_mermaid_write (WmMapModel *model)
{
  return g_strdup ("journey\n");
}
