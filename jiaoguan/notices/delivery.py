"""Delivery of notice messages in batches: claim, send, write the outcomes.

A batch (the sweeper's task of ``NOTICES_DISPATCH_BATCH`` ids) costs a fixed handful of
statements, not a handful per message:

1. one conditional ``UPDATE … RETURNING id`` claims every message of the batch that is
   queued and due, or stuck in a dead worker's hands past ``NOTICES_STUCK_SECONDS``; two
   workers never hold the same message, and only the claim's holder writes its outcome;
2. one ``SELECT`` reads the claimed messages with their notices and kinds, one the
   recipients (account, phone, language), one their push devices, one (with a daily cap)
   what they had today;
3. each message goes to its provider with ``notice-message-<id>`` as idempotency key (the
   HTTP adapter keeps its connection open between messages); a push goes to every enabled
   device of the account, and the tokens the provider reports stale are disabled after the
   batch;
4. one ``UPDATE`` writes every sent message's outcome (sent at, provider reference); the
   rare other outcomes (deferred, skipped, failed, retry later) are written one by one.

A worker killed between 3 and 4 leaves its messages ``sending``: after
``NOTICES_STUCK_SECONDS`` they are claimed again and sent again under the same idempotency
key, which the provider does not deliver twice. The bookkeeping commits with
``synchronous_commit = off`` on PostgreSQL for the same reason: a lost write means a resend
under the same key, never a second message on a handset.
"""

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Field

from jiaoguan.core import clock
from jiaoguan.gateways.errors import PermanentProviderError, RetryableProviderError
from jiaoguan.gateways.push import get_push_gateway
from jiaoguan.gateways.sms import get_sms_gateway
from jiaoguan.identity.selectors import citizen_accounts
from jiaoguan.notices import rules
from jiaoguan.notices.devices import push_devices_disable_stale
from jiaoguan.notices.models import Channel, NoticeMessage, NoticeTemplate, PushDevice
from jiaoguan.notices.selectors import notice_text

logger = logging.getLogger(__name__)


def quiet_hours() -> rules.QuietHours:
    return rules.QuietHours.parse(
        settings.JIAOGUAN_NOTICES_QUIET_START, settings.JIAOGUAN_NOTICES_QUIET_END
    )


def first_allowed(now: datetime) -> datetime:
    """``now``, or the end of the quiet hours it falls in."""
    return rules.next_allowed_moment(clock.local(now), quiet_hours())


@dataclass(frozen=True)
class DeliveryOutcome:
    """What a delivery attempt did; ``retry_in`` (seconds) only after a retryable error."""

    status: str
    retry_in: int | None = None


NOT_CLAIMED = DeliveryOutcome("not_claimed")


