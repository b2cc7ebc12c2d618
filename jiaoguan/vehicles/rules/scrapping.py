"""Mandatory scrapping (强制报废): service life by category and use, notice and last year.

DOMAIN §2 (机动车强制报废标准规定, 2012, arts. 4-6; 实施条例 art. 9). ``scrap_on`` is the day
the service life is reached: from that day on the vehicle is scrap-due. Lives are added with
``relativedelta``, so a life counted from Feb 29 ends on Feb 28 in a common year.
"""

from dataclasses import dataclass
from datetime import date

from jiaoguan.core.dates import add_months, add_years

from .codes import Basis
from .parameters import (
    DEFAULT_PARAMETERS,
    NATIONAL_MOTORCYCLE_LIFE_YEARS,
    NATIONAL_SMALL_TAXI_LIFE_YEARS,
    NATIONAL_THREE_WHEELED_MOTORCYCLE_LIFE_YEARS,
    ScheduleParameters,
)
from .vehicle import (
    CONTAINER_SEMI_TRAILER_CODES,
    SPECIAL_PURPOSE_WITH_LOAD_CODES,
    UPRIGHT_THREE_WHEELED_MOTORCYCLE_CODES,
    UseCharacter,
    VehicleCategory,
    VehicleProfile,
)


@dataclass(frozen=True)
class ScrapDue:
    """When a vehicle reaches its service life.

    ``scrap_on`` None means no service-life limit (then the notice and last-year dates are None
    too). ``notice_on``: the owner must be told from this day (实施条例 art. 9).
    ``last_year_from``: from this day no use change, transfer or move-out (§2).
    ``needs_manual_review``: the life could not be settled by rule (a use conversion).
    """

    scrap_on: date | None
    service_life_years: int | None
    counted_from: date
    basis: str
    notice_on: date | None
    last_year_from: date | None
    needs_manual_review: bool = False


@dataclass(frozen=True)
class _Life:
    years: int | None
    basis: Basis
    needs_manual_review: bool = False


_REGISTERED_LATE_YEARS = 2
_LARGE_SEDAN_CODE = "K16"  # 大型轿车: no limit when non-operating, like small cars
_CONVERTED_TO_OPERATING_CAP_YEARS = 15

_TAXI = {
    VehicleCategory.MEDIUM_PASSENGER: _Life(10, Basis.SCRAP_TAXI_MEDIUM),
    VehicleCategory.LARGE_PASSENGER: _Life(12, Basis.SCRAP_TAXI_LARGE),
}
_SMALL_TAXI = _Life(NATIONAL_SMALL_TAXI_LIFE_YEARS, Basis.SCRAP_TAXI_SMALL_MICRO)
_DRIVING_SCHOOL = {
    VehicleCategory.MEDIUM_PASSENGER: _Life(12, Basis.SCRAP_DRIVING_SCHOOL_MEDIUM),
    VehicleCategory.LARGE_PASSENGER: _Life(15, Basis.SCRAP_DRIVING_SCHOOL_LARGE),
}
_SMALL_DRIVING_SCHOOL = _Life(10, Basis.SCRAP_DRIVING_SCHOOL_SMALL)
_SMALL_OTHER_OPERATING_YEARS = 10
_MEDIUM_LARGE_OTHER_OPERATING_YEARS = 15
_FIXED_USE_LIVES = {
    UseCharacter.RENTAL: _Life(15, Basis.SCRAP_RENTAL),
    UseCharacter.TRANSIT_BUS: _Life(13, Basis.SCRAP_TRANSIT_BUS),
}
_GOODS = {
    VehicleCategory.HEAVY_GOODS: _Life(15, Basis.SCRAP_GOODS_HEAVY),
    VehicleCategory.MEDIUM_GOODS: _Life(15, Basis.SCRAP_GOODS_LIGHT_MEDIUM),
    VehicleCategory.LIGHT_GOODS: _Life(15, Basis.SCRAP_GOODS_LIGHT_MEDIUM),
    VehicleCategory.MICRO_GOODS: _Life(12, Basis.SCRAP_GOODS_MICRO),
}
_DANGEROUS_GOODS = _Life(10, Basis.SCRAP_GOODS_DANGEROUS)
_NOT_COVERED = _Life(None, Basis.SCRAP_NOT_COVERED)  # tractors, trolleybuses, trams


