"""Reading the violation reference data as it stood on a date."""

from datetime import date

from django.db.models import Q

from jiaoguan.core.money import Money
from jiaoguan.violations.models import ProvinceFine, ViolationCode


def violation_code_on(*, code: str, on: date) -> ViolationCode | None:
    """The version of ``code`` in effect on ``on``; None if there is none or it was retired."""
    version = (
        ViolationCode.objects.filter(code=code, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return None if version is None or version.retired else version


def fine_standard(*, code: str, province: str, on: date) -> Money | None:
    """The fine ``province`` applied to ``code`` on ``on`` (the province where the violation
    happened, whichever office handles it), falling back to the platform default."""
    rows = (
        ProvinceFine.objects.filter(code=code, effective_from__lte=on)
        .filter(Q(province=province) | Q(province=""))
        .order_by("-province", "-effective_from")  # the province's own row before the default
        .values_list("amount_fen", flat=True)
    )
    amount = rows.first()
    return None if amount is None else Money(amount)
