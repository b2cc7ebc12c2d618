"""Log-in and password-reset codes answer alike for unknown and registered phones: the same
status and shape, a challenge id either way, and the same resend and per-address limits
(issue 12)."""

import pytest
from django.test import override_settings

from jiaoguan.gateways.models import OutboxMessage
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db
REGISTERED = "13912340001"
UNKNOWN = "13912340002"


def post(client, path, payload, address="198.51.100.9"):
    return client.post(
        f"/api/v1/accounts{path}", payload, content_type="application/json", REMOTE_ADDR=address
    )


def _shape(answer):
    body = answer.json()
    return answer.status_code, sorted(body), type(body.get("challenge_id")), body.get("message")


@pytest.mark.parametrize("path", ["/login-codes", "/password-resets"])
def test_unknown_and_registered_phones_get_the_same_answer(
    client, path, django_capture_on_commit_callbacks
):
    make_citizen(phone=REGISTERED)
    with django_capture_on_commit_callbacks(execute=True):
        known = post(client, path, {"phone": REGISTERED})
        unknown = post(client, path, {"phone": UNKNOWN})
    assert _shape(known) == _shape(unknown)
    assert known.status_code == 202
    assert unknown.json()["challenge_id"] != 0
    assert known.json()["challenge_id"] != unknown.json()["challenge_id"]
    # the unknown phone is sent nothing
    assert not OutboxMessage.objects.filter(recipient=UNKNOWN).exists()
    assert OutboxMessage.objects.filter(recipient=REGISTERED).count() == 1


@pytest.mark.parametrize("path", ["/login-codes", "/password-resets"])
def test_a_quick_second_request_is_refused_alike(client, path):
    make_citizen(phone=REGISTERED)
    post(client, path, {"phone": REGISTERED})
    post(client, path, {"phone": UNKNOWN})
    again_known = post(client, path, {"phone": REGISTERED})
    again_unknown = post(client, path, {"phone": UNKNOWN})
    assert again_known.status_code == again_unknown.status_code == 429
    assert again_known.json()["code"] == again_unknown.json()["code"]


@override_settings(JIAOGUAN_SMS_PER_ADDRESS_PER_HOUR=2)
def test_unknown_phones_count_towards_the_per_address_limit(client):
    make_citizen(phone=REGISTERED)
    assert post(client, "/login-codes", {"phone": "13912340003"}).status_code == 202
    assert post(client, "/login-codes", {"phone": "13912340004"}).status_code == 202
    assert post(client, "/login-codes", {"phone": REGISTERED}).status_code == 429


def test_the_challenge_of_an_unknown_phone_opens_nothing(client):
    challenge_id = post(client, "/login-codes", {"phone": UNKNOWN}).json()["challenge_id"]
    for code in ("000000", "123456"):
        answer = post(client, "/tokens/by-code", {"challenge_id": challenge_id, "code": code})
        assert answer.status_code == 400
        assert answer.json()["code"] == "identity.sms.code_invalid"
    # no code at all is refused by the schema (six digits), before any challenge is looked up
    answer = post(client, "/tokens/by-code", {"challenge_id": challenge_id, "code": ""})
    assert answer.status_code == 422


def test_the_challenge_id_is_opaque(client, django_capture_on_commit_callbacks):
    make_citizen(phone=REGISTERED)
    first = post(client, "/login-codes", {"phone": REGISTERED}).json()["challenge_id"]
    second = post(client, "/login-codes", {"phone": UNKNOWN}).json()["challenge_id"]
    assert isinstance(first, str)
    assert len(first) >= 40
    assert not first.isdigit()
    assert first[:20] != second[:20] or first != second  # no visible sequence
    # a made-up or altered id opens nothing
    forged = first[:-4] + ("AAAA" if not first.endswith("AAAA") else "BBBB")
    answer = post(client, "/tokens/by-code", {"challenge_id": forged, "code": "000000"})
    assert answer.status_code == 400
    assert answer.json()["code"] == "identity.sms.code_invalid"
