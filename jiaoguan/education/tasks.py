"""Periodic: announce out of use the licenses of drivers who did not attend full-score study
within 30 days of the notice (163号 art. 29). Thin and idempotent: only courses still
``notified`` after their day lapse, each once."""

from celery import shared_task

from jiaoguan.education.officers import full_score_lapse
from jiaoguan.education.welfare import welfare_reduce_due
from jiaoguan.identity.actors import system_actor


@shared_task(acks_late=True, ignore_result=True)
def full_score_lapse_run() -> int:
    return full_score_lapse(actor=system_actor("education.full_score_lapse"))


@shared_task(acks_late=True, ignore_result=True)
def welfare_reduce_run() -> int:
    """Public-welfare activities whose 2-day notice is over: their points reduced, each once."""
    return welfare_reduce_due(actor=system_actor("education.welfare_reduce"))
