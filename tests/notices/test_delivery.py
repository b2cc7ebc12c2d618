"""Delivery of messages: claims, retries, quiet hours, caps, receipts, the sweeper."""

from datetime import date, datetime, timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.fakes import FakePushGateway, FakeSmsGateway
from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services
from jiaoguan.notices.models import DeliveryReceipt, NoticeMessage, NoticePreference
from tests.identity.factories import make_citizen
from tests.notices.factories import make_citizen_with_app, scan_on
from tests.vehicles.factories import make_vehicle

SYSTEM = system_actor("test")

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 1)
MORNING = datetime(2026, 3, 1, 10, 0, tzinfo=clock.TIMEZONE)


@pytest.fixture(autouse=True)
def fake_gateways(settings):
    settings.SMS_GATEWAY = "fake"
    settings.PUSH_GATEWAY = "fake"
    FakeSmsGateway.reset()
    FakePushGateway.reset()
    yield
    FakeSmsGateway.reset()
    FakePushGateway.reset()


def one_message(channel="sms", *, citizen=None) -> NoticeMessage:
    citizen = citizen or make_citizen_with_app()
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 3, 31))
    scan_on(DAY)
    return NoticeMessage.objects.get(notice__person=citizen.person, channel=channel)


def deliver(message, at=MORNING):
    with freeze_time(at):
        return services.message_deliver(message_id=message.pk)


def test_an_sms_goes_to_the_account_phone_with_reason_action_and_link():
    citizen = make_citizen(phone="13912345678")
    message = one_message(citizen=citizen)
    outcome = deliver(message)
    message.refresh_from_db()
    assert outcome.status == "sent"
    assert message.status == NoticeMessage.Status.SENT
    assert message.attempts == 1
    [sms] = FakeSmsGateway.sent
    assert sms["phone"] == "13912345678"
    assert "检验有效期至2026年3月31日" in sms["text"]
    assert "/guides/inspection-mark/" in sms["text"]
    assert sms["reference"] == f"notice-message-{message.pk}"


def test_push_in_english_when_the_person_prefers_it():
    citizen = make_citizen_with_app()
    NoticePreference.objects.create(person=citizen.person, language="en")
    message = one_message("push", citizen=citizen)
    deliver(message)
    [push] = FakePushGateway.sent
    assert push["title"] == "Vehicle inspection reminder"
    assert "2026-03-31" in push["text"]


def test_a_delivered_message_is_not_sent_again():
    message = one_message()
    deliver(message)
    assert deliver(message).status == "not_claimed"
    assert len(FakeSmsGateway.sent) == 1


def test_a_retryable_error_queues_the_message_again_with_back_off():
    message = one_message()
    FakeSmsGateway.fail_next.append(RetryableProviderError("HTTP 503"))
    outcome = deliver(message)
    message.refresh_from_db()
    assert outcome.status == "retry"
    assert 24 <= outcome.retry_in <= 30  # 30 s, shortened by up to a fifth (jitter)
    assert message.status == NoticeMessage.Status.QUEUED
    assert message.not_before == MORNING + timedelta(seconds=outcome.retry_in)
    assert "503" in message.last_error
    assert deliver(message).status == "not_claimed"  # not before its time
    assert deliver(message, MORNING + timedelta(seconds=31)).status == "sent"


def test_a_permanent_error_fails_the_message_without_retry():
    message = one_message()
    FakeSmsGateway.fail_next.append(PermanentProviderError("HTTP 400: bad number"))
    outcome = deliver(message)
    message.refresh_from_db()
    assert outcome.status == "failed"
    assert outcome.retry_in is None
    assert message.status == NoticeMessage.Status.FAILED


def test_the_last_allowed_attempt_fails_the_message(settings):
    settings.JIAOGUAN_NOTICES_MAX_ATTEMPTS = 2
    message = one_message()
    FakeSmsGateway.fail_next.extend([RetryableProviderError("t1"), RetryableProviderError("t2")])
    deliver(message)
    outcome = deliver(message, MORNING + timedelta(hours=1))
    message.refresh_from_db()
    assert outcome.status == "failed"
    assert message.attempts == 2


def test_during_quiet_hours_the_message_waits_until_eight():
    message = one_message()
    evening = datetime(2026, 3, 1, 22, 0, tzinfo=clock.TIMEZONE)
    assert deliver(message, evening).status == "deferred"
    message.refresh_from_db()
    assert message.status == NoticeMessage.Status.QUEUED
    assert clock.local(message.not_before) == datetime(2026, 3, 2, 8, 0, tzinfo=clock.TIMEZONE)
    assert message.attempts == 0
    assert not FakeSmsGateway.sent


