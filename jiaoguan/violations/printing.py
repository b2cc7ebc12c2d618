"""The penalty decision (处罚决定书) as an A4 PDF, served electronically to the person."""

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from jiaoguan.core import clock
from jiaoguan.core.ids import mask_id_number
from jiaoguan.core.money import Money
from jiaoguan.core.pdf import a4_pdf, cjk_font
from jiaoguan.violations.models import PenaltyDecision
from jiaoguan.violations.rules import penalties


def _yuan(fen: int) -> str:
    return f"{Money(fen).yuan:.2f}"


def decision_pdf(decision: PenaltyDecision, *, unit: tuple[str, str] | None = None) -> bytes:
    """The decision as served: who, what, when and where, the legal basis, the penalty, how
    and by when to pay, and the person's rights of review. ``unit`` (name, 统一社会信用代码):
    the decision is addressed to the organisation that handled it as the vehicle's owner, the
    person named as the driver whose licence took the points."""
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=17, leading=24, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13, alignment=1)
    record = decision.record
    due_on = penalties.payment_due_on(decision.served_on)
    party = [
        (_("被处罚人"), decision.person.name),
        (_("身份证明号码"), mask_id_number(decision.person.id_number)),
    ]
    if unit is not None:
        party = [
            (_("被处罚单位"), unit[0]),
            (_("统一社会信用代码"), unit[1]),
            (_("记分驾驶人"), decision.person.name),
        ]
    rows = [
        *party,
        (_("号牌号码"), record.plate_number),
        (_("违法时间"), f"{clock.local(record.occurred_at):%Y-%m-%d %H:%M}"),
        (_("违法地点"), record.place),
        (_("违法行为"), f"{decision.code} {decision.description}"),
        (_("违法依据"), decision.legal_basis),
        (_("处罚依据"), decision.penalty_basis),
        (
            _("处罚决定"),
            _("罚款 %(fine)s 元，记 %(points)s 分")
            % {"fine": _yuan(decision.fine_fen), "points": decision.points},
        ),
    ]
    table = Table(
        [[Paragraph(label, body), Paragraph(str(value), body)] for label, value in rows],
        colWidths=[32 * mm, 138 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"),
            ]
        )
    )
    payment = _(
        "请于 %(due)s 前（收到本决定书之日起十五日内）通过本平台网上缴纳罚款。逾期不缴纳的，"
        "每日按罚款数额的百分之三加处罚款，加处罚款总额不超过罚款数额。"
    ) % {"due": due_on.isoformat()}
    rights = _(
        "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。"
    )
    served = _("本决定书于 %(day)s 电子送达。作出决定的机关：%(office)s") % {
        "day": decision.served_on.isoformat(),
        "office": decision.office,
    }
    story = [
        Paragraph(_("公安交通管理简易程序处罚决定书"), title),
        Paragraph(_("编号：%(number)s") % {"number": decision.number}, small),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph(payment, body),
        Spacer(1, 3 * mm),
        Paragraph(rights, body),
        Spacer(1, 8 * mm),
        Paragraph(served, body),
    ]
    if decision.status == PenaltyDecision.Status.REVOKED:
        story.insert(2, Paragraph(_("本决定已撤销。"), title))
    return a4_pdf(story, title=f"{_('处罚决定书')} {decision.number}")
