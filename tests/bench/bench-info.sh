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
# Fair to both: the same tables counted with the same count(*) (info reads the
# project's name and format version besides), both warm (one run each before
# timing, which also lets info check the file's structure once, as it does for
# any file it has not seen), their runs taken in turns so that the load of a
# shared machine weighs on both alike, and the medians compared.
# A benchmark, not a test: it exits 0 whether or not the goal is met.

set -euo pipefail

RUNS=15
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
# Where info remembers the files whose structure it checked: not the user's.
export XDG_CACHE_HOME=$dir/cache

# The tables info counts, in its order.
count_sql=""
for table in journey stage lane touchpoint cell persona persona_item channel kpi kpi_sample \
             kpi_link feed voice_guideline voice_rule; do
  count_sql+="SELECT count(*) FROM $table;"
done

# Wall time of one run of "$@" in milliseconds (fractional), output discarded.
# $EPOCHREALTIME, not date(1): a clock that forks would add its own start to
# every timing and bring both sides closer than they are.
# Microseconds, with the locale's decimal separator taken out.
time_ms() {
  local start end
  start=${EPOCHREALTIME/[^0-9]/}
  "$@" >/dev/null
  end=${EPOCHREALTIME/[^0-9]/}
  awk -v us=$((end - start)) 'BEGIN { printf "%.1f\n", us / 1000 }'
}

# The median of a list of timings, one a line.
median() {
  sort -n | sed -n "$(((RUNS + 1) / 2))p"
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

"$cli" info "$file" --json >/dev/null
sqlite3 "$file" "$count_sql" >/dev/null
cli_times=()
sqlite_times=()
for ((i = 0; i < RUNS; i++)); do
  cli_times+=("$(time_ms "$cli" info "$file" --json)")
  sqlite_times+=("$(time_ms sqlite3 "$file" "$count_sql")")
done
cli_ms=$(printf '%s\n' "${cli_times[@]}" | median)
sqlite_ms=$(printf '%s\n' "${sqlite_times[@]}" | median)
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
ratio=$(awk -v a="$cli_ms" -v b="$sqlite_ms" 'BEGIN { printf "%.2f\n", a / b }')
verdict=$(awk -v r="$ratio" -v g="$GOAL" 'BEGIN { print (r <= g) ? "met" : "missed" }')

rss=""
if [ -x /usr/bin/time ]; then
  rss_kib=$(/usr/bin/time -f %M "$cli" info "$file" --json 2>&1 >/dev/null | tail -n 1)
  rss=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f\n", k / 1024 }')
fi

size_mib=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f\n", b / 1048576 }')

echo "Project: $size_mib MiB, median of $RUNS runs each, load average $load"
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
