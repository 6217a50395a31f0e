/* wm-mermaid.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "wm-map-model.h"

G_BEGIN_DECLS

/* Mermaid `journey` diagrams, read as Mermaid's own grammar reads them
 * (packages/mermaid/src/diagrams/user-journey/parser/journey.jison) and
 * written back so that Mermaid → Waymark → Mermaid keeps the title, sections,
 * tasks, scores and actors.
 *
 * Scores 1 … 5 map to emotions −3 … +3 as 1 → −3, 2 → −2, 3 → 0, 4 → +2,
 * 5 → +3 and back by rounding, so every score survives the round trip. */

#define WM_MERMAID_ERROR (wm_mermaid_error_quark ())

typedef enum
{
  WM_MERMAID_ERROR_NOT_JOURNEY, /* another diagram type, or no diagram */
  WM_MERMAID_ERROR_SYNTAX,      /* a line Mermaid's journey grammar refuses */
} WmMermaidError;

typedef struct
{
  char   *name;
  int     score;          /* 1 … 5; 0 when the task gives none */
  GStrv   actors;         /* never NULL */
} WmMermaidTask;

typedef struct
{
  char       *name;       /* as written, "<br>" kept */
  GPtrArray  *tasks;      /* WmMermaidTask */
} WmMermaidSection;

typedef struct
{
  char       *title;      /* NULL when none */
  char       *acc_title;
  char       *acc_descr;
  GPtrArray  *sections;   /* WmMermaidSection; tasks before any section go in one named "" */
} WmMermaidJourney;

GQuark            wm_mermaid_error_quark      (void);

/* Errors say the line number and why, translated. */
WmMermaidJourney *wm_mermaid_parse            (const char        *text,
                                               GError           **error);
void              wm_mermaid_journey_free     (WmMermaidJourney  *journey);

int               wm_mermaid_score_to_emotion (int                score);
int               wm_mermaid_emotion_to_score (int                emotion);

/* Adds @journey to @store as a new journey, as one undoable edit: sections
 * become stages, tasks touchpoints, actors personas (made when no persona has
 * that name) linked to the journey with their emotion. Returns its id, 0 on error. */
gint64            wm_mermaid_import           (WmStore           *store,
                                               const WmMermaidJourney *journey,
                                               GError           **error);

/* @model as a Mermaid journey diagram. */
char             *wm_mermaid_write            (WmMapModel        *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WmMermaidJourney, wm_mermaid_journey_free)

G_END_DECLS
