"""The Redis cache backend, against a real Redis when REDIS_URL is set (CI sets it)."""

import os

import pytest

from jiaoguan.core.cache import ReusingRedisCache

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")


def test_values_round_trip_and_one_client_serves_every_call():
    cache = ReusingRedisCache(REDIS_URL, {"KEY_PREFIX": "jiaoguan-test"})
    cache.set("records", b'{"ok": true}', 30)
    assert cache.get("records") == b'{"ok": true}'
    client = cache._cache.get_client("records")
    assert cache._cache.get_client("other") is client
    cache.delete("records")
    assert cache.get("records") is None
