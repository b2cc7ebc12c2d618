"""One scan per list of ``disclosure.lists``: each selects its entries from the register as
SQL (no register row passes through Python), with the masking of ``scans.masks``.

A scan returns one or more ``Selection``s; ``disclosure.services.publication_run`` inserts
them. Keys are unique per list and carry the event, so an announcement is made once per event.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Concat, LPad, Round

from jiaoguan.core import clock
from jiaoguan.core.ids import PLATE_TYPES
from jiaoguan.disclosure.scans import masks
from jiaoguan.disclosure.scans.base import ScanContext, Selection, date_value
from jiaoguan.disclosure.scans.masks import literal
from jiaoguan.drivers import selectors as drivers
from jiaoguan.exams import public as exams
from jiaoguan.plates import selectors as plates
from jiaoguan.vehicles import selectors as vehicles

_VOID_DOCUMENTS = "机动车登记证书、号牌、行驶证"


def _text(expression) -> Cast:
    return Cast(expression, output_field=CharField())


def _key(prefix: str, *parts) -> Concat:
    pieces: list = [literal(prefix)]
    for part in parts:
        pieces += [literal(":"), part]
    return Concat(*pieces, output_field=CharField())


def _plate_type():
    return masks.labelled("plate_type", dict(PLATE_TYPES))


def _expiring(context: ScanContext, days: int):
    return date_value(context.day + timedelta(days=days))


def vehicle_documents_void(context: ScanContext, retention_days: int) -> list[Selection]:
    """Vehicles that reached mandatory scrapping by missing three inspection cycles
    (``uninspected_scrap_on`` passed, validity still lapsed) and are not deregistered: their
    registration certificate, plates and vehicle license are announced void (登记规定 art.
    41; 实施条例 art. 9). The full plate number is published, no owner."""
    queryset = vehicles.vehicles_in_register().filter(
        uninspected_scrap_on__lte=context.day, inspection_valid_until__lt=context.day
    )
    return [
        Selection(
            queryset=queryset,
            key=_key("v", _text(F("id")), masks.day_text("uninspected_scrap_on")),
            fields={
                "plate_type": _plate_type(),
                "plate_number": F("plate_number"),
                "documents": literal(_VOID_DOCUMENTS),
                "reason_code": literal("scrap_due_not_deregistered"),
                "reason": literal("达到强制报废标准未办理注销登记"),
                "event_on": masks.day_text("uninspected_scrap_on"),
            },
            sort=masks.day_text("uninspected_scrap_on"),
            expires_on=_expiring(context, retention_days),
        )
    ]


def vehicles_near_scrapping(context: ScanContext, retention_days: int) -> list[Selection]:
    """Vehicles that will be scrap-due for missed inspections within two months (the notice
    period of 实施条例 art. 9): plate type, masked plate number, the month."""
    until = context.day + relativedelta(months=2)
    queryset = vehicles.vehicles_in_register().filter(
        uninspected_scrap_on__gt=context.day, uninspected_scrap_on__lte=until
    )
    return [
        Selection(
            queryset=queryset,
            key=_key("v", _text(F("id"))),
            fields={
                "plate_type": _plate_type(),
                "plate_number": masks.masked_plate_number("plate_number"),
                "scrap_due_month": masks.year_month("uninspected_scrap_on"),
                "reason": literal("连续三个检验周期未取得检验合格标志"),
            },
            sort=masks.day_text("uninspected_scrap_on"),
            expires_on=_expiring(context, retention_days),
        )
    ]


def vehicles_inspection_overdue(context: ScanContext, retention_days: int) -> list[Selection]:
    """Vehicles whose inspection validity has ended (and that are not yet scrap-due): plate
    type, masked plate number, whole months overdue."""
    queryset = vehicles.vehicles_in_register().filter(
        Q(uninspected_scrap_on__isnull=True) | Q(uninspected_scrap_on__gt=context.day),
        inspection_valid_until__lt=context.day,
    )
    return [
        Selection(
            queryset=queryset,
            key=_key("v", _text(F("id"))),
            fields={
                "plate_type": _plate_type(),
                "plate_number": masks.masked_plate_number("plate_number"),
                "months_overdue": masks.months_since("inspection_valid_until", context.day),
            },
            sort=masks.day_text("inspection_valid_until"),
            expires_on=_expiring(context, retention_days),
        )
    ]


_LICENSE_VOID_REASONS = {
    "cancelled": "驾驶证已注销，未收回的公告作废",
    "revoked": "驾驶证已吊销，未收回的公告作废",
}


def licenses_void(context: ScanContext, retention_days: int) -> list[Selection]:
    """Cancelled and revoked licenses (162号 art. 79 ¶2): masked name, masked archive number,
    classes, issuing authority, reason, date (the status change, or ``valid_from`` when
    undated). The identity number (the license number) is never selected."""
    grants = (
        drivers.license_class_grants()
        .filter(license_id=OuterRef("pk"))
        .order_by()
        .values("license_id")
        .annotate(classes=masks.Joined("license_class"))
        .values("classes")
    )
    queryset = drivers.licenses_with_status(statuses=sorted(_LICENSE_VOID_REASONS)).annotate(
        event=Coalesce("status_changed_on", "valid_from")
    )
    return [
        Selection(
            queryset=queryset,
            key=_key("l", _text(F("id")), F("status"), masks.day_text("event")),
            fields={
                "name": masks.masked_name("person__name"),
                "archive_number": masks.masked_archive_number("archive_number"),
                "license_classes": Coalesce(
                    Subquery(grants, output_field=CharField()), literal("")
                ),
                "issuing_authority": F("issuing_authority"),
                "reason": masks.labelled("status", _LICENSE_VOID_REASONS),
                "event_on": masks.day_text("event"),
            },
            sort=masks.day_text("event"),
            expires_on=_expiring(context, retention_days),
        )
    ]


_SUBJECTS = {
    "subject_1": "科目一",
    "subject_2": "科目二",
    "subject_3": "科目三",
    "safe_driving": "安全文明驾驶常识",
}


def exam_plan(context: ScanContext, retention_days: int) -> list[Selection]:
    """Sessions of the published exam plans from today on, with seats and bookings (162号
    art. 52); each entry expires on its exam day."""
    booked = (
        exams.seats_taken(OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    queryset = exams.sessions_of_published_plans(from_day=context.day)
    return [
        Selection(
            queryset=queryset,
            key=_key("s", _text(F("id"))),
            fields={
                "venue": F("plan__venue__name"),
                "exam_on": masks.day_text("plan__exam_on"),
                "session": F("code"),
                "starts_at": F("starts_at"),
                "subject": masks.labelled("subject", _SUBJECTS),
                "license_class": F("license_class"),
                "capacity": F("capacity"),
                "booked": Coalesce(Subquery(booked, output_field=IntegerField()), 0),
            },
            sort=Concat(masks.day_text("plan__exam_on"), _text(F("starts_at")), F("code")),
            expires_on=F("plan__exam_on"),
        )
    ]


def plate_segments(context: ScanContext, retention_days: int) -> list[Selection]:
    """Published number segments with the numbers taken (登记规定 art. 43)."""
    queryset = plates.segments_with_numbers_taken().filter(published_on__lte=context.day)
    return [
        Selection(
            queryset=queryset,
            key=_key("g", _text(F("id"))),
            fields={
                "prefix": F("prefix"),
                "plate_type": _plate_type(),
                "pattern": F("pattern"),
                "pool_size": F("pool_size"),
                "taken": F("taken"),
                "available": F("pool_size") - F("taken"),
                "starts_on": masks.day_text("starts_on"),
                "announced_on": masks.day_text("published_on"),
            },
            sort=Concat(masks.day_text("starts_on"), F("prefix"), _text(F("id"))),
            expires_on=_expiring(context, retention_days),
        )
    ]


#: Months of pass rates published (complete calendar months before the run's month).
PASS_RATE_MONTHS = 12


def driving_school_pass_rates(context: ScanContext, retention_days: int) -> list[Selection]:
    """Per driving school, calendar month and subject, and over all subjects: people sitting,
    people passing, pass rate (162号 art. 58; DOMAIN §19.2: people passing ÷ people sitting;
    an absence counts as sitting and failing). One grouped query per month and grouping, the
    month a constant (so the GROUP BY holds plain columns only)."""
    this_month = context.day.replace(day=1)
    selections = []
    for back in range(PASS_RATE_MONTHS, 0, -1):
        first = this_month - relativedelta(months=back)
        month = f"{first:%Y-%m}"
        attempts = exams.exam_attempts_of_schools().filter(
            taken_at__gte=clock.day_span(first)[0],
            taken_at__lt=clock.day_span(first + relativedelta(months=1))[0],
        )
        for by_subject in (True, False):
            selections.append(_pass_rates(context, retention_days, attempts, month, by_subject))
    return selections


def _pass_rates(context, retention_days, attempts, month: str, by_subject: bool) -> Selection:
    school = "booking__application__driving_school_id"
    grouping = [school, "booking__application__driving_school__name"]
    if by_subject:
        grouping.append("booking__subject")
    candidate = "booking__application__person_id"
    rows = (
        attempts.order_by()
        .values(*grouping)
        .annotate(
            candidates=Count(candidate, distinct=True),
            passes=Count(candidate, filter=Q(passed=True), distinct=True),
        )
    )
    subject: Combinable
    subject_code: Combinable
    if by_subject:
        subject, subject_code = masks.labelled("booking__subject", _SUBJECTS), F("booking__subject")
    else:
        subject, subject_code = literal("全部科目"), literal("all")
    rate = Round(
        Cast(F("passes"), FloatField()) * Value(100.0) / Cast(F("candidates"), FloatField()), 2
    )
    return Selection(
        queryset=rows,
        key=_key("r", _text(F(school)), literal(month), subject_code),
        fields={
            "school": F("booking__application__driving_school__name"),
            "month": literal(month),
            "subject": subject,
            "candidates": F("candidates"),
            "passed": F("passes"),
            "pass_rate": rate,
        },
        sort=Concat(literal(month), LPad(_text(F(school)), 10, literal("0")), subject_code),
        expires_on=_expiring(context, retention_days),
    )


def exam_placement_fairness(context: ScanContext, retention_days: int) -> list[Selection]:
    """Per allocated booking window, first-time and repeat applicants: how many applied, were
    placed, got their first choice, and the placement rate (the allocation's fairness, DOMAIN
    §7; the per-applicant result is published by the exams app)."""
    first_time = "preference_list__is_first_time"
    rows = (
        exams.allocation_results_published()
        .order_by()
        .values("window_id", "window__code", "window__subject", first_time)
        .annotate(
            applicants=Count("pk"),
            placed=Count("pk", filter=Q(session_id__isnull=False)),
            first_choice=Count("pk", filter=Q(reason="first_choice")),
        )
    )
    rate = Round(
        Cast(F("placed"), FloatField()) * Value(100.0) / Cast(F("applicants"), FloatField()), 2
    )
    group = Case(
        When(**{first_time: True}, then=literal("首次预约")),
        default=literal("再次预约"),
        output_field=CharField(),
    )
    return [
        Selection(
            queryset=rows,
            key=_key("w", _text(F("window_id")), group),
            fields={
                "window": F("window__code"),
                "subject": masks.labelled("window__subject", _SUBJECTS),
                "group": group,
                "applicants": F("applicants"),
                "placed": F("placed"),
                "first_choice": F("first_choice"),
                "placement_rate": rate,
            },
            sort=Concat(LPad(_text(F("window_id")), 12, literal("0")), group),
            expires_on=_expiring(context, retention_days),
        )
    ]


#: Months of 3-year drivers' rates published (complete calendar months).
NEW_DRIVER_MONTHS = 12
NEW_DRIVER_YEARS = 3


def new_driver_rates(context: ScanContext, retention_days: int) -> list[Selection]:
    """Per driving school and calendar month, drivers it trained whose licence was first
    issued less than 3 years before the month's end (162号 art. 58): how many, and the share
    with a violation (a points record) and with an accident (the licence's latest fatal or
    serious accident) in the month. The register keeps only each licence's latest accident
    of either kind, so an earlier accident in a month is missed (docs/notices.md)."""
    this_month = context.day.replace(day=1)
    selections = []
    for back in range(NEW_DRIVER_MONTHS, 0, -1):
        first = this_month - relativedelta(months=back)
        last = first + relativedelta(months=1) - timedelta(days=1)
        month = f"{first:%Y-%m}"
        license = "person__driving_license__"
        drivers = exams.licensed_applications_of_schools().filter(
            **{
                f"{license}first_issued_on__gt": last - relativedelta(years=NEW_DRIVER_YEARS),
                f"{license}first_issued_on__lte": last,
            }
        )
        accident = Q(**{f"{license}fatal_accident_on__range": (first, last)}) | Q(
            **{f"{license}serious_accident_on__range": (first, last)}
        )
        rows = (
            drivers.order_by()
            .values("driving_school_id", "driving_school__name")
            .annotate(
                drivers=Count("person_id", distinct=True),
                violating=Count(
                    "person_id",
                    filter=Q(**{f"{license}points__recorded_on__range": (first, last)}),
                    distinct=True,
                ),
                accidents=Count("person_id", filter=accident, distinct=True),
            )
        )

        def percent(count: str):
            return Round(
                Cast(F(count), FloatField()) * Value(100.0) / Cast(F("drivers"), FloatField()),
                3,
            )

        selections.append(
            Selection(
                queryset=rows,
                key=_key("n", _text(F("driving_school_id")), literal(month)),
                fields={
                    "school": F("driving_school__name"),
                    "month": literal(month),
                    "drivers": F("drivers"),
                    "violation_rate": percent("violating"),
                    "accident_rate": percent("accidents"),
                },
                sort=Concat(literal(month), LPad(_text(F("driving_school_id")), 10, literal("0"))),
                expires_on=_expiring(context, retention_days),
            )
        )
    return selections


SCANS = {
    "vehicle_documents_void": vehicle_documents_void,
    "vehicles_near_scrapping": vehicles_near_scrapping,
    "vehicles_inspection_overdue": vehicles_inspection_overdue,
    "licenses_void": licenses_void,
    "exam_plan": exam_plan,
    "plate_segments": plate_segments,
    "driving_school_pass_rates": driving_school_pass_rates,
    "exam_placement_fairness": exam_placement_fairness,
    "new_driver_rates": new_driver_rates,
}
