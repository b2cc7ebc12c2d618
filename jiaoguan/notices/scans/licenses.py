"""License scans: renewal due and overdue, seized or cancelled, probation points, points.

Thresholds come from ``drivers.rules``: ``valid_until``/``renewal_window`` (inverted into
ranges of ``valid_from`` per validity), ``probation_end`` (a range of the date a class group
was first obtained) and ``points_cycle`` (the cycle's first day for each distinct first-issue
date, stored as ``ScanAnchor`` rows so the points sum is one grouped query).
"""

from datetime import date, timedelta

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from jiaoguan.core.dates import add_years
from jiaoguan.drivers import rules
from jiaoguan.drivers.models import (
    DrivingLicense,
    LicenseClassGrant,
    MedicalCertificate,
    PointsRecord,
)
from jiaoguan.notices.models import NoticeKind, ScanAnchor
from jiaoguan.notices.rules import (
    POINTS_REMINDER,
    NoticeKindCode,
    anchors_on_or_after,
    anchors_on_or_before,
    anchors_with_window_containing,
)
from jiaoguan.notices.scans.base import ScanContext, insert_notices, store_anchors

_DATED_VALIDITIES = (DrivingLicense.Validity.SIX_YEARS, DrivingLicense.Validity.TEN_YEARS)


def _licenses() -> QuerySet:
    return DrivingLicense.objects.all()


def _insert_license(kind: NoticeKind, context: ScanContext, queryset: QuerySet) -> int:
    return insert_notices(
        kind,
        context,
        queryset,
        person=F("person_id"),
        subject=F("id"),
        event_on=F("valid_from"),
    )


def scan_renewal_due(kind: NoticeKind, context: ScanContext) -> int:
    """Valid licenses in their renewal window (90 days before expiry, 162号 art. 63)."""
    created = 0
    for validity in _DATED_VALIDITIES:

        def window(start: date, validity: str = validity) -> tuple[date, date]:
            return rules.renewal_window(rules.valid_until(start, rules.Validity(validity)))

        valid_from = anchors_with_window_containing(window, context.day)
        if valid_from is not None:
            queryset = _licenses().filter(
                status=DrivingLicense.Status.VALID, validity=validity, valid_from__range=valid_from
            )
            created += _insert_license(kind, context, queryset)
    return created


def scan_renewal_overdue(kind: NoticeKind, context: ScanContext) -> int:
    """Licenses that expired within the catch-up days (renewable online for 11 months)."""
    created = 0
    for validity in _DATED_VALIDITIES:

        def expires(start: date, validity: str = validity) -> date:
            return rules.valid_until(start, rules.Validity(validity)) or date.max

        first = anchors_on_or_after(expires, context.day - timedelta(days=context.catch_up_days))
        last = anchors_on_or_before(expires, context.day - timedelta(days=1))
        if first <= last:
            queryset = _licenses().filter(
                status=DrivingLicense.Status.VALID,
                validity=validity,
                valid_from__range=(first, last),
            )
            created += _insert_license(kind, context, queryset)
    return created


def _insert_status_change(kind: NoticeKind, context: ScanContext, queryset: QuerySet) -> int:
    """One notice per status change: the event is the day the status changed, or, for a
    license whose change was never dated, its validity period (told once per validity)."""
    return insert_notices(
        kind,
        context,
        queryset,
        person=F("person_id"),
        subject=F("id"),
        event_on=Coalesce("status_changed_on", "valid_from"),
    )


def scan_license_seized(kind: NoticeKind, context: ScanContext) -> int:
    """Licenses seized (暂扣) or revoked (吊销): once per seizure, so a second seizure within
    one validity is told again."""
    queryset = _licenses().filter(
        status__in=[DrivingLicense.Status.SUSPENDED, DrivingLicense.Status.REVOKED]
    )
    return _insert_status_change(kind, context, queryset)


