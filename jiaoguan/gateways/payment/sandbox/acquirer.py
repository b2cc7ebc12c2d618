"""The acquirer's side: trades, the pay page's actions, signed notifications (sent by the
delivery engine, kind ``gateways.sandbox_notification`` in ``gateways.deliveries``), and the
daily statement."""

import csv
import io
import random
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.db import transaction

from jiaoguan.core import clock
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.inprocess import post_inprocess
from jiaoguan.gateways.models import SandboxNotification, SandboxRefund, SandboxTrade
from jiaoguan.gateways.payment.base import (
    format_yuan,
    parse_yuan,
)

from .common import (
    APP_ID,
    STATEMENT_HEADER,
    SandboxRefusal,
    _format_time,
    _secret,
    sign,
    signature_valid,
)

KIND = "gateways.sandbox_notification"  # the delivery kind of the notifications


def statement_csv(day: date) -> str:
    """The acquirer's statement of ``day``: every payment and refund, in time order."""
    start, end = clock.day_span(day)
    out = io.StringIO()
    out.write(f"# 沙箱收单机构对账单 {day.isoformat()}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STATEMENT_HEADER)
    payments = SandboxTrade.objects.filter(paid_at__gte=start, paid_at__lt=end).order_by(
        "paid_at", "id"
    )
    total, count = 0, 0
    rows = payments.values_list("trade_no", "out_trade_no", "amount_fen", "paid_at")
    for trade_no, out_trade_no, amount_fen, paid_at in rows:
        assert paid_at is not None  # the filter on paid_at leaves out unpaid trades
        writer.writerow(
            [trade_no, out_trade_no, "支付", format_yuan(amount_fen), _format_time(paid_at), ""]
        )
        total, count = total + amount_fen, count + 1
    refunds = SandboxRefund.objects.filter(refunded_at__gte=start, refunded_at__lt=end).order_by(
        "refunded_at", "id"
    )
    refunded = 0
    for refund in refunds.select_related("trade"):
        writer.writerow(
            [
                refund.trade.trade_no,
                refund.trade.out_trade_no,
                "退款",
                format_yuan(refund.amount_fen),
                _format_time(refund.refunded_at),
                refund.refund_number,
            ]
        )
        refunded += refund.amount_fen
    out.write(f"# 支付 {count} 笔 {format_yuan(total)} 元；退款 {format_yuan(refunded)} 元\n")
    return out.getvalue()


def trade_open(params: Mapping[str, str]) -> SandboxTrade:
    """The pay page's first step: check the merchant's signed request, open (or find) the
    trade. Raises ``SandboxRefusal``."""
    if not params.get("sign") or not signature_valid(params):
        raise SandboxRefusal("signature")
    try:
        amount_fen = parse_yuan(params["total_amount"])
        out_trade_no = params["out_trade_no"]
        notify_url = params["notify_url"]
    except (KeyError, ValueError):
        raise SandboxRefusal("fields") from None
    if amount_fen <= 0 or not out_trade_no:
        raise SandboxRefusal("fields")
    with transaction.atomic():
        trade, created = SandboxTrade.objects.get_or_create(
            out_trade_no=out_trade_no,
            defaults={
                "amount_fen": amount_fen,
                "subject": params.get("subject", "")[:256],
                "notify_url": notify_url,
                "return_url": params.get("return_url", ""),
                "created_at": clock.now(),
            },
        )
        if trade.amount_fen != amount_fen:
            raise SandboxRefusal("amount")
        if created and settings.JIAOGUAN_PAYMENTS_SANDBOX_NOTIFY_WAITING:
            notifications_queue(trade)
    return trade


def trade_pay(out_trade_no: str) -> SandboxTrade:
    """The payer confirms: the money is taken and the merchant is notified. Paying a paid
    trade again changes nothing. Raises ``SandboxRefusal`` for a closed or unknown trade."""
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().filter(out_trade_no=out_trade_no).first()
        if trade is None or trade.status == SandboxTrade.Status.CLOSED:
            raise SandboxRefusal("trade")
        if trade.status == SandboxTrade.Status.SUCCESS:
            return trade
        now = clock.now()
        trade.status = SandboxTrade.Status.SUCCESS
        trade.paid_at = now.replace(microsecond=0)
        trade.trade_no = f"SBX{clock.local(now):%Y%m%d}{trade.pk:012d}"
        trade.save(update_fields=["status", "paid_at", "trade_no"])
        notifications_queue(trade)
    return trade


def trade_cancel(out_trade_no: str) -> SandboxTrade:
    """The payer gives up: a waiting trade is closed and the merchant is told."""
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().filter(out_trade_no=out_trade_no).first()
        if trade is None:
            raise SandboxRefusal("trade")
        if trade.status == SandboxTrade.Status.WAITING:
            trade.status = SandboxTrade.Status.CLOSED
            trade.save(update_fields=["status"])
            notifications_queue(trade)
    return trade


def notifications_queue(trade: SandboxTrade, *, forgery: str = "", copies: int = 0) -> int:
    """Owe the merchant a notification of the trade's current status (twice for
    ``PAYMENTS_SANDBOX_DUPLICATE_PERCENT`` of them, or ``copies`` times); the sends go to the
    workers on commit, each held back up to ``PAYMENTS_SANDBOX_DELAY_SECONDS``."""
    if not copies:
        twice = random.randrange(100) < settings.JIAOGUAN_PAYMENTS_SANDBOX_DUPLICATE_PERCENT
        copies = 2 if twice else 1
    now = clock.now()
    max_attempts = 1 if forgery else settings.JIAOGUAN_PAYMENTS_SANDBOX_MAX_ATTEMPTS
    rows = SandboxNotification.objects.bulk_create(
        SandboxNotification(
            trade=trade,
            trade_status=trade.status,
            forgery=forgery,
            max_attempts=max_attempts,
            not_before=now,
            dispatched_at=now,
            created_at=now,
        )
        for _ in range(copies)
    )
    delay = settings.JIAOGUAN_PAYMENTS_SANDBOX_DELAY_SECONDS
    for row in rows:
        delivery.enqueue(KIND, [row.pk], countdown=random.uniform(0, delay) if delay else None)
    return len(rows)


def notification_forge(out_trade_no: str, forgery: str) -> SandboxNotification:
    """A forged "paid" notification about a trade (tests and the chaos test): sent once."""
    trade = SandboxTrade.objects.get(out_trade_no=out_trade_no)
    SandboxNotification.Forgery(forgery)  # refuses an unknown kind
    with transaction.atomic():
        notifications_queue(trade, forgery=forgery, copies=1)
    return SandboxNotification.objects.filter(trade=trade, forgery=forgery).latest("id")


def notification_params(notification: SandboxNotification, now: datetime) -> dict[str, str]:
    """The signed form the merchant receives (forgeries altered as an attacker would)."""
    trade = notification.trade
    params = {
        "notify_id": f"sbx-{notification.pk}",
        "notify_time": _format_time(now),
        "notify_type": "trade_status_sync",
        "app_id": APP_ID,
        "charset": "utf-8",
        "out_trade_no": trade.out_trade_no,
        "trade_status": notification.trade_status,
        "total_amount": format_yuan(trade.amount_fen),
        "subject": trade.subject,
        "gmt_create": _format_time(trade.created_at),
    }
    if trade.trade_no:
        params["trade_no"] = trade.trade_no
    if trade.paid_at and notification.trade_status == SandboxTrade.Status.SUCCESS:
        params["gmt_payment"] = _format_time(trade.paid_at)
    forgery = notification.forgery
    if forgery:
        params["trade_status"] = SandboxTrade.Status.SUCCESS
        params["trade_no"] = f"FORGED{notification.pk:010d}"
        params["gmt_payment"] = _format_time(now)
    if forgery == SandboxNotification.Forgery.AMOUNT:
        params["total_amount"] = format_yuan(trade.amount_fen + 100)
    if forgery == SandboxNotification.Forgery.UNKNOWN_ORDER:
        params["out_trade_no"] = f"FORGED{notification.pk:010d}"
    if forgery == SandboxNotification.Forgery.SIGNATURE:
        return sign(params, secret="not-the-acquirer-" + _secret())
    return sign(params)


def post(url: str, params: Mapping[str, str]) -> tuple[int, str]:
    """POST the form to ``url`` by the configured transport; (HTTP status, answer body)."""
    if settings.JIAOGUAN_PAYMENTS_SANDBOX_TRANSPORT == "inprocess":
        return _post_inprocess(url, params)
    return _post_http(url, params)


def _post_http(url: str, params: Mapping[str, str]) -> tuple[int, str]:
    body = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    timeout = settings.JIAOGUAN_PAYMENTS_SANDBOX_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(1000).decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(1000).decode(errors="replace")
    except (urllib.error.URLError, TimeoutError) as error:
        raise OSError(str(error)) from error


def _post_inprocess(url: str, params: Mapping[str, str]) -> tuple[int, str]:
    """Hand the form to the view that serves ``url``'s path in this process."""
    body = urllib.parse.urlencode(params).encode()
    return post_inprocess(
        url, body, content_type="application/x-www-form-urlencoded; charset=utf-8"
    )
