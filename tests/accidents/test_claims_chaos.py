"""Chaos: accidents' claims through the sandbox insurer with real Celery workers on Redis:
filings failed (503) or taken with their answer lost (504), callbacks duplicated, reordered
and delayed, a worker killed mid-run.

Every claim is filed exactly once (one sandbox claim per reference), every callback is
stored and applied once, and every claim ends where its story (replayed from the seed)
ends: paid, with the assessed amount, or rejected.

Runs on PostgreSQL when ``CHAOS_BROKER_URL`` or ``ACCIDENTS_CHAOS_BROKER_URL`` is set, on its
own Redis database (default ``redis://127.0.0.1:6379/3``); ``ACCIDENTS_CHAOS_ACCIDENTS``
(default 20: 40 claims) sets the size.
"""

import os
import subprocess
import time

import pytest
from django.conf import settings as django_settings
from django.db.models import Count

from jiaoguan.accidents.models import Claim, ClaimEvent
from jiaoguan.audit.models import AuditEvent
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.insurer.sandbox import claim_story_events
from jiaoguan.gateways.models import SandboxInsurerCallback, SandboxInsurerClaim
from tests import chaos
from tests.accidents.claim_factories import agreed
from tests.chaos import celery_on, kill, require_broker

pytestmark = [pytest.mark.postgres, pytest.mark.chaos]

ACCIDENTS = int(os.environ.get("ACCIDENTS_CHAOS_ACCIDENTS", "20"))
ENABLED = bool(os.environ.get("CHAOS_BROKER_URL") or os.environ.get("ACCIDENTS_CHAOS_BROKER_URL"))
BROKER = os.environ.get("ACCIDENTS_CHAOS_BROKER_URL", "redis://127.0.0.1:6379/3")
MISBEHAVIOUR = {
    "INSURER_SANDBOX_SEED": "18",
    "INSURER_SANDBOX_FAIL_PERCENT": "30",
    "INSURER_SANDBOX_TIMEOUT_PERCENT": "20",
    "INSURER_SANDBOX_REJECT_PERCENT": "15",
    "INSURER_SANDBOX_DUPLICATE_PERCENT": "40",
    "INSURER_SANDBOX_REORDER_PERCENT": "40",
    "INSURER_SANDBOX_DELAY_SECONDS": "2",
}
# The sweeper runs in this process: it must know the workers' short leases.
LEASES = {
    "INSURER_SANDBOX_RETRY_SECONDS": "1",
    "INSURER_SANDBOX_STUCK_SECONDS": "5",
    "INSURER_FILING_RETRY_SECONDS": "1",
    "INSURER_FILING_STUCK_SECONDS": "5",
    "INSURER_FILING_MAX_ATTEMPTS": "40",
}


@pytest.fixture
def broker(settings):
    require_broker(
        ENABLED, "set CHAOS_BROKER_URL (or ACCIDENTS_CHAOS_BROKER_URL) for the chaos test"
    )
    for name, value in {**MISBEHAVIOUR, **LEASES}.items():
        setattr(settings, f"JIAOGUAN_{name}", int(value))
    with celery_on(BROKER) as redis_client:
        yield redis_client


def start_worker(name: str, log) -> subprocess.Popen:
    env = {
        **MISBEHAVIOUR,
        **LEASES,
        "INSURER_SANDBOX_SECRET": django_settings.JIAOGUAN_INSURER_SANDBOX_SECRET,
        "INSURER_SANDBOX_TRANSPORT": "inprocess",
        "LOG_LEVEL": "ERROR",
    }
    return chaos.start_worker(name=name, broker=BROKER, env=env, log=log, loglevel="ERROR")


def finished() -> int:
    return Claim.objects.filter(progress__in=["paid", "rejected"]).count()


def unfinished_rows() -> int:
    callbacks = SandboxInsurerCallback.objects.filter(status__in=["pending", "sending"]).count()
    filings = Claim.objects.filter(status__in=["queued", "sending"]).count()
    return callbacks + filings


@pytest.mark.django_db(transaction=True)
def test_every_claim_is_filed_once_and_every_callback_applied_once(broker, tmp_path):
    started = time.monotonic()
    claims = 2 * ACCIDENTS
    log_path = tmp_path / "workers.log"
    with open(log_path, "wb") as log:
        first = start_worker("accidents-chaos1", log)
        try:
            for _index in range(ACCIDENTS):
                agreed()
            deadline = time.monotonic() + 300
            while finished() < claims // 3 and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            kill(first)
        finished_before_kill = finished()
        second = start_worker("accidents-chaos2", log)
        try:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                if unfinished_rows() == 0:
                    break
                if broker.llen("celery") == 0:
                    delivery.sweep()  # the sweeper, as beat runs it
                time.sleep(2)
        finally:
            kill(second)
    elapsed = time.monotonic() - started
    log_text = log_path.read_text(errors="replace")

    assert unfinished_rows() == 0, log_text[-3000:]
    assert Claim.objects.count() == claims
    assert Claim.objects.filter(status="filed").count() == claims
    # filed once: one sandbox claim per reference, however many attempts it took
    assert SandboxInsurerClaim.objects.count() == claims
    attempts = sum(Claim.objects.values_list("attempts", flat=True))
    assert attempts > claims  # failures and lost answers were retried
    assert not (
        ClaimEvent.objects.values("provider", "event_key").annotate(n=Count("id")).filter(n__gt=1)
    )
    expected_events, outcomes = 0, {}
    for sandbox_claim in SandboxInsurerClaim.objects.all():
        story = claim_story_events(sandbox_claim)
        expected_events += len(story)
        claim = Claim.objects.get(reference=sandbox_claim.reference)
        assert claim.progress == story[-1]["status"], sandbox_claim.reference
        assert claim.claim_number == sandbox_claim.claim_number
        assert claim.events.count() == len(story)
        assert claim.events.filter(moved=True).count() >= 1
        if claim.progress == "paid":
            assert claim.paid_fen == claim.assessed_fen == story[-1]["amount_fen"]
        outcomes[claim.progress] = outcomes.get(claim.progress, 0) + 1
    callbacks = SandboxInsurerCallback.objects.count()
    assert ClaimEvent.objects.count() == expected_events
    applied = AuditEvent.objects.filter(action="accidents.claim.update").count()
    assert applied == expected_events  # each callback applied (and audited) once
    assert callbacks > expected_events  # duplicates were sent, and stored once
    print(
        f"\naccidents claims chaos: {claims} claims, {attempts} filing attempts, {callbacks} "
        f"callbacks, {expected_events} events stored, outcomes {outcomes}, "
        f"{finished_before_kill} finished before the kill, {elapsed:.0f} s"
    )
