"""Organisation accounts for tests: opened through the counter service by an officer."""

import itertools

from stdnum.cn import uscc

from jiaoguan.organisations import services
from jiaoguan.organisations.selectors import staff_actor_for_user
from tests.identity.factories import DEFAULT_PASSWORD, make_officer

_sequence = itertools.count(1)


def credit_code_for(index: int, region: str = "320100") -> str:
    """A valid 统一社会信用代码, unique per index."""
    body = f"91{region}MA{index:07d}"
    return body + uscc.calc_check_digit(body)


def counter_officer():
    from jiaoguan.identity.models import User

    officer = User.objects.filter(username="jc-orgs").first()
    return officer or make_officer(username="jc-orgs", permissions=("organisations.open_account",))


def open_account(*, kind: str = "transport_company", name: str | None = None):
    """Open an account; returns (account, administrator staff, administrator's actor)."""
    index = next(_sequence)
    account, staff, _otpauth = services.organisation_open(
        actor=counter_officer(),
        name=name or f"测试运输公司{index}",
        credit_code=credit_code_for(index),
        kind=kind,
        region_code="320100",
        agent_name="王经办",
        administrator_username=f"orgadmin{index}",
        administrator_name="管理员",
        administrator_password=DEFAULT_PASSWORD,
    )
    return account, staff, staff_actor_for_user(staff.user)


def add_staff(admin_actor, role: str):
    index = next(_sequence)
    staff, _otpauth = services.staff_add(
        actor=admin_actor,
        username=f"orgstaff{index}",
        name=f"员工{index}",
        role=role,
        password=DEFAULT_PASSWORD,
    )
    return staff, staff_actor_for_user(staff.user)
