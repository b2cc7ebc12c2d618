"""The citizen's 短信与语音查询 page: the command table and setting the query PIN."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.hotline import secrets
from jiaoguan.hotline.models import HotlinePin
from tests.identity.factories import make_citizen

pytestmark = pytest.mark.django_db
URL = "/me/hotline/"


@pytest.fixture
def citizen(client):
    user = make_citizen()
    client.force_login(user)
    return user


def test_the_page_lists_the_commands_and_says_no_pin_is_set(client, citizen):
    page = client.get(URL).content.decode()
    assert "JF / JIFEN / 积分" in page
    assert "尚未设置查询密码" in page
    assert URL in client.get("/me/").content.decode()


def test_a_citizen_sets_the_pin_hashed_and_audited(client, citizen):
    answer = client.post(URL, {"pin": "2468", "pin_again": "2468"})
    assert "查询密码已设置" in answer.content.decode()
    row = HotlinePin.objects.get(user=citizen)
    assert row.pin_hash != "2468"
    assert row.pin_hash == secrets.pin_digest(citizen.pk, "2468")
    assert AuditEvent.objects.filter(action="hotline.pin.set", actor=citizen).exists()
    assert "已设置查询密码" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("pin", "again", "message"),
    [
        ("2468", "2469", "两次输入的查询密码不一致"),
        ("12ab", "12ab", "查询密码须为4至6位数字"),
        ("123", "123", "4"),  # too short: the form's own length message
        ("1234567", "1234567", "6"),
    ],
)
def test_a_bad_pin_is_refused_with_a_reason_and_nothing_stored(
    client, citizen, pin, again, message
):
    answer = client.post(URL, {"pin": pin, "pin_again": again})
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not HotlinePin.objects.filter(user=citizen).exists()


def test_the_refusal_is_in_english_for_an_english_page(client, citizen):
    client.cookies["django_language"] = "en"
    answer = client.post(URL, {"pin": "12ab", "pin_again": "12ab"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "query PIN" in answer.content.decode()


def test_with_identity_digits_the_page_explains_them_and_offers_no_pin(client, citizen, settings):
    settings.JIAOGUAN_HOTLINE_SECRET = "identity_digits"
    page = client.get(URL).content.decode()
    assert "后六位" in page
    assert 'name="pin"' not in page
    client.post(URL, {"pin": "2468", "pin_again": "2468"})
    assert not HotlinePin.objects.exists()


def test_the_page_needs_a_signed_in_citizen(client):
    assert client.get(URL).status_code == 302
