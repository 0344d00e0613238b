#!/usr/bin/env bash
# Installs the client suite's pinned dependencies: the npm packages from
# package-lock.json (npm ci) and Python gql from requirements.txt into
# tests/clients/.venv.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --silent --no-audit --no-fund
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
