"""Plate-selection rows for tests, created directly with named traits.

``make_segment()`` is a 苏A small-car segment ``D####`` that opened yesterday;
``traits=("upcoming",)`` starts next month, ``("small_nev",)`` is ``D*####`` for type 52.
``make_open_batch(segment)`` opens a batch with a fresh seed. ``make_new_vehicle(owner=...)``
is a sold car of the owner awaiting registration, insured for a year.
"""

import itertools
import secrets
from collections.abc import Iterable
from datetime import timedelta

from jiaoguan.core import clock
from jiaoguan.identity.models import Person, User
from jiaoguan.plates import rules
from jiaoguan.plates.models import Batch, NewVehicle, NumberSegment
from tests.identity.factories import make_citizen, make_officer, make_person
from tests.vehicles.factories import vin_for

_sequence = itertools.count(900_000)

OFFICER_PERMISSIONS = (
    "plates.add_numbersegment",
    "plates.add_batch",
    "plates.change_batch",
    "plates.add_newvehicle",
    "plates.add_temporaryplate",
    "plates.change_platehold",
    "plates.add_platehold",
    "plates.add_plateswap",
    "plates.change_platerequest",
    "plates.add_spousetransfer",
    "plates.view_numbersegment",
    "plates.view_platehold",
    "plates.view_temporaryplate",
    "plates.view_platerequest",
)

SEGMENT_TRAITS = {
    "ordinary": {"plate_type": "02", "pattern": "D####"},
    "small_nev": {"plate_type": "52", "pattern": "D*####"},
    "tiny": {"plate_type": "02", "pattern": "D123#"},
}


def make_plates_officer(*, username: str = "jc0100") -> User:
    return make_officer(username=username, permissions=OFFICER_PERMISSIONS)


def make_segment(*, traits: Iterable[str] = (), prefix: str = "苏A", **fields) -> NumberSegment:
    officer = fields.pop("published_by", None) or make_plates_officer(
        username=f"jc{next(_sequence)}"
    )
    values = dict(SEGMENT_TRAITS["ordinary"])
    starts_on = clock.today() - timedelta(days=1)
    for trait in traits:
        if trait == "upcoming":
            starts_on = clock.today() + timedelta(days=30)
        else:
            values.update(SEGMENT_TRAITS[trait])
    values.update(fields)
    pool = rules.Pool(values["plate_type"], prefix, values["pattern"])
    return NumberSegment.objects.create(
        prefix=prefix,
        pool_size=pool.size,
        starts_on=values.pop("starts_on", starts_on),
        published_on=starts_on - timedelta(days=7),
        published_by=officer,
        **values,
    )


def make_open_batch(segment: NumberSegment, *, seed: str | None = None) -> Batch:
    seed = seed or secrets.token_hex(32)
    return Batch.objects.create(
        segment=segment,
        opened_at=clock.now(),
        seed=seed,
        seed_hash=rules.seed_commitment(seed),
    )


def make_new_vehicle(
    *, owner: Person | None = None, plate_type: str = "02", prefix: str = "苏A", **fields
) -> NewVehicle:
    values = {
        "vin": vin_for(next(_sequence)),
        "owner": owner or make_person(),
        "plate_type": plate_type,
        "prefix": prefix,
        "compulsory_insurance_until": clock.today() + timedelta(days=365),
        "created_at": clock.now(),
    }
    values.update(fields)
    return NewVehicle.objects.create(**values)


def make_owner_with_vehicle(**vehicle_fields) -> tuple[User, NewVehicle]:
    """A citizen account and a new car of theirs awaiting registration."""
    user = make_citizen()
    return user, make_new_vehicle(owner=user.person, **vehicle_fields)
