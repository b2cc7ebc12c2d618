"""Claims' filings on the delivery engine (kind ``accidents.claim_filing``): one insurer call
per claim, keyed by the claim's reference (a repeat is taken once). Retryable insurer errors
(503, a lost answer, no answer) back off; permanent ones fail the filing (the parties' page
says to claim at the insurer)."""

from typing import Any

from django.conf import settings

from jiaoguan.accidents.claims import FILING, callback_url_of, claim_filed
from jiaoguan.accidents.insurers import gateway_for
from jiaoguan.accidents.models import Claim, Party
from jiaoguan.core import clock
from jiaoguan.delivery import Done, Kind, Later, PermanentError, done, register
from jiaoguan.gateways.insurer.base import ClaimRequest


def filing_request(claim: Claim, other: Party | None) -> ClaimRequest:
    party, accident = claim.party, claim.accident
    share = accident.share_a if party.role == Party.Role.A else accident.share_b
    return ClaimRequest(
        reference=str(claim.reference),
        insurer_code=claim.insurer_code,
        policy_number=party.policy_number,
        document_number=claim.document_number,
        occurred_at=accident.occurred_at,
        place=accident.place,
        region_code=accident.region_code,
        insured_name=party.person.name,
        plate_type=party.plate_type,
        plate_number=party.plate_number,
        collision_point=party.collision_point,
        liability_percent=share if share is not None else 0,
        other_plate_number=other.plate_number if other else "",
        other_insurer=other.insurer if other else "",
        callback_url=callback_url_of(claim.provider),
    )


@register
class ClaimFilings(Kind):
    name = FILING
    model = Claim
    queued = Claim.Status.QUEUED.value
    sending = Claim.Status.SENDING.value
    failed = Claim.Status.FAILED.value
    fast_commit = False  # a filing's outcome is what the parties are shown

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_INSURER_FILING_RETRY_SECONDS

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_INSURER_FILING_STUCK_SECONDS

    def max_attempts(self, row: Any) -> int:
        return settings.JIAOGUAN_INSURER_FILING_MAX_ATTEMPTS

    def key(self, row: Any) -> str:
        return str(row.reference)

    def load(self, ids: list[int]) -> list[Any]:
        return list(
            Claim.objects.filter(pk__in=ids)
            .select_related("accident", "party", "party__person")
            .order_by("pk")
        )

    def send(self, row: Any, context: Any) -> Done | Later:
        # routed by the insurer's record as it is now (its provider, its URL): an insurer no
        # longer reached through this provider fails the filing (claimed at the counter)
        gateway = gateway_for(row.provider, codes=[row.insurer_code])
        if gateway is None or not gateway.supports(row.insurer_code):
            raise PermanentError(f"insurer {row.insurer_code!r} not reached via {row.provider!r}")
        other = Party.objects.filter(accident_id=row.accident_id).exclude(pk=row.party_id).first()
        gateway.file_claim(filing_request(row, other))
        return done("filed", status=Claim.Status.FILED, filed_at=clock.now(), last_error="")

    def on_done(self, rows: list[tuple[Any, Done]]) -> None:
        claim_filed(claim_ids=[row.pk for row, _outcome in rows])
