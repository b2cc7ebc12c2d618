"""Django's PostgreSQL backend, with the connection health check done only where it can help.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every
request on a reused connection: one more round trip per request (issue 21 found it 14 % of a
payment callback's wall time). Here a connection that was in good order less than
``DB_HEALTH_CHECK_TRUST_SECONDS`` ago (default 1 s; 0 checks every request) is trusted
without the check; a connection idle for longer is checked before reuse, as before.

What it trades: when the database restarts under steady traffic, each connection's next
request fails once (a 500, nothing half-written: its transaction never began) before Django
drops the connection and the following request opens a new one.
"""

import time

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    _in_good_order_at = float("-inf")

    def close_if_unusable_or_obsolete(self):
        # Called by Django at the start and at the end of every request.
        in_good_order = self.connection is not None and not self.errors_occurred
        super().close_if_unusable_or_obsolete()
        if self.connection is None or not in_good_order:
            return
        now = time.monotonic()
        if now - self._in_good_order_at < settings.JIAOGUAN_DB_HEALTH_CHECK_TRUST_SECONDS:
            self.health_check_done = True
        self._in_good_order_at = now
