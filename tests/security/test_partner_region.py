"""A partner key is bound to its organisation's region: a Nanjing camera cannot upload a
Kunming record (issue 12). The rule: docs/partners.md, ``core.places.region_covers``."""

import pytest

from jiaoguan.core.places import region_covers
from jiaoguan.violations.models import ViolationRecord
from tests.api.partners import make_partner_key
from tests.violations.factories import record_body, shipped_reference_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_data():
    shipped_reference_data()


@pytest.mark.parametrize(
    ("area", "code", "covered"),
    [
        ("320100", "320102", True),  # Nanjing covers its districts
        ("320100", "320100", True),
        ("320100", "320200", False),  # not Wuxi
        ("320100", "530102", False),  # not Kunming
        ("320000", "320583", True),  # Jiangsu covers Kunshan
        ("320000", "330106", False),
        ("320102", "320102", True),  # a district covers only itself
        ("320102", "320104", False),
        ("000000", "530102", True),  # nationwide
        ("32010", "320102", False),  # malformed: covers nothing
    ],
)
def test_region_covers(area, code, covered):
    assert region_covers(area, code) is covered


def test_a_nanjing_camera_cannot_upload_a_kunming_record(client):
    nanjing = make_partner_key(region_code="320100")
    answer = upload(client, nanjing, record_body(region_code="530102", device_id="530102-CAM-1"))
    assert answer.status_code == 403
    assert answer.json()["code"] == "violations.ingest.region_not_covered"
    assert not ViolationRecord.objects.exists()
    assert upload(client, nanjing, record_body(region_code="320102")).status_code == 201
