from datetime import date

from jiaoguan.drivers.rules import PointsEntry, cycle_span, points_in_cycle

FIRST_ISSUED = date(2015, 3, 10)
CYCLE = cycle_span(FIRST_ISSUED, date(2026, 11, 21))  # 2026-03-10 .. 2027-03-09


def total(*entries):
    return points_in_cycle(entries, starts_on=CYCLE.starts_on, ends_on=CYCLE.ends_on)


def test_points_count_from_the_first_to_the_last_day_of_the_cycle():
    assert (CYCLE.starts_on, CYCLE.ends_on) == (date(2026, 3, 10), date(2027, 3, 9))
    assert (
        total(PointsEntry(date(2026, 3, 10), 3, True), PointsEntry(date(2027, 3, 9), 6, True)) == 9
    )
    assert total(PointsEntry(date(2027, 3, 10), 6, True)) == 0


def test_paid_points_of_the_previous_cycle_are_cleared():
    assert total(PointsEntry(date(2026, 3, 9), 6, True)) == 0


def test_points_whose_fine_is_unpaid_carry_over():
    assert (
        total(PointsEntry(date(2026, 3, 9), 6, False), PointsEntry(date(2026, 5, 1), 3, True)) == 9
    )
    assert total(PointsEntry(date(2020, 1, 1), 1, False)) == 1
