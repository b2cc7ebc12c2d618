"""Pass marks (162号 art. 38; DOMAIN.md §7): a reported score must agree with the pass.

- 科目一: 90 of 100.
- 科目二: 80 of 100 for small classes; 90 for A1, A2, A3, B1, B2 and C6.
- 科目三 road test and 安全文明驾驶常识: 90 of 100 each.
"""

from __future__ import annotations

from jiaoguan.drivers.rules import LicenseClass

from .subjects import ExamSubject

MAX_SCORE = 100
_SUBJECT_2_HIGH_MARK_CLASSES = frozenset(
    {
        LicenseClass.A1,
        LicenseClass.A2,
        LicenseClass.A3,
        LicenseClass.B1,
        LicenseClass.B2,
        LicenseClass.C6,
    }
)


def pass_mark(subject: ExamSubject, license_class: LicenseClass) -> int:
    """The lowest passing score of ``subject`` for ``license_class`` (art. 38)."""
    if ExamSubject(subject) is ExamSubject.SUBJECT_2:
        return 90 if LicenseClass(license_class) in _SUBJECT_2_HIGH_MARK_CLASSES else 80
    return 90


def score_agrees(
    subject: ExamSubject, license_class: LicenseClass, *, passed: bool | None, score: int | None
) -> bool:
    """Whether a reported result is consistent: an absence (``passed`` None) has no score; a
    score, when given, is within 0–100 and passes exactly when it reaches the pass mark."""
    if score is None:
        return True
    if passed is None or not 0 <= score <= MAX_SCORE:
        return False
    return (score >= pass_mark(subject, license_class)) is passed
