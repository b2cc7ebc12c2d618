"""Input types of the API that bound values to what the platform handles: a database id
(1 … 2⁶³−1) and a date within ``core.dates.EARLIEST`` … ``LATEST``. Out of range is a 422
with the field named, never an overflow further in."""

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

from jiaoguan.core.converters import MAX_ID
from jiaoguan.core.dates import EARLIEST, LATEST, in_supported_range


def _check_date(day: date) -> date:
    if not in_supported_range(day):
        raise ValueError(f"date must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}")
    return day


RowId = Annotated[int, Field(ge=1, le=MAX_ID, description="a record's id (1 … 2⁶³−1)")]
InputDate = Annotated[date, AfterValidator(_check_date)]
