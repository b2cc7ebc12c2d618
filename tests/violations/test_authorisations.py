"""Owners let up to three other drivers' accounts handle their small cars, by SMS consent."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.gateways.models import OutboxMessage
from jiaoguan.violations.models import DriverAuthorisation
from jiaoguan.violations.selectors import violations_of_person
from jiaoguan.violations.services import (
    authorisation_confirm,
    authorisation_request,
    authorisation_revoke,
    violation_handle,
)
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Request an authorisation; the owner's code leaves when the request commits."""

    def request(driver, plate_number: str) -> DriverAuthorisation:
        with django_capture_on_commit_callbacks(execute=True):
            return authorisation_request(actor=driver, plate_number=plate_number)

    return request


@pytest.fixture
def driver():
    person = make_person(name="王芳", female=True)
    make_license(person=person)
    return make_citizen(person=person)


def owner_car(name: str = "刘洋", **fields):
    owner = make_citizen(person=make_person(name=name))
    return owner, make_vehicle(owner=owner.person, **fields)


def linked(ask, driver, sms_code, vehicle, owner) -> DriverAuthorisation:
    asked = ask(driver, vehicle.plate_number)
    return authorisation_confirm(
        actor=driver, authorisation_id=asked.pk, code=sms_code(owner.phone)
    )


def code_of(call) -> str:
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value.code


def test_the_owner_is_texted_and_the_code_links_the_car(driver, sms_code, ask):
    owner, car = owner_car()
    asked = ask(driver, car.plate_number)
    text = OutboxMessage.objects.get(recipient=owner.phone).body
    assert "王*" in text
    assert car.plate_number in text
    assert "王芳" not in text  # the owner sees a masked name
    done = authorisation_confirm(
        actor=driver, authorisation_id=asked.pk, code=sms_code(owner.phone)
    )
    assert (done.status, done.slot) == (DriverAuthorisation.Status.ACTIVE, 1)


def test_a_wrong_code_links_nothing(driver, sms_code, ask):
    owner, car = owner_car()
    asked = ask(driver, car.plate_number)
    wrong = "000000" if sms_code(owner.phone) != "000000" else "111111"
    assert code_of(
        lambda: authorisation_confirm(actor=driver, authorisation_id=asked.pk, code=wrong)
    ) == ("identity.sms.code_invalid")
    asked.refresh_from_db()
    assert asked.status == DriverAuthorisation.Status.PENDING


def test_the_authorised_driver_sees_and_handles_the_cars_violations(driver, sms_code, ask):
    owner, car = owner_car()
    record = make_entered_record(car)
    assert violations_of_person(person_id=driver.person.pk, as_of=clock.today()) == []
    linked(ask, driver, sms_code, car, owner)
    rows = violations_of_person(person_id=driver.person.pk, as_of=clock.today())
    assert [row.record.pk for row in rows] == [record.pk]
    assert not rows[0].own_vehicle
    decision = violation_handle(actor=driver, record_id=record.pk)
    assert decision.person == driver.person  # the points go on the driver, not the owner


def test_a_fourth_car_is_refused(driver, sms_code, ask):
    for index in range(3):
        owner, car = owner_car(name=f"车主{index}")
        linked(ask, driver, sms_code, car, owner)
    owner, car = owner_car(name="车主三")
    assert code_of(lambda: ask(driver, car.plate_number)) == ("violations.authorisation.limit")


def test_a_revoked_link_frees_its_slot_and_hides_the_car(driver, sms_code, ask):
    owner, car = owner_car()
    link = linked(ask, driver, sms_code, car, owner)
    make_entered_record(car)
    authorisation_revoke(actor=owner, authorisation_id=link.pk)
    assert violations_of_person(person_id=driver.person.pk, as_of=clock.today()) == []
    link.refresh_from_db()
    assert (link.status, link.slot) == (DriverAuthorisation.Status.REVOKED, None)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda d: make_vehicle(owner=d.person).plate_number,
            "violations.authorisation.own_vehicle",
        ),
        (lambda d: "苏Z99999", "violations.authorisation.plate_unknown"),
        (
            lambda d: make_vehicle(traits=["heavy_truck"]).plate_number,
            "violations.authorisation.not_small_car",
        ),
    ],
)
def test_only_other_peoples_small_cars(driver, make, expected, ask):
    plate = make(driver)
    assert code_of(lambda: ask(driver, plate)) == expected


def test_an_owner_without_an_account_cannot_be_asked(driver, ask):
    car = make_vehicle(owner=make_person(name="赵磊"))
    assert code_of(lambda: ask(driver, car.plate_number)) == (
        "violations.authorisation.owner_unreachable"
    )
    assert not DriverAuthorisation.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_consents_at_the_same_moment_never_make_a_fourth_car(sms_code, ask):
    person = make_person(name="王芳", female=True)
    driver = make_citizen(person=person)
    pending = []
    for index in range(6):
        owner, car = owner_car(name=f"车主{index}")
        asked = ask(driver, car.plate_number)
        pending.append((asked.pk, sms_code(owner.phone)))

    def confirm(item) -> str:
        try:
            authorisation_confirm(actor=driver, authorisation_id=item[0], code=item[1])
            return "linked"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(confirm, pending))
    assert outcomes.count("linked") == 3
    assert set(outcomes) == {"linked", "violations.authorisation.limit"}
    slots = DriverAuthorisation.objects.filter(status="active").values_list("slot", flat=True)
    assert sorted(slots) == [1, 2, 3]
