"""The lists of DOMAIN §19.2 as reference data: what each publishes, on what legal basis, with
which fields and masking, and how long an entry stays published.

Every list of the seed list is declared here, including those the register cannot feed yet
(``scanned=False``, with ``missing`` saying what the register lacks); the scans
(``disclosure.scans``) exist for the others, and a test requires the two to match.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ListKind(StrEnum):
    ANNOUNCEMENT = "announcement"  # 公告: an item declared void, one entry per event
    PUBLICATION = "publication"  # 公示: the current state of something public
    STATISTIC = "statistic"  # 统计: figures without personal data


KIND_LABELS = {
    ListKind.ANNOUNCEMENT: _("公告"),
    ListKind.PUBLICATION: _("公示"),
    ListKind.STATISTIC: _("统计"),
}


class Mode(StrEnum):
    """How a run changes a list.

    ``ANNOUNCEMENT``: an entry is added once per subject and event and stays until it expires
    (or is withdrawn, the same day, when what it announced is no longer true, 行政处罚法 art. 48
    ¶2); ``SNAPSHOT``: the run replaces the list by what is true on its day.
    """

    ANNOUNCEMENT = "announcement"
    SNAPSHOT = "snapshot"


class FieldType(StrEnum):
    """Types of the open-data schema (Frictionless Table Schema names)."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class ListField:
    name: str
    title: Promise
    type: FieldType = FieldType.STRING
    #: How the value is masked ("" when it is published as it is).
    masking: str = ""


@dataclass(frozen=True)
class ListDeclaration:
    code: str
    title: Promise
    kind: ListKind
    basis: Promise
    fields: tuple[ListField, ...]
    #: How long an entry stays published, in words (the dates come from ``retention_days``
    #: or, where an entry ends with its subject, from the scan).
    expiry: Promise
    cadence: Promise
    mode: Mode = Mode.SNAPSHOT
    retention_days: int = 31
    scanned: bool = True
    #: What the register lacks for this list (when ``scanned`` is false).
    missing: Promise | str = ""
    position: int = 0

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


NAME_MASKED = "surname"
PLATE_MASKED = "plate"
ARCHIVE_MASKED = "archive"

#: Fields every published entry carries besides the list's own (the open-data schema too).
ENTRY_FIELDS = (
    ListField("legal_basis", _("公开依据")),
    ListField("published_on", _("公布日期"), FieldType.DATE),
    ListField("expires_on", _("公开截止日期"), FieldType.DATE),
)

_PLATE_TYPE = ListField("plate_type", _("号牌种类"))
_PLATE_MASKED = ListField("plate_number", _("号牌号码"), masking=PLATE_MASKED)
_NAME = ListField("name", _("姓名"), masking=NAME_MASKED)
_ARCHIVE = ListField("archive_number", _("档案编号"), masking=ARCHIVE_MASKED)

