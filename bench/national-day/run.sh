#!/usr/bin/env bash
# A national day on one node (issue 21): the 12123 mix of queries, log-ins, writes, public pages
# and partner traffic, driven by locust against gunicorn on loopback, on a copy of the
# 1,000,000-person register (bench/seed), beside the bare JSON endpoint in the same run.
# Three phases: bare (/api/v1/health as fast as it goes), the mix at RATE (290 requests/s, the
# average of 2,500 万 visits a day) and at PEAK (870/s, the peak hour). README.md: the mix.
# Environment: SEED_DB (jg_seed_bench: seeded here when empty), DB (jg_national_day: a fresh
# copy of SEED_DB), RATE, PEAK, DURATION (60s), BARE_DURATION (DURATION), BARE_USERS (32), WORKERS (3), THREADS (4),
# CITIZENS (2000), PORT (8790), OUT (/tmp/jiaoguan-bench-national-day), LOCUST_VENV.
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${CITIZENS:=40}" "${ORDERS:=200}" "${EVENTS:=20}" "${DURATION:=8s}" "${BARE_DURATION:=3s}" "${RATE:=20}"
  : "${PEAK:=40}" "${BARE_USERS:=4}" "${WORKERS:=1}" "${DB:=jg_national_day_small}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi
SEED_DB="${SEED_DB:-jg_seed_bench}" DB="${DB:-jg_national_day}"
RATE="${RATE:-290}" PEAK="${PEAK:-870}" DURATION="${DURATION:-60s}" BARE_USERS="${BARE_USERS:-32}"
BARE_DURATION="${BARE_DURATION:-$DURATION}"
export CITIZENS="${CITIZENS:-2000}" ORDERS="${ORDERS:-20000}" EVENTS="${EVENTS:-300}"
export WORKERS="${WORKERS:-3}" THREADS="${THREADS:-4}"
PORT="${PORT:-8790}" OUT="${OUT:-/tmp/jiaoguan-bench-national-day}"
LOCUST_VENV="${LOCUST_VENV:-.venv/locust}"
URL="http://127.0.0.1:$PORT"
mkdir -p "$OUT"

echo "== the register"
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  BENCH_SMALL=1 DB="$DB" bash bench/seed/run.sh >"$OUT/seed.log" 2>&1 || { cat "$OUT/seed.log"; exit 1; }
else
  if ! psql -Atqc 'select 1 from identity_person limit 1' "$SEED_DB" 2>/dev/null | grep -q 1; then
    DB="$SEED_DB" bash bench/seed/run.sh
  fi
  dropdb --if-exists "$DB"
  createdb -T "$SEED_DB" "$DB"  # a copy: the seeded register itself stays untouched
fi
psql -Atc "select count(*) || ' people in the register' from identity_person" "$DB"

export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/6}"  # the cache, as in production
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")}"
. bench/personal-data-keys.sh  # the seeder's keys: production settings need them too
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR
export SMS_GATEWAY=http SMS_HTTP_URL=http://127.0.0.1:9/discard PUSH_GATEWAY=off
export PAYMENTS_PROVIDERS=sandbox PAYMENTS_SANDBOX_SECRET="$(python3 -c "import secrets; print(secrets.token_hex(32))")"
# Visitors arrive through one reverse proxy, which names each in X-Forwarded-For.
export TRUSTED_PROXIES=1
# A day's preference changes come from many more applicants than the fixture holds: the
# per-account limit (20 an hour) is raised so the fixture's few can make them; it is still checked.
export EXAMS_PREFERENCE_CHANGES_PER_ACCOUNT_PER_HOUR=100000
redis-cli -u "$REDIS_URL" flushdb >/dev/null

.venv/bin/python manage.py migrate --noinput -v0
# production serves the hashed files; the vendored map libraries (not in the mix) are left out:
# their source-map references are absent from a fresh clone.
.venv/bin/python manage.py collectstatic --noinput -v0 -i vendor
.venv/bin/python bench/national-day/prepare.py "$OUT" | tail -n1

echo "== locust (its own environment: $LOCUST_VENV)"
if [[ ! -x "$LOCUST_VENV/bin/locust" ]]; then
  python3 -m venv "$LOCUST_VENV"
  "$LOCUST_VENV/bin/pip" install -q --require-hashes -r bench/national-day/requirements.txt
fi
"$LOCUST_VENV/bin/locust" --version

.venv/bin/gunicorn jiaoguan.wsgi -c bench/plates/gunicorn.conf.py -b "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$URL/api/v1/health" >/dev/null && break; sleep 0.2; done

phase() {  # $1: name, $2: users, $3: requests/s per user, $4: MIX, $5: TOUR (1 or empty)
  local duration="$DURATION"
  [[ "$1" == bare ]] && duration="$BARE_DURATION"
  echo "== phase $1: $2 users at $3 requests/s each, $duration"
  FIXTURE="$OUT/fixture.json" MIX="$4" RATE_PER_USER="$3" TOUR="${5:-}" PART="$1" \
    "$LOCUST_VENV/bin/locust" -f bench/national-day/locustfile.py --headless --only-summary \
    -u "$2" -r "$2" -t "$duration" --host "$URL" --csv "$OUT/$1" --exit-code-on-error 0 \
    >"$OUT/$1.log" 2>&1 || { tail -n 30 "$OUT/$1.log"; exit 1; }
  grep -h "left unused" "$OUT/$1.log" || true
}
# 5 requests/s per visitor: RATE/5 visitors for the mix.
phase bare "$BARE_USERS" 10000 bare
# In the small mode each visitor of the first mix phase makes every operation once first.
phase average "$(( (RATE + 4) / 5 ))" 5 mix "${BENCH_SMALL:-}"
phase peak "$(( (PEAK + 4) / 5 ))" 5 mix

echo "== summary${BENCH_SMALL:+ (SMOKE RUN, not a measurement)}"
# In the small mode any error fails the run: there it means a broken path, not a full machine.
python3 bench/national-day/report.py ${BENCH_SMALL:+--strict} "$OUT" bare average peak \
  | tee "$OUT/summary.txt"
