"""Writes of postal delivery: addresses, shipments, tracking events. Every service runs in
one transaction and is audited; the courier calls go through the delivery engine (kind
``papers.shipment_booking``, ``papers.deliveries``), never inside a transaction.

The papers case calls ``shipment_create`` at its dispatch stage, once per leg (the new
document; the old one collected at the door is a leg of its own), naming the case by its
``applications.Case.reference``; tracking then moves each shipment forward by itself.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.events import publish
from jiaoguan.core.places import county_place
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.postal import get_postal_gateway, provider_enabled
from jiaoguan.gateways.postal.base import InboundPush, PushInvalid
from jiaoguan.gateways.postal.base import TrackingEvent as CourierEvent
from jiaoguan.identity.actors import Actor, permission_require, system_actor
from jiaoguan.papers.events import ShipmentMoved
from jiaoguan.papers.models import AddressBookEntry, Shipment, TrackingEvent, TrackingPush
from jiaoguan.papers.postal import errors
from jiaoguan.papers.postal.addresses import address_add, address_remove
from jiaoguan.papers.postal.inserts import event_insert as _event_insert
from jiaoguan.papers.rules import waybill as rules

logger = logging.getLogger(__name__)
__all__ = ["address_add", "address_remove"]  # the address book's, and the services below

BOOKING = "papers.shipment_booking"  # the delivery kind (papers.deliveries)
DISPATCH = "papers.dispatch_shipment"
TRACKING_JOB = "papers.tracking"


# --- Shipments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeAddress:
    """The office's side of a shipment: who sends the document, or receives the old one."""

    name: str
    region_code: str
    detail: str
    phone: str = ""


def shipment_create(
    *,
    actor: Actor | None,
    case_reference: uuid.UUID | str,
    leg: str,
    applicant_person_id: int,
    address_id: int,
    office: OfficeAddress,
    province_code: str,
    office_code: str = "",
    description: str,
    collect_item: str = "",
    cash_on_delivery_fen: int = 0,
    dispatched_on: date | None = None,
) -> Shipment:
    """Create one leg of a case's postal delivery and book it with the courier.

    Needs ``papers.dispatch_shipment`` over ``province_code``. The address must be one of the
    applicant's own (another person's is refused as not found). One open shipment per case
    and leg: a second is refused by the database constraint (``papers.shipment.exists``).
    Cash on delivery only where the courier offers it. The booking (the courier call that
    answers the waybill number) is a delivery-engine row sent after commit; the delivery
    estimate is stored beside it. Audited."""
    permission_require(
        actor, DISPATCH, province_code=province_code, office_code=office_code or None
    )
    if leg not in Shipment.Leg.values:
        raise errors.leg()
    address = AddressBookEntry.objects.filter(
        pk=address_id, person_id=applicant_person_id, removed_at__isnull=True
    ).first()
    if address is None:
        raise errors.address_not_found()
    if county_place(office.region_code) is None:
        raise errors.region("office_region_code")
    if cash_on_delivery_fen < 0:
        raise errors.cash_on_delivery_unavailable()
    provider = settings.JIAOGUAN_POSTAL_PROVIDER
    if not provider_enabled(provider):
        raise errors.postal_unavailable()
    if cash_on_delivery_fen and not get_postal_gateway(provider).cash_on_delivery:
        raise errors.cash_on_delivery_unavailable()
    now = clock.now()
    origin, destination = office.region_code, address.region_code
    if leg == Shipment.Leg.OLD_DOCUMENT:
        origin, destination = destination, origin
    estimate = rules.delivery_estimate(
        dispatched_on=dispatched_on or clock.today(),
        origin_region=origin,
        destination_region=destination,
    )
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                reference=uuid.uuid4(),
                case_reference=uuid.UUID(str(case_reference)),
                leg=leg,
                province_code=province_code,
                office_code=office_code,
                provider=provider,
                citizen_name=address.recipient_name,
                citizen_phone=address.phone,
                citizen_region_code=address.region_code,
                citizen_address=address.detail,
                office_name=office.name[:100],
                office_phone=office.phone[:20],
                office_region_code=office.region_code,
                office_address=office.detail[:120],
                description=description[:100],
                collect_item=collect_item[:100],
                cash_on_delivery_fen=cash_on_delivery_fen,
                estimated_from=estimate.earliest,
                estimated_until=estimate.latest,
                created_at=now,
                not_before=now,
                dispatched_at=now,
            )
            audit_record(
                actor=actor,
                action="papers.shipment.create",
                subject=shipment,
                data={"case": str(shipment.case_reference), "leg": leg, "provider": provider},
            )
            delivery.enqueue(BOOKING, [shipment.pk])
    except IntegrityError:
        raise errors.shipment_exists() from None
    return shipment


