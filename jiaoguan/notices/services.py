"""Writes for notices: the daily scans, delivery of messages, receipts, preferences, reading."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField as CharValue
from django.db.models import DateTimeField as DateTimeValue
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models import IntegerField as IntegerValue

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.push import get_push_gateway
from jiaoguan.gateways.sms import get_sms_gateway
from jiaoguan.identity.models import Person, User
from jiaoguan.notices import errors, rules
from jiaoguan.notices.models import (
    Channel,
    DeliveryReceipt,
    Notice,
    NoticeKind,
    NoticeMessage,
    NoticePreference,
    NoticeTemplate,
    ScanRun,
)
from jiaoguan.notices.scans import SCANS
from jiaoguan.notices.scans.base import ScanContext, insert_from_select
from jiaoguan.notices.selectors import notice_text

logger = logging.getLogger(__name__)

_MESSAGE_COLUMNS = (
    "notice_id",
    "channel",
    "status",
    "attempts",
    "not_before",
    "last_error",
    "created_at",
)


def _quiet_hours() -> rules.QuietHours:
    return rules.QuietHours.parse(
        settings.JIAOGUAN_NOTICES_QUIET_START, settings.JIAOGUAN_NOTICES_QUIET_END
    )


def _first_allowed(now: datetime) -> datetime:
    return rules.next_allowed_moment(clock.local(now), _quiet_hours())


def messages_create(notices: QuerySet, now: datetime) -> int:
    """One message per channel for each of ``notices`` whose kind and recipient allow it.

    Push needs a citizen account; SMS a phone on it. Preferences default to both on. A
    message that exists already (unique notice and channel) is left alone.
    """
    not_before = _first_allowed(now)
    created = 0
    for channel, kind_flag, preference_flag in (
        (Channel.SMS, "kind__sms", "sms_enabled"),
        (Channel.PUSH, "kind__push", "push_enabled"),
    ):
        refused = NoticePreference.objects.filter(
            person_id=OuterRef("person_id"), **{preference_flag: False}
        )
        account = User.objects.filter(person_id=OuterRef("person_id"), kind=User.Kind.CITIZEN)
        if channel == Channel.SMS:
            account = account.filter(phone__isnull=False)
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


@dataclass(frozen=True)
class DeliveryOutcome:
    """What a delivery attempt did; ``retry_in`` (seconds) only after a retryable error."""

    status: str
    retry_in: int | None = None


@contextmanager
def _bookkeeping() -> Iterator[None]:
    """A transaction for a delivery's own status writes that does not wait for the disk on
    PostgreSQL (``synchronous_commit = off``): a write lost in a crash only means the message
    is sent again under the same idempotency key, which the provider does not deliver twice."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _claim(message_id: int, now: datetime) -> bool:
    stuck_before = now - timedelta(seconds=settings.JIAOGUAN_NOTICES_STUCK_SECONDS)
    with _bookkeeping():
        return _claim_row(message_id, now, stuck_before)


