"""What the accidents family tells the domains above it (ADR 0009)."""

from dataclasses import dataclass
from datetime import datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class ClaimProgressed(Event):
    """An insurer reported that a party's claim was assessed (定损), paid (赔付) or refused
    (拒赔), and the claim moved forward (``accidents.rules.claims.NOTIFIED``): the party is
    told (inbox, SMS, push through the notices app). Published inside the callback's
    transaction, once per claim and progress (callbacks are applied once)."""

    claim_id: int
    person_id: int
    vehicle_id: int | None  # the party's vehicle in the register, when its plate was found
    plate_number: str
    progress: str  # assessed, paid, rejected
    amount_fen: int | None
    at: datetime
