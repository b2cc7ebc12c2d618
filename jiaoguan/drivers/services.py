"""Writes to driving licenses that other domains need (the register itself is loaded)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import Conflict
from jiaoguan.core.events import publish
from jiaoguan.drivers import rules
from jiaoguan.drivers.events import PointsChanged
from jiaoguan.drivers.models import (
    ClassCancellation,
    DrivingLicense,
    LicenseClassGrant,
    MedicalCertificate,
    PointsRecord,
)
from jiaoguan.identity.services import person_records_changed

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person


def _new_archive_number() -> str:
    return f"{secrets.randbelow(10**12):012d}"


@transaction.atomic
def license_class_grant(
    *, actor, person: Person, license_class: str, obtained_on: date, issuing_authority: str
) -> DrivingLicense:
    """Grant ``license_class`` to ``person`` after the exams are passed (162号 art. 60).

    A first license is created valid 6 years from ``obtained_on`` (实施条例 art. 22); an
    upgrade adds the class to the existing license. Probation runs from ``obtained_on``
    (``drivers.rules.probation_periods``). Locks the person's license row; bumps the person's
    records version; audits ``drivers.license.class_granted``. Raises ``Conflict`` if the
    license already holds the class.
    """
    license_class = rules.LicenseClass(license_class).value
    license_ = DrivingLicense.objects.select_for_update().filter(person=person).first()
    if license_ is None:
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    license_ = DrivingLicense.objects.create(
                        person=person,
                        archive_number=_new_archive_number(),
                        first_issued_on=obtained_on,
                        valid_from=obtained_on,
                        validity=DrivingLicense.Validity.SIX_YEARS,
                        issuing_authority=issuing_authority,
                    )
                break
            except IntegrityError:
                continue
        assert license_ is not None
    try:
        with transaction.atomic():
            LicenseClassGrant.objects.create(
                license=license_, license_class=license_class, obtained_on=obtained_on
            )
    except IntegrityError:
        raise Conflict("drivers.license.class_held", _("已持有该准驾车型。")) from None
    person_records_changed(person_ids=[person.pk])
    audit_record(
        actor=actor,
        action="drivers.license.class_granted",
        subject=license_,
        person_id_number=person.id_number,
        data={"license_class": license_class, "obtained_on": obtained_on.isoformat()},
    )
    return license_


@dataclass(frozen=True)
class PointsOutcome:
    """What recording points did to the license: the points now counted in the current
    cycle, whether they seized it (full score) and the probationary classes cancelled."""

    points_record: PointsRecord
    cycle_points: int
    seized: bool
    classes_cancelled: tuple[str, ...]


def _cycle_points(license_: DrivingLicense, as_of: date) -> int:
    cycle = rules.cycle_span(license_.first_issued_on, as_of)
    entries = [
        rules.PointsEntry(recorded_on, points, fine_paid, cleared_on is not None)
        for recorded_on, points, fine_paid, cleared_on in license_.points.values_list(
            "recorded_on", "points", "fine_paid", "cleared_on"
        )
    ]
    return rules.points_in_cycle(entries, starts_on=cycle.starts_on, ends_on=cycle.ends_on)


@transaction.atomic
def points_record_add(
    *,
    actor,
    license_id: int,
    points: int,
    recorded_on: date,
    committed_on: date,
    description: str,
    fine_paid: bool,
    refuse_full_score: bool = False,
) -> PointsOutcome:
    """Record points with a penalty decision (163号 arts. 13-14) and apply what a full score
    brings: the license is seized (art. 17) and, when the twelve points come from violations
    committed in probation, the probationary classes are cancelled (162号 art. 80; the
    license itself when no class remains). With ``refuse_full_score`` (online handling) the
    points are refused instead when they would make twelve. Locks the license row, so
    concurrent decisions count each other's points. Audited; ``PointsChanged`` tells the
    notices app."""
    license_ = DrivingLicense.objects.select_for_update().get(pk=license_id)
    record = PointsRecord.objects.create(
        license=license_,
        points=points,
        recorded_on=recorded_on,
        committed_on=committed_on,
        description=description,
        fine_paid=fine_paid,
    )
    cycle_points = _cycle_points(license_, recorded_on)
    full_score = cycle_points >= rules.FULL_SCORE
    if full_score and refuse_full_score:
        raise Conflict(
            "drivers.points.would_reach_full_score",
            _("记分后本记分周期将达到 12 分，须到窗口处理并参加满分学习。"),
        )
    cancelled = _cancel_probationary_classes(actor, license_) if full_score else ()
    seized = full_score and license_.status == DrivingLicense.Status.VALID
    if seized:
        license_.status = DrivingLicense.Status.SUSPENDED
        license_.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="drivers.points.recorded",
        subject=license_,
        person_id_number=license_.person.id_number,
        data={
            "points": points,
            "cycle_points": cycle_points,
            "seized": seized,
            "classes_cancelled": list(cancelled),
        },
    )
    person_records_changed(person_ids=[license_.person_id])
    publish(PointsChanged(license_id=license_.pk, cycle_points=cycle_points))
    return PointsOutcome(record, cycle_points, seized, cancelled)


def _cancel_probationary_classes(actor, license_: DrivingLicense) -> tuple[str, ...]:
    grants = list(license_.grants.all())
    class_dates = {rules.LicenseClass(g.license_class): g.obtained_on for g in grants}
    violations = [
        (committed_on or recorded_on, points)
        for committed_on, recorded_on, points in license_.points.values_list(
            "committed_on", "recorded_on", "points"
        )
    ]
    consequences = rules.probation_full_score_consequence(
        violations=violations, class_dates=class_dates
    )
    cancelled = {str(cls) for c in consequences for cls in c.classes_cancelled}
    cancelled &= {g.license_class for g in grants}
    if not cancelled:
        return ()
    license_.grants.filter(license_class__in=cancelled).delete()
    _cancellations_record(license_, cancelled, ClassCancellation.Reason.PROBATION_FULL_SCORE)
    if not license_.grants.exists():
        license_.status = DrivingLicense.Status.CANCELLED
        license_.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="drivers.license.probationary_classes_cancelled",
        subject=license_,
        person_id_number=license_.person.id_number,
        data={"classes": sorted(cancelled)},
    )
    return tuple(sorted(cancelled))


def _cancellations_record(license_: DrivingLicense, classes, reason: str) -> None:
    """The register's record of classes cancelled on a license that keeps others (the
    announcement of 162号 arts. 65 and 80 is made from it); none when no class remains (the
    license itself is then cancelled and announced)."""
    if not license_.grants.exists():
        return
    ClassCancellation.objects.bulk_create(
        ClassCancellation(
            license=license_, license_class=cls, reason=reason, cancelled_on=clock.today()
        )
        for cls in sorted(classes)
    )


@transaction.atomic
def points_record_remove(*, actor, points_record_id: int, reason: str) -> None:
    """Remove points whose decision was revoked (163号 art. 16). A seizure or cancellation
    they caused is not undone here: the officer who revoked the decision restores it."""
    points_record = PointsRecord.objects.get(pk=points_record_id)
    license_ = (
        DrivingLicense.objects.select_for_update()
        .select_related("person")
        .get(pk=points_record.license_id)
    )
    points_record.delete()
    cycle_points = _cycle_points(license_, clock.today())
    audit_record(
        actor=actor,
        action="drivers.points.removed",
        subject=license_,
        person_id_number=license_.person.id_number,
        data={"points": points_record.points, "reason": reason, "cycle_points": cycle_points},
    )
    person_records_changed(person_ids=[license_.person_id])
    publish(PointsChanged(license_id=license_.pk, cycle_points=cycle_points))


def points_fine_paid(*, points_record_id: int) -> None:
    """The fine of the decision these points came with is paid: they no longer carry over
    into the next cycle (163号 art. 15). Part of the payment's transaction."""
    PointsRecord.objects.filter(pk=points_record_id).update(fine_paid=True)


