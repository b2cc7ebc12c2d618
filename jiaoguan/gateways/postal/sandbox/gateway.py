"""The gateway: our platform's side of the sandbox courier, a client of its HTTP API."""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.postal.base import (
    InboundPush,
    PostalAddress,
    PushInvalid,
    ShipmentBooked,
    ShipmentRequest,
    TrackingEvent,
    TrackingStatus,
)

from . import common


def _address(address: PostalAddress) -> dict[str, str]:
    return {
        "name": address.name,
        "phone": address.phone,
        "region_code": address.region_code,
        "region_text": address.region_text,
        "detail": address.detail,
        "postcode": address.postcode,
    }


class SandboxPostalGateway:
    """Talks to the sandbox courier. Chosen by the provider name ``sandbox``. It offers cash
    on delivery (代收货款)."""

    name = "sandbox"
    acknowledgement = "success"
    rejection = "failure"
    answer_content_type = "text/plain"
    cash_on_delivery = True

    def _base_url(self) -> str:
        return settings.JIAOGUAN_POSTAL_CALLBACK_BASE_URL.rstrip("/")

    def _call(self, path: str, payload: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
        body = common.dumps(payload)
        try:
            status, answer = common.post_json(
                self._base_url() + path, body, common.signed_headers(body)
            )
        except OSError as error:
            raise RetryableProviderError(f"sandbox courier unreachable: {error}") from error
        if status >= 500 or status in (408, 429):
            raise RetryableProviderError(f"HTTP {status}: {answer[:200]}")
        try:
            data = json.loads(answer)
        except json.JSONDecodeError:
            raise PermanentProviderError(f"HTTP {status}: not JSON: {answer[:200]}") from None
        return status, data

    def create_shipment(self, request: ShipmentRequest) -> ShipmentBooked:
        status, data = self._call(
            reverse("sandbox_courier_shipments"),
            {
                "reference": request.reference,
                "sender": _address(request.sender),
                "recipient": _address(request.recipient),
                "description": request.description,
                "weight_grams": request.weight_grams,
                "cash_on_delivery_fen": request.cash_on_delivery_fen,
                "collect_item": request.collect_item,
                "callback_url": request.callback_url,
            },
        )
        if status not in (200, 201) or "waybill_number" not in data:
            raise PermanentProviderError(f"HTTP {status}: {data.get('error', '')}")
        return ShipmentBooked(self.name, data["waybill_number"], data.get("label", {}))

    def cancel_shipment(self, *, waybill_number: str, reason: str) -> None:
        status, data = self._call(
            reverse("sandbox_courier_cancel", kwargs={"waybill_number": waybill_number}),
            {"reason": reason},
        )
        if status != 200:
            raise PermanentProviderError(f"HTTP {status}: {data.get('error', '')}")

    def verify_push(self, push: InboundPush) -> list[TrackingEvent]:
        problem = common.signature_problem(push.body, push.headers)
        if problem:
            raise PushInvalid(problem)
        try:
            payload = json.loads(push.body)
            waybill_number = str(payload["waybill_number"])
            return [
                TrackingEvent(
                    provider=self.name,
                    event_key=str(item["event_id"])[:64],
                    waybill_number=waybill_number,
                    status=TrackingStatus(item["status"]),
                    occurred_at=datetime.fromisoformat(item["occurred_at"]),
                    description=str(item.get("description", ""))[:200],
                    region_code=str(item.get("region_code", ""))[:6],
                    raw_status=str(item["status"]),
                )
                for item in payload["events"]
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise PushInvalid("malformed", str(error)[:100]) from None
