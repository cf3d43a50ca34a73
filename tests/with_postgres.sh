#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, started here and
# removed afterwards. With DATABASE_URL already set, just run the command.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$bindir" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi
if [ -z "$bindir" ]; then
  echo "postgres: no PostgreSQL server found; install it or set DATABASE_URL" >&2
  exit 1
fi

data=$(mktemp -d /tmp/timeline-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = 0 ]; then  # PostgreSQL refuses to run as root
  chown postgres "$data"
  as_owner=(runuser -u postgres --)
fi
cleanup() { "${as_owner[@]}" "$bindir/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$data"; }
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$data/db" -U timeline --auth=trust >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
echo "postgres: throwaway cluster on 127.0.0.1:$port"
DATABASE_URL="postgres://timeline@127.0.0.1:$port/postgres" "$@"
