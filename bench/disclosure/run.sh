#!/usr/bin/env bash
# Disclosure benchmark on PostgreSQL: every disclosure scan over the register (first run of the
# day, then a rerun), then the largest list streamed as CSV and JSON through the API.
# Data: bench/seed/run.sh into DB first (PERSONS=1000000). Environment: DB (jg_disclosure_bench),
# DAY (the seed's as-of day, default today).
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

DB="${DB:-jg_disclosure_bench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded
PYTHON="${PYTHON:-.venv/bin/python}"
day_args=()
[[ -n "${DAY:-}" ]] && day_args=(--day "$DAY")

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" manage.py migrate --skip-checks -v0
psql -d "$DB" -Atc "SELECT 'persons ' || count(*) FROM identity_person
  UNION ALL SELECT 'vehicles ' || count(*) FROM vehicles_vehicle
  UNION ALL SELECT 'licenses ' || count(*) FROM drivers_drivinglicense"
echo "== what the generator does not make: cancelled licences, school candidates' exams, a plan"
psql -d "$DB" -q -f bench/disclosure/events.sql
psql -d "$DB" -Atc "SELECT 'licences cancelled or revoked ' || count(*) FROM drivers_drivinglicense
  WHERE status IN ('cancelled', 'revoked')
  UNION ALL SELECT 'exam attempts ' || count(*) FROM exams_examattempt"
psql -d "$DB" -qc "TRUNCATE disclosure_entry, disclosure_dataset, disclosure_publicationrun CASCADE"
psql -d "$DB" -qc "VACUUM ANALYZE"

echo "== publication, first run of the day (every list inserted)"
"$PYTHON" manage.py disclosure_publish --skip-checks "${day_args[@]}"
echo "== publication, second run of the same day (snapshots replaced, announcements kept)"
"$PYTHON" manage.py disclosure_publish --skip-checks "${day_args[@]}"

echo "== the largest list streamed through the API"
"$PYTHON" bench/disclosure/download.py
