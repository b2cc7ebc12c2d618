"""Reads of the exams domain, each enforcing who may see what.

Published allocation data (input, seed after close, result) is public by design; everything
tied to a person is read only for that person (or an officer, through the back office).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q

from jiaoguan.core import clock
from jiaoguan.drivers.rules import LicenseClass, parse_classes
from jiaoguan.exams import errors, rules
from jiaoguan.exams.models import (
    AllocationResult,
    BookingWindow,
    ExamBooking,
    ExamParameterSet,
    LicenseApplication,
    PreferenceList,
)
from jiaoguan.identity.models import Organization, Person


def _parameter_row(on: date | None = None) -> ExamParameterSet | None:
    on = on or clock.today()
    return ExamParameterSet.objects.filter(effective_from__lte=on).first()


def exam_parameters(on: date | None = None) -> rules.ExamParameters:
    """The §13.7 parameters in force on ``on`` (today by default); DOMAIN.md defaults if none."""
    row = _parameter_row(on)
    if row is None:
        return rules.DEFAULT_PARAMETERS
    return rules.ExamParameters(
        plan_publication_days=row.plan_publication_days,
        results_publication_working_days=row.results_publication_working_days,
        knowledge_booking_limit=row.knowledge_booking_limit,
        same_day_retake=row.same_day_retake,
    )


def max_preferences(on: date | None = None) -> int:
    """How many ranked sessions an applicant may list (product default 5)."""
    row = _parameter_row(on)
    return row.max_preferences if row is not None else 5


def held_classes(application: LicenseApplication) -> tuple[LicenseClass, ...]:
    return parse_classes(application.held_classes) if application.held_classes else ()


def exam_started_at(booking: ExamBooking) -> datetime:
    """When the booked exam starts (Asia/Shanghai), the sort time after an exam (§7)."""
    return datetime.combine(booking.exam_on, booking.session.starts_at, tzinfo=clock.TIMEZONE)


def application_history(application: LicenseApplication) -> list[rules.PastBooking]:
    """Every booking of the application as the rules read it, oldest first."""
    bookings = application.bookings.order_by("exam_on", "pk").values_list(
        "subject", "exam_on", "outcome"
    )
    return [
        rules.PastBooking(rules.ExamSubject(subject), exam_on, rules.Outcome(outcome))
        for subject, exam_on, outcome in bookings
    ]


def application_sort_time(application: LicenseApplication) -> datetime:
    """The applicant's sort time (DOMAIN.md §7): acceptance, last exam, or last cancellation
    or absence, whichever rule applies."""
    bookings = list(application.bookings.select_related("session"))
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
    person = Person.objects.filter(id_number=id_number.strip().upper(), name=name.strip()).first()
    if person is None:
        raise errors.person_not_found()
    return person


def organization_by_id(organization_id: int) -> Organization:
    return Organization.objects.get(pk=organization_id)
