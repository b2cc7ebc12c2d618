"""What the papers family does when something happens (ADR 0009): a papers case follows
its document's parcel (``papers.dispatch``: delivered → delivered, returned → returned for
an officer). In the push's transaction: if the case cannot be moved, the push is answered
503 and the courier pushes again."""

from jiaoguan.core.events import Phase, subscriber
from jiaoguan.papers.events import ShipmentMoved
from jiaoguan.papers.services import paper_application_follow


@subscriber(ShipmentMoved, phase=Phase.IN_TRANSACTION)
def case_follows_shipment(event: ShipmentMoved) -> None:
    paper_application_follow(
        case_reference=event.case_reference, leg=event.leg, shipment_state=event.state
    )
