/* wm-persona.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-persona"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wm-persona.h"

static const WmPersonaItemKind item_kinds[] = {
  { "goal", N_("Goals"), N_("Add goal") },
  { "pain", N_("Pain points"), N_("Add pain point") },
  { "need", N_("Needs"), N_("Add need") },
  { "behaviour", N_("Behaviours"), N_("Add behaviour") },
  { "motivation", N_("Motivations"), N_("Add motivation") },
};

/* GNOME's palette, the shades dark enough for white initials and a curve
 * on a white map, light enough to stand out on a dark one. */
static const char *const palette[] = {
  "#3584e4", /* blue */
  "#e66100", /* orange */
  "#26a269", /* green */
  "#9141ac", /* purple */
  "#c01c28", /* red */
  "#2190a4", /* teal */
  "#c64600", /* brown-orange */
  "#1a5fb4", /* dark blue */
  "#986a44", /* brown */
  "#613583", /* dark purple */
  NULL
};

#define N_PALETTE (G_N_ELEMENTS (palette) - 1)

/* Helpers */

static int
compare_position (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  WmColumnId column = GPOINTER_TO_UINT (user_data);
  gint64 pa = wm_record_get_int (*(WmRecord **) a, column);
  gint64 pb = wm_record_get_int (*(WmRecord **) b, column);

  return pa < pb ? -1 : pa > pb;
}

/* The rows @ref_column points to from the link rows whose @own_column is
 * @id, sorted by @sort_column unless it is WM_COLUMN_NONE. */
static GPtrArray *
list_linked (WmStore    *store,
             WmColumnId  own_column,
             gint64      id,
             WmColumnId  ref_column,
             WmColumnId  sort_column,
             GError    **error)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  WmEntity ref_entity = wm_column_get_info (ref_column)->ref;

  links = wm_store_list (store, wm_column_get_entity (own_column), own_column, id, error);
  if (links == NULL)
    return NULL;

  for (guint i = 0; i < links->len; i++)
    {
      gint64 ref = wm_record_get_ref (g_ptr_array_index (links, i), ref_column);
      WmRecord *row = wm_store_get (store, ref_entity, ref, error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }
  if (sort_column != WM_COLUMN_NONE)
    g_ptr_array_sort_with_data (rows, compare_position, GUINT_TO_POINTER (sort_column));

  return g_steal_pointer (&rows);
}

/* Copies the rows whose @parent_column is @from_id to @to_id. */
static gboolean
copy_children (WmStore    *store,
               WmColumnId  parent_column,
               gint64      from_id,
               gint64      to_id,
               GError    **error)
{
  g_autoptr(GPtrArray) children = NULL;

  children = wm_store_list (store, wm_column_get_entity (parent_column), parent_column, from_id,
                            error);
  if (children == NULL)
    return FALSE;

  for (guint i = 0; i < children->len; i++)
    {
      g_autoptr(WmRecord) copy = wm_record_copy (g_ptr_array_index (children, i));

      wm_record_set_ref (copy, parent_column, to_id);
      if (wm_store_insert (store, copy, error) <= 0)
        return FALSE;
    }

  return TRUE;
}

/* Public API */

const WmPersonaItemKind *
wm_persona_item_kinds (guint *n_kinds)
{
  if (n_kinds)
    *n_kinds = G_N_ELEMENTS (item_kinds);

  return item_kinds;
}

const WmPersonaItemKind *
wm_persona_item_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_kinds); i++)
    {
      if (g_strcmp0 (item_kinds[i].kind, kind) == 0)
        return &item_kinds[i];
    }

  return NULL;
}

const char *const *
wm_persona_palette (void)
{
  return palette;
}

const char *
wm_persona_get_color (WmRecord *persona)
{
  const char *color;

  g_return_val_if_fail (WM_IS_RECORD (persona), palette[0]);

  color = wm_record_get_string (persona, WM_PERSONA_COLOR);
  if (color != NULL && *color == '#')
    return color;

  return palette[(guint64) wm_record_get_id (persona) % N_PALETTE];
}

const char *
wm_persona_next_color (WmStore *store)
{
  g_autoptr(GPtrArray) personas = NULL;
  guint uses[N_PALETTE] = { 0 };
  guint best = 0;

  g_return_val_if_fail (WM_IS_STORE (store), palette[0]);

  personas = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, NULL);
  for (guint i = 0; personas && i < personas->len; i++)
    {
      const char *color = wm_persona_get_color (g_ptr_array_index (personas, i));

      for (guint j = 0; j < N_PALETTE; j++)
        {
          if (g_ascii_strcasecmp (color, palette[j]) == 0)
            uses[j]++;
        }
    }

  for (guint j = 1; j < N_PALETTE; j++)
    {
      if (uses[j] < uses[best])
        best = j;
    }

  return palette[best];
}

