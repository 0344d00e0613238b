#!/usr/bin/env bash
# kill -9 under load, the full figure: 8 clients send 10,000 writes (each
# with an idempotency key, retrying until acknowledged) while the server
# is killed and restarted; afterwards every acknowledged write must be
# there exactly once and the journal must pass its integrity check.
# `cargo test` runs the same test with 400 writes (INNOGRAPH_CRASH_WRITES).
set -euo pipefail
cd "$(dirname "$0")/.."
INNOGRAPH_CRASH_WRITES="${WRITES:-10000}" cargo test --release --locked --test integration crash:: -- --nocapture
