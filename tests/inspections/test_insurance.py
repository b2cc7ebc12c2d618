"""交强险 and 车船税 as preconditions (DOMAIN §15.4): checked as the insurer reported them
(``Insurance``); a vehicle with no report is not checked (the register holds neither)."""

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.inspections import rules, services
from jiaoguan.inspections.models import Appointment, Insurance, MarkIssue
from tests.inspections.factories import citizen_with_car, make_station, slot_of

pytestmark = pytest.mark.django_db
MARK_CAR = {"registered_on": date(2022, 12, 10), "inspection_valid_until": date(2026, 12, 31)}


@pytest.fixture(autouse=True)
def _notice_kinds():
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)


def _insure(vehicle, *, until: date, tax_year: int | None):
    Insurance.objects.create(
        vehicle=vehicle,
        insurer="中国人民财产保险股份有限公司",
        insured_until=until,
        vehicle_tax_year=tax_year,
        reported_at=clock.now(),
    )


def test_the_rules_check_insurance_only_when_reported():
    facts = rules.MarkFacts(
        today=date(2026, 12, 3),
        mark_only=True,
        needs_manual_review=False,
        window=(date(2026, 10, 1), date(2026, 12, 31)),
        unhandled_violations=0,
        vehicle_normal=True,
    )
    assert rules.mark_refusals(facts) == []
    lapsed = rules.MarkFacts(**{**facts.__dict__, "insured_until": date(2026, 12, 2)})
    assert rules.mark_refusals(lapsed) == [rules.MarkRefusal.NOT_INSURED]
    untaxed = rules.MarkFacts(
        **{**facts.__dict__, "insured_until": date(2027, 6, 1), "vehicle_tax_year": 2025}
    )
    assert rules.mark_refusals(untaxed) == [rules.MarkRefusal.VEHICLE_TAX_UNPAID]


def test_booking_refuses_a_car_whose_insurance_lapses_before_the_slot():
    station = make_station()
    user, vehicle = citizen_with_car()
    slot = slot_of(station, days=2)
    _insure(vehicle, until=clock.today() + timedelta(days=1), tax_year=clock.today().year)
    with pytest.raises(ApplicationError) as refused:
        services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot.pk)
    assert refused.value.code == "inspections.booking.not_insured"
    assert not Appointment.objects.exists()
    Insurance.objects.filter(vehicle=vehicle).update(
        insured_until=clock.today() + timedelta(days=300)
    )
    services.appointment_book(actor=user, vehicle_id=vehicle.pk, slot_id=slot.pk)
    assert Appointment.objects.filter(vehicle=vehicle, status="booked").count() == 1


@freeze_time("2026-12-03 10:00:00+08:00")
def test_a_mark_only_year_needs_this_years_vehicle_tax_and_valid_insurance():
    user, vehicle = citizen_with_car(traits=(), **MARK_CAR)
    _insure(vehicle, until=date(2027, 6, 30), tax_year=2025)
    with pytest.raises(ApplicationError) as refused:
        services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    assert refused.value.code == "inspections.mark.vehicle_tax_unpaid"
    assert "车船税" in str(refused.value.message)
    Insurance.objects.filter(vehicle=vehicle).update(vehicle_tax_year=2026)
    issue = services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    assert issue.valid_until_after == date(2028, 12, 31)
    assert MarkIssue.objects.count() == 1
