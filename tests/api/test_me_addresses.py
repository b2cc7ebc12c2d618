"""/api/v1/me/addresses: my own address book, GB/T 2260 county codes, clear refusals."""

import pytest

from jiaoguan.identity.services import api_token_issue
from tests.identity.factories import make_citizen, make_person

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/addresses"
GOOD = {
    "recipient_name": "张伟",
    "phone": "13812345678",
    "region_code": "320102",
    "detail": "北京东路 41 号",
    "is_default": True,
}


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


def test_i_add_an_address_and_see_it_with_its_place_and_a_masked_phone(client):
    me = make_citizen()
    added = client.post(URL, GOOD, content_type="application/json", **auth(me))
    assert added.status_code == 201
    listed = client.get(URL, **auth(me)).json()
    assert [entry["region"] for entry in listed] == ["江苏省南京市玄武区"]
    assert listed[0]["phone"] != "13812345678"


def test_i_never_see_or_remove_another_persons_address(client):
    me, other = make_citizen(), make_citizen(person=make_person(name="李娜", female=True))
    theirs = client.post(URL, GOOD, content_type="application/json", **auth(other)).json()
    assert client.get(URL, **auth(me)).json() == []
    assert client.delete(f"{URL}/{theirs['id']}", **auth(me)).status_code == 404
    assert len(client.get(URL, **auth(other)).json()) == 1


@pytest.mark.parametrize(
    ("changes", "field", "status"),
    [
        ({"region_code": "110103"}, "region_code", 422),  # withdrawn in 2010
        ({"region_code": "32010"}, "region_code", 422),
        ({"phone": "12345"}, "phone", 422),
        ({"detail": "   "}, "detail", 422),
        ({"detail": "a\x00b"}, "detail", 422),
    ],
)
def test_bad_input_is_refused_on_its_field(client, changes, field, status):
    me = make_citizen()
    response = client.post(URL, {**GOOD, **changes}, content_type="application/json", **auth(me))
    assert response.status_code == status
    assert field in response.json()["fields"]


def test_without_logging_in_it_is_401(client):
    assert client.get(URL).status_code == 401
