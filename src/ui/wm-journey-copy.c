/* wm-journey-copy.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-journey-copy.h"

/* The stages of the template journey, the way most CX teams start. */
static const char *const template_stages[] = {
  N_("Aware"), N_("Consider"), N_("Buy"), N_("Use"), N_("Support"), N_("Leave"),
};

/* Its lanes, by kind; each is named as the core names its kind. */
static const char *const template_lanes[] = {
  "touchpoints", "emotion", "pain-points", "opportunities", "backstage",
};

static gint64
insert_named (WmStore     *store,
              WmEntity     entity,
              WmColumnId   parent_column,
              gint64       parent_id,
              WmColumnId   name_column,
              const char  *name,
              GError     **error)
{
  g_autoptr(WmRecord) draft = wm_record_new (entity);

  if (parent_column)
    wm_record_set_ref (draft, parent_column, parent_id);
  wm_record_set_string (draft, name_column, name);

  return wm_store_insert (store, draft, error);
}

static gint64
insert_named_lane (WmStore     *store,
                   gint64       journey_id,
                   const char  *kind,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_LANE);

  wm_record_set_ref (draft, WM_LANE_JOURNEY_ID, journey_id);
  wm_record_set_string (draft, WM_LANE_NAME, name);
  wm_record_set_string (draft, WM_LANE_KIND, kind);

  return wm_store_insert (store, draft, error);
}

static gint64
insert_lane (WmStore     *store,
             gint64       journey_id,
             const char  *kind,
             GError     **error)
{
  return insert_named_lane (store, journey_id, kind, wm_column_choice_label (WM_LANE_KIND, kind),
                            error);
}

/* A new journey as one edit: empty (a touchpoint lane and the emotion curve,
 * so the first stage gives cells to fill) or with the template's stages and lanes. */
gint64
wm_journey_create (WmStore  *store,
                   gboolean  from_template,
                   GError  **error)
{
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (store), 0);

  if (!wm_store_begin_edit (store, _("Add journey"), error))
    return 0;

  id = insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, WM_JOURNEY_NAME,
                     from_template ? _("Customer journey") : _("New journey"), error);
  if (id <= 0)
    goto fail;

  if (from_template)
    {
      for (guint i = 0; i < G_N_ELEMENTS (template_stages); i++)
        if (insert_named (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, id, WM_STAGE_NAME,
                          _(template_stages[i]), error) <= 0)
          goto fail;
      for (guint i = 0; i < G_N_ELEMENTS (template_lanes); i++)
        if (insert_lane (store, id, template_lanes[i], error) <= 0)
          goto fail;
    }
  else if (insert_lane (store, id, "touchpoints", error) <= 0 ||
           insert_lane (store, id, "emotion", error) <= 0)
    goto fail;

  if (!wm_store_commit_edit (store, error))
    goto fail;

  return id;

fail:
  wm_store_rollback_edit (store);
  return 0;
}

/* Copies every row of one entity under @from_id to @to_id; @map_* translate
 * the references the copied rows hold. Explicit per entity, so that each copy
 * says which columns travel. */
static gboolean
copy_stages (WmStore     *store,
             gint64       from_id,
             gint64       to_id,
             GHashTable  *stage_map,
             GError     **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, from_id,
                                             error);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_STAGE);
      gint64 id;

      wm_record_set_ref (draft, WM_STAGE_JOURNEY_ID, to_id);
      wm_record_set_string (draft, WM_STAGE_NAME, wm_record_get_string (row, WM_STAGE_NAME));
      wm_record_set_string (draft, WM_STAGE_DESCRIPTION,
                            wm_record_get_string (row, WM_STAGE_DESCRIPTION));
      id = wm_store_insert (store, draft, error);
      if (id <= 0)
        return FALSE;
      g_hash_table_insert (stage_map, g_memdup2 (&(gint64) { wm_record_get_id (row) },
                                                 sizeof (gint64)), GSIZE_TO_POINTER ((gsize) id));
    }

  return rows != NULL;
}

