"""Kuaidi100 (快递100) open platform: electronic waybills and the tracking subscription's pushes.

What the adapter speaks, as Kuaidi100's enterprise API documents it (api.kuaidi100.com):

- **Booking** (电子面单下单, ``POST label/order``, form ``method=order``, ``key``, ``t`` in
  milliseconds, ``param`` JSON, ``sign``): ``sign`` is the upper-case hex MD5 of
  ``param + t + key + secret``. The answer's ``data.kuaidinum`` is the waybill number. With
  ``needSubscribe`` the booking also subscribes the waybill to tracking pushes, to
  ``pollCallBackUrl``, signed with ``salt``.
- **Cancelling** (电子面单取消): the same call with ``method=cancel``.
- **Tracking pushes** (推送接口): a form POST with ``param`` (JSON: ``status`` polling /
  shutdown / abort / updateall, ``message``, ``lastResult`` with ``nu``, ``com``, ``state``
  and ``data``, every event so far, newest first, each with ``time`` / ``ftime``, ``context``,
  ``status``, ``areaCode``) and ``sign``, the upper-case hex MD5 of ``param + salt``. The
  receiver answers ``{"result": true, "returnCode": "200", "message": "成功"}``; anything else
  and Kuaidi100 pushes again.

A push carries the whole history, so it repeats earlier events: each event is named by a key
made from the waybill, its time and its text (Kuaidi100 gives events no id), and stored once.
The tracking states (``state`` of the last result, ``status`` word of each event) map as
``STATES``. Cash on delivery is not offered through this adapter.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any

from django.conf import settings

from jiaoguan.core import clock
from jiaoguan.gateways.errors import (
    PermanentProviderError,
    RetryableProviderError,
    classify_status,
)
from jiaoguan.gateways.postal.base import (
    InboundPush,
    PostalAddress,
    PushInvalid,
    ShipmentBooked,
    ShipmentRequest,
    TrackingEvent,
    TrackingStatus,
)

S = TrackingStatus
#: ``lastResult.state`` codes and the ``status`` words of events (resultv2 sub-states such
#: as ``501`` are read by their first digit).
STATES: dict[str, TrackingStatus] = {
    "0": S.IN_TRANSIT, "在途": S.IN_TRANSIT,
    "1": S.COLLECTED, "揽收": S.COLLECTED,
    "2": S.FAILED_ATTEMPT, "疑难": S.FAILED_ATTEMPT,
    "3": S.DELIVERED, "签收": S.DELIVERED,
    "4": S.RETURNED, "退签": S.RETURNED,
    "5": S.OUT_FOR_DELIVERY, "派件": S.OUT_FOR_DELIVERY,
    "6": S.IN_TRANSIT, "退回": S.IN_TRANSIT,
    "7": S.IN_TRANSIT, "转投": S.IN_TRANSIT,
    "8": S.IN_TRANSIT, "清关": S.IN_TRANSIT,
    "14": S.FAILED_ATTEMPT, "拒签": S.FAILED_ATTEMPT,
}  # fmt: skip
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
ACKNOWLEDGEMENT = json.dumps(
    {"result": True, "returnCode": "200", "message": "成功"}, ensure_ascii=False
)
REJECTION = json.dumps(
    {"result": False, "returnCode": "500", "message": "失败"}, ensure_ascii=False
)


def md5_upper(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest().upper()  # Kuaidi100's signature


def request_sign(param: str, t: str, key: str, secret: str) -> str:
    """The signature of a call to Kuaidi100: MD5(param + t + key + secret), upper-case hex."""
    return md5_upper(param + t + key + secret)


def push_sign(param: str, salt: str) -> str:
    """The signature of a push from Kuaidi100: MD5(param + salt), upper-case hex."""
    return md5_upper(param + salt)


def state_of(code: Any) -> TrackingStatus | None:
    text = str(code or "").strip()
    if text in STATES:
        return STATES[text]
    if text.isdigit() and len(text) >= 3:  # a resultv2 sub-state: 501 → 5 (派件)
        return STATES.get(text[0] if text[:2] != "14" else "14")
    return None


def event_key(waybill_number: str, at: str, context: str) -> str:
    digest = hashlib.sha256(f"{waybill_number}|{at}|{context}".encode()).hexdigest()
    return f"k100-{digest[:40]}"


def _person(address: PostalAddress) -> dict[str, str]:
    return {
        "name": address.name,
        "mobile": address.phone,
        "printAddr": f"{address.region_text}{address.detail}",
    }


class Kuaidi100Gateway:
    """Kuaidi100's enterprise API. Chosen by the provider name ``kuaidi100``."""

    name = "kuaidi100"
    acknowledgement = ACKNOWLEDGEMENT
    rejection = REJECTION
    answer_content_type = "application/json"
    cash_on_delivery = False

    def _call(self, method: str, param: dict[str, Any]) -> dict[str, Any]:
        key, secret = settings.KUAIDI100_KEY, settings.KUAIDI100_SECRET
        if not key or not secret:
            raise PermanentProviderError("KUAIDI100_KEY and KUAIDI100_SECRET are not set")
        param_text = json.dumps(param, ensure_ascii=False, separators=(",", ":"))
        t = str(int(time.time() * 1000))
        form = {
            "method": method,
            "key": key,
            "t": t,
            "param": param_text,
            "sign": request_sign(param_text, t, key, secret),
        }
        request = urllib.request.Request(
            settings.KUAIDI100_LABEL_URL,
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.KUAIDI100_TIMEOUT_SECONDS) as r:
                answer = r.read(100_000).decode(errors="replace")
        except urllib.error.HTTPError as error:
            raise classify_status(error.code, error.read(500).decode(errors="replace")) from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise RetryableProviderError(f"kuaidi100 unreachable: {error}") from error
        return self.answer_read(answer)

    @staticmethod
    def answer_read(answer: str) -> dict[str, Any]:
        """The ``data`` of an answer; provider errors for a refusal (a 5xx code is retried;
        the business codes, such as 30002 for an empty waybill account, are permanent)."""
        try:
            body = json.loads(answer)
        except json.JSONDecodeError:
            raise RetryableProviderError(f"kuaidi100: not JSON: {answer[:200]}") from None
        code = str(body.get("code", body.get("returnCode", "")))
        if body.get("success") is True or body.get("result") is True or code == "200":
            data = body.get("data")
            return data if isinstance(data, dict) else {}
        message = f"kuaidi100 {code}: {body.get('message', '')}"[:200]
        if code.isdigit() and 500 <= int(code) <= 599:  # its own failure, not our request
            raise RetryableProviderError(message)
        raise PermanentProviderError(message)

    def booking_param(self, request: ShipmentRequest) -> dict[str, Any]:
        if request.cash_on_delivery_fen:
            raise PermanentProviderError("kuaidi100: cash on delivery is not offered")
        return {
            "printType": "NON",
            "partnerId": settings.KUAIDI100_PARTNER_ID,
            "partnerKey": settings.KUAIDI100_PARTNER_KEY,
            "kuaidicom": settings.KUAIDI100_COMPANY,
            "recMan": _person(request.recipient),
            "sendMan": _person(request.sender),
            "cargo": request.description,
            "weight": f"{request.weight_grams / 1000:.2f}",
            "remark": request.collect_item and f"请收回：{request.collect_item}",
            "orderId": request.reference,
            "needSubscribe": True,
            "pollCallBackUrl": request.callback_url,
            "salt": settings.KUAIDI100_SALT,
            "resultv2": "1",
        }

    def create_shipment(self, request: ShipmentRequest) -> ShipmentBooked:
        data = self._call("order", self.booking_param(request))
        number = str(data.get("kuaidinum") or "")
        if not number:
            raise PermanentProviderError("kuaidi100: the answer has no kuaidinum")
        label = {
            "waybill_number": number,
            "courier": str(data.get("kuaidicom") or settings.KUAIDI100_COMPANY),
            "sorting_code": str(data.get("bulkpen") or ""),
            "task_id": str(data.get("taskId") or ""),
        }
        return ShipmentBooked(self.name, number, label)

    def cancel_shipment(self, *, waybill_number: str, reason: str) -> None:
        self._call(
            "cancel",
            {
                "partnerId": settings.KUAIDI100_PARTNER_ID,
                "partnerKey": settings.KUAIDI100_PARTNER_KEY,
                "kuaidicom": settings.KUAIDI100_COMPANY,
                "kuaidinum": waybill_number,
                "reason": reason[:50],
            },
        )

    def verify_push(self, push: InboundPush) -> list[TrackingEvent]:
        param, sign = push.form.get("param", ""), push.form.get("sign", "")
        salt = settings.KUAIDI100_SALT
        if not param or not sign or not salt:
            raise PushInvalid("signature_missing")
        if not hmac.compare_digest(push_sign(param, salt), sign.strip().upper()):
            raise PushInvalid("signature_invalid")
        try:
            body = json.loads(param)
            result = body.get("lastResult") or {}
            if body.get("status") == "abort" or not result:
                return []  # 3 days without a record, 60 days unchanged: nothing to apply
            number = str(result["nu"])
            items = list(result.get("data") or [])
            latest_state = state_of(result.get("state"))
            events = []
            for index, item in enumerate(reversed(items)):  # oldest first
                at_text = str(item.get("ftime") or item["time"])
                status = state_of(item.get("statusCode")) or state_of(item.get("status"))
                if status is None and index == len(items) - 1:
                    status = latest_state
                occurred = datetime.strptime(at_text, TIME_FORMAT).replace(tzinfo=clock.TIMEZONE)
                context = str(item.get("context", ""))
                events.append(
                    TrackingEvent(
                        provider=self.name,
                        event_key=event_key(number, at_text, context),
                        waybill_number=number,
                        status=status or S.IN_TRANSIT,
                        occurred_at=occurred,
                        description=context[:200],
                        region_code=str(item.get("areaCode") or "")[:6],
                        raw_status=str(item.get("status") or result.get("state") or "")[:20],
                    )
                )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise PushInvalid("malformed", str(error)[:100]) from None
        return events
