"""Violation codes and province fines: versions by date, never an edit of history."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.money import Money
from jiaoguan.violations.models import ProvinceFine, ViolationCode
from jiaoguan.violations.selectors import violations_of_person
from jiaoguan.violations.services import province_fine_revise, violation_code_revise
from jiaoguan.violations.standards import (
    fine_standard,
    standard_key,
    standards_of,
    violation_code_on,
)
from tests.backoffice.test_lookup import log_in, officer_with_device
from tests.identity.factories import make_person
from tests.vehicles.factories import make_vehicle
from tests.violations.factories import make_entered_record

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


def test_a_list_reads_every_standard_in_two_queries_and_gets_each_right(
    django_assert_num_queries,
):
    """Issue 21: the violations list read each record's code and fine with a query each
    (two per code, province and day); now all of them come in two queries, and each record's
    standard is what ``violation_code_on`` and ``fine_standard`` answer for it alone."""
    person = make_person()
    vehicle = make_vehicle(owner=person)
    make_entered_record(vehicle, code="1625")
    one = violations_of_person(person_id=person.pk, as_of=TODAY)
    with CaptureQueriesContext(connection) as single:
        violations_of_person(person_id=person.pk, as_of=TODAY)
    for code, region in [("1625", "530102"), ("1345", "650102"), ("1039", "320102")]:
        make_entered_record(vehicle, code=code, region_code=region)
    with django_assert_num_queries(len(single)):
        rows = violations_of_person(person_id=person.pk, as_of=TODAY)
    assert (len(one), len(rows)) == (1, 4)
    standards = standards_of(standard_key(row.record) for row in rows)
    for row in rows:
        code, province, on = standard_key(row.record)
        assert row.standard == standards[(code, province, on)]
        assert row.standard.code == violation_code_on(code=code, on=on)
        assert row.standard.fine == fine_standard(code=code, province=province, on=on)
    assert {row.standard.fine for row in rows if row.record.region_code == "530102"} == {
        Money.from_yuan(150)  # Yunnan's own fine, not the default
    }
    assert standards_of([]) == {}