static gboolean
copy_lanes (WmStore     *store,
            gint64       from_id,
            gint64       to_id,
            GHashTable  *lane_map,
            GError     **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, from_id,
                                             error);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      gint64 id = insert_named_lane (store, to_id, wm_record_get_string (row, WM_LANE_KIND),
                                     wm_record_get_string (row, WM_LANE_NAME), error);

      if (id <= 0)
        return FALSE;
      g_hash_table_insert (lane_map, g_memdup2 (&(gint64) { wm_record_get_id (row) },
                                                sizeof (gint64)), GSIZE_TO_POINTER ((gsize) id));
    }

  return rows != NULL;
}

static gint64
mapped (GHashTable *map,
        gint64      id)
{
  return (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (map, &id));
}

static gboolean
copy_cells (WmStore     *store,
            gint64       from_id,
            gint64       to_id,
            GHashTable  *stage_map,
            GHashTable  *lane_map,
            GError     **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_CELL, WM_CELL_JOURNEY_ID, from_id,
                                             error);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_CELL);

      wm_record_set_ref (draft, WM_CELL_JOURNEY_ID, to_id);
      wm_record_set_ref (draft, WM_CELL_STAGE_ID,
                         mapped (stage_map, wm_record_get_ref (row, WM_CELL_STAGE_ID)));
      wm_record_set_ref (draft, WM_CELL_LANE_ID,
                         mapped (lane_map, wm_record_get_ref (row, WM_CELL_LANE_ID)));
      wm_record_set_string (draft, WM_CELL_TEXT, wm_record_get_string (row, WM_CELL_TEXT));
      if (wm_store_insert (store, draft, error) <= 0)
        return FALSE;
    }

  return rows != NULL;
}

static gboolean
copy_touchpoint_emotions (WmStore     *store,
                          gint64       from_id,
                          gint64       to_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_TOUCHPOINT_EMOTION,
                                             WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, from_id, error);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT_EMOTION);

      wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, to_id);
      wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_PERSONA_ID,
                         wm_record_get_ref (row, WM_TOUCHPOINT_EMOTION_PERSONA_ID));
      wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION_EMOTION,
                         wm_record_get_int (row, WM_TOUCHPOINT_EMOTION_EMOTION));
      if (wm_store_insert (store, draft, error) <= 0)
        return FALSE;
    }

  return rows != NULL;
}

static gboolean
copy_touchpoints (WmStore     *store,
                  gint64       from_id,
                  gint64       to_id,
                  gboolean     keep_origin,
                  GHashTable  *stage_map,
                  GHashTable  *lane_map,
                  GError     **error)
{
  static const WmColumnId texts[] = {
    WM_TOUCHPOINT_TITLE, WM_TOUCHPOINT_CUSTOMER_ACTION, WM_TOUCHPOINT_MESSAGE,
    WM_TOUCHPOINT_MTM_REASON, WM_TOUCHPOINT_DROPOUT_RISK, WM_TOUCHPOINT_EVIDENCE,
    WM_TOUCHPOINT_OWNER,
  };
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                             from_id, error);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      WmRecord *row = g_ptr_array_index (rows, i);
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_TOUCHPOINT);
      gint64 id;

      wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, to_id);
      wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID,
                         mapped (stage_map, wm_record_get_ref (row, WM_TOUCHPOINT_STAGE_ID)));
      wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID,
                         mapped (lane_map, wm_record_get_ref (row, WM_TOUCHPOINT_LANE_ID)));
      if (wm_record_get_ref (row, WM_TOUCHPOINT_CHANNEL_ID) > 0)
        wm_record_set_ref (draft, WM_TOUCHPOINT_CHANNEL_ID,
                           wm_record_get_ref (row, WM_TOUCHPOINT_CHANNEL_ID));
      for (guint j = 0; j < G_N_ELEMENTS (texts); j++)
        wm_record_set_string (draft, texts[j], wm_record_get_string (row, texts[j]));
      wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION,
                         wm_record_get_int (row, WM_TOUCHPOINT_EMOTION));
      wm_record_set_boolean (draft, WM_TOUCHPOINT_MOMENT_THAT_MATTERS,
                             wm_record_get_boolean (row, WM_TOUCHPOINT_MOMENT_THAT_MATTERS));
      wm_record_set_boolean (draft, WM_TOUCHPOINT_CONTEXT_CARRIED,
                             wm_record_get_boolean (row, WM_TOUCHPOINT_CONTEXT_CARRIED));
      /* A to-be touchpoint remembers the as-is one it came from, for the comparison. */
      if (keep_origin)
        wm_record_set_string (draft, WM_TOUCHPOINT_ORIGIN_UUID, wm_record_get_uuid (row));
      id = wm_store_insert (store, draft, error);
      if (id <= 0 || !copy_touchpoint_emotions (store, wm_record_get_id (row), id, error))
        return FALSE;
    }

  return rows != NULL;
}

