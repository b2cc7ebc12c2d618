"""Publishing the lists: one run scans the register for every list and replaces or extends
what is published, in one transaction, audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.disclosure import errors
from jiaoguan.disclosure.lists import Mode, published_lists
from jiaoguan.disclosure.models import Dataset, Entry, PublicationRun, SocialImpactMark
from jiaoguan.disclosure.scans.base import ScanContext, insert_entries, selected_keys
from jiaoguan.disclosure.scans.events import SCANS
from jiaoguan.identity.actors import Actor, OfficerActor, permission_require
from jiaoguan.violations.selectors import decision_id_for_number

if TYPE_CHECKING:
    from jiaoguan.identity.models import User


def publication_run(*, actor: Actor | User, day: date | None = None) -> PublicationRun:
    """Scan the register for every list of ``disclosure.lists`` that has a scan, for ``day``
    (default today), in one transaction.

    A snapshot list is replaced by what its scan selects; an announcement list gains one entry
    per new subject and event (``ON CONFLICT DO NOTHING`` on the list and key), entries whose
    subject no longer qualifies are withdrawn that day (行政处罚法 art. 48 ¶2) and come back
    if it qualifies again; expired entries are deleted. Each list's ``Dataset`` row records
    its count and, when anything changed, the moment. Writes the run and an audit event
    ``disclosure.publication.run``. Raises ``disclosure.publication.day_invalid`` for a future
    day, ``auth.permission_denied`` without ``disclosure.publish_lists``.
    """
    who = permission_require(actor, "disclosure.publish_lists")
    today = clock.today()
    day = day or today
    if day > today:
        raise errors.publication_day_invalid()
    now = clock.now()
    # The published texts are the official Chinese ones, whatever the caller's language.
    with transaction.atomic(), translation.override("zh-hans"):
        run = PublicationRun.objects.create(
            publication_date=day,
            started_at=now,
            started_by=who.username if isinstance(who, OfficerActor) else "system",
        )
        context = ScanContext(run=run, day=day)
        counts: dict[str, dict[str, int]] = {}
        for declaration in published_lists():
            counts[declaration.code] = _list_publish(declaration, context)
        run.counts = counts
        run.status = PublicationRun.Status.FINISHED
        run.finished_at = clock.now()
        run.save(update_fields=["counts", "status", "finished_at"])
        audit_record(
            actor=actor,
            action="disclosure.publication.run",
            subject=run,
            data={"day": day.isoformat(), "counts": counts},
        )
    return run


def _list_publish(declaration, context: ScanContext) -> dict[str, int]:
    code = declaration.code
    entries = Entry.objects.filter(dataset=code)
    selections = SCANS[code](context, declaration.retention_days)
    removed = withdrawn = restored = 0
    if declaration.mode == Mode.SNAPSHOT:
        removed, _ = entries.delete()
    else:
        removed, _ = entries.filter(expires_on__lt=context.day).delete()
        gone = entries.filter(withdrawn_on__isnull=True)
        back = entries.none()
        for selection in selections:
            keys = selected_keys(selection)
            gone = gone.exclude(subject_key__in=keys)
            back = back | entries.filter(withdrawn_on__isnull=False, subject_key__in=keys)
        withdrawn = gone.update(withdrawn_on=context.day)
        restored = back.update(withdrawn_on=None)
    added = sum(insert_entries(code, context, selection) for selection in selections)
    published = entries.filter(withdrawn_on__isnull=True).count()
    dataset, created = Dataset.objects.get_or_create(
        code=code, defaults={"modified_at": clock.now(), "entry_count": published}
    )
    changed = created or added or removed or withdrawn or restored
    if changed:
        dataset.modified_at = clock.now()
    dataset.entry_count = published
    dataset.last_run = context.run
    dataset.save(update_fields=["modified_at", "entry_count", "last_run"])
    return {
        "published": published,
        "added": added,
        "removed": removed,
        "withdrawn": withdrawn,
        "restored": restored,
    }


@transaction.atomic
def social_impact_mark(
    *, actor: Actor | User, decision_number: str, reason: str
) -> SocialImpactMark:
    """Find a penalty decision to have "some social impact" (行政处罚法 art. 48 ¶1), so the
    next publication run announces it in ``serious_violators`` (masked name and archive
    number, offense, date, penalty) while the decision stands. Marking again after a lift
    marks it anew. Audited ``disclosure.social_impact.marked``. Raises
    ``disclosure.social_impact.reason_invalid`` (empty or over 200 characters),
    ``disclosure.decision.not_found``, ``auth.permission_denied`` without
    ``disclosure.publish_lists``."""
    who = permission_require(actor, "disclosure.publish_lists")
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise errors.mark_reason_invalid()
    decision_number = (decision_number or "").strip()
    decision_id = decision_id_for_number(number=decision_number)
    if decision_id is None:
        raise errors.decision_not_found()
    mark, _created = SocialImpactMark.objects.update_or_create(
        decision_id=decision_id,
        defaults={
            "reason": reason,
            "marked_on": clock.today(),
            "marked_by": who.username if isinstance(who, OfficerActor) else "system",
            "lifted_on": None,
        },
    )
    audit_record(
        actor=actor,
        action="disclosure.social_impact.marked",
        subject=mark,
        data={"decision": decision_number, "reason": reason},
    )
    return mark


@transaction.atomic
def social_impact_lift(*, actor: Actor | User, decision_number: str) -> SocialImpactMark:
    """Lift the mark: the next run withdraws the entry. Audited
    ``disclosure.social_impact.lifted``. Raises ``disclosure.social_impact.not_marked``."""
    permission_require(actor, "disclosure.publish_lists")
    mark = (
        SocialImpactMark.objects.select_for_update()
        .filter(decision__number=(decision_number or "").strip(), lifted_on__isnull=True)
        .first()
    )
    if mark is None:
        raise errors.mark_not_found()
    mark.lifted_on = clock.today()
    mark.save(update_fields=["lifted_on"])
    audit_record(
        actor=actor,
        action="disclosure.social_impact.lifted",
        subject=mark,
        data={"decision": decision_number},
    )
    return mark
