"""Periodic: open the windows whose opening time has come and close (allocate) those whose
closing time has passed; void applications whose period ran out. Thin and idempotent: the
services refuse a second open or close, and void only active applications."""

import logging

from celery import shared_task

from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.exams import selectors, services
from jiaoguan.identity.actors import system_actor

logger = logging.getLogger(__name__)


@shared_task
def windows_due_run() -> dict:
    """Open and close every due window; one failure does not stop the others."""
    to_open, to_close = selectors.windows_due(now=clock.now())
    done = {"opened": 0, "closed": 0}
    for ids, run, key in (
        (to_open, services.window_open, "opened"),
        (to_close, services.window_close, "closed"),
    ):
        for window_id in ids:
            try:
                run(
                    actor=system_actor("exams.windows_due"),
                    window=selectors.window_by_id(window_id),
                )
            except ApplicationError as error:
                logger.warning("window %s: %s", window_id, error)
            else:
                done[key] += 1
    return done


@shared_task(acks_late=True, ignore_result=True)
def applications_lapse() -> int:
    """Void the applications whose learner permit or license holder's 3 years ended
    unfinished (beat: nightly, Asia/Shanghai). Idempotent."""
    return services.applications_lapse()
