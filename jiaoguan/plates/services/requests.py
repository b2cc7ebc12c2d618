"""Citizens apply online to keep a previous number, swap two numbers or move a vehicle to
their spouse with its number (登记规定 arts. 20, 44, 45); officers approve or refuse.

Submission checks at once everything the platform can check (dates, owner, office, plate
type, use, once a year, the marriage's length as stated) and refuses with the reasons;
clearance of violations and accidents, the ownership history and the marriage certificate
are an officer's check, so every request is decided in the back office, where approval runs
the same service the counter uses. Writers lock the vehicle rows first, so a vehicle has at
most one pending request (partial unique indexes back this up).

Each request is a case of the workflow (``applications``): its table
(``applications.rules.plate_requests``) decides which action is allowed in which state and
by whom; these services check what is particular to plates, take the action through
``case_transition`` and copy the case's state onto the request (``_act``), in one
transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q

from jiaoguan.applications import errors as case_errors
from jiaoguan.applications import rules as case_rules
from jiaoguan.applications.services import case_open, case_transition
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.ids import InvalidPlateNumber
from jiaoguan.identity.selectors import person_matching
from jiaoguan.plates import errors, rules
from jiaoguan.plates.evidence import document_check
from jiaoguan.plates.models import NewVehicle, PlateEvidence, PlateHold, PlateRequest
from jiaoguan.plates.selectors import is_reference, unavailable_numbers
from jiaoguan.plates.services._common import require_officer
from jiaoguan.plates.services.selection import selection_keep_previous
from jiaoguan.plates.services.spouses import spouse_transfer_execute
from jiaoguan.plates.services.swaps import plate_swap, swap_side
from jiaoguan.vehicles.services import vehicles_lock

if TYPE_CHECKING:
    from jiaoguan.applications.models import Case

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person, User
    from jiaoguan.vehicles.models import Vehicle

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


def _create(actor, *, plate: str, **fields) -> PlateRequest:
    """Open the request's case (in its table's initial state) and the request, at the
    office of ``plate``; a second pending request for a vehicle is refused by the partial
    unique indexes. A plate whose prefix names no province (none in the register today)
    is queued under the applicant's province."""
    try:
        province_code, office_code = rules.office_of_plate(plate)
    except ValueError:
        province_code, office_code = fields["person"].region_code[:2], plate[:2]
    try:
        with transaction.atomic():
            case = case_open(
                actor=actor,
                kind=f"plates.{fields['kind']}",
                applicant=fields["person"],
                co_applicant=fields.get("spouse"),
                province_code=province_code,
                office_code=office_code,
                subject_label=plate,
            )
            return PlateRequest.objects.create(
                reference=case.reference,
                case=case,
                state=case.state,
                submitted_at=case.opened_at,
                **fields,
            )
    except IntegrityError:
        raise errors.request_pending_exists() from None


def _act(actor, request: PlateRequest, action: str, *, reason: str = "", ip_address=None) -> Case:
    """Take ``action`` of the request's workflow table and copy the new state onto the
    request (saved by the caller). A state the table does not allow it from is refused
    with ``plates.request.state``, naming the states it needs."""
    try:
        case = case_transition(
            actor=actor, case=request.case, action=action, reason=reason, ip_address=ip_address
        )
    except case_errors.ActionNotAllowed as refused:
        labels = "、".join(str(PlateRequest.State(state).label) for state in refused.allowed_from)
        raise errors.request_state(labels) from None
    request.state = case.state
    return case


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
        if vehicle.owner_person_id == person.pk and not vehicle.is_deregistered
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
            actor,
            plate=number,
            kind=PlateRequest.Kind.KEEP_PREVIOUS,
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
            actor,
            plate=first.plate_number,
            kind=PlateRequest.Kind.SWAP,
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
    spouse = person_matching(id_number=spouse_id_number or "", name=spouse_name or "")
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
        if not vehicle.has_normal_status:
            raise errors.vehicle_not_transferable()
        _no_pending(vehicle_ids=[vehicle.pk])
        request = _create(
            actor,
            plate=vehicle.plate_number,
            kind=PlateRequest.Kind.SPOUSE_TRANSFER,
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
        .select_related("case", "person", "spouse", "new_vehicle", "vehicle", "other_vehicle")
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
        _act(actor, request, "confirm", ip_address=ip_address)
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
        _act(actor, request, "withdraw", ip_address=ip_address)
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
        kind = request.kind
        # The table allows approving in person only while the spouse's confirmation is
        # awaited (spouse transfers); otherwise it is the ordinary approval.
        table = case_rules.table_for(request.case.kind)
        at_counter = (
            spouse_applied_in_person
            and table.action(request.state, "approve_in_person") is not None
        )
        _act(
            actor,
            request,
            "approve_in_person" if at_counter else "approve",
            reason=note,
            ip_address=ip_address,
        )
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
        _act(actor, request, "refuse", reason=note, ip_address=ip_address)
        request.decided_at = clock.now()
        request.decided_by = actor
        request.decision_note = note[:200]
        request.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
        _audit(actor, request, "refused", ip_address, note=request.decision_note)
    return request
