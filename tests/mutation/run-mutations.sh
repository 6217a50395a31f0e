#!/usr/bin/env bash
# run-mutations.sh — opt-in mutation testing (not part of CI's default run).
#
# Applies each realistic mutation below, one at a time, to a copy of the
# tree, builds it and runs the core and cli suites. A mutation the suites
# notice (a build or test failure) is "killed"; one they do not is
# "survived" and names a test that is missing. Prints the kill rate.
#
#   bash tests/mutation/run-mutations.sh [FILTER]
#
# FILTER (a grep pattern) runs only the mutations whose description matches.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d /tmp/waymark-mutation-XXXXXX)
filter=${1:-}
trap 'rm -rf "$work"' EXIT

# file @ text to find (\n for a newline) @ its replacement @ what the mutation does
mutations=(
  'src/core/wm-store-file.c@SQLITE_DBCONFIG_DEFENSIVE, 1@SQLITE_DBCONFIG_DEFENSIVE, 0@DEFENSIVE dropped'
  'src/core/wm-store-file.c@SQLITE_DBCONFIG_ENABLE_TRIGGER, 0@SQLITE_DBCONFIG_ENABLE_TRIGGER, 1@triggers enabled'
  'src/core/wm-store-file.c@PRAGMA synchronous = EXTRA;@PRAGMA synchronous = OFF;@synchronous EXTRA -> OFF'
  'src/core/wm-store-file.c@PRAGMA synchronous = EXTRA;@PRAGMA synchronous = FULL;@synchronous EXTRA -> FULL'
  'src/core/wm-store-file.c@? "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"@? "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF;"@relaxed synchronous FULL -> OFF'
  'src/core/wm-store-file.c@? "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"@? "PRAGMA journal_mode = DELETE; PRAGMA synchronous = EXTRA;"@relaxed synchronous FULL -> EXTRA'
  'src/core/wm-store-file.c@if (!sync_path (tmp_path, O_RDWR, error))@if (FALSE)@no fsync of a saved copy'
  'src/core/wm-store-file.c@sqlite3_bind_text (stmt, 1, tmp_path, -1, SQLITE_TRANSIENT);@sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT); g_unlink (path);@save-a-copy writes straight over the target'
  'src/core/wm-store-file.c@fchmod (fd, wm_store_file_mode ());@@files made 0600 again'
  'src/core/wm-store-file.c@if (!self->read_only && (self->read_only_reason = why_not_writable (self->path)) != NULL)@if (FALSE)@unwritable files open writable'
  'src/core/wm-store-file.c@if (!screen_newer_schema (self, error) || !has_readable_tables@if (!has_readable_tables@newer files not screened'
  'src/core/wm-store-file.c@checker = open_checker (self);@checker = NULL;@check skips CHECK constraints'
  'src/core/wm-store-guard.c@if (!wm_store_guard_journal_belongs (db_path, name))@if (FALSE)@foreign journals applied'
  'src/core/wm-store-guard.c@entry->recovery_path = make_recovery_copy (db_path, name);@entry->recovery_path = g_strdup (db_path);@no recovery copy'
  'src/core/wm-store-file.c@  if (!restore_file (copy, self->path) || !restore_file (copy_journal, journal))\n    g_warning@  if (FALSE)\n    g_warning@unhealthy recovery not put back'
  'src/core/wm-store.c@  if (wm_store_poll_data_version (self))\n    self->external_pending = TRUE;@@external-write check removed (edits)'
  'src/core/wm-store.c@  self->external_pending = FALSE;\n  wm_store_emit_changed (self, WM_CHANGE_ALL);@  self->external_pending = FALSE;@external change never announced'
  'src/core/wm-store-history.c@return SQLITE_CHANGESET_ABORT;@return SQLITE_CHANGESET_OMIT;@conflict handler OMIT instead of ABORT'
  'src/core/wm-store-history.c@return SQLITE_CHANGESET_ABORT;@return SQLITE_CHANGESET_REPLACE;@conflict handler REPLACE'
  'src/core/wm-store-history.c@collateral = find_collateral (self, expected, applied, (gsize) n_applied);@@cascades into other peoples rows allowed'
  'src/core/wm-store.c@if (size > 0)@if (size >= 0)@empty edit becomes an undo step'
  'src/core/wm-store.c@"BEGIN IMMEDIATE", error, _("Cannot change the project")@"SELECT 1", error, _("Cannot change the project")@edits without BEGIN'
  'src/core/wm-store.c@case SQLITE_LOCKED:\n      return WM_STORE_ERROR_BUSY;@case SQLITE_LOCKED:\n      return WM_STORE_ERROR_IO;@busy classed as I/O'
  'src/core/wm-store-watch.c@if ((guint64) st.st_ino != self->file_ino@if (FALSE && (guint64) st.st_ino != self->file_ino@replaced file not noticed'
  'src/core/wm-kpi.c@if (value >= target)@if (value > target)@target threshold >= -> >'
  'src/core/wm-kpi.c@&& value >= warning)@&& value > warning)@warning threshold >= -> >'
  'src/cli/wm-cli-output.c@row[i] = wm_cli_escape (flat);@row[i] = g_strdup (flat);@table cells not escaped'
  'src/cli/wm-cli.c@? WM_CLI_EXIT_BUSY@? WM_CLI_EXIT_FILE@busy exits 3'
  'src/cli/wm-cli-info.c@return wm_cli_file_error (error);\n    }\n\n  if (json)\n    print_info_json@return WM_CLI_EXIT_FINDINGS;\n    }\n\n  if (json)\n    print_info_json@info on damaged samples exits 1'
  'src/cli/wm-cli-list.c@          if (samples == NULL)\n            return FALSE;@@list kpis swallows read errors'
  'src/core/wm-store-file.c@sqlite3_busy_timeout (db, WM_STORE_BUSY_TIMEOUT_MS);@sqlite3_busy_timeout (db, 0);@no wait for a busy file'
  'src/core/wm-store-file.c@"PRAGMA journal_mode = DELETE;"\n@"PRAGMA journal_mode = PERSIST;"\n@journal_mode DELETE -> PERSIST'
  'src/core/wm-store.c@return 0666 & ~mask;@return 0600;@mode 0600 whatever the umask'
  'src/core/wm-store-file.c@return sync_path (dir, O_RDONLY | O_DIRECTORY, error);@return TRUE;@folder not synced after the rename'
  'src/core/wm-store-file.c@  healthy = g_strcmp0 (integrity, "ok") == 0 &&@  healthy = TRUE ||@recovery result not verified'
  'src/core/wm-store-file.c@  if (g_access (dir, W_OK | X_OK) != 0)@  if (FALSE)@unwritable folder opens writable'
  'src/core/wm-store.c@      return g_strdup (_("another program is writing to the file; try again when it is done"));@      return g_strdup (detail);@busy message is from SQLite'
  'src/core/wm-store-file.c@  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)@  if (FALSE)@damage while checking is a failure to check'
  'src/core/wm-store-file.c@      (!collect_findings (self->db, "PRAGMA foreign_key_check", findings,\n                          describe_foreign_key, error) ||@      (@foreign keys not checked'
  'src/cli/wm-cli-output.c@      else if (c >= 0x80 && c <= 0x9f)@      else if (FALSE)@C1 controls not escaped'
  'src/core/wm-store-guard.c@    belongs = memcmp (db_page, journal_page, page_size) == 0;@    belongs = TRUE;@untouched page 1 not compared'
  'src/core/wm-store-history.c@  if (conflict == SQLITE_CHANGESET_DATA && op == SQLITE_UPDATE &&\n      already_applied (iter, n_columns))@  if (conflict == SQLITE_CHANGESET_DATA && op == SQLITE_UPDATE)@any changed row counts as already applied'
  'src/core/wm-store-history.c@          g_ptr_array_remove_index (from, from->len - 1);@          (void) 0;@refused step stays on top of the history'
  'src/core/wm-store.c@  ok = keep_cut_texts (self, record, error) && update_columns@  ok = update_columns@writing back a cut record cuts the stored text'
  'src/core/wm-store-watch.c@      set_read_only (self, reason);\n      return TRUE;@      return TRUE;@moved-away file stays writable'
  'src/core/wm-kpi.c@  if (last > previous)@  if (last >= previous)@equal values trend up'
  'src/core/wm-kpi.c@"lower") == 0);@"lower") != 0);@direction read backwards'
  'src/core/wm-store.c@      if (!isfinite (samples[i].value) || @      if (@non-finite KPI values stored'
  'src/cli/wm-cli-info.c@json_builder_add_boolean_value (builder, findings->len == 0);@json_builder_add_boolean_value (builder, TRUE);@check --json always ok'
)

