"""Postal shipments of papers: their states, which tracking event may move a shipment, and
the delivery estimate (DOMAIN §14.5). Pure: no Django.

A shipment only moves forward. Each state has a rank; an event moves a shipment that is not
finished when its rank is above the shipment's, or the same and the event happened after
the last one applied. So a duplicate, or an older event arriving late (reordered), never
moves a shipment back; a failed delivery attempt and the next round out for delivery (the
same rank) follow each other by time; a parcel on its way back to the sender (in transit
again, a lower rank) stays a failed attempt until it is returned. The outcome does not
depend on the order the events arrive in: the shipment ends in the state of the highest
rank reached and, within it, of the latest event (the first finished state reached stays).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class ShipmentState(StrEnum):
    CREATED = "created"  # booked (or being booked), not collected yet
    COLLECTED = "collected"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    FAILED_ATTEMPT = "failed_attempt"  # an exception: the citizen is told, the office acts
    DELIVERED = "delivered"
    RETURNED = "returned"  # an exception: back at the sender
    CANCELLED = "cancelled"  # by the office, before collection


class ShipmentLeg(StrEnum):
    DOCUMENT = "document"  # the new document, office → applicant
    OLD_DOCUMENT = "old_document"  # the old one, collected at the door, applicant → office
    TEMPORARY_PLATE = "temporary_plate"  # a temporary plate mailed while plates are made


S = ShipmentState
RANK: dict[ShipmentState, int] = {
    S.CREATED: 0,
    S.COLLECTED: 1,
    S.IN_TRANSIT: 2,
    S.OUT_FOR_DELIVERY: 3,
    S.FAILED_ATTEMPT: 3,
    S.DELIVERED: 4,
    S.RETURNED: 4,
    S.CANCELLED: 4,
}
FINISHED = frozenset({S.DELIVERED, S.RETURNED, S.CANCELLED})
EXCEPTIONS = frozenset({S.FAILED_ATTEMPT, S.RETURNED})
#: Tracking events that can move a shipment (a courier never reports "created"/"cancelled").
TRACKED = frozenset(set(S) - {S.CREATED, S.CANCELLED})


def states_below(event_state: ShipmentState) -> frozenset[ShipmentState]:
    """The states an event of ``event_state`` moves a shipment out of, whatever its time."""
    if event_state not in TRACKED:
        return frozenset()
    rank = RANK[event_state]
    return frozenset(state for state in S if state not in FINISHED and RANK[state] < rank)


def states_level(event_state: ShipmentState) -> frozenset[ShipmentState]:
    """The states an event of ``event_state`` moves a shipment out of if it is later than
    the last event applied."""
    if event_state not in TRACKED:
        return frozenset()
    rank = RANK[event_state]
    return frozenset(state for state in S if state not in FINISHED and RANK[state] == rank)


def event_moves(
    *,
    state: ShipmentState,
    last_event_at: datetime | None,
    event_state: ShipmentState,
    occurred_at: datetime,
) -> bool:
    """Whether an event moves a shipment in ``state`` whose last applied event happened at
    ``last_event_at`` (the same test the conditional update makes in the database)."""
    if state in states_below(event_state):
        return True
    if state in states_level(event_state):
        return last_event_at is None or occurred_at > last_event_at
    return False


def cancellable(state: ShipmentState) -> bool:
    return state == S.CREATED


# --- Delivery estimate ----------------------------------------------------------------------

#: Provinces whose mail takes longest (product default, DOMAIN §14.5: no statutory transit
#: time): 内蒙古, 西藏, 青海, 新疆, 海南.
REMOTE_PROVINCES = frozenset({"15", "54", "63", "65", "46"})


@dataclass(frozen=True)
class DeliveryEstimate:
    earliest: date
    latest: date
    basis: str  # same_province, other_province, remote_province


def delivery_estimate(
    *, dispatched_on: date, origin_region: str, destination_region: str
) -> DeliveryEstimate:
    """When a shipment dispatched on ``dispatched_on`` should arrive, in calendar days
    (couriers deliver at weekends): 1–2 days within a province, 2–4 across provinces, 3–6
    between a remote one and another province. Shown beside the statutory production
    deadline, never counted in it (transit time is not part of the statutory clock)."""
    origin, destination = origin_region[:2], destination_region[:2]
    if origin == destination:
        low, high, basis = 1, 2, "same_province"
    elif origin in REMOTE_PROVINCES or destination in REMOTE_PROVINCES:
        low, high, basis = 3, 6, "remote_province"
    else:
        low, high, basis = 2, 4, "other_province"
    return DeliveryEstimate(
        dispatched_on + timedelta(days=low), dispatched_on + timedelta(days=high), basis
    )
