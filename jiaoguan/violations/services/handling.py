"""Handling a camera-recorded violation (违法处理): the penalty decision, its points, and
its revocation."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import Conflict
from jiaoguan.drivers.selectors import license_id_of_person
from jiaoguan.drivers.services import points_record_add, points_record_remove
from jiaoguan.identity.actors import permission_require
from jiaoguan.identity.selectors import no_permission
from jiaoguan.identity.services import person_records_changed
from jiaoguan.violations import errors
from jiaoguan.violations.models import Dispute, PenaltyDecision, ViolationRecord
from jiaoguan.violations.rules.handling import Refusal
from jiaoguan.violations.selectors import driver_facts, handling_refusals, may_handle_vehicle
from jiaoguan.violations.services.records import owner_records_changed
from jiaoguan.violations.standards import standard_of


def _locked_open_record(record_id: int) -> ViolationRecord:
    """The record, locked (its row only), with its vehicle's owner and whether an objection is
    open read in the same query."""
    record = (
        ViolationRecord.objects.select_for_update(of=("self",))
        .select_related("reporter")
        .annotate(
            owner_person_id=F("vehicle__owner_person_id"),
            owner_organization_id=F("vehicle__owner_organization_id"),
            disputed=Exists(
                Dispute.objects.filter(record=OuterRef("pk"), status=Dispute.Status.OPEN)
            ),
        )
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        raise errors.record_not_found()
    if record.status != ViolationRecord.Status.ENTERED:
        raise errors.not_handleable()
    if record.disputed:
        raise errors.under_dispute()
    return record


def _owner_of(record: ViolationRecord) -> int | None:
    """The vehicle's owner as ``_locked_open_record`` read it."""
    return record.owner_person_id  # type: ignore[attr-defined]  # the lock query's annotation


def _new_number(record: ViolationRecord) -> str:
    """区划代码 + year + 10 random digits: unguessable, so a number alone reveals nothing."""
    return f"{record.region_code}{clock.today():%Y}{secrets.randbelow(10**10):010d}"


@transaction.atomic
def violation_handle(*, actor, record_id: int) -> PenaltyDecision:
    """A citizen handles a record of their own vehicle, or of a vehicle whose owner authorised
    them, online as the driver: the simple procedure (DOMAIN.md §5.4). The decision takes the
    fine of the province where the violation happened and is served electronically today;
    its points go on the driver's license in the current cycle, never up to the full score.

    Locks the record (so two clients make one decision) and then the license (so two records
    handled at once count each other's points). Audited.
    """
    person = getattr(actor, "person", None)
    if person is None:
        raise no_permission()
    record = _locked_open_record(record_id)
    if not may_handle_vehicle(
        person_id=person.pk, vehicle_id=record.vehicle_id, owner_person_id=_owner_of(record)
    ):
        raise errors.not_your_vehicle()
    today = clock.today()
    standard = standard_of(record)
    driver = driver_facts(person_id=person.pk, as_of=today)
    refusals = handling_refusals(record=record, standard=standard, driver=driver)
    if refusals:
        raise errors.handling_refused(refusals)
    return _decide(
        actor=actor,
        record=record,
        person=person,
        channel=PenaltyDecision.Channel.ONLINE,
        standard=standard,
    )


@transaction.atomic
def violation_handle_as_owner_organisation(
    *, actor, record_id: int, organization_id: int, driver
) -> PenaltyDecision:
    """The organisation that owns the vehicle handles one of its camera records online as the
    party (the vehicle's owner, 处理程序规定 arts. 5, 20; DOMAIN §18): the same simple
    procedure and online limits as a citizen's, the points on the licence of ``driver`` (the
    ``Person`` who was driving, named by the organisation). The caller (``organisations``)
    has checked the staff member's role and that the organisation employs the driver with
    their consent. A vehicle of anyone else is ``violations.handling.not_your_vehicle``.

    Locks the record, then the licence, as ``violation_handle``. Audited."""
    record = _locked_open_record(record_id)
    if record.owner_organization_id != organization_id:  # type: ignore[attr-defined]
        raise errors.not_your_vehicle()
    standard = standard_of(record)
    facts = driver_facts(person_id=driver.pk, as_of=clock.today())
    refusals = handling_refusals(record=record, standard=standard, driver=facts)
    if refusals:
        raise errors.handling_refused(refusals)
    decision = _decide(
        actor=actor,
        record=record,
        person=driver,
        channel=PenaltyDecision.Channel.ONLINE,
        standard=standard,
    )
    person_records_changed(person_ids=[driver.pk])
    return decision


