/* test-persona.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "wm-avatar.h"
#include "wm-persona.h"
#include "wm-persona-sheet.h"
#include "wm-test-util.h"

/* Personas in the store: creating, duplicating, reordering and deleting
 * them with undo; their links to journeys when either side goes; the
 * printed sheet and the Markdown export. */

typedef struct
{
  char    *dir;
  char    *path;
  WmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = wm_test_make_temp_dir ();
  fixture->store = wm_test_create_store (fixture->dir, "personas.waymark", &fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  wm_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Helpers */

static gint64
add_item (WmStore    *store,
          gint64      persona_id,
          const char *kind,
          const char *text)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_PERSONA_ITEM);
  g_autoptr(GError) error = NULL;
  gint64 id;

  wm_record_set_ref (draft, WM_PERSONA_ITEM_PERSONA_ID, persona_id);
  wm_record_set_string (draft, WM_PERSONA_ITEM_KIND, kind);
  wm_record_set_string (draft, WM_PERSONA_ITEM_TEXT, text);
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);

  return id;
}

static gint64
link_rows (WmStore    *store,
           WmColumnId  column_a,
           gint64      id_a,
           WmColumnId  column_b,
           gint64      id_b)
{
  g_autoptr(WmRecord) draft = wm_record_new (wm_column_get_entity (column_a));
  g_autoptr(GError) error = NULL;
  gint64 id;

  wm_record_set_ref (draft, column_a, id_a);
  wm_record_set_ref (draft, column_b, id_b);
  id = wm_store_insert (store, draft, &error);
  g_assert_no_error (error);

  return id;
}

static gint64
find_channel (WmStore    *store,
              const char *name)
{
  g_autoptr(GPtrArray) channels = wm_store_list (store, WM_ENTITY_CHANNEL, WM_COLUMN_NONE, 0,
                                                   NULL);

  for (guint i = 0; i < channels->len; i++)
    {
      if (g_strcmp0 (wm_record_get_label (g_ptr_array_index (channels, i)), name) == 0)
        return wm_record_get_id (g_ptr_array_index (channels, i));
    }
  g_assert_not_reached ();
}

static char *
item_texts (WmStore *store,
            gint64   persona_id)
{
  g_autoptr(GPtrArray) items = wm_store_list (store, WM_ENTITY_PERSONA_ITEM,
                                              WM_PERSONA_ITEM_PERSONA_ID, persona_id, NULL);
  g_autoptr(GString) texts = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (texts, "%s%s", i ? "," : "",
                            wm_record_get_string (g_ptr_array_index (items, i),
                                                  WM_PERSONA_ITEM_TEXT));

  return g_string_free (g_steal_pointer (&texts), FALSE);
}

static void
set_text (WmStore    *store,
          gint64      id,
          WmColumnId  column,
          const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (wm_store_set_string (store, id, column, value, &error));
  g_assert_no_error (error);
}

