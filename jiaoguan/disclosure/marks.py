"""The officers' read of the penalty decisions marked as having some social impact (行政处罚法
art. 48): the register behind the ``serious_violators`` list, unlike ``disclosure.selectors``
(what is published, public). Each read is audited per person shown."""

from __future__ import annotations

from django.db.models import F

from jiaoguan.audit.purposes import purpose_stored
from jiaoguan.audit.services import audit_event, audit_record_many
from jiaoguan.disclosure.models import SocialImpactMark
from jiaoguan.identity.actors import permission_require

PUBLISH = "disclosure.publish_lists"


def social_impact_marks_for_officer(
    *, actor, limit: int = 50, ip_address: str | None = None
) -> list[SocialImpactMark]:
    """The latest marks (in force first, then lifted), newest first, with their decisions
    and the people penalised. The officer reads each person's decision: one audited read per
    mark shown (``backoffice.lookup.social_impact``, purpose ``public_disclosure``), which the
    citizen sees. Raises ``auth.permission_denied`` without ``disclosure.publish_lists``."""
    permission_require(actor, PUBLISH)
    found = list(
        SocialImpactMark.objects.select_related("decision__person").order_by(
            F("lifted_on").asc(nulls_first=True), "-marked_on", "-pk"
        )[:limit]
    )
    audit_record_many(
        [
            audit_event(
                actor=actor,
                action="backoffice.lookup.social_impact",
                subject=mark.decision,
                person_id_number=mark.decision.person.id_number,
                purpose=purpose_stored("public_disclosure"),
                ip_address=ip_address,
            )
            for mark in found
        ]
    )
    return found
