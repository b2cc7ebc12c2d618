"""The sandbox courier behind its own HTTP endpoint: the gateway books over real HTTP and
the courier pushes its events back over real HTTP to the platform's endpoint."""

import pytest

from jiaoguan.core import s10
from jiaoguan.papers.models import Shipment, TrackingPush
from tests.papers.postal_factories import make_shipment


@pytest.mark.django_db(transaction=True)
def test_booking_and_tracking_over_http(live_server, settings):
    settings.JIAOGUAN_POSTAL_SANDBOX_TRANSPORT = "http"
    settings.JIAOGUAN_POSTAL_CALLBACK_BASE_URL = live_server.url
    settings.JIAOGUAN_POSTAL_SANDBOX_FAILED_ATTEMPT_PERCENT = 0
    settings.JIAOGUAN_POSTAL_SANDBOX_RETURN_PERCENT = 0
    shipment = make_shipment()
    shipment.refresh_from_db()
    assert s10.is_valid(shipment.waybill_number)
    assert shipment.state == Shipment.State.DELIVERED
    assert TrackingPush.objects.filter(outcome="accepted").count() == 5
    assert set(TrackingPush.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
