/* wm-journey-analysis.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "wm-analysis.h"
#include "wm-journey-analysis.h"
#include "wm-ui-util.h"

/* The lists being filled, and what their rows call when activated. */
typedef struct
{
  GtkBox    *box;
  GCallback  activated;
  gpointer   user_data;
} Fill;

static GtkWidget *
analysis_section (Fill       *fill,
                  const char *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (fill->box, label);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect_swapped (list, "row-activated", fill->activated, fill->user_data);
  gtk_box_append (fill->box, list);

  return list;
}

static void
analysis_row (GtkWidget  *list,
              const char *title,
              const char *subtitle,
              const char *badge,
              const char *badge_class,
              gint64      touchpoint_id)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (badge)
    {
      GtkWidget *label = gtk_label_new (badge);

      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "wm-badge");
      if (badge_class)
        gtk_widget_add_css_class (label, badge_class);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), touchpoint_id > 0);
  g_object_set_data (G_OBJECT (row), "wm-touchpoint", GSIZE_TO_POINTER ((gsize) touchpoint_id));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

static const char *
channel_name (WmMapModel *model,
              gint64      channel_id)
{
  WmMapChannel *channel = wm_map_model_get_channel (model, channel_id);

  return channel ? channel->name : C_("channel", "None");
}

static const char *
touchpoint_title (WmMapModel *model,
                  gint64      id)
{
  WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, id);

  return tp ? tp->title : "";
}

void
wm_journey_analysis_fill (GtkBox      *box,
                          WmMapLayout *layout,
                          GCallback    activated,
                          gpointer     user_data)
{
  Fill fill = { box, activated, user_data };
  WmMapModel *model;
  WmAnalysis *analysis;
  WmComparison *comparison;
  GtkWidget *child;
  GtkWidget *list;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);

  if (layout == NULL)
    return;
  model = wm_map_layout_get_model (layout);
  analysis = wm_map_layout_get_analysis (layout);

  list = analysis_section (&fill, _("Channel Switches"));
  for (guint i = 0; i < analysis->switches->len; i++)
    {
      const WmChannelSwitch *sw = &g_array_index (analysis->switches, WmChannelSwitch, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *badge = NULL;
      const char *badge_class = NULL;

      /* Translators: a channel switch, e.g. “Website → Store” */
      title = g_strdup_printf (_("%s → %s"), channel_name (model, sw->from_channel_id),
                               channel_name (model, sw->to_channel_id));
      subtitle = g_strdup_printf (_("%s → %s"), touchpoint_title (model, sw->from_touchpoint_id),
                                  touchpoint_title (model, sw->to_touchpoint_id));
      if (sw->risks & WM_SWITCH_RISK_CONTEXT_LOST)
        {
          badge = _("Context lost");
          badge_class = "error";
        }
      else if (sw->risks & WM_SWITCH_RISK_DIGITAL_ANALOG)
        {
          badge = _("Digital ↔ analog");
          badge_class = "warning";
        }
      analysis_row (list, title, subtitle, badge, badge_class, sw->to_touchpoint_id);
    }
  if (analysis->switches->len == 0)
    analysis_row (list, _("The customer stays on one channel"), NULL, NULL, NULL, 0);

  list = analysis_section (&fill, _("Moments That Matter"));
  for (guint i = 0; i < analysis->moments->len; i++)
    {
      gint64 id = g_array_index (analysis->moments, gint64, i);
      WmMapTouchpoint *tp = wm_map_model_get_touchpoint (model, id);

      if (tp == NULL)
        continue;
      analysis_row (list, tp->title, *tp->mtm_reason ? tp->mtm_reason : NULL,
                    wm_dropout_risk_to_string (tp->dropout_risk),
                    tp->dropout_risk == WM_RISK_HIGH ? "error" :
                    tp->dropout_risk == WM_RISK_MEDIUM ? "warning" : NULL, id);
    }
  if (analysis->moments->len == 0)
    analysis_row (list, _("No moments that matter marked yet"), NULL, NULL, NULL, 0);

  list = analysis_section (&fill, _("Emotion by Stage"));
  for (guint i = 0; i < analysis->stage_emotions->len; i++)
    {
      const WmStageEmotion *se = &g_array_index (analysis->stage_emotions, WmStageEmotion, i);
      WmMapStage *stage = wm_map_model_get_stage (model, se->stage_id);
      g_autofree char *value = NULL;

      if (stage == NULL)
        continue;
      value = isnan (se->average) ? g_strdup ("—") : wm_analysis_format_emotion (se->average, 1);
      analysis_row (list, stage->name, NULL, value,
                    isnan (se->average) ? NULL : se->average < 0 ? "error" :
                    se->average > 0 ? "success" : NULL, 0);
    }

  if (analysis->lowest_touchpoint_id > 0)
    {
      g_autofree char *emotion = wm_analysis_format_emotion (analysis->lowest_emotion, 0);

      list = analysis_section (&fill, _("Lowest Point"));
      analysis_row (list, touchpoint_title (model, analysis->lowest_touchpoint_id), NULL, emotion,
                    analysis->lowest_emotion < 0 ? "error" : NULL,
                    analysis->lowest_touchpoint_id);
    }

  comparison = wm_map_layout_get_comparison (layout);
  if (comparison)
    {
      g_autofree char *as_is = wm_analysis_format_emotion (isnan (comparison->as_is_average)
                                                           ? 0.0 : comparison->as_is_average, 1);
      g_autofree char *to_be = wm_analysis_format_emotion (isnan (comparison->to_be_average)
                                                           ? 0.0 : comparison->to_be_average, 1);
      g_autofree char *averages = NULL;
      g_autofree char *counts = NULL;

      list = analysis_section (&fill, _("Compared With As-is"));
      /* Translators: average emotion of the as-is and the to-be journey,
       * e.g. "Average emotion −0.6 → +1.4" */
      averages = g_strdup_printf (_("Average emotion %s → %s"), as_is, to_be);
      /* Translators: how many touchpoints changed, were added, were removed */
      counts = g_strdup_printf (_("%u changed, %u added, %u removed"), comparison->n_changed,
                                comparison->n_added, comparison->n_removed);
      analysis_row (list, averages, counts, NULL, NULL, 0);
    }
}

gint64
wm_journey_analysis_row_get_touchpoint (GtkListBoxRow *row)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), 0);

  return (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "wm-touchpoint"));
}
