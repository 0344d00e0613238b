#!/usr/bin/env bash
# Runs the four client checks against a running innograph server:
#   tests/clients/run.sh http://127.0.0.1:PORT
# (install first with tests/clients/install.sh). Prints a PASS or FAIL line
# per client and exits non-zero when any client failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="${1:-}"
if [ -z "$url" ]; then
  echo "usage: $0 http://127.0.0.1:PORT" >&2
  exit 2
fi
url="${url%/}"
python="${PYTHON:-$here/.venv/bin/python}"
[ -x "$python" ] || python=python3

passed=0
failed=0
summary=()
run_client() {
  local name="$1"
  shift
  echo "-- $name"
  if "$@" "$url"; then
    passed=$((passed + 1))
    summary+=("PASS $name")
  else
    failed=$((failed + 1))
    summary+=("FAIL $name")
  fi
}
run_client apollo node "$here/apollo/apollo.mjs"
run_client relay node "$here/relay/relay.mjs"
run_client codegen node "$here/codegen/codegen.mjs"
run_client gql "$python" "$here/gql/test_gql.py"

echo "-- clients against $url"
printf '%s\n' "${summary[@]}"
echo "clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
