#!/usr/bin/env bash
# Make sure a Chromium is there for the browser tests. Debian's package when we
# can install it (root with apt-get); otherwise any chromium or chrome on PATH.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium chromium chromium-browser google-chrome; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
    echo "browser: $(command -v "$candidate")"
    exit 0
  fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "browser: no Chromium found and none can be installed; CI needs one" >&2
  exit 1
fi
echo "browser: no Chromium found; browser tests will be skipped (install Debian's 'chromium')" >&2
