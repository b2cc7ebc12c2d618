"""Many officers at once (PostgreSQL): a case is worked by exactly one of them."""

import threading
from collections import Counter

import pytest
from django.db import connection

from jiaoguan.applications import services
from jiaoguan.applications.models import Case, CaseTransition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from tests.applications.factories import make_case, make_case_officer

OFFICERS = 8
ROUNDS = 5


def _race(case: Case, officers: list) -> list[str]:
    """Every officer claims ``case`` at the same instant, each on its own connection."""
    start = threading.Barrier(len(officers))
    outcomes = [""] * len(officers)

    def claim(index: int) -> None:
        try:
            start.wait()
            services.case_claim(actor=officers[index], case=case)
            outcomes[index] = "claimed"
        except ApplicationError as refused:
            outcomes[index] = refused.code
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(len(officers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_officers_claiming_one_case_at_once_leave_exactly_one_assignment():
    officers = [make_case_officer() for _ in range(OFFICERS)]
    for _ in range(ROUNDS):
        case = make_case()
        outcomes = _race(case, officers)
        assert Counter(outcomes) == {
            "claimed": 1,
            "applications.case.assigned_elsewhere": OFFICERS - 1,
        }
        winner = officers[outcomes.index("claimed")]
        assert Case.objects.get(pk=case.pk).assigned_to_id == winner.pk
        # The queue and the audit trail agree: one claim, by the winner.
        claims = CaseTransition.objects.filter(case=case, action="claim")
        assert [step.actor_id for step in claims] == [winner.pk]
        assert (
            AuditEvent.objects.filter(
                action="applications.case.claim", subject_id=str(case.pk)
            ).count()
            == 1
        )