def test_a_scan_in_quiet_hours_queues_its_messages_for_the_morning():
    from datetime import time

    citizen = make_citizen()
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 3, 31))
    scan_on(DAY, at=time(23, 30))
    message = NoticeMessage.objects.get(channel="sms")
    assert clock.local(message.not_before) == datetime(2026, 3, 2, 8, 0, tzinfo=clock.TIMEZONE)


def test_the_daily_cap_defers_further_messages_to_the_next_day(settings):
    settings.JIAOGUAN_NOTICES_DAILY_CAP = 1
    citizen = make_citizen()
    for month in (3, 4):
        make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, month, 28))
    scan_on(DAY)
    first, second = NoticeMessage.objects.filter(channel="sms").order_by("id")
    assert deliver(first).status == "sent"
    assert deliver(second).status == "deferred"
    second.refresh_from_db()
    assert clock.local(second.not_before) == datetime(2026, 3, 2, 8, 0, tzinfo=clock.TIMEZONE)
    assert len(FakeSmsGateway.sent) == 1


def test_a_message_stuck_in_a_dead_workers_hands_is_claimed_again_after_the_timeout(settings):
    message = one_message()
    NoticeMessage.objects.filter(pk=message.pk).update(
        status=NoticeMessage.Status.SENDING, claimed_at=MORNING, attempts=1
    )
    assert deliver(message, MORNING + timedelta(seconds=10)).status == "not_claimed"
    later = MORNING + timedelta(seconds=settings.JIAOGUAN_NOTICES_STUCK_SECONDS + 1)
    assert deliver(message, later).status == "sent"


def test_a_resend_after_a_crash_reuses_the_reference_so_the_provider_sends_once(settings):
    message = one_message()
    FakeSmsGateway().send(phone="x", text="y", reference=f"notice-message-{message.pk}")
    NoticeMessage.objects.filter(pk=message.pk).update(
        status=NoticeMessage.Status.SENDING, claimed_at=MORNING - timedelta(hours=1)
    )
    deliver(message)
    assert len(FakeSmsGateway.sent) == 1


def test_the_sweeper_hands_out_due_and_stuck_messages_only(django_capture_on_commit_callbacks):
    due = one_message()
    with freeze_time(MORNING), django_capture_on_commit_callbacks(execute=True):
        NoticeMessage.objects.filter(pk=due.pk).update(not_before=MORNING - timedelta(minutes=1))
        NoticeMessage.objects.exclude(pk=due.pk).update(not_before=MORNING + timedelta(hours=1))
        assert services.messages_dispatch() == 1
    due.refresh_from_db()
    assert due.status == NoticeMessage.Status.SENT  # eager: delivered in-process


def test_the_sweeper_does_not_hand_out_a_waiting_message_again_until_it_looks_lost(settings):
    message = one_message()
    with freeze_time(MORNING):
        assert services.messages_dispatch() == 2  # the SMS and the push, not delivered here
        assert services.messages_dispatch() == 0  # still waiting in the broker
    later = MORNING + timedelta(seconds=settings.JIAOGUAN_NOTICES_STUCK_SECONDS + 1)
    with freeze_time(later):
        assert services.messages_dispatch() == 2  # lost with a broker: handed out again
    message.refresh_from_db()
    assert message.dispatched_at == later


