"""A delivery kind for the engine's own tests: rows of the sandbox notification table (any
table with ``DeliveryFields`` would do), sent by a script instead of an outside call."""

from datetime import timedelta

from jiaoguan.core import clock
from jiaoguan.delivery import Kind, done
from jiaoguan.gateways.models import SandboxNotification, SandboxTrade


class Probe(Kind):
    name = "tests.probe"
    model = SandboxNotification
    queued, sending, failed = "pending", "sending", "abandoned"

    def __init__(self) -> None:
        self.script: dict[int, list] = {}  # row id → what its next sends do, in order
        self.calls: list[tuple[int, str, int]] = []  # (row id, key, attempts) per send
        self.done_hook: list[int] = []
        self.failed_hook: list[tuple[int, str]] = []

    def max_attempts(self, row) -> int:
        return row.max_attempts

    def send(self, row, context):
        self.calls.append((row.pk, self.key(row), row.attempts))
        steps = self.script.get(row.pk)
        step = steps.pop(0) if steps else None
        if isinstance(step, BaseException):
            raise step
        return step or done("ok", status="acknowledged", acknowledged_at=clock.now())

    def on_done(self, rows) -> None:
        self.done_hook.extend(row.pk for row, _outcome in rows)

    def on_failed(self, rows) -> None:
        self.failed_hook.extend((row.pk, error) for row, error in rows)


def rows(count: int, *, max_attempts: int = 3, due_in: timedelta = timedelta(0)) -> list[int]:
    """``count`` queued rows, due ``due_in`` from now; their ids."""
    now = clock.now()
    trade = SandboxTrade.objects.create(
        out_trade_no=f"PROBE{SandboxTrade.objects.count():06d}",
        amount_fen=100,
        subject="probe",
        notify_url="http://127.0.0.1:9/unused",
        created_at=now,
    )
    made = SandboxNotification.objects.bulk_create(
        SandboxNotification(
            trade=trade,
            trade_status=trade.status,
            max_attempts=max_attempts,
            not_before=now + due_in,
            created_at=now,
        )
        for _ in range(count)
    )
    return [row.pk for row in made]
