"""The citizen's points-reduction API, on a simulated clock: apply, face check, heartbeats, the
test one question at a time, finish; the errors are the API's ``{code, message, fields}``."""

import base64

import pytest

from jiaoguan.education.models import AttemptQuestion
from jiaoguan.gateways.face import FAKE_MISMATCH
from jiaoguan.identity.services import api_token_issue
from tests.education.helpers import learner

pytestmark = pytest.mark.django_db
BASE = "/api/v1/me/education"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def _photo(data: bytes = b"camera") -> dict:
    return {"photo": base64.b64encode(data).decode()}


def test_from_application_to_a_point_removed(client):
    with learner(points=4) as me:
        auth = bearer(me.citizen)
        overview = client.get(f"{BASE}/points-reduction", **auth).json()
        assert overview["eligibility"]["eligible"] is True
        assert overview["eligibility"]["max_points"] == 4
        applied = client.post(f"{BASE}/points-reduction", **auth)
        assert applied.status_code == 201
        application = applied.json()
        assert application["progress"]["face_check_due"] is True
        assert "现场学习" in application["onsite_alternative"]
        again = client.post(f"{BASE}/points-reduction", **auth)
        assert again.status_code == 409
        assert again.json()["code"] == "education.reduction.already_open"
        path = f"{BASE}/points-reduction/{application['id']}"
        checked = client.post(
            f"{path}/face-checks", _photo(), content_type="application/json", **auth
        )
        assert checked.json()["matched"] is True
        body = {"tab": "tab-a", "visible": True, "client_at": "1999-01-01T00:00:00+00:00"}
        for _ in range(31 * 4 + 1):
            progress = client.post(
                f"{path}/heartbeats", body, content_type="application/json", **auth
            ).json()
            if progress["face_check_due"]:
                client.post(
                    f"{path}/face-checks", _photo(), content_type="application/json", **auth
                )
            me.wait(15)
        assert progress["status"] == "studied"
        started = client.post(f"{path}/tests", **auth)
        assert started.status_code == 201
        attempt = started.json()
        assert attempt["question"]["position"] == 1
        assert attempt["question"]["seconds"] == 60
        for position in range(1, 21):
            right = AttemptQuestion.objects.get(attempt_id=attempt["id"], position=position)
            me.wait(3)
            answer = client.post(
                f"{BASE}/tests/{attempt['id']}/answers",
                {"position": position, "choice": right.question.answer},
                content_type="application/json",
                **auth,
            ).json()
        assert answer["state"] == "passed"
        finished = client.post(f"{BASE}/tests/{attempt['id']}/finish", **auth).json()
        assert finished["points_reduced"] == 1
        assert finished["cycle_points"] == 3


def test_bad_input_is_a_clear_error_not_a_500(client):
    with learner() as me:
        auth = bearer(me.citizen)
        application = client.post(f"{BASE}/points-reduction", **auth).json()
        path = f"{BASE}/points-reduction/{application['id']}"
        bad = client.post(
            f"{path}/face-checks", {"photo": "***"}, content_type="application/json", **auth
        )
        assert bad.status_code == 422
        assert bad.json()["code"] == "request.invalid"
        failed = client.post(
            f"{path}/face-checks", _photo(FAKE_MISMATCH), content_type="application/json", **auth
        ).json()
        assert failed["matched"] is False
        assert failed["failures"] == 1
        nobody = client.post(f"{BASE}/points-reduction/999999/heartbeats",
                             {"tab": "x", "visible": True}, content_type="application/json",
                             **auth)  # fmt: skip
        assert nobody.status_code == 404
        early = client.post(f"{path}/tests", **auth)
        assert early.status_code == 409
        assert early.json()["code"] == "education.test.study_incomplete"
