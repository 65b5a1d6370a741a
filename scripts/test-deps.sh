#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine (Debian, root).
# Idempotent: when everything is already there it only checks and exits (<2 s).
#   - Chromium (Debian package) for tests/browser/check.mjs
#   - tests/browser npm dependencies (npm ci, from package-lock.json)
#   - Python test requirements (tests/python-requirements.txt), moto's
#     server extras included (an S3 server on loopback for the storage test)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'test-deps: %s\n' "$*"; }

# --- Chromium ---------------------------------------------------------------
if [[ -x /usr/bin/chromium ]]; then
  say "chromium: already installed"
else
  say "chromium: installing (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  say "chromium: installed ($(/usr/bin/chromium --version 2>/dev/null | head -n1 || echo 'version unknown'))"
fi

# --- tests/browser npm packages ----------------------------------------------
BROWSER_DIR="$ROOT/tests/browser"
if [[ ! -d "$BROWSER_DIR/node_modules" \
   || ! -f "$BROWSER_DIR/node_modules/.package-lock.json" \
   || "$BROWSER_DIR/package-lock.json" -nt "$BROWSER_DIR/node_modules/.package-lock.json" ]]; then
  say "tests/browser: npm ci"
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
else
  say "tests/browser: node_modules up to date"
fi

# --- Python test requirements --------------------------------------------------
REQS="$ROOT/tests/python-requirements.txt"
if [[ -f "$REQS" ]]; then
  if ! grep -Eq '^[[:space:]]*[^#[:space:]]' "$REQS"; then
    say "python: no requirements listed"
  elif python3 - "$REQS" <<'PY' 2>/dev/null
# Exit 0 only if every requirement line is already satisfied (skips a ~1.5 s pip run).
import sys, importlib.metadata as md
from pip._vendor.packaging.requirements import Requirement
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)  # raises on pip options (-r, -e, URLs...): then pip decides
    if req.marker and not req.marker.evaluate():
        continue
    if not req.specifier.contains(md.version(req.name), prereleases=True):
        sys.exit(1)
PY
  then
    say "python: requirements already satisfied"
  else
    say "python: pip install -r tests/python-requirements.txt"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$REQS"
  fi
fi

# The check above reads versions, not extras: moto without its server
# extras (Flask) would pass it and fail the S3 test.
if grep -q '^moto\[server\]' "$REQS" && ! python3 -c 'import moto.server' 2>/dev/null; then
  say "python: installing moto's server extras"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    "$(grep '^moto\[server\]' "$REQS")"
fi

say "done"
