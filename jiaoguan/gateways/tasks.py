"""Celery tasks of the sandbox acquirer: thin, id-based, acknowledged late.

The ``SandboxNotification`` row is the truth: a worker killed mid-send leaves the row
pending, and the sweeper (every minute on beat) hands it out again.
"""

from celery import shared_task

from jiaoguan.gateways.payment import sandbox


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def sandbox_notification_send(self, notification_id: int) -> str:
    """Send one notification; retry after the row's pause when the merchant did not
    answer ``success``."""
    delivery = sandbox.notification_deliver(notification_id=notification_id)
    if delivery.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=delivery.retry_in)
    return delivery.outcome


@shared_task(acks_late=True, ignore_result=True)
def sandbox_notifications_sweep() -> int:
    """Hand out again the due notifications no worker finished (beat: every minute)."""
    return sandbox.notifications_dispatch()
