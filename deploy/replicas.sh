#!/usr/bin/env bash
# Several innograph replicas on one shared PostgreSQL journal, behind
# haproxy, all on loopback: PostgreSQL and haproxy from Debian's packages
# (apt-get install postgresql haproxy), nothing downloaded.
#
#   deploy/replicas.sh start [N]       PostgreSQL, N replicas (default 3), haproxy
#   deploy/replicas.sh status          each part, its address and readiness
#   deploy/replicas.sh stop            stops everything started here
#   deploy/replicas.sh kill-replica I  kill -9 replica I (a crash)
#   deploy/replicas.sh start-replica I starts replica I again, on its port
#   deploy/replicas.sh add-replica     starts one more replica (outside haproxy)
#   deploy/replicas.sh restart-postgres  stops PostgreSQL (fast) and starts it again
#
# Settings (environment): INNOGRAPH_DEPLOY_DIR (./innograph-replicas: pid
# files, logs, the journal's URL, an admin key), BIN (target/release/innograph),
# DATA (a data folder for --data; the built-in data when unset), PORT
# (haproxy's port; a free one when unset), EXTRA (more `serve` flags).
#
# The cluster trusts every connection from loopback (initdb --auth=trust):
# this is for trying the design and for its tests on one machine, not a
# production setup (there: a password or certificates in the URL, and
# PostgreSQL on its own host).
set -euo pipefail

dir="${INNOGRAPH_DEPLOY_DIR:-./innograph-replicas}"
bin="${BIN:-target/release/innograph}"
here="$(cd "$(dirname "$0")" && pwd)"

