#!/usr/bin/env bash
# TimelineJS from npm, pinned by tests/browser/timelinejs/package-lock.json:
# the reference `make compare` measures against, and the consumer the XSS
# browser test feeds our timelinejs.json to. Skips the work when it is there.
set -euo pipefail
cd "$(dirname "$0")/browser/timelinejs"
if [ -f node_modules/@knight-lab/timelinejs/dist/js/timeline.js ]; then
  echo "timelinejs: $(pwd)/node_modules/@knight-lab/timelinejs"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq npm >/dev/null
  else
    echo "timelinejs: npm not found; the TimelineJS tests will be skipped" >&2
    exit 0
  fi
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
echo "timelinejs: installed $(pwd)/node_modules/@knight-lab/timelinejs"
