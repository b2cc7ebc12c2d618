"""The public exam-eligibility calculator: a class and a permit date in, booking dates out."""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from jiaoguan.core.errors import field_error
from jiaoguan.core.plausible import check_plausible_dates
from jiaoguan.drivers.rules import LicenseClass, parse_classes
from jiaoguan.exams import rules


@dataclass(frozen=True)
class ExamEligibilityResult:
    license_class: LicenseClass
    subject2_from: date | None
    subject3_from: date | None
    permit_valid_until: date
    permit_valid: bool
    subjects: tuple[rules.ExamSubject, ...]


CODE = "calculators.invalid"
_invalid = partial(field_error, CODE)


def exam_eligibility_calculate(
    *, license_class: str, permit_issued_on: date, as_of: date, held_classes: str = ""
) -> ExamEligibilityResult:
    """Earliest 科目二 / 科目三 booking dates from the learner permit (162号 arts. 43–44) and
    the permit's last day; ``ApplicationError`` names a bad field."""
    check_plausible_dates(CODE, permit_issued_on=permit_issued_on, as_of=as_of)
    try:
        target = LicenseClass(license_class.strip().upper())
    except ValueError:
        raise _invalid("license_class", _("准驾车型代码不正确，例如 C1。")) from None
    try:
        held = parse_classes(held_classes) if held_classes.strip() else ()
    except ValueError:
        raise _invalid("held_classes", _("已有准驾车型代码不正确，例如 C1 或 C1,E。")) from None
    if permit_issued_on > as_of:
        raise _invalid("permit_issued_on", _("学习驾驶证明签发日期不能晚于计算日期。"))
    earliest = rules.earliest_booking(target, permit_issued_on, held)
    valid_until = rules.permit_valid_until(permit_issued_on)
    return ExamEligibilityResult(
        license_class=target,
        subject2_from=earliest.subject2_from,
        subject3_from=earliest.subject3_from,
        permit_valid_until=valid_until,
        permit_valid=as_of <= valid_until,
        subjects=rules.required_subjects(target, held),
    )