static gboolean
copy_personas (WmStore     *store,
               gint64       from_id,
               gint64       to_id,
               GError     **error)
{
  g_autoptr(GPtrArray) rows = wm_store_list (store, WM_ENTITY_JOURNEY_PERSONA,
                                             WM_JOURNEY_PERSONA_JOURNEY_ID, from_id, error);

  for (guint i = 0; rows && i < rows->len; i++)
    {
      g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);

      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_JOURNEY_ID, to_id);
      wm_record_set_ref (draft, WM_JOURNEY_PERSONA_PERSONA_ID,
                         wm_record_get_ref (g_ptr_array_index (rows, i),
                                            WM_JOURNEY_PERSONA_PERSONA_ID));
      if (wm_store_insert (store, draft, error) <= 0)
        return FALSE;
    }

  return rows != NULL;
}

/* A deep copy of journey @source_id, placed right after it, as one edit.
 * A to-be copy is linked to its as-is journey and each touchpoint to the one
 * it came from. */
gint64
wm_journey_copy (WmStore   *store,
                 WmRecord  *source,
                 gboolean   to_be,
                 GError   **error)
{
  g_autoptr(GHashTable) stage_map = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, NULL);
  g_autoptr(GHashTable) lane_map = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, NULL);
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);
  g_autofree char *name = NULL;
  gint64 source_id = wm_record_get_id (source);
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (store), 0);
  g_return_val_if_fail (WM_IS_RECORD (source), 0);

  if (to_be)
    /* Translators: the name of a to-be journey made from an as-is one */
    name = g_strdup_printf (_("%s (to-be)"), wm_record_get_string (source, WM_JOURNEY_NAME));
  else
    /* Translators: the name of a duplicated journey */
    name = g_strdup_printf (_("%s (copy)"), wm_record_get_string (source, WM_JOURNEY_NAME));

  if (!wm_store_begin_edit (store, to_be ? _("Make to-be journey") : _("Duplicate journey"),
                            error))
    return 0;

  wm_record_set_string (draft, WM_JOURNEY_NAME, name);
  wm_record_set_string (draft, WM_JOURNEY_DESCRIPTION,
                        wm_record_get_string (source, WM_JOURNEY_DESCRIPTION));
  if (to_be)
    {
      wm_record_set_string (draft, WM_JOURNEY_STATE, "to-be");
      wm_record_set_ref (draft, WM_JOURNEY_AS_IS_JOURNEY_ID, source_id);
    }
  else
    {
      wm_record_set_string (draft, WM_JOURNEY_STATE,
                            wm_record_get_string (source, WM_JOURNEY_STATE));
      if (wm_record_get_ref (source, WM_JOURNEY_AS_IS_JOURNEY_ID) > 0)
        wm_record_set_ref (draft, WM_JOURNEY_AS_IS_JOURNEY_ID,
                           wm_record_get_ref (source, WM_JOURNEY_AS_IS_JOURNEY_ID));
    }

  id = wm_store_insert (store, draft, error);
  if (id <= 0 ||
      !copy_personas (store, source_id, id, error) ||
      !copy_stages (store, source_id, id, stage_map, error) ||
      !copy_lanes (store, source_id, id, lane_map, error) ||
      !copy_cells (store, source_id, id, stage_map, lane_map, error) ||
      !copy_touchpoints (store, source_id, id, to_be, stage_map, lane_map, error))
    goto fail;

  {
    g_autoptr(GPtrArray) journeys = wm_store_list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0,
                                                   error);

    for (guint i = 0; journeys && i < journeys->len; i++)
      if (wm_record_get_id (g_ptr_array_index (journeys, i)) == source_id &&
          !wm_store_move (store, WM_ENTITY_JOURNEY, id, i + 1, error))
        goto fail;
  }

  if (!wm_store_commit_edit (store, error))
    goto fail;

  return id;

fail:
  wm_store_rollback_edit (store);
  return 0;
}
