"""Disclosure tasks: the daily publication run (beat)."""

from celery import shared_task

from jiaoguan.disclosure import services
from jiaoguan.identity.actors import system_actor


@shared_task
def publication_run() -> int:
    """Publish today's lists; idempotent (a rerun changes only what changed). Returns the
    run's id."""
    return services.publication_run(actor=system_actor("disclosure.publish")).pk
