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


def _point():
    from jiaoguan.guides.models import ServicePoint

    return ServicePoint.objects.create(
        kind="station",
        name="玄武交管服务站",
        address="南京市玄武区测试路2号",
        region_code="320102",
        latitude="32.050000",
        longitude="118.790000",
        hours="09:00-17:00",
    )


@freeze_time("2026-12-03 10:00:00+08:00")
def test_the_owner_asks_once_for_the_paper_mark_at_a_service_point():
    from jiaoguan.audit.models import AuditEvent

    user, vehicle = citizen_with_car(traits=(), **MARK_CAR)
    issue = services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    point = _point()
    requested = services.mark_paper_request(actor=user, issue_id=issue.pk, point_id=point.pk)
    assert requested.paper_point_name == "玄武交管服务站"
    assert requested.paper_requested_at is not None
    event = AuditEvent.objects.get(action="inspections.mark.paper_requested")
    assert event.actor_id == user.pk
    with pytest.raises(ApplicationError) as again:
        services.mark_paper_request(actor=user, issue_id=issue.pk, point_id=point.pk)
    assert again.value.code == "inspections.mark.paper_requested"
    other, _car = citizen_with_car()
    with pytest.raises(ApplicationError) as theirs:
        services.mark_paper_request(actor=other, issue_id=issue.pk, point_id=point.pk)
    assert theirs.value.code == "inspections.mark.not_found"


@freeze_time("2026-12-03 10:00:00+08:00")
def test_the_page_offers_the_paper_mark_and_records_the_request(client):
    user, vehicle = citizen_with_car(traits=(), **MARK_CAR)
    issue = services.mark_apply(actor=user, vehicle_id=vehicle.pk)
    point = _point()
    client.force_login(user)
    page = client.get("/me/inspections/").content.decode()
    assert f'data-mark-issue="{issue.pk}"' in page
    assert "申领纸质标志" in page
    answer = client.post(f"/me/inspections/marks/{issue.pk}/paper/", {"point_id": str(point.pk)})
    assert answer.status_code == 302
    issue.refresh_from_db()
    assert issue.paper_point_id == point.pk
    assert "已申领纸质标志：到玄武交管服务站领取" in client.get("/me/inspections/").content.decode()
