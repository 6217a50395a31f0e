/* wm-journey-canvas-describe.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "wm-analysis.h"
#include "wm-journey-canvas-private.h"

/* A tooltip lists this many of a card's brand-voice findings. */
#define MAX_FINDINGS_SHOWN 3

/* The map in words. Much of what a card says is drawn as a mark: the ring,
 * dot or dashes of its evidence, the star of a moment that matters, the
 * risk chip, the count of brand-voice findings; a channel switch is a round
 * mark between two cards, a feeling a point of the curve. The tooltip says
 * what the mark under the pointer means, and a screen reader hears the same
 * of the focused card (GTK 4.8 has no accessible children for drawn
 * content, so the canvas gives its own description). */

/* The one-line name of a channel switch's risk, as the analysis shows it. */
static const char *
switch_risk (const WmChannelSwitch *sw)
{
  if (sw->risks & WM_SWITCH_RISK_CONTEXT_LOST)
    return _("Context lost");
  if (sw->risks & WM_SWITCH_RISK_DIGITAL_ANALOG)
    return _("Digital ↔ analog");

  return NULL;
}

static const char *
channel_name (WmMapModel *model,
              gint64      channel_id)
{
  WmMapChannel *channel = wm_map_model_get_channel (model, channel_id);

  return channel != NULL ? channel->name : C_("channel", "No channel");
}

/* What a card shows, one fact each, as phrases that go mid-sentence for a
 * screen reader or on lines of their own (first letter raised) in a
 * tooltip. The stage and the count of brand-voice findings are for the
 * screen reader only: a tooltip sits over the card's column and lists the
 * findings themselves. */
static GPtrArray *
touchpoint_facts (WmJourneyCanvas *self,
                  WmMapTouchpoint *tp,
                  gboolean         for_reader)
{
  GPtrArray *facts = g_ptr_array_new_with_free_func (g_free);
  WmMapChannel *channel = wm_map_model_get_channel (self->model, tp->channel_id);
  WmMapStage *stage = wm_map_model_get_stage (self->model, tp->stage_id);
  const WmChannelSwitch *sw = NULL;
  g_autofree char *emotion = wm_analysis_format_emotion (tp->emotion, 0);
  const WmChoice *evidences = wm_column_get_choices (WM_TOUCHPOINT_EVIDENCE);

  if (self->layout != NULL)
    sw = wm_analysis_get_switch_into (wm_map_layout_get_analysis (self->layout), tp->id);

  if (sw != NULL && (sw->risks & WM_SWITCH_RISK_CONTEXT_LOST))
    /* Translators: a card's channel and the channel the customer came from,
     * e.g. “Store, from Website: context lost” */
    g_ptr_array_add (facts, g_strdup_printf (_("%s, from %s: context lost"),
                                             channel_name (self->model, tp->channel_id),
                                             channel_name (self->model, sw->from_channel_id)));
  else if (sw != NULL && (sw->risks & WM_SWITCH_RISK_DIGITAL_ANALOG))
    /* Translators: a card's channel and the channel the customer came from,
     * one digital, the other analog, e.g. “Store, from Website: digital ↔ analog” */
    g_ptr_array_add (facts, g_strdup_printf (_("%s, from %s: digital ↔ analog"),
                                             channel_name (self->model, tp->channel_id),
                                             channel_name (self->model, sw->from_channel_id)));
  else if (sw != NULL)
    /* Translators: a card's channel and the channel the customer came from */
    g_ptr_array_add (facts, g_strdup_printf (_("%s, from %s"), channel_name (self->model,
                                                                             tp->channel_id),
                                             channel_name (self->model, sw->from_channel_id)));
  else if (channel != NULL)
    g_ptr_array_add (facts, g_strdup (channel->name));

  if (for_reader && stage != NULL)
    /* Translators: the card's stage, e.g. “stage Decide” */
    g_ptr_array_add (facts, g_strdup_printf (_("stage %s"), stage->name));
  /* Translators: how the customer feels at a card, e.g. “emotion −2” */
  g_ptr_array_add (facts, g_strdup_printf (_("emotion %s"), emotion));
  {
    g_autofree char *evidence = g_utf8_strdown (
      wm_column_choice_label (WM_TOUCHPOINT_EVIDENCE, evidences[tp->evidence].value), -1);

    /* Translators: what a card is based on, e.g. “evidence: observed” */
    g_ptr_array_add (facts, g_strdup_printf (_("evidence: %s"), evidence));
  }
  if (tp->moment_that_matters && tp->dropout_risk != WM_RISK_NONE)
    {
      g_autofree char *risk = g_utf8_strdown (wm_dropout_risk_to_string (tp->dropout_risk), -1);

      /* Translators: e.g. “moment that matters, high drop-out risk” */
      g_ptr_array_add (facts, g_strdup_printf (_("moment that matters, %s drop-out risk"), risk));
    }
  else if (tp->moment_that_matters)
    g_ptr_array_add (facts, g_strdup (_("moment that matters")));
  /* The KPIs shown on the card, whose values its chips give. */
  for (guint i = 0; i < self->model->kpis->len; i++)
    {
      const WmMapKpi *kpi = g_ptr_array_index (self->model->kpis, i);

      if (kpi->touchpoint_id == tp->id)
        /* Translators: a KPI shown on a card: its name, value and status,
         * e.g. “KPI First contact resolution: 73.4 % (Warning)” */
        g_ptr_array_add (facts, g_strdup_printf (_("KPI %s: %s (%s)"), kpi->name, kpi->value_text,
                                                 wm_kpi_status_to_string (kpi->status)));
    }

  /* On a to-be map compared with its as-is one: what became of the card,
   * unless nothing matched at all (as the map leaves its chips out then). */
  if (self->layout != NULL && wm_map_layout_get_comparison (self->layout) != NULL)
    {
      WmComparison *comparison = wm_map_layout_get_comparison (self->layout);
      const WmComparisonItem *item = wm_comparison_lookup_to_be (comparison, tp->id);

      if (item != NULL && wm_comparison_matched_any (comparison))
        {
          g_autofree char *delta = wm_analysis_format_emotion (item->emotion_delta, 0);

          if (item->kind == WM_COMPARISON_ADDED)
            g_ptr_array_add (facts, g_strdup (_("new in the to-be journey")));
          else if (item->kind == WM_COMPARISON_CHANGED && item->emotion_delta != 0)
            /* Translators: a to-be card against its as-is one; %s is how much
             * better or worse the customer feels, e.g. “+2” */
            g_ptr_array_add (facts, g_strdup_printf (_("changed since the as-is journey, "
                                                       "emotion %s"), delta));
          else if (item->kind == WM_COMPARISON_CHANGED)
            g_ptr_array_add (facts, g_strdup (_("changed since the as-is journey")));
        }
    }

  /* A tooltip lists them (see describe_card()). */
  if (for_reader && self->show_findings && tp->findings > 0)
    g_ptr_array_add (facts, g_strdup_printf (ngettext ("%d brand-voice finding",
                                                       "%d brand-voice findings",
                                                       tp->findings),
                                             tp->findings));

  return facts;
}

