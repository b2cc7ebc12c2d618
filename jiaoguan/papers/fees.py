"""The fee schedule (工本费) as reference data: filled with the national amounts when empty."""

from __future__ import annotations

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.papers import rules
from jiaoguan.papers.models import FeeRate


def fee_schedule_load() -> int:
    """Fill an empty fee schedule with the national amounts of DOMAIN.md §14.4
    (``rules.DEFAULT_SCHEDULE``), as migration 0002 does; a schedule with any row is left
    as operators keep it. Returns how many rates were created; audits
    ``papers.fee_schedule.loaded`` when it creates any."""
    with transaction.atomic():
        if FeeRate.objects.exists():
            return 0
        FeeRate.objects.bulk_create(
            FeeRate(
                item=rate.item.value,
                amount=rate.amount.yuan,
                unit=rate.unit,
                effective_from=rate.effective_from,
                effective_until=rate.effective_until,
                basis=rate.basis,
                uncertain=rate.uncertain,
            )
            for rate in rules.DEFAULT_SCHEDULE
        )
        audit_record(
            actor=None,
            action="papers.fee_schedule.loaded",
            data={"rates": len(rules.DEFAULT_SCHEDULE)},
        )
    return len(rules.DEFAULT_SCHEDULE)
