"""Inbound SMS to 12123: parse, bind, confirm, answer, and queue the reply.

``sms_receive`` is what the SMPP adapter's deliver_sm, the HTTP provider's callback and the
demo's SMS simulator call. The reply is a ``Reply`` row sent by the delivery engine (kind
``hotline.reply``) through the configured SMS gateway.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.hotline import answers, inbound, secrets, wording
from jiaoguan.hotline.models import Contact, HotlinePin
from jiaoguan.hotline.rules import replies
from jiaoguan.hotline.rules.grammar import Command, Parsed
from jiaoguan.notices.selectors import person_notice_preference
from jiaoguan.notices.services import preference_update

Outcome = Contact.Outcome


def _check_outcome(check: secrets.Check, user, pins=None) -> tuple[str, str]:
    if check is secrets.Check.MISSING:
        return Outcome.SECRET_NEEDED, replies.secret_needed(
            identity_digits=secrets.identity_digits()
        )
    if check is secrets.Check.NO_PIN:
        return Outcome.SECRET_NEEDED, replies.no_pin_set()
    if check is secrets.Check.LOCKED:
        return Outcome.LOCKED, replies.secret_wrong(remaining=0)
    remaining = (
        secrets.tries_left(pins.get(user.pk)) if pins is not None else secrets.remaining_tries(user)
    )
    return Outcome.SECRET_WRONG, replies.secret_wrong(remaining=remaining)


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


def screen(parsed: Parsed, user, *, pins: dict[int, HotlinePin] | None = None):
    """(outcome, text) of a message answered without the register (help, not bound, stop,
    the secret missing or refused), or None: a personal query the secret confirmed.
    ``pins`` (``secrets.pins_of``): the batch's PIN rows, read once."""
    if parsed.command is Command.HELP:
        help_text = replies.help_text(wording.current_words())
        return (Outcome.ANSWERED if parsed.understood else Outcome.HELP), help_text
    if user is None:
        return Outcome.NOT_BOUND, replies.not_bound()
    if parsed.command is Command.STOP:
        return Outcome.ANSWERED, _stop(user)
    check = secrets.secret_check(user=user, secret=parsed.secret, pins=pins)
    if check is not secrets.Check.OK:
        return _check_outcome(check, user, pins)
    return None


def answered(
    parsed: Parsed, user, *, channel: str, events: list | None = None, register=None
) -> tuple[str, str]:
    """(outcome, text) of a personal query ``screen`` let through; ``events`` and
    ``register`` serve a batch (see ``answers.answer``)."""
    result = answers.answer(
        user=user,
        command=parsed.command,
        action=parsed.action,
        channel=channel,
        events=events,
        register=register,
    )
    return (Outcome.REFUSED if result.refused else Outcome.ANSWERED), result.text


def respond(parsed: Parsed, user, *, channel: str) -> tuple[str, str]:
    """(outcome, text) for a parsed message from a number bound to ``user`` (or None)."""
    early = screen(parsed, user)
    return early if early is not None else answered(parsed, user, channel=channel)


def sms_receive(
    *, sender: str, text: str, provider_reference: str = "", received_at: datetime | None = None
) -> Contact:
    """Take one inbound SMS and queue its answer (one transaction; a batch of one of
    ``inbound.sms_take``, which the SMPP receiver uses).

    A message the carrier delivers twice (same ``provider_reference``) is taken once: the
    first ``Contact`` is returned. Past ``JIAOGUAN_HOTLINE_SMS_PER_HOUR`` messages of one
    number in an hour, messages are recorded but not answered (no reply loop, no cost).
    Audits ``hotline.query`` for each personal answer. The reply is created claimed by this
    process and sent through the delivery engine once the transaction commits.
    """
    return inbound.sms_take_one(
        inbound.Inbound(sender, text, provider_reference, received_at=received_at)
    )


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
    reference of the reply's first part; True when a reply was matched (many at once:
    ``inbound.receipts_record``)."""
    return not inbound.receipts_record([(message_id, status)])
