"""Evidence images are checked by their content: Pillow must read them as JPEG or PNG."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from jiaoguan.violations import errors

ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    sha256: str
    content: bytes


def evidence_check(images: list[bytes]) -> list[CheckedImage]:
    """The images as stored, or the refusal naming the first bad one (its position)."""
    limit = settings.JIAOGUAN_EVIDENCE_MAX_IMAGES
    if not 1 <= len(images) <= limit:
        raise errors.evidence_count(limit)
    checked = []
    for position, content in enumerate(images):
        if len(content) > settings.JIAOGUAN_EVIDENCE_MAX_BYTES:
            raise errors.evidence_too_large(position, settings.JIAOGUAN_EVIDENCE_MAX_BYTES // 1024)
        try:
            with Image.open(io.BytesIO(content)) as image:
                kind = image.format
                image.verify()
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            raise errors.evidence_not_image(position) from None
        if kind not in ACCEPTED:
            raise errors.evidence_not_image(position)
        digest = hashlib.sha256(content).hexdigest()
        checked.append(CheckedImage(ACCEPTED[kind], digest, content))
    return checked
