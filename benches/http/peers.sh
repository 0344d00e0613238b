#!/usr/bin/env bash
# innograph side by side with the GraphQL servers people pick instead
# (../shared/peers: Apollo Server 5, Mercurius + graphql-jit), one run, on
# the same graph: innograph serves it, the harness's crawler dumps it, the
# peers serve the dump. Then ../shared/peers/bench.sh (in a copy, with
# benches/http/peers.lua, which also counts a 200 with "errors" as a
# failure) runs the three questions twice per peer:
#
#   fixed     the harness's query texts, literal arguments (on a generated
#             graph, its ids replaced by ids that graph has)
#   variables one text per question, the ids and the search words sent as
#             variables that change on every request (as Apollo Client and
#             Relay send queries): a document cache may help, nothing else
#
#   cargo build --release && benches/http/peers.sh            # built-in data, 8 s x 3 rounds
#   ENTITIES=100000 benches/http/peers.sh                     # a generated 100k / 500k graph
#   SECONDS_EACH=2 ROUNDS=1 PEERS=mercurius benches/http/peers.sh   # smoke
#
# Environment: ENTITIES (unset: the built-in data), SECONDS_EACH (8),
# ROUNDS (3), PEERS ("mercurius apollo"), MODES ("fixed variables"),
# BIN (target/release/innograph),
# KEEP (a directory for every body, response and wrk output).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BIN=${BIN:-target/release/innograph}
SECONDS_EACH=${SECONDS_EACH:-8}
export ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-mercurius apollo}
[ -x "$BIN" ] || cargo build --release --quiet
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
SHARED=${SHARED:-$ROOT/../shared/peers}
W=$(mktemp -d -t peers.XXXXXX)
cp -r "$SHARED/." "$W/"
cp benches/http/peers.lua "$W/bench.lua"
(cd "$W" && npm ci --silent --no-audit --no-fund >/dev/null)

DATA_ARGS=()
if [ -n "${ENTITIES:-}" ]; then
  DATA=target/bench-data/${ENTITIES}-$((ENTITIES * 5))-1
  [ -f "$DATA/relations.jsonl" ] || "$BIN" generate --entities "$ENTITIES" --relations $((ENTITIES * 5)) --seed 1 --out "$DATA"
  DATA_ARGS=(--data "$DATA")
fi
LOG=$W/innograph.log
"$BIN" serve --bind 127.0.0.1:0 --workers 1 --read-only "${DATA_ARGS[@]}" >"$LOG" 2>&1 &
SERVER=$!
PIDS=($SERVER)
trap 'kill ${PIDS[*]} 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
for _ in $(seq 1 1200); do
  grep -q "playground at" "$LOG" && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1)
grep -o "ready in .*" "$LOG"
python3 "$W/crawl.py" "$URL" "$W/dump.json" | tail -1

# The same questions with variables, and what to rotate them through: ids
# and search words sampled from the dump.
mkdir -p "$W/vars-a" "$W/vars-b"
python3 - "$W" <<'PY'
import json, os, random, sys
w = sys.argv[1]
dump = json.load(open(f"{w}/dump.json"))
random.seed(5)
ents = dump["entities"]
ids = [e["id"] for e in random.sample(ents, min(2000, len(ents)))]
words = sorted({random.choice(e["name"].split()) for e in random.sample(ents, min(2000, len(ents)))})
open(f"{w}/ids.txt", "w").write("\n".join(ids) + "\n")
open(f"{w}/words.txt", "w").write("\n".join(words) + "\n")
entity = open(f"{w}/queries/entity.graphql").read()
entity = entity.replace('entity(id: "park/hongqiao-smart-valley")', "entity(id: $id)").replace("{\n  entity", "query Entity($id: ID!) {\n  entity", 1)
search = open(f"{w}/queries/search.graphql").read()
search = search.replace('search(query: "park"', "search(query: $q").replace("{\n  search", "query Search($q: String!) {\n  search", 1)
first = ents[0]["id"]
for side, qdir in (("a", "queries-innograph"), ("b", "queries")):
    path = open(f"{w}/{qdir}/path.graphql").read()
    path = path.replace('path(from: "institution/fudan-university", to: "park/hongqiao-smart-valley"', "path(from: $from, to: $to").replace("{\n  path", "query Path($from: ID!, $to: ID!) {\n  path", 1)
    bodies = {
        "entity": {"query": entity, "variables": {"id": first}},
        "path": {"query": path, "variables": {"from": first, "to": ents[-1]["id"]}},
        "search": {"query": search, "variables": {"q": words[0]}},
    }
    for name, body in bodies.items():
        json.dump(body, open(f"{w}/vars-{side}/{name}.json", "w"))
# Fixed texts: the harness's, with its ids replaced by ids this graph has
# when it is not the built-in one (an entity with 20 relations or more,
# and two entities far apart in the dump for the path).
degree = {}
for r in dump["relations"]:
    for end in (r["from"], r["to"]):
        degree[end] = degree.get(end, 0) + 1
have = {e["id"] for e in ents}
hub = next((e["id"] for e in ents if degree.get(e["id"], 0) >= 20), ents[0]["id"])
swap = {}
if "park/hongqiao-smart-valley" not in have:
    swap = {"park/hongqiao-smart-valley": hub, "institution/fudan-university": ents[len(ents) // 2]["id"]}
for qdir in ("queries-innograph", "queries"):
    os.makedirs(f"{w}/fixed-{qdir}", exist_ok=True)
    for name in ("entity", "path", "search"):
        text = open(f"{w}/{qdir}/{name}.graphql").read()
        for old, new in swap.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        open(f"{w}/fixed-{qdir}/{name}.graphql", "w").write(text)
open(f"{w}/rotate.txt", "w").write(f"{first}={w}/ids.txt;{ents[-1]['id']}={w}/ids.txt;{words[0]}={w}/words.txt")
PY
export ROTATE_SPEC
ROTATE_SPEC=$(cat "$W/rotate.txt")

status=0
for peer in $PEERS; do
  read -r PEER_URL PEER_PID < <("$W/serve.sh" "$peer" "$W/dump.json")
  PIDS+=("$PEER_PID")
  for mode in ${MODES:-fixed variables}; do
    echo "== $peer, $mode"
    if [ $mode = fixed ]; then QA=$W/fixed-queries-innograph QB=$W/fixed-queries; unset ROTATE
    else QA=$W/vars-a QB=$W/vars-b; export ROTATE=$ROTATE_SPEC; fi
    keep=${KEEP:+$KEEP/$peer-$mode}
    PID_A=$SERVER PID_B=$PEER_PID LABEL_A=innograph LABEL_B=$peer QDIR_B=$QB KEEP=${keep:-$W/out-$peer-$mode} \
      "$W/bench.sh" "$URL" "$PEER_URL" "$QA" "$SECONDS_EACH" | sed -n '/^| query/,$p' || status=1
    if grep -h "failures: [1-9]" "${keep:-$W/out-$peer-$mode}"/*.wrk; then
      echo "FAILED: requests answered with errors or a non-200 status"; status=1
    fi
  done
  kill "$PEER_PID" 2>/dev/null || true
done
echo "innograph RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$SERVER/status)"
exit $status
