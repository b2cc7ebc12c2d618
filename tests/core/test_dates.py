from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core.dates import add_months, add_years, completed_years, month_end, month_start


def test_feb_29_moves_to_feb_28_in_a_common_year_and_back_in_a_leap_year():
    assert add_years(date(2016, 2, 29), 10) == date(2026, 2, 28)
    assert add_years(date(2016, 2, 29), 8) == date(2024, 2, 29)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_month_bounds():
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)
    assert month_start(date(2026, 12, 31)) == date(2026, 12, 1)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=-600, max_value=600),
)
def test_month_arithmetic_agrees_with_relativedelta(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)
    assert month_end(day) == day + relativedelta(day=31)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=90),
)
def test_completed_years_inverts_add_years(anchor, years):
    assert completed_years(anchor, add_years(anchor, years)) == years
