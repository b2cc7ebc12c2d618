"""Reads of the papers family: the fee schedule and what a replacement costs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaoguan.core.money import Money
from jiaoguan.papers import rules
from jiaoguan.papers.models import FeeRate


def fee_schedule() -> tuple[rules.FeeRate, ...]:
    """Every rate of the schedule, as the rules take them."""
    return tuple(rate.as_rule() for rate in FeeRate.objects.all())


@dataclass(frozen=True)
class ReplacementQuote:
    """What a replacement costs and how it is handled (the public calculator's answer)."""

    service: rules.ServiceRule
    fee: Money
    lines: tuple[rules.FeeLine, ...]


def replacement_quote(
    *,
    document: str,
    reason: str,
    on: date,
    plate_type: str = "02",
    reflective: bool = True,
    temporary_plate: bool = False,
) -> ReplacementQuote:
    """The service that replaces ``document`` for ``reason`` and its fee on ``on``.

    Raises ``rules.ImpossibleCombination``, ``rules.PlateTypeNotReplaceable`` or
    ``rules.NoFee`` (no rate on that day); the channel words them."""
    service = rules.service_for(document, reason)
    lines = rules.fee_lines(
        service, plate_type=plate_type, reflective=reflective, temporary_plate=temporary_plate
    )
    return ReplacementQuote(service, rules.fee_total(fee_schedule(), lines, on), lines)
