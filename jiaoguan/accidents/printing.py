"""The agreement (道路交通事故自行协商协议书) as an A4 PDF: what 事故程序规定 art. 21 asks
of it — time, place, weather, the parties with their licences, vehicles, insurers and
collision points, the accident type, the responsibility — and both signatures' times."""

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from jiaoguan.accidents.models import Accident
from jiaoguan.accidents.rules import liability
from jiaoguan.core import clock
from jiaoguan.core.ids import mask_id_number
from jiaoguan.core.pdf import a4_pdf, cjk_font

_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"),
    ]
)


def _local(moment) -> str:
    return f"{clock.local(moment):%Y-%m-%d %H:%M}"


def agreement_pdf(accident: Accident) -> bytes:
    """The agreement of an accident both parties signed (``agreement_number`` set)."""
    assert accident.agreement_number, "only an agreed accident has an agreement"
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13, alignment=1)
    table = liability.table_version(accident.liability_version)
    scenario = table.scenario(accident.scenario)
    facts = [
        (_("事故时间"), _local(accident.occurred_at)),
        (_("事故地点"), accident.place),
        (_("天气"), accident.get_weather_display()),
        (_("事故形态"), accident.get_kind_display()),
        (
            _("事故情形"),
            _("%(scenario)s（%(party)s）")
            % {
                "scenario": _(scenario.label),
                "party": _("甲方") if accident.scenario_party == "a" else _("乙方"),
            },
        ),
        (
            _("责任"),
            _("甲方 %(a)s%%，乙方 %(b)s%%（责任认定参照表 %(version)s）")
            % {"a": accident.share_a, "b": accident.share_b, "version": accident.liability_version},
        ),
    ]
    story = [
        Paragraph(_("道路交通事故自行协商协议书"), title),
        Paragraph(_("编号：%(number)s") % {"number": accident.agreement_number}, small),
        Spacer(1, 5 * mm),
        _table(facts, body),
    ]
    for party in accident.parties.select_related("person"):
        rows = [
            (_("当事方"), party.get_role_display()),
            (_("驾驶人"), party.person.name),
            (_("驾驶证号"), mask_id_number(party.person.id_number)),
            (_("号牌"), f"{party.plate_number}（{party.plate_type}）"),
            (_("交强险"), f"{party.insurer} {party.policy_number}"),
            (_("碰撞部位"), party.collision_point),
            (_("签字时间"), _local(party.signed_at) if party.signed_at else "—"),
        ]
        story += [Spacer(1, 4 * mm), _table(rows, body)]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "双方对上述事实和责任无异议，经协商一致，按照责任承担损害赔偿，可以向保险公司"
                "申请理赔。本协议经双方在交通安全综合服务管理平台上分别签字确认，于 %(day)s "
                "达成。协议不履行的，当事人可以申请人民调解或者向人民法院提起民事诉讼。"
            )
            % {"day": _local(accident.agreed_at)},
            body,
        ),
    ]
    return a4_pdf(story, title=f"{_('道路交通事故自行协商协议书')} {accident.agreement_number}")


def _table(rows, style) -> Table:
    table = Table(
        [[Paragraph(str(label), style), Paragraph(str(value), style)] for label, value in rows],
        colWidths=[32 * mm, 138 * mm],
    )
    table.setStyle(_GRID)
    return table


def determination_pdf(accident: Accident) -> bytes:
    """道路交通事故认定书（简易程序） of a determined accident (``determination_number``
    set): the facts as the officer found them, the parties, the responsibility, and how to
    claim and where to turn if the determination is not accepted."""
    assert accident.determination_number, "only a determined accident has a determination"
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13, alignment=1)
    table = liability.table_version(accident.liability_version)
    facts = [
        (_("事故时间"), _local(accident.occurred_at)),
        (_("事故地点"), accident.place),
        (_("天气"), accident.get_weather_display()),
        (_("事故形态"), accident.get_kind_display()),
        (_("事故事实"), accident.determination_text),
        (
            _("事故情形"),
            _("%(scenario)s（%(party)s）")
            % {
                "scenario": _(table.scenario(accident.scenario).label),
                "party": _("甲方") if accident.scenario_party == "a" else _("乙方"),
            },
        ),
        (
            _("责任"),
            _("甲方 %(a)s%%，乙方 %(b)s%%（责任认定参照表 %(version)s）")
            % {"a": accident.share_a, "b": accident.share_b, "version": accident.liability_version},
        ),
    ]
    story = [
        Paragraph(_("道路交通事故认定书（简易程序）"), title),
        Paragraph(_("编号：%(number)s") % {"number": accident.determination_number}, small),
        Spacer(1, 5 * mm),
        _table(facts, body),
    ]
    for party in accident.parties.select_related("person"):
        rows = [
            (_("当事方"), party.get_role_display()),
            (_("驾驶人"), party.person.name),
            (_("驾驶证号"), mask_id_number(party.person.id_number)),
            (_("号牌"), f"{party.plate_number}（{party.plate_type}）"),
            (_("交强险"), f"{party.insurer} {party.policy_number}"),
            (_("碰撞部位"), party.collision_point),
        ]
        story += [Spacer(1, 4 * mm), _table(rows, body)]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "当事人申请公安机关交通管理部门在线认定事故责任，经审查当事人陈述和车辆信息，"
                "于 %(day)s 作出本认定。当事人可以凭本认定书向保险公司申请理赔；"
                "对损害赔偿有争议的，可以申请人民调解或者向人民法院提起民事诉讼。"
            )
            % {"day": _local(accident.determined_at)},
            body,
        ),
    ]
    return a4_pdf(
        story, title=f"{_('道路交通事故认定书（简易程序）')} {accident.determination_number}"
    )
