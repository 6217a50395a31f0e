/* test-demo.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "wm-analysis.h"
#include "wm-core-resources.h"
#include "wm-demo.h"
#include "wm-feed.h"
#include "wm-kpi.h"
#include "wm-map-model.h"
#include "wm-demo-private.h"
#include "wm-interchange-private.h"
#include "wm-test-util.h"

/* The demo project: what it holds, that it is a healthy project that starts
 * without undo history, that every translation of it tells the same story,
 * and that a broken demo source fails cleanly. */

#define DEMO_RESOURCE_DIR "/org/waymark/Waymark/demo"
#define ENGLISH_PROJECT "Northwind Software — Customer Experience"
#define GERMAN_PROJECT "Northwind Software – Kundenerlebnis"

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
} Fixture;

/* 2026-11-15T10:00:00Z: the KPI history then runs from December 2025 to November 2026. */
static gint64
fixed_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 15, 10, 0, 0);

  return g_date_time_to_unix (now);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("waymark-demo-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "demo.waymark", NULL);
  fixture->store = wm_store_create (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* The English demo, whatever the languages of whoever runs the tests. */
static void
populate (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_demo_populate_for_language (fixture->store, "C", fixed_now (), &error));
  g_assert_no_error (error);
}

/* The names of the demo sources in the resources: demo.json and its
 * translations, demo.<language>.json. */
static GStrv
list_sources (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) children = g_resource_enumerate_children (wm_core_get_resource (),
                                                          DEMO_RESOURCE_DIR,
                                                          G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autoptr(GStrvBuilder) sources = g_strv_builder_new ();

  g_assert_no_error (error);
  for (guint i = 0; children[i] != NULL; i++)
    {
      if (g_str_has_prefix (children[i], "demo.") && g_str_has_suffix (children[i], ".json"))
        g_strv_builder_add (sources, children[i]);
    }

  return g_strv_builder_end (sources);
}

static GBytes *
lookup_source (const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strconcat (DEMO_RESOURCE_DIR "/", source, NULL);
  GBytes *json = g_resource_lookup_data (wm_core_get_resource (), path,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);

  return json;
}

/* A new project filled from the demo source @source of the resources: the
 * interchange document demo.json, or it under the translation @source. */
static WmStore *
create_from_source (Fixture    *fixture,
                    const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat (source, ".waymark", NULL);
  g_autoptr(GBytes) json = lookup_source ("demo.json");
  g_autoptr(GBytes) translation = NULL;
  WmStore *store;

  if (!g_str_equal (source, "demo.json"))
    translation = lookup_source (source);
  store = wm_test_create_store (fixture->dir, name, NULL);
  g_test_message ("Loading %s", source);
  g_assert_true (wm_demo_populate_translated (store, json, translation, fixed_now (), &error));
  g_assert_no_error (error);

  return store;
}

static GPtrArray *list (WmStore    *store,
                        WmEntity    entity,
                        WmColumnId  parent_column,
                        gint64      parent_id);

/* The one channel a rule is scoped to, 0 for all channels. */
static gint64
rule_channel (WmStore  *store,
              WmRecord *rule)
{
  g_autoptr(GPtrArray) scopes = list (store, WM_ENTITY_VOICE_RULE_CHANNEL,
                                      WM_VOICE_RULE_CHANNEL_RULE_ID, wm_record_get_id (rule));

  g_assert_cmpuint (scopes->len, <=, 1);

  return scopes->len ? wm_record_get_ref (g_ptr_array_index (scopes, 0),
                                          WM_VOICE_RULE_CHANNEL_CHANNEL_ID) : 0;
}

static GPtrArray *
list (WmStore    *store,
      WmEntity    entity,
      WmColumnId  parent_column,
      gint64      parent_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = wm_store_list (store, entity, parent_column, parent_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);

  return records;
}

static WmRecord *
find_by_label (GPtrArray  *records,
               const char *label)
{
  for (guint i = 0; i < records->len; i++)
    {
      if (g_strcmp0 (wm_record_get_label (g_ptr_array_index (records, i)), label) == 0)
        return g_ptr_array_index (records, i);
    }

  return NULL;
}

static WmRecord *
find_journey (WmStore    *store,
              const char *state,
              const char *name_prefix)
{
  g_autoptr(GPtrArray) journeys = list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);

  for (guint i = 0; i < journeys->len; i++)
    {
      WmRecord *journey = g_ptr_array_index (journeys, i);

      if (g_strcmp0 (wm_record_get_string (journey, WM_JOURNEY_STATE), state) == 0
          && g_str_has_prefix (wm_record_get_string (journey, WM_JOURNEY_NAME), name_prefix))
        return g_object_ref (journey);
    }

  return NULL;
}

static gint64
channel_id (WmStore    *store,
            const char *key)
{
  g_autoptr(GPtrArray) channels = list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0);

  for (guint i = 0; i < channels->len; i++)
    {
      WmRecord *channel = g_ptr_array_index (channels, i);

      if (g_strcmp0 (wm_record_get_string (channel, WM_CHANNEL_KEY), key) == 0)
        return wm_record_get_id (channel);
    }

  return 0;
}

/* Every entity's row count plus the samples, to compare two states. */
static GArray *
all_counts (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 samples;

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      gint64 n = wm_test_count (store, e);

      g_array_append_val (counts, n);
    }
  samples = wm_store_count_samples (store, &error);
  g_assert_no_error (error);
  g_array_append_val (counts, samples);

  return counts;
}

static void
assert_counts_equal (GArray *a,
                     GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static void
assert_healthy (WmStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = wm_store_check (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (findings);
  for (guint i = 0; i < findings->len; i++)
    g_printerr ("finding: %s\n", (const char *) g_ptr_array_index (findings, i));
  g_assert_cmpuint (findings->len, ==, 0);
}

/* The one feed of @type in @feeds. */
static WmRecord *
find_feed (GPtrArray  *feeds,
           const char *type)
{
  WmRecord *found = NULL;

  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);

      if (g_str_equal (wm_record_get_string (feed, WM_FEED_TYPE), type))
        {
          g_assert_null (found);
          found = feed;
        }
    }
  g_assert_nonnull (found);

  return found;
}

/* Tests */

