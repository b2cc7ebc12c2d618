#!/usr/bin/env bash
# Papers applications submitted per second beside the bare /api/v1/health in the same run
# (bench/applications/submissions.py): the renewal form pressed twice (SMS code, then the
# code), in one process, against PostgreSQL (it creates and drops test_<DB>).
# Environment: CITIZENS (200), HEALTH (2000), DB (jg_applications), PGHOST, PGPORT, PGUSER,
# PYTHON.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: 5 citizens, 50 health checks, the
# same code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${CITIZENS:=5}" "${HEALTH:=50}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${DB:-jg_applications}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" bench/applications/submissions.py --citizens "${CITIZENS:-200}" --health "${HEALTH:-2000}"
