"""The command words and voice prompts officers may edit: what makes a version valid.

Pure: ``words_check`` and ``prompts_check`` take what the officer typed and return the table
to store, or the problems by field (keys of ``Problem``), so the back office can say what to
fix next to each box.
"""

from __future__ import annotations

import enum
import re

from jiaoguan.hotline.rules.grammar import Command, normalize
from jiaoguan.hotline.rules.voice import PROMPTS

MAX_WORD = 12
MAX_PROMPT = 200
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


class Problem(enum.StrEnum):
    NO_WORD = "no_word"  # a command without any word
    TWICE = "twice"  # one word for two commands
    TOO_LONG = "too_long"
    DIGITS = "digits"  # a word of digits would be read as a PIN
    EMPTY = "empty"
    PLACEHOLDER = "placeholder"  # {answer} missing from "answer", or another {…} anywhere


def words_check(typed: dict[str, str]) -> tuple[dict[str, str], dict[str, Problem]]:
    """``typed``: command value → its words separated by spaces or commas. Returns (word →
    command value, normalised as the grammar reads messages) and the problems per command."""
    table: dict[str, str] = {}
    problems: dict[str, Problem] = {}
    for command in Command:
        words = [normalize(w) for w in re.split(r"[\s,，、]+", typed.get(command, "")) if w]
        if not words:
            problems[command] = Problem.NO_WORD
            continue
        for word in words:
            if len(word) > MAX_WORD:
                problems[command] = Problem.TOO_LONG
            elif word.isdigit():
                problems[command] = Problem.DIGITS
            elif table.get(word, command) != command:
                problems[command] = Problem.TWICE
            else:
                table[word] = command
    return table, problems


def prompts_check(typed: dict[str, str]) -> tuple[dict[str, str], dict[str, Problem]]:
    """``typed``: prompt key → text. Returns the prompts (every key of ``PROMPTS``) and the
    problems per key."""
    prompts: dict[str, str] = {}
    problems: dict[str, Problem] = {}
    for key in PROMPTS:
        text = " ".join((typed.get(key) or "").split())
        placeholders = _PLACEHOLDER.findall(text)
        if not text:
            problems[key] = Problem.EMPTY
        elif len(text) > MAX_PROMPT:
            problems[key] = Problem.TOO_LONG
        elif (key == "answer") != (placeholders == ["{answer}"]) or (
            key != "answer" and placeholders
        ):
            problems[key] = Problem.PLACEHOLDER
        else:
            prompts[key] = text
    return prompts, problems
