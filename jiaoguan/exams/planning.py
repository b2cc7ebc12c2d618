"""The officers' planning reads of the exams domain (back office): venues, plans and windows
of the officer's province, a window's seats, the sessions a new window may offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q

from jiaoguan.core import clock
from jiaoguan.exams import errors
from jiaoguan.exams.models import BookingWindow, ExamPlan, ExamSession, ExamVenue, WindowSession
from jiaoguan.identity.actors import Actor, SystemActor, jurisdiction_of

if TYPE_CHECKING:
    from jiaoguan.identity.models import User


def _venue_province(actor: Actor | User) -> str | None:
    """The province whose venues the officer plans (None: every one, for a system job; an
    empty string matches nothing)."""
    who = jurisdiction_of(actor)
    if isinstance(who, SystemActor):
        return None
    return who.province_code if who is not None and who.province_code else "--"


def venues_planned_by(*, actor: Actor | User) -> list[ExamVenue]:
    """The venues of the officer's province (back office)."""
    venues = ExamVenue.objects.all()
    if (province := _venue_province(actor)) is not None:
        venues = venues.filter(region_code__startswith=province)
    return list(venues.order_by("code"))


def plans_upcoming(*, actor: Actor | User, limit: int = 100) -> list:
    """Exam plans from today on at venues of the officer's province, with their venue and
    sessions (back office)."""
    plans = ExamPlan.objects.all()
    if (province := _venue_province(actor)) is not None:
        plans = plans.filter(venue__region_code__startswith=province)
    return list(
        plans.filter(exam_on__gte=clock.today())
        .select_related("venue")
        .prefetch_related("sessions")
        .order_by("exam_on", "venue__code")[:limit]
    )


def windows_all(*, actor: Actor | User, limit: int = 100) -> list[BookingWindow]:
    """Every window with a session at a venue of the officer's province, newest first (back
    office)."""
    windows = BookingWindow.objects.all()
    if (province := _venue_province(actor)) is not None:
        windows = windows.filter(
            pk__in=WindowSession.objects.filter(
                session__plan__venue__region_code__startswith=province
            ).values("window_id")
        )
    return list(windows[:limit])


def window_session_seats(*, window: BookingWindow) -> list:
    """The window's sessions with seats offered (fixed at close) and seats placed."""
    return list(
        WindowSession.objects.filter(window=window)
        .select_related("session__plan__venue")
        .annotate(placed=Count("session__bookings", filter=Q(session__bookings__window=window)))
        .order_by("session__plan__exam_on", "session__starts_at", "session__code")
    )


def plan_by_id(plan_id: int) -> ExamPlan:
    plan = ExamPlan.objects.select_related("venue").filter(pk=plan_id).first()
    if plan is None:
        raise errors.plan_not_found()
    return plan


def sessions_bookable() -> list[ExamSession]:
    """Sessions of published plans from today on, to offer in a new window (back office)."""
    return list(
        ExamSession.objects.filter(
            plan__published_at__isnull=False, plan__exam_on__gte=clock.today()
        )
        .select_related("plan__venue")
        .order_by("plan__exam_on", "starts_at", "code")[:500]
    )
