"""电子证照: this family's tables.

``IssuerKey``: the platform's signing keys (Ed25519), the private half sealed with the
personal-data keys (ADR 0015). ``Credential``: one electronic driving licence per holder
and one electronic inspection mark per vehicle and owner; its ``public_id`` is the
credential id every signed QR carries (re-signed every minute, the id stays; signing writes
nothing).
``Verification``: every check of an authentic payload, shown to the holder.
``DisclosureChoice``: what the holder hides from a kind of verifier (above the legal minimum).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiaoguan.identity.models import Person
from jiaoguan.vehicles.models import Vehicle


class IssuerKey(models.Model):
    """One signing key. It signs from ``created_at`` until ``signs_until`` and its signatures
    verify until ``not_after`` (past ``signs_until`` by at least a QR's lifetime, so a QR
    signed just before a rotation still verifies until it expires)."""

    key_id = models.CharField(_("密钥编号"), max_length=40, unique=True)
    algorithm = models.CharField(_("算法"), max_length=10, default="EdDSA")
    public_key = models.CharField(_("公钥"), max_length=64)  # raw 32 bytes, base64url
    private_key_sealed = models.TextField(editable=False)  # core.crypto token
    created_at = models.DateTimeField(_("启用时间"))
    signs_until = models.DateTimeField(_("停止签发时间"))
    not_after = models.DateTimeField(_("验证截止时间"))

    class Meta:
        verbose_name = _("签发密钥")
        verbose_name_plural = _("签发密钥")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.key_id


class Credential(models.Model):
    class Kind(models.TextChoices):
        DRIVING_LICENSE = "driving_license", _("电子驾驶证")
        INSPECTION_MARK = "inspection_mark", _("检验标志电子凭证")

    public_id = models.UUIDField(_("凭证编号"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("凭证类型"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("持有人"), on_delete=models.PROTECT, related_name="+"
    )
    vehicle = models.ForeignKey(
        Vehicle,
        verbose_name=_("机动车"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("首次生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="driving_license"),
                name="credentials_one_license_per_person",
            ),
            models.UniqueConstraint(
                fields=["person", "vehicle"],
                condition=Q(kind="inspection_mark"),
                name="credentials_one_mark_per_vehicle_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"


class Verification(models.Model):
    """One check of an authentic payload (a valid one, or an expired or otherwise refused
    one whose signature held), as the holder sees it in “谁核验了我的证照”."""

    class VerifierKind(models.TextChoices):
        ANONYMOUS = "anonymous", _("公众（未登录）")
        OFFICER = "officer", _("公安交管民警")
        PARTNER = "partner", _("授权单位")

    credential = models.ForeignKey(
        Credential, on_delete=models.PROTECT, related_name="verifications"
    )
    verified_at = models.DateTimeField(_("核验时间"), auto_now_add=True, db_index=True)
    verifier_kind = models.CharField(_("核验方类型"), max_length=20, choices=VerifierKind.choices)
    verifier_label = models.CharField(_("核验方"), max_length=200, blank=True)
    valid = models.BooleanField(_("验证通过"))
    status = models.CharField(_("状态"), max_length=20, blank=True)
    reason = models.CharField(_("原因"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("核验记录")
        verbose_name_plural = _("核验记录")
        ordering = ["-verified_at", "-id"]

    def __str__(self) -> str:
        return f"{self.verified_at:%Y-%m-%d %H:%M} {self.verifier_kind} {self.status}"


class DisclosureChoice(models.Model):
    """What the holder hides from one kind of verifier, for one kind of credential
    (``rules.disclosure``: never below the legal minimum; officers see everything)."""

    person = models.ForeignKey(
        Person, verbose_name=_("持有人"), on_delete=models.CASCADE, related_name="+"
    )
    verifier_kind = models.CharField(
        _("核验方类型"), max_length=20, choices=Verification.VerifierKind.choices
    )
    kind = models.CharField(_("凭证类型"), max_length=2)  # dl / im
    hidden = models.JSONField(_("不向其显示的字段"), default=list, blank=True)
    updated_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("披露设置")
        verbose_name_plural = _("披露设置")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "verifier_kind", "kind"], name="credentials_one_choice_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.verifier_kind} {self.kind}: {', '.join(self.hidden)}"
