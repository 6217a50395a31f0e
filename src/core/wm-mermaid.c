/* wm-mermaid.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-mermaid"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "wm-mermaid.h"

/* Reads a journey diagram line by line, following the rules of Mermaid's
 * journey grammar (journey.jison and journeyDb.js):
 * - the lexer is case-insensitive; blank space between tokens is skipped;
 * - `%%` starts a comment (and `%%{ … }%%` is a directive), so does `#`
 *   anywhere on a line; `;` is a token the grammar does not accept;
 * - `title TEXT`, `accTitle: TEXT`, `accDescr: TEXT`, `accDescr { … }`
 *   (over several lines), `section NAME` (no ':' in it), and tasks
 *   `NAME: DATA` where DATA is `SCORE` or `SCORE: ACTOR, ACTOR` — the score
 *   is JavaScript's Number() of the text, so blank means 0 (none);
 * - YAML front matter between `---` lines before it may set `title:`.
 * A Markdown file is read from its first ```mermaid fence. */

G_DEFINE_QUARK (wm-mermaid-error-quark, wm_mermaid_error)

typedef struct
{
  WmMermaidJourney *journey;
  WmMermaidSection *section;
  guint             line;
} Parser;

/* Helpers */

static void
task_free (gpointer data)
{
  WmMermaidTask *task = data;

  g_free (task->name);
  g_strfreev (task->actors);
  g_free (task);
}

static void
section_free (gpointer data)
{
  WmMermaidSection *section = data;

  g_free (section->name);
  g_ptr_array_unref (section->tasks);
  g_free (section);
}

static WmMermaidSection *
section_new (const char *name)
{
  WmMermaidSection *section = g_new0 (WmMermaidSection, 1);

  section->name = g_strdup (name);
  section->tasks = g_ptr_array_new_with_free_func (task_free);

  return section;
}

static gboolean
has_prefix_nocase (const char *text,
                   const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

static gboolean
fail (GError      **error,
      int           code,
      guint         line,
      const char   *reason)
{
  /* TRANSLATORS: a Mermaid diagram error: line number, then the reason */
  g_set_error (error, WM_MERMAID_ERROR, code, _("Line %u: %s"), line, reason);

  return FALSE;
}

/* Cuts a `%%` or `#` comment off @line (in place). */
static void
strip_comment (char *line)
{
  char *hash = strchr (line, '#');
  char *percent = strstr (line, "%%");

  if (hash != NULL)
    *hash = '\0';
  if (percent != NULL)
    *percent = '\0';
}

static char *
unquote (const char *value)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  gsize len = strlen (text);

  if (len >= 2 && ((text[0] == '"' && text[len - 1] == '"')
                   || (text[0] == '\'' && text[len - 1] == '\'')))
    return g_strndup (text + 1, len - 2);

  return g_steal_pointer (&text);
}

static gboolean
parse_score (const char *text,
             int        *score)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  /* Number(""), Number("  ") are 0 in JavaScript: no score given. */
  if (trimmed[0] == '\0')
    {
      *score = 0;
      return TRUE;
    }
  value = g_ascii_strtod (trimmed, &end);
  if (end == trimmed || *end != '\0' || !isfinite (value))
    return FALSE;

  *score = value == 0 ? 0 : (int) CLAMP (lround (value), 1, 5);

  return TRUE;
}

