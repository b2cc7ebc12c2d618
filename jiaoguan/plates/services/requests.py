"""Citizens apply online to keep a previous number, swap two numbers or move a vehicle to
their spouse with its number (登记规定 arts. 20, 44, 45); officers approve or refuse.

Submission checks at once everything the platform can check (dates, owner, office, plate
type, use, once a year, the marriage's length as stated) and refuses with the reasons;
clearance of violations and accidents, the ownership history and the marriage certificate
are an officer's check, so every request is decided in the back office, where approval runs
the same service the counter uses. Writers lock the vehicle rows first, so a vehicle has at
most one pending request (partial unique indexes back this up).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.ids import InvalidPlateNumber
from jiaoguan.identity.models import Person, User
from jiaoguan.plates import errors, rules
from jiaoguan.plates.evidence import document_check
from jiaoguan.plates.models import NewVehicle, PlateEvidence, PlateHold, PlateRequest
from jiaoguan.plates.selectors import is_reference, unavailable_numbers
from jiaoguan.plates.services._common import request_plate, require_officer
from jiaoguan.plates.services.selection import selection_keep_previous
from jiaoguan.plates.services.spouses import spouse_transfer_execute
from jiaoguan.plates.services.swaps import plate_swap, swap_side
from jiaoguan.vehicles.models import Vehicle
from jiaoguan.vehicles.services import vehicles_lock

_PENDING = [state.value for state in PlateRequest.PENDING]


def _person_of(actor: User) -> Person:
    person = getattr(actor, "person", None)
    if person is None:
        raise errors.registered_vehicle_not_found()
    return person


def _no_pending(*, vehicle_ids=(), new_vehicle_id: int | None = None) -> None:
    """Refuse when a vehicle already has a pending request (caller holds the row locks)."""
    ids = list(vehicle_ids)
    pending = PlateRequest.objects.filter(state__in=_PENDING)
    if (ids and pending.filter(Q(vehicle_id__in=ids) | Q(other_vehicle_id__in=ids)).exists()) or (
        new_vehicle_id is not None and pending.filter(new_vehicle_id=new_vehicle_id).exists()
    ):
        raise errors.request_pending_exists()


def _create(**fields) -> PlateRequest:
    try:
        with transaction.atomic():
            return PlateRequest.objects.create(submitted_at=clock.now(), **fields)
    except IntegrityError:
        raise errors.request_pending_exists() from None


def _audit(actor, request: PlateRequest, action: str, ip_address, **data) -> None:
    audit_record(
        actor=actor,
        action=f"plates.request.{action}",
        subject=request,
        person_id_number=request.person.id_number,
        data={"kind": request.kind, **data},
        ip_address=ip_address,
    )


def _own_vehicles(person: Person, vehicle_ids: list[int]) -> list[Vehicle]:
    """The person's registered (not deregistered) vehicles, locked, in the given order."""
    locked = {
        vehicle.pk: vehicle
        for vehicle in vehicles_lock(vehicle_ids=vehicle_ids)
        if vehicle.owner_person_id == person.pk and vehicle.status != Vehicle.Status.DEREGISTERED
    }
    if len(set(vehicle_ids)) != len(vehicle_ids) or set(locked) != set(vehicle_ids):
        raise errors.registered_vehicle_not_found()
    return [locked[pk] for pk in vehicle_ids]


def plate_request_keep_submit(
    *,
    actor: User,
    vin: str,
    previous_number: str,
    used_since: date,
    released_on: date,
    ip_address: str | None = None,
) -> PlateRequest:
    """Apply to keep the citizen's previous number for their new vehicle (art. 44).

    Refused at once (``plates.keep.refused`` with the reasons) when the stated dates fail the
    rule (2 years since release, 1 year of use), when the number is not of the vehicle's type
    and office (``plates.number.invalid``) or not free (``plates.number.taken``), when the
    vehicle already holds a number or has a pending request. Audits
    ``plates.request.submitted``.
    """
    person = _person_of(actor)
    with transaction.atomic():
        vehicle = (
            NewVehicle.objects.select_for_update()
            .filter(vin=(vin or "").strip().upper(), owner=person)
            .first()
        )
        if vehicle is None:
            raise errors.vehicle_not_found()
        if PlateHold.objects.filter(new_vehicle=vehicle, state=PlateHold.State.HELD).exists():
            raise errors.already_holding()
        try:
            serial = rules.composed_serial(
                previous_number or "",
                plate_type=vehicle.plate_type,
                prefix=vehicle.prefix,
                energy_letters=frozenset("".join(rules.ENERGY_LETTER_ORDER)),
            )
        except InvalidPlateNumber as error:
            raise errors.number_invalid(error.reason) from None
        refusals = rules.keep_previous_refusals(
            rules.PreviousNumber(
                used_since=used_since, released_on=released_on, violations_cleared=True
            ),
            clock.today(),
        )
        if refusals:
            raise errors.keep_refused(refusals)
        number = f"{vehicle.prefix}{serial}"
        if unavailable_numbers(plate_type=vehicle.plate_type, numbers=[number]):
            raise errors.number_taken()
        _no_pending(new_vehicle_id=vehicle.pk)
        request = _create(
            kind=PlateRequest.Kind.KEEP_PREVIOUS,
            state=PlateRequest.State.SUBMITTED,
            person=person,
            new_vehicle=vehicle,
            previous_number=number,
            used_since=used_since,
            released_on=released_on,
        )
        _audit(actor, request, "submitted", ip_address, number=number)
    return request


