"""Shipments' bookings on the delivery engine (kind ``papers.shipment_booking``): one courier
call per shipment, keyed by the shipment's reference (a repeat books once), answering the
waybill number and the label. Retryable courier errors back off; permanent ones (or the last
attempt) fail the booking and cancel the shipment, which sends its case back to the officer
(``shipment_booking_failed``)."""

from typing import Any

from django.conf import settings

from jiaoguan.core import clock
from jiaoguan.core.places import county_text
from jiaoguan.delivery import Done, Kind, Later, register
from jiaoguan.gateways.postal import get_postal_gateway
from jiaoguan.gateways.postal.base import PostalAddress, ShipmentRequest
from jiaoguan.papers.models import Shipment
from jiaoguan.papers.postal.services import (
    BOOKING,
    callback_url_of,
    shipment_booked,
    shipment_booking_failed,
)


def booking_request(shipment: Shipment) -> ShipmentRequest:
    citizen = PostalAddress(
        name=shipment.citizen_name,
        phone=shipment.citizen_phone,
        region_code=shipment.citizen_region_code,
        region_text=county_text(shipment.citizen_region_code),
        detail=shipment.citizen_address,
    )
    office = PostalAddress(
        name=shipment.office_name,
        phone=shipment.office_phone,
        region_code=shipment.office_region_code,
        region_text=county_text(shipment.office_region_code),
        detail=shipment.office_address,
    )
    returning = shipment.leg == Shipment.Leg.OLD_DOCUMENT
    return ShipmentRequest(
        reference=str(shipment.reference),
        sender=citizen if returning else office,
        recipient=office if returning else citizen,
        description=shipment.description,
        cash_on_delivery_fen=shipment.cash_on_delivery_fen,
        collect_item=shipment.collect_item,
        callback_url=callback_url_of(shipment.provider),
    )


@register
class ShipmentBookings(Kind):
    name = BOOKING
    model = Shipment
    queued = Shipment.Status.QUEUED.value
    sending = Shipment.Status.SENDING.value
    failed = Shipment.Status.FAILED.value
    fast_commit = False  # the waybill number must survive a crash as written

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_POSTAL_BOOKING_RETRY_SECONDS

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_POSTAL_BOOKING_STUCK_SECONDS

    def max_attempts(self, row: Any) -> int:
        return settings.JIAOGUAN_POSTAL_BOOKING_MAX_ATTEMPTS

    def key(self, row: Any) -> str:
        return str(row.reference)

    def send(self, row: Any, context: Any) -> Done | Later:
        booked = get_postal_gateway(row.provider).create_shipment(booking_request(row))
        fields = {
            "status": Shipment.Status.BOOKED,
            "waybill_number": booked.waybill_number,
            "label": booked.label,  # (``done()`` takes its own first argument as label)
            "booked_at": clock.now(),
            "last_error": "",
        }
        return Done("booked", fields)

    def on_done(self, rows: list[tuple[Any, Done]]) -> None:
        for row, outcome in rows:
            shipment_booked(shipment_id=row.pk, waybill_number=outcome.fields["waybill_number"])

    def on_failed(self, rows: list[tuple[Any, str]]) -> None:
        for row, error in rows:
            shipment_booking_failed(shipment_id=row.pk, error=error)
