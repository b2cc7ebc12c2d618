"""Violation codes and province fines: versions by date, never an edit of history."""

from datetime import date

import pytest
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.money import Money
from jiaoguan.violations.models import ProvinceFine, ViolationCode
from jiaoguan.violations.selectors import fine_standard, violation_code_on
from jiaoguan.violations.services import province_fine_revise, violation_code_revise
from tests.backoffice.test_lookup import log_in, officer_with_device

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)


def revise_red_light(effective_from, points=6, **changes):
    fields = {
        "actor": None,
        "code": "1625",
        "effective_from": effective_from,
        "description": "驾驶机动车违反道路交通信号灯通行的",
        "legal_basis": "《道路交通安全法》第38条",
        "penalty_basis": "《道路交通安全法》第90条",
        "points": points,
        "fine_min": Money.from_yuan(20),
        "fine_max": Money.from_yuan(200),
    }
    return violation_code_revise(**{**fields, **changes})


def test_shipped_codes_carry_163_points_and_are_marked_unverified():
    red_light = violation_code_on(code="1625", on=TODAY)
    assert (red_light.points, red_light.verified) == (6, False)
    assert violation_code_on(code="1345", on=TODAY).points == 1  # was 3 before 2022-04-01
    assert violation_code_on(code="1625", on=date(2022, 3, 31)) is None


def test_fine_follows_the_province_where_it_happened_with_a_default():
    assert fine_standard(code="1625", province="53", on=TODAY) == Money.from_yuan(150)
    assert fine_standard(code="1625", province="32", on=TODAY) == Money.from_yuan(200)
    assert fine_standard(code="1625", province="65", on=TODAY) == Money.from_yuan(200)
    assert fine_standard(code="1604", province="32", on=TODAY) is None


@freeze_time("2026-11-21")
def test_a_revision_is_a_new_version_and_the_old_one_still_answers_for_its_dates():
    revise_red_light(date(2027, 1, 1), points=3)
    assert violation_code_on(code="1625", on=date(2026, 12, 31)).points == 6
    assert violation_code_on(code="1625", on=date(2027, 1, 1)).points == 3
    assert ViolationCode.objects.filter(code="1625").count() == 2
    assert AuditEvent.objects.filter(action="violations.code.revised").count() == 1


@freeze_time("2026-11-21")
def test_retiring_a_code_hides_it_from_its_date():
    revise_red_light(date(2026, 11, 22), retired=True)
    assert violation_code_on(code="1625", on=date(2026, 11, 21)) is not None
    assert violation_code_on(code="1625", on=date(2026, 11, 22)) is None


@freeze_time("2026-11-21")
@pytest.mark.parametrize("effective_from", [date(2026, 11, 20), date(2022, 4, 1)])
def test_history_cannot_be_rewritten(effective_from):
    with pytest.raises(ApplicationError) as refusal:
        revise_red_light(effective_from)
    assert refusal.value.code == "violations.reference.backdated"


@freeze_time("2026-11-21")
def test_a_version_for_today_is_accepted_once():
    revise_red_light(date(2026, 11, 21))
    with pytest.raises(ApplicationError):
        revise_red_light(date(2026, 11, 21))


@freeze_time("2026-11-21")
def test_province_fine_must_lie_within_the_legal_range():
    with pytest.raises(ApplicationError) as refusal:
        province_fine_revise(
            actor=None,
            code="1625",
            province="32",
            effective_from=date(2027, 1, 1),
            amount=Money.from_yuan(250),
        )
    assert refusal.value.code == "violations.reference.fine_outside_law"
    province_fine_revise(
        actor=None,
        code="1625",
        province="32",
        effective_from=date(2027, 1, 1),
        amount=Money.from_yuan(150),
    )
    assert fine_standard(code="1625", province="32", on=date(2027, 1, 1)) == Money.from_yuan(150)
    assert fine_standard(code="1625", province="32", on=TODAY) == Money.from_yuan(200)


def test_province_fine_for_an_unknown_code_is_refused():
    with pytest.raises(ApplicationError) as refusal:
        province_fine_revise(
            actor=None, code="9999", province="32", effective_from=TODAY, amount=Money(100)
        )
    assert refusal.value.code == "violations.reference.code_unknown"


def test_officer_adds_a_version_in_the_admin_and_cannot_edit_an_old_one(client):
    officer, device = officer_with_device(
        permissions=("violations.add_provincefine", "violations.view_provincefine")
    )
    log_in(client, officer, device)
    form = {"code": "1625", "province": "53", "effective_from": "2027-01-01", "amount_fen": "20000"}
    answer = client.post("/admin/violations/provincefine/add/", form)
    assert answer.status_code == 302
    assert fine_standard(code="1625", province="53", on=date(2027, 1, 1)) == Money.from_yuan(200)
    event = AuditEvent.objects.get(action="violations.fine.revised")
    assert event.actor_id == officer.pk
    backdated = {**form, "effective_from": "2026-01-01"}
    answer = client.post("/admin/violations/provincefine/add/", backdated)
    assert answer.status_code == 200
    assert "历史版本不能修改" in answer.content.decode()
    old = ProvinceFine.objects.get(code="1625", province="53", effective_from=date(2022, 4, 1))
    answer = client.post(
        f"/admin/violations/provincefine/{old.pk}/change/", {**form, "amount_fen": "100"}
    )
    old.refresh_from_db()
    assert old.amount_fen == 15000
    assert answer.status_code in (302, 403)
