/* wm-journeys-view.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <glib/gi18n.h>

#include "wm-journeys-view.h"
#include "wm-record-list.h"
#include "wm-ui-util.h"

struct _WmJourneysView
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkBox       *detail;

  WmStore      *store;
  WmRecordList *journeys;
  gulong        store_changed_id;
  gint64        selected_id;

  /* Of the selected journey. */
  WmRecordList *stages;
  WmRecordList *lanes;
  WmRecordList *touchpoints;
  WmRecordList *cells;
  WmRecordList *personas;
  guint         rebuild_id;
};

G_DEFINE_FINAL_TYPE (WmJourneysView, wm_journeys_view, GTK_TYPE_WIDGET)

#define DETAIL_CHANGES (WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_JOURNEY_PERSONA) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_PERSONA) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_STAGE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_LANE) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_TOUCHPOINT) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_CELL) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_CHANNEL) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_KPI) | \
                        WM_CHANGE_ENTITY (WM_ENTITY_KPI_LINK) | \
                        WM_CHANGE_SAMPLES)
#define COLUMN_WIDTH 220

static void queue_rebuild (WmJourneysView *self);

static const char *
state_to_string (const char *state)
{
  if (g_strcmp0 (state, "to-be") == 0)
    return C_("journey state", "To-be");

  return C_("journey state", "As-is");
}

static const char *
lane_kind_to_string (const char *kind)
{
  static const struct {
    const char *kind;
    const char *name;
  } kinds[] = {
    { "touchpoints", N_("Touchpoints") },
    { "text", N_("Text") },
    { "emotion", N_("Emotion") },
    { "kpi", N_("KPIs") },
    { "backstage", N_("Backstage") },
    { "opportunities", N_("Opportunities") },
    { "pain-points", N_("Pain points") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].kind, kind) == 0)
        return _(kinds[i].name);
    }

  return kind;
}

static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = wm_ui_label (text, css_class);

  /* Wrapping labels ask for their whole text as natural width; capping it
   * keeps every stage column the same readable width. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);

  return label;
}

static GtkWidget *
create_touchpoint_card (WmJourneysView *self,
                        WmRecord       *touchpoint)
{
  g_autofree char *channel = NULL;
  g_autofree char *emotion = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *card;
  GtkWidget *label;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "wm-touchpoint");

  label = grid_label (NULL, "heading");
  g_object_bind_property (touchpoint, "label", label, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (card), label);

  channel = wm_ui_lookup_label (self->store, WM_ENTITY_CHANNEL,
                                wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID));
  emotion = wm_ui_format_emotion (wm_record_get_int (touchpoint, WM_TOUCHPOINT_EMOTION));
  if (channel)
    /* Translators: a touchpoint's channel and its emotion score, e.g. "Email · +2" */
    caption = g_strdup_printf (_("%s · %s"), channel, emotion);
  else
    /* Translators: a touchpoint's emotion score, e.g. "Emotion +2" */
    caption = g_strdup_printf (_("Emotion %s"), emotion);
  label = grid_label (caption, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (card), label);

  if (wm_record_get_boolean (touchpoint, WM_TOUCHPOINT_MOMENT_THAT_MATTERS))
    {
      const char *reason = wm_record_get_string (touchpoint, WM_TOUCHPOINT_MTM_REASON);

      gtk_widget_add_css_class (card, "wm-mtm");
      label = grid_label (_("Moment that matters"), "caption");
      gtk_widget_add_css_class (label, "wm-mtm-label");
      if (*reason)
        gtk_widget_set_tooltip_text (label, reason);
      gtk_box_append (GTK_BOX (card), label);
    }

  return card;
}

