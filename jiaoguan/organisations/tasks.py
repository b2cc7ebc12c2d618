"""Organisation tasks: the monthly key-entity report of vehicles with overdue unhandled
records (beat, the 1st of each month), pushed to the organisations' endpoints."""

from celery import shared_task

from jiaoguan.core import clock
from jiaoguan.identity.actors import system_actor
from jiaoguan.organisations import services


@shared_task
def unhandled_report_run() -> int:
    """This month's report; a rerun in the same month queues nothing more. Returns the
    deliveries queued."""
    return services.unhandled_report_run(
        actor=system_actor("organisations.report"), as_of=clock.today()
    )


@shared_task
def key_entity_reports_run() -> dict[str, int]:
    """This month's other key-entity reports (overdue inspection or scrapping, drivers'
    licences, violations), pushed; a rerun in the same month queues nothing more."""
    from jiaoguan.organisations.report_runs import key_entity_reports_run as run

    return run(actor=system_actor("organisations.report"), as_of=clock.today())


@shared_task
def safety_scores_run() -> int:
    """Every open account rescored for today (issue 19 scope 6)."""
    from jiaoguan.organisations.safety import safety_scores_run as run

    return run(actor=system_actor("organisations.safety"), as_of=clock.today())
