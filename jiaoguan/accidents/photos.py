"""The guided photos of a minor accident (事故快处): front-side, rear-side, the collision
point and, optionally, the scene (``accidents.rules.reporting``: which are required and
how many; whether a capture time and place agree with the report).

A photo is checked by its content (``core.images.image_check``: a JPEG or PNG that
decodes, no larger than ``JIAOGUAN_ACCIDENTS_PHOTO_MAX_BYTES``, nothing after its end);
its capture time and place are read from its EXIF when it has them and compared with the
report. A photo too far in time or place, or without them, is flagged for the officer, not
refused (the rules say so). Each party uploads their own; a second photo of a kind
replaces the party's first while the case is open. Photos are kept in the database with
the accident and served only through these reads: to the accident's parties, and to an
officer of its province (each read audited with its purpose).
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from PIL import Image

from jiaoguan.accidents import errors
from jiaoguan.accidents.locking import locked_with_party
from jiaoguan.accidents.models import Accident, Photo
from jiaoguan.accidents.rules.reporting import photo_check, photos_complete
from jiaoguan.accidents.selectors import accident_of_party, party_person_id
from jiaoguan.applications.rules.accidents import OFFICER, QUICK
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.images import ImageRefused, image_check
from jiaoguan.identity.actors import permission_require

READ_PURPOSE = "事故认定"
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME, _DATETIME_ORIGINAL, _OFFSET_ORIGINAL = 306, 36867, 36881


def _rational(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return numerator / denominator


def _degrees(parts: Any, ref: Any) -> float | None:
    try:
        d, m, s = (_rational(part) for part in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    return -value if str(ref).upper().startswith(("S", "W")) else value


def exif_capture(content: bytes) -> tuple[datetime | None, float | None, float | None]:
    """The capture time (aware; a time without its offset is read as the platform's local
    time, as phones write it) and place (decimal degrees) from the photo's EXIF, each None
    when absent or unreadable."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            exif = image.getexif()
            detail, gps = exif.get_ifd(_EXIF_IFD), exif.get_ifd(_GPS_IFD)
    except (OSError, ValueError, SyntaxError):
        return None, None, None
    text = str(detail.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME) or "").strip("\x00 ")
    local = f"{clock.local(clock.now()):%z}"  # phones write the local time without it
    offset = str(detail.get(_OFFSET_ORIGINAL) or local).strip("\x00 ").replace(":", "")
    try:
        taken_at = datetime.strptime(f"{text}{offset}", "%Y:%m:%d %H:%M:%S%z") if text else None
    except ValueError:
        taken_at = None
    latitude = _degrees(gps[2], gps.get(1, "N")) if 2 in gps else None
    longitude = _degrees(gps[4], gps.get(3, "E")) if 4 in gps else None
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        latitude = longitude = None
    return taken_at, latitude, longitude


def photo_upload(
    *, actor: Any, accident: Accident | int, kind: str, content: bytes | None, ip_address=None
) -> Photo:
    """A party uploads one guided photo of ``kind``. Refused: a kind not in the guide
    (``accidents.photo_kind``), a file that is not an acceptable image or too large
    (``accidents.photo_invalid``), an accident that is no longer open (``accidents.state``).
    Audits ``accidents.photo.uploaded`` with the checks' outcome."""
    person_id = party_person_id(actor)
    if kind not in Photo.Kind.values:
        raise errors.photo_kind()
    limit = settings.JIAOGUAN_ACCIDENTS_PHOTO_MAX_BYTES
    try:
        checked = image_check(content, max_bytes=limit)
    except ImageRefused:
        raise errors.photo_invalid(limit // (1024 * 1024)) from None
    taken_at, taken_lat, taken_lon = exif_capture(checked.content)
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():
        locked, own = locked_with_party(pk, person_id)
        if QUICK.stage(locked.case.state).final:
            raise errors.photos_closed()
        check = photo_check(
            occurred_at=locked.occurred_at,
            latitude=float(locked.latitude),
            longitude=float(locked.longitude),
            taken_at=taken_at,
            taken_latitude=taken_lat,
            taken_longitude=taken_lon,
        )
        photo, _created = Photo.objects.update_or_create(
            accident=locked,
            party=own,
            kind=kind,
            defaults={
                "content_type": checked.content_type,
                "sha256": checked.sha256,
                "size": len(checked.content),
                "content": checked.content,
                "taken_at": taken_at,
                "taken_latitude": taken_lat,
                "taken_longitude": taken_lon,
                "time_ok": check.time_ok,
                "place_ok": check.place_ok,
                "uploaded_at": clock.now(),
            },
        )
        audit_record(
            actor=actor,
            action="accidents.photo.uploaded",
            subject=photo,
            data={
                "accident": locked.pk,
                "kind": kind,
                "sha256": checked.sha256,
                "size": len(checked.content),
                "time_ok": check.time_ok,
                "place_ok": check.place_ok,
            },
            ip_address=ip_address,
        )
    return photo


def photo_kinds_of(accident: Accident | int) -> list[str]:
    """The kinds of photo the accident has, from either party."""
    return sorted(set(Photo.objects.filter(accident=accident).values_list("kind", flat=True)))


def photos_require(accident: Accident) -> None:
    """``accidents.photos_missing`` unless the guided photos are complete (the rules)."""
    if not photos_complete(photo_kinds_of(accident)):
        raise errors.photos_missing()


def photos_of_accident(accident: Accident) -> list[Photo]:
    """The accident's photos without their content (the caller has read the accident as a
    party or an officer)."""
    return list(Photo.objects.filter(accident=accident).select_related("party").defer("content"))


def photo_for_party(*, actor: Any, accident_id: int, photo_id: int) -> Photo:
    """One photo of one of the caller's accidents; ``accidents.not_found`` otherwise."""
    found = accident_of_party(actor=actor, accident_id=accident_id)
    photo = Photo.objects.filter(accident=found, pk=photo_id).first()
    if photo is None:
        raise errors.not_found()
    return photo


def photo_for_officer(
    *, actor: Any, accident_id: int, photo_id: int, ip_address: str | None = None
) -> Photo:
    """One photo, for an officer who may determine accidents of its province; the read is
    audited (``backoffice.lookup.accident_photo``, with the person of the party who took it and the
    purpose)."""
    photo = (
        Photo.objects.select_related("accident__case", "party__person")
        .filter(pk=photo_id, accident_id=accident_id)
        .first()
    )
    if photo is None:
        raise errors.not_found()
    permission_require(actor, OFFICER, province_code=photo.accident.case.province_code)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="backoffice.lookup.accident_photo",
            subject=photo,
            person_id_number=photo.party.person.id_number,
            purpose=READ_PURPOSE,
            ip_address=ip_address,
        )
    return photo
