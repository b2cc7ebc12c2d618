"""Reads of full-score and review education (满分教育, 审验教育): a course's progress as the
server counts it, and the courses a person or an officer may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _

from jiaoguan.applications.rules.education import STUDY_OPEN
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound
from jiaoguan.education.models import EducationParameterSet, FullScoreExam, StudyCourse
from jiaoguan.education.rules import full_score, study_time
from jiaoguan.education.selectors import heartbeats_of
from jiaoguan.education.tracking import FACE_FAILURES_VOID

Kind = StudyCourse.Kind
#: A full-score on-site day counts after more than 3 continuous hours (163号 art. 19).
ONSITE_DAY_MINUTES = 180
#: The defaults of ``EducationParameterSet`` when no row is in force.
DEFAULT_THEORY_PASS_MARK = 90


@dataclass(frozen=True)
class CourseProgress:
    kind: str
    state: str
    online_days: tuple[date, ...]
    onsite_days: tuple[date, ...]
    attended_days: int
    online_days_credited: int
    self_study_days: int
    complete: bool
    exam_from: date | None
    online_today_seconds: int
    counted_minutes: int
    required_minutes: int
    face_check_due: bool
    face_void_today: bool

    @property
    def percent(self) -> int:
        if self.kind == Kind.REVIEW:
            return min(100, 100 * self.counted_minutes // max(self.required_minutes, 1))
        return min(100, 100 * self.attended_days // max(self.min_attended, 1))

    min_attended: int = 0


def course_of_person(*, person_id: int, course_id: int) -> StudyCourse:
    found = (
        StudyCourse.objects.select_related("person", "case")
        .filter(pk=course_id, person_id=person_id)
        .first()
    )
    if found is None:
        raise NotFound("education.course.not_found", _("没有找到这项学习教育。"))
    return found


def courses_of_person(*, person_id: int) -> list[StudyCourse]:
    return list(StudyCourse.objects.filter(person_id=person_id).order_by("-opened_at"))


def open_course(*, license_id: int, kind: str) -> StudyCourse | None:
    return StudyCourse.objects.filter(
        license_id=license_id, kind=kind, state__in=StudyCourse.OPEN
    ).first()


def theory_pass_mark(on: date | None = None) -> int:
    """The full-score theory exam's pass mark in force (reference data; 90 by default, the 科目一
    standard DOMAIN §16.1 presumes [U])."""
    row = EducationParameterSet.objects.filter(effective_from__lte=on or clock.today()).first()
    return row.theory_pass_mark if row else DEFAULT_THEORY_PASS_MARK


def _face_void_days(course: StudyCourse) -> set[date]:
    """Days with three failed face matches: that day's online study does not count."""
    failed = Counter(
        clock.local(at).date()
        for at in course.face_checks.filter(
            matched=False, checked_at__gte=course.counts_from
        ).values_list("checked_at", flat=True)
    )
    return {day for day, n in failed.items() if n >= FACE_FAILURES_VOID}


def _plan(course: StudyCourse) -> full_score.FullScorePlan:
    return full_score.FullScorePlan(
        study_days=course.study_days,
        min_attended_days=course.min_attended_days,
        min_onsite_days=course.min_onsite_days,
        max_online_days=course.max_online_days,
        extra_subjects=tuple(course.exam_subjects[1:]),
        rules=(),
    )


