"""Chaos: real Celery workers on a Redis broker, a misbehaving SMS provider, a killed worker.

The provider fails 20% of calls with HTTP 500 and stalls 5% past the client's timeout (after
sending); the first worker is killed (SIGKILL, the whole process group) mid-run and a second
one takes over, with the sweeper running as beat would. Afterwards every message is sent,
delivered or failed, and no message reached a handset twice.

Runs on PostgreSQL with ``CHAOS_BROKER_URL`` (a Redis database of its own; CI sets it);
``JIAOGUAN_REQUIRE_CHAOS=1`` turns a missing broker into a failure instead of a skip.
"""

import os
import subprocess
import time

import pytest

from jiaoguan.core import clock
from jiaoguan.core.dates import month_end
from jiaoguan.gateways.fake_provider import FakeSmsProvider
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services
from jiaoguan.notices.models import NoticeMessage
from tests import chaos
from tests.chaos import celery_on, kill, require_broker
from tests.notices.factories import ensure_reference_data, make_citizen_with_app
from tests.vehicles.factories import make_vehicle

SYSTEM = system_actor("test")

pytestmark = [pytest.mark.postgres, pytest.mark.chaos]

MESSAGES = 150
DONE = ("sent", "delivered", "failed", "skipped")
BROKER = os.environ.get("CHAOS_BROKER_URL")


@pytest.fixture
def broker(settings):
    require_broker(bool(BROKER), "set CHAOS_BROKER_URL to a Redis database for the chaos test")
    settings.JIAOGUAN_NOTICES_QUIET_START = settings.JIAOGUAN_NOTICES_QUIET_END = "00:00"
    settings.JIAOGUAN_NOTICES_DAILY_CAP = 0
    settings.JIAOGUAN_NOTICES_STUCK_SECONDS = 5
    with celery_on(BROKER):
        yield BROKER


def start_worker(provider: FakeSmsProvider, name: str, log) -> subprocess.Popen:
    env = {
        "SMS_GATEWAY": "http",
        "SMS_HTTP_URL": provider.url,
        "SMS_HTTP_TIMEOUT_SECONDS": "1",
        "NOTICES_RETRY_SECONDS": "1",
        "NOTICES_STUCK_SECONDS": "5",
        "NOTICES_QUIET_START": "00:00",
        "NOTICES_QUIET_END": "00:00",
        "NOTICES_DAILY_CAP": "0",
    }
    return chaos.start_worker(name=name, broker=BROKER, env=env, log=log)


def statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in NoticeMessage.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.mark.django_db(transaction=True)
def test_every_message_ends_sent_or_failed_and_none_is_sent_twice(broker, tmp_path):
    ensure_reference_data()
    for _ in range(MESSAGES):
        citizen = make_citizen_with_app()  # an SMS and a push each
        make_vehicle(owner=citizen.person, inspection_valid_until=month_end(clock.today()))
    log_path = tmp_path / "workers.log"
    with (
        open(log_path, "wb") as log,
        FakeSmsProvider(error_rate=0.20, timeout_rate=0.05, stall_seconds=2.0, seed=7) as sms,
    ):
        first = start_worker(sms, "chaos1", log)
        try:
            services.scans_run(actor=SYSTEM)  # dispatches on commit, to the broker
            deadline = time.monotonic() + 240  # generous: a loaded 2-core CI machine is slow
            while statuses().get("sent", 0) < MESSAGES // 3 and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            kill(first)
        sent_before_kill = statuses().get("sent", 0)
        second = start_worker(sms, "chaos2", log)
        try:
            deadline = time.monotonic() + 420
            while time.monotonic() < deadline:
                counts = statuses()
                if sum(counts.get(status, 0) for status in DONE) == 2 * MESSAGES:
                    break
                services.messages_dispatch()  # the sweeper, as beat runs it every minute
                time.sleep(2)
        finally:
            kill(second)
        counts = statuses()
        sms_messages = list(NoticeMessage.objects.filter(channel="sms"))

    print(log_path.read_text()[-3000:])  # shown when an assertion fails
    print(counts, sent_before_kill, sms.requests, sms.sends, len(sms.sent))
    assert 0 < sent_before_kill < 2 * MESSAGES, "the worker was killed mid-run"
    assert set(counts) <= set(DONE), counts
    assert counts.get("sent", 0) + counts.get("failed", 0) == 2 * MESSAGES
    assert sms.requests > MESSAGES, "the provider misbehaved, so some calls were repeated"
    assert any(message.attempts > 1 for message in sms_messages)
    # Sent at most once per message: the provider sent one handset message per reference,
    # and every message we hold as sent is that one send.
    assert sms.sends == len(sms.sent)
    for message in sms_messages:
        if message.status == "sent":
            assert sms.sent[f"notice-message-{message.pk}"] == message.provider_reference
