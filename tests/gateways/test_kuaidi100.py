"""The Kuaidi100 adapter against recorded messages (fixtures in Kuaidi100's push format,
signed in the test): valid, forged, duplicated and reordered pushes; bookings' signatures."""

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest

from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.postal import kuaidi100
from jiaoguan.gateways.postal.base import (
    InboundPush,
    PostalAddress,
    PushInvalid,
    ShipmentRequest,
    TrackingStatus,
)

FIXTURES = Path(__file__).parent / "fixtures" / "kuaidi100"
SALT = "test-salt-7f3a"


@pytest.fixture(autouse=True)
def _kuaidi100(settings):
    settings.KUAIDI100_SALT = SALT
    settings.KUAIDI100_KEY = "test-key"
    settings.KUAIDI100_SECRET = "test-secret"


def recorded(name: str) -> str:
    """The fixture's param exactly as Kuaidi100 would send it (compact JSON text)."""
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def push(param: str, *, salt: str = SALT) -> InboundPush:
    sign = hashlib.md5((param + salt).encode()).hexdigest().upper()
    return InboundPush(body=b"", form={"param": param, "sign": sign})


def test_push_signature_is_upper_case_md5_of_param_and_salt():
    assert kuaidi100.push_sign("abc", "xyz") == hashlib.md5(b"abcxyz").hexdigest().upper()


def test_request_signature_is_md5_of_param_t_key_secret():
    expected = hashlib.md5(b'{"a":1}1700000000000keysecret').hexdigest().upper()
    assert kuaidi100.request_sign('{"a":1}', "1700000000000", "key", "secret") == expected


def test_a_valid_push_gives_its_events_oldest_first_with_mapped_states():
    events = kuaidi100.Kuaidi100Gateway().verify_push(push(recorded("push_delivered.json")))
    assert [event.status for event in events] == [
        TrackingStatus.COLLECTED,
        TrackingStatus.IN_TRANSIT,
        TrackingStatus.OUT_FOR_DELIVERY,
        TrackingStatus.DELIVERED,
    ]
    assert {event.waybill_number for event in events} == {"EA123456785CN"}
    assert events[0].occurred_at == datetime(2026, 12, 3, 14, 2, 11, tzinfo=clock.TIMEZONE)
    assert events[-1].region_code == "320105"
    assert len({event.event_key for event in events}) == 4


def test_a_later_push_repeats_earlier_events_under_the_same_keys():
    gateway = kuaidi100.Kuaidi100Gateway()
    first = gateway.verify_push(push(recorded("push_in_transit.json")))
    later = gateway.verify_push(push(recorded("push_delivered.json")))
    assert {event.event_key for event in first} <= {event.event_key for event in later}


def test_a_forged_push_is_refused():
    forged = push(recorded("push_delivered.json"), salt="not-the-salt")
    with pytest.raises(PushInvalid) as refused:
        kuaidi100.Kuaidi100Gateway().verify_push(forged)
    assert refused.value.reason == "signature_invalid"


def test_a_push_altered_after_signing_is_refused():
    genuine = push(recorded("push_in_transit.json"))
    altered = InboundPush(
        body=b"", form={**genuine.form, "param": genuine.form["param"].replace('"0"', '"3"')}
    )
    with pytest.raises(PushInvalid):
        kuaidi100.Kuaidi100Gateway().verify_push(altered)


def test_without_a_salt_every_push_is_refused(settings):
    settings.KUAIDI100_SALT = ""
    with pytest.raises(PushInvalid) as refused:
        kuaidi100.Kuaidi100Gateway().verify_push(push(recorded("push_delivered.json"), salt=""))
    assert refused.value.reason == "signature_missing"


def test_an_abort_push_has_no_events():
    assert kuaidi100.Kuaidi100Gateway().verify_push(push(recorded("push_abort.json"))) == []


def test_a_signed_but_unreadable_push_is_malformed():
    with pytest.raises(PushInvalid) as refused:
        kuaidi100.Kuaidi100Gateway().verify_push(push('{"lastResult":{"data":[]}}'))
    assert refused.value.reason == "malformed"


@pytest.mark.parametrize(
    ("code", "status"),
    [("0", "in_transit"), ("1", "collected"), ("3", "delivered"), ("501", "out_for_delivery"),
     ("14", "failed_attempt"), ("4", "returned"), ("拒签", "failed_attempt"), ("", None)],
)  # fmt: skip
def test_states_map_to_tracking_statuses(code, status):
    assert kuaidi100.state_of(code) == (TrackingStatus(status) if status else None)


def test_a_booking_answer_gives_the_waybill_and_a_refusal_is_permanent():
    data = kuaidi100.Kuaidi100Gateway.answer_read(
        (FIXTURES / "label_order_answer.json").read_text()
    )
    assert data["kuaidinum"] == "EA123456785CN"
    with pytest.raises(PermanentProviderError):
        kuaidi100.Kuaidi100Gateway.answer_read((FIXTURES / "label_order_refused.json").read_text())
    with pytest.raises(RetryableProviderError):
        kuaidi100.Kuaidi100Gateway.answer_read('{"success": false, "code": 500}')


def test_cash_on_delivery_is_not_offered():
    address = PostalAddress("张伟", "13800000000", "320102", "江苏省南京市玄武区", "北京东路1号")
    request = ShipmentRequest("ref-1", address, address, "驾驶证", cash_on_delivery_fen=2000)
    with pytest.raises(PermanentProviderError):
        kuaidi100.Kuaidi100Gateway().booking_param(request)
