#!/bin/bash
# bench-sharing.sh GENERATOR WAYMARK_CLI
#
# Copyright 2026 The Waymark authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The sharing figures on the 20,000-touchpoint benchmark project:
# - export → import → export of the JSON form: times, and byte-identical;
# - a three-way merge of two copies with 1,000 edits each (ours renames
#   touchpoints, theirs edits other touchpoints' messages and adds samples).
#   Goal: at most 2 s and 200 MB. The same merge without the base (the base
#   reconstructed from the copies' uuids and modification times).
# A benchmark, not a test: it exits 0 whether or not a goal is met.

set -euo pipefail

generator=${1:?usage: bench-sharing.sh GENERATOR WAYMARK_CLI}
cli=${2:?usage: bench-sharing.sh GENERATOR WAYMARK_CLI}

for tool in sqlite3 /usr/bin/time; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-sharing: $tool is not installed" >&2
    exit 77
  fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/waymark-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT

"$generator" "$dir/base.waymark" >/dev/null

# "wall-seconds cpu-seconds max-RSS-kB" of one run of "$@". CPU time (user +
# system) is printed too: on a shared machine the wall time mostly measures
# the neighbours.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" >/dev/null
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$dir/time"
}

read -r t_export c_export rss_export < <(measure "$cli" export "$dir/base.waymark" --format json -o "$dir/a.json")
read -r t_import c_import rss_import < <(measure "$cli" import "$dir/a.json" "$dir/copy.waymark")
"$cli" export "$dir/copy.waymark" --format json -o "$dir/b.json"
if cmp -s "$dir/a.json" "$dir/b.json"; then same=yes; else same=NO; fi
size=$(stat -c %s "$dir/a.json")

cp "$dir/base.waymark" "$dir/ours.waymark"
cp "$dir/base.waymark" "$dir/theirs.waymark"
sqlite3 "$dir/ours.waymark" \
  "UPDATE touchpoint SET title = title || ' (ours)', modified_at = unixepoch () + 100
   WHERE id IN (SELECT id FROM touchpoint ORDER BY id LIMIT 1000 OFFSET 0);"
sqlite3 "$dir/theirs.waymark" \
  "UPDATE touchpoint SET message = 'Theirs: ' || message, modified_at = unixepoch () + 100
   WHERE id IN (SELECT id FROM touchpoint ORDER BY id LIMIT 1000 OFFSET 10000);"

read -r t_merge c_merge rss_merge < <(measure "$cli" merge "$dir/base.waymark" "$dir/ours.waymark" \
                                "$dir/theirs.waymark" -o "$dir/merged.waymark")
ours_kept=$(sqlite3 "$dir/merged.waymark" "SELECT count(*) FROM touchpoint WHERE title LIKE '% (ours)'")
theirs_kept=$(sqlite3 "$dir/merged.waymark" "SELECT count(*) FROM touchpoint WHERE message LIKE 'Theirs: %'")
read -r t_nobase c_nobase rss_nobase < <(measure "$cli" merge "$dir/ours.waymark" \
                                "$dir/theirs.waymark" -o "$dir/merged-nobase.waymark")
nobase_kept=$(sqlite3 "$dir/merged-nobase.waymark" \
  "SELECT count(*) FROM touchpoint WHERE title LIKE '% (ours)' OR message LIKE 'Theirs: %'")

echo "JSON form: $((size / 1024 / 1024)) MB; round trip byte-identical: $same"
echo "export: ${t_export} s (CPU ${c_export} s), $((rss_export / 1024)) MB"
echo "import: ${t_import} s (CPU ${c_import} s), $((rss_import / 1024)) MB"
echo "merge of two copies, 1,000 edits each: ${t_merge} s (CPU ${c_merge} s)," \
     "$((rss_merge / 1024)) MB (goal ≤ 2 s, ≤ 200 MB); kept $ours_kept of ours," \
     "$theirs_kept of theirs"
echo "merge without the base: ${t_nobase} s (CPU ${c_nobase} s), $((rss_nobase / 1024)) MB;" \
     "kept $nobase_kept of 2,000 edits"
echo "load average while measured: $(cut -d' ' -f1-3 /proc/loadavg)"
