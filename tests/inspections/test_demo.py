"""The demo has an approved station with open slots and 张伟 with a car in a mark-only year,
which he can apply for online; running the demo twice adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from jiaoguan.identity.actors import CitizenActor
from jiaoguan.identity.models import User
from jiaoguan.inspections import services
from jiaoguan.inspections.models import Slot, Station
from jiaoguan.inspections.selectors import inspection_states_of_person

pytestmark = pytest.mark.django_db


def test_the_demo_station_takes_bookings_and_zhang_wei_applies_for_his_mark():
    out = StringIO()
    call_command("demo", port=8123, no_serve=True, stdout=out)
    assert "/me/inspections/" in out.getvalue()
    station = Station.objects.get(name="示范机动车检测站")
    assert station.status == Station.Status.APPROVED
    slots = Slot.objects.filter(lane__station=station).count()
    assert slots > 0
    call_command("demo", port=8123, no_serve=True, stdout=StringIO())
    assert Station.objects.count() == 1
    assert Slot.objects.filter(lane__station=station).count() == slots
    zhang = User.objects.get(phone="13900000001")
    states = inspection_states_of_person(person_id=zhang.person_id)
    mark_car = next(state for state in states if state.mark_only and not state.mark_refusals)
    issue = services.mark_apply(actor=CitizenActor.of_user(zhang), vehicle_id=mark_car.vehicle_id)
    assert issue.valid_until_after > mark_car.valid_until
