"""The gateway: our platform's side of the sandbox acquirer."""

import csv
import random
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.models import SandboxRefund, SandboxTrade
from jiaoguan.gateways.payment.base import (
    CallbackInvalid,
    PaymentNotification,
    PaymentRequest,
    RefundResult,
    StatementLine,
    TradeQuery,
    TradeStatus,
    format_yuan,
    parse_yuan,
)

from .acquirer import statement_csv
from .common import (
    _KINDS,
    _STATUSES,
    APP_ID,
    SIGN_TYPE,
    STATEMENT_HEADER,
    _format_time,
    _parse_time,
    sign,
    signature_valid,
)


class SandboxGateway:
    """Talks to the sandbox acquirer. Chosen by the provider name ``sandbox``."""

    name = "sandbox"
    acknowledgement = "success"
    rejection = "failure"

    def create(self, request: PaymentRequest) -> str:
        params = sign(
            {
                "app_id": APP_ID,
                "out_trade_no": request.order_number,
                "total_amount": format_yuan(request.amount_fen),
                "subject": request.subject,
                "notify_url": request.notify_url,
                "return_url": request.return_url,
                "timestamp": _format_time(clock.now()),
            }
        )
        return f"{reverse('sandbox_pay')}?{urllib.parse.urlencode(params)}"

    def verify_callback(self, params: Mapping[str, str]) -> PaymentNotification:
        if not params.get("sign"):
            raise CallbackInvalid("signature_missing")
        if params.get("sign_type", SIGN_TYPE) != SIGN_TYPE:
            raise CallbackInvalid("sign_type", params.get("sign_type", ""))
        if not signature_valid(params):
            raise CallbackInvalid("signature_invalid")
        if params.get("app_id") != APP_ID:
            raise CallbackInvalid("app_id", params.get("app_id", ""))
        try:
            status = _STATUSES[SandboxTrade.Status(params["trade_status"])]
            return PaymentNotification(
                order_number=params["out_trade_no"],
                provider_reference=params.get("trade_no", ""),
                amount_fen=parse_yuan(params["total_amount"]),
                status=status,
                raw_status=params["trade_status"],
                notify_id=params.get("notify_id", ""),
                paid_at=_parse_time(params.get("gmt_payment", "")),
            )
        except (KeyError, ValueError) as error:
            raise CallbackInvalid("malformed", str(error)) from None

    def query(self, *, order_number: str) -> TradeQuery:
        trade = SandboxTrade.objects.filter(out_trade_no=order_number).first()
        if trade is None:
            return TradeQuery(order_number, "", TradeStatus.UNKNOWN, 0)
        status = _STATUSES[SandboxTrade.Status(trade.status)]
        if status == TradeStatus.PAID and trade.refunded_fen >= trade.amount_fen:
            status = TradeStatus.CLOSED
        return TradeQuery(order_number, trade.trade_no or "", status, trade.amount_fen)

    def refund(
        self,
        *,
        order_number: str,
        provider_reference: str,
        amount_fen: int,
        refund_number: str,
        reason: str,
    ) -> RefundResult:
        misbehave = random.randrange(100) < settings.JIAOGUAN_PAYMENTS_SANDBOX_REFUND_ERROR_PERCENT
        if misbehave and random.random() < 0.5:
            raise RetryableProviderError("SYSTEM_ERROR (sandbox, before the refund)")
        with transaction.atomic():
            trade = (
                SandboxTrade.objects.select_for_update().filter(out_trade_no=order_number).first()
            )
            if trade is None or trade.status != SandboxTrade.Status.SUCCESS:
                raise PermanentProviderError("TRADE_NOT_PAID")
            if provider_reference and trade.trade_no != provider_reference:
                raise PermanentProviderError("TRADE_NO_MISMATCH")
            done = SandboxRefund.objects.filter(refund_number=refund_number).first()
            if done is None:
                if amount_fen <= 0 or trade.refunded_fen + amount_fen > trade.amount_fen:
                    raise PermanentProviderError("REFUND_AMOUNT_INVALID")
                done = SandboxRefund.objects.create(
                    trade=trade,
                    refund_number=refund_number,
                    amount_fen=amount_fen,
                    refunded_at=clock.now(),
                )
                trade.refunded_fen += amount_fen
                trade.save(update_fields=["refunded_fen"])
        if misbehave:
            raise RetryableProviderError("timeout (sandbox, the refund was paid)")
        return RefundResult(refund_number, trade.trade_no or "", done.amount_fen, done.refunded_at)

    def statement(self, *, day: date) -> list[StatementLine]:
        return statement_parse(statement_csv(day))


def statement_parse(text: str) -> list[StatementLine]:
    """Read a sandbox statement; lines starting with ``#`` are comments and totals."""
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.reader(rows)
    header = next(reader, None)
    if header != STATEMENT_HEADER:
        raise PermanentProviderError("unexpected statement header")
    lines = []
    for row in reader:
        try:
            trade_no, out_trade_no, kind, amount, at, refund_number = row
            parsed_at = _parse_time(at)
            amount_fen = parse_yuan(amount)
        except ValueError:
            raise PermanentProviderError(f"unreadable statement line: {row}") from None
        if parsed_at is None or kind not in _KINDS:
            raise PermanentProviderError(f"unreadable statement line: {row}")
        lines.append(
            StatementLine(
                kind=_KINDS[kind],
                provider_reference=trade_no,
                order_number=out_trade_no,
                amount_fen=amount_fen,
                at=parsed_at,
                refund_number=refund_number,
            )
        )
    return lines
