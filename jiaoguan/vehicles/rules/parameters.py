"""Configurable values of DOMAIN §13.2 (inspection) and §13.3 (scrapping), with product defaults."""

from dataclasses import dataclass

from .vehicle import DEFAULT_VAN_CODES, normalize_type_code, vehicle_category

# 机动车强制报废标准规定 art. 5: national lives and the floors a province may not go below.
NATIONAL_SMALL_TAXI_LIFE_YEARS = 8
NATIONAL_THREE_WHEELED_MOTORCYCLE_LIFE_YEARS = 12
NATIONAL_MOTORCYCLE_LIFE_YEARS = 13
FLOOR_SMALL_TAXI_LIFE_YEARS = 6
FLOOR_THREE_WHEELED_MOTORCYCLE_LIFE_YEARS = 10
FLOOR_MOTORCYCLE_LIFE_YEARS = 11


@dataclass(frozen=True)
class ScheduleParameters:
    """Deployment choices for inspection and scrapping; the defaults are the product defaults.

    - ``window_months``: the application window is the due month plus ``window_months - 1``
      preceding calendar months (登记规定 art. 54, Beijing reading).
    - ``school_bus_window_months``: the same for school buses (登记规定 art. 62).
    - ``van_codes``: type codes that identify a van (面包车), excluded from the exemption.
    - ``exemption_loss_permanent``: an exemption-removing event applies at every later
      inspection (True) or only in the current cycle (False).
    - ``late_registration_excludes``: after the 2022 reform, registration more than 4 years after
      manufacture still removes the exemption (it always does under the 2014 and 2020 rules).
    - ``use_conversion_needs_review``: flag dues affected by a use conversion for manual review.
    - ``reform_2022_covers_operating_motorcycles``: the 2022 reform covers all motorcycles (True)
      or only non-operating ones (False).
    - ``scrap_notice_months``: notice before the end of the service life (实施条例 art. 9).
    - ``*_service_life_years``: a provincial life for small/micro taxis and motorcycles; None
      means the national value. Values above the national life or below the legal floor are
      rejected.
    """

    window_months: int = 3
    school_bus_window_months: int = 1
    van_codes: tuple[str, ...] = DEFAULT_VAN_CODES
    exemption_loss_permanent: bool = True
    late_registration_excludes: bool = True
    use_conversion_needs_review: bool = True
    reform_2022_covers_operating_motorcycles: bool = True
    scrap_notice_months: int = 2
    taxi_service_life_years: int | None = None
    three_wheeled_motorcycle_service_life_years: int | None = None
    motorcycle_service_life_years: int | None = None

    def __post_init__(self) -> None:
        if self.window_months < 1 or self.school_bus_window_months < 1:
            raise ValueError("an inspection window must be at least 1 month")
        if self.scrap_notice_months < 0:
            raise ValueError("scrap_notice_months must not be negative")
        van_codes = tuple(normalize_type_code(code) for code in self.van_codes)
        for code in van_codes:
            if not vehicle_category(code).is_small_or_micro_passenger:
                raise ValueError(f"van code {code} is not a small or micro passenger car")
        object.__setattr__(self, "van_codes", van_codes)
        _check_life(
            "taxi_service_life_years",
            self.taxi_service_life_years,
            FLOOR_SMALL_TAXI_LIFE_YEARS,
            NATIONAL_SMALL_TAXI_LIFE_YEARS,
        )
        _check_life(
            "three_wheeled_motorcycle_service_life_years",
            self.three_wheeled_motorcycle_service_life_years,
            FLOOR_THREE_WHEELED_MOTORCYCLE_LIFE_YEARS,
            NATIONAL_THREE_WHEELED_MOTORCYCLE_LIFE_YEARS,
        )
        _check_life(
            "motorcycle_service_life_years",
            self.motorcycle_service_life_years,
            FLOOR_MOTORCYCLE_LIFE_YEARS,
            NATIONAL_MOTORCYCLE_LIFE_YEARS,
        )


def _check_life(name: str, years: int | None, floor: int, national: int) -> None:
    # Provinces may only be stricter than the national life, never below the floor (§2).
    if years is not None and not floor <= years <= national:
        raise ValueError(
            f"{name}={years}: a provincial service life must be between {floor} (legal floor) "
            f"and {national} (national life) years"
        )


DEFAULT_PARAMETERS = ScheduleParameters()
