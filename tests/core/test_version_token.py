"""core.cache.VersionToken: answers kept per token, a change seen at once here and within the
hold elsewhere, nothing kept across an emptied cache."""

import pytest
from django.core.cache import cache

from jiaoguan.core import cache as cache_module
from jiaoguan.core.cache import VersionToken

pytestmark = pytest.mark.django_db


def _counting(token: VersionToken, maxsize: int = 256):
    calls = []

    @token.memo(maxsize=maxsize)
    def answer(query: str) -> str:
        calls.append(query)
        return f"{query}:{len(calls)}"

    return answer, calls


def test_answers_are_kept_until_the_token_changes_here():
    token = VersionToken("test.version", lambda: 60.0)
    answer, calls = _counting(token)
    assert answer("换证") == answer("换证") == "换证:1"
    assert answer("补证") == "补证:2"
    token.bump()
    assert answer("换证") == "换证:3"
    assert calls == ["换证", "补证", "换证"]


def test_another_process_change_shows_once_the_hold_has_passed(monkeypatch):
    moment = [1000.0]  # a monotonic clock moved by hand
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: moment[0])
    here = VersionToken("test.version", lambda: 1.0)
    there = VersionToken("test.version", lambda: 1.0)  # the same token in another process
    answer, _ = _counting(here)
    answer("换证")
    there.set("changed elsewhere")
    moment[0] += 0.9
    assert answer("换证") == "换证:1"  # within the hold: not read again
    moment[0] += 0.2
    assert answer("换证") == "换证:2"


def test_an_emptied_cache_gives_a_new_token_so_nothing_kept_is_reused():
    token = VersionToken("test.version", lambda: 0.0)  # read the shared token every time
    answer, _ = _counting(token)
    answer("换证")
    first = token.get()
    cache.clear()
    assert token.get() != first
    assert answer("换证") == "换证:2"


def test_the_least_recently_used_answer_goes_first():
    token = VersionToken("test.version", lambda: 60.0)
    answer, calls = _counting(token, maxsize=2)
    answer("a")
    answer("b")
    answer("a")  # b is now the least recently used
    answer("c")
    answer("a")
    answer("b")
    assert calls == ["a", "b", "c", "b"]