static GtkWidget *
create_emotion_summary (WmJourneysView *self,
                        gint64          stage_id)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->touchpoints));
  gint64 sum = 0;
  guint n = 0;
  g_autofree char *mean = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *box;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(WmRecord) touchpoint = g_list_model_get_item (G_LIST_MODEL (self->touchpoints), i);

      if (wm_record_get_ref (touchpoint, WM_TOUCHPOINT_STAGE_ID) != stage_id)
        continue;
      sum += wm_record_get_int (touchpoint, WM_TOUCHPOINT_EMOTION);
      n++;
    }

  if (n == 0)
    return NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "wm-cell-text");
  if (sum % n == 0)
    mean = wm_ui_format_emotion (sum / (gint64) n);
  else
    mean = g_strdup_printf ("%s%.1f", sum < 0 ? "\u2212" : "+", fabs ((double) sum / n));
  gtk_box_append (GTK_BOX (box), grid_label (mean, "title-3"));
  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Average of %u touchpoint",
                                          "Average of %u touchpoints", n), n);
  gtk_box_append (GTK_BOX (box), grid_label (caption, "caption"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");

  return box;
}

/* A linked KPI as the map shows it: its name, latest value and status. */
static GtkWidget *
create_kpi_chip (WmJourneysView *self,
                 WmRecord       *kpi)
{
  g_autofree char *value = NULL;
  WmKpiStatus status = WM_KPI_STATUS_UNKNOWN;
  WmSample latest;
  GtkWidget *chip;
  GtkWidget *line;
  GtkWidget *label;

  chip = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (chip, "wm-kpi-chip");
  label = grid_label (NULL, "caption-heading");
  g_object_bind_property (kpi, "label", label, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (chip), label);

  if (wm_store_get_latest_sample (self->store, wm_record_get_id (kpi), &latest))
    {
      value = wm_kpi_format_value (kpi, latest.value);
      status = wm_kpi_status_for_value (kpi, latest.value);
    }
  else
    value = g_strdup (_("No data"));

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = wm_ui_label (value, "heading");
  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_box_append (GTK_BOX (line), label);
  if (status != WM_KPI_STATUS_UNKNOWN)
    {
      label = wm_ui_label (wm_kpi_status_to_string (status), "caption");
      gtk_label_set_wrap (GTK_LABEL (label), FALSE);
      gtk_widget_add_css_class (label, wm_ui_kpi_status_css_class (status));
      gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
      gtk_box_append (GTK_BOX (line), label);
    }
  gtk_box_append (GTK_BOX (chip), line);

  return chip;
}

static gint64
touchpoint_stage (WmJourneysView *self,
                  gint64          touchpoint_id)
{
  int position = wm_record_list_find (self->touchpoints, touchpoint_id);
  g_autoptr(WmRecord) touchpoint = NULL;

  if (position < 0)
    return 0;
  touchpoint = g_list_model_get_item (G_LIST_MODEL (self->touchpoints), position);

  return wm_record_get_ref (touchpoint, WM_TOUCHPOINT_STAGE_ID);
}

static gboolean
contains_record (GPtrArray *records,
                 gint64     id)
{
  for (guint i = 0; i < records->len; i++)
    {
      if (wm_record_get_id (g_ptr_array_index (records, i)) == id)
        return TRUE;
    }

  return FALSE;
}

/* The KPIs that @links link to @stage_id or to one of its touchpoints, each
 * once; with @stage_id 0, those linked to the journey as a whole (a link has
 * one target). */
static GPtrArray *
linked_kpis (WmJourneysView *self,
             GPtrArray      *links,
             gint64          stage_id)
{
  GPtrArray *kpis = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < links->len; i++)
    {
      WmRecord *link = g_ptr_array_index (links, i);
      gint64 link_stage = wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID);
      gint64 touchpoint = wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID);
      gint64 kpi_id = wm_record_get_ref (link, WM_KPI_LINK_KPI_ID);
      WmRecord *kpi;
      gboolean wanted;

      if (stage_id == 0)
        wanted = wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID) == self->selected_id;
      else
        wanted = link_stage == stage_id ||
                 (touchpoint != 0 && touchpoint_stage (self, touchpoint) == stage_id);

      if (!wanted || contains_record (kpis, kpi_id))
        continue;
      kpi = wm_store_get (self->store, WM_ENTITY_KPI, kpi_id, NULL);
      if (kpi != NULL)
        g_ptr_array_add (kpis, kpi);
    }

  return kpis;
}

