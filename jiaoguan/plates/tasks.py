"""Celery tasks for number plates: thin, each calling one service."""

from celery import shared_task

from jiaoguan.plates import services


@shared_task(acks_late=True, ignore_result=True)
def holds_lapse() -> int:
    """Mark holds past their last day as lapsed (beat: every night just after midnight,
    Asia/Shanghai). Idempotent, so a redelivered or doubled run changes nothing."""
    return services.holds_lapse()
