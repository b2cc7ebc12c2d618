"""Exam subjects and which of them a license class requires (162号 art. 30, DOMAIN.md §7)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from jiaoguan.drivers.rules import LicenseClass


class ExamSubject(StrEnum):
    """The four parts of the driving test, in the order they are normally taken."""

    SUBJECT_1 = "subject_1"  # 科目一: laws and regulations
    SUBJECT_2 = "subject_2"  # 科目二: closed-course skills
    SUBJECT_3 = "subject_3"  # 科目三: road driving
    SAFE_DRIVING = "safe_driving"  # 安全文明驾驶常识 ("科目四")


#: Skill subjects: booked at most 5 times per permit, 10 days between bookings after a failure.
SKILL_SUBJECTS: frozenset[ExamSubject] = frozenset({ExamSubject.SUBJECT_2, ExamSubject.SUBJECT_3})
ALL_SUBJECTS: tuple[ExamSubject, ...] = tuple(ExamSubject)

#: C6 has no 科目三 road test, only 科目二 plus 安全文明 (art. 30).
_NO_ROAD_TEST: frozenset[LicenseClass] = frozenset({LicenseClass.C6})

#: Upgrades that skip 科目一 (DOMAIN.md §7 [S]): target class -> held classes that qualify.
_SKIP_SUBJECT_1: dict[LicenseClass, frozenset[LicenseClass]] = {
    LicenseClass.C1: frozenset({LicenseClass.C2}),
    LicenseClass.D: frozenset({LicenseClass.F, LicenseClass.E}),
    LicenseClass.E: frozenset({LicenseClass.F}),
    LicenseClass.C6: frozenset(
        {
            LicenseClass.A1,
            LicenseClass.A3,
            LicenseClass.B1,
            LicenseClass.B2,
            LicenseClass.C1,
            LicenseClass.C2,
        }
    ),
    # Holders of A, B, C1 or C2 whose health now only qualifies them for C5: 科目二 and 科目三.
    LicenseClass.C5: frozenset(
        {
            LicenseClass.A1,
            LicenseClass.A2,
            LicenseClass.A3,
            LicenseClass.B1,
            LicenseClass.B2,
            LicenseClass.C1,
            LicenseClass.C2,
        }
    ),
}


def required_subjects(
    license_class: LicenseClass, held_classes: Iterable[LicenseClass] = ()
) -> tuple[ExamSubject, ...]:
    """The subjects an applicant for ``license_class`` must pass, in exam order.

    ``held_classes`` are the classes on the applicant's current license (empty for a first
    application); some upgrades skip 科目一 (§7).
    """
    held = frozenset(held_classes)
    subjects = list(ALL_SUBJECTS)
    if license_class in _NO_ROAD_TEST:
        subjects.remove(ExamSubject.SUBJECT_3)
    if held & _SKIP_SUBJECT_1.get(license_class, frozenset()):
        subjects.remove(ExamSubject.SUBJECT_1)
    return tuple(subjects)


def has_road_test(license_class: LicenseClass) -> bool:
    return license_class not in _NO_ROAD_TEST
