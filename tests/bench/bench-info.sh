#!/bin/bash
# bench-info.sh GENERATOR WAYMARK_CLI
#
# Copyright 2026 The Waymark authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# How long `waymark-cli info` takes on a big project, against the floor of
# sqlite3 counting the same tables, and how much memory it needs: opening a
# project must not read every KPI sample. Goal (DESIGN.md, "Figures"): at most 1.5×
# sqlite3.
# A benchmark, not a test: it exits 0 whether or not the goal is met.

set -euo pipefail

RUNS=7
GOAL=1.5

generator=${1:?usage: bench-info.sh GENERATOR WAYMARK_CLI}
cli=${2:?usage: bench-info.sh GENERATOR WAYMARK_CLI}

if ! command -v sqlite3 >/dev/null; then
  echo "bench-info: sqlite3 is not installed; nothing to compare with" >&2
  exit 77
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/waymark-bench-XXXXXX")
trap 'rm -rf "$dir"' EXIT
file=$dir/big.waymark

# The tables info counts, in its order.
count_sql=""
for table in journey stage lane touchpoint cell persona persona_item channel kpi kpi_sample \
             kpi_link feed voice_guideline voice_rule; do
  count_sql+="SELECT count(*) FROM $table;"
done

now_ns() {
  date +%s%N
}

# Wall time of one run of "$@" in milliseconds (fractional), output discarded.
time_ms() {
  local start end
  start=$(now_ns)
  "$@" >/dev/null
  end=$(now_ns)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.1f\n", ns / 1e6 }'
}

# Median of RUNS timings of "$@", after one warm-up run.
median_ms() {
  local times=()
  "$@" >/dev/null
  for ((i = 0; i < RUNS; i++)); do
    times+=("$(time_ms "$@")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

echo "Generating the benchmark project…"
"$generator" "$file"
echo

# Both must see the same project before anything is timed.
"$cli" info "$file" --json >"$dir/info.json"
cli_counts=$(sed -n '/"counts"/,/}/p' "$dir/info.json" | grep -Eo '[0-9]+' | tr '\n' ' ')
sqlite_counts=$(sqlite3 "$file" "$count_sql" | tr '\n' ' ')
echo "info --json counts: $cli_counts"
echo "sqlite3 counts:     $sqlite_counts"
if [ "$cli_counts" != "$sqlite_counts" ]; then
  echo "bench-info: waymark-cli and sqlite3 disagree on the counts" >&2
fi
echo

cli_ms=$(median_ms "$cli" info "$file" --json)
sqlite_ms=$(median_ms sqlite3 "$file" "$count_sql")
ratio=$(awk -v a="$cli_ms" -v b="$sqlite_ms" 'BEGIN { printf "%.2f\n", a / b }')
verdict=$(awk -v r="$ratio" -v g="$GOAL" 'BEGIN { print (r <= g) ? "met" : "missed" }')

rss=""
if [ -x /usr/bin/time ]; then
  rss_kib=$(/usr/bin/time -f %M "$cli" info "$file" --json 2>&1 >/dev/null | tail -n 1)
  rss=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f\n", k / 1024 }')
fi

size_mib=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f\n", b / 1048576 }')

echo "Project: $size_mib MiB, median of $RUNS runs each"
printf '%-20s %s\n' "waymark-cli info:" "$cli_ms ms"
printf '%-20s %s\n' "sqlite3 count:" "$sqlite_ms ms"
printf '%-20s %s\n' "ratio:" "${ratio}×"
printf '%-20s %s\n' "goal:" "at most ${GOAL}×: $verdict"
if [ -n "$rss" ]; then
  printf '%-20s %s\n' "peak RSS:" "$rss MiB"
else
  printf '%-20s %s\n' "peak RSS:" "not measured (no /usr/bin/time)"
fi

exit 0
