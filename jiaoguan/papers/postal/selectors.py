"""Reads of postal delivery: a citizen's address book, a case's shipments with their
tracking, the delivery estimate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from jiaoguan.core.places import county_text
from jiaoguan.papers.models import AddressBookEntry, Shipment, TrackingEvent
from jiaoguan.papers.rules import waybill as rules


def addresses_of_person(*, person_id: int) -> QuerySet[AddressBookEntry]:
    """The person's own addresses, the default first (keyed by the logged-in person)."""
    return AddressBookEntry.objects.filter(person_id=person_id, removed_at__isnull=True)


def shipments_of_case(*, case_reference: uuid.UUID | str) -> list[Shipment]:
    """Every shipment of a case, oldest first (the caller has checked who may see the case)."""
    return list(
        Shipment.objects.filter(case_reference=uuid.UUID(str(case_reference))).order_by(
            "created_at", "pk"
        )
    )


def tracking_of(*, shipment_id: int) -> list[TrackingEvent]:
    """A shipment's tracking events in the order they happened (the stale ones included)."""
    return list(TrackingEvent.objects.filter(shipment_id=shipment_id).order_by("occurred_at", "pk"))


@dataclass(frozen=True)
class ShipmentView:
    waybill_number: str
    booking_failed: bool  # the courier refused the booking for good (the officer's to handle)
    leg: str
    leg_label: str
    state: str
    state_label: str
    exception: bool
    finished: bool
    estimated_from: date | None
    estimated_until: date | None
    destination: str


def shipment_view(shipment: Shipment) -> ShipmentView:
    """What the citizen and the officer are shown of a shipment (网办进度)."""
    state = rules.ShipmentState(shipment.state)
    destination = (
        shipment.office_region_code
        if shipment.leg == Shipment.Leg.OLD_DOCUMENT
        else shipment.citizen_region_code
    )
    return ShipmentView(
        waybill_number=shipment.waybill_number or "",
        booking_failed=shipment.status == Shipment.Status.FAILED,
        leg=shipment.leg,
        leg_label=str(Shipment.Leg(shipment.leg).label),
        state=state.value,
        state_label=str(Shipment.State(state.value).label),
        exception=state in rules.EXCEPTIONS,
        finished=state in rules.FINISHED,
        estimated_from=shipment.estimated_from,
        estimated_until=shipment.estimated_until,
        destination=county_text(destination),
    )


def delivery_estimate(
    *, dispatched_on: date, origin_region: str, destination_region: str
) -> rules.DeliveryEstimate:
    """The delivery estimate shown beside the statutory production deadline."""
    return rules.delivery_estimate(
        dispatched_on=dispatched_on,
        origin_region=origin_region,
        destination_region=destination_region,
    )


def shipment_views_of_case(*, case_reference: uuid.UUID | str) -> list[ShipmentView]:
    """What the citizen's 网办进度 and the officer's case page show of a case's parcels,
    oldest first (the caller has checked who may see the case)."""
    return [shipment_view(s) for s in shipments_of_case(case_reference=case_reference)]
