"""Alipay open platform (支付宝开放平台) adapter: computer-website pay, notifications, query,
refund and the daily bill.

Requests are form posts (or, for page pay, a redirect URL) to the gateway with the common
parameters ``app_id, method, format=JSON, charset=utf-8, sign_type=RSA2, timestamp
(yyyy-MM-dd HH:mm:ss, Beijing time), version=1.0``, the business fields as JSON in
``biz_content`` and ``sign``: SHA256withRSA with our application private key over the
canonical string (parameters sorted by name, empty ones and ``sign`` left out, ``k=v`` joined
with ``&``, values not URL-encoded). Asynchronous notifications are verified with Alipay's
public key over the same canonical string with ``sign`` and ``sign_type`` left out. Responses
are JSON ``{"<method>_response": {...}, "sign": "..."}``, signed over the raw text of the
``_response`` object.

Configuration (environment): ``ALIPAY_APP_ID``, ``ALIPAY_PRIVATE_KEY`` or
``ALIPAY_PRIVATE_KEY_FILE``, ``ALIPAY_PUBLIC_KEY`` or ``ALIPAY_PUBLIC_KEY_FILE`` (Alipay's
key), optional ``ALIPAY_SELLER_ID``, ``ALIPAY_GATEWAY_URL``, ``ALIPAY_TIMEOUT_SECONDS``.
Errors: code ``20000`` and the ``ACQ.SYSTEM_ERROR`` family are retryable, other refusals
permanent; a timeout or refused connection is retryable.
"""

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from jiaoguan.core import clock
from jiaoguan.core.redirects import is_allowed_return_url
from jiaoguan.gateways.errors import (
    PermanentProviderError,
    RetryableProviderError,
    classify_status,
)
from jiaoguan.gateways.payment import signing
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

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
SUCCESS_CODE = "10000"
_RETRYABLE_CODES = {"20000"}
_RETRYABLE_SUB_CODES = {"ACQ.SYSTEM_ERROR", "ACQ.REFUND_FEE_ERROR_RETRY", "aop.ACQ.SYSTEM_ERROR"}
TRADE_STATUSES = {
    "WAIT_BUYER_PAY": TradeStatus.PENDING,
    "TRADE_SUCCESS": TradeStatus.PAID,
    "TRADE_FINISHED": TradeStatus.PAID,
    "TRADE_CLOSED": TradeStatus.CLOSED,
}
# Columns of the trade bill's detail file (业务明细) that reconciliation reads.
BILL_COLUMNS = {
    "trade_no": "支付宝交易号",
    "out_trade_no": "商户订单号",
    "kind": "业务类型",
    "finished": "完成时间",
    "amount": "订单金额（元）",
    "refund_amount": "退款金额（元）",
    "refund_number": "退款批次号/请求号",
}
_BILL_KINDS = {"交易": "payment", "退款": "refund"}

Transport = Callable[[str, bytes | None, float], bytes]


def _http(url: str, data: bytes | None, timeout: float) -> bytes:
    """POST ``data`` (form) to ``url``, or GET when ``data`` is None; the body."""
    headers = {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"} if data else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise classify_status(error.code, error.read(200).decode(errors="replace")) from error
    except TimeoutError as error:
        raise RetryableProviderError("timeout") from error
    except (urllib.error.URLError, OSError) as error:
        raise RetryableProviderError(f"connection: {error}") from error


@lru_cache(maxsize=8)
def _private_key(text: str) -> rsa.RSAPrivateKey:
    return signing.load_private_key(text)


@lru_cache(maxsize=8)
def _public_key(text: str) -> rsa.RSAPublicKey:
    return signing.load_public_key(text)


def _key_text(inline: str, path: str) -> str:
    if inline:
        return inline
    if path:
        return Path(path).read_text()
    return ""


def _format_time(moment: datetime) -> str:
    return clock.local(moment).strftime(TIME_FORMAT)


def _parse_time(text: str) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=clock.TIMEZONE)


def raw_json_value(text: str, key: str) -> str | None:
    """The exact text of the JSON object under ``key`` in ``text`` (what Alipay signs), or
    None. Scans strings and nesting rather than re-serialising, which could change the text."""
    marker = text.find(f'"{key}"')
    if marker < 0:
        return None
    start = text.find("{", marker + len(key) + 2)
    if start < 0 or text[marker + len(key) + 2 : start].strip() != ":":
        return None
    depth, in_string, escaped = 0, False, False
    for position in range(start, len(text)):
        char = text[position]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : position + 1]
    return None


