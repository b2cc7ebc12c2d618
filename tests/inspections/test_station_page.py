"""单位 · 检验机构登记: the station's administrator registers it on the page; an officer
approves it in the back office; then its slots are open for booking."""

import pytest

from jiaoguan.audit.models import AuditEvent
from jiaoguan.inspections.models import Slot, Station
from jiaoguan.inspections.services import station_approve
from tests.inspections.factories import approving_officer
from tests.organisations.factories import add_staff, open_account
from tests.organisations.test_api import staff_client

pytestmark = pytest.mark.django_db

FORM = {
    "name": "玄武区机动车检测站",
    "address": "南京市玄武区测试路9号",
    "region_code": "320102",
    "phone": "025-87654321",
    "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
    "opens": "08:30",
    "closes": "17:00",
    "lane1_name": "1号小型汽车线",
    "lane1_kind": "small",
    "lane1_capacity": "3",
    "lane2_name": "2号大型汽车线",
    "lane2_kind": "large",
    "lane2_capacity": "1",
}


def test_the_administrator_registers_the_station_and_an_officer_approves_it():
    _account, admin, _actor = open_account(kind="inspection_station")
    client = staff_client(admin)
    page = client.get("/org/station/")
    assert page.status_code == 200
    assert "提交登记" in page.content.decode()
    answer = client.post("/org/station/", FORM)
    assert answer.status_code == 302
    station = Station.objects.get()
    assert station.status == "pending"
    assert sorted(station.lanes.values_list("kind", "capacity")) == [("large", 1), ("small", 3)]
    assert station.hours.count() == 7
    assert not Slot.objects.exists()  # nothing bookable before the approval
    event = AuditEvent.objects.get(action="inspections.station.registered")
    assert event.actor_id == admin.user_id
    shown = client.get("/org/station/").content.decode()
    assert 'data-station-status="pending"' in shown
    assert "等待所在地公安交管部门审核" in shown
    station_approve(actor=approving_officer("32"), station_id=station.pk)
    assert Slot.objects.filter(lane__station=station).exists()
    assert 'data-station-status="approved"' in client.get("/org/station/").content.decode()


def test_a_refused_registration_shows_the_reason_and_writes_nothing():
    _account, admin, _actor = open_account(kind="inspection_station")
    client = staff_client(admin)
    answer = client.post("/org/station/", {**FORM, "opens": "18:00"})
    assert answer.status_code == 200
    assert "开始时间须早于结束时间" in answer.content.decode()
    assert not Station.objects.exists()


def test_only_an_administrator_of_a_station_organisation_registers():
    _account, _admin, admin_actor = open_account(kind="inspection_station")
    clerk, _clerk_actor = add_staff(admin_actor, role="operator")
    assert staff_client(clerk).get("/org/station/").status_code == 403
    _other, company_admin, _ = open_account(kind="transport_company")
    client = staff_client(company_admin)
    answer = client.post("/org/station/", FORM)
    assert answer.status_code == 200
    assert not Station.objects.exists()
