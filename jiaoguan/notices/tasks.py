"""Celery tasks for notices: thin, each calling one service.

Messages are delivered by the delivery engine's tasks (``jiaoguan.delivery.tasks``: kind
``notices.message``), swept with every other kind every minute on beat.
"""

from celery import shared_task

from jiaoguan.identity.actors import system_actor
from jiaoguan.notices import services


@shared_task(acks_late=True, ignore_result=True)
def scans_run() -> int:
    """The daily scans for today (beat: every morning)."""
    return services.scans_run(actor=system_actor("notices.scan")).pk
