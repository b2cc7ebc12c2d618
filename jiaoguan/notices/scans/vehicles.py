"""Vehicle scans: inspection due and overdue; scrapping near, notice and due.

Thresholds come from ``vehicles.rules``: the inspection window (``inspection_window``) and the
service life (``scrap_due``), inverted into ranges of ``inspection_valid_until`` and
``registered_on`` (or ``manufactured_on`` for a vehicle registered late), and the register's
``uninspected_scrap_on`` for three missed inspection cycles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from jiaoguan.notices.models import NoticeKind, ScanAnchor
from jiaoguan.notices.rules import (
    NoticeKindCode,
    anchors_on_or_after,
    anchors_on_or_before,
    anchors_with_window_containing,
)
from jiaoguan.notices.scans.base import ScanContext, insert_notices, store_anchors
from jiaoguan.vehicles import rules
from jiaoguan.vehicles.selectors import vehicles_registered_to_people


def _register() -> QuerySet:
    """Vehicles whose owner is a person and that are still registered."""
    return vehicles_registered_to_people()


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


_LIFE_FROM_MANUFACTURE = "life_from_manufacture"


def _store_late_registration_limits(context: ScanContext, lives: dict[int, _Life]) -> None:
    """For each distinct manufacture date among vehicles with a service life: the first
    registration date from which the life counts from manufacture instead (registered more
    than 2 years after it), found by bisection with ``rules.service_life_start`` as oracle.
    Stored as ``ScanAnchor`` rows (once per run) for the scrap scans' join."""
    if ScanAnchor.objects.filter(run=context.run, rule=_LIFE_FROM_MANUFACTURE).exists():
        return
    classes = Q(pk__in=[])
    for life in lives.values():
        classes |= life.classes
    made = (
        _register()
        .filter(classes, manufactured_on__isnull=False)
        .values_list("manufactured_on", flat=True)
        .distinct()
    )
    anchors = []
    for manufactured_on in made:

        def from_manufacture(registered_on: date, made_on: date = manufactured_on) -> date:
            if registered_on < made_on:
                return date.min
            profile = rules.VehicleProfile(
                vehicle_type="K33",  # the start rule looks at the two dates only
                use=rules.UseCharacter.NON_OPERATING,
                seats=5,
                registered_on=registered_on,
                manufactured_on=made_on,
            )
            late = rules.service_life_start(profile) != registered_on
            return registered_on if late else date.min

        limit = anchors_on_or_after(from_manufacture, manufactured_on)
        anchors.append(
            ScanAnchor(
                run=context.run,
                rule=_LIFE_FROM_MANUFACTURE,
                anchor=manufactured_on,
                starts_on=limit,
            )
        )
    store_anchors(anchors)


def _scrap_scan(
    kind: NoticeKind,
    context: ScanContext,
    start_range: Callable[[Milestones, ScanContext], tuple[date, date] | None],
) -> int:
    """One range query per service life on the date the life counts from: the registration
    date, or the manufacture date for a vehicle registered more than 2 years after it
    (``rules.service_life_start``; the limit per manufacture date comes from the anchors).
    The event is the registration date either way."""
    lives = _service_lives()
    _store_late_registration_limits(context, lives)
    late = Exists(
        ScanAnchor.objects.filter(
            run=context.run,
            rule=_LIFE_FROM_MANUFACTURE,
            anchor=OuterRef("manufactured_on"),
            starts_on__lte=OuterRef("registered_on"),
        )
    )
    created = 0
    for life in lives.values():
        bounds = start_range(life.milestones, context)
        if bounds is None:
            continue
        either = Q(registered_on__range=bounds) | Q(manufactured_on__range=bounds)
        counted_from = (Q(registered_on__range=bounds) & ~late) | (
            Q(manufactured_on__range=bounds) & late
        )
        # ``either`` is implied by ``counted_from``; it lets the anchor look-up run only for
        # the few rows in range, not for every vehicle of the class.
        queryset = _register().filter(life.classes, either).filter(counted_from)
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


def scan_scrap_uninspected(kind: NoticeKind, context: ScanContext) -> int:
    """Vehicles whose validity expired three inspection cycles ago without a mark
    (机动车强制报废标准规定 art. 4(4)), reached within the catch-up days. The date is the
    register's ``uninspected_scrap_on`` (``vehicles.rules.uninspected_scrap_on``, kept by the
    vehicles app with the validity); the event is the validity that lapsed."""
    first = context.day - timedelta(days=context.catch_up_days)
    queryset = _register().filter(
        uninspected_scrap_on__range=(first, context.day),
        inspection_valid_until__lt=context.day,
    )
    return _insert(kind, context, queryset, "inspection_valid_until")


VEHICLE_SCANS = {
    NoticeKindCode.INSPECTION_DUE: scan_inspection_due,
    NoticeKindCode.INSPECTION_OVERDUE: scan_inspection_overdue,
    NoticeKindCode.SCRAP_NEAR: scan_scrap_near,
    NoticeKindCode.SCRAP_NOTICE: scan_scrap_notice,
    NoticeKindCode.SCRAP_DUE: scan_scrap_due,
    NoticeKindCode.SCRAP_UNINSPECTED: scan_scrap_uninspected,
}
