#!/usr/bin/env python3
"""What the replica design costs, measured on loopback with deploy/replicas.sh
(PostgreSQL and haproxy from Debian's packages, the release binary):

1. Replication lag. A probe writes through replica 1 and, the moment the
   write is acknowledged, reads on replica 2 with `X-Min-Revision` set to the
   revision it got: replica 2 answers once it has applied that change, so the
   read's time is the lag (an upper bound: it includes the read itself, whose
   time alone is printed beside it). Idle, then while WRITERS clients send
   WRITE_RATE writes per second through replica 1.
2. Read throughput through haproxy with 1 replica and with 2, in alternating
   rounds (two deployments, each idle while the other is measured; wrk, the path
   query of benches/http/graphql.lua; a non-200 or a 200 with `errors` is a
   failure). Both replicas share this machine's two cores with wrk, haproxy
   and PostgreSQL, so this shows what the extra hop and the sharing cost,
   not how far more machines would go.
3. On a large generated graph (LARGE entities, five times as many
   relations): one replica's load time and resident memory; CATCHUP_WRITES
   changes written through it; then a replica started empty, with its load
   time, its catch-up (replay of the journal) time and rate, and its memory.

    cargo build --release && python3 benches/replicas.py    # full (1M graph)
    SMOKE=1 python3 benches/replicas.py                     # CI: 2 s phases, 20k entities

Environment: BIN (target/release/innograph), SECONDS (10), WRITERS (8),
WRITE_RATE (500), CONNECTIONS (32), LARGE (1000000; 0 skips part 3),
CATCHUP_WRITES (20000), ROUNDS (3, of part 2, alternating); SMOKE=1
makes them 2, 20000, 400 and 1. Exits 1 when a write or read failed.
"""

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMOKE = os.environ.get("SMOKE") == "1"
BIN = os.environ.get("BIN", os.path.join(ROOT, "target/release/innograph"))
SECONDS = float(os.environ.get("SECONDS", "2" if SMOKE else "10"))
WRITERS = int(os.environ.get("WRITERS", "8"))
WRITE_RATE = float(os.environ.get("WRITE_RATE", "500"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
LARGE = int(os.environ.get("LARGE", "20000" if SMOKE else "1000000"))
CATCHUP_WRITES = int(os.environ.get("CATCHUP_WRITES", "400" if SMOKE else "20000"))
ROUNDS = int(os.environ.get("ROUNDS", "1" if SMOKE else "3"))
EXTRA = "--workers 1 --key-rate 0"

CREATE = (
    "mutation($id: ID!, $src: [ID!]!) { createEntity(input: {id: $id, kind: COMPANY,"
    ' name: "Bench Co"}, reason: "bench", sources: $src) { revision } }'
)
READ = "{ stats { entities } }"

failures = []


class Conn:
    """One keep-alive HTTP connection to a replica's /graphql."""

    def __init__(self, url, key=None):
        host, port = url.removeprefix("http://").split(":")
        self.http = http.client.HTTPConnection(host, int(port), timeout=30)
        self.key = key

    def post(self, query, variables=None, headers=None):
        """The answer's `data`, or None (recorded as a failure)."""
        h = {"Content-Type": "application/json", "Accept": "application/graphql-response+json"}
        if self.key:
            h["Authorization"] = f"Bearer {self.key}"
        h.update(headers or {})
        body = json.dumps({"query": query, "variables": variables or {}})
        try:
            self.http.request("POST", "/graphql", body, h)
            res = self.http.getresponse()
            text = res.read()
        except (OSError, http.client.HTTPException) as e:
            failures.append(f"{type(e).__name__}: {e}")
            self.http.close()
            return None
        answer = json.loads(text) if text else {}
        if res.status != 200 or "errors" in answer:
            failures.append(f"{res.status} {text[:200]!r}")
            return None
        return answer["data"]


class Deployment:
    """deploy/replicas.sh in a folder of its own."""

    def __init__(self, replicas, data=None):
        self.dir = tempfile.mkdtemp(prefix="innograph-bench-replicas.")
        self.env = dict(os.environ, INNOGRAPH_DEPLOY_DIR=self.dir, BIN=BIN, EXTRA=EXTRA)
        if data:
            self.env["DATA"] = data
        self.script("start", str(replicas))
        self.journal = self.read("journal.url")
        self.lb = self.read("lb.url")
        self.key = subprocess.run(
            [BIN, "keys", "create", "--journal", self.journal, "--name", "bench", "--scope", "curate"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()

    def script(self, *args):
        return subprocess.run(
            [os.path.join(ROOT, "deploy/replicas.sh"), *args],
            env=self.env, check=True, capture_output=True, text=True,
        ).stdout.strip()

    def read(self, name):
        with open(os.path.join(self.dir, name)) as f:
            return f.read().strip()

    def url(self, i):
        return f"http://127.0.0.1:{self.read(f'replica-{i}.port')}"

    def rss_mib(self, i):
        with open(f"/proc/{self.read(f'replica-{i}.pid')}/status") as f:
            kib = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
        return kib / 1024

    def started(self, i):
        """(data load s, replay s, revision at start, ready s) from replica i's log."""
        with open(os.path.join(self.dir, f"replica-{i}.log")) as f:
            log = f.read()
        m = re.findall(
            r"at revision (\d+), replayed in ([\d.]+) s\), data loaded in ([\d.]+) s, ready in ([\d.]+) s",
            log,
        )[-1]
        return float(m[2]), float(m[1]), int(m[0]), float(m[3])

    def stop(self):
        self.script("stop")


def quantiles(xs):
    xs = sorted(xs)
    if not xs:
        return float("nan"), float("nan")
    return statistics.median(xs), xs[min(len(xs) - 1, round(0.99 * (len(xs) - 1)))]


def source_id(url):
    return Conn(url).post("{ sources { id } }")["sources"][0]["id"]


def writers(url, key, src, rate, count, stop, tag):
    """WRITERS threads writing `count` changes each (or until `stop`),
    together `rate` per second (0: as fast as acknowledged)."""
    done = [0]
    lock = threading.Lock()

    def run(w):
        c = Conn(url, key)
        interval = WRITERS / rate if rate else 0
        next_at = time.monotonic()
        for n in range(count):
            if stop.is_set():
                break
            if interval:
                next_at += interval
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            if c.post(CREATE, {"id": f"company/bench-{tag}-{w}-{n}", "src": [src]}):
                with lock:
                    done[0] += 1

    threads = [threading.Thread(target=run, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    return threads, done


def probe(d, src, seconds):
    """Lag samples (ms) and plain-read samples (ms) on replica 2."""
    w, r = Conn(d.url(1), d.key), Conn(d.url(2))
    lags, reads, n = [], [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
        data = w.post(CREATE, {"id": f"company/bench-probe-{time.time_ns()}", "src": [src]})
        if not data:
            continue
        rev = data["createEntity"]["revision"]
        t = time.perf_counter()
        if r.post(READ, headers={"X-Min-Revision": str(rev)}) is not None:
            lags.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        if r.post(READ) is not None:
            reads.append((time.perf_counter() - t) * 1000)
        time.sleep(0.01)
    return lags, reads


def lag(d):
    src = source_id(d.url(1))
    lags, reads = probe(d, src, SECONDS / 2)
    p = quantiles(lags)
    print(f"lag idle: p50 {p[0]:.2f} ms, p99 {p[1]:.2f} ms ({len(lags)} probes; "
          f"a plain read on replica 2: p50 {quantiles(reads)[0]:.2f} ms)")
    stop = threading.Event()
    t0 = time.monotonic()
    threads, done = writers(d.url(1), d.key, src, WRITE_RATE, 10**9, stop, "load")
    lags, reads = probe(d, src, SECONDS)
    stop.set()
    for t in threads:
        t.join()
    rate = done[0] / (time.monotonic() - t0)
    p = quantiles(lags)
    print(f"lag under {rate:.0f} writes/s (asked {WRITE_RATE:.0f}): p50 {p[0]:.2f} ms, p99 {p[1]:.2f} ms "
          f"({len(lags)} probes; a plain read on replica 2: p50 {quantiles(reads)[0]:.2f} ms)")


def throughput(d):
    samples = tempfile.mkdtemp(prefix="innograph-bench-samples.")
    ids = Conn(d.lb).post("{ entities(first: 100) { edges { node { id } } } }")
    with open(os.path.join(samples, "ids.txt"), "w") as f:
        f.write("\n".join(e["node"]["id"] for e in ids["entities"]["edges"]) + "\n")
    with open(os.path.join(samples, "words.txt"), "w") as f:
        f.write("park\n")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, int(SECONDS))}s", "--timeout", "10s",
         "-s", os.path.join(ROOT, "benches/http/graphql.lua"), f"{d.lb}/graphql"],
        env=dict(os.environ, SCENARIO="path", SAMPLES=samples),
        check=True, capture_output=True, text=True,
    ).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    if " failures=0 socket_errors=0" not in line:
        failures.append(line)
    return line


def large():
    data = os.path.join(ROOT, f"target/bench-data/{LARGE}-{LARGE * 5}-1")
    if not os.path.isfile(os.path.join(data, "relations.jsonl")):
        subprocess.run([BIN, "generate", "--entities", str(LARGE), "--relations", str(LARGE * 5),
                        "--seed", "1", "--out", data], check=True)
    d = Deployment(1, data)
    try:
        load, _, _, ready = d.started(1)
        print(f"{LARGE} entities: replica 1 loaded the data in {load:.2f} s, ready in {ready:.2f} s, "
              f"RSS {d.rss_mib(1):.0f} MiB")
        src = source_id(d.url(1))
        t0 = time.monotonic()
        threads, done = writers(d.url(1), d.key, src, 0, CATCHUP_WRITES // WRITERS, threading.Event(), "large")
        for t in threads:
            t.join()
        secs = time.monotonic() - t0
        print(f"{done[0]} writes through replica 1 in {secs:.1f} s ({done[0] / secs:.0f}/s); "
              f"replica 1 RSS now {d.rss_mib(1):.0f} MiB")
        i = int(d.script("add-replica"))
        load, replay, rev, ready = d.started(i)
        print(f"replica {i} started empty: data loaded in {load:.2f} s, {rev} changes replayed in "
              f"{replay:.2f} s ({rev / replay:.0f} changes/s), ready in {ready:.2f} s, "
              f"RSS {d.rss_mib(i):.0f} MiB")
    finally:
        d.stop()


def rps(line):
    return float(re.search(r"rps=(\d+)", line).group(1))


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit(f"no innograph binary at {BIN} (cargo build --release, or set BIN)")
    print(f"replicas bench: {SECONDS:.0f} s phases, {WRITERS} writers, replicas with `{EXTRA}`")
    two, one = Deployment(2), Deployment(1)
    try:
        lag(two)
        # Alternating rounds, each deployment idle while the other is measured.
        by = {1: [], 2: []}
        for r in range(ROUNDS):
            for n, d in ((1, one), (2, two)):
                line = throughput(d)
                by[n].append(rps(line))
                print(f"round {r + 1}, reads through haproxy, {n} replica(s): {line}")
        m1, m2 = statistics.median(by[1]), statistics.median(by[2])
        print(f"read throughput, median of {ROUNDS}: 1 replica {m1:.0f}/s, 2 replicas {m2:.0f}/s "
              f"({m2 / m1:.2f}x)")
    finally:
        two.stop()
        one.stop()
    if LARGE:
        large()
    if failures:
        print(f"{len(failures)} failures, the first: {failures[0]}")
        sys.exit(1)


if __name__ == "__main__":
    main()