@contextmanager
def _bookkeeping() -> Iterator[None]:
    """A transaction for delivery's own status writes that does not wait for the disk on
    PostgreSQL (``synchronous_commit = off``): a write lost in a crash only means the message
    is sent again under the same idempotency key, which the provider does not deliver twice."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _db(field_name: str, value):
    field = NoticeMessage._meta.get_field(field_name)
    assert isinstance(field, Field)  # a column of the table, not a reverse relation
    return field.get_db_prep_value(value, connection)


def _claim(message_ids: list[int], now: datetime) -> list[int]:
    """Claim the due or stuck messages among ``message_ids`` in one statement; their ids.

    On PostgreSQL a row another worker is claiming at the same moment is waited for and its
    condition checked again, so each message is claimed by one worker only.
    """
    if not message_ids:
        return []
    stuck_before = now - timedelta(seconds=settings.JIAOGUAN_NOTICES_STUCK_SECONDS)
    table = NoticeMessage._meta.db_table
    ids = ", ".join(["%s"] * len(message_ids))
    sql = (
        f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 "
        f"WHERE id IN ({ids}) AND not_before <= %s "
        "AND (status = %s OR (status = %s AND claimed_at < %s)) RETURNING id"
    )
    sending, queued = NoticeMessage.Status.SENDING.value, NoticeMessage.Status.QUEUED.value
    params = [
        sending,
        _db("claimed_at", now),
        *message_ids,
        _db("not_before", now),
        queued,
        sending,
        _db("claimed_at", stuck_before),
    ]
    with _bookkeeping(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _held(message_ids, claimed_at: datetime):
    """The messages among ``message_ids`` still held by the claim made at ``claimed_at`` (a
    later claim, after a stall, wins)."""
    return NoticeMessage.objects.filter(
        pk__in=message_ids, status=NoticeMessage.Status.SENDING, claimed_at=claimed_at
    )


def _finish(message_ids, claimed_at: datetime, **fields) -> None:
    if message_ids:
        with _bookkeeping():
            _held(message_ids, claimed_at).update(**fields)


def _local_day_start(now: datetime) -> datetime:
    return clock.local(now).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class _Recipient:
    account_id: int
    phone: str | None
    language: str
    devices: list[str] = field(default_factory=list)  # enabled push tokens


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


def _send(message: NoticeMessage, recipient: _Recipient, gateways: dict, stale: set) -> str:
    """The provider's reference; stale push tokens are added to ``stale``. Raises the
    gateway's errors, and ``_NoDevice`` when no device took a push."""
    text = notice_text(message.notice, recipient.language, absolute=True)
    reference = f"notice-message-{message.pk}"
    if message.channel == Channel.SMS:
        body = f"【交管】{text.title}：{text.reason} {text.action} {text.link}"
        return gateways["sms"].send(phone=recipient.phone or "", text=body, reference=reference)
    result = gateways["push"].send(
        tokens=recipient.devices,
        title=text.title,
        text=f"{text.reason} {text.action}",
        reference=reference,
    )
    stale.update(result.stale_tokens)
    if not result.accepted:
        raise _NoDevice
    return result.reference