def scan_license_cancelled(kind: NoticeKind, context: ScanContext) -> int:
    """Licenses cancelled (注销): once per cancellation."""
    queryset = _licenses().filter(status=DrivingLicense.Status.CANCELLED)
    return _insert_status_change(kind, context, queryset)


def scan_probation_points(kind: NoticeKind, context: ScanContext) -> int:
    """Drivers in probation with points since it began (12 points cancel the class, art. 80).

    A group's probation starts when its first class was obtained; the range of those dates
    still in probation on the day comes from ``rules.probation_end``.
    """
    first_obtained = anchors_on_or_after(rules.probation_end, context.day)
    created = 0
    for group in (rules.CAR_TYPE_CLASSES, rules.MOTORCYCLE_TYPE_CLASSES):
        codes = sorted(str(code) for code in group)
        earlier_in_group = LicenseClassGrant.objects.filter(
            license_id=OuterRef("license_id"),
            license_class__in=codes,
            obtained_on__lt=OuterRef("obtained_on"),
        )
        points = (
            PointsRecord.objects.filter(
                license_id=OuterRef("license_id"),
                recorded_on__gte=OuterRef("obtained_on"),
                recorded_on__lte=context.day,
            )
            .values("license_id")
            .annotate(total=Sum("points"))
            .values("total")
        )
        grants = (
            LicenseClassGrant.objects.filter(
                license_class__in=codes,
                obtained_on__range=(first_obtained, context.day),
                license__status=DrivingLicense.Status.VALID,
            )
            .exclude(Exists(earlier_in_group))
            .annotate(total=Subquery(points, output_field=IntegerField()))
            .filter(total__gt=0)
        )
        created += insert_notices(
            kind,
            context,
            grants,
            person=F("license__person_id"),
            subject=F("license_id"),
            event_on=F("obtained_on"),
            amount=F("total"),
        )
    return created


_POINTS_CYCLE = "points_cycle"


def _points_totals(context: ScanContext) -> QuerySet:
    """Per license, the points that count in its cycle containing the day (163号 arts. 3, 15).

    The cycle's first day for each distinct first-issue date among licenses with points is
    computed by ``rules.points_cycle`` and stored as ``ScanAnchor`` rows for the SQL join.
    """
    recent = context.day - timedelta(days=366)
    with_points = PointsRecord.objects.filter(
        Q(recorded_on__gt=recent) | Q(fine_paid=False), recorded_on__lte=context.day
    )
    first_issued = (
        DrivingLicense.objects.filter(Exists(with_points.filter(license_id=OuterRef("pk"))))
        .values_list("first_issued_on", flat=True)
        .distinct()
    )
    store_anchors(
        ScanAnchor(
            run=context.run,
            rule=_POINTS_CYCLE,
            anchor=first,
            starts_on=rules.points_cycle(first, context.day)[0],
        )
        for first in first_issued
        if first <= context.day
    )
    cycle_start = ScanAnchor.objects.filter(
        run=context.run, rule=_POINTS_CYCLE, anchor=OuterRef("license__first_issued_on")
    ).values("starts_on")[:1]
    return (
        with_points.annotate(cycle_start=Subquery(cycle_start))
        .filter(
            Q(recorded_on__gte=F("cycle_start"))
            | Q(recorded_on__lt=F("cycle_start"), fine_paid=False)
        )
        .values("license_id", "license__person_id", "cycle_start")
        .annotate(total=Sum("points"))
    )


_REVIEW_CYCLE = "review_cycle"


