"""Notice messages on the delivery engine (kind ``notices.message``): SMS and push.

A batch (the sweeper's task of ``NOTICES_DISPATCH_BATCH`` ids) is claimed and written by the
engine in a fixed handful of statements (``jiaoguan.delivery.engine``); this kind adds one
``SELECT`` of the messages with their notices and kinds, one of the recipients (account,
phone, language), one of their push devices and one (with a daily cap) of what they had
today. Each message goes to its provider with ``notice-message-<id>`` as idempotency key (the
HTTP adapter keeps its connection open between messages); a push goes to every enabled device
of the account, and the tokens the provider reports stale are disabled after the batch.

Outcomes: sent; skipped (no address, no device); deferred (quiet hours, the daily cap: the
attempt is not counted); retry after a retryable error (failed once ``NOTICES_MAX_ATTEMPTS``
are spent); failed after a permanent one.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count

from jiaoguan.core import clock
from jiaoguan.delivery import Done, Kind, Later, Result, done, register
from jiaoguan.delivery import engine as delivery
from jiaoguan.gateways.push import get_push_gateway
from jiaoguan.gateways.sms import get_sms_gateway
from jiaoguan.identity.selectors import citizen_accounts
from jiaoguan.notices import rules
from jiaoguan.notices.devices import push_devices_disable_stale
from jiaoguan.notices.models import Channel, NoticeMessage, NoticeTemplate, PushDevice
from jiaoguan.notices.selectors import notice_text

logger = logging.getLogger(__name__)

KIND = "notices.message"


def quiet_hours() -> rules.QuietHours:
    return rules.QuietHours.parse(
        settings.JIAOGUAN_NOTICES_QUIET_START, settings.JIAOGUAN_NOTICES_QUIET_END
    )


def first_allowed(now: datetime) -> datetime:
    """``now``, or the end of the quiet hours it falls in."""
    return rules.next_allowed_moment(clock.local(now), quiet_hours())


def _local_day_start(now: datetime) -> datetime:
    return clock.local(now).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class _Recipient:
    account_id: int
    phone: str | None
    language: str
    devices: list[str] = field(default_factory=list)  # enabled push tokens


@dataclass
class _Batch:
    """What the sends of one batch share."""

    now: datetime
    defer_until: datetime | None = None
    recipients: dict[int, _Recipient] = field(default_factory=dict)
    sent_today: Counter = field(default_factory=Counter)
    cap: int = 0
    gateways: dict[str, Any] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)


class _NoDevice(Exception):
    """Every token the push was for turned out stale: nothing was delivered."""


def _recipients(person_ids: set[int]) -> dict[int, _Recipient]:
    """Each person's citizen account (the first), its phone and the preferred language."""
    rows = (
        citizen_accounts()
        .filter(person_id__in=person_ids)
        .order_by("-pk")
        .values_list("person_id", "pk", "phone", "person__notice_preference__language")
    )
    return {
        person_id: _Recipient(pk, phone, language or NoticeTemplate.Language.CHINESE)
        for person_id, pk, phone, language in rows
    }


def _add_devices(recipients: dict[int, _Recipient]) -> None:
    """The enabled push tokens of the recipients' accounts (one query)."""
    by_account = {recipient.account_id: recipient for recipient in recipients.values()}
    devices = PushDevice.objects.filter(account_id__in=by_account, enabled=True).order_by("pk")
    for account_id, token in devices.values_list("account_id", "token"):
        by_account[account_id].devices.append(token)


def _sent_today(person_ids: set[int], now: datetime) -> Counter:
    """Messages sent today per (person, channel), for the daily cap (one grouped query)."""
    rows = (
        NoticeMessage.objects.filter(
            notice__person_id__in=person_ids, sent_at__gte=_local_day_start(now)
        )
        .values_list("notice__person_id", "channel")
        .annotate(count=Count("id"))
    )
    return Counter({(person_id, channel): count for person_id, channel, count in rows})


def _skipped(reason: str) -> Done:
    return done("skipped", status=NoticeMessage.Status.SKIPPED, last_error=reason)


