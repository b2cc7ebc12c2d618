"""Full-score and review drivers on a simulated clock, and the officers who serve them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.drivers.services import points_record_add
from jiaoguan.education import course_exams, courses, officers
from jiaoguan.education.models import StudyCourse
from jiaoguan.exams.rules import ExamSubject
from jiaoguan.identity.actors import system_actor
from tests.drivers.factories import make_license
from tests.exams.factories import make_session, make_venue
from tests.identity.factories import make_citizen, make_officer, make_person

#: A Monday morning in Shanghai, mid-cycle for a license first issued on 1 September.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=clock.TIMEZONE)
FIRST_ISSUED = date(2016, 9, 1)
PERMISSIONS = (
    "education.record_onsite_study",
    "education.revoke_study",
    "education.record_full_score_exam",
    "education.review_education",
)
_sequence = itertools.count(1)


def officer(*permissions: str):
    return make_officer(username=f"jy{next(_sequence):04d}", permissions=permissions or PERMISSIONS)


def reach_full_score(license_, points: int = 12, *, fine_paid: bool = True, on: date | None = None):
    return points_record_add(
        actor=system_actor("test"),
        license_id=license_.pk,
        points=points,
        recorded_on=on or clock.today(),
        committed_on=on or clock.today(),
        description="饮酒后驾驶机动车",
        fine_paid=fine_paid,
    )


class Driver:
    def __init__(self, citizen, license_, frozen):
        self.citizen, self.license, self.frozen = citizen, license_, frozen

    @property
    def course(self) -> StudyCourse:
        return StudyCourse.objects.filter(license=self.license).order_by("-pk").first()

    def wait(self, seconds: float) -> None:
        self.frozen.tick(timedelta(seconds=seconds))

    def next_day(self, days: int = 1) -> None:
        now = clock.local(clock.now())
        self.frozen.move_to(
            datetime(now.year, now.month, now.day, 9, 0, tzinfo=clock.TIMEZONE)
            + timedelta(days=days)
        )

    def beat(self, tab: str = "tab-a", visible: bool = True):
        return courses.course_heartbeat(
            actor=self.citizen, course_id=self.course.pk, tab=tab, visible=visible
        )

    def face(self, photo: bytes = b"face-photo"):
        return courses.course_face_check(actor=self.citizen, course_id=self.course.pk, photo=photo)

    def study_online(self, seconds: int, tab: str = "tab-a"):
        progress = None
        for _ in range(seconds // 15 + 1):
            progress = self.beat(tab)
            if progress.face_check_due:
                self.face()
                progress = self.beat(tab)
            self.wait(15)
        return progress

    def book(self, session):
        return course_exams.full_score_exam_book(
            actor=self.citizen, course_id=self.course.pk, session_id=session.pk
        )


def onsite(officer_user, course, day: date, minutes: int = 200, region: str = "320102"):
    return officers.onsite_study_record(
        actor=officer_user,
        course_id=course.pk,
        day=day,
        minutes=minutes,
        place="南京市车管所学习室",
        region_code=region,
    )


def theory_session(exam_on: date, *, region: str = "320100", capacity: int = 2, **fields):
    return make_session(
        venue=make_venue(region_code=region),
        exam_on=exam_on,
        subject=ExamSubject.SUBJECT_1,
        capacity=capacity,
        **fields,
    )


def full_score_driver(*, classes=("C1",), points: int = 12, fine_paid: bool = True):
    """A context manager: ``with full_score_driver() as me:`` freezes the clock at ``T0`` and
    records the points that make the full score (the course opens)."""

    class _Context:
        def __enter__(self):
            self._freezer = freeze_time(T0)
            frozen = self._freezer.__enter__()
            person = make_person()
            license_ = make_license(person=person, first_issued_on=FIRST_ISSUED, classes=classes)
            if points:
                reach_full_score(license_, points, fine_paid=fine_paid)
            return Driver(make_citizen(person=person), license_, frozen)

        def __exit__(self, *exc):
            return self._freezer.__exit__(*exc)

    return _Context()
