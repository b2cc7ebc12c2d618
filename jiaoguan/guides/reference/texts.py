"""The reference guides' texts: who, when, what to bring, where and the legal basis of each
business, Chinese and English side by side (the service centre's catalogue reads them too)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.zh


@dataclass(frozen=True)
class Guide:
    """How to do a job today: who, when, what to bring, where, and the legal basis."""

    who: Text
    when: Text
    materials: Text
    where: Text
    basis: str


COUNTER = Text(
    "任一公安机关交通管理部门车辆管理所或交管服务站窗口；网上办理开通后在本平台办理。",
    "Any vehicle office or traffic police service point of the public security traffic "
    "administration; on this platform once online handling opens.",
)

GUIDES = {
    "inspection-mark": Guide(
        who=Text("机动车所有人。", "The vehicle's owner."),
        when=Text(
            "检验有效期届满前 3 个月内。",
            "Within the 3 months before the inspection validity expires.",
        ),
        materials=Text(
            "行驶证、交强险凭证、车船税完税或免税证明；需上线检验的，带检验合格证明。"
            "车辆的违法和事故须先处理完毕。",
            "The vehicle license, compulsory insurance (交强险) proof, vehicle-tax proof; the "
            "inspection certificate when the vehicle must be inspected. Violations and accidents "
            "must be handled first.",
        ),
        where=Text(
            "机动车安全技术检验机构检验后，到车辆管理所或检验机构的服务窗口申领，"
            "1 个工作日内核发，同时发放电子凭证。",
            "After the inspection at an inspection station, apply at the vehicle office or the "
            "station's counter; issued within 1 working day, with its electronic certificate.",
        ),
        basis="《机动车登记规定》第五十四条至第五十六条",
    ),
    "inspection-booking": Guide(
        who=Text("机动车所有人或其委托的人。", "The owner or someone they authorise."),
        when=Text(
            "检验有效期届满前 3 个月内预约检验。",
            "Book within the 3 months before the inspection validity expires.",
        ),
        materials=Text(
            "行驶证、交强险凭证、车船税证明。",
            "Vehicle license, compulsory insurance proof, vehicle-tax proof.",
        ),
        where=Text(
            "向机动车安全技术检验机构预约；不在登记地的，可在车辆所在地检验（大型客车、校车除外）。",
            "Book with an inspection station; away from the registration area, the vehicle may "
            "be inspected where it is (not large coaches or school buses).",
        ),
        basis="《机动车登记规定》第五十四条",
    ),
    "license-renewal": Guide(
        who=Text("驾驶证有效期即将届满的驾驶人。", "Drivers whose license is about to expire."),
        when=Text(
            "有效期满前 90 日内；超过有效期一年以上未换证的，驾驶证将被注销。",
            "Within 90 days before expiry; a license more than one year overdue is cancelled.",
        ),
        materials=Text(
            "身份证明、县级以上医疗机构出具的身体条件证明（6 个月内有效）。",
            "Identity document and a medical (physical-condition) certificate from a county-level "
            "or higher hospital (valid 6 months).",
        ),
        where=Text(
            "全国任一车辆管理所；换证时一并审验。",
            "Any vehicle office in the country; the review is done at renewal.",
        ),
        basis="《机动车驾驶证申领和使用规定》第六十三条、第七十二条",
    ),
    "medical-certificate": Guide(
        who=Text(
            "年满 70 周岁的驾驶人（每年）；C5 驾驶人（每三年）。",
            "Drivers aged 70 or over (every year); C5 holders (every three years).",
        ),
        when=Text(
            "每个记分周期结束后 30 日内提交。",
            "Within 30 days after each scoring cycle ends.",
        ),
        materials=Text(
            "县级以上医疗机构或有资质的体检机构出具的身体条件证明（6 个月内有效）。",
            "A physical-condition certificate from a county-level or higher hospital or an "
            "accredited health-check institution (valid 6 months).",
        ),
        where=Text(
            "医院联网上传，或到任一车辆管理所提交。",
            "Uploaded by a connected hospital, or handed in at any vehicle office.",
        ),
        basis="《机动车驾驶证申领和使用规定》第七十四条、第八十五条",
    ),
    "license-review": Guide(
        who=Text(
            "A1、A2、A3、B1、B2 驾驶人本记分周期有记分的；负有事故责任等情形的其他驾驶人。",
            "A1, A2, A3, B1, B2 holders with points in the cycle; other drivers after certain "
            "accidents.",
        ),
        when=Text("记分周期结束后 30 日内。", "Within 30 days after the scoring cycle ends."),
        materials=Text(
            "身份证明；需要的，完成不少于 3 小时的审验教育。",
            "Identity document; where required, at least 3 hours of review education.",
        ),
        where=Text("任一车辆管理所。", "Any vehicle office."),
        basis="《机动车驾驶证申领和使用规定》第七十二条、第七十三条",
    ),
    "license-replacement": Guide(
        who=Text(
            "驾驶证信息变更、损毁或遗失的驾驶人。",
            "Drivers whose license details changed, or whose license is damaged or lost.",
        ),
        when=Text(
            "信息变更或损毁的，30 日内申请换领；遗失的随时补领。",
            "Replacement within 30 days of a change or damage; a lost license any time.",
        ),
        materials=Text("身份证明。", "Identity document."),
        where=Text(
            "任一车辆管理所，1 个工作日内核发；驾驶证被扣押、扣留、暂扣期间不予补领。",
            "Any vehicle office, issued within 1 working day; not while the license is seized "
            "or suspended.",
        ),
        basis="《机动车驾驶证申领和使用规定》第六十六条至第六十九条",
    ),
    "license-seizure": Guide(
        who=Text(
            "驾驶证被扣留、暂扣或吊销的驾驶人。",
            "Drivers whose license is withheld, suspended or revoked.",
        ),
        when=Text(
            "暂扣期满后领回驾驶证；吊销的，在规定的期限届满后重新申请"
            "（一般 2 年，醉酒驾驶等情形 5 年、10 年或终生不得重新取得）。",
            "Collect the license when the suspension ends; after a revocation, apply again once "
            "the waiting period is over (2 years in general; 5, 10 years or for life after drunk "
            "driving and other serious offences).",
        ),
        materials=Text(
            "身份证明、处罚决定书；暂扣期间记满 12 分的，须先完成满分教育和考试。",
            "Identity document and the penalty decision; with 12 points, full-score education "
            "and the exam come first.",
        ),
        where=Text(
            "作出处罚决定的公安机关交通管理部门；暂扣或吊销期间不得驾驶机动车，也不予补领、换领驾驶证。",
            "The traffic police office that decided the penalty. While suspended or revoked you "
            "may not drive, and no replacement or renewal is issued.",
        ),
        basis="《中华人民共和国道路交通安全法》第九十一条；《机动车驾驶证申领和使用规定》第十五条",
    ),
    "license-restoration": Guide(
        who=Text(
            "因超过有效期一年以上未换证、或未按规定提交身体条件证明，驾驶证被注销的驾驶人。",
            "Drivers whose license was cancelled for being more than a year overdue for "
            "renewal, or for a missing medical certificate.",
        ),
        when=Text(
            "注销之日起 2 年内，只考科目一即可恢复驾驶资格；超过 2 年的，须重新申领驾驶证。",
            "Within 2 years of the cancellation, passing 科目一 alone restores it; after 2 years, "
            "apply for a new license.",
        ),
        materials=Text(
            "身份证明、县级以上医疗机构出具的身体条件证明。",
            "Identity document and a medical certificate from a county-level or higher hospital.",
        ),
        where=Text(
            "全国任一车辆管理所均可申请恢复驾驶资格考试。",
            "Any vehicle office in the country accepts the restoration exam.",
        ),
        basis="《机动车驾驶证申领和使用规定》第七十九条",
    ),
    "points-study": Guide(
        who=Text(
            "本记分周期有记分、驾驶证状态正常的驾驶人。",
            "Drivers with points in the current cycle and a license in good standing.",
        ),
        when=Text(
            "记分周期内；一个周期最多减免 6 分。",
            "Within the scoring cycle; at most 6 points a cycle.",
        ),
        materials=Text(
            "身份证明；学习时须实名验证。", "Identity; identity is verified while studying."
        ),
        where=Text(
            "交管部门指定的网络学习平台或现场学习点（学法减分）。",
            "The study platform or sites designated by the traffic police (学法减分).",
        ),
        basis="《道路交通安全违法行为记分管理办法》第二十五条至第二十七条",
    ),
    "full-score-study": Guide(
        who=Text(
            "一个记分周期累积记满 12 分的驾驶人。", "Drivers who reached 12 points in a cycle."
        ),
        when=Text(
            "驾驶证被扣留后参加满分教育学习，学习期满后考试。",
            "After the license is seized: full-score education, then the exam.",
        ),
        materials=Text("身份证明、被扣留的驾驶证。", "Identity document; the seized license."),
        where=Text(
            "驾驶证扣留地、核发地或违法行为地车辆管理所，部分学习可网上进行。",
            "The vehicle office where it was seized or issued, or where the violation happened; "
            "part of the study may be online.",
        ),
        basis="《道路交通安全违法行为记分管理办法》第十七条至第二十四条",
    ),
    "temporary-plates": Guide(
        who=Text("尚未登记的新车、转籍车辆的所有人。", "Owners of new or transferring vehicles."),
        when=Text("上道路行驶前。", "Before driving on the road."),
        materials=Text(
            "身份证明、车辆来历证明、整车出厂合格证明或进口凭证、交强险凭证。",
            "Identity, proof of origin, the factory certificate or import papers, compulsory "
            "insurance proof.",
        ),
        where=COUNTER,
        basis="《机动车登记规定》第二十七条、第二十八条",
    ),
    "scrap": Guide(
        who=Text(
            "达到报废标准机动车的所有人。",
            "Owners of vehicles that reached the scrapping criteria.",
        ),
        when=Text(
            "达到使用年限，或连续三个检验周期未取得检验合格标志时。",
            "At the end of the service life, or after three missed inspection cycles.",
        ),
        materials=Text(
            "交报废机动车回收企业回收，由回收企业或本人办理注销登记。",
            "Hand the vehicle to a scrapping company; it (or you) deregisters it.",
        ),
        where=COUNTER,
        basis="《机动车强制报废标准规定》第四条；《机动车登记规定》",
    ),
    "accident": Guide(
        who=Text(
            "发生仅造成财产损失、无人员伤亡的轻微事故的当事人。",
            "Parties to a minor accident with damage only, no one hurt.",
        ),
        when=Text("事故发生时。", "When the accident happens."),
        materials=Text(
            "拍照固定现场后撤离，自行协商；对事实有争议的，报警。",
            "Take photos, clear the road and settle; call the police if the facts are disputed.",
        ),
        where=Text(
            "网上快处快赔开通后在本平台办理；目前请拨打 122。",
            "On this platform once quick handling opens; for now call 122.",
        ),
        basis="《道路交通事故处理程序规定》第二十条",
    ),
    "travel": Guide(
        who=Text("所有出行的人。", "Everyone on the road."),
        when=Text("出行前。", "Before the trip."),
        materials=Text("无需材料。", "Nothing to bring."),
        where=Text(
            "路况、施工、事故多发路段和天气信息将在本平台发布；目前请关注当地交警发布。",
            "Road conditions, works, black spots and weather will be published here; for now "
            "see the local traffic police's announcements.",
        ),
        basis="《道路交通安全法》",
    ),
    "enterprises": Guide(
        who=Text(
            "客运、危险货物运输、校车等重点企业及其驾驶人。",
            "Passenger transport, dangerous goods and school bus operators and their drivers.",
        ),
        when=Text("日常安全管理。", "Day-to-day safety management."),
        materials=Text(
            "单位统一社会信用代码、经办人身份证明。", "The unit's credit code; the staff's ID."
        ),
        where=Text(
            "单位门户开通前，请到车辆管理所窗口办理单位业务。",
            "Until the organisations' portal opens, at a vehicle office's counter.",
        ),
        basis="《道路交通安全法实施条例》",
    ),
}

#: The guides of the businesses already online: what the platform's own page does.
ONLINE = Text("登录本平台，按页面提示在网上办理。", "Sign in to this platform and follow the page.")

GUIDES.update(
    {
        "exams": Guide(
            who=Text("已受理驾驶证申请、学习时间已满的学员。", "Learners whose study time is met."),
            when=Text("每期预约批次开放期间。", "While a booking window is open."),
            materials=Text(
                "无需另交材料（身份信息已联网核验）。", "Nothing (identity is checked online)."
            ),
            where=ONLINE,
            basis="《机动车驾驶证申领和使用规定》第三十条",
        ),
        "plate-selection": Guide(
            who=Text("新车所有人。", "Owners of new vehicles."),
            when=Text("注册登记时。", "At registration."),
            materials=Text(
                "身份证明、车辆信息（网上核验）。", "Identity, vehicle data (checked online)."
            ),
            where=ONLINE,
            basis="《机动车登记规定》第十二条",
        ),
        "plate-requests": Guide(
            who=Text("机动车所有人。", "Vehicle owners."),
            when=Text(
                "转让、报废或更换车辆时。", "When selling, scrapping or replacing a vehicle."
            ),
            materials=Text("身份证明；号牌号码。", "Identity; the plate number."),
            where=ONLINE,
            basis="《机动车登记规定》第二十二条",
        ),
        "violations": Guide(
            who=Text("非现场违法的机动车驾驶人或所有人。", "Drivers or owners of camera records."),
            when=Text("收到违法告知后。", "After the violation notice."),
            materials=Text("驾驶证（网上核验）。", "The license (checked online)."),
            where=ONLINE,
            basis="《道路交通安全违法行为处理程序规定》第十九条",
        ),
        "disputes": Guide(
            who=Text(
                "对交通技术监控记录有异议的当事人。", "Parties who object to a camera record."
            ),
            when=Text("处理违法前。", "Before handling the violation."),
            materials=Text("异议理由及证明材料照片。", "The reason and photos of the evidence."),
            where=ONLINE,
            basis="《道路交通安全违法行为处理程序规定》第二十条",
        ),
        "authorisations": Guide(
            who=Text("驾驶他人机动车的驾驶人。", "Drivers of other people's vehicles."),
            when=Text("车主授权后。", "Once the owner consents."),
            materials=Text("车主授权（网上确认）。", "The owner's consent (online)."),
            where=ONLINE,
            basis="《道路交通安全违法行为处理程序规定》第十九条",
        ),
    }
)
