"""The delivery engine's Celery tasks: thin, id-based, acknowledged late.

``deliver`` is one batch of one kind; ``sweep`` (every minute on beat) hands out, for every
kind, what is due and what a dead worker left. The row is the truth: a task lost with a
worker or a broker only delays a row until the next sweep.
"""

from celery import shared_task

from . import engine


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver(self, kind: str, ids: list[int]) -> int:
    """Deliver a batch of one kind; retry later, as one smaller batch, only the rows that
    met a retryable error (eager, in-process: they wait for the sweeper)."""
    results = engine.deliver(kind, ids)
    retry = {pk: result.retry_in for pk, result in results.items() if result.retry_in}
    if retry and not self.request.is_eager:
        raise self.retry(args=[kind, sorted(retry)], countdown=min(retry.values()))
    return len(ids) - len(retry)


@shared_task(acks_late=True, ignore_result=True)
def sweep() -> dict[str, int]:
    """Hand out the due and stuck rows of every kind (beat: every minute)."""
    return engine.sweep()
