"""GET /api/v1/calculators/accident-quick-handling: the rules applied, 422 on bad input."""

import pytest

URL = "/api/v1/calculators/accident-quick-handling"
GOOD = {
    "vehicles": "2",
    "injured": "false",
    "both_insured": "true",
    "both_licensed": "true",
    "movable": "true",
}


def test_two_insured_licensed_movable_cars_without_injuries_may_settle_online(client):
    response = client.get(URL, GOOD)
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "eligible": True,
        "reasons": [],
        "instead": None,
        "instead_text": None,
        "rules": [],
    }


def test_an_injury_and_an_uninsured_car_give_both_reasons_and_the_most_urgent_course(client):
    body = client.get(URL, {**GOOD, "injured": "true", "both_insured": "false"}).json()
    assert body["eligible"] is False
    assert body["reasons"] == ["injured", "not_insured"]
    assert body["instead"] == "call_122_and_120"
    assert "120" in body["instead_text"]
    assert all(rule["explanation"] for rule in body["rules"])


@pytest.mark.parametrize(
    ("flag", "value", "code", "instead"),
    [
        ("drink_or_drugs", "true", "drink_or_drugs", "call_122_stay"),
        ("dangerous_goods", "true", "dangerous_goods", "call_122_stay"),
        ("no_or_fake_plates", "true", "no_or_fake_plates", "call_122_stay"),
        ("party_left", "true", "party_left", "call_122_stay"),
        ("movable", "false", "not_movable", "call_122_stay"),
        ("both_licensed", "false", "not_licensed", "call_122_stay"),
        ("hit_property", "true", "hit_property", "move_then_call_122"),
        ("both_insured", "false", "not_insured", "move_then_call_122"),
        ("vehicles", "3", "not_two_vehicles", "call_122"),
        ("vehicles", "1", "not_two_vehicles", "call_122"),
    ],
)
def test_each_flag_gives_its_stable_code(client, flag, value, code, instead):
    body = client.get(URL, {**GOOD, flag: value}).json()
    assert body["eligible"] is False
    assert body["reasons"] == [code]
    assert body["instead"] == instead


@pytest.mark.parametrize(
    "params",
    [
        {k: v for k, v in GOOD.items() if k != "injured"},
        {**GOOD, "vehicles": "0"},
        {**GOOD, "vehicles": "two"},
        {**GOOD, "movable": "perhaps"},
        {**GOOD, "vehicles": "100"},
    ],
)
def test_bad_input_is_a_422_with_the_field_named(client, params):
    response = client.get(URL, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "request.invalid"
    assert body["fields"]


def test_the_answer_is_in_english_when_asked(client):
    body = client.get(URL, {**GOOD, "injured": "true"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["reasons"] == ["injured"]
