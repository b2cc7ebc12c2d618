"""Exams for tests: venues, plans, sessions, applications, windows, rows created directly.

``make_application(person=p, traits=[...])`` is a C1 application accepted 60 days ago,
examined in 320100 (the city of ``make_venue``'s venues).
Traits: ``permit`` (科目一 passed and the learner permit issued ``permit_days_ago`` (40) days
ago; that exam is the sort time, and 科目二 and 科目三 may be booked), ``school`` (submitted
by a driving school). ``make_window`` is an open
科目二 window (closing in an hour) offering ``sessions``; ``closed_due`` makes its close due.
"""

import itertools
from collections.abc import Iterable
from datetime import date, time, timedelta

from jiaoguan.core import clock
from jiaoguan.exams import rules
from jiaoguan.exams.models import (
    BookingWindow,
    ExamBooking,
    ExamPlan,
    ExamSession,
    ExamVenue,
    LearnerPermit,
    LicenseApplication,
    WindowSession,
)
from jiaoguan.identity.models import Organization, Person
from tests.identity.factories import make_organization, make_person

_sequence = itertools.count(1)


def make_venue(**fields) -> ExamVenue:
    number = next(_sequence)
    defaults = {"code": f"KC{number:03d}", "name": f"第{number}考场", "region_code": "320100"}
    return ExamVenue.objects.create(**{**defaults, **fields})


def make_session(
    *,
    venue: ExamVenue | None = None,
    exam_on: date | None = None,
    subject: str = rules.ExamSubject.SUBJECT_2,
    license_class: str = "C1",
    capacity: int = 2,
    starts_at: time = time(8, 30),
) -> ExamSession:
    venue = venue or make_venue()
    exam_on = exam_on or clock.today() + timedelta(days=20)
    plan, _ = ExamPlan.objects.get_or_create(
        venue=venue, exam_on=exam_on, defaults={"published_at": clock.now()}
    )
    return ExamSession.objects.create(
        plan=plan,
        code=f"{venue.code}-{exam_on:%Y%m%d}-{next(_sequence):04d}",
        subject=subject,
        license_class=license_class,
        starts_at=starts_at,
        capacity=capacity,
    )


def make_application(
    *,
    person: Person | None = None,
    license_class: str = "C1",
    traits: Iterable[str] = ("permit",),
    accepted_days_ago: int = 60,
    permit_days_ago: int = 40,
    **fields,
) -> LicenseApplication:
    traits = set(traits)
    person = person or make_person()
    school = None
    if "school" in traits:
        school = make_organization(
            name=f"驾校{next(_sequence)}",
            credit_code=f"91320100JX{next(_sequence):08d}",
            kind=Organization.Kind.DRIVING_SCHOOL,
        )
    application = LicenseApplication.objects.create(
        number=f"XY{next(_sequence):012d}",
        person=person,
        license_class=license_class,
        accepted_at=clock.now() - timedelta(days=accepted_days_ago),
        driving_school=school,
        **{"exam_region_code": "320100", **fields},
    )
    if "permit" in traits:
        issued = clock.today() - timedelta(days=permit_days_ago)
        session = make_session(
            exam_on=issued, subject=rules.ExamSubject.SUBJECT_1, license_class=license_class
        )
        ExamBooking.objects.create(
            application=application,
            session=session,
            subject=rules.ExamSubject.SUBJECT_1,
            exam_on=issued,
            status=ExamBooking.Status.CLOSED,
            outcome=ExamBooking.Outcome.PASSED,
            created_at=clock.now() - timedelta(days=50),
        )
        LearnerPermit.objects.create(
            application=application,
            issued_on=issued,
            valid_until=rules.permit_valid_until(issued),
        )
    return application


def make_window(
    *,
    sessions: Iterable[ExamSession] = (),
    subject: str = rules.ExamSubject.SUBJECT_2,
    status: str = BookingWindow.Status.OPEN,
    traits: Iterable[str] = (),
    seed: bytes = bytes(range(32)),
) -> BookingWindow:
    now = clock.now()
    closes_at = (
        now - timedelta(minutes=1) if "closed_due" in set(traits) else now + timedelta(hours=1)
    )
    window = BookingWindow.objects.create(
        code=f"W{next(_sequence):05d}",
        subject=subject,
        opens_at=now - timedelta(days=1),
        closes_at=closes_at,
        status=status,
        seed=seed.hex() if status != BookingWindow.Status.SCHEDULED else "",
        seed_sha256=rules.seed_commitment(seed) if status != BookingWindow.Status.SCHEDULED else "",
    )
    WindowSession.objects.bulk_create(WindowSession(window=window, session=s) for s in sessions)
    return window