def _decide(*, actor, record, person, channel, standard) -> PenaltyDecision:
    code, fine = standard.code, standard.fine
    if code is None or fine is None:
        raise errors.code_missing()
    today = clock.today()
    points_record = None
    if code.points:
        license_id = license_id_of_person(person_id=person.pk)
        if license_id is None:
            raise errors.handling_refused((Refusal.NO_LICENSE,))
        outcome = points_record_add(
            actor=actor,
            license_id=license_id,
            points=code.points,
            recorded_on=today,
            committed_on=clock.local(record.occurred_at).date(),
            description=f"{code.code} {code.description}",
            fine_paid=fine.fen == 0,
            refuse_full_score=channel == PenaltyDecision.Channel.ONLINE,
        )
        points_record = outcome.points_record
    decision = PenaltyDecision(
        record=record,
        person=person,
        points_record=points_record,
        channel=channel,
        office=record.reporter.name,
        office_code=record.reporter.credit_code,
        code=code.code,
        description=code.description,
        legal_basis=code.legal_basis,
        penalty_basis=code.penalty_basis,
        points=code.points,
        fine_fen=fine.fen,
        fine_province=record.region_code[:2],
        decided_at=clock.now(),
        served_on=today,
        # an actor (an organisation's staff member) by its user, a User as itself
        decided_by_id=getattr(actor, "user_id", None) or actor.pk,
        paid_at=clock.now() if fine.fen == 0 else None,
        paid_fen=0 if fine.fen == 0 else None,
    )
    for _attempt in range(5):
        decision.number = _new_number(record)
        try:
            with transaction.atomic():
                decision.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - ten random digits colliding five times
        raise Conflict("violations.decision.number", "decision number collision")
    record.status = ViolationRecord.Status.HANDLED
    record.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="violations.record.handled",
        subject=decision,
        person_id_number=person.id_number,
        data={
            "record": record.pk,
            "channel": channel,
            "points": code.points,
            "fine_fen": fine.fen,
        },
    )
    owner_records_changed(record, owner_person_id=_owner_of(record))
    return decision


@transaction.atomic
def violation_handle_at_counter(*, actor, record_id: int, person) -> PenaltyDecision:
    """An officer handles a record for the driver present at the counter. No online limit
    applies: the twelfth point is recorded and the license is seized (163号 art. 17)."""
    permission_require(actor, "violations.review_violationrecord")
    record = _locked_open_record(record_id)
    return _decide(
        actor=actor,
        record=record,
        person=person,
        channel=PenaltyDecision.Channel.COUNTER,
        standard=standard_of(record),
    )


@transaction.atomic
def penalty_decision_revoke(*, actor, number: str, reason: str) -> PenaltyDecision:
    """Revoke a decision (e.g. after review or a court ruling): its points are removed
    (163号 art. 16) and an unpaid fine is no longer owed. Audited."""
    permission_require(actor, "violations.revoke_penaltydecision")
    if not reason.strip():
        raise errors.revoke_reason_required()
    decision = PenaltyDecision.objects.select_for_update().filter(number=number).first()
    if decision is None:
        raise errors.decision_not_found()
    permission_require(
        actor, "violations.revoke_penaltydecision", province_code=decision.record.region_code
    )
    if decision.status == PenaltyDecision.Status.REVOKED:
        raise errors.decision_revoked()
    points_record_id = decision.points_record_id
    decision.status = PenaltyDecision.Status.REVOKED
    decision.revoked_at, decision.revoked_reason = clock.now(), reason.strip()
    decision.points_record = None
    decision.save(update_fields=["status", "revoked_at", "revoked_reason", "points_record"])
    if points_record_id is not None:
        points_record_remove(actor=actor, points_record_id=points_record_id, reason=reason)
    audit_record(
        actor=actor,
        action="violations.decision.revoked",
        subject=decision,
        data={"reason": reason.strip()},
    )
    return decision
