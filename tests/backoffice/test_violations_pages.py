"""Officer violation pages: the review queue and the objections with their deadlines."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiaoguan.core import clock
from jiaoguan.violations.models import Dispute, ViolationRecord
from jiaoguan.violations.services import dispute_file
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_officer, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db
PERMISSIONS = (
    "violations.review_violationrecord",
    "violations.decide_dispute",
    "violations.view_violationrecord",
    "violations.view_dispute",
)


@pytest.fixture
def officer_client(client):
    officer = make_officer(permissions=PERMISSIONS)
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def pending_record():
    return make_entered_record(
        make_vehicle(), status=ViolationRecord.Status.PENDING_REVIEW, entered_on=None
    )


def test_the_queue_confirms_a_record(officer_client):
    record = pending_record()
    page = officer_client.get("/backoffice/violations/review/").content.decode()
    assert record.plate_number in page
    image = officer_client.get(f"/backoffice/violations/records/{record.pk}/evidence/0/")
    assert image["Content-Type"] == "image/jpeg"
    officer_client.post(f"/backoffice/violations/review/{record.pk}/", {"action": "confirm"})
    record.refresh_from_db()
    assert (record.status, record.entered_on) == (ViolationRecord.Status.ENTERED, clock.today())


def test_the_queue_deletes_with_a_reason_and_refuses_without(officer_client):
    record = pending_record()
    answer = officer_client.post(
        f"/backoffice/violations/review/{record.pk}/", {"action": "delete", "reason": "bogus"}
    )
    assert answer.status_code == 302
    record.refresh_from_db()
    assert record.status == ViolationRecord.Status.PENDING_REVIEW
    officer_client.post(
        f"/backoffice/violations/review/{record.pk}/",
        {"action": "delete", "reason": "plate_misread"},
    )
    record.refresh_from_db()
    assert record.status == ViolationRecord.Status.DELETED


def test_objections_show_their_deadline_and_are_decided(officer_client):
    person = make_person()
    make_license(person=person)
    owner = make_citizen(person=person)
    record = make_entered_record(make_vehicle(owner=person))
    dispute = dispute_file(actor=owner, record_id=record.pk, reason="号牌被套用，车辆当时在外地。")
    page = officer_client.get("/backoffice/violations/disputes/").content.decode()
    assert dispute.due_on.isoformat() in page
    officer_client.post(
        f"/backoffice/violations/disputes/{dispute.pk}/",
        {"outcome": "rejected", "answer": "图像清晰，号牌与车型一致。"},
    )
    assert Dispute.objects.get().status == Dispute.Status.REJECTED


def test_pages_need_the_permission(client):
    officer = make_officer(username="jc0100")
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get("/backoffice/violations/review/").status_code == 403
    assert client.get("/backoffice/violations/disputes/").status_code == 403
