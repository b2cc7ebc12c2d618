"""Demo violations: camera records of 张伟's car, entered and waiting for him (one he can
handle online, one whose fine follows another province, one refused online because it would
bring him to 12 points), and one record waiting in the officers' review queue. Idempotent."""

import hashlib
import io
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw

from jiaoguan.core import clock
from jiaoguan.identity.models import Organization, Person
from jiaoguan.vehicles.models import Vehicle
from jiaoguan.violations.models import EvidenceImage, ViolationRecord

CAMERA_SYSTEM = "演示交通技术监控系统"
ENTERED, PENDING_REVIEW = ViolationRecord.Status.ENTERED, ViolationRecord.Status.PENDING_REVIEW

# code, region, place, days ago, hour, entered
RECORDS = (
    ("1345", "320102", "中山路与北京西路交叉口（压实线）", 6, 8, True),
    ("1039", "530102", "昆明市五华区东风西路（违停）", 12, 15, True),
    ("1625", "320104", "龙蟠中路与后宰门街交叉口（闯红灯）", 3, 18, True),
    ("1352A", "320106", "虎踞路隧道（超速 15%）", 1, 22, False),
)


def _evidence(text: str) -> bytes:
    picture = Image.new("RGB", (320, 200), (60, 64, 72))
    ImageDraw.Draw(picture).text((12, 90), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def ensure_demo_violations(*, owner: Person, as_of: date) -> None:
    vehicle = Vehicle.objects.filter(owner_person=owner).order_by("pk").first()
    if vehicle is None:
        return
    camera, _ = Organization.objects.get_or_create(
        name=CAMERA_SYSTEM,
        defaults={
            "credit_code": "11320100DEMO00001X",
            "kind": Organization.Kind.ENFORCEMENT_SYSTEM,
            "region_code": "320100",
        },
    )
    today = as_of
    for index, (code, region, place, days_ago, hour, entered) in enumerate(RECORDS):
        device_record_id = f"DEMO-{index:04d}"
        if ViolationRecord.objects.filter(reporter=camera, device_record_id=device_record_id):
            continue
        occurred = datetime.combine(today - timedelta(days=days_ago), time(hour), clock.TIMEZONE)
        record = ViolationRecord.objects.create(
            reporter=camera,
            device_id=f"{region}-CAM-0001",
            device_record_id=device_record_id,
            content_digest=hashlib.sha256(device_record_id.encode()).hexdigest(),
            code=code,
            plate_number=vehicle.plate_number,
            plate_type=vehicle.plate_type,
            vehicle=vehicle,
            occurred_at=occurred,
            place=place,
            region_code=region,
            status=ViolationRecord.Status.ENTERED
            if entered
            else ViolationRecord.Status.PENDING_REVIEW,
            entered_on=today - timedelta(days=max(days_ago - 1, 0)) if entered else None,
        )
        image = _evidence(f"{vehicle.plate_number} {code} {occurred:%Y-%m-%d %H:%M}")
        EvidenceImage.objects.create(
            record=record,
            position=0,
            content_type="image/jpeg",
            sha256=hashlib.sha256(image).hexdigest(),
            content=image,
        )
