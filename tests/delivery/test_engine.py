"""The delivery engine on a probe kind: claims and leases, retry or fail, back-off, deferral,
the sweeper, idempotency keys, outcome writes and hooks; and the kinds the platform declares."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from jiaoguan.core import clock
from jiaoguan.delivery import (
    Later,
    PermanentError,
    RetryableError,
    done,
    engine,
    get,
    kinds,
)
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.models import SandboxNotification
from tests.delivery.probe import rows

pytestmark = pytest.mark.django_db

NOW = clock.now().replace(microsecond=0) + timedelta(days=1)  # every row is due by then


def status(row_id: int) -> tuple:
    row = SandboxNotification.objects.get(pk=row_id)
    return row.status, row.attempts


def test_a_claim_takes_each_due_row_once(probe):
    ids = rows(3)
    assert sorted(engine.claim(probe, ids, clock.now())) == ids
    assert engine.claim(probe, ids, clock.now()) == []  # held: nobody else gets them
    assert {status(pk) for pk in ids} == {("sending", 1)}


def test_a_row_not_yet_due_is_not_claimed(probe):
    [later] = rows(1, due_in=timedelta(minutes=5))
    assert engine.claim(probe, [later], clock.now()) == []
    assert engine.claim(probe, [later], clock.now() + timedelta(minutes=6)) == [later]


def test_a_lease_runs_out_and_the_row_is_taken_over(probe):
    [row] = rows(1)
    assert engine.claim(probe, [row], NOW) == [row]
    assert engine.claim(probe, [row], NOW + timedelta(seconds=299)) == []
    assert engine.claim(probe, [row], NOW + timedelta(seconds=301)) == [row]
    assert status(row) == ("sending", 2)


def test_only_the_claim_still_holding_a_row_writes_its_outcome(probe):
    [row] = rows(1)
    engine.claim(probe, [row], NOW)
    engine.claim(probe, [row], NOW + timedelta(seconds=301))  # a stalled worker lost it
    values = {row: {"status": "acknowledged", "last_error": ""}}
    assert engine._write(probe, values, NOW) == []  # the first claim's late write is ignored
    assert status(row) == ("sending", 2)
    assert engine._write(probe, values, NOW + timedelta(seconds=301)) == [row]


def test_a_sent_row_is_done_and_not_sent_again(probe):
    [row] = rows(1)
    assert engine.deliver_one(probe, row).status == "ok"
    assert engine.deliver_one(probe, row).status == "not_claimed"
    assert status(row) == ("acknowledged", 1)
    assert probe.done_hook == [row]
    assert len(probe.calls) == 1


def test_a_retryable_error_queues_the_row_again_after_a_back_off(probe, settings):
    settings.JIAOGUAN_DELIVERY_JITTER = 0
    [row] = rows(1)
    probe.script[row] = [RetryableProviderError("HTTP 503")]
    with freeze_time(NOW):
        result = engine.deliver_one(probe, row)
    assert (result.status, result.retry_in) == ("retry", 30)
    stored = SandboxNotification.objects.get(pk=row)
    assert (stored.status, stored.attempts, stored.last_error) == ("pending", 1, "HTTP 503")
    assert stored.not_before == NOW + timedelta(seconds=30)
    with freeze_time(NOW + timedelta(seconds=29)):
        assert engine.deliver_one(probe, row).status == "not_claimed"
    probe.script[row] = [RetryableError("again")]
    with freeze_time(NOW + timedelta(seconds=30)):
        assert engine.deliver_one(probe, row).retry_in == 60  # doubled


def test_a_permanent_error_fails_the_row_at_once(probe):
    [row] = rows(1, max_attempts=5)
    probe.script[row] = [PermanentProviderError("HTTP 400: bad number")]
    assert engine.deliver_one(probe, row).status == "failed"
    assert status(row) == ("abandoned", 1)
    assert probe.failed_hook == [(row, "HTTP 400: bad number")]
    assert engine.deliver_one(probe, row).status == "not_claimed"


def test_the_last_attempt_fails_the_row(probe):
    [row] = rows(1, max_attempts=2)
    probe.script[row] = [RetryableError("one"), RetryableError("two")]
    assert engine.deliver_one(probe, row).status == "retry"
    SandboxNotification.objects.filter(pk=row).update(not_before=clock.now())
    assert engine.deliver_one(probe, row).status == "failed"
    assert status(row) == ("abandoned", 2)


def test_the_gateways_errors_are_the_engines():
    assert issubclass(RetryableProviderError, RetryableError)
    assert issubclass(PermanentProviderError, PermanentError)


def test_a_deferral_does_not_count_as_an_attempt(probe):
    [row] = rows(1)
    morning = clock.now() + timedelta(hours=10)
    probe.script[row] = [Later(morning)]
    assert engine.deliver_one(probe, row).status == "deferred"
    stored = SandboxNotification.objects.get(pk=row)
    assert (stored.status, stored.attempts, stored.not_before) == ("pending", 0, morning)


def test_one_batch_writes_every_kind_of_outcome(probe, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.JIAOGUAN_DELIVERY_JITTER = 0
    ids = rows(5, max_attempts=3)
    probe.script = {
        ids[1]: [RetryableError("later")],
        ids[2]: [PermanentError("never")],
        ids[3]: [Later(clock.now() + timedelta(hours=1))],
    }
    with CaptureQueriesContext(connection) as queries:
        results = engine.deliver(probe, ids)
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    # a claim, a read, and one write per kind of outcome (besides transaction statements)
    assert [verb for verb in statements if verb in {"SELECT", "UPDATE", "INSERT"}] == [
        "UPDATE",
        "SELECT",
        "UPDATE",
        "UPDATE",
        "UPDATE",
        "UPDATE",
    ]
    assert [results[pk].status for pk in ids] == ["ok", "retry", "failed", "deferred", "ok"]
    assert [status(pk)[0] for pk in ids] == [
        "acknowledged",
        "pending",
        "abandoned",
        "pending",
        "acknowledged",
    ]


def test_values_that_differ_by_row_are_written_in_one_statement(probe):
    ids = rows(3)
    probe.script = {
        pk: [done("ok", status="acknowledged", last_error=f"answer {pk}")] for pk in ids
    }
    engine.deliver(probe, ids)
    stored = dict(SandboxNotification.objects.filter(pk__in=ids).values_list("pk", "last_error"))
    assert stored == {pk: f"answer {pk}" for pk in ids}


def test_a_batch_stopped_by_a_bug_writes_what_it_did_and_leaves_the_rest_claimed(probe):
    first, second, third = rows(3)
    probe.script = {second: [RuntimeError("a bug")]}
    with pytest.raises(RuntimeError):
        engine.deliver(probe, [first, second, third])
    assert status(first) == ("acknowledged", 1)
    assert status(second) == ("sending", 1)  # taken over after the lease
    assert status(third) == ("sending", 1)


def test_the_idempotency_key_is_the_rows_for_every_attempt(probe):
    first, second = rows(2)
    probe.script[first] = [RetryableError("timeout")]
    engine.deliver(probe, [first, second])
    SandboxNotification.objects.filter(pk=first).update(not_before=clock.now())
    engine.deliver_one(probe, first)
    keys = [(pk, key) for pk, key, _attempts in probe.calls]
    assert keys == [
        (first, f"tests.probe-{first}"),
        (second, f"tests.probe-{second}"),
        (first, f"tests.probe-{first}"),
    ]


def test_the_sweeper_hands_out_due_and_stuck_rows_only(probe, django_capture_on_commit_callbacks):
    due, handed_out, later, stuck, fresh_claim = rows(5)
    now = clock.now()
    SandboxNotification.objects.filter(pk=handed_out).update(dispatched_at=now)
    SandboxNotification.objects.filter(pk=later).update(not_before=now + timedelta(hours=1))
    SandboxNotification.objects.filter(pk=stuck).update(
        status="sending", claimed_at=now - timedelta(seconds=301), attempts=1
    )
    SandboxNotification.objects.filter(pk=fresh_claim).update(status="sending", claimed_at=now)
    with django_capture_on_commit_callbacks(execute=True):
        assert engine.dispatch(probe) == 2
    assert {pk for pk, _key, _attempts in probe.calls} == {due, stuck}  # eager: in-process
    assert status(stuck) == ("acknowledged", 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert engine.dispatch(probe) == 0


def test_a_handed_out_row_is_handed_out_again_only_after_a_lease(probe):
    rows(1)
    with freeze_time(NOW):
        assert engine.dispatch(probe) == 1  # its task waits in the broker (not run here)
        assert engine.dispatch(probe) == 0
    with freeze_time(NOW + timedelta(seconds=301)):
        assert engine.dispatch(probe) == 1  # lost with a broker: handed out again


def test_sweep_runs_every_kind(probe, django_capture_on_commit_callbacks):
    rows(2)
    with django_capture_on_commit_callbacks(execute=True):
        counts = engine.sweep()
    assert {
        "tests.probe",
        "notices.message",
        "gateways.sandbox_notification",
        "payments.refund",
    } <= set(counts)
    assert sum(counts.values()) == 2  # (the probe shares the sandbox kind's table: either)


def test_enqueue_hands_out_on_commit_only(probe, django_capture_on_commit_callbacks):
    [row] = rows(1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        engine.enqueue(probe, [row])
    assert status(row) == ("pending", 0)
    callbacks[0]()
    assert status(row) == ("acknowledged", 1)


def test_a_unique_conflict_on_done_is_written_as_the_kind_says(probe, monkeypatch):
    from django.db import IntegrityError

    first, second = rows(2)
    real_write = engine._write
    conflicts = []

    def write(kind, values, token, **kwargs):
        if second in values and values[second].get("last_error") == "clash":
            raise IntegrityError("duplicate key")
        return real_write(kind, values, token, **kwargs)

    monkeypatch.setattr(engine, "_write", write)
    monkeypatch.setattr(
        probe,
        "conflict",
        lambda row_id, fields: conflicts.append(row_id) or {**fields, "last_error": "kept"},
    )
    probe.script = {
        first: [done("ok", status="acknowledged", last_error="fine")],
        second: [done("ok", status="acknowledged", last_error="clash")],
    }
    engine.deliver(probe, [first, second])
    stored = dict(SandboxNotification.objects.values_list("pk", "last_error"))
    assert stored == {first: "fine", second: "kept"}
    assert conflicts == [second]


def test_the_platforms_kinds_are_registered_and_consistent():
    names = {kind.name for kind in kinds()}
    assert {"notices.message", "gateways.sandbox_notification", "payments.refund"} <= names
    for kind in kinds():
        status = kind.model._meta.get_field("status")
        values = {value for value, _label in status.choices}
        assert {kind.queued, kind.sending, kind.failed} <= values, kind.name
        assert len({kind.queued, kind.sending, kind.failed}) == 3
        assert kind.lease_seconds() > 0
        assert kind.retry_seconds() > 0
        assert kind.batch_size() > 0
    assert get("payments.refund").fast_commit is False  # money and audit: a durable commit


def test_one_beat_task_sweeps_every_kind(settings):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert tasks.count("jiaoguan.delivery.tasks.sweep") == 1
    assert not [task for task in tasks if "sweep" in task and "delivery" not in task]