static gboolean
parse_task (Parser      *parser,
            const char  *line,
            GError     **error)
{
  const char *colon = strchr (line, ':');
  g_auto(GStrv) pieces = NULL;
  WmMermaidTask *task;
  int score;

  if (colon == NULL)
    return fail (error, WM_MERMAID_ERROR_SYNTAX, parser->line,
                 _("a task needs a score after a colon, as in “Make tea: 5: Me”."));

  /* The grammar wants at least one character after the colon. */
  if (colon[1] == '\0')
    return fail (error, WM_MERMAID_ERROR_SYNTAX, parser->line,
                 _("nothing follows the colon: give a score from 1 to 5."));

  pieces = g_strsplit (colon + 1, ":", -1);
  if (!parse_score (pieces[0], &score))
    {
      g_autofree char *reason = NULL;
      g_autofree char *bad = g_strstrip (g_strdup (pieces[0]));

      /* TRANSLATORS: %s is what stood where a score 1–5 was expected */
      reason = g_strdup_printf (_("“%s” is not a score from 1 to 5."), bad);
      return fail (error, WM_MERMAID_ERROR_SYNTAX, parser->line, reason);
    }

  task = g_new0 (WmMermaidTask, 1);
  task->name = g_strstrip (g_strndup (line, colon - line));
  task->score = score;
  if (pieces[1] != NULL)
    {
      g_auto(GStrv) actors = g_strsplit (pieces[1], ",", -1);
      GPtrArray *list = g_ptr_array_new ();

      for (guint i = 0; actors[i] != NULL; i++)
        {
          g_strstrip (actors[i]);
          if (actors[i][0] != '\0')
            g_ptr_array_add (list, g_strdup (actors[i]));
        }
      g_ptr_array_add (list, NULL);
      task->actors = (GStrv) g_ptr_array_free (list, FALSE);
    }
  else
    {
      task->actors = g_new0 (char *, 1);
    }

  if (parser->section == NULL)
    {
      parser->section = section_new ("");
      g_ptr_array_add (parser->journey->sections, parser->section);
    }
  g_ptr_array_add (parser->section->tasks, task);

  return TRUE;
}

/* One statement; @line has no comment and no surrounding space. */
static gboolean
parse_statement (Parser      *parser,
                 const char  *line,
                 GError     **error)
{
  WmMermaidJourney *journey = parser->journey;

  if (strchr (line, ';') != NULL)
    return fail (error, WM_MERMAID_ERROR_SYNTAX, parser->line,
                 _("a semicolon is not allowed in a journey diagram."));

  if (has_prefix_nocase (line, "title") && g_ascii_isspace (line[5]))
    {
      g_free (journey->title);
      journey->title = g_strstrip (g_strdup (line + 6));
      return TRUE;
    }

  if (has_prefix_nocase (line, "accTitle"))
    {
      const char *rest = line + strlen ("accTitle");

      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest == ':')
        {
          g_free (journey->acc_title);
          journey->acc_title = g_strstrip (g_strdup (rest + 1));
          return TRUE;
        }
    }

  if (has_prefix_nocase (line, "accDescr"))
    {
      const char *rest = line + strlen ("accDescr");

      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest == ':')
        {
          g_free (journey->acc_descr);
          journey->acc_descr = g_strstrip (g_strdup (rest + 1));
          return TRUE;
        }
    }

  if (has_prefix_nocase (line, "section") && g_ascii_isspace (line[7]))
    {
      g_autofree char *name = g_strstrip (g_strdup (line + 8));

      if (strchr (name, ':') != NULL)
        return fail (error, WM_MERMAID_ERROR_SYNTAX, parser->line,
                     _("a section name cannot hold a colon."));
      parser->section = section_new (name);
      g_ptr_array_add (journey->sections, parser->section);
      return TRUE;
    }

  return parse_task (parser, line, error);
}

/* The lines of the diagram: the first ```mermaid block of a Markdown file,
 * else the whole text. Sets @first_line to the number of the first. */
static GStrv
diagram_lines (const char *text,
               guint      *first_line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  *first_line = 1;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (lines[i]));

      if (g_str_has_prefix (trimmed, "```") && g_ascii_strcasecmp (g_strstrip (trimmed + 3),
                                                                   "mermaid") == 0)
        {
          GPtrArray *block = g_ptr_array_new ();

          for (guint j = i + 1; j < n && !g_str_has_prefix (g_strstrip (lines[j]), "```"); j++)
            g_ptr_array_add (block, g_strdup (lines[j]));
          g_ptr_array_add (block, NULL);
          *first_line = i + 2;
          return (GStrv) g_ptr_array_free (block, FALSE);
        }
    }

  return g_steal_pointer (&lines);
}

