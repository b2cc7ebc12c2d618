"""The masking rules at their edges, and the SQL the scans build from them giving the same."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiaoguan.disclosure.rules import (
    mask_archive_number,
    mask_name,
    mask_plate_number,
    months_between,
    personal_data_found,
)
from jiaoguan.disclosure.rules.masking import COMPOUND_SURNAMES


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳修", "欧阳*"),
        ("欧阳小明", "欧阳**"),
        ("司马相如", "司马**"),
        ("诸葛亮", "诸葛*"),
        ("张", "*"),  # one character: nothing kept, or the whole name would show
        ("欧阳", "欧*"),  # only a compound surname: never the whole name
        ("欧小明", "欧**"),  # 欧 alone is a single surname
        (" 李四 ", "李*"),
        ("", ""),
        ("阿卜杜拉·买买提", "阿*******"),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@given(st.text(alphabet="张王李欧阳司马诸葛亮明小·", min_size=1, max_size=12))
def test_a_masked_name_is_never_the_name_and_keeps_its_length(name):
    masked = mask_name(name)
    assert masked != name.strip() or not name.strip()
    assert len(masked) == len(name.strip())
    assert masked.count("*") >= 1 or not name.strip()


def test_compound_surnames_are_two_characters():
    assert all(len(surname) == 2 for surname in COMPOUND_SURNAMES)


@pytest.mark.parametrize(
    ("plate", "masked"),
    [("苏A12345", "苏A***45"), ("苏AD12345", "苏A****45"), ("苏A1", "***"), ("苏A12", "****")],
)
def test_mask_plate_number(plate, masked):
    assert mask_plate_number(plate) == masked


def test_mask_archive_number():
    assert mask_archive_number("320100123456") == "3201******56"


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), 0),
        (date(2026, 1, 31), date(2026, 3, 31), 2),
        (date(2026, 8, 31), date(2026, 11, 20), 2),
        (date(2026, 11, 20), date(2026, 11, 1), 0),
        (date(2024, 2, 29), date(2025, 2, 28), 11),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("身份证 320102198506150057", True),
        ("32010219850615005X", True),
        ("3201******0057", False),
        ("手机 13912345678", True),
        ("139****5678", False),
        ("档案编号 320100000001", False),
        ("苏A***45", False),
    ],
)
def test_personal_data_found(text, found):
    assert bool(personal_data_found(text)) is found


NAMES = ["张三", "张三丰", "欧阳修", "欧阳小明", "张", "欧阳", " 李四 ", "阿卜杜拉·买买提"]


@pytest.mark.django_db
def test_sql_masking_matches_the_rules():
    from jiaoguan.disclosure.scans import masks
    from jiaoguan.identity.models import Person
    from jiaoguan.vehicles.models import Vehicle
    from tests.identity.factories import make_person
    from tests.vehicles.factories import make_vehicle

    for name in NAMES:
        make_person(name=name)
    masked = dict(
        Person.objects.annotate(masked=masks.masked_name("name")).values_list("name", "masked")
    )
    assert masked == {name: mask_name(name) for name in NAMES}
    for plate in ("苏A12345", "苏AD12345"):
        make_vehicle(plate_number=plate)
    plates = dict(
        Vehicle.objects.annotate(
            masked=masks.masked_plate_number("plate_number"),
        ).values_list("plate_number", "masked")
    )
    assert plates == {plate: mask_plate_number(plate) for plate in plates}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valid_until", "day"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2026, 1, 31), date(2026, 3, 31)),
        (date(2026, 8, 31), date(2026, 11, 20)),
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2020, 5, 10), date(2026, 11, 20)),
    ],
)
def test_sql_months_match_the_rule(valid_until, day):
    from jiaoguan.disclosure.scans import masks
    from jiaoguan.vehicles.models import Vehicle
    from tests.vehicles.factories import make_vehicle

    make_vehicle(inspection_valid_until=valid_until)
    (months,) = Vehicle.objects.annotate(
        months=masks.months_since("inspection_valid_until", day)
    ).values_list("months", flat=True)
    assert months == months_between(valid_until, day)
