import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.core.money import Money

ROOT = Path(__file__).resolve().parents[2]
DAILY_RATE = Decimal("0.03")  # 道交法 art. 109: 3% of the fine per day late

fens = st.integers(min_value=0, max_value=10**12)


@pytest.mark.parametrize(
    ("amount", "fen"),
    [
        ("200", 20000),
        ("200.00", 20000),
        ("150.5", 15050),
        (" 0.01 ", 1),
        ("0", 0),
        ("1e2", 10000),
        (Decimal("150.50"), 15050),
        (Decimal("1.000"), 100),
        (200, 20000),
        (0, 0),
    ],
)
def test_from_yuan(amount, fen):
    assert Money.from_yuan(amount) == Money(fen)


@pytest.mark.parametrize("amount", [1.5, 0.0, True, None, [1]])
def test_from_yuan_refuses_floats_and_other_types(amount):
    with pytest.raises(TypeError):
        Money.from_yuan(amount)


@pytest.mark.parametrize(
    "amount", ["1.005", Decimal("0.001"), "abc", "", "-1", -1, Decimal("-0.01"), "NaN", "Infinity"]
)
def test_from_yuan_refuses_bad_amounts(amount):
    with pytest.raises(ValueError):  # noqa: PT011 - several distinct messages
        Money.from_yuan(amount)


def test_constructor_checks():
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Money(Decimal(1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        Money(-1)


def test_frozen():
    money = Money(100)
    with pytest.raises(AttributeError):
        money.fen = 200  # type: ignore[misc]


def test_yuan_has_two_places():
    assert Money(20000).yuan == Decimal("200.00")
    assert Money(20000).yuan.as_tuple().exponent == -2
    assert Money(1).yuan == Decimal("0.01")
    assert Money(0).yuan == Decimal("0.00")


def test_display():
    assert str(Money(20000)) == "¥200.00"
    assert Money(20000).format_cny() == "200.00 元"
    assert str(Money(5)) == "¥0.05"
    assert Money.from_yuan("1234567.8").format_cny() == "1234567.80 元"
    assert str(Money.ZERO) == "¥0.00"


def test_arithmetic():
    assert Money(150) + Money(50) == Money(200)
    assert Money(150) - Money(50) == Money(100)
    assert Money(150) - Money(150) == Money.ZERO
    assert sum([Money(1), Money(2), Money(3)], Money.ZERO) == Money(6)


def test_subtraction_below_zero_refused():
    with pytest.raises(ValueError, match="negative"):
        Money(100) - Money(101)


@pytest.mark.parametrize("other", [1, Decimal(1), "1", 1.0])
def test_adding_non_money_refused(other):
    with pytest.raises(TypeError):
        Money(100) + other
    with pytest.raises(TypeError):
        Money(100) - other


def test_comparison_and_hash():
    assert Money(100) < Money(200) <= Money(200) < Money(201)
    assert Money(300) > Money(200)
    assert sorted([Money(3), Money(1), Money(2)]) == [Money(1), Money(2), Money(3)]
    assert Money(100) == Money.from_yuan(1)
    assert Money(100) != 100
    assert len({Money(100), Money.from_yuan("1.00")}) == 1
    with pytest.raises(TypeError):
        Money(100) < 200  # noqa: B015


def test_multiply_by_int():
    assert Money(15000) * 3 == Money(45000)
    assert 3 * Money(15000) == Money(45000)
    assert Money(15000) * 0 == Money.ZERO
    with pytest.raises(ValueError, match="negative"):
        Money(15000) * -1


def test_multiply_by_rate_rounds_half_up():
    assert Money(15000) * DAILY_RATE == Money(450)  # 3% of 150.00 = 4.50
    assert Money(15555) * DAILY_RATE == Money(467)  # 4.6665 -> 4.67
    assert Money(15550) * DAILY_RATE == Money(467)  # 4.665 -> 4.67 (half up, not to even)
    assert Money(1) * Decimal("0.5") == Money(1)
    assert Money(3) * Decimal("0.5") == Money(2)
    assert Money(1) * Decimal("0.49") == Money(0)
    assert DAILY_RATE * Money(15000) == Money(450)


def test_multiply_refuses_floats_and_others():
    with pytest.raises(TypeError):
        Money(100) * 0.03
    with pytest.raises(TypeError):
        0.03 * Money(100)
    with pytest.raises(TypeError):
        Money(100) * True
    with pytest.raises(TypeError):
        Money(100) * Money(2)  # type: ignore[operator]
    with pytest.raises(ValueError, match="finite"):
        Money(100) * Decimal("NaN")


def test_late_penalty_per_day():
    fine = Money.from_yuan("150.00")
    daily = fine * DAILY_RATE
    assert daily == Money.from_yuan("4.50")
    assert daily * 10 == Money.from_yuan("45.00")
    assert fine * DAILY_RATE * 20 == Money.from_yuan("90.00")


def test_rounding_order_is_the_callers_choice():
    fine = Money.from_yuan("155.55")
    assert fine * DAILY_RATE * 3 == Money.from_yuan("14.01")  # 4.67 a day
    assert fine * (DAILY_RATE * 3) == Money.from_yuan("14.00")  # 13.9995 rounded once


@pytest.mark.parametrize(
    ("days", "expected"), [(1, "4.50"), (33, "148.50"), (34, "150.00"), (40, "150.00")]
)
def test_late_penalty_capped_at_the_fine(days, expected):
    fine = Money.from_yuan("150.00")
    penalty = min(fine * DAILY_RATE * days, fine)
    assert penalty == Money.from_yuan(expected)


@given(fens)
def test_yuan_round_trip(fen):
    money = Money(fen)
    assert Money.from_yuan(money.yuan) == money
    assert Money.from_yuan(str(money.yuan)) == money
    assert str(money) == f"¥{money.yuan}"


@given(fens, fens)
def test_ordering_follows_fen(a, b):
    assert (Money(a) < Money(b)) == (a < b)
    assert min(Money(a), Money(b)) == Money(min(a, b))
    assert Money(a) + Money(b) == Money(a + b)


@given(fens, st.decimals(min_value=0, max_value=10, places=4))
def test_rate_multiplication_is_within_half_a_fen(fen, rate):
    result = Money(fen) * rate
    assert abs(Decimal(result.fen) - fen * rate) <= Decimal("0.5")


def test_module_does_not_import_django():
    code = "import sys, jiaoguan.core.money; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