static GtkWidget *
create_cell (WmJourneysView *self,
             WmRecord       *stage,
             WmRecord       *lane,
             GPtrArray      *links)
{
  gint64 stage_id = wm_record_get_id (stage);
  gint64 lane_id = wm_record_get_id (lane);
  guint n_cells = g_list_model_get_n_items (G_LIST_MODEL (self->cells));
  guint n_touchpoints = g_list_model_get_n_items (G_LIST_MODEL (self->touchpoints));
  GtkWidget *box;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (box, COLUMN_WIDTH, -1);

  if (g_strcmp0 (wm_record_get_string (lane, WM_LANE_KIND), "emotion") == 0)
    {
      GtkWidget *summary = create_emotion_summary (self, stage_id);

      if (summary)
        gtk_box_append (GTK_BOX (box), summary);
    }
  else if (g_strcmp0 (wm_record_get_string (lane, WM_LANE_KIND), "kpi") == 0)
    {
      g_autoptr(GPtrArray) kpis = linked_kpis (self, links, stage_id);

      for (guint i = 0; i < kpis->len; i++)
        gtk_box_append (GTK_BOX (box), create_kpi_chip (self, g_ptr_array_index (kpis, i)));
    }

  for (guint i = 0; i < n_cells; i++)
    {
      g_autoptr(WmRecord) cell = g_list_model_get_item (G_LIST_MODEL (self->cells), i);
      GtkWidget *label;

      if (wm_record_get_ref (cell, WM_CELL_STAGE_ID) != stage_id ||
          wm_record_get_ref (cell, WM_CELL_LANE_ID) != lane_id ||
          *wm_record_get_string (cell, WM_CELL_TEXT) == '\0')
        continue;

      label = grid_label (NULL, "wm-cell-text");
      g_object_bind_property (cell, "label", label, "label", G_BINDING_SYNC_CREATE);
      gtk_box_append (GTK_BOX (box), label);
    }

  for (guint i = 0; i < n_touchpoints; i++)
    {
      g_autoptr(WmRecord) touchpoint = g_list_model_get_item (G_LIST_MODEL (self->touchpoints), i);

      if (wm_record_get_ref (touchpoint, WM_TOUCHPOINT_STAGE_ID) == stage_id &&
          wm_record_get_ref (touchpoint, WM_TOUCHPOINT_LANE_ID) == lane_id)
        gtk_box_append (GTK_BOX (box), create_touchpoint_card (self, touchpoint));
    }

  return box;
}

