"""Cases for tests: ``make_case()`` opens a swap case for a new citizen at 苏A; officers
with the plate-request permission from ``make_case_officer``."""

import itertools

from jiaoguan.applications.models import Case
from jiaoguan.applications.services import case_open
from jiaoguan.identity.models import User
from tests.identity.factories import make_citizen, make_officer

_sequence = itertools.count(1)

REVIEWER = "plates.change_platerequest"


def make_case_officer(*, permissions: tuple[str, ...] = (REVIEWER,)) -> User:
    return make_officer(username=f"jcw{next(_sequence):04d}", permissions=permissions)


def make_case(
    *,
    kind: str = "plates.swap",
    citizen: User | None = None,
    co_citizen: User | None = None,
    office_code: str = "苏A",
) -> Case:
    citizen = citizen or make_citizen()
    return case_open(
        actor=citizen,
        kind=kind,
        applicant=citizen.person,
        co_applicant=co_citizen.person if co_citizen else None,
        province_code="32",
        office_code=office_code,
        subject_label="苏A12345",
    )
