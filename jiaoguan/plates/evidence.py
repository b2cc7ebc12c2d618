"""Documents uploaded with a plate request are checked by their content
(``core.images.image_check``: a JPEG or PNG no larger than
``JIAOGUAN_PLATES_EVIDENCE_MAX_BYTES``, no decompression bomb, nothing after its end)."""

from django.conf import settings

from jiaoguan.core.images import CheckedImage, ImageRefused, image_check
from jiaoguan.plates import errors

CheckedDocument = CheckedImage


def document_check(content: bytes | None) -> CheckedDocument:
    """The document as stored, or ``plates.evidence.invalid``."""
    limit = settings.JIAOGUAN_PLATES_EVIDENCE_MAX_BYTES
    try:
        return image_check(content, max_bytes=limit)
    except ImageRefused:
        raise errors.evidence_invalid(limit // 1024) from None
