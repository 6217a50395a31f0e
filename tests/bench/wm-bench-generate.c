/* wm-bench-generate.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "wm-store.h"

/* Builds a big project through the store API, the way the application
 * writes one: 200 journeys of 10 stages × 4 lanes and 100 touchpoints each,
 * 20 personas, 100 KPIs of 10,000 samples each, links, feeds and voice
 * rules. The numbers are fixed so that runs compare. */

#define N_JOURNEYS         200
#define N_STAGES           10
#define N_LANES            4
#define N_TOUCHPOINTS      100
#define N_PERSONAS         20
#define N_KPIS             100
#define N_SAMPLES          10000
#define SAMPLE_BATCH       2500
#define N_FEEDS            40
#define N_GUIDELINES       4
#define N_RULES            10

static const char *const lane_kinds[N_LANES] = { "touchpoints", "emotion", "backstage",
                                                 "pain-points" };
static const char *const kpi_kinds[] = { "nps", "csat", "ces", "fcr", "retention", "custom" };

static gint64
insert_or_die (WmStore  *store,
               WmRecord *draft)
{
  g_autoptr(GError) error = NULL;
  gint64 id = wm_store_insert (store, draft, &error);

  if (id <= 0)
    g_error ("Cannot insert a %s: %s", wm_record_get_info (draft)->table, error->message);

  return id;
}

static void
check (gboolean      ok,
       const GError *error)
{
  if (!ok)
    g_error ("%s", error ? error->message : "failed");
}

static void
begin (WmStore    *store,
       const char *label)
{
  g_autoptr(GError) error = NULL;

  check (wm_store_begin_edit (store, label, &error), error);
}

/* Each edit is committed, then forgotten: a generator needs no undo, and the
 * history would hold every changeset in memory. */
static void
commit (WmStore *store)
{
  g_autoptr(GError) error = NULL;

  check (wm_store_commit_edit (store, &error), error);
  wm_store_clear_history (store);
}

static GArray *
make_personas (WmStore *store)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const char *const item_kinds[] = { "goal", "pain", "need", "behaviour", "motivation" };

  begin (store, "Personas");
  for (guint p = 0; p < N_PERSONAS; p++)
    {
      g_autoptr(WmRecord) persona = wm_record_new (WM_ENTITY_PERSONA);
      g_autofree char *name = g_strdup_printf ("Persona %u", p + 1);
      gint64 id;

      wm_record_set_string (persona, WM_PERSONA_NAME, name);
      wm_record_set_string (persona, WM_PERSONA_ROLE, p % 2 ? "Small business owner" : "Student");
      wm_record_set_string (persona, WM_PERSONA_QUOTE, "I just want it to work the first time.");
      wm_record_set_int (persona, WM_PERSONA_POSITION, p);
      id = insert_or_die (store, persona);
      g_array_append_val (ids, id);

      for (guint i = 0; i < G_N_ELEMENTS (item_kinds); i++)
        {
          g_autoptr(WmRecord) item = wm_record_new (WM_ENTITY_PERSONA_ITEM);

          wm_record_set_ref (item, WM_PERSONA_ITEM_PERSONA_ID, id);
          wm_record_set_string (item, WM_PERSONA_ITEM_KIND, item_kinds[i]);
          wm_record_set_string (item, WM_PERSONA_ITEM_TEXT, "Get things done without calling anyone");
          wm_record_set_int (item, WM_PERSONA_ITEM_POSITION, i);
          insert_or_die (store, item);
        }
    }
  commit (store);

  return ids;
}

static GArray *
list_ids (WmStore  *store,
          WmEntity  entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wm_store_list (store, entity, WM_COLUMN_NONE, 0, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  check (rows != NULL, error);
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = wm_record_get_id (g_ptr_array_index (rows, i));

      g_array_append_val (ids, id);
    }

  return ids;
}

