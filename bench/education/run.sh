#!/usr/bin/env bash
# Study heartbeats per second with p99 (issue 16): bench.py on a fresh database DB.
# Environment: LEARNERS (200), BEATS (100 per learner), WORKERS (4), DB (jg_education_bench),
# PGHOST, PGPORT, PGUSER, PYTHON.
# bench-small-mode: BENCH_SMALL=1 (a smoke run: 10 learners, 20 beats, 2 workers; the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${LEARNERS:=10}" "${BEATS:=20}" "${WORKERS:=2}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
DB="${DB:-jg_education_bench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-jiaoguan.settings.embedded}"
export REDIS_URL=""
PYTHON="${PYTHON:-.venv/bin/python}"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
dropdb --if-exists "$DB"
createdb "$DB"
"$PYTHON" manage.py migrate --skip-checks -v0
"$PYTHON" bench/education/bench.py "${LEARNERS:-200}" "${BEATS:-100}" "${WORKERS:-4}"