class AlipayGateway:
    name = "alipay"
    acknowledgement = "success"
    rejection = "failure"

    def __init__(
        self,
        *,
        app_id: str | None = None,
        private_key: str | None = None,
        alipay_public_key: str | None = None,
        seller_id: str | None = None,
        gateway_url: str | None = None,
        timeout: float | None = None,
        transport: Transport | None = None,
    ) -> None:
        self.app_id = app_id if app_id is not None else settings.ALIPAY_APP_ID
        self.private_key_text = private_key or _key_text(
            settings.ALIPAY_PRIVATE_KEY, settings.ALIPAY_PRIVATE_KEY_FILE
        )
        self.public_key_text = alipay_public_key or _key_text(
            settings.ALIPAY_PUBLIC_KEY, settings.ALIPAY_PUBLIC_KEY_FILE
        )
        self.seller_id = seller_id if seller_id is not None else settings.ALIPAY_SELLER_ID
        self.gateway_url = gateway_url or settings.ALIPAY_GATEWAY_URL
        self.timeout = timeout or settings.ALIPAY_TIMEOUT_SECONDS
        self.transport: Transport = transport or _http

    # --- signing ---------------------------------------------------------------------------

    def _sign(self, params: dict[str, str]) -> dict[str, str]:
        if not self.private_key_text or not self.app_id:
            raise PermanentProviderError("Alipay is not configured (app id and private key)")
        canonical = signing.canonical_string(params, exclude=("sign",))
        return {**params, "sign": signing.rsa2_sign(_private_key(self.private_key_text), canonical)}

    def _verify(self, message: str, signature: str) -> bool:
        if not self.public_key_text or not signature:
            return False
        return signing.rsa2_verify(_public_key(self.public_key_text), message, signature)

    def request_params(self, method: str, biz: Mapping[str, str], **extra: str) -> dict[str, str]:
        """The signed form of one call: common parameters, ``biz_content``, ``extra``."""
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": _format_time(clock.now()),
            "version": "1.0",
            "biz_content": json.dumps(dict(biz), ensure_ascii=False, separators=(",", ":")),
            **{name: value for name, value in extra.items() if value},
        }
        return self._sign(params)

    def _call(self, method: str, biz: Mapping[str, str]) -> dict:
        """One API call; the verified ``<method>_response`` object. Raises provider errors."""
        body = urllib.parse.urlencode(self.request_params(method, biz)).encode()
        answer = self.transport(self.gateway_url, body, self.timeout).decode("utf-8")
        key = method.replace(".", "_") + "_response"
        try:
            document = json.loads(answer)
            response = document[key]
        except (ValueError, KeyError, TypeError) as error:
            raise PermanentProviderError(f"unreadable answer to {method}") from error
        code = str(response.get("code", ""))
        if code != SUCCESS_CODE:
            sub_code = str(response.get("sub_code", ""))
            detail = f"{code} {sub_code} {response.get('sub_msg', response.get('msg', ''))}"
            if code in _RETRYABLE_CODES or sub_code in _RETRYABLE_SUB_CODES:
                raise RetryableProviderError(detail)
            raise PermanentProviderError(detail)
        raw = raw_json_value(answer, key)
        if raw is None or not self._verify(raw, str(document.get("sign", ""))):
            raise PermanentProviderError(f"answer to {method} is not signed by Alipay")
        return response

    # --- PaymentGateway --------------------------------------------------------------------

    def create(self, request: PaymentRequest) -> str:
        """alipay.trade.page.pay: the URL that shows Alipay's cashier to the payer."""
        params = self.request_params(
            "alipay.trade.page.pay",
            {
                "out_trade_no": request.order_number,
                "product_code": "FAST_INSTANT_TRADE_PAY",
                "total_amount": format_yuan(request.amount_fen),
                "subject": request.subject,
            },
            notify_url=request.notify_url,
            # an absolute address on an allowed host only: Alipay sends the payer there
            return_url=request.return_url
            if request.return_url.startswith(("http://", "https://"))
            and is_allowed_return_url(request.return_url)
            else "",
        )
        return f"{self.gateway_url}?{urllib.parse.urlencode(params)}"

    def verify_callback(self, params: Mapping[str, str]) -> PaymentNotification:
        signature = params.get("sign", "")
        if not signature:
            raise CallbackInvalid("signature_missing")
        if params.get("sign_type", "RSA2") != "RSA2":
            raise CallbackInvalid("sign_type", params.get("sign_type", ""))
        canonical = signing.canonical_string(params, exclude=("sign", "sign_type"))
        if not self._verify(canonical, signature):
            raise CallbackInvalid("signature_invalid")
        if params.get("app_id") != self.app_id:
            raise CallbackInvalid("app_id", params.get("app_id", ""))
        if self.seller_id and params.get("seller_id") != self.seller_id:
            raise CallbackInvalid("seller_id", params.get("seller_id", ""))
        try:
            raw_status = params["trade_status"]
            return PaymentNotification(
                order_number=params["out_trade_no"],
                provider_reference=params.get("trade_no", ""),
                amount_fen=parse_yuan(params["total_amount"]),
                status=TRADE_STATUSES[raw_status],
                raw_status=raw_status,
                notify_id=params.get("notify_id", ""),
                paid_at=_parse_time(params.get("gmt_payment", "")),
            )
        except (KeyError, ValueError) as error:
            raise CallbackInvalid("malformed", str(error)) from None

    def query(self, *, order_number: str) -> TradeQuery:
        """alipay.trade.query by our order number."""
        try:
            response = self._call("alipay.trade.query", {"out_trade_no": order_number})
        except PermanentProviderError as error:
            if "ACQ.TRADE_NOT_EXIST" in str(error):
                return TradeQuery(order_number, "", TradeStatus.UNKNOWN, 0)
            raise
        try:
            return TradeQuery(
                order_number=response["out_trade_no"],
                provider_reference=response.get("trade_no", ""),
                status=TRADE_STATUSES.get(response["trade_status"], TradeStatus.UNKNOWN),
                amount_fen=parse_yuan(response["total_amount"]),
            )
        except (KeyError, ValueError) as error:
            raise PermanentProviderError(f"unreadable trade query: {error}") from error

    def refund(
        self,
        *,
        order_number: str,
        provider_reference: str,
        amount_fen: int,
        refund_number: str,
        reason: str,
    ) -> RefundResult:
        """alipay.trade.refund; ``out_request_no`` makes a repeated request refund once."""
        biz = {
            "out_trade_no": order_number,
            "refund_amount": format_yuan(amount_fen),
            "out_request_no": refund_number,
            "refund_reason": reason,
        }
        if provider_reference:
            biz["trade_no"] = provider_reference
        response = self._call("alipay.trade.refund", biz)
        try:
            return RefundResult(
                refund_number=refund_number,
                provider_reference=response.get("trade_no", provider_reference),
                refunded_fen=parse_yuan(response["refund_fee"]),
                refunded_at=_parse_time(response.get("gmt_refund_pay", "")),
            )
        except (KeyError, ValueError) as error:
            raise PermanentProviderError(f"unreadable refund answer: {error}") from error

    def statement(self, *, day: date) -> list[StatementLine]:
        """alipay.data.dataservice.bill.downloadurl.query for the trade bill of ``day``,
        then the zipped bill itself; its detail CSV (GBK) is read by column name."""
        response = self._call(
            "alipay.data.dataservice.bill.downloadurl.query",
            {"bill_type": "trade", "bill_date": day.isoformat()},
        )
        url = response.get("bill_download_url", "")
        if not url:
            raise PermanentProviderError("no bill download URL")
        return bill_parse(self.transport(url, None, self.timeout))