/* One journey per edit. Returns the first stage's and touchpoint's ids for links. */
static gint64
make_journey (WmStore *store,
              guint    index,
              GArray  *channels,
              GArray  *personas,
              gint64  *out_stage,
              gint64  *out_touchpoint)
{
  g_autoptr(WmRecord) journey = wm_record_new (WM_ENTITY_JOURNEY);
  g_autoptr(WmRecord) journey_persona = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);
  g_autofree char *name = g_strdup_printf ("Journey %03u", index + 1);
  gint64 stages[N_STAGES], lanes[N_LANES];
  gint64 journey_id;

  begin (store, "Journey");
  wm_record_set_string (journey, WM_JOURNEY_NAME, name);
  wm_record_set_string (journey, WM_JOURNEY_DESCRIPTION, "From first contact to renewal.");
  wm_record_set_string (journey, WM_JOURNEY_STATE, index % 4 == 3 ? "to-be" : "as-is");
  wm_record_set_int (journey, WM_JOURNEY_POSITION, index);
  journey_id = insert_or_die (store, journey);

  wm_record_set_ref (journey_persona, WM_JOURNEY_PERSONA_JOURNEY_ID, journey_id);
  wm_record_set_ref (journey_persona, WM_JOURNEY_PERSONA_PERSONA_ID,
                     g_array_index (personas, gint64, index % personas->len));
  insert_or_die (store, journey_persona);

  for (guint s = 0; s < N_STAGES; s++)
    {
      g_autoptr(WmRecord) stage = wm_record_new (WM_ENTITY_STAGE);
      g_autofree char *stage_name = g_strdup_printf ("Stage %u", s + 1);

      wm_record_set_ref (stage, WM_STAGE_JOURNEY_ID, journey_id);
      wm_record_set_string (stage, WM_STAGE_NAME, stage_name);
      wm_record_set_int (stage, WM_STAGE_POSITION, s);
      stages[s] = insert_or_die (store, stage);
    }
  for (guint l = 0; l < N_LANES; l++)
    {
      g_autoptr(WmRecord) lane = wm_record_new (WM_ENTITY_LANE);

      wm_record_set_ref (lane, WM_LANE_JOURNEY_ID, journey_id);
      wm_record_set_string (lane, WM_LANE_NAME, lane_kinds[l]);
      wm_record_set_string (lane, WM_LANE_KIND, lane_kinds[l]);
      wm_record_set_int (lane, WM_LANE_POSITION, l);
      lanes[l] = insert_or_die (store, lane);
    }

  for (guint t = 0; t < N_TOUCHPOINTS; t++)
    {
      g_autoptr(WmRecord) touchpoint = wm_record_new (WM_ENTITY_TOUCHPOINT);
      g_autofree char *title = g_strdup_printf ("Touchpoint %u", t + 1);
      guint stage = t / (N_TOUCHPOINTS / N_STAGES);
      gint64 id;

      wm_record_set_ref (touchpoint, WM_TOUCHPOINT_JOURNEY_ID, journey_id);
      wm_record_set_ref (touchpoint, WM_TOUCHPOINT_STAGE_ID, stages[stage]);
      wm_record_set_ref (touchpoint, WM_TOUCHPOINT_LANE_ID, lanes[0]);
      wm_record_set_ref (touchpoint, WM_TOUCHPOINT_CHANNEL_ID,
                         g_array_index (channels, gint64, t % channels->len));
      wm_record_set_string (touchpoint, WM_TOUCHPOINT_TITLE, title);
      wm_record_set_string (touchpoint, WM_TOUCHPOINT_CUSTOMER_ACTION, "Looks for the answer");
      wm_record_set_string (touchpoint, WM_TOUCHPOINT_MESSAGE,
                            "Thanks for getting in touch! We will get back to you within a day.");
      wm_record_set_int (touchpoint, WM_TOUCHPOINT_EMOTION, (gint64) (t % 7) - 3);
      wm_record_set_boolean (touchpoint, WM_TOUCHPOINT_MOMENT_THAT_MATTERS, t % 17 == 0);
      wm_record_set_int (touchpoint, WM_TOUCHPOINT_POSITION, t);
      id = insert_or_die (store, touchpoint);
      if (t == 0)
        *out_touchpoint = id;
    }

  /* Text in the backstage and pain-point lanes of every stage. */
  for (guint s = 0; s < N_STAGES; s++)
    for (guint l = 2; l < N_LANES; l++)
      {
        g_autoptr(WmRecord) cell = wm_record_new (WM_ENTITY_CELL);

        wm_record_set_ref (cell, WM_CELL_JOURNEY_ID, journey_id);
        wm_record_set_ref (cell, WM_CELL_STAGE_ID, stages[s]);
        wm_record_set_ref (cell, WM_CELL_LANE_ID, lanes[l]);
        wm_record_set_string (cell, WM_CELL_TEXT, "Hand-off to the second line loses the case notes.");
        insert_or_die (store, cell);
      }
  commit (store);

  *out_stage = stages[0];

  return journey_id;
}

