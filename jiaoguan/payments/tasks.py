"""Celery tasks for payments: thin, id-based, acknowledged late. The ``Refund`` row is the
truth; the sweeper (every minute on beat) hands out refunds a dead worker left."""

from celery import shared_task

from jiaoguan.payments import services


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def refund_execute(self, refund_id: int) -> str:
    """Pay one duplicate payment back; retry later after a retryable acquirer error."""
    outcome = services.refund_execute(refund_id=refund_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True, ignore_result=True)
def refunds_sweep() -> int:
    """Hand out every due pending refund (beat: every minute)."""
    return services.refunds_dispatch()
