"""The pure rules of organisation accounts: credit codes, role permissions, scopes."""

import pytest
from stdnum.cn import uscc

from jiaoguan.organisations import rules
from jiaoguan.organisations.rules import CreditCodeRefusal, Role


def test_a_valid_credit_code_passes():
    assert rules.credit_code_refusal("91110000600037341L") is None


def test_credit_code_is_normalised():
    assert rules.credit_code_normal(" 9111 0000-6000 37341l ") == "91110000600037341L"


@pytest.mark.parametrize(
    ("code", "refusal"),
    [
        ("", CreditCodeRefusal.LENGTH),
        ("91110000600037341", CreditCodeRefusal.LENGTH),
        ("91110000600037341LX", CreditCodeRefusal.LENGTH),
        ("9111000060003734IL", CreditCodeRefusal.CHARACTERS),  # I is not in the alphabet
        ("91110000600037341Z", CreditCodeRefusal.CHARACTERS),
        ("91110000600037341M", CreditCodeRefusal.CHECK_DIGIT),
    ],
)
def test_credit_code_refusals(code, refusal):
    assert rules.credit_code_refusal(code) is refusal


def test_every_check_character_is_computed_not_guessed():
    for body in ("91320100MA0000001", "12100000400000624", "93320100MA1ABCDEF"):
        good = body + uscc.calc_check_digit(body)
        assert rules.credit_code_refusal(good) is None


def test_roles_are_nested():
    viewer, operator, admin = (
        rules.ROLE_PERMISSIONS[r] for r in (Role.VIEWER, Role.OPERATOR, Role.ADMINISTRATOR)
    )
    assert viewer < operator < admin
    assert rules.MANAGE_STAFF not in operator
    assert rules.MANAGE_KEYS not in operator
    assert rules.REQUEST_CONSENT not in viewer
    assert rules.permissions_of("owner") == frozenset()


def test_scopes_by_kind():
    assert rules.scopes_allowed("dealer") == {"plates.temporary", rules.FLEET_SCOPE}
    assert rules.scopes_refused("transport_company", ["plates.temporary"]) == ["plates.temporary"]
    assert rules.scopes_refused("medical_institution", ["drivers.medical_certificates"]) == []
    assert rules.scopes_allowed("insurer") == {rules.FLEET_SCOPE}


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://erp.example.com/hooks", True),
        ("http://erp.example.com/hooks", True),
        ("https://8.8.8.8/hooks", True),
        ("ftp://erp.example.com/", False),
        ("https:///nohost", False),
        ("http://localhost:8000/", False),
        ("http://127.0.0.1/", False),
        ("http://10.1.2.3/", False),
        ("http://192.168.0.1/", False),
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://[::1]/", False),
        ("https://example.com/" + "a" * 500, False),
    ],
)
def test_webhook_urls(url, accepted):
    from jiaoguan.organisations.rules import webhooks

    assert webhooks.url_acceptable(url) is accepted
