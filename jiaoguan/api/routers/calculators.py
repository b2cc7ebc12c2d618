"""Public calculators: the dates the regulations give, for anyone, without logging in."""

from decimal import Decimal
from typing import Annotated, Literal

from ninja import Query, Router, Schema
from pydantic import Field, WithJsonSchema

from jiaoguan.api.presenters import vehicle_schedule_payload
from jiaoguan.api.types import InputDate
from jiaoguan.core import clock, s10
from jiaoguan.core.families import ApiMount
from jiaoguan.core.money import Money
from jiaoguan.drivers import explanations as license_texts
from jiaoguan.drivers.calculators import license_schedule_calculate
from jiaoguan.exams.calculators import exam_eligibility_calculate
from jiaoguan.vehicles import explanations as vehicle_texts
from jiaoguan.vehicles.calculators import vehicle_schedule_calculate
from jiaoguan.violations.rules.penalties import late_penalty

router = Router(tags=["calculators"])


def _rules(codes, explain) -> list[dict]:
    return [{"code": code, "explanation": explain(code)} for code in codes]


class VehicleScheduleIn(Schema):
    vehicle_type: str = Field(description="GA 802 车辆类型代码, e.g. K33", max_length=3)
    use: str = Field(
        description="operating, non_operating, or a 使用性质 value such as taxi", max_length=30
    )
    seats: int = Field(ge=1, le=99, description="核定载客人数")
    registered_on: InputDate = Field(description="初次登记日期")
    manufactured_on: InputDate | None = Field(None, description="出厂日期 (optional)")
    as_of: InputDate | None = Field(None, description="计算日期; defaults to today (Asia/Shanghai)")


@router.get("/vehicle-schedule", response=dict)
def vehicle_schedule_calculator(request, params: Query[VehicleScheduleIn]):
    """Next inspection (test lane or mark only), its window, and the mandatory scrapping date
    of a vehicle inspected on time, with the rules applied."""
    as_of = params.as_of or clock.today()
    result = vehicle_schedule_calculate(
        vehicle_type=params.vehicle_type,
        use=params.use,
        seats=params.seats,
        registered_on=params.registered_on,
        manufactured_on=params.manufactured_on,
        as_of=as_of,
    )
    return {
        "as_of": as_of,
        **vehicle_schedule_payload(result.schedule),
        "rules": _rules(result.rules_applied, vehicle_texts.explain),
    }


class LicenseScheduleIn(Schema):
    first_issued_on: InputDate = Field(description="初次领证日期")
    valid_from: InputDate = Field(description="当前驾驶证有效期起始日期")
    validity: Literal["6", "10", "long_term"] = Field(description="有效期限")
    classes: str = Field(description="准驾车型, comma-separated, e.g. C1,E", max_length=60)
    birth_date: InputDate = Field(description="出生日期")
    as_of: InputDate | None = Field(None, description="计算日期; defaults to today (Asia/Shanghai)")


@router.get("/license-schedule", response=dict)
def license_schedule_calculator(request, params: Query[LicenseScheduleIn]):
    """Validity, renewal window, current scoring cycle, probation and medical-certificate
    duty of a license in good standing, with the rules applied."""
    as_of = params.as_of or clock.today()
    result = license_schedule_calculate(
        first_issued_on=params.first_issued_on,
        valid_from=params.valid_from,
        validity=params.validity,
        classes=params.classes,
        birth_date=params.birth_date,
        as_of=as_of,
    )
    status = result.status
    renewal, cycle, probation, medical = (
        status.renewal,
        status.cycle,
        status.probation,
        status.medical,
    )
    return {
        "as_of": as_of,
        "valid_until": result.valid_until,
        "renewal_window_opens": renewal.window_opens,
        "renewal_window_closes": renewal.window_closes,
        "renewal_phase": renewal.phase.value,
        "online_renewal_until": renewal.online_until,
        "cancellation_on": renewal.cancellation_on,
        "next_validity_if_no_full_score": result.next_validity.value,
        "cycle_start": cycle.starts_on,
        "cycle_end": cycle.ends_on,
        "probation_ends": probation.ends_on if probation.in_probation else None,
        "medical_due": medical.due_on if medical else None,
        "age": result.age,
        "age_limit_actions": [
            {
                "license_class": str(a.license_class),
                "action": a.action.value,
                "exchange_options": [str(c) for c in a.exchange_options],
                "applies_from": a.applies_from,
                "exchange_deadline": a.exchange_deadline,
            }
            for a in status.age_limit_actions
        ],
        "rules": _rules(result.rules_applied, license_texts.explain),
    }