/* A persona with everything a sheet shows, linked to a journey. */
static gint64
build_persona (WmStore  *store,
               gint64   *out_journey)
{
  g_autoptr(GError) error = NULL;
  gint64 id, journey;

  id = wm_persona_create (store, "Maria Schmidt", &error);
  g_assert_no_error (error);
  set_text (store, id, WM_PERSONA_ROLE, "Head of purchasing, Hamburg");
  set_text (store, id, WM_PERSONA_QUOTE, "Tell me once, and tell me the truth.");
  set_text (store, id, WM_PERSONA_DESCRIPTION, "Buys for forty branches and reads every contract.");
  set_text (store, id, WM_PERSONA_SEGMENT, "Enterprise");
  set_text (store, id, WM_PERSONA_AGE_RANGE, "45–54");
  set_text (store, id, WM_PERSONA_LOCATION, "Hamburg");
  set_text (store, id, WM_PERSONA_EVIDENCE, "research");
  add_item (store, id, "goal", "Order before the quarter closes");
  add_item (store, id, "goal", "Keep one supplier per category");
  add_item (store, id, "pain", "Invoices that do not match the order");
  add_item (store, id, "need", "A single contact person");
  add_item (store, id, "behaviour", "Compares three offers every time");
  add_item (store, id, "motivation", "Praise from the finance director");
  link_rows (store, WM_PERSONA_CHANNEL_PERSONA_ID, id, WM_PERSONA_CHANNEL_CHANNEL_ID,
             find_channel (store, "Email"));
  link_rows (store, WM_PERSONA_CHANNEL_PERSONA_ID, id, WM_PERSONA_CHANNEL_CHANNEL_ID,
             find_channel (store, "Phone"));
  journey = wm_test_insert_named (store, WM_ENTITY_JOURNEY, WM_COLUMN_NONE, 0, "Reorder supplies");
  link_rows (store, WM_JOURNEY_PERSONA_JOURNEY_ID, journey, WM_JOURNEY_PERSONA_PERSONA_ID, id);

  if (out_journey)
    *out_journey = journey;

  return id;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

/* Tests: store operations */

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) first = NULL;
  g_autoptr(WmRecord) second = NULL;
  gint64 a, b;

  a = wm_persona_create (fixture->store, "Anna", &error);
  g_assert_no_error (error);
  b = wm_persona_create (fixture->store, "Ben", &error);
  g_assert_no_error (error);

  first = wm_store_get (fixture->store, WM_ENTITY_PERSONA, a, &error);
  second = wm_store_get (fixture->store, WM_ENTITY_PERSONA, b, &error);
  /* Each new persona gets a palette colour the others do not use yet. */
  g_assert_cmpstr (wm_persona_get_color (first), ==, wm_persona_palette ()[0]);
  g_assert_cmpstr (wm_persona_get_color (second), ==, wm_persona_palette ()[1]);

  /* One undo step each. */
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), !=, NULL);
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, 1);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) original = NULL;
  g_autoptr(WmRecord) copy = NULL;
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GPtrArray) copy_journeys = NULL;
  g_autoptr(GPtrArray) copy_channels = NULL;
  g_autofree char *original_items = NULL;
  g_autofree char *copy_items = NULL;
  gint64 id, other, copy_id;

  id = build_persona (fixture->store, NULL);
  other = wm_persona_create (fixture->store, "Someone else", &error);
  g_assert_no_error (error);

  copy_id = wm_persona_duplicate (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy_id, >, 0);
  g_assert_cmpstr (wm_store_get_undo_label (fixture->store), ==, "Duplicate persona");

  original = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, &error);
  copy = wm_store_get (fixture->store, WM_ENTITY_PERSONA, copy_id, &error);
  g_assert_cmpstr (wm_record_get_string (copy, WM_PERSONA_NAME), ==, "Maria Schmidt (copy)");
  g_assert_cmpstr (wm_record_get_string (copy, WM_PERSONA_QUOTE), ==,
                   wm_record_get_string (original, WM_PERSONA_QUOTE));
  g_assert_cmpstr (wm_record_get_string (copy, WM_PERSONA_COLOR), ==,
                   wm_record_get_string (original, WM_PERSONA_COLOR));
  g_assert_cmpstr (wm_record_get_uuid (copy), !=, wm_record_get_uuid (original));

  /* Items in their order, channels too; the journeys stay with the original. */
  original_items = item_texts (fixture->store, id);
  copy_items = item_texts (fixture->store, copy_id);
  g_assert_cmpstr (copy_items, ==, original_items);
  copy_channels = wm_persona_list_channels (fixture->store, copy_id, &error);
  g_assert_cmpuint (copy_channels->len, ==, 2);
  g_assert_cmpstr (wm_record_get_label (g_ptr_array_index (copy_channels, 0)), ==, "Email");
  copy_journeys = wm_persona_list_journeys (fixture->store, copy_id, &error);
  g_assert_cmpuint (copy_journeys->len, ==, 0);

  /* Placed right after the original. */
  personas = wm_store_list (fixture->store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0, &error);
  g_assert_cmpuint (personas->len, ==, 3);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (personas, 0)), ==, id);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (personas, 1)), ==, copy_id);
  g_assert_cmpint (wm_record_get_id (g_ptr_array_index (personas, 2)), ==, other);

  /* One undo takes all of it away. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, 2);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA_ITEM), ==, 6);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA_CHANNEL), ==, 2);
}

static void
test_reorder_items (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  gint64 id, third;

  id = wm_persona_create (fixture->store, "Anna", &error);
  add_item (fixture->store, id, "goal", "one");
  add_item (fixture->store, id, "goal", "two");
  third = add_item (fixture->store, id, "goal", "three");
  before = item_texts (fixture->store, id);
  g_assert_cmpstr (before, ==, "one,two,three");

  g_assert_true (wm_store_move (fixture->store, WM_ENTITY_PERSONA_ITEM, third, 0, &error));
  g_assert_no_error (error);
  after = item_texts (fixture->store, id);
  g_assert_cmpstr (after, ==, "three,one,two");

  g_assert_true (wm_store_undo (fixture->store, &error));
  undone = item_texts (fixture->store, id);
  g_assert_cmpstr (undone, ==, "one,two,three");
}

static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  id = build_persona (fixture->store, NULL);
  before = wm_test_dump_project (fixture->path);

  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_PERSONA, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, 0);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA_ITEM), ==, 0);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA_CHANNEL), ==, 0);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_JOURNEY_PERSONA), ==, 0);

  /* Undo brings back every row as it was, uuids and links included. */
  g_assert_true (wm_store_undo (fixture->store, &error));
  g_assert_no_error (error);
  after = wm_test_dump_project (fixture->path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_links_when_journey_deleted (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journeys = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gint64 id, journey;

  id = build_persona (fixture->store, &journey);
  journeys = wm_persona_list_journeys (fixture->store, id, &error);
  g_assert_cmpuint (journeys->len, ==, 1);
  g_clear_pointer (&journeys, g_ptr_array_unref);

  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_JOURNEY, journey, &error));
  /* The persona stays, without the link. */
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_PERSONA), ==, 1);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_JOURNEY_PERSONA), ==, 0);
  journeys = wm_persona_list_journeys (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journeys->len, ==, 0);
  findings = wm_store_check (fixture->store, &error);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&journeys, g_ptr_array_unref);

  g_assert_true (wm_store_undo (fixture->store, &error));
  journeys = wm_persona_list_journeys (fixture->store, id, &error);
  g_assert_cmpuint (journeys->len, ==, 1);
}

