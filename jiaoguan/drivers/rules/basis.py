"""Every basis code the license rules can emit, in one place.

A basis code is a stable dotted identifier of the rule that produced an outcome. Codes are part of
the public contract (stored in audit events, returned by the API, looked up by
``jiaoguan.drivers.explanations``): never rename one; add a new code instead. Section numbers refer
to DOMAIN.md.
"""

from __future__ import annotations

from enum import StrEnum


class Basis(StrEnum):
    # §3.4 validity (实施条例 arts. 22, 26; 162号 arts. 13, 62)
    VALIDITY_FIRST_SIX_YEARS = "license.validity.first_six_years"
    VALIDITY_TEN_YEARS = "license.validity.ten_years_after_clean_six"
    VALIDITY_LONG_TERM = "license.validity.long_term_after_clean_ten"
    VALIDITY_REPEATED = "license.validity.repeated_after_full_score"
    VALIDITY_LONG_TERM_KEPT = "license.validity.long_term_kept"

    # §3.4 renewal (162号 arts. 63, 79(8); online cut-off is a product default, §13.3)
    RENEWAL_NOT_DUE = "license.renewal.not_due"
    RENEWAL_WINDOW = "license.renewal.window_90_days"
    RENEWAL_EXPIRED_ONLINE = "license.renewal.expired_online_11_months"
    RENEWAL_EXPIRED_COUNTER = "license.renewal.expired_counter_only"
    RENEWAL_CANCELLABLE = "license.renewal.cancellable_over_1_year"
    RENEWAL_LONG_TERM = "license.renewal.long_term_no_expiry"

    # §4.1 scoring cycle (163号 art. 3)
    CYCLE_ANCHORED = "license.cycle.anchored_first_issue"

    # §3.5 probation (162号 arts. 76, 80)
    PROBATION_CAR_TYPE = "license.probation.car_type_12_months"
    PROBATION_MOTORCYCLE_TYPE = "license.probation.motorcycle_type_12_months"
    PROBATION_NONE = "license.probation.not_in_probation"
    PROBATION_FULL_SCORE = "license.probation.full_score_cancels_class"

    # §3.3 application age limits, by era (162号 art. 14 and its predecessors)
    AGE_LIMIT_ERA_123 = "license.age_limit.era_123_139"
    AGE_LIMIT_ERA_2020 = "license.age_limit.era_2020_reform"
    AGE_LIMIT_ERA_172 = "license.age_limit.era_172"

    # §3.3 upper-age downgrades (162号 art. 65, as amended by 172号) and §3.7 ground 10
    AGE_LARGE_CLASS_EXCHANGE_63 = "license.age_limit.large_class_exchange_63"
    AGE_LARGE_CLASS_EXCHANGE_60 = "license.age_limit.large_class_exchange_60"
    AGE_SPECIAL_CLASS_NOT_ALLOWED_63 = "license.age_limit.m_n_p_not_allowed_63"
    AGE_SPECIAL_CLASS_NOT_ALLOWED_60 = "license.age_limit.m_n_p_not_allowed_60"
    AGE_C3_C4_NOT_ALLOWED_70 = "license.age_limit.c3_c4_not_allowed_70"
    AGE_MOTORCYCLE_EXCHANGE_70 = "license.age_limit.motorcycle_exchange_f_70"
    AGE_C6_EXCHANGE_70 = "license.age_limit.c6_exchange_70"
    AGE_CANCEL_ONLY_M_N_P_63 = "license.age_limit.cancel_only_m_n_p_63"
    AGE_CANCEL_ONLY_M_N_P_60 = "license.age_limit.cancel_only_m_n_p_60"
    AGE_CANCEL_ONLY_C3_C4_70 = "license.age_limit.cancel_only_c3_c4_70"
    AGE_CANCEL_NO_CLASS_LEFT = "license.age_limit.cancel_no_class_left"
    AGE_EXTENSION_BEFORE_63 = "license.age_limit.extension_before_63"

    # §3.6 review (162号 arts. 72, 73)
    REVIEW_LARGE_CLASS = "license.review.large_class_with_points"
    REVIEW_FATAL_ACCIDENT = "license.review.fatal_accident"
    REVIEW_AGE_70_ACCIDENT = "license.review.age_70_serious_accident"
    REVIEW_SCHOOL_BUS = "license.review.school_bus_driver"

    # §3.6 medical certificates (162号 arts. 74, 79(9))
    MEDICAL_AGE_70 = "license.medical.age_70"
    MEDICAL_AGE_60_BEFORE_2022 = "license.medical.age_60_before_2022"
    MEDICAL_C5 = "license.medical.c5_every_three_cycles"

    # §4.3 full score (163号 arts. 17, 18)
    FULL_SCORE_SEIZED = "points.full_score.seized"
    FULL_SCORE_STUDY_ORDINARY = "points.full_score.study_days"
    FULL_SCORE_STUDY_LARGE = "points.full_score.study_days_large_class"

    # §4.5 / §13.4 points reminder (product default, no legal rule)
    POINTS_REMINDER = "points.reminder.product_default"

    # §4.4 points reduction by study (163号 arts. 25-27)
    REDUCTION_ELIGIBLE = "points.reduction.eligible"
    REDUCTION_FULL_SCORE = "points.reduction.refused.full_score"
    REDUCTION_UNHANDLED_VIOLATIONS = "points.reduction.refused.unhandled_violations"
    REDUCTION_NO_POINTS = "points.reduction.refused.no_points"
    REDUCTION_CYCLE_MAXIMUM = "points.reduction.refused.cycle_maximum_reached"
    REDUCTION_REPEATED_FULL_SCORE = "points.reduction.refused.repeated_full_score_education"
    REDUCTION_SERIOUS_OFFENSE = "points.reduction.refused.serious_offense_last_3_cycles"
    REDUCTION_IN_PROBATION = "points.reduction.refused.in_probation"
    REDUCTION_REVIEW_OVERDUE = "points.reduction.refused.review_overdue"
    REDUCTION_LICENSE_SEIZED = "points.reduction.refused.license_seized_or_suspended"
    REDUCTION_VEHICLE_INSPECTION = "points.reduction.refused.vehicle_inspection_lapsed"
    REDUCTION_VEHICLE_DEREGISTRATION = "points.reduction.refused.vehicle_due_deregistration"
    REDUCTION_FRAUD = "points.reduction.refused.fraud_last_3_cycles"

    # register states passed through by license_status (道交法; 162号 art. 79)
    STATUS_VALID = "license.status.valid"
    REGISTER_SUSPENDED = "license.register.suspended"
    REGISTER_REVOKED = "license.register.revoked"
    REGISTER_CANCELLED = "license.register.cancelled"


ALL_BASIS_CODES: frozenset[str] = frozenset(code.value for code in Basis)
