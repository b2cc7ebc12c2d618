"""Documents uploaded with a plate request are checked by their content: Pillow must read
them as a JPEG or PNG image no larger than ``JIAOGUAN_PLATES_EVIDENCE_MAX_BYTES``."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from jiaoguan.plates import errors

ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    sha256: str
    content: bytes


def document_check(content: bytes | None) -> CheckedDocument:
    """The document as stored, or ``plates.evidence.invalid``."""
    limit = settings.JIAOGUAN_PLATES_EVIDENCE_MAX_BYTES
    if not content or len(content) > limit:
        raise errors.evidence_invalid(limit // 1024)
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise errors.evidence_invalid(limit // 1024) from None
    if kind not in ACCEPTED:
        raise errors.evidence_invalid(limit // 1024)
    return CheckedDocument(ACCEPTED[kind], hashlib.sha256(content).hexdigest(), content)