def service_life_start(profile: VehicleProfile) -> date:
    """Registration date, or manufacture date if registered more than 2 years after it."""
    if profile.manufactured_on is not None and profile.registered_late(_REGISTERED_LATE_YEARS):
        return profile.manufactured_on
    return profile.registered_on


def _taxi_life(profile: VehicleProfile, params: ScheduleParameters) -> _Life:
    if not profile.category.is_small_or_micro_passenger:
        return _TAXI[profile.category]
    # A provincial life applies to small/micro taxis, pure-electric ones excepted (§2).
    if params.taxi_service_life_years is not None and not profile.pure_electric:
        return _Life(params.taxi_service_life_years, Basis.SCRAP_TAXI_PROVINCIAL)
    return _SMALL_TAXI


def _other_operating_life(profile: VehicleProfile) -> _Life:
    if profile.category.is_small_or_micro_passenger:
        return _Life(_SMALL_OTHER_OPERATING_YEARS, Basis.SCRAP_OTHER_OPERATING_SMALL_MICRO)
    return _Life(_MEDIUM_LARGE_OTHER_OPERATING_YEARS, Basis.SCRAP_OTHER_OPERATING_MEDIUM_LARGE)


def _passenger_life(profile: VehicleProfile, params: ScheduleParameters) -> _Life:
    use = profile.use
    small_or_sedan = (
        profile.category.is_small_or_micro_passenger or profile.vehicle_type == _LARGE_SEDAN_CODE
    )
    if profile.is_dedicated_school_bus:
        return _Life(15, Basis.SCRAP_DEDICATED_SCHOOL_BUS)
    if use.is_operating and profile.use_converted and small_or_sedan:
        # Art. 6 and appendix 1: a converted car accrues "years used + the new use's life",
        # capped at 15; the conversion date and formula are not known here (§13.3), so take
        # the cap and ask an officer.
        return _Life(_CONVERTED_TO_OPERATING_CAP_YEARS, Basis.SCRAP_CONVERTED_TO_OPERATING, True)
    if use is UseCharacter.TAXI:
        return _taxi_life(profile, params)
    if use is UseCharacter.TAXI_TO_NON_OPERATING:
        # Art. 6: operating -> non-operating keeps the operating (here: taxi) life.
        taxi = _taxi_life(profile, params)
        return _Life(taxi.years, Basis.SCRAP_CONVERTED_FROM_TAXI)
    if not use.is_operating:
        if profile.has_converted_use:
            # The previous operating use is unknown: take "other operating" and ask an officer.
            life = _other_operating_life(profile)
            return _Life(life.years, Basis.SCRAP_CONVERTED_FROM_OPERATING, True)
        if small_or_sedan:
            return _Life(None, Basis.SCRAP_NON_OPERATING_NO_LIMIT)
        return _Life(20, Basis.SCRAP_NON_OPERATING_MEDIUM_LARGE)
    if use in _FIXED_USE_LIVES:
        return _FIXED_USE_LIVES[use]
    if use is UseCharacter.DRIVING_SCHOOL:
        if profile.category.is_small_or_micro_passenger:
            return _SMALL_DRIVING_SCHOOL
        return _DRIVING_SCHOOL[profile.category]
    # Highway, tourist, non-dedicated school bus, other operating.
    return _other_operating_life(profile)


