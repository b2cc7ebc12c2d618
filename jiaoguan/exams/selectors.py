"""Reads of the exams domain, each enforcing who may see what.

Published allocation data (input, seed after close, result) is public by design; everything
tied to a person is read only for that person (or an officer, through the back office).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Q, When

from jiaoguan.core import clock
from jiaoguan.drivers.rules import LicenseClass, parse_classes, permitted_classes
from jiaoguan.exams import errors, rules
from jiaoguan.exams.models import (
    AllocationResult,
    BookingWindow,
    ExamBooking,
    ExamLocationChange,
    ExamParameterSet,
    ExamSession,
    ExamSubject,
    LearnerPermit,
    LicenseApplication,
    PreferenceList,
)
from jiaoguan.identity.selectors import person_matching

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person


def _parameter_row(on: date | None = None) -> ExamParameterSet | None:
    on = on or clock.today()
    return ExamParameterSet.objects.filter(effective_from__lte=on).first()


def exam_parameters(on: date | None = None) -> rules.ExamParameters:
    """The §13.7 parameters in force on ``on`` (today by default); DOMAIN.md defaults if none."""
    return _parameters_of(_parameter_row(on))


def max_preferences(on: date | None = None) -> int:
    """How many ranked sessions an applicant may list (product default 5)."""
    return _max_preferences_of(_parameter_row(on))


def exam_parameters_and_max_preferences(
    on: date | None = None,
) -> tuple[rules.ExamParameters, int]:
    """``exam_parameters`` and ``max_preferences`` from one read (a preference submission)."""
    row = _parameter_row(on)
    return _parameters_of(row), _max_preferences_of(row)


def _parameters_of(row: ExamParameterSet | None) -> rules.ExamParameters:
    if row is None:
        return rules.DEFAULT_PARAMETERS
    return rules.ExamParameters(
        plan_publication_days=row.plan_publication_days,
        results_publication_working_days=row.results_publication_working_days,
        knowledge_booking_limit=row.knowledge_booking_limit,
        same_day_retake=row.same_day_retake,
    )


def _max_preferences_of(row: ExamParameterSet | None) -> int:
    return row.max_preferences if row is not None else 5


def held_classes(application: LicenseApplication) -> tuple[LicenseClass, ...]:
    return parse_classes(application.held_classes) if application.held_classes else ()


def completion_deadline(application: LicenseApplication) -> date | None:
    """A military or foreign license holder's last day to complete the subjects (art. 45)."""
    return rules.completion_deadline(
        rules.ApplicationBasis(application.basis), clock.local(application.accepted_at).date()
    )


def exam_started_at(booking: ExamBooking) -> datetime:
    """When the booked exam starts (Asia/Shanghai), the sort time after an exam (§7)."""
    return datetime.combine(booking.exam_on, booking.session.starts_at, tzinfo=clock.TIMEZONE)


def local_subject_2_site(*, region_code: str, license_class: LicenseClass) -> bool:
    """Whether a venue of the city of ``region_code`` currently publishes 科目二 sessions for
    ``license_class`` (from today on): "has a local site" of art. 39 for large classes."""
    return ExamSession.objects.filter(
        subject=rules.ExamSubject.SUBJECT_2,
        license_class=LicenseClass(license_class).value,
        plan__published_at__isnull=False,
        plan__exam_on__gte=clock.today(),
        plan__venue__is_active=True,
        plan__venue__region_code__startswith=rules.exam_city(region_code),
    ).exists()


def application_bookings(application: LicenseApplication) -> list[ExamBooking]:
    """The application's bookings with their sessions, read once for the two reads below."""
    return list(application.bookings.select_related("session"))


def application_history(
    application: LicenseApplication, bookings: list[ExamBooking] | None = None
) -> list[rules.PastBooking]:
    """Every booking of the application as the rules read it, oldest first."""
    if bookings is None:
        bookings = application_bookings(application)
    return [
        rules.PastBooking(rules.ExamSubject(b.subject), b.exam_on, rules.Outcome(b.outcome))
        for b in sorted(bookings, key=lambda b: (b.exam_on, b.pk))
    ]


def application_sort_time(
    application: LicenseApplication, bookings: list[ExamBooking] | None = None
) -> datetime:
    """The applicant's sort time (DOMAIN.md §7): acceptance, last exam, or last cancellation
    or absence, whichever rule applies."""
    if bookings is None:
        bookings = application_bookings(application)
    exams = [
        exam_started_at(b)
        for b in bookings
        if b.outcome in (ExamBooking.Outcome.PASSED, ExamBooking.Outcome.FAILED)
    ]
    absences = [b.cancelled_at for b in bookings if b.cancelled_at is not None]
    absences += [exam_started_at(b) for b in bookings if b.outcome == ExamBooking.Outcome.NO_SHOW]
    return rules.sort_time(
        application_accepted_at=application.accepted_at,
        previous_exam_at=max(exams, default=None),
        last_cancelled_or_absent_at=max(absences, default=None),
    )


