#!/usr/bin/env bash
# Start a private PostgreSQL server for the tests (installing Debian's postgresql if absent)
# and print the DATABASE_URL to use. Safe to run again: an already running server is reused.
#   usage: eval "$(bash scripts/postgres.sh)"     ->  exports DATABASE_URL
set -euo pipefail
PGPORT="${WEIJIAN_PG_PORT:-54329}"
PGDIR="${WEIJIAN_PG_DIR:-/tmp/weijian-pg-$PGPORT}"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

if ! BIN=$(find_bin); then
  echo "installing PostgreSQL from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

# PostgreSQL refuses to run as root: use the postgres account when we are root.
RUN=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  RUN=(runuser -u postgres --)
fi

mkdir -p "$PGDIR"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  "${RUN[@]}" "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
# shared_buffers: the benchmarks' county (a million persons) fits in PostgreSQL's own cache
# rather than being copied in from the system's page by page (the default is 128MB).
if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB" \
    start >/dev/null
fi
# WEIJIAN_PG_DB names the database (tests use test_<name>): parallel checkouts keep apart.
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/${WEIJIAN_PG_DB:-postgres}"
