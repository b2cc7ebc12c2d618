#!/usr/bin/env bash
# "My license and vehicles" API under load: gunicorn on loopback, PostgreSQL with the
# 1,000,000-person data set (bench/seed/run.sh), wrk for 30 s at 32 connections.
# The bare endpoint (/api/v1/health, no database) in the same run is the ratio's denominator.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jg_seed_bench}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-bench-only-$(date +%s)-not-a-secret-for-anything-else}"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING
PORT="${PORT:-8765}"
WORKERS="${WORKERS:-4}"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-32}"
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

TOKEN=$($PY bench/queries/prepare.py | tail -n 1)

.venv/bin/gunicorn jiaoguan.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --access-logfile /dev/null \
  --error-logfile /tmp/jiaoguan-bench-gunicorn.log &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done

AUTH="Authorization: Bearer $TOKEN"
echo "== sample answer (truncated)"
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/me/records" | head -c 400; echo
# Warm every worker's connections and caches first.
wrk -t2 -c"$CONNECTIONS" -d5s -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/me/records" >/dev/null

echo "== /api/v1/me/records (authenticated: license and vehicles)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" \
  "http://127.0.0.1:$PORT/api/v1/me/records" | tee /tmp/jiaoguan-bench-records.txt
echo "== /api/v1/health (bare JSON, no database)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
  "http://127.0.0.1:$PORT/api/v1/health" | tee /tmp/jiaoguan-bench-bare.txt

rate() { awk '/Requests\/sec/ {print $2}' "$1"; }
records=$(rate /tmp/jiaoguan-bench-records.txt)
bare=$(rate /tmp/jiaoguan-bench-bare.txt)
echo "== summary"
echo "records: ${records} req/s; bare: ${bare} req/s; ratio: $(awk -v a="$records" -v b="$bare" 'BEGIN {printf "%.0f%%", 100*a/b}')"