def _review_anchors(context: ScanContext, licenses: QuerySet) -> None:
    """For each distinct first-issue date: the cycle that ended last, if its 审验 period
    (from ``rules.review_duty``) contains the day."""
    anchors = []
    for first in licenses.values_list("first_issued_on", flat=True).distinct():
        index = rules.cycle_index(first, context.day) if first <= context.day else 0
        if index == 0:
            continue
        starts_on, ends_on = rules.cycle_bounds(first, index - 1)
        duty = rules.review_duty(
            classes=[rules.LicenseClass.A1],
            cycle_start=starts_on,
            cycle_end=ends_on,
            cycle_points=1,
            age_at_cycle_end=0,
        )
        if duty is not None and duty.opens_on <= context.day <= duty.due_on:
            anchors.append(
                ScanAnchor(
                    run=context.run,
                    rule=_REVIEW_CYCLE,
                    anchor=first,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
            )
    store_anchors(anchors)


def scan_review_due(kind: NoticeKind, context: ScanContext) -> int:
    """Large-class holders (A1, A2, A3, B1, B2) whose last cycle, ended at most 30 days ago,
    had points (162号 art. 72). The accident grounds are ``scan_review_due_accident``'s."""
    large = sorted(str(code) for code in rules.LARGE_CLASSES)
    licenses = _licenses().filter(
        status=DrivingLicense.Status.VALID,
        grants__license_class__in=large,
        grants__obtained_on__lte=context.day,
    )
    _review_anchors(context, licenses)
    cycle = ScanAnchor.objects.filter(
        run=context.run, rule=_REVIEW_CYCLE, anchor=OuterRef("first_issued_on")
    )
    points = (
        PointsRecord.objects.filter(
            license_id=OuterRef("pk"),
            recorded_on__gte=OuterRef("cycle_start"),
            recorded_on__lte=OuterRef("cycle_end"),
        )
        .values("license_id")
        .annotate(total=Sum("points"))
        .values("total")
    )
    in_period = ScanAnchor.objects.filter(run=context.run, rule=_REVIEW_CYCLE).values("anchor")
    due = (
        licenses.filter(first_issued_on__in=in_period)
        .distinct()
        .annotate(
            cycle_start=Subquery(cycle.values("starts_on")[:1]),
            cycle_end=Subquery(cycle.values("ends_on")[:1]),
        )
        .filter(cycle_start__isnull=False)
        .annotate(total=Subquery(points, output_field=IntegerField()))
        .filter(total__gt=0)
    )
    return insert_notices(
        kind,
        context,
        due,
        person=F("person_id"),
        subject=F("id"),
        event_on=F("cycle_start"),
        amount=F("total"),
    )


_YOUNG = 18  # an age far below every age ground, to ask the rule about the C5 ground alone
_ACCIDENT_CYCLE = "accident_cycle"
_ACCIDENT_PROBE = date(1900, 1, 1)  # far before any cycle


def _accident_anchor(context: ScanContext, first: date) -> ScanAnchor | None:
    """For a first-issue date: the cycle that ended last, if its 审验 period (from
    ``rules.accident_review_duty``) contains the day, with the latest birth date the age
    ground covers (70 at the cycle's end; bisection with the rule as oracle)."""
    if first > context.day:
        return None
    index = rules.cycle_index(first, context.day)
    if index == 0:
        return None
    starts_on, ends_on = rules.cycle_bounds(first, index - 1)

    def duty(birth: date, fatal: date | None, serious: date | None) -> rules.ReviewDuty | None:
        return rules.accident_review_duty(
            classes=[rules.LicenseClass.C1],
            cycle_start=starts_on,
            cycle_end=ends_on,
            birth_date=birth,
            fatal_accident_on=fatal,
            serious_accident_on=serious,
        )

    owed = duty(add_years(ends_on, -_YOUNG), starts_on, None)
    if owed is None or not owed.opens_on <= context.day <= owed.due_on:
        return None
    birth_limit = anchors_on_or_before(
        lambda birth: ends_on if birth <= ends_on and duty(birth, None, starts_on) else date.max,
        ends_on,
        search_from=_ACCIDENT_PROBE,
    )
    return ScanAnchor(
        run=context.run,
        rule=_ACCIDENT_CYCLE,
        anchor=first,
        starts_on=starts_on,
        ends_on=ends_on,
        limit_on=birth_limit,
    )


def scan_review_due_accident(kind: NoticeKind, context: ScanContext) -> int:
    """Drivers whose last cycle, ended at most 30 days ago, had an accident that calls for
    审验 (162号 art. 72, ``rules.accident_review_duty``): equal or greater responsibility for
    a fatal accident (licenses without a large class, whose points ground is the other
    scan's), or, at 70 or over at the cycle's end, responsibility for an accident causing
    serious injury or death. The accident dates are the register's latest ones."""
    licenses = (
        _licenses()
        .filter(status=DrivingLicense.Status.VALID)
        .filter(Q(fatal_accident_on__isnull=False) | Q(serious_accident_on__isnull=False))
    )
    firsts = licenses.values_list("first_issued_on", flat=True).distinct()
    store_anchors(anchor for first in firsts if (anchor := _accident_anchor(context, first)))
    cycle = ScanAnchor.objects.filter(
        run=context.run, rule=_ACCIDENT_CYCLE, anchor=OuterRef("first_issued_on")
    )
    large = LicenseClassGrant.objects.filter(
        license_id=OuterRef("pk"),
        license_class__in=sorted(str(code) for code in rules.LARGE_CLASSES),
    )
    in_period = ScanAnchor.objects.filter(run=context.run, rule=_ACCIDENT_CYCLE).values("anchor")
    fatal = Q(fatal_accident_on__gte=F("cycle_start"), fatal_accident_on__lte=F("cycle_end"))
    serious = Q(serious_accident_on__gte=F("cycle_start"), serious_accident_on__lte=F("cycle_end"))
    due = (
        licenses.filter(first_issued_on__in=in_period)
        .annotate(
            cycle_start=Subquery(cycle.values("starts_on")[:1]),
            cycle_end=Subquery(cycle.values("ends_on")[:1]),
            birth_limit=Subquery(cycle.values("limit_on")[:1]),
        )
        .filter(cycle_start__isnull=False)
        .filter(
            (fatal & ~Exists(large))
            | (Q(person__birth_date__lte=F("birth_limit")) & (fatal | serious))
        )
    )
    return insert_notices(
        kind,
        context,
        due,
        person=F("person_id"),
        subject=F("id"),
        event_on=F("cycle_start"),
    )


_MEDICAL_CYCLE = "medical_cycle"


def _medical_anchor(context: ScanContext, first: date) -> ScanAnchor | None:
    """The medical duty of the cycle that ended last for a first-issue date, if its 30-day
    submission period contains the day: the cycle, the latest birth date the age ground
    covers, the earliest certificate that answers it, and whether C5 owes one this cycle."""
    if first > context.day:
        return None
    index = rules.cycle_index(first, context.day)
    if index == 0:
        return None

    def duty(birth: date, classes: tuple[rules.LicenseClass, ...]) -> rules.MedicalDuty | None:
        return rules.medical_duty_for_cycle(
            birth_date=birth, classes=classes, first_issued_on=first, index=index - 1
        )

    starts_on, ends_on = rules.cycle_bounds(first, index - 1)
    young = duty(add_years(ends_on, -_YOUNG), (rules.LicenseClass.C5,))
    oldest = duty(date(1900, 1, 1), (rules.LicenseClass.C1,))
    any_duty = young or oldest
    if any_duty is None or not ends_on < context.day <= any_duty.due_on:
        return None
    birth_limit = anchors_on_or_before(
        lambda birth: (
            ends_on if birth <= ends_on and duty(birth, (rules.LicenseClass.C1,)) else date.max
        ),
        ends_on,
        search_from=date(1900, 1, 1),
    )
    return ScanAnchor(
        run=context.run,
        rule=_MEDICAL_CYCLE,
        anchor=first,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=any_duty.due_on,
        limit_on=birth_limit,
        since_on=anchors_on_or_after(rules.medical_certificate_valid_until, ends_on),
        flag=young is not None,
    )


def scan_medical_due(kind: NoticeKind, context: ScanContext) -> int:
    """Drivers owing a medical certificate for the cycle that just ended (162号 art. 74):
    70 or over at its end, or C5 holders every third cycle, without a certificate that
    answers it (valid at the cycle end or issued since, from a designated hospital for a C5
    cycle: ``rules.medical_duty_met``)."""
    licenses = _licenses().filter(status=DrivingLicense.Status.VALID)
    firsts = licenses.values_list("first_issued_on", flat=True).distinct()
    store_anchors(anchor for first in firsts if (anchor := _medical_anchor(context, first)))
    cycle = ScanAnchor.objects.filter(
        run=context.run, rule=_MEDICAL_CYCLE, anchor=OuterRef("first_issued_on")
    )
    c5 = LicenseClassGrant.objects.filter(
        license_id=OuterRef("pk"), license_class=str(rules.LicenseClass.C5)
    )
    answered = MedicalCertificate.objects.filter(
        person_id=OuterRef("person_id"),
        fit_to_drive=True,
        issued_on__gte=OuterRef("certificate_from"),
        issued_on__lte=OuterRef("due_on"),
    )
    in_period = ScanAnchor.objects.filter(run=context.run, rule=_MEDICAL_CYCLE).values("anchor")
    due = (
        licenses.filter(first_issued_on__in=in_period)
        .annotate(
            cycle_start=Subquery(cycle.values("starts_on")[:1]),
            due_on=Subquery(cycle.values("due_on")[:1]),
            birth_limit=Subquery(cycle.values("limit_on")[:1]),
            certificate_from=Subquery(cycle.values("since_on")[:1]),
            c5_cycle=Subquery(cycle.values("flag")[:1]),
        )
        .filter(cycle_start__isnull=False)
        .filter(Q(person__birth_date__lte=F("birth_limit")) | Q(Exists(c5), c5_cycle=True))
        # A C5 cycle is answered only from a designated hospital (art. 85).
        .exclude(
            Q(Exists(answered)) & ~Q(Exists(c5), c5_cycle=True)
            | Q(Exists(answered.filter(designated_hospital=True)))
        )
    )
    return insert_notices(
        kind,
        context,
        due,
        person=F("person_id"),
        subject=F("id"),
        event_on=F("cycle_start"),
    )


def _scan_points(kind: NoticeKind, context: ScanContext, low: int, high: int | None) -> int:
    totals = _points_totals(context).filter(total__gte=low)
    if high is not None:
        totals = totals.filter(total__lt=high)
    return insert_notices(
        kind,
        context,
        totals,
        person=F("license__person_id"),
        subject=F("license_id"),
        event_on=F("cycle_start"),
        amount=F("total"),
    )


def scan_points_reminder(kind: NoticeKind, context: ScanContext) -> int:
    """Drivers at 9 to 11 points in the current cycle (product reminder, DOMAIN §13.4)."""
    return _scan_points(kind, context, POINTS_REMINDER, rules.FULL_SCORE)


def scan_points_full_score(kind: NoticeKind, context: ScanContext) -> int:
    """Drivers at 12 points or more in the current cycle (163号 art. 17)."""
    return _scan_points(kind, context, rules.FULL_SCORE, None)


LICENSE_SCANS = {
    NoticeKindCode.RENEWAL_DUE: scan_renewal_due,
    NoticeKindCode.RENEWAL_OVERDUE: scan_renewal_overdue,
    NoticeKindCode.LICENSE_SEIZED: scan_license_seized,
    NoticeKindCode.LICENSE_CANCELLED: scan_license_cancelled,
    NoticeKindCode.MEDICAL_DUE: scan_medical_due,
    NoticeKindCode.REVIEW_DUE: scan_review_due,
    NoticeKindCode.REVIEW_DUE_ACCIDENT: scan_review_due_accident,
    NoticeKindCode.PROBATION_POINTS: scan_probation_points,
    NoticeKindCode.POINTS_REMINDER: scan_points_reminder,
    NoticeKindCode.POINTS_FULL_SCORE: scan_points_full_score,
}
