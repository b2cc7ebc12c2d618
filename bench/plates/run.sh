#!/usr/bin/env bash
# The plate race through HTTP on loopback: CLIENTS citizens (default 10,000), each with a new
# car, POST /api/v1/plates/compose at once for the same NUMBERS self-composed numbers
# (default 100), over CONNECTIONS keep-alive connections (default 64) to gunicorn
# (production settings, bench/plates/gunicorn.conf.py: WORKERS=2 gthread workers of
# THREADS=4, preloaded) on PostgreSQL. Then the database is checked: exactly one hold per
# number, one number per winner.
# Uses a THROWAWAY database, flushed first: default jg_plates (this branch's own).
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${CLIENTS:=200}" "${NUMBERS:=10}" "${CONNECTIONS:=8}" "${WORKERS:=1}" "${THREADS:=2}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jg_plates}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/12}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")}"
. bench/personal-data-keys.sh  # the seeder's keys: production settings need them too
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR
# Production refuses to start without real SMS and push gateways; this benchmark sends none.
export SMS_GATEWAY=http SMS_HTTP_URL=http://127.0.0.1:9/discard PUSH_GATEWAY=off
PORT="${PORT:-8775}" CLIENTS="${CLIENTS:-10000}"
export WORKER_CLASS="${WORKER_CLASS:-gthread}" WORKERS="${WORKERS:-2}" THREADS="${THREADS:-4}"
NUMBERS="${NUMBERS:-100}" CONNECTIONS="${CONNECTIONS:-64}"
OUT="${OUT:-/tmp/jiaoguan-bench-plates}"
mkdir -p "$OUT"

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py flush --noinput -v0
SEGMENT=$(.venv/bin/python bench/plates/prepare.py "$CLIENTS" "$OUT/clients.txt")

.venv/bin/gunicorn jiaoguan.wsgi -c bench/plates/gunicorn.conf.py -b "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" 2>>"$OUT/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done

.venv/bin/python bench/plates/race.py "$OUT/clients.txt" "$SEGMENT" "$NUMBERS" "$CONNECTIONS" "$PORT" \
  | tee "$OUT/race.txt"

echo "== database check"
.venv/bin/python - <<'PY'
import django
django.setup()
from jiaoguan.plates.models import PlateHold
holds = PlateHold.objects.filter(state="held")
counts = (holds.count(), holds.values("plate_number").distinct().count(),
          holds.values("person").distinct().count())
print("holds:", counts[0], "distinct numbers:", counts[1], "distinct persons:", counts[2])
ok = counts[0] == counts[1] == counts[2]
print("CHECK:", "one hold per number, one number per winner" if ok else "FAILED")
raise SystemExit(0 if ok else 1)
PY
