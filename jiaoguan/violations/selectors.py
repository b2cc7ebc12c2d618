"""Reads of the violations domain: a citizen's violations with what handling them online would
give (the standards they are decided at: ``standards``), and the organisations' reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import F, Prefetch, Q, QuerySet

from jiaoguan.core.money import Money
from jiaoguan.drivers import rules as driver_rules
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.vehicles.rules import Condition as VehicleCondition
from jiaoguan.vehicles.selectors import (
    vehicle_ids_of_person,
    vehicle_owner_person_id,
    vehicles_of_person,
)
from jiaoguan.violations import errors
from jiaoguan.violations.models import (
    Dispute,
    DriverAuthorisation,
    EvidenceImage,
    PenaltyDecision,
    ViolationRecord,
)
from jiaoguan.violations.rules import handling, penalties, reduction
from jiaoguan.violations.standards import Standard, standard_key, standards_of

if TYPE_CHECKING:
    pass


# Citizens' violations ------------------------------------------------------------------------


def driver_facts(*, person_id: int, as_of: date) -> handling.Driver:
    """The handling rules' view of a person as a driver on ``as_of``."""
    view = license_of_person(person_id=person_id, as_of=as_of)
    return handling.driver_of(view.status if view else None)


def handling_refusals(
    *, record: ViolationRecord, standard: Standard, driver: handling.Driver
) -> tuple[handling.Refusal, ...]:
    if standard.code is None or standard.fine is None:
        return (handling.Refusal.GENERAL_PROCEDURE,)
    case = handling.HandlingCase(
        camera_recorded=True,  # every record here came from an enforcement device
        fine=standard.fine,
        points=standard.code.points,
        suspension_or_revocation=standard.code.suspension_or_revocation,
    )
    return handling.online_handling_refusals(case, driver)


def authorised_vehicle_ids(*, person_id: int):
    """Vehicles whose owner lets this person handle their violations (a lazy query)."""
    return DriverAuthorisation.objects.filter(
        driver_id=person_id, status=DriverAuthorisation.Status.ACTIVE
    ).values_list("vehicle_id", flat=True)


def may_handle_vehicle(
    *, person_id: int, vehicle_id: int | None, owner_person_id: int | None = None
) -> bool:
    """Whether the person owns the vehicle or its owner authorised them. ``owner_person_id``:
    the vehicle's owner when the caller has read it already (otherwise it is looked up)."""
    if vehicle_id is None:
        return False
    if owner_person_id is None:
        owner_person_id = vehicle_owner_person_id(vehicle_id=vehicle_id)
    return (
        owner_person_id == person_id
        or authorised_vehicle_ids(person_id=person_id).filter(vehicle_id=vehicle_id).exists()
    )


@dataclass(frozen=True)
class ViolationRow:
    """One violation as its owner or authorised driver sees it."""

    record: ViolationRecord
    standard: Standard
    own_vehicle: bool
    decision: PenaltyDecision | None
    open_dispute: Dispute | None
    refusals: tuple[handling.Refusal, ...]
    amount_due: penalties.LatePenalty | None
    decided_dispute: Dispute | None = None  # the answered objection (at most one per record)

    @property
    def dispute(self) -> Dispute | None:
        """The record's objection, open or answered."""
        return self.open_dispute or self.decided_dispute

    @property
    def dispute_allowed(self) -> bool:
        """Whether an objection may still be filed: unhandled, none open, none answered."""
        return (
            self.record.status == ViolationRecord.Status.ENTERED
            and self.open_dispute is None
            and self.decided_dispute is None
        )

    @property
    def refusal_texts(self) -> list[str]:
        return [str(errors.REFUSAL_MESSAGES[refusal]) for refusal in self.refusals]

    @property
    def fine(self) -> Money | None:
        """The decided fine, or the one handling would give."""
        return self.decision.fine if self.decision else self.standard.fine

    @property
    def handleable(self) -> bool:
        return (
            self.record.status == ViolationRecord.Status.ENTERED
            and self.open_dispute is None
            and not self.refusals
        )


