#!/usr/bin/env bash
# with-prometheus.sh COMMAND… — runs COMMAND with WAYMARK_TEST_PROMETHEUS_URL set.
# .ci/test starts one Prometheus for the whole run and exports the variable; run on its
# own (meson test --suite feeds) this starts one for the command and stops it after.
# Without the prometheus binary the command runs as it is and its test skips.
set -uo pipefail

if [[ -n "${WAYMARK_TEST_PROMETHEUS_URL:-}" ]] || ! command -v prometheus >/dev/null \
   || ! command -v promtool >/dev/null; then
  exec "$@"
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d -t waymark-prometheus.XXXXXX)
if ! read -r url pid < <(bash "$here/prometheus.sh" start "$dir"); then
  echo "with-prometheus: Prometheus did not start" >&2
  rm -rf "$dir"
  exit 1
fi

export WAYMARK_TEST_PROMETHEUS_URL=$url
"$@"
status=$?

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rm -rf "$dir"
exit $status
