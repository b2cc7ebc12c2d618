"""Factories of postal delivery: an address in the applicant's book, a shipment booked with
the sandbox courier, tracking events as a courier would send them."""

import uuid
from datetime import datetime, timedelta

from jiaoguan.core import clock
from jiaoguan.gateways.postal.base import TrackingEvent, TrackingStatus
from jiaoguan.identity.actors import actor_for_user, system_actor
from jiaoguan.papers.models import AddressBookEntry, Shipment
from jiaoguan.papers.postal import services
from tests.identity.factories import make_citizen

NANJING_OFFICE = services.OfficeAddress(
    name="南京市公安局交通警察支队车辆管理所",
    region_code="320104",
    detail="中山南路 1 号",
    phone="025-12345678",
)


def make_address(*, person=None, region_code: str = "320102", **fields) -> AddressBookEntry:
    user = make_citizen(person=person) if person is None else None
    person = person or user.person
    if user is None:
        from jiaoguan.identity.models import User

        user = User.objects.get(person=person)
    return services.address_add(
        actor=actor_for_user(user),
        person_id=person.pk,
        recipient_name=fields.pop("recipient_name", "张伟"),
        phone=fields.pop("phone", "13812345678"),
        region_code=region_code,
        detail=fields.pop("detail", "北京东路 41 号 2 单元 301 室"),
        **fields,
    )


def make_shipment(
    *, address: AddressBookEntry | None = None, leg: str = "document", **fields
) -> Shipment:
    address = address or make_address()
    return services.shipment_create(
        actor=fields.pop("actor", system_actor("papers.dispatch")),
        case_reference=fields.pop("case_reference", uuid.uuid4()),
        leg=leg,
        applicant_person_id=address.person_id,
        address_id=address.pk,
        office=fields.pop("office", NANJING_OFFICE),
        province_code=fields.pop("province_code", "32"),
        description=fields.pop("description", "机动车驾驶证"),
        **fields,
    )


def courier_event(
    waybill_number: str,
    status: TrackingStatus,
    at: datetime | None = None,
    *,
    key: str = "",
    provider: str = "sandbox",
) -> TrackingEvent:
    at = at or clock.now()
    return TrackingEvent(
        provider=provider,
        event_key=key or f"{waybill_number}-{status}-{at.timestamp():.0f}",
        waybill_number=waybill_number,
        status=status,
        occurred_at=at,
        description=str(status),
    )


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
