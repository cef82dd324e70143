#!/usr/bin/env bash
# One command for each job on a fresh machine:
#   bash run.sh demo    set up everything, fill a demo township, serve it on http://127.0.0.1:8000/
#   bash run.sh test    set up everything, run the whole test suite on SQLite and on PostgreSQL
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"

setup() {
  if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
}

case "${1:-}" in
  demo)
    shift
    setup
    # the work summary's charts need a CJK font, its PDF LibreOffice; the rest runs without them
    bash scripts/office.sh || echo "note: could not install fonts-noto-cjk / LibreOffice; the summary's charts or PDF may be unavailable" >&2
    exec .venv/bin/weijian demo "$@"
    ;;
  test)
    shift
    setup
    bash scripts/chromium.sh  # the browser tests drive Debian's chromium
    bash scripts/office.sh    # the work summary: a CJK font for its charts, LibreOffice for its PDF
    export WEIJIAN_DATA_DIR="${WEIJIAN_DATA_DIR:-$(mktemp -d)}"
    echo "== tests on SQLite"
    env -u DATABASE_URL .venv/bin/python -m pytest "$@"
    echo "== tests on PostgreSQL"
    eval "$(bash scripts/postgres.sh)"
    .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash run.sh demo|test [options]" >&2
    exit 2
    ;;
esac
