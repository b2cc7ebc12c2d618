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
