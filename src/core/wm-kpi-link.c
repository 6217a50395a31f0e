/* wm-kpi-link.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-kpi.h"

/* Where a KPI shows on the maps: a kpi_link row names one journey, one
 * stage or one touchpoint. The map draws linked KPIs in a journey's KPI
 * lane, so linking to a journey without one adds the lane in the same
 * edit: a person who asks to see a KPI on a map sees it there. */

static gint64
place_journey (WmStore     *store,
               WmColumnId   place,
               gint64       place_id,
               GError     **error)
{
  g_autoptr(WmRecord) record = NULL;

  switch (place)
    {
    case WM_KPI_LINK_JOURNEY_ID:
      record = wm_store_get (store, WM_ENTITY_JOURNEY, place_id, error);
      return record != NULL ? place_id : 0;

    case WM_KPI_LINK_STAGE_ID:
      record = wm_store_get (store, WM_ENTITY_STAGE, place_id, error);
      return record != NULL ? wm_record_get_ref (record, WM_STAGE_JOURNEY_ID) : 0;

    case WM_KPI_LINK_TOUCHPOINT_ID:
      record = wm_store_get (store, WM_ENTITY_TOUCHPOINT, place_id, error);
      return record != NULL ? wm_record_get_ref (record, WM_TOUCHPOINT_JOURNEY_ID) : 0;

    default:
      g_return_val_if_reached (0);
    }
}

static gint64
find_link (GPtrArray  *links,
           WmColumnId  place,
           gint64      place_id)
{
  for (guint i = 0; i < links->len; i++)
    {
      WmRecord *link = g_ptr_array_index (links, i);

      if (wm_record_get_ref (link, place) == place_id)
        return wm_record_get_id (link);
    }

  return 0;
}

/* The journey's KPI lane: its id, 0 when it has none, -1 on error. */
gint64
wm_kpi_link_find_lane (WmStore  *store,
                       gint64    journey_id,
                       GError  **error)
{
  g_autoptr(GPtrArray) lanes = NULL;

  g_return_val_if_fail (WM_IS_STORE (store), -1);

  lanes = wm_store_list (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey_id, error);
  if (lanes == NULL)
    return -1;

  for (guint i = 0; i < lanes->len; i++)
    {
      WmRecord *lane = g_ptr_array_index (lanes, i);

      if (g_strcmp0 (wm_record_get_string (lane, WM_LANE_KIND), "kpi") == 0)
        return wm_record_get_id (lane);
    }

  return 0;
}

/**
 * wm_kpi_link_add:
 * @place: %WM_KPI_LINK_JOURNEY_ID, %WM_KPI_LINK_STAGE_ID or %WM_KPI_LINK_TOUCHPOINT_ID
 *
 * Shows the KPI @kpi_id on the map at @place_id, as one undo step; the
 * journey gets a KPI lane if it has none. A KPI already shown there is
 * left as it is.
 *
 * Returns: the link's id, or 0 with @error set
 */
