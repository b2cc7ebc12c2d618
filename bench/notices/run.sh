#!/usr/bin/env bash
# Notices benchmark on PostgreSQL: the daily scan over the register, then delivery throughput
# through Celery (Redis broker) to the fake HTTP SMS provider on loopback.
# Data: bench/seed/run.sh into DB first (PERSONS=2100000 gives about 1,000,000 vehicles and
# 1,460,000 licenses). Environment: DB (jg_notices), DAY (the seed's as-of day, default today),
# BROKER (redis://127.0.0.1:6379/12), MESSAGES (6000), CONCURRENCY (4).
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${MESSAGES:=40}" "${CONCURRENCY:=1}" "${WORKER_START_SECONDS:=0}"
  export MESSAGES CONCURRENCY WORKER_START_SECONDS
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

DB="${DB:-jg_notices}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded
export CELERY_BROKER_URL="${BROKER:-redis://127.0.0.1:6379/12}"
PYTHON="${PYTHON:-.venv/bin/python}"
day_args=()
[[ -n "${DAY:-}" ]] && day_args=(--day "$DAY")

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" manage.py migrate --skip-checks -v0
psql -d "$DB" -Atc "SELECT 'vehicles ' || count(*) FROM vehicles_vehicle
  UNION ALL SELECT 'licenses ' || count(*) FROM drivers_drivinglicense
  UNION ALL SELECT 'points records ' || count(*) FROM drivers_pointsrecord"
psql -d "$DB" -qc "TRUNCATE notices_noticemessage, notices_notice, notices_scananchor, notices_scanrun CASCADE"
psql -d "$DB" -qc "VACUUM ANALYZE"

echo "== daily scan, first run of the day (inserts every notice)"
"$PYTHON" manage.py notices_scan --skip-checks "${day_args[@]}"
echo "== daily scan, second run of the same day (finds everything already noticed)"
"$PYTHON" manage.py notices_scan --skip-checks "${day_args[@]}"

echo "== delivery through Celery to the fake provider on loopback"
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null
rm -f /tmp/jg_notices_provider.url
"$PYTHON" bench/notices/provider.py /tmp/jg_notices_provider.url > /tmp/jg_notices_provider.log &
PROVIDER=$!
trap 'kill $PROVIDER 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s /tmp/jg_notices_provider.url ]] && break; sleep 0.1; done
SMS_HTTP_URL="$(cat /tmp/jg_notices_provider.url)" "$PYTHON" bench/notices/delivery.py
tail -n1 /tmp/jg_notices_provider.log
