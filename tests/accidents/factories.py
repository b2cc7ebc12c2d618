"""Two licensed drivers, each with a registered car, and an accident one of them reported."""

import io
from datetime import timedelta

from PIL import Image

from jiaoguan.accidents import photos, services
from jiaoguan.accidents.models import Accident
from jiaoguan.accidents.rules.eligibility import Facts
from jiaoguan.accidents.rules.reporting import REQUIRED_PHOTOS
from jiaoguan.core import clock
from jiaoguan.demo.insurers import ensure_demo_insurers
from jiaoguan.identity.models import SmsChallenge, User
from jiaoguan.identity.services.accounts import _digest
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen

REQUIRED = tuple(str(kind) for kind in REQUIRED_PHOTOS)
KNOWN_CODE = "246810"
ELIGIBLE = Facts(vehicles=2, injured=False, both_insured=True, both_licensed=True, movable=True)


def make_driver(**license_fields) -> User:
    """A citizen account whose person holds a valid C1 licence."""
    licence = make_license(**license_fields)
    return make_citizen(person=licence.person)


def vehicle(plate: str = "苏A12345", **fields) -> dict:
    return {
        "plate_type": "02",
        "plate_number": plate,
        "insurer": "中国人民财产保险股份有限公司",
        "policy_number": "PDZA2026320100000001",
        "collision_point": "前保险杠",
        **fields,
    }


def report(driver: User, *, facts: Facts = ELIGIBLE, **fields) -> Accident:
    values = {
        "occurred_at": clock.now() - timedelta(minutes=5),
        "place": "南京市玄武区北京东路与太平北路交叉口",
        "latitude": "32.0561",
        "longitude": "118.7969",
        "region_code": "320102",
        "weather": "sunny",
        "kind": "rear_end",
        **vehicle(),
        **fields,
    }
    return services.accident_report(actor=driver, facts=facts, **values)


def joined(a: User, b: User, *, photographed: bool = True) -> Accident:
    """B joined A's report; A took the guided photos first (unless not ``photographed``).
    The demo's insurers are loaded (claims through the sandbox; 永安财险 at the counter)."""
    ensure_demo_insurers()
    accident = report(a)
    if photographed:
        with_photos(a, accident)
    return services.accident_join(
        actor=b, code=accident.join_code, **vehicle("苏B54321", collision_point="后保险杠")
    )


def photo_bytes(
    *,
    taken_at=None,
    latitude: float | None = 32.0561,
    longitude: float | None = 118.7969,
    kind: str = "JPEG",
    size: tuple[int, int] = (64, 48),
) -> bytes:
    """A real photo (JPEG by default) whose EXIF says when and where it was taken (none of
    it when ``taken_at`` is False)."""
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    if taken_at is not False:
        text = clock.local(taken_at or clock.now() - timedelta(minutes=4))
        exif[306] = exif.get_ifd(0x8769)[36867] = f"{text:%Y:%m:%d %H:%M:%S}"
        if latitude is not None and longitude is not None:
            gps = exif.get_ifd(0x8825)
            gps[1], gps[2] = "N", (latitude, 0.0, 0.0)
            gps[3], gps[4] = "E", (longitude, 0.0, 0.0)
    out = io.BytesIO()
    image.save(out, kind, exif=exif) if kind == "JPEG" else image.save(out, kind)
    return out.getvalue()


def with_photos(driver: User, accident: Accident, kinds=REQUIRED) -> Accident:
    """The guided photos the rules require, taken by ``driver`` at the reported place."""
    for kind in kinds:
        photos.photo_upload(actor=driver, accident=accident, kind=kind, content=photo_bytes())
    return accident


def known_code(challenge_id: int) -> str:
    """The code of an SMS challenge, made known to the test (it sets what the SMS carried)."""
    challenge = SmsChallenge.objects.get(pk=challenge_id)
    SmsChallenge.objects.filter(pk=challenge_id).update(
        code_digest=_digest(challenge.phone, KNOWN_CODE)
    )
    return KNOWN_CODE


def sign_code(driver: User, accident: Accident | int) -> tuple[int, str]:
    """Ask for the signing code and learn it."""
    challenge_id = services.accident_sign_code(actor=driver, accident=accident)
    return challenge_id, known_code(challenge_id)


def sign(driver: User, accident: Accident | int) -> Accident:
    """Sign with the SMS code, as a party does."""
    challenge_id, code = sign_code(driver, accident)
    return services.accident_sign(
        actor=driver, accident=accident, challenge_id=challenge_id, code=code
    )
