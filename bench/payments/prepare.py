"""Prepare the callback bench: ORDERS open payment orders, each paid at the sandbox
acquirer, and the notifications it would send. Writes one form-encoded notification body per
line to OUT_FILE: every order's "paid" notification, DUPLICATE_PERCENT of them a second time,
and FORGED_PERCENT forgeries (bad signature, wrong amount, unknown order), shuffled. Run on an
empty database (``run.sh`` flushes it first)."""

import os
import random
import sys
import urllib.parse
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaoguan.settings.production")
django.setup()

from django.db import transaction  # noqa: E402

from jiaoguan.core import clock  # noqa: E402
from jiaoguan.gateways.models import SandboxNotification, SandboxTrade  # noqa: E402
from jiaoguan.gateways.payment import sandbox  # noqa: E402
from jiaoguan.payments.models import PaymentOrder  # noqa: E402


@transaction.atomic
def main(orders: int, duplicate_percent: int, forged_percent: int, out_file: str) -> None:
    random.seed(20261121)
    now = clock.now().replace(microsecond=0)
    rows = PaymentOrder.objects.bulk_create(
        (
            PaymentOrder(
                number=f"JG{clock.local(now):%y%m%d}{uuid.uuid4().hex[:16].upper()}",
                purpose="bench.fine",
                reference=f"BENCH-{index:07d}",
                amount_fen=random.randint(1, 2000) * 100,
                subject="交通违法罚款",
                provider="sandbox",
                created_at=now,
            )
            for index in range(orders)
        ),
        batch_size=2000,
    )
    trades = SandboxTrade.objects.bulk_create(
        (
            SandboxTrade(
                out_trade_no=order.number,
                trade_no=f"SBX{clock.local(now):%Y%m%d}{index:012d}",
                amount_fen=order.amount_fen,
                subject=order.subject,
                notify_url="http://127.0.0.1/api/v1/payments/notify/sandbox",
                status=SandboxTrade.Status.SUCCESS,
                created_at=now,
                paid_at=now,
            )
            for index, order in enumerate(rows)
        ),
        batch_size=2000,
    )
    notifications = SandboxNotification.objects.bulk_create(
        (
            SandboxNotification(
                trade=trade,
                trade_status=trade.status,
                forgery=forgery,
                max_attempts=1,
                not_before=now,
                created_at=now,
            )
            for trade in trades
            for forgery in (
                [""]
                + ([""] if random.randrange(100) < duplicate_percent else [])
                + (
                    [random.choice(["signature", "amount", "unknown_order"])]
                    if random.randrange(100) < forged_percent
                    else []
                )
            )
        ),
        batch_size=2000,
    )
    by_trade = {trade.pk: trade for trade in trades}
    bodies = []
    for notification in notifications:
        notification.trade = by_trade[notification.trade_id]
        bodies.append(urllib.parse.urlencode(sandbox.notification_params(notification, now)))
    random.Random(7).shuffle(bodies)
    with open(out_file, "w") as out:
        out.write("\n".join(bodies) + "\n")
    forged = sum(1 for notification in notifications if notification.forgery)
    print(f"{len(bodies)} {forged}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
