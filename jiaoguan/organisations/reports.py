"""The key-entity reports (DOMAIN §18.1, §18.2; issue 19 scope 4) as set-based scans over the
register: each kind is a few queries over every organisation's vehicles or consenting drivers
at once (or one organisation's, for its page), rows grouped by organisation. The portal shows
them, downloads them as CSV and PDF; ``report_runs`` pushes them as signed webhooks.

Kinds: vehicles with 3 or more overdue unhandled camera records; vehicles overdue for
inspection or at (or within 2 months of) scrapping; employed drivers' licence suspensions,
revocations, cancellations and classes obtained; the month's violations of the vehicles; the
school-bus operators' drivers who do not qualify (``rules.school_bus``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiaoguan.core import clock
from jiaoguan.core.dates import add_months, add_years
from jiaoguan.core.errors import NotFound
from jiaoguan.core.ids import mask_id_number
from jiaoguan.organisations import rules
from jiaoguan.organisations.models import DriverConsent
from jiaoguan.organisations.rules import school_bus, webhooks
from jiaoguan.organisations.selectors import account_for, organisation_of
from jiaoguan.vehicles import rules as vehicle_rules
from jiaoguan.vehicles.selectors import vehicle_profile, vehicles_in_register
from jiaoguan.violations.selectors import (
    overdue_unhandled_of_organisations,
    records_of_organisations_between,
)

if TYPE_CHECKING:
    from jiaoguan.identity.actors import Actor
    from jiaoguan.identity.models import User

Rows = dict[int, list[dict]]  # organisation id → its rows (JSON-ready values)


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: Promise
    basis: Promise
    columns: tuple[tuple[str, Promise], ...]
    scan: Callable[[date, int | None], Rows]

    @property
    def event_type(self) -> str:
        return f"report.{self.key}"


def _group(rows: list[dict]) -> Rows:
    grouped: Rows = {}
    for row in rows:
        grouped.setdefault(row.pop("organization_id"), []).append(row)
    return grouped


def scan_unhandled(as_of: date, organization_id: int | None = None) -> Rows:
    """Vehicles with 3 or more camera records unhandled 30 days after entry (one aggregate)."""
    rows = overdue_unhandled_of_organisations(
        entered_by=as_of - timedelta(days=webhooks.OVERDUE_AFTER_DAYS),
        at_least=webhooks.REPORT_THRESHOLD,
        organization_id=organization_id,
    )
    return _group(
        [
            {
                "organization_id": r["organization_id"],
                "plate_number": r["plate_number"],
                "overdue_unhandled": r["count"],
            }
            for r in rows
        ]
    )


_REFERENCE_DAY = date(2000, 1, 1)
SCRAP_NOTICE_MONTHS = 2  # 实施条例 art. 9: the owner is told 2 months before the life ends


def _organisation_vehicles(organization_id: int | None):
    vehicles = vehicles_in_register().filter(owner_organization__isnull=False)
    if organization_id is not None:
        vehicles = vehicles.filter(owner_organization_id=organization_id)
    return vehicles


def _life_candidates(vehicles, horizon: date) -> Q:
    """Vehicles whose service life may end by ``horizon``: one range per (type, use,
    converted) class with a life, on the registration or manufacture date (the rule then
    settles each candidate)."""
    classes = vehicles.values_list("vehicle_type", "use_character", "use_converted").distinct()
    candidates = Q(pk__in=[])
    for vehicle_type, use, converted in classes:
        try:
            years = vehicle_rules.scrap_due(
                vehicle_rules.VehicleProfile(
                    vehicle_type=vehicle_type,
                    use=vehicle_rules.UseCharacter(use),
                    seats=5,
                    registered_on=_REFERENCE_DAY,
                    use_converted=converted,
                )
            ).service_life_years
        except ValueError:
            continue
        if years is None:
            continue
        latest = add_years(horizon, -years)
        candidates |= Q(vehicle_type=vehicle_type, use_character=use, use_converted=converted) & (
            Q(registered_on__lte=latest) | Q(manufactured_on__lte=latest)
        )
    return candidates


def scan_inspection_scrap(as_of: date, organization_id: int | None = None) -> Rows:
    """Vehicles overdue for inspection, scrap-due for three missed cycles (or within 2 months
    of it), or at or within 2 months of the end of their service life (DOMAIN §1-§2)."""
    vehicles = _organisation_vehicles(organization_id)
    horizon = add_months(as_of, SCRAP_NOTICE_MONTHS)
    life = _life_candidates(vehicles, horizon)
    selected = vehicles.filter(
        Q(inspection_valid_until__lt=as_of) | Q(uninspected_scrap_on__lte=horizon) | life
    ).order_by("owner_organization_id", "plate_number", "pk")
    rows = []
    for vehicle in selected:
        reasons, scrap_on = [], None
        if vehicle.inspection_valid_until < as_of:
            reasons.append("inspection_overdue")
        if vehicle.uninspected_scrap_on and vehicle.uninspected_scrap_on <= horizon:
            reasons.append("uninspected_scrap")
            scrap_on = vehicle.uninspected_scrap_on
        due = vehicle_rules.scrap_due(vehicle_profile(vehicle))
        if due.scrap_on and due.scrap_on <= horizon:
            reasons.append("service_life_end")
            scrap_on = min(scrap_on or due.scrap_on, due.scrap_on)
        if not reasons:
            continue
        rows.append(
            {
                "organization_id": vehicle.owner_organization_id,
                "plate_number": vehicle.plate_number,
                "inspection_valid_until": vehicle.inspection_valid_until.isoformat(),
                "scrap_on": scrap_on.isoformat() if scrap_on else "",
                "reasons": reasons,
            }
        )
    return _group(rows)


def scan_driver_licences(as_of: date, organization_id: int | None = None) -> Rows:
    """Drivers who consented to an organisation whose licence is suspended, revoked or
    cancelled, changed state in the last month, or obtained a class in it (qualification
    changes); by the employer relation of the consent (DOMAIN §18.3)."""
    since = add_months(as_of, -1)
    consents = DriverConsent.objects.filter(status=DriverConsent.Status.GRANTED)
    if organization_id is not None:
        consents = consents.filter(account__organization_id=organization_id)
    licence = "person__driving_license__"
    changed = consents.filter(
        Q(**{f"{licence}status__in": ["suspended", "revoked", "cancelled"]})
        | Q(**{f"{licence}status_changed_on__range": (since, as_of)})
        | Q(**{f"{licence}grants__obtained_on__range": (since, as_of)})
    ).distinct()
    obtained: dict[int, list[str]] = {}
    for person_id, license_class in consents.filter(
        **{f"{licence}grants__obtained_on__range": (since, as_of)}
    ).values_list("person_id", f"{licence}grants__license_class"):
        obtained.setdefault(person_id, []).append(license_class)
    rows = [
        {
            "organization_id": row["account__organization_id"],
            "name": row["person__name"],
            "id_number": mask_id_number(row["person__id_number"]),
            "licence_status": row[f"{licence}status"],
            "status_changed_on": (
                row[f"{licence}status_changed_on"].isoformat()
                if row[f"{licence}status_changed_on"]
                else ""
            ),
            "classes_obtained": "".join(sorted(obtained.get(row["person_id"], []))),
        }
        for row in changed.values(
            "account__organization_id",
            "person_id",
            "person__name",
            "person__id_number",
            f"{licence}status",
            f"{licence}status_changed_on",
        ).order_by("account__organization_id", "person__name", "person_id")
    ]
    return _group(rows)


def scan_violations(as_of: date, organization_id: int | None = None) -> Rows:
    """The camera records of the organisations' vehicles entered in the last month, handled or
    not (162号 art. 82 ¶2: the police notify transport firms monthly of violations)."""
    rows = records_of_organisations_between(
        since=add_months(as_of, -1), until=as_of, organization_id=organization_id
    )
    return _group(
        [
            {
                "organization_id": r["organization_id"],
                "plate_number": r["plate_number"],
                "occurred_at": clock.local(r["occurred_at"]).strftime("%Y-%m-%d %H:%M"),
                "code": r["code"],
                "place": r["place"],
                "status": r["status"],
            }
            for r in rows
        ]
    )


def scan_school_bus_drivers(as_of: date, organization_id: int | None = None) -> Rows:
    """The consenting drivers of school-bus operators who do not qualify to drive a school
    bus on what the register shows (``rules.school_bus``): one query for the drivers, one for
    their bus classes."""
    consents = DriverConsent.objects.filter(
        status=DriverConsent.Status.GRANTED,
        account__organization__kind=rules.Kind.SCHOOL_BUS_OPERATOR,
    )
    if organization_id is not None:
        consents = consents.filter(account__organization_id=organization_id)
    licence = "person__driving_license__"
    classes: dict[int, dict[str, date]] = {}
    for person_id, license_class, obtained_on in consents.filter(
        **{f"{licence}grants__license_class__in": sorted(school_bus.BUS_CLASSES)}
    ).values_list("person_id", f"{licence}grants__license_class", f"{licence}grants__obtained_on"):
        classes.setdefault(person_id, {})[license_class] = obtained_on
    rows = []
    for row in consents.values(
        "account__organization_id",
        "person_id",
        "person__name",
        "person__id_number",
        "person__birth_date",
        f"{licence}status",
        f"{licence}fatal_accident_on",
        f"{licence}serious_accident_on",
    ).order_by("account__organization_id", "person__name", "person_id"):
        accidents = [
            day
            for day in (row[f"{licence}fatal_accident_on"], row[f"{licence}serious_accident_on"])
            if day
        ]
        driver = school_bus.Driver(
            birth_date=row["person__birth_date"],
            licence_status=row[f"{licence}status"],
            classes=classes.get(row["person_id"], {}),
            accident_on=max(accidents) if accidents else None,
        )
        refused = school_bus.refusals(driver, as_of)
        if refused:
            rows.append(
                {
                    "organization_id": row["account__organization_id"],
                    "name": row["person__name"],
                    "id_number": mask_id_number(row["person__id_number"]),
                    "refusals": [f"school_bus.{r}" for r in refused],
                }
            )
    return _group(rows)


KINDS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind(
            "unhandled_violations",
            _("逾期未处理违法3条以上的车辆"),
            _("违法记录录入满30日未处理、累计3条以上（每月）"),
            (("plate_number", _("号牌号码")), ("overdue_unhandled", _("逾期未处理（条）"))),
            scan_unhandled,
        ),
        ReportKind(
            "inspection_scrap",
            _("逾期未检验或达到报废标准的车辆"),
            _("逾期未检验、连续三个检验周期未检验或2个月内达到使用年限（每月）"),
            (
                ("plate_number", _("号牌号码")),
                ("inspection_valid_until", _("检验有效期至")),
                ("scrap_on", _("报废日期")),
                ("reasons", _("情形")),
            ),
            scan_inspection_scrap,
        ),
        ReportKind(
            "driver_licences",
            _("驾驶人驾驶证状态和准驾车型变化"),
            _("已授权本单位的驾驶人：驾驶证暂扣、吊销、注销，近一个月状态变更或增驾（每月）"),
            (
                ("name", _("姓名")),
                ("id_number", _("公民身份号码")),
                ("licence_status", _("驾驶证状态")),
                ("status_changed_on", _("状态变更日期")),
                ("classes_obtained", _("近一个月取得准驾车型")),
            ),
            scan_driver_licences,
        ),
        ReportKind(
            "violations",
            _("本单位车辆违法"),
            _("近一个月录入的本单位车辆违法记录（每月）"),
            (
                ("plate_number", _("号牌号码")),
                ("occurred_at", _("违法时间")),
                ("code", _("违法代码")),
                ("place", _("违法地点")),
                ("status", _("状态")),
            ),
            scan_violations,
        ),
        ReportKind(
            "school_bus_drivers",
            _("校车驾驶人资格核查"),
            _(
                "校车运营单位已授权的驾驶人中不符合校车驾驶资格的（准驾车型及三年驾龄、"
                "25至60周岁、驾驶证状态、伤亡事故责任）；满分、酒驾、超员超速、犯罪和身体条件"
                "由公安机关另行核查（每月）"
            ),
            (
                ("name", _("姓名")),
                ("id_number", _("公民身份号码")),
                ("refusals", _("不符合的条件")),
            ),
            scan_school_bus_drivers,
        ),
    )
}

_LABELS = {
    "inspection_overdue": _("逾期未检验"),
    "uninspected_scrap": _("连续三个检验周期未检验，强制报废"),
    "service_life_end": _("达到或临近使用年限"),
    "valid": _("正常"),
    "suspended": _("暂扣"),
    "revoked": _("吊销"),
    "cancelled": _("注销"),
    "school_bus.licence": _("驾驶证状态不正常"),
    "school_bus.class": _("准驾车型不符"),
    "school_bus.experience": _("取得相应准驾车型不满三年"),
    "school_bus.age": _("年龄不在25至60周岁"),
    "school_bus.accident": _("有致人死亡或重伤的事故责任"),
    "entered": _("未处理"),
    "handled": _("已处理"),
}


def kind_of(key: str) -> ReportKind:
    kind = KINDS.get(key)
    if kind is None:
        raise NotFound("organisations.report.not_found", _("没有该报告。"))
    return kind


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    organisation_name: str
    as_of: date
    rows: list[dict]

    def cells(self) -> list[list[str]]:
        """The rows as the page, CSV and PDF show them (labels translated)."""
        return [
            [display(row.get(name, "")) for name, _label in self.kind.columns] for row in self.rows
        ]


def display(value) -> str:
    if isinstance(value, list):
        return "；".join(display(item) for item in value)
    text = str(value)
    return str(_LABELS[text]) if text in _LABELS else text


def report_of(*, actor: Actor | User | None, key: str, as_of: date) -> Report:
    """One report of the actor's organisation today (any staff role): the same scan as the
    monthly run, narrowed to the organisation."""
    kind = kind_of(key)
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    rows = kind.scan(as_of, organization_id).get(organization_id, [])
    name = account_for(organization_id).organization.name
    return Report(kind, name, as_of, rows)


def report_csv(report: Report) -> str:
    """The report as CSV (UTF-8 with a byte-order mark for spreadsheet programs)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(label) for _name, label in report.kind.columns])
    writer.writerows(report.cells())
    return out.getvalue()


def report_pdf(report: Report) -> bytes:
    """The report as an A4 PDF: title, organisation, date, basis and the table."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from jiaoguan.core.pdf import a4_pdf, cjk_font

    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=1)
    header = [Paragraph(str(label), body) for _name, label in report.kind.columns]
    cells = [[Paragraph(cell, body) for cell in row] for row in report.cells()]
    table = Table([header, *cells], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
                ("BACKGROUND", (0, 0), (-1, 0), "#f0f0f0"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    count = gettext("共 %(count)s 条") % {"count": len(report.rows)}
    story = [
        Paragraph(str(report.kind.title), title),
        Paragraph(f"{report.organisation_name} · {report.as_of.isoformat()} · {count}", body),
        Paragraph(str(report.kind.basis), body),
        Spacer(1, 12),
        table if report.rows else Paragraph(gettext("本期没有需要报告的事项。"), body),
    ]
    return a4_pdf(story, title=f"{report.kind.title} {report.as_of.isoformat()}")
