"""Querysets of what the exams app makes public (162号 arts. 52, 58), for the disclosure scans:
they select counts, schools, venues and sessions, never a candidate's identity."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from jiaoguan.exams.models import (
    AllocationResult,
    BookingWindow,
    ExamAttempt,
    ExamBooking,
    ExamSession,
    LicenseApplication,
)


def sessions_of_published_plans(*, from_day: date) -> QuerySet[ExamSession]:
    """Sessions of plans published (``published_at`` set) for ``from_day`` or later
    (162号 art. 52: the plan is public at least 10 days ahead)."""
    return ExamSession.objects.filter(plan__published_at__isnull=False, plan__exam_on__gte=from_day)


def seats_taken(session_ref) -> QuerySet[ExamBooking]:
    """The bookings that hold a seat of the session ``session_ref`` (an ``OuterRef``)."""
    return ExamBooking.objects.filter(
        session_id=session_ref,
        status__in=(ExamBooking.Status.BOOKED, ExamBooking.Status.CLOSED),
    )


def exam_attempts_of_schools() -> QuerySet[ExamAttempt]:
    """Every recorded attempt of a candidate trained by a driving school (its pass rates,
    162号 art. 58): ``booking__application__driving_school`` is set."""
    return ExamAttempt.objects.filter(booking__application__driving_school__isnull=False)


def allocation_results_published() -> QuerySet[AllocationResult]:
    """Every applicant's outcome in the allocated windows (public once allocated: the
    published result, ``selectors.publication_bytes``)."""
    return AllocationResult.objects.filter(window__status=BookingWindow.Status.ALLOCATED)


def licensed_applications_of_schools() -> QuerySet[LicenseApplication]:
    """Applications that ended in a licence (``licensed``) and name a driving school: the
    school that trained each driver, for the 3-year drivers' rates (162号 art. 58). The
    licence is reached through ``person__driving_license``."""
    return LicenseApplication.objects.filter(
        status=LicenseApplication.Status.LICENSED, driving_school__isnull=False
    )
