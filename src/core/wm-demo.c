/* wm-demo.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "wm-core-resources.h"
#include "wm-demo.h"
#include "wm-demo-private.h"

/* The demo project is written as readable JSON (data/demo/demo.json) that
 * names things instead of numbering them: channels by their seeded key,
 * personas, journeys and KPIs by name, stages, lanes and touchpoints by name
 * within their journey. Plain members carry the column names of the schema,
 * so the source reads like the data model; a member the loader does not
 * know is an error, so a typo in the source cannot silently drop content.
 * Multi-line text may be written as an array of lines.
 *
 * A translation (data/demo/demo.<language>.json, such as demo.de.json) is
 * the same source with the readable text, names included, in another
 * language. The demo comes in the first of the user's languages that has
 * one, else in English (demo.json). */

#define DEMO_RESOURCE_DIR "/org/waymark/Waymark/demo"
#define DEMO_RESOURCE DEMO_RESOURCE_DIR "/demo.json"
#define DEMO_FORMAT 1
#define DEMO_SAMPLE_SOURCE "demo"

typedef struct
{
  gint64      id;
  char       *path;            /* "journeys[2]", for locations in messages */
  GHashTable *stages;          /* name → id */
  GHashTable *lanes;           /* name → id */
  GHashTable *touchpoints;     /* title → id */
  gint64      touchpoint_lane; /* the first lane of kind "touchpoints" */
} DemoJourney;

typedef struct
{
  WmStore    *store;
  gint64      now;
  GHashTable *channels;        /* key → id */
  GHashTable *personas;        /* name → id */
  GHashTable *journeys;        /* name → DemoJourney */
  GHashTable *kpis;            /* name → id */
  GHashTable *guidelines;      /* name → id */
} Demo;

typedef enum
{
  WANT_STRING,
  WANT_TEXT,   /* a string or an array of lines */
  WANT_INT,
  WANT_NUMBER,
  WANT_BOOL,
  WANT_ARRAY,
  WANT_OBJECT,
} Want;

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (WM_STORE_ERROR, WM_STORE_ERROR_INVALID, format, args);
  va_end (args);

  return FALSE;
}

/* Name tables */

static GHashTable *
id_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean
id_table_add (GHashTable *table,
              const char *name,
              gint64      id)
{
  if (g_hash_table_contains (table, name))
    return FALSE;
  g_hash_table_insert (table, g_strdup (name), g_memdup2 (&id, sizeof id));

  return TRUE;
}

static gint64
id_table_lookup (GHashTable *table,
                 const char *name)
{
  gint64 *id = g_hash_table_lookup (table, name);

  return id != NULL ? *id : 0;
}

static void
demo_journey_free (gpointer data)
{
  DemoJourney *journey = data;

  g_hash_table_unref (journey->stages);
  g_hash_table_unref (journey->lanes);
  g_hash_table_unref (journey->touchpoints);
  g_free (journey->path);
  g_free (journey);
}

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->channels, g_hash_table_unref);
  g_clear_pointer (&demo->personas, g_hash_table_unref);
  g_clear_pointer (&demo->journeys, g_hash_table_unref);
  g_clear_pointer (&demo->kpis, g_hash_table_unref);
  g_clear_pointer (&demo->guidelines, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

/* Reading the source */

static char *
child_location (const char *parent,
                const char *member,
                guint       index)
{
  if (parent == NULL)
    return g_strdup_printf ("%s[%u]", member, index);

  return g_strdup_printf ("%s.%s[%u]", parent, member, index);
}

static char *
named_location (const char *location,
                const char *name)
{
  return g_strdup_printf ("%s “%s”", location, name);
}

static const char *
want_describe (Want want)
{
  switch (want)
    {
    case WANT_STRING:
      return _("a string");
    case WANT_TEXT:
      return _("a string or an array of strings");
    case WANT_INT:
      return _("a whole number");
    case WANT_NUMBER:
      return _("a number");
    case WANT_BOOL:
      return _("true or false");
    case WANT_ARRAY:
      return _("an array");
    case WANT_OBJECT:
      return _("an object");
    default:
      g_assert_not_reached ();
    }
}

static gboolean
node_is_value (JsonNode *node,
               GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
node_is (JsonNode *node,
         Want      want)
{
  switch (want)
    {
    case WANT_STRING:
      return node_is_value (node, G_TYPE_STRING);
    case WANT_TEXT:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *lines = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (lines); i++)
            {
              if (!node_is_value (json_array_get_element (lines, i), G_TYPE_STRING))
                return FALSE;
            }
          return TRUE;
        }
      return node_is_value (node, G_TYPE_STRING);
    case WANT_INT:
      return node_is_value (node, G_TYPE_INT64);
    case WANT_NUMBER:
      return node_is_value (node, G_TYPE_INT64) || node_is_value (node, G_TYPE_DOUBLE);
    case WANT_BOOL:
      return node_is_value (node, G_TYPE_BOOLEAN);
    case WANT_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case WANT_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    default:
      g_assert_not_reached ();
    }
}