static void
test_links_when_persona_deleted (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) personas = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  gint64 journey, id;

  /* A full journey: its touchpoints carry per-persona emotions. */
  journey = wm_test_build_journey (fixture->store, "Support", 3, 2);
  personas = wm_persona_list_for_journey (fixture->store, journey, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (personas->len, ==, 1);
  id = wm_record_get_id (g_ptr_array_index (personas, 0));
  g_clear_pointer (&personas, g_ptr_array_unref);

  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_PERSONA, id, &error));
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_JOURNEY), ==, 1);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_JOURNEY_PERSONA), ==, 0);
  g_assert_cmpint (wm_test_count (fixture->store, WM_ENTITY_TOUCHPOINT_EMOTION), ==, 0);
  personas = wm_persona_list_for_journey (fixture->store, journey, &error);
  g_assert_cmpuint (personas->len, ==, 0);
  findings = wm_store_check (fixture->store, &error);
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WmRecord) by_name = NULL;
  g_autoptr(WmRecord) by_id = NULL;
  g_autoptr(WmRecord) by_uuid = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  id = build_persona (fixture->store, NULL);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  by_name = wm_persona_find (fixture->store, "Maria Schmidt", &error);
  g_assert_no_error (error);
  by_id = wm_persona_find (fixture->store, id_text, &error);
  by_uuid = wm_persona_find (fixture->store, wm_record_get_uuid (by_name), &error);
  g_assert_cmpint (wm_record_get_id (by_name), ==, id);
  g_assert_cmpint (wm_record_get_id (by_id), ==, id);
  g_assert_cmpint (wm_record_get_id (by_uuid), ==, id);

  g_assert_null (wm_persona_find (fixture->store, "Nobody", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  wm_persona_create (fixture->store, "Maria Schmidt", &error);
  g_assert_null (wm_persona_find (fixture->store, "Maria Schmidt", &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
}

/* Tests: the sheet */

static void
test_sheet_pdf (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "sheet.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  gint64 id;

  if (!have_program ("pdftotext") || !have_program ("pdfinfo"))
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are needed");
      return;
    }

  id = build_persona (fixture->store, NULL);
  g_assert_true (wm_persona_sheet_export (fixture->store, id, WM_SHEET_FORMAT_PDF, WM_PAPER_A4,
                                          file, &error));
  g_assert_no_error (error);

  text = run ((const char *[]) { "pdftotext", pdf, "-", NULL });
  g_assert_nonnull (strstr (text, "Maria Schmidt"));
  g_assert_nonnull (strstr (text, "Head of purchasing, Hamburg"));
  g_assert_nonnull (strstr (text, "Tell me once, and tell me the truth."));
  g_assert_nonnull (strstr (text, "Enterprise · 45–54 · Hamburg"));
  g_assert_nonnull (strstr (text, "Based on research"));
  g_assert_nonnull (strstr (text, "Order before the quarter closes"));
  g_assert_nonnull (strstr (text, "Invoices that do not match the order"));
  g_assert_nonnull (strstr (text, "Email"));
  g_assert_nonnull (strstr (text, "Reorder supplies"));
  g_assert_nonnull (strstr (text, "Untitled project"));   /* the footer */

  info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Page size: +595.* x 841.* pts \\(A4\\)$", info,
                                       G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Title: +Maria Schmidt$", info, G_REGEX_MULTILINE, 0));
}

static void
test_sheet_long_content_one_page (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "long.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) bio = g_string_new (NULL);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  if (!have_program ("pdfinfo") || !have_program ("pdftotext"))
    {
      g_test_skip ("pdfinfo and pdftotext (poppler-utils) are needed");
      return;
    }

  id = build_persona (fixture->store, NULL);
  for (guint i = 0; i < 40; i++)
    g_string_append (bio, "A very long biography that goes on and on. ");
  set_text (fixture->store, id, WM_PERSONA_DESCRIPTION, bio->str);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *goal = g_strdup_printf ("Goal number %u, worded at some length", i);

      add_item (fixture->store, id, "goal", goal);
    }

  g_assert_true (wm_persona_sheet_export (fixture->store, id, WM_SHEET_FORMAT_PDF,
                                          WM_PAPER_LETTER, file, &error));
  g_assert_no_error (error);
  info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Page size: +612 x 792 pts \\(letter\\)$", info,
                                       G_REGEX_MULTILINE, 0));

  /* What does not fit is left out, and the sheet says so; nothing is cut in half. */
  text = run ((const char *[]) { "pdftotext", pdf, "-", NULL });
  g_assert_true (g_regex_match_simple ("^… and [0-9]+ more$", text, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (text, "Goal number 0, worded at some length"));
  g_assert_null (strstr (text, "Goal number 59, worded at some length"));
  g_assert_nonnull (strstr (text, "Persona sheet · Waymark"));
}

