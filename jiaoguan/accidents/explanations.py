"""User-facing texts of the codes of ``accidents.rules``: why an accident may not be
settled online, what to do instead, and the liability table's scenarios. Lazy texts, so
the module can be imported before settings are read."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiaoguan.accidents.rules.eligibility import Instead, Reason

REASON_TEXT: dict[str, Promise] = {
    Reason.INJURED: _(
        "有人员受伤或死亡（《道路交通事故处理程序规定》第十三条）：不能自行协商处理。"
    ),
    Reason.NOT_LICENSED: _("驾驶人无有效机动车驾驶证或驾驶的机动车与准驾车型不符（第十三条）。"),
    Reason.DRINK_OR_DRUGS: _("驾驶人有饮酒、服用国家管制的精神药品或者麻醉药品嫌疑（第十三条）。"),
    Reason.OVERLOADED_PASSENGER_VEHICLE: _(
        "校车、客运车辆严重超员、超速（第十三条），不能自行协商处理。"
    ),
    Reason.NO_OR_FAKE_PLATES: _("机动车无号牌或者使用伪造、变造的号牌（第十三条）。"),
    Reason.NOT_MOVABLE: _("车辆无法移动（第十三条）：请勿移动车辆，报警等候处理。"),
    Reason.PARTY_LEFT: _("一方当事人离开现场（第十三条）。"),
    Reason.DELIBERATE: _("有证据证明事故是由一方故意造成的（第十三条）。"),
    Reason.DANGEROUS_GOODS: _("车辆载运爆炸物品、易燃易爆化学物品等危险物品（第十五条）。"),
    Reason.NOT_INSURED: _(
        "一方或双方未投保机动车交通事故责任强制保险（第十四条）：先撤离现场，再报警。"
    ),
    Reason.NO_INSPECTION_MARK: _("机动车无检验合格标志（第十四条）：先撤离现场，再报警。"),
    Reason.HIT_PROPERTY: _("碰撞建筑物、公共设施或者其他设施（第十四条）：先撤离现场，再报警。"),
    Reason.NOT_TWO_VEHICLES: _("网上快处仅受理两辆机动车之间的事故。"),
    Reason.NON_MOTOR_VEHICLE: _("网上快处仅受理机动车之间的事故，涉及非机动车或行人的请报警。"),
    Reason.VEHICLE_LICENCE_INVALID: _("一方或双方机动车行驶证无效（网上快处要求双方行驶证有效）。"),
    Reason.DISPUTED_IDENTITY: _("一方不愿提供姓名、证件等信息，请报警。"),
}

INSTEAD_TEXT: dict[str, Promise] = {
    Instead.CALL_122_AND_120: _("立即拨打120和122，保护现场，不要移动车辆和伤员。"),
    Instead.CALL_122_STAY: _("请拨打122报警，开启危险报警闪光灯，放置警告标志，在安全处等候民警。"),
    Instead.MOVE_THEN_CALL_122: _("请先拍照固定证据，将车辆移至不妨碍交通的地点，再拨打122报警。"),
    Instead.CALL_122: _("本平台无法受理，请拨打122报警，或在线下自行协商。"),
}


def reason_text(code: str) -> str:
    return str(REASON_TEXT.get(code, code))


def instead_text(code: str) -> str:
    return str(INSTEAD_TEXT.get(code, code))
