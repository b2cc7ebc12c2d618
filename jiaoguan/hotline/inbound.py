"""Inbound SMS taken in batches: the messages a receiver link got in one burst, answered in
one transaction, their replies handed to the delivery engine already claimed.

A batch costs a fixed handful of statements (the duplicates, the accounts, their PINs, the
register reads of its confirmed queries by kind (``answers.Register``), then one
``bulk_create`` each of ``Contact``, ``AuditEvent`` and ``Reply``: 19 for 100 messages); the
replies are sent after the commit as one delivery batch
(``delivery.send_claimed``: no claim of their own, one outcome write). Each message keeps the
guarantees of one taken alone (``services.sms_receive`` is a batch of one): taken once per
carrier reference, the rate limit per number, the secret before any personal answer, the
query audited with its actor. Should the batch fail, its messages are taken one by one, so one
bad message costs only itself: it is None in the result, and the receiver asks the SMSC to
deliver it again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record_many
from jiaoguan.core import clock
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.delivery import claimed_fields, send_claimed
from jiaoguan.hotline import answers, secrets, wording
from jiaoguan.hotline.models import Contact, Reply
from jiaoguan.hotline.rules.grammar import Parsed, parse
from jiaoguan.identity.selectors import citizens_by_phone

logger = logging.getLogger(__name__)

REPLY_KIND = "hotline.reply"
RECEIPT_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Inbound:
    """One mobile-originated message as the carrier handed it over."""

    sender: str
    text: str
    provider_reference: str = ""
    received_at: datetime | None = None


@dataclass
class _Work:
    message: Inbound
    sender: str  # 11 digits, without the country code
    number: str  # its keyed hash
    parsed: Parsed | None = None
    allowed: bool = True
    taken: Contact | None = None  # the carrier delivered it before: the first Contact
    same_as: int | None = None  # a repeat of the batch's message at this index


def national(sender: str) -> str:
    sender = (sender or "").strip().lstrip("+")
    return sender[2:] if sender.startswith("86") and len(sender) == 13 else sender


def _prepare(messages: list[Inbound]) -> list[_Work]:
    """Normalise, find what was taken before (one query), parse, count the rate limit (only
    messages not taken before count, once each)."""
    work = [_Work(m, national(m.sender), secrets.number_hash(national(m.sender))) for m in messages]
    references = [m.provider_reference for m in messages if m.provider_reference]
    before = (
        {c.provider_reference: c for c in Contact.objects.filter(provider_reference__in=references)}
        if references
        else {}
    )
    seen: dict[str, int] = {}
    words = wording.current_words()
    for index, item in enumerate(work):
        reference = item.message.provider_reference
        if reference and reference in before:
            item.taken = before[reference]
            continue
        if reference and reference in seen:
            item.same_as = seen[reference]
            continue
        if reference:
            seen[reference] = index
        item.parsed = parse(item.message.text, words=words)
        item.allowed = within_limit(
            "hotline.sms",
            item.number,
            limit=settings.JIAOGUAN_HOTLINE_SMS_PER_HOUR,
            window_seconds=3600,
        )
    return work


def _answer(work: list[_Work]) -> None:
    """Answer every new message of ``work`` in one transaction (sets each one's ``taken``)."""
    from jiaoguan.hotline.services import Outcome, answered, screen

    todo = [item for item in work if item.taken is None and item.same_as is None]
    if not todo:
        return
    now = clock.now()
    with transaction.atomic():
        users = citizens_by_phone(phones=[item.sender for item in todo])
        pins = secrets.pins_of(user.pk for user in users.values())
        # First what needs no register (and the secrets), then the confirmed queries' reads
        # for the whole batch at once, then their answers.
        outcomes: list[tuple[str, str] | None] = []
        for item in todo:
            assert item.parsed is not None
            user = users.get(item.sender)
            if item.allowed:
                outcomes.append(screen(item.parsed, user, pins=pins))
            else:
                outcomes.append((str(Outcome.RATE_LIMITED), ""))
        register = answers.Register.read(
            [
                (users[item.sender].person_id, item.parsed.command)
                for item, outcome in zip(todo, outcomes, strict=True)
                if outcome is None and item.parsed
            ],
            clock.today(),
        )
        events: list = []  # audit_event rows
        bodies = []
        for index, item in enumerate(todo):
            assert item.parsed is not None
            user = users.get(item.sender)
            outcome, body = outcomes[index] or answered(
                item.parsed, user, channel=Contact.Channel.SMS, events=events, register=register
            )
            item.taken = Contact(
                channel=Contact.Channel.SMS,
                number_hash=item.number,
                user=user,
                command=str(item.parsed.command) if item.parsed.understood else "",
                outcome=outcome,
                received_at=item.message.received_at or now,
                provider_reference=item.message.provider_reference,
            )
            bodies.append(body)
        Contact.objects.bulk_create([item.taken for item in todo if item.taken])
        audit_record_many(events)
        claimed = claimed_fields(REPLY_KIND, now)
        replies = Reply.objects.bulk_create(
            Reply(contact=item.taken, recipient=item.sender, body=body, not_before=now, **claimed)
            for item, body in zip(todo, bodies, strict=True)
            if body
        )
        if replies:
            transaction.on_commit(partial(send_claimed, REPLY_KIND, replies, now), robust=True)


def _result(work: list[_Work]) -> list[Contact | None]:
    return [work[item.same_as].taken if item.same_as is not None else item.taken for item in work]


def _answer_alone(item: _Work) -> None:
    """One message in its own transaction; a reference another worker took meanwhile gives
    that worker's ``Contact``."""
    try:
        _answer([item])
    except IntegrityError:
        item.taken = None
        reference = item.message.provider_reference
        existing = reference and Contact.objects.filter(provider_reference=reference).first()
        if not existing:
            raise
        item.taken = existing


def sms_take(messages: list[Inbound]) -> list[Contact | None]:
    """Take a batch of inbound messages; each one's ``Contact`` (the first one for a message
    taken before, or repeated in the batch), None for a message that failed even alone."""
    work = _prepare(messages)
    try:
        _answer(work)
        return _result(work)
    except Exception:
        logger.exception("SMS batch of %d failed; taking its messages one by one", len(work))
    for item in work:
        if item.parsed is None:  # taken before, or a repeat in the batch
            continue
        item.taken = None  # built by the batch rolled back
        try:
            _answer_alone(item)
        except Exception:
            logger.exception("SMS %s not taken", item.message.provider_reference or "?")
            item.taken = None
    return _result(work)


def sms_take_one(message: Inbound) -> Contact:
    """One message (``services.sms_receive``): errors are raised."""
    (item,) = _prepare([message])
    if item.taken is None:
        _answer_alone(item)
    assert item.taken is not None
    return item.taken


def receipts_record(receipts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Carriers' delivery receipts (SMPP message id, ``stat``) applied to the replies whose
    first part they name (one query, then one update per status); the receipts not matched."""
    by_reference = {f"smpp-{message_id}": status for message_id, status in receipts}
    if not by_reference:
        return []
    matched = set(
        Reply.objects.filter(provider_reference__in=list(by_reference)).values_list(
            "provider_reference", flat=True
        )
    )
    statuses: dict[str, list[str]] = {}
    for reference in matched:
        statuses.setdefault(by_reference[reference][:10], []).append(reference)
    for status, references in statuses.items():
        Reply.objects.filter(provider_reference__in=references).update(receipt_status=status)
    return [(mid, status) for mid, status in receipts if f"smpp-{mid}" not in matched]


class Inbox:
    """What a receiver link hands over, batch by batch (``SmppReceiver(on_batch=...)``).

    A receipt can reach a receiver before the reply's sent mark is written (another worker,
    or the same batch's sends still under way): one not matched is tried again at later
    batches for ``RECEIPT_WAIT_SECONDS`` (at most once a second), then dropped with a log
    line. Receipts of a long reply's later parts never match (the reply keeps its first's).
    """

    def __init__(self) -> None:
        self.waiting: dict[tuple[str, str], float] = {}
        self.retried_at = 0.0

    def __call__(
        self, messages: list[tuple[str, str, str]], receipts: list[tuple[str, str]]
    ) -> list[bool]:
        taken = (
            sms_take([Inbound(sender, text, reference) for sender, text, reference in messages])
            if messages
            else []
        )
        now = time.monotonic()
        if receipts or (self.waiting and now - self.retried_at >= 1.0):
            self._receipts(receipts, now)
        return [contact is not None for contact in taken]

    def _receipts(self, receipts: list[tuple[str, str]], now: float) -> None:
        batch = list(receipts)
        if self.waiting and now - self.retried_at >= 1.0:
            self.retried_at = now
            batch += [receipt for receipt in self.waiting if receipt not in set(receipts)]
        unmatched = set(receipts_record(batch))
        for receipt in batch:
            if receipt in unmatched:
                self.waiting.setdefault(receipt, now)
            else:
                self.waiting.pop(receipt, None)
        for receipt, since in list(self.waiting.items()):
            if now - since > RECEIPT_WAIT_SECONDS:
                del self.waiting[receipt]
                logger.info("SMPP receipt %s matched no reply", receipt[0])