/* A phrase as a line of its own: its first letter raised. */
static void
append_line (GString    *text,
             const char *phrase)
{
  gunichar first = g_utf8_get_char (phrase);
  char buffer[6];

  g_string_append_c (text, '\n');
  g_string_append_len (text, buffer, g_unichar_to_utf8 (g_unichar_totitle (first), buffer));
  g_string_append (text, g_utf8_next_char (phrase));
}

static char *
describe_card (WmJourneyCanvas *self,
               gint64           touchpoint_id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self->model, touchpoint_id);
  g_autoptr(GPtrArray) facts = NULL;
  GPtrArray *findings;
  GString *text;

  if (tp == NULL)
    return NULL;

  facts = touchpoint_facts (self, tp, FALSE);
  text = g_string_new (tp->title);
  for (guint i = 0; i < facts->len; i++)
    append_line (text, g_ptr_array_index (facts, i));

  /* What the brand-voice check found, in the panel's words. */
  findings = self->show_findings ? wm_journey_canvas_get_voice_findings (self, tp->id) : NULL;
  if (findings != NULL && findings->len > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u brand-voice finding:",
                                              "%u brand-voice findings:", findings->len),
                              findings->len);
      for (guint i = 0; i < MIN (findings->len, MAX_FINDINGS_SHOWN); i++)
        g_string_append_printf (text, "\n• %s",
                                ((WmVoiceFinding *) g_ptr_array_index (findings, i))->message);
      if (findings->len > MAX_FINDINGS_SHOWN)
        {
          g_string_append_c (text, '\n');
          /* Translators: after the first few brand-voice findings of a card */
          g_string_append_printf (text, ngettext ("and %u more", "and %u more",
                                                  findings->len - MAX_FINDINGS_SHOWN),
                                  findings->len - MAX_FINDINGS_SHOWN);
        }
    }

  return g_string_free (text, FALSE);
}

