"""The reference guides' titles and §21.3 facts besides their texts: fewest trips, steps,
time limits, fees, booking, the online action."""

from __future__ import annotations

from dataclasses import dataclass

from jiaoguan.guides.reference.texts import Text


@dataclass(frozen=True)
class Entry:
    """One reference guide's title and §21.3 facts besides its texts (``GUIDES[key]``)."""

    key: str
    family: str
    title: Text
    summary: Text
    min_trips: int
    steps: str  # numbered, one a line
    promised_time_limit: str = "当场办结"
    statutory_time_limit: str = ""
    fee: str = "不收费"
    online_url_name: str = ""  # the business on the platform, when it is online
    item_type: str = "公共服务"
    booking: bool = False
    result_delivery: str = "窗口领取或邮寄"


_COUNTER_STEPS = "1. 携带材料到办理地点取号\n2. 窗口受理、审核材料\n3. 当场或按承诺时限领取结果"
_ONLINE_STEPS = "1. 登录本平台\n2. 在线填写、提交\n3. 网上查看结果"


def _e(key, family, zh, en, zh_summary, en_summary, trips, steps=_COUNTER_STEPS, **facts):
    return Entry(key, family, Text(zh, en), Text(zh_summary, en_summary), trips, steps, **facts)


ENTRIES: tuple[Entry, ...] = (
    _e(
        "exams",
        "bookings",
        "考试预约",
        "Driving tests",
        "按排序时间公平分配",
        "Fair allocation",
        0,
        _ONLINE_STEPS,
        online_url_name="portal:exams",
        booking=True,
        result_delivery="网上公示",
    ),
    _e(
        "inspection-booking",
        "bookings",
        "检验预约",
        "Inspection booking",
        "机动车安全技术检验",
        "Safety inspection",
        1,
        booking=True,
    ),
    _e(
        "plate-selection",
        "plates",
        "新车选号",
        "Choose a plate",
        "随机选号或自编号码",
        "Random or composed",
        0,
        _ONLINE_STEPS,
        online_url_name="portal:plate_selection",
        item_type="行政许可",
        fee="号牌工本费按当地标准",
    ),
    _e(
        "plate-requests",
        "plates",
        "号牌业务申请",
        "Plate requests",
        "保留、互换与转移",
        "Keep, swap, transfer",
        0,
        _ONLINE_STEPS,
        online_url_name="portal:plate_requests",
    ),
    _e(
        "inspection-mark",
        "plates",
        "申领检验标志",
        "Inspection mark",
        "检验合格标志与电子凭证",
        "Mark and e-certificate",
        0,
        statutory_time_limit="1个工作日",
        item_type="行政确认",
        result_delivery="电子凭证或邮寄",
    ),
    _e(
        "license-renewal",
        "plates",
        "期满换证",
        "License renewal",
        "有效期满前 90 日内",
        "Within 90 days of expiry",
        1,
        statutory_time_limit="1个工作日",
        item_type="行政许可",
        fee="驾驶证工本费 10 元",
    ),
    _e(
        "medical-certificate",
        "plates",
        "提交身体条件证明",
        "Medical certificate",
        "70 周岁以上每年提交",
        "Yearly from age 70",
        1,
    ),
    _e(
        "license-review",
        "plates",
        "驾驶证审验",
        "License review",
        "记分周期结束后 30 日内",
        "Within 30 days after a cycle",
        1,
        item_type="行政确认",
    ),
    _e(
        "license-replacement",
        "plates",
        "补换领驾驶证",
        "Replace a license",
        "变更、损毁或遗失",
        "Changed, damaged or lost",
        0,
        statutory_time_limit="1个工作日",
        item_type="行政许可",
        fee="驾驶证工本费 10 元",
    ),
    _e(
        "license-seizure",
        "plates",
        "驾驶证暂扣、吊销后",
        "After a suspension or revocation",
        "何时领回、何时可重新申请",
        "When to collect it, when to apply again",
        2,
        item_type="其他行政权力",
    ),
    _e(
        "license-restoration",
        "plates",
        "恢复驾驶资格",
        "Restore a cancelled license",
        "注销 2 年内考科目一",
        "科目一 within 2 years of cancellation",
        2,
        item_type="行政许可",
    ),
    _e(
        "temporary-plates",
        "plates",
        "临时号牌",
        "Temporary plates",
        "新车上路前",
        "Before a new car drives",
        1,
        item_type="行政许可",
    ),
    _e(
        "scrap",
        "plates",
        "报废与注销",
        "Scrapping",
        "达到报废标准的机动车",
        "Vehicles due for scrapping",
        1,
        item_type="行政确认",
    ),
    _e(
        "violations",
        "violations",
        "违法处理与缴款",
        "Handle and pay",
        "非现场违法网上处理",
        "Camera records online",
        0,
        _ONLINE_STEPS,
        online_url_name="portal:violations",
        item_type="行政处罚",
        fee="罚款按处罚决定书",
        result_delivery="电子送达",
    ),
    _e(
        "disputes",
        "violations",
        "违法异议",
        "Objections",
        "对记录提出异议",
        "Object to a record",
        0,
        _ONLINE_STEPS,
        online_url_name="portal:violations",
        result_delivery="电子送达",
    ),
    _e(
        "authorisations",
        "violations",
        "绑定他人机动车",
        "Other people's cars",
        "车主授权后代为处理",
        "Handle with the owner's consent",
        0,
        _ONLINE_STEPS,
        online_url_name="portal:authorisations",
    ),
    _e(
        "accident",
        "violations",
        "事故快处",
        "Minor accidents",
        "轻微财产损失事故",
        "Damage-only accidents",
        1,
    ),
    _e(
        "travel",
        "travel",
        "路况与施工",
        "Roads and works",
        "出行前查看",
        "Before the trip",
        0,
        "1. 打开路况与施工页面\n2. 按地区、道路查看",
        online_url_name="portal:travel",
        result_delivery="网上查看",
    ),
    _e(
        "enterprises",
        "enterprises",
        "重点企业服务",
        "Key entity services",
        "客运、危货、校车",
        "Coaches, dangerous goods, school buses",
        2,
    ),
    _e(
        "points-study",
        "education",
        "学法减分",
        "Points reduction study",
        "每周期最多减 6 分",
        "Up to 6 points a cycle",
        0,
        "1. 网上报名\n2. 完成学习和考试\n3. 减免记分",
    ),
    _e(
        "full-score-study",
        "education",
        "满分学习",
        "Full-score study",
        "记满 12 分后",
        "After 12 points",
        3,
        "1. 报名满分学习\n2. 现场和网上学习\n3. 参加考试\n4. 领回驾驶证",
    ),
)