gint64
wm_persona_create (WmStore     *store,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_PERSONA);

  g_return_val_if_fail (WM_IS_STORE (store), 0);
  g_return_val_if_fail (name != NULL, 0);

  wm_record_set_string (draft, WM_PERSONA_NAME, name);
  wm_record_set_string (draft, WM_PERSONA_COLOR, wm_persona_next_color (store));

  return wm_store_insert (store, draft, error);
}

gint64
wm_persona_duplicate (WmStore     *store,
                      gint64       persona_id,
                      GError     **error)
{
  g_autoptr(WmRecord) original = NULL;
  g_autoptr(WmRecord) copy = NULL;
  g_autoptr(GPtrArray) personas = NULL;
  g_autofree char *name = NULL;
  gint64 copy_id;
  guint index = 0;

  g_return_val_if_fail (WM_IS_STORE (store), 0);

  original = wm_store_get (store, WM_ENTITY_PERSONA, persona_id, error);
  if (original == NULL)
    return 0;
  personas = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, error);
  if (personas == NULL)
    return 0;
  for (guint i = 0; i < personas->len; i++)
    {
      if (wm_record_get_id (g_ptr_array_index (personas, i)) == persona_id)
        index = i + 1;
    }

  copy = wm_record_copy (original);
  wm_record_unset (copy, WM_PERSONA_POSITION);
  /* Translators: the name of a duplicated persona; %s is the original's name */
  name = g_strdup_printf (_("%s (copy)"), wm_record_get_string (original, WM_PERSONA_NAME));
  wm_record_set_string (copy, WM_PERSONA_NAME, name);

  if (!wm_store_begin_edit (store, _("Duplicate persona"), error))
    return 0;
  copy_id = wm_store_insert (store, copy, error);
  if (copy_id <= 0
      || !copy_children (store, WM_PERSONA_ITEM_PERSONA_ID, persona_id, copy_id, error)
      || !copy_children (store, WM_PERSONA_CHANNEL_PERSONA_ID, persona_id, copy_id, error)
      || !wm_store_move (store, WM_ENTITY_PERSONA, copy_id, index, error))
    {
      wm_store_rollback_edit (store);
      return 0;
    }
  if (!wm_store_commit_edit (store, error))
    return 0;

  return copy_id;
}

GPtrArray *
wm_persona_list_journeys (WmStore  *store,
                          gint64    persona_id,
                          GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  return list_linked (store, WM_JOURNEY_PERSONA_PERSONA_ID, persona_id,
                      WM_JOURNEY_PERSONA_JOURNEY_ID, WM_JOURNEY_POSITION, error);
}

GPtrArray *
wm_persona_list_for_journey (WmStore  *store,
                             gint64    journey_id,
                             GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  return list_linked (store, WM_JOURNEY_PERSONA_JOURNEY_ID, journey_id,
                      WM_JOURNEY_PERSONA_PERSONA_ID, WM_PERSONA_POSITION, error);
}

GPtrArray *
wm_persona_list_channels (WmStore  *store,
                          gint64    persona_id,
                          GError  **error)
{
  g_return_val_if_fail (WM_IS_STORE (store), NULL);

  /* The links are listed in their own order: the persona's preference. */
  return list_linked (store, WM_PERSONA_CHANNEL_PERSONA_ID, persona_id,
                      WM_PERSONA_CHANNEL_CHANNEL_ID, WM_COLUMN_NONE, error);
}

WmRecord *
wm_persona_find (WmStore     *store,
                 const char  *id_or_name,
                 GError     **error)
{
  g_autoptr(GPtrArray) personas = NULL;
  WmRecord *found = NULL;
  guint n_found = 0;
  char *end = NULL;
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (store), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  personas = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, error);
  if (personas == NULL)
    return NULL;

  id = g_ascii_strtoll (id_or_name, &end, 10);
  for (guint i = 0; i < personas->len; i++)
    {
      WmRecord *persona = g_ptr_array_index (personas, i);

      if ((*id_or_name && end && *end == '\0' && wm_record_get_id (persona) == id)
          || g_strcmp0 (wm_record_get_uuid (persona), id_or_name) == 0)
        return g_object_ref (persona);
      if (g_strcmp0 (wm_record_get_string (persona, WM_PERSONA_NAME), id_or_name) == 0)
        {
          found = persona;
          n_found++;
        }
    }

  if (n_found == 1)
    return g_object_ref (found);

  if (n_found > 1)
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 _("Several personas are named “%s”: give the id instead."), id_or_name);
  else
    g_set_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND,
                 _("No persona is named “%s”."), id_or_name);

  return NULL;
}
