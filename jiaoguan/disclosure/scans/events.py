"""The announcement lists fed by a register record of each event (a class cancelled, a
school-bus qualification cancelled, a vehicle scrapped by force, a penalty decision found to
have social impact), as set-based scans like those of ``scans.lists``; ``SCANS`` is every
list's scan.

Each entry's key carries the record, so the announcement is made once; a record that no
longer qualifies (a decision revoked, a mark lifted, a license recovered) is withdrawn by
the next run (``disclosure.services``).
"""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Concat

from jiaoguan.core.ids import PLATE_TYPES
from jiaoguan.disclosure.models import SocialImpactMark
from jiaoguan.disclosure.scans import lists, masks
from jiaoguan.disclosure.scans.base import Scan, ScanContext, Selection
from jiaoguan.disclosure.scans.lists import _expiring, _key, _text
from jiaoguan.disclosure.scans.masks import literal
from jiaoguan.drivers import selectors as drivers
from jiaoguan.vehicles import selectors as vehicles

#: The reasons as published (the register's labels, in the official Chinese).
CLASS_CANCEL_REASONS = {
    "probation_full_score": "实习期内记满12分，注销实习的准驾车型",
    "age_not_exchanged": "年龄不再符合准驾车型条件，逾期未换领",
}
SCHOOL_BUS_REASONS = {
    "applied": "本人申请注销",
    "over_age": "年龄超过60周岁",
    "accident": "对致人死亡或者重伤的交通事故负有责任",
    "drink_or_overload": "饮酒、醉酒驾驶或者校车、营运客车载人超员",
    "full_score_or_crime": "记满12分或者有犯罪记录",
    "unfit": "有妨碍安全驾驶的疾病或者酗酒、吸毒行为记录",
}
FORCED_SCRAP_REASON = "达到国家强制报废标准的机动车被依法收缴并强制报废"


def license_classes_cancelled(context: ScanContext, retention_days: int) -> list[Selection]:
    """Classes cancelled on a license that keeps others (162号 arts. 65, 80): masked name,
    masked archive number, the class, the reason, the day."""
    queryset = drivers.class_cancellations().filter(cancelled_on__lte=context.day)
    return [
        Selection(
            queryset=queryset,
            key=_key("k", _text(F("id"))),
            fields={
                "name": masks.masked_name("license__person__name"),
                "archive_number": masks.masked_archive_number("license__archive_number"),
                "license_class": F("license_class"),
                "reason": masks.labelled("reason", CLASS_CANCEL_REASONS),
                "event_on": masks.day_text("cancelled_on"),
            },
            sort=masks.day_text("cancelled_on"),
            expires_on=_expiring(context, retention_days),
        )
    ]


def school_bus_permits_void(context: ScanContext, retention_days: int) -> list[Selection]:
    """School-bus qualifications cancelled with the annotated license not recovered (162号
    art. 92 ¶2): masked name, masked archive number, the day, the reason. A license
    recovered later withdraws the entry."""
    queryset = drivers.school_bus_qualifications_void().filter(cancelled_on__lte=context.day)
    return [
        Selection(
            queryset=queryset,
            key=_key("b", _text(F("id")), masks.day_text("cancelled_on")),
            fields={
                "name": masks.masked_name("license__person__name"),
                "archive_number": masks.masked_archive_number("license__archive_number"),
                "event_on": masks.day_text("cancelled_on"),
                "reason": masks.labelled("cancel_reason", SCHOOL_BUS_REASONS),
            },
            sort=masks.day_text("cancelled_on"),
            expires_on=_expiring(context, retention_days),
        )
    ]


def vehicles_scrapped_by_force(context: ScanContext, retention_days: int) -> list[Selection]:
    """Vehicles confiscated and scrapped by force (登记规定 art. 41(3)): plate type, the full
    plate number (the law voids the plate itself), the reason; no owner."""
    queryset = vehicles.vehicles_scrapped_by_force().filter(confiscated_on__lte=context.day)
    return [
        Selection(
            queryset=queryset,
            key=_key("f", _text(F("vehicle_id"))),
            fields={
                "plate_type": masks.labelled("vehicle__plate_type", dict(PLATE_TYPES)),
                "plate_number": F("vehicle__plate_number"),
                "reason": literal(FORCED_SCRAP_REASON),
            },
            sort=masks.day_text("confiscated_on"),
            expires_on=_expiring(context, retention_days),
        )
    ]


def _penalty():
    """``罚款N元，记N分`` of the decision (fines are whole yuan)."""
    return Concat(
        literal("罚款"),
        _text(F("decision__fine_fen") / Value(100)),
        literal("元，记"),
        _text(F("decision__points")),
        literal("分"),
        output_field=CharField(),
    )


def serious_violators(context: ScanContext, retention_days: int) -> list[Selection]:
    """Penalty decisions an officer found to have social impact (行政处罚法 art. 48 ¶1;
    公开条例 art. 20(6)), while the decision is in force and the mark stands: masked name,
    masked archive number ("" for a person without a license), offense, day, penalty. A
    revoked decision or a lifted mark is withdrawn by the next (daily) run, within the 3 days
    of art. 48 ¶2."""
    queryset = SocialImpactMark.objects.filter(
        lifted_on__isnull=True, decision__status="in_force", marked_on__lte=context.day
    )
    archive = "decision__person__driving_license__archive_number"
    return [
        Selection(
            queryset=queryset,
            key=_key("d", _text(F("decision_id"))),
            fields={
                "name": masks.masked_name("decision__person__name"),
                "archive_number": Coalesce(masks.masked_archive_number(archive), literal("")),
                "offense": F("decision__description"),
                "decided_on": masks.day_text("decision__decided_at"),
                "penalty": _penalty(),
            },
            sort=masks.day_text("decision__decided_at"),
            expires_on=_expiring(context, retention_days),
        )
    ]


EVENT_SCANS: dict[str, Scan] = {
    "license_classes_cancelled": license_classes_cancelled,
    "school_bus_permits_void": school_bus_permits_void,
    "vehicles_scrapped_by_force": vehicles_scrapped_by_force,
    "serious_violators": serious_violators,
}

SCANS: dict[str, Scan] = {**lists.SCANS, **EVENT_SCANS}