def amount_due(decision: PenaltyDecision, *, as_of: date) -> penalties.LatePenalty | None:
    """The late penalty on an unpaid decision in force (its ``total`` is what to pay)."""
    if decision.paid_at is not None or decision.status != PenaltyDecision.Status.IN_FORCE:
        return None
    return penalties.late_penalty(
        Money(decision.fine_fen), served_on=decision.served_on, as_of=as_of
    )


def open_dispute_of(record: ViolationRecord) -> Dispute | None:
    """The record's objection still open, if any (from its prefetched disputes)."""
    return next((d for d in record.disputes.all() if d.status == Dispute.Status.OPEN), None)


def _row(
    record, *, person_id: int, driver: handling.Driver, as_of: date, standard: Standard
) -> ViolationRow:
    decision = getattr(record, "decision", None)
    disputes = list(record.disputes.all())
    decided = [d for d in disputes if d.status != Dispute.Status.OPEN]
    due = amount_due(decision, as_of=as_of) if decision is not None else None
    return ViolationRow(
        record=record,
        standard=standard,
        own_vehicle=record.vehicle.owner_person_id == person_id,
        decision=decision,
        open_dispute=open_dispute_of(record),
        refusals=handling_refusals(record=record, standard=standard, driver=driver)
        if record.status == ViolationRecord.Status.ENTERED
        else (),
        amount_due=due,
        decided_dispute=max(decided, key=lambda d: d.decided_at) if decided else None,
    )


# Pages list a record's images by position; the bytes are fetched one image at a time.
_EVIDENCE_POSITIONS = Prefetch("evidence", queryset=EvidenceImage.objects.defer("content"))


def _visible_records(person_id: int):
    return records_of_vehicles(
        Q(vehicle_id__in=vehicle_ids_of_person(person_id=person_id))
        | Q(vehicle_id__in=authorised_vehicle_ids(person_id=person_id))
    )


def records_of_vehicles(vehicles: Q):
    """Unhandled and handled records of the vehicles ``vehicles`` selects, as rows need them."""
    return (
        ViolationRecord.objects.filter(vehicles)
        .filter(status__in=[ViolationRecord.Status.ENTERED, ViolationRecord.Status.HANDLED])
        .select_related("vehicle", "decision", "reporter")
        .prefetch_related("disputes", _EVIDENCE_POSITIONS)
        .order_by("status", "-occurred_at")
    )


def violations_of_person(*, person_id: int, as_of: date) -> list[ViolationRow]:
    """Unhandled and handled violations of the person's vehicles and of the vehicles whose
    owners authorised them, with what handling online would give or refuse (of many people
    at once: ``many.violations_of_persons``)."""
    driver = driver_facts(person_id=person_id, as_of=as_of)
    records = _visible_records(person_id)
    return rows_of(records, person_id=person_id, driver=driver, as_of=as_of, standards={})


def rows_of(
    records, *, person_id: int, driver: handling.Driver, as_of: date, standards: dict
) -> list[ViolationRow]:
    """The person's rows of ``records``; those of one code, place and day share ``standards``."""
    records = list(records)
    missing = {standard_key(record) for record in records} - standards.keys()
    standards.update(standards_of(missing))
    return [
        _row(
            record,
            person_id=person_id,
            driver=driver,
            as_of=as_of,
            standard=standards[standard_key(record)],
        )
        for record in records
    ]


def violation_of_person(*, person_id: int, record_id: int, as_of: date) -> ViolationRow:
    record = _visible_records(person_id).filter(pk=record_id).first()
    if record is None:
        raise errors.record_not_found()
    driver = driver_facts(person_id=person_id, as_of=as_of)
    return rows_of([record], person_id=person_id, driver=driver, as_of=as_of, standards={})[0]


