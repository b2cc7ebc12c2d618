"""The key-entity reports pushed to the organisations' own systems (issue 19 scope 4): each
month every kind of ``reports.KINDS`` is scanned once over the register and queued, per
organisation with rows, to each of its active endpoints as a Standard Webhooks message on the
delivery engine (kind ``organisations.webhook``: retries, the log, replay). The unhandled
violations report keeps its own run (``services.unhandled_report_run``, the same body shape
as before); this run pushes the other kinds."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.delivery import enqueue
from jiaoguan.identity.actors import Actor, permission_require
from jiaoguan.organisations import reports, rules
from jiaoguan.organisations.models import WebhookDelivery, WebhookEndpoint

if TYPE_CHECKING:
    from jiaoguan.identity.models import User

#: The kinds this run pushes (the unhandled report has its own run and task).
ENQUEUE_BATCH = 50

PUSHED = ("inspection_scrap", "driver_licences", "violations", "school_bus_drivers")


def _body(kind: reports.ReportKind, as_of: date, rows: list[dict], now) -> str:
    return json.dumps(
        {
            "type": kind.event_type,
            "timestamp": now.isoformat(),
            "data": {"as_of": as_of.isoformat(), "rows": rows},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


@transaction.atomic
def key_entity_reports_run(
    *, actor: Actor | User, as_of: date, kinds: tuple[str, ...] = PUSHED
) -> dict[str, int]:
    """Scan each kind once over the register and queue a signed webhook to every active
    endpoint of each organisation with rows; a rerun in the same month adds nothing (one
    delivery per endpoint, kind and month). Needs ``organisations.open_account`` (the system
    job or an officer). Audited. Returns the deliveries created per kind."""
    who = permission_require(actor, rules.OPEN_ACCOUNT)
    now = clock.now()
    created: dict[str, int] = {}
    queued: list[int] = []
    for key in kinds:
        kind = reports.kind_of(key)
        by_organisation = kind.scan(as_of, None)
        endpoints = WebhookEndpoint.objects.filter(
            is_active=True,
            account__status="open",
            account__organization_id__in=list(by_organisation),
        ).select_related("account")
        event_key = f"{kind.event_type}:{as_of:%Y-%m}"
        done = set(
            WebhookDelivery.objects.filter(event_key=event_key, endpoint__in=endpoints).values_list(
                "endpoint_id", flat=True
            )
        )
        # one INSERT for the kind's new deliveries; the unique (endpoint, event_key) refuses
        # a concurrent run's duplicate (that run has made them: this one rolls back)
        made = WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(
                    endpoint=endpoint,
                    event_key=event_key,
                    message_id=f"msg_{uuid.uuid4().hex}",
                    event_type=kind.event_type,
                    body=_body(kind, as_of, by_organisation[endpoint.account.organization_id], now),
                    created_at=now,
                    not_before=now,
                    dispatched_at=now,
                )
                for endpoint in endpoints
                if endpoint.pk not in done
            ],
            batch_size=1000,
        )
        queued.extend(delivery.pk for delivery in made)
        made_here = len(made)
        created[key] = made_here
        audit_record(
            actor=who,
            action="organisations.report.run",
            data={
                "kind": key,
                "as_of": as_of.isoformat(),
                "organisations": len(by_organisation),
                "deliveries": made_here,
            },
        )
    for start in range(0, len(queued), ENQUEUE_BATCH):  # a task per batch, not per delivery
        enqueue("organisations.webhook", queued[start : start + ENQUEUE_BATCH])
    return created
