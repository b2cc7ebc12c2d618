#!/usr/bin/env bash
# The public, anonymous endpoints under load: gunicorn on loopback (production settings,
# WORKERS sync workers), PostgreSQL holding EVENTS published road events (prepare.py), Redis
# as the shared cache, wrk for DURATION at CONNECTIONS connections. Runs, in one go:
#   geojson    GET /api/v1/travel/feeds/geojson  (the cached GeoJSON feed)
#   cap        GET /api/v1/travel/feeds/cap      (the cached CAP 1.2 Atom feed, Cancels included)
#   bare       GET /api/v1/health                (JSON, no database: the baseline)
#   guides     GET /api/v1/guides?q=…            (SLOT: run only when the endpoint answers 200)
#   cap-plain  the CAP feed again without Accept-Encoding: gzip (the uncompressed bytes)
# Every request but cap-plain's says Accept-Encoding: gzip, as feed readers and browsers do.
# Uses a THROWAWAY database, flushed first: default jg_public.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${EVENTS:=12}" "${WITHDRAWN:=2}" "${DURATION:=2s}" "${CONNECTIONS:=4}" "${WORKERS:=1}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jg_public}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/5}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")}"
. bench/personal-data-keys.sh  # the seeder's keys: production settings need them too
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING
# Production refuses to start without real SMS and push gateways; this benchmark sends none.
export SMS_GATEWAY=http SMS_HTTP_URL=http://127.0.0.1:9/discard PUSH_GATEWAY=off
unset CELERY_BROKER_URL  # nothing is queued: the writes happen in prepare.py only
PORT="${PORT:-8787}" WORKERS="${WORKERS:-4}" EVENTS="${EVENTS:-200}" WITHDRAWN="${WITHDRAWN:-10}"
DURATION="${DURATION:-30s}" CONNECTIONS="${CONNECTIONS:-32}"
GUIDES_QUERY="${GUIDES_QUERY:-%E9%A9%BE%E9%A9%B6%E8%AF%81}"  # 驾驶证, URL-encoded
URL="http://127.0.0.1:$PORT"
OUT="${OUT:-/tmp/jiaoguan-bench-public}"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py flush --noinput -v0
read -r PUBLISHED CANCELLED < <(.venv/bin/python bench/public/prepare.py "$EVENTS" "$WITHDRAWN")
echo "prepared $PUBLISHED published events, $CANCELLED withdrawn (Cancel alerts in the CAP feed)"
redis-cli -u "$REDIS_URL" flushdb >/dev/null

.venv/bin/gunicorn jiaoguan.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
SERVER=$!
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop_server EXIT
for _ in $(seq 50); do curl -sf "$URL/api/v1/health" >/dev/null && break; sleep 0.2; done

GEOJSON=/api/v1/travel/feeds/geojson CAP=/api/v1/travel/feeds/cap GUIDES="/api/v1/guides?q=$GUIDES_QUERY"
for path in "$GEOJSON" "$CAP"; do  # the first request builds and caches the feed
  curl -sf -o /dev/null -w "%{http_code} %{size_download} bytes %{time_total} s (uncached, first)  $path\n" "$URL$path"
  curl -sf -o /dev/null -H "Accept-Encoding: gzip" -w "%{http_code} %{size_download} bytes gzip  $path\n" "$URL$path"
done
guides=$(curl -s -o /dev/null -w "%{http_code}" "$URL$GUIDES" || true)
echo "guides search $GUIDES: $(curl -s "$URL$GUIDES" | .venv/bin/python -c 'import json, sys; print(len(json.load(sys.stdin)), "guides found")' 2>/dev/null || echo '?')"

load() {  # $1: name, $2: path, $3...: wrk options
  local name=$1 path=$2; shift 2
  echo "== $name: $path $*"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$URL$path" | tee "$OUT/$name.txt"
}
GZIP=(-H "Accept-Encoding: gzip")
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_BEFORE=$(loadavg)
load geojson "$GEOJSON" "${GZIP[@]}"
load cap "$CAP" "${GZIP[@]}"
load bare /api/v1/health "${GZIP[@]}"
runs=(geojson cap bare)
if [[ "$guides" == "200" ]]; then
  load guides "$GUIDES" "${GZIP[@]}"; runs+=(guides)
else
  echo "== guides: SLOT — $GUIDES answered $guides, not 200 (the guides search is not on this branch); not run"
fi
load cap-plain "$CAP"; runs+=(cap-plain)
LOAD_AFTER=$(loadavg)
stop_server

summary() {  # requests/s, p50, p99 of a run
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Transfer\/sec/ {t=$2}
       /Non-2xx/ {bad=$NF} END {printf "%9.1f req/s  p50 %-9s p99 %-9s %10s/s  non-2xx %s\n", r, p50, p99, t, bad+0}' "$1"
}
echo "== summary${BENCH_SMALL:+ (SMOKE RUN, not a measurement)} ($PUBLISHED events, $CANCELLED withdrawn, $CONNECTIONS connections, $DURATION, $WORKERS workers)"
echo "load average (1, 5, 15 min) before: $LOAD_BEFORE  after: $LOAD_AFTER  ($(nproc) cores)"
for run in "${runs[@]}"; do printf '%-10s' "$run"; summary "$OUT/$run.txt"; done
rate() { awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
for run in geojson cap $([[ "$guides" == "200" ]] && echo guides); do
  awk -v a="$(rate $run)" -v b="$(rate bare)" -v n="$run" 'BEGIN {printf "%s / bare: %.0f%%\n", n, 100 * a / b}'
done
for run in "${runs[@]}"; do
  if grep -q "Non-2xx" "$OUT/$run.txt"; then
    echo "FAILED: some answers of $run were not 2xx (above)" >&2; exit 1
  fi
done
