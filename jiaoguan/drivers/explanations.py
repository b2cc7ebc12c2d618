"""User-facing explanations of license rule outcomes (Simplified Chinese, translatable).

``BASIS_TEXT`` maps every basis code of ``jiaoguan.drivers.rules.Basis`` and every
``LicenseCondition`` to one sentence naming the instrument it rests on. Values marked 本平台 are
product defaults or this platform's reading, not law (DOMAIN.md §13).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiaoguan.drivers.rules import Basis, LicenseCondition

BASIS_TEXT: Mapping[str, Promise] = MappingProxyType(
    {
        # validity
        Basis.VALIDITY_FIRST_SIX_YEARS: _(
            "《道路交通安全法实施条例》第二十二条：初次申领的机动车驾驶证有效期为六年。"
        ),
        Basis.VALIDITY_TEN_YEARS: _(
            "《道路交通安全法实施条例》第二十六条：六年有效期内每个记分周期均未记满12分的，"
            "换发十年有效期的驾驶证。"
        ),
        Basis.VALIDITY_LONG_TERM: _(
            "《道路交通安全法实施条例》第二十六条：十年有效期内每个记分周期均未记满12分的，"
            "换发长期有效的驾驶证。"
        ),
        Basis.VALIDITY_REPEATED: _(
            "《道路交通安全法实施条例》第二十六条：有效期内有记分周期记满12分的，不能延长有效期，"
            "换发与原有效期相同的驾驶证（本平台解释）。"
        ),
        Basis.VALIDITY_LONG_TERM_KEPT: _(
            "《机动车驾驶证申领和使用规定》第十三条：长期有效的驾驶证继续长期有效。"
        ),
        # renewal
        Basis.RENEWAL_NOT_DUE: _(
            "《机动车驾驶证申领和使用规定》第六十三条：驾驶证有效期满前九十日内申请换证，"
            "目前尚未到换证时间。"
        ),
        Basis.RENEWAL_WINDOW: _(
            "《机动车驾驶证申领和使用规定》第六十三条：驾驶证有效期满前九十日内申请换证。"
        ),
        Basis.RENEWAL_EXPIRED_ONLINE: _(
            "《机动车驾驶证申领和使用规定》第六十三条：驾驶证已过有效期，"
            "过期十一个月内可在互联网平台申请换证（本平台默认规则）。"
        ),
        Basis.RENEWAL_EXPIRED_COUNTER: _(
            "《机动车驾驶证申领和使用规定》第六十三条：驾驶证过期已超过十一个月、未满一年，"
            "须到发证地车辆管理所窗口办理换证（本平台默认规则）。"
        ),
        Basis.RENEWAL_CANCELLABLE: _(
            "《机动车驾驶证申领和使用规定》第七十九条：超过驾驶证有效期一年以上未换证的，"
            "注销驾驶证；注销后二年内考试科目一合格可恢复驾驶资格。"
        ),
        Basis.RENEWAL_LONG_TERM: _(
            "《机动车驾驶证申领和使用规定》第十三条：长期有效的驾驶证没有期满换证要求。"
        ),
        # scoring cycle
        Basis.CYCLE_ANCHORED: _(
            "《道路交通安全违法行为记分管理办法》第三条：记分周期为十二个月，"
            "自初次领取驾驶证之日起连续计算。"
        ),
        # probation
        Basis.PROBATION_CAR_TYPE: _(
            "《机动车驾驶证申领和使用规定》第七十六条：初次取得汽车类准驾车型后的十二个月为实习期。"
        ),
        Basis.PROBATION_MOTORCYCLE_TYPE: _(
            "《机动车驾驶证申领和使用规定》第七十六条："
            "初次取得摩托车类准驾车型后的十二个月为实习期。"
        ),
        Basis.PROBATION_NONE: _(
            "《机动车驾驶证申领和使用规定》第七十六条：初次取得准驾车型已满十二个月，不在实习期内。"
        ),
        Basis.PROBATION_FULL_SCORE: _(
            "《机动车驾驶证申领和使用规定》第八十条：在实习期内记满12分的，"
            "注销其实习的准驾车型驾驶资格。"
        ),
        # application age limits by era
        Basis.AGE_LIMIT_ERA_123: _(
            "《机动车驾驶证申领和使用规定》（公安部令第123号、第139号）"
            "规定的申请年龄条件（2020年11月20日前）。"
        ),
        Basis.AGE_LIMIT_ERA_2020: _(
            "2020年11月20日驾驶证改革措施及《机动车驾驶证申领和使用规定》（公安部令第162号）"
            "第十四条规定的申请年龄条件。"
        ),
        Basis.AGE_LIMIT_ERA_172: _(
            "《机动车驾驶证申领和使用规定》第十四条（经公安部令第172号修改，2025年1月1日起施行）"
            "规定的申请年龄条件。"
        ),
        # upper-age downgrades and cancellation
        Basis.AGE_LARGE_CLASS_EXCHANGE_63: _(
            "《机动车驾驶证申领和使用规定》第六十五条（经公安部令第172号修改）：年满63周岁的，"
            "应当在三十日内将大型客车、重型牵引挂车、城市公交车、中型客车、"
            "大型货车准驾车型换领为小型汽车或小型自动挡汽车；持重型牵引挂车的可保留轻型牵引挂车。"
        ),
        Basis.AGE_LARGE_CLASS_EXCHANGE_60: _(
            "《机动车驾驶证申领和使用规定》第六十五条（2025年前）：年满60周岁的，应当将大型客车、"
            "重型牵引挂车、城市公交车、中型客车、大型货车准驾车型换领为小型汽车或小型自动挡汽车；"
            "持重型牵引挂车的可保留轻型牵引挂车。"
        ),
        Basis.AGE_SPECIAL_CLASS_NOT_ALLOWED_63: _(
            "《机动车驾驶证申领和使用规定》第六十五条（经公安部令第172号修改）：年满63周岁的，"
            "不得驾驶轮式专用机械车、无轨电车和有轨电车。"
        ),
        Basis.AGE_SPECIAL_CLASS_NOT_ALLOWED_60: _(
            "《机动车驾驶证申领和使用规定》第六十五条（2025年前）：年满60周岁的，"
            "不得驾驶轮式专用机械车、无轨电车和有轨电车。"
        ),
        Basis.AGE_C3_C4_NOT_ALLOWED_70: _(
            "《机动车驾驶证申领和使用规定》第六十五条：年满70周岁的，不得驾驶低速载货汽车、"
            "三轮汽车。"
        ),
        Basis.AGE_MOTORCYCLE_EXCHANGE_70: _(
            "《机动车驾驶证申领和使用规定》第六十五条：年满70周岁的，应当将普通三轮摩托车、"
            "普通二轮摩托车准驾车型换领为轻便摩托车。"
        ),
        Basis.AGE_C6_EXCHANGE_70: _(
            "《机动车驾驶证申领和使用规定》第六十五条：年满70周岁的，"
            "应当将轻型牵引挂车准驾车型换领为小型汽车或小型自动挡汽车。"
        ),
        Basis.AGE_CANCEL_ONLY_M_N_P_63: _(
            "《机动车驾驶证申领和使用规定》第七十九条（经公安部令第172号修改）：年满63周岁、"
            "仅持有轮式专用机械车、无轨电车或有轨电车准驾车型且未获准延长的，注销驾驶证。"
        ),
        Basis.AGE_CANCEL_ONLY_M_N_P_60: _(
            "《机动车驾驶证申领和使用规定》第七十九条（2025年前）：年满60周岁、"
            "仅持有轮式专用机械车、无轨电车或有轨电车准驾车型的，注销驾驶证。"
        ),
        Basis.AGE_CANCEL_ONLY_C3_C4_70: _(
            "《机动车驾驶证申领和使用规定》第七十九条：年满70周岁、仅持有低速载货汽车、"
            "三轮汽车准驾车型的，注销驾驶证。"
        ),
        Basis.AGE_CANCEL_NO_CLASS_LEFT: _(
            "《机动车驾驶证申领和使用规定》第六十五条、第七十九条："
            "因年龄原因全部准驾车型均不得继续驾驶且无可换领车型的，注销驾驶证（本平台解释）。"
        ),
        Basis.AGE_EXTENSION_BEFORE_63: _(
            "《机动车驾驶证申领和使用规定》第六十五条（经公安部令第172号修改）："
            "年满63周岁前一年内可申请继续驾驶，通过记忆力、判断力、反应力测试和身体检查的，"
            "最长延长三年。"
        ),
        # review
        Basis.REVIEW_LARGE_CLASS: _(
            "《机动车驾驶证申领和使用规定》第七十二条：持有大型客车、重型牵引挂车、城市公交车、"
            "中型客车、大型货车驾驶证的，应当在每个记分周期结束后三十日内接受审验；"
            "记分周期内没有记分记录的免予审验。"
        ),
        Basis.REVIEW_FATAL_ACCIDENT: _(
            "《机动车驾驶证申领和使用规定》第七十二条："
            "发生交通事故造成人员死亡承担同等以上责任未被吊销驾驶证的，"
            "应当在本记分周期结束后三十日内接受审验。"
        ),
        Basis.REVIEW_AGE_70_ACCIDENT: _(
            "《机动车驾驶证申领和使用规定》第七十二条：年满70周岁的驾驶人发生责任交通事故造成人员重"
            "伤或者死亡的，应当在本记分周期结束后三十日内接受审验。"
        ),
        Basis.REVIEW_SCHOOL_BUS: _(
            "《机动车驾驶证申领和使用规定》第九十条：校车驾驶人应当在每个记分周期结束后三十日内"
            "接受审验，提交身体条件证明，并参加不少于三小时的道路交通安全法律法规、交通安全文明"
            "驾驶、应急处置等知识学习和交通事故案例警示教育。"
        ),
        # medical certificates
        Basis.MEDICAL_AGE_70: _(
            "《机动车驾驶证申领和使用规定》第七十四条：年龄在70周岁以上的，"
            "应当在每个记分周期结束后三十日内提交身体条件证明。"
        ),
        Basis.MEDICAL_AGE_60_BEFORE_2022: _(
            "《机动车驾驶证申领和使用规定》（公安部令第123号）：年龄在60周岁以上的，"
            "应当每年提交身体条件证明（2022年4月1日前）。"
        ),
        Basis.MEDICAL_C5: _(
            "《机动车驾驶证申领和使用规定》第七十四条：持有残疾人专用小型自动挡载客汽车驾驶证的，"
            "应当每三个记分周期结束后三十日内提交身体条件证明。"
        ),
        # full score
        Basis.FULL_SCORE_SEIZED: _(
            "《道路交通安全违法行为记分管理办法》第十七条：一个记分周期内记满12分的，扣留驾驶证，"
            "应当参加满分学习和考试。"
        ),
        Basis.FULL_SCORE_STUDY_ORDINARY: _(
            "《道路交通安全违法行为记分管理办法》第十八条：满分学习七天，"
            "每增加一次满分或累积记分每增加12分增加七天，最多六十天。"
        ),
        Basis.FULL_SCORE_STUDY_LARGE: _(
            "《道路交通安全违法行为记分管理办法》第十八条：大中型客货车驾驶人满分学习三十天，"
            "每增加一次满分或累积记分每增加12分增加三十天，最多一百二十天。"
        ),
        Basis.POINTS_REMINDER: _(
            "本平台提示：本记分周期记分已达提醒分值（默认9分），记满12分将扣留驾驶证；"
            "法规对此提醒无规定。"
        ),
        # points reduction
        Basis.REDUCTION_ELIGIBLE: _(
            "《道路交通安全违法行为记分管理办法》第二十五条：记分未满12分且违法行为已处理完毕的，"
            "可参加学法减分，一个记分周期内最多减免6分。"
        ),
        Basis.REDUCTION_FULL_SCORE: _(
            "《道路交通安全违法行为记分管理办法》第二十五条：记分已满12分的，不能学法减分。"
        ),
        Basis.REDUCTION_UNHANDLED_VIOLATIONS: _(
            "《道路交通安全违法行为记分管理办法》第二十五条：尚有未处理的违法行为，不能学法减分。"
        ),
        Basis.REDUCTION_NO_POINTS: _(
            "《道路交通安全违法行为记分管理办法》第二十五条：本记分周期没有可减免的记分。"
        ),
        Basis.REDUCTION_CYCLE_MAXIMUM: _(
            "《道路交通安全违法行为记分管理办法》第二十五条：一个记分周期内累计最多减免6分，"
            "已达上限。"
        ),
        Basis.REDUCTION_REPEATED_FULL_SCORE: _(
            "《道路交通安全违法行为记分管理办法》第二十七条："
            "本记分周期或上一个记分周期内有二次以上满分教育记录的，不能学法减分。"
        ),
        Basis.REDUCTION_SERIOUS_OFFENSE: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：最近三个记分周期内有肇事逃逸、"
            "饮酒后驾驶、使用伪造或他车号牌证件、买卖记分等记录的，不能学法减分。"
        ),
        Basis.REDUCTION_IN_PROBATION: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：驾驶证处于实习期的，不能学法减分。"
        ),
        Basis.REDUCTION_REVIEW_OVERDUE: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：驾驶证逾期未审验的，不能学法减分。"
        ),
        Basis.REDUCTION_LICENSE_SEIZED: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：驾驶证被扣留、暂扣期间，不能学法减分。"
        ),
        Basis.REDUCTION_VEHICLE_INSPECTION: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：名下机动车逾期未检验的，不能学法减分。"
        ),
        Basis.REDUCTION_VEHICLE_DEREGISTRATION: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：名下机动车应当注销而未注销的，"
            "不能学法减分。"
        ),
        Basis.REDUCTION_FRAUD: _(
            "《道路交通安全违法行为记分管理办法》第二十七条：最近三个记分周期内在学法减分、"
            "满分学习或审验教育中有弄虚作假、冒名顶替记录的，不能学法减分。"
        ),
        # register states and overall status
        Basis.STATUS_VALID: _(
            "《机动车驾驶证申领和使用规定》第十三条：驾驶证在有效期内，状态正常，可以驾驶。"
        ),
        Basis.REGISTER_SUSPENDED: _(
            "《道路交通安全法实施条例》第二十八条：驾驶证被依法扣留、暂扣期间不得驾驶机动车。"
        ),
        Basis.REGISTER_REVOKED: _(
            "《道路交通安全法》第九十九条：驾驶证已被吊销，驾驶机动车的依法处罚。"
        ),
        Basis.REGISTER_CANCELLED: _(
            "《机动车驾驶证申领和使用规定》第七十九条：驾驶证已注销，不得驾驶机动车。"
        ),
        # license conditions
        LicenseCondition.CANCELLED: _("驾驶证已注销（《机动车驾驶证申领和使用规定》第七十九条）。"),
        LicenseCondition.REVOKED: _("驾驶证已被吊销（《道路交通安全法》第九十九条）。"),
        LicenseCondition.SUSPENDED: _(
            "驾驶证被暂扣，暂扣期间不得驾驶（《道路交通安全法实施条例》第二十八条）。"
        ),
        LicenseCondition.CANCELLABLE_OVERDUE: _(
            "驾驶证超过有效期一年以上未换证，将被注销（《机动车驾驶证申领和使用规定》第七十九条）。"
        ),
        LicenseCondition.EXPIRED: _(
            "驾驶证已超过有效期，请尽快换证（《机动车驾驶证申领和使用规定》第六十三条）。"
        ),
        LicenseCondition.FULL_SCORE: _(
            "本记分周期已记满12分，驾驶证被扣留，须参加满分学习和考试（《道路交通安全违法行为记分管"
            "理办法》第十七条）。"
        ),
        LicenseCondition.AGE_LIMIT_ACTION: _(
            "已达准驾车型年龄上限，须在三十日内换领驾驶证（《机动车驾驶证申领和使用规定》第六十五条"
            "）。"
        ),
        LicenseCondition.REVIEW_DUE: _(
            "记分周期结束后三十日内须接受驾驶证审验（《机动车驾驶证申领和使用规定》第七十二条）。"
        ),
        LicenseCondition.MEDICAL_DUE: _(
            "记分周期结束后三十日内须提交身体条件证明（《机动车驾驶证申领和使用规定》第七十四条）。"
        ),
        LicenseCondition.RENEWAL_WINDOW_OPEN: _(
            "驾驶证有效期满前九十日内，可以申请换证（《机动车驾驶证申领和使用规定》第六十三条）。"
        ),
        LicenseCondition.POINTS_REMINDER: _(
            "本记分周期记分已接近12分，请注意安全驾驶（本平台提醒，默认9分）。"
        ),
        LicenseCondition.IN_PROBATION: _(
            "驾驶证处于实习期，须遵守实习期驾驶规定（《机动车驾驶证申领和使用规定》第七十六条、"
            "第七十七条）。"
        ),
        LicenseCondition.VALID: _(
            "驾驶证在有效期内，状态正常（《机动车驾驶证申领和使用规定》第十三条）。"
        ),
    }
)


def explain(code: str) -> str:
    """The explanation of a basis code or license condition, in the active language.

    Raises ``KeyError`` for an unknown code: every code the rules emit has a text (tested).
    """
    try:
        text = BASIS_TEXT[code]
    except KeyError:
        raise KeyError(f"no explanation for code {code!r}") from None
    return str(text)


#: A short label for each condition, as shown on a badge.
CONDITION_LABEL: Mapping[str, Promise] = MappingProxyType(
    {
        LicenseCondition.CANCELLED: _("已注销"),
        LicenseCondition.REVOKED: _("已吊销"),
        LicenseCondition.SUSPENDED: _("暂扣"),
        LicenseCondition.CANCELLABLE_OVERDUE: _("逾期未换证超过一年"),
        LicenseCondition.EXPIRED: _("已超过有效期"),
        LicenseCondition.FULL_SCORE: _("记满12分"),
        LicenseCondition.AGE_LIMIT_ACTION: _("需按年龄换证"),
        LicenseCondition.REVIEW_DUE: _("待审验"),
        LicenseCondition.MEDICAL_DUE: _("待提交身体条件证明"),
        LicenseCondition.RENEWAL_WINDOW_OPEN: _("可以换证"),
        LicenseCondition.POINTS_REMINDER: _("记分提醒"),
        LicenseCondition.IN_PROBATION: _("实习期"),
        LicenseCondition.VALID: _("正常"),
    }
)

_BLOCKING = {
    LicenseCondition.CANCELLED,
    LicenseCondition.REVOKED,
    LicenseCondition.SUSPENDED,
    LicenseCondition.CANCELLABLE_OVERDUE,
    LicenseCondition.EXPIRED,
    LicenseCondition.FULL_SCORE,
}
_QUIET = {LicenseCondition.IN_PROBATION, LicenseCondition.VALID}


def condition_tone(condition: str) -> str:
    """``bad`` (may not drive), ``warn`` (something to do) or ``ok``: the badge's color."""
    if condition in _BLOCKING:
        return "bad"
    return "ok" if condition in _QUIET else "warn"