def test_a_scan_delivers_in_process_after_commit_in_the_embedded_default(
    django_capture_on_commit_callbacks,
):
    citizen = make_citizen_with_app()
    make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, 3, 31))
    with freeze_time(MORNING), django_capture_on_commit_callbacks(execute=True):
        services.scans_run(actor=SYSTEM, day=DAY)
    assert set(NoticeMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert len(FakeSmsGateway.sent) == 1
    assert len(FakePushGateway.sent) == 1


def test_a_delivery_receipt_is_applied_once():
    message = one_message()
    deliver(message)
    message.refresh_from_db()
    reference = message.provider_reference
    services.receipt_record(provider_reference=reference, status="delivered")
    services.receipt_record(provider_reference=reference, status="delivered")
    message.refresh_from_db()
    assert message.status == NoticeMessage.Status.DELIVERED
    assert DeliveryReceipt.objects.filter(provider_reference=reference).count() == 1


def test_a_late_failure_receipt_does_not_undo_a_delivery():
    message = one_message()
    deliver(message)
    message.refresh_from_db()
    services.receipt_record(provider_reference=message.provider_reference, status="delivered")
    services.receipt_record(provider_reference=message.provider_reference, status="failed")
    message.refresh_from_db()
    assert message.status == NoticeMessage.Status.DELIVERED


def test_a_receipt_for_an_unknown_message_is_stored_unmatched():
    receipt = services.receipt_record(provider_reference="nobody", status="delivered")
    assert not receipt.matched


def test_an_empty_receipt_is_refused():
    from jiaoguan.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        services.receipt_record(provider_reference="", status="delivered")
    assert refused.value.code == "notices.receipt.invalid"


def test_an_sms_for_an_account_without_a_phone_is_skipped():
    citizen = make_citizen()
    message = one_message(citizen=citizen)
    type(citizen).objects.filter(pk=citizen.pk).update(phone=None)
    assert deliver(message).status == "skipped"
    message.refresh_from_db()
    assert message.status == NoticeMessage.Status.SKIPPED
    assert not FakeSmsGateway.sent


def batch(count: int) -> list[NoticeMessage]:
    """``count`` SMS messages of different people, queued by one scan."""
    for _ in range(count):
        make_vehicle(owner=make_citizen().person, inspection_valid_until=date(2026, 3, 31))
    scan_on(DAY)
    return list(NoticeMessage.objects.filter(channel="sms").order_by("id"))


def deliver_batch(messages, at=MORNING):
    with freeze_time(at):
        return services.messages_deliver(message_ids=[message.pk for message in messages])


def test_a_batch_is_claimed_sent_and_written_with_each_message_its_own_reference():
    messages = batch(4)
    outcomes = deliver_batch(messages)
    assert {outcome.status for outcome in outcomes.values()} == {"sent"}
    stored = NoticeMessage.objects.filter(channel="sms").order_by("id")
    references = [message.provider_reference for message in stored]
    assert len(set(references)) == 4
    by_reference = {sms["reference"]: sms["provider_reference"] for sms in FakeSmsGateway.sent}
    for message in stored:
        assert by_reference[f"notice-message-{message.pk}"] == message.provider_reference
        assert (message.status, message.attempts) == ("sent", 1)


def test_one_retryable_error_in_a_batch_retries_that_message_only():
    messages = batch(3)
    FakeSmsGateway.fail_next.extend(
        [PermanentProviderError("HTTP 400"), RetryableProviderError("HTTP 503")]
    )
    outcomes = deliver_batch(messages)
    assert [outcomes[message.pk].status for message in messages] == ["failed", "retry", "sent"]
    assert 24 <= outcomes[messages[1].pk].retry_in <= 30
    statuses = dict(NoticeMessage.objects.filter(channel="sms").values_list("id", "status"))
    assert [statuses[message.pk] for message in messages] == ["failed", "queued", "sent"]


def test_a_batch_skips_only_the_messages_it_does_not_hold():
    messages = batch(3)
    NoticeMessage.objects.filter(pk=messages[0].pk).update(
        status=NoticeMessage.Status.SENDING, claimed_at=MORNING
    )
    outcomes = deliver_batch(messages)
    assert [outcomes[message.pk].status for message in messages] == ["not_claimed", "sent", "sent"]
    assert len(FakeSmsGateway.sent) == 2


def test_the_daily_cap_counts_the_messages_of_the_same_batch(settings):
    settings.JIAOGUAN_NOTICES_DAILY_CAP = 1
    citizen = make_citizen()
    for month in (3, 4):
        make_vehicle(owner=citizen.person, inspection_valid_until=date(2026, month, 28))
    scan_on(DAY)
    messages = list(NoticeMessage.objects.filter(channel="sms").order_by("id"))
    outcomes = deliver_batch(messages)
    assert [outcomes[message.pk].status for message in messages] == ["sent", "deferred"]
    assert len(FakeSmsGateway.sent) == 1


def test_a_provider_reference_another_message_holds_keeps_the_send_without_it():
    first, second = batch(2)
    NoticeMessage.objects.filter(pk=first.pk).update(
        status=NoticeMessage.Status.SENT, provider_reference="fake-sms-1"
    )
    outcome = deliver_batch([second])[second.pk]
    second.refresh_from_db()
    assert outcome.status == "sent"
    assert second.status == NoticeMessage.Status.SENT
    assert second.provider_reference is None
    assert "duplicate provider reference" in second.last_error


def test_a_batch_stopped_by_an_unexpected_error_still_writes_what_it_sent():
    first, second = batch(2)

    def fail_second(original=FakeSmsGateway._accept):
        def accept(self, **message):
            if message["reference"] == f"notice-message-{second.pk}":
                raise RuntimeError("a bug in a gateway")
            return original(self, **message)

        return accept

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FakeSmsGateway, "_accept", fail_second())
        with pytest.raises(RuntimeError):
            deliver_batch([first, second])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == NoticeMessage.Status.SENT
    assert second.status == NoticeMessage.Status.SENDING  # claimed again after the timeout
