#!/usr/bin/env bash
# Allocation benchmark. 1) the pure core: APPLICANTS x 5 preferences over SESSIONS sessions on
# one core; 2) the whole close from PostgreSQL: read every preference list, allocate, write
# every result and booking (COPY), publish input and result; timed with its peak memory.
# Environment: APPLICANTS (1000000), SESSIONS (5000), DB_APPLICANTS (= APPLICANTS), DB
# (jg_exams; its tables are dropped and re-created here), PGHOST/PGPORT/PGUSER.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${APPLICANTS:=2000}" "${SESSIONS:=50}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
APPLICANTS="${APPLICANTS:-1000000}"
SESSIONS="${SESSIONS:-5000}"
DB_APPLICANTS="${DB_APPLICANTS:-$APPLICANTS}"
DB="${DB:-jg_exams}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-jiaoguan.settings.embedded}"
PYTHON="${PYTHON:-.venv/bin/python}"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM"
if [[ "${SKIP_CORE:-}" != "1" ]]; then
  echo "== core: $APPLICANTS applicants x 5 over $SESSIONS sessions"
  /usr/bin/time -f "core process peak RSS %M KiB" "$PYTHON" bench/allocation/core.py \
    --applicants "$APPLICANTS" --sessions "$SESSIONS"
fi
if [[ "${SKIP_DB:-}" != "1" ]]; then
  echo "== database $DB: fresh schema, $DB_APPLICANTS applicants"
  PGOPTIONS="-c client_min_messages=warning" psql -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" "$DB"
  "$PYTHON" manage.py migrate --skip-checks -v0
  "$PYTHON" bench/allocation/prepare_db.py --applicants "$DB_APPLICANTS" --sessions "$SESSIONS"
  echo "== close (read, allocate, write every result and booking, publish)"
  start=$(date +%s.%N)
  /usr/bin/time -f "close process peak RSS %M KiB" "$PYTHON" manage.py exams close BENCH
  echo "close wall time: $(echo "$(date +%s.%N) - $start" | bc) s"
  psql -Atc "SELECT 'results ' || count(*) FROM exams_allocationresult" "$DB"
  psql -Atc "SELECT 'bookings ' || count(*) FROM exams_exambooking" "$DB"
  "$PYTHON" manage.py exams verify BENCH
fi
