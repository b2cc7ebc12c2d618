"""The credentials API: signing my own, the public keys, verification by anyone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core import clock
from jiaoguan.credentials import keys
from jiaoguan.credentials.models import IssuerKey, Verification
from jiaoguan.credentials.rules import payload
from jiaoguan.credentials.services import issuer_key_rotate
from jiaoguan.drivers.services import points_record_add
from jiaoguan.identity.actors import system_actor
from jiaoguan.identity.services import api_token_issue, person_records_changed
from tests.api.partners import make_partner_key, signed
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/credentials/verify"


@pytest.fixture(autouse=True)
def _fresh_keys():
    keys.forget()
    yield
    keys.forget()


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


@pytest.fixture
def zhang():
    person = make_person(name="张伟", address="江苏省南京市玄武区北京东路1号")
    user = make_citizen(person=person, phone="13700000011")
    make_license(person=person)
    return user


def _licence_qr(client, user) -> str:
    response = client.post("/api/v1/me/credentials/driving-license", **auth(user))
    assert response.status_code == 200, response.content
    return response.json()["qr"]


def _verify(client, qr: str, **extra):
    response = client.post(VERIFY, {"qr": qr}, content_type="application/json", **extra)
    assert response.status_code == 200, response.content
    return response.json()


def test_my_driving_license_is_signed_for_sixty_seconds_and_verifies_black(client, zhang):
    response = client.post("/api/v1/me/credentials/driving-license", **auth(zhang))
    body = response.json()
    assert body["qr"].startswith("JG1:")
    issued = clock.now().fromisoformat(body["issued_at"])
    expires = clock.now().fromisoformat(body["expires_at"])
    assert expires - issued == timedelta(seconds=60)
    assert body["disclosed"] == {"n": "张*", "c": "C1", "v": body["disclosed"]["v"], "s": "normal"}
    result = _verify(client, body["qr"])
    assert result["valid"] is True
    assert result["status"] == "normal"
    assert result["kind"] == "dl"


def test_an_anonymous_verifier_sees_masked_name_class_and_status_only(client, zhang):
    response = client.post(VERIFY, {"qr": _licence_qr(client, zhang)}, "application/json")
    body = response.json()
    assert set(body["disclosed"]) == {"n", "c", "v"}
    assert body["authorised"] is False
    assert zhang.person.id_number.encode() not in response.content
    assert "张伟".encode() not in response.content
    assert "北京东路".encode() not in response.content


def test_a_partner_key_is_an_authorised_verifier_and_sees_name_and_number(client, zhang):
    partner = make_partner_key(kind="other", name="南京某汽车租赁有限公司")
    body = f'{{"qr": "{_licence_qr(client, zhang)}"}}'.encode()
    response = client.post(
        VERIFY, body, content_type="application/json", **signed(partner, "POST", VERIFY, body)
    )
    result = response.json()
    assert result["authorised"] is True
    assert result["disclosed"]["name"] == "张伟"
    assert result["disclosed"]["license_number"] == zhang.person.id_number
    assert "北京东路" not in response.content.decode()  # the address is never disclosed
    seen = Verification.objects.get()
    assert seen.verifier_kind == "partner"
    assert seen.verifier_label == "南京某汽车租赁有限公司"


def test_a_wrong_partner_signature_is_refused_not_treated_as_anonymous(client, zhang):
    partner = make_partner_key(kind="other")
    body = f'{{"qr": "{_licence_qr(client, zhang)}"}}'.encode()
    headers = signed(partner, "POST", VERIFY, b"something else")
    response = client.post(VERIFY, body, content_type="application/json", **headers)
    assert response.status_code == 401


def test_every_verification_is_audited_and_shown_to_the_holder(client, zhang):
    qr = _licence_qr(client, zhang)
    _verify(client, qr)
    _verify(client, qr + "x")
    events = AuditEvent.objects.filter(action="credentials.verify")
    assert events.count() == 2
    assert Verification.objects.filter(credential__person=zhang.person).count() == 1
    page = client.get("/me/credentials/")
    assert page.status_code == 302  # the holder's page needs a log-in
    client.force_login(zhang)
    assert "公众（未登录）" in client.get("/me/credentials/").content.decode()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda qr: qr[:-3] + ("AAA" if qr[-3:] != "AAA" else "BBB"), "bad_signature"),
        (lambda qr: "JG1:" + "A" * 5000, "oversized"),
        (lambda qr: "not a credential", "malformed"),
        (lambda qr: "", "malformed"),
    ],
)
def test_tampered_oversized_and_garbage_payloads_are_invalid_not_errors(
    client, zhang, change, reason
):
    result = _verify(client, change(_licence_qr(client, zhang)))
    assert result["valid"] is False
    assert result["status"] == "abnormal"
    assert result["reason"] == reason
    assert result["reason_text"]


def test_a_malformed_body_is_422(client):
    for body in ({}, {"qr": 5}, {"payload": "x"}):
        response = client.post(VERIFY, body, content_type="application/json")
        assert response.status_code == 422


def test_a_screenshot_is_refused_once_it_has_expired(client, zhang):
    with freeze_time("2026-12-03 10:00:00"):
        qr = _licence_qr(client, zhang)
    with freeze_time("2026-12-03 10:00:59"):
        assert _verify(client, qr)["valid"] is True
    with freeze_time("2026-12-03 10:01:01"):
        result = _verify(client, qr)
    assert result["valid"] is False
    assert result["reason"] == "expired"
    assert Verification.objects.filter(valid=False, reason="expired").count() == 1


def test_a_payload_signed_by_a_key_the_platform_never_published_is_refused(client, zhang):
    qr = _licence_qr(client, zhang)
    impostor, _public, _private = keys.new_key_material()
    forged = payload.sign(
        private_key=impostor,
        key_id=IssuerKey.objects.get().key_id,
        kind=payload.Kind.DRIVING_LICENSE,
        credential_id=payload.verify(
            qr, keys=keys.verifying_keys(), now=10**10
        ).claims.credential_id,
        issued_at=int(clock.now().timestamp()),
        expires_at=int(clock.now().timestamp()) + 60,
        fields={"n": "张*", "c": "A1", "v": "long_term"},
    )
    assert _verify(client, forged)["reason"] == "bad_signature"


def test_rotated_keys_old_qr_verifies_until_it_expires_then_new_key_signs(client, zhang):
    with freeze_time("2026-12-03 10:00:00"):
        old_qr = _licence_qr(client, zhang)
        old_key = IssuerKey.objects.get()
    with freeze_time("2026-12-03 10:00:30"):
        issuer_key_rotate(actor=system_actor("test"))
        new_qr = _licence_qr(client, zhang)
        assert _verify(client, old_qr)["valid"] is True
        assert _verify(client, new_qr)["valid"] is True
        published = client.get("/api/v1/credentials/keys").json()["keys"]
        assert {key["kid"] for key in published} == set(
            IssuerKey.objects.values_list("key_id", flat=True)
        )
    assert (
        payload.verify(new_qr, keys=keys.verifying_keys(), now=10**10).claims.key_id
        != old_key.key_id
    )
    with freeze_time("2026-12-03 10:01:01"):
        assert _verify(client, old_qr)["reason"] == "expired"
    with freeze_time("2026-12-03 10:05:00"):
        keys.forget()
        kids = {key["kid"] for key in client.get("/api/v1/credentials/keys").json()["keys"]}
        assert old_key.key_id not in kids  # the old key is withdrawn once its last QR expired


def test_the_keys_are_jwks_with_validity(client, zhang):
    _licence_qr(client, zhang)
    body = client.get("/api/v1/credentials/keys").json()
    assert body["qr_seconds"] == 60
    (key,) = body["keys"]
    assert (key["kty"], key["crv"], key["alg"]) == ("OKP", "Ed25519", "EdDSA")
    assert len(keys.unb64(key["x"])) == 32
    assert key["not_after"] > key["signs_until"] > key["created_at"]


def test_the_private_key_is_sealed_at_rest(zhang, client):
    _licence_qr(client, zhang)
    row = IssuerKey.objects.get()
    assert row.private_key_sealed.startswith("jg1$")
    assert row.public_key not in row.private_key_sealed


def test_the_licence_turns_red_when_it_reaches_twelve_points(client, zhang):
    qr = _licence_qr(client, zhang)
    assert _verify(client, qr)["status"] == "normal"
    license_id = zhang.person.driving_license.pk
    points_record_add(
        actor=system_actor("test"), license_id=license_id, points=12, recorded_on=clock.today(),
        committed_on=clock.today(), description="饮酒后驾驶", fine_paid=True,
    )  # fmt: skip
    result = _verify(client, qr)
    assert result["valid"] is True  # the signature still holds: the register says red
    assert result["status"] == "abnormal"
    # twelve points seize the licence (163号 art. 17): the register's 暂扣 is the most severe
    assert result["reason"] == "suspended"
    assert result["reason_text"] == "暂扣"


def test_a_cancelled_licence_turns_red_and_gets_no_new_qr(client, zhang):
    qr = _licence_qr(client, zhang)
    license_ = zhang.person.driving_license
    license_.status = "cancelled"
    license_.save()
    person_records_changed(person_ids=[zhang.person.pk])  # as every register service does
    assert _verify(client, qr)["reason"] == "cancelled"
    response = client.post("/api/v1/me/credentials/driving-license", **auth(zhang))
    assert response.status_code == 409
    assert response.json()["code"] == "credentials.license.ended"


def test_no_licence_is_404(client):
    user = make_citizen(person=make_person(), phone="13700000012")
    response = client.post("/api/v1/me/credentials/driving-license", **auth(user))
    assert response.status_code == 404
    assert response.json()["code"] == "credentials.license.none"


def test_my_inspection_mark_for_my_own_valid_vehicle(client, zhang):
    car = make_vehicle(owner=zhang.person)
    response = client.post(f"/api/v1/me/credentials/inspection-mark/{car.pk}", **auth(zhang))
    body = response.json()
    assert body["disclosed"] == {
        "p": car.plate_number, "t": car.vehicle_type, "v": car.inspection_valid_until.isoformat(),
        "s": "normal",
    }  # fmt: skip
    result = _verify(client, body["qr"])
    assert (result["valid"], result["status"], result["kind"]) == (True, "normal", "im")


def test_another_persons_vehicle_and_a_missing_one_are_refused_alike(client, zhang):
    other = make_vehicle(owner=make_person())
    for vehicle_id in (other.pk, 999999, 2**70):
        response = client.post(
            f"/api/v1/me/credentials/inspection-mark/{vehicle_id}", **auth(zhang)
        )
        assert response.status_code in (403, 422), vehicle_id
        if response.status_code == 403:
            assert response.json()["code"] == "credentials.vehicle.not_owned"


def test_an_overdue_vehicle_gets_no_mark(client, zhang):
    car = make_vehicle(owner=zhang.person, traits=["overdue"])
    response = client.post(f"/api/v1/me/credentials/inspection-mark/{car.pk}", **auth(zhang))
    assert response.status_code == 409
    assert response.json()["code"] == "credentials.mark.inspection_not_valid"


def test_a_mark_turns_red_at_midnight_when_the_inspection_lapses(client, zhang):
    car = make_vehicle(owner=zhang.person, as_of=date(2026, 12, 3))
    last_day = car.inspection_valid_until.isoformat()
    with freeze_time(f"{last_day} 15:59:30") as frozen:  # 23:59:30 in Asia/Shanghai
        response = client.post(f"/api/v1/me/credentials/inspection-mark/{car.pk}", **auth(zhang))
        qr = response.json()["qr"]
        assert _verify(client, qr)["status"] == "normal"
        frozen.tick(40)  # 00:00:10 the next day: the QR's minute has not run out
        result = _verify(client, qr)
    assert result["valid"] is True
    assert result["status"] == "abnormal"
    assert result["reason"] == "inspection_overdue"


def test_a_mark_turns_red_when_the_vehicle_is_no_longer_the_holders(client, zhang):
    car = make_vehicle(owner=zhang.person)
    response = client.post(f"/api/v1/me/credentials/inspection-mark/{car.pk}", **auth(zhang))
    car.owner_person = make_person()
    car.save()
    person_records_changed(person_ids=[zhang.person.pk])
    result = _verify(client, response.json()["qr"])
    assert (result["status"], result["reason"]) == ("abnormal", "vehicle_not_owned")


def test_the_keys_endpoint_publishes_no_private_material(client, zhang):
    _licence_qr(client, zhang)
    body = client.get("/api/v1/credentials/keys").content.decode()
    row = IssuerKey.objects.get()
    assert row.private_key_sealed not in body
    assert "jg1$" not in body
    assert '"d"' not in body  # a JWK's private member


def test_the_holder_lists_who_verified_through_the_api(client, zhang):
    partner = make_partner_key(kind="other", name="某保险公司")
    qr = _licence_qr(client, zhang)
    body = f'{{"qr": "{qr}"}}'.encode()
    client.post(
        VERIFY, body, content_type="application/json", **signed(partner, "POST", VERIFY, body)
    )
    _verify(client, qr)
    checks = client.get("/api/v1/me/credentials/verifications", **auth(zhang)).json()
    assert [c["verifier_kind"] for c in checks] == ["anonymous", "partner"]
    assert checks[1]["verifier"] == "某保险公司"
    other = make_citizen(person=make_person(), phone="13700000013")
    assert client.get("/api/v1/me/credentials/verifications", **auth(other)).json() == []


def test_the_rotate_command_starts_a_new_key_and_keeps_the_old_one_verifying(client, zhang):
    from django.core.management import call_command

    qr = _licence_qr(client, zhang)
    call_command("credentials_rotate_key", stdout=__import__("io").StringIO())
    assert IssuerKey.objects.count() == 2
    assert _verify(client, qr)["valid"] is True
    assert _licence_qr(client, zhang) != qr


def test_public_verifications_are_limited_per_address(client, zhang, settings):
    settings.JIAOGUAN_CREDENTIALS_VERIFY_PER_ADDRESS_PER_MINUTE = 2
    qr = _licence_qr(client, zhang)
    _verify(client, qr)
    _verify(client, qr)
    response = client.post(VERIFY, {"qr": qr}, content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "credentials.verify.rate_limited"
    page = client.post("/credentials/verify/", {"qr": qr})
    assert page.status_code == 200
    assert "核验次数过多" in page.content.decode()


def test_the_status_cache_follows_the_records_version(client, zhang, settings):
    qr = _licence_qr(client, zhang)
    assert _verify(client, qr)["status"] == "normal"
    license_ = zhang.person.driving_license
    license_.status = "suspended"
    license_.save()  # around the services: cached for CREDENTIALS_STATUS_CACHE_SECONDS
    assert _verify(client, qr)["status"] == "normal"
    person_records_changed(person_ids=[zhang.person.pk])  # what every register service does
    assert _verify(client, qr)["reason"] == "suspended"
    settings.JIAOGUAN_CREDENTIALS_STATUS_CACHE_SECONDS = 0
    license_.status = "valid"
    license_.save()
    assert _verify(client, qr)["status"] == "normal"  # no cache: the register at once
