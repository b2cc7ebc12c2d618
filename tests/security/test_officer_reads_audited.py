"""Officer pages that show citizens' personal data write an audit event with the purpose:
plate requests (list and detail), plate holds, objections and evidence images (issue 12)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.crypto import blind_index
from jiaoguan.violations.models import ViolationRecord
from jiaoguan.violations.services import dispute_file
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_officer, make_person
from tests.plates.factories import make_owner_with_vehicle
from tests.plates.test_requests import _keep
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db
PERMISSIONS = (
    "violations.view_violationrecord",
    "violations.review_violationrecord",
    "violations.view_dispute",
    "violations.decide_dispute",
    "plates.view_platerequest",
    "plates.change_platerequest",
    "plates.view_platehold",
)


@pytest.fixture
def officer(client):
    officer = make_officer(username="jc0200", permissions=PERMISSIONS)
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return officer


def _event(action):
    return AuditEvent.objects.get(action=action)


def test_the_plate_request_list_and_detail_are_audited(client, officer):
    user, vehicle = make_owner_with_vehicle()
    request = _keep(user, vehicle)
    assert client.get("/backoffice/plates/requests/").status_code == 200
    listed = _event("plates.requests.listed")
    assert (listed.actor, listed.purpose) == (officer, "application_review")
    assert listed.data["count"] == 1
    assert client.get(f"/backoffice/plates/requests/{request.reference}/").status_code == 200
    viewed = _event("plates.request.viewed")
    assert viewed.person_index == blind_index(user.person.id_number, purpose="id_number")
    assert viewed.purpose.startswith("application_review")
    assert viewed.ip_address == "127.0.0.1"


def test_the_plate_holds_page_is_audited(client, officer):
    assert client.get("/backoffice/plates/holds/").status_code == 200
    event = _event("plates.holds.listed")
    assert (event.actor, event.purpose) == (officer, "counter_service")


def test_the_objection_queue_is_audited(client, officer):
    person = make_person()
    make_license(person=person)
    owner = make_citizen(person=person)
    record = make_entered_record(make_vehicle(owner=person))
    dispute_file(actor=owner, record_id=record.pk, reason="号牌被套用，车辆当时在外地。")
    assert client.get("/backoffice/violations/disputes/").status_code == 200
    event = _event("violations.disputes.listed")
    assert (event.actor, event.purpose, event.data["count"]) == (officer, "violation_handling", 1)


def test_an_evidence_image_read_is_audited(client, officer):
    record = make_entered_record(
        make_vehicle(), status=ViolationRecord.Status.PENDING_REVIEW, entered_on=None
    )
    image = client.get(f"/backoffice/violations/records/{record.pk}/evidence/0/")
    assert image.status_code == 200
    event = _event("violations.evidence.viewed")
    assert event.actor == officer
    assert event.purpose == f"violation_handling: {record.pk}"
    assert event.data == {"record": record.pk, "position": 0}
