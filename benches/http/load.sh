#!/usr/bin/env bash
# HTTP load test: the server pinned to core 0, wrk pinned to core 1, 64
# connections, three GraphQL queries (path between random entities,
# neighbourhood depth 2 limit 500, search). Any non-200 answer, or a 200
# whose body has "errors", counts as a failure and fails the script.
#
#   benches/http/load.sh                      # 1M entities / 5M relations, 30 s each
#   ENTITIES=20000 DURATION=2s benches/http/load.sh   # smoke (CI)
#
# Environment: ENTITIES (1000000; relations are five times that), DURATION
# (30s), CONNECTIONS (64), BIN (target/release/innograph, built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
ENTITIES=${ENTITIES:-1000000}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
BIN=${BIN:-target/release/innograph}
[ -x "$BIN" ] || cargo build --release --quiet
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }

DATA=target/bench-data/${ENTITIES}-$((ENTITIES * 5))-1
if [ ! -f "$DATA/relations.jsonl" ]; then
  "$BIN" generate --entities "$ENTITIES" --relations $((ENTITIES * 5)) --seed 1 --out "$DATA"
fi

# Random entity ids and search words, sampled from the data set.
SAMPLES=$(mktemp -d)
python3 - "$DATA" "$SAMPLES" <<'PY'
import json, random, sys
data, out = sys.argv[1], sys.argv[2]
random.seed(3)
ids, words = [], []
with open(f"{data}/entities.jsonl", encoding="utf-8") as f:
    for n, line in enumerate(f):
        if random.random() < 0.01 or n < 200:
            e = json.loads(line)
            ids.append(e["id"])
            # The kinds of query benches/search.rs times in process, in the
            # same proportions: the whole name, its first word, that word's
            # four-letter prefix, and a typo (two letters swapped) in its
            # first word of six letters or more. A list, not a set: a common
            # word is sampled as often as it occurs. (Until 2026-12-03 this
            # was a set, so repeated words and prefixes collapsed and about
            # 95% of the words were whole names.)
            parts = e["name"].split()
            words.append(e["name"])
            words.append(parts[0])
            words.append(parts[0][:4])
            long = next((w for w in parts if len(w) >= 6), None)
            if long:
                words.append(long[0] + long[2] + long[1] + long[3:])
open(f"{out}/ids.txt", "w").write("\n".join(ids[:20000]) + "\n")
words = random.sample(words, min(5000, len(words)))
open(f"{out}/words.txt", "w").write("\n".join(words) + "\n")
PY

LOG=$(mktemp)
taskset -c 0 "$BIN" serve --bind 127.0.0.1:0 --data "$DATA" --workers 1 --read-only >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$SAMPLES" "$LOG"' EXIT
for _ in $(seq 1 1200); do
  grep -q "playground at" "$LOG" && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1)
grep -o "ready in .*" "$LOG"
echo "server RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$SERVER/status)"

status=0
for scenario in path neighborhood search; do
  # A 10 s timeout: with 64 connections queued on one core, a slow query's
  # latency is mostly queueing, which wrk's 2 s default would count as errors.
  out=$(SCENARIO=$scenario SAMPLES=$SAMPLES taskset -c 1 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s \
    --latency -s benches/http/graphql.lua "$URL/graphql")
  line=$(grep '^RESULT' <<<"$out")
  echo "$line"
  grep -q ' failures=0 socket_errors=0' <<<"$line" || { echo "$out"; status=1; }
done
echo "server RSS after load test: $(awk '/VmRSS/ {print $2, $3}' /proc/$SERVER/status)"
exit $status
