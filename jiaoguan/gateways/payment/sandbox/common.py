"""What both sides of the sandbox share: its app id, its signature and its time format."""

from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings

from jiaoguan.core import clock
from jiaoguan.gateways.models import SandboxTrade
from jiaoguan.gateways.payment import signing
from jiaoguan.gateways.payment.base import (
    TradeStatus,
)

APP_ID = "sandbox"
SIGN_TYPE = "HMAC-SHA256"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
STATEMENT_HEADER = ["交易号", "商户订单号", "业务类型", "金额（元）", "时间", "退款请求号"]
_KINDS = {"支付": "payment", "退款": "refund"}

_STATUSES = {
    SandboxTrade.Status.WAITING: TradeStatus.PENDING,
    SandboxTrade.Status.SUCCESS: TradeStatus.PAID,
    SandboxTrade.Status.CLOSED: TradeStatus.CLOSED,
}


class SandboxRefusal(Exception):
    """The sandbox pay page refuses a request (bad signature, unknown or finished trade)."""


def _secret() -> str:
    return settings.JIAOGUAN_PAYMENTS_SANDBOX_SECRET


def _format_time(moment: datetime) -> str:
    return clock.local(moment).strftime(TIME_FORMAT)


def _parse_time(text: str) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=clock.TIMEZONE)


def sign(params: Mapping[str, str], *, secret: str | None = None) -> dict[str, str]:
    """``params`` with ``sign_type`` and ``sign`` added."""
    signed = {**params, "sign_type": SIGN_TYPE}
    canonical = signing.canonical_string(signed, exclude=("sign", "sign_type"))
    signed["sign"] = signing.hmac_sign(secret or _secret(), canonical)
    return signed


def signature_valid(params: Mapping[str, str]) -> bool:
    """False for every message while no secret is set (production without one)."""
    if not _secret():
        return False
    canonical = signing.canonical_string(params, exclude=("sign", "sign_type"))
    return signing.hmac_verify(_secret(), canonical, params.get("sign", ""))


STATEMENT_MAX_SKEW_SECONDS = 900


def statement_query(day: date, *, secret: str | None = None) -> dict[str, str]:
    """The signed query string of a statement download: the merchant's app id, the day and
    the time, signed like every sandbox message (the statement is not public)."""
    return sign(
        {"app_id": APP_ID, "bill_date": day.isoformat(), "timestamp": _format_time(clock.now())},
        secret=secret,
    )


def statement_request_valid(params: Mapping[str, str], day: date) -> bool:
    """A statement download signed by the merchant, for ``day``, at most 15 minutes old."""
    if params.get("app_id") != APP_ID or params.get("bill_date") != day.isoformat():
        return False
    try:
        sent = _parse_time(params.get("timestamp", ""))
    except ValueError:
        return False
    if sent is None or abs((clock.now() - sent).total_seconds()) > STATEMENT_MAX_SKEW_SECONDS:
        return False
    return signature_valid(params)
