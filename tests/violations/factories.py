"""Camera records and evidence images for tests."""

import base64
import io
import itertools
import json
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from PIL import Image

from jiaoguan.core import clock
from tests.api.partners import signed

_sequence = itertools.count(1)
UPLOAD = "/api/v1/partner/violations"


def shipped_reference_data() -> None:
    """Load the shipped codes and fines again: a transactional test starts from tables that
    an earlier one flushed."""
    from jiaoguan.violations.models import ViolationCode

    if not ViolationCode.objects.exists():
        import_module("jiaoguan.violations.migrations.0002_representative_codes").load(apps, None)


def jpeg(width: int = 32, height: int = 24, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def record_body(vehicle=None, **changes) -> dict:
    body = {
        "device_id": "320102-CAM-0007",
        "record_id": f"R{next(_sequence):08d}",
        "code": "1625",
        "plate_number": vehicle.plate_number if vehicle else "苏A12345",
        "plate_type": vehicle.plate_type if vehicle else "02",
        "occurred_at": (clock.now() - timedelta(hours=3)).isoformat(),
        "place": "中山路与北京西路交叉口",
        "region_code": "320102",
        "measurement": "",
        "evidence": [base64.b64encode(jpeg()).decode()],
    }
    body.update(changes)
    return body


def upload(client, credentials, body: dict):
    raw = json.dumps(body, ensure_ascii=False).encode()
    return client.post(
        UPLOAD, raw, content_type="application/json", **signed(credentials, "POST", UPLOAD, raw)
    )


def make_entered_record(vehicle, *, code: str = "1625", region_code: str = "320102", **fields):
    """A confirmed camera record of ``vehicle``, entered today, with one evidence image."""
    import hashlib

    from jiaoguan.identity.models import Organization
    from jiaoguan.violations.models import EvidenceImage, ViolationRecord
    from tests.identity.factories import make_organization

    reporter = Organization.objects.filter(kind=Organization.Kind.ENFORCEMENT_SYSTEM).first()
    if reporter is None:
        reporter = make_organization(
            name="南京市公安局交通管理局",
            credit_code="11320100MB0000001X",
            kind=Organization.Kind.ENFORCEMENT_SYSTEM,
        )
    index = next(_sequence)
    values = {
        "reporter": reporter,
        "device_id": "320102-CAM-0007",
        "device_record_id": f"E{index:08d}",
        "content_digest": f"{index:064d}",
        "code": code,
        "plate_number": vehicle.plate_number,
        "plate_type": vehicle.plate_type,
        "vehicle": vehicle,
        "occurred_at": clock.now() - timedelta(days=2),
        "place": "中山路与北京西路交叉口",
        "region_code": region_code,
        "status": ViolationRecord.Status.ENTERED,
        "entered_on": clock.today(),
    }
    values.update(fields)
    record = ViolationRecord.objects.create(**values)
    image = jpeg()
    EvidenceImage.objects.create(
        record=record,
        position=0,
        content_type="image/jpeg",
        sha256=hashlib.sha256(image).hexdigest(),
        content=image,
    )
    return record
