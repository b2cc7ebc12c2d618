#!/usr/bin/env bash
# Tracking events applied per second (bench/postal/tracking.py): signed sandbox pushes through
# the API in one process, against PostgreSQL (it creates and drops test_<DB>).
# Environment: SHIPMENTS (200), DUPLICATES (percent pushed twice, 20), DB (jg_postal), PGHOST,
# PGPORT, PGUSER, PYTHON.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: 10 shipments, the same code paths; its
# figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${SHIPMENTS:=10}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${DB:-jg_postal}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" bench/postal/tracking.py --shipments "${SHIPMENTS:-200}" --duplicates "${DUPLICATES:-20}"
