"""What the papers family tells (ADR 0009): a shipment's parcel moved on the courier's word.

Postal delivery names its case by reference and knows nothing of the case's table; the
case follows its parcels through this event (``papers.subscriptions``)."""

from dataclasses import dataclass
from datetime import datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class ShipmentMoved(Event):
    """A tracking event moved a shipment to ``state`` (``papers.rules.waybill``), once per
    move: the move is one conditional update, so a repeated or late event never publishes
    again. Published by ``papers.postal.services`` inside the push's transaction."""

    shipment_id: int
    case_reference: str  # the case's stable reference (a UUID)
    leg: str  # papers.Shipment.Leg
    state: str  # the shipment's new state
    occurred_at: datetime