static GArray *
make_kpis (WmStore *store)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  begin (store, "KPIs");
  for (guint k = 0; k < N_KPIS; k++)
    {
      g_autoptr(WmRecord) kpi = wm_record_new (WM_ENTITY_KPI);
      g_autofree char *name = g_strdup_printf ("KPI %03u", k + 1);
      gint64 id;

      wm_record_set_string (kpi, WM_KPI_NAME, name);
      wm_record_set_string (kpi, WM_KPI_KIND, kpi_kinds[k % G_N_ELEMENTS (kpi_kinds)]);
      wm_record_set_string (kpi, WM_KPI_UNIT, k % 3 == 0 ? "%" : "");
      wm_record_set_double (kpi, WM_KPI_TARGET, 40.0);
      wm_record_set_double (kpi, WM_KPI_WARNING, 20.0);
      wm_record_set_int (kpi, WM_KPI_POSITION, k);
      id = insert_or_die (store, kpi);
      g_array_append_val (ids, id);
    }
  commit (store);

  return ids;
}

/* Hourly values going back from a fixed time, in a few batches per KPI. */
static void
add_samples (WmStore *store,
             gint64   kpi_id,
             guint    k)
{
  g_autofree WmSample *samples = g_new (WmSample, SAMPLE_BATCH);
  const gint64 end = 1767225600; /* 2026-01-01 00:00 UTC */

  for (guint start = 0; start < N_SAMPLES; start += SAMPLE_BATCH)
    {
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < SAMPLE_BATCH; i++)
        {
          guint n = start + i;

          samples[i].time = end - (gint64) (N_SAMPLES - n) * 3600;
          samples[i].value = 30.0 + 20.0 * sin ((double) n / 200.0 + k) + (n * 7 % 11) / 10.0;
          samples[i].n = 50 + n % 30;
          samples[i].margin = 0;
        }
      check (wm_store_add_samples (store, kpi_id, samples, SAMPLE_BATCH, "bench", &error),
             error);
      wm_store_clear_history (store);
    }
}

static void
add_link (WmStore    *store,
          gint64      kpi_id,
          WmColumnId  column,
          gint64      id)
{
  g_autoptr(WmRecord) link = wm_record_new (WM_ENTITY_KPI_LINK);

  wm_record_set_ref (link, WM_KPI_LINK_KPI_ID, kpi_id);
  wm_record_set_ref (link, column, id);
  insert_or_die (store, link);
}

