"""Calendar-month arithmetic for validity months ("检验有效期至 YYYY年MM月") and service lives.

All arithmetic goes through ``dateutil.relativedelta``, which clips to the end of a shorter month:
2016-02-29 plus 8 years is 2024-02-29, plus 10 years is 2026-02-28 (never March 1st).
"""

from datetime import date

from dateutil.relativedelta import relativedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day + relativedelta(day=31)


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


def add_years(day: date, years: int) -> date:
    return day + relativedelta(years=years)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s month (days ignored)."""
    return (end.year - start.year) * 12 + end.month - start.month
