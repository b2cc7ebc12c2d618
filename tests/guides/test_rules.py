"""The four lists derived from the fewest trips, and the search's token match."""

import pytest

from jiaoguan.guides import rules, search
from jiaoguan.guides.rules import TripCategory


@pytest.mark.parametrize(
    ("trips", "nearest", "category"),
    [
        (0, False, TripCategory.ZERO_TRIPS),
        (0, True, TripCategory.ZERO_TRIPS),
        (1, True, TripCategory.NEAREST_ONCE),
        (1, False, TripCategory.AT_MOST_ONCE),
        (2, False, TripCategory.MULTIPLE_TRIPS),
        (5, True, TripCategory.MULTIPLE_TRIPS),
    ],
)
def test_trip_category_follows_the_fewest_trips(trips, nearest, category):
    assert rules.trip_category(min_trips=trips, nearest_point=nearest) is category


def test_negative_trips_are_refused():
    with pytest.raises(ValueError, match="min_trips"):
        rules.trip_category(min_trips=-1)


def test_all_tokens_match():
    assert rules.all_tokens_match(["换证"], {"期满", "换证"})
    assert not rules.all_tokens_match(["换证", "遗失"], {"期满", "换证"})
    assert not rules.all_tokens_match([], {"换证"})


def test_segmentation_splits_long_words_and_drops_punctuation():
    assert search.tokens("期满换证") == ["期满", "换证"]
    assert "驾驶证" in search.tokens("驾驶证暂扣、吊销后")
    assert "、" not in search.tokens("驾驶证暂扣、吊销后")
    assert search.tokens("License RENEWAL") == ["license", "renewal"]
    column = search.token_column("期满换证", "换证")
    assert column.startswith(" ")
    assert column.endswith(" ")
    assert column.count(" 换证 ") == 1


def test_materials_are_read_one_a_line_with_their_optional_parts():
    text = (
        "身份证明|原件|1份|电子版\n身体条件证明｜6 个月内有效｜1 份\n\n 照片 \n车辆|无电子版|复印件"
    )
    rows = rules.materials_parsed(text)
    assert rows[0] == rules.Material("身份证明", "原件", 1, True, "")
    assert rows[1] == rules.Material("身体条件证明", "", 1, None, "6 个月内有效")
    assert rows[2] == rules.Material("照片")
    assert rows[3] == rules.Material("车辆", "复印件", None, False, "")
    assert rules.materials_parsed("") == []
