"""Writes of full-score and review education (满分教育, 审验教育; DOMAIN §4.3, §16.1, §16.2).

A course is a workflow case (``applications.rules.education``): every change of stage goes
through ``applications.services.case_transition``, which refuses what the table does not
allow; ``StudyCourse.state`` is a copy written with it (``_act``, the only writer). The study
is tracked by the same machinery as points reduction (``education.tracking``: heartbeats on
the server's clock, face checks), and counted by ``course_selectors.course_progress``. The
points are cleared through the drivers' ledger (``drivers.services.points_clear_full_score``),
once: the course row is locked and a ``FullScoreClearance`` row per course is unique.

Lock order: the course row, then (inside ``case_transition``) its case row.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules.education import STUDY_OPEN
from jiaoguan.applications.services import case_open, case_transition
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound
from jiaoguan.drivers import rules as driver_rules
from jiaoguan.drivers.selectors import (
    license_holder,
    license_of_person,
    points_accumulated_of,
    points_fines_unpaid,
)
from jiaoguan.drivers.services import points_clear_full_score
from jiaoguan.education import course_selectors, tracking
from jiaoguan.education.models import FullScoreClearance, StudyCourse
from jiaoguan.education.rules import full_score, study_time
from jiaoguan.identity.actors import system_actor

Kind = StudyCourse.Kind
KINDS = {Kind.FULL_SCORE: "education.full_score", Kind.REVIEW: "education.review"}


def person_id_of(actor) -> int:
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        raise ApplicationError(
            "education.course.citizen_only", _("学习教育须由驾驶人本人登录办理。"), status=403
        )
    return person_id


def audit(actor, action: str, course: StudyCourse, **data) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject=course,
        person_id_number=course.person.id_number,
        data=data,
    )


def locked(course_id: int, *, person_id: int | None = None) -> StudyCourse:
    """The course row locked (the person's own when ``person_id`` is given)."""
    rows = StudyCourse.objects.select_for_update(of=("self",)).select_related("person", "case")
    if person_id is not None:
        rows = rows.filter(person_id=person_id)
    found = rows.filter(pk=course_id).first()
    if found is None:
        raise NotFound("education.course.not_found", _("没有找到这项学习教育。"))
    return found


def act(actor, course: StudyCourse, action: str, *, reason: str = "") -> None:
    """Take ``action`` of the course's table (refused as the table says) and copy the state.
    The caller holds the course row's lock."""
    case = case_transition(actor=actor, case=course.case, action=action, reason=reason)
    course.case = case
    course.state = case.state
    fields = ["state"]
    if case.closed_at is not None:
        course.closed_at = case.closed_at
        fields.append("closed_at")
    course.save(update_fields=fields)


def settle_study(actor, course: StudyCourse, progress=None) -> course_selectors.CourseProgress:
    """Move a course on as the server's count says: the first study counted starts it
    (``notified`` → ``studying``); the attendance minimum (or the 3 review hours) completes
    it. Called after each heartbeat and each on-site record, under the course lock."""
    progress = progress or course_selectors.course_progress(course)
    # Any study recorded is attending (art. 29), even a day too short to count.
    onsite = course.onsite.filter(revoked_at__isnull=True).order_by("day")
    first_onsite = onsite.values_list("day", flat=True).first()
    studied = bool(progress.online_days or progress.online_today_seconds or first_onsite)
    if course.state == "notified" and studied:
        act(actor, course, "start_study")
    if course.first_study_on is None and studied:
        days = [*progress.online_days, *([first_onsite] if first_onsite else [])]
        course.first_study_on = min(days) if days else clock.today()
        course.save(update_fields=["first_study_on"])
    if course.state == "studying" and progress.complete:
        course.study_completed_at = clock.now()
        course.save(update_fields=["study_completed_at"])
        act(actor, course, "complete_study")
        audit(
            actor,
            "education.course.study_completed",
            course,
            attended_days=progress.attended_days,
            counted_minutes=progress.counted_minutes,
        )
        progress = course_selectors.course_progress(course)
    return progress


# Opening ------------------------------------------------------------------------------------


def full_score_open(*, actor, license_id: int) -> StudyCourse | None:
    """Open the full-score education of a license that reached 12 points in its cycle (163号
    arts. 17-18): the notice is served today, the study owed is fixed now (``full_score_plan``:
    the n-th full score of the cycle and the points accumulated, cleared ones included), and
    the driver must attend within 30 days (art. 29). Idempotent: an open course is returned as
    it is; None when the license is not at 12 points. Part of the caller's transaction (the
    drivers' ``PointsChanged`` subscriber)."""
    holder = license_holder(license_id=license_id)
    today = clock.today()
    view = license_of_person(person_id=holder["person_id"], as_of=today) if holder else None
    if view is None or view.status.cycle_points < driver_rules.FULL_SCORE:
        return None
    license_ = view.license
    existing = course_selectors.open_course(license_id=license_id, kind=Kind.FULL_SCORE)
    if existing is not None:
        return existing
    cycle = view.status.cycle.index
    ordinal = (
        StudyCourse.objects.filter(
            license_id=license_id, kind=Kind.FULL_SCORE, cycle_index=cycle
        ).count()
        + 1
    )
    accumulated = points_accumulated_of(license_id=license_id, as_of=today)
    classes = [code for code, _obtained in view.classes] or ["C1"]
    plan = full_score.full_score_plan(
        license_classes=classes,
        full_scores_in_cycle=ordinal,
        total_points=max(accumulated, driver_rules.FULL_SCORE),
    )
    person = license_.person
    try:
        with transaction.atomic():
            case = case_open(
                actor=actor,
                kind=KINDS[Kind.FULL_SCORE],
                applicant=person,
                province_code=person.region_code[:2],
                office_code=person.region_code[:4],
                subject_label=str(_("满分学习")),
            )
            now = clock.now()
            course = StudyCourse.objects.create(
                kind=Kind.FULL_SCORE,
                case=case,
                state=case.state,
                person=person,
                license=license_,
                cycle_index=cycle,
                ordinal=ordinal,
                points=accumulated,
                study_days=plan.study_days,
                min_attended_days=plan.min_attended_days,
                min_onsite_days=plan.min_onsite_days,
                max_online_days=plan.max_online_days,
                exam_subjects=list(full_score.exam_subjects(plan.extra_subjects)),
                license_classes=classes,
                notice_on=today,
                attend_by=clock.natural_period_end(today, full_score.ATTEND_WITHIN_DAYS),
                opened_at=now,
                counts_from=now,
            )
    except IntegrityError:
        return course_selectors.open_course(license_id=license_id, kind=Kind.FULL_SCORE)
    audit(
        actor,
        "education.full_score.opened",
        course,
        ordinal=ordinal,
        points=accumulated,
        study_days=plan.study_days,
        exam_subjects=course.exam_subjects,
        attend_by=course.attend_by.isoformat() if course.attend_by else None,
    )
    return course


@transaction.atomic
def review_open(*, actor) -> StudyCourse:
    """Open the review education (审验教育) the driver owes for the cycle that ended: A/B
    holders with points, fatal-accident responsibility (162号 arts. 72-73; the drivers rule
    ``review_duty`` decides): at least 3 hours of study. Idempotent while one is open."""
    person_id = person_id_of(actor)
    today = clock.today()
    view = license_of_person(person_id=person_id, as_of=today)
    duty = view.status.review if view is not None else None
    if view is not None and duty is not None and not duty.study_hours:
        # 70 or over after a serious accident, on no other ground: the review owes the memory,
        # judgment and reaction tests at the counter, not the 3 hours (162号 art. 73 ¶3).
        raise ApplicationError(
            "education.review.tests_at_counter",
            _(
                "您本次审验无须参加审验教育学习，但须在 %(day)s 前到车管所或交警队窗口"
                "参加记忆力、判断力、反应力测试。"
            )
            % {"day": duty.due_on.isoformat()},
            status=409,
        )
    if view is None or duty is None:
        raise ApplicationError(
            "education.review.not_owed", _("您目前无须参加审验教育。"), status=409
        )
    license_id = view.license.pk
    existing = course_selectors.open_course(license_id=license_id, kind=Kind.REVIEW)
    if existing is not None:
        return existing
    cycle = max(view.status.cycle.index - 1, 0)
    if StudyCourse.objects.filter(
        license_id=license_id, kind=Kind.REVIEW, cycle_index=cycle, state="approved"
    ).exists():
        raise Conflict("education.review.done", _("本次审验教育已完成。"))
    person = view.license.person
    ordinal = (
        StudyCourse.objects.filter(
            license_id=license_id, kind=Kind.REVIEW, cycle_index=cycle
        ).count()
        + 1
    )
    try:
        with transaction.atomic():
            case = case_open(
                actor=actor,
                kind=KINDS[Kind.REVIEW],
                applicant=person,
                province_code=person.region_code[:2],
                office_code=person.region_code[:4],
                subject_label=str(_("审验教育")),
            )
            now = clock.now()
            course = StudyCourse.objects.create(
                kind=Kind.REVIEW,
                case=case,
                state=case.state,
                person=person,
                license=view.license,
                cycle_index=cycle,
                ordinal=ordinal,
                required_minutes=int(study_time.REVIEW_REQUIRED.total_seconds() // 60),
                license_classes=[code for code, _obtained in view.classes],
                notice_on=today,
                attend_by=duty.due_on,
                opened_at=now,
                counts_from=now,
                first_study_on=today,
            )
    except IntegrityError:
        raise Conflict("education.review.already_open", _("您已有一项进行中的审验教育。")) from None
    audit(
        actor,
        "education.review.opened",
        course,
        basis=str(duty.basis),
        grounds=[str(ground) for ground in duty.grounds],
        due_on=str(duty.due_on),
        cognitive_tests=duty.cognitive_tests,
        medical_certificate=duty.medical_certificate,
    )
    return course


# Study --------------------------------------------------------------------------------------


@transaction.atomic
def course_face_check(*, actor, course_id: int, photo: bytes) -> tracking.FaceMatch:
    """A face check for online study (the same gateway and rules as points reduction). The
    third failed match of a day voids that day's online study (on-site study is always
    open)."""
    course = locked(course_id, person_id=person_id_of(actor))
    if course.state not in STUDY_OPEN:
        raise Conflict("education.study.not_studying", _("该学习教育已不在学习阶段。"))
    result = tracking.face_compare(owner=course, person=course.person, photo=photo, now=clock.now())
    audit(actor, "education.face.checked", course, matched=result.matched, provider=result.provider)
    return result


@transaction.atomic
def course_heartbeat(
    *, actor, course_id: int, tab: str, visible: bool, client_at=None
) -> course_selectors.CourseProgress:
    """One report of the study page, stamped with the server's clock. Not recorded while a face
    check is due or after the day's online study was voided; otherwise the course is moved
    on as the count says (``settle_study``)."""
    tracking.tab_check(tab)
    course = locked(course_id, person_id=person_id_of(actor))
    now = clock.now()
    progress = course_selectors.course_progress(course, now=now)
    if course.state not in STUDY_OPEN or progress.face_check_due:
        return progress
    if progress.face_void_today:
        return progress
    tracking.heartbeat_add(
        actor=actor, owner=course, tab=tab, visible=visible, now=now, client_at=client_at
    )
    return settle_study(actor, course)


# Clearing -----------------------------------------------------------------------------------


def clear_points(actor, course: StudyCourse) -> FullScoreClearance:
    """Clear the points and give the license back (art. 23), once. The caller holds the course
    lock and has checked that the exam is passed; the fines must be paid."""
    existing = FullScoreClearance.objects.filter(course=course).first()
    if existing is not None:
        return existing
    today = clock.today()
    if points_fines_unpaid(license_id=course.license_id, as_of=today):
        raise Conflict(
            "education.full_score.fines_unpaid",
            _("考试已合格，请先缴清罚款，缴清后即可清除记分、发还驾驶证。"),
        )
    act(actor, course, "clear")
    cleared = points_clear_full_score(
        actor=actor,
        license_id=course.license_id,
        as_of=today,
        reason=f"满分学习考试合格（{course.case.reference}）",
    )
    clearance = FullScoreClearance.objects.create(
        course=course,
        cleared_at=clock.now(),
        points_cleared=cleared.cycle_points_before,
        license_returned=cleared.license_returned,
    )
    audit(
        actor,
        "education.full_score.cleared",
        course,
        points=cleared.cycle_points_before,
        license_returned=cleared.license_returned,
    )
    return clearance


@transaction.atomic
def full_score_clear(*, actor, course_id: int) -> FullScoreClearance:
    """The driver asks for the clearing once the fines are paid (the exam passed). Two tabs at
    once clear once: the second finds the clearance made."""
    course = locked(course_id, person_id=person_id_of(actor))
    if course.state == "cleared":
        return FullScoreClearance.objects.get(course=course)
    return clear_points(actor, course)


def on_points_changed(event) -> None:
    """``drivers.events.PointsChanged`` subscriber: the twelfth point opens the full-score
    education (163号 art. 17), in the recording's transaction."""
    if event.cycle_points >= driver_rules.FULL_SCORE:
        full_score_open(actor=system_actor("education.full_score"), license_id=event.license_id)
