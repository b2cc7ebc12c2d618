#!/usr/bin/env bash
# Identity look-ups and log-in on a seeded register (issue 12: before and after encryption).
# Seeds PERSONS people (default 1,000,000) into a fresh database DB (jg_identity_bench), then
# runs bench.py: pk (baseline), id_number, phone, login_lookup, login.
# Environment: PERSONS, LOOKUPS (20000), LOGINS (200), DB, PGHOST, PGPORT, PGUSER, PYTHON.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${PERSONS:=600}" "${LOOKUPS:=200}" "${LOGINS:=5}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
PERSONS="${PERSONS:-1000000}"
DB="${DB:-jg_identity_bench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-jiaoguan.settings.embedded}"
PYTHON="${PYTHON:-.venv/bin/python}"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
dropdb --if-exists "$DB"
createdb "$DB"
"$PYTHON" manage.py migrate --skip-checks -v0
start=$(date +%s)
"$PYTHON" manage.py seed --skip-checks --persons "$PERSONS" --seed 2026 >/dev/null
echo "== seeded $PERSONS people in $(( $(date +%s) - start )) s"
psql -d "$DB" -qc "VACUUM ANALYZE"
"$PYTHON" bench/identity/bench.py "${LOOKUPS:-20000}" "${LOGINS:-200}"
