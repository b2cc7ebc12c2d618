"""The columns every delivered row carries (an abstract model: each kind keeps its own table)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryFields(models.Model):
    """Delivery state beside the row's own ``status`` (whose values the kind names).

    ``not_before``: due from then on (set again by a back-off or a deferral); ``claimed_at``:
    when a worker claimed the row (its lease runs ``Kind.lease_seconds()`` from then, and only
    the claim of that moment writes the outcome); ``attempts``: claims that counted;
    ``dispatched_at``: last handed to the workers (the sweeper leaves it alone for a lease);
    ``last_error``: what the outside said last time.
    """

    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    not_before = models.DateTimeField(_("最早发送时间"))
    dispatched_at = models.DateTimeField(_("交付队列时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        abstract = True