def _write_sent(sent: dict[int, str], claimed_at: datetime, finished: datetime) -> None:
    """One ``UPDATE``: every message of ``sent`` still held by the claim becomes sent, with
    its own provider reference (a ``CASE`` on the id; raw SQL, as building the same
    expression with the ORM costs more CPU than the rest of the write)."""
    table = NoticeMessage._meta.db_table
    cases = " ".join(["WHEN %s THEN %s"] * len(sent))
    ids = ", ".join(["%s"] * len(sent))
    sql = (
        f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '', "
        f"provider_reference = CASE id {cases} END "
        f"WHERE id IN ({ids}) AND status = %s AND claimed_at = %s"
    )
    params = [
        NoticeMessage.Status.SENT.value,
        _db("sent_at", finished),
        *(value for pair in sent.items() for value in pair),
        *sent,
        NoticeMessage.Status.SENDING.value,
        _db("claimed_at", claimed_at),
    ]
    with _bookkeeping(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _finish_sent(sent: dict[int, str], claimed_at: datetime) -> None:
    """Write every sent message's outcome in one statement; should a provider reference
    already belong to another message, write them one by one, that one without it."""
    if not sent:
        return
    finished = clock.now()
    try:
        _write_sent(sent, claimed_at, finished)
        return
    except IntegrityError:
        pass
    fields = {"status": NoticeMessage.Status.SENT, "sent_at": finished, "last_error": ""}
    for message_id, reference in sent.items():
        try:
            _write_sent({message_id: reference}, claimed_at, finished)
        except IntegrityError:
            # The send happened: keep it without the reference, and say so.
            logger.warning("provider reference %s reused", reference)
            _finish(
                [message_id],
                claimed_at,
                **{**fields, "last_error": f"duplicate provider reference {reference}"},
            )


def messages_deliver(*, message_ids: list[int]) -> dict[int, DeliveryOutcome]:
    """Send a batch of messages, each at most once per claim; the outcome of each id.

    Claims the batch with one conditional update (queued and due, or stuck past
    ``NOTICES_STUCK_SECONDS``), so two workers never hold a message at once; the provider
    call carries the message's own reference as idempotency key, so a resend after a crash or
    a timeout is not delivered twice. Outcomes: sent; skipped (no address); deferred (quiet
    hours or the daily cap); failed (permanent error, or the last attempt failed); queued
    again with ``retry_in`` after a retryable error; not_claimed (someone else holds it, or
    it is not due). Runs outside any transaction: the provider calls must not hold a database
    transaction open.
    """
    now = clock.now()
    claimed = _claim(list(message_ids), now)
    outcomes = dict.fromkeys(message_ids, NOT_CLAIMED)
    if not claimed:
        return outcomes
    allowed = first_allowed(now)
    if allowed > now:
        _finish(
            claimed,
            now,
            status=NoticeMessage.Status.QUEUED,
            not_before=allowed,
            attempts=F("attempts") - 1,
        )
        outcomes.update(dict.fromkeys(claimed, DeliveryOutcome("deferred")))
        return outcomes
    messages = list(
        NoticeMessage.objects.filter(pk__in=claimed)
        .select_related("notice", "notice__kind")
        .order_by("pk")
    )
    persons = {message.notice.person_id for message in messages}
    recipients = _recipients(persons)
    if any(message.channel == Channel.PUSH for message in messages):
        _add_devices(recipients)
    cap = settings.JIAOGUAN_NOTICES_DAILY_CAP
    sent_today = _sent_today(persons, now) if cap > 0 else Counter()
    gateways = {"sms": get_sms_gateway(), "push": get_push_gateway()}
    sent: dict[int, str] = {}
    skipped: list[int] = []
    no_device: list[int] = []
    stale: set[str] = set()
    try:
        for message in messages:
            person_id = message.notice.person_id
            if rules.daily_cap_reached(sent_today[(person_id, message.channel)], cap):
                _finish(
                    [message.pk],
                    now,
                    status=NoticeMessage.Status.QUEUED,
                    not_before=first_allowed(_local_day_start(now) + timedelta(days=1)),
                    attempts=F("attempts") - 1,
                )
                outcomes[message.pk] = DeliveryOutcome("deferred")
                continue
            recipient = recipients.get(person_id)
            if recipient is None or (message.channel == Channel.SMS and not recipient.phone):
                skipped.append(message.pk)
                outcomes[message.pk] = DeliveryOutcome("skipped")
                continue
            if message.channel == Channel.PUSH and not recipient.devices:
                no_device.append(message.pk)
                outcomes[message.pk] = DeliveryOutcome("skipped")
                continue
            try:
                outcomes[message.pk] = _attempt(message, recipient, gateways, now, sent, stale)
            except _NoDevice:
                no_device.append(message.pk)
                outcomes[message.pk] = DeliveryOutcome("skipped")
            if message.pk in sent:
                sent_today[(person_id, message.channel)] += 1
    finally:
        # Written even when something unexpected stops the batch: a message already sent
        # must not wait for the stuck timeout and a resend.
        _finish(skipped, now, status=NoticeMessage.Status.SKIPPED, last_error="no address")
        _finish(no_device, now, status=NoticeMessage.Status.SKIPPED, last_error="no device")
        _finish_sent(sent, now)
        if stale:
            push_devices_disable_stale(tokens=stale, reported_at=now)
    return outcomes


def _attempt(
    message: NoticeMessage,
    recipient: _Recipient,
    gateways: dict,
    now: datetime,
    sent: dict[int, str],
    stale: set[str],
) -> DeliveryOutcome:
    """One provider call; a sent message is added to ``sent`` (written with the batch), any
    other outcome is written at once (``_NoDevice`` is the caller's)."""
    try:
        sent[message.pk] = _send(message, recipient, gateways, stale)
    except RetryableProviderError as error:
        if message.attempts >= settings.JIAOGUAN_NOTICES_MAX_ATTEMPTS:
            _finish(
                [message.pk], now, status=NoticeMessage.Status.FAILED, last_error=str(error)[:300]
            )
            return DeliveryOutcome("failed")
        delay = rules.retry_delay_seconds(message.attempts, settings.JIAOGUAN_NOTICES_RETRY_SECONDS)
        _finish(
            [message.pk],
            now,
            status=NoticeMessage.Status.QUEUED,
            not_before=now + timedelta(seconds=delay),
            last_error=str(error)[:300],
        )
        return DeliveryOutcome("queued", retry_in=delay)
    except PermanentProviderError as error:
        _finish([message.pk], now, status=NoticeMessage.Status.FAILED, last_error=str(error)[:300])
        return DeliveryOutcome("failed")
    return DeliveryOutcome("sent")


def message_deliver(*, message_id: int) -> DeliveryOutcome:
    """Send one message (a batch of one; see ``messages_deliver``)."""
    return messages_deliver(message_ids=[message_id])[message_id]