def evidence_image(*, person_id: int, record_id: int, position: int) -> EvidenceImage:
    """One evidence image of a record the person may see."""
    image = EvidenceImage.objects.filter(
        record__in=_visible_records(person_id), record_id=record_id, position=position
    ).first()
    if image is None:
        raise errors.record_not_found()
    return image


def decision_of_person(*, person_id: int, number: str) -> PenaltyDecision:
    """A decision the person may see: their own, or one on a vehicle they own."""
    decision = (
        PenaltyDecision.objects.select_related("record__vehicle", "person")
        .filter(number=number)
        .filter(Q(person_id=person_id) | Q(record__vehicle__owner_person_id=person_id))
        .first()
    )
    if decision is None:
        raise errors.decision_not_found()
    return decision


def authorisations_of_person(*, person_id: int):
    """Authorisations the person asked for (as driver) and granted (as owner), newest first."""
    return (
        DriverAuthorisation.objects.filter(Q(driver_id=person_id) | Q(owner_id=person_id))
        .exclude(status=DriverAuthorisation.Status.REVOKED)
        .select_related("vehicle", "driver", "owner")
        .order_by("-requested_at")
    )


# Points reduction by study (学法减分) ---------------------------------------------------------


def points_reduction_eligibility_of(
    *, person_id: int, as_of: date
) -> driver_rules.ReductionEligibility | None:
    """Whether the person may reduce points by study now (163号 arts. 25-27), from the
    register: the license's cycle, probation, review and seizure; the unhandled records and
    inspections of their own vehicles; full scores (12 points reached) and serious offenses
    in recent cycles. Reductions already made and education fraud are not recorded yet (the
    education courses come later), so they count as none. None without a license."""
    view = license_of_person(person_id=person_id, as_of=as_of)
    if view is None:
        return None
    license_, status = view.license, view.status
    vehicles = vehicles_of_person(person_id=person_id, as_of=as_of)
    cycle = status.cycle
    previous = (
        driver_rules.cycle_span_at(license_.first_issued_on, cycle.index - 1)
        if cycle.index
        else None
    )
    entries = [
        driver_rules.PointsEntry(r.recorded_on, r.points, r.fine_paid, r.cleared_on is not None)
        for r in license_.points.all()
    ]

    def full_scores(span) -> int:
        if span is None:
            return 0
        points = driver_rules.points_accumulated(  # cleared points were full scores too
            entries, starts_on=span.starts_on, ends_on=span.ends_on
        )
        return driver_rules.full_scores(points)

    bar_starts_on = driver_rules.cycle_span_at(
        license_.first_issued_on, reduction.first_barred_cycle(cycle.index)
    ).starts_on
    conditions = status.conditions
    return driver_rules.points_reduction_eligibility(
        cycle_points=status.cycle_points,
        unhandled_violations=ViolationRecord.objects.filter(
            vehicle_id__in=vehicle_ids_of_person(person_id=person_id),
            status=ViolationRecord.Status.ENTERED,
        ).count(),
        full_score_educations_this_cycle=full_scores(cycle),
        full_score_educations_previous_cycle=full_scores(previous),
        in_probation=status.probation.in_probation,
        review_overdue=status.review is not None and as_of > status.review.due_on,
        license_seized_or_suspended=bool(
            {driver_rules.LicenseCondition.SUSPENDED, driver_rules.LicenseCondition.FULL_SCORE}
            & set(conditions)
        ),
        vehicle_inspection_lapsed=any(
            view.schedule.status.has(VehicleCondition.INSPECTION_OVERDUE) for view in vehicles
        ),
        vehicle_due_for_deregistration=any(
            view.schedule.status.has(VehicleCondition.SCRAP_DUE) for view in vehicles
        ),
        serious_offense_last_3_cycles=PenaltyDecision.objects.filter(
            person_id=person_id,
            status=PenaltyDecision.Status.IN_FORCE,
            code__in=reduction.SERIOUS_OFFENSE_CODES,
            served_on__gte=bar_starts_on,
        ).exists(),
        fraud_last_3_cycles=False,
        points_reduced_this_cycle=0,
    )


