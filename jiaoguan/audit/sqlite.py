"""Append-only audit events on SQLite, as PostgreSQL's trigger does (migration 0004).

SQLite triggers refuse every UPDATE and DELETE of ``audit_auditevent``. SQLite has no
TRUNCATE (which passes PostgreSQL's row trigger for test flushes and operators), so the
DELETE trigger asks the per-connection function ``jiaoguan_audit_unlocked()``: 0 unless
inside ``audit_unlocked()`` (used only to empty the database between transactional tests).
A connection that lacks the function (the sqlite3 shell) fails the DELETE too: the rule
fails closed.
"""

import contextlib
import threading

from django.db.backends.signals import connection_created

_lock = threading.Lock()
_unlocked = 0

CREATE = [
    """
CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
""",
    """
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
WHEN jiaoguan_audit_unlocked() = 0
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
""",
]
DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def _is_unlocked() -> int:
    return 1 if _unlocked else 0


@contextlib.contextmanager
def audit_unlocked():
    """Let DELETE empty the audit table (whole-database flushes between tests only)."""
    global _unlocked
    with _lock:
        _unlocked += 1
    try:
        yield
    finally:
        with _lock:
            _unlocked -= 1


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("jiaoguan_audit_unlocked", 0, _is_unlocked)


def connect() -> None:
    connection_created.connect(_register, dispatch_uid="jiaoguan.audit.sqlite")