static GtkWidget *
create_map (WmJourneysView *self,
            GPtrArray      *links)
{
  GListModel *stages = G_LIST_MODEL (self->stages);
  GListModel *lanes = G_LIST_MODEL (self->lanes);
  guint n_stages = g_list_model_get_n_items (stages);
  guint n_lanes = g_list_model_get_n_items (lanes);
  GtkWidget *grid;

  if (n_stages == 0 || n_lanes == 0)
    {
      GtkWidget *label = wm_ui_label (_("This journey has no stages or lanes yet."), "dim-label");

      gtk_widget_add_css_class (label, "wm-section");
      return label;
    }

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_widget_add_css_class (grid, "wm-section");

  for (guint s = 0; s < n_stages; s++)
    {
      g_autoptr(WmRecord) stage = g_list_model_get_item (stages, s);
      GtkWidget *header = grid_label (NULL, "heading");

      gtk_widget_add_css_class (header, "wm-stage-header");
      g_object_bind_property (stage, "label", header, "label", G_BINDING_SYNC_CREATE);
      gtk_grid_attach (GTK_GRID (grid), header, (int) s + 1, 0, 1, 1);
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      g_autoptr(WmRecord) lane = g_list_model_get_item (lanes, l);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      const char *kind;
      GtkWidget *label;

      gtk_widget_add_css_class (header, "wm-lane-header");
      gtk_widget_set_size_request (header, 150, -1);
      label = grid_label (NULL, "heading");
      g_object_bind_property (lane, "label", label, "label", G_BINDING_SYNC_CREATE);
      gtk_box_append (GTK_BOX (header), label);
      /* The lane's kind, unless its name already says it ("Touchpoints"). */
      kind = lane_kind_to_string (wm_record_get_string (lane, WM_LANE_KIND));
      if (g_strcmp0 (kind, wm_record_get_label (lane)) != 0)
        {
          label = grid_label (kind, "caption");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (header), label);
        }
      gtk_grid_attach (GTK_GRID (grid), header, 0, (int) l + 1, 1, 1);

      for (guint s = 0; s < n_stages; s++)
        {
          g_autoptr(WmRecord) stage = g_list_model_get_item (stages, s);

          gtk_grid_attach (GTK_GRID (grid), create_cell (self, stage, lane, links),
                           (int) s + 1, (int) l + 1, 1, 1);
        }
    }

  return grid;
}

static char *
join_personas (WmJourneysView *self)
{
  GListModel *links = G_LIST_MODEL (self->personas);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (links); i++)
    {
      g_autoptr(WmRecord) link = g_list_model_get_item (links, i);
      g_autofree char *name = NULL;

      name = wm_ui_lookup_label (self->store, WM_ENTITY_PERSONA,
                                 wm_record_get_ref (link, WM_JOURNEY_PERSONA_PERSONA_ID));
      if (name == NULL)
        continue;
      if (names->len > 0)
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }

  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* The lists behind the map follow the selected journey. */
static void
set_journey (WmJourneysView *self,
             gint64          journey_id)
{
  WmRecordList **lists[] = { &self->stages, &self->lanes, &self->touchpoints, &self->cells,
                             &self->personas };
  const WmEntity entities[] = { WM_ENTITY_STAGE, WM_ENTITY_LANE, WM_ENTITY_TOUCHPOINT,
                                WM_ENTITY_CELL, WM_ENTITY_JOURNEY_PERSONA };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      if (*lists[i])
        g_signal_handlers_disconnect_by_data (*lists[i], self);
      g_clear_object (lists[i]);

      if (journey_id == 0)
        continue;

      *lists[i] = wm_record_list_new (self->store, entities[i],
                                      wm_entity_get_info (entities[i])->parent_column,
                                      journey_id);
      g_signal_connect_object (*lists[i], "items-changed",
                               G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
    }
}