static void
make_feeds_and_voice (WmStore *store,
                      GArray  *kpis,
                      GArray  *channels)
{
  static const char *const types[] = { "json", "prometheus", "csv", "responses" };
  static const char *const rule_kinds[] = { "banned", "preferred", "max-length", "required",
                                            "capitalization" };

  begin (store, "Feeds and voice");
  for (guint f = 0; f < N_FEEDS; f++)
    {
      g_autoptr(WmRecord) feed = wm_record_new (WM_ENTITY_FEED);
      g_autofree char *url = g_strdup_printf ("https://metrics.example.com/api/kpi/%u", f);

      wm_record_set_ref (feed, WM_FEED_KPI_ID, g_array_index (kpis, gint64, f % kpis->len));
      wm_record_set_string (feed, WM_FEED_TYPE, types[f % G_N_ELEMENTS (types)]);
      wm_record_set_string (feed, WM_FEED_URL, url);
      wm_record_set_string (feed, WM_FEED_PATH, "$.value");
      wm_record_set_boolean (feed, WM_FEED_ENABLED, f % 5 != 0);
      wm_record_set_int (feed, WM_FEED_POSITION, f);
      insert_or_die (store, feed);
    }

  for (guint g = 0; g < N_GUIDELINES; g++)
    {
      g_autoptr(WmRecord) guideline = wm_record_new (WM_ENTITY_VOICE_GUIDELINE);
      g_autofree char *name = g_strdup_printf ("Guideline %u", g + 1);
      gint64 guideline_id;

      wm_record_set_string (guideline, WM_VOICE_GUIDELINE_NAME, name);
      wm_record_set_string (guideline, WM_VOICE_GUIDELINE_TONE, "Warm, plain, direct");
      wm_record_set_int (guideline, WM_VOICE_GUIDELINE_POSITION, g);
      guideline_id = insert_or_die (store, guideline);

      for (guint r = 0; r < N_RULES; r++)
        {
          g_autoptr(WmRecord) rule = wm_record_new (WM_ENTITY_VOICE_RULE);
          const char *kind = rule_kinds[r % G_N_ELEMENTS (rule_kinds)];
          gint64 rule_id;

          wm_record_set_ref (rule, WM_VOICE_RULE_GUIDELINE_ID, guideline_id);
          wm_record_set_string (rule, WM_VOICE_RULE_KIND, kind);
          wm_record_set_string (rule, WM_VOICE_RULE_PATTERN, "utilize");
          wm_record_set_string (rule, WM_VOICE_RULE_REPLACEMENT, "use");
          if (g_str_equal (kind, "max-length"))
            wm_record_set_int (rule, WM_VOICE_RULE_MAX_LENGTH, 160);
          wm_record_set_int (rule, WM_VOICE_RULE_POSITION, r);
          rule_id = insert_or_die (store, rule);
          if (g_str_equal (kind, "max-length"))
            {
              g_autoptr(WmRecord) scope = wm_record_new (WM_ENTITY_VOICE_RULE_CHANNEL);

              wm_record_set_ref (scope, WM_VOICE_RULE_CHANNEL_RULE_ID, rule_id);
              wm_record_set_ref (scope, WM_VOICE_RULE_CHANNEL_CHANNEL_ID,
                                 g_array_index (channels, gint64, r % channels->len));
              insert_or_die (store, scope);
            }
        }
    }
  commit (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) channels = NULL;
  g_autoptr(GArray) personas = NULL;
  g_autoptr(GArray) kpis = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gint64 first_stage[N_JOURNEYS], first_touchpoint[N_JOURNEYS], journeys[N_JOURNEYS];
  GStatBuf st;

  if (argc != 2)
    {
      g_printerr ("Usage: %s FILE\n", argv[0]);
      return 2;
    }

  store = wm_store_create (argv[1], &error);
  check (store != NULL, error);

  channels = list_ids (store, WM_ENTITY_CHANNEL);
  personas = make_personas (store);
  for (guint j = 0; j < N_JOURNEYS; j++)
    journeys[j] = make_journey (store, j, channels, personas, &first_stage[j],
                                &first_touchpoint[j]);
  g_print ("journeys: %.1f s\n", g_timer_elapsed (timer, NULL));

  kpis = make_kpis (store);
  for (guint k = 0; k < kpis->len; k++)
    add_samples (store, g_array_index (kpis, gint64, k), k);
  g_print ("samples: %.1f s\n", g_timer_elapsed (timer, NULL));

  /* Each journey's KPI on the journey, its first stage and first touchpoint. */
  begin (store, "Links");
  for (guint j = 0; j < N_JOURNEYS; j++)
    {
      gint64 kpi_id = g_array_index (kpis, gint64, j % kpis->len);

      add_link (store, kpi_id, WM_KPI_LINK_JOURNEY_ID, journeys[j]);
      add_link (store, kpi_id, WM_KPI_LINK_STAGE_ID, first_stage[j]);
      add_link (store, kpi_id, WM_KPI_LINK_TOUCHPOINT_ID, first_touchpoint[j]);
    }
  commit (store);

  make_feeds_and_voice (store, kpis, channels);
  g_clear_object (&store);

  if (g_stat (argv[1], &st) != 0)
    g_error ("Cannot stat %s", argv[1]);
  g_print ("generated %s in %.1f s: %.1f MiB\n", argv[1], g_timer_elapsed (timer, NULL),
           (double) st.st_size / (1024.0 * 1024.0));

  return 0;
}