static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) guidelines = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  WmStore *store = fixture->store;
  WmRecord *feed;

  populate (fixture);

  g_assert_cmpstr (wm_store_get_name (store), ==, "Northwind Software — Customer Experience");
  g_assert_cmpstr (wm_record_get_string (wm_store_get_project (store), WM_PROJECT_DESCRIPTION), !=, "");
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_PERSONA), ==, 3);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), >=, 3);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI), ==, 5);
  g_assert_cmpint (wm_store_count_samples (store, &error), ==, 60);
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_FEED), ==, 3);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_VOICE_EXAMPLE), >=, 8);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_KPI_LINK), >=, 4);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_PERSONA_CHANNEL), >=, 3);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY_PERSONA), >=, 3);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_TOUCHPOINT_EMOTION), >=, 1);
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_CELL), >=, 10);

  /* Several items of every kind for every persona. */
  {
    g_autoptr(GPtrArray) personas = list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0);

    for (guint i = 0; i < personas->len; i++)
      {
        WmRecord *persona = g_ptr_array_index (personas, i);
        g_autoptr(GPtrArray) items = list (store, WM_ENTITY_PERSONA_ITEM, WM_PERSONA_ITEM_PERSONA_ID,
                                           wm_record_get_id (persona));
        const char *kinds[] = { "goal", "pain", "need", "behaviour", "motivation" };

        g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_QUOTE), !=, "");
        g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_COLOR), !=, "");
        for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
          {
            guint n = 0;

            for (guint j = 0; j < items->len; j++)
              n += g_strcmp0 (wm_record_get_string (g_ptr_array_index (items, j), WM_PERSONA_ITEM_KIND),
                              kinds[k]) == 0;
            g_assert_cmpuint (n, >=, 2);
          }
      }
  }

  guidelines = list (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0);
  g_assert_cmpuint (guidelines->len, >=, 1);
  g_assert_nonnull (find_by_label (guidelines, "Northwind voice"));
  rules = list (store, WM_ENTITY_VOICE_RULE, WM_VOICE_RULE_GUIDELINE_ID,
                wm_record_get_id (find_by_label (guidelines, "Northwind voice")));
  g_assert_cmpuint (rules->len, ==, 9);
  {
    const char *kinds[] = { "banned", "preferred", "max-length", "required", "capitalization",
                            "regex" };
    gboolean sms_limit = FALSE;

    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        gboolean found = FALSE;

        for (guint i = 0; i < rules->len; i++)
          {
            WmRecord *rule = g_ptr_array_index (rules, i);

            if (g_strcmp0 (wm_record_get_string (rule, WM_VOICE_RULE_KIND), kinds[k]) == 0)
              found = TRUE;
            if (g_strcmp0 (wm_record_get_string (rule, WM_VOICE_RULE_KIND), "max-length") == 0
                && wm_record_get_int (rule, WM_VOICE_RULE_MAX_LENGTH) == 160
                && rule_channel (store, rule) == channel_id (store, "sms"))
              sms_limit = TRUE;
          }
        g_assert_true (found);
      }
    g_assert_true (sms_limit);
  }

  feeds = list (store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0);
  feed = find_feed (feeds, "prometheus");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_URL), ==, "http://127.0.0.1:9090");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_QUERY), !=, "");
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_AUTH), ==, "none");
  g_assert_false (wm_record_get_boolean (feed, WM_FEED_ENABLED));
  g_assert_cmpstr (wm_record_get_string (feed, WM_FEED_STATE), ==, "paused");

  assert_healthy (store);
}

static void
test_journeys (Fixture       *fixture,
               gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(WmRecord) as_is = NULL;
  g_autoptr(WmRecord) to_be = NULL;
  g_autoptr(WmRecord) pickup = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  gboolean context_lost = FALSE;
  gboolean moment = FALSE;
  gint64 lowest = 3, highest = -3;

  populate (fixture);

  as_is = find_journey (store, "as-is", "Software upgrade support");
  to_be = find_journey (store, "to-be", "Software upgrade support");
  pickup = find_journey (store, "as-is", "Order online, pick up in store");
  g_assert_nonnull (as_is);
  g_assert_nonnull (to_be);
  g_assert_nonnull (pickup);
  g_assert_cmpint (wm_record_get_ref (to_be, WM_JOURNEY_AS_IS_JOURNEY_ID), ==, wm_record_get_id (as_is));
  g_assert_cmpint (wm_record_get_ref (as_is, WM_JOURNEY_AS_IS_JOURNEY_ID), ==, 0);

  /* The upgrade journey tells its story: lost context and moments that matter. */
  touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID, wm_record_get_id (as_is));
  g_assert_cmpuint (touchpoints->len, >=, 6);
  for (guint i = 0; i < touchpoints->len; i++)
    {
      WmRecord *touchpoint = g_ptr_array_index (touchpoints, i);
      gint64 emotion = wm_record_get_int (touchpoint, WM_TOUCHPOINT_EMOTION);

      if (!wm_record_get_boolean (touchpoint, WM_TOUCHPOINT_CONTEXT_CARRIED))
        context_lost = TRUE;
      if (wm_record_get_boolean (touchpoint, WM_TOUCHPOINT_MOMENT_THAT_MATTERS))
        {
          moment = TRUE;
          g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_MTM_REASON), !=, "");
          g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_DROPOUT_RISK), !=, "none");
        }
      lowest = MIN (lowest, emotion);
      highest = MAX (highest, emotion);
    }
  g_assert_true (context_lost);
  g_assert_true (moment);
  g_assert_cmpint (lowest, <=, -2);
  g_assert_cmpint (highest, >=, 2);

  /* The to-be journey is shorter than the as-is one. */
  {
    g_autoptr(GPtrArray) to_be_touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                                   wm_record_get_id (to_be));

    g_assert_cmpuint (to_be_touchpoints->len, <, touchpoints->len);
  }

  /* Every journey has the lanes a CX map needs, and every touchpoint a channel. */
  journeys = list (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
  for (guint j = 0; j < journeys->len; j++)
    {
      gint64 journey_id = wm_record_get_id (g_ptr_array_index (journeys, j));
      g_autoptr(GPtrArray) lanes = list (store, WM_ENTITY_LANE, WM_LANE_JOURNEY_ID, journey_id);
      g_autoptr(GPtrArray) stages = list (store, WM_ENTITY_STAGE, WM_STAGE_JOURNEY_ID, journey_id);
      g_autoptr(GPtrArray) journey_touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                                                       journey_id);
      g_autoptr(GPtrArray) personas = list (store, WM_ENTITY_JOURNEY_PERSONA, WM_JOURNEY_PERSONA_JOURNEY_ID,
                                            journey_id);
      const char *kinds[] = { "touchpoints", "emotion", "backstage", "pain-points",
                              "opportunities", "kpi" };

      g_assert_cmpuint (stages->len, >=, 4);
      g_assert_cmpuint (journey_touchpoints->len, >=, 4);
      g_assert_cmpuint (personas->len, >=, 1);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < lanes->len; i++)
            found |= g_strcmp0 (wm_record_get_string (g_ptr_array_index (lanes, i), WM_LANE_KIND),
                                kinds[k]) == 0;
          g_assert_true (found);
        }
      for (guint i = 0; i < journey_touchpoints->len; i++)
        {
          WmRecord *touchpoint = g_ptr_array_index (journey_touchpoints, i);

          g_assert_cmpint (wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID), >, 0);
          g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_CUSTOMER_ACTION), !=, "");
          g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE), !=, "");
          g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_OWNER), !=, "");
        }
    }
}

/* The demo's copy gives the brand-voice rules something to find. */
static void
test_copy_for_voice_rules (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) touchpoints = NULL;
  gint64 sms = 0;
  gboolean long_sms = FALSE, banned = FALSE, preferred = FALSE, lowercase_name = FALSE;

  populate (fixture);
  sms = channel_id (fixture->store, "sms");
  g_assert_cmpint (sms, >, 0);

  touchpoints = list (fixture->store, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0);
  for (guint i = 0; i < touchpoints->len; i++)
    {
      WmRecord *touchpoint = g_ptr_array_index (touchpoints, i);
      const char *message = wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE);
      g_autofree char *folded = g_utf8_casefold (message, -1);

      if (wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID) == sms
          && g_utf8_strlen (message, -1) > 160)
        long_sms = TRUE;
      banned |= strstr (folded, "unfortunately") != NULL;
      preferred |= strstr (folded, "utilize") != NULL;
      lowercase_name |= strstr (message, "northwind") != NULL;
    }
  g_assert_true (long_sms);
  g_assert_true (banned);
  g_assert_true (preferred);
  g_assert_true (lowercase_name);
}

