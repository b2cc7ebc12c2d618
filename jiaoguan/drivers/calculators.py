"""The public license-schedule calculator: plain inputs in, explained dates out.

Shared by the API and the calculator page. It knows no points and no later upgrades, so
every class counts from the first issue and the license is taken as in good standing.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from jiaoguan.core.errors import field_error
from jiaoguan.core.plausible import check_plausible_dates
from jiaoguan.drivers import rules


@dataclass(frozen=True)
class LicenseScheduleResult:
    validity: rules.Validity
    valid_until: date | None
    next_validity: rules.Validity
    age: int
    status: rules.LicenseStatus
    rules_applied: tuple[str, ...]


CODE = "calculators.invalid"
_invalid = partial(field_error, CODE)


def license_schedule_calculate(
    *,
    first_issued_on: date,
    valid_from: date,
    validity: str,
    classes: str,
    birth_date: date,
    as_of: date,
) -> LicenseScheduleResult:
    """Dates of a license in good standing; ``ApplicationError`` names a bad field."""
    check_plausible_dates(
        CODE,
        first_issued_on=first_issued_on,
        valid_from=valid_from,
        birth_date=birth_date,
        as_of=as_of,
    )
    try:
        parsed_classes = rules.parse_classes(classes)
    except ValueError:
        raise _invalid("classes", _("准驾车型代码不正确，例如 C1 或 C1,E。")) from None
    try:
        validity_value = rules.Validity(validity)
    except ValueError:
        raise _invalid("validity", _("有效期限应为 6、10 或 long_term。")) from None
    if birth_date >= first_issued_on:
        raise _invalid("first_issued_on", _("初次领证日期应晚于出生日期。"))
    if valid_from < first_issued_on:
        raise _invalid("valid_from", _("有效期起始日期不能早于初次领证日期。"))
    if first_issued_on > as_of:
        raise _invalid("first_issued_on", _("初次领证日期不能晚于计算日期。"))
    valid_until = rules.valid_until(valid_from, validity_value)
    status = rules.license_status(
        register_status="valid",
        valid_until=valid_until,
        first_issued_on=first_issued_on,
        class_dates=dict.fromkeys(parsed_classes, first_issued_on),
        birth_date=birth_date,
        cycle_points=0,
        as_of=as_of,
    )
    applied = dict.fromkeys(
        [
            status.renewal.basis,
            rules.Basis.CYCLE_ANCHORED,
            status.probation.basis,
            *(status.medical.grounds if status.medical else ()),
            *(action.basis for action in status.age_limit_actions),
        ]
    )
    return LicenseScheduleResult(
        validity=validity_value,
        valid_until=valid_until,
        next_validity=rules.next_validity(validity_value, full_score_in_validity=False),
        age=rules.age_on(birth_date, as_of),
        status=status,
        rules_applied=tuple(map(str, applied)),
    )