@dataclass(frozen=True)
class PointsReduced:
    """What a reduction by study did: the points counted before and after, and the records
    whose points it lowered (record id → points removed)."""

    cycle_points_before: int
    cycle_points: int
    lowered: dict[int, int]


@transaction.atomic
def points_reduce(
    *, actor, license_id: int, points: int, as_of: date, reason: str
) -> PointsReduced:
    """Remove ``points`` of the points now counted in the cycle (学法减分, 163号 art. 25: only
    points already held, never future ones). The newest counted records are lowered first.
    The caller (education) decides eligibility and the 6-point cap. Locks the license row;
    audited as ``drivers.points.reduced``; ``PointsChanged`` tells the notices app. Raises
    ``Conflict`` (``drivers.points.reduction_exceeds_points``) when fewer points are held."""
    if points < 1:
        raise ValueError(f"points must be positive, got {points}")
    license_ = (
        DrivingLicense.objects.select_for_update().select_related("person").get(pk=license_id)
    )
    before = _cycle_points(license_, as_of)
    if points > before:
        raise Conflict(
            "drivers.points.reduction_exceeds_points",
            _("学法减分只能减免已有的累积记分，当前累积记分为 %(points)s 分。")
            % {"points": before},
        )
    cycle = rules.cycle_span(license_.first_issued_on, as_of)
    counted = [
        record
        for record in license_.points.filter(points__gt=0, cleared_on__isnull=True).order_by(
            "-recorded_on", "-pk"
        )
        if cycle.starts_on <= record.recorded_on <= cycle.ends_on
        or (record.recorded_on < cycle.starts_on and not record.fine_paid)
    ]
    lowered: dict[int, int] = {}
    left = points
    for record in counted:
        if not left:
            break
        taken = min(left, record.points)
        PointsRecord.objects.filter(pk=record.pk).update(points=record.points - taken)
        lowered[record.pk] = taken
        left -= taken
    cycle_points = _points_moved(
        actor,
        license_,
        "drivers.points.reduced",
        as_of=as_of,
        before=before,
        points=points,
        reason=reason,
        lowered={str(pk): value for pk, value in lowered.items()},
    )
    return PointsReduced(before, cycle_points, lowered)