/* Public API */

WmMermaidJourney *
wm_mermaid_parse (const char  *text,
                  GError     **error)
{
  g_autoptr(WmMermaidJourney) journey = g_new0 (WmMermaidJourney, 1);
  g_auto(GStrv) lines = NULL;
  Parser parser = { journey, NULL, 0 };
  guint first_line;
  gboolean seen_header = FALSE;
  gboolean in_front_matter = FALSE;
  GString *descr = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  journey->sections = g_ptr_array_new_with_free_func (section_free);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, WM_MERMAID_ERROR, WM_MERMAID_ERROR_NOT_JOURNEY,
                           _("The text is not valid UTF-8."));
      return NULL;
    }

  lines = diagram_lines (text, &first_line);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup (lines[i]);

      parser.line = first_line + i;
      g_strchomp (line);

      /* YAML front matter: only its title matters to a journey. */
      if (!seen_header && strcmp (line, "---") == 0)
        {
          in_front_matter = !in_front_matter;
          continue;
        }
      if (in_front_matter)
        {
          if (g_str_has_prefix (line, "title:"))
            {
              g_free (journey->title);
              journey->title = unquote (line + strlen ("title:"));
            }
          continue;
        }

      /* accDescr { … } runs until the closing brace, comments and all. */
      if (descr != NULL)
        {
          char *brace = strchr (line, '}');

          if (brace != NULL)
            *brace = '\0';
          if (descr->len > 0)
            g_string_append_c (descr, '\n');
          g_string_append (descr, g_strstrip (line));
          if (brace != NULL)
            {
              g_free (journey->acc_descr);
              journey->acc_descr = g_strstrip (g_string_free (descr, FALSE));
              descr = NULL;
            }
          continue;
        }

      strip_comment (line);
      g_strstrip (line);
      if (line[0] == '\0')
        continue;

      if (!seen_header)
        {
          if (g_ascii_strncasecmp (line, "journey", 7) != 0
              || (line[7] != '\0' && !g_ascii_isspace (line[7])))
            {
              g_autofree char *reason = NULL;

              /* TRANSLATORS: %s is the first line of a diagram that is not a journey */
              reason = g_strdup_printf (_("“%s” is not a journey diagram: it must start with "
                                          "“journey”."), line);
              fail (error, WM_MERMAID_ERROR_NOT_JOURNEY, parser.line, reason);
              return NULL;
            }
          seen_header = TRUE;
          g_strstrip (memmove (line, line + 7, strlen (line + 7) + 1));
          if (line[0] == '\0')
            continue;
        }

      if (has_prefix_nocase (line, "accDescr"))
        {
          const char *rest = line + strlen ("accDescr");

          while (g_ascii_isspace (*rest))
            rest++;
          if (*rest == '{')
            {
              const char *close = strchr (rest + 1, '}');

              if (close != NULL)
                {
                  g_free (journey->acc_descr);
                  journey->acc_descr = g_strstrip (g_strndup (rest + 1, close - rest - 1));
                }
              else
                {
                  g_autofree char *first = g_strstrip (g_strdup (rest + 1));

                  descr = g_string_new (first);
                }
              continue;
            }
        }

      if (!parse_statement (&parser, line, error))
        {
          if (descr != NULL)
            g_string_free (descr, TRUE);
          return NULL;
        }
    }

  if (descr != NULL)
    {
      g_string_free (descr, TRUE);
      fail (error, WM_MERMAID_ERROR_SYNTAX, parser.line,
            _("the accessible description “accDescr {” is never closed with “}”."));
      return NULL;
    }

  if (!seen_header)
    {
      g_set_error_literal (error, WM_MERMAID_ERROR, WM_MERMAID_ERROR_NOT_JOURNEY,
                           _("This is not a Mermaid journey diagram: no line starts with "
                             "“journey”."));
      return NULL;
    }

  return g_steal_pointer (&journey);
}