static char *
describe_switch (WmJourneyCanvas *self,
                 gint64           touchpoint_id)
{
  const WmChannelSwitch *sw = wm_analysis_get_switch_into (wm_map_layout_get_analysis (self->layout),
                                                           touchpoint_id);
  WmMapTouchpoint *from, *to;
  GString *text;

  if (sw == NULL)
    return NULL;

  from = wm_map_model_get_touchpoint (self->model, sw->from_touchpoint_id);
  to = wm_map_model_get_touchpoint (self->model, sw->to_touchpoint_id);
  text = g_string_new (NULL);
  /* Translators: a channel switch, e.g. “Website → Store” */
  g_string_append_printf (text, _("%s → %s"), channel_name (self->model, sw->from_channel_id),
                          channel_name (self->model, sw->to_channel_id));
  if (from != NULL && to != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s → %s"), from->title, to->title);
    }
  if (switch_risk (sw) != NULL)
    append_line (text, switch_risk (sw));

  return g_string_free (text, FALSE);
}

static char *
describe_curve_point (WmJourneyCanvas *self,
                      gint64           touchpoint_id,
                      gint64           persona_id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self->model, touchpoint_id);
  WmMapPersona *persona = persona_id != 0 ? wm_map_model_get_persona (self->model, persona_id)
                                          : NULL;
  g_autofree char *emotion = NULL;

  if (tp == NULL)
    return NULL;

  /* As the layout places the point: the persona's own feeling where given. */
  emotion = wm_analysis_format_emotion (wm_map_touchpoint_get_emotion (tp, persona_id), 0);

  if (persona != NULL)
    /* Translators: a point of a persona's emotion curve, e.g.
     * “Sabine Keller feels −1 at “Knowledge base article”” */
    return g_strdup_printf (_("%s feels %s at “%s”"), persona->name, emotion, tp->title);

  /* Translators: a point of the emotion curve, e.g.
   * “The customer feels −1 at “Knowledge base article”” */
  return g_strdup_printf (_("The customer feels %s at “%s”"), emotion, tp->title);
}

/* A stage header: its name, its whole description (the header shows what
 * fits) and how the stage feels on average, as the analysis has it. */
static char *
describe_stage (WmJourneyCanvas *self,
                gint64           stage_id)
{
  WmMapStage *stage = wm_map_model_get_stage (self->model, stage_id);
  WmAnalysis *analysis = wm_map_layout_get_analysis (self->layout);
  GString *text;

  if (stage == NULL)
    return NULL;

  text = g_string_new (stage->name);
  if (stage->description != NULL && *stage->description != '\0')
    {
      g_string_append_c (text, '\n');
      g_string_append (text, stage->description);
    }
  for (guint i = 0; i < analysis->stage_emotions->len; i++)
    {
      const WmStageEmotion *se = &g_array_index (analysis->stage_emotions, WmStageEmotion, i);
      g_autofree char *average = NULL;

      if (se->stage_id != stage_id || isnan (se->average))
        continue;
      average = wm_analysis_format_emotion (se->average, 1);
      g_string_append_c (text, '\n');
      /* Translators: how a stage feels on average, e.g. “Average emotion −1.5” */
      g_string_append_printf (text, _("Average emotion %s"), average);
    }

  return g_string_free (text, FALSE);
}

/* Public API */