static void
test_samples (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) kpis = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (fixed_now ());

  populate (fixture);

  kpis = list (fixture->store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);
  g_assert_cmpuint (kpis->len, ==, 5);
  for (guint k = 0; k < kpis->len; k++)
    {
      WmRecord *kpi = g_ptr_array_index (kpis, k);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) samples = wm_store_get_samples (fixture->store, wm_record_get_id (kpi),
                                                        G_MININT64, G_MAXINT64, &error);
      g_autoptr(GPtrArray) links = list (fixture->store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_KPI_ID,
                                         wm_record_get_id (kpi));
      WmSample latest;

      g_assert_no_error (error);
      g_assert_cmpuint (samples->len, ==, 12);
      g_assert_cmpuint (links->len, >=, 1);
      g_assert_true (wm_record_is_set (kpi, WM_KPI_TARGET));
      g_assert_true (wm_record_is_set (kpi, WM_KPI_WARNING));

      for (guint i = 0; i < samples->len; i++)
        {
          const WmSample *sample = &g_array_index (samples, WmSample, i);
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (sample->time);
          g_autoptr(GDateTime) expected = NULL;
          g_autoptr(GDateTime) first = NULL;

          /* Sample i is at the first of the month 11 − i months before November 2026. */
          first = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                       1, 0, 0, 0);
          expected = g_date_time_add_months (first, -(int) (11 - i));
          g_assert_cmpint (sample->time, ==, g_date_time_to_unix (expected));
          g_assert_cmpint (g_date_time_get_day_of_month (time), ==, 1);
          g_assert_cmpint (g_date_time_get_hour (time), ==, 0);
          g_assert_cmpint (g_date_time_get_minute (time), ==, 0);
          g_assert_cmpint (g_date_time_get_second (time), ==, 0);
          g_assert_cmpint (sample->n, >, 0);
          if (i > 0)
            g_assert_cmpint (sample->time, >, g_array_index (samples, WmSample, i - 1).time);
        }

      g_assert_true (wm_store_get_latest_sample (fixture->store, wm_record_get_id (kpi),
                                                 &latest));
      {
        g_autoptr(GDateTime) last = g_date_time_new_from_unix_utc (latest.time);

        g_assert_cmpint (g_date_time_get_year (last), ==, 2026);
        g_assert_cmpint (g_date_time_get_month (last), ==, 11);
      }
      {
        g_autoptr(GDateTime) oldest =
          g_date_time_new_from_unix_utc (g_array_index (samples, WmSample, 0).time);

        g_assert_cmpint (g_date_time_get_year (oldest), ==, 2025);
        g_assert_cmpint (g_date_time_get_month (oldest), ==, 12);
      }
    }
}

static void
test_no_history (Fixture       *fixture,
                 gconstpointer  data)
{
  populate (fixture);

  g_assert_false (wm_store_can_undo (fixture->store));
  g_assert_false (wm_store_can_redo (fixture->store));
  g_assert_null (wm_store_get_undo_label (fixture->store));
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;

  populate (fixture);
  before = all_counts (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  fixture->store = wm_store_open (fixture->path, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  g_assert_cmpstr (wm_store_get_name (fixture->store), ==,
                   "Northwind Software — Customer Experience");
  after = all_counts (fixture->store);
  assert_counts_equal (before, after);
  assert_healthy (fixture->store);
}

static void
test_not_empty (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;

  populate (fixture);
  before = all_counts (fixture->store);

  g_assert_false (wm_demo_populate (fixture->store, fixed_now (), &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  after = all_counts (fixture->store);
  assert_counts_equal (before, after);
  g_assert_false (wm_store_can_undo (fixture->store));
}

static void
test_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("waymark-demo-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  WmStore *store;
  WmSample latest;
  gint64 kpi_id;

  g_assert_no_error (error);
  path = g_build_filename (dir, "Demo.waymark", NULL);

  store = wm_demo_create (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_PERSONA), ==, 3);
  g_assert_false (wm_store_can_undo (store));

  /* Without a given time the history ends in the current month. */
  {
    g_autoptr(GPtrArray) kpis = list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);

    kpi_id = wm_record_get_id (g_ptr_array_index (kpis, 0));
  }
  g_assert_true (wm_store_get_latest_sample (store, kpi_id, &latest));
  {
    g_autoptr(GDateTime) last = g_date_time_new_from_unix_utc (latest.time);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    /* The month may have turned while the test ran. */
    g_assert_true (g_date_time_get_month (last) == g_date_time_get_month (today)
                   || g_date_time_get_month (last) == g_date_time_get_month (now));
    g_assert_cmpint (g_date_time_get_day_of_month (last), ==, 1);
  }
  g_assert_finalize_object (store);

  /* A second demo at the same path is refused, and the first stays. */
  store = wm_demo_create (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  remove_dir (dir);
}

/* Translations */

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  g_assert_cmpstr (needle, !=, "");
  for (const char *at = strstr (haystack, needle); at != NULL;
       at = strstr (at + strlen (needle), needle))
    n++;

  return n;
}

/* Every brand-voice rule finds something in the copy of the touchpoints,
 * so the checks have something to show in every language. */
static void
assert_rules_have_findings (WmStore *store)
{
  g_autoptr(GPtrArray) rules = list (store, WM_ENTITY_VOICE_RULE, WM_COLUMN_NONE, 0);
  g_autoptr(GPtrArray) touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0);

  g_assert_cmpuint (rules->len, >, 0);
  for (guint r = 0; r < rules->len; r++)
    {
      WmRecord *rule = g_ptr_array_index (rules, r);
      const char *kind = wm_record_get_string (rule, WM_VOICE_RULE_KIND);
      const char *pattern = wm_record_get_string (rule, WM_VOICE_RULE_PATTERN);
      gint64 channel = rule_channel (store, rule);
      g_autofree char *folded_pattern = g_utf8_casefold (pattern, -1);
      gboolean found = FALSE;

      for (guint i = 0; i < touchpoints->len && !found; i++)
        {
          WmRecord *touchpoint = g_ptr_array_index (touchpoints, i);
          const char *message = wm_record_get_string (touchpoint, WM_TOUCHPOINT_MESSAGE);
          g_autofree char *folded = g_utf8_casefold (message, -1);

          if (channel != 0 && wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID) != channel)
            continue;

          if (g_str_equal (kind, "banned") || g_str_equal (kind, "preferred"))
            found = strstr (folded, folded_pattern) != NULL;
          else if (g_str_equal (kind, "max-length"))
            found = g_utf8_strlen (message, -1) > wm_record_get_int (rule, WM_VOICE_RULE_MAX_LENGTH);
          else if (g_str_equal (kind, "required"))
            found = strstr (message, pattern) == NULL;
          else if (g_str_equal (kind, "capitalization"))
            found = count_occurrences (folded, folded_pattern)
                    > count_occurrences (message, pattern);
          else if (g_str_equal (kind, "regex"))
            found = g_regex_match_simple (pattern, message, 0, 0);
          else
            g_assert_not_reached ();
        }
      if (!found)
        g_error ("The %s rule “%s” finds nothing in the demo’s copy", kind, pattern);
    }
}

static gboolean
column_is_readable (const WmColumn *column)
{
  /* What a translation translates; every other column is the same in every
   * language: kinds, states, flags, numbers, colours, units, feed settings
   * and every reference. */
  static const char * const readable[] = {
    "name", "description", "role", "quote", "text", "title", "customer_action", "message",
    "mtm_reason", "owner", "state_message", "tone", "principles", "dos", "donts", "examples",
    "pattern", "replacement", "note", "segment", "location", NULL
  };

  return column->type == WM_COLUMN_TEXT && column->choices == NULL
         && g_strv_contains (readable, column->name);
}

