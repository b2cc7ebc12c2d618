"""事故快处快赔 (DOMAIN §10): the public eligibility calculator."""

from ninja import Query, Router, Schema
from pydantic import Field

from jiaoguan.accidents import explanations
from jiaoguan.accidents.rules.eligibility import Facts, eligibility_check
from jiaoguan.core.families import ApiMount

calculator_router = Router(tags=["calculators", "accidents"])


class QuickHandlingIn(Schema):
    vehicles: int = Field(ge=1, le=99, description="发生事故的机动车数量")
    injured: bool = Field(description="是否有人员受伤或死亡")
    both_insured: bool = Field(description="双方是否均投保交强险")
    both_licensed: bool = Field(description="双方驾驶人是否均持有有效且准驾车型相符的驾驶证")
    movable: bool = Field(description="车辆是否均能移动")
    drink_or_drugs: bool = Field(False, description="是否有饮酒或涉毒驾驶嫌疑")
    dangerous_goods: bool = Field(False, description="是否载运危险物品")
    no_or_fake_plates: bool = Field(False, description="是否无号牌或使用伪造、变造号牌")
    party_left: bool = Field(False, description="是否有一方当事人离开现场")
    hit_property: bool = Field(False, description="是否碰撞建筑物或公共设施")


class ReasonOut(Schema):
    code: str
    explanation: str


class QuickHandlingOut(Schema):
    eligible: bool
    reasons: list[str]
    instead: str | None
    instead_text: str | None
    rules: list[ReasonOut]


@calculator_router.get("/accident-quick-handling", response=QuickHandlingOut)
def accident_quick_handling_calculator(request, params: Query[QuickHandlingIn]):
    """Whether a minor accident may be settled online (快处快赔): ``eligible``, the stable
    ``reasons`` against it (empty when eligible), what to do instead (``instead``:
    call_122_and_120, call_122_stay, move_then_call_122, call_122) and the rules applied
    (事故程序规定 arts. 13-15; the platform's scope: two motor vehicles, both insured, both
    licensed, movable, property damage only)."""
    outcome = eligibility_check(Facts(**params.dict()))
    return {
        "eligible": outcome.eligible,
        "reasons": [str(reason) for reason in outcome.reasons],
        "instead": str(outcome.instead) if outcome.instead else None,
        "instead_text": explanations.instead_text(outcome.instead) if outcome.instead else None,
        "rules": [
            {"code": str(reason), "explanation": explanations.reason_text(reason)}
            for reason in outcome.reasons
        ],
    }


mounts = [
    ApiMount("/v1/calculators", calculator_router, position=11),
]
