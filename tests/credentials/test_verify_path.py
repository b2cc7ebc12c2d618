"""The verification hot path: a valid QR from the public reads no database row once its
holder's status is kept, and writes the holder's record and the audit event in one
statement; every verification is still recorded and audited, under concurrency too."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.audit.models import AuditEvent
from jiaoguan.credentials import keys
from jiaoguan.credentials.models import Credential, Verification
from jiaoguan.credentials.services import driving_license_sign
from jiaoguan.credentials.verification import credential_verify, verifier_anonymous
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.identity.services import person_records_changed
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person


@pytest.fixture(autouse=True)
def _fresh_keys():
    keys.forget()
    yield
    keys.forget()


def _holder_qr(phone: str = "13700000071") -> tuple[str, object]:
    person = make_person(name="张伟")
    make_license(person=person)
    user = make_citizen(person=person, phone=phone)
    return driving_license_sign(actor=CitizenActor.of_user(user)).qr, person


@pytest.mark.django_db
def test_a_kept_status_costs_one_statement_with_both_rows(django_assert_num_queries):
    qr, person = _holder_qr()
    first = credential_verify(qr=qr, verifier=verifier_anonymous(), ip_address="10.0.0.1")
    assert first.valid
    assert first.status == "normal"
    if connection.vendor == "postgresql":
        with django_assert_num_queries(1) as captured:
            again = credential_verify(qr=qr, verifier=verifier_anonymous(), ip_address="10.0.0.1")
        assert captured.captured_queries[0]["sql"].startswith("WITH ")
    else:
        again = credential_verify(qr=qr, verifier=verifier_anonymous(), ip_address="10.0.0.1")
    assert again.valid
    credential = Credential.objects.get(person=person)
    assert Verification.objects.filter(credential=credential).count() == 2
    events = AuditEvent.objects.filter(action="credentials.verify", subject_id=str(credential.pk))
    assert events.count() == 2
    event = events.first()
    assert event.subject_type == "credentials.credential"
    assert event.actor_label == "anonymous"
    assert event.ip_address == "10.0.0.1"
    assert event.data == {
        "valid": True,
        "status": "normal",
        "reason": "valid",
        "verifier": "anonymous",
    }
    # the holder's audit trail finds it by the id number's keyed index, as any other event
    assert (
        AuditEvent.objects.filter(
            person_index=person.id_number, action="credentials.verify"
        ).count()
        == 2
    )
    assert event.person_masked.startswith(person.id_number[:3])


@pytest.mark.django_db
def test_a_register_change_is_seen_by_the_next_verification():
    qr, person = _holder_qr("13700000072")
    assert credential_verify(qr=qr, verifier=verifier_anonymous()).status == "normal"
    license_ = person.driving_license
    license_.status = "suspended"
    license_.save()
    person_records_changed(person_ids=[person.pk])  # as every register service does
    result = credential_verify(qr=qr, verifier=verifier_anonymous())
    assert (result.status, result.reason) == ("abnormal", "suspended")


CLIENTS = 16
EACH = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_verifications_are_each_recorded_and_audited():
    qr, person = _holder_qr("13700000073")

    def check(_index: int) -> int:
        try:
            valid = 0
            for _ in range(EACH):
                valid += credential_verify(qr=qr, verifier=verifier_anonymous()).valid
            return valid
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        assert sum(pool.map(check, range(CLIENTS))) == CLIENTS * EACH
    credential = Credential.objects.get(person=person)
    assert Verification.objects.filter(credential=credential).count() == CLIENTS * EACH
    assert (
        AuditEvent.objects.filter(
            action="credentials.verify", subject_id=str(credential.pk)
        ).count()
        == CLIENTS * EACH
    )
