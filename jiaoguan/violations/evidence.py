"""Evidence images are checked by their content (``core.images.image_check``: JPEG or PNG,
no decompression bomb, nothing after the image's end)."""

from django.conf import settings

from jiaoguan.core.images import CheckedImage, ImageRefused, image_check
from jiaoguan.violations import errors

__all__ = ["CheckedImage", "evidence_check"]


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
            checked.append(image_check(content, max_bytes=settings.JIAOGUAN_EVIDENCE_MAX_BYTES))
        except ImageRefused:
            raise errors.evidence_not_image(position) from None
    return checked
