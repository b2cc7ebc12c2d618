"""Vehicles for tests: rows created directly, with keyword defaults and named traits.

``make_vehicle(owner=person)`` is a five-seat private car (K33, non-operating) registered on
2020-05-10 and inspected on time. ``traits`` name a kind (``private_car``, ``taxi``, ``van``,
``heavy_truck``, ``motorcycle``) and/or a state relative to ``as_of`` (default today):

- ``on_time``: the validity runs to the next due the rules give (the default);
- ``in_window``: registered six years ago next month, so its validity ends next month and
  the inspection window is open;
- ``overdue``: registered six years ago three months ago, validity ended then;
- ``deregistered``.

Explicit keywords override traits.
"""

import itertools
from collections.abc import Callable, Iterable
from datetime import date

from dateutil.relativedelta import relativedelta

from jiaoguan.core import clock
from jiaoguan.core.ids import vin_check_digit
from jiaoguan.identity.models import Organization, Person
from jiaoguan.vehicles import rules
from jiaoguan.vehicles.models import Vehicle
from jiaoguan.vehicles.selectors import vehicle_profile

_sequence = itertools.count(1)

KINDS: dict[str, dict] = {
    "private_car": {"vehicle_type": "K33", "use_character": "non_operating", "seats": 5},
    "taxi": {"vehicle_type": "K33", "use_character": "taxi", "seats": 5},
    "van": {"vehicle_type": "K39", "use_character": "non_operating", "seats": 7},
    "heavy_truck": {"vehicle_type": "H11", "use_character": "goods_transport", "seats": 3},
    "motorcycle": {"vehicle_type": "M21", "use_character": "non_operating", "seats": 2},
}

#: State traits: the fields they set, from ``as_of`` (None: computed from the rules).
STATES: dict[str, Callable[[date], dict]] = {
    "on_time": lambda as_of: {},
    "in_window": lambda as_of: _due_at(as_of + relativedelta(months=1)),
    "overdue": lambda as_of: _due_at(as_of - relativedelta(months=3)),
    "deregistered": lambda as_of: {"status": Vehicle.Status.DEREGISTERED},
}


def _due_at(month: date) -> dict:
    """Registered six years before ``month`` (day 10), validity ending in ``month``."""
    return {
        "registered_on": (month - relativedelta(years=6)).replace(day=10),
        "inspection_valid_until": rules.month_end(month),
    }


def vin_for(index: int) -> str:
    """A valid VIN (right check digit, no I, O or Q), unique per index."""
    body = f"LSVAB2BR0K{index:07d}"
    return body[:8] + vin_check_digit(body) + body[9:]


def plate_for(index: int, *, prefix: str = "苏A") -> str:
    """An ordinary plate number, unique per index below 50 000."""
    return f"{prefix}{'DFGHK'[index // 10000 % 5]}{index % 10000:04d}"


def make_vehicle(
    *,
    owner: Person | None = None,
    organization: Organization | None = None,
    traits: Iterable[str] = (),
    registered_on: date | None = None,
    as_of: date | None = None,
    **fields,
) -> Vehicle:
    """One registered vehicle of ``owner`` (a person) or else ``organization``.

    Without ``inspection_valid_until`` (from a keyword or a state trait) the vehicle was
    inspected on time: its validity runs to the next due the rules give on ``as_of``
    (default: today).
    """
    if owner is None and organization is None:
        from tests.identity.factories import make_person

        owner = make_person()
    as_of = as_of or clock.today()
    index = next(_sequence)
    values: dict = {
        **KINDS["private_car"],
        "vin": vin_for(index),
        "plate_number": plate_for(index),
        "plate_type": "02",
        "brand_model": "大众汽车牌SVW7141BRD",
        "registered_on": date(2020, 5, 10),
        "owner_person": owner if organization is None else None,
        "owner_organization": organization,
    }
    for name in traits:
        values.update(KINDS[name] if name in KINDS else STATES[name](as_of))
    if registered_on is not None:
        values["registered_on"] = registered_on
    values["manufactured_on"] = values["registered_on"] - relativedelta(months=2)
    values.update(fields)
    vehicle = Vehicle(**values)
    if vehicle.inspection_valid_until is None:
        due = rules.next_inspection(vehicle_profile(vehicle), as_of)
        vehicle.inspection_valid_until = due.due_on
    vehicle.save()
    return vehicle
