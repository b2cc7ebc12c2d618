"""The organisations' safety scores (issue 19 scope 6): rescored daily for every account in a
few aggregates over the register (``safety_scores_run``), and, for one organisation's page,
every event of the window with its contribution. The weights are reference data
(``SafetyWeight``); the rule is ``rules.safety``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.identity.actors import Actor, permission_require
from jiaoguan.organisations import rules
from jiaoguan.organisations.models import Account, DriverConsent, SafetyScore, SafetyWeight
from jiaoguan.organisations.rules import safety
from jiaoguan.organisations.selectors import organisation_of
from jiaoguan.vehicles.selectors import vehicles_in_register
from jiaoguan.violations.selectors import (
    record_counts_of_organisations,
    records_of_organisations_between,
)

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

_VOID = ["revoked", "cancelled"]

#: The pages' names of the kinds (the table's Chinese label for a kind not named here).
_LABELS = {
    "violation_handled": _("车辆违法（已处理）"),
    "violation_unhandled": _("车辆违法（未处理）"),
    "inspection_overdue": _("车辆逾期未检验"),
    "licence_void": _("驾驶人驾驶证被吊销或注销"),
}


def weights() -> dict[str, tuple[Decimal, str]]:
    """kind → (weight, label) as the reference table holds them (the defaults for a kind it
    lacks)."""
    table = {
        kind: (w, str(_LABELS.get(kind, label)))
        for kind, (w, label) in safety.DEFAULT_WEIGHTS.items()
    }
    for row in SafetyWeight.objects.all():
        table[row.kind] = (row.weight, str(_LABELS.get(row.kind, row.label)))
    return table


def _counts(as_of: date) -> dict[int, dict[str, int]]:
    """organisation id → kind → count, every organisation at once."""
    since = safety.window_start(as_of)
    counts: dict[int, dict[str, int]] = {}

    def add(organization_id: int, kind: str, count: int) -> None:
        counts.setdefault(organization_id, {})[kind] = count

    for organization_id, status, count in record_counts_of_organisations(since=since, until=as_of):
        add(
            organization_id, f"violation_{'handled' if status == 'handled' else 'unhandled'}", count
        )
    for row in (
        vehicles_in_register()
        .filter(owner_organization__isnull=False, inspection_valid_until__lt=as_of)
        .values("owner_organization_id")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        add(row["owner_organization_id"], "inspection_overdue", row["count"])
    for row in (
        DriverConsent.objects.filter(
            status=DriverConsent.Status.GRANTED,
            person__driving_license__status__in=_VOID,
            person__driving_license__status_changed_on__range=(since, as_of),
        )
        .values("account__organization_id")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        add(row["account__organization_id"], "licence_void", row["count"])
    return counts


def _contributions(counts: dict[str, int], table) -> list[safety.Contribution]:
    return [
        safety.Contribution(kind, counts.get(kind, 0), table[kind][0])
        for kind in safety.DEFAULT_WEIGHTS
    ]


@transaction.atomic
def safety_scores_run(*, actor: Actor | User, as_of: date) -> int:
    """Rescore every open account for ``as_of`` (the daily job; needs
    ``organisations.open_account``). Audited once. Returns the accounts scored."""
    who = permission_require(actor, rules.OPEN_ACCOUNT)
    table = weights()
    counts = _counts(as_of)
    accounts = list(
        Account.objects.filter(status=Account.Status.OPEN).only("pk", "organization_id")
    )
    existing = {s.account_id: s for s in SafetyScore.objects.all()}
    new, changed = [], []
    for account in accounts:
        parts = _contributions(counts.get(account.organization_id, {}), table)
        summary = {c.kind: [c.count, str(c.weight)] for c in parts}
        score = safety.score_of(parts)
        row = existing.get(account.pk)
        if row is None:
            new.append(
                SafetyScore(account=account, scored_on=as_of, score=score, contributions=summary)
            )
        else:
            row.scored_on, row.score, row.contributions = as_of, score, summary
            changed.append(row)
    SafetyScore.objects.bulk_create(new, batch_size=2000)
    SafetyScore.objects.bulk_update(
        changed, ["scored_on", "score", "contributions"], batch_size=2000
    )
    audit_record(
        actor=who,
        action="organisations.safety.rescored",
        data={"as_of": as_of.isoformat(), "accounts": len(accounts)},
    )
    return len(accounts)


@dataclass(frozen=True)
class SafetyEvent:
    kind: str
    label: str
    on: str
    subject: str
    weight: Decimal


@dataclass(frozen=True)
class SafetyView:
    score: Decimal
    scored_on: date | None
    contributions: list[tuple[str, int, Decimal, Decimal]]  # label, count, weight, points
    events: list[SafetyEvent]


def safety_of(*, actor: Actor | User | None, as_of: date, limit: int = 500) -> SafetyView:
    """The organisation's score today with every event of the 3-year window and what each
    takes off (any staff role); the same rule and weights as the daily rescoring."""
    organization_id = organisation_of(actor, rules.VIEW_FLEET)
    table = weights()
    since = safety.window_start(as_of)
    events: list[SafetyEvent] = []
    for row in records_of_organisations_between(
        since=since, until=as_of, organization_id=organization_id
    ):
        kind = "violation_handled" if row["status"] == "handled" else "violation_unhandled"
        events.append(
            SafetyEvent(
                kind,
                table[kind][1],
                row["occurred_at"].date().isoformat(),
                f"{row['plate_number']} {row['code']} {row['place']}",
                table[kind][0],
            )
        )
    for plate, until in (
        vehicles_in_register()
        .filter(owner_organization_id=organization_id, inspection_valid_until__lt=as_of)
        .values_list("plate_number", "inspection_valid_until")
        .order_by("inspection_valid_until")
    ):
        kind = "inspection_overdue"
        events.append(SafetyEvent(kind, table[kind][1], until.isoformat(), plate, table[kind][0]))
    for name, on in (
        DriverConsent.objects.filter(
            account__organization_id=organization_id,
            status=DriverConsent.Status.GRANTED,
            person__driving_license__status__in=_VOID,
            person__driving_license__status_changed_on__range=(since, as_of),
        )
        .values_list("person__name", "person__driving_license__status_changed_on")
        .order_by("person__driving_license__status_changed_on")
    ):
        kind = "licence_void"
        events.append(
            SafetyEvent(kind, table[kind][1], on.isoformat() if on else "", name, table[kind][0])
        )
    counts: dict[str, int] = {}
    for event in events:
        counts[event.kind] = counts.get(event.kind, 0) + 1
    parts = _contributions(counts, table)
    stored = SafetyScore.objects.filter(account__organization_id=organization_id).first()
    return SafetyView(
        score=safety.score_of(parts),
        scored_on=stored.scored_on if stored else None,
        contributions=[(table[c.kind][1], c.count, c.weight, c.points) for c in parts],
        events=sorted(events, key=lambda e: e.on, reverse=True)[:limit],
    )
