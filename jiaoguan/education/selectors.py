"""Reads of points reduction by study, each keyed by the logged-in person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound
from jiaoguan.drivers import rules as driver_rules
from jiaoguan.drivers.explanations import explain
from jiaoguan.drivers.selectors import license_of_person
from jiaoguan.education.models import (
    MAX_REDUCTION_PER_CYCLE,
    AttemptQuestion,
    PointsReduction,
    ReductionApplication,
    SafetyPush,
    StudyCourse,
    TestAttempt,
    WelfareActivity,
)
from jiaoguan.education.rules import study_time
from jiaoguan.education.rules.reduction_test import SECONDS_PER_QUESTION
from jiaoguan.violations.rules.reduction import first_barred_cycle
from jiaoguan.violations.selectors import points_reduction_eligibility_of


@dataclass(frozen=True)
class Eligibility:
    has_license: bool
    eligible: bool
    max_points: int
    refusals: tuple[str, ...]
    cycle_index: int
    cycle_points: int
    reduced_this_cycle: int
    license_id: int | None

    @property
    def refusal_texts(self) -> list[str]:
        return [explain(code) for code in self.refusals]


def reduced_in_cycle(*, license_id: int, cycle_index: int) -> int:
    """The points reduced in the cycle and not revoked (the 6-point cap counts these)."""
    found = PointsReduction.objects.filter(
        license_id=license_id, cycle_index=cycle_index, revoked_at__isnull=True
    )
    return found.aggregate(total=Sum("points"))["total"] or 0


def next_reduction_ordinal(*, license_id: int, cycle_index: int) -> int:
    """The slot of the next point reduced in the cycle (revoked rows keep theirs)."""
    rows = PointsReduction.objects.filter(license_id=license_id, cycle_index=cycle_index)
    return rows.count() + 1


def fraud_in_last_3_cycles(*, license_id: int, cycle_index: int) -> bool:
    """A reduction of the license revoked for fraud in this cycle or the 2 before (163号
    art. 26: fraud in reduction, full-score or review education in the last 3 cycles bars a
    reduction). Study records of full-score and review courses revoked count too."""
    since = first_barred_cycle(cycle_index)
    return (
        ReductionApplication.objects.filter(
            license_id=license_id, status="revoked", cycle_index__gte=since
        ).exists()
        or WelfareActivity.objects.filter(
            license_id=license_id, state="revoked", cycle_index__gte=since
        ).exists()
        or StudyCourse.objects.filter(
            license_id=license_id, cycle_index__gte=since, case__transitions__action="revoke"
        ).exists()
    )


def reduction_eligibility(*, person_id: int, as_of: date) -> Eligibility:
    """The drivers' eligibility rule over the register (``violations.selectors``), completed
    with what only education knows: the points already reduced this cycle (6 at most)."""
    found = points_reduction_eligibility_of(person_id=person_id, as_of=as_of)
    view = license_of_person(person_id=person_id, as_of=as_of)
    if found is None or view is None:
        return Eligibility(False, False, 0, (), 0, 0, 0, None)
    cycle = view.status.cycle
    reduced = reduced_in_cycle(license_id=view.license.pk, cycle_index=cycle.index)
    refusals = list(found.refusals)
    if reduced >= MAX_REDUCTION_PER_CYCLE and driver_rules.Basis.REDUCTION_CYCLE_MAXIMUM not in (
        refusals
    ):
        refusals.append(driver_rules.Basis.REDUCTION_CYCLE_MAXIMUM)
    if driver_rules.Basis.REDUCTION_FRAUD not in refusals and fraud_in_last_3_cycles(
        license_id=view.license.pk, cycle_index=cycle.index
    ):
        refusals.append(driver_rules.Basis.REDUCTION_FRAUD)
    max_points = 0 if refusals else min(found.max_points, MAX_REDUCTION_PER_CYCLE - reduced)
    return Eligibility(
        True,
        not refusals,
        max_points,
        tuple(refusals),
        cycle.index,
        view.status.cycle_points,
        reduced,
        view.license.pk,
    )


def application_of_person(*, person_id: int, application_id: int) -> ReductionApplication:
    found = ReductionApplication.objects.filter(pk=application_id, person_id=person_id).first()
    if found is None:
        raise NotFound("education.reduction.not_found", _("没有找到这份学法减分申请。"))
    return found


def current_application(*, person_id: int) -> ReductionApplication | None:
    """The person's latest application (open or not)."""
    return ReductionApplication.objects.filter(person_id=person_id).order_by("-pk").first()


