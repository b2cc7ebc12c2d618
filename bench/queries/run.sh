#!/usr/bin/env bash
# "My license and vehicles" (/api/v1/me/records) under load: gunicorn on loopback, PostgreSQL
# with the 1,000,000-person data set (bench/seed/run.sh), Redis as the cache, wrk for 30 s at
# 32 connections, each request as a citizen picked at random among USERS accounts.
# Three runs: records with a warm cache (every citizen's first answer of the day computed
# already), records with the cache off (every answer computed), and the bare endpoint
# (/api/v1/health, no database) as the ratio's denominator.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${USERS:=40}" "${DURATION:=2s}" "${CONNECTIONS:=4}" "${WORKERS:=1}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jg_seed_bench}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/5}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")}"
. bench/personal-data-keys.sh  # the seeder's keys: production settings need them too
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING
# Production refuses to start without real SMS and push gateways; this benchmark sends none.
export SMS_GATEWAY=http SMS_HTTP_URL=http://127.0.0.1:9/discard PUSH_GATEWAY=off
PORT="${PORT:-8765}" WORKERS="${WORKERS:-4}" USERS="${USERS:-2000}"
DURATION="${DURATION:-30s}" CONNECTIONS="${CONNECTIONS:-32}"
URL="http://127.0.0.1:$PORT"
OUT="${OUT:-/tmp/jiaoguan-bench}"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

.venv/bin/python manage.py migrate --noinput -v0
export TOKENS_FILE="$OUT/tokens.txt"
# Accounts are opened through the real registration flow, reading the codes from the outbox:
# the embedded settings with their outbox (not the production gateways above), same database.
env -u SMS_GATEWAY -u SMS_HTTP_URL -u PUSH_GATEWAY DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded \
  .venv/bin/python bench/queries/prepare.py "$USERS" "$TOKENS_FILE"
redis-cli -u "$REDIS_URL" flushdb >/dev/null

start_server() {  # $1: records cache seconds
  RECORDS_CACHE_SECONDS="$1" .venv/bin/gunicorn jiaoguan.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
    --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
  SERVER=$!
  for _ in $(seq 50); do curl -sf "$URL/api/v1/health" >/dev/null && return; sleep 0.2; done
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop_server EXIT

load() {  # $1: name, $2: path, $3...: wrk options
  local name=$1 path=$2; shift 2
  echo "== $name"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$URL$path" | tee "$OUT/$name.txt"
}

start_server 3600
echo "== sample answer (truncated)"
curl -sf -H "Authorization: Bearer $(head -n1 "$TOKENS_FILE")" "$URL/api/v1/me/records" \
  | head -c 300; echo
echo "== warming the records cache: each citizen's first request of the day"
start_warm=$(date +%s.%N)
xargs -P 8 -I{} curl -sf -o /dev/null -H "Authorization: Bearer {}" "$URL/api/v1/me/records" \
  < "$TOKENS_FILE"
awk -v s="$start_warm" -v e="$(date +%s.%N)" -v n="$USERS" \
  'BEGIN {printf "%d first requests in %.1f s (%.0f/s, curl at 8 in parallel)\n", n, e-s, n/(e-s)}' \
  | tee "$OUT/warm.txt"
load records-cached /api/v1/me/records -s bench/queries/tokens.lua
load bare /api/v1/health
stop_server

start_server 0
load records-uncached /api/v1/me/records -s bench/queries/tokens.lua
stop_server

summary() {  # requests/s, p50, p99 of a run
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
       /Non-2xx/ {bad=$NF} END {printf "%9.1f req/s  p50 %-9s p99 %-9s non-2xx %s\n", r, p50, p99, bad+0}' "$1"
}
echo "== summary${BENCH_SMALL:+ (SMOKE RUN, not a measurement)} ($USERS citizens, $CONNECTIONS connections, $DURATION, $WORKERS workers)"
for run in records-cached records-uncached bare; do printf '%-17s' "$run"; summary "$OUT/$run.txt"; done
rate() { awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
awk -v a="$(rate records-cached)" -v b="$(rate bare)" \
  'BEGIN {printf "records (cached) / bare: %.0f%%\n", 100 * a / b}'
if grep -l "Non-2xx" "$OUT"/records-cached.txt "$OUT"/records-uncached.txt "$OUT"/bare.txt; then
  echo "FAILED: some answers were not 2xx (above)" >&2; exit 1
fi
