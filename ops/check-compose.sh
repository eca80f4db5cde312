#!/usr/bin/env bash
# Validates docker-compose.yml against the current Compose Specification and dclint's rules, without a Docker engine.
#   ops/check-compose.sh            # uses ops/node_modules/.bin/dclint (or $DCLINT, or dclint on the PATH)
#   ops/check-compose.sh --install  # only installs dclint into ops/node_modules (npm; not committed)
# Exit codes: 0 valid, 1 invalid, 3 dclint is not installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DCLINT_VERSION=3.1.0

if [ "${1:-}" = "--install" ]; then
  npm install --prefix "$ROOT/ops" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "dclint@$DCLINT_VERSION" >/dev/null
  echo "dclint $DCLINT_VERSION installed in ops/node_modules"
  exit 0
fi

dclint="${DCLINT:-}"
if [ -z "$dclint" ]; then
  if [ -x "$ROOT/ops/node_modules/.bin/dclint" ]; then
    dclint="$ROOT/ops/node_modules/.bin/dclint"
  elif command -v dclint >/dev/null; then
    dclint="$(command -v dclint)"
  else
    echo "dclint is not installed; run ops/check-compose.sh --install first (needs node and npm)" >&2
    exit 3
  fi
fi

# dclint exits non-zero on schema errors and rule errors; warnings are printed but do not fail.
"$dclint" "$ROOT/docker-compose.yml"
echo "docker-compose.yml: valid (Compose Specification, dclint $("$dclint" --version 2>/dev/null || echo "?"))"