def _claim_row(message_id: int, now: datetime, stuck_before: datetime) -> bool:
    return bool(
        NoticeMessage.objects.filter(pk=message_id, not_before__lte=now)
        .filter(
            Q(status=NoticeMessage.Status.QUEUED)
            | Q(status=NoticeMessage.Status.SENDING, claimed_at__lt=stuck_before)
        )
        .update(status=NoticeMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _finish(message_id: int, claimed_at: datetime, **fields) -> None:
    # Only the holder of the claim writes the outcome; a later claim (after a stall) wins.
    with _bookkeeping():
        NoticeMessage.objects.filter(
            pk=message_id, status=NoticeMessage.Status.SENDING, claimed_at=claimed_at
        ).update(**fields)


def _local_day_start(now: datetime) -> datetime:
    return clock.local(now).replace(hour=0, minute=0, second=0, microsecond=0)


def _cap_reached(message: NoticeMessage, now: datetime) -> bool:
    if settings.JIAOGUAN_NOTICES_DAILY_CAP <= 0:
        return False
    sent_today = NoticeMessage.objects.filter(
        notice__person_id=message.notice.person_id,
        channel=message.channel,
        sent_at__gte=_local_day_start(now),
    ).count()
    return rules.daily_cap_reached(sent_today, settings.JIAOGUAN_NOTICES_DAILY_CAP)


@dataclass(frozen=True)
class _Recipient:
    account_id: int
    phone: str | None
    language: str


def _recipient(person_id: int) -> _Recipient | None:
    """The person's citizen account, its phone and the preferred language, in one query."""
    row = (
        User.objects.filter(person_id=person_id, kind=User.Kind.CITIZEN)
        .values_list("pk", "phone", "person__notice_preference__language")
        .first()
    )
    if row is None:
        return None
    return _Recipient(row[0], row[1], row[2] or NoticeTemplate.Language.CHINESE)


def _send(message: NoticeMessage, recipient: _Recipient) -> str:
    text = notice_text(message.notice, recipient.language, absolute=True)
    reference = f"notice-message-{message.pk}"
    if message.channel == Channel.SMS:
        body = f"【交管】{text.title}：{text.reason} {text.action} {text.link}"
        return get_sms_gateway().send(phone=recipient.phone or "", text=body, reference=reference)
    return get_push_gateway().send(
        account=str(recipient.account_id),
        title=text.title,
        text=f"{text.reason} {text.action}",
        reference=reference,
    )


def message_deliver(*, message_id: int) -> DeliveryOutcome:
    """Send one message on its channel, at most once per claim.

    Claims the row with a conditional update (queued and due, or stuck past
    ``NOTICES_STUCK_SECONDS``), so two workers never hold it at once; the provider call
    carries the message's own reference as idempotency key, so a resend after a crash or a
    timeout is not delivered twice. Outcomes: sent; skipped (no address); deferred (quiet
    hours or the daily cap); failed (permanent error, or the last attempt failed); queued
    again with ``retry_in`` after a retryable error. Runs outside any transaction: the
    provider call must not hold a database transaction open.
    """
    now = clock.now()
    if not _claim(message_id, now):
        return DeliveryOutcome("not_claimed")
    message = NoticeMessage.objects.select_related("notice", "notice__kind").get(pk=message_id)
    allowed = _first_allowed(now)
    if allowed > now or _cap_reached(message, now):
        if allowed <= now:
            allowed = _first_allowed(_local_day_start(now) + timedelta(days=1))
        _finish(
            message_id,
            now,
            status=NoticeMessage.Status.QUEUED,
            not_before=allowed,
            attempts=F("attempts") - 1,
        )
        return DeliveryOutcome("deferred")
    recipient = _recipient(message.notice.person_id)
    if recipient is None or (message.channel == Channel.SMS and not recipient.phone):
        _finish(message_id, now, status=NoticeMessage.Status.SKIPPED, last_error="no address")
        return DeliveryOutcome("skipped")
    try:
        reference = _send(message, recipient)
    except RetryableProviderError as error:
        if message.attempts >= settings.JIAOGUAN_NOTICES_MAX_ATTEMPTS:
            _finish(message_id, now, status=NoticeMessage.Status.FAILED, last_error=str(error))
            return DeliveryOutcome("failed")
        delay = rules.retry_delay_seconds(message.attempts, settings.JIAOGUAN_NOTICES_RETRY_SECONDS)
        _finish(
            message_id,
            now,
            status=NoticeMessage.Status.QUEUED,
            not_before=now + timedelta(seconds=delay),
            last_error=str(error)[:300],
        )
        return DeliveryOutcome("queued", retry_in=delay)
    except PermanentProviderError as error:
        _finish(message_id, now, status=NoticeMessage.Status.FAILED, last_error=str(error)[:300])
        return DeliveryOutcome("failed")
    try:
        with transaction.atomic():
            _finish(
                message_id,
                now,
                status=NoticeMessage.Status.SENT,
                sent_at=clock.now(),
                provider_reference=reference,
                last_error="",
            )
    except IntegrityError:
        # The provider answered with a reference another message already holds: keep the
        # send (it happened) without the reference, and say so.
        logger.warning("provider reference %s reused", reference)
        _finish(
            message_id,
            now,
            status=NoticeMessage.Status.SENT,
            sent_at=clock.now(),
            last_error=f"duplicate provider reference {reference}",
        )
    return DeliveryOutcome("sent")


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
