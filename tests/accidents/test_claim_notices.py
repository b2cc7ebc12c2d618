"""Each party follows their claim to payment: the accident's page shows both claims, and the
party whose insurer assessed, paid or refused the claim gets a notice (the notices app's
``accident_claim_*`` kinds, through ``accidents.events.ClaimProgressed``), once."""

from datetime import timedelta

import pytest

from jiaoguan.accidents import selectors
from jiaoguan.accidents.claims import claim_update_apply
from jiaoguan.accidents.models import Claim, Party
from jiaoguan.core import clock
from jiaoguan.gateways.insurer.base import ClaimStatus, ClaimUpdate
from jiaoguan.notices.models import Notice
from tests.accidents import claim_factories
from tests.vehicles.factories import make_vehicle

pytestmark = pytest.mark.django_db
CLAIM_NOTICES = Notice.objects.filter(kind__code__startswith="accident_claim_")


@pytest.fixture(autouse=True)
def _notice_kinds():
    """Reference data from the migrations (a transactional test may have flushed it)."""
    from jiaoguan.notices import reference
    from jiaoguan.notices.models import NoticeKind, NoticeTemplate

    reference.load(NoticeKind, NoticeTemplate)


def _update(claim, status, key, amount=None, minutes=0):
    return claim_update_apply(
        update=ClaimUpdate(
            provider="sandbox",
            insurer_code=claim.insurer_code,
            event_key=key,
            reference=str(claim.reference),
            status=ClaimStatus(status),
            occurred_at=clock.now() + timedelta(minutes=minutes),
            claim_number="PICC-1",
            amount_fen=amount,
        )
    )


def _registered(accident):
    """Each party's vehicle in the register (the notice's subject)."""
    for party in Party.objects.filter(accident=accident).select_related("person"):
        vehicle = make_vehicle(owner=party.person)
        Party.objects.filter(pk=party.pk).update(vehicle=vehicle)


def test_assessment_payment_and_refusal_are_told_to_the_claims_party_once():
    accident = claim_factories.agreed()
    _registered(accident)
    claim_a, claim_b = Claim.objects.filter(accident=accident).order_by("party__role")
    a = claim_a.party
    assert _update(claim_a, "accepted", "e1") == "applied"
    assert not CLAIM_NOTICES.exists()  # accepted: no notice
    assert _update(claim_a, "assessed", "e2", amount=120_000, minutes=1) == "applied"
    assert _update(claim_a, "assessed", "e2", amount=120_000, minutes=1) == "duplicate"
    [assessed] = CLAIM_NOTICES.all()
    assert (assessed.kind.code, assessed.person_id) == ("accident_claim_assessed", a.person_id)
    assert assessed.subject_id == claim_a.pk  # the claim: one per claim, kind and day
    assert assessed.subject_label == f"{a.plate_number} ¥1200.00"
    assert assessed.messages.exists()  # inbox and SMS as the kind allows
    assert _update(claim_a, "paid", "e3", amount=120_000, minutes=2) == "applied"
    assert _update(claim_a, "rejected", "e4", minutes=3) == "stale"  # paid is final
    assert [n.kind.code for n in CLAIM_NOTICES.order_by("pk")] == [
        "accident_claim_assessed",
        "accident_claim_paid",
    ]
    assert _update(claim_b, "rejected", "e5", minutes=4) == "applied"
    refused = CLAIM_NOTICES.get(kind__code="accident_claim_rejected")
    assert refused.person_id == claim_b.party.person_id
    assert refused.subject_label == claim_b.party.plate_number
    views = selectors.claims_of_accident(accident)  # both parties see both claims
    assert [(v.role, v.progress, v.paid_yuan) for v in views] == [
        ("a", "paid", "1200.00"),
        ("b", "rejected", ""),
    ]


def test_a_party_whose_vehicle_is_in_no_register_here_is_told_too():
    """Another province's car (its plate not in this register): its driver is told all the
    same, once, and the page shows the claim."""
    accident = claim_factories.agreed()
    Party.objects.filter(accident=accident, role="b").update(vehicle=None, plate_number="皖A9B876")
    claim = Claim.objects.get(accident=accident, party__role="b")
    assert claim.party.vehicle_id is None
    assert _update(claim, "paid", "e1", amount=5_000) == "applied"
    assert _update(claim, "paid", "e1", amount=5_000) == "duplicate"
    [paid] = CLAIM_NOTICES.all()
    assert (paid.kind.code, paid.person_id) == ("accident_claim_paid", claim.party.person_id)
    assert paid.subject_label == "皖A9B876 ¥50.00"
    assert paid.messages.exists()
    assert selectors.claims_of_accident(accident)[1].paid_yuan == "50.00"