@dataclass(frozen=True)
class PointsCleared:
    """What clearing a full score did: the points counted before, the records cleared and
    whether the license was given back (it stays seized while another suspension runs)."""

    cycle_points_before: int
    cleared_records: tuple[int, ...]
    license_returned: bool


@transaction.atomic
def points_clear_full_score(
    *, actor, license_id: int, as_of: date, suspension_ends_on: date | None = None, reason: str
) -> PointsCleared:
    """Clear the points counted now and give the seized license back (163号 art. 23: after the
    full-score exam is passed, with the fines paid). The caller (education) decides that the
    study and exam are done and the fines paid, and guards against a second clearing (its
    case row and a unique row). The records stay, marked ``cleared_on``: the cycle's
    accumulated total still counts them (arts. 18, 22). With ``suspension_ends_on`` in the
    future the license stays seized until then. Locks the license row; audited as
    ``drivers.points.cleared``; ``PointsChanged`` tells the notices app."""
    license_ = (
        DrivingLicense.objects.select_for_update().select_related("person").get(pk=license_id)
    )
    before = _cycle_points(license_, as_of)
    cycle = rules.cycle_span(license_.first_issued_on, as_of)
    counted = [
        record.pk
        for record in license_.points.filter(cleared_on__isnull=True)
        if cycle.starts_on <= record.recorded_on <= cycle.ends_on
        or (record.recorded_on < cycle.starts_on and not record.fine_paid)
    ]
    PointsRecord.objects.filter(pk__in=counted).update(cleared_on=as_of)
    returned = license_.status == DrivingLicense.Status.SUSPENDED and (
        suspension_ends_on is None or suspension_ends_on <= as_of
    )
    if returned:
        license_.status = DrivingLicense.Status.VALID
        license_.status_changed_on = as_of
        license_.save(update_fields=["status", "status_changed_on"])
    audit_record(
        actor=actor,
        action="drivers.points.cleared",
        subject=license_,
        person_id_number=license_.person.id_number,
        data={
            "reason": reason,
            "cycle_points_before": before,
            "records": counted,
            "license_returned": returned,
        },
    )
    person_records_changed(person_ids=[license_.person_id])
    publish(PointsChanged(license_id=license_.pk, cycle_points=_cycle_points(license_, as_of)))
    return PointsCleared(before, tuple(counted), returned)


def medical_certificate_record(
    *,
    person_id: int,
    issued_on: date,
    institution_name: str,
    fit_to_drive: bool,
    designated_hospital: bool = False,
) -> MedicalCertificate:
    """Add a physical-condition certificate (身体条件证明) to the person's record, in the
    caller's transaction (the caller audits: a hospital's submission, ``papers.medical``).
    ``designated_hospital``: the hospital was designated for C5 holders on ``issued_on``."""
    return MedicalCertificate.objects.create(
        person_id=person_id,
        issued_on=issued_on,
        institution_name=institution_name[:100],
        fit_to_drive=fit_to_drive,
        designated_hospital=designated_hospital,
    )


@dataclass(frozen=True)
class PointsRestored:
    """What revoking a reduction gave back: the points counted before and after, and the
    records raised (record id → points given back)."""

    cycle_points_before: int
    cycle_points: int
    raised: dict[int, int]


@transaction.atomic
def points_restore(
    *, actor, license_id: int, lowered: dict[int, int], as_of: date, reason: str
) -> PointsRestored:
    """Give back the points a reduction by study lowered (163号 art. 31: a reduction obtained
    by fraud is revoked): each record named in ``lowered`` (what ``points_reduce`` answered)
    is raised by what was taken from it. A record since removed (its decision revoked) gets
    nothing back. The restored points count again, so they may reach 12 (``PointsChanged``
    tells the notices app and education, which opens the full-score study). Locks the license
    row; audited as ``drivers.points.restored``."""
    license_ = (
        DrivingLicense.objects.select_for_update().select_related("person").get(pk=license_id)
    )
    before = _cycle_points(license_, as_of)
    raised: dict[int, int] = {}
    for record in license_.points.filter(pk__in=list(lowered)):
        given = lowered.get(record.pk, 0)
        if given > 0:
            PointsRecord.objects.filter(pk=record.pk).update(points=record.points + given)
            raised[record.pk] = given
    cycle_points = _points_moved(
        actor,
        license_,
        "drivers.points.restored",
        as_of=as_of,
        before=before,
        reason=reason,
        raised={str(pk): value for pk, value in raised.items()},
    )
    return PointsRestored(before, cycle_points, raised)


def _points_moved(actor, license_, action: str, *, as_of: date, before: int, **data) -> int:
    """After a reduction or a restoration on the locked license: the points counted now,
    audited with those before, the records changed, ``PointsChanged`` published."""
    cycle_points = _cycle_points(license_, as_of)
    audit_record(
        actor=actor,
        action=action,
        subject=license_,
        person_id_number=license_.person.id_number,
        data={**data, "cycle_points_before": before, "cycle_points": cycle_points},
    )
    person_records_changed(person_ids=[license_.person_id])
    publish(PointsChanged(license_id=license_.pk, cycle_points=cycle_points))
    return cycle_points