static void
assert_same_value (WmRecord       *english,
                   WmRecord       *translated,
                   const WmColumn *column)
{
  const WmEntityInfo *info = wm_record_get_info (english);
  WmColumnId name = WM_COLUMN_ID (info->entity, column - info->columns);
  gboolean same;

  switch (column->type)
    {
    case WM_COLUMN_TEXT:
      /* Readable text is translated, but nothing is left out. */
      if (column_is_readable (column))
        same = (*wm_record_get_string (english, name) == '\0')
               == (*wm_record_get_string (translated, name) == '\0');
      else
        same = g_str_equal (wm_record_get_string (english, name),
                            wm_record_get_string (translated, name));
      break;
    case WM_COLUMN_INT:
      same = wm_record_get_int (english, name) == wm_record_get_int (translated, name);
      break;
    case WM_COLUMN_REAL:
      same = wm_record_is_set (english, name) == wm_record_is_set (translated, name);
      if (same && wm_record_is_set (english, name))
        same = wm_record_get_double (english, name) == wm_record_get_double (translated, name);
      break;
    case WM_COLUMN_BOOL:
      same = wm_record_get_boolean (english, name) == wm_record_get_boolean (translated, name);
      break;
    case WM_COLUMN_REF:
      same = wm_record_get_ref (english, name) == wm_record_get_ref (translated, name);
      break;
    case WM_COLUMN_BLOB:
      same = wm_record_is_set (english, name) == wm_record_is_set (translated, name);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!same)
    g_error ("%s %" G_GINT64_FORMAT " “%s”: “%s” differs from the English demo",
             wm_record_get_info (english)->table, wm_record_get_id (english),
             wm_record_get_label (english), column->name);
}

/* Both demos were loaded into new projects in the same order, so their rows
 * match one by one, with the same ids: equal references mean the same links
 * (the channel of every touchpoint, the as-is journey of the to-be one, the
 * targets of the KPI links), equal flags the same moments that matter. */
static void
assert_same_structure (WmStore *english,
                       WmStore *translated)
{
  g_autoptr(GArray) english_counts = all_counts (english);
  g_autoptr(GArray) translated_counts = all_counts (translated);
  g_autoptr(GPtrArray) kpis = NULL;

  assert_counts_equal (english_counts, translated_counts);

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      g_autoptr(GPtrArray) english_rows = list (english, e, WM_COLUMN_NONE, 0);
      g_autoptr(GPtrArray) translated_rows = list (translated, e, WM_COLUMN_NONE, 0);

      g_assert_cmpuint (english_rows->len, ==, translated_rows->len);
      for (guint i = 0; i < english_rows->len; i++)
        {
          WmRecord *english_row = g_ptr_array_index (english_rows, i);
          WmRecord *translated_row = g_ptr_array_index (translated_rows, i);

          g_assert_cmpint (wm_record_get_id (english_row), ==, wm_record_get_id (translated_row));
          for (guint c = 0; c < info->n_columns; c++)
            assert_same_value (english_row, translated_row, &info->columns[c]);
        }
    }

  kpis = list (english, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);
  for (guint k = 0; k < kpis->len; k++)
    {
      gint64 kpi_id = wm_record_get_id (g_ptr_array_index (kpis, k));
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) english_samples = wm_store_get_samples (english, kpi_id, G_MININT64,
                                                                G_MAXINT64, &error);
      g_autoptr(GArray) translated_samples = wm_store_get_samples (translated, kpi_id,
                                                                   G_MININT64, G_MAXINT64,
                                                                   &error);

      g_assert_no_error (error);
      g_assert_cmpuint (english_samples->len, ==, translated_samples->len);
      for (guint i = 0; i < english_samples->len; i++)
        {
          const WmSample *a = &g_array_index (english_samples, WmSample, i);
          const WmSample *b = &g_array_index (translated_samples, WmSample, i);

          g_assert_cmpint (a->time, ==, b->time);
          g_assert_cmpfloat (a->value, ==, b->value);
          g_assert_cmpint (a->n, ==, b->n);
        }
    }
}

/* Every demo source in the resources makes a healthy project without undo
 * history, whose brand voice has something to say about its copy. */
static void
test_sources (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(GStrv) sources = list_sources ();

  g_assert_true (g_strv_contains ((const char * const *) sources, "demo.json"));
  g_assert_true (g_strv_contains ((const char * const *) sources, "demo.de.json"));

  for (guint i = 0; sources[i] != NULL; i++)
    {
      WmStore *store = create_from_source (fixture, sources[i]);

      g_assert_cmpint (wm_test_count (store, WM_ENTITY_PERSONA), ==, 3);
      g_assert_cmpint (wm_test_count (store, WM_ENTITY_JOURNEY), >=, 3);
      g_assert_false (wm_store_can_undo (store));
      assert_healthy (store);
      assert_rules_have_findings (store);
      g_assert_finalize_object (store);
    }
}

/* Every translation holds what the English demo holds, in its own words. */
static void
test_translations (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(GStrv) sources = list_sources ();
  WmStore *english = create_from_source (fixture, "demo.json");
  g_autoptr(GPtrArray) english_journeys = list (english, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);

  for (guint i = 0; sources[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) journeys = NULL;
      WmStore *translated;

      if (g_str_equal (sources[i], "demo.json"))
        continue;

      translated = create_from_source (fixture, sources[i]);
      assert_same_structure (english, translated);

      /* Named in the translation's language. */
      g_assert_cmpstr (wm_store_get_name (translated), !=, wm_store_get_name (english));
      journeys = list (translated, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0);
      for (guint j = 0; j < journeys->len; j++)
        g_assert_cmpstr (wm_record_get_label (g_ptr_array_index (journeys, j)), !=,
                         wm_record_get_label (g_ptr_array_index (english_journeys, j)));

      g_clear_pointer (&journeys, g_ptr_array_unref);
      g_assert_finalize_object (translated);
    }

  g_clear_pointer (&english_journeys, g_ptr_array_unref);
  g_assert_finalize_object (english);
}

static const struct
{
  const char *language;
  const char *project;
} language_cases[] = {
  { "de_DE.UTF-8", GERMAN_PROJECT },
  { "de_DE", GERMAN_PROJECT },
  { "de_AT.UTF-8", GERMAN_PROJECT },
  { "de", GERMAN_PROJECT },
  { "fr", ENGLISH_PROJECT },
  { "fr_FR.UTF-8", ENGLISH_PROJECT },
  { "en_GB.UTF-8", ENGLISH_PROJECT },
  { "C.UTF-8", ENGLISH_PROJECT },
  { "C", ENGLISH_PROJECT },
};

/* The demo comes in the given language where there is a translation, and in
 * English where there is none. */
static void
test_language (Fixture       *fixture,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (language_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("%s.waymark", language_cases[i].language);
      WmStore *store = wm_test_create_store (fixture->dir, name, NULL);

      g_test_message ("%s", language_cases[i].language);
      g_assert_true (wm_demo_populate_for_language (store, language_cases[i].language,
                                                    fixed_now (), &error));
      g_assert_no_error (error);
      g_assert_cmpstr (wm_store_get_name (store), ==, language_cases[i].project);
      g_assert_finalize_object (store);
    }
}