def plate_request_swap_submit(
    *,
    actor: User,
    vehicle_id: int,
    other_vehicle_id: int,
    ip_address: str | None = None,
) -> PlateRequest:
    """Apply to swap the numbers of two of the citizen's registered vehicles (art. 20).

    Both rows are locked (id order) and the rule checked as far as the register tells
    (same office, plate type, non-operating, neither swapped in the past year); refused with
    ``plates.swap.refused`` and the reasons, or ``plates.request.pending_exists``. Audits
    ``plates.request.submitted``.
    """
    person = _person_of(actor)
    with transaction.atomic():
        first, second = _own_vehicles(person, [int(vehicle_id), int(other_vehicle_id)])
        refusals = rules.swap_refusals(
            swap_side(first, violations_cleared=True),
            swap_side(second, violations_cleared=True),
            clock.today(),
        )
        if refusals:
            raise errors.swap_refused(refusals)
        _no_pending(vehicle_ids=[first.pk, second.pk])
        request = _create(
            kind=PlateRequest.Kind.SWAP,
            state=PlateRequest.State.SUBMITTED,
            person=person,
            vehicle=first,
            other_vehicle=second,
        )
        _audit(
            actor,
            request,
            "submitted",
            ip_address,
            numbers=[first.plate_number, second.plate_number],
        )
    return request


def plate_request_spouse_submit(
    *,
    actor: User,
    vehicle_id: int,
    spouse_id_number: str,
    spouse_name: str,
    married_on: date,
    certificate: bytes | None,
    ip_address: str | None = None,
) -> PlateRequest:
    """Apply to register one of the citizen's vehicles to their spouse keeping its number
    (art. 45), uploading the marriage certificate (JPEG or PNG) for the officer.

    The spouse is matched on identity number and name; the marriage must have lasted a year
    by the stated date (``plates.spouse.refused``). The request then waits for the spouse's
    own confirmation (both apply), then for the officer. Audits ``plates.request.submitted``.
    """
    person = _person_of(actor)
    spouse = Person.objects.filter(
        id_number=(spouse_id_number or "").strip().upper(), name=(spouse_name or "").strip()
    ).first()
    if spouse is None:
        raise errors.spouse_not_found()
    if spouse.pk == person.pk:
        raise errors.spouse_is_owner()
    refusals = rules.spouse_keep_refusals(
        married_on=married_on, transferred_on=clock.today(), both_applied=True
    )
    if refusals:
        raise errors.spouse_refused(refusals)
    document = document_check(certificate)
    with transaction.atomic():
        (vehicle,) = _own_vehicles(person, [int(vehicle_id)])
        if vehicle.status != Vehicle.Status.NORMAL:
            raise errors.vehicle_not_transferable()
        _no_pending(vehicle_ids=[vehicle.pk])
        request = _create(
            kind=PlateRequest.Kind.SPOUSE_TRANSFER,
            state=PlateRequest.State.AWAITING_SPOUSE,
            person=person,
            vehicle=vehicle,
            spouse=spouse,
            married_on=married_on,
        )
        PlateEvidence.objects.create(
            request=request,
            kind=PlateEvidence.Kind.MARRIAGE_CERTIFICATE,
            content_type=document.content_type,
            sha256=document.sha256,
            size=len(document.content),
            content=document.content,
            uploaded_at=clock.now(),
        )
        _audit(
            actor,
            request,
            "submitted",
            ip_address,
            plate_number=vehicle.plate_number,
            certificate_sha256=document.sha256,
        )
    return request


def _locked_request(reference: str, **filters) -> PlateRequest:
    request = (
        PlateRequest.objects.select_for_update(of=("self",))
        .select_related("person", "spouse", "new_vehicle", "vehicle", "other_vehicle")
        .filter(reference=reference, **filters)
        .first()
        if is_reference(reference)
        else None
    )
    if request is None:
        raise errors.request_not_found()
    return request


def plate_request_spouse_confirm(
    *, actor: User, reference: str, ip_address: str | None = None
) -> PlateRequest:
    """The spouse named in a spouse transfer confirms it (their own application, art. 45);
    the request goes to the officers. Audits ``plates.request.spouse_confirmed``."""
    person = _person_of(actor)
    with transaction.atomic():
        request = _locked_request(reference, spouse=person)
        if request.state != PlateRequest.State.AWAITING_SPOUSE:
            raise errors.request_state(PlateRequest.State.AWAITING_SPOUSE.label)
        request.state = PlateRequest.State.SUBMITTED
        request.spouse_confirmed_at = clock.now()
        request.save(update_fields=["state", "spouse_confirmed_at"])
        _audit(actor, request, "spouse_confirmed", ip_address)
    return request