static char *
node_dup_text (JsonNode *node)
{
  g_autoptr(GString) text = NULL;
  JsonArray *lines;

  if (JSON_NODE_HOLDS_VALUE (node))
    return g_strdup (json_node_get_string (node));

  lines = json_node_get_array (node);
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, json_array_get_string_element (lines, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static double
node_get_number (JsonNode *node)
{
  if (node_is_value (node, G_TYPE_INT64))
    return (double) json_node_get_int (node);

  return json_node_get_double (node);
}

/* Looks up @name in @object; JSON null counts as absent. *@out is NULL when
 * an optional member is absent. */
static gboolean
get_member (JsonObject  *object,
            const char  *location,
            const char  *name,
            Want         want,
            gboolean     required,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, _("Demo: %s has no member “%s”."), location, name);
      return TRUE;
    }
  if (!node_is (node, want))
    return fail (error, _("Demo: member “%s” of %s must be %s."), name, location,
                 want_describe (want));

  *out = node;

  return TRUE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *location,
            const char  *name,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (object, location, name, WANT_STRING, required, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_string (node);

  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *location,
           const char  *name,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (object, location, name, WANT_ARRAY, required, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_array (node);

  return TRUE;
}

static guint
array_length (JsonArray *array)
{
  return array != NULL ? json_array_get_length (array) : 0;
}

static JsonObject *
array_get_object (JsonArray   *array,
                  guint        index,
                  const char  *location,
                  GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, _("Demo: %s must be an object."), location);
      return NULL;
    }

  return json_node_get_object (node);
}

static const char *
array_get_string (JsonArray   *array,
                  guint        index,
                  const char  *location,
                  GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!node_is_value (node, G_TYPE_STRING))
    {
      fail (error, _("Demo: %s must be a string."), location);
      return NULL;
    }

  return json_node_get_string (node);
}

/* For objects that are not rows: every member must be one of @allowed. */
static gboolean
check_members (JsonObject         *object,
               const char         *location,
               const char * const *allowed,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        return fail (error, _("Demo: %s has an unknown member “%s”."), location,
                     (const char *) l->data);
    }

  return TRUE;
}

static gboolean
column_is_plain (const WmColumn *column)
{
  /* References are given by name, positions by the order in the source. */
  return column != NULL
         && column->type != WM_COLUMN_REF
         && column->type != WM_COLUMN_BLOB
         && g_strcmp0 (column->name, "position") != 0;
}

/* Copies the members named like plain columns of @record's entity into it;
 * @extra lists the other members the caller reads itself. */
