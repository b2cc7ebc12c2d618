"""The one check of an uploaded image (camera evidence, plate-request documents).

Accepted: a JPEG or PNG that Pillow reads, of at most ``max_bytes`` bytes and
``JIAOGUAN_IMAGE_MAX_PIXELS`` pixels (a decompression bomb — a small file that decodes to
hundreds of megapixels — is refused from its header, before any decoding), ending exactly
where the image ends: nothing after PNG's ``IEND`` chunk or JPEG's end-of-image marker (a
PNG with an HTML page appended is refused). Callers map ``ImageRefused`` to their own error.
"""

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError

ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageRefused(ValueError):
    """Why an upload is not an acceptable image (for logs; callers show their own text)."""


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    sha256: str
    content: bytes


def image_check(
    content: bytes | None, *, max_bytes: int, max_pixels: int | None = None
) -> CheckedImage:
    """``content`` as stored, or ``ImageRefused``."""
    if not content:
        raise ImageRefused("empty")
    if len(content) > max_bytes:
        raise ImageRefused(f"larger than {max_bytes} bytes")
    max_pixels = max_pixels or settings.JIAOGUAN_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                kind = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise ImageRefused(f"{width}×{height} pixels, more than {max_pixels}")
                image.verify()
    except ImageRefused:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        struct.error,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ImageRefused(f"not readable: {error}") from None
    if kind not in ACCEPTED:
        raise ImageRefused(f"format {kind}")
    end = _png_end(content) if kind == "PNG" else _jpeg_end(content)
    if end != len(content):
        raise ImageRefused(f"{len(content) - end} bytes after the image end")
    return CheckedImage(ACCEPTED[kind], hashlib.sha256(content).hexdigest(), content)


def _png_end(content: bytes) -> int:
    """The offset just past the IEND chunk (chunks: length, type, data, CRC)."""
    if not content.startswith(PNG_SIGNATURE):
        raise ImageRefused("no PNG signature")
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(content):
        (length,) = struct.unpack(">I", content[offset : offset + 4])
        kind = content[offset + 4 : offset + 8]
        offset += 12 + length
        if kind == b"IEND":
            return offset
    raise ImageRefused("no IEND chunk")


_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0–7 carry no length
_IN_SCAN = {0x00, *range(0xD0, 0xD8)}  # a stuffed 0xFF byte, or a restart marker


def _jpeg_end(content: bytes) -> int:
    """The offset just past the end-of-image marker, walking the segments (and skipping
    each scan's entropy-coded data, where 0xFF is followed by 0x00 or a restart marker)."""
    if not content.startswith(b"\xff\xd8"):
        raise ImageRefused("no JPEG start marker")
    offset, size = 2, len(content)
    while offset < size:
        if content[offset] != 0xFF:
            raise ImageRefused("broken JPEG segment")
        while offset < size and content[offset] == 0xFF:  # fill bytes
            offset += 1
        if offset >= size:
            break
        marker = content[offset]
        offset += 1
        if marker == 0xD9:
            return offset
        if marker in _STANDALONE:
            continue
        if offset + 2 > size:
            break
        (length,) = struct.unpack(">H", content[offset : offset + 2])
        offset += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while (offset := content.find(b"\xff", offset)) != -1 and offset + 1 < size:
                if content[offset + 1] not in _IN_SCAN:
                    break
                offset += 2  # a stuffed byte or a restart marker: still in the scan
            else:
                break
    raise ImageRefused("no JPEG end marker")
