"""The notice kinds of the vehicle register (ADR 0010): inspection and scrapping,
written by the notices app's vehicle scans.
"""

from jiaoguan.core.families import NoticeKindDeclaration, NoticeSubject, NoticeWords

NOTICE_KINDS = [
    NoticeKindDeclaration(
        code="inspection_due",
        name="机动车检验提醒",
        subject=NoticeSubject.VEHICLE,
        chinese=NoticeWords(
            title="机动车检验提醒",
            reason="您的机动车{subject}检验有效期至{date}，现在可以申领检验合格标志。",
            action="请在有效期届满前预约检验或申领检验标志。",
        ),
        english=NoticeWords(
            title="Vehicle inspection reminder",
            reason=(
                "The inspection of your vehicle {subject} is valid until {date}; "
                "you may now apply for the inspection mark."
            ),
            action="Book the inspection or apply for the mark before it expires.",
        ),
        link="/guides/inspection-mark/",
        position=0,
    ),
    NoticeKindDeclaration(
        code="inspection_overdue",
        name="机动车检验逾期",
        subject=NoticeSubject.VEHICLE,
        chinese=NoticeWords(
            title="机动车检验已逾期",
            reason="您的机动车{subject}检验有效期已于{date}届满，上路行驶可能被处罚。",
            action="请尽快检验；连续三个检验周期未取得检验标志的，将强制报废。",
        ),
        english=NoticeWords(
            title="Vehicle inspection overdue",
            reason=(
                "The inspection of your vehicle {subject} expired on {date}; "
                "driving it may be penalised."
            ),
            action=(
                "Have it inspected soon: three missed inspection cycles mean mandatory scrapping."
            ),
        ),
        link="/guides/inspection-mark/",
        position=1,
    ),
    NoticeKindDeclaration(
        code="scrap_near",
        name="临近报废年限",
        subject=NoticeSubject.VEHICLE,
        chinese=NoticeWords(
            title="机动车临近报废年限",
            reason="您的机动车{subject}（{date}登记）距使用年限届满已不足一年。",
            action="使用年限届满前一年内不得变更使用性质、转移登记或转出。",
        ),
        english=NoticeWords(
            title="Vehicle near its service life",
            reason=(
                "Your vehicle {subject} (registered {date}) has less than a year "
                "of service life left."
            ),
            action="In its last year it may not change use, owner or registration area.",
        ),
        link="/guides/scrap/",
        position=2,
        sms=False,
    ),
    NoticeKindDeclaration(
        code="scrap_notice",
        name="报废告知",
        subject=NoticeSubject.VEHICLE,
        chinese=NoticeWords(
            title="机动车报废告知",
            reason="您的机动车{subject}（{date}登记）将在两个月内达到使用年限。",
            action="请在达到使用年限前办理报废和注销登记。",
        ),
        english=NoticeWords(
            title="Scrapping notice",
            reason=(
                "Your vehicle {subject} (registered {date}) reaches its service "
                "life within two months."
            ),
            action="Scrap and deregister it before its service life ends.",
        ),
        link="/guides/scrap/",
        position=3,
    ),
    NoticeKindDeclaration(
        code="scrap_due",
        name="已达报废年限",
        subject=NoticeSubject.VEHICLE,
        chinese=NoticeWords(
            title="机动车已达报废年限",
            reason="您的机动车{subject}（{date}登记）已达到使用年限，不得上路行驶。",
            action="请立即交报废机动车回收企业回收并办理注销登记。",
        ),
        english=NoticeWords(
            title="Vehicle due for scrapping",
            reason=(
                "Your vehicle {subject} (registered {date}) has reached its "
                "service life and may not be driven."
            ),
            action="Hand it to a scrap-recycling company and deregister it now.",
        ),
        link="/guides/scrap/",
        position=4,
    ),
    NoticeKindDeclaration(
        code="scrap_uninspected",
        name="逾期未检验报废",
        subject=NoticeSubject.VEHICLE,
        chinese=NoticeWords(
            title="机动车逾期未检验强制报废告知",
            reason=(
                "您的机动车{subject}检验有效期于{date}届满后，连续三个检验周期未取"
                "得检验合格标志，已达到强制报废条件。"
            ),
            action="该车不得上路行驶；请交报废机动车回收企业回收并办理注销登记。",
        ),
        english=NoticeWords(
            title="Vehicle due for scrapping: inspections missed",
            reason=(
                "The inspection of your vehicle {subject} expired on {date} and "
                "three inspection cycles have passed without an inspection mark: "
                "it must be scrapped."
            ),
            action=(
                "It may not be driven; hand it to a scrap-recycling company and deregister it."
            ),
        ),
        link="/guides/scrap/",
        position=15,
    ),
]
