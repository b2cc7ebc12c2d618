"""Venues' exam plans and sessions: officers create them; a plan is published at least
10 days before its exam day (162号 art. 52)."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.drivers.rules import LicenseClass
from jiaoguan.exams import errors, rules
from jiaoguan.exams.models import ExamPlan, ExamSession, ExamVenue
from jiaoguan.exams.selectors import exam_parameters
from jiaoguan.identity.actors import Actor, permission_require

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

PLAN_EXAMS = "exams.plan_exams"


@transaction.atomic
def exam_plan_create(*, actor: Actor | User, venue: ExamVenue, exam_on: date) -> ExamPlan:
    """A venue's exam day, unpublished. Needs ``exams.plan_exams`` over the venue's province.
    Audits ``exams.plan.created``."""
    permission_require(actor, PLAN_EXAMS)
    permission_require(actor, PLAN_EXAMS, province_code=venue.region_code)
    plan = ExamPlan.objects.create(venue=venue, exam_on=exam_on)
    audit_record(actor=actor, action="exams.plan.created", subject=plan)
    return plan


@transaction.atomic
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
    session = ExamSession.objects.create(
        plan=plan,
        code=code,
        subject=subject,
        license_class=license_class,
        starts_at=starts_at,
        capacity=capacity,
    )
    audit_record(actor=actor, action="exams.session.added", subject=session)
    return session


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