gint64
wm_kpi_link_add (WmStore     *store,
                 gint64       kpi_id,
                 WmColumnId   place,
                 gint64       place_id,
                 GError     **error)
{
  g_autoptr(WmRecord) kpi = NULL;
  g_autoptr(WmRecord) draft = NULL;
  g_autoptr(GPtrArray) links = NULL;
  gint64 journey_id;
  gint64 id;
  gint64 lane_id;

  g_return_val_if_fail (WM_IS_STORE (store), 0);
  g_return_val_if_fail (place == WM_KPI_LINK_JOURNEY_ID || place == WM_KPI_LINK_STAGE_ID
                        || place == WM_KPI_LINK_TOUCHPOINT_ID, 0);

  kpi = wm_store_get (store, WM_ENTITY_KPI, kpi_id, error);
  if (kpi == NULL)
    return 0;
  journey_id = place_journey (store, place, place_id, error);
  if (journey_id <= 0)
    return 0;

  links = wm_store_list (store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_KPI_ID, kpi_id, error);
  if (links == NULL)
    return 0;
  id = find_link (links, place, place_id);
  if (id > 0)
    return id;

  lane_id = wm_kpi_link_find_lane (store, journey_id, error);
  if (lane_id < 0)
    return 0;

  /* Translators: the undo step of linking a KPI to a journey, stage or touchpoint */
  if (!wm_store_begin_edit (store, _("Show KPI on Map"), error))
    return 0;

  if (lane_id == 0)
    {
      g_autoptr(WmRecord) lane = wm_record_new (WM_ENTITY_LANE);

      wm_record_set_ref (lane, WM_LANE_JOURNEY_ID, journey_id);
      wm_record_set_string (lane, WM_LANE_NAME, wm_column_choice_label (WM_LANE_KIND, "kpi"));
      wm_record_set_string (lane, WM_LANE_KIND, "kpi");
      if (wm_store_insert (store, lane, error) <= 0)
        goto failed;
    }

  draft = wm_record_new (WM_ENTITY_KPI_LINK);
  wm_record_set_ref (draft, WM_KPI_LINK_KPI_ID, kpi_id);
  wm_record_set_ref (draft, place, place_id);
  id = wm_store_insert (store, draft, error);
  if (id <= 0)
    goto failed;

  if (!wm_store_commit_edit (store, error))
    return 0;

  return id;

failed:
  wm_store_rollback_edit (store);
  return 0;
}

/**
 * wm_kpi_link_describe:
 * @out_journey_id: (out) (optional): the link's journey
 * @journey_name: (out) (optional): the name of the link's journey
 *
 * Says where on its journey @link shows its KPI: the whole journey, a
 * stage or a touchpoint, for a list row's subtitle.
 *
 * Returns: the description, or %NULL with @error set
 */
char *
wm_kpi_link_describe (WmStore   *store,
                      WmRecord  *link,
                      gint64    *out_journey_id,
                      char     **journey_name,
                      GError   **error)
{
  g_autoptr(WmRecord) journey = NULL;
  g_autoptr(WmRecord) stage = NULL;
  g_autoptr(WmRecord) touchpoint = NULL;
  gint64 journey_id;
  char *text;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (wm_record_get_entity (link) == WM_ENTITY_KPI_LINK, NULL);

  if (wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID) > 0)
    {
      touchpoint = wm_store_get (store, WM_ENTITY_TOUCHPOINT,
                                 wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID), error);
      if (touchpoint == NULL)
        return NULL;
      stage = wm_store_get (store, WM_ENTITY_STAGE,
                            wm_record_get_ref (touchpoint, WM_TOUCHPOINT_STAGE_ID), error);
      if (stage == NULL)
        return NULL;
      journey_id = wm_record_get_ref (touchpoint, WM_TOUCHPOINT_JOURNEY_ID);
      /* Translators: where a KPI shows on a map: a touchpoint's title, then its stage's name */
      text = g_strdup_printf (_("Touchpoint “%s” in stage “%s”"),
                              wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE),
                              wm_record_get_string (stage, WM_STAGE_NAME));
    }
  else if (wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID) > 0)
    {
      stage = wm_store_get (store, WM_ENTITY_STAGE,
                            wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID), error);
      if (stage == NULL)
        return NULL;
      journey_id = wm_record_get_ref (stage, WM_STAGE_JOURNEY_ID);
      /* Translators: where a KPI shows on a map; %s is a stage's name */
      text = g_strdup_printf (_("Stage “%s”"), wm_record_get_string (stage, WM_STAGE_NAME));
    }
  else
    {
      journey_id = wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID);
      /* Translators: where a KPI shows on a map */
      text = g_strdup (_("The whole journey"));
    }

  if (journey_name != NULL)
    {
      journey = wm_store_get (store, WM_ENTITY_JOURNEY, journey_id, error);
      if (journey == NULL)
        {
          g_free (text);
          return NULL;
        }
      *journey_name = g_strdup (wm_record_get_string (journey, WM_JOURNEY_NAME));
    }
  if (out_journey_id != NULL)
    *out_journey_id = journey_id;

  return text;
}
