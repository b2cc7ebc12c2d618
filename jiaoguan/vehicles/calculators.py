"""The public vehicle-schedule calculator: plain inputs in, an explained schedule out.

Shared by the API and the calculator page, so both refuse the same inputs with the same
messages.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from jiaoguan.core.errors import field_error
from jiaoguan.core.plausible import check_plausible_dates
from jiaoguan.vehicles import rules
from jiaoguan.vehicles.selectors import VehicleSchedule, vehicle_schedule


@dataclass(frozen=True)
class VehicleScheduleResult:
    schedule: VehicleSchedule
    rules_applied: tuple[str, ...]


CODE = "calculators.invalid"
_invalid = partial(field_error, CODE)


def vehicle_schedule_calculate(
    *,
    vehicle_type: str,
    use: str,
    seats: int,
    registered_on: date,
    as_of: date,
    manufactured_on: date | None = None,
) -> VehicleScheduleResult:
    """The schedule of a vehicle inspected on time; ``ApplicationError`` names a bad field."""
    check_plausible_dates(
        CODE, registered_on=registered_on, as_of=as_of, manufactured_on=manufactured_on
    )
    try:
        use_character = rules.parse_use(use)
    except ValueError:
        raise _invalid(
            "use", _("使用性质应为 operating、non_operating 或具体使用性质代码。")
        ) from None
    vehicle_type = (vehicle_type or "").strip().upper()
    try:
        rules.vehicle_category(vehicle_type)
    except ValueError:
        raise _invalid("vehicle_type", _("未知的车辆类型代码，例如小型轿车为 K33。")) from None
    if not 1 <= seats <= 99:
        raise _invalid("seats", _("核定载客人数应在1到99之间。"))
    if registered_on > as_of:
        raise _invalid("registered_on", _("初次登记日期不能晚于计算日期。"))
    if manufactured_on and manufactured_on > registered_on:
        raise _invalid("manufactured_on", _("出厂日期不能晚于初次登记日期。"))
    profile = rules.VehicleProfile(
        vehicle_type=vehicle_type,
        use=use_character,
        seats=seats,
        registered_on=registered_on,
        manufactured_on=manufactured_on,
    )
    try:
        schedule = vehicle_schedule(profile, as_of=as_of)
    except ValueError:
        # e.g. a school-bus use without the date of its school-bus sign
        raise _invalid("use", _("该车辆类型与使用性质的组合无法计算，请核对。")) from None
    due = schedule.next_due
    applied = dict.fromkeys(
        [due.basis, schedule.window_basis, *due.exemption_lost_by, schedule.scrap.basis]
    )
    return VehicleScheduleResult(schedule=schedule, rules_applied=tuple(map(str, applied)))
