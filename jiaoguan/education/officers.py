"""Officers' writes on full-score and review education: on-site study recorded at the service
point, exam results, the review of review-education results, the revocation of falsified
study records (163号 art. 31; 162号 art. 100), and the 30-day lapse (art. 29).

Each checks the officer's permission within the course's jurisdiction
(``identity.actors.permission_require``), locks the course row, takes the table's action
through ``courses.act`` and is audited with the officer as actor.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules import education as table
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, Conflict, NotFound, field_error
from jiaoguan.education import course_selectors
from jiaoguan.education.courses import act, audit, clear_points, locked, settle_study
from jiaoguan.education.models import FullScoreExam, OnsiteStudy, StudyCourse
from jiaoguan.education.rules import full_score
from jiaoguan.identity.actors import permission_require

MAX_ONSITE_MINUTES = 12 * 60  # a service point's day (product default)


def _officer(actor, permission: str, course: StudyCourse):
    return permission_require(
        actor, permission, province_code=course.case.province_code, office_code=None
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise field_error("education.reason_required", "reason", _("请填写原因。"))
    return reason[:200]


@transaction.atomic
def onsite_study_record(
    *,
    actor,
    course_id: int,
    day: date,
    minutes: int,
    place: str,
    region_code: str,
) -> OnsiteStudy:
    """Record a day of on-site study (现场学习) the officer saw: the minutes of continuous study,
    the place and its region (the exam is taken there, art. 20). One record per course and day
    (a second is refused; a revoked one may be recorded again). A full-score day counts after
    more than 3 continuous hours; the count may start or complete the study."""
    course = locked(course_id)
    officer = _officer(actor, table.ONSITE, course)
    if course.state not in table.STUDY_OPEN:
        raise Conflict("education.study.not_studying", _("该学习教育已不在学习阶段。"))
    today = clock.today()
    if day > today or day < course.notice_on:
        raise field_error("education.onsite.day", "day", _("学习日期须在通知之日至今天之间。"))
    if not 1 <= minutes <= MAX_ONSITE_MINUTES:
        raise field_error(
            "education.onsite.minutes", "minutes", _("学习时长须在 1 至 720 分钟之间。")
        )
    if not (len(region_code or "") == 6 and region_code.isdigit()):
        raise field_error("education.onsite.region", "region_code", _("请填写 6 位行政区划代码。"))
    if not (place or "").strip():
        raise field_error("education.onsite.place", "place", _("请填写学习地点。"))
    try:
        with transaction.atomic():
            record = OnsiteStudy.objects.create(
                course=course,
                day=day,
                minutes=minutes,
                region_code=region_code,
                place=place.strip()[:100],
                recorded_by_id=getattr(officer, "user_id", None),
                recorded_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict("education.onsite.already_recorded", _("该日的现场学习已登记。")) from None
    audit(
        actor,
        "education.onsite.recorded",
        course,
        day=day.isoformat(),
        minutes=minutes,
        place=record.place,
        region_code=region_code,
    )
    settle_study(actor, course)
    return record


@transaction.atomic
def study_revoke(*, actor, course_id: int, reason: str) -> StudyCourse:
    """Revoke falsified study records (弄虚作假, 163号 art. 31; 162号 art. 100): every record so
    far is void (online study counts again only from now, on-site records are marked revoked,
    a booked exam is void) and the study is repeated. The fine is a penalty decision of its
    own (violations), not taken here."""
    reason = _reason(reason)
    course = locked(course_id)
    _officer(actor, table.REVOKER, course)
    act(actor, course, "revoke", reason=reason)
    now = clock.now()
    revoked = course.onsite.filter(revoked_at__isnull=True).update(
        revoked_at=now, revoke_reason=reason
    )
    exams = course.exams.filter(result=FullScoreExam.Result.BOOKED).update(
        result=FullScoreExam.Result.VOID
    )
    course.counts_from = now
    course.study_completed_at = None
    course.first_study_on = None
    course.next_face_check_at = None
    course.save(
        update_fields=["counts_from", "study_completed_at", "first_study_on", "next_face_check_at"]
    )
    audit(
        actor,
        "education.course.revoked",
        course,
        reason=reason,
        onsite_revoked=revoked,
        exams_void=exams,
    )
    return course


@transaction.atomic
def full_score_exam_result(
    *, actor, exam_id: int, passed: bool, score: int | None = None
) -> StudyCourse:
    """Record the result of a booked full-score exam. The theory test (科目一) passes at the
    pass mark in force (``EducationParameterSet``, 90 by default) and ``score`` is required
    for it. A pass leads to the next subject, or after the last to ``passed``, and the points
    are cleared at once when the fines are paid; a fail can be rebooked 10 days later (art.
    21). A result already recorded is refused."""
    exam = FullScoreExam.objects.filter(pk=exam_id).first()
    if exam is None:
        raise NotFound("education.exam.not_found", _("没有找到这场考试。"))
    course = locked(exam.course_id)
    _officer(actor, table.EXAMINER, course)
    exam = FullScoreExam.objects.select_for_update().get(pk=exam_id)
    if exam.result != FullScoreExam.Result.BOOKED:
        raise Conflict("education.exam.recorded", _("该场考试的成绩已登记。"))
    if exam.subject == "subject1":
        if score is None or not 0 <= score <= 100:
            raise field_error("education.exam.score", "score", _("请填写 0 至 100 的成绩。"))
        passed = score >= course_selectors.theory_pass_mark(exam.exam_on)
    exam.result = FullScoreExam.Result.PASSED if passed else FullScoreExam.Result.FAILED
    exam.score, exam.recorded_at = score, clock.now()
    exam.save(update_fields=["result", "score", "recorded_at"])
    audit(
        actor, "education.exam.recorded", course, subject=exam.subject, passed=passed, score=score
    )
    if not passed:
        act(actor, course, "fail_exam")
        return course
    remaining = full_score.next_subject(
        tuple(course.exam_subjects), course_selectors.passed_subjects(course)
    )
    if remaining is not None:
        act(actor, course, "pass_subject")
        return course
    act(actor, course, "pass_exam")
    try:
        with transaction.atomic():
            clear_points(actor, course)
    except ApplicationError as unpaid:
        if unpaid.code != "education.full_score.fines_unpaid":
            raise
    return course


@transaction.atomic
def review_decide(*, actor, course_id: int, approve: bool, reason: str = "") -> StudyCourse:
    """The office's review of a review-education result (within 7 working days, the stage's
    clock): approve it, or send the driver back to study with a reason."""
    course = locked(course_id)
    _officer(actor, table.REVIEWER, course)
    if approve:
        act(actor, course, "approve", reason=(reason or "").strip())
    else:
        act(actor, course, "return_study", reason=_reason(reason))
        # Sent back: the 3 hours are studied again (what was counted does not complete it).
        course.counts_from = clock.now()
        course.save(update_fields=["counts_from"])
    audit(actor, "education.review.decided", course, approved=approve, reason=reason)
    return course


def full_score_lapse(*, actor, as_of: date | None = None) -> int:
    """Announce out of use the licenses of drivers who did not attend within 30 days of the
    notice (163号 art. 29): every course still ``notified`` after its ``attend_by`` day. One
    transaction per course; run by the daily sweep. Answers how many lapsed."""
    as_of = as_of or clock.today()
    ids = list(
        StudyCourse.objects.filter(state="notified", attend_by__lt=as_of).values_list(
            "pk", flat=True
        )
    )
    lapsed = 0
    for course_id in ids:
        with transaction.atomic():
            course = locked(course_id)
            if course.state != "notified" or course.attend_by is None:
                continue
            if course.attend_by >= as_of:
                continue
            _officer(actor, table.SWEEPER, course)
            act(actor, course, "lapse", reason="逾期未参加满分学习")
            audit(actor, "education.full_score.lapsed", course, attend_by=str(course.attend_by))
            lapsed += 1
    return lapsed


__all__ = [
    "full_score_exam_result",
    "full_score_lapse",
    "onsite_study_record",
    "review_decide",
    "study_revoke",
]
