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
