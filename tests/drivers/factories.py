"""Driving licenses for tests: rows created directly, with keyword defaults and named traits.

``make_license(person=p)`` is a C1 license first issued on 2016-03-15 and renewed for ten
years on 2022-03-15. Given only ``first_issued_on``, the license follows the same life: six
years from the first issue, then renewed for ten if those six years are over by ``as_of``.
``classes`` creates one LicenseClassGrant per class (obtained on the
first issue date unless ``class_dates`` says otherwise); ``points`` adds
``(recorded_on, points)`` records. ``traits`` (relative to ``as_of``, default today):

- ``new_driver``: first issued three months ago, six years (in probation);
- ``renewal_due``: the validity ends in two months (in the renewal window);
- ``expired``: the validity ended two months ago;
- ``long_term``; ``suspended``; ``revoked``.
"""

import itertools
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

from jiaoguan.core import clock
from jiaoguan.drivers.models import DrivingLicense, LicenseClassGrant, PointsRecord
from jiaoguan.identity.models import Person

_sequence = itertools.count(1)
TEN, SIX, LONG = (
    DrivingLicense.Validity.TEN_YEARS,
    DrivingLicense.Validity.SIX_YEARS,
    DrivingLicense.Validity.LONG_TERM,
)

TRAITS: dict[str, Callable[[date], dict]] = {
    "new_driver": lambda as_of: {
        "first_issued_on": as_of - relativedelta(months=3),
        "valid_from": as_of - relativedelta(months=3),
        "validity": SIX,
    },
    "renewal_due": lambda as_of: {
        "valid_from": as_of + relativedelta(months=2) - relativedelta(years=10),
        "validity": TEN,
    },
    "expired": lambda as_of: {
        "valid_from": as_of - relativedelta(months=2) - relativedelta(years=10),
        "validity": TEN,
    },
    "long_term": lambda as_of: {"validity": LONG},
    "suspended": lambda as_of: {"status": DrivingLicense.Status.SUSPENDED},
    "revoked": lambda as_of: {"status": DrivingLicense.Status.REVOKED},
}


def make_license(
    *,
    person: Person | None = None,
    traits: Iterable[str] = (),
    classes: Iterable[str] = ("C1",),
    class_dates: Mapping[str, date] | None = None,
    points: Iterable[tuple[date, int]] = (),
    as_of: date | None = None,
    **fields,
) -> DrivingLicense:
    """One license for ``person`` (a new person by default), its classes and points."""
    if person is None:
        from tests.identity.factories import make_person

        person = make_person()
    as_of = as_of or clock.today()
    values: dict = {
        "first_issued_on": date(2016, 3, 15),
        "issuing_authority": "江苏省南京市公安局交通管理局",
    }
    for name in traits:
        values.update(TRAITS[name](as_of))
    values.update(fields)
    if "valid_from" not in values:
        renewed_on = values["first_issued_on"] + relativedelta(years=6)
        values["valid_from"] = renewed_on if renewed_on <= as_of else values["first_issued_on"]
        values.setdefault("validity", TEN if renewed_on <= as_of else SIX)
    values.setdefault("validity", TEN)
    license = DrivingLicense.objects.create(
        person=person, archive_number=f"{320100000000 + next(_sequence)}", **values
    )
    class_dates = class_dates or {}
    LicenseClassGrant.objects.bulk_create(
        LicenseClassGrant(
            license=license,
            license_class=code,
            obtained_on=class_dates.get(code, license.first_issued_on),
        )
        for code in classes
    )
    PointsRecord.objects.bulk_create(
        PointsRecord(
            license=license, points=value, recorded_on=day, description="违反道路交通信号灯通行"
        )
        for day, value in points
    )
    return license
