"""The waybill sheet of a posted papers case (证件寄递运单及交接回执) as an A4 PDF, for the
officer to print and put in the parcel's bag: for each leg its waybill number (also as a
Code 128 barcode, the courier's scanners read it), sender and recipient, what it carries,
what the courier takes back at the door, and the delivery estimate; then a receipt the
applicant signs at handover. The applicant's phone is masked: the courier's own label
carries it in full."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from jiaoguan.core import clock
from jiaoguan.core.ids import mask_phone
from jiaoguan.core.pdf import a4_pdf, cjk_font
from jiaoguan.core.places import county_text
from jiaoguan.papers import rules
from jiaoguan.papers.models import PaperApplication, Shipment

_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, "#555555"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"),
    ]
)


def waybill_pdf(application: PaperApplication, shipments: list[Shipment]) -> bytes:
    """The sheet of ``shipments`` (the booked legs of the application's case, oldest
    first); at least one must have its waybill number."""
    booked = [shipment for shipment in shipments if shipment.waybill_number]
    assert booked, "only booked shipments have a waybill"
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=13, alignment=1)
    service = _(rules.rule_for(application.service).label)
    received = "、".join(s.description for s in booked if s.leg == Shipment.Leg.DOCUMENT)
    returned = "、".join(s.collect_item for s in booked if s.collect_item) or "—"
    story: list = [
        Paragraph(_("证件寄递运单及交接回执"), title),
        Paragraph(
            _("%(service)s · 业务编号 %(reference)s")
            % {"service": service, "reference": application.reference},
            small,
        ),
    ]
    for shipment in booked:
        story += [Spacer(1, 5 * mm), *_leg(shipment, body)]
    story += [
        Spacer(1, 8 * mm),
        Paragraph(_("交接回执"), title),
        _table(
            [
                (_("申请人"), application.person.name),
                (_("业务类型"), service),
                (_("收到证件"), received),
                (_("交回旧证件"), returned),
                (_("收件人签字"), ""),
                (_("签收日期"), ""),
            ],
            body,
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            _("打印时间：%(at)s。寄递时间不计入法定办理期限。")
            % {"at": f"{clock.local(clock.now()):%Y-%m-%d %H:%M}"},
            small,
        ),
    ]
    name = _("证件寄递运单")
    return a4_pdf(story, title=f"{name} {booked[0].waybill_number}")


def _leg(shipment: Shipment, style) -> list:
    returning = shipment.leg == Shipment.Leg.OLD_DOCUMENT
    citizen = (
        f"{shipment.citizen_name} {mask_phone(shipment.citizen_phone)} "
        f"{county_text(shipment.citizen_region_code)}{shipment.citizen_address}"
    )
    office = (
        f"{shipment.office_name} {shipment.office_phone} "
        f"{county_text(shipment.office_region_code)}{shipment.office_address}"
    )
    estimate = (
        f"{shipment.estimated_from:%Y-%m-%d} – {shipment.estimated_until:%Y-%m-%d}"
        if shipment.estimated_from and shipment.estimated_until
        else "—"
    )
    barcode = createBarcodeDrawing(
        "Code128", value=shipment.waybill_number, barHeight=14 * mm, humanReadable=True
    )
    rows = [
        (_("寄递段"), shipment.get_leg_display()),
        (_("运单号"), shipment.waybill_number),
        (_("寄件人"), citizen if returning else office),
        (_("收件人"), office if returning else citizen),
        (_("寄递物品"), shipment.description),
        (_("上门收回物品"), shipment.collect_item or "—"),
        (_("预计送达"), estimate),
    ]
    return [barcode, Spacer(1, 2 * mm), _table(rows, style)]


def _table(rows, style) -> Table:
    table = Table(
        [[Paragraph(str(label), style), Paragraph(str(value), style)] for label, value in rows],
        colWidths=[32 * mm, 138 * mm],
    )
    table.setStyle(_GRID)
    return table
