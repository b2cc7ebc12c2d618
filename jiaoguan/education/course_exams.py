"""The exam of a full-score education (163号 arts. 20-22): the next subject booked in a
published session of the exams family, at a venue of the city where the study was done, and
its cancellation. Results are recorded by the examiner (``education.officers``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules.education import FULL_SCORE
from jiaoguan.core import clock
from jiaoguan.core.errors import Conflict, field_error
from jiaoguan.education import course_selectors
from jiaoguan.education.courses import act, audit, locked, person_id_of
from jiaoguan.education.models import FullScoreExam, StudyCourse
from jiaoguan.education.rules import full_score
from jiaoguan.exams import seats as exams_selectors

# The exam ------------------------------------------------------------------------------------


def exam_region(course: StudyCourse) -> str:
    """Where the exam is taken: where the study was done (art. 20), the city of the first
    on-site day still standing; the driver's own region when none is recorded."""
    region = (
        course.onsite.filter(revoked_at__isnull=True)
        .order_by("day")
        .values_list("region_code", flat=True)
        .first()
    )
    return (region or course.person.region_code)[:4]


def exam_offer(course: StudyCourse) -> tuple[str | None, date | None, list]:
    """The next subject to sit, the first day it may be taken, and the published sessions of
    the exams family it may be booked in."""
    subject = full_score.next_subject(
        tuple(course.exam_subjects), course_selectors.passed_subjects(course)
    )
    progress = course_selectors.course_progress(course)
    failed = course_selectors.last_failed_on(course)
    earliest = progress.exam_from
    if earliest is not None and failed is not None:
        earliest = max(earliest, full_score.rebook_from(failed))
    if subject is None or earliest is None or FULL_SCORE.action(course.state, "book_exam") is None:
        return subject, earliest, []
    sessions = exams_selectors.sessions_for_region(
        subject=full_score.SUBJECT_CODES[subject],
        region_prefix=exam_region(course),
        from_day=max(earliest, clock.today()),
        license_classes=list(course.license_classes),
    )
    return subject, earliest, sessions


@transaction.atomic
def full_score_exam_book(*, actor, course_id: int, session_id: int) -> FullScoreExam:
    """Book the next exam subject in a published session of the exams family, at a venue of
    the city where the study was done (art. 20), on or after the end of the study and at least
    10 days after a failed attempt (art. 21). The session row is locked while its seats are
    counted (the allocation's bookings and the full-score ones), so the last seat goes once."""
    course = locked(course_id, person_id=person_id_of(actor))
    subject, earliest, _sessions = exam_offer(course)
    session = exams_selectors.session_locked(session_id=session_id)
    if subject is None or session is None:
        raise field_error("education.exam.session", "session_id", _("请选择可预约的考试场次。"))
    refusal = full_score.exam_day_refusal(
        exam_on=session.plan.exam_on,
        earliest=course_selectors.course_progress(course).exam_from,
        last_failed_on=course_selectors.last_failed_on(course),
    )
    if refusal is not None:
        raise Conflict(refusal, EXAM_REFUSALS[refusal] % {"day": earliest})
    if (
        session.subject != full_score.SUBJECT_CODES[subject]
        or session.plan.published_at is None
        or not session.plan.venue.region_code.startswith(exam_region(course))
        or session.license_class not in course.license_classes
        or session.plan.exam_on < clock.today()
    ):
        raise field_error(
            "education.exam.session",
            "session_id",
            _("该场次不能预约：须为学习地的%(subject)s考试场次。")
            % {"subject": SUBJECT_LABELS[subject]},
        )
    held = (
        exams_selectors.session_seats_taken(session_id=session.pk)
        + FullScoreExam.objects.filter(
            session=session, result__in=("booked", "passed", "failed")
        ).count()
    )
    if held >= session.capacity:
        raise Conflict("education.exam.full", _("该场次已约满，请选择其他场次。"))
    act(actor, course, "book_exam")
    exam = FullScoreExam.objects.create(
        course=course,
        session=session,
        subject=subject,
        exam_on=session.plan.exam_on,
        booked_at=clock.now(),
    )
    audit(
        actor,
        "education.exam.booked",
        course,
        subject=subject,
        session=session.code,
        exam_on=exam.exam_on.isoformat(),
    )
    return exam


@transaction.atomic
def full_score_exam_cancel(*, actor, course_id: int) -> StudyCourse:
    """Cancel the booked exam (the day before at the latest, as the exams family's bookings)."""
    course = locked(course_id, person_id=person_id_of(actor))
    exam = course.exams.filter(result=FullScoreExam.Result.BOOKED).first()
    if exam is None or exam.exam_on <= clock.today():
        raise Conflict(
            "education.exam.not_cancellable",
            _("没有可以取消的考试预约（须在考试前一日之前取消）。"),
        )
    act(actor, course, "cancel_exam")
    exam.result = FullScoreExam.Result.CANCELLED
    exam.save(update_fields=["result"])
    audit(actor, "education.exam.cancelled", course, subject=exam.subject)
    return course


SUBJECT_LABELS = {"subject1": _("科目一"), "subject2": _("科目二"), "subject3": _("科目三")}
EXAM_REFUSALS = {
    "education.full_score.exam_before_study_end": _("学习尚未期满，%(day)s 起方可参加考试。"),
    "education.full_score.rebook_too_soon": _(
        "考试不合格的，10 日后方可再次预约考试（%(day)s 起）。"
    ),
}
