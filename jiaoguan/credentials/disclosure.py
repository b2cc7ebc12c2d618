"""The holder's choice of what each kind of verifier sees (``rules.disclosure``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.credentials.models import DisclosureChoice
from jiaoguan.credentials.rules import disclosure as rules
from jiaoguan.identity.actors import CitizenActor
from jiaoguan.identity.records import records_tokens_bump

Hidden = dict[str, dict[str, list[str]]]  # verifier kind -> credential kind -> hidden fields


def hidden_of_person(person_id: int) -> Hidden:
    """The person's choices (empty: the product default, everything above shown)."""
    chosen: Hidden = {}
    rows = DisclosureChoice.objects.filter(person_id=person_id).values_list(
        "verifier_kind", "kind", "hidden"
    )
    for verifier_kind, kind, hidden in rows:
        chosen.setdefault(verifier_kind, {})[kind] = rules.hidden_allowed(
            verifier_kind, kind, hidden
        )
    return chosen


def disclosure_choose(
    *, actor: CitizenActor, verifier_kind: str, kind: str, hidden: Iterable[str]
) -> list[str]:
    """Set what the citizen hides from ``verifier_kind`` for their ``kind`` credential (dl /
    im). Fields below the legal minimum, or that cannot be hidden from this verifier
    (officers: nothing), are ignored. Seen by the next verification (the records token);
    audited. Returns what is now hidden."""
    allowed = rules.hidden_allowed(verifier_kind, kind, hidden)
    if verifier_kind not in rules.CHOOSABLE_VERIFIERS or kind not in (rules.DL, rules.IM):
        allowed = []
    with transaction.atomic():
        DisclosureChoice.objects.update_or_create(
            person_id=actor.person_id,
            verifier_kind=verifier_kind,
            kind=kind,
            defaults={"hidden": allowed},
        )
        audit_record(
            actor=actor,
            action="credentials.disclosure.choose",
            data={"verifier": verifier_kind, "kind": kind, "hidden": allowed},
        )
        records_tokens_bump([actor.person_id])
    return allowed
