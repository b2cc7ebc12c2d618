"""Plugs the operator-edited ``CalendarOverride`` table into ``core.clock``."""

from datetime import date

from django.core.cache import cache
from django.db import DatabaseError


def override_for(day: date) -> bool | None:
    """The operator's verdict for ``day``, or None when the national calendar stands."""
    overrides = cache.get("core.calendar_overrides")
    if overrides is None:
        from jiaoguan.core.models import CalendarOverride

        try:
            overrides = dict(CalendarOverride.objects.values_list("date", "is_working_day"))
        except DatabaseError:  # before migrations have run
            return None
        cache.set("core.calendar_overrides", overrides, 300)
    return overrides.get(day)
