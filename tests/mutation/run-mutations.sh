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

# file | text to find (\n for a newline) | its replacement | what the mutation does
mutations=(
  "src/core/wm-store-file.c|SQLITE_DBCONFIG_DEFENSIVE, 1|SQLITE_DBCONFIG_DEFENSIVE, 0|DEFENSIVE dropped"
  "src/core/wm-store-file.c|SQLITE_DBCONFIG_ENABLE_TRIGGER, 0|SQLITE_DBCONFIG_ENABLE_TRIGGER, 1|triggers enabled"
  "src/core/wm-store-file.c|PRAGMA synchronous = EXTRA;|PRAGMA synchronous = OFF;|synchronous EXTRA -> OFF"
  "src/core/wm-store-file.c|PRAGMA synchronous = EXTRA;|PRAGMA synchronous = FULL;|synchronous EXTRA -> FULL"
  "src/core/wm-store-file.c|if (!sync_path (tmp_path, O_RDWR, error))|if (FALSE)|no fsync of a saved copy"
  "src/core/wm-store-file.c|sqlite3_bind_text (stmt, 1, tmp_path, -1, SQLITE_TRANSIENT);|sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT); g_unlink (path);|save-a-copy writes straight over the target"
  "src/core/wm-store-file.c|fchmod (fd, wm_store_file_mode ());||files made 0600 again"
  "src/core/wm-store-file.c|if (!self->read_only && (self->read_only_reason = why_not_writable (self->path)) != NULL)|if (FALSE)|unwritable files open writable"
  "src/core/wm-store-file.c|if (!screen_newer_schema (self, error) || |if (|newer files not screened"
  "src/core/wm-store-file.c|checker = open_checker (self);|checker = NULL;|check skips CHECK constraints"
  "src/core/wm-store-guard.c|if (!wm_store_guard_journal_belongs (db_path, name))|if (FALSE)|foreign journals applied"
  "src/core/wm-store-guard.c|entry->recovery_path = make_recovery_copy (db_path, name);|entry->recovery_path = g_strdup (db_path);|no recovery copy"
  "src/core/wm-store-file.c|  if (!restore_file (copy, self->path) || !restore_file (copy_journal, journal))|  if (FALSE)|unhealthy recovery not put back"
  "src/core/wm-store.c|  if (wm_store_poll_data_version (self))\n    self->external_pending = TRUE;||external-write check removed (edits)"
  "src/core/wm-store.c|  self->external_pending = FALSE;\n  wm_store_emit_changed (self, WM_CHANGE_ALL);|  self->external_pending = FALSE;|external change never announced"
  "src/core/wm-store-history.c|return SQLITE_CHANGESET_ABORT;|return SQLITE_CHANGESET_OMIT;|conflict handler OMIT instead of ABORT"
  "src/core/wm-store-history.c|return SQLITE_CHANGESET_ABORT;|return SQLITE_CHANGESET_REPLACE;|conflict handler REPLACE"
  "src/core/wm-store-history.c|collateral = find_collateral (self, expected, applied, (gsize) n_applied);||cascades into others' rows allowed"
  "src/core/wm-store.c|if (size > 0)|if (size >= 0)|empty edit becomes an undo step"
  "src/core/wm-store.c|\"BEGIN IMMEDIATE\", error, _(\"Cannot change the project\")|\"SELECT 1\", error, _(\"Cannot change the project\")|edits without BEGIN"
  "src/core/wm-store.c|case SQLITE_LOCKED:\n      return WM_STORE_ERROR_BUSY;|case SQLITE_LOCKED:\n      return WM_STORE_ERROR_IO;|busy classed as I\/O"
  "src/core/wm-store-watch.c|if ((guint64) st.st_ino != self->file_ino|if (FALSE && (guint64) st.st_ino != self->file_ino|replaced file not noticed"
  "src/core/wm-kpi.c|if (value >= target)|if (value > target)|target threshold >= -> >"
  "src/core/wm-kpi.c|if (value >= warning)|if (value > warning)|warning threshold >= -> >"
  "src/cli/wm-cli-output.c|row[i] = wm_cli_escape (flat);|row[i] = g_strdup (flat);|table cells not escaped"
  "src/cli/wm-cli.c|return WM_CLI_EXIT_BUSY;\n  }|return WM_CLI_EXIT_FILE;\n  }|busy exits 3"
  "src/cli/wm-cli-info.c|return wm_cli_file_error (error);\n    }\n\n  if (json)\n    print_info_json|return WM_CLI_EXIT_FINDINGS;\n    }\n\n  if (json)\n    print_info_json|info on damaged samples exits 1"
  "src/cli/wm-cli-list.c|          if (samples == NULL)\n            return FALSE;||list kpis swallows read errors"
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
  IFS='|' read -r file pattern replacement what <<<"$entry"
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
