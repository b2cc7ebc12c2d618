"""Keys that let a caller in without a password: bearer tokens of the app and API clients,
and partner organisations' signing keys."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import ApplicationError
from jiaoguan.identity.models import ApiToken, Organization, PartnerKey, User


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, days: int = 30) -> str:
    """Issue a bearer token for ``user``; the raw key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_digest=token_digest(key), expires_at=clock.now() + timedelta(days=days)
    )
    audit_record(actor=user, action="identity.token.issued", subject=user)
    return key


@transaction.atomic
def api_token_revoke(*, key: str) -> None:
    """Revoke one bearer token (log out of the app on that device)."""
    token = ApiToken.objects.filter(key_digest=token_digest(key)).select_related("user").first()
    if token is not None:
        audit_record(actor=token.user, action="identity.token.revoked", subject=token.user)
        token.delete()


@transaction.atomic
def partner_key_issue(
    *, actor, organization: Organization, scopes: list[str]
) -> tuple[PartnerKey, str]:
    """Issue a signing key to a partner organization for the given scopes. Returns the key
    and its secret; the secret is shown to the operator once. Audited."""
    unknown = sorted(set(scopes) - set(PartnerKey.Scope.values))
    if unknown or not scopes:
        raise ApplicationError(
            "identity.partner_key.scope_unknown",
            _("授权范围无效：%(scopes)s") % {"scopes": ", ".join(unknown) or "-"},
            fields={"scopes": _("请从可选范围中选择")},
        )
    if not organization.is_active:
        raise ApplicationError(
            "identity.partner_key.organization_inactive", _("该单位已停用，不能签发密钥。")
        )
    secret = secrets.token_urlsafe(32)
    key = PartnerKey.objects.create(
        organization=organization,
        key_id="pk_" + secrets.token_hex(12),
        secret=secret,
        scopes=sorted(set(scopes)),
    )
    audit_record(
        actor=actor,
        action="identity.partner_key.issued",
        subject=key,
        data={"organization": organization.credit_code, "scopes": key.scopes},
    )
    return key, secret


@transaction.atomic
def partner_key_revoke(*, actor, key: PartnerKey) -> None:
    """Revoke a partner key at once; requests signed with it are refused from now on."""
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="identity.partner_key.revoked", subject=key)
