"""Results a station reports over its signed partner key, and the officers' odometer check."""

from datetime import datetime, timedelta

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.identity.actors import (
    Actor,
    PartnerActor,
    acting,
    permission_denied,
    permission_require,
)
from jiaoguan.inspections import errors, rules
from jiaoguan.inspections.models import Appointment, InspectionResult
from jiaoguan.vehicles.services import vehicle_inspection_pass

RESULTS_SCOPE = "inspections.results"
REVIEW_ODOMETER = "inspections.change_inspectionresult"
# A station's clock may run a little ahead of ours.
_CLOCK_SKEW = timedelta(minutes=5)


def _same(result: InspectionResult, **reported) -> bool:
    return all(getattr(result, name) == value for name, value in reported.items())


@transaction.atomic
def result_record(
    *,
    actor: Actor,
    appointment_number: str,
    passed: bool,
    items: list[rules.Item],
    odometer_km: int,
    operator: str,
    inspected_at: datetime,
    failure_reason: str = "",
) -> InspectionResult:
    """The station of the appointment reports its inspection (one result per appointment).

    Checks the items agree with the verdict (``rules.result_refusals``). A pass moves the
    register's validity through ``vehicles.services.vehicle_inspection_pass`` (so the
    electronic mark shows it at once); a fail records the reason and the retest window. An
    odometer below an earlier reading of the vehicle is kept with that reading (flagged to
    officers). A repeat of the same report answers the stored result; a different one is
    refused (``result_conflict``). An appointment swept as a no-show can still be reported
    (a late arrival). Locks the appointment. Audits ``inspections.result.recorded``.
    """
    who = acting(actor)
    if not isinstance(who, PartnerActor) or not who.has_perm(RESULTS_SCOPE):
        raise permission_denied()
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot", "station", "vehicle")
        .filter(number=appointment_number, station__organization_id=who.organization_id)
        .first()
    )
    if appointment is None:
        raise errors.appointment_not_found()
    items_data = [{"code": item.code, "passed": item.passed} for item in items]
    existing = InspectionResult.objects.filter(appointment=appointment).first()
    if existing is not None:
        if _same(existing, passed=passed, items=items_data, odometer_km=odometer_km):
            return existing
        raise errors.result_conflict()
    if appointment.status not in (Appointment.Status.BOOKED, Appointment.Status.NO_SHOW):
        raise errors.appointment_not_open()
    refusals = rules.result_refusals(
        items, passed=passed, failure_reason=failure_reason, odometer_km=odometer_km
    )
    if refusals:
        raise errors.result_refused(refusals)
    inspected_on = clock.local(inspected_at).date()
    if inspected_on < clock.local(appointment.slot.starts_at).date() or inspected_at > (
        clock.now() + _CLOCK_SKEW
    ):
        raise errors.result_too_early()
    earlier = list(
        InspectionResult.objects.filter(vehicle_id=appointment.vehicle_id).values_list(
            "odometer_km", flat=True
        )
    )
    result = InspectionResult(
        appointment=appointment,
        station=appointment.station,
        vehicle_id=appointment.vehicle_id,
        passed=passed,
        items=items_data,
        odometer_km=odometer_km,
        operator=operator.strip()[:50],
        inspected_at=inspected_at,
        failure_reason="" if passed else failure_reason.strip()[:500],
        odometer_earlier_km=rules.odometer_regressed(odometer_km, earlier),
        key_id=who.key_id,
        reported_at=clock.now(),
    )
    if passed:
        result.valid_until_after = vehicle_inspection_pass(
            actor=who, vehicle_id=appointment.vehicle_id, passed_on=inspected_on, basis="station"
        )
    else:
        result.retest_until = rules.retest_until(inspected_on)
    result.save()
    Appointment.objects.filter(pk=appointment.pk).update(
        status=Appointment.Status.INSPECTED, arrived_at=inspected_at
    )
    audit_record(
        actor=who,
        action="inspections.result.recorded",
        subject=result,
        data={
            "appointment": appointment.number,
            "passed": passed,
            "odometer_flagged": result.odometer_flagged,
        },
    )
    return result


@transaction.atomic
def odometer_flag_review(*, actor: Actor, result_id: int) -> InspectionResult:
    """An officer of the station's province marks a flagged odometer reading as checked.
    Audits ``inspections.odometer.reviewed``."""
    permission_require(actor, REVIEW_ODOMETER)
    result = (
        InspectionResult.objects.select_for_update(of=("self",))
        .select_related("station")
        .filter(pk=result_id, odometer_earlier_km__isnull=False)
        .first()
    )
    if result is None:
        raise errors.appointment_not_found()
    who = permission_require(actor, REVIEW_ODOMETER, province_code=result.station.province_code)
    if result.flag_reviewed_at is None:
        result.flag_reviewed_by_id = who.user_id
        result.flag_reviewed_at = clock.now()
        result.save(update_fields=["flag_reviewed_by", "flag_reviewed_at"])
        audit_record(actor=who, action="inspections.odometer.reviewed", subject=result)
    return result
