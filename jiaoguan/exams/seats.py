"""Seats of the exams family's sessions for bookings made outside the allocation (the
full-score exams of education, 163号 arts. 20-21): the published sessions of a city, and the
session row locked while its seats are counted."""

from __future__ import annotations

from datetime import date

from jiaoguan.exams.models import ExamBooking, ExamSession


def sessions_for_region(
    *, subject: str, region_prefix: str, from_day: date, license_classes: list[str]
) -> list[ExamSession]:
    """Published sessions of ``subject`` on ``from_day`` or later at active venues whose region
    starts with ``region_prefix`` (a city: where a full-score study was done, 163号 art. 20),
    for one of ``license_classes`` (the exam follows the classes on the license, art. 22); in
    date order."""
    found = (
        ExamSession.objects.select_related("plan__venue")
        .filter(
            subject=subject,
            plan__published_at__isnull=False,
            plan__exam_on__gte=from_day,
            plan__venue__is_active=True,
            plan__venue__region_code__startswith=region_prefix,
            license_class__in=license_classes,
        )
        .order_by("plan__exam_on", "starts_at", "code")
    )
    return list(found[:200])


def session_locked(*, session_id: int) -> ExamSession | None:
    """The session row, locked, with its plan and venue: a family that books seats outside the
    allocation (full-score exams) holds the lock while it counts the seats taken."""
    return (
        ExamSession.objects.select_for_update(of=("self",))
        .select_related("plan__venue")
        .filter(pk=session_id)
        .first()
    )


def session_seats_taken(*, session_id: int) -> int:
    """Seats of the session held by the allocation's bookings."""
    return ExamBooking.objects.filter(
        session_id=session_id,
        status__in=(ExamBooking.Status.BOOKED, ExamBooking.Status.CLOSED),
    ).count()