die() { echo "replicas.sh: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

pg_bin() {
  local d
  d="$(pg_config --bindir 2>/dev/null || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] || die "PostgreSQL's server programs are missing: apt-get install postgresql"
  echo "$d"
}

# PostgreSQL refuses to run as root: run its programs as `postgres` then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

# Waits until $1 answers /ready with 200, for at most $2 seconds, and
# while process $3 (if given) lives.
wait_ready() {
  local url=$1 secs=$2 pid=${3:-} i
  for i in $(seq 1 $((secs * 10))); do
    curl -sf -o /dev/null "$url/ready" && return 0
    if [ -n "$pid" ] && ! alive "$pid"; then return 1; fi
    sleep 0.1
  done
  return 1
}

# Whether port $1 on loopback can be listened on again.
port_free() {
  python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

# kill -9 replica $1, returning once it is gone and its port is free
# again (a killed process's threads take a moment to let go of it).
replica_kill() {
  local pid port
  pid="$(cat "$dir/replica-$1.pid")"
  port="$(cat "$dir/replica-$1.port")"
  kill -9 "$pid" 2>/dev/null || true
  while alive "$pid" || ! port_free "$port"; do sleep 0.05; done
}

# Whether process $1 runs (a zombie, dead but not yet reaped, does not).
alive() {
  kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

pg_start() {
  local data port
  data="$(cat "$dir/pgdata.path")"
  port="$(cat "$dir/postgres.port")"
  as_pg "'$(pg_bin)/pg_ctl' -D '$data' -l '$data/../server.log' -w -t 60 -o '-c listen_addresses=127.0.0.1 -p $port -k $data/..' start" >/dev/null
}

pg_stop() {
  local data
  data="$(cat "$dir/pgdata.path" 2>/dev/null)" || return 0
  [ -d "$data" ] || return 0
  as_pg "'$(pg_bin)/pg_ctl' -D '$data' -w -m ${1:-fast} stop" >/dev/null 2>&1 || true
}

replica_start() {
  local i=$1 port
  port="$(cat "$dir/replica-$i.port")"
  # shellcheck disable=SC2086
  "$bin" serve --bind "127.0.0.1:$port" --journal "$(cat "$dir/journal.url")" \
    ${DATA:+--data "$DATA"} ${EXTRA:-} >>"$dir/replica-$i.log" 2>&1 &
  echo $! >"$dir/replica-$i.pid"
  wait_ready "http://127.0.0.1:$port" 600 $! || { tail -20 "$dir/replica-$i.log" >&2; die "replica $i did not become ready"; }
}

replica_new() {
  local n=1
  while [ -e "$dir/replica-$n.port" ]; do n=$((n + 1)); done
  free_port >"$dir/replica-$n.port"
  replica_start "$n"
  echo "$n"
}

start() {
  local n=${1:-3} pgdata lb servers i
  [ -x "$bin" ] || die "no innograph binary at $bin (cargo build --release, or set BIN)"
  command -v haproxy >/dev/null || die "haproxy is missing: apt-get install haproxy"
  [ ! -e "$dir/journal.url" ] || die "$dir holds a running deployment: deploy/replicas.sh stop first"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"

  # PostgreSQL: a new cluster in a folder the postgres user can reach.
  pgdata="$(mktemp -d /tmp/innograph-pg.XXXXXX)/data"
  mkdir -p "$pgdata"
  [ "$(id -u)" != 0 ] || chown -R postgres: "$(dirname "$pgdata")"
  echo "$pgdata" >"$dir/pgdata.path"
  free_port >"$dir/postgres.port"
  as_pg "'$(pg_bin)/initdb' -D '$pgdata' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 -N" >/dev/null
  pg_start
  local pg="postgres://postgres@127.0.0.1:$(cat "$dir/postgres.port")"
  psql -X -q -d "$pg/postgres" -c "CREATE DATABASE innograph" >/dev/null
  echo "$pg/innograph" >"$dir/journal.url"
  "$bin" keys create --journal "$pg/innograph" --name operator --scope admin >"$dir/admin.key" 2>/dev/null

  # The replicas, one after another (each loads the data).
  for i in $(seq 1 "$n"); do replica_new >/dev/null; done

  # haproxy over them.
  lb="127.0.0.1:${PORT:-$(free_port)}"
  servers=""
  for i in $(seq 1 "$n"); do
    servers+="    server r$i 127.0.0.1:$(cat "$dir/replica-$i.port") check"$'\n'
  done
  python3 - "$here/haproxy.cfg" "$dir/haproxy.cfg" "$lb" "$servers" <<'PY'
import sys
src, out, bind, servers = sys.argv[1:]
open(out, "w").write(open(src).read().replace("@BIND@", bind).replace("@SERVERS@", servers.rstrip("\n")))
PY
  haproxy -c -q -f "$dir/haproxy.cfg" || die "haproxy refused $dir/haproxy.cfg"
  haproxy -D -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid"
  echo "http://$lb" >"$dir/lb.url"
  wait_ready "http://$lb" 30 || die "haproxy did not pass requests to a ready replica"
  echo "innograph: $n replicas behind haproxy at http://$lb/ (journal $(cat "$dir/journal.url"); admin key in $dir/admin.key)"
}

status() {
  [ -e "$dir/journal.url" ] || die "nothing started in $dir"
  echo "journal  $(cat "$dir/journal.url")"
  for f in "$dir"/replica-*.port; do
    local i port
    i="$(basename "$f" .port)"; i="${i#replica-}"
    port="$(cat "$f")"
    echo "replica $i  http://127.0.0.1:$port  $(curl -s "http://127.0.0.1:$port/ready" || echo down)"
  done
  echo "haproxy  $(cat "$dir/lb.url")  $(curl -s "$(cat "$dir/lb.url")/ready" || echo down)"
}

stop() {
  [ -d "$dir" ] || return 0
  if [ -f "$dir/haproxy.pid" ]; then kill "$(cat "$dir/haproxy.pid")" 2>/dev/null || true; fi
  for f in "$dir"/replica-*.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$dir"/replica-*.pid; do
    [ -f "$f" ] || continue
    local pid; pid="$(cat "$f")"
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  pg_stop fast
  local pgdata
  pgdata="$(cat "$dir/pgdata.path" 2>/dev/null || true)"
  [ -z "$pgdata" ] || rm -rf "$(dirname "$pgdata")"
  rm -f "$dir"/journal.url "$dir"/*.pid "$dir"/*.port "$dir"/pgdata.path "$dir"/lb.url
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  status) status ;;
  stop) stop ;;
  kill-replica) replica_kill "${2:?which replica}" ;;
  start-replica) replica_start "${2:?which replica}" ;;
  add-replica) replica_new ;;
  restart-postgres) pg_stop fast; pg_start ;;
  *) sed -n '2,25p' "$0"; exit 2 ;;
esac
