"""The command words and voice prompts in force, and publishing a new version of them.

Read on every message and call turn, so each process keeps the current version for
``CACHE_SECONDS``; a publish shows in its own process at once, in the others within that.
"""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.hotline.models import WordingVersion
from jiaoguan.hotline.rules import wording
from jiaoguan.hotline.rules.grammar import DEFAULT_WORDS, Command
from jiaoguan.hotline.rules.voice import PROMPTS
from jiaoguan.identity.actors import permission_require

CACHE_SECONDS = 30
PERMISSION = "hotline.add_wordingversion"
_cached: tuple[float, dict[str, Command], dict[str, str]] | None = None

MESSAGES = {
    wording.Problem.NO_WORD: _("每条指令至少要有一个词。"),
    wording.Problem.TWICE: _("同一个词不能用于两条指令。"),
    wording.Problem.TOO_LONG: _("太长了。"),
    wording.Problem.DIGITS: _("指令词不能全是数字（会被当作密码）。"),
    wording.Problem.EMPTY: _("提示不能为空。"),
    wording.Problem.PLACEHOLDER: _("只有“答复”提示含 {answer}，且必须含；其他提示不能有花括号。"),
}


def _current() -> tuple[dict[str, Command], dict[str, str]]:
    global _cached
    if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
        return _cached[1], _cached[2]
    row = WordingVersion.objects.order_by("-number").first()
    if row is None:
        words, prompts = dict(DEFAULT_WORDS), dict(PROMPTS)
    else:
        words = {word: Command(command) for word, command in row.words.items()}
        prompts = {**PROMPTS, **row.prompts}
    _cached = (time.monotonic(), words, prompts)
    return words, prompts


def current_words() -> dict[str, Command]:
    return _current()[0]


def current_prompts() -> dict[str, str]:
    return _current()[1]


def forget() -> None:
    """Read the current version again at the next use (after a publish, and in tests)."""
    global _cached
    _cached = None


def wording_publish(
    *, actor, words: dict[str, str], prompts: dict[str, str], note: str
) -> WordingVersion:
    """Publish a new version of the command words (command → its words) and the prompts
    (key → text). Checked by ``rules.wording``: raises ``hotline.wording.invalid`` with the
    problems per field (``words.<command>``, ``prompts.<key>``, ``note``), or
    ``auth.permission_denied``. Audited ``hotline.wording.published``."""
    who = permission_require(actor, PERMISSION)
    table, word_problems = wording.words_check(words)
    texts, prompt_problems = wording.prompts_check(prompts)
    fields = {f"words.{k}": MESSAGES[v] for k, v in word_problems.items()}
    fields |= {f"prompts.{k}": MESSAGES[v] for k, v in prompt_problems.items()}
    note = " ".join((note or "").split())[:200]
    if not note:
        fields["note"] = _("请说明修改的原因。")
    if fields:
        raise ApplicationError(
            "hotline.wording.invalid", _("指令词或语音提示有误，请按提示修改。"), fields=fields
        )
    for _attempt in range(3):  # two officers publishing at once: the unique number decides
        try:
            with transaction.atomic():
                top = WordingVersion.objects.aggregate(top=Max("number"))["top"] or 0
                row = WordingVersion.objects.create(
                    number=top + 1,
                    words=table,
                    prompts=texts,
                    note=note,
                    created_at=clock.now(),
                    created_by_id=getattr(who, "user_id", None),
                )
                audit_record(
                    actor=actor,
                    action="hotline.wording.published",
                    subject=row,
                    data={"number": row.number, "note": note},
                )
        except IntegrityError:
            continue
        forget()
        return row
    raise ApplicationError(
        "hotline.wording.busy", _("另一位民警刚刚发布了新版本，请刷新后重试。"), status=409
    )


def versions_recent(limit: int = 10):
    return WordingVersion.objects.select_related("created_by").order_by("-number")[:limit]
