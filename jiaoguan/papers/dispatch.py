"""A papers case and the post (DOMAIN.md §14.5): the dispatch stage books the courier, and
the courier's tracking moves the case on.

At ``dispatch`` (``papers.services.paper_application_act``) an application to be posted
gets one shipment per leg (``papers.postal.services.shipment_create``): the new document to
the applicant's address-book entry, and, where the rules take the old document back
(``ServiceRule.old_document_returned``: 162号 art. 68, 登记规定 art. 51), a leg that carries
it from the applicant to the office. The shipments are written in the dispatch's own
transaction, under the application's and the case's row locks: a double click or a second
officer waits, then finds the case dispatched and is refused; the partial unique index
``papers_shipment_one_per_leg`` is the last word if anything else races. Each booking (the
courier call answering the waybill number) goes out after commit on the delivery engine.

The document leg's tracking then takes the case on (``papers.subscriptions``, subscribed to
``papers.events.ShipmentMoved``): delivered → ``deliver``, returned → ``return`` (the case
waits in ``returned`` for an officer, who dispatches again with a new waybill or hands it
over at the counter). A shipment moves once per state (a conditional update), and the case
is moved only when its table allows that action from where it stands, so a repeated,
late or reordered push, or an officer who recorded delivery by hand first, changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from jiaoguan.applications import rules as case_rules
from jiaoguan.core.places import county_text
from jiaoguan.identity.actors import OfficerActor, acting, system_actor
from jiaoguan.papers import rules
from jiaoguan.papers.models import AddressBookEntry, OfficePostalAddress, Shipment
from jiaoguan.papers.postal import errors
from jiaoguan.papers.postal.services import TRACKING_JOB, OfficeAddress, shipment_create

if TYPE_CHECKING:
    from jiaoguan.papers.models import PaperApplication

#: What each document is called on a waybill.
DOCUMENT_NAMES = {
    rules.Document.DRIVING_LICENSE: "机动车驾驶证",
    rules.Document.VEHICLE_LICENSE: "机动车行驶证",
    rules.Document.PLATES: "机动车号牌",
}
#: The case action a document parcel's final state takes (papers.rules.waybill states): a
#: parcel that will never arrive (returned, cancelled, its booking refused) sends the case
#: back to the officer.
FOLLOWS = {"delivered": "deliver", "returned": "return", "cancelled": "return"}


def delivery_address_of(*, person_id: int, address_id: int | None) -> AddressBookEntry | None:
    """The applicant's own address-book entry chosen for the post (None when none is
    chosen). Another person's, or a removed one, is ``papers.address.not_found``."""
    if address_id is None:
        return None
    entry = AddressBookEntry.objects.filter(
        pk=int(address_id), person_id=person_id, removed_at__isnull=True
    ).first()
    if entry is None:
        raise errors.address_not_found()
    return entry


def address_text(entry: AddressBookEntry) -> str:
    """The address as the application shows it: county words and the street address."""
    return f"{county_text(entry.region_code)}{entry.detail}"[:200]


def office_address(actor: Any, province_code: str) -> OfficeAddress:
    """The dispatching office's postal address: the acting officer's office, or (a system
    job) the first office of the case's province that has one. Refused with
    ``papers.dispatch.office_address_missing``."""
    who = acting(actor)
    found = OfficePostalAddress.objects.filter(
        Q(office_code=who.office_code)
        if isinstance(who, OfficerActor)
        else Q(province_code=province_code[:2])
    ).first()
    if found is None:
        raise errors.office_address_missing()
    return OfficeAddress(
        name=found.name, region_code=found.region_code, detail=found.detail, phone=found.phone
    )


def shipments_book(
    *, actor: Any, application: PaperApplication, again: bool = False
) -> list[Shipment]:
    """Book the application's parcels with the courier (in the caller's transaction, which
    holds the application's row lock). Nothing for a pickup. ``again`` (dispatching a
    returned parcel anew) leaves alone a leg still open (the old document, never collected).

    Refused with ``papers.dispatch.no_address`` (posted, but no address-book entry),
    ``papers.dispatch.office_address_missing``, ``papers.shipment.exists`` (the constraint:
    a leg booked already) and ``shipment_create``'s own refusals; the caller's transaction
    then rolls the dispatch back."""
    if application.fulfilment != application.Fulfilment.POST:
        return []
    if application.delivery_address_id is None:
        raise errors.no_postal_address()
    rule = rules.rule_for(application.service)
    name = DOCUMENT_NAMES.get(rule.document, str(rule.document))
    legs = [(Shipment.Leg.DOCUMENT, name, "")]
    if rule.old_document_returned:
        legs.append((Shipment.Leg.OLD_DOCUMENT, f"原{name}", f"原{name}"))
    case = application.case
    office = office_address(actor, case.province_code)
    if again:
        open_legs = set(
            Shipment.objects.filter(case_reference=case.reference)
            .exclude(state__in=[Shipment.State.CANCELLED, Shipment.State.RETURNED])
            .values_list("leg", flat=True)
        )
        legs = [leg for leg in legs if leg[0] not in open_legs]
    return [
        shipment_create(
            actor=actor,
            case_reference=case.reference,
            leg=leg,
            applicant_person_id=application.person_id,
            address_id=application.delivery_address_id,
            office=office,
            province_code=case.province_code,
            description=description,
            collect_item=collect,
        )
        for leg, description, collect in legs
    ]


def temporary_plate_book(*, actor: Any, application: PaperApplication) -> Shipment | None:
    """Post the temporary plate issued at review (登记规定 art. 51: valid ≤ 15 days while
    the plates are made) to the applicant's address-book entry, at once, as a leg of its
    own (``temporary_plate``), in the review's transaction: the plates follow at dispatch.
    Nothing for a pickup (it is handed over at the point with the plates' acceptance) or
    an application without an address-book entry (the officer hands it over)."""
    if (
        application.fulfilment != application.Fulfilment.POST
        or application.delivery_address_id is None
        or not application.temporary_plate_number
    ):
        return None
    case = application.case
    return shipment_create(
        actor=actor,
        case_reference=case.reference,
        leg=Shipment.Leg.TEMPORARY_PLATE,
        applicant_person_id=application.person_id,
        address_id=application.delivery_address_id,
        office=office_address(actor, case.province_code),
        province_code=case.province_code,
        description=f"临时行驶车号牌 {application.temporary_plate_number}",
    )


def follow_action(*, kind: str, case_state: str, leg: str, shipment_state: str) -> str | None:
    """The case action a shipment's new state takes, if the case's table allows it from
    where the case stands (None: nothing to do)."""
    action = FOLLOWS.get(shipment_state) if leg == Shipment.Leg.DOCUMENT else None
    if action is None or case_rules.table_for(kind).action(case_state, action) is None:
        return None
    return action


def tracking_actor() -> Any:
    """Who moves a case on the courier's word (audited as ``system:papers.tracking``)."""
    return system_actor(TRACKING_JOB)
