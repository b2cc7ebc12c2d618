"""Celery tasks for notices: thin, id-based, each calling one service.

Tasks are acknowledged late (settings: ``CELERY_TASK_ACKS_LATE``), so a worker that dies
mid-task leaves the task to be redelivered; the database row is the truth and the sweeper
(``messages_sweep``, every minute on beat) re-queues whatever got stuck.
"""

from celery import shared_task

from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_message(self, message_id: int) -> str:
    """Deliver one message; retry later only after a retryable provider error."""
    outcome = services.message_deliver(message_id=message_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_messages(self, message_ids: list[int]) -> int:
    """Deliver a batch of messages (the sweeper's unit: one claim, one outcome write and one
    broker round trip per batch); retry later, as one smaller batch, only those that met a
    retryable provider error."""
    outcomes = services.messages_deliver(message_ids=message_ids)
    retry = {pk: outcome.retry_in for pk, outcome in outcomes.items() if outcome.retry_in}
    if retry and not self.request.is_eager:
        raise self.retry(args=[sorted(retry)], countdown=min(retry.values()))
    return len(message_ids) - len(retry)


@shared_task(acks_late=True, ignore_result=True)
def messages_sweep() -> int:
    """Re-queue due and stuck messages (beat: every minute)."""
    return services.messages_dispatch()


@shared_task(acks_late=True, ignore_result=True)
def scans_run() -> int:
    """The daily scans for today (beat: every morning)."""
    return services.scans_run(actor=system_actor("notices.scan")).pk
