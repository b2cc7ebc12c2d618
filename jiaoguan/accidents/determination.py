"""A disputed accident before the police (事故程序规定 art. 20): the parties' statements, the
officer's audited reading of the case, and the determination (认定书, simple procedure).

A party who disputes gives their statement with the dispute; the other party may add theirs
while the case awaits the determination. An officer of the place's province holding
``accidents.determine_accident`` (role 事故处理民警) reads the case — each read of the
parties' personal data is audited with its purpose — and determines the responsibility from
the liability table in force (a scenario and the party it names), with the facts as found.
The determination gets its number once; each party's claim is then opened as after an
agreement (``claims.claims_open``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jiaoguan.accidents import errors
from jiaoguan.accidents.claims import claims_open
from jiaoguan.accidents.locking import locked_accident, locked_with_party
from jiaoguan.accidents.models import Accident, Party
from jiaoguan.accidents.rules import liability
from jiaoguan.accidents.selectors import party_person_id
from jiaoguan.applications import errors as case_errors
from jiaoguan.applications import selectors as case_selectors
from jiaoguan.applications.rules.accidents import OFFICER, QUICK
from jiaoguan.applications.services import case_transition
from jiaoguan.audit.selectors import audit_trail_of
from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError, field_error
from jiaoguan.identity.actors import permission_require

READ_PURPOSE = "事故认定"  # the purpose recorded with each officer read
STATEMENT_MAX = 1000


def _awaiting_determination(accident: Accident) -> bool:
    return QUICK.action(accident.case.state, "determine") is not None


def accident_state(
    *, actor: Any, accident: Accident | int, statement: str, ip_address: str | None = None
) -> Party:
    """A party gives their statement (陈述) while the case awaits the officer; a second one
    replaces the first until the determination. Audits ``accidents.stated``."""
    person_id = party_person_id(actor)
    statement = (statement or "").strip()
    if not statement:
        raise errors.required("statement")
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():
        locked, own = locked_with_party(pk, person_id)
        if not _awaiting_determination(locked):
            raise errors.state(str(QUICK.stage("disputed").label))
        own.statement = statement[:STATEMENT_MAX]
        own.save(update_fields=["statement"])
        audit_record(actor=actor, action="accidents.stated", subject=locked, ip_address=ip_address)
    return own


# --- The officer's side ----------------------------------------------------------------------


def disputed_accidents(*, actor: Any) -> list[Accident]:
    """The disputed accidents the officer can determine now (their province; unassigned or
    theirs), nearest deadline first. Names and plates only: no read is audited here."""
    cases = case_selectors.work_queue(actor=actor, kinds=[QUICK.kind])
    found = {
        accident.case_id: accident
        for accident in Accident.objects.filter(case__in=cases)
        .select_related("case")
        .prefetch_related("parties")
    }
    return [found[case.pk] for case in cases if case.pk in found]


@dataclass(frozen=True)
class Proposal:
    at: Any
    actor_label: str
    scenario_label: str
    party: str


def _proposals(accident: Accident) -> list[Proposal]:
    """The scenarios the parties proposed, oldest first (from the accident's audit trail)."""
    rows = [e for e in audit_trail_of(accident) if e.action == "accidents.proposed"]
    out = []
    for event in rows:
        data = event.data or {}
        try:
            label = liability.table_version(data["version"]).scenario(data["scenario"]).label
        except (KeyError, liability.LiabilityError):
            label = str(data.get("scenario", ""))
        out.append(
            Proposal(event.occurred_at, event.actor_label, label, str(data.get("party", "")))
        )
    return out


@dataclass(frozen=True)
class OfficerView:
    accident: Accident
    parties: list[Party]
    proposals: list[Proposal]
    dispute_reasons: list[str]


def accident_for_officer(
    *, actor: Any, accident_id: int, ip_address: str | None = None
) -> OfficerView:
    """One accident of the officer's province with the parties' personal data, their
    statements, the proposals and the dispute's reason. Needs ``accidents.determine_accident``
    over the accident's province; each party's record read is audited
    (``backoffice.lookup.accident``, with the person's number and the purpose: the
    parties see it among the reads of their record)."""
    accident = Accident.objects.select_related("case").filter(pk=accident_id).first()
    if accident is None:
        raise errors.not_found()
    permission_require(actor, OFFICER, province_code=accident.case.province_code)
    parties = list(accident.parties.select_related("person").order_by("role"))
    with transaction.atomic():
        for party in parties:
            audit_record(
                actor=actor,
                action="backoffice.lookup.accident",
                subject=accident,
                person_id_number=party.person.id_number,
                purpose=READ_PURPOSE,
                ip_address=ip_address,
            )
    reasons = list(
        accident.case.transitions.filter(action="dispute")
        .order_by("at")
        .values_list("reason", flat=True)
    )
    return OfficerView(accident, parties, _proposals(accident), [r for r in reasons if r])


def accident_determine(
    *,
    actor: Any,
    accident: Accident | int,
    scenario: str,
    party: str,
    facts: str,
    ip_address: str | None = None,
) -> Accident:
    """The officer determines a disputed accident: the scenario of the liability table in
    force and the party it names give both shares; ``facts`` (required) is what the officer
    found. Gives the determination its number, moves the case to ``determined`` (the table's
    ``determine``, which checks the officer's permission), opens each party's claim. Audits
    ``accidents.determined``."""
    pk = accident if isinstance(accident, int) else accident.pk
    facts = (facts or "").strip()
    if party not in ("a", "b"):
        raise errors.party()
    with transaction.atomic():
        locked = locked_accident(pk)
        permission_require(actor, OFFICER, province_code=locked.case.province_code)
        table = liability.table_on(clock.today())
        try:
            shares = liability.liability_propose(table, scenario=scenario, actor=party)
        except liability.LiabilityError:
            raise errors.scenario() from None
        if not facts:
            raise field_error("accidents.facts_required", "facts", _("请写明认定的事故事实。"))
        try:
            locked.case = case_transition(
                actor=actor, case=locked.case, action="determine", reason=facts[:500],
                ip_address=ip_address,
            )  # fmt: skip
        except case_errors.ActionNotAllowed as refused:
            labels = "、".join(str(QUICK.stage(s).label) for s in refused.allowed_from)
            raise errors.state(labels) from None
        now = clock.now()
        locked.liability_version = table.version
        locked.scenario, locked.scenario_party = scenario, party
        locked.share_a, locked.share_b = shares.a, shares.b
        locked.determination_number = (
            f"RD{locked.region_code}{clock.local(now):%Y%m%d}{locked.pk:08d}"
        )
        locked.determined_at, locked.determination_text = now, facts[:STATEMENT_MAX]
        locked.save()
        audit_record(
            actor=actor,
            action="accidents.determined",
            subject=locked,
            data={"scenario": scenario, "party": party, "version": table.version},
            ip_address=ip_address,
        )
        claims_open(accident=locked, document_number=locked.determination_number)
    return locked


def accident_late_decide(
    *,
    actor: Any,
    accident: Accident | int,
    accept: bool,
    reason: str = "",
    ip_address: str | None = None,
) -> Accident:
    """The officer decides whether the police take a late report (art. 18, within 3 working
    days: the stage's clock): taken, it goes on as a report (B may join); refused, it is
    closed, with the reason (required). The table's ``accept_late`` / ``decline_late``."""
    pk = accident if isinstance(accident, int) else accident.pk
    with transaction.atomic():
        locked = locked_accident(pk)
        permission_require(actor, OFFICER, province_code=locked.case.province_code)
        try:
            locked.case = case_transition(
                actor=actor, case=locked.case, action="accept_late" if accept else "decline_late",
                reason=(reason or "").strip()[:500], ip_address=ip_address,
            )  # fmt: skip
        except case_errors.ActionNotAllowed as refused:
            labels = "、".join(str(QUICK.stage(s).label) for s in refused.allowed_from)
            raise errors.state(labels) from None
    return locked


def determination_of_party(*, actor: Any, accident_id: int) -> Accident:
    """The determined accident of one of its parties (for the PDF)."""
    from jiaoguan.accidents.selectors import accident_of_party

    found = accident_of_party(actor=actor, accident_id=accident_id)
    if not found.determination_number:
        raise ApplicationError(
            "accidents.no_determination", _("交警作出认定后才有认定书。"), status=404
        )
    return found
