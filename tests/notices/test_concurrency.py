"""Many workers at once: a message is sent by exactly one of them, and concurrent scans of the
same day create each notice once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.core import clock
from jiaoguan.core.dates import month_end
from jiaoguan.gateways.fakes import FakeSmsGateway
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services
from jiaoguan.notices.models import Notice, NoticeMessage
from tests.identity.factories import make_citizen
from tests.notices.factories import ensure_reference_data
from tests.vehicles.factories import make_vehicle

SYSTEM = system_actor("test")

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 12


@pytest.fixture(autouse=True)
def quiet_free(settings):
    ensure_reference_data()
    settings.SMS_GATEWAY = "fake"
    settings.PUSH_GATEWAY = "fake"
    settings.JIAOGUAN_NOTICES_QUIET_START = settings.JIAOGUAN_NOTICES_QUIET_END = "00:00"
    FakeSmsGateway.reset()
    yield
    FakeSmsGateway.reset()


def at_once(function, count=WORKERS):
    start = threading.Barrier(count)

    def run(index):
        start.wait()
        try:
            return function(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_deliveries_of_one_message_send_it_once():
    citizen = make_citizen()
    make_vehicle(owner=citizen.person, inspection_valid_until=month_end(clock.today()))
    services.scans_run(actor=SYSTEM)  # the eager hand-out after commit sends it already
    message = NoticeMessage.objects.get(channel="sms")
    NoticeMessage.objects.filter(pk=message.pk).update(status="queued", attempts=0)
    FakeSmsGateway.reset()

    outcomes = at_once(lambda _: services.message_deliver(message_id=message.pk).status)

    assert outcomes.count("sent") == 1
    assert set(outcomes) == {"sent", "not_claimed"}
    assert len(FakeSmsGateway.sent) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


def test_concurrent_deliveries_of_overlapping_batches_send_each_message_once():
    for _ in range(6):
        make_vehicle(owner=make_citizen().person, inspection_valid_until=month_end(clock.today()))
    services.scans_run(actor=SYSTEM)
    ids = sorted(NoticeMessage.objects.filter(channel="sms").values_list("pk", flat=True))
    NoticeMessage.objects.filter(pk__in=ids).update(status="queued", attempts=0)
    FakeSmsGateway.reset()

    def deliver(index: int) -> list[str]:
        batch = ids[index % 3 :] + ids[: index % 3]  # the same messages, in other orders
        outcomes = services.messages_deliver(message_ids=batch)
        return [outcome.status for outcome in outcomes.values()]

    outcomes = [status for statuses in at_once(deliver) for status in statuses]

    assert outcomes.count("sent") == len(ids)
    assert sorted(sms["reference"] for sms in FakeSmsGateway.sent) == sorted(
        f"notice-message-{pk}" for pk in ids
    )
    assert set(NoticeMessage.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}


def test_concurrent_scans_of_one_day_create_each_notice_once():
    for _ in range(3):
        make_vehicle(owner=make_citizen().person, inspection_valid_until=month_end(clock.today()))

    runs = at_once(lambda _: services.scans_run(actor=SYSTEM).notices_created, count=4)

    assert sum(runs) == 3
    assert Notice.objects.count() == 3
    assert NoticeMessage.objects.filter(channel="sms").count() == 3


def test_concurrent_points_changes_of_one_license_tell_the_reminder_once():
    from django.db import transaction

    from jiaoguan.core.events import publish
    from jiaoguan.drivers.events import PointsChanged
    from tests.drivers.factories import make_license

    license = make_license(person=make_citizen().person)

    def change(index: int) -> None:
        with transaction.atomic():
            publish(PointsChanged(license_id=license.pk, cycle_points=9 + index % 3))

    at_once(change)

    assert Notice.objects.filter(kind__code="points_reminder").count() == 1
    assert NoticeMessage.objects.filter(channel="sms").count() == 1
    assert len(FakeSmsGateway.sent) == 1
