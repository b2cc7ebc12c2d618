"""Chinese full-text search of the guides: jieba (PyPI ``jieba``) segments the texts in its
search mode (long words and their parts: 驾驶证 → 驾驶, 驾驶证); the tokens are stored
space-separated in ``Guide.tokens`` and a guide matches when it has every token of the query.
The same column works on SQLite and PostgreSQL (there through ``to_tsvector('simple', …)``,
see ``selectors.guides_search``)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\w]+", re.UNICODE)


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, lowercased, in order, without punctuation or repeats."""
    seen: dict[str, None] = {}
    for piece in _tokenizer().cut_for_search(text or ""):
        token = piece.strip().lower()
        if token and _WORD.fullmatch(token):
            seen.setdefault(token, None)
    return list(seen)


def token_column(*texts: str) -> str:
    """The stored column: every text's tokens, space-separated, with a space at each end so
    that ``LIKE '% token %'`` finds whole tokens."""
    words: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            words.setdefault(token, None)
    return " " + " ".join(words) + " "
