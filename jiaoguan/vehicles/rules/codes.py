"""Every stable code the vehicle rules can emit, in one place.

``explanations.BASIS_TEXT`` maps each of them to a translatable sentence; a test checks that the
two stay in step. Codes are part of the API: never rename one, add a new one instead.
"""

from enum import StrEnum


class Basis(StrEnum):
    """The rule applied to reach an outcome (an inspection due, a scrap date, a condition)."""

    # Inspection intervals (DOMAIN §1.1, §1.2). The code names the rule in force on the due date.
    INSPECTION_CLASSIC_OPERATING_PASSENGER = "inspection.classic.operating_passenger"
    INSPECTION_CLASSIC_GOODS = "inspection.classic.goods"
    INSPECTION_CLASSIC_LARGE_MEDIUM_PASSENGER = "inspection.classic.large_medium_passenger"
    INSPECTION_CLASSIC_SMALL_PASSENGER = "inspection.classic.small_passenger"
    INSPECTION_CLASSIC_MOTORCYCLE = "inspection.classic.motorcycle"
    INSPECTION_CLASSIC_OTHER = "inspection.classic.other"
    INSPECTION_REFORM_2014_SMALL_PASSENGER = "inspection.reform_2014.small_passenger"
    INSPECTION_REFORM_2020_SMALL_PASSENGER = "inspection.reform_2020.small_passenger"
    INSPECTION_REFORM_2022_SMALL_PASSENGER = "inspection.reform_2022.small_passenger"
    INSPECTION_REFORM_2022_MOTORCYCLE = "inspection.reform_2022.motorcycle"
    INSPECTION_SCHOOL_BUS_DEDICATED = "inspection.school_bus.dedicated"
    INSPECTION_SCHOOL_BUS_NON_DEDICATED = "inspection.school_bus.non_dedicated"
    # Inspection window and lapse (DOMAIN §1.3).
    INSPECTION_WINDOW = "inspection.window"
    INSPECTION_WINDOW_SCHOOL_BUS = "inspection.window.school_bus"
    INSPECTION_OVERDUE = "inspection.overdue"

    # Service lives (DOMAIN §2, 机动车强制报废标准规定 art. 5 and 6).
    SCRAP_TAXI_SMALL_MICRO = "scrap.taxi.small_micro"
    SCRAP_TAXI_MEDIUM = "scrap.taxi.medium"
    SCRAP_TAXI_LARGE = "scrap.taxi.large"
    SCRAP_TAXI_PROVINCIAL = "scrap.taxi.provincial"
    SCRAP_RENTAL = "scrap.rental"
    SCRAP_DRIVING_SCHOOL_SMALL = "scrap.driving_school.small"
    SCRAP_DRIVING_SCHOOL_MEDIUM = "scrap.driving_school.medium"
    SCRAP_DRIVING_SCHOOL_LARGE = "scrap.driving_school.large"
    SCRAP_TRANSIT_BUS = "scrap.transit_bus"
    SCRAP_OTHER_OPERATING_SMALL_MICRO = "scrap.other_operating.small_micro"
    SCRAP_OTHER_OPERATING_MEDIUM_LARGE = "scrap.other_operating.medium_large"
    SCRAP_DEDICATED_SCHOOL_BUS = "scrap.dedicated_school_bus"
    SCRAP_NON_OPERATING_NO_LIMIT = "scrap.non_operating.no_limit"
    SCRAP_NON_OPERATING_MEDIUM_LARGE = "scrap.non_operating.medium_large"
    SCRAP_CONVERTED_TO_OPERATING = "scrap.converted.to_operating"
    SCRAP_CONVERTED_FROM_OPERATING = "scrap.converted.from_operating"
    SCRAP_CONVERTED_FROM_TAXI = "scrap.converted.from_taxi"
    SCRAP_GOODS_MICRO = "scrap.goods.micro"
    SCRAP_GOODS_LIGHT_MEDIUM = "scrap.goods.light_medium"
    SCRAP_GOODS_HEAVY = "scrap.goods.heavy"
    SCRAP_GOODS_DANGEROUS = "scrap.goods.dangerous"
    SCRAP_THREE_WHEELED_VEHICLE = "scrap.three_wheeled_vehicle"
    SCRAP_LOW_SPEED_GOODS_SINGLE_CYLINDER = "scrap.low_speed_goods.single_cylinder"
    SCRAP_LOW_SPEED_GOODS_MULTI_CYLINDER = "scrap.low_speed_goods.multi_cylinder"
    SCRAP_SPECIAL_PURPOSE_WITH_LOAD = "scrap.special_purpose.with_load"
    SCRAP_SPECIAL_PURPOSE_WITHOUT_LOAD = "scrap.special_purpose.without_load"
    SCRAP_SEMI_TRAILER_CONTAINER = "scrap.semi_trailer.container"
    SCRAP_SEMI_TRAILER_DANGEROUS = "scrap.semi_trailer.dangerous"
    SCRAP_SEMI_TRAILER_OTHER = "scrap.semi_trailer.other"
    SCRAP_FULL_TRAILER = "scrap.full_trailer"
    SCRAP_MOTORCYCLE_THREE_WHEELED = "scrap.motorcycle.three_wheeled"
    SCRAP_MOTORCYCLE_THREE_WHEELED_PROVINCIAL = "scrap.motorcycle.three_wheeled_provincial"
    SCRAP_MOTORCYCLE_OTHER = "scrap.motorcycle.other"
    SCRAP_MOTORCYCLE_OTHER_PROVINCIAL = "scrap.motorcycle.other_provincial"
    SCRAP_WHEELED_MACHINERY_NO_LIMIT = "scrap.wheeled_machinery.no_limit"
    SCRAP_NOT_COVERED = "scrap.not_covered"
    # Scrapping milestones and causes (DOMAIN §2).
    SCRAP_LAST_YEAR = "scrap.last_year"
    SCRAP_NOTICE = "scrap.notice"
    SCRAP_DUE_SERVICE_LIFE = "scrap.due.service_life"
    SCRAP_DUE_MISSED_INSPECTIONS = "scrap.due.missed_inspections"

    # Plain states.
    STATUS_NORMAL = "status.normal"
    STATUS_DEREGISTERED = "status.deregistered"


class ExemptionLossEvent(StrEnum):
    """Why a would-be mark-only inspection became a test-lane inspection (DOMAIN §1.2)."""

    VAN = "exemption_lost.van"
    ILLEGAL_MODIFICATION = "exemption_lost.illegal_modification"
    INJURY_ACCIDENT = "exemption_lost.injury_accident"
    LATE_REGISTRATION = "exemption_lost.late_registration"
    USE_CONVERSION = "exemption_lost.use_conversion"


class Condition(StrEnum):
    """A vehicle condition shown to owners and officers; see ``status.SEVERITY``."""

    NORMAL = "normal"
    INSPECTION_WINDOW_OPEN = "inspection_window_open"
    INSPECTION_OVERDUE = "inspection_overdue"
    SCRAP_NEAR = "scrap_near"
    SCRAP_NOTICE = "scrap_notice"
    SCRAP_DUE = "scrap_due"
    DEREGISTERED = "deregistered"


ALL_CODES: frozenset[str] = frozenset(
    {*Basis, *ExemptionLossEvent, *Condition},
)
