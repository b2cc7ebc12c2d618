"""Writes to the vehicle register: the derived inspection date kept with each vehicle."""

from datetime import date

import pytest

from jiaoguan.vehicles.models import Vehicle
from jiaoguan.vehicles.rules import uninspected_scrap_on
from jiaoguan.vehicles.selectors import vehicle_profile
from jiaoguan.vehicles.services import vehicles_inspection_dates_refresh
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db


def test_the_refresh_writes_the_date_three_missed_cycles_would_make_the_vehicle_scrap_due():
    truck = make_vehicle(
        vehicle_type="H11",
        use_character="goods_transport",
        seats=2,
        registered_on=date(2015, 4, 8),
        inspection_valid_until=date(2020, 4, 30),
    )
    assert vehicles_inspection_dates_refresh(vehicle_ids=[truck.pk]) == 1
    truck.refresh_from_db()
    assert truck.uninspected_scrap_on == date(2023, 5, 1)
    assert vehicles_inspection_dates_refresh(vehicle_ids=[truck.pk]) == 0  # unchanged


def test_a_new_validity_moves_the_date():
    car = make_vehicle(registered_on=date(2019, 3, 15), inspection_valid_until=date(2023, 3, 31))
    vehicles_inspection_dates_refresh()
    Vehicle.objects.filter(pk=car.pk).update(inspection_valid_until=date(2025, 3, 31))
    vehicles_inspection_dates_refresh()
    car.refresh_from_db()
    assert car.uninspected_scrap_on == uninspected_scrap_on(vehicle_profile(car), date(2025, 3, 31))
    assert car.uninspected_scrap_on > date(2029, 3, 31)
