"""The citizen's address book for postal delivery (收件地址): add and remove, audited; a
citizen touches only their own (re-exported by ``papers.postal.services``)."""

from __future__ import annotations

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import PermissionDenied
from jiaoguan.core.ids import is_valid_mobile
from jiaoguan.core.places import county_place
from jiaoguan.identity.actors import Actor, CitizenActor, acting
from jiaoguan.papers.models import AddressBookEntry
from jiaoguan.papers.postal import errors


def _citizen_person(actor: Actor | None, person_id: int) -> CitizenActor:
    who = acting(actor)
    if not isinstance(who, CitizenActor) or who.person_id != person_id:
        raise PermissionDenied("auth.permission_denied", errors.address_not_found().message)
    return who


def address_add(
    *,
    actor: Actor | None,
    person_id: int,
    recipient_name: str,
    phone: str,
    region_code: str,
    detail: str,
    postcode: str = "",
    is_default: bool = False,
) -> AddressBookEntry:
    """Add an address to the citizen's own address book (a default one replaces the former
    default). ``region_code`` must be a current county-level GB/T 2260 code. Audited."""
    _citizen_person(actor, person_id)
    recipient_name, detail, phone = recipient_name.strip(), detail.strip(), phone.strip()
    for name, value in (("recipient_name", recipient_name), ("detail", detail)):
        if not value:
            raise errors.required(name)
    if not is_valid_mobile(phone):
        raise errors.phone()
    if county_place(region_code) is None:
        raise errors.region()
    with transaction.atomic():
        if is_default:
            AddressBookEntry.objects.filter(
                person_id=person_id, is_default=True, removed_at__isnull=True
            ).update(is_default=False)
        entry = AddressBookEntry.objects.create(
            person_id=person_id,
            recipient_name=recipient_name[:50],
            phone=phone,
            region_code=region_code,
            detail=detail[:120],
            postcode=postcode.strip()[:6],
            is_default=is_default,
            created_at=clock.now(),
        )
        audit_record(actor=actor, action="papers.address.add", subject=entry)
    return entry


def address_remove(*, actor: Actor | None, person_id: int, address_id: int) -> None:
    """Remove one of the citizen's own addresses (kept for the shipments that used it)."""
    _citizen_person(actor, person_id)
    with transaction.atomic():
        entry = (
            AddressBookEntry.objects.select_for_update()
            .filter(pk=address_id, person_id=person_id, removed_at__isnull=True)
            .first()
        )
        if entry is None:
            raise errors.address_not_found()
        entry.removed_at, entry.is_default = clock.now(), False
        entry.save(update_fields=["removed_at", "is_default"])
        audit_record(actor=actor, action="papers.address.remove", subject=entry)
