"""Celery tasks of the API channel: thin, each calling one function."""

from celery import shared_task

from jiaoguan.api.idempotency import idempotent_responses_purge as purge


@shared_task(acks_late=True, ignore_result=True)
def idempotent_responses_purge() -> int:
    """Delete stored Idempotency-Key responses past their retention (beat: hourly)."""
    return purge()
