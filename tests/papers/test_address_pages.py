"""我的收件地址: the citizen adds, lists and removes addresses; bad input is a message next
to the field, never a 500; another person's address cannot be removed."""

import pytest

from jiaoguan.papers.models import AddressBookEntry
from tests.identity.factories import make_citizen
from tests.papers.postal_factories import make_address

pytestmark = pytest.mark.django_db
PAGE = "/me/addresses/"


def _add(client, **fields):
    data = {
        "action": "add",
        "recipient_name": "张伟",
        "phone": "13812345678",
        "region_code": "320102",
        "detail": "中山路 1 号",
        "is_default": "on",
        **fields,
    }
    return client.post(PAGE, data)


def test_a_citizen_adds_an_address_and_sees_it_masked(client):
    citizen = make_citizen()
    client.force_login(citizen)
    answer = _add(client)
    assert answer.status_code == 302
    entry = AddressBookEntry.objects.get(person=citizen.person)
    assert entry.is_default
    page = client.get(PAGE).content.decode()
    assert "玄武区中山路 1 号" in page
    assert "13812345678" not in page


def test_back_to_the_papers_form_after_adding_but_never_off_site(client):
    client.force_login(make_citizen())
    back = client.post(f"{PAGE}?next=/me/papers/license-renewal/", _form())
    assert back["Location"] == "/me/papers/license-renewal/"
    away = client.post(f"{PAGE}?next=https://evil.example/", _form(detail="汉中路 2 号"))
    assert away["Location"] == PAGE


def _form(**fields):
    return {
        "action": "add",
        "recipient_name": "张伟",
        "phone": "13812345678",
        "region_code": "320102",
        "detail": "中山路 1 号",
        **fields,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("region_code", "110103"), ("region_code", "abc"), ("phone", "12345"), ("detail", "")],
)
def test_bad_input_is_shown_next_to_the_field(client, field, value):
    client.force_login(make_citizen())
    answer = _add(client, **{field: value})
    assert answer.status_code == 200
    assert not AddressBookEntry.objects.exists()


def test_another_persons_address_cannot_be_removed(client):
    other = make_address()
    client.force_login(make_citizen())
    answer = client.post(PAGE, {"action": "remove", "address_id": other.pk}, follow=True)
    assert answer.status_code == 200
    other.refresh_from_db()
    assert other.removed_at is None
    garbage = client.post(PAGE, {"action": "remove", "address_id": "x"}, follow=True)
    assert garbage.status_code == 200


def test_a_citizen_removes_their_own_address(client):
    citizen = make_citizen()
    entry = make_address(person=citizen.person)
    client.force_login(citizen)
    client.post(PAGE, {"action": "remove", "address_id": entry.pk})
    entry.refresh_from_db()
    assert entry.removed_at is not None