@register
class NoticeMessages(Kind):
    name = KIND
    model = NoticeMessage
    queued = NoticeMessage.Status.QUEUED.value
    sending = NoticeMessage.Status.SENDING.value
    failed = NoticeMessage.Status.FAILED.value
    retry_cap_seconds = 3600

    def batch_size(self) -> int:
        return settings.JIAOGUAN_NOTICES_DISPATCH_BATCH

    def lease_seconds(self) -> int:
        return settings.JIAOGUAN_NOTICES_STUCK_SECONDS

    def retry_seconds(self) -> int:
        return settings.JIAOGUAN_NOTICES_RETRY_SECONDS

    def max_attempts(self, row: Any) -> int:
        return settings.JIAOGUAN_NOTICES_MAX_ATTEMPTS

    def sweep_limit(self) -> int:
        return settings.JIAOGUAN_NOTICES_SWEEP_LIMIT

    def key(self, row: Any) -> str:
        return f"notice-message-{row.pk}"

    def load(self, ids: list[int]) -> list[Any]:
        return list(
            NoticeMessage.objects.filter(pk__in=ids)
            .select_related("notice", "notice__kind")
            .order_by("pk")
        )

    def prepare(self, rows: list[Any], now: datetime) -> _Batch:
        allowed = first_allowed(now)
        if allowed > now:
            return _Batch(now, defer_until=allowed)
        persons = {message.notice.person_id for message in rows}
        recipients = _recipients(persons)
        if any(message.channel == Channel.PUSH for message in rows):
            _add_devices(recipients)
        cap = settings.JIAOGUAN_NOTICES_DAILY_CAP
        return _Batch(
            now,
            recipients=recipients,
            sent_today=_sent_today(persons, now) if cap > 0 else Counter(),
            cap=cap,
            gateways={"sms": get_sms_gateway(), "push": get_push_gateway()},
        )

    def send(self, row: Any, context: Any) -> Done | Later:
        batch: _Batch = context
        if batch.defer_until is not None:
            return Later(batch.defer_until)
        person_id = row.notice.person_id
        if rules.daily_cap_reached(batch.sent_today[(person_id, row.channel)], batch.cap):
            return Later(first_allowed(_local_day_start(batch.now) + timedelta(days=1)))
        recipient = batch.recipients.get(person_id)
        if recipient is None or (row.channel == Channel.SMS and not recipient.phone):
            return _skipped("no address")
        if row.channel == Channel.PUSH and not recipient.devices:
            return _skipped("no device")
        try:
            reference = self._send(row, recipient, batch)
        except _NoDevice:
            return _skipped("no device")
        batch.sent_today[(person_id, row.channel)] += 1
        return done(
            "sent",
            status=NoticeMessage.Status.SENT,
            sent_at=clock.now(),
            last_error="",
            provider_reference=reference,
        )

    def _send(self, message: NoticeMessage, recipient: _Recipient, batch: _Batch) -> str:
        """The provider's reference; stale push tokens are added to the batch. Raises the
        gateway's errors, and ``_NoDevice`` when no device took a push."""
        text = notice_text(message.notice, recipient.language, absolute=True)
        reference = self.key(message)
        if message.channel == Channel.SMS:
            body = f"【交管】{text.title}：{text.reason} {text.action} {text.link}"
            return batch.gateways["sms"].send(
                phone=recipient.phone or "", text=body, reference=reference
            )
        result = batch.gateways["push"].send(
            tokens=recipient.devices,
            title=text.title,
            text=f"{text.reason} {text.action}",
            reference=reference,
        )
        batch.stale.update(result.stale_tokens)
        if not result.accepted:
            raise _NoDevice
        return result.reference

    def finish(self, context: Any, now: datetime) -> None:
        if context is not None and context.stale:
            push_devices_disable_stale(tokens=context.stale, reported_at=now)

    def conflict(self, row_id: int, fields: dict[str, Any]) -> dict[str, Any] | None:
        """A provider reference another message holds: the send happened, so keep it
        without the reference, and say so."""
        reference = fields.get("provider_reference")
        if reference is None:
            return None
        logger.warning("provider reference %s reused", reference)
        kept = {name: value for name, value in fields.items() if name != "provider_reference"}
        return {**kept, "last_error": f"duplicate provider reference {reference}"}


def messages_deliver(*, message_ids: list[int]) -> dict[int, Result]:
    """Send a batch of messages, each at most once per claim; the result of each id (see
    the module's docstring and ``jiaoguan.delivery.engine.deliver``). Runs outside any
    transaction: the provider calls must not hold one open."""
    return delivery.deliver(KIND, message_ids)


def message_deliver(*, message_id: int) -> Result:
    """Send one message (a batch of one; see ``messages_deliver``)."""
    return delivery.deliver_one(KIND, message_id)


def messages_dispatch(*, limit: int | None = None) -> int:
    """Hand every message that may go now to the delivery workers; how many (the engine's
    sweeper for this kind, ``jiaoguan.delivery.engine.dispatch``)."""
    return delivery.dispatch(KIND, limit=limit)
