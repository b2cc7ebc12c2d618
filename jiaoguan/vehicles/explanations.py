"""User-facing explanations of the codes emitted by ``jiaoguan.vehicles.rules``.

Each text names the instrument the rule comes from, so an owner or officer can check it. The
texts are lazy so this module can be imported before settings are read.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiaoguan.vehicles.rules import Basis, Condition, ExemptionLossEvent

BASIS_TEXT: dict[str, Promise] = {
    # Inspection intervals.
    Basis.INSPECTION_CLASSIC_OPERATING_PASSENGER: _(
        "《道路交通安全法实施条例》第十六条：营运载客汽车5年以内每年检验1次；"
        "超过5年的，每6个月检验1次。"
    ),
    Basis.INSPECTION_CLASSIC_GOODS: _(
        "《道路交通安全法实施条例》第十六条：载货汽车10年以内每年检验1次；"
        "超过10年的，每6个月检验1次（低速货车、三轮汽车和挂车按载货汽车执行）。"
    ),
    Basis.INSPECTION_CLASSIC_LARGE_MEDIUM_PASSENGER: _(
        "《道路交通安全法实施条例》第十六条：大型、中型非营运载客汽车10年以内每年检验1次；"
        "超过10年的，每6个月检验1次。"
    ),
    Basis.INSPECTION_CLASSIC_SMALL_PASSENGER: _(
        "《道路交通安全法实施条例》第十六条：小型、微型非营运载客汽车6年以内每2年检验1次；"
        "超过6年的，每年检验1次；超过15年的，每6个月检验1次。"
    ),
    Basis.INSPECTION_CLASSIC_MOTORCYCLE: _(
        "《道路交通安全法实施条例》第十六条：摩托车4年以内每2年检验1次；超过4年的，每年检验1次。"
    ),
    Basis.INSPECTION_CLASSIC_OTHER: _(
        "《道路交通安全法实施条例》第十六条：拖拉机和其他机动车每年检验1次。"
    ),
    Basis.INSPECTION_REFORM_2014_SMALL_PASSENGER: _(
        "2014年9月1日起施行的机动车检验改革措施：6座以下非营运小型、微型载客汽车（面包车除外）"
        "6年以内免予上线检验，每2年申领检验标志；第6年起按《道路交通安全法实施条例》第十六条检验。"
    ),
    Basis.INSPECTION_REFORM_2020_SMALL_PASSENGER: _(
        "2020年11月20日起施行的机动车检验改革措施：9座以下非营运小型、微型载客汽车（面包车除外）"
        "6年以内免予上线检验，每2年申领检验标志；第6年至第10年每2年上线检验1次。"
    ),
    Basis.INSPECTION_REFORM_2022_SMALL_PASSENGER: _(
        "《关于深化机动车检验制度改革优化车检服务工作的意见》（2022年10月1日起施行）："
        "9座以下非营运小型、微型载客汽车（面包车除外）第2、4、8年申领检验标志，"
        "第6、10年上线检验，超过10年的每年检验1次。"
    ),
    Basis.INSPECTION_REFORM_2022_MOTORCYCLE: _(
        "《关于深化机动车检验制度改革优化车检服务工作的意见》（2022年10月1日起施行）："
        "摩托车第2、4、8年申领检验标志，第6、10年上线检验，超过10年的每年检验1次。"
    ),
    Basis.INSPECTION_SCHOOL_BUS_DEDICATED: _(
        "《机动车登记规定》第六十二条：专用校车自注册登记之日起每6个月检验1次。"
    ),
    Basis.INSPECTION_SCHOOL_BUS_NON_DEDICATED: _(
        "《机动车登记规定》第六十二条：非专用校车自取得校车标牌之日起每6个月检验1次。"
    ),
    Basis.INSPECTION_WINDOW: _(
        "《机动车登记规定》第五十四条：可以在检验有效期满前3个月内申领检验合格标志"
        "（即有效期所在月及其前两个月）。"
    ),
    Basis.INSPECTION_WINDOW_SCHOOL_BUS: _(
        "《机动车登记规定》第六十二条：校车可以在检验有效期满前1个月内申领检验合格标志。"
    ),
    Basis.INSPECTION_OVERDUE: _(
        "检验有效期已届满：依照《机动车登记规定》第七十八条给予警告或者处200元以下罚款；"
        "上道路行驶的，依照《道路交通安全法》第九十五条可以扣留车辆。"
    ),
    # Service lives.
    Basis.SCRAP_TAXI_SMALL_MICRO: _(
        "《机动车强制报废标准规定》第五条：小、微型出租客运汽车使用8年。"
    ),
    Basis.SCRAP_TAXI_MEDIUM: _("《机动车强制报废标准规定》第五条：中型出租客运汽车使用10年。"),
    Basis.SCRAP_TAXI_LARGE: _("《机动车强制报废标准规定》第五条：大型出租客运汽车使用12年。"),
    Basis.SCRAP_TAXI_PROVINCIAL: _(
        "《机动车强制报废标准规定》第五条：本省规定了严于国家标准的小、微型出租客运汽车使用年限"
        "（不低于6年）。"
    ),
    Basis.SCRAP_RENTAL: _("《机动车强制报废标准规定》第五条：租赁载客汽车使用15年。"),
    Basis.SCRAP_DRIVING_SCHOOL_SMALL: _(
        "《机动车强制报废标准规定》第五条：小型教练载客汽车使用10年。"
    ),
    Basis.SCRAP_DRIVING_SCHOOL_MEDIUM: _(
        "《机动车强制报废标准规定》第五条：中型教练载客汽车使用12年。"
    ),
    Basis.SCRAP_DRIVING_SCHOOL_LARGE: _(
        "《机动车强制报废标准规定》第五条：大型教练载客汽车使用15年。"
    ),
    Basis.SCRAP_TRANSIT_BUS: _("《机动车强制报废标准规定》第五条：公交客运汽车使用13年。"),
    Basis.SCRAP_OTHER_OPERATING_SMALL_MICRO: _(
        "《机动车强制报废标准规定》第五条：其他小、微型营运载客汽车使用10年。"
    ),
    Basis.SCRAP_OTHER_OPERATING_MEDIUM_LARGE: _(
        "《机动车强制报废标准规定》第五条：其他大、中型营运载客汽车使用15年。"
    ),
    Basis.SCRAP_DEDICATED_SCHOOL_BUS: _("《机动车强制报废标准规定》第五条：专用校车使用15年。"),
    Basis.SCRAP_NON_OPERATING_NO_LIMIT: _(
        "《机动车强制报废标准规定》第五条：小、微型非营运载客汽车和大型非营运轿车无使用年限限制。"
    ),
    Basis.SCRAP_NON_OPERATING_MEDIUM_LARGE: _(
        "《机动车强制报废标准规定》第五条：大、中型非营运载客汽车（大型轿车除外）使用20年。"
    ),
    Basis.SCRAP_CONVERTED_TO_OPERATING: _(
        "《机动车强制报废标准规定》第六条：非营运小、微型载客汽车和大型轿车变更为营运的，"
        "按附件1折算使用年限，最长不超过15年；本车暂按15年计，需人工审核。"
    ),
    Basis.SCRAP_CONVERTED_FROM_OPERATING: _(
        "《机动车强制报废标准规定》第六条：营运载客汽车变更为非营运的，按营运载客汽车的规定报废；"
        "原营运类别不明，暂按其他营运载客汽车计，需人工审核。"
    ),
    Basis.SCRAP_CONVERTED_FROM_TAXI: _(
        "《机动车强制报废标准规定》第六条：出租客运汽车变更为非营运的，按出租客运汽车的使用年限报废。"
    ),
    Basis.SCRAP_GOODS_MICRO: _("《机动车强制报废标准规定》第五条：微型载货汽车使用12年。"),
    Basis.SCRAP_GOODS_LIGHT_MEDIUM: _(
        "《机动车强制报废标准规定》第五条：轻型、中型载货汽车使用15年。"
    ),
    Basis.SCRAP_GOODS_HEAVY: _(
        "《机动车强制报废标准规定》第五条：重型载货汽车（包括半挂牵引车和全挂牵引车）使用15年。"
    ),
    Basis.SCRAP_GOODS_DANGEROUS: _(
        "《机动车强制报废标准规定》第五条：危险品运输载货汽车使用10年。"
    ),
    Basis.SCRAP_THREE_WHEELED_VEHICLE: _("《机动车强制报废标准规定》第五条：三轮汽车使用9年。"),
    Basis.SCRAP_LOW_SPEED_GOODS_SINGLE_CYLINDER: _(
        "《机动车强制报废标准规定》第五条：装用单缸发动机的低速货车使用9年。"
    ),
    Basis.SCRAP_LOW_SPEED_GOODS_MULTI_CYLINDER: _(
        "《机动车强制报废标准规定》第五条：装用多缸发动机的低速货车使用12年。"
    ),
    Basis.SCRAP_SPECIAL_PURPOSE_WITH_LOAD: _(
        "《机动车强制报废标准规定》第五条：有载货功能的专项作业车使用15年。"
    ),
    Basis.SCRAP_SPECIAL_PURPOSE_WITHOUT_LOAD: _(
        "《机动车强制报废标准规定》第五条：无载货功能的专项作业车使用30年。"
    ),
    Basis.SCRAP_SEMI_TRAILER_CONTAINER: _(
        "《机动车强制报废标准规定》第五条：集装箱半挂车使用20年。"
    ),
    Basis.SCRAP_SEMI_TRAILER_DANGEROUS: _(
        "《机动车强制报废标准规定》第五条：危险品运输半挂车使用10年。"
    ),
    Basis.SCRAP_SEMI_TRAILER_OTHER: _("《机动车强制报废标准规定》第五条：其他半挂车使用15年。"),
    Basis.SCRAP_FULL_TRAILER: _("《机动车强制报废标准规定》第五条：全挂车使用10年。"),
    Basis.SCRAP_MOTORCYCLE_THREE_WHEELED: _(
        "《机动车强制报废标准规定》第五条：正三轮摩托车使用12年。"
    ),
    Basis.SCRAP_MOTORCYCLE_THREE_WHEELED_PROVINCIAL: _(
        "《机动车强制报废标准规定》第五条：本省规定了严于国家标准的正三轮摩托车使用年限（不低于10年）。"
    ),
    Basis.SCRAP_MOTORCYCLE_OTHER: _("《机动车强制报废标准规定》第五条：其他摩托车使用13年。"),
    Basis.SCRAP_MOTORCYCLE_OTHER_PROVINCIAL: _(
        "《机动车强制报废标准规定》第五条：本省规定了严于国家标准的摩托车使用年限（不低于11年）。"
    ),
    Basis.SCRAP_WHEELED_MACHINERY_NO_LIMIT: _(
        "《机动车强制报废标准规定》第五条：轮式专用机械车无使用年限限制。"
    ),
    Basis.SCRAP_NOT_COVERED: _(
        "《机动车强制报废标准规定》第五条未规定该类车辆（如拖拉机、无轨电车、有轨电车）的使用年限。"
    ),
    # Scrapping milestones.
    Basis.SCRAP_LAST_YEAR: _(
        "《机动车强制报废标准规定》：距使用年限不足1年的，不得变更使用性质、转移所有权或者转出"
        "登记地所属地市级行政区域（《机动车登记规定》第二十一条、第二十九条）。"
    ),
    Basis.SCRAP_NOTICE: _(
        "《道路交通安全法实施条例》第九条：机动车达到报废标准的，公安机关交通管理部门"
        "在报废期满的2个月前通知机动车所有人办理注销登记。"
    ),
    Basis.SCRAP_DUE_SERVICE_LIFE: _(
        "《机动车强制报废标准规定》第四条第（一）项：达到规定使用年限的机动车应当强制报废。"
    ),
    Basis.SCRAP_DUE_MISSED_INSPECTIONS: _(
        "《机动车强制报废标准规定》第四条第（四）项：在检验有效期届满后连续3个机动车检验周期内"
        "未取得机动车检验合格标志的，应当强制报废。"
    ),
    Basis.STATUS_NORMAL: _("车辆检验和报废状态正常，无需办理业务。"),
    Basis.STATUS_DEREGISTERED: _(
        "机动车已注销登记（《机动车登记规定》第三十八条），不再办理检验等业务。"
    ),
    # Events that remove the inspection exemption.
    ExemptionLossEvent.VAN: _(
        "面包车不适用非营运小型、微型载客汽车免检政策，须上线检验（2014、2020、2022年检验改革措施）。"
    ),
    ExemptionLossEvent.ILLEGAL_MODIFICATION: _(
        "车辆因非法改装被依法处罚，不适用免检政策，须上线检验。"
    ),
    ExemptionLossEvent.INJURY_ACCIDENT: _(
        "车辆发生过造成人员伤亡的交通事故，不适用免检政策，须上线检验。"
    ),
    ExemptionLossEvent.LATE_REGISTRATION: _(
        "车辆出厂超过4年才办理注册登记，不适用免检政策，须上线检验。"
    ),
    ExemptionLossEvent.USE_CONVERSION: _(
        "车辆变更过营运、非营运使用性质，不适用免检政策，须上线检验，并由民警人工审核。"
    ),
    # Conditions.
    Condition.NORMAL: _("车辆状态正常。"),
    Condition.INSPECTION_WINDOW_OPEN: _(
        "已进入检验合格标志申领期（《机动车登记规定》第五十四条），请在检验有效期届满前办理。"
    ),
    Condition.INSPECTION_OVERDUE: _(
        "检验有效期已届满，车辆逾期未检验，不得上道路行驶（《道路交通安全法》第九十五条）。"
    ),
    Condition.SCRAP_NEAR: _(
        "车辆进入使用年限最后1年，不得变更使用性质、转移登记或者转出（《机动车强制报废标准规定》）。"
    ),
    Condition.SCRAP_NOTICE: _(
        "车辆将在2个月内达到报废标准，请及时办理注销登记（《道路交通安全法实施条例》第九条）。"
    ),
    Condition.SCRAP_DUE: _(
        "车辆已达到强制报废标准，不得上道路行驶（《机动车强制报废标准规定》第四条、"
        "《道路交通安全法》第一百条）。"
    ),
    Condition.DEREGISTERED: _("机动车已注销登记。"),
}


def explain(code: str) -> str:
    """The explanation of a rules code in the active language; ``KeyError`` if unknown."""
    return str(BASIS_TEXT[code])


#: A short label for each condition, as shown on a badge.
CONDITION_LABEL: dict[str, Promise] = {
    Condition.NORMAL: _("正常"),
    Condition.INSPECTION_WINDOW_OPEN: _("可以申领检验标志"),
    Condition.INSPECTION_OVERDUE: _("逾期未检验"),
    Condition.SCRAP_NEAR: _("临近报废"),
    Condition.SCRAP_NOTICE: _("报废提示期"),
    Condition.SCRAP_DUE: _("达到报废标准"),
    Condition.DEREGISTERED: pgettext_lazy("vehicle", "已注销"),
}


def condition_tone(condition: str) -> str:
    """``bad``, ``warn`` or ``ok``: the badge's color."""
    if condition in {Condition.INSPECTION_OVERDUE, Condition.SCRAP_DUE, Condition.DEREGISTERED}:
        return "bad"
    return "ok" if condition == Condition.NORMAL else "warn"