# 0.01 … 1000000 yuan with at most two decimals, as text (a float cannot say 0.1 exactly).
FINE_SCHEMA = {
    "type": "string",
    "pattern": r"^([1-9][0-9]{0,5}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?)|1000000(\.00?)?)$",
}


class LatePenaltyIn(Schema):
    fine: Annotated[Decimal, WithJsonSchema(FINE_SCHEMA)] = Field(
        gt=0, le=1_000_000, decimal_places=2, description="罚款金额（元）"
    )
    served_on: InputDate = Field(description="处罚决定书送达日期")
    as_of: InputDate | None = Field(None, description="计算日期; defaults to today (Asia/Shanghai)")
    paused_days: int = Field(0, ge=0, le=36500, description="复议、诉讼期间（日），不计加处罚款")


@router.get("/late-penalty", response=dict)
def late_penalty_calculator(request, params: Query[LatePenaltyIn]):
    """The late penalty (加处罚款) on a fine: 3% a day from the 16th day after the decision was
    served, never more than the fine. Amounts are yuan, as strings with two decimals."""
    as_of = params.as_of or clock.today()
    fine = Money.from_yuan(params.fine)
    penalty = late_penalty(
        fine, served_on=params.served_on, as_of=as_of, paused_days=params.paused_days
    )
    return {
        "as_of": as_of,
        "fine": str(fine.yuan),
        "due_on": penalty.due_on,
        "days_late": penalty.days,
        "daily": str(penalty.daily.yuan),
        "late_penalty": str(penalty.amount.yuan),
        "total": str(penalty.total(fine).yuan),
        "capped": penalty.capped,
    }


class ExamEligibilityIn(Schema):
    license_class: str = Field(description="申请准驾车型, e.g. C1", max_length=2)
    permit_issued_on: InputDate = Field(description="学习驾驶证明签发日期")
    as_of: InputDate | None = Field(None, description="计算日期; defaults to today (Asia/Shanghai)")
    held_classes: str = Field(
        "", description="已持有的准驾车型 (增驾), comma-separated, e.g. C1", max_length=60
    )


@router.get("/exam-eligibility", response=dict)
def exam_eligibility_calculator(request, params: Query[ExamEligibilityIn]):
    """Earliest booking dates of 科目二 and 科目三 counted from the learner permit (null where
    the class has no such subject), and the permit's last day (162号 arts. 41, 43–44)."""
    as_of = params.as_of or clock.today()
    result = exam_eligibility_calculate(
        license_class=params.license_class,
        permit_issued_on=params.permit_issued_on,
        as_of=as_of,
        held_classes=params.held_classes,
    )
    return {
        "as_of": as_of,
        "license_class": str(result.license_class),
        "subject2_from": result.subject2_from,
        "subject3_from": result.subject3_from,
        "permit_valid_until": result.permit_valid_until,
        "permit_valid": result.permit_valid,
        "subjects": [str(subject) for subject in result.subjects],
    }


class TrackingNumberIn(Schema):
    number: str = Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9 \-]+$",
        description="运单号 (UPU S10, e.g. EA123456785CN; spaces and hyphens are ignored)",
    )


class TrackingNumberOut(Schema):
    number: str
    valid: bool
    reason: str | None = Field(
        description="why it is not valid: length, format or check_digit; null when valid"
    )
    service_indicator: str | None
    serial: str | None
    check_digit: str | None
    country: str | None


@router.get("/tracking-number", response=TrackingNumberOut)
def tracking_number_calculator(request, params: Query[TrackingNumberIn]):
    """Whether a tracking number is a UPU S10 identifier with a correct check digit (weights
    8 6 4 2 3 5 9 7; 11 − sum mod 11, 10 → 0, 11 → 5), and its parts when it is."""
    number = s10.compact(params.number)
    try:
        s10.validate(number)
    except s10.InvalidS10 as invalid:
        return TrackingNumberOut(
            number=number,
            valid=False,
            reason=invalid.reason,
            service_indicator=None,
            serial=None,
            check_digit=None,
            country=None,
        )
    return TrackingNumberOut(
        number=number,
        valid=True,
        reason=None,
        service_indicator=number[:2],
        serial=number[2:10],
        check_digit=number[10],
        country=number[11:],
    )


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/calculators", router, position=10),
]