def active_application(*, person_id: int) -> LicenseApplication | None:
    return (
        LicenseApplication.objects.select_related("permit")
        .filter(person_id=person_id, status=LicenseApplication.Status.ACTIVE)
        .first()
    )


@dataclass(frozen=True)
class SubjectProgress:
    subject: rules.ExamSubject
    label: str
    passed: bool
    bookings_used: int
    #: None: no limit (科目一, 安全文明 by default).
    bookings_left: int | None


@dataclass(frozen=True)
class ApplicationOverview:
    """What an applicant sees of their own application: subjects, periods, exam location."""

    application: LicenseApplication
    permit: LearnerPermit | None
    #: A military or foreign license holder's last day (art. 45).
    completion_deadline: date | None
    #: The last day the remaining subjects may be taken: the earlier of permit and deadline.
    period_ends_on: date | None
    subjects: list[SubjectProgress]
    location_changes: list[ExamLocationChange]
    #: None when the class may not change its exam location.
    location_changes_left: int | None


def application_overview(*, person_id: int) -> ApplicationOverview | None:
    """The person's current application (the active one, else the latest) as they see it."""
    application = (
        LicenseApplication.objects.select_related("permit")
        .filter(person_id=person_id)
        .order_by(
            Case(When(status=LicenseApplication.Status.ACTIVE, then=0), default=1),
            "-accepted_at",
        )
        .first()
    )
    if application is None:
        return None
    permit = getattr(application, "permit", None)
    history = application_history(application)
    parameters = exam_parameters()
    wanted = LicenseClass(application.license_class)
    subjects = []
    for subject in rules.required_subjects(wanted, held_classes(application)):
        used = rules.bookings_used(history, subject)
        limit = (
            rules.SKILL_BOOKING_LIMIT
            if subject in rules.SKILL_SUBJECTS
            else parameters.knowledge_booking_limit
        )
        subjects.append(
            SubjectProgress(
                subject=subject,
                label=str(ExamSubject(subject.value).label),
                passed=any(
                    b.subject == subject and b.outcome is rules.Outcome.PASSED for b in history
                ),
                bookings_used=used,
                bookings_left=None if limit is None else max(0, limit - used),
            )
        )
    deadline = completion_deadline(application)
    ends = [day for day in (deadline, permit.valid_until if permit else None) if day]
    changes = list(application.location_changes.all())
    return ApplicationOverview(
        application=application,
        permit=permit,
        completion_deadline=deadline,
        period_ends_on=min(ends) if ends else None,
        subjects=subjects,
        location_changes=changes,
        location_changes_left=(
            max(0, rules.LOCATION_CHANGE_LIMIT - len(changes))
            if wanted in rules.LOCATION_CHANGE_CLASSES
            else None
        ),
    )


def window_by_code(code: str) -> BookingWindow:
    window = BookingWindow.objects.filter(code=code).first()
    if window is None:
        raise errors.window_not_found()
    return window


def windows_listed() -> list[BookingWindow]:
    """Windows a citizen may see: opened ones, newest first (scheduled ones show no seed)."""
    return list(BookingWindow.objects.exclude(status=BookingWindow.Status.SCHEDULED)[:50])


def window_sessions(window: BookingWindow):
    return window.sessions.select_related("plan__venue").order_by(
        "plan__exam_on", "starts_at", "code"
    )


def session_matches_class(session: ExamSession, wanted: LicenseClass) -> bool:
    """Whether a session examines ``wanted``: the same class, or one whose license permits it
    (the rule the submission checks)."""
    return session.license_class == wanted.value or wanted in permitted_classes(
        [LicenseClass(session.license_class)]
    )


def window_sessions_for_person(*, window: BookingWindow, person_id: int) -> list[ExamSession]:
    """The window's sessions the person's active application may rank: its class, and a
    venue its exam location allows (the submission's own checks, applied before the choice
    instead of after). All of them when there is no active application."""
    sessions = list(window_sessions(window))
    application = active_application(person_id=person_id)
    if application is None:
        return sessions
    wanted = LicenseClass(application.license_class)
    subject = rules.ExamSubject(window.subject)
    home_city = rules.exam_city(application.exam_region_code)
    local_site: bool | None = None
    chosen = []
    for session in sessions:
        if not session_matches_class(session, wanted):
            continue
        venue_region = session.plan.venue.region_code
        if rules.exam_city(venue_region) != home_city:
            if local_site is None:
                local_site = local_subject_2_site(
                    region_code=application.exam_region_code, license_class=wanted
                )
            if not rules.venue_allowed(
                license_class=wanted,
                subject=subject,
                exam_region=application.exam_region_code,
                venue_region=venue_region,
                local_subject_2_site=local_site,
            ):
                continue
        chosen.append(session)
    return chosen


