"""The 12123 SMS command grammar: what a citizen's text asks for.

A message is a command word, optionally a sub-action (``YY QX``) and optionally the secret
that confirms it is the account holder (a PIN of 4–6 digits, or the last six characters of
the identity number, the last of which may be ``X``). Words are pinyin initials, full pinyin
or Chinese words; matching ignores case, full-width forms (``ＪＦ``, ``１２３４``) and
spaces. Anything not understood is answered with the help text.

The words are reference data: ``DEFAULT_WORDS`` is the product default; the service may pass
its own table (``parse(text, words=...)``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class Command(enum.StrEnum):
    POINTS = "points"  # JF 积分: points in the cycle and its end
    VIOLATIONS = "violations"  # WF 违法: unhandled violations with fines
    INSPECTION = "inspection"  # JY 检验: next inspection and its window
    APPOINTMENT = "appointment"  # YY 预约: the next exam booking; confirm or cancel it
    STOP = "stop"  # TD 退订: stop notices by SMS
    HELP = "help"  # BZ 帮助: the command list


class Action(enum.StrEnum):
    SHOW = "show"
    CONFIRM = "confirm"
    CANCEL = "cancel"


# Which commands answer personal data, and so need the secret.
PERSONAL = frozenset({Command.POINTS, Command.VIOLATIONS, Command.INSPECTION, Command.APPOINTMENT})

DEFAULT_WORDS: dict[str, Command] = {
    "JF": Command.POINTS,
    "JIFEN": Command.POINTS,
    "积分": Command.POINTS,
    "记分": Command.POINTS,
    "WF": Command.VIOLATIONS,
    "WEIFA": Command.VIOLATIONS,
    "违法": Command.VIOLATIONS,
    "违章": Command.VIOLATIONS,
    "JY": Command.INSPECTION,
    "JIANYAN": Command.INSPECTION,
    "检验": Command.INSPECTION,
    "年检": Command.INSPECTION,
    "YY": Command.APPOINTMENT,
    "YUYUE": Command.APPOINTMENT,
    "预约": Command.APPOINTMENT,
    "TD": Command.STOP,
    "TUIDING": Command.STOP,
    "退订": Command.STOP,
    "BZ": Command.HELP,
    "BANGZHU": Command.HELP,
    "帮助": Command.HELP,
    "HELP": Command.HELP,
    "?": Command.HELP,
}

DEFAULT_ACTIONS: dict[str, Action] = {
    "QR": Action.CONFIRM,
    "QUEREN": Action.CONFIRM,
    "确认": Action.CONFIRM,
    "QX": Action.CANCEL,
    "QUXIAO": Action.CANCEL,
    "取消": Action.CANCEL,
}

MAX_LENGTH = 160  # longer messages are not commands: answered with help, not parsed
_SECRET = re.compile(r"^(\d{4,6}|\d{5}X)$")
_SPLIT = re.compile(r"([A-Z]+|\d+X?|[^\sA-Z\d]+)")


@dataclass(frozen=True)
class Parsed:
    """What a message asks. ``understood`` is False for input that is no command (answered
    with help); ``secret`` is the PIN or identity digits given, or ``""``."""

    command: Command
    action: Action = Action.SHOW
    secret: str = ""
    understood: bool = True

    @property
    def personal(self) -> bool:
        return self.command in PERSONAL


HELP = Parsed(Command.HELP, understood=False)


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), upper case, punctuation as spaces (``JF+1234``,
    ``积分：1234``), one space between words, trimmed."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    folded = folded.replace("？", "?")
    kept = (" " if ch != "?" and unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    return " ".join("".join(kept).split())


def tokens(text: str) -> list[str]:
    """Words of a normalised message: runs of Latin letters, of digits (with a final X of an
    identity number), of other characters; so ``JF1234`` and ``积分 1234`` split alike."""
    return [match for chunk in text.split(" ") for match in _SPLIT.findall(chunk)]


def _longest_word(token: str, words: dict[str, object]) -> tuple[str, str] | None:
    """A Chinese token may run words together (``预约取消``): the longest known prefix."""
    for size in range(len(token), 0, -1):
        if token[:size] in words:
            return token[:size], token[size:]
    return None


def parse(
    text: str,
    *,
    words: dict[str, Command] | None = None,
    actions: dict[str, Action] | None = None,
) -> Parsed:
    """The command in ``text``; ``HELP`` (not understood) for anything else."""
    words = DEFAULT_WORDS if words is None else words
    actions = DEFAULT_ACTIONS if actions is None else actions
    normal = normalize(text)
    if not normal or len(normal) > MAX_LENGTH:
        return HELP
    parts = tokens(normal)
    found = _longest_word(parts[0], words)  # type: ignore[arg-type]
    if found is None:
        return HELP
    word, rest = found
    if rest:
        parts[1:1] = [rest]
    command = words[word]
    action, secret = Action.SHOW, ""
    for part in parts[1:]:
        if action is Action.SHOW and command is Command.APPOINTMENT:
            sub = _longest_word(part, actions)  # type: ignore[arg-type]
            if sub is not None:
                action = actions[sub[0]]
                if sub[1]:
                    part = sub[1]
                else:
                    continue
        if not secret and _SECRET.match(part):
            secret = part
            continue
        return HELP  # a stray word: better the help text than a guess
    if secret and command not in PERSONAL:
        return HELP
    return Parsed(command, action, secret)


def usage(words: dict[str, Command] | None = None) -> dict[Command, list[str]]:
    """The words of each command, Latin first, for the help answer and the docs."""
    words = DEFAULT_WORDS if words is None else words
    table: dict[Command, list[str]] = {command: [] for command in Command}
    for word, command in words.items():
        table[command].append(word)
    for listed in table.values():
        listed.sort(key=lambda word: (not word.isascii(), len(word)))
    return table
