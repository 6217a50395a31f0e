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
#   Goal: at most 2 s and 200 MB.
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

# "seconds max-RSS-kB" of one run of "$@".
measure() {
  /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null
  cat "$dir/time"
}

read -r t_export rss_export < <(measure "$cli" export "$dir/base.waymark" --format json -o "$dir/a.json")
read -r t_import rss_import < <(measure "$cli" import "$dir/a.json" "$dir/copy.waymark")
"$cli" export "$dir/copy.waymark" --format json -o "$dir/b.json"
if cmp -s "$dir/a.json" "$dir/b.json"; then same=yes; else same=NO; fi
size=$(stat -c %s "$dir/a.json")

cp "$dir/base.waymark" "$dir/ours.waymark"
cp "$dir/base.waymark" "$dir/theirs.waymark"
sqlite3 "$dir/ours.waymark" \
  "UPDATE touchpoint SET title = title || ' (ours)', modified_at = modified_at + 1
   WHERE id IN (SELECT id FROM touchpoint ORDER BY id LIMIT 1000 OFFSET 0);"
sqlite3 "$dir/theirs.waymark" \
  "UPDATE touchpoint SET message = 'Theirs: ' || message, modified_at = modified_at + 1
   WHERE id IN (SELECT id FROM touchpoint ORDER BY id LIMIT 1000 OFFSET 10000);"

read -r t_merge rss_merge < <(measure "$cli" merge "$dir/base.waymark" "$dir/ours.waymark" \
                                "$dir/theirs.waymark" -o "$dir/merged.waymark")
ours_kept=$(sqlite3 "$dir/merged.waymark" "SELECT count(*) FROM touchpoint WHERE title LIKE '% (ours)'")
theirs_kept=$(sqlite3 "$dir/merged.waymark" "SELECT count(*) FROM touchpoint WHERE message LIKE 'Theirs: %'")

echo "JSON form: $((size / 1024 / 1024)) MB; export ${t_export} s, ${rss_export} kB;" \
     "import ${t_import} s, ${rss_import} kB; round trip byte-identical: $same"
echo "merge of two copies, 1,000 edits each: ${t_merge} s, $((rss_merge / 1024)) MB" \
     "(goal ≤ 2 s, ≤ 200 MB); kept $ours_kept of ours, $theirs_kept of theirs"