static void
test_create_language (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *german_path = g_build_filename (fixture->dir, "Demo-de.waymark", NULL);
  g_autofree char *french_path = g_build_filename (fixture->dir, "Demo-fr.waymark", NULL);
  WmStore *store;

  store = wm_demo_create_for_language (german_path, "de_DE.UTF-8", &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (wm_store_get_name (store), ==, GERMAN_PROJECT);
  g_assert_false (wm_store_can_undo (store));
  g_assert_finalize_object (store);

  store = wm_demo_create_for_language (french_path, "fr_FR.UTF-8", &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (wm_store_get_name (store), ==, ENGLISH_PROJECT);
  g_assert_finalize_object (store);
}

/* The feeds show every state a live KPI can be in: one up to date, one
 * failing with the server's answer, one paused; their last attempts end at
 * the time the demo is made, so the working one is fresh, not stale. */
static void
test_feeds (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GPtrArray) kpis_with_feeds = g_ptr_array_new ();
  WmStore *store = fixture->store;
  WmStore *live;
  WmRecord *ok = NULL, *failing = NULL, *paused = NULL;

  populate (fixture);
  feeds = list (store, WM_ENTITY_FEED, WM_COLUMN_NONE, 0);
  g_assert_cmpuint (feeds->len, ==, 3);
  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);
      const char *state = wm_record_get_string (feed, WM_FEED_STATE);
      gint64 kpi = wm_record_get_ref (feed, WM_FEED_KPI_ID);

      g_assert_cmpint (wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS), >=, 60);
      g_assert_cmpint (wm_record_get_int (feed, WM_FEED_TIMEOUT_SECONDS), >, 0);
      g_assert_cmpint (wm_record_get_int (feed, WM_FEED_TIMEOUT_SECONDS), <,
                       wm_record_get_int (feed, WM_FEED_INTERVAL_SECONDS));
      /* One feed per KPI: each card shows its own feed's state. */
      g_assert_false (g_ptr_array_find (kpis_with_feeds, GINT_TO_POINTER (kpi), NULL));
      g_ptr_array_add (kpis_with_feeds, GINT_TO_POINTER (kpi));

      if (g_str_equal (state, "ok"))
        ok = feed;
      else if (g_str_equal (state, "error"))
        failing = feed;
      else if (g_str_equal (state, "paused"))
        paused = feed;
      else
        g_error ("feed in state %s", state);
    }
  g_assert_nonnull (ok);
  g_assert_nonnull (failing);
  g_assert_nonnull (paused);

  /* Up to date: a JSON API over HTTPS that answered minutes ago. */
  g_assert_cmpstr (wm_record_get_string (ok, WM_FEED_TYPE), ==, "json");
  g_assert_true (g_str_has_prefix (wm_record_get_string (ok, WM_FEED_URL), "https://"));
  g_assert_cmpstr (wm_record_get_string (ok, WM_FEED_PATH), !=, "");
  g_assert_true (wm_record_get_boolean (ok, WM_FEED_ENABLED));
  g_assert_cmpint (wm_record_get_int (ok, WM_FEED_FAILURES), ==, 0);
  g_assert_cmpint (wm_record_get_int (ok, WM_FEED_LAST_SUCCESS_AT), ==,
                   wm_record_get_int (ok, WM_FEED_LAST_ATTEMPT_AT));
  g_assert_cmpint (wm_record_get_int (ok, WM_FEED_LAST_SUCCESS_AT), <=, fixed_now ());
  g_assert_cmpint (fixed_now () - wm_record_get_int (ok, WM_FEED_LAST_SUCCESS_AT), <,
                   wm_record_get_int (ok, WM_FEED_INTERVAL_SECONDS));

  /* Failing: the server's own words, tried again and again since its last
   * good value, which stays. Its report gives the rate as a fraction, which
   * the feed multiplies into the KPI's per cent. */
  g_assert_cmpfloat (wm_record_get_double (failing, WM_FEED_SCALE), ==, 100);
  g_assert_cmpfloat (wm_record_get_double (ok, WM_FEED_SCALE), ==, 1);
  g_assert_cmpstr (wm_record_get_string (failing, WM_FEED_STATE_MESSAGE), ==,
                   "The server answered 503 Service Unavailable.");
  g_assert_true (wm_record_get_boolean (failing, WM_FEED_ENABLED));
  g_assert_cmpint (wm_record_get_int (failing, WM_FEED_FAILURES), >, 1);
  g_assert_cmpint (wm_record_get_int (failing, WM_FEED_LAST_ATTEMPT_AT), ==, fixed_now ());
  g_assert_cmpint (wm_record_get_int (failing, WM_FEED_LAST_SUCCESS_AT), <,
                   wm_record_get_int (failing, WM_FEED_LAST_ATTEMPT_AT));

  /* Paused: the Prometheus server of whoever tries the demo. */
  g_assert_true (paused == find_feed (feeds, "prometheus"));
  g_assert_false (wm_record_get_boolean (paused, WM_FEED_ENABLED));
  g_assert_false (wm_record_is_set (paused, WM_FEED_LAST_ATTEMPT_AT));

  /* Made now, the feeds are in those states now. */
  live = wm_test_create_store (fixture->dir, "now.waymark", NULL);
  g_assert_true (wm_demo_populate_for_language (live, "C", 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&feeds, g_ptr_array_unref);
  feeds = list (live, WM_ENTITY_FEED, WM_COLUMN_NONE, 0);
  for (guint i = 0; i < feeds->len; i++)
    {
      WmRecord *feed = g_ptr_array_index (feeds, i);

      g_assert_cmpint (wm_feed_get_state (feed), ==,
                       wm_feed_state_from_string (wm_record_get_string (feed, WM_FEED_STATE)));
    }
  g_clear_pointer (&feeds, g_ptr_array_unref);
  g_assert_finalize_object (live);
}

/* The to-be support journey names the as-is touchpoints it reworks, so the
 * comparison shows changed, added and removed touchpoints; the pick-up
 * journey's step from SMS into the store loses the customer's context. */
static void
test_comparison (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WmStore *store = fixture->store;
  g_autoptr(WmRecord) as_is = NULL;
  g_autoptr(WmRecord) to_be = NULL;
  g_autoptr(WmRecord) pickup = NULL;
  g_autoptr(GPtrArray) to_be_touchpoints = NULL;
  g_autoptr(WmMapModel) as_is_model = NULL;
  g_autoptr(WmMapModel) to_be_model = NULL;
  g_autoptr(WmMapModel) pickup_model = NULL;
  g_autoptr(WmComparison) comparison = NULL;
  g_autoptr(WmAnalysis) analysis = NULL;
  guint n_origins = 0;
  gboolean chatbot = FALSE, store_switch = FALSE;

  populate (fixture);
  as_is = find_journey (store, "as-is", "Software upgrade support");
  to_be = find_journey (store, "to-be", "Software upgrade support");
  pickup = find_journey (store, "as-is", "Order online, pick up in store");

  to_be_touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_TOUCHPOINT_JOURNEY_ID,
                            wm_record_get_id (to_be));
  for (guint i = 0; i < to_be_touchpoints->len; i++)
    {
      WmRecord *touchpoint = g_ptr_array_index (to_be_touchpoints, i);
      const char *origin_uuid = wm_record_get_string (touchpoint, WM_TOUCHPOINT_ORIGIN_UUID);
      g_autoptr(WmRecord) origin = NULL;

      if (*origin_uuid == '\0')
        continue;
      n_origins++;
      origin = wm_store_find_by_uuid (store, WM_ENTITY_TOUCHPOINT, origin_uuid, &error);
      g_assert_no_error (error);
      g_assert_nonnull (origin);
      /* Reworked from a touchpoint of its own as-is journey, on the same channel. */
      g_assert_cmpint (wm_record_get_ref (origin, WM_TOUCHPOINT_JOURNEY_ID), ==,
                       wm_record_get_id (as_is));
      g_assert_cmpint (wm_record_get_ref (origin, WM_TOUCHPOINT_CHANNEL_ID), ==,
                       wm_record_get_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID));
      g_assert_cmpstr (wm_record_get_string (origin, WM_TOUCHPOINT_TITLE), !=,
                       wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE));
      chatbot |= g_str_equal (wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE),
                              "Chatbot with case hand-over")
                 && g_str_equal (wm_record_get_string (origin, WM_TOUCHPOINT_TITLE),
                                 "Help centre chatbot");
    }
  g_assert_cmpuint (n_origins, ==, 3);
  g_assert_true (chatbot);

  as_is_model = wm_map_model_load (store, wm_record_get_id (as_is), &error);
  g_assert_no_error (error);
  to_be_model = wm_map_model_load (store, wm_record_get_id (to_be), &error);
  g_assert_no_error (error);
  comparison = wm_comparison_new (as_is_model, to_be_model);
  g_assert_cmpuint (comparison->n_changed, ==, 3);
  g_assert_cmpuint (comparison->n_added, ==, 2);
  g_assert_cmpuint (comparison->n_removed, ==, 4);
  g_assert_cmpfloat (comparison->to_be_average, >, comparison->as_is_average);
  for (guint i = 0; i < comparison->items->len; i++)
    {
      const WmComparisonItem *item = &g_array_index (comparison->items, WmComparisonItem, i);

      g_assert_cmpint (item->emotion_delta, >=, 0);
    }

  pickup_model = wm_map_model_load (store, wm_record_get_id (pickup), &error);
  g_assert_no_error (error);
  analysis = wm_analysis_new (pickup_model);
  for (guint i = 0; i < analysis->switches->len; i++)
    {
      const WmChannelSwitch *change = &g_array_index (analysis->switches, WmChannelSwitch, i);

      if (change->from_channel_id == channel_id (store, "sms")
          && change->to_channel_id == channel_id (store, "store"))
        {
          g_assert_cmpint (change->risks, ==,
                           WM_SWITCH_RISK_DIGITAL_ANALOG | WM_SWITCH_RISK_CONTEXT_LOST);
          store_switch = TRUE;
        }
    }
  g_assert_true (store_switch);
}