def callback_url_of(provider: str) -> str:
    """Where the courier pushes tracking events for ``provider``."""
    path = reverse("api:postal_events", kwargs={"provider": provider})
    return settings.JIAOGUAN_POSTAL_CALLBACK_BASE_URL.rstrip("/") + path


def shipment_cancel(*, actor: Actor | None, shipment_id: int, reason: str) -> Shipment:
    """Cancel a shipment the courier has not collected (the booking, if made, is cancelled
    with the courier first, outside any transaction). ``papers.shipment.not_cancellable``
    once collected. Audited."""
    shipment = Shipment.objects.filter(pk=shipment_id).first()
    if shipment is None:
        raise errors.shipment_not_found()
    permission_require(
        actor,
        DISPATCH,
        province_code=shipment.province_code,
        office_code=shipment.office_code or None,
    )
    if not rules.cancellable(rules.ShipmentState(shipment.state)):
        raise errors.not_cancellable()
    if shipment.waybill_number:
        from jiaoguan.gateways.errors import ProviderError

        try:
            get_postal_gateway(shipment.provider).cancel_shipment(
                waybill_number=shipment.waybill_number, reason=reason
            )
        except ProviderError as error:
            logger.warning("courier refused to cancel %s: %s", shipment.waybill_number, error)
            raise errors.not_cancellable() from None
    with transaction.atomic():
        cancelled = Shipment.objects.filter(pk=shipment.pk, state=Shipment.State.CREATED).update(
            state=Shipment.State.CANCELLED, finished_at=clock.now()
        )
        if not cancelled:
            raise errors.not_cancellable()
        audit_record(
            actor=actor, action="papers.shipment.cancel", subject=shipment, data={"reason": reason}
        )
        _moved_publish(shipment.pk, rules.ShipmentState.CANCELLED, clock.now())
    shipment.refresh_from_db()
    return shipment


# --- Tracking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushAnswer:
    """What to answer the courier: its convention's body, with the HTTP status."""

    outcome: str
    reason: str
    body: str
    status: int
    content_type: str


def _push_store(
    *,
    provider: str,
    push: InboundPush,
    outcome: str,
    reason: str = "",
    waybill_number: str = "",
    new: int = 0,
    repeated: int = 0,
    ip_address: str | None = None,
) -> TrackingPush:
    text = push.body.decode(errors="replace") if push.body else ""
    if not text and push.form:
        text = "&".join(f"{name}={value}" for name, value in push.form.items())
    row = TrackingPush.objects.create(
        provider=provider[:20],
        outcome=outcome,
        reason=reason[:40],
        waybill_number=waybill_number[:32],
        events_new=new,
        events_repeated=repeated,
        body=text[:20000],
        ip_address=ip_address,
        received_at=clock.now(),
    )
    if outcome == TrackingPush.Outcome.REJECTED:
        logger.warning(
            "tracking push rejected: %s (provider %s, from %s)", reason, provider, ip_address
        )
        audit_record(
            actor=None,
            action="papers.tracking.reject",
            subject=row,
            data={"reason": reason, "provider": provider},
            ip_address=ip_address,
        )
    return row


