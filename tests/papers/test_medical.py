"""身体条件证明 from hospitals (issue 14 scope 5): a hospital's signed submission unlocks the
renewal, which finds it; forged, foreign, stale and duplicate submissions are refused;
one certificate backs one application."""

import json
from datetime import timedelta

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.drivers.models import MedicalCertificate
from jiaoguan.drivers.rules import medical_certificate_valid_until
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.papers import rules
from jiaoguan.papers.medical import certificates_of_person
from jiaoguan.papers.models import HospitalSubmission, PaperApplication
from jiaoguan.papers.services import license_renewal_check, license_renewal_submit
from tests.api.partners import make_partner_key, signed
from tests.papers.factories import make_renewal_ready

pytestmark = pytest.mark.django_db
PATH = "/api/v1/partner/medical-certificates"
SCOPE = (PartnerKey.Scope.MEDICAL_CERTIFICATES,)


def hospital_key(**fields):
    fields.setdefault("name", "南京市鼓楼医院")
    return make_partner_key(kind=Organization.Kind.MEDICAL_INSTITUTION, scopes=SCOPE, **fields)


def send(client, credentials, body: dict):
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = signed(credentials, "POST", PATH, raw)
    return client.post(PATH, raw, content_type="application/json", **headers)


def body_for(person, **overrides):
    body = {
        "id_number": person.id_number,
        "name": person.name,
        "number": "TJ20261201-0001",
        "issued_on": (clock.today() - timedelta(days=3)).isoformat(),
        "fit_to_drive": True,
        "doctor": "李医生",
    }
    return {**body, **overrides}


def test_the_hospitals_certificate_unlocks_the_renewal_and_the_citizen_sees_who_sent_it(client):
    citizen, license = make_renewal_ready(medical=False)
    assert license_renewal_check(person_id=citizen.person.pk, license_id=license.pk).refusals == (
        rules.Refusal.MEDICAL_MISSING,
    )
    credentials = hospital_key()
    response = send(client, credentials, body_for(citizen.person))
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["created"] is True
    issued = clock.today() - timedelta(days=3)
    assert answer["valid_until"] == medical_certificate_valid_until(issued).isoformat()
    decision = license_renewal_check(person_id=citizen.person.pk, license_id=license.pk)
    assert decision.channel is rules.Channel.ONLINE
    [seen] = certificates_of_person(person_id=citizen.person.pk)
    assert (seen.hospital, seen.number, seen.issued_on) == (
        "南京市鼓楼医院",
        "TJ20261201-0001",
        issued,
    )
    application = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="鼓楼车管所"
    )
    assert application.medical_certificate_id == seen.id
    event = AuditEvent.objects.get(action="papers.medical.submitted")
    assert event.actor_label == f"partner:{credentials.key_id}"
    listed = client.get(PATH, **signed(credentials, "GET", PATH)).json()
    assert [row["number"] for row in listed] == ["TJ20261201-0001"]


def test_the_same_number_again_is_the_same_certificate_and_other_content_is_refused(client):
    citizen, _license = make_renewal_ready(medical=False)
    credentials = hospital_key()
    assert send(client, credentials, body_for(citizen.person)).status_code == 201
    again = send(client, credentials, body_for(citizen.person))
    assert again.status_code == 200
    assert again.json()["created"] is False
    changed = send(client, credentials, body_for(citizen.person, fit_to_drive=False))
    assert changed.status_code == 409
    assert changed.json()["code"] == "papers.medical.duplicate"
    assert MedicalCertificate.objects.filter(person=citizen.person).count() == 1
    # Another hospital may use the same number of its own.
    other = hospital_key(name="江苏省人民医院")
    assert send(client, other, body_for(citizen.person)).status_code == 201
    assert HospitalSubmission.objects.count() == 2


def test_forged_unsigned_and_foreign_submissions_are_refused(client):
    citizen, _license = make_renewal_ready(medical=False)
    credentials = hospital_key()
    body = body_for(citizen.person)
    raw = json.dumps(body).encode()
    unsigned = client.post(PATH, raw, content_type="application/json")
    assert unsigned.status_code == 401
    headers = signed(credentials, "POST", PATH, raw)
    tampered = raw.replace(b"TJ20261201-0001", b"TJ20261201-0002")
    forged = client.post(PATH, tampered, content_type="application/json", **headers)
    assert forged.status_code == 401
    no_scope = make_partner_key(
        kind=Organization.Kind.MEDICAL_INSTITUTION, scopes=(PartnerKey.Scope.EXAMS_RESULTS,)
    )
    assert send(client, no_scope, body).status_code == 403
    school = make_partner_key(kind=Organization.Kind.DRIVING_SCHOOL, scopes=SCOPE)
    refused = send(client, school, body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "papers.medical.not_hospital"
    assert not MedicalCertificate.objects.filter(person=citizen.person).exists()


def test_a_wrong_name_a_future_or_stale_examination_are_clear_errors(client):
    citizen, _license = make_renewal_ready(medical=False)
    credentials = hospital_key()
    wrong = send(client, credentials, body_for(citizen.person, name="王五"))
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "papers.medical.person"
    future = (clock.today() + timedelta(days=1)).isoformat()
    assert send(client, credentials, body_for(citizen.person, issued_on=future)).status_code == 422
    stale = (clock.today() - timedelta(days=200)).isoformat()
    response = send(client, credentials, body_for(citizen.person, issued_on=stale))
    assert response.status_code == 422
    assert response.json()["code"] == "papers.medical.issued_on"
    malformed = send(client, credentials, body_for(citizen.person, id_number="123"))
    assert malformed.status_code == 422
    assert not MedicalCertificate.objects.filter(person=citizen.person).exists()


def test_an_unfit_conclusion_refuses_the_renewal(client):
    citizen, license = make_renewal_ready(medical=False)
    send(client, hospital_key(), body_for(citizen.person, fit_to_drive=False))
    decision = license_renewal_check(person_id=citizen.person.pk, license_id=license.pk)
    assert decision.refusals == (rules.Refusal.MEDICAL_UNFIT,)


def test_one_certificate_backs_one_application_until_it_is_withdrawn(client):
    from jiaoguan.papers.services import paper_application_act

    citizen, license = make_renewal_ready(medical=False)
    send(client, hospital_key(), body_for(citizen.person))
    first = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="鼓楼车管所"
    )
    paper_application_act(actor=citizen, reference=str(first.reference), action="withdraw")
    # Withdrawn: the certificate is free again.
    second = license_renewal_submit(
        actor=citizen, license_id=license.pk, fulfilment="pickup", pickup_point="鼓楼车管所"
    )
    assert second.medical_certificate_id == first.medical_certificate_id
    # Delivered: a later service that needs a certificate needs a new examination.
    PaperApplication.objects.filter(pk=second.pk).update(state="delivered")
    decision = license_renewal_check(person_id=citizen.person.pk, license_id=license.pk)
    assert rules.Refusal.MEDICAL_USED in decision.refusals