/* Personas carry the v2 profile, and the journeys show that one persona
 * feels a touchpoint differently from another. */
static void
test_personas (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GPtrArray) emotions = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean research = FALSE, assumed = FALSE, differs = FALSE;

  populate (fixture);
  personas = list (fixture->store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0);
  for (guint i = 0; i < personas->len; i++)
    {
      WmRecord *persona = g_ptr_array_index (personas, i);
      const char *colour = wm_record_get_string (persona, WM_PERSONA_COLOR);
      g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_SEGMENT), !=, "");
      g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_AGE_RANGE), !=, "");
      g_assert_cmpstr (wm_record_get_string (persona, WM_PERSONA_LOCATION), !=, "");
      research |= g_str_equal (wm_record_get_string (persona, WM_PERSONA_EVIDENCE), "research");
      assumed |= g_str_equal (wm_record_get_string (persona, WM_PERSONA_EVIDENCE), "assumed");
      /* Their curves on the map must tell them apart. */
      g_assert_true (g_hash_table_add (colours, (gpointer) colour));
    }
  g_assert_true (research);
  g_assert_true (assumed);

  emotions = list (fixture->store, WM_ENTITY_TOUCHPOINT_EMOTION, WM_COLUMN_NONE, 0);
  for (guint i = 0; i < emotions->len; i++)
    {
      WmRecord *emotion = g_ptr_array_index (emotions, i);
      g_autoptr(WmRecord) touchpoint = NULL;

      touchpoint = wm_store_get (fixture->store, WM_ENTITY_TOUCHPOINT,
                                 wm_record_get_ref (emotion, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID),
                                 NULL);
      g_assert_nonnull (touchpoint);
      differs |= wm_record_get_int (emotion, WM_TOUCHPOINT_EMOTION_EMOTION)
                 != wm_record_get_int (touchpoint, WM_TOUCHPOINT_EMOTION);
    }
  g_assert_true (differs);
}

/* The KPIs show n and margins of error, and one is computed from its raw
 * answers: what the dashboard shows is what "compute" gives. */
static void
test_responses (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kpis = NULL;
  WmStore *store = fixture->store;
  WmRecord *ces = NULL, *nps = NULL;
  gint64 with_answers = 0;

  populate (fixture);
  kpis = list (store, WM_ENTITY_KPI, WM_COLUMN_NONE, 0);
  for (guint i = 0; i < kpis->len; i++)
    {
      WmRecord *kpi = g_ptr_array_index (kpis, i);
      gint64 n = wm_kpi_count_responses (store, wm_record_get_id (kpi), &error);

      g_assert_no_error (error);
      if (n > 0)
        {
          with_answers++;
          ces = kpi;
        }
      if (g_str_equal (wm_record_get_string (kpi, WM_KPI_KIND), "nps"))
        nps = kpi;
    }
  g_assert_cmpint (with_answers, ==, 1);
  g_assert_nonnull (ces);
  g_assert_nonnull (nps);
  g_assert_cmpstr (wm_record_get_string (ces, WM_KPI_KIND), ==, "ces");

  /* Linked to one touchpoint only: the counter where the effort is. */
  {
    g_autoptr(GPtrArray) links = list (store, WM_ENTITY_KPI_LINK, WM_KPI_LINK_KPI_ID,
                                       wm_record_get_id (ces));
    WmRecord *link;
    g_autoptr(WmRecord) touchpoint = NULL;

    g_assert_cmpuint (links->len, ==, 1);
    link = g_ptr_array_index (links, 0);
    g_assert_cmpint (wm_record_get_ref (link, WM_KPI_LINK_JOURNEY_ID), ==, 0);
    g_assert_cmpint (wm_record_get_ref (link, WM_KPI_LINK_STAGE_ID), ==, 0);
    touchpoint = wm_store_get (store, WM_ENTITY_TOUCHPOINT,
                               wm_record_get_ref (link, WM_KPI_LINK_TOUCHPOINT_ID), NULL);
    g_assert_nonnull (touchpoint);
    g_assert_cmpstr (wm_record_get_string (touchpoint, WM_TOUCHPOINT_TITLE), ==,
                     "Pickup at the store counter");
  }

  /* The answers are those of the month before the latest value, which
   * sums them up on the first of the month; so none lies in the future,
   * whatever the day the demo is made. */
  {
    WmSample latest;
    WmKpiResult all, month;

    g_assert_true (wm_store_get_latest_sample (store, wm_record_get_id (ces), &latest));
    g_assert_true (wm_kpi_compute_stored (store, ces, G_MININT64, G_MAXINT64, &all, &error));
    g_assert_no_error (error);
    g_assert_true (wm_kpi_compute_stored (store, ces, latest.time - 31 * 24 * 3600,
                                          latest.time - 1, &month, &error));
    g_assert_no_error (error);
    g_assert_cmpint (month.n, ==, all.n);
    g_assert_cmpint (all.n, ==, latest.n);
    g_assert_cmpfloat_with_epsilon (all.value, latest.value, 0.005);
    /* Off target, as the pick-up journey's story says. */
    g_assert_cmpfloat (all.value, <, wm_record_get_double (ces, WM_KPI_WARNING));
  }

  /* Every NPS value comes with its n and its margin of error. */
  {
    g_autoptr(GArray) samples = wm_store_get_samples (store, wm_record_get_id (nps), G_MININT64,
                                                      G_MAXINT64, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < samples->len; i++)
      {
        const WmSample *sample = &g_array_index (samples, WmSample, i);

        g_assert_cmpint (sample->n, >, 0);
        g_assert_cmpfloat (sample->margin, >, 0);
        g_assert_cmpfloat (sample->margin, <, 10);
      }
  }
}