static gboolean
set_columns (WmRecord           *record,
             JsonObject         *object,
             const char         *location,
             const char * const *extra,
             GError            **error)
{
  const WmEntityInfo *info = wm_record_get_info (record);
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      WmColumnId id = wm_entity_find_column (info->entity, name);
      const WmColumn *column = id != WM_COLUMN_NONE ? wm_column_get_info (id) : NULL;
      JsonNode *node;

      if (extra != NULL && g_strv_contains (extra, name))
        continue;

      if (!column_is_plain (column))
        return fail (error, _("Demo: %s has an unknown member “%s”."), location, name);

      switch (column->type)
        {
        case WM_COLUMN_TEXT:
          {
            g_autofree char *text = NULL;

            if (!get_member (object, location, name, WANT_TEXT, FALSE, &node, error))
              return FALSE;
            if (node == NULL)
              break;
            text = node_dup_text (node);
            wm_record_set_string (record, id, text);
          }
          break;

        case WM_COLUMN_INT:
          if (!get_member (object, location, name, WANT_INT, FALSE, &node, error))
            return FALSE;
          if (node != NULL)
            wm_record_set_int (record, id, json_node_get_int (node));
          break;

        case WM_COLUMN_REAL:
          if (!get_member (object, location, name, WANT_NUMBER, FALSE, &node, error))
            return FALSE;
          if (node != NULL)
            wm_record_set_double (record, id, node_get_number (node));
          break;

        case WM_COLUMN_BOOL:
          if (!get_member (object, location, name, WANT_BOOL, FALSE, &node, error))
            return FALSE;
          if (node != NULL)
            wm_record_set_boolean (record, id, json_node_get_boolean (node));
          break;

        case WM_COLUMN_REF:
        case WM_COLUMN_BLOB:
        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/* Writing the project */

static gint64
insert (Demo        *demo,
        WmRecord    *record,
        const char  *location,
        GError     **error)
{
  gint64 id = wm_store_insert (demo->store, record, error);

  if (id == 0)
    g_prefix_error (error, _("Demo: %s: "), location);

  return id;
}

/* A row that only links two others. */
static gboolean
insert_link (Demo        *demo,
             WmEntity     entity,
             WmColumnId   column_a,
             gint64       id_a,
             WmColumnId   column_b,
             gint64       id_b,
             const char  *location,
             GError     **error)
{
  g_autoptr(WmRecord) record = wm_record_new (entity);

  wm_record_set_ref (record, column_a, id_a);
  wm_record_set_ref (record, column_b, id_b);

  return insert (demo, record, location, error) > 0;
}

static gint64
lookup_channel (Demo        *demo,
                const char  *key,
                const char  *location,
                GError     **error)
{
  gint64 id = id_table_lookup (demo->channels, key);

  if (id == 0)
    fail (error, _("Demo: %s names unknown channel “%s”."), location, key);

  return id;
}

static gint64
lookup_persona (Demo        *demo,
                const char  *name,
                const char  *location,
                GError     **error)
{
  gint64 id = id_table_lookup (demo->personas, name);

  if (id == 0)
    fail (error, _("Demo: %s names unknown persona “%s”."), location, name);

  return id;
}

static DemoJourney *
lookup_journey (Demo        *demo,
                const char  *name,
                const char  *location,
                GError     **error)
{
  DemoJourney *journey = g_hash_table_lookup (demo->journeys, name);

  if (journey == NULL)
    fail (error, _("Demo: %s names unknown journey “%s”."), location, name);

  return journey;
}

static gint64
lookup_stage (DemoJourney *journey,
              const char  *name,
              const char  *location,
              GError     **error)
{
  gint64 id = id_table_lookup (journey->stages, name);

  if (id == 0)
    fail (error, _("Demo: %s names unknown stage “%s”."), location, name);

  return id;
}

static gint64
lookup_lane (DemoJourney *journey,
             const char  *name,
             const char  *location,
             GError     **error)
{
  gint64 id = id_table_lookup (journey->lanes, name);

  if (id == 0)
    fail (error, _("Demo: %s names unknown lane “%s”."), location, name);

  return id;
}

static gint64
lookup_touchpoint (DemoJourney *journey,
                   const char  *title,
                   const char  *location,
                   GError     **error)
{
  gint64 id = id_table_lookup (journey->touchpoints, title);

  if (id == 0)
    fail (error, _("Demo: %s names unknown touchpoint “%s”."), location, title);

  return id;
}

static gboolean
name_taken (const char  *location,
            const char  *name,
            GError     **error)
{
  return fail (error, _("Demo: %s uses the name “%s” a second time."), location, name);
}

static gboolean
load_project (Demo        *demo,
              JsonObject  *root,
              GError     **error)
{
  g_autoptr(WmRecord) project = NULL;
  JsonNode *node;

  if (!get_member (root, _("the demo source"), "project", WANT_OBJECT, TRUE, &node, error))
    return FALSE;

  /* A copy: the store's own record only changes once the edit is committed. */
  project = wm_record_copy (wm_store_get_project (demo->store));
  if (!set_columns (project, json_node_get_object (node), "project", NULL, error))
    return FALSE;
  if (!wm_store_update (demo->store, project, error))
    {
      g_prefix_error (error, _("Demo: %s: "), "project");
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_persona (Demo        *demo,
              JsonObject  *object,
              const char  *array_location,
              GError     **error)
{
  static const struct
  {
    const char *member;
    const char *kind;
  } item_kinds[] = {
    { "goals", "goal" },
    { "pains", "pain" },
    { "needs", "need" },
    { "behaviours", "behaviour" },
    { "motivations", "motivation" },
  };
  static const char * const extra[] = {
    "goals", "pains", "needs", "behaviours", "motivations", "channels", NULL
  };
  g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_PERSONA);
  g_autofree char *location = NULL;
  JsonArray *channels;
  const char *name;
  gint64 id;

  if (!get_string (object, array_location, "name", TRUE, &name, error))
    return FALSE;
  location = named_location (array_location, name);

  if (!set_columns (record, object, location, extra, error))
    return FALSE;
  if ((id = insert (demo, record, location, error)) == 0)
    return FALSE;
  if (!id_table_add (demo->personas, name, id))
    return name_taken (location, name, error);

  for (guint k = 0; k < G_N_ELEMENTS (item_kinds); k++)
    {
      JsonArray *items;

      if (!get_array (object, location, item_kinds[k].member, FALSE, &items, error))
        return FALSE;
      for (guint i = 0; i < array_length (items); i++)
        {
          g_autofree char *item_location = child_location (array_location,
                                                           item_kinds[k].member, i);
          g_autoptr(WmRecord) item = wm_record_new (WM_ENTITY_PERSONA_ITEM);
          const char *text = array_get_string (items, i, item_location, error);

          if (text == NULL)
            return FALSE;
          wm_record_set_ref (item, WM_PERSONA_ITEM_PERSONA_ID, id);
          wm_record_set_string (item, WM_PERSONA_ITEM_KIND, item_kinds[k].kind);
          wm_record_set_string (item, WM_PERSONA_ITEM_TEXT, text);
          if (insert (demo, item, item_location, error) == 0)
            return FALSE;
        }
    }

  if (!get_array (object, location, "channels", FALSE, &channels, error))
    return FALSE;
  for (guint i = 0; i < array_length (channels); i++)
    {
      g_autofree char *channel_location = child_location (array_location, "channels", i);
      const char *key = array_get_string (channels, i, channel_location, error);
      gint64 channel_id;

      if (key == NULL || (channel_id = lookup_channel (demo, key, channel_location, error)) == 0)
        return FALSE;
      if (!insert_link (demo, WM_ENTITY_PERSONA_CHANNEL, WM_PERSONA_CHANNEL_PERSONA_ID, id,
                        WM_PERSONA_CHANNEL_CHANNEL_ID,
                        channel_id, channel_location, error))
        return FALSE;
    }

  return TRUE;
}

/* Stages and lanes: rows of a journey known by name. */
static gboolean
load_journey_part (Demo        *demo,
                   DemoJourney *journey,
                   JsonObject  *journey_object,
                   const char  *journey_location,
                   const char  *member,
                   WmEntity     entity,
                   GHashTable  *names,
                   GError     **error)
{
  JsonArray *parts;

  if (!get_array (journey_object, journey_location, member, TRUE, &parts, error))
    return FALSE;
  if (array_length (parts) == 0)
    return fail (error, _("Demo: %s needs at least one entry in “%s”."), journey_location,
                 member);

  for (guint i = 0; i < array_length (parts); i++)
    {
      g_autofree char *index_location = child_location (journey->path, member, i);
      g_autofree char *location = NULL;
      g_autoptr(WmRecord) record = wm_record_new (entity);
      JsonObject *object;
      const char *name;
      gint64 id;

      if ((object = array_get_object (parts, i, index_location, error)) == NULL)
        return FALSE;
      if (!get_string (object, index_location, "name", TRUE, &name, error))
        return FALSE;
      location = named_location (index_location, name);

      wm_record_set_ref (record, wm_entity_get_info (entity)->parent_column, journey->id);
      if (!set_columns (record, object, location, NULL, error))
        return FALSE;
      if ((id = insert (demo, record, location, error)) == 0)
        return FALSE;
      if (!id_table_add (names, name, id))
        return name_taken (location, name, error);

      if (entity == WM_ENTITY_LANE && journey->touchpoint_lane == 0
          && g_strcmp0 (wm_record_get_string (record, WM_LANE_KIND), "touchpoints") == 0)
        journey->touchpoint_lane = id;
    }

  return TRUE;
}

static gboolean
load_touchpoint (Demo        *demo,
                 DemoJourney *journey,
                 JsonObject  *object,
                 const char  *index_location,
                 GError     **error)
{
  static const char * const extra[] = {
    "stage", "lane", "channel", "persona_emotions", NULL
  };
  g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_TOUCHPOINT);
  g_autofree char *location = NULL;
  const char *title, *stage, *lane, *channel;
  gint64 stage_id, lane_id, channel_id, id;
  JsonNode *emotions;

  if (!get_string (object, index_location, "title", TRUE, &title, error))
    return FALSE;
  location = named_location (index_location, title);

  if (!get_string (object, location, "stage", TRUE, &stage, error)
      || !get_string (object, location, "lane", FALSE, &lane, error)
      || !get_string (object, location, "channel", TRUE, &channel, error)
      || !get_member (object, location, "persona_emotions", WANT_OBJECT, FALSE, &emotions,
                      error))
    return FALSE;

  if ((stage_id = lookup_stage (journey, stage, location, error)) == 0)
    return FALSE;
  if (lane != NULL)
    lane_id = lookup_lane (journey, lane, location, error);
  else if ((lane_id = journey->touchpoint_lane) == 0)
    fail (error, _("Demo: %s names no lane, and its journey has no touchpoints lane."),
          location);
  if (lane_id == 0)
    return FALSE;
  if ((channel_id = lookup_channel (demo, channel, location, error)) == 0)
    return FALSE;

  wm_record_set_ref (record, WM_TOUCHPOINT_JOURNEY_ID, journey->id);
  wm_record_set_ref (record, WM_TOUCHPOINT_STAGE_ID, stage_id);
  wm_record_set_ref (record, WM_TOUCHPOINT_LANE_ID, lane_id);
  wm_record_set_ref (record, WM_TOUCHPOINT_CHANNEL_ID, channel_id);
  if (!set_columns (record, object, location, extra, error))
    return FALSE;
  if ((id = insert (demo, record, location, error)) == 0)
    return FALSE;
  /* KPI links name touchpoints by title, so titles must tell them apart. */
  if (!id_table_add (journey->touchpoints, title, id))
    return name_taken (location, title, error);

  if (emotions != NULL)
    {
      JsonObject *by_persona = json_node_get_object (emotions);
      g_autoptr(GList) names = json_object_get_members (by_persona);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autoptr(WmRecord) emotion = wm_record_new (WM_ENTITY_TOUCHPOINT_EMOTION);
          g_autofree char *emotion_location = g_strdup_printf ("%s.persona_emotions",
                                                               index_location);
          gint64 persona_id = lookup_persona (demo, l->data, emotion_location, error);
          JsonNode *value;

          if (persona_id == 0)
            return FALSE;
          if (!get_member (by_persona, emotion_location, l->data, WANT_INT, TRUE, &value, error))
            return FALSE;
          wm_record_set_ref (emotion, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, id);
          wm_record_set_ref (emotion, WM_TOUCHPOINT_EMOTION_PERSONA_ID, persona_id);
          wm_record_set_int (emotion, WM_TOUCHPOINT_EMOTION_EMOTION, json_node_get_int (value));
          if (insert (demo, emotion, emotion_location, error) == 0)
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_cell (Demo        *demo,
           DemoJourney *journey,
           JsonObject  *object,
           const char  *location,
           GError     **error)
{
  static const char * const extra[] = { "stage", "lane", NULL };
  g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_CELL);
  const char *stage, *lane;
  gint64 stage_id, lane_id;

  if (!get_string (object, location, "stage", TRUE, &stage, error)
      || !get_string (object, location, "lane", TRUE, &lane, error))
    return FALSE;
  if ((stage_id = lookup_stage (journey, stage, location, error)) == 0
      || (lane_id = lookup_lane (journey, lane, location, error)) == 0)
    return FALSE;

  wm_record_set_ref (record, WM_CELL_JOURNEY_ID, journey->id);
  wm_record_set_ref (record, WM_CELL_STAGE_ID, stage_id);
  wm_record_set_ref (record, WM_CELL_LANE_ID, lane_id);
  if (!set_columns (record, object, location, extra, error))
    return FALSE;

  return insert (demo, record, location, error) > 0;
}

/* Runs @load over every object of @object's array @member. */
typedef gboolean (*LoadInJourney) (Demo        *demo,
                                   DemoJourney *journey,
                                   JsonObject  *object,
                                   const char  *location,
                                   GError     **error);

static gboolean
load_each_in_journey (Demo          *demo,
                      DemoJourney   *journey,
                      JsonObject    *journey_object,
                      const char    *journey_location,
                      const char    *member,
                      LoadInJourney  load,
                      GError       **error)
{
  JsonArray *array;

  if (!get_array (journey_object, journey_location, member, FALSE, &array, error))
    return FALSE;

  for (guint i = 0; i < array_length (array); i++)
    {
      g_autofree char *location = child_location (journey->path, member, i);
      JsonObject *object = array_get_object (array, i, location, error);

      if (object == NULL || !load (demo, journey, object, location, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_journey (Demo        *demo,
              JsonObject  *object,
              const char  *index_location,
              GError     **error)
{
  static const char * const extra[] = {
    "as_is", "personas", "stages", "lanes", "touchpoints", "cells", NULL
  };
  g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_JOURNEY);
  g_autofree char *location = NULL;
  DemoJourney *journey;
  JsonArray *personas;
  const char *name, *as_is;

  if (!get_string (object, index_location, "name", TRUE, &name, error))
    return FALSE;
  location = named_location (index_location, name);
  if (g_hash_table_contains (demo->journeys, name))
    return name_taken (location, name, error);

  if (!get_string (object, location, "as_is", FALSE, &as_is, error))
    return FALSE;
  if (as_is != NULL)
    {
      DemoJourney *as_is_journey = lookup_journey (demo, as_is, location, error);

      if (as_is_journey == NULL)
        return FALSE;
      wm_record_set_ref (record, WM_JOURNEY_AS_IS_JOURNEY_ID, as_is_journey->id);
    }

  if (!set_columns (record, object, location, extra, error))
    return FALSE;

  journey = g_new0 (DemoJourney, 1);
  journey->path = g_strdup (index_location);
  journey->stages = id_table_new ();
  journey->lanes = id_table_new ();
  journey->touchpoints = id_table_new ();
  g_hash_table_insert (demo->journeys, g_strdup (name), journey);

  if ((journey->id = insert (demo, record, location, error)) == 0)
    return FALSE;

  if (!get_array (object, location, "personas", FALSE, &personas, error))
    return FALSE;
  for (guint i = 0; i < array_length (personas); i++)
    {
      g_autofree char *persona_location = child_location (index_location, "personas", i);
      const char *persona = array_get_string (personas, i, persona_location, error);
      gint64 persona_id;

      if (persona == NULL
          || (persona_id = lookup_persona (demo, persona, persona_location, error)) == 0)
        return FALSE;
      if (!insert_link (demo, WM_ENTITY_JOURNEY_PERSONA, WM_JOURNEY_PERSONA_JOURNEY_ID, journey->id,
                        WM_JOURNEY_PERSONA_PERSONA_ID, persona_id, persona_location, error))
        return FALSE;
    }

  return load_journey_part (demo, journey, object, location, "stages", WM_ENTITY_STAGE,
                            journey->stages, error)
         && load_journey_part (demo, journey, object, location, "lanes", WM_ENTITY_LANE,
                               journey->lanes, error)
         && load_each_in_journey (demo, journey, object, location, "touchpoints",
                                  load_touchpoint, error)
         && load_each_in_journey (demo, journey, object, location, "cells", load_cell, error);
}

/* The first day of the month @months_back months before @now's, 00:00 UTC. */
static gboolean
month_start (gint64   now,
             int      months_back,
             gint64  *out)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) month = NULL;

  if (time == NULL)
    return FALSE;
  first = g_date_time_new_utc (g_date_time_get_year (time), g_date_time_get_month (time), 1,
                               0, 0, 0);
  if (first == NULL || (month = g_date_time_add_months (first, -months_back)) == NULL)
    return FALSE;
  *out = g_date_time_to_unix (month);

  return TRUE;
}

/* The values of "monthly", oldest first, end in the month of @now. */
static gboolean
load_samples (Demo        *demo,
              gint64       kpi_id,
              JsonObject  *object,
              const char  *location,
              const char  *path,
              GError     **error)
{
  static const char * const allowed[] = { "value", "n", NULL };
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (WmSample));
  JsonArray *monthly;
  guint n_months;

  if (!get_array (object, location, "monthly", FALSE, &monthly, error))
    return FALSE;
  n_months = array_length (monthly);
  if (n_months > 1200)
    return fail (error, _("Demo: %s has more than a hundred years of monthly values."),
                 location);

  for (guint i = 0; i < n_months; i++)
    {
      g_autofree char *month_location = child_location (path, "monthly", i);
      JsonObject *month = array_get_object (monthly, i, month_location, error);
      WmSample sample = { 0, };
      JsonNode *value, *n;

      if (month == NULL
          || !check_members (month, month_location, allowed, error)
          || !get_member (month, month_location, "value", WANT_NUMBER, TRUE, &value, error)
          || !get_member (month, month_location, "n", WANT_INT, FALSE, &n, error))
        return FALSE;
      if (!month_start (demo->now, (int) (n_months - 1 - i), &sample.time))
        {
          g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, demo->now);

          return fail (error, _("Demo: %s falls outside the calendar when the history ends "
                                "at %s."), month_location, now);
        }
      sample.value = node_get_number (value);
      sample.n = n != NULL ? json_node_get_int (n) : 0;
      if (sample.n < 0)
        return fail (error, _("Demo: member “%s” of %s must not be negative."), "n",
                     month_location);
      g_array_append_val (samples, sample);
    }

  if (samples->len > 0
      && !wm_store_add_samples (demo->store, kpi_id, (const WmSample *) (gpointer) samples->data,
                                samples->len, DEMO_SAMPLE_SOURCE, error))
    {
      g_prefix_error (error, _("Demo: %s: "), location);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_kpi_links (Demo        *demo,
                gint64       kpi_id,
                JsonObject  *object,
                const char  *location,
                const char  *path,
                GError     **error)
{
  static const char * const allowed[] = { "journey", "stage", "touchpoint", NULL };
  JsonArray *links;

  if (!get_array (object, location, "links", FALSE, &links, error))
    return FALSE;

  for (guint i = 0; i < array_length (links); i++)
    {
      g_autofree char *link_location = child_location (path, "links", i);
      g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_KPI_LINK);
      JsonObject *link = array_get_object (links, i, link_location, error);
      const char *journey_name, *stage, *touchpoint;
      DemoJourney *journey;

      if (link == NULL
          || !check_members (link, link_location, allowed, error)
          || !get_string (link, link_location, "journey", TRUE, &journey_name, error)
          || !get_string (link, link_location, "stage", FALSE, &stage, error)
          || !get_string (link, link_location, "touchpoint", FALSE, &touchpoint, error))
        return FALSE;
      if (stage != NULL && touchpoint != NULL)
        return fail (error, _("Demo: %s names both a stage and a touchpoint; "
                              "a link goes to one of them."), link_location);
      if ((journey = lookup_journey (demo, journey_name, link_location, error)) == NULL)
        return FALSE;

      wm_record_set_ref (record, WM_KPI_LINK_KPI_ID, kpi_id);
      if (stage != NULL)
        {
          gint64 stage_id = lookup_stage (journey, stage, link_location, error);

          if (stage_id == 0)
            return FALSE;
          wm_record_set_ref (record, WM_KPI_LINK_STAGE_ID, stage_id);
        }
      else if (touchpoint != NULL)
        {
          gint64 touchpoint_id = lookup_touchpoint (journey, touchpoint, link_location, error);

          if (touchpoint_id == 0)
            return FALSE;
          wm_record_set_ref (record, WM_KPI_LINK_TOUCHPOINT_ID, touchpoint_id);
        }
      else
        wm_record_set_ref (record, WM_KPI_LINK_JOURNEY_ID, journey->id);

      if (insert (demo, record, link_location, error) == 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_feeds (Demo        *demo,
            gint64       kpi_id,
            JsonObject  *object,
            const char  *location,
            const char  *path,
            GError     **error)
{
  JsonArray *feeds;

  if (!get_array (object, location, "feeds", FALSE, &feeds, error))
    return FALSE;

  for (guint i = 0; i < array_length (feeds); i++)
    {
      g_autofree char *feed_location = child_location (path, "feeds", i);
      g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_FEED);
      JsonObject *feed = array_get_object (feeds, i, feed_location, error);

      if (feed == NULL)
        return FALSE;
      wm_record_set_ref (record, WM_FEED_KPI_ID, kpi_id);
      if (!set_columns (record, feed, feed_location, NULL, error)
          || insert (demo, record, feed_location, error) == 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_kpi (Demo        *demo,
          JsonObject  *object,
          const char  *index_location,
          GError     **error)
{
  static const char * const extra[] = { "monthly", "links", "feeds", NULL };
  g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_KPI);
  g_autofree char *location = NULL;
  const char *name;
  gint64 id;

  if (!get_string (object, index_location, "name", TRUE, &name, error))
    return FALSE;
  location = named_location (index_location, name);

  if (!set_columns (record, object, location, extra, error))
    return FALSE;
  if ((id = insert (demo, record, location, error)) == 0)
    return FALSE;
  if (!id_table_add (demo->kpis, name, id))
    return name_taken (location, name, error);

  return load_samples (demo, id, object, location, index_location, error)
         && load_kpi_links (demo, id, object, location, index_location, error)
         && load_feeds (demo, id, object, location, index_location, error);
}

static gboolean
load_voice_guideline (Demo        *demo,
                      JsonObject  *object,
                      const char  *index_location,
                      GError     **error)
{
  static const char * const extra[] = { "rules", NULL };
  static const char * const rule_extra[] = { "channel", NULL };
  g_autoptr(WmRecord) record = wm_record_new (WM_ENTITY_VOICE_GUIDELINE);
  g_autofree char *location = NULL;
  JsonArray *rules;
  const char *name;
  gint64 id;

  if (!get_string (object, index_location, "name", TRUE, &name, error))
    return FALSE;
  location = named_location (index_location, name);

  if (!get_array (object, location, "rules", FALSE, &rules, error)
      || !set_columns (record, object, location, extra, error))
    return FALSE;
  if ((id = insert (demo, record, location, error)) == 0)
    return FALSE;
  if (!id_table_add (demo->guidelines, name, id))
    return name_taken (location, name, error);

  for (guint i = 0; i < array_length (rules); i++)
    {
      g_autofree char *rule_location = child_location (index_location, "rules", i);
      g_autoptr(WmRecord) rule = wm_record_new (WM_ENTITY_VOICE_RULE);
      JsonObject *rule_object = array_get_object (rules, i, rule_location, error);
      const char *channel;
      gint64 rule_id;

      if (rule_object == NULL
          || !get_string (rule_object, rule_location, "channel", FALSE, &channel, error))
        return FALSE;
      wm_record_set_ref (rule, WM_VOICE_RULE_GUIDELINE_ID, id);
      if (!set_columns (rule, rule_object, rule_location, rule_extra, error)
          || (rule_id = insert (demo, rule, rule_location, error)) == 0)
        return FALSE;
      if (channel != NULL)
        {
          g_autoptr(WmRecord) scope = wm_record_new (WM_ENTITY_VOICE_RULE_CHANNEL);
          gint64 channel_id = lookup_channel (demo, channel, rule_location, error);

          if (channel_id == 0)
            return FALSE;
          wm_record_set_ref (scope, WM_VOICE_RULE_CHANNEL_RULE_ID, rule_id);
          wm_record_set_ref (scope, WM_VOICE_RULE_CHANNEL_CHANNEL_ID, channel_id);
          if (insert (demo, scope, rule_location, error) == 0)
            return FALSE;
        }
    }

  return TRUE;
}

typedef gboolean (*LoadTop) (Demo        *demo,
                             JsonObject  *object,
                             const char  *location,
                             GError     **error);

static gboolean
load_each (Demo        *demo,
           JsonObject  *root,
           const char  *member,
           LoadTop      load,
           GError     **error)
{
  JsonArray *array;

  if (!get_array (root, _("the demo source"), member, FALSE, &array, error))
    return FALSE;

  for (guint i = 0; i < array_length (array); i++)
    {
      g_autofree char *location = child_location (NULL, member, i);
      JsonObject *object = array_get_object (array, i, location, error);

      if (object == NULL || !load (demo, object, location, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
load_root (Demo        *demo,
           JsonObject  *root,
           GError     **error)
{
  static const char * const allowed[] = {
    "format", "project", "personas", "journeys", "kpis", "voice_guidelines", NULL
  };
  JsonNode *format;

  if (!check_members (root, _("the demo source"), allowed, error)
      || !get_member (root, _("the demo source"), "format", WANT_INT, TRUE, &format, error))
    return FALSE;
  if (json_node_get_int (format) != DEMO_FORMAT)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (format));

      return fail (error, _("Demo: the source has format %s; this version of Waymark reads "
                            "format %d."), found, DEMO_FORMAT);
    }

  /* Order matters: later parts name what earlier parts created. */
  return load_project (demo, root, error)
         && load_each (demo, root, "personas", load_persona, error)
         && load_each (demo, root, "journeys", load_journey, error)
         && load_each (demo, root, "kpis", load_kpi, error)
         && load_each (demo, root, "voice_guidelines", load_voice_guideline, error);
}

static gboolean
check_empty (WmStore  *store,
             GError  **error)
{
  static const WmEntity content[] = {
    WM_ENTITY_PERSONA, WM_ENTITY_JOURNEY, WM_ENTITY_KPI, WM_ENTITY_VOICE_GUIDELINE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (content); i++)
    {
      gint64 count = wm_store_count (store, content[i], error);

      if (count < 0)
        return FALSE;
      if (count > 0)
        return fail (error, _("Demo: the project is not empty; the demo only fills a new "
                              "project."));
    }

  return TRUE;
}

static gboolean
read_channels (Demo     *demo,
               GError  **error)
{
  g_autoptr(GPtrArray) channels = wm_store_list (demo->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0, error);

  if (channels == NULL)
    return FALSE;

  for (guint i = 0; i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);
      const char *key = wm_record_get_string (channel, WM_CHANNEL_KEY);

      if (key != NULL && *key != '\0')
        id_table_add (demo->channels, key, wm_record_get_id (channel));
    }

  return TRUE;
}

/* Public API */

gboolean
wm_demo_populate_from_data (WmStore  *store,
                            GBytes   *json,
                            gint64    now,
                            GError  **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_auto(Demo) demo = { 0, };
  const char *data;
  JsonNode *root;
  gsize size = 0;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  data = g_bytes_get_data (json, &size);
  if (data == NULL || size == 0 || size > G_MAXSSIZE)
    return fail (error, _("Demo: the source is empty."));
  if (!g_utf8_validate (data, (gssize) size, NULL))
    return fail (error, _("Demo: the source is not UTF-8 text."));

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &parse_error))
    return fail (error, _("Demo: the source is not valid JSON: %s"), parse_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, _("Demo: the source must be a JSON object."));

  demo.store = store;
  demo.now = now;
  demo.channels = id_table_new ();
  demo.personas = id_table_new ();
  demo.journeys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, demo_journey_free);
  demo.kpis = id_table_new ();
  demo.guidelines = id_table_new ();

  if (!check_empty (store, error) || !read_channels (&demo, error))
    return FALSE;

  if (!wm_store_begin_edit (store, _("Create demo"), error))
    return FALSE;
  if (!load_root (&demo, json_node_get_object (root), error))
    {
      wm_store_rollback_edit (store);
      return FALSE;
    }
  if (!wm_store_commit_edit (store, error))
    return FALSE;

  /* The demo is where a project starts, not a change anyone would undo. */
  wm_store_clear_history (store);

  return TRUE;
}

/* The demo in the first of @languages that has one, else the English one. */
static GBytes *
lookup_source (const char * const  *languages,
               GError             **error)
{
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf (DEMO_RESOURCE_DIR "/demo.%s.json", languages[i]);
      GBytes *json = g_resource_lookup_data (wm_core_get_resource (), path,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      if (json != NULL)
        return json;
    }

  return g_resource_lookup_data (wm_core_get_resource (), DEMO_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

gboolean
wm_demo_populate_for_language (WmStore     *store,
                               const char  *language,
                               gint64       now,
                               GError     **error)
{
  g_auto(GStrv) variants = NULL;
  g_autoptr(GBytes) json = NULL;
  const char * const *languages;

  g_return_val_if_fail (WM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* "de_DE.UTF-8" is tried as de_DE.UTF-8, de_DE, de.UTF-8 and de, as the
   * user's languages already are. */
  if (language != NULL)
    languages = (const char * const *) (variants = g_get_locale_variants (language));
  else
    languages = g_get_language_names ();

  if ((json = lookup_source (languages, error)) == NULL)
    return FALSE;

  return wm_demo_populate_from_data (store, json, now, error);
}

gboolean
wm_demo_populate (WmStore  *store,
                  gint64    now,
                  GError  **error)
{
  return wm_demo_populate_for_language (store, NULL, now, error);
}

WmStore *
wm_demo_create_for_language (const char  *path,
                             const char  *language,
                             GError     **error)
{
  g_autoptr(WmStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((store = wm_store_create (path, error)) == NULL)
    return NULL;

  if (!wm_demo_populate_for_language (store, language, 0, error))
    {
      /* Closed first: the file must not be in use when it goes. */
      g_clear_object (&store);
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&store);
}

WmStore *
wm_demo_create (const char  *path,
                GError     **error)
{
  return wm_demo_create_for_language (path, NULL, error);
}
