"""What the chaos tests share: a Redis broker of their own for the Celery app, and real
Celery worker processes on the test database that a test can kill mid-run.

A chaos test runs on PostgreSQL when its broker is configured (CI sets ``CHAOS_BROKER_URL``);
``JIAOGUAN_REQUIRE_CHAOS=1`` turns a missing broker into a failure instead of a skip.
"""

import os
import signal
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from jiaoguan.celery import app as celery_app


def require_broker(enabled: bool, how: str) -> None:
    """Skip (or, when required, fail) a chaos test whose broker is not configured."""
    if enabled:
        return
    if os.environ.get("JIAOGUAN_REQUIRE_CHAOS"):
        pytest.fail("CHAOS_BROKER_URL is not set")
    pytest.skip(how)


def _forget_connections() -> None:
    """Drop the app's broker connections, which may point at the broker it had before.

    Not ``celery_app.close()``: that also unregisters the app, so a task module imported
    afterwards (e.g. ``jiaoguan.gateways.tasks``) never registers its tasks with it."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_on(broker: str):
    """The Celery app sends to ``broker`` (emptied before and after), not eagerly."""
    import redis

    redis.Redis.from_url(broker).flushdb()
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = broker
    celery_app.conf.task_always_eager = False
    _forget_connections()
    try:
        yield redis.Redis.from_url(broker)
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        _forget_connections()
        redis.Redis.from_url(broker).flushdb()


def start_worker(
    *, name: str, broker: str, env: dict[str, str], log, loglevel: str = "WARNING"
) -> subprocess.Popen:
    """A Celery worker (2 prefork processes, in a process group of its own) on the test
    database and ``broker``, with ``env`` added to its environment."""
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiaoguan.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        # The run's sandbox secret (made per run by the test settings), so the workers sign
        # and check the acquirer's notifications with the key this process uses.
        "PAYMENTS_SANDBOX_SECRET": settings.JIAOGUAN_PAYMENTS_SANDBOX_SECRET,
        **env,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "jiaoguan", "worker", "--pool=prefork",
        "--concurrency=2", "--without-mingle", "--without-gossip", "--without-heartbeat",
        f"--loglevel={loglevel}", f"--hostname={name}@%h",
    ]  # fmt: skip
    return subprocess.Popen(
        command, env=environment, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group, as a crash would."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