def records_entered_of_owned_vehicles() -> QuerySet[ViolationRecord]:
    """Entered, unhandled camera records of vehicles a person owns (the notice scans)."""
    return ViolationRecord.objects.filter(
        status=ViolationRecord.Status.ENTERED, vehicle__owner_person__isnull=False
    )


def unhandled_counts(*, vehicle_ids: list[int]) -> dict[int, int]:
    """How many entered, unhandled camera records each of these vehicles has (absent: none)."""
    from django.db.models import Count

    rows = (
        ViolationRecord.objects.filter(
            status=ViolationRecord.Status.ENTERED, vehicle_id__in=vehicle_ids
        )
        .values("vehicle_id")
        .annotate(count=Count("pk"))
    )
    return {row["vehicle_id"]: row["count"] for row in rows}


def overdue_unhandled_of_organisations(
    *, entered_by: date, at_least: int, organization_id: int | None = None
) -> list[dict]:
    """Vehicles owned by organisations with at least ``at_least`` entered, unhandled camera
    records entered on or before ``entered_by``: one aggregate query over the register
    (the key-entity reports), rows of ``organization_id``, ``vehicle_id``, ``plate_number``,
    ``count``, by organisation and plate (of one organisation with ``organization_id``)."""
    from django.db.models import Count

    records = ViolationRecord.objects.filter(
        status=ViolationRecord.Status.ENTERED,
        entered_on__lte=entered_by,
        vehicle__owner_organization__isnull=False,
    )
    if organization_id is not None:
        records = records.filter(vehicle__owner_organization_id=organization_id)
    rows = (
        records.values(
            "vehicle_id",
            organization_id=F("vehicle__owner_organization_id"),
            registered_plate=F("vehicle__plate_number"),
        )
        .annotate(count=Count("pk"))
        .filter(count__gte=at_least)
        .order_by("organization_id", "registered_plate")
    )
    return [
        {
            "organization_id": row["organization_id"],
            "vehicle_id": row["vehicle_id"],
            "plate_number": row["registered_plate"],
            "count": row["count"],
        }
        for row in rows
    ]


def records_of_organisations_between(
    *, since: date, until: date, organization_id: int | None = None
) -> list[dict]:
    """Camera records of vehicles owned by organisations (one when ``organization_id``),
    entered from ``since`` to ``until``, handled or not: one query over the register (the
    key-entity reports' violations), rows of ``organization_id``, ``plate_number``,
    ``occurred_at``, ``code``, ``place``, ``status``, by organisation and time."""
    records = ViolationRecord.objects.filter(
        status__in=[ViolationRecord.Status.ENTERED, ViolationRecord.Status.HANDLED],
        entered_on__range=(since, until),
        vehicle__owner_organization__isnull=False,
    )
    if organization_id is not None:
        records = records.filter(vehicle__owner_organization_id=organization_id)
    rows = records.values(
        "plate_number",
        "occurred_at",
        "code",
        "place",
        "status",
        organization_id=F("vehicle__owner_organization_id"),
    ).order_by("organization_id", "occurred_at", "pk")
    return [dict(row) for row in rows]


def record_counts_of_organisations(*, since: date, until: date) -> list[tuple[int, str, int]]:
    """(organisation id, status, count) of the camera records of organisations' vehicles
    entered from ``since`` to ``until``, entered or handled: one aggregate (the safety
    scores)."""
    from django.db.models import Count

    return list(
        ViolationRecord.objects.filter(
            status__in=[ViolationRecord.Status.ENTERED, ViolationRecord.Status.HANDLED],
            entered_on__range=(since, until),
            vehicle__owner_organization__isnull=False,
        )
        .values_list("vehicle__owner_organization_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )


def decision_id_for_number(*, number: str) -> int | None:
    """The id of the penalty decision numbered ``number``, or None."""
    return PenaltyDecision.objects.filter(number=number).values_list("pk", flat=True).first()
