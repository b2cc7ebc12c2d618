import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy as _

from jiaoguan.audit.services import audit_record
from jiaoguan.core import clock
from jiaoguan.core.errors import NotFound, PermissionDenied
from jiaoguan.core.ratelimit import within_limit
from jiaoguan.core.signing import canonical_request, signature_matches
from jiaoguan.identity import errors
from jiaoguan.identity.actors import Actor, CitizenActor, PartnerActor
from jiaoguan.identity.models import PartnerKey, Person, User
from jiaoguan.identity.services import token_digest

logger = logging.getLogger(__name__)


#: The citizen behind a credential (the API's ``request.auth``): ``CitizenActor``.
Citizen = CitizenActor


# Every API request runs this, so it is written out: building it through the ORM costs
# twice the database round trip. It stays portable SQL for SQLite and PostgreSQL.
CITIZEN_FOR_TOKEN_SQL = """
SELECT u.id, u.person_id, p.records_version
FROM identity_apitoken t
JOIN identity_user u ON u.id = t.user_id
JOIN identity_person p ON p.id = u.person_id
WHERE t.key_digest = %s AND t.expires_at > %s AND u.is_active
"""


def citizen_for_token(*, key: str) -> Citizen | None:
    """The active citizen a bearer token belongs to, or None if unknown or expired."""
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with connection.cursor() as cursor:
        cursor.execute(CITIZEN_FOR_TOKEN_SQL, [token_digest(key), now])
        row = cursor.fetchone()
    if row is None:
        return None
    return Citizen(user_id=row[0], person_id=row[1], records_version=row[2])


def citizen_for_user(user) -> Citizen | None:
    """The citizen behind a logged-in session user, or None for officers and organizations."""
    if not user.is_authenticated or user.person_id is None:
        return None
    return CitizenActor.of_user(user)


def person_lookup(
    *,
    actor: Actor | User,
    query: str,
    purpose: str,
    as_of=None,
    ip_address: str | None = None,
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


#: The partner organization behind a signed request (``request.auth`` in the API).
Partner = PartnerActor


def partner_for_request(
    *,
    key_id: str,
    timestamp: str,
    nonce: str,
    signature: str,
    method: str,
    path: str,
    query: str,
    body: bytes,
    scopes: tuple[str, ...],
) -> Partner:
    """The partner that signed this request, which must hold every one of ``scopes``.

    Refuses (and logs) a missing or wrong signature, a revoked key or inactive organization, a
    timestamp off by more than the allowed skew, a nonce seen before within that time, and
    more requests than the per-key limit.
    """
    if not (key_id and timestamp and nonce and signature) or len(nonce) > 64:
        raise errors.partner_signature_missing()
    skew = settings.JIAOGUAN_PARTNER_CLOCK_SKEW_SECONDS
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise errors.partner_signature_missing() from None
    if abs(clock.now().timestamp() - sent_at) > skew:
        raise errors.partner_signature_expired(skew)
    key = (
        PartnerKey.objects.select_related("organization")
        .filter(key_id=key_id, revoked_at__isnull=True, organization__is_active=True)
        .first()
    )
    canonical = canonical_request(
        method=method, path=path, query=query, timestamp=timestamp, nonce=nonce, body=body
    )
    if key is None or not signature_matches(key.secret, canonical, signature):
        logger.warning("partner request refused: bad signature for key %r on %s", key_id, path)
        raise errors.partner_signature_invalid()
    if not cache.add(f"partner-nonce:{key_id}:{nonce}", 1, 2 * skew):
        logger.warning("partner request refused: nonce replayed for key %r", key_id)
        raise errors.partner_signature_replayed()
    if not set(scopes) <= set(key.scopes):
        raise errors.partner_scope_denied()
    limit = settings.JIAOGUAN_PARTNER_REQUESTS_PER_MINUTE
    if not within_limit("partner", key_id, limit=limit, window_seconds=60):
        raise errors.partner_rate_limited()
    organization = key.organization
    return Partner(
        organization_id=organization.pk,
        organization_name=organization.name,
        organization_kind=organization.kind,
        region_code=organization.region_code,
        key_id=key.key_id,
        scopes=frozenset(key.scopes),
    )