def bill_parse(archive: bytes) -> list[StatementLine]:
    """The payments and refunds in a trade bill archive (the file whose name ends in
    ``业务明细.csv``; comment lines start with ``#``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            names = [name for name in bundle.namelist() if name.endswith("业务明细.csv")]
            if not names:
                raise PermanentProviderError("no detail file in the bill")
            text = bundle.read(names[0]).decode("gb18030")
    except zipfile.BadZipFile as error:
        raise PermanentProviderError("the bill is not a zip archive") from error
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.reader(rows)
    header = [name.strip() for name in next(reader, [])]
    try:
        column = {field: header.index(name) for field, name in BILL_COLUMNS.items()}
    except ValueError as error:
        raise PermanentProviderError(f"bill column missing: {error}") from error
    lines = []
    for row in reader:
        cells = [cell.strip().lstrip("\t") for cell in row]
        kind = _BILL_KINDS.get(cells[column["kind"]])
        if kind is None:
            continue
        amount_cell = cells[column["amount" if kind == "payment" else "refund_amount"]]
        at = _parse_time(cells[column["finished"]])
        try:
            amount_fen = parse_yuan(amount_cell.lstrip("-"))
        except ValueError as error:
            raise PermanentProviderError(f"unreadable bill amount {amount_cell!r}") from error
        if at is None:
            raise PermanentProviderError("bill line without a time")
        lines.append(
            StatementLine(
                kind=kind,
                provider_reference=cells[column["trade_no"]],
                order_number=cells[column["out_trade_no"]],
                amount_fen=amount_fen,
                at=at,
                refund_number=cells[column["refund_number"]] if kind == "refund" else "",
            )
        )
    return lines