LISTS: tuple[ListDeclaration, ...] = (
    ListDeclaration(
        code="vehicle_documents_void",
        title=_("机动车登记证书、号牌、行驶证作废公告"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《机动车登记规定》第三十条、第四十一条；《道路交通安全法实施条例》第九条"),
        fields=(
            _PLATE_TYPE,
            ListField("plate_number", _("号牌号码")),
            ListField("documents", _("作废证件")),
            ListField("reason_code", _("原因代码")),
            ListField("reason", _("原因")),
            ListField("event_on", _("日期"), FieldType.DATE),
        ),
        expiry=_("公告之日起两年"),
        cadence=_("事件发生后公布"),
        mode=Mode.ANNOUNCEMENT,
        retention_days=730,
        position=10,
    ),
    ListDeclaration(
        code="vehicles_near_scrapping",
        title=_("临界强制报废机动车"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《道路交通安全法实施条例》第九条（报废前两个月告知机动车所有人）"),
        fields=(
            _PLATE_TYPE,
            _PLATE_MASKED,
            ListField("scrap_due_month", _("应当报废月份")),
            ListField("reason", _("原因")),
        ),
        expiry=_("每月更新，至下次公布"),
        cadence=_("每月"),
        position=20,
    ),
    ListDeclaration(
        code="vehicles_inspection_overdue",
        title=_("逾期未检验机动车"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("交通管理服务平台信息公开目录；机动车所有人另行告知"),
        fields=(
            _PLATE_TYPE,
            _PLATE_MASKED,
            ListField("months_overdue", _("逾期月数"), FieldType.INTEGER),
        ),
        expiry=_("每月更新，至下次公布"),
        cadence=_("每月"),
        position=30,
    ),
    ListDeclaration(
        code="licenses_void",
        title=_("机动车驾驶证注销、吊销公告"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《机动车驾驶证申领和使用规定》第七十九条第二款"),
        fields=(
            _NAME,
            _ARCHIVE,
            ListField("license_classes", _("准驾车型")),
            ListField("issuing_authority", _("发证机关")),
            ListField("reason", _("原因")),
            ListField("event_on", _("日期"), FieldType.DATE),
        ),
        expiry=_("公告之日起两年"),
        cadence=_("事件发生后公布，每月汇总"),
        mode=Mode.ANNOUNCEMENT,
        retention_days=730,
        position=40,
    ),
    ListDeclaration(
        code="license_classes_cancelled",
        title=_("注销机动车驾驶证增加的准驾车型公告"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《机动车驾驶证申领和使用规定》第六十五条、第八十条"),
        fields=(
            _NAME,
            _ARCHIVE,
            ListField("license_class", _("注销的准驾车型")),
            ListField("reason", _("原因")),
            ListField("event_on", _("日期"), FieldType.DATE),
        ),
        expiry=_("公告之日起两年"),
        cadence=_("事件发生后公布"),
        mode=Mode.ANNOUNCEMENT,
        retention_days=730,
        position=50,
    ),
    ListDeclaration(
        code="exam_plan",
        title=_("考试计划"),
        kind=ListKind.PUBLICATION,
        basis=_("《机动车驾驶证申领和使用规定》第五十二条（考试计划至少提前十日公布）"),
        fields=(
            ListField("venue", _("考场")),
            ListField("exam_on", _("考试日期"), FieldType.DATE),
            ListField("session", _("场次")),
            ListField("starts_at", _("开考时间")),
            ListField("subject", _("考试科目")),
            ListField("license_class", _("准驾车型")),
            ListField("capacity", _("考位数"), FieldType.INTEGER),
            ListField("booked", _("已预约"), FieldType.INTEGER),
        ),
        expiry=_("至考试日期"),
        cadence=_("考试前至少十日"),
        position=60,
    ),
    ListDeclaration(
        code="plate_segments",
        title=_("号牌号段"),
        kind=ListKind.PUBLICATION,
        basis=_("《机动车登记规定》第四十三条（号段至少提前三个工作日公布）"),
        fields=(
            ListField("prefix", _("号牌前缀")),
            _PLATE_TYPE,
            ListField("pattern", _("序号规则")),
            ListField("pool_size", _("号码总数"), FieldType.INTEGER),
            ListField("taken", _("已选用"), FieldType.INTEGER),
            ListField("available", _("可选"), FieldType.INTEGER),
            ListField("starts_on", _("开放日期"), FieldType.DATE),
            ListField("announced_on", _("号段公布日期"), FieldType.DATE),
        ),
        expiry=_("每日更新，至下次公布"),
        cadence=_("开放前至少三个工作日"),
        retention_days=1,
        position=70,
    ),
    ListDeclaration(
        code="driving_school_pass_rates",
        title=_("驾驶培训学校考试合格率"),
        kind=ListKind.STATISTIC,
        basis=_("《机动车驾驶证申领和使用规定》第五十八条（每月公布）"),
        fields=(
            ListField("school", _("驾驶培训学校")),
            ListField("month", _("月份")),
            ListField("subject", _("考试科目")),
            ListField("candidates", _("参考人数"), FieldType.INTEGER),
            ListField("passed", _("合格人数"), FieldType.INTEGER),
            ListField("pass_rate", _("合格率（%）"), FieldType.NUMBER),
        ),
        expiry=_("每月更新，至下次公布"),
        cadence=_("每月"),
        position=80,
    ),
    ListDeclaration(
        code="exam_placement_fairness",
        title=_("考试预约分配公平性"),
        kind=ListKind.STATISTIC,
        basis=_("《机动车驾驶证申领和使用规定》第五十二条（预约和考试结果公开）"),
        fields=(
            ListField("window", _("预约批次")),
            ListField("subject", _("考试科目")),
            ListField("group", _("申请人类别")),
            ListField("applicants", _("申请人数"), FieldType.INTEGER),
            ListField("placed", _("安排考位人数"), FieldType.INTEGER),
            ListField("first_choice", _("安排第一志愿人数"), FieldType.INTEGER),
            ListField("placement_rate", _("安排率（%）"), FieldType.NUMBER),
        ),
        expiry=_("每日更新，至下次公布"),
        cadence=_("每个预约批次分配后"),
        position=85,
    ),
    ListDeclaration(
        code="new_driver_rates",
        title=_("驾龄不满三年驾驶人交通违法率、肇事率"),
        kind=ListKind.STATISTIC,
        basis=_("《机动车驾驶证申领和使用规定》第五十八条（每月公布）"),
        fields=(
            ListField("school", _("驾驶培训学校")),
            ListField("month", _("月份")),
            ListField("drivers", _("驾龄不满三年驾驶人数"), FieldType.INTEGER),
            ListField("violation_rate", _("交通违法率（%）"), FieldType.NUMBER),
            ListField("accident_rate", _("肇事率（%）"), FieldType.NUMBER),
        ),
        expiry=_("每月更新，至下次公布"),
        cadence=_("每月"),
        position=90,
    ),
    ListDeclaration(
        code="serious_violators",
        title=_("满分及严重交通违法驾驶人"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《中华人民共和国行政处罚法》第四十八条；《政府信息公开条例》第二十条第（六）项"),
        fields=(
            _NAME,
            _ARCHIVE,
            ListField("offense", _("违法行为")),
            ListField("decided_on", _("决定日期"), FieldType.DATE),
            ListField("penalty", _("处罚")),
        ),
        expiry=_("决定撤销或变更后三日内撤下"),
        cadence=_("作出决定后公布"),
        mode=Mode.ANNOUNCEMENT,
        retention_days=365,
        position=100,
    ),
    ListDeclaration(
        code="vehicles_scrapped_by_force",
        title=_("强制报废机动车公告"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《机动车登记规定》第四十一条第（三）项"),
        fields=(
            _PLATE_TYPE,
            ListField("plate_number", _("号牌号码")),
            ListField("reason", _("原因")),
        ),
        expiry=_("公告之日起两年"),
        cadence=_("事件发生后公布"),
        mode=Mode.ANNOUNCEMENT,
        retention_days=730,
        position=110,
    ),
    ListDeclaration(
        code="school_bus_permits_void",
        title=_("校车驾驶资格注销公告"),
        kind=ListKind.ANNOUNCEMENT,
        basis=_("《机动车驾驶证申领和使用规定》第九十二条第二款"),
        fields=(
            _NAME,
            _ARCHIVE,
            ListField("event_on", _("日期"), FieldType.DATE),
            ListField("reason", _("原因")),
        ),
        expiry=_("公告之日起两年"),
        cadence=_("每月"),
        mode=Mode.ANNOUNCEMENT,
        retention_days=730,
        position=120,
    ),
)

_BY_CODE = {declaration.code: declaration for declaration in LISTS}


def list_declaration(code: str) -> ListDeclaration | None:
    return _BY_CODE.get(code)


def published_lists() -> tuple[ListDeclaration, ...]:
    """The lists the scans fill, in their order."""
    return tuple(declaration for declaration in LISTS if declaration.scanned)
