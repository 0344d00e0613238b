#!/usr/bin/env python3
"""Times how fast each class of hostile request is refused, and checks that
memory stays flat.

    benches/http/attacks.py [BIN] [ROUNDS]

Starts BIN (default target/release/innograph) on the built-in data on a
free port, sends each attack ROUNDS times (default 50), and prints per
attack the status, `extensions.code` and median / max latency, then the
server's resident memory before and after. Exits 1 if any attack gets an
unexpected status or code, or if resident memory grows by more than 64 MB.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/innograph"
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 50


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fan_out(levels, fan):
    doc = "query { ...F0 }\n"
    for level in range(levels):
        spreads = f"...F{level + 1} " * fan
        doc += f"fragment F{level} on Query {{ {spreads}}}\n"
    return doc + f"fragment F{levels} on Query {{ __typename }}\n"


def gql(query):
    return json.dumps({"query": query}).encode()


ATTACKS = [
    # name, method, content type, body or query string, status, code
    ("deep nesting (40 levels)", "POST", "application/json", gql("{ a " * 40 + "}" * 40), 400, "MAX_DEPTH"),
    ("alias flood (200)", "POST", "application/json",
     gql("{ stats { " + " ".join(f"a{i}: entities" for i in range(200)) + " } }"), 400, "MAX_ALIASES"),
    ("30k __typename aliases", "POST", "application/json",
     gql("{ " + " ".join(f"t{i}: __typename" for i in range(30000)) + " }"), 400, "MAX_BYTES"),
    ("100k __typename aliases", "POST", "application/json",
     gql("{ " + " ".join(f"t{i}: __typename" for i in range(100000)) + " }"), 413, "PAYLOAD_TOO_LARGE"),
    ("field duplication (3000)", "POST", "application/json", gql("{ stats { " + "entities " * 3000 + "} }"), 400, "MAX_SELECTIONS"),
    ("fragment fan-out 24 levels x2", "POST", "application/json", gql(fan_out(24, 2)), 400, "MAX_SELECTIONS"),
    ("fragment fan-out 8 levels x16", "POST", "application/json", gql(fan_out(8, 16)), 400, "MAX_SELECTIONS"),
    ("circular fragments", "POST", "application/json",
     gql("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"), 400, "FRAGMENT_CYCLE"),
    ("directive flood (200)", "POST", "application/json", gql("{ __typename " + "@include(if: true) " * 200 + "}"), 400, "MAX_DIRECTIVES"),
    ("token flood (15k)", "POST", "application/json", gql("{ " + "a," * 15000 + " }"), 400, "MAX_TOKENS"),
    ("1M-token document", "POST", "application/json", gql("{ " + "a " * 1000000 + "}"), 413, "PAYLOAD_TOO_LARGE"),
    ("10 MB body", "POST", "application/json",
     json.dumps({"query": "{ __typename }", "pad": "x" * (10 << 20)}).encode(), 413, "PAYLOAD_TOO_LARGE"),
    ("batch of 2", "POST", "application/json",
     json.dumps([{"query": "{ __typename }"}, {"query": "{ __typename }"}]).encode(), 400, "BATCH_NOT_SUPPORTED"),
    # A page size out of range is the field's error (200, the field null),
    # costed by the guard as the largest page.
    ("first: 1e9 (field error)", "POST", "application/json",
     gql("{ entities(first: 1000000000) { edges { node { relations(first: 100) { totalCount } } } } }"), 200, "BAD_USER_INPUT"),
    ("mutation over GET", "GET", None, "query=mutation%20%7B%20__typename%20%7D", 405, "METHOD_NOT_ALLOWED"),
    ("text/plain POST", "POST", "text/plain", gql("{ __typename }"), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("form POST", "POST", "application/x-www-form-urlencoded", b"query=%7B__typename%7D", 415, "UNSUPPORTED_MEDIA_TYPE"),
]


def send(base, method, ctype, body):
    if method == "GET":
        req = urllib.request.Request(f"{base}/graphql?{body}", method="GET")
    else:
        req = urllib.request.Request(f"{base}/graphql", data=body, method="POST")
        req.add_header("content-type", ctype)
    req.add_header("accept", "application/graphql-response+json")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            status, text = res.status, res.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    except (ConnectionResetError, BrokenPipeError):
        # The server answered early and closed while the body was still
        # being sent; count the time, the status is unknown.
        return None, None, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    try:
        code = json.loads(text)["errors"][0]["extensions"]["code"]
    except (ValueError, KeyError, IndexError, TypeError):
        code = None
    return status, code, elapsed


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    port = free_port()
    server = subprocess.Popen([BIN, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--read-only"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # Warm up, then take the baseline memory.
        for _ in range(20):
            send(base, "POST", "application/json", gql("{ stats { entities } }"))
        before = rss_kb(server.pid)
        bad = 0
        print(f"{'attack':34} {'status':>6} {'code':24} {'median':>9} {'max':>9}")
        for name, method, ctype, body, want_status, want_code in ATTACKS:
            times, seen = [], set()
            for _ in range(ROUNDS):
                status, code, elapsed = send(base, method, ctype, body)
                times.append(elapsed * 1000)
                if status is not None:
                    seen.add((status, code))
            ok = seen == {(want_status, want_code)}
            bad += 0 if ok else 1
            shown = ", ".join(f"{s} {c}" for s, c in sorted(seen, key=str)) or "(connection closed)"
            print(f"{name:34} {shown if not ok else want_status:>6} {'' if not ok else want_code:24} "
                  f"{statistics.median(times):7.2f}ms {max(times):7.2f}ms{'' if ok else '  UNEXPECTED'}")
        after = rss_kb(server.pid)
        grown = after - before
        print(f"resident memory: {before} kB before, {after} kB after ({grown:+} kB)")
        if grown > 64 * 1024:
            print("memory grew by more than 64 MB")
            bad += 1
        return 1 if bad else 0
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