@dataclass(frozen=True)
class ApplicantStanding:
    """What an applicant sees of a window: their list, provisional rank, and result."""

    window: BookingWindow
    preference_list: PreferenceList | None
    sessions: list
    #: Applicants with an earlier sort time, and with the same (the seed orders those).
    ahead: int
    tied: int
    total: int
    result: AllocationResult | None
    booking: ExamBooking | None


def applicant_standing(*, window: BookingWindow, person_id: int) -> ApplicantStanding:
    """The person's own standing in ``window`` (their preference list is bound to them)."""
    preference_list = (
        PreferenceList.objects.filter(window=window, person_id=person_id)
        .select_related("result__session__plan__venue")
        .first()
    )
    ahead = tied = 0
    total = PreferenceList.objects.filter(window=window).count()
    result = booking = None
    sessions = []
    if preference_list is not None:
        counts = PreferenceList.objects.filter(window=window).aggregate(
            ahead=Count("pk", filter=Q(sort_time__lt=preference_list.sort_time)),
            tied=Count("pk", filter=Q(sort_time=preference_list.sort_time)),
        )
        ahead, tied = counts["ahead"], counts["tied"] - 1
        by_id = {s.pk: s for s in window_sessions(window)}
        sessions = [by_id[pk] for pk in preference_list.session_ids if pk in by_id]
        result = getattr(preference_list, "result", None)
        booking = (
            ExamBooking.objects.filter(window=window, application=preference_list.application_id)
            .select_related("session__plan__venue")
            .first()
        )
    return ApplicantStanding(
        window=window,
        preference_list=preference_list,
        sessions=sessions,
        ahead=ahead,
        tied=tied,
        total=total,
        result=result,
        booking=booking,
    )


def bookings_for_person(*, person_id: int) -> list[ExamBooking]:
    return list(
        ExamBooking.objects.filter(application__person_id=person_id)
        .select_related("session__plan__venue")
        .prefetch_related("attempts")
        .order_by("-exam_on")
    )


def booking_for_person(*, booking_id: int, person_id: int) -> ExamBooking:
    booking = (
        ExamBooking.objects.select_related("session__plan__venue", "application")
        .filter(pk=booking_id, application__person_id=person_id)
        .first()
    )
    if booking is None:
        raise errors.booking_not_found()
    return booking


@dataclass(frozen=True)
class FairShareRow:
    venue_code: str
    venue_name: str
    first_time_applicants: int
    first_time_placed: int
    repeat_applicants: int
    repeat_placed: int


def fair_share_report(*, window: BookingWindow) -> list[FairShareRow]:
    """Per venue of a first choice: first-time versus repeat applicants, listed and placed.

    An applicant counts at the venue of their first preference (where they wanted to sit);
    ``placed`` counts those who got any seat.
    """
    venue_of = {s.pk: (s.plan.venue.code, s.plan.venue.name) for s in window_sessions(window)}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    rows = PreferenceList.objects.filter(window=window).values_list(
        "session_ids", "is_first_time", "result__session_id"
    )
    for session_ids, first_time, placed_session in rows:
        if not session_ids or session_ids[0] not in venue_of:
            continue
        row = counts[venue_of[session_ids[0]]]
        offset = 0 if first_time else 2
        row[offset] += 1
        row[offset + 1] += placed_session is not None
    return [FairShareRow(code, name, *values) for (code, name), values in sorted(counts.items())]


def publication_bytes(*, window: BookingWindow, part: str) -> bytes:
    """The published canonical ``input`` or ``result`` of an allocated window (public)."""
    publication = getattr(window, "publication", None)
    if window.status != BookingWindow.Status.ALLOCATED or publication is None:
        raise errors.publication_not_found()
    return bytes(publication.input_data if part == "input" else publication.result_data)


def window_verify(*, window: BookingWindow) -> rules.Verification:
    """Recompute ``window``'s allocation from its published input and seed, compare byte for
    byte with its published result (anyone may ask)."""
    return rules.verify(
        publication_bytes(window=window, part="input"),
        bytes.fromhex(window.seed),
        publication_bytes(window=window, part="result"),
    )


def person_for_application(*, id_number: str, name: str) -> Person:
    """The person a driving school applies for, matched on identity number and name."""
    person = person_matching(id_number=id_number, name=name)
    if person is None:
        raise errors.person_not_found()
    return person


def windows_due(*, now: datetime) -> tuple[list[int], list[int]]:
    """Ids of scheduled windows due to open and of open windows due to close."""
    to_open = BookingWindow.objects.filter(
        status=BookingWindow.Status.SCHEDULED, opens_at__lte=now
    ).values_list("pk", flat=True)
    to_close = BookingWindow.objects.filter(
        status=BookingWindow.Status.OPEN, closes_at__lte=now
    ).values_list("pk", flat=True)
    return list(to_open), list(to_close)


def window_by_id(window_id: int) -> BookingWindow:
    return BookingWindow.objects.get(pk=window_id)
