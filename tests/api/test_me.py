"""A citizen's own records through the API: true dates, masking, and nobody else's records."""

from datetime import date

import pytest

from jiaoguan.identity.services import api_token_issue
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db
AS_OF = "2026-11-21"


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)}"}


@pytest.fixture
def two_citizens():
    people = []
    for name, phone in (("张伟", "13700000001"), ("李娜", "13700000002")):
        person = make_person(name=name)
        user = make_citizen(person=person, phone=phone)
        vehicle = make_vehicle(owner=person, as_of=date(2026, 11, 21))
        make_license(person=person, as_of=date(2026, 11, 21))
        people.append((user, vehicle))
    return people


def test_my_vehicles_shows_only_my_own(client, two_citizens):
    (zhang, zhang_car), (li, li_car) = two_citizens
    mine = client.get("/api/v1/me/vehicles", {"as_of": AS_OF}, **auth(zhang)).json()
    assert [v["plate_number"] for v in mine] == [zhang_car.plate_number]
    theirs = client.get("/api/v1/me/vehicles", {"as_of": AS_OF}, **auth(li)).json()
    assert [v["plate_number"] for v in theirs] == [li_car.plate_number]


def test_my_license_is_mine_and_masked(client, two_citizens):
    (zhang, _), (li, _) = two_citizens
    response = client.get("/api/v1/me/license", {"as_of": AS_OF}, **auth(zhang))
    body = response.json()
    assert body["holder_name"] == "张伟"
    assert body["number"] == zhang.person.id_number[:3] + "*" * 11 + zhang.person.id_number[-4:]
    assert zhang.person.id_number.encode() not in response.content
    assert li.person.name.encode() not in response.content


def test_no_query_parameter_reaches_another_persons_records(client, two_citizens):
    (zhang, _), (li, li_car) = two_citizens
    for params in (
        {"person": li.person.pk},
        {"person_id": li.person.pk},
        {"id_number": li.person.id_number},
        {"owner": li.person.pk},
    ):
        body = client.get("/api/v1/me/records", {**params, "as_of": AS_OF}, **auth(zhang)).content
        assert li_car.plate_number.encode() not in body
        assert li.person.name.encode() not in body
        assert li.person.id_number.encode() not in body


def test_my_records_give_each_date_with_its_rule(client):
    person = make_person()
    user = make_citizen(person=person)
    make_vehicle(
        owner=person,
        registered_on=date(2018, 5, 10),
        inspection_valid_until=date(2026, 5, 31),
        as_of=date(2026, 11, 21),
    )
    make_license(
        person=person,
        first_issued_on=date(2020, 12, 15),
        valid_from=date(2020, 12, 15),
        validity="6",
        points=[(date(2026, 1, 5), 6), (date(2026, 6, 1), 3)],
        as_of=date(2026, 11, 21),
    )
    body = client.get("/api/v1/me/records", {"as_of": AS_OF}, **auth(user)).json()
    car = body["vehicles"][0]
    # The register says valid until 2026-05: the owner missed the year-8 mark.
    assert car["status"] == "inspection_overdue"
    assert car["next_due"] == "2026-05-31"
    assert car["next_kind"] == "mark_only"
    assert car["next_due_reason"]["basis"] == "inspection.reform_2022.small_passenger"
    license = body["license"]
    assert license["valid_until"] == "2026-12-15"
    assert license["renewal"]["window_opens"] == "2026-09-16"
    assert license["cycle"] == {
        **license["cycle"],
        "starts_on": "2025-12-15",
        "ends_on": "2026-12-14",
        "points": 9,
    }
    assert {c["code"] for c in license["conditions"]} >= {"renewal_window_open", "points_reminder"}
    assert all(c["explanation"] for c in license["conditions"])


def test_a_citizen_without_a_license_gets_a_clear_404(client):
    user = make_citizen()
    response = client.get("/api/v1/me/license", **auth(user))
    assert response.status_code == 404
    assert response.json()["code"] == "drivers.license.none"


def test_bad_as_of_is_a_422(client):
    user = make_citizen()
    response = client.get("/api/v1/me/vehicles", {"as_of": "2026-02-30"}, **auth(user))
    assert response.status_code == 422
    assert "as_of" in response.json()["fields"]


@pytest.mark.parametrize("vehicles", [1, 5])
def test_my_records_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, vehicles):
    person = make_person()
    user = make_citizen(person=person)
    for _ in range(vehicles):
        make_vehicle(owner=person)
    make_license(person=person, points=[(date(2026, 1, 5), 3)])
    headers = auth(user)
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/me/records", **headers).status_code == 200


def test_a_repeated_request_is_answered_from_the_cache_until_the_records_change(
    client, django_assert_num_queries
):
    from jiaoguan.identity.services import person_records_changed
    from jiaoguan.vehicles.models import Vehicle

    person = make_person()
    user = make_citizen(person=person)
    car = make_vehicle(owner=person, as_of=date(2026, 11, 21))
    headers = auth(user)
    first = client.get("/api/v1/me/vehicles", {"as_of": AS_OF}, **headers).json()
    with django_assert_num_queries(1):  # the token; the records come from the cache
        again = client.get("/api/v1/me/vehicles", {"as_of": AS_OF}, **headers).json()
    assert again == first

    Vehicle.objects.filter(pk=car.pk).update(inspection_valid_until=date(2025, 5, 31))
    person_records_changed(person_ids=[person.pk])
    changed = client.get("/api/v1/me/vehicles", {"as_of": AS_OF}, **headers).json()
    assert changed[0]["inspection_valid_until"] == "2025-05-31"
    assert changed[0]["status"] == "inspection_overdue"


def test_cached_answers_follow_the_callers_language(client):
    person = make_person()
    user = make_citizen(person=person)
    make_vehicle(owner=person)
    headers = auth(user)
    zh = client.get("/api/v1/me/vehicles", HTTP_ACCEPT_LANGUAGE="zh-hans", **headers).json()
    en = client.get("/api/v1/me/vehicles", HTTP_ACCEPT_LANGUAGE="en", **headers).json()
    assert zh[0]["use_character_name"] == "非营运"
    assert en[0]["use_character_name"] != "非营运"
