import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core.clock import (
    TIMEZONE,
    add_working_days,
    is_working_day,
    local,
    natural_period_end,
    next_working_day,
    now,
    set_override_provider,
    today,
    working_days_between,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_overrides():
    """Tests see the official calendar; whatever provider was installed is put back."""
    previous = set_override_provider(None)
    yield
    set_override_provider(previous)


def _days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


# ---------------------------------------------------------------------------
# Time
# ---------------------------------------------------------------------------


def test_timezone():
    assert TIMEZONE.key == "Asia/Shanghai"


def test_now_is_aware_utc():
    current = now()
    assert current.tzinfo is UTC


@freeze_time("2026-11-20T16:30:00Z")
def test_today_after_shanghai_midnight():
    assert now() == datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
    assert today() == date(2026, 11, 21)
    assert local(now()) == datetime(2026, 11, 21, 0, 30, tzinfo=TIMEZONE)


@freeze_time("2026-11-20T15:59:59Z")
def test_today_before_shanghai_midnight():
    assert today() == date(2026, 11, 20)


def test_local_converts_aware_datetimes():
    result = local(datetime(2026, 1, 1, 0, 0, tzinfo=UTC))
    assert result.tzinfo is TIMEZONE
    assert (result.year, result.month, result.day, result.hour) == (2026, 1, 1, 8)


def test_local_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="naive"):
        local(datetime(2026, 1, 1, 12, 0))


# ---------------------------------------------------------------------------
# Official calendar
# ---------------------------------------------------------------------------


def test_national_day_2026():
    for d in _days(date(2026, 10, 1), date(2026, 10, 7)):
        assert not is_working_day(d), d
    assert is_working_day(date(2026, 9, 30))
    assert is_working_day(date(2026, 10, 8))
    # Adjusted working weekends (调休).
    assert date(2026, 9, 20).weekday() == 6
    assert is_working_day(date(2026, 9, 20))
    assert date(2026, 10, 10).weekday() == 5
    assert is_working_day(date(2026, 10, 10))
    # An ordinary weekend stays a rest day.
    assert not is_working_day(date(2026, 10, 11))


def test_spring_festival_2026():
    for d in _days(date(2026, 2, 15), date(2026, 2, 23)):
        assert not is_working_day(d), d
    assert is_working_day(date(2026, 2, 13))
    assert is_working_day(date(2026, 2, 24))
    # Saturdays worked in exchange.
    assert is_working_day(date(2026, 2, 14))
    assert is_working_day(date(2026, 2, 28))


def test_ordinary_week():
    assert [is_working_day(d) for d in _days(date(2026, 11, 16), date(2026, 11, 22))] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_agrees_with_chinesecalendar_2020_to_2026():
    chinese_calendar = pytest.importorskip("chinese_calendar")
    differences = [
        d
        for d in _days(date(2020, 1, 1), date(2026, 12, 31))
        if is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert differences == []


# ---------------------------------------------------------------------------
# Overrides
# ---------------------------------------------------------------------------


def test_override_makes_a_day_non_working():
    closed = date(2026, 11, 23)  # a Monday
    assert is_working_day(closed)
    set_override_provider(lambda d: False if d == closed else None)
    assert not is_working_day(closed)
    assert is_working_day(date(2026, 11, 24))
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 24)
    assert set_override_provider(None) is not None
    assert is_working_day(closed)


def test_override_makes_a_day_working():
    saturday = date(2026, 11, 21)
    set_override_provider({saturday: True}.get)
    assert is_working_day(saturday)
    assert next_working_day(date(2026, 11, 20)) == saturday


def test_override_can_reopen_a_holiday():
    set_override_provider(lambda d: True if d == date(2026, 10, 2) else None)
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 2)


def test_module_does_not_import_django():
    code = "import sys, jiaoguan.core.clock; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------


def test_add_working_days_across_national_day():
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 29), 2) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)  # a working Saturday


def test_add_working_days_lands_on_adjusted_sunday():
    assert add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_add_working_days_zero():
    assert add_working_days(date(2026, 9, 30), 0) == date(2026, 9, 30)
    assert add_working_days(date(2026, 10, 1), 0) == date(2026, 10, 8)
    assert add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 23)


def test_add_working_days_across_new_year():
    # 2026-01-01..03 off; Sunday 2026-01-04 is worked.
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 5)


def test_add_working_days_refuses_negative():
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(date(2026, 1, 1), -1)


def test_next_working_day():
    assert next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)
    assert next_working_day(date(2026, 11, 20)) == date(2026, 11, 23)
    assert next_working_day(date(2026, 11, 23)) == date(2026, 11, 24)


def test_working_days_between():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert working_days_between(date(2026, 10, 8), date(2026, 9, 30)) == -1
    assert working_days_between(date(2026, 9, 30), date(2026, 9, 30)) == 0
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 23)) == 5


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 30)),
    st.integers(min_value=1, max_value=25),
)
def test_between_inverts_add(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    assert working_days_between(start, end) == n
    assert working_days_between(start, end - timedelta(days=1)) == n - 1


def test_natural_period_end_on_a_working_day():
    assert natural_period_end(date(2026, 11, 20), 3) == date(2026, 11, 23)
    assert natural_period_end(date(2026, 11, 1), 30) == date(2026, 12, 1)


def test_natural_period_end_on_a_holiday_moves_to_next_working_day():
    # 2026-09-24 + 10 days = 2026-10-04, inside the National Day holiday.
    assert natural_period_end(date(2026, 9, 24), 10) == date(2026, 10, 8)
    # 2026-11-18 + 3 days = Saturday 2026-11-21.
    assert natural_period_end(date(2026, 11, 18), 3) == date(2026, 11, 23)


def test_natural_period_end_on_adjusted_working_sunday_stays():
    assert natural_period_end(date(2026, 9, 17), 3) == date(2026, 9, 20)


def test_natural_period_end_refuses_negative():
    with pytest.raises(ValueError, match="zero or more"):
        natural_period_end(date(2026, 1, 1), -1)
