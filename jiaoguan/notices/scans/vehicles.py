"""Vehicle scans: inspection due and overdue; scrapping near, notice and due.

Thresholds come from ``vehicles.rules``: the inspection window (``inspection_window``) and the
service life (``scrap_due``), inverted into ranges of ``inspection_valid_until`` and
``registered_on``. Not scanned here (see docs/notices.md): three missed inspection cycles,
whose end depends on the whole schedule after the lapse, not on a column.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from jiaoguan.notices.models import NoticeKind
from jiaoguan.notices.rules import (
    NoticeKindCode,
    anchors_on_or_after,
    anchors_on_or_before,
    anchors_with_window_containing,
)
from jiaoguan.notices.scans.base import ScanContext, insert_notices
from jiaoguan.vehicles import rules
from jiaoguan.vehicles.models import Vehicle


def _register() -> QuerySet:
    """Vehicles whose owner is a person and that are still registered."""
    return Vehicle.objects.filter(owner_person__isnull=False).exclude(
        status=Vehicle.Status.DEREGISTERED
    )


def _school_bus() -> Q:
    return Q(use_character=rules.UseCharacter.SCHOOL_BUS) | Q(
        vehicle_type__in=sorted(rules.vehicle.DEDICATED_SCHOOL_BUS_CODES)
    )


def _insert(kind: NoticeKind, context: ScanContext, queryset: QuerySet, event: str) -> int:
    return insert_notices(
        kind,
        context,
        queryset,
        person=F("owner_person_id"),
        subject=F("id"),
        label=F("plate_number"),
        event_on=F(event),
    )


def scan_inspection_due(kind: NoticeKind, context: ScanContext) -> int:
    """Vehicles whose inspection window (登记规定 art. 54; school buses art. 62) is open."""
    created = 0
    for school_bus, rows in ((False, ~_school_bus()), (True, _school_bus())):

        def window(until: date, school_bus: bool = school_bus) -> tuple[date, date]:
            return rules.inspection_window(until, school_bus=school_bus)

        validity = anchors_with_window_containing(window, context.day)
        if validity is not None:
            queryset = _register().filter(rows, inspection_valid_until__range=validity)
            created += _insert(kind, context, queryset, "inspection_valid_until")
    return created


def scan_inspection_overdue(kind: NoticeKind, context: ScanContext) -> int:
    """Vehicles whose validity month ended within the catch-up days before the scan day."""
    last = anchors_on_or_before(rules.month_end, context.day - timedelta(days=1))
    first = anchors_on_or_after(
        rules.month_end, context.day - timedelta(days=context.catch_up_days)
    )
    queryset = _register().filter(inspection_valid_until__range=(first, last))
    return _insert(kind, context, queryset, "inspection_valid_until")


_REFERENCE_DAY = date(2000, 1, 1)


@dataclass
class _Life:
    """The register classes sharing one service life, and one of them to ask the rule with."""

    representative: rules.VehicleProfile
    classes: Q = field(default_factory=Q)

    def milestones(self, registered_on: date) -> rules.ScrapDue:
        return rules.scrap_due(replace(self.representative, registered_on=registered_on))


def _service_lives() -> dict[int, _Life]:
    """Service life in years → the (type, use, converted) classes of the register with it.

    The life is read from ``rules.scrap_due`` for each distinct class (a few hundred at most);
    classes without a limit are left out.
    """
    classes = _register().values_list("vehicle_type", "use_character", "use_converted").distinct()
    lives: dict[int, _Life] = {}
    for vehicle_type, use, converted in classes:
        try:
            profile = rules.VehicleProfile(
                vehicle_type=vehicle_type,
                use=rules.UseCharacter(use),
                seats=5,
                registered_on=_REFERENCE_DAY,
                use_converted=converted,
            )
            years = rules.scrap_due(profile).service_life_years
        except ValueError:
            continue  # a type code the rules cannot place is the register's problem
        if years is not None:
            life = lives.setdefault(years, _Life(profile))
            life.classes |= Q(vehicle_type=vehicle_type, use_character=use, use_converted=converted)
    return lives


Milestones = Callable[[date], rules.ScrapDue]


def _scrap_scan(
    kind: NoticeKind,
    context: ScanContext,
    registered_range: Callable[[Milestones, ScanContext], tuple[date, date] | None],
) -> int:
    created = 0
    for life in _service_lives().values():
        bounds = registered_range(life.milestones, context)
        if bounds is None:
            continue
        queryset = _register().filter(life.classes, registered_on__range=bounds)
        created += _insert(kind, context, queryset, "registered_on")
    return created


def _scrap_on(milestones: Milestones) -> Callable[[date], date]:
    return lambda anchor: milestones(anchor).scrap_on or date.max


def _between(
    milestones: Milestones, opens: Callable[[rules.ScrapDue], date | None], day: date
) -> tuple[date, date] | None:
    """Anchors with ``opens(m) <= day < m.scrap_on``."""
    return anchors_with_window_containing(
        lambda anchor: (
            opens(milestones(anchor)) or date.max,
            (milestones(anchor).scrap_on or date.max) - timedelta(days=1),
        ),
        day,
    )


def _scrap_near_range(milestones: Milestones, context: ScanContext) -> tuple[date, date] | None:
    return _between(milestones, lambda m: m.last_year_from, context.day)


def _scrap_notice_range(milestones: Milestones, context: ScanContext) -> tuple[date, date] | None:
    return _between(milestones, lambda m: m.notice_on, context.day)


def _scrap_due_range(milestones: Milestones, context: ScanContext) -> tuple[date, date] | None:
    scrap_on = _scrap_on(milestones)
    first = anchors_on_or_after(scrap_on, context.day - timedelta(days=context.catch_up_days))
    last = anchors_on_or_before(scrap_on, context.day)
    return (first, last) if first <= last else None


def scan_scrap_near(kind: NoticeKind, context: ScanContext) -> int:
    """Vehicles in the last year of their service life (no transfer, use change, move-out)."""
    return _scrap_scan(kind, context, _scrap_near_range)


def scan_scrap_notice(kind: NoticeKind, context: ScanContext) -> int:
    """Vehicles within 2 months of the end of their service life (实施条例 art. 9)."""
    return _scrap_scan(kind, context, _scrap_notice_range)


def scan_scrap_due(kind: NoticeKind, context: ScanContext) -> int:
    """Vehicles that reached their service life within the catch-up days."""
    return _scrap_scan(kind, context, _scrap_due_range)


VEHICLE_SCANS = {
    NoticeKindCode.INSPECTION_DUE: scan_inspection_due,
    NoticeKindCode.INSPECTION_OVERDUE: scan_inspection_overdue,
    NoticeKindCode.SCRAP_NEAR: scan_scrap_near,
    NoticeKindCode.SCRAP_NOTICE: scan_scrap_notice,
    NoticeKindCode.SCRAP_DUE: scan_scrap_due,
}