static WmRecord *
find_example (GPtrArray  *examples,
              gint64      channel,
              gboolean    on_brand)
{
  for (guint i = 0; i < examples->len; i++)
    {
      WmRecord *example = g_ptr_array_index (examples, i);

      if (wm_record_get_ref (example, WM_VOICE_EXAMPLE_CHANNEL_ID) == channel
          && wm_record_get_boolean (example, WM_VOICE_EXAMPLE_ON_BRAND) == on_brand)
        return example;
    }

  g_error ("no %s example for channel %" G_GINT64_FORMAT, on_brand ? "on-brand" : "off-brand",
           channel);
}

/* The guideline's examples are rows per channel, on- and off-brand, and
 * show what the rules ask for. */
static void
test_examples (Fixture       *fixture,
               gconstpointer  data)
{
  WmStore *store = fixture->store;
  g_autoptr(GPtrArray) guidelines = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GPtrArray) touchpoints = NULL;
  const char *channels[] = { "sms", "email", "chatbot", "phone" };
  const char *text;
  gboolean off_brand_sms = FALSE;

  populate (fixture);
  guidelines = list (store, WM_ENTITY_VOICE_GUIDELINE, WM_COLUMN_NONE, 0);
  g_assert_cmpuint (guidelines->len, ==, 1);
  /* No free text left over from before the examples had rows. */
  g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (guidelines, 0),
                                         WM_VOICE_GUIDELINE_EXAMPLES), ==, "");
  examples = list (store, WM_ENTITY_VOICE_EXAMPLE, WM_VOICE_EXAMPLE_GUIDELINE_ID,
                   wm_record_get_id (g_ptr_array_index (guidelines, 0)));

  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    {
      g_assert_nonnull (find_example (examples, channel_id (store, channels[c]), TRUE));
      g_assert_nonnull (find_example (examples, channel_id (store, channels[c]), FALSE));
    }
  g_assert_nonnull (find_example (examples, 0, TRUE));
  for (guint i = 0; i < examples->len; i++)
    g_assert_cmpstr (wm_record_get_string (g_ptr_array_index (examples, i),
                                           WM_VOICE_EXAMPLE_NOTE), !=, "");

  text = wm_record_get_string (find_example (examples, channel_id (store, "sms"), TRUE),
                               WM_VOICE_EXAMPLE_TEXT);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, 160);
  text = wm_record_get_string (find_example (examples, channel_id (store, "app"), TRUE),
                               WM_VOICE_EXAMPLE_TEXT);
  g_assert_cmpint (g_utf8_strlen (text, -1), <=, 90);
  text = wm_record_get_string (find_example (examples, channel_id (store, "email"), TRUE),
                               WM_VOICE_EXAMPLE_TEXT);
  g_assert_true (g_str_has_suffix (text, "\n\nThe Northwind team"));
  text = wm_record_get_string (find_example (examples, channel_id (store, "chatbot"), TRUE),
                               WM_VOICE_EXAMPLE_TEXT);
  g_assert_null (strstr (text, "nfortunately"));
  text = wm_record_get_string (find_example (examples, channel_id (store, "phone"), TRUE),
                               WM_VOICE_EXAMPLE_TEXT);
  g_assert_nonnull (strstr (text, "Northwind support"));
  g_assert_null (strstr (text, "northwind"));

  /* The off-brand SMS is the one the pick-up journey sends. */
  text = wm_record_get_string (find_example (examples, channel_id (store, "sms"), FALSE),
                               WM_VOICE_EXAMPLE_TEXT);
  touchpoints = list (store, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0);
  for (guint i = 0; i < touchpoints->len; i++)
    off_brand_sms |= g_str_equal (wm_record_get_string (g_ptr_array_index (touchpoints, i),
                                                        WM_TOUCHPOINT_MESSAGE), text);
  g_assert_true (off_brand_sms);
}

/* Texts that read the same in German: proper names, loanwords, a regex. */
static const char * const language_neutral[] = {
  "Touchpoints", "Emotion", "Backstage", "KPIs", "Net Promoter Score", "Northwind", "!{2,}", "!",
  NULL
};

static const char *
layer_text (JsonObject *layer,
            const char *table,
            const char *uuid,
            const char *column)
{
  JsonObject *rows = json_object_get_object_member (layer, table);
  JsonObject *row = rows != NULL && json_object_has_member (rows, uuid)
                    ? json_object_get_object_member (rows, uuid) : NULL;

  return row != NULL && json_object_has_member (row, column)
         ? json_object_get_string_member (row, column) : NULL;
}

/* Each run of digits in @english (order, case and phone numbers, times) is
 * in @translated too. */
static void
assert_same_numbers (const char *english,
                     const char *translated)
{
  g_autoptr(GRegex) digits = g_regex_new ("[0-9]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (digits, english, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *number = g_match_info_fetch (match, 0);
      g_autofree char *pattern = g_strdup_printf ("(?<![0-9])%s(?![0-9])", number);

      if (!g_regex_match_simple (pattern, translated, 0, 0))
        g_error ("“%s” is not in “%s”", number, translated);
      g_match_info_next (match, NULL);
    }
}

/* The German layer translates every text of the English demo that has words
 * (channels are named by the new project itself), differs from it wherever
 * it translates, keeps its numbers, and greets Frau Keller properly. */
static void
test_german_layer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = lookup_source ("demo.de.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *layer;
  WmStore *german;
  guint n_greetings = 0;

  populate (fixture);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  layer = json_node_get_object (json_parser_get_root (parser));

  for (guint e = 0; e < WM_N_ENTITIES; e++)
    {
      const WmEntityInfo *info = wm_entity_get_info (e);
      g_autoptr(GPtrArray) rows = NULL;

      if (e == WM_ENTITY_CHANNEL)
        continue;
      rows = list (fixture->store, e, WM_COLUMN_NONE, 0);
      for (guint i = 0; i < rows->len; i++)
        {
          WmRecord *row = g_ptr_array_index (rows, i);

          for (guint c = 0; c < info->n_columns; c++)
            {
              const WmColumn *column = &info->columns[c];
              WmColumnId id = WM_COLUMN_ID (e, c);
              const char *english, *translated;

              if (!column_is_readable (column))
                continue;
              english = wm_record_get_string (row, id);
              translated = layer_text (layer, info->table, wm_record_get_uuid (row),
                                       column->name);
              if (translated == NULL)
                {
                  if (*english != '\0' && !g_strv_contains (language_neutral, english)
                      && !(e == WM_ENTITY_PERSONA && id == WM_PERSONA_NAME))
                    g_error ("%s %s.%s “%s” has no German", info->table,
                             wm_record_get_uuid (row), column->name, english);
                  continue;
                }
              g_assert_cmpstr (translated, !=, english);
              g_assert_cmpstr (translated, !=, "");
              if (id == WM_TOUCHPOINT_MESSAGE || id == WM_VOICE_EXAMPLE_TEXT)
                assert_same_numbers (english, translated);
            }
        }
    }

  german = create_from_source (fixture, "demo.de.json");
  {
    g_autoptr(GPtrArray) touchpoints = list (german, WM_ENTITY_TOUCHPOINT, WM_COLUMN_NONE, 0);

    for (guint i = 0; i < touchpoints->len; i++)
      {
        const char *message = wm_record_get_string (g_ptr_array_index (touchpoints, i),
                                                    WM_TOUCHPOINT_MESSAGE);

        if (strstr (message, "Frau Keller") == NULL)
          continue;
        g_assert_true (g_str_has_prefix (message, "Guten Tag, Frau Keller, "));
        n_greetings++;
      }
  }
  g_assert_cmpuint (n_greetings, ==, 2);
  g_assert_finalize_object (german);
}

/* Broken demo sources */

#define PROJECT "{\"format\": 1, \"project\": {\"uuid\": " \
  "\"00000000-0000-4000-8000-000000000001\", \"name\": \"Broken\"}"
