"""Calls to 12123: the voice menu (``rules.voice``) run against the register.

``call_start`` and ``call_step`` are what the VoiceXML views call. The call's state travels
in a signed token (Django's signing, ``TOKEN_MAX_AGE``) between the IVR platform and us, so
any web worker can take any turn of any call; the PIN is checked and forgotten, never kept
in the token. Each turn returns the prompts' texts, what input it waits for, and whether to
transfer or hang up. Answers are audited by ``answers`` like page views; each answered
query, each call from an unknown number and each transfer is a ``Contact`` row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

from jiaoguan.hotline import answers, secrets, wording
from jiaoguan.hotline.models import Contact
from jiaoguan.hotline.rules import replies, voice
from jiaoguan.hotline.rules.grammar import Action, Command
from jiaoguan.hotline.services import contact_record
from jiaoguan.identity.selectors import citizen_by_phone

SALT = "jiaoguan.hotline.voice"
TOKEN_MAX_AGE = 3600  # a call's state is refused after an hour
AUDIO_SECONDS = 600  # how long a prompt's text (an answer, too) is kept for its audio URL
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

Outcome = Contact.Outcome


class CallExpired(Exception):
    """The state token is forged, altered or older than ``TOKEN_MAX_AGE``."""


@dataclass(frozen=True)
class Prompt:
    text: str
    digest: str  # the key of its audio (``prompt_text``)


@dataclass(frozen=True)
class Turn:
    prompts: list[Prompt]
    expects: str  # "key", "digits" or "" (then transfer or hang_up says what follows)
    token: str
    transfer: bool = False
    hang_up: bool = False


def caller_number(uri: str) -> str:
    """A mainland number from the platform's caller URI (``tel:+8613900000001``,
    ``sip:13900000001@carrier``, ``13900000001``)."""
    number = (uri or "").strip().removeprefix("tel:").removeprefix("sip:")
    number = number.split("@", 1)[0].split(";", 1)[0].lstrip("+")
    if number.startswith("86") and len(number) == 13:
        number = number[2:]
    return number


def spoken(text: str) -> str:
    """An SMS answer as it is read out: dates as 年月日, without the SMS signature and the
    SMS's own instructions."""
    text = text.replace(replies.SIGNATURE, "").replace(replies.CANCEL_HINT, "可以取消")
    return _DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def prompt_text(digest: str) -> str | None:
    """The text behind an audio URL of a recent turn, or None (then the platform reads the
    text it got with the document)."""
    return cache.get(f"hotline.voice.prompt:{digest}")


def _prompt(text: str) -> Prompt:
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    cache.set(f"hotline.voice.prompt:{digest}", text, AUDIO_SECONDS)
    return Prompt(text, digest)


def _seal(state: voice.State, number: str) -> str:
    fields = dataclasses.asdict(state)
    fields["node"] = str(state.node)
    return signing.dumps({"state": fields, "number": number}, salt=SALT, compress=True)


def _open(token: str) -> tuple[voice.State, str]:
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
        fields = dict(data["state"])
        fields["node"] = voice.Node(fields["node"])
        return voice.State(**fields), str(data["number"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise CallExpired from error


def _pin_kind() -> str:
    return "pin_digits" if secrets.identity_digits() else "pin"


def _texts(step: voice.Step) -> list[Prompt]:
    keys = [_pin_kind() if key == "pin" else key for key in step.prompts]
    prompts = wording.current_prompts()
    return [_prompt(prompts[key].replace("{answer}", step.state.answer)) for key in keys]


def _effect(step: voice.Step, number: str, keys: str) -> str:
    """Perform the step's effect; the event it produces."""
    user = citizen_by_phone(phone=number)
    if step.effect is voice.Effect.CHECK_PIN:
        if user is None:
            return "pin_wrong"
        secret = voice.pin_from_keys(keys, identity_digits=secrets.identity_digits())
        check = secrets.secret_check(user=user, secret=secret)
        return {
            secrets.Check.OK: "pin_ok",
            secrets.Check.LOCKED: "pin_locked",
            secrets.Check.NO_PIN: "no_pin",
        }.get(check, "pin_wrong")
    # The machine asks for answers for confirmed callers only.
    assert user is not None
    assert step.state.confirmed
    action = Action.CANCEL if step.effect is voice.Effect.CANCEL else Action.SHOW
    command = Command(step.state.command)
    result = answers.answer(user=user, command=command, action=action, channel="voice")
    contact_record(
        channel=Contact.Channel.VOICE,
        number=number,
        user=user,
        command=str(command),
        outcome=Outcome.REFUSED if result.refused else Outcome.ANSWERED,
    )
    return "answered:" + spoken(result.text)


def _turn(step: voice.Step, number: str, keys: str = "") -> Turn:
    # Effects that need the register run here, and the machine goes on with their outcome,
    # until the call waits for the caller again.
    while step.effect in (voice.Effect.CHECK_PIN, voice.Effect.ANSWER, voice.Effect.CANCEL):
        step = voice.step(step.state, _effect(step, number, keys))
    if step.effect is voice.Effect.TRANSFER:
        user = citizen_by_phone(phone=number)
        contact_record(
            channel=Contact.Channel.VOICE,
            number=number,
            user=user,
            command="",
            outcome=Outcome.TRANSFERRED,
        )
    return Turn(
        prompts=_texts(step),
        expects=step.expects,
        token=_seal(step.state, number),
        transfer=step.effect is voice.Effect.TRANSFER,
        hang_up=step.effect is voice.Effect.HANG_UP,
    )


def call_start(*, caller: str) -> Turn:
    """The first turn of a call from ``caller`` (the platform's caller URI). A number bound
    to no citizen account is told how to register (and recorded)."""
    number = caller_number(caller)
    user = citizen_by_phone(phone=number) if number else None
    if user is None:
        contact_record(
            channel=Contact.Channel.VOICE,
            number=number,
            user=None,
            command="",
            outcome=Outcome.NOT_BOUND,
        )
    return _turn(voice.start(bound=user is not None), number)


def call_expired() -> Turn:
    """The answer to a turn whose state token is forged or too old: say so and hang up."""
    expired = wording.current_prompts()["expired"]
    return Turn(prompts=[_prompt(expired)], expects="", token="", hang_up=True)


def call_step(*, token: str, event: str = "", key: str = "") -> Turn:
    """The next turn: ``key`` is what the caller pressed (one key, or the PIN's digits),
    ``event`` the platform's ``noinput`` or ``nomatch``. Raises ``CallExpired``."""
    state, number = _open(token)
    if event in ("noinput", "nomatch"):
        step = voice.step(state, event)
    elif state.node is voice.Node.PIN:
        step = voice.step(state, f"digits:{key}")
    else:
        step = voice.step(state, key[:1] if key else "noinput")
    return _turn(step, number, key)
