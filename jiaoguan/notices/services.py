"""Writes for notices: the daily scans, delivery of messages, receipts, preferences, reading."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import CharField as CharValue
from django.db.models import DateTimeField as DateTimeValue
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models import IntegerField as IntegerValue

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.identity.selectors import citizen_accounts
from jiaoguan.notices import errors, rules
from jiaoguan.notices.delivery import (  # noqa: F401  (delivery is part of the services)
    DeliveryOutcome,
    first_allowed,
    message_deliver,
    messages_deliver,
)
from jiaoguan.notices.devices import (  # noqa: F401  (the device registry is part of them)
    push_device_register,
    push_device_unregister,
    push_devices_disable_stale,
)
from jiaoguan.notices.models import (
    Channel,
    DeliveryReceipt,
    Notice,
    NoticeKind,
    NoticeMessage,
    NoticePreference,
    NoticeTemplate,
    PushDevice,
    ScanRun,
)
from jiaoguan.notices.scans import SCANS
from jiaoguan.notices.scans.base import ScanContext, insert_from_select

if TYPE_CHECKING:
    from jiaoguan.identity.models import Person

_MESSAGE_COLUMNS = (
    "notice_id",
    "channel",
    "status",
    "attempts",
    "not_before",
    "last_error",
    "created_at",
)


def messages_create(notices: QuerySet, now: datetime) -> int:
    """One message per channel for each of ``notices`` whose kind and recipient allow it.

    Push needs a citizen account with an app installation registered (``PushDevice``); SMS
    a phone on the account. Preferences default to both on. A
    message that exists already (unique notice and channel) is left alone.
    """
    not_before = first_allowed(now)
    created = 0
    for channel, kind_flag, preference_flag in (
        (Channel.SMS, "kind__sms", "sms_enabled"),
        (Channel.PUSH, "kind__push", "push_enabled"),
    ):
        refused = NoticePreference.objects.filter(
            person_id=OuterRef("person_id"), **{preference_flag: False}
        )
        account = citizen_accounts().filter(person_id=OuterRef("person_id"))
        if channel == Channel.SMS:
            account = account.filter(phone__isnull=False)
        else:
            account = account.filter(
                Exists(PushDevice.objects.filter(account_id=OuterRef("pk"), enabled=True))
            )
        selected = (
            notices.filter(**{kind_flag: True})
            .exclude(Exists(refused))
            .filter(Exists(account))
            .annotate(
                m_notice=F("id"),
                m_channel=Value(channel.value, output_field=CharValue()),
                m_status=Value(NoticeMessage.Status.QUEUED.value, output_field=CharValue()),
                m_attempts=Value(0, output_field=IntegerValue()),
                m_not_before=Value(not_before, output_field=DateTimeValue()),
                m_error=Value("", output_field=CharValue()),
                m_created=Value(now, output_field=DateTimeValue()),
            )
            .values(
                "m_notice",
                "m_channel",
                "m_status",
                "m_attempts",
                "m_not_before",
                "m_error",
                "m_created",
            )
        )
        created += insert_from_select(NoticeMessage._meta.db_table, _MESSAGE_COLUMNS, selected)
    return created


def scans_run(*, actor, day: date | None = None) -> ScanRun:
    """Run every enabled kind's scan for ``day`` (default today), in one transaction.

    Inserts the new notices (one per kind, subject and event), their messages, the run's
    history row and an audit event; on commit, hands the messages that may go now to the
    delivery workers. Rerunning a day creates nothing new. Raises
    ``notices.scan.day_invalid`` for a future day.
    """
    today = clock.today()
    day = day or today
    if day > today:
        raise errors.scan_day_invalid()
    now = clock.now()
    with transaction.atomic():
        run = ScanRun.objects.create(
            scan_date=day,
            started_at=now,
            started_by=actor.get_username() if getattr(actor, "pk", None) else "system",
        )
        context = ScanContext(
            run=run, day=day, now=now, catch_up_days=settings.JIAOGUAN_NOTICES_CATCH_UP_DAYS
        )
        counts = {}
        for kind in NoticeKind.objects.filter(enabled=True):
            scan = SCANS.get(rules.NoticeKindCode(kind.code)) if kind.code in SCANS else None
            if scan is not None:
                counts[kind.code] = scan(kind, context)
        run.counts = counts
        run.notices_created = sum(counts.values())
        run.messages_created = messages_create(Notice.objects.filter(scan_run=run), now)
        run.status = ScanRun.Status.FINISHED
        run.finished_at = clock.now()
        run.save()
        run.anchors.all().delete()
        audit_record(
            actor=actor,
            action="notices.scan.run",
            subject=run,
            data={"day": day.isoformat(), "counts": counts},
        )
        transaction.on_commit(messages_dispatch)
    return run


def messages_dispatch(*, limit: int | None = None) -> int:
    """Hand every message that may go now to the delivery workers; return how many. The
    sweeper's work.

    Handed out: queued and due messages not handed out in the last ``NOTICES_STUCK_SECONDS``
    (so a backlog still waiting in the broker is not queued again every minute), and messages
    stuck in a dead worker's hands. Each is stamped ``dispatched_at`` in the same transaction;
    the tasks go to the broker on commit.
    """
    from jiaoguan.notices.tasks import deliver_messages

    now = clock.now()
    stuck_before = now - timedelta(seconds=settings.JIAOGUAN_NOTICES_STUCK_SECONDS)
    limit = limit or settings.JIAOGUAN_NOTICES_SWEEP_LIMIT
    with transaction.atomic():
        ids = list(
            NoticeMessage.objects.filter(
                Q(
                    Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stuck_before),
                    status=NoticeMessage.Status.QUEUED,
                    not_before__lte=now,
                )
                | Q(status=NoticeMessage.Status.SENDING, claimed_at__lt=stuck_before)
            )
            .order_by("not_before", "id")
            .values_list("id", flat=True)[:limit]
        )
        NoticeMessage.objects.filter(pk__in=ids).update(dispatched_at=now)
        batch = settings.JIAOGUAN_NOTICES_DISPATCH_BATCH
        for start in range(0, len(ids), batch):
            deliver_messages.delay_on_commit(ids[start : start + batch])
    return len(ids)


_RECEIPT_OUTCOMES = {
    "delivered": NoticeMessage.Status.DELIVERED,
    "failed": NoticeMessage.Status.FAILED,
}


def receipt_record(*, provider_reference: str, status: str) -> DeliveryReceipt:
    """Store a provider's delivery receipt once and apply it to its message.

    A repeated receipt (same reference and status) changes nothing. ``delivered`` moves a
    sent message to delivered; ``failed`` to failed; other statuses are only stored.
    Raises ``notices.receipt.invalid`` for an empty reference or status.
    """
    if not provider_reference or not status:
        raise errors.receipt_invalid()
    now = clock.now()
    with transaction.atomic():
        receipt, created = DeliveryReceipt.objects.get_or_create(
            provider_reference=provider_reference[:64],
            status=status[:20],
            defaults={"received_at": now},
        )
        if not created:
            return receipt
        new_status = _RECEIPT_OUTCOMES.get(status)
        if new_status is not None:
            fields: dict[str, object] = {"status": new_status}
            if new_status == NoticeMessage.Status.DELIVERED:
                fields["delivered_at"] = now
            matched = NoticeMessage.objects.filter(
                provider_reference=provider_reference, status=NoticeMessage.Status.SENT
            ).update(**fields)
            if matched:
                receipt.matched = True
                receipt.save(update_fields=["matched"])
    return receipt


def preference_update(
    *, actor, person: Person, sms_enabled: bool, push_enabled: bool, language: str
) -> NoticePreference:
    """Set how ``person`` wants notices. Raises ``notices.preference.language_invalid``."""
    if language not in NoticeTemplate.Language.values:
        raise errors.language_invalid()
    with transaction.atomic():
        preference, _created = NoticePreference.objects.update_or_create(
            person=person,
            defaults={
                "sms_enabled": sms_enabled,
                "push_enabled": push_enabled,
                "language": language,
            },
        )
        audit_record(
            actor=actor,
            action="notices.preference.update",
            subject=preference,
            person_id_number=person.id_number,
            data={"sms": sms_enabled, "push": push_enabled, "language": language},
        )
    return preference


def notice_mark_read(*, actor, person: Person, notice_id: int) -> None:
    """Mark one of ``person``'s notices read (idempotent). Raises ``notices.notice.not_found``."""
    exists = Notice.objects.filter(pk=notice_id, person=person)
    if not exists.exists():
        raise errors.notice_not_found()
    exists.filter(read_at__isnull=True).update(read_at=clock.now())
