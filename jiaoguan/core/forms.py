"""Form fields that bound what a person may type to what the platform handles, and the form
that shows a refused service call."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiaoguan.core.dates import EARLIEST, LATEST, in_supported_range
from jiaoguan.core.errors import ApplicationError


def out_of_range_message() -> str:
    return str(_("日期须在 %(earliest)s 至 %(latest)s 之间。")) % {
        "earliest": EARLIEST.isoformat(),
        "latest": LATEST.isoformat(),
    }


def check_date(day: date) -> None:
    if not in_supported_range(day):
        raise ValidationError(out_of_range_message(), code="date_out_of_range")


def parse_iso_date(text: str) -> date | None:
    """A ``YYYY-MM-DD`` date within the supported range, or None."""
    try:
        day = date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return day if in_supported_range(day) else None


class DateField(forms.DateField):
    """``forms.DateField`` limited to ``core.dates.EARLIEST`` … ``LATEST``."""

    default_validators = [check_date]


class ServiceForm(forms.Form):
    """A form that shows a refused service call as field errors plus a summary."""

    def add_application_error(self, error: ApplicationError) -> None:
        placed = False
        for name, text in error.fields.items():
            if name in self.fields:
                self.add_error(name, str(text))
                placed = True
        if not placed or error.message:
            self.add_error(None, str(error.message))
