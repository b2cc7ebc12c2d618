"""Both drivers signing at the same moment, many times over: each accident gets exactly one
agreement, both signatures kept (PostgreSQL: real concurrent transactions)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from jiaoguan.accidents import determination, services
from jiaoguan.accidents.models import Accident, Claim
from jiaoguan.applications.models import CaseTransition
from jiaoguan.audit.models import AuditEvent
from jiaoguan.core.errors import ApplicationError
from tests.accidents.factories import joined, make_driver, sign_code
from tests.identity.factories import make_officer

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
    codes = {(pk, who.pk): sign_code(who, pk) for pk, a, b in cases for who in (a, b)}
    start = threading.Barrier(2 * ACCIDENTS)

    def sign(accident_id: int, driver) -> str:
        start.wait()
        try:
            challenge_id, code = codes[accident_id, driver.pk]
            services.accident_sign(
                actor=driver, accident=accident_id, challenge_id=challenge_id, code=code
            )
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
        assert Claim.objects.filter(accident_id=pk).count() == 2  # one claim per party


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_officers_determining_at_once_give_one_determination():
    a, b = make_driver(), make_driver()
    accident = joined(a, b)
    services.accident_dispute(actor=a, accident=accident.pk, reason="对方变道")
    officers = [
        make_officer(username=f"jc07{n:02d}", permissions=("accidents.determine_accident",))
        for n in range(6)
    ]
    start = threading.Barrier(len(officers))

    def determine(officer) -> str:
        start.wait()
        try:
            determination.accident_determine(
                actor=officer, accident=accident.pk, scenario="lane_change", party="b",
                facts="乙方变更车道影响甲方正常行驶",
            )  # fmt: skip
            return "determined"
        except ApplicationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(len(officers)) as pool:
        outcomes = sorted(pool.map(determine, officers))
    assert outcomes == ["accidents.state"] * 5 + ["determined"]
    accident.refresh_from_db()
    assert accident.determination_number
    assert CaseTransition.objects.filter(case=accident.case, action="determine").count() == 1
    assert AuditEvent.objects.filter(action="accidents.determined").count() == 1
    assert Claim.objects.filter(accident=accident).count() == 2