#define JOURNEY "\"journey\": [{\"uuid\": \"00000000-0000-4000-8000-000000000002\", " \
  "\"name\": \"J\"}], \"stage\": [{\"uuid\": \"00000000-0000-4000-8000-000000000003\", " \
  "\"journey\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"S\"}], " \
  "\"lane\": [{\"uuid\": \"00000000-0000-4000-8000-000000000004\", " \
  "\"journey\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"T\"}]"
#define TOUCHPOINT(stage, extra) "\"touchpoint\": [{\"uuid\": " \
  "\"00000000-0000-4000-8000-000000000005\", " \
  "\"journey\": \"00000000-0000-4000-8000-000000000002\", \"stage\": \"" stage "\", " \
  "\"lane\": \"00000000-0000-4000-8000-000000000004\", \"title\": \"Call\"" extra "}]"

/* The demo is an interchange document: the importer's checks apply. */
static const char *
malformed_sources[][3] = {
  { "not-json", "{ \"format\": 1, \"project\": { \"name\": \"x\" ", "not valid JSON" },
  { "not-object", "[1, 2, 3]", "JSON object" },
  { "empty", "", "empty" },
  { "format", "{ \"format\": 2, \"project\": {} }", "format" },
  { "no-project", "{ \"format\": 1 }", "project" },
  { "unknown-member", "{\"format\": 1, \"project\": {\"uuid\": "
    "\"00000000-0000-4000-8000-000000000001\", \"colour\": \"red\"}}", "project.colour" },
  { "wrong-type", "{\"format\": 1, \"project\": {\"uuid\": "
    "\"00000000-0000-4000-8000-000000000001\", \"name\": 42}}", "project.name" },
  { "unknown-stage", PROJECT ", " JOURNEY ", "
    TOUCHPOINT ("00000000-0000-4000-8000-000000000009", "") "}", "touchpoint[0].stage" },
  { "bad-emotion", PROJECT ", " JOURNEY ", "
    TOUCHPOINT ("00000000-0000-4000-8000-000000000003", ", \"emotion\": 7") "}",
    "touchpoint[0]" },
  { "bad-kind", PROJECT ", \"kpi\": [{\"uuid\": \"00000000-0000-4000-8000-000000000006\", "
    "\"name\": \"K\", \"kind\": \"happiness\"}]}", "kpi[0].kind" },
  { "bad-sample", PROJECT ", \"kpi\": [{\"uuid\": \"00000000-0000-4000-8000-000000000006\", "
    "\"name\": \"K\"}], \"kpi_sample\": [{\"kpi\": "
    "\"00000000-0000-4000-8000-000000000006\", \"time\": 1, \"value\": \"high\"}]}",
    "kpi_sample[0].value" },
  { "duplicate-persona", PROJECT ", \"persona\": [{\"uuid\": "
    "\"00000000-0000-4000-8000-000000000007\", \"name\": \"P\"}, {\"uuid\": "
    "\"00000000-0000-4000-8000-000000000007\", \"name\": \"P\"}]}", "persona[1].uuid" },
};

/* What the error must name, so the author can find the mistake. */
static const char *
expected_in_message (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (malformed_sources); i++)
    {
      if (g_str_equal (malformed_sources[i][0], name))
        return malformed_sources[i][2];
    }

  return "Demo";
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  const char *name = ((const char * const *) data)[0];
  const char *source = ((const char * const *) data)[1];
  g_autoptr(GBytes) json = g_bytes_new_static (source, strlen (source));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = all_counts (fixture->store);
  g_autoptr(GArray) after = NULL;
  g_autofree char *project_name = g_strdup (wm_store_get_name (fixture->store));

  g_assert_false (wm_demo_populate_from_data (fixture->store, json, fixed_now (), &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", name, error->message);
  g_assert_true (g_str_has_prefix (error->message, "Demo: "));
  if (strstr (error->message, expected_in_message (name)) == NULL)
    g_error ("%s: the error “%s” does not name “%s”", name, error->message,
             expected_in_message (name));

  /* Nothing of it stays: no journeys, no rename, no undo step. */
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_JOURNEY), ==, 0);
  g_assert_cmpstr (wm_store_get_name (fixture->store), ==, project_name);
  g_assert_false (wm_store_can_undo (fixture->store));
  after = all_counts (fixture->store);
  assert_counts_equal (before, after);

  /* The store is still fine for the real demo. */
  populate (fixture);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, 3);
}

/* A translation that does not fit the demo is refused, naming the place. */
static void
test_malformed_translation (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char *const cases[][2] = {
    { "{\"format\": 1, \"stage\": {\"00000000-0000-4000-8000-000000000099\": "
      "{\"name\": \"x\"}}}", "no such row" },
    { "{\"format\": 1, \"stages\": {}}", "stages" },
    { "{\"format\": 2}", "format" },
    { "[]", "JSON object" },
  };
  g_autoptr(GBytes) json = lookup_source ("demo.json");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) translation = g_bytes_new_static (cases[i][0], strlen (cases[i][0]));

      g_assert_false (wm_demo_populate_translated (fixture->store, json, translation,
                                                   fixed_now (), &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i][1]));
      g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_JOURNEY), ==, 0);
      g_assert_false (wm_store_can_undo (fixture->store));
    }

  /* A translated choice or a column that is no text is refused too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) channels = list (fixture->store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0);
    g_autofree char *text = NULL;
    g_autoptr(GBytes) translation = NULL;
    const char *demo = g_bytes_get_data (json, NULL);
    const char *journey = strstr (demo, "\"journey\": [\n{\"uuid\": \"");
    g_autofree char *uuid = NULL;

    g_assert_nonnull (journey);
    uuid = g_strndup (journey + strlen ("\"journey\": [\n{\"uuid\": \""), 36);
    text = g_strdup_printf ("{\"format\": 1, \"journey\": {\"%s\": {\"state\": \"ist\"}}}",
                            uuid);
    translation = g_bytes_new (text, strlen (text));
    g_assert_false (wm_demo_populate_translated (fixture->store, json, translation,
                                                 fixed_now (), &error));
    g_assert_nonnull (strstr (error->message, "not a text to translate"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/demo/counts", test_counts);
  ADD ("/waymark/demo/journeys", test_journeys);
  ADD ("/waymark/demo/voice-copy", test_copy_for_voice_rules);
  ADD ("/waymark/demo/samples", test_samples);
  ADD ("/waymark/demo/feeds", test_feeds);
  ADD ("/waymark/demo/comparison", test_comparison);
  ADD ("/waymark/demo/personas", test_personas);
  ADD ("/waymark/demo/responses", test_responses);
  ADD ("/waymark/demo/examples", test_examples);
  ADD ("/waymark/demo/german-layer", test_german_layer);
  ADD ("/waymark/demo/no-history", test_no_history);
  ADD ("/waymark/demo/reopen", test_reopen);
  ADD ("/waymark/demo/not-empty", test_not_empty);
  g_test_add_func ("/waymark/demo/create", test_create);
  ADD ("/waymark/demo/sources", test_sources);
  ADD ("/waymark/demo/translations", test_translations);
  ADD ("/waymark/demo/language", test_language);
  ADD ("/waymark/demo/create-language", test_create_language);
  ADD ("/waymark/demo/malformed-translation", test_malformed_translation);

  for (guint i = 0; i < G_N_ELEMENTS (malformed_sources); i++)
    {
      g_autofree char *path = g_strdup_printf ("/waymark/demo/malformed/%s",
                                               malformed_sources[i][0]);

      g_test_add (path, Fixture, malformed_sources[i], fixture_setup, test_malformed,
                  fixture_teardown);
    }

#undef ADD

  return g_test_run ();
}