def course_progress(course: StudyCourse, *, now: datetime | None = None) -> CourseProgress:
    """What the server counts for the course: online days (more than 3 hours in stretches of
    at least 5 minutes, §16.1 with the reduction's stretch rule) and on-site days (more than 3
    continuous hours, recorded by an officer), since the course opened or its last revocation;
    for review education the minutes against the 3 hours."""
    now = now or clock.now()
    today = clock.local(now).date()
    beats = heartbeats_of(course)
    void_days = _face_void_days(course)
    onsite: list[tuple[date, int]] = [
        (day, minutes)
        for day, minutes, at in course.onsite.filter(revoked_at__isnull=True).values_list(
            "day", "minutes", "recorded_at"
        )
        if at >= course.counts_from
    ]
    per_day = study_time.online_time_by_day(
        beats, zone=clock.TIMEZONE, min_stretch=study_time.MIN_STRETCH, starts_at=course.counts_from
    )
    per_day = {day: time for day, time in per_day.items() if day not in void_days}
    online_today = per_day.get(today, timedelta(0))
    studying = course.state in STUDY_OPEN
    face_due = (
        studying
        and today not in void_days
        and (course.next_face_check_at is None or now >= course.next_face_check_at)
    )
    if course.kind == Kind.REVIEW:
        counted = sum(per_day.values(), timedelta(0)) + timedelta(
            minutes=sum(minutes for _day, minutes in onsite)
        )
        minutes = int(counted.total_seconds() // 60)
        return CourseProgress(
            course.kind, course.state, tuple(sorted(per_day)), tuple(sorted(d for d, _m in onsite)),
            0, 0, 0, minutes >= course.required_minutes, None,
            int(online_today.total_seconds()), minutes, course.required_minutes, face_due,
            today in void_days,
        )  # fmt: skip
    online_days = {day for day, time in per_day.items() if time > study_time.FULL_SCORE_DAY_ONLINE}
    onsite_days = {day for day, minutes in onsite if minutes > ONSITE_DAY_MINUTES}
    plan = _plan(course)
    progress = full_score.full_score_progress(
        plan, onsite_days=onsite_days, online_days=online_days
    )
    attended = sorted(onsite_days | online_days)
    earliest = full_score.exam_from(
        first_study_on=course.first_study_on or (attended[0] if attended else None),
        study_days=course.study_days,
        last_attended_on=attended[-1] if attended else None,
    )
    return CourseProgress(
        course.kind, course.state, tuple(sorted(online_days)), tuple(sorted(onsite_days)),
        progress.attended_days, progress.online_days_credited, progress.self_study_days_needed,
        progress.complete_attendance, earliest, int(online_today.total_seconds()), 0, 0,
        face_due, today in void_days, min_attended=course.min_attended_days,
    )  # fmt: skip


def exams_of(course: StudyCourse) -> list[FullScoreExam]:
    return list(course.exams.select_related("session__plan__venue").order_by("booked_at"))


def passed_subjects(course: StudyCourse) -> set[str]:
    return set(
        course.exams.filter(result=FullScoreExam.Result.PASSED).values_list("subject", flat=True)
    )


def last_failed_on(course: StudyCourse) -> date | None:
    found = (
        course.exams.filter(result=FullScoreExam.Result.FAILED)
        .order_by("-exam_on")
        .values_list("exam_on", flat=True)
        .first()
    )
    return found


def courses_for_officer(*, states: tuple[str, ...] | None = None, limit: int = 100):
    """Courses for the back office (the caller has checked the officer's permission)."""
    found = StudyCourse.objects.select_related("person", "case").order_by("-opened_at")
    if states:
        found = found.filter(state__in=states)
    return list(found[:limit])


def courses_lookup(*, actor, id_number: str, purpose: str, ip_address: str | None = None):
    """An officer reads one driver's full-score and review courses by the identity number; the
    read is audited with its purpose (ARCHITECTURE rule 8). Needs one of the education
    officers' permissions."""
    from jiaoguan.applications.rules import education as table
    from jiaoguan.audit.services import audit_record
    from jiaoguan.identity.selectors import no_permission

    if not any(
        actor.has_perm(p) for p in (table.ONSITE, table.REVOKER, table.EXAMINER, table.REVIEWER)
    ):
        raise no_permission()
    number = (id_number or "").strip().upper()
    found = list(
        StudyCourse.objects.select_related("person", "case")
        .filter(person__id_number=number)
        .order_by("-opened_at")
    )
    if not found:
        raise NotFound("education.course.not_found", _("没有找到这项学习教育。"))
    audit_record(
        actor=actor,
        action="backoffice.lookup.education",
        subject=found[0].person,
        person_id_number=found[0].person.id_number,
        purpose=purpose,
        ip_address=ip_address,
    )
    return found
