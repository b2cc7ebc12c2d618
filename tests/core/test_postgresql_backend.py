"""The PostgreSQL backend's health check (jiaoguan/core/postgresql): skipped on a connection
in good order a moment ago, done on an idle one, and a connection the server dropped while
idle is replaced before the request's first query."""

import pytest
from django.db import close_old_connections, connection, connections
from django.test import override_settings

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checks(monkeypatch):
    """Counts the health checks (Django's is_usable, a raw SELECT 1)."""
    made = []
    original = connection.is_usable

    def counted():
        made.append(1)
        return original()

    monkeypatch.setattr(connection, "is_usable", counted)
    return made


def _request():
    """What Django does around a request: close_old_connections at its start and end."""
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
    close_old_connections()


def test_busy_connection_is_trusted_without_a_check(checks):
    _request()  # the first request's end finds it in good order
    checks.clear()
    for _ in range(5):
        _request()
    assert checks == []


@override_settings(JIAOGUAN_DB_HEALTH_CHECK_TRUST_SECONDS=0)
def test_trust_of_zero_checks_every_request(checks):
    _request()
    checks.clear()
    for _ in range(3):
        _request()
    assert len(checks) == 3


def test_idle_connection_is_checked(checks):
    _request()
    connection._in_good_order_at -= 5  # idle for longer than the trusted second
    checks.clear()
    _request()
    assert len(checks) == 1


def test_connection_dropped_while_idle_is_replaced(checks):
    _request()
    old_pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    finally:
        other.close()
    connection._in_good_order_at -= 5
    _request()  # no error: the check found it dead and a new connection answered
    assert connection.connection.info.backend_pid != old_pid
    assert checks


def test_errors_in_a_request_withdraw_the_trust(checks):
    _request()
    connection.errors_occurred = True  # as a failed query leaves it
    checks.clear()
    close_old_connections()
    assert checks  # Django's own check after errors, whatever the last good request
