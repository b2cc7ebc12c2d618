#!/usr/bin/env bash
# Electronic credentials: verifications per second over HTTP and offline per core.
#   offline     bench/credentials/offline.py: rules.payload.verify in one process (one core)
#   http-valid  POST /api/v1/credentials/verify with a valid licence QR: the signature, the
#               live status kept in the cache (one round trip with the holder's records
#               token), the Verification row and the audit event in one INSERT statement
#   http-bad    the same with a tampered QR: the signature fails, one audit event written
#   bare        GET /api/v1/health on the same server in the same run (the framework alone):
#               the machine is shared, so the ratio http-valid / bare is the figure to compare
# gunicorn on loopback (production settings, WORKERS sync workers), PostgreSQL (a THROWAWAY
# database, flushed first: default jg_creds), Redis db 3 as the cache, wrk for DURATION at
# CONNECTIONS connections.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${PERSONS:=20}" "${DURATION:=2s}" "${CONNECTIONS:=4}" "${WORKERS:=1}" "${OFFLINE_SECONDS:=0.5}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jg_creds}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/3}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")}"
. bench/personal-data-keys.sh
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING
export SMS_GATEWAY=http SMS_HTTP_URL=http://127.0.0.1:9/discard PUSH_GATEWAY=off
export CREDENTIALS_QR_SECONDS=3600  # the QR must outlast the run (the product default is 60)
export CREDENTIALS_VERIFY_PER_ADDRESS_PER_MINUTE=100000000  # wrk is one address
unset CELERY_BROKER_URL
PORT="${PORT:-8791}" WORKERS="${WORKERS:-2}" PERSONS="${PERSONS:-200}"
DURATION="${DURATION:-10s}" CONNECTIONS="${CONNECTIONS:-8}" OFFLINE_SECONDS="${OFFLINE_SECONDS:-3}"
URL="http://127.0.0.1:$PORT"
OUT="${OUT:-/tmp/jiaoguan-bench-credentials}"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

echo "== offline (one process, one core)"
.venv/bin/python bench/credentials/offline.py "$OFFLINE_SECONDS" | tee "$OUT/offline.txt"

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py flush --noinput -v0
QR=$(.venv/bin/python bench/credentials/prepare.py "$PERSONS" | tail -1)
BAD="${QR:0:${#QR}-4}AAAA"
redis-cli -u "$REDIS_URL" flushdb >/dev/null || true

.venv/bin/gunicorn jiaoguan.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
SERVER=$!
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop_server EXIT
for _ in $(seq 50); do curl -sf "$URL/api/v1/health" >/dev/null && break; sleep 0.2; done

load() {  # $1: name, $2: the QR
  local name=$1 qr=$2 script="$OUT/$1.lua"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' \
    "'{\"qr\": \"$qr\"}'" > "$script"
  curl -sf -X POST -H "Content-Type: application/json" -d "{\"qr\": \"$qr\"}" \
    "$URL/api/v1/credentials/verify" | head -c 160; echo
  echo "== $name ($CONNECTIONS connections, $DURATION)"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" \
    "$URL/api/v1/credentials/verify" | tee "$OUT/$name.txt"
}
bare() {  # the framework alone: GET /api/v1/health (no database, no cache), same server
  echo "== bare ($CONNECTIONS connections, $DURATION)"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$URL/api/v1/health" | tee "$OUT/bare.txt"
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
bare
load http-valid "$QR"
load http-bad "$BAD"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
stop_server
for name in bare http-valid http-bad; do
  awk -v n="$name" '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
    / [0-9]+ requests in/ {c=$1} /Non-2xx/ {bad=$NF}
    END {printf "%-11s %10s req/s  p50 %8s  p99 %8s  requests %s  non-2xx %s\n", n, r, p50, p99, c, bad+0}' \
    "$OUT/$name.txt"
done
awk '/Requests\/sec/ {r[FILENAME]=$2} END {for (f in r) v[f]=r[f];
  printf "ratio http-valid / bare: %.2f\n", v[ARGV[2]] / v[ARGV[1]]}' "$OUT/bare.txt" "$OUT/http-valid.txt"
echo "load average before ${LOAD_BEFORE}, after ${LOAD_AFTER} (the machine is shared)"
