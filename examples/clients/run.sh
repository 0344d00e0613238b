#!/usr/bin/env bash
# Runs both client examples against a running innograph server and checks
# that they print the same walk:
#   examples/clients/run.sh http://127.0.0.1:PORT [DISTRICT ...]
# (DISTRICT defaults to region/yangpu). Installs what is missing first:
# typescript/node_modules (npm ci) and python/.venv (requirements.txt).
# Exits non-zero when a walk fails or the two print different lines.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="${1:-}"
if [ -z "$url" ]; then
  echo "usage: $0 http://127.0.0.1:PORT [DISTRICT ...]" >&2
  exit 2
fi
url="${url%/}"
shift
districts=("$@")
[ ${#districts[@]} -gt 0 ] || districts=(region/yangpu)

cd "$here/typescript"
[ -d node_modules ] || npm ci --silent --no-audit --no-fund
INNOGRAPH_URL="$url" npm run --silent generate -- --silent
npm run --silent build
cd "$here/python"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for district in "${districts[@]}"; do
  node "$here/typescript/build/walk.js" "$url" "$district" >"$out/ts.txt"
  "$here/python/.venv/bin/python" "$here/python/walk.py" "$url" "$district" >"$out/py.txt"
  if ! diff -u "$out/ts.txt" "$out/py.txt"; then
    echo "FAIL $district: the TypeScript and Python walks differ" >&2
    exit 1
  fi
  echo "ok - $district: $(tail -1 "$out/ts.txt")"
done
