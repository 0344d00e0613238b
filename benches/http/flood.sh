#!/usr/bin/env bash
# Legitimate traffic under a flood of hostile documents: the server (built-in
# data, one worker) pinned to core 0, the load generators to core 1.
#   1. baseline: mixed legitimate queries, 64 connections, DURATION;
#   2. the same, while a second wrk floods hostile documents (16 connections).
# Fails if any legitimate request fails (non-200, "errors" in the body, socket
# error), if any hostile one gets other than a 4xx, or (unless SMOKE=1) if the
# legitimate p99 under the flood is over twice the baseline's.
#
#   benches/http/flood.sh                          # 60 s per phase
#   SMOKE=1 DURATION=2s BIN=target/debug/innograph benches/http/flood.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60s}
BIN=${BIN:-target/release/innograph}
[ -x "$BIN" ] || cargo build --release --quiet
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }

LOG=$(mktemp)
taskset -c 0 "$BIN" --bind 127.0.0.1:0 --workers 1 --read-only >"$LOG" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://[0-9.:]*/graphql' "$LOG" | head -1 | sed 's|/graphql||') && [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "${URL:-}" ] || { echo "server did not start" >&2; exit 1; }

legit() {
  taskset -c 1 wrk -t1 -c64 -d"$DURATION" --timeout 10s --latency -s benches/http/mixed.lua "$URL/graphql" | grep '^RESULT'
}
p99() { sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$1"; }

base=$(legit)
echo "baseline:    $base"
taskset -c 1 wrk -t1 -c16 -d"$DURATION" --timeout 10s -s benches/http/hostile.lua "$URL/graphql" >"$LOG.hostile" &
FLOOD=$!
flooded=$(legit)
wait $FLOOD
hostile=$(grep '^RESULT' "$LOG.hostile"); rm -f "$LOG.hostile"
echo "under flood: $flooded"
echo "flood:       $hostile"
ratio=$(python3 -c "print(f'{$(p99 "$flooded") / max($(p99 "$base"), 0.001):.2f}')")
echo "legitimate p99 under flood / baseline p99 = $ratio"
echo "server RSS after: $(grep VmRSS /proc/$SERVER/status | awk '{print $2}') kB"

status=0
for line in "$base" "$flooded"; do
  grep -q ' failures=0 socket_errors=0' <<<"$line" || status=1
done
grep -q ' unexpected=0 ' <<<"$hostile" || status=1
if [ "${SMOKE:-0}" != 1 ] && python3 -c "import sys; sys.exit(0 if $ratio <= 2 else 1)"; then :; elif [ "${SMOKE:-0}" != 1 ]; then
  echo "legitimate p99 more than doubled under the flood"; status=1
fi
exit $status
