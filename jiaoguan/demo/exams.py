"""Demo exams: venues, published plans and sessions, one allocated window whose result is
published and verifiable, and one open window 张伟 can rank sessions in.

Rows are created directly (demo data), except the close, which runs the real allocation so
the publication is genuine. Idempotent: nothing is added once the demo windows exist.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction

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
    PreferenceList,
    WindowSession,
)
from jiaoguan.exams.services import anonymised_id, window_close
from jiaoguan.identity.models import Person

CLOSED, OPEN = "DEMO-1", "DEMO-2"
VENUES = (("KC01", "城东考场"), ("KC02", "城西考场"), ("KC03", "江北考场"))
#: The demo venues' city; the demo applications were accepted there (their exam location).
REGION = "320100"


def _aware(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.TIMEZONE)


def _sessions(venue, exam_on, subject, classes, capacity) -> list[ExamSession]:
    plan, _ = ExamPlan.objects.get_or_create(
        venue=venue, exam_on=exam_on, defaults={"published_at": clock.now()}
    )
    return [
        ExamSession.objects.create(
            plan=plan,
            code=f"{venue.code}-{exam_on:%Y%m%d}-{8 + n:02d}00-{subject.replace('_', '')}-{cls}",
            subject=subject,
            license_class=cls,
            starts_at=time(8 + n),
            capacity=capacity,
        )
        for n, cls in enumerate(classes)
    ]


def _applicant(person, number, license_class, accepted_at, subject_1_session, held=""):
    application = LicenseApplication.objects.create(
        number=f"XYDEMO{number:04d}",
        person=person,
        license_class=license_class,
        held_classes=held,
        accepted_at=accepted_at,
        exam_region_code=REGION,
    )
    exam_on = subject_1_session.plan.exam_on
    ExamBooking.objects.create(
        application=application,
        session=subject_1_session,
        subject=rules.ExamSubject.SUBJECT_1,
        exam_on=exam_on,
        status=ExamBooking.Status.CLOSED,
        outcome=ExamBooking.Outcome.PASSED,
        created_at=accepted_at,
    )
    LearnerPermit.objects.create(
        application=application, issued_on=exam_on, valid_until=rules.permit_valid_until(exam_on)
    )
    return application


def _window(code, sessions, opens_at, closes_at) -> BookingWindow:
    seed = random.Random(code).randbytes(32)
    window = BookingWindow.objects.create(
        code=code,
        province_code=sessions[0].province_code if sessions else "",
        subject=rules.ExamSubject.SUBJECT_2,
        opens_at=opens_at,
        closes_at=closes_at,
        status=BookingWindow.Status.OPEN,
        seed=seed.hex(),
        seed_sha256=rules.seed_commitment(seed),
    )
    WindowSession.objects.bulk_create(WindowSession(window=window, session=s) for s in sessions)
    return window


def _list(window, application, sessions, rng) -> None:
    chosen = rng.sample(sessions, k=min(3, len(sessions)))
    start = _aware(clock.today(), 9)
    PreferenceList.objects.create(
        window=window,
        application=application,
        person=application.person,
        anonymised_id=anonymised_id(window.code, application.number),
        sort_time=_aware(application.bookings.get().exam_on, 9),
        is_first_time=True,
        session_ids=[s.pk for s in chosen],
        submitted_at=start,
        changed_at=start,
    )


@transaction.atomic
def ensure_demo_exams(*, applicant: Person | None = None) -> list[str]:
    """Create the demo exam data unless it exists; return the banner lines.

    ``applicant`` (张伟) gets a class D application with 科目一 passed, to rank sessions in
    the open window himself.
    """
    lines = [
        f"  7. 考试预约 /exams/：批次 {CLOSED} 已分配并公示（复算：jiaoguan exams verify "
        f"{CLOSED}），批次 {OPEN} 受理中；张伟申请 D 类、科目一已合格，可以选择场次。",
        "     民警后台 /backoffice/exams/：批次、场次考位与公平性报告。",
    ]
    if BookingWindow.objects.filter(code__in=(CLOSED, OPEN)).exists():
        return lines
    rng = random.Random(2026)
    today, now = clock.today(), clock.now()
    venues = [
        ExamVenue.objects.get_or_create(code=code, defaults={"name": name, "region_code": REGION})[
            0
        ]
        for code, name in VENUES
    ]
    subject_1 = [
        _sessions(venues[0], today - timedelta(days=days), "subject_1", ["C1"], 200)[0]
        for days in (60, 50, 40)
    ]
    closed_sessions = [
        s
        for venue in venues
        for s in _sessions(venue, today + timedelta(days=12), "subject_2", ["C1"], 6)
    ]
    open_sessions = [
        s
        for venue in venues
        for s in _sessions(venue, today + timedelta(days=26), "subject_2", ["C1", "D"], 8)
    ]
    taken = set(LicenseApplication.objects.values_list("person_id", flat=True))
    if applicant is not None:
        taken.add(applicant.pk)
    people = [p for p in Person.objects.order_by("pk")[:200] if p.pk not in taken][:60]
    applications = [
        _applicant(
            person,
            number,
            "C1",
            now - timedelta(days=90 - number),
            subject_1[number % 3],
        )
        for number, person in enumerate(people, start=1)
    ]
    closed = _window(CLOSED, closed_sessions, now - timedelta(days=10), now - timedelta(hours=1))
    for application in applications[:40]:
        _list(closed, application, closed_sessions, rng)
    window_close(actor=None, window=closed)
    open_window = _window(OPEN, open_sessions, now - timedelta(days=1), now + timedelta(days=5))
    c1_sessions = [s for s in open_sessions if s.license_class == "C1"]
    for application in applications[40:]:
        _list(open_window, application, c1_sessions, rng)
    if applicant is not None and not LicenseApplication.objects.filter(person=applicant).exists():
        _applicant(applicant, 0, "D", now - timedelta(days=70), subject_1[0], held="C1")
    return lines
