"""Inbound SMS to 12123: parse, bind, confirm, answer, and queue the reply.

``sms_receive`` is what the SMPP adapter's deliver_sm, the HTTP provider's callback and the
demo's SMS simulator call. The reply is a ``Reply`` row sent by the delivery engine (kind
``hotline.reply``) through the configured SMS gateway.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.delivery import enqueue
from jiaoguan.hotline import answers, secrets, wording
from jiaoguan.hotline.models import Contact, Reply
from jiaoguan.hotline.rules import replies
from jiaoguan.hotline.rules.grammar import Command, Parsed, parse
from jiaoguan.identity.selectors import citizen_by_phone
from jiaoguan.notices.selectors import person_notice_preference
from jiaoguan.notices.services import preference_update

Outcome = Contact.Outcome
REPLY_KIND = "hotline.reply"


def _check_outcome(check: secrets.Check, user) -> tuple[str, str]:
    if check is secrets.Check.MISSING:
        return Outcome.SECRET_NEEDED, replies.secret_needed(
            identity_digits=secrets.identity_digits()
        )
    if check is secrets.Check.NO_PIN:
        return Outcome.SECRET_NEEDED, replies.no_pin_set()
    if check is secrets.Check.LOCKED:
        return Outcome.LOCKED, replies.secret_wrong(remaining=0)
    return Outcome.SECRET_WRONG, replies.secret_wrong(remaining=secrets.remaining_tries(user))


def _stop(user) -> str:
    person = user.person
    preference = person_notice_preference(person=person)
    preference_update(
        actor=user,
        person=person,
        sms_enabled=False,
        push_enabled=preference.push_enabled,
        language=preference.language,
    )
    return replies.stopped()


def respond(parsed: Parsed, user, *, channel: str) -> tuple[str, str]:
    """(outcome, text) for a parsed message from a number bound to ``user`` (or None)."""
    if parsed.command is Command.HELP:
        help_text = replies.help_text(wording.current_words())
        return (Outcome.ANSWERED if parsed.understood else Outcome.HELP), help_text
    if user is None:
        return Outcome.NOT_BOUND, replies.not_bound()
    if parsed.command is Command.STOP:
        return Outcome.ANSWERED, _stop(user)
    check = secrets.secret_check(user=user, secret=parsed.secret)
    if check is not secrets.Check.OK:
        return _check_outcome(check, user)
    result = answers.answer(
        user=user, command=parsed.command, action=parsed.action, channel=channel
    )
    return (Outcome.REFUSED if result.refused else Outcome.ANSWERED), result.text


def sms_receive(
    *, sender: str, text: str, provider_reference: str = "", received_at: datetime | None = None
) -> Contact:
    """Take one inbound SMS and queue its answer (one transaction).

    A message the carrier delivers twice (same ``provider_reference``) is taken once: the
    first ``Contact`` is returned. Past ``JIAOGUAN_HOTLINE_SMS_PER_HOUR`` messages of one
    number in an hour, messages are recorded but not answered (no reply loop, no cost).
    Audits ``hotline.query`` for each personal answer.
    """
    sender = (sender or "").strip().lstrip("+")
    if sender.startswith("86") and len(sender) == 13:
        sender = sender[2:]
    number = secrets.number_hash(sender)
    if provider_reference:
        existing = Contact.objects.filter(provider_reference=provider_reference).first()
        if existing is not None:
            return existing
    now = received_at or clock.now()
    parsed = parse(text, words=wording.current_words())
    allowed = within_limit(
        "hotline.sms",
        number,
        limit=settings.JIAOGUAN_HOTLINE_SMS_PER_HOUR,
        window_seconds=3600,
    )
    try:
        with transaction.atomic():
            user = citizen_by_phone(phone=sender)
            if not allowed:
                outcome, body = str(Outcome.RATE_LIMITED), ""
            else:
                outcome, body = respond(parsed, user, channel=Contact.Channel.SMS)
            contact = Contact.objects.create(
                channel=Contact.Channel.SMS,
                number_hash=number,
                user=user,
                command=str(parsed.command) if parsed.understood else "",
                outcome=outcome,
                received_at=now,
                provider_reference=provider_reference,
            )
            if body:
                reply = Reply.objects.create(
                    contact=contact,
                    recipient=sender,
                    body=body,
                    not_before=now,
                    dispatched_at=now,
                )
                enqueue(REPLY_KIND, [reply.pk])
    except IntegrityError:  # the same carrier message, taken by another worker meanwhile
        existing = Contact.objects.filter(provider_reference=provider_reference).first()
        if existing is None:
            raise
        return existing
    return contact


def contact_record(*, channel: str, number: str, user, command: str, outcome: str) -> Contact:
    """Record one voice interaction (the voice channel's answers are audited by ``answers``)."""
    with transaction.atomic():
        contact = Contact.objects.create(
            channel=channel,
            number_hash=secrets.number_hash(number),
            user=user,
            command=command,
            outcome=outcome,
            received_at=clock.now(),
        )
        if outcome == Outcome.TRANSFERRED:
            audit_record(actor=user, action="hotline.transfer", subject=contact)
    return contact


def receipt_record(*, message_id: str, status: str) -> bool:
    """A carrier's delivery receipt (SMPP ``stat``) for a reply: matched by the provider
    reference of the reply's first part; True when a reply was matched."""
    matched = Reply.objects.filter(provider_reference=f"smpp-{message_id}").update(
        receipt_status=status[:10]
    )
    return bool(matched)