void
wm_mermaid_journey_free (WmMermaidJourney *journey)
{
  if (journey == NULL)
    return;

  g_free (journey->title);
  g_free (journey->acc_title);
  g_free (journey->acc_descr);
  g_clear_pointer (&journey->sections, g_ptr_array_unref);
  g_free (journey);
}

int
wm_mermaid_score_to_emotion (int score)
{
  /* Round half away from zero: 2 → −1.5 → −2, 4 → +1.5 → +2; 0 (no score) is neutral. */
  if (score == 0)
    return 0;

  return (int) lround ((CLAMP (score, 1, 5) - 3) * 1.5);
}

int
wm_mermaid_emotion_to_score (int emotion)
{
  return (int) lround (CLAMP (emotion, -3, 3) / 1.5 + 3);
}

/* Importing: every store access of the import is below. */

static gint64
insert_or_fail (WmStore   *store,
                WmRecord  *draft,
                GError   **error)
{
  return wm_store_insert (store, draft, error);
}

static char *
section_to_stage_name (const char *section)
{
  g_autoptr(GRegex) br = g_regex_new ("<br\\s*/?>", G_REGEX_CASELESS, 0, NULL);

  return g_regex_replace_literal (br, section, -1, 0, "\n", 0, NULL);
}

static gint64
find_or_add_persona (WmStore     *store,
                     GHashTable  *personas,
                     const char  *name,
                     GError     **error)
{
  gint64 id = GPOINTER_TO_SIZE (g_hash_table_lookup (personas, name));
  g_autoptr(WmRecord) draft = NULL;

  if (id != 0)
    return id;

  draft = wm_record_new (WM_ENTITY_PERSONA);
  wm_record_set_string (draft, WM_PERSONA_NAME, name);
  id = insert_or_fail (store, draft, error);
  if (id != 0)
    g_hash_table_insert (personas, g_strdup (name), GSIZE_TO_POINTER (id));

  return id;
}

