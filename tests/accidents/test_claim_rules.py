"""Which insurer a party named, and how callbacks move a claim (pure)."""

import itertools

import pytest

from jiaoguan.accidents.rules.claims import (
    FINAL,
    Insurer,
    Progress,
    insurer_code_of,
    moves,
    rank,
)
from jiaoguan.demo.insurers import INSURERS

#: The demo's insurer records, as the matching sees them.
DEMO = [Insurer(code, name, names) for code, name, names in INSURERS]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("中国人民财产保险股份有限公司", "PICC"),
        ("中国人民财产保险股份有限公司南京市分公司", "PICC"),
        ("人保财险", "PICC"),
        ("picc", "PICC"),
        (" 平安 财险 ", "PAIC"),
        ("中国人寿财产保险股份有限公司", "CLPC"),  # not 人保: another company
        ("中国太平洋财产保险股份有限公司", "CPIC"),
        ("太平财产保险有限公司", "TPIC"),  # not 太平洋
        ("中华联合财产保险股份有限公司江苏分公司", "CUPI"),
        ("某某互助保险社", ""),
        ("", ""),
    ],
)
def test_insurer_code_of_a_name(name, code):
    assert insurer_code_of(name, DEMO) == code


def test_no_insurer_records_match_nothing():
    assert insurer_code_of("中国人民财产保险股份有限公司", []) == ""


def test_a_claim_only_moves_forward_so_the_order_of_callbacks_does_not_matter():
    assert moves("", "accepted")
    assert moves("accepted", "paid")
    assert not moves("paid", "accepted")
    assert not moves("assessed", "assessed")
    assert not moves("paid", "rejected")  # both final
    story = ["accepted", "assessed", "paid"]
    for order in itertools.permutations(story):
        state = ""
        for event in order:
            if moves(state, event):
                state = event
        assert state == "paid"


def test_ranks():
    assert rank("") == 0
    assert [rank(p) for p in ("accepted", "assessed", "paid")] == [1, 2, 3]
    assert {Progress.PAID, Progress.REJECTED} == FINAL
