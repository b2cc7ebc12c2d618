"""What the API itself stores: responses kept for ``Idempotency-Key`` replays."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentResponse(models.Model):
    """The response to a partner's write sent with an ``Idempotency-Key``: the same key from
    the same partner key gets this response again instead of a second write.

    Written in the transaction of the write itself, so a row exists exactly when the write
    committed; the unique (partner key, idempotency key) makes a concurrent duplicate wait
    for the first and then read its response. Kept ``JIAOGUAN_IDEMPOTENCY_RETENTION_HOURS``.
    """

    partner_key_id = models.CharField(_("密钥编号"), max_length=40)
    key = models.CharField(_("幂等键"), max_length=100)
    request_digest = models.CharField(_("请求摘要"), max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(_("首次请求时间"), db_index=True)

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")
        constraints = [
            models.UniqueConstraint(fields=["partner_key_id", "key"], name="idempotency_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.partner_key_id}:{self.key}"
