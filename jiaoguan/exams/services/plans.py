"""Venues' exam plans and sessions: officers create them; a plan is published at least
10 days before its exam day (162号 art. 52)."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.places import ABBREVIATION_OF_PROVINCE_CODE, is_region_code
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams import errors, rules
from jiaoguan.exams.models import ExamPlan, ExamSession, ExamVenue
from jiaoguan.exams.selectors import exam_parameters
from jiaoguan.identity.actors import Actor, permission_require

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

PLAN_EXAMS = "exams.plan_exams"


def _create_audited(model, *, actor, action: str, duplicate: ApplicationError, **fields):
    """Create a row and audit it in one transaction; a unique constraint the row breaks is
    refused with ``duplicate`` instead of an IntegrityError."""
    try:
        with transaction.atomic():
            row = model.objects.create(**fields)
            audit_record(actor=actor, action=action, subject=row)
    except IntegrityError:
        raise duplicate from None
    return row


def exam_venue_create(
    *,
    actor: Actor | User,
    code: str,
    name: str,
    region_code: str,
    address: str = "",
    is_county_level: bool = False,
) -> ExamVenue:
    """A new exam venue in the officer's province. Needs ``exams.plan_exams`` over the
    region. Refused: a region code that is not six digits of a known province
    (``exams.venue.region``), a code already used (``exams.venue.duplicate``). Audits
    ``exams.venue.created``."""
    permission_require(actor, PLAN_EXAMS)
    if not (is_region_code(region_code) and region_code[:2] in ABBREVIATION_OF_PROVINCE_CODE):
        raise errors.venue_region()
    permission_require(actor, PLAN_EXAMS, province_code=region_code)
    return _create_audited(
        ExamVenue,
        actor=actor,
        action="exams.venue.created",
        duplicate=errors.venue_duplicate(),
        code=code,
        name=name,
        region_code=region_code,
        address=address,
        is_county_level=is_county_level,
    )


def exam_plan_create(*, actor: Actor | User, venue: ExamVenue, exam_on: date) -> ExamPlan:
    """A venue's exam day, unpublished. Needs ``exams.plan_exams`` over the venue's province.
    Refused: a day in the past (``exams.plan.past``), a second plan for the venue's day
    (``exams.plan.duplicate``). Audits ``exams.plan.created``."""
    permission_require(actor, PLAN_EXAMS)
    permission_require(actor, PLAN_EXAMS, province_code=venue.region_code)
    if exam_on < clock.today():
        raise errors.plan_past()
    return _create_audited(
        ExamPlan,
        actor=actor,
        action="exams.plan.created",
        duplicate=errors.plan_duplicate(),
        venue=venue,
        exam_on=exam_on,
    )


def exam_session_add(
    *,
    actor: Actor | User,
    plan: ExamPlan,
    subject: str,
    license_class: str,
    starts_at: time,
    capacity: int,
) -> ExamSession:
    """A session of ``plan``; its code is ``<venue>-<yyyymmdd>-<hhmm>-<subject>-<class>``.

    A county-level venue runs no large-class 科目二 or 科目三 (art. 2;
    ``exams.session.venue_level``). Needs ``exams.plan_exams`` over the venue's province."""
    permission_require(actor, PLAN_EXAMS)
    permission_require(actor, PLAN_EXAMS, province_code=plan.venue.region_code)
    license_class = LicenseClass(license_class).value
    subject = rules.ExamSubject(subject).value
    if not rules.venue_may_examine(
        county_level=plan.venue.is_county_level,
        license_class=LicenseClass(license_class),
        subject=rules.ExamSubject(subject),
    ):
        raise errors.venue_level()
    code = (
        f"{plan.venue.code}-{plan.exam_on:%Y%m%d}-{starts_at:%H%M}-"
        f"{subject.replace('_', '')}-{license_class}"
    )
    if capacity < 1:
        raise errors.session_capacity()
    return _create_audited(
        ExamSession,
        actor=actor,
        action="exams.session.added",
        duplicate=errors.session_duplicate(),
        plan=plan,
        code=code,
        subject=subject,
        license_class=license_class,
        starts_at=starts_at,
        capacity=capacity,
    )


@transaction.atomic
def exam_plan_publish(*, actor: Actor | User, plan: ExamPlan) -> ExamPlan:
    """Publish ``plan``; refused later than 10 days (or the configured lead) before the exam.
    Needs ``exams.plan_exams`` over the venue's province."""
    permission_require(actor, PLAN_EXAMS)
    permission_require(actor, PLAN_EXAMS, province_code=plan.venue.region_code)
    deadline = rules.plan_publication_deadline(plan.exam_on, exam_parameters())
    if clock.today() > deadline:
        raise errors.plan_too_late(deadline)
    updated = ExamPlan.objects.filter(pk=plan.pk, published_at__isnull=True).update(
        published_at=clock.now()
    )
    plan.refresh_from_db()
    if updated:
        audit_record(actor=actor, action="exams.plan.published", subject=plan)
    return plan
