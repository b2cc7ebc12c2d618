"""Officers updating one event at once, and one withdrawing it meanwhile: the row lock makes
every update count once (the version grows by exactly the updates accepted) and nothing is
accepted after the withdrawal (PostgreSQL: real concurrent transactions)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.actors import system_actor
from jiaoguan.travel import services
from jiaoguan.travel.models import RoadEvent
from tests.travel.factories import make_event

SYSTEM = system_actor("test")
CLIENTS = 8
TURNS = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_and_a_withdrawal_keep_the_version_and_audit_exact():
    event = make_event(actor=SYSTEM)
    start = threading.Barrier(CLIENTS + 1)

    def updater(index: int) -> tuple[int, set[str]]:
        accepted, refusals = 0, set()
        start.wait()
        try:
            for turn in range(TURNS):
                try:
                    services.event_update(
                        actor=SYSTEM, event=event.pk, description=f"{index}-{turn}"
                    )
                    accepted += 1
                except ApplicationError as error:
                    refusals.add(error.code)
            return accepted, refusals
        finally:
            connection.close()

    def withdrawer() -> None:
        start.wait()
        try:
            services.event_withdraw(actor=SYSTEM, event=event.pk, reason="并发测试")
        finally:
            connection.close()

    with ThreadPoolExecutor(CLIENTS + 1) as pool:
        updates = [pool.submit(updater, index) for index in range(CLIENTS)]
        withdrawal = pool.submit(withdrawer)
        results = [future.result() for future in updates]
        withdrawal.result()
    accepted = sum(count for count, _ in results)
    assert set().union(*(codes for _, codes in results)) <= {"travel.event.state"}
    event.refresh_from_db()
    assert event.status == RoadEvent.Status.WITHDRAWN
    assert event.version == 1 + accepted
    assert AuditEvent.objects.filter(action="travel.event.updated").count() == accepted
    withdrawn = AuditEvent.objects.get(action="travel.event.withdrawn")
    later = AuditEvent.objects.filter(action="travel.event.updated", pk__gt=withdrawn.pk)
    assert not later.exists()