def tracking_push_receive(
    *, provider: str, push: InboundPush, ip_address: str | None = None
) -> PushAnswer:
    """Take one push from a courier: verify it (a forged, stale or unreadable push is
    refused, stored, logged and audited: never a 500), then store and apply each of its
    events once (``tracking_event_apply``), in one transaction. A processing error rolls
    back and answers 503, so the courier pushes again."""
    try:
        gateway = get_postal_gateway(provider)
    except KeyError:
        with transaction.atomic():
            _push_store(
                provider=provider,
                push=push,
                outcome=TrackingPush.Outcome.REJECTED,
                reason="provider_unknown",
                ip_address=ip_address,
            )
        return PushAnswer("rejected", "provider_unknown", "failure", 404, "text/plain")
    try:
        events = gateway.verify_push(push)
    except PushInvalid as invalid:
        with transaction.atomic():
            _push_store(
                provider=provider,
                push=push,
                outcome=TrackingPush.Outcome.REJECTED,
                reason=invalid.reason,
                ip_address=ip_address,
            )
        return PushAnswer(
            "rejected", invalid.reason, gateway.rejection, 400, gateway.answer_content_type
        )
    actor = system_actor(TRACKING_JOB)
    try:
        with transaction.atomic():
            outcomes = [tracking_event_apply(actor=actor, event=event) for event in events]
            repeated = outcomes.count("duplicate")
            _push_store(
                provider=provider,
                push=push,
                outcome=TrackingPush.Outcome.ACCEPTED,
                waybill_number=events[0].waybill_number if events else "",
                new=len(outcomes) - repeated,
                repeated=repeated,
                ip_address=ip_address,
            )
    except Exception:
        logger.exception("tracking push from %s not taken", provider)
        with transaction.atomic():
            _push_store(
                provider=provider,
                push=push,
                outcome=TrackingPush.Outcome.FAILED,
                reason="processing_error",
                ip_address=ip_address,
            )
        return PushAnswer(
            "failed", "processing_error", gateway.rejection, 503, gateway.answer_content_type
        )
    return PushAnswer("accepted", "", gateway.acknowledgement, 200, gateway.answer_content_type)


def tracking_event_apply(*, actor: Actor | None, event: CourierEvent) -> str:
    """Store a verified tracking event once and move its shipment forward if it may.

    Answers ``duplicate`` (the same provider and event key is stored already: nothing
    changes), ``orphan`` (no shipment has that waybill yet: kept, applied when the booking
    is written), ``applied`` (the shipment moved) or ``stale`` (stored, but older than what
    the shipment has, or behind its state: out of order, never moves it back).

    Three statements and the audit row, no savepoint: the move first (one conditional
    ``UPDATE``, ``papers.rules.waybill``: a repeat of an event can never move a shipment
    again, so moving before knowing whether the event is new is safe), then the insert with
    ``ON CONFLICT DO NOTHING`` on the unique ``(provider, event_key)``. Concurrent deliveries
    of one event: the mover holds the shipment's row lock until it commits, the others'
    moves wait and find nothing to do, their inserts meet its row: applied once. Needs the
    tracking job's actor (or ``papers.dispatch_shipment``). Audited."""
    permission_require(actor, DISPATCH)
    state = rules.ShipmentState(event.status.value)
    with transaction.atomic(savepoint=False):
        moved = _shipments_moved(
            Shipment.objects.filter(waybill_number=event.waybill_number),
            state,
            event.occurred_at,
        )
        shipment_id = (
            Shipment.objects.filter(waybill_number=event.waybill_number)
            .values_list("pk", flat=True)
            .first()
        )
        row_id = _event_insert(
            provider=event.provider[:20],
            event_key=event.event_key[:64],
            waybill_number=event.waybill_number[:32],
            shipment_id=shipment_id,
            status=state.value,
            occurred_at=event.occurred_at,
            description=event.description[:200],
            region_code=event.region_code[:6],
            raw_status=event.raw_status[:20],
            applied=bool(moved),
            received_at=clock.now(),
        )
        if row_id is None:
            return "duplicate"
        if shipment_id is None:
            return "orphan"
        outcome = "applied" if moved else "stale"
        if moved:
            _moved_publish(shipment_id, state, event.occurred_at)
        audit_record(
            actor=actor,
            action="papers.shipment.track",
            subject=TrackingEvent(pk=row_id),
            data={"shipment": shipment_id, "state": state.value, "outcome": outcome},
        )
    return outcome


