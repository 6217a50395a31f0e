/* wm-cli-merge.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "wm-cli-private.h"
#include "wm-journey-share.h"
#include "wm-merge.h"

/* merge [BASE] OURS THEIRS -o OUT: also git's merge driver
 * ("waymark-cli merge %O %A %B -o %A"), so it writes nothing and exits 1
 * while conflicts are open. With two files, the base is reconstructed
 * from the copies (wm-merge.c); where that cannot be done, exit 3 saying
 * the base is needed. With --journey, one journey of THEIRS (an export of
 * it, edited elsewhere) comes back into OURS, and nothing else of either
 * side counts as deleted (wm_merge_new_journey()). */

static void
print_conflicts (GPtrArray *conflicts,
                 gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < conflicts->len; i++)
        {
          WmConflict *conflict = g_ptr_array_index (conflicts, i);
          static const char *const kinds[] = { "value", "edit-delete", "dangling" };

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, kinds[conflict->kind]);
          json_builder_set_member_name (builder, "table");
          json_builder_add_string_value (builder, wm_entity_get_info (conflict->entity)->table);
          json_builder_set_member_name (builder, "uuid");
          json_builder_add_string_value (builder, conflict->uuid);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, conflict->label);
          json_builder_set_member_name (builder, "column");
          json_builder_add_string_value (builder, conflict->column);
          json_builder_set_member_name (builder, "ours");
          json_builder_add_string_value (builder, conflict->ours);
          json_builder_set_member_name (builder, "theirs");
          json_builder_add_string_value (builder, conflict->theirs);
          json_builder_set_member_name (builder, "ours_deleted");
          json_builder_add_boolean_value (builder, conflict->ours_deleted);
          json_builder_set_member_name (builder, "theirs_deleted");
          json_builder_add_boolean_value (builder, conflict->theirs_deleted);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, conflict->key);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
      return;
    }

  for (guint i = 0; i < conflicts->len; i++)
    {
      WmConflict *conflict = g_ptr_array_index (conflicts, i);
      const char *deleted = _("(deleted)");
      const char *noun = wm_entity_get_noun (conflict->entity);

      if (conflict->column != NULL)
        /* TRANSLATORS: touchpoint “Support hotline”, title: changed differently on both sides */
        g_printerr (_("%s “%s”, %s: %s\n"), noun, conflict->label, conflict->column,
                    wm_conflict_kind_describe (conflict->kind));
      else
        g_printerr (_("%s “%s”: %s\n"), noun, conflict->label,
                    wm_conflict_kind_describe (conflict->kind));
      g_printerr (_("  ours:   %s\n"), conflict->ours_deleted ? deleted
                                       : conflict->ours != NULL ? conflict->ours : "");
      g_printerr (_("  theirs: %s\n"), conflict->theirs_deleted ? deleted
                                        : conflict->theirs != NULL ? conflict->theirs : "");
    }
}