def _motorcycle_life(profile: VehicleProfile, params: ScheduleParameters) -> _Life:
    if profile.vehicle_type in UPRIGHT_THREE_WHEELED_MOTORCYCLE_CODES:
        if params.three_wheeled_motorcycle_service_life_years is not None:
            return _Life(
                params.three_wheeled_motorcycle_service_life_years,
                Basis.SCRAP_MOTORCYCLE_THREE_WHEELED_PROVINCIAL,
            )
        return _Life(
            NATIONAL_THREE_WHEELED_MOTORCYCLE_LIFE_YEARS, Basis.SCRAP_MOTORCYCLE_THREE_WHEELED
        )
    if params.motorcycle_service_life_years is not None:
        return _Life(params.motorcycle_service_life_years, Basis.SCRAP_MOTORCYCLE_OTHER_PROVINCIAL)
    return _Life(NATIONAL_MOTORCYCLE_LIFE_YEARS, Basis.SCRAP_MOTORCYCLE_OTHER)


def _service_life(profile: VehicleProfile, params: ScheduleParameters) -> _Life:
    category = profile.category
    if category.is_passenger:
        return _passenger_life(profile, params)
    if category.is_goods:
        if profile.use is UseCharacter.DANGEROUS_GOODS:
            return _DANGEROUS_GOODS
        return _GOODS[category]
    if category.is_motorcycle:
        return _motorcycle_life(profile, params)
    match category:
        case VehicleCategory.LOW_SPEED_GOODS if profile.single_cylinder:
            return _Life(9, Basis.SCRAP_LOW_SPEED_GOODS_SINGLE_CYLINDER)
        case VehicleCategory.LOW_SPEED_GOODS:
            return _Life(12, Basis.SCRAP_LOW_SPEED_GOODS_MULTI_CYLINDER)
        case VehicleCategory.THREE_WHEELED_VEHICLE:
            return _Life(9, Basis.SCRAP_THREE_WHEELED_VEHICLE)
        case VehicleCategory.SPECIAL_PURPOSE if profile.vehicle_type in (
            SPECIAL_PURPOSE_WITH_LOAD_CODES
        ):
            return _Life(15, Basis.SCRAP_SPECIAL_PURPOSE_WITH_LOAD)
        case VehicleCategory.SPECIAL_PURPOSE:
            return _Life(30, Basis.SCRAP_SPECIAL_PURPOSE_WITHOUT_LOAD)
        case VehicleCategory.SEMI_TRAILER if profile.use is UseCharacter.DANGEROUS_GOODS:
            return _Life(10, Basis.SCRAP_SEMI_TRAILER_DANGEROUS)
        case VehicleCategory.SEMI_TRAILER if profile.vehicle_type in CONTAINER_SEMI_TRAILER_CODES:
            return _Life(20, Basis.SCRAP_SEMI_TRAILER_CONTAINER)
        case VehicleCategory.SEMI_TRAILER:
            return _Life(15, Basis.SCRAP_SEMI_TRAILER_OTHER)
        case VehicleCategory.FULL_TRAILER:
            return _Life(10, Basis.SCRAP_FULL_TRAILER)
        case VehicleCategory.WHEELED_MACHINERY:
            return _Life(None, Basis.SCRAP_WHEELED_MACHINERY_NO_LIMIT)
        case _:
            return _NOT_COVERED


def scrap_due(profile: VehicleProfile, params: ScheduleParameters = DEFAULT_PARAMETERS) -> ScrapDue:
    """The service life of a vehicle and its milestones (§2 table, arts. 5 and 6)."""
    counted_from = service_life_start(profile)
    life = _service_life(profile, params)
    if life.years is None:
        return ScrapDue(None, None, counted_from, life.basis, None, None, life.needs_manual_review)
    scrap_on = add_years(counted_from, life.years)
    return ScrapDue(
        scrap_on=scrap_on,
        service_life_years=life.years,
        counted_from=counted_from,
        basis=life.basis,
        notice_on=add_months(scrap_on, -params.scrap_notice_months),
        last_year_from=add_years(scrap_on, -1),
        needs_manual_review=life.needs_manual_review,
    )