static void
test_sheet_png_with_avatar (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GdkPixbuf) red = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 300);
  g_autoptr(GdkPixbuf) sheet = NULL;
  g_autoptr(GBytes) source = NULL;
  g_autoptr(GBytes) avatar = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  char *buffer;
  gsize size;
  const guint8 *pixel;
  gint64 id;

  /* A plain red picture, stored the way the editor stores it. */
  gdk_pixbuf_fill (red, 0xe01b24ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (red, &buffer, &size, "png", &error, NULL));
  source = g_bytes_new_take (buffer, size);
  avatar = wm_avatar_import_bytes (source, &error);
  g_assert_no_error (error);

  id = build_persona (fixture->store, NULL);
  {
    g_autoptr(WmRecord) persona = wm_store_get (fixture->store, WM_ENTITY_PERSONA, id, &error);

    wm_record_set_bytes (persona, WM_PERSONA_AVATAR, avatar);
    g_assert_true (wm_store_update (fixture->store, persona, &error));
    g_assert_no_error (error);
  }

  png = wm_persona_sheet_render (fixture->store, id, WM_SHEET_FORMAT_PNG, WM_PAPER_A4, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", &error);

    g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
    g_assert_true (gdk_pixbuf_loader_close (loader, &error));
    sheet = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  }

  /* A4 at 150 dpi. */
  g_assert_cmpint (gdk_pixbuf_get_width (sheet), ==, 1241);
  g_assert_cmpint (gdk_pixbuf_get_height (sheet), ==, 1754);

  /* The avatar's centre (42 + 56 pt, 128 - 8 pt) is red. */
  pixel = gdk_pixbuf_read_pixels (sheet)
          + (gsize) (120 * 150 / 72) * gdk_pixbuf_get_rowstride (sheet)
          + (98 * 150 / 72) * gdk_pixbuf_get_n_channels (sheet);
  g_assert_cmpint (pixel[0], >, 200);
  g_assert_cmpint (pixel[1], <, 60);
  g_assert_cmpint (pixel[2], <, 60);
}

