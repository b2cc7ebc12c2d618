#!/usr/bin/env bash
# Callback processing through HTTP on loopback: ORDERS orders (default 10,000) paid at the
# sandbox acquirer; their signed notifications, DUPLICATE_PERCENT (default 20) sent twice and
# FORGED_PERCENT (default 1) forgeries among them, POSTed over CONNECTIONS keep-alive
# connections (default 32) to gunicorn (production settings, WORKERS sync workers, default
# 4) on PostgreSQL. Then the database is checked: every order credited once, every forgery
# stored as rejected.
# Uses a THROWAWAY database, flushed first: default jg_payments (this branch's own).
# bench-small-mode: BENCH_SMALL=1 (a smoke run for CI: tiny data, seconds of load, the same
# code paths; its figures are labelled SMOKE and are not measurements).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${BENCH_SMALL:-}" == "1" ]]; then
  : "${ORDERS:=100}" "${WORKERS:=1}" "${CONNECTIONS:=4}"
  echo "== SMOKE RUN (BENCH_SMALL=1): tiny data; the figures below are not measurements"
fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jg_payments}"
export DJANGO_SETTINGS_MODULE=jiaoguan.settings.production
export SECRET_KEY="${SECRET_KEY:-$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")}"
. bench/personal-data-keys.sh  # the seeder's keys: production settings need them too
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR
# Production refuses to start without real SMS and push gateways; this benchmark sends none.
export SMS_GATEWAY=http SMS_HTTP_URL=http://127.0.0.1:9/discard PUSH_GATEWAY=off
export PAYMENTS_PROVIDERS=sandbox PAYMENTS_SANDBOX_SECRET="$(python3 -c "import secrets; print(secrets.token_hex(32))")"
unset CELERY_BROKER_URL REDIS_URL  # duplicate-payment refunds (none here) would run in-process
PORT="${PORT:-8776}" WORKERS="${WORKERS:-4}" ORDERS="${ORDERS:-10000}"
DUPLICATE_PERCENT="${DUPLICATE_PERCENT:-20}" FORGED_PERCENT="${FORGED_PERCENT:-1}"
CONNECTIONS="${CONNECTIONS:-32}"
OUT="${OUT:-/tmp/jiaoguan-bench-payments}"
mkdir -p "$OUT"

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py flush --noinput -v0
read -r TOTAL FORGED < <(.venv/bin/python bench/payments/prepare.py \
  "$ORDERS" "$DUPLICATE_PERCENT" "$FORGED_PERCENT" "$OUT/notifications.txt")
echo "prepared $ORDERS orders, $TOTAL notifications ($FORGED forged)"

.venv/bin/gunicorn jiaoguan.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" 2>>"$OUT/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done

.venv/bin/python bench/payments/fire.py "$OUT/notifications.txt" "$CONNECTIONS" "$PORT" "$FORGED" \
  | tee "$OUT/fire.txt"

echo "== database check"
ORDERS="$ORDERS" FORGED="$FORGED" .venv/bin/python - <<'PY'
import os

import django

django.setup()
from django.db.models import Count

from jiaoguan.payments.models import PaymentCallback, PaymentOrder

orders, forged = int(os.environ["ORDERS"]), int(os.environ["FORGED"])
outcomes = dict(PaymentCallback.objects.values_list("outcome").annotate(n=Count("id")).order_by())
paid = PaymentOrder.objects.filter(status="paid").count()
twice = PaymentCallback.objects.filter(outcome="credited").values("order").annotate(
    n=Count("id")).filter(n__gt=1).count()
print("paid orders:", paid, "of", orders, " callbacks:", outcomes, " credited twice:", twice)
ok = paid == orders and outcomes.get("credited") == orders and twice == 0
ok = ok and outcomes.get("rejected", 0) == forged
print("CHECK:", "every order credited once, every forgery rejected" if ok else "FAILED")
raise SystemExit(0 if ok else 1)
PY