static void
rebuild_detail (WmJourneysView *self)
{
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  g_autofree char *personas = NULL;
  GtkWidget *title;
  GtkWidget *label;
  const char *text;
  int position;

  wm_ui_box_clear (self->detail);

  if (self->store == NULL || self->selected_id == 0)
    return;

  position = wm_record_list_find (self->journeys, self->selected_id);
  if (position < 0)
    return;
  journey = g_list_model_get_item (G_LIST_MODEL (self->journeys), position);

  title = wm_ui_label (NULL, "title-1");
  g_object_bind_property (journey, "label", title, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (self->detail, title);

  label = wm_ui_label (state_to_string (wm_record_get_string (journey, WM_JOURNEY_STATE)), "dim-label");
  gtk_box_append (self->detail, label);

  text = wm_record_get_string (journey, WM_JOURNEY_DESCRIPTION);
  if (*text)
    {
      label = wm_ui_label (text, NULL);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 90);
      gtk_box_append (self->detail, label);
    }

  personas = join_personas (self);
  if (personas)
    gtk_box_append (self->detail, wm_ui_field (_("Personas"), personas));

  /* The project's KPI links, read once for the whole map. */
  links = wm_store_list (self->store, WM_ENTITY_KPI_LINK, WM_COLUMN_NONE, 0, NULL);
  if (links == NULL)
    links = g_ptr_array_new ();
  kpis = linked_kpis (self, links, 0);
  if (kpis->len > 0)
    {
      GtkWidget *flow = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);

      gtk_box_append (self->detail, wm_ui_label (_("Journey KPIs"), "caption-heading"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (GTK_WIDGET (self->detail)),
                                "dim-label");
      for (guint i = 0; i < kpis->len; i++)
        gtk_box_append (GTK_BOX (flow), create_kpi_chip (self, g_ptr_array_index (kpis, i)));
      gtk_box_append (self->detail, flow);
    }

  gtk_box_append (self->detail, create_map (self, links));
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  WmJourneysView *self = user_data;

  self->rebuild_id = 0;
  rebuild_detail (self);

  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (WmJourneysView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static void
journey_changed_cb (WmRecord  *journey,
                    GtkWidget *row)
{
  wm_ui_text_row_set_subtitle (row, state_to_string (wm_record_get_string (journey, WM_JOURNEY_STATE)));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  WmRecord *journey = item;
  GtkWidget *row;

  row = wm_ui_text_row (journey, NULL, state_to_string (wm_record_get_string (journey, WM_JOURNEY_STATE)));
  g_signal_connect_object (journey, "changed", G_CALLBACK (journey_changed_cb), row, 0);

  return row;
}

static void
row_selected_cb (WmJourneysView *self,
                 GtkListBoxRow  *row)
{
  g_autoptr(WmRecord) journey = NULL;
  gint64 id = 0;

  if (row)
    journey = g_list_model_get_item (G_LIST_MODEL (self->journeys),
                                     gtk_list_box_row_get_index (row));
  if (journey)
    id = wm_record_get_id (journey);

  if (id != self->selected_id)
    {
      self->selected_id = id;
      set_journey (self, id);
      rebuild_detail (self);
    }
}

static void
items_changed_cb (WmJourneysView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->journeys)) == 0;
  gint64 id;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "content");
  id = wm_ui_list_select (self->list, self->journeys, self->selected_id);
  if (id != self->selected_id)
    {
      self->selected_id = id;
      set_journey (self, id);
    }
  queue_rebuild (self);
}

static void
store_changed_cb (WmJourneysView *self,
                  guint64         mask)
{
  if (mask & DETAIL_CHANGES)
    queue_rebuild (self);
}

static void
wm_journeys_view_dispose (GObject *object)
{
  WmJourneysView *self = WM_JOURNEYS_VIEW (object);

  wm_journeys_view_set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WM_TYPE_JOURNEYS_VIEW);

  G_OBJECT_CLASS (wm_journeys_view_parent_class)->dispose (object);
}

static void
wm_journeys_view_class_init (WmJourneysViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wm_journeys_view_dispose;

  wm_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/waymark/Waymark/wm-journeys-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, stack);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, list);
  gtk_widget_class_bind_template_child (widget_class, WmJourneysView, detail);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wm_journeys_view_init (WmJourneysView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wm_journeys_view_new (void)
{
  return g_object_new (WM_TYPE_JOURNEYS_VIEW, NULL);
}

void
wm_journeys_view_set_store (WmJourneysView *self,
                            WmStore        *store)
{
  g_return_if_fail (WM_IS_JOURNEYS_VIEW (self));
  g_return_if_fail (!store || WM_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->journeys)
    g_signal_handlers_disconnect_by_data (self->journeys, self);
  if (self->list)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->journeys);
  g_clear_signal_handler (&self->store_changed_id, self->store);
  set_journey (self, 0);
  g_set_object (&self->store, store);
  self->selected_id = 0;

  if (store == NULL)
    return;

  self->journeys = wm_record_list_new (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->journeys), create_row_cb, self, NULL);
  g_signal_connect_object (self->journeys, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (store, "changed",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  items_changed_cb (self);
}
