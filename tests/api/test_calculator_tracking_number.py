"""GET /api/v1/calculators/tracking-number: S10 format and check digit, 422 for no input."""

import pytest

URL = "/api/v1/calculators/tracking-number"


def test_a_valid_number_answers_valid_with_its_parts(client):
    body = client.get(URL, {"number": "ea 123456785 cn"}).json()
    assert body == {
        "number": "EA123456785CN",
        "valid": True,
        "reason": None,
        "service_indicator": "EA",
        "serial": "12345678",
        "check_digit": "5",
        "country": "CN",
    }


@pytest.mark.parametrize(
    ("number", "reason"),
    [("EA123456784CN", "check_digit"), ("EA12345678", "length"), ("1A123456785CN", "format")],
)
def test_an_invalid_number_answers_not_valid_with_the_reason(client, number, reason):
    response = client.get(URL, {"number": number})
    assert response.status_code == 200
    assert response.json()["valid"] is False
    assert response.json()["reason"] == reason


def test_a_missing_number_is_a_clear_422(client):
    response = client.get(URL)
    assert response.status_code == 422
    assert response.json()["fields"] == {"number": "必填"}
    assert response.json()["message"]


@pytest.mark.parametrize("number", ["", "EA12<script>", "x" * 41])
def test_empty_or_foreign_characters_are_a_422_on_the_number(client, number):
    response = client.get(URL, {"number": number})
    assert response.status_code == 422
    assert "number" in response.json()["fields"]
