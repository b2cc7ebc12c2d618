"""What education tells the others (ADR 0009); published with ``core.events.publish``
inside the writing transaction."""

from dataclasses import dataclass
from datetime import datetime

from jiaoguan.core.events import Event


@dataclass(frozen=True)
class ReductionDecided(Event):
    """An officer's or the notice's decision on a points reduction the driver is told of: a
    public-welfare activity's points reduced (or none left to reduce, or withdrawn in the
    notice), or a reduction revoked for fraud and its points restored (163号 art. 31).
    ``label`` says what was decided, in Chinese (the notice's subject)."""

    license_id: int
    person_id: int
    label: str
    at: datetime


@dataclass(frozen=True)
class SafetyItemPushed(Event):
    """A safety item published (or edited, or published again) was pushed to drivers it
    concerns who had not had it: the ``education.SafetyPush`` rows written at ``at``
    (``education.selectors.safety_pushes_of``). ``title`` is the item's (the notice's
    subject)."""

    item_id: int
    title: str
    at: datetime