echo "Copying the tree to $work …"
git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$work")
cd "$work"
meson setup _build --werror >/dev/null || { echo "setup failed"; exit 2; }
meson compile -C _build >/dev/null || { echo "the unmutated tree does not build"; exit 2; }

killed=0
survived=0
survivors=()
for entry in "${mutations[@]}"; do
  IFS='@' read -r file pattern replacement what <<<"$entry"
  if [[ -n "$filter" ]] && ! grep -q -- "$filter" <<<"$what"; then
    continue
  fi
  cp "$root/$file" "$file"
  # Literal text, first occurrence: no regular expression to get wrong.
  PAT=$(printf '%b' "$pattern") REP=$(printf '%b' "$replacement") perl -0pi -e \
    'my $i = index ($_, $ENV{PAT}); substr ($_, $i, length $ENV{PAT}) = $ENV{REP} if $i >= 0;' \
    "$file"
  if cmp -s "$root/$file" "$file"; then
    echo "NOT APPLIED  $what (the code changed: update the mutation)"
    continue
  fi
  if meson compile -C _build >/dev/null 2>&1 &&
     WAYMARK_POWERLOSS_ROUNDS=${WAYMARK_POWERLOSS_ROUNDS:-300} \
       meson test -C _build --suite core --suite cli --no-rebuild >/dev/null 2>&1; then
    echo "SURVIVED     $what"
    survived=$((survived + 1))
    survivors+=("$what")
  else
    echo "killed       $what"
    killed=$((killed + 1))
  fi
  cp "$root/$file" "$file"
done
meson compile -C _build >/dev/null 2>&1

total=$((killed + survived))
if (( total > 0 )); then
  echo "$killed of $total mutations killed ($((100 * killed / total)) %)"
fi
for s in "${survivors[@]}"; do
  echo "  missed: $s"
done
(( survived == 0 ))