static gint64
import_rows (WmStore                *store,
             const WmMermaidJourney *journey,
             GError                **error)
{
  g_autoptr(WmRecord) draft = wm_record_new (WM_ENTITY_JOURNEY);
  g_autoptr(GPtrArray) existing = wm_store_list (store, WM_ENTITY_PERSONA, WM_COLUMN_NONE, 0,
                                                 error);
  g_autoptr(GHashTable) personas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) linked = g_hash_table_new (NULL, NULL);
  const char *name = journey->title != NULL && journey->title[0] != '\0' ? journey->title
                     : journey->acc_title != NULL && journey->acc_title[0] != '\0'
                     ? journey->acc_title : _("Imported journey");
  gint64 journey_id, touchpoint_lane, emotion_lane;

  if (existing == NULL)
    return 0;
  for (guint i = 0; i < existing->len; i++)
    {
      WmRecord *row = g_ptr_array_index (existing, i);

      if (!g_hash_table_contains (personas, wm_record_get_string (row, WM_PERSONA_NAME)))
        g_hash_table_insert (personas, g_strdup (wm_record_get_string (row, WM_PERSONA_NAME)),
                             GSIZE_TO_POINTER (wm_record_get_id (row)));
    }

  wm_record_set_string (draft, WM_JOURNEY_NAME, name);
  wm_record_set_string (draft, WM_JOURNEY_DESCRIPTION,
                        journey->acc_descr != NULL ? journey->acc_descr : "");
  if ((journey_id = insert_or_fail (store, draft, error)) == 0)
    return 0;

  g_clear_object (&draft);
  draft = wm_record_new (WM_ENTITY_LANE);
  wm_record_set_ref (draft, WM_LANE_JOURNEY_ID, journey_id);
  wm_record_set_string (draft, WM_LANE_NAME, wm_column_choice_label (WM_LANE_KIND, "touchpoints"));
  wm_record_set_string (draft, WM_LANE_KIND, "touchpoints");
  if ((touchpoint_lane = insert_or_fail (store, draft, error)) == 0)
    return 0;
  g_clear_object (&draft);
  draft = wm_record_new (WM_ENTITY_LANE);
  wm_record_set_ref (draft, WM_LANE_JOURNEY_ID, journey_id);
  wm_record_set_string (draft, WM_LANE_NAME, wm_column_choice_label (WM_LANE_KIND, "emotion"));
  wm_record_set_string (draft, WM_LANE_KIND, "emotion");
  if ((emotion_lane = insert_or_fail (store, draft, error)) == 0)
    return 0;

  for (guint s = 0; s < journey->sections->len; s++)
    {
      WmMermaidSection *section = g_ptr_array_index (journey->sections, s);
      g_autofree char *stage_name = section_to_stage_name (section->name);
      gint64 stage_id;

      g_clear_object (&draft);
      draft = wm_record_new (WM_ENTITY_STAGE);
      wm_record_set_ref (draft, WM_STAGE_JOURNEY_ID, journey_id);
      wm_record_set_string (draft, WM_STAGE_NAME, stage_name);
      if ((stage_id = insert_or_fail (store, draft, error)) == 0)
        return 0;

      for (guint t = 0; t < section->tasks->len; t++)
        {
          WmMermaidTask *task = g_ptr_array_index (section->tasks, t);
          int emotion = wm_mermaid_score_to_emotion (task->score);
          g_autoptr(GHashTable) task_actors = g_hash_table_new (NULL, NULL);
          gint64 touchpoint_id;

          g_clear_object (&draft);
          draft = wm_record_new (WM_ENTITY_TOUCHPOINT);
          wm_record_set_ref (draft, WM_TOUCHPOINT_JOURNEY_ID, journey_id);
          wm_record_set_ref (draft, WM_TOUCHPOINT_STAGE_ID, stage_id);
          wm_record_set_ref (draft, WM_TOUCHPOINT_LANE_ID, touchpoint_lane);
          wm_record_set_string (draft, WM_TOUCHPOINT_TITLE, task->name);
          wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION, emotion);
          if ((touchpoint_id = insert_or_fail (store, draft, error)) == 0)
            return 0;

          for (guint a = 0; task->actors[a] != NULL; a++)
            {
              gint64 persona_id = find_or_add_persona (store, personas, task->actors[a], error);

              if (persona_id == 0)
                return 0;
              if (!g_hash_table_contains (linked, GSIZE_TO_POINTER (persona_id)))
                {
                  g_clear_object (&draft);
                  draft = wm_record_new (WM_ENTITY_JOURNEY_PERSONA);
                  wm_record_set_ref (draft, WM_JOURNEY_PERSONA_JOURNEY_ID, journey_id);
                  wm_record_set_ref (draft, WM_JOURNEY_PERSONA_PERSONA_ID, persona_id);
                  if (insert_or_fail (store, draft, error) == 0)
                    return 0;
                  g_hash_table_add (linked, GSIZE_TO_POINTER (persona_id));
                }

              /* Who took part in a task is who has an emotion there; an actor
               * named twice on one task counts once, as Mermaid shows them. */
              if (g_hash_table_contains (task_actors, GSIZE_TO_POINTER (persona_id)))
                continue;
              g_hash_table_add (task_actors, GSIZE_TO_POINTER (persona_id));
              g_clear_object (&draft);
              draft = wm_record_new (WM_ENTITY_TOUCHPOINT_EMOTION);
              wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_TOUCHPOINT_ID, touchpoint_id);
              wm_record_set_ref (draft, WM_TOUCHPOINT_EMOTION_PERSONA_ID, persona_id);
              wm_record_set_int (draft, WM_TOUCHPOINT_EMOTION_EMOTION, emotion);
              if (insert_or_fail (store, draft, error) == 0)
                return 0;
            }
        }
    }
  (void) emotion_lane;

  return journey_id;
}

