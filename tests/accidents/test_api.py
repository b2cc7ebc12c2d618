"""/api/v1/me/accidents: the two drivers on their own phones, from report to agreement."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from jiaoguan.identity.services import api_token_issue
from tests.accidents.factories import REQUIRED, known_code, make_driver, photo_bytes, vehicle

pytestmark = pytest.mark.django_db

REPORT = {
    "facts": {
        "vehicles": 2,
        "injured": False,
        "both_insured": True,
        "both_licensed": True,
        "movable": True,
    },
    "occurred_at": "2026-12-03T08:10:00+08:00",
    "place": "南京市玄武区北京东路与太平北路交叉口",
    "latitude": 32.0561,
    "longitude": 118.7969,
    "region_code": "320102",
    "weather": "rain",
    "kind": "rear_end",
    **vehicle(),
}


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def _photo(client, user, accident_id, kind, content=None):
    upload = SimpleUploadedFile(f"{kind}.jpg", content or photo_bytes(), "image/jpeg")
    return client.post(
        f"/api/v1/me/accidents/{accident_id}/photos",
        {"kind": kind, "photo": upload},
        **bearer(user),
    )


def _sign(client, user, accident_id):
    asked = _post(client, user, f"/{accident_id}/sign-code")
    assert asked.status_code == 200, asked.content
    challenge_id = asked.json()["challenge_id"]
    body = {"challenge_id": challenge_id, "code": known_code(challenge_id)}
    return _post(client, user, f"/{accident_id}/sign", body)


def _post(client, user, path, body=None):
    return client.post(
        f"/api/v1/me/accidents{path}", body or {}, content_type="application/json", **bearer(user)
    )


@freeze_time("2026-12-03T01:00:00Z")
def test_report_join_propose_sign_sign_makes_the_agreement(client):
    a, b = make_driver(), make_driver()
    reported = _post(client, a, "", REPORT)
    assert reported.status_code == 201, reported.content
    accident = reported.json()
    assert accident["stage_label"] == "待对方加入"
    code = accident["join_code"]
    for kind in REQUIRED:
        shot = _photo(client, a, accident["id"], kind)
        assert shot.status_code == 201, shot.content
        assert shot.json()["flagged"] is False
    joined = _post(client, b, "/join", {"code": code, **vehicle("苏B54321")})
    assert joined.status_code == 200, joined.content
    assert joined.json()["join_code"] is None  # B never sees it; A no longer needs it
    assert [p["me"] for p in joined.json()["parties"]] == [False, True]
    number = accident["id"]
    scenarios = client.get("/api/v1/me/accidents/scenarios", **bearer(a)).json()
    assert "rear_end" in {s["code"] for s in scenarios}
    proposed = _post(client, b, f"/{number}/propose", {"scenario": "rear_end", "party": "a"})
    assert (proposed.json()["share_a"], proposed.json()["share_b"]) == (100, 0)
    assert _sign(client, a, number).json()["state"] == "proposed"
    agreed = _sign(client, b, number).json()
    assert agreed["state"] == "agreed"
    assert agreed["agreement_number"].startswith("KC32010220261203")
    assert all(p["signed"] for p in agreed["parties"])
    pdf = client.get(f"/api/v1/me/accidents/{number}/agreement.pdf", **bearer(a))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    mine = client.get("/api/v1/me/accidents", **bearer(b)).json()
    assert [item["id"] for item in mine] == [number]


def test_refusals_are_clear_and_never_500(client):
    a, stranger = make_driver(), make_driver()
    hurt = {**REPORT, "facts": {**REPORT["facts"], "injured": True}}
    refused = _post(client, a, "", hurt)
    assert refused.status_code == 422
    assert refused.json()["code"] == "accidents.not_eligible"
    accident = _post(client, a, "", REPORT).json()
    assert client.get(f"/api/v1/me/accidents/{accident['id']}", **bearer(stranger)).status_code == (
        404
    )
    bad = _post(client, stranger, "/join", {"code": "x\u0000y", **vehicle()})
    assert bad.status_code == 422
    wrong = _post(client, stranger, "/join", {"code": "ZZZZZZZZ", **vehicle()})
    assert (wrong.status_code, wrong.json()["code"]) == (404, "accidents.join_code")
    none = client.get(f"/api/v1/me/accidents/{accident['id']}/agreement.pdf", **bearer(a))
    assert (none.status_code, none.json()["code"]) == (404, "accidents.no_agreement")
    early = _post(client, a, f"/{accident['id']}/sign-code")
    assert (early.status_code, early.json()["code"]) == (409, "accidents.state")
    assert client.get("/api/v1/me/accidents").status_code == 401


def test_english_messages(client):
    a = make_driver()
    hurt = {**REPORT, "facts": {**REPORT["facts"], "injured": True}}
    refused = client.post(
        "/api/v1/me/accidents",
        hurt,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(a),
    )
    assert refused.status_code == 422
    message = refused.json()["message"]
    assert message.isascii(), message