char *
wm_journey_canvas_describe_focus (WmJourneyCanvas *self)
{
  WmMapStage *stage;
  WmMapLane *lane;

  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), NULL);

  if (self->model == NULL)
    return NULL;

  stage = wm_map_model_get_stage (self->model, self->focus_stage);
  lane = wm_map_model_get_lane (self->model, self->focus_lane);

  switch (self->focus)
    {
    case WM_MAP_ITEM_STAGE:
      if (stage == NULL)
        return NULL;
      /* Translators: what a screen reader says for a stage header; %s is its name,
       * %u its place, %u the number of stages */
      return g_strdup_printf (_("Stage %s, %u of %u"), stage->name,
                              wm_map_model_get_stage_index (self->model, stage->id) + 1,
                              self->model->stages->len);

    case WM_MAP_ITEM_LANE:
      if (lane == NULL)
        return NULL;
      /* Translators: a lane label for a screen reader: its name and kind */
      return g_strdup_printf (_("Lane %s, %s"), lane->name,
                              wm_journey_canvas_lane_kind_name (lane->kind));

    case WM_MAP_ITEM_CELL:
      {
        WmMapCell *cell;
        g_autoptr(GPtrArray) cards = NULL;

        if (stage == NULL || lane == NULL)
          return NULL;
        cell = wm_map_model_get_cell (self->model, stage->id, lane->id);
        if (cell && cell->text && *cell->text)
          /* Translators: a text cell for a screen reader: lane, stage, the text */
          return g_strdup_printf (_("Cell %s, stage %s: %s"), lane->name, stage->name,
                                  cell->text);
        cards = wm_journey_canvas_cell_cards (self, stage->id, lane->id);
        if (wm_journey_canvas_lane_holds_cards (lane) && cards->len == 0)
          /* Translators: an empty cell for a screen reader: lane, stage */
          return g_strdup_printf (_("Empty cell %s, stage %s, press Enter to add a touchpoint"),
                                  lane->name, stage->name);
        /* Translators: a cell for a screen reader: lane, stage */
        return g_strdup_printf (_("Cell %s, stage %s"), lane->name, stage->name);
      }

    case WM_MAP_ITEM_TOUCHPOINT:
      {
        WmMapTouchpoint *tp = wm_map_model_get_touchpoint (self->model, self->focus_touchpoint);
        g_autoptr(GPtrArray) facts = NULL;
        GString *text;

        if (tp == NULL || stage == NULL)
          return NULL;
        wm_journey_canvas_ensure_layout (self);
        facts = touchpoint_facts (self, tp, TRUE);
        text = g_string_new (NULL);
        /* Translators: a card for a screen reader, e.g. “Touchpoint Support hotline” */
        g_string_append_printf (text, _("Touchpoint %s"), tp->title);
        for (guint i = 0; i < facts->len; i++)
          g_string_append_printf (text, ", %s", (const char *) g_ptr_array_index (facts, i));
        return g_string_free (text, FALSE);
      }

    case WM_MAP_ITEM_NONE:
    default:
      return NULL;
    }
}

/* The tooltip's text for what @hit found; NULL when it has none. */
static char *
describe_hit (WmJourneyCanvas *self,
              const CanvasHit *hit)
{
  if (self->model == NULL || self->layout == NULL)
    return NULL;

  switch (hit->affordance)
    {
    case AFFORDANCE_CELL_ADD:
      return g_strdup (_("Add Touchpoint"));
    case AFFORDANCE_ADD_STAGE:
      return g_strdup (_("Add Stage"));
    case AFFORDANCE_ADD_LANE:
      return g_strdup (_("Add Lane"));
    case AFFORDANCE_NONE:
    default:
      break;
    }

  switch (hit->map.kind)
    {
    case WM_MAP_HIT_CARD:
      return describe_card (self, hit->map.touchpoint_id);
    case WM_MAP_HIT_SWITCH:
      return describe_switch (self, hit->map.touchpoint_id);
    case WM_MAP_HIT_CURVE_POINT:
      return describe_curve_point (self, hit->map.touchpoint_id, hit->map.persona_id);
    case WM_MAP_HIT_STAGE_HEADER:
      return describe_stage (self, hit->map.stage_id);
    case WM_MAP_HIT_NONE:
    case WM_MAP_HIT_CORNER:
    case WM_MAP_HIT_LANE_LABEL:
    case WM_MAP_HIT_CELL:
    default:
      /* Lane labels and text cells show all their words themselves. */
      return NULL;
    }
}

char *
wm_journey_canvas_describe_at (WmJourneyCanvas *self,
                               double           x,
                               double           y)
{
  CanvasHit hit;

  g_return_val_if_fail (WM_IS_JOURNEY_CANVAS (self), NULL);

  hit = wm_journey_canvas_hit_test (self, x, y);

  return describe_hit (self, &hit);
}

gboolean
wm_journey_canvas_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  WmJourneyCanvas *self = WM_JOURNEY_CANVAS (widget);
  g_autofree char *text = NULL;
  CanvasHit hit;

  /* From the keyboard (Ctrl+F1): the focused item, as a screen reader hears it. */
  if (keyboard_mode)
    {
      text = wm_journey_canvas_describe_focus (self);
      if (text == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  hit = wm_journey_canvas_hit_test (self, x, y);
  text = describe_hit (self, &hit);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);

  /* Moving off the item, even onto one of the same kind, asks again. Only
   * for the body's items: the header row stays put as the map scrolls. */
  if (hit.affordance == AFFORDANCE_NONE && hit.map.kind != WM_MAP_HIT_STAGE_HEADER)
    {
      GdkRectangle area = {
        (int) floor (hit.map.rect.x * self->zoom - wm_journey_canvas_hvalue (self)),
        (int) floor (hit.map.rect.y * self->zoom - wm_journey_canvas_vvalue (self)),
        (int) ceil (hit.map.rect.width * self->zoom),
        (int) ceil (hit.map.rect.height * self->zoom),
      };

      gtk_tooltip_set_tip_area (tooltip, &area);
    }

  return TRUE;
}
