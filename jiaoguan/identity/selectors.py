from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, PermissionDenied
from jiaoguan.identity.models import ApiToken, Person, User
from jiaoguan.identity.services import token_digest


def user_for_token(*, key: str) -> User | None:
    """The active user a bearer token belongs to, or None if unknown or expired."""
    token = (
        ApiToken.objects.select_related("user", "user__person")
        .filter(key_digest=token_digest(key), expires_at__gt=clock.now(), user__is_active=True)
        .first()
    )
    return token.user if token else None


def person_lookup(
    *, actor: User, query: str, purpose: str, as_of=None, ip_address: str | None = None
) -> Person:
    """An officer reads one person's register entry; the read is audited with its purpose.

    Raises ``NotFound`` for an unknown number and ``PermissionDenied`` without the
    ``identity.view_person`` permission.
    """
    if not actor.has_perm("identity.view_person"):
        raise no_permission()
    number = (query or "").strip().upper()
    person = Person.objects.filter(id_number=number).first()
    if person is None:
        raise NotFound("identity.person.not_found", _("人口信息库中没有该公民身份号码。"))
    audit_record(
        actor=actor,
        action="backoffice.lookup.person",
        subject=person,
        person_id_number=person.id_number,
        purpose=purpose,
        ip_address=ip_address,
    )
    return person


def no_permission() -> PermissionDenied:
    return PermissionDenied("backoffice.lookup.forbidden", _("您没有查询该类信息的权限。"))
