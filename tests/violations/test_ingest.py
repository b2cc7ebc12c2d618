"""Camera records arrive through the signed partner API: stored once, checked, reviewed."""

import base64
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.models import PartnerKey
from jiaoguan.violations.models import EvidenceImage, ViolationRecord
from jiaoguan.violations.services import violation_record_confirm, violation_record_delete
from tests.api.partners import make_partner_key
from tests.identity.factories import make_officer
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import jpeg, record_body, shipped_reference_data, upload

pytestmark = pytest.mark.django_db
REVIEW = ("violations.review_violationrecord",)


@pytest.fixture
def camera():
    return make_partner_key(scopes=[PartnerKey.Scope.VIOLATIONS_INGEST])


def test_upload_stores_the_record_for_review_matched_to_the_vehicle(client, camera):
    vehicle = make_vehicle()
    answer = upload(client, camera, record_body(vehicle))
    assert answer.status_code == 201
    record = ViolationRecord.objects.get(pk=answer.json()["id"])
    assert record.status == ViolationRecord.Status.PENDING_REVIEW
    assert record.vehicle_id == vehicle.pk
    assert record.reporter_id == camera.organization.pk
    assert EvidenceImage.objects.get(record=record).content_type == "image/jpeg"
    event = AuditEvent.objects.get(action="violations.record.received")
    assert event.actor_label == f"partner:{camera.key_id}"


def test_the_same_record_sent_twice_is_stored_once(client, camera):
    body = record_body()
    first, second = upload(client, camera, body), upload(client, camera, body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == {**first.json(), "duplicate": True}
    assert ViolationRecord.objects.count() == 1


def test_a_used_record_id_with_other_content_is_refused(client, camera):
    body = record_body()
    upload(client, camera, body)
    answer = upload(client, camera, {**body, "place": "别处"})
    assert answer.status_code == 409
    assert answer.json()["code"] == "violations.ingest.conflict"


def test_two_systems_may_use_the_same_record_id(client, camera):
    other = make_partner_key(scopes=[PartnerKey.Scope.VIOLATIONS_INGEST])
    body = record_body()
    assert upload(client, camera, body).status_code == 201
    assert upload(client, other, body).status_code == 201


@pytest.mark.parametrize(
    ("evidence", "status", "field"),
    [
        ([base64.b64encode(b"GIF89a not really").decode()], 422, "evidence.0"),
        ([base64.b64encode(jpeg()[:40]).decode()], 422, "evidence.0"),
        (["***not base64***"], 422, "evidence.0"),
        ([], 422, "evidence"),
        ([base64.b64encode(jpeg()).decode()] * 4, 422, "evidence"),
    ],
)
def test_evidence_is_checked_by_content(client, camera, evidence, status, field):
    answer = upload(client, camera, record_body(evidence=evidence))
    assert answer.status_code == status
    assert field in answer.json()["fields"]
    assert ViolationRecord.objects.count() == 0


def test_an_oversized_image_is_refused_with_413(client, camera, settings):
    settings.JIAOGUAN_EVIDENCE_MAX_BYTES = 400
    big = base64.b64encode(jpeg(400, 400)).decode()
    answer = upload(client, camera, record_body(evidence=[big]))
    assert answer.status_code == 413
    assert answer.json()["code"] == "violations.evidence.too_large"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "9999"}, "code"),
        ({"plate_number": "苏A12I45"}, "plate_number"),
        ({"plate_type": "52"}, "plate_number"),
        ({"region_code": "3201"}, "region_code"),
        ({"occurred_at": "2099-01-01T08:00:00+08:00"}, "occurred_at"),
        ({"occurred_at": "2026-01-01T08:00:00"}, "occurred_at"),  # no UTC offset
    ],
)
def test_malformed_records_get_a_clear_4xx(client, camera, changes, field):
    answer = upload(client, camera, record_body(**changes))
    assert answer.status_code == 422
    assert field in answer.json()["fields"]


def test_a_key_without_the_ingest_scope_cannot_upload(client):
    dealer = make_partner_key(scopes=[PartnerKey.Scope.PLATES_TEMPORARY])
    assert upload(client, dealer, record_body()).status_code == 403


def _pending(client, camera, vehicle=None) -> ViolationRecord:
    answer = upload(client, camera, record_body(vehicle))
    return ViolationRecord.objects.get(pk=answer.json()["id"])


def test_confirmation_enters_the_record_today_and_changes_the_owners_records(client, camera):
    vehicle = make_vehicle()
    version = vehicle.owner_person.records_version
    record = _pending(client, camera, vehicle)
    officer = make_officer(permissions=REVIEW)
    violation_record_confirm(actor=officer, record_id=record.pk)
    record.refresh_from_db()
    assert (record.status, record.entered_on) == ("entered", clock.today())
    vehicle.owner_person.refresh_from_db()
    assert vehicle.owner_person.records_version == version + 1
    with pytest.raises(ApplicationError) as refusal:
        violation_record_confirm(actor=officer, record_id=record.pk)
    assert refusal.value.code == "violations.review.not_pending"


def test_review_needs_the_permission(client, camera):
    record = _pending(client, camera)
    with pytest.raises(ApplicationError) as refusal:
        violation_record_confirm(actor=make_officer(), record_id=record.pk)
    assert refusal.value.status == 403


def test_deletion_needs_a_reason_of_article_22(client, camera):
    record = _pending(client, camera)
    officer = make_officer(permissions=REVIEW)
    with pytest.raises(ApplicationError):
        violation_record_delete(actor=officer, record_id=record.pk, reason="dislike")
    with pytest.raises(ApplicationError):
        violation_record_delete(actor=officer, record_id=record.pk, reason="other", note=" ")
    violation_record_delete(actor=officer, record_id=record.pk, reason="plate_misread")
    record.refresh_from_db()
    assert (record.status, record.deletion_reason) == ("deleted", "plate_misread")


@pytest.mark.parametrize(
    ("today", "allowed"), [(date(2026, 11, 25), True), (date(2026, 11, 26), False)]
)
def test_an_entered_record_may_be_deleted_within_3_working_days(client, camera, today, allowed):
    officer = make_officer(permissions=REVIEW)
    with freeze_time("2026-11-20 10:00:00+08:00"):  # a Friday
        record = _pending(client, camera)
        violation_record_confirm(actor=officer, record_id=record.pk)
    with freeze_time(f"{today} 10:00:00+08:00"):
        if allowed:
            violation_record_delete(actor=officer, record_id=record.pk, reason="unclear")
        else:
            with pytest.raises(ApplicationError) as refusal:
                violation_record_delete(actor=officer, record_id=record.pk, reason="unclear")
            assert refusal.value.code == "violations.review.deletion_too_late"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_record_sent_by_many_connections_at_once_is_stored_once():
    shipped_reference_data()
    camera = make_partner_key(scopes=[PartnerKey.Scope.VIOLATIONS_INGEST])
    body = record_body(occurred_at=(clock.now() - timedelta(hours=1)).isoformat())
    statuses, barrier = [], threading.Barrier(12)

    def send():
        try:
            barrier.wait()
            statuses.append(upload(Client(), camera, body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 11 + [201]
    assert ViolationRecord.objects.count() == 1
