"""Citizens who text 12123: an account with a verified phone, a PIN, a license, a car."""

from datetime import date

from jiaoguan.hotline import secrets
from tests.drivers.factories import make_license
from tests.identity.factories import make_citizen, make_person
from tests.vehicles.factories import make_vehicle

PIN = "2468"


def make_texter(
    *,
    name: str = "李秀英",
    phone: str = "13900001111",
    pin: str | None = PIN,
    points=(),
    vehicle: bool = True,
):
    person = make_person(name=name, birth_date=date(1956, 4, 2), female=True)
    user = make_citizen(person=person, phone=phone)
    if pin:
        secrets.pin_set(actor=user, user=user, pin=pin)
    make_license(person=person, points=points)
    if vehicle:
        make_vehicle(owner=person)
    return user
