"""The records token of a person in the shared cache: a value that changes whenever their
register records change (``person_records_changed``), so a reader keeps an answer built
from those records under the token it read before building it, and never serves it past a
change, without reading ``Person.records_version`` from the database (the credentials'
verification hot path).

The token is set now and again on commit (``core.cache.VersionToken.bump``'s reasoning): a
reader in another process that read the old records before the commit and kept its answer
under the first new token is superseded. A missing token (never set, or evicted) reads as
None and is a token like any other: an answer kept under one token is good only while the
token read is the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

# Longer than any answer kept under a token lives (the credentials' status: 30 s): a token
# that lapses reads as None again, which no answer built under the lapsed token matches.
TOKEN_SECONDS = 24 * 3600


def records_token_key(person_id: int) -> str:
    return f"identity.records:{person_id}"


def records_tokens_bump(person_ids: Iterable[int]) -> None:
    """New tokens for these persons, now and again on commit."""
    keys = [records_token_key(pk) for pk in person_ids]
    if not keys:
        return

    def publish() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, TOKEN_SECONDS)

    publish()
    transaction.on_commit(publish)
