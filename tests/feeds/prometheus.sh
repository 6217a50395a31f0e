#!/usr/bin/env bash
# prometheus.sh start DIR — starts a Prometheus server on a free loopback port with its
# storage in DIR, history backfilled with `promtool tsdb create-blocks-from openmetrics`
# (the gauge waymark_nps: one point every 15 minutes for the last two days, rising from
# 20 to 50, the last a minute ago). Prints "URL PID" once the server is ready.
# Used by .ci/test and by with-prometheus.sh. Exits 1 when it cannot start.
set -euo pipefail

dir=${2:?usage: prometheus.sh start DIR}
mkdir -p "$dir/data"

now=$(date +%s)
{
  echo '# HELP waymark_nps Net Promoter Score of the Waymark test data.'
  echo '# TYPE waymark_nps gauge'
  n=192
  for (( i = 0; i < n; i++ )); do
    t=$(( now - 60 - (n - 1 - i) * 900 ))
    # 20 … 50 in steps that end exactly on 50.
    echo "waymark_nps $(( 20 + i * 30 / (n - 1) )) $t"
  done
  echo '# EOF'
} >"$dir/history.om"

promtool tsdb create-blocks-from openmetrics "$dir/history.om" "$dir/data" >"$dir/promtool.log" 2>&1 \
  || { cat "$dir/promtool.log" >&2; exit 1; }

cat >"$dir/prometheus.yml" <<'YAML'
global:
  scrape_interval: 1h
YAML

# A free port: nothing answers on it.
port=19090
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  port=$(( port + 1 ))
done

prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=30d \
  >"$dir/prometheus.log" 2>&1 &
pid=$!

url="http://127.0.0.1:$port"
for _ in $(seq 300); do
  if curl -fsS "$url/-/ready" >/dev/null 2>&1; then
    echo "$url $pid"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

cat "$dir/prometheus.log" >&2
kill "$pid" 2>/dev/null || true
exit 1
