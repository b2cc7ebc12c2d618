"""Django's Redis cache, with one ``redis.Redis`` client per connection pool; and the
version token that cached answers of published content are kept under.

Django builds a new ``redis.Redis`` on every cache call, and setting up its response
callbacks costs about 0.3 ms: more than the round trip on the hot path of cached records.
A client is thread-safe and holds no connection of its own, so one per pool suffices.
"""

import functools
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction

T = TypeVar("T")


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # private, unstubbed
        client = self._clients.get(id(pool))
        if client is None:
            # Django's own client class, private and absent from django-stubs.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def count_in_window(self, key: str, window_seconds: int) -> int:
        """Count one more under ``key`` (created with ``window_seconds`` to live): one round
        trip, where ``add`` then ``incr`` cost three (Django's ``incr`` asks ``exists`` first)."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)  # type: ignore[attr-defined]  # private
        pipeline = client.pipeline(transaction=False)
        pipeline.set(key, 0, ex=window_seconds, nx=True)
        pipeline.incr(key)
        return int(pipeline.execute()[1])


class VersionToken:
    """A token that changes whenever some published content changes, shared by every process
    through the cache: answers built from that content are kept per token and so never
    outlive a change.

    Each process reads the token from the shared cache at most every ``hold()`` seconds: a
    change made in another process shows here within that time, one made here at once
    (``bump``). ``memo`` keeps a function's answers per token in this process.
    """

    def __init__(self, key: str, hold: Callable[[], float]):
        self.key = key
        self.hold = hold
        self._read: tuple[float, str] | None = None  # (monotonic time read, token)
        self._memos: list[OrderedDict] = []

    def get(self) -> str:
        now = time.monotonic()
        hold = self.hold()
        if hold and self._read is not None and now < self._read[0] + hold:
            return self._read[1]
        token = cache.get(self.key)
        if token is None:  # never set, or the cache was emptied: nothing kept is known good
            cache.add(self.key, uuid.uuid4().hex, None)
            token = cache.get(self.key) or "0"
        self._read = (now, token)
        return token

    def set(self, token: str) -> None:
        """Publish ``token``: in the shared cache, and in this process at once."""
        cache.set(self.key, token, None)
        self._read = (time.monotonic(), token)

    def bump(self) -> None:
        """A new token, now and again on commit: a reader in another process that read the
        old content before the commit and kept it under the first new token is superseded."""
        self.set(uuid.uuid4().hex)
        transaction.on_commit(lambda: self.set(uuid.uuid4().hex))

    def forget(self) -> None:
        """Read the token from the shared cache next time, and drop what ``memo`` kept (tests
        clearing the cache)."""
        self._read = None
        for kept in self._memos:
            kept.clear()

    def memo(self, maxsize: int = 256) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Keep ``function``'s answers by its (hashable) arguments while the token holds still;
        at most ``maxsize`` of them, the least recently used dropped first."""

        def decorate(function: Callable[..., T]) -> Callable[..., T]:
            kept: OrderedDict[tuple, T] = OrderedDict()
            self._memos.append(kept)

            @functools.wraps(function)
            def remembered(*args: Any) -> T:
                key = (self.get(), *args)
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key]
                answer = kept[key] = function(*args)
                if len(kept) > maxsize:
                    kept.popitem(last=False)
                return answer

            return remembered

        return decorate
