"""No published list or dataset contains an identity number, a phone number or an unmasked
name: every dataset is read back the ways the public reads it (CSV, JSON, the pages) and
searched for an 18-character identity number (GB 11643), a mainland mobile number
(1[3-9]\\d{9}) and the full name of anyone in the register."""

import json

import pytest

from jiaoguan.disclosure.lists import published_lists
from jiaoguan.disclosure.models import Entry
from jiaoguan.disclosure.rules import personal_data_found
from jiaoguan.identity.models import Person, User
from jiaoguan.portal.views.disclosure import STATISTIC_CHARTS
from tests.disclosure.factories import DAY, make_register, publish_on

pytestmark = pytest.mark.django_db


def _published_texts(client) -> dict[str, str]:
    texts = {}
    for declaration in published_lists():
        code = declaration.code
        for extension in ("csv", "json"):
            response = client.get(f"/api/v1/open-data/datasets/{code}.{extension}")
            assert response.status_code == 200
            texts[f"{code}.{extension}"] = b"".join(response.streaming_content).decode()
        texts[f"{code} page"] = client.get(f"/disclosure/{code}/").content.decode()
    texts["catalog"] = client.get("/api/v1/open-data/catalog").content.decode()
    texts["pass rates page"] = client.get("/disclosure/statistics/pass-rates/").content.decode()
    texts["plates page"] = client.get("/disclosure/statistics/plates/").content.decode()
    for code in STATISTIC_CHARTS:  # the other statistics' chart and table pages
        page = client.get(f"/disclosure/statistics/{code}/")
        assert page.status_code == 200
        texts[f"{code} statistic page"] = page.content.decode()
    return texts


def _values(data) -> list[str]:
    return [str(value) for value in data.values()]


def assert_nothing_personal(client) -> int:
    """Search everything published; return how many entries were searched."""
    id_numbers = set(Person.objects.values_list("id_number", flat=True))
    phones = {phone for phone in User.objects.values_list("phone", flat=True) if phone}
    names = set(Person.objects.values_list("name", flat=True))
    long_names = {name for name in names if len(name) >= 2}
    for where, text in _published_texts(client).items():
        assert personal_data_found(text) == [], where
        for number in id_numbers | phones:
            assert number not in text, where
        for name in long_names:
            assert name not in text, (where, name)
    entries = list(Entry.objects.values_list("data", flat=True))
    for data in entries:
        values = _values(data if isinstance(data, dict) else json.loads(data))
        # A one-character name could only appear whole as a value of its own.
        assert not set(values) & names, data
        for value in values:
            assert personal_data_found(value) == [], data
    return len(entries)


def test_nothing_personal_in_any_list_of_the_test_register(client):
    register = make_register()
    from tests.identity.factories import make_citizen

    for person in register.people:
        phone = f"139{person.pk:08d}"
        # The register's driver of the decisions already has an account.
        if not User.objects.filter(person=person).update(phone=phone):
            make_citizen(person=person, phone=phone)
    publish_on()
    assert assert_nothing_personal(client) >= len(published_lists())


def test_nothing_personal_in_any_list_of_the_demo_jurisdiction(client):
    from jiaoguan.demo.accounts import ensure_demo_accounts
    from jiaoguan.demo.disclosure import ensure_demo_disclosure
    from jiaoguan.demo.exams import ensure_demo_exams
    from jiaoguan.demo.loader import seed

    seed(300, as_of=DAY)
    ensure_demo_accounts()
    ensure_demo_exams()
    ensure_demo_disclosure()
    publish_on()
    for declaration in published_lists():
        assert Entry.objects.filter(dataset=declaration.code).exists(), declaration.code
    assert assert_nothing_personal(client) > 0
