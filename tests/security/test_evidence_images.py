"""Evidence images (camera uploads and plate-request documents) are refused when they are
decompression bombs or carry data after the image's end (issue 12)."""

import io
import struct
import zlib

import pytest
from PIL import Image

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.images import ImageRefused, image_check
from jiaoguan.plates.evidence import document_check
from jiaoguan.violations.evidence import evidence_check


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 12_000, height: int = 12_000) -> bytes:
    """A valid grey PNG of width × height black pixels: tiny on disk, huge in memory."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def small(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, kind)
    return out.getvalue()


def test_a_144_megapixel_png_is_refused():
    content = bomb_png()
    assert len(content) < 1024 * 1024  # small enough to pass the byte limit
    with pytest.raises(ImageRefused, match="pixels"):
        image_check(content, max_bytes=1024 * 1024)
    with pytest.raises(ApplicationError) as caught:
        evidence_check([content])
    assert caught.value.code == "violations.evidence.not_image"
    with pytest.raises(ApplicationError) as caught:
        document_check(content)
    assert caught.value.code == "plates.evidence.invalid"


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_data_after_the_image_end_is_refused(kind):
    polyglot = small(kind) + b"<html><script>alert(document.cookie)</script></html>"
    with pytest.raises(ImageRefused, match="after"):
        image_check(polyglot, max_bytes=1024 * 1024)
    with pytest.raises(ApplicationError):
        evidence_check([polyglot])
    with pytest.raises(ApplicationError):
        document_check(polyglot)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_plain_images_pass(kind):
    checked = image_check(small(kind), max_bytes=1024 * 1024)
    assert checked.content_type == f"image/{kind.lower()}"
    assert evidence_check([small(kind)])[0].content_type == checked.content_type
    assert document_check(small(kind)).content_type == checked.content_type


def test_a_progressive_jpeg_with_exif_passes():
    out = io.BytesIO()
    exif = Image.Exif()
    Image.new("RGB", (320, 240), (10, 200, 10)).save(
        out, "JPEG", progressive=True, exif=exif.tobytes()
    )
    assert image_check(out.getvalue(), max_bytes=1024 * 1024).content_type == "image/jpeg"


@pytest.mark.parametrize("restart_blocks", [0, 1, 4])
def test_a_photo_with_stuffed_bytes_and_restart_markers_ends_where_it_ends(restart_blocks):
    """The scan's entropy-coded data is full of 0xFF 0x00 pairs and, with restart intervals,
    of RSTn markers: none of them is the image's end, and what follows the real end is found."""
    noise = bytes((i * 7919) % 251 for i in range(320 * 240 * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", (320, 240), noise).save(
        out, "JPEG", quality=90, restart_marker_blocks=restart_blocks
    )
    photo = out.getvalue()
    assert b"\xff\x00" in photo
    if restart_blocks:
        assert b"\xff\xd0" in photo
    assert image_check(photo, max_bytes=10**7).content == photo
    for spoiled in (photo + b"<html>", photo[:-2], photo[:-2] + b"\xff"):
        with pytest.raises(ImageRefused):
            image_check(spoiled, max_bytes=10**7)
