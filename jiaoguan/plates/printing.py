"""The printable temporary plate: an A4 landscape PDF with the number, validity and a QR code
that opens the plate's public status page.

The Chinese text uses ``core.pdf.cjk_font``. The QR code is drawn with reportlab's own vector
QR widget, so it stays sharp at any print size.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from jiaoguan.core.pdf import cjk_font
from jiaoguan.plates.models import TemporaryPlate


def temporary_plate_pdf(plate: TemporaryPlate, *, status_url: str) -> bytes:
    """The PDF of one temporary plate; ``status_url`` goes into the QR code."""
    font = cjk_font()
    buffer = BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height))
    page.setTitle(f"{_('临时行驶车号牌')} {plate.number}")
    page.setLineWidth(3)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    page.setFont(font, 26)
    page.drawCentredString(width / 2, height - 34 * mm, _("临时行驶车号牌"))
    page.setFont(font, 96)
    page.drawCentredString(width / 2 - 30 * mm, height / 2 - 4 * mm, plate.number)
    page.setFont(font, 16)
    lines = [
        _("有效期：%(start)s 至 %(end)s")
        % {"start": plate.issued_on.isoformat(), "end": plate.valid_until.isoformat()},
        _("情形：%(situation)s") % {"situation": plate.get_situation_display()},
        _("扫描二维码查验号牌状态；领取正式号牌3日后作废。"),
    ]
    for index, line in enumerate(lines):
        page.drawString(24 * mm, 48 * mm - index * 9 * mm, line)
    size = 62 * mm
    widget = QrCodeWidget(status_url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, page, width - size - 22 * mm, 22 * mm)
    page.showPage()
    page.save()
    return buffer.getvalue()