static void
test_sheet_missing_persona (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "none.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;

  g_assert_false (wm_persona_sheet_export (fixture->store, 999, WM_SHEET_FORMAT_PDF,
                                           WM_PAPER_A4, file, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_sheet_export_async (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "async.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = build_persona (fixture->store, NULL);
  wm_persona_sheet_export_async (fixture->store, id, WM_SHEET_FORMAT_PNG, WM_PAPER_LETTER, file,
                                 NULL, export_done_cb, &result);
  /* The persona was read before the call returned: deleting it now changes nothing. */
  g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_PERSONA, id, &error));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wm_persona_sheet_export_finish (result, &error));
  g_assert_no_error (error);
  bytes = wm_test_read_file (png);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);

  /* A persona that is gone fails at once, writing nothing. */
  g_assert_true (g_file_delete (file, NULL, NULL));
  wm_persona_sheet_export_async (fixture->store, id, WM_SHEET_FORMAT_PDF, WM_PAPER_A4, file,
                                 NULL, export_done_cb, &missing);
  while (missing == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wm_persona_sheet_export_finish (missing, &error));
  g_assert_error (error, WM_STORE_ERROR, WM_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_query_exists (file, NULL));
}

static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;
  gint64 id;

  id = build_persona (fixture->store, NULL);
  wm_persona_create (fixture->store, "*Bold* [link](http://x) <b>", &error);
  set_text (fixture->store, id, WM_PERSONA_QUOTE, "Line one\nLine two");

  markdown = wm_persona_markdown (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (markdown,
                                   "# Personas of Untitled project\n\n## Maria Schmidt\n\n"
                                   "**Head of purchasing, Hamburg** · Enterprise · 45–54 · "
                                   "Hamburg · *Based on research*\n\n"
                                   "> Line one\n> Line two\n\n"
                                   "Buys for forty branches and reads every contract.\n\n"
                                   "### Goals\n\n"
                                   "- Order before the quarter closes\n"
                                   "- Keep one supplier per category\n\n"
                                   "### Pain points\n\n"));
  g_assert_nonnull (strstr (markdown, "**Preferred channels:** Email, Phone\n\n"));
  g_assert_nonnull (strstr (markdown, "**Journeys:** Reorder supplies\n\n"));
  /* Names are text, not markup. */
  g_assert_nonnull (strstr (markdown, "## \\*Bold\\* \\[link\\](http://x) \\<b\\>\n"));
  g_assert_true (g_str_has_suffix (markdown, "<b\\>\n\n*Assumed*\n"));
}

