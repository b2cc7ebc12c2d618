"""Where an applicant sits the exams (162号 arts. 2, 39; DOMAIN.md §7).

The exam location (考试地) is the city (地级, the first four digits of a 6-digit region code)
of the vehicle office that accepted the application; an applicant sits exams at venues of
that city.

- Small classes (C1–C6) may change the exam location after passing some subjects, when the
  residence changes, at most 3 times (art. 39).
- Large-class applicants may sit 科目二 at another venue of the province when their city has
  no 科目二 site for the class (art. 39). The caller decides what "has a site" means; the
  platform reads it as "a venue of the city currently publishes 科目二 sessions for the class".
- County-level venues (县级) cannot run the A1/A2/A3/B1/B2 科目二 and 科目三 tests (art. 2);
  安全文明驾驶常识 is part of 科目三 (art. 30), so it is included.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from jiaoguan.core.ids import VALID_PROVINCE_CODES
from jiaoguan.drivers.rules import LARGE_CLASSES, LicenseClass

from .subjects import ExamSubject

#: Changes of exam location allowed per application (art. 39) [P].
LOCATION_CHANGE_LIMIT = 3
#: Classes that may change exam location (art. 39): the small classes.
LOCATION_CHANGE_CLASSES: frozenset[LicenseClass] = frozenset(
    {
        LicenseClass.C1,
        LicenseClass.C2,
        LicenseClass.C3,
        LicenseClass.C4,
        LicenseClass.C5,
        LicenseClass.C6,
    }
)
_COUNTY_EXCLUDED_SUBJECTS = frozenset(
    {ExamSubject.SUBJECT_2, ExamSubject.SUBJECT_3, ExamSubject.SAFE_DRIVING}
)


def is_region_code(value: str) -> bool:
    """A 6-digit administrative region code of a city or below (not a whole province, whose
    city digits are ``00``) with a known province prefix."""
    digits = len(value) == 6 and value.isascii() and value.isdigit()
    return digits and value[:2] in VALID_PROVINCE_CODES and value[2:4] != "00"


def exam_city(region_code: str) -> str:
    """The city part of a region code: its first four digits."""
    return region_code[:4]


def city_region_code(region_code: str) -> str:
    """The city-level region code (``320102`` → ``320100``): the recorded exam location."""
    return f"{exam_city(region_code)}00"


def venue_allowed(
    *,
    license_class: LicenseClass,
    subject: ExamSubject,
    exam_region: str,
    venue_region: str,
    local_subject_2_site: bool = True,
) -> bool:
    """Whether an applicant examined in ``exam_region`` may sit ``subject`` at a venue of
    ``venue_region``: a venue of the same city, or, for a large class's 科目二 when the city has
    no such site, any venue of the same province."""
    if exam_city(venue_region) == exam_city(exam_region):
        return True
    return (
        LicenseClass(license_class) in LARGE_CLASSES
        and subject is ExamSubject.SUBJECT_2
        and not local_subject_2_site
        and venue_region[:2] == exam_region[:2]
    )


def venue_may_examine(
    *, county_level: bool, license_class: LicenseClass, subject: ExamSubject
) -> bool:
    """Art. 2: a county-level venue runs no large-class 科目二 or 科目三 (安全文明 included)."""
    return not (
        county_level
        and LicenseClass(license_class) in LARGE_CLASSES
        and subject in _COUNTY_EXCLUDED_SUBJECTS
    )


class LocationRefusal(StrEnum):
    """Why a change of exam location is refused; suffix of ``exams.location.*`` codes."""

    NOT_SMALL_CLASS = "not_small_class"
    NOTHING_PASSED = "nothing_passed"
    LIMIT_REACHED = "limit_reached"
    INVALID_REGION = "invalid_region"
    SAME_LOCATION = "same_location"
    BOOKING_PENDING = "booking_pending"
    LISTED_IN_WINDOW = "listed_in_window"


def location_change_refusals(
    *,
    license_class: LicenseClass,
    passed: Iterable[ExamSubject],
    changes_made: int,
    current_region: str,
    new_region: str,
    booking_pending: bool = False,
    listed_in_open_window: bool = False,
) -> tuple[LocationRefusal, ...]:
    """Every reason a change of exam location to ``new_region`` is refused (art. 39); empty
    when allowed. A pending booking or a list in an open window is at the old location, so
    it must be taken, cancelled or closed first."""
    refusals: list[LocationRefusal] = []
    if LicenseClass(license_class) not in LOCATION_CHANGE_CLASSES:
        refusals.append(LocationRefusal.NOT_SMALL_CLASS)
    if not set(passed):
        refusals.append(LocationRefusal.NOTHING_PASSED)
    if changes_made >= LOCATION_CHANGE_LIMIT:
        refusals.append(LocationRefusal.LIMIT_REACHED)
    if not is_region_code(new_region):
        refusals.append(LocationRefusal.INVALID_REGION)
    elif exam_city(new_region) == exam_city(current_region):
        refusals.append(LocationRefusal.SAME_LOCATION)
    if booking_pending:
        refusals.append(LocationRefusal.BOOKING_PENDING)
    if listed_in_open_window:
        refusals.append(LocationRefusal.LISTED_IN_WINDOW)
    return tuple(refusals)
