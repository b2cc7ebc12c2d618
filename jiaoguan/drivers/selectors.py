"""Reads of the license register, each combined with the rules into dated, explained facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core.errors import ApplicationError, NotFound
from jiaoguan.core.ids import mask_id_number
from jiaoguan.core.places import NATIONWIDE_REGION
from jiaoguan.drivers import rules
from jiaoguan.drivers.models import DrivingLicense, MedicalCertificate, SchoolBusQualification
from jiaoguan.identity.actors import Actor
from jiaoguan.identity.selectors import no_permission

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a dev-only package: for the checker alone

    from jiaoguan.identity.models import User


@dataclass(frozen=True)
class LicenseView:
    """A license with every date the regulations attach to it on ``as_of``."""

    license: DrivingLicense
    classes: tuple[tuple[str, date], ...]
    valid_until: date | None
    status: rules.LicenseStatus
    number_masked: str

    @property
    def holder_name(self) -> str:
        return self.license.person.name


class _CertificateAnnotation(TypedDict):
    certificate_on: date | None
    designated_certificate_on: date | None


def license_view(
    *, license: WithAnnotations[DrivingLicense, _CertificateAnnotation], as_of: date
) -> LicenseView:
    """Build the view of one license fetched by ``_licenses(as_of)``. A day before the
    license was first issued has no view: ``drivers.license.as_of_before_issue`` (422)."""
    if as_of < license.first_issued_on:
        raise ApplicationError(
            "drivers.license.as_of_before_issue",
            _("查询日期早于驾驶证初次领证日期（%(day)s）。")
            % {"day": license.first_issued_on.isoformat()},
            fields={"as_of": _("请选择初次领证日期之后的日期。")},
            status=422,
        )
    class_dates = {rules.LicenseClass(g.license_class): g.obtained_on for g in license.grants.all()}
    validity = rules.Validity(license.validity)
    valid_until = rules.valid_until(license.valid_from, validity)
    cycle = rules.cycle_span(license.first_issued_on, as_of)
    entries = [
        rules.PointsEntry(
            record.recorded_on, record.points, record.fine_paid, record.cleared_on is not None
        )
        for record in license.points.all()
    ]
    cycle_points = rules.points_in_cycle(entries, starts_on=cycle.starts_on, ends_on=cycle.ends_on)
    previous_points = 0
    previous_serious = False
    previous_school_bus = False
    if cycle.index:
        previous = rules.cycle_span_at(license.first_issued_on, cycle.index - 1)
        previous_points = rules.points_in_cycle(
            entries, starts_on=previous.starts_on, ends_on=previous.ends_on
        )
        # Art. 72 ¶5: an accident with serious injury or death (a fatal one too) in the cycle
        # that ended, first and last day included; the rule asks 70 or over at its end.
        previous_serious = any(
            day is not None and previous.starts_on <= day <= previous.ends_on
            for day in (license.serious_accident_on, license.fatal_accident_on)
        )
        previous_school_bus = _school_bus_driver_on(license, previous.ends_on)
    status = rules.license_status(
        register_status=license.status,
        valid_until=valid_until,
        first_issued_on=license.first_issued_on,
        class_dates=class_dates,
        birth_date=license.person.birth_date,
        cycle_points=cycle_points,
        previous_cycle_points=previous_points,
        previous_cycle_fatal_accident=license.fatal_accident_responsibility,
        previous_cycle_serious_accident=previous_serious,
        previous_cycle_school_bus_driver=previous_school_bus,
        medical_certificate_issued_on=license.certificate_on,
        designated_certificate_issued_on=license.designated_certificate_on,
        as_of=as_of,
    )
    classes = tuple((str(c), class_dates[c]) for c in rules.sort_classes(class_dates))
    return LicenseView(
        license=license,
        classes=classes,
        valid_until=valid_until,
        status=status,
        number_masked=mask_id_number(license.person.id_number),
    )


def _school_bus_driver_on(license: DrivingLicense, day: date) -> bool:
    """Whether the license carried a school-bus qualification on ``day`` (granted by then and
    not cancelled by then): such a driver owes the review every cycle (162号 art. 90)."""
    try:
        qualification = license.school_bus_qualification
    except SchoolBusQualification.DoesNotExist:
        return False
    cancelled = qualification.cancelled_on
    return qualification.granted_on <= day and (cancelled is None or cancelled > day)


def _licenses(as_of: date):
    """Licenses with what their view needs, in three queries whatever the number of rows."""
    fit = MedicalCertificate.objects.filter(
        person_id=OuterRef("person_id"), fit_to_drive=True, issued_on__lte=as_of
    ).order_by("-issued_on")
    return (
        DrivingLicense.objects.select_related("person", "school_bus_qualification")
        .prefetch_related("grants", "points")
        .annotate(
            certificate_on=Subquery(fit.values("issued_on")[:1]),
            designated_certificate_on=Subquery(
                fit.filter(designated_hospital=True).values("issued_on")[:1]
            ),
        )
    )


def license_of_person(*, person_id: int, as_of: date) -> LicenseView | None:
    """The license the person holds (the logged-in citizen's own), or None."""
    license = _licenses(as_of).filter(person_id=person_id).first()
    return license_view(license=license, as_of=as_of) if license else None


def licenses_of_persons(*, person_ids: list[int], as_of: date) -> dict[int, LicenseView]:
    """``license_of_person`` of many people in the same three queries: the views by person
    (a person without a license is absent)."""
    if not person_ids:
        return {}
    licenses = _licenses(as_of).filter(person_id__in=person_ids)
    return {license.person_id: license_view(license=license, as_of=as_of) for license in licenses}


def license_lookup(
    *,
    actor: Actor | User,
    query: str,
    purpose: str,
    as_of: date,
    ip_address: str | None = None,
) -> LicenseView:
    """An officer reads one license by its number; the read is audited with its purpose."""
    if not actor.has_perm("drivers.view_drivinglicense"):
        raise no_permission()
    number = (query or "").strip().upper()
    license = _licenses(as_of).filter(person__id_number=number).first()
    if license is None:
        raise NotFound("drivers.license.not_found", _("没有该驾驶证。"))
    audit_record(
        actor=actor,
        action="backoffice.lookup.license",
        subject=license,
        person_id_number=license.person.id_number,
        purpose=purpose,
        ip_address=ip_address,
    )
    return license_view(license=license, as_of=as_of)


def license_id_of_person(*, person_id: int) -> int | None:
    return DrivingLicense.objects.filter(person_id=person_id).values_list("pk", flat=True).first()


class LicenseHolder(TypedDict):
    person_id: int
    first_issued_on: date


def license_holder(*, license_id: int) -> LicenseHolder | None:
    """Whose license it is and when it was first issued; None for no such license."""
    row = DrivingLicense.objects.filter(pk=license_id).values("person_id", "first_issued_on")
    found = row.first()
    if found is None:
        return None
    return LicenseHolder(person_id=found["person_id"], first_issued_on=found["first_issued_on"])


def licenses_with_status(*, statuses: list[str]):
    """Licenses in one of ``statuses`` (``DrivingLicense.Status`` values), as a queryset for
    the disclosure scans (which read the holder's name through ``person__name`` and never the
    identity number)."""
    return DrivingLicense.objects.filter(status__in=statuses)


def licenses_concerned(*, region_code: str, license_classes: list[str]):
    """The licenses held now (valid or seized) whose holder lives in ``region_code`` (the
    household region, GB/T 2260: a province covers its cities and counties, a city its
    counties; empty or ``000000`` is everywhere) and that carry one of ``license_classes``
    (empty: any class), as a queryset for a set-based insert (``education.publicity``)."""
    from jiaoguan.drivers.models import LicenseClassGrant

    licenses = DrivingLicense.objects.filter(
        status__in=[DrivingLicense.Status.VALID, DrivingLicense.Status.SUSPENDED]
    )
    if region_code and region_code != NATIONWIDE_REGION:
        if region_code.endswith("0000"):
            licenses = licenses.filter(person__region_code__startswith=region_code[:2])
        elif region_code.endswith("00"):
            licenses = licenses.filter(person__region_code__startswith=region_code[:4])
        else:
            licenses = licenses.filter(person__region_code=region_code)
    if license_classes:
        grants = LicenseClassGrant.objects.filter(
            license_id=OuterRef("pk"), license_class__in=license_classes
        )
        licenses = licenses.filter(Exists(grants))
    return licenses


def license_class_grants():
    """Every class on every license (``license_id``, ``license_class``, ``obtained_on``)."""
    from jiaoguan.drivers.models import LicenseClassGrant

    return LicenseClassGrant.objects.all()


def points_accumulated_of(*, license_id: int, as_of: date) -> int:
    """The points accumulated in the cycle containing ``as_of``, those already cleared by a
    full-score education included (163号 arts. 18, 22 count them)."""
    license = DrivingLicense.objects.filter(pk=license_id).prefetch_related("points").first()
    if license is None:
        return 0
    cycle = rules.cycle_span(license.first_issued_on, as_of)
    entries = [
        rules.PointsEntry(r.recorded_on, r.points, r.fine_paid, r.cleared_on is not None)
        for r in license.points.all()
    ]
    return rules.points_accumulated(entries, starts_on=cycle.starts_on, ends_on=cycle.ends_on)


def points_fines_unpaid(*, license_id: int, as_of: date) -> int:
    """How many of the points records counted now still have their fine unpaid (163号 art. 23
    clears a full score only with the fines paid)."""
    license = DrivingLicense.objects.filter(pk=license_id).first()
    if license is None:
        return 0
    cycle = rules.cycle_span(license.first_issued_on, as_of)
    return sum(
        1
        for recorded_on, paid in license.points.filter(
            cleared_on__isnull=True, points__gt=0, fine_paid=False
        ).values_list("recorded_on", "fine_paid")
        if recorded_on <= cycle.ends_on and not paid
    )


def medical_certificates_of(
    *, person_id: int, as_of: date | None = None, limit: int = 10
) -> list[MedicalCertificate]:
    """The person's physical-condition certificates, latest examination first (those
    examined by ``as_of`` when given)."""
    certificates = MedicalCertificate.objects.filter(person_id=person_id)
    if as_of is not None:
        certificates = certificates.filter(issued_on__lte=as_of)
    return list(certificates.order_by("-issued_on", "-submitted_at", "-pk")[:limit])


def class_cancellations():
    """Classes cancelled on licenses that keep others (``license_id``, ``license_class``,
    ``reason``, ``cancelled_on``), for the disclosure scans (the holder's name through
    ``license__person__name``, never the identity number)."""
    from jiaoguan.drivers.models import ClassCancellation

    return ClassCancellation.objects.all()


def school_bus_qualifications_void():
    """School-bus qualifications cancelled whose annotated license was not recovered (162号
    art. 92 ¶2: announced void), for the disclosure scans."""
    return SchoolBusQualification.objects.filter(
        cancelled_on__isnull=False, license_recovered=False
    )


def class_cancellations_for_officer(*, actor, limit: int = 50, ip_address: str | None = None):
    """The latest classes cancelled on licenses that keep others (written by the points
    ledger, 162号 art. 80; by age, art. 65), newest first, with their drivers. The officer
    reads each driver's record: one audited read per cancellation shown
    (``backoffice.lookup.class_cancellation``, purpose ``public_disclosure``), which the
    citizen sees. Raises ``backoffice.lookup.forbidden`` without
    ``drivers.view_classcancellation``."""
    from jiaoguan.audit.purposes import purpose_stored
    from jiaoguan.audit.services import audit_event, audit_record_many
    from jiaoguan.drivers.models import ClassCancellation

    if not actor.has_perm("drivers.view_classcancellation"):
        raise no_permission()
    found = list(
        ClassCancellation.objects.select_related("license__person").order_by(
            "-cancelled_on", "-pk"
        )[:limit]
    )
    audit_record_many(
        [
            audit_event(
                actor=actor,
                action="backoffice.lookup.class_cancellation",
                subject=cancellation.license,
                person_id_number=cancellation.license.person.id_number,
                purpose=purpose_stored("public_disclosure"),
                ip_address=ip_address,
            )
            for cancellation in found
        ]
    )
    return found
