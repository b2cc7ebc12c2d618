"""Inspections tasks (beat): open the slots of the day that enters the booking horizon, and
sweep the appointments nobody came to (no-shows). Both idempotent; the rows are the truth."""

from celery import shared_task

from jiaoguan.core import clock
from jiaoguan.identity.actors import system_actor
from jiaoguan.inspections import services


@shared_task
def slots_open_all() -> int:
    """Every approved station's slots through the horizon (daily); the slots created."""
    return services.stations_slots_open(first_day=clock.today())


@shared_task
def no_shows_mark() -> int:
    """Appointments whose slot ended past the grace period without a result; how many."""
    return services.appointments_no_shows_mark(actor=system_actor("inspections.no_show"))