def _shipments_moved(shipments, state: rules.ShipmentState, occurred_at) -> int:
    """The conditional update of ``shipments`` (one, or none) for an event of ``state`` at
    ``occurred_at``: it moves from a lower-ranked state, or from one of the same rank if the
    event is later than the last one applied (``papers.rules.waybill``)."""
    below = [value.value for value in rules.states_below(state)]
    level = [value.value for value in rules.states_level(state)]
    later = Q(last_event_at__isnull=True) | Q(last_event_at__lt=occurred_at)
    return shipments.filter(Q(state__in=below) | Q(later, state__in=level)).update(
        state=state.value,
        last_event_at=occurred_at,
        finished_at=clock.now() if state in rules.FINISHED else None,
    )


def _shipment_move(shipment_id: int, state: rules.ShipmentState, row: TrackingEvent) -> bool:
    """Move one shipment for a stored event (the early events of ``shipment_booked``)."""
    moved = _shipments_moved(Shipment.objects.filter(pk=shipment_id), state, row.occurred_at)
    if moved:
        TrackingEvent.objects.filter(pk=row.pk).update(applied=True)
        _moved_publish(shipment_id, state, row.occurred_at)
    return bool(moved)


def _moved_publish(shipment_id: int, state: rules.ShipmentState, occurred_at) -> None:
    """Tell the case its parcel moved (``papers.events.ShipmentMoved``, in this transaction)."""
    case_reference, leg = Shipment.objects.values_list("case_reference", "leg").get(pk=shipment_id)
    publish(
        ShipmentMoved(
            shipment_id=shipment_id,
            case_reference=str(case_reference),
            leg=leg,
            state=state.value,
            occurred_at=occurred_at,
        )
    )


def shipment_booked(*, shipment_id: int, waybill_number: str) -> int:
    """After the booking is written (in its transaction, ``papers.deliveries``): attach and
    apply, in time order, the events the courier pushed before we knew the waybill; how
    many moved the shipment."""
    orphans = list(
        TrackingEvent.objects.filter(waybill_number=waybill_number, shipment__isnull=True)
        .order_by("occurred_at", "pk")
        .select_for_update()
    )
    moved = 0
    for row in orphans:
        TrackingEvent.objects.filter(pk=row.pk).update(shipment_id=shipment_id)
        if _shipment_move(shipment_id, rules.ShipmentState(row.status), row):
            moved += 1
    audit_record(
        actor=system_actor(TRACKING_JOB),
        action="papers.shipment.book",
        subject=Shipment(pk=shipment_id),
        data={"waybill_number": waybill_number, "early_events": len(orphans)},
    )
    return moved


def shipment_booking_failed(*, shipment_id: int, error: str) -> bool:
    """After the courier refused a booking for good (in the delivery engine's transaction):
    the shipment, never collected, is cancelled, which frees its leg and tells its case
    (``ShipmentMoved``). Audited ``papers.shipment.booking_fail``."""
    cancelled = Shipment.objects.filter(pk=shipment_id, state=Shipment.State.CREATED).update(
        state=Shipment.State.CANCELLED, finished_at=clock.now()
    )
    audit_record(
        actor=system_actor(TRACKING_JOB),
        action="papers.shipment.booking_fail",
        subject=Shipment(pk=shipment_id),
        data={"error": error[:200]},
    )
    if cancelled:
        _moved_publish(shipment_id, rules.ShipmentState.CANCELLED, clock.now())
    return bool(cancelled)
