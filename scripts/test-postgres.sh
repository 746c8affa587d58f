#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the test suite and print its URL.
# Installs the Debian package when no server is on the machine (needs root, as on CI).
# Usage: eval "$(scripts/test-postgres.sh)"   → exports TEST_POSTGRES_URL (and _BIN, _DATA, _STARTED=1 when
# this call started the server; `scripts/test-postgres.sh stop` stops a server started so)
set -euo pipefail
PORT="${TEST_POSTGRES_PORT:-54329}"
DATA="${TEST_POSTGRES_DATA:-/tmp/integritetsbot-pg-$PORT}"

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

if [ "${1:-}" = stop ]; then
  if [ "${TEST_POSTGRES_STARTED:-0}" = 1 ] && [ -n "${TEST_POSTGRES_DATA:-}" ] && [ -n "${TEST_POSTGRES_BIN:-}" ]; then
    RUN=()
    [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
    "${RUN[@]}" "$TEST_POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$TEST_POSTGRES_DATA"
  fi
  exit 0
fi

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "echo 'PostgreSQL is not installed and we are not root: skipping PostgreSQL tests' >&2"
    exit 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq postgresql >/dev/null 2>&1 || apt-get install -y -qq postgresql
  BIN=$(find_bin)
fi

RUN=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  RUN=(runuser -u postgres --)
fi

STARTED=0
if ! "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q 2>/dev/null; then
  STARTED=1
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  "${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp -c fsync=off -c max_connections=200" start >/dev/null
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='integritetsbot_test'" \
  | grep -q 1 || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres integritetsbot_test
echo "export TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/integritetsbot_test"
echo "export TEST_POSTGRES_BIN=$BIN"
echo "export TEST_POSTGRES_DATA=$DATA"
echo "export TEST_POSTGRES_STARTED=$STARTED"
