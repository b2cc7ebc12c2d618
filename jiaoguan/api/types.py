"""Input types of the API that bound values to what the platform handles: a database id
(1 … 2⁶³−1) and a date within ``core.dates.EARLIEST`` … ``LATEST``. Out of range is a 422
with the field named, never an overflow further in."""

import re
from datetime import date, time
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from jiaoguan.core.converters import MAX_ID
from jiaoguan.core.dates import EARLIEST, LATEST, in_supported_range

_SUPPORTED_DAY = "^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day_only(value: Any) -> Any:
    # pydantic would read a number as seconds since 1970 (``0`` is 1970-01-01): only the
    # ISO form that ``format: date`` promises is a date here.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("date must be given as YYYY-MM-DD")
    return value


def _check_date(day: date) -> date:
    if not in_supported_range(day):
        raise ValueError(f"date must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}")
    return day


RowId = Annotated[int, Field(ge=1, le=MAX_ID, description="a record's id (1 … 2⁶³−1)")]
#: Text looked up in the database: PostgreSQL text cannot hold a NUL character, so the schema
#: refuses one (422) instead of the query failing.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
InputDate = Annotated[
    date,
    BeforeValidator(_iso_day_only),
    AfterValidator(_check_date),
    # The supported range, 1900-01-01 … 2199-12-31, is the years 1900 … 2199.
    WithJsonSchema({"type": "string", "format": "date", "pattern": _SUPPORTED_DAY}),
]

# A local time of day (Asia/Shanghai) without an offset: ``format: time`` (RFC 3339) would
# promise one, so the document says what is sent, ``08:00:00``.
LocalTime = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M:%S"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
            "description": "local time of day, Asia/Shanghai (HH:MM:SS)",
            "examples": ["08:00:00"],
        }
    ),
]