gint64
wm_mermaid_import (WmStore                *store,
                   const WmMermaidJourney *journey,
                   GError                **error)
{
  g_autofree char *label = NULL;
  gint64 id;

  g_return_val_if_fail (WM_IS_STORE (store), 0);
  g_return_val_if_fail (journey != NULL, 0);

  if (!wm_store_begin_edit (store, C_("edit", "Import journey"), error))
    return 0;
  id = import_rows (store, journey, error);
  if (id == 0)
    {
      wm_store_rollback_edit (store);
      return 0;
    }
  if (!wm_store_commit_edit (store, error))
    return 0;

  return id;
}

/* Writing */

/* Mermaid has no escapes in journeys: characters that would end a name are
 * swapped for ones that look alike. */
static char *
clean (const char *text,
       gboolean    allow_colon)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else if (c == '#')
        g_string_append (out, "＃");
      else if (c == ';')
        g_string_append (out, ",");
      else if (c == ':' && !allow_colon)
        g_string_append (out, "꞉");
      else if (c == '%' && p[1] == '%')
        g_string_append (out, "％");
      else
        g_string_append_unichar (out, c);
    }

  return g_strstrip (g_string_free (out, FALSE));
}

char *
wm_mermaid_write (WmMapModel *model)
{
  GString *out = g_string_new ("journey\n");
  g_autofree char *title = clean (model->name, TRUE);

  g_return_val_if_fail (model != NULL, NULL);

  if (title[0] != '\0')
    g_string_append_printf (out, "  title %s\n", title);
  if (model->description != NULL && model->description[0] != '\0')
    {
      g_autofree char *descr = NULL;

      if (strchr (model->description, '}') == NULL)
        {
          descr = g_strstrip (g_strdup (model->description));
          if (strchr (descr, '\n') != NULL)
            {
              g_auto(GStrv) lines = g_strsplit (descr, "\n", -1);

              g_string_append (out, "  accDescr {\n");
              for (guint i = 0; lines[i] != NULL; i++)
                g_string_append_printf (out, "    %s\n", g_strstrip (lines[i]));
              g_string_append (out, "  }\n");
            }
          else
            g_string_append_printf (out, "  accDescr: %s\n", descr);
        }
    }

  for (guint s = 0; s < model->stages->len; s++)
    {
      WmMapStage *stage = g_ptr_array_index (model->stages, s);
      g_autoptr(GRegex) newline = g_regex_new ("\\s*\n\\s*", 0, 0, NULL);
      g_autofree char *with_br = g_regex_replace_literal (newline, stage->name, -1, 0, "<br>", 0,
                                                          NULL);
      g_autofree char *name = clean (with_br, FALSE);

      /* Tasks before any section came from a section with no name. */
      if (s > 0 || name[0] != '\0')
        g_string_append_printf (out, "  section %s\n", name[0] != '\0' ? name : "-");

      for (guint t = 0; t < model->touchpoints->len; t++)
        {
          WmMapTouchpoint *tp = g_ptr_array_index (model->touchpoints, t);
          g_autofree char *task = NULL;

          if (tp->stage_id != stage->id)
            continue;
          task = clean (tp->title, FALSE);
          g_string_append_printf (out, "    %s: %d", task[0] != '\0' ? task : "-",
                                  wm_mermaid_emotion_to_score (tp->emotion));
          for (guint a = 0; a < tp->persona_emotions->len; a++)
            {
              gint64 persona_id = g_array_index (tp->persona_emotions, WmMapPersonaEmotion,
                                                 a).persona_id;
              WmMapPersona *persona = wm_map_model_get_persona (model, persona_id);
              g_autofree char *actor = NULL;
              char *comma;

              if (persona == NULL)
                continue;
              actor = clean (persona->name, FALSE);
              while ((comma = strchr (actor, ',')) != NULL)
                *comma = ' ';
              g_string_append (out, a == 0 ? ": " : ", ");
              g_string_append (out, actor);
            }
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}
