"""The inspection mark of a mark-only year, applied for online (DOMAIN §15.4)."""

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.guides.selectors import point_of
from jiaoguan.inspections import errors, rules
from jiaoguan.inspections.models import MarkIssue
from jiaoguan.inspections.services.appointments import citizen_of, insurance_of, owned_vehicle
from jiaoguan.vehicles import rules as vehicle_rules
from jiaoguan.vehicles.selectors import vehicle_view
from jiaoguan.vehicles.services import vehicle_inspection_pass, vehicles_lock
from jiaoguan.violations.selectors import unhandled_counts


def mark_facts(*, vehicle, today) -> rules.MarkFacts:
    """What the rules need to decide an online mark application for ``vehicle``."""
    schedule = vehicle_view(vehicle=vehicle, as_of=today).schedule
    insured_until, tax_year = insurance_of(vehicle.pk)
    return rules.MarkFacts(
        today=today,
        mark_only=schedule.next_due.kind is vehicle_rules.InspectionKind.MARK_ONLY,
        needs_manual_review=schedule.next_due.needs_manual_review,
        window=schedule.window,
        unhandled_violations=unhandled_counts(vehicle_ids=[vehicle.pk]).get(vehicle.pk, 0),
        vehicle_normal=not vehicle.is_deregistered,
        insured_until=insured_until,
        vehicle_tax_year=tax_year,
    )


@transaction.atomic
def mark_apply(*, actor, vehicle_id: int) -> MarkIssue:
    """The owner of a vehicle whose next due is mark-only (a non-operating small car or a
    motorcycle in years 2, 4 and 8 with no exemption-removing event, DOMAIN §1.2) applies
    within the window: the mark is issued at once (the validity moves to the next due, and
    the electronic mark shows it).

    Locks the vehicle row first, so two applications cannot both extend the validity; one
    issue per vehicle and due (unique). 交强险 and 车船税 are checked as the insurer
    reported them (``Insurance``; a vehicle with no report is not checked). Audits
    ``inspections.mark.issued``.
    """
    who = citizen_of(actor)
    owned_vehicle(person_id=who.person_id, vehicle_id=vehicle_id)
    (vehicle,) = vehicles_lock(vehicle_ids=[vehicle_id])
    today = clock.today()
    refusals = rules.mark_refusals(mark_facts(vehicle=vehicle, today=today))
    if refusals:
        raise errors.mark_refused(refusals)
    due_on = vehicle.inspection_valid_until
    after = vehicle_inspection_pass(
        actor=who, vehicle_id=vehicle.pk, passed_on=today, basis="mark_only"
    )
    try:
        with transaction.atomic():
            issue = MarkIssue.objects.create(
                vehicle=vehicle,
                person_id=who.person_id,
                due_on=due_on,
                valid_until_after=after,
                issued_at=clock.now(),
            )
    except IntegrityError:
        raise errors.mark_issued() from None
    audit_record(
        actor=who,
        action="inspections.mark.issued",
        subject=issue,
        data={"due_on": due_on.isoformat(), "valid_until": after.isoformat()},
    )
    return issue


@transaction.atomic
def mark_paper_request(*, actor, issue_id: int, point_id: int) -> MarkIssue:
    """The owner of an online-issued mark asks for the paper mark too, to collect at a
    service point (``guides.ServicePoint``, open). Once per mark: a second request is
    refused (``inspections.mark.paper_requested``, 409). Audits
    ``inspections.mark.paper_requested``."""
    who = citizen_of(actor)
    issue = (
        MarkIssue.objects.select_for_update().filter(pk=issue_id, person_id=who.person_id).first()
    )
    if issue is None:
        raise errors.mark_not_found()
    if issue.paper_requested_at is not None:
        raise errors.mark_paper_requested()
    try:
        point = point_of(point_id)
    except ApplicationError:
        raise errors.mark_point_invalid() from None
    if not point.active:
        raise errors.mark_point_invalid()
    issue.paper_point_id, issue.paper_point_name = point.pk, point.name[:100]
    issue.paper_requested_at = clock.now()
    issue.save(update_fields=["paper_point_id", "paper_point_name", "paper_requested_at"])
    audit_record(
        actor=who,
        action="inspections.mark.paper_requested",
        subject=issue,
        data={"point_id": point.pk, "point": point.name},
    )
    return issue
