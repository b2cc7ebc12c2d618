"""PDF documents in Chinese: reportlab's built-in CID font ``STSong-Light`` (Adobe-GB1), so
no font file is shipped or fetched; PDF readers supply the glyphs."""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

CJK_FONT = "STSong-Light"
_registered = False


def cjk_font() -> str:
    """The name of the Chinese font, registered with reportlab on first use."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True
    return CJK_FONT


def a4_pdf(story: list, *, title: str, margin_mm: float = 20) -> bytes:
    """The flowables of ``story`` laid out on A4 pages with even margins, as PDF bytes."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = BytesIO()
    margin = margin_mm * mm
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )
    document.build(story)
    return buffer.getvalue()
