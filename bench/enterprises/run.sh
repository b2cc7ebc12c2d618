#!/usr/bin/env bash
# Key-entity reports benchmark on PostgreSQL (issue 19): every report scan over the register
# (every organisation at once), the monthly runs that queue the signed webhooks (first run and
# rerun), and one organisation's page of each report.
# Data: bench/seed/run.sh into DB first (PERSONS=1000000); scan.py prepare adds the accounts,
# consenting drivers, camera records and endpoints the seed does not make.
# Environment: DB (jg_enterprises_bench), BROKER (redis://127.0.0.1:6379/12: the webhooks are
# queued there and flushed, never sent), DRIVERS (25 per account), RECORDED_SHARE (0.3).
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${DRIVERS:=3}"
  export DRIVERS
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

DB="${DB:-jg_enterprises_bench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded
export CELERY_BROKER_URL="${BROKER:-redis://127.0.0.1:6379/12}"
PYTHON="${PYTHON:-.venv/bin/python}"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" manage.py migrate --skip-checks -v0
psql -d "$DB" -Atc "SELECT 'persons ' || count(*) FROM identity_person
  UNION ALL SELECT 'vehicles ' || count(*) FROM vehicles_vehicle
  UNION ALL SELECT 'organisation vehicles ' || count(*) FROM vehicles_vehicle
    WHERE owner_organization_id IS NOT NULL
  UNION ALL SELECT 'licences ' || count(*) FROM drivers_drivinglicense"
"$PYTHON" bench/enterprises/scan.py prepare
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null
"$PYTHON" bench/enterprises/scan.py scan
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null
