"""The plates API: public segments and verification, owners' selection, dealers' plates."""

import json
from datetime import timedelta

import pytest

from jiaoguan.core import clock
from jiaoguan.identity.models import Organization, PartnerKey
from jiaoguan.identity.services import api_token_issue
from jiaoguan.plates import services
from tests.api.partners import make_partner_key, signed
from tests.identity.factories import make_person
from tests.plates.factories import (
    make_open_batch,
    make_owner_with_vehicle,
    make_plates_officer,
    make_segment,
)
from tests.vehicles.factories import vin_for

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def test_public_segments_show_status_and_numbers_taken(client):
    segment = make_segment()
    make_segment(traits=["upcoming"], pattern="F####")
    batch = make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    services.selection_compose(actor=user, vin=vehicle.vin, segment_id=segment.pk, number="D0001")
    body = client.get("/api/v1/plates/segments").json()
    by_pattern = {item["pattern"]: item for item in body}
    assert by_pattern["D####"]["status"] == "open"
    assert by_pattern["D####"]["taken"] == 1
    assert by_pattern["D####"]["available"] == 9_999
    assert by_pattern["D####"]["open_batch"]["seed_hash"] == batch.seed_hash
    assert by_pattern["D####"]["open_batch"]["seed"] is None
    assert by_pattern["F####"]["status"] == "upcoming"


def test_owner_draws_picks_and_sees_the_hold(client):
    segment = make_segment()
    make_open_batch(segment)
    user, vehicle = make_owner_with_vehicle()
    response = client.post(
        "/api/v1/plates/draws",
        {"vin": vehicle.vin, "segment_id": segment.pk},
        content_type="application/json",
        **auth(user),
    )
    assert response.status_code == 201
    drawn = response.json()
    assert len(drawn["candidates"]) == 50
    picked = client.post(
        f"/api/v1/plates/draws/{drawn['reference']}/pick",
        {"number": drawn["candidates"][0]},
        content_type="application/json",
        **auth(user),
    )
    assert picked.status_code == 201
    assert picked.json()["plate_number"] == "苏A" + drawn["candidates"][0]
    holds = client.get("/api/v1/plates/holds", **auth(user)).json()
    assert [hold["plate_number"] for hold in holds] == ["苏A" + drawn["candidates"][0]]


def test_taken_self_composed_number_is_a_409_with_the_field(client):
    segment = make_segment()
    make_open_batch(segment)
    first, first_vehicle = make_owner_with_vehicle()
    second, second_vehicle = make_owner_with_vehicle()
    for user, vehicle, status in ((first, first_vehicle, 201), (second, second_vehicle, 409)):
        response = client.post(
            "/api/v1/plates/compose",
            {"vin": vehicle.vin, "segment_id": segment.pk, "number": "D6688"},
            content_type="application/json",
            **auth(user),
        )
        assert response.status_code == status
    body = response.json()
    assert body["code"] == "plates.number.taken"
    assert "number" in body["fields"]


def test_owner_endpoints_need_a_login(client):
    assert client.get("/api/v1/plates/holds").status_code == 401


def test_draw_verification_is_public_after_the_reveal(client):
    officer = make_plates_officer()
    segment = make_segment()
    batch = services.batch_open(actor=officer, segment_id=segment.pk)
    user, vehicle = make_owner_with_vehicle()
    draw = services.selection_draw(actor=user, vin=vehicle.vin, segment_id=segment.pk)
    path = f"/api/v1/plates/draws/{draw.reference}/verification"
    before = client.get(path).json()
    assert before["seed"] is None
    assert before["verified"] is False
    services.batch_close(actor=officer, batch_id=batch.pk)
    after = client.get(path).json()
    assert after["seed"] == batch.seed
    assert after["seed_matches_hash"] is True
    assert after["verified"] is True
    assert vehicle.owner.id_number not in json.dumps(after)
    assert client.get("/api/v1/plates/draws/xyz/verification").status_code == 404


def _dealer_post(client, credentials, path, body):
    raw = json.dumps(body).encode()
    return client.post(
        path, data=raw, content_type="application/json", **signed(credentials, "POST", path, raw)
    )


def test_dealer_issues_a_temporary_plate_and_anyone_checks_its_status(client):
    credentials = make_partner_key(
        kind=Organization.Kind.DEALER, scopes=[PartnerKey.Scope.PLATES_TEMPORARY]
    )
    insured = (clock.today() + timedelta(days=20)).isoformat()
    response = _dealer_post(
        client,
        credentials,
        "/api/v1/partner/plates/temporary",
        {
            "vin": vin_for(31),
            "situation": "not_registered",
            "prefix": "苏A",
            "compulsory_insurance_until": insured,
        },
    )
    assert response.status_code == 201, response.content
    issued = response.json()
    assert issued["valid_until"] == insured
    status = client.get(f"/api/v1/plates/temporary/{issued['reference']}").json()
    assert status["valid"] is True
    assert status["number"] == issued["number"]
    assert "vin" not in status


def test_dealer_without_insurance_gets_a_clear_refusal(client):
    credentials = make_partner_key(
        kind=Organization.Kind.DEALER, scopes=[PartnerKey.Scope.PLATES_TEMPORARY]
    )
    response = _dealer_post(
        client,
        credentials,
        "/api/v1/partner/plates/temporary",
        {"vin": vin_for(32), "situation": "unsold", "prefix": "苏A"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "plates.temporary.insurance_missing"


def test_dealer_enters_a_new_vehicle_for_its_owner(client):
    credentials = make_partner_key(
        kind=Organization.Kind.DEALER, scopes=[PartnerKey.Scope.PLATES_TEMPORARY]
    )
    owner = make_person()
    response = _dealer_post(
        client,
        credentials,
        "/api/v1/partner/plates/vehicles",
        {
            "vin": vin_for(33),
            "owner_id_number": owner.id_number,
            "plate_type": "02",
            "prefix": "苏A",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["vin"] == vin_for(33)


def test_partner_without_the_scope_cannot_issue_temporary_plates(client):
    credentials = make_partner_key(kind=Organization.Kind.DEALER)
    response = _dealer_post(
        client,
        credentials,
        "/api/v1/partner/plates/temporary",
        {"vin": vin_for(34), "situation": "unsold", "prefix": "苏A"},
    )
    assert response.status_code in (401, 403)
