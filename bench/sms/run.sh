#!/usr/bin/env bash
# Inbound SMS answered per second through the SMPP simulator (issue 20), beside the echo
# baseline of the same links. Seeds PERSONS people (default 20,000) into a fresh database DB
# (jg_sms_bench), opens ACCOUNTS accounts with the PIN, then runs MESSAGES messages (default
# 5,000) through WORKERS receiver processes (default 4), echo first, then the platform.
# Environment: PERSONS, ACCOUNTS (2000), MESSAGES, WORKERS, DB, PGHOST, PGPORT, PGUSER, PYTHON.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${PERSONS:=400}" "${ACCOUNTS:=100}" "${MESSAGES:=60}" "${WORKERS:=2}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
PERSONS="${PERSONS:-20000}" ACCOUNTS="${ACCOUNTS:-2000}" MESSAGES="${MESSAGES:-5000}"
WORKERS="${WORKERS:-4}" DB="${DB:-jg_sms_bench}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-jiaoguan.settings.embedded}"
# Replies go out in the receiving process (Celery eager): with a broker named, they would wait
# in its queue for a worker this benchmark does not start (CI exports REDIS_URL).
unset REDIS_URL CELERY_BROKER_URL
# Many numbers, each sending a few messages: the per-number hourly limit does not apply here.
export HOTLINE_SMS_PER_HOUR="${HOTLINE_SMS_PER_HOUR:-1000}"
PYTHON="${PYTHON:-.venv/bin/python}"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
dropdb --if-exists "$DB"
createdb "$DB"
"$PYTHON" manage.py migrate --skip-checks -v0
"$PYTHON" manage.py seed --skip-checks --persons "$PERSONS" --seed 2026 >/dev/null 2>&1
"$PYTHON" bench/sms/bench.py prepare "$ACCOUNTS"
"$PYTHON" bench/sms/bench.py run echo "$MESSAGES" "$WORKERS"
"$PYTHON" bench/sms/bench.py run platform "$MESSAGES" "$WORKERS"