def plate_request_withdraw(
    *, actor: User, reference: str, ip_address: str | None = None
) -> PlateRequest:
    """The applicant withdraws a pending request, or the named spouse declines it. Audits
    ``plates.request.withdrawn``."""
    person = _person_of(actor)
    with transaction.atomic():
        request = _locked_request(reference)
        if person.pk not in (request.person_id, request.spouse_id):
            raise errors.request_not_found()
        if request.state not in PlateRequest.PENDING:
            raise errors.request_state(PlateRequest.State.SUBMITTED.label)
        request.state = PlateRequest.State.WITHDRAWN
        request.decided_at = clock.now()
        request.save(update_fields=["state", "decided_at"])
        _audit(actor, request, "withdrawn", ip_address)
    return request


def plate_request_approve(
    *,
    actor: User,
    reference: str,
    violations_cleared: bool = False,
    married_on: date | None = None,
    certificate_number: str = "",
    spouse_applied_in_person: bool = False,
    note: str = "",
    ip_address: str | None = None,
) -> PlateRequest:
    """An officer approves a submitted request and the business is done in the same
    transaction: the previous number is held for the new vehicle (``selection_keep_previous``),
    the numbers are swapped (``plate_swap``), or the vehicle is registered to the spouse with
    its number (``spouse_transfer_execute``, with the certificate's number and the marriage
    date the officer read from it). A spouse transfer the other spouse has not confirmed
    online may be approved when that spouse applies at the counter
    (``spouse_applied_in_person``).

    Needs ``plates.change_platerequest`` (and the permission of the business itself). Keeping
    and swapping need the officer's confirmation that violations and accidents are cleared
    (``plates.request.clearance_required``). Any refusal of the business leaves the request
    submitted, for the officer to refuse with its reason. Audits ``plates.request.approved``.
    """
    require_officer(actor, "plates.change_platerequest")
    with transaction.atomic():
        request = _locked_request(reference)
        require_officer(actor, "plates.change_platerequest", plate=request_plate(request))
        kind = request.kind
        at_counter = (
            kind == PlateRequest.Kind.SPOUSE_TRANSFER
            and spouse_applied_in_person
            and request.state == PlateRequest.State.AWAITING_SPOUSE
        )
        if request.state != PlateRequest.State.SUBMITTED and not at_counter:
            raise errors.request_state(PlateRequest.State.SUBMITTED.label)
        if kind in (PlateRequest.Kind.KEEP_PREVIOUS, PlateRequest.Kind.SWAP) and not (
            violations_cleared
        ):
            raise errors.clearance_required()
        if kind == PlateRequest.Kind.KEEP_PREVIOUS:
            assert request.new_vehicle is not None
            assert request.used_since is not None
            assert request.released_on is not None
            request.hold = selection_keep_previous(
                actor=actor,
                vin=request.new_vehicle.vin,
                previous_number=request.previous_number,
                used_since=request.used_since,
                released_on=request.released_on,
                violations_cleared=violations_cleared,
                ip_address=ip_address,
            )
        elif kind == PlateRequest.Kind.SWAP:
            assert request.vehicle is not None
            assert request.other_vehicle is not None
            plate_swap(
                actor=actor,
                plate_type=request.vehicle.plate_type,
                first_number=request.vehicle.plate_number,
                second_number=request.other_vehicle.plate_number,
                violations_cleared=violations_cleared,
                ip_address=ip_address,
            )
        else:
            require_officer(actor, "plates.add_spousetransfer")
            assert request.vehicle_id is not None
            assert request.spouse is not None
            confirmed_married_on = married_on or request.married_on
            assert confirmed_married_on is not None
            spouse_transfer_execute(
                actor=actor,
                vehicle_id=request.vehicle_id,
                to_person=request.spouse,
                married_on=confirmed_married_on,
                certificate_number=certificate_number,
                both_applied=request.spouse_confirmed_at is not None or at_counter,
                request=request,
                ip_address=ip_address,
            )
        request.state = PlateRequest.State.APPROVED
        request.decided_at = clock.now()
        request.decided_by = actor
        request.decision_note = (note or "").strip()[:200]
        request.save(update_fields=["state", "decided_at", "decided_by", "decision_note", "hold"])
        _audit(actor, request, "approved", ip_address)
    return request


def plate_request_refuse(
    *, actor: User, reference: str, note: str, ip_address: str | None = None
) -> PlateRequest:
    """An officer refuses a pending request with the reason the applicant will read. Needs
    ``plates.change_platerequest``. Audits ``plates.request.refused``."""
    require_officer(actor, "plates.change_platerequest")
    note = (note or "").strip()
    if not note:
        raise errors.refusal_reason_missing()
    with transaction.atomic():
        request = _locked_request(reference)
        require_officer(actor, "plates.change_platerequest", plate=request_plate(request))
        if request.state not in PlateRequest.PENDING:
            raise errors.request_state(PlateRequest.State.SUBMITTED.label)
        request.state = PlateRequest.State.REFUSED
        request.decided_at = clock.now()
        request.decided_by = actor
        request.decision_note = note[:200]
        request.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
        _audit(actor, request, "refused", ip_address, note=request.decision_note)
    return request
