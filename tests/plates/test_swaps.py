"""Swapping the numbers of two vehicles of one owner (登记规定 art. 20)."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.plates import services
from jiaoguan.vehicles.models import Vehicle
from tests.identity.factories import make_person
from tests.plates.factories import make_plates_officer
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


def _swap(officer, first, second, **changes):
    return services.plate_swap(
        **{
            "actor": officer,
            "plate_type": "02",
            "first_number": first.plate_number,
            "second_number": second.plate_number,
            "violations_cleared": True,
        }
        | changes
    )


def test_two_cars_of_one_owner_swap_numbers_and_the_records_version_moves():
    officer = make_plates_officer()
    owner = make_person()
    first = make_vehicle(owner=owner, plate_number="苏A11111")
    second = make_vehicle(owner=owner, plate_number="苏A22222")
    version = owner.records_version
    swaps = _swap(officer, first, second)
    first.refresh_from_db()
    second.refresh_from_db()
    owner.refresh_from_db()
    assert (first.plate_number, second.plate_number) == ("苏A22222", "苏A11111")
    assert [(s.number_before, s.number_after) for s in swaps] == [
        ("苏A11111", "苏A22222"),
        ("苏A22222", "苏A11111"),
    ]
    assert owner.records_version > version


def test_a_vehicle_swaps_at_most_once_a_year():
    officer = make_plates_officer()
    owner = make_person()
    first = make_vehicle(owner=owner, plate_number="苏A11111")
    second = make_vehicle(owner=owner, plate_number="苏A22222")
    third = make_vehicle(owner=owner, plate_number="苏A33333")
    _swap(officer, first, second)
    first.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        _swap(officer, first, third)
    assert refused.value.code == "plates.swap.refused"
    assert "一年内只能互换一次" in str(refused.value.message)
    with freeze_time(clock.now() + timedelta(days=366)):
        _swap(officer, first, third)
    assert Vehicle.objects.get(pk=third.pk).plate_number == "苏A22222"


def test_swap_refuses_other_owners_and_operating_vehicles():
    officer = make_plates_officer()
    first = make_vehicle(owner=make_person(), plate_number="苏A11111")
    second = make_vehicle(owner=make_person(), plate_number="苏A22222", traits=("taxi",))
    with pytest.raises(ApplicationError) as refused:
        _swap(officer, first, second, violations_cleared=False)
    message = str(refused.value.message)
    assert "不属于同一所有人" in message
    assert "营运车辆" in message
    assert "未处理的交通违法" in message
    first.refresh_from_db()
    assert first.plate_number == "苏A11111"


def test_unknown_numbers_are_not_found():
    officer = make_plates_officer()
    first = make_vehicle(plate_number="苏A11111")
    with pytest.raises(ApplicationError) as refused:
        services.plate_swap(
            actor=officer,
            plate_type="02",
            first_number=first.plate_number,
            second_number="苏A99999",
            violations_cleared=True,
        )
    assert refused.value.code == "plates.swap.not_found"
