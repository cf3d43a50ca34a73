#!/usr/bin/env bash
# Run a command with a throwaway Redis (REDIS_URL), started here and removed
# afterwards: the shared cache that several app servers use. With REDIS_URL
# already set, just run the command.
set -euo pipefail
if [ -n "${REDIS_URL:-}" ]; then exec "$@"; fi

if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq redis-server >/dev/null
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis: no redis-server found; install it (Debian: redis-server) or set REDIS_URL" >&2
  exit 1
fi

data=$(mktemp -d /tmp/timeline-redis.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  if [ -f "$data/pid" ]; then kill "$(cat "$data/pid")" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

# In memory only, bounded like production's (docs/operations.md): the least recently used keys go first.
redis-server --port "$port" --bind 127.0.0.1 --dir "$data" --save "" --appendonly no \
  --maxmemory 256mb --maxmemory-policy allkeys-lru \
  --daemonize yes --pidfile "$data/pid" --logfile "$data/log"
for _ in $(seq 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "redis: throwaway server on 127.0.0.1:$port"
REDIS_URL="redis://127.0.0.1:$port/0" "$@"
