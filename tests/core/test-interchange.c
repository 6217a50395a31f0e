/* test-interchange.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "wm-demo-private.h"
#include "wm-interchange.h"
#include "wm-test-util.h"

/* The JSON interchange form: export → import → export gives the same bytes
 * and the same rows (uuids included); hostile documents are refused with a
 * message naming the place, and create nothing. */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static GBytes *
export_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmStore) store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  GBytes *json;

  g_assert_no_error (error);
  json = wm_interchange_export (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json);

  return json;
}

/* Exports @path, imports it as a new project, exports that: the two
 * documents are byte-identical and the two files hold the same rows. */
static void
assert_round_trip (Fixture    *fixture,
                   const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.waymark", NULL);
  g_autoptr(GBytes) first = export_path (path);
  g_autoptr(GBytes) second = NULL;
  g_autofree char *dump_original = wm_test_dump_project (path);
  g_autofree char *dump_copy = NULL;
  g_autoptr(WmStore) store = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  g_assert_true (wm_interchange_import (first, copy, &error));
  g_assert_no_error (error);
  second = export_path (copy);
  g_assert_true (g_bytes_equal (first, second));

  /* Row by row, ids and uuids included (ids are dense in these projects). */
  dump_copy = wm_test_dump_project (copy);
  g_assert_cmpstr (dump_copy, ==, dump_original);

  store = wm_store_open (copy, WM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  findings = wm_store_check (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_demo_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "demo.waymark", NULL);
  g_autoptr(WmStore) store = wm_demo_create_for_language (path, "C", &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  assert_round_trip (fixture, path);
}

/* Every kind of row and value: NULLs, a blob, doubles that print long,
 * text with quotes, line breaks and non-ASCII, samples. */
static void
test_generated_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, "gen.waymark", &path);
  g_autoptr(GBytes) avatar = g_bytes_new_static ("\x89PNG\0\1\2", 7);
  WmSample samples[] = { { 1700000000, 0.1 + 0.2, 12 }, { 1700086400, -0.04, 0 },
                         { 1700172800, 84.2, 3 } };
  gint64 persona, kpi;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Journey “%u”\n\"quoted\" \\ é ☃", i);

      wm_test_build_journey (store, name, 3 + i, 2);
    }
  persona = wm_test_insert (store, WM_ENTITY_PERSONA);
  g_assert_true (wm_store_set_string (store, persona, WM_PERSONA_QUOTE,
                                      "Tab\there, control \x01 too", &error));
  g_assert_no_error (error);
  {
    g_autoptr(WmRecord) record = wm_store_get (store, WM_ENTITY_PERSONA, persona, &error);

    wm_record_set_bytes (record, WM_PERSONA_AVATAR, avatar);
    g_assert_true (wm_store_update (store, record, &error));
    g_assert_no_error (error);
  }
  wm_test_insert (store, WM_ENTITY_PERSONA_ITEM);
  wm_test_insert (store, WM_ENTITY_VOICE_RULE);
  wm_test_insert (store, WM_ENTITY_FEED);
  kpi = wm_test_insert (store, WM_ENTITY_KPI);
  g_assert_true (wm_store_set_double (store, kpi, WM_KPI_TARGET, 1.0 / 3, &error));
  g_assert_true (wm_store_add_samples (store, kpi, samples, G_N_ELEMENTS (samples), "t", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  assert_round_trip (fixture, path);
}

/* Hostile documents */

static const char *
valid_document (void)
{
  return
    "{\n\"format\": 1,\n\"schema\": 1,\n"
    "\"project\": {\"uuid\": \"00000000-0000-4000-8000-000000000001\", \"name\": \"P\"},\n"
    "\"journey\": [\n"
    "{\"uuid\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"J\", \"state\": \"as-is\"}\n"
    "],\n"
    "\"stage\": [\n"
    "{\"uuid\": \"00000000-0000-4000-8000-000000000003\", "
    "\"journey\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"S\"}\n"
    "]\n}\n";
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_autoptr(GString) out = g_string_new (text);

  g_assert_nonnull (strstr (text, from));
  g_string_replace (out, from, to, 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @json is refused with a message containing @expected; nothing is created. */
static void
assert_refused (Fixture    *fixture,
                GBytes     *json,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "new.waymark", NULL);
  g_auto(GStrv) left = NULL;

  g_assert_false (wm_interchange_import (json, path, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_INVALID);
  g_test_message ("refused: %s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, expected);

  left = wm_test_list_dir (fixture->dir);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
}

static void
assert_text_refused (Fixture    *fixture,
                     const char *text,
                     const char *expected)
{
  g_autoptr(GBytes) json = g_bytes_new (text, strlen (text));

  assert_refused (fixture, json, expected);
}

static void
test_valid_minimal (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "new.waymark", NULL);
  g_autoptr(GBytes) json = g_bytes_new_static (valid_document (), strlen (valid_document ()));
  g_autoptr(WmStore) store = NULL;

  g_assert_true (wm_interchange_import (json, path, &error));
  g_assert_no_error (error);
  store = wm_store_open (path, WM_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm_store_get_name (store), ==, "P");
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_STAGE), ==, 1);
  /* Channels come from the document only: it had none. */
  g_assert_cmpint (wm_test_count (store, WM_ENTITY_CHANNEL), ==, 0);
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  const char *doc = valid_document ();
  static const struct {
    const char *from;
    const char *to;
    const char *expected;
  } edits[] = {
    { "\"name\": \"S\"", "\"name\": 3", "stage[0].name: expected a string" },
    { "\"name\": \"S\"", "\"name\": null", "stage[0].name: expected a string" },
    { "\"name\": \"S\"", "\"name\": \"S\", \"colour\": 1", "stage[0].colour: unknown member" },
    { "\"state\": \"as-is\"", "\"state\": \"as-was\"", "journey[0].state: “as-was” is not one of" },
    { "\"state\": \"as-is\"", "\"position\": 1.5", "journey[0].position: expected a whole number" },
    { "\"journey\": \"00000000-0000-4000-8000-000000000002\"",
      "\"journey\": \"00000000-0000-4000-8000-000000000009\"",
      "stage[0].journey: no journey has the uuid" },
    { "\"journey\": \"00000000-0000-4000-8000-000000000002\"", "\"journey\": \"x\"",
      "stage[0].journey: expected a uuid" },
    { "\"name\": \"S\"}",
      "\"name\": \"S\"},\n{\"uuid\": \"00000000-0000-4000-8000-000000000003\", "
      "\"journey\": \"00000000-0000-4000-8000-000000000002\", \"name\": \"T\"}",
      "stage[1].uuid: a second stage with the same uuid" },
    { ", \"name\": \"S\"", "", "stage[0]: missing member “name”" },
    { "\"stage\": [", "\"stages\": [", "stages: unknown member" },
    { "\"stage\": [", "\"stage\": 7, \"x\": [", "stage: expected an array" },
    { "\"format\": 1", "\"format\": 2", "format: version 2" },
    { "\"format\": 1", "\"format\": \"1\"", "format: expected a whole number" },
    { "\"format\": 1,", "", "format: missing" },
    { "\"schema\": 1", "\"schema\": 99", "schema: the document was written by a newer" },
    { "\"name\": \"S\"", "\"name\": \"\\ud800\"", "not valid JSON" },
    { "\"name\": \"J\", ", "", "journey[0]: missing member “name”" },
    { "]\n}\n", "],\n\"kpi_sample\": [{\"kpi\": \"00000000-0000-4000-8000-000000000002\", "
      "\"time\": 1, \"value\": 1}]\n}\n", "kpi_sample[0].kpi: no KPI has the uuid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *text = replace (doc, edits[i].from, edits[i].to);

      assert_text_refused (fixture, text, edits[i].expected);
    }

  /* Truncated anywhere, never a crash or a file. */
  for (gsize length = 0; length < strlen (doc) - 2; length += 7)
    {
      g_autoptr(GBytes) json = g_bytes_new (doc, length);

      assert_refused (fixture, json, length == 0 ? "empty" : "");
    }

  assert_text_refused (fixture, "[1, 2]", "must be a JSON object");
  assert_text_refused (fixture, "{\"format\": 1, \"name\": \"\xff\xfe\"}", "not UTF-8");
}

static void
test_hostile_sizes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new ("{\"format\": 1, \"project\": ");
  g_autoptr(GString) big = g_string_new (NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  assert_text_refused (fixture, deep->str, "nests deeper than");

  /* A 100 MB string. */
  g_string_append (big, "{\"format\": 1, \"project\": {\"uuid\": "
                        "\"00000000-0000-4000-8000-000000000001\", \"name\": \"");
  g_string_set_size (big, big->len + 100 * 1000 * 1000);
  memset (big->str + big->len - 100 * 1000 * 1000, 'a', 100 * 1000 * 1000);
  g_string_append (big, "\"}}");
  assert_text_refused (fixture, big->str, "a string is longer than");
}

/* A touchpoint whose stage lies in another journey: only the database's
 * composite key sees it; the place is still named. */
static void
test_foreign_stage (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, "two.waymark", &path);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autofree char *text = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *first_stage = NULL;
  g_autofree char *other_stage = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *remove_path = NULL;
  g_autofree char *head = NULL;

  wm_test_build_journey (store, "A", 1, 1);
  wm_test_build_journey (store, "B", 1, 1);
  stages = wm_store_list (store, WM_ENTITY_STAGE, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (stages->len, ==, 2);
  first_stage = g_strdup_printf ("\"stage\": \"%s\"",
                                 wm_record_get_uuid (g_ptr_array_index (stages, 0)));
  other_stage = g_strdup_printf ("\"stage\": \"%s\"",
                                 wm_record_get_uuid (g_ptr_array_index (stages, 1)));
  json = wm_interchange_export (store, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  remove_path = g_strdup (path);
  g_assert_cmpint (g_unlink (remove_path), ==, 0);

  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  /* The first touchpoint row names the first stage: move it to the other. */
  moved = replace (strstr (text, "\"touchpoint\": ["), first_stage, other_stage);
  head = g_strndup (text, (gsize) (strstr (text, "\"touchpoint\": [") - text));
  bad = g_strconcat (head, moved, NULL);
  assert_text_refused (fixture, bad, "touchpoint[0]: refers to a stage that does not fit it");
}

/* Integers read from the file are written as printf () writes them, the
 * extremes and negatives included. */
static void
test_integers (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(WmStore) store = wm_test_create_store (fixture->dir, "ints.waymark", &path);
  static const gint64 positions[] = { G_MININT64, -42, -1, 0, 7, 10, 1234567890123, G_MAXINT64 };
  g_autoptr(GBytes) json = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    wm_test_insert (store, WM_ENTITY_CHANNEL);
  g_clear_object (&store);
  db = wm_test_open_raw (path, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE channel SET position = %" G_GINT64_FORMAT
                                              " WHERE id = (SELECT id FROM channel ORDER BY id"
                                              " LIMIT 1 OFFSET %u)", positions[i], i);

      wm_test_exec (db, sql);
    }
  sqlite3_close (db);

  json = export_path (path);
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autofree char *member = g_strdup_printf ("\"position\": %" G_GINT64_FORMAT,
                                                 positions[i]);
      const char *at = strstr (text, member);

      g_assert_nonnull (at);
      g_assert_false (g_ascii_isdigit (at[strlen (member)]));
    }
  assert_round_trip (fixture, path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/waymark/interchange/round-trip/demo", test_demo_round_trip);
  ADD ("/waymark/interchange/round-trip/generated", test_generated_round_trip);
  ADD ("/waymark/interchange/round-trip/integers", test_integers);
  ADD ("/waymark/interchange/import/minimal", test_valid_minimal);
  ADD ("/waymark/interchange/import/hostile", test_hostile);
  ADD ("/waymark/interchange/import/hostile-sizes", test_hostile_sizes);
  ADD ("/waymark/interchange/import/foreign-stage", test_foreign_stage);

  return g_test_run ();
}