int
wm_cli_merge (const WmCliCommand *command,
              GStrv               args)
{
  g_auto(GStrv) owned_args = args;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WmMerge) merge = NULL;
  g_autoptr(WmStore) base = NULL;
  g_autoptr(WmStore) ours = NULL;
  g_autoptr(WmStore) theirs = NULL;
  g_autofree char *output = NULL;
  g_autofree char *journey = NULL;
  gboolean json = FALSE, prefer_ours = FALSE, prefer_theirs = FALSE, whole = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the merged project to OUT (may be OURS)"), N_("OUT") },
    { "ours", 0, 0, G_OPTION_ARG_NONE, &prefer_ours, N_("Resolve every conflict with our side"),
      NULL },
    { "theirs", 0, 0, G_OPTION_ARG_NONE, &prefer_theirs,
      N_("Resolve every conflict with their side"), NULL },
    { "journey", 'j', 0, G_OPTION_ARG_STRING, &journey,
      N_("Merge only this journey of THEIRS (name or uuid) and what it uses, as when an "
         "exported journey comes back"), N_("JOURNEY") },
    { "whole", 0, 0, G_OPTION_ARG_NONE, &whole,
      N_("Merge all of THEIRS even when it holds only one of the project’s journeys"), NULL },
    { NULL }
  };
  GPtrArray *conflicts;
  guint n_ours, n_theirs, n_merged;
  guint first;
  int status;

  context = wm_cli_context_new (command, &json, entries);
  if (!wm_cli_parse_variable (context, &owned_args, 2, 3))
    return WM_CLI_EXIT_USAGE;
  /* OURS and THEIRS are the last two; a third before them is the base. */
  first = g_strv_length (owned_args) - 2;
  if (output == NULL)
    return wm_cli_usage_error (context, _("Missing -o OUT."));
  if (prefer_ours && prefer_theirs)
    return wm_cli_usage_error (context, _("--ours and --theirs exclude each other."));
  if (journey != NULL && first == 2)
    return wm_cli_usage_error (context, _("--journey merges without a base."));

  if ((first == 2 && (base = wm_cli_open_read_only (owned_args[1], &status)) == NULL) ||
      (ours = wm_cli_open_read_only (owned_args[first], &status)) == NULL ||
      (theirs = wm_cli_open_read_only (owned_args[first + 1], &status)) == NULL)
    return status;
  if (journey != NULL)
    {
      gint64 id = wm_journey_share_find (theirs, journey, &error);
      g_autoptr(WmRecord) record = id != 0 ? wm_store_get (theirs, WM_ENTITY_JOURNEY, id,
                                                           &error) : NULL;

      if (record == NULL ||
          (merge = wm_merge_new_journey (ours, theirs, wm_record_get_uuid (record),
                                         &error)) == NULL)
        return wm_cli_file_error (error);
    }
  else
    {
      g_autofree char *excerpt = NULL;
      guint n_others = 0;

      /* An exported journey merged as a whole copy would remove the
       * project's other journeys: not without being told to. */
      if (!whole && wm_journey_share_is_excerpt (ours, theirs, &excerpt, &n_others))
        {
          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "waymark-cli: THEIRS holds only the journey %s, as an "
                                   "exported journey does, and not OURS’ other journey; "
                                   "merged whole, it would remove it. Nothing written.\n",
                                   "waymark-cli: THEIRS holds only the journey %s, as an "
                                   "exported journey does, and not OURS’ other %u journeys; "
                                   "merged whole, it would remove them. Nothing written.\n",
                                   n_others), excerpt, n_others);
          g_printerr (_("Merge only that journey with --journey %s, or all of THEIRS with "
                        "--whole.\n"), excerpt);
          return WM_CLI_EXIT_FINDINGS;
        }
      if ((merge = wm_merge_new (base, ours, theirs, &error)) == NULL)
        return wm_cli_file_error (error);
    }
  /* OUT may be OURS (git's driver): let go of it before it is replaced. */
  g_clear_object (&base);
  g_clear_object (&ours);
  g_clear_object (&theirs);

  wm_merge_set_default (merge, prefer_ours ? WM_MERGE_OURS
                               : prefer_theirs ? WM_MERGE_THEIRS : WM_MERGE_UNDECIDED);
  if ((conflicts = wm_merge_run (merge, &error)) == NULL)
    return wm_cli_file_error (error);
  if (conflicts->len > 0)
    {
      print_conflicts (conflicts, json);
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "waymark-cli: %u conflict; nothing written. Choose with "
                               "--ours or --theirs.\n",
                               "waymark-cli: %u conflicts; nothing written. Choose with "
                               "--ours or --theirs.\n", conflicts->len), conflicts->len);
      return WM_CLI_EXIT_FINDINGS;
    }

  if (!wm_merge_write (merge, output, &error))
    return wm_cli_file_error (error);

  wm_merge_get_stats (merge, &n_ours, &n_theirs, &n_merged);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "output");
      json_builder_add_string_value (builder, output);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      wm_cli_print_json (root);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (output);

      g_print (_("Merged into “%s”.\n"), display);
    }

  return WM_CLI_EXIT_OK;
}
