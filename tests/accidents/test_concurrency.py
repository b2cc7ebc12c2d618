"""Both drivers signing at the same moment, many times over: each accident gets exactly one
agreement, both signatures kept (PostgreSQL: real concurrent transactions)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.accidents import services
from jiaoguan.accidents.models import Accident
from jiaoguan.applications.models import CaseTransition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from tests.accidents.factories import joined, make_driver

ACCIDENTS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parties_signing_at_once_make_one_agreement():
    cases = []
    for _ in range(ACCIDENTS):
        a, b = make_driver(), make_driver()
        accident = joined(a, b)
        services.accident_propose(actor=a, accident=accident.pk, scenario="rear_end", party="a")
        cases.append((accident.pk, a, b))
    start = threading.Barrier(2 * ACCIDENTS)

    def sign(accident_id: int, driver) -> str:
        start.wait()
        try:
            services.accident_sign(actor=driver, accident=accident_id)
            return "signed"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(2 * ACCIDENTS) as pool:
        futures = [pool.submit(sign, pk, who) for pk, a, b in cases for who in (a, b)]
        outcomes = [future.result() for future in futures]
    assert outcomes == ["signed"] * (2 * ACCIDENTS)
    for pk, _a, _b in cases:
        accident = Accident.objects.select_related("case").get(pk=pk)
        assert accident.case.state == "agreed"
        assert accident.agreement_number
        assert accident.parties.filter(signed_at__isnull=False).count() == 2
        assert CaseTransition.objects.filter(case=accident.case, action="agree").count() == 1
        assert AuditEvent.objects.filter(action="accidents.signed", subject_id=str(pk)).count() == 2