/* An item added and left blank (the editor's "+" stores one at once) is
 * not an empty bullet on the sheet or in Markdown, and a list of blanks
 * is no section. */
static void
test_blank_items (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *markdown = NULL;
  gint64 id;

  id = build_persona (fixture->store, NULL);
  add_item (fixture->store, id, "goal", "");
  add_item (fixture->store, id, "goal", "  \n ");
  add_item (fixture->store, id, "need", " ");

  markdown = wm_persona_markdown (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (markdown, "### Goals\n\n"
                                      "- Order before the quarter closes\n"
                                      "- Keep one supplier per category\n\n"));
  g_assert_null (strstr (markdown, "- \n"));

  /* Blank needs only: no "Needs" heading at all. */
  {
    g_autoptr(GPtrArray) items = wm_store_list (fixture->store, WM_ENTITY_PERSONA_ITEM,
                                                WM_PERSONA_ITEM_PERSONA_ID, id, NULL);

    for (guint i = 0; i < items->len; i++)
      {
        WmRecord *item = g_ptr_array_index (items, i);

        if (g_str_equal (wm_record_get_string (item, WM_PERSONA_ITEM_TEXT),
                         "A single contact person"))
          g_assert_true (wm_store_delete (fixture->store, WM_ENTITY_PERSONA_ITEM,
                                          wm_record_get_id (item), &error));
      }
  }
  g_clear_pointer (&markdown, g_free);
  markdown = wm_persona_markdown (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (markdown, "### Needs"));
}

static void
test_paper (void)
{
  WmPaper paper = WM_PAPER_A4;
  double width, height;

  g_assert_true (wm_paper_from_string ("Letter", &paper));
  g_assert_cmpint (paper, ==, WM_PAPER_LETTER);
  g_assert_true (wm_paper_from_string ("a4", &paper));
  g_assert_cmpint (paper, ==, WM_PAPER_A4);
  g_assert_false (wm_paper_from_string ("a5", &paper));

  wm_paper_get_size (WM_PAPER_A4, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);

  g_assert_cmpint (wm_paper_for_locale ("en_US.UTF-8"), ==, WM_PAPER_LETTER);
  g_assert_cmpint (wm_paper_for_locale ("de_DE.UTF-8"), ==, WM_PAPER_A4);
  g_assert_cmpint (wm_paper_for_locale ("C.UTF-8"), ==, WM_PAPER_A4);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/waymark/persona/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("create", test_create);
  ADD ("duplicate", test_duplicate);
  ADD ("reorder-items", test_reorder_items);
  ADD ("delete-undo", test_delete_undo);
  ADD ("links/journey-deleted", test_links_when_journey_deleted);
  ADD ("links/persona-deleted", test_links_when_persona_deleted);
  ADD ("find", test_find);
  ADD ("sheet/pdf", test_sheet_pdf);
  ADD ("sheet/long-content", test_sheet_long_content_one_page);
  ADD ("sheet/png-avatar", test_sheet_png_with_avatar);
  ADD ("sheet/missing-persona", test_sheet_missing_persona);
  ADD ("sheet/export-async", test_sheet_export_async);
  ADD ("markdown", test_markdown);
  ADD ("blank-items", test_blank_items);
  g_test_add_func ("/waymark/persona/paper", test_paper);

#undef ADD

  status = g_test_run ();
  /* Pango keeps its caches for the life of the process; drop them so that
   * valgrind reports only what the sheet itself leaks. (fontconfig's are
   * suppressed: see tests/valgrind.supp.) */
  pango_cairo_font_map_set_default (NULL);

  return status;
}
