"""Bounds on dates typed by people: outside them it is a typing mistake, not a date."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from jiaoguan.core.errors import field_error

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def check_plausible_dates(code: str, **dates: date | None) -> None:
    """Refuse the first date outside 1900–2100 with an ``ApplicationError`` naming its field."""
    for field, value in dates.items():
        if value is not None and not EARLIEST <= value <= LATEST:
            raise field_error(code, field, _("日期应在1900年至2100年之间。"))