def attempt_of_person(*, person_id: int, attempt_id: int) -> TestAttempt:
    found = (
        TestAttempt.objects.select_related("application")
        .filter(pk=attempt_id, application__person_id=person_id)
        .first()
    )
    if found is None:
        raise NotFound("education.test.not_found", _("没有找到这场考试。"))
    return found


@dataclass(frozen=True)
class StudyProgress:
    status: str
    counted: timedelta
    required: timedelta
    complete: bool
    study_ends_at: datetime
    test_deadline: date | None
    face_check_due: bool

    @property
    def counted_seconds(self) -> int:
        return int(self.counted.total_seconds())

    @property
    def remaining_seconds(self) -> int:
        return max(int((self.required - self.counted).total_seconds()), 0)

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.counted / self.required))


def heartbeats_of(application: ReductionApplication | StudyCourse) -> list[study_time.Heartbeat]:
    """The heartbeats of an application or a course as the rules read them (``client_at`` is
    never read, so it is not fetched: every beat of a study page reads them all back)."""
    return [
        study_time.Heartbeat(tab, received_at, visible)
        for tab, received_at, visible in application.heartbeats.values_list(
            "tab", "received_at", "visible"
        )
    ]


def face_check_due(application: ReductionApplication, *, now: datetime) -> bool:
    """While studying, a check is due before the first pass (``next_face_check_at`` is set
    only by a pass) and again from the random moment the last pass set."""
    return application.status == ReductionApplication.Status.STUDYING and (
        application.next_face_check_at is None or now >= application.next_face_check_at
    )


def study_progress(
    application: ReductionApplication,
    *,
    now: datetime | None = None,
    study: study_time.ReductionStudy | None = None,
) -> StudyProgress:
    now = now or clock.now()
    if study is None:
        study = study_time.reduction_study(
            heartbeats_of(application),
            window_starts_at=application.applied_at,
            window_ends_at=application.study_ends_at,
        )
    return StudyProgress(
        application.status,
        min(study.counted, study_time.REDUCTION_REQUIRED),
        study_time.REDUCTION_REQUIRED,
        study.complete,
        application.study_ends_at,
        application.test_deadline,
        face_check_due(application, now=now),
    )


def face_failures(application: ReductionApplication) -> int:
    return application.face_checks.filter(matched=False).count()


def current_question(attempt: TestAttempt) -> AttemptQuestion | None:
    """The question now shown (the first unanswered one), or None when the test is over."""
    if attempt.state != TestAttempt.State.IN_PROGRESS:
        return None
    return (
        attempt.questions.select_related("question")
        .filter(answered_at__isnull=True)
        .order_by("position")
        .first()
    )


def reduction_of(application: ReductionApplication) -> PointsReduction | None:
    return PointsReduction.objects.filter(application=application).first()


def seconds_left(shown: AttemptQuestion, *, now: datetime | None = None) -> int:
    """Seconds left to answer the question shown (0 when the time is up)."""
    if shown.shown_at is None:
        return SECONDS_PER_QUESTION
    spent = ((now or clock.now()) - shown.shown_at).total_seconds()
    return max(0, int(SECONDS_PER_QUESTION - spent))


def reductions_lookup(*, actor, id_number: str, purpose: str, ip_address: str | None = None):
    """An officer reads one driver's points-reduction applications and public-welfare
    activities by the identity number (audited with its purpose, ARCHITECTURE rule 8):
    (applications, activities), newest first. Needs a reduction officer's permission."""
    from jiaoguan.applications.rules import reduction as table
    from jiaoguan.audit.services import audit_record
    from jiaoguan.identity.selectors import no_permission, person_matching

    if not any(actor.has_perm(p) for p in (table.RECORDER, table.REVOKER)):
        raise no_permission()
    person = person_matching(id_number=id_number or "")
    if person is None:
        raise NotFound("education.welfare.no_person", _("没有找到该身份证号码的驾驶人。"))
    audit_record(
        actor=actor,
        action="backoffice.lookup.reductions",
        subject=person,
        person_id_number=person.id_number,
        purpose=purpose,
        ip_address=ip_address,
    )
    applications = list(
        ReductionApplication.objects.filter(person=person).order_by("-applied_at")[:20]
    )
    activities = list(WelfareActivity.objects.filter(person=person).order_by("-signed_in_at")[:20])
    return person, applications, activities


def safety_pushes_of(*, item_id: int, at: datetime):
    """The pushes of a safety item written at ``at`` (one publication), as a queryset of
    ``id`` (the notice's subject) and ``person_id`` for the notices' set-based insert."""
    return SafetyPush.objects.filter(item_id=item_id, pushed_at=at)
