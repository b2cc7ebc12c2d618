"""Papers (证件补换领): the public replacement calculator."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field

from jiaoguan.api.types import InputDate
from jiaoguan.core import clock
from jiaoguan.core.families import ApiMount
from jiaoguan.papers import errors, rules
from jiaoguan.papers.selectors import replacement_quote

calculators = Router(tags=["calculators"])


class ReplacementIn(Schema):
    document: Literal[
        "driving_license",
        "vehicle_license",
        "plates",
        "inspection_mark",
        "registration_certificate",
    ] = Field(description="证件")
    reason: Literal["lost", "damaged", "expiry", "details_changed", "move_in"] = Field(
        description="原因: lost 遗失 (补领), damaged 损毁 (换领), expiry 期满, "
        "details_changed 信息变化, move_in 转入"
    )
    plate_type: str = Field(
        "02",
        pattern=r"^[0-9]{2}$",
        description="号牌种类 code (DOMAIN §6.2), for plates only; 02 small car by default",
    )
    reflective: bool = Field(True, description="反光号牌 (plates only; reflective by default)")
    temporary_plate: bool = Field(
        False, description="同时申领临时行驶车号牌 while the plates are made (plates only)"
    )
    as_of: InputDate | None = Field(None, description="收费日期; defaults to today (Asia/Shanghai)")


class FeeLineOut(Schema):
    item: str
    quantity: int


class ReplacementOut(Schema):
    service: str = Field(description="the service that does it")
    fee: str = Field(description="工本费 in yuan, two decimals (postage not included)")
    statutory_working_days: int | None = Field(
        description="statutory working days from acceptance to issue (null: nothing is produced)"
    )
    online: bool = Field(description="whether the platform takes it online")
    old_document_returned: bool = Field(description="whether the old document is taken back")
    agent_allowed: bool
    counter_reason: str = Field(description="why it is counter-only (empty when online)")
    fee_items: list[FeeLineOut]
    basis: str
    as_of: InputDate


@calculators.get("/replacement", response=ReplacementOut)
def replacement_calculator(request, params: Query[ReplacementIn]):
    """What replacing or renewing a document costs (工本费), its statutory production time
    in working days, whether it can be done online and whether the old document is taken
    back (DOMAIN.md §14). A combination no service covers (a vehicle licence does not
    expire) and a plate type whose plates are not replaced here get 422."""
    as_of = params.as_of or clock.today()
    is_plates = params.document == "plates"
    try:
        quote = replacement_quote(
            document=params.document,
            reason=params.reason,
            on=as_of,
            plate_type=params.plate_type if is_plates else "02",
            reflective=params.reflective if is_plates else True,
            temporary_plate=params.temporary_plate if is_plates else False,
        )
    except rules.ImpossibleCombination:
        raise errors.impossible_combination() from None
    except rules.PlateTypeNotReplaceable:
        raise errors.plate_type_not_replaceable() from None
    except rules.NoFee:
        raise errors.no_fee() from None
    service = quote.service
    return {
        "service": service.service.value,
        "fee": str(quote.fee.yuan),
        "statutory_working_days": service.statutory_working_days,
        "online": service.online,
        "old_document_returned": service.old_document_returned,
        "agent_allowed": service.agent_allowed,
        "counter_reason": gettext(service.counter_reason) if service.counter_reason else "",
        "fee_items": [{"item": line.item.value, "quantity": line.quantity} for line in quote.lines],
        "basis": service.basis,
        "as_of": as_of,
    }


# Where the routers are mounted (collected by ``api.main``; ADR 0010).
mounts = [
    ApiMount("/v1/calculators", calculators, position=167),
]
